/* lang/lower.h -- lowering: checked syntax tree to process model.
 * Owns: the translation of every statement and expression into ChanInstr
 * control-flow graphs, types, constants, the library table (which calls are
 * modelled, which are opaque), the rejection of what cannot be modelled.
 * Not: parsing (parse.h), name resolution (check.h), execution (exec.h). */
#ifndef CHAN_LANG_LOWER_H
#define CHAN_LANG_LOWER_H

#include <glib.h>
#include "lang/ast.h"
#include "lang/model.h"

/* Lowers FILE (parsed and checked by chan_check_file: names resolved) into a
 * new model whose entry is the function ENTRY.  Returns NULL and sets ERROR
 * (domain CHAN_PARSE_ERROR) when the file uses what the model cannot
 * represent faithfully, or when ENTRY is not a function of the file.  The
 * model does not point into FILE. */
ChanModel *chan_lower_file (ChanNode *file, const char *filename,
                            const char *entry, GError **error);

/* Appends to NAMES (of char*, owned by the caller) the entries SPEC 3 picks
 * without --entry: "main" when the file has it, else every TestXxx. */
void chan_lower_default_entries (ChanNode *file, GPtrArray *names);

/* Appends the Go text of expression NODE to OUT (as a compiler would print
 * it, function literals shortened to "func(...) {...}"). */
void chan_lower_expr_text (const ChanNode *node, GString *out);

#endif
