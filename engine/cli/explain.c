/* explain.c — the --explain tables: why each sentence scored as it did (every scorer's value,
 * the total and the redundancy penalty), and what each keyphrase is made of (stem, surface
 * forms, frequencies, every occurrence as byte and character offsets). */
#include "cli.h"

#include <string.h>

/* Sentence text in the table: at most this many characters. */
#define TEXT_COLUMN 60

/* Appends @text cut to @width characters (an ellipsis marks the cut). */
static void
append_clipped (GString *out, const char *text, guint width)
{
  glong length = g_utf8_strlen (text, -1);
  if (length <= (glong) width) {
    g_string_append (out, text);
    return;
  }
  const char *cut = g_utf8_offset_to_pointer (text, width - 1);
  g_string_append_len (out, text, cut - text);
  g_string_append (out, "\xE2\x80\xA6"); /* … */
}

void
cli_explain_summary (GString *out, const AbridgeDocument *document, const AbridgeSummary *summary)
{
  guint n = abridge_document_get_sentence_count (document);
  AbridgeScoreComponents x;
  if (n == 0 || !abridge_summary_get_components (summary, 0, &x))
    return; /* an empty document: empty output, as without --explain */
  char *formula = abridge_summary_get_formula (summary);
  g_string_append_printf (out, "total = %s; picked by total - redundancy, best first\n", formula);
  g_free (formula);
  g_string_append (out, "    # pick   total  tfidf centr  posit  title length  query redund  "
                        "sentence\n");
  for (guint s = 0; s < n; s++) {
    abridge_summary_get_components (summary, s, &x);
    char *text = abridge_document_get_sentence (document, s, NULL, NULL);
    /* H: heading (never picked), B: page furniture (never picked). */
    const char *kind = abridge_document_sentence_is_boilerplate (document, s) ? "B"
                       : abridge_document_sentence_is_heading (document, s)   ? "H"
                                                                               : " ";
    if (!x.candidate) {
      g_string_append_printf (out, "%5u %4s %7s %6s %5s %6s %6s %6s %6s %6s %s ", s, "-", "-",
                              "-", "-", "-", "-", "-", "-", "-", kind);
    } else {
      char rank[16];
      if (x.rank > 0)
        g_snprintf (rank, sizeof rank, "%u", x.rank);
      else
        g_strlcpy (rank, "-", sizeof rank);
      g_string_append_printf (out, "%5u %4s %7.4f %6.3f %5.3f %6.3f %6.3f %6.3f %6.3f %6.3f %s ",
                              s, rank, x.total, x.tfidf, x.centrality, x.position, x.title,
                              x.length, x.query, x.redundancy, kind);
    }
    append_clipped (out, text, TEXT_COLUMN);
    g_string_append_c (out, '\n');
    g_free (text);
  }
}

void
cli_explain_keywords (GString *out, const CliSource *source, const AbridgeKeywords *keywords)
{
  CliCharCounter counter;
  cli_char_counter_init (&counter, source->text, source->length);
  guint n = abridge_keywords_get_count (keywords);
  if (n == 0)
    return;
  g_string_append (out, "rank   score  freq       df      idf  keyphrase [stem]\n");
  for (guint i = 0; i < n; i++) {
    guint64 documents = 0;
    double idf = 0;
    guint64 df = abridge_keywords_get_document_frequency (keywords, i, &documents, &idf);
    char *ratio = g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, df, documents);
    guint frequency = abridge_keywords_get_frequency (keywords, i);
    g_string_append_printf (out, "%4u %7.4f %5u %8s %8.3f  %s [%s]\n", i + 1,
                            abridge_keywords_get_score (keywords, i), frequency, ratio, idf,
                            abridge_keywords_get_text (keywords, i),
                            abridge_keywords_get_stem (keywords, i));
    g_free (ratio);
    g_string_append (out, "       forms:");
    for (const char *const *form = abridge_keywords_get_forms (keywords, i); *form; form++)
      g_string_append_printf (out, "%s \"%s\"", form == abridge_keywords_get_forms (keywords, i)
                                                  ? "" : ",", *form);
    g_string_append (out, "\n       at bytes (chars):");
    for (guint j = 0; j < frequency; j++) {
      gsize start, end;
      abridge_keywords_get_occurrence (keywords, i, j, &start, &end);
      gsize start_char = cli_char_offset (&counter, start);
      gsize end_char = cli_char_offset (&counter, end);
      g_string_append_printf (out, "%s %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT " (%" G_GSIZE_FORMAT
                              "-%" G_GSIZE_FORMAT ")", j ? "," : "", start, end, start_char,
                              end_char);
    }
    g_string_append_c (out, '\n');
  }
  cli_char_counter_clear (&counter);
}
