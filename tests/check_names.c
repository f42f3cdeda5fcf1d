/* tests/check_names.c -- placeholder until the names tests land. */
#include "tests/suites.h"
Suite *
names_suite (void)
{
  return suite_create ("names");
}
