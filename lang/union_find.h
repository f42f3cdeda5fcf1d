/* lang/union_find.h -- union-find over an array of parents.
 * Owns: the root of an element (halving the path on the way) and the
 * union of two sets, the lower root staying the root.  Used by the
 * relevance analysis (points-to classes, slot webs) and by findings.c
 * (a goroutine followed along the edges of a component).
 * Not: the array: the caller allocates it and sets parent[x] = x. */
#ifndef CHAN_LANG_UNION_FIND_H
#define CHAN_LANG_UNION_FIND_H

#include <stdint.h>

static inline uint32_t
chan_union_find_root (uint32_t *parent, uint32_t x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

static inline void
chan_union_find_join (uint32_t *parent, uint32_t a, uint32_t b)
{
  a = chan_union_find_root (parent, a);
  b = chan_union_find_root (parent, b);
  if (a != b)
    parent[a < b ? b : a] = a < b ? a : b;
}

#endif
