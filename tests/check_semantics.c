/* tests/check_semantics.c -- one test per rule of SPEC 2.2 and per finding
 * kind of SPEC 3, each a small program with the exact findings expected
 * ("kind line:col", sorted by location).
 * Owns: these expectations.  Not: the examples' goldens (run-examples.sh). */
#include <string.h>
#include "tests/suites.h"
#include "tests/run_source.h"

#define EXPECT(src, want)                                                    \
  do {                                                                       \
    ChanTestRun r_ = chan_test_run ((src), NULL);                            \
    ck_assert_msg (r_.error == NULL, "rejected: %s", r_.error);              \
    ck_assert_str_eq (r_.findings, (want));                                  \
    ck_assert_msg (r_.complete, "search incomplete");                        \
    chan_test_run_clear (&r_);                                               \
  } while (0)

/* ---- channels ---- */

START_TEST (test_semantics_unbuffered_send_without_receiver_leaks)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tgo func() { ch <- 1 }()\n"
          "}\n",
          "leak 4:14");
}
END_TEST

START_TEST (test_semantics_unbuffered_rendezvous_completes)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tgo func() { ch <- 1 }()\n"
          "\t<-ch\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_buffered_channel_is_fifo)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int, 2)\n"
          "\tch <- 1\n"
          "\tch <- 2\n"
          "\tif <-ch != 1 {\n"
          "\t\tpanic(\"order\")\n"
          "\t}\n"
          "\tif <-ch != 2 {\n"
          "\t\tpanic(\"order\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

/* A receiver at a full buffered channel takes the oldest value, and a
 * blocked sender's value goes to the back: the queue is never jumped (it
 * was, when a send met a resting receiver as on an unbuffered channel). */
START_TEST (test_semantics_full_buffer_stays_first_in_first_out)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tjobs := make(chan int, 1)\n"
          "\tgo func() {\n"
          "\t\tjobs <- 1\n"
          "\t\tjobs <- 2\n"
          "\t}()\n"
          "\tif <-jobs == 2 {\n"
          "\t\tpanic(\"fifo violated\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_full_buffer_blocks)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int, 1)\n"
          "\tch <- 1\n"
          "\tch <- 2\n"
          "}\n",
          "deadlock 5:2");
}
END_TEST

START_TEST (test_semantics_receive_from_closed_gives_zero_and_not_ok)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int, 1)\n"
          "\tch <- 7\n"
          "\tclose(ch)\n"
          "\tv, ok := <-ch\n"
          "\tif v != 7 || !ok {\n"
          "\t\tpanic(\"first\")\n"
          "\t}\n"
          "\tv, ok = <-ch\n"
          "\tif v != 0 || ok {\n"
          "\t\tpanic(\"drained\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_send_on_closed_channel_panics)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int, 1)\n"
          "\tclose(ch)\n"
          "\tch <- 1\n"
          "}\n",
          "panic 5:2");
}
END_TEST

START_TEST (test_semantics_close_of_closed_channel_panics)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tclose(ch)\n"
          "\tclose(ch)\n"
          "}\n",
          "panic 5:2");
}
END_TEST

START_TEST (test_semantics_close_of_nil_channel_panics)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tvar ch chan int\n"
          "\tclose(ch)\n"
          "}\n",
          "panic 4:2");
}
END_TEST

START_TEST (test_semantics_nil_channel_blocks_forever)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tvar ch chan int\n"
          "\tgo func() { ch <- 1 }()\n"
          "\t<-ch\n"
          "}\n",
          "leak 4:14, deadlock 5:2");
}
END_TEST

START_TEST (test_semantics_select_explores_every_ready_case)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\ta := make(chan int, 1)\n"
          "\tb := make(chan int, 1)\n"
          "\ta <- 1\n"
          "\tb <- 2\n"
          "\tselect {\n"
          "\tcase <-a:\n"
          "\tcase <-b:\n"
          "\t\tpanic(\"b won\")\n"
          "\t}\n"
          "}\n",
          "panic 10:3");
}
END_TEST

START_TEST (test_semantics_select_default_only_when_nothing_ready)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\ta := make(chan int, 1)\n"
          "\ta <- 1\n"
          "\tselect {\n"
          "\tcase <-a:\n"
          "\tdefault:\n"
          "\t\tpanic(\"default\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

/* Go: a send in a select with a default meets a receiver only when the
 * receiver already waits; main, at its receive, may not wait yet. */
START_TEST (test_semantics_select_default_send_meets_only_a_waiting_receiver)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tgo func() {\n"
          "\t\tselect {\n"
          "\t\tcase ch <- 1:\n"
          "\t\t\tpanic(\"met\")\n"
          "\t\tdefault:\n"
          "\t\t}\n"
          "\t}()\n"
          "\t<-ch\n"
          "}\n",
          "panic 7:4, deadlock 11:2");
}
END_TEST

/* A select with a default never waits, so two of them never meet on an
 * unbuffered channel: both poll forever. */
START_TEST (test_semantics_two_selects_with_default_never_meet)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tgo func() {\n"
          "\t\tfor {\n"
          "\t\t\tselect {\n"
          "\t\t\tcase ch <- 1:\n"
          "\t\t\t\treturn\n"
          "\t\t\tdefault:\n"
          "\t\t\t}\n"
          "\t\t}\n"
          "\t}()\n"
          "\tfor {\n"
          "\t\tselect {\n"
          "\t\tcase <-ch:\n"
          "\t\t\treturn\n"
          "\t\tdefault:\n"
          "\t\t}\n"
          "\t}\n"
          "}\n",
          "runaway 2:6");
}
END_TEST

/* Go's maps are not safe for concurrent use: an access to a map while
 * another goroutine writes it is a fatal error (the runtime's "concurrent
 * map writes", "concurrent map read and map write"). */
START_TEST (test_semantics_concurrent_map_writes_are_fatal)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tm := map[int]int{}\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\tm[1] = 1\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\tm[2] = 2\n"
          "\t<-done\n"
          "}\n",
          "panic 6:3, panic 9:2");
}
END_TEST

START_TEST (test_semantics_map_read_during_write_is_fatal)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tm := map[int]int{1: 1}\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\tdelete(m, 1)\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\tfor k := range m {\n"
          "\t\t_ = k\n"
          "\t}\n"
          "\t_ = m[1]\n"
          "\t<-done\n"
          "}\n",
          "panic 9:2, panic 12:6");
}
END_TEST

/* A range over a map checks, where it starts, that no write is under way
 * (Go's mapiternext), even over one key and left at once: the start is a
 * scheduling point (it ran within the step before, and missed the race). */
START_TEST (test_semantics_map_range_start_during_write_is_fatal)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tm := map[string]int{\"a\": 1}\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\tm[\"x\"] = 1\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\tfor k := range m {\n"
          "\t\tprintln(k)\n"
          "\t\tbreak\n"
          "\t}\n"
          "\t<-done\n"
          "}\n",
          "panic 9:2");
}
END_TEST

/* Go's mapdelete leaves an empty map at once, before marking it: a delete
 * from an empty map is no write, and a read beside it is fine. */
START_TEST (test_semantics_delete_from_empty_map_is_no_write)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tm := map[string]int{}\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\tdelete(m, \"x\")\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\tprintln(m[\"a\"])\n"
          "\t<-done\n"
          "}\n",
          "");
}
END_TEST

/* m[k]++ reads and writes the map at one place: a race there crashes in the
 * read or in the write, and is one finding (SPEC 3: one per kind and
 * location), not one per instruction. */
START_TEST (test_semantics_one_finding_per_kind_and_location)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tm := map[int]int{}\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\tm[1]++\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\tgo func() {\n"
          "\t\tm[1]++\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\t<-done\n"
          "\t<-done\n"
          "}\n",
          "panic 6:3, panic 10:3");
}
END_TEST

/* The same writes under a mutex never overlap; nor do writes ordered by a
 * channel. */
START_TEST (test_semantics_map_writes_in_turn_are_fine)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tm := map[int]int{}\n"
          "\tvar mu sync.Mutex\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\tmu.Lock()\n"
          "\t\tm[1] = 1\n"
          "\t\tmu.Unlock()\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\tmu.Lock()\n"
          "\tm[2] = 2\n"
          "\tmu.Unlock()\n"
          "\t<-done\n"
          "\tm[3] = len(m)\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_empty_select_blocks_forever)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tselect {}\n"
          "}\n",
          "deadlock 3:2");
}
END_TEST

START_TEST (test_semantics_range_ends_when_closed_and_drained)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tgo func() {\n"
          "\t\tfor i := 0; i < 2; i++ {\n"
          "\t\t\tch <- i\n"
          "\t\t}\n"
          "\t\tclose(ch)\n"
          "\t}()\n"
          "\tfor range ch {\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_range_without_close_is_stuck_at_for)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tgo func() {\n"
          "\t\tch <- 1\n"
          "\t}()\n"
          "\tfor v := range ch {\n"
          "\t\t_ = v\n"
          "\t}\n"
          "}\n",
          "deadlock 7:2");
}
END_TEST

/* ---- sync ---- */

START_TEST (test_semantics_waitgroup_wait_until_zero)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tvar wg sync.WaitGroup\n"
          "\twg.Add(2)\n"
          "\tgo wg.Done()\n"
          "\twg.Wait()\n"
          "}\n",
          "deadlock 7:2");
}
END_TEST

START_TEST (test_semantics_waitgroup_negative_counter_panics)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tvar wg sync.WaitGroup\n"
          "\twg.Add(1)\n"
          "\twg.Done()\n"
          "\twg.Done()\n"
          "}\n",
          "panic 7:2");
}
END_TEST

START_TEST (test_semantics_waitgroup_waiters_released_at_zero)
{
  /* once the counter reached zero, a later Add does not block the waiter */
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tvar wg sync.WaitGroup\n"
          "\twg.Add(1)\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\twg.Wait()\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\twg.Done()\n"
          "\twg.Add(1)\n"
          "\t<-done\n"
          "}\n",
          "leak 8:3, deadlock 13:2");
}
END_TEST

START_TEST (test_semantics_unlock_of_unlocked_mutex_is_fatal)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tdefer func() { recover() }()\n"
          "\tvar mu sync.Mutex\n"
          "\tmu.Unlock()\n"
          "}\n",
          "panic 6:2");
}
END_TEST

START_TEST (test_semantics_mutex_never_unlocked_leaks)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tvar mu sync.Mutex\n"
          "\tmu.Lock()\n"
          "\tgo func() {\n"
          "\t\tmu.Lock()\n"
          "\t}()\n"
          "}\n",
          "leak 7:3");
}
END_TEST

START_TEST (test_semantics_ab_ba_lock_order_deadlocks)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tvar a, b sync.Mutex\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\ta.Lock()\n"
          "\t\tb.Lock()\n"
          "\t\tb.Unlock()\n"
          "\t\ta.Unlock()\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\tb.Lock()\n"
          "\ta.Lock()\n"
          "\ta.Unlock()\n"
          "\tb.Unlock()\n"
          "\t<-done\n"
          "}\n",
          "leak 8:3, deadlock 14:2");
}
END_TEST

START_TEST (test_semantics_rwmutex_waiting_writer_blocks_new_readers)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tvar mu sync.RWMutex\n"
          "\tmu.RLock()\n"
          "\tgo func() {\n"
          "\t\tmu.Lock()\n"
          "\t\tmu.Unlock()\n"
          "\t}()\n"
          "\tmu.RLock()\n"
          "\tmu.RUnlock()\n"
          "\tmu.RUnlock()\n"
          "}\n",
          "leak 7:3, deadlock 10:2");
}
END_TEST

START_TEST (test_semantics_cond_signal_without_waiter_is_lost)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tvar mu sync.Mutex\n"
          "\tc := sync.NewCond(&mu)\n"
          "\tgo func() {\n"
          "\t\tmu.Lock()\n"
          "\t\tc.Wait()\n"
          "\t\tmu.Unlock()\n"
          "\t}()\n"
          "\tc.Signal()\n"
          "}\n",
          "leak 8:3");
}
END_TEST

START_TEST (test_semantics_once_runs_once)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "func main() {\n"
          "\tvar once sync.Once\n"
          "\tn := 0\n"
          "\tonce.Do(func() { n++ })\n"
          "\tonce.Do(func() { n++ })\n"
          "\tif n != 1 {\n"
          "\t\tpanic(\"twice\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

/* ---- panics, defer, recover ---- */

START_TEST (test_semantics_defer_runs_lifo_and_recover_stops_panic)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\torder := 0\n"
          "\tdefer func() {\n"
          "\t\tif order != 2 {\n"
          "\t\t\tpanic(\"not lifo\")\n"
          "\t\t}\n"
          "\t}()\n"
          "\tdefer func() { order = 2 }()\n"
          "\tdefer func() {\n"
          "\t\tif recover() == nil {\n"
          "\t\t\tpanic(\"no panic seen\")\n"
          "\t\t}\n"
          "\t}()\n"
          "\tvar p *int\n"
          "\t_ = *p\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_runtime_panics_are_found)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\txs := []int{1, 2}\n"
          "\ti := 2\n"
          "\t_ = xs[i]\n"
          "}\n",
          "panic 5:6");
}
END_TEST

START_TEST (test_semantics_division_by_known_zero_panics)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tz := 0\n"
          "\t_ = 1 / z\n"
          "}\n",
          "panic 4:8");
}
END_TEST

/* ---- time, unknowns, runaway ---- */

START_TEST (test_semantics_timeout_race_leaks_the_sender)
{
  EXPECT ("package main\n"
          "import \"time\"\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tgo func() { ch <- get() }()\n"
          "\tselect {\n"
          "\tcase <-ch:\n"
          "\tcase <-time.After(time.Second):\n"
          "\t}\n"
          "}\n",
          "leak 5:14");
}
END_TEST

START_TEST (test_semantics_select_with_live_timeout_is_never_stuck)
{
  EXPECT ("package main\n"
          "import \"time\"\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tselect {\n"
          "\tcase <-ch:\n"
          "\tcase <-time.After(time.Second):\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_unstopped_ticker_loop_is_runaway)
{
  EXPECT ("package main\n"
          "import \"time\"\n"
          "func main() {\n"
          "\tt := time.NewTicker(time.Second)\n"
          "\tgo func() {\n"
          "\t\tfor range t.C {\n"
          "\t\t}\n"
          "\t}()\n"
          "}\n",
          "runaway 5:2");
}
END_TEST

START_TEST (test_semantics_time_after_loop_is_finite)
{
  ChanTestRun r = chan_test_run ("package main\n"
                                 "import \"time\"\n"
                                 "func main() {\n"
                                 "\tfor {\n"
                                 "\t\tselect {\n"
                                 "\t\tcase <-time.After(time.Minute):\n"
                                 "\t\t}\n"
                                 "\t}\n"
                                 "}\n", NULL);
  ck_assert_msg (r.error == NULL, "%s", r.error);
  ck_assert (r.complete);
  ck_assert_uint_lt (r.states, 20);
  ck_assert_str_eq (r.findings, "runaway 3:6");
  chan_test_run_clear (&r);
}
END_TEST

START_TEST (test_semantics_default_spin_is_runaway)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tmsgs := make(chan int, 100)\n"
          "\tgo func() {\n"
          "\t\tfor {\n"
          "\t\t\tselect {\n"
          "\t\t\tcase <-msgs:\n"
          "\t\t\tdefault:\n"
          "\t\t\t}\n"
          "\t\t}\n"
          "\t}()\n"
          "}\n",
          "runaway 4:2");
}
END_TEST

START_TEST (test_semantics_unknown_branch_facts_prevent_false_alarm)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tok := check()\n"
          "\tif ok {\n"
          "\t\tgo func() { ch <- 1 }()\n"
          "\t}\n"
          "\tif ok {\n"
          "\t\t<-ch\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_loop_variables_are_per_iteration)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tch := make(chan int, 3)\n"
          "\tfor i := 0; i < 3; i++ {\n"
          "\t\tgo func() { ch <- i }()\n"
          "\t}\n"
          "\tsum := <-ch + <-ch + <-ch\n"
          "\tif sum != 3 {\n"
          "\t\tpanic(\"shared loop variable\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_closures_capture_by_reference)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tx := 1\n"
          "\tset := func() { x = 2 }\n"
          "\tset()\n"
          "\tif x != 2 {\n"
          "\t\tpanic(\"copy\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_struct_methods_and_pointers)
{
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "type Counter struct {\n"
          "\tmu sync.Mutex\n"
          "\tn  int\n"
          "}\n"
          "func (c *Counter) Inc() {\n"
          "\tc.mu.Lock()\n"
          "\tc.n++\n"
          "\tc.mu.Unlock()\n"
          "}\n"
          "func main() {\n"
          "\tc := &Counter{}\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() { c.Inc(); done <- true }()\n"
          "\tc.Inc()\n"
          "\t<-done\n"
          "\tif c.n != 2 {\n"
          "\t\tpanic(\"lost update\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_context_cancel_releases_waiters)
{
  EXPECT ("package main\n"
          "import \"context\"\n"
          "func main() {\n"
          "\tctx, cancel := context.WithCancel(context.Background())\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\t<-ctx.Done()\n"
          "\t\tdone <- true\n"
          "\t}()\n"
          "\tcancel()\n"
          "\t<-done\n"
          "}\n",
          "");
}
END_TEST


#define EXPECT_ENTRY(src, entry, want)                                      \
  do {                                                                       \
    ChanTestRun r_ = chan_test_run ((src), (entry));                         \
    ck_assert_msg (r_.error == NULL, "rejected: %s", r_.error);              \
    ck_assert_str_eq (r_.findings, (want));                                  \
    chan_test_run_clear (&r_);                                               \
  } while (0)

START_TEST (test_semantics_fmt_calls_string_method_under_lock)
{
  EXPECT ("package main\n"
          "import (\n\t\"fmt\"\n\t\"sync\"\n)\n"
          "type S struct{ mu sync.Mutex }\n"
          "func (s *S) String() string {\n"
          "\ts.mu.Lock()\n"
          "\tdefer s.mu.Unlock()\n"
          "\treturn \"s\"\n"
          "}\n"
          "func main() {\n"
          "\ts := &S{}\n"
          "\ts.mu.Lock()\n"
          "\tfmt.Println(s)\n"
          "\ts.mu.Unlock()\n"
          "}\n",
          "deadlock 8:2");
}
END_TEST

/* fmt recovers a panic in String() and prints %!v(PANIC=String method: ...)
 * (Go 1.19 prints it and goes on); a panic elsewhere in the goroutine still
 * crashes the program. */
START_TEST (test_semantics_fmt_recovers_a_panic_in_string_method)
{
  EXPECT ("package main\n"
          "import \"fmt\"\n"
          "type status struct{ code int }\n"
          "func (s status) String() string {\n"
          "\tif s.code > 1 {\n"
          "\t\tpanic(\"bad status\")\n"
          "\t}\n"
          "\treturn \"ok\"\n"
          "}\n"
          "func main() {\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() {\n"
          "\t\tfmt.Println(status{2})\n"
          "\t\tdone <- true\n"
          "\t\tpanic(\"after\")\n"
          "\t}()\n"
          "\t<-done\n"
          "}\n",
          "panic 15:3");
}
END_TEST

/* f(g()) passes every result of g, also when g is declared after the call
 * or is a method. */
START_TEST (test_semantics_call_forwards_every_result)
{
  EXPECT ("package main\n"
          "type S struct{ a, b int }\n"
          "func (s S) pair() (int, int) { return s.a, s.b }\n"
          "func main() {\n"
          "\tif sum(pair()) != 3 {\n"
          "\t\tpanic(\"function\")\n"
          "\t}\n"
          "\ts := S{3, 4}\n"
          "\tif sum(s.pair()) != 7 {\n"
          "\t\tpanic(\"method\")\n"
          "\t}\n"
          "}\n"
          "func sum(x, y int) int { return x + y }\n"
          "func pair() (int, int) { return 1, 2 }\n",
          "");
}
END_TEST

START_TEST (test_semantics_testing_fatal_ends_the_goroutine)
{
  EXPECT_ENTRY ("package main\n"
                "import \"testing\"\n"
                "func TestX(t *testing.T) {\n"
                "\tch := make(chan int, 1)\n"
                "\tdefer close(ch)\n"
                "\tt.Fatal(\"stop\")\n"
                "\tch <- 1\n"
                "\tch <- 2\n"
                "}\n",
                "TestX", "");
}
END_TEST

START_TEST (test_semantics_testing_run_waits_for_the_subtest)
{
  EXPECT_ENTRY ("package main\n"
                "import \"testing\"\n"
                "func TestX(t *testing.T) {\n"
                "\tch := make(chan int)\n"
                "\tt.Run(\"a\", func(t *testing.T) {\n"
                "\t\tch <- 1\n"
                "\t})\n"
                "}\n",
                "TestX", "deadlock 5:2, leak 6:3");
}
END_TEST


START_TEST (test_semantics_maps_store_read_delete_and_nil_map_write_panics)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tm := map[string]int{\"a\": 1}\n"
          "\tm[\"b\"] = 2\n"
          "\tdelete(m, \"a\")\n"
          "\tif _, ok := m[\"a\"]; ok || len(m) != 1 || m[\"b\"] != 2 {\n"
          "\t\tpanic(\"map\")\n"
          "\t}\n"
          "\tvar n map[string]int\n"
          "\tif n[\"x\"] != 0 {\n"
          "\t\tpanic(\"nil read\")\n"
          "\t}\n"
          "\tn[\"x\"] = 1\n"
          "}\n",
          "panic 13:2");
}
END_TEST

START_TEST (test_semantics_map_keys_are_copied)
{
  /* regression (red-team map-key-alias): a struct key was stored, and a
     range key produced, by reference to the variable's object */
  EXPECT ("package main\n"
          "type K struct{ a int }\n"
          "func main() {\n"
          "\tm := map[K]int{}\n"
          "\tk := K{1}\n"
          "\tm[k] = 1\n"
          "\tk.a = 2\n"
          "\tif _, ok := m[K{1}]; !ok {\n"
          "\t\tpanic(\"key changed with its variable\")\n"
          "\t}\n"
          "\tlit := map[K]int{k: 2}\n"
          "\tk.a = 3\n"
          "\tif lit[K{2}] != 2 {\n"
          "\t\tpanic(\"literal key changed with its variable\")\n"
          "\t}\n"
          "\tfor key := range m {\n"
          "\t\tkey.a = 5\n"
          "\t}\n"
          "\tif _, ok := m[K{1}]; !ok {\n"
          "\t\tpanic(\"key changed by the range variable\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_map_range_explores_every_order)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tm := map[int]int{1: 1, 2: 2}\n"
          "\tfirst := 0\n"
          "\tfor k := range m {\n"
          "\t\tif first == 0 {\n"
          "\t\t\tfirst = k\n"
          "\t\t}\n"
          "\t}\n"
          "\tif first == 2 {\n"
          "\t\tpanic(\"order\")\n"
          "\t}\n"
          "}\n",
          "panic 11:3");
}
END_TEST


START_TEST (test_semantics_interfaces_embedding_atomics_and_assertions)
{
  EXPECT ("package main\n"
          "import (\n\t\"errors\"\n\t\"sync\"\n\t\"sync/atomic\"\n)\n"
          "type Shape interface{ Area() int }\n"
          "type Sq struct{ n int }\n"
          "func (s Sq) Area() int { return s.n * s.n }\n"
          "type Circle struct{}\n"
          "func (Circle) Area() int { return 3 }\n"
          "type Cache struct {\n"
          "\tsync.Mutex\n"
          "\thits atomic.Int64\n"
          "}\n"
          "func (c *Cache) Get() {\n"
          "\tc.Lock()\n"
          "\tdefer c.Unlock()\n"
          "\tc.hits.Add(1)\n"
          "}\n"
          "func main() {\n"
          "\tvar s Shape = Sq{2}\n"
          "\tif s.Area() != 4 {\n"
          "\t\tpanic(\"dispatch\")\n"
          "\t}\n"
          "\tc := &Cache{}\n"
          "\tdone := make(chan bool)\n"
          "\tgo func() { c.Get(); done <- true }()\n"
          "\tc.Get()\n"
          "\t<-done\n"
          "\tif c.hits.Load() != 2 {\n"
          "\t\tpanic(\"hits\")\n"
          "\t}\n"
          "\tif errors.New(\"x\") == nil {\n"
          "\t\tpanic(\"nil error\")\n"
          "\t}\n"
          "\tvar t Shape = Circle{}\n"
          "\t_ = t.(Sq)\n"
          "}\n",
          "panic 38:6");
}
END_TEST


START_TEST (test_semantics_type_assertions_test_the_asserted_type)
{
  /* regression (red-team commaok-assert, type-switch-nonstruct): a
     comma-ok assertion, or a type switch case, on a type other than a
     struct of the file passed every non-nil value */
  EXPECT ("package main\n"
          "type A struct{ n int }\n"
          "type B struct{ n int }\n"
          "func main() {\n"
          "\tvar x interface{} = &B{1}\n"
          "\tif _, ok := x.(*A); ok {\n"
          "\t\tpanic(\"*B asserted to *A\")\n"
          "\t}\n"
          "\tif _, ok := x.(B); ok {\n"
          "\t\tpanic(\"*B asserted to B\")\n"
          "\t}\n"
          "\tif b, ok := x.(*B); !ok || b.n != 1 {\n"
          "\t\tpanic(\"*B not asserted to *B\")\n"
          "\t}\n"
          "\tvar y interface{} = \"s\"\n"
          "\tif n, ok := y.(int); ok || n != 0 {\n"
          "\t\tpanic(\"string asserted to int\")\n"
          "\t}\n"
          "\tif s, ok := y.(string); !ok || s != \"s\" {\n"
          "\t\tpanic(\"string not asserted to string\")\n"
          "\t}\n"
          "\tswitch y.(type) {\n"
          "\tcase int, bool, *A, []int, error:\n"
          "\t\tpanic(\"string matched another type\")\n"
          "\tcase string:\n"
          "\tdefault:\n"
          "\t\tpanic(\"string did not match string\")\n"
          "\t}\n"
          "\t_ = y.(int)\n"
          "}\n",
          "panic 29:6");
}
END_TEST

START_TEST (test_semantics_type_test_on_a_shared_kind_explores_both_outcomes)
{
  /* values carry no Go type: a level and an int are both integers, so
     'case int:' may match a level (explored), and z.(level) passes */
  EXPECT ("package main\n"
          "type level int\n"
          "func main() {\n"
          "\tvar z interface{} = level(2)\n"
          "\tswitch z.(type) {\n"
          "\tcase string:\n"
          "\t\tpanic(\"level matched string\")\n"
          "\tcase int:\n"
          "\t\tselect {}\n"
          "\tcase level:\n"
          "\t}\n"
          "\t_ = z.(level)\n"
          "}\n",
          "deadlock 9:3");
}
END_TEST

START_TEST (test_semantics_atomic_value_stores_a_copy)
{
  /* regression (red-team atomic-value-copy): Store kept a reference to
     its struct argument */
  EXPECT ("package main\n"
          "import \"sync/atomic\"\n"
          "type cfg struct{ limit int }\n"
          "func main() {\n"
          "\tvar v atomic.Value\n"
          "\tc := cfg{limit: 2}\n"
          "\tv.Store(c)\n"
          "\tc.limit = 0\n"
          "\tif v.Load().(cfg).limit != 2 {\n"
          "\t\tpanic(\"Store kept a reference\")\n"
          "\t}\n"
          "\told := v.Swap(c).(cfg)\n"
          "\tc.limit = 5\n"
          "\tif old.limit != 2 || v.Load().(cfg).limit != 0 {\n"
          "\t\tpanic(\"Swap kept a reference\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_fields_promote_through_an_embedded_pointer)
{
  /* regression (red-team embedded-ptr-field): fields of an embedded *T
     were not found: writes were dropped, reads unknown */
  EXPECT ("package main\n"
          "type Inner struct{ v int }\n"
          "func (i *Inner) inc() { i.v++ }\n"
          "type Outer struct {\n"
          "\t*Inner\n"
          "\tname string\n"
          "}\n"
          "func main() {\n"
          "\tin := &Inner{}\n"
          "\to := Outer{Inner: in}\n"
          "\to.v = 2\n"
          "\tif in.v != 2 {\n"
          "\t\tpanic(\"write through the embedded pointer lost\")\n"
          "\t}\n"
          "\to.inc()\n"
          "\tdone := make(chan int)\n"
          "\tgo func() { done <- o.v }()\n"
          "\tif <-done != 3 {\n"
          "\t\tpanic(\"read through the embedded pointer\")\n"
          "\t}\n"
          "\tvar empty Outer\n"
          "\tempty.v = 1\n"
          "}\n",
          "panic 22:2");
}
END_TEST

START_TEST (test_semantics_method_values_bind_their_receiver)
{
  /* regression (tests/realgo/k8s_once_recursive): method values did nothing */
  EXPECT ("package main\n"
          "import \"sync\"\n"
          "type config struct {\n"
          "\tonce sync.Once\n"
          "\tn    int\n"
          "}\n"
          "func (c *config) load() { c.n++ }\n"
          "func (c *config) get() { c.once.Do(c.get) }\n"
          "func main() {\n"
          "\tc := &config{}\n"
          "\tf := c.load\n"
          "\tf()\n"
          "\tif c.n != 1 {\n"
          "\t\tpanic(\"method value not called\")\n"
          "\t}\n"
          "\tc.get()\n"
          "}\n",
          "deadlock 8:26");
}
END_TEST

START_TEST (test_semantics_go_and_defer_bind_a_value_receiver_at_the_statement)
{
  /* regression (red-team go-value-receiver, defer-value-receiver): the
     receiver was passed by reference, so later writes reached the call */
  EXPECT ("package main\n"
          "type S struct{ n int }\n"
          "func (s S) val(done chan int)  { done <- s.n }\n"
          "func (s *S) ptr(done chan int) { done <- s.n }\n"
          "type E struct{ S }\n"
          "func run(done chan int) {\n"
          "\te := E{S{1}}\n"
          "\tdefer e.val(done)\n"
          "\te.n = 2\n"
          "}\n"
          "func main() {\n"
          "\ts := S{1}\n"
          "\tdone := make(chan int, 1)\n"
          "\tgo s.val(done)\n"
          "\ts.n = 2\n"
          "\tif <-done != 1 {\n"
          "\t\tpanic(\"go: value receiver not copied\")\n"
          "\t}\n"
          "\tgo s.ptr(done)\n"
          "\tif <-done != 2 {\n"
          "\t\tpanic(\"go: pointer receiver copied\")\n"
          "\t}\n"
          "\trun(done)\n"
          "\tif <-done != 1 {\n"
          "\t\tpanic(\"defer: value receiver not copied\")\n"
          "\t}\n"
          "}\n",
          "");
}
END_TEST

START_TEST (test_semantics_testing_cleanup_runs_after_the_test)
{
  /* regression (tests/realgo/etcd_test_fatal_leak_fixed): cleanups never ran */
  EXPECT_ENTRY ("package main\n"
                "import \"testing\"\n"
                "func TestA(t *testing.T) {\n"
                "\tc := make(chan int)\n"
                "\tgo func() { <-c }()\n"
                "\tt.Cleanup(func() { close(c) })\n"
                "\tt.Fatal(\"stop\")\n"
                "}\n",
                "TestA", "");
}
END_TEST

START_TEST (test_semantics_panic_during_panic_is_reported_where_it_started)
{
  /* regression (tests/chan/wg_double_done): the deferred panic hid the first */
  EXPECT ("package main\n"
          "func main() {\n"
          "\tout := make(chan int)\n"
          "\tclose(out)\n"
          "\tdefer func() {\n"
          "\t\tpanic(\"cleanup\")\n"
          "\t}()\n"
          "\tout <- 3\n"
          "}\n",
          "panic 8:2");
}
END_TEST


START_TEST (test_semantics_sync_method_values)
{
  EXPECT ("package main\n"
          "import (\n\t\"sync\"\n\t\"time\"\n)\n"
          "func main() {\n"
          "\tvar wg sync.WaitGroup\n"
          "\twg.Add(1)\n"
          "\ttime.AfterFunc(time.Second, wg.Done)\n"
          "\twg.Wait()\n"
          "\tvar mu sync.Mutex\n"
          "\tmu.Lock()\n"
          "\tunlock := mu.Unlock\n"
          "\tunlock()\n"
          "\tunlock()\n"
          "}\n",
          "panic 13:12");
}
END_TEST


START_TEST (test_semantics_unknown_loop_condition_is_bounded)
{
  ChanTestRun r = chan_test_run ("package main\n"
                                 "func main() {\n"
                                 "\titems := fetch()\n"
                                 "\tch := make(chan int, 100)\n"
                                 "\tfor i := 0; i < len(items); i++ {\n"
                                 "\t\tch <- i\n"
                                 "\t}\n"
                                 "}\n", NULL);
  ck_assert_msg (r.error == NULL, "%s", r.error);
  ck_assert_str_eq (r.findings, "");
  ck_assert (!r.complete);      /* the bound was hit: never called verified */
  ck_assert_uint_lt (r.states, 20);
  chan_test_run_clear (&r);
}
END_TEST


START_TEST (test_semantics_testing_parallel_returns_from_run_at_once)
{
  EXPECT_ENTRY ("package main\n"
                "import \"testing\"\n"
                "func TestX(t *testing.T) {\n"
                "\tch := make(chan int)\n"
                "\tt.Run(\"a\", func(t *testing.T) {\n"
                "\t\tt.Parallel()\n"
                "\t\tch <- 1\n"
                "\t})\n"
                "\t<-ch\n"
                "}\n",
                "TestX", "");
}
END_TEST


/* Regressions from fuzz/crashes/ (fuzzing the whole pipeline). */

START_TEST (test_semantics_unbounded_recursion_is_incomplete_not_verified)
{
  ChanTestRun r = chan_test_run ("package main\n"
                                 "func f(n int) { f(n + 1) }\n"
                                 "func main() { f(0) }\n", NULL);
  ck_assert_msg (r.error == NULL, "%s", r.error);
  ck_assert_str_eq (r.findings, "");
  ck_assert (!r.complete);
  chan_test_run_clear (&r);
  r = chan_test_run ("package main\n"
                     "func init() { for {} }\n"
                     "func main() {}\n", NULL);
  ck_assert_msg (r.error == NULL, "%s", r.error);
  ck_assert (!r.complete);
  chan_test_run_clear (&r);
}
END_TEST

START_TEST (test_semantics_narrow_integers_wrap)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tvar x int8 = 127\n"
          "\tx++\n"
          "\tch := make(chan int, 1)\n"
          "\tif x < 0 {\n"
          "\t\tch <- 1\n"
          "\t\tch <- 2\n"
          "\t}\n"
          "}\n",
          "deadlock 8:3");
}
END_TEST

START_TEST (test_semantics_negative_sizes_panic_and_method_expressions_run)
{
  EXPECT ("package main\n"
          "type S struct{ c chan int }\n"
          "func (s S) Send() { s.c <- 1 }\n"
          "func main() {\n"
          "\ts := S{make(chan int)}\n"
          "\tg := S.Send\n"
          "\tgo g(s)\n"
          "\t<-s.c\n"
          "\tn := -1\n"
          "\t_ = make(chan int, n)\n"
          "}\n",
          "panic 10:6");
}
END_TEST


START_TEST (test_semantics_range_over_nil_channel_blocks_forever)
{
  EXPECT ("package main\n"
          "func main() {\n"
          "\tvar ch chan int\n"
          "\tgo func() {\n"
          "\t\tfor range ch {\n"
          "\t\t}\n"
          "\t}()\n"
          "\tvar xs []int\n"
          "\tfor range xs {\n"
          "\t\tpanic(\"nil slice has elements\")\n"
          "\t}\n"
          "}\n",
          "leak 5:3");
}
END_TEST

/* ---- reductions ---- */

/* Goroutines that share nothing need not be interleaved: partial-order
 * reduction explores one order of their independent steps (the full
 * search, all of them), and both find the same leak. */
START_TEST (test_semantics_partial_order_skips_independent_interleavings)
{
  ChanTestRun r = chan_test_run ("package main\n"
                                 "func pair(n int) {\n"
                                 "\tch := make(chan int, 3)\n"
                                 "\tfor i := 0; i < n; i++ {\n"
                                 "\t\tch <- i\n"
                                 "\t}\n"
                                 "\tfor i := 0; i < n; i++ {\n"
                                 "\t\t<-ch\n"
                                 "\t}\n"
                                 "}\n"
                                 "func main() {\n"
                                 "\tgo pair(3)\n"
                                 "\tgo pair(2)\n"
                                 "\tgo pair(1)\n"
                                 "\tblock := make(chan int)\n"
                                 "\tgo func() { block <- 1 }()\n"
                                 "}\n", NULL);
  ck_assert_msg (r.error == NULL, "rejected: %s", r.error);
  ck_assert_str_eq (r.findings, "leak 16:14");
  ck_assert (r.complete);
  /* the full search interleaves the three pairs' six, four and two steps */
  ck_assert_msg (r.states * 4 < r.states_full, "reduced %u, full %u", r.states, r.states_full);
  chan_test_run_clear (&r);
}
END_TEST

/* Arriving at a receive is a dependency: main's sleep brings it to `<-results`,
 * which disables the sender's default.  The reduction once took main's step
 * alone as independent, saw only the default, and missed the deadlock
 * (found by tests/run-random.sh). */
START_TEST (test_semantics_partial_order_arriving_at_a_receive_disables_default)
{
  EXPECT ("package main\n"
          "import \"time\"\n"
          "func main() {\n"
          "\tresults := make(chan int)\n"
          "\tgo func() {\n"
          "\t\tselect {\n"
          "\t\tcase results <- 1:\n"
          "\t\tdefault:\n"
          "\t\t}\n"
          "\t}()\n"
          "\ttime.Sleep(time.Millisecond)\n"
          "\t<-results\n"
          "}\n",
          "deadlock 12:2");
}
END_TEST

/* A goroutine that spins forever beside one that is stuck: the reduced
 * search must neither ignore the stuck one (the cycle proviso) nor call the
 * spinning one stuck. */
START_TEST (test_semantics_partial_order_keeps_leak_beside_a_spinning_goroutine)
{
  EXPECT ("package main\n"
          "import \"time\"\n"
          "func main() {\n"
          "\tt := time.NewTicker(time.Second)\n"
          "\tgo func() {\n"
          "\t\tfor range t.C {\n"
          "\t\t}\n"
          "\t}()\n"
          "\tch := make(chan int)\n"
          "\tgo func() { ch <- 1 }()\n"
          "}\n",
          "runaway 5:2, leak 10:14");
}
END_TEST

Suite *
semantics_suite (void)
{
  Suite *s = suite_create ("semantics");
  TCase *channels = tcase_create ("Channels");
  TCase *sync_ = tcase_create ("Sync");
  TCase *panics = tcase_create ("Panics");
  TCase *findings = tcase_create ("Findings");

  tcase_add_test (channels, test_semantics_unbuffered_send_without_receiver_leaks);
  tcase_add_test (channels, test_semantics_unbuffered_rendezvous_completes);
  tcase_add_test (channels, test_semantics_buffered_channel_is_fifo);
  tcase_add_test (channels, test_semantics_full_buffer_blocks);
  tcase_add_test (channels, test_semantics_full_buffer_stays_first_in_first_out);
  tcase_add_test (channels, test_semantics_receive_from_closed_gives_zero_and_not_ok);
  tcase_add_test (channels, test_semantics_send_on_closed_channel_panics);
  tcase_add_test (channels, test_semantics_close_of_closed_channel_panics);
  tcase_add_test (channels, test_semantics_close_of_nil_channel_panics);
  tcase_add_test (channels, test_semantics_nil_channel_blocks_forever);
  tcase_add_test (channels, test_semantics_select_explores_every_ready_case);
  tcase_add_test (channels, test_semantics_select_default_only_when_nothing_ready);
  tcase_add_test (channels, test_semantics_select_default_send_meets_only_a_waiting_receiver);
  tcase_add_test (channels, test_semantics_two_selects_with_default_never_meet);
  tcase_add_test (channels, test_semantics_concurrent_map_writes_are_fatal);
  tcase_add_test (channels, test_semantics_map_read_during_write_is_fatal);
  tcase_add_test (channels, test_semantics_one_finding_per_kind_and_location);
  tcase_add_test (channels, test_semantics_map_range_start_during_write_is_fatal);
  tcase_add_test (channels, test_semantics_delete_from_empty_map_is_no_write);
  tcase_add_test (channels, test_semantics_map_writes_in_turn_are_fine);
  tcase_add_test (channels, test_semantics_empty_select_blocks_forever);
  tcase_add_test (channels, test_semantics_range_ends_when_closed_and_drained);
  tcase_add_test (channels, test_semantics_range_without_close_is_stuck_at_for);
  tcase_add_test (channels, test_semantics_range_over_nil_channel_blocks_forever);
  tcase_add_test (sync_, test_semantics_waitgroup_wait_until_zero);
  tcase_add_test (sync_, test_semantics_waitgroup_negative_counter_panics);
  tcase_add_test (sync_, test_semantics_waitgroup_waiters_released_at_zero);
  tcase_add_test (sync_, test_semantics_unlock_of_unlocked_mutex_is_fatal);
  tcase_add_test (sync_, test_semantics_mutex_never_unlocked_leaks);
  tcase_add_test (sync_, test_semantics_ab_ba_lock_order_deadlocks);
  tcase_add_test (sync_, test_semantics_rwmutex_waiting_writer_blocks_new_readers);
  tcase_add_test (sync_, test_semantics_cond_signal_without_waiter_is_lost);
  tcase_add_test (sync_, test_semantics_once_runs_once);
  tcase_add_test (sync_, test_semantics_context_cancel_releases_waiters);
  tcase_add_test (panics, test_semantics_defer_runs_lifo_and_recover_stops_panic);
  tcase_add_test (panics, test_semantics_runtime_panics_are_found);
  tcase_add_test (panics, test_semantics_division_by_known_zero_panics);
  tcase_add_test (findings, test_semantics_timeout_race_leaks_the_sender);
  tcase_add_test (findings, test_semantics_select_with_live_timeout_is_never_stuck);
  tcase_add_test (findings, test_semantics_unstopped_ticker_loop_is_runaway);
  tcase_add_test (findings, test_semantics_time_after_loop_is_finite);
  tcase_add_test (findings, test_semantics_unknown_loop_condition_is_bounded);
  tcase_add_test (findings, test_semantics_default_spin_is_runaway);
  tcase_add_test (findings, test_semantics_unknown_branch_facts_prevent_false_alarm);
  tcase_add_test (findings, test_semantics_loop_variables_are_per_iteration);
  tcase_add_test (findings, test_semantics_closures_capture_by_reference);
  tcase_add_test (findings, test_semantics_struct_methods_and_pointers);
  tcase_add_test (findings, test_semantics_fmt_calls_string_method_under_lock);
  tcase_add_test (findings, test_semantics_fmt_recovers_a_panic_in_string_method);
  tcase_add_test (findings, test_semantics_call_forwards_every_result);
  tcase_add_test (findings, test_semantics_method_values_bind_their_receiver);
  tcase_add_test (sync_, test_semantics_sync_method_values);
  tcase_add_test (sync_, test_semantics_atomic_value_stores_a_copy);
  tcase_add_test (findings, test_semantics_testing_cleanup_runs_after_the_test);
  tcase_add_test (panics, test_semantics_panic_during_panic_is_reported_where_it_started);
  tcase_add_test (panics, test_semantics_unbounded_recursion_is_incomplete_not_verified);
  tcase_add_test (panics, test_semantics_narrow_integers_wrap);
  tcase_add_test (panics, test_semantics_negative_sizes_panic_and_method_expressions_run);
  tcase_add_test (findings, test_semantics_interfaces_embedding_atomics_and_assertions);
  tcase_add_test (findings, test_semantics_type_assertions_test_the_asserted_type);
  tcase_add_test (findings, test_semantics_type_test_on_a_shared_kind_explores_both_outcomes);
  tcase_add_test (findings, test_semantics_fields_promote_through_an_embedded_pointer);
  tcase_add_test (channels, test_semantics_maps_store_read_delete_and_nil_map_write_panics);
  tcase_add_test (channels, test_semantics_map_range_explores_every_order);
  tcase_add_test (channels, test_semantics_map_keys_are_copied);
  tcase_add_test (findings, test_semantics_testing_fatal_ends_the_goroutine);
  tcase_add_test (findings, test_semantics_testing_run_waits_for_the_subtest);
  tcase_add_test (findings, test_semantics_testing_parallel_returns_from_run_at_once);
  tcase_add_test (findings, test_semantics_go_and_defer_bind_a_value_receiver_at_the_statement);
  suite_add_tcase (s, channels);
  suite_add_tcase (s, sync_);
  suite_add_tcase (s, panics);
  suite_add_tcase (s, findings);
  {
    TCase *reductions = tcase_create ("Reductions");
    tcase_add_test (reductions, test_semantics_partial_order_skips_independent_interleavings);
    tcase_add_test (reductions, test_semantics_partial_order_keeps_leak_beside_a_spinning_goroutine);
    tcase_add_test (reductions, test_semantics_partial_order_arriving_at_a_receive_disables_default);
    suite_add_tcase (s, reductions);
  }
  return s;
}
