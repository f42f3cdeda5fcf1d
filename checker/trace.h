/* checker/trace.h -- counterexample traces.
 * Owns: ChanTrace, built by replaying the BFS path to a state through the
 * same step function the search used (so a trace cannot disagree with the
 * search), with goroutine ids (g1 is the entry, then creation order along
 * the path) and each step described in source words.
 * Not: findings (findings.h), output formats (report.h). */
#ifndef CHAN_CHECKER_TRACE_H
#define CHAN_CHECKER_TRACE_H

#include <glib.h>
#include "checker/explore.h"

typedef struct {
  int goroutine;      /* goroutine id (1 = entry), 0 for a timer */
  char *function;     /* owned: the function the goroutine started in */
  ChanPos pos;        /* where the operation is */
  char *text;         /* owned: the operation in source words */
  char *detail;       /* owned: what happened (peer, case, outcome), or NULL */
} ChanTraceStep;

typedef struct {
  GPtrArray *steps;   /* of ChanTraceStep*, owned */
  int *ids;           /* owned: id of each goroutine of the final state */
  ChanState *final;   /* owned: the state the trace ends in */
} ChanTrace;

/* Replays the BFS path of GRAPH from the initial state to TARGET. */
ChanTrace *chan_trace_build (const ChanExec *exec, const ChanGraph *graph, uint32_t target);
void chan_trace_free (ChanTrace *trace);

/* Name of the function goroutine G of STATE started in. */
const char *chan_trace_goroutine_function (const ChanState *state, int g);
/* Appends what goroutine G of STATE waits for or is about to do, e.g.
 * "sending on ch (unbuffered)", "receiving from done (buffered, 0 of 1)". */
void chan_trace_describe_wait (const ChanState *state, int g, GString *out);
/* The source words naming channel object OBJ that goroutine G of STATE
 * waits on ("ch", "time.After(d)"); owned. */
char *chan_trace_channel_name (const ChanState *state, int g, int obj);
/* Appends the location "file:line:col" of instruction INSTR. */
void chan_trace_location (const ChanModel *model, int instr, GString *out);

#endif
