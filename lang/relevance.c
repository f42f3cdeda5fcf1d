/* lang/relevance.c -- which values no behaviour depends on.
 * Owns: a whole-program analysis of the process model that finds the
 * channel payloads (and the fields of structs sent), the parameters and the
 * values instructions write whose values cannot influence anything the
 * checker decides: no branch, no choice of channel, function or object, no
 * panic, no library call.  It marks them: CHAN_INSTR_UNTRACKED with a mask
 * in a send's aux2 (ChanSelectCase.untracked for select sends),
 * ChanFunc.untracked_params, CHAN_INSTR_DST_UNTRACKED.  A worker pool that
 * sends results only to print them then sends one canonical value, and
 * states that differ only in those results are one state.
 * Not: putting the canonical value (checker/exec.c does, unless
 * --no-reduce), liveness (model.c).
 *
 * Three phases (the argument is in doc/untracked-values.md):
 *  0. Webs: a frame slot is reused for many temporaries, so each slot is
 *     split into webs (the definitions that reach a common use, with the
 *     uses they reach); every web is a node.  The instructions' reads and
 *     writes are collected by running the same transfer code (instr_flow)
 *     once in a collecting mode, so the two cannot disagree.
 *  1. Where values may point: Steensgaard's unification.  Every web and
 *     global is a node.  The objects a node's value may reference form
 *     a class node; all cells of a class's objects (a box, the fields, the
 *     elements, a map's entries, a channel's buffer) are one location, and
 *     what they reference is the class's own pointee class.  A class of
 *     function values carries the functions it may hold.  Passes repeat
 *     until nothing merges or grows, since calls through function values
 *     link more as the sets grow.
 *  2. Relevance, backwards over "depends" edges recorded by a last pass:
 *     a location is relevant when a decision reads it (a sink) or when a
 *     relevant location is computed from it.
 * TOP is the class of everything the library creates or is given: it is
 * relevant and its own pointee class.  Whatever this file does not follow
 * precisely goes through TOP or a sink, so an error costs precision, never
 * soundness: that is the invariant to keep when adding an opcode. */
#include <limits.h>
#include <string.h>
#include "lang/relevance.h"
#include "lang/union_find.h"

/* A read or a write of a frame slot by an instruction: a sure write
 * starts a new value; a may write (a read-modify-write, such as a branch
 * refining what it tested) keeps the old one's web; a write on an edge
 * happens only when control goes to its target (a range's next element, a
 * select case's value). */
typedef enum { ACCESS_READ, ACCESS_WRITE, ACCESS_MAY_WRITE, ACCESS_EDGE_WRITE } AccessKind;

typedef struct {
  int pc, slot;
  int kind;                /* AccessKind */
  int target;              /* EDGE_WRITE: the pc the edge goes to; else -1 */
} Access;

/* A function's slots split into webs. */
typedef struct {
  int *start;              /* owned: per pc, its first access (code->len + 1) */
  Access *access;          /* owned: in pc order */
  int *node;               /* owned: per access, its web's node */
  int *entry_node;         /* owned: per slot, the web of its value on entry
                              (parameters, captured boxes; a result slot is
                              one web) */
} FuncWebs;

typedef struct {
  const ChanModel *model;
  FuncWebs *webs;          /* owned: per function */
  gboolean collecting;     /* phase 0: record accesses, nodes are DUMMY */
  GArray *collected;       /* Access: the current function's, while collecting */
  int pc;                  /* the instruction being run through instr_flow */
  int dummy;               /* the node every access gives while collecting */
  int global_base;         /* node of global 0 */
  GArray *parent;          /* int per node: union-find */
  GArray *pointee;         /* int per node: its pointee class, or -1 */
  GArray *library;         /* guint8 per class: may hold library functions */
  GPtrArray *funcs;        /* per class: GArray of function indexes, or NULL */
  guint8 *method_value;    /* owned, per function: bound as x.M (receiver first) */
  GHashTable *methods;     /* name (strings index) -> GArray of functions */
  GArray *work;            /* int pairs: unifications pending */
  int top;
  gboolean embedded;       /* some struct embeds another type */
  gboolean changed;        /* the last pass merged or grew something */
  gboolean record;         /* the last pass: record edges and sinks */
  GArray *edges;           /* int pairs (node, source): node relevant => source relevant */
  GArray *deep_edges;      /* int pairs: node relevant => source's objects relevant, deeply */
  GArray *sinks;           /* int: relevant nodes */
  GArray *deep_sinks;      /* int: nodes whose objects are read deeply */
} Analysis;

#define PARENT(n) g_array_index (an->parent, int, (n))
#define POINTEE(n) g_array_index (an->pointee, int, (n))
#define LIBRARY(n) g_array_index (an->library, guint8, (n))

static int
node_new (Analysis *an)
{
  int n = (int) an->parent->len, none = -1;
  guint8 no = 0;
  g_array_append_val (an->parent, n);
  g_array_append_val (an->pointee, none);
  g_array_append_val (an->library, no);
  g_ptr_array_add (an->funcs, NULL);
  return n;
}

/* The class of node N (the root of its set: lang/union_find.h). */
static inline int
find (Analysis *an, int n)
{
  return (int) chan_union_find_root ((uint32_t *) (void *) an->parent->data, (uint32_t) n);
}

/* The pointee class of node N, made when it has none. */
static int
pointees (Analysis *an, int n)
{
  int r = find (an, n), p = POINTEE (r);
  if (p < 0)
    {
      p = node_new (an);
      POINTEE (r) = p;
    }
  return find (an, p);
}

/* The pointee class of N, or -1: for the second phase, which adds no node. */
static int
pointees_known (Analysis *an, int n)
{
  int p = POINTEE (find (an, n));
  return p < 0 ? -1 : find (an, p);
}

static gboolean
funcs_add (Analysis *an, int class, int f)
{
  int r = find (an, class);
  GArray *set = g_ptr_array_index (an->funcs, r);
  if (set == NULL)
    {
      set = g_array_new (FALSE, FALSE, sizeof (int));
      g_ptr_array_index (an->funcs, r) = set;
    }
  for (guint i = 0; i < set->len; i++)
    if (g_array_index (set, int, i) == f)
      return FALSE;
  g_array_append_val (set, f);
  an->changed = TRUE;
  return TRUE;
}

/* Merges classes A and B, then their pointee classes, and so on. */
static void
unify (Analysis *an, int a, int b)
{
  g_array_append_val (an->work, a);
  g_array_append_val (an->work, b);
  while (an->work->len > 0)
    {
      int x = find (an, g_array_index (an->work, int, an->work->len - 2));
      int y = find (an, g_array_index (an->work, int, an->work->len - 1));
      GArray *ys;
      g_array_set_size (an->work, an->work->len - 2);
      if (x == y)
        continue;
      if (y == an->top)
        {
          int t = x;
          x = y;
          y = t;
        }
      an->changed = TRUE;
      PARENT (y) = x;
      LIBRARY (x) |= LIBRARY (y);
      ys = g_ptr_array_index (an->funcs, y);
      if (ys)
        {
          for (guint i = 0; i < ys->len; i++)
            funcs_add (an, x, g_array_index (ys, int, i));
          g_array_free (ys, TRUE);
          g_ptr_array_index (an->funcs, y) = NULL;
        }
      if (POINTEE (x) < 0)
        POINTEE (x) = POINTEE (y);
      else if (POINTEE (y) >= 0)
        {
          int px = POINTEE (x), py = POINTEE (y);
          g_array_append_val (an->work, px);
          g_array_append_val (an->work, py);
        }
    }
}

/* ---- what a pass records --------------------------------------------------- */

static void
depends (Analysis *an, int node, int source)
{
  if (an->record && node >= 0 && source >= 0)
    {
      g_array_append_val (an->edges, node);
      g_array_append_val (an->edges, source);
    }
}

static void
depends_deeply (Analysis *an, int node, int source)
{
  if (an->record && node >= 0 && source >= 0)
    {
      g_array_append_val (an->deep_edges, node);
      g_array_append_val (an->deep_edges, source);
    }
}

static void
sink (Analysis *an, int node)
{
  if (an->record && node >= 0)
    g_array_append_val (an->sinks, node);
}

/* NODE is read with everything its value references (== on structs,
 * map keys). */
static void
sink_deeply (Analysis *an, int node)
{
  sink (an, node);
  if (an->record && node >= 0)
    g_array_append_val (an->deep_sinks, node);
}

/* ---- value movements ------------------------------------------------------- */

/* The node of the web of SLOT that instruction an->pc of function FUNC
 * reads or writes (KIND).  While collecting, records the access. */
static int
slot_access (Analysis *an, int func, int slot, AccessKind kind, int target)
{
  const FuncWebs *w;
  if (slot < 0)
    return -1;
  if (an->collecting)
    {
      Access a = { an->pc, slot, kind, kind == ACCESS_EDGE_WRITE ? target : -1 };
      g_array_append_val (an->collected, a);
      return an->dummy;
    }
  w = &an->webs[func];
  for (int i = w->start[an->pc]; i < w->start[an->pc + 1]; i++)
    if (w->access[i].slot == slot && w->access[i].kind == (int) kind
        && (kind != ACCESS_EDGE_WRITE || w->access[i].target == target))
      return w->node[i];
  g_return_val_if_reached (an->top);
}

/* The node of SLOT of function FUNC on entry: a parameter as passed, a
 * captured box, a result slot. */
static int
frame_node (Analysis *an, int func, int slot)
{
  if (slot < 0)
    return -1;
  return an->collecting ? an->dummy : an->webs[func].entry_node[slot];
}

/* X and Y may hold the same references. */
static void
alias (Analysis *an, int x, int y)
{
  if (x >= 0 && y >= 0)
    unify (an, pointees (an, x), pointees (an, y));
}

/* DST takes a value from the cells of CLASS. */
static void
load (Analysis *an, int dst, int class)
{
  if (dst < 0)
    return;
  unify (an, pointees (an, dst), pointees (an, class));
  depends (an, dst, class);
}

/* The cells of CLASS take the value of SRC. */
static void
store (Analysis *an, int class, int src)
{
  if (src < 0)
    return;
  unify (an, pointees (an, class), pointees (an, src));
  depends (an, class, src);
}

/* The library is given NODE's value: a decision may read it, and what it
 * references is the library's. */
static void
give_library (Analysis *an, int node)
{
  if (node < 0)
    return;
  sink_deeply (an, node);
  unify (an, pointees (an, node), an->top);
}

/* The class of the objects whose cells a field access or a method call on
 * the value of NODE may reach: with embedded structs, the walk may go
 * through a chain of pointee classes, merged into one. */
static int
struct_class (Analysis *an, int node)
{
  int c = pointees (an, node);
  if (an->embedded)
    unify (an, c, pointees (an, c));
  return find (an, c);
}

/* FN's parameters from index SHIFT take ARGS (N nodes). */
static void
pass_arguments (Analysis *an, int fn, const int *args, int n, int shift)
{
  const ChanFunc *f = chan_model_func (an->model, fn);
  for (int i = 0; i < n; i++)
    {
      int p = i + shift;
      if (args[i] < 0)
        continue;
      if (f->variadic && p >= f->n_params - 1)
        {
          /* packed into a slice, or the slice itself with xs... */
          int last = frame_node (an, fn, f->n_params - 1);
          store (an, pointees (an, last), args[i]);
          alias (an, last, args[i]);
          depends (an, last, args[i]);
        }
      else if (p < f->n_params)
        {
          int q = frame_node (an, fn, p);
          alias (an, q, args[i]);
          depends (an, q, args[i]);
        }
    }
}

/* The nodes RESULTS (N_RESULTS, -1: discarded) take FN's results. */
static void
take_results (Analysis *an, int fn, const int *results, int n_results)
{
  const ChanFunc *f = chan_model_func (an->model, fn);
  for (int k = 0; k < n_results && k < f->n_results; k++)
    {
      int r = frame_node (an, fn, f->n_params + k), d = results[k];
      if (d < 0)
        continue;
      alias (an, d, r);
      depends (an, d, r);
      if (k < 32 && ((f->boxed_results >> k) & 1))
        load (an, d, pointees (an, r));   /* read through its box */
    }
}

/* A call of the library: ARGS are given to it, the RESULTS are its own. */
static void
library_call (Analysis *an, const int *args, int n, const int *results, int n_results)
{
  for (int i = 0; i < n; i++)
    give_library (an, args[i]);
  for (int k = 0; k < n_results; k++)
    if (results[k] >= 0)
      unify (an, pointees (an, results[k]), an->top);
}

/* A call through a function value of class CLASS. */
static void
call_class (Analysis *an, int class, const int *args, int n, const int *results, int n_results)
{
  GArray *set = g_ptr_array_index (an->funcs, find (an, class));
  int n_funcs = set ? (int) set->len : 0;
  int *funcs = n_funcs ? g_memdup2 (set->data, sizeof (int) * (gsize) n_funcs) : NULL;
  gboolean library = LIBRARY (find (an, class));
  /* the set may move while linking merges classes: walk a copy */
  for (int i = 0; i < n_funcs; i++)
    {
      pass_arguments (an, funcs[i], args, n, 0);
      if (an->method_value[funcs[i]])
        pass_arguments (an, funcs[i], args, n, 1);
      take_results (an, funcs[i], results, n_results);
    }
  if (library)
    library_call (an, args, n, results, n_results);
  g_free (funcs);
}

/* FN may be called as a method value bound to the value of RECEIVER, whose
 * objects are in class OBJECTS. */
static void
bind_receiver (Analysis *an, int fn, int receiver, int objects)
{
  const ChanFunc *f = chan_model_func (an->model, fn);
  int self;
  if (f->n_params == 0)
    return;
  self = frame_node (an, fn, 0);
  unify (an, pointees (an, self), objects);
  depends (an, self, receiver);
  depends (an, self, objects);
}

/* The function values of class FUNCS may be FN bound to the value of
 * RECEIVER (objects in class OBJECTS): x.M taken as a value. */
static void
bind_method_value (Analysis *an, int funcs, int fn, int receiver, int objects)
{
  funcs_add (an, funcs, fn);
  if (!an->method_value[fn])
    an->changed = TRUE;
  an->method_value[fn] = 1;
  bind_receiver (an, fn, receiver, objects);
}

static GArray *
methods_named (Analysis *an, int name)
{
  return g_hash_table_lookup (an->methods, GINT_TO_POINTER (name));
}

/* ---- one instruction ------------------------------------------------------- */

#define U(k) slot_access (an, fi, (k), ACCESS_READ, -1)
#define D(k) slot_access (an, fi, (k), ACCESS_WRITE, -1)
#define M(k) slot_access (an, fi, (k), ACCESS_MAY_WRITE, -1)
#define E(k, t) slot_access (an, fi, (k), ACCESS_EDGE_WRITE, (t))

/* The flow of instruction IN of function FI (at an->pc).  Every slot it
 * reads is named by U, every slot it surely writes by D (a new web starts
 * there), it modifies by M, it writes on the edge to pc T by E (k, T);
 * unconditionally, since collecting relies on it, and reads before
 * writes. */
static void
instr_flow (Analysis *an, int fi, const ChanInstr *in)
{
  const ChanModel *m = an->model;
  int args[64], results[64], n = 0, n_results = 0, c, callee = -1;

  if (in->op == CHAN_I_CALL || in->op == CHAN_I_CALL_METHOD || in->op == CHAN_I_CALL_LIB
      || in->op == CHAN_I_CALL_OPAQUE || in->op == CHAN_I_GO || in->op == CHAN_I_DEFER)
    {
      /* the function or receiver, then the arguments, are read before any
         result is written */
      if (in->op == CHAN_I_CALL || in->op == CHAN_I_CALL_METHOD || in->op == CHAN_I_GO
          || in->op == CHAN_I_DEFER)
        callee = U (in->a);
      n = in->b >= 0 && in->op != CHAN_I_CALL_OPAQUE ? MIN (in->c, 64) : 0;
      for (int i = 0; i < n; i++)
        args[i] = U (in->b + i);
      /* results are written when the call returns (a library method
         without results writes none, but Go code cannot read them) */
      if (in->op != CHAN_I_GO && in->op != CHAN_I_DEFER && in->dst >= 0)
        n_results = MIN (in->aux, 64);
      for (int k = 0; k < n_results; k++)
        results[k] = D (in->dst + k);
    }
  switch ((ChanOpcode) in->op)
    {
    case CHAN_I_NOP: case CHAN_I_YIELD: case CHAN_I_JUMP: case CHAN_I_GOEXIT:
    case CHAN_I_RETURN: case CHAN_I_N_OPS:
      break;
    case CHAN_I_CONST:
      {
        ChanVal v = g_array_index (m->consts, ChanVal, in->aux);
        int d = D (in->dst);
        if (v.kind != CHAN_VAL_FUNC)
          break;
        c = pointees (an, d);
        if (v.flags & 1)
          {
            if (!LIBRARY (c))
              an->changed = TRUE;
            LIBRARY (c) = 1;
          }
        else
          funcs_add (an, c, (int) v.ref);
        break;
      }
    case CHAN_I_MOVE: case CHAN_I_COPY: case CHAN_I_WRAP:
      {
        int a = U (in->a), d = D (in->dst);
        alias (an, d, a);
        depends (an, d, a);
        break;
      }
    case CHAN_I_ZERO: case CHAN_I_NEW:
      D (in->dst);   /* fresh objects */
      break;
    case CHAN_I_MAKE_MAP:
      /* the header's storage array is one class with the header */
      c = pointees (an, D (in->dst));
      unify (an, c, pointees (an, c));
      break;
    case CHAN_I_BOX:
      {
        /* slot a now references a box that holds its old value */
        int old = U (in->a), box = pointees (an, D (in->a));
        store (an, box, old);
        break;
      }
    case CHAN_I_LOAD_BOX:
      {
        int a = U (in->a), d = D (in->dst);
        sink (an, a);
        load (an, d, pointees (an, a));
        break;
      }
    case CHAN_I_STORE_BOX:
      {
        int a = U (in->a), b = U (in->b);
        sink (an, a);
        store (an, pointees (an, a), b);
        break;
      }
    case CHAN_I_LOAD_GLOBAL:
      load (an, D (in->dst), pointees (an, an->global_base + in->aux));
      break;
    case CHAN_I_STORE_GLOBAL:
      store (an, pointees (an, an->global_base + in->aux), U (in->a));
      break;
    case CHAN_I_ADDR_GLOBAL:
      {
        /* a pointer to the global's box, or to the aggregate it holds */
        int d = D (in->dst);
        c = pointees (an, an->global_base + in->aux);
        unify (an, c, pointees (an, c));
        unify (an, pointees (an, d), find (an, c));
        break;
      }
    case CHAN_I_UNARY: case CHAN_I_LEN: case CHAN_I_CAP:
      {
        int a = U (in->a);
        depends (an, D (in->dst), a);
        break;
      }
    case CHAN_I_BINARY:
      {
        int a = U (in->a), b = U (in->b), d = D (in->dst);
        depends (an, d, a);
        depends (an, d, b);
        if (in->aux == CHAN_OP_EQ || in->aux == CHAN_OP_NE)
          {
            /* structs compare field by field */
            depends_deeply (an, d, a);
            depends_deeply (an, d, b);
          }
        if (in->aux == CHAN_OP_DIV || in->aux == CHAN_OP_MOD || in->aux == CHAN_OP_SHL
            || in->aux == CHAN_OP_SHR)
          sink (an, b);   /* divide by zero, negative shift */
        break;
      }
    case CHAN_I_FIELD: case CHAN_I_FIELD_ADDR: case CHAN_I_STORE_FIELD:
      {
        int a = U (in->a);
        sink (an, a);
        c = struct_class (an, a);
        if (in->op == CHAN_I_STORE_FIELD)
          store (an, c, U (in->b));
        else if (in->op == CHAN_I_FIELD_ADDR)
          {
            /* a pointer to the cell, or to the aggregate in the cell */
            int d = D (in->dst);
            unify (an, c, pointees (an, c));
            unify (an, pointees (an, d), find (an, c));
          }
        else
          {
            GArray *named = methods_named (an, in->aux);
            int d = D (in->dst), fc;
            load (an, d, c);
            /* x.M as a value: a method bound to x (or a library method's
               wrapper, aux2 - 1) */
            fc = pointees (an, d);
            for (guint i = 0; named && i < named->len; i++)
              bind_method_value (an, fc, g_array_index (named, int, i), a, find (an, c));
            if (in->aux2 > 0)
              bind_method_value (an, fc, in->aux2 - 1, a, find (an, c));
          }
        break;
      }
    case CHAN_I_INDEX: case CHAN_I_INDEX_ADDR: case CHAN_I_STORE_INDEX:
      {
        int a = U (in->a), b = U (in->b);
        sink (an, a);
        sink_deeply (an, b);   /* bounds; map keys compare deeply */
        c = pointees (an, a);
        if (in->op == CHAN_I_INDEX)
          {
            load (an, D (in->dst), c);
            M (in->c);   /* comma-ok of a map */
          }
        else if (in->op == CHAN_I_INDEX_ADDR)
          {
            int d = D (in->dst);
            unify (an, c, pointees (an, c));
            unify (an, pointees (an, d), find (an, c));
          }
        else
          {
            int v = U (in->c);
            store (an, c, b);   /* a map keeps its keys */
            store (an, find (an, c), v);
          }
        break;
      }
    case CHAN_I_LOAD_PTR:
      {
        /* the cell pointed to, or the whole aggregate */
        int a = U (in->a), d = D (in->dst);
        sink (an, a);
        c = pointees (an, a);
        unify (an, pointees (an, d), c);
        load (an, d, find (an, c));
        break;
      }
    case CHAN_I_STORE_PTR:
      {
        /* into the cell pointed to, or over the whole aggregate */
        int a = U (in->a), b = U (in->b);
        sink (an, a);
        c = pointees (an, a);
        store (an, c, b);
        store (an, find (an, c), pointees (an, b));
        break;
      }
    case CHAN_I_ADDR: case CHAN_I_ADDR_BOX:
      {
        int a = U (in->a);
        alias (an, D (in->dst), a);
        break;
      }
    case CHAN_I_MAKE_CHAN:
      sink (an, U (in->a));
      D (in->dst);
      break;
    case CHAN_I_MAKE_SLICE:
      sink (an, U (in->a));
      sink (an, U (in->b));
      D (in->dst);
      break;
    case CHAN_I_APPEND:
      {
        int a = U (in->a), d;
        sink (an, a);   /* its length and capacity decide the aliasing */
        c = pointees (an, a);
        if (in->flags & CHAN_INSTR_ELLIPSIS)
          {
            int b = U (in->b);
            sink (an, b);
            store (an, c, pointees (an, b));
          }
        else
          for (int i = 0; i < in->c; i++)
            store (an, find (an, c), U (in->b + i));
        d = D (in->dst);
        alias (an, d, a);
        depends (an, d, a);
        break;
      }
    case CHAN_I_SLICE:
      {
        int a = U (in->a), d;
        sink (an, a);
        sink (an, U (in->b));
        sink (an, U (in->c));
        d = D (in->dst);
        alias (an, d, a);
        depends (an, d, a);
        break;
      }
    case CHAN_I_CLOSURE:
      {
        const ChanFunc *f = chan_model_func (m, in->aux);
        for (int i = 0; i < in->c; i++)
          {
            int q = frame_node (an, in->aux, f->n_params + f->n_results + i), b = U (in->b + i);
            alias (an, q, b);
            depends (an, q, b);
          }
        funcs_add (an, pointees (an, D (in->dst)), in->aux);
        break;
      }
    case CHAN_I_BRANCH:
      sink (an, U (in->a));
      sink (an, U (in->b));
      sink (an, U (in->dst));
      if (in->aux2 > 0)
        sink (an, U (in->aux2 - 1));
      /* the tested variable is refined, the loop counter counts */
      sink (an, M (in->b));
      if (in->aux2 > 0)
        sink (an, M (in->aux2 - 1));
      break;
    case CHAN_I_TYPE_TEST:
      {
        int a = U (in->a);
        sink (an, a);
        depends (an, D (in->dst), a);
        break;
      }
    case CHAN_I_RANGE_NEXT:
      {
        int a = U (in->a), b = U (in->b), key, val;
        sink (an, a);
        sink (an, b);
        sink (an, M (in->b));
        c = pointees (an, a);
        key = E (in->dst, an->pc + 1);   /* written when there is a next one */
        val = E (in->c, an->pc + 1);
        if (key >= 0)
          {
            load (an, key, c);
            depends (an, key, b);
            depends (an, key, a);
          }
        if (val >= 0)
          {
            load (an, val, find (an, c));
            depends (an, val, a);
          }
        break;
      }
    case CHAN_I_CALL:
      {
        int a = callee;
        sink (an, a);
        call_class (an, pointees (an, a), args, n, results, n_results);
        break;
      }
    case CHAN_I_GO: case CHAN_I_DEFER:
      {
        int a = callee;
        sink (an, a);
        if (in->flags & CHAN_INSTR_CLEANUP)
          n = 0;
        call_class (an, pointees (an, a), args, n, results, 0);
        break;
      }
    case CHAN_I_CALL_METHOD:
      {
        int names[2] = { in->aux2, (in->flags & CHAN_INSTR_OPTIONAL) ? in->aux : -1 };
        gboolean optional = (in->flags & CHAN_INSTR_OPTIONAL) != 0;
        int a = callee;
        /* a nil receiver panics; fmt's optional String() or Error() only
           looks at the kind of object (kept by untracked values) */
        if (!optional)
          sink (an, a);
        c = struct_class (an, a);
        for (int k = 0; k < 2; k++)
          {
            GArray *named = names[k] >= 0 ? methods_named (an, names[k]) : NULL;
            int *funcs, n_funcs;
            if (names[k] < 0)
              continue;
            if (chan_model_lib_method (m, names[k]) != CHAN_METHOD_NONE)
              {
                /* a method of a sync, time, context or atomic object */
                sink_deeply (an, a);
                library_call (an, args, optional ? 0 : n, results, optional ? 0 : n_results);
              }
            n_funcs = named ? (int) named->len : 0;
            funcs = n_funcs ? g_memdup2 (named->data, sizeof (int) * (gsize) n_funcs) : NULL;
            for (int i = 0; i < n_funcs; i++)
              {
                bind_receiver (an, funcs[i], a, find (an, c));
                if (!optional)
                  {
                    pass_arguments (an, funcs[i], args, n, 1);
                    take_results (an, funcs[i], results, n_results);
                  }
              }
            g_free (funcs);
          }
        /* a field holding a function: s.handler(x) */
        if (!optional)
          call_class (an, pointees (an, find (an, c)), args, n, results, n_results);
        break;
      }
    case CHAN_I_CALL_LIB:
      library_call (an, args, n, results, n_results);
      break;
    case CHAN_I_CALL_OPAQUE:
      break;   /* not modelled: its arguments go nowhere, its results are unknown */
    case CHAN_I_PANIC:
      /* recover() hands the value to anyone: the library's */
      give_library (an, U (in->a));
      break;
    case CHAN_I_RECOVER:
      {
        int d = D (in->dst);
        if (d >= 0)
          unify (an, pointees (an, d), an->top);
        break;
      }
    case CHAN_I_SEND:
      {
        int a = U (in->a), b = U (in->b);
        sink (an, a);
        store (an, pointees (an, a), b);
        break;
      }
    case CHAN_I_RECV:
      {
        int a = U (in->a);
        sink (an, a);
        load (an, D (in->dst), pointees (an, a));
        D (in->c);   /* ok: whether the channel was closed */
        break;
      }
    case CHAN_I_CLOSE:
      sink (an, U (in->a));
      break;
    case CHAN_I_SELECT:
      {
        const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
        for (int k = 0; k < sel->n_cases; k++)
          {
            const ChanSelectCase *sc = &sel->cases[k];
            int ch = U (sc->chan);
            sink (an, ch);
            if (sc->is_send)
              store (an, pointees (an, ch), U (sc->value));
            else
              {
                load (an, E (sc->value, sc->target), pointees (an, ch));
                E (sc->ok, sc->target);
              }
          }
        break;
      }
    case CHAN_I_DELETE:
      sink (an, U (in->a));
      sink_deeply (an, U (in->b));
      break;
    }
}

static void
pass (Analysis *an)
{
  const ChanModel *m = an->model;
  const ChanFunc *entry = chan_model_func (m, m->entry_func);
  an->changed = FALSE;
  /* the entry's parameters (a *testing.T) come from outside */
  for (int p = 0; p < entry->n_params; p++)
    give_library (an, frame_node (an, m->entry_func, p));
  for (guint fi = 0; fi < m->funcs->len; fi++)
    {
      const ChanFunc *f = chan_model_func (m, (int) fi);
      for (guint pc = 0; pc < f->code->len; pc++)
        {
          an->pc = (int) pc;
          instr_flow (an, (int) fi, &g_array_index (f->code, ChanInstr, pc));
        }
    }
}

/* ---- webs ------------------------------------------------------------------ */

/* Splits function FI's slots into webs from its ACCESSES (in pc order,
 * N of them; taken) and gives each web a node.  Definitions are numbered:
 * slot s's value on entry is s, the write of access i is n_slots + i.  A
 * definition reaches forward until a sure write of its slot; the
 * definitions that reach one read are one web.  A result slot is one web
 * (a panic leaves for the epilogue, which reads it, from anywhere). */
static void
webs_build (Analysis *an, int fi, Access *accesses, int n)
{
  const ChanFunc *f = chan_model_func (an->model, fi);
  FuncWebs *w = &an->webs[fi];
  int len = (int) f->code->len, ns = f->n_slots, n_defs = ns + n;
  uint32_t *parent = g_new (uint32_t, n_defs);   /* the definitions' webs */
  int *reach = g_new (int, n > 0 ? n : 1);
  int *web_node = g_new (int, n_defs > 0 ? n_defs : 1);
  int *seen = g_new0 (int, len > 0 ? len : 1), stamp = 0;
  int *succ_start = g_new (int, len + 1), *succ, *stack, n_edges = 0;
  guint8 *joins;   /* per slot: has a read or a may-write */

  /* the control-flow graph as compressed rows */
  for (int pc = 0; pc < len; pc++)
    n_edges += chan_func_successors (an->model, f, pc, NULL, 0);
  succ = g_new (int, n_edges > 0 ? n_edges : 1);
  stack = g_new (int, 2 * n_edges + 2);   /* a walk pushes every edge once, the first pc's twice */
  n_edges = 0;
  for (int pc = 0; pc < len; pc++)
    {
      succ_start[pc] = n_edges;
      n_edges += chan_func_successors (an->model, f, pc, succ + n_edges, INT_MAX);
    }
  succ_start[len] = n_edges;

  w->access = accesses;
  w->start = g_new0 (int, len + 1);
  for (int i = 0; i < n; i++)
    w->start[accesses[i].pc + 1]++;
  for (int pc = 0; pc < len; pc++)
    w->start[pc + 1] += w->start[pc];
  for (int d = 0; d < n_defs; d++)
    parent[d] = d;
  for (int i = 0; i < n; i++)
    {
      int s = accesses[i].slot;
      reach[i] = -1;
      if (accesses[i].kind != ACCESS_READ && s >= f->n_params && s < f->n_params + f->n_results)
        chan_union_find_join (parent, s, ns + i);
    }
  /* a definition's walk joins only at reads and may-writes of its slot:
     for a slot with neither, it would find nothing (without this, every
     slot's entry walks the whole function, which is quadratic in the
     cases of a select that each write their own slot) */
  joins = g_new0 (guint8, ns > 0 ? ns : 1);
  for (int i = 0; i < n; i++)
    if (accesses[i].kind == ACCESS_READ || accesses[i].kind == ACCESS_MAY_WRITE)
      joins[accesses[i].slot] = 1;
  for (int d = 0; d < n_defs; d++)
    {
      int s = d < ns ? d : accesses[d - ns].slot, top = 0;
      if ((d >= ns && accesses[d - ns].kind == ACCESS_READ) || !joins[s])
        continue;
      stamp++;
      if (d < ns)
        {
          if (len > 0)
            stack[top++] = 0;
        }
      else if (accesses[d - ns].kind == ACCESS_EDGE_WRITE)
        stack[top++] = accesses[d - ns].target;
      else
        for (int e = succ_start[accesses[d - ns].pc]; e < succ_start[accesses[d - ns].pc + 1]; e++)
          stack[top++] = succ[e];
      while (top > 0)
        {
          int pc = stack[--top];
          int cut[64], n_cut = 0;
          gboolean killed = FALSE;
          if (pc < 0 || pc >= len || seen[pc] == stamp)
            continue;
          seen[pc] = stamp;
          for (int i = w->start[pc]; i < w->start[pc + 1] && !killed; i++)
            {
              if (accesses[i].slot != s)
                continue;
              switch (accesses[i].kind)
                {
                case ACCESS_READ:
                  if (reach[i] < 0)
                    reach[i] = d;
                  else
                    chan_union_find_join (parent, reach[i], d);
                  break;
                case ACCESS_MAY_WRITE:
                  chan_union_find_join (parent, d, ns + i);
                  break;
                case ACCESS_EDGE_WRITE:
                  {
                    /* overwritten on that edge, unless another edge goes
                       to the same pc without writing */
                    int edges = 0;
                    for (int e = succ_start[pc]; e < succ_start[pc + 1]; e++)
                      edges += succ[e] == accesses[i].target;
                    if (edges == 1 && n_cut < 64)
                      cut[n_cut++] = accesses[i].target;
                    break;
                  }
                default:
                  killed = TRUE;
                  break;
                }
            }
          if (killed)
            continue;
          for (int e = succ_start[pc]; e < succ_start[pc + 1]; e++)
            {
              gboolean is_cut = FALSE;
              for (int j = 0; j < n_cut; j++)
                is_cut |= cut[j] == succ[e];
              if (!is_cut && succ[e] >= 0 && succ[e] < len && seen[succ[e]] != stamp)
                stack[top++] = succ[e];
            }
        }
    }
  for (int d = 0; d < n_defs; d++)
    web_node[d] = -1;
  w->node = g_new (int, n > 0 ? n : 1);
  w->entry_node = g_new (int, ns > 0 ? ns : 1);
  for (int i = 0; i < n; i++)
    {
      /* a read no definition reaches is in unreachable code: entry's */
      int d = accesses[i].kind != ACCESS_READ ? ns + i : reach[i] >= 0 ? reach[i] : accesses[i].slot;
      int r = (int) chan_union_find_root (parent, (uint32_t) d);
      if (web_node[r] < 0)
        web_node[r] = node_new (an);
      w->node[i] = web_node[r];
    }
  for (int slot = 0; slot < ns; slot++)
    {
      int r = (int) chan_union_find_root (parent, (uint32_t) slot);
      if (web_node[r] < 0)
        web_node[r] = node_new (an);
      w->entry_node[slot] = web_node[r];
    }
  g_free (joins);
  g_free (stack);
  g_free (succ);
  g_free (succ_start);
  g_free (seen);
  g_free (web_node);
  g_free (reach);
  g_free (parent);
}

/* Phase 0: collects every function's accesses by running instr_flow on
 * scratch nodes, forgets those nodes, then builds the webs. */
static void
webs_compute (Analysis *an)
{
  const ChanModel *m = an->model;
  guint n_funcs = m->funcs->len;
  Access **collected = g_new0 (Access *, n_funcs > 0 ? n_funcs : 1);
  int *n_collected = g_new0 (int, n_funcs > 0 ? n_funcs : 1);
  int keep = (int) an->parent->len;

  an->collecting = TRUE;
  for (guint fi = 0; fi < n_funcs; fi++)
    {
      const ChanFunc *f = chan_model_func (m, (int) fi);
      an->collected = g_array_new (FALSE, FALSE, sizeof (Access));
      for (guint pc = 0; pc < f->code->len; pc++)
        {
          an->pc = (int) pc;
          instr_flow (an, (int) fi, &g_array_index (f->code, ChanInstr, pc));
        }
      n_collected[fi] = (int) an->collected->len;
      collected[fi] = (Access *) (void *) g_array_free (an->collected, FALSE);
    }
  an->collecting = FALSE;
  an->collected = NULL;
  /* forget the scratch nodes and what they learnt */
  for (guint i = (guint) keep; i < an->funcs->len; i++)
    if (g_ptr_array_index (an->funcs, i))
      g_array_free (g_ptr_array_index (an->funcs, i), TRUE);
  g_ptr_array_set_size (an->funcs, keep);
  g_array_set_size (an->parent, (guint) keep);
  g_array_set_size (an->pointee, (guint) keep);
  g_array_set_size (an->library, (guint) keep);
  for (int i = 0; i < keep; i++)
    {
      GArray *set = g_ptr_array_index (an->funcs, i);
      if (set)
        g_array_free (set, TRUE);
      g_ptr_array_index (an->funcs, i) = NULL;
      PARENT (i) = i;
      POINTEE (i) = -1;
      LIBRARY (i) = 0;
    }
  POINTEE (an->top) = an->top;
  LIBRARY (an->top) = 1;
  memset (an->method_value, 0, n_funcs > 0 ? n_funcs : 1);
  for (guint fi = 0; fi < n_funcs; fi++)
    webs_build (an, (int) fi, collected[fi], n_collected[fi]);
  g_free (collected);
  g_free (n_collected);
}

/* ---- relevance ------------------------------------------------------------- */

typedef struct {
  guint8 *relevant;        /* per node (roots only are meaningful) */
  guint8 *deep;            /* per class: its pointee chain is marked */
  GArray *queue;           /* int: nodes marked, not yet followed */
} Marks;

static void
mark (Analysis *an, Marks *mk, int node)
{
  int r;
  if (node < 0)
    return;
  r = find (an, node);
  if (!mk->relevant[r])
    {
      mk->relevant[r] = 1;
      g_array_append_val (mk->queue, r);
    }
}

/* NODE's value is read with everything it references: every class on its
 * pointee chain. */
static void
mark_deeply (Analysis *an, Marks *mk, int node)
{
  int c = pointees_known (an, node);
  while (c >= 0 && !mk->deep[c])
    {
      mk->deep[c] = 1;
      mark (an, mk, c);
      c = pointees_known (an, c);
    }
}

/* Marks every relevant node: the sinks, TOP, the results of functions the
 * library calls, and backwards along the edges. */
static guint8 *
relevance (Analysis *an)
{
  int n_nodes = (int) an->parent->len;
  int *start = g_new0 (int, n_nodes + 1), *next;
  int n_edges = (int) an->edges->len / 2;
  GArray *top_funcs = g_ptr_array_index (an->funcs, find (an, an->top));
  Marks mk = { g_new0 (guint8, n_nodes), g_new0 (guint8, n_nodes),
               g_array_new (FALSE, FALSE, sizeof (int)) };
  gboolean more = TRUE;

  /* edges by their (root) node, as compressed rows */
  for (int e = 0; e < n_edges; e++)
    start[find (an, g_array_index (an->edges, int, 2 * e)) + 1]++;
  for (int v = 0; v < n_nodes; v++)
    start[v + 1] += start[v];
  next = g_new (int, n_edges > 0 ? n_edges : 1);
  {
    int *fill = g_memdup2 (start, sizeof (int) * (gsize) n_nodes);
    for (int e = 0; e < n_edges; e++)
      next[fill[find (an, g_array_index (an->edges, int, 2 * e))]++]
        = g_array_index (an->edges, int, 2 * e + 1);
    g_free (fill);
  }

  mark (an, &mk, an->top);
  for (guint i = 0; i < an->sinks->len; i++)
    mark (an, &mk, g_array_index (an->sinks, int, i));
  for (guint i = 0; i < an->deep_sinks->len; i++)
    mark_deeply (an, &mk, g_array_index (an->deep_sinks, int, i));
  for (guint i = 0; top_funcs && i < top_funcs->len; i++)
    {
      /* the library calls these (AfterFunc, Once.Do, WaitGroup.Go) and
         may use what they return */
      int f = g_array_index (top_funcs, int, i);
      const ChanFunc *fn = chan_model_func (an->model, f);
      for (int k = 0; k < fn->n_results; k++)
        {
          mark (an, &mk, frame_node (an, f, fn->n_params + k));
          mark_deeply (an, &mk, frame_node (an, f, fn->n_params + k));
        }
    }
  while (more)
    {
      while (mk.queue->len > 0)
        {
          int v = g_array_index (mk.queue, int, mk.queue->len - 1);
          g_array_set_size (mk.queue, mk.queue->len - 1);
          for (int e = start[v]; e < start[v + 1]; e++)
            mark (an, &mk, next[e]);
        }
      more = FALSE;
      for (guint i = 0; i + 1 < an->deep_edges->len; i += 2)
        if (mk.relevant[find (an, g_array_index (an->deep_edges, int, i))])
          {
            int before = (int) mk.queue->len;
            mark_deeply (an, &mk, g_array_index (an->deep_edges, int, i + 1));
            if ((int) mk.queue->len > before)
              more = TRUE;
          }
    }
  g_free (start);
  g_free (next);
  g_array_free (mk.queue, TRUE);
  g_free (mk.deep);
  return mk.relevant;
}

/* The untracked mask (model.h) of what instruction PC of function FI sends
 * on the channel in slot CHAN: bit d when the cells d levels below the
 * payload are irrelevant (bit 0: the payload word itself). */
static int
payload_mask (Analysis *an, const guint8 *relevant, int fi, int pc, int chan)
{
  int mask = 0, k;
  an->pc = pc;
  k = pointees_known (an, slot_access (an, fi, chan, ACCESS_READ, -1));
  for (int d = 0; d < CHAN_UNTRACKED_DEPTH && k >= 0; d++)
    {
      if (!relevant[k])
        mask |= 1 << d;
      k = pointees_known (an, k);
    }
  return mask;
}

/* Does nothing depend on the value instruction PC of function FI writes to
 * its dst?  Only for the instructions that write dst and go on to the next
 * one (exec.c replaces the value once the instruction completed). */
static gboolean
dst_untracked (Analysis *an, const guint8 *relevant, int fi, int pc, const ChanInstr *in)
{
  switch ((ChanOpcode) in->op)
    {
    case CHAN_I_MOVE: case CHAN_I_COPY: case CHAN_I_WRAP: case CHAN_I_UNARY:
    case CHAN_I_BINARY: case CHAN_I_LEN: case CHAN_I_CAP: case CHAN_I_LOAD_BOX:
    case CHAN_I_LOAD_GLOBAL: case CHAN_I_LOAD_PTR: case CHAN_I_FIELD: case CHAN_I_INDEX:
    case CHAN_I_RECV: case CHAN_I_TYPE_TEST:
      if (in->dst < 0)
        return FALSE;
      an->pc = pc;
      return !relevant[find (an, slot_access (an, fi, in->dst, ACCESS_WRITE, -1))];
    default:
      return FALSE;
    }
}

void
chan_model_compute_relevance (ChanModel *model)
{
  Analysis an_store = { 0 }, *an = &an_store;
  guint8 *relevant;

  an->model = model;
  an->parent = g_array_new (FALSE, FALSE, sizeof (int));
  an->pointee = g_array_new (FALSE, FALSE, sizeof (int));
  an->library = g_array_new (FALSE, FALSE, sizeof (guint8));
  an->funcs = g_ptr_array_new ();
  an->top = node_new (an);
  POINTEE (an->top) = an->top;
  LIBRARY (an->top) = 1;
  an->dummy = node_new (an);
  an->global_base = (int) an->parent->len;
  for (int g = 0; g < model->n_globals; g++)
    node_new (an);
  an->webs = g_new0 (FuncWebs, model->funcs->len > 0 ? model->funcs->len : 1);
  an->method_value = g_new0 (guint8, model->funcs->len > 0 ? model->funcs->len : 1);
  an->methods = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < model->methods->len; i++)
    {
      const ChanMethod *me = &g_array_index (model->methods, ChanMethod, i);
      GArray *named = methods_named (an, me->name);
      if (named == NULL)
        {
          named = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (an->methods, GINT_TO_POINTER (me->name), named);
        }
      g_array_append_val (named, me->func);
    }
  for (guint t = 0; t < model->types->len; t++)
    {
      const ChanType *ty = chan_model_type (model, (int) t);
      for (int i = 0; ty->kind == CHAN_TYPE_STRUCT && i < ty->n_fields; i++)
        if (ty->field_embedded[i])
          an->embedded = TRUE;
    }
  an->work = g_array_new (FALSE, FALSE, sizeof (int));
  an->edges = g_array_new (FALSE, FALSE, sizeof (int));
  an->deep_edges = g_array_new (FALSE, FALSE, sizeof (int));
  an->sinks = g_array_new (FALSE, FALSE, sizeof (int));
  an->deep_sinks = g_array_new (FALSE, FALSE, sizeof (int));

  webs_compute (an);
  /* phase 1 to a fixed point, then once more to record (nothing changes) */
  do
    pass (an);
  while (an->changed);
  an->record = TRUE;
  pass (an);
  g_assert (!an->changed);

  relevant = relevance (an);
  for (guint fi = 0; fi < model->funcs->len; fi++)
    {
      ChanFunc *f = chan_model_func (model, (int) fi);
      f->untracked_params = 0;
      if ((int) fi != model->entry_func && (int) fi != model->init_func)
        for (int p = 0; p < f->n_params && p < 64; p++)
          if (!relevant[find (an, frame_node (an, (int) fi, p))])
            f->untracked_params |= (guint64) 1 << p;
      for (guint pc = 0; pc < f->code->len; pc++)
        {
          ChanInstr *in = &g_array_index (f->code, ChanInstr, pc);
          in->flags &= (uint16_t) ~CHAN_INSTR_DST_UNTRACKED;
          if (dst_untracked (an, relevant, (int) fi, (int) pc, in))
            in->flags |= CHAN_INSTR_DST_UNTRACKED;
          if (in->op == CHAN_I_SEND)
            {
              in->aux2 = payload_mask (an, relevant, (int) fi, (int) pc, in->a);
              in->flags &= (uint16_t) ~CHAN_INSTR_UNTRACKED;
              if (in->aux2 != 0)
                in->flags |= CHAN_INSTR_UNTRACKED;
            }
          else if (in->op == CHAN_I_SELECT)
            {
              ChanSelect *sel = &g_array_index (model->selects, ChanSelect, in->aux);
              for (int k = 0; k < sel->n_cases; k++)
                sel->cases[k].untracked = sel->cases[k].is_send
                                          ? payload_mask (an, relevant, (int) fi, (int) pc, sel->cases[k].chan)
                                          : 0;
            }
        }
    }

  g_free (relevant);
  for (guint i = 0; i < an->funcs->len; i++)
    if (g_ptr_array_index (an->funcs, i))
      g_array_free (g_ptr_array_index (an->funcs, i), TRUE);
  g_ptr_array_free (an->funcs, TRUE);
  g_array_free (an->parent, TRUE);
  g_array_free (an->pointee, TRUE);
  g_array_free (an->library, TRUE);
  g_array_free (an->work, TRUE);
  g_array_free (an->edges, TRUE);
  g_array_free (an->deep_edges, TRUE);
  g_array_free (an->sinks, TRUE);
  g_array_free (an->deep_sinks, TRUE);
  g_hash_table_destroy (an->methods);
  g_free (an->method_value);
  for (guint fi = 0; fi < model->funcs->len; fi++)
    {
      g_free (an->webs[fi].start);
      g_free (an->webs[fi].access);
      g_free (an->webs[fi].node);
      g_free (an->webs[fi].entry_node);
    }
  g_free (an->webs);
}
