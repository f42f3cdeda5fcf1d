/* tests/check_parse.c -- placeholder until the parse tests land. */
#include "tests/suites.h"
Suite *
parse_suite (void)
{
  return suite_create ("parse");
}
