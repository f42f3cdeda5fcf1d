/* checker/store.c -- open-addressing hash set of states.
 * Owns: the arena of keys, the offset table, the hash table, and collapse
 * compression (a state's goroutines and objects kept once each, in a second
 * store, and referred to by index: the state's key lists them).
 * Not: the encoding (state.c).  Linear probing; the table doubles when three
 * quarters full; slots hold index + 1 (0 is empty) and the hash's high 32
 * bits, which skip most key comparisons and place the entry (so growing
 * never rehashes the states). */
#include <string.h>
#include <glib.h>
#include <xxhash.h>
#include "checker/store.h"
#include "checker/varint.h"


struct ChanStore {
  /* collapse compression (chan_store_new_collapsed): a state is kept as its
     pieces, each shared piece (a goroutine, an object) by its index in
     COMPONENTS, a store of its own; NULL: states are kept whole */
  ChanStore *components;
  ChanStoreSplit split;
  const void *split_data;
  ChanStoreKey scratch;     /* key of chan_store_insert (one thread) */
  uint8_t *arena;
  size_t arena_len, arena_cap;
  uint64_t *offsets;       /* per state: offset << 24 | length (length < 16 MiB) */
  uint32_t count, cap_states;
  uint64_t *table;         /* (hash high 32 bits) << 32 | (index + 1) */
  uint32_t table_size;     /* power of two */
};

ChanStore *
chan_store_new (void)
{
  ChanStore *s = g_new0 (ChanStore, 1);
  s->table_size = 1024;
  s->table = g_new0 (uint64_t, s->table_size);
  return s;
}

ChanStore *
chan_store_new_collapsed (ChanStoreSplit split, const void *split_data)
{
  ChanStore *s = chan_store_new ();
  s->components = chan_store_new ();
  s->split = split;
  s->split_data = split_data;
  return s;
}

void
chan_store_free (ChanStore *s)
{
  if (s == NULL)
    return;
  chan_store_free (s->components);
  chan_store_key_clear (&s->scratch);
  g_free (s->arena);
  g_free (s->offsets);
  g_free (s->table);
  g_free (s);
}

uint32_t
chan_store_count (const ChanStore *s)
{
  return s->count;
}

/* The key of state INDEX (borrowed, valid until the next insert). */
static inline const uint8_t *
stored_key (const ChanStore *s, uint32_t index, size_t *len)
{
  uint64_t o = s->offsets[index];
  *len = (size_t) (o & 0xffffff);
  return s->arena + (o >> 24);
}

size_t
chan_store_memory (const ChanStore *s)
{
  return s->arena_cap + (size_t) s->cap_states * sizeof (uint64_t)
         + (size_t) s->table_size * sizeof (uint64_t)
         + (s->components ? chan_store_memory (s->components) : 0);
}

size_t
chan_store_state_bytes (const ChanStore *s)
{
  return s->arena_len + (s->components ? chan_store_state_bytes (s->components) : 0);
}

/* A state's place in a table of SIZE slots, from its tag (the hash's high
 * half, kept in the table): Fibonacci hashing, so that growing the table
 * never reads the states again. */
static inline uint32_t
home_slot (uint32_t tag, uint32_t size)
{
  return (uint32_t) (((uint64_t) tag * 0x9e3779b97f4a7c15ULL) >> 32) & (size - 1);
}

static void
grow_table (ChanStore *s)
{
  uint32_t size = s->table_size * 2;
  uint64_t *table = g_new0 (uint64_t, size);
  for (uint32_t i = 0; i < s->table_size; i++)
    {
      uint64_t e = s->table[i];
      if (e == 0)
        continue;
      for (uint32_t j = home_slot ((uint32_t) (e >> 32), size);; j = (j + 1) & (size - 1))
        if (table[j] == 0)
          {
            table[j] = e;
            break;
          }
    }
  g_free (s->table);
  s->table = table;
  s->table_size = size;
}

/* ---- keys ------------------------------------------------------------------
 * The key of a state in a collapsed store: for each piece, a varint:
 * (index << 1) | 1 for a shared piece stored in s->components, or
 * (length << 1) followed by the bytes for one kept in place (a piece of one
 * or two bytes costs as much as an index).  The pieces of equal bytes are
 * equal and each is stored once, so keys are equal exactly when bytes are. */

static void
key_reserve (ChanStoreKey *key, size_t need)
{
  if (need > key->cap)
    {
      key->cap = MAX (key->cap * 2, need + 64);
      key->data = g_realloc (key->data, key->cap);
    }
}

void
chan_store_key_clear (ChanStoreKey *key)
{
  g_free (key->recent);
  g_free (key->data);
  memset (key, 0, sizeof *key);
}

/* Fills KEY for DATA, cut at GIVEN_ENDS and GIVEN_SHARED (N_GIVEN pieces)
 * or, when N_GIVEN is -1, by s->split.  When FILL (the store itself) is
 * given, pieces not stored yet are added to its components, and the key is
 * always complete; else a missing piece stops it (complete = 0). */
static int
make_key (const ChanStore *s, ChanStore *fill, const uint8_t *data, size_t len,
          const uint32_t *given_ends, const uint8_t *given_shared, int n_given, ChanStoreKey *key)
{
  uint32_t split_ends[CHAN_STORE_MAX_PIECES];
  uint8_t split_shared[CHAN_STORE_MAX_PIECES];
  const uint32_t *ends = given_ends;
  const uint8_t *shared = given_shared;
  size_t at = 0, start = 0;
  int n_pieces = n_given;

  key->complete = 0;
  if (s->components == NULL)
    {
      key_reserve (key, len);
      memcpy (key->data, data, len);
      key->len = len;
      key->hash = XXH3_64bits (data, len);
      key->complete = 1;
      return 1;
    }
  if (n_given < 0)
    {
      n_pieces = s->split (s->split_data, data, len, split_ends, split_shared,
                           CHAN_STORE_MAX_PIECES);
      ends = split_ends;
      shared = split_shared;
    }
  if (n_pieces < 0 || n_pieces > CHAN_STORE_MAX_PIECES)
    {
      /* too many pieces (as split says): kept whole, as one piece in place */
      split_ends[0] = (uint32_t) len;
      split_shared[0] = 0;
      ends = split_ends;
      shared = split_shared;
      n_pieces = 1;
    }
  key_reserve (key, len + 5 * (size_t) n_pieces);
  if (fill == NULL && n_pieces > key->cap_recent)
    {
      key->recent = g_renew (uint32_t, key->recent, (size_t) n_pieces);
      memset (key->recent + key->cap_recent, 0,
              sizeof (uint32_t) * (size_t) (n_pieces - key->cap_recent));
      key->cap_recent = n_pieces;
    }
  for (int i = 0; i < n_pieces; i++)
    {
      size_t end = i + 1 < n_pieces ? ends[i] : len, piece = end - start;
      if (shared[i] && piece > 2)
        {
          uint32_t index;
          if (fill != NULL)
            {
              int is_new;
              index = chan_store_insert (fill->components, data + start, piece, &is_new);
            }
          else
            {
              size_t recent_len;
              const uint8_t *recent = key->recent[i] != 0
                ? stored_key (s->components, key->recent[i] - 1, &recent_len) : NULL;
              if (recent != NULL && recent_len == piece && memcmp (recent, data + start, piece) == 0)
                index = key->recent[i] - 1;
              else
                {
                  index = chan_store_find (s->components, data + start, piece,
                                           XXH3_64bits (data + start, piece));
                  if (index == UINT32_MAX)
                    return 0;
                  key->recent[i] = index + 1;
                }
            }
          at += chan_varint_put (key->data + at, ((uint64_t) index << 1) | 1);
        }
      else
        {
          at += chan_varint_put (key->data + at, (uint64_t) piece << 1);
          memcpy (key->data + at, data + start, piece);
          at += piece;
        }
      start = end;
    }
  key->len = at;
  key->hash = XXH3_64bits (key->data, at);
  key->complete = 1;
  return 1;
}

int
chan_store_key (const ChanStore *s, const uint8_t *data, size_t len, const uint32_t *ends,
                const uint8_t *shared, int n_pieces, ChanStoreKey *key)
{
  return make_key (s, NULL, data, len, ends, shared, n_pieces, key);
}

/* Reads the piece at *P of a key (and moves past it). */
static inline const uint8_t *
next_piece (const ChanStore *s, const uint8_t **p, size_t *piece_len)
{
  uint64_t v = chan_varint_get (p);
  const uint8_t *piece;
  if (v & 1)
    return stored_key (s->components, (uint32_t) (v >> 1), piece_len);
  piece = *p;
  *piece_len = (size_t) (v >> 1);
  *p += *piece_len;
  return piece;
}

const uint8_t *
chan_store_state (const ChanStore *s, uint32_t index, uint8_t **buffer, size_t *cap, size_t *len)
{
  size_t key_len, at = 0;
  const uint8_t *p = stored_key (s, index, &key_len), *end = p + key_len;
  if (s->components == NULL)
    {
      *len = key_len;
      return p;
    }
  while (p < end)
    {
      size_t piece_len;
      const uint8_t *piece = next_piece (s, &p, &piece_len);
      if (at + piece_len > *cap)
        {
          *cap = MAX (*cap * 2, at + piece_len + 256);
          *buffer = g_realloc (*buffer, *cap);
        }
      memcpy (*buffer + at, piece, piece_len);
      at += piece_len;
    }
  *len = at;
  return *buffer;
}

/* ---- lookup and insertion ------------------------------------------------- */

/* Finds the key DATA (hash H64): its index, or UINT32_MAX with *SLOT_OUT
 * the empty table slot where it would go. */
static uint32_t
probe (const ChanStore *s, const uint8_t *data, size_t len, uint64_t h64, uint32_t *slot_out)
{
  uint32_t tag = (uint32_t) (h64 >> 32);
  uint32_t mask = s->table_size - 1;

  for (uint32_t j = home_slot (tag, s->table_size);; j = (j + 1) & mask)
    {
      uint64_t e = s->table[j];
      if (e == 0)
        {
          *slot_out = j;
          return UINT32_MAX;
        }
      if ((uint32_t) (e >> 32) == tag)
        {
          size_t other_len;
          uint32_t index = (uint32_t) (e & 0xffffffff) - 1;
          const uint8_t *other = stored_key (s, index, &other_len);
          if (other_len == len && memcmp (other, data, len) == 0)
            return index;
        }
    }
}

uint32_t
chan_store_find (const ChanStore *s, const uint8_t *data, size_t len, uint64_t h64)
{
  uint32_t slot_;
  return probe (s, data, len, h64, &slot_);
}

uint32_t
chan_store_insert_key (ChanStore *s, const uint8_t *data, size_t len, uint64_t h64, int *is_new)
{
  uint32_t j, index = probe (s, data, len, h64, &j);

  if (index != UINT32_MAX)
    {
      *is_new = 0;
      return index;
    }
  g_assert (len < (1u << 24));
  index = s->count;
  if (s->arena_len + len > s->arena_cap)
    {
      s->arena_cap = MAX (s->arena_cap * 2, s->arena_len + len + 4096);
      s->arena = g_realloc (s->arena, s->arena_cap);
    }
  memcpy (s->arena + s->arena_len, data, len);
  if (s->count >= s->cap_states)
    {
      s->cap_states = s->cap_states ? s->cap_states * 2 : 1024;
      s->offsets = g_realloc (s->offsets, sizeof (uint64_t) * s->cap_states);
    }
  s->offsets[index] = ((uint64_t) s->arena_len << 24) | len;
  s->arena_len += len;
  s->count++;
  /* the table keeps the hash's high half as a tag, which also gives the
     position (home_slot) */
  s->table[j] = ((uint64_t) (uint32_t) (h64 >> 32) << 32) | (index + 1);
  *is_new = 1;
  if ((uint64_t) s->count * 4 > (uint64_t) s->table_size * 3)
    grow_table (s);
  return index;
}

uint32_t
chan_store_insert (ChanStore *s, const uint8_t *data, size_t len, int *is_new)
{
  if (s->components == NULL)
    /* the key is the bytes: no copy */
    return chan_store_insert_key (s, data, len, XXH3_64bits (data, len), is_new);
  make_key (s, s, data, len, NULL, NULL, -1, &s->scratch);
  return chan_store_insert_key (s, s->scratch.data, s->scratch.len, s->scratch.hash, is_new);
}

uint32_t
chan_store_lookup (const ChanStore *s, const uint8_t *data, size_t len)
{
  ChanStoreKey key = { 0 };
  uint32_t index = UINT32_MAX;
  if (chan_store_key (s, data, len, NULL, NULL, -1, &key))
    index = chan_store_find (s, key.data, key.len, key.hash);
  chan_store_key_clear (&key);
  return index;
}
