/* fuzz-jsonl — JSON Lines input, read the way a batch mode reads it.
 *
 * 1. json-glib (as bench/throughput reads JSONL): the first line, trailing whitespace trimmed,
 *    parsed with one reused JsonParser; an object with a string "text" (and an "id", string or
 *    integer) is a document.
 * 2. With FUZZ_CLI_JSON (when engine/cli/input.c has the command's own reader and strict JSON
 *    scanner, used by `abridge --batch`): the input is written to a file (sometimes repeated past
 *    the reader's 64 KiB buffer) and read back with cli_line_reader_next() (sometimes with a line
 *    limit): every line must be the input's bytes between newlines (a first-line BOM dropped,
 *    too-long lines skipped). Each line goes through cli_json_parse_object(): members must point
 *    into the line, names and string values must decode; where json-glib also accepts the line,
 *    the last "text" must decode to the same string.
 *
 * The first document found (CLI reader first) goes through the whole pipeline with the checks of
 * fuzz-common.h. */
#include "fuzz-common.h"

#include <json-glib/json-glib.h>
#ifdef FUZZ_CLI_JSON
#include "cli.h"
#include <fcntl.h>
#include <unistd.h>
#endif

static AbridgeEngine *engine;
static JsonParser *parser;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#ifdef FUZZ_CLI_JSON
static char *lines_path;
static JsonParser *check_parser;

static void
remove_file (void)
{
  if (lines_path)
    unlink (lines_path);
}
#endif

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  engine = abridge_engine_new ("en", NULL);
  g_assert (engine != NULL);
  parser = json_parser_new ();
#ifdef FUZZ_CLI_JSON
  check_parser = json_parser_new ();
  GError *error = NULL;
  int fd = g_file_open_tmp ("abridge-fuzz-jsonl-XXXXXX", &lines_path, &error);
  g_assert_no_error (error);
  close (fd);
  atexit (remove_file);
#endif
  return 0;
}

/* The document of a record: analyzed and run through the pipeline, once per input. */
static gboolean pipeline_done;

static void
run_pipeline (const char *text, gsize len)
{
  if (pipeline_done)
    return;
  pipeline_done = TRUE;
  guint8 *copy = g_memdup2 (text, len + 1);
  AbridgeDocument *doc = fuzz_analyze (engine, copy, len, ABRIDGE_ANALYZE_DEFAULT);
  if (doc != NULL) {
    fuzz_summarize_and_extract (doc, len, fuzz_hash (copy, len));
    abridge_document_free (doc);
  }
  g_free (copy);
}

/* ---- 1. json-glib ----------------------------------------------------------------------- */

static void
glib_first_line (const uint8_t *data, size_t size)
{
  const char *line = (const char *) data;
  const char *eol = memchr (line, '\n', size);
  gsize n = eol ? (gsize) (eol - line) : size;
  while (n > 0 && g_ascii_isspace (line[n - 1]))
    n--;
  if (n == 0)
    return;
  char *copy = g_malloc (n); /* no reading past the line */
  memcpy (copy, line, n);
  GError *error = NULL;
  gboolean ok = json_parser_load_from_data (parser, copy, (gssize) n, &error);
  g_free (copy);
  if (!ok) {
    FUZZ_CHECK (error != NULL, "json_parser_load_from_data failed without an error");
    g_error_free (error);
    return;
  }
  JsonNode *root = json_parser_get_root (parser);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *text = object ? json_object_get_member (object, "text") : NULL;
  if (text == NULL || json_node_get_value_type (text) != G_TYPE_STRING)
    return;
  JsonNode *id = json_object_get_member (object, "id");
  char *name;
  if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
    name = g_strdup (json_node_get_string (id));
  else if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
    name = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
  else
    name = g_strdup ("-:1");
  const char *t = json_node_get_string (text);
  FUZZ_CHECK (t != NULL && name != NULL, "a string member without a string");
  run_pipeline (t, strlen (t));
  g_free (name);
}

/* ---- 2. the command's reader and scanner ------------------------------------------------ */

#ifdef FUZZ_CLI_JSON
static gboolean
within (const char *p, gsize n, const char *line, gsize length)
{
  return p >= line && n <= length && (gsize) (p - line) <= length - n;
}

static void
cli_record (const char *line, gsize length)
{
  GError *error = NULL;
  GArray *members = cli_json_parse_object (line, length, "text", &error);
  if (members == NULL) {
    FUZZ_CHECK (error != NULL && error->message[0] != '\0' && strchr (error->message, '\n') == NULL,
                "a refused line without a one-line message");
    g_error_free (error);
    return;
  }
  const CliJsonMember *text = NULL;
  for (guint i = 0; i < members->len; i++) {
    const CliJsonMember *m = &g_array_index (members, CliJsonMember, i);
    FUZZ_CHECK (within (m->key, m->key_length, line, length) && m->key_length >= 2
                && m->key[0] == '"' && m->key[m->key_length - 1] == '"',
                "member %u: its name is not a quoted string inside the line", i);
    FUZZ_CHECK (within (m->value, m->value_length, line, length) && m->value_length >= 1,
                "member %u: its value is not inside the line", i);
    gsize name_length = G_MAXSIZE;
    char *name = cli_json_decode_string (m->key, m->key_length, &name_length);
    FUZZ_CHECK (name != NULL && name_length == m->name_length
                && memcmp (name, m->name, name_length) == 0,
                "member %u: the name does not decode to the parsed name", i);
    g_free (name);
    gboolean decodes = m->value[0] == '"' && cli_json_member_is (m, "text");
    FUZZ_CHECK ((m->decoded != NULL) == decodes,
                "member %u: decoded in the parse %s", i, decodes ? "not" : "though not asked for");
    if (m->value[0] == '"') {
      gsize n = 0;
      char *value = cli_json_decode_string (m->value, m->value_length, &n);
      FUZZ_CHECK (value != NULL, "member %u: a validated string does not decode", i);
      FUZZ_CHECK (n <= m->value_length, "member %u: decoded longer than its JSON", i);
      FUZZ_CHECK (!decodes || (m->decoded_length == n && memcmp (m->decoded, value, n) == 0),
                  "member %u: decoded in the parse otherwise than on its own", i);
      g_free (value);
    }
    if (cli_json_member_is (m, "text"))
      text = m; /* the last one counts */
  }

  /* json-glib on the same bytes: where both accept, the same text. */
  char *copy = g_malloc (length + 1);
  memcpy (copy, line, length);
  copy[length] = '\0';
  gboolean glib_ok = json_parser_load_from_data (check_parser, copy, (gssize) length, NULL);
  g_free (copy);

  if (text != NULL && text->value[0] == '"') {
    gsize n = 0;
    char *decoded = cli_json_decode_string (text->value, text->value_length, &n);
    if (glib_ok) {
      JsonNode *root = json_parser_get_root (check_parser);
      FUZZ_CHECK (root && JSON_NODE_HOLDS_OBJECT (root),
                  "the CLI scanner found an object, json-glib something else");
      JsonNode *node = json_object_get_member (json_node_get_object (root), "text");
      FUZZ_CHECK (node && json_node_get_value_type (node) == G_TYPE_STRING,
                  "the CLI scanner found a string \"text\", json-glib did not");
      const char *glib_text = json_node_get_string (node);
      if (memchr (decoded, '\0', n) == NULL)
        FUZZ_CHECK (strlen (glib_text) == n && memcmp (glib_text, decoded, n) == 0,
                    "\"text\" decodes differently:\n    CLI:       \"%.200s\"\n"
                    "    json-glib: \"%.200s\"", decoded, glib_text);
    }
    run_pipeline (decoded, n);
    g_free (decoded);
  }
  g_array_unref (members);
}


static void
cli_lines (const uint8_t *data, size_t size, guint32 h)
{
  /* Sometimes the input repeated past the reader's buffer, sometimes a line limit. */
  guint repeat = size > 0 && h % 8 == 0 ? (guint) (200000 / size) + 1 : 1;
  gsize max_line = h % 4 == 1 ? 1 + (h >> 8) % 300 : 0;
  if (!test_write_repeated (lines_path, data, size, repeat))
    g_error ("cannot write %s: %s", lines_path, g_strerror (errno));
  GError *error = NULL;
  CliLineReader *reader = cli_line_reader_open (lines_path, max_line, &error);
  FUZZ_CHECK (reader != NULL, "cannot open the lines: %s", error ? error->message : "?");

  gsize total = size * repeat, at = 0;
  guint64 expected_number = 0;
  for (;;) {
    gsize length = G_MAXSIZE;
    guint64 number = 0;
    gboolean too_long = FALSE;
    char *line = cli_line_reader_next (reader, &length, &number, &too_long, &error);
    if (line == NULL) {
      FUZZ_CHECK (error == NULL, "read error: %s", error->message);
      break;
    }
    expected_number++;
    FUZZ_CHECK (number == expected_number, "line number %" G_GUINT64_FORMAT ", expected %"
                G_GUINT64_FORMAT, number, expected_number);
    FUZZ_CHECK (at < total, "a line after the end of the input");
    /* The input's next line: [at, eol); a BOM before the first is dropped. */
    gsize eol = at;
    while (eol < total && data[eol % size] != '\n')
      eol++;
    gsize line_at = at, input_length = eol - at;
    if (expected_number == 1 && input_length >= 3 && data[0] == 0xEF && data[1 % size] == 0xBB
        && data[2 % size] == 0xBF) {
      line_at += 3;
      input_length -= 3;
    }
    if (too_long) {
      FUZZ_CHECK (max_line > 0 && length == 0,
                  "line %" G_GUINT64_FORMAT " too long (limit %zu) but %zu bytes returned",
                  number, max_line, length);
      FUZZ_CHECK (eol - at > max_line, "line %" G_GUINT64_FORMAT " of %zu bytes said too long"
                  " (limit %zu)", number, eol - at, max_line);
    } else {
      FUZZ_CHECK (max_line == 0 || eol - at <= max_line,
                  "line %" G_GUINT64_FORMAT " of %zu bytes returned (limit %zu)", number,
                  eol - at, max_line);
      FUZZ_CHECK (length == input_length, "line %" G_GUINT64_FORMAT ": %zu bytes, input has %zu",
                  number, length, input_length);
      for (gsize i = 0; i < length; i++)
        FUZZ_CHECK ((guint8) line[i] == data[(line_at + i) % size],
                    "line %" G_GUINT64_FORMAT ": byte %zu differs from the input", number, i);
      if (expected_number <= 64 && (repeat == 1 || expected_number <= 2))
        cli_record (line, length);
    }
    g_free (line);
    at = eol < total ? eol + 1 : eol;
  }
  FUZZ_CHECK (at == total, "lines end at %zu of %zu bytes", at, total);
  cli_line_reader_close (reader);
}
#endif

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  pipeline_done = FALSE;
#ifdef FUZZ_CLI_JSON
  cli_lines (data, size, fuzz_hash (data, size));
#endif
  glib_first_line (data, size);
  return 0;
}
