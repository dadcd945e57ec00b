/* test-policy.c — the input policy of the abridge command (README.md, "Input policy"), checked by
 * running the built binary on every file of tests/inputs/ and on a few made-up situations:
 *
 *   - exit status 0, or 1 for binary data (a NUL byte); invalid UTF-8 gives exactly one warning
 *     naming the file and the byte offset of the first invalid byte, and exit 1 with --strict;
 *     nothing on stdout for a document that failed;
 *   - never a crash signal, never a sanitizer report, each run under TIME_LIMIT seconds;
 *   - printed sentences, with the default budget and with every sentence (-r 100), are whole
 *     sentences of the input (whitespace folded); JSON offsets lie within the file and the bytes
 *     between them are the sentence; text and JSON agree;
 *   - empty or whitespace-only input: empty output, exit 0;
 *   - --idf with something that is not a model (a directory, any input file): exit 2; a model
 *     built from any input (idf build --lang auto) can be used (--idf);
 *   - an unreadable file: exit 2 (skipped as root, who can read it);
 *   - stdout closed early (abridge FILE | head -c 1): no error message;
 *   - the same output with --threads 1 and --threads 2 over the corpus/ texts (*.txt);
 *   - --max-bytes: a larger input is refused (exit 1, a message), one of exactly N bytes is not.
 *
 * Usage: test-policy ABRIDGE_BINARY INPUTS_DIR CORPUS_DIR */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abridge-test-run.h"
#include "abridge-test-text.h"

#define TIME_LIMIT 30.0 /* seconds, for any one run (a hang guard: generous for sanitizer builds on a loaded machine) */

static const char *abridge_path;
static const char *inputs_dir;
static const char *corpus_dir;
static GPtrArray *input_files; /* absolute paths of tests/inputs/ files, sorted */
static char *tmpdir;

/* ---- running the command --------------------------------------------------------------- */

/* Runs abridge with the NULL-terminated @args, stdin from /dev/null, killed after TIME_LIMIT. */
static TestRun
run_argv (const char *const *args)
{
  TestRunOptions options = { .program = abridge_path, .time_limit = TIME_LIMIT };
  return test_run (&options, args);
}

#define RUN(...) run_argv ((const char *const[]) { __VA_ARGS__, NULL })

/* ---- expectations from the input's bytes ----------------------------------------------- */

typedef struct {
  char *path;
  char *data;
  gsize size;
  gboolean binary;
  gssize invalid_at;
  char *folded;       /* the whole input, invalid bytes replaced, whitespace folded */
} Input;

static void
input_load (Input *in, const char *path)
{
  in->path = g_strdup (path);
  in->data = test_read_file (path, &in->size);
  in->binary = memchr (in->data, '\0', in->size) != NULL;
  in->invalid_at = in->binary ? -1 : test_first_invalid (in->data, in->size);
  in->folded = in->binary ? g_strdup ("") : test_fold_slice (in->data, 0, in->size);
}

static void
input_clear (Input *in)
{
  g_free (in->path);
  g_free (in->data);
  g_free (in->folded);
}

/* stderr for a run of one input: empty; or, for invalid UTF-8, exactly one warning line with
 * the file name and the byte offset of the first invalid byte. */
static void
assert_warning (const TestRun *r, const Input *in)
{
  if (in->invalid_at < 0) {
    ck_assert_msg (r->err[0] == '\0', "%s: unexpected stderr:\n%s", r->command, r->err);
    return;
  }
  char *offset = g_strdup_printf ("byte offset %" G_GSSIZE_FORMAT, in->invalid_at);
  ck_assert_msg (test_count_lines (r->err) == 1 && strstr (r->err, "warning") != NULL
                 && strstr (r->err, offset) != NULL && strstr (r->err, in->path) != NULL,
                 "%s: expected one warning line with the file name and '%s', got:\n%s",
                 r->command, offset, r->err);
  g_free (offset);
}

/* A document refused: exit 1, nothing on stdout, one line on stderr naming the file. */
static void
assert_refused (const TestRun *r, const Input *in, const char *what)
{
  test_run_assert_status (r, 1);
  ck_assert_msg (r->out_len == 0, "%s: stdout for a refused document:\n%.2000s", r->command,
                 r->out);
  ck_assert_msg (test_count_lines (r->err) == 1 && strstr (r->err, in->path) != NULL
                 && strstr (r->err, what) != NULL,
                 "%s: expected one error line with the file name and '%s', got:\n%s",
                 r->command, what, r->err);
}

/* Each line of text output is a sentence of the input, whitespace folded, and they come in
 * document order (the default): each is looked for after the previous one. */
static void
assert_sentences_in_order (const TestRun *r, const Input *in)
{
  const char *from = in->folded;
  char **lines = g_strsplit (r->out, "\n", -1);
  for (guint i = 0; lines[i] && lines[i + 1]; i++) {
    const char *at = lines[i][0] != '\0' ? strstr (from, lines[i]) : NULL;
    ck_assert_msg (at != NULL, "%s: output line %u is not a sentence of the input after the "
                   "previous line: \"%.300s\"", r->command, i + 1, lines[i]);
    from = at + strlen (lines[i]);
  }
  g_strfreev (lines);
}

static JsonObject *
parse_json_line (JsonParser *parser, const char *line, const char *command)
{
  GError *error = NULL;
  ck_assert_msg (json_parser_load_from_data (parser, line, -1, &error), "%s: bad JSON (%s): %s",
                 command, error ? error->message : "?", line);
  JsonNode *root = json_parser_get_root (parser);
  ck_assert_msg (root && JSON_NODE_HOLDS_OBJECT (root), "%s: not a JSON object: %s", command,
                 line);
  return json_node_get_object (root);
}

/* ---- one input file through every mode ------------------------------------------------- */

START_TEST (test_input_file)
{
  Input in = { 0 };
  input_load (&in, g_ptr_array_index (input_files, _i));

  /* Text output. */
  TestRun text = RUN (in.path);
  if (in.binary) {
    assert_refused (&text, &in, "binary");
  } else {
    test_run_assert_status (&text, 0);
    assert_warning (&text, &in);
    if (in.folded[0] == '\0')
      ck_assert_msg (text.out_len == 0, "%s: output for an empty or whitespace-only input:\n%s",
                     text.command, text.out);
    ck_assert_msg (text.out_len == strlen (text.out), "%s: NUL bytes in the output", text.command);
    ck_assert_msg (g_utf8_validate (text.out, -1, NULL), "%s: output is not UTF-8",
                   text.command);
    assert_sentences_in_order (&text, &in);
    ck_assert_msg (text.out_len == 0 || text.out[text.out_len - 1] == '\n',
                   "%s: output does not end with a newline", text.command);
  }

  /* The largest budget, every sentence (-r 100): the same exit status and warnings, whole
   * sentences, and still within the time bound. */
  TestRun all = RUN ("-r", "100", in.path);
  if (in.binary) {
    assert_refused (&all, &in, "binary");
  } else {
    test_run_assert_status (&all, 0);
    assert_warning (&all, &in);
    assert_sentences_in_order (&all, &in);
    ck_assert_msg (test_count_lines (all.out) >= test_count_lines (text.out),
                   "%s: fewer sentences (%u) than the default budget (%u)", all.command,
                   test_count_lines (all.out), test_count_lines (text.out));
  }

  /* --strict. */
  TestRun strict = RUN ("--strict", in.path);
  if (in.binary) {
    assert_refused (&strict, &in, "binary");
  } else if (in.invalid_at >= 0) {
    assert_refused (&strict, &in, "UTF-8");
  } else {
    test_run_assert_status (&strict, 0);
    ck_assert_msg (strcmp (strict.out, text.out) == 0 && strict.err[0] == '\0',
                   "%s: differs from the run without --strict", strict.command);
  }

  /* JSON: offsets within the file, the bytes between them are the sentence, and the sentences
   * are those of the text output. */
  TestRun json = RUN ("--format", "json", in.path);
  if (in.binary) {
    assert_refused (&json, &in, "binary");
  } else {
    test_run_assert_status (&json, 0);
    assert_warning (&json, &in);
    ck_assert_msg (test_count_lines (json.out) == 1, "%s: %u lines, expected one JSON object",
                   json.command, test_count_lines (json.out));
    JsonParser *parser = json_parser_new ();
    JsonObject *doc = parse_json_line (parser, json.out, json.command);
    JsonArray *summary = json_object_get_array_member (doc, "summary");
    ck_assert_msg (summary != NULL, "%s: no summary array", json.command);
    guint sentence_count = (guint) json_object_get_int_member (doc, "sentence_count");
    char **lines = g_strsplit (text.out, "\n", -1);
    guint n = json_array_get_length (summary);
    ck_assert_msg (n == test_count_lines (text.out), "%s: %u sentences, text output has %u",
                   json.command, n, test_count_lines (text.out));
    for (guint i = 0; i < n; i++) {
      JsonObject *s = json_array_get_object_element (summary, i);
      gint64 start = json_object_get_int_member (s, "start");
      gint64 end = json_object_get_int_member (s, "end");
      gint64 index = json_object_get_int_member (s, "index");
      const char *sentence = json_object_get_string_member (s, "text");
      ck_assert_msg (0 <= start && start <= end && (guint64) end <= in.size,
                     "%s: sentence %u at [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                     ") of a %zu-byte file", json.command, i, start, end, in.size);
      ck_assert_msg (0 <= index && index < sentence_count, "%s: index %" G_GINT64_FORMAT
                     " of %u sentences", json.command, index, sentence_count);
      char *expected = test_fold_slice (in.data, (gsize) start, (gsize) end);
      ck_assert_msg (strcmp (expected, sentence) == 0,
                     "%s: sentence %u: bytes [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                     ") are \"%.300s\", the text is \"%.300s\"", json.command, i, start, end,
                     expected, sentence);
      g_free (expected);
      ck_assert_msg (strcmp (sentence, lines[i]) == 0,
                     "%s: sentence %u differs from line %u of the text output", json.command,
                     i, i + 1);
    }
    g_strfreev (lines);
    g_object_unref (parser);
  }

  /* Keyphrases in JSON: occurrences within the file. */
  TestRun keywords = RUN ("keywords", "--format", "json", in.path);
  if (in.binary) {
    assert_refused (&keywords, &in, "binary");
  } else {
    test_run_assert_status (&keywords, 0);
    assert_warning (&keywords, &in);
    JsonParser *parser = json_parser_new ();
    JsonObject *doc = parse_json_line (parser, keywords.out, keywords.command);
    JsonArray *list = json_object_get_array_member (doc, "keywords");
    ck_assert_msg (list != NULL, "%s: no keywords array", keywords.command);
    if (in.folded[0] == '\0')
      ck_assert_msg (json_array_get_length (list) == 0, "%s: keyphrases of an empty input",
                     keywords.command);
    for (guint i = 0; i < json_array_get_length (list); i++) {
      JsonObject *k = json_array_get_object_element (list, i);
      const char *phrase = json_object_get_string_member (k, "text");
      ck_assert_msg (phrase && *phrase, "%s: keyphrase %u is empty", keywords.command, i);
      JsonArray *occurrences = json_object_get_array_member (k, "occurrences");
      for (guint j = 0; j < json_array_get_length (occurrences); j++) {
        JsonArray *o = json_array_get_array_element (occurrences, j);
        gint64 start = json_array_get_int_element (o, 0);
        gint64 end = json_array_get_int_element (o, 1);
        ck_assert_msg (0 <= start && start < end && (guint64) end <= in.size,
                       "%s: keyphrase \"%s\" occurs at [%" G_GINT64_FORMAT ", %"
                       G_GINT64_FORMAT ") of a %zu-byte file", keywords.command, phrase, start,
                       end, in.size);
      }
    }
    g_object_unref (parser);
  }

  /* The file as an IDF model: refused (none of these is a model), exit 2, one message. */
  char *bridge = g_build_filename (corpus_dir, "news-harbour-bridge.txt", NULL);
  TestRun idf = RUN ("--idf", in.path, bridge);
  test_run_assert_status (&idf, 2);
  ck_assert_msg (idf.out_len == 0 && test_count_lines (idf.err) == 1,
                 "%s: expected one error line and no output, got:\n%s\n%s", idf.command,
                 idf.out, idf.err);
  g_free (bridge);

  /* A model built from the file (language detected) is one abridge reads back. */
  char *model = g_build_filename (tmpdir, "input.model", NULL);
  TestRun build = RUN ("idf", "build", "--lang", "auto", "-o", model, in.path);
  test_run_assert_status (&build, in.binary ? 1 : 0);
  TestRun use = RUN ("--lang", "auto", "--idf", model, in.path);
  if (in.binary) {
    assert_refused (&use, &in, "binary");
  } else {
    test_run_assert_status (&use, 0);
    assert_warning (&use, &in);
  }
  g_free (model);

  test_run_clear (&build);
  test_run_clear (&use);
  test_run_clear (&text);
  test_run_clear (&all);
  test_run_clear (&strict);
  test_run_clear (&json);
  test_run_clear (&keywords);
  test_run_clear (&idf);
  input_clear (&in);
}
END_TEST

/* ---- situations ------------------------------------------------------------------------ */

static char *
corpus (const char *name)
{
  return g_build_filename (corpus_dir, name, NULL);
}

START_TEST (test_idf_directory_exits_2)
{
  char *dir = g_build_filename (tmpdir, "model-dir", NULL);
  ck_assert (g_mkdir (dir, 0700) == 0);
  char *file = corpus ("news-harbour-bridge.txt");
  TestRun r = RUN ("--idf", dir, file);
  test_run_assert_status (&r, 2);
  ck_assert_msg (r.out_len == 0 && test_count_lines (r.err) == 1 && strstr (r.err, dir) != NULL,
                 "%s: expected one error line naming the directory, got:\n%s", r.command, r.err);
  test_run_clear (&r);
  TestRun k = RUN ("keywords", "--idf", dir, file);
  test_run_assert_status (&k, 2);
  test_run_clear (&k);
  g_rmdir (dir);
  g_free (dir);
  g_free (file);
}
END_TEST

START_TEST (test_unreadable_file_exits_2)
{
  if (geteuid () == 0)
    return; /* root reads any file: nothing to test */
  char *path = g_build_filename (tmpdir, "unreadable.txt", NULL);
  ck_assert (g_file_set_contents (path, "Secret text. Nobody may read it.\n", -1, NULL));
  ck_assert (g_chmod (path, 0) == 0);
  char *other = corpus ("news-harbour-bridge.txt");
  TestRun r = RUN (path);
  test_run_assert_status (&r, 2);
  ck_assert_msg (r.out_len == 0 && test_count_lines (r.err) == 1 && strstr (r.err, path) != NULL,
                 "%s: expected one error line naming the file, got:\n%s", r.command, r.err);
  test_run_clear (&r);
  /* Among other inputs: they are still processed, the status is still 2. */
  TestRun both = RUN (path, other);
  test_run_assert_status (&both, 2);
  ck_assert_msg (both.out_len > 0, "%s: the readable file was not summarized", both.command);
  test_run_clear (&both);
  TestRun idf = RUN ("--idf", path, other);
  test_run_assert_status (&idf, 2);
  test_run_clear (&idf);
  g_chmod (path, 0600);
  g_unlink (path);
  g_free (path);
  g_free (other);
}
END_TEST

/* A large input whose output (every sentence) is far larger than a pipe's buffer. */
static char *
write_large_input (void)
{
  static const char *const subjects[] = { "The council", "A ferry", "The engineer", "Each crew",
                                          "The harbour", "A survey", "The mayor", "Every lane" };
  static const char *const verbs[] = { "inspected", "repaired", "closed", "painted", "measured",
                                       "opened", "reported", "approved" };
  GString *s = g_string_new ("Harbour works\n\n");
  for (guint i = 0; i < 4000; i++) {
    g_string_append_printf (s, "%s %s section %u of the bridge on day %u.", subjects[i % 8],
                            verbs[(i / 8) % 8], i, i / 3 + 1);
    g_string_append_c (s, i % 10 == 9 ? '\n' : ' ');
    if (i % 50 == 49)
      g_string_append_c (s, '\n');
  }
  char *path = g_build_filename (tmpdir, "large.txt", NULL);
  ck_assert (g_file_set_contents (path, s->str, (gssize) s->len, NULL));
  g_string_free (s, TRUE);
  return path;
}

START_TEST (test_closed_stdout_is_quiet)
{
  char *path = write_large_input ();
  /* As in a shell: abridge FILE | head -c 1, the pipeline's stderr kept in a file. */
  char *err_path = g_build_filename (tmpdir, "pipe-stderr", NULL);
  char *quoted_abridge = g_shell_quote (abridge_path);
  char *quoted_path = g_shell_quote (path);
  char *quoted_err = g_shell_quote (err_path);
  char *shell = g_strdup_printf ("exec 2>%s; %s -r 100 %s | head -c 1", quoted_err,
                                 quoted_abridge, quoted_path);
  g_free (quoted_abridge);
  g_free (quoted_path);
  g_free (quoted_err);
  char *out = NULL;
  int wait_status = 0;
  GError *error = NULL;
  const char *argv[] = { "/bin/sh", "-c", shell, NULL };
  ck_assert_msg (g_spawn_sync (tmpdir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &wait_status, &error),
                 "cannot run /bin/sh: %s", error ? error->message : "?");
  gsize err_len = 0;
  char *err = test_read_file (err_path, &err_len);
  ck_assert_msg (strlen (out) == 1, "%s: %zu bytes through head -c 1", shell, strlen (out));
  ck_assert_msg (err_len == 0, "%s: a message on stderr:\n%s", shell, err);
  g_free (err);
  g_free (err_path);
  g_free (out);
  g_free (shell);

  /* The same, with abridge's own status: read one byte of its stdout, then close the pipe;
   * with SIGPIPE at its default action (the process ends quietly by the signal) and ignored, as
   * some parents leave it (then writes fail with EPIPE, and abridge must still say nothing). */
  for (int ignore = 0; ignore < 2; ignore++) {
    int fds[2];
    ck_assert (pipe (fds) == 0);
    int err_fd = test_scratch_fd ();
    gint64 start = g_get_monotonic_time ();
    pid_t pid = fork ();
    ck_assert (pid >= 0);
    if (pid == 0) {
      int in_fd = open ("/dev/null", O_RDONLY);
      signal (SIGPIPE, ignore ? SIG_IGN : SIG_DFL);
      if (in_fd < 0 || dup2 (in_fd, 0) < 0 || dup2 (fds[1], 1) < 0 || dup2 (err_fd, 2) < 0)
        _exit (127);
      close (fds[0]);
      close (fds[1]);
      execl (abridge_path, abridge_path, "-r", "100", path, (char *) NULL);
      _exit (127);
    }
    close (fds[1]);
    char byte;
    ssize_t got;
    do
      got = read (fds[0], &byte, 1);
    while (got < 0 && errno == EINTR);
    ck_assert_msg (got == 1, "no output from abridge -r 100 %s", path);
    close (fds[0]);
    TestRun r = { 0 };
    r.command = g_strdup_printf ("abridge -r 100 %s (stdout closed after 1 byte, SIGPIPE %s)",
                                 path, ignore ? "ignored" : "default");
    test_wait_child (pid, start + (gint64) (TIME_LIMIT * G_USEC_PER_SEC), &r);
    r.err = test_read_fd (err_fd, NULL);
    close (err_fd);
    ck_assert_msg (!r.timed_out, "%s: still running after %.0f s", r.command, TIME_LIMIT);
    /* SIGPIPE is how a closed stdout ends a program quietly; any other signal is a crash. */
    ck_assert_msg (r.signal == 0 || (!ignore && r.signal == SIGPIPE),
                   "%s: killed by signal %d (%s)\n%s", r.command, r.signal,
                   g_strsignal (r.signal), r.err);
    ck_assert_msg (r.err[0] == '\0', "%s: a message on stderr:\n%s", r.command, r.err);
    test_run_clear (&r);
  }
  g_unlink (path);
  g_free (path);
}
END_TEST

static GPtrArray *
corpus_texts (void)
{
  GPtrArray *files = test_list_files (corpus_dir, ".txt", NULL);
  ck_assert_msg (files != NULL, "cannot open %s", corpus_dir);
  return files;
}

/* Runs "abridge [@mode...] -j THREADS FILES" for 1 and 2 threads and compares. */
static void
assert_thread_independent (const char *const *mode, GPtrArray *files)
{
  TestRun runs[2];
  for (int t = 0; t < 2; t++) {
    GPtrArray *args = g_ptr_array_new ();
    for (guint i = 0; mode[i]; i++)
      g_ptr_array_add (args, (gpointer) mode[i]);
    g_ptr_array_add (args, (gpointer) "--threads");
    g_ptr_array_add (args, (gpointer) (t == 0 ? "1" : "2"));
    for (guint i = 0; i < files->len; i++)
      g_ptr_array_add (args, g_ptr_array_index (files, i));
    g_ptr_array_add (args, NULL);
    runs[t] = run_argv ((const char *const *) args->pdata);
    g_ptr_array_unref (args);
    test_run_assert_status (&runs[t], 0);
    ck_assert_msg (runs[t].out_len > 0, "%s: no output", runs[t].command);
  }
  ck_assert_msg (runs[0].out_len == runs[1].out_len
                 && memcmp (runs[0].out, runs[1].out, runs[0].out_len) == 0,
                 "output differs between --threads 1 and --threads 2:\n%s\n%s", runs[0].command,
                 runs[1].command);
  ck_assert_msg (strcmp (runs[0].err, runs[1].err) == 0, "stderr differs: \n%s\n---\n%s",
                 runs[0].err, runs[1].err);
  test_run_clear (&runs[0]);
  test_run_clear (&runs[1]);
}

START_TEST (test_threads_do_not_change_output)
{
  GPtrArray *files = corpus_texts ();
  ck_assert_msg (files->len >= 2, "fewer than two corpus/*.txt files");
  assert_thread_independent ((const char *const[]) { "--scores", NULL }, files);
  assert_thread_independent ((const char *const[]) { "--format", "json", "-n", "3", NULL },
                             files);
  assert_thread_independent ((const char *const[]) { "keywords", "--scores", NULL }, files);
  assert_thread_independent ((const char *const[]) { "keywords", "--format", "json", NULL },
                             files);
  g_ptr_array_unref (files);
}
END_TEST

START_TEST (test_max_bytes)
{
  char *file = corpus ("news-harbour-bridge.txt");
  TestRun r = RUN ("--max-bytes", "10", file);
  test_run_assert_status (&r, 1);
  ck_assert_msg (r.out_len == 0 && test_count_lines (r.err) == 1 && strstr (r.err, file) != NULL,
                 "%s: expected one error line naming the file and no output, got:\n%s\n%s",
                 r.command, r.out, r.err);
  test_run_clear (&r);
  TestRun k = RUN ("keywords", "--max-bytes", "10", file);
  test_run_assert_status (&k, 1);
  ck_assert_msg (k.out_len == 0, "%s: output for a refused document", k.command);
  test_run_clear (&k);

  /* The limit is inclusive: exactly 10 bytes pass, 11 do not. */
  char *ten = g_build_filename (tmpdir, "ten.txt", NULL);
  char *eleven = g_build_filename (tmpdir, "eleven.txt", NULL);
  ck_assert (g_file_set_contents (ten, "Hi there.\n", 10, NULL));
  ck_assert (g_file_set_contents (eleven, "Hi, there.\n", 11, NULL));
  TestRun a = RUN ("--max-bytes", "10", ten);
  test_run_assert_status (&a, 0);
  ck_assert_str_eq (a.out, "Hi there.\n");
  test_run_clear (&a);
  TestRun b = RUN ("--max-bytes", "10", eleven);
  test_run_assert_status (&b, 1);
  test_run_clear (&b);
  g_free (ten);
  g_free (eleven);
  g_free (file);
}
END_TEST

/* Above --max-bytes, an input is refused before it is read whole: a 64 GiB file (sparse: it
 * takes no disk) under the default limit, as a file and redirected to stdin, and an endless
 * pipe. Read whole, the file would not fit in memory and the pipe would never end. */
START_TEST (test_max_bytes_refused_unread)
{
  char *huge = g_build_filename (tmpdir, "huge.txt", NULL);
  int fd = open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ck_assert_msg (fd >= 0 && ftruncate (fd, (off_t) 64 << 30) == 0, "cannot make %s: %s", huge,
                 g_strerror (errno));
  close (fd);
  const char *const modes[][2] = { { "summarize", NULL }, { "keywords", NULL },
                                   { "--merge", NULL } };
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++) {
    TestRun r = RUN (modes[i][0], huge);
    test_run_assert_status (&r, 1);
    ck_assert_msg (r.out_len == 0 && test_count_lines (r.err) == 1 && strstr (r.err, huge)
                   && strstr (r.err, "larger than the limit") && strstr (r.err, "--max-bytes"),
                   "%s: expected one error line naming the file and the limit, got:\n%s",
                   r.command, r.err);
    test_run_clear (&r);
  }
  TestRunOptions redirected = { .program = abridge_path, .stdin_path = huge,
                                .time_limit = TIME_LIMIT };
  TestRun in = test_run (&redirected, (const char *const[]) { "-", NULL });
  test_run_assert_status (&in, 1);
  ck_assert_msg (strstr (in.err, "(stdin)") && strstr (in.err, "larger than the limit"),
                 "%s < %s: %s", in.command, huge, in.err);
  test_run_clear (&in);

  TestRunOptions shell = { .program = "/bin/sh", .time_limit = TIME_LIMIT };
  TestRun pipe = test_run (&shell, (const char *const[]) {
    "-c", "yes 'An endless text arrives.' | exec \"$0\" --max-bytes 100000 -", abridge_path,
    NULL });
  test_run_assert_status (&pipe, 1);
  ck_assert_msg (pipe.out_len == 0 && test_count_lines (pipe.err) == 1
                 && strstr (pipe.err, "(stdin)") && strstr (pipe.err, "100000"),
                 "%s: expected one error line, got:\n%s", pipe.command, pipe.err);
  test_run_clear (&pipe);
  g_unlink (huge);
  g_free (huge);
}
END_TEST

/* ---- main ------------------------------------------------------------------------------ */

static void
setup (void)
{
  GError *error = NULL;
  tmpdir = g_dir_make_tmp ("abridge-policy-XXXXXX", &error);
  ck_assert_msg (tmpdir != NULL, "%s", error ? error->message : "?");
}

static void
teardown (void)
{
  test_remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static Suite *
policy_suite (void)
{
  Suite *s = suite_create ("policy");
  TCase *inputs = tcase_create ("inputs");
  tcase_add_checked_fixture (inputs, setup, teardown);
  tcase_set_timeout (inputs, 120);
  tcase_add_loop_test (inputs, test_input_file, 0, (int) input_files->len);
  suite_add_tcase (s, inputs);

  TCase *situations = tcase_create ("situations");
  tcase_add_checked_fixture (situations, setup, teardown);
  tcase_set_timeout (situations, 120);
  tcase_add_test (situations, test_idf_directory_exits_2);
  tcase_add_test (situations, test_unreadable_file_exits_2);
  tcase_add_test (situations, test_closed_stdout_is_quiet);
  tcase_add_test (situations, test_threads_do_not_change_output);
  tcase_add_test (situations, test_max_bytes);
  tcase_add_test (situations, test_max_bytes_refused_unread);
  suite_add_tcase (s, situations);
  return s;
}

int
main (int argc, char **argv)
{
  if (argc != 4) {
    fprintf (stderr, "usage: %s ABRIDGE_BINARY INPUTS_DIR CORPUS_DIR\n", argv[0]);
    return 2;
  }
  /* Absolute: some runs go through a shell in a temporary directory. */
  abridge_path = g_canonicalize_filename (argv[1], NULL);
  inputs_dir = argv[2];
  corpus_dir = argv[3];
  GError *error = NULL;
  char *inputs = g_canonicalize_filename (inputs_dir, NULL);
  input_files = test_list_files (inputs, NULL, &error);
  g_free (inputs);
  if (input_files == NULL) {
    fprintf (stderr, "%s\n", error->message);
    return 2;
  }
  /* README.md describes the inputs (and is Markdown, which --input auto reads as such). */
  for (guint i = input_files->len; i-- > 0;)
    if (g_str_has_suffix (g_ptr_array_index (input_files, i), G_DIR_SEPARATOR_S "README.md"))
      g_ptr_array_remove_index (input_files, i);

  int status = test_run_suite (policy_suite ());
  g_ptr_array_unref (input_files);
  return status;
}
