/* output.c — renders summaries and keyphrases as text or JSON (json-glib). One JSON object per
 * document, on one line, so that several documents make a JSON Lines stream; in batch mode, the
 * result members that follow a record's own members. */
#include "cli.h"

#include <json-glib/json-glib.h>

static void
append_json (GString *out, JsonBuilder *builder)
{
  JsonNode *root = json_builder_get_root (builder);
  JsonGenerator *generator = json_generator_new ();
  json_generator_set_root (generator, root);
  gsize length;
  char *text = json_generator_to_data (generator, &length);
  g_string_append_len (out, text, (gssize) length);
  g_string_append_c (out, '\n');
  g_free (text);
  g_object_unref (generator);
  json_node_unref (root);
}

static void
begin_document (JsonBuilder *builder, const char *name, const AbridgeDocument *document)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder,
                                 abridge_language_code (abridge_document_get_language (document)));
  json_builder_set_member_name (builder, "sentence_count");
  json_builder_add_int_value (builder, abridge_document_get_sentence_count (document));
  json_builder_set_member_name (builder, "word_count");
  json_builder_add_int_value (builder, abridge_document_get_word_count (document));
}

static void
add_summary (JsonBuilder *builder, const AbridgeSummary *summary)
{
  guint n = abridge_summary_get_count (summary);
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++) {
    gsize start, end;
    abridge_summary_get_offsets (summary, i, &start, &end);
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "index");
    json_builder_add_int_value (builder, abridge_summary_get_index (summary, i));
    json_builder_set_member_name (builder, "start");
    json_builder_add_int_value (builder, (gint64) start);
    json_builder_set_member_name (builder, "end");
    json_builder_add_int_value (builder, (gint64) end);
    json_builder_set_member_name (builder, "score");
    json_builder_add_double_value (builder, abridge_summary_get_score (summary, i));
    json_builder_set_member_name (builder, "text");
    json_builder_add_string_value (builder, abridge_summary_get_text (summary, i));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
}

static void
add_keywords (JsonBuilder *builder, const AbridgeKeywords *keywords)
{
  guint n = abridge_keywords_get_count (keywords);
  json_builder_set_member_name (builder, "keywords");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++) {
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "text");
    json_builder_add_string_value (builder, abridge_keywords_get_text (keywords, i));
    json_builder_set_member_name (builder, "score");
    json_builder_add_double_value (builder, abridge_keywords_get_score (keywords, i));
    json_builder_set_member_name (builder, "stem");
    json_builder_add_string_value (builder, abridge_keywords_get_stem (keywords, i));
    json_builder_set_member_name (builder, "frequency");
    guint frequency = abridge_keywords_get_frequency (keywords, i);
    json_builder_add_int_value (builder, frequency);
    json_builder_set_member_name (builder, "occurrences");
    json_builder_begin_array (builder);
    for (guint j = 0; j < frequency; j++) {
      gsize start, end;
      abridge_keywords_get_occurrence (keywords, i, j, &start, &end);
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, (gint64) start);
      json_builder_add_int_value (builder, (gint64) end);
      json_builder_end_array (builder);
    }
    json_builder_end_array (builder);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
}

void
cli_format_summary (GString *out, OutputFormat format, const char *name,
                    const AbridgeDocument *document, const AbridgeSummary *summary,
                    gboolean scores)
{
  guint n = abridge_summary_get_count (summary);
  if (format == FORMAT_TEXT) {
    for (guint i = 0; i < n; i++) {
      if (scores)
        g_string_append_printf (out, "%.4f\t", abridge_summary_get_score (summary, i));
      g_string_append (out, abridge_summary_get_text (summary, i));
      g_string_append_c (out, '\n');
    }
    return;
  }
  JsonBuilder *builder = json_builder_new ();
  begin_document (builder, name, document);
  add_summary (builder, summary);
  json_builder_end_object (builder);
  append_json (out, builder);
  g_object_unref (builder);
}

void
cli_format_keywords (GString *out, OutputFormat format, const char *name,
                     const AbridgeDocument *document, const AbridgeKeywords *keywords,
                     gboolean scores)
{
  guint n = abridge_keywords_get_count (keywords);
  if (format == FORMAT_TEXT) {
    for (guint i = 0; i < n; i++) {
      g_string_append (out, abridge_keywords_get_text (keywords, i));
      if (scores)
        g_string_append_printf (out, "\t%.4f", abridge_keywords_get_score (keywords, i));
      g_string_append_c (out, '\n');
    }
    return;
  }
  JsonBuilder *builder = json_builder_new ();
  begin_document (builder, name, document);
  add_keywords (builder, keywords);
  json_builder_end_object (builder);
  append_json (out, builder);
  g_object_unref (builder);
}

void
cli_format_record_result (GString *out, const AbridgeDocument *document,
                          const AbridgeSummary *summary, const AbridgeKeywords *keywords)
{
  JsonBuilder *builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder,
                                 abridge_language_code (abridge_document_get_language (document)));
  if (summary)
    add_summary (builder, summary);
  else
    add_keywords (builder, keywords);
  json_builder_end_object (builder);
  /* The object without its braces, to follow the record's own members. */
  GString *object = g_string_new (NULL);
  append_json (object, builder);
  g_assert (object->len >= 3 && object->str[0] == '{');
  g_string_append_len (out, object->str + 1, (gssize) object->len - 3);
  g_string_free (object, TRUE);
  g_object_unref (builder);
}

void
cli_append_json_string (GString *out, const char *text)
{
  JsonNode *node = json_node_init_string (json_node_alloc (), text);
  char *literal = json_to_string (node, FALSE);
  g_string_append (out, literal);
  g_free (literal);
  json_node_unref (node);
}
