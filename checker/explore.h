/* checker/explore.h -- the breadth-first search of the state graph.
 * Owns: ChanGraph (per state: BFS parent, the choice that reached it,
 * flags, its edges; the level each depth starts at), the bounds and what
 * they cut.
 * Not: deciding findings (findings.h), the step function (exec.h).
 *
 * States are numbered in discovery order, which is breadth-first order, so
 * a state's parent and depth give a shortest path from the initial state
 * (index 0), and a state's depth is its level's; the edges of a state are
 * one record, in the canonical transition order (goroutine, then choice,
 * then timers): a varint of the record's length, then per edge the varint
 * of its transition's index among the state's enabled ones and the zigzag
 * varint of target - source (about 4 bytes an edge).  Who moved on an edge
 * is not kept: replaying the transition tells (findings.c).
 *
 * The search goes level by level, and a level batch by batch: the states of
 * a batch are split among the worker threads, which expand them and look
 * their successors up in the store (read only); the new ones are then
 * inserted by one thread in (parent, transition) order.  So the numbering,
 * the parents and therefore every trace are the same for any number of
 * threads and any batch size. */
#ifndef CHAN_CHECKER_EXPLORE_H
#define CHAN_CHECKER_EXPLORE_H

#include <glib.h>
#include "checker/exec.h"
#include "checker/store.h"

/* ChanGraph state flags. */
enum {
  CHAN_STATE_EXPANDED = 1 << 0,  /* all successors computed */
  CHAN_STATE_CUT      = 1 << 1,  /* a bound stopped its expansion */
  CHAN_STATE_CRASHED  = 1 << 2,  /* a panic ended the program here */
  CHAN_STATE_EDGES    = 1 << 3,  /* it has an edge record (so it was expanded) */
};

/* Which bounds were hit (ChanGraph.bounds_hit). */
enum {
  CHAN_BOUND_STATES = 1 << 0,
  CHAN_BOUND_DEPTH = 1 << 1,
  CHAN_BOUND_TIME = 1 << 2,
  CHAN_BOUND_GOROUTINES = 1 << 3,
  CHAN_BOUND_RANGE = 1 << 4,
  CHAN_BOUND_CALL_DEPTH = 1 << 5,
  CHAN_BOUND_INIT = 1 << 6,       /* the initialiser did not finish */
  CHAN_BOUND_SIZE = 1 << 7,       /* a channel or slice larger than modelled */
  CHAN_BOUND_STATE_SIZE = 1 << 8, /* a state larger than the store keeps */
  CHAN_BOUND_TRANSITIONS = 1 << 9, /* more enabled transitions than an edge can name */
};

/* The most enabled transitions a state may have: an edge names its
 * transition in 16 bits.  A state with more is cut. */
#define CHAN_MAX_TRANSITIONS 65535

typedef struct {
  uint32_t target;
  uint32_t choice;    /* index of the transition among the source's enabled ones */
} ChanEdge;

typedef struct {
  uint64_t max_states;     /* 0: no bound */
  uint32_t max_depth;      /* 0: no bound */
  double time_limit;       /* seconds; 0: none */
  int threads;             /* worker threads (-j); 0 or 1: one */
  uint32_t batch_states;   /* states expanded between two merges; 0: the
                              default (CHAN_BATCH_STATES).  It changes
                              memory only: the graph is the same for any */
  uint32_t max_transitions; /* enabled transitions a state may have; 0 or
                               more than CHAN_MAX_TRANSITIONS: that (tests
                               set fewer, to reach the cut cheaply) */
} ChanBounds;

/* States of a level expanded between two merges, by default: what waits
 * for the merge takes memory for that many states, however wide the level. */
#define CHAN_BATCH_STATES 65536

/* States a ChanGraph.edge_block entry covers. */
#define CHAN_EDGE_BLOCK 16

typedef struct {
  ChanStore *store;
  uint32_t n_states, cap_states;
  uint32_t *parent;        /* BFS parent (state 0: itself) */
  uint16_t *via;           /* index of the transition taken in the parent */
  uint8_t *flags;
  /* edge records are written in state order, each state's once at most
     (CHAN_STATE_EDGES): block b gives where the records of states from
     b * CHAN_EDGE_BLOCK on start, and a state's record is found by
     skipping the records before it in its block */
  uint64_t *edge_block;
  uint32_t n_edge_blocks, cap_edge_blocks;
  uint8_t *edge_bytes;
  uint64_t edge_len, edge_cap;
  uint64_t n_edges;
  uint32_t *level_start;   /* first state of each depth */
  uint32_t n_levels, cap_levels;
  int bounds_hit;          /* CHAN_BOUND_* */
  double seconds;
} ChanGraph;

/* Explores every state reachable from the initial state of EXEC's model
 * within BOUNDS.  Returns a new graph (free with chan_graph_free). */
ChanGraph *chan_explore (const ChanExec *exec, const ChanBounds *bounds);
void chan_graph_free (ChanGraph *graph);

/* Bytes held by GRAPH: the store (states, table) and the per-state and
 * per-edge arrays. */
size_t chan_graph_memory (const ChanGraph *graph);

/* Reads the edges of state V of GRAPH in order: *AT is 0 for the first
 * (then a cursor, to pass back unchanged); fills *EDGE and moves *AT past
 * it, or returns FALSE when none is left (or V has no edges: not expanded,
 * or a terminal state). */
gboolean chan_graph_edge (const ChanGraph *graph, uint32_t v, uint64_t *at, ChanEdge *edge);
/* The depth of state V (its BFS level). */
uint32_t chan_graph_depth (const ChanGraph *graph, uint32_t v);

/* Decodes state INDEX of GRAPH into STATE. */
void chan_graph_state (const ChanGraph *graph, uint32_t index, ChanState *state);

#endif
