/* tests/check_lex.c -- placeholder until the lex tests land. */
#include "tests/suites.h"
Suite *
lex_suite (void)
{
  return suite_create ("lex");
}
