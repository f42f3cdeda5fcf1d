/* tests/run_source.c -- the pipeline on a string, for Check tests.
 * Owns: chan_test_run.  Not: any stage of the pipeline. */
#include <string.h>
#include "tests/run_source.h"
#include "lang/parse.h"
#include "lang/check.h"
#include "lang/lower.h"
#include "checker/findings.h"

/* Explores MODEL with or without reductions; returns its findings as
 * "kind line:col, ..." (owned). */
static char *
explore_findings (ChanModel *model, gboolean reduce, guint *states, gboolean *complete)
{
  ChanExec exec;
  ChanBounds bounds = { .max_states = 200000, .threads = 1 };
  ChanGraph *graph;
  GPtrArray *findings;
  GString *s = g_string_new (NULL);

  chan_exec_init (&exec, model);
  exec.symmetry = exec.partial_order = exec.untracked = reduce;
  graph = chan_explore (&exec, &bounds);
  findings = chan_findings_compute (&exec, graph);
  for (guint i = 0; i < findings->len; i++)
    {
      const ChanFinding *f = g_ptr_array_index (findings, i);
      ChanPos p = chan_finding_pos (model, f);
      g_string_append_printf (s, "%s%s %d:%d", i ? ", " : "", chan_finding_kind_name (f->kind),
                              p.line, p.column);
    }
  *complete = graph->bounds_hit == 0;
  *states = graph->n_states;
  g_ptr_array_free (findings, TRUE);
  chan_graph_free (graph);
  return g_string_free (s, FALSE);
}

ChanModel *
chan_test_lower (const char *src, const char *entry, char **error_text)
{
  GError *error = NULL;
  ChanNode *file = NULL;
  ChanModel *model = NULL;
  *error_text = NULL;
  if (chan_parse_buffer ("t.chan", src, strlen (src), &file, &error)
      && chan_check_file (file, "t.chan", &error))
    model = chan_lower_file (file, "t.chan", entry ? entry : "main", &error);
  if (error)
    {
      *error_text = g_strdup (error->message);
      g_error_free (error);
    }
  chan_node_free (file);
  return model;
}

ChanTestRun
chan_test_run (const char *src, const char *entry)
{
  ChanTestRun r = { NULL, FALSE, NULL, 0, 0 };
  ChanModel *model = chan_test_lower (src, entry, &r.error);
  gboolean full_complete;
  char *full;

  if (model == NULL)
    {
      r.findings = g_strdup ("error");
      return r;
    }
  /* every test is also a check of the reductions: the reduced search
     (symmetry, partial order, untracked values) must find what the full
     one finds */
  r.findings = explore_findings (model, TRUE, &r.states, &r.complete);
  full = explore_findings (model, FALSE, &r.states_full, &full_complete);
  if (strcmp (full, r.findings) != 0 || full_complete != r.complete)
    {
      char *both = g_strdup_printf ("reduced search: %s%s; full search: %s%s", r.findings,
                                    r.complete ? "" : " (incomplete)", full,
                                    full_complete ? "" : " (incomplete)");
      g_free (r.findings);
      r.findings = both;
    }
  g_free (full);
  chan_model_free (model);
  return r;
}

char *
chan_test_explore (const char *src, gboolean reduce, guint *states, gboolean *complete)
{
  char *error = NULL, *findings;
  ChanModel *model = chan_test_lower (src, NULL, &error);
  if (model == NULL)
    {
      findings = g_strdup_printf ("error: %s", error);
      g_free (error);
      return findings;
    }
  findings = explore_findings (model, reduce, states, complete);
  chan_model_free (model);
  return findings;
}

void
chan_test_run_clear (ChanTestRun *r)
{
  g_free (r->findings);
  g_free (r->error);
}
