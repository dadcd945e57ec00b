/* test-batch.c — abridge summarize/keywords --batch (JSON Lines in, JSON Lines out) and the
 * JSON Lines side of the idf commands, run as subprocesses.
 *
 * Usage: test-batch ABRIDGE_BINARY CORPUS_DIR */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abridge-test-run.h"

static const char *abridge_path;
static const char *corpus_dir;
static char *tmpdir;

/* Runs abridge in the temporary directory with the NULL-terminated @args and @input (NULL:
 * /dev/null) on stdin. */
static TestRun
run_argv (const char *input, gssize input_length, const char *const *args)
{
  TestRunOptions options = { .program = abridge_path, .cwd = tmpdir, .input = input,
                             .input_length = input_length };
  return test_run (&options, args);
}

#define RUN_IN(input, ...) run_argv ((input), -1, (const char *const[]) { __VA_ARGS__, NULL })
#define RUN_IN_LEN(input, length, ...) \
  run_argv ((input), (length), (const char *const[]) { __VA_ARGS__, NULL })

static char *
corpus (const char *name)
{
  return g_build_filename (corpus_dir, name, NULL);
}

static char *
write_tmp (const char *name, const char *data)
{
  return test_write_file (tmpdir, name, data, -1);
}

/* @text as a JSON string literal. */
static char *
json_quote (const char *text)
{
  JsonNode *node = json_node_init_string (json_node_alloc (), text);
  char *literal = json_to_string (node, FALSE);
  json_node_unref (node);
  return literal;
}

/* The lines of @out (without the last empty one); @out must end with a newline (so it is not
 * empty). */
static char **
lines_of (const char *out)
{
  ck_assert_msg (g_str_has_suffix (out, "\n"),
                 "output does not end with a newline:\n%s", out);
  return test_lines_of (out);
}

/* Parses one output line as a JSON object. (transfer full) */
static JsonObject *
parse_object (const char *line)
{
  JsonParser *parser = json_parser_new ();
  GError *error = NULL;
  ck_assert_msg (json_parser_load_from_data (parser, line, -1, &error), "not JSON: %s (%s)", line,
                 error ? error->message : "");
  JsonNode *root = json_parser_get_root (parser);
  ck_assert_msg (root && JSON_NODE_HOLDS_OBJECT (root), "not an object: %s", line);
  JsonObject *object = json_object_ref (json_node_get_object (root));
  g_object_unref (parser);
  return object;
}

/* A member of @object as compact JSON. (transfer full) */
static char *
member_json (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  ck_assert_msg (node != NULL, "no member %s", name);
  return json_to_string (node, FALSE);
}

static void
setup (void)
{
  tmpdir = g_dir_make_tmp ("abridge-test-batch-XXXXXX", NULL);
  ck_assert (tmpdir != NULL);
}

static void
teardown (void)
{
  test_remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static const char *const corpus_files[] = {
  "news-harbour-bridge.txt", "story-lighthouse-keeper.txt", "report-river-survey.txt",
  "tech-write-ahead-log.txt", "news-vaccine-rollout.txt",
};

/* A JSON Lines record {"id": ID, "text": TEXT}. (transfer full) */
static char *
record (const char *id, const char *text)
{
  char *qid = json_quote (id), *qtext = json_quote (text);
  char *line = g_strdup_printf ("{\"id\":%s,\"text\":%s}\n", qid, qtext);
  g_free (qid);
  g_free (qtext);
  return line;
}

/* ---- order and agreement with --format json ------------------------------------------------ */

START_TEST (test_order_kept_with_threads)
{
  /* Documents of very different sizes, so that later ones finish first on 4 threads. */
  GString *input = g_string_new (NULL);
  char *texts[G_N_ELEMENTS (corpus_files)];
  for (guint f = 0; f < G_N_ELEMENTS (corpus_files); f++) {
    char *path = corpus (corpus_files[f]);
    texts[f] = test_read_file (path, NULL);
    g_free (path);
  }
  guint n = 150;
  for (guint i = 0; i < n; i++) {
    char id[16];
    g_snprintf (id, sizeof id, "r%u", i);
    char *line = record (id, i % 3 == 0 ? texts[i % G_N_ELEMENTS (corpus_files)]
                                        : "One short line. And another one here.");
    g_string_append (input, line);
    g_free (line);
  }
  TestRun four = RUN_IN (input->str, "summarize", "--batch", "--threads", "4");
  test_run_assert_status (&four, 0);
  TestRun one = RUN_IN (input->str, "summarize", "--batch", "--threads", "1");
  test_run_assert_status (&one, 0);
  ck_assert_str_eq (four.out, one.out);
  char **lines = lines_of (four.out);
  ck_assert_uint_eq (g_strv_length (lines), n);
  for (guint i = 0; i < n; i++) {
    JsonObject *object = parse_object (lines[i]);
    char id[16];
    g_snprintf (id, sizeof id, "r%u", i);
    ck_assert_str_eq (json_object_get_string_member (object, "id"), id);
    ck_assert_str_eq (json_object_get_string_member (object, "language"), "en");
    ck_assert (json_object_has_member (object, "summary"));
    ck_assert (!json_object_has_member (object, "text"));
    json_object_unref (object);
  }
  g_strfreev (lines);
  test_run_clear (&four);
  test_run_clear (&one);
  for (guint f = 0; f < G_N_ELEMENTS (corpus_files); f++)
    g_free (texts[f]);
  g_string_free (input, TRUE);
}
END_TEST

/* The result members are those of --format json for the same text, options included. */
static void
check_same_as_file_mode (const char *command, const char *member, const char *const *options)
{
  char *path = corpus ("news-harbour-bridge.txt");
  char *text = test_read_file (path, NULL);
  char *input = record ("bridge", text);
  GPtrArray *args = g_ptr_array_new ();
  g_ptr_array_add (args, (gpointer) command);
  for (guint i = 0; options[i]; i++)
    g_ptr_array_add (args, (gpointer) options[i]);
  g_ptr_array_add (args, "--batch");
  g_ptr_array_add (args, NULL);
  TestRun batch = run_argv (input, -1, (const char *const *) args->pdata);
  test_run_assert_status (&batch, 0);
  args->pdata[args->len - 2] = "--format=json";
  g_ptr_array_add (args, NULL);
  args->pdata[args->len - 2] = path;
  TestRun file = run_argv (NULL, -1, (const char *const *) args->pdata);
  test_run_assert_status (&file, 0);
  JsonObject *a = parse_object (batch.out);
  JsonObject *b = parse_object (file.out);
  char *ja = member_json (a, member), *jb = member_json (b, member);
  ck_assert_str_eq (ja, jb);
  ck_assert_str_eq (json_object_get_string_member (a, "language"),
                    json_object_get_string_member (b, "language"));
  ck_assert_str_eq (json_object_get_string_member (a, "id"), "bridge");
  g_free (ja);
  g_free (jb);
  json_object_unref (a);
  json_object_unref (b);
  test_run_clear (&batch);
  test_run_clear (&file);
  g_ptr_array_unref (args);
  g_free (input);
  g_free (text);
  g_free (path);
}

START_TEST (test_summary_same_as_format_json)
{
  check_same_as_file_mode ("summarize", "summary", (const char *const[]) { NULL });
  check_same_as_file_mode ("summarize", "summary", (const char *const[]) { "-n", "2", NULL });
  check_same_as_file_mode ("summarize", "summary",
                           (const char *const[]) { "-w", "60", "--order", "score", NULL });
  check_same_as_file_mode ("summarize", "summary", (const char *const[]) { "-r", "50", NULL });
}
END_TEST

START_TEST (test_keywords_same_as_format_json)
{
  check_same_as_file_mode ("keywords", "keywords", (const char *const[]) { NULL });
  check_same_as_file_mode ("keywords", "keywords",
                           (const char *const[]) { "-k", "3", "--max-words", "1", NULL });
}
END_TEST

START_TEST (test_options_apply)
{
  char *path = corpus ("fr-marche-local.txt");
  char *text = test_read_file (path, NULL);
  char *input = record ("fr", text);
  TestRun r = RUN_IN (input, "summarize", "--batch", "-n", "1", "--lang", "fr");
  test_run_assert_status (&r, 0);
  JsonObject *object = parse_object (r.out);
  ck_assert_str_eq (json_object_get_string_member (object, "language"), "fr");
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (object, "summary")), 1);
  json_object_unref (object);
  test_run_clear (&r);
  r = RUN_IN (input, "keywords", "--batch", "-k", "2", "--lang", "fr");
  test_run_assert_status (&r, 0);
  object = parse_object (r.out);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (object, "keywords")), 2);
  json_object_unref (object);
  test_run_clear (&r);
  g_free (input);
  g_free (text);
  g_free (path);
}
END_TEST

/* ---- pass-through --------------------------------------------------------------------------- */

START_TEST (test_fields_passed_through_unchanged)
{
  const char *line =
    "{\"id\": 17, \"meta\": {\"tags\": [\"a\", \"b\"],  \"score\": 2.50, \"big\": 12345678901234567890},"
    " \"when\": \"2024-01-01\", \"e\": 1E3, \"esc\": \"caf\\u00e9 \\ud83d\\ude00\", \"nothing\": null,"
    " \"text\": \"The talks ended. Both sides agreed to meet again.\", \"flag\": false,"
    " \"language\": \"xx\", \"summary\": \"old\"}\n";
  TestRun r = RUN_IN (line, "summarize", "--batch", "-n", "1");
  test_run_assert_status (&r, 0);
  /* Members in input order, their values byte for byte; "text", "language" and "summary" left
   * out, then the result. */
  const char *expected_prefix =
    "{\"id\":17,\"meta\":{\"tags\": [\"a\", \"b\"],  \"score\": 2.50, \"big\": 12345678901234567890},"
    "\"when\":\"2024-01-01\",\"e\":1E3,\"esc\":\"caf\\u00e9 \\ud83d\\ude00\",\"nothing\":null,"
    "\"flag\":false,\"language\":\"en\",\"summary\":[{\"index\":1,";
  ck_assert_msg (g_str_has_prefix (r.out, expected_prefix), "output:\n%s\nexpected to start with:\n%s",
                 r.out, expected_prefix);
  ck_assert_msg (g_str_has_suffix (r.out, "\"text\":\"Both sides agreed to meet again.\"}]}\n"),
                 "output: %s", r.out);
  test_run_clear (&r);

  r = RUN_IN (line, "summarize", "--batch", "-n", "1", "--keep-text");
  test_run_assert_status (&r, 0);
  ck_assert_msg (strstr (r.out, ",\"text\":\"The talks ended. Both sides agreed to meet again.\","
                                ",\"flag\"") == NULL, "bad splice: %s", r.out);
  ck_assert_msg (strstr (r.out, "null,\"text\":\"The talks ended. Both sides agreed to meet again.\","
                                "\"flag\":false") != NULL, "text not kept: %s", r.out);
  test_run_clear (&r);

  /* A record without "id" has none in its output either; an empty text gives an empty summary
   * (and, with nothing to detect, the language-neutral mode). */
  r = RUN_IN ("{\"text\": \"\"}\n{\"doc\": {\"id\": 1}, \"text\": \" \"}\n", "summarize", "--batch");
  test_run_assert_status (&r, 0);
  ck_assert_str_eq (r.out, "{\"language\":\"none\",\"summary\":[]}\n"
                           "{\"doc\":{\"id\": 1},\"language\":\"none\",\"summary\":[]}\n");
  test_run_clear (&r);
}
END_TEST

START_TEST (test_escapes_in_text_decoded)
{
  /* Offsets are into the decoded text: "\u00e9" is 2 bytes of text, "\n" one. */
  TestRun r = RUN_IN ("{\"id\":1,\"text\":\"Caf\\u00e9 owners met.\\nThey agreed on a plan for the "
                  "\\\"new\\\" square.\"}\n", "summarize", "--batch", "-n", "1", "--method", "length");
  test_run_assert_status (&r, 0);
  JsonObject *object = parse_object (r.out);
  JsonArray *summary = json_object_get_array_member (object, "summary");
  ck_assert_uint_eq (json_array_get_length (summary), 1);
  JsonObject *s = json_array_get_object_element (summary, 0);
  ck_assert_str_eq (json_object_get_string_member (s, "text"),
                    "They agreed on a plan for the \"new\" square.");
  ck_assert_int_eq (json_object_get_int_member (s, "start"), 18);
  json_object_unref (object);
  test_run_clear (&r);
}
END_TEST

/* ---- bad lines ------------------------------------------------------------------------------ */

START_TEST (test_bad_lines_give_error_objects)
{
  GString *input = g_string_new (NULL);
  g_string_append (input, "{\"id\": \"ok1\", \"text\": \"Good line one. It has two sentences.\"}\n"); /* 1 */
  g_string_append (input, "not json at all\n");                                         /* 2 */
  g_string_append (input, "[1, 2, 3]\n");                                                 /* 3 */
  g_string_append (input, "{\"id\": 4, \"title\": \"no text\"}\n");                       /* 4 */
  g_string_append (input, "{\"id\": {\"k\": 5}, \"text\": 42}\n");                        /* 5 */
  g_string_append (input, "{\"id\": 6, \"text\": \"NUL \\u0000 inside\"}\n");            /* 6 */
  g_string_append (input, "{\"id\": 7, \"text\": \"x\",}\n");                            /* 7 */
  g_string_append (input, "{'id': 8, 'text': 'single quotes'}\n");                       /* 8 */
  g_string_append (input, "{\"id\": 9, \"text\": \"bad \xff byte\"}\n");                /* 9 */
  g_string_append (input, "\n   \n");                                                     /* 10, 11 */
  g_string_append (input, "{\"id\": \"ok2\", \"text\": \"Good line two.\"} trailing\n");  /* 12 */
  g_string_append (input, "{\"id\": \"ok3\", \"text\": \"Good line three.\"}");           /* 13, no \n */
  TestRun r = RUN_IN (input->str, "summarize", "--batch", "--threads", "3");
  test_run_assert_status (&r, 1);
  ck_assert_msg (strstr (r.err, "9 of 11 records failed") != NULL, "stderr: %s", r.err);
  char **lines = lines_of (r.out);
  ck_assert_uint_eq (g_strv_length (lines), 11);
  struct {
    const char *id; /* JSON of the id, NULL: a result */
    gint64 line;
    const char *message_part;
  } expected[] = {
    { NULL, 1, NULL },
    { "null", 2, "invalid JSON at column 1" },
    { "null", 3, "not a JSON object" },
    { "4", 4, "no \"text\"" },
    { "{\"k\":5}", 5, "not a string" },
    { "6", 6, "binary" },
    { "null", 7, "invalid JSON at column 23" },
    { "null", 8, "invalid JSON at column 2" },
    { "null", 9, "invalid UTF-8 at column 24" },
    { "null", 12, "invalid JSON" },
    { NULL, 13, NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    JsonObject *object = parse_object (lines[i]);
    if (expected[i].id == NULL) {
      ck_assert_msg (json_object_has_member (object, "summary"), "line %u: %s", i, lines[i]);
      ck_assert (!json_object_has_member (object, "error"));
    } else {
      ck_assert_uint_eq (json_object_get_size (object), 3); /* id, error, line: nothing else */
      char *id = member_json (object, "id");
      ck_assert_str_eq (id, expected[i].id);
      g_free (id);
      ck_assert_int_eq (json_object_get_int_member (object, "line"), expected[i].line);
      const char *message = json_object_get_string_member (object, "error");
      ck_assert_msg (strstr (message, expected[i].message_part) != NULL, "line %u: %s", i,
                     lines[i]);
    }
    json_object_unref (object);
  }
  g_strfreev (lines);
  test_run_clear (&r);
  g_string_free (input, TRUE);
}
END_TEST

START_TEST (test_empty_input)
{
  TestRun r = RUN_IN ("", "summarize", "--batch");
  test_run_assert_status (&r, 0);
  ck_assert_str_eq (r.out, "");
  ck_assert_str_eq (r.err, "");
  test_run_clear (&r);
  r = RUN_IN (NULL, "keywords", "--batch"); /* /dev/null */
  test_run_assert_status (&r, 0);
  ck_assert_str_eq (r.out, "");
  test_run_clear (&r);
  r = RUN_IN ("\n\n  \r\n\n", "summarize", "--batch", "-j", "4");
  test_run_assert_status (&r, 0);
  ck_assert_str_eq (r.out, "");
  test_run_clear (&r);
}
END_TEST

START_TEST (test_all_good_exit_0)
{
  TestRun r = RUN_IN ("{\"id\":1,\"text\":\"A sentence.\"}\n{\"id\":2,\"text\":\"Another one.\"}\n",
                  "keywords", "--batch");
  test_run_assert_status (&r, 0);
  ck_assert_str_eq (r.err, "");
  test_run_clear (&r);
}
END_TEST

START_TEST (test_crlf_and_bom)
{
  TestRun r = RUN_IN ("\xEF\xBB\xBF{\"id\":1,\"text\":\"A sentence.\"}\r\n{\"id\":2,\"text\":\"B.\"}\r\n",
                  "summarize", "--batch");
  test_run_assert_status (&r, 0);
  char **lines = lines_of (r.out);
  ck_assert_uint_eq (g_strv_length (lines), 2);
  ck_assert (g_str_has_prefix (lines[0], "{\"id\":1,\"language\""));
  ck_assert (g_str_has_prefix (lines[1], "{\"id\":2,\"language\""));
  g_strfreev (lines);
  test_run_clear (&r);
}
END_TEST

START_TEST (test_long_line_refused_without_reading)
{
  GString *input = g_string_new ("{\"id\":\"long\",\"text\":\"");
  for (int i = 0; i < 2000; i++)
    g_string_append (input, "Word ");
  g_string_append (input, "\"}\n{\"id\":\"short\",\"text\":\"Fine.\"}\n");
  TestRun r = RUN_IN (input->str, "summarize", "--batch", "--max-bytes", "1000");
  test_run_assert_status (&r, 1);
  char **lines = lines_of (r.out);
  ck_assert_uint_eq (g_strv_length (lines), 2);
  ck_assert_msg (strstr (lines[0], "\"id\":null,\"error\":\"line longer than 1000 bytes") != NULL,
                 "%s", lines[0]);
  ck_assert_msg (strstr (lines[0], "\"line\":1") != NULL, "%s", lines[0]);
  ck_assert (g_str_has_prefix (lines[1], "{\"id\":\"short\",\"language\""));
  g_strfreev (lines);
  test_run_clear (&r);
  g_string_free (input, TRUE);
}
END_TEST

START_TEST (test_usage_errors)
{
  TestRun r = RUN_IN ("", "summarize", "--batch", "--format", "text");
  test_run_assert_status (&r, 2);
  test_run_clear (&r);
  r = RUN_IN ("", "summarize", "--keep-text");
  test_run_assert_status (&r, 2);
  test_run_clear (&r);
  r = RUN_IN ("", "keywords", "--batch", "-k", "0");
  test_run_assert_status (&r, 2);
  test_run_clear (&r);
}
END_TEST

START_TEST (test_named_files)
{
  char *a = write_tmp ("a.jsonl", "{\"id\":\"a1\",\"text\":\"First.\"}\n{\"id\":\"a2\"}\n");
  char *b = write_tmp ("b.jsonl", "{\"id\":\"b1\",\"text\":\"Second.\"}\n");
  TestRun r = RUN_IN (NULL, "summarize", "--batch", a, "missing.jsonl", b);
  test_run_assert_status (&r, 2);
  char **lines = lines_of (r.out);
  ck_assert_uint_eq (g_strv_length (lines), 3);
  ck_assert (g_str_has_prefix (lines[0], "{\"id\":\"a1\","));
  ck_assert_msg (strstr (lines[1], "\"line\":2,\"file\":") != NULL, "%s", lines[1]);
  ck_assert (g_str_has_prefix (lines[2], "{\"id\":\"b1\","));
  ck_assert_msg (strstr (r.err, "missing.jsonl") != NULL, "stderr: %s", r.err);
  g_strfreev (lines);
  test_run_clear (&r);
  g_free (a);
  g_free (b);
}
END_TEST

/* Used as a co-process (one record written, its answer read, then the next), abridge answers
 * each record while its input is idle, instead of waiting for more input or for its end. */
static char *
read_line_within (int fd, int seconds)
{
  GString *line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;
  for (;;) {
    gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
    struct pollfd pfd = { fd, POLLIN, 0 };
    if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
      break;
    char c;
    if (read (fd, &c, 1) != 1)
      break;
    if (c == '\n')
      return g_string_free (line, FALSE);
    g_string_append_c (line, c);
  }
  g_string_free (line, TRUE);
  return NULL;
}

static void
check_co_process (const char *threads)
{
  char *argv[] = { (char *) abridge_path, "keywords", "--batch", "--lang", "en", "-k", "1",
                   "--threads", (char *) threads, NULL };
  GPid pid;
  int in, out;
  GError *error = NULL;
  ck_assert_msg (g_spawn_async_with_pipes (tmpdir, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                           NULL, &pid, &in, &out, NULL, &error),
                 "%s", error ? error->message : "");
  for (int i = 1; i <= 3; i++) {
    char *record = g_strdup_printf ("{\"id\":%d,\"text\":\"Bridge repairs, part %d.\"}\n", i, i);
    ck_assert (write (in, record, strlen (record)) == (ssize_t) strlen (record));
    g_free (record);
    char *line = read_line_within (out, 20);
    ck_assert_msg (line != NULL, "-j %s: no answer to record %d while the input stays open",
                   threads, i);
    char *prefix = g_strdup_printf ("{\"id\":%d,\"language\":\"en\",\"keywords\":", i);
    ck_assert_msg (g_str_has_prefix (line, prefix), "%s", line);
    g_free (prefix);
    g_free (line);
  }
  close (in);
  char *rest = read_line_within (out, 20);
  ck_assert_msg (rest == NULL, "unexpected output: %s", rest);
  close (out);
  int wait_status;
  ck_assert (waitpid (pid, &wait_status, 0) == pid);
  ck_assert (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  g_spawn_close_pid (pid);
}

START_TEST (test_answers_while_input_idle)
{
  check_co_process ("1");
  check_co_process ("4");
}
END_TEST

/* ---- idf with JSON Lines -------------------------------------------------------------------- */

static char *
show_field (const char *model, const char *field)
{
  TestRun r = RUN_IN (NULL, "idf", "show", "-k", "0", model);
  test_run_assert_status (&r, 0);
  char *value = NULL;
  char **lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    char **kv = g_strsplit (lines[i], "\t", 2);
    if (kv[0] && kv[1] && strcmp (kv[0], field) == 0)
      value = g_strdup (kv[1]);
    g_strfreev (kv);
  }
  g_strfreev (lines);
  test_run_clear (&r);
  ck_assert_msg (value != NULL, "no %s in idf show", field);
  return value;
}

START_TEST (test_idf_build_jsonl_skips_bad_records)
{
  TestRun r = RUN_IN ("{\"text\":\"Harbour bridge repairs.\"}\nnot json\n\n{\"text\":\"The bridge.\"}\n"
                  "{\"id\":9}\n",
                  "idf", "build", "--jsonl", "-o", "model.idf");
  test_run_assert_status (&r, 1);
  ck_assert_msg (strstr (r.err, "(stdin):2: invalid JSON") != NULL, "stderr: %s", r.err);
  ck_assert_msg (strstr (r.err, "(stdin):5: no \"text\"") != NULL, "stderr: %s", r.err);
  ck_assert_str_eq (r.out, "");
  test_run_clear (&r);
  char *model = g_build_filename (tmpdir, "model.idf", NULL);
  char *documents = show_field (model, "documents");
  ck_assert_str_eq (documents, "2");
  g_free (documents);
  g_free (model);
}
END_TEST

START_TEST (test_idf_stdout_and_merge_from_stdin)
{
  TestRun a = RUN_IN ("{\"text\":\"Harbour bridge repairs.\"}\n", "idf", "build", "--jsonl", "-o", "-");
  test_run_assert_status (&a, 0);
  TestRun b = RUN_IN ("{\"text\":\"The bridge closed.\"}\n{\"text\":\"Ferries ran.\"}\n", "idf",
                  "build", "--jsonl", "-o", "-");
  test_run_assert_status (&b, 0);
  ck_assert (g_str_has_prefix (a.out, "abridge-idf 1\n"));
  char *both = g_strconcat (a.out, b.out, NULL);
  TestRun m = RUN_IN (both, "idf", "merge", "-", "-o", "merged.idf");
  test_run_assert_status (&m, 0);
  char *model = g_build_filename (tmpdir, "merged.idf", NULL);
  char *documents = show_field (model, "documents");
  ck_assert_str_eq (documents, "3");
  g_free (documents);
  /* --min-df at the merge: only "bridg" is in 2 documents. */
  TestRun p = RUN_IN (both, "idf", "merge", "--min-df", "2", "-", "-o", "-");
  test_run_assert_status (&p, 0);
  ck_assert_msg (strstr (p.out, "\nterms 1\nbridg\t2\n") != NULL, "%s", p.out);
  /* A cut model, or nothing, on stdin is an error. */
  char *cut = g_strndup (both, strlen (a.out) + 20);
  TestRun c = RUN_IN (cut, "idf", "merge", "-", "-o", "cut.idf");
  test_run_assert_status (&c, 2);
  ck_assert_msg (strstr (c.err, "cut short") != NULL, "stderr: %s", c.err);
  TestRun e = RUN_IN ("", "idf", "merge", "-", "-o", "empty.idf");
  test_run_assert_status (&e, 2);
  ck_assert_msg (strstr (e.err, "no model") != NULL, "stderr: %s", e.err);
  test_run_clear (&a);
  test_run_clear (&b);
  test_run_clear (&m);
  test_run_clear (&p);
  test_run_clear (&c);
  test_run_clear (&e);
  g_free (cut);
  g_free (both);
  g_free (model);
}
END_TEST

static Suite *
batch_suite (void)
{
  Suite *suite = suite_create ("batch");
  TCase *batch = tcase_create ("batch");
  tcase_add_checked_fixture (batch, setup, teardown);
  tcase_set_timeout (batch, 60);
  tcase_add_test (batch, test_order_kept_with_threads);
  tcase_add_test (batch, test_summary_same_as_format_json);
  tcase_add_test (batch, test_keywords_same_as_format_json);
  tcase_add_test (batch, test_options_apply);
  tcase_add_test (batch, test_fields_passed_through_unchanged);
  tcase_add_test (batch, test_escapes_in_text_decoded);
  tcase_add_test (batch, test_bad_lines_give_error_objects);
  tcase_add_test (batch, test_empty_input);
  tcase_add_test (batch, test_all_good_exit_0);
  tcase_add_test (batch, test_crlf_and_bom);
  tcase_add_test (batch, test_long_line_refused_without_reading);
  tcase_add_test (batch, test_usage_errors);
  tcase_add_test (batch, test_named_files);
  tcase_add_test (batch, test_answers_while_input_idle);
  suite_add_tcase (suite, batch);
  TCase *idf = tcase_create ("idf-jsonl");
  tcase_add_checked_fixture (idf, setup, teardown);
  tcase_set_timeout (idf, 60); /* a hang guard; Check's default, 4 s, is too short under ASan */
  tcase_add_test (idf, test_idf_build_jsonl_skips_bad_records);
  tcase_add_test (idf, test_idf_stdout_and_merge_from_stdin);
  suite_add_tcase (suite, idf);
  return suite;
}

int
main (int argc, char **argv)
{
  if (argc != 3) {
    fprintf (stderr, "usage: %s ABRIDGE_BINARY CORPUS_DIR\n", argv[0]);
    return 2;
  }
  abridge_path = argv[1];
  corpus_dir = argv[2];
  return test_run_suite (batch_suite ());
}
