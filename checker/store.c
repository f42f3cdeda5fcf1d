/* checker/store.c -- open-addressing hash set of packed states.
 * Owns: the arena of state bytes, the offset table, the hash table.
 * Not: the encoding (state.c).  Linear probing; the table doubles when half
 * full; slots hold index + 1 (0 is empty) and the hash's high 32 bits, which
 * skip most byte comparisons and place the entry (so growing never rehashes
 * the states). */
#include <string.h>
#include <glib.h>
#include <xxhash.h>
#include "checker/store.h"

struct ChanStore {
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

void
chan_store_free (ChanStore *s)
{
  if (s == NULL)
    return;
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
         + (size_t) s->table_size * sizeof (uint64_t);
}

size_t
chan_store_state_bytes (const ChanStore *s)
{
  return s->arena_len;
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

uint32_t
chan_store_insert (ChanStore *s, const uint8_t *data, size_t len, uint64_t h64, int *is_new)
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
  uint32_t slot_;
  return probe (s, data, len, h64, &slot_);
}
