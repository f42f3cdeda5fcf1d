/* tests/check_relevance.c -- which values nothing depends on.
 * Owns: expectations on lang/relevance.c (which sends carry untracked
 * payloads, which parameters are untracked) and on what that does to a
 * search (fewer states, the same findings).  Not: the other reductions
 * (check_semantics.c runs every program both ways). */
#include <string.h>
#include "tests/suites.h"
#include "tests/run_source.h"

static ChanModel *
lower (const char *src)
{
  char *error = NULL;
  ChanModel *m = chan_test_lower (src, NULL, &error);
  ck_assert_msg (m != NULL, "%s", error);
  return m;
}

static const ChanFunc *
func_named (const ChanModel *m, const char *name)
{
  for (guint f = 0; f < m->funcs->len; f++)
    if (strcmp (chan_model_func (m, (int) f)->name, name) == 0)
      return chan_model_func (m, (int) f);
  ck_abort_msg ("no function %s", name);
  return NULL;
}

/* Is the send on line LINE of function NAME marked untracked?  A select
 * counts when any of its send cases is. */
static gboolean
send_untracked (const ChanModel *m, const char *name, int line)
{
  const ChanFunc *fn = func_named (m, name);
  for (guint pc = 0; pc < fn->code->len; pc++)
    {
      const ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
      if (in->pos.line != line)
        continue;
      if (in->op == CHAN_I_SEND)
        return (in->aux2 & 1) != 0;
      if (in->op == CHAN_I_SELECT)
        {
          const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
          for (int k = 0; k < sel->n_cases; k++)
            if (sel->cases[k].is_send)
              return (sel->cases[k].untracked & 1) != 0;
        }
    }
  ck_abort_msg ("no send on line %d of %s", line, name);
  return FALSE;
}

static gboolean
param_untracked (const ChanModel *m, const char *name, int p)
{
  return (func_named (m, name)->untracked_params >> p) & 1;
}

/* A worker pool whose results are only printed: nothing depends on the
 * jobs or the results, nor on the worker's id. */
static const char *printed_pool =
  "package main\n"
  "import (\n\t\"fmt\"\n\t\"sync\"\n)\n"
  "func worker(id int, jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {\n"   /* 6 */
  "\tdefer wg.Done()\n"
  "\tfor j := range jobs {\n"
  "\t\tfmt.Println(\"worker\", id, \"job\", j)\n"
  "\t\tresults <- j * 2\n"                                                        /* 10 */
  "\t}\n"
  "}\n"
  "func main() {\n"
  "\tjobs, results := make(chan int, 4), make(chan int, 4)\n"
  "\tvar wg sync.WaitGroup\n"
  "\tfor w := 1; w <= 4; w++ {\n"
  "\t\twg.Add(1)\n"
  "\t\tgo worker(w, jobs, results, &wg)\n"
  "\t}\n"
  "\tfor j := 1; j <= 4; j++ {\n"
  "\t\tjobs <- j\n"                                                               /* 21 */
  "\t}\n"
  "\tclose(jobs)\n"
  "\twg.Wait()\n"
  "\tfor a := 1; a <= 4; a++ {\n"
  "\t\tfmt.Println(<-results)\n"
  "\t}\n"
  "}\n";

START_TEST (test_relevance_printed_results_are_untracked)
{
  ChanModel *m = lower (printed_pool);
  ck_assert (send_untracked (m, "worker", 10));
  ck_assert (send_untracked (m, "main", 21));
  ck_assert (param_untracked (m, "worker", 0));     /* id: printed only */
  ck_assert (!param_untracked (m, "worker", 1));    /* jobs: received from */
  ck_assert (!param_untracked (m, "worker", 3));    /* wg: a library object */
  chan_model_free (m);
}
END_TEST

START_TEST (test_relevance_untracked_values_shrink_the_search_not_its_findings)
{
  ChanTestRun r = chan_test_run (printed_pool, NULL);
  /* chan_test_run fails the findings when the reduced and the full search
     disagree; workers that hold distinct jobs are many more states */
  ck_assert_str_eq (r.findings, "");
  ck_assert_msg (r.states * 10 < r.states_full, "reduced %u, full %u", r.states, r.states_full);
  chan_test_run_clear (&r);
}
END_TEST

/* Each way a payload can reach a decision keeps it tracked. */
START_TEST (test_relevance_decisions_keep_payloads_tracked)
{
  static const struct { const char *name, *src; int line; } cases[] = {
    { "branch", "package main\n"
      "func main() {\n\tch := make(chan int, 1)\n\tch <- 2\n\tif v := <-ch; v == 2 {\n\t\treturn\n\t}\n}\n", 4 },
    { "divisor", "package main\n"
      "func main() {\n\tch := make(chan int, 1)\n\tch <- 0\n\tx := 10 / <-ch\n\t_ = x\n}\n", 4 },
    { "index", "package main\n"
      "func main() {\n\tch := make(chan int, 1)\n\tch <- 3\n\ts := []int{1, 2}\n\t_ = s[<-ch]\n}\n", 4 },
    { "through a function", "package main\n"
      "func pass(v int) int { return v }\n"
      "func main() {\n\tch := make(chan int, 1)\n\tch <- 2\n\tif pass(<-ch) > 1 {\n\t\tpanic(\"big\")\n\t}\n}\n", 5 },
    { "through a captured variable", "package main\n"
      "func main() {\n\tch := make(chan int, 1)\n\tch <- 2\n\tv := 0\n"
      "\tf := func() { v = <-ch }\n\tf()\n\tif v == 2 {\n\t\tpanic(\"two\")\n\t}\n}\n", 4 },
    { "through a struct field", "package main\n"
      "type box struct{ n int }\n"
      "func main() {\n\tch := make(chan int, 1)\n\tch <- 2\n\tb := &box{}\n\tb.n = <-ch\n"
      "\tif b.n == 2 {\n\t\tpanic(\"two\")\n\t}\n}\n", 5 },
    { "through a second channel", "package main\n"
      "func main() {\n\ta, b := make(chan int, 1), make(chan int, 1)\n\ta <- 2\n\tb <- <-a\n"
      "\tif <-b == 2 {\n\t\tpanic(\"two\")\n\t}\n}\n", 4 },
    { "wg.Add", "package main\nimport \"sync\"\n"
      "func main() {\n\tch := make(chan int, 1)\n\tch <- 2\n\tvar wg sync.WaitGroup\n\twg.Add(<-ch)\n\twg.Wait()\n}\n", 5 },
    { "String method", "package main\nimport \"fmt\"\n"
      "type level struct{ n int }\n"
      "func (l level) String() string {\n\tif l.n > 1 {\n\t\tpanic(\"high\")\n\t}\n\treturn \"low\"\n}\n"
      "func main() {\n\tch := make(chan int, 1)\n\tch <- 2\n\tfmt.Println(level{<-ch})\n}\n", 12 },
    { "select send", "package main\n"
      "func main() {\n\tch := make(chan int, 1)\n\tselect {\n\tcase ch <- 2:\n\t}\n"
      "\tif <-ch == 2 {\n\t\tpanic(\"two\")\n\t}\n}\n", 4 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ChanModel *m = lower (cases[i].src);
      ck_assert_msg (!send_untracked (m, "main", cases[i].line), "%s: the payload is untracked",
                     cases[i].name);
      chan_model_free (m);
    }
}
END_TEST

/* A temporary slot reused after a library call with results room does not
 * tie unrelated values together (webs, not slots). */
START_TEST (test_relevance_reused_slots_are_split_into_webs)
{
  ChanModel *m = lower ("package main\n"
                        "import (\n\t\"fmt\"\n\t\"sync\"\n)\n"
                        "func main() {\n"
                        "\tch := make(chan int, 2)\n"
                        "\tvar mu sync.Mutex\n"
                        "\tmu.Lock()\n"
                        "\tch <- 1\n"                      /* 10 */
                        "\tmu.Unlock()\n"
                        "\tx := 3\n"
                        "\tif x > 2 {\n"
                        "\t\tch <- x\n"                    /* 14 */
                        "\t}\n"
                        "\tfmt.Println(<-ch, <-ch)\n"
                        "}\n");
  ck_assert (send_untracked (m, "main", 10));
  ck_assert (send_untracked (m, "main", 14));
  chan_model_free (m);
}
END_TEST

/* The mask of the send on line LINE of main (bit d: d levels below). */
static int
send_mask (const ChanModel *m, int line)
{
  const ChanFunc *fn = func_named (m, "main");
  for (guint pc = 0; pc < fn->code->len; pc++)
    {
      const ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
      if (in->pos.line == line && in->op == CHAN_I_SEND)
        return in->aux2;
    }
  ck_abort_msg ("no send on line %d", line);
  return 0;
}

/* A struct sent to be printed has untracked fields; one whose field decides
 * something keeps them; the struct word itself is tracked once a field is
 * read (a nil pointer would panic there). */
START_TEST (test_relevance_struct_fields_sent)
{
  static const char *printed =
    "package main\n"
    "import \"fmt\"\n"
    "type result struct{ id, value int }\n"
    "func main() {\n"
    "\tch := make(chan result, 1)\n"
    "\tch <- result{1, 2}\n"                       /* 6 */
    "\tr := <-ch\n"
    "\tfmt.Println(r.id, r.value)\n"
    "}\n";
  static const char *decided =
    "package main\n"
    "type result struct{ id, value int }\n"
    "func main() {\n"
    "\tch := make(chan result, 1)\n"
    "\tch <- result{1, 2}\n"                       /* 5 */
    "\tif r := <-ch; r.value == 2 {\n"
    "\t\tpanic(\"two\")\n"
    "\t}\n"
    "}\n";
  ChanModel *m = lower (printed);
  ck_assert_int_eq (send_mask (m, 6) & 3, 2);
  chan_model_free (m);
  m = lower (decided);
  ck_assert_int_eq (send_mask (m, 5) & 3, 0);
  chan_model_free (m);
}
END_TEST

/* A parameter that decides something is tracked; one only printed is not. */
START_TEST (test_relevance_parameters)
{
  ChanModel *m = lower ("package main\n"
                        "import \"fmt\"\n"
                        "func worker(id int, n int, done chan bool) {\n"
                        "\tfmt.Println(id)\n"
                        "\tfor i := 0; i < n; i++ {\n"
                        "\t}\n"
                        "\tdone <- true\n"
                        "}\n"
                        "func main() {\n"
                        "\tdone := make(chan bool)\n"
                        "\tfor i := 0; i < 2; i++ {\n"
                        "\t\tgo worker(i, i, done)\n"
                        "\t}\n"
                        "\t<-done\n"
                        "\t<-done\n"
                        "}\n");
  ck_assert (param_untracked (m, "worker", 0));
  ck_assert (!param_untracked (m, "worker", 1));
  ck_assert (!param_untracked (m, "worker", 2));
  chan_model_free (m);
}
END_TEST

/* A counter that is only sent to be printed does not grow the state space:
 * the producer below counts forever, so without the reduction the search
 * never ends; with it, it verifies. */
START_TEST (test_relevance_untracked_counter_makes_the_search_finite)
{
  static const char *src =
    "package main\n"
    "import (\n\t\"fmt\"\n\t\"time\"\n)\n"
    "func producer(out chan<- int, stop <-chan bool) {\n"
    "\tfor n := 0; ; n++ {\n"
    "\t\tselect {\n"
    "\t\tcase out <- n:\n"
    "\t\tcase <-stop:\n"
    "\t\t\treturn\n"
    "\t\t}\n"
    "\t}\n"
    "}\n"
    "func main() {\n"
    "\tout, stop := make(chan int), make(chan bool)\n"
    "\tgo producer(out, stop)\n"
    "\ttimeout := time.After(time.Second)\n"
    "\tfor {\n"
    "\t\tselect {\n"
    "\t\tcase v := <-out:\n"
    "\t\t\tfmt.Println(v)\n"
    "\t\tcase <-timeout:\n"
    "\t\t\tclose(stop)\n"
    "\t\t\treturn\n"
    "\t\t}\n"
    "\t}\n"
    "}\n";
  guint states, states_full;
  gboolean complete, complete_full;
  char *reduced = chan_test_explore (src, TRUE, &states, &complete);
  char *full = chan_test_explore (src, FALSE, &states_full, &complete_full);
  ck_assert_str_eq (reduced, "");
  ck_assert_msg (complete, "the reduced search hit a bound (%u states)", states);
  ck_assert_str_eq (full, "");
  ck_assert (!complete_full);
  g_free (reduced);
  g_free (full);
}
END_TEST

Suite *
relevance_suite (void)
{
  Suite *s = suite_create ("relevance");
  TCase *core = tcase_create ("core");
  tcase_add_test (core, test_relevance_printed_results_are_untracked);
  tcase_add_test (core, test_relevance_untracked_values_shrink_the_search_not_its_findings);
  tcase_add_test (core, test_relevance_decisions_keep_payloads_tracked);
  tcase_add_test (core, test_relevance_reused_slots_are_split_into_webs);
  tcase_add_test (core, test_relevance_parameters);
  tcase_add_test (core, test_relevance_struct_fields_sent);
  tcase_add_test (core, test_relevance_untracked_counter_makes_the_search_finite);
  suite_add_tcase (s, core);
  return s;
}
