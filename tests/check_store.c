/* tests/check_store.c -- the state store (checker/store.c) and the graph's
 * edge records and batches (checker/explore.c).
 * Owns: tests of insertion, lookup and collapse compression, on byte
 * strings cut by a splitter of the test's own; that the pieces the encoder
 * leaves are the store's cut; that each edge record names the transition
 * and the state the step function gives; that the graph is the same for
 * any batch size and number of threads; that a state with more transitions
 * than an edge names is cut under its own bound.  Not: what encodings mean (the
 * other suites reach the store through whole searches). */
#include <string.h>
#include <glib.h>
#include "tests/suites.h"
#include "tests/run_source.h"
#include "checker/store.h"
#include "checker/explore.h"
#include "checker/report.h"

/* Cuts every 8 bytes; the first piece is kept in place, the others shared. */
static int
split_every_8 (const void *data, const uint8_t *bytes, size_t len, uint32_t *ends,
               uint8_t *shared, int max)
{
  int n = 0;
  (void) data;
  (void) bytes;
  for (size_t at = 8; at < len; at += 8)
    {
      if (n >= max)
        return -1;
      ends[n] = (uint32_t) at;
      shared[n] = n > 0;
      n++;
    }
  if (n >= max)
    return -1;
  ends[n] = (uint32_t) len;
  shared[n] = n > 0;
  return n + 1;
}

static uint32_t
insert (ChanStore *s, const char *text, int *is_new)
{
  return chan_store_insert (s, (const uint8_t *) text, strlen (text), is_new);
}

static uint32_t
lookup (const ChanStore *s, const char *text)
{
  return chan_store_lookup (s, (const uint8_t *) text, strlen (text));
}

START_TEST (test_store_collapsed_keeps_each_state_once_and_gives_it_back)
{
  ChanStore *whole = chan_store_new ();
  ChanStore *collapsed = chan_store_new_collapsed (split_every_8, NULL);
  /* 20 states made of the same few 8-byte pieces in different orders */
  const char *pieces[4] = { "goroutA.", "goroutB.", "channel1", "channel2" };
  char states[20][64];
  uint8_t *buffer = NULL;
  size_t cap = 0;
  int is_new;

  for (int i = 0; i < 20; i++)
    {
      g_snprintf (states[i], sizeof states[i], "head%04d%s%s%s", i, pieces[i % 4],
                  pieces[(i / 4) % 4], pieces[(i + 1) % 4]);
      ck_assert_uint_eq (insert (collapsed, states[i], &is_new), (uint32_t) i);
      ck_assert (is_new);
      insert (whole, states[i], &is_new);
    }
  for (int i = 0; i < 20; i++)
    {
      size_t len;
      const uint8_t *back = chan_store_state (collapsed, (uint32_t) i, &buffer, &cap, &len);
      ck_assert_uint_eq (len, strlen (states[i]));
      ck_assert (memcmp (back, states[i], len) == 0);
      ck_assert_uint_eq (insert (collapsed, states[i], &is_new), (uint32_t) i);
      ck_assert (!is_new);
      ck_assert_uint_eq (lookup (collapsed, states[i]), (uint32_t) i);
    }
  /* a state whose pieces were all seen, and one with a new piece */
  ck_assert_uint_eq (lookup (collapsed, "head0000goroutB.goroutA.channel1"), UINT32_MAX);
  ck_assert_uint_eq (lookup (collapsed, "head0000goroutC.goroutA.channel1"), UINT32_MAX);
  ck_assert_uint_eq (chan_store_count (collapsed), 20);
  /* 4 shared pieces instead of 60 */
  ck_assert_uint_lt (chan_store_state_bytes (collapsed), chan_store_state_bytes (whole) / 2);
  g_free (buffer);
  chan_store_free (collapsed);
  chan_store_free (whole);
}
END_TEST

/* A state of many pieces (more than the store keeps on its stack). */
START_TEST (test_store_collapsed_state_of_many_pieces)
{
  ChanStore *s = chan_store_new_collapsed (split_every_8, NULL);
  GString *a = g_string_new (NULL), *b = g_string_new (NULL);
  uint8_t *buffer = NULL;
  size_t cap = 0, len;
  const uint8_t *back;
  int is_new;
  for (int i = 0; i < 200; i++)
    {
      g_string_append_printf (a, "piece%03d", i % 7);
      g_string_append_printf (b, "piece%03d", i % 5);
    }
  ck_assert_uint_eq (insert (s, a->str, &is_new), 0);
  ck_assert_uint_eq (insert (s, b->str, &is_new), 1);
  ck_assert_uint_eq (lookup (s, a->str), 0);
  back = chan_store_state (s, 1, &buffer, &cap, &len);
  ck_assert_uint_eq (len, b->len);
  ck_assert (memcmp (back, b->str, len) == 0);
  /* 8 distinct pieces of 8 bytes, not 400 */
  ck_assert_uint_lt (chan_store_state_bytes (s), 1000);
  g_free (buffer);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
  chan_store_free (s);
}
END_TEST

START_TEST (test_store_grows_without_losing_states)
{
  ChanStore *s = chan_store_new ();
  char text[32];
  int is_new;
  for (int i = 0; i < 5000; i++)
    {
      g_snprintf (text, sizeof text, "state %d", i);
      ck_assert_uint_eq (insert (s, text, &is_new), (uint32_t) i);
    }
  for (int i = 0; i < 5000; i++)
    {
      g_snprintf (text, sizeof text, "state %d", i);
      ck_assert_uint_eq (lookup (s, text), (uint32_t) i);
    }
  ck_assert_uint_eq (lookup (s, "state 5000"), UINT32_MAX);
  chan_store_free (s);
}
END_TEST

/* A source lowered and explored whole (at most 100000 states), with a
 * state to decode into. */
typedef struct {
  ChanModel *model;
  ChanExec exec;
  ChanGraph *graph;
  ChanState *state;
} Explored;

static void
explore_with_bounds (const char *src, gboolean reduce, const ChanBounds *bounds, Explored *e)
{
  char *error = NULL;
  e->model = chan_test_lower (src, NULL, &error);
  ck_assert_msg (e->model != NULL, "%s", error);
  chan_exec_init (&e->exec, e->model);
  e->exec.symmetry = e->exec.partial_order = e->exec.untracked = reduce;
  e->graph = chan_explore (&e->exec, bounds);
  e->state = chan_state_new (e->model);
  e->state->symmetry = e->exec.symmetry;
}

static void
explore_source (const char *src, gboolean reduce, Explored *e)
{
  ChanBounds bounds = { .max_states = 100000, .threads = 1 };
  explore_with_bounds (src, reduce, &bounds, e);
  ck_assert_int_eq (e->graph->bounds_hit, 0);
}

static void
explored_clear (Explored *e)
{
  chan_state_free (e->state);
  chan_graph_free (e->graph);
  chan_model_free (e->model);
}

/* The store keys a state by the pieces the encoder leaves in it; they must
 * be the pieces chan_state_split cuts from the bytes (which the store uses
 * for states it gets as bytes alone), or one state would get two keys. */
START_TEST (test_store_encoder_pieces_are_the_split)
{
  /* a pool with locks, pointers and timers; and more than 127 objects (their
     count takes two bytes, written after them) */
  const char *sources[] = {
    "package main\n"
    "import (\"sync\"; \"time\")\n"
    "type Job struct { id int; out chan int }\n"
    "var mu sync.Mutex\n"
    "var total int\n"
    "func worker(jobs chan *Job, wg *sync.WaitGroup) {\n"
    "  defer wg.Done()\n"
    "  for j := range jobs { mu.Lock(); total += j.id; mu.Unlock(); j.out <- j.id * 2 }\n"
    "}\n"
    "func main() {\n"
    "  jobs := make(chan *Job, 2)\n"
    "  var wg sync.WaitGroup\n"
    "  for i := 0; i < 2; i++ { wg.Add(1); go worker(jobs, &wg) }\n"
    "  outs := []chan int{make(chan int, 1), make(chan int)}\n"
    "  for i, o := range outs { jobs <- &Job{i, o} }\n"
    "  close(jobs)\n"
    "  select { case v := <-outs[0]: total += v; case <-time.After(time.Second): }\n"
    "  wg.Wait()\n"
    "}\n",
    "package main\n"
    "func main() {\n"
    "  var cs []chan int\n"
    "  for i := 0; i < 140; i++ { cs = append(cs, make(chan int, 1)) }\n"
    "  go func() { cs[3] <- 1; cs[139] <- 2 }()\n"
    "  <-cs[3]\n"
    "  <-cs[139]\n"
    "}\n",
  };
  for (size_t t = 0; t < G_N_ELEMENTS (sources); t++)
    {
      Explored e;
      ChanBytes bytes = { 0 };
      uint32_t ends[512];
      uint8_t shared[512];
      int most = 0;

      explore_source (sources[t], TRUE, &e);
      ck_assert_uint_gt (e.graph->n_states, 3);
      for (uint32_t v = 0; v < e.graph->n_states; v++)
        {
          int n;
          chan_graph_state (e.graph, v, e.state);
          chan_state_encode (e.state, &bytes);
          n = chan_state_split (e.model, bytes.data, bytes.len, ends, shared, 512);
          ck_assert_int_eq (n, e.state->n_pieces);
          ck_assert (memcmp (ends, e.state->piece_ends, sizeof (uint32_t) * (size_t) n) == 0);
          ck_assert (memcmp (shared, e.state->piece_shared, (size_t) n) == 0);
          ck_assert_uint_eq (chan_store_lookup (e.graph->store, bytes.data, bytes.len), v);
          most = MAX (most, n);
        }
      if (t == 1)
        ck_assert_int_gt (most, 140);
      chan_bytes_free (&bytes);
      explored_clear (&e);
    }
}
END_TEST

/* Every edge the graph keeps, replayed, leads where it says; and with no
 * reduction, every enabled transition has its edge, in order. */
/* Three workers send to main, which adds their results up. */
static const char *worker_sum_source =
  "package main\n"
  "import \"sync\"\n"
  "func main() {\n"
  "  var wg sync.WaitGroup\n"
  "  results := make(chan int, 3)\n"
  "  for i := 0; i < 3; i++ {\n"
  "    wg.Add(1)\n"
  "    go func(id int) { defer wg.Done(); results <- id * 7 }(i)\n"
  "  }\n"
  "  wg.Wait()\n"
  "  total := 0\n"
  "  for i := 0; i < 3; i++ { total += <-results }\n"
  "  if total != 21 { panic(\"lost\") }\n"
  "}\n";

START_TEST (test_store_edge_records_are_the_steps)
{
  const char *src = worker_sum_source;
  for (int reduce = 0; reduce < 2; reduce++)
    {
      Explored e;
      ChanBytes bytes = { 0 };
      ChanChoice *choices = NULL;
      int cap_choices = 0;
      uint64_t edges = 0;

      explore_source (src, reduce, &e);
      for (uint32_t v = 0; v < e.graph->n_states; v++)
        {
          ChanEdge edge;
          int n, k = 0;
          chan_graph_state (e.graph, v, e.state);
          n = chan_exec_enabled (&e.exec, e.state, &choices, &cap_choices);
          if (v > 0)
            ck_assert_uint_eq (chan_graph_depth (e.graph, v),
                               chan_graph_depth (e.graph, e.graph->parent[v]) + 1);
          for (uint64_t at = 0; chan_graph_edge (e.graph, v, &at, &edge); k++)
            {
              ChanStepInfo info;
              ck_assert_uint_lt (edge.choice, (uint32_t) n);
              if (!reduce)
                ck_assert_uint_eq (edge.choice, (uint32_t) k);
              chan_graph_state (e.graph, v, e.state);
              chan_exec_apply (&e.exec, e.state, &choices[edge.choice], &info);
              chan_state_encode (e.state, &bytes);
              ck_assert_uint_eq (chan_store_lookup (e.graph->store, bytes.data, bytes.len), edge.target);
              edges++;
            }
          if (!reduce)
            ck_assert_int_eq (k, n);
        }
      ck_assert_uint_eq (edges, e.graph->n_edges);
      ck_assert_uint_gt (edges, 50);
      g_free (choices);
      chan_bytes_free (&bytes);
      explored_clear (&e);
    }
}
END_TEST

/* Requires A and B to be the same graph: states, numbering, parents,
 * flags, levels and edges. */
static void
assert_same_graph (const ChanGraph *a, const ChanGraph *b)
{
  ck_assert_uint_eq (a->n_states, b->n_states);
  ck_assert_uint_eq (a->n_edges, b->n_edges);
  ck_assert_int_eq (a->bounds_hit, b->bounds_hit);
  ck_assert_uint_eq (a->n_levels, b->n_levels);
  for (uint32_t l = 0; l < a->n_levels; l++)
    ck_assert_uint_eq (a->level_start[l], b->level_start[l]);
  for (uint32_t v = 0; v < a->n_states; v++)
    {
      ChanEdge ea, eb;
      uint64_t at_a = 0, at_b = 0;
      gboolean more;
      ck_assert_uint_eq (a->parent[v], b->parent[v]);
      ck_assert_uint_eq (a->via[v], b->via[v]);
      ck_assert_uint_eq (a->flags[v], b->flags[v]);
      do
        {
          more = chan_graph_edge (a, v, &at_a, &ea);
          ck_assert_int_eq (more, chan_graph_edge (b, v, &at_b, &eb));
          if (more)
            {
              ck_assert_uint_eq (ea.target, eb.target);
              ck_assert_uint_eq (ea.choice, eb.choice);
            }
        }
      while (more);
    }
}

/* A level is expanded and merged in batches (to bound what waits for the
 * merge): the batch size, like the number of threads, must not change the
 * graph, with or without reductions (whose cycle proviso must not take a
 * state stored by an earlier batch of the level for a shallower one) and
 * when --max-states cuts a level. */
START_TEST (test_store_graph_does_not_depend_on_batches)
{
  /* three philosophers, who lock the lower-numbered fork first: partial
     order reduction takes 1310 states to 744 */
  const char *philosophers =
    "package main\n"
    "import \"sync\"\n"
    "func philosopher(first, second *sync.Mutex, wg *sync.WaitGroup) {\n"
    "  defer wg.Done()\n"
    "  for meal := 0; meal < 2; meal++ {\n"
    "    first.Lock(); second.Lock(); second.Unlock(); first.Unlock()\n"
    "  }\n"
    "}\n"
    "func main() {\n"
    "  forks := make([]sync.Mutex, 3)\n"
    "  var wg sync.WaitGroup\n"
    "  for i := 0; i < 3; i++ {\n"
    "    left, right := i, (i+1)%3\n"
    "    if left > right { left, right = right, left }\n"
    "    wg.Add(1)\n"
    "    go philosopher(&forks[left], &forks[right], &wg)\n"
    "  }\n"
    "  wg.Wait()\n"
    "}\n";
  const char *sources[] = { worker_sum_source, philosophers };
  const uint32_t batches[] = { 1, 2, 7, 100, 1000 };
  /* each source, without and with reductions, whole and cut */
  for (int run = 0; run < 8; run++)
    {
      const char *src = sources[run / 4];
      gboolean reduce = run / 2 % 2, bounded = run % 2;
      Explored whole;
      ChanBounds bounds = { .max_states = 100000, .threads = 1 };
      explore_with_bounds (src, reduce, &bounds, &whole);
      ck_assert_int_eq (whole.graph->bounds_hit, 0);
      ck_assert_uint_gt (whole.graph->n_states, 100);
      if (bounded)
        {
          /* cut in the middle of a level */
          bounds.max_states = whole.graph->n_states / 2;
          explored_clear (&whole);
          explore_with_bounds (src, reduce, &bounds, &whole);
          ck_assert_int_eq (whole.graph->bounds_hit, CHAN_BOUND_STATES);
        }
      for (guint k = 0; k < G_N_ELEMENTS (batches); k++)
        for (int threads = 1; threads <= 3; threads += 2)
          {
            Explored e;
            bounds.batch_states = batches[k];
            bounds.threads = threads;
            explore_with_bounds (src, reduce, &bounds, &e);
            assert_same_graph (whole.graph, e.graph);
            explored_clear (&e);
          }
      explored_clear (&whole);
    }
}
END_TEST

/* A state with more enabled transitions than an edge can name is cut, and
 * the report names that bound, not one the search did not hit (it said
 * "--max-states" before).  The real bound, 65535, takes a select that the
 * front end lowers slowly; the test lowers the bound instead. */
START_TEST (test_store_state_with_too_many_transitions_is_cut)
{
  const char *src =
    "package main\n"
    "func main() {\n"
    "  ch := make(chan int)\n"
    "  close(ch)\n"
    "  select {\n"
    "  case <-ch: println(1)\n"
    "  case <-ch: println(2)\n"
    "  case <-ch: println(3)\n"
    "  case <-ch: println(4)\n"
    "  }\n"
    "}\n";
  ChanBounds bounds = { .max_states = 100000, .threads = 1, .max_transitions = 4 };
  Explored e;
  char *named;
  explore_with_bounds (src, FALSE, &bounds, &e);
  ck_assert_int_eq (e.graph->bounds_hit, 0);
  ck_assert_uint_eq (e.graph->n_states, 4);
  explored_clear (&e);
  bounds.max_transitions = 3;
  explore_with_bounds (src, FALSE, &bounds, &e);
  ck_assert_int_eq (e.graph->bounds_hit, CHAN_BOUND_TRANSITIONS);
  explored_clear (&e);
  named = chan_report_bounds (CHAN_BOUND_TRANSITIONS);
  ck_assert_str_eq (named, "transitions from one state (65535)");
  g_free (named);
}
END_TEST

Suite *
store_suite (void)
{
  Suite *s = suite_create ("store");
  TCase *core = tcase_create ("Core");
  tcase_add_test (core, test_store_collapsed_keeps_each_state_once_and_gives_it_back);
  tcase_add_test (core, test_store_collapsed_state_of_many_pieces);
  tcase_add_test (core, test_store_grows_without_losing_states);
  tcase_add_test (core, test_store_encoder_pieces_are_the_split);
  tcase_add_test (core, test_store_edge_records_are_the_steps);
  tcase_add_test (core, test_store_graph_does_not_depend_on_batches);
  tcase_add_test (core, test_store_state_with_too_many_transitions_is_cut);
  suite_add_tcase (s, core);
  return s;
}
