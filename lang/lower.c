/* lang/lower.c -- from the checked syntax tree to the process model.
 * Owns: types and constants, the slot layout of frames (variables, boxes for
 * variables shared by reference, temporaries), control flow (if, for, range,
 * switch, select, break/continue/labels), calls (user, method, library,
 * opaque), go/defer with their wrappers, which instructions are scheduling
 * points, rejection of constructs the model would get wrong (SPEC 2.4).
 * Not: name resolution (check.c), semantics of instructions (exec.c).
 *
 * Slots are allocated like a stack: a block releases its variables and a
 * statement its temporaries, and every instruction records how many slots
 * are live across it (ChanInstr.live), so that states do not differ by dead
 * values. */
#include <string.h>
#include "lang/lower.h"
#include "lang/relevance.h"
#include "lang/parse.h"

/* ---- context --------------------------------------------------------------- */

typedef struct Lower Lower;
typedef struct FuncCtx FuncCtx;

typedef struct {
  int pc;              /* -1 until placed */
  GArray *patches;     /* of int: instruction indexes whose aux jumps here */
} Label;

/* A break/continue target. */
typedef struct {
  const char *name;    /* label name or NULL */
  int break_label;
  int continue_label;  /* -1 for switch/select */
} Target;

struct FuncCtx {
  Lower *lw;
  FuncCtx *outer;      /* the enclosing function of a literal */
  ChanFunc *fn;
  int index;
  GHashTable *slots;   /* declaring IDENT -> slot + 1 */
  GHashTable *boxed;   /* declaring IDENT -> non-NULL when the slot holds a box */
  GPtrArray *captures; /* declaring IDENTs captured, in slot order */
  int watermark;       /* next free slot */
  GArray *labels;      /* of Label */
  GArray *targets;     /* of Target */
  const char *pending_label;  /* a label waiting for its loop/switch/select */
  int n_literals;      /* for naming closures "f.func1" */
};

struct Lower {
  ChanModel *model;
  const char *filename;
  ChanNode *file;
  GString *errors;
  int n_errors;
  GHashTable *funcs;       /* FUNC_DECL -> index + 1 */
  GHashTable *globals;     /* declaring IDENT -> global index + 1 */
  GHashTable *types;       /* TYPE_SPEC -> type index + 1 */
  GHashTable *consts;      /* declaring IDENT -> ChanVal* (owned) */
  GHashTable *mutable_fields; /* field name -> non-NULL if stored after creation */
  gboolean has_index_stores;  /* some a[i] = v, &a[i] or append */
  gboolean has_ptr_stores;    /* some *p = v */
  GHashTable *opaque_seen;    /* "name" -> TRUE */
  GHashTable *loop_immutable; /* declaring IDENTs of loop variables the body never assigns */
  GHashTable *aggregate_vars; /* declaring nodes of variables holding a struct, array or sync value */
  GHashTable *whole_assigned; /* declaring nodes of variables assigned as a whole after declaration */
  GHashTable *method_wrappers; /* "method value NAME" -> wrapper index + 1 */
  GHashTable *narrow_vars;    /* declaring node -> bits << 1 | signed, for int8 ... uint64 */
  GHashTable *filling;        /* TYPE_SPECs of structs whose fields are being lowered */
  GHashTable *var_types;      /* declaring IDENT of a 'var x T' -> its type node T */
  int by_value_depth;         /* > 0 while lowering a type held by value in a struct */
  int literal_length;         /* elements of the [...]T{...} literal being lowered, or -1 */
  int type_int, type_bool, type_string, type_opaque, type_nilable, type_float;
  gboolean named_bool;        /* the file declares a type whose underlying type is bool */
  gboolean named_string;      /* ... is string (so a STRING value's Go type is ambiguous) */
};

static void
error_at (Lower *lw, ChanPos pos, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static void
error_at (Lower *lw, ChanPos pos, const char *fmt, ...)
{
  va_list ap;
  if (lw->n_errors++ >= 20)
    return;
  g_string_append_printf (lw->errors, "%s:%d:%d: ", lw->filename, pos.line, pos.column);
  va_start (ap, fmt);
  g_string_append_vprintf (lw->errors, fmt, ap);
  va_end (ap);
  g_string_append_c (lw->errors, '\n');
}

static ChanNode *
unparen (ChanNode *n)
{
  while (n && n->kind == CHAN_NODE_PAREN)
    n = n->a;
  return n;
}

/* ---- expression text -------------------------------------------------------- */

static void
list_text (const ChanNode *list, GString *out)
{
  for (guint i = 0; list && i < chan_node_n_kids (list); i++)
    {
      if (i)
        g_string_append (out, ", ");
      chan_lower_expr_text (chan_node_kid (list, i), out);
    }
}

static void
type_text (const ChanNode *t, GString *out)
{
  if (t == NULL)
    return;
  switch (t->kind)
    {
    case CHAN_NODE_TYPE_NAME:
      if (t->str)
        g_string_append_printf (out, "%s.", t->str);
      g_string_append (out, t->name);
      break;
    case CHAN_NODE_TYPE_POINTER: g_string_append_c (out, '*'); type_text (t->a, out); break;
    case CHAN_NODE_TYPE_CHAN:
      g_string_append (out, t->op == CHAN_DIR_RECV ? "<-chan " : t->op == CHAN_DIR_SEND ? "chan<- " : "chan ");
      type_text (t->a, out);
      break;
    case CHAN_NODE_TYPE_SLICE: g_string_append (out, "[]"); type_text (t->b, out); break;
    case CHAN_NODE_TYPE_ARRAY:
      g_string_append_c (out, '[');
      if (t->a) chan_lower_expr_text (t->a, out); else g_string_append (out, "...");
      g_string_append_c (out, ']');
      type_text (t->b, out);
      break;
    case CHAN_NODE_TYPE_MAP:
      g_string_append (out, "map["); type_text (t->a, out); g_string_append_c (out, ']');
      type_text (t->b, out);
      break;
    case CHAN_NODE_TYPE_STRUCT: g_string_append (out, "struct{...}"); break;
    case CHAN_NODE_TYPE_INTERFACE: g_string_append (out, "interface{...}"); break;
    case CHAN_NODE_TYPE_FUNC: g_string_append (out, "func(...)"); break;
    default: chan_lower_expr_text (t, out); break;
    }
}

void
chan_lower_expr_text (const ChanNode *n, GString *out)
{
  if (n == NULL)
    return;
  switch (n->kind)
    {
    case CHAN_NODE_IDENT: g_string_append (out, n->name); break;
    case CHAN_NODE_INT_LIT: case CHAN_NODE_FLOAT_LIT: case CHAN_NODE_CHAR_LIT:
      if (n->str) g_string_append (out, n->str);
      else g_string_append_printf (out, "%" G_GINT64_FORMAT, n->value);
      break;
    case CHAN_NODE_STRING_LIT:
      {
        char *esc = g_strescape (n->str ? n->str : "", NULL);
        g_string_append_printf (out, "\"%s\"", esc);
        g_free (esc);
        break;
      }
    case CHAN_NODE_FUNC_LIT: g_string_append (out, "func() {...}"); break;
    case CHAN_NODE_COMPOSITE_LIT:
      type_text (n->a, out);
      g_string_append (out, chan_node_n_kids (n) ? "{...}" : "{}");
      break;
    case CHAN_NODE_PAREN:
      g_string_append_c (out, '(');
      chan_lower_expr_text (n->a, out);
      g_string_append_c (out, ')');
      break;
    case CHAN_NODE_SELECTOR:
      chan_lower_expr_text (n->a, out);
      g_string_append_printf (out, ".%s", n->name);
      break;
    case CHAN_NODE_INDEX:
      chan_lower_expr_text (n->a, out);
      g_string_append_c (out, '[');
      chan_lower_expr_text (n->b, out);
      g_string_append_c (out, ']');
      break;
    case CHAN_NODE_SLICE_EXPR:
      chan_lower_expr_text (n->a, out);
      g_string_append_c (out, '[');
      chan_lower_expr_text (n->b, out);
      g_string_append_c (out, ':');
      chan_lower_expr_text (n->c, out);
      g_string_append_c (out, ']');
      break;
    case CHAN_NODE_TYPE_ASSERT:
      chan_lower_expr_text (n->a, out);
      g_string_append (out, ".(");
      if (n->b) type_text (n->b, out); else g_string_append (out, "type");
      g_string_append_c (out, ')');
      break;
    case CHAN_NODE_CALL:
      chan_lower_expr_text (n->a, out);
      g_string_append_c (out, '(');
      list_text (n->b, out);
      if (n->flags & CHAN_FLAG_ELLIPSIS) g_string_append (out, "...");
      g_string_append_c (out, ')');
      break;
    case CHAN_NODE_UNARY:
      g_string_append (out, n->op == CHAN_OP_RECV ? "<-" : chan_op_text (n->op));
      chan_lower_expr_text (n->a, out);
      break;
    case CHAN_NODE_BINARY:
      chan_lower_expr_text (n->a, out);
      g_string_append_printf (out, " %s ", chan_op_text (n->op));
      chan_lower_expr_text (n->b, out);
      break;
    case CHAN_NODE_KEYED_ELEMENT:
      if (n->a) { chan_lower_expr_text (n->a, out); g_string_append (out, ": "); }
      chan_lower_expr_text (n->b, out);
      break;
    default:
      type_text (n, out);
      break;
    }
}

static int
text_of (Lower *lw, const char *prefix, const ChanNode *n, const char *suffix)
{
  GString *s = g_string_new (prefix);
  int idx;
  chan_lower_expr_text (n, s);
  if (suffix)
    g_string_append (s, suffix);
  idx = chan_model_intern (lw->model, s->str);
  g_string_free (s, TRUE);
  return idx;
}

/* ---- types ------------------------------------------------------------------- */

static int
add_type (Lower *lw, ChanTypeKind kind, const char *name)
{
  ChanType t = { 0 };
  t.kind = kind;
  t.name = g_strdup (name);
  t.elem = -1;
  t.named_struct = -1;
  g_array_append_val (lw->model->types, t);
  return (int) lw->model->types->len - 1;
}

static int lower_type (Lower *lw, ChanNode *t);
static void note_opaque (Lower *lw, const char *name, ChanPos pos);
static gboolean const_eval (Lower *lw, ChanNode *e, ChanVal *out, gint64 iota);

static void
fill_struct (Lower *lw, int index, ChanNode *st)
{
  GArray *names = g_array_new (FALSE, FALSE, sizeof (char *));
  GArray *types = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *embedded = g_array_new (FALSE, FALSE, sizeof (gboolean));
  GArray *pointees = g_array_new (FALSE, FALSE, sizeof (int));
  ChanType *t;

  for (guint i = 0; i < chan_node_n_kids (st); i++)
    {
      ChanNode *field = chan_node_kid (st, i);
      int ft;
      lw->by_value_depth++;
      ft = lower_type (lw, field->b);
      lw->by_value_depth--;
      if (field->a == NULL)
        {
          /* embedded: the name is the type's name without package or '*' */
          ChanNode *tn = field->b;
          gboolean yes = TRUE;
          int pointee = -1;
          char *name;
          if (unparen (tn) && unparen (tn)->kind == CHAN_NODE_TYPE_POINTER)
            {
              /* embedded *T: T's fields and methods are promoted too */
              int saved_depth = lw->by_value_depth;
              lw->by_value_depth = 0;   /* a pointer refers to its T */
              pointee = lower_type (lw, unparen (tn)->a);
              lw->by_value_depth = saved_depth;
              if (chan_model_type (lw->model, pointee)->kind != CHAN_TYPE_STRUCT)
                pointee = -1;
            }
          while (tn && tn->kind == CHAN_NODE_TYPE_POINTER)
            tn = tn->a;
          name = g_strdup (tn && tn->name ? tn->name : "?");
          g_array_append_val (names, name);
          g_array_append_val (types, ft);
          g_array_append_val (embedded, yes);
          g_array_append_val (pointees, pointee);
          continue;
        }
      for (guint k = 0; k < chan_node_n_kids (field->a); k++)
        {
          char *name = g_strdup (chan_node_kid (field->a, k)->name);
          gboolean no = FALSE;
          int none = -1;
          g_array_append_val (names, name);
          g_array_append_val (types, ft);
          g_array_append_val (embedded, no);
          g_array_append_val (pointees, none);
        }
    }
  t = chan_model_type (lw->model, index);
  t->n_fields = (int) names->len;
  t->field_names = (char **) g_array_free (names, FALSE);
  t->field_types = (int *) g_array_free (types, FALSE);
  t->field_embedded = (gboolean *) g_array_free (embedded, FALSE);
  t->field_pointee = (int *) g_array_free (pointees, FALSE);
}

static int
lib_type (Lower *lw, const char *pkg, const char *name)
{
  static const struct { const char *pkg, *name; int obj; } table[] = {
    { "sync", "Mutex", CHAN_OBJ_MUTEX }, { "sync", "RWMutex", CHAN_OBJ_RWMUTEX },
    { "sync", "WaitGroup", CHAN_OBJ_WAITGROUP }, { "sync", "Once", CHAN_OBJ_ONCE },
    { "sync", "Cond", CHAN_OBJ_COND },
  };
  char *full;
  int idx;
  for (size_t i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (pkg, table[i].pkg) == 0 && strcmp (name, table[i].name) == 0)
      {
        full = g_strdup_printf ("%s.%s", pkg, name);
        idx = add_type (lw, CHAN_TYPE_LIB, full);
        chan_model_type (lw->model, idx)->lib_obj = table[i].obj;
        g_free (full);
        return idx;
      }
  if (strcmp (pkg, "atomic") == 0
      && (strcmp (name, "Int32") == 0 || strcmp (name, "Int64") == 0 || strcmp (name, "Uint32") == 0
          || strcmp (name, "Uint64") == 0 || strcmp (name, "Uintptr") == 0
          || strcmp (name, "Bool") == 0 || strcmp (name, "Value") == 0
          || strcmp (name, "Pointer") == 0))
    {
      full = g_strdup_printf ("%s.%s", pkg, name);
      idx = add_type (lw, CHAN_TYPE_LIB, full);
      chan_model_type (lw->model, idx)->lib_obj = CHAN_OBJ_ATOMIC;
      g_free (full);
      return idx;
    }
  if (strcmp (pkg, "time") == 0 && strcmp (name, "Duration") == 0)
    return lw->type_int;
  if (strcmp (pkg, "context") == 0 && strcmp (name, "Context") == 0)
    return lw->type_nilable;
  if (strcmp (pkg, "context") == 0 && strcmp (name, "CancelFunc") == 0)
    return lw->type_nilable;
  return lw->type_opaque;
}

static int
universe_type (Lower *lw, const char *name)
{
  static const char *const ints[] = {
    "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "uintptr", "byte", "rune",
  };
  if (strcmp (name, "int") != 0 && strcmp (name, "int64") != 0 && strcmp (name, "byte") != 0
      && strcmp (name, "rune") != 0 && (g_str_has_prefix (name, "int") || g_str_has_prefix (name, "uint")))
    note_opaque (lw, "integer sizes: int8..int32 and unsigned variables wrap when assigned; "
                 "expressions in between are computed in int64", (ChanPos) { 0, 0 });
  for (size_t i = 0; i < G_N_ELEMENTS (ints); i++)
    if (strcmp (name, ints[i]) == 0)
      return lw->type_int;
  if (strcmp (name, "bool") == 0) return lw->type_bool;
  if (strcmp (name, "string") == 0) return lw->type_string;
  if (strcmp (name, "error") == 0 || strcmp (name, "any") == 0) return lw->type_nilable;
  if (g_str_has_prefix (name, "float") || g_str_has_prefix (name, "complex"))
    return lw->type_float;
  return -1;
}

/* Is T the predeclared type NAME (not a type of the file of that name)? */
static gboolean
is_predeclared (const ChanNode *t, const char *name)
{
  return t && (t->kind == CHAN_NODE_IDENT || t->kind == CHAN_NODE_TYPE_NAME) && !t->str
         && t->decl == NULL && t->name && strcmp (t->name, name) == 0;
}

/* Type expression T with the file's named types replaced by their
 * definitions (a cycle, reported elsewhere, stops after 16 steps). */
static ChanNode *
underlying_node (ChanNode *t)
{
  t = unparen (t);
  for (int i = 0; i < 16 && t && (t->kind == CHAN_NODE_IDENT || t->kind == CHAN_NODE_TYPE_NAME)
                  && !t->str && t->decl && t->decl->kind == CHAN_NODE_TYPE_SPEC; i++)
    t = unparen (t->decl->a);
  return t;
}

/* The type index of a TYPE_SPEC, lowering it on first use. */
static int
spec_type (Lower *lw, ChanNode *spec)
{
  gpointer known = g_hash_table_lookup (lw->types, spec);
  ChanNode *t;
  int idx;

  if (known)
    return GPOINTER_TO_INT (known) - 1;
  t = spec->a;
  while (t && t->kind == CHAN_NODE_PAREN)
    t = t->a;
  if (t && t->kind == CHAN_NODE_TYPE_STRUCT)
    {
      idx = add_type (lw, CHAN_TYPE_STRUCT, spec->name);
      chan_model_type (lw->model, idx)->named_struct = idx;
      g_hash_table_insert (lw->types, spec, GINT_TO_POINTER (idx + 1));
      g_hash_table_add (lw->filling, spec);
      fill_struct (lw, idx, t);
      g_hash_table_remove (lw->filling, spec);
      return idx;
    }
  /* a named non-struct type is its underlying type; guard recursion */
  g_hash_table_insert (lw->types, spec, GINT_TO_POINTER (lw->type_opaque + 1));
  idx = lower_type (lw, t);
  g_hash_table_insert (lw->types, spec, GINT_TO_POINTER (idx + 1));
  return idx;
}

static int
lower_type (Lower *lw, ChanNode *t)
{
  int idx;
  t = unparen (t);
  if (t == NULL)
    return lw->type_opaque;
  switch (t->kind)
    {
    case CHAN_NODE_TYPE_NAME:
    case CHAN_NODE_IDENT:
      if (t->kind == CHAN_NODE_TYPE_NAME && t->str)
        return lib_type (lw, t->str, t->name);
      if (t->decl && t->decl->kind == CHAN_NODE_TYPE_SPEC)
        {
          if (g_hash_table_contains (lw->filling, t->decl) && lw->by_value_depth > 0)
            {
              error_at (lw, t->pos, "invalid recursive type %s: a struct cannot contain itself "
                        "(use a pointer, *%s)", t->name, t->name);
              return lw->type_opaque;
            }
          return spec_type (lw, t->decl);
        }
      idx = universe_type (lw, t->name);
      if (idx >= 0 && (t->decl == NULL))
        return idx;
      /* an undeclared type of the package: opaque */
      return idx >= 0 ? idx : lw->type_opaque;
    case CHAN_NODE_SELECTOR:
      if (t->a && t->a->kind == CHAN_NODE_IDENT)
        return lib_type (lw, t->a->name, t->name);
      return lw->type_opaque;
    case CHAN_NODE_TYPE_CHAN:
      idx = add_type (lw, CHAN_TYPE_NILABLE, "chan");
      {
        int saved_depth = lw->by_value_depth, elem;
        lw->by_value_depth = 0;   /* a channel refers to its elements */
        elem = lower_type (lw, t->a);
        lw->by_value_depth = saved_depth;
        chan_model_type (lw->model, idx)->elem = elem;
      }
      return idx;
    case CHAN_NODE_TYPE_MAP:
      idx = add_type (lw, CHAN_TYPE_MAP, "map");
      {
        int saved_depth = lw->by_value_depth, elem;
        lw->by_value_depth = 0;   /* a map refers to its values */
        elem = lower_type (lw, t->b);
        lw->by_value_depth = saved_depth;
        chan_model_type (lw->model, idx)->elem = elem;
      }
      return idx;
    case CHAN_NODE_TYPE_POINTER: case CHAN_NODE_TYPE_SLICE:
    case CHAN_NODE_TYPE_FUNC: case CHAN_NODE_TYPE_INTERFACE:
      return lw->type_nilable;
    case CHAN_NODE_TYPE_ARRAY:
      {
        ChanVal len;
        int elem = lower_type (lw, t->b);
        if (t->a == NULL && lw->literal_length >= 0)
          {
            len = chan_val_int (lw->literal_length);
            lw->literal_length = -1;
          }
        else if (t->a == NULL || !const_eval (lw, t->a, &len, 0) || len.kind != CHAN_VAL_INT
            || len.num < 0)
          {
            error_at (lw, t->pos, "array length must be a constant here (chancheck could not "
                      "evaluate it): write the length as a number or a const");
            return lw->type_opaque;
          }
        {
          /* (compared by division: the product may not fit in 64 bits) */
          gint64 inner = chan_model_type (lw->model, elem)->kind == CHAN_TYPE_ARRAY
                           ? MAX (chan_model_type (lw->model, elem)->length, 1) : 1;
          if (len.num > 65536 / inner)
            {
              if (len.num <= G_MAXINT64 / inner)
                error_at (lw, t->pos, "array of %" G_GINT64_FORMAT " elements: chancheck models "
                          "arrays of at most 65536 elements; use a smaller array or a slice",
                          len.num * inner);
              else
                error_at (lw, t->pos, "array of %" G_GINT64_FORMAT " arrays of %" G_GINT64_FORMAT
                          " elements: chancheck models arrays of at most 65536 elements in all; "
                          "use a smaller array or a slice", len.num, inner);
              return lw->type_opaque;
            }
        }
        idx = add_type (lw, CHAN_TYPE_ARRAY, "array");
        chan_model_type (lw->model, idx)->elem = elem;
        chan_model_type (lw->model, idx)->length = (int) len.num;
        return idx;
      }
    case CHAN_NODE_TYPE_STRUCT:
      idx = add_type (lw, CHAN_TYPE_STRUCT, "struct{...}");
      chan_model_type (lw->model, idx)->named_struct = idx;
      fill_struct (lw, idx, t);
      return idx;
    default:
      return lw->type_opaque;
    }
}

/* Kinds of values that have no methods in this file (CHAN_TEST_IFACE):
 * bool and string values when no named type of the file shares them. */
static int
methodless_kinds (const Lower *lw)
{
  return (lw->named_bool ? 0 : 1 << CHAN_VAL_BOOL) | (lw->named_string ? 0 : 1 << CHAN_VAL_STRING);
}

/* How CHAN_I_TYPE_TEST checks for Go type T (x.(T), 'case T:'): sets *AUX
 * and *AUX2 (model.h, CHAN_TEST_*).  Values carry no Go type but a struct's,
 * so a type that is not a struct of the file is tested by kind of value:
 * exact for bool and string when no named type shares them, else unknown. */
static void
type_test_of (Lower *lw, ChanNode *t, int *aux, int *aux2)
{
  ChanNode *u;
  const ChanType *ty;
  int idx;

  t = unparen (t);
  if (t && t->kind == CHAN_NODE_TYPE_POINTER)
    {
      idx = lower_type (lw, t->a);
      u = underlying_node (t->a);
      *aux2 = CHAN_TEST_POINTER;
      if (chan_model_type (lw->model, idx)->kind != CHAN_TYPE_STRUCT)
        {
          *aux = CHAN_TEST_KIND;   /* *int, *[]T ... */
          *aux2 = CHAN_VAL_PTR;
        }
      else if (u != unparen (t->a))
        *aux = idx;
      else
        {
          *aux = CHAN_TEST_IFACE;  /* *struct{...}: a literal struct type has no index */
          *aux2 = methodless_kinds (lw);
        }
      return;
    }
  idx = lower_type (lw, t);
  ty = chan_model_type (lw->model, idx);
  u = underlying_node (t);
  *aux = CHAN_TEST_KIND;
  *aux2 = 0;
  switch (ty->kind)
    {
    case CHAN_TYPE_STRUCT:
      if (u != t)
        *aux = idx;
      else
        {
          *aux = CHAN_TEST_IFACE;   /* a literal struct{...} type */
          *aux2 = methodless_kinds (lw);
        }
      return;
    case CHAN_TYPE_INT: case CHAN_TYPE_FLOAT:
      /* int, int64, byte, time.Duration, a named int, a float's zero... */
      *aux2 = CHAN_VAL_INT;
      return;
    case CHAN_TYPE_BOOL:
      *aux2 = CHAN_VAL_BOOL | (is_predeclared (t, "bool") && !lw->named_bool ? CHAN_TEST_EXACT : 0);
      return;
    case CHAN_TYPE_STRING:
      *aux2 = CHAN_VAL_STRING
              | (is_predeclared (t, "string") && !lw->named_string ? CHAN_TEST_EXACT : 0);
      return;
    case CHAN_TYPE_MAP:
      *aux2 = CHAN_VAL_MAP;
      return;
    case CHAN_TYPE_ARRAY:
      *aux2 = CHAN_VAL_AGG;
      return;
    case CHAN_TYPE_NILABLE:
      if (u && u->kind == CHAN_NODE_TYPE_CHAN)
        *aux2 = CHAN_VAL_CHAN;
      else if (u && u->kind == CHAN_NODE_TYPE_SLICE)
        *aux2 = CHAN_VAL_SLICE;
      else if (u && u->kind == CHAN_NODE_TYPE_FUNC)
        *aux2 = CHAN_VAL_FUNC;
      else if ((u && u->kind == CHAN_NODE_TYPE_INTERFACE && chan_node_n_kids (u) == 0)
               || is_predeclared (u, "any"))
        *aux = CHAN_TEST_ANY;
      else
        {
          /* error, an interface with methods, context.Context, a named
             pointer type (type P *S: its values are struct pointers) */
          *aux = CHAN_TEST_IFACE;
          *aux2 = methodless_kinds (lw);
        }
      return;
    default:
      *aux = CHAN_TEST_IFACE;     /* opaque (maybe an interface), sync values */
      *aux2 = methodless_kinds (lw);
      return;
    }
}

/* ---- constants ----------------------------------------------------------------- */

static gboolean
const_eval (Lower *lw, ChanNode *e, ChanVal *out, gint64 iota)
{
  ChanVal x, y;
  e = unparen (e);
  if (e == NULL)
    return FALSE;
  switch (e->kind)
    {
    case CHAN_NODE_INT_LIT: case CHAN_NODE_CHAR_LIT:
      *out = chan_val_int (e->value);
      return TRUE;
    case CHAN_NODE_STRING_LIT:
      memset (out, 0, sizeof *out);
      out->kind = CHAN_VAL_STRING;
      out->ref = (uint32_t) chan_model_intern (lw->model, e->str ? e->str : "");
      return TRUE;
    case CHAN_NODE_IDENT:
      if (e->ident_flags & CHAN_IDENT_UNIVERSE)
        {
          if (strcmp (e->name, "true") == 0 || strcmp (e->name, "false") == 0)
            {
              *out = chan_val_bool (e->name[0] == 't');
              return TRUE;
            }
          if (strcmp (e->name, "iota") == 0)
            {
              *out = chan_val_int (iota);
              return TRUE;
            }
          if (strcmp (e->name, "nil") == 0)
            {
              *out = chan_val_nil ();
              return TRUE;
            }
          return FALSE;
        }
      if (e->decl)
        {
          ChanVal *c = g_hash_table_lookup (lw->consts, e->decl);
          if (c)
            {
              *out = *c;
              return TRUE;
            }
        }
      return FALSE;
    case CHAN_NODE_UNARY:
      if (!const_eval (lw, e->a, &x, iota))
        return FALSE;
      if (e->op == CHAN_OP_NEG && x.kind == CHAN_VAL_INT)
        *out = chan_val_int (-x.num);
      else if (e->op == CHAN_OP_PLUS)
        *out = x;
      else if (e->op == CHAN_OP_NOT && x.kind == CHAN_VAL_BOOL)
        *out = chan_val_bool (!x.num);
      else if (e->op == CHAN_OP_XOR && x.kind == CHAN_VAL_INT)
        *out = chan_val_int (~x.num);
      else
        return FALSE;
      return TRUE;
    case CHAN_NODE_BINARY:
      if (!const_eval (lw, e->a, &x, iota) || !const_eval (lw, e->b, &y, iota))
        return FALSE;
      if (x.kind == CHAN_VAL_INT && y.kind == CHAN_VAL_INT)
        {
          gint64 a = x.num, b = y.num;
          switch (e->op)
            {
            case CHAN_OP_ADD: *out = chan_val_int (a + b); return TRUE;
            case CHAN_OP_SUB: *out = chan_val_int (a - b); return TRUE;
            case CHAN_OP_MUL: *out = chan_val_int (a * b); return TRUE;
            case CHAN_OP_DIV: if (!b) return FALSE; *out = chan_val_int (a / b); return TRUE;
            case CHAN_OP_MOD: if (!b) return FALSE; *out = chan_val_int (a % b); return TRUE;
            case CHAN_OP_SHL: *out = chan_val_int (b >= 0 && b < 63 ? a << b : 0); return TRUE;
            case CHAN_OP_SHR: *out = chan_val_int (b >= 0 && b < 63 ? a >> b : 0); return TRUE;
            case CHAN_OP_AND: *out = chan_val_int (a & b); return TRUE;
            case CHAN_OP_OR: *out = chan_val_int (a | b); return TRUE;
            case CHAN_OP_XOR: *out = chan_val_int (a ^ b); return TRUE;
            case CHAN_OP_AND_NOT: *out = chan_val_int (a & ~b); return TRUE;
            case CHAN_OP_EQ: *out = chan_val_bool (a == b); return TRUE;
            case CHAN_OP_NE: *out = chan_val_bool (a != b); return TRUE;
            case CHAN_OP_LT: *out = chan_val_bool (a < b); return TRUE;
            case CHAN_OP_LE: *out = chan_val_bool (a <= b); return TRUE;
            case CHAN_OP_GT: *out = chan_val_bool (a > b); return TRUE;
            case CHAN_OP_GE: *out = chan_val_bool (a >= b); return TRUE;
            default: return FALSE;
            }
        }
      if (x.kind == CHAN_VAL_BOOL && y.kind == CHAN_VAL_BOOL)
        {
          if (e->op == CHAN_OP_LAND) { *out = chan_val_bool (x.num && y.num); return TRUE; }
          if (e->op == CHAN_OP_LOR) { *out = chan_val_bool (x.num || y.num); return TRUE; }
          if (e->op == CHAN_OP_EQ) { *out = chan_val_bool (x.num == y.num); return TRUE; }
          if (e->op == CHAN_OP_NE) { *out = chan_val_bool (x.num != y.num); return TRUE; }
        }
      return FALSE;
    case CHAN_NODE_CALL:
      /* typed constant conversion: int64(3), time.Duration(5) */
      if (e->b && chan_node_n_kids (e->b) == 1)
        {
          ChanNode *callee = unparen (e->a);
          if ((callee->kind == CHAN_NODE_IDENT && (callee->ident_flags & CHAN_IDENT_UNIVERSE)
               && universe_type (lw, callee->name) == lw->type_int)
              || (callee->kind == CHAN_NODE_IDENT && callee->decl
                  && callee->decl->kind == CHAN_NODE_TYPE_SPEC))
            return const_eval (lw, chan_node_kid (e->b, 0), out, iota);
        }
      return FALSE;
    default:
      return FALSE;
    }
}

static int
add_const (Lower *lw, ChanVal v)
{
  for (guint i = 0; i < lw->model->consts->len; i++)
    if (memcmp (&g_array_index (lw->model->consts, ChanVal, i), &v, sizeof v) == 0)
      return (int) i;
  g_array_append_val (lw->model->consts, v);
  return (int) lw->model->consts->len - 1;
}

/* Records the constants of a CONST_DECL (values kept per declaring IDENT). */
static void
declare_consts (Lower *lw, ChanNode *decl)
{
  ChanNode *last_values = NULL;
  for (guint i = 0; i < chan_node_n_kids (decl); i++)
    {
      ChanNode *spec = chan_node_kid (decl, i);
      ChanNode *values = spec->c ? spec->c : last_values;
      last_values = values;
      for (guint k = 0; spec->a && k < chan_node_n_kids (spec->a); k++)
        {
          ChanNode *id = chan_node_kid (spec->a, k);
          ChanVal *v = g_new0 (ChanVal, 1);
          if (!(values && k < chan_node_n_kids (values)
                && const_eval (lw, chan_node_kid (values, k), v, spec->value)))
            *v = chan_val_unknown ();   /* floats, durations of time: abstract */
          g_hash_table_insert (lw->consts, id, v);
        }
    }
}

/* ---- emitting --------------------------------------------------------------------- */

static int
new_temp (FuncCtx *fc)
{
  return fc->watermark++;
}

static void
note_slots (FuncCtx *fc)
{
  if (fc->watermark > fc->fn->n_slots)
    fc->fn->n_slots = fc->watermark;
}

static ChanInstr *
emit (FuncCtx *fc, int op, ChanPos pos, int dst, int a, int b, int c)
{
  ChanInstr in = { 0 };
  in.op = (uint16_t) op;
  in.dst = dst;
  in.a = a;
  in.b = b;
  in.c = c;
  in.aux = in.aux2 = 0;
  in.pos = pos;
  in.text = -1;
  in.id = -1;
  note_slots (fc);
  in.live = fc->watermark;
  g_array_append_val (fc->fn->code, in);
  return &g_array_index (fc->fn->code, ChanInstr, fc->fn->code->len - 1);
}

static int
pc_now (FuncCtx *fc)
{
  return (int) fc->fn->code->len;
}

static int
new_label (FuncCtx *fc)
{
  Label l = { -1, g_array_new (FALSE, FALSE, sizeof (int)) };
  g_array_append_val (fc->labels, l);
  return (int) fc->labels->len - 1;
}

static void
place_label (FuncCtx *fc, int label)
{
  g_array_index (fc->labels, Label, label).pc = pc_now (fc);
}

/* Makes the last emitted instruction jump to LABEL (patched at the end). */
static void
jump_to (FuncCtx *fc, int label)
{
  int at = pc_now (fc) - 1;
  g_array_append_val (g_array_index (fc->labels, Label, label).patches, at);
}

static void
emit_jump (FuncCtx *fc, ChanPos pos, int label)
{
  emit (fc, CHAN_I_JUMP, pos, -1, -1, -1, -1);
  jump_to (fc, label);
}

static int
emit_const (FuncCtx *fc, ChanPos pos, ChanVal v)
{
  int t = new_temp (fc);
  ChanInstr *in = emit (fc, CHAN_I_CONST, pos, t, -1, -1, -1);
  in->aux = add_const (fc->lw, v);
  return t;
}


/* For a variable or conversion of type T: the bits of an integer type
 * narrower than int64 or unsigned (0 otherwise), and whether it is signed. */
static int
narrow_int (ChanNode *t, int *is_signed)
{
  static const struct { const char *name; int bits, sign; } table[] = {
    { "int8", 8, 1 }, { "int16", 16, 1 }, { "int32", 32, 1 }, { "rune", 32, 1 },
    { "uint8", 8, 0 }, { "byte", 8, 0 }, { "uint16", 16, 0 }, { "uint32", 32, 0 },
    { "uint", 64, 0 }, { "uint64", 64, 0 }, { "uintptr", 64, 0 },
  };
  t = unparen (t);
  if (t == NULL || !(t->kind == CHAN_NODE_TYPE_NAME || t->kind == CHAN_NODE_IDENT) || t->str
      || !(t->ident_flags & CHAN_IDENT_UNIVERSE || t->decl == NULL) || t->name == NULL)
    return 0;
  for (size_t i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (t->name, table[i].name) == 0)
      {
        *is_signed = table[i].sign;
        return table[i].bits;
      }
  return 0;
}

/* Wraps slot V in place when DECL (a variable) has a narrow integer type. */
static void
wrap_for (FuncCtx *fc, ChanNode *decl, int v, ChanPos pos)
{
  gpointer info = decl ? g_hash_table_lookup (fc->lw->narrow_vars, decl) : NULL;
  ChanInstr *in;
  if (info == NULL)
    return;
  in = emit (fc, CHAN_I_WRAP, pos, v, v, -1, -1);
  in->aux = GPOINTER_TO_INT (info) >> 1;
  in->aux2 = GPOINTER_TO_INT (info) & 1;
}

/* Records DECL's integer width when its declared type T is narrow. */
static void
note_narrow (Lower *lw, ChanNode *decl, ChanNode *t)
{
  int sign = 0, bits = narrow_int (t, &sign);
  if (bits)
    g_hash_table_insert (lw->narrow_vars, decl, GINT_TO_POINTER ((bits << 1) | sign));
}

/* ---- variables ---------------------------------------------------------------------- */

/* Does a variable need a box (shared by reference)?  Loop variables of
 * 'for i := ...' that the body never assigns do not: with Go 1.22's
 * per-iteration variables, a closure's copy of them never changes, so they
 * are captured by value (recorded by for_stmt in loop_immutable). */
static gboolean
needs_box (Lower *lw, const ChanNode *decl)
{
  gboolean shared = (decl->ident_flags & (CHAN_IDENT_CAPTURED | CHAN_IDENT_ADDRESSED)) != 0;
  /* a pointer to a scalar variable needs a cell to point to */
  if ((decl->ident_flags & CHAN_IDENT_ADDRESSED) && !g_hash_table_contains (lw->aggregate_vars, decl))
    return TRUE;
  if (g_hash_table_contains (lw->loop_immutable, decl))
    return FALSE;
  /* shared and given a new value as a whole (x = ..., x++): every sharer
     must see it.  Stores into fields or elements change the aggregate in
     place, which the sharers see anyway. */
  return shared && g_hash_table_contains (lw->whole_assigned, decl);
}

/* Allocates a slot for the variable declared by DECL (an IDENT). */
static int
declare_var (FuncCtx *fc, ChanNode *decl)
{
  int s = fc->watermark++;
  note_slots (fc);
  g_hash_table_insert (fc->slots, decl, GINT_TO_POINTER (s + 1));
  if (needs_box (fc->lw, decl))
    g_hash_table_insert (fc->boxed, decl, decl);
  return s;
}

/* After the variable's slot holds its initial value: box it if shared. */
static void
finish_var (FuncCtx *fc, ChanNode *decl, int s)
{
  if (g_hash_table_lookup (fc->boxed, decl))
    emit (fc, CHAN_I_BOX, decl->pos, -1, s, -1, -1);
}

/* Finds the slot of a variable visible in FC (own or captured); *BOXED
 * tells whether the slot holds a box.  Returns -1 for globals and others. */
static int
var_slot (FuncCtx *fc, ChanNode *decl, gboolean *boxed)
{
  gpointer s = g_hash_table_lookup (fc->slots, decl);
  FuncCtx *o;
  if (s)
    {
      *boxed = g_hash_table_lookup (fc->boxed, decl) != NULL;
      return GPOINTER_TO_INT (s) - 1;
    }
  for (o = fc->outer; o; o = o->outer)
    if (g_hash_table_lookup (o->slots, decl))
      break;
  if (o == NULL)
    return -1;
  /* captured: assigned a slot by the pre-scan */
  for (guint i = 0; i < fc->captures->len; i++)
    if (g_ptr_array_index (fc->captures, i) == decl)
      {
        int k = fc->fn->n_params + fc->fn->n_results + (int) i;
        *boxed = needs_box (fc->lw, decl);
        return k;
      }
  return -1;
}

static int global_index (Lower *lw, ChanNode *decl)
{
  gpointer g = g_hash_table_lookup (lw->globals, decl);
  return g ? GPOINTER_TO_INT (g) - 1 : -1;
}

static int func_index (Lower *lw, ChanNode *decl)
{
  gpointer f = g_hash_table_lookup (lw->funcs, decl);
  return f ? GPOINTER_TO_INT (f) - 1 : -1;
}

static gboolean
global_shared (const ChanNode *decl)
{
  return (decl->ident_flags & (CHAN_IDENT_REASSIGNED | CHAN_IDENT_ADDRESSED)) != 0;
}

/* ---- expressions --------------------------------------------------------------------- */

static ChanNode *param_key (ChanNode *p);
static int wrapper (Lower *lw, ChanNode *callexpr, int op, int n_operands, int aux, int aux2,
                    int n_results, const char *name);
static int copy_of (FuncCtx *fc, int v, ChanPos pos);

static int expr (FuncCtx *fc, ChanNode *e);
static void expr_multi (FuncCtx *fc, ChanNode *e, int dst, int n);
static void stmt (FuncCtx *fc, ChanNode *s);
static void block (FuncCtx *fc, ChanNode *b);
static int lower_function (Lower *lw, FuncCtx *outer, ChanNode *decl_or_lit,
                           const char *name, ChanNode *receiver, ChanNode *ftype,
                           ChanNode *body, ChanPos pos, ChanPos name_pos);

static void
mark_visible (ChanInstr *in)
{
  in->flags |= CHAN_INSTR_VISIBLE;
}

static void
note_opaque (Lower *lw, const char *name, ChanPos pos)
{
  if (g_hash_table_lookup (lw->opaque_seen, name))
    return;
  g_hash_table_insert (lw->opaque_seen, g_strdup (name), GINT_TO_POINTER (1));
  if (pos.line == 0)
    g_ptr_array_add (lw->model->opaque_calls, g_strdup (name));
  else
    g_ptr_array_add (lw->model->opaque_calls,
                     g_strdup_printf ("%s (%s:%d:%d)", name, lw->filename, pos.line, pos.column));
}

static gboolean
is_universe (const ChanNode *e, const char *name)
{
  return e && e->kind == CHAN_NODE_IDENT && (e->ident_flags & CHAN_IDENT_UNIVERSE)
         && strcmp (e->name, name) == 0;
}

/* Is E a type (for conversions and make/new)? */
static gboolean
is_type_expr (Lower *lw, ChanNode *e)
{
  e = unparen (e);
  if (e == NULL)
    return FALSE;
  switch (e->kind)
    {
    case CHAN_NODE_TYPE_NAME: case CHAN_NODE_TYPE_POINTER: case CHAN_NODE_TYPE_CHAN:
    case CHAN_NODE_TYPE_ARRAY: case CHAN_NODE_TYPE_SLICE: case CHAN_NODE_TYPE_MAP:
    case CHAN_NODE_TYPE_FUNC: case CHAN_NODE_TYPE_STRUCT: case CHAN_NODE_TYPE_INTERFACE:
      return TRUE;
    case CHAN_NODE_IDENT:
      if (e->decl && e->decl->kind == CHAN_NODE_TYPE_SPEC)
        return TRUE;
      return (e->ident_flags & CHAN_IDENT_UNIVERSE) && universe_type (lw, e->name) >= 0;
    case CHAN_NODE_UNARY:
      return e->op == CHAN_OP_DEREF && is_type_expr (lw, e->a);
    default:
      return FALSE;
    }
}

static int
composite (FuncCtx *fc, ChanNode *e, int type)
{
  Lower *lw = fc->lw;
  ChanNode *tnode = unparen (e->a);
  const ChanType *t;
  int dst;

  if (type < 0)
    {
      if (tnode && tnode->kind == CHAN_NODE_TYPE_ARRAY && tnode->a == NULL)
        {
          /* [...]T{...}: the length is the highest index + 1 */
          gint64 next = 0, top = 0;
          for (guint i = 0; i < chan_node_n_kids (e); i++)
            {
              ChanNode *el = chan_node_kid (e, i);
              ChanVal k;
              if (el->kind == CHAN_NODE_KEYED_ELEMENT && el->a && const_eval (lw, el->a, &k, 0)
                  && k.kind == CHAN_VAL_INT)
                next = k.num;
              next++;
              top = MAX (top, next);
            }
          lw->literal_length = (int) MIN (top, G_MAXINT);
        }
      type = lower_type (lw, tnode);
      lw->literal_length = -1;
    }
  t = chan_model_type (lw->model, type);
  if (tnode && (tnode->kind == CHAN_NODE_TYPE_SLICE))
    {
      int n = (int) chan_node_n_kids (e);
      int elem = lower_type (lw, tnode->b);
      int len = emit_const (fc, e->pos, chan_val_int (n));
      ChanInstr *in;
      dst = new_temp (fc);
      in = emit (fc, CHAN_I_MAKE_SLICE, e->pos, dst, len, -1, -1);
      in->aux = elem;
      for (int i = 0; i < n; i++)
        {
          ChanNode *el = chan_node_kid (e, (guint) i);
          ChanNode *ve = el->kind == CHAN_NODE_KEYED_ELEMENT ? el->b : el;
          int v, idx, cp;
          if (el->kind == CHAN_NODE_KEYED_ELEMENT && el->a)
            {
              error_at (lw, el->pos, "keyed slice literals are not supported: list the elements in order");
              continue;
            }
          v = ve->kind == CHAN_NODE_COMPOSITE_LIT && ve->a == NULL ? composite (fc, ve, elem)
                                                                    : expr (fc, ve);
          cp = new_temp (fc);
          emit (fc, CHAN_I_COPY, ve->pos, cp, v, -1, -1);
          idx = emit_const (fc, el->pos, chan_val_int (i));
          in = emit (fc, CHAN_I_STORE_INDEX, el->pos, -1, dst, idx, cp);
        }
      return dst;
    }
  if (t->kind == CHAN_TYPE_MAP)
    {
      int elem = t->elem;
      dst = new_temp (fc);
      emit (fc, CHAN_I_MAKE_MAP, e->pos, dst, -1, -1, -1)->aux = type;
      for (guint i = 0; i < chan_node_n_kids (e); i++)
        {
          ChanNode *el = chan_node_kid (e, i);
          ChanNode *ve = el->kind == CHAN_NODE_KEYED_ELEMENT ? el->b : el;
          int k, v;
          if (el->kind != CHAN_NODE_KEYED_ELEMENT || el->a == NULL)
            {
              error_at (lw, el->pos, "missing key in map literal");
              continue;
            }
          k = el->a->kind == CHAN_NODE_COMPOSITE_LIT && el->a->a == NULL
                ? composite (fc, el->a, tnode && tnode->kind == CHAN_NODE_TYPE_MAP
                                          ? lower_type (lw, tnode->a) : -1)
                : expr (fc, el->a);
          v = ve->kind == CHAN_NODE_COMPOSITE_LIT && ve->a == NULL ? composite (fc, ve, elem)
                                                                    : expr (fc, ve);
          v = copy_of (fc, v, ve->pos);
          emit (fc, CHAN_I_STORE_INDEX, el->pos, -1, dst, k, v);
        }
      return dst;
    }
  if (t->kind != CHAN_TYPE_STRUCT && t->kind != CHAN_TYPE_ARRAY && t->kind != CHAN_TYPE_LIB)
    {
      /* a literal of a type from elsewhere: an unknown value (its elements
         are still evaluated) */
      for (guint i = 0; i < chan_node_n_kids (e); i++)
        {
          ChanNode *el = chan_node_kid (e, i);
          ChanNode *ve = el->kind == CHAN_NODE_KEYED_ELEMENT ? el->b : el;
          if (ve->kind != CHAN_NODE_COMPOSITE_LIT || ve->a)
            expr (fc, ve);
        }
      return emit_const (fc, e->pos, chan_val_unknown ());
    }
  dst = new_temp (fc);
  emit (fc, CHAN_I_ZERO, e->pos, dst, -1, -1, -1)->aux = type;
  for (guint i = 0; i < chan_node_n_kids (e); i++)
    {
      ChanNode *el = chan_node_kid (e, i);
      ChanNode *ve = el->kind == CHAN_NODE_KEYED_ELEMENT ? el->b : el;
      int field_type = -1, v, cp;
      ChanInstr *in;
      t = chan_model_type (lw->model, type);
      if (t->kind == CHAN_TYPE_STRUCT)
        {
          int fi = (int) i;
          if (el->kind == CHAN_NODE_KEYED_ELEMENT && el->a)
            {
              fi = -1;
              for (int k = 0; k < t->n_fields; k++)
                if (el->a->name && strcmp (t->field_names[k], el->a->name) == 0)
                  fi = k;
            }
          if (fi < 0 || fi >= t->n_fields)
            {
              error_at (lw, el->pos, "unknown field in struct literal of type %s", t->name);
              continue;
            }
          field_type = t->field_types[fi];
          v = ve->kind == CHAN_NODE_COMPOSITE_LIT && ve->a == NULL ? composite (fc, ve, field_type)
                                                                    : expr (fc, ve);
          cp = new_temp (fc);
          emit (fc, CHAN_I_COPY, ve->pos, cp, v, -1, -1);
          t = chan_model_type (lw->model, type);
          in = emit (fc, CHAN_I_STORE_FIELD, el->pos, -1, dst, cp, -1);
          in->aux = chan_model_intern (lw->model, t->field_names[fi]);
        }
      else if (t->kind == CHAN_TYPE_ARRAY)
        {
          int idx;
          field_type = t->elem;
          v = ve->kind == CHAN_NODE_COMPOSITE_LIT && ve->a == NULL ? composite (fc, ve, field_type)
                                                                    : expr (fc, ve);
          cp = new_temp (fc);
          emit (fc, CHAN_I_COPY, ve->pos, cp, v, -1, -1);
          idx = el->kind == CHAN_NODE_KEYED_ELEMENT && el->a ? expr (fc, el->a)
                                                             : emit_const (fc, el->pos, chan_val_int (i));
          in = emit (fc, CHAN_I_STORE_INDEX, el->pos, -1, dst, idx, cp);
        }
    }
  return dst;
}

/* The library function a package-qualified call names, or -1. */
static int
lib_function (const char *pkg, const char *name)
{
  static const struct { const char *pkg, *name; int lib; } table[] = {
    { "time", "Sleep", CHAN_LIB_TIME_SLEEP }, { "time", "After", CHAN_LIB_TIME_AFTER },
    { "time", "NewTimer", CHAN_LIB_TIME_NEW_TIMER }, { "time", "NewTicker", CHAN_LIB_TIME_NEW_TICKER },
    { "time", "Tick", CHAN_LIB_TIME_TICK }, { "time", "AfterFunc", CHAN_LIB_TIME_AFTER_FUNC },
    { "context", "Background", CHAN_LIB_CONTEXT_BACKGROUND },
    { "context", "TODO", CHAN_LIB_CONTEXT_BACKGROUND },
    { "context", "WithCancel", CHAN_LIB_CONTEXT_WITH_CANCEL },
    { "context", "WithTimeout", CHAN_LIB_CONTEXT_WITH_TIMEOUT },
    { "context", "WithDeadline", CHAN_LIB_CONTEXT_WITH_TIMEOUT },
    { "sync", "NewCond", CHAN_LIB_SYNC_NEW_COND },
    { "runtime", "Gosched", CHAN_LIB_RUNTIME_GOSCHED },
    { "runtime", "Goexit", CHAN_LIB_RUNTIME_GOEXIT },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (pkg, table[i].pkg) == 0 && strcmp (name, table[i].name) == 0)
      return table[i].lib;
  if (strcmp (pkg, "atomic") == 0)
    {
      if (g_str_has_prefix (name, "Add")) return CHAN_LIB_ATOMIC_ADD;
      if (g_str_has_prefix (name, "Load")) return CHAN_LIB_ATOMIC_LOAD;
      if (g_str_has_prefix (name, "Store")) return CHAN_LIB_ATOMIC_STORE;
      if (g_str_has_prefix (name, "Swap")) return CHAN_LIB_ATOMIC_SWAP;
      if (g_str_has_prefix (name, "CompareAndSwap")) return CHAN_LIB_ATOMIC_CAS;
    }
  return -1;
}

static int
lib_results (int lib)
{
  switch (lib)
    {
    case CHAN_LIB_TIME_SLEEP: case CHAN_LIB_RUNTIME_GOSCHED: case CHAN_LIB_RUNTIME_GOEXIT:
    case CHAN_LIB_ATOMIC_STORE:
      return 0;
    case CHAN_LIB_CONTEXT_WITH_CANCEL: case CHAN_LIB_CONTEXT_WITH_TIMEOUT:
      return 2;
    default:
      return 1;
    }
}

/* Evaluates the arguments of CALL into consecutive fresh slots; returns the
 * first (or -1) and sets *N.  A single call argument returning several
 * values is spread. */
static int
args_to_slots (FuncCtx *fc, ChanNode *list, int skip, int *n)
{
  int count = list ? (int) chan_node_n_kids (list) - skip : 0;
  int first, *vals;
  if (count <= 0)
    {
      *n = 0;
      return -1;
    }
  if (count > 62)
    {
      error_at (fc->lw, chan_node_kid (list, 0)->pos,
                "a call with %d arguments is more than chancheck models (62): pass a slice or a struct", count);
      count = 62;
    }
  vals = g_new (int, count);
  for (int i = 0; i < count; i++)
    vals[i] = expr (fc, chan_node_kid (list, (guint) (i + skip)));
  first = fc->watermark;
  for (int i = 0; i < count; i++)
    {
      int t = new_temp (fc);
      emit (fc, CHAN_I_MOVE, chan_node_kid (list, (guint) (i + skip))->pos, t, vals[i], -1, -1);
    }
  g_free (vals);
  *n = count;
  return first;
}

/* Results the user function CALLEE names declares (known from the
 * declarations, before the function is lowered); for a method call x.M,
 * the results every method M of the file declares when they all agree;
 * else -1. */
static int
func_results_of (Lower *lw, ChanNode *callee)
{
  callee = unparen (callee);
  if (callee && callee->kind == CHAN_NODE_IDENT && callee->decl
      && callee->decl->kind == CHAN_NODE_FUNC_DECL)
    {
      int f = func_index (lw, callee->decl);
      if (f >= 0)
        return chan_model_func (lw->model, f)->n_results;
    }
  if (callee && callee->kind == CHAN_NODE_SELECTOR && callee->name)
    {
      int n = -1;
      for (guint i = 0; i < lw->model->methods->len; i++)
        {
          const ChanMethod *me = &g_array_index (lw->model->methods, ChanMethod, i);
          int k;
          if (strcmp (chan_model_string (lw->model, me->name), callee->name) != 0)
            continue;
          k = chan_model_func (lw->model, me->func)->n_results;
          if (n >= 0 && k != n)
            return -1;
          n = k;
        }
      return n;
    }
  return -1;
}


/* Is E a variable of type *testing.T, *testing.B or testing.TB? */
static gboolean
is_testing_t (ChanNode *e)
{
  ChanNode *t;
  e = unparen (e);
  if (e == NULL || e->kind != CHAN_NODE_IDENT || e->decl == NULL || e->decl->kind != CHAN_NODE_PARAM)
    return FALSE;
  t = unparen (e->decl->a);
  if (t && t->kind == CHAN_NODE_TYPE_POINTER)
    t = unparen (t->a);
  return t && t->kind == CHAN_NODE_TYPE_NAME && t->str && strcmp (t->str, "testing") == 0
         && (strcmp (t->name, "T") == 0 || strcmp (t->name, "B") == 0 || strcmp (t->name, "TB") == 0);
}

/* The wrapper a subtest runs in: f(t), then close(done) even when f ends
 * with t.FailNow (a deferred close). */
/* A function signal(done) that puts a token in a subtest's done channel
 * unless one is there: select { case done <- token: default: }. */
static int
signal_wrapper (Lower *lw, ChanNode *callexpr)
{
  ChanFunc *fn = g_new0 (ChanFunc, 1);
  FuncCtx fc = { 0 };
  ChanSelect sel = { 0 };
  ChanInstr *in;
  int index;

  fn->name = g_strdup ("t.Run");
  fn->pos = callexpr->pos;
  fn->name_pos = callexpr->pos;
  fn->n_params = 1;   /* done */
  fn->receiver_type = -1;
  fn->code = g_array_new (FALSE, TRUE, sizeof (ChanInstr));
  g_ptr_array_add (lw->model->funcs, fn);
  index = (int) lw->model->funcs->len - 1;
  fc.lw = lw;
  fc.fn = fn;
  fc.watermark = 2;
  note_slots (&fc);
  emit (&fc, CHAN_I_CONST, callexpr->pos, 1, -1, -1, -1)->aux = add_const (lw, chan_val_unknown ());
  sel.n_cases = 1;
  sel.cases = g_new0 (ChanSelectCase, 1);
  sel.cases[0].is_send = TRUE;
  sel.cases[0].chan = 0;
  sel.cases[0].value = 1;
  sel.cases[0].ok = -1;
  sel.cases[0].target = 3;
  sel.cases[0].pos = callexpr->pos;
  sel.cases[0].text = chan_model_intern (lw->model, "case the subtest's end");
  sel.default_target = 3;
  g_array_append_val (lw->model->selects, sel);
  in = emit (&fc, CHAN_I_SELECT, callexpr->pos, -1, -1, -1, -1);
  in->aux = (int) lw->model->selects->len - 1;
  in->flags |= CHAN_INSTR_VISIBLE | CHAN_INSTR_BLOCKING;
  in->text = chan_model_intern (lw->model, "the subtest signals its parent");
  emit (&fc, CHAN_I_NOP, callexpr->pos, -1, -1, -1, -1);
  fn->epilogue = pc_now (&fc);
  emit (&fc, CHAN_I_RETURN, callexpr->pos, -1, -1, -1, -1);
  return index;
}

static int
subtest_signal (Lower *lw, ChanNode *callexpr)
{
  gpointer known = g_hash_table_lookup (lw->method_wrappers, "subtest signal");
  int w;
  if (known)
    return GPOINTER_TO_INT (known) - 1;
  w = signal_wrapper (lw, callexpr);
  g_hash_table_insert (lw->method_wrappers, g_strdup ("subtest signal"), GINT_TO_POINTER (w + 1));
  return w;
}

/* The function a subtest runs in: f(t) with t standing for the subtest (its
 * done channel, so that t.Parallel can signal it), then the signal even when
 * f ends with t.FailNow (a deferred call).  The parent's t.Run waits for the
 * signal: at the subtest's end, or at its t.Parallel(). */
static int
subtest_wrapper (Lower *lw, ChanNode *callexpr, int signal)
{
  ChanFunc *fn = g_new0 (ChanFunc, 1);
  FuncCtx fc = { 0 };
  ChanInstr *in;
  int index;
  ChanVal cv = { CHAN_VAL_FUNC, 0, 0, 0, 0 };

  fn->name = g_strdup ("t.Run");
  fn->pos = callexpr->pos;
  fn->name_pos = callexpr->pos;
  fn->n_params = 3;   /* f, t, done */
  fn->receiver_type = -1;
  fn->code = g_array_new (FALSE, TRUE, sizeof (ChanInstr));
  g_ptr_array_add (lw->model->funcs, fn);
  index = (int) lw->model->funcs->len - 1;
  fc.lw = lw;
  fc.fn = fn;
  fc.watermark = 6;
  note_slots (&fc);
  cv.ref = (uint32_t) signal;
  in = emit (&fc, CHAN_I_CONST, callexpr->pos, 3, -1, -1, -1);
  in->aux = add_const (lw, cv);
  emit (&fc, CHAN_I_MOVE, callexpr->pos, 4, 2, -1, -1);
  in = emit (&fc, CHAN_I_DEFER, callexpr->pos, -1, 3, 4, 1);
  in->text = chan_model_intern (lw->model, "subtest end");
  emit (&fc, CHAN_I_MOVE, callexpr->pos, 5, 2, -1, -1);   /* the subtest's t */
  in = emit (&fc, CHAN_I_CALL, callexpr->pos, -1, 0, 5, 1);
  in->text = text_of (lw, "", callexpr, NULL);
  fn->epilogue = pc_now (&fc);
  emit (&fc, CHAN_I_RETURN, callexpr->pos, -1, -1, -1, -1);
  return index;
}

/* Lowers a method call on a testing.T; returns FALSE when it is not one we
 * model (then it is opaque). */
static gboolean
testing_call (FuncCtx *fc, ChanNode *e, ChanNode *callee, int dst, int n)
{
  Lower *lw = fc->lw;
  const char *m = callee->name;
  ChanNode *args = e->b;
  int count, first;
  ChanInstr *in;

  if (strcmp (m, "Fatal") == 0 || strcmp (m, "Fatalf") == 0 || strcmp (m, "FailNow") == 0
      || strcmp (m, "Skip") == 0 || strcmp (m, "Skipf") == 0 || strcmp (m, "SkipNow") == 0)
    {
      args_to_slots (fc, args, 0, &count);
      in = emit (fc, CHAN_I_GOEXIT, e->pos, -1, -1, -1, -1);
      in->text = text_of (lw, "", e, NULL);
      return TRUE;
    }
  if (strcmp (m, "Parallel") == 0)
    {
      /* the parent's t.Run returns at once; the subtest goes on */
      int tslot = expr (fc, callee->a);
      ChanVal sv = { CHAN_VAL_FUNC, 0, 0, 0, 0 };
      int fnslot, arg;
      sv.ref = (uint32_t) subtest_signal (lw, e);
      fnslot = emit_const (fc, e->pos, sv);
      arg = new_temp (fc);
      emit (fc, CHAN_I_MOVE, e->pos, arg, tslot, -1, -1);
      in = emit (fc, CHAN_I_CALL, e->pos, -1, fnslot, arg, 1);
      in->text = text_of (lw, "", e, NULL);
      return TRUE;
    }
  if (strcmp (m, "Cleanup") == 0 && args && chan_node_n_kids (args) == 1)
    {
      int f = expr (fc, chan_node_kid (args, 0));
      in = emit (fc, CHAN_I_DEFER, e->pos, -1, f, -1, 0);
      in->flags |= CHAN_INSTR_CLEANUP;
      in->text = text_of (lw, "", e, NULL);
      return TRUE;
    }
  if (strcmp (m, "Run") == 0 && args && chan_node_n_kids (args) == 2)
    {
      int tslot = expr (fc, callee->a);
      int f = expr (fc, chan_node_kid (args, 1));
      int done = new_temp (fc), fnslot, w;
      ChanVal wv = { CHAN_VAL_FUNC, 0, 0, 0, 0 };
      expr (fc, chan_node_kid (args, 0));
      {
        int one = emit_const (fc, e->pos, chan_val_int (1));
        in = emit (fc, CHAN_I_MAKE_CHAN, e->pos, done, one, -1, -1);
        in->aux = lw->type_opaque;
      }
      w = subtest_wrapper (lw, e, subtest_signal (lw, e));
      wv.ref = (uint32_t) w;
      fnslot = emit_const (fc, e->pos, wv);
      first = fc->watermark;
      emit (fc, CHAN_I_MOVE, e->pos, new_temp (fc), f, -1, -1);
      emit (fc, CHAN_I_MOVE, e->pos, new_temp (fc), tslot, -1, -1);
      emit (fc, CHAN_I_MOVE, e->pos, new_temp (fc), done, -1, -1);
      in = emit (fc, CHAN_I_GO, e->pos, -1, fnslot, first, 3);
      in->text = text_of (lw, "", e, NULL);
      mark_visible (in);
      in = emit (fc, CHAN_I_RECV, callee->a->pos, -1, done, -1, -1);
      in->text = text_of (lw, "", e, NULL);
      in->aux2 = 1;  /* a subtest join: described as waiting for the subtest */
      in->flags |= CHAN_INSTR_VISIBLE | CHAN_INSTR_BLOCKING;
      for (int i = 0; i < n && dst >= 0; i++)
        emit (fc, CHAN_I_CONST, e->pos, dst + i, -1, -1, -1)->aux = add_const (lw, chan_val_unknown ());
      return TRUE;
    }
  return FALSE;
}

/* fmt and log call the Error() or String() method of their arguments when
 * the file defines it (SPEC 2.3): a lock taken there is seen. */
static void
printing_methods (FuncCtx *fc, ChanNode *e, int first, int count)
{
  Lower *lw = fc->lw;
  for (int i = 0; i < count; i++)
    {
      ChanNode *arg = unparen (chan_node_kid (e->b, (guint) i));
      ChanInstr *in;
      if (arg->kind == CHAN_NODE_STRING_LIT || arg->kind == CHAN_NODE_INT_LIT
          || arg->kind == CHAN_NODE_BINARY || arg->kind == CHAN_NODE_FLOAT_LIT
          || arg->kind == CHAN_NODE_CHAR_LIT)
        continue;
      in = emit (fc, CHAN_I_CALL_METHOD, arg->pos, -1, first + i, -1, 0);
      in->flags |= CHAN_INSTR_OPTIONAL;
      in->aux = chan_model_intern (lw->model, "String");
      in->aux2 = chan_model_intern (lw->model, "Error");
      in->text = text_of (lw, "", arg, ".Error() or .String() (called by fmt)");
    }
}

static gboolean
is_printing (const char *pkg, const char *name)
{
  if (strcmp (pkg, "log") == 0)
    return TRUE;
  if (strcmp (pkg, "fmt") != 0)
    return FALSE;
  return g_str_has_prefix (name, "Print") || g_str_has_prefix (name, "Sprint")
         || g_str_has_prefix (name, "Fprint") || strcmp (name, "Errorf") == 0
         || g_str_has_prefix (name, "Append");
}

/* Lowers call E, putting N results at DST.. (DST -1: discarded). */
static void
call (FuncCtx *fc, ChanNode *e, int dst, int n)
{
  Lower *lw = fc->lw;
  ChanNode *callee = unparen (e->a);
  ChanNode *args = e->b;
  int nargs = args ? (int) chan_node_n_kids (args) : 0;
  int first, count;
  ChanInstr *in;

  /* builtins */
  if (callee->kind == CHAN_NODE_IDENT && (callee->ident_flags & CHAN_IDENT_UNIVERSE))
    {
      const char *b = callee->name;
      if (strcmp (b, "make") == 0 && nargs >= 1)
        {
          ChanNode *t = unparen (chan_node_kid (args, 0));
          int size = nargs > 1 ? expr (fc, chan_node_kid (args, 1)) : -1;
          int cap = nargs > 2 ? expr (fc, chan_node_kid (args, 2)) : -1;
          int d = dst >= 0 ? dst : new_temp (fc);
          while (t && t->kind == CHAN_NODE_IDENT && t->decl && t->decl->kind == CHAN_NODE_TYPE_SPEC)
            t = unparen (t->decl->a);
          if (t && t->kind == CHAN_NODE_TYPE_CHAN)
            {
              in = emit (fc, CHAN_I_MAKE_CHAN, e->pos, d, size, -1, -1);
              in->aux = lower_type (lw, t->a);
            }
          else if (t && t->kind == CHAN_NODE_TYPE_SLICE)
            {
              if (size < 0)
                size = emit_const (fc, e->pos, chan_val_int (0));
              in = emit (fc, CHAN_I_MAKE_SLICE, e->pos, d, size, cap, -1);
              in->aux = lower_type (lw, t->b);
            }
          else if (t && t->kind == CHAN_NODE_TYPE_MAP)
            emit (fc, CHAN_I_MAKE_MAP, e->pos, d, -1, -1, -1)->aux = lower_type (lw, t);
          else
            {
              ChanVal u = chan_val_unknown ();
              u.flags = CHAN_UNKNOWN_NONNIL;
              note_opaque (lw, "make of a type from elsewhere", e->pos);
              emit (fc, CHAN_I_CONST, e->pos, d, -1, -1, -1)->aux = add_const (lw, u);
            }
          return;
        }
      if (strcmp (b, "new") == 0 && nargs == 1)
        {
          int d = dst >= 0 ? dst : new_temp (fc);
          in = emit (fc, CHAN_I_NEW, e->pos, d, -1, -1, -1);
          in->aux = lower_type (lw, chan_node_kid (args, 0));
          return;
        }
      if ((strcmp (b, "len") == 0 || strcmp (b, "cap") == 0) && nargs == 1)
        {
          int a = expr (fc, chan_node_kid (args, 0));
          int d = dst >= 0 ? dst : new_temp (fc);
          emit (fc, b[0] == 'l' ? CHAN_I_LEN : CHAN_I_CAP, e->pos, d, a, -1, -1);
          return;
        }
      if (strcmp (b, "append") == 0 && nargs >= 1)
        {
          int base = expr (fc, chan_node_kid (args, 0));
          int d = dst >= 0 ? dst : new_temp (fc);
          first = args_to_slots (fc, args, 1, &count);
          in = emit (fc, CHAN_I_APPEND, e->pos, d, base, first, count);
          if (e->flags & CHAN_FLAG_ELLIPSIS)
            in->flags |= CHAN_INSTR_ELLIPSIS;
          if (lw->has_index_stores)
            mark_visible (in);
          return;
        }
      if (strcmp (b, "close") == 0 && nargs == 1)
        {
          int a = expr (fc, chan_node_kid (args, 0));
          in = emit (fc, CHAN_I_CLOSE, e->pos, -1, a, -1, -1);
          in->text = text_of (lw, "", e, NULL);
          mark_visible (in);
          return;
        }
      if (strcmp (b, "panic") == 0 && nargs == 1)
        {
          int a = expr (fc, chan_node_kid (args, 0));
          in = emit (fc, CHAN_I_PANIC, e->pos, -1, a, -1, -1);
          in->text = text_of (lw, "", e, NULL);
          return;
        }
      if (strcmp (b, "recover") == 0)
        {
          int d = dst >= 0 ? dst : new_temp (fc);
          emit (fc, CHAN_I_RECOVER, e->pos, d, -1, -1, -1);
          return;
        }
      if (strcmp (b, "delete") == 0 && nargs == 2)
        {
          int m = expr (fc, chan_node_kid (args, 0));
          int k = expr (fc, chan_node_kid (args, 1));
          in = emit (fc, CHAN_I_DELETE, e->pos, -1, m, k, -1);
          in->text = text_of (lw, "", e, NULL);
          mark_visible (in);
          return;
        }
      if (strcmp (b, "print") == 0 || strcmp (b, "println") == 0
          || strcmp (b, "copy") == 0 || strcmp (b, "clear") == 0 || strcmp (b, "min") == 0
          || strcmp (b, "max") == 0 || strcmp (b, "complex") == 0 || strcmp (b, "real") == 0
          || strcmp (b, "imag") == 0)
        {
          for (int i = 0; i < nargs; i++)
            expr (fc, chan_node_kid (args, (guint) i));
          for (int i = 0; i < n && dst >= 0; i++)
            emit (fc, CHAN_I_CONST, e->pos, dst + i, -1, -1, -1)->aux
              = add_const (lw, chan_val_unknown ());
          return;
        }
    }
  /* conversions T(x) */
  if (is_type_expr (lw, callee) && nargs == 1)
    {
      int a = expr (fc, chan_node_kid (args, 0));
      int type = lower_type (lw, callee);
      ChanTypeKind k = chan_model_type (lw->model, type)->kind;
      if (dst >= 0)
        {
          int sign = 0, bits = narrow_int (callee, &sign);
          if (bits)
            {
              ChanInstr *wi = emit (fc, CHAN_I_WRAP, e->pos, dst, a, -1, -1);
              wi->aux = bits;
              wi->aux2 = sign;
            }
          else if (k == CHAN_TYPE_INT || k == CHAN_TYPE_BOOL || k == CHAN_TYPE_NILABLE
              || k == CHAN_TYPE_STRUCT)
            emit (fc, CHAN_I_MOVE, e->pos, dst, a, -1, -1);
          else
            emit (fc, CHAN_I_CONST, e->pos, dst, -1, -1, -1)->aux
              = add_const (lw, chan_val_unknown ());
        }
      return;
    }
  /* package functions: library or opaque */
  if (callee->kind == CHAN_NODE_SELECTOR && callee->a && callee->a->kind == CHAN_NODE_IDENT
      && (callee->a->ident_flags & CHAN_IDENT_PACKAGE))
    {
      int lib = lib_function (callee->a->name, callee->name);
      char *full = g_strdup_printf ("%s.%s", callee->a->name, callee->name);
      first = args_to_slots (fc, args, 0, &count);
      if (lib >= 0)
        {
          int nres = lib_results (lib);
          int d = dst;
          if (d < 0 && nres > 0)
            {
              d = fc->watermark;
              for (int i = 0; i < nres; i++)
                new_temp (fc);
            }
          in = emit (fc, CHAN_I_CALL_LIB, e->pos, d, -1, first, count);
          in->aux = MAX (n, nres);
          if (dst < 0)
            in->aux = nres;
          in->aux2 = lib;
          in->text = text_of (lw, "", e, NULL);
          if (lib != CHAN_LIB_CONTEXT_BACKGROUND)
            mark_visible (in);
        }
      else
        {
          note_opaque (lw, full, e->pos);
          if (is_printing (callee->a->name, callee->name))
            printing_methods (fc, e, first, count);
          in = emit (fc, CHAN_I_CALL_OPAQUE, e->pos, dst, -1, first, count);
          in->aux = dst >= 0 ? n : 0;
          if ((strcmp (callee->a->name, "errors") == 0 && strcmp (callee->name, "New") == 0)
              || (strcmp (callee->a->name, "fmt") == 0 && strcmp (callee->name, "Errorf") == 0))
            in->flags |= CHAN_INSTR_OPTIONAL;   /* a new error is never nil */
        }
      g_free (full);
      return;
    }
  /* undefined function: opaque */
  if (callee->kind == CHAN_NODE_IDENT && (callee->ident_flags & CHAN_IDENT_UNDEFINED))
    {
      note_opaque (lw, callee->name, e->pos);
      first = args_to_slots (fc, args, 0, &count);
      in = emit (fc, CHAN_I_CALL_OPAQUE, e->pos, dst, -1, first, count);
      in->aux = dst >= 0 ? n : 0;
      return;
    }
  /* t.Fatal, t.Run, ... on a *testing.T (SPEC 2.1, Go tests) */
  if (callee->kind == CHAN_NODE_SELECTOR && is_testing_t (callee->a))
    {
      if (testing_call (fc, e, callee, dst, n))
        return;
    }
  /* method calls x.M(...) */
  if (callee->kind == CHAN_NODE_SELECTOR)
    {
      int recv = expr (fc, callee->a);
      first = args_to_slots (fc, args, 0, &count);
      /* as a statement (dst -1) the results are discarded: the callee,
         known only when it runs, may have any number of them */
      in = emit (fc, CHAN_I_CALL_METHOD, callee->a->pos, dst, recv, first, count);
      in->aux = dst < 0 ? 0 : n;
      in->aux2 = chan_model_intern (lw->model, callee->name);
      in->text = text_of (lw, "", e, NULL);
      if (e->flags & CHAN_FLAG_ELLIPSIS)
        in->flags |= CHAN_INSTR_ELLIPSIS;
      mark_visible (in);
      return;
    }
  /* calls of function values and declared functions */
  {
    int fnslot;
    int nres = func_results_of (lw, callee);
    int d = dst;
    if (nargs == 1 && unparen (chan_node_kid (args, 0))->kind == CHAN_NODE_CALL
        && func_results_of (lw, chan_node_kid (args, 0)->a) > 1)
      {
        int k = func_results_of (lw, chan_node_kid (args, 0)->a);
        first = fc->watermark;
        for (int i = 0; i < k; i++)
          new_temp (fc);
        call (fc, unparen (chan_node_kid (args, 0)), first, k);
        count = k;
      }
    else
      first = args_to_slots (fc, args, 0, &count);
    fnslot = expr (fc, callee);
    if (d < 0 && nres > 0)
      {
        d = fc->watermark;
        for (int i = 0; i < nres; i++)
          new_temp (fc);
      }
    in = emit (fc, CHAN_I_CALL, e->pos, d, fnslot, first, count);
    in->aux = nres >= 0 ? nres : n;
    in->text = text_of (lw, "", e, NULL);
    if (e->flags & CHAN_FLAG_ELLIPSIS)
      in->flags |= CHAN_INSTR_ELLIPSIS;
  }
}

/* An lvalue: where an assignment stores. */
typedef enum { LV_DISCARD, LV_SLOT, LV_BOX, LV_GLOBAL, LV_FIELD, LV_INDEX, LV_PTR } LvKind;
typedef struct {
  LvKind kind;
  int slot;      /* LV_SLOT: the variable; LV_BOX: slot holding the box;
                    FIELD/INDEX/PTR: the base */
  int index;     /* INDEX: index slot; GLOBAL: global index; FIELD: name */
  gboolean shared;
  ChanPos pos;
  int text;      /* strings index: the target in source words */
  ChanNode *decl;/* the variable, for narrow integer wrapping */
} Lvalue;

static Lvalue
lvalue (FuncCtx *fc, ChanNode *e)
{
  Lower *lw = fc->lw;
  Lvalue lv = { LV_DISCARD, -1, -1, FALSE, e->pos, -1, NULL };
  lv.text = text_of (lw, "", e, NULL);
  e = unparen (e);
  switch (e->kind)
    {
    case CHAN_NODE_IDENT:
      {
        gboolean boxed = FALSE;
        int s, g;
        if (strcmp (e->name, "_") == 0)
          return lv;
        if (e->decl == NULL)
          {
            error_at (lw, e->pos, "cannot assign to %s", e->name);
            return lv;
          }
        lv.decl = e->decl;
        s = var_slot (fc, e->decl, &boxed);
        if (s >= 0)
          {
            lv.kind = boxed ? LV_BOX : LV_SLOT;
            lv.slot = s;
            lv.shared = boxed;
            return lv;
          }
        g = global_index (lw, e->decl);
        if (g >= 0)
          {
            lv.kind = LV_GLOBAL;
            lv.index = g;
            lv.shared = TRUE;
            return lv;
          }
        error_at (lw, e->pos, "cannot assign to %s (neither a variable nor a field)", e->name);
        return lv;
      }
    case CHAN_NODE_SELECTOR:
      if (e->a && e->a->kind == CHAN_NODE_IDENT && (e->a->ident_flags & CHAN_IDENT_PACKAGE))
        return lv;  /* assignment to another package's variable: no effect on the model */
      lv.kind = LV_FIELD;
      lv.slot = expr (fc, e->a);
      lv.index = chan_model_intern (lw->model, e->name);
      lv.shared = TRUE;
      return lv;
    case CHAN_NODE_INDEX:
      lv.kind = LV_INDEX;
      lv.slot = expr (fc, e->a);
      lv.index = expr (fc, e->b);
      lv.shared = TRUE;
      return lv;
    case CHAN_NODE_UNARY:
      if (e->op == CHAN_OP_DEREF)
        {
          lv.kind = LV_PTR;
          lv.slot = expr (fc, e->a);
          lv.shared = TRUE;
          return lv;
        }
      break;
    default:
      break;
    }
  error_at (lw, e->pos, "cannot assign to this expression");
  return lv;
}

static int lvalue_load_raw (FuncCtx *fc, const Lvalue *lv);

/* Reads the current value of an lvalue (for op= and ++). */
static int
lvalue_load (FuncCtx *fc, const Lvalue *lv)
{
  int t = lvalue_load_raw (fc, lv);
  if (lv->kind != LV_SLOT && lv->kind != LV_DISCARD)
    {
      ChanInstr *in = &g_array_index (fc->fn->code, ChanInstr, fc->fn->code->len - 1);
      char *w = g_strdup_printf ("read %s", chan_model_string (fc->lw->model, lv->text));
      in->text = chan_model_intern (fc->lw->model, w);
      g_free (w);
    }
  return t;
}

static int
lvalue_load_raw (FuncCtx *fc, const Lvalue *lv)
{
  int t;
  ChanInstr *in;
  switch (lv->kind)
    {
    case LV_SLOT: return lv->slot;
    case LV_BOX:
      t = new_temp (fc);
      mark_visible (emit (fc, CHAN_I_LOAD_BOX, lv->pos, t, lv->slot, -1, -1));
      return t;
    case LV_GLOBAL:
      t = new_temp (fc);
      in = emit (fc, CHAN_I_LOAD_GLOBAL, lv->pos, t, -1, -1, -1);
      in->aux = lv->index;
      mark_visible (in);
      return t;
    case LV_FIELD:
      t = new_temp (fc);
      in = emit (fc, CHAN_I_FIELD, lv->pos, t, lv->slot, -1, -1);
      in->aux = lv->index;
      mark_visible (in);
      return t;
    case LV_INDEX:
      t = new_temp (fc);
      mark_visible (emit (fc, CHAN_I_INDEX, lv->pos, t, lv->slot, lv->index, -1));
      return t;
    case LV_PTR:
      t = new_temp (fc);
      mark_visible (emit (fc, CHAN_I_LOAD_PTR, lv->pos, t, lv->slot, -1, -1));
      return t;
    default:
      return emit_const (fc, lv->pos, chan_val_unknown ());
    }
}

/* Stores slot V (already copied when it is an aggregate) into LV. */
static void lvalue_store_raw (FuncCtx *fc, const Lvalue *lv, int v);
static void
lvalue_store (FuncCtx *fc, const Lvalue *lv, int v)
{
  guint before;
  if (lv->decl && g_hash_table_lookup (fc->lw->narrow_vars, lv->decl))
    {
      int t = new_temp (fc);
      emit (fc, CHAN_I_MOVE, lv->pos, t, v, -1, -1);
      wrap_for (fc, lv->decl, t, lv->pos);
      v = t;
    }
  before = fc->fn->code->len;
  lvalue_store_raw (fc, lv, v);
  if (fc->fn->code->len > before && lv->kind != LV_SLOT)
    {
      ChanInstr *in = &g_array_index (fc->fn->code, ChanInstr, fc->fn->code->len - 1);
      char *w = g_strdup_printf ("write %s", chan_model_string (fc->lw->model, lv->text));
      in->text = chan_model_intern (fc->lw->model, w);
      g_free (w);
    }
}

static void
lvalue_store_raw (FuncCtx *fc, const Lvalue *lv, int v)
{
  ChanInstr *in;
  switch (lv->kind)
    {
    case LV_SLOT:
      if (lv->slot != v)
        emit (fc, CHAN_I_MOVE, lv->pos, lv->slot, v, -1, -1);
      break;
    case LV_BOX:
      mark_visible (emit (fc, CHAN_I_STORE_BOX, lv->pos, -1, lv->slot, v, -1));
      break;
    case LV_GLOBAL:
      in = emit (fc, CHAN_I_STORE_GLOBAL, lv->pos, -1, v, -1, -1);
      in->aux = lv->index;
      mark_visible (in);
      break;
    case LV_FIELD:
      in = emit (fc, CHAN_I_STORE_FIELD, lv->pos, -1, lv->slot, v, -1);
      in->aux = lv->index;
      mark_visible (in);
      break;
    case LV_INDEX:
      mark_visible (emit (fc, CHAN_I_STORE_INDEX, lv->pos, -1, lv->slot, lv->index, v));
      break;
    case LV_PTR:
      mark_visible (emit (fc, CHAN_I_STORE_PTR, lv->pos, -1, lv->slot, v, -1));
      break;
    default:
      break;
    }
}

static int
copy_of (FuncCtx *fc, int v, ChanPos pos)
{
  int t = new_temp (fc);
  emit (fc, CHAN_I_COPY, pos, t, v, -1, -1);
  return t;
}

/* Is E a fresh value (a call result, a literal): no copy needed? */
static gboolean
is_fresh (ChanNode *e)
{
  e = unparen (e);
  return e->kind == CHAN_NODE_COMPOSITE_LIT || e->kind == CHAN_NODE_CALL
         || e->kind == CHAN_NODE_INT_LIT || e->kind == CHAN_NODE_STRING_LIT
         || e->kind == CHAN_NODE_FUNC_LIT || e->kind == CHAN_NODE_BINARY;
}

static int
value_for_store (FuncCtx *fc, ChanNode *e)
{
  int v = expr (fc, e);
  return is_fresh (e) ? v : copy_of (fc, v, e->pos);
}

/* Pre-scan of a function literal: the outer variables it uses. */
static void
collect_captures (ChanNode *n, GHashTable *inside, GPtrArray *uses)
{
  if (n == NULL)
    return;
  /* declaring nodes: IDENTs, PARAMs, type switch clauses (check.c) */
  if (n->ident_flags & CHAN_IDENT_DEFINES)
    g_hash_table_add (inside, n);
  if (n->kind == CHAN_NODE_IDENT && !(n->ident_flags & CHAN_IDENT_DEFINES)
      && n->decl && (n->decl->ident_flags & CHAN_IDENT_DEFINES)
      && !(n->decl->ident_flags & CHAN_IDENT_GLOBAL))
    g_ptr_array_add (uses, n->decl);
  collect_captures (n->a, inside, uses);
  collect_captures (n->b, inside, uses);
  collect_captures (n->c, inside, uses);
  collect_captures (n->d, inside, uses);
  for (guint i = 0; i < chan_node_n_kids (n); i++)
    collect_captures (chan_node_kid (n, i), inside, uses);
}

static int
func_literal (FuncCtx *fc, ChanNode *e)
{
  Lower *lw = fc->lw;
  char *name;
  int f, first, n_cap, dst;
  ChanFunc *inner;
  ChanInstr *in;
  FuncCtx *root = fc;

  while (root->outer)
    root = root->outer;
  name = g_strdup_printf ("%s.func%d", root->fn->name, ++root->n_literals);
  f = lower_function (lw, fc, e, name, NULL, e->a, e->b, e->pos, e->pos);
  g_free (name);
  inner = chan_model_func (lw->model, f);
  n_cap = inner->n_captured;
  /* the captured variables' slots (boxes or values), in the literal's order */
  {
    GHashTable *inside = g_hash_table_new (NULL, NULL);
    GPtrArray *uses = g_ptr_array_new ();
    GPtrArray *caps = g_ptr_array_new ();
    collect_captures (e, inside, uses);
    for (guint i = 0; i < uses->len; i++)
      {
        ChanNode *d = g_ptr_array_index (uses, i);
        gboolean boxed;
        if (g_hash_table_contains (inside, d) || g_hash_table_lookup (lw->consts, d))
          continue;
        if (g_ptr_array_find (caps, d, NULL))
          continue;
        if (var_slot (fc, d, &boxed) < 0)
          continue;
        g_ptr_array_add (caps, d);
      }
    g_assert ((int) caps->len == n_cap);
    first = fc->watermark;
    for (guint i = 0; i < caps->len; i++)
      {
        gboolean boxed;
        int s = var_slot (fc, g_ptr_array_index (caps, i), &boxed);
        int t = new_temp (fc);
        emit (fc, CHAN_I_MOVE, e->pos, t, s, -1, -1);
      }
    g_hash_table_destroy (inside);
    g_ptr_array_free (uses, TRUE);
    g_ptr_array_free (caps, TRUE);
  }
  dst = new_temp (fc);
  in = emit (fc, CHAN_I_CLOSURE, e->pos, dst, -1, first, n_cap);
  in->aux = f;
  return dst;
}

/* x.Done, mu.Unlock, t.Stop used as values (t.Cleanup(wg.Done),
 * time.AfterFunc(d, cancelWork.Stop)): a wrapper function whose parameter is
 * the receiver, bound at run time when x is a sync or time value (exec.c,
 * FIELD).  Returns the wrapper's index + 1, or 0 for other names. */
static int
lib_method_value_wrapper (Lower *lw, ChanNode *e)
{
  static const char *const names[] = {
    "Done", "Unlock", "RUnlock", "Lock", "RLock", "Wait", "Stop", "Signal", "Broadcast",
  };
  char *key;
  gpointer known;
  int w;
  for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (e->name, names[i]) == 0)
      goto found;
  return 0;
 found:
  key = g_strdup_printf ("method value %s", e->name);
  known = g_hash_table_lookup (lw->method_wrappers, key);
  if (known)
    {
      g_free (key);
      return GPOINTER_TO_INT (known);
    }
  w = wrapper (lw, e, CHAN_I_CALL_METHOD, 1, 0, chan_model_intern (lw->model, e->name), 2, e->name);
  g_hash_table_insert (lw->method_wrappers, key, GINT_TO_POINTER (w + 1));
  return w + 1;
}

static int
expr (FuncCtx *fc, ChanNode *e)
{
  Lower *lw = fc->lw;
  ChanInstr *in;
  int t, a, b;

  e = unparen (e);
  switch (e->kind)
    {
    case CHAN_NODE_INT_LIT: case CHAN_NODE_CHAR_LIT:
      return emit_const (fc, e->pos, chan_val_int (e->value));
    case CHAN_NODE_FLOAT_LIT:
      return emit_const (fc, e->pos, chan_val_unknown ());
    case CHAN_NODE_STRING_LIT:
      {
        ChanVal v = { CHAN_VAL_STRING, 0, 0, 0, 0 };
        v.ref = (uint32_t) chan_model_intern (lw->model, e->str ? e->str : "");
        return emit_const (fc, e->pos, v);
      }
    case CHAN_NODE_IDENT:
      {
        gboolean boxed = FALSE;
        int s, g, f;
        ChanVal c;
        if (e->ident_flags & CHAN_IDENT_UNIVERSE)
          {
            if (const_eval (lw, e, &c, 0))
              return emit_const (fc, e->pos, c);
            return emit_const (fc, e->pos, chan_val_unknown ());
          }
        if (e->decl == NULL)
          return emit_const (fc, e->pos, chan_val_unknown ());
        if (g_hash_table_lookup (lw->consts, e->decl))
          return emit_const (fc, e->pos, *(ChanVal *) g_hash_table_lookup (lw->consts, e->decl));
        if (e->decl->kind == CHAN_NODE_FUNC_DECL)
          {
            ChanVal fv = { CHAN_VAL_FUNC, 0, 0, 0, 0 };
            f = func_index (lw, e->decl);
            if (f < 0)
              return emit_const (fc, e->pos, chan_val_unknown ());
            fv.ref = (uint32_t) f;
            return emit_const (fc, e->pos, fv);
          }
        s = var_slot (fc, e->decl, &boxed);
        if (s >= 0)
          {
            if (!boxed)
              return s;
            t = new_temp (fc);
            in = emit (fc, CHAN_I_LOAD_BOX, e->pos, t, s, -1, -1);
            in->text = text_of (lw, "read ", e, NULL);
            mark_visible (in);
            return t;
          }
        g = global_index (lw, e->decl);
        if (g >= 0)
          {
            t = new_temp (fc);
            in = emit (fc, CHAN_I_LOAD_GLOBAL, e->pos, t, -1, -1, -1);
            in->aux = g;
            in->text = text_of (lw, "read ", e, NULL);
            if (global_shared (e->decl))
              mark_visible (in);
            return t;
          }
        return emit_const (fc, e->pos, chan_val_unknown ());
      }
    case CHAN_NODE_FUNC_LIT:
      return func_literal (fc, e);
    case CHAN_NODE_COMPOSITE_LIT:
      return composite (fc, e, -1);
    case CHAN_NODE_SELECTOR:
      if (e->a && e->a->kind == CHAN_NODE_IDENT && (e->a->ident_flags & CHAN_IDENT_PACKAGE))
        {
          /* time.Second, context.Canceled, os.Args: abstract values */
          return emit_const (fc, e->pos, chan_val_unknown ());
        }
      {
        /* a method expression T.M or (*T).M: the method, receiver first */
        ChanNode *base = unparen (e->a);
        while (base && base->kind == CHAN_NODE_UNARY && base->op == CHAN_OP_DEREF)
          base = unparen (base->a);
        while (base && base->kind == CHAN_NODE_TYPE_POINTER)
          base = unparen (base->a);
        if (base && (base->kind == CHAN_NODE_IDENT || base->kind == CHAN_NODE_TYPE_NAME)
            && base->decl && base->decl->kind == CHAN_NODE_TYPE_SPEC)
          {
            int type = spec_type (lw, base->decl), path[9];
            int m = chan_model_find_method (lw->model, type, chan_model_intern (lw->model, e->name), path);
            ChanVal fv = { CHAN_VAL_FUNC, 0, 0, 0, 0 };
            if (m >= 0 && path[0] < 0)
              {
                fv.ref = (uint32_t) m;
                return emit_const (fc, e->pos, fv);
              }
            error_at (lw, e->pos, "method expression %s.%s: chancheck models method expressions "
                      "of methods declared on the type itself; write func(x T) { x.%s() }",
                      base->name ? base->name : "T", e->name, e->name);
            return emit_const (fc, e->pos, chan_val_unknown ());
          }
      }
      a = expr (fc, e->a);
      t = new_temp (fc);
      {
        int wrap = lib_method_value_wrapper (lw, e);
        in = emit (fc, CHAN_I_FIELD, e->pos, t, a, -1, -1);
        in->aux2 = wrap;
      }
      in->aux = chan_model_intern (lw->model, e->name);
      in->text = text_of (lw, "read ", e, NULL);
      if (g_hash_table_contains (lw->mutable_fields, e->name) || lw->has_ptr_stores)
        mark_visible (in);
      return t;
    case CHAN_NODE_INDEX:
      a = expr (fc, e->a);
      b = expr (fc, e->b);
      t = new_temp (fc);
      in = emit (fc, CHAN_I_INDEX, e->pos, t, a, b, -1);
      in->text = text_of (lw, "read ", e, NULL);
      if (lw->has_index_stores || lw->has_ptr_stores)
        mark_visible (in);
      return t;
    case CHAN_NODE_SLICE_EXPR:
      a = expr (fc, e->a);
      b = e->b ? expr (fc, e->b) : -1;
      {
        int c = e->c ? expr (fc, e->c) : -1;
        t = new_temp (fc);
        emit (fc, CHAN_I_SLICE, e->pos, t, a, b, c);
      }
      return t;
    case CHAN_NODE_TYPE_ASSERT:
      a = expr (fc, e->a);
      {
        /* x.(T): a failed assertion panics; an undecided one (a value from
           outside, an int that may be an int64) passes (OPTIONAL) */
        int ok = new_temp (fc), pass = new_label (fc), msg;
        in = emit (fc, CHAN_I_TYPE_TEST, e->pos, ok, a, -1, -1);
        type_test_of (lw, e->b, &in->aux, &in->aux2);
        in->flags |= CHAN_INSTR_OPTIONAL;
        in = emit (fc, CHAN_I_BRANCH, e->pos, -1, ok, -1, CHAN_REFINE_NONE);
        in->flags |= CHAN_INSTR_INVERT;
        jump_to (fc, pass);
        msg = emit_const (fc, e->pos, chan_val_nil ());
        in = emit (fc, CHAN_I_PANIC, e->pos, -1, msg, -1, -1);
        in->aux = CHAN_PANIC_RUNTIME;
        in->text = text_of (lw, "", e, NULL);
        place_label (fc, pass);
      }
      return a;
    case CHAN_NODE_CALL:
      t = new_temp (fc);
      call (fc, e, t, 1);
      return t;
    case CHAN_NODE_UNARY:
      switch (e->op)
        {
        case CHAN_OP_RECV:
          a = expr (fc, e->a);
          t = new_temp (fc);
          in = emit (fc, CHAN_I_RECV, e->pos, t, a, -1, -1);
          in->text = text_of (lw, "", e, NULL);
          in->flags |= CHAN_INSTR_VISIBLE | CHAN_INSTR_BLOCKING;
          return t;
        case CHAN_OP_ADDR:
          {
            ChanNode *x = unparen (e->a);
            if (x->kind == CHAN_NODE_IDENT && x->decl)
              {
                gboolean boxed = FALSE;
                int s = var_slot (fc, x->decl, &boxed);
                int g = global_index (lw, x->decl);
                t = new_temp (fc);
                if (s >= 0 && boxed)
                  emit (fc, CHAN_I_ADDR_BOX, e->pos, t, s, -1, -1);
                else if (s >= 0)
                  emit (fc, CHAN_I_ADDR, e->pos, t, s, -1, -1);
                else if (g >= 0)
                  emit (fc, CHAN_I_ADDR_GLOBAL, e->pos, t, -1, -1, -1)->aux = g;
                else
                  emit (fc, CHAN_I_CONST, e->pos, t, -1, -1, -1)->aux = add_const (lw, chan_val_unknown ());
                return t;
              }
            if (x->kind == CHAN_NODE_SELECTOR
                && !(x->a->kind == CHAN_NODE_IDENT && (x->a->ident_flags & CHAN_IDENT_PACKAGE)))
              {
                a = expr (fc, x->a);
                t = new_temp (fc);
                in = emit (fc, CHAN_I_FIELD_ADDR, e->pos, t, a, -1, -1);
                in->aux = chan_model_intern (lw->model, x->name);
                return t;
              }
            if (x->kind == CHAN_NODE_INDEX)
              {
                a = expr (fc, x->a);
                b = expr (fc, x->b);
                t = new_temp (fc);
                emit (fc, CHAN_I_INDEX_ADDR, e->pos, t, a, b, -1);
                return t;
              }
            a = expr (fc, x);
            t = new_temp (fc);
            emit (fc, CHAN_I_ADDR, e->pos, t, a, -1, -1);
            return t;
          }
        case CHAN_OP_DEREF:
          a = expr (fc, e->a);
          t = new_temp (fc);
          in = emit (fc, CHAN_I_LOAD_PTR, e->pos, t, a, -1, -1);
          in->text = text_of (lw, "read ", e, NULL);
          mark_visible (in);
          return t;
        default:
          a = expr (fc, e->a);
          t = new_temp (fc);
          emit (fc, CHAN_I_UNARY, e->pos, t, a, -1, -1)->aux = e->op;
          return t;
        }
    case CHAN_NODE_BINARY:
      if (e->op == CHAN_OP_LAND || e->op == CHAN_OP_LOR)
        {
          /* short circuit: t = a; if (a is decisive) skip b */
          int skip = new_label (fc);
          t = new_temp (fc);
          a = expr (fc, e->a);
          emit (fc, CHAN_I_MOVE, e->pos, t, a, -1, -1);
          in = emit (fc, CHAN_I_BRANCH, e->pos, -1, t, -1, CHAN_REFINE_NONE);
          if (e->op == CHAN_OP_LOR)
            in->flags |= CHAN_INSTR_INVERT;
          jump_to (fc, skip);
          b = expr (fc, e->b);
          emit (fc, CHAN_I_MOVE, e->pos, t, b, -1, -1);
          place_label (fc, skip);
          return t;
        }
      a = expr (fc, e->a);
      b = expr (fc, e->b);
      t = new_temp (fc);
      emit (fc, CHAN_I_BINARY, e->op_pos.line ? e->op_pos : e->pos, t, a, b, -1)->aux = e->op;
      return t;
    default:
      if (is_type_expr (lw, e))
        return emit_const (fc, e->pos, chan_val_unknown ());
      error_at (lw, e->pos, "this expression is not supported by chancheck");
      return emit_const (fc, e->pos, chan_val_unknown ());
    }
}

/* Evaluates E producing N values at DST .. DST+N-1 (calls, v, ok forms). */
static void
expr_multi (FuncCtx *fc, ChanNode *e, int dst, int n)
{
  ChanInstr *in;
  e = unparen (e);
  if (e->kind == CHAN_NODE_CALL)
    {
      call (fc, e, dst, n);
      return;
    }
  if (e->kind == CHAN_NODE_UNARY && e->op == CHAN_OP_RECV && n == 2)
    {
      int a = expr (fc, e->a);
      in = emit (fc, CHAN_I_RECV, e->pos, dst, a, -1, dst + 1);
      in->text = text_of (fc->lw, "", e, NULL);
      in->flags |= CHAN_INSTR_VISIBLE | CHAN_INSTR_BLOCKING;
      return;
    }
  if (e->kind == CHAN_NODE_TYPE_ASSERT && n == 2)
    {
      /* v, ok := x.(T): ok tests T (both outcomes when the model cannot
         tell); v is x, or T's zero value when !ok */
      int a = expr (fc, e->a), done = new_label (fc);
      emit (fc, CHAN_I_MOVE, e->pos, dst, a, -1, -1);
      in = emit (fc, CHAN_I_TYPE_TEST, e->pos, dst + 1, a, -1, -1);
      type_test_of (fc->lw, e->b, &in->aux, &in->aux2);
      in = emit (fc, CHAN_I_BRANCH, e->pos, -1, dst + 1, dst + 1, CHAN_REFINE_TRUTH);
      in->flags |= CHAN_INSTR_INVERT;
      jump_to (fc, done);
      emit (fc, CHAN_I_ZERO, e->pos, dst, -1, -1, -1)->aux = lower_type (fc->lw, e->b);
      place_label (fc, done);
      return;
    }
  if (e->kind == CHAN_NODE_INDEX && n == 2)
    {
      /* v, ok := m[k] */
      int a = expr (fc, e->a);
      int b = expr (fc, e->b);
      in = emit (fc, CHAN_I_INDEX, e->pos, dst, a, b, dst + 1);
      in->text = text_of (fc->lw, "read ", e, NULL);
      mark_visible (in);
      return;
    }
  {
    int v = expr (fc, e);
    emit (fc, CHAN_I_MOVE, e->pos, dst, v, -1, -1);
    for (int i = 1; i < n; i++)
      emit (fc, CHAN_I_CONST, e->pos, dst + i, -1, -1, -1)->aux = add_const (fc->lw, chan_val_unknown ());
  }
}

/* ---- conditions ------------------------------------------------------------------------ */

/* The local, unboxed variable slot E names, or -1 (for refinement). */
static int
refinable_slot (FuncCtx *fc, ChanNode *e)
{
  gboolean boxed = FALSE;
  int s;
  e = unparen (e);
  if (e->kind != CHAN_NODE_IDENT || e->decl == NULL || !(e->decl->ident_flags & CHAN_IDENT_DEFINES))
    return -1;
  if (g_hash_table_lookup (fc->lw->consts, e->decl))
    return -1;
  s = var_slot (fc, e->decl, &boxed);
  return s >= 0 && !boxed && g_hash_table_lookup (fc->slots, e->decl) ? s : -1;
}

/* Jumps to LABEL when COND evaluates to WHEN; falls through otherwise. */
static void
branch (FuncCtx *fc, ChanNode *cond, gboolean when, int label)
{
  ChanInstr *in;
  int t, var = -1, refinement = CHAN_REFINE_NONE, lit = -1;

  cond = unparen (cond);
  if (cond->kind == CHAN_NODE_UNARY && cond->op == CHAN_OP_NOT)
    {
      branch (fc, cond->a, !when, label);
      return;
    }
  if (cond->kind == CHAN_NODE_BINARY && (cond->op == CHAN_OP_LAND || cond->op == CHAN_OP_LOR))
    {
      gboolean is_and = cond->op == CHAN_OP_LAND;
      if (when != is_and)
        {
          /* (a || b) true, or (a && b) false: either side decides */
          branch (fc, cond->a, when, label);
          branch (fc, cond->b, when, label);
        }
      else
        {
          int skip = new_label (fc);
          branch (fc, cond->a, !when, skip);
          branch (fc, cond->b, when, label);
          place_label (fc, skip);
        }
      return;
    }
  if (cond->kind == CHAN_NODE_IDENT)
    {
      var = refinable_slot (fc, cond);
      if (var >= 0)
        refinement = CHAN_REFINE_TRUTH;
    }
  else if (cond->kind == CHAN_NODE_BINARY && (cond->op == CHAN_OP_EQ || cond->op == CHAN_OP_NE))
    {
      ChanNode *l = unparen (cond->a), *r = unparen (cond->b);
      ChanNode *v = NULL, *other = NULL;
      if (refinable_slot (fc, l) >= 0)
        v = l, other = r;
      else if (refinable_slot (fc, r) >= 0)
        v = r, other = l;
      if (v)
        {
          ChanVal c;
          if (is_universe (other, "nil"))
            {
              var = refinable_slot (fc, v);
              refinement = cond->op == CHAN_OP_EQ ? CHAN_REFINE_IS_NIL : CHAN_REFINE_NOT_NIL;
            }
          else if (const_eval (fc->lw, other, &c, 0)
                   && (c.kind == CHAN_VAL_INT || c.kind == CHAN_VAL_STRING || c.kind == CHAN_VAL_BOOL))
            {
              var = refinable_slot (fc, v);
              lit = emit_const (fc, other->pos, c);
              refinement = cond->op == CHAN_OP_EQ ? CHAN_REFINE_EQ : CHAN_REFINE_NE;
            }
        }
    }
  t = expr (fc, cond);
  in = emit (fc, CHAN_I_BRANCH, cond->pos, lit, t, var, refinement);
  if (when)
    in->flags |= CHAN_INSTR_INVERT;
  in->text = text_of (fc->lw, "", cond, NULL);
  jump_to (fc, label);
}

/* ---- statements ------------------------------------------------------------------------- */

static void
push_target (FuncCtx *fc, int break_label, int continue_label)
{
  Target t = { fc->pending_label, break_label, continue_label };
  fc->pending_label = NULL;
  g_array_append_val (fc->targets, t);
}

static void
pop_target (FuncCtx *fc)
{
  g_array_set_size (fc->targets, fc->targets->len - 1);
}

static void
assign_define (FuncCtx *fc, ChanNode *lhs_list, ChanNode *rhs_list, gboolean define, ChanPos pos)
{
  int nl = (int) chan_node_n_kids (lhs_list);
  int nr = rhs_list ? (int) chan_node_n_kids (rhs_list) : 0;
  int *vals = g_new (int, nl);
  Lvalue *lvs = g_new0 (Lvalue, nl);
  int *new_slots = g_new (int, nl);

  /* new variables of := get their slots first (they outlive the temporaries) */
  for (int i = 0; i < nl; i++)
    {
      ChanNode *l = unparen (chan_node_kid (lhs_list, (guint) i));
      new_slots[i] = -1;
      if (define && l->kind == CHAN_NODE_IDENT && (l->ident_flags & CHAN_IDENT_DEFINES)
          && strcmp (l->name, "_") != 0)
        {
          ChanNode *r = nr == nl ? unparen (chan_node_kid (rhs_list, (guint) i)) : NULL;
          if (r && r->kind == CHAN_NODE_COMPOSITE_LIT && r->a)
            {
              ChanNode *rt = unparen (r->a);
              ChanTypeKind k = rt->kind == CHAN_NODE_TYPE_ARRAY ? CHAN_TYPE_ARRAY
                               : chan_model_type (fc->lw->model, lower_type (fc->lw, rt))->kind;
              if (k == CHAN_TYPE_STRUCT || k == CHAN_TYPE_ARRAY || k == CHAN_TYPE_LIB)
                g_hash_table_add (fc->lw->aggregate_vars, l);
            }
          new_slots[i] = declare_var (fc, l);
        }
    }
  if (nl > 1 && nr == 1)
    {
      int first = fc->watermark;
      for (int i = 0; i < nl; i++)
        new_temp (fc);
      expr_multi (fc, chan_node_kid (rhs_list, 0), first, nl);
      for (int i = 0; i < nl; i++)
        vals[i] = first + i;
    }
  else
    for (int i = 0; i < nl && i < nr; i++)
      vals[i] = value_for_store (fc, chan_node_kid (rhs_list, (guint) i));
  for (int i = 0; i < nl; i++)
    {
      ChanNode *l = chan_node_kid (lhs_list, (guint) i);
      if (new_slots[i] >= 0)
        {
          emit (fc, CHAN_I_MOVE, l->pos, new_slots[i], vals[i], -1, -1);
          wrap_for (fc, unparen (l), new_slots[i], l->pos);
          finish_var (fc, unparen (l), new_slots[i]);
        }
      else
        {
          lvs[i] = lvalue (fc, l);
          lvalue_store (fc, &lvs[i], vals[i]);
        }
    }
  (void) pos;
  g_free (vals);
  g_free (lvs);
  g_free (new_slots);
}

static void
var_decl (FuncCtx *fc, ChanNode *decl)
{
  for (guint i = 0; i < chan_node_n_kids (decl); i++)
    {
      ChanNode *spec = chan_node_kid (decl, i);
      int n = (int) chan_node_n_kids (spec->a);
      for (int k = 0; k < n && spec->b; k++)
        g_hash_table_insert (fc->lw->var_types, chan_node_kid (spec->a, (guint) k), spec->b);
      if (spec->c)
        {
          for (int k = 0; k < n && spec->b; k++)
            note_narrow (fc->lw, chan_node_kid (spec->a, (guint) k), spec->b);
          assign_define (fc, spec->a, spec->c, TRUE, spec->pos);
          continue;
        }
      for (int k = 0; k < n; k++)
        {
          ChanNode *id = chan_node_kid (spec->a, (guint) k);
          int s;
          if (strcmp (id->name, "_") == 0)
            continue;
          note_narrow (fc->lw, id, spec->b);
          {
            int type = lower_type (fc->lw, spec->b);
            ChanTypeKind tk = chan_model_type (fc->lw->model, type)->kind;
            if (tk == CHAN_TYPE_STRUCT || tk == CHAN_TYPE_ARRAY || tk == CHAN_TYPE_LIB)
              g_hash_table_add (fc->lw->aggregate_vars, id);
            s = declare_var (fc, id);
            emit (fc, CHAN_I_ZERO, id->pos, s, -1, -1, -1)->aux = type;
          }
          finish_var (fc, id, s);
        }
    }
}

/* Defines or assigns a loop/clause variable from slot V. */
static void
bind (FuncCtx *fc, ChanNode *target, gboolean define, int v)
{
  if (target == NULL)
    return;
  target = unparen (target);
  if (target->kind == CHAN_NODE_IDENT && strcmp (target->name, "_") == 0)
    return;
  if (define)
    {
      int s = declare_var (fc, target);
      emit (fc, CHAN_I_MOVE, target->pos, s, v, -1, -1);
      finish_var (fc, target, s);
    }
  else
    {
      Lvalue lv = lvalue (fc, target);
      lvalue_store (fc, &lv, v);
    }
}

/* The loop's back edge: a scheduling point (prune_yields removes it when
 * every iteration already has one). */
static void
back_edge (FuncCtx *fc, ChanPos pos)
{
  ChanInstr *in = emit (fc, CHAN_I_YIELD, pos, -1, -1, -1, -1);
  in->flags |= CHAN_INSTR_VISIBLE;
  in->text = chan_model_intern (fc->lw->model, "next iteration of the loop");
}

/* A loop's back edge needs its scheduling point only when some iteration
 * can go around without any: for each YIELD, search the paths from the loop
 * head back to it through invisible instructions; when there is none, every
 * iteration already stops at a visible instruction and the YIELD goes. */
static void
prune_yields (ChanFunc *fn)
{
  guint n = fn->code->len;
  guint8 *seen = g_new (guint8, n);
  int *stack = g_new (int, 2 * n + 2);   /* each instruction pushes at most 2 */

  for (guint pc = 0; pc < n; pc++)
    {
      ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
      int sp = 0;
      gboolean invisible_cycle = FALSE;
      if (in->op != CHAN_I_YIELD || !(in->flags & CHAN_INSTR_VISIBLE))
        continue;
      memset (seen, 0, n);
      stack[sp++] = (int) pc + 1;
      while (sp > 0 && !invisible_cycle)
        {
          int at = stack[--sp];
          const ChanInstr *k;
          if (at < 0 || at >= (int) n)
            continue;
          if (at == (int) pc)
            {
              invisible_cycle = TRUE;
              break;
            }
          if (seen[at])
            continue;
          seen[at] = 1;
          k = &g_array_index (fn->code, ChanInstr, at);
          if (k->flags & CHAN_INSTR_VISIBLE)
            continue;   /* a scheduling point on this path */
          switch (k->op)
            {
            case CHAN_I_JUMP:
              stack[sp++] = k->aux;
              break;
            case CHAN_I_BRANCH: case CHAN_I_RANGE_NEXT:
              stack[sp++] = at + 1;
              stack[sp++] = k->aux;
              break;
            case CHAN_I_RETURN: case CHAN_I_PANIC: case CHAN_I_GOEXIT:
              break;
            default:
              stack[sp++] = at + 1;
              break;
            }
        }
      if (!invisible_cycle)
        {
          in->op = CHAN_I_NOP;
          in->flags &= ~CHAN_INSTR_VISIBLE;
        }
    }
  g_free (seen);
  g_free (stack);
}

static Target *
find_target (FuncCtx *fc, const char *label, gboolean for_continue)
{
  for (int i = (int) fc->targets->len - 1; i >= 0; i--)
    {
      Target *t = &g_array_index (fc->targets, Target, i);
      if (label && (t->name == NULL || strcmp (t->name, label) != 0))
        continue;
      if (for_continue && t->continue_label < 0)
        {
          if (label)
            return NULL;
          continue;
        }
      return t;
    }
  return NULL;
}

/* Does TREE assign the variable DECL (=, op=, ++, --, := reuse, &x)? */
static gboolean
assigns_to (ChanNode *tree, ChanNode *decl)
{
  if (tree == NULL)
    return FALSE;
  if (tree->kind == CHAN_NODE_IDENT && tree->decl == decl && tree != decl
      && !(tree->ident_flags & CHAN_IDENT_DEFINES))
    {
      /* a use: only the assigning contexts below count */
    }
  switch (tree->kind)
    {
    case CHAN_NODE_ASSIGN: case CHAN_NODE_DEFINE:
      for (guint i = 0; tree->a && i < chan_node_n_kids (tree->a); i++)
        {
          ChanNode *l = unparen (chan_node_kid (tree->a, i));
          if (l->kind == CHAN_NODE_IDENT && l->decl == decl && l != decl)
            return TRUE;
        }
      break;
    case CHAN_NODE_INC_DEC:
      {
        ChanNode *l = unparen (tree->a);
        if (l->kind == CHAN_NODE_IDENT && l->decl == decl)
          return TRUE;
        break;
      }
    case CHAN_NODE_UNARY:
      if (tree->op == CHAN_OP_ADDR)
        {
          ChanNode *l = unparen (tree->a);
          if (l->kind == CHAN_NODE_IDENT && l->decl == decl)
            return TRUE;
        }
      break;
    case CHAN_NODE_RANGE:
      if (!(tree->flags & CHAN_FLAG_DEFINE))
        for (ChanNode *l = tree->a; l; l = l == tree->a ? tree->b : NULL)
          if (unparen (l)->kind == CHAN_NODE_IDENT && unparen (l)->decl == decl)
            return TRUE;
      break;
    default:
      break;
    }
  if (assigns_to (tree->a, decl) || assigns_to (tree->b, decl) || assigns_to (tree->c, decl)
      || assigns_to (tree->d, decl))
    return TRUE;
  for (guint i = 0; i < chan_node_n_kids (tree); i++)
    if (assigns_to (chan_node_kid (tree, i), decl))
      return TRUE;
  return FALSE;
}

static void
for_stmt (FuncCtx *fc, ChanNode *s)
{
  int saved = fc->watermark;
  int top_label = new_label (fc), end = new_label (fc), cont = new_label (fc);
  GPtrArray *loop_vars = g_ptr_array_new ();

  if (s->a && s->a->kind == CHAN_NODE_DEFINE)
    for (guint i = 0; i < chan_node_n_kids (s->a->a); i++)
      {
        ChanNode *id = unparen (chan_node_kid (s->a->a, i));
        if (id->kind == CHAN_NODE_IDENT && (id->ident_flags & CHAN_IDENT_DEFINES)
            && !(id->ident_flags & CHAN_IDENT_ADDRESSED) && !assigns_to (s->d, id))
          g_hash_table_add (fc->lw->loop_immutable, id);
      }
  if (s->a)
    {
      stmt (fc, s->a);
      /* Go 1.22: variables of the init statement are per iteration */
      if (s->a->kind == CHAN_NODE_DEFINE)
        for (guint i = 0; i < chan_node_n_kids (s->a->a); i++)
          {
            ChanNode *id = unparen (chan_node_kid (s->a->a, i));
            if (id->kind == CHAN_NODE_IDENT && g_hash_table_lookup (fc->boxed, id))
              g_ptr_array_add (loop_vars, id);
          }
    }
  /* a condition on an unknown (i < len(items)) is a choice each time; its
     iterations are bounded like a range over an unknown collection: a
     counter slot, live across the loop, counts them (SPEC 2.3) */
  {
    int counter = new_temp (fc);
    emit (fc, CHAN_I_CONST, s->pos, counter, -1, -1, -1)->aux = add_const (fc->lw, chan_val_nil ());
    place_label (fc, top_label);
    if (s->b)
      {
        GArray *exits = g_array_index (fc->labels, Label, end).patches;
        guint before = exits->len;
        branch (fc, s->b, FALSE, end);
        /* the branches that leave the loop */
        for (guint k = before; k < exits->len; k++)
          {
            ChanInstr *bi = &g_array_index (fc->fn->code, ChanInstr, g_array_index (exits, int, k));
            if (bi->op == CHAN_I_BRANCH)
              bi->aux2 = counter + 1;
          }
      }
  }
  push_target (fc, end, cont);
  block (fc, s->d);
  pop_target (fc);
  place_label (fc, cont);
  for (guint i = 0; i < loop_vars->len; i++)
    {
      /* a fresh copy of the variable for the next iteration */
      gboolean boxed;
      ChanNode *id = g_ptr_array_index (loop_vars, i);
      int slot_ = var_slot (fc, id, &boxed);
      int t = new_temp (fc);
      mark_visible (emit (fc, CHAN_I_LOAD_BOX, id->pos, t, slot_, -1, -1));
      emit (fc, CHAN_I_MOVE, id->pos, slot_, t, -1, -1);
      emit (fc, CHAN_I_BOX, id->pos, -1, slot_, -1, -1);
    }
  if (s->c)
    stmt (fc, s->c);
  back_edge (fc, s->pos);
  emit_jump (fc, s->pos, top_label);
  place_label (fc, end);
  g_ptr_array_free (loop_vars, TRUE);
  fc->watermark = saved;
}


/* Is E a variable or parameter declared with a channel type? */
static gboolean
declared_chan (Lower *lw, ChanNode *e)
{
  ChanNode *t = NULL;
  e = unparen (e);
  if (e->kind != CHAN_NODE_IDENT || e->decl == NULL)
    return FALSE;
  if (e->decl->kind == CHAN_NODE_PARAM)
    t = (e->decl->flags & CHAN_FLAG_VARIADIC) ? NULL : e->decl->a;   /* ...T is a slice */
  else
    t = g_hash_table_lookup (lw->var_types, e->decl);
  t = unparen (t);
  while (t && t->kind == CHAN_NODE_IDENT && t->decl && t->decl->kind == CHAN_NODE_TYPE_SPEC)
    t = unparen (t->decl->a);
  return t && t->kind == CHAN_NODE_TYPE_CHAN;
}

static void
range_stmt (FuncCtx *fc, ChanNode *s)
{
  Lower *lw = fc->lw;
  int saved = fc->watermark;
  int top_label = new_label (fc), end = new_label (fc);
  gboolean define = (s->flags & CHAN_FLAG_DEFINE) != 0;
  ChanNode *coll = unparen (s->c);
  ChanInstr *in;
  /* Go evaluates the ranged expression once; an array is copied (COPY copies
     aggregates only: slices, maps and channels keep referring) */
  int c = copy_of (fc, expr (fc, coll), coll->pos);

  /* Is the ranged expression a channel?  The run-time value decides (no
     static types here): a type test sends channels to a receive loop and
     everything else (slices, arrays, maps, ints, strings, unknowns) to
     RANGE_NEXT.  A variable declared as a channel always takes the receive
     loop, so that ranging over a nil channel blocks forever, as in Go. */
  gboolean static_chan = declared_chan (fc->lw, coll);
  {
    int v = new_temp (fc), ok = new_temp (fc), idx = new_temp (fc), key = new_temp (fc);
    int range_label = new_label (fc), body = new_label (fc);
    emit (fc, CHAN_I_CONST, s->pos, idx, -1, -1, -1)->aux = add_const (lw, chan_val_int (0));
    /* dispatch: channels receive, everything else iterates */
    if (static_chan)
      emit (fc, CHAN_I_CONST, s->pos, ok, -1, -1, -1)->aux = add_const (lw, chan_val_bool (1));
    else
      emit (fc, CHAN_I_TYPE_TEST, s->pos, ok, c, -1, -1)->aux = -2;  /* -2: is a channel */
    in = emit (fc, CHAN_I_BRANCH, s->pos, -1, ok, -1, CHAN_REFINE_NONE);
    jump_to (fc, range_label);
    place_label (fc, top_label);
    in = emit (fc, CHAN_I_RECV, s->pos, v, c, -1, ok);
    in->flags |= CHAN_INSTR_VISIBLE | CHAN_INSTR_BLOCKING | CHAN_INSTR_RANGE;
    in->text = text_of (lw, "for range ", coll, NULL);
    in = emit (fc, CHAN_I_BRANCH, s->pos, -1, ok, -1, CHAN_REFINE_NONE);
    jump_to (fc, end);
    emit (fc, CHAN_I_MOVE, s->pos, key, v, -1, -1);
    emit_jump (fc, s->pos, body);
    place_label (fc, range_label);
    in = emit (fc, CHAN_I_RANGE_NEXT, s->pos, key, c, idx, v);
    in->text = text_of (lw, "for range ", coll, NULL);
    jump_to (fc, end);
    place_label (fc, body);
    {
      int body_saved = fc->watermark;
      int cont = new_label (fc);
      bind (fc, s->a, define, key);
      bind (fc, s->b, define, v);
      push_target (fc, end, cont);
      block (fc, s->d);
      pop_target (fc);
      place_label (fc, cont);
      fc->watermark = body_saved;
      /* back to the receive or to the next iteration */
      if (static_chan)
        emit (fc, CHAN_I_CONST, s->pos, ok, -1, -1, -1)->aux = add_const (lw, chan_val_bool (1));
      else
        {
          in = emit (fc, CHAN_I_TYPE_TEST, s->pos, ok, c, -1, -1);
          in->aux = -2;
        }
      in = emit (fc, CHAN_I_BRANCH, s->pos, -1, ok, -1, CHAN_REFINE_NONE);
      in->flags |= CHAN_INSTR_INVERT;
      jump_to (fc, top_label);
      back_edge (fc, s->pos);
      emit_jump (fc, s->pos, range_label);
    }
  }
  place_label (fc, end);
  fc->watermark = saved;
}

/* Lowers the clause bodies of switch S (expression or type switch): clause
 * i at label BODIES[i], a 'fallthrough' jumping to the next body, every
 * other end to END (placed here).  BOUND: the slot of a type switch's value,
 * bound to the clause's own variable (check.c declares one per clause), or -1. */
static void
clause_bodies (FuncCtx *fc, ChanNode *s, const int *bodies, int end, int bound)
{
  guint n = chan_node_n_kids (s);
  push_target (fc, end, -1);
  for (guint i = 0; i < n; i++)
    {
      ChanNode *cl = chan_node_kid (s, i);
      int body_saved = fc->watermark;
      gboolean falls = FALSE;
      place_label (fc, bodies[i]);
      if (bound >= 0 && (cl->ident_flags & CHAN_IDENT_DEFINES))
        {
          int v = declare_var (fc, cl);
          emit (fc, CHAN_I_MOVE, cl->pos, v, bound, -1, -1);
          finish_var (fc, cl, v);
        }
      for (guint k = 0; k < chan_node_n_kids (cl); k++)
        {
          ChanNode *st = chan_node_kid (cl, k);
          if (st->kind == CHAN_NODE_FALLTHROUGH)
            {
              falls = TRUE;
              break;
            }
          stmt (fc, st);
        }
      fc->watermark = body_saved;
      emit_jump (fc, cl->pos, falls && i + 1 < n ? bodies[i + 1] : end);
    }
  pop_target (fc);
  place_label (fc, end);
}

static void
switch_stmt (FuncCtx *fc, ChanNode *s)
{
  Lower *lw = fc->lw;
  int saved = fc->watermark;
  int end = new_label (fc);
  guint n = chan_node_n_kids (s);
  int *bodies = g_new (int, n + 1);
  int tag = -1, tag_var = -1, default_clause = -1;

  if (s->a)
    stmt (fc, s->a);
  if (s->b)
    {
      tag = expr (fc, s->b);
      tag_var = refinable_slot (fc, s->b);
    }
  for (guint i = 0; i <= n; i++)
    bodies[i] = new_label (fc);
  for (guint i = 0; i < n; i++)
    {
      ChanNode *cl = chan_node_kid (s, i);
      if (cl->a == NULL)
        {
          default_clause = (int) i;
          continue;
        }
      for (guint k = 0; k < chan_node_n_kids (cl->a); k++)
        {
          ChanNode *e = chan_node_kid (cl->a, k);
          if (tag < 0)
            branch (fc, e, TRUE, bodies[i]);
          else
            {
              int v = expr (fc, e), t = new_temp (fc);
              ChanVal c;
              ChanInstr *in;
              int lit = -1, refinement = CHAN_REFINE_NONE;
              emit (fc, CHAN_I_BINARY, e->pos, t, tag, v, -1)->aux = CHAN_OP_EQ;
              if (tag_var >= 0 && const_eval (lw, e, &c, 0))
                {
                  lit = v;
                  refinement = CHAN_REFINE_EQ;
                }
              in = emit (fc, CHAN_I_BRANCH, e->pos, lit, t, refinement == CHAN_REFINE_EQ ? tag_var : -1,
                         refinement);
              in->flags |= CHAN_INSTR_INVERT;
              jump_to (fc, bodies[i]);
            }
        }
    }
  if (default_clause >= 0)
    emit_jump (fc, s->pos, bodies[default_clause]);
  else
    emit_jump (fc, s->pos, end);
  clause_bodies (fc, s, bodies, end, -1);
  g_free (bodies);
  fc->watermark = saved;
}

static void
type_switch_stmt (FuncCtx *fc, ChanNode *s)
{
  Lower *lw = fc->lw;
  int saved = fc->watermark;
  int end = new_label (fc);
  guint n = chan_node_n_kids (s);
  int *bodies = g_new (int, n);
  int x, default_clause = -1;

  if (s->a)
    stmt (fc, s->a);
  x = expr (fc, s->b);
  for (guint i = 0; i < n; i++)
    bodies[i] = new_label (fc);
  for (guint i = 0; i < n; i++)
    {
      ChanNode *cl = chan_node_kid (s, i);
      if (cl->a == NULL)
        {
          default_clause = (int) i;
          continue;
        }
      for (guint k = 0; k < chan_node_n_kids (cl->a); k++)
        {
          ChanNode *tn = chan_node_kid (cl->a, k);
          int t = new_temp (fc);
          ChanInstr *in;
          if (tn->name && strcmp (tn->name, "nil") == 0 && !tn->str)
            {
              int nil = emit_const (fc, tn->pos, chan_val_nil ());
              emit (fc, CHAN_I_BINARY, tn->pos, t, x, nil, -1)->aux = CHAN_OP_EQ;
            }
          else
            {
              in = emit (fc, CHAN_I_TYPE_TEST, tn->pos, t, x, -1, -1);
              type_test_of (lw, tn, &in->aux, &in->aux2);
            }
          in = emit (fc, CHAN_I_BRANCH, tn->pos, -1, t, -1, CHAN_REFINE_NONE);
          in->flags |= CHAN_INSTR_INVERT;
          jump_to (fc, bodies[i]);
        }
    }
  emit_jump (fc, s->pos, default_clause >= 0 ? bodies[default_clause] : end);
  clause_bodies (fc, s, bodies, end, s->name ? x : -1);
  g_free (bodies);
  fc->watermark = saved;
}

static void
select_stmt (FuncCtx *fc, ChanNode *s)
{
  Lower *lw = fc->lw;
  int saved = fc->watermark;
  int end = new_label (fc);
  guint n = chan_node_n_kids (s);
  ChanSelect sel = { 0 };
  int *bodies = g_new (int, n);
  int *value_tmp = g_new (int, n), *ok_tmp = g_new (int, n);
  ChanInstr *in;
  int sel_index, n_cases = 0;

  sel.default_target = -1;
  sel.cases = g_new0 (ChanSelectCase, n);
  for (guint i = 0; i < n; i++)
    {
      ChanNode *cl = chan_node_kid (s, i);
      ChanNode *comm = cl->a;
      bodies[i] = new_label (fc);
      value_tmp[i] = ok_tmp[i] = -1;
      if (comm == NULL)
        continue;
      {
        ChanSelectCase *sc = &sel.cases[n_cases++];
        ChanNode *recv = NULL;
        sc->pos = comm->pos;
        if (comm->kind == CHAN_NODE_SEND)
          {
            sc->is_send = TRUE;
            sc->chan = expr (fc, comm->a);
            sc->value = value_for_store (fc, comm->b);
            sc->ok = -1;
            sc->text = text_of (lw, "case ", comm->a, NULL);
            continue;
          }
        if (comm->kind == CHAN_NODE_EXPR_STMT)
          recv = unparen (comm->a);
        else if (comm->kind == CHAN_NODE_ASSIGN || comm->kind == CHAN_NODE_DEFINE)
          recv = unparen (chan_node_kid (comm->b, 0));
        if (recv == NULL || recv->kind != CHAN_NODE_UNARY || recv->op != CHAN_OP_RECV)
          {
            error_at (lw, comm->pos, "select case must be receive, send or assign recv");
            continue;
          }
        sc->is_send = FALSE;
        sc->chan = expr (fc, recv->a);
        sc->pos = recv->pos;
        sc->text = text_of (lw, "case ", recv, NULL);
        value_tmp[i] = new_temp (fc);
        ok_tmp[i] = new_temp (fc);
        sc->value = value_tmp[i];
        sc->ok = ok_tmp[i];
      }
    }
  sel.n_cases = n_cases;
  g_array_append_val (lw->model->selects, sel);
  sel_index = (int) lw->model->selects->len - 1;
  in = emit (fc, CHAN_I_SELECT, s->pos, -1, -1, -1, -1);
  in->aux = sel_index;
  in->flags |= CHAN_INSTR_VISIBLE | CHAN_INSTR_BLOCKING;
  in->text = chan_model_intern (lw->model, "select");
  push_target (fc, end, -1);
  {
    int k = 0;
    for (guint i = 0; i < n; i++)
      {
        ChanNode *cl = chan_node_kid (s, i);
        ChanNode *comm = cl->a;
        int body_saved = fc->watermark;
        ChanSelect *sp = &g_array_index (lw->model->selects, ChanSelect, sel_index);
        place_label (fc, bodies[i]);
        if (comm == NULL)
          sp->default_target = g_array_index (fc->labels, Label, bodies[i]).pc;
        else
          {
            sp->cases[k++].target = g_array_index (fc->labels, Label, bodies[i]).pc;
            if (comm->kind == CHAN_NODE_DEFINE || comm->kind == CHAN_NODE_ASSIGN)
              {
                gboolean define = comm->kind == CHAN_NODE_DEFINE;
                guint nl = chan_node_n_kids (comm->a);
                bind (fc, chan_node_kid (comm->a, 0), define, value_tmp[i]);
                if (nl > 1)
                  bind (fc, chan_node_kid (comm->a, 1), define, ok_tmp[i]);
              }
          }
        for (guint j = 0; j < chan_node_n_kids (cl); j++)
          stmt (fc, chan_node_kid (cl, j));
        fc->watermark = body_saved;
        emit_jump (fc, cl->pos, end);
      }
  }
  pop_target (fc);
  place_label (fc, end);
  g_free (bodies);
  g_free (value_tmp);
  g_free (ok_tmp);
  fc->watermark = saved;
}

/* A wrapper function for 'go' and 'defer' of calls that are not plain
 * function values: its parameters are the evaluated operands. */
static int
wrapper (Lower *lw, ChanNode *callexpr, int op, int n_operands, int aux, int aux2,
         int n_results, const char *name)
{
  ChanFunc *fn = g_new0 (ChanFunc, 1);
  FuncCtx fc = { 0 };
  ChanInstr *in;
  int index;

  fn->name = g_strdup (name);
  fn->pos = callexpr->pos;
  fn->name_pos = callexpr->pos;
  fn->n_params = n_operands;
  fn->receiver_type = -1;
  fn->code = g_array_new (FALSE, TRUE, sizeof (ChanInstr));
  g_ptr_array_add (lw->model->funcs, fn);
  index = (int) lw->model->funcs->len - 1;
  fc.lw = lw;
  fc.fn = fn;
  fc.watermark = n_operands + 2;
  note_slots (&fc);
  switch (op)
    {
    case CHAN_I_CALL_METHOD:
      /* results discarded (dst -1): the method may have any number */
      in = emit (&fc, op, callexpr->pos, -1, 0, 1, n_operands - 1);
      in->aux = 0;
      in->aux2 = aux2;
      mark_visible (in);
      break;
    case CHAN_I_CALL_LIB:
      in = emit (&fc, op, callexpr->pos, n_operands, -1, 0, n_operands);
      in->aux = n_results;
      in->aux2 = aux2;
      mark_visible (in);
      break;
    case CHAN_I_CLOSE:
      in = emit (&fc, op, callexpr->pos, -1, 0, -1, -1);
      mark_visible (in);
      break;
    case CHAN_I_PANIC:
      in = emit (&fc, op, callexpr->pos, -1, 0, -1, -1);
      break;
    case CHAN_I_RECOVER:
      in = emit (&fc, op, callexpr->pos, -1, -1, -1, -1);
      break;
    default:
      in = emit (&fc, CHAN_I_NOP, callexpr->pos, -1, -1, -1, -1);
      break;
    }
  in->aux = op == CHAN_I_CALL_METHOD || op == CHAN_I_CALL_LIB ? in->aux : aux;
  in->text = text_of (lw, "", callexpr, NULL);
  fn->epilogue = pc_now (&fc);
  emit (&fc, CHAN_I_RETURN, callexpr->pos, -1, -1, -1, -1);
  return index;
}

/* Lowers 'go CALL' (OP GO) or 'defer CALL' (OP DEFER). */
static void
go_defer (FuncCtx *fc, ChanNode *s, int op)
{
  Lower *lw = fc->lw;
  ChanNode *e = unparen (s->a);
  ChanNode *callee = unparen (e->a);
  ChanNode *args = e->b;
  int nargs = args ? (int) chan_node_n_kids (args) : 0;
  int fnslot = -1, first = -1, count = 0, w = -1;
  gboolean receiver_first = FALSE;
  ChanInstr *in;
  char *name = NULL;

  if (callee->kind == CHAN_NODE_IDENT && (callee->ident_flags & CHAN_IDENT_UNIVERSE)
      && !is_type_expr (lw, callee))
    {
      const char *b = callee->name;
      int wop = strcmp (b, "close") == 0 ? CHAN_I_CLOSE : strcmp (b, "panic") == 0 ? CHAN_I_PANIC
              : strcmp (b, "recover") == 0 ? CHAN_I_RECOVER : CHAN_I_NOP;
      first = args_to_slots (fc, args, 0, &count);
      name = g_strdup (b);
      w = wrapper (lw, e, wop, count, 0, 0, 0, name);
    }
  else if (callee->kind == CHAN_NODE_SELECTOR && callee->a->kind == CHAN_NODE_IDENT
           && (callee->a->ident_flags & CHAN_IDENT_PACKAGE))
    {
      int lib = lib_function (callee->a->name, callee->name);
      first = args_to_slots (fc, args, 0, &count);
      name = g_strdup_printf ("%s.%s", callee->a->name, callee->name);
      if (lib < 0)
        note_opaque (lw, name, e->pos);
      w = wrapper (lw, e, lib >= 0 ? CHAN_I_CALL_LIB : CHAN_I_NOP, count, 0, lib,
                   lib >= 0 ? lib_results (lib) : 0, name);
    }
  else if (callee->kind == CHAN_NODE_IDENT && (callee->ident_flags & CHAN_IDENT_UNDEFINED))
    {
      note_opaque (lw, callee->name, e->pos);
      first = args_to_slots (fc, args, 0, &count);
      name = g_strdup (callee->name);
      w = wrapper (lw, e, CHAN_I_NOP, count, 0, 0, 0, name);
    }
  else if (callee->kind == CHAN_NODE_SELECTOR)
    {
      int recv = expr (fc, callee->a);
      int rest, n_rest;
      rest = args_to_slots (fc, args, 0, &n_rest);
      first = fc->watermark;
      emit (fc, CHAN_I_MOVE, e->pos, new_temp (fc), recv, -1, -1);
      for (int i = 0; i < n_rest; i++)
        emit (fc, CHAN_I_MOVE, e->pos, new_temp (fc), rest + i, -1, -1);
      count = n_rest + 1;
      {
        GString *t = g_string_new (NULL);
        chan_lower_expr_text (callee, t);
        name = g_string_free (t, FALSE);
      }
      w = wrapper (lw, e, CHAN_I_CALL_METHOD, count, 0,
                   chan_model_intern (lw->model, callee->name), 2, name);
      receiver_first = TRUE;
    }
  else
    {
      if (nargs == 1 && unparen (chan_node_kid (args, 0))->kind == CHAN_NODE_CALL
          && func_results_of (lw, chan_node_kid (args, 0)->a) > 1)
        {
          int k = func_results_of (lw, chan_node_kid (args, 0)->a);
          first = fc->watermark;
          for (int i = 0; i < k; i++)
            new_temp (fc);
          call (fc, unparen (chan_node_kid (args, 0)), first, k);
          count = k;
        }
      else
        first = args_to_slots (fc, args, 0, &count);
      fnslot = expr (fc, callee);
    }
  if (w >= 0)
    {
      ChanVal fv = { CHAN_VAL_FUNC, 0, 0, (uint32_t) w, 0 };
      fnslot = emit_const (fc, e->pos, fv);
    }
  in = emit (fc, op, s->pos, -1, fnslot, first, count);
  if (e->flags & CHAN_FLAG_ELLIPSIS)
    in->flags |= CHAN_INSTR_ELLIPSIS;
  if (receiver_first)
    {
      /* the method's name: exec.c copies a value receiver here (Go binds
         the receiver at the statement) */
      in->flags |= CHAN_INSTR_RECEIVER;
      in->aux2 = chan_model_intern (lw->model, callee->name);
    }
  in->text = text_of (lw, op == CHAN_I_GO ? "go " : "defer ", e, NULL);
  if (op == CHAN_I_GO)
    mark_visible (in);
  g_free (name);
}

static void
return_stmt (FuncCtx *fc, ChanNode *s)
{
  ChanFunc *fn = fc->fn;
  int n = s->a ? (int) chan_node_n_kids (s->a) : 0;
  if (n > 0)
    {
      int *vals = g_new (int, MAX (n, fn->n_results));
      if (n == 1 && fn->n_results > 1)
        {
          int first = fc->watermark;
          for (int i = 0; i < fn->n_results; i++)
            vals[i] = new_temp (fc);
          expr_multi (fc, chan_node_kid (s->a, 0), first, fn->n_results);
          n = fn->n_results;
        }
      else
        for (int i = 0; i < n; i++)
          vals[i] = value_for_store (fc, chan_node_kid (s->a, (guint) i));
      for (int i = 0; i < n && i < fn->n_results; i++)
        {
          /* a result a deferred closure shares lives in a box */
          if (i < 32 && (fn->boxed_results >> i) & 1)
            emit (fc, CHAN_I_STORE_BOX, s->pos, -1, fn->n_params + i, vals[i], -1)->flags
              |= CHAN_INSTR_VISIBLE;
          else
            emit (fc, CHAN_I_MOVE, s->pos, fn->n_params + i, vals[i], -1, -1);
        }
      g_free (vals);
    }
  emit (fc, CHAN_I_JUMP, s->pos, -1, -1, -1, -1)->aux = -2;  /* patched to the epilogue */
}

static void
block (FuncCtx *fc, ChanNode *b)
{
  int saved = fc->watermark;
  if (b == NULL)
    return;
  for (guint i = 0; i < chan_node_n_kids (b); i++)
    stmt (fc, chan_node_kid (b, i));
  fc->watermark = saved;
}

static void
stmt (FuncCtx *fc, ChanNode *s)
{
  Lower *lw = fc->lw;
  int saved = fc->watermark;
  ChanInstr *in;

  switch (s->kind)
    {
    case CHAN_NODE_BLOCK:
      block (fc, s);
      return;
    case CHAN_NODE_EMPTY:
      return;
    case CHAN_NODE_EXPR_STMT:
      {
        ChanNode *e = unparen (s->a);
        if (e->kind == CHAN_NODE_CALL)
          call (fc, e, -1, 0);
        else
          expr (fc, e);
      }
      break;
    case CHAN_NODE_SEND:
      {
        int ch = expr (fc, s->a);
        int v = value_for_store (fc, s->b);
        in = emit (fc, CHAN_I_SEND, s->pos, -1, ch, v, -1);
        in->flags |= CHAN_INSTR_VISIBLE | CHAN_INSTR_BLOCKING;
        in->text = text_of (lw, "", s->a, NULL);
        {
          GString *t = g_string_new (NULL);
          chan_lower_expr_text (s->a, t);
          g_string_append (t, " <- ");
          chan_lower_expr_text (s->b, t);
          in->text = chan_model_intern (lw->model, t->str);
          g_string_free (t, TRUE);
        }
      }
      break;
    case CHAN_NODE_INC_DEC:
      {
        Lvalue lv = lvalue (fc, s->a);
        int cur = lvalue_load (fc, &lv);
        int one = emit_const (fc, s->pos, chan_val_int (1));
        int t = new_temp (fc);
        emit (fc, CHAN_I_BINARY, s->pos, t, cur, one, -1)->aux
          = s->op == CHAN_OP_INC ? CHAN_OP_ADD : CHAN_OP_SUB;
        lvalue_store (fc, &lv, t);
      }
      break;
    case CHAN_NODE_ASSIGN:
      if (s->op != CHAN_OP_ASSIGN && s->op != CHAN_OP_NONE)
        {
          Lvalue lv = lvalue (fc, chan_node_kid (s->a, 0));
          int cur = lvalue_load (fc, &lv);
          int v = expr (fc, chan_node_kid (s->b, 0));
          int t = new_temp (fc);
          emit (fc, CHAN_I_BINARY, s->pos, t, cur, v, -1)->aux = s->op;
          lvalue_store (fc, &lv, t);
        }
      else
        assign_define (fc, s->a, s->b, FALSE, s->pos);
      break;
    case CHAN_NODE_DEFINE:
      assign_define (fc, s->a, s->b, TRUE, s->pos);
      /* the new variables stay: keep the watermark past them */
      return;
    case CHAN_NODE_DECL_STMT:
      if (s->a->kind == CHAN_NODE_VAR_DECL)
        {
          var_decl (fc, s->a);
          return;
        }
      if (s->a->kind == CHAN_NODE_CONST_DECL)
        declare_consts (lw, s->a);
      break;
    case CHAN_NODE_IF:
      {
        int else_label = new_label (fc), end = new_label (fc);
        if (s->a)
          stmt (fc, s->a);
        branch (fc, s->b, FALSE, else_label);
        block (fc, s->c);
        if (s->d)
          emit_jump (fc, s->pos, end);
        place_label (fc, else_label);
        if (s->d)
          stmt (fc, s->d);
        place_label (fc, end);
      }
      break;
    case CHAN_NODE_FOR:
      for_stmt (fc, s);
      break;
    case CHAN_NODE_RANGE:
      range_stmt (fc, s);
      break;
    case CHAN_NODE_SWITCH:
      switch_stmt (fc, s);
      break;
    case CHAN_NODE_TYPE_SWITCH:
      type_switch_stmt (fc, s);
      break;
    case CHAN_NODE_SELECT:
      select_stmt (fc, s);
      break;
    case CHAN_NODE_GO:
      go_defer (fc, s, CHAN_I_GO);
      break;
    case CHAN_NODE_DEFER:
      go_defer (fc, s, CHAN_I_DEFER);
      break;
    case CHAN_NODE_RETURN:
      return_stmt (fc, s);
      break;
    case CHAN_NODE_BREAK: case CHAN_NODE_CONTINUE:
      {
        gboolean cont = s->kind == CHAN_NODE_CONTINUE;
        Target *t = find_target (fc, s->name, cont);
        if (t == NULL)
          error_at (lw, s->pos, "%s is not in a loop%s", cont ? "continue" : "break",
                    cont ? "" : ", switch or select");
        else
          emit_jump (fc, s->pos, cont ? t->continue_label : t->break_label);
      }
      break;
    case CHAN_NODE_LABELED:
      fc->pending_label = s->name;
      stmt (fc, s->a);
      fc->pending_label = NULL;
      return;
    case CHAN_NODE_FALLTHROUGH:
      break;
    case CHAN_NODE_GOTO:
      error_at (lw, s->pos, "goto is not supported by chancheck: rewrite the jump as a loop with break/continue");
      break;
    default:
      error_at (lw, s->pos, "this statement is not supported by chancheck");
      break;
    }
  fc->watermark = saved;
}

/* ---- functions --------------------------------------------------------------------------- */

/* The node uses of a parameter point to (check.c): the PARAM itself, or an
 * IDENT kept in PARAM.b. */
static ChanNode *
param_key (ChanNode *p)
{
  return p->b && p->b->kind == CHAN_NODE_IDENT ? p->b : p;
}

static int
count_params (ChanNode *list, gboolean *variadic)
{
  int n = 0;
  for (guint i = 0; list && i < chan_node_n_kids (list); i++)
    {
      ChanNode *p = chan_node_kid (list, i);
      if (p->flags & CHAN_FLAG_VARIADIC && variadic)
        *variadic = TRUE;
      n++;
    }
  return n;
}

/* Lowers one function (a FUNC_DECL's body or a FUNC_LIT) into a new
 * ChanFunc; returns its index.  For literals, OUTER is the enclosing
 * function context (for captures). */
static int
lower_function (Lower *lw, FuncCtx *outer, ChanNode *node, const char *name,
                ChanNode *receiver, ChanNode *ftype, ChanNode *body, ChanPos pos, ChanPos name_pos)
{
  ChanFunc *fn;
  FuncCtx fc = { 0 };
  int index;
  ChanNode *params = ftype ? ftype->a : NULL, *results = ftype ? ftype->b : NULL;
  int slot_ = 0;

  if (node && node->kind == CHAN_NODE_FUNC_DECL && (index = func_index (lw, node)) >= 0)
    fn = chan_model_func (lw->model, index);
  else
    {
      fn = g_new0 (ChanFunc, 1);
      g_ptr_array_add (lw->model->funcs, fn);
      index = (int) lw->model->funcs->len - 1;
    }
  fn->name = g_strdup (name);
  fn->pos = pos;
  fn->name_pos = name_pos;
  fn->receiver_type = -1;
  fn->code = g_array_new (FALSE, TRUE, sizeof (ChanInstr));
  fn->n_params = (receiver ? 1 : 0) + count_params (params, &fn->variadic);
  fn->n_results = count_params (results, NULL);

  fc.lw = lw;
  fc.outer = outer;
  fc.fn = fn;
  fc.index = index;
  fc.slots = g_hash_table_new (NULL, NULL);
  fc.boxed = g_hash_table_new (NULL, NULL);
  fc.captures = g_ptr_array_new ();
  fc.labels = g_array_new (FALSE, FALSE, sizeof (Label));
  fc.targets = g_array_new (FALSE, FALSE, sizeof (Target));

  /* captured variables of a literal: a pre-scan, in first-use order */
  if (outer)
    {
      GHashTable *inside = g_hash_table_new (NULL, NULL);
      GPtrArray *uses = g_ptr_array_new ();
      collect_captures (node, inside, uses);
      for (guint i = 0; i < uses->len; i++)
        {
          ChanNode *d = g_ptr_array_index (uses, i);
          gboolean boxed;
          if (g_hash_table_contains (inside, d) || g_hash_table_lookup (lw->consts, d))
            continue;
          if (g_ptr_array_find (fc.captures, d, NULL))
            continue;
          if (var_slot (outer, d, &boxed) < 0)
            continue;
          g_ptr_array_add (fc.captures, d);
        }
      g_hash_table_destroy (inside);
      g_ptr_array_free (uses, TRUE);
    }
  fn->n_captured = (int) fc.captures->len;
  fc.watermark = fn->n_params + fn->n_results + fn->n_captured;
  note_slots (&fc);

  /* parameters and results: slots, boxes for shared ones, zero results */
  if (receiver)
    slot_++;   /* the receiver is parameter 0 */
  {
    GPtrArray *decls = g_ptr_array_new ();
    /* the declaring IDENTs of parameters are found through the resolver's
       annotations: PARAM nodes carry the name; the resolver links uses to
       the PARAM's name IDENT kept in PARAM->b (see check.c) */
    if (receiver && receiver->name)
      {
        g_hash_table_insert (fc.slots, param_key (receiver), GINT_TO_POINTER (1));
        g_ptr_array_add (decls, param_key (receiver));
      }
    for (guint i = 0; params && i < chan_node_n_kids (params); i++)
      {
        ChanNode *p = chan_node_kid (params, i);
        if (p->name)
          {
            g_hash_table_insert (fc.slots, param_key (p), GINT_TO_POINTER (slot_ + 1));
            g_ptr_array_add (decls, param_key (p));
          }
        slot_++;
      }
    for (guint i = 0; results && i < chan_node_n_kids (results); i++)
      {
        ChanNode *p = chan_node_kid (results, i);
        ChanInstr *in = emit (&fc, CHAN_I_ZERO, p->pos, slot_, -1, -1, -1);
        in->aux = lower_type (lw, p->a);
        if (p->name)
          {
            g_hash_table_insert (fc.slots, param_key (p), GINT_TO_POINTER (slot_ + 1));
            g_ptr_array_add (decls, param_key (p));
          }
        slot_++;
      }
    for (guint i = 0; i < decls->len; i++)
      {
        ChanNode *d = g_ptr_array_index (decls, i);
        if (needs_box (lw, d))
          {
            int s = GPOINTER_TO_INT (g_hash_table_lookup (fc.slots, d)) - 1;
            g_hash_table_insert (fc.boxed, d, d);
            emit (&fc, CHAN_I_BOX, d->pos, -1, s, -1, -1);
            if (s >= fn->n_params && s < fn->n_params + fn->n_results && s - fn->n_params < 32)
              fn->boxed_results |= (guint32) 1 << (s - fn->n_params);
          }
      }
    g_ptr_array_free (decls, TRUE);
  }

  block (&fc, body);
  fn->epilogue = pc_now (&fc);
  fc.watermark = fn->n_params + fn->n_results + fn->n_captured;
  emit (&fc, CHAN_I_RETURN, body ? body->end_pos : pos, -1, -1, -1, -1);

  /* patch jumps */
  for (guint i = 0; i < fc.labels->len; i++)
    {
      Label *l = &g_array_index (fc.labels, Label, i);
      for (guint k = 0; k < l->patches->len; k++)
        {
          ChanInstr *in = &g_array_index (fn->code, ChanInstr, g_array_index (l->patches, int, k));
          if (in->op == CHAN_I_SELECT)
            continue;
          in->aux = l->pc;
        }
      g_array_free (l->patches, TRUE);
    }
  for (guint pc = 0; pc < fn->code->len; pc++)
    {
      ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
      if (in->op == CHAN_I_JUMP && in->aux == -2)
        in->aux = fn->epilogue;
    }
  prune_yields (fn);
  g_array_free (fc.labels, TRUE);
  g_array_free (fc.targets, TRUE);
  g_hash_table_destroy (fc.slots);
  g_hash_table_destroy (fc.boxed);
  g_ptr_array_free (fc.captures, TRUE);
  return index;
}

/* ---- the file ------------------------------------------------------------------------------ */

/* Pre-pass: which field names are stored to after creation, whether slices
 * are written, whether pointers are stored through, whether named types
 * share the kind of bool or string values (type tests, type_test_of). */
static void
scan_stores (Lower *lw, ChanNode *n)
{
  if (n == NULL)
    return;
  if (n->kind == CHAN_NODE_TYPE_SPEC)
    {
      ChanNode *u = underlying_node (n->a);
      lw->named_bool |= is_predeclared (u, "bool");
      lw->named_string |= is_predeclared (u, "string");
    }
  if (n->kind == CHAN_NODE_ASSIGN || n->kind == CHAN_NODE_INC_DEC || n->kind == CHAN_NODE_DEFINE
      || (n->kind == CHAN_NODE_UNARY && n->op == CHAN_OP_ADDR) || n->kind == CHAN_NODE_RANGE)
    {
      ChanNode *targets = n->kind == CHAN_NODE_UNARY || n->kind == CHAN_NODE_INC_DEC ? NULL : n->a;
      GPtrArray *list = g_ptr_array_new ();
      if (n->kind == CHAN_NODE_UNARY || n->kind == CHAN_NODE_INC_DEC)
        g_ptr_array_add (list, n->a);
      else if (n->kind == CHAN_NODE_RANGE)
        {
          if (n->a) g_ptr_array_add (list, n->a);
          if (n->b) g_ptr_array_add (list, n->b);
        }
      else
        for (guint i = 0; targets && i < chan_node_n_kids (targets); i++)
          g_ptr_array_add (list, chan_node_kid (targets, i));
      for (guint i = 0; i < list->len; i++)
        {
          ChanNode *t = unparen (g_ptr_array_index (list, i));
          if (t == NULL)
            continue;
          if (t->kind == CHAN_NODE_IDENT && t->decl && !(t->ident_flags & CHAN_IDENT_DEFINES)
              && !(n->kind == CHAN_NODE_UNARY) && !(n->kind == CHAN_NODE_RANGE && (n->flags & CHAN_FLAG_DEFINE)))
            g_hash_table_add (lw->whole_assigned, t->decl);
          if (t->kind == CHAN_NODE_SELECTOR && t->name)
            g_hash_table_add (lw->mutable_fields, t->name);
          else if (t->kind == CHAN_NODE_INDEX)
            lw->has_index_stores = TRUE;
          else if (t->kind == CHAN_NODE_UNARY && t->op == CHAN_OP_DEREF)
            lw->has_ptr_stores = TRUE;
        }
      g_ptr_array_free (list, TRUE);
    }
  if (n->kind == CHAN_NODE_CALL && n->a && n->a->kind == CHAN_NODE_IDENT
      && (n->a->ident_flags & CHAN_IDENT_UNIVERSE) && n->a->name
      && (strcmp (n->a->name, "append") == 0 || strcmp (n->a->name, "copy") == 0
          || strcmp (n->a->name, "delete") == 0))
    lw->has_index_stores = TRUE;
  scan_stores (lw, n->a);
  scan_stores (lw, n->b);
  scan_stores (lw, n->c);
  scan_stores (lw, n->d);
  for (guint i = 0; i < chan_node_n_kids (n); i++)
    scan_stores (lw, chan_node_kid (n, i));
}

static gboolean
is_test_name (const char *name)
{
  return g_str_has_prefix (name, "Test") && strcmp (name, "TestMain") != 0
         && (name[4] == '\0' || !g_ascii_islower (name[4]));
}

void
chan_lower_default_entries (ChanNode *file, GPtrArray *names)
{
  for (guint i = 0; i < chan_node_n_kids (file); i++)
    {
      ChanNode *d = chan_node_kid (file, i);
      if (d->kind == CHAN_NODE_FUNC_DECL && d->a == NULL && strcmp (d->name, "main") == 0)
        {
          g_ptr_array_add (names, g_strdup ("main"));
          return;
        }
    }
  for (guint i = 0; i < chan_node_n_kids (file); i++)
    {
      ChanNode *d = chan_node_kid (file, i);
      if (d->kind == CHAN_NODE_FUNC_DECL && d->a == NULL && is_test_name (d->name))
        g_ptr_array_add (names, g_strdup (d->name));
    }
}

static char *
method_name (ChanNode *d)
{
  ChanNode *rt = d->a ? d->a->a : NULL;
  gboolean ptr = FALSE;
  while (rt && (rt->kind == CHAN_NODE_TYPE_POINTER || rt->kind == CHAN_NODE_PAREN))
    {
      if (rt->kind == CHAN_NODE_TYPE_POINTER)
        ptr = TRUE;
      rt = rt->a;
    }
  return g_strdup_printf (ptr ? "(*%s).%s" : "%s.%s", rt && rt->name ? rt->name : "?", d->name);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
const_free (gpointer p)
{
  g_free (p);
}

ChanModel *
chan_lower_file (ChanNode *file, const char *filename, const char *entry, GError **error)
{
  Lower lw = { 0 };
  ChanModel *model = chan_model_new (filename);
  GPtrArray *func_decls = g_ptr_array_new ();
  GPtrArray *global_specs = g_ptr_array_new ();
  int n_globals = 0;

  lw.model = model;
  lw.filename = filename;
  lw.file = file;
  lw.errors = g_string_new (NULL);
  lw.funcs = g_hash_table_new (NULL, NULL);
  lw.globals = g_hash_table_new (NULL, NULL);
  lw.types = g_hash_table_new (NULL, NULL);
  lw.consts = g_hash_table_new_full (NULL, NULL, NULL, const_free);
  lw.mutable_fields = g_hash_table_new (g_str_hash, g_str_equal);
  lw.opaque_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lw.loop_immutable = g_hash_table_new (NULL, NULL);
  lw.aggregate_vars = g_hash_table_new (NULL, NULL);
  lw.whole_assigned = g_hash_table_new (NULL, NULL);
  lw.method_wrappers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lw.narrow_vars = g_hash_table_new (NULL, NULL);
  lw.filling = g_hash_table_new (NULL, NULL);
  lw.var_types = g_hash_table_new (NULL, NULL);
  lw.literal_length = -1;
  lw.type_opaque = add_type (&lw, CHAN_TYPE_OPAQUE, "opaque");
  lw.type_int = add_type (&lw, CHAN_TYPE_INT, "int");
  lw.type_bool = add_type (&lw, CHAN_TYPE_BOOL, "bool");
  lw.type_string = add_type (&lw, CHAN_TYPE_STRING, "string");
  lw.type_nilable = add_type (&lw, CHAN_TYPE_NILABLE, "nilable");
  lw.type_float = add_type (&lw, CHAN_TYPE_FLOAT, "float64");
  /* reasons of run-time panics, interned once for exec.c */
  {
    static const char *const reasons[] = {
      "send on closed channel", "close of closed channel", "close of nil channel",
      "sync: negative WaitGroup counter", "runtime error: integer divide by zero",
      "runtime error: index out of range", "runtime error: slice bounds out of range",
      "runtime error: invalid memory address or nil pointer dereference",
      "fatal error: sync: unlock of unlocked mutex",
      "fatal error: sync: RUnlock of unlocked RWMutex",
      "fatal error: sync: Unlock of unlocked RWMutex", "fatal error: go of nil func value",
      "interface conversion: the value does not have the asserted type",
      "makechan: size out of range", "makeslice: len out of range",
      "runtime error: negative shift amount",
      "assignment to entry in nil map",
    };
    for (size_t i = 0; i < G_N_ELEMENTS (reasons); i++)
      chan_model_intern (model, reasons[i]);
  }
  scan_stores (&lw, file);

  /* declarations: constants first (types may use them), then types,
     functions and globals get their indexes */
  for (guint i = 0; i < chan_node_n_kids (file); i++)
    {
      ChanNode *d = chan_node_kid (file, i);
      if (d->kind == CHAN_NODE_CONST_DECL)
        declare_consts (&lw, d);
    }
  for (guint i = 0; i < chan_node_n_kids (file); i++)
    {
      ChanNode *d = chan_node_kid (file, i);
      if (d->kind == CHAN_NODE_TYPE_DECL)
        for (guint k = 0; k < chan_node_n_kids (d); k++)
          spec_type (&lw, chan_node_kid (d, k));
      else if (d->kind == CHAN_NODE_FUNC_DECL && d->c)
        {
          ChanFunc *fn = g_new0 (ChanFunc, 1);
          /* known now, for calls lowered before this function: f(g()) */
          fn->n_results = count_params (d->b ? d->b->b : NULL, NULL);
          g_ptr_array_add (model->funcs, fn);
          g_hash_table_insert (lw.funcs, d, GINT_TO_POINTER ((int) model->funcs->len));
          g_ptr_array_add (func_decls, d);
        }
      else if (d->kind == CHAN_NODE_VAR_DECL)
        for (guint k = 0; k < chan_node_n_kids (d); k++)
          {
            ChanNode *spec = chan_node_kid (d, k);
            g_ptr_array_add (global_specs, spec);
            for (guint j = 0; j < chan_node_n_kids (spec->a); j++)
              {
                g_hash_table_insert (lw.globals, chan_node_kid (spec->a, j),
                                     GINT_TO_POINTER (++n_globals));
                if (spec->b)
                  g_hash_table_insert (lw.var_types, chan_node_kid (spec->a, j), spec->b);
              }
          }
    }
  model->n_globals = n_globals;
  model->global_names = g_new0 (char *, n_globals + 1);
  for (guint i = 0; i < global_specs->len; i++)
    {
      ChanNode *spec = g_ptr_array_index (global_specs, i);
      for (guint j = 0; j < chan_node_n_kids (spec->a); j++)
        {
          ChanNode *id = chan_node_kid (spec->a, j);
          model->global_names[global_index (&lw, id)] = g_strdup (id->name);
        }
    }
  /* methods */
  for (guint i = 0; i < func_decls->len; i++)
    {
      ChanNode *d = g_ptr_array_index (func_decls, i);
      ChanNode *rt;
      gboolean ptr = FALSE;
      ChanMethod me;
      if (d->a == NULL)
        continue;
      rt = d->a->a;
      while (rt && (rt->kind == CHAN_NODE_TYPE_POINTER || rt->kind == CHAN_NODE_PAREN))
        {
          if (rt->kind == CHAN_NODE_TYPE_POINTER)
            ptr = TRUE;
          rt = rt->a;
        }
      me.type = rt && rt->decl && rt->decl->kind == CHAN_NODE_TYPE_SPEC ? spec_type (&lw, rt->decl) : -1;
      if (me.type < 0)
        {
          error_at (&lw, rt ? rt->pos : d->pos, "undefined: %s (the receiver type of method %s)",
                    rt && rt->name ? rt->name : "?", d->name);
          continue;
        }
      if (chan_model_type (model, me.type)->kind != CHAN_TYPE_STRUCT)
        {
          error_at (&lw, d->pos, "methods are supported on struct types only: declare %s on a struct "
                    "type, or make it a function", d->name);
          continue;
        }
      me.name = chan_model_intern (model, d->name);
      me.func = func_index (&lw, d);
      chan_model_func (model, me.func)->pointer_receiver = ptr;
      chan_model_func (model, me.func)->receiver_type = me.type;
      g_array_append_val (model->methods, me);
    }
  /* function bodies */
  for (guint i = 0; i < func_decls->len; i++)
    {
      ChanNode *d = g_ptr_array_index (func_decls, i);
      char *name = d->a ? method_name (d) : g_strdup (d->name);
      gboolean ptr = chan_model_func (model, func_index (&lw, d))->pointer_receiver;
      int type = chan_model_func (model, func_index (&lw, d))->receiver_type;
      lower_function (&lw, NULL, d, name, d->a, d->b, d->c, d->pos, d->name_pos);
      chan_model_func (model, func_index (&lw, d))->pointer_receiver = ptr;
      chan_model_func (model, func_index (&lw, d))->receiver_type = type;
      g_free (name);
    }
  /* the initialiser: globals in source order, then init() functions */
  {
    ChanFunc *fn = g_new0 (ChanFunc, 1);
    FuncCtx fc = { 0 };
    g_ptr_array_add (model->funcs, fn);
    model->init_func = (int) model->funcs->len - 1;
    fn->name = g_strdup ("init");
    fn->receiver_type = -1;
    fn->code = g_array_new (FALSE, TRUE, sizeof (ChanInstr));
    fc.lw = &lw;
    fc.fn = fn;
    fc.slots = g_hash_table_new (NULL, NULL);
    fc.boxed = g_hash_table_new (NULL, NULL);
    fc.captures = g_ptr_array_new ();
    fc.labels = g_array_new (FALSE, FALSE, sizeof (Label));
    fc.targets = g_array_new (FALSE, FALSE, sizeof (Target));
    for (guint i = 0; i < global_specs->len; i++)
      {
        ChanNode *spec = g_ptr_array_index (global_specs, i);
        int n = (int) chan_node_n_kids (spec->a);
        int saved = fc.watermark;
        int *vals = g_new (int, n);
        if (spec->c && chan_node_n_kids (spec->c) == 1 && n > 1)
          {
            int first = fc.watermark;
            for (int k = 0; k < n; k++)
              new_temp (&fc);
            expr_multi (&fc, chan_node_kid (spec->c, 0), first, n);
            for (int k = 0; k < n; k++)
              vals[k] = first + k;
          }
        else
          for (int k = 0; k < n; k++)
            {
              if (spec->c && k < (int) chan_node_n_kids (spec->c))
                vals[k] = value_for_store (&fc, chan_node_kid (spec->c, (guint) k));
              else
                {
                  vals[k] = new_temp (&fc);
                  emit (&fc, CHAN_I_ZERO, spec->pos, vals[k], -1, -1, -1)->aux = lower_type (&lw, spec->b);
                }
            }
        for (int k = 0; k < n; k++)
          {
            ChanInstr *in = emit (&fc, CHAN_I_STORE_GLOBAL, spec->pos, -1, vals[k], -1, -1);
            in->aux = global_index (&lw, chan_node_kid (spec->a, (guint) k));
          }
        g_free (vals);
        fc.watermark = saved;
      }
    for (guint i = 0; i < func_decls->len; i++)
      {
        ChanNode *d = g_ptr_array_index (func_decls, i);
        if (d->a == NULL && strcmp (d->name, "init") == 0)
          {
            ChanVal fv = { CHAN_VAL_FUNC, 0, 0, (uint32_t) func_index (&lw, d), 0 };
            int t = emit_const (&fc, d->pos, fv);
            emit (&fc, CHAN_I_CALL, d->pos, -1, t, -1, 0);
            fc.watermark = 0;
          }
      }
    fn->epilogue = pc_now (&fc);
    emit (&fc, CHAN_I_RETURN, (ChanPos) { 1, 1 }, -1, -1, -1, -1);
    g_array_free (fc.labels, TRUE);
    g_array_free (fc.targets, TRUE);
    g_hash_table_destroy (fc.slots);
    g_hash_table_destroy (fc.boxed);
    g_ptr_array_free (fc.captures, TRUE);
  }
  /* the entry */
  for (guint i = 0; i < func_decls->len; i++)
    {
      ChanNode *d = g_ptr_array_index (func_decls, i);
      if (d->a == NULL && strcmp (d->name, entry) == 0)
        model->entry_func = func_index (&lw, d);
    }
  if (model->entry_func < 0 && lw.n_errors == 0)
    {
      ChanPos p = { 1, 1 };
      error_at (&lw, p, "no function %s to start from: add func %s() or choose one with --entry NAME",
                entry, entry);
    }
  /* instruction ids */
  for (guint fi = 0; fi < model->funcs->len; fi++)
    {
      ChanFunc *fn = chan_model_func (model, (int) fi);
      for (guint pc = 0; pc < fn->code->len; pc++)
        {
          ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
          int f = (int) fi;
          in->id = (int) model->instrs->len;
          g_ptr_array_add (model->instrs, in);
          g_array_append_val (model->instr_func, f);
          if (in->live < fn->n_params + fn->n_results + fn->n_captured)
            in->live = fn->n_params + fn->n_results + fn->n_captured;
          if (in->text < 0)
            in->text = chan_model_intern (model, chan_opcode_name (in->op));
        }
      if (fn->n_slots < fn->n_params + fn->n_results + fn->n_captured)
        fn->n_slots = fn->n_params + fn->n_results + fn->n_captured;
    }
  g_ptr_array_sort (model->opaque_calls, compare_strings);
  /* more reasons, interned after the file's strings so that adding them
     changed no string's index (symmetry orders goroutines by the strings
     they hold, and with it the traces) */
  chan_model_intern (model, "fatal error: concurrent map writes");
  chan_model_intern (model, "fatal error: concurrent map read and map write");
  chan_model_intern (model, "fatal error: concurrent map iteration and map write");
  chan_model_compute_liveness (model);
  chan_model_index_lib_methods (model);
  if (lw.n_errors == 0)
    chan_model_compute_relevance (model);

  g_ptr_array_free (func_decls, TRUE);
  g_ptr_array_free (global_specs, TRUE);
  g_hash_table_destroy (lw.funcs);
  g_hash_table_destroy (lw.globals);
  g_hash_table_destroy (lw.types);
  g_hash_table_destroy (lw.consts);
  g_hash_table_destroy (lw.mutable_fields);
  g_hash_table_destroy (lw.opaque_seen);
  g_hash_table_destroy (lw.loop_immutable);
  g_hash_table_destroy (lw.aggregate_vars);
  g_hash_table_destroy (lw.whole_assigned);
  g_hash_table_destroy (lw.method_wrappers);
  g_hash_table_destroy (lw.narrow_vars);
  g_hash_table_destroy (lw.filling);
  g_hash_table_destroy (lw.var_types);
  if (lw.n_errors > 0)
    {
      if (lw.n_errors > 20)
        g_string_append_printf (lw.errors, "%s: too many errors\n", filename);
      g_strchomp (lw.errors->str);
      g_set_error_literal (error, CHAN_PARSE_ERROR, CHAN_PARSE_ERROR_UNSUPPORTED, lw.errors->str);
      g_string_free (lw.errors, TRUE);
      chan_model_free (model);
      return NULL;
    }
  g_string_free (lw.errors, TRUE);
  return model;
}
