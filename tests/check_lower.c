/* tests/check_lower.c -- placeholder until the lower tests land. */
#include "tests/suites.h"
Suite *
lower_suite (void)
{
  return suite_create ("lower");
}
