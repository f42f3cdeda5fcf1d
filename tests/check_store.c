/* tests/check_store.c -- the state store (checker/store.c).
 * Owns: tests of insertion, lookup and collapse compression, on byte
 * strings cut by a splitter of the test's own.  Not: state encodings
 * (the other suites reach the store through whole searches). */
#include <string.h>
#include <glib.h>
#include "tests/suites.h"
#include "checker/store.h"

/* Cuts every 8 bytes; the first piece is kept in place, the others shared. */
static int
split_every_8 (const void *data, const uint8_t *bytes, size_t len, uint32_t *ends,
               uint8_t *shared, int max)
{
  int n = 0;
  (void) data;
  (void) bytes;
  for (size_t at = 8; at < len; at += 8)
    {
      if (n >= max)
        return -1;
      ends[n] = (uint32_t) at;
      shared[n] = n > 0;
      n++;
    }
  if (n >= max)
    return -1;
  ends[n] = (uint32_t) len;
  shared[n] = n > 0;
  return n + 1;
}

static uint32_t
insert (ChanStore *s, const char *text, int *is_new)
{
  return chan_store_insert (s, (const uint8_t *) text, strlen (text),
                            chan_store_hash ((const uint8_t *) text, strlen (text)), is_new);
}

static uint32_t
lookup (const ChanStore *s, const char *text)
{
  return chan_store_lookup (s, (const uint8_t *) text, strlen (text),
                            chan_store_hash ((const uint8_t *) text, strlen (text)));
}

START_TEST (test_store_collapsed_keeps_each_state_once_and_gives_it_back)
{
  ChanStore *whole = chan_store_new ();
  ChanStore *collapsed = chan_store_new_collapsed (split_every_8, NULL, 0);
  /* 20 states made of the same few 8-byte pieces in different orders */
  const char *pieces[4] = { "goroutA.", "goroutB.", "channel1", "channel2" };
  char states[20][64];
  uint8_t *buffer = NULL;
  size_t cap = 0;
  int is_new;

  for (int i = 0; i < 20; i++)
    {
      g_snprintf (states[i], sizeof states[i], "head%04d%s%s%s", i, pieces[i % 4],
                  pieces[(i / 4) % 4], pieces[(i + 1) % 4]);
      ck_assert_uint_eq (insert (collapsed, states[i], &is_new), (uint32_t) i);
      ck_assert (is_new);
      insert (whole, states[i], &is_new);
    }
  for (int i = 0; i < 20; i++)
    {
      size_t len;
      const uint8_t *back = chan_store_state (collapsed, (uint32_t) i, &buffer, &cap, &len);
      ck_assert_uint_eq (len, strlen (states[i]));
      ck_assert (memcmp (back, states[i], len) == 0);
      ck_assert_uint_eq (insert (collapsed, states[i], &is_new), (uint32_t) i);
      ck_assert (!is_new);
      ck_assert_uint_eq (lookup (collapsed, states[i]), (uint32_t) i);
    }
  /* a state whose pieces were all seen, and one with a new piece */
  ck_assert_uint_eq (lookup (collapsed, "head0000goroutB.goroutA.channel1"), UINT32_MAX);
  ck_assert_uint_eq (lookup (collapsed, "head0000goroutC.goroutA.channel1"), UINT32_MAX);
  ck_assert_uint_eq (chan_store_count (collapsed), 20);
  /* 4 shared pieces instead of 60 */
  ck_assert_uint_lt (chan_store_state_bytes (collapsed), chan_store_state_bytes (whole) / 2);
  g_free (buffer);
  chan_store_free (collapsed);
  chan_store_free (whole);
}
END_TEST

/* A state of many pieces (more than the store keeps on its stack). */
START_TEST (test_store_collapsed_state_of_many_pieces)
{
  ChanStore *s = chan_store_new_collapsed (split_every_8, NULL, 0);
  GString *a = g_string_new (NULL), *b = g_string_new (NULL);
  uint8_t *buffer = NULL;
  size_t cap = 0, len;
  const uint8_t *back;
  int is_new;
  for (int i = 0; i < 200; i++)
    {
      g_string_append_printf (a, "piece%03d", i % 7);
      g_string_append_printf (b, "piece%03d", i % 5);
    }
  ck_assert_uint_eq (insert (s, a->str, &is_new), 0);
  ck_assert_uint_eq (insert (s, b->str, &is_new), 1);
  ck_assert_uint_eq (lookup (s, a->str), 0);
  back = chan_store_state (s, 1, &buffer, &cap, &len);
  ck_assert_uint_eq (len, b->len);
  ck_assert (memcmp (back, b->str, len) == 0);
  /* 8 distinct pieces of 8 bytes, not 400 */
  ck_assert_uint_lt (chan_store_state_bytes (s), 1000);
  g_free (buffer);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
  chan_store_free (s);
}
END_TEST

START_TEST (test_store_grows_without_losing_states)
{
  ChanStore *s = chan_store_new ();
  char text[32];
  int is_new;
  for (int i = 0; i < 5000; i++)
    {
      g_snprintf (text, sizeof text, "state %d", i);
      ck_assert_uint_eq (insert (s, text, &is_new), (uint32_t) i);
    }
  for (int i = 0; i < 5000; i++)
    {
      g_snprintf (text, sizeof text, "state %d", i);
      ck_assert_uint_eq (lookup (s, text), (uint32_t) i);
    }
  ck_assert_uint_eq (lookup (s, "state 5000"), UINT32_MAX);
  chan_store_free (s);
}
END_TEST

Suite *
store_suite (void)
{
  Suite *s = suite_create ("store");
  TCase *core = tcase_create ("Core");
  tcase_add_test (core, test_store_collapsed_keeps_each_state_once_and_gives_it_back);
  tcase_add_test (core, test_store_collapsed_state_of_many_pieces);
  tcase_add_test (core, test_store_grows_without_losing_states);
  suite_add_tcase (s, core);
  return s;
}
