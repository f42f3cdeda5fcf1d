/* tests/check_lower.c -- the process model built from small programs.
 * Owns: expectations on lowering: scheduling points, boxes for shared
 * variables, opaque calls, rejections.  Not: execution (check_semantics.c). */
#include <string.h>
#include "tests/suites.h"
#include "tests/run_source.h"
#include "lang/parse.h"
#include "lang/check.h"
#include "lang/lower.h"

/* Lowers SRC from main; returns the model (NULL and *ERROR on rejection). */
static ChanModel *
lower (const char *src, char **error_text)
{
  return chan_test_lower (src, NULL, error_text);
}

/* Counts instructions of function NAME with opcode OP (and VISIBLE if asked). */
static int
count_ops (const ChanModel *m, const char *name, ChanOpcode op, gboolean visible_only)
{
  int n = 0;
  for (guint f = 0; f < m->funcs->len; f++)
    {
      const ChanFunc *fn = chan_model_func (m, (int) f);
      if (strcmp (fn->name, name) != 0)
        continue;
      for (guint pc = 0; pc < fn->code->len; pc++)
        {
          const ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
          if (in->op == op && (!visible_only || (in->flags & CHAN_INSTR_VISIBLE)))
            n++;
        }
    }
  return n;
}

static const ChanInstr *
find_op (const ChanModel *m, const char *name, ChanOpcode op)
{
  for (guint f = 0; f < m->funcs->len; f++)
    {
      const ChanFunc *fn = chan_model_func (m, (int) f);
      if (strcmp (fn->name, name) != 0)
        continue;
      for (guint pc = 0; pc < fn->code->len; pc++)
        {
          const ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
          if (in->op == op)
            return in;
        }
    }
  return NULL;
}

START_TEST (test_lower_channel_operations_are_visible_with_positions)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "func main() {\n"
                        "\tch := make(chan int, 1)\n"
                        "\tch <- 1\n"
                        "\tv := <-ch\n"
                        "\t_ = v\n"
                        "}\n", &err);
  const ChanInstr *send, *recv;
  ck_assert_msg (m != NULL, "%s", err);
  send = find_op (m, "main", CHAN_I_SEND);
  recv = find_op (m, "main", CHAN_I_RECV);
  ck_assert (send && (send->flags & CHAN_INSTR_VISIBLE));
  ck_assert_int_eq (send->pos.line, 4);
  ck_assert_int_eq (send->pos.column, 2);
  ck_assert_str_eq (chan_model_string (m, send->text), "ch <- 1");
  ck_assert (recv && (recv->flags & CHAN_INSTR_VISIBLE));
  ck_assert_int_eq (recv->pos.line, 5);
  ck_assert_int_eq (recv->pos.column, 7);
  chan_model_free (m);
}
END_TEST

START_TEST (test_lower_captured_but_never_reassigned_is_not_boxed)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "func main() {\n"
                        "\tch := make(chan int)\n"
                        "\tgo func() { ch <- 1 }()\n"
                        "\t<-ch\n"
                        "}\n", &err);
  ck_assert_msg (m != NULL, "%s", err);
  ck_assert_int_eq (count_ops (m, "main", CHAN_I_BOX, FALSE), 0);
  ck_assert_int_eq (count_ops (m, "main.func1", CHAN_I_LOAD_BOX, FALSE), 0);
  chan_model_free (m);
}
END_TEST

START_TEST (test_lower_shared_variable_is_boxed_and_visible)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "func main() {\n"
                        "\tn := 0\n"
                        "\tdone := make(chan bool)\n"
                        "\tgo func() { n++; done <- true }()\n"
                        "\t<-done\n"
                        "\t_ = n\n"
                        "}\n", &err);
  ck_assert_msg (m != NULL, "%s", err);
  ck_assert_int_eq (count_ops (m, "main", CHAN_I_BOX, FALSE), 1);
  ck_assert_int_eq (count_ops (m, "main.func1", CHAN_I_LOAD_BOX, TRUE), 1);
  ck_assert_int_eq (count_ops (m, "main.func1", CHAN_I_STORE_BOX, TRUE), 1);
  chan_model_free (m);
}
END_TEST

START_TEST (test_lower_loop_variable_gets_a_fresh_box_each_iteration)
{
  char *err;
  /* the body assigns i: each iteration's i is shared with the closure */
  ChanModel *m = lower ("package main\n"
                        "func main() {\n"
                        "\tfor i := 0; i < 2; i++ {\n"
                        "\t\tgo func() { _ = i }()\n"
                        "\t\ti++\n"
                        "\t}\n"
                        "}\n", &err);
  ck_assert_msg (m != NULL, "%s", err);
  /* one box at the declaration, one per iteration before the post statement */
  ck_assert_int_eq (count_ops (m, "main", CHAN_I_BOX, FALSE), 2);
  chan_model_free (m);
}
END_TEST

START_TEST (test_lower_loop_variable_unassigned_in_body_is_captured_by_value)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "func main() {\n"
                        "\tfor i := 0; i < 2; i++ {\n"
                        "\t\tgo func() { _ = i }()\n"
                        "\t}\n"
                        "}\n", &err);
  ck_assert_msg (m != NULL, "%s", err);
  ck_assert_int_eq (count_ops (m, "main", CHAN_I_BOX, FALSE), 0);
  ck_assert_int_eq (count_ops (m, "main.func1", CHAN_I_LOAD_BOX, FALSE), 0);
  chan_model_free (m);
}
END_TEST

START_TEST (test_lower_loop_back_edge_yields_unless_head_is_visible)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "func main() {\n"
                        "\tch := make(chan int)\n"
                        "\tfor {\n"
                        "\t\tselect {\n"
                        "\t\tcase <-ch:\n"
                        "\t\t}\n"
                        "\t}\n"
                        "}\n", &err);
  ck_assert_msg (m != NULL, "%s", err);
  ck_assert_int_eq (count_ops (m, "main", CHAN_I_YIELD, TRUE), 0);
  chan_model_free (m);
  m = lower ("package main\n"
             "func main() {\n"
             "\tfor {\n"
             "\t}\n"
             "}\n", &err);
  ck_assert_msg (m != NULL, "%s", err);
  ck_assert_int_eq (count_ops (m, "main", CHAN_I_YIELD, TRUE), 1);
  chan_model_free (m);
}
END_TEST

START_TEST (test_lower_opaque_calls_are_listed)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "import \"fmt\"\n"
                        "func main() {\n"
                        "\tfmt.Println(Get(\"x\"))\n"
                        "}\n", &err);
  ck_assert_msg (m != NULL, "%s", err);
  ck_assert_uint_eq (m->opaque_calls->len, 2);
  ck_assert_str_eq (g_ptr_array_index (m->opaque_calls, 0), "Get (t.chan:4:14)");
  ck_assert_str_eq (g_ptr_array_index (m->opaque_calls, 1), "fmt.Println (t.chan:4:2)");
  chan_model_free (m);
}
END_TEST

START_TEST (test_lower_library_calls_are_modelled)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "import (\n\t\"context\"\n\t\"time\"\n)\n"
                        "func main() {\n"
                        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)\n"
                        "\tdefer cancel()\n"
                        "\tselect {\n"
                        "\tcase <-ctx.Done():\n"
                        "\tcase <-time.After(time.Second):\n"
                        "\t}\n"
                        "}\n", &err);
  ck_assert_msg (m != NULL, "%s", err);
  ck_assert_int_eq (count_ops (m, "main", CHAN_I_CALL_LIB, FALSE), 3);
  ck_assert_uint_eq (m->opaque_calls->len, 0);
  chan_model_free (m);
}
END_TEST

START_TEST (test_lower_goto_is_rejected)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "func main() {\n"
                        "L:\n"
                        "\tgoto L\n"
                        "}\n", &err);
  ck_assert (m == NULL);
  ck_assert_msg (strstr (err, "t.chan:4:2:") != NULL, "%s", err);
  ck_assert_msg (strstr (err, "goto") != NULL, "%s", err);
  g_free (err);
}
END_TEST

START_TEST (test_lower_missing_entry_is_an_error)
{
  char *err;
  GError *error = NULL;
  ChanNode *file = NULL;
  const char *src = "package main\nfunc helper() {}\n";
  ck_assert (chan_parse_buffer ("t.chan", src, strlen (src), &file, &error));
  ck_assert (chan_check_file (file, "t.chan", &error));
  ck_assert (chan_lower_file (file, "t.chan", "Nope", &error) == NULL);
  err = error->message;
  ck_assert_msg (strstr (err, "--entry") != NULL, "%s", err);
  g_error_free (error);
  chan_node_free (file);
}
END_TEST


START_TEST (test_lower_liveness_marks_unused_and_dead_slots)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "func worker(id int, ch chan int) {\n"
                        "\tfor v := range ch {\n"
                        "\t\t_ = v\n"
                        "\t}\n"
                        "}\n"
                        "func main() {\n"
                        "\tch := make(chan int)\n"
                        "\tgo worker(1, ch)\n"
                        "\tgo worker(2, ch)\n"
                        "\tclose(ch)\n"
                        "}\n", &err);
  const ChanFunc *w = NULL;
  ck_assert_msg (m != NULL, "%s", err);
  for (guint f = 0; f < m->funcs->len; f++)
    if (strcmp (chan_model_func (m, (int) f)->name, "worker") == 0)
      w = chan_model_func (m, (int) f);
  ck_assert (w != NULL);
  ck_assert (!chan_func_slot_live (w, 0, 0));   /* id: never read */
  ck_assert (chan_func_slot_live (w, 0, 1));    /* ch: read by the range */
  chan_model_free (m);
}
END_TEST

/* A receive, a select case and a call write their destinations when they
 * complete: while the goroutine rests at them, the old values there are dead
 * (else a worker waiting for its next job keeps its last one, and states
 * that differ only in it multiply). */
START_TEST (test_lower_liveness_destinations_are_dead_while_waiting)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "func get(ch chan int) int { return <-ch }\n"
                        "func worker(ch chan int, out chan int, quit chan bool) {\n"
                        "\tfor {\n"
                        "\t\tv, ok := <-ch\n"
                        "\t\tif !ok {\n"
                        "\t\t\treturn\n"
                        "\t\t}\n"
                        "\t\tout <- v\n"
                        "\t\tselect {\n"
                        "\t\tcase w := <-ch:\n"
                        "\t\t\tout <- w\n"
                        "\t\tcase <-quit:\n"
                        "\t\t\treturn\n"
                        "\t\t}\n"
                        "\t\tout <- get(ch)\n"
                        "\t}\n"
                        "}\n"
                        "func main() {\n"
                        "\tch, out, quit := make(chan int), make(chan int, 3), make(chan bool)\n"
                        "\tgo worker(ch, out, quit)\n"
                        "\tch <- 1\n"
                        "\tclose(quit)\n"
                        "}\n", &err);
  const ChanFunc *w = NULL;
  int recvs = 0, selects = 0, calls = 0;
  ck_assert_msg (m != NULL, "%s", err);
  for (guint f = 0; f < m->funcs->len; f++)
    if (strcmp (chan_model_func (m, (int) f)->name, "worker") == 0)
      w = chan_model_func (m, (int) f);
  ck_assert (w != NULL);
  for (guint pc = 0; pc < w->code->len; pc++)
    {
      const ChanInstr *in = &g_array_index (w->code, ChanInstr, pc);
      if (in->op == CHAN_I_RECV)
        {
          recvs++;
          ck_assert (chan_func_slot_live (w, (int) pc, in->a));
          ck_assert (!chan_func_slot_live (w, (int) pc, in->dst));
          ck_assert (!chan_func_slot_live (w, (int) pc, in->c));
        }
      else if (in->op == CHAN_I_SELECT)
        {
          const ChanSelect *sel = &g_array_index (m->selects, ChanSelect, in->aux);
          selects++;
          ck_assert (sel->cases[0].value >= 0);
          ck_assert (!chan_func_slot_live (w, (int) pc, sel->cases[0].value));
          ck_assert (chan_func_slot_live (w, (int) pc, sel->cases[1].chan));
        }
      else if (in->op == CHAN_I_CALL && in->dst >= 0)
        {
          calls++;
          ck_assert (!chan_func_slot_live (w, (int) pc, in->dst));
        }
    }
  ck_assert_int_eq (recvs, 1);
  ck_assert_int_eq (selects, 1);
  ck_assert_int_eq (calls, 1);
  chan_model_free (m);
}
END_TEST

/* Regression (red team, latent): a method called as a statement (or by a
 * go/defer wrapper) reserved 2 result slots, and a 3-result method's
 * RETURN wrote one past them (past the wrapper's frame).  Every method
 * call must reserve room for all of the callee's results, or discard them. */
START_TEST (test_lower_method_call_statement_reserves_every_result_or_none)
{
  char *err;
  ChanModel *m = lower ("package main\n"
                        "type S struct{}\n"
                        "func (S) three() (int, int, int) { return 1, 2, 3 }\n"
                        "func main() {\n"
                        "\tvar s S\n"
                        "\ts.three()\n"
                        "\tgo s.three()\n"
                        "\tdefer s.three()\n"
                        "\ta, b, c := s.three()\n"
                        "\t_, _, _ = a, b, c\n"
                        "}\n", &err);
  int calls = 0;
  ck_assert_msg (m != NULL, "%s", err);
  for (guint f = 0; f < m->funcs->len; f++)
    {
      const ChanFunc *fn = chan_model_func (m, (int) f);
      for (guint pc = 0; pc < fn->code->len; pc++)
        {
          const ChanInstr *in = &g_array_index (fn->code, ChanInstr, pc);
          if (in->op != CHAN_I_CALL_METHOD)
            continue;
          calls++;
          ck_assert_msg (in->dst < 0 || (in->aux >= 3 && in->dst + 3 <= fn->n_slots),
                         "%s pc %u: results at %d, room for %d", fn->name, pc, in->dst, in->aux);
        }
    }
  ck_assert_int_eq (calls, 4);
  chan_model_free (m);
}
END_TEST

Suite *
lower_suite (void)
{
  Suite *s = suite_create ("lower");
  TCase *core = tcase_create ("Core");
  tcase_add_test (core, test_lower_channel_operations_are_visible_with_positions);
  tcase_add_test (core, test_lower_captured_but_never_reassigned_is_not_boxed);
  tcase_add_test (core, test_lower_shared_variable_is_boxed_and_visible);
  tcase_add_test (core, test_lower_loop_variable_gets_a_fresh_box_each_iteration);
  tcase_add_test (core, test_lower_loop_variable_unassigned_in_body_is_captured_by_value);
  tcase_add_test (core, test_lower_loop_back_edge_yields_unless_head_is_visible);
  tcase_add_test (core, test_lower_opaque_calls_are_listed);
  tcase_add_test (core, test_lower_liveness_marks_unused_and_dead_slots);
  tcase_add_test (core, test_lower_liveness_destinations_are_dead_while_waiting);
  tcase_add_test (core, test_lower_library_calls_are_modelled);
  tcase_add_test (core, test_lower_goto_is_rejected);
  tcase_add_test (core, test_lower_missing_entry_is_an_error);
  tcase_add_test (core, test_lower_method_call_statement_reserves_every_result_or_none);
  suite_add_tcase (s, core);
  return s;
}
