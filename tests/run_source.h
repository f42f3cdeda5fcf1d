/* tests/run_source.h -- run the whole pipeline on a source string (tests).
 * Owns: a helper for Check tests: parse, check, lower, explore (with and
 * without reductions), findings, returned as sorted "kind line:col"
 * strings; when the two searches disagree, the findings string says so
 * (and so matches no expectation).  Not: assertions. */
#ifndef CHAN_TESTS_RUN_SOURCE_H
#define CHAN_TESTS_RUN_SOURCE_H
#include <glib.h>
#include "lang/model.h"

typedef struct {
  char *findings;     /* owned: "leak 7:3, deadlock 12:2" (sorted by location) */
  gboolean complete;  /* no bound hit */
  char *error;        /* owned: the error message when the input was rejected */
  guint states;       /* with reductions */
  guint states_full;  /* without */
} ChanTestRun;

/* Parses, checks and lowers SRC from ENTRY ("main" when NULL): the model
 * (free with chan_model_free), or NULL and *ERROR_TEXT (owned). */
ChanModel *chan_test_lower (const char *src, const char *entry, char **error_text);
/* Runs SRC (a whole .chan file) from ENTRY ("main" when NULL). */
ChanTestRun chan_test_run (const char *src, const char *entry);
void chan_test_run_clear (ChanTestRun *run);
/* Explores SRC from main once, with or without reductions (at most 200000
 * states); returns its findings (owned) and fills *STATES and *COMPLETE. */
char *chan_test_explore (const char *src, gboolean reduce, guint *states, gboolean *complete);
#endif
