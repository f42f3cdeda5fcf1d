/* checker/explore.c -- breadth-first exploration.
 * Owns: the search loop, the graph arrays, enforcement of the bounds.
 * Not: transitions (exec.c), the meaning of the graph (findings.c).
 * The loop allocates only when an array grows. */
#include <string.h>
#include "checker/explore.h"

#define GROW_TO(ptr, cap, need, type)                                   \
  do {                                                                  \
    if ((need) > (cap)) {                                               \
      uint64_t nc_ = (cap) ? (uint64_t) (cap) * 2 : 1024;                \
      while (nc_ < (uint64_t) (need)) nc_ *= 2;                         \
      (ptr) = g_realloc ((ptr), sizeof (type) * nc_);                   \
      (cap) = (__typeof__ (cap)) nc_;                                   \
    }                                                                   \
  } while (0)

static void
grow_states (ChanGraph *g, uint32_t need)
{
  if (need <= g->cap_states)
    return;
  {
    uint32_t cap = g->cap_states ? g->cap_states * 2 : 1024;
    while (cap < need)
      cap *= 2;
    g->parent = g_realloc (g->parent, sizeof (uint32_t) * cap);
    g->via = g_realloc (g->via, sizeof (uint16_t) * cap);
    g->depth = g_realloc (g->depth, sizeof (uint32_t) * cap);
    g->flags = g_realloc (g->flags, sizeof (uint8_t) * cap);
    g->edge_start = g_realloc (g->edge_start, sizeof (uint64_t) * cap);
    g->edge_count = g_realloc (g->edge_count, sizeof (uint32_t) * cap);
    g->cap_states = cap;
  }
}

static uint32_t
add_state (ChanGraph *g, const ChanBytes *bytes, uint32_t parent, int via,
           uint32_t depth, gboolean crashed, int *is_new)
{
  uint32_t index = chan_store_insert (g->store, bytes->data, bytes->len, is_new);
  if (*is_new)
    {
      grow_states (g, index + 1);
      g->parent[index] = parent;
      g->via[index] = (uint16_t) via;
      g->depth[index] = depth;
      g->flags[index] = crashed ? CHAN_STATE_CRASHED : 0;
      g->edge_start[index] = 0;
      g->edge_count[index] = 0;
      g->n_states = index + 1;
    }
  return index;
}

ChanGraph *
chan_explore (const ChanExec *x, const ChanBounds *b)
{
  ChanGraph *g = g_new0 (ChanGraph, 1);
  ChanState *state = chan_state_new (x->model);
  ChanState *base = chan_state_new (x->model);
  ChanBytes bytes = { 0 };
  ChanChoice *choices = NULL;
  int cap_choices = 0, is_new;
  gint64 start = g_get_monotonic_time ();
  gboolean stop = FALSE;

  g->store = chan_store_new ();
  state->symmetry = x->symmetry;
  base->symmetry = x->symmetry;
  if (!chan_exec_initial (x, state))
    g->bounds_hit |= CHAN_BOUND_INIT;
  chan_state_encode (state, &bytes);
  add_state (g, &bytes, 0, 0, 0, state->crash != CHAN_CRASH_NONE, &is_new);
  if (g->bounds_hit & CHAN_BOUND_INIT)
    g->flags[0] |= CHAN_STATE_CUT;

  for (uint32_t i = 0; i < g->n_states && !stop; i++)
    {
      size_t len;
      const uint8_t *data;
      int n;

      if (g->flags[i] & (CHAN_STATE_CRASHED | CHAN_STATE_CUT))
        continue;
      if (b->max_depth && g->depth[i] >= b->max_depth)
        {
          g->flags[i] |= CHAN_STATE_CUT;
          g->bounds_hit |= CHAN_BOUND_DEPTH;
          continue;
        }
      if ((i & 255) == 0 && b->time_limit > 0
          && (g_get_monotonic_time () - start) / 1e6 > b->time_limit)
        {
          g->bounds_hit |= CHAN_BOUND_TIME;
          break;
        }
      data = chan_store_bytes (g->store, i, &len);
      chan_state_decode (base, data, len);
      n = chan_exec_enabled (x, base, &choices, &cap_choices);
      if (n > G_MAXUINT16)
        {
          /* edges name their transition in 16 bits: do not pretend */
          g->flags[i] |= CHAN_STATE_CUT;
          g->bounds_hit |= CHAN_BOUND_STATES;
          continue;
        }
      g->edge_start[i] = g->n_edges;
      for (int k = 0; k < n; k++)
        {
          ChanStepInfo info;
          uint32_t target;
          ChanEdge *e;
          /* each transition starts from a copy of the decoded state:
             copying is cheaper than decoding again */
          chan_state_copy (state, base);
          chan_exec_apply (x, state, &choices[k], &info);
          if (info.cut_reason & CHAN_CUT_RANGE)
            g->bounds_hit |= CHAN_BOUND_RANGE;
          if (info.cut)
            {
              g->flags[i] |= CHAN_STATE_CUT;
              if (info.cut_reason & CHAN_CUT_GOROUTINES)
                g->bounds_hit |= CHAN_BOUND_GOROUTINES;
              if (info.cut_reason & CHAN_CUT_CALL_DEPTH)
                g->bounds_hit |= CHAN_BOUND_CALL_DEPTH;
              continue;
            }
          if (b->max_states && g->n_states >= b->max_states)
            {
              /* only known states may still be linked */
              chan_state_encode (state, &bytes);
              {
                uint32_t before = g->n_states;
                target = add_state (g, &bytes, i, k, g->depth[i] + 1,
                                    state->crash != CHAN_CRASH_NONE, &is_new);
                if (is_new)
                  {
                    g->flags[target] |= CHAN_STATE_CUT;
                    g->bounds_hit |= CHAN_BOUND_STATES;
                    (void) before;
                  }
              }
            }
          else
            {
              chan_state_encode (state, &bytes);
              target = add_state (g, &bytes, i, k, g->depth[i] + 1,
                                  state->crash != CHAN_CRASH_NONE, &is_new);
            }
          GROW_TO (g->edges, g->cap_edges, g->n_edges + 1, ChanEdge);
          e = &g->edges[g->n_edges++];
          e->target = target;
          e->mover = (int16_t) info.mover;
          e->partner = (int16_t) info.partner;
          e->exited = (uint8_t) info.exited;
          e->choice = (uint16_t) k;
          e->spare = 0;
        }
      g->edge_count[i] = (uint32_t) (g->n_edges - g->edge_start[i]);
      g->flags[i] |= CHAN_STATE_EXPANDED;
    }
  g->seconds = (double) (g_get_monotonic_time () - start) / 1e6;
  g_free (choices);
  chan_bytes_free (&bytes);
  chan_state_free (state);
  chan_state_free (base);
  return g;
}

void
chan_graph_state (const ChanGraph *g, uint32_t index, ChanState *state)
{
  size_t len;
  const uint8_t *data = chan_store_bytes (g->store, index, &len);
  chan_state_decode (state, data, len);
}

void
chan_graph_free (ChanGraph *g)
{
  if (g == NULL)
    return;
  chan_store_free (g->store);
  g_free (g->parent);
  g_free (g->via);
  g_free (g->depth);
  g_free (g->flags);
  g_free (g->edge_start);
  g_free (g->edge_count);
  g_free (g->edges);
  g_free (g);
}
