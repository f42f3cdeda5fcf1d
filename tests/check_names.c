/* tests/check_names.c -- name resolution and the compile checks (check.c).
 * Owns: names_suite: one test per annotation rule and per diagnostic, with
 * its exact text and position.  Not: parsing itself (see check_parse.c). */
#include <string.h>
#include "tests/suites.h"
#include "lang/check.h"
#include "lang/parse.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* Parses SRC as "t.chan" (must succeed) and checks it.  Returns the tree
 * (free with chan_node_free) and sets *ERROR when the check fails. */
static ChanNode *
parse_and_check (const char *src, GError **error)
{
  ChanNode *file = NULL;
  GError *perr = NULL;

  if (!chan_parse_buffer ("t.chan", src, strlen (src), &file, &perr))
    ck_abort_msg ("parse failed: %s", perr->message);
  chan_check_file (file, "t.chan", error);
  return file;
}

/* Parses and checks SRC, which must be accepted; returns the tree. */
static ChanNode *
accepted (const char *src)
{
  GError *error = NULL;
  ChanNode *file = parse_and_check (src, &error);

  if (error != NULL)
    ck_abort_msg ("check failed:\n%s", error->message);
  return file;
}

/* Checks SRC, which must be rejected with CODE and exactly EXPECTED. */
static void
assert_rejected (const char *src, int code, const char *expected)
{
  GError *error = NULL;
  ChanNode *file = parse_and_check (src, &error);

  ck_assert_msg (error != NULL, "accepted, expected:\n%s", expected);
  ck_assert_msg (error->domain == CHAN_PARSE_ERROR, "wrong domain");
  ck_assert_str_eq (error->message, expected);
  ck_assert_int_eq (error->code, code);
  g_error_free (error);
  chan_node_free (file);
}

#define SEMANTIC CHAN_PARSE_ERROR_SEMANTIC
#define UNSUPPORTED CHAN_PARSE_ERROR_UNSUPPORTED

/* The first node of KIND at LINE:COL (its pos or name_pos), pre-order. */
static ChanNode *
find_at (ChanNode *root, ChanNodeKind kind, int line, int col)
{
  GPtrArray *stack = g_ptr_array_new ();
  ChanNode *found = NULL;

  g_ptr_array_add (stack, root);
  while (stack->len > 0 && found == NULL)
    {
      ChanNode *n = g_ptr_array_remove_index (stack, stack->len - 1);
      if (n->kind == kind
          && ((n->pos.line == line && n->pos.column == col)
              || (n->name_pos.line == line && n->name_pos.column == col)))
        found = n;
      for (guint i = chan_node_n_kids (n); i-- > 0;)
        g_ptr_array_add (stack, chan_node_kid (n, i));
      if (n->d) g_ptr_array_add (stack, n->d);
      if (n->c) g_ptr_array_add (stack, n->c);
      if (n->b) g_ptr_array_add (stack, n->b);
      if (n->a) g_ptr_array_add (stack, n->a);
    }
  g_ptr_array_free (stack, TRUE);
  ck_assert_msg (found != NULL, "no %s at %d:%d", chan_node_kind_name (kind),
                 line, col);
  return found;
}

/* The IDENT NAME at LINE:COL. */
static ChanNode *
ident_at (ChanNode *root, const char *name, int line, int col)
{
  ChanNode *id = find_at (root, CHAN_NODE_IDENT, line, col);
  ck_assert_str_eq (id->name, name);
  return id;
}

#define FLAGS_ARE(node, expected) \
  ck_assert_msg (((node)->ident_flags) == (expected), \
                 "flags of %s are %#x, expected %#x", \
                 (node)->name ? (node)->name : chan_node_kind_name ((node)->kind), \
                 (node)->ident_flags, (expected))

enum {
  DEF = CHAN_IDENT_DEFINES,
  PKG = CHAN_IDENT_PACKAGE,
  UNI = CHAN_IDENT_UNIVERSE,
  CAP = CHAN_IDENT_CAPTURED,
  ADR = CHAN_IDENT_ADDRESSED,
  REA = CHAN_IDENT_REASSIGNED,
  UND = CHAN_IDENT_UNDEFINED,
  GLO = CHAN_IDENT_GLOBAL,
};

/* ------------------------------------------------------------------ */
/* Resolution: decl pointers and flags                                 */

START_TEST (test_names_local_uses_point_to_declaring_ident)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                      /* 1 */
    "\n"                                  /* 2 */
    "func main() {\n"                     /* 3 */
    "\tx := 1\n"                          /* 4 */
    "\tvar y = x\n"                       /* 5 */
    "\tprintln(x, y)\n"                   /* 6 */
    "}\n");
  ChanNode *x = ident_at (f, "x", 4, 2);
  ChanNode *y = ident_at (f, "y", 5, 6);

  ck_assert_ptr_eq (x->decl, x);
  FLAGS_ARE (x, DEF);
  ck_assert_int_eq (x->scope_func, 1);
  ck_assert_ptr_eq (ident_at (f, "x", 5, 10)->decl, x);
  ck_assert_ptr_eq (ident_at (f, "x", 6, 10)->decl, x);
  ck_assert_ptr_eq (ident_at (f, "y", 6, 13)->decl, y);
  FLAGS_ARE (ident_at (f, "x", 6, 10), 0);
  FLAGS_ARE (ident_at (f, "println", 6, 2), UNI);
  ck_assert_ptr_null (ident_at (f, "println", 6, 2)->decl);
}
END_TEST

START_TEST (test_names_params_results_receiver_point_to_param)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                                        /* 1 */
    "\n"                                                    /* 2 */
    "type T struct{ n int }\n"                              /* 3 */
    "\n"                                                    /* 4 */
    "func (t *T) add(d int) (sum int) {\n"                  /* 5 */
    "\tsum = t.n + d\n"                                     /* 6 */
    "\treturn\n"                                            /* 7 */
    "}\n"
    "\n"
    "func main() { var t T; println(t.add(1)) }\n");        /* 10 */
  ChanNode *fd = find_at (f, CHAN_NODE_FUNC_DECL, 5, 1);
  ChanNode *recv = fd->a;
  ChanNode *d = find_at (f, CHAN_NODE_PARAM, 5, 17);
  ChanNode *sum = find_at (f, CHAN_NODE_PARAM, 5, 25);

  ck_assert_str_eq (d->name, "d");
  ck_assert_ptr_eq (ident_at (f, "t", 6, 8)->decl, recv);
  ck_assert_ptr_eq (ident_at (f, "d", 6, 14)->decl, d);
  ck_assert_ptr_eq (ident_at (f, "sum", 6, 2)->decl, sum);
  FLAGS_ARE (recv, DEF);
  FLAGS_ARE (d, DEF);
  FLAGS_ARE (sum, DEF | REA);
  ck_assert_ptr_eq (recv->decl, recv);
  ck_assert_int_eq (recv->scope_func, 1);
  ck_assert_int_eq (sum->scope_func, 1);
}
END_TEST

START_TEST (test_names_top_level_is_order_independent)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                          /* 1 */
    "\n"                                      /* 2 */
    "func main() {\n"                         /* 3 */
    "\tvar p Pair = Pair{1, 2}\n"             /* 4 */
    "\tg = helper(p)\n"                       /* 5 */
    "}\n"                                     /* 6 */
    "\n"                                      /* 7 */
    "func helper(p Pair) int { return p.a + limit }\n"   /* 8 */
    "\n"                                      /* 9 */
    "type Pair struct{ a, b int }\n"          /* 10 */
    "\n"                                      /* 11 */
    "var g int\n"                             /* 12 */
    "\n"
    "const limit = 3\n");                     /* 14 */
  ChanNode *helper = find_at (f, CHAN_NODE_FUNC_DECL, 8, 1);
  ChanNode *pair = find_at (f, CHAN_NODE_TYPE_SPEC, 10, 6);
  ChanNode *g = ident_at (f, "g", 12, 5);
  ChanNode *limit = ident_at (f, "limit", 14, 7);

  ck_assert_ptr_eq (ident_at (f, "helper", 5, 6)->decl, helper);
  ck_assert_ptr_eq (find_at (f, CHAN_NODE_TYPE_NAME, 4, 15)->decl, pair);
  ck_assert_ptr_eq (find_at (f, CHAN_NODE_TYPE_NAME, 4, 8)->decl, pair);
  ck_assert_ptr_eq (ident_at (f, "g", 5, 2)->decl, g);
  ck_assert_ptr_eq (ident_at (f, "limit", 8, 40)->decl, limit);
  FLAGS_ARE (g, DEF | GLO | REA);
  ck_assert_int_eq (g->scope_func, 0);
  FLAGS_ARE (limit, DEF);
  FLAGS_ARE (ident_at (f, "helper", 5, 6), 0);
}
END_TEST

START_TEST (test_names_package_idents_are_flagged)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                          /* 1 */
    "\n"                                      /* 2 */
    "import (\n"                              /* 3 */
    "\t\"sync\"\n"                            /* 4 */
    "\tclock \"time\"\n"                      /* 5 */
    ")\n"                                     /* 6 */
    "\n"                                      /* 7 */
    "func main() {\n"                         /* 8 */
    "\tvar wg sync.WaitGroup\n"               /* 9 */
    "\twg.Wait()\n"                           /* 10 */
    "\tclock.Sleep(1)\n"                      /* 11 */
    "}\n");
  ChanNode *clock = ident_at (f, "clock", 11, 2);

  FLAGS_ARE (clock, PKG);
  ck_assert_ptr_null (clock->decl);
}
END_TEST

START_TEST (test_names_undefined_callee_is_opaque)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                          /* 1 */
    "\n"                                      /* 2 */
    "func Read(url string) *Response {\n"     /* 3 */
    "\tres := Get(url)\n"                     /* 4 */
    "\trequest(\"x\")\n"                      /* 5 */
    "\treturn res\n"                          /* 6 */
    "}\n"
    "\n"
    "func main() { Read(\"u\") }\n");
  ChanNode *get = ident_at (f, "Get", 4, 9);

  FLAGS_ARE (get, UND);
  ck_assert_ptr_null (get->decl);
  FLAGS_ARE (ident_at (f, "request", 5, 2), UND);
}
END_TEST

START_TEST (test_names_undeclared_types_are_opaque)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"
    "\n"
    "import \"net/http\"\n"
    "\n"
    "func handle(w http.ResponseWriter, r *http.Request, s *Session) *Response {\n"
    "\tvar c Config\n"
    "\t_ = c\n"
    "\treturn &Response{\"Gateway timeout\\n\", 504}\n"
    "}\n"
    "\n"
    "func main() {}\n");
  (void) f;
}
END_TEST

START_TEST (test_names_captured_by_closures_at_any_depth)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "var total int\n"                             /* 3 */
    "\n"                                          /* 4 */
    "func run(n int) {\n"                         /* 5 */
    "\tdone := make(chan bool)\n"                 /* 6 */
    "\tlocal := 0\n"                              /* 7 */
    "\tgo func() {\n"                             /* 8 */
    "\t\tinner := n\n"                            /* 9 */
    "\t\tfunc() {\n"                              /* 10 */
    "\t\t\ttotal += inner\n"                      /* 11 */
    "\t\t\tdone <- true\n"                        /* 12 */
    "\t\t}()\n"                                   /* 13 */
    "\t}()\n"                                     /* 14 */
    "\tlocal++\n"                                 /* 15 */
    "\t<-done\n"                                  /* 16 */
    "}\n"
    "\n"
    "func main() { run(1) }\n");
  ChanNode *n = find_at (f, CHAN_NODE_PARAM, 5, 10);
  ChanNode *done = ident_at (f, "done", 6, 2);
  ChanNode *local = ident_at (f, "local", 7, 2);
  ChanNode *inner = ident_at (f, "inner", 9, 3);
  ChanNode *total = ident_at (f, "total", 3, 5);

  FLAGS_ARE (n, DEF | CAP);
  FLAGS_ARE (done, DEF | CAP);
  FLAGS_ARE (local, DEF | REA);
  FLAGS_ARE (inner, DEF | CAP);         /* used by the literal inside */
  FLAGS_ARE (total, DEF | GLO | REA);   /* globals are never captured */
  ck_assert_int_eq (done->scope_func, 1);
  ck_assert_int_eq (inner->scope_func, 2);
  ck_assert_int_eq (find_at (f, CHAN_NODE_FUNC_LIT, 8, 5)->scope_func, 2);
  ck_assert_int_eq (find_at (f, CHAN_NODE_FUNC_LIT, 10, 3)->scope_func, 3);
  ck_assert_int_eq (find_at (f, CHAN_NODE_FUNC_DECL, 19, 1)->scope_func, 4);
}
END_TEST

START_TEST (test_names_addressed_by_ampersand_and_pointer_methods)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "import \"sync\"\n"                           /* 3 */
    "\n"                                          /* 4 */
    "type C struct{ n int }\n"                    /* 5 */
    "\n"                                          /* 6 */
    "func (c *C) Inc() { c.n++ }\n"               /* 7 */
    "func (c C) Get() int { return c.n }\n"       /* 8 */
    "\n"                                          /* 9 */
    "func main() {\n"                             /* 10 */
    "\ta := 1\n"                                  /* 11 */
    "\tvar s C\n"                                 /* 12 */
    "\tvar v C\n"                                 /* 13 */
    "\tvar u C\n"                                 /* 14 */
    "\tvar mu sync.Mutex\n"                       /* 15 */
    "\tp := &a\n"                                 /* 16 */
    "\tq := &s.n\n"                               /* 17 */
    "\tv.Inc()\n"                                 /* 18 */
    "\tmu.Lock()\n"                               /* 19 */
    "\tprintln(*p, *q, u.Get())\n"                /* 20 */
    "}\n");
  FLAGS_ARE (ident_at (f, "a", 11, 2), DEF | ADR);
  FLAGS_ARE (ident_at (f, "s", 12, 6), DEF | ADR);
  FLAGS_ARE (ident_at (f, "v", 13, 6), DEF | ADR);
  FLAGS_ARE (ident_at (f, "u", 14, 6), DEF);
  FLAGS_ARE (ident_at (f, "mu", 15, 6), DEF | ADR);
  FLAGS_ARE (ident_at (f, "p", 16, 2), DEF);
}
END_TEST

START_TEST (test_names_reassigned_by_every_kind_of_assignment)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "func main() {\n"                             /* 3 */
    "\ta, b, c, d, e := 1, 2, 3, 4, 5\n"          /* 4 */
    "\tnever := 0\n"                              /* 5 */
    "\ta = 2\n"                                   /* 6 */
    "\tb += 1\n"                                  /* 7 */
    "\tc--\n"                                     /* 8 */
    "\td, x := 7, 8\n"                            /* 9 */
    "\tfor e = range 3 {\n"                       /* 10 */
    "\t}\n"                                       /* 11 */
    "\tfunc() { never2 := never; (never2) = 1; println(never2) }()\n" /* 12 */
    "\tprintln(a, b, c, d, e, x)\n"               /* 13 */
    "}\n");
  ChanNode *d = ident_at (f, "d", 4, 11);

  FLAGS_ARE (ident_at (f, "a", 4, 2), DEF | REA);
  FLAGS_ARE (ident_at (f, "b", 4, 5), DEF | REA);
  FLAGS_ARE (ident_at (f, "c", 4, 8), DEF | REA);
  FLAGS_ARE (d, DEF | REA);
  FLAGS_ARE (ident_at (f, "e", 4, 14), DEF | REA);
  FLAGS_ARE (ident_at (f, "never", 5, 2), DEF | CAP);
  FLAGS_ARE (ident_at (f, "never2", 12, 11), DEF | REA);
  /* the reused operand of ':=' refers to the old d and declares nothing */
  ck_assert_ptr_eq (ident_at (f, "d", 9, 2)->decl, d);
  FLAGS_ARE (ident_at (f, "d", 9, 2), 0);
  FLAGS_ARE (ident_at (f, "x", 9, 5), DEF);
}
END_TEST

START_TEST (test_names_reassigned_by_field_and_element_writes)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "type S struct{ n int; next *S }\n"           /* 3 */
    "\n"                                          /* 4 */
    "func main() {\n"                             /* 5 */
    "\tvar s S\n"                                /* 6 */
    "\tvar arr [2]int\n"                         /* 7 */
    "\tp := &S{}\n"                              /* 8 */
    "\tsl := make([]int, 2)\n"                   /* 9 */
    "\tm := map[string]int{}\n"                  /* 10 */
    "\tvar q *S\n"                               /* 11 */
    "\tt := S{}\n"                               /* 12 */
    "\tgo func() {\n"                            /* 13 */
    "\t\ts.n = 1\n"                             /* 14 */
    "\t\tarr[0]++\n"                            /* 15 */
    "\t\tp.n = 2\n"                             /* 16 */
    "\t\tsl[1] += 3\n"                          /* 17 */
    "\t\tm[\"k\"] = 4\n"                      /* 18 */
    "\t\tq.next.n = 5\n"                        /* 19 */
    "\t\tt.next = nil\n"                        /* 20 */
    "\t}()\n"                                    /* 21 */
    "}\n");
  FLAGS_ARE (ident_at (f, "s", 6, 6), DEF | CAP | REA);
  FLAGS_ARE (ident_at (f, "arr", 7, 6), DEF | CAP | REA);
  FLAGS_ARE (ident_at (f, "p", 8, 2), DEF | CAP);
  FLAGS_ARE (ident_at (f, "sl", 9, 2), DEF | CAP);
  FLAGS_ARE (ident_at (f, "m", 10, 2), DEF | CAP);
  FLAGS_ARE (ident_at (f, "q", 11, 6), DEF | CAP);
  FLAGS_ARE (ident_at (f, "t", 12, 2), DEF | CAP | REA);
}
END_TEST

START_TEST (test_names_reassigned_inside_closure)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "func main() {\n"                             /* 3 */
    "\tres := 0\n"                                /* 4 */
    "\tdone := make(chan int)\n"                  /* 5 */
    "\tgo func() { res = 1; done <- 0 }()\n"      /* 6 */
    "\t<-done\n"                                  /* 7 */
    "\tprintln(res)\n"                            /* 8 */
    "}\n");
  FLAGS_ARE (ident_at (f, "res", 4, 2), DEF | CAP | REA);
  FLAGS_ARE (ident_at (f, "done", 5, 2), DEF | CAP);
}
END_TEST

START_TEST (test_names_loop_variables_are_scoped_to_the_loop)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "func main() {\n"                             /* 3 */
    "\tfor i := 0; i < 3; i++ {\n"                /* 4 */
    "\t\tgo func() { println(i) }()\n"            /* 5 */
    "\t}\n"                                       /* 6 */
    "\tfor i, v := range []int{1} {\n"            /* 7 */
    "\t\tgo func() { println(i, v) }()\n"         /* 8 */
    "\t}\n"                                       /* 9 */
    "\ti := \"after\"\n"                          /* 10 */
    "\tprintln(i)\n"                              /* 11 */
    "}\n");
  ChanNode *i1 = ident_at (f, "i", 4, 6);
  ChanNode *i2 = ident_at (f, "i", 7, 6);
  ChanNode *i3 = ident_at (f, "i", 10, 2);

  FLAGS_ARE (i1, DEF | CAP | REA);
  ck_assert_ptr_eq (ident_at (f, "i", 4, 14)->decl, i1);
  ck_assert_ptr_eq (ident_at (f, "i", 5, 23)->decl, i1);
  FLAGS_ARE (i2, DEF | CAP);
  ck_assert_ptr_eq (ident_at (f, "i", 8, 23)->decl, i2);
  ck_assert_ptr_eq (ident_at (f, "v", 8, 26)->decl, ident_at (f, "v", 7, 9));
  ck_assert_ptr_eq (ident_at (f, "i", 11, 10)->decl, i3);
  FLAGS_ARE (i3, DEF);
}
END_TEST

START_TEST (test_names_inner_declarations_shadow_outer_ones)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "var x = 1\n"                                 /* 3 */
    "\n"                                          /* 4 */
    "func main() {\n"                             /* 5 */
    "\tprintln(x)\n"                              /* 6 */
    "\tx := 2\n"                                  /* 7 */
    "\tif x := 3; x > 0 {\n"                      /* 8 */
    "\t\tprintln(x)\n"                            /* 9 */
    "\t}\n"                                       /* 10 */
    "\tlen := 4\n"                                /* 11 */
    "\tprintln(x, len)\n"                         /* 12 */
    "}\n");
  ChanNode *global = ident_at (f, "x", 3, 5);
  ChanNode *local = ident_at (f, "x", 7, 2);
  ChanNode *inner = ident_at (f, "x", 8, 5);

  ck_assert_ptr_eq (ident_at (f, "x", 6, 10)->decl, global);
  ck_assert_ptr_eq (ident_at (f, "x", 8, 13)->decl, inner);
  ck_assert_ptr_eq (ident_at (f, "x", 9, 11)->decl, inner);
  ck_assert_ptr_eq (ident_at (f, "x", 12, 10)->decl, local);
  ck_assert_ptr_eq (ident_at (f, "len", 12, 13)->decl,
                    ident_at (f, "len", 11, 2));
  FLAGS_ARE (ident_at (f, "len", 12, 13), 0);
}
END_TEST

START_TEST (test_names_type_switch_variable_is_declared_per_clause)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "func main() {\n"                             /* 3 */
    "\tvar x any = 1\n"                           /* 4 */
    "\tswitch v := x.(type) {\n"                  /* 5 */
    "\tcase int:\n"                               /* 6 */
    "\t\tprintln(v + 1)\n"                        /* 7 */
    "\tcase string:\n"                            /* 8 */
    "\t\tgo func() { println(v) }()\n"            /* 9 */
    "\tdefault:\n"                                /* 10 */
    "\t}\n"                                       /* 11 */
    "}\n");
  ChanNode *ts = find_at (f, CHAN_NODE_TYPE_SWITCH, 5, 2);
  ChanNode *c1 = find_at (f, CHAN_NODE_CASE_CLAUSE, 6, 2);
  ChanNode *c2 = find_at (f, CHAN_NODE_CASE_CLAUSE, 8, 2);
  ChanNode *c3 = find_at (f, CHAN_NODE_CASE_CLAUSE, 10, 2);

  ck_assert_ptr_eq (ident_at (f, "v", 7, 11)->decl, c1);
  ck_assert_ptr_eq (ident_at (f, "v", 9, 23)->decl, c2);
  FLAGS_ARE (c1, DEF);
  FLAGS_ARE (c2, DEF | CAP);
  FLAGS_ARE (c3, DEF);
  FLAGS_ARE (ts, DEF | CAP);
  ck_assert_ptr_eq (c1->decl, c1);
  ck_assert_ptr_eq (ts->decl, ts);
  ck_assert_int_eq (c2->scope_func, 1);
  ck_assert_ptr_eq (ident_at (f, "x", 5, 14)->decl, ident_at (f, "x", 4, 6));
}
END_TEST

START_TEST (test_names_struct_literal_keys_are_fields)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "type Job struct{ id, n int }\n"              /* 3 */
    "\n"                                          /* 4 */
    "func main() {\n"                             /* 5 */
    "\tid := 7\n"                                 /* 6 */
    "\tj := Job{id: id}\n"                        /* 7 */
    "\tm := map[int]Job{id: {id: 1}}\n"           /* 8 */
    "\tp := &Remote{n: 2}\n"                      /* 9 */
    "\tprintln(j.n, m, p)\n"                      /* 10 */
    "}\n");
  ChanNode *id = ident_at (f, "id", 6, 2);

  ck_assert_ptr_null (ident_at (f, "id", 7, 11)->decl);   /* field key */
  FLAGS_ARE (ident_at (f, "id", 7, 11), 0);
  ck_assert_ptr_eq (ident_at (f, "id", 7, 15)->decl, id);
  ck_assert_ptr_eq (ident_at (f, "id", 8, 19)->decl, id); /* map key */
  ck_assert_ptr_null (ident_at (f, "id", 8, 24)->decl);   /* elided Job{id: 1} */
  ck_assert_ptr_null (ident_at (f, "n", 9, 15)->decl);    /* unknown type */
}
END_TEST

START_TEST (test_names_selector_resolves_only_its_operand)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "type S struct{ ch chan int }\n"              /* 3 */
    "\n"                                          /* 4 */
    "func main() {\n"                             /* 5 */
    "\tch := 1\n"                                 /* 6 */
    "\ts := S{ch: make(chan int)}\n"              /* 7 */
    "\ts.ch <- ch\n"                              /* 8 */
    "}\n");
  ChanNode *sel = find_at (f, CHAN_NODE_SELECTOR, 8, 2);

  ck_assert_ptr_eq (sel->a->decl, ident_at (f, "s", 7, 2));
  ck_assert_ptr_null (sel->decl);
  ck_assert_ptr_eq (ident_at (f, "ch", 8, 10)->decl, ident_at (f, "ch", 6, 2));
}
END_TEST

START_TEST (test_names_branches_point_to_their_targets)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"                              /* 1 */
    "\n"                                          /* 2 */
    "func main() {\n"                             /* 3 */
    "outer:\n"                                    /* 4 */
    "\tfor {\n"                                   /* 5 */
    "\t\tselect {\n"                              /* 6 */
    "\t\tdefault:\n"                              /* 7 */
    "\t\t\tbreak outer\n"                         /* 8 */
    "\t\t}\n"                                     /* 9 */
    "\t\tfor i := range 3 {\n"                    /* 10 */
    "\t\t\tif i > 1 {\n"                          /* 11 */
    "\t\t\t\tcontinue\n"                          /* 12 */
    "\t\t\t}\n"                                   /* 13 */
    "\t\t\tbreak\n"                               /* 14 */
    "\t\t}\n"                                     /* 15 */
    "\t}\n"                                       /* 16 */
    "}\n");
  ChanNode *labeled = find_at (f, CHAN_NODE_LABELED, 4, 1);
  ChanNode *range = find_at (f, CHAN_NODE_RANGE, 10, 3);

  ck_assert_ptr_eq (find_at (f, CHAN_NODE_BREAK, 8, 4)->decl, labeled);
  ck_assert_ptr_eq (find_at (f, CHAN_NODE_CONTINUE, 12, 5)->decl, range);
  ck_assert_ptr_eq (find_at (f, CHAN_NODE_BREAK, 14, 4)->decl, range);
}
END_TEST

START_TEST (test_names_dot_import_makes_undefined_names_opaque)
{
  g_autoptr (ChanNode) f = accepted (
    "package main\n"
    "\n"
    "import . \"strings\"\n"
    "\n"
    "func main() { println(Compare, ToUpper(\"x\")) }\n");
  FLAGS_ARE (ident_at (f, "Compare", 5, 23), UND);
}
END_TEST

START_TEST (test_names_checking_twice_gives_the_same_annotations)
{
  const char *src = "package main\n"
                    "\n"
                    "func main() { x := 1; go func() { x++ }() }\n";
  g_autoptr (ChanNode) f = accepted (src);
  GError *error = NULL;

  ck_assert (chan_check_file (f, "t.chan", &error));
  FLAGS_ARE (ident_at (f, "x", 3, 15), DEF | CAP | REA);
  ck_assert_int_eq (find_at (f, CHAN_NODE_FUNC_LIT, 3, 26)->scope_func, 2);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Go's compile errors                                                 */

START_TEST (test_names_undefined_name_is_an_error)
{
  assert_rejected ("package main\n"
                   "\n"
                   "func main() {\n"
                   "\tx := y + 1\n"
                   "\tz = x\n"
                   "\tfmt.Println(x)\n"
                   "}\n",
                   SEMANTIC,
                   "t.chan:4:7: undefined: y\n"
                   "t.chan:5:2: undefined: z\n"
                   "t.chan:6:2: undefined: fmt");
}
END_TEST

START_TEST (test_names_argument_count_of_file_functions)
{
  assert_rejected ("package main\n"                          /* 1 */
                   "\n"                                      /* 2 */
                   "func pair(a, b int) {}\n"                /* 3 */
                   "func list(prefix string, xs ...int) {}\n"/* 4 */
                   "func two() (int, int) { return 1, 2 }\n" /* 5 */
                   "\n"                                      /* 6 */
                   "func main() {\n"                         /* 7 */
                   "\tpair(1)\n"                             /* 8 */
                   "\tpair(1, 2, 3)\n"                       /* 9 */
                   "\tpair()\n"                              /* 10 */
                   "\tlist()\n"                              /* 11 */
                   "\tlist(\"p\")\n"                         /* 12 */
                   "\tlist(\"p\", 1, 2, 3)\n"                /* 13 */
                   "\tpair(two())\n"                         /* 14 */
                   "\tpair(Remote())\n"                      /* 15 */
                   "\tlist(\"p\", []int{1}...)\n"            /* 16 */
                   "}\n",
                   SEMANTIC,
                   "t.chan:8:7: not enough arguments in call to pair: have 1, want 2\n"
                   "t.chan:9:13: too many arguments in call to pair: have 3, want 2\n"
                   "t.chan:10:2: not enough arguments in call to pair: have 0, want 2\n"
                   "t.chan:11:2: not enough arguments in call to list: have 0, want at least 1");
}
END_TEST

START_TEST (test_names_define_needs_a_new_variable)
{
  assert_rejected ("package main\n"                 /* 1 */
                   "\n"                             /* 2 */
                   "func main() {\n"                /* 3 */
                   "\ta := 1\n"                     /* 4 */
                   "\ta := 2\n"                     /* 5 */
                   "\t_ := a\n"                     /* 6 */
                   "\tb, b := 1, 2\n"               /* 7 */
                   "\tfor _, _ := range []int{} {\n"/* 8 */
                   "\t}\n"                          /* 9 */
                   "\tprintln(a, b)\n"              /* 10 */
                   "}\n",
                   SEMANTIC,
                   "t.chan:5:4: no new variables on left side of :=\n"
                   "t.chan:6:4: no new variables on left side of :=\n"
                   "t.chan:7:5: b repeated on left side of :=\n"
                   "t.chan:8:2: no new variables on left side of :=");
}
END_TEST

START_TEST (test_names_redeclared_in_the_same_block)
{
  assert_rejected ("package main\n"                 /* 1 */
                   "\n"                             /* 2 */
                   "var g int\n"                    /* 3 */
                   "\n"                             /* 4 */
                   "func g() {}\n"                  /* 5 */
                   "\n"                             /* 6 */
                   "func f(p int) (r int) {\n"      /* 7 */
                   "\tvar p string\n"               /* 8 */
                   "\tvar x, x int\n"               /* 9 */
                   "\t{\n"                          /* 10 */
                   "\t\tp := 1\n"                   /* 11 */
                   "\t\t_ = p\n"                    /* 12 */
                   "\t}\n"                          /* 13 */
                   "\treturn len(p) + x\n"          /* 14 */
                   "}\n"
                   "\n"
                   "func main() { f(1) }\n",
                   SEMANTIC,
                   "t.chan:5:6: g redeclared in this block\n"
                   "t.chan:8:6: p redeclared in this block\n"
                   "t.chan:9:9: x redeclared in this block");
}
END_TEST

START_TEST (test_names_break_and_continue_outside_loops)
{
  assert_rejected ("package main\n"                 /* 1 */
                   "\n"                             /* 2 */
                   "func main() {\n"                /* 3 */
                   "\tbreak\n"                      /* 4 */
                   "\tcontinue\n"                   /* 5 */
                   "\tswitch {\n"                   /* 6 */
                   "\tdefault:\n"                   /* 7 */
                   "\t\tcontinue\n"                 /* 8 */
                   "\t}\n"                          /* 9 */
                   "\tfor {\n"                      /* 10 */
                   "\t\tgo func() { break }()\n"    /* 11 */
                   "\t}\n"                          /* 12 */
                   "}\n",
                   SEMANTIC,
                   "t.chan:4:2: break is not in a loop, switch, or select\n"
                   "t.chan:5:2: continue is not in a loop\n"
                   "t.chan:8:3: continue is not in a loop\n"
                   "t.chan:11:15: break is not in a loop, switch, or select");
}
END_TEST

START_TEST (test_names_labels_must_exist_enclose_and_be_used)
{
  assert_rejected ("package main\n"                 /* 1 */
                   "\n"                             /* 2 */
                   "func main() {\n"                /* 3 */
                   "unused:\n"                      /* 4 */
                   "\tfor {\n"                      /* 5 */
                   "\t\tbreak missing\n"            /* 6 */
                   "\t}\n"                          /* 7 */
                   "block:\n"                       /* 8 */
                   "\t{\n"                          /* 9 */
                   "\t\tfor {\n"                    /* 10 */
                   "\t\t\tbreak block\n"            /* 11 */
                   "\t\t}\n"                        /* 12 */
                   "\t}\n"                          /* 13 */
                   "sw:\n"                          /* 14 */
                   "\tswitch {\n"                   /* 15 */
                   "\tdefault:\n"                   /* 16 */
                   "\t\tfor {\n"                    /* 17 */
                   "\t\t\tcontinue sw\n"            /* 18 */
                   "\t\t}\n"                        /* 19 */
                   "\t}\n"                          /* 20 */
                   "sw:\n"                          /* 21 */
                   "\tfor {\n"                      /* 22 */
                   "\t\tcontinue nowhere\n"         /* 23 */
                   "\t}\n"                          /* 24 */
                   "}\n",
                   SEMANTIC,
                   "t.chan:4:1: label unused defined and not used\n"
                   "t.chan:6:9: break label not defined: missing\n"
                   "t.chan:11:10: invalid break label block\n"
                   "t.chan:18:13: invalid continue label sw\n"
                   "t.chan:21:1: label sw already defined at t.chan:14:1\n"
                   "t.chan:23:12: continue label not defined: nowhere");
}
END_TEST

START_TEST (test_names_fallthrough_only_ends_a_non_final_case)
{
  assert_rejected ("package main\n"                 /* 1 */
                   "\n"                             /* 2 */
                   "func main() {\n"                /* 3 */
                   "\tx := 1\n"                     /* 4 */
                   "\tswitch x {\n"                 /* 5 */
                   "\tcase 1:\n"                    /* 6 */
                   "\t\tfallthrough\n"              /* 7 */
                   "\tcase 2:\n"                    /* 8 */
                   "\t\tif x > 0 {\n"               /* 9 */
                   "\t\t\tfallthrough\n"            /* 10 */
                   "\t\t}\n"                        /* 11 */
                   "\t\tfallthrough\n"              /* 12 */
                   "\t\tprintln()\n"                /* 13 */
                   "\tdefault:\n"                   /* 14 */
                   "\t\tfallthrough\n"              /* 15 */
                   "\t}\n"                          /* 16 */
                   "\tvar v any = x\n"              /* 17 */
                   "\tswitch v.(type) {\n"          /* 18 */
                   "\tcase int:\n"                  /* 19 */
                   "\t\tfallthrough\n"              /* 20 */
                   "\tcase string:\n"               /* 21 */
                   "\t}\n"                          /* 22 */
                   "\tfallthrough\n"                /* 23 */
                   "}\n",
                   SEMANTIC,
                   "t.chan:10:4: fallthrough statement out of place\n"
                   "t.chan:12:3: fallthrough statement out of place\n"
                   "t.chan:15:3: cannot fallthrough final case in switch\n"
                   "t.chan:20:3: cannot fallthrough in type switch\n"
                   "t.chan:23:2: fallthrough statement out of place");
}
END_TEST

START_TEST (test_names_channel_direction_misuse)
{
  assert_rejected ("package main\n"                             /* 1 */
                   "\n"                                         /* 2 */
                   "type Events <-chan string\n"                /* 3 */
                   "\n"                                         /* 4 */
                   "func worker(in <-chan int, out chan<- int, ev Events) {\n"  /* 5 */
                   "\tin <- 1\n"                                /* 6 */
                   "\tclose(in)\n"                              /* 7 */
                   "\tv := <-out\n"                             /* 8 */
                   "\tfor x := range out {\n"                   /* 9 */
                   "\t\tprintln(x, v)\n"                        /* 10 */
                   "\t}\n"                                      /* 11 */
                   "\tselect {\n"                               /* 12 */
                   "\tcase out <- <-in:\n"                      /* 13 */
                   "\tcase <-out:\n"                            /* 14 */
                   "\tcase ev <- \"x\":\n"                      /* 15 */
                   "\t}\n"                                      /* 16 */
                   "}\n"
                   "\n"
                   "func main() {}\n",
                   SEMANTIC,
                   "t.chan:6:2: invalid operation: cannot send to receive-only channel in (variable of type <-chan int)\n"
                   "t.chan:7:8: invalid operation: cannot close receive-only channel in (variable of type <-chan int)\n"
                   "t.chan:8:9: invalid operation: cannot receive from send-only channel out (variable of type chan<- int)\n"
                   "t.chan:9:17: cannot range over out (variable of type chan<- int): receive from send-only channel\n"
                   "t.chan:14:9: invalid operation: cannot receive from send-only channel out (variable of type chan<- int)\n"
                   "t.chan:15:7: invalid operation: cannot send to receive-only channel ev (variable of type Events)");
}
END_TEST

START_TEST (test_names_unused_variables_follow_go)
{
  assert_rejected ("package main\n"                 /* 1 */
                   "\n"                             /* 2 */
                   "var global int\n"               /* 3 */
                   "\n"                             /* 4 */
                   "func f(unusedParam int) (unusedResult int) {\n" /* 5 */
                   "\tassigned := 0\n"              /* 6 */
                   "\tassigned = 1\n"               /* 7 */
                   "\tinc := 0\n"                   /* 8 */
                   "\tinc++\n"                      /* 9 */
                   "\tvar a, b int\n"               /* 10 */
                   "\t_ = b\n"                      /* 11 */
                   "\tch := make(chan int)\n"       /* 12 */
                   "\tselect {\n"                   /* 13 */
                   "\tcase v, ok := <-ch:\n"        /* 14 */
                   "\t\t_ = ok\n"                   /* 15 */
                   "\t}\n"                          /* 16 */
                   "\tc := 0\n"                     /* 17 */
                   "\tfunc() { c = 2 }()\n"         /* 18 */
                   "\tvar x any\n"                  /* 19 */
                   "\tswitch t := x.(type) {\n"     /* 20 */
                   "\tcase int:\n"                  /* 21 */
                   "\t}\n"                          /* 22 */
                   "\tfor i := range 3 {\n"         /* 23 */
                   "\t}\n"                          /* 24 */
                   "\treturn\n"                     /* 25 */
                   "}\n"
                   "\n"
                   "func main() { f(1) }\n",
                   SEMANTIC,
                   "t.chan:6:2: declared and not used: assigned\n"
                   "t.chan:10:6: declared and not used: a\n"
                   "t.chan:14:7: declared and not used: v\n"
                   "t.chan:17:2: declared and not used: c\n"
                   "t.chan:20:9: declared and not used: t\n"
                   "t.chan:23:6: declared and not used: i");
}
END_TEST

START_TEST (test_names_unused_imports_follow_go)
{
  assert_rejected ("package main\n"                 /* 1 */
                   "\n"                             /* 2 */
                   "import (\n"                     /* 3 */
                   "\t\"os\"\n"                     /* 4 */
                   "\tstr \"strings\"\n"            /* 5 */
                   "\t_ \"embed\"\n"                /* 6 */
                   "\t\"math/rand/v2\"\n"           /* 7 */
                   "\t\"sync\"\n"                   /* 8 */
                   "\tfmt \"fmt\"\n"                /* 9 */
                   ")\n"                            /* 10 */
                   "\n"                             /* 11 */
                   "var mu sync.Mutex\n"            /* 12 */
                   "\n"                             /* 13 */
                   "func main() {}\n",
                   SEMANTIC,
                   "t.chan:4:2: \"os\" imported and not used\n"
                   "t.chan:5:2: \"strings\" imported as str and not used\n"
                   "t.chan:9:2: \"fmt\" imported and not used");
}
END_TEST

START_TEST (test_names_package_used_as_value)
{
  assert_rejected ("package main\n"
                   "\n"
                   "import \"fmt\"\n"
                   "\n"
                   "func main() {\n"
                   "\tp := fmt\n"
                   "\t_ = p\n"
                   "}\n",
                   SEMANTIC,
                   "t.chan:3:8: \"fmt\" imported and not used\n"
                   "t.chan:6:7: use of package fmt not in selector");
}
END_TEST

START_TEST (test_names_select_case_must_communicate)
{
  assert_rejected ("package main\n"                 /* 1 */
                   "\n"                             /* 2 */
                   "func main() {\n"                /* 3 */
                   "\tch := make(chan int)\n"       /* 4 */
                   "\tselect {\n"                   /* 5 */
                   "\tcase ch == nil:\n"            /* 6 */
                   "\tcase x := len(ch):\n"         /* 7 */
                   "\t\t_ = x\n"                    /* 8 */
                   "\tdefault:\n"                   /* 9 */
                   "\tdefault:\n"                   /* 10 */
                   "\t}\n"                          /* 11 */
                   "}\n",
                   SEMANTIC,
                   "t.chan:4:2: declared and not used: ch\n"
                   "t.chan:6:7: select case must be send or receive (possibly with assignment)\n"
                   "t.chan:7:7: select case must be send or receive (possibly with assignment)\n"
                   "t.chan:10:2: multiple defaults (first at t.chan:9:2)");
}
END_TEST

/* The parser already rejects these; the checker must still say so for trees
 * built by other means (here: 'go work()' turned into 'go work'). */
START_TEST (test_names_go_and_defer_need_a_call)
{
  GError *error = NULL;
  ChanNode *f = parse_and_check ("package main\n"
                                 "\n"
                                 "func work() {}\n"
                                 "\n"
                                 "func main() {\n"
                                 "\tgo work()\n"
                                 "\tdefer work()\n"
                                 "}\n", &error);
  ChanNode *stmts[2] = { find_at (f, CHAN_NODE_GO, 6, 2),
                         find_at (f, CHAN_NODE_DEFER, 7, 2) };

  ck_assert_ptr_null (error);
  for (int i = 0; i < 2; i++)
    {
      ChanNode *call = stmts[i]->a;
      stmts[i]->a = g_steal_pointer (&call->a);
      chan_node_free (call);
    }
  ck_assert (!chan_check_file (f, "t.chan", &error));
  ck_assert_str_eq (error->message,
                    "t.chan:6:5: expression in go must be function call\n"
                    "t.chan:7:8: expression in defer must be function call");
  g_error_free (error);
  chan_node_free (f);
}
END_TEST

/* The parser rejects 'a.b := 1' itself; the checker says so for trees built
 * by other means (here: 'x, y := 1, 2' with x turned into s.x). */
START_TEST (test_names_define_needs_names_on_the_left)
{
  GError *error = NULL;
  ChanNode *f = parse_and_check ("package main\n"
                                 "\n"
                                 "func main() {\n"
                                 "\tvar s struct{ x int }\n"
                                 "\tx, y := 1, 2\n"
                                 "\tprintln(s.x, x, y)\n"
                                 "}\n", &error);
  ChanNode *define = find_at (f, CHAN_NODE_DEFINE, 5, 7);
  gpointer *slot = &g_ptr_array_index (define->a->kids, 0);
  ChanNode *sel = chan_node_new (CHAN_NODE_SELECTOR, ((ChanNode *) *slot)->pos,
                                 g_strdup ("x"));

  ck_assert_ptr_null (error);
  sel->a = chan_node_new (CHAN_NODE_IDENT, sel->pos, g_strdup ("s"));
  chan_node_free (*slot);
  *slot = sel;
  ck_assert (!chan_check_file (f, "t.chan", &error));
  ck_assert_str_eq (error->message,
                    "t.chan:5:2: non-name s.x on left side of :=\n"
                    "t.chan:6:15: undefined: x");
  g_error_free (error);
  chan_node_free (f);
}
END_TEST

START_TEST (test_names_init_cannot_be_called)
{
  assert_rejected ("package main\n"
                   "\n"
                   "func init() {}\n"
                   "\n"
                   "func main() { init() }\n",
                   SEMANTIC,
                   "t.chan:5:15: undefined: init");
}
END_TEST

START_TEST (test_names_not_a_type)
{
  assert_rejected ("package main\n"
                   "\n"
                   "var n int\n"
                   "var m n\n"
                   "\n"
                   "func main() {}\n",
                   SEMANTIC,
                   "t.chan:4:7: n (variable of type int) is not a type");
}
END_TEST

START_TEST (test_names_blank_is_not_a_value)
{
  assert_rejected ("package main\n"
                   "\n"
                   "func main() {\n"
                   "\tx := _\n"
                   "\t_ = x\n"
                   "}\n",
                   SEMANTIC,
                   "t.chan:4:7: cannot use _ as value or type");
}
END_TEST

START_TEST (test_names_duplicate_method)
{
  assert_rejected ("package main\n"
                   "\n"
                   "type T struct{}\n"
                   "\n"
                   "func (T) M()  {}\n"
                   "func (*T) M() {}\n"
                   "\n"
                   "func main() {}\n",
                   SEMANTIC,
                   "t.chan:6:11: method T.M already declared at t.chan:5:10");
}
END_TEST

START_TEST (test_names_too_many_errors_stops_at_twenty)
{
  GString *src = g_string_new ("package main\n\nfunc main() {\n");
  GString *want = g_string_new (NULL);
  GError *error = NULL;
  ChanNode *f;

  for (int i = 0; i < 25; i++)
    g_string_append_printf (src, "\tprintln(u%d)\n", i);
  g_string_append (src, "}\n");
  for (int i = 0; i < 20; i++)
    g_string_append_printf (want, "t.chan:%d:10: undefined: u%d\n", 4 + i, i);
  g_string_append (want, "t.chan:24:10: too many errors");
  f = parse_and_check (src->str, &error);
  ck_assert_ptr_nonnull (error);
  ck_assert_str_eq (error->message, want->str);
  g_error_free (error);
  chan_node_free (f);
  g_string_free (src, TRUE);
  g_string_free (want, TRUE);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Rejected constructs (SPEC 2.4)                                      */

START_TEST (test_names_goto_is_rejected)
{
  assert_rejected ("package main\n"
                   "\n"
                   "func main() {\n"
                   "\ti := 0\n"
                   "loop:\n"
                   "\ti++\n"
                   "\tif i < 3 {\n"
                   "\t\tgoto loop\n"
                   "\t}\n"
                   "}\n",
                   UNSUPPORTED,
                   "t.chan:8:3: goto is not supported by chancheck: rewrite "
                   "the jump as a loop with break/continue");
}
END_TEST

START_TEST (test_names_cgo_is_rejected)
{
  assert_rejected ("package main\n"
                   "\n"
                   "import \"C\"\n"
                   "\n"
                   "func main() { C.puts(nil) }\n",
                   UNSUPPORTED,
                   "t.chan:3:8: import \"C\" (cgo) is not supported by chancheck: "
                   "leave the C calls out, or call Go functions that the file "
                   "does not define (they are opaque)");
}
END_TEST

START_TEST (test_names_generic_function_is_rejected)
{
  assert_rejected ("package main\n"
                   "\n"
                   "func Map[T any](xs []T, f func(T) T) []T {\n"
                   "\tfor i := range xs {\n"
                   "\t\txs[i] = f(xs[i])\n"
                   "\t}\n"
                   "\treturn xs\n"
                   "}\n"
                   "\n"
                   "func main() {}\n",
                   UNSUPPORTED,
                   "t.chan:3:6: generic function Map: generics are not "
                   "supported yet; write the function for the concrete type");
}
END_TEST

START_TEST (test_names_generic_type_is_rejected)
{
  assert_rejected ("package main\n"
                   "\n"
                   "type Stack[T any] struct{ items []T }\n"
                   "\n"
                   "func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\n"
                   "\n"
                   "func main() {}\n",
                   UNSUPPORTED,
                   "t.chan:3:6: generic type Stack: generics are not "
                   "supported yet; write the type for the concrete type");
}
END_TEST

START_TEST (test_names_mixed_errors_are_semantic)
{
  assert_rejected ("package main\n"
                   "\n"
                   "func main() {\n"
                   "\tgoto end\n"
                   "end:\n"
                   "\tprintln(nothing)\n"
                   "}\n",
                   SEMANTIC,
                   "t.chan:4:2: goto is not supported by chancheck: rewrite "
                   "the jump as a loop with break/continue\n"
                   "t.chan:6:10: undefined: nothing");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Limits                                                              */

/* The parser rejects trees deeper than its cap, but a left-deep chain
 * handed to the checker by other means must not overflow the C stack:
 * 'y := x + x + ... + x' and 'y := x.f.f. ... .f' with 200000 links. */
static void
check_deep_chain (gboolean selectors)
{
  GError *error = NULL;
  ChanNode *f = parse_and_check ("package main\n"
                                 "\n"
                                 "type T struct{ f *T }\n"
                                 "\n"
                                 "func main() {\n"
                                 "\tvar x T\n"
                                 "\ty := x\n"
                                 "\tprintln(y)\n"
                                 "}\n", &error);
  ChanNode *define = find_at (f, CHAN_NODE_DEFINE, 7, 4);
  ChanNode **slot = (ChanNode **) &g_ptr_array_index (define->b->kids, 0);
  ChanNode *chain = *slot;

  ck_assert_ptr_null (error);
  for (int i = 0; i < 200000; i++)
    {
      ChanNode *link;
      if (selectors)
        {
          link = chan_node_new (CHAN_NODE_SELECTOR, chain->pos, g_strdup ("f"));
          link->a = chain;
        }
      else
        {
          link = chan_node_new (CHAN_NODE_BINARY, chain->pos, NULL);
          link->op = CHAN_OP_ADD;
          link->a = chain;
          link->b = chan_node_new (CHAN_NODE_IDENT, chain->pos, g_strdup ("x"));
        }
      chain = link;
    }
  *slot = chain;
  ck_assert_msg (chan_check_file (f, "t.chan", &error), "%s", error->message);
  chan_node_free (f);
}

START_TEST (test_names_long_operator_chain_does_not_recurse)
{
  check_deep_chain (FALSE);
}
END_TEST

START_TEST (test_names_long_selector_chain_does_not_recurse)
{
  check_deep_chain (TRUE);
}
END_TEST

Suite *
names_suite (void)
{
  Suite *s = suite_create ("names");
  TCase *resolve = tcase_create ("Resolve");
  TCase *errors = tcase_create ("Errors");
  TCase *rejected = tcase_create ("Rejected");
  TCase *limits = tcase_create ("Limits");

  tcase_add_test (resolve, test_names_local_uses_point_to_declaring_ident);
  tcase_add_test (resolve, test_names_params_results_receiver_point_to_param);
  tcase_add_test (resolve, test_names_top_level_is_order_independent);
  tcase_add_test (resolve, test_names_package_idents_are_flagged);
  tcase_add_test (resolve, test_names_undefined_callee_is_opaque);
  tcase_add_test (resolve, test_names_undeclared_types_are_opaque);
  tcase_add_test (resolve, test_names_captured_by_closures_at_any_depth);
  tcase_add_test (resolve, test_names_addressed_by_ampersand_and_pointer_methods);
  tcase_add_test (resolve, test_names_reassigned_by_every_kind_of_assignment);
  tcase_add_test (resolve, test_names_reassigned_by_field_and_element_writes);
  tcase_add_test (resolve, test_names_reassigned_inside_closure);
  tcase_add_test (resolve, test_names_loop_variables_are_scoped_to_the_loop);
  tcase_add_test (resolve, test_names_inner_declarations_shadow_outer_ones);
  tcase_add_test (resolve, test_names_type_switch_variable_is_declared_per_clause);
  tcase_add_test (resolve, test_names_struct_literal_keys_are_fields);
  tcase_add_test (resolve, test_names_selector_resolves_only_its_operand);
  tcase_add_test (resolve, test_names_branches_point_to_their_targets);
  tcase_add_test (resolve, test_names_dot_import_makes_undefined_names_opaque);
  tcase_add_test (resolve, test_names_checking_twice_gives_the_same_annotations);
  suite_add_tcase (s, resolve);

  tcase_add_test (errors, test_names_undefined_name_is_an_error);
  tcase_add_test (errors, test_names_argument_count_of_file_functions);
  tcase_add_test (errors, test_names_define_needs_a_new_variable);
  tcase_add_test (errors, test_names_redeclared_in_the_same_block);
  tcase_add_test (errors, test_names_break_and_continue_outside_loops);
  tcase_add_test (errors, test_names_labels_must_exist_enclose_and_be_used);
  tcase_add_test (errors, test_names_fallthrough_only_ends_a_non_final_case);
  tcase_add_test (errors, test_names_channel_direction_misuse);
  tcase_add_test (errors, test_names_unused_variables_follow_go);
  tcase_add_test (errors, test_names_unused_imports_follow_go);
  tcase_add_test (errors, test_names_package_used_as_value);
  tcase_add_test (errors, test_names_select_case_must_communicate);
  tcase_add_test (errors, test_names_go_and_defer_need_a_call);
  tcase_add_test (errors, test_names_define_needs_names_on_the_left);
  tcase_add_test (errors, test_names_init_cannot_be_called);
  tcase_add_test (errors, test_names_not_a_type);
  tcase_add_test (errors, test_names_blank_is_not_a_value);
  tcase_add_test (errors, test_names_duplicate_method);
  tcase_add_test (errors, test_names_too_many_errors_stops_at_twenty);
  suite_add_tcase (s, errors);

  tcase_add_test (rejected, test_names_goto_is_rejected);
  tcase_add_test (rejected, test_names_cgo_is_rejected);
  tcase_add_test (rejected, test_names_generic_function_is_rejected);
  tcase_add_test (rejected, test_names_generic_type_is_rejected);
  tcase_add_test (rejected, test_names_mixed_errors_are_semantic);
  suite_add_tcase (s, rejected);

  tcase_add_test (limits, test_names_long_operator_chain_does_not_recurse);
  tcase_add_test (limits, test_names_long_selector_chain_does_not_recurse);
  tcase_set_timeout (limits, 60);
  suite_add_tcase (s, limits);
  return s;
}
