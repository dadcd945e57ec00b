/* abridge-test.h — small helpers shared by the unit tests (Check). Header-only: every helper
 * is static, and a test file uses what it needs. */
#ifndef ABRIDGE_TEST_H
#define ABRIDGE_TEST_H

#include <check.h>
#include <glib.h>
#include <string.h>

#include "abridge.h"
#include "abridge-test-text.h"

/* Runs @suite and turns the result into the exit status that meson's 'exitcode' protocol
 * expects. */
#define ABRIDGE_TEST_MAIN(make_suite)                                                        \
  int main (void)                                                                            \
  {                                                                                          \
    SRunner *runner = srunner_create (make_suite ());                                        \
    srunner_run_all (runner, CK_NORMAL);                                                     \
    int failed = srunner_ntests_failed (runner);                                             \
    srunner_free (runner);                                                                   \
    return failed == 0 ? 0 : 1;                                                              \
  }

G_GNUC_UNUSED static AbridgeEngine *
test_engine (const char *language)
{
  GError *error = NULL;
  AbridgeEngine *engine = abridge_engine_new (language, &error);
  ck_assert_msg (engine != NULL, "engine for %s: %s", language ? language : "(default)",
                 error ? error->message : "?");
  return engine;
}

/* Analyzes NUL-terminated @text; fails the test on error. */
G_GNUC_UNUSED static AbridgeDocument *
test_document (const AbridgeEngine *engine, const char *text, AbridgeAnalyzeFlags flags)
{
  GError *error = NULL;
  AbridgeDocument *document = abridge_document_new (engine, text, -1, flags, &error);
  ck_assert_msg (document != NULL, "analysis failed: %s", error ? error->message : "?");
  return document;
}

/* Whitespace runs folded to one space, leading and trailing whitespace dropped (the way the
 * engine prints sentences). (transfer full) */
G_GNUC_UNUSED static char *
test_fold_space (const char *text, gssize len)
{
  return test_fold (text, len);
}

/* Sentence @i of @document (folded text). (transfer full) */
G_GNUC_UNUSED static char *
test_sentence (const AbridgeDocument *document, guint i)
{
  return abridge_document_get_sentence (document, i, NULL, NULL);
}

/* Checks that the document's units are exactly @expected (NULL-terminated), and prints all
 * units on failure. */
G_GNUC_UNUSED static void
test_assert_sentences (const AbridgeDocument *document, const char *const *expected)
{
  guint n = abridge_document_get_sentence_count (document);
  guint want = g_strv_length ((char **) expected);
  GString *actual = g_string_new (NULL);
  gboolean same = n == want;
  for (guint i = 0; i < n; i++) {
    char *s = test_sentence (document, i);
    g_string_append_printf (actual, "\n  [%u] <%s>", i, s);
    if (i < want && strcmp (s, expected[i]) != 0)
      same = FALSE;
    g_free (s);
  }
  if (!same) {
    GString *wanted = g_string_new (NULL);
    for (guint i = 0; i < want; i++)
      g_string_append_printf (wanted, "\n  [%u] <%s>", i, expected[i]);
    ck_abort_msg ("sentences differ; expected %u:%s\ngot %u:%s", want, wanted->str, n,
                  actual->str);
  }
  g_string_free (actual, TRUE);
}

/* Reads a corpus file (CORPUS_DIR/@name). (transfer full) */
#ifdef CORPUS_DIR
G_GNUC_UNUSED static char *
test_corpus_file (const char *name, gsize *length)
{
  char *path = g_build_filename (CORPUS_DIR, name, NULL);
  char *contents = NULL;
  GError *error = NULL;
  gboolean ok = g_file_get_contents (path, &contents, length, &error);
  ck_assert_msg (ok, "cannot read %s: %s", path, error ? error->message : "?");
  g_free (path);
  return contents;
}
#endif

#endif
