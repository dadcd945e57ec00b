/* test-summarize.c — summarize.c: the length budget (sentences, ratio, words, characters,
 * the default length), which units may be selected, output order, option checking,
 * determinism and the redundancy penalty (MMR). White-box only for word counts. */
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

/* A document of @n distinct sentences of running text (no headings), one paragraph. */
static char *
make_sentences (guint n)
{
  static const char *adj[] = { "old", "busy", "quiet", "narrow", "famous" };
  static const char *noun[] = { "baker", "farmer", "teacher", "driver", "painter", "doctor",
                                "sailor" };
  static const char *verb[] = { "visited", "repaired", "described", "photographed" };
  static const char *obj[] = { "bridge", "market", "library", "harbour", "station", "museum",
                               "garden", "church", "tower" };
  static const char *place[] = { "river", "school", "square", "castle", "mill", "forest",
                                 "beach", "hill", "farm", "lake", "road" };
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%sThe %s %s %s the %s near the %s.", i ? " " : "",
                            adj[i % G_N_ELEMENTS (adj)], noun[i % G_N_ELEMENTS (noun)],
                            verb[i % G_N_ELEMENTS (verb)], obj[i % G_N_ELEMENTS (obj)],
                            place[i % G_N_ELEMENTS (place)]);
  return g_string_free (out, FALSE);
}

static AbridgeDocument *
generated_document (guint n)
{
  char *text = make_sentences (n);
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  g_free (text);
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), n);
  return doc;
}

static AbridgeDocument *
corpus_document (const char *name)
{
  gsize length;
  char *text = test_corpus_file (name, &length);
  GError *error = NULL;
  AbridgeDocument *doc = abridge_document_new (engine, text, (gssize) length,
                                               ABRIDGE_ANALYZE_DEFAULT, &error);
  ck_assert_msg (doc != NULL, "%s: %s", name, error ? error->message : "?");
  g_free (text);
  return doc;
}

static AbridgeSummary *
summarize_ok (const AbridgeDocument *doc, const AbridgeSummaryOptions *options)
{
  GError *error = NULL;
  AbridgeSummary *summary = abridge_summarize (doc, options, &error);
  ck_assert_msg (summary != NULL, "summarize failed: %s", error ? error->message : "?");
  return summary;
}

static guint
summary_count_with (const AbridgeDocument *doc, guint sentences, double ratio)
{
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = sentences;
  o.ratio = ratio;
  AbridgeSummary *summary = summarize_ok (doc, &o);
  guint n = abridge_summary_get_count (summary);
  abridge_summary_free (summary);
  return n;
}

/* Word tokens of sentence @index (as the summarizer counts them: URLs left out). */
static guint
sentence_words (const AbridgeDocument *doc, guint index)
{
  const Sentence *s = &g_array_index (doc->sentences, Sentence, index);
  guint words = 0;
  for (guint k = 0; k < s->token_count; k++)
    if (g_array_index (doc->tokens, Token, s->first_token + k).kind != TOKEN_URL)
      words++;
  return words;
}

static void
assert_document_order (const AbridgeSummary *summary)
{
  for (guint i = 1; i < abridge_summary_get_count (summary); i++)
    ck_assert_msg (abridge_summary_get_index (summary, i - 1)
                   < abridge_summary_get_index (summary, i),
                   "summary not in document order at %u", i);
}

/* ---- Budget ---------------------------------------------------------------------------- */

START_TEST (test_budget_more_sentences_than_candidates_returns_all)
{
  AbridgeDocument *doc = test_document (engine,
    "Harbour Bridge Report\n\n"
    "The bridge opened on Monday. Traffic was light all day.\n\n"
    "What happens next\n\n"
    "Engineers will inspect the bearings. The council meets in May.\n",
    ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), 6);
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 100;
  AbridgeSummary *summary = summarize_ok (doc, &o);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 4);
  const guint expected[] = { 1, 2, 4, 5 };
  for (guint i = 0; i < 4; i++)
    ck_assert_uint_eq (abridge_summary_get_index (summary, i), expected[i]);
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_budget_sentences_exact)
{
  AbridgeDocument *doc = generated_document (12);
  for (guint n = 1; n <= 12; n++)
    ck_assert_uint_eq (summary_count_with (doc, n, 0), n);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_budget_default_is_20_percent_clamped_1_to_7)
{
  const struct { guint sentences, expected; } cases[] = {
    { 1, 1 }, { 2, 1 }, { 3, 1 }, { 5, 1 }, { 7, 1 }, { 8, 2 }, { 12, 2 }, { 13, 3 },
    { 22, 4 }, { 23, 5 }, { 30, 6 }, { 33, 7 }, { 35, 7 }, { 40, 7 }, { 60, 7 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    AbridgeDocument *doc = generated_document (cases[i].sentences);
    AbridgeSummary *summary = summarize_ok (doc, NULL);
    ck_assert_msg (abridge_summary_get_count (summary) == cases[i].expected,
                   "%u sentences: default summary has %u, expected %u", cases[i].sentences,
                   abridge_summary_get_count (summary), cases[i].expected);
    abridge_summary_free (summary);
    abridge_document_free (doc);
  }
}
END_TEST

START_TEST (test_budget_default_counts_candidates_not_headings)
{
  /* 10 sentences + 10 headings: 20% of the 10 candidates = 2. */
  GString *text = g_string_new (NULL);
  char *body = make_sentences (10);
  char **parts = g_strsplit (body, ". ", -1);
  for (guint i = 0; parts[i]; i++)
    g_string_append_printf (text, "Section Heading %u\n\n%s%s\n\n", i + 1, parts[i],
                            g_str_has_suffix (parts[i], ".") ? "" : ".");
  g_strfreev (parts);
  g_free (body);
  AbridgeDocument *doc = test_document (engine, text->str, ABRIDGE_ANALYZE_DEFAULT);
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), 20);
  AbridgeSummary *summary = summarize_ok (doc, NULL);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 2);
  abridge_summary_free (summary);
  abridge_document_free (doc);
  g_string_free (text, TRUE);
}
END_TEST

START_TEST (test_budget_ratio)
{
  AbridgeDocument *doc = generated_document (10);
  ck_assert_uint_eq (summary_count_with (doc, 0, 50), 5);
  ck_assert_uint_eq (summary_count_with (doc, 0, 100), 10);
  ck_assert_uint_eq (summary_count_with (doc, 0, 25), 3);   /* 2.5 rounds up */
  ck_assert_uint_eq (summary_count_with (doc, 0, 24), 2);
  ck_assert_uint_eq (summary_count_with (doc, 0, 1), 1);    /* at least one */
  ck_assert_uint_eq (summary_count_with (doc, 0, 0.01), 1);
  /* -n decides before -r. */
  ck_assert_uint_eq (summary_count_with (doc, 3, 50), 3);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_budget_words_never_exceeded_except_single_sentence)
{
  AbridgeDocument *doc = corpus_document ("news-harbour-bridge.txt");
  for (guint budget = 1; budget <= 400; budget += 9) {
    AbridgeSummaryOptions o;
    abridge_summary_options_init (&o);
    o.words = budget;
    AbridgeSummary *summary = summarize_ok (doc, &o);
    guint n = abridge_summary_get_count (summary);
    ck_assert_uint_ge (n, 1);
    guint words = 0;
    for (guint i = 0; i < n; i++)
      words += sentence_words (doc, abridge_summary_get_index (summary, i));
    ck_assert_msg (words <= budget || n == 1, "budget %u words: %u sentences with %u words",
                   budget, n, words);
    assert_document_order (summary);
    abridge_summary_free (summary);
  }
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_budget_words_combined_with_sentences)
{
  AbridgeDocument *doc = generated_document (20);  /* 9 words a sentence */
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.words = 30;
  AbridgeSummary *summary = summarize_ok (doc, &o);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 3);
  abridge_summary_free (summary);

  /* The sentence count decides first: -n 2 -w 30 gives 2; -n 5 -w 30 gives 3. */
  o.sentences = 2;
  summary = summarize_ok (doc, &o);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 2);
  abridge_summary_free (summary);
  o.sentences = 5;
  summary = summarize_ok (doc, &o);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 3);
  abridge_summary_free (summary);

  /* A budget below one sentence still returns one. */
  o.sentences = 0;
  o.words = 3;
  summary = summarize_ok (doc, &o);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 1);
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_budget_max_chars)
{
  AbridgeDocument *doc = corpus_document ("tech-write-ahead-log.txt");
  for (guint budget = 20; budget <= 1500; budget += 37) {
    AbridgeSummaryOptions o;
    abridge_summary_options_init (&o);
    o.max_chars = budget;
    AbridgeSummary *summary = summarize_ok (doc, &o);
    guint n = abridge_summary_get_count (summary);
    ck_assert_uint_ge (n, 1);
    glong chars = 0;
    for (guint i = 0; i < n; i++)
      chars += g_utf8_strlen (abridge_summary_get_text (summary, i), -1) + (i ? 1 : 0);
    ck_assert_msg (chars <= (glong) budget || n == 1,
                   "max %u characters: %u sentences with %ld characters", budget, n, chars);
    abridge_summary_free (summary);
  }
  /* With a sentence count, the character limit applies on top. */
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 7;
  o.max_chars = 300;
  AbridgeSummary *summary = summarize_ok (doc, &o);
  ck_assert_uint_lt (abridge_summary_get_count (summary), 7);
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

/* ---- What is selected, and in which order ---------------------------------------------- */

START_TEST (test_output_in_document_order)
{
  const char *files[] = { "news-harbour-bridge.txt", "news-vaccine-rollout.txt",
                          "report-river-survey.txt", "story-lighthouse-keeper.txt",
                          "tech-write-ahead-log.txt" };
  for (guint f = 0; f < G_N_ELEMENTS (files); f++) {
    AbridgeDocument *doc = corpus_document (files[f]);
    AbridgeSummaryOptions o;
    abridge_summary_options_init (&o);
    o.sentences = 6;
    AbridgeSummary *summary = summarize_ok (doc, &o);
    ck_assert_uint_eq (abridge_summary_get_count (summary), 6);
    assert_document_order (summary);
    abridge_summary_free (summary);
    abridge_document_free (doc);
  }
}
END_TEST

START_TEST (test_order_score_descending_without_diversity)
{
  AbridgeDocument *doc = corpus_document ("news-harbour-bridge.txt");
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 7;
  o.diversity = 0;
  AbridgeSummary *by_document = summarize_ok (doc, &o);
  o.order = ABRIDGE_ORDER_SCORE;
  AbridgeSummary *by_score = summarize_ok (doc, &o);
  guint n = abridge_summary_get_count (by_score);
  ck_assert_uint_eq (n, 7);
  ck_assert_uint_eq (abridge_summary_get_count (by_document), 7);
  for (guint i = 1; i < n; i++)
    ck_assert_msg (abridge_summary_get_score (by_score, i - 1)
                   >= abridge_summary_get_score (by_score, i),
                   "score %u (%g) above score %u (%g)", i, abridge_summary_get_score (by_score, i),
                   i - 1, abridge_summary_get_score (by_score, i - 1));
  /* The same sentences, only reordered. */
  for (guint i = 0; i < n; i++) {
    gboolean found = FALSE;
    for (guint j = 0; j < n; j++)
      found |= abridge_summary_get_index (by_score, i) == abridge_summary_get_index (by_document, j);
    ck_assert (found);
  }
  abridge_summary_free (by_document);
  abridge_summary_free (by_score);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_summary_sentences_match_document)
{
  gsize length;
  char *text = test_corpus_file ("story-lighthouse-keeper.txt", &length);
  AbridgeDocument *doc = abridge_document_new (engine, text, (gssize) length,
                                               ABRIDGE_ANALYZE_DEFAULT, NULL);
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 5;
  AbridgeSummary *summary = summarize_ok (doc, &o);
  for (guint i = 0; i < abridge_summary_get_count (summary); i++) {
    guint index = abridge_summary_get_index (summary, i);
    gsize start, end, dstart, dend;
    abridge_summary_get_offsets (summary, i, &start, &end);
    char *sentence = abridge_document_get_sentence (doc, index, &dstart, &dend);
    ck_assert_str_eq (abridge_summary_get_text (summary, i), sentence);
    ck_assert_uint_eq (start, dstart);
    ck_assert_uint_eq (end, dend);
    char *slice = test_fold_space (text + start, (gssize) (end - start));
    ck_assert_str_eq (slice, sentence);
    ck_assert_double_eq (abridge_summary_get_score (summary, i),
                         abridge_summary_get_sentence_score (summary, index));
    ck_assert (abridge_summary_get_score (summary, i) > 0);
    g_free (slice);
    g_free (sentence);
  }
  abridge_summary_free (summary);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

START_TEST (test_one_sentence_document_returns_it)
{
  const char *text = "Only one sentence is here.";
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeSummary *summary = summarize_ok (doc, NULL);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 1);
  ck_assert_uint_eq (abridge_summary_get_index (summary, 0), 0);
  ck_assert_str_eq (abridge_summary_get_text (summary, 0), text);
  gsize start, end;
  abridge_summary_get_offsets (summary, 0, &start, &end);
  ck_assert_uint_eq (start, 0);
  ck_assert_uint_eq (end, strlen (text));
  abridge_summary_free (summary);
  abridge_document_free (doc);

  /* A single line without a period is a heading, but the only unit there is: returned. */
  doc = test_document (engine, "Just a headline", ABRIDGE_ANALYZE_DEFAULT);
  summary = summarize_ok (doc, NULL);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 1);
  ck_assert_str_eq (abridge_summary_get_text (summary, 0), "Just a headline");
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_empty_document_returns_no_sentences)
{
  const char *texts[] = { "", "   \n\n  \t\n" };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
    AbridgeDocument *doc = test_document (engine, texts[i], ABRIDGE_ANALYZE_DEFAULT);
    AbridgeSummary *summary = summarize_ok (doc, NULL);
    ck_assert_uint_eq (abridge_summary_get_count (summary), 0);
    abridge_summary_free (summary);
    AbridgeSummaryOptions o;
    abridge_summary_options_init (&o);
    o.ratio = 50;
    summary = summarize_ok (doc, &o);
    ck_assert_uint_eq (abridge_summary_get_count (summary), 0);
    abridge_summary_free (summary);
    o.ratio = 0;
    o.words = 10;
    summary = summarize_ok (doc, &o);
    ck_assert_uint_eq (abridge_summary_get_count (summary), 0);
    abridge_summary_free (summary);
    abridge_document_free (doc);
  }
}
END_TEST

START_TEST (test_headings_and_title_never_selected)
{
  const char *files[] = { "news-harbour-bridge.txt", "report-river-survey.txt",
                          "tech-write-ahead-log.txt", "story-lighthouse-keeper.txt" };
  for (guint f = 0; f < G_N_ELEMENTS (files); f++) {
    AbridgeDocument *doc = corpus_document (files[f]);
    ck_assert_int_eq (abridge_document_get_title_index (doc), 0);
    guint total = abridge_document_get_sentence_count (doc);
    guint candidates = 0;
    for (guint i = 0; i < total; i++)
      candidates += !abridge_document_sentence_is_heading (doc, i);
    ck_assert_uint_lt (candidates, total);
    AbridgeSummaryOptions o;
    abridge_summary_options_init (&o);
    o.sentences = 1000;
    AbridgeSummary *summary = summarize_ok (doc, &o);
    ck_assert_uint_eq (abridge_summary_get_count (summary), candidates);
    for (guint i = 0; i < abridge_summary_get_count (summary); i++)
      ck_assert (!abridge_document_sentence_is_heading (doc, abridge_summary_get_index (summary, i)));
    for (guint i = 0; i < total; i++)
      if (abridge_document_sentence_is_heading (doc, i))
        ck_assert_double_eq (abridge_summary_get_sentence_score (summary, i), 0);
    abridge_summary_free (summary);

    /* Whichever scorer is used. */
    for (const char *const *m = abridge_summary_methods (); *m; m++) {
      abridge_summary_options_init (&o);
      o.method = *m;
      o.ratio = 100;
      o.query = "water bridge log";
      summary = summarize_ok (doc, &o);
      for (guint i = 0; i < abridge_summary_get_count (summary); i++)
        ck_assert (!abridge_document_sentence_is_heading (doc,
                                                          abridge_summary_get_index (summary, i)));
      abridge_summary_free (summary);
    }
    abridge_document_free (doc);
  }
}
END_TEST

/* ---- Options --------------------------------------------------------------------------- */

static void
assert_invalid (const AbridgeDocument *doc, const AbridgeSummaryOptions *o)
{
  GError *error = NULL;
  AbridgeSummary *summary = abridge_summarize (doc, o, &error);
  ck_assert_ptr_null (summary);
  ck_assert_msg (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT),
                 "unexpected error: %s", error ? error->message : "(none)");
  g_clear_error (&error);
}

START_TEST (test_options_out_of_range_are_refused)
{
  AbridgeDocument *doc = generated_document (5);
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.method = "no-such-method";
  assert_invalid (doc, &o);
  abridge_summary_options_init (&o);
  o.ratio = 100.5;
  assert_invalid (doc, &o);
  o.ratio = -1;
  assert_invalid (doc, &o);
  abridge_summary_options_init (&o);
  o.diversity = 1.5;
  assert_invalid (doc, &o);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_options_init_and_methods)
{
  AbridgeSummaryOptions o;
  memset (&o, 0xAB, sizeof o);
  abridge_summary_options_init (&o);
  ck_assert_uint_eq (o.sentences, 0);
  ck_assert_double_eq (o.ratio, 0);
  ck_assert_uint_eq (o.words, 0);
  ck_assert_uint_eq (o.max_chars, 0);
  ck_assert_int_eq (o.order, ABRIDGE_ORDER_DOCUMENT);
  ck_assert (o.diversity < 0);
  ck_assert_ptr_null (o.method);
  ck_assert_ptr_null (o.query);

  const char *const *methods = abridge_summary_methods ();
  ck_assert_str_eq (methods[0], "default");
  AbridgeDocument *doc = corpus_document ("news-vaccine-rollout.txt");
  for (const char *const *m = methods; *m; m++) {
    o.method = *m;
    o.sentences = 3;
    AbridgeSummary *summary = summarize_ok (doc, &o);
    ck_assert_msg (abridge_summary_get_count (summary) == 3, "method %s: %u sentences", *m,
                   abridge_summary_get_count (summary));
    abridge_summary_free (summary);
  }
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_deterministic)
{
  gsize length;
  char *text = test_corpus_file ("report-river-survey.txt", &length);
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 5;
  AbridgeSummary *runs[3];
  AbridgeDocument *docs[2];
  for (guint d = 0; d < 2; d++)
    docs[d] = abridge_document_new (engine, text, (gssize) length, ABRIDGE_ANALYZE_DEFAULT, NULL);
  runs[0] = summarize_ok (docs[0], &o);
  runs[1] = summarize_ok (docs[0], &o);
  runs[2] = summarize_ok (docs[1], &o);
  for (guint r = 1; r < 3; r++) {
    ck_assert_uint_eq (abridge_summary_get_count (runs[r]), abridge_summary_get_count (runs[0]));
    for (guint i = 0; i < abridge_summary_get_count (runs[0]); i++) {
      ck_assert_uint_eq (abridge_summary_get_index (runs[r], i),
                         abridge_summary_get_index (runs[0], i));
      ck_assert_str_eq (abridge_summary_get_text (runs[r], i),
                        abridge_summary_get_text (runs[0], i));
      double a = abridge_summary_get_score (runs[r], i), b = abridge_summary_get_score (runs[0], i);
      ck_assert_mem_eq (&a, &b, sizeof a);
    }
    for (guint s = 0; s < abridge_document_get_sentence_count (docs[0]); s++) {
      double a = abridge_summary_get_sentence_score (runs[r], s);
      double b = abridge_summary_get_sentence_score (runs[0], s);
      ck_assert_mem_eq (&a, &b, sizeof a);
    }
  }
  for (guint r = 0; r < 3; r++)
    abridge_summary_free (runs[r]);
  for (guint d = 0; d < 2; d++)
    abridge_document_free (docs[d]);
  g_free (text);
}
END_TEST

/* summarize.c keeps its working memory between calls: a call that fits in it, one that
 * outgrows it and one after a larger document give the same results, bit for bit. */
static void
assert_same_summaries (const AbridgeSummary *a, const AbridgeSummary *b, guint sentences)
{
  ck_assert_uint_eq (abridge_summary_get_count (a), abridge_summary_get_count (b));
  for (guint i = 0; i < abridge_summary_get_count (a); i++)
    ck_assert_uint_eq (abridge_summary_get_index (a, i), abridge_summary_get_index (b, i));
  for (guint s = 0; s < sentences; s++) {
    AbridgeScoreComponents x, y;
    ck_assert (abridge_summary_get_components (a, s, &x));
    ck_assert (abridge_summary_get_components (b, s, &y));
    ck_assert_int_eq (x.candidate, y.candidate);
    ck_assert_uint_eq (x.rank, y.rank);
    double fx[] = { x.total, x.tfidf, x.centrality, x.position, x.title, x.length, x.query,
                    x.redundancy };
    double fy[] = { y.total, y.tfidf, y.centrality, y.position, y.title, y.length, y.query,
                    y.redundancy };
    ck_assert_mem_eq (fx, fy, sizeof fx);
  }
}

START_TEST (test_same_results_around_a_larger_document)
{
  AbridgeDocument *small = corpus_document ("report-river-survey.txt");
  AbridgeDocument *large = generated_document (600);
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 4;
  o.explain = TRUE;
  o.query = "river water";
  AbridgeSummary *first = summarize_ok (small, &o);
  AbridgeSummary *big = summarize_ok (large, &o);
  ck_assert_uint_eq (abridge_summary_get_count (big), 4);
  AbridgeSummary *again = summarize_ok (small, &o);
  AbridgeSummary *big_again = summarize_ok (large, &o);
  assert_same_summaries (first, again, abridge_document_get_sentence_count (small));
  assert_same_summaries (big, big_again, abridge_document_get_sentence_count (large));
  abridge_summary_free (first);
  abridge_summary_free (big);
  abridge_summary_free (again);
  abridge_summary_free (big_again);
  abridge_document_free (small);
  abridge_document_free (large);
}
END_TEST

/* ---- Redundancy ------------------------------------------------------------------------ */

static const char mmr_text[] =
  "The harbour bridge needs urgent repairs to its steel bearings. "
  "Local schools will open a new library next week. "
  "The harbour bridge needs urgent repairs to its steel bearings. "
  "Farmers expect a good harvest this year.";

START_TEST (test_mmr_full_diversity_skips_duplicate_sentence)
{
  AbridgeDocument *doc = test_document (engine, mmr_text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 2;
  o.diversity = 1;
  AbridgeSummary *summary = summarize_ok (doc, &o);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 2);
  ck_assert_str_ne (abridge_summary_get_text (summary, 0), abridge_summary_get_text (summary, 1));
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_mmr_no_diversity_keeps_duplicate_sentence)
{
  /* The contrast: without the penalty both copies of the best sentence are picked. */
  AbridgeDocument *doc = test_document (engine, mmr_text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 2;
  o.diversity = 0;
  AbridgeSummary *summary = summarize_ok (doc, &o);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 2);
  ck_assert_uint_eq (abridge_summary_get_index (summary, 0), 0);
  ck_assert_uint_eq (abridge_summary_get_index (summary, 1), 2);
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_query_focuses_summary)
{
  AbridgeDocument *doc = test_document (engine, mmr_text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = 1;
  o.method = "query";
  o.query = "Which libraries open?";
  AbridgeSummary *summary = summarize_ok (doc, &o);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 1);
  ck_assert_str_eq (abridge_summary_get_text (summary, 0),
                    "Local schools will open a new library next week.");
  abridge_summary_free (summary);

  o.query = "harvest";
  summary = summarize_ok (doc, &o);
  ck_assert_str_eq (abridge_summary_get_text (summary, 0),
                    "Farmers expect a good harvest this year.");
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

/* ---- Known bugs ------------------------------------------------------------------------ */

START_TEST (test_bug_order_score_gives_descending_scores)
{
  /* ABRIDGE_ORDER_SCORE is "best first", but with the default diversity (0.3) sentences come
   * out in MMR pick order while the reported scores are the raw scores, so they are not
   * descending. */
  const char *files[] = { "news-harbour-bridge.txt", "tech-write-ahead-log.txt",
                          "news-vaccine-rollout.txt", "report-river-survey.txt" };
  for (guint f = 0; f < G_N_ELEMENTS (files); f++) {
    AbridgeDocument *doc = corpus_document (files[f]);
    AbridgeSummaryOptions o;
    abridge_summary_options_init (&o);
    o.sentences = 7;
    o.order = ABRIDGE_ORDER_SCORE;
    AbridgeSummary *summary = summarize_ok (doc, &o);
    for (guint i = 1; i < abridge_summary_get_count (summary); i++)
      ck_assert_msg (abridge_summary_get_score (summary, i - 1)
                     >= abridge_summary_get_score (summary, i),
                     "%s, --order score: sentence %u has score %.4f, after %.4f", files[f], i,
                     abridge_summary_get_score (summary, i),
                     abridge_summary_get_score (summary, i - 1));
    abridge_summary_free (summary);
    abridge_document_free (doc);
  }
}
END_TEST

static Suite *
summarize_suite (void)
{
  Suite *s = suite_create ("summarize");

  TCase *budget = tcase_create ("budget");
  tcase_add_checked_fixture (budget, setup, teardown);
  tcase_add_test (budget, test_budget_more_sentences_than_candidates_returns_all);
  tcase_add_test (budget, test_budget_sentences_exact);
  tcase_add_test (budget, test_budget_default_is_20_percent_clamped_1_to_7);
  tcase_add_test (budget, test_budget_default_counts_candidates_not_headings);
  tcase_add_test (budget, test_budget_ratio);
  tcase_add_test (budget, test_budget_words_never_exceeded_except_single_sentence);
  tcase_add_test (budget, test_budget_words_combined_with_sentences);
  tcase_add_test (budget, test_budget_max_chars);
  suite_add_tcase (s, budget);

  TCase *selection = tcase_create ("selection");
  tcase_add_checked_fixture (selection, setup, teardown);
  tcase_add_test (selection, test_output_in_document_order);
  tcase_add_test (selection, test_order_score_descending_without_diversity);
  tcase_add_test (selection, test_summary_sentences_match_document);
  tcase_add_test (selection, test_one_sentence_document_returns_it);
  tcase_add_test (selection, test_empty_document_returns_no_sentences);
  tcase_add_test (selection, test_headings_and_title_never_selected);
  tcase_add_test (selection, test_mmr_full_diversity_skips_duplicate_sentence);
  tcase_add_test (selection, test_mmr_no_diversity_keeps_duplicate_sentence);
  tcase_add_test (selection, test_query_focuses_summary);
  suite_add_tcase (s, selection);

  TCase *options = tcase_create ("options");
  tcase_add_checked_fixture (options, setup, teardown);
  tcase_add_test (options, test_options_out_of_range_are_refused);
  tcase_add_test (options, test_options_init_and_methods);
  tcase_add_test (options, test_deterministic);
  tcase_add_test (options, test_same_results_around_a_larger_document);
  suite_add_tcase (s, options);

  TCase *bugs = tcase_create ("known-bugs");
  tcase_add_checked_fixture (bugs, setup, teardown);
  tcase_add_test (bugs, test_bug_order_score_gives_descending_scores);
  suite_add_tcase (s, bugs);
  return s;
}

ABRIDGE_TEST_MAIN (summarize_suite)
