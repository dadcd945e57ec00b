/* test-render.c — explainable and highlighted output. The library's abridge_render (render.c):
 * escaping, balanced markup, which sentences and keyphrase occurrences are marked (the higher
 * rank wins an overlap), structure (title, headings, furniture), ANSI output, results of another
 * document refused. The command's side: JSON score components consistent with the formula,
 * character offsets on non-ASCII text, ANSI only when asked, --input.
 *
 * Usage: test-render ABRIDGE_BINARY CORPUS_DIR */
#include "abridge-test.h"
#include "abridge-private.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sys/wait.h>

static const char *abridge_path;
static const char *corpus_dir;

static AbridgeEngine *engine;

static void
setup (void)
{
  engine = test_engine ("english");
}

static void
teardown (void)
{
  abridge_engine_free (engine);
  engine = NULL;
}

static char *
corpus_text (const char *name, gsize *length)
{
  char *path = g_build_filename (corpus_dir, name, NULL);
  char *contents = NULL;
  ck_assert_msg (g_file_get_contents (path, &contents, length, NULL), "cannot read %s", path);
  g_free (path);
  return contents;
}

static AbridgeSummary *
summarize (const AbridgeDocument *doc, guint sentences)
{
  AbridgeSummaryOptions o;
  abridge_summary_options_init (&o);
  o.sentences = sentences;
  o.explain = TRUE;
  GError *error = NULL;
  AbridgeSummary *summary = abridge_summarize (doc, &o, &error);
  ck_assert_msg (summary != NULL, "summarize: %s", error ? error->message : "?");
  return summary;
}

static AbridgeKeywords *
keywords (const AbridgeDocument *doc, guint count, gboolean no_dedup)
{
  AbridgeKeywordOptions o;
  abridge_keyword_options_init (&o);
  o.count = count;
  o.no_dedup = no_dedup;
  GError *error = NULL;
  AbridgeKeywords *k = abridge_keywords_extract (doc, &o, &error);
  ck_assert_msg (k != NULL, "keywords: %s", error ? error->message : "?");
  return k;
}

static char *
render (const AbridgeDocument *doc, const AbridgeSummary *summary, const AbridgeKeywords *k,
        AbridgeRenderFormat format)
{
  GError *error = NULL;
  char *out = abridge_render (doc, summary, k, format, &error);
  ck_assert_msg (out != NULL, "render: %s", error ? error->message : "?");
  ck_assert (g_utf8_validate (out, -1, NULL));
  return out;
}

/* The markup of @html is balanced: every element but the void ones (meta) is closed, in order;
 * no '<' or '&' stands for itself; no <p> holds a block element. Returns the number of
 * elements. */
static guint
assert_balanced (const char *html)
{
  GPtrArray *stack = g_ptr_array_new_with_free_func (g_free);
  guint elements = 0;
  const char *p = html;
  ck_assert_msg (g_str_has_prefix (p, "<!DOCTYPE html>\n"), "no doctype first");
  p += strlen ("<!DOCTYPE html>\n");
  while (*p) {
    if (*p == '&') {
      const char *semi = strchr (p, ';');
      ck_assert_msg (semi && semi - p <= 8, "a bare '&' at: %.40s", p);
      p = semi + 1;
      continue;
    }
    if (*p != '<') {
      ck_assert_msg (*p != '>', "a raw '>' in text at: %.40s", p);
      p++;
      continue;
    }
    gboolean end = p[1] == '/';
    const char *name = p + (end ? 2 : 1);
    gsize length = strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789");
    ck_assert_msg (length > 0, "a '<' that is not a tag at: %.40s", p);
    char *tag = g_strndup (name, length);
    const char *close = strchr (name, '>');
    ck_assert_msg (close != NULL, "unclosed tag at: %.40s", p);
    /* Attribute values: no raw '<', and quotes balanced. */
    for (const char *q = name; q < close; q++)
      ck_assert_msg (*q != '<', "'<' inside a tag: %.60s", p);
    guint quotes = 0;
    for (const char *q = name; q < close; q++)
      quotes += *q == '"';
    ck_assert_msg (quotes % 2 == 0, "unbalanced quotes in: %.*s", (int) (close - p + 1), p);
    p = close + 1;
    if (end) {
      ck_assert_msg (stack->len > 0, "</%s> closes nothing", tag);
      const char *open = g_ptr_array_index (stack, stack->len - 1);
      ck_assert_msg (strcmp (open, tag) == 0, "</%s> closes <%s>", tag, open);
      g_ptr_array_remove_index (stack, stack->len - 1);
      g_free (tag);
      continue;
    }
    elements++;
    if (strcmp (tag, "meta") == 0) {
      g_free (tag);
      continue;
    }
    static const char *const blocks[] = { "p", "h1", "h2", "article", "aside", "ol", NULL };
    for (guint b = 0; blocks[b]; b++)
      for (guint i = 0; i < stack->len && strcmp (tag, blocks[b]) == 0; i++)
        ck_assert_msg (strcmp (g_ptr_array_index (stack, i), "p") != 0, "<%s> inside <p>", tag);
    if (strcmp (tag, "style") == 0 || strcmp (tag, "title") == 0) {
      /* Raw text up to its end tag: never holds '<'. */
      const char *stop = strchr (p, '<');
      ck_assert_msg (stop != NULL, "<%s> not closed", tag);
      p = stop;
    }
    g_ptr_array_add (stack, tag);
  }
  ck_assert_msg (stack->len == 0, "%u elements left open", stack->len);
  g_ptr_array_unref (stack);
  return elements;
}

/* @html without its tags (to find text that marks may split). (transfer full) */
static char *
strip_tags (const char *html)
{
  GString *text = g_string_new (NULL);
  for (const char *p = html; *p; p++) {
    if (*p == '<')
      p = strchr (p, '>');
    else
      g_string_append_c (text, *p);
  }
  return g_string_free (text, FALSE);
}

/* @text escaped as the renderer escapes it. (transfer full) */
static char *
escape (const char *text, gssize length)
{
  GString *out = g_string_new (NULL);
  for (const char *c = text; length < 0 ? *c != '\0' : c < text + length; c++)
    if (*c == '"')
      g_string_append (out, "&quot;");
    else if (*c == '&')
      g_string_append (out, "&amp;");
    else if (*c == '\'')
      g_string_append (out, "&#39;");
    else if (*c == '<')
      g_string_append (out, "&lt;");
    else if (*c == '>')
      g_string_append (out, "&gt;");
    else
      g_string_append_c (out, *c);
  return g_string_free (out, FALSE);
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* ---- HTML -------------------------------------------------------------------------------- */

static const char hostile[] =
  "Tom & Jerry say \"<b>hello</b>\" to the harbour bridge.\n\n"
  "The harbour bridge <script>alert('x & y')</script> stays open & the harbour road too.\n\n"
  "Engineers said the harbour bridge needs new bearings, and the road needs 'new' tarmac.\n";

START_TEST (test_html_escapes_text)
{
  AbridgeDocument *doc = test_document (engine, hostile, 0);
  AbridgeSummary *summary = summarize (doc, 2);
  AbridgeKeywords *k = keywords (doc, 10, FALSE);
  char *html = render (doc, summary, k, ABRIDGE_RENDER_HTML);
  assert_balanced (html);
  ck_assert_msg (strstr (html, "<b>") == NULL && strstr (html, "<script") == NULL,
                 "markup of the text written as markup:\n%s", html);
  ck_assert_uint_gt (count (html, "<mark class=\"abridge-keyphrase"), 0);
  char *text = strip_tags (html);
  ck_assert (strstr (text, "Tom &amp; Jerry say &quot;&lt;b&gt;hello&lt;/b&gt;&quot;") != NULL);
  ck_assert (strstr (text, "alert(&#39;x &amp; y&#39;)&lt;/script&gt;") != NULL);
  ck_assert (strstr (text, "&#39;new&#39; tarmac") != NULL);
  g_free (text);
  g_free (html);
  abridge_keywords_free (k);
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_html_control_characters_replaced)
{
  /* ESC, BEL, DEL, a C1 control and a noncharacter have no place in HTML. */
  const char *text = "Harbour \x1b[31mred\x07 text \x7f and \xc2\x9b more \xef\xbf\xbe harbour text.\n";
  AbridgeDocument *doc = test_document (engine, text, 0);
  char *html = render (doc, NULL, NULL, ABRIDGE_RENDER_HTML);
  ck_assert (strchr (html, '\x1b') == NULL && strchr (html, '\x07') == NULL
             && strchr (html, '\x7f') == NULL && strstr (html, "\xc2\x9b") == NULL
             && strstr (html, "\xef\xbf\xbe") == NULL);
  ck_assert (strstr (html, "Harbour \xef\xbf\xbd[31mred\xef\xbf\xbd text") != NULL);
  assert_balanced (html);
  g_free (html);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_html_marks_the_summary_sentences)
{
  gsize length;
  char *text = corpus_text ("news-harbour-bridge.txt", &length);
  AbridgeDocument *doc = test_document (engine, text, 0);
  AbridgeSummary *summary = summarize (doc, 4);
  char *html = render (doc, summary, NULL, ABRIDGE_RENDER_HTML);
  assert_balanced (html);
  ck_assert_uint_eq (count (html, "<mark class=\"abridge-summary\""), 4);
  ck_assert_uint_eq (count (html, "<mark class=\"abridge-keyphrase"), 0);
  for (guint i = 0; i < abridge_summary_get_count (summary); i++) {
    guint index = abridge_summary_get_index (summary, i);
    char *attribute = g_strdup_printf ("<mark class=\"abridge-summary\" data-sentence=\"%u\"",
                                       index);
    const char *at = strstr (html, attribute);
    ck_assert_msg (at != NULL, "sentence %u is not marked", index);
    /* The mark's tooltip gives the score, and the mark holds the sentence's text. */
    char *score = g_strdup_printf ("score %.4f", abridge_summary_get_score (summary, i));
    const char *body = strstr (at, "\">") + 2;
    ck_assert (g_strstr_len (at, body - at, score) != NULL);
    char *sentence = abridge_document_get_sentence (doc, index, NULL, NULL);
    char *first_words = g_strndup (sentence, 12);
    ck_assert_msg (g_str_has_prefix (body, first_words), "mark of %u holds: %.40s", index, body);
    g_free (first_words);
    g_free (sentence);
    g_free (score);
    g_free (attribute);
  }
  g_free (html);
  abridge_summary_free (summary);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

START_TEST (test_html_structure)
{
  gsize length;
  char *text = corpus_text ("news-harbour-bridge.txt", &length);
  AbridgeDocument *doc = test_document (engine, text, 0);
  char *html = render (doc, NULL, NULL, ABRIDGE_RENDER_HTML);
  assert_balanced (html);
  ck_assert (strstr (html, "<title>Council Approves $4.5m Repair Plan for Ageing Harbour Bridge"
                     "</title>") != NULL);
  ck_assert (strstr (html, "<h1>Council Approves $4.5m Repair Plan for Ageing Harbour Bridge"
                     "</h1>") != NULL);
  ck_assert (strstr (html, "<h2>What the money will pay for</h2>") != NULL);
  ck_assert (strstr (html, "<html lang=\"en\">") != NULL);
  ck_assert (strstr (html, "<style>") != NULL);
  /* Every sentence of the text is in the page, in order. */
  const char *from = html;
  for (guint s = 0; s < abridge_document_get_sentence_count (doc); s++) {
    char *sentence = abridge_document_get_sentence (doc, s, NULL, NULL);
    char *escaped = escape (sentence, -1);
    const char *at = strstr (from, escaped);
    ck_assert_msg (at != NULL, "sentence %u missing or out of order: %s", s, escaped);
    from = at + strlen (escaped);
    g_free (escaped);
    g_free (sentence);
  }
  /* Paragraphs: one <p> per run of text sentences of a paragraph. */
  ck_assert_uint_ge (count (html, "<p>"), 10);
  g_free (html);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

START_TEST (test_html_boilerplate_has_its_class)
{
  gsize length;
  char *text = corpus_text ("web-library-reopens.html", &length);
  GError *error = NULL;
  AbridgeDocument *doc = abridge_document_new (engine, text, (gssize) length,
                                               ABRIDGE_ANALYZE_HTML, &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "?");
  guint boilerplate = 0;
  for (guint s = 0; s < abridge_document_get_sentence_count (doc); s++)
    boilerplate += abridge_document_sentence_is_boilerplate (doc, s);
  ck_assert_uint_gt (boilerplate, 0);
  AbridgeSummary *summary = summarize (doc, 3);
  char *html = render (doc, summary, NULL, ABRIDGE_RENDER_HTML);
  assert_balanced (html);
  /* Each furniture sentence sits in an element of class abridge-boilerplate. */
  for (guint s = 0; s < abridge_document_get_sentence_count (doc); s++) {
    if (!abridge_document_sentence_is_boilerplate (doc, s))
      continue;
    /* The sentence as it stands in the analyzed text (inner whitespace not folded). */
    const Sentence *unit = &g_array_index (doc->sentences, Sentence, s);
    char *sentence = escape (doc->prepared.text + unit->start, unit->end - unit->start);
    const char *at = strstr (html, sentence);
    ck_assert_msg (at != NULL, "furniture sentence %u not rendered: %s", s, sentence);
    const char *open = g_strrstr_len (html, at - html, "<");
    ck_assert_msg (strstr (open, "abridge-boilerplate\"") != NULL
                   && strstr (open, "abridge-boilerplate\"") < at,
                   "sentence %u: no boilerplate class before it", s);
    g_free (sentence);
  }
  ck_assert (strstr (html, ".abridge-boilerplate{") != NULL); /* dimmed by the stylesheet */
  /* The page renders the extracted text, never the input's markup. */
  ck_assert (strstr (html, "<nav") == NULL && strstr (html, "&lt;nav") == NULL);
  g_free (html);
  abridge_summary_free (summary);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

/* The marks that the overlap rule gives, worked out the slow way: keyphrases best first, an
 * occurrence kept when it overlaps no occurrence kept before. Returns per keyphrase the number
 * of marks. */
static guint *
expected_marks (const AbridgeKeywords *k)
{
  guint n = abridge_keywords_get_count (k);
  guint *marks = g_new0 (guint, n);
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  for (guint i = 0; i < n; i++) {
    guint occurrences;
    const guint *pairs = keywords_work_occurrences (k, i, &occurrences);
    for (guint j = 0; j < occurrences; j++) {
      gboolean free_span = TRUE;
      for (guint m = 0; m < kept->len && free_span; m++) {
        const guint *span = (const guint *) kept->data + 2 * m;
        free_span = pairs[2 * j + 1] <= span[0] || span[1] <= pairs[2 * j];
      }
      if (free_span) {
        g_array_append_vals (kept, pairs + 2 * j, 1);
        marks[i]++;
      }
    }
  }
  g_array_unref (kept);
  return marks;
}

START_TEST (test_html_overlapping_keyphrases_marked_once)
{
  gsize length;
  char *text = corpus_text ("news-harbour-bridge.txt", &length);
  AbridgeDocument *doc = test_document (engine, text, 0);
  /* Without deduplication, "harbour bridge", "bridge" and the like all come back. */
  AbridgeKeywords *k = keywords (doc, 30, TRUE);
  char *html = render (doc, NULL, k, ABRIDGE_RENDER_HTML);
  assert_balanced (html);
  guint *expected = expected_marks (k);
  guint total = 0, occurrences = 0;
  for (guint i = 0; i < abridge_keywords_get_count (k); i++) {
    char *attribute = g_strdup_printf ("data-keyphrase=\"%u\" title=", i + 1);
    ck_assert_msg (count (html, attribute) == expected[i], "keyphrase %u (%s): %u marks, %u "
                   "expected", i + 1, abridge_keywords_get_text (k, i), count (html, attribute),
                   expected[i]);
    total += expected[i];
    occurrences += abridge_keywords_get_frequency (k, i);
    g_free (attribute);
  }
  /* Some occurrences did overlap (else the test shows nothing), and no mark is inside another
   * keyphrase mark. */
  ck_assert_uint_lt (total, occurrences);
  for (const char *p = strstr (html, "<mark class=\"abridge-keyphrase"); p;
       p = strstr (p + 1, "<mark class=\"abridge-keyphrase")) {
    const char *end = strstr (p, "</mark>");
    const char *inner = strstr (p + 1, "<mark");
    ck_assert (inner == NULL || inner > end);
  }
  g_free (expected);
  g_free (html);
  abridge_keywords_free (k);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

START_TEST (test_results_of_another_document_refused)
{
  AbridgeDocument *doc = test_document (engine, hostile, 0);
  gsize length;
  char *text = corpus_text ("news-harbour-bridge.txt", &length);
  AbridgeDocument *other = test_document (engine, text, 0);
  AbridgeSummary *summary = summarize (other, 3);
  AbridgeKeywords *k = keywords (other, 5, FALSE);
  GError *error = NULL;
  ck_assert (abridge_render (doc, summary, NULL, ABRIDGE_RENDER_HTML, &error) == NULL);
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);
  ck_assert (abridge_render (doc, NULL, k, ABRIDGE_RENDER_ANSI, &error) == NULL);
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);
  ck_assert (abridge_render (doc, NULL, NULL, (AbridgeRenderFormat) 7, &error) == NULL);
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);
  abridge_keywords_free (k);
  abridge_summary_free (summary);
  abridge_document_free (other);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

/* ---- ANSI -------------------------------------------------------------------------------- */

/* @ansi without its SGR sequences; fails on any other use of ESC. (transfer full) */
static char *
strip_sgr (const char *ansi)
{
  GString *plain = g_string_new (NULL);
  for (const char *p = ansi; *p; p++) {
    if (*p != '\x1b') {
      g_string_append_c (plain, *p);
      continue;
    }
    ck_assert_msg (p[1] == '[', "an ESC that does not start a CSI: %.20s", p);
    const char *q = p + 2;
    q += strspn (q, "0123456789;");
    ck_assert_msg (*q == 'm', "an escape sequence that is not SGR: %.20s", p);
    p = q;
  }
  return g_string_free (plain, FALSE);
}

START_TEST (test_ansi_keeps_the_text_and_marks_it)
{
  gsize length;
  char *text = corpus_text ("news-harbour-bridge.txt", &length);
  AbridgeDocument *doc = test_document (engine, text, 0);
  AbridgeSummary *summary = summarize (doc, 3);
  AbridgeKeywords *k = keywords (doc, 5, FALSE);
  char *ansi = render (doc, summary, k, ABRIDGE_RENDER_ANSI);
  char *plain = strip_sgr (ansi);
  /* The text, byte for byte (it ends with a newline). */
  ck_assert_str_eq (plain, text);
  ck_assert_uint_ge (count (ansi, "\x1b[1;33m"), 3);      /* summary sentences */
  ck_assert_uint_ge (count (ansi, "4;36m"), 5);           /* keyphrases */
  /* The title, bold (its first word may be a keyphrase too). */
  ck_assert (g_str_has_prefix (ansi, "\x1b[1m") || g_str_has_prefix (ansi, "\x1b[1;"));
  ck_assert (g_str_has_prefix (plain, "Council Approves"));
  /* Every style is closed before each line break. */
  for (const char *p = strchr (ansi, '\n'); p; p = strchr (p + 1, '\n')) {
    const char *line = g_strrstr_len (ansi, p - ansi, "\x1b[");
    const char *previous = g_strrstr_len (ansi, p - ansi, "\n");
    if (line && (!previous || line > previous))
      ck_assert_msg (g_str_has_prefix (line, "\x1b[0m"), "a style open at a line break");
  }
  g_free (plain);
  g_free (ansi);
  abridge_keywords_free (k);
  abridge_summary_free (summary);
  abridge_document_free (doc);
  g_free (text);
}
END_TEST

START_TEST (test_ansi_escapes_of_the_text_neutralized)
{
  const char *text = "Harbour text \x1b]0;owned\x07 with \x1b[2J escapes.\r\nHarbour text again.\n";
  AbridgeDocument *doc = test_document (engine, text, 0);
  AbridgeSummary *summary = summarize (doc, 1);
  char *ansi = render (doc, summary, NULL, ABRIDGE_RENDER_ANSI);
  char *plain = strip_sgr (ansi); /* fails on the text's own ESC */
  ck_assert_str_eq (plain, "Harbour text \xef\xbf\xbd]0;owned\xef\xbf\xbd with \xef\xbf\xbd[2J "
                           "escapes.\nHarbour text again.\n");
  g_free (plain);
  g_free (ansi);
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

/* ---- the command ------------------------------------------------------------------------- */

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static Run
run_argv (const char *stdin_path, const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup ("/bin/sh"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  GString *cmd = g_string_new ("exec");
  char *q = g_shell_quote (abridge_path);
  g_string_append_printf (cmd, " %s", q);
  g_free (q);
  for (guint i = 0; args[i]; i++) {
    q = g_shell_quote (args[i]);
    g_string_append_printf (cmd, " %s", q);
    g_free (q);
  }
  q = g_shell_quote (stdin_path ? stdin_path : "/dev/null");
  g_string_append_printf (cmd, " < %s", q);
  g_free (q);
  g_ptr_array_add (argv, g_string_free (cmd, FALSE));
  g_ptr_array_add (argv, NULL);
  Run r = { 0 };
  int wait_status = 0;
  GError *error = NULL;
  gboolean ok = g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                              &r.out, &r.err, &wait_status, &error);
  ck_assert_msg (ok, "cannot run %s: %s", abridge_path, error ? error->message : "?");
  r.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_ptr_array_unref (argv);
  return r;
}

#define RUN(...) run_argv (NULL, (const char *const[]) { __VA_ARGS__, NULL })
#define RUN_STDIN(path, ...) run_argv ((path), (const char *const[]) { __VA_ARGS__, NULL })

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

static void
assert_status (const Run *r, int status)
{
  ck_assert_msg (r->status == status, "exit status %d, expected %d\nstdout:\n%.2000s\nstderr:\n%s",
                 r->status, status, r->out, r->err);
}

static JsonObject *
parse_object (JsonParser *parser, const char *json)
{
  GError *error = NULL;
  ck_assert_msg (json_parser_load_from_data (parser, json, -1, &error), "invalid JSON: %s",
                 error ? error->message : "?");
  JsonNode *root = json_parser_get_root (parser);
  ck_assert (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

/* total = the formula applied to the components; the formula is "w*name + name + ...". */
static double
apply_formula (const char *formula, JsonObject *components)
{
  double total = 0;
  char **terms = g_strsplit (formula, " + ", -1);
  for (guint i = 0; terms[i]; i++) {
    char *star = strchr (terms[i], '*');
    double weight = star ? g_ascii_strtod (terms[i], NULL) : 1;
    const char *name = star ? star + 1 : terms[i];
    ck_assert_msg (json_object_has_member (components, name), "formula term %s", name);
    total += weight * json_object_get_double_member (components, name);
  }
  g_strfreev (terms);
  return total;
}

START_TEST (test_json_components_consistent)
{
  static const char *const documents[] = { "news-harbour-bridge.txt", "fr-marche-local.txt",
                                            "web-library-reopens.html" };
  static const char *const methods[] = { "default", "tfidf", "position" };
  for (guint d = 0; d < G_N_ELEMENTS (documents); d++) {
    char *path = g_build_filename (corpus_dir, documents[d], NULL);
    Run r = RUN ("--format", "json", "--explain", "--method", methods[d], "-n", "3",
                 "--query", "bridge repair", path);
    assert_status (&r, 0);
    JsonParser *parser = json_parser_new ();
    JsonObject *doc = parse_object (parser, r.out);
    const char *formula = json_object_get_string_member (doc, "formula");
    ck_assert (formula && *formula);
    JsonArray *summary = json_object_get_array_member (doc, "summary");
    JsonArray *sentences = json_object_get_array_member (doc, "sentences");
    ck_assert_uint_eq (json_array_get_length (sentences),
                       json_object_get_int_member (doc, "sentence_count"));
    ck_assert_uint_eq (json_array_get_length (summary), 3);
    GHashTable *selected = g_hash_table_new (g_direct_hash, g_direct_equal);
    for (guint i = 0; i < json_array_get_length (summary); i++) {
      JsonObject *item = json_array_get_object_element (summary, i);
      gint64 index = json_object_get_int_member (item, "index");
      g_hash_table_add (selected, GINT_TO_POINTER (index + 1));
      JsonObject *components = json_object_get_object_member (item, "components");
      ck_assert_msg (json_object_get_int_member (item, "rank") > 0, "%s: summary sentence %"
                     G_GINT64_FORMAT " has rank 0", documents[d], index);
      ck_assert (fabs (json_object_get_double_member (item, "score")
                       - json_object_get_double_member (components, "total")) < 1e-12);
    }
    guint ranked = 0;
    for (guint s = 0; s < json_array_get_length (sentences); s++) {
      JsonObject *sentence = json_array_get_object_element (sentences, s);
      JsonObject *components = json_object_get_object_member (sentence, "components");
      gint64 rank = json_object_get_int_member (sentence, "rank");
      gboolean candidate = json_object_get_boolean_member (sentence, "candidate");
      ck_assert_uint_eq (json_object_get_int_member (sentence, "index"), s);
      ck_assert_msg ((rank > 0) == g_hash_table_contains (selected, GINT_TO_POINTER (s + 1)),
                     "%s: sentence %u has rank %" G_GINT64_FORMAT, documents[d], s, rank);
      ranked += rank > 0;
      if (!candidate) {
        ck_assert_int_eq (rank, 0);
        continue;
      }
      double total = json_object_get_double_member (components, "total");
      double applied = apply_formula (formula, components);
      ck_assert_msg (fabs (total - applied) < 1e-9, "%s: sentence %u: total %.17g, %s gives "
                     "%.17g", documents[d], s, total, formula, applied);
      const char *parts[] = { "tfidf", "centrality", "position", "title", "length", "query",
                              "redundancy" };
      for (guint p = 0; p < G_N_ELEMENTS (parts); p++) {
        double value = json_object_get_double_member (components, parts[p]);
        ck_assert_msg (value >= 0 && value <= 1.0000001, "%s: %s = %g", documents[d], parts[p],
                       value);
      }
    }
    ck_assert_uint_eq (ranked, 3);
    g_hash_table_unref (selected);
    g_object_unref (parser);
    run_clear (&r);
    g_free (path);
  }
}
END_TEST

/* Character offsets: the UTF-8 characters of the input before the byte offset. */
static void
check_char_range (const char *input, gsize length, JsonArray *bytes, JsonArray *chars)
{
  gint64 start = json_array_get_int_element (bytes, 0), end = json_array_get_int_element (bytes, 1);
  gint64 start_char = json_array_get_int_element (chars, 0);
  gint64 end_char = json_array_get_int_element (chars, 1);
  ck_assert (0 <= start && start < end && (gsize) end <= length);
  ck_assert_int_eq (start_char, g_utf8_strlen (input, start));
  ck_assert_int_eq (end_char, g_utf8_strlen (input, end));
}

START_TEST (test_char_offsets_on_non_ascii_text)
{
  /* Two-byte (Cyrillic, é), three-byte (€, “”) and four-byte (emoji) characters. */
  const char *text =
    "Café “Zimnyaya” opens 🎉 in Moscow.\n\n"
    "Зимняя дорога открыта: the café sells coffee for 3 € and the winter road is open.\n\n"
    "Зимняя дорога closes in spring, says the café owner, and the café stays open 🎉.\n";
  char *path = g_build_filename (g_get_tmp_dir (), "abridge-test-render-chars.txt", NULL);
  ck_assert (g_file_set_contents (path, text, -1, NULL));
  Run r = RUN ("keywords", "--format", "json", "-k", "8", path);
  assert_status (&r, 0);
  JsonParser *parser = json_parser_new ();
  JsonObject *doc = parse_object (parser, r.out);
  JsonArray *list = json_object_get_array_member (doc, "keywords");
  ck_assert_uint_gt (json_array_get_length (list), 2);
  guint non_ascii = 0;
  for (guint i = 0; i < json_array_get_length (list); i++) {
    JsonObject *k = json_array_get_object_element (list, i);
    JsonArray *occurrences = json_object_get_array_member (k, "occurrences");
    JsonArray *chars = json_object_get_array_member (k, "char_occurrences");
    ck_assert_uint_eq (json_array_get_length (occurrences),
                       json_object_get_int_member (k, "frequency"));
    ck_assert_uint_eq (json_array_get_length (chars), json_array_get_length (occurrences));
    ck_assert (json_array_get_length (json_object_get_array_member (k, "forms")) >= 1);
    ck_assert (json_object_has_member (k, "stem") && json_object_has_member (k, "idf"));
    ck_assert_uint_ge (json_object_get_int_member (k, "documents"),
                       json_object_get_int_member (k, "document_frequency"));
    for (guint j = 0; j < json_array_get_length (occurrences); j++) {
      JsonArray *b = json_array_get_array_element (occurrences, j);
      JsonArray *c = json_array_get_array_element (chars, j);
      check_char_range (text, strlen (text), b, c);
      non_ascii += json_array_get_int_element (b, 0) != json_array_get_int_element (c, 0);
    }
  }
  ck_assert_uint_gt (non_ascii, 0); /* the test saw offsets that differ */
  g_object_unref (parser);
  run_clear (&r);

  /* Summary sentences too. */
  r = RUN ("--format", "json", "-r", "100", path);
  assert_status (&r, 0);
  parser = json_parser_new ();
  doc = parse_object (parser, r.out);
  JsonArray *summary = json_object_get_array_member (doc, "summary");
  ck_assert_uint_eq (json_array_get_length (summary), 3);
  for (guint i = 0; i < json_array_get_length (summary); i++) {
    JsonObject *s = json_array_get_object_element (summary, i);
    gint64 start = json_object_get_int_member (s, "start");
    gint64 end = json_object_get_int_member (s, "end");
    ck_assert_int_eq (json_object_get_int_member (s, "start_char"), g_utf8_strlen (text, start));
    ck_assert_int_eq (json_object_get_int_member (s, "end_char"), g_utf8_strlen (text, end));
  }
  ck_assert_str_eq (json_object_get_string_member (doc, "format"), "text");
  g_object_unref (parser);
  run_clear (&r);
  g_unlink (path);
  g_free (path);
}
END_TEST

START_TEST (test_ansi_only_when_asked)
{
  char *path = g_build_filename (corpus_dir, "news-harbour-bridge.txt", NULL);
  const char *const plain[][5] = {
    { path, NULL }, { "--explain", path, NULL }, { "--format", "json", path, NULL },
    { "--format", "html", path, NULL }, { "--scores", "--explain", path, NULL },
    { "keywords", path, NULL }, { "keywords", "--explain", path, NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++) {
    Run r = run_argv (NULL, plain[i]);
    assert_status (&r, 0);
    ck_assert_msg (strchr (r.out, '\x1b') == NULL, "ANSI escapes with %s %s", plain[i][0],
                   plain[i][1] ? plain[i][1] : "");
    run_clear (&r);
  }
  Run r = RUN ("--highlight", path);
  assert_status (&r, 0);
  ck_assert (strstr (r.out, "\x1b[1;33m") != NULL);
  run_clear (&r);
  r = RUN ("keywords", "--highlight", path);
  assert_status (&r, 0);
  ck_assert (strstr (r.out, "\x1b[4;36m") != NULL && strstr (r.out, "\x1b[1;33m") == NULL);
  run_clear (&r);
  r = RUN ("--highlight", "--format", "json", path);
  assert_status (&r, 2);
  run_clear (&r);
  g_free (path);
}
END_TEST

START_TEST (test_html_page_and_input_formats)
{
  char *html = g_build_filename (corpus_dir, "web-library-reopens.html", NULL);
  char *text = g_build_filename (corpus_dir, "news-harbour-bridge.txt", NULL);
  /* --format html: summary and keyphrases in one page. */
  Run r = RUN ("--format", "html", "-n", "2", text);
  assert_status (&r, 0);
  assert_balanced (r.out);
  ck_assert_uint_eq (count (r.out, "<mark class=\"abridge-summary\""), 2);
  ck_assert_uint_gt (count (r.out, "<mark class=\"abridge-keyphrase"), 0);
  ck_assert_uint_eq (count (r.out, "<li><span class=\"abridge-keyphrase"), 10);
  run_clear (&r);
  /* One page renders one document. */
  r = RUN ("--format", "html", text, html);
  assert_status (&r, 2);
  run_clear (&r);
  /* --input: auto sniffs the file (and stdin), an explicit format wins. */
  static const struct { const char *input; gboolean on_stdin; const char *format; } cases[] = {
    { NULL, FALSE, "html" }, { "auto", FALSE, "html" }, { "text", FALSE, "text" },
    { "html", FALSE, "html" }, { NULL, TRUE, "html" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    const char *args[6] = { "--format", "json" };
    guint n = 2;
    if (cases[i].input) {
      args[n++] = "--input";
      args[n++] = cases[i].input;
    }
    if (!cases[i].on_stdin)
      args[n++] = html;
    args[n] = NULL;
    r = run_argv (cases[i].on_stdin ? html : NULL, args);
    assert_status (&r, 0);
    JsonParser *parser = json_parser_new ();
    JsonObject *doc = parse_object (parser, r.out);
    ck_assert_str_eq (json_object_get_string_member (doc, "format"), cases[i].format);
    /* Read as text, the page's markup ends up in the sentences. */
    JsonArray *summary = json_object_get_array_member (doc, "summary");
    gboolean markup = FALSE;
    for (guint j = 0; j < json_array_get_length (summary); j++)
      markup |= strchr (json_object_get_string_member (json_array_get_object_element (summary, j),
                                                       "text"), '<') != NULL;
    ck_assert (markup == (strcmp (cases[i].format, "text") == 0));
    g_object_unref (parser);
    run_clear (&r);
  }
  r = RUN ("--input", "xml", text);
  assert_status (&r, 2);
  run_clear (&r);
  r = RUN ("--keep-boilerplate", "--format", "json", html);
  assert_status (&r, 0);
  run_clear (&r);
  g_free (html);
  g_free (text);
}
END_TEST

/* The man page names every long option that --help lists, of every command. */
START_TEST (test_man_page_lists_every_option)
{
  char *page_path = g_build_filename (corpus_dir, "..", "docs", "abridge.1", NULL);
  char *page = NULL;
  ck_assert_msg (g_file_get_contents (page_path, &page, NULL, NULL), "no %s", page_path);
  static const char *const commands[][4] = {
    { "--help", NULL }, { "keywords", "--help", NULL }, { "idf", "build", "--help", NULL },
    { "idf", "show", "--help", NULL }, { "idf", "merge", "--help", NULL },
  };
  guint options = 0;
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++) {
    Run r = run_argv (NULL, commands[c]);
    assert_status (&r, 0);
    for (const char *p = strstr (r.out, "  --"); p; p = strstr (p + 1, "  --")) {
      const char *name = p + 4;
      gsize length = strspn (name, "abcdefghijklmnopqrstuvwxyz-");
      if (length == 0)
        continue;
      /* In roff, each '-' of an option is written '\-'. */
      GString *roff = g_string_new ("\\-\\-");
      for (gsize i = 0; i < length; i++)
        if (name[i] == '-')
          g_string_append (roff, "\\-");
        else
          g_string_append_c (roff, name[i]);
      ck_assert_msg (strstr (page, roff->str) != NULL, "%s: --%.*s is not in the man page",
                     commands[c][0], (int) length, name);
      g_string_free (roff, TRUE);
      options++;
    }
    run_clear (&r);
  }
  ck_assert_uint_gt (options, 30);
  g_free (page);
  g_free (page_path);
}
END_TEST

static Suite *
render_suite (void)
{
  Suite *s = suite_create ("render");
  TCase *html = tcase_create ("html");
  tcase_add_checked_fixture (html, setup, teardown);
  tcase_add_test (html, test_html_escapes_text);
  tcase_add_test (html, test_html_control_characters_replaced);
  tcase_add_test (html, test_html_marks_the_summary_sentences);
  tcase_add_test (html, test_html_structure);
  tcase_add_test (html, test_html_boilerplate_has_its_class);
  tcase_add_test (html, test_html_overlapping_keyphrases_marked_once);
  tcase_add_test (html, test_results_of_another_document_refused);
  suite_add_tcase (s, html);

  TCase *ansi = tcase_create ("ansi");
  tcase_add_checked_fixture (ansi, setup, teardown);
  tcase_add_test (ansi, test_ansi_keeps_the_text_and_marks_it);
  tcase_add_test (ansi, test_ansi_escapes_of_the_text_neutralized);
  suite_add_tcase (s, ansi);

  TCase *cli = tcase_create ("cli");
  tcase_set_timeout (cli, 120);
  tcase_add_test (cli, test_json_components_consistent);
  tcase_add_test (cli, test_char_offsets_on_non_ascii_text);
  tcase_add_test (cli, test_ansi_only_when_asked);
  tcase_add_test (cli, test_html_page_and_input_formats);
  tcase_add_test (cli, test_man_page_lists_every_option);
  suite_add_tcase (s, cli);
  return s;
}

int
main (int argc, char **argv)
{
  if (argc != 3) {
    g_printerr ("usage: %s ABRIDGE_BINARY CORPUS_DIR\n", argv[0]);
    return 2;
  }
  abridge_path = argv[1];
  corpus_dir = argv[2];
  SRunner *runner = srunner_create (render_suite ());
  srunner_run_all (runner, CK_NORMAL);
  int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
