/* lang/parse.h -- entry point of the .chan front end: text to syntax tree.
 * Owns: the per-parse context shared by lexer.l and parser.y, the
 * CHAN_PARSE_ERROR domain, diagnostics.  Not: the tree (see ast.h). */
#ifndef CHAN_LANG_PARSE_H
#define CHAN_LANG_PARSE_H

#include <glib.h>
#include "lang/ast.h"

#define CHAN_PARSE_ERROR (chan_parse_error_quark ())
GQuark chan_parse_error_quark (void);

typedef enum {
  CHAN_PARSE_ERROR_INPUT,        /* input unusable (too large, not text) */
  CHAN_PARSE_ERROR_SYNTAX,       /* lexical or grammar error */
  CHAN_PARSE_ERROR_UNSUPPORTED,  /* valid Go that the model rejects (SPEC 2.4) */
  CHAN_PARSE_ERROR_SEMANTIC,     /* what a Go compiler rejects (undefined name, ...) */
} ChanParseError;

/* State of one parse.  Lives on chan_parse_buffer()'s stack; the scanner
 * reaches it through yyextra, the parser through %parse-param. */
typedef struct {
  const char *filename;    /* borrowed */
  GString *diags;          /* owned; one "file:line:col: msg" per line */
  guint n_diags;
  int last_token;          /* for Go's automatic semicolon insertion */
  ChanNode *result;        /* owned until stolen on success */
  void *lexer_state;       /* private to lexer.l / parser.y */
} ChanParse;

/* Appends one diagnostic "FILE:LINE:COL: message"; after a cap, a single
 * "too many errors" line. */
void chan_parse_report (ChanParse *ps, int line, int col,
                        const char *fmt, ...) G_GNUC_PRINTF (4, 5);

/* Parses LEN bytes of TEXT, read from FILENAME.  On success stores a new
 * tree in *OUT (free with chan_node_free) and returns TRUE.  On failure
 * returns FALSE, leaves *OUT alone and sets ERROR (domain CHAN_PARSE_ERROR);
 * its message holds every diagnostic, one "file:line:col: msg" per line. */
gboolean chan_parse_buffer (const char *filename, const char *text,
                            gsize len, ChanNode **out, GError **error);

/* Appends one "line:col KIND text" line per token of TEXT to OUT (for
 * --dump=tokens and the lexer tests), including inserted semicolons,
 * which print as "; (inserted)".  Returns FALSE and sets ERROR on a
 * lexical error. */
gboolean chan_parse_dump_tokens (const char *filename, const char *text,
                                 gsize len, GString *out, GError **error);
#endif
