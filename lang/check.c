/* lang/check.c -- name resolution and the checks a Go compiler makes.
 * Owns: scopes and entities, the decl/ident_flags/scope_func annotations,
 * compile diagnostics and rejected constructs (chan_check_file).
 * Not: parsing (see parse.h), the meaning of programs (see lower.h). */
#include <stdarg.h>
#include <string.h>
#include "lang/check.h"
#include "lang/parse.h"

#define MAX_DIAGS 20       /* as many lines, then "too many errors" */
#define MAX_TYPE_HOPS 16   /* named-type chains followed before giving up */

/* ------------------------------------------------------------------ */
/* Entities and scopes                                                 */

typedef enum {
  ENT_VAR,      /* variable, parameter, result, receiver, type-switch binding */
  ENT_CONST,
  ENT_TYPE,     /* TYPE_SPEC, or a type parameter (PARAM) */
  ENT_FUNC,     /* top-level function (FUNC_DECL) */
  ENT_PACKAGE,  /* imported package name */
} EntityKind;

typedef struct Entity Entity;

/* What a name denotes.  Entities live in Checker.entities until the end. */
struct Entity {
  EntityKind kind;
  const char *name;     /* borrowed from the declaring node */
  ChanNode *decl;       /* what IDENT.decl points to; also gets the flags;
                           IMPORT node for packages */
  ChanPos pos;          /* where it is declared (for messages) */
  int func;             /* serial of the declaring function, 0 package level */
  gboolean local;       /* a local variable: subject to "declared and not used" */
  gboolean used;        /* read at least once (Go's notion of use) */
  ChanNode *type;       /* declared type syntax when known, else NULL */
  ChanNode *init;       /* variable: its initializer when known, else NULL */
  Entity *group;        /* type-switch clause variable: the switch's binding */
  gboolean unsure;      /* package: its name is a guess, never report it */
  const char *path;     /* package: import path (borrowed) */
};

typedef struct Scope Scope;

/* One block.  Invariant: names maps each name declared in this block to its
 * entity (borrowed from Checker.entities). */
struct Scope {
  Scope *parent;
  GHashTable *names;
};

/* A label of the function being checked. */
typedef struct {
  ChanNode *stmt;       /* the LABELED node */
  gboolean used;
} Label;

/* Predeclared names (Go's universe block). */
typedef enum {
  UNI_TYPE = 1,
  UNI_CONST,
  UNI_NIL,
  UNI_BUILTIN,
} UniverseKind;

static const struct {
  const char *name;
  UniverseKind kind;
} universe_names[] = {
  { "bool", UNI_TYPE }, { "byte", UNI_TYPE }, { "complex64", UNI_TYPE },
  { "complex128", UNI_TYPE }, { "error", UNI_TYPE }, { "float32", UNI_TYPE },
  { "float64", UNI_TYPE }, { "int", UNI_TYPE }, { "int8", UNI_TYPE },
  { "int16", UNI_TYPE }, { "int32", UNI_TYPE }, { "int64", UNI_TYPE },
  { "rune", UNI_TYPE }, { "string", UNI_TYPE }, { "uint", UNI_TYPE },
  { "uint8", UNI_TYPE }, { "uint16", UNI_TYPE }, { "uint32", UNI_TYPE },
  { "uint64", UNI_TYPE }, { "uintptr", UNI_TYPE }, { "any", UNI_TYPE },
  { "comparable", UNI_TYPE },
  { "true", UNI_CONST }, { "false", UNI_CONST }, { "iota", UNI_CONST },
  { "nil", UNI_NIL },
  { "append", UNI_BUILTIN }, { "cap", UNI_BUILTIN }, { "clear", UNI_BUILTIN },
  { "close", UNI_BUILTIN }, { "complex", UNI_BUILTIN }, { "copy", UNI_BUILTIN },
  { "delete", UNI_BUILTIN }, { "imag", UNI_BUILTIN }, { "len", UNI_BUILTIN },
  { "make", UNI_BUILTIN }, { "max", UNI_BUILTIN }, { "min", UNI_BUILTIN },
  { "new", UNI_BUILTIN }, { "panic", UNI_BUILTIN }, { "print", UNI_BUILTIN },
  { "println", UNI_BUILTIN }, { "real", UNI_BUILTIN }, { "recover", UNI_BUILTIN },
};

/* One diagnostic, before sorting. */
typedef struct {
  ChanPos pos;
  guint seq;            /* emission order, to keep the sort stable */
  gboolean unsupported; /* a construct of SPEC 2.4, not a Go error */
  char *text;           /* "FILE:line:col: message" */
} Diag;

/* How an identifier occurrence uses its name. */
typedef enum {
  USE_READ,      /* evaluated: a use in Go's sense */
  USE_CALLEE,    /* called: an undefined name is an opaque call */
  USE_SELECTOR,  /* operand of a selector: may be a package */
  USE_ASSIGN,    /* target of '=', a reused ':=' operand, 'range =' */
  USE_MODIFY,    /* target of op= or ++/--: read and written */
  USE_KEY,       /* key of a composite literal of unknown type: maybe a field */
  USE_TYPE,      /* a type: an undefined name is a type from elsewhere */
} UseMode;

/* The state of one chan_check_file call.  No globals: everything is here. */
typedef struct {
  const char *filename;
  GPtrArray *diags;         /* Diag*, owned */
  GPtrArray *entities;      /* Entity*, owned */
  GHashTable *universe;     /* name -> GINT (UniverseKind) */
  GHashTable *methods;      /* "T.M" (owned) -> FUNC_DECL */
  Scope *scope;             /* innermost */
  Scope *pkg_scope;
  Scope *file_scope;        /* imports; child of pkg_scope */
  gboolean dot_import;      /* names may come from an 'import .' */
  gboolean unsure_import;   /* an import whose package name is a guess */
  GPtrArray *strings;       /* char*, owned: guessed package names */

  /* the function being checked */
  int func;                 /* its serial; 0 at package level */
  GHashTable *labels;       /* name -> Label* (owned), or NULL */
  GPtrArray *label_list;    /* Label*, borrowed, in declaration order */
  GHashTable *goto_names;   /* labels named by goto (borrowed names) */
  GPtrArray *enclosing;     /* LABELED nodes enclosing the current point */
  ChanNode *break_target;   /* innermost FOR/RANGE/SWITCH/TYPE_SWITCH/SELECT */
  ChanNode *continue_target;/* innermost FOR/RANGE */
  ChanNode *fall_clause;    /* CASE_CLAUSE of an expression switch being walked */
  gboolean fall_final;      /* ... and it is the switch's last clause */
  gboolean fall_here;       /* the statement being checked ends fall_clause */
} Checker;

static void resolve_expr (Checker *ck, ChanNode *n);
static void resolve_type (Checker *ck, ChanNode *n);
static void resolve_stmt (Checker *ck, ChanNode *n);
static void resolve_stmts (Checker *ck, ChanNode *owner);
static void resolve_decl (Checker *ck, ChanNode *n);
static void resolve_func (Checker *ck, ChanNode *recv, ChanNode *type,
                          ChanNode *type_params, ChanNode *body, int serial);

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static gboolean
pos_set (ChanPos p)
{
  return p.line > 0;
}

/* Position of a node's name: name_pos when the parser set it, else pos. */
static ChanPos
name_pos (const ChanNode *n)
{
  return pos_set (n->name_pos) ? n->name_pos : n->pos;
}

static gboolean
is_blank (const char *name)
{
  return name != NULL && strcmp (name, "_") == 0;
}

static ChanNode *
unparen (ChanNode *n)
{
  while (n != NULL && n->kind == CHAN_NODE_PAREN)
    n = n->a;
  return n;
}

static guint
n_items (const ChanNode *list)
{
  if (list == NULL)
    return 0;
  if (list->kind != CHAN_NODE_LIST)
    return 1;
  return list->kids ? list->kids->len : 0;
}

/* The i-th element of LIST (a LIST, or a single node standing for one). */
static ChanNode *
item (const ChanNode *list, guint i)
{
  if (list->kind != CHAN_NODE_LIST)
    return (ChanNode *) list;
  return g_ptr_array_index (list->kids, i);
}

static gboolean
is_chain_kind (ChanNodeKind k)
{
  return k == CHAN_NODE_SELECTOR || k == CHAN_NODE_INDEX || k == CHAN_NODE_CALL
         || k == CHAN_NODE_SLICE_EXPR || k == CHAN_NODE_TYPE_ASSERT
         || k == CHAN_NODE_BINARY;
}

/* Leftmost source position of expression or simple statement N, as Go
 * reports positions (syntax.StartPos).  Iterative: chains can be long. */
static ChanPos
start_pos (const ChanNode *n)
{
  ChanPos best = n->pos;

  for (;;)
    {
      const ChanNode *next = NULL;

      switch (n->kind)
        {
        case CHAN_NODE_SELECTOR: case CHAN_NODE_INDEX: case CHAN_NODE_CALL:
        case CHAN_NODE_SLICE_EXPR: case CHAN_NODE_TYPE_ASSERT:
        case CHAN_NODE_BINARY: case CHAN_NODE_SEND: case CHAN_NODE_INC_DEC:
        case CHAN_NODE_EXPR_STMT:
          next = n->a;
          break;
        case CHAN_NODE_ASSIGN: case CHAN_NODE_DEFINE:
          next = n_items (n->a) > 0 ? item (n->a, 0) : NULL;
          break;
        default:
          break;
        }
      if (pos_set (n->pos)
          && (!pos_set (best) || n->pos.line < best.line
              || (n->pos.line == best.line && n->pos.column < best.column)))
        best = n->pos;
      if (next == NULL)
        return best;
      n = next;
    }
}

static void
diag_add (Checker *ck, gboolean unsupported, ChanPos pos, const char *fmt,
          va_list ap)
{
  Diag *d = g_new0 (Diag, 1);
  char *msg = g_strdup_vprintf (fmt, ap);

  d->pos = pos;
  d->seq = ck->diags->len;
  d->unsupported = unsupported;
  d->text = g_strdup_printf ("%s:%d:%d: %s", ck->filename, pos.line,
                             pos.column, msg);
  g_free (msg);
  g_ptr_array_add (ck->diags, d);
}

/* Reports what a Go compiler rejects. */
static void G_GNUC_PRINTF (3, 4)
error_at (Checker *ck, ChanPos pos, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  diag_add (ck, FALSE, pos, fmt, ap);
  va_end (ap);
}

/* Reports valid Go that chancheck cannot model (SPEC 2.4). */
static void G_GNUC_PRINTF (3, 4)
unsupported_at (Checker *ck, ChanPos pos, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  diag_add (ck, TRUE, pos, fmt, ap);
  va_end (ap);
}

static void
diag_free (gpointer data)
{
  Diag *d = data;
  g_free (d->text);
  g_free (d);
}

static gint
diag_compare (gconstpointer pa, gconstpointer pb)
{
  const Diag *a = *(const Diag *const *) pa;
  const Diag *b = *(const Diag *const *) pb;

  if (a->pos.line != b->pos.line)
    return a->pos.line < b->pos.line ? -1 : 1;
  if (a->pos.column != b->pos.column)
    return a->pos.column < b->pos.column ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ------------------------------------------------------------------ */
/* Printing types and expressions for messages                        */

static void print_type (GString *out, const ChanNode *t, int depth);

static void
print_params (GString *out, const ChanNode *list, int depth)
{
  for (guint i = 0; i < n_items (list); i++)
    {
      const ChanNode *p = item (list, i);
      if (i > 0)
        g_string_append (out, ", ");
      if (p->kind != CHAN_NODE_PARAM)
        {
          print_type (out, p, depth + 1);
          continue;
        }
      if (p->name != NULL)
        g_string_append_printf (out, "%s ", p->name);
      if (p->flags & CHAN_FLAG_VARIADIC)
        g_string_append (out, "...");
      print_type (out, p->a, depth + 1);
    }
}

/* Appends the Go spelling of type syntax T (types.TypeString style). */
static void
print_type (GString *out, const ChanNode *t, int depth)
{
  if (t == NULL || depth > 32)
    {
      g_string_append (out, "?");
      return;
    }
  switch (t->kind)
    {
    case CHAN_NODE_TYPE_NAME:
      if (t->str != NULL)
        g_string_append_printf (out, "%s.", t->str);
      g_string_append (out, t->name ? t->name : "?");
      if (t->b != NULL)
        {
          g_string_append_c (out, '[');
          for (guint i = 0; i < n_items (t->b); i++)
            {
              if (i > 0)
                g_string_append (out, ", ");
              print_type (out, item (t->b, i), depth + 1);
            }
          g_string_append_c (out, ']');
        }
      break;
    case CHAN_NODE_IDENT:
      g_string_append (out, t->name ? t->name : "?");
      break;
    case CHAN_NODE_SELECTOR:
      print_type (out, t->a, depth + 1);
      g_string_append_printf (out, ".%s", t->name ? t->name : "?");
      break;
    case CHAN_NODE_PAREN:
      print_type (out, t->a, depth + 1);
      break;
    case CHAN_NODE_TYPE_POINTER:
    case CHAN_NODE_UNARY:
      g_string_append_c (out, '*');
      print_type (out, t->a, depth + 1);
      break;
    case CHAN_NODE_TYPE_CHAN:
      if (t->op == CHAN_DIR_SEND)
        g_string_append (out, "chan<- ");
      else if (t->op == CHAN_DIR_RECV)
        g_string_append (out, "<-chan ");
      else
        g_string_append (out, "chan ");
      {
        const ChanNode *elem = unparen ((ChanNode *) t->a);
        gboolean wrap = t->op != CHAN_DIR_RECV && elem != NULL
                        && elem->kind == CHAN_NODE_TYPE_CHAN
                        && elem->op == CHAN_DIR_RECV;
        if (wrap)
          g_string_append_c (out, '(');
        print_type (out, elem, depth + 1);
        if (wrap)
          g_string_append_c (out, ')');
      }
      break;
    case CHAN_NODE_TYPE_ARRAY:
      g_string_append_c (out, '[');
      if (t->a == NULL)
        g_string_append (out, "...");
      else if (t->a->kind == CHAN_NODE_INT_LIT && t->a->str != NULL)
        g_string_append (out, t->a->str);
      else if (t->a->kind == CHAN_NODE_IDENT && t->a->name != NULL)
        g_string_append (out, t->a->name);
      else
        g_string_append (out, "?");
      g_string_append_c (out, ']');
      print_type (out, t->b, depth + 1);
      break;
    case CHAN_NODE_TYPE_SLICE:
      g_string_append (out, "[]");
      print_type (out, t->b, depth + 1);
      break;
    case CHAN_NODE_TYPE_MAP:
      g_string_append (out, "map[");
      print_type (out, t->a, depth + 1);
      g_string_append_c (out, ']');
      print_type (out, t->b, depth + 1);
      break;
    case CHAN_NODE_TYPE_FUNC:
      g_string_append (out, "func(");
      print_params (out, t->a, depth);
      g_string_append_c (out, ')');
      if (n_items (t->b) == 1 && item (t->b, 0)->kind == CHAN_NODE_PARAM
          && item (t->b, 0)->name == NULL)
        {
          g_string_append_c (out, ' ');
          print_type (out, item (t->b, 0)->a, depth + 1);
        }
      else if (n_items (t->b) > 0)
        {
          g_string_append (out, " (");
          print_params (out, t->b, depth);
          g_string_append_c (out, ')');
        }
      break;
    case CHAN_NODE_TYPE_STRUCT:
      g_string_append (out, "struct{");
      for (guint i = 0; i < chan_node_n_kids (t); i++)
        {
          const ChanNode *f = chan_node_kid (t, i);
          if (i > 0)
            g_string_append (out, "; ");
          for (guint j = 0; f->kind == CHAN_NODE_FIELD && j < n_items (f->a); j++)
            g_string_append_printf (out, "%s%s", j > 0 ? ", " : "",
                                    item (f->a, j)->name);
          if (f->kind == CHAN_NODE_FIELD && n_items (f->a) > 0)
            g_string_append_c (out, ' ');
          print_type (out, f->kind == CHAN_NODE_FIELD ? f->b : f, depth + 1);
        }
      g_string_append_c (out, '}');
      break;
    case CHAN_NODE_TYPE_INTERFACE:
      g_string_append (out, chan_node_n_kids (t) == 0 ? "interface{}"
                                                      : "interface{...}");
      break;
    default:
      g_string_append (out, "?");
      break;
    }
}

static const char *
unary_text (int op)
{
  switch (op)
    {
    case CHAN_OP_NEG: return "-";
    case CHAN_OP_PLUS: return "+";
    case CHAN_OP_NOT: return "!";
    case CHAN_OP_XOR: return "^";
    case CHAN_OP_ADDR: return "&";
    case CHAN_OP_DEREF: return "*";
    case CHAN_OP_RECV: return "<-";
    default: return "?";
    }
}

/* Appends the Go text of a simple expression (for "non-name x.f ..."). */
static void
print_expr (GString *out, const ChanNode *n, int depth)
{
  if (n == NULL || depth > 32)
    {
      g_string_append (out, "...");
      return;
    }
  switch (n->kind)
    {
    case CHAN_NODE_IDENT:
      g_string_append (out, n->name);
      break;
    case CHAN_NODE_INT_LIT: case CHAN_NODE_FLOAT_LIT: case CHAN_NODE_CHAR_LIT:
      g_string_append (out, n->str ? n->str : "?");
      break;
    case CHAN_NODE_STRING_LIT:
      g_string_append (out, "\"...\"");
      break;
    case CHAN_NODE_SELECTOR:
      print_expr (out, n->a, depth + 1);
      g_string_append_printf (out, ".%s", n->name);
      break;
    case CHAN_NODE_INDEX:
      print_expr (out, n->a, depth + 1);
      g_string_append_c (out, '[');
      print_expr (out, n->b, depth + 1);
      g_string_append_c (out, ']');
      break;
    case CHAN_NODE_PAREN:
      g_string_append_c (out, '(');
      print_expr (out, n->a, depth + 1);
      g_string_append_c (out, ')');
      break;
    case CHAN_NODE_UNARY:
      g_string_append (out, unary_text (n->op));
      print_expr (out, n->a, depth + 1);
      break;
    case CHAN_NODE_CALL:
      print_expr (out, n->a, depth + 1);
      g_string_append (out, n_items (n->b) > 0 ? "(...)" : "()");
      break;
    default:
      if (n->kind >= CHAN_NODE_TYPE_NAME && n->kind <= CHAN_NODE_TYPE_INTERFACE)
        print_type (out, n, depth + 1);
      else
        g_string_append (out, "expression");
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Scopes                                                              */

static void
scope_push (Checker *ck)
{
  Scope *s = g_new0 (Scope, 1);

  s->parent = ck->scope;
  s->names = g_hash_table_new (g_str_hash, g_str_equal);
  ck->scope = s;
}

/* Pops the innermost scope, reporting its unused local variables. */
static void
scope_pop (Checker *ck)
{
  Scope *s = ck->scope;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, s->names);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entity *e = value;
      if (e->kind == ENT_VAR && e->local && !e->used && e->group == NULL)
        error_at (ck, e->pos, "declared and not used: %s", e->name);
    }
  ck->scope = s->parent;
  g_hash_table_destroy (s->names);
  g_free (s);
}

static Entity *
entity_new (Checker *ck, EntityKind kind, const char *name, ChanNode *decl,
            ChanPos pos)
{
  Entity *e = g_new0 (Entity, 1);

  e->kind = kind;
  e->name = name;
  e->decl = decl;
  e->pos = pos;
  e->func = ck->func;
  g_ptr_array_add (ck->entities, e);
  return e;
}

/* Declares NAME in scope S.  Returns the new entity (also when NAME was
 * already declared in S: then it is reported and not entered).  Returns NULL
 * for the blank name, which declares nothing. */
static Entity *
declare (Checker *ck, Scope *s, EntityKind kind, const char *name,
         ChanNode *decl, ChanPos pos)
{
  Entity *e;

  if (name == NULL || is_blank (name))
    return NULL;
  e = entity_new (ck, kind, name, decl, pos);
  if (g_hash_table_contains (s->names, name))
    error_at (ck, pos, "%s redeclared in this block", name);
  else
    g_hash_table_insert (s->names, (gpointer) name, e);
  return e;
}

static Entity *
lookup (Checker *ck, const char *name)
{
  for (Scope *s = ck->scope; s != NULL; s = s->parent)
    {
      Entity *e = g_hash_table_lookup (s->names, name);
      if (e != NULL)
        return e;
    }
  return NULL;
}

static UniverseKind
universe_kind (Checker *ck, const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (ck->universe, name));
}

/* Sets FLAG on the node that declares E (and on its type switch). */
static void
mark (Entity *e, int flag)
{
  e->decl->ident_flags |= flag;
  if (e->group != NULL)
    e->group->decl->ident_flags |= flag;
}

static void
mark_used (Entity *e)
{
  e->used = TRUE;
  if (e->group != NULL)
    e->group->used = TRUE;
}

/* Declares variable ID (an IDENT) in the current scope with declared type
 * syntax TYPE (or NULL).  LOCAL: subject to the unused check. */
static Entity *
declare_var (Checker *ck, ChanNode *id, ChanNode *type, gboolean local)
{
  Entity *e;

  if (id->name == NULL || is_blank (id->name))
    return NULL;
  id->decl = id;
  id->ident_flags |= CHAN_IDENT_DEFINES;
  id->scope_func = ck->func;
  if (ck->func == 0 && !local)
    id->ident_flags |= CHAN_IDENT_GLOBAL;
  e = declare (ck, ck->scope, ENT_VAR, id->name, id, id->pos);
  e->type = type;
  e->local = local;
  return e;
}

/* ------------------------------------------------------------------ */
/* Types known from the syntax                                         */

/* The TYPE_SPEC named by type syntax T (a TYPE_NAME or IDENT), or NULL. */
static ChanNode *
type_spec_of (Checker *ck, ChanNode *t)
{
  Entity *e;

  t = unparen (t);
  if (t == NULL)
    return NULL;
  if (t->kind == CHAN_NODE_TYPE_NAME && t->str != NULL)
    return NULL;
  if (t->kind != CHAN_NODE_TYPE_NAME && t->kind != CHAN_NODE_IDENT)
    return NULL;
  if (t->decl != NULL)
    return t->decl->kind == CHAN_NODE_TYPE_SPEC ? t->decl : NULL;
  e = lookup (ck, t->name);
  if (e != NULL && e->kind == ENT_TYPE && e->decl->kind == CHAN_NODE_TYPE_SPEC)
    return e->decl;
  return NULL;
}

/* Follows named types declared in the file down to a type literal. */
static ChanNode *
underlying (Checker *ck, ChanNode *t)
{
  for (int hops = 0; t != NULL && hops < MAX_TYPE_HOPS; hops++)
    {
      ChanNode *spec;

      t = unparen (t);
      spec = type_spec_of (ck, t);
      if (spec == NULL)
        return t;
      t = spec->a;
    }
  return NULL;
}

/* The direction of the channel that variable operand X denotes, when its
 * declared type says so; CHAN_OP_NONE otherwise.  *ENT_OUT: its entity. */
static int
chan_dir (Checker *ck, ChanNode *x, Entity **ent_out)
{
  ChanNode *id = unparen (x);
  Entity *e;
  ChanNode *t;

  if (id == NULL || id->kind != CHAN_NODE_IDENT || id->decl == NULL)
    return CHAN_OP_NONE;
  e = lookup (ck, id->name);
  if (e == NULL || e->kind != ENT_VAR || e->decl != id->decl || e->type == NULL)
    return CHAN_OP_NONE;
  t = underlying (ck, e->type);
  if (t == NULL || t->kind != CHAN_NODE_TYPE_CHAN)
    return CHAN_OP_NONE;
  *ent_out = e;
  return t->op;
}

static char *
describe_var (Entity *e)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s (variable of type ", e->name);
  print_type (s, e->type, 0);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

enum { DIR_SEND, DIR_CLOSE, DIR_RECV, DIR_RANGE };

/* Reports a send or close on a receive-only channel, or a receive or range
 * over a send-only one, when X's declared type shows it. */
static void
check_dir (Checker *ck, ChanNode *x, int what)
{
  Entity *e = NULL;
  int dir = chan_dir (ck, x, &e);
  char *desc;

  if (dir == CHAN_OP_NONE)
    return;
  if ((what == DIR_SEND || what == DIR_CLOSE) && dir != CHAN_DIR_RECV)
    return;
  if ((what == DIR_RECV || what == DIR_RANGE) && dir != CHAN_DIR_SEND)
    return;
  desc = describe_var (e);
  switch (what)
    {
    case DIR_SEND:
      error_at (ck, start_pos (x),
                "invalid operation: cannot send to receive-only channel %s",
                desc);
      break;
    case DIR_CLOSE:
      error_at (ck, start_pos (x),
                "invalid operation: cannot close receive-only channel %s", desc);
      break;
    case DIR_RECV:
      error_at (ck, start_pos (x),
                "invalid operation: cannot receive from send-only channel %s",
                desc);
      break;
    default:
      error_at (ck, start_pos (x),
                "cannot range over %s: receive from send-only channel", desc);
      break;
    }
  g_free (desc);
}

/* The type that an initializer shows syntactically: make(T, ...) and
 * conversions (T)(x) to a channel type.  NULL when unknown. */
static ChanNode *
init_type (ChanNode *value)
{
  ChanNode *v = unparen (value);
  ChanNode *callee;

  if (v == NULL || v->kind != CHAN_NODE_CALL)
    return NULL;
  callee = unparen (v->a);
  if (callee == NULL)
    return NULL;
  if (callee->kind == CHAN_NODE_TYPE_CHAN)
    return callee;
  if (callee->kind == CHAN_NODE_IDENT && strcmp (callee->name, "make") == 0
      && (callee->ident_flags & CHAN_IDENT_UNIVERSE) && n_items (v->b) > 0)
    {
      ChanNode *t = unparen (item (v->b, 0));
      if (t != NULL && t->kind == CHAN_NODE_TYPE_CHAN)
        return t;
    }
  return NULL;
}

/* Whether calling method NAME on a variable of declared type T takes the
 * variable's address: a pointer-receiver method of a type the file
 * declares (also promoted through embedded fields), or any method of a
 * sync or sync/atomic type. */
static gboolean
pointer_method (Checker *ck, ChanNode *t, const char *name, int depth)
{
  ChanNode *spec;
  ChanNode *fd;
  char *key;

  t = unparen (t);
  if (t == NULL || depth > MAX_TYPE_HOPS)
    return FALSE;
  if (t->kind == CHAN_NODE_TYPE_NAME && t->str != NULL)
    {
      Entity *pkg = lookup (ck, t->str);
      return pkg != NULL && pkg->kind == ENT_PACKAGE
             && (strcmp (pkg->path, "sync") == 0
                 || strcmp (pkg->path, "sync/atomic") == 0);
    }
  spec = type_spec_of (ck, t);
  if (spec == NULL || spec->name == NULL)
    return FALSE;
  key = g_strdup_printf ("%s.%s", spec->name, name);
  fd = g_hash_table_lookup (ck->methods, key);
  g_free (key);
  if (fd != NULL)
    {
      ChanNode *rt = fd->a != NULL ? unparen (fd->a->a) : NULL;
      return rt != NULL && rt->kind == CHAN_NODE_TYPE_POINTER;
    }
  if (spec->a != NULL && spec->a->kind == CHAN_NODE_TYPE_STRUCT)
    for (guint i = 0; i < chan_node_n_kids (spec->a); i++)
      {
        ChanNode *f = chan_node_kid (spec->a, i);
        if (f->kind == CHAN_NODE_FIELD && f->a == NULL
            && pointer_method (ck, f->b, name, depth + 1))
          return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Identifiers                                                         */

/* Resolves identifier ID used as MODE; returns its entity or NULL
 * (universe, undefined, blank). */
static Entity *
use_ident (Checker *ck, ChanNode *id, UseMode mode)
{
  Entity *e;
  UniverseKind uk;

  if (id->name == NULL)
    return NULL;
  if (is_blank (id->name))
    {
      if (mode != USE_ASSIGN && mode != USE_KEY && mode != USE_TYPE)
        error_at (ck, id->pos, "cannot use _ as value or type");
      return NULL;
    }
  e = lookup (ck, id->name);
  if (e == NULL)
    {
      uk = universe_kind (ck, id->name);
      if (uk != 0)
        {
          id->ident_flags |= CHAN_IDENT_UNIVERSE;
          return NULL;
        }
      if (mode == USE_KEY || mode == USE_TYPE)
        return NULL;
      if (strcmp (id->name, "init") == 0)
        {
          /* init functions cannot be referred to, not even from elsewhere */
          error_at (ck, id->pos, "undefined: init");
          return NULL;
        }
      if (mode == USE_SELECTOR && ck->unsure_import)
        {
          /* maybe the package whose name we could only guess */
          id->ident_flags |= CHAN_IDENT_PACKAGE;
          return NULL;
        }
      if (mode == USE_CALLEE || ck->dot_import)
        {
          id->ident_flags |= CHAN_IDENT_UNDEFINED;
          return NULL;
        }
      error_at (ck, id->pos, "undefined: %s", id->name);
      return NULL;
    }
  if (e->kind == ENT_PACKAGE)
    {
      /* as in Go, a package named outside a selector is not a use */
      id->ident_flags |= CHAN_IDENT_PACKAGE;
      if (mode == USE_SELECTOR)
        e->used = TRUE;
      else
        error_at (ck, id->pos, "use of package %s not in selector", id->name);
      return e;
    }
  id->decl = e->decl;
  if (e->kind == ENT_VAR)
    {
      if (e->func != 0 && e->func != ck->func)
        mark (e, CHAN_IDENT_CAPTURED);
      if (mode == USE_ASSIGN || mode == USE_MODIFY)
        mark (e, CHAN_IDENT_REASSIGNED);
    }
  if (mode != USE_ASSIGN)
    mark_used (e);
  return e;
}

/* ------------------------------------------------------------------ */
/* Types                                                               */

/* Resolves a TYPE_NAME: a type the file declares (decl = its TYPE_SPEC),
 * a predeclared type (CHAN_IDENT_UNIVERSE), a qualified or undeclared name
 * (an opaque type from elsewhere: accepted).  NIL_OK: 'nil' is allowed (a
 * type switch case). */
static void
resolve_type_name (Checker *ck, ChanNode *t, gboolean nil_ok)
{
  Entity *e;
  UniverseKind uk;

  if (t->str != NULL)
    {
      e = lookup (ck, t->str);
      if (e != NULL && e->kind == ENT_PACKAGE)
        e->used = TRUE;
    }
  else if (t->name != NULL && !is_blank (t->name))
    {
      e = lookup (ck, t->name);
      if (e == NULL)
        {
          uk = universe_kind (ck, t->name);
          if (uk != 0)
            t->ident_flags |= CHAN_IDENT_UNIVERSE;
          if (uk != 0 && uk != UNI_TYPE && !(uk == UNI_NIL && nil_ok))
            error_at (ck, name_pos (t), "%s is not a type", t->name);
        }
      else if (e->kind == ENT_TYPE)
        t->decl = e->decl;
      else if (e->kind == ENT_PACKAGE)
        {
          error_at (ck, name_pos (t), "use of package %s not in selector",
                    t->name);
        }
      else
        {
          mark_used (e);
          if (e->kind == ENT_VAR && e->type != NULL)
            {
              char *desc = describe_var (e);
              error_at (ck, name_pos (t), "%s is not a type", desc);
              g_free (desc);
            }
          else
            error_at (ck, name_pos (t), "%s is not a type", t->name);
        }
    }
  for (guint i = 0; i < n_items (t->b); i++)
    resolve_type (ck, item (t->b, i));
}

static void
resolve_params_types (Checker *ck, ChanNode *list)
{
  for (guint i = 0; i < n_items (list); i++)
    {
      ChanNode *p = item (list, i);
      resolve_type (ck, p->kind == CHAN_NODE_PARAM ? p->a : p);
    }
}

/* Resolves the names in type syntax T.  Expressions inside types (array
 * lengths) are resolved as expressions. */
static void
resolve_type (Checker *ck, ChanNode *t)
{
  while (t != NULL)
    {
      switch (t->kind)
        {
        case CHAN_NODE_TYPE_NAME:
          resolve_type_name (ck, t, FALSE);
          return;
        case CHAN_NODE_IDENT:
          use_ident (ck, t, USE_TYPE);
          return;
        case CHAN_NODE_SELECTOR:
          {
            ChanNode *x = unparen (t->a);
            if (x != NULL && x->kind == CHAN_NODE_IDENT)
              {
                Entity *e = lookup (ck, x->name);
                if (e != NULL && e->kind == ENT_PACKAGE)
                  {
                    x->ident_flags |= CHAN_IDENT_PACKAGE;
                    e->used = TRUE;
                  }
                else if (e != NULL)
                  use_ident (ck, x, USE_SELECTOR);
                return;
              }
            resolve_expr (ck, t->a);
            return;
          }
        case CHAN_NODE_PAREN: case CHAN_NODE_TYPE_POINTER:
        case CHAN_NODE_TYPE_CHAN:
          t = t->a;
          break;
        case CHAN_NODE_UNARY:       /* *T, or ~T (op NONE) in a constraint */
          if (t->op != CHAN_OP_DEREF && t->op != CHAN_OP_NONE)
            {
              resolve_expr (ck, t);
              return;
            }
          t = t->a;
          break;
        case CHAN_NODE_TYPE_ARRAY:
          resolve_expr (ck, t->a);
          t = t->b;
          break;
        case CHAN_NODE_TYPE_SLICE:
          t = t->b;
          break;
        case CHAN_NODE_TYPE_MAP:
          resolve_type (ck, t->a);
          t = t->b;
          break;
        case CHAN_NODE_TYPE_FUNC:
          resolve_params_types (ck, t->a);
          resolve_params_types (ck, t->b);
          return;
        case CHAN_NODE_PARAM:
          t = t->a;
          break;
        case CHAN_NODE_TYPE_STRUCT:
          for (guint i = 0; i < chan_node_n_kids (t); i++)
            {
              ChanNode *f = chan_node_kid (t, i);
              resolve_type (ck, f->kind == CHAN_NODE_FIELD ? f->b : f);
            }
          return;
        case CHAN_NODE_TYPE_INTERFACE:
          for (guint i = 0; i < chan_node_n_kids (t); i++)
            {
              ChanNode *m = chan_node_kid (t, i);
              resolve_type (ck, m->kind == CHAN_NODE_METHOD_SPEC ? m->a : m);
            }
          return;
        case CHAN_NODE_BINARY:      /* type-set union 'A | B' */
          resolve_type (ck, t->a);
          t = t->b;
          break;
        case CHAN_NODE_INDEX:       /* generic instantiation in expression form */
          resolve_type (ck, t->a);
          t = t->b;
          break;
        case CHAN_NODE_LIST:
          for (guint i = 0; i < chan_node_n_kids (t); i++)
            resolve_type (ck, chan_node_kid (t, i));
          return;
        default:
          resolve_expr (ck, t);
          return;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Expressions                                                         */

typedef enum { SHAPE_UNKNOWN, SHAPE_STRUCT, SHAPE_MAP, SHAPE_ARRAY } Shape;

/* What kind of composite literal type T is; *KEY and *ELEM get the key
 * and element types of maps, slices and arrays (for elided literals). */
static Shape
literal_shape (Checker *ck, ChanNode *t, ChanNode **key, ChanNode **elem)
{
  *key = *elem = NULL;
  t = underlying (ck, t);
  if (t != NULL && t->kind == CHAN_NODE_TYPE_POINTER)  /* elided &T{...} */
    t = underlying (ck, t->a);
  if (t == NULL)
    return SHAPE_UNKNOWN;
  switch (t->kind)
    {
    case CHAN_NODE_TYPE_STRUCT:
      return SHAPE_STRUCT;
    case CHAN_NODE_TYPE_MAP:
      *key = t->a;
      *elem = t->b;
      return SHAPE_MAP;
    case CHAN_NODE_TYPE_SLICE: case CHAN_NODE_TYPE_ARRAY:
      *elem = t->b;
      return SHAPE_ARRAY;
    default:
      return SHAPE_UNKNOWN;
    }
}

static gboolean
elided_literal (const ChanNode *n)
{
  return n != NULL && n->kind == CHAN_NODE_COMPOSITE_LIT && n->a == NULL;
}

/* Resolves composite literal LIT; EXPECTED is the type of an elided
 * literal (from the enclosing one), or NULL. */
static void
resolve_composite (Checker *ck, ChanNode *lit, ChanNode *expected)
{
  ChanNode *key_type, *elem_type;
  Shape shape;

  if (lit->a != NULL)
    resolve_type (ck, lit->a);
  shape = literal_shape (ck, lit->a != NULL ? lit->a : expected, &key_type,
                         &elem_type);
  for (guint i = 0; i < chan_node_n_kids (lit); i++)
    {
      ChanNode *el = chan_node_kid (lit, i);
      ChanNode *k, *v;

      if (el->kind != CHAN_NODE_KEYED_ELEMENT)
        {
          if (elided_literal (el))
            resolve_composite (ck, el, elem_type);
          else
            resolve_expr (ck, el);
          continue;
        }
      k = el->a;
      v = el->b;
      if (k != NULL)
        {
          if (shape == SHAPE_STRUCT && k->kind == CHAN_NODE_IDENT)
            ;  /* a field name, not a variable */
          else if (elided_literal (k))
            resolve_composite (ck, k, key_type);
          else if (shape == SHAPE_UNKNOWN && k->kind == CHAN_NODE_IDENT)
            use_ident (ck, k, USE_KEY);
          else
            resolve_expr (ck, k);
        }
      if (elided_literal (v))
        resolve_composite (ck, v, elem_type);
      else
        resolve_expr (ck, v);
    }
}

/* The variable whose address '&X' takes: X itself, or the base of a chain of
 * selectors (&x.f.g), or an array variable indexed (&a[i]); else NULL. */
static ChanNode *
addressed_base (Checker *ck, ChanNode *x)
{
  for (;;)
    {
      x = unparen (x);
      if (x == NULL)
        return NULL;
      if (x->kind == CHAN_NODE_IDENT)
        return x;
      if (x->kind == CHAN_NODE_SELECTOR)
        {
          x = x->a;
          continue;
        }
      if (x->kind == CHAN_NODE_INDEX)
        {
          ChanNode *base = unparen (x->a);
          Entity *e;
          ChanNode *t;

          if (base == NULL || base->kind != CHAN_NODE_IDENT)
            return NULL;
          e = lookup (ck, base->name);
          t = e != NULL && e->kind == ENT_VAR ? underlying (ck, e->type) : NULL;
          return t != NULL && t->kind == CHAN_NODE_TYPE_ARRAY ? base : NULL;
        }
      return NULL;
    }
}

static void
check_arg_count (Checker *ck, ChanNode *call, ChanNode *fd)
{
  ChanNode *params = fd->b != NULL ? fd->b->a : NULL;
  guint npars = n_items (params);
  gboolean variadic = npars > 0
                      && (item (params, npars - 1)->flags & CHAN_FLAG_VARIADIC);
  guint nargs = n_items (call->b);
  ChanPos at;
  const char *name = fd->name;

  if (call->flags & CHAN_FLAG_ELLIPSIS)
    {
      if (!variadic)
        return;
      variadic = FALSE;     /* f(xs...) passes exactly npars arguments */
    }
  else if (nargs == 1 && unparen (item (call->b, 0)) != NULL
           && unparen (item (call->b, 0))->kind == CHAN_NODE_CALL)
    {
      ChanNode *inner = unparen (item (call->b, 0));
      ChanNode *g = unparen (inner->a);
      ChanNode *gd;

      if (g == NULL || g->kind != CHAN_NODE_IDENT || g->decl == NULL)
        return;
      gd = g->decl;
      if (gd->kind != CHAN_NODE_FUNC_DECL || gd->b == NULL
          || n_items (gd->b->b) == 0)
        return;
      nargs = n_items (gd->b->b);   /* f(g()) forwards g's results */
    }
  if (variadic)
    {
      if (nargs + 1 < npars)
        {
          at = n_items (call->b) > 0
                 ? start_pos (item (call->b, n_items (call->b) - 1))
                 : call->pos;
          error_at (ck, at,
                    "not enough arguments in call to %s: have %u, want at least %u",
                    name, nargs, npars - 1);
        }
      return;
    }
  if (nargs == npars)
    return;
  if (nargs > npars && n_items (call->b) > npars)
    error_at (ck, start_pos (item (call->b, npars)),
              "too many arguments in call to %s: have %u, want %u",
              name, nargs, npars);
  else if (nargs > npars)
    error_at (ck, start_pos (item (call->b, 0)),
              "too many arguments in call to %s: have %u, want %u",
              name, nargs, npars);
  else
    {
      at = n_items (call->b) > 0
             ? start_pos (item (call->b, n_items (call->b) - 1))
             : call->pos;
      error_at (ck, at, "not enough arguments in call to %s: have %u, want %u",
                name, nargs, npars);
    }
}

/* The work of one link of a chain (selector, index, call, ...) once its
 * operand N->a has been resolved. */
static void
resolve_link (Checker *ck, ChanNode *n)
{
  switch (n->kind)
    {
    case CHAN_NODE_SELECTOR:
      {
        ChanNode *x = unparen (n->a);
        if (x != NULL && x->kind == CHAN_NODE_IDENT && x->decl != NULL
            && n->name != NULL)
          {
            Entity *e = lookup (ck, x->name);
            if (e != NULL && e->kind == ENT_VAR && e->decl == x->decl
                && pointer_method (ck, e->type, n->name, 0))
              mark (e, CHAN_IDENT_ADDRESSED);
          }
        break;
      }
    case CHAN_NODE_INDEX:
      if (n->b != NULL && n->b->kind == CHAN_NODE_LIST)
        for (guint i = 0; i < n_items (n->b); i++)
          resolve_expr (ck, item (n->b, i));
      else
        resolve_expr (ck, n->b);
      break;
    case CHAN_NODE_SLICE_EXPR:
      resolve_expr (ck, n->b);
      resolve_expr (ck, n->c);
      resolve_expr (ck, n->d);
      break;
    case CHAN_NODE_TYPE_ASSERT:
      resolve_type (ck, n->b);
      break;
    case CHAN_NODE_BINARY:
      resolve_expr (ck, n->b);
      break;
    case CHAN_NODE_CALL:
      {
        ChanNode *callee = unparen (n->a);
        gboolean builtin = callee != NULL && callee->kind == CHAN_NODE_IDENT
                           && (callee->ident_flags & CHAN_IDENT_UNIVERSE);
        guint nargs = n_items (n->b);

        for (guint i = 0; i < nargs; i++)
          {
            ChanNode *arg = item (n->b, i);
            if (i == 0 && builtin
                && (strcmp (callee->name, "new") == 0
                    || strcmp (callee->name, "make") == 0))
              resolve_type (ck, arg);
            else
              resolve_expr (ck, arg);
          }
        if (builtin && strcmp (callee->name, "close") == 0 && nargs == 1)
          check_dir (ck, item (n->b, 0), DIR_CLOSE);
        if (callee != NULL && callee->kind == CHAN_NODE_IDENT
            && callee->decl != NULL && callee->decl->kind == CHAN_NODE_FUNC_DECL
            && callee->decl->a == NULL)
          check_arg_count (ck, n, callee->decl);
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

/* Resolves a chain whose links are selectors, indexes, calls, slices,
 * assertions and binary operators, iteratively along the operands. */
static void
resolve_chain (Checker *ck, ChanNode *n)
{
  GPtrArray *spine = g_ptr_array_new ();
  ChanNode *base = n;
  ChanNode *inner;

  while (base != NULL && is_chain_kind (base->kind))
    {
      g_ptr_array_add (spine, base);
      base = base->a;
    }
  inner = g_ptr_array_index (spine, spine->len - 1);
  if (base != NULL && unparen (base) != NULL)
    {
      ChanNode *x = unparen (base);
      if (x->kind == CHAN_NODE_IDENT && inner->kind == CHAN_NODE_CALL)
        use_ident (ck, x, USE_CALLEE);
      else if (x->kind == CHAN_NODE_IDENT && inner->kind == CHAN_NODE_SELECTOR
               && x == base)
        use_ident (ck, x, USE_SELECTOR);
      else if (inner->kind == CHAN_NODE_CALL && x->kind == CHAN_NODE_UNARY
               && x->op == CHAN_OP_DEREF)
        resolve_type (ck, x);       /* conversion (*T)(x) */
      else
        resolve_expr (ck, base);
    }
  for (guint i = spine->len; i-- > 0;)
    resolve_link (ck, g_ptr_array_index (spine, i));
  g_ptr_array_free (spine, TRUE);
}

static void
resolve_expr (Checker *ck, ChanNode *n)
{
  if (n == NULL)
    return;
  if (is_chain_kind (n->kind))
    {
      resolve_chain (ck, n);
      return;
    }
  switch (n->kind)
    {
    case CHAN_NODE_LIST:
      for (guint i = 0; i < chan_node_n_kids (n); i++)
        resolve_expr (ck, chan_node_kid (n, i));
      break;
    case CHAN_NODE_IDENT:
      use_ident (ck, n, USE_READ);
      break;
    case CHAN_NODE_INT_LIT: case CHAN_NODE_FLOAT_LIT: case CHAN_NODE_CHAR_LIT:
    case CHAN_NODE_STRING_LIT: case CHAN_NODE_BAD: case CHAN_NODE_EMPTY:
      break;
    case CHAN_NODE_FUNC_LIT:
      resolve_func (ck, NULL, n->a, NULL, n->b, n->scope_func);
      break;
    case CHAN_NODE_COMPOSITE_LIT:
      resolve_composite (ck, n, NULL);
      break;
    case CHAN_NODE_PAREN:
      resolve_expr (ck, n->a);
      break;
    case CHAN_NODE_UNARY:
      if (n->op == CHAN_OP_ADDR)
        {
          ChanNode *base = addressed_base (ck, n->a);
          resolve_expr (ck, n->a);
          if (base != NULL && base->decl != NULL
              && base->decl->kind != CHAN_NODE_FUNC_DECL
              && base->decl->kind != CHAN_NODE_TYPE_SPEC)
            {
              Entity *e = lookup (ck, base->name);
              if (e != NULL && e->kind == ENT_VAR && e->decl == base->decl)
                mark (e, CHAN_IDENT_ADDRESSED);
            }
        }
      else
        {
          resolve_expr (ck, n->a);
          if (n->op == CHAN_OP_RECV)
            check_dir (ck, n->a, DIR_RECV);
        }
      break;
    case CHAN_NODE_KEYED_ELEMENT: case CHAN_NODE_KEY_VALUE:
      resolve_expr (ck, n->a);
      resolve_expr (ck, n->b);
      break;
    case CHAN_NODE_TYPE_NAME: case CHAN_NODE_TYPE_POINTER: case CHAN_NODE_TYPE_CHAN:
    case CHAN_NODE_TYPE_ARRAY: case CHAN_NODE_TYPE_SLICE: case CHAN_NODE_TYPE_MAP:
    case CHAN_NODE_TYPE_FUNC: case CHAN_NODE_TYPE_STRUCT:
    case CHAN_NODE_TYPE_INTERFACE:
      resolve_type (ck, n);
      break;
    default:
      /* statements do not occur here; walk anything else defensively */
      resolve_expr (ck, n->a);
      resolve_expr (ck, n->b);
      resolve_expr (ck, n->c);
      resolve_expr (ck, n->d);
      for (guint i = 0; i < chan_node_n_kids (n); i++)
        resolve_expr (ck, chan_node_kid (n, i));
      break;
    }
}

/* Whether assigning to a field or element of variable E leaves E itself
 * unchanged: its declared type (or else its initializer) shows a pointer,
 * slice, map or other reference.  FALSE when unknown. */
static gboolean
is_reference (Checker *ck, Entity *e)
{
  ChanNode *t = e->type != NULL ? underlying (ck, e->type) : NULL;
  ChanNode *v = unparen (e->init);

  if (t != NULL)
    return t->kind == CHAN_NODE_TYPE_POINTER || t->kind == CHAN_NODE_TYPE_SLICE
           || t->kind == CHAN_NODE_TYPE_MAP || t->kind == CHAN_NODE_TYPE_CHAN
           || t->kind == CHAN_NODE_TYPE_FUNC
           || t->kind == CHAN_NODE_TYPE_INTERFACE;
  if (v == NULL)
    return FALSE;
  if (v->kind == CHAN_NODE_UNARY && v->op == CHAN_OP_ADDR)
    return TRUE;
  if (v->kind == CHAN_NODE_COMPOSITE_LIT)
    {
      t = underlying (ck, v->a);
      return t != NULL && (t->kind == CHAN_NODE_TYPE_SLICE
                           || t->kind == CHAN_NODE_TYPE_MAP);
    }
  if (v->kind == CHAN_NODE_CALL)
    {
      ChanNode *callee = unparen (v->a);
      return callee != NULL && callee->kind == CHAN_NODE_IDENT
             && (callee->ident_flags & CHAN_IDENT_UNIVERSE)
             && (strcmp (callee->name, "make") == 0
                 || strcmp (callee->name, "new") == 0);
    }
  return FALSE;
}

/* Resolves an assignment target: an identifier is written (MODE), anything
 * else (x.f, a[i], *p) is evaluated.  A target x.f or x[i] changes the
 * value of variable x in place (a struct or array): x is then REASSIGNED
 * too, unless x is known to be a reference (see is_reference). */
static void
resolve_lhs (Checker *ck, ChanNode *n, UseMode mode)
{
  ChanNode *x = unparen (n);
  Entity *e;

  if (x != NULL && x->kind == CHAN_NODE_IDENT)
    {
      use_ident (ck, x, mode);
      return;
    }
  resolve_expr (ck, n);
  while (x != NULL
         && (x->kind == CHAN_NODE_SELECTOR || x->kind == CHAN_NODE_INDEX))
    x = unparen (x->a);
  if (x == NULL || x->kind != CHAN_NODE_IDENT || x->decl == NULL)
    return;
  e = lookup (ck, x->name);
  if (e != NULL && e->kind == ENT_VAR && e->decl == x->decl
      && !is_reference (ck, e))
    mark (e, CHAN_IDENT_REASSIGNED);
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */

/* Declares the left side of ':=' (DEFINE or a RANGE with ':=') after the
 * right side was resolved.  LHS: the identifiers (a LIST or one node, or
 * NULL); VALUES: right side for type inference, or NULL; AT: where to
 * report "no new variables". */
static void
define_vars (Checker *ck, ChanNode **lhs, guint n, ChanNode *values, ChanPos at)
{
  gboolean any_new = FALSE;
  gboolean bad = FALSE;
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      ChanNode *id = lhs[i];
      Entity *old;

      if (id == NULL)
        continue;
      if (id->kind != CHAN_NODE_IDENT)
        {
          GString *s = g_string_new (NULL);
          print_expr (s, id, 0);
          error_at (ck, start_pos (id), "non-name %s on left side of :=", s->str);
          g_string_free (s, TRUE);
          resolve_expr (ck, id);
          bad = TRUE;
          continue;
        }
      if (is_blank (id->name))
        continue;
      if (g_hash_table_contains (seen, id->name))
        {
          error_at (ck, id->pos, "%s repeated on left side of :=", id->name);
          bad = TRUE;
          continue;
        }
      g_hash_table_add (seen, id->name);
      old = g_hash_table_lookup (ck->scope->names, id->name);
      if (old != NULL)
        use_ident (ck, id, USE_ASSIGN);
      else
        {
          ChanNode *v = NULL;
          Entity *e;
          if (values != NULL && n_items (values) == n)
            v = item (values, i);
          e = declare_var (ck, id, init_type (v), TRUE);
          if (e != NULL)
            e->init = v;
          any_new = TRUE;
        }
    }
  if (!any_new && !bad)
    error_at (ck, at, "no new variables on left side of :=");
  g_hash_table_destroy (seen);
}

static void
define_list (Checker *ck, ChanNode *lhs_list, ChanNode *values, ChanPos at)
{
  guint n = n_items (lhs_list);
  ChanNode **lhs = g_new0 (ChanNode *, n + 1);

  for (guint i = 0; i < n; i++)
    lhs[i] = item (lhs_list, i);
  define_vars (ck, lhs, n, values, at);
  g_free (lhs);
}

/* Checks the form of a select case and resolves it when valid.  Returns
 * FALSE for an invalid case: like Go, the clause is then not checked. */
static gboolean
resolve_comm (Checker *ck, ChanNode *comm)
{
  gboolean valid = FALSE;
  ChanNode *rhs = NULL;

  switch (comm->kind)
    {
    case CHAN_NODE_SEND:
      valid = TRUE;
      break;
    case CHAN_NODE_EXPR_STMT:
      rhs = comm->a;
      break;
    case CHAN_NODE_ASSIGN: case CHAN_NODE_DEFINE:
      if (n_items (comm->b) == 1 && n_items (comm->a) <= 2
          && (comm->kind == CHAN_NODE_DEFINE || comm->op == CHAN_OP_ASSIGN))
        rhs = item (comm->b, 0);
      break;
    default:
      break;
    }
  if (rhs != NULL)
    {
      ChanNode *x = unparen (rhs);
      valid = x != NULL && x->kind == CHAN_NODE_UNARY && x->op == CHAN_OP_RECV;
    }
  if (!valid)
    error_at (ck, start_pos (comm),
              "select case must be send or receive (possibly with assignment)");
  else
    resolve_stmt (ck, comm);
  return valid;
}

/* Reports a second 'default' clause. */
static void
check_default (Checker *ck, ChanNode *clause, ChanNode **first)
{
  if (clause->a != NULL)
    return;
  if (*first == NULL)
    {
      *first = clause;
      return;
    }
  error_at (ck, clause->pos, "multiple defaults (first at %s:%d:%d)",
            ck->filename, (*first)->pos.line, (*first)->pos.column);
}

/* Resolves a breakable statement's body with BREAK_TARGET (and, for loops,
 * CONTINUE_TARGET) set to N. */
typedef struct {
  ChanNode *break_target, *continue_target, *fall_clause;
  gboolean fall_final;
} Targets;

static Targets
targets_enter (Checker *ck, ChanNode *n, gboolean loop)
{
  Targets saved = { ck->break_target, ck->continue_target, ck->fall_clause,
                    ck->fall_final };

  ck->break_target = n;
  if (loop)
    ck->continue_target = n;
  ck->fall_clause = NULL;
  return saved;
}

static void
targets_leave (Checker *ck, Targets saved)
{
  ck->break_target = saved.break_target;
  ck->continue_target = saved.continue_target;
  ck->fall_clause = saved.fall_clause;
  ck->fall_final = saved.fall_final;
}

static void
resolve_switch (Checker *ck, ChanNode *n)
{
  ChanNode *first_default = NULL;
  guint nc = chan_node_n_kids (n);
  Targets saved;

  scope_push (ck);
  resolve_stmt (ck, n->a);
  resolve_expr (ck, n->b);
  saved = targets_enter (ck, n, FALSE);
  for (guint i = 0; i < nc; i++)
    {
      ChanNode *clause = chan_node_kid (n, i);
      check_default (ck, clause, &first_default);
      resolve_expr (ck, clause->a);
      scope_push (ck);
      ck->fall_clause = clause;
      ck->fall_final = i + 1 == nc;
      resolve_stmts (ck, clause);
      ck->fall_clause = NULL;
      scope_pop (ck);
    }
  targets_leave (ck, saved);
  scope_pop (ck);
}

static void
resolve_type_switch (Checker *ck, ChanNode *n)
{
  ChanNode *first_default = NULL;
  Entity *binding = NULL;
  Targets saved;

  scope_push (ck);
  resolve_stmt (ck, n->a);
  resolve_expr (ck, n->b);
  if (n->name != NULL && !is_blank (n->name))
    {
      binding = entity_new (ck, ENT_VAR, n->name, n, name_pos (n));
      binding->local = TRUE;
      n->decl = n;
      n->ident_flags |= CHAN_IDENT_DEFINES;
      n->scope_func = ck->func;
    }
  saved = targets_enter (ck, n, FALSE);
  for (guint i = 0; i < chan_node_n_kids (n); i++)
    {
      ChanNode *clause = chan_node_kid (n, i);

      check_default (ck, clause, &first_default);
      for (guint j = 0; j < n_items (clause->a); j++)
        {
          ChanNode *t = item (clause->a, j);
          if (t->kind == CHAN_NODE_TYPE_NAME)
            resolve_type_name (ck, t, TRUE);
          else
            resolve_type (ck, t);
        }
      scope_push (ck);
      if (binding != NULL)
        {
          Entity *e;
          clause->decl = clause;
          clause->ident_flags |= CHAN_IDENT_DEFINES;
          clause->scope_func = ck->func;
          e = declare (ck, ck->scope, ENT_VAR, n->name, clause, name_pos (n));
          e->local = TRUE;
          e->group = binding;
          if (n_items (clause->a) == 1)
            e->type = item (clause->a, 0);
          else
            e->type = NULL;
        }
      resolve_stmts (ck, clause);
      scope_pop (ck);
    }
  targets_leave (ck, saved);
  if (binding != NULL && !binding->used)
    error_at (ck, binding->pos, "declared and not used: %s", n->name);
  scope_pop (ck);
}

static void
resolve_select (Checker *ck, ChanNode *n)
{
  ChanNode *first_default = NULL;
  Targets saved = targets_enter (ck, n, FALSE);

  for (guint i = 0; i < chan_node_n_kids (n); i++)
    {
      ChanNode *clause = chan_node_kid (n, i);

      check_default (ck, clause, &first_default);
      scope_push (ck);
      if (clause->a == NULL || resolve_comm (ck, clause->a))
        resolve_stmts (ck, clause);
      scope_pop (ck);
    }
  targets_leave (ck, saved);
}

static void
resolve_range (Checker *ck, ChanNode *n)
{
  Targets saved;

  resolve_expr (ck, n->c);
  check_dir (ck, n->c, DIR_RANGE);
  scope_push (ck);
  if (n->flags & CHAN_FLAG_DEFINE)
    {
      ChanNode *lhs[2] = { n->a, n->b };
      define_vars (ck, lhs, 2, NULL, n->pos);
    }
  else
    {
      if (n->a != NULL)
        resolve_lhs (ck, n->a, USE_ASSIGN);
      if (n->b != NULL)
        resolve_lhs (ck, n->b, USE_ASSIGN);
    }
  saved = targets_enter (ck, n, TRUE);
  resolve_stmt (ck, n->d);
  targets_leave (ck, saved);
  scope_pop (ck);
}

static Label *
find_label (Checker *ck, const char *name)
{
  return ck->labels != NULL ? g_hash_table_lookup (ck->labels, name) : NULL;
}

/* break, continue (with or without label), goto, fallthrough. */
static void
resolve_branch (Checker *ck, ChanNode *n)
{
  gboolean is_break = n->kind == CHAN_NODE_BREAK;
  Label *l;
  ChanNode *target = NULL;

  if (n->kind == CHAN_NODE_GOTO)
    {
      unsupported_at (ck, n->pos,
                      "goto is not supported by chancheck: rewrite the jump "
                      "as a loop with break/continue");
      if (n->name != NULL && ck->goto_names != NULL)
        g_hash_table_add (ck->goto_names, n->name);
      return;
    }
  if (n->kind == CHAN_NODE_FALLTHROUGH)
    {
      const char *msg = "fallthrough statement out of place";
      if (ck->break_target != NULL
          && ck->break_target->kind == CHAN_NODE_TYPE_SWITCH)
        msg = "cannot fallthrough in type switch";
      else if (ck->break_target == NULL
               || ck->break_target->kind != CHAN_NODE_SWITCH || !ck->fall_here)
        ;
      else if (ck->fall_final)
        msg = "cannot fallthrough final case in switch";
      else
        return;
      error_at (ck, n->pos, "%s", msg);
      return;
    }
  if (n->name == NULL)
    {
      target = is_break ? ck->break_target : ck->continue_target;
      if (target == NULL)
        error_at (ck, n->pos, is_break
                                ? "break is not in a loop, switch, or select"
                                : "continue is not in a loop");
      else
        n->decl = target;
      return;
    }
  l = find_label (ck, n->name);
  if (l == NULL)
    {
      error_at (ck, name_pos (n), "%s label not defined: %s",
                is_break ? "break" : "continue", n->name);
      return;
    }
  l->used = TRUE;
  for (guint i = 0; ck->enclosing != NULL && i < ck->enclosing->len; i++)
    if (g_ptr_array_index (ck->enclosing, i) == l->stmt)
      target = l->stmt->a;
  if (target != NULL)
    {
      ChanNodeKind k = target->kind;
      gboolean loop = k == CHAN_NODE_FOR || k == CHAN_NODE_RANGE;
      if (!(loop || (is_break && (k == CHAN_NODE_SWITCH
                                  || k == CHAN_NODE_TYPE_SWITCH
                                  || k == CHAN_NODE_SELECT))))
        target = NULL;
    }
  if (target == NULL)
    error_at (ck, name_pos (n), "invalid %s label %s",
              is_break ? "break" : "continue", n->name);
  else
    n->decl = l->stmt;
}

static void
resolve_labeled (Checker *ck, ChanNode *n)
{
  Label *old = n->name != NULL ? find_label (ck, n->name) : NULL;

  if (n->name != NULL && ck->labels != NULL && !is_blank (n->name))
    {
      if (old != NULL)
        error_at (ck, n->pos, "label %s already defined at %s:%d:%d", n->name,
                  ck->filename, old->stmt->pos.line, old->stmt->pos.column);
      else
        {
          Label *l = g_new0 (Label, 1);
          l->stmt = n;
          g_hash_table_insert (ck->labels, n->name, l);
          g_ptr_array_add (ck->label_list, l);
        }
    }
  if (ck->enclosing == NULL)
    return;
  g_ptr_array_add (ck->enclosing, n);
  ck->fall_here = FALSE;
  resolve_stmt (ck, n->a);
  g_ptr_array_remove_index (ck->enclosing, ck->enclosing->len - 1);
}

/* go and defer: the operand must be a call, not parenthesized. */
static void
resolve_go_defer (Checker *ck, ChanNode *n)
{
  const char *what = n->kind == CHAN_NODE_GO ? "go" : "defer";
  ChanNode *x = n->a;

  if (x == NULL)
    return;
  if (x->kind == CHAN_NODE_PAREN)
    {
      error_at (ck, start_pos (x), "expression in %s must not be parenthesized",
                what);
      x = unparen (x);
    }
  if (x != NULL && x->kind != CHAN_NODE_CALL && x->kind != CHAN_NODE_BAD)
    error_at (ck, start_pos (x), "expression in %s must be function call", what);
  resolve_expr (ck, n->a);
}

static void
resolve_stmt (Checker *ck, ChanNode *n)
{
  if (n == NULL)
    return;
  switch (n->kind)
    {
    case CHAN_NODE_BLOCK:
      scope_push (ck);
      resolve_stmts (ck, n);
      scope_pop (ck);
      break;
    case CHAN_NODE_EMPTY: case CHAN_NODE_BAD:
      break;
    case CHAN_NODE_EXPR_STMT:
      resolve_expr (ck, n->a);
      break;
    case CHAN_NODE_SEND:
      resolve_expr (ck, n->a);
      resolve_expr (ck, n->b);
      check_dir (ck, n->a, DIR_SEND);
      break;
    case CHAN_NODE_INC_DEC:
      resolve_lhs (ck, n->a, USE_MODIFY);
      break;
    case CHAN_NODE_ASSIGN:
      for (guint i = 0; i < n_items (n->a); i++)
        resolve_lhs (ck, item (n->a, i),
                     n->op == CHAN_OP_ASSIGN ? USE_ASSIGN : USE_MODIFY);
      resolve_expr (ck, n->b);
      break;
    case CHAN_NODE_DEFINE:
      resolve_expr (ck, n->b);
      define_list (ck, n->a, n->b, n->pos);
      break;
    case CHAN_NODE_DECL_STMT:
      resolve_decl (ck, n->a);
      break;
    case CHAN_NODE_IF:
      scope_push (ck);
      resolve_stmt (ck, n->a);
      resolve_expr (ck, n->b);
      resolve_stmt (ck, n->c);
      resolve_stmt (ck, n->d);
      scope_pop (ck);
      break;
    case CHAN_NODE_FOR:
      {
        Targets saved;
        scope_push (ck);
        resolve_stmt (ck, n->a);
        resolve_expr (ck, n->b);
        resolve_stmt (ck, n->c);
        saved = targets_enter (ck, n, TRUE);
        resolve_stmt (ck, n->d);
        targets_leave (ck, saved);
        scope_pop (ck);
        break;
      }
    case CHAN_NODE_RANGE:
      resolve_range (ck, n);
      break;
    case CHAN_NODE_SWITCH:
      resolve_switch (ck, n);
      break;
    case CHAN_NODE_TYPE_SWITCH:
      resolve_type_switch (ck, n);
      break;
    case CHAN_NODE_SELECT:
      resolve_select (ck, n);
      break;
    case CHAN_NODE_GO: case CHAN_NODE_DEFER:
      resolve_go_defer (ck, n);
      break;
    case CHAN_NODE_RETURN:
      resolve_expr (ck, n->a);
      break;
    case CHAN_NODE_BREAK: case CHAN_NODE_CONTINUE: case CHAN_NODE_GOTO:
    case CHAN_NODE_FALLTHROUGH:
      resolve_branch (ck, n);
      break;
    case CHAN_NODE_LABELED:
      resolve_labeled (ck, n);
      break;
    case CHAN_NODE_VAR_DECL: case CHAN_NODE_CONST_DECL: case CHAN_NODE_TYPE_DECL:
      resolve_decl (ck, n);
      break;
    default:
      resolve_expr (ck, n);
      break;
    }
}

/* Resolves the statements (kids) of OWNER, a BLOCK or clause, in the
 * current scope. */
static void
resolve_stmts (Checker *ck, ChanNode *owner)
{
  guint n = chan_node_n_kids (owner);
  ChanNode *clause = ck->fall_clause;

  for (guint i = 0; i < n; i++)
    {
      ck->fall_here = owner == clause && i + 1 == n;
      resolve_stmt (ck, chan_node_kid (owner, i));
    }
}

/* ------------------------------------------------------------------ */
/* Declarations                                                        */

/* Local declarations (DECL_STMT) and the resolution pass of package-level
 * var and const declarations (whose names are already declared). */
static void
resolve_decl (Checker *ck, ChanNode *n)
{
  gboolean local = ck->func != 0;

  if (n == NULL)
    return;
  for (guint i = 0; i < chan_node_n_kids (n); i++)
    {
      ChanNode *spec = chan_node_kid (n, i);

      switch (spec->kind)
        {
        case CHAN_NODE_VAR_SPEC:
          resolve_type (ck, spec->b);
          resolve_expr (ck, spec->c);
          if (local)
            for (guint j = 0; j < n_items (spec->a); j++)
              {
                ChanNode *t = spec->b;
                ChanNode *v = NULL;
                Entity *e;
                if (n_items (spec->c) == n_items (spec->a))
                  v = item (spec->c, j);
                if (t == NULL)
                  t = init_type (v);
                e = declare_var (ck, item (spec->a, j), t, TRUE);
                if (e != NULL)
                  e->init = v;
              }
          break;
        case CHAN_NODE_CONST_SPEC:
          resolve_type (ck, spec->b);
          resolve_expr (ck, spec->c);
          if (local)
            for (guint j = 0; j < n_items (spec->a); j++)
              {
                ChanNode *id = item (spec->a, j);
                if (id->name == NULL || is_blank (id->name))
                  continue;
                id->decl = id;
                id->ident_flags |= CHAN_IDENT_DEFINES;
                id->scope_func = ck->func;
                declare (ck, ck->scope, ENT_CONST, id->name, id, id->pos);
              }
          break;
        case CHAN_NODE_TYPE_SPEC:
          if (local)
            declare (ck, ck->scope, ENT_TYPE, spec->name, spec, name_pos (spec));
          if (spec->b != NULL)
            unsupported_at (ck, name_pos (spec),
                            "generic type %s: generics are not supported yet; "
                            "write the type for the concrete type",
                            spec->name ? spec->name : "_");
          scope_push (ck);
          for (guint j = 0; j < n_items (spec->b); j++)
            {
              ChanNode *tp = item (spec->b, j);
              resolve_type (ck, tp->a);
              declare (ck, ck->scope, ENT_TYPE, tp->name, tp, name_pos (tp));
            }
          resolve_type (ck, spec->a);
          scope_pop (ck);
          break;
        default:
          resolve_stmt (ck, spec);
          break;
        }
    }
}

/* Declares the PARAMs of LIST in the current (function) scope. */
static void
declare_params (Checker *ck, ChanNode *list)
{
  for (guint i = 0; i < n_items (list); i++)
    {
      ChanNode *p = item (list, i);
      Entity *e;

      if (p->kind != CHAN_NODE_PARAM || p->name == NULL || is_blank (p->name))
        continue;
      p->decl = p;
      p->ident_flags |= CHAN_IDENT_DEFINES;
      p->scope_func = ck->func;
      e = declare (ck, ck->scope, ENT_VAR, p->name, p, name_pos (p));
      e->type = (p->flags & CHAN_FLAG_VARIADIC) ? NULL : p->a;
    }
}

static void
report_unused_labels (Checker *ck)
{
  for (guint i = 0; i < ck->label_list->len; i++)
    {
      Label *l = g_ptr_array_index (ck->label_list, i);
      if (!l->used && !g_hash_table_contains (ck->goto_names, l->stmt->name))
        error_at (ck, l->stmt->pos, "label %s defined and not used",
                  l->stmt->name);
    }
}

/* Resolves a function (FUNC_DECL or FUNC_LIT): RECV (PARAM or NULL),
 * TYPE (TYPE_FUNC), TYPE_PARAMS (list of PARAM or NULL), BODY (BLOCK or
 * NULL).  SERIAL: its number.  Labels, branch targets and the function
 * serial are the function's own. */
static void
resolve_func (Checker *ck, ChanNode *recv, ChanNode *type,
              ChanNode *type_params, ChanNode *body, int serial)
{
  int saved_func = ck->func;
  GHashTable *saved_labels = ck->labels;
  GPtrArray *saved_label_list = ck->label_list;
  GHashTable *saved_gotos = ck->goto_names;
  GPtrArray *saved_enclosing = ck->enclosing;
  Targets saved_targets = targets_enter (ck, NULL, TRUE);

  ck->func = serial;
  ck->labels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ck->label_list = g_ptr_array_new ();
  ck->goto_names = g_hash_table_new (g_str_hash, g_str_equal);
  ck->enclosing = g_ptr_array_new ();

  scope_push (ck);
  for (guint i = 0; i < n_items (type_params); i++)
    {
      ChanNode *tp = item (type_params, i);
      if (tp->kind != CHAN_NODE_PARAM)
        continue;
      declare (ck, ck->scope, ENT_TYPE, tp->name, tp, name_pos (tp));
    }
  for (guint i = 0; i < n_items (type_params); i++)
    {
      ChanNode *tp = item (type_params, i);
      resolve_type (ck, tp->kind == CHAN_NODE_PARAM ? tp->a : tp);
    }
  if (recv != NULL)
    resolve_type (ck, recv->kind == CHAN_NODE_PARAM ? recv->a : recv);
  if (type != NULL && type->kind == CHAN_NODE_TYPE_FUNC)
    {
      resolve_params_types (ck, type->a);
      resolve_params_types (ck, type->b);
      if (recv != NULL)
        declare_params (ck, recv);
      declare_params (ck, type->a);
      declare_params (ck, type->b);
    }
  else
    resolve_type (ck, type);
  if (body != NULL)
    resolve_stmts (ck, body);    /* the body shares the parameters' block */
  report_unused_labels (ck);
  scope_pop (ck);

  g_hash_table_destroy (ck->labels);
  g_ptr_array_free (ck->label_list, TRUE);
  g_hash_table_destroy (ck->goto_names);
  g_ptr_array_free (ck->enclosing, TRUE);
  ck->func = saved_func;
  ck->labels = saved_labels;
  ck->label_list = saved_label_list;
  ck->goto_names = saved_gotos;
  ck->enclosing = saved_enclosing;
  targets_leave (ck, saved_targets);
}

/* The type parameter list of FUNC_DECL FD, or NULL.  The parser keeps it in
 * d (see ast.h); a non-empty list makes the function generic. */
static ChanNode *
func_type_params (ChanNode *fd)
{
  return fd->d != NULL && n_items (fd->d) > 0 ? fd->d : NULL;
}

/* The name of the receiver's base type ('T' in 'func (p *T[K]) M()'). */
static const char *
receiver_type_name (ChanNode *recv)
{
  ChanNode *t = recv != NULL && recv->kind == CHAN_NODE_PARAM ? recv->a : recv;

  for (int i = 0; t != NULL && i < MAX_TYPE_HOPS; i++)
    {
      switch (t->kind)
        {
        case CHAN_NODE_PAREN: case CHAN_NODE_TYPE_POINTER: case CHAN_NODE_UNARY:
        case CHAN_NODE_INDEX:
          t = t->a;
          break;
        case CHAN_NODE_TYPE_NAME: case CHAN_NODE_IDENT:
          return t->name;
        default:
          return NULL;
        }
    }
  return NULL;
}

/* Guesses the package name of import PATH: its last element, without a
 * major-version suffix ("math/rand/v2": rand), a ".vN" suffix ("yaml.v3")
 * or a "go-" word ("go-isatty": isatty).  *UNSURE is set when the element
 * was not a plain identifier, so the guess may be wrong. */
static char *
package_name (const char *path, gboolean *unsure)
{
  const char *slash = strrchr (path, '/');
  const char *last = slash ? slash + 1 : path;
  char *elem;
  char **words;
  char *name = NULL;

  *unsure = FALSE;
  if (slash != NULL && last[0] == 'v' && last[1] != '\0'
      && strspn (last + 1, "0123456789") == strlen (last + 1))
    {
      const char *prev = slash;
      while (prev > path && prev[-1] != '/')
        prev--;
      elem = g_strndup (prev, slash - prev);
      *unsure = TRUE;
    }
  else
    elem = g_strdup (last);
  if (strchr (elem, '.') != NULL)
    {
      *strchr (elem, '.') = '\0';
      *unsure = TRUE;
    }
  words = g_strsplit (elem, "-", -1);
  if (words[0] != NULL && words[1] != NULL)
    {
      *unsure = TRUE;
      for (int i = 0; words[i] != NULL && name == NULL; i++)
        if (words[i][0] != '\0' && strcmp (words[i], "go") != 0)
          name = g_strdup (words[i]);
    }
  if (name == NULL)
    name = g_strdup (elem);
  g_strfreev (words);
  g_free (elem);
  if (name[0] == '\0' || g_ascii_isdigit (name[0]))
    *unsure = TRUE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      *unsure = TRUE;
  return name;
}

/* Numbers the FUNC_DECLs and FUNC_LITs of ROOT in source order, from 1, into
 * their scope_func, and clears the annotations of every other node (so that
 * checking twice gives the same result).  Iterative: trees can be deep. */
static void
number_functions (ChanNode *root)
{
  GPtrArray *stack = g_ptr_array_new ();
  int serial = 0;

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      ChanNode *n = g_ptr_array_remove_index (stack, stack->len - 1);

      n->decl = NULL;
      n->ident_flags = 0;
      n->scope_func = 0;
      if (n->kind == CHAN_NODE_FUNC_DECL || n->kind == CHAN_NODE_FUNC_LIT)
        n->scope_func = ++serial;
      for (guint i = chan_node_n_kids (n); i-- > 0;)
        g_ptr_array_add (stack, chan_node_kid (n, i));
      if (n->d != NULL)
        g_ptr_array_add (stack, n->d);
      if (n->c != NULL)
        g_ptr_array_add (stack, n->c);
      if (n->b != NULL)
        g_ptr_array_add (stack, n->b);
      if (n->a != NULL)
        g_ptr_array_add (stack, n->a);
    }
  g_ptr_array_free (stack, TRUE);
}

static void
declare_import (Checker *ck, ChanNode *imp)
{
  const char *path = imp->name != NULL ? imp->name : "";
  gboolean unsure = FALSE;
  const char *name;
  Entity *e;

  if (strcmp (path, "C") == 0)
    unsupported_at (ck, imp->pos,
                    "import \"C\" (cgo) is not supported by chancheck: leave "
                    "the C calls out, or call Go functions that the file does "
                    "not define (they are opaque)");
  if (imp->str != NULL && is_blank (imp->str))
    return;
  if (imp->str != NULL && strcmp (imp->str, ".") == 0)
    {
      ck->dot_import = TRUE;
      return;
    }
  if (imp->str != NULL)
    name = imp->str;
  else
    {
      char *guess = package_name (path, &unsure);
      g_ptr_array_add (ck->strings, guess);
      name = guess;
    }
  e = declare (ck, ck->file_scope, ENT_PACKAGE, name, imp, imp->pos);
  if (e == NULL)
    return;
  e->path = path;
  e->unsure = unsure;
  if (unsure)
    ck->unsure_import = TRUE;
  if (strcmp (path, "C") == 0)
    e->used = TRUE;
}

/* Pass 1: declares every top-level name (order-independent) and records
 * methods by receiver type. */
static void
declare_top (Checker *ck, ChanNode *file)
{
  Scope *saved = ck->scope;

  ck->scope = ck->pkg_scope;       /* declare_var declares in ck->scope */
  for (guint i = 0; i < chan_node_n_kids (file); i++)
    {
      ChanNode *d = chan_node_kid (file, i);

      switch (d->kind)
        {
        case CHAN_NODE_IMPORT:
          declare_import (ck, d);
          break;
        case CHAN_NODE_FUNC_DECL:
          if (d->a != NULL)
            {
              const char *tn = receiver_type_name (d->a);
              char *key;
              ChanNode *old;

              if (tn == NULL || d->name == NULL || is_blank (d->name))
                break;
              key = g_strdup_printf ("%s.%s", tn, d->name);
              old = g_hash_table_lookup (ck->methods, key);
              if (old != NULL)
                {
                  error_at (ck, name_pos (d),
                            "method %s already declared at %s:%d:%d", key,
                            ck->filename, name_pos (old).line,
                            name_pos (old).column);
                  g_free (key);
                }
              else
                g_hash_table_insert (ck->methods, key, d);
            }
          else if (d->name != NULL && strcmp (d->name, "init") != 0)
            declare (ck, ck->pkg_scope, ENT_FUNC, d->name, d, name_pos (d));
          break;
        case CHAN_NODE_VAR_DECL:
          for (guint j = 0; j < chan_node_n_kids (d); j++)
            {
              ChanNode *spec = chan_node_kid (d, j);
              for (guint k = 0; k < n_items (spec->a); k++)
                declare_var (ck, item (spec->a, k), spec->b, FALSE);
            }
          break;
        case CHAN_NODE_CONST_DECL:
          for (guint j = 0; j < chan_node_n_kids (d); j++)
            {
              ChanNode *spec = chan_node_kid (d, j);
              for (guint k = 0; k < n_items (spec->a); k++)
                {
                  ChanNode *id = item (spec->a, k);
                  if (id->name == NULL || is_blank (id->name))
                    continue;
                  id->decl = id;
                  id->ident_flags |= CHAN_IDENT_DEFINES;
                  declare (ck, ck->pkg_scope, ENT_CONST, id->name, id, id->pos);
                }
            }
          break;
        case CHAN_NODE_TYPE_DECL:
          for (guint j = 0; j < chan_node_n_kids (d); j++)
            {
              ChanNode *spec = chan_node_kid (d, j);
              declare (ck, ck->pkg_scope, ENT_TYPE, spec->name, spec,
                       name_pos (spec));
            }
          break;
        default:
          break;
        }
    }
  ck->scope = saved;

  /* a package-level name may not also be an imported package name */
  for (guint i = 0; i < ck->entities->len; i++)
    {
      Entity *imp = g_ptr_array_index (ck->entities, i);
      Entity *other;

      if (imp->kind != ENT_PACKAGE)
        continue;
      other = g_hash_table_lookup (ck->pkg_scope->names, imp->name);
      if (other != NULL)
        error_at (ck, other->pos,
                  "%s already declared through import of package %s (\"%s\")",
                  imp->name, imp->name, imp->path);
    }
}

/* Pass 2: resolves the top-level declarations, types first (so that
 * composite literals know their shape), then the rest in source order. */
static void
resolve_top (Checker *ck, ChanNode *file)
{
  for (guint i = 0; i < chan_node_n_kids (file); i++)
    {
      ChanNode *d = chan_node_kid (file, i);
      if (d->kind == CHAN_NODE_TYPE_DECL)
        resolve_decl (ck, d);
    }
  for (guint i = 0; i < chan_node_n_kids (file); i++)
    {
      ChanNode *d = chan_node_kid (file, i);

      switch (d->kind)
        {
        case CHAN_NODE_VAR_DECL:
          resolve_decl (ck, d);
          /* globals: record initializers, and the type make(chan ...)
             shows when none is declared */
          for (guint j = 0; j < chan_node_n_kids (d); j++)
            {
              ChanNode *spec = chan_node_kid (d, j);
              if (n_items (spec->c) != n_items (spec->a))
                continue;
              for (guint k = 0; k < n_items (spec->a); k++)
                {
                  ChanNode *id = item (spec->a, k);
                  Entity *e = id->name != NULL
                                ? g_hash_table_lookup (ck->pkg_scope->names, id->name)
                                : NULL;
                  if (e == NULL || e->decl != id)
                    continue;
                  e->init = item (spec->c, k);
                  if (spec->b == NULL)
                    e->type = init_type (e->init);
                }
            }
          break;
        case CHAN_NODE_CONST_DECL:
          resolve_decl (ck, d);
          break;
        case CHAN_NODE_FUNC_DECL:
          {
            ChanNode *tparams = func_type_params (d);
            if (tparams != NULL)
              unsupported_at (ck, name_pos (d),
                              "generic function %s: generics are not supported "
                              "yet; write the function for the concrete type",
                              d->name ? d->name : "_");
            resolve_func (ck, d->a, d->b, tparams, d->c, d->scope_func);
            break;
          }
        default:
          break;
        }
    }
}

static void
report_unused_imports (Checker *ck)
{
  for (guint i = 0; i < ck->entities->len; i++)
    {
      Entity *e = g_ptr_array_index (ck->entities, i);
      const char *elem;
      char *quoted;

      if (e->kind != ENT_PACKAGE || e->used || e->unsure)
        continue;
      elem = strrchr (e->path, '/');
      elem = elem != NULL ? elem + 1 : e->path;
      quoted = g_strescape (e->path, NULL);
      if (e->decl->str == NULL || strcmp (e->decl->str, elem) == 0)
        error_at (ck, e->pos, "\"%s\" imported and not used", quoted);
      else
        error_at (ck, e->pos, "\"%s\" imported as %s and not used", quoted,
                  e->decl->str);
      g_free (quoted);
    }
}

/* Builds the GError from the collected diagnostics: sorted by position,
 * duplicates dropped, at most MAX_DIAGS lines then "too many errors". */
static void
set_error (Checker *ck, GError **error)
{
  GString *msg = g_string_new (NULL);
  gboolean semantic = FALSE;
  guint shown = 0;
  const char *prev = NULL;

  g_ptr_array_sort (ck->diags, diag_compare);
  for (guint i = 0; i < ck->diags->len; i++)
    {
      Diag *d = g_ptr_array_index (ck->diags, i);

      if (!d->unsupported)
        semantic = TRUE;
      if (prev != NULL && strcmp (prev, d->text) == 0)
        continue;
      prev = d->text;
      if (shown == MAX_DIAGS)
        {
          g_string_append_printf (msg, "\n%s:%d:%d: too many errors",
                                  ck->filename, d->pos.line, d->pos.column);
          shown++;
        }
      if (shown > MAX_DIAGS)
        continue;
      if (shown > 0)
        g_string_append_c (msg, '\n');
      g_string_append (msg, d->text);
      shown++;
    }
  g_set_error_literal (error, CHAN_PARSE_ERROR,
                       semantic ? CHAN_PARSE_ERROR_SEMANTIC
                                : CHAN_PARSE_ERROR_UNSUPPORTED,
                       msg->str);
  g_string_free (msg, TRUE);
}

/* Contract in check.h: annotates FILE in place; on failure returns FALSE and
 * sets ERROR with every diagnostic.  Everything allocated here is freed here;
 * the tree keeps only borrowed pointers into itself (decl). */
gboolean
chan_check_file (ChanNode *file, const char *filename, GError **error)
{
  Checker ck = { 0 };
  gboolean ok;

  g_return_val_if_fail (file != NULL && file->kind == CHAN_NODE_FILE, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ck.filename = filename;
  ck.diags = g_ptr_array_new_with_free_func (diag_free);
  ck.entities = g_ptr_array_new_with_free_func (g_free);
  ck.strings = g_ptr_array_new_with_free_func (g_free);
  ck.universe = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (universe_names); i++)
    g_hash_table_insert (ck.universe, (gpointer) universe_names[i].name,
                         GINT_TO_POINTER (universe_names[i].kind));
  ck.methods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  number_functions (file);
  scope_push (&ck);
  ck.pkg_scope = ck.scope;
  scope_push (&ck);
  ck.file_scope = ck.scope;

  declare_top (&ck, file);
  resolve_top (&ck, file);
  report_unused_imports (&ck);

  scope_pop (&ck);
  scope_pop (&ck);
  g_assert (ck.scope == NULL);

  ok = ck.diags->len == 0;
  if (!ok)
    set_error (&ck, error);

  g_ptr_array_free (ck.diags, TRUE);
  g_ptr_array_free (ck.entities, TRUE);
  g_ptr_array_free (ck.strings, TRUE);
  g_hash_table_destroy (ck.universe);
  g_hash_table_destroy (ck.methods);
  return ok;
}
