/* test-text.c — text.c: preparation of the input bytes (BOM, invalid UTF-8, NUL bytes, offset
 * map back to the input) and token normalization. White-box. */
#include "abridge-test.h"
#include "abridge-private.h"

static void
prepare_ok (const char *input, gsize len, gboolean strict, PreparedText *out)
{
  GError *error = NULL;
  gboolean ok = text_prepare (input, len, strict, out, &error);
  ck_assert_msg (ok, "text_prepare failed: %s", error ? error->message : "?");
  ck_assert_ptr_null (error);
}

/* ---- text_prepare ---------------------------------------------------------------------- */

START_TEST (test_prepare_copies_valid_text)
{
  const char input[] = "Hello, world. Caf\xC3\xA9 au lait.";
  PreparedText p;
  prepare_ok (input, sizeof input - 1, FALSE, &p);
  ck_assert_uint_eq (p.len, sizeof input - 1);
  ck_assert_mem_eq (p.text, input, p.len);
  ck_assert_int_eq (p.text[p.len], '\0');
  ck_assert_ptr_ne (p.text, input);
  ck_assert_ptr_null (p.shifts);
  ck_assert_uint_eq (p.invalid_count, 0);
  for (gsize i = 0; i <= p.len; i++)
    ck_assert_uint_eq (text_original_offset (&p, i), i);
  text_prepared_clear (&p);
  ck_assert_ptr_null (p.text);
}
END_TEST

START_TEST (test_prepare_uses_only_len_bytes)
{
  /* The buffer goes on past @len: nothing beyond it is read or copied. */
  const char input[] = "First part. Second part.";
  PreparedText p;
  prepare_ok (input, 11, FALSE, &p);
  ck_assert_uint_eq (p.len, 11);
  ck_assert_str_eq (p.text, "First part.");
  text_prepared_clear (&p);
}
END_TEST

START_TEST (test_prepare_empty_input)
{
  PreparedText p;
  prepare_ok ("", 0, TRUE, &p);
  ck_assert_uint_eq (p.len, 0);
  ck_assert_str_eq (p.text, "");
  ck_assert_uint_eq (p.invalid_count, 0);
  text_prepared_clear (&p);
}
END_TEST

START_TEST (test_prepare_skips_bom_and_maps_offsets)
{
  const char input[] = "\xEF\xBB\xBFHello world";
  PreparedText p;
  prepare_ok (input, sizeof input - 1, FALSE, &p);
  ck_assert_str_eq (p.text, "Hello world");
  ck_assert_uint_eq (p.len, 11);
  ck_assert_uint_eq (p.invalid_count, 0);
  /* Every work offset is 3 bytes earlier than in the input. */
  for (gsize i = 0; i <= p.len; i++)
    ck_assert_uint_eq (text_original_offset (&p, i), i + 3);
  /* "world" at work offset 6 is "world" in the input. */
  ck_assert_mem_eq (input + text_original_offset (&p, 6), "world", 5);
  text_prepared_clear (&p);
}
END_TEST

START_TEST (test_prepare_bom_only)
{
  PreparedText p;
  prepare_ok ("\xEF\xBB\xBF", 3, FALSE, &p);
  ck_assert_uint_eq (p.len, 0);
  ck_assert_str_eq (p.text, "");
  ck_assert_uint_eq (text_original_offset (&p, 0), 3);
  text_prepared_clear (&p);
}
END_TEST

START_TEST (test_prepare_replaces_invalid_byte)
{
  const char input[] = "ab\xFF" "cd";
  PreparedText p;
  prepare_ok (input, sizeof input - 1, FALSE, &p);
  ck_assert_str_eq (p.text, "ab\xEF\xBF\xBD" "cd");
  ck_assert_uint_eq (p.len, 7);
  ck_assert_uint_eq (p.invalid_count, 1);
  ck_assert_uint_eq (p.first_invalid, 2);
  ck_assert_msg (g_utf8_validate (p.text, (gssize) p.len, NULL), "work text is not valid UTF-8");
  /* Before the replacement nothing moves; after it, work runs 2 bytes ahead. */
  ck_assert_uint_eq (text_original_offset (&p, 0), 0);
  ck_assert_uint_eq (text_original_offset (&p, 1), 1);
  ck_assert_uint_eq (text_original_offset (&p, 2), 2);
  ck_assert_uint_eq (text_original_offset (&p, 5), 3); /* 'c' */
  ck_assert_uint_eq (text_original_offset (&p, 6), 4); /* 'd' */
  ck_assert_uint_eq (text_original_offset (&p, 7), 5); /* end */
  ck_assert_int_eq (input[text_original_offset (&p, 5)], 'c');
  text_prepared_clear (&p);
}
END_TEST

START_TEST (test_prepare_counts_several_invalid_bytes)
{
  /* Three invalid bytes: a lone continuation byte, 0xFE and 0xC0 (never valid). */
  const char input[] = "one \x80 two \xFE\xC0 three";
  PreparedText p;
  prepare_ok (input, sizeof input - 1, FALSE, &p);
  ck_assert_uint_eq (p.invalid_count, 3);
  ck_assert_uint_eq (p.first_invalid, 4);
  ck_assert_str_eq (p.text, "one \xEF\xBF\xBD two \xEF\xBF\xBD\xEF\xBF\xBD three");
  ck_assert_uint_eq (p.len, sizeof input - 1 + 3 * 2);
  /* "two" and "three" map back to their input bytes. */
  const char *two = strstr (p.text, "two");
  const char *three = strstr (p.text, "three");
  gsize two_orig = text_original_offset (&p, (gsize) (two - p.text));
  gsize three_orig = text_original_offset (&p, (gsize) (three - p.text));
  ck_assert_uint_eq (two_orig, (gsize) (strstr (input, "two") - input));
  ck_assert_uint_eq (three_orig, (gsize) (strstr (input, "three") - input));
  ck_assert_uint_eq (text_original_offset (&p, p.len), sizeof input - 1);
  text_prepared_clear (&p);
}
END_TEST

START_TEST (test_prepare_bom_and_invalid_byte_offsets_add_up)
{
  const char input[] = "\xEF\xBB\xBF" "ab\xFF" "cd";
  PreparedText p;
  prepare_ok (input, sizeof input - 1, FALSE, &p);
  ck_assert_str_eq (p.text, "ab\xEF\xBF\xBD" "cd");
  ck_assert_uint_eq (p.invalid_count, 1);
  ck_assert_uint_eq (p.first_invalid, 5); /* an offset into the input, BOM included */
  ck_assert_uint_eq (text_original_offset (&p, 0), 3); /* 'a' */
  ck_assert_uint_eq (text_original_offset (&p, 1), 4); /* 'b' */
  ck_assert_uint_eq (text_original_offset (&p, 5), 6); /* 'c' */
  ck_assert_uint_eq (text_original_offset (&p, 7), 8); /* end */
  text_prepared_clear (&p);
}
END_TEST

START_TEST (test_prepare_nul_byte_is_binary)
{
  const char input[] = "ab\0cd";
  PreparedText p;
  GError *error = NULL;
  ck_assert (!text_prepare (input, 5, FALSE, &p, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_BINARY),
                 "unexpected error: %s", error->message);
  ck_assert_ptr_null (p.text);
  g_clear_error (&error);

  /* Also under strict mode, and whatever else is wrong with the text. */
  ck_assert (!text_prepare ("\xFF\0", 2, TRUE, &p, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_BINARY));
  g_clear_error (&error);
}
END_TEST

START_TEST (test_prepare_strict_rejects_invalid_utf8)
{
  const char input[] = "ab\xFF" "cd";
  PreparedText p;
  GError *error = NULL;
  ck_assert (!text_prepare (input, sizeof input - 1, TRUE, &p, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_UTF8),
                 "unexpected error: %s", error->message);
  ck_assert_msg (strstr (error->message, "2") != NULL, "offset missing from '%s'",
                 error->message);
  ck_assert_ptr_null (p.text);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_prepare_strict_accepts_valid_text_with_bom)
{
  const char input[] = "\xEF\xBB\xBF\xC3\x89t\xC3\xA9.";
  PreparedText p;
  prepare_ok (input, sizeof input - 1, TRUE, &p);
  ck_assert_str_eq (p.text, "\xC3\x89t\xC3\xA9.");
  text_prepared_clear (&p);
}
END_TEST

/* ---- text_normalize_token -------------------------------------------------------------- */

static char *
normalize (const char *token)
{
  GString *out = g_string_new (NULL);
  text_normalize_token (token, strlen (token), out);
  return g_string_free (out, FALSE);
}

static void
assert_normalizes (const char *token, const char *expected)
{
  char *got = normalize (token);
  ck_assert_msg (strcmp (got, expected) == 0, "normalize(\"%s\") = \"%s\", expected \"%s\"",
                 token, got, expected);
  g_free (got);
}

START_TEST (test_normalize_lowercases_ascii)
{
  assert_normalizes ("HeLLo", "hello");
  assert_normalizes ("COVID-19", "covid-19");
  assert_normalizes ("S&P", "s&p");
  assert_normalizes ("already", "already");
}
END_TEST

START_TEST (test_normalize_applies_nfkc)
{
  assert_normalizes ("\xEF\xAC\x81le", "file");               /* ﬁle: ligature */
  assert_normalizes ("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc"); /* fullwidth ＡＢＣ */
  assert_normalizes ("e\xCC\x81t\xC3\xA9", "\xC3\xA9t\xC3\xA9"); /* e + combining acute */
}
END_TEST

START_TEST (test_normalize_case_folds_unicode)
{
  assert_normalizes ("Stra\xC3\x9F" "e", "strasse");           /* Straße */
  assert_normalizes ("\xC3\x89" "COLE", "\xC3\xA9" "cole");    /* ÉCOLE */
  assert_normalizes ("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90",
                     "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"); /* МОСКВА */
  /* Both spellings of one word end up the same. */
  char *a = normalize ("Stra\xC3\x9F" "e");
  char *b = normalize ("STRASSE");
  ck_assert_str_eq (a, b);
  g_free (a);
  g_free (b);
}
END_TEST

START_TEST (test_normalize_folds_typographic_apostrophes)
{
  assert_normalizes ("don\xE2\x80\x99t", "don't");             /* U+2019 */
  assert_normalizes ("Russia\xE2\x80\x99s", "russia's");
  assert_normalizes ("\xE2\x80\x98tis", "'tis");               /* U+2018 */
  assert_normalizes ("Hawai\xCA\xBCi", "hawai'i");             /* U+02BC */
  assert_normalizes ("don't", "don't");
}
END_TEST

START_TEST (test_normalize_appends_to_output)
{
  GString *out = g_string_new ("x:");
  text_normalize_token ("ABC", 3, out);
  text_normalize_token ("\xC3\x89T\xC3\x89", 5, out);
  ck_assert_str_eq (out->str, "x:abc\xC3\xA9t\xC3\xA9");
  g_string_free (out, TRUE);
}
END_TEST

START_TEST (test_normalize_uses_only_len_bytes)
{
  GString *out = g_string_new (NULL);
  text_normalize_token ("HELLO WORLD", 5, out);
  ck_assert_str_eq (out->str, "hello");
  g_string_truncate (out, 0);
  text_normalize_token ("\xC3\x89T\xC3\x89 DONE", 5, out);
  ck_assert_str_eq (out->str, "\xC3\xA9t\xC3\xA9");
  g_string_free (out, TRUE);
}
END_TEST

START_TEST (test_case_class_helpers)
{
  const char *s = "\xC3\x89t\xC3\xA9 a1";
  const char *end = s + strlen (s);
  ck_assert (text_is_upper_start (s, end));       /* É */
  ck_assert (!text_is_lower_start (s, end));
  ck_assert (text_is_lower_start (s + 2, end));   /* t */
  ck_assert (text_is_lower_start (s + 3, end));   /* é */
  ck_assert (!text_is_upper_start (s + 3, end));
  ck_assert (!text_is_upper_start (s + 7, end));  /* 1 */
  ck_assert (!text_is_lower_start (s + 7, end));
  ck_assert (!text_is_lower_start (end, end));
  ck_assert (!text_is_upper_start (end, end));
}
END_TEST

/* text_casefold is g_utf8_casefold with an ASCII fast path: the same bytes for any text. */
START_TEST (test_casefold_matches_glib)
{
  const char *samples[] = {
    "", "Hello, World. 123 ABC xyz", "Stra\xC3\x9F" "e GROSS \xE1\xBA\x9E",  /* ß, ẞ */
    "\xC4\xB0stanbul \xC4\xB1\xC5\x9F\xC4\xB1k I",               /* İ ı ş */
    "\xCE\xA3\xCE\x99\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3 \xCF\x82",  /* ΣΙΣΥΦΟΣ ς */
    "\xEF\xAC\x81nance \xE2\x84\xAA\xC3\x85", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
    "\xE6\x9D\xB1\xE4\xBA\xAC A\xF0\x9F\x98\x80Z \xC2\xB5 \xCD\x85", "caf\xC3\x89\tNA\xC3\x8FVE\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++) {
    gsize n = strlen (samples[i]);
    /* The whole string, and every prefix that ends on a character boundary. */
    for (gsize len = 0; len <= n; len++) {
      if (len < n && ((guchar) samples[i][len] & 0xC0) == 0x80)
        continue;
      char *ours = text_casefold (samples[i], (gssize) len);
      char *glib = g_utf8_casefold (samples[i], (gssize) len);
      ck_assert_msg (strcmp (ours, glib) == 0, "sample %u, %" G_GSIZE_FORMAT " bytes: <%s> vs <%s>",
                     i, len, ours, glib);
      g_free (ours);
      g_free (glib);
    }
    char *ours = text_casefold (samples[i], -1);
    char *glib = g_utf8_casefold (samples[i], -1);
    ck_assert_str_eq (ours, glib);
    g_free (ours);
    g_free (glib);
  }
}
END_TEST

START_TEST (test_fold_spaces)
{
  const struct { const char *in, *out; } cases[] = {
    { "", "" }, { "  \t\n ", "" }, { "one", "one" }, { "  one  two\n\nthree\t", "one two three" },
    { "a\xC2\xA0\xC2\xA0" "b\xE3\x80\x80" "c", "a b c" },   /* no-break and ideographic spaces */
    { "\xE2\x80\x83x\r\f\vy\xE2\x80\x83", "x y" }, { "caf\xC3\xA9  \xE6\x9D\xB1", "caf\xC3\xA9 \xE6\x9D\xB1" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    char *folded = text_fold_spaces (cases[i].in, cases[i].in + strlen (cases[i].in));
    ck_assert_str_eq (folded, cases[i].out);
    g_free (folded);
  }
  /* Only the given range is read. */
  const char *text = "one  two three";
  char *folded = text_fold_spaces (text, text + 8);
  ck_assert_str_eq (folded, "one two");
  g_free (folded);
}
END_TEST

/* Random texts of ASCII words, runs of spaces and tabs, control characters, DEL and
 * multi-byte characters (spaces among them), read at every length from the start: the same as
 * the character-by-character reading (test_fold()), across the 8-byte steps of the fast
 * path. */
START_TEST (test_fold_spaces_random)
{
  static const char *const pieces[] = {
    "a", "word", "longerword", "exactly8", "sixteen-bytes-xx", " ", "  ", "\t", "\n \n", "\r\f\v",
    "\x01", "\x1F", "\x7F", "!", "caf\xC3\xA9", "\xC2\xA0", "\xE3\x80\x80", "\xE6\x9D\xB1", "x\x0By"
  };
  GRand *rand = g_rand_new_with_seed (2026);
  for (guint round = 0; round < 3000; round++) {
    GString *text = test_random_pieces (rand, pieces, G_N_ELEMENTS (pieces), 24);
    for (gsize len = 0; len <= text->len; len++) {
      if (len < text->len && ((guchar) text->str[len] & 0xC0) == 0x80)
        continue; /* a range ends at a character boundary */
      char *got = text_fold_spaces (text->str, text->str + len);
      char *want = test_fold (text->str, (gssize) len);
      ck_assert_msg (strcmp (got, want) == 0, "round %u, %zu bytes: <%s>, want <%s>", round,
                     len, got, want);
      g_free (got);
      g_free (want);
    }
    g_string_free (text, TRUE);
  }
  g_rand_free (rand);
}
END_TEST

static Suite *
text_suite (void)
{
  Suite *s = suite_create ("text");
  TCase *prepare = tcase_create ("prepare");
  tcase_add_test (prepare, test_prepare_copies_valid_text);
  tcase_add_test (prepare, test_prepare_uses_only_len_bytes);
  tcase_add_test (prepare, test_prepare_empty_input);
  tcase_add_test (prepare, test_prepare_skips_bom_and_maps_offsets);
  tcase_add_test (prepare, test_prepare_bom_only);
  tcase_add_test (prepare, test_prepare_replaces_invalid_byte);
  tcase_add_test (prepare, test_prepare_counts_several_invalid_bytes);
  tcase_add_test (prepare, test_prepare_bom_and_invalid_byte_offsets_add_up);
  tcase_add_test (prepare, test_prepare_nul_byte_is_binary);
  tcase_add_test (prepare, test_prepare_strict_rejects_invalid_utf8);
  tcase_add_test (prepare, test_prepare_strict_accepts_valid_text_with_bom);
  suite_add_tcase (s, prepare);

  TCase *normalize_case = tcase_create ("normalize");
  tcase_add_test (normalize_case, test_normalize_lowercases_ascii);
  tcase_add_test (normalize_case, test_normalize_applies_nfkc);
  tcase_add_test (normalize_case, test_normalize_case_folds_unicode);
  tcase_add_test (normalize_case, test_normalize_folds_typographic_apostrophes);
  tcase_add_test (normalize_case, test_normalize_appends_to_output);
  tcase_add_test (normalize_case, test_normalize_uses_only_len_bytes);
  tcase_add_test (normalize_case, test_case_class_helpers);
  tcase_add_test (normalize_case, test_casefold_matches_glib);
  tcase_add_test (normalize_case, test_fold_spaces);
  tcase_add_test (normalize_case, test_fold_spaces_random);
  suite_add_tcase (s, normalize_case);
  return s;
}

ABRIDGE_TEST_MAIN (text_suite)
