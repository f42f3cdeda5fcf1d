/* lang/model.c -- the process model's storage and lookups.
 * Owns: creation and freeing of ChanModel, string interning, method and
 * field lookup through embedded fields, the --dump=model text.
 * Not: building the model (lower.c), running it (checker/exec.c). */
#include <string.h>
#include "lang/model.h"

static void
type_clear (gpointer data)
{
  ChanType *t = data;
  g_free (t->name);
  for (int i = 0; i < t->n_fields; i++)
    g_free (t->field_names[i]);
  g_free (t->field_names);
  g_free (t->field_types);
  g_free (t->field_embedded);
  g_free (t->field_pointee);
}

static void
func_free (gpointer data)
{
  ChanFunc *f = data;
  if (f == NULL)
    return;
  g_free (f->name);
  if (f->code)
    g_array_free (f->code, TRUE);
  g_free (f->live_bits);
  g_free (f->live_start);
  g_free (f->live_list);
  g_free (f);
}

static void
select_clear (gpointer data)
{
  ChanSelect *s = data;
  g_free (s->cases);
}

ChanModel *
chan_model_new (const char *filename)
{
  ChanModel *m = g_new0 (ChanModel, 1);
  m->filename = g_strdup (filename);
  m->funcs = g_ptr_array_new_with_free_func (func_free);
  m->types = g_array_new (FALSE, TRUE, sizeof (ChanType));
  g_array_set_clear_func (m->types, type_clear);
  m->consts = g_array_new (FALSE, TRUE, sizeof (ChanVal));
  m->strings = g_ptr_array_new_with_free_func (g_free);
  m->string_index = g_hash_table_new (g_str_hash, g_str_equal);
  m->selects = g_array_new (FALSE, TRUE, sizeof (ChanSelect));
  g_array_set_clear_func (m->selects, select_clear);
  m->opaque_calls = g_ptr_array_new_with_free_func (g_free);
  m->instrs = g_ptr_array_new ();
  m->instr_func = g_array_new (FALSE, TRUE, sizeof (int));
  m->methods = g_array_new (FALSE, TRUE, sizeof (ChanMethod));
  m->init_func = -1;
  m->entry_func = -1;
  chan_model_intern (m, "");   /* index 0: the empty string, zero of string */
  return m;
}

void
chan_model_free (ChanModel *m)
{
  if (m == NULL)
    return;
  g_free (m->filename);
  g_ptr_array_free (m->funcs, TRUE);
  g_array_free (m->types, TRUE);
  g_array_free (m->consts, TRUE);
  g_hash_table_destroy (m->string_index);
  g_ptr_array_free (m->strings, TRUE);
  g_array_free (m->selects, TRUE);
  g_ptr_array_free (m->opaque_calls, TRUE);
  g_ptr_array_free (m->instrs, TRUE);
  g_array_free (m->instr_func, TRUE);
  g_array_free (m->methods, TRUE);
  g_free (m->lib_methods);
  if (m->global_names)
    {
      for (int i = 0; i < m->n_globals; i++)
        g_free (m->global_names[i]);
      g_free (m->global_names);
    }
  g_free (m);
}

int
chan_model_intern (ChanModel *m, const char *s)
{
  gpointer idx = g_hash_table_lookup (m->string_index, s);
  char *copy;
  if (idx)
    return GPOINTER_TO_INT (idx) - 1;
  copy = g_strdup (s);
  g_ptr_array_add (m->strings, copy);
  g_hash_table_insert (m->string_index, copy, GINT_TO_POINTER ((int) m->strings->len));
  return (int) m->strings->len - 1;
}

/* Breadth-first search of embedded fields for a method (FIELD FALSE) or a
 * field (FIELD TRUE) named NAME; depth is bounded by the path size. */
static int
find_member (const ChanModel *m, int type, int name, int *path, gboolean field)
{
  typedef struct { int type; int path[9]; int depth; } Item;
  Item queue[64];
  int head = 0, tail = 0;
  const char *want = chan_model_string (m, name);

  queue[tail].type = type;
  queue[tail].depth = 0;
  queue[tail].path[0] = -1;
  tail++;
  while (head < tail)
    {
      Item it = queue[head++];
      const ChanType *t;
      if (it.type < 0 || it.type >= (int) m->types->len)
        continue;
      t = chan_model_type (m, it.type);
      if (t->kind != CHAN_TYPE_STRUCT)
        continue;
      if (!field)
        for (guint i = 0; i < m->methods->len; i++)
          {
            const ChanMethod *me = &g_array_index (m->methods, ChanMethod, i);
            if (me->type == it.type && me->name == name)
              {
                memcpy (path, it.path, sizeof it.path);
                return me->func;
              }
          }
      for (int i = 0; i < t->n_fields; i++)
        if (field && strcmp (t->field_names[i], want) == 0)
          {
            memcpy (path, it.path, sizeof it.path);
            return i;
          }
      for (int i = 0; i < t->n_fields; i++)
        if (t->field_embedded[i] && it.depth < 8 && tail < 64)
          {
            Item next = it;
            /* an embedded *T promotes T's members: the walk goes through
               the pointer (exec.c: target_object) */
            next.type = t->field_pointee && t->field_pointee[i] >= 0 ? t->field_pointee[i]
                                                                     : t->field_types[i];
            next.path[it.depth] = i;
            next.path[it.depth + 1] = -1;
            next.depth = it.depth + 1;
            queue[tail++] = next;
          }
    }
  return -1;
}

int
chan_model_find_method (const ChanModel *m, int type, int name, int *path)
{
  return find_member (m, type, name, path, FALSE);
}

int
chan_model_find_field (const ChanModel *m, int type, int name, int *path)
{
  return find_member (m, type, name, path, TRUE);
}

static const char *const opcode_names[CHAN_I_N_OPS] = {
  [CHAN_I_NOP] = "nop", [CHAN_I_CONST] = "const", [CHAN_I_MOVE] = "move",
  [CHAN_I_COPY] = "copy", [CHAN_I_ZERO] = "zero", [CHAN_I_BOX] = "box",
  [CHAN_I_LOAD_BOX] = "load_box", [CHAN_I_STORE_BOX] = "store_box",
  [CHAN_I_LOAD_GLOBAL] = "load_global", [CHAN_I_STORE_GLOBAL] = "store_global",
  [CHAN_I_ADDR_GLOBAL] = "addr_global", [CHAN_I_UNARY] = "unary",
  [CHAN_I_BINARY] = "binary", [CHAN_I_FIELD] = "field",
  [CHAN_I_FIELD_ADDR] = "field_addr", [CHAN_I_STORE_FIELD] = "store_field",
  [CHAN_I_INDEX] = "index", [CHAN_I_INDEX_ADDR] = "index_addr",
  [CHAN_I_STORE_INDEX] = "store_index", [CHAN_I_LOAD_PTR] = "load_ptr",
  [CHAN_I_STORE_PTR] = "store_ptr", [CHAN_I_ADDR] = "addr", [CHAN_I_NEW] = "new",
  [CHAN_I_MAKE_CHAN] = "make_chan", [CHAN_I_MAKE_SLICE] = "make_slice",
  [CHAN_I_APPEND] = "append", [CHAN_I_LEN] = "len", [CHAN_I_CAP] = "cap",
  [CHAN_I_SLICE] = "slice", [CHAN_I_CLOSURE] = "closure", [CHAN_I_JUMP] = "jump",
  [CHAN_I_BRANCH] = "branch", [CHAN_I_YIELD] = "yield", [CHAN_I_CALL] = "call",
  [CHAN_I_CALL_METHOD] = "call_method", [CHAN_I_CALL_LIB] = "call_lib",
  [CHAN_I_CALL_OPAQUE] = "call_opaque", [CHAN_I_GO] = "go", [CHAN_I_DEFER] = "defer",
  [CHAN_I_RETURN] = "return", [CHAN_I_PANIC] = "panic", [CHAN_I_RECOVER] = "recover",
  [CHAN_I_SEND] = "send", [CHAN_I_RECV] = "recv", [CHAN_I_CLOSE] = "close",
  [CHAN_I_SELECT] = "select", [CHAN_I_RANGE_NEXT] = "range_next",
  [CHAN_I_GOEXIT] = "goexit", [CHAN_I_ADDR_BOX] = "addr_box",
  [CHAN_I_TYPE_TEST] = "type_test", [CHAN_I_MAKE_MAP] = "make_map", [CHAN_I_WRAP] = "wrap", [CHAN_I_DELETE] = "delete",
};

const char *
chan_opcode_name (ChanOpcode op)
{
  return op < CHAN_I_N_OPS && opcode_names[op] ? opcode_names[op] : "?";
}

static const char *const lib_names[CHAN_LIB_N] = {
  [CHAN_LIB_TIME_SLEEP] = "time.Sleep", [CHAN_LIB_TIME_AFTER] = "time.After",
  [CHAN_LIB_TIME_NEW_TIMER] = "time.NewTimer", [CHAN_LIB_TIME_NEW_TICKER] = "time.NewTicker",
  [CHAN_LIB_TIME_TICK] = "time.Tick", [CHAN_LIB_TIME_AFTER_FUNC] = "time.AfterFunc",
  [CHAN_LIB_CONTEXT_BACKGROUND] = "context.Background",
  [CHAN_LIB_CONTEXT_WITH_CANCEL] = "context.WithCancel",
  [CHAN_LIB_CONTEXT_WITH_TIMEOUT] = "context.WithTimeout",
  [CHAN_LIB_CONTEXT_CANCEL] = "context.CancelFunc",
  [CHAN_LIB_SYNC_NEW_COND] = "sync.NewCond", [CHAN_LIB_RUNTIME_GOSCHED] = "runtime.Gosched",
  [CHAN_LIB_RUNTIME_GOEXIT] = "runtime.Goexit", [CHAN_LIB_ATOMIC_ADD] = "atomic.Add",
  [CHAN_LIB_ATOMIC_LOAD] = "atomic.Load", [CHAN_LIB_ATOMIC_STORE] = "atomic.Store",
  [CHAN_LIB_ATOMIC_SWAP] = "atomic.Swap", [CHAN_LIB_ATOMIC_CAS] = "atomic.CompareAndSwap",
};

const char *
chan_lib_name (ChanLib lib)
{
  return lib < CHAN_LIB_N && lib_names[lib] ? lib_names[lib] : "?";
}

void
chan_model_dump (const ChanModel *m, GString *out)
{
  for (guint fi = 0; fi < m->funcs->len; fi++)
    {
      const ChanFunc *f = chan_model_func (m, (int) fi);
      g_string_append_printf (out, "func %u %s params=%d results=%d captured=%d slots=%d%s",
                              fi, f->name, f->n_params, f->n_results, f->n_captured,
                              f->n_slots, f->variadic ? " variadic" : "");
      for (int p = 0; p < f->n_params && p < 64; p++)
        if ((f->untracked_params >> p) & 1)
          g_string_append_printf (out, " untracked=%d", p);
      g_string_append_c (out, '\n');
      for (guint pc = 0; pc < f->code->len; pc++)
        {
          const ChanInstr *in = &g_array_index (f->code, ChanInstr, pc);
          gboolean untracked = (in->flags & CHAN_INSTR_UNTRACKED) != 0;
          if (in->op == CHAN_I_SELECT)
            {
              const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
              for (int k = 0; k < sel->n_cases; k++)
                untracked |= sel->cases[k].untracked != 0;
            }
          g_string_append_printf (out, "  %3u %-12s dst=%d a=%d b=%d c=%d aux=%d aux2=%d live=%d %s%s%s%s@%d:%d %s\n",
                                  pc, chan_opcode_name (in->op), in->dst, in->a, in->b,
                                  in->c, in->aux, in->aux2, in->live,
                                  in->flags & CHAN_INSTR_VISIBLE ? "visible " : "",
                                  in->flags & CHAN_INSTR_INVERT ? "invert " : "",
                                  untracked ? "untracked " : "",
                                  in->flags & CHAN_INSTR_DST_UNTRACKED ? "untracked-dst " : "",
                                  in->pos.line, in->pos.column,
                                  in->text >= 0 ? chan_model_string (m, in->text) : "");
        }
    }
}

/* ---- liveness ------------------------------------------------------------ */

typedef struct {
  guint64 *use, *def;
  int words;
} UseDef;

static inline void
bit_set (guint64 *set, int slot)
{
  if (slot >= 0)
    set[slot >> 6] |= (guint64) 1 << (slot & 63);
}

static void
set_range (guint64 *set, int first, int count)
{
  for (int i = 0; i < count && first >= 0; i++)
    bit_set (set, first + i);
}

/* The slots instruction IN reads (USE) and surely writes (DEF). */
static void
instr_use_def (const ChanModel *m, const ChanInstr *in, guint64 *use, guint64 *def)
{
  switch ((ChanOpcode) in->op)
    {
    case CHAN_I_NOP: case CHAN_I_YIELD: case CHAN_I_JUMP: case CHAN_I_GOEXIT:
    case CHAN_I_RETURN:
      break;
    case CHAN_I_CONST: case CHAN_I_ZERO: case CHAN_I_LOAD_GLOBAL: case CHAN_I_ADDR_GLOBAL:
    case CHAN_I_NEW: case CHAN_I_MAKE_MAP: case CHAN_I_RECOVER:
      bit_set (def, in->dst);
      break;
    case CHAN_I_MOVE: case CHAN_I_COPY: case CHAN_I_LOAD_BOX: case CHAN_I_UNARY:
    case CHAN_I_FIELD: case CHAN_I_FIELD_ADDR: case CHAN_I_LOAD_PTR: case CHAN_I_ADDR:
    case CHAN_I_ADDR_BOX: case CHAN_I_LEN: case CHAN_I_CAP: case CHAN_I_TYPE_TEST:
    case CHAN_I_WRAP:
      bit_set (use, in->a);
      if (in->dst != in->a)
        bit_set (def, in->dst);
      break;
    case CHAN_I_BOX:
      bit_set (use, in->a);
      break;
    case CHAN_I_STORE_BOX: case CHAN_I_STORE_FIELD: case CHAN_I_STORE_PTR: case CHAN_I_SEND:
    case CHAN_I_DELETE:
      bit_set (use, in->a);
      bit_set (use, in->b);
      break;
    case CHAN_I_STORE_GLOBAL: case CHAN_I_CLOSE: case CHAN_I_PANIC:
      bit_set (use, in->a);
      break;
    case CHAN_I_BINARY:
      bit_set (use, in->a);
      bit_set (use, in->b);
      if (in->dst != in->a && in->dst != in->b)
        bit_set (def, in->dst);
      break;
    case CHAN_I_INDEX:
      bit_set (use, in->a);
      bit_set (use, in->b);
      if (in->dst != in->a && in->dst != in->b)
        bit_set (def, in->dst);
      if (in->c >= 0 && in->c != in->a && in->c != in->b)
        bit_set (def, in->c);
      break;
    case CHAN_I_INDEX_ADDR:
      bit_set (use, in->a);
      bit_set (use, in->b);
      if (in->dst != in->a && in->dst != in->b)
        bit_set (def, in->dst);
      break;
    case CHAN_I_STORE_INDEX:
      bit_set (use, in->a);
      bit_set (use, in->b);
      bit_set (use, in->c);
      break;
    case CHAN_I_MAKE_CHAN:
      bit_set (use, in->a);
      if (in->dst != in->a)
        bit_set (def, in->dst);
      break;
    case CHAN_I_MAKE_SLICE: case CHAN_I_SLICE:
      bit_set (use, in->a);
      bit_set (use, in->b);
      if (in->op == CHAN_I_SLICE)
        bit_set (use, in->c);
      break;   /* dst may equal an operand: not killed */
    case CHAN_I_APPEND:
      bit_set (use, in->a);
      if (in->flags & CHAN_INSTR_ELLIPSIS)
        bit_set (use, in->b);
      else
        set_range (use, in->b, in->c);
      break;
    case CHAN_I_CLOSURE:
      set_range (use, in->b, in->c);
      break;
    case CHAN_I_BRANCH:
      bit_set (use, in->a);
      bit_set (use, in->b);
      bit_set (use, in->dst);
      if (in->aux2 > 0)
        bit_set (use, in->aux2 - 1);
      break;
    case CHAN_I_CALL: case CHAN_I_CALL_METHOD: case CHAN_I_CALL_LIB: case CHAN_I_CALL_OPAQUE:
    case CHAN_I_GO: case CHAN_I_DEFER:
      bit_set (use, in->a);
      if (in->op == CHAN_I_CALL_METHOD && (in->flags & CHAN_INSTR_OPTIONAL))
        break;
      set_range (use, in->b, in->c);
      /* a call of a function value writes its aux results at dst when it
         returns, before the caller reads them; a panic leaves for the
         epilogue, which reads only the results: dead while the callee runs.
         (Library and method calls keep them: not every path writes them.) */
      if (in->op == CHAN_I_CALL && in->dst >= 0)
        set_range (def, in->dst, in->aux);
      break;
    case CHAN_I_RECV:
      /* the value and ok are written whenever the receive completes (also
         by a sender's rendezvous while the receiver rests here): dead
         before it */
      bit_set (use, in->a);
      if (in->dst >= 0 && in->dst != in->a)
        bit_set (def, in->dst);
      if (in->c >= 0 && in->c != in->a)
        bit_set (def, in->c);
      break;
    case CHAN_I_SELECT:
      {
        const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
        for (int k = 0; k < sel->n_cases; k++)
          {
            bit_set (use, sel->cases[k].chan);
            if (sel->cases[k].is_send)
              bit_set (use, sel->cases[k].value);
          }
        break;
      }
    case CHAN_I_RANGE_NEXT:
      bit_set (use, in->a);
      bit_set (use, in->b);
      break;
    case CHAN_I_N_OPS:
      break;
    }
}

int
chan_func_successors (const ChanModel *m, const ChanFunc *fn, int pc, int *out, int cap)
{
  const ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
  int len = (int) fn->code->len, n = 0;
#define SUCCESSOR(t) do { int t_ = (t); if (n < cap) out[n] = t_ < 0 || t_ >= len ? fn->epilogue : t_; n++; } while (0)
  switch (in->op)
    {
    case CHAN_I_JUMP:
      SUCCESSOR (in->aux);
      break;
    case CHAN_I_BRANCH: case CHAN_I_RANGE_NEXT:
      SUCCESSOR (pc + 1);
      SUCCESSOR (in->aux);
      break;
    case CHAN_I_RETURN:
      break;
    case CHAN_I_PANIC: case CHAN_I_GOEXIT:
      SUCCESSOR (fn->epilogue);
      break;
    case CHAN_I_SELECT:
      {
        const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
        for (int k = 0; k < sel->n_cases; k++)
          SUCCESSOR (sel->cases[k].target);
        if (sel->default_target >= 0)
          SUCCESSOR (sel->default_target);
        break;
      }
    default:
      SUCCESSOR (pc + 1);
      break;
    }
#undef SUCCESSOR
  return n;
}

/* Fills FN's live_start and live_list from live_bits and the watermarks. */
static void
list_live_slots (ChanFunc *fn)
{
  int n = (int) fn->code->len;
  GArray *list = g_array_new (FALSE, FALSE, sizeof (int));
  g_free (fn->live_start);
  g_free (fn->live_list);
  fn->live_start = g_new (int, (size_t) n + 1);
  for (int pc = 0; pc < n; pc++)
    {
      int below = g_array_index (fn->code, ChanInstr, pc).live;
      fn->live_start[pc] = (int) list->len;
      if (below > fn->n_slots)
        below = fn->n_slots;
      for (int k = 0; k < below; k++)
        if (chan_func_slot_live (fn, pc, k))
          g_array_append_val (list, k);
    }
  fn->live_start[n] = (int) list->len;
  fn->live_list = (int *) (void *) g_array_free (list, FALSE);
}

/* What a select needs after it: the union over its cases of what the case
 * body needs, less what that case writes on the way (a receive's value and
 * ok are written only when that case is chosen), and what default needs. */
static void
select_live_out (const ChanModel *m, const ChanFunc *fn, const ChanInstr *in,
                 const guint64 *live, int words, guint64 *out)
{
  const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
  int len = (int) fn->code->len;
  for (int k = 0; k <= sel->n_cases; k++)
    {
      int target = k < sel->n_cases ? sel->cases[k].target : sel->default_target;
      const guint64 *l;
      if (k == sel->n_cases && target < 0)
        break;
      if (target < 0 || target >= len)
        target = fn->epilogue;
      l = live + (size_t) target * (size_t) words;
      for (int w = 0; w < words; w++)
        {
          guint64 kill = 0;
          if (k < sel->n_cases && !sel->cases[k].is_send)
            {
              const ChanSelectCase *sc = &sel->cases[k];
              if (sc->value >= 0 && sc->value != sc->chan && sc->value >> 6 == w)
                kill |= (guint64) 1 << (sc->value & 63);
              if (sc->ok >= 0 && sc->ok != sc->chan && sc->ok >> 6 == w)
                kill |= (guint64) 1 << (sc->ok & 63);
            }
          out[w] |= l[w] & ~kill;
        }
    }
}

void
chan_model_compute_liveness (ChanModel *m)
{
  for (guint fi = 0; fi < m->funcs->len; fi++)
    {
      ChanFunc *fn = chan_model_func (m, (int) fi);
      int n = (int) fn->code->len;
      int words = (fn->n_slots + 63) / 64;
      guint64 *use, *def, *live, *tmp;
      gboolean changed = TRUE;
      int succ[64], n_succ;

      if (words == 0)
        words = 1;
      g_free (fn->live_bits);
      fn->live_words = words;
      use = g_new0 (guint64, (size_t) n * (size_t) words);
      def = g_new0 (guint64, (size_t) n * (size_t) words);
      live = g_new0 (guint64, (size_t) n * (size_t) words);
      tmp = g_new0 (guint64, (size_t) words);
      for (int pc = 0; pc < n; pc++)
        {
          const ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
          instr_use_def (m, in, use + (size_t) pc * words, def + (size_t) pc * words);
          /* results are read by the epilogue, which a panic reaches from
             anywhere: always live */
          set_range (use + (size_t) pc * words, fn->n_params, fn->n_results);
        }
      /* live[pc] = use[pc] | (OR of live[succ]) & ~def[pc], to a fixpoint */
      while (changed)
        {
          changed = FALSE;
          for (int pc = n - 1; pc >= 0; pc--)
            {
              guint64 *l = live + (size_t) pc * words;
              const ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
              memset (tmp, 0, sizeof (guint64) * (size_t) words);
              if (in->op == CHAN_I_SELECT)
                select_live_out (m, fn, in, live, words, tmp);
              else
                {
                  n_succ = chan_func_successors (m, fn, pc, succ, 64);   /* not a select: 2 at most */
                  for (int i = 0; i < n_succ; i++)
                    for (int w = 0; w < words; w++)
                      tmp[w] |= live[(size_t) succ[i] * words + (size_t) w];
                }
              for (int w = 0; w < words; w++)
                {
                  guint64 v = use[(size_t) pc * words + (size_t) w]
                              | (tmp[w] & ~def[(size_t) pc * words + (size_t) w]);
                  if (v != l[w])
                    {
                      l[w] = v;
                      changed = TRUE;
                    }
                }
            }
        }
      fn->live_bits = live;
      list_live_slots (fn);
      g_free (use);
      g_free (def);
      g_free (tmp);
    }
}

void
chan_model_index_lib_methods (ChanModel *m)
{
  static const struct { const char *name; ChanLibMethod kind; } table[] = {
    { "Lock", CHAN_METHOD_LOCK }, { "Unlock", CHAN_METHOD_UNLOCK },
    { "RLock", CHAN_METHOD_RLOCK }, { "RUnlock", CHAN_METHOD_RUNLOCK },
    { "TryLock", CHAN_METHOD_TRYLOCK }, { "TryRLock", CHAN_METHOD_TRYRLOCK },
    { "Add", CHAN_METHOD_ADD }, { "Done", CHAN_METHOD_DONE }, { "Wait", CHAN_METHOD_WAIT },
    { "Go", CHAN_METHOD_GO }, { "Do", CHAN_METHOD_DO }, { "Signal", CHAN_METHOD_SIGNAL },
    { "Broadcast", CHAN_METHOD_BROADCAST }, { "Stop", CHAN_METHOD_STOP },
    { "Reset", CHAN_METHOD_RESET }, { "Err", CHAN_METHOD_ERR }, { "Value", CHAN_METHOD_VALUE },
    { "Deadline", CHAN_METHOD_DEADLINE }, { "RLocker", CHAN_METHOD_RLOCKER },
    { "Load", CHAN_METHOD_LOAD }, { "Store", CHAN_METHOD_STORE }, { "Swap", CHAN_METHOD_SWAP },
    { "CompareAndSwap", CHAN_METHOD_COMPARE_AND_SWAP },
  };
  g_free (m->lib_methods);
  m->n_lib_methods = m->strings->len;
  m->lib_methods = g_new0 (guint8, m->n_lib_methods > 0 ? m->n_lib_methods : 1);
  for (guint i = 0; i < m->n_lib_methods; i++)
    for (size_t k = 0; k < G_N_ELEMENTS (table); k++)
      if (strcmp (chan_model_string (m, (int) i), table[k].name) == 0)
        m->lib_methods[i] = (guint8) table[k].kind;
}
