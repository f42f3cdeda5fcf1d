/* tests/run_source.c -- the pipeline on a string, for Check tests.
 * Owns: chan_test_run.  Not: any stage of the pipeline. */
#include <string.h>
#include "tests/run_source.h"
#include "lang/parse.h"
#include "lang/check.h"
#include "lang/lower.h"
#include "checker/findings.h"

ChanTestRun
chan_test_run (const char *src, const char *entry)
{
  ChanTestRun r = { NULL, FALSE, NULL, 0 };
  GError *error = NULL;
  ChanNode *file = NULL;
  ChanModel *model;
  ChanExec exec;
  ChanBounds bounds = { 200000, 0, 0, 1 };
  ChanGraph *graph;
  GPtrArray *findings;
  GString *s;

  if (!chan_parse_buffer ("t.chan", src, strlen (src), &file, &error)
      || !chan_check_file (file, "t.chan", &error)
      || (model = chan_lower_file (file, "t.chan", entry ? entry : "main", &error)) == NULL)
    {
      r.error = g_strdup (error->message);
      g_error_free (error);
      chan_node_free (file);
      r.findings = g_strdup ("error");
      return r;
    }
  chan_exec_init (&exec, model);
  graph = chan_explore (&exec, &bounds);
  findings = chan_findings_compute (&exec, graph);
  s = g_string_new (NULL);
  for (guint i = 0; i < findings->len; i++)
    {
      const ChanFinding *f = g_ptr_array_index (findings, i);
      ChanPos p = chan_finding_pos (model, f);
      g_string_append_printf (s, "%s%s %d:%d", i ? ", " : "", chan_finding_kind_name (f->kind),
                              p.line, p.column);
    }
  r.findings = g_string_free (s, FALSE);
  r.complete = graph->bounds_hit == 0;
  r.states = graph->n_states;
  g_ptr_array_free (findings, TRUE);
  chan_graph_free (graph);
  chan_model_free (model);
  chan_node_free (file);
  return r;
}

void
chan_test_run_clear (ChanTestRun *r)
{
  g_free (r->findings);
  g_free (r->error);
}
