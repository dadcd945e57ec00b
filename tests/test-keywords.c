/* test-keywords.c — keywords.c: which runs of words are candidates, near-duplicate removal,
 * the displayed surface form, the count, ranking and occurrence offsets. */
#include "abridge-test.h"
#include "abridge-private.h"

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

static AbridgeKeywords *
extract (const AbridgeDocument *doc, guint count, guint max_words, gboolean no_dedup)
{
  AbridgeKeywordOptions o;
  abridge_keyword_options_init (&o);
  o.count = count;
  o.max_words = max_words;
  o.no_dedup = no_dedup;
  GError *error = NULL;
  AbridgeKeywords *k = abridge_keywords_extract (doc, &o, &error);
  ck_assert_msg (k != NULL, "extract failed: %s", error ? error->message : "?");
  return k;
}

/* Index of the keyphrase displayed as @text (case-sensitive), or -1. */
static gint
find_text (const AbridgeKeywords *k, const char *text)
{
  for (guint i = 0; i < abridge_keywords_get_count (k); i++)
    if (strcmp (abridge_keywords_get_text (k, i), text) == 0)
      return (gint) i;
  return -1;
}

/* Index of the keyphrase whose stem key is @stem, or -1. */
static gint
find_stem (const AbridgeKeywords *k, const char *stem)
{
  for (guint i = 0; i < abridge_keywords_get_count (k); i++)
    if (strcmp (abridge_keywords_get_stem (k, i), stem) == 0)
      return (gint) i;
  return -1;
}

static char *
list_keywords (const AbridgeKeywords *k)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < abridge_keywords_get_count (k); i++)
    g_string_append_printf (out, "\n  <%s> [%s] %.3f x%u", abridge_keywords_get_text (k, i),
                            abridge_keywords_get_stem (k, i), abridge_keywords_get_score (k, i),
                            abridge_keywords_get_frequency (k, i));
  return g_string_free (out, FALSE);
}

#define assert_has_text(k, text)                                                               \
  do {                                                                                         \
    if (find_text ((k), (text)) < 0) {                                                         \
      char *all_ = list_keywords (k);                                                          \
      ck_abort_msg ("no keyphrase <%s> among:%s", (text), all_);                               \
    }                                                                                          \
  } while (0)

static const char mixed_text[] =
  "Solar panels cover the school roof. The solar panels produce power for the school. "
  "Solar Panels were cheap, and solar power is clean. Harbour bridges, harbour bridge repairs "
  "and the bridge harbour (old) need care. In 2024, 500 homes used 3.5% less power; 12 of "
  "them sold 7 kW.";

/* ---- Candidates ------------------------------------------------------------------------ */

START_TEST (test_candidates_do_not_cross_stop_words_or_punctuation)
{
  AbridgeDocument *doc = test_document (engine, mixed_text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 1000, 3, TRUE);
  ck_assert_uint_gt (abridge_keywords_get_count (k), 10);
  assert_has_text (k, "school roof");
  assert_has_text (k, "harbour bridge repairs");
  for (guint i = 0; i < abridge_keywords_get_count (k); i++) {
    const char *text = abridge_keywords_get_text (k, i);
    /* Only spaces between the words of a phrase. */
    for (const char *p = text; *p; p++)
      ck_assert_msg (g_ascii_isalnum (*p) || *p == ' ' || *p == '%'
                     || (*p == '.' && p > text && g_ascii_isdigit (p[-1])),
                     "keyphrase <%s> crosses punctuation", text);
    /* No stop word inside. */
    char **words = g_strsplit (text, " ", -1);
    for (guint w = 0; words[w]; w++) {
      char *lower = g_utf8_casefold (words[w], -1);
      ck_assert_msg (!g_hash_table_contains (engine->stopwords, lower),
                     "keyphrase <%s> contains the stop word '%s'", text, words[w]);
      g_free (lower);
    }
    g_strfreev (words);
  }
  /* Across a stop word ("cover the school"), a period ("roof The solar"), a comma
   * ("bridges harbour"), parentheses ("harbour old") or a semicolon ("power 12"). */
  const char *never[] = { "cover school", "roof solar", "bridg harbour bridg",
                          "harbour bridg harbour", "harbour old", "power 12" };
  for (guint i = 0; i < G_N_ELEMENTS (never); i++)
    ck_assert_msg (find_stem (k, never[i]) < 0, "candidate [%s] crosses a boundary", never[i]);
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_candidates_no_bare_numbers_or_single_letters)
{
  AbridgeDocument *doc = test_document (engine, mixed_text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 1000, 3, TRUE);
  for (guint i = 0; i < abridge_keywords_get_count (k); i++) {
    const char *text = abridge_keywords_get_text (k, i);
    gboolean letter = FALSE;
    for (const char *p = text; *p; p++)
      letter |= g_ascii_isalpha (*p);
    ck_assert_msg (letter, "keyphrase <%s> has no word", text);
    ck_assert_msg (g_utf8_strlen (text, -1) >= 2, "keyphrase <%s> is a single letter", text);
  }
  ck_assert_int_lt (find_text (k, "2024"), 0);
  ck_assert_int_lt (find_text (k, "500"), 0);
  ck_assert_int_lt (find_text (k, "3.5%"), 0);
  /* A number inside a phrase with words is fine. */
  assert_has_text (k, "500 homes");
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_candidates_max_words)
{
  AbridgeDocument *doc = test_document (engine, mixed_text, ABRIDGE_ANALYZE_DEFAULT);
  for (guint max = 1; max <= 4; max++) {
    AbridgeKeywords *k = extract (doc, 1000, max, TRUE);
    guint longest = 0;
    for (guint i = 0; i < abridge_keywords_get_count (k); i++) {
      char **words = g_strsplit (abridge_keywords_get_stem (k, i), " ", -1);
      guint n = g_strv_length (words);
      ck_assert_uint_le (n, max);
      longest = MAX (longest, n);
      g_strfreev (words);
    }
    if (max <= 3)
      ck_assert_uint_eq (longest, max);
    abridge_keywords_free (k);
  }
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_candidates_avoid_adverbs_and_trailing_participles)
{
  static const char text[] =
    "The proposed method finally converged. Researchers tested the method proposed earlier. "
    "Sensor networks routed packets quickly; sensor networks failed.";
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 1000, 3, TRUE);
  for (guint i = 0; i < abridge_keywords_get_count (k); i++) {
    const char *stem = abridge_keywords_get_stem (k, i);
    ck_assert_msg (strstr (abridge_keywords_get_text (k, i), "finally") == NULL
                   && strstr (abridge_keywords_get_text (k, i), "quickly") == NULL,
                   "adverb inside <%s>", abridge_keywords_get_text (k, i));
    const char *last = strrchr (abridge_keywords_get_text (k, i), ' ');
    last = last ? last + 1 : abridge_keywords_get_text (k, i);
    ck_assert_msg (!g_str_has_suffix (last, "ed"), "<%s> ends in a participle [%s]",
                   abridge_keywords_get_text (k, i), stem);
  }
  /* A participle may open a phrase ("proposed method"), and "-eed" is no participle. */
  assert_has_text (k, "proposed method");
  assert_has_text (k, "sensor networks");
  abridge_keywords_free (k);
  doc = (abridge_document_free (doc), test_document (engine, "Speed limits. The speed.",
                                                     ABRIDGE_ANALYZE_DEFAULT));
  k = extract (doc, 100, 3, TRUE);
  assert_has_text (k, "speed");
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

/* ---- Near duplicates ------------------------------------------------------------------- */

static gboolean
stem_subset (const char *a, const char *b)
{
  char **x = g_strsplit (a, " ", -1), **y = g_strsplit (b, " ", -1);
  gboolean all = TRUE;
  for (guint i = 0; x[i] && all; i++)
    all = g_strv_contains ((const char *const *) y, x[i]);
  g_strfreev (x);
  g_strfreev (y);
  return all;
}

static const char bridge_text[] =
  "Harbour bridge repairs began on Monday. The harbour bridge reopened later. "
  "Views of the bridge harbour attract tourists. Harbour bridges are old. "
  "The harbour is busy, and the bridge is long.";

START_TEST (test_dedup_removes_same_stems_reordering_and_containment)
{
  AbridgeDocument *doc = test_document (engine, bridge_text, ABRIDGE_ANALYZE_DEFAULT);
  /* No more than the 10 distinct phrases of the text: past them, near-duplicates fill the
   * places (test_count_respected). */
  AbridgeKeywords *k = extract (doc, 10, 3, FALSE);
  guint n = abridge_keywords_get_count (k);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++) {
      if (i == j || !stem_subset (abridge_keywords_get_stem (k, i), abridge_keywords_get_stem (k, j)))
        continue;
      /* A phrase inside another is kept only when it also occurs on its own. */
      ck_assert_msg (abridge_keywords_get_frequency (k, i) > abridge_keywords_get_frequency (k, j),
                     "[%s] (%u) is inside [%s] (%u) and never stands alone",
                     abridge_keywords_get_stem (k, i), abridge_keywords_get_frequency (k, i),
                     abridge_keywords_get_stem (k, j), abridge_keywords_get_frequency (k, j));
    }
  ck_assert_uint_ge (n, 3);
  ck_assert_msg (find_stem (k, "harbour bridg") < 0 || find_stem (k, "bridg harbour") < 0,
                 "both orders of one phrase are kept");
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_dedup_drops_subphrase_that_never_stands_alone)
{
  static const char text[] =
    "Independent money managers won new clients. Advisers hired independent money managers. "
    "Funds trust independent money managers.";
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 8, 3, FALSE); /* its distinct phrases */
  ck_assert_int_ge (find_stem (k, "independ money manag"), 0);
  ck_assert_int_lt (find_stem (k, "money manag"), 0);
  ck_assert_int_lt (find_stem (k, "manag"), 0);
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_dedup_name_extended_once)
{
  static const char text[] =
    "Emily Deschanel is expecting a child. The actress Emily Deschanel told reporters about the "
    "baby. Emily Deschanel stars in Bones. Fans of Emily Deschanel cheered the news. Actress "
    "Sarah Lane and her actress friends also cheered.";
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  /* The name with a word it has beside it once is not a phrase of its own... */
  AbridgeKeywords *k = extract (doc, 8, 3, FALSE);
  ck_assert_int_ge (find_stem (k, "emili deschanel"), 0);
  ck_assert_int_lt (find_stem (k, "emili deschanel star"), 0);
  ck_assert_int_lt (find_stem (k, "actress emili deschanel"), 0);
  ck_assert_int_ge (find_stem (k, "actress sarah lane"), 0);  /* a name that stands alone */
  abridge_keywords_free (k);
  /* ...unless near-duplicates are kept. */
  k = extract (doc, 8, 3, TRUE);
  ck_assert_int_ge (find_stem (k, "emili deschanel star"), 0);
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_dedup_name_and_its_adjective)
{
  static const char text[] =
    "Russia massed troops. Russian envoys met Russia's allies. Russian talks and Russia talks "
    "went on. Canada and Canadian officials watched. Europe and European leaders waited.";
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 12, 3, FALSE); /* its distinct phrases */
  ck_assert_msg ((find_stem (k, "russia") < 0) != (find_stem (k, "russian") < 0),
                 "Russia and Russian: exactly one expected");
  ck_assert_msg ((find_stem (k, "canada") < 0) != (find_stem (k, "canadian") < 0),
                 "Canada and Canadian: exactly one expected");
  ck_assert_msg ((find_stem (k, "europ") < 0) != (find_stem (k, "european") < 0),
                 "Europe and European: exactly one expected");
  ck_assert_msg (find_stem (k, "russia talk") < 0 || find_stem (k, "russian talk") < 0,
                 "Russia talks and Russian talks both kept");
  abridge_keywords_free (k);
  k = extract (doc, 100, 3, TRUE);
  ck_assert_int_ge (find_stem (k, "russia"), 0);
  ck_assert_int_ge (find_stem (k, "russian"), 0);
  abridge_keywords_free (k);
  /* Different words that merely start alike stay apart. */
  doc = (abridge_document_free (doc),
         test_document (engine, "The process ran. A processor failed. Process and processor.",
                        ABRIDGE_ANALYZE_DEFAULT));
  k = extract (doc, 100, 3, FALSE);
  ck_assert_int_ge (find_stem (k, "process"), 0);
  ck_assert_int_ge (find_stem (k, "processor"), 0);
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_no_dedup_keeps_near_duplicates)
{
  AbridgeDocument *doc = test_document (engine, bridge_text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 100, 3, TRUE);
  gint hb = find_stem (k, "harbour bridg");
  ck_assert_int_ge (hb, 0);
  ck_assert_int_ge (find_stem (k, "bridg harbour"), 0);
  ck_assert_int_ge (find_stem (k, "harbour"), 0);
  ck_assert_int_ge (find_stem (k, "bridg"), 0);
  ck_assert_int_ge (find_stem (k, "harbour bridg repair"), 0);
  /* Same stems in the same order are one candidate: bridge + bridges. */
  ck_assert_uint_eq (abridge_keywords_get_frequency (k, (guint) hb), 3);
  guint count = 0;
  for (guint i = 0; i < abridge_keywords_get_count (k); i++)
    count += strcmp (abridge_keywords_get_stem (k, i), "harbour bridg") == 0;
  ck_assert_uint_eq (count, 1);
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

/* ---- Display, count, ranking ----------------------------------------------------------- */

START_TEST (test_most_frequent_surface_form_displayed)
{
  AbridgeDocument *doc = test_document (engine,
    "The Harbour Bridge opened. Crews painted the harbour bridge. People love the harbour "
    "bridge. The harbour bridges need paint.", ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 100, 3, TRUE);
  gint i = find_stem (k, "harbour bridg");
  ck_assert_int_ge (i, 0);
  ck_assert_str_eq (abridge_keywords_get_text (k, (guint) i), "harbour bridge");
  ck_assert_uint_eq (abridge_keywords_get_frequency (k, (guint) i), 4);
  abridge_keywords_free (k);
  abridge_document_free (doc);

  /* The other way round: the capitalized form is the most frequent. */
  doc = test_document (engine,
    "The Harbour Bridge opened. Crews painted the Harbour Bridge. People love the harbour "
    "bridge.", ABRIDGE_ANALYZE_DEFAULT);
  k = extract (doc, 100, 3, TRUE);
  i = find_stem (k, "harbour bridg");
  ck_assert_int_ge (i, 0);
  ck_assert_str_eq (abridge_keywords_get_text (k, (guint) i), "Harbour Bridge");
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_surface_form_folds_whitespace)
{
  AbridgeDocument *doc = test_document (engine,
    "The harbour\n bridge opened. The harbour   bridge closed.", ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 100, 3, TRUE);
  gint i = find_stem (k, "harbour bridg");
  ck_assert_int_ge (i, 0);
  ck_assert_str_eq (abridge_keywords_get_text (k, (guint) i), "harbour bridge");
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_count_respected)
{
  gsize length;
  char *text = test_corpus_file ("news-harbour-bridge.txt", &length);
  AbridgeDocument *doc = abridge_document_new (engine, text, (gssize) length,
                                               ABRIDGE_ANALYZE_DEFAULT, NULL);
  const guint counts[] = { 1, 3, 5, 10, 25 };
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++) {
    AbridgeKeywords *k = extract (doc, counts[c], 3, FALSE);
    ck_assert_uint_eq (abridge_keywords_get_count (k), counts[c]);
    abridge_keywords_free (k);
  }
  /* Defaults: 10. */
  AbridgeKeywords *k = abridge_keywords_extract (doc, NULL, NULL);
  ck_assert_uint_eq (abridge_keywords_get_count (k), 10);
  abridge_keywords_free (k);
  abridge_document_free (doc);
  g_free (text);

  /* Fewer candidates than asked: all of them. Fewer distinct ones than asked: the
   * near-duplicates fill the places, in rank order. */
  doc = test_document (engine, "Bridges rust.", ABRIDGE_ANALYZE_DEFAULT);
  k = extract (doc, 1, 3, FALSE);
  ck_assert_uint_eq (abridge_keywords_get_count (k), 1);   /* "bridges rust" contains the others */
  ck_assert_str_eq (abridge_keywords_get_text (k, 0), "Bridges rust");
  abridge_keywords_free (k);
  k = extract (doc, 10, 3, FALSE);
  ck_assert_uint_eq (abridge_keywords_get_count (k), 3);   /* and then the others */
  for (guint i = 1; i < 3; i++)
    ck_assert (abridge_keywords_get_score (k, i - 1) >= abridge_keywords_get_score (k, i));
  abridge_keywords_free (k);
  k = extract (doc, 10, 3, TRUE);
  ck_assert_uint_eq (abridge_keywords_get_count (k), 3);   /* bridges, rust, bridges rust */
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_ranked_best_first_and_deterministic)
{
  gsize length;
  char *text = test_corpus_file ("report-river-survey.txt", &length);
  AbridgeDocument *doc = abridge_document_new (engine, text, (gssize) length,
                                               ABRIDGE_ANALYZE_DEFAULT, NULL);
  AbridgeDocument *again = abridge_document_new (engine, text, (gssize) length,
                                                 ABRIDGE_ANALYZE_DEFAULT, NULL);
  for (const char *const *m = abridge_keyword_methods (); *m; m++) {
    AbridgeKeywordOptions o;
    abridge_keyword_options_init (&o);
    o.count = 30;
    o.method = *m;
    AbridgeKeywords *a = abridge_keywords_extract (doc, &o, NULL);
    AbridgeKeywords *b = abridge_keywords_extract (again, &o, NULL);
    ck_assert_ptr_nonnull (a);
    ck_assert_ptr_nonnull (b);
    ck_assert_uint_eq (abridge_keywords_get_count (a), 30);
    ck_assert_uint_eq (abridge_keywords_get_count (b), 30);
    for (guint i = 0; i < 30; i++) {
      if (i > 0)
        ck_assert_msg (abridge_keywords_get_score (a, i - 1) >= abridge_keywords_get_score (a, i),
                       "method %s: keyphrase %u scores above %u", *m, i, i - 1);
      ck_assert_str_eq (abridge_keywords_get_text (a, i), abridge_keywords_get_text (b, i));
      ck_assert_str_eq (abridge_keywords_get_stem (a, i), abridge_keywords_get_stem (b, i));
      ck_assert_double_eq (abridge_keywords_get_score (a, i), abridge_keywords_get_score (b, i));
      ck_assert (abridge_keywords_get_score (a, i) > 0);
    }
    abridge_keywords_free (a);
    abridge_keywords_free (b);
  }
  abridge_document_free (doc);
  abridge_document_free (again);
  g_free (text);
}
END_TEST

/* Every candidate's stem and score (17 digits), best first. (transfer full) */
static char *
ranking_of (const AbridgeDocument *doc)
{
  AbridgeKeywords *k = extract (doc, G_MAXUINT, 3, TRUE);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < abridge_keywords_get_count (k); i++)
    g_string_append_printf (out, "%s %.17g\n", abridge_keywords_get_stem (k, i),
                            abridge_keywords_get_score (k, i));
  abridge_keywords_free (k);
  return g_string_free (out, FALSE);
}

static gpointer
ranking_in_thread (gpointer doc)
{
  return ranking_of (doc);
}

/* What a thread keeps from one document to the next (powers, logarithms, a pair map) never
 * changes a result: a document ranks the same in a new thread as after others, also when it
 * is long enough (77,000 tokens, 7,000 sentences, words seen 7,000 times) to go past what
 * the thread keeps. */
START_TEST (test_ranking_same_in_a_new_thread_and_after_other_documents)
{
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < 7000; i++)
    g_string_append_printf (text, "Report %u of river station %c%c counts %u fish near bridge %u. ",
                            i, 'a' + i % 26, 'a' + i / 26 % 26, i * 7 % 1000, i % 97);
  AbridgeDocument *docs[2] = {
    abridge_document_new (engine, text->str, (gssize) text->len, ABRIDGE_ANALYZE_DEFAULT, NULL),
    abridge_document_new (engine, mixed_text, -1, ABRIDGE_ANALYZE_DEFAULT, NULL),
  };
  for (guint d = 0; d < 2; d++) {
    ck_assert_ptr_nonnull (docs[d]);
    char *fresh = g_thread_join (g_thread_new ("keywords", ranking_in_thread, docs[d]));
    char *here = ranking_of (docs[d]);
    g_free (ranking_of (docs[1 - d]));
    char *after_other = ranking_of (docs[d]);
    ck_assert (strlen (fresh) > 0);
    ck_assert_str_eq (fresh, here);
    ck_assert_str_eq (fresh, after_other);
    g_free (fresh);
    g_free (here);
    g_free (after_other);
  }
  abridge_document_free (docs[0]);
  abridge_document_free (docs[1]);
  g_string_free (text, TRUE);
}
END_TEST

START_TEST (test_compound_written_whole_ranks_above_its_words)
{
  /* "neural network" always occurs as a whole run; its words never stand alone. Every
   * method must rank the compound above each of its words (no length bonus needed). */
  static const char text[] =
    "Training a neural network. The neural network learns weights. A deeper neural network "
    "needs data, and data needs labels. Labels cost money.";
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  for (const char *const *m = abridge_keyword_methods (); *m; m++) {
    if (strcmp (*m, "frequency") == 0)
      continue;
    AbridgeKeywordOptions o;
    abridge_keyword_options_init (&o);
    o.count = 100;
    o.no_dedup = TRUE;
    o.method = *m;
    AbridgeKeywords *k = abridge_keywords_extract (doc, &o, NULL);
    gint whole = find_stem (k, "neural network");
    ck_assert_int_ge (whole, 0);
    ck_assert_msg (whole < find_stem (k, "neural") && whole < find_stem (k, "network"),
                   "method %s: a word ranks above the compound it always occurs in", *m);
    abridge_keywords_free (k);
  }
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_each_method_alone)
{
  AbridgeDocument *doc = test_document (engine, mixed_text, ABRIDGE_ANALYZE_DEFAULT);
  const char *expected[] = { "default", "tfidf", "yake", "graph", "frequency" };
  const char *const *m = abridge_keyword_methods ();
  ck_assert_uint_eq (g_strv_length ((char **) m), G_N_ELEMENTS (expected));
  GPtrArray *tops = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    ck_assert_str_eq (m[i], expected[i]);
    AbridgeKeywordOptions o;
    abridge_keyword_options_init (&o);
    o.method = m[i];
    o.count = 5;
    AbridgeKeywords *k = abridge_keywords_extract (doc, &o, NULL);
    ck_assert_uint_eq (abridge_keywords_get_count (k), 5);
    GString *top = g_string_new (NULL);
    for (guint j = 0; j < 5; j++)
      g_string_append_printf (top, "%s|", abridge_keywords_get_stem (k, j));
    g_ptr_array_add (tops, g_string_free (top, FALSE));
    abridge_keywords_free (k);
  }
  /* The scorers are different: not every method ranks the same top five. */
  gboolean differ = FALSE;
  for (guint i = 1; i < tops->len; i++)
    differ |= strcmp (g_ptr_array_index (tops, 0), g_ptr_array_index (tops, i)) != 0;
  ck_assert (differ);
  g_ptr_array_unref (tops);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_frequency_counts_phrase_occurrences)
{
  AbridgeDocument *doc = test_document (engine,
    "Good water quality matters. The water quality was good upstream. Poor water quality "
    "downstream.",
    ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywords *k = extract (doc, 100, 3, TRUE);
  gint i = find_stem (k, "water qualiti");
  ck_assert_int_ge (i, 0);
  ck_assert_str_eq (abridge_keywords_get_text (k, (guint) i), "water quality");
  ck_assert_uint_eq (abridge_keywords_get_frequency (k, (guint) i), 3);
  i = find_stem (k, "water");
  ck_assert_int_ge (i, 0);
  ck_assert_uint_eq (abridge_keywords_get_frequency (k, (guint) i), 3);
  i = find_stem (k, "poor water qualiti");
  ck_assert_int_ge (i, 0);
  ck_assert_uint_eq (abridge_keywords_get_frequency (k, (guint) i), 1);
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_options_refused)
{
  AbridgeDocument *doc = test_document (engine, mixed_text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeKeywordOptions o;
  GError *error = NULL;
  abridge_keyword_options_init (&o);
  ck_assert_uint_eq (o.count, 10);
  ck_assert_uint_eq (o.max_words, 3);
  ck_assert (!o.no_dedup);
  ck_assert_ptr_null (o.method);
  o.method = "nonsense";
  ck_assert_ptr_null (abridge_keywords_extract (doc, &o, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);
  abridge_keyword_options_init (&o);
  o.max_words = 0;
  ck_assert_ptr_null (abridge_keywords_extract (doc, &o, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);
  o.max_words = 9;
  ck_assert_ptr_null (abridge_keywords_extract (doc, &o, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_empty_document_has_no_keywords)
{
  const char *texts[] = { "", "The and of it.", "2024 500 3.5%" };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
    AbridgeDocument *doc = test_document (engine, texts[i], ABRIDGE_ANALYZE_DEFAULT);
    AbridgeKeywords *k = extract (doc, 10, 3, TRUE);
    ck_assert_msg (abridge_keywords_get_count (k) == 0, "<%s>: %u keyphrases", texts[i],
                   abridge_keywords_get_count (k));
    abridge_keywords_free (k);
    abridge_document_free (doc);
  }
}
END_TEST

/* ---- Occurrences ----------------------------------------------------------------------- */

START_TEST (test_occurrences_point_at_phrase_in_original_text)
{
  /* A BOM and an invalid byte before the phrases: offsets must still be input offsets. */
  const char text[] =
    "\xEF\xBB\xBF" "Caf\xE9 owners met. The harbour bridge opened.\n\n"
    "Crews painted the Harbour  Bridge at night. The harbour\nbridge is old.";
  gsize len = sizeof text - 1;
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (abridge_document_get_invalid_count (doc), 1);
  AbridgeKeywords *k = extract (doc, 100, 3, TRUE);
  gint i = find_stem (k, "harbour bridg");
  ck_assert_int_ge (i, 0);
  guint frequency = abridge_keywords_get_frequency (k, (guint) i);
  ck_assert_uint_eq (frequency, 3);
  const char *expected[] = { "harbour bridge", "Harbour  Bridge", "harbour\nbridge" };
  for (guint j = 0; j < frequency; j++) {
    gsize start, end;
    abridge_keywords_get_occurrence (k, (guint) i, j, &start, &end);
    ck_assert_uint_le (end, len);
    ck_assert_uint_eq (end - start, strlen (expected[j]));
    ck_assert_mem_eq (text + start, expected[j], end - start);
  }

  /* Every occurrence of every keyphrase: in order, inside the input, and the folded bytes
   * have as many words as the phrase. */
  for (guint p = 0; p < abridge_keywords_get_count (k); p++) {
    gsize previous = 0;
    char **stems = g_strsplit (abridge_keywords_get_stem (k, p), " ", -1);
    guint words = g_strv_length (stems);
    g_strfreev (stems);
    for (guint j = 0; j < abridge_keywords_get_frequency (k, p); j++) {
      gsize start, end;
      abridge_keywords_get_occurrence (k, p, j, &start, &end);
      ck_assert_uint_lt (start, end);
      ck_assert_uint_le (end, len);
      ck_assert_uint_ge (start, previous);
      previous = start;
      char *slice = test_fold_space (text + start, (gssize) (end - start));
      char **parts = g_strsplit (slice, " ", -1);
      ck_assert_uint_eq (g_strv_length (parts), words);
      g_strfreev (parts);
      g_free (slice);
    }
  }
  abridge_keywords_free (k);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_displayed_text_is_one_of_the_occurrences)
{
  gsize length;
  char *text = test_corpus_file ("news-vaccine-rollout.txt", &length);
  AbridgeDocument *doc = abridge_document_new (engine, text, (gssize) length,
                                               ABRIDGE_ANALYZE_DEFAULT, NULL);
  AbridgeKeywords *k = extract (doc, 40, 3, FALSE);
  for (guint p = 0; p < abridge_keywords_get_count (k); p++) {
    gboolean found = FALSE;
    for (guint j = 0; j < abridge_keywords_get_frequency (k, p) && !found; j++) {
      gsize start, end;
      abridge_keywords_get_occurrence (k, p, j, &start, &end);
      char *slice = test_fold_space (text + start, (gssize) (end - start));
      found = strcmp (slice, abridge_keywords_get_text (k, p)) == 0;
      g_free (slice);
    }
    ck_assert_msg (found, "<%s> is not the text of any of its occurrences",
                   abridge_keywords_get_text (k, p));
  }
  abridge_keywords_free (k);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

static Suite *
keywords_suite (void)
{
  Suite *s = suite_create ("keywords");

  TCase *candidates = tcase_create ("candidates");
  tcase_add_checked_fixture (candidates, setup, teardown);
  tcase_add_test (candidates, test_candidates_do_not_cross_stop_words_or_punctuation);
  tcase_add_test (candidates, test_candidates_no_bare_numbers_or_single_letters);
  tcase_add_test (candidates, test_candidates_max_words);
  tcase_add_test (candidates, test_candidates_avoid_adverbs_and_trailing_participles);
  tcase_add_test (candidates, test_dedup_name_and_its_adjective);
  tcase_add_test (candidates, test_dedup_name_extended_once);
  tcase_add_test (candidates, test_dedup_removes_same_stems_reordering_and_containment);
  tcase_add_test (candidates, test_dedup_drops_subphrase_that_never_stands_alone);
  tcase_add_test (candidates, test_no_dedup_keeps_near_duplicates);
  suite_add_tcase (s, candidates);

  TCase *ranking = tcase_create ("ranking");
  tcase_add_checked_fixture (ranking, setup, teardown);
  tcase_add_test (ranking, test_most_frequent_surface_form_displayed);
  tcase_add_test (ranking, test_surface_form_folds_whitespace);
  tcase_add_test (ranking, test_count_respected);
  tcase_add_test (ranking, test_ranked_best_first_and_deterministic);
  tcase_add_test (ranking, test_ranking_same_in_a_new_thread_and_after_other_documents);
  tcase_add_test (ranking, test_frequency_counts_phrase_occurrences);
  tcase_add_test (ranking, test_compound_written_whole_ranks_above_its_words);
  tcase_add_test (ranking, test_each_method_alone);
  tcase_add_test (ranking, test_options_refused);
  tcase_add_test (ranking, test_empty_document_has_no_keywords);
  suite_add_tcase (s, ranking);

  TCase *occurrences = tcase_create ("occurrences");
  tcase_add_checked_fixture (occurrences, setup, teardown);
  tcase_add_test (occurrences, test_occurrences_point_at_phrase_in_original_text);
  tcase_add_test (occurrences, test_displayed_text_is_one_of_the_occurrences);
  suite_add_tcase (s, occurrences);
  return s;
}

ABRIDGE_TEST_MAIN (keywords_suite)
