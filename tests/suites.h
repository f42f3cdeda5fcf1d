/* tests/suites.h -- one Check suite factory per module under test.
 * Owns: the list of suites run by check_main.c.  Not: the tests themselves. */
#ifndef CHAN_TESTS_SUITES_H
#define CHAN_TESTS_SUITES_H
#include <check.h>

Suite *lex_suite (void);        /* check_lex.c: tokens, semicolon insertion */
Suite *parse_suite (void);      /* check_parse.c: every construct, syntax errors */
Suite *names_suite (void);      /* check_names.c: resolution and compile checks */
Suite *lower_suite (void);      /* check_lower.c: the process model */
Suite *semantics_suite (void);  /* check_semantics.c: SPEC 2.2 rules, finding kinds */
Suite *store_suite (void);      /* check_store.c: the state store, collapse compression */
Suite *relevance_suite (void);  /* check_relevance.c: values nothing depends on */
#endif
