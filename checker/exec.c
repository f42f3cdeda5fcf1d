/* checker/exec.c -- Go's semantics, one transition at a time.
 * Owns: enabledness and execution of every ChanOpcode, the library
 * (channels, select, sync, time, context, atomics), panics, defer and
 * recover, goroutine creation and exit, timer firing.
 * Not: storing or comparing states (state.c, store.c), the search order
 * (explore.c).  Hot path: no formatting, no allocation outside the state. */
#include <string.h>
#include "checker/exec.h"

/* ---- small accessors ----------------------------------------------------- */

static inline ChanGoroutine *
gor (ChanState *s, int g)
{
  return &s->goroutines[g];
}

static inline ChanFrame *
top (ChanState *s, int g)
{
  ChanGoroutine *gr = &s->goroutines[g];
  return &gr->frames[gr->n_frames - 1];
}

/* Slot K of G's top frame.  Invalidated by a frame push. */
static inline ChanVal *
slot (ChanState *s, int g, int k)
{
  ChanGoroutine *gr = &s->goroutines[g];
  return &gr->stack[gr->frames[gr->n_frames - 1].base + k];
}

static inline const ChanInstr *
instr_at (const ChanState *s, int func, int pc)
{
  const ChanFunc *fn = chan_model_func (s->model, func);
  return &g_array_index (fn->code, ChanInstr, pc);
}

static inline const ChanInstr *
rest_instr (ChanState *s, int g)
{
  ChanFrame *f = top (s, g);
  return instr_at (s, f->func, f->pc);
}

int
chan_exec_rest_instr (const ChanState *s, int g)
{
  const ChanGoroutine *gr = &s->goroutines[g];
  const ChanFrame *f = &gr->frames[gr->n_frames - 1];
  return instr_at (s, f->func, f->pc)->id;
}

/* Records OBJ in the touch log (reduce.c needs every object a step reads or
 * writes; every access to an object's slots goes through obj_slot). */
static void
touch_object (ChanTouch *t, int obj)
{
  for (int i = 0; i < t->n; i++)
    if (t->objects[i] == (uint32_t) obj)
      return;
  if (t->n < CHAN_TOUCH_MAX)
    t->objects[t->n++] = (uint32_t) obj;
  else
    t->overflow = 1;
}

static inline ChanVal *
obj_slot (ChanState *s, int obj, int k)
{
  if (G_UNLIKELY (s->touch != NULL))
    touch_object (s->touch, obj);
  return &s->heap[s->objects[obj].base + k];
}

static inline ChanVal
val_ref (int kind, int obj)
{
  ChanVal v = { (uint8_t) kind, 0, 0, (uint32_t) obj, 0 };
  return v;
}

static inline ChanVal
val_ptr (int obj, int k)
{
  ChanVal v = { CHAN_VAL_PTR, 0, 0, (uint32_t) obj, k };
  return v;
}

/* A counter word: 0 is stored as NIL so that fresh and reset objects agree. */
static inline ChanVal
word (int64_t n)
{
  return n == 0 ? chan_val_nil () : chan_val_int (n);
}

static inline int64_t
num (const ChanVal *v)
{
  return v->kind == CHAN_VAL_INT || v->kind == CHAN_VAL_BOOL ? v->num : 0;
}

/* The object a value designates for method calls and field access: an
 * aggregate, a pointer to an aggregate, a pointer to a slot holding one. */
static int
target_object (ChanState *s, const ChanVal *v)
{
  if (v->kind == CHAN_VAL_AGG)
    return (int) v->ref;
  if (v->kind == CHAN_VAL_PTR)
    {
      if (v->num < 0)
        return (int) v->ref;
      const ChanVal *inner = obj_slot (s, (int) v->ref, (int) v->num);
      if (inner->kind == CHAN_VAL_AGG)
        return (int) inner->ref;
    }
  return -1;
}

/* ---- values: zero, copy, compare ---------------------------------------- */

static int lib_slots (int kind)
{
  switch (kind)
    {
    case CHAN_OBJ_MUTEX: return 1;
    case CHAN_OBJ_RWMUTEX: return 3;
    case CHAN_OBJ_WAITGROUP: return 1;
    case CHAN_OBJ_ONCE: return 1;
    case CHAN_OBJ_COND: return 1;
    case CHAN_OBJ_TIMER: return 5;
    case CHAN_OBJ_CONTEXT: return 6;
    default: return 1;
    }
}

static ChanVal
zero_of (ChanState *s, int type)
{
  const ChanType *t;
  ChanVal v = chan_val_nil ();
  int obj;

  if (type < 0)
    return chan_val_unknown ();
  t = chan_model_type (s->model, type);
  switch (t->kind)
    {
    case CHAN_TYPE_OPAQUE: return chan_val_unknown ();
    case CHAN_TYPE_INT: case CHAN_TYPE_FLOAT: return chan_val_int (0);
    case CHAN_TYPE_BOOL: return chan_val_bool (0);
    case CHAN_TYPE_STRING: v.kind = CHAN_VAL_STRING; v.ref = 0; return v;
    case CHAN_TYPE_NILABLE: return v;
    case CHAN_TYPE_MAP:
      v.flags = CHAN_NIL_MAP;
      v.ref = (uint32_t) type;
      return v;
    case CHAN_TYPE_STRUCT:
      obj = chan_state_alloc (s, CHAN_OBJ_STRUCT, type, t->n_fields);
      for (int i = 0; i < t->n_fields; i++)
        {
          ChanVal f = zero_of (s, t->field_types[i]);
          *obj_slot (s, obj, i) = f;
        }
      return val_ref (CHAN_VAL_AGG, obj);
    case CHAN_TYPE_ARRAY:
      obj = chan_state_alloc (s, CHAN_OBJ_ARRAY, type, t->length);
      for (int i = 0; i < t->length; i++)
        {
          ChanVal e = zero_of (s, t->elem);
          *obj_slot (s, obj, i) = e;
        }
      return val_ref (CHAN_VAL_AGG, obj);
    case CHAN_TYPE_LIB:
      obj = chan_state_alloc (s, t->lib_obj, type, lib_slots (t->lib_obj));
      return val_ref (CHAN_VAL_AGG, obj);
    }
  return v;
}

/* Go assignment: aggregates are copied (deeply for nested aggregates). */
static ChanVal
copy_val (ChanState *s, ChanVal v)
{
  int src, dst, n;

  if (v.kind != CHAN_VAL_AGG)
    return v;
  src = (int) v.ref;
  n = s->objects[src].n;
  dst = chan_state_alloc (s, s->objects[src].kind, s->objects[src].type, n);
  for (int i = 0; i < n; i++)
    {
      ChanVal e = copy_val (s, *obj_slot (s, src, i));
      *obj_slot (s, dst, i) = e;
    }
  return val_ref (CHAN_VAL_AGG, dst);
}

/* V as it is sent or passed when nothing can depend on it (a scalar only:
 * references keep their objects). */
static inline ChanVal
untracked_val (ChanVal v)
{
  if (v.kind == CHAN_VAL_INT || v.kind == CHAN_VAL_BOOL || v.kind == CHAN_VAL_UNKNOWN)
    {
      v.flags = CHAN_VAL_UNTRACKED;
      v.spare = 0;
      v.ref = 0;
      v.num = 0;
    }
  return v;
}

/* The cells of object OBJ and, through aggregates held by value, of the
 * objects below it, replaced as MASK says (bit 0: OBJ's own cells). */
static void
untrack_cells (ChanState *s, int obj, unsigned mask)
{
  for (int k = 0; k < s->objects[obj].n; k++)
    {
      ChanVal *c = obj_slot (s, obj, k);
      if (mask & 1)
        *c = untracked_val (*c);
      if (c->kind == CHAN_VAL_AGG && (mask >> 1))
        untrack_cells (s, (int) c->ref, mask >> 1);
    }
}

/* V, a fresh copy about to be sent, with the parts MASK says no behaviour
 * depends on replaced (model.h: the untracked mask). */
static ChanVal
untrack_payload (ChanState *s, ChanVal v, unsigned mask)
{
  if (mask & 1)
    v = untracked_val (v);
  if (v.kind == CHAN_VAL_AGG && (mask >> 1))
    untrack_cells (s, (int) v.ref, mask >> 1);
  return v;
}

/* Replaces the arguments of FN's untracked parameters (lang/relevance.c). */
static inline void
untrack_arguments (const ChanExec *x, const ChanFunc *fn, ChanVal *args, int n_args)
{
  if (!x->untracked || fn->untracked_params == 0)
    return;
  for (int i = 0; i < n_args && i < 64; i++)
    if ((fn->untracked_params >> i) & 1)
      args[i] = untracked_val (args[i]);
}

/* Result of comparing: 1 equal, 0 different, -1 unknown. */
static int
compare_eq (ChanState *s, const ChanVal *x, const ChanVal *y)
{
  if (x->kind == CHAN_VAL_UNKNOWN || y->kind == CHAN_VAL_UNKNOWN)
    {
      const ChanVal *u = x->kind == CHAN_VAL_UNKNOWN ? x : y;
      const ChanVal *o = u == x ? y : x;
      if (o->kind == CHAN_VAL_NIL && (u->flags & CHAN_UNKNOWN_NONNIL))
        return 0;
      if (o->kind == CHAN_VAL_INT && (u->flags & CHAN_UNKNOWN_NOT_NUM) && u->num == o->num)
        return 0;
      if (o->kind == CHAN_VAL_STRING && (u->flags & CHAN_UNKNOWN_NOT_STR)
          && u->num == (int64_t) o->ref)
        return 0;
      return -1;
    }
  if (x->kind != y->kind)
    {
      /* an int compared with a bool cannot happen in typed Go; nil against
         a non-nil reference is different */
      return 0;
    }
  switch (x->kind)
    {
    case CHAN_VAL_NIL: return 1;
    case CHAN_VAL_INT: case CHAN_VAL_BOOL: return x->num == y->num;
    case CHAN_VAL_STRING: return x->ref == y->ref;
    case CHAN_VAL_FUNC: return x->ref == y->ref && x->num == y->num;
    case CHAN_VAL_PTR: return x->ref == y->ref && x->num == y->num;
    case CHAN_VAL_CHAN: case CHAN_VAL_MAP: return x->ref == y->ref;
    case CHAN_VAL_SLICE: return x->ref == y->ref && x->num == y->num;
    case CHAN_VAL_AGG:
      {
        int a = (int) x->ref, b = (int) y->ref;
        int n = s->objects[a].n;
        int result = 1;
        if (a == b)
          return 1;
        if (s->objects[b].n != n)
          return 0;
        for (int i = 0; i < n; i++)
          {
            ChanVal ea = *obj_slot (s, a, i), eb = *obj_slot (s, b, i);
            int r = compare_eq (s, &ea, &eb);
            if (r == 0)
              return 0;
            if (r < 0)
              result = -1;
          }
        return result;
      }
    default:
      return -1;
    }
}

/* ---- goroutine control ---------------------------------------------------- */

typedef enum { GO_ON, STOP } Flow;

static int
epilogue_pc (const ChanState *s, int func)
{
  return chan_model_func (s->model, func)->epilogue;
}

/* Starts a panic on G at instruction INSTR (the operation reported). */
static Flow
start_panic (ChanState *s, int g, ChanVal value, int instr_id, int reason)
{
  ChanGoroutine *gr = gor (s, g);
  ChanFrame *f = top (s, g);
  gr->phase = 0;
  if (gr->flags & CHAN_G_PANICKING)
    {
      /* a panic while unwinding another: Go reports both, the first one
         started the unwinding and is where the finding is */
      f->pc = epilogue_pc (s, f->func);
      return GO_ON;
    }
  gr->flags |= CHAN_G_PANICKING;
  gr->flags &= ~CHAN_G_RECOVERED;
  gr->panic_value = value;
  gr->panic_instr = instr_id;
  if (value.kind == CHAN_VAL_NIL || reason >= 0)
    {
      /* remember the reason as the panic value's string */
      if (reason >= 0)
        {
          gr->panic_value.kind = CHAN_VAL_STRING;
          gr->panic_value.ref = (uint32_t) reason;
          gr->panic_value.num = 0;
        }
    }
  f->pc = epilogue_pc (s, f->func);
  return GO_ON;
}

static int
intern_reason (const ChanState *s, const char *text)
{
  /* reasons are interned by the lowering (lower.c adds them all) */
  gpointer idx = g_hash_table_lookup (s->model->string_index, text);
  return idx ? GPOINTER_TO_INT (idx) - 1 : 0;
}

static Flow
runtime_panic (ChanState *s, int g, int instr_id, const char *reason)
{
  return start_panic (s, g, chan_val_nil (), instr_id, intern_reason (s, reason));
}

/* A Go fatal error: the program dies at once, recover cannot stop it. */
static Flow
fatal (ChanState *s, int g, int instr_id, const char *reason)
{
  s->crash = CHAN_CRASH_FATAL;
  s->crash_instr = instr_id;
  s->crash_site = gor (s, g)->site;
  s->crash_reason = intern_reason (s, reason);
  return STOP;
}

static void
exit_goroutine (ChanState *s, int g, ChanStepInfo *info, int mover)
{
  chan_state_remove_goroutine (s, g);
  if (g == mover)
    info->exited = TRUE;
}

/* Calls function value FN with ARGS on goroutine G.  The caller's pc must
 * already point where execution resumes.  Results go to RET_DST (caller
 * slots) unless FLAGS has CHAN_FRAME_DISCARD. */
static Flow call_value (const ChanExec *x, ChanState *s, int g, ChanVal fn,
                        const ChanVal *args, int n_args, gboolean ellipsis,
                        int ret_dst, int n_results, int flags, int instr_id,
                        ChanStepInfo *info);

static void cancel_context (ChanState *s, int ctx, int err);
static int spawn_value (const ChanExec *x, ChanState *s, ChanVal fn, ChanVal *args, int n_args,
                        gboolean ellipsis, int site, ChanStepInfo *info);
static int map_range_remaining (ChanState *s, int g, const ChanInstr *in);
static Flow range_map (ChanState *s, int g, const ChanInstr *in, const ChanChoice *c);
static void start_goroutine (const ChanExec *x, ChanState *s, int g, ChanStepInfo *info);

/* Packs trailing variadic arguments into a slice; returns the new count. */
static int
pack_variadic (ChanState *s, const ChanFunc *fn, ChanVal *args, int n_args, gboolean ellipsis)
{
  int fixed = fn->n_params - 1;
  int extra, obj;

  if (!fn->variadic || ellipsis)
    return n_args;
  extra = n_args - fixed;
  if (extra <= 0)
    {
      args[fixed] = chan_val_nil ();
      return fn->n_params;
    }
  obj = chan_state_alloc (s, CHAN_OBJ_ARRAY, -1, extra);
  for (int i = 0; i < extra; i++)
    *obj_slot (s, obj, i) = args[fixed + i];
  args[fixed].kind = CHAN_VAL_SLICE;
  args[fixed].flags = 0;
  args[fixed].ref = (uint32_t) obj;
  args[fixed].num = chan_slice_pack (0, extra, extra);
  return fn->n_params;
}

#define MAX_ARGS 64           /* lower.c rejects calls with more arguments */
#define MAX_MODELLED_SIZE 65536  /* channel capacities and slice lengths */

static Flow
push_call (const ChanExec *x, ChanState *s, int g, int func, int env,
           ChanVal *args, int n_args, gboolean ellipsis, int ret_dst, int flags,
           ChanStepInfo *info)
{
  const ChanFunc *fn = chan_model_func (s->model, func);
  ChanFrame *f;
  ChanVal *slots;

  if (gor (s, g)->n_frames >= x->max_call_depth)
    {
      info->cut = TRUE;
      info->cut_reason |= CHAN_CUT_CALL_DEPTH;
      return STOP;
    }
  n_args = pack_variadic (s, fn, args, n_args, ellipsis);
  untrack_arguments (x, fn, args, n_args);
  f = chan_state_push_frame (s, g, func, ret_dst, flags);
  slots = chan_state_frame_slots (s, g, f);
  for (int i = 0; i < n_args && i < fn->n_params; i++)
    slots[i] = args[i];
  if (env >= 0)
    for (int i = 0; i < fn->n_captured; i++)
      slots[fn->n_params + fn->n_results + i] = *obj_slot (s, env, i);
  return GO_ON;
}

/* ---- channels -------------------------------------------------------------- */

static inline int chan_cap (ChanState *s, int c) { return (int) obj_slot (s, c, 0)->num; }
static inline int chan_count (ChanState *s, int c) { return (int) obj_slot (s, c, 0)->ref; }
static inline gboolean chan_closed (ChanState *s, int c) { return obj_slot (s, c, 0)->flags & 1; }

static void
chan_push (ChanState *s, int c, ChanVal v)
{
  ChanVal *meta = obj_slot (s, c, 0);
  int n = (int) meta->ref;
  meta->ref = (uint32_t) (n + 1);
  *obj_slot (s, c, 2 + n) = v;
}

static ChanVal
chan_pop (ChanState *s, int c)
{
  ChanVal *meta = obj_slot (s, c, 0);
  int n = (int) meta->ref;
  ChanVal *buf = obj_slot (s, c, 2);
  ChanVal v = buf[0];
  memmove (buf, buf + 1, sizeof (ChanVal) * (size_t) (n - 1));
  buf[n - 1] = chan_val_nil ();
  meta->ref = (uint32_t) (n - 1);
  return v;
}

static int
make_chan (ChanState *s, int elem_type, int cap)
{
  int c = chan_state_alloc (s, CHAN_OBJ_CHAN, elem_type, 2 + cap);
  ChanVal *meta = obj_slot (s, c, 0);
  meta->kind = CHAN_VAL_INT;
  meta->num = cap;
  return c;
}

/* Can a receive on V complete now without a partner goroutine? */
static gboolean
recv_ready (ChanState *s, const ChanVal *v)
{
  if (v->kind == CHAN_VAL_UNKNOWN)
    return TRUE;
  if (v->kind != CHAN_VAL_CHAN)
    return FALSE;
  return chan_count (s, (int) v->ref) > 0 || chan_closed (s, (int) v->ref);
}

/* Can a send on V complete now without a partner (buffer room, closed:
 * panics, unknown)? */
static gboolean
send_ready_alone (ChanState *s, const ChanVal *v)
{
  if (v->kind == CHAN_VAL_UNKNOWN)
    return TRUE;
  if (v->kind != CHAN_VAL_CHAN)
    return FALSE;
  int c = (int) v->ref;
  return chan_closed (s, c) || chan_count (s, c) < chan_cap (s, c);
}

/* Receives from V (ready) into the destinations. */
static void
do_recv (ChanState *s, int g, const ChanVal *cv, int dst, int ok_slot)
{
  ChanVal v;
  gboolean ok = TRUE;

  if (cv->kind == CHAN_VAL_UNKNOWN)
    v = chan_val_unknown ();
  else if (chan_count (s, (int) cv->ref) > 0)
    {
      int c = (int) cv->ref;
      v = chan_pop (s, c);
      /* a ticker re-arms once its tick is taken: nothing to do, its fire
         transition is enabled again when the buffer is empty */
    }
  else
    {
      v = zero_of (s, s->objects[cv->ref].type);
      ok = FALSE;
    }
  if (dst >= 0)
    *slot (s, g, dst) = v;
  if (ok_slot >= 0)
    *slot (s, g, ok_slot) = chan_val_bool (ok);
}

/* Does goroutine H rest at a receive on channel object C?  Returns the
 * select case index, -1 for a plain receive, -2 when not; with several
 * cases on C, CASE_FROM picks the first index >= CASE_FROM.  With
 * BLOCKING_ONLY, a select with a default does not count: it never waits
 * (see add_partners). */
static int
receiving_case (ChanState *s, int h, int c, int case_from, gboolean blocking_only)
{
  const ChanInstr *in = rest_instr (s, h);
  if (in->op == CHAN_I_RECV)
    {
      const ChanVal *v = slot (s, h, in->a);
      return case_from <= -1 && v->kind == CHAN_VAL_CHAN && (int) v->ref == c ? -1 : -2;
    }
  if (in->op == CHAN_I_SELECT)
    {
      const ChanSelect *sel = &g_array_index (s->model->selects, ChanSelect, in->aux);
      if (blocking_only && sel->default_target >= 0)
        return -2;
      for (int k = case_from < 0 ? 0 : case_from; k < sel->n_cases; k++)
        {
          const ChanVal *v = slot (s, h, sel->cases[k].chan);
          if (!sel->cases[k].is_send && v->kind == CHAN_VAL_CHAN && (int) v->ref == c)
            return k;
        }
    }
  return -2;
}

/* ---- choices ------------------------------------------------------------- */

typedef struct {
  ChanChoice **out;
  int *cap;
  int n;
} ChoiceList;

static inline void
add_choice (ChoiceList *l, int g, int kind, int a, int b, int c)
{
  if (l->n >= *l->cap)
    {
      *l->cap = *l->cap ? *l->cap * 2 : 32;
      *l->out = g_realloc (*l->out, sizeof (ChanChoice) * (size_t) *l->cap);
    }
  ChanChoice *ch = &(*l->out)[l->n++];
  ch->g = (int16_t) g;
  ch->kind = (uint8_t) kind;
  ch->spare = 0;
  ch->a = a;
  ch->b = b;
  ch->c = c;
}

/* Adds the rendezvous partners of a send on channel C by G: none when C is
 * buffered (on a full buffered channel a receiver takes the oldest
 * value and the send goes into the room it leaves, a step of its own;
 * handing the sender's value over would jump the queue).  In Go, a send
 * and a receive on an unbuffered channel meet when one of them waits for
 * the other, and a select with a default never waits: it takes a case only
 * when a partner is already waiting.  So a select with a default
 * (NON_BLOCKING) meets only plain receives and selects without a default;
 * two selects with defaults never meet.  (A goroutine resting at a receive
 * may also not be waiting yet: goroutine_choices keeps the default of a
 * select open whatever partners it has.) */
static void
add_partners (ChanState *s, ChoiceList *l, int g, int kind, int a, int c, gboolean non_blocking)
{
  if (chan_cap (s, c) != 0)
    return;
  for (int h = 0; h < s->n_goroutines; h++)
    {
      if (h == g)
        continue;
      for (int k = receiving_case (s, h, c, -1, non_blocking); k != -2;
           k = receiving_case (s, h, c, k + 1, non_blocking))
        {
          add_choice (l, g, kind, a, h, k);
          if (k == -1)
            break;
        }
    }
}

/* Library method kinds: the model maps each name once (model.h). */
typedef ChanLibMethod MethodKind;

static inline MethodKind
method_kind (const ChanState *s, int name)
{
  return chan_model_lib_method (s->model, name);
}

/* The library object a method call's receiver designates (following
 * embedded fields of structs for promoted methods), or -1. */
static int
lib_receiver (ChanState *s, const ChanVal *recv, int name, int *user_func)
{
  int obj = target_object (s, recv);
  *user_func = -1;
  if (obj < 0)
    return -1;
  if (s->objects[obj].kind == CHAN_OBJ_STRUCT)
    {
      int path[9];
      int type = s->objects[obj].type;
      int f = chan_model_find_method (s->model, type, name, path);
      if (f >= 0)
        {
          for (int i = 0; path[i] >= 0; i++)
            {
              ChanVal *e = obj_slot (s, obj, path[i]);
              int next = target_object (s, e);
              if (next < 0)
                return -1;
              obj = next;
            }
          *user_func = f;
          return obj;
        }
      /* a promoted library method: walk embedded fields breadth first */
      const ChanType *t = chan_model_type (s->model, type);
      for (int i = 0; i < t->n_fields; i++)
        if (t->field_embedded[i])
          {
            ChanVal *e = obj_slot (s, obj, i);
            int inner = target_object (s, e);
            if (inner >= 0 && s->objects[inner].kind != CHAN_OBJ_STRUCT)
              return inner;
            if (inner >= 0)
              {
                ChanVal v = val_ref (CHAN_VAL_AGG, inner);
                int r = lib_receiver (s, &v, name, user_func);
                if (r >= 0)
                  return r;
              }
          }
      return -1;
    }
  return obj;
}

/* Does V have the Go type of type test IN (model.h, CHAN_TEST_*)?  1 or 0,
 * or -1 when the model cannot tell: V is unknown, or values of its kind
 * belong to several Go types (int and int64, string and a named string). */
static int
has_tested_type (ChanState *s, const ChanInstr *in, const ChanVal *v)
{
  int obj;
  gboolean is_struct;

  if (in->aux == CHAN_TEST_CHAN)
    return v->kind == CHAN_VAL_CHAN;
  if (v->kind == CHAN_VAL_UNKNOWN)
    return in->aux == CHAN_TEST_ANY && (v->flags & CHAN_UNKNOWN_NONNIL) ? 1 : -1;
  if (v->kind == CHAN_VAL_NIL)
    return 0;
  if (in->aux == CHAN_TEST_ANY)
    return 1;
  if (in->aux == CHAN_TEST_IFACE)
    return (in->aux2 >> v->kind) & 1 ? 0 : -1;
  /* a struct value or a pointer to one: its type is known exactly */
  obj = v->kind == CHAN_VAL_AGG || v->kind == CHAN_VAL_PTR ? target_object (s, v) : -1;
  is_struct = obj >= 0 && s->objects[obj].kind == CHAN_OBJ_STRUCT;
  if (in->aux >= 0)
    return is_struct && s->objects[obj].type == in->aux
           && (v->kind == CHAN_VAL_PTR) == ((in->aux2 & CHAN_TEST_POINTER) != 0);
  if (is_struct || v->kind != (in->aux2 & CHAN_TEST_KIND_MASK))
    return 0;
  return (in->aux2 & CHAN_TEST_EXACT) ? 1 : -1;
}

/* The receiver 'go x.M(...)' or 'defer x.M(...)' binds at the statement
 * (method name NAME, RECV the value of x): Go evaluates the method value
 * there, so a value receiver is copied now (later writes to x are not seen
 * by the call); a pointer receiver or a library object is RECV as is. */
static ChanVal
bound_receiver (ChanState *s, const ChanVal *recv, int name)
{
  int uf;
  int obj = lib_receiver (s, recv, name, &uf);
  if (uf >= 0 && !chan_model_func (s->model, uf)->pointer_receiver)
    return copy_val (s, val_ref (CHAN_VAL_AGG, obj));
  return *recv;
}

static int
mutex_of (ChanState *s, int cond)
{
  ChanVal l = *obj_slot (s, cond, 0);
  return target_object (s, &l);
}

static gboolean
lock_free (ChanState *s, int m)
{
  if (m < 0)
    return TRUE;
  if (s->objects[m].kind == CHAN_OBJ_RWMUTEX)
    return num (obj_slot (s, m, 0)) == 0 && num (obj_slot (s, m, 1)) == 0;
  return num (obj_slot (s, m, 0)) == 0;
}

/* Goroutine H waits in method KIND on object OBJ at phase PHASE? */
static gboolean
waits_on (ChanState *s, int h, int obj, MethodKind kind, int phase)
{
  const ChanInstr *in = rest_instr (s, h);
  int uf;
  if (in->op != CHAN_I_CALL_METHOD || gor (s, h)->phase != phase)
    return FALSE;
  if (method_kind (s, in->aux2) != kind)
    return FALSE;
  return lib_receiver (s, slot (s, h, in->a), in->aux2, &uf) == obj && uf < 0;
}

static void
method_choices (ChanState *s, ChoiceList *l, int g, const ChanInstr *in)
{
  int uf;
  if (in->flags & CHAN_INSTR_OPTIONAL)
    {
      add_choice (l, g, CHAN_CHOICE_STEP, 0, 0, 0);
      return;
    }
  int obj = lib_receiver (s, slot (s, g, in->a), in->aux2, &uf);
  int phase = gor (s, g)->phase;
  int kind;

  if (obj < 0 || uf >= 0)
    {
      add_choice (l, g, CHAN_CHOICE_STEP, 0, 0, 0);
      return;
    }
  kind = s->objects[obj].kind;
  switch (method_kind (s, in->aux2))
    {
    case CHAN_METHOD_LOCK:
      if (kind == CHAN_OBJ_MUTEX && num (obj_slot (s, obj, 0)) != 0)
        return;
      if (kind == CHAN_OBJ_RWMUTEX)
        {
          if (phase == 0 && num (obj_slot (s, obj, 0)) != 0)
            return;
          if (phase == 1 && num (obj_slot (s, obj, 1)) != 0)
            return;
        }
      break;
    case CHAN_METHOD_RLOCK:
      if (kind == CHAN_OBJ_RWMUTEX && phase == 1 && gor (s, g)->wait == 0)
        return;
      break;
    case CHAN_METHOD_WAIT:
      if (kind == CHAN_OBJ_WAITGROUP && phase == 1 && gor (s, g)->wait == 0)
        return;
      if (kind == CHAN_OBJ_COND)
        {
          if (phase == 1 && gor (s, g)->wait == 0)
            return;
          if (phase == 2 && !lock_free (s, mutex_of (s, obj)))
            return;
        }
      break;
    case CHAN_METHOD_DO:
      if (kind == CHAN_OBJ_ONCE && num (obj_slot (s, obj, 0)) == 1)
        return;
      break;
    case CHAN_METHOD_SIGNAL:
      if (kind == CHAN_OBJ_COND)
        {
          int any = 0;
          for (int h = 0; h < s->n_goroutines; h++)
            if (h != g && waits_on (s, h, obj, CHAN_METHOD_WAIT, 1) && gor (s, h)->wait == 0)
              {
                add_choice (l, g, CHAN_CHOICE_SIGNAL, h, 0, 0);
                any = 1;
              }
          if (!any)
            add_choice (l, g, CHAN_CHOICE_SIGNAL, -1, 0, 0);
          return;
        }
      break;
    default:
      break;
    }
  add_choice (l, g, CHAN_CHOICE_STEP, 0, 0, 0);
}

static void
goroutine_choices (const ChanExec *x, ChanState *s, int g, ChoiceList *l)
{
  const ChanInstr *in = rest_instr (s, g);
  const ChanVal *v;

  switch (in->op)
    {
    case CHAN_I_SEND:
      v = slot (s, g, in->a);
      if (send_ready_alone (s, v))
        add_choice (l, g, CHAN_CHOICE_STEP, 0, 0, 0);
      else if (v->kind == CHAN_VAL_CHAN)
        add_partners (s, l, g, CHAN_CHOICE_SEND, 0, (int) v->ref, FALSE);
      return;
    case CHAN_I_RECV:
      if (recv_ready (s, slot (s, g, in->a)))
        add_choice (l, g, CHAN_CHOICE_STEP, 0, 0, 0);
      return;
    case CHAN_I_SELECT:
      {
        /* default is taken when no case is ready.  A case ready through
           the channel alone (buffer, closed) is ready; one that needs a
           partner is ready only once the partner waits, and a partner at
           rest at its receive may not have got to waiting yet (nothing
           tells the two apart), so such cases leave default open */
        const ChanSelect *sel = &g_array_index (s->model->selects, ChanSelect, in->aux);
        gboolean non_blocking = sel->default_target >= 0, ready_alone = FALSE;
        for (int k = 0; k < sel->n_cases; k++)
          {
            const ChanSelectCase *sc = &sel->cases[k];
            v = slot (s, g, sc->chan);
            if (sc->is_send ? send_ready_alone (s, v) : recv_ready (s, v))
              {
                add_choice (l, g, CHAN_CHOICE_SELECT, k, -1, -1);
                ready_alone = TRUE;
              }
            else if (sc->is_send && v->kind == CHAN_VAL_CHAN)
              add_partners (s, l, g, CHAN_CHOICE_SELECT, k, (int) v->ref, non_blocking);
          }
        if (non_blocking && !ready_alone)
          add_choice (l, g, CHAN_CHOICE_SELECT, -1, -1, -1);
        return;
      }
    case CHAN_I_BRANCH:
      if (slot (s, g, in->a)->kind == CHAN_VAL_UNKNOWN)
        {
          /* the outcome that stays in a loop: within the bound only */
          gboolean stays_true = !(in->flags & CHAN_INSTR_INVERT);
          gboolean bounded = in->aux2 > 0
                             && num (slot (s, g, in->aux2 - 1)) >= x->unknown_range_bound;
          if (!(bounded && stays_true))
            add_choice (l, g, CHAN_CHOICE_BRANCH, 0, 0, 0);
          if (!(bounded && !stays_true))
            add_choice (l, g, CHAN_CHOICE_BRANCH, 1, 0, 0);
          return;
        }
      break;
    case CHAN_I_RANGE_NEXT:
      if (slot (s, g, in->a)->kind == CHAN_VAL_MAP)
        {
          int n = map_range_remaining (s, g, in);
          for (int k = 0; k < (n > 1 ? n : 1); k++)
            add_choice (l, g, CHAN_CHOICE_RANGE, k, 0, 0);
          return;
        }
      if (slot (s, g, in->a)->kind == CHAN_VAL_UNKNOWN)
        {
          if (num (slot (s, g, in->b)) < x->unknown_range_bound)
            add_choice (l, g, CHAN_CHOICE_RANGE, 0, 0, 0);
          add_choice (l, g, CHAN_CHOICE_RANGE, 1, 0, 0);
          return;
        }
      break;
    case CHAN_I_CALL_METHOD:
      method_choices (s, l, g, in);
      return;
    default:
      break;
    }
  add_choice (l, g, CHAN_CHOICE_STEP, 0, 0, 0);
}

static gboolean
timer_can_fire (ChanState *s, int t)
{
  ChanVal *w = obj_slot (s, t, 0);
  if (num (&w[1]) != CHAN_TIMER_PENDING)
    return FALSE;
  if (num (&w[2]) == CHAN_TIMER_KIND_TICKER && w[0].kind == CHAN_VAL_CHAN)
    return chan_count (s, (int) w[0].ref) == 0;
  return TRUE;
}

int
chan_exec_goroutine_choices (const ChanExec *x, ChanState *s, int g,
                             ChanChoice **out, int *cap)
{
  ChoiceList l = { out, cap, 0 };
  if (s->crash == CHAN_CRASH_NONE)
    goroutine_choices (x, s, g, &l);
  return l.n;
}

int
chan_exec_enabled (const ChanExec *x, ChanState *s, ChanChoice **out, int *cap)
{
  ChoiceList l = { out, cap, 0 };
  if (s->crash != CHAN_CRASH_NONE)
    return 0;
  for (int g = 0; g < s->n_goroutines; g++)
    goroutine_choices (x, s, g, &l);
  for (int t = 0; t < s->n_objects; t++)
    if (s->objects[t].kind == CHAN_OBJ_TIMER && timer_can_fire (s, t))
      add_choice (&l, -1, CHAN_CHOICE_FIRE, t, 0, 0);
  return l.n;
}

/* ---- the library ---------------------------------------------------------- */

static int
new_timer (ChanState *s, int kind, int site, gboolean with_channel)
{
  int t = chan_state_alloc (s, CHAN_OBJ_TIMER, -1, 5);
  ChanVal *w;
  if (with_channel)
    {
      int c = make_chan (s, -1, 1);
      *obj_slot (s, c, 1) = val_ptr (t, -1);
      *obj_slot (s, t, 0) = val_ref (CHAN_VAL_CHAN, c);
    }
  w = obj_slot (s, t, 0);
  w[1] = word (CHAN_TIMER_PENDING);
  w[2] = word (kind);
  w[4] = chan_val_int (site);
  return t;
}

static void
remove_timer_root (ChanState *s, int t)
{
  for (int i = 0; i < s->n_timer_roots; i++)
    if ((int) s->timer_roots[i] == t)
      {
        memmove (s->timer_roots + i, s->timer_roots + i + 1,
                 sizeof (uint32_t) * (size_t) (s->n_timer_roots - i - 1));
        s->n_timer_roots--;
        return;
      }
}

static void
add_timer_root (ChanState *s, int t)
{
  for (int i = 0; i < s->n_timer_roots; i++)
    if ((int) s->timer_roots[i] == t)
      return;
  if (s->n_timer_roots >= s->cap_timer_roots)
    {
      s->cap_timer_roots = s->cap_timer_roots ? s->cap_timer_roots * 2 : 8;
      s->timer_roots = g_realloc (s->timer_roots, sizeof (uint32_t) * (size_t) s->cap_timer_roots);
    }
  s->timer_roots[s->n_timer_roots++] = (uint32_t) t;
}

/* Timer.Stop / Reset: returns whether the timer was still pending (a fired
 * value not yet received counts as pending, Go 1.23). */
static gboolean
timer_stop (ChanState *s, int t, gboolean rearm)
{
  ChanVal *w = obj_slot (s, t, 0);
  gboolean was = num (&w[1]) == CHAN_TIMER_PENDING;
  if (w[0].kind == CHAN_VAL_CHAN)
    {
      int c = (int) w[0].ref;
      if (chan_count (s, c) > 0)
        {
          was = TRUE;
          chan_pop (s, c);
        }
    }
  w = obj_slot (s, t, 0);
  w[1] = word (rearm ? CHAN_TIMER_PENDING : CHAN_TIMER_STOPPED);
  if (num (&w[2]) == CHAN_TIMER_KIND_AFTERFUNC)
    {
      if (rearm)
        add_timer_root (s, t);
      else
        remove_timer_root (s, t);
    }
  return was;
}

static int
new_context (ChanState *s, int parent_obj, gboolean unknown_parent)
{
  int ctx = chan_state_alloc (s, CHAN_OBJ_CONTEXT, -1, 6);
  int done = make_chan (s, -1, 0);
  *obj_slot (s, ctx, 0) = val_ref (CHAN_VAL_CHAN, done);
  if (parent_obj >= 0)
    {
      *obj_slot (s, ctx, 1) = val_ptr (parent_obj, -1);
      *obj_slot (s, ctx, 3) = *obj_slot (s, parent_obj, 2);
      *obj_slot (s, parent_obj, 2) = val_ptr (ctx, -1);
      if (num (obj_slot (s, parent_obj, 4)) != 0)
        cancel_context (s, ctx, (int) num (obj_slot (s, parent_obj, 4)));
    }
  else if (unknown_parent)
    {
      /* SPEC 2.3: an unknown context may be cancelled at any moment */
      int t = new_timer (s, CHAN_TIMER_KIND_DEADLINE, -1, FALSE);
      *obj_slot (s, t, 3) = val_ptr (ctx, -1);
      *obj_slot (s, ctx, 5) = val_ptr (t, -1);
    }
  return ctx;
}

static void
cancel_context (ChanState *s, int ctx, int err)
{
  ChanVal done, child, timer;
  if (num (obj_slot (s, ctx, 4)) != 0)
    return;
  *obj_slot (s, ctx, 4) = chan_val_int (err);
  done = *obj_slot (s, ctx, 0);
  if (done.kind == CHAN_VAL_CHAN)
    obj_slot (s, (int) done.ref, 0)->flags |= 1;
  timer = *obj_slot (s, ctx, 5);
  if (timer.kind == CHAN_VAL_PTR)
    {
      *obj_slot (s, (int) timer.ref, 1) = word (CHAN_TIMER_STOPPED);
      *obj_slot (s, ctx, 5) = chan_val_nil ();
    }
  for (child = *obj_slot (s, ctx, 2); child.kind == CHAN_VAL_PTR;
       child = *obj_slot (s, (int) child.ref, 3))
    cancel_context (s, (int) child.ref, err);
  /* a cancelled context leaves its parent's list of children (Go's
     removeChild): unlink it so that both forms are the same state */
  *obj_slot (s, ctx, 2) = chan_val_nil ();
}

static void
wg_add (ChanState *s, int g, int wg, int64_t delta, int instr_id, Flow *flow)
{
  /* Go keeps the counter in 32 bits and adds the delta's low 32 bits */
  int64_t n = (int32_t) ((uint32_t) num (obj_slot (s, wg, 0)) + (uint32_t) delta);
  if (n < 0)
    {
      *flow = runtime_panic (s, g, instr_id, "sync: negative WaitGroup counter");
      return;
    }
  *obj_slot (s, wg, 0) = word (n);
  if (n == 0)
    for (int h = 0; h < s->n_goroutines; h++)
      if (waits_on (s, h, wg, CHAN_METHOD_WAIT, 1))
        gor (s, h)->wait = 1;
}

static void
results_unknown (ChanState *s, int g, int dst, int n)
{
  for (int i = 0; i < n && dst >= 0; i++)
    *slot (s, g, dst + i) = chan_val_unknown ();
}

/* Executes library method IN on object OBJ.  Returns STOP when the
 * goroutine must stay at this instruction (a multi-step operation that
 * blocked), with *STAY set. */
static Flow
lib_method (const ChanExec *x, ChanState *s, int g, const ChanInstr *in, int obj,
            const ChanChoice *choice, ChanStepInfo *info, gboolean *stay)
{
  ChanGoroutine *gr = gor (s, g);
  int kind = s->objects[obj].kind;
  MethodKind m = method_kind (s, in->aux2);
  Flow flow = GO_ON;
  int dst = in->dst;

  *stay = FALSE;
  switch (kind)
    {
    case CHAN_OBJ_MUTEX:
      if (m == CHAN_METHOD_LOCK)
        *obj_slot (s, obj, 0) = word (1);
      else if (m == CHAN_METHOD_TRYLOCK)
        {
          gboolean ok = num (obj_slot (s, obj, 0)) == 0;
          *obj_slot (s, obj, 0) = word (1);
          if (dst >= 0)
            *slot (s, g, dst) = chan_val_bool (ok);
        }
      else if (m == CHAN_METHOD_UNLOCK)
        {
          if (num (obj_slot (s, obj, 0)) == 0)
            return fatal (s, g, in->id, "fatal error: sync: unlock of unlocked mutex");
          *obj_slot (s, obj, 0) = word (0);
        }
      else
        results_unknown (s, g, dst, in->aux);
      break;
    case CHAN_OBJ_RWMUTEX:
      switch (m)
        {
        case CHAN_METHOD_LOCK:
          if (gr->phase == 0)
            {
              *obj_slot (s, obj, 0) = word (1);
              if (num (obj_slot (s, obj, 1)) != 0)
                {
                  *obj_slot (s, obj, 2) = word (1);  /* announced: blocks new readers */
                  gr->phase = 1;
                  *stay = TRUE;
                  return STOP;
                }
            }
          else
            {
              *obj_slot (s, obj, 2) = word (0);
              gr->phase = 0;
            }
          break;
        case CHAN_METHOD_RLOCK:
          if (gr->phase == 0)
            {
              if (num (obj_slot (s, obj, 0)) != 0)
                {
                  gr->phase = 1;
                  gr->wait = 0;
                  *stay = TRUE;
                  return STOP;
                }
              *obj_slot (s, obj, 1) = word (num (obj_slot (s, obj, 1)) + 1);
            }
          else
            {
              gr->phase = 0;
              gr->wait = 0;
            }
          break;
        case CHAN_METHOD_TRYLOCK:
          {
            gboolean ok = lock_free (s, obj);
            if (ok)
              *obj_slot (s, obj, 0) = word (1);
            if (dst >= 0)
              *slot (s, g, dst) = chan_val_bool (ok);
            break;
          }
        case CHAN_METHOD_TRYRLOCK:
          {
            gboolean ok = num (obj_slot (s, obj, 0)) == 0;
            if (ok)
              *obj_slot (s, obj, 1) = word (num (obj_slot (s, obj, 1)) + 1);
            if (dst >= 0)
              *slot (s, g, dst) = chan_val_bool (ok);
            break;
          }
        case CHAN_METHOD_RUNLOCK:
          if (num (obj_slot (s, obj, 1)) == 0)
            return fatal (s, g, in->id, "fatal error: sync: RUnlock of unlocked RWMutex");
          *obj_slot (s, obj, 1) = word (num (obj_slot (s, obj, 1)) - 1);
          break;
        case CHAN_METHOD_UNLOCK:
          if (num (obj_slot (s, obj, 0)) == 0 || num (obj_slot (s, obj, 2)) != 0)
            return fatal (s, g, in->id, "fatal error: sync: Unlock of unlocked RWMutex");
          /* readers that queued behind this writer get in before the next writer */
          for (int h = 0; h < s->n_goroutines; h++)
            if (waits_on (s, h, obj, CHAN_METHOD_RLOCK, 1) && gor (s, h)->wait == 0)
              {
                gor (s, h)->wait = 1;
                *obj_slot (s, obj, 1) = word (num (obj_slot (s, obj, 1)) + 1);
              }
          *obj_slot (s, obj, 0) = word (0);
          break;
        default:
          results_unknown (s, g, dst, in->aux);
          break;
        }
      break;
    case CHAN_OBJ_WAITGROUP:
      if (m == CHAN_METHOD_ADD)
        {
          ChanVal d = in->c > 0 ? *slot (s, g, in->b) : chan_val_int (1);
          if (d.kind != CHAN_VAL_INT)
            d = chan_val_int (1); /* an unknown delta: see lower.c, rejected earlier */
          wg_add (s, g, obj, d.num, in->id, &flow);
        }
      else if (m == CHAN_METHOD_DONE)
        wg_add (s, g, obj, -1, in->id, &flow);
      else if (m == CHAN_METHOD_WAIT)
        {
          if (gr->phase == 0 && num (obj_slot (s, obj, 0)) != 0)
            {
              gr->phase = 1;
              gr->wait = 0;
              *stay = TRUE;
              return STOP;
            }
          gr->phase = 0;
          gr->wait = 0;
        }
      else if (m == CHAN_METHOD_GO)
        {
          ChanVal fn = *slot (s, g, in->b);
          int ng;
          wg_add (s, g, obj, 1, in->id, &flow);
          ng = spawn_value (x, s, fn, NULL, 0, FALSE, in->id, info);
          if (ng >= 0)
            {
              ChanFrame *fr = &s->goroutines[ng].frames[0];
              fr->flags |= CHAN_FRAME_ONCE;   /* finish: Done on the group */
              fr->finish = val_ref (CHAN_VAL_AGG, obj);
              start_goroutine (x, s, ng, info);
            }
        }
      break;
    case CHAN_OBJ_ONCE:
      if (m == CHAN_METHOD_DO)
        {
          if (num (obj_slot (s, obj, 0)) == 0)
            {
              ChanVal fn = *slot (s, g, in->b);
              *obj_slot (s, obj, 0) = word (1);
              top (s, g)->pc++;
              flow = call_value (x, s, g, fn, NULL, 0, FALSE, -1, 0,
                                 CHAN_FRAME_DISCARD | CHAN_FRAME_ONCE, in->id, info);
              if (gor (s, g)->n_frames > 0)
                {
                  ChanFrame *f = top (s, g);
                  if (f->flags & CHAN_FRAME_ONCE)
                    f->finish = val_ref (CHAN_VAL_AGG, obj);
                  else
                    *obj_slot (s, obj, 0) = word (2); /* not a user function */
                }
              *stay = TRUE;  /* pc already moved */
              return flow;
            }
        }
      break;
    case CHAN_OBJ_COND:
      if (m == CHAN_METHOD_WAIT)
        {
          int mu = mutex_of (s, obj);
          if (gr->phase == 0)
            {
              if (mu >= 0)
                {
                  if (num (obj_slot (s, mu, 0)) == 0)
                    return fatal (s, g, in->id, "fatal error: sync: unlock of unlocked mutex");
                  *obj_slot (s, mu, 0) = word (0);
                }
              gr->phase = 1;
              gr->wait = 0;
              *stay = TRUE;
              return STOP;
            }
          if (gr->phase == 1)
            {
              gr->phase = 2;
              gr->wait = 0;
              if (!lock_free (s, mu))
                {
                  *stay = TRUE;
                  return STOP;
                }
            }
          if (mu >= 0)
            *obj_slot (s, mu, 0) = word (1);
          gr->phase = 0;
        }
      else if (m == CHAN_METHOD_SIGNAL)
        {
          if (choice->kind == CHAN_CHOICE_SIGNAL && choice->a >= 0)
            {
              gor (s, choice->a)->wait = 1;
              info->partner = choice->a;
            }
        }
      else if (m == CHAN_METHOD_BROADCAST)
        {
          for (int h = 0; h < s->n_goroutines; h++)
            if (waits_on (s, h, obj, CHAN_METHOD_WAIT, 1))
              gor (s, h)->wait = 1;
        }
      break;
    case CHAN_OBJ_TIMER:
      if (m == CHAN_METHOD_STOP || m == CHAN_METHOD_RESET)
        {
          gboolean was = timer_stop (s, obj, m == CHAN_METHOD_RESET);
          if (dst >= 0)
            *slot (s, g, dst) = chan_val_bool (was);
        }
      break;
    case CHAN_OBJ_ATOMIC:
      {
        /* atomic.Value holds a value like an interface does: Store and
           Swap keep a copy of a struct argument, Load and Swap return one */
        ChanVal cur = *obj_slot (s, obj, 0), r = chan_val_unknown (), arg = chan_val_unknown ();
        const char *tname = s->objects[obj].type >= 0
                              ? chan_model_type (s->model, s->objects[obj].type)->name : "";
        if (cur.kind == CHAN_VAL_NIL)
          cur = strcmp (tname, "atomic.Bool") == 0 ? chan_val_bool (0)
                : (strcmp (tname, "atomic.Value") == 0 || strcmp (tname, "atomic.Pointer") == 0)
                    ? chan_val_nil () : chan_val_int (0);
        if ((m == CHAN_METHOD_STORE || m == CHAN_METHOD_SWAP) && in->c > 0)
          arg = copy_val (s, *slot (s, g, in->b));
        if (m == CHAN_METHOD_LOAD)
          r = copy_val (s, cur);
        else if (m == CHAN_METHOD_STORE)
          *obj_slot (s, obj, 0) = arg;
        else if (m == CHAN_METHOD_SWAP)
          {
            r = cur;   /* no longer stored: no copy needed */
            *obj_slot (s, obj, 0) = arg;
          }
        else if (m == CHAN_METHOD_ADD)
          {
            ChanVal d = in->c > 0 ? *slot (s, g, in->b) : chan_val_unknown ();
            r = cur.kind == CHAN_VAL_INT && d.kind == CHAN_VAL_INT
                  ? chan_val_int ((int64_t) ((uint64_t) cur.num + (uint64_t) d.num)) : chan_val_unknown ();
            *obj_slot (s, obj, 0) = r;
          }
        else if (m == CHAN_METHOD_COMPARE_AND_SWAP && in->c >= 2)
          {
            ChanVal old = *slot (s, g, in->b), nv = *slot (s, g, in->b + 1);
            int eq = compare_eq (s, &cur, &old);
            if (eq == 1)
              {
                nv = copy_val (s, nv);
                *obj_slot (s, obj, 0) = nv;
              }
            r = eq < 0 ? chan_val_unknown () : chan_val_bool (eq);
          }
        if (dst >= 0)
          *slot (s, g, dst) = r;
        break;
      }
    case CHAN_OBJ_CONTEXT:
      if (m == CHAN_METHOD_DONE)
        {
          if (dst >= 0)
            *slot (s, g, dst) = *obj_slot (s, obj, 0);
        }
      else if (m == CHAN_METHOD_ERR)
        {
          if (dst >= 0)
            {
              ChanVal e = chan_val_nil ();
              if (num (obj_slot (s, obj, 4)) != 0)
                {
                  e = chan_val_unknown ();
                  e.flags = CHAN_UNKNOWN_NONNIL;
                }
              *slot (s, g, dst) = e;
            }
        }
      else
        results_unknown (s, g, dst, in->aux);
      break;
    default:
      results_unknown (s, g, dst, in->aux);
      break;
    }
  return flow;
}

/* A library function called through CALL_LIB or a library function value. */
static Flow
lib_call (const ChanExec *x, ChanState *s, int g, int lib, ChanVal *args, int n_args,
          int dst, int n_results, int instr_id, ChanStepInfo *info)
{
  ChanVal r0 = chan_val_unknown (), r1 = chan_val_unknown ();
  int t, ctx, parent;

  switch (lib)
    {
    case CHAN_LIB_TIME_SLEEP: case CHAN_LIB_RUNTIME_GOSCHED:
      break;
    case CHAN_LIB_TIME_AFTER:
      t = new_timer (s, CHAN_TIMER_KIND_ONESHOT, instr_id, TRUE);
      r0 = *obj_slot (s, t, 0);
      break;
    case CHAN_LIB_TIME_TICK:
      t = new_timer (s, CHAN_TIMER_KIND_TICKER, instr_id, TRUE);
      r0 = *obj_slot (s, t, 0);
      break;
    case CHAN_LIB_TIME_NEW_TIMER:
      t = new_timer (s, CHAN_TIMER_KIND_ONESHOT, instr_id, TRUE);
      r0 = val_ptr (t, -1);
      break;
    case CHAN_LIB_TIME_NEW_TICKER:
      t = new_timer (s, CHAN_TIMER_KIND_TICKER, instr_id, TRUE);
      r0 = val_ptr (t, -1);
      break;
    case CHAN_LIB_TIME_AFTER_FUNC:
      t = new_timer (s, CHAN_TIMER_KIND_AFTERFUNC, instr_id, FALSE);
      *obj_slot (s, t, 3) = n_args > 1 ? args[1] : chan_val_nil ();
      add_timer_root (s, t);
      r0 = val_ptr (t, -1);
      break;
    case CHAN_LIB_CONTEXT_BACKGROUND:
      ctx = chan_state_alloc (s, CHAN_OBJ_CONTEXT, -1, 6);
      r0 = val_ptr (ctx, -1);
      break;
    case CHAN_LIB_CONTEXT_WITH_CANCEL:
    case CHAN_LIB_CONTEXT_WITH_TIMEOUT:
      parent = n_args > 0 ? target_object (s, &args[0]) : -1;
      if (parent >= 0 && s->objects[parent].kind != CHAN_OBJ_CONTEXT)
        parent = -1;
      ctx = new_context (s, parent, parent < 0);
      if (lib == CHAN_LIB_CONTEXT_WITH_TIMEOUT && num (obj_slot (s, ctx, 4)) == 0
          && obj_slot (s, ctx, 5)->kind == CHAN_VAL_NIL)
        {
          t = new_timer (s, CHAN_TIMER_KIND_DEADLINE, instr_id, FALSE);
          *obj_slot (s, t, 3) = val_ptr (ctx, -1);
          *obj_slot (s, ctx, 5) = val_ptr (t, -1);
        }
      r0 = val_ptr (ctx, -1);
      r1.kind = CHAN_VAL_FUNC;
      r1.flags = 1;
      r1.ref = CHAN_LIB_CONTEXT_CANCEL;
      r1.num = ctx + 1;
      break;
    case CHAN_LIB_CONTEXT_CANCEL:
      /* args[0] carries the context (from the function value) */
      if (n_args > 0 && args[0].kind == CHAN_VAL_PTR)
        cancel_context (s, (int) args[0].ref, 1);
      break;
    case CHAN_LIB_SYNC_NEW_COND:
      t = chan_state_alloc (s, CHAN_OBJ_COND, -1, 1);
      *obj_slot (s, t, 0) = n_args > 0 ? args[0] : chan_val_nil ();
      r0 = val_ptr (t, -1);
      break;
    case CHAN_LIB_RUNTIME_GOEXIT:
      gor (s, g)->flags |= CHAN_G_GOEXIT;
      top (s, g)->pc = epilogue_pc (s, top (s, g)->func);
      return GO_ON;
    case CHAN_LIB_ATOMIC_ADD: case CHAN_LIB_ATOMIC_LOAD: case CHAN_LIB_ATOMIC_STORE:
    case CHAN_LIB_ATOMIC_SWAP: case CHAN_LIB_ATOMIC_CAS:
      {
        ChanVal *cell = NULL;
        if (n_args > 0 && args[0].kind == CHAN_VAL_PTR && args[0].num >= 0)
          cell = obj_slot (s, (int) args[0].ref, (int) args[0].num);
        else if (n_args > 0 && args[0].kind == CHAN_VAL_NIL)
          return runtime_panic (s, g, instr_id,
                                "runtime error: invalid memory address or nil pointer dereference");
        if (cell == NULL)
          break;
        if (lib == CHAN_LIB_ATOMIC_LOAD)
          r0 = *cell;
        else if (lib == CHAN_LIB_ATOMIC_STORE)
          *cell = n_args > 1 ? args[1] : chan_val_unknown ();
        else if (lib == CHAN_LIB_ATOMIC_SWAP)
          {
            r0 = *cell;
            *cell = n_args > 1 ? args[1] : chan_val_unknown ();
          }
        else if (lib == CHAN_LIB_ATOMIC_ADD)
          {
            if (cell->kind == CHAN_VAL_INT && n_args > 1 && args[1].kind == CHAN_VAL_INT)
              *cell = chan_val_int ((int64_t) ((uint64_t) cell->num + (uint64_t) args[1].num));
            else
              *cell = chan_val_unknown ();
            r0 = *cell;
          }
        else
          {
            int eq = n_args > 1 ? compare_eq (s, cell, &args[1]) : -1;
            if (eq == 1 && n_args > 2)
              *cell = args[2];
            r0 = eq < 0 ? chan_val_unknown () : chan_val_bool (eq);
          }
        break;
      }
    default:
      break;
    }
  if (dst >= 0 && n_results > 0)
    *slot (s, g, dst) = r0;
  if (dst >= 0 && n_results > 1)
    *slot (s, g, dst + 1) = r1;
  for (int i = 2; i < n_results && dst >= 0; i++)
    *slot (s, g, dst + i) = chan_val_unknown ();
  (void) x;
  (void) info;
  return GO_ON;
}

static Flow
call_value (const ChanExec *x, ChanState *s, int g, ChanVal fn, const ChanVal *args_in,
            int n_args, gboolean ellipsis, int ret_dst, int n_results, int flags,
            int instr_id, ChanStepInfo *info)
{
  ChanVal args[MAX_ARGS];
  if (n_args > MAX_ARGS - 1)
    n_args = MAX_ARGS - 1;
  if (n_args > 0)
    memcpy (args, args_in, sizeof (ChanVal) * (size_t) n_args);
  if (fn.kind == CHAN_VAL_NIL)
    return runtime_panic (s, g, instr_id,
                          "runtime error: invalid memory address or nil pointer dereference");
  if (fn.kind != CHAN_VAL_FUNC)
    {
      if (!(flags & CHAN_FRAME_DISCARD))
        results_unknown (s, g, ret_dst, n_results);
      return GO_ON;
    }
  if (fn.flags & 1)
    {
      ChanVal ctx = val_ptr ((int) fn.num - 1, -1);
      return lib_call (x, s, g, (int) fn.ref, &ctx, 1,
                       (flags & CHAN_FRAME_DISCARD) ? -1 : ret_dst, n_results, instr_id, info);
    }
  if (fn.flags & 2)
    {
      /* a method value: its receiver first */
      memmove (args + 1, args, sizeof (ChanVal) * (size_t) n_args);
      args[0] = *obj_slot (s, (int) fn.num - 1, 0);
      return push_call (x, s, g, (int) fn.ref, -1, args, n_args + 1, ellipsis, ret_dst, flags, info);
    }
  return push_call (x, s, g, (int) fn.ref, fn.num > 0 ? (int) fn.num - 1 : -1,
                    args, n_args, ellipsis, ret_dst, flags, info);
}

/* Starts a goroutine running function value FN with ARGS; returns its index,
 * or -1 when FN is not a function of the file. */
static int
spawn_value (const ChanExec *x, ChanState *s, ChanVal fn, ChanVal *args, int n_args,
             gboolean ellipsis, int site, ChanStepInfo *info)
{
  const ChanFunc *fnd;
  ChanVal all[MAX_ARGS];
  int ng, n = 0;
  if (fn.kind != CHAN_VAL_FUNC || (fn.flags & 1))
    return -1;
  fnd = chan_model_func (s->model, (int) fn.ref);
  if (fn.flags & 2)
    all[n++] = *obj_slot (s, (int) fn.num - 1, 0);
  for (int i = 0; i < n_args && n < MAX_ARGS - 1; i++)
    all[n++] = args[i];
  n = pack_variadic (s, fnd, all, n, ellipsis);
  untrack_arguments (x, fnd, all, n);
  ng = chan_state_spawn (s, (int) fn.ref, all, MIN (n, fnd->n_params), site, 0);
  if (fn.num > 0 && !(fn.flags & 2))
    {
      ChanFrame *nf = &s->goroutines[ng].frames[0];
      for (int i = 0; i < fnd->n_captured; i++)
        s->goroutines[ng].stack[nf->base + fnd->n_params + fnd->n_results + i]
          = *obj_slot (s, (int) fn.num - 1, i);
    }
  info->n_spawned++;
  return ng;
}

/* ---- instructions ---------------------------------------------------------- */

static gboolean is_rest_point (ChanState *s, int g, const ChanInstr *in, gboolean eager_end);
static void start_goroutine (const ChanExec *x, ChanState *s, int g, ChanStepInfo *info);

static gboolean
is_rest_point (ChanState *s, int g, const ChanInstr *in, gboolean eager_end)
{
  if (in->flags & CHAN_INSTR_VISIBLE)
    return TRUE;
  switch (in->op)
    {
    case CHAN_I_BRANCH:
      return slot (s, g, in->a)->kind == CHAN_VAL_UNKNOWN;
    case CHAN_I_RANGE_NEXT:
      /* a map: where the order of the keys is chosen, and where a range
         starts over a map with entries (Go checks there that no write is
         under way, exec_instr) */
      if (slot (s, g, in->a)->kind == CHAN_VAL_MAP)
        {
          int left = map_range_remaining (s, g, in);
          return left > 1 || (left == 1 && slot (s, g, in->b)->kind != CHAN_VAL_SLICE);
        }
      return slot (s, g, in->a)->kind == CHAN_VAL_UNKNOWN;
    case CHAN_I_RETURN:
      {
        /* a goroutine's end: a scheduling point of its own for the entry
           (its return is what a trace shows), for an end with an effect (the
           Done of wg.Go, the end of Once.Do's function), and for goroutines
           that are not the mover (a rendezvous partner, a new goroutine).
           Otherwise the mover ends within its transition: an end is seen by
           no one. */
        ChanGoroutine *gr = gor (s, g);
        ChanFrame *f = top (s, g);
        return gr->n_frames == 1 && f->defers.kind == CHAN_VAL_NIL
               && !(f->finish.kind == CHAN_VAL_AGG && s->objects[f->finish.ref].kind == CHAN_OBJ_DEFER)
               && !(gr->flags & CHAN_G_PANICKING)
               && (!eager_end || (gr->flags & CHAN_G_ENTRY) || (f->flags & CHAN_FRAME_ONCE));
      }
    default:
      return FALSE;
    }
}

static int64_t
arith (int op, int64_t a, int64_t b, gboolean *div_zero)
{
  uint64_t ua = (uint64_t) a, ub = (uint64_t) b;
  *div_zero = FALSE;
  switch (op)
    {
    case CHAN_OP_ADD: return (int64_t) (ua + ub);
    case CHAN_OP_SUB: return (int64_t) (ua - ub);
    case CHAN_OP_MUL: return (int64_t) (ua * ub);
    case CHAN_OP_DIV:
    case CHAN_OP_MOD:
      if (b == 0)
        {
          *div_zero = TRUE;
          return 0;
        }
      if (a == INT64_MIN && b == -1)
        return op == CHAN_OP_DIV ? a : 0;
      return op == CHAN_OP_DIV ? a / b : a % b;
    case CHAN_OP_AND: return a & b;
    case CHAN_OP_OR: return a | b;
    case CHAN_OP_XOR: return a ^ b;
    case CHAN_OP_AND_NOT: return a & ~b;
    case CHAN_OP_SHL:
    case CHAN_OP_SHR:
      if (b < 0)
        {
          *div_zero = TRUE;   /* Go: panic "negative shift amount" */
          return 0;
        }
      if (op == CHAN_OP_SHL)
        return b >= 64 ? 0 : (int64_t) (ua << b);
      return b >= 64 ? (a < 0 ? -1 : 0) : a >> b;
    default: return 0;
    }
}

static Flow
binary (ChanState *s, int g, const ChanInstr *in)
{
  ChanVal x = *slot (s, g, in->a), y = *slot (s, g, in->b);
  ChanVal r = chan_val_unknown ();
  int op = in->aux;

  switch (op)
    {
    case CHAN_OP_EQ: case CHAN_OP_NE:
      {
        int eq = compare_eq (s, &x, &y);
        if (eq >= 0)
          r = chan_val_bool (op == CHAN_OP_EQ ? eq : !eq);
        break;
      }
    case CHAN_OP_LT: case CHAN_OP_LE: case CHAN_OP_GT: case CHAN_OP_GE:
      if (x.kind == CHAN_VAL_INT && y.kind == CHAN_VAL_INT)
        r = chan_val_bool (op == CHAN_OP_LT ? x.num < y.num : op == CHAN_OP_LE ? x.num <= y.num
                           : op == CHAN_OP_GT ? x.num > y.num : x.num >= y.num);
      break;
    case CHAN_OP_LAND: case CHAN_OP_LOR:
      if (x.kind == CHAN_VAL_BOOL && y.kind == CHAN_VAL_BOOL)
        r = chan_val_bool (op == CHAN_OP_LAND ? (x.num && y.num) : (x.num || y.num));
      break;
    default:
      if (x.kind == CHAN_VAL_INT && y.kind == CHAN_VAL_INT)
        {
          gboolean div_zero;
          int64_t v = arith (op, x.num, y.num, &div_zero);
          if (div_zero)
            return runtime_panic (s, g, in->id, op == CHAN_OP_SHL || op == CHAN_OP_SHR
                                                  ? "runtime error: negative shift amount"
                                                  : "runtime error: integer divide by zero");
          r = chan_val_int (v);
        }
      else if ((op == CHAN_OP_DIV || op == CHAN_OP_MOD) && y.kind == CHAN_VAL_INT && y.num == 0)
        return runtime_panic (s, g, in->id, "runtime error: integer divide by zero");
      break;
    }
  *slot (s, g, in->dst) = r;
  top (s, g)->pc++;
  return GO_ON;
}

static void
refine (ChanState *s, int g, const ChanInstr *in, gboolean outcome)
{
  ChanVal *v;
  if (in->b < 0 || in->c == CHAN_REFINE_NONE)
    return;
  v = slot (s, g, in->b);
  if (v->kind != CHAN_VAL_UNKNOWN)
    return;
  switch (in->c)
    {
    case CHAN_REFINE_TRUTH: *v = chan_val_bool (outcome); break;
    case CHAN_REFINE_NOT: *v = chan_val_bool (!outcome); break;
    case CHAN_REFINE_IS_NIL: case CHAN_REFINE_NOT_NIL:
      if (outcome == (in->c == CHAN_REFINE_IS_NIL))
        *v = chan_val_nil ();
      else
        v->flags |= CHAN_UNKNOWN_NONNIL;
      break;
    case CHAN_REFINE_EQ: case CHAN_REFINE_NE:
      {
        ChanVal lit = *slot (s, g, in->dst);
        v = slot (s, g, in->b);
        if (outcome == (in->c == CHAN_REFINE_EQ))
          *v = lit;
        else if (lit.kind == CHAN_VAL_INT)
          {
            v->flags |= CHAN_UNKNOWN_NOT_NUM;
            v->flags &= ~CHAN_UNKNOWN_NOT_STR;
            v->num = lit.num;
          }
        else if (lit.kind == CHAN_VAL_STRING)
          {
            v->flags |= CHAN_UNKNOWN_NOT_STR;
            v->flags &= ~CHAN_UNKNOWN_NOT_NUM;
            v->num = lit.ref;
          }
        else if (lit.kind == CHAN_VAL_NIL)
          v->flags |= CHAN_UNKNOWN_NONNIL;
        break;
      }
    }
}

/* Resolves the storage of a field: object and slot, or -1 (unknown base),
 * -2 (nil pointer). */
static int
field_cell (ChanState *s, const ChanVal *base, int name, int *slot_out)
{
  int obj, path[9], f;
  if (base->kind == CHAN_VAL_NIL)
    return -2;
  obj = target_object (s, base);
  if (obj < 0)
    return -1;
  if (s->objects[obj].kind == CHAN_OBJ_TIMER)
    {
      *slot_out = 0;  /* .C */
      return obj;
    }
  if (s->objects[obj].kind == CHAN_OBJ_COND)
    {
      *slot_out = 0;  /* .L */
      return obj;
    }
  if (s->objects[obj].kind != CHAN_OBJ_STRUCT)
    return -1;
  f = chan_model_find_field (s->model, s->objects[obj].type, name, path);
  if (f < 0)
    return -1;
  for (int i = 0; path[i] >= 0; i++)
    {
      ChanVal *e = obj_slot (s, obj, path[i]);
      if (e->kind == CHAN_VAL_NIL)
        return -2;
      obj = target_object (s, e);
      if (obj < 0)
        return -1;
    }
  *slot_out = f;
  return obj;
}

/* Resolves an element: object and slot of a[i]; -1 unknown, -3 out of range. */
static int
index_cell (ChanState *s, const ChanVal *base, const ChanVal *index, int *slot_out)
{
  int obj;
  int64_t off = 0, len;
  if (index->kind != CHAN_VAL_INT)
    return -1;
  if (base->kind == CHAN_VAL_SLICE)
    {
      obj = (int) base->ref;
      off = chan_slice_off (base->num);
      len = chan_slice_len (base->num);
    }
  else if (base->kind == CHAN_VAL_NIL)
    {
      len = 0;
      obj = -1;
    }
  else
    {
      obj = target_object (s, base);
      if (obj < 0 || s->objects[obj].kind != CHAN_OBJ_ARRAY)
        return -1;
      len = s->objects[obj].n;
    }
  if (index->num < 0 || index->num >= len)
    return -3;
  *slot_out = (int) (off + index->num);
  return obj;
}

/* ---- maps ---------------------------------------------------------------------
 * A map value refers to a header object (count, storage); the storage is an
 * ARRAY of key, value pairs in insertion order, replaced when it grows. */

static int
make_map (ChanState *s, int type)
{
  int h = chan_state_alloc (s, CHAN_OBJ_MAP, type, 2);
  int st = chan_state_alloc (s, CHAN_OBJ_ARRAY, -1, 8);
  *obj_slot (s, h, 1) = val_ref (CHAN_VAL_AGG, st);
  return h;
}

static inline int map_count (ChanState *s, int h) { return (int) num (obj_slot (s, h, 0)); }
static inline int map_storage (ChanState *s, int h) { return (int) obj_slot (s, h, 1)->ref; }

/* Finds KEY in map H: the entry index, -1 when absent, -2 when a comparison
 * with an unknown makes it undecidable. */
static int
map_find (ChanState *s, int h, const ChanVal *key)
{
  int n = map_count (s, h), st = map_storage (s, h), undecided = 0;
  for (int i = 0; i < n; i++)
    {
      ChanVal k = *obj_slot (s, st, 2 * i);
      int eq = compare_eq (s, &k, key);
      if (eq == 1)
        return i;
      if (eq < 0)
        undecided = 1;
    }
  return undecided ? -2 : -1;
}

static void
map_store (ChanState *s, int h, ChanVal key, ChanVal value)
{
  int i = map_find (s, h, &key);
  int n, st;
  if (i >= 0)
    {
      *obj_slot (s, map_storage (s, h), 2 * i + 1) = value;
      return;
    }
  n = map_count (s, h);
  st = map_storage (s, h);
  if (2 * (n + 1) > s->objects[st].n)
    {
      int bigger = chan_state_alloc (s, CHAN_OBJ_ARRAY, -1, s->objects[st].n * 2);
      for (int k = 0; k < 2 * n; k++)
        *obj_slot (s, bigger, k) = *obj_slot (s, st, k);
      *obj_slot (s, h, 1) = val_ref (CHAN_VAL_AGG, bigger);
      st = bigger;
    }
  /* a new entry keeps its own copy of a struct or array key: a later
     write to the variable it came from does not change the key */
  key = copy_val (s, key);
  *obj_slot (s, st, 2 * n) = key;
  *obj_slot (s, st, 2 * n + 1) = value;
  *obj_slot (s, h, 0) = word (n + 1);
}

static void
map_delete (ChanState *s, int h, const ChanVal *key)
{
  int i = map_find (s, h, key), n = map_count (s, h), st = map_storage (s, h);
  if (i < 0)
    return;
  /* keep insertion order: shift the later entries down */
  for (int k = 2 * i; k < 2 * (n - 1); k++)
    *obj_slot (s, st, k) = *obj_slot (s, st, k + 2);
  *obj_slot (s, st, 2 * (n - 1)) = chan_val_nil ();
  *obj_slot (s, st, 2 * (n - 1) + 1) = chan_val_nil ();
  *obj_slot (s, h, 0) = word (n - 1);
}

static int
map_elem_type (ChanState *s, const ChanVal *m)
{
  int type = m->kind == CHAN_VAL_MAP ? s->objects[m->ref].type
             : (m->flags & CHAN_NIL_MAP) ? (int) m->ref : -1;
  return type >= 0 ? chan_model_type (s->model, type)->elem : -1;
}

/* Go's maps are not safe for concurrent use: a write sets a flag in the
 * map while it runs, and an access that finds the flag set is a fatal
 * error ("concurrent map writes" and the like).  Here a write to a map
 * that other goroutines may see (a visible instruction) takes two steps:
 * it starts (the goroutine rests at it in phase 1, the flag) and ends.  Is
 * map H being written by a goroutine other than G? */
static gboolean
map_being_written (ChanState *s, int g, int h)
{
  for (int o = 0; o < s->n_goroutines; o++)
    {
      const ChanInstr *in;
      const ChanVal *m;
      if (o == g || gor (s, o)->phase != 1)
        continue;
      in = rest_instr (s, o);
      if (in->op != CHAN_I_STORE_INDEX && in->op != CHAN_I_DELETE)
        continue;
      m = slot (s, o, in->a);
      if (m->kind == CHAN_VAL_MAP && (int) m->ref == h)
        return TRUE;
    }
  return FALSE;
}

/* The first step of a write (STORE_INDEX, DELETE) by G to map H at IN:
 * for a visible one, starts it (STOP: G rests at IN in phase 1) or finds a
 * write under way (fatal); GO_ON when the write is to be done now. */
static Flow
map_write_starts (ChanState *s, int g, const ChanInstr *in, int h)
{
  ChanGoroutine *gr = gor (s, g);
  (void) obj_slot (s, h, 0);   /* the step touches the map (reduce.c) */
  if (map_being_written (s, g, h))
    {
      gr->phase = 0;
      fatal (s, g, in->id, "fatal error: concurrent map writes");
      return STOP;
    }
  if (!(in->flags & CHAN_INSTR_VISIBLE) || gr->phase == 1)
    {
      gr->phase = 0;
      return GO_ON;
    }
  gr->phase = 1;
  return STOP;
}

static Flow
exec_select (const ChanExec *x, ChanState *s, int g, const ChanInstr *in,
             const ChanChoice *c, ChanStepInfo *info, int mover);

/* The keys a range over a map has still to visit: slot b holds INT 0 before
 * the first iteration, then a SLICE of the remaining keys (a snapshot). */
static int
map_range_remaining (ChanState *s, int g, const ChanInstr *in)
{
  const ChanVal *it = slot (s, g, in->b);
  const ChanVal *m = slot (s, g, in->a);
  if (it->kind == CHAN_VAL_SLICE)
    return (int) chan_slice_len (it->num);
  return map_count (s, (int) m->ref);
}

/* One iteration of 'for k, v := range m': choice C picks which remaining
 * key comes next (Go's order is unspecified: every order is explored). */
static Flow
range_map (ChanState *s, int g, const ChanInstr *in, const ChanChoice *c)
{
  ChanVal m = *slot (s, g, in->a);
  ChanVal it = *slot (s, g, in->b);
  int h = (int) m.ref, snap, n, pick, k;
  ChanVal key;

  if (it.kind != CHAN_VAL_SLICE)
    {
      int count = map_count (s, h), st = map_storage (s, h);
      snap = chan_state_alloc (s, CHAN_OBJ_ARRAY, -1, count > 0 ? count : 1);
      for (int i = 0; i < count; i++)
        *obj_slot (s, snap, i) = *obj_slot (s, st, 2 * i);
      it.kind = CHAN_VAL_SLICE;
      it.flags = 0;
      it.spare = 0;
      it.ref = (uint32_t) snap;
      it.num = chan_slice_pack (0, count, count);
    }
  snap = (int) it.ref;
  n = (int) chan_slice_len (it.num);
  for (;;)
    {
      if (n == 0)
        {
          *slot (s, g, in->b) = chan_val_int (0);
          top (s, g)->pc = in->aux;
          return GO_ON;
        }
      pick = c->kind == CHAN_CHOICE_RANGE ? c->a : 0;
      if (pick >= n)
        pick = 0;
      key = *obj_slot (s, snap, pick);
      *obj_slot (s, snap, pick) = *obj_slot (s, snap, n - 1);
      *obj_slot (s, snap, n - 1) = chan_val_nil ();
      n--;
      k = map_find (s, h, &key);
      if (k != -1)
        break;
      /* deleted during the iteration: Go does not produce it */
    }
  it.num = chan_slice_pack (0, n, chan_slice_cap (it.num));
  *slot (s, g, in->b) = it;
  if (in->dst >= 0)
    {
      key = copy_val (s, key);   /* the key variable is a copy of the key */
      *slot (s, g, in->dst) = key;
    }
  if (in->c >= 0)
    {
      ChanVal v = k >= 0 ? copy_val (s, *obj_slot (s, map_storage (s, h), 2 * k + 1)) : chan_val_unknown ();
      *slot (s, g, in->c) = v;
    }
  top (s, g)->pc++;
  return GO_ON;
}
static int field_cell (ChanState *s, const ChanVal *base, int name, int *slot_out);

enum { CELL_LOAD, CELL_ADDR, CELL_STORE };

/* Loads, takes the address of, or stores slot SRC into the cell K of object
 * OBJ (a field or an element); OBJ < 0: storage from outside (unknown). */
static void
cell_op (ChanState *s, int g, const ChanInstr *in, int obj, int k, int what, int src)
{
  ChanVal w;
  switch (what)
    {
    case CELL_LOAD:
      *slot (s, g, in->dst) = obj >= 0 ? *obj_slot (s, obj, k) : chan_val_unknown ();
      break;
    case CELL_ADDR:
      if (obj < 0)
        w = chan_val_unknown ();
      else
        {
          w = *obj_slot (s, obj, k);
          w = w.kind == CHAN_VAL_AGG ? val_ptr ((int) w.ref, -1) : val_ptr (obj, k);
        }
      *slot (s, g, in->dst) = w;
      break;
    default:
      if (obj >= 0)
        *obj_slot (s, obj, k) = *slot (s, g, src);
      break;
    }
}

static Flow rendezvous (const ChanExec *x, ChanState *s, int g, ChanVal value,
                        int h, int hcase, ChanStepInfo *info);

static void run (const ChanExec *x, ChanState *s, int g, const ChanChoice *c,
                 ChanStepInfo *info, gboolean first_done, int mover);

/* A new goroutine runs its invisible prefix at once: those instructions
 * touch nothing another goroutine can see, so doing them now is the same
 * as doing them later, and the goroutine rests at a scheduling point. */
static void
start_goroutine (const ChanExec *x, ChanState *s, int g, ChanStepInfo *info)
{
  ChanChoice none = { 0, CHAN_CHOICE_STEP, 0, 0, 0, 0 };
  if (!is_rest_point (s, g, rest_instr (s, g), FALSE))
    run (x, s, g, &none, info, FALSE, -1);
}

/* Reads integer operand slot K into *OUT (left alone when K is -1); FALSE
 * when the value is not a known integer. */
static gboolean
int_operand (ChanState *s, int g, int k, int64_t *out)
{
  const ChanVal *v;
  if (k < 0)
    return TRUE;
  v = slot (s, g, k);
  if (v->kind != CHAN_VAL_INT)
    return FALSE;
  *out = v->num;
  return TRUE;
}

/* Executes instruction IN of goroutine G with choice C.  Returns STOP when G
 * must not continue (blocked in a multi-step operation, ended, crashed, or a
 * bound cut). */
static Flow
exec_instr (const ChanExec *x, ChanState *s, int g, const ChanInstr *in,
            const ChanChoice *c, ChanStepInfo *info, int mover)
{
  ChanFrame *f = top (s, g);
  ChanVal v, w;
  int obj, k = 0;

  switch ((ChanOpcode) in->op)
    {
    case CHAN_I_NOP: case CHAN_I_YIELD:
      f->pc++;
      return GO_ON;
    case CHAN_I_CONST:
      *slot (s, g, in->dst) = g_array_index (s->model->consts, ChanVal, in->aux);
      f->pc++;
      return GO_ON;
    case CHAN_I_MOVE:
      *slot (s, g, in->dst) = *slot (s, g, in->a);
      f->pc++;
      return GO_ON;
    case CHAN_I_COPY:
      v = copy_val (s, *slot (s, g, in->a));
      *slot (s, g, in->dst) = v;
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_ZERO:
      v = zero_of (s, in->aux);
      *slot (s, g, in->dst) = v;
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_BOX:
      obj = chan_state_alloc (s, CHAN_OBJ_BOX, -1, 1);
      *obj_slot (s, obj, 0) = *slot (s, g, in->a);
      *slot (s, g, in->a) = val_ref (CHAN_VAL_AGG, obj);
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_LOAD_BOX:
      v = *slot (s, g, in->a);
      *slot (s, g, in->dst) = v.kind == CHAN_VAL_AGG ? *obj_slot (s, (int) v.ref, 0)
                                                    : chan_val_unknown ();
      f->pc++;
      return GO_ON;
    case CHAN_I_STORE_BOX:
      v = *slot (s, g, in->a);
      if (v.kind == CHAN_VAL_AGG)
        *obj_slot (s, (int) v.ref, 0) = *slot (s, g, in->b);
      f->pc++;
      return GO_ON;
    case CHAN_I_LOAD_GLOBAL:
      v = s->globals[in->aux];
      *slot (s, g, in->dst) = v.kind == CHAN_VAL_AGG ? *obj_slot (s, (int) v.ref, 0)
                                                    : chan_val_unknown ();
      f->pc++;
      return GO_ON;
    case CHAN_I_STORE_GLOBAL:
      if (s->globals[in->aux].kind != CHAN_VAL_AGG)
        {
          obj = chan_state_alloc (s, CHAN_OBJ_BOX, -1, 1);
          s->globals[in->aux] = val_ref (CHAN_VAL_AGG, obj);
        }
      *obj_slot (s, (int) s->globals[in->aux].ref, 0) = *slot (s, g, in->a);
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_ADDR_GLOBAL:
      v = s->globals[in->aux];
      w = *obj_slot (s, (int) v.ref, 0);
      *slot (s, g, in->dst) = w.kind == CHAN_VAL_AGG ? val_ptr ((int) w.ref, -1)
                                                     : val_ptr ((int) v.ref, 0);
      f->pc++;
      return GO_ON;
    case CHAN_I_UNARY:
      v = *slot (s, g, in->a);
      w = chan_val_unknown ();
      if (in->aux == CHAN_OP_NOT && v.kind == CHAN_VAL_BOOL)
        w = chan_val_bool (!v.num);
      else if (v.kind == CHAN_VAL_INT)
        w = chan_val_int (in->aux == CHAN_OP_NEG ? (int64_t) (0 - (uint64_t) v.num)
                          : in->aux == CHAN_OP_XOR ? ~v.num : v.num);
      *slot (s, g, in->dst) = w;
      f->pc++;
      return GO_ON;
    case CHAN_I_BINARY:
      return binary (s, g, in);
    case CHAN_I_FIELD: case CHAN_I_FIELD_ADDR: case CHAN_I_STORE_FIELD:
      v = *slot (s, g, in->a);
      obj = field_cell (s, &v, in->aux, &k);
      if (obj == -2)
        return runtime_panic (s, g, in->id,
                              "runtime error: invalid memory address or nil pointer dereference");
      if (in->op == CHAN_I_FIELD && obj == -1)
        {
          /* not a field: a method value x.M binds its receiver now */
          int tobj = target_object (s, &v), path[9], fm;
          w = chan_val_unknown ();
          if (tobj >= 0 && s->objects[tobj].kind != CHAN_OBJ_STRUCT && in->aux2 > 0)
            {
              /* wg.Done as a value: the lowering's wrapper, bound to wg */
              int env = chan_state_alloc (s, CHAN_OBJ_ENV, -1, 1);
              *obj_slot (s, env, 0) = val_ptr (tobj, -1);
              w.kind = CHAN_VAL_FUNC;
              w.flags = 2;
              w.ref = (uint32_t) (in->aux2 - 1);
              w.num = env + 1;
            }
          else if (tobj >= 0 && s->objects[tobj].kind == CHAN_OBJ_STRUCT
              && (fm = chan_model_find_method (s->model, s->objects[tobj].type, in->aux, path)) >= 0)
            {
              int env;
              ChanVal recv;
              for (int i = 0; path[i] >= 0 && tobj >= 0; i++)
                tobj = target_object (s, obj_slot (s, tobj, path[i]));
              if (tobj >= 0)
                {
                  recv = chan_model_func (s->model, fm)->pointer_receiver
                           ? val_ptr (tobj, -1) : copy_val (s, val_ref (CHAN_VAL_AGG, tobj));
                  env = chan_state_alloc (s, CHAN_OBJ_ENV, -1, 1);
                  *obj_slot (s, env, 0) = recv;
                  w.kind = CHAN_VAL_FUNC;
                  w.flags = 2;
                  w.ref = (uint32_t) fm;
                  w.num = env + 1;
                }
            }
          *slot (s, g, in->dst) = w;
        }
      else
        cell_op (s, g, in, obj, k, in->op == CHAN_I_FIELD ? CELL_LOAD
                                   : in->op == CHAN_I_FIELD_ADDR ? CELL_ADDR : CELL_STORE, in->b);
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_INDEX: case CHAN_I_INDEX_ADDR: case CHAN_I_STORE_INDEX:
      v = *slot (s, g, in->a);
      w = *slot (s, g, in->b);
      if (v.kind == CHAN_VAL_MAP || (v.kind == CHAN_VAL_NIL && (v.flags & CHAN_NIL_MAP)))
        {
          if (in->op == CHAN_I_STORE_INDEX)
            {
              if (v.kind == CHAN_VAL_NIL)
                return runtime_panic (s, g, in->id, "assignment to entry in nil map");
              if (map_write_starts (s, g, in, (int) v.ref) == STOP)
                return STOP;
              map_store (s, (int) v.ref, w, *slot (s, g, in->c));
            }
          else if (in->op == CHAN_I_INDEX)
            {
              int entry;
              if (v.kind == CHAN_VAL_MAP && map_being_written (s, g, (int) v.ref))
                return fatal (s, g, in->id, "fatal error: concurrent map read and map write");
              entry = v.kind == CHAN_VAL_MAP ? map_find (s, (int) v.ref, &w) : -1;
              ChanVal r, ok;
              if (entry >= 0)
                {
                  r = copy_val (s, *obj_slot (s, map_storage (s, (int) v.ref), 2 * entry + 1));
                  ok = chan_val_bool (1);
                }
              else if (entry == -1)
                {
                  r = zero_of (s, map_elem_type (s, &v));
                  ok = chan_val_bool (0);
                }
              else
                {
                  r = chan_val_unknown ();
                  ok = chan_val_unknown ();
                }
              *slot (s, g, in->dst) = r;
              if (in->c >= 0)
                *slot (s, g, in->c) = ok;
            }
          else
            *slot (s, g, in->dst) = chan_val_unknown ();  /* &m[k] is not Go */
          top (s, g)->pc++;
          return GO_ON;
        }
      obj = index_cell (s, &v, &w, &k);
      if (obj == -3)
        return runtime_panic (s, g, in->id, "runtime error: index out of range");
      cell_op (s, g, in, obj, k, in->op == CHAN_I_INDEX ? CELL_LOAD
                                 : in->op == CHAN_I_INDEX_ADDR ? CELL_ADDR : CELL_STORE, in->c);
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_LOAD_PTR:
      v = *slot (s, g, in->a);
      if (v.kind == CHAN_VAL_NIL)
        return runtime_panic (s, g, in->id,
                              "runtime error: invalid memory address or nil pointer dereference");
      if (v.kind != CHAN_VAL_PTR)
        w = chan_val_unknown ();
      else if (v.num < 0)
        w = val_ref (CHAN_VAL_AGG, (int) v.ref);
      else
        w = *obj_slot (s, (int) v.ref, (int) v.num);
      *slot (s, g, in->dst) = w;
      f->pc++;
      return GO_ON;
    case CHAN_I_STORE_PTR:
      v = *slot (s, g, in->a);
      if (v.kind == CHAN_VAL_NIL)
        return runtime_panic (s, g, in->id,
                              "runtime error: invalid memory address or nil pointer dereference");
      w = *slot (s, g, in->b);
      if (v.kind == CHAN_VAL_PTR && v.num >= 0)
        *obj_slot (s, (int) v.ref, (int) v.num) = w;
      else if (v.kind == CHAN_VAL_PTR && w.kind == CHAN_VAL_AGG)
        {
          /* *p = struct value: overwrite the object's slots */
          int dst = (int) v.ref, src = (int) w.ref;
          int n = MIN (s->objects[dst].n, s->objects[src].n);
          for (int i = 0; i < n; i++)
            *obj_slot (s, dst, i) = *obj_slot (s, src, i);
        }
      f->pc++;
      return GO_ON;
    case CHAN_I_ADDR:
      v = *slot (s, g, in->a);
      *slot (s, g, in->dst) = v.kind == CHAN_VAL_AGG ? val_ptr ((int) v.ref, -1) : chan_val_unknown ();
      f->pc++;
      return GO_ON;
    case CHAN_I_NEW:
      v = zero_of (s, in->aux);
      if (v.kind == CHAN_VAL_AGG)
        w = val_ptr ((int) v.ref, -1);
      else
        {
          obj = chan_state_alloc (s, CHAN_OBJ_BOX, -1, 1);
          *obj_slot (s, obj, 0) = v;
          w = val_ptr (obj, 0);
        }
      *slot (s, g, in->dst) = w;
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_MAKE_CHAN:
      {
        int cap = 0;
        if (in->a >= 0)
          {
            v = *slot (s, g, in->a);
            if (v.kind == CHAN_VAL_INT && v.num < 0)
              return runtime_panic (s, g, in->id, "makechan: size out of range");
            if (v.kind != CHAN_VAL_INT || v.num > MAX_MODELLED_SIZE)
              {
                /* an unknown or huge capacity: not modelled, say so */
                info->cut = TRUE;
                info->cut_reason |= CHAN_CUT_SIZE;
                return STOP;
              }
            cap = (int) v.num;
          }
        obj = make_chan (s, in->aux, cap);
        *slot (s, g, in->dst) = val_ref (CHAN_VAL_CHAN, obj);
        top (s, g)->pc++;
        return GO_ON;
      }
    case CHAN_I_MAKE_SLICE:
      {
        int64_t len = 0, cap;
        v = *slot (s, g, in->a);
        if (v.kind != CHAN_VAL_INT)
          {
            *slot (s, g, in->dst) = chan_val_unknown ();
            f->pc++;
            return GO_ON;
          }
        len = v.num;
        cap = len;
        if (in->b >= 0 && slot (s, g, in->b)->kind == CHAN_VAL_INT)
          cap = slot (s, g, in->b)->num;
        if (len < 0 || cap < len)
          return runtime_panic (s, g, in->id, "makeslice: len out of range");
        if (cap > MAX_MODELLED_SIZE)
          {
            info->cut = TRUE;
            info->cut_reason |= CHAN_CUT_SIZE;
            return STOP;
          }
        obj = chan_state_alloc (s, CHAN_OBJ_ARRAY, -1, (int) cap);
        for (int i = 0; i < cap; i++)
          {
            ChanVal z = zero_of (s, in->aux);
            *obj_slot (s, obj, i) = z;
          }
        w.kind = CHAN_VAL_SLICE;
        w.flags = 0;
        w.spare = 0;
        w.ref = (uint32_t) obj;
        w.num = chan_slice_pack (0, len, cap);
        *slot (s, g, in->dst) = w;
        top (s, g)->pc++;
        return GO_ON;
      }
    case CHAN_I_APPEND:
      {
        ChanVal base = *slot (s, g, in->a);
        int64_t off = 0, len = 0, cap = 0, extra;
        int src_obj = -1, n_new;
        ChanVal items[MAX_ARGS];
        if (in->flags & CHAN_INSTR_ELLIPSIS)
          {
            ChanVal xs = *slot (s, g, in->b);
            if (xs.kind == CHAN_VAL_UNKNOWN || base.kind == CHAN_VAL_UNKNOWN)
              {
                *slot (s, g, in->dst) = chan_val_unknown ();
                f->pc++;
                return GO_ON;
              }
            extra = xs.kind == CHAN_VAL_SLICE ? chan_slice_len (xs.num) : 0;
            if (extra > MAX_ARGS)
              {
                /* a long spread: copy through a buffer of its own */
                ChanVal *many = g_new (ChanVal, extra);
                int64_t n_base = base.kind == CHAN_VAL_SLICE ? chan_slice_len (base.num) : 0;
                int64_t off_base = base.kind == CHAN_VAL_SLICE ? chan_slice_off (base.num) : 0;
                int arr;
                for (int i = 0; i < extra; i++)
                  many[i] = *obj_slot (s, (int) xs.ref, (int) (chan_slice_off (xs.num) + i));
                if (n_base + extra > MAX_MODELLED_SIZE)
                  {
                    g_free (many);
                    info->cut = TRUE;
                    info->cut_reason |= CHAN_CUT_SIZE;
                    return STOP;
                  }
                arr = chan_state_alloc (s, CHAN_OBJ_ARRAY, -1, (int) (n_base + extra));
                for (int i = 0; i < n_base; i++)
                  *obj_slot (s, arr, i) = *obj_slot (s, (int) base.ref, (int) (off_base + i));
                for (int i = 0; i < extra; i++)
                  *obj_slot (s, arr, (int) (n_base + i)) = many[i];
                g_free (many);
                w.kind = CHAN_VAL_SLICE;
                w.flags = 0;
                w.spare = 0;
                w.ref = (uint32_t) arr;
                w.num = chan_slice_pack (0, n_base + extra, n_base + extra);
                *slot (s, g, in->dst) = w;
                top (s, g)->pc++;
                return GO_ON;
              }
            for (int i = 0; i < extra; i++)
              items[i] = *obj_slot (s, (int) xs.ref, (int) chan_slice_off (xs.num) + i);
          }
        else
          {
            extra = MIN (in->c, MAX_ARGS);
            for (int i = 0; i < extra; i++)
              items[i] = *slot (s, g, in->b + i);
          }
        if (base.kind == CHAN_VAL_UNKNOWN)
          {
            *slot (s, g, in->dst) = chan_val_unknown ();
            f->pc++;
            return GO_ON;
          }
        if (base.kind == CHAN_VAL_SLICE)
          {
            src_obj = (int) base.ref;
            off = chan_slice_off (base.num);
            len = chan_slice_len (base.num);
            cap = chan_slice_cap (base.num);
          }
        if (len + extra <= cap && src_obj >= 0)
          {
            for (int i = 0; i < extra; i++)
              *obj_slot (s, src_obj, (int) (off + len + i)) = items[i];
            w = base;
            w.num = chan_slice_pack (off, len + extra, cap);
          }
        else
          {
            int64_t new_cap = MAX (len + extra, cap * 2);
            if (new_cap > 65536)
              new_cap = len + extra;
            n_new = chan_state_alloc (s, CHAN_OBJ_ARRAY, -1, (int) new_cap);
            for (int i = 0; i < len; i++)
              *obj_slot (s, n_new, i) = *obj_slot (s, src_obj, (int) (off + i));
            for (int i = 0; i < extra; i++)
              *obj_slot (s, n_new, (int) (len + i)) = items[i];
            w.kind = CHAN_VAL_SLICE;
            w.flags = 0;
            w.spare = 0;
            w.ref = (uint32_t) n_new;
            w.num = chan_slice_pack (0, len + extra, new_cap);
          }
        *slot (s, g, in->dst) = w;
        top (s, g)->pc++;
        return GO_ON;
      }
    case CHAN_I_LEN: case CHAN_I_CAP:
      v = *slot (s, g, in->a);
      w = chan_val_unknown ();
      if (v.kind == CHAN_VAL_NIL)
        w = chan_val_int (0);
      else if (v.kind == CHAN_VAL_SLICE)
        w = chan_val_int (in->op == CHAN_I_LEN ? chan_slice_len (v.num) : chan_slice_cap (v.num));
      else if (v.kind == CHAN_VAL_CHAN)
        w = chan_val_int (in->op == CHAN_I_LEN ? chan_count (s, (int) v.ref)
                                               : chan_cap (s, (int) v.ref));
      else if (v.kind == CHAN_VAL_STRING)
        w = chan_val_int ((int64_t) strlen (chan_model_string (s->model, (int) v.ref)));
      else if (v.kind == CHAN_VAL_MAP)
        w = chan_val_int (map_count (s, (int) v.ref));
      else if ((obj = target_object (s, &v)) >= 0 && s->objects[obj].kind == CHAN_OBJ_ARRAY)
        w = chan_val_int (s->objects[obj].n);
      *slot (s, g, in->dst) = w;
      f->pc++;
      return GO_ON;
    case CHAN_I_SLICE:
      {
        int64_t lo = 0, hi, off, len, cap;
        v = *slot (s, g, in->a);
        if (v.kind == CHAN_VAL_AGG && s->objects[v.ref].kind == CHAN_OBJ_ARRAY)
          {
            int n = s->objects[v.ref].n;
            v.kind = CHAN_VAL_SLICE;
            v.num = chan_slice_pack (0, n, n);
          }
        else if (v.kind == CHAN_VAL_PTR && v.num < 0 && s->objects[v.ref].kind == CHAN_OBJ_ARRAY)
          {
            int n = s->objects[v.ref].n;
            v.kind = CHAN_VAL_SLICE;
            v.num = chan_slice_pack (0, n, n);
          }
        if (v.kind != CHAN_VAL_SLICE && v.kind != CHAN_VAL_NIL)
          {
            *slot (s, g, in->dst) = chan_val_unknown ();
            f->pc++;
            return GO_ON;
          }
        off = v.kind == CHAN_VAL_SLICE ? chan_slice_off (v.num) : 0;
        len = v.kind == CHAN_VAL_SLICE ? chan_slice_len (v.num) : 0;
        cap = v.kind == CHAN_VAL_SLICE ? chan_slice_cap (v.num) : 0;
        hi = len;
        if (!int_operand (s, g, in->b, &lo) || !int_operand (s, g, in->c, &hi))
          {
            /* an unknown bound: an unknown slice */
            *slot (s, g, in->dst) = chan_val_unknown ();
            f->pc++;
            return GO_ON;
          }
        if (lo < 0 || hi < lo || hi > cap)
          return runtime_panic (s, g, in->id, "runtime error: slice bounds out of range");
        if (v.kind == CHAN_VAL_SLICE)
          v.num = chan_slice_pack (off + lo, hi - lo, cap - lo);
        *slot (s, g, in->dst) = v;
        f->pc++;
        return GO_ON;
      }
    case CHAN_I_CLOSURE:
      {
        ChanVal fn = { CHAN_VAL_FUNC, 0, 0, (uint32_t) in->aux, 0 };
        if (in->c > 0)
          {
            obj = chan_state_alloc (s, CHAN_OBJ_ENV, -1, in->c);
            for (int i = 0; i < in->c; i++)
              *obj_slot (s, obj, i) = *slot (s, g, in->b + i);
            fn.num = obj + 1;
          }
        *slot (s, g, in->dst) = fn;
        top (s, g)->pc++;
        return GO_ON;
      }
    case CHAN_I_JUMP:
      f->pc = in->aux;
      return GO_ON;
    case CHAN_I_BRANCH:
      v = *slot (s, g, in->a);
      {
        gboolean outcome;
        if (v.kind == CHAN_VAL_BOOL)
          outcome = v.num != 0;
        else
          {
            outcome = c->kind == CHAN_CHOICE_BRANCH ? c->a == 0 : TRUE;
            refine (s, g, in, outcome);
            if (in->aux2 > 0)
              {
                ChanVal *counter = slot (s, g, in->aux2 - 1);
                gboolean stays = (in->flags & CHAN_INSTR_INVERT) ? !outcome : outcome;
                if (stays)
                  *counter = chan_val_int (num (counter) + 1);
                else if (num (counter) >= x->unknown_range_bound)
                  info->cut_reason |= CHAN_CUT_RANGE;
              }
          }
        f = top (s, g);
        if (in->flags & CHAN_INSTR_INVERT)
          f->pc = outcome ? in->aux : f->pc + 1;
        else
          f->pc = outcome ? f->pc + 1 : in->aux;
      }
      return GO_ON;
    case CHAN_I_ADDR_BOX:
      v = *slot (s, g, in->a);
      *slot (s, g, in->dst) = v.kind == CHAN_VAL_AGG ? val_ptr ((int) v.ref, 0) : chan_val_unknown ();
      f->pc++;
      return GO_ON;
    case CHAN_I_TYPE_TEST:
      v = *slot (s, g, in->a);
      {
        int has = has_tested_type (s, in, &v);
        w = has >= 0 ? chan_val_bool (has)
            : (in->flags & CHAN_INSTR_OPTIONAL) ? chan_val_bool (1) : chan_val_unknown ();
      }
      *slot (s, g, in->dst) = w;
      f->pc++;
      return GO_ON;
    case CHAN_I_RANGE_NEXT:
      {
        ChanVal coll = *slot (s, g, in->a);
        int64_t i = num (slot (s, g, in->b));
        gboolean more = FALSE;
        ChanVal key = chan_val_int (i), val = chan_val_unknown ();
        if (coll.kind == CHAN_VAL_UNKNOWN)
          {
            more = c->kind == CHAN_CHOICE_RANGE ? c->a == 0 : FALSE;
            if (!more && i >= x->unknown_range_bound)
              {
                info->cut_reason |= CHAN_CUT_RANGE;
              }
            key = chan_val_unknown ();
          }
        else if (coll.kind == CHAN_VAL_MAP)
          {
            if (map_being_written (s, g, (int) slot (s, g, in->a)->ref))
              return fatal (s, g, in->id, "fatal error: concurrent map iteration and map write");
            return range_map (s, g, in, c);
          }
        else if (coll.kind == CHAN_VAL_INT)
          more = i < coll.num;
        else if (coll.kind == CHAN_VAL_SLICE)
          {
            more = i < chan_slice_len (coll.num);
            if (more)
              val = *obj_slot (s, (int) coll.ref, (int) (chan_slice_off (coll.num) + i));
          }
        else if (coll.kind == CHAN_VAL_STRING)
          {
            const char *str = chan_model_string (s->model, (int) coll.ref);
            int64_t len = (int64_t) strlen (str);
            more = i < len;
            if (more)
              {
                gunichar ch = g_utf8_get_char_validated (str + i, len - i);
                const char *next = g_utf8_find_next_char (str + i, str + len);
                val = chan_val_int ((int64_t) (ch == (gunichar) -1 || ch == (gunichar) -2 ? 0xFFFD : ch));
                key = chan_val_int (i);
                *slot (s, g, in->b) = chan_val_int ((next ? next - str : len) - 1);
              }
          }
        else if ((obj = target_object (s, &coll)) >= 0 && s->objects[obj].kind == CHAN_OBJ_ARRAY)
          {
            more = i < s->objects[obj].n;
            if (more)
              val = *obj_slot (s, obj, (int) i);
          }
        f = top (s, g);
        if (!more)
          {
            f->pc = in->aux;
            return GO_ON;
          }
        if (in->dst >= 0)
          *slot (s, g, in->dst) = key;
        if (in->c >= 0)
          {
            val = copy_val (s, val);
            *slot (s, g, in->c) = val;
          }
        *slot (s, g, in->b) = chan_val_int (num (slot (s, g, in->b)) + 1);
        top (s, g)->pc++;
        return GO_ON;
      }
    case CHAN_I_CALL:
      {
        ChanVal fn = *slot (s, g, in->a);
        ChanVal args[MAX_ARGS];
        int n = MIN (in->c, MAX_ARGS - 1);
        for (int i = 0; i < n; i++)
          args[i] = copy_val (s, *slot (s, g, in->b + i));
        top (s, g)->pc++;
        return call_value (x, s, g, fn, args, n, (in->flags & CHAN_INSTR_ELLIPSIS) != 0,
                           in->dst, in->aux, in->dst < 0 ? CHAN_FRAME_DISCARD : 0, in->id, info);
      }
    case CHAN_I_CALL_METHOD:
      {
        int uf;
        ChanVal recv = *slot (s, g, in->a);
        if (in->flags & CHAN_INSTR_OPTIONAL)
          {
            obj = lib_receiver (s, &recv, in->aux2, &uf);
            if (uf < 0)
              obj = lib_receiver (s, &recv, in->aux, &uf);
            top (s, g)->pc++;
            if (uf >= 0)
              {
                const ChanFunc *fn = chan_model_func (s->model, uf);
                ChanVal self = fn->pointer_receiver ? val_ptr (obj, -1)
                                                    : copy_val (s, val_ref (CHAN_VAL_AGG, obj));
                return push_call (x, s, g, uf, -1, &self, 1, FALSE, -1,
                                  CHAN_FRAME_DISCARD | CHAN_FRAME_PRINTING, info);
              }
            return GO_ON;
          }
        obj = lib_receiver (s, &recv, in->aux2, &uf);
        if (uf >= 0)
          {
            const ChanFunc *fn = chan_model_func (s->model, uf);
            ChanVal args[MAX_ARGS];
            int n = MIN (in->c, MAX_ARGS - 2);
            args[0] = fn->pointer_receiver ? val_ptr (obj, -1)
                                           : copy_val (s, val_ref (CHAN_VAL_AGG, obj));
            for (int i = 0; i < n; i++)
              args[i + 1] = copy_val (s, *slot (s, g, in->b + i));
            top (s, g)->pc++;
            return push_call (x, s, g, uf, -1, args, n + 1,
                              (in->flags & CHAN_INSTR_ELLIPSIS) != 0, in->dst,
                              in->dst < 0 ? CHAN_FRAME_DISCARD : 0, info);
          }
        if (obj >= 0)
          {
            gboolean stay;
            Flow flow = lib_method (x, s, g, in, obj, c, info, &stay);
            if (s->crash != CHAN_CRASH_NONE)
              return STOP;
            if (stay)
              return flow;
            if (gor (s, g)->flags & CHAN_G_PANICKING && top (s, g)->pc == epilogue_pc (s, top (s, g)->func))
              return GO_ON;
            top (s, g)->pc++;
            return flow;
          }
        if (recv.kind == CHAN_VAL_NIL)
          return runtime_panic (s, g, in->id,
                                "runtime error: invalid memory address or nil pointer dereference");
        {
          /* a field holding a function: s.handler(x) */
          int fslot;
          int fobj = field_cell (s, &recv, in->aux2, &fslot);
          if (fobj >= 0)
            {
              ChanVal fn = *obj_slot (s, fobj, fslot);
              ChanVal args[MAX_ARGS];
              int n = MIN (in->c, MAX_ARGS - 1);
              for (int i = 0; i < n; i++)
                args[i] = copy_val (s, *slot (s, g, in->b + i));
              top (s, g)->pc++;
              return call_value (x, s, g, fn, args, n, (in->flags & CHAN_INSTR_ELLIPSIS) != 0,
                                 in->dst, in->aux, in->dst < 0 ? CHAN_FRAME_DISCARD : 0,
                                 in->id, info);
            }
        }
        results_unknown (s, g, in->dst, in->aux);
        top (s, g)->pc++;
        return GO_ON;
      }
    case CHAN_I_CALL_LIB:
      {
        ChanVal args[MAX_ARGS];
        int n = MIN (in->c, MAX_ARGS - 1);
        for (int i = 0; i < n; i++)
          args[i] = *slot (s, g, in->b + i);
        if (in->aux2 != CHAN_LIB_RUNTIME_GOEXIT)
          top (s, g)->pc++;
        return lib_call (x, s, g, in->aux2, args, n, in->dst, in->aux, in->id, info);
      }
    case CHAN_I_CALL_OPAQUE:
      results_unknown (s, g, in->dst, in->aux);
      if ((in->flags & CHAN_INSTR_OPTIONAL) && in->dst >= 0 && in->aux > 0)
        slot (s, g, in->dst)->flags |= CHAN_UNKNOWN_NONNIL;
      f->pc++;
      return GO_ON;
    case CHAN_I_GO:
      {
        ChanVal fn = *slot (s, g, in->a);
        ChanVal args[MAX_ARGS];
        int n = MIN (in->c, MAX_ARGS - 1), ng;
        for (int i = 0; i < n; i++)
          args[i] = i == 0 && (in->flags & CHAN_INSTR_RECEIVER)
                    ? bound_receiver (s, slot (s, g, in->b), in->aux2)
                    : copy_val (s, *slot (s, g, in->b + i));
        top (s, g)->pc++;
        if (fn.kind == CHAN_VAL_NIL)
          return fatal (s, g, in->id, "fatal error: go of nil func value");
        if (fn.kind != CHAN_VAL_FUNC)
          return GO_ON;  /* an unknown function: its goroutine does nothing we model */
        if (fn.flags & 1)
          return call_value (x, s, g, fn, args, n, FALSE, -1, 0, CHAN_FRAME_DISCARD, in->id, info);
        if (s->n_goroutines >= x->max_goroutines)
          {
            info->cut = TRUE;
            info->cut_reason |= CHAN_CUT_GOROUTINES;
            return STOP;
          }
        ng = spawn_value (x, s, fn, args, n, (in->flags & CHAN_INSTR_ELLIPSIS) != 0, in->id, info);
        if (ng >= 0)
          start_goroutine (x, s, ng, info);
        return GO_ON;
      }
    case CHAN_I_DEFER:
      if (in->flags & CHAN_INSTR_CLEANUP)
        {
          /* t.Cleanup(f): onto the goroutine's first frame, run after its defers */
          ChanFrame *bottom = &gor (s, g)->frames[0];
          if (bottom->flags & CHAN_FRAME_ONCE)
            {
              f->pc++;
              return GO_ON;
            }
          obj = chan_state_alloc (s, CHAN_OBJ_DEFER, -1, 2);
          bottom = &gor (s, g)->frames[0];
          *obj_slot (s, obj, 0) = bottom->finish;
          *obj_slot (s, obj, 1) = *slot (s, g, in->a);
          bottom->finish = val_ref (CHAN_VAL_AGG, obj);
          top (s, g)->pc++;
          return GO_ON;
        }
      {
        int n = in->c;
        obj = chan_state_alloc (s, CHAN_OBJ_DEFER, -1, 2 + n);
        *obj_slot (s, obj, 0) = top (s, g)->defers;
        *obj_slot (s, obj, 1) = *slot (s, g, in->a);
        for (int i = 0; i < n; i++)
          {
            ChanVal a = i == 0 && (in->flags & CHAN_INSTR_RECEIVER)
                        ? bound_receiver (s, slot (s, g, in->b), in->aux2)
                        : copy_val (s, *slot (s, g, in->b + i));
            *obj_slot (s, obj, 2 + i) = a;
          }
        f = top (s, g);
        f->defers = val_ref (CHAN_VAL_AGG, obj);
        f->pc++;
        return GO_ON;
      }
    case CHAN_I_RETURN:
      {
        ChanGoroutine *gr = gor (s, g);
        if (f->defers.kind == CHAN_VAL_AGG)
          {
            int d = (int) f->defers.ref;
            ChanVal fn = *obj_slot (s, d, 1);
            ChanVal args[MAX_ARGS];
            int n = MIN (s->objects[d].n - 2, MAX_ARGS - 1);
            for (int i = 0; i < n; i++)
              args[i] = *obj_slot (s, d, 2 + i);
            f->defers = *obj_slot (s, d, 0);
            return call_value (x, s, g, fn, args, n, FALSE, -1, 0,
                               CHAN_FRAME_DISCARD | CHAN_FRAME_DEFERRED, in->id, info);
          }
        if (gr->n_frames == 1 && f->finish.kind == CHAN_VAL_AGG
            && s->objects[f->finish.ref].kind == CHAN_OBJ_DEFER)
          {
            /* the test's cleanups, last registered first */
            int d = (int) f->finish.ref;
            ChanVal fn = *obj_slot (s, d, 1);
            f->finish = *obj_slot (s, d, 0);
            return call_value (x, s, g, fn, NULL, 0, FALSE, -1, 0,
                               CHAN_FRAME_DISCARD | CHAN_FRAME_DEFERRED, in->id, info);
          }
        if (gr->flags & (CHAN_G_PANICKING | CHAN_G_GOEXIT))
          {
            if (f->flags & CHAN_FRAME_ONCE && f->finish.kind == CHAN_VAL_AGG
                && s->objects[f->finish.ref].kind == CHAN_OBJ_ONCE)
              *obj_slot (s, (int) f->finish.ref, 0) = word (2);
            if (gr->n_frames == 1)
              {
                if (gr->flags & CHAN_G_PANICKING)
                  {
                    s->crash = CHAN_CRASH_PANIC;
                    s->crash_instr = gr->panic_instr;
                    s->crash_site = gr->site;
                    s->crash_reason = gr->panic_value.kind == CHAN_VAL_STRING
                                        ? (int) gr->panic_value.ref : -1;
                    return STOP;
                  }
                exit_goroutine (s, g, info, mover);
                return STOP;
              }
            if ((f->flags & CHAN_FRAME_PRINTING) && (gr->flags & CHAN_G_PANICKING))
              {
                /* fmt's catchPanic: it prints %!v(PANIC=String method: ...)
                   and the caller goes on after the print */
                gr->flags &= ~CHAN_G_PANICKING;
                gr->panic_value = chan_val_nil ();
                gr->panic_instr = -1;
                chan_state_pop_frame (s, g);
                return GO_ON;
              }
            chan_state_pop_frame (s, g);
            f = top (s, g);
            f->pc = epilogue_pc (s, f->func);
            return GO_ON;
          }
        {
          const ChanFunc *fn = chan_model_func (s->model, f->func);
          int n_res = fn->n_results, ret_dst = f->ret_dst, flags = f->flags;
          ChanVal results[MAX_ARGS];
          ChanVal finish = f->finish;
          for (int i = 0; i < n_res && i < MAX_ARGS; i++)
            {
              results[i] = *slot (s, g, fn->n_params + i);
              if (i < 32 && ((fn->boxed_results >> i) & 1) && results[i].kind == CHAN_VAL_AGG)
                results[i] = *obj_slot (s, (int) results[i].ref, 0);   /* through its box */
            }
          if (flags & CHAN_FRAME_ONCE && finish.kind == CHAN_VAL_AGG)
            {
              if (s->objects[finish.ref].kind == CHAN_OBJ_ONCE)
                *obj_slot (s, (int) finish.ref, 0) = word (2);
              else if (s->objects[finish.ref].kind == CHAN_OBJ_WAITGROUP)
                {
                  Flow flow = GO_ON;
                  wg_add (s, g, (int) finish.ref, -1, in->id, &flow);
                  if (gor (s, g)->flags & CHAN_G_PANICKING)
                    return GO_ON;
                }
            }
          if (gr->n_frames == 1)
            {
              exit_goroutine (s, g, info, mover);
              return STOP;
            }
          chan_state_pop_frame (s, g);
          if (!(flags & CHAN_FRAME_DISCARD) && ret_dst >= 0)
            {
              /* never past the caller's frame, whatever room its call
                 site reserved */
              int room = chan_model_func (s->model, top (s, g)->func)->n_slots - ret_dst;
              for (int i = 0; i < n_res && i < room && i < MAX_ARGS; i++)
                *slot (s, g, ret_dst + i) = results[i];
            }
          return GO_ON;
        }
      }
    case CHAN_I_PANIC:
      if (in->aux == CHAN_PANIC_RUNTIME)
        return runtime_panic (s, g, in->id, "interface conversion: the value does not have the asserted type");
      v = *slot (s, g, in->a);
      if (v.kind == CHAN_VAL_NIL)
        v = chan_val_unknown ();  /* panic(nil) is a *runtime.PanicNilError since Go 1.21 */
      return start_panic (s, g, v, in->id, -1);
    case CHAN_I_RECOVER:
      {
        ChanGoroutine *gr = gor (s, g);
        w = chan_val_nil ();
        if ((f->flags & CHAN_FRAME_DEFERRED) && (gr->flags & CHAN_G_PANICKING))
          {
            w = gr->panic_value;
            if (w.kind == CHAN_VAL_NIL)
              w = chan_val_unknown ();
            gr->flags &= ~CHAN_G_PANICKING;
            gr->flags |= CHAN_G_RECOVERED;
            gr->panic_value = chan_val_nil ();
            gr->panic_instr = -1;
          }
        if (in->dst >= 0)
          *slot (s, g, in->dst) = w;
        top (s, g)->pc++;
        return GO_ON;
      }
    case CHAN_I_SEND:
      v = *slot (s, g, in->a);
      w = copy_val (s, *slot (s, g, in->b));
      if ((in->flags & CHAN_INSTR_UNTRACKED) && x->untracked)
        w = untrack_payload (s, w, (unsigned) in->aux2);
      if (v.kind == CHAN_VAL_UNKNOWN)
        {
          top (s, g)->pc++;
          return GO_ON;
        }
      if (v.kind != CHAN_VAL_CHAN)
        return STOP; /* nil: never enabled */
      if (chan_closed (s, (int) v.ref))
        return runtime_panic (s, g, in->id, "send on closed channel");
      if (c->kind == CHAN_CHOICE_SEND)
        {
          top (s, g)->pc++;
          return rendezvous (x, s, g, w, c->b, c->c, info);
        }
      chan_push (s, (int) v.ref, w);
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_RECV:
      v = *slot (s, g, in->a);
      do_recv (s, g, &v, in->dst, in->c);
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_CLOSE:
      v = *slot (s, g, in->a);
      if (v.kind == CHAN_VAL_NIL)
        return runtime_panic (s, g, in->id, "close of nil channel");
      if (v.kind == CHAN_VAL_CHAN)
        {
          if (chan_closed (s, (int) v.ref))
            return runtime_panic (s, g, in->id, "close of closed channel");
          obj_slot (s, (int) v.ref, 0)->flags |= 1;
        }
      f->pc++;
      return GO_ON;
    case CHAN_I_SELECT:
      return exec_select (x, s, g, in, c, info, mover);
    case CHAN_I_GOEXIT:
      gor (s, g)->flags |= CHAN_G_GOEXIT;
      f->pc = epilogue_pc (s, f->func);
      return GO_ON;
    case CHAN_I_WRAP:
      v = *slot (s, g, in->a);
      if (v.kind == CHAN_VAL_INT && in->aux < 64)
        {
          uint64_t mask = ((uint64_t) 1 << in->aux) - 1;
          uint64_t u = (uint64_t) v.num & mask;
          if (in->aux2 && (u >> (in->aux - 1)) & 1)
            u |= ~mask;   /* sign extension */
          v.num = (int64_t) u;
        }
      else if (v.kind == CHAN_VAL_INT && !in->aux2 && v.num < 0)
        {
          /* uint64 beyond int64: not representable here */
          v = chan_val_unknown ();
        }
      *slot (s, g, in->dst) = v;
      f->pc++;
      return GO_ON;
    case CHAN_I_MAKE_MAP:
      obj = make_map (s, in->aux);
      *slot (s, g, in->dst) = val_ref (CHAN_VAL_MAP, obj);
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_DELETE:
      v = *slot (s, g, in->a);
      w = *slot (s, g, in->b);
      /* Go's mapdelete leaves an empty map at once: no write, no check */
      if (v.kind == CHAN_VAL_MAP && (map_count (s, (int) v.ref) > 0 || gor (s, g)->phase == 1))
        {
          if (map_write_starts (s, g, in, (int) v.ref) == STOP)
            return STOP;
          map_delete (s, (int) v.ref, &w);
        }
      top (s, g)->pc++;
      return GO_ON;
    case CHAN_I_N_OPS:
      break;
    }
  f->pc++;
  return GO_ON;
}

/* The receiving goroutine H takes VALUE (its receive or select case HCASE
 * completes) and runs to its next scheduling point. */
static Flow
rendezvous (const ChanExec *x, ChanState *s, int g, ChanVal value, int h, int hcase,
            ChanStepInfo *info)
{
  const ChanInstr *hin = rest_instr (s, h);
  ChanChoice none = { 0, CHAN_CHOICE_STEP, 0, 0, 0, 0 };
  info->partner = h;
  info->partner_instr = hin->id;
  if (hcase < 0)
    {
      if (hin->dst >= 0)
        *slot (s, h, hin->dst) = (hin->flags & CHAN_INSTR_DST_UNTRACKED) && x->untracked
                                   ? untracked_val (value) : value;
      if (hin->c >= 0)
        *slot (s, h, hin->c) = chan_val_bool (1);
      top (s, h)->pc++;
    }
  else
    {
      const ChanSelect *sel = &g_array_index (s->model->selects, ChanSelect, hin->aux);
      const ChanSelectCase *sc = &sel->cases[hcase];
      if (sc->value >= 0)
        *slot (s, h, sc->value) = value;
      if (sc->ok >= 0)
        *slot (s, h, sc->ok) = chan_val_bool (1);
      top (s, h)->pc = sc->target;
    }
  /* H runs its invisible continuation; G continues in the caller.  H cannot
     end (its final return is a scheduling point) so indexes stay valid. */
  run (x, s, h, &none, info, TRUE, -1);
  return GO_ON;
}

static Flow
exec_select (const ChanExec *x, ChanState *s, int g, const ChanInstr *in,
             const ChanChoice *c, ChanStepInfo *info, int mover)
{
  const ChanSelect *sel = &g_array_index (s->model->selects, ChanSelect, in->aux);
  const ChanSelectCase *sc;
  ChanVal v;
  (void) mover;

  if (c->kind != CHAN_CHOICE_SELECT || c->a < 0)
    {
      top (s, g)->pc = sel->default_target >= 0 ? sel->default_target : top (s, g)->pc;
      return GO_ON;
    }
  sc = &sel->cases[c->a];
  v = *slot (s, g, sc->chan);
  top (s, g)->pc = sc->target;
  if (sc->is_send)
    {
      ChanVal w = copy_val (s, *slot (s, g, sc->value));
      if (sc->untracked && x->untracked)
        w = untrack_payload (s, w, (unsigned) sc->untracked);
      if (v.kind == CHAN_VAL_UNKNOWN)
        return GO_ON;
      if (chan_closed (s, (int) v.ref))
        return runtime_panic (s, g, in->id, "send on closed channel");
      if (c->b >= 0)
        return rendezvous (x, s, g, w, c->b, c->c, info);
      chan_push (s, (int) v.ref, w);
      return GO_ON;
    }
  do_recv (s, g, &v, sc->value, sc->ok);
  return GO_ON;
}

#define RUN_BUDGET 100000

/* Runs goroutine G: the resting instruction with choice C (unless
 * FIRST_DONE: it was executed by a partner), then invisible instructions up
 * to the next scheduling point. */
static void
run (const ChanExec *x, ChanState *s, int g, const ChanChoice *c, ChanStepInfo *info,
     gboolean first_done, int mover)
{
  ChanChoice plain = { 0, CHAN_CHOICE_STEP, 0, 0, 0, 0 };
  gboolean first = !first_done, untrack;
  int budget = RUN_BUDGET, n_frames = 0, pc = 0;

  for (;;)
    {
      const ChanInstr *in;
      if (s->crash != CHAN_CRASH_NONE || info->cut)
        return;
      if (g >= s->n_goroutines || (info->exited && g == mover))
        return;
      in = rest_instr (s, g);
      if (!first && is_rest_point (s, g, in, g == mover))
        return;
      if (--budget == 0)
        return;  /* a long invisible computation yields; it resumes later */
      if (first && g == mover)
        info->instr = in->id;
      untrack = (in->flags & CHAN_INSTR_DST_UNTRACKED) && x->untracked;
      if (untrack)
        {
          n_frames = gor (s, g)->n_frames;
          pc = top (s, g)->pc;
        }
      if (exec_instr (x, s, g, in, first ? c : &plain, info, mover) == STOP)
        return;
      /* the value written to dst is one nothing depends on: replace it once
         the instruction completed (not when it panicked or was cut) */
      if (untrack && s->crash == CHAN_CRASH_NONE && !info->cut && g < s->n_goroutines
          && gor (s, g)->n_frames == n_frames && top (s, g)->pc == pc + 1)
        *slot (s, g, in->dst) = untracked_val (*slot (s, g, in->dst));
      first = FALSE;
    }
}

void
chan_exec_apply (const ChanExec *x, ChanState *s, const ChanChoice *c, ChanStepInfo *info)
{
  memset (info, 0, sizeof *info);
  info->mover = c->g;
  info->partner = -1;
  info->instr = -1;
  info->partner_instr = -1;
  info->timer_site = -1;
  if (c->kind == CHAN_CHOICE_FIRE)
    {
      int t = c->a;
      ChanVal *w = obj_slot (s, t, 0);
      int kind = (int) num (&w[2]);
      info->timer_site = (int) w[4].num;
      info->timer_kind = kind;
      switch (kind)
        {
        case CHAN_TIMER_KIND_ONESHOT:
          w[1] = word (CHAN_TIMER_FIRED);
          if (w[0].kind == CHAN_VAL_CHAN)
            chan_push (s, (int) w[0].ref, chan_val_unknown ());
          break;
        case CHAN_TIMER_KIND_TICKER:
          if (w[0].kind == CHAN_VAL_CHAN)
            chan_push (s, (int) w[0].ref, chan_val_unknown ());
          break;
        case CHAN_TIMER_KIND_AFTERFUNC:
          {
            ChanVal fn = w[3];
            w[1] = word (CHAN_TIMER_FIRED);
            remove_timer_root (s, t);
            if (fn.kind == CHAN_VAL_FUNC && !(fn.flags & 1))
              {
                int ng;
                if (s->n_goroutines >= x->max_goroutines)
                  {
                    info->cut = TRUE;
                    info->cut_reason |= CHAN_CUT_GOROUTINES;
                    break;
                  }
                ng = spawn_value (x, s, fn, NULL, 0, FALSE, info->timer_site, info);
                if (ng >= 0)
                  start_goroutine (x, s, ng, info);
              }
            break;
          }
        case CHAN_TIMER_KIND_DEADLINE:
          w[1] = word (CHAN_TIMER_FIRED);
          if (w[3].kind == CHAN_VAL_PTR)
            cancel_context (s, (int) w[3].ref, 2);
          break;
        }
      return;
    }
  run (x, s, c->g, c, info, FALSE, c->g);
}

void
chan_exec_init (ChanExec *x, const ChanModel *model)
{
  x->model = model;
  x->unknown_range_bound = 2;
  x->max_call_depth = 64;
  x->max_goroutines = 64;
  x->symmetry = TRUE;
  x->partial_order = TRUE;
  x->untracked = TRUE;
}

gboolean
chan_exec_initial (const ChanExec *x, ChanState *s, int *cut_reason)
{
  int steps = 0;
  const ChanFunc *entry = chan_model_func (x->model, x->model->entry_func);
  ChanVal args[MAX_ARGS];
  ChanChoice *choices = NULL;
  int cap = 0;
  gboolean ok = TRUE;

  /* Run the initialiser alone, to completion. */
  chan_state_spawn (s, x->model->init_func, NULL, 0, -1, 0);
  while (s->n_goroutines > 0 && s->crash == CHAN_CRASH_NONE)
    {
      ChanStepInfo info;
      int n = chan_exec_goroutine_choices (x, s, 0, &choices, &cap);
      if (n == 0)
        {
          ok = FALSE;
          break;
        }
      chan_exec_apply (x, s, &choices[0], &info);
      if (info.cut || ++steps > 100000)
        {
          /* package initialisation that does not finish (for {} in init) */
          *cut_reason |= info.cut ? info.cut_reason : CHAN_CUT_INIT;
          ok = FALSE;
          break;
        }
    }
  g_free (choices);
  if (!ok)
    {
      if (*cut_reason == 0)
        *cut_reason |= CHAN_CUT_INIT;
      return FALSE;
    }
  if (s->crash != CHAN_CRASH_NONE)
    return TRUE;   /* init panicked: the initial state is crashed (a finding) */
  for (int i = 0; i < entry->n_params && i < MAX_ARGS; i++)
    args[i] = chan_val_unknown ();
  {
    ChanStepInfo info;
    int g = chan_state_spawn (s, x->model->entry_func, args, MIN (entry->n_params, MAX_ARGS),
                              -1, CHAN_G_ENTRY);
    memset (&info, 0, sizeof info);
    start_goroutine (x, s, g, &info);
    if (info.cut)
      {
        *cut_reason |= info.cut_reason;
        return FALSE;
      }
  }
  return TRUE;
}

int
chan_exec_blocking_objects (const ChanState *cs, int g, int *objs, int max)
{
  ChanState *s = (ChanState *) cs;
  const ChanInstr *in = rest_instr (s, g);
  int n = 0, uf;
  const ChanVal *v;

  switch (in->op)
    {
    case CHAN_I_SEND: case CHAN_I_RECV:
      v = slot (s, g, in->a);
      if (v->kind == CHAN_VAL_CHAN && n < max)
        objs[n++] = (int) v->ref;
      break;
    case CHAN_I_SELECT:
      {
        const ChanSelect *sel = &g_array_index (s->model->selects, ChanSelect, in->aux);
        for (int k = 0; k < sel->n_cases && n < max; k++)
          {
            v = slot (s, g, sel->cases[k].chan);
            if (v->kind == CHAN_VAL_CHAN)
              objs[n++] = (int) v->ref;
          }
        break;
      }
    case CHAN_I_CALL_METHOD:
      {
        int obj = lib_receiver (s, slot (s, g, in->a), in->aux2, &uf);
        if (obj >= 0 && uf < 0 && n < max)
          objs[n++] = obj;
        break;
      }
    default:
      break;
    }
  return n;
}

/* Marks in BITS what goroutine G's resting instruction operates on: the
 * objects its operand slots reach (channels of a send, receive or select,
 * a method's receiver, a call's function and arguments).  Whether it is
 * enabled, and what it does, depends on nothing else of other goroutines. */
void
chan_exec_operands_reach (ChanState *s, int g, uint64_t *bits)
{
  const ChanInstr *in = rest_instr (s, g);
  const ChanGoroutine *gr = &s->goroutines[g];
  const ChanFrame *f = &gr->frames[gr->n_frames - 1];
  int n_slots = chan_model_func (s->model, f->func)->n_slots;

#define OPERAND(k)                                                   \
  do {                                                               \
    if ((k) >= 0 && (k) < n_slots)                                   \
      chan_state_reach_value (s, slot (s, g, (k)), bits);            \
  } while (0)

  switch (in->op)
    {
    case CHAN_I_SELECT:
      {
        const ChanSelect *sel = &g_array_index (s->model->selects, ChanSelect, in->aux);
        for (int k = 0; k < sel->n_cases; k++)
          {
            OPERAND (sel->cases[k].chan);
            if (sel->cases[k].is_send)
              OPERAND (sel->cases[k].value);
          }
        break;
      }
    case CHAN_I_CALL: case CHAN_I_CALL_METHOD: case CHAN_I_CALL_LIB: case CHAN_I_CALL_OPAQUE:
    case CHAN_I_GO: case CHAN_I_DEFER:
      OPERAND (in->a);
      for (int k = 0; k < in->c; k++)
        OPERAND (in->b + k);
      break;
    default:
      /* every other instruction: its slot operands, and c when it is one */
      OPERAND (in->a);
      OPERAND (in->b);
      OPERAND (in->c);
      break;
    }
#undef OPERAND
}
