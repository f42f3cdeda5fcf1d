/* checker/reduce.h -- partial-order reduction: which of a state's
 * transitions the search must follow.
 * Owns: ChanReducer (scratch of one search thread) and the stubborn-set
 * choice over actors (goroutines and timers about to fire).
 * Not: executing steps (exec.h), the search and its cycle proviso
 * (explore.c), which together with this make the reduction sound: see
 * doc/partial-order.md. */
#ifndef CHAN_CHECKER_REDUCE_H
#define CHAN_CHECKER_REDUCE_H

#include "checker/exec.h"

typedef struct ChanReducer ChanReducer;

ChanReducer *chan_reducer_new (void);
void chan_reducer_free (ChanReducer *reducer);

/* Starts reducing BASE, a state whose enabled transitions are CHOICES[0..N)
 * (chan_exec_enabled; both borrowed until chan_reduce_choose).  Returns the
 * fewest transitions a stubborn set could have, judging by the resting
 * instructions alone: N means no reduction is possible, and the caller
 * need not go on. */
int chan_reduce_prepare (ChanReducer *reducer, ChanState *base, const ChanChoice *choices,
                         int n);
/* Adds what choice K leaves behind: SUCCESSOR is the state its step
 * reached and INFO describes the step; the objects that the goroutines it
 * moved or started now rest on count as needed by the step. */
void chan_reduce_add_successor (ChanReducer *reducer, int k, ChanState *successor,
                                const ChanStepInfo *info);
/* Finishes: TOUCH[k] lists the objects choice k's step read or wrote
 * (recorded with ChanState.touch).  Sets KEEP[k] to 1 for the choices of a
 * stubborn set, 0 for the others; returns how many are kept (N: all). */
int chan_reduce_choose (ChanReducer *reducer, const ChanTouch *touch, uint8_t *keep);

#endif
