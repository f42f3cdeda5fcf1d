/* checker/exec.h -- the step function: what every transition does.
 * Owns: the enabled transitions of a state (goroutine moves, select cases,
 * rendezvous partners, unknown branches, timer firings) in their canonical
 * order, and their execution on a ChanState (Go's semantics, SPEC 2.2).
 * Not: the search (explore.h), the encoding (state.h), reports (report.h).
 *
 * A goroutine always rests at its next scheduling point: a visible
 * instruction (channel operation, lock, go, ...), a branch on an unknown, or
 * its final return.  A transition executes the resting instruction with the
 * chosen outcome and then runs the goroutine's invisible instructions up to
 * its next scheduling point.  This is the hot path: no allocation beyond the
 * state's own buffers, no formatting. */
#ifndef CHAN_CHECKER_EXEC_H
#define CHAN_CHECKER_EXEC_H

#include "checker/state.h"

typedef enum {
  CHAN_CHOICE_STEP,     /* execute the resting instruction (one outcome) */
  CHAN_CHOICE_BRANCH,   /* a: 0 the true side, 1 the false side (unknown test) */
  CHAN_CHOICE_RANGE,    /* a: 0 one more iteration, 1 stop (unknown collection) */
  CHAN_CHOICE_SEND,     /* rendezvous: b = receiving goroutine, c = its select case or -1 */
  CHAN_CHOICE_SELECT,   /* a = case (-1: default); for an unbuffered send case
                           b = receiving goroutine, c = its case or -1 */
  CHAN_CHOICE_SIGNAL,   /* Cond.Signal: a = goroutine woken, or -1 (lost) */
  CHAN_CHOICE_FIRE,     /* a timer fires: a = timer object */
} ChanChoiceKind;

typedef struct {
  int16_t g;            /* goroutine index (creation order), -1 for a timer */
  uint8_t kind;         /* ChanChoiceKind */
  uint8_t spare;
  int32_t a, b, c;
} ChanChoice;

/* What a step did, for the graph (who moved) and for traces. */
typedef struct {
  int mover;            /* goroutine index before the step, -1 for a timer */
  int partner;          /* the other goroutine of a rendezvous or wake-up, or -1 */
  gboolean exited;      /* the mover ended (the goroutines after it move down) */
  int instr;            /* instruction id executed by the mover, or -1 */
  int partner_instr;    /* instruction id of the partner, or -1 */
  int timer_site;       /* FIRE: instruction id that started the timer */
  int timer_kind;       /* FIRE: CHAN_TIMER_KIND_* */
  int n_spawned;        /* goroutines created by the step */
  gboolean cut;         /* a bound was hit: the successor is not expanded */
  int cut_reason;       /* CHAN_CUT_* */
} ChanStepInfo;

enum {
  CHAN_CUT_NONE = 0,
  CHAN_CUT_RANGE = 1 << 0,       /* unknown range bound */
  CHAN_CUT_CALL_DEPTH = 1 << 1,  /* recursion deeper than the bound */
  CHAN_CUT_GOROUTINES = 1 << 2,  /* more goroutines than --max-goroutines */
  CHAN_CUT_INIT = 1 << 3,        /* package initialisation does not finish */
  CHAN_CUT_SIZE = 1 << 4,        /* a channel or slice too large to model */
};

typedef struct {
  const ChanModel *model;
  int unknown_range_bound;  /* SPEC 2.3: iterations of a range over an unknown */
  int max_call_depth;       /* frames per goroutine */
  int max_goroutines;       /* live goroutines */
  gboolean symmetry;        /* canonical goroutine order (off: --no-reduce) */
  gboolean partial_order;   /* stubborn sets, reduce.h (off: --no-reduce) */
  gboolean untracked;       /* values nothing depends on are sent and passed as
                               CHAN_VAL_UNTRACKED, lang/relevance.h (off:
                               --no-reduce) */
} ChanExec;

/* Sets EXEC's bounds to their defaults for MODEL. */
void chan_exec_init (ChanExec *exec, const ChanModel *model);

/* Builds the initial state: globals initialised by the model's init function
 * run to completion, then the entry goroutine run up to its first scheduling
 * point.  Returns FALSE when that does not finish (initialisation blocks or
 * loops, or a bound cuts it): *CUT_REASON gets the CHAN_CUT_* bits and
 * *STATE is the state reached.  A panic in initialisation gives a crashed
 * state and TRUE. */
gboolean chan_exec_initial (const ChanExec *exec, ChanState *state, int *cut_reason);

/* Writes the enabled transitions of STATE into OUT (growing it), in the
 * canonical order: goroutines by index, each in its choice order, then
 * timers by object index.  Returns their number.  A crashed state has none. */
int chan_exec_enabled (const ChanExec *exec, ChanState *state,
                       ChanChoice **out, int *cap);

/* The enabled choices of goroutine G only (for blocked-ness). */
int chan_exec_goroutine_choices (const ChanExec *exec, ChanState *state, int g,
                                 ChanChoice **out, int *cap);

/* Executes CHOICE on STATE in place and describes it in INFO. */
void chan_exec_apply (const ChanExec *exec, ChanState *state,
                      const ChanChoice *choice, ChanStepInfo *info);

/* The instruction goroutine G rests at (its id). */
int chan_exec_rest_instr (const ChanState *state, int g);

/* Marks in BITS (one bit per object, cleared by the caller) every object
 * reachable from the operands of goroutine G's resting instruction: what
 * its enabledness and its next step may depend on besides its own slots
 * and the objects the step touches (partial-order reduction, reduce.c). */
void chan_exec_operands_reach (ChanState *state, int g, uint64_t *bits);

/* The object goroutine G is blocked on (channel, mutex, ...) or -1, and
 * the channel operands of its select (for reports): fills OBJS (at most
 * MAX) and returns their count. */
int chan_exec_blocking_objects (const ChanState *state, int g, int *objs, int max);

#endif
