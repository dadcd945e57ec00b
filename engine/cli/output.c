/* output.c — renders summaries and keyphrases as text or JSON (json-glib), with score
 * components, keyphrase forms and frequencies, and byte and character offsets. One JSON object per
 * document, on one line, so that several documents make a JSON Lines stream; in batch mode, the
 * result members that follow a record's own members. */
#include "cli.h"

#include "../dlload.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

/* ---- json-glib, loaded when JSON is first written -------------------------------------- */

/* With GIO and GObject behind it, json-glib is ten of the nineteen libraries the program would
 * otherwise map and relocate at every start: about 4 ms, a third of a run on one file, and
 * most runs print text. So it is opened (cli_json_load()) only for JSON output, and called
 * through jg. The functions used: */
#define JSON_GLIB_FUNCTIONS(X) \
  X (json_array_add_array_element) \
  X (json_array_add_int_element) \
  X (json_array_sized_new) \
  X (json_array_unref) \
  X (json_builder_add_boolean_value) \
  X (json_builder_add_double_value) \
  X (json_builder_add_int_value) \
  X (json_builder_add_string_value) \
  X (json_builder_add_value) \
  X (json_builder_begin_array) \
  X (json_builder_begin_object) \
  X (json_builder_end_array) \
  X (json_builder_end_object) \
  X (json_builder_get_root) \
  X (json_builder_new) \
  X (json_builder_set_member_name) \
  X (json_generator_new) \
  X (json_generator_set_root) \
  X (json_generator_to_data) \
  X (json_node_alloc) \
  X (json_node_init_array) \
  X (json_node_init_string) \
  X (json_node_unref) \
  X (json_to_string) \
  X (g_object_unref) /* from GObject, found through json-glib */

#define JSON_GLIB_SLOT(name) __typeof__ (name) *name;
static struct {
  JSON_GLIB_FUNCTIONS (JSON_GLIB_SLOT)
} jg;
static char *jg_error;   /* why it could not be loaded, or NULL */
static gsize jg_tried;

#define JSON_GLIB_NAME(name) #name,
#define JSON_GLIB_ADDRESS(name) &jg.name,

gboolean
cli_json_load (GError **error)
{
  if (g_once_init_enter (&jg_tried)) {
    static const char *const names[] = { JSON_GLIB_FUNCTIONS (JSON_GLIB_NAME) };
    void *const slots[] = { JSON_GLIB_FUNCTIONS (JSON_GLIB_ADDRESS) };
    if (!dl_load_functions (JSON_GLIB_SONAME, names, slots, G_N_ELEMENTS (names), &jg_error))
      memset (&jg, 0, sizeof jg);
    g_once_init_leave (&jg_tried, 1);
  }
  if (jg_error != NULL) {
    g_set_error (error, CLI_ERROR, 0, "JSON output needs json-glib, which could not be loaded: %s",
                 jg_error);
    return FALSE;
  }
  return TRUE;
}

/* Loads json-glib for a function that writes JSON. The commands that write JSON load it before
 * any input is read (main.c), where a failure is a message and an exit status; this is a
 * backstop for a path that would not. */
static void
json_glib (void)
{
  GError *error = NULL;
  if (!cli_json_load (&error)) {
    fprintf (stderr, "abridge: %s\n", error->message);
    _exit (EXIT_PROCESSING);
  }
}

static void
append_json (GString *out, JsonBuilder *builder)
{
  JsonNode *root = jg.json_builder_get_root (builder);
  JsonGenerator *generator = jg.json_generator_new ();
  jg.json_generator_set_root (generator, root);
  gsize length;
  char *text = jg.json_generator_to_data (generator, &length);
  g_string_append_len (out, text, (gssize) length);
  g_string_append_c (out, '\n');
  g_free (text);
  jg.g_object_unref (generator);
  jg.json_node_unref (root);
}

void
cli_char_counter_init (CliCharCounter *counter, const char *text, gsize length)
{
  memset (counter, 0, sizeof *counter);
  counter->text = text;
  counter->length = length;
}

void
cli_char_counter_clear (CliCharCounter *counter)
{
  g_clear_pointer (&counter->checkpoints, g_array_unref);
}

/* The length of the character at @at: a valid UTF-8 sequence, or 1 for an invalid byte. */
static gsize
char_length (const CliCharCounter *counter, gsize at)
{
  const guchar *p = (const guchar *) counter->text + at;
  if (*p < 0x80)
    return 1;
  gunichar c = g_utf8_get_char_validated ((const char *) p, (gssize) (counter->length - at));
  return c < 0x110000 ? (gsize) g_unichar_to_utf8 (c, NULL) : 1;
}

/* Counting goes forward from the last offset asked for. To go back (overlapping ranges,
 * sentences in score order), it starts again from a checkpoint: the first character boundary
 * at or after each multiple of CHECKPOINT_BYTES, with the characters before it, recorded in
 * one pass the first time it is needed. */
#define CHECKPOINT_BYTES 1024

typedef struct {
  gsize byte, chars;
} Checkpoint;

static void
build_checkpoints (CliCharCounter *counter)
{
  counter->checkpoints = g_array_sized_new (FALSE, FALSE, sizeof (Checkpoint),
                                            (guint) (counter->length / CHECKPOINT_BYTES + 1));
  gsize at = 0, chars = 0;
  for (gsize next = 0; next <= counter->length; next += CHECKPOINT_BYTES) {
    while (at < next) {
      at += char_length (counter, at);
      chars++;
    }
    Checkpoint checkpoint = { at, chars };
    g_array_append_val (counter->checkpoints, checkpoint);
  }
}

gsize
cli_char_offset (CliCharCounter *counter, gsize byte)
{
  byte = MIN (byte, counter->length);
  if (byte < counter->byte) {
    if (counter->checkpoints == NULL)
      build_checkpoints (counter);
    guint i = (guint) (byte / CHECKPOINT_BYTES);
    const Checkpoint *checkpoint = &g_array_index (counter->checkpoints, Checkpoint, i);
    if (checkpoint->byte > byte) /* the boundary moved past @byte: one checkpoint back */
      checkpoint = &g_array_index (counter->checkpoints, Checkpoint, i - 1);
    counter->byte = checkpoint->byte;
    counter->chars = checkpoint->chars;
  }
  const guchar *p = (const guchar *) counter->text;
  gsize at = counter->byte, chars = counter->chars;
  while (at < byte) {
    at += p[at] < 0x80 ? 1 : char_length (counter, at);
    chars++;
  }
  counter->byte = at;
  counter->chars = chars;
  return chars;
}

const char *
cli_format_name (AbridgeFormat format)
{
  switch (format) {
  case ABRIDGE_FORMAT_HTML:
    return "html";
  case ABRIDGE_FORMAT_MARKDOWN:
    return "markdown";
  case ABRIDGE_FORMAT_TEXT:
  default:
    return "text";
  }
}

static void
begin_document (JsonBuilder *builder, const CliSource *source, const AbridgeDocument *document)
{
  jg.json_builder_begin_object (builder);
  jg.json_builder_set_member_name (builder, "file");
  jg.json_builder_add_string_value (builder, source->name);
  jg.json_builder_set_member_name (builder, "format");
  jg.json_builder_add_string_value (builder, cli_format_name (source->format));
  jg.json_builder_set_member_name (builder, "language");
  jg.json_builder_add_string_value (builder,
                                 abridge_language_code (abridge_document_get_language (document)));
  jg.json_builder_set_member_name (builder, "sentence_count");
  jg.json_builder_add_int_value (builder, abridge_document_get_sentence_count (document));
  jg.json_builder_set_member_name (builder, "word_count");
  jg.json_builder_add_int_value (builder, abridge_document_get_word_count (document));
}

static void
add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  jg.json_builder_set_member_name (builder, name);
  jg.json_builder_add_int_value (builder, value);
}

static void
add_double (JsonBuilder *builder, const char *name, double value)
{
  jg.json_builder_set_member_name (builder, name);
  jg.json_builder_add_double_value (builder, value);
}

/* "start", "end" (bytes) and "start_char", "end_char" (characters) of a range of the input. */
static void
add_range (JsonBuilder *builder, CliCharCounter *counter, gsize start, gsize end)
{
  add_int (builder, "start", (gint64) start);
  add_int (builder, "end", (gint64) end);
  add_int (builder, "start_char", (gint64) cli_char_offset (counter, start));
  add_int (builder, "end_char", (gint64) cli_char_offset (counter, end));
}

/* "rank" and "components": {"total", the scorers, "redundancy"}. */
static void
add_components (JsonBuilder *builder, const AbridgeScoreComponents *x)
{
  add_int (builder, "rank", x->rank);
  jg.json_builder_set_member_name (builder, "components");
  jg.json_builder_begin_object (builder);
  add_double (builder, "total", x->total);
  add_double (builder, "tfidf", x->tfidf);
  add_double (builder, "centrality", x->centrality);
  add_double (builder, "position", x->position);
  add_double (builder, "title", x->title);
  add_double (builder, "length", x->length);
  add_double (builder, "query", x->query);
  add_double (builder, "redundancy", x->redundancy);
  jg.json_builder_end_object (builder);
}

static void
add_summary (JsonBuilder *builder, const CliSource *source, const AbridgeDocument *document,
             const AbridgeSummary *summary, gboolean explain)
{
  CliCharCounter counter;
  cli_char_counter_init (&counter, source->text, source->length);
  guint n = abridge_summary_get_count (summary);
  AbridgeScoreComponents x;
  gboolean components = abridge_document_get_sentence_count (document) > 0
                        && abridge_summary_get_components (summary, 0, &x);
  jg.json_builder_set_member_name (builder, "summary");
  jg.json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++) {
    gsize start, end;
    guint index = abridge_summary_get_index (summary, i);
    abridge_summary_get_offsets (summary, i, &start, &end);
    jg.json_builder_begin_object (builder);
    add_int (builder, "index", index);
    add_range (builder, &counter, start, end);
    add_double (builder, "score", abridge_summary_get_score (summary, i));
    if (components && abridge_summary_get_components (summary, index, &x))
      add_components (builder, &x);
    jg.json_builder_set_member_name (builder, "text");
    jg.json_builder_add_string_value (builder, abridge_summary_get_text (summary, i));
    jg.json_builder_end_object (builder);
  }
  jg.json_builder_end_array (builder);
  if (!explain || !components) {
    cli_char_counter_clear (&counter);
    return;
  }
  /* How the total is made, and every sentence of the document, selected or not. */
  char *formula = abridge_summary_get_formula (summary);
  jg.json_builder_set_member_name (builder, "formula");
  jg.json_builder_add_string_value (builder, formula);
  g_free (formula);
  jg.json_builder_set_member_name (builder, "sentences");
  jg.json_builder_begin_array (builder);
  for (guint s = 0; s < abridge_document_get_sentence_count (document); s++) {
    gsize start, end;
    char *text = abridge_document_get_sentence (document, s, &start, &end);
    abridge_summary_get_components (summary, s, &x);
    jg.json_builder_begin_object (builder);
    add_int (builder, "index", s);
    add_range (builder, &counter, start, end);
    add_int (builder, "paragraph", abridge_document_get_sentence_paragraph (document, s));
    jg.json_builder_set_member_name (builder, "heading");
    jg.json_builder_add_boolean_value (builder, abridge_document_sentence_is_heading (document, s));
    jg.json_builder_set_member_name (builder, "boilerplate");
    jg.json_builder_add_boolean_value (builder,
                                    abridge_document_sentence_is_boilerplate (document, s));
    jg.json_builder_set_member_name (builder, "candidate");
    jg.json_builder_add_boolean_value (builder, x.candidate);
    add_components (builder, &x);
    jg.json_builder_set_member_name (builder, "text");
    jg.json_builder_add_string_value (builder, text);
    jg.json_builder_end_object (builder);
    g_free (text);
  }
  jg.json_builder_end_array (builder);
  cli_char_counter_clear (&counter);
}

static void
add_keywords (JsonBuilder *builder, const CliSource *source, const AbridgeKeywords *keywords)
{
  CliCharCounter counter;
  cli_char_counter_init (&counter, source->text, source->length);
  guint n = abridge_keywords_get_count (keywords);
  jg.json_builder_set_member_name (builder, "keywords");
  jg.json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++) {
    jg.json_builder_begin_object (builder);
    jg.json_builder_set_member_name (builder, "text");
    jg.json_builder_add_string_value (builder, abridge_keywords_get_text (keywords, i));
    add_double (builder, "score", abridge_keywords_get_score (keywords, i));
    jg.json_builder_set_member_name (builder, "stem");
    jg.json_builder_add_string_value (builder, abridge_keywords_get_stem (keywords, i));
    jg.json_builder_set_member_name (builder, "forms");
    jg.json_builder_begin_array (builder);
    for (const char *const *form = abridge_keywords_get_forms (keywords, i); *form; form++)
      jg.json_builder_add_string_value (builder, *form);
    jg.json_builder_end_array (builder);
    guint frequency = abridge_keywords_get_frequency (keywords, i);
    add_int (builder, "frequency", frequency);
    guint64 documents = 0;
    double idf = 0;
    guint64 df = abridge_keywords_get_document_frequency (keywords, i, &documents, &idf);
    add_int (builder, "document_frequency", (gint64) df);
    add_int (builder, "documents", (gint64) documents);
    add_double (builder, "idf", idf);
    /* Byte ranges, then the same as character ranges: [[start, end], ...]. Built as arrays,
     * not through the builder, which costs more for each of what can be many thousands. */
    JsonArray *ranges[2] = { jg.json_array_sized_new (frequency),
                             jg.json_array_sized_new (frequency) };
    for (guint j = 0; j < frequency; j++) {
      gsize start, end;
      abridge_keywords_get_occurrence (keywords, i, j, &start, &end);
      gsize values[2][2] = { { start, end },
                             { cli_char_offset (&counter, start), cli_char_offset (&counter, end) } };
      for (int c = 0; c < 2; c++) {
        JsonArray *pair = jg.json_array_sized_new (2);
        jg.json_array_add_int_element (pair, (gint64) values[c][0]);
        jg.json_array_add_int_element (pair, (gint64) values[c][1]);
        jg.json_array_add_array_element (ranges[c], pair);
      }
    }
    for (int c = 0; c < 2; c++) {
      jg.json_builder_set_member_name (builder, c ? "char_occurrences" : "occurrences");
      JsonNode *node = jg.json_node_init_array (jg.json_node_alloc (), ranges[c]);
      jg.json_builder_add_value (builder, node);
      jg.json_array_unref (ranges[c]);
    }
    jg.json_builder_end_object (builder);
  }
  jg.json_builder_end_array (builder);
  cli_char_counter_clear (&counter);
}

void
cli_format_summary (GString *out, OutputFormat format, const CliSource *source,
                    const AbridgeDocument *document, const AbridgeSummary *summary,
                    gboolean scores, gboolean explain)
{
  guint n = abridge_summary_get_count (summary);
  if (format == FORMAT_TEXT && explain) {
    cli_explain_summary (out, document, summary);
    return;
  }
  if (format == FORMAT_TEXT) {
    for (guint i = 0; i < n; i++) {
      if (scores)
        g_string_append_printf (out, "%.4f\t", abridge_summary_get_score (summary, i));
      g_string_append (out, abridge_summary_get_text (summary, i));
      g_string_append_c (out, '\n');
    }
    return;
  }
  json_glib ();
  JsonBuilder *builder = jg.json_builder_new ();
  begin_document (builder, source, document);
  add_summary (builder, source, document, summary, explain);
  jg.json_builder_end_object (builder);
  append_json (out, builder);
  jg.g_object_unref (builder);
}

void
cli_format_keywords (GString *out, OutputFormat format, const CliSource *source,
                     const AbridgeDocument *document, const AbridgeKeywords *keywords,
                     gboolean scores, gboolean explain)
{
  guint n = abridge_keywords_get_count (keywords);
  if (format == FORMAT_TEXT && explain) {
    cli_explain_keywords (out, source, keywords);
    return;
  }
  if (format == FORMAT_TEXT) {
    for (guint i = 0; i < n; i++) {
      g_string_append (out, abridge_keywords_get_text (keywords, i));
      if (scores)
        g_string_append_printf (out, "\t%.4f", abridge_keywords_get_score (keywords, i));
      g_string_append_c (out, '\n');
    }
    return;
  }
  json_glib ();
  JsonBuilder *builder = jg.json_builder_new ();
  begin_document (builder, source, document);
  add_keywords (builder, source, keywords);
  jg.json_builder_end_object (builder);
  append_json (out, builder);
  jg.g_object_unref (builder);
}

void
cli_format_record_result (GString *out, const CliSource *source, const AbridgeDocument *document,
                          const AbridgeSummary *summary, const AbridgeKeywords *keywords,
                          gboolean explain)
{
  json_glib ();
  JsonBuilder *builder = jg.json_builder_new ();
  jg.json_builder_begin_object (builder);
  jg.json_builder_set_member_name (builder, "language");
  jg.json_builder_add_string_value (builder,
                                 abridge_language_code (abridge_document_get_language (document)));
  if (summary)
    add_summary (builder, source, document, summary, explain);
  else
    add_keywords (builder, source, keywords);
  jg.json_builder_end_object (builder);
  /* The object without its braces, to follow the record's own members. */
  GString *object = g_string_new (NULL);
  append_json (object, builder);
  g_assert (object->len >= 3 && object->str[0] == '{');
  g_string_append_len (out, object->str + 1, (gssize) object->len - 3);
  g_string_free (object, TRUE);
  jg.g_object_unref (builder);
}

void
cli_append_json_string (GString *out, const char *text)
{
  json_glib ();
  JsonNode *node = jg.json_node_init_string (jg.json_node_alloc (), text);
  char *literal = jg.json_to_string (node, FALSE);
  g_string_append (out, literal);
  g_free (literal);
  jg.json_node_unref (node);
}
