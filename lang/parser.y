/* lang/parser.y -- Go's grammar, building the ChanNode trees of ast.h.
 * Owns: syntax, tree construction, syntax errors and recovery at statement
 * boundaries.  Entry point: chan_parse_buffer() at the bottom of this file.
 * Not: tokens and semicolon insertion (see lexer.l), meaning (see check.h).
 *
 * Design notes.
 * - Composite literals in statement headers.  As in Go's old yacc grammar,
 *   the scanner turns the first '{' after 'if', 'for', 'switch' or 'select'
 *   that is not inside parentheses or brackets into LBODY, the token that
 *   opens the statement's body.  A composite literal of a non-name type
 *   ([]int{1}, map[K]V{}, struct{}{}), a struct or interface type and a
 *   function literal also accept LBODY as their '{' ('lbrace'); when one of
 *   them ends, chan_lex_reopen_body() makes the next '{' an LBODY again
 *   (Go's fixlbrace).  It runs in a state with a default reduction, before
 *   the next token is read.  So 'for _, x := range []int{1, 2} {' works
 *   and 'if x == T{} {' is an error, as in Go ('if x == (T{}) {' is fine).
 * - Generic type parameters: TYPE_SPEC.b and FUNC_DECL.d hold the list of
 *   PARAM (name: the parameter, a: its constraint).  A constraint union
 *   'A | B' is a BINARY with op CHAN_OP_OR, '~T' a UNARY with op CHAN_OP_NONE
 *   and str "~".  Instantiations are TYPE_NAME.b (a list of types) in types,
 *   INDEX in expressions (b: a LIST when there are several arguments).
 *   'type A[N]int' with N a name parses as an array, and so does
 *   'type T[P *C] ...' (the Go spec's reading; write '[P interface{*C}]').
 *   'a [N]T' and 'List[T]' in parameter and field lists share a prefix
 *   that is spelled out in the grammar (see param and field_decl).
 * - Types in expressions follow Go's yacc grammar: a type that looks like an
 *   expression (T, pkg.T, *T, (T)) parses as one (IDENT, SELECTOR, UNARY
 *   DEREF, PAREN); other types (chan int, []T, map[K]V, func(), struct{})
 *   parse as type nodes.  Composite-literal types and type-switch cases are
 *   converted to type nodes (TYPE_NAME, TYPE_POINTER).
 * - Parameter lists 'a, b int' are read as a list of entries and fixed up
 *   as Go does: each bare name takes the type of the next named entry.
 * - Error recovery: a statement ('stmt: error'), a switch or select clause
 *   ('CASE error'), a statement header ('IF error LBODY ...'), a top-level
 *   declaration; a few common mistakes have their own rules and messages
 *   ('else' on a new line, a function body's '{' on a new line).
 * - Deep input: the scanner caps bracket nesting (CHAN_LEX_MAX_NESTING);
 *   the parser stack is YYMAXDEPTH deep; after parsing, a tree deeper than
 *   CHAN_PARSE_MAX_DEPTH (e.g. 'a+a+...+a' with 10000 terms) is rejected. */

%code requires {
#include "lang/parse.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;           /* Flex's opaque scanner handle */
#endif
}

%code {
#include <string.h>
#include "lang/lexer.h"           /* yylex(), chan_lex_*() */

#define YYMAXDEPTH 20000
#define CHAN_PARSE_MAX_DEPTH 5000

static void yyerror (YYLTYPE *loc, yyscan_t scanner, ChanParse *ps,
                     const char *msg);
#define POS(l) ((ChanPos) { (l).first_line, (l).first_column })

static void error_at (ChanParse *ps, ChanPos pos, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);
static ChanNode *mk (ChanNodeKind kind, ChanPos pos, ChanNode *a, ChanNode *b,
                     ChanNode *c, ChanNode *d);
static ChanNode *list_new (ChanPos pos);
static ChanNode *list1 (ChanNode *x);
static ChanNode *ident (char *name, YYLTYPE loc);
static ChanNode *type_name (char *pkg, char *name, YYLTYPE loc, YYLTYPE name_loc);
static ChanNode *param (char *name, YYLTYPE loc, ChanNode *type, int flags);
static ChanNode *unary (int op, YYLTYPE loc, ChanNode *x);
static ChanNode *binary (int op, YYLTYPE loc, ChanNode *x, ChanNode *y);
static ChanNode *block (YYLTYPE open, ChanNode *stmts, YYLTYPE close);
static ChanNode *adopt (ChanNode *dst, ChanNode *src);
static ChanNode *add_imports (ChanParse *ps, ChanNode *file, ChanNode *imports);
static ChanNode *import_spec (char *local, ChanNode *path, YYLTYPE loc);
static ChanNode *fix_params (ChanParse *ps, ChanNode *list, gboolean type_params);
static ChanNode *receiver (ChanParse *ps, ChanNode *list, YYLTYPE loc);
static ChanNode *expr_to_type (ChanNode *e);
static ChanNode *composite (ChanNode *type, ChanNode *elems, YYLTYPE close);
static ChanNode *make_call (ChanNode *callee, ChanNode *args, int flags, YYLTYPE close);
static ChanNode *make_index (ChanNode *x, ChanNode *indexes);
static ChanNode *make_slice (ChanParse *ps, ChanNode *x, ChanNode *lo, ChanNode *hi,
                             ChanNode *max, gboolean three, YYLTYPE loc);
static ChanNode *make_define (ChanParse *ps, YYLTYPE loc, ChanNode *lhs, ChanNode *rhs);
static ChanNode *make_go (ChanParse *ps, ChanNodeKind kind, YYLTYPE loc, ChanNode *x);
static ChanNode *make_if (ChanParse *ps, YYLTYPE loc, ChanNode *header,
                          ChanNode *then, ChanNode *els);
static ChanNode *make_for (ChanParse *ps, ChanNode *init, ChanNode *cond, ChanNode *post);
static ChanNode *make_range (ChanParse *ps, ChanNode *lhs, gboolean define,
                             ChanNode *x, YYLTYPE loc);
static ChanNode *make_switch (ChanParse *ps, YYLTYPE loc, ChanNode *header,
                              ChanNode *clauses);
static ChanNode *make_const (ChanParse *ps, ChanNode *spec, gboolean single);
static void reopen (ChanParse *ps, int lbrace);
static void misplaced_else (ChanParse *ps, YYLTYPE loc);
static ChanNode *array_type (ChanParse *ps, YYLTYPE loc, ChanNode *lengths, ChanNode *elem);
static ChanNode *instance (char *name, YYLTYPE loc, ChanNode *args);
static ChanNode *field (ChanNode *names, ChanNode *type, ChanNode *tag);
}

%define api.pure full
%define api.token.prefix {TOK_}
%define parse.error custom
%define parse.lac full
/* Default reductions only where no other action exists: error recovery
 * then resyncs at the next clause of a switch or select ('CASE error'), and
 * the reductions that call chan_lex_reopen_body still happen before the
 * next token is read. */
%define lr.default-reduction consistent
%locations
%expect 0
%lex-param   {yyscan_t scanner}
%parse-param {yyscan_t scanner} {ChanParse *ps}

%union {
  char *str;          /* g_malloc'd */
  ChanNode *node;     /* owned by whoever holds the value */
  int op;             /* ChanOp of ASSIGN_OP; the token of an lbrace */
}
/* Values bison drops while recovering from an error are freed here. */
%destructor { g_free ($$); } <str>
%destructor { chan_node_free ($$); } <node>

%token <str> IDENT "name"
%token <node> INT "integer literal" FLOAT "floating-point literal"
              IMAG "imaginary literal" CHAR "rune literal" STRING "string literal"
%token BREAK "break" CASE "case" CHAN "chan" CONST "const" CONTINUE "continue"
       DEFAULT "default" DEFER "defer" ELSE "else" FALLTHROUGH "fallthrough"
       FOR "for" FUNC "func" GO "go" GOTO "goto" IF "if" IMPORT "import"
       INTERFACE "interface" MAP "map" PACKAGE "package" RANGE "range"
       RETURN "return" SELECT "select" STRUCT "struct" SWITCH "switch"
       TYPE "type" VAR "var"
%token <op> ASSIGN_OP "assignment operator"
%token ANDAND "&&" OROR "||" ARROW "<-" INC "++" DEC "--" EQ "==" NE "!="
       LE "<=" GE ">=" SHL "<<" SHR ">>" ANDNOT "&^" DEFINE ":="
       ELLIPSIS "..." LBODY "{"

%left OROR
%left ANDAND
%left EQ NE '<' LE '>' GE
%left '+' '-' '|' '^'
%left '*' '/' '%' '&' SHL SHR ANDNOT

/* Conflicts resolved by precedence (each listed in the .output file):
 * - 'func()' followed by '(': the parenthesis starts the result list
 *   (fnres %empty has NotParen, below '(');
 * - 'type A[N * M]int', 'type A[f(x)]int', 'type A[a[0]]int': the name is
 *   an expression (an array length), not a type parameter (PreferName). */
%precedence NotParen
%precedence '(' '['
%precedence PreferName

%type <node> top_list package_clause import_decl import_specs import_spec
%type <node> top_decl common_dcl var_specs var_spec const_specs const_spec
%type <node> type_specs type_spec name_list
%type <node> ntype ntype_nb bracket_type othertype othertype_nb dotname type_list
%type <node> recvchantype non_recvchantype
%type <node> fntype fnres fnret_type params param_list param nonname_type
%type <node> structtype field_list field_decl embedded otag
%type <node> interfacetype iface_list iface_elem union union_term
%type <node> tparams tparam_list tparam
%type <node> func_decl signature fnbody block stmt_list stmt simple_stmt
%type <node> osimple_stmt if_stmt else_opt if_header for_stmt for_header
%type <node> range_clause switch_stmt case_clauses case_clause select_stmt
%type <node> comm_clauses comm_clause comm
%type <node> expr uexpr pexpr pexpr_no_paren convtype comptype fnliteral
%type <node> expr_or_type non_expr_type expr_or_type_list expr_list oexpr
%type <node> complit_body elem_list keyed_elem elem_value
%type <op> lbrace

%%

file:
    top_list                    { ps->result = $1; }
  ;

top_list:
    package_clause
  | top_list import_decl ';'    { $$ = add_imports (ps, $1, $2); }
  | top_list top_decl ';'       { $$ = chan_node_append ($1, $2); }
  | top_list ';'
  | top_list block ';'          { $$ = $1; chan_node_free ($2);
                                  error_at (ps, POS (@2), "unexpected '{' at the start of "
                                            "a line: the body of a function must start "
                                            "on the line of its func"); }
  | top_list error ';'          { $$ = $1; yyerrok; }
  ;

package_clause:
    %empty                      { $$ = chan_node_new (CHAN_NODE_FILE,
                                                      (ChanPos) { 1, 1 }, NULL); }
  | PACKAGE IDENT ';'           { $$ = chan_node_new (CHAN_NODE_FILE, POS (@1), $2);
                                  $$->name_pos = POS (@2); }
  ;

import_decl:
    IMPORT import_spec          { $$ = list1 ($2); }
  | IMPORT '(' import_specs osemi ')'
                                { $$ = $3; }
  | IMPORT '(' ')'              { $$ = list_new (POS (@1)); }
  ;

import_specs:
    import_spec                 { $$ = list1 ($1); }
  | import_specs ';' import_spec
                                { $$ = chan_node_append ($1, $3); }
  ;

import_spec:
    STRING                      { $$ = import_spec (NULL, $1, @1); }
  | IDENT STRING                { $$ = import_spec ($1, $2, @1); }
  | '.' STRING                  { $$ = import_spec (g_strdup ("."), $2, @1); }
  ;

top_decl:
    common_dcl
  | func_decl
  ;

common_dcl:
    VAR var_spec                { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_VAR_DECL, POS (@1), NULL), $2); }
  | VAR '(' var_specs osemi ')' { $$ = $3; $$->pos = POS (@1); }
  | VAR '(' ')'                 { $$ = chan_node_new (CHAN_NODE_VAR_DECL, POS (@1), NULL); }
  | CONST const_spec            { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_CONST_DECL, POS (@1), NULL),
                                    make_const (ps, $2, TRUE)); }
  | CONST '(' const_specs osemi ')'
                                { $$ = $3; $$->pos = POS (@1); }
  | CONST '(' ')'               { $$ = chan_node_new (CHAN_NODE_CONST_DECL, POS (@1), NULL); }
  | TYPE type_spec              { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_TYPE_DECL, POS (@1), NULL), $2); }
  | TYPE '(' type_specs osemi ')'
                                { $$ = $3; $$->pos = POS (@1); }
  | TYPE '(' ')'                { $$ = chan_node_new (CHAN_NODE_TYPE_DECL, POS (@1), NULL); }
  ;

var_specs:
    var_spec                    { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_VAR_DECL, POS (@1), NULL), $1); }
  | var_specs ';' var_spec      { $$ = chan_node_append ($1, $3); }
  ;

var_spec:
    name_list ntype             { $$ = mk (CHAN_NODE_VAR_SPEC, $1->pos, $1, $2, NULL, NULL); }
  | name_list ntype '=' expr_list
                                { $$ = mk (CHAN_NODE_VAR_SPEC, $1->pos, $1, $2, $4, NULL); }
  | name_list '=' expr_list     { $$ = mk (CHAN_NODE_VAR_SPEC, $1->pos, $1, NULL, $3, NULL); }
  ;

/* CONST_SPEC.value is the spec's index in its group: the value of iota. */
const_specs:
    const_spec                  { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_CONST_DECL, POS (@1), NULL),
                                    make_const (ps, $1, FALSE)); }
  | const_specs ';' const_spec  { $3->value = chan_node_n_kids ($1);
                                  $$ = chan_node_append ($1, make_const (ps, $3, FALSE)); }
  ;

const_spec:
    name_list                   { $$ = mk (CHAN_NODE_CONST_SPEC, $1->pos, $1, NULL, NULL, NULL); }
  | name_list ntype             { $$ = mk (CHAN_NODE_CONST_SPEC, $1->pos, $1, $2, NULL, NULL); }
  | name_list ntype '=' expr_list
                                { $$ = mk (CHAN_NODE_CONST_SPEC, $1->pos, $1, $2, $4, NULL); }
  | name_list '=' expr_list     { $$ = mk (CHAN_NODE_CONST_SPEC, $1->pos, $1, NULL, $3, NULL); }
  ;

type_specs:
    type_spec                   { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_TYPE_DECL, POS (@1), NULL), $1); }
  | type_specs ';' type_spec    { $$ = chan_node_append ($1, $3); }
  ;

type_spec:
    IDENT ntype                 { $$ = mk (CHAN_NODE_TYPE_SPEC, POS (@1), $2, NULL, NULL, NULL);
                                  $$->name = $1; $$->name_pos = POS (@1); }
  | IDENT '=' ntype             { $$ = mk (CHAN_NODE_TYPE_SPEC, POS (@1), $3, NULL, NULL, NULL);
                                  $$->name = $1; $$->name_pos = POS (@1);
                                  $$->flags = CHAN_FLAG_ALIAS; }
  | IDENT tparams ntype         { $$ = mk (CHAN_NODE_TYPE_SPEC, POS (@1), $3, $2, NULL, NULL);
                                  $$->name = $1; $$->name_pos = POS (@1); }
  | IDENT tparams '=' ntype     { $$ = mk (CHAN_NODE_TYPE_SPEC, POS (@1), $4, $2, NULL, NULL);
                                  $$->name = $1; $$->name_pos = POS (@1);
                                  $$->flags = CHAN_FLAG_ALIAS; }
  ;

name_list:
    IDENT                       { $$ = list1 (ident ($1, @1)); }
  | name_list ',' IDENT         { $$ = chan_node_append ($1, ident ($3, @3)); }
  ;

/* ---- types ---- */

ntype:
    ntype_nb
  | bracket_type
  ;

/* A type that does not start with '[' (see param and field_decl). */
ntype_nb:
    dotname
  | '*' ntype                   { $$ = mk (CHAN_NODE_TYPE_POINTER, POS (@1), $2, NULL, NULL, NULL); }
  | '(' ntype ')'               { $$ = $2; }
  | othertype_nb
  | fntype
  | recvchantype
  ;

dotname:
    IDENT                       { $$ = type_name (NULL, $1, @1, @1); }
  | IDENT '.' IDENT             { $$ = type_name ($1, $3, @1, @3); }
  | dotname '[' type_list ocomma ']'
                                { $$ = $1; chan_node_free ($$->b); $$->b = $3; }
  ;

type_list:
    ntype                       { $$ = list1 ($1); }
  | type_list ',' ntype         { $$ = chan_node_append ($1, $3); }
  ;

othertype:
    bracket_type
  | othertype_nb
  ;

bracket_type:
    '[' oexpr ']' ntype         { $$ = $2 == NULL
                                    ? mk (CHAN_NODE_TYPE_SLICE, POS (@1), NULL, $4, NULL, NULL)
                                    : mk (CHAN_NODE_TYPE_ARRAY, POS (@1), $2, $4, NULL, NULL); }
  | '[' ELLIPSIS ']' ntype      { $$ = mk (CHAN_NODE_TYPE_ARRAY, POS (@1), NULL, $4, NULL, NULL); }
  ;

othertype_nb:
    CHAN non_recvchantype       { $$ = mk (CHAN_NODE_TYPE_CHAN, POS (@1), $2, NULL, NULL, NULL);
                                  $$->op = CHAN_DIR_BOTH; }
  | CHAN ARROW ntype            { $$ = mk (CHAN_NODE_TYPE_CHAN, POS (@1), $3, NULL, NULL, NULL);
                                  $$->op = CHAN_DIR_SEND; }
  | MAP '[' ntype ']' ntype     { $$ = mk (CHAN_NODE_TYPE_MAP, POS (@1), $3, $5, NULL, NULL); }
  | structtype
  | interfacetype
  ;

recvchantype:
    ARROW CHAN ntype            { $$ = mk (CHAN_NODE_TYPE_CHAN, POS (@1), $3, NULL, NULL, NULL);
                                  $$->op = CHAN_DIR_RECV; }
  ;

/* 'chan <-chan T' is 'chan<- (chan T)': '<-' goes with the leftmost chan. */
non_recvchantype:
    fntype
  | othertype
  | '*' ntype                   { $$ = mk (CHAN_NODE_TYPE_POINTER, POS (@1), $2, NULL, NULL, NULL); }
  | dotname
  | '(' ntype ')'               { $$ = $2; }
  ;

fntype:
    FUNC '(' params ')' fnres   { $$ = mk (CHAN_NODE_TYPE_FUNC, POS (@1), $3, $5, NULL, NULL); }
  ;

fnres:
    %empty %prec NotParen       { $$ = list_new (POS (@$)); }
  | fnret_type                  { $$ = list1 (param (NULL, @1, $1, 0)); }
  | '(' params ')'              { $$ = $2; }
  ;

fnret_type:
    recvchantype
  | fntype
  | othertype
  | '*' ntype                   { $$ = mk (CHAN_NODE_TYPE_POINTER, POS (@1), $2, NULL, NULL, NULL); }
  | dotname
  ;

params:
    %empty                      { $$ = list_new (POS (@$)); }
  | param_list ocomma           { $$ = fix_params (ps, $1, FALSE); }
  ;

param_list:
    param                       { $$ = list1 ($1); }
  | param_list ',' param        { $$ = chan_node_append ($1, $3); }
  ;

/* A bare name is a PARAM without name whose type is a TYPE_NAME: fix_params
 * turns it into a parameter name when the list has named parameters. */
/* 'a [N]T' (a named array) and 'List[T]' (an unnamed instantiated type)
 * share their beginning: the bracket forms are spelled out. */
param:
    IDENT ntype_nb              { $$ = param ($1, @1, $2, 0); }
  | IDENT '[' ']' ntype         { $$ = param ($1, @1, mk (CHAN_NODE_TYPE_SLICE, POS (@2), NULL,
                                                          $4, NULL, NULL), 0); }
  | IDENT '[' ELLIPSIS ']' ntype
                                { $$ = param ($1, @1, mk (CHAN_NODE_TYPE_ARRAY, POS (@2), NULL,
                                                          $5, NULL, NULL), 0); }
  | IDENT '[' expr_or_type_list ']' ntype
                                { $$ = param ($1, @1, array_type (ps, @2, $3, $5), 0); }
  | IDENT '[' expr_or_type_list ']'
                                { $$ = param (NULL, @1, instance ($1, @1, $3), 0); }
  | IDENT ELLIPSIS ntype        { $$ = param ($1, @1, $3, CHAN_FLAG_VARIADIC); }
  | IDENT                       { $$ = param (NULL, @1, type_name (NULL, $1, @1, @1), 0); }
  | IDENT '.' IDENT             { $$ = param (NULL, @1, type_name ($1, $3, @1, @3), 0); }
  | IDENT '.' IDENT '[' type_list ocomma ']'
                                { ChanNode *t = type_name ($1, $3, @1, @3);
                                  t->b = $5;
                                  $$ = param (NULL, @1, t, 0); }
  | ELLIPSIS ntype              { $$ = param (NULL, @1, $2, CHAN_FLAG_VARIADIC); }
  | nonname_type                { $$ = param (NULL, @1, $1, 0); }
  ;

nonname_type:
    '*' ntype                   { $$ = mk (CHAN_NODE_TYPE_POINTER, POS (@1), $2, NULL, NULL, NULL); }
  | '(' ntype ')'               { $$ = $2; }
  | othertype
  | fntype
  | recvchantype
  ;

structtype:
    STRUCT lbrace field_list osemi '}'
                                { $$ = $3; $$->pos = POS (@1); reopen (ps, $2); }
  | STRUCT lbrace '}'           { $$ = chan_node_new (CHAN_NODE_TYPE_STRUCT, POS (@1), NULL);
                                  reopen (ps, $2); }
  ;

field_list:
    field_decl                  { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_TYPE_STRUCT, POS (@1), NULL), $1); }
  | field_list ';' field_decl   { $$ = chan_node_append ($1, $3); }
  ;

/* As in param, 'a [N]T' and the embedded 'List[T]' are spelled out. */
field_decl:
    IDENT ntype_nb otag         { $$ = field (list1 (ident ($1, @1)), $2, $3); }
  | IDENT '[' ']' ntype otag    { $$ = field (list1 (ident ($1, @1)),
                                              mk (CHAN_NODE_TYPE_SLICE, POS (@2), NULL, $4,
                                                  NULL, NULL), $5); }
  | IDENT '[' ELLIPSIS ']' ntype otag
                                { $$ = field (list1 (ident ($1, @1)),
                                              mk (CHAN_NODE_TYPE_ARRAY, POS (@2), NULL, $5,
                                                  NULL, NULL), $6); }
  | IDENT '[' expr_or_type_list ']' ntype otag
                                { $$ = field (list1 (ident ($1, @1)),
                                              array_type (ps, @2, $3, $5), $6); }
  | IDENT '[' expr_or_type_list ']' otag
                                { $$ = field (NULL, instance ($1, @1, $3), $5); }
  | IDENT ',' name_list ntype otag
                                { ChanNode *names = list1 (ident ($1, @1));
                                  $$ = field (adopt (names, $3), $4, $5); }
  | embedded otag               { $$ = field (NULL, $1, $2); }
  ;

embedded:
    IDENT                       { $$ = type_name (NULL, $1, @1, @1); }
  | IDENT '.' IDENT             { $$ = type_name ($1, $3, @1, @3); }
  | IDENT '.' IDENT '[' type_list ocomma ']'
                                { $$ = type_name ($1, $3, @1, @3); $$->b = $5; }
  | '*' dotname                 { $$ = mk (CHAN_NODE_TYPE_POINTER, POS (@1), $2, NULL, NULL, NULL); }
  ;

otag:
    %empty                      { $$ = NULL; }
  | STRING
  ;

interfacetype:
    INTERFACE lbrace iface_list osemi '}'
                                { $$ = $3; $$->pos = POS (@1); reopen (ps, $2); }
  | INTERFACE lbrace '}'        { $$ = chan_node_new (CHAN_NODE_TYPE_INTERFACE, POS (@1), NULL);
                                  reopen (ps, $2); }
  ;

iface_list:
    iface_elem                  { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_TYPE_INTERFACE, POS (@1), NULL), $1); }
  | iface_list ';' iface_elem   { $$ = chan_node_append ($1, $3); }
  ;

iface_elem:
    IDENT '(' params ')' fnres  { $$ = mk (CHAN_NODE_METHOD_SPEC, POS (@1),
                                           mk (CHAN_NODE_TYPE_FUNC, POS (@2), $3, $5, NULL, NULL),
                                           NULL, NULL, NULL);
                                  $$->name = $1; $$->name_pos = POS (@1); }
  | union
  ;

union:
    union_term
  | union '|' union_term        { $$ = binary (CHAN_OP_OR, @2, $1, $3); }
  ;

union_term:
    ntype
  | '~' ntype                   { $$ = unary (CHAN_OP_NONE, @1, $2); $$->str = g_strdup ("~"); }
  ;

tparams:
    '[' tparam_list ocomma ']'  { $$ = fix_params (ps, $2, TRUE); }
  ;

/* The first entry is never a lone name before ']': 'type A [N]T' is an array. */
tparam_list:
    IDENT union                 { $$ = list1 (param ($1, @1, $2, 0)); }
  | IDENT ',' tparam            { $$ = chan_node_append (
                                    list1 (param (NULL, @1, type_name (NULL, $1, @1, @1), 0)),
                                    $3); }
  | tparam_list ',' tparam      { $$ = chan_node_append ($1, $3); }
  ;

tparam:
    IDENT                       { $$ = param (NULL, @1, type_name (NULL, $1, @1, @1), 0); }
  | IDENT union                 { $$ = param ($1, @1, $2, 0); }
  ;

lbrace:
    LBODY                       { $$ = TOK_LBODY; }
  | '{'                         { $$ = '{'; }
  ;

/* ---- functions ---- */

func_decl:
    FUNC IDENT signature fnbody { $$ = mk (CHAN_NODE_FUNC_DECL, POS (@1), NULL, $3, $4, NULL);
                                  $$->name = $2; $$->name_pos = POS (@2); }
  | FUNC IDENT tparams signature fnbody
                                { $$ = mk (CHAN_NODE_FUNC_DECL, POS (@1), NULL, $4, $5, $3);
                                  $$->name = $2; $$->name_pos = POS (@2); }
  | FUNC '(' params ')' IDENT signature fnbody
                                { $$ = mk (CHAN_NODE_FUNC_DECL, POS (@1),
                                           receiver (ps, $3, @2), $6, $7, NULL);
                                  $$->name = $5; $$->name_pos = POS (@5); }
  ;

signature:
    '(' params ')' fnres        { $$ = mk (CHAN_NODE_TYPE_FUNC, POS (@1), $2, $4, NULL, NULL); }
  ;

fnbody:
    %empty                      { $$ = NULL; }
  | block
  ;

fnliteral:
    fntype lbrace stmt_list '}' { $$ = mk (CHAN_NODE_FUNC_LIT, $1->pos, $1,
                                           block (@2, $3, @4), NULL, NULL);
                                  reopen (ps, $2); }
  ;

/* ---- statements ---- */

block:
    lbrace stmt_list '}'        { $$ = block (@1, $2, @3); }
  ;

stmt_list:
    stmt                        { $$ = chan_node_append (
                                    chan_node_new (CHAN_NODE_BLOCK, POS (@$), NULL), $1); }
  | stmt_list ';' stmt          { $$ = chan_node_append ($1, $3); }
  ;

stmt:
    %empty                      { $$ = NULL; }
  | block
  | common_dcl                  { $$ = mk (CHAN_NODE_DECL_STMT, $1->pos, $1, NULL, NULL, NULL); }
  | simple_stmt
  | IDENT ':' stmt              { $$ = mk (CHAN_NODE_LABELED, POS (@1),
                                           $3 != NULL ? $3
                                           : chan_node_new (CHAN_NODE_EMPTY, POS (@2), NULL),
                                           NULL, NULL, NULL);
                                  $$->name = $1; $$->name_pos = POS (@1); }
  | GO expr                     { $$ = make_go (ps, CHAN_NODE_GO, @1, $2); }
  | DEFER expr                  { $$ = make_go (ps, CHAN_NODE_DEFER, @1, $2); }
  | RETURN                      { $$ = chan_node_new (CHAN_NODE_RETURN, POS (@1), NULL); }
  | RETURN expr_list            { $$ = mk (CHAN_NODE_RETURN, POS (@1), $2, NULL, NULL, NULL); }
  | BREAK                       { $$ = chan_node_new (CHAN_NODE_BREAK, POS (@1), NULL); }
  | BREAK IDENT                 { $$ = chan_node_new (CHAN_NODE_BREAK, POS (@1), $2);
                                  $$->name_pos = POS (@2); }
  | CONTINUE                    { $$ = chan_node_new (CHAN_NODE_CONTINUE, POS (@1), NULL); }
  | CONTINUE IDENT              { $$ = chan_node_new (CHAN_NODE_CONTINUE, POS (@1), $2);
                                  $$->name_pos = POS (@2); }
  | GOTO IDENT                  { $$ = chan_node_new (CHAN_NODE_GOTO, POS (@1), $2);
                                  $$->name_pos = POS (@2); }
  | FALLTHROUGH                 { $$ = chan_node_new (CHAN_NODE_FALLTHROUGH, POS (@1), NULL); }
  | if_stmt
  | for_stmt
  | switch_stmt
  | select_stmt
  | ELSE block                  { $$ = NULL; chan_node_free ($2); misplaced_else (ps, @1); }
  | ELSE if_stmt                { $$ = NULL; chan_node_free ($2); misplaced_else (ps, @1); }
  | error                       { $$ = NULL; }
  ;

simple_stmt:
    expr                        { $$ = mk (CHAN_NODE_EXPR_STMT, $1->pos, $1, NULL, NULL, NULL); }
  | expr ARROW expr             { $$ = mk (CHAN_NODE_SEND, $1->pos, $1, $3, NULL, NULL); }
  | expr INC                    { $$ = mk (CHAN_NODE_INC_DEC, $1->pos, $1, NULL, NULL, NULL);
                                  $$->op = CHAN_OP_INC; $$->op_pos = POS (@2); }
  | expr DEC                    { $$ = mk (CHAN_NODE_INC_DEC, $1->pos, $1, NULL, NULL, NULL);
                                  $$->op = CHAN_OP_DEC; $$->op_pos = POS (@2); }
  | expr_list '=' expr_list     { $$ = mk (CHAN_NODE_ASSIGN, POS (@2), $1, $3, NULL, NULL);
                                  $$->op = CHAN_OP_ASSIGN; }
  | expr ASSIGN_OP expr         { $$ = mk (CHAN_NODE_ASSIGN, POS (@2), list1 ($1), list1 ($3),
                                           NULL, NULL);
                                  $$->op = $2; }
  | expr_list DEFINE expr_list  { $$ = make_define (ps, @2, $1, $3); }
  ;

osimple_stmt:
    %empty                      { $$ = NULL; }
  | simple_stmt
  ;

if_stmt:
    IF if_header LBODY stmt_list '}' else_opt
                                { $$ = make_if (ps, @1, $2, block (@3, $4, @5), $6); }
  | IF error LBODY stmt_list '}' else_opt    /* resync at the body */
                                { $$ = NULL; chan_node_free ($4); chan_node_free ($6); }
  ;

else_opt:
    %empty                      { $$ = NULL; }
  | ELSE if_stmt                { $$ = $2; }
  | ELSE block                  { $$ = $2; }
  ;

/* A LIST holding the header's statements: a: init or NULL; b: the second. */
if_header:
    osimple_stmt                { $$ = mk (CHAN_NODE_LIST, POS (@$), NULL, $1, NULL, NULL); }
  | osimple_stmt ';' osimple_stmt
                                { $$ = mk (CHAN_NODE_LIST, POS (@$), $1, $3, NULL, NULL); }
  ;

for_stmt:
    FOR for_header LBODY stmt_list '}'
                                { $$ = $2; $$->pos = POS (@1); $$->d = block (@3, $4, @5); }
  | FOR error LBODY stmt_list '}'
                                { $$ = NULL; chan_node_free ($4); }
  ;

for_header:
    osimple_stmt ';' osimple_stmt ';' osimple_stmt
                                { $$ = make_for (ps, $1, $3, $5); }
  | osimple_stmt                { $$ = make_for (ps, NULL, $1, NULL); }
  | range_clause
  ;

range_clause:
    expr_list '=' RANGE expr    { $$ = make_range (ps, $1, FALSE, $4, @1); }
  | expr_list DEFINE RANGE expr { $$ = make_range (ps, $1, TRUE, $4, @1); }
  | RANGE expr                  { $$ = make_range (ps, NULL, FALSE, $2, @1); }
  ;

switch_stmt:
    SWITCH if_header LBODY case_clauses '}'
                                { $$ = make_switch (ps, @1, $2, $4); }
  | SWITCH error LBODY case_clauses '}'
                                { $$ = NULL; chan_node_free ($4); }
  ;

case_clauses:
    %empty                      { $$ = list_new (POS (@$)); }
  | case_clauses case_clause    { $$ = chan_node_append ($1, $2); }
  ;

case_clause:
    CASE expr_or_type_list ':' stmt_list
                                { $$ = adopt (mk (CHAN_NODE_CASE_CLAUSE, POS (@1), $2,
                                                  NULL, NULL, NULL), $4); }
  | DEFAULT ':' stmt_list       { $$ = adopt (chan_node_new (CHAN_NODE_CASE_CLAUSE, POS (@1),
                                                             NULL), $3); }
  | CASE error ':' stmt_list    { $$ = NULL; chan_node_free ($4); yyerrok; }
  | CASE error                  { $$ = NULL; yyerrok; }
  ;

select_stmt:
    SELECT LBODY comm_clauses '}'
                                { $$ = adopt (chan_node_new (CHAN_NODE_SELECT, POS (@1), NULL),
                                              $3); }
  ;

comm_clauses:
    %empty                      { $$ = list_new (POS (@$)); }
  | comm_clauses comm_clause    { $$ = chan_node_append ($1, $2); }
  ;

comm_clause:
    CASE comm ':' stmt_list     { $$ = adopt (mk (CHAN_NODE_COMM_CLAUSE, POS (@1), $2,
                                                  NULL, NULL, NULL), $4); }
  | DEFAULT ':' stmt_list       { $$ = adopt (chan_node_new (CHAN_NODE_COMM_CLAUSE, POS (@1),
                                                             NULL), $3); }
  | CASE error ':' stmt_list    { $$ = NULL; chan_node_free ($4); yyerrok; }
  | CASE error                  { $$ = NULL; yyerrok; }
  ;

comm:
    expr ARROW expr             { $$ = mk (CHAN_NODE_SEND, $1->pos, $1, $3, NULL, NULL); }
  | expr                        { $$ = mk (CHAN_NODE_EXPR_STMT, $1->pos, $1, NULL, NULL, NULL); }
  | expr_list '=' expr          { $$ = mk (CHAN_NODE_ASSIGN, POS (@2), $1, list1 ($3),
                                           NULL, NULL);
                                  $$->op = CHAN_OP_ASSIGN; }
  | expr_list DEFINE expr       { $$ = make_define (ps, @2, $1, list1 ($3)); }
  ;

/* ---- expressions ---- */

expr:
    uexpr
  | expr OROR expr              { $$ = binary (CHAN_OP_LOR, @2, $1, $3); }
  | expr ANDAND expr            { $$ = binary (CHAN_OP_LAND, @2, $1, $3); }
  | expr EQ expr                { $$ = binary (CHAN_OP_EQ, @2, $1, $3); }
  | expr NE expr                { $$ = binary (CHAN_OP_NE, @2, $1, $3); }
  | expr '<' expr               { $$ = binary (CHAN_OP_LT, @2, $1, $3); }
  | expr LE expr                { $$ = binary (CHAN_OP_LE, @2, $1, $3); }
  | expr '>' expr               { $$ = binary (CHAN_OP_GT, @2, $1, $3); }
  | expr GE expr                { $$ = binary (CHAN_OP_GE, @2, $1, $3); }
  | expr '+' expr               { $$ = binary (CHAN_OP_ADD, @2, $1, $3); }
  | expr '-' expr               { $$ = binary (CHAN_OP_SUB, @2, $1, $3); }
  | expr '|' expr               { $$ = binary (CHAN_OP_OR, @2, $1, $3); }
  | expr '^' expr               { $$ = binary (CHAN_OP_XOR, @2, $1, $3); }
  | expr '*' expr               { $$ = binary (CHAN_OP_MUL, @2, $1, $3); }
  | expr '/' expr               { $$ = binary (CHAN_OP_DIV, @2, $1, $3); }
  | expr '%' expr               { $$ = binary (CHAN_OP_MOD, @2, $1, $3); }
  | expr '&' expr               { $$ = binary (CHAN_OP_AND, @2, $1, $3); }
  | expr SHL expr               { $$ = binary (CHAN_OP_SHL, @2, $1, $3); }
  | expr SHR expr               { $$ = binary (CHAN_OP_SHR, @2, $1, $3); }
  | expr ANDNOT expr            { $$ = binary (CHAN_OP_AND_NOT, @2, $1, $3); }
  ;

uexpr:
    pexpr
  | '*' uexpr                   { $$ = unary (CHAN_OP_DEREF, @1, $2); }
  | '&' uexpr                   { $$ = unary (CHAN_OP_ADDR, @1, $2); }
  | '+' uexpr                   { $$ = unary (CHAN_OP_PLUS, @1, $2); }
  | '-' uexpr                   { $$ = unary (CHAN_OP_NEG, @1, $2); }
  | '!' uexpr                   { $$ = unary (CHAN_OP_NOT, @1, $2); }
  | '^' uexpr                   { $$ = unary (CHAN_OP_XOR, @1, $2); }
  | ARROW uexpr                 { $$ = unary (CHAN_OP_RECV, @1, $2); }
  ;

pexpr:
    pexpr_no_paren
  | '(' expr_or_type ')'        { $$ = mk (CHAN_NODE_PAREN, POS (@1), $2, NULL, NULL, NULL); }
  ;

pexpr_no_paren:
    INT
  | FLOAT
  | IMAG
  | CHAR
  | STRING
  | IDENT %prec PreferName      { $$ = ident ($1, @1); }
  | pexpr '.' IDENT             { $$ = mk (CHAN_NODE_SELECTOR, $1->pos, $1, NULL, NULL, NULL);
                                  $$->name = $3; $$->name_pos = POS (@3); }
  | pexpr '.' '(' ntype ')'     { $$ = mk (CHAN_NODE_TYPE_ASSERT, $1->pos, $1, $4, NULL, NULL);
                                  $$->op_pos = POS (@2); }
  | pexpr '.' '(' TYPE ')'      { $$ = mk (CHAN_NODE_TYPE_ASSERT, $1->pos, $1, NULL, NULL, NULL);
                                  $$->op_pos = POS (@2); }
  | pexpr '[' expr_or_type_list ']'
                                { $$ = make_index ($1, $3); }
  | pexpr '[' oexpr ':' oexpr ']'
                                { $$ = make_slice (ps, $1, $3, $5, NULL, FALSE, @2); }
  | pexpr '[' oexpr ':' oexpr ':' oexpr ']'
                                { $$ = make_slice (ps, $1, $3, $5, $7, TRUE, @2); }
  | pexpr '(' ')'               { $$ = make_call ($1, list_new (POS (@2)), 0, @3); }
  | pexpr '(' expr_or_type_list ocomma ')'
                                { $$ = make_call ($1, $3, 0, @5); }
  | pexpr '(' expr_or_type_list ELLIPSIS ocomma ')'
                                { $$ = make_call ($1, $3, CHAN_FLAG_ELLIPSIS, @6); }
  | convtype '(' expr ocomma ')'
                                { $$ = make_call ($1, list1 ($3), 0, @5); }
  | comptype lbrace complit_body '}'
                                { $$ = composite ($1, $3, @4); reopen (ps, $2); }
  | pexpr_no_paren '{' complit_body '}'
                                { $$ = composite (expr_to_type ($1), $3, @4); }
  | '(' expr_or_type ')' '{' complit_body '}'
                                { $$ = composite (expr_to_type ($2), $5, @6); }
  | fnliteral
  ;

convtype:
    fntype
  | othertype
  ;

comptype:
    othertype
  ;

/* A type where an expression may also stand (arguments of make and new,
 * conversions, type-switch cases, parentheses): only the forms that cannot
 * be read as an expression. */
expr_or_type:
    expr
  | non_expr_type
  ;

non_expr_type:
    recvchantype
  | fntype
  | othertype
  | '*' non_expr_type           { $$ = mk (CHAN_NODE_TYPE_POINTER, POS (@1), $2, NULL, NULL, NULL); }
  ;

expr_or_type_list:
    expr_or_type                { $$ = list1 ($1); }
  | expr_or_type_list ',' expr_or_type
                                { $$ = chan_node_append ($1, $3); }
  ;

expr_list:
    expr                        { $$ = list1 ($1); }
  | expr_list ',' expr          { $$ = chan_node_append ($1, $3); }
  ;

oexpr:
    %empty                      { $$ = NULL; }
  | expr
  ;

complit_body:
    %empty                      { $$ = list_new (POS (@$)); }
  | elem_list ocomma
  ;

elem_list:
    keyed_elem                  { $$ = list1 ($1); }
  | elem_list ',' keyed_elem    { $$ = chan_node_append ($1, $3); }
  ;

keyed_elem:
    elem_value                  { $$ = mk (CHAN_NODE_KEYED_ELEMENT, $1->pos, NULL, $1, NULL, NULL); }
  | elem_value ':' elem_value   { $$ = mk (CHAN_NODE_KEYED_ELEMENT, $1->pos, $1, $3, NULL, NULL); }
  ;

elem_value:
    expr
  | '{' complit_body '}'        { $$ = composite (NULL, $2, @3); $$->pos = POS (@1); }
  ;

ocomma:
    %empty
  | ','
  ;

osemi:
    %empty
  | ';'
  ;

%%

/* ---- helpers: small constructors called by the actions ---- */

static void
error_at (ChanParse *ps, ChanPos pos, const char *fmt, ...)
{
  va_list ap;
  char *msg;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  chan_parse_report (ps, pos.line, pos.column, "syntax error: %s", msg);
  g_free (msg);
}

static ChanNode *
mk (ChanNodeKind kind, ChanPos pos, ChanNode *a, ChanNode *b, ChanNode *c, ChanNode *d)
{
  ChanNode *node = chan_node_new (kind, pos, NULL);

  node->a = a;
  node->b = b;
  node->c = c;
  node->d = d;
  return node;
}

static ChanNode *
list_new (ChanPos pos)
{
  return chan_node_new (CHAN_NODE_LIST, pos, NULL);
}

static ChanNode *
list1 (ChanNode *x)
{
  return chan_node_append (list_new (x->pos), x);
}

static ChanNode *
ident (char *name, YYLTYPE loc)
{
  ChanNode *node = chan_node_new (CHAN_NODE_IDENT, POS (loc), name);

  node->name_pos = POS (loc);
  return node;
}

static ChanNode *
type_name (char *pkg, char *name, YYLTYPE loc, YYLTYPE name_loc)
{
  ChanNode *node = chan_node_new (CHAN_NODE_TYPE_NAME, POS (loc), name);

  node->str = pkg;
  node->name_pos = POS (name_loc);
  return node;
}

static ChanNode *
param (char *name, YYLTYPE loc, ChanNode *type, int flags)
{
  ChanNode *node = chan_node_new (CHAN_NODE_PARAM, POS (loc), name);

  node->a = type;
  node->flags = flags;
  node->name_pos = name != NULL ? POS (loc) : type->pos;
  return node;
}

static ChanNode *
unary (int op, YYLTYPE loc, ChanNode *x)
{
  ChanNode *node = mk (CHAN_NODE_UNARY, POS (loc), x, NULL, NULL, NULL);

  node->op = op;
  return node;
}

static ChanNode *
binary (int op, YYLTYPE loc, ChanNode *x, ChanNode *y)
{
  ChanNode *node = mk (CHAN_NODE_BINARY, x->pos, x, y, NULL, NULL);

  node->op = op;
  node->op_pos = POS (loc);
  return node;
}

static ChanNode *
block (YYLTYPE open, ChanNode *stmts, YYLTYPE close)
{
  stmts->pos = POS (open);
  stmts->end_pos = POS (close);
  return stmts;
}

/* Moves the kids of SRC to the end of DST's and frees SRC; returns DST. */
static ChanNode *
adopt (ChanNode *dst, ChanNode *src)
{
  for (guint i = 0; i < chan_node_n_kids (src); i++)
    chan_node_append (dst, g_steal_pointer (&g_ptr_array_index (src->kids, i)));
  if (src->kids != NULL)
    g_ptr_array_set_size (src->kids, 0);
  chan_node_free (src);
  return dst;
}

static ChanNode *
add_imports (ChanParse *ps, ChanNode *file, ChanNode *imports)
{
  guint n = chan_node_n_kids (file);

  if (n > 0 && chan_node_kid (file, n - 1)->kind != CHAN_NODE_IMPORT
      && chan_node_n_kids (imports) > 0)
    error_at (ps, chan_node_kid (imports, 0)->pos,
              "imports must appear before other declarations");
  return adopt (file, imports);
}

static ChanNode *
import_spec (char *local, ChanNode *path, YYLTYPE loc)
{
  ChanNode *node = chan_node_new (CHAN_NODE_IMPORT, POS (loc),
                                  g_steal_pointer (&path->str));

  node->str = local;
  node->name_pos = path->pos;
  chan_node_free (path);
  return node;
}

/* Go's rule for parameter lists: if some entry is 'name Type', then every
 * bare entry is a name that takes the type of the next named entry
 * ('a, b int').  Otherwise every entry is a type.  Type parameter lists
 * must be named. */
static ChanNode *
fix_params (ChanParse *ps, ChanNode *list, gboolean type_params)
{
  guint n = chan_node_n_kids (list);
  gboolean named = FALSE;
  ChanNode *type = NULL;

  for (guint i = 0; i < n; i++)
    if (chan_node_kid (list, i)->name != NULL)
      named = TRUE;
  if (!named)
    {
      if (type_params && n > 0)
        error_at (ps, chan_node_kid (list, n - 1)->pos, "missing type constraint");
      return list;
    }
  for (guint i = n; i-- > 0;)
    {
      ChanNode *p = chan_node_kid (list, i);
      ChanNode *t = p->a;

      if (p->name != NULL)
        {
          type = p->a;
          continue;
        }
      if (t->kind != CHAN_NODE_TYPE_NAME || t->str != NULL || t->b != NULL)
        {
          error_at (ps, p->pos, "mixed named and unnamed parameters");
          continue;
        }
      if (type == NULL)
        {
          error_at (ps, p->pos, type_params ? "missing type constraint"
                                            : "mixed named and unnamed parameters");
          continue;
        }
      p->name = g_steal_pointer (&t->name);
      p->name_pos = t->pos;
      p->pos = t->pos;
      chan_node_free (t);
      p->a = chan_node_copy (type);
    }
  return list;
}

static ChanNode *
receiver (ChanParse *ps, ChanNode *list, YYLTYPE loc)
{
  ChanNode *recv = NULL;

  if (chan_node_n_kids (list) != 1)
    error_at (ps, POS (loc), chan_node_n_kids (list) == 0
                             ? "method has no receiver"
                             : "method has multiple receivers");
  else
    recv = g_steal_pointer (&g_ptr_array_index (list->kids, 0));
  if (list->kids != NULL)
    g_ptr_array_remove_range (list->kids, 0, recv != NULL ? 1 : 0);
  chan_node_free (list);
  return recv;
}

/* Converts a type that was parsed as an expression (T, pkg.T, *T, (T),
 * T[A, B], nil) into type nodes; anything else is returned unchanged. */
static ChanNode *
expr_to_type (ChanNode *e)
{
  ChanNode *inner;

  if (e == NULL)
    return NULL;
  switch (e->kind)
    {
    case CHAN_NODE_IDENT:
      e->kind = CHAN_NODE_TYPE_NAME;
      return e;
    case CHAN_NODE_SELECTOR:
      if (e->a->kind != CHAN_NODE_IDENT)
        return e;
      e->kind = CHAN_NODE_TYPE_NAME;
      e->str = g_steal_pointer (&e->a->name);
      e->pos = e->a->pos;
      g_clear_pointer (&e->a, chan_node_free);
      return e;
    case CHAN_NODE_PAREN:
      inner = expr_to_type (g_steal_pointer (&e->a));
      chan_node_free (e);
      return inner;
    case CHAN_NODE_UNARY:
      if (e->op != CHAN_OP_DEREF)
        return e;
      e->kind = CHAN_NODE_TYPE_POINTER;
      e->op = CHAN_OP_NONE;
      e->a = expr_to_type (e->a);
      return e;
    case CHAN_NODE_INDEX:
      inner = expr_to_type (g_steal_pointer (&e->a));
      if (inner->kind != CHAN_NODE_TYPE_NAME || inner->b != NULL)
        {
          e->a = inner;
          return e;
        }
      if (e->b->kind == CHAN_NODE_LIST)
        {
          inner->b = g_steal_pointer (&e->b);
          for (guint i = 0; i < chan_node_n_kids (inner->b); i++)
            {
              gpointer *slot = &g_ptr_array_index (inner->b->kids, i);

              *slot = expr_to_type (*slot);
            }
        }
      else
        inner->b = list1 (expr_to_type (g_steal_pointer (&e->b)));
      chan_node_free (e);
      return inner;
    default:
      return e;
    }
}

static ChanNode *
composite (ChanNode *type, ChanNode *elems, YYLTYPE close)
{
  ChanNode *node = chan_node_new (CHAN_NODE_COMPOSITE_LIT,
                                  type != NULL ? type->pos : elems->pos, NULL);

  node->a = type;
  node->end_pos = POS (close);
  return adopt (node, elems);
}

static ChanNode *
make_call (ChanNode *callee, ChanNode *args, int flags, YYLTYPE close)
{
  ChanNode *node = mk (CHAN_NODE_CALL, callee->pos, callee, args, NULL, NULL);

  node->flags = flags;
  node->end_pos = POS (close);
  return node;
}

static ChanNode *
make_index (ChanNode *x, ChanNode *indexes)
{
  ChanNode *index = indexes;

  if (chan_node_n_kids (indexes) == 1)
    {
      index = g_steal_pointer (&g_ptr_array_index (indexes->kids, 0));
      g_ptr_array_set_size (indexes->kids, 0);
      chan_node_free (indexes);
    }
  return mk (CHAN_NODE_INDEX, x->pos, x, index, NULL, NULL);
}

static ChanNode *
make_slice (ChanParse *ps, ChanNode *x, ChanNode *lo, ChanNode *hi, ChanNode *max,
            gboolean three, YYLTYPE loc)
{
  if (three && hi == NULL)
    error_at (ps, POS (loc), "middle index required in 3-index slice");
  if (three && max == NULL)
    error_at (ps, POS (loc), "final index required in 3-index slice");
  return mk (CHAN_NODE_SLICE_EXPR, x->pos, x, lo, hi, max);
}

static ChanNode *
make_define (ChanParse *ps, YYLTYPE loc, ChanNode *lhs, ChanNode *rhs)
{
  for (guint i = 0; i < chan_node_n_kids (lhs); i++)
    if (chan_node_kid (lhs, i)->kind != CHAN_NODE_IDENT)
      error_at (ps, chan_node_kid (lhs, i)->pos, "non-name on left side of :=");
  return mk (CHAN_NODE_DEFINE, POS (loc), lhs, rhs, NULL, NULL);
}

static ChanNode *
make_go (ChanParse *ps, ChanNodeKind kind, YYLTYPE loc, ChanNode *x)
{
  const char *what = kind == CHAN_NODE_GO ? "go" : "defer";

  if (x->kind == CHAN_NODE_PAREN)
    error_at (ps, x->pos, "expression in %s must not be parenthesized", what);
  else if (x->kind != CHAN_NODE_CALL)
    error_at (ps, x->pos, "expression in %s must be function call", what);
  return mk (kind, POS (loc), x, NULL, NULL, NULL);
}

/* The condition of an if or for header: STMT must be an expression
 * statement; it is freed and its expression returned. */
static ChanNode *
condition (ChanParse *ps, ChanNode *stmt, const char *what)
{
  ChanNode *cond;

  if (stmt == NULL)
    return NULL;
  if (stmt->kind != CHAN_NODE_EXPR_STMT)
    {
      ChanPos pos = stmt->pos;

      if (stmt->kind == CHAN_NODE_ASSIGN && stmt->op == CHAN_OP_ASSIGN)
        error_at (ps, stmt->pos, "cannot use assignment as %s condition "
                  "(did you mean '=='?)", what);
      else
        error_at (ps, stmt->pos, "cannot use a statement as %s condition", what);
      chan_node_free (stmt);
      return chan_node_new (CHAN_NODE_BAD, pos, NULL);
    }
  cond = g_steal_pointer (&stmt->a);
  chan_node_free (stmt);
  return cond;
}

static ChanNode *
make_if (ChanParse *ps, YYLTYPE loc, ChanNode *header, ChanNode *then, ChanNode *els)
{
  ChanNode *init = g_steal_pointer (&header->a);
  ChanNode *second = g_steal_pointer (&header->b);
  ChanNode *cond;

  chan_node_free (header);
  if (second == NULL && init != NULL && init->kind == CHAN_NODE_EXPR_STMT)
    {
      error_at (ps, init->pos, "missing condition in if statement: "
                "is the '{' on the next line? It must be on the line of the if");
      cond = chan_node_new (CHAN_NODE_BAD, POS (loc), NULL);
    }
  else if (second == NULL)
    {
      error_at (ps, POS (loc), "missing condition in if statement");
      cond = chan_node_new (CHAN_NODE_BAD, POS (loc), NULL);
    }
  else
    cond = condition (ps, second, "if");
  return mk (CHAN_NODE_IF, POS (loc), init, cond, then, els);
}

static ChanNode *
make_for (ChanParse *ps, ChanNode *init, ChanNode *cond, ChanNode *post)
{
  if (post != NULL && post->kind == CHAN_NODE_DEFINE)
    error_at (ps, post->pos, "cannot declare in post statement of for loop");
  return mk (CHAN_NODE_FOR, (ChanPos) { 0, 0 }, init, condition (ps, cond, "for"), post, NULL);
}

static ChanNode *
make_range (ChanParse *ps, ChanNode *lhs, gboolean define, ChanNode *x, YYLTYPE loc)
{
  ChanNode *node = mk (CHAN_NODE_RANGE, POS (loc), NULL, NULL, x, NULL);
  guint n = chan_node_n_kids (lhs);

  if (n > 2)
    error_at (ps, chan_node_kid (lhs, 2)->pos,
              "range clause permits at most two iteration variables");
  if (define)
    {
      node->flags = CHAN_FLAG_DEFINE;
      for (guint i = 0; i < n; i++)
        if (chan_node_kid (lhs, i)->kind != CHAN_NODE_IDENT)
          error_at (ps, chan_node_kid (lhs, i)->pos, "non-name on left side of :=");
    }
  if (n >= 1)
    node->a = g_steal_pointer (&g_ptr_array_index (lhs->kids, 0));
  if (n >= 2)
    node->b = g_steal_pointer (&g_ptr_array_index (lhs->kids, 1));
  if (lhs != NULL && lhs->kids != NULL)
    g_ptr_array_remove_range (lhs->kids, 0, MIN (n, 2));
  chan_node_free (lhs);
  return node;
}

/* A switch is a type switch when its header's statement is 'x.(type)' or
 * 'v := x.(type)'. */
static ChanNode *
make_switch (ChanParse *ps, YYLTYPE loc, ChanNode *header, ChanNode *clauses)
{
  ChanNode *init = g_steal_pointer (&header->a);
  ChanNode *tag = g_steal_pointer (&header->b);
  ChanNode *node, *guard = NULL;

  chan_node_free (header);
  if (tag != NULL && tag->kind == CHAN_NODE_EXPR_STMT
      && tag->a->kind == CHAN_NODE_TYPE_ASSERT && tag->a->b == NULL)
    {
      guard = g_steal_pointer (&tag->a);
      node = mk (CHAN_NODE_TYPE_SWITCH, POS (loc), init, NULL, NULL, NULL);
    }
  else if (tag != NULL && tag->kind == CHAN_NODE_DEFINE
           && chan_node_n_kids (tag->a) == 1 && chan_node_n_kids (tag->b) == 1
           && chan_node_kid (tag->a, 0)->kind == CHAN_NODE_IDENT
           && chan_node_kid (tag->b, 0)->kind == CHAN_NODE_TYPE_ASSERT
           && chan_node_kid (tag->b, 0)->b == NULL)
    {
      ChanNode *var = chan_node_kid (tag->a, 0);

      guard = g_steal_pointer (&g_ptr_array_index (tag->b->kids, 0));
      g_ptr_array_set_size (tag->b->kids, 0);
      node = mk (CHAN_NODE_TYPE_SWITCH, POS (loc), init, NULL, NULL, NULL);
      node->name = g_steal_pointer (&var->name);
      node->name_pos = var->pos;
    }
  else
    {
      node = mk (CHAN_NODE_SWITCH, POS (loc), init, NULL, NULL, NULL);
      if (tag != NULL && tag->kind == CHAN_NODE_EXPR_STMT)
        node->b = g_steal_pointer (&tag->a);
      else if (tag != NULL)
        error_at (ps, tag->pos, "switch expression must be an expression "
                  "or 'v := x.(type)'");
    }
  chan_node_free (tag);
  if (guard != NULL)
    {
      node->b = g_steal_pointer (&guard->a);
      chan_node_free (guard);
      for (guint i = 0; i < chan_node_n_kids (clauses); i++)
        {
          ChanNode *types = chan_node_kid (clauses, i)->a;

          for (guint j = 0; j < chan_node_n_kids (types); j++)
            {
              gpointer *slot = &g_ptr_array_index (types->kids, j);

              *slot = expr_to_type (*slot);
            }
        }
    }
  return adopt (node, clauses);
}

static ChanNode *
make_const (ChanParse *ps, ChanNode *spec, gboolean single)
{
  if (single && spec->c == NULL)
    error_at (ps, spec->pos, "missing init expr for const declaration");
  return spec;
}

/* 'a [N]T' read through the shared 'IDENT [ expr_or_type_list ]' prefix. */
static ChanNode *
array_type (ChanParse *ps, YYLTYPE loc, ChanNode *lengths, ChanNode *elem)
{
  ChanNode *len = NULL;

  if (chan_node_n_kids (lengths) != 1)
    error_at (ps, POS (loc), "invalid array length");
  else
    {
      len = g_steal_pointer (&g_ptr_array_index (lengths->kids, 0));
      g_ptr_array_set_size (lengths->kids, 0);
    }
  chan_node_free (lengths);
  return mk (CHAN_NODE_TYPE_ARRAY, POS (loc), len, elem, NULL, NULL);
}

/* 'List[A, B]' read as expressions: a TYPE_NAME with type arguments. */
static ChanNode *
instance (char *name, YYLTYPE loc, ChanNode *args)
{
  ChanNode *node = chan_node_new (CHAN_NODE_TYPE_NAME, POS (loc), name);

  node->name_pos = POS (loc);
  for (guint i = 0; i < chan_node_n_kids (args); i++)
    {
      gpointer *slot = &g_ptr_array_index (args->kids, i);

      *slot = expr_to_type (*slot);
    }
  node->b = args;
  return node;
}

/* A FIELD; TAG is a STRING_LIT or NULL (freed). */
static ChanNode *
field (ChanNode *names, ChanNode *type, ChanNode *tag)
{
  ChanNode *node = mk (CHAN_NODE_FIELD, names != NULL ? names->pos : type->pos,
                       names, type, NULL, NULL);

  if (tag != NULL)
    node->str = g_steal_pointer (&tag->str);
  chan_node_free (tag);
  return node;
}

static void
misplaced_else (ChanParse *ps, YYLTYPE loc)
{
  error_at (ps, POS (loc), "unexpected keyword else: it must be on the line "
            "of the '}' that closes the if");
}

static void
reopen (ChanParse *ps, int lbrace)
{
  if (lbrace == TOK_LBODY)
    chan_lex_reopen_body (ps);
}

/* ---- diagnostics ---- */

static void
yyerror (YYLTYPE *loc, yyscan_t scanner, ChanParse *ps, const char *msg)
{
  (void) scanner;
  if (chan_lex_fatal (ps))
    return;
  if (strcmp (msg, "memory exhausted") == 0)
    chan_parse_report (ps, loc->first_line, loc->first_column,
                       "program too deeply nested (parser stack exhausted)");
  else
    chan_parse_report (ps, loc->first_line, loc->first_column, "%s", msg);
}

/* A token of an "expected" list: name, newline, 'func', '{'. */
static char *
symbol_text (yysymbol_kind_t sym)
{
  if (sym == YYTRANSLATE (';'))
    return g_strdup ("newline");
  if (sym >= YYSYMBOL_BREAK && sym <= YYSYMBOL_LBODY && sym != YYSYMBOL_ASSIGN_OP)
    return g_strdup_printf ("'%s'", yysymbol_name (sym));
  return g_strdup (yysymbol_name (sym));
}

/* Token classes for the "expected" part of syntax errors. */
static gboolean
starts_expression (yysymbol_kind_t sym)
{
  switch (sym)
    {
    case YYSYMBOL_IDENT: case YYSYMBOL_INT: case YYSYMBOL_FLOAT: case YYSYMBOL_IMAG:
    case YYSYMBOL_CHAR: case YYSYMBOL_STRING: case YYSYMBOL_FUNC: case YYSYMBOL_CHAN:
    case YYSYMBOL_MAP: case YYSYMBOL_STRUCT: case YYSYMBOL_INTERFACE: case YYSYMBOL_ARROW:
      return TRUE;
    default:
      return sym == YYTRANSLATE ('(') || sym == YYTRANSLATE ('[')
             || sym == YYTRANSLATE ('*') || sym == YYTRANSLATE ('&')
             || sym == YYTRANSLATE ('+') || sym == YYTRANSLATE ('-')
             || sym == YYTRANSLATE ('!') || sym == YYTRANSLATE ('^');
    }
}

static gboolean
starts_statement (yysymbol_kind_t sym)
{
  switch (sym)
    {
    case YYSYMBOL_BREAK: case YYSYMBOL_CONTINUE: case YYSYMBOL_DEFER:
    case YYSYMBOL_FALLTHROUGH: case YYSYMBOL_FOR: case YYSYMBOL_GO: case YYSYMBOL_GOTO:
    case YYSYMBOL_IF: case YYSYMBOL_RETURN: case YYSYMBOL_SELECT: case YYSYMBOL_SWITCH:
    case YYSYMBOL_VAR: case YYSYMBOL_CONST: case YYSYMBOL_TYPE:
      return TRUE;
    default:
      return sym == YYTRANSLATE ('{') || starts_expression (sym);
    }
}

/* Operators that may continue an expression or a simple statement: noise
 * in an "expected" list. */
static gboolean
continues (yysymbol_kind_t sym)
{
  static const char ops[] = "+-*/%&|^<>.[({";

  switch (sym)
    {
    case YYSYMBOL_ANDAND: case YYSYMBOL_OROR: case YYSYMBOL_ARROW: case YYSYMBOL_INC:
    case YYSYMBOL_DEC: case YYSYMBOL_EQ: case YYSYMBOL_NE: case YYSYMBOL_LE:
    case YYSYMBOL_GE: case YYSYMBOL_SHL: case YYSYMBOL_SHR: case YYSYMBOL_ANDNOT:
    case YYSYMBOL_ELLIPSIS: case YYSYMBOL_ASSIGN_OP:
      return TRUE;
    default:
      for (const char *c = ops; *c != '\0'; c++)
        if (sym == YYTRANSLATE ((unsigned char) *c))
          return TRUE;
      return FALSE;
    }
}

static void
add_name (GPtrArray *names, char *text)
{
  if (g_ptr_array_find_with_equal_func (names, text, g_str_equal, NULL))
    g_free (text);
  else
    g_ptr_array_add (names, text);
}

/* Go-style wording: "syntax error: unexpected X, expected Y", with the
 * opening bracket when the closing one is expected ("expected '}' to close
 * '{' at line 3"), "at end of statement" when a newline was expected. */
static int
yyreport_syntax_error (const yypcontext_t *ctx, yyscan_t scanner, ChanParse *ps)
{
  yysymbol_kind_t expected[YYNTOKENS];
  const YYLTYPE *loc = yypcontext_location (ctx);
  int n = yypcontext_expected_tokens (ctx, expected, YYNTOKENS);
  yysymbol_kind_t found_sym = yypcontext_token (ctx);
  GString *msg = g_string_new ("syntax error: unexpected ");
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  gboolean any_expr = FALSE, any_stmt = FALSE, any_other = FALSE, semi = FALSE;
  gboolean top_level = FALSE, body = FALSE;
  char *found;
  int line = 0, column = 0;
  char close = 0;

  (void) scanner;
  if (chan_lex_fatal (ps))
    goto out;
  found = found_sym == YYSYMBOL_YYEOF ? g_strdup ("end of file")
                                      : chan_lex_describe_last (ps);
  g_string_append (msg, found);
  g_free (found);

  for (int i = 0; i < n; i++)
    {
      if (expected[i] == YYTRANSLATE (')'))
        close = ')';
      else if (expected[i] == YYTRANSLATE (']'))
        close = ']';
      else if (expected[i] == YYTRANSLATE ('}'))
        close = '}';
      if (expected[i] == YYTRANSLATE (';'))
        semi = TRUE;
      if (expected[i] == YYSYMBOL_GO)
        any_stmt = TRUE;
      if (expected[i] == YYSYMBOL_INT)
        any_expr = TRUE;
      if (expected[i] == YYSYMBOL_IMPORT)
        top_level = TRUE;
      if (expected[i] == YYSYMBOL_LBODY)
        body = TRUE;
      if (!continues (expected[i]) && !starts_expression (expected[i]))
        any_other = TRUE;
    }
  if (close != 0 && !chan_lex_open_bracket (ps, close, &line, &column))
    close = 0;

  if (top_level && found_sym == YYTRANSLATE ('}'))
    g_string_append (msg, " outside any block (one '}' too many?)");
  else if (top_level)
    {
      g_string_truncate (msg, 0);
      g_string_append (msg, "syntax error: non-declaration statement outside function body");
    }
  else if (close != 0 && found_sym == YYSYMBOL_YYEOF)
    g_string_append_printf (msg, ", expected '%c'", close);
  else if (body && found_sym != YYTRANSLATE (';'))
    {
      g_string_append (msg, ", expected '{'");
      close = 0;
    }
  else if (semi && !any_stmt && found_sym != YYTRANSLATE (';'))
    {
      g_string_append (msg, " at end of statement");
      close = 0;
    }
  else
    {
      for (int i = 0; i < n; i++)
        {
          yysymbol_kind_t sym = expected[i];

          if (any_stmt && starts_statement (sym))
            add_name (names, g_strdup ("statement"));
          else if (any_expr && starts_expression (sym))
            add_name (names, g_strdup ("expression"));
          else if (!(any_other && continues (sym)))
            add_name (names, symbol_text (sym));
        }
      if (names->len > 0 && names->len <= 5)
        {
          g_string_append (msg, ", expected ");
          for (guint i = 0; i < names->len; i++)
            {
              if (i > 0)
                g_string_append (msg, i == names->len - 1 ? " or " : ", ");
              g_string_append (msg, g_ptr_array_index (names, i));
            }
        }
    }
  if (close != 0)
    g_string_append_printf (msg, " to close '%c' at line %d",
                            close == ')' ? '(' : close == ']' ? '[' : '{', line);
  chan_parse_report (ps, loc->first_line, loc->first_column, "%s", msg->str);
out:
  g_ptr_array_free (names, TRUE);
  g_string_free (msg, TRUE);
  return 0;
}

/* Rejects trees deeper than CHAN_PARSE_MAX_DEPTH (later passes recurse) and
 * a '.(type)' outside a type switch.  Iterative. */
static void
check_tree (ChanParse *ps, ChanNode *root)
{
  GPtrArray *nodes = g_ptr_array_new ();
  GArray *depths = g_array_new (FALSE, FALSE, sizeof (int));
  int depth = 0;
  gboolean too_deep = FALSE;

  g_ptr_array_add (nodes, root);
  g_array_append_val (depths, depth);
  while (nodes->len > 0)
    {
      ChanNode *n = g_ptr_array_steal_index_fast (nodes, nodes->len - 1);
      ChanNode *slots[4] = { n->a, n->b, n->c, n->d };

      depth = g_array_index (depths, int, depths->len - 1) + 1;
      g_array_set_size (depths, depths->len - 1);
      if (depth > CHAN_PARSE_MAX_DEPTH)
        {
          if (!too_deep)
            chan_parse_report (ps, n->pos.line, n->pos.column,
                               "program too deeply nested (more than %d levels): "
                               "split this expression or statement",
                               CHAN_PARSE_MAX_DEPTH);
          too_deep = TRUE;
          continue;
        }
      if (n->kind == CHAN_NODE_TYPE_ASSERT && n->b == NULL)
        chan_parse_report (ps, n->pos.line, n->pos.column,
                           "syntax error: use of .(type) outside type switch");
      for (int i = 0; i < 4; i++)
        if (slots[i] != NULL)
          {
            g_ptr_array_add (nodes, slots[i]);
            g_array_append_val (depths, depth);
          }
      for (guint i = 0; i < chan_node_n_kids (n); i++)
        {
          g_ptr_array_add (nodes, chan_node_kid (n, i));
          g_array_append_val (depths, depth);
        }
    }
  g_ptr_array_free (nodes, TRUE);
  g_array_free (depths, TRUE);
}

gboolean
chan_parse_buffer (const char *filename, const char *text, gsize len,
                   ChanNode **out, GError **error)
{
  ChanParse ps = { .filename = filename };
  yyscan_t scanner;
  gboolean ok;

  g_return_val_if_fail (filename != NULL && (text != NULL || len == 0), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len > G_MAXINT / 2)
    {
      g_set_error (error, CHAN_PARSE_ERROR, CHAN_PARSE_ERROR_INPUT,
                   "%s: file too large to parse", filename);
      return FALSE;
    }
  ps.diags = g_string_new (NULL);
  scanner = chan_lex_open (&ps, text != NULL ? text : "", len);
  ok = yyparse (scanner, &ps) == 0;
  chan_lex_close (scanner);
  if (ok && ps.result != NULL)
    check_tree (&ps, ps.result);
  ok = ok && ps.n_diags == 0 && ps.result != NULL;

  if (ok)
    *out = g_steal_pointer (&ps.result);
  else
    {
      if (ps.diags->len == 0)
        g_string_append_printf (ps.diags, "%s: cannot parse", filename);
      g_strchomp (ps.diags->str);
      g_set_error_literal (error, CHAN_PARSE_ERROR, CHAN_PARSE_ERROR_SYNTAX,
                           ps.diags->str);
      g_clear_pointer (&ps.result, chan_node_free);
    }
  g_string_free (ps.diags, TRUE);
  return ok;
}
