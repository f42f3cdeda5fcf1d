/* checker/findings.h -- what the state graph shows: leaks, deadlocks,
 * panics, runaway goroutines (SPEC 3).
 * Owns: the bottom strongly connected components (iterative Tarjan), the
 * identity of goroutines across the states of a component, the finding
 * keys (kind, location) and their shallowest witness state.
 * Not: traces and wording (trace.h, report.h). */
#ifndef CHAN_CHECKER_FINDINGS_H
#define CHAN_CHECKER_FINDINGS_H

#include <glib.h>
#include "checker/explore.h"

typedef enum {
  CHAN_FINDING_LEAK,
  CHAN_FINDING_DEADLOCK,
  CHAN_FINDING_PANIC,
  CHAN_FINDING_RUNAWAY,
} ChanFindingKind;

typedef struct {
  ChanFindingKind kind;
  int instr;          /* the location: blocked operation (leak, deadlock), the
                         operation that panicked, the creating call (runaway);
                         -1: the entry's declaration (entry runaway) */
  uint32_t state;     /* shallowest state that shows it (BFS depth, then index) */
  int goroutine;      /* index of the goroutine in that state, -1 for a panic */
  GArray *sites;      /* of int: creating sites involved (instr ids, -1 entry), sorted */
  int reason;         /* panic: string index of the reason, or -1 */
} ChanFinding;

/* Computes the findings of GRAPH.  Returns a GPtrArray of ChanFinding*
 * (owned, with its free function) sorted by location then kind. */
GPtrArray *chan_findings_compute (const ChanExec *exec, const ChanGraph *graph);

const char *chan_finding_kind_name (ChanFindingKind kind);
/* The source position of a finding. */
ChanPos chan_finding_pos (const ChanModel *model, const ChanFinding *finding);

#endif
