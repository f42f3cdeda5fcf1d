/* checker/report.h -- what the user reads: text and JSON Lines reports.
 * Owns: ChanRun (one checked (file, entry): model, graph, findings), the
 * wording of findings, the text report (compiler-style lines, traces,
 * final goroutine states, channels, a summary line) and the JSON object.
 * Not: computing findings (findings.h), the command line (main.c). */
#ifndef CHAN_CHECKER_REPORT_H
#define CHAN_CHECKER_REPORT_H

#include <glib.h>
#include "checker/findings.h"

typedef struct {
  const ChanModel *model;   /* borrowed */
  const ChanExec *exec;     /* borrowed */
  const ChanGraph *graph;   /* borrowed */
  GPtrArray *findings;      /* borrowed: of ChanFinding* */
  const char *entry;        /* borrowed */
  gboolean complete;        /* no bound was hit */
  gboolean reduced_traces;  /* the traces come from the partial-order
                               reduced graph: not always the shortest */
} ChanRun;

/* Appends the text report of RUN to OUT. */
void chan_report_text (const ChanRun *run, GString *out);
/* Appends one JSON object (one line, ending in '\n') for RUN to OUT. */
void chan_report_json (const ChanRun *run, GString *out);
/* The names of the bounds hit, comma separated ("" when none); owned. */
char *chan_report_bounds (int bounds_hit);

#endif
