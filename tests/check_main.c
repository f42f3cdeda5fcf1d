/* tests/check_main.c -- runs every Check suite.
 * Owns: the runner.  Not: tests (see check_*.c).  CK_RUN_SUITE, CK_RUN_CASE,
 * CK_VERBOSITY and CK_FORK work as Check documents. */
#include <stdlib.h>
#include "tests/suites.h"

int
main (void)
{
  SRunner *runner = srunner_create (lex_suite ());
  int failed;

  srunner_add_suite (runner, parse_suite ());
  srunner_add_suite (runner, names_suite ());
  srunner_add_suite (runner, lower_suite ());
  srunner_add_suite (runner, semantics_suite ());
  srunner_add_suite (runner, store_suite ());
  srunner_add_suite (runner, relevance_suite ());
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
