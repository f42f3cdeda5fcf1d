/* lang/check.h -- name resolution and the checks a Go compiler makes.
 * Owns: scopes, the decl/ident_flags annotations on IDENT nodes, the list of
 * compile errors (undefined names, argument counts, ':=' with nothing new,
 * misplaced break/continue/fallthrough, channel direction misuse, rejected
 * constructs of SPEC 2.4).  Not: the meaning of programs (see lower.h). */
#ifndef CHAN_LANG_CHECK_H
#define CHAN_LANG_CHECK_H

#include <glib.h>
#include "lang/ast.h"

/* The annotations, exactly (on nodes of FILE; cleared first, so checking twice
 * is harmless):
 *
 * - IDENT that refers to a name: decl = the declaring node, which is
 *   . the declaring IDENT for variables (var, ':=', range ':=', select-case
 *     ':='), constants and package-level variables;
 *   . the PARAM node for parameters, named results and receivers (PARAM has
 *     no IDENT: its own decl, ident_flags and scope_func are set as on a
 *     declaring IDENT);
 *   . for the variable of 'switch v := x.(type)': the CASE_CLAUSE in which
 *     the use appears (Go declares v once per clause, with the clause's type).
 *     Each such CASE_CLAUSE gets decl = itself, CHAN_IDENT_DEFINES, scope_func
 *     and the flags of its own v; the TYPE_SWITCH node gets decl = itself,
 *     DEFINES, scope_func and the union of its clauses' flags.  The name and
 *     its position are the TYPE_SWITCH's name / name_pos;
 *   . the FUNC_DECL of a top-level function, the TYPE_SPEC of a type (a type
 *     parameter: its PARAM);
 *   decl is NULL for packages (CHAN_IDENT_PACKAGE), predeclared names
 *   (CHAN_IDENT_UNIVERSE), undefined callees (CHAN_IDENT_UNDEFINED: 'Get(u)',
 *   an opaque call), struct-literal keys (field names, left untouched) and
 *   the blank identifier '_' (never declared, never flagged).
 * - Declaring IDENT / PARAM / CASE_CLAUSE: CHAN_IDENT_DEFINES (decl = self);
 *   CHAN_IDENT_GLOBAL on package-level variables; scope_func = the serial of
 *   the declaring function (0 at package level).  CAPTURED: referenced (read
 *   or written) inside a FUNC_LIT other than the declaring function, at any
 *   depth; never on package-level names or constants.  ADDRESSED: operand of
 *   unary & (&x, &x.f.g, &(x), &a[i] when a is declared as an array), or a
 *   method named on it (x.M or x.M()) that has a pointer receiver: a method
 *   of a type the file declares with receiver *T (also promoted through
 *   embedded fields), or any method of a sync / sync/atomic type.
 *   REASSIGNED: target of '=', op=, ++/--, a reused left operand of ':=', or
 *   of 'range' with '=' (including inside closures), through parentheses;
 *   also the base variable x of a target x.f, x[i], x.f[i].g ... (the value
 *   of a struct or array variable changes in place), unless x's declared
 *   type or initializer shows a pointer, slice, map, channel, function or
 *   interface (then the assignment goes through a reference).
 * - FUNC_DECL and FUNC_LIT nodes: scope_func = their own serial: they are
 *   numbered 1, 2, ... in source order (pre-order: a literal inside a
 *   function comes after that function).
 * - TYPE_NAME nodes: decl = the TYPE_SPEC (or type-parameter PARAM) when the
 *   file declares the type; CHAN_IDENT_UNIVERSE for predeclared types;
 *   otherwise (qualified, or declared elsewhere in the package) decl NULL.
 * - BREAK / CONTINUE: decl = the LABELED node when labelled, else the
 *   innermost FOR, RANGE, SWITCH, TYPE_SWITCH or SELECT it leaves or
 *   continues.
 * - Keys of a composite literal whose type is not known from the file
 *   (Remote{n: 1}): a key naming something in scope is resolved like an
 *   expression, any other key is left untouched (a field name).
 * Names of 'import . "p"' are unknown: with one, an undefined name is not an
 * error and gets CHAN_IDENT_UNDEFINED like a callee.  An import whose package
 * name can only be guessed ("gopkg.in/yaml.v3", "github.com/x/go-isatty",
 * "math/rand/v2") is never reported unused, and with one an undefined name
 * used as 'name.f' is taken for that package (CHAN_IDENT_PACKAGE).
 *
 * Resolves every name of FILE (a CHAN_NODE_FILE from chan_parse_buffer) and
 * annotates IDENT nodes in place (ChanNode.decl, ident_flags, scope_func).
 * Returns TRUE when the file is acceptable.  Otherwise returns FALSE and sets
 * ERROR (domain CHAN_PARSE_ERROR) with every diagnostic, one
 * "FILENAME:line:col: message" per line, sorted by position, each saying
 * what is wrong and what to write instead; after 20 lines, one
 * "FILENAME:line:col: too many errors" line ends the message.  The code is
 * UNSUPPORTED when every diagnostic is a construct of SPEC 2.4 (valid Go that
 * is not modelled), else SEMANTIC.  FILE must not be NULL (API misuse). */
gboolean chan_check_file (ChanNode *file, const char *filename, GError **error);

#endif
