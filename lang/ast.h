/* lang/ast.h -- the syntax tree of a .chan file (a Go subset).
 * Owns: ChanNode, its kinds and fields, constructors and the tree dump.
 * Not: parsing (see parse.h), name resolution (see check.h), lowering (model.h).
 *
 * Ownership rule: a node owns its children (a, b, c, d and kids) and its name;
 * builders take ownership of every child and string they are given; getters
 * return borrowed pointers.  chan_node_free frees a whole subtree. */
#ifndef CHAN_LANG_AST_H
#define CHAN_LANG_AST_H

#include <glib.h>

/* A source position: 1-based line, 1-based byte column (as the Go compiler). */
typedef struct {
  int line;
  int column;
} ChanPos;

/* Node kinds.  For each: the fields it uses.  Unused fields are NULL / 0.
 * "list" means a CHAN_NODE_LIST whose kids are the elements. */
typedef enum {
  /* ---- lists and files ---- */
  CHAN_NODE_LIST,          /* kids: elements, in source order */
  CHAN_NODE_FILE,          /* name: package name; kids: top-level declarations
                              (IMPORT, FUNC_DECL, VAR_DECL, CONST_DECL, TYPE_DECL) */
  CHAN_NODE_IMPORT,        /* name: import path without quotes; str: local
                              name if given (or "_" / "."), else NULL */

  /* ---- declarations ---- */
  CHAN_NODE_FUNC_DECL,     /* name: function or method name;
                              a: receiver PARAM or NULL;
                              b: FUNC_TYPE (parameters and results);
                              c: body BLOCK, or NULL for a declaration without body;
                              d: type parameter list (list of PARAM) or NULL;
                              pos: the 'func' keyword; name_pos: the name */
  CHAN_NODE_VAR_DECL,      /* kids: VAR_SPEC (one, or several when grouped) */
  CHAN_NODE_VAR_SPEC,      /* a: list of IDENT (names); b: type or NULL;
                              c: list of value expressions, or NULL */
  CHAN_NODE_CONST_DECL,    /* kids: CONST_SPEC */
  CHAN_NODE_CONST_SPEC,    /* a: list of IDENT; b: type or NULL; c: list of
                              values or NULL (NULL: repeats the previous spec's
                              values, as Go does; the parser copies nothing,
                              later passes handle it); value: iota for this spec */
  CHAN_NODE_TYPE_DECL,     /* kids: TYPE_SPEC */
  CHAN_NODE_TYPE_SPEC,     /* name; a: the type; flags: CHAN_FLAG_ALIAS for 'type A = B';
                              b: type parameter list (list of PARAM) or NULL */

  /* ---- types (also appear where Go allows a type as an operand) ---- */
  CHAN_NODE_TYPE_NAME,     /* name: type name; str: package qualifier or NULL
                              ("sync.Mutex": str "sync", name "Mutex");
                              b: list of type arguments or NULL */
  CHAN_NODE_TYPE_POINTER,  /* a: element type */
  CHAN_NODE_TYPE_CHAN,     /* a: element type; op: CHAN_DIR_BOTH / SEND / RECV */
  CHAN_NODE_TYPE_ARRAY,    /* a: length expression, or NULL for '[...]T'; b: element type */
  CHAN_NODE_TYPE_SLICE,    /* b: element type */
  CHAN_NODE_TYPE_MAP,      /* a: key type; b: value type */
  CHAN_NODE_TYPE_FUNC,     /* a: list of PARAM (parameters); b: list of PARAM (results) */
  CHAN_NODE_TYPE_STRUCT,   /* kids: FIELD */
  CHAN_NODE_FIELD,         /* a: list of IDENT names, or NULL for an embedded field;
                              b: type; str: tag or NULL */
  CHAN_NODE_TYPE_INTERFACE,/* kids: METHOD_SPEC, or a type (embedded interface
                              or type-set element) */
  CHAN_NODE_METHOD_SPEC,   /* name; a: FUNC_TYPE */
  CHAN_NODE_PARAM,         /* name: parameter name or NULL; a: type;
                              flags: CHAN_FLAG_VARIADIC for '...T';
                              name_pos: position of the name (pos of type if none) */

  /* ---- statements ---- */
  CHAN_NODE_BLOCK,         /* kids: statements; end_pos: the closing '}' */
  CHAN_NODE_EMPTY,         /* empty statement */
  CHAN_NODE_EXPR_STMT,     /* a: expression */
  CHAN_NODE_SEND,          /* a: channel; b: value; pos: the channel operand */
  CHAN_NODE_INC_DEC,       /* a: operand; op: CHAN_OP_INC or CHAN_OP_DEC */
  CHAN_NODE_ASSIGN,        /* a: list of left-hand expressions; b: list of right;
                              op: '=' (CHAN_OP_ASSIGN) or a compound operator
                              (CHAN_OP_ADD for '+=', ...); pos: the operator */
  CHAN_NODE_DEFINE,        /* a: list of IDENT (left); b: list of right; pos: ':=' */
  CHAN_NODE_DECL_STMT,     /* a: VAR_DECL, CONST_DECL or TYPE_DECL */
  CHAN_NODE_IF,            /* a: init statement or NULL; b: condition;
                              c: then BLOCK; d: else (BLOCK or IF) or NULL */
  CHAN_NODE_FOR,           /* a: init or NULL; b: condition or NULL; c: post or NULL;
                              d: body BLOCK */
  CHAN_NODE_RANGE,         /* a: key expression or NULL; b: value expression or NULL;
                              flags: CHAN_FLAG_DEFINE when ':=' (a, b are IDENTs);
                              c: ranged expression; d: body BLOCK */
  CHAN_NODE_SWITCH,        /* a: init or NULL; b: tag expression or NULL (tagless);
                              kids: CASE_CLAUSE */
  CHAN_NODE_TYPE_SWITCH,   /* a: init or NULL; name: bound variable ('v' in
                              'switch v := x.(type)') or NULL; name_pos: its position;
                              b: the expression x; kids: CASE_CLAUSE whose
                              a lists types (TYPE_NAME "nil" stands for nil) */
  CHAN_NODE_CASE_CLAUSE,   /* a: list of expressions, or NULL for 'default';
                              kids: statements of the clause */
  CHAN_NODE_SELECT,        /* kids: COMM_CLAUSE */
  CHAN_NODE_COMM_CLAUSE,   /* a: the communication: SEND, EXPR_STMT (receive),
                              ASSIGN or DEFINE (receive with assignment), or NULL
                              for 'default'; kids: statements of the clause */
  CHAN_NODE_GO,            /* a: CALL expression */
  CHAN_NODE_DEFER,         /* a: CALL expression */
  CHAN_NODE_RETURN,        /* a: list of results, or NULL */
  CHAN_NODE_BREAK,         /* name: label or NULL */
  CHAN_NODE_CONTINUE,      /* name: label or NULL */
  CHAN_NODE_GOTO,          /* name: label */
  CHAN_NODE_FALLTHROUGH,   /* no fields */
  CHAN_NODE_LABELED,       /* name: label; a: the statement (may be EMPTY) */

  /* ---- expressions ---- */
  CHAN_NODE_IDENT,         /* name; (after check.c) decl, ident_flags */
  CHAN_NODE_INT_LIT,       /* value; str: source text */
  CHAN_NODE_FLOAT_LIT,     /* str: source text (floats and imaginary literals) */
  CHAN_NODE_CHAR_LIT,      /* value: the rune; str: source text */
  CHAN_NODE_STRING_LIT,    /* str: the decoded contents (may hold NULs: use value
                              as its length) */
  CHAN_NODE_FUNC_LIT,      /* a: FUNC_TYPE; b: body BLOCK */
  CHAN_NODE_COMPOSITE_LIT, /* a: type, or NULL inside an outer literal where Go
                              allows eliding it; kids: KEYED_ELEMENT */
  CHAN_NODE_KEYED_ELEMENT, /* a: key or NULL; b: value (an expression or an
                              elided-type COMPOSITE_LIT) */
  CHAN_NODE_PAREN,         /* a: inner expression (kept so that (T){} and
                              (<-ch) round-trip; passes may look through it) */
  CHAN_NODE_SELECTOR,      /* a: operand; name: selected name; name_pos */
  CHAN_NODE_INDEX,         /* a: operand; b: the index expression, or a LIST
                              when there are several (a generic instantiation) */
  CHAN_NODE_SLICE_EXPR,    /* a: operand; b: low or NULL; c: high or NULL;
                              d: max or NULL */
  CHAN_NODE_TYPE_ASSERT,   /* a: operand; b: type, or NULL for 'x.(type)' */
  CHAN_NODE_CALL,          /* a: callee expression; b: list of arguments;
                              flags: CHAN_FLAG_ELLIPSIS for 'f(xs...)';
                              pos: the start of the callee; end_pos: ')' */
  CHAN_NODE_UNARY,         /* op: CHAN_OP_NEG, NOT, XOR (^x), ADDR (&x), DEREF (*x),
                              RECV (<-x), PLUS; a: operand; pos: the operator */
  CHAN_NODE_BINARY,        /* op: one of the binary CHAN_OP_*; a, b: operands;
                              pos: the left operand's start; op_pos: the operator */
  CHAN_NODE_KEY_VALUE,     /* reserved */
  CHAN_NODE_BAD,           /* poison: a construct already reported as an error */
  CHAN_NODE_N_KINDS
} ChanNodeKind;

/* Operators (ChanNode.op). */
typedef enum {
  CHAN_OP_NONE = 0,
  /* binary arithmetic and bit operators, also used for compound assignment */
  CHAN_OP_ADD, CHAN_OP_SUB, CHAN_OP_MUL, CHAN_OP_DIV, CHAN_OP_MOD,
  CHAN_OP_AND, CHAN_OP_OR, CHAN_OP_XOR, CHAN_OP_SHL, CHAN_OP_SHR, CHAN_OP_AND_NOT,
  /* comparisons and logic */
  CHAN_OP_EQ, CHAN_OP_NE, CHAN_OP_LT, CHAN_OP_LE, CHAN_OP_GT, CHAN_OP_GE,
  CHAN_OP_LAND, CHAN_OP_LOR,
  /* unary */
  CHAN_OP_NEG, CHAN_OP_PLUS, CHAN_OP_NOT, CHAN_OP_ADDR, CHAN_OP_DEREF, CHAN_OP_RECV,
  /* statements */
  CHAN_OP_ASSIGN, CHAN_OP_INC, CHAN_OP_DEC,
  /* channel directions (TYPE_CHAN) */
  CHAN_DIR_BOTH, CHAN_DIR_SEND, CHAN_DIR_RECV
} ChanOp;

/* ChanNode.flags bits. */
enum {
  CHAN_FLAG_VARIADIC = 1 << 0,  /* PARAM: '...T' */
  CHAN_FLAG_ELLIPSIS = 1 << 1,  /* CALL: 'f(xs...)' */
  CHAN_FLAG_DEFINE   = 1 << 2,  /* RANGE: ':=' */
  CHAN_FLAG_ALIAS    = 1 << 3,  /* TYPE_SPEC: 'type A = B' */
};

/* ChanNode.ident_flags bits, set by name resolution (check.c) on IDENT nodes. */
enum {
  CHAN_IDENT_DEFINES   = 1 << 0,  /* this IDENT declares the name (decl == self) */
  CHAN_IDENT_PACKAGE   = 1 << 1,  /* refers to an imported package ("time", "sync") */
  CHAN_IDENT_UNIVERSE  = 1 << 2,  /* refers to a predeclared name (len, nil, true, int) */
  CHAN_IDENT_CAPTURED  = 1 << 3,  /* on a declaring IDENT: used by a function literal
                                     other than the function that declares it */
  CHAN_IDENT_ADDRESSED = 1 << 4,  /* on a declaring IDENT: its address is taken (&x,
                                     or a pointer-receiver method call on it) */
  CHAN_IDENT_REASSIGNED = 1 << 5, /* on a declaring IDENT: assigned after its declaration
                                     (=, op=, ++, --, or as a later := operand) */
  CHAN_IDENT_UNDEFINED = 1 << 6,  /* an undefined name used as a callee: opaque (SPEC 2.3) */
  CHAN_IDENT_GLOBAL    = 1 << 7,  /* on a declaring IDENT: a package-level variable */
};

typedef struct ChanNode ChanNode;

/* One syntax-tree node.  Invariant: kids is NULL or holds only non-NULL owned
 * nodes; a, b, c, d are NULL or owned. */
struct ChanNode {
  ChanNodeKind kind;
  ChanPos pos;        /* where the construct starts (see the kind's comment) */
  ChanPos name_pos;   /* position of 'name' when it differs from pos */
  ChanPos op_pos;     /* BINARY: the operator */
  ChanPos end_pos;    /* BLOCK: closing brace; CALL: closing parenthesis */
  int op;             /* ChanOp, see the kind */
  int flags;          /* CHAN_FLAG_* */
  char *name;         /* owned; identifiers, selected names, labels */
  char *str;          /* owned; literal text, package qualifiers, tags */
  gint64 value;       /* INT_LIT, CHAR_LIT value; STRING_LIT byte length; iota */
  ChanNode *a, *b, *c, *d;
  GPtrArray *kids;    /* owned, element-free function chan_node_free; or NULL */

  /* Filled by name resolution (check.c); not owned. */
  ChanNode *decl;     /* IDENT: the declaring IDENT, FUNC_DECL, TYPE_SPEC or
                         LABELED node; NULL for packages and universe names */
  int ident_flags;    /* CHAN_IDENT_* */
  int scope_func;     /* IDENT (declaring): serial number of the function or
                         function literal that declares it (0: package level) */
};

/* Returns a new node of KIND at POS with NAME (ownership taken; may be NULL). */
ChanNode *chan_node_new (ChanNodeKind kind, ChanPos pos, char *name);
/* Appends CHILD (ownership taken) to NODE's kids; returns NODE. */
ChanNode *chan_node_append (ChanNode *node, ChanNode *child);
/* Number of kids (0 when kids is NULL), and the i-th kid (borrowed). */
guint chan_node_n_kids (const ChanNode *node);
ChanNode *chan_node_kid (const ChanNode *node, guint i);
/* Frees NODE and everything it owns; NULL is allowed. */
void chan_node_free (ChanNode *node);
/* Deep copy (resolution fields are not copied). */
ChanNode *chan_node_copy (const ChanNode *node);
/* The kind's name, e.g. "SEND". */
const char *chan_node_kind_name (ChanNodeKind kind);
/* Go spelling of an operator, e.g. "+=" for an ASSIGN with CHAN_OP_ADD is "+". */
const char *chan_op_text (ChanOp op);
/* Appends an indented, one-node-a-line dump of NODE to OUT (for --dump=ast and
 * golden tests): "KIND name [line:col] op=... value=..." and children below. */
void chan_node_dump (const ChanNode *node, GString *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChanNode, chan_node_free)

#endif
