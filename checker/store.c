/* checker/store.c -- open-addressing hash set of packed states.
 * Owns: the arena of state bytes, the offset table, the hash table, and
 * collapse compression (a state's goroutines and objects kept once each, in
 * a second store, and referred to by index).
 * Not: the encoding (state.c).  Linear probing; the table doubles when half
 * full; slots hold index + 1 (0 is empty) and the hash's high 32 bits, which
 * skip most byte comparisons and place the entry (so growing never rehashes
 * the states). */
#include <string.h>
#include <glib.h>
#include <xxhash.h>
#include "checker/store.h"

#define MAX_PIECES 4096

struct ChanStore {
  /* collapse compression (chan_store_new_collapsed): a state is kept as its
     pieces, each shared piece (a goroutine, an object) by its index in
     COMPONENTS, a store of its own; NULL: states are kept whole */
  ChanStore *components;
  ChanStoreSplit split;
  const void *split_data;
  uint8_t *packed;         /* scratch of inserts (one thread) */
  size_t cap_packed;
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
  g_free (s->packed);
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

const uint8_t *
chan_store_bytes (const ChanStore *s, uint32_t index, size_t *len)
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

/* ---- collapse compression -------------------------------------------------
 * The packed form of a state: for each piece, a varint: (index << 1) | 1
 * for a shared piece stored in s->components, or (length << 1) followed by
 * the bytes for one kept in place.  The pieces of a state's bytes are a
 * function of the bytes, and each shared piece has one index, so two states
 * are equal exactly when their packed forms are. */

static inline size_t
put_varint (uint8_t *out, uint64_t x)
{
  size_t n = 0;
  while (x >= 0x80)
    {
      out[n++] = (uint8_t) (x | 0x80);
      x >>= 7;
    }
  out[n++] = (uint8_t) x;
  return n;
}

static inline uint64_t
get_varint (const uint8_t **p)
{
  uint64_t x = 0;
  int shift = 0;
  for (;;)
    {
      uint8_t byte = *(*p)++;
      x |= (uint64_t) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return x;
      shift += 7;
    }
}

/* Worst case of a packed form: every piece kept with a 5-byte length. */
static inline size_t
packed_bound (size_t len, int n_pieces)
{
  return len + 5 * (size_t) n_pieces + 5;
}

/* Packs DATA into OUT (at least packed_bound bytes).  INSERT: new shared
 * pieces are added to the components; else a shared piece that is not there
 * makes the state new: returns 0.  Returns the packed length. */
static size_t
pack (ChanStore *s, const uint8_t *data, size_t len, const uint32_t *ends, const uint8_t *shared,
      int n_pieces, gboolean insert, uint8_t *out)
{
  size_t at = 0, start = 0;
  for (int i = 0; i < n_pieces; i++)
    {
      size_t end = i + 1 < n_pieces ? ends[i] : len, piece = end - start;
      if (shared[i] && piece > 2)
        {
          uint64_t h = XXH3_64bits (data + start, piece);
          uint32_t index;
          int is_new;
          if (insert)
            index = chan_store_insert (s->components, data + start, piece, h, &is_new);
          else if ((index = chan_store_lookup (s->components, data + start, piece, h)) == UINT32_MAX)
            return 0;
          at += put_varint (out + at, ((uint64_t) index << 1) | 1);
        }
      else
        {
          at += put_varint (out + at, (uint64_t) piece << 1);
          memcpy (out + at, data + start, piece);
          at += piece;
        }
      start = end;
    }
  return at;
}

const uint8_t *
chan_store_state (const ChanStore *s, uint32_t index, uint8_t **buffer, size_t *cap, size_t *len)
{
  size_t packed_len, at = 0;
  const uint8_t *p = chan_store_bytes (s, index, &packed_len), *end = p + packed_len;
  if (s->components == NULL)
    {
      *len = packed_len;
      return p;
    }
  while (p < end)
    {
      uint64_t v = get_varint (&p);
      const uint8_t *piece;
      size_t piece_len;
      if (v & 1)
        piece = chan_store_bytes (s->components, (uint32_t) (v >> 1), &piece_len);
      else
        {
          piece = p;
          piece_len = (size_t) (v >> 1);
          p += piece_len;
        }
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

uint64_t
chan_store_hash (const uint8_t *data, size_t len)
{
  return XXH3_64bits (data, len);
}

/* Finds DATA (hash H64): its index, or UINT32_MAX with *SLOT_OUT the empty
 * table slot where it would go. */
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
          const uint8_t *other = chan_store_bytes (s, index, &other_len);
          if (other_len == len && memcmp (other, data, len) == 0)
            return index;
        }
    }
}

static uint32_t insert_bytes (ChanStore *s, const uint8_t *data, size_t len, uint64_t h64,
                              int *is_new);

uint32_t
chan_store_insert (ChanStore *s, const uint8_t *data, size_t len, uint64_t h64, int *is_new)
{
  uint32_t ends[MAX_PIECES];
  uint8_t shared[MAX_PIECES];
  int n_pieces;
  size_t packed_len;

  if (s->components == NULL
      || (n_pieces = s->split (s->split_data, data, len, ends, shared, MAX_PIECES)) < 0)
    return insert_bytes (s, data, len, h64, is_new);
  if (packed_bound (len, n_pieces) > s->cap_packed)
    {
      s->cap_packed = packed_bound (len, n_pieces) * 2;
      s->packed = g_realloc (s->packed, s->cap_packed);
    }
  packed_len = pack (s, data, len, ends, shared, n_pieces, TRUE, s->packed);
  return insert_bytes (s, s->packed, packed_len, h64, is_new);
}

/* Looks up or inserts DATA as stored (packed already when collapsed). */
static uint32_t
insert_bytes (ChanStore *s, const uint8_t *data, size_t len, uint64_t h64, int *is_new)
{
  uint32_t j, index = probe (s, data, len, h64, &j);

  g_assert (len < (1u << 24));
  if (index != UINT32_MAX)
    {
      *is_new = 0;
      return index;
    }
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
  if (s->count * 2 > s->table_size)
    grow_table (s);
  return index;
}

uint32_t
chan_store_lookup (const ChanStore *s, const uint8_t *data, size_t len, uint64_t h64)
{
  uint32_t slot_, ends[MAX_PIECES];
  uint8_t shared[MAX_PIECES], small[4096], *packed;
  int n_pieces;
  size_t packed_len;
  uint32_t index;

  if (s->components == NULL
      || (n_pieces = s->split (s->split_data, data, len, ends, shared, MAX_PIECES)) < 0)
    return probe (s, data, len, h64, &slot_);
  packed = packed_bound (len, n_pieces) <= sizeof small ? small
                                                        : g_malloc (packed_bound (len, n_pieces));
  packed_len = pack ((ChanStore *) s, data, len, ends, shared, n_pieces, FALSE, packed);
  index = packed_len == 0 ? UINT32_MAX : probe (s, packed, packed_len, h64, &slot_);
  if (packed != small)
    g_free (packed);
  return index;
}
