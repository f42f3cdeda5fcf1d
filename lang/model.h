/* lang/model.h -- the process model: what a .chan file means, as data.
 * Owns: ChanModel (functions as control-flow graphs of ChanInstr, types,
 * constants, select tables, call sites, source texts), ChanVal (the value
 * word every state is made of), the library and opcode vocabularies.
 * Not: how instructions execute (checker/exec.c), how states are stored
 * (checker/state.c), how the tree is lowered (lang/lower.c).
 *
 * Invariants: instruction operands a, b, c, dst are frame slot indexes or -1;
 * every jump target is a pc inside the same function; every ChanInstr has a
 * source position and a text (index into strings) naming the operation in
 * source words. */
#ifndef CHAN_LANG_MODEL_H
#define CHAN_LANG_MODEL_H

#include <glib.h>
#include <stdint.h>
#include "lang/ast.h"

/* ---- values ------------------------------------------------------------ */

/* Kinds of ChanVal.  A value is one 16-byte word; aggregates live in heap
 * objects of the state and are referenced by index. */
typedef enum {
  CHAN_VAL_NIL = 0,   /* nil (pointer, channel, slice, map, func, interface) */
  CHAN_VAL_INT,       /* num: the 64-bit value */
  CHAN_VAL_BOOL,      /* num: 0 or 1 */
  CHAN_VAL_STRING,    /* ref: index into model strings (a literal) */
  CHAN_VAL_UNKNOWN,   /* an opaque value (SPEC 2.3); flags: CHAN_UNKNOWN_* facts;
                         num: the literal it is known to differ from */
  CHAN_VAL_FUNC,      /* ref: function index; num: closure environment object + 1
                         (0: none); flags bit 0: a library function (ref is a
                         ChanLib, the environment its context); bit 1: a
                         method value (the environment holds the receiver) */
  CHAN_VAL_AGG,       /* an aggregate held by value (struct, array, library
                         object such as sync.Mutex): ref = object */
  CHAN_VAL_PTR,       /* ref = object; num = slot index, or -1 for the whole
                         object (a pointer to a struct or library object) */
  CHAN_VAL_CHAN,      /* ref = channel object */
  CHAN_VAL_SLICE,     /* ref = backing object; num packs offset, length and
                         capacity (see chan_slice_*) */
  CHAN_VAL_MAP,       /* ref = the map's header object (CHAN_OBJ_MAP) */
  CHAN_VAL_N_KINDS
} ChanValKind;

/* Facts an UNKNOWN value carries after a branch tested it (SPEC 2.3). */
enum {
  CHAN_UNKNOWN_NONNIL = 1 << 0,   /* known to be different from nil */
  CHAN_UNKNOWN_NOT_NUM = 1 << 1,  /* known to differ from the integer in num */
  CHAN_UNKNOWN_NOT_STR = 1 << 2,  /* known to differ from the string literal num */
};

/* A scalar (INT, BOOL, UNKNOWN) that no behaviour depends on, put in place
 * of the value a program computed (lang/relevance.c): num 0, no facts.
 * Which parts of a value sent are untracked is a mask: bit 0 the value
 * itself (a scalar), bit d the scalar cells d levels down in the
 * aggregates it holds by value (bit 1: the fields of a struct sent). */
enum { CHAN_VAL_UNTRACKED = 1 << 7 };
enum { CHAN_UNTRACKED_DEPTH = 16 };

typedef struct {
  uint8_t kind;       /* ChanValKind */
  uint8_t flags;      /* UNKNOWN facts */
  uint16_t spare;     /* always 0 */
  uint32_t ref;       /* object, function or string index */
  int64_t num;        /* integer payload */
} ChanVal;

static inline ChanVal chan_val_int (int64_t n) { ChanVal v = { CHAN_VAL_INT, 0, 0, 0, n }; return v; }
static inline ChanVal chan_val_bool (int b) { ChanVal v = { CHAN_VAL_BOOL, 0, 0, 0, b != 0 }; return v; }
static inline ChanVal chan_val_nil (void) { ChanVal v = { CHAN_VAL_NIL, 0, 0, 0, 0 }; return v; }
static inline ChanVal chan_val_unknown (void) { ChanVal v = { CHAN_VAL_UNKNOWN, 0, 0, 0, 0 }; return v; }
static inline int
chan_val_is_untracked (const ChanVal *v)
{
  return (v->flags & CHAN_VAL_UNTRACKED)
         && (v->kind == CHAN_VAL_INT || v->kind == CHAN_VAL_BOOL || v->kind == CHAN_VAL_UNKNOWN);
}

/* Slices: offset, length and capacity, 21 bits each, packed into num. */
#define CHAN_SLICE_MAX ((1 << 21) - 1)
static inline int64_t chan_slice_pack (int64_t off, int64_t len, int64_t cap)
{ return off | (len << 21) | (cap << 42); }
static inline int64_t chan_slice_off (int64_t num) { return num & CHAN_SLICE_MAX; }
static inline int64_t chan_slice_len (int64_t num) { return (num >> 21) & CHAN_SLICE_MAX; }
static inline int64_t chan_slice_cap (int64_t num) { return (num >> 42) & CHAN_SLICE_MAX; }

/* ---- heap objects (their layout is used by checker/exec.c) -------------- */

typedef enum {
  CHAN_OBJ_BOX,       /* a variable that escapes (captured, addressed): 1 slot */
  CHAN_OBJ_STRUCT,    /* a struct: one slot per field (type: its ChanType) */
  CHAN_OBJ_ARRAY,     /* an array or a slice's backing array: one slot per element */
  CHAN_OBJ_CHAN,      /* slot 0: meta (num = capacity, ref = count, flags bit 0 =
                         closed); slot 1: timer backlink (PTR or NIL); slots 2..:
                         buffer, FIFO from slot 2 */
  CHAN_OBJ_ENV,       /* a closure environment: the captured boxes */
  CHAN_OBJ_DEFER,     /* a deferred call: slot 0 next DEFER, slot 1 function,
                         slots 2..: arguments */
  CHAN_OBJ_MUTEX,     /* slot 0: num 1 when locked */
  CHAN_OBJ_RWMUTEX,   /* slot 0: writer holds; 1: readers holding; 2: writers
                         waiting (announced); 3: readers granted after a writer */
  CHAN_OBJ_WAITGROUP, /* slot 0: counter; slot 1: generation (wakes waiters) */
  CHAN_OBJ_ONCE,      /* slot 0: 0 not run, 1 running, 2 done */
  CHAN_OBJ_COND,      /* slot 0: the Locker (PTR); slot 1: wake generation */
  CHAN_OBJ_TIMER,     /* slot 0: C (CHAN or NIL); 1: status (CHAN_TIMER_*);
                         2: kind (CHAN_TIMER_KIND_*); 3: callback FUNC or the
                         context it cancels; 4: site (instr id) */
  CHAN_OBJ_CONTEXT,   /* slot 0: done channel (CHAN); 1: parent (PTR or NIL);
                         2: first child (PTR); 3: next sibling (PTR);
                         4: err (0 none, 1 Canceled, 2 DeadlineExceeded);
                         5: deadline timer (PTR or NIL) */
  CHAN_OBJ_ATOMIC,    /* a sync/atomic value (atomic.Int64, atomic.Bool, ...):
                         slot 0: the value (NIL stands for the zero value) */
  CHAN_OBJ_MAP,       /* a map's header: slot 0: num = entries, ref unused;
                         slot 1: the storage (AGG of an ARRAY of key, value
                         pairs, 2 * capacity slots); type: the map's ChanType */
  CHAN_OBJ_N_KINDS
} ChanObjKind;

/* NIL value flags: a nil map knows it is one (reads give zero values,
 * writes panic). */
enum { CHAN_NIL_MAP = 1 << 0 };

enum { CHAN_TIMER_PENDING = 0, CHAN_TIMER_FIRED = 1, CHAN_TIMER_STOPPED = 2 };
enum { CHAN_TIMER_KIND_ONESHOT = 0, CHAN_TIMER_KIND_TICKER = 1,
       CHAN_TIMER_KIND_AFTERFUNC = 2, CHAN_TIMER_KIND_DEADLINE = 3 };

/* ---- types ------------------------------------------------------------- */

typedef enum {
  CHAN_TYPE_OPAQUE,   /* from outside the file: values are unknown */
  CHAN_TYPE_INT,      /* every integer type (and floats: modelled as unknown) */
  CHAN_TYPE_BOOL,
  CHAN_TYPE_STRING,
  CHAN_TYPE_NILABLE,  /* pointer, func, interface, map, chan, slice: zero is nil */
  CHAN_TYPE_STRUCT,   /* fields: names and types */
  CHAN_TYPE_ARRAY,    /* length, elem */
  CHAN_TYPE_LIB,      /* a sync value held by value: lib_obj is its ChanObjKind */
  CHAN_TYPE_FLOAT,    /* floats and complex: zero is 0, arithmetic is unknown */
  CHAN_TYPE_MAP,      /* map[K]V: zero is a nil map; elem: V */
} ChanTypeKind;

typedef struct {
  ChanTypeKind kind;
  char *name;             /* owned; Go spelling for messages ("Response", "[]int") */
  int elem;               /* ARRAY: element type; NILABLE channels: element type
                             (for the zero value a closed channel yields), or -1 */
  int length;             /* ARRAY */
  int lib_obj;            /* LIB: ChanObjKind */
  int n_fields;           /* STRUCT */
  char **field_names;     /* owned; STRUCT; NULL name for... never NULL */
  int *field_types;       /* owned; STRUCT */
  gboolean *field_embedded; /* owned; STRUCT: promoted field */
  int *field_pointee;     /* owned; STRUCT: for an embedded *T field, T's
                             struct type index (its fields and methods are
                             promoted too), else -1 */
  int named_struct;       /* STRUCT declared by 'type T struct': its index in
                             model methods tables (the type's own index) */
} ChanType;

/* ---- instructions ------------------------------------------------------- */

typedef enum {
  CHAN_I_NOP,
  CHAN_I_CONST,       /* dst = consts[aux] */
  CHAN_I_MOVE,        /* dst = a (no copy) */
  CHAN_I_COPY,        /* dst = a, aggregates copied deeply (Go assignment) */
  CHAN_I_ZERO,        /* dst = zero value of types[aux] (allocates aggregates) */
  CHAN_I_BOX,         /* a = new box holding a's value */
  CHAN_I_LOAD_BOX,    /* dst = *box(a) */
  CHAN_I_STORE_BOX,   /* *box(a) = b */
  CHAN_I_LOAD_GLOBAL, /* dst = globals[aux] */
  CHAN_I_STORE_GLOBAL,/* globals[aux] = a */
  CHAN_I_ADDR_GLOBAL, /* dst = &globals[aux] (globals live in box objects) */
  CHAN_I_UNARY,       /* dst = op(aux) a */
  CHAN_I_BINARY,      /* dst = a op(aux) b */
  CHAN_I_FIELD,       /* dst = a.field(aux: string index of the name) */
  CHAN_I_FIELD_ADDR,  /* dst = &a.field */
  CHAN_I_STORE_FIELD, /* a.field(aux) = b */
  CHAN_I_INDEX,       /* dst = a[b]; c: slot of the comma-ok result or -1 */
  CHAN_I_INDEX_ADDR,  /* dst = &a[b] */
  CHAN_I_STORE_INDEX, /* a[b] = c */
  CHAN_I_LOAD_PTR,    /* dst = *a */
  CHAN_I_STORE_PTR,   /* *a = b */
  CHAN_I_ADDR,        /* dst = &a where a holds an aggregate (PTR to it) */
  CHAN_I_NEW,         /* dst = new(types[aux]) */
  CHAN_I_MAKE_CHAN,   /* dst = make(chan types[aux], a) (a = -1: unbuffered) */
  CHAN_I_MAKE_SLICE,  /* dst = make([]types[aux], a, b) (b = -1: cap = len) */
  CHAN_I_APPEND,      /* dst = append(a, slots b .. b+c-1); flags ELLIPSIS: append(a, b...) */
  CHAN_I_LEN,         /* dst = len(a) */
  CHAN_I_CAP,         /* dst = cap(a) */
  CHAN_I_SLICE,       /* dst = a[b:c] (b, c may be -1) */
  CHAN_I_CLOSURE,     /* dst = func funcs[aux] capturing boxes in slots b .. b+c-1 */
  CHAN_I_JUMP,        /* pc = aux */
  CHAN_I_BRANCH,      /* if !a { pc = aux }; an unknown a is a choice (SPEC 2.3);
                         b: slot of the tested variable to refine, or -1;
                         c: the refinement (CHAN_REFINE_*); dst: slot of the
                         literal compared with (REFINE_EQ / REFINE_NE);
                         aux2: a loop condition's iteration counter slot + 1
                         (unknown outcomes staying in the loop are bounded) */
  CHAN_I_YIELD,       /* a scheduling point with no effect (loop back edge,
                         time.Sleep, runtime.Gosched) */
  CHAN_I_CALL,        /* dst.. = a(b .. b+c-1); aux: number of results */
  CHAN_I_CALL_METHOD, /* dst.. = a.method(strings[aux2])(b .. b+c-1); aux: results */
  CHAN_I_CALL_LIB,    /* dst.. = library function lib(aux2)(b .. b+c-1); aux: results */
  CHAN_I_CALL_OPAQUE, /* dst .. dst+aux-1 = unknown; the callee is not modelled */
  CHAN_I_GO,          /* go a(b .. b+c-1); aux2: see CHAN_INSTR_RECEIVER */
  CHAN_I_DEFER,       /* defer a(b .. b+c-1); aux2: see CHAN_INSTR_RECEIVER */
  CHAN_I_RETURN,      /* leave the function: run deferred calls, then return */
  CHAN_I_PANIC,       /* panic(a); aux: CHAN_PANIC_* */
  CHAN_I_RECOVER,     /* dst = recover() */
  CHAN_I_SEND,        /* a <- b; aux2: the untracked mask (relevance.c) */
  CHAN_I_RECV,        /* dst = <-a; c: slot of ok or -1 */
  CHAN_I_CLOSE,       /* close(a) */
  CHAN_I_SELECT,      /* selects[aux] */
  CHAN_I_RANGE_NEXT,  /* iteration over a: a slice, array, int, string or unknown.
                         b: index slot (int, starts at 0, advanced here);
                         dst: key out or -1; c: value out or -1; aux: exit pc */
  CHAN_I_GOEXIT,      /* runtime.Goexit, t.FailNow and friends */
  CHAN_I_ADDR_BOX,    /* dst = &x where slot a holds x's box */
  CHAN_I_MAKE_MAP,    /* dst = make(types[aux]) (a map) */
  CHAN_I_WRAP,        /* dst = a truncated to aux bits, signed when aux2 is 1
                         (int8 ... uint32, uint64 arithmetic wraps as in Go) */
  CHAN_I_DELETE,      /* delete(a, b) */
  CHAN_I_TYPE_TEST,   /* dst = (a holds a value of the Go type aux and aux2
                         describe, CHAN_TEST_*): a bool, or unknown when the
                         model cannot tell (a is unknown, or its kind of value
                         is shared by several Go types); nil never passes */
  CHAN_I_N_OPS
} ChanOpcode;

/* Refinements a BRANCH applies to the tested variable on each outcome. */
enum {
  CHAN_REFINE_NONE = 0,
  CHAN_REFINE_TRUTH,     /* if v: true side v = true, false side v = false */
  CHAN_REFINE_NOT,       /* if !v */
  CHAN_REFINE_IS_NIL,    /* if v == nil */
  CHAN_REFINE_NOT_NIL,   /* if v != nil */
  CHAN_REFINE_EQ,        /* if v == literal (slot dst) */
  CHAN_REFINE_NE,        /* if v != literal */
};

/* TYPE_TEST operands.  aux >= 0: the struct type aux of the file, held by
 * value (an AGG) or, with CHAN_TEST_POINTER in aux2, a pointer to one; the
 * test is exact.  Negative aux: */
enum {
  CHAN_TEST_ANY = -1,    /* interface{}, any: every non-nil value passes */
  CHAN_TEST_CHAN = -2,   /* a channel (the dispatch of 'for range') */
  CHAN_TEST_IFACE = -3,  /* an interface with methods, or a type the model
                            does not know: a non-nil value may pass (unknown),
                            but one of a kind in the mask aux2 (bit 1 << kind:
                            bool, string when no named type has them, so
                            they have no methods) fails */
  CHAN_TEST_KIND = -4,   /* a type that is not a struct of the file (int,
                            string, []T, chan T, a named int ...): its values
                            have the ChanValKind aux2 & CHAN_TEST_KIND_MASK;
                            a value of another kind, or a struct or pointer
                            to one, fails; one of this kind passes when
                            CHAN_TEST_EXACT, else the test is unknown */
};
enum {
  CHAN_TEST_KIND_MASK = 0xff,
  CHAN_TEST_POINTER = 1 << 8,  /* aux >= 0: the type is *T */
  CHAN_TEST_EXACT = 1 << 9,    /* CHAN_TEST_KIND: no other Go type of the
                                  program has values of this kind (string or
                                  bool in a file that names no other type of
                                  them) */
};

/* Kinds of explicit and run-time panics. */
enum {
  CHAN_PANIC_EXPLICIT = 0,
  CHAN_PANIC_RUNTIME,
};

/* ChanInstr.flags */
enum {
  CHAN_INSTR_VISIBLE  = 1 << 0,  /* a scheduling point: a transition stops before it */
  CHAN_INSTR_ELLIPSIS = 1 << 1,  /* APPEND / CALL with xs... */
  CHAN_INSTR_BLOCKING = 1 << 3,  /* may block (SEND, RECV, SELECT, lock, wait...) */
  CHAN_INSTR_RANGE    = 1 << 4,  /* RECV of a 'for range ch' (blocked at 'for') */
  CHAN_INSTR_INVERT   = 1 << 5,  /* BRANCH: jump when the condition is true */
  CHAN_INSTR_RECEIVER = 1 << 7,  /* GO/DEFER: the first operand is the
                                    receiver of method aux2 (strings index):
                                    copied at the statement when the method
                                    has a value receiver, else passed as is */
  CHAN_INSTR_OPTIONAL = 1 << 8,  /* CALL_METHOD: call the file's method named
                                    aux2, else the one named aux, else nothing
                                    (fmt calling Error() / String());
                                    CALL_OPAQUE: the results are not nil
                                    (errors.New); TYPE_TEST: an undecided test
                                    passes (x.(T) on a value from outside, or
                                    on one whose Go type the model cannot
                                    tell: an int asserted to int) */
  CHAN_INSTR_CLEANUP  = 1 << 9,  /* DEFER: t.Cleanup: runs when the goroutine's
                                    first function returns, after its defers */
  CHAN_INSTR_UNTRACKED = 1 << 10, /* SEND: part of what it sends is a value no
                                    behaviour depends on (lang/relevance.c):
                                    aux2 says which (the untracked mask) */
  CHAN_INSTR_DST_UNTRACKED = 1 << 11, /* no behaviour depends on the scalar it
                                    writes to dst (lang/relevance.c): it is
                                    replaced by CHAN_VAL_UNTRACKED */
};

typedef struct {
  uint16_t op;        /* ChanOpcode */
  uint16_t flags;     /* CHAN_INSTR_* */
  int32_t dst, a, b, c;
  int32_t aux, aux2;
  ChanPos pos;        /* location reported for this operation */
  int32_t text;       /* strings index: the operation in source words */
  int32_t id;         /* model-wide instruction id (for sites and findings) */
  int32_t live;       /* slots [0, live) may be read at or after this
                         instruction; the others are dead (not encoded) */
} ChanInstr;

/* A select statement: its cases, evaluated operands in slots. */
typedef struct {
  gboolean is_send;
  int chan;           /* slot of the channel */
  int value;          /* send: slot of the value; receive: destination or -1 */
  int ok;             /* receive: destination of ok, or -1 */
  int target;         /* pc of the case body */
  int untracked;      /* send: as a SEND's aux2 (chan_untracked_mask) */
  ChanPos pos;
  int text;           /* strings index: "case v := <-ch" */
} ChanSelectCase;

typedef struct {
  int n_cases;
  ChanSelectCase *cases;  /* owned */
  int default_target;     /* pc, or -1 without default */
} ChanSelect;

/* A function: a control-flow graph.  Frame layout: params [0, n_params),
 * results [n_params, n_params + n_results), captured boxes
 * [n_params + n_results, + n_captured), then locals and temporaries. */
typedef struct {
  char *name;             /* owned: "Read", "Read.func1", "(*Server).Run" */
  ChanPos pos;            /* declaration ('func' keyword); name_pos the name */
  ChanPos name_pos;
  int n_params;
  int n_results;
  int n_captured;
  int n_slots;
  gboolean variadic;      /* last parameter is ...T (packed by the caller) */
  int epilogue;           /* pc of the RETURN that runs deferred calls */
  int receiver_type;      /* methods: the struct type index; else -1 */
  gboolean pointer_receiver;
  GArray *code;           /* of ChanInstr */
  guint32 boxed_results;  /* bit i: named result i is shared (a deferred
                             closure assigns it): its slot holds a box */
  int live_words;         /* words of a liveness bitset */
  guint64 *live_bits;     /* owned: for each pc, live_words words: the slots
                             that may be read at or after pc before being
                             written (chan_model_compute_liveness) */
  int *live_start;        /* owned: code->len + 1 offsets into live_list */
  guint64 untracked_params; /* bit p: no behaviour depends on parameter p
                             (lang/relevance.c); a scalar argument is passed
                             as CHAN_VAL_UNTRACKED */
  int *live_list;         /* owned: for pc, live_list[live_start[pc] ..
                             live_start[pc + 1]) are the slots below the
                             instruction's watermark that live_bits marks:
                             the ones a state stores, in order */
} ChanFunc;

/* Library functions and methods (CALL_LIB aux2 / methods by name). */
typedef enum {
  CHAN_LIB_TIME_SLEEP, CHAN_LIB_TIME_AFTER, CHAN_LIB_TIME_NEW_TIMER,
  CHAN_LIB_TIME_NEW_TICKER, CHAN_LIB_TIME_TICK, CHAN_LIB_TIME_AFTER_FUNC,
  CHAN_LIB_CONTEXT_BACKGROUND, CHAN_LIB_CONTEXT_WITH_CANCEL,
  CHAN_LIB_CONTEXT_WITH_TIMEOUT, CHAN_LIB_CONTEXT_CANCEL, /* the cancel function */
  CHAN_LIB_SYNC_NEW_COND, CHAN_LIB_RUNTIME_GOSCHED, CHAN_LIB_RUNTIME_GOEXIT,
  CHAN_LIB_ATOMIC_ADD, CHAN_LIB_ATOMIC_LOAD, CHAN_LIB_ATOMIC_STORE,
  CHAN_LIB_ATOMIC_SWAP, CHAN_LIB_ATOMIC_CAS,
  CHAN_LIB_N
} ChanLib;

/* Methods of library objects (sync, time, context, atomic values), by
 * name: exec.c dispatches on these, the model maps names to them once. */
typedef enum {
  CHAN_METHOD_NONE, CHAN_METHOD_LOCK, CHAN_METHOD_UNLOCK, CHAN_METHOD_RLOCK,
  CHAN_METHOD_RUNLOCK, CHAN_METHOD_TRYLOCK, CHAN_METHOD_TRYRLOCK, CHAN_METHOD_ADD,
  CHAN_METHOD_DONE, CHAN_METHOD_WAIT, CHAN_METHOD_GO, CHAN_METHOD_DO, CHAN_METHOD_SIGNAL,
  CHAN_METHOD_BROADCAST, CHAN_METHOD_STOP, CHAN_METHOD_RESET, CHAN_METHOD_ERR,
  CHAN_METHOD_VALUE, CHAN_METHOD_DEADLINE, CHAN_METHOD_RLOCKER, CHAN_METHOD_LOAD,
  CHAN_METHOD_STORE, CHAN_METHOD_SWAP, CHAN_METHOD_COMPARE_AND_SWAP,
} ChanLibMethod;

typedef struct {
  char *filename;         /* owned */
  GPtrArray *funcs;       /* of ChanFunc*, owned */
  GArray *types;          /* of ChanType */
  GArray *consts;         /* of ChanVal */
  GPtrArray *strings;     /* of char*, owned: literals, names, operation texts */
  GHashTable *string_index; /* char* -> index+1 (keys borrowed from strings) */
  GArray *selects;        /* of ChanSelect */
  int n_globals;
  char **global_names;    /* owned */
  int init_func;          /* the function that initialises globals and runs init() */
  int entry_func;         /* the entry */
  GPtrArray *opaque_calls;/* of char*, owned: "Get (examples/x.chan:7:9)", sorted */
  GPtrArray *instrs;      /* of ChanInstr* (borrowed into funcs' code), by id */
  GArray *instr_func;     /* of int: the function of each instruction id */
  GArray *methods;        /* of ChanMethod */
  guint8 *lib_methods;    /* owned: ChanLibMethod of each string (a name) */
  guint n_lib_methods;    /* strings covered by lib_methods */
} ChanModel;

typedef struct {
  int type;               /* struct type index */
  int name;               /* strings index */
  int func;               /* function index */
} ChanMethod;

/* Returns the index of S in model strings, adding a copy when new. */
int chan_model_intern (ChanModel *model, const char *s);
/* Borrowed string of index I. */
static inline const char *chan_model_string (const ChanModel *m, int i)
{ return (const char *) g_ptr_array_index (m->strings, i); }
static inline ChanFunc *chan_model_func (const ChanModel *m, int i)
{ return (ChanFunc *) g_ptr_array_index (m->funcs, i); }
static inline ChanInstr *chan_model_instr (const ChanModel *m, int id)
{ return (ChanInstr *) g_ptr_array_index (m->instrs, id); }
static inline ChanType *chan_model_type (const ChanModel *m, int i)
{ return &g_array_index (m->types, ChanType, i); }
/* Finds method NAME (strings index) of struct type TYPE, following embedded
 * fields; returns the function index or -1.  *PATH receives the embedded
 * field indexes to walk (at most 8, ended by -1). */
int chan_model_find_method (const ChanModel *m, int type, int name, int *path);
/* Finds field NAME of struct type TYPE, following embedded fields (held by
 * value or through a pointer, *T): returns
 * the field index at the end of *PATH (walk path[0], path[1] ... ended by -1),
 * or -1 when there is none. */
int chan_model_find_field (const ChanModel *m, int type, int name, int *path);

ChanModel *chan_model_new (const char *filename);
void chan_model_free (ChanModel *model);
/* Fills lib_methods for every string interned so far (call once the
 * model is built). */
void chan_model_index_lib_methods (ChanModel *model);
/* The library method string NAME names (CHAN_METHOD_NONE for others). */
static inline ChanLibMethod
chan_model_lib_method (const ChanModel *m, int name)
{
  return name >= 0 && (guint) name < m->n_lib_methods ? (ChanLibMethod) m->lib_methods[name]
                                                      : CHAN_METHOD_NONE;
}

/* Computes every function's live_bits: a backward dataflow over its
 * control-flow graph.  Result slots are always live (a panic may reach the
 * epilogue from anywhere, and it returns them). */
void chan_model_compute_liveness (ChanModel *model);
/* Is SLOT live at PC of function FN? */
static inline gboolean
chan_func_slot_live (const ChanFunc *fn, int pc, int slot)
{
  if (fn->live_bits == NULL || pc >= (int) fn->code->len)
    return TRUE;
  return (fn->live_bits[(size_t) pc * (size_t) fn->live_words + (size_t) (slot >> 6)] >> (slot & 63)) & 1;
}

/* The pcs control may go to from PC of FN: returns how many, and writes
 * the first CAP of them into OUT (a select has one per case and default).
 * A panic's jump to the epilogue is not listed. */
int chan_func_successors (const ChanModel *m, const ChanFunc *fn, int pc, int *out, int cap);

/* Appends a dump of the model (functions, instructions) for --dump=model. */
void chan_model_dump (const ChanModel *model, GString *out);
const char *chan_opcode_name (ChanOpcode op);
const char *chan_lib_name (ChanLib lib);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChanModel, chan_model_free)

#endif
