/* lang/parse.c -- diagnostics of the front end and the token dump.
 * Owns: the "file:line:col: message" format and its cap, the CHAN_PARSE_ERROR
 * domain, chan_parse_dump_tokens.  Not: the grammar and chan_parse_buffer
 * (see parser.y), the scanner (see lexer.l). */
#include "lang/parse.h"

#include "lang/parser.h"
#include "lang/lexer.h"

/* Diagnostics kept per parse; then one "too many errors" line. */
#define CHAN_PARSE_MAX_DIAGS 20

G_DEFINE_QUARK (chan-parse-error-quark, chan_parse_error)

/* Appends one diagnostic "FILE:LINE:COL: message" to PS->diags; after
 * CHAN_PARSE_MAX_DIAGS of them, a single "too many errors" line. */
void
chan_parse_report (ChanParse *ps, int line, int col, const char *fmt, ...)
{
  va_list ap;

  g_return_if_fail (ps != NULL && ps->diags != NULL && fmt != NULL);
  if (ps->n_diags++ > CHAN_PARSE_MAX_DIAGS)
    return;
  g_string_append_printf (ps->diags, "%s:%d:%d: ",
                          ps->filename != NULL ? ps->filename : "<input>", line, col);
  if (ps->n_diags > CHAN_PARSE_MAX_DIAGS)
    g_string_append (ps->diags, "too many errors, giving up");
  else
    {
      va_start (ap, fmt);
      g_string_append_vprintf (ps->diags, fmt, ap);
      va_end (ap);
    }
  g_string_append_c (ps->diags, '\n');
}

/* The KIND column of the token dump. */
static const char *
token_kind (int tok)
{
  switch (tok)
    {
    case TOK_IDENT: return "IDENT";
    case TOK_INT: return "INT";
    case TOK_FLOAT: return "FLOAT";
    case TOK_IMAG: return "IMAG";
    case TOK_CHAR: return "CHAR";
    case TOK_STRING: return "STRING";
    case TOK_BREAK: case TOK_CASE: case TOK_CHAN: case TOK_CONST:
    case TOK_CONTINUE: case TOK_DEFAULT: case TOK_DEFER: case TOK_ELSE:
    case TOK_FALLTHROUGH: case TOK_FOR: case TOK_FUNC: case TOK_GO:
    case TOK_GOTO: case TOK_IF: case TOK_IMPORT: case TOK_INTERFACE:
    case TOK_MAP: case TOK_PACKAGE: case TOK_RANGE: case TOK_RETURN:
    case TOK_SELECT: case TOK_STRUCT: case TOK_SWITCH: case TOK_TYPE:
    case TOK_VAR:
      return "KEYWORD";
    case TOK_LBODY:
      return "LBODY";
    default:
      return "OP";
    }
}

/* Appends TEXT with backslashes and control bytes escaped, so that a raw
 * string spanning lines stays on one dump line. */
static void
append_text (GString *out, const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
    }
}

/* Runs the scanner alone (no parser: an LBODY is only what the scanner
 * alone decides; see parser.y).  Semantic values are freed as they come. */
gboolean
chan_parse_dump_tokens (const char *filename, const char *text, gsize len,
                        GString *out, GError **error)
{
  ChanParse ps = { .filename = filename };
  yyscan_t scanner;
  YYSTYPE value;
  YYLTYPE loc;
  int tok;
  gboolean ok;

  g_return_val_if_fail (filename != NULL && (text != NULL || len == 0), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len > G_MAXINT / 2)
    {
      g_set_error (error, CHAN_PARSE_ERROR, CHAN_PARSE_ERROR_INPUT,
                   "%s: file too large to scan", filename);
      return FALSE;
    }
  ps.diags = g_string_new (NULL);
  scanner = chan_lex_open (&ps, text != NULL ? text : "", len);
  while ((tok = yylex (&value, &loc, scanner)) != 0)
    {
      g_string_append_printf (out, "%d:%d ", loc.first_line, loc.first_column);
      if (tok == ';' && chan_lex_last_inserted (&ps))
        g_string_append (out, "; (inserted)");
      else
        {
          g_string_append_printf (out, "%s ", token_kind (tok));
          append_text (out, yyget_text (scanner), yyget_leng (scanner));
          /* the decoded value, as the tree will hold it */
          if (tok == TOK_STRING)
            {
              g_string_append (out, " = ");
              append_text (out, value.node->str, (gsize) value.node->value);
            }
          else if (tok == TOK_CHAR || tok == TOK_INT)
            g_string_append_printf (out, " = %" G_GINT64_FORMAT, value.node->value);
        }
      g_string_append_c (out, '\n');
      if (tok == TOK_IDENT)
        g_free (value.str);
      else if (tok == TOK_INT || tok == TOK_FLOAT || tok == TOK_IMAG
               || tok == TOK_CHAR || tok == TOK_STRING)
        chan_node_free (value.node);
    }
  chan_lex_close (scanner);

  ok = ps.n_diags == 0;
  if (!ok)
    {
      g_strchomp (ps.diags->str);
      g_set_error_literal (error, CHAN_PARSE_ERROR, CHAN_PARSE_ERROR_SYNTAX,
                           ps.diags->str);
    }
  g_string_free (ps.diags, TRUE);
  return ok;
}
