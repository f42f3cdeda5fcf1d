/* checker/state.h -- one state of the program, unpacked and packed.
 * Owns: ChanState (the working form the step function mutates: globals,
 * goroutines with their frames, heap objects, timers) and its canonical
 * byte encoding (chan_state_encode / chan_state_decode).
 * Not: what instructions do (exec.h), where packed states are kept (store.h).
 *
 * Canonical form: objects are numbered in the order a breadth-first walk
 * reaches them from the roots (globals, then each goroutine's frames in
 * order, then pending AfterFunc timers); what the walk does not reach is
 * garbage and is not encoded (SPEC 2.5: unreachable channels and their
 * timers are collected).  Goroutines keep their creation order, or, with
 * symmetry on, are sorted by a signature that does not depend on object
 * numbers (creating site, program counters, scalar values, kinds of what
 * they reference), ties ordered by where the objects they hold are in a walk
 * from the other roots, then kept in order: so N identical workers in
 * different orders are one state.  Their ids are not part of the state
 * (traces recompute them on replay, following perm).  The encoding
 * describes the whole state, so two states are the same state if and only
 * if their encodings are equal bytes: sorting can only fail to merge
 * isomorphic states, never merge different ones. */
#ifndef CHAN_CHECKER_STATE_H
#define CHAN_CHECKER_STATE_H

#include <stdint.h>
#include "lang/model.h"

/* Frame flags. */
enum {
  CHAN_FRAME_DEFERRED = 1 << 0,   /* a deferred call: recover() may stop a panic */
  CHAN_FRAME_ONCE     = 1 << 1,   /* Once.Do's function: on return mark finish done */
  CHAN_FRAME_DISCARD  = 1 << 2,   /* results are dropped (go, defer) */
  CHAN_FRAME_PRINTING = 1 << 3,   /* String() or Error() called by fmt: fmt
                                     recovers a panic in it and prints it */
};

typedef struct {
  int func;           /* function index */
  int pc;             /* next instruction (the one the goroutine rests at) */
  int ret_dst;        /* caller slot receiving the first result, or -1 */
  int flags;          /* CHAN_FRAME_* */
  int base;           /* first slot in the goroutine's stack */
  ChanVal defers;     /* head of the deferred-call chain (AGG of a DEFER object) or NIL */
  ChanVal finish;     /* CHAN_FRAME_ONCE: the Once object (AGG) */
} ChanFrame;

/* Goroutine flags. */
enum {
  CHAN_G_ENTRY     = 1 << 0,  /* the entry goroutine */
  CHAN_G_PANICKING = 1 << 1,  /* unwinding a panic */
  CHAN_G_GOEXIT    = 1 << 2,  /* unwinding for runtime.Goexit */
  CHAN_G_RECOVERED = 1 << 3,  /* a deferred call recovered the panic */
};

typedef struct {
  int site;           /* instruction id of the go statement (or timer site); -1: entry */
  int flags;          /* CHAN_G_* */
  int wait;           /* wake-up word of the blocking operation in progress */
  int phase;          /* step of a multi-step library operation (0: none) */
  ChanVal panic_value;
  int panic_instr;    /* instruction that started the panic, or -1 */
  int n_frames, cap_frames;
  ChanFrame *frames;  /* owned */
  int n_stack, cap_stack;
  ChanVal *stack;     /* owned: the slots of every frame */
} ChanGoroutine;

typedef struct {
  int kind;           /* ChanObjKind */
  int type;           /* ChanType index, or -1 */
  int n;              /* number of slots */
  int base;           /* first slot in ChanState.heap */
} ChanObject;

/* Why a state is crashed. */
typedef enum {
  CHAN_CRASH_NONE = 0,
  CHAN_CRASH_PANIC,     /* a panic reached the top of a goroutine */
  CHAN_CRASH_FATAL,     /* a Go fatal error (unlock of unlocked mutex) */
} ChanCrash;

/* The objects a step read or wrote, recorded for partial-order reduction
 * (reduce.h) while ChanState.touch points here. */
#define CHAN_TOUCH_MAX 32
typedef struct {
  int n;
  int overflow;             /* more than CHAN_TOUCH_MAX: assume every object */
  uint32_t objects[CHAN_TOUCH_MAX];
} ChanTouch;

typedef struct {
  const ChanModel *model;   /* borrowed */
  int n_globals;
  ChanVal *globals;         /* owned: each a box (AGG of a BOX or aggregate) */
  int n_goroutines, cap_goroutines;
  ChanGoroutine *goroutines;/* owned; creation order */
  int n_objects, cap_objects;
  ChanObject *objects;      /* owned */
  int heap_len, heap_cap;
  ChanVal *heap;            /* owned: slots of all objects */
  int n_timer_roots, cap_timer_roots;
  uint32_t *timer_roots;    /* owned: pending AfterFunc timers (objects) */
  ChanCrash crash;
  int crash_instr;          /* instruction that started the fatal panic */
  int crash_site;           /* site of the goroutine that crashed */
  int crash_reason;         /* string index: "send on closed channel" ... */
  gboolean symmetry;        /* sort interchangeable goroutines when encoding */
  ChanTouch *touch;         /* borrowed, usually NULL: when set, the step
                               function records there each object it reads
                               or writes (not copied by chan_state_copy) */
  int *perm;                /* owned: after an encode, perm[i] is the index
                               goroutine i has in the encoded (canonical) state */
  uint32_t *piece_ends;     /* owned: after an encode, its pieces as
                               chan_state_split cuts them: ends and shared flags */
  uint8_t *piece_shared;
  int n_pieces, cap_pieces;
  /* scratch for encoding; owned */
  int *renumber;
  int cap_renumber;
  uint32_t *queue;
  int *order;
  uint64_t *signature;
  uint64_t *tie_key;
  int cap_order;
  uint8_t *unpacked;        /* owned: a stored state's bytes, unpacked
                               (chan_graph_state, explore.c) */
  size_t cap_unpacked;
} ChanState;

/* Returns an empty state for MODEL (no goroutines, globals NIL). Free with
 * chan_state_free. */
ChanState *chan_state_new (const ChanModel *model);
void chan_state_free (ChanState *state);
/* Makes DST an exact copy of SRC (reusing DST's buffers). */
void chan_state_copy (ChanState *dst, const ChanState *src);

/* Allocates an object of KIND with N slots, all NIL; returns its index.
 * Pointers into heap are invalidated. */
int chan_state_alloc (ChanState *state, int kind, int type, int n);
static inline ChanVal *chan_state_slots (ChanState *s, int obj)
{ return s->heap + s->objects[obj].base; }
/* Appends a goroutine running FUNC (arguments in ARGS[0..N_ARGS)); returns
 * its index. */
int chan_state_spawn (ChanState *state, int func, const ChanVal *args,
                      int n_args, int site, int flags);
/* Pushes a frame for FUNC on goroutine G; returns the frame (valid until the
 * next push).  Slots are NIL. */
ChanFrame *chan_state_push_frame (ChanState *state, int g, int func,
                                  int ret_dst, int flags);
void chan_state_pop_frame (ChanState *state, int g);
/* Removes goroutine G (its later goroutines move down by one). */
void chan_state_remove_goroutine (ChanState *state, int g);
static inline ChanVal *chan_state_frame_slots (ChanState *s, int g, const ChanFrame *f)
{ return s->goroutines[g].stack + f->base; }

/* Reachability, for partial-order reduction: each sets in BITS (one bit per
 * object of STATE, cleared by the caller) the objects reachable from a
 * root, following every reference in objects' slots.  A goroutine's roots
 * are its frames' live slots, deferred calls and panic value. */
void chan_state_reach_value (ChanState *state, const ChanVal *v, uint64_t *bits);
void chan_state_reach_goroutine (ChanState *state, int g, uint64_t *bits);
void chan_state_reach_globals (ChanState *state, uint64_t *bits);

/* Growable byte buffer the encoder writes into; owned by the caller. */
typedef struct {
  uint8_t *data;
  size_t len, cap;
} ChanBytes;
void chan_bytes_free (ChanBytes *bytes);

/* Writes the canonical encoding of STATE into OUT (replacing its content).
 * Also drops garbage from STATE's view: nothing of STATE changes. */
void chan_state_encode (ChanState *state, ChanBytes *out);
/* Cuts an encoding made by chan_state_encode into pieces, for the store's
 * collapse compression: piece i ends at ENDS[i] (the last at LEN); SHARED[i]
 * is 1 for a goroutine or an object (pieces that repeat across states), 0
 * for the counts between them.  Returns the number of pieces, or -1 when
 * there are more than MAX.  (The encoder leaves the same cut in the state's
 * piece_ends and piece_shared, without parsing.) */
int chan_state_split (const ChanModel *model, const uint8_t *data, size_t len, uint32_t *ends,
                      uint8_t *shared, int max);
/* Rebuilds STATE from an encoding made by chan_state_encode. */
void chan_state_decode (ChanState *state, const uint8_t *data, size_t len);

#endif
