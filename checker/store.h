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
/* How a collapsed store cuts a state's bytes into pieces (chan_state_split
 * with DATA the model): ends and shared flags, at most MAX; -1 when more. */
typedef int (*ChanStoreSplit) (const void *data, const uint8_t *bytes, size_t len,
                               uint32_t *ends, uint8_t *shared, int max);
/* A store with collapse compression: each state's shared pieces (its
 * goroutines and objects, as SPLIT cuts them) are kept once in a second
 * store and referred to by their index there.  Insert and lookup take the
 * state's bytes as they are (and their chan_store_hash); chan_store_state
 * gives them back.  The first AFTER states are kept whole: packing costs
 * time, and it pays only once states are many. */
ChanStore *chan_store_new_collapsed (ChanStoreSplit split, const void *split_data, uint32_t after);
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
/* The bytes of state INDEX as stored (packed in a collapsed store;
 * borrowed, valid until the next insert). */
const uint8_t *chan_store_bytes (const ChanStore *store, uint32_t index, size_t *len);
/* The bytes of state INDEX as they were inserted: in a collapsed store,
 * unpacked into *BUFFER (of *CAP bytes, grown as needed; the caller's);
 * else the stored bytes themselves.  Sets *LEN. */
const uint8_t *chan_store_state (const ChanStore *store, uint32_t index, uint8_t **buffer,
                                 size_t *cap, size_t *len);
/* Bytes used by the arena and the table. */
size_t chan_store_memory (const ChanStore *store);
/* Bytes of the encoded states themselves. */
size_t chan_store_state_bytes (const ChanStore *store);

#endif
