/* checker/varint.h -- LEB128 varints, for the store's keys and the graph's
 * edge records.
 * Owns: writing and reading one unsigned varint (7 bits a byte, low first,
 * the high bit set on every byte but the last), and zigzag for signed ones.
 * Not: bounds checks: writers reserve CHAN_VARINT_MAX bytes; readers read
 * what a writer wrote. */
#ifndef CHAN_CHECKER_VARINT_H
#define CHAN_CHECKER_VARINT_H

#include <stddef.h>
#include <stdint.h>

#define CHAN_VARINT_MAX 10

/* Writes X at OUT; returns the bytes written. */
static inline size_t
chan_varint_put (uint8_t *out, uint64_t x)
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

/* Reads the varint at *P and moves *P past it. */
static inline uint64_t
chan_varint_get (const uint8_t **p)
{
  uint64_t x = 0;
  for (int shift = 0;; shift += 7)
    {
      uint8_t byte = *(*p)++;
      x |= (uint64_t) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return x;
    }
}

static inline uint64_t
chan_zigzag (int64_t x)
{
  return ((uint64_t) x << 1) ^ (uint64_t) (x >> 63);
}

static inline int64_t
chan_unzigzag (uint64_t u)
{
  return (int64_t) (u >> 1) ^ -(int64_t) (u & 1);
}

#endif
