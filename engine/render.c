/* render.c — the last stage: a document with its summary sentences and keyphrases marked, as
 * an HTML5 page or as text with ANSI colours (abridge_render). It renders the analyzed text
 * (for HTML and Markdown input, the extracted text), unit by unit as segmentation cut it:
 * headings as headings, paragraphs as paragraphs, page furniture dimmed. */
#include "abridge-private.h"

#include <string.h>

/* One keyphrase occurrence that is marked: [start, end) work offsets. */
typedef struct {
  guint start, end;
  guint keyphrase;
} Mark;

static int
compare_marks (gconstpointer a, gconstpointer b)
{
  const Mark *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

static gboolean
overlaps (const Mark *a, const Mark *b)
{
  return a->start < b->end && b->start < a->end;
}

/* The sentence that holds work offset @at (the last that starts at or before it), or
 * G_MAXUINT. */
static guint
sentence_at (const AbridgeDocument *doc, guint at)
{
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  guint lo = 0, hi = doc->sentences->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (sentences[mid].start <= at)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo == 0 ? G_MAXUINT : lo - 1;
}

/* The occurrences to mark, sorted by start and never overlapping: the keyphrases are taken
 * best first, and an occurrence that overlaps one already taken is left out (the higher-ranked
 * keyphrase keeps the mark). Each is checked against the document: it must lie inside one
 * sentence and map to the byte offsets that @keywords reports. */
static GArray *
collect_marks (const AbridgeDocument *doc, const AbridgeKeywords *keywords, GError **error)
{
  GArray *marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  if (keywords == NULL)
    return marks;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  GArray *mine = g_array_new (FALSE, FALSE, sizeof (Mark));
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (Mark));
  guint count = abridge_keywords_get_count (keywords);
  for (guint k = 0; k < count; k++) {
    /* Occurrences are (start, end) pairs of guint. */
    guint occurrences;
    const guint *pairs = keywords_work_occurrences (keywords, k, &occurrences);
    g_array_set_size (mine, 0);
    for (guint j = 0; j < occurrences; j++) {
      Mark m = { pairs[2 * j], pairs[2 * j + 1], k };
      gsize start, end;
      abridge_keywords_get_occurrence (keywords, k, j, &start, &end);
      guint s = m.start < m.end && m.end <= doc->prepared.len ? sentence_at (doc, m.start)
                                                             : G_MAXUINT;
      if (s == G_MAXUINT || m.end > sentences[s].end
          || text_original_offset (&doc->prepared, m.start) != start
          || text_original_end (&doc->prepared, m.end) != end) {
        g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                     "the keyphrases were not extracted from this document");
        g_array_unref (mine);
        g_array_unref (merged);
        g_array_unref (marks);
        return NULL;
      }
      g_array_append_val (mine, m);
    }
    g_array_sort (mine, compare_marks);
    /* Merge this keyphrase's occurrences into the marks taken so far (both sorted). */
    g_array_set_size (merged, 0);
    const Mark *taken = (const Mark *) marks->data;
    guint t = 0;
    for (guint j = 0; j < mine->len; j++) {
      const Mark *m = &g_array_index (mine, Mark, j);
      while (t < marks->len && taken[t].start < m->start)
        g_array_append_val (merged, taken[t++]);
      gboolean free_span = !(t < marks->len && overlaps (&taken[t], m));
      if (free_span && merged->len > 0)
        free_span = !overlaps (&g_array_index (merged, Mark, merged->len - 1), m);
      if (free_span)
        g_array_append_val (merged, *m);
    }
    if (t < marks->len)
      g_array_append_vals (merged, taken + t, marks->len - t);
    GArray *swap = marks;
    marks = merged;
    merged = swap;
  }
  g_array_unref (mine);
  g_array_unref (merged);
  return marks;
}

/* For each sentence of the document, the summary item that selected it, or G_MAXUINT. Fails
 * when @summary was not made from @doc. (transfer full) */
static guint *
selected_sentences (const AbridgeDocument *doc, const AbridgeSummary *summary, GError **error)
{
  guint n = doc->sentences->len;
  guint *item = g_new (guint, n ? n : 1);
  for (guint s = 0; s < n; s++)
    item[s] = G_MAXUINT;
  if (summary == NULL)
    return item;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  for (guint i = 0; i < abridge_summary_get_count (summary); i++) {
    guint s = abridge_summary_get_index (summary, i);
    gsize start, end;
    abridge_summary_get_offsets (summary, i, &start, &end);
    if (s >= n || text_original_offset (&doc->prepared, sentences[s].start) != start
        || text_original_end (&doc->prepared, sentences[s].end) != end) {
      g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                   "the summary was not made from this document");
      g_free (item);
      return NULL;
    }
    item[s] = i;
  }
  return item;
}

/* ---- Escaping -------------------------------------------------------------------------- */

/* Characters that have no place in the output: C0 controls but tab and newline (and a carriage
 * return, dealt with apart), DEL, C1 controls (ESC and CSI would drive a terminal), and the
 * noncharacters, which HTML5 calls parse errors. */
static gboolean
unwanted (gunichar c)
{
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)
         || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* Appends [@p, @end) of valid UTF-8, escaped for HTML text and attribute values (@html) or
 * cleaned for a terminal. CRLF becomes LF; a lone CR and unwanted characters become U+FFFD. */
static void
append_escaped (GString *out, const char *p, const char *end, gboolean html)
{
  while (p < end) {
    const char *run = p;
    while (p < end && (guchar) *p >= 0x20 && (guchar) *p < 0x7F && *p != '&' && *p != '<'
           && *p != '>' && *p != '"' && *p != '\'')
      p++;
    g_string_append_len (out, run, p - run);
    if (p >= end)
      break;
    gunichar c = g_utf8_get_char (p);
    const char *next = g_utf8_next_char (p);
    if (c == '\r' && next < end && *next == '\n')
      ; /* the LF follows */
    else if (unwanted (c) || c == '\r')
      g_string_append (out, "\xEF\xBF\xBD");
    else if (html && c == '&')
      g_string_append (out, "&amp;");
    else if (html && c == '<')
      g_string_append (out, "&lt;");
    else if (html && c == '>')
      g_string_append (out, "&gt;");
    else if (html && c == '"')
      g_string_append (out, "&quot;");
    else if (html && c == '\'')
      g_string_append (out, "&#39;");
    else
      g_string_append_len (out, p, next - p);
    p = next;
  }
}

static void
append_html (GString *out, const char *text)
{
  append_escaped (out, text, text + strlen (text), TRUE);
}

/* ---- Tooltips -------------------------------------------------------------------------- */

static void
sentence_tooltip (GString *out, const AbridgeSummary *summary, guint item, guint sentence)
{
  g_string_append_printf (out, "Summary sentence %u of %u, score %.4f", item + 1,
                          abridge_summary_get_count (summary),
                          abridge_summary_get_score (summary, item));
  AbridgeScoreComponents x;
  if (abridge_summary_get_components (summary, sentence, &x))
    g_string_append_printf (out, ", picked %u%s: tfidf %.3f, centrality %.3f, position %.3f, "
                            "title %.3f, length %.3f, query %.3f, redundancy %.3f",
                            x.rank, x.rank == 1 ? "st" : x.rank == 2 ? "nd" : x.rank == 3 ? "rd"
                                                                                         : "th",
                            x.tfidf, x.centrality, x.position, x.title, x.length, x.query,
                            x.redundancy);
}

static void
keyphrase_tooltip (GString *out, const AbridgeKeywords *keywords, guint k)
{
  guint frequency = abridge_keywords_get_frequency (keywords, k);
  GString *plain = g_string_new (NULL);
  g_string_append_printf (plain, "Keyphrase %u: %s, score %.4f, %u occurrence%s", k + 1,
                          abridge_keywords_get_text (keywords, k),
                          abridge_keywords_get_score (keywords, k), frequency,
                          frequency == 1 ? "" : "s");
  append_escaped (out, plain->str, plain->str + plain->len, TRUE);
  g_string_free (plain, TRUE);
}

/* ---- HTML ------------------------------------------------------------------------------ */

/* Ten keyphrase colours (light backgrounds that keep dark text readable), by rank. */
static const char *const keyphrase_colours[] = {
  "#ffd54f", "#81d4fa", "#a5d6a7", "#f48fb1", "#ce93d8",
  "#ffab91", "#80cbc4", "#e6ee9c", "#b0bec5", "#bcaaa4"
};

static const char stylesheet[] =
  "body{font:16px/1.55 Georgia,'Times New Roman',serif;color:#222;background:#fff;"
  "max-width:46em;margin:2em auto;padding:0 1em}\n"
  "h1,h2{font-family:Helvetica,Arial,sans-serif;line-height:1.25}\n"
  "h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.4em}\n"
  "mark{color:inherit}\n"
  ".abridge-label{font-family:Helvetica,Arial,sans-serif;font-weight:600}\n"
  "mark.abridge-summary{background:#fff3b0;box-shadow:0 0 0 2px #fff3b0;"
  "border-bottom:2px solid #e0b000}\n"
  "mark.abridge-keyphrase{border-radius:3px;padding:0 2px;font-weight:600}\n"
  ".abridge-boilerplate{color:#888;opacity:.65}\n"
  "mark.abridge-keyphrase .abridge-boilerplate,.abridge-boilerplate mark{opacity:1}\n"
  ".abridge-legend{font:14px/1.4 Helvetica,Arial,sans-serif;border:1px solid #ddd;"
  "background:#fafafa;padding:.6em 1em;margin-bottom:1.5em}\n"
  ".abridge-legend ol{margin:.3em 0;padding-left:1.6em}\n"
  ".abridge-legend span.abridge-keyphrase{border-radius:3px;padding:0 3px}\n"
  ".abridge-formula{font-family:monospace}\n";

static void
append_keyphrase_classes (GString *out, guint k)
{
  g_string_append_printf (out, "abridge-keyphrase abridge-kp%u",
                          k % (guint) G_N_ELEMENTS (keyphrase_colours));
}

static void
append_legend (GString *out, const AbridgeDocument *doc, const AbridgeSummary *summary,
               const AbridgeKeywords *keywords)
{
  if (summary == NULL && keywords == NULL)
    return;
  g_string_append (out, "<aside class=\"abridge-legend\">\n");
  if (summary) {
    g_string_append_printf (out, "<p><mark class=\"abridge-legend-summary\">Highlighted</mark>: "
                            "%u summary sentence%s of %u candidates.",
                            abridge_summary_get_count (summary),
                            abridge_summary_get_count (summary) == 1 ? "" : "s",
                            doc->candidate_count);
    AbridgeScoreComponents x;
    if (doc->sentences->len > 0 && abridge_summary_get_components (summary, 0, &x)) {
      char *formula = abridge_summary_get_formula (summary);
      g_string_append (out, " Score: <span class=\"abridge-formula\">");
      append_html (out, formula);
      g_string_append (out, "</span>, picked by score &#8722; redundancy.");
      g_free (formula);
    }
    g_string_append (out, "</p>\n");
  }
  if (keywords && abridge_keywords_get_count (keywords) > 0) {
    g_string_append (out, "<p>Keyphrases, best first:</p>\n<ol class=\"abridge-keyphrases\">\n");
    for (guint k = 0; k < abridge_keywords_get_count (keywords); k++) {
      g_string_append (out, "<li><span class=\"");
      append_keyphrase_classes (out, k);
      g_string_append (out, "\">");
      append_html (out, abridge_keywords_get_text (keywords, k));
      g_string_append_printf (out, "</span> %.4f &#215;%u</li>\n",
                              abridge_keywords_get_score (keywords, k),
                              abridge_keywords_get_frequency (keywords, k));
    }
    g_string_append (out, "</ol>\n");
  }
  g_string_append (out, "</aside>\n");
}

/* What is rendered around one sentence and its marks, shared by both formats. */
typedef struct {
  const AbridgeDocument *doc;
  const AbridgeSummary *summary;
  const AbridgeKeywords *keywords;
  const guint *item;        /* per sentence: summary item or G_MAXUINT */
  const Mark *marks;
  guint mark_count;
  guint next_mark;
  GString *out;
} Render;

/* HTML of sentence @s's text with its keyphrase marks. */
static void
html_sentence_text (Render *r, guint s)
{
  const Sentence *sentence = &g_array_index (r->doc->sentences, Sentence, s);
  const char *text = r->doc->prepared.text;
  guint at = sentence->start;
  /* Marks that begin before this sentence lie outside every sentence: never, but skip them. */
  while (r->next_mark < r->mark_count && r->marks[r->next_mark].start < sentence->start)
    r->next_mark++;
  while (r->next_mark < r->mark_count && r->marks[r->next_mark].end <= sentence->end) {
    const Mark *m = &r->marks[r->next_mark++];
    append_escaped (r->out, text + at, text + m->start, TRUE);
    g_string_append (r->out, "<mark class=\"");
    append_keyphrase_classes (r->out, m->keyphrase);
    g_string_append_printf (r->out, "\" data-keyphrase=\"%u\" title=\"", m->keyphrase + 1);
    keyphrase_tooltip (r->out, r->keywords, m->keyphrase);
    g_string_append (r->out, "\">");
    append_escaped (r->out, text + m->start, text + m->end, TRUE);
    g_string_append (r->out, "</mark>");
    at = m->end;
  }
  append_escaped (r->out, text + at, text + sentence->end, TRUE);
}

static void
html_sentence (Render *r, guint s, gboolean block_boilerplate)
{
  const Sentence *sentence = &g_array_index (r->doc->sentences, Sentence, s);
  gboolean boilerplate = (sentence->flags & SENTENCE_BOILERPLATE) && !block_boilerplate;
  if (boilerplate)
    g_string_append (r->out, "<span class=\"abridge-boilerplate\">");
  if (r->item[s] != G_MAXUINT) {
    g_string_append_printf (r->out, "<mark class=\"abridge-summary\" data-sentence=\"%u\" "
                            "data-item=\"%u\" title=\"", s, r->item[s] + 1);
    sentence_tooltip (r->out, r->summary, r->item[s], s);
    g_string_append (r->out, "\">");
  }
  html_sentence_text (r, s);
  if (r->item[s] != G_MAXUINT)
    g_string_append (r->out, "</mark>");
  if (boilerplate)
    g_string_append (r->out, "</span>");
}

/* [@p, @end) without its leading and trailing whitespace (ASCII and Unicode). */
static void
trim (const char **p, const char **end)
{
  while (*p < *end && g_unichar_isspace (g_utf8_get_char (*p)))
    *p = g_utf8_next_char (*p);
  while (*end > *p) {
    const char *last = g_utf8_find_prev_char (*p, *end);
    if (last == NULL || !g_unichar_isspace (g_utf8_get_char (last)))
      break;
    *end = last;
  }
}

/* The document: each run of sentences that share a paragraph and are all headings or all
 * running text is one element: h1 for the title, h2 for a heading that running text follows,
 * p otherwise. Segmentation calls every line without final punctuation a heading, list items
 * and captions too: those that no text follows are shown as labels (p class="abridge-label").
 * Text between two elements that is not blank (a list bullet) opens the next one. */
static void
html_body (Render *r)
{
  const AbridgeDocument *doc = r->doc;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const char *text = doc->prepared.text;
  guint n = doc->sentences->len;
  guint done = 0; /* work offset up to which the text is rendered */
  for (guint s = 0; s < n;) {
    gboolean heading = (sentences[s].flags & SENTENCE_HEADING) != 0;
    guint last = s;
    gboolean all_boilerplate = (sentences[s].flags & SENTENCE_BOILERPLATE) != 0;
    gboolean title = (gint) s == doc->title;
    while (last + 1 < n && sentences[last + 1].paragraph == sentences[s].paragraph
           && ((sentences[last + 1].flags & SENTENCE_HEADING) != 0) == heading) {
      last++;
      all_boilerplate &= (sentences[last].flags & SENTENCE_BOILERPLATE) != 0;
      title |= (gint) last == doc->title;
    }
    gboolean introduces = last + 1 < n && !(sentences[last + 1].flags & SENTENCE_HEADING);
    const char *tag = !heading ? "p" : title ? "h1" : introduces ? "h2" : "p";
    const char *classes = all_boilerplate && heading && !title && !introduces
                            ? " class=\"abridge-label abridge-boilerplate\""
                          : all_boilerplate                      ? " class=\"abridge-boilerplate\""
                          : heading && !title && !introduces ? " class=\"abridge-label\""
                                                               : "";
    g_string_append_printf (r->out, "<%s%s>", tag, classes);
    const char *gap = text + done, *gap_end = text + sentences[s].start;
    trim (&gap, &gap_end);
    if (gap < gap_end) {
      append_escaped (r->out, gap, gap_end, TRUE);
      g_string_append_c (r->out, ' ');
    }
    for (guint i = s; i <= last; i++) {
      if (i > s)
        append_escaped (r->out, text + sentences[i - 1].end, text + sentences[i].start, TRUE);
      html_sentence (r, i, all_boilerplate);
    }
    g_string_append_printf (r->out, "</%s>\n", tag);
    done = sentences[last].end;
    s = last + 1;
  }
  const char *rest = text + done, *rest_end = text + doc->prepared.len;
  trim (&rest, &rest_end);
  if (rest < rest_end) {
    g_string_append (r->out, "<p>");
    append_escaped (r->out, rest, rest_end, TRUE);
    g_string_append (r->out, "</p>\n");
  }
}

static void
render_html (Render *r)
{
  const AbridgeDocument *doc = r->doc;
  GString *out = r->out;
  const char *code = abridge_language_code (doc->resources->language->name);
  g_string_append (out, "<!DOCTYPE html>\n<html");
  if (code && strcmp (code, "none") != 0 && strcmp (code, "auto") != 0)
    g_string_append_printf (out, " lang=\"%s\"", code);
  g_string_append (out, ">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"abridge " ABRIDGE_VERSION_STRING "\">\n"
                   "<title>");
  char *title = doc->title >= 0 ? document_sentence_text (doc, (guint) doc->title) : NULL;
  append_html (out, title && *title ? title : "abridge");
  g_free (title);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, stylesheet);
  for (guint k = 0; k < G_N_ELEMENTS (keyphrase_colours); k++)
    g_string_append_printf (out, ".abridge-kp%u{background:%s}\n", k, keyphrase_colours[k]);
  g_string_append (out, ".abridge-legend-summary{background:#fff3b0}\n"
                   "</style>\n</head>\n<body>\n");
  append_legend (out, doc, r->summary, r->keywords);
  g_string_append (out, "<article class=\"abridge-document\">\n");
  html_body (r);
  g_string_append (out, "</article>\n</body>\n</html>\n");
}

/* ---- ANSI ------------------------------------------------------------------------------ */

/* SGR attributes: a heading is bold, furniture dim, a summary sentence bold yellow, a
 * keyphrase underlined cyan (its colour wins over the sentence's). */
enum { STYLE_HEADING = 1, STYLE_BOILERPLATE = 2, STYLE_SUMMARY = 4, STYLE_KEYPHRASE = 8 };

static void
ansi_switch (GString *out, guint *current, guint style)
{
  if (style == *current)
    return;
  if (*current != 0)
    g_string_append (out, "\033[0m");
  if (style != 0) {
    g_string_append (out, "\033[");
    gboolean first = TRUE;
    static const struct { guint bit; const char *code; } codes[] = {
      { STYLE_HEADING, "1" }, { STYLE_BOILERPLATE, "2" }, { STYLE_SUMMARY, "1;33" },
      { STYLE_KEYPHRASE, "4;36" }
    };
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++) {
      if (!(style & codes[i].bit))
        continue;
      if (!first)
        g_string_append_c (out, ';');
      g_string_append (out, codes[i].code);
      first = FALSE;
    }
    g_string_append_c (out, 'm');
  }
  *current = style;
}

/* The text as it is laid out, with styles switched at sentence and mark boundaries; a style
 * never spans a line break, so that a pager shows each line right on its own. */
static void
ansi_span (GString *out, guint *current, guint style, const char *p, const char *end)
{
  while (p < end) {
    const char *newline = memchr (p, '\n', (gsize) (end - p));
    const char *stop = newline ? newline : end;
    if (newline && stop > p && stop[-1] == '\r')
      stop--; /* CRLF: the line ends here */
    if (stop > p) {
      ansi_switch (out, current, style);
      append_escaped (out, p, stop, FALSE);
    }
    if (newline == NULL)
      break;
    ansi_switch (out, current, 0);
    g_string_append_c (out, '\n');
    p = newline + 1;
  }
}

static void
render_ansi (Render *r)
{
  const AbridgeDocument *doc = r->doc;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const char *text = doc->prepared.text;
  guint current = 0;
  guint done = 0;
  for (guint s = 0; s < doc->sentences->len; s++) {
    const Sentence *sentence = &sentences[s];
    ansi_span (r->out, &current, 0, text + done, text + sentence->start);
    guint style = 0;
    if (sentence->flags & SENTENCE_HEADING)
      style |= STYLE_HEADING;
    if (sentence->flags & SENTENCE_BOILERPLATE)
      style |= STYLE_BOILERPLATE;
    if (r->item[s] != G_MAXUINT)
      style |= STYLE_SUMMARY;
    guint at = sentence->start;
    while (r->next_mark < r->mark_count && r->marks[r->next_mark].start < sentence->start)
      r->next_mark++;
    while (r->next_mark < r->mark_count && r->marks[r->next_mark].end <= sentence->end) {
      const Mark *m = &r->marks[r->next_mark++];
      ansi_span (r->out, &current, style, text + at, text + m->start);
      ansi_span (r->out, &current, style | STYLE_KEYPHRASE, text + m->start, text + m->end);
      at = m->end;
    }
    ansi_span (r->out, &current, style, text + at, text + sentence->end);
    done = sentence->end;
  }
  ansi_span (r->out, &current, 0, text + done, text + doc->prepared.len);
  ansi_switch (r->out, &current, 0);
  if (r->out->len > 0 && r->out->str[r->out->len - 1] != '\n')
    g_string_append_c (r->out, '\n');
}

/* ---- Public ---------------------------------------------------------------------------- */

char *
abridge_render (const AbridgeDocument *document, const AbridgeSummary *summary,
                const AbridgeKeywords *keywords, AbridgeRenderFormat format, GError **error)
{
  g_return_val_if_fail (document != NULL, NULL);
  if (format != ABRIDGE_RENDER_HTML && format != ABRIDGE_RENDER_ANSI) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                 "unknown render format %d", (int) format);
    return NULL;
  }
  guint *item = selected_sentences (document, summary, error);
  if (item == NULL)
    return NULL;
  GArray *marks = collect_marks (document, keywords, error);
  if (marks == NULL) {
    g_free (item);
    return NULL;
  }
  Render r = { 0 };
  r.doc = document;
  r.summary = summary;
  r.keywords = keywords;
  r.item = item;
  r.marks = (const Mark *) marks->data;
  r.mark_count = marks->len;
  r.out = g_string_sized_new (document->prepared.len + document->prepared.len / 4 + 4096);
  if (format == ABRIDGE_RENDER_HTML)
    render_html (&r);
  else
    render_ansi (&r);
  g_array_unref (marks);
  g_free (item);
  return g_string_free (r.out, FALSE);
}
