/* test-fds.c — no file descriptor leaks, in the command and in the library.
 *
 *   - the abridge command over a directory of DOCUMENTS small files and over JSON Lines (many
 *     files, and one stream on stdin), with --threads 2, in every mode that reads files
 *     (summarize, keywords, --format json, --merge, idf build, --idf, --batch, idf build
 *     --jsonl), runs with RLIMIT_NOFILE = FD_LIMIT (far fewer than the files): one descriptor
 *     kept per file would make it fail. Each run must succeed with one result per document;
 *   - the library: engines, documents, summaries, keyphrases, IDF models built, saved, loaded
 *     (also corrupt, missing and directory paths, which fail), merged and set on an engine,
 *     ROUNDS times over: the entries of /proc/self/fd and the mappings of the model files in
 *     /proc/self/maps are the same before and after.
 *
 * Usage: test-fds ABRIDGE_BINARY CORPUS_DIR */
#include "abridge-test.h"
#include "abridge-test-run.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>

#define DOCUMENTS 300 /* small files, far more than FD_LIMIT */
#define JSONL_FILES 60 /* DOCUMENTS / JSONL_FILES records each */
#define FD_LIMIT 64
#define ROUNDS 100

static const char *abridge_path;
static const char *corpus_dir;
static char *tmpdir;
static char *docs_dir;    /* DOCUMENTS files, doc-NNN.txt */
static GPtrArray *jsonl;  /* JSONL_FILES paths */
static char *all_jsonl;   /* every record in one file */

/* The paragraphs of the corpus/ texts, in file order. (transfer full) */
static GPtrArray *
corpus_paragraphs (void)
{
  GPtrArray *paragraphs = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *files = test_list_files (corpus_dir, ".txt", NULL);
  ck_assert_msg (files != NULL, "cannot read %s", corpus_dir);
  for (guint i = 0; i < files->len; i++) {
    char *text = test_read_file (g_ptr_array_index (files, i), NULL);
    char **parts = g_strsplit (text, "\n\n", -1);
    for (guint j = 1; parts[j]; j++) /* parts[0]: the title */
      if (strlen (g_strstrip (parts[j])) > 0)
        g_ptr_array_add (paragraphs, g_strdup (parts[j]));
    g_strfreev (parts);
    g_free (text);
  }
  g_ptr_array_unref (files);
  ck_assert_uint_gt (paragraphs->len, 10);
  return paragraphs;
}

static char *
json_record (guint i, const char *text)
{
  JsonNode *node = json_node_init_string (json_node_alloc (), text);
  char *quoted = json_to_string (node, FALSE);
  json_node_unref (node);
  char *line = g_strdup_printf ("{\"id\":\"d%03u\",\"text\":%s}\n", i, quoted);
  g_free (quoted);
  return line;
}

/* DOCUMENTS documents of a title and two paragraphs each, as files and as JSON Lines. */
static void
make_inputs (void)
{
  GPtrArray *paragraphs = corpus_paragraphs ();
  docs_dir = g_build_filename (tmpdir, "docs", NULL);
  char *jsonl_dir = g_build_filename (tmpdir, "jsonl", NULL);
  ck_assert (g_mkdir (docs_dir, 0700) == 0 && g_mkdir (jsonl_dir, 0700) == 0);
  jsonl = g_ptr_array_new_with_free_func (g_free);
  GString *all = g_string_new (NULL);
  GString *part = g_string_new (NULL);
  for (guint i = 0; i < DOCUMENTS; i++) {
    guint n = paragraphs->len;
    char *text = g_strdup_printf ("Document %u\n\n%s\n\n%s\n", i,
                                  (char *) g_ptr_array_index (paragraphs, i % n),
                                  (char *) g_ptr_array_index (paragraphs, (i * 7 + 3) % n));
    char *name = g_strdup_printf ("doc-%03u.txt", i);
    g_free (test_write_file (docs_dir, name, text, -1));
    char *line = json_record (i, text);
    g_string_append (all, line);
    g_string_append (part, line);
    if ((i + 1) % (DOCUMENTS / JSONL_FILES) == 0) {
      char *part_name = g_strdup_printf ("part-%02u.jsonl", jsonl->len);
      g_ptr_array_add (jsonl, test_write_file (jsonl_dir, part_name, part->str, -1));
      g_string_truncate (part, 0);
      g_free (part_name);
    }
    g_free (line);
    g_free (name);
    g_free (text);
  }
  ck_assert_uint_eq (jsonl->len, JSONL_FILES);
  all_jsonl = test_write_file (tmpdir, "all.jsonl", all->str, -1);
  g_string_free (all, TRUE);
  g_string_free (part, TRUE);
  g_free (jsonl_dir);
  g_ptr_array_unref (paragraphs);
}

static void
setup (void)
{
  GError *error = NULL;
  tmpdir = g_dir_make_tmp ("abridge-fds-XXXXXX", &error);
  ck_assert_msg (tmpdir != NULL, "%s", error ? error->message : "?");
  make_inputs ();
}

static void
teardown (void)
{
  test_remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  g_clear_pointer (&docs_dir, g_free);
  g_clear_pointer (&all_jsonl, g_free);
  g_clear_pointer (&jsonl, g_ptr_array_unref);
}

/* ---- the command, under RLIMIT_NOFILE ----------------------------------------------------- */

/* Runs abridge @args (NULL-terminated), then the JSONL_FILES files when @with_jsonl, with
 * stdin from @stdin_path, at most FD_LIMIT descriptors; it must succeed. (transfer full) */
static TestRun
run_limited (const char *stdin_path, gboolean with_jsonl, const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new ();
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  for (guint i = 0; with_jsonl && i < jsonl->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (jsonl, i));
  g_ptr_array_add (argv, NULL);
  TestRunOptions options = { .program = abridge_path, .cwd = tmpdir, .stdin_path = stdin_path,
                             .max_fds = FD_LIMIT };
  TestRun r = test_run (&options, (const char *const *) argv->pdata);
  g_ptr_array_unref (argv);
  test_run_assert_status (&r, 0);
  ck_assert_msg (r.err[0] == '\0', "%s: stderr:\n%.2000s", r.command, r.err);
  return r;
}

#define RUN_LIMITED(...) run_limited (NULL, FALSE, (const char *const[]) { __VA_ARGS__, NULL })
#define RUN_LIMITED_JSONL(...) run_limited (NULL, TRUE, (const char *const[]) { __VA_ARGS__, NULL })

/* Occurrences of @needle in @text. */
static guint
count_of (const char *text, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr (text, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

START_TEST (test_files_under_fd_limit)
{
  /* Text output: a header before each document's result. */
  TestRun summaries = RUN_LIMITED ("--threads", "2", "-n", "2", docs_dir);
  ck_assert_uint_eq (count_of (summaries.out, "==> "), DOCUMENTS);
  test_run_clear (&summaries);
  TestRun keywords = RUN_LIMITED ("keywords", "--threads", "2", docs_dir);
  ck_assert_uint_eq (count_of (keywords.out, "==> "), DOCUMENTS);
  test_run_clear (&keywords);
  /* JSON: one object a document. */
  TestRun json = RUN_LIMITED ("--format", "json", "--threads", "2", docs_dir);
  ck_assert_uint_eq (test_count_lines (json.out), DOCUMENTS);
  test_run_clear (&json);
  /* One summary of all. */
  TestRun merge = RUN_LIMITED ("--merge", "-n", "5", docs_dir);
  ck_assert_uint_eq (test_count_lines (merge.out), 5);
  test_run_clear (&merge);
  /* A model over the files, then used for each of them. */
  TestRun build = RUN_LIMITED ("idf", "build", "--threads", "2", "-o", "docs.idf", docs_dir);
  test_run_clear (&build);
  TestRun show = RUN_LIMITED ("idf", "show", "docs.idf");
  ck_assert_msg (strstr (show.out, "documents") && strstr (show.out, G_STRINGIFY (DOCUMENTS)),
                 "%s:\n%s", show.command, show.out);
  test_run_clear (&show);
  TestRun idf = RUN_LIMITED ("--idf", "docs.idf", "--threads", "2", docs_dir);
  ck_assert_uint_eq (count_of (idf.out, "==> "), DOCUMENTS);
  test_run_clear (&idf);
}
END_TEST

START_TEST (test_jsonl_under_fd_limit)
{
  TestRun summaries = RUN_LIMITED_JSONL ("summarize", "--batch", "--threads", "2");
  ck_assert_uint_eq (test_count_lines (summaries.out), DOCUMENTS);
  ck_assert_uint_eq (count_of (summaries.out, "\"summary\":"), DOCUMENTS);
  test_run_clear (&summaries);
  TestRun keywords = RUN_LIMITED_JSONL ("keywords", "--batch", "--threads", "2");
  ck_assert_uint_eq (count_of (keywords.out, "\"keywords\":"), DOCUMENTS);
  test_run_clear (&keywords);
  TestRun stream = run_limited (all_jsonl, FALSE, (const char *const[]) {
    "summarize", "--batch", "--threads", "2", NULL });
  ck_assert_uint_eq (count_of (stream.out, "\"summary\":"), DOCUMENTS);
  test_run_clear (&stream);
  TestRun build = RUN_LIMITED_JSONL ("idf", "build", "--jsonl", "--threads", "2", "-o",
                                     "jsonl.idf");
  test_run_clear (&build);
  /* The same documents, the same model, whichever way they came. */
  TestRun files = RUN_LIMITED ("idf", "build", "--threads", "2", "-o", "docs.idf", docs_dir);
  test_run_clear (&files);
  char *a = g_build_filename (tmpdir, "jsonl.idf", NULL);
  char *b = g_build_filename (tmpdir, "docs.idf", NULL);
  gsize la = 0, lb = 0;
  char *ca = test_read_file (a, &la), *cb = test_read_file (b, &lb);
  ck_assert_msg (la == lb && memcmp (ca, cb, la) == 0, "%s and %s differ", a, b);
  g_free (ca);
  g_free (cb);
  g_free (a);
  g_free (b);
}
END_TEST

/* ---- the library ---------------------------------------------------------------------------- */

static guint
count_fds (void)
{
  GDir *dir = g_dir_open ("/proc/self/fd", 0, NULL);
  ck_assert_msg (dir != NULL, "cannot list /proc/self/fd");
  guint n = 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

/* Lines of /proc/self/maps that map a file below @dir. */
static guint
count_mappings (const char *dir)
{
  char *maps = test_read_file ("/proc/self/maps", NULL);
  guint n = count_of (maps, dir);
  g_free (maps);
  return n;
}

/* One round of everything that may open or map a file. */
static void
library_round (const char *text, guint round)
{
  static const char *const languages[] = { "en", "auto", "fr" };
  AbridgeEngine *engine = test_engine (languages[round % G_N_ELEMENTS (languages)]);
  AbridgeEngine *english = test_engine ("en");
  AbridgeDocument *document = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  AbridgeDocument *plain = test_document (english, text, ABRIDGE_ANALYZE_NO_TITLE);
  GError *error = NULL;
  AbridgeSummary *summary = abridge_summarize (document, NULL, &error);
  ck_assert_msg (summary != NULL, "%s", error ? error->message : "?");
  abridge_summary_free (summary);
  AbridgeKeywords *keywords = abridge_keywords_extract (document, NULL, &error);
  ck_assert_msg (keywords != NULL, "%s", error ? error->message : "?");
  abridge_keywords_free (keywords);

  /* A model: built, saved, loaded, merged, set. */
  AbridgeIdf *idf = abridge_idf_new (english);
  ck_assert (abridge_idf_add_document (idf, plain, NULL));
  char *path = g_build_filename (tmpdir, round % 2 ? "a.idf" : "b.idf", NULL);
  ck_assert_msg (abridge_idf_save (idf, path, &error), "%s", error ? error->message : "?");
  AbridgeIdf *loaded = abridge_idf_load (path, &error);
  ck_assert_msg (loaded != NULL, "%s", error ? error->message : "?");
  ck_assert (abridge_idf_merge (idf, loaded, NULL));
  ck_assert (abridge_engine_set_idf (english, loaded, NULL));
  AbridgeDocument *weighed = test_document (english, text, ABRIDGE_ANALYZE_DEFAULT);
  abridge_document_free (weighed);

  /* Loads that fail: cut short, corrupt, empty, missing, a directory. */
  gsize length = 0;
  char *model = test_read_file (path, &length);
  char *bad = g_build_filename (tmpdir, "bad.idf", NULL);
  const gsize cuts[] = { length / 2, length - 1, 0 };
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++) {
    g_free (test_write_file (tmpdir, "bad.idf", model, (gssize) cuts[i]));
    AbridgeIdf *none = abridge_idf_load (bad, &error);
    ck_assert_msg (none == NULL && error != NULL, "a model cut at %zu of %zu bytes loaded",
                   cuts[i], length);
    g_clear_error (&error);
  }
  /* Past the checksum: a term count that does not match, with the checksum made right. */
  char *tail = g_strrstr (model, "\nchecksum sha256 ");
  char *terms = strstr (model, "\nterms ");
  ck_assert (tail != NULL && terms != NULL && terms < tail);
  GString *forged = g_string_new_len (model, terms - model);
  g_string_append_printf (forged, "\nterms %" G_GUINT64_FORMAT,
                          g_ascii_strtoull (terms + 7, NULL, 10) + 1);
  g_string_append_len (forged, strchr (terms + 1, '\n'), tail + 1 - strchr (terms + 1, '\n'));
  char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) forged->str,
                                           forged->len);
  g_string_append_printf (forged, "checksum sha256 %s\n", sum);
  g_free (test_write_file (tmpdir, "bad.idf", forged->str, (gssize) forged->len));
  ck_assert_msg (abridge_idf_load (bad, &error) == NULL && error != NULL,
                 "a model whose term count is off by one loaded");
  g_clear_error (&error);
  g_string_free (forged, TRUE);
  g_free (sum);
  model[length / 3] ^= 0x20; /* a flipped bit: the checksum no longer agrees */
  g_free (test_write_file (tmpdir, "bad.idf", model, (gssize) length));
  ck_assert (abridge_idf_load (bad, &error) == NULL);
  g_clear_error (&error);
  const char *const others[] = { "missing.idf", "." };
  for (guint i = 0; i < G_N_ELEMENTS (others); i++) {
    char *other = g_build_filename (tmpdir, others[i], NULL);
    ck_assert (abridge_idf_load (other, &error) == NULL);
    g_clear_error (&error);
    g_free (other);
  }

  g_free (bad);
  g_free (model);
  g_free (path);
  abridge_idf_free (loaded);
  abridge_idf_free (idf);
  abridge_document_free (plain);
  abridge_document_free (document);
  abridge_engine_free (english);
  abridge_engine_free (engine);
}

START_TEST (test_library_keeps_no_descriptors)
{
  char *path = g_build_filename (corpus_dir, "news-harbour-bridge.txt", NULL);
  char *text = test_read_file (path, NULL);
  library_round (text, 0); /* whatever is opened once and kept (resources) is opened now */
  guint fds = count_fds (), maps = count_mappings (tmpdir);
  for (guint round = 1; round <= ROUNDS; round++)
    library_round (text, round);
  guint fds_after = count_fds (), maps_after = count_mappings (tmpdir);
  ck_assert_msg (fds_after == fds, "%u file descriptors open before %u rounds, %u after", fds,
                 ROUNDS, fds_after);
  ck_assert_msg (maps_after == maps, "%u mappings of model files before %u rounds, %u after",
                 maps, ROUNDS, maps_after);
  g_free (text);
  g_free (path);
}
END_TEST

static Suite *
fds_suite (void)
{
  Suite *s = suite_create ("fds");
  TCase *command = tcase_create ("command");
  tcase_add_checked_fixture (command, setup, teardown);
  tcase_set_timeout (command, 300);
  tcase_add_test (command, test_files_under_fd_limit);
  tcase_add_test (command, test_jsonl_under_fd_limit);
  suite_add_tcase (s, command);
  TCase *library = tcase_create ("library");
  tcase_add_checked_fixture (library, setup, teardown);
  tcase_set_timeout (library, 300);
  tcase_add_test (library, test_library_keeps_no_descriptors);
  suite_add_tcase (s, library);
  return s;
}

int
main (int argc, char **argv)
{
  if (argc != 3) {
    fprintf (stderr, "usage: %s ABRIDGE_BINARY CORPUS_DIR\n", argv[0]);
    return 2;
  }
  abridge_path = g_canonicalize_filename (argv[1], NULL);
  corpus_dir = argv[2];
  return test_run_suite (fds_suite ());
}
