/* lang/check.h -- name resolution and the checks a Go compiler makes.
 * Owns: scopes, the decl/ident_flags annotations on IDENT nodes, the list of
 * compile errors (undefined names, argument counts, ':=' with nothing new,
 * misplaced break/continue/fallthrough, channel direction misuse, rejected
 * constructs of SPEC 2.4).  Not: the meaning of programs (see lower.h). */
#ifndef CHAN_LANG_CHECK_H
#define CHAN_LANG_CHECK_H

#include <glib.h>
#include "lang/ast.h"

/* Resolves every name of FILE (a CHAN_NODE_FILE from chan_parse_buffer) and
 * annotates IDENT nodes in place (ChanNode.decl, ident_flags, scope_func).
 * Returns TRUE when the file is acceptable.  Otherwise returns FALSE and sets
 * ERROR (domain CHAN_PARSE_ERROR, code SEMANTIC or UNSUPPORTED) with every
 * diagnostic, one "FILENAME:line:col: message" per line, each saying what is
 * wrong and what to write instead. */
gboolean chan_check_file (ChanNode *file, const char *filename, GError **error);

#endif
