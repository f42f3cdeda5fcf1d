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

/* BASE is a state and CHOICES[0..N) its enabled transitions
 * (chan_exec_enabled); TOUCH[k] lists the objects choice k's step read or
 * wrote (recorded with ChanState.touch).  Sets KEEP[k] to 1 for the
 * choices of a stubborn set, 0 for the others, and returns how many are
 * kept: N when nothing can be left out. */
int chan_reduce_choose (ChanReducer *reducer, ChanState *base, const ChanChoice *choices,
                        int n, const ChanTouch *touch, uint8_t *keep);

#endif
