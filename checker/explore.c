/* checker/explore.c -- breadth-first exploration.
 * Owns: the search loop, the graph arrays, enforcement of the bounds, the
 * choice of transitions with partial-order reduction and its cycle proviso.
 * Not: transitions (exec.c), stubborn sets (reduce.c), the meaning of the
 * graph (findings.c).
 * One level at a time, in batches of CHAN_BATCH_STATES states: a batch
 * is cut into chunks that the worker threads take as they get free; each
 * chunk's new states and edges are kept apart and merged in chunk order, so
 * the numbering is the one thread's.  The loop allocates only when an
 * array grows. */
#include <string.h>
#include <xxhash.h>
#include "checker/explore.h"
#include "checker/reduce.h"
#include "checker/varint.h"

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
    g->flags = g_realloc (g->flags, sizeof (uint8_t) * cap);
    g->cap_states = cap;
  }
}

/* Adds the state DATA[0, LEN) (its complete store key when IS_KEY, with
 * hash HASH; else its encoding) unless stored; returns its index. */
static uint32_t
add_state (ChanGraph *g, const uint8_t *data, size_t len, gboolean is_key, uint64_t hash,
           uint32_t parent, int via, gboolean crashed, int *is_new)
{
  uint32_t index = is_key ? chan_store_insert_key (g->store, data, len, hash, is_new)
                          : chan_store_insert (g->store, data, len, is_new);
  if (*is_new)
    {
      grow_states (g, index + 1);
      g->parent[index] = parent;
      g->via[index] = (uint16_t) via;
      g->flags[index] = crashed ? CHAN_STATE_CRASHED : 0;
      g->n_states = index + 1;
    }
  return index;
}

/* Notes that depth g->n_levels starts at state FIRST. */
static void
push_level (ChanGraph *g, uint32_t first)
{
  GROW_TO (g->level_start, g->cap_levels, g->n_levels + 1, uint32_t);
  g->level_start[g->n_levels++] = first;
}

/* PendingEdge.chunk of an edge whose target is a stored state. */
#define STORED 0xffff

/* An edge whose target may still be a candidate (a state new in this level). */
typedef struct {
  uint32_t source;
  uint32_t target;     /* a state index (STORED), or a candidate's index in its chunk */
  uint16_t choice;
  uint16_t chunk;      /* the chunk of the candidate, or STORED */
} PendingEdge;

typedef struct {
  size_t offset, len;  /* its store key (IS_KEY) or its encoding */
  uint64_t hash;       /* the key's hash (IS_KEY), else the encoding's */
  uint32_t parent;
  uint16_t choice;
  uint8_t crashed;
  uint8_t is_key;      /* 1: its store key is kept; 0: some of its pieces were
                          new when it was made, so its encoding is */
} Candidate;

/* A successor computed but not yet put in the graph. */
typedef struct {
  size_t offset, len;  /* its key or encoding in Worker.succ_bytes (a new state's) */
  uint64_t hash;       /* the key's hash (IS_KEY) */
  uint8_t is_key;      /* the store key, complete, is kept; else the encoding */
  uint32_t found;      /* its index when already stored, else UINT32_MAX */
  int cut_reason;      /* CHAN_CUT_* of the step */
  gboolean cut;        /* the step was cut by a bound: no successor */
  gboolean too_large;  /* the encoding is CHAN_STORE_MAX_STATE or more: no successor */
  uint8_t crashed;
} Successor;

/* A slice [lo, hi) of a batch of a level, and what expanding it found;
 * slices are taken by whichever worker is free and merged in order. */
typedef struct {
  uint32_t lo, hi;
  GArray *edges;        /* of PendingEdge */
  GArray *candidates;   /* of Candidate: each new state once a worker */
  ChanBytes cand_bytes; /* their keys or encodings, back to back */
  GArray *map;          /* of uint32_t: each candidate's index, once merged */
} Chunk;

/* The chunks of the batch of a level being expanded. */
typedef struct {
  Chunk *chunks;
  int n_chunks, cap_chunks;
  gint next;            /* the next chunk to take (atomic) */
  uint32_t depth;       /* of its states */
  uint32_t end;         /* the first state of the next depth */
} Level;

static uint32_t
pending_target (const Level *level, const PendingEdge *pe)
{
  if (pe->chunk == STORED)
    return pe->target;
  return g_array_index (level->chunks[pe->chunk].map, uint32_t, pe->target);
}

/* Writes the edge record of SOURCE (explore.h) from its N pending edges, of
 * LEVEL, using SCRATCH (the caller's, grown as needed); edges cut by
 * --max-states (target UINT32_MAX) are left out, and SOURCE is marked cut. */
static void
write_edges (ChanGraph *g, uint32_t source, const PendingEdge *pe, guint n, const Level *level,
             ChanBytes *scratch)
{
  uint8_t *buffer;
  size_t len = 0;
  guint kept = 0;
  /* an edge takes at most 3 + 5 bytes (a 16-bit index, a 33-bit distance) */
  if ((size_t) n * 8 > scratch->cap)
    {
      scratch->cap = (size_t) n * 16;
      scratch->data = g_realloc (scratch->data, scratch->cap);
    }
  buffer = scratch->data;
  for (guint k = 0; k < n; k++)
    {
      uint32_t target = pending_target (level, &pe[k]);
      if (target == UINT32_MAX)
        {
          /* the state was not stored: --max-states */
          g->flags[source] |= CHAN_STATE_CUT;
          g->bounds_hit |= CHAN_BOUND_STATES;
          continue;
        }
      len += chan_varint_put (buffer + len, pe[k].choice);
      len += chan_varint_put (buffer + len, chan_zigzag ((int64_t) target - (int64_t) source));
      kept++;
    }
  if (kept > 0)
    {
      uint32_t block = source / CHAN_EDGE_BLOCK;
      GROW_TO (g->edge_bytes, g->edge_cap, g->edge_len + len + CHAN_VARINT_MAX, uint8_t);
      GROW_TO (g->edge_block, g->cap_edge_blocks, block + 1, uint64_t);
      /* sources come in increasing order: the blocks up to SOURCE's start here */
      g_assert (block + 1 >= g->n_edge_blocks);
      while (g->n_edge_blocks <= block)
        g->edge_block[g->n_edge_blocks++] = g->edge_len;
      g->flags[source] |= CHAN_STATE_EDGES;
      g->edge_len += chan_varint_put (g->edge_bytes + g->edge_len, len);
      memcpy (g->edge_bytes + g->edge_len, buffer, len);
      g->edge_len += len;
      g->n_edges += kept;
    }
}

/* A candidate a worker made in this level (Worker.seen). */
typedef struct {
  uint64_t hash;        /* Candidate.hash */
  uint32_t chunk;       /* where it is */
  uint32_t index;       /* UINT32_MAX: an empty slot */
} Seen;

/* One worker: expands chunks of a level until none is left. */
typedef struct {
  const ChanExec *x;
  ChanGraph *g;
  Level *level;
  Chunk *out;           /* the chunk being expanded */
  int out_index;        /* its index in the level */
  /* the candidates this worker made in the level, so that a state reached
     again (from another parent, in this or an earlier chunk of the worker)
     is kept once: open addressing, at most half full */
  Seen *seen;
  uint32_t seen_size, seen_count;
  const ChanBounds *b;
  gint64 start;
  ChanState *state, *base;
  ChanBytes bytes;
  ChanStoreKey key;
  ChanChoice *choices;
  int cap_choices;
  /* partial-order reduction: per transition of the state being expanded */
  ChanReducer *reducer;
  ChanTouch *touch;
  uint8_t *keep;
  ChanState **applied;      /* successors already computed to choose, kept */
  ChanStepInfo *applied_info;
  uint8_t *has_applied;
  Successor *succ;
  int cap_per_state;
  ChanBytes succ_bytes;
  int bounds_hit;
  gboolean out_of_time;
} Worker;

static void
append_bytes (ChanBytes *dst, const ChanBytes *src)
{
  if (dst->len + src->len > dst->cap)
    {
      dst->cap = MAX (dst->cap * 2, dst->len + src->len + 4096);
      dst->data = g_realloc (dst->data, dst->cap);
    }
  memcpy (dst->data + dst->len, src->data, src->len);
  dst->len += src->len;
}

/* The bounds (CHAN_BOUND_*) behind the cuts of a step (CHAN_CUT_*). */
static int
cut_bounds (int cut)
{
  int b = 0;
  if (cut & CHAN_CUT_RANGE) b |= CHAN_BOUND_RANGE;
  if (cut & CHAN_CUT_CALL_DEPTH) b |= CHAN_BOUND_CALL_DEPTH;
  if (cut & CHAN_CUT_GOROUTINES) b |= CHAN_BOUND_GOROUTINES;
  if (cut & CHAN_CUT_INIT) b |= CHAN_BOUND_INIT;
  if (cut & CHAN_CUT_SIZE) b |= CHAN_BOUND_SIZE;
  return b;
}

enum { NEW_OR_CUT, CLOSES };

/* Computes the successor of W->base by choice K into W->succ[K] (and its
 * bytes into W->succ_bytes).  Returns CLOSES when it is already stored and
 * no deeper than the state expanded (an earlier batch of the level may have
 * stored states of the next depth). */
static int
compute_successor (Worker *w, int k)
{
  Successor *su = &w->succ[k];
  ChanStepInfo info;
  ChanState *state = w->state;

  if (w->has_applied[k])
    {
      /* computed while choosing the transitions */
      state = w->applied[k];
      info = w->applied_info[k];
    }
  else
    {
      /* each transition starts from a copy of the decoded state: copying
         is cheaper than decoding again */
      chan_state_copy (state, w->base);
      chan_exec_apply (w->x, state, &w->choices[k], &info);
    }
  memset (su, 0, sizeof *su);
  su->found = UINT32_MAX;
  su->cut_reason = info.cut_reason;
  su->cut = info.cut;
  if (info.cut)
    return NEW_OR_CUT;
  chan_state_encode (state, &w->bytes);
  if (w->bytes.len >= CHAN_STORE_MAX_STATE)
    {
      su->too_large = TRUE;
      return NEW_OR_CUT;
    }
  su->crashed = state->crash != CHAN_CRASH_NONE;
  su->offset = w->succ_bytes.len;
  if (chan_store_key (w->g->store, w->bytes.data, w->bytes.len, state->piece_ends,
                      state->piece_shared, state->n_pieces, &w->key))
    {
      /* every piece is stored: the state may be */
      ChanBytes key = { w->key.data, w->key.len, w->key.len };
      su->found = chan_store_find (w->g->store, w->key.data, w->key.len, w->key.hash);
      if (su->found != UINT32_MAX)
        return su->found < w->level->end ? CLOSES : NEW_OR_CUT;
      su->is_key = 1;
      su->hash = w->key.hash;
      su->len = w->key.len;
      append_bytes (&w->succ_bytes, &key);      /* kept for a new state only */
    }
  else
    {
      su->len = w->bytes.len;
      append_bytes (&w->succ_bytes, &w->bytes);
    }
  return NEW_OR_CUT;
}

/* The most enabled transitions a state of the search may have. */
static inline uint32_t
max_transitions (const ChanBounds *b)
{
  return b->max_transitions > 0 && b->max_transitions < CHAN_MAX_TRANSITIONS
           ? b->max_transitions : CHAN_MAX_TRANSITIONS;
}

/* Sets W->keep for the N enabled transitions of W->base: a stubborn set
 * (reduce.c), or all of them.  To learn what each step touches, every step
 * is run once with a touch log; a step that is cut by a bound or crashes
 * makes the state fully expanded (both end a path in a way no other
 * transition commutes with).  Returns how many are kept. */
static int
choose_transitions (Worker *w, int n)
{
  if (n == 0)
    return 0;   /* (and keep may be NULL: memset must not see it) */
  memset (w->keep, 1, (size_t) n);
  memset (w->has_applied, 0, (size_t) n);
  if (!w->x->partial_order || n <= 1
      || chan_reduce_prepare (w->reducer, w->base, w->choices, n) >= n)
    return n;
  for (int k = 0; k < n; k++)
    {
      ChanState *state = w->applied[k];
      ChanStepInfo *info = &w->applied_info[k];
      if (state == NULL)
        {
          state = w->applied[k] = chan_state_new (w->x->model);
          state->symmetry = w->base->symmetry;
        }
      chan_state_copy (state, w->base);
      memset (&w->touch[k], 0, sizeof (ChanTouch));
      state->touch = &w->touch[k];
      chan_exec_apply (w->x, state, &w->choices[k], info);
      state->touch = NULL;
      w->has_applied[k] = 1;
      if (info->cut || info->cut_reason || state->crash != CHAN_CRASH_NONE)
        return n;
      chan_reduce_add_successor (w->reducer, k, state, info);
    }
  return chan_reduce_choose (w->reducer, w->touch, w->keep);
}

/* Points E at the candidate for successor SU (choice K of state PARENT):
 * the one W made earlier in this level for the same state, or a new one in
 * W->out. */
static void
add_candidate (Worker *w, const Successor *su, uint32_t parent, int k, PendingEdge *e)
{
  const uint8_t *data = w->succ_bytes.data + su->offset;
  uint64_t hash = su->is_key ? su->hash : XXH3_64bits (data, su->len);
  uint32_t mask = w->seen_size - 1, j;
  Candidate c;
  ChanBytes one = { (uint8_t *) data, su->len, su->len };

  for (j = (uint32_t) hash & mask; w->seen[j].index != UINT32_MAX; j = (j + 1) & mask)
    {
      const Seen *s = &w->seen[j];
      const Chunk *in = &w->level->chunks[s->chunk];
      const Candidate *o = &g_array_index (in->candidates, Candidate, s->index);
      if (s->hash == hash && o->is_key == su->is_key && o->len == su->len
          && memcmp (in->cand_bytes.data + o->offset, data, su->len) == 0)
        {
          e->target = s->index;
          e->chunk = (uint16_t) s->chunk;
          return;
        }
    }
  c.offset = w->out->cand_bytes.len;
  c.len = su->len;
  c.hash = hash;
  c.is_key = su->is_key;
  c.parent = parent;
  c.choice = (uint16_t) k;
  c.crashed = su->crashed;
  append_bytes (&w->out->cand_bytes, &one);
  e->target = w->out->candidates->len;
  e->chunk = (uint16_t) w->out_index;
  g_array_append_val (w->out->candidates, c);
  w->seen[j].hash = hash;
  w->seen[j].chunk = (uint32_t) w->out_index;
  w->seen[j].index = e->target;
  if (++w->seen_count * 2 > w->seen_size)
    {
      /* grow: place every entry again */
      Seen *old = w->seen;
      uint32_t old_size = w->seen_size;
      w->seen_size *= 2;
      w->seen = g_new (Seen, w->seen_size);
      for (uint32_t t = 0; t < w->seen_size; t++)
        w->seen[t].index = UINT32_MAX;
      mask = w->seen_size - 1;
      for (uint32_t t = 0; t < old_size; t++)
        if (old[t].index != UINT32_MAX)
          {
            for (j = (uint32_t) old[t].hash & mask; w->seen[j].index != UINT32_MAX; j = (j + 1) & mask)
              ;
            w->seen[j] = old[t];
          }
      g_free (old);
    }
}

/* Expands the states of chunk W->out; FALSE when out of time. */
static gboolean
expand_chunk (Worker *w)
{
  const ChanExec *x = w->x;
  ChanGraph *g = w->g;

  for (uint32_t i = w->out->lo; i < w->out->hi; i++)
    {
      size_t len;
      const uint8_t *bytes;
      int n, kept;
      gboolean cycle = FALSE;

      if (g->flags[i] & (CHAN_STATE_CRASHED | CHAN_STATE_CUT))
        continue;
      if (w->b->max_depth && w->level->depth >= w->b->max_depth)
        {
          g->flags[i] |= CHAN_STATE_CUT;
          w->bounds_hit |= CHAN_BOUND_DEPTH;
          continue;
        }
      if (((i - w->out->lo) & 255) == 255 && w->b->time_limit > 0
          && (g_get_monotonic_time () - w->start) / 1e6 > w->b->time_limit)
        {
          w->out_of_time = TRUE;
          w->bounds_hit |= CHAN_BOUND_TIME;
          return FALSE;
        }
      bytes = chan_store_state (g->store, i, &w->base->unpacked, &w->base->cap_unpacked, &len);
      chan_state_decode (w->base, bytes, len);
      n = chan_exec_enabled (x, w->base, &w->choices, &w->cap_choices);
      if ((uint32_t) n > max_transitions (w->b))
        {
          /* edges name their transition in 16 bits: do not pretend */
          g->flags[i] |= CHAN_STATE_CUT;
          w->bounds_hit |= CHAN_BOUND_TRANSITIONS;
          continue;
        }
      if (n > w->cap_per_state)
        {
          int old_cap = w->cap_per_state;
          w->cap_per_state = n * 2;
          w->touch = g_realloc (w->touch, sizeof (ChanTouch) * (size_t) w->cap_per_state);
          w->keep = g_realloc (w->keep, (size_t) w->cap_per_state);
          w->succ = g_realloc (w->succ, sizeof (Successor) * (size_t) w->cap_per_state);
          w->applied = g_realloc (w->applied, sizeof (ChanState *) * (size_t) w->cap_per_state);
          w->applied_info = g_realloc (w->applied_info, sizeof (ChanStepInfo) * (size_t) w->cap_per_state);
          w->has_applied = g_realloc (w->has_applied, (size_t) w->cap_per_state);
          for (int k = old_cap; k < w->cap_per_state; k++)
            w->applied[k] = NULL;
        }
      kept = choose_transitions (w, n);
      w->succ_bytes.len = 0;
      for (int k = 0; k < n; k++)
        if (w->keep[k])
          cycle |= compute_successor (w, k) == CLOSES;
      if (kept < n && cycle)
        {
          /* the cycle proviso: a reduced successor is not deeper than this
             state, so it may close a cycle of the reduced graph: follow
             every transition here */
          for (int k = 0; k < n; k++)
            if (!w->keep[k])
              {
                compute_successor (w, k);
                w->keep[k] = 1;
              }
        }
      for (int k = 0; k < n; k++)
        {
          const Successor *su = &w->succ[k];
          PendingEdge e;
          if (!w->keep[k])
            continue;
          if (su->cut_reason & CHAN_CUT_RANGE)
            w->bounds_hit |= CHAN_BOUND_RANGE;
          if (su->cut)
            {
              g->flags[i] |= CHAN_STATE_CUT;
              w->bounds_hit |= cut_bounds (su->cut_reason);
              continue;
            }
          if (su->too_large)
            {
              /* a state of CHAN_STORE_MAX_STATE or more: beyond what the store keeps */
              g->flags[i] |= CHAN_STATE_CUT;
              w->bounds_hit |= CHAN_BOUND_STATE_SIZE;
              continue;
            }
          e.source = i;
          e.choice = (uint16_t) k;
          if (su->found != UINT32_MAX)
            {
              e.target = su->found;
              e.chunk = STORED;
            }
          else
            add_candidate (w, su, i, k, &e);
          g_array_append_val (w->out->edges, e);
        }
      g->flags[i] |= CHAN_STATE_EXPANDED;
    }
  return TRUE;
}

/* A worker thread: takes chunks of the batch until none is left or time is
 * out. */
static gpointer
expand_chunks (gpointer data)
{
  Worker *w = data;
  /* clearing costs the table's size: a table sized for one wide batch
     would be cleared again for each narrow one after it, so it is sized
     from the last batch's count (and grows again when needed) */
  uint32_t want = 1024;
  while (want < 4 * (uint64_t) w->seen_count)
    want *= 2;
  if (w->seen == NULL || w->seen_size > 4 * want)
    {
      g_free (w->seen);
      w->seen_size = want;
      w->seen = g_new (Seen, w->seen_size);
    }
  for (uint32_t t = 0; t < w->seen_size; t++)
    w->seen[t].index = UINT32_MAX;
  w->seen_count = 0;
  for (;;)
    {
      gint k = g_atomic_int_add (&w->level->next, 1);
      if (k >= w->level->n_chunks)
        break;
      w->out = &w->level->chunks[k];
      w->out_index = k;
      if (!expand_chunk (w))
        break;
    }
  return NULL;
}

/* The store's view of a state's pieces (collapse compression). */
static int
split_state (const void *model, const uint8_t *bytes, size_t len, uint32_t *ends,
             uint8_t *shared, int max)
{
  return chan_state_split (model, bytes, len, ends, shared, max);
}

/* Expands states [LO, HI) of LEVEL with the N_WORKERS WORKERS, then merges
 * what they found into G in (parent, transition) order: the numbering of a
 * sequential breadth-first search.  RECORD is write_edges' scratch.
 * Returns TRUE when the search must stop (out of time). */
static gboolean
expand_batch (ChanGraph *g, Level *level, Worker *workers, int n_workers, uint32_t lo, uint32_t hi,
              const ChanBounds *b, gint64 start, ChanBytes *record)
{
  /* chunks of at least 64 states, about 16 a worker: a free worker takes
     the next one, so no worker waits for another's long tail */
  uint32_t per = MAX (64, (hi - lo) / (uint32_t) (n_workers * 16) + 1);
  GThread *threads[64];
  int used = 0, is_new;
  gboolean stop = FALSE;

  level->n_chunks = 0;
  for (uint32_t at = lo, end; at < hi; at = end)
    {
      Chunk *c;
      end = hi - at > per ? at + per : hi;   /* (at + per may not fit in 32 bits) */
      if (level->n_chunks == level->cap_chunks)
        {
          level->cap_chunks = level->cap_chunks * 2 + 16;
          level->chunks = g_renew (Chunk, level->chunks, (size_t) level->cap_chunks);
          for (int k = level->n_chunks; k < level->cap_chunks; k++)
            {
              level->chunks[k].edges = g_array_new (FALSE, FALSE, sizeof (PendingEdge));
              level->chunks[k].candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
              level->chunks[k].map = g_array_new (FALSE, FALSE, sizeof (uint32_t));
              memset (&level->chunks[k].cand_bytes, 0, sizeof (ChanBytes));
            }
        }
      c = &level->chunks[level->n_chunks++];
      c->lo = at;
      c->hi = end;
      g_array_set_size (c->edges, 0);
      g_array_set_size (c->candidates, 0);
      c->cand_bytes.len = 0;
    }
  level->next = 0;
  /* small batches are not worth a thread */
  if (n_workers == 1 || level->n_chunks == 1)
    expand_chunks (&workers[0]);
  else
    {
      for (int t = 0; t < n_workers; t++)
        threads[used++] = g_thread_new ("chancheck", expand_chunks, &workers[t]);
      for (int t = 0; t < used; t++)
        g_thread_join (threads[t]);
    }
  for (int ci = 0; ci < level->n_chunks; ci++)
    {
      Chunk *w = &level->chunks[ci];
      GArray *map = w->map;
      g_array_set_size (map, w->candidates->len);
      for (guint c = 0; c < w->candidates->len; c++)
        {
          Candidate *cand = &g_array_index (w->candidates, Candidate, c);
          const uint8_t *data = w->cand_bytes.data + cand->offset;
          uint32_t target;
          if (b->max_states && g->n_states >= b->max_states)
            {
              /* the bound: no new state (write_edges marks the parents cut) */
              target = cand->is_key ? chan_store_find (g->store, data, cand->len, cand->hash)
                                    : chan_store_lookup (g->store, data, cand->len);
            }
          else
            target = add_state (g, data, cand->len, cand->is_key, cand->hash, cand->parent,
                                cand->choice, cand->crashed, &is_new);
          g_array_index (map, uint32_t, c) = target;
        }
      for (guint k = 0, end; k < w->edges->len; k = end)
        {
          /* the edges of one source: one record */
          uint32_t source = g_array_index (w->edges, PendingEdge, k).source;
          for (end = k; end < w->edges->len
               && g_array_index (w->edges, PendingEdge, end).source == source; end++)
            ;
          write_edges (g, source, (PendingEdge *) (void *) w->edges->data + k, end - k, level,
                       record);
        }
    }
  for (int t = 0; t < n_workers; t++)
    {
      g->bounds_hit |= workers[t].bounds_hit;
      if (workers[t].out_of_time)
        stop = TRUE;
    }
  if (b->time_limit > 0 && (g_get_monotonic_time () - start) / 1e6 > b->time_limit)
    {
      g->bounds_hit |= CHAN_BOUND_TIME;
      stop = TRUE;
    }
  return stop;
}

ChanGraph *
chan_explore (const ChanExec *x, const ChanBounds *b)
{
  ChanGraph *g = g_new0 (ChanGraph, 1);
  ChanState *init = chan_state_new (x->model);
  ChanBytes bytes = { 0 }, record = { 0 };   /* the initial state; edge records (write_edges) */
  int is_new, n_workers = b->threads > 1 ? MIN (b->threads, 64) : 1;
  uint32_t batch = b->batch_states ? b->batch_states : CHAN_BATCH_STATES;
  Worker *workers = g_new0 (Worker, n_workers);
  gint64 start = g_get_monotonic_time ();
  uint32_t lo, hi;
  gboolean stop = FALSE;
  Level level = { 0 };

  g->store = chan_store_new_collapsed (split_state, x->model);
  init->symmetry = x->symmetry;
  {
    int cut = 0;
    if (!chan_exec_initial (x, init, &cut))
      g->bounds_hit |= cut_bounds (cut);
  }
  chan_state_encode (init, &bytes);
  if (bytes.len >= CHAN_STORE_MAX_STATE)
    {
      /* the initial state alone is too large: keep an empty one, cut */
      ChanState *empty = chan_state_new (x->model);
      chan_state_encode (empty, &bytes);
      chan_state_free (empty);
      g->bounds_hit |= CHAN_BOUND_STATE_SIZE;
    }
  add_state (g, bytes.data, bytes.len, FALSE, 0, 0, 0, init->crash != CHAN_CRASH_NONE, &is_new);
  push_level (g, 0);
  if (g->bounds_hit)
    g->flags[0] |= CHAN_STATE_CUT;
  for (int t = 0; t < n_workers; t++)
    {
      Worker *w = &workers[t];
      w->x = x;
      w->g = g;
      w->b = b;
      w->start = start;
      w->state = chan_state_new (x->model);
      w->base = chan_state_new (x->model);
      w->state->symmetry = w->base->symmetry = x->symmetry;
      w->level = &level;
      w->reducer = chan_reducer_new ();
    }

  for (lo = 0, hi = g->n_states; lo < hi && !stop; lo = hi, hi = g->n_states)
    {
      level.depth = g->n_levels - 1;
      level.end = hi;
      push_level (g, hi);
      /* a level is expanded and merged a batch at a time, so that the
         successors waiting for the merge take memory for one batch, not for
         the widest level (nor, past --max-states, for a level that stores
         nothing) */
      for (uint32_t at = lo, to; at < hi && !stop; at = to)
        {
          to = hi - at > batch ? at + batch : hi;   /* (at + batch may not fit) */
          stop = expand_batch (g, &level, workers, n_workers, at, to, b, start, &record);
        }
    }
  g->seconds = (double) (g_get_monotonic_time () - start) / 1e6;
  for (int t = 0; t < n_workers; t++)
    {
      Worker *w = &workers[t];
      chan_state_free (w->state);
      chan_state_free (w->base);
      chan_bytes_free (&w->bytes);
      chan_store_key_clear (&w->key);
      g_free (w->seen);
      g_free (w->choices);
      chan_reducer_free (w->reducer);
      g_free (w->touch);
      g_free (w->keep);
      for (int k = 0; k < w->cap_per_state; k++)
        chan_state_free (w->applied[k]);
      g_free (w->applied);
      g_free (w->applied_info);
      g_free (w->has_applied);
      g_free (w->succ);
      chan_bytes_free (&w->succ_bytes);
    }
  g_free (workers);
  for (int k = 0; k < level.cap_chunks; k++)
    {
      g_array_free (level.chunks[k].edges, TRUE);
      g_array_free (level.chunks[k].candidates, TRUE);
      g_array_free (level.chunks[k].map, TRUE);
      chan_bytes_free (&level.chunks[k].cand_bytes);
    }
  g_free (level.chunks);
  chan_bytes_free (&bytes);
  chan_bytes_free (&record);
  chan_state_free (init);
  return g;
}

void
chan_graph_state (const ChanGraph *g, uint32_t index, ChanState *state)
{
  size_t len;
  const uint8_t *data = chan_store_state (g->store, index, &state->unpacked, &state->cap_unpacked,
                                          &len);
  chan_state_decode (state, data, len);
}

size_t
chan_graph_memory (const ChanGraph *g)
{
  size_t per_state = sizeof (uint32_t) + sizeof (uint16_t) + sizeof (uint8_t);
  return chan_store_memory (g->store) + (size_t) g->cap_states * per_state + g->edge_cap
         + (size_t) g->cap_edge_blocks * sizeof (uint64_t) + (size_t) g->cap_levels * sizeof (uint32_t);
}

gboolean
chan_graph_edge (const ChanGraph *g, uint32_t v, uint64_t *at, ChanEdge *edge)
{
  /* the cursor: (where the next edge is + 1) << 24 | bytes left in the
     record (under 16 MiB: at most 65,535 edges of at most 8 bytes) */
  const uint8_t *p;
  if (*at == 0)
    {
      uint64_t len;
      if (!(g->flags[v] & CHAN_STATE_EDGES))
        return FALSE;
      p = g->edge_bytes + g->edge_block[v / CHAN_EDGE_BLOCK];
      for (uint32_t u = v - v % CHAN_EDGE_BLOCK; u < v; u++)
        if (g->flags[u] & CHAN_STATE_EDGES)
          {
            len = chan_varint_get (&p);
            p += len;
          }
      len = chan_varint_get (&p);
      *at = (uint64_t) (p - g->edge_bytes + 1) << 24 | len;
    }
  if ((*at & 0xffffff) == 0)
    return FALSE;
  {
    const uint8_t *start = p = g->edge_bytes + (*at >> 24) - 1;
    uint64_t left = *at & 0xffffff;
    edge->choice = (uint32_t) chan_varint_get (&p);
    edge->target = (uint32_t) ((int64_t) v + chan_unzigzag (chan_varint_get (&p)));
    left -= (uint64_t) (p - start);
    *at = (uint64_t) (p - g->edge_bytes + 1) << 24 | left;
  }
  return TRUE;
}

uint32_t
chan_graph_depth (const ChanGraph *g, uint32_t v)
{
  /* the last level starting at or before V */
  uint32_t lo = 0, hi = g->n_levels;
  while (hi - lo > 1)
    {
      uint32_t mid = lo + (hi - lo) / 2;
      if (g->level_start[mid] <= v)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

void
chan_graph_free (ChanGraph *g)
{
  if (g == NULL)
    return;
  chan_store_free (g->store);
  g_free (g->parent);
  g_free (g->via);
  g_free (g->flags);
  g_free (g->edge_block);
  g_free (g->edge_bytes);
  g_free (g->level_start);
  g_free (g);
}
