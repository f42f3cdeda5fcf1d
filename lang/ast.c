/* lang/ast.c -- syntax-tree nodes: construction, copy, free and the dump.
 * Owns: ChanNode memory, kind and operator names, the --dump=ast format.
 * Not: parsing (see parse.h), resolution (see check.h). */
#include "lang/ast.h"

#include <string.h>

static const char *const kind_names[CHAN_NODE_N_KINDS] = {
  [CHAN_NODE_LIST] = "LIST",
  [CHAN_NODE_FILE] = "FILE",
  [CHAN_NODE_IMPORT] = "IMPORT",
  [CHAN_NODE_FUNC_DECL] = "FUNC_DECL",
  [CHAN_NODE_VAR_DECL] = "VAR_DECL",
  [CHAN_NODE_VAR_SPEC] = "VAR_SPEC",
  [CHAN_NODE_CONST_DECL] = "CONST_DECL",
  [CHAN_NODE_CONST_SPEC] = "CONST_SPEC",
  [CHAN_NODE_TYPE_DECL] = "TYPE_DECL",
  [CHAN_NODE_TYPE_SPEC] = "TYPE_SPEC",
  [CHAN_NODE_TYPE_NAME] = "TYPE_NAME",
  [CHAN_NODE_TYPE_POINTER] = "TYPE_POINTER",
  [CHAN_NODE_TYPE_CHAN] = "TYPE_CHAN",
  [CHAN_NODE_TYPE_ARRAY] = "TYPE_ARRAY",
  [CHAN_NODE_TYPE_SLICE] = "TYPE_SLICE",
  [CHAN_NODE_TYPE_MAP] = "TYPE_MAP",
  [CHAN_NODE_TYPE_FUNC] = "TYPE_FUNC",
  [CHAN_NODE_TYPE_STRUCT] = "TYPE_STRUCT",
  [CHAN_NODE_FIELD] = "FIELD",
  [CHAN_NODE_TYPE_INTERFACE] = "TYPE_INTERFACE",
  [CHAN_NODE_METHOD_SPEC] = "METHOD_SPEC",
  [CHAN_NODE_PARAM] = "PARAM",
  [CHAN_NODE_BLOCK] = "BLOCK",
  [CHAN_NODE_EMPTY] = "EMPTY",
  [CHAN_NODE_EXPR_STMT] = "EXPR_STMT",
  [CHAN_NODE_SEND] = "SEND",
  [CHAN_NODE_INC_DEC] = "INC_DEC",
  [CHAN_NODE_ASSIGN] = "ASSIGN",
  [CHAN_NODE_DEFINE] = "DEFINE",
  [CHAN_NODE_DECL_STMT] = "DECL_STMT",
  [CHAN_NODE_IF] = "IF",
  [CHAN_NODE_FOR] = "FOR",
  [CHAN_NODE_RANGE] = "RANGE",
  [CHAN_NODE_SWITCH] = "SWITCH",
  [CHAN_NODE_TYPE_SWITCH] = "TYPE_SWITCH",
  [CHAN_NODE_CASE_CLAUSE] = "CASE_CLAUSE",
  [CHAN_NODE_SELECT] = "SELECT",
  [CHAN_NODE_COMM_CLAUSE] = "COMM_CLAUSE",
  [CHAN_NODE_GO] = "GO",
  [CHAN_NODE_DEFER] = "DEFER",
  [CHAN_NODE_RETURN] = "RETURN",
  [CHAN_NODE_BREAK] = "BREAK",
  [CHAN_NODE_CONTINUE] = "CONTINUE",
  [CHAN_NODE_GOTO] = "GOTO",
  [CHAN_NODE_FALLTHROUGH] = "FALLTHROUGH",
  [CHAN_NODE_LABELED] = "LABELED",
  [CHAN_NODE_IDENT] = "IDENT",
  [CHAN_NODE_INT_LIT] = "INT_LIT",
  [CHAN_NODE_FLOAT_LIT] = "FLOAT_LIT",
  [CHAN_NODE_CHAR_LIT] = "CHAR_LIT",
  [CHAN_NODE_STRING_LIT] = "STRING_LIT",
  [CHAN_NODE_FUNC_LIT] = "FUNC_LIT",
  [CHAN_NODE_COMPOSITE_LIT] = "COMPOSITE_LIT",
  [CHAN_NODE_KEYED_ELEMENT] = "KEYED_ELEMENT",
  [CHAN_NODE_PAREN] = "PAREN",
  [CHAN_NODE_SELECTOR] = "SELECTOR",
  [CHAN_NODE_INDEX] = "INDEX",
  [CHAN_NODE_SLICE_EXPR] = "SLICE_EXPR",
  [CHAN_NODE_TYPE_ASSERT] = "TYPE_ASSERT",
  [CHAN_NODE_CALL] = "CALL",
  [CHAN_NODE_UNARY] = "UNARY",
  [CHAN_NODE_BINARY] = "BINARY",
  [CHAN_NODE_KEY_VALUE] = "KEY_VALUE",
  [CHAN_NODE_BAD] = "BAD",
};

ChanNode *
chan_node_new (ChanNodeKind kind, ChanPos pos, char *name)
{
  ChanNode *node = g_new0 (ChanNode, 1);

  node->kind = kind;
  node->pos = pos;
  node->name = name;
  return node;
}

ChanNode *
chan_node_append (ChanNode *node, ChanNode *child)
{
  g_return_val_if_fail (node != NULL, node);
  if (child == NULL)
    return node;
  if (node->kids == NULL)
    node->kids = g_ptr_array_new_with_free_func ((GDestroyNotify) chan_node_free);
  g_ptr_array_add (node->kids, child);
  return node;
}

guint
chan_node_n_kids (const ChanNode *node)
{
  return node != NULL && node->kids != NULL ? node->kids->len : 0;
}

ChanNode *
chan_node_kid (const ChanNode *node, guint i)
{
  g_return_val_if_fail (i < chan_node_n_kids (node), NULL);
  return g_ptr_array_index (node->kids, i);
}

/* Frees without recursion, so that a left-deep chain of a million selectors
 * or binary operators cannot overflow the C stack. */
void
chan_node_free (ChanNode *node)
{
  GPtrArray *pending;

  if (node == NULL)
    return;
  pending = g_ptr_array_new ();
  g_ptr_array_add (pending, node);
  while (pending->len > 0)
    {
      ChanNode *n = g_ptr_array_steal_index_fast (pending, pending->len - 1);
      ChanNode *slots[4] = { n->a, n->b, n->c, n->d };

      for (int i = 0; i < 4; i++)
        if (slots[i] != NULL)
          g_ptr_array_add (pending, slots[i]);
      if (n->kids != NULL)
        {
          for (guint i = 0; i < n->kids->len; i++)
            if (g_ptr_array_index (n->kids, i) != NULL)
              g_ptr_array_add (pending, g_ptr_array_index (n->kids, i));
          g_ptr_array_set_free_func (n->kids, NULL);
          g_ptr_array_free (n->kids, TRUE);
        }
      g_free (n->name);
      g_free (n->str);
      g_free (n);
    }
  g_ptr_array_free (pending, TRUE);
}

ChanNode *
chan_node_copy (const ChanNode *node)
{
  ChanNode *copy;

  if (node == NULL)
    return NULL;
  copy = g_new0 (ChanNode, 1);
  copy->kind = node->kind;
  copy->pos = node->pos;
  copy->name_pos = node->name_pos;
  copy->op_pos = node->op_pos;
  copy->end_pos = node->end_pos;
  copy->op = node->op;
  copy->flags = node->flags;
  copy->name = g_strdup (node->name);
  /* STRING_LIT contents may hold NUL bytes: copy value + 1 bytes. */
  if (node->str != NULL && node->kind == CHAN_NODE_STRING_LIT && node->value >= 0)
    copy->str = g_memdup2 (node->str, (gsize) node->value + 1);
  else
    copy->str = g_strdup (node->str);
  copy->value = node->value;
  copy->a = chan_node_copy (node->a);
  copy->b = chan_node_copy (node->b);
  copy->c = chan_node_copy (node->c);
  copy->d = chan_node_copy (node->d);
  for (guint i = 0; i < chan_node_n_kids (node); i++)
    chan_node_append (copy, chan_node_copy (chan_node_kid (node, i)));
  return copy;
}

const char *
chan_node_kind_name (ChanNodeKind kind)
{
  if ((int) kind < 0 || kind >= CHAN_NODE_N_KINDS || kind_names[kind] == NULL)
    return "?";
  return kind_names[kind];
}

const char *
chan_op_text (ChanOp op)
{
  switch (op)
    {
    case CHAN_OP_NONE: return "";
    case CHAN_OP_ADD: return "+";
    case CHAN_OP_SUB: return "-";
    case CHAN_OP_MUL: return "*";
    case CHAN_OP_DIV: return "/";
    case CHAN_OP_MOD: return "%";
    case CHAN_OP_AND: return "&";
    case CHAN_OP_OR: return "|";
    case CHAN_OP_XOR: return "^";
    case CHAN_OP_SHL: return "<<";
    case CHAN_OP_SHR: return ">>";
    case CHAN_OP_AND_NOT: return "&^";
    case CHAN_OP_EQ: return "==";
    case CHAN_OP_NE: return "!=";
    case CHAN_OP_LT: return "<";
    case CHAN_OP_LE: return "<=";
    case CHAN_OP_GT: return ">";
    case CHAN_OP_GE: return ">=";
    case CHAN_OP_LAND: return "&&";
    case CHAN_OP_LOR: return "||";
    case CHAN_OP_NEG: return "-";
    case CHAN_OP_PLUS: return "+";
    case CHAN_OP_NOT: return "!";
    case CHAN_OP_ADDR: return "&";
    case CHAN_OP_DEREF: return "*";
    case CHAN_OP_RECV: return "<-";
    case CHAN_OP_ASSIGN: return "=";
    case CHAN_OP_INC: return "++";
    case CHAN_OP_DEC: return "--";
    case CHAN_DIR_BOTH: return "chan";
    case CHAN_DIR_SEND: return "chan<-";
    case CHAN_DIR_RECV: return "<-chan";
    default: return "?";
    }
}

/* Appends LEN bytes of S as a double-quoted C-style string; bytes outside
 * printable ASCII are escaped, so the dump is one line per node. */
static void
append_quoted (GString *out, const char *s, gsize len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (c < 0x20 || c >= 0x7f)
            g_string_append_printf (out, "\\x%02x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
dump_line (const ChanNode *node, GString *out)
{
  g_string_append (out, chan_node_kind_name (node->kind));
  if (node->name != NULL)
    g_string_append_printf (out, " %s", node->name);
  g_string_append_printf (out, " [%d:%d]", node->pos.line, node->pos.column);
  if (node->name_pos.line != 0
      && (node->name_pos.line != node->pos.line
          || node->name_pos.column != node->pos.column))
    g_string_append_printf (out, " name@%d:%d", node->name_pos.line,
                            node->name_pos.column);
  if (node->op != CHAN_OP_NONE)
    {
      if (node->kind == CHAN_NODE_ASSIGN && node->op != CHAN_OP_ASSIGN)
        g_string_append_printf (out, " op=%s=", chan_op_text (node->op));
      else
        g_string_append_printf (out, " op=%s", chan_op_text (node->op));
    }
  if (node->flags & CHAN_FLAG_VARIADIC)
    g_string_append (out, " variadic");
  if (node->flags & CHAN_FLAG_ELLIPSIS)
    g_string_append (out, " ellipsis");
  if (node->flags & CHAN_FLAG_DEFINE)
    g_string_append (out, " define");
  if (node->flags & CHAN_FLAG_ALIAS)
    g_string_append (out, " alias");
  if (node->str != NULL)
    {
      g_string_append (out, " str=");
      if (node->kind == CHAN_NODE_STRING_LIT && node->value >= 0)
        append_quoted (out, node->str, (gsize) node->value);
      else
        append_quoted (out, node->str, strlen (node->str));
    }
  if (node->value != 0 || node->kind == CHAN_NODE_INT_LIT
      || node->kind == CHAN_NODE_CHAR_LIT || node->kind == CHAN_NODE_CONST_SPEC)
    g_string_append_printf (out, " value=%" G_GINT64_FORMAT, node->value);
  g_string_append_c (out, '\n');
}

static void
dump_rec (const ChanNode *node, GString *out, int depth, const char *slot)
{
  static const char *const slots[4] = { "a: ", "b: ", "c: ", "d: " };
  const ChanNode *children[4] = { node->a, node->b, node->c, node->d };

  for (int i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, slot);
  dump_line (node, out);
  for (int i = 0; i < 4; i++)
    if (children[i] != NULL)
      dump_rec (children[i], out, depth + 1, slots[i]);
  for (guint i = 0; i < chan_node_n_kids (node); i++)
    dump_rec (chan_node_kid (node, i), out, depth + 1, "");
}

/* Format, one node a line, children indented by two spaces below their
 * parent, the a/b/c/d children first (prefixed "a: " ... "d: "), then the
 * kids in order (no prefix):
 *   KIND [name] [line:col] [name@line:col] [op=OP] [flags] [str="..."] [value=N]
 * name@ appears when name_pos is set and differs from pos; value= appears
 * when non-zero, and always for INT_LIT, CHAR_LIT and CONST_SPEC.
 * Resolution fields (decl, ident_flags) are not shown.  Deterministic. */
void
chan_node_dump (const ChanNode *node, GString *out)
{
  g_return_if_fail (out != NULL);
  if (node == NULL)
    {
      g_string_append (out, "(null)\n");
      return;
    }
  dump_rec (node, out, 0, "");
}
