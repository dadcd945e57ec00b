/* test-threads.c — one AbridgeEngine shared by 8 threads (public API only).
 *
 * abridge.h promises that a configured engine may be shared read-only between any number of
 * threads. Every document of corpus/ is analyzed, summarized (two option sets, with every
 * sentence's score) and mined for keyphrases (with every occurrence), and everything is
 * printed to a string: sentence texts, byte offsets and scores (%.17g, so any difference in a
 * double shows). That string, computed once on the main thread, must come out byte-identical
 * from each of 8 threads that run the same work concurrently, ITERATIONS times, each thread
 * starting at a different document so that different documents are in flight at once.
 *
 * Three engines: a plain English one, one with an IDF model (built from the corpus, saved,
 * and loaded back: a memory-mapped model as programs ship it) set on it, and an "auto" one
 * (each document in the language detected in it).
 *
 * ABRIDGE_THREAD_ITERATIONS overrides the number of passes per thread (default 8; 2 in a
 * build with ThreadSanitizer or AddressSanitizer). Run under ThreadSanitizer: see docs/api.md. */
#include <abridge.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CORPUS_DIR
#error "CORPUS_DIR must be defined"
#endif

#define N_THREADS 8

/* Sanitizers slow the work down 2-15 times: fewer passes keep the test within its time. */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
#define DEFAULT_ITERATIONS 2
#else
#define DEFAULT_ITERATIONS 8
#endif

typedef struct {
  char *name;
  char *text;
  gsize len;
} CorpusFile;

static GPtrArray *corpus;  /* of CorpusFile* */
static guint iterations = DEFAULT_ITERATIONS;

static void
corpus_file_free (gpointer data)
{
  CorpusFile *file = data;
  g_free (file->name);
  g_free (file->text);
  g_free (file);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The corpus' .txt files in name order (outside any test: errors abort). */
static GPtrArray *
load_corpus (void)
{
  GError *error = NULL;
  GDir *dir = g_dir_open (CORPUS_DIR, 0, &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);

  GPtrArray *files = g_ptr_array_new_with_free_func (corpus_file_free);
  for (guint i = 0; i < names->len; i++) {
    CorpusFile *file = g_new0 (CorpusFile, 1);
    file->name = g_strdup (g_ptr_array_index (names, i));
    char *path = g_build_filename (CORPUS_DIR, file->name, NULL);
    if (!g_file_get_contents (path, &file->text, &file->len, &error))
      g_error ("%s", error->message);
    g_free (path);
    g_ptr_array_add (files, file);
  }
  g_ptr_array_free (names, TRUE);
  if (files->len < 5)
    g_error ("only %u documents in %s", files->len, CORPUS_DIR);
  return files;
}

/* Everything the engine says about @file, as text. Returns NULL and sets @error on failure.
 * (transfer full) */
static char *
render (const AbridgeEngine *engine, const CorpusFile *file, GError **error)
{
  AbridgeDocument *document = abridge_document_new (engine, file->text, (gssize) file->len,
                                                    ABRIDGE_ANALYZE_DEFAULT, error);
  if (document == NULL)
    return NULL;

  GString *out = g_string_new (NULL);
  guint n_sentences = abridge_document_get_sentence_count (document);
  g_string_append_printf (out, "%s lang=%s sentences=%u words=%u title=%d invalid=%u\n",
                          file->name, abridge_document_get_language (document), n_sentences,
                          abridge_document_get_word_count (document),
                          abridge_document_get_title_index (document),
                          abridge_document_get_invalid_count (document));
  for (guint i = 0; i < n_sentences; i++) {
    gsize start, end;
    char *sentence = abridge_document_get_sentence (document, i, &start, &end);
    g_string_append_printf (out, "U %u %zu %zu %d %s\n", i, start, end,
                            abridge_document_sentence_is_heading (document, i), sentence);
    g_free (sentence);
  }

  AbridgeSummaryOptions summary_options[2];
  abridge_summary_options_init (&summary_options[0]);
  abridge_summary_options_init (&summary_options[1]);
  summary_options[1].sentences = 4;
  summary_options[1].order = ABRIDGE_ORDER_SCORE;
  summary_options[1].diversity = 0.4;
  for (guint o = 0; o < G_N_ELEMENTS (summary_options); o++) {
    AbridgeSummary *summary = abridge_summarize (document, &summary_options[o], error);
    if (summary == NULL)
      goto fail;
    for (guint i = 0; i < abridge_summary_get_count (summary); i++) {
      gsize start, end;
      abridge_summary_get_offsets (summary, i, &start, &end);
      g_string_append_printf (out, "S%u %u %zu %zu %.17g %s\n", o,
                              abridge_summary_get_index (summary, i), start, end,
                              abridge_summary_get_score (summary, i),
                              abridge_summary_get_text (summary, i));
    }
    g_string_append_printf (out, "S%u scores", o);
    for (guint i = 0; i < n_sentences; i++)
      g_string_append_printf (out, " %.17g", abridge_summary_get_sentence_score (summary, i));
    g_string_append_c (out, '\n');
    abridge_summary_free (summary);
  }

  AbridgeKeywordOptions keyword_options[2];
  abridge_keyword_options_init (&keyword_options[0]);
  abridge_keyword_options_init (&keyword_options[1]);
  keyword_options[1].count = 25;
  keyword_options[1].max_words = 1;
  keyword_options[1].no_dedup = TRUE;
  for (guint o = 0; o < G_N_ELEMENTS (keyword_options); o++) {
    AbridgeKeywords *keywords = abridge_keywords_extract (document, &keyword_options[o], error);
    if (keywords == NULL)
      goto fail;
    for (guint i = 0; i < abridge_keywords_get_count (keywords); i++) {
      guint frequency = abridge_keywords_get_frequency (keywords, i);
      g_string_append_printf (out, "K%u %.17g %s [%s] %u:", o,
                              abridge_keywords_get_score (keywords, i),
                              abridge_keywords_get_text (keywords, i),
                              abridge_keywords_get_stem (keywords, i), frequency);
      for (guint j = 0; j < frequency; j++) {
        gsize start, end;
        abridge_keywords_get_occurrence (keywords, i, j, &start, &end);
        g_string_append_printf (out, " %zu-%zu", start, end);
      }
      g_string_append_c (out, '\n');
    }
    abridge_keywords_free (keywords);
  }

  abridge_document_free (document);
  return g_string_free (out, FALSE);

fail:
  abridge_document_free (document);
  g_string_free (out, TRUE);
  return NULL;
}

typedef struct {
  const AbridgeEngine *engine;
  char **expected;           /* per corpus file */
  gint mismatches;           /* atomic */
  gint failures;             /* atomic */
  gpointer first_problem;    /* atomic: char *, set once */
  gint open;                 /* atomic: the start gate, all threads begin together */
} Shared;

/* Synchronization here is atomics and thread creation/join only: GMutex and GCond are futex
 * based in an uninstrumented GLib, so ThreadSanitizer would not see them and would report
 * races that are not there. */

typedef struct {
  Shared *shared;
  guint index;
} Worker;

static void
note_problem (Shared *shared, char *message)
{
  if (!g_atomic_pointer_compare_and_exchange (&shared->first_problem, NULL, message))
    g_free (message);
}

/* The first line where @a and @b differ, for the failure message. (transfer full) */
static char *
first_difference (const char *a, const char *b)
{
  char **la = g_strsplit (a, "\n", -1);
  char **lb = g_strsplit (b, "\n", -1);
  char *result = NULL;
  for (guint i = 0; result == NULL; i++) {
    if (la[i] == NULL || lb[i] == NULL || strcmp (la[i], lb[i]) != 0)
      result = g_strdup_printf ("line %u:\n  single-threaded: %s\n  threaded:        %s", i + 1,
                                la[i] ? la[i] : "(end)", lb[i] ? lb[i] : "(end)");
  }
  g_strfreev (la);
  g_strfreev (lb);
  return result;
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  Shared *shared = worker->shared;

  while (!g_atomic_int_get (&shared->open))
    g_thread_yield ();

  for (guint it = 0; it < iterations; it++) {
    for (guint k = 0; k < corpus->len; k++) {
      guint d = (k + worker->index) % corpus->len;
      const CorpusFile *file = g_ptr_array_index (corpus, d);
      GError *error = NULL;
      char *got = render (shared->engine, file, &error);
      if (got == NULL) {
        g_atomic_int_inc (&shared->failures);
        note_problem (shared, g_strdup_printf ("thread %u, %s: %s", worker->index, file->name,
                                               error ? error->message : "?"));
        g_clear_error (&error);
      } else if (strcmp (got, shared->expected[d]) != 0) {
        g_atomic_int_inc (&shared->mismatches);
        char *diff = first_difference (shared->expected[d], got);
        note_problem (shared, g_strdup_printf ("thread %u, pass %u, %s differs at %s",
                                               worker->index, it, file->name, diff));
        g_free (diff);
      }
      g_free (got);
    }
  }
  return NULL;
}

/* Renders the corpus on this thread, then N_THREADS times ITERATIONS times concurrently, and
 * checks that every concurrent result equals the single-threaded one. Returns the
 * single-threaded results (transfer full, NULL-terminated). */
static char **
check_shared_engine (const AbridgeEngine *engine)
{
  Shared shared = { .engine = engine };

  shared.expected = g_new0 (char *, corpus->len + 1);
  for (guint d = 0; d < corpus->len; d++) {
    const CorpusFile *file = g_ptr_array_index (corpus, d);
    GError *error = NULL;
    shared.expected[d] = render (engine, file, &error);
    ck_assert_msg (shared.expected[d] != NULL, "%s: %s", file->name,
                   error ? error->message : "?");
    ck_assert_msg (strstr (shared.expected[d], "\nS0 ") != NULL, "%s: no summary", file->name);
    ck_assert_msg (strstr (shared.expected[d], "\nK0 ") != NULL, "%s: no keywords", file->name);
  }

  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  for (guint t = 0; t < N_THREADS; t++) {
    workers[t] = (Worker) { .shared = &shared, .index = t };
    threads[t] = g_thread_new ("abridge-test", worker_main, &workers[t]);
  }
  g_atomic_int_set (&shared.open, 1);
  for (guint t = 0; t < N_THREADS; t++)
    g_thread_join (threads[t]);

  int mismatches = g_atomic_int_get (&shared.mismatches);
  int failures = g_atomic_int_get (&shared.failures);
  char *problem = g_atomic_pointer_get (&shared.first_problem);
  ck_assert_msg (mismatches == 0 && failures == 0,
                 "%d of %u concurrent results differ, %d failed; first: %s", mismatches,
                 N_THREADS * iterations * corpus->len, failures, problem ? problem : "?");
  g_free (problem);
  return shared.expected;
}

START_TEST (test_shared_engine)
{
  GError *error = NULL;
  AbridgeEngine *engine = abridge_engine_new ("en", &error);
  ck_assert_msg (engine != NULL, "%s", error ? error->message : "?");
  g_strfreev (check_shared_engine (engine));
  abridge_engine_free (engine);
}
END_TEST

START_TEST (test_shared_engine_with_idf)
{
  GError *error = NULL;
  AbridgeEngine *engine = abridge_engine_new ("en", &error);
  ck_assert_msg (engine != NULL, "%s", error ? error->message : "?");

  /* The model: every corpus document, saved and loaded back. */
  AbridgeIdf *built = abridge_idf_new (engine);
  for (guint d = 0; d < corpus->len; d++) {
    const CorpusFile *file = g_ptr_array_index (corpus, d);
    AbridgeDocument *document = abridge_document_new (engine, file->text, (gssize) file->len,
                                                      ABRIDGE_ANALYZE_DEFAULT, &error);
    ck_assert_msg (document != NULL, "%s: %s", file->name, error ? error->message : "?");
    ck_assert_msg (abridge_idf_add_document (built, document, &error), "%s: %s", file->name,
                   error ? error->message : "?");
    abridge_document_free (document);
  }
  char *dir = g_dir_make_tmp ("abridge-threads-XXXXXX", &error);
  ck_assert_msg (dir != NULL, "%s", error ? error->message : "?");
  char *path = g_build_filename (dir, "corpus.idf", NULL);
  ck_assert_msg (abridge_idf_save (built, path, &error), "%s", error ? error->message : "?");
  abridge_idf_free (built);
  AbridgeIdf *model = abridge_idf_load (path, &error);
  ck_assert_msg (model != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (abridge_idf_get_document_count (model), corpus->len);

  /* Without the model first, to show that the model changes the results. */
  char **plain = g_new0 (char *, corpus->len + 1);
  for (guint d = 0; d < corpus->len; d++)
    plain[d] = render (engine, g_ptr_array_index (corpus, d), NULL);

  ck_assert_msg (abridge_engine_set_idf (engine, model, &error), "%s",
                 error ? error->message : "?");
  abridge_idf_free (model); /* the engine holds its own reference */
  remove (path);
  remove (dir);
  g_free (path);
  g_free (dir);

  char **with_idf = check_shared_engine (engine);
  guint changed = 0;
  for (guint d = 0; d < corpus->len; d++)
    changed += plain[d] != NULL && strcmp (plain[d], with_idf[d]) != 0;
  ck_assert_msg (changed > 0, "the IDF model changed no result");
  g_strfreev (plain);
  g_strfreev (with_idf);
  abridge_engine_free (engine);
}
END_TEST

/* An "auto" engine analyzes each document in the language detected in it, with the resources
 * of every language: the French, German, Russian... documents of the corpus then each use
 * their own stop words and stemmer, from 8 threads at once. Passes (with a note) on a build
 * that does not know "auto". */
START_TEST (test_shared_auto_engine)
{
  GError *error = NULL;
  AbridgeEngine *engine = abridge_engine_new ("auto", &error);
  if (engine == NULL && g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_LANGUAGE)) {
    printf ("note: no \"auto\" language in this build (%s); not tested\n", error->message);
    g_clear_error (&error);
    return;
  }
  ck_assert_msg (engine != NULL, "%s", error ? error->message : "?");
  char **results = check_shared_engine (engine);
  /* Detection is in effect: not every document came out English. */
  guint other = 0;
  for (guint d = 0; results[d] != NULL; d++)
    other += strstr (results[d], " lang=english ") == NULL;
  ck_assert_msg (other > 0, "every corpus document was analyzed as English");
  g_strfreev (results);
  abridge_engine_free (engine);
}
END_TEST

static Suite *
threads_suite (void)
{
  Suite *suite = suite_create ("threads");
  TCase *tc = tcase_create ("shared-engine");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_shared_engine);
  tcase_add_test (tc, test_shared_engine_with_idf);
  tcase_add_test (tc, test_shared_auto_engine);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  const char *env = g_getenv ("ABRIDGE_THREAD_ITERATIONS");
  if (env != NULL && atoi (env) > 0)
    iterations = (guint) atoi (env);
  corpus = load_corpus ();

  SRunner *runner = srunner_create (threads_suite ());
  srunner_run_all (runner, CK_NORMAL);
  int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  g_ptr_array_free (corpus, TRUE);
  return failed == 0 ? 0 : 1;
}
