/* fuzz-common.h — shared by the libFuzzer targets in tests/fuzz/: property checks that hold for
 * every input (the contracts stated in include/abridge.h), and one "pipeline" run (document,
 * summaries with several budgets, keyphrases) that the text-taking targets share.
 *
 * A failed check prints what failed and abort()s, so that libFuzzer saves the input as a crash.
 * GLib criticals and warnings (g_return_val_if_fail) are made fatal for the same reason. */
#ifndef ABRIDGE_FUZZ_COMMON_H
#define ABRIDGE_FUZZ_COMMON_H

#include <abridge.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../abridge-test-text.h"

#define FUZZ_CHECK(cond, ...)                                                                 \
  do {                                                                                       \
    if (G_UNLIKELY (!(cond))) {                                                              \
      fprintf (stderr, "\n*** fuzz check failed at %s:%d: %s\n*** ", __FILE__, __LINE__,    \
               #cond);                                                                       \
      fprintf (stderr, __VA_ARGS__);                                                         \
      fputc ('\n', stderr);                                                                  \
      abort ();                                                                              \
    }                                                                                        \
  } while (0)

/* ABRIDGE_FUZZ_SKIP_KNOWN=1: inputs that would only hit a known, reported bug again are steered
 * around it, so that a run can go past it: see fuzz_summarize_and_extract() and fuzz-idf-load.c. */
static gboolean fuzz_skip_known;

static inline void
fuzz_init_glib (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  fuzz_skip_known = g_strcmp0 (g_getenv ("ABRIDGE_FUZZ_SKIP_KNOWN"), "1") == 0;
}

/* Engines for @languages, in order, into @engines; "auto" is left out when the library cannot
 * make it, any other failure is fatal. Returns how many were made. */
static inline guint
fuzz_make_engines (const char *const *languages, guint n, AbridgeEngine **engines)
{
  guint count = 0;
  for (guint i = 0; i < n; i++) {
    GError *error = NULL;
    AbridgeEngine *engine = abridge_engine_new (languages[i], &error);
    if (engine != NULL)
      engines[count++] = engine;
    else if (strcmp (languages[i], "auto") == 0)
      g_clear_error (&error);
    else
      g_error ("engine %s: %s", languages[i], error->message);
  }
  return count;
}

/* A deterministic hash of the input, used to pick options (the input's bytes are all text). */
static inline guint32
fuzz_hash (const guint8 *data, gsize size)
{
  guint32 h = 2166136261u;
  for (gsize i = 0; i < size; i++)
    h = (h ^ data[i]) * 16777619u;
  return h ^ (guint32) size;
}

/* Every sentence: offsets inside the input, start <= end, in order without overlap, and its text
 * is the input's bytes [start, end) with whitespace folded. */
static inline void
fuzz_check_document (const AbridgeDocument *doc, const guint8 *data, gsize size)
{
  guint n = abridge_document_get_sentence_count (doc);
  gint title = abridge_document_get_title_index (doc);
  FUZZ_CHECK (title >= -1 && title < (gint) n, "title index %d of %u sentences", title, n);
  gsize previous_end = 0;
  for (guint i = 0; i < n; i++) {
    gsize start = G_MAXSIZE, end = G_MAXSIZE;
    char *text = abridge_document_get_sentence (doc, i, &start, &end);
    FUZZ_CHECK (text != NULL, "sentence %u: NULL text", i);
    FUZZ_CHECK (start <= end, "sentence %u: start %zu > end %zu", i, start, end);
    FUZZ_CHECK (end <= size, "sentence %u: end %zu beyond the input (%zu bytes)", i, end, size);
    FUZZ_CHECK (start >= previous_end, "sentence %u starts at %zu, before the previous end %zu",
                i, start, previous_end);
    FUZZ_CHECK (g_utf8_validate (text, -1, NULL), "sentence %u: text is not valid UTF-8", i);
    /* Invalid bytes replaced by U+FFFD one by one (as the engine does), then folded. */
    char *expected = test_fold_slice ((const char *) data, start, end);
    FUZZ_CHECK (strcmp (text, expected) == 0,
                "sentence %u [%zu, %zu): text differs from the input's folded bytes\n"
                "    got:      \"%.200s\"\n    expected: \"%.200s\"",
                i, start, end, text, expected);
    g_free (expected);
    g_free (text);
    (void) abridge_document_sentence_is_heading (doc, i);
    previous_end = end;
  }
}

static inline void
fuzz_check_summary (const AbridgeDocument *doc, const AbridgeSummary *summary,
                    const AbridgeSummaryOptions *options, gsize size)
{
  guint n = abridge_document_get_sentence_count (doc);
  guint count = abridge_summary_get_count (summary);
  FUZZ_CHECK (count <= n, "summary of %u sentences from %u", count, n);
  if (options->sentences > 0)
    FUZZ_CHECK (count <= options->sentences, "%u sentences, budget %u", count,
                options->sentences);
  /* Headings and boilerplate are never chosen, except in a text that has nothing else (then
   * any unit but the title may be: engine/summarize.c; tests/inputs/regress-all-boilerplate.bin,
   * one paragraph of furniture cut into pieces whose last is a heading). */
  gboolean has_candidates = FALSE;
  for (guint i = 0; i < n && !has_candidates; i++)
    has_candidates = !abridge_document_sentence_is_heading (doc, i)
                     && !abridge_document_sentence_is_boilerplate (doc, i);
  gint title = abridge_document_get_title_index (doc);
  guint previous = 0;
  for (guint i = 0; i < count; i++) {
    guint index = abridge_summary_get_index (summary, i);
    FUZZ_CHECK (index < n, "summary sentence %u has index %u of %u", i, index, n);
    if (has_candidates)
      FUZZ_CHECK (!abridge_document_sentence_is_heading (doc, index)
                  && !abridge_document_sentence_is_boilerplate (doc, index),
                  "summary sentence %u (index %u) is a heading or boilerplate", i, index);
    else
      FUZZ_CHECK ((gint) index != title, "summary sentence %u is the title (index %u)", i, index);
    if (options->order == ABRIDGE_ORDER_DOCUMENT && i > 0)
      FUZZ_CHECK (index > previous, "document order: index %u after %u", index, previous);
    previous = index;
    gsize start = G_MAXSIZE, end = G_MAXSIZE, ds = 0, de = 0;
    abridge_summary_get_offsets (summary, i, &start, &end);
    FUZZ_CHECK (start <= end && end <= size, "summary sentence %u: [%zu, %zu) of %zu bytes", i,
                start, end, size);
    char *text = abridge_document_get_sentence (doc, index, &ds, &de);
    FUZZ_CHECK (ds == start && de == end, "summary offsets [%zu, %zu), document's [%zu, %zu)",
                start, end, ds, de);
    FUZZ_CHECK (strcmp (text, abridge_summary_get_text (summary, i)) == 0,
                "summary text differs from the document's sentence %u", index);
    g_free (text);
    double score = abridge_summary_get_score (summary, i);
    FUZZ_CHECK (isfinite (score), "summary sentence %u: score %g", i, score);
  }
  for (guint i = 0; i < n; i++) {
    double score = abridge_summary_get_sentence_score (summary, i);
    FUZZ_CHECK (isfinite (score), "sentence %u: score %g", i, score);
  }
}

static inline void
fuzz_check_keywords (const AbridgeKeywords *keywords, const AbridgeKeywordOptions *options,
                     gsize size)
{
  guint count = abridge_keywords_get_count (keywords);
  FUZZ_CHECK (count <= options->count, "%u keyphrases, %u asked", count, options->count);
  for (guint i = 0; i < count; i++) {
    const char *text = abridge_keywords_get_text (keywords, i);
    const char *stem = abridge_keywords_get_stem (keywords, i);
    FUZZ_CHECK (text != NULL && *text && g_utf8_validate (text, -1, NULL),
                "keyphrase %u: empty or invalid text \"%s\"", i,
                text ? g_strescape (text, NULL) : "(null)");
    /* Known bug (tests/inputs/regress-greek-empty-stem.bin): a word that the Snowball stemmer
     * reduces to nothing (Greek "αμε", "εις") becomes a term whose stem is "". */
    FUZZ_CHECK (stem != NULL && (*stem || fuzz_skip_known) && g_utf8_validate (stem, -1, NULL),
                "keyphrase %u \"%s\": empty or invalid stem \"%s\"", i, g_strescape (text, NULL),
                stem ? g_strescape (stem, NULL) : "(null)");
    double score = abridge_keywords_get_score (keywords, i);
    FUZZ_CHECK (isfinite (score), "keyphrase %u: score %g", i, score);
    guint frequency = abridge_keywords_get_frequency (keywords, i);
    FUZZ_CHECK (frequency >= 1, "keyphrase %u: frequency 0", i);
    for (guint j = 0; j < frequency; j++) {
      gsize start = G_MAXSIZE, end = G_MAXSIZE;
      abridge_keywords_get_occurrence (keywords, i, j, &start, &end);
      FUZZ_CHECK (start < end && end <= size, "keyphrase %u occurrence %u: [%zu, %zu) of %zu",
                  i, j, start, end, size);
    }
  }
}

/* Analyzes @data with @engine and checks the document against the input. Returns the document
 * (NULL when the input was refused, which must be for a documented reason). */
static inline AbridgeDocument *
fuzz_analyze (const AbridgeEngine *engine, const guint8 *data, gsize size,
              AbridgeAnalyzeFlags flags)
{
  GError *error = NULL;
  AbridgeDocument *doc = abridge_document_new (engine, (const char *) data, (gssize) size, flags,
                                               &error);
  gboolean has_nul = size > 0 && memchr (data, '\0', size) != NULL;
  gssize invalid_at = test_first_invalid ((const char *) data, size);
  if (doc == NULL) {
    FUZZ_CHECK (error != NULL && error->domain == ABRIDGE_ERROR, "NULL document without error");
    if (has_nul)
      FUZZ_CHECK (error->code == ABRIDGE_ERROR_BINARY, "NUL byte: error %d (%s)", error->code,
                  error->message);
    else
      FUZZ_CHECK ((flags & ABRIDGE_ANALYZE_STRICT) && invalid_at >= 0
                  && error->code == ABRIDGE_ERROR_INVALID_UTF8,
                  "refused a text input: %s", error->message);
    g_error_free (error);
    return NULL;
  }
  FUZZ_CHECK (!has_nul, "a document made from input with a NUL byte");
  FUZZ_CHECK (!(flags & ABRIDGE_ANALYZE_STRICT) || invalid_at < 0,
              "strict analysis accepted invalid UTF-8 (at %zd)", invalid_at);
  guint invalid = abridge_document_get_invalid_count (doc);
  FUZZ_CHECK ((invalid > 0) == (invalid_at >= 0), "invalid count %u, first invalid at %zd",
              invalid, invalid_at);
  if (invalid > 0)
    FUZZ_CHECK (abridge_document_get_first_invalid_offset (doc) == (gsize) invalid_at,
                "first invalid offset %zu, expected %zd",
                abridge_document_get_first_invalid_offset (doc), invalid_at);
  fuzz_check_document (doc, data, size);
  return doc;
}

/* Summaries with a budget picked by @variant, then keyphrases. */
static inline void
fuzz_summarize_and_extract (const AbridgeDocument *doc, gsize size, guint32 variant)
{
  static const char *const summary_methods[] = { NULL, "tfidf", "centrality", "position",
                                                 "title", "length", "query" };
  static const char *const keyword_methods[] = { NULL, "tfidf", "frequency" };
  GError *error = NULL;
  /* Known bug (tests/inputs/many-short-sentences.txt): the greedy MMR selection in
   * abridge_summarize() costs O(selected x sentences) cosines, so a large budget (ratio, words,
   * characters) over thousands of sentences takes seconds to minutes. */
  gboolean small_budgets_only = fuzz_skip_known
                                && abridge_document_get_sentence_count (doc) > 1000;

  for (guint round = 0; round < 3; round++) {
    guint32 v = variant >> (round * 5);
    AbridgeSummaryOptions so;
    abridge_summary_options_init (&so);
    guint budget = (v + round) % 6;
    if (small_budgets_only && budget >= 3)
      budget = 2;
    switch (budget) {
    case 0: break;                                     /* default length */
    case 1: so.sentences = 1; break;
    case 2: so.sentences = 3 + (v >> 3) % 5; break;
    case 3: so.ratio = 1 + (v >> 3) % 100; break;
    case 4: so.words = 1 + (v >> 3) % 60; break;
    case 5: so.max_chars = 1 + (v >> 3) % 400; so.sentences = 50; break;
    }
    so.order = (v >> 10) & 1 ? ABRIDGE_ORDER_SCORE : ABRIDGE_ORDER_DOCUMENT;
    if ((v >> 11) & 1)
      so.diversity = ((v >> 12) % 11) / 10.0;
    so.method = summary_methods[(v >> 15) % G_N_ELEMENTS (summary_methods)];
    if ((v >> 18) & 1 || (so.method && strcmp (so.method, "query") == 0))
      so.query = (v >> 19) & 1 ? "the bridge council repair" : "";
    AbridgeSummary *summary = abridge_summarize (doc, &so, &error);
    FUZZ_CHECK (summary != NULL, "summarize failed: %s", error ? error->message : "?");
    fuzz_check_summary (doc, summary, &so, size);
    abridge_summary_free (summary);
  }

  AbridgeKeywordOptions ko;
  abridge_keyword_options_init (&ko);
  ko.count = 1 + (variant >> 20) % 30;
  ko.max_words = 1 + (variant >> 25) % 8;
  ko.no_dedup = (variant >> 28) & 1;
  ko.method = keyword_methods[(variant >> 29) % G_N_ELEMENTS (keyword_methods)];
  AbridgeKeywords *keywords = abridge_keywords_extract (doc, &ko, &error);
  FUZZ_CHECK (keywords != NULL, "keywords failed: %s", error ? error->message : "?");
  fuzz_check_keywords (keywords, &ko, size);
  abridge_keywords_free (keywords);
}

#endif
