/* tests/check_lex.c -- the scanner: tokens, literals, semicolon insertion.
 * Owns: lex_suite.  Not: the grammar (see check_parse.c).  Tests go through
 * chan_parse_dump_tokens, whose lines are "line:col KIND text[ = value]". */
#include <string.h>
#include <glib.h>
#include "tests/suites.h"
#include "lang/parse.h"

/* Token dump of SRC; the scan must succeed. */
static char *
toks (const char *src)
{
  GString *out = g_string_new (NULL);
  GError *error = NULL;
  gboolean ok = chan_parse_dump_tokens ("t.go", src, strlen (src), out, &error);

  ck_assert_msg (ok, "scan failed: %s", error != NULL ? error->message : "?");
  return g_string_free (out, FALSE);
}

/* Token dump of LEN bytes of SRC that must fail; returns the message. */
static char *
lex_error_len (const char *src, gsize len)
{
  GString *out = g_string_new (NULL);
  GError *error = NULL;
  gboolean ok = chan_parse_dump_tokens ("t.go", src, len, out, &error);
  char *msg;

  ck_assert_msg (!ok, "scan succeeded: %s", out->str);
  ck_assert (g_error_matches (error, CHAN_PARSE_ERROR, CHAN_PARSE_ERROR_SYNTAX));
  msg = g_strdup (error->message);
  g_error_free (error);
  g_string_free (out, TRUE);
  return msg;
}

static char *
lex_error (const char *src)
{
  return lex_error_len (src, strlen (src));
}

#define ASSERT_TOKS(src, expected)                                  \
  do {                                                              \
    g_autofree char *got_ = toks (src);                             \
    ck_assert_str_eq (got_, expected);                              \
  } while (0)

#define ASSERT_HAS(haystack, needle)                                \
  ck_assert_msg (strstr ((haystack), (needle)) != NULL,             \
                 "'%s' not found in:\n%s", (needle), (haystack))

#define ASSERT_LEX_ERROR(src, needle)                               \
  do {                                                              \
    g_autofree char *msg_ = lex_error (src);                        \
    ASSERT_HAS (msg_, needle);                                      \
  } while (0)

/* ---- semicolon insertion ---- */

START_TEST (test_lex_semicolon_after_ident)
{
  ASSERT_TOKS ("x\ny",
               "1:1 IDENT x\n"
               "1:2 ; (inserted)\n"
               "2:1 IDENT y\n"
               "2:2 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_semicolon_after_literals)
{
  const char *cases[] = { "1", "1.5", "2i", "'a'", "\"s\"", "`r`", "0x1F", ".5" };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *src = g_strdup_printf ("%s\n", cases[i]);
      g_autofree char *got = toks (src);
      g_autofree char *want = g_strdup_printf ("1:%d ; (inserted)\n",
                                               (int) strlen (cases[i]) + 1);

      ck_assert_msg (g_str_has_suffix (got, want), "%s gave:\n%s", cases[i], got);
    }
}
END_TEST

START_TEST (test_lex_semicolon_after_keywords)
{
  const char *yes[] = { "break", "continue", "fallthrough", "return" };
  const char *no[] = { "func", "go", "defer", "if", "else", "for", "chan",
                       "map", "struct", "interface", "var", "case", "default",
                       "select", "switch", "range", "type", "const", "import",
                       "package", "goto" };

  for (gsize i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_autofree char *src = g_strdup_printf ("%s\n", yes[i]);
      g_autofree char *got = toks (src);

      ASSERT_HAS (got, "; (inserted)");
      ASSERT_HAS (got, "KEYWORD");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_autofree char *src = g_strdup_printf ("%s\n", no[i]);
      g_autofree char *got = toks (src);

      ck_assert_msg (strstr (got, "inserted") == NULL, "%s: %s", no[i], got);
    }
}
END_TEST

START_TEST (test_lex_semicolon_after_inc_dec_and_closers)
{
  const char *yes[] = { "x++", "x--", "f()", "a[0]", "T{}" };

  for (gsize i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_autofree char *src = g_strdup_printf ("%s\nz", yes[i]);
      g_autofree char *got = toks (src);
      g_autofree char *want = g_strdup_printf ("1:%d ; (inserted)\n2:1 IDENT z",
                                               (int) strlen (yes[i]) + 1);

      ASSERT_HAS (got, want);
    }
}
END_TEST

START_TEST (test_lex_no_semicolon_after_operators)
{
  const char *no[] = { "x +", "x,", "f(", "a[", "T{", "x =", "x :=", "x &&",
                       "x ||", "<-", "x.", "x:", "x;" };

  for (gsize i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_autofree char *src = g_strdup_printf ("%s\n", no[i]);
      g_autofree char *got = toks (src);

      ck_assert_msg (strstr (got, "inserted") == NULL, "%s: %s", no[i], got);
    }
}
END_TEST

START_TEST (test_lex_semicolon_at_eof)
{
  ASSERT_TOKS ("}", "1:1 OP }\n1:2 ; (inserted)\n");
  ASSERT_TOKS ("return", "1:1 KEYWORD return\n1:7 ; (inserted)\n");
  ASSERT_TOKS ("x // c", "1:1 IDENT x\n1:7 ; (inserted)\n");
  ASSERT_TOKS ("x /* c */", "1:1 IDENT x\n1:10 ; (inserted)\n");
  ASSERT_TOKS ("x +", "1:1 IDENT x\n1:3 OP +\n");
  ASSERT_TOKS ("", "");
}
END_TEST

START_TEST (test_lex_semicolon_before_line_comment)
{
  ASSERT_TOKS ("x // comment\ny",
               "1:1 IDENT x\n1:13 ; (inserted)\n2:1 IDENT y\n2:2 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_block_comment_spanning_lines_is_newline)
{
  ASSERT_TOKS ("x /* a\nb */ y",
               "1:1 IDENT x\n1:3 ; (inserted)\n2:6 IDENT y\n2:7 ; (inserted)\n");
  /* on one line it is only a blank */
  ASSERT_TOKS ("x /* a */ y",
               "1:1 IDENT x\n1:11 IDENT y\n1:12 ; (inserted)\n");
  /* after an operator nothing is inserted */
  ASSERT_TOKS ("x + /* a\n */ y",
               "1:1 IDENT x\n1:3 OP +\n2:5 IDENT y\n2:6 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_blank_lines_insert_once)
{
  ASSERT_TOKS ("x\n\n\ny",
               "1:1 IDENT x\n1:2 ; (inserted)\n4:1 IDENT y\n4:2 ; (inserted)\n");
}
END_TEST

/* ---- literals ---- */

START_TEST (test_lex_int_literals)
{
  ASSERT_TOKS ("42 0 0x1F 0XfF 0o17 0O17 017 0b101 0B1 1_000_000 0x_FF 0_7",
               "1:1 INT 42 = 42\n"
               "1:4 INT 0 = 0\n"
               "1:6 INT 0x1F = 31\n"
               "1:11 INT 0XfF = 255\n"
               "1:16 INT 0o17 = 15\n"
               "1:21 INT 0O17 = 15\n"
               "1:26 INT 017 = 15\n"
               "1:30 INT 0b101 = 5\n"
               "1:36 INT 0B1 = 1\n"
               "1:40 INT 1_000_000 = 1000000\n"
               "1:50 INT 0x_FF = 255\n"
               "1:56 INT 0_7 = 7\n"
               "1:59 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_int_literal_limits)
{
  ASSERT_TOKS ("9223372036854775807", "1:1 INT 9223372036854775807 = 9223372036854775807\n"
               "1:20 ; (inserted)\n");
  /* 2^64-1 keeps its bit pattern; larger untyped constants are valid Go */
  ASSERT_TOKS ("0xFFFFFFFFFFFFFFFF", "1:1 INT 0xFFFFFFFFFFFFFFFF = -1\n1:19 ; (inserted)\n");
  ASSERT_TOKS ("100000000000000000000000",
               "1:1 INT 100000000000000000000000 = 9223372036854775807\n"
               "1:25 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_float_literals)
{
  ASSERT_TOKS ("1.5 1. .5 1e10 1E-5 1.5e+3 0x1p-2 0X1.8P3 0x.8p0 1_0.2_5 089.5",
               "1:1 FLOAT 1.5\n"
               "1:5 FLOAT 1.\n"
               "1:8 FLOAT .5\n"
               "1:11 FLOAT 1e10\n"
               "1:16 FLOAT 1E-5\n"
               "1:21 FLOAT 1.5e+3\n"
               "1:28 FLOAT 0x1p-2\n"
               "1:35 FLOAT 0X1.8P3\n"
               "1:43 FLOAT 0x.8p0\n"
               "1:50 FLOAT 1_0.2_5\n"
               "1:58 FLOAT 089.5\n"
               "1:63 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_imaginary_literals)
{
  ASSERT_TOKS ("2i 1.5i 1e3i 0x1p2i 0b1i 089i .5i",
               "1:1 IMAG 2i\n"
               "1:4 IMAG 1.5i\n"
               "1:9 IMAG 1e3i\n"
               "1:14 IMAG 0x1p2i\n"
               "1:21 IMAG 0b1i\n"
               "1:26 IMAG 089i\n"
               "1:31 IMAG .5i\n"
               "1:34 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_hex_literal_then_minus)
{
  /* 'e' is a hex digit, not an exponent */
  ASSERT_TOKS ("0xe-1", "1:1 INT 0xe = 14\n1:4 OP -\n1:5 INT 1 = 1\n1:6 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_rune_literals)
{
  ASSERT_TOKS ("'a' '\\n' '\\'' '\\x41' '\\101' '\\u00e9' '\\U0001F600' 'é' '\\\\' '\\t' '\\000'",
               "1:1 CHAR 'a' = 97\n"
               "1:5 CHAR '\\\\n' = 10\n"
               "1:10 CHAR '\\\\'' = 39\n"
               "1:15 CHAR '\\\\x41' = 65\n"
               "1:22 CHAR '\\\\101' = 65\n"
               "1:29 CHAR '\\\\u00e9' = 233\n"
               "1:38 CHAR '\\\\U0001F600' = 128512\n"
               "1:51 CHAR 'é' = 233\n"
               "1:56 CHAR '\\\\\\\\' = 92\n"
               "1:61 CHAR '\\\\t' = 9\n"
               "1:66 CHAR '\\\\000' = 0\n"
               "1:72 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_string_escapes)
{
  ASSERT_TOKS ("\"a\\tb\\n\\\"q\\\" \\x41\\101\\u00e9\\\\\"",
               "1:1 STRING \"a\\\\tb\\\\n\\\\\"q\\\\\" \\\\x41\\\\101\\\\u00e9\\\\\\\\\" = "
               "a\\tb\\n\"q\" AAé\\\\\n1:31 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_string_with_nul_escape_keeps_length)
{
  g_autoptr (ChanNode) file = NULL;
  GError *error = NULL;
  const char *src = "package p\nvar s = \"a\\x00b\"\n";
  ChanNode *lit;

  ck_assert (chan_parse_buffer ("t.go", src, strlen (src), &file, &error));
  lit = chan_node_kid (chan_node_kid (file, 0), 0)->c;
  lit = chan_node_kid (lit, 0);
  ck_assert_int_eq (lit->kind, CHAN_NODE_STRING_LIT);
  ck_assert_int_eq (lit->value, 3);
  ck_assert_mem_eq (lit->str, "a\0b", 3);
}
END_TEST

START_TEST (test_lex_raw_string_spans_lines)
{
  ASSERT_TOKS ("x := `a\nb\\n\n`\ny",
               "1:1 IDENT x\n"
               "1:3 OP :=\n"
               "1:6 STRING `a\\nb\\\\n\\n` = a\\nb\\\\n\\n\n"
               "3:2 ; (inserted)\n"
               "4:1 IDENT y\n"
               "4:2 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_raw_string_drops_carriage_returns)
{
  ASSERT_TOKS ("`a\r\nb`", "1:1 STRING `a\\r\\nb` = a\\nb\n2:3 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_comments_are_skipped)
{
  ASSERT_TOKS ("// only a comment\n/* and\n another */",
               "");
  ASSERT_TOKS ("a /* x */ + /**/ b // end",
               "1:1 IDENT a\n1:11 OP +\n1:18 IDENT b\n1:26 ; (inserted)\n");
  ASSERT_TOKS ("/* ** / * */x", "1:13 IDENT x\n1:14 ; (inserted)\n");
}
END_TEST

/* ---- identifiers, keywords, operators ---- */

START_TEST (test_lex_identifiers_utf8)
{
  ASSERT_TOKS ("café _x x1 日本 αβ",
               "1:1 IDENT café\n"
               "1:7 IDENT _x\n"
               "1:10 IDENT x1\n"
               "1:13 IDENT 日本\n"
               "1:20 IDENT αβ\n"
               "1:24 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_keywords)
{
  const char *kw[] = { "break", "case", "chan", "const", "continue", "default",
                       "defer", "else", "fallthrough", "for", "func", "go",
                       "goto", "if", "import", "interface", "map", "package",
                       "range", "return", "select", "struct", "switch", "type",
                       "var" };

  for (gsize i = 0; i < G_N_ELEMENTS (kw); i++)
    {
      g_autofree char *got = toks (kw[i]);
      g_autofree char *want = g_strdup_printf ("1:1 KEYWORD %s\n", kw[i]);

      ck_assert_msg (g_str_has_prefix (got, want), "%s", got);
    }
  ASSERT_TOKS ("iff gox", "1:1 IDENT iff\n1:5 IDENT gox\n1:8 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_operators)
{
  const char *ops[] = { "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "&^",
                        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=",
                        ">>=", "&^=", "&&", "||", "<-", "++", "--", "==", "<",
                        ">", "=", "!", "~", "!=", "<=", ">=", ":=", "...", "(",
                        ")", "[", "]", "{", "}", ",", ";", ".", ":" };

  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autofree char *got = toks (ops[i]);
      g_autofree char *want = g_strdup_printf ("1:1 OP %s\n", ops[i]);

      ck_assert_msg (g_str_has_prefix (got, want), "%s gave %s", ops[i], got);
    }
  /* longest match */
  ASSERT_TOKS ("a<<=b&^c...", "1:1 IDENT a\n1:2 OP <<=\n1:5 IDENT b\n1:6 OP &^\n"
               "1:8 IDENT c\n1:9 OP ...\n");
  ASSERT_TOKS ("x<-y", "1:1 IDENT x\n1:2 OP <-\n1:4 IDENT y\n1:5 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_body_brace_after_statement_keyword)
{
  /* the scanner alone: the first '{' after if/for/switch/select outside
   * brackets opens the body */
  ASSERT_TOKS ("if f(T{}) {", "1:1 KEYWORD if\n1:4 IDENT f\n1:5 OP (\n1:6 IDENT T\n"
               "1:7 OP {\n1:8 OP }\n1:9 OP )\n1:11 LBODY {\n");
  ASSERT_TOKS ("x := T{}", "1:1 IDENT x\n1:3 OP :=\n1:6 IDENT T\n1:7 OP {\n1:8 OP }\n"
               "1:9 ; (inserted)\n");
}
END_TEST

/* ---- positions ---- */

START_TEST (test_lex_columns_are_bytes_and_tabs_count_one)
{
  ASSERT_TOKS ("\t\tx\n  é y", "1:3 IDENT x\n1:4 ; (inserted)\n2:3 IDENT é\n"
               "2:6 IDENT y\n2:7 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_lines_after_block_comment_and_crlf)
{
  ASSERT_TOKS ("/*\n\n*/ a\r\nb", "3:4 IDENT a\n3:6 ; (inserted)\n4:1 IDENT b\n"
               "4:2 ; (inserted)\n");
}
END_TEST

START_TEST (test_lex_bom_at_start_is_skipped)
{
  ASSERT_TOKS ("\xEF\xBB\xBFx", "1:1 IDENT x\n1:2 ; (inserted)\n");
  ASSERT_LEX_ERROR ("x \xEF\xBB\xBF", "t.go:1:3: invalid BOM");
}
END_TEST

/* ---- errors ---- */

START_TEST (test_lex_error_unterminated_string)
{
  ASSERT_LEX_ERROR ("x := \"abc\ny", "t.go:1:6: string literal not terminated");
  ASSERT_LEX_ERROR ("\"abc\\", "t.go:1:1: string literal not terminated");
}
END_TEST

START_TEST (test_lex_error_unterminated_raw_string)
{
  ASSERT_LEX_ERROR ("a\n  `abc\n\n", "t.go:2:3: raw string literal not terminated");
}
END_TEST

START_TEST (test_lex_error_unterminated_comment)
{
  ASSERT_LEX_ERROR ("x /* abc\n *", "t.go:1:3: comment not terminated");
}
END_TEST

START_TEST (test_lex_error_rune_literals)
{
  ASSERT_LEX_ERROR ("''", "t.go:1:1: empty rune literal");
  ASSERT_LEX_ERROR ("'ab'", "t.go:1:1: more than one character in rune literal");
  ASSERT_LEX_ERROR ("x 'a", "t.go:1:3: rune literal not terminated");
  ASSERT_LEX_ERROR ("'\\q'", "t.go:1:2: unknown escape sequence");
  ASSERT_LEX_ERROR ("'\\\"'", "unknown escape sequence");
  ASSERT_LEX_ERROR ("'\\400'", "escape sequence is invalid Unicode code point");
  ASSERT_LEX_ERROR ("'\\uD800'", "escape sequence is invalid Unicode code point");
  ASSERT_LEX_ERROR ("'\\x4'", "invalid character in escape sequence");
}
END_TEST

START_TEST (test_lex_error_string_escape)
{
  ASSERT_LEX_ERROR ("  \"a\\'b\"", "t.go:1:5: unknown escape sequence");
}
END_TEST

START_TEST (test_lex_error_malformed_numbers)
{
  ASSERT_LEX_ERROR ("0b102", "t.go:1:1: invalid digit in binary literal 0b102");
  ASSERT_LEX_ERROR ("0o78", "invalid digit in octal literal 0o78");
  ASSERT_LEX_ERROR ("089", "invalid digit '8' in octal literal 089");
  ASSERT_LEX_ERROR ("0x", "malformed hexadecimal literal 0x");
  ASSERT_LEX_ERROR ("1__0", "'_' must separate successive digits in 1__0");
  ASSERT_LEX_ERROR ("1_", "'_' must separate successive digits");
  ASSERT_LEX_ERROR ("123abc", "malformed number 123abc");
}
END_TEST

START_TEST (test_lex_error_invalid_characters)
{
  ASSERT_LEX_ERROR ("x $ y", "t.go:1:3: invalid character '$'");
  ASSERT_LEX_ERROR ("a\n @", "t.go:2:2: invalid character '@'");
  ASSERT_LEX_ERROR ("x · y", "t.go:1:3: invalid character U+00B7");
  ASSERT_LEX_ERROR ("\x01", "invalid character U+0001");
}
END_TEST

START_TEST (test_lex_error_nul_and_invalid_utf8)
{
  g_autofree char *m1 = lex_error_len ("a\0b", 3);
  g_autofree char *m2 = lex_error ("a \xff b");
  g_autofree char *m3 = lex_error ("\"a\xc3\"");
  g_autofree char *m4 = lex_error_len ("// x\0y", 6);

  ASSERT_HAS (m1, "t.go:1:2: invalid NUL character");
  ASSERT_HAS (m2, "t.go:1:3: invalid UTF-8 encoding");
  ASSERT_HAS (m3, "t.go:1:3: invalid UTF-8 encoding");
  ASSERT_HAS (m4, "t.go:1:5: invalid NUL character");
}
END_TEST

START_TEST (test_lex_error_scanning_continues)
{
  g_autofree char *msg = lex_error ("$ x @\n# y");
  g_auto (GStrv) lines = g_strsplit (msg, "\n", -1);

  ck_assert_uint_eq (g_strv_length (lines), 3);
  ASSERT_HAS (lines[2], "t.go:2:1: invalid character '#'");
}
END_TEST

START_TEST (test_lex_error_count_is_capped)
{
  g_autofree char *src = g_strnfill (100, '$');
  g_autofree char *msg = lex_error (src);
  g_auto (GStrv) lines = g_strsplit (msg, "\n", -1);

  ck_assert_uint_eq (g_strv_length (lines), 21);
  ASSERT_HAS (lines[20], "too many errors");
}
END_TEST

START_TEST (test_lex_nesting_cap)
{
  g_autofree char *src = g_strnfill (5000, '(');
  g_autofree char *msg = lex_error (src);

  ASSERT_HAS (msg, "t.go:1:1001: nesting too deep");
}
END_TEST

Suite *
lex_suite (void)
{
  Suite *s = suite_create ("lex");
  TCase *semi = tcase_create ("Semicolons");
  TCase *lit = tcase_create ("Literals");
  TCase *core = tcase_create ("Core");
  TCase *err = tcase_create ("Errors");

  tcase_add_test (semi, test_lex_semicolon_after_ident);
  tcase_add_test (semi, test_lex_semicolon_after_literals);
  tcase_add_test (semi, test_lex_semicolon_after_keywords);
  tcase_add_test (semi, test_lex_semicolon_after_inc_dec_and_closers);
  tcase_add_test (semi, test_lex_no_semicolon_after_operators);
  tcase_add_test (semi, test_lex_semicolon_at_eof);
  tcase_add_test (semi, test_lex_semicolon_before_line_comment);
  tcase_add_test (semi, test_lex_block_comment_spanning_lines_is_newline);
  tcase_add_test (semi, test_lex_blank_lines_insert_once);
  suite_add_tcase (s, semi);

  tcase_add_test (lit, test_lex_int_literals);
  tcase_add_test (lit, test_lex_int_literal_limits);
  tcase_add_test (lit, test_lex_float_literals);
  tcase_add_test (lit, test_lex_imaginary_literals);
  tcase_add_test (lit, test_lex_hex_literal_then_minus);
  tcase_add_test (lit, test_lex_rune_literals);
  tcase_add_test (lit, test_lex_string_escapes);
  tcase_add_test (lit, test_lex_string_with_nul_escape_keeps_length);
  tcase_add_test (lit, test_lex_raw_string_spans_lines);
  tcase_add_test (lit, test_lex_raw_string_drops_carriage_returns);
  suite_add_tcase (s, lit);

  tcase_add_test (core, test_lex_comments_are_skipped);
  tcase_add_test (core, test_lex_identifiers_utf8);
  tcase_add_test (core, test_lex_keywords);
  tcase_add_test (core, test_lex_operators);
  tcase_add_test (core, test_lex_body_brace_after_statement_keyword);
  tcase_add_test (core, test_lex_columns_are_bytes_and_tabs_count_one);
  tcase_add_test (core, test_lex_lines_after_block_comment_and_crlf);
  tcase_add_test (core, test_lex_bom_at_start_is_skipped);
  suite_add_tcase (s, core);

  tcase_add_test (err, test_lex_error_unterminated_string);
  tcase_add_test (err, test_lex_error_unterminated_raw_string);
  tcase_add_test (err, test_lex_error_unterminated_comment);
  tcase_add_test (err, test_lex_error_rune_literals);
  tcase_add_test (err, test_lex_error_string_escape);
  tcase_add_test (err, test_lex_error_malformed_numbers);
  tcase_add_test (err, test_lex_error_invalid_characters);
  tcase_add_test (err, test_lex_error_nul_and_invalid_utf8);
  tcase_add_test (err, test_lex_error_scanning_continues);
  tcase_add_test (err, test_lex_error_count_is_capped);
  tcase_add_test (err, test_lex_nesting_cap);
  suite_add_tcase (s, err);
  return s;
}
