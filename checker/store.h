/* checker/store.h -- the set of visited states.
 * Owns: ChanStore, an open-addressing hash table of states (xxHash3 over
 * their keys, see ChanStoreKey) with the keys kept in one arena; each state
 * gets a dense index in insertion order.
 * Not: what the bytes mean (state.h), the graph over the states (explore.h).
 *
 * Invariants: a state's key never moves in the arena once stored (offsets,
 * not pointers, are kept); the table is at most three quarters full; two
 * states have equal keys if and only if they have equal bytes. */
#ifndef CHAN_CHECKER_STORE_H
#define CHAN_CHECKER_STORE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ChanStore ChanStore;

/* The most pieces a collapsed store cuts a state into (more: kept whole). */
#define CHAN_STORE_MAX_PIECES 4096
/* The largest state, in bytes, a store takes: its key (at most 5 bytes a
 * piece more than the state) must stay under 16 MiB. */
#define CHAN_STORE_MAX_STATE ((1u << 24) - 5 * CHAN_STORE_MAX_PIECES - 16)

ChanStore *chan_store_new (void);
/* How a collapsed store cuts a state's bytes into pieces (chan_state_split
 * with DATA the model): ends and shared flags, at most MAX; -1 when more. */
typedef int (*ChanStoreSplit) (const void *data, const uint8_t *bytes, size_t len,
                               uint32_t *ends, uint8_t *shared, int max);
/* A store with collapse compression: each state's shared pieces (its
 * goroutines and objects, as SPLIT cuts them) are kept once in a second
 * store and referred to by their index there; a state is kept, hashed and
 * compared as the list of its pieces' indices (its key).  Insert and lookup
 * take the state's bytes as they are; chan_store_state gives them back. */
ChanStore *chan_store_new_collapsed (ChanStoreSplit split, const void *split_data);
void chan_store_free (ChanStore *store);

/* A state as the store compares it: its packed form in a collapsed store
 * (the indices of its pieces), else its bytes.  COMPLETE is 0 when some
 * piece of the state is in no stored state yet: then neither is the state. */
typedef struct {
  uint8_t *data;      /* owned (chan_store_key_clear); reused across calls */
  size_t len, cap;
  uint64_t hash;
  int complete;
  /* the piece last found at each position (its index + 1, or 0): a
     state's successors share most of its pieces, so comparing with it
     first spares hashing and probing (owned) */
  uint32_t *recent;
  int cap_recent;
} ChanStoreKey;
/* Fills KEY for the state DATA; returns KEY->complete.  ENDS and SHARED
 * are DATA's N_PIECES pieces as the store's split would cut them (the
 * encoder knows them: no parsing), or N_PIECES is -1 and the store splits.
 * Reads the store only: safe from several threads while nobody inserts. */
int chan_store_key (const ChanStore *store, const uint8_t *data, size_t len, const uint32_t *ends,
                    const uint8_t *shared, int n_pieces, ChanStoreKey *key);
void chan_store_key_clear (ChanStoreKey *key);
/* The index of the state whose key (complete, from chan_store_key) is
 * DATA[0, LEN) with hash HASH, or UINT32_MAX.  Reads only. */
uint32_t chan_store_find (const ChanStore *store, const uint8_t *data, size_t len, uint64_t hash);
/* Inserts the state whose complete key is DATA[0, LEN) (hash HASH) when
 * new.  Returns its index; *IS_NEW tells. */
uint32_t chan_store_insert_key (ChanStore *store, const uint8_t *data, size_t len, uint64_t hash,
                                int *is_new);
/* Looks the state DATA up; inserts it (and its new pieces) when new.
 * Returns its index; *IS_NEW tells. */
uint32_t chan_store_insert (ChanStore *store, const uint8_t *data, size_t len, int *is_new);
/* Looks the state DATA up without inserting: its index, or UINT32_MAX.
 * Not for hot paths (it allocates a key). */
uint32_t chan_store_lookup (const ChanStore *store, const uint8_t *data, size_t len);
/* Number of states stored. */
uint32_t chan_store_count (const ChanStore *store);
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
