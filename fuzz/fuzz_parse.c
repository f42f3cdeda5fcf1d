/* fuzz/fuzz_parse.c -- libFuzzer target for the whole chancheck pipeline.
 * Owns: LLVMFuzzerTestOneInput: parse, check names, lower every default entry
 * (main, else each TestXxx), explore at most 2000 states for 2 s, compute the
 * findings and render both reports, then free everything.  Not: any stage.
 *
 * Build (against an ASan build of the tree in /tmp/fz, see fuzz/README.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I/tmp/fz \
 *     fuzz/fuzz_parse.c /tmp/fz/liblang.a /tmp/fz/libchecker.a \
 *     $(pkg-config --cflags --libs glib-2.0 libxxhash) -lm -o /tmp/fuzz_parse
 * (liblang.a and libchecker.a may need to be given twice, or checker before
 * lang, depending on which calls which.) */
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <glib.h>
#include "lang/parse.h"
#include "lang/check.h"
#include "lang/lower.h"
#include "checker/exec.h"
#include "checker/explore.h"
#include "checker/findings.h"
#include "checker/report.h"

static void
quiet_log (const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
  (void) domain; (void) data;
  /* criticals and warnings are bugs: make them crash so libFuzzer keeps the input */
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR))
    {
      fprintf (stderr, "GLib-CRITICAL/WARNING: %s\n", message);
      __builtin_trap ();
    }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc; (void) argv;
  g_log_set_default_handler (quiet_log, NULL);
  return 0;
}

static void
run_entry (ChanNode *file, const char *entry)
{
  GError *error = NULL;
  ChanModel *model = chan_lower_file (file, "f.chan", entry, &error);
  ChanExec exec;
  ChanBounds bounds = { .max_states = 2000, .time_limit = 2.0, .threads = 1 };
  ChanGraph *graph;
  GPtrArray *findings;
  ChanRun run;
  GString *out;

  if (model == NULL)
    {
      g_clear_error (&error);
      return;
    }
  chan_exec_init (&exec, model);
  graph = chan_explore (&exec, &bounds);
  findings = chan_findings_compute (&exec, graph);
  run.model = model;
  run.exec = &exec;
  run.graph = graph;
  run.findings = findings;
  run.entry = entry;
  run.complete = graph->bounds_hit == 0;
  out = g_string_new (NULL);
  chan_report_text (&run, out);
  chan_report_json (&run, out);
  g_string_free (out, TRUE);
  g_ptr_array_free (findings, TRUE);
  chan_graph_free (graph);
  chan_model_free (model);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  ChanNode *file = NULL;
  GPtrArray *entries;

  if (size > 20000)
    return 0;
  if (!chan_parse_buffer ("f.chan", (const char *) data, size, &file, &error)
      || !chan_check_file (file, "f.chan", &error))
    {
      g_clear_error (&error);
      chan_node_free (file);
      return 0;
    }
  entries = g_ptr_array_new_with_free_func (g_free);
  chan_lower_default_entries (file, entries);
  for (guint i = 0; i < entries->len && i < 4; i++)
    run_entry (file, g_ptr_array_index (entries, i));
  g_ptr_array_free (entries, TRUE);
  chan_node_free (file);
  return 0;
}
