/* tests/check_parse.c -- the grammar: one test per construct, syntax errors,
 * limits and real Go programs.
 * Owns: parse_suite.  Not: tokens (see check_lex.c), name resolution
 * (see check_names.c).  Most tests compare lines of chan_node_dump output
 * ("KIND name [line:col] ..."), whose format ast.c documents. */
#include <string.h>
#include <glib.h>
#include "tests/suites.h"
#include "lang/parse.h"

static ChanNode *
parse_ok (const char *src)
{
  ChanNode *file = NULL;
  GError *error = NULL;
  gboolean ok = chan_parse_buffer ("t.go", src, strlen (src), &file, &error);

  ck_assert_msg (ok, "parse failed:\n%s\nsource:\n%s",
                 error != NULL ? error->message : "?", src);
  ck_assert_ptr_nonnull (file);
  ck_assert_int_eq (file->kind, CHAN_NODE_FILE);
  return file;
}

/* The error message of a parse of LEN bytes of SRC, which must fail. */
static char *
parse_err_len (const char *src, gsize len)
{
  ChanNode *file = NULL;
  GError *error = NULL;
  gboolean ok = chan_parse_buffer ("t.go", src, len, &file, &error);
  char *msg;

  ck_assert_msg (!ok, "parse succeeded:\n%s", src);
  ck_assert_ptr_null (file);
  ck_assert (g_error_matches (error, CHAN_PARSE_ERROR, CHAN_PARSE_ERROR_SYNTAX));
  msg = g_strdup (error->message);
  g_error_free (error);
  return msg;
}

static char *
parse_err (const char *src)
{
  return parse_err_len (src, strlen (src));
}

static char *
dump_node (const ChanNode *node)
{
  GString *out = g_string_new (NULL);

  chan_node_dump (node, out);
  return g_string_free (out, FALSE);
}

/* Dump of a whole file. */
static char *
dump_src (const char *src)
{
  g_autoptr (ChanNode) file = parse_ok (src);

  return dump_node (file);
}

/* Dump of the statements of BODY, the body of 'func f()' whose first line
 * is line 3 of the file. */
static char *
dump_body (const char *body)
{
  g_autofree char *src = g_strdup_printf ("package p\nfunc f() {\n%s\n}\n", body);
  g_autoptr (ChanNode) file = parse_ok (src);
  ChanNode *block = chan_node_kid (file, 0)->c;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < chan_node_n_kids (block); i++)
    chan_node_dump (chan_node_kid (block, i), out);
  return g_string_free (out, FALSE);
}

/* Statement I of the body of the first function of FILE (borrowed). */
static ChanNode *
body_stmt (ChanNode *file, guint i)
{
  for (guint k = 0; k < chan_node_n_kids (file); k++)
    if (chan_node_kid (file, k)->kind == CHAN_NODE_FUNC_DECL)
      return chan_node_kid (chan_node_kid (file, k)->c, i);
  ck_abort_msg ("no function");
  return NULL;
}

/* First node of KIND in FILE, depth first, a b c d then kids. */
static ChanNode *
find (ChanNode *node, ChanNodeKind kind)
{
  ChanNode *slots[4];
  ChanNode *hit;

  if (node == NULL)
    return NULL;
  if (node->kind == kind)
    return node;
  slots[0] = node->a, slots[1] = node->b, slots[2] = node->c, slots[3] = node->d;
  for (int i = 0; i < 4; i++)
    if ((hit = find (slots[i], kind)) != NULL)
      return hit;
  for (guint i = 0; i < chan_node_n_kids (node); i++)
    if ((hit = find (chan_node_kid (node, i), kind)) != NULL)
      return hit;
  return NULL;
}

static guint
count (ChanNode *node, ChanNodeKind kind)
{
  ChanNode *slots[4];
  guint n;

  if (node == NULL)
    return 0;
  n = node->kind == kind;
  slots[0] = node->a, slots[1] = node->b, slots[2] = node->c, slots[3] = node->d;
  for (int i = 0; i < 4; i++)
    n += count (slots[i], kind);
  for (guint i = 0; i < chan_node_n_kids (node); i++)
    n += count (chan_node_kid (node, i), kind);
  return n;
}

#define ASSERT_HAS(haystack, needle)                                \
  ck_assert_msg (strstr ((haystack), (needle)) != NULL,             \
                 "'%s' not found in:\n%s", (needle), (haystack))

#define ASSERT_BODY(body, expected)                                 \
  do {                                                              \
    g_autofree char *got_ = dump_body (body);                       \
    ck_assert_str_eq (got_, expected);                              \
  } while (0)

#define ASSERT_BODY_HAS(body, needle)                               \
  do {                                                              \
    g_autofree char *got_ = dump_body (body);                       \
    ASSERT_HAS (got_, needle);                                      \
  } while (0)

#define ASSERT_SRC_HAS(src, needle)                                 \
  do {                                                              \
    g_autofree char *got_ = dump_src (src);                         \
    ASSERT_HAS (got_, needle);                                      \
  } while (0)

#define ASSERT_PARSE_ERROR(src, needle)                             \
  do {                                                              \
    g_autofree char *msg_ = parse_err (src);                        \
    ASSERT_HAS (msg_, needle);                                      \
  } while (0)

#define ASSERT_POS(node, l, c)                                      \
  do {                                                              \
    ck_assert_int_eq ((node)->pos.line, (l));                       \
    ck_assert_int_eq ((node)->pos.column, (c));                     \
  } while (0)

/* ---- files, imports, declarations ---- */

START_TEST (test_parse_package_and_imports)
{
  g_autofree char *got = dump_src ("package main\n"
                                   "import \"fmt\"\n"
                                   "import (\n"
                                   "\t\"sync\"\n"
                                   "\tctx \"context\"\n"
                                   "\t. \"math\"\n"
                                   "\t_ \"embed\"\n"
                                   ")\n"
                                   "import ()\n");

  ck_assert_str_eq (got,
                    "FILE main [1:1] name@1:9\n"
                    "  IMPORT fmt [2:8]\n"
                    "  IMPORT sync [4:2]\n"
                    "  IMPORT context [5:2] name@5:6 str=\"ctx\"\n"
                    "  IMPORT math [6:2] name@6:4 str=\".\"\n"
                    "  IMPORT embed [7:2] name@7:4 str=\"_\"\n");
}
END_TEST

START_TEST (test_parse_file_without_package_clause)
{
  g_autoptr (ChanNode) file = parse_ok ("func main() {}");

  ck_assert_ptr_null (file->name);
  ck_assert_uint_eq (chan_node_n_kids (file), 1);
  ck_assert_int_eq (chan_node_kid (file, 0)->kind, CHAN_NODE_FUNC_DECL);
}
END_TEST

START_TEST (test_parse_empty_file)
{
  g_autoptr (ChanNode) f1 = parse_ok ("");
  g_autoptr (ChanNode) f2 = parse_ok ("package p");
  g_autoptr (ChanNode) f3 = parse_ok ("// just a comment\n\n");

  ck_assert_uint_eq (chan_node_n_kids (f1), 0);
  ck_assert_str_eq (f2->name, "p");
  ck_assert_uint_eq (chan_node_n_kids (f3), 0);
}
END_TEST

START_TEST (test_parse_const_iota)
{
  g_autofree char *got = dump_src ("package p\n"
                                   "const (\n"
                                   "\tA = iota\n"
                                   "\tB\n"
                                   "\tC, D = iota * 2, 5\n"
                                   "\tE int = 7\n"
                                   ")\n"
                                   "const X = 1\n");

  ck_assert_str_eq (got,
                    "FILE p [1:1] name@1:9\n"
                    "  CONST_DECL [2:1]\n"
                    "    CONST_SPEC [3:2] value=0\n"
                    "      a: LIST [3:2]\n"
                    "        IDENT A [3:2]\n"
                    "      c: LIST [3:6]\n"
                    "        IDENT iota [3:6]\n"
                    "    CONST_SPEC [4:2] value=1\n"
                    "      a: LIST [4:2]\n"
                    "        IDENT B [4:2]\n"
                    "    CONST_SPEC [5:2] value=2\n"
                    "      a: LIST [5:2]\n"
                    "        IDENT C [5:2]\n"
                    "        IDENT D [5:5]\n"
                    "      c: LIST [5:9]\n"
                    "        BINARY [5:9] op=*\n"
                    "          a: IDENT iota [5:9]\n"
                    "          b: INT_LIT [5:16] str=\"2\" value=2\n"
                    "        INT_LIT [5:19] str=\"5\" value=5\n"
                    "    CONST_SPEC [6:2] value=3\n"
                    "      a: LIST [6:2]\n"
                    "        IDENT E [6:2]\n"
                    "      b: TYPE_NAME int [6:4]\n"
                    "      c: LIST [6:10]\n"
                    "        INT_LIT [6:10] str=\"7\" value=7\n"
                    "  CONST_DECL [8:1]\n"
                    "    CONST_SPEC [8:7] value=0\n"
                    "      a: LIST [8:7]\n"
                    "        IDENT X [8:7]\n"
                    "      c: LIST [8:11]\n"
                    "        INT_LIT [8:11] str=\"1\" value=1\n");
}
END_TEST

START_TEST (test_parse_var_declarations)
{
  g_autofree char *got = dump_src ("package p\n"
                                   "var x int\n"
                                   "var (\n"
                                   "\ty, z = 1, 2\n"
                                   "\tch chan int = make(chan int)\n"
                                   ")\n"
                                   "var ()\n");

  ck_assert_str_eq (got,
                    "FILE p [1:1] name@1:9\n"
                    "  VAR_DECL [2:1]\n"
                    "    VAR_SPEC [2:5]\n"
                    "      a: LIST [2:5]\n"
                    "        IDENT x [2:5]\n"
                    "      b: TYPE_NAME int [2:7]\n"
                    "  VAR_DECL [3:1]\n"
                    "    VAR_SPEC [4:2]\n"
                    "      a: LIST [4:2]\n"
                    "        IDENT y [4:2]\n"
                    "        IDENT z [4:5]\n"
                    "      c: LIST [4:9]\n"
                    "        INT_LIT [4:9] str=\"1\" value=1\n"
                    "        INT_LIT [4:12] str=\"2\" value=2\n"
                    "    VAR_SPEC [5:2]\n"
                    "      a: LIST [5:2]\n"
                    "        IDENT ch [5:2]\n"
                    "      b: TYPE_CHAN [5:5] op=chan\n"
                    "        a: TYPE_NAME int [5:10]\n"
                    "      c: LIST [5:16]\n"
                    "        CALL [5:16]\n"
                    "          a: IDENT make [5:16]\n"
                    "          b: LIST [5:21]\n"
                    "            TYPE_CHAN [5:21] op=chan\n"
                    "              a: TYPE_NAME int [5:26]\n"
                    "  VAR_DECL [7:1]\n");
}
END_TEST

START_TEST (test_parse_type_declarations)
{
  g_autofree char *got = dump_src ("package p\n"
                                   "type (\n"
                                   "\tA = map[string][]int\n"
                                   "\tH func(int) error\n"
                                   "\tQ chan Job\n"
                                   ")\n"
                                   "type N [4]int\n");

  ck_assert_str_eq (got,
                    "FILE p [1:1] name@1:9\n"
                    "  TYPE_DECL [2:1]\n"
                    "    TYPE_SPEC A [3:2] alias\n"
                    "      a: TYPE_MAP [3:6]\n"
                    "        a: TYPE_NAME string [3:10]\n"
                    "        b: TYPE_SLICE [3:17]\n"
                    "          b: TYPE_NAME int [3:19]\n"
                    "    TYPE_SPEC H [4:2]\n"
                    "      a: TYPE_FUNC [4:4]\n"
                    "        a: LIST [4:9]\n"
                    "          PARAM [4:9]\n"
                    "            a: TYPE_NAME int [4:9]\n"
                    "        b: LIST [4:14]\n"
                    "          PARAM [4:14]\n"
                    "            a: TYPE_NAME error [4:14]\n"
                    "    TYPE_SPEC Q [5:2]\n"
                    "      a: TYPE_CHAN [5:4] op=chan\n"
                    "        a: TYPE_NAME Job [5:9]\n"
                    "  TYPE_DECL [7:1]\n"
                    "    TYPE_SPEC N [7:6]\n"
                    "      a: TYPE_ARRAY [7:8]\n"
                    "        a: INT_LIT [7:9] str=\"4\" value=4\n"
                    "        b: TYPE_NAME int [7:11]\n");
}
END_TEST

START_TEST (test_parse_struct_fields)
{
  g_autofree char *got = dump_src ("package p\n"
                                   "type S struct {\n"
                                   "\ta, b int\n"
                                   "\t*Embedded\n"
                                   "\tsync.Mutex\n"
                                   "\tarr [4]int\n"
                                   "\ts []T `json:\"s\"`\n"
                                   "\tList[string]\n"
                                   "\tf func() int\n"
                                   "}\n");

  ck_assert_str_eq (got,
                    "FILE p [1:1] name@1:9\n"
                    "  TYPE_DECL [2:1]\n"
                    "    TYPE_SPEC S [2:6]\n"
                    "      a: TYPE_STRUCT [2:8]\n"
                    "        FIELD [3:2]\n"
                    "          a: LIST [3:2]\n"
                    "            IDENT a [3:2]\n"
                    "            IDENT b [3:5]\n"
                    "          b: TYPE_NAME int [3:7]\n"
                    "        FIELD [4:2]\n"
                    "          b: TYPE_POINTER [4:2]\n"
                    "            a: TYPE_NAME Embedded [4:3]\n"
                    "        FIELD [5:2]\n"
                    "          b: TYPE_NAME Mutex [5:2] name@5:7 str=\"sync\"\n"
                    "        FIELD [6:2]\n"
                    "          a: LIST [6:2]\n"
                    "            IDENT arr [6:2]\n"
                    "          b: TYPE_ARRAY [6:6]\n"
                    "            a: INT_LIT [6:7] str=\"4\" value=4\n"
                    "            b: TYPE_NAME int [6:9]\n"
                    "        FIELD [7:2] str=\"json:\\\"s\\\"\"\n"
                    "          a: LIST [7:2]\n"
                    "            IDENT s [7:2]\n"
                    "          b: TYPE_SLICE [7:4]\n"
                    "            b: TYPE_NAME T [7:6]\n"
                    "        FIELD [8:2]\n"
                    "          b: TYPE_NAME List [8:2]\n"
                    "            b: LIST [8:7]\n"
                    "              TYPE_NAME string [8:7]\n"
                    "        FIELD [9:2]\n"
                    "          a: LIST [9:2]\n"
                    "            IDENT f [9:2]\n"
                    "          b: TYPE_FUNC [9:4]\n"
                    "            a: LIST [9:9]\n"
                    "            b: LIST [9:11]\n"
                    "              PARAM [9:11]\n"
                    "                a: TYPE_NAME int [9:11]\n");
}
END_TEST

START_TEST (test_parse_interface_elements)
{
  g_autofree char *got = dump_src ("package p\n"
                                   "type I interface {\n"
                                   "\tM(x int) (int, error)\n"
                                   "\tfmt.Stringer\n"
                                   "\t~int | ~string | float64\n"
                                   "}\n"
                                   "type E interface{}\n");

  ck_assert_str_eq (got,
                    "FILE p [1:1] name@1:9\n"
                    "  TYPE_DECL [2:1]\n"
                    "    TYPE_SPEC I [2:6]\n"
                    "      a: TYPE_INTERFACE [2:8]\n"
                    "        METHOD_SPEC M [3:2]\n"
                    "          a: TYPE_FUNC [3:3]\n"
                    "            a: LIST [3:4]\n"
                    "              PARAM x [3:4]\n"
                    "                a: TYPE_NAME int [3:6]\n"
                    "            b: LIST [3:12]\n"
                    "              PARAM [3:12]\n"
                    "                a: TYPE_NAME int [3:12]\n"
                    "              PARAM [3:17]\n"
                    "                a: TYPE_NAME error [3:17]\n"
                    "        TYPE_NAME Stringer [4:2] name@4:6 str=\"fmt\"\n"
                    "        BINARY [5:2] op=|\n"
                    "          a: BINARY [5:2] op=|\n"
                    "            a: UNARY [5:2] str=\"~\"\n"
                    "              a: TYPE_NAME int [5:3]\n"
                    "            b: UNARY [5:9] str=\"~\"\n"
                    "              a: TYPE_NAME string [5:10]\n"
                    "          b: TYPE_NAME float64 [5:19]\n"
                    "  TYPE_DECL [7:1]\n"
                    "    TYPE_SPEC E [7:6]\n"
                    "      a: TYPE_INTERFACE [7:8]\n");
}
END_TEST

START_TEST (test_parse_func_and_method_positions)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\n"
                                        "func main() {}\n"
                                        "func (s *Server) Run(ctx context.Context) error { return nil }\n"
                                        "func (Server) Name() string\n");
  ChanNode *f = chan_node_kid (file, 0);
  ChanNode *m = chan_node_kid (file, 1);
  ChanNode *n = chan_node_kid (file, 2);

  ck_assert_int_eq (f->kind, CHAN_NODE_FUNC_DECL);
  ck_assert_str_eq (f->name, "main");
  ASSERT_POS (f, 2, 1);
  ck_assert_int_eq (f->name_pos.column, 6);
  ck_assert_ptr_null (f->a);
  ck_assert_int_eq (f->b->kind, CHAN_NODE_TYPE_FUNC);
  ck_assert_uint_eq (chan_node_n_kids (f->b->a), 0);
  ck_assert_uint_eq (chan_node_n_kids (f->b->b), 0);
  ck_assert_int_eq (f->c->kind, CHAN_NODE_BLOCK);
  ck_assert_int_eq (f->c->end_pos.column, 14);

  ck_assert_str_eq (m->name, "Run");
  ck_assert_int_eq (m->name_pos.column, 18);
  ck_assert_int_eq (m->a->kind, CHAN_NODE_PARAM);
  ck_assert_str_eq (m->a->name, "s");
  ck_assert_int_eq (m->a->a->kind, CHAN_NODE_TYPE_POINTER);
  ck_assert_str_eq (m->a->a->a->name, "Server");
  ck_assert_str_eq (chan_node_kid (m->b->a, 0)->a->str, "context");
  ck_assert_str_eq (chan_node_kid (m->b->b, 0)->a->name, "error");

  ck_assert_ptr_null (n->a->name);
  ck_assert_ptr_null (n->c);
}
END_TEST

START_TEST (test_parse_parameter_lists)
{
  g_autofree char *got = dump_src ("package p\n"
                                   "func g(a, b int, c ...string) (n int, err error)\n");
  g_autofree char *got2 = dump_src ("package p\n"
                                    "func h(int, string, *T, []int, func(), List[int]) chan<- int\n");

  ck_assert_str_eq (got,
                    "FILE p [1:1] name@1:9\n"
                    "  FUNC_DECL g [2:1] name@2:6\n"
                    "    b: TYPE_FUNC [2:7]\n"
                    "      a: LIST [2:8]\n"
                    "        PARAM a [2:8]\n"
                    "          a: TYPE_NAME int [2:13]\n"
                    "        PARAM b [2:11]\n"
                    "          a: TYPE_NAME int [2:13]\n"
                    "        PARAM c [2:18] variadic\n"
                    "          a: TYPE_NAME string [2:23]\n"
                    "      b: LIST [2:32]\n"
                    "        PARAM n [2:32]\n"
                    "          a: TYPE_NAME int [2:34]\n"
                    "        PARAM err [2:39]\n"
                    "          a: TYPE_NAME error [2:43]\n");
  ck_assert_str_eq (got2,
                    "FILE p [1:1] name@1:9\n"
                    "  FUNC_DECL h [2:1] name@2:6\n"
                    "    b: TYPE_FUNC [2:7]\n"
                    "      a: LIST [2:8]\n"
                    "        PARAM [2:8]\n"
                    "          a: TYPE_NAME int [2:8]\n"
                    "        PARAM [2:13]\n"
                    "          a: TYPE_NAME string [2:13]\n"
                    "        PARAM [2:21]\n"
                    "          a: TYPE_POINTER [2:21]\n"
                    "            a: TYPE_NAME T [2:22]\n"
                    "        PARAM [2:25]\n"
                    "          a: TYPE_SLICE [2:25]\n"
                    "            b: TYPE_NAME int [2:27]\n"
                    "        PARAM [2:32]\n"
                    "          a: TYPE_FUNC [2:32]\n"
                    "            a: LIST [2:37]\n"
                    "            b: LIST [2:38]\n"
                    "        PARAM [2:40]\n"
                    "          a: TYPE_NAME List [2:40]\n"
                    "            b: LIST [2:45]\n"
                    "              TYPE_NAME int [2:45]\n"
                    "      b: LIST [2:51]\n"
                    "        PARAM [2:51]\n"
                    "          a: TYPE_CHAN [2:51] op=chan<-\n"
                    "            a: TYPE_NAME int [2:58]\n");
}
END_TEST

START_TEST (test_parse_named_array_parameters)
{
  ASSERT_SRC_HAS ("package p\nfunc k(arr [3]int, q [...]int, s []int) {}\n",
                  "        PARAM arr [2:8]\n"
                  "          a: TYPE_ARRAY [2:12]\n"
                  "            a: INT_LIT [2:13] str=\"3\" value=3\n");
  ASSERT_SRC_HAS ("package p\nfunc k(arr [3]int, q [...]int, s []int) {}\n",
                  "        PARAM s [2:32]\n"
                  "          a: TYPE_SLICE [2:34]\n");
}
END_TEST

START_TEST (test_parse_generics)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\n"
                                        "type Stack[T any] struct{ items []T }\n"
                                        "type Pair[K comparable, V any] struct{}\n"
                                        "type Num[T ~int | ~float64,] interface{}\n"
                                        "func (s *Stack[T]) Push(v T) {}\n"
                                        "func Map[T, U any](xs []T, f func(T) U) []U {\n"
                                        "\treturn Map[int, string](nil, nil)\n"
                                        "}\n");
  ChanNode *stack = chan_node_kid (chan_node_kid (file, 0), 0);
  ChanNode *pair = chan_node_kid (chan_node_kid (file, 1), 0);
  ChanNode *push = chan_node_kid (file, 3);
  ChanNode *map = chan_node_kid (file, 4);
  ChanNode *call;

  ck_assert_int_eq (stack->b->kind, CHAN_NODE_LIST);
  ck_assert_str_eq (chan_node_kid (stack->b, 0)->name, "T");
  ck_assert_str_eq (chan_node_kid (stack->b, 0)->a->name, "any");
  ck_assert_uint_eq (chan_node_n_kids (pair->b), 2);
  ck_assert_str_eq (chan_node_kid (pair->b, 1)->name, "V");
  /* receiver type arguments */
  ck_assert_str_eq (push->a->a->a->name, "Stack");
  ck_assert_str_eq (chan_node_kid (push->a->a->a->b, 0)->name, "T");
  /* function type parameters go to FUNC_DECL.d */
  ck_assert_int_eq (map->d->kind, CHAN_NODE_LIST);
  ck_assert_str_eq (chan_node_kid (map->d, 0)->name, "T");
  ck_assert_str_eq (chan_node_kid (map->d, 1)->name, "U");
  ck_assert_str_eq (chan_node_kid (map->d, 0)->a->name, "any");
  /* an instantiation in an expression is an INDEX with a LIST */
  call = find (map->c, CHAN_NODE_CALL);
  ck_assert_int_eq (call->a->kind, CHAN_NODE_INDEX);
  ck_assert_int_eq (call->a->b->kind, CHAN_NODE_LIST);
  ck_assert_uint_eq (chan_node_n_kids (call->a->b), 2);
}
END_TEST

/* ---- types ---- */

START_TEST (test_parse_types)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\n"
                                        "var (\n"
                                        "\ta *int\n"
                                        "\tb []string\n"
                                        "\tc [8]byte\n"
                                        "\td map[string]*T\n"
                                        "\te chan int\n"
                                        "\tf <-chan int\n"
                                        "\tg chan<- int\n"
                                        "\th func(int) (bool, error)\n"
                                        "\ti struct{ x int }\n"
                                        "\tj interface{ M() }\n"
                                        "\tk pkg.T\n"
                                        "\tl (int)\n"
                                        ")\n");
  ChanNodeKind kinds[] = { CHAN_NODE_TYPE_POINTER, CHAN_NODE_TYPE_SLICE,
                           CHAN_NODE_TYPE_ARRAY, CHAN_NODE_TYPE_MAP,
                           CHAN_NODE_TYPE_CHAN, CHAN_NODE_TYPE_CHAN,
                           CHAN_NODE_TYPE_CHAN, CHAN_NODE_TYPE_FUNC,
                           CHAN_NODE_TYPE_STRUCT, CHAN_NODE_TYPE_INTERFACE,
                           CHAN_NODE_TYPE_NAME, CHAN_NODE_TYPE_NAME };
  ChanNode *decl = chan_node_kid (file, 0);

  ck_assert_uint_eq (chan_node_n_kids (decl), G_N_ELEMENTS (kinds));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    ck_assert_int_eq (chan_node_kid (decl, i)->b->kind, kinds[i]);
  ck_assert_int_eq (chan_node_kid (decl, 4)->b->op, CHAN_DIR_BOTH);
  ck_assert_int_eq (chan_node_kid (decl, 5)->b->op, CHAN_DIR_RECV);
  ck_assert_int_eq (chan_node_kid (decl, 6)->b->op, CHAN_DIR_SEND);
  ck_assert_str_eq (chan_node_kid (decl, 10)->b->str, "pkg");
  ck_assert_str_eq (chan_node_kid (decl, 11)->b->name, "int");
}
END_TEST

START_TEST (test_parse_chan_associativity)
{
  /* Go spec: '<-' associates with the leftmost chan possible */
  struct { const char *type; int outer, inner; } cases[] = {
    { "chan<- chan int", CHAN_DIR_SEND, CHAN_DIR_BOTH },
    { "chan<- <-chan int", CHAN_DIR_SEND, CHAN_DIR_RECV },
    { "<-chan <-chan int", CHAN_DIR_RECV, CHAN_DIR_RECV },
    { "chan (<-chan int)", CHAN_DIR_BOTH, CHAN_DIR_RECV },
    { "chan <-chan int", CHAN_DIR_SEND, CHAN_DIR_BOTH },
    { "chan chan int", CHAN_DIR_BOTH, CHAN_DIR_BOTH },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *src = g_strdup_printf ("package p\nvar x %s\n", cases[i].type);
      g_autoptr (ChanNode) file = parse_ok (src);
      ChanNode *t = chan_node_kid (chan_node_kid (file, 0), 0)->b;

      ck_assert_msg (t->op == cases[i].outer && t->a->op == cases[i].inner,
                     "%s: %d %d", cases[i].type, t->op, t->a->op);
      ck_assert_str_eq (t->a->a->name, "int");
    }
}
END_TEST

/* ---- statements ---- */

START_TEST (test_parse_simple_statements)
{
  ASSERT_BODY ("\tx++\n\tch <- v\n\ta, b = b, a\n\tn <<= 2\n\ty := <-ch\n\ti--",
               "INC_DEC [3:2] op=++\n"
               "  a: IDENT x [3:2]\n"
               "SEND [4:2]\n"
               "  a: IDENT ch [4:2]\n"
               "  b: IDENT v [4:8]\n"
               "ASSIGN [5:7] op==\n"
               "  a: LIST [5:2]\n"
               "    IDENT a [5:2]\n"
               "    IDENT b [5:5]\n"
               "  b: LIST [5:9]\n"
               "    IDENT b [5:9]\n"
               "    IDENT a [5:12]\n"
               "ASSIGN [6:4] op=<<=\n"
               "  a: LIST [6:2]\n"
               "    IDENT n [6:2]\n"
               "  b: LIST [6:8]\n"
               "    INT_LIT [6:8] str=\"2\" value=2\n"
               "DEFINE [7:4]\n"
               "  a: LIST [7:2]\n"
               "    IDENT y [7:2]\n"
               "  b: LIST [7:7]\n"
               "    UNARY [7:7] op=<-\n"
               "      a: IDENT ch [7:9]\n"
               "INC_DEC [8:2] op=--\n"
               "  a: IDENT i [8:2]\n");
}
END_TEST

START_TEST (test_parse_compound_assignment_operators)
{
  const char *ops[] = { "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "&^" };
  const int codes[] = { CHAN_OP_ADD, CHAN_OP_SUB, CHAN_OP_MUL, CHAN_OP_DIV,
                        CHAN_OP_MOD, CHAN_OP_AND, CHAN_OP_OR, CHAN_OP_XOR,
                        CHAN_OP_SHL, CHAN_OP_SHR, CHAN_OP_AND_NOT };

  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autofree char *src = g_strdup_printf ("package p\nfunc f() { x %s= 1 }\n", ops[i]);
      g_autoptr (ChanNode) file = parse_ok (src);
      ChanNode *s = body_stmt (file, 0);

      ck_assert_int_eq (s->kind, CHAN_NODE_ASSIGN);
      ck_assert_int_eq (s->op, codes[i]);
      ck_assert_str_eq (chan_op_text (s->op), ops[i]);
    }
}
END_TEST

START_TEST (test_parse_send_and_receive_positions)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\nfunc f() {\n"
                                        "\tc.out <- <-in\n"
                                        "\tv, ok := <-ch\n"
                                        "\t<-done\n"
                                        "}\n");
  ChanNode *send = body_stmt (file, 0);
  ChanNode *recv = body_stmt (file, 2)->a;

  ck_assert_int_eq (send->kind, CHAN_NODE_SEND);
  ASSERT_POS (send, 3, 2);
  ck_assert_int_eq (send->b->op, CHAN_OP_RECV);
  ASSERT_POS (send->b, 3, 11);
  ck_assert_int_eq (recv->kind, CHAN_NODE_UNARY);
  ck_assert_int_eq (recv->op, CHAN_OP_RECV);
  ASSERT_POS (recv, 5, 2);
  ck_assert_int_eq (body_stmt (file, 1)->kind, CHAN_NODE_DEFINE);
  ASSERT_POS (body_stmt (file, 1), 4, 8);
}
END_TEST

START_TEST (test_parse_if_else_chain)
{
  ASSERT_BODY ("\tif err := g(); err != nil {\n\t\treturn\n\t} else if x {\n\t} else {\n\t}",
               "IF [3:2]\n"
               "  a: DEFINE [3:9]\n"
               "    a: LIST [3:5]\n"
               "      IDENT err [3:5]\n"
               "    b: LIST [3:12]\n"
               "      CALL [3:12]\n"
               "        a: IDENT g [3:12]\n"
               "        b: LIST [3:13]\n"
               "  b: BINARY [3:17] op=!=\n"
               "    a: IDENT err [3:17]\n"
               "    b: IDENT nil [3:24]\n"
               "  c: BLOCK [3:28]\n"
               "    RETURN [4:3]\n"
               "  d: IF [5:9]\n"
               "    b: IDENT x [5:12]\n"
               "    c: BLOCK [5:14]\n"
               "    d: BLOCK [6:9]\n");
}
END_TEST

START_TEST (test_parse_for_forms)
{
  ASSERT_BODY ("\tfor i := 0; i < 10; i++ {\n\t}\n\tfor x < 3 {\n\t\tbreak\n\t}\n"
               "\tfor {\n\t}\n\tfor ;; {\n\t}",
               "FOR [3:2]\n"
               "  a: DEFINE [3:8]\n"
               "    a: LIST [3:6]\n"
               "      IDENT i [3:6]\n"
               "    b: LIST [3:11]\n"
               "      INT_LIT [3:11] str=\"0\" value=0\n"
               "  b: BINARY [3:14] op=<\n"
               "    a: IDENT i [3:14]\n"
               "    b: INT_LIT [3:18] str=\"10\" value=10\n"
               "  c: INC_DEC [3:22] op=++\n"
               "    a: IDENT i [3:22]\n"
               "  d: BLOCK [3:26]\n"
               "FOR [5:2]\n"
               "  b: BINARY [5:6] op=<\n"
               "    a: IDENT x [5:6]\n"
               "    b: INT_LIT [5:10] str=\"3\" value=3\n"
               "  d: BLOCK [5:12]\n"
               "    BREAK [6:3]\n"
               "FOR [8:2]\n"
               "  d: BLOCK [8:6]\n"
               "FOR [10:2]\n"
               "  d: BLOCK [10:9]\n");
}
END_TEST

START_TEST (test_parse_range_forms)
{
  ASSERT_BODY ("\tfor k, v := range m {\n\t}\n\tfor k = range m {\n\t}\n"
               "\tfor range ch {\n\t}\n\tfor i := range 10 {\n\t}",
               "RANGE [3:2] define\n"
               "  a: IDENT k [3:6]\n"
               "  b: IDENT v [3:9]\n"
               "  c: IDENT m [3:20]\n"
               "  d: BLOCK [3:22]\n"
               "RANGE [5:2]\n"
               "  a: IDENT k [5:6]\n"
               "  c: IDENT m [5:16]\n"
               "  d: BLOCK [5:18]\n"
               "RANGE [7:2]\n"
               "  c: IDENT ch [7:12]\n"
               "  d: BLOCK [7:15]\n"
               "RANGE [9:2] define\n"
               "  a: IDENT i [9:6]\n"
               "  c: INT_LIT [9:17] str=\"10\" value=10\n"
               "  d: BLOCK [9:20]\n");
}
END_TEST

START_TEST (test_parse_switch)
{
  ASSERT_BODY ("\tswitch x := f(); x {\n\tcase 1, 2:\n\t\tfallthrough\n\tdefault:\n\t}\n"
               "\tswitch {\n\tcase a > b:\n\t\tg()\n\t}",
               "SWITCH [3:2]\n"
               "  a: DEFINE [3:11]\n"
               "    a: LIST [3:9]\n"
               "      IDENT x [3:9]\n"
               "    b: LIST [3:14]\n"
               "      CALL [3:14]\n"
               "        a: IDENT f [3:14]\n"
               "        b: LIST [3:15]\n"
               "  b: IDENT x [3:19]\n"
               "  CASE_CLAUSE [4:2]\n"
               "    a: LIST [4:7]\n"
               "      INT_LIT [4:7] str=\"1\" value=1\n"
               "      INT_LIT [4:10] str=\"2\" value=2\n"
               "    FALLTHROUGH [5:3]\n"
               "  CASE_CLAUSE [6:2]\n"
               "SWITCH [8:2]\n"
               "  CASE_CLAUSE [9:2]\n"
               "    a: LIST [9:7]\n"
               "      BINARY [9:7] op=>\n"
               "        a: IDENT a [9:7]\n"
               "        b: IDENT b [9:11]\n"
               "    EXPR_STMT [10:3]\n"
               "      a: CALL [10:3]\n"
               "        a: IDENT g [10:3]\n"
               "        b: LIST [10:4]\n");
}
END_TEST

START_TEST (test_parse_type_switch)
{
  ASSERT_BODY ("\tswitch v := i.(type) {\n\tcase nil, *T, pkg.U, []int:\n"
               "\tcase map[string]int, func(), chan int, error:\n\t}\n"
               "\tswitch x := 1; i.(type) {\n\t}",
               "TYPE_SWITCH v [3:2] name@3:9\n"
               "  b: IDENT i [3:14]\n"
               "  CASE_CLAUSE [4:2]\n"
               "    a: LIST [4:7]\n"
               "      TYPE_NAME nil [4:7]\n"
               "      TYPE_POINTER [4:12]\n"
               "        a: TYPE_NAME T [4:13]\n"
               "      TYPE_NAME U [4:16] name@4:20 str=\"pkg\"\n"
               "      TYPE_SLICE [4:23]\n"
               "        b: TYPE_NAME int [4:25]\n"
               "  CASE_CLAUSE [5:2]\n"
               "    a: LIST [5:7]\n"
               "      TYPE_MAP [5:7]\n"
               "        a: TYPE_NAME string [5:11]\n"
               "        b: TYPE_NAME int [5:18]\n"
               "      TYPE_FUNC [5:23]\n"
               "        a: LIST [5:28]\n"
               "        b: LIST [5:29]\n"
               "      TYPE_CHAN [5:31] op=chan\n"
               "        a: TYPE_NAME int [5:36]\n"
               "      TYPE_NAME error [5:41]\n"
               "TYPE_SWITCH [7:2]\n"
               "  a: DEFINE [7:11]\n"
               "    a: LIST [7:9]\n"
               "      IDENT x [7:9]\n"
               "    b: LIST [7:14]\n"
               "      INT_LIT [7:14] str=\"1\" value=1\n"
               "  b: IDENT i [7:17]\n");
}
END_TEST

START_TEST (test_parse_select_comm_clauses)
{
  ASSERT_BODY ("\tselect {\n\tcase v := <-ch:\n\tcase v, ok = <-ch:\n\tcase <-done:\n"
               "\t\treturn\n\tcase out <- 1:\n\tdefault:\n\t}\n\tselect {}",
               "SELECT [3:2]\n"
               "  COMM_CLAUSE [4:2]\n"
               "    a: DEFINE [4:9]\n"
               "      a: LIST [4:7]\n"
               "        IDENT v [4:7]\n"
               "      b: LIST [4:12]\n"
               "        UNARY [4:12] op=<-\n"
               "          a: IDENT ch [4:14]\n"
               "  COMM_CLAUSE [5:2]\n"
               "    a: ASSIGN [5:13] op==\n"
               "      a: LIST [5:7]\n"
               "        IDENT v [5:7]\n"
               "        IDENT ok [5:10]\n"
               "      b: LIST [5:15]\n"
               "        UNARY [5:15] op=<-\n"
               "          a: IDENT ch [5:17]\n"
               "  COMM_CLAUSE [6:2]\n"
               "    a: EXPR_STMT [6:7]\n"
               "      a: UNARY [6:7] op=<-\n"
               "        a: IDENT done [6:9]\n"
               "    RETURN [7:3]\n"
               "  COMM_CLAUSE [8:2]\n"
               "    a: SEND [8:7]\n"
               "      a: IDENT out [8:7]\n"
               "      b: INT_LIT [8:14] str=\"1\" value=1\n"
               "  COMM_CLAUSE [9:2]\n"
               "SELECT [11:2]\n");
}
END_TEST

START_TEST (test_parse_go_and_defer)
{
  ASSERT_BODY ("\tgo func() { defer wg.Done() }()\n\tdefer mu.Unlock()\n\tgo worker(i, ch)",
               "GO [3:2]\n"
               "  a: CALL [3:5]\n"
               "    a: FUNC_LIT [3:5]\n"
               "      a: TYPE_FUNC [3:5]\n"
               "        a: LIST [3:10]\n"
               "        b: LIST [3:11]\n"
               "      b: BLOCK [3:12]\n"
               "        DEFER [3:14]\n"
               "          a: CALL [3:20]\n"
               "            a: SELECTOR Done [3:20] name@3:23\n"
               "              a: IDENT wg [3:20]\n"
               "            b: LIST [3:27]\n"
               "    b: LIST [3:31]\n"
               "DEFER [4:2]\n"
               "  a: CALL [4:8]\n"
               "    a: SELECTOR Unlock [4:8] name@4:11\n"
               "      a: IDENT mu [4:8]\n"
               "    b: LIST [4:17]\n"
               "GO [5:2]\n"
               "  a: CALL [5:5]\n"
               "    a: IDENT worker [5:5]\n"
               "    b: LIST [5:12]\n"
               "      IDENT i [5:12]\n"
               "      IDENT ch [5:15]\n");
}
END_TEST

START_TEST (test_parse_variadic_call)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\nfunc f() {\n\txs = append(xs, ys...)\n"
                                        "\tg(a, b...,)\n\th(a, b)\n}\n");
  ChanNode *c1 = chan_node_kid (body_stmt (file, 0)->b, 0);
  ChanNode *c2 = body_stmt (file, 1)->a;
  ChanNode *c3 = body_stmt (file, 2)->a;

  ck_assert_int_eq (c1->kind, CHAN_NODE_CALL);
  ck_assert_int_eq (c1->flags, CHAN_FLAG_ELLIPSIS);
  ck_assert_uint_eq (chan_node_n_kids (c1->b), 2);
  ck_assert_int_eq (c2->flags, CHAN_FLAG_ELLIPSIS);
  ck_assert_int_eq (c3->flags, 0);
}
END_TEST

START_TEST (test_parse_call_end_position)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\nfunc f() {\n\tg(a,\n\t\tb,\n\t)\n}\n");
  ChanNode *call = body_stmt (file, 0)->a;

  ck_assert_int_eq (call->kind, CHAN_NODE_CALL);
  ASSERT_POS (call, 3, 2);
  ck_assert_int_eq (call->end_pos.line, 5);
  ck_assert_int_eq (call->end_pos.column, 2);
  ck_assert_uint_eq (chan_node_n_kids (call->b), 2);
}
END_TEST

START_TEST (test_parse_branches_and_labels)
{
  ASSERT_BODY ("L:\n\tfor {\n\t\tcontinue L\n\t\tbreak L\n\t}\n\tgoto end\n\treturn 1, x\nend:\n",
               "LABELED L [3:1]\n"
               "  a: FOR [4:2]\n"
               "    d: BLOCK [4:6]\n"
               "      CONTINUE L [5:3] name@5:12\n"
               "      BREAK L [6:3] name@6:9\n"
               "GOTO end [8:2] name@8:7\n"
               "RETURN [9:2]\n"
               "  a: LIST [9:9]\n"
               "    INT_LIT [9:9] str=\"1\" value=1\n"
               "    IDENT x [9:12]\n"
               "LABELED end [10:1]\n"
               "  a: EMPTY [10:4]\n");
}
END_TEST

START_TEST (test_parse_blocks_and_declaration_statements)
{
  ASSERT_BODY ("\t{\n\t\tvar x int\n\t\ttype T int\n\t\tconst c = 1\n\t}\n\t;;",
               "BLOCK [3:2]\n"
               "  DECL_STMT [4:3]\n"
               "    a: VAR_DECL [4:3]\n"
               "      VAR_SPEC [4:7]\n"
               "        a: LIST [4:7]\n"
               "          IDENT x [4:7]\n"
               "        b: TYPE_NAME int [4:9]\n"
               "  DECL_STMT [5:3]\n"
               "    a: TYPE_DECL [5:3]\n"
               "      TYPE_SPEC T [5:8]\n"
               "        a: TYPE_NAME int [5:10]\n"
               "  DECL_STMT [6:3]\n"
               "    a: CONST_DECL [6:3]\n"
               "      CONST_SPEC [6:9] value=0\n"
               "        a: LIST [6:9]\n"
               "          IDENT c [6:9]\n"
               "        c: LIST [6:13]\n"
               "          INT_LIT [6:13] str=\"1\" value=1\n");
}
END_TEST

/* ---- expressions ---- */

START_TEST (test_parse_binary_precedence)
{
  ASSERT_BODY ("\t_ = a || b && c == d+e*f\n\t_ = -x + ^y - !z",
               "ASSIGN [3:4] op==\n"
               "  a: LIST [3:2]\n"
               "    IDENT _ [3:2]\n"
               "  b: LIST [3:6]\n"
               "    BINARY [3:6] op=||\n"
               "      a: IDENT a [3:6]\n"
               "      b: BINARY [3:11] op=&&\n"
               "        a: IDENT b [3:11]\n"
               "        b: BINARY [3:16] op===\n"
               "          a: IDENT c [3:16]\n"
               "          b: BINARY [3:21] op=+\n"
               "            a: IDENT d [3:21]\n"
               "            b: BINARY [3:23] op=*\n"
               "              a: IDENT e [3:23]\n"
               "              b: IDENT f [3:25]\n"
               "ASSIGN [4:4] op==\n"
               "  a: LIST [4:2]\n"
               "    IDENT _ [4:2]\n"
               "  b: LIST [4:6]\n"
               "    BINARY [4:6] op=-\n"
               "      a: BINARY [4:6] op=+\n"
               "        a: UNARY [4:6] op=-\n"
               "          a: IDENT x [4:7]\n"
               "        b: UNARY [4:11] op=^\n"
               "          a: IDENT y [4:12]\n"
               "      b: UNARY [4:16] op=!\n"
               "        a: IDENT z [4:17]\n");
}
END_TEST

START_TEST (test_parse_all_binary_operators)
{
  const char *ops[] = { "||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-",
                        "|", "^", "*", "/", "%", "<<", ">>", "&", "&^" };

  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autofree char *src = g_strdup_printf ("package p\nvar _ = a %s b\n", ops[i]);
      g_autoptr (ChanNode) file = parse_ok (src);
      ChanNode *e = find (file, CHAN_NODE_BINARY);

      ck_assert_str_eq (chan_op_text (e->op), ops[i]);
      ck_assert_int_eq (e->op_pos.column, 11);
      ck_assert_int_eq (e->pos.column, 9);
    }
}
END_TEST

START_TEST (test_parse_same_level_is_left_associative)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\nvar _ = a - b + c << 1 >> 2\n");
  ChanNode *e = find (file, CHAN_NODE_BINARY);

  /* (a - b) + ((c << 1) >> 2) */
  ck_assert_int_eq (e->op, CHAN_OP_ADD);
  ck_assert_int_eq (e->a->op, CHAN_OP_SUB);
  ck_assert_int_eq (e->b->op, CHAN_OP_SHR);
  ck_assert_int_eq (e->b->a->op, CHAN_OP_SHL);
}
END_TEST

START_TEST (test_parse_unary_operators)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\nvar _ = f(-a, +b, !c, ^d, *e, &g, <-h)\n");
  ChanNode *args = find (file, CHAN_NODE_CALL)->b;
  const int ops[] = { CHAN_OP_NEG, CHAN_OP_PLUS, CHAN_OP_NOT, CHAN_OP_XOR,
                      CHAN_OP_DEREF, CHAN_OP_ADDR, CHAN_OP_RECV };

  ck_assert_uint_eq (chan_node_n_kids (args), G_N_ELEMENTS (ops));
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      ck_assert_int_eq (chan_node_kid (args, i)->kind, CHAN_NODE_UNARY);
      ck_assert_int_eq (chan_node_kid (args, i)->op, ops[i]);
    }
  ASSERT_POS (chan_node_kid (args, 6), 2, 35);
}
END_TEST

START_TEST (test_parse_primary_expressions)
{
  ASSERT_BODY ("\t_ = s[1:2] + s[:] + s[1:2:3] + s[a.b[0]]\n\t_ = x.(T).f\n\t_ = (<-ch)",
               "ASSIGN [3:4] op==\n"
               "  a: LIST [3:2]\n"
               "    IDENT _ [3:2]\n"
               "  b: LIST [3:6]\n"
               "    BINARY [3:6] op=+\n"
               "      a: BINARY [3:6] op=+\n"
               "        a: BINARY [3:6] op=+\n"
               "          a: SLICE_EXPR [3:6]\n"
               "            a: IDENT s [3:6]\n"
               "            b: INT_LIT [3:8] str=\"1\" value=1\n"
               "            c: INT_LIT [3:10] str=\"2\" value=2\n"
               "          b: SLICE_EXPR [3:15]\n"
               "            a: IDENT s [3:15]\n"
               "        b: SLICE_EXPR [3:22]\n"
               "          a: IDENT s [3:22]\n"
               "          b: INT_LIT [3:24] str=\"1\" value=1\n"
               "          c: INT_LIT [3:26] str=\"2\" value=2\n"
               "          d: INT_LIT [3:28] str=\"3\" value=3\n"
               "      b: INDEX [3:33]\n"
               "        a: IDENT s [3:33]\n"
               "        b: INDEX [3:35]\n"
               "          a: SELECTOR b [3:35] name@3:37\n"
               "            a: IDENT a [3:35]\n"
               "          b: INT_LIT [3:39] str=\"0\" value=0\n"
               "ASSIGN [4:4] op==\n"
               "  a: LIST [4:2]\n"
               "    IDENT _ [4:2]\n"
               "  b: LIST [4:6]\n"
               "    SELECTOR f [4:6] name@4:12\n"
               "      a: TYPE_ASSERT [4:6]\n"
               "        a: IDENT x [4:6]\n"
               "        b: TYPE_NAME T [4:9]\n"
               "ASSIGN [5:4] op==\n"
               "  a: LIST [5:2]\n"
               "    IDENT _ [5:2]\n"
               "  b: LIST [5:6]\n"
               "    PAREN [5:6]\n"
               "      a: UNARY [5:7] op=<-\n"
               "        a: IDENT ch [5:9]\n");
}
END_TEST

START_TEST (test_parse_conversions_and_type_operands)
{
  ASSERT_BODY ("\t_ = []byte(s)\n\t_ = (*T)(p)\n\t_ = chan int(nil)\n\t_ = <-chan int(nil)\n"
               "\t_ = make(<-chan int)\n\t_ = new(sync.WaitGroup)\n\t_ = make(map[string]int, 4)",
               "ASSIGN [3:4] op==\n"
               "  a: LIST [3:2]\n"
               "    IDENT _ [3:2]\n"
               "  b: LIST [3:6]\n"
               "    CALL [3:6]\n"
               "      a: TYPE_SLICE [3:6]\n"
               "        b: TYPE_NAME byte [3:8]\n"
               "      b: LIST [3:13]\n"
               "        IDENT s [3:13]\n"
               "ASSIGN [4:4] op==\n"
               "  a: LIST [4:2]\n"
               "    IDENT _ [4:2]\n"
               "  b: LIST [4:6]\n"
               "    CALL [4:6]\n"
               "      a: PAREN [4:6]\n"
               "        a: UNARY [4:7] op=*\n"
               "          a: IDENT T [4:8]\n"
               "      b: LIST [4:11]\n"
               "        IDENT p [4:11]\n"
               "ASSIGN [5:4] op==\n"
               "  a: LIST [5:2]\n"
               "    IDENT _ [5:2]\n"
               "  b: LIST [5:6]\n"
               "    CALL [5:6]\n"
               "      a: TYPE_CHAN [5:6] op=chan\n"
               "        a: TYPE_NAME int [5:11]\n"
               "      b: LIST [5:15]\n"
               "        IDENT nil [5:15]\n"
               "ASSIGN [6:4] op==\n"
               "  a: LIST [6:2]\n"
               "    IDENT _ [6:2]\n"
               "  b: LIST [6:6]\n"
               "    UNARY [6:6] op=<-\n"
               "      a: CALL [6:8]\n"
               "        a: TYPE_CHAN [6:8] op=chan\n"
               "          a: TYPE_NAME int [6:13]\n"
               "        b: LIST [6:17]\n"
               "          IDENT nil [6:17]\n"
               "ASSIGN [7:4] op==\n"
               "  a: LIST [7:2]\n"
               "    IDENT _ [7:2]\n"
               "  b: LIST [7:6]\n"
               "    CALL [7:6]\n"
               "      a: IDENT make [7:6]\n"
               "      b: LIST [7:11]\n"
               "        TYPE_CHAN [7:11] op=<-chan\n"
               "          a: TYPE_NAME int [7:18]\n"
               "ASSIGN [8:4] op==\n"
               "  a: LIST [8:2]\n"
               "    IDENT _ [8:2]\n"
               "  b: LIST [8:6]\n"
               "    CALL [8:6]\n"
               "      a: IDENT new [8:6]\n"
               "      b: LIST [8:10]\n"
               "        SELECTOR WaitGroup [8:10] name@8:15\n"
               "          a: IDENT sync [8:10]\n"
               "ASSIGN [9:4] op==\n"
               "  a: LIST [9:2]\n"
               "    IDENT _ [9:2]\n"
               "  b: LIST [9:6]\n"
               "    CALL [9:6]\n"
               "      a: IDENT make [9:6]\n"
               "      b: LIST [9:11]\n"
               "        TYPE_MAP [9:11]\n"
               "          a: TYPE_NAME string [9:15]\n"
               "          b: TYPE_NAME int [9:22]\n"
               "        INT_LIT [9:27] str=\"4\" value=4\n");
}
END_TEST

START_TEST (test_parse_composite_literals)
{
  ASSERT_BODY ("\t_ = &T{a: 1, b: []int{2}}\n\t_ = [][]int{{1}, {2, 3},}\n"
               "\t_ = map[string]T{\"a\": {1}}\n\t_ = [...]int{1}\n\t_ = struct{}{}\n"
               "\t_ = pkg.T{}",
               "ASSIGN [3:4] op==\n"
               "  a: LIST [3:2]\n"
               "    IDENT _ [3:2]\n"
               "  b: LIST [3:6]\n"
               "    UNARY [3:6] op=&\n"
               "      a: COMPOSITE_LIT [3:7]\n"
               "        a: TYPE_NAME T [3:7]\n"
               "        KEYED_ELEMENT [3:9]\n"
               "          a: IDENT a [3:9]\n"
               "          b: INT_LIT [3:12] str=\"1\" value=1\n"
               "        KEYED_ELEMENT [3:15]\n"
               "          a: IDENT b [3:15]\n"
               "          b: COMPOSITE_LIT [3:18]\n"
               "            a: TYPE_SLICE [3:18]\n"
               "              b: TYPE_NAME int [3:20]\n"
               "            KEYED_ELEMENT [3:24]\n"
               "              b: INT_LIT [3:24] str=\"2\" value=2\n"
               "ASSIGN [4:4] op==\n"
               "  a: LIST [4:2]\n"
               "    IDENT _ [4:2]\n"
               "  b: LIST [4:6]\n"
               "    COMPOSITE_LIT [4:6]\n"
               "      a: TYPE_SLICE [4:6]\n"
               "        b: TYPE_SLICE [4:8]\n"
               "          b: TYPE_NAME int [4:10]\n"
               "      KEYED_ELEMENT [4:14]\n"
               "        b: COMPOSITE_LIT [4:14]\n"
               "          KEYED_ELEMENT [4:15]\n"
               "            b: INT_LIT [4:15] str=\"1\" value=1\n"
               "      KEYED_ELEMENT [4:19]\n"
               "        b: COMPOSITE_LIT [4:19]\n"
               "          KEYED_ELEMENT [4:20]\n"
               "            b: INT_LIT [4:20] str=\"2\" value=2\n"
               "          KEYED_ELEMENT [4:23]\n"
               "            b: INT_LIT [4:23] str=\"3\" value=3\n"
               "ASSIGN [5:4] op==\n"
               "  a: LIST [5:2]\n"
               "    IDENT _ [5:2]\n"
               "  b: LIST [5:6]\n"
               "    COMPOSITE_LIT [5:6]\n"
               "      a: TYPE_MAP [5:6]\n"
               "        a: TYPE_NAME string [5:10]\n"
               "        b: TYPE_NAME T [5:17]\n"
               "      KEYED_ELEMENT [5:19]\n"
               "        a: STRING_LIT [5:19] str=\"a\" value=1\n"
               "        b: COMPOSITE_LIT [5:24]\n"
               "          KEYED_ELEMENT [5:25]\n"
               "            b: INT_LIT [5:25] str=\"1\" value=1\n"
               "ASSIGN [6:4] op==\n"
               "  a: LIST [6:2]\n"
               "    IDENT _ [6:2]\n"
               "  b: LIST [6:6]\n"
               "    COMPOSITE_LIT [6:6]\n"
               "      a: TYPE_ARRAY [6:6]\n"
               "        b: TYPE_NAME int [6:11]\n"
               "      KEYED_ELEMENT [6:15]\n"
               "        b: INT_LIT [6:15] str=\"1\" value=1\n"
               "ASSIGN [7:4] op==\n"
               "  a: LIST [7:2]\n"
               "    IDENT _ [7:2]\n"
               "  b: LIST [7:6]\n"
               "    COMPOSITE_LIT [7:6]\n"
               "      a: TYPE_STRUCT [7:6]\n"
               "ASSIGN [8:4] op==\n"
               "  a: LIST [8:2]\n"
               "    IDENT _ [8:2]\n"
               "  b: LIST [8:6]\n"
               "    COMPOSITE_LIT [8:6]\n"
               "      a: TYPE_NAME T [8:6] name@8:10 str=\"pkg\"\n");
}
END_TEST

START_TEST (test_parse_multiline_composite_literal)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\n"
                                        "var jobs = []Job{\n"
                                        "\t{ID: 1, Name: \"a\"},\n"
                                        "\t{\n"
                                        "\t\tID: 2,\n"
                                        "\t},\n"
                                        "}\n");
  ChanNode *lit = find (file, CHAN_NODE_COMPOSITE_LIT);

  ck_assert_uint_eq (chan_node_n_kids (lit), 2);
  ck_assert_ptr_null (chan_node_kid (lit, 1)->b->a);
  ck_assert_uint_eq (chan_node_n_kids (chan_node_kid (lit, 0)->b), 2);
}
END_TEST

START_TEST (test_parse_function_literals)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\n"
                                        "var handler = func(w int, r *int) (int, error) {\n"
                                        "\treturn 0, nil\n"
                                        "}\n"
                                        "var x = func() int { return 1 }()\n");
  ChanNode *lit = find (file, CHAN_NODE_FUNC_LIT);

  ASSERT_POS (lit, 2, 15);
  ck_assert_int_eq (lit->a->kind, CHAN_NODE_TYPE_FUNC);
  ck_assert_uint_eq (chan_node_n_kids (lit->a->a), 2);
  ck_assert_uint_eq (chan_node_n_kids (lit->a->b), 2);
  ck_assert_int_eq (lit->b->kind, CHAN_NODE_BLOCK);
  ck_assert_uint_eq (count (file, CHAN_NODE_FUNC_LIT), 2);
}
END_TEST

START_TEST (test_parse_string_and_rune_operands)
{
  g_autoptr (ChanNode) file = parse_ok ("package p\nvar s, r, q = \"a\\nb\", 'x', `c\\d`\n");
  ChanNode *vals = chan_node_kid (chan_node_kid (file, 0), 0)->c;

  ck_assert_str_eq (chan_node_kid (vals, 0)->str, "a\nb");
  ck_assert_int_eq (chan_node_kid (vals, 0)->value, 3);
  ck_assert_int_eq (chan_node_kid (vals, 1)->value, 'x');
  ck_assert_str_eq (chan_node_kid (vals, 2)->str, "c\\d");
}
END_TEST

/* ---- composite literals in statement headers (LBODY) ---- */

START_TEST (test_parse_composite_literal_in_headers)
{
  g_autoptr (ChanNode) file = parse_ok (
    "package p\nfunc f() {\n"
    "\tif x == (T{}) {\n\t}\n"
    "\tfor _, v := range []T{{1}, {2}} {\n\t}\n"
    "\tif v := f(T{}); v {\n\t}\n"
    "\tswitch s := struct{}{}; s {\n\t}\n"
    "\tif f := func() bool { for { return true } }; f() {\n\t}\n"
    "\tfor _, x := range []struct{ a int }{{1}} {\n\t}\n"
    "\tif m := map[string]int{\"a\": 1}; m[\"a\"] == 1 {\n\t}\n"
    "\tif _, ok := x.(interface{ M() }); ok {\n\t}\n"
    "\tfor i := range [3]int{} {\n\t\t_ = i\n\t}\n"
    "}\n");
  ChanNodeKind kinds[] = { CHAN_NODE_IF, CHAN_NODE_RANGE, CHAN_NODE_IF,
                           CHAN_NODE_SWITCH, CHAN_NODE_IF, CHAN_NODE_RANGE,
                           CHAN_NODE_IF, CHAN_NODE_IF, CHAN_NODE_RANGE };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    ck_assert_int_eq (body_stmt (file, i)->kind, kinds[i]);
  /* the body of the last range is its own block, with one statement */
  ck_assert_uint_eq (chan_node_n_kids (body_stmt (file, 8)->d), 1);
  ck_assert_int_eq (body_stmt (file, 4)->b->kind, CHAN_NODE_CALL);
}
END_TEST

START_TEST (test_parse_error_composite_literal_of_name_in_header)
{
  /* as in Go: 'T{}' must be parenthesized there */
  ASSERT_PARSE_ERROR ("package p\nfunc f() {\n\tif x == T{} {\n\t}\n}\n",
                      "t.go:3:14: syntax error: unexpected '{'");
}
END_TEST

/* ---- syntax errors ---- */

START_TEST (test_parse_error_names_line_and_column)
{
  ChanNode *file = NULL;
  GError *error = NULL;
  const char *src = "package p\nfunc f() {\n\tx := 1 y := 2\n}\n";

  ck_assert (!chan_parse_buffer ("t.go", src, strlen (src), &file, &error));
  ck_assert_ptr_null (file);
  ck_assert (g_error_matches (error, CHAN_PARSE_ERROR, CHAN_PARSE_ERROR_SYNTAX));
  ck_assert_str_eq (error->message,
                    "t.go:3:9: syntax error: unexpected name y at end of statement");
  g_error_free (error);
}
END_TEST

START_TEST (test_parse_error_expected_closing_brace)
{
  ASSERT_PARSE_ERROR ("package p\nfunc main() {\n\tif x {\n\t\tgo f()\n",
                      "t.go:5:1: syntax error: unexpected end of file, expected '}' "
                      "to close '{' at line 3");
}
END_TEST

START_TEST (test_parse_error_expected_closing_paren)
{
  ASSERT_PARSE_ERROR ("package p\nfunc main() {\n\tf(a, b\n}\n",
                      "t.go:3:8: syntax error: unexpected newline, expected ')' or ',' "
                      "to close '(' at line 3");
  ASSERT_PARSE_ERROR ("package p\nvar x = [3]int{1, 2\n",
                      "t.go:2:20: syntax error: unexpected newline, expected ',', '}' or ':' "
                      "to close '{' at line 2");
}
END_TEST

START_TEST (test_parse_error_expected_expression)
{
  ASSERT_PARSE_ERROR ("package p\nfunc main() { x := }\n",
                      "t.go:2:20: syntax error: unexpected '}', expected expression");
}
END_TEST

START_TEST (test_parse_error_recovers_at_statement_boundaries)
{
  g_autofree char *msg = parse_err ("package p\n"
                                    "func f() {\n"
                                    "\tx = (1 + ]\n"
                                    "\ty := 3\n"
                                    "\tz = )\n"
                                    "}\n"
                                    "func g() { 1 = }\n"
                                    "func h() {}\n");
  g_auto (GStrv) lines = g_strsplit (msg, "\n", -1);

  ck_assert_uint_eq (g_strv_length (lines), 3);
  ASSERT_HAS (lines[0], "t.go:3:11: syntax error: unexpected ']', expected expression");
  ASSERT_HAS (lines[1], "t.go:5:6: syntax error: unexpected ')'");
  ASSERT_HAS (lines[2], "t.go:7:16: syntax error: unexpected '}'");
}
END_TEST

START_TEST (test_parse_error_statement_checks)
{
  ASSERT_PARSE_ERROR ("package p\nfunc f() { go 1 }\n",
                      "t.go:2:15: syntax error: expression in go must be function call");
  ASSERT_PARSE_ERROR ("package p\nfunc f() { defer (g()) }\n",
                      "t.go:2:18: syntax error: expression in defer must not be parenthesized");
  ASSERT_PARSE_ERROR ("package p\nfunc f() { if x = 3 {} }\n",
                      "t.go:2:17: syntax error: cannot use assignment as if condition");
  ASSERT_PARSE_ERROR ("package p\nfunc f() {\n\tif x\n\t{\n\t}\n}\n",
                      "t.go:3:5: syntax error: missing condition in if statement");
  ASSERT_PARSE_ERROR ("package p\nfunc f() { for i := 0; i < 3; j := 1 {} }\n",
                      "cannot declare in post statement of for loop");
  ASSERT_PARSE_ERROR ("package p\nfunc f() { a.b := 1 }\n",
                      "t.go:2:12: syntax error: non-name on left side of :=");
  ASSERT_PARSE_ERROR ("package p\nfunc f() { for a, b, c := range x {} }\n",
                      "range clause permits at most two iteration variables");
  ASSERT_PARSE_ERROR ("package p\nfunc f() { x := y.(type) }\n",
                      "t.go:2:17: syntax error: use of .(type) outside type switch");
  ASSERT_PARSE_ERROR ("package p\nfunc f() { _ = s[1::3] }\n",
                      "middle index required in 3-index slice");
  ASSERT_PARSE_ERROR ("package p\nfunc f() { switch x := 1 {} }\n",
                      "switch expression must be an expression");
}
END_TEST

START_TEST (test_parse_error_declaration_checks)
{
  ASSERT_PARSE_ERROR ("package p\nfunc f(a int, string) {}\n",
                      "t.go:2:15: syntax error: mixed named and unnamed parameters");
  ASSERT_PARSE_ERROR ("package p\nconst X\n",
                      "t.go:2:7: syntax error: missing init expr for const declaration");
  ASSERT_PARSE_ERROR ("package p\nfunc (a, b T) m() {}\n",
                      "method has multiple receivers");
  ASSERT_PARSE_ERROR ("package p\nfunc f() {}\nimport \"fmt\"\n",
                      "t.go:3:8: syntax error: imports must appear before other declarations");
  ASSERT_PARSE_ERROR ("package p\nfunc f[T, U]() {}\n", "missing type constraint");
  ASSERT_PARSE_ERROR ("package p\nx := 1\n",
                      "t.go:2:1: syntax error: non-declaration statement outside function body");
}
END_TEST

START_TEST (test_parse_error_lexical_errors_fail_the_parse)
{
  ASSERT_PARSE_ERROR ("package p\nvar s = \"abc\n", "t.go:2:9: string literal not terminated");
  ASSERT_PARSE_ERROR ("package p\nvar s = `abc\n", "t.go:2:9: raw string literal not terminated");
  ASSERT_PARSE_ERROR ("package p\n/* abc\n", "t.go:2:1: comment not terminated");
  ASSERT_PARSE_ERROR ("package p\nvar x = 1 $ 2\n", "t.go:2:11: invalid character '$'");
}
END_TEST

START_TEST (test_parse_error_recovers_at_clauses)
{
  g_autofree char *msg = parse_err ("package p\n"
                                    "func f() {\n"
                                    "\tswitch x {\n"
                                    "\tcase 1 2:\n"
                                    "\t\tf()\n"
                                    "\tcase 3:\n"
                                    "\t\ty := := 2\n"
                                    "\t}\n"
                                    "\tselect {\n"
                                    "\tcase v := <-ch\n"
                                    "\t\tprintln(v)\n"
                                    "\tcase x y:\n"
                                    "\t}\n"
                                    "}\n"
                                    "func g() { 1 = }\n");

  ck_assert_str_eq (msg,
                    "t.go:4:9: syntax error: unexpected literal 2, expected ',' or ':'\n"
                    "t.go:7:8: syntax error: unexpected ':=', expected expression\n"
                    "t.go:10:16: syntax error: unexpected newline, expected ':'\n"
                    "t.go:12:9: syntax error: unexpected name y, expected ':=', '=', ',' or ':'\n"
                    "t.go:15:16: syntax error: unexpected '}', expected expression");
}
END_TEST

START_TEST (test_parse_error_recovers_at_statement_headers)
{
  g_autofree char *msg = parse_err ("package p\n"
                                    "func f() {\n"
                                    "\tfor i := 0; i < ; i++ {\n"
                                    "\t\tx := := 1\n"
                                    "\t}\n"
                                    "\tif a b {\n"
                                    "\t\treturn\n"
                                    "\t} else {\n"
                                    "\t}\n"
                                    "\tswitch x := ; {\n"
                                    "\tcase 1:\n"
                                    "\t}\n"
                                    "\tz := 1 1\n"
                                    "}\n");

  ck_assert_str_eq (msg,
                    "t.go:3:18: syntax error: unexpected semicolon, expected expression\n"
                    "t.go:4:8: syntax error: unexpected ':=', expected expression\n"
                    "t.go:6:7: syntax error: unexpected name b, expected '{'\n"
                    "t.go:10:14: syntax error: unexpected semicolon, expected expression\n"
                    "t.go:13:9: syntax error: unexpected literal 1 at end of statement");
}
END_TEST

START_TEST (test_parse_error_misplaced_braces_and_else)
{
  ASSERT_PARSE_ERROR ("package p\nfunc f() {\n\tif x {\n\t}\n\telse {\n\t}\n}\n",
                      "t.go:5:2: syntax error: unexpected keyword else: it must be on the line "
                      "of the '}' that closes the if");
  ASSERT_PARSE_ERROR ("package p\nfunc main()\n{\n}\n",
                      "t.go:3:1: syntax error: unexpected '{' at the start of a line");
  ASSERT_PARSE_ERROR ("package p\nfunc main() {\n}\n}\n",
                      "t.go:4:1: syntax error: unexpected '}' outside any block");
}
END_TEST

START_TEST (test_parse_error_count_is_capped)
{
  GString *src = g_string_new ("package p\nfunc f() {\n");
  g_autofree char *msg = NULL;
  g_auto (GStrv) lines = NULL;

  for (int i = 0; i < 100; i++)
    g_string_append (src, "\tx := := 1\n");
  g_string_append (src, "}\n");
  msg = parse_err (src->str);
  lines = g_strsplit (msg, "\n", -1);
  ck_assert_uint_eq (g_strv_length (lines), 21);
  ASSERT_HAS (lines[20], "too many errors");
  g_string_free (src, TRUE);
}
END_TEST

/* ---- limits and robustness ---- */

START_TEST (test_parse_deep_brackets_are_capped)
{
  GString *src = g_string_new ("package p\nvar x = ");
  g_autofree char *msg = NULL;

  for (int i = 0; i < 20000; i++)
    g_string_append_c (src, '(');
  msg = parse_err (src->str);
  ASSERT_HAS (msg, "t.go:2:1009: nesting too deep");
  ck_assert (strchr (msg, '\n') == NULL);
  g_string_free (src, TRUE);
}
END_TEST

START_TEST (test_parse_long_operator_chain_is_capped)
{
  GString *src = g_string_new ("package p\nvar x = a");
  g_autofree char *msg = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append (src, "+a");
  msg = parse_err (src->str);
  ASSERT_HAS (msg, "too deeply nested");
  g_string_free (src, TRUE);
}
END_TEST

START_TEST (test_parse_long_unary_chain_is_capped)
{
  GString *src = g_string_new ("package p\nvar x = ");
  g_autofree char *msg = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append (src, "- ");
  g_string_append (src, "a\n");
  msg = parse_err (src->str);
  ASSERT_HAS (msg, "too deeply nested");
  g_string_free (src, TRUE);
}
END_TEST

START_TEST (test_parse_moderate_nesting_is_fine)
{
  GString *src = g_string_new ("package p\nvar x = ");
  ChanNode *file;

  for (int i = 0; i < 500; i++)
    g_string_append (src, "f(");
  g_string_append (src, "1");
  for (int i = 0; i < 500; i++)
    g_string_append_c (src, ')');
  file = parse_ok (src->str);
  ck_assert_uint_eq (count (file, CHAN_NODE_CALL), 500);
  chan_node_free (file);
  g_string_free (src, TRUE);
}
END_TEST

static const char worker_pool[] =
  "package main\n"
  "\n"
  "import (\n"
  "\t\"context\"\n"
  "\t\"fmt\"\n"
  "\t\"sync\"\n"
  "\t\"time\"\n"
  ")\n"
  "\n"
  "type Result struct {\n"
  "\tID  int\n"
  "\tErr error\n"
  "}\n"
  "\n"
  "func worker(ctx context.Context, id int, jobs <-chan int, out chan<- Result, wg *sync.WaitGroup) {\n"
  "\tdefer wg.Done()\n"
  "\tfor {\n"
  "\t\tselect {\n"
  "\t\tcase j, ok := <-jobs:\n"
  "\t\t\tif !ok {\n"
  "\t\t\t\treturn\n"
  "\t\t\t}\n"
  "\t\t\tselect {\n"
  "\t\t\tcase out <- Result{ID: j}:\n"
  "\t\t\tcase <-ctx.Done():\n"
  "\t\t\t\treturn\n"
  "\t\t\t}\n"
  "\t\tcase <-time.After(100 * time.Millisecond):\n"
  "\t\t\tfmt.Println(\"worker\", id, \"idle\")\n"
  "\t\tcase <-ctx.Done():\n"
  "\t\t\treturn\n"
  "\t\t}\n"
  "\t}\n"
  "}\n"
  "\n"
  "func main() {\n"
  "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)\n"
  "\tdefer cancel()\n"
  "\tjobs := make(chan int)\n"
  "\tout := make(chan Result, 4)\n"
  "\tvar wg sync.WaitGroup\n"
  "\tfor i := range 3 {\n"
  "\t\twg.Add(1)\n"
  "\t\tgo worker(ctx, i, jobs, out, &wg)\n"
  "\t}\n"
  "\tgo func() {\n"
  "\t\tfor _, j := range []int{1, 2, 3} {\n"
  "\t\t\tjobs <- j\n"
  "\t\t}\n"
  "\t\tclose(jobs)\n"
  "\t}()\n"
  "\tgo func() { wg.Wait(); close(out) }()\n"
  "\tfor r := range out {\n"
  "\t\tif r.Err != nil {\n"
  "\t\t\tfmt.Printf(\"%d: %v\\n\", r.ID, r.Err)\n"
  "\t\t}\n"
  "\t}\n"
  "}\n";

START_TEST (test_parse_real_worker_pool)
{
  g_autoptr (ChanNode) file = parse_ok (worker_pool);
  ChanNode *sel = find (file, CHAN_NODE_SELECT);

  ck_assert_str_eq (file->name, "main");
  ck_assert_uint_eq (count (file, CHAN_NODE_IMPORT), 4);
  ck_assert_uint_eq (count (file, CHAN_NODE_FUNC_DECL), 2);
  ck_assert_uint_eq (count (file, CHAN_NODE_SELECT), 2);
  ck_assert_uint_eq (count (file, CHAN_NODE_GO), 3);
  ck_assert_uint_eq (count (file, CHAN_NODE_RANGE), 3);
  ck_assert_uint_eq (count (file, CHAN_NODE_COMM_CLAUSE), 5);
  ASSERT_POS (sel, 18, 3);
  ck_assert_uint_eq (chan_node_n_kids (sel), 3);
}
END_TEST

START_TEST (test_parse_real_struct_with_methods)
{
  g_autoptr (ChanNode) file = parse_ok (
    "package cache\n"
    "\n"
    "import \"sync\"\n"
    "\n"
    "// Cache is a map guarded by a mutex.\n"
    "type Cache struct {\n"
    "\tsync.RWMutex\n"
    "\titems map[string]*entry\n"
    "\tonce  sync.Once\n"
    "\tdone  chan struct{}\n"
    "}\n"
    "\n"
    "type entry struct{ v []byte; ttl int64 }\n"
    "\n"
    "func New() *Cache {\n"
    "\tc := &Cache{items: make(map[string]*entry), done: make(chan struct{})}\n"
    "\treturn c\n"
    "}\n"
    "\n"
    "func (c *Cache) Get(k string) ([]byte, bool) {\n"
    "\tc.RLock()\n"
    "\tdefer c.RUnlock()\n"
    "\te, ok := c.items[k]\n"
    "\tif !ok {\n"
    "\t\treturn nil, false\n"
    "\t}\n"
    "\treturn e.v, true\n"
    "}\n"
    "\n"
    "func (c *Cache) Close() {\n"
    "\tc.once.Do(func() { close(c.done) })\n"
    "}\n"
    "\n"
    "func (c Cache) String() string { return \"cache\" }\n");

  ck_assert_uint_eq (count (file, CHAN_NODE_FUNC_DECL), 4);
  ck_assert_uint_eq (count (file, CHAN_NODE_FIELD), 6);
  ck_assert_str_eq (chan_node_kid (file, 4)->name, "Get");
  ck_assert_int_eq (chan_node_kid (file, 4)->a->a->kind, CHAN_NODE_TYPE_POINTER);
}
END_TEST

START_TEST (test_parse_real_go_test_file)
{
  g_autoptr (ChanNode) file = parse_ok (
    "package server_test\n"
    "\n"
    "import (\n"
    "\t\"errors\"\n"
    "\t\"testing\"\n"
    "\n"
    "\t\"golang.org/x/sync/errgroup\"\n"
    ")\n"
    "\n"
    "var errBoom = errors.New(\"boom\")\n"
    "\n"
    "func TestFetch(t *testing.T) {\n"
    "\tt.Parallel()\n"
    "\ttests := []struct {\n"
    "\t\tname string\n"
    "\t\tn    int\n"
    "\t\twant error\n"
    "\t}{\n"
    "\t\t{\"ok\", 1, nil},\n"
    "\t\t{name: \"fail\", n: 2, want: errBoom},\n"
    "\t}\n"
    "\tfor _, tt := range tests {\n"
    "\t\tt.Run(tt.name, func(t *testing.T) {\n"
    "\t\t\tvar g errgroup.Group\n"
    "\t\t\tresults := make(chan int, tt.n)\n"
    "\t\t\tfor i := 0; i < tt.n; i++ {\n"
    "\t\t\t\tg.Go(func() error {\n"
    "\t\t\t\t\tresults <- i\n"
    "\t\t\t\t\treturn nil\n"
    "\t\t\t\t})\n"
    "\t\t\t}\n"
    "\t\t\tif err := g.Wait(); !errors.Is(err, tt.want) {\n"
    "\t\t\t\tt.Fatalf(\"got %v, want %v\", err, tt.want)\n"
    "\t\t\t}\n"
    "\t\t})\n"
    "\t}\n"
    "}\n"
    "\n"
    "func BenchmarkX(b *testing.B) {\n"
    "\tfor i := 0; i < b.N; i++ {\n"
    "\t}\n"
    "}\n");
  ChanNode *test = chan_node_kid (file, 4);

  ck_assert_str_eq (test->name, "TestFetch");
  ck_assert_str_eq (chan_node_kid (test->b->a, 0)->name, "t");
  ck_assert_str_eq (chan_node_kid (test->b->a, 0)->a->a->str, "testing");
  ck_assert_uint_eq (count (file, CHAN_NODE_FUNC_LIT), 2);
  ck_assert_uint_eq (count (file, CHAN_NODE_IMPORT), 3);
}
END_TEST

START_TEST (test_parse_real_generic_pipeline)
{
  g_autoptr (ChanNode) file = parse_ok (
    "package pipeline\n"
    "\n"
    "type Number interface {\n"
    "\t~int | ~int64 | ~float64\n"
    "}\n"
    "\n"
    "func Gen[T any](done <-chan struct{}, xs ...T) <-chan T {\n"
    "\tout := make(chan T)\n"
    "\tgo func() {\n"
    "\t\tdefer close(out)\n"
    "\t\tfor _, x := range xs {\n"
    "\t\t\tselect {\n"
    "\t\t\tcase out <- x:\n"
    "\t\t\tcase <-done:\n"
    "\t\t\t\treturn\n"
    "\t\t\t}\n"
    "\t\t}\n"
    "\t}()\n"
    "\treturn out\n"
    "}\n"
    "\n"
    "func Sum[N Number](in <-chan N) (total N) {\n"
    "\tfor n := range in {\n"
    "\t\ttotal += n\n"
    "\t}\n"
    "\treturn\n"
    "}\n");

  ck_assert_uint_eq (count (file, CHAN_NODE_FUNC_DECL), 2);
  ck_assert_ptr_nonnull (chan_node_kid (file, 1)->d);
  ck_assert_uint_eq (count (file, CHAN_NODE_SEND), 1);
}
END_TEST

/* Every prefix of a real program: errors, never crashes or leaks (the
 * valgrind run of the suite checks the leaks). */
START_TEST (test_parse_every_prefix_fails_cleanly)
{
  gsize len = strlen (worker_pool);

  for (gsize n = 0; n < len; n += 3)
    {
      ChanNode *file = NULL;
      GError *error = NULL;

      if (chan_parse_buffer ("t.go", worker_pool, n, &file, &error))
        chan_node_free (file);
      else
        {
          ck_assert_ptr_null (file);
          ck_assert (g_str_has_prefix (error->message, "t.go:"));
          g_error_free (error);
        }
    }
}
END_TEST

/* Random byte edits of a real program, with a fixed seed. */
START_TEST (test_parse_mutations_fail_cleanly)
{
  GRand *rand = g_rand_new_with_seed (20240601);
  gsize len = strlen (worker_pool);
  static const char pool[] = "{}()[];,.:=<-*&\"`'/\n\t x0_\xff\xc3";

  for (int round = 0; round < 400; round++)
    {
      char *text = g_memdup2 (worker_pool, len + 1);
      ChanNode *file = NULL;
      GError *error = NULL;
      int edits = g_rand_int_range (rand, 1, 6);

      for (int e = 0; e < edits; e++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) len);

          if (g_rand_boolean (rand))
            text[at] = pool[g_rand_int_range (rand, 0, sizeof pool - 1)];
          else
            text[at] = (char) g_rand_int_range (rand, 0, 256);
        }
      if (chan_parse_buffer ("t.go", text, len, &file, &error))
        chan_node_free (file);
      else
        {
          ck_assert (g_str_has_prefix (error->message, "t.go:"));
          g_error_free (error);
        }
      g_free (text);
    }
  g_rand_free (rand);
}
END_TEST

START_TEST (test_parse_nul_bytes_and_empty_input)
{
  g_autofree char *m1 = parse_err_len ("package p\n\0\0\0", 13);
  ChanNode *file = NULL;
  GError *error = NULL;

  ASSERT_HAS (m1, "t.go:2:1: invalid NUL character");
  ck_assert (chan_parse_buffer ("t.go", NULL, 0, &file, &error));
  chan_node_free (file);
}
END_TEST

START_TEST (test_parse_copy_is_deep_and_equal)
{
  g_autoptr (ChanNode) file = parse_ok (worker_pool);
  g_autoptr (ChanNode) copy = chan_node_copy (file);
  g_autofree char *d1 = dump_node (file);
  g_autofree char *d2 = dump_node (copy);

  ck_assert_str_eq (d1, d2);
  ck_assert_ptr_ne (chan_node_kid (file, 0), chan_node_kid (copy, 0));
}
END_TEST

START_TEST (test_parse_node_api)
{
  g_autoptr (ChanNode) list = chan_node_new (CHAN_NODE_LIST, (ChanPos) { 1, 2 }, NULL);

  ck_assert_uint_eq (chan_node_n_kids (list), 0);
  chan_node_append (list, chan_node_new (CHAN_NODE_IDENT, (ChanPos) { 1, 3 }, g_strdup ("x")));
  chan_node_append (list, NULL);
  ck_assert_uint_eq (chan_node_n_kids (list), 1);
  ck_assert_str_eq (chan_node_kid (list, 0)->name, "x");
  ck_assert_str_eq (chan_node_kind_name (CHAN_NODE_SEND), "SEND");
  ck_assert_str_eq (chan_node_kind_name (CHAN_NODE_BAD), "BAD");
  ck_assert_str_eq (chan_op_text (CHAN_OP_AND_NOT), "&^");
  ck_assert_str_eq (chan_op_text (CHAN_OP_RECV), "<-");
  ck_assert_str_eq (chan_op_text (CHAN_DIR_RECV), "<-chan");
  chan_node_free (NULL);
}
END_TEST

Suite *
parse_suite (void)
{
  Suite *s = suite_create ("parse");
  TCase *decl = tcase_create ("Declarations");
  TCase *stmt = tcase_create ("Statements");
  TCase *expr = tcase_create ("Expressions");
  TCase *err = tcase_create ("Errors");
  TCase *lim = tcase_create ("Limits");
  TCase *real = tcase_create ("Programs");

  tcase_add_test (decl, test_parse_package_and_imports);
  tcase_add_test (decl, test_parse_file_without_package_clause);
  tcase_add_test (decl, test_parse_empty_file);
  tcase_add_test (decl, test_parse_const_iota);
  tcase_add_test (decl, test_parse_var_declarations);
  tcase_add_test (decl, test_parse_type_declarations);
  tcase_add_test (decl, test_parse_struct_fields);
  tcase_add_test (decl, test_parse_interface_elements);
  tcase_add_test (decl, test_parse_func_and_method_positions);
  tcase_add_test (decl, test_parse_parameter_lists);
  tcase_add_test (decl, test_parse_named_array_parameters);
  tcase_add_test (decl, test_parse_generics);
  tcase_add_test (decl, test_parse_types);
  tcase_add_test (decl, test_parse_chan_associativity);
  suite_add_tcase (s, decl);

  tcase_add_test (stmt, test_parse_simple_statements);
  tcase_add_test (stmt, test_parse_compound_assignment_operators);
  tcase_add_test (stmt, test_parse_send_and_receive_positions);
  tcase_add_test (stmt, test_parse_if_else_chain);
  tcase_add_test (stmt, test_parse_for_forms);
  tcase_add_test (stmt, test_parse_range_forms);
  tcase_add_test (stmt, test_parse_switch);
  tcase_add_test (stmt, test_parse_type_switch);
  tcase_add_test (stmt, test_parse_select_comm_clauses);
  tcase_add_test (stmt, test_parse_go_and_defer);
  tcase_add_test (stmt, test_parse_variadic_call);
  tcase_add_test (stmt, test_parse_call_end_position);
  tcase_add_test (stmt, test_parse_branches_and_labels);
  tcase_add_test (stmt, test_parse_blocks_and_declaration_statements);
  tcase_add_test (stmt, test_parse_composite_literal_in_headers);
  suite_add_tcase (s, stmt);

  tcase_add_test (expr, test_parse_binary_precedence);
  tcase_add_test (expr, test_parse_all_binary_operators);
  tcase_add_test (expr, test_parse_same_level_is_left_associative);
  tcase_add_test (expr, test_parse_unary_operators);
  tcase_add_test (expr, test_parse_primary_expressions);
  tcase_add_test (expr, test_parse_conversions_and_type_operands);
  tcase_add_test (expr, test_parse_composite_literals);
  tcase_add_test (expr, test_parse_multiline_composite_literal);
  tcase_add_test (expr, test_parse_function_literals);
  tcase_add_test (expr, test_parse_string_and_rune_operands);
  tcase_add_test (expr, test_parse_node_api);
  suite_add_tcase (s, expr);

  tcase_add_test (err, test_parse_error_names_line_and_column);
  tcase_add_test (err, test_parse_error_expected_closing_brace);
  tcase_add_test (err, test_parse_error_expected_closing_paren);
  tcase_add_test (err, test_parse_error_expected_expression);
  tcase_add_test (err, test_parse_error_recovers_at_statement_boundaries);
  tcase_add_test (err, test_parse_error_statement_checks);
  tcase_add_test (err, test_parse_error_declaration_checks);
  tcase_add_test (err, test_parse_error_lexical_errors_fail_the_parse);
  tcase_add_test (err, test_parse_error_composite_literal_of_name_in_header);
  tcase_add_test (err, test_parse_error_recovers_at_clauses);
  tcase_add_test (err, test_parse_error_recovers_at_statement_headers);
  tcase_add_test (err, test_parse_error_misplaced_braces_and_else);
  tcase_add_test (err, test_parse_error_count_is_capped);
  suite_add_tcase (s, err);

  tcase_add_test (lim, test_parse_deep_brackets_are_capped);
  tcase_add_test (lim, test_parse_long_operator_chain_is_capped);
  tcase_add_test (lim, test_parse_long_unary_chain_is_capped);
  tcase_add_test (lim, test_parse_moderate_nesting_is_fine);
  tcase_add_test (lim, test_parse_every_prefix_fails_cleanly);
  tcase_add_test (lim, test_parse_mutations_fail_cleanly);
  tcase_add_test (lim, test_parse_nul_bytes_and_empty_input);
  tcase_set_timeout (lim, 60);
  suite_add_tcase (s, lim);

  tcase_add_test (real, test_parse_real_worker_pool);
  tcase_add_test (real, test_parse_real_struct_with_methods);
  tcase_add_test (real, test_parse_real_go_test_file);
  tcase_add_test (real, test_parse_real_generic_pipeline);
  tcase_add_test (real, test_parse_copy_is_deep_and_equal);
  suite_add_tcase (s, real);
  return s;
}
