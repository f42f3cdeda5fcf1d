/* checker/store.h -- the set of visited states.
 * Owns: ChanStore, an open-addressing hash table of packed states (xxHash3
 * over the canonical bytes) with the bytes kept in one arena; each state gets
 * a dense index in insertion order.
 * Not: what the bytes mean (state.h), the graph over the states (explore.h).
 *
 * Invariants: a state's bytes never move in the arena once stored (offsets,
 * not pointers, are kept); the table is at most half full. */
#ifndef CHAN_CHECKER_STORE_H
#define CHAN_CHECKER_STORE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ChanStore ChanStore;

ChanStore *chan_store_new (void);
void chan_store_free (ChanStore *store);
/* The hash the store files DATA under (xxHash3, 64 bits). */
uint64_t chan_store_hash (const uint8_t *data, size_t len);
/* Looks DATA (whose chan_store_hash is HASH) up; inserts it when new.
 * Returns its index; *IS_NEW tells. */
uint32_t chan_store_insert (ChanStore *store, const uint8_t *data, size_t len, uint64_t hash,
                            int *is_new);
/* Looks DATA (hash HASH) up without inserting: its index, or UINT32_MAX
 * when absent.  Safe to call from several threads while nobody inserts. */
uint32_t chan_store_lookup (const ChanStore *store, const uint8_t *data, size_t len, uint64_t hash);
/* Number of states stored. */
uint32_t chan_store_count (const ChanStore *store);
/* The bytes of state INDEX (borrowed; valid until the next insert). */
const uint8_t *chan_store_bytes (const ChanStore *store, uint32_t index, size_t *len);
/* Bytes used by the arena and the table. */
size_t chan_store_memory (const ChanStore *store);
/* Bytes of the encoded states themselves. */
size_t chan_store_state_bytes (const ChanStore *store);

#endif
