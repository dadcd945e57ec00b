/* test-document.c — document.c: engines and languages, the vocabulary (words, stop words,
 * stems, terms), term statistics and the IDF formula. White-box. */
#include "abridge-test.h"
#include "abridge-private.h"
#include "arena.h"

#include <math.h>

static AbridgeEngine *engine;

static void
setup (void)
{
  engine = test_engine ("english");
}

static void
teardown (void)
{
  abridge_engine_free (engine);
  engine = NULL;
}

/* The token whose bytes are @surface (the @nth such token, from 0). */
static const Token *
token_at (const AbridgeDocument *doc, const char *surface, guint nth)
{
  gsize n = strlen (surface);
  for (guint i = 0; i < doc->tokens->len; i++) {
    const Token *t = &g_array_index (doc->tokens, Token, i);
    if (t->end - t->start == n && memcmp (doc->prepared.text + t->start, surface, n) == 0
        && nth-- == 0)
      return t;
  }
  ck_abort_msg ("no token <%s>", surface);
  return NULL;
}

/* The term with stem @stem, or NULL. */
static const Term *
term_by_stem (const AbridgeDocument *doc, const char *stem)
{
  for (guint t = 0; t < doc->terms->len; t++) {
    const Term *term = &g_array_index (doc->terms, Term, t);
    if (strcmp (term->stem, stem) == 0)
      return term;
  }
  return NULL;
}

static const Term *
assert_term (const AbridgeDocument *doc, const char *stem)
{
  const Term *term = term_by_stem (doc, stem);
  ck_assert_msg (term != NULL, "no term with stem '%s'", stem);
  return term;
}

/* ---- Engines and languages ------------------------------------------------------------- */

START_TEST (test_engine_language_names_and_codes)
{
  const char *names[][2] = { { "english", "english" }, { "en", "english" }, { "EN", "english" },
                             { "French", "french" }, { "de", "german" }, { "none", "none" },
                             { "nb", "norwegian" } };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    AbridgeEngine *e = test_engine (names[i][0]);
    ck_assert_str_eq (abridge_engine_get_language (e), names[i][1]);
    abridge_engine_free (e);
  }
  AbridgeEngine *e = test_engine (NULL);
  ck_assert_str_eq (abridge_engine_get_language (e), "english");
  abridge_engine_free (e);

  ck_assert_str_eq (abridge_language_code ("english"), "en");
  ck_assert_str_eq (abridge_language_code ("german"), "de");
  ck_assert_ptr_null (abridge_language_code ("klingon"));
}
END_TEST

START_TEST (test_engine_unknown_language_fails)
{
  GError *error = NULL;
  AbridgeEngine *e = abridge_engine_new ("klingon", &error);
  ck_assert_ptr_null (e);
  ck_assert_msg (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_LANGUAGE),
                 "unexpected error %s", error ? error->message : "(none)");
  ck_assert_msg (strstr (error->message, "klingon") != NULL, "'%s'", error->message);
  g_clear_error (&error);
  abridge_engine_free (NULL); /* ignored */
}
END_TEST

START_TEST (test_languages_list_has_english_not_none)
{
  char **names = abridge_languages ();
  ck_assert (g_strv_contains ((const char *const *) names, "english"));
  ck_assert (g_strv_contains ((const char *const *) names, "french"));
  ck_assert (!g_strv_contains ((const char *const *) names, "none"));
  for (guint i = 0; names[i]; i++) {
    /* Every listed language can make an engine and has a code. */
    AbridgeEngine *e = test_engine (names[i]);
    ck_assert_str_eq (abridge_engine_get_language (e), names[i]);
    ck_assert_ptr_nonnull (abridge_language_code (names[i]));
    abridge_engine_free (e);
  }
  g_strfreev (names);
}
END_TEST

START_TEST (test_every_language_with_stop_words_loads_them)
{
  /* The languages with a stop list compiled in: each engine knows some stop words (a list
   * that is missing from the resource bundle leaves the engine with none). */
  const char *with_lists[] = { "danish", "dutch", "english", "finnish", "french", "german",
                               "hungarian", "italian", "norwegian", "portuguese", "russian",
                               "spanish", "swedish" };
  for (guint i = 0; i < G_N_ELEMENTS (with_lists); i++) {
    AbridgeEngine *e = test_engine (with_lists[i]);
    ck_assert_msg (g_hash_table_size (e->stopwords) > 50, "%s: only %u stop words",
                   with_lists[i], g_hash_table_size (e->stopwords));
    abridge_engine_free (e);
  }
}
END_TEST

START_TEST (test_shipped_stop_lists_are_normalized)
{
  /* The stop lists are loaded as written: every word must already be in the form analysis
   * gives a token (NFKC, case folded, straight apostrophe), or it would never match. */
  char **names = abridge_languages ();
  GString *normalized = g_string_new (NULL), *wrong = g_string_new (NULL);
  guint checked = 0;
  for (guint i = 0; names[i] != NULL; i++) {
    GHashTable *words = lang_load_stopwords (names[i]);
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, words);
    while (g_hash_table_iter_next (&iter, &key, NULL)) {
      g_string_truncate (normalized, 0);
      text_normalize_token (key, strlen (key), normalized);
      if (strcmp (normalized->str, key) != 0)
        g_string_append_printf (wrong, "%s: <%s> should be <%s>\n", names[i],
                                (const char *) key, normalized->str);
      checked++;
    }
    g_hash_table_unref (words);
  }
  ck_assert_msg (wrong->len == 0, "stop words not normalized:\n%s", wrong->str);
  ck_assert_uint_gt (checked, 5000);
  g_string_free (wrong, TRUE);
  g_string_free (normalized, TRUE);
  g_strfreev (names);
}
END_TEST

START_TEST (test_document_reports_language_and_counts)
{
  AbridgeDocument *doc = test_document (engine,
    "The harbour bridge opened. See https://example.com for details.", ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_str_eq (abridge_document_get_language (doc), "english");
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), 2);
  /* 4 + 3 words; the URL is not a word. */
  ck_assert_uint_eq (abridge_document_get_word_count (doc), 7);
  ck_assert_uint_eq (abridge_document_get_invalid_count (doc), 0);
  abridge_document_free (doc);
}
END_TEST

/* The word cache's memory (engine/arena.c): blocks zeroed, aligned, apart; past the
 * reservation from malloc, and the reservation still used for what fits in it after. */
START_TEST (test_arena_blocks)
{
  const gsize mib = 1024 * 1024;
  Arena *arena = arena_new (2 * mib);
  static const gsize sizes[] = { 1, 17, 16, 1000, 4096, 100000 };
  char *blocks[G_N_ELEMENTS (sizes)];
  gsize used = 0;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    blocks[i] = arena_alloc0 (arena, sizes[i]);
    ck_assert_uint_eq ((guintptr) blocks[i] % 16, 0);
    for (gsize b = 0; b < sizes[i]; b++)
      ck_assert_int_eq (blocks[i][b], 0);
    memset (blocks[i], 'a' + (int) i, sizes[i]);
    used += (sizes[i] + 15) / 16 * 16;
  }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (gsize b = 0; b < sizes[i]; b++)
      ck_assert_int_eq (blocks[i][b], 'a' + (int) i);
  ck_assert_uint_eq (arena_used (arena), used);

  /* 1.5 MiB more fills all but about 0.4 MiB; 1 MiB then comes from malloc, and 0.3 MiB
   * still from the reservation, right after the 1.5 MiB. */
  char *big = arena_alloc0 (arena, 3 * mib / 2);
  char *spilled = arena_alloc0 (arena, mib);
  char *after = arena_alloc0 (arena, 3 * mib / 10);
  ck_assert_int_eq (spilled[mib - 1], 0);
  ck_assert_int_eq (after[3 * mib / 10 - 1], 0);
  memset (big, 'x', 3 * mib / 2);
  memset (spilled, 'y', mib);
  memset (after, 'z', 3 * mib / 10);
  ck_assert_int_eq (big[3 * mib / 2 - 1], 'x');
  ck_assert_int_eq (blocks[0][0], 'a');
  if (arena_holds (arena, blocks[0])) { /* not under AddressSanitizer: all from malloc */
    ck_assert (arena_holds (arena, big));
    ck_assert (!arena_holds (arena, spilled));
    ck_assert (arena_holds (arena, after));
    ck_assert_ptr_eq (after, big + 3 * mib / 2);
  }
  ck_assert_uint_eq (arena_used (arena), used + 3 * mib / 2 + mib + (3 * mib / 10 + 15) / 16 * 16);
  arena_free (arena);

  /* Strings packed one after another; an aligned block after them still aligned. */
  arena = arena_new (mib);
  char *one = arena_chars0 (arena, 3), *two = arena_chars0 (arena, 5);
  ck_assert (one[0] == 0 && one[2] == 0 && two[0] == 0 && two[4] == 0);
  memcpy (one, "ab", 2);
  memcpy (two, "cdef", 4);
  ck_assert_str_eq (one, "ab");
  ck_assert_str_eq (two, "cdef");
  if (arena_holds (arena, one))
    ck_assert_ptr_eq (two, one + 3);
  char *aligned = arena_alloc0 (arena, 8);
  ck_assert_uint_eq ((guintptr) aligned % 16, 0);
  ck_assert_str_eq (two, "cdef");
  arena_free (arena);

  /* No reservation: every block from malloc, zeroed. */
  arena = arena_new (0);
  char *p = arena_alloc0 (arena, 100);
  ck_assert (!arena_holds (arena, p));
  ck_assert_int_eq (p[99], 0);
  arena_free (arena);
}
END_TEST

/* ABRIDGE_ANALYZE_TIMINGS times the stages of the analysis and changes nothing else. */
START_TEST (test_document_stage_times)
{
  ck_assert_str_eq (abridge_stage_name (ABRIDGE_STAGE_PREPARE), "prepare");
  ck_assert_str_eq (abridge_stage_name (ABRIDGE_STAGE_NORMALIZE), "normalize");
  ck_assert_str_eq (abridge_stage_name (ABRIDGE_STAGE_STEM), "stem");
  ck_assert_str_eq (abridge_stage_name (ABRIDGE_STAGE_WEIGHT), "weight");
  ck_assert_ptr_null (abridge_stage_name (ABRIDGE_STAGE_COUNT));

  GString *text = g_string_new (NULL);
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "The harbour crew number %u inspected cable%u again. ", i, i % 97);

  /* Without the flag, no stage has a time. */
  AbridgeDocument *plain = test_document (engine, text->str, ABRIDGE_ANALYZE_DEFAULT);
  for (int s = 0; s < ABRIDGE_STAGE_COUNT; s++)
    ck_assert_int_eq (abridge_document_get_stage_time (plain, (AbridgeStage) s), 0);

  /* With it (the words are in the cache now, so nothing is stemmed): the same analysis, every
   * stage at least 0, stemming exactly 0, and the stages within the time of the call. */
  gint64 before = g_get_monotonic_time ();
  AbridgeDocument *timed = test_document (engine, text->str, ABRIDGE_ANALYZE_TIMINGS);
  gint64 elapsed_ns = (g_get_monotonic_time () - before + 1) * 1000;
  ck_assert_uint_eq (abridge_document_get_sentence_count (timed),
                     abridge_document_get_sentence_count (plain));
  ck_assert_uint_eq (abridge_document_get_word_count (timed),
                     abridge_document_get_word_count (plain));
  ck_assert_uint_eq (timed->terms->len, plain->terms->len);
  for (guint t = 0; t < plain->terms->len; t++)
    ck_assert_str_eq (g_array_index (timed->terms, Term, t).stem,
                      g_array_index (plain->terms, Term, t).stem);
  gint64 sum = 0;
  for (int s = 0; s < ABRIDGE_STAGE_COUNT; s++) {
    gint64 ns = abridge_document_get_stage_time (timed, (AbridgeStage) s);
    ck_assert_msg (ns >= 0, "stage %s: %" G_GINT64_FORMAT " ns", abridge_stage_name (s), ns);
    sum += ns;
  }
  ck_assert_int_eq (abridge_document_get_stage_time (timed, ABRIDGE_STAGE_STEM), 0);
  ck_assert_int_gt (sum, 0);
  ck_assert_int_le (sum, elapsed_ns);
  abridge_document_free (timed);
  abridge_document_free (plain);

  /* A fresh engine meets every word for the first time: stemming takes time then, and is not
   * counted in normalize as well (the stages still fit in the call). */
  AbridgeEngine *fresh = test_engine ("english");
  before = g_get_monotonic_time ();
  timed = test_document (fresh, text->str, ABRIDGE_ANALYZE_TIMINGS);
  elapsed_ns = (g_get_monotonic_time () - before + 1) * 1000;
  sum = 0;
  for (int s = 0; s < ABRIDGE_STAGE_COUNT; s++)
    sum += abridge_document_get_stage_time (timed, (AbridgeStage) s);
  ck_assert_int_ge (abridge_document_get_stage_time (timed, ABRIDGE_STAGE_STEM), 0);
  ck_assert_int_ge (abridge_document_get_stage_time (timed, ABRIDGE_STAGE_NORMALIZE), 0);
  ck_assert_int_le (sum, elapsed_ns);
  abridge_document_free (timed);
  abridge_engine_free (fresh);
  g_string_free (text, TRUE);
}
END_TEST

START_TEST (test_document_uses_explicit_length)
{
  const char text[] = "The bridge opened. The river rose.";
  GError *error = NULL;
  AbridgeDocument *doc = abridge_document_new (engine, text, 18, ABRIDGE_ANALYZE_DEFAULT, &error);
  ck_assert_ptr_nonnull (doc);
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), 1);
  ck_assert_ptr_null (term_by_stem (doc, "river"));
  abridge_document_free (doc);

  /* NULL text with length 0 is an empty document. */
  doc = abridge_document_new (engine, NULL, 0, ABRIDGE_ANALYZE_DEFAULT, &error);
  ck_assert_ptr_nonnull (doc);
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), 0);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_document_errors)
{
  GError *error = NULL;
  ck_assert_ptr_null (abridge_document_new (engine, "a\0b", 3, ABRIDGE_ANALYZE_DEFAULT, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_BINARY));
  g_clear_error (&error);

  ck_assert_ptr_null (abridge_document_new (engine, "caf\xE9.", -1, ABRIDGE_ANALYZE_STRICT,
                                            &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_UTF8));
  g_clear_error (&error);

  AbridgeDocument *doc = abridge_document_new (engine, "caf\xE9.", -1, ABRIDGE_ANALYZE_DEFAULT,
                                               &error);
  ck_assert_ptr_nonnull (doc);
  ck_assert_uint_eq (abridge_document_get_invalid_count (doc), 1);
  ck_assert_uint_eq (abridge_document_get_first_invalid_offset (doc), 3);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_document_max_bytes)
{
  const char *text = "The bridge opened on Monday.";  /* 28 bytes */
  GError *error = NULL;
  abridge_engine_set_max_bytes (engine, 27);
  ck_assert_ptr_null (abridge_document_new (engine, text, -1, ABRIDGE_ANALYZE_DEFAULT, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE));
  g_clear_error (&error);

  abridge_engine_set_max_bytes (engine, 28);
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  abridge_document_free (doc);

  abridge_engine_set_max_bytes (engine, 0); /* no limit */
  doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  abridge_document_free (doc);
}
END_TEST

/* ---- Vocabulary ------------------------------------------------------------------------ */

START_TEST (test_vocabulary_case_variants_share_one_term)
{
  AbridgeDocument *doc = test_document (engine, "Bridge bridge BRIDGE. The bridge held.",
                                        ABRIDGE_ANALYZE_DEFAULT);
  guint term = token_at (doc, "Bridge", 0)->term;
  ck_assert_uint_ne (term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "bridge", 0)->term, term);
  ck_assert_uint_eq (token_at (doc, "BRIDGE", 0)->term, term);
  ck_assert_uint_eq (token_at (doc, "bridge", 1)->term, term);
  /* Distinct spellings are distinct words, with the same normalized form. */
  const Token *a = token_at (doc, "Bridge", 0), *b = token_at (doc, "BRIDGE", 0);
  ck_assert_uint_ne (a->word, b->word);
  ck_assert_str_eq (g_array_index (doc->words, Word, a->word).normalized, "bridge");
  ck_assert_str_eq (g_array_index (doc->words, Word, b->word).normalized, "bridge");
  /* The same spelling twice is one word. */
  ck_assert_uint_eq (token_at (doc, "bridge", 0)->word, token_at (doc, "bridge", 1)->word);
  ck_assert_uint_eq (assert_term (doc, "bridg")->frequency, 4);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_vocabulary_unicode_case_variants_share_one_term)
{
  AbridgeDocument *doc = test_document (engine,
    "\xC3\x89" "cole and \xC3\xA9" "cole. The STRASSE and the Stra\xC3\x9F" "e.",
    ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (token_at (doc, "\xC3\x89" "cole", 0)->term,
                     token_at (doc, "\xC3\xA9" "cole", 0)->term);
  ck_assert_uint_eq (token_at (doc, "STRASSE", 0)->term,
                     token_at (doc, "Stra\xC3\x9F" "e", 0)->term);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_vocabulary_stop_words_have_no_term)
{
  AbridgeDocument *doc = test_document (engine, "The bridge and THE river are old.",
                                        ABRIDGE_ANALYZE_DEFAULT);
  const char *stops[] = { "The", "and", "THE", "are" };
  for (guint i = 0; i < G_N_ELEMENTS (stops); i++) {
    const Token *t = token_at (doc, stops[i], 0);
    ck_assert_msg (t->term == G_MAXUINT, "stop word <%s> has a term", stops[i]);
    ck_assert (t->flags & TOKEN_STOP);
    ck_assert (g_array_index (doc->words, Word, t->word).stop);
  }
  const char *content[] = { "bridge", "river", "old" };
  for (guint i = 0; i < G_N_ELEMENTS (content); i++) {
    const Token *t = token_at (doc, content[i], 0);
    ck_assert_msg (t->term != G_MAXUINT, "<%s> has no term", content[i]);
    ck_assert (!(t->flags & TOKEN_STOP));
  }
  ck_assert_uint_eq (doc->terms->len, 3);
  ck_assert_ptr_null (term_by_stem (doc, "the"));
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_vocabulary_single_letters_are_stop_words)
{
  AbridgeDocument *doc = test_document (engine, "J. K. Rowling wrote plan B.",
                                        ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (token_at (doc, "J", 0)->term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "K", 0)->term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "B", 0)->term, G_MAXUINT);
  ck_assert_uint_ne (token_at (doc, "Rowling", 0)->term, G_MAXUINT);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_vocabulary_stems_group_inflections)
{
  AbridgeDocument *doc = test_document (engine,
    "The talks went well. They talk daily. Talking helps, and they talked again.",
    ABRIDGE_ANALYZE_DEFAULT);
  guint term = token_at (doc, "talks", 0)->term;
  ck_assert_uint_ne (term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "talk", 0)->term, term);
  ck_assert_uint_eq (token_at (doc, "Talking", 0)->term, term);
  ck_assert_uint_eq (token_at (doc, "talked", 0)->term, term);
  ck_assert_str_eq (g_array_index (doc->terms, Term, term).stem, "talk");
  ck_assert_uint_eq (g_array_index (doc->terms, Term, term).frequency, 4);
  ck_assert_uint_eq (g_array_index (doc->terms, Term, term).sentence_df, 3);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_vocabulary_numbers_and_urls)
{
  AbridgeDocument *doc = test_document (engine, "Prices rose 3.5% in 2024. See https://example.com.",
                                        ABRIDGE_ANALYZE_DEFAULT);
  /* Numbers are terms (not stemmed), URLs are not. */
  ck_assert_uint_ne (token_at (doc, "2024", 0)->term, G_MAXUINT);
  ck_assert_ptr_nonnull (term_by_stem (doc, "2024"));
  ck_assert_ptr_nonnull (term_by_stem (doc, "3.5%"));
  ck_assert_uint_eq (token_at (doc, "https://example.com", 0)->term, G_MAXUINT);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_vocabulary_language_none_keeps_every_word)
{
  AbridgeEngine *none = test_engine ("none");
  AbridgeDocument *doc = test_document (none, "The talks and the talk.", ABRIDGE_ANALYZE_DEFAULT);
  /* No stop words, no stemming: "the", "talks", "and", "talk" are four terms. */
  ck_assert_uint_eq (doc->terms->len, 4);
  ck_assert_uint_ne (token_at (doc, "The", 0)->term, G_MAXUINT);
  ck_assert_uint_ne (token_at (doc, "talks", 0)->term, token_at (doc, "talk", 0)->term);
  ck_assert_uint_eq (token_at (doc, "The", 0)->term, token_at (doc, "the", 0)->term);
  ck_assert_uint_eq (assert_term (doc, "the")->frequency, 2);
  abridge_document_free (doc);
  abridge_engine_free (none);
}
END_TEST

START_TEST (test_vocabulary_of_many_distinct_words)
{
  /* Thousands of distinct words, each twice (the document's word table grows many times over):
   * every token maps to its own word, and both occurrences to the same one. */
  AbridgeEngine *none = test_engine ("none");
  GString *text = g_string_new (NULL);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 3000; i++)
      g_string_append_printf (text, "w%ux%s", i * 7919u, i % 10 == 9 ? ". " : " ");
  AbridgeDocument *doc = test_document (none, text->str, ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (doc->tokens->len, 6000);
  ck_assert_uint_eq (doc->words->len, 3000);
  ck_assert_uint_eq (doc->terms->len, 3000);
  for (guint i = 0; i < doc->tokens->len; i++) {
    const Token *t = &g_array_index (doc->tokens, Token, i);
    const Word *w = &g_array_index (doc->words, Word, t->word);
    ck_assert_uint_eq (t->word, i % 3000);
    ck_assert_uint_eq (strlen (w->normalized), t->end - t->start);
    ck_assert (memcmp (w->normalized, doc->prepared.text + t->start, t->end - t->start) == 0);
    ck_assert_uint_eq (t->term, w->term);
  }
  abridge_document_free (doc);
  g_string_free (text, TRUE);
  abridge_engine_free (none);
}
END_TEST

/* Words are told apart by an 8-byte prefix and the bytes after it: words that share their
 * first 8 bytes, that differ only in their last byte or only past the eighth, and words of 1 to
 * 12 bytes that are prefixes of each other each get their own word, in one document and again
 * from the thread's cache in the next. */
START_TEST (test_vocabulary_words_sharing_prefixes)
{
  static const char *const words[] = {
    "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi",
    "abcdefghij", "abcdefghijk", "abcdefghijkl", "abcdefghijkz", "abcdefghijzl", "abcdefgz",
    "abcdefzh", "abcdefz", "abcdz", "abcz", "zbc", "azc", "abz", "azcdefghijkl", NULL
  };
  AbridgeEngine *none = test_engine ("none");
  GString *text = g_string_new (NULL);
  for (guint i = 0; words[i]; i++)
    g_string_append_printf (text, "%s ", words[i]);
  g_string_append (text, ". ");
  for (guint i = 0; words[i]; i++)
    g_string_append_printf (text, "%s ", words[i]);
  for (guint round = 0; round < 2; round++) {
    AbridgeDocument *doc = test_document (none, text->str, ABRIDGE_ANALYZE_DEFAULT);
    guint n = g_strv_length ((char **) words);
    ck_assert_uint_eq (doc->tokens->len, 2 * n);
    ck_assert_uint_eq (doc->words->len, n);
    for (guint i = 0; i < doc->tokens->len; i++) {
      const Token *t = &g_array_index (doc->tokens, Token, i);
      ck_assert_uint_eq (t->word, i % n);
      ck_assert_str_eq (g_array_index (doc->words, Word, t->word).normalized, words[i % n]);
    }
    abridge_document_free (doc);
  }
  g_string_free (text, TRUE);

  /* Near the end of the text, a word's prefix is read another way: the same word there and
   * earlier is still one word. */
  AbridgeDocument *doc = test_document (none, "abc xyz abcdefghij abc", ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (doc->words->len, 3);
  ck_assert_uint_eq (g_array_index (doc->tokens, Token, 3).word,
                     g_array_index (doc->tokens, Token, 0).word);
  abridge_document_free (doc);
  abridge_engine_free (none);
}
END_TEST

START_TEST (test_custom_stop_words_extend_and_replace)
{
  const char *extra[] = { " Bridge ", "\xC3\x89" "COLE", NULL };
  abridge_engine_set_stopwords (engine, extra, FALSE);
  AbridgeDocument *doc = test_document (engine, "The bridge near the \xC3\xA9" "cole opened.",
                                        ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (token_at (doc, "bridge", 0)->term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "\xC3\xA9" "cole", 0)->term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "The", 0)->term, G_MAXUINT);   /* still a stop word */
  ck_assert_uint_ne (token_at (doc, "opened", 0)->term, G_MAXUINT);
  abridge_document_free (doc);

  const char *only[] = { "opened", NULL };
  abridge_engine_set_stopwords (engine, only, TRUE);
  doc = test_document (engine, "The bridge near the \xC3\xA9" "cole opened.",
                       ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_ne (token_at (doc, "The", 0)->term, G_MAXUINT);   /* replaced */
  ck_assert_uint_ne (token_at (doc, "bridge", 0)->term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "opened", 0)->term, G_MAXUINT);
  abridge_document_free (doc);
}
END_TEST

/* Each engine keeps what analysis learned of each word (document.c's word cache): engines with
 * different stop words used in turn on one thread must each keep theirs, also when more engines
 * are in use than a thread keeps stem marks for. */
START_TEST (test_engines_in_turn_keep_their_own_stop_words)
{
  const char *text = "The bridge by the river mill opened.";
  const char *words[] = { "bridge", "river", "mill", "opened", "the" };
  AbridgeEngine *engines[G_N_ELEMENTS (words)];
  for (guint e = 0; e < G_N_ELEMENTS (words); e++) {
    engines[e] = test_engine ("english");
    const char *extra[] = { words[e], NULL };
    abridge_engine_set_stopwords (engines[e], extra, e == G_N_ELEMENTS (words) - 1);
  }
  for (guint round = 0; round < 3; round++) {
    for (guint e = 0; e < G_N_ELEMENTS (words); e++) {
      AbridgeDocument *doc = test_document (engines[e], text, ABRIDGE_ANALYZE_DEFAULT);
      for (guint w = 0; w + 1 < G_N_ELEMENTS (words); w++) {
        gboolean stop = w == e;
        ck_assert_msg ((token_at (doc, words[w], 0)->term == G_MAXUINT) == stop,
                       "engine %u, round %u: '%s' should %sbe a stop word", e, round, words[w],
                       stop ? "" : "not ");
      }
      /* The last engine's list is only "the"; the others keep the built-in list. */
      ck_assert_uint_eq (token_at (doc, "The", 0)->term, G_MAXUINT);
      ck_assert_uint_eq (token_at (doc, "by", 0)->term == G_MAXUINT,
                         e + 1 < G_N_ELEMENTS (words));
      abridge_document_free (doc);
    }
  }
  /* Changing the stop words of an engine in use applies to its next document. */
  const char *mill[] = { "mill", NULL };
  abridge_engine_set_stopwords (engines[0], mill, FALSE);
  AbridgeDocument *doc = test_document (engines[0], text, ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (token_at (doc, "mill", 0)->term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "bridge", 0)->term, G_MAXUINT);
  ck_assert_uint_ne (token_at (doc, "opened", 0)->term, G_MAXUINT);
  ck_assert_str_eq (assert_term (doc, "open")->stem, "open");
  abridge_document_free (doc);
  for (guint e = 0; e < G_N_ELEMENTS (words); e++)
    abridge_engine_free (engines[e]);
}
END_TEST

typedef struct {
  const AbridgeEngine *engine;
  gboolean stop;           /* result: "bridge" is a stop word */
  GAsyncQueue *done;
} BridgeJob;

static void
analyze_bridge (gpointer data, gpointer user_data G_GNUC_UNUSED)
{
  BridgeJob *job = data;
  AbridgeDocument *doc = test_document (job->engine, "The bridge opened.", ABRIDGE_ANALYZE_DEFAULT);
  job->stop = token_at (doc, "bridge", 0)->term == G_MAXUINT;
  abridge_document_free (doc);
  g_async_queue_push (job->done, job);
}

/* A worker thread outlives the engines it analyzes for: an engine made after another was
 * freed (often at the same address) must not see what the thread learned for the old one. */
START_TEST (test_worker_thread_sees_each_new_engine_afresh)
{
  GThreadPool *pool = g_thread_pool_new (analyze_bridge, NULL, 1, TRUE, NULL);
  GAsyncQueue *done = g_async_queue_new ();
  for (guint round = 0; round < 6; round++) {
    AbridgeEngine *e = test_engine ("english");
    if (round % 2 == 1) {
      const char *extra[] = { "bridge", NULL };
      abridge_engine_set_stopwords (e, extra, FALSE);
    }
    BridgeJob job = { e, FALSE, done };
    g_thread_pool_push (pool, &job, NULL);
    ck_assert_ptr_eq (g_async_queue_pop (done), &job);
    ck_assert_msg (job.stop == (round % 2 == 1), "round %u", round);
    abridge_engine_free (e);
  }
  g_thread_pool_free (pool, FALSE, TRUE);
  g_async_queue_unref (done);
}
END_TEST

/* A text of @count words made of 'q' and four letters, the @first-th such word on, in steps of
 * @step (mod 26^4): different words, which the English stemmer sometimes gives one stem. */
static char *
synthetic_words (guint first, guint count, guint step)
{
  GString *text = g_string_sized_new ((gsize) count * 6 + 2);
  for (guint i = 0; i < count; i++) {
    guint v = (first + i * step) % (26 * 26 * 26 * 26);
    char w[6] = { 'q', 'a' + v / (26 * 26 * 26), 'a' + v / (26 * 26) % 26, 'a' + v / 26 % 26,
                  'a' + v % 26, ' ' };
    g_string_append_len (text, w, 6);
  }
  g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

/* Do @a and @b, of the same text, have the same words, stop flags and terms (in order)? If
 * not, *@why says where they differ. */
static gboolean
same_vocabulary (const AbridgeDocument *a, const AbridgeDocument *b, char **why)
{
  if (a->tokens->len != b->tokens->len || a->words->len != b->words->len
      || a->terms->len != b->terms->len) {
    *why = g_strdup_printf ("%u/%u tokens, %u/%u words, %u/%u terms", a->tokens->len,
                            b->tokens->len, a->words->len, b->words->len, a->terms->len,
                            b->terms->len);
    return FALSE;
  }
  for (guint i = 0; i < a->words->len; i++) {
    const Word *x = &g_array_index (a->words, Word, i), *y = &g_array_index (b->words, Word, i);
    if (strcmp (x->normalized, y->normalized) != 0 || x->stop != y->stop || x->term != y->term) {
      *why = g_strdup_printf ("word %u: <%s> %u %u, <%s> %u %u", i, x->normalized, x->stop,
                              x->term, y->normalized, y->stop, y->term);
      return FALSE;
    }
  }
  for (guint t = 0; t < a->terms->len; t++) {
    const char *x = g_array_index (a->terms, Term, t).stem, *y = g_array_index (b->terms, Term, t).stem;
    if (strcmp (x, y) != 0) {
      *why = g_strdup_printf ("term %u: <%s>, <%s>", t, x, y);
      return FALSE;
    }
  }
  return TRUE;
}

/* What an engine learned of words it has seen (its word cache) is bounded: a vocabulary
 * larger than the bound makes the engine start a new cache, and documents analyzed before,
 * across and after that are analyzed as a fresh engine analyzes them. */
START_TEST (test_vocabulary_larger_than_the_word_cache)
{
  char *texts[] = { synthetic_words (0, 1000, 1), synthetic_words (7, 300000, 1),
                    synthetic_words (11, 1000, 1), synthetic_words (0, 1000, 1) };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
    AbridgeDocument *doc = test_document (engine, texts[i], ABRIDGE_ANALYZE_DEFAULT);
    AbridgeEngine *fresh = test_engine ("english");
    AbridgeDocument *want = test_document (fresh, texts[i], ABRIDGE_ANALYZE_DEFAULT);
    char *why = NULL;
    ck_assert_msg (same_vocabulary (doc, want, &why), "text %u: %s", i, why);
    abridge_document_free (want);
    abridge_engine_free (fresh);
    abridge_document_free (doc);
  }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (texts[i]);
}
END_TEST

#define WORDS_THREADS 4
#define WORDS_TEXTS 3

typedef struct {
  const AbridgeEngine *engine;
  char **texts;
  AbridgeDocument **want;
  char *why;               /* result: NULL when every document came out as wanted */
} WordsJob;

static gpointer
analyze_texts (gpointer data)
{
  WordsJob *job = data;
  for (guint i = 0; i < WORDS_TEXTS && job->why == NULL; i++) {
    AbridgeDocument *doc = abridge_document_new (job->engine, job->texts[i], -1,
                                                 ABRIDGE_ANALYZE_DEFAULT, NULL);
    char *why = NULL;
    if (doc == NULL)
      job->why = g_strdup_printf ("text %u: no document", i);
    else if (!same_vocabulary (doc, job->want[i], &why))
      job->why = g_strdup_printf ("text %u: %s", i, why);
    g_free (why);
    abridge_document_free (doc);
  }
  return NULL;
}

/* Threads that meet the same new words at the same time (each in its own order, so that the
 * cache they share grows while they look words up in it) get the words a fresh engine gives. */
START_TEST (test_threads_meeting_new_words_at_once)
{
  char *texts[WORDS_THREADS][WORDS_TEXTS];
  AbridgeDocument *want[WORDS_THREADS][WORDS_TEXTS];
  AbridgeEngine *fresh = test_engine ("english");
  for (guint t = 0; t < WORDS_THREADS; t++)
    for (guint i = 0; i < WORDS_TEXTS; i++) {
      texts[t][i] = synthetic_words (t * 997 + i * 20000, 20000, 1 + 2 * t);
      want[t][i] = test_document (fresh, texts[t][i], ABRIDGE_ANALYZE_DEFAULT);
    }
  abridge_engine_free (fresh);

  WordsJob jobs[WORDS_THREADS];
  GThread *threads[WORDS_THREADS];
  for (guint t = 0; t < WORDS_THREADS; t++) {
    jobs[t] = (WordsJob) { engine, texts[t], want[t], NULL };
    threads[t] = g_thread_new ("words", analyze_texts, &jobs[t]);
  }
  for (guint t = 0; t < WORDS_THREADS; t++)
    g_thread_join (threads[t]);
  for (guint t = 0; t < WORDS_THREADS; t++) {
    ck_assert_msg (jobs[t].why == NULL, "thread %u, %s", t, jobs[t].why);
    for (guint i = 0; i < WORDS_TEXTS; i++) {
      abridge_document_free (want[t][i]);
      g_free (texts[t][i]);
    }
  }
}
END_TEST

/* ---- Auto engines and other languages --------------------------------------------------- */

START_TEST (test_auto_engine_reports_auto_and_document_languages)
{
  AbridgeEngine *any = test_engine ("auto");
  ck_assert_str_eq (abridge_engine_get_language (any), "auto");
  AbridgeDocument *doc = test_document (any,
    "Le conseil municipal a voté le budget de la ville pour l'année prochaine.", 0);
  ck_assert_str_eq (abridge_document_get_language (doc), "french");
  ck_assert_uint_eq (token_at (doc, "le", 0)->term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "l'", 0)->term, G_MAXUINT);
  ck_assert_ptr_nonnull (term_by_stem (doc, "budget"));
  ck_assert_ptr_nonnull (term_by_stem (doc, "anné"));
  abridge_document_free (doc);
  abridge_engine_free (any);
}
END_TEST

START_TEST (test_auto_engine_custom_stop_words_apply_to_every_language)
{
  AbridgeEngine *any = test_engine ("auto");
  const char *extra[] = { "budget", NULL };
  abridge_engine_set_stopwords (any, extra, FALSE);
  AbridgeDocument *doc = test_document (any,
    "Le conseil municipal a voté le budget de la ville pour l'année prochaine.", 0);
  ck_assert_uint_eq (token_at (doc, "budget", 0)->term, G_MAXUINT);
  ck_assert_uint_eq (token_at (doc, "le", 0)->term, G_MAXUINT);
  abridge_document_free (doc);
  doc = test_document (any, "The council approved the budget of the town for the next year.", 0);
  ck_assert_str_eq (abridge_document_get_language (doc), "english");
  ck_assert_uint_eq (token_at (doc, "budget", 0)->term, G_MAXUINT);
  abridge_document_free (doc);
  /* Replacing: detection still works (it keeps the built-in lists). */
  const char *only[] = { "council", NULL };
  abridge_engine_set_stopwords (any, only, TRUE);
  doc = test_document (any, "The council approved the budget of the town for the next year.", 0);
  ck_assert_str_eq (abridge_document_get_language (doc), "english");
  ck_assert_uint_eq (token_at (doc, "council", 0)->term, G_MAXUINT);
  ck_assert_uint_ne (token_at (doc, "the", 0)->term, G_MAXUINT);
  abridge_document_free (doc);
  abridge_engine_free (any);
}
END_TEST

START_TEST (test_auto_engine_model_weighs_only_its_language)
{
  AbridgeEngine *french = test_engine ("french");
  AbridgeIdf *model = abridge_idf_new (french);
  const char *corpus[] = { "Le budget de la ville augmente.", "La ville construit un pont.",
                           "Le pont est fermé.", NULL };
  for (guint i = 0; corpus[i]; i++) {
    AbridgeDocument *d = test_document (french, corpus[i], ABRIDGE_ANALYZE_NO_TITLE);
    ck_assert (abridge_idf_add_document (model, d, NULL));
    abridge_document_free (d);
  }
  AbridgeEngine *any = test_engine ("auto");
  /* Until abridge_engine_set_idf() accepts a model of any language on an auto engine. */
  if (!abridge_engine_set_idf (any, model, NULL))
    any->idf = idf_ref (model);

  AbridgeDocument *doc = test_document (any,
    "Le conseil municipal a voté le budget de la ville pour l'année prochaine.", 0);
  ck_assert_str_eq (abridge_document_get_language (doc), "french");
  ck_assert_double_eq_tol (assert_term (doc, "vill")->idf, document_idf (2, 3), 1e-12);
  ck_assert_double_eq_tol (assert_term (doc, "budget")->idf, document_idf (1, 3), 1e-12);
  abridge_document_free (doc);

  /* An English document: in-document weights (its sentences), not the French model. */
  doc = test_document (any, "The town budget grew. The town built a bridge.", 0);
  ck_assert_str_eq (abridge_document_get_language (doc), "english");
  ck_assert_double_eq_tol (assert_term (doc, "town")->idf, document_idf (2, 2), 1e-12);
  ck_assert_double_eq_tol (assert_term (doc, "budget")->idf, document_idf (1, 2), 1e-12);
  abridge_document_free (doc);
  abridge_engine_free (any);
  abridge_engine_free (french);
  abridge_idf_free (model);
}
END_TEST

START_TEST (test_document_like_keeps_the_language)
{
  AbridgeEngine *any = test_engine ("auto");
  AbridgeDocument *doc = test_document (any,
    "Les enfants mangeaient des pommes dans le jardin de leurs grands-parents.", 0);
  /* A short query alone would be "none"; analyzed like the document, it is French. */
  AbridgeDocument *query = document_new_like (doc, "pommes mangées", -1, 0, NULL);
  ck_assert_str_eq (abridge_document_get_language (query), "french");
  ck_assert_ptr_nonnull (term_by_stem (query, "pomm"));
  abridge_document_free (query);
  abridge_document_free (doc);
  abridge_engine_free (any);
}
END_TEST

START_TEST (test_elided_words_and_bigrams_in_the_vocabulary)
{
  AbridgeEngine *italian = test_engine ("italian");
  AbridgeDocument *doc = test_document (italian, "Dell'anno e dell'ora, l'anno.", 0);
  /* "Dell'" and "dell'" are one stop word "dell"; "anno" is one term. */
  const Token *a = token_at (doc, "Dell'", 0), *b = token_at (doc, "dell'", 0);
  ck_assert_str_eq (g_array_index (doc->words, Word, a->word).normalized, "dell");
  ck_assert_str_eq (g_array_index (doc->words, Word, b->word).normalized, "dell");
  ck_assert (a->flags & TOKEN_STOP);
  ck_assert (a->flags & TOKEN_ELIDED);
  ck_assert_uint_eq (assert_term (doc, "anno")->frequency, 2);
  ck_assert_uint_eq (abridge_document_get_word_count (doc), 7);
  abridge_document_free (doc);
  abridge_engine_free (italian);

  /* 日本的首都 (5 characters): 4 bigram terms, 5 words. */
  doc = test_document (engine, "\xE6\x97\xA5\xE6\x9C\xAC\xE7\x9A\x84\xE9\xA6\x96\xE9\x83\xBD", 0);
  ck_assert_uint_eq (doc->terms->len, 4);
  ck_assert_uint_eq (abridge_document_get_word_count (doc), 5);
  ck_assert_ptr_nonnull (term_by_stem (doc, "\xE6\x97\xA5\xE6\x9C\xAC")); /* 日本 */
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_romanian_cedilla_and_comma_letters_are_one_spelling)
{
  AbridgeEngine *romanian = test_engine ("romanian");
  /* "și" with a comma below and "şi" with a cedilla: both the stop word; "ţară" and "țară"
   * one term. */
  AbridgeDocument *doc = test_document (romanian,
    "\xC8\x9B" "ara \xC8\x99i \xC5\xA3" "ara \xC5\x9Fi munții.", 0);
  ck_assert (token_at (doc, "\xC8\x99i", 0)->flags & TOKEN_STOP);
  ck_assert (token_at (doc, "\xC5\x9Fi", 0)->flags & TOKEN_STOP);
  ck_assert_uint_eq (token_at (doc, "\xC8\x9B" "ara", 0)->term, token_at (doc, "\xC5\xA3" "ara", 0)->term);
  abridge_document_free (doc);
  abridge_engine_free (romanian);
}
END_TEST

/* ---- Term statistics ------------------------------------------------------------------- */

START_TEST (test_term_frequency_and_sentence_df)
{
  AbridgeDocument *doc = test_document (engine,
    "Solar panels power the school. The school talks about solar power. "
    "Talks continue, and they talked about talking.", ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), 3);
  struct { const char *stem; guint frequency, sentence_df, first_sentence; } expected[] = {
    { "solar", 2, 2, 0 }, { "panel", 1, 1, 0 }, { "power", 2, 2, 0 }, { "school", 2, 2, 0 },
    { "talk", 4, 2, 1 },  { "continu", 1, 1, 2 },
  };
  ck_assert_uint_eq (doc->terms->len, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    const Term *t = assert_term (doc, expected[i].stem);
    ck_assert_msg (t->frequency == expected[i].frequency, "%s: frequency %u, expected %u",
                   t->stem, t->frequency, expected[i].frequency);
    ck_assert_msg (t->sentence_df == expected[i].sentence_df, "%s: sentence_df %u, expected %u",
                   t->stem, t->sentence_df, expected[i].sentence_df);
    ck_assert_uint_eq (t->first_sentence, expected[i].first_sentence);
    /* Without a model, IDF is over the document's sentences: n = 3. */
    ck_assert_double_eq_tol (t->idf, log (4.0 / (1.0 + t->sentence_df)) + 1.0, 1e-12);
  }
  ck_assert_double_eq_tol (assert_term (doc, "solar")->idf, log (4.0 / 3.0) + 1.0, 1e-12);
  ck_assert_double_eq_tol (assert_term (doc, "panel")->idf, log (2.0) + 1.0, 1e-12);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_term_ids_are_dense_and_tokens_agree_with_words)
{
  gsize length;
  char *text = test_corpus_file ("news-harbour-bridge.txt", &length);
  AbridgeDocument *doc = abridge_document_new (engine, text, (gssize) length,
                                               ABRIDGE_ANALYZE_DEFAULT, NULL);
  ck_assert_ptr_nonnull (doc);
  guint *seen = g_new0 (guint, doc->terms->len);
  for (guint i = 0; i < doc->tokens->len; i++) {
    const Token *t = &g_array_index (doc->tokens, Token, i);
    ck_assert_uint_lt (t->word, doc->words->len);
    const Word *w = &g_array_index (doc->words, Word, t->word);
    ck_assert_uint_eq (t->term, w->term);
    if (t->term != G_MAXUINT) {
      ck_assert_uint_lt (t->term, doc->terms->len);
      seen[t->term]++;
    }
  }
  for (guint t = 0; t < doc->terms->len; t++) {
    const Term *term = &g_array_index (doc->terms, Term, t);
    ck_assert_uint_eq (seen[t], term->frequency);
    ck_assert_uint_ge (term->frequency, term->sentence_df);
    ck_assert_uint_ge (term->sentence_df, 1);
  }
  g_free (seen);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

/* ---- IDF formula ----------------------------------------------------------------------- */

START_TEST (test_document_idf_arithmetic)
{
  ck_assert_double_eq_tol (document_idf (1, 3), log (2.0) + 1.0, 1e-12);
  ck_assert_double_eq_tol (document_idf (1, 3), 1.6931471805599453, 1e-12);
  ck_assert_double_eq_tol (document_idf (3, 3), 1.0, 1e-12);
  ck_assert_double_eq_tol (document_idf (0, 0), 1.0, 1e-12);
  ck_assert_double_eq_tol (document_idf (0, 9), log (10.0) + 1.0, 1e-12);
  ck_assert_double_eq_tol (document_idf (4, 9), log (2.0) + 1.0, 1e-12);
  ck_assert_double_eq_tol (document_idf (99, 999), log (10.0) + 1.0, 1e-12);
  /* Rarer terms weigh more. */
  ck_assert (document_idf (1, 100) > document_idf (2, 100));
  ck_assert (document_idf (2, 100) > document_idf (100, 100));
  /* Large counts stay finite. */
  ck_assert (isfinite (document_idf (1, G_GUINT64_CONSTANT (1) << 40)));
}
END_TEST

START_TEST (test_sentence_text_folds_whitespace)
{
  AbridgeDocument *doc = test_document (engine, "One  two\tthree\n four. Five.",
                                        ABRIDGE_ANALYZE_DEFAULT);
  char *s = document_sentence_text (doc, 0);
  ck_assert_str_eq (s, "One two three four.");
  g_free (s);
  abridge_document_free (doc);
}
END_TEST

/* ---- Threads --------------------------------------------------------------------------- */

typedef struct {
  const AbridgeEngine *engine;
  const char *text;
  gsize length;
  guint sentences, words, terms;
} Job;

static gpointer
analyze_job (gpointer data)
{
  Job *job = data;
  for (int round = 0; round < 5; round++) {
    AbridgeDocument *doc = abridge_document_new (job->engine, job->text, (gssize) job->length,
                                                 ABRIDGE_ANALYZE_DEFAULT, NULL);
    if (doc == NULL)
      return GINT_TO_POINTER (1);
    gboolean same = abridge_document_get_sentence_count (doc) == job->sentences
                    && abridge_document_get_word_count (doc) == job->words
                    && doc->terms->len == job->terms;
    abridge_document_free (doc);
    if (!same)
      return GINT_TO_POINTER (1);
  }
  return NULL;
}

START_TEST (test_one_engine_analyzes_in_several_threads)
{
  gsize length;
  char *text = test_corpus_file ("tech-write-ahead-log.txt", &length);
  AbridgeDocument *doc = abridge_document_new (engine, text, (gssize) length,
                                               ABRIDGE_ANALYZE_DEFAULT, NULL);
  Job job = { engine, text, length, abridge_document_get_sentence_count (doc),
              abridge_document_get_word_count (doc), doc->terms->len };
  abridge_document_free (doc);
  GThread *threads[4];
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("analyze", analyze_job, &job);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    ck_assert_ptr_null (g_thread_join (threads[i]));
  g_free (text);
}
END_TEST

static Suite *
document_suite (void)
{
  Suite *s = suite_create ("document");

  TCase *engines = tcase_create ("engine");
  tcase_add_checked_fixture (engines, setup, teardown);
  tcase_add_test (engines, test_engine_language_names_and_codes);
  tcase_add_test (engines, test_engine_unknown_language_fails);
  tcase_add_test (engines, test_languages_list_has_english_not_none);
  tcase_add_test (engines, test_every_language_with_stop_words_loads_them);
  tcase_add_test (engines, test_shipped_stop_lists_are_normalized);
  tcase_add_test (engines, test_document_reports_language_and_counts);
  tcase_add_test (engines, test_document_uses_explicit_length);
  tcase_add_test (engines, test_document_errors);
  tcase_add_test (engines, test_document_max_bytes);
  tcase_add_test (engines, test_document_stage_times);
  tcase_add_test (engines, test_one_engine_analyzes_in_several_threads);
  suite_add_tcase (s, engines);

  TCase *vocabulary = tcase_create ("vocabulary");
  tcase_add_checked_fixture (vocabulary, setup, teardown);
  tcase_add_test (vocabulary, test_vocabulary_case_variants_share_one_term);
  tcase_add_test (vocabulary, test_vocabulary_unicode_case_variants_share_one_term);
  tcase_add_test (vocabulary, test_vocabulary_stop_words_have_no_term);
  tcase_add_test (vocabulary, test_vocabulary_single_letters_are_stop_words);
  tcase_add_test (vocabulary, test_vocabulary_stems_group_inflections);
  tcase_add_test (vocabulary, test_vocabulary_numbers_and_urls);
  tcase_add_test (vocabulary, test_vocabulary_language_none_keeps_every_word);
  tcase_add_test (vocabulary, test_vocabulary_of_many_distinct_words);
  tcase_add_test (vocabulary, test_vocabulary_words_sharing_prefixes);
  tcase_add_test (vocabulary, test_custom_stop_words_extend_and_replace);
  tcase_add_test (vocabulary, test_engines_in_turn_keep_their_own_stop_words);
  tcase_add_test (vocabulary, test_worker_thread_sees_each_new_engine_afresh);
  suite_add_tcase (s, vocabulary);

  /* Hundreds of thousands of words: seconds in a sanitizer build. */
  TCase *cache = tcase_create ("word-cache");
  tcase_add_checked_fixture (cache, setup, teardown);
  tcase_set_timeout (cache, 120);
  tcase_add_test (cache, test_vocabulary_larger_than_the_word_cache);
  tcase_add_test (cache, test_threads_meeting_new_words_at_once);
  tcase_add_test (cache, test_arena_blocks);
  suite_add_tcase (s, cache);

  TCase *languages = tcase_create ("languages");
  tcase_add_checked_fixture (languages, setup, teardown);
  tcase_add_test (languages, test_auto_engine_reports_auto_and_document_languages);
  tcase_add_test (languages, test_auto_engine_custom_stop_words_apply_to_every_language);
  tcase_add_test (languages, test_auto_engine_model_weighs_only_its_language);
  tcase_add_test (languages, test_document_like_keeps_the_language);
  tcase_add_test (languages, test_elided_words_and_bigrams_in_the_vocabulary);
  tcase_add_test (languages, test_romanian_cedilla_and_comma_letters_are_one_spelling);
  suite_add_tcase (s, languages);

  TCase *stats = tcase_create ("statistics");
  tcase_add_checked_fixture (stats, setup, teardown);
  tcase_add_test (stats, test_term_frequency_and_sentence_df);
  tcase_add_test (stats, test_term_ids_are_dense_and_tokens_agree_with_words);
  tcase_add_test (stats, test_document_idf_arithmetic);
  tcase_add_test (stats, test_sentence_text_folds_whitespace);
  suite_add_tcase (s, stats);
  return s;
}

ABRIDGE_TEST_MAIN (document_suite)
