/* tests/check_semantics.c -- placeholder until the semantics tests land. */
#include "tests/suites.h"
Suite *
semantics_suite (void)
{
  return suite_create ("semantics");
}
