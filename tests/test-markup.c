/* test-markup.c — markup.c: the input format (extension, sniffing), the text extracted from
 * HTML and Markdown with offsets that still point into the input, headings, titles and page
 * furniture, and boilerplate recognized by its wording in any format. */
#include "abridge-test.h"
#include "abridge-private.h"

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

/* The index of the sentence whose folded text is @text, or -1. */
static gint
find_sentence (const AbridgeDocument *doc, const char *text)
{
  for (guint i = 0; i < abridge_document_get_sentence_count (doc); i++) {
    char *s = abridge_document_get_sentence (doc, i, NULL, NULL);
    gboolean same = strcmp (s, text) == 0;
    g_free (s);
    if (same)
      return (gint) i;
  }
  return -1;
}

/* Is any sentence's text containing @needle? */
static gboolean
any_sentence_contains (const AbridgeDocument *doc, const char *needle)
{
  for (guint i = 0; i < abridge_document_get_sentence_count (doc); i++) {
    char *s = abridge_document_get_sentence (doc, i, NULL, NULL);
    gboolean found = strstr (s, needle) != NULL;
    g_free (s);
    if (found)
      return TRUE;
  }
  return FALSE;
}

/* The input bytes of sentence @i. (transfer full) */
static char *
source_of (const AbridgeDocument *doc, const char *input, guint i)
{
  gsize start = 0, end = 0;
  g_free (abridge_document_get_sentence (doc, i, &start, &end));
  ck_assert_uint_le (start, end);
  ck_assert_uint_le (end, strlen (input));
  return g_strndup (input + start, end - start);
}

START_TEST (test_sniff_by_name)
{
  ck_assert_int_eq (abridge_sniff_format ("page.HTML", "plain words", -1), ABRIDGE_FORMAT_HTML);
  ck_assert_int_eq (abridge_sniff_format ("a/b.htm", NULL, 0), ABRIDGE_FORMAT_HTML);
  ck_assert_int_eq (abridge_sniff_format ("notes.md", NULL, 0), ABRIDGE_FORMAT_MARKDOWN);
  ck_assert_int_eq (abridge_sniff_format ("notes.markdown", NULL, 0), ABRIDGE_FORMAT_MARKDOWN);
  /* A known text extension wins over the content. */
  ck_assert_int_eq (abridge_sniff_format ("x.txt", "<html><body>x</body></html>", -1),
                    ABRIDGE_FORMAT_TEXT);
  ck_assert_int_eq (abridge_format_flags (ABRIDGE_FORMAT_HTML), ABRIDGE_ANALYZE_HTML);
  ck_assert_int_eq (abridge_format_flags (ABRIDGE_FORMAT_MARKDOWN), ABRIDGE_ANALYZE_MARKDOWN);
  ck_assert_int_eq (abridge_format_flags (ABRIDGE_FORMAT_TEXT), 0);
}
END_TEST

START_TEST (test_sniff_by_content)
{
  ck_assert_int_eq (abridge_sniff_format (NULL, "\xEF\xBB\xBF  <!DOCTYPE html><p>x", -1),
                    ABRIDGE_FORMAT_HTML);
  ck_assert_int_eq (abridge_sniff_format ("page", "<HTML lang=en>", -1), ABRIDGE_FORMAT_HTML);
  ck_assert_int_eq (abridge_sniff_format (NULL, "<div class=a>text</div>", -1), ABRIDGE_FORMAT_HTML);
  ck_assert_int_eq (abridge_sniff_format (NULL, "# Title\n\nSome text.\n\n- one\n- two\n", -1),
                    ABRIDGE_FORMAT_MARKDOWN);
  /* One signal is not enough: a line that starts with "- " in plain prose. */
  ck_assert_int_eq (abridge_sniff_format (NULL, "Prices rose.\n- Ed.\nThe end.\n", -1),
                    ABRIDGE_FORMAT_TEXT);
  ck_assert_int_eq (abridge_sniff_format (NULL, "The cat sat. 3 < 4 is true.", -1),
                    ABRIDGE_FORMAT_TEXT);
  ck_assert_int_eq (abridge_sniff_format (NULL, "", 0), ABRIDGE_FORMAT_TEXT);
}
END_TEST

static const char page[] =
  "<!DOCTYPE html>\n<html><head><title>Harbour &amp; Bridge News</title>\n"
  "<style>p { color: red; }</style><script>var secret = 'never seen';</script></head>\n"
  "<body>\n<nav><a href=/>Home</a> <a href=/sport>Sport</a></nav>\n"
  "<header><p>Site banner text</p></header>\n"
  "<article><h1>Bridge to reopen</h1>\n"
  "<p>The council voted on Tuesday to reopen the bridge.\n   Work starts in May.</p>\n"
  "<p>Engineers said the piers were &ldquo;sound&rdquo; after all &mdash; a relief.</p>\n"
  "<h2>Costs</h2><p>The repairs cost <b>four</b> million pounds in all.</p>\n"
  "<div class=\"share-tools\"><p>Tweet this story now please everyone.</p></div>\n"
  "<ul><li><a href=/a>Other news one</a></li><li><a href=/b>Other news two</a></li></ul>\n"
  "</article><aside>Sidebar promo text.</aside><footer>Footer text.</footer>\n"
  "</body></html>\n";

START_TEST (test_html_content)
{
  AbridgeDocument *doc = test_document (engine, page, ABRIDGE_ANALYZE_HTML);
  /* Script, style, nav, site header, aside and footer never reach the text. */
  ck_assert (!any_sentence_contains (doc, "secret"));
  ck_assert (!any_sentence_contains (doc, "color"));
  ck_assert (!any_sentence_contains (doc, "Home"));
  ck_assert (!any_sentence_contains (doc, "banner"));
  ck_assert (!any_sentence_contains (doc, "Sidebar"));
  ck_assert (!any_sentence_contains (doc, "Footer"));
  /* Block elements end paragraphs; whitespace of the source folds; inline tags vanish. */
  gint vote = find_sentence (doc, "The council voted on Tuesday to reopen the bridge.");
  gint work = find_sentence (doc, "Work starts in May.");
  gint costs = find_sentence (doc, "The repairs cost four million pounds in all.");
  ck_assert_int_ge (vote, 0);
  ck_assert_int_eq (work, vote + 1);
  ck_assert_int_ge (costs, 0);
  /* Entities are decoded. */
  ck_assert_int_ge (find_sentence (doc, "Engineers said the piers were \xE2\x80\x9Csound\xE2\x80\x9D "
                                        "after all \xE2\x80\x94 a relief."), 0);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_html_structure)
{
  AbridgeDocument *doc = test_document (engine, page, ABRIDGE_ANALYZE_HTML);
  /* <title> is the title; h1 and h2 are headings, never candidates. */
  gint title = abridge_document_get_title_index (doc);
  ck_assert_int_ge (title, 0);
  char *text = abridge_document_get_sentence (doc, (guint) title, NULL, NULL);
  ck_assert_str_eq (text, "Harbour & Bridge News");
  g_free (text);
  gint h1 = find_sentence (doc, "Bridge to reopen");
  gint h2 = find_sentence (doc, "Costs");
  ck_assert_int_ge (h1, 0);
  ck_assert_int_ge (h2, 0);
  ck_assert (abridge_document_sentence_is_heading (doc, (guint) h1));
  ck_assert (abridge_document_sentence_is_heading (doc, (guint) h2));
  /* Furniture by class, and a list of links, is boilerplate. */
  gint share = find_sentence (doc, "Tweet this story now please everyone.");
  ck_assert_int_ge (share, 0);
  ck_assert (abridge_document_sentence_is_boilerplate (doc, (guint) share));
  gint links = find_sentence (doc, "Other news one");
  ck_assert_int_ge (links, 0);
  ck_assert (abridge_document_sentence_is_boilerplate (doc, (guint) links));
  gint vote = find_sentence (doc, "The council voted on Tuesday to reopen the bridge.");
  ck_assert (!abridge_document_sentence_is_boilerplate (doc, (guint) vote));
  ck_assert (abridge_document_get_sentence_paragraph (doc, (guint) vote)
             > abridge_document_get_sentence_paragraph (doc, (guint) h1));
  /* A summary of every candidate holds neither headings nor furniture. */
  AbridgeSummaryOptions options;
  abridge_summary_options_init (&options);
  options.ratio = 100;
  AbridgeSummary *summary = abridge_summarize (doc, &options, NULL);
  ck_assert_uint_eq (abridge_summary_get_count (summary), 4);
  for (guint i = 0; i < abridge_summary_get_count (summary); i++) {
    guint index = abridge_summary_get_index (summary, i);
    ck_assert (!abridge_document_sentence_is_heading (doc, index));
    ck_assert (!abridge_document_sentence_is_boilerplate (doc, index));
  }
  abridge_summary_free (summary);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_html_offsets)
{
  AbridgeDocument *doc = test_document (engine, page, ABRIDGE_ANALYZE_HTML);
  char *source = source_of (doc, page, (guint) find_sentence (doc, "Work starts in May."));
  ck_assert_str_eq (source, "Work starts in May.");
  g_free (source);
  /* A range over markup spans the markup, and one that ends with an entity ends after it. */
  source = source_of (doc, page, (guint) find_sentence (doc, "The repairs cost four million pounds in all."));
  ck_assert_str_eq (source, "The repairs cost <b>four</b> million pounds in all.");
  g_free (source);
  gint relief = find_sentence (doc, "Engineers said the piers were \xE2\x80\x9Csound\xE2\x80\x9D "
                                    "after all \xE2\x80\x94 a relief.");
  source = source_of (doc, page, (guint) relief);
  ck_assert_str_eq (source, "Engineers said the piers were &ldquo;sound&rdquo; after all &mdash; a relief.");
  g_free (source);
  source = source_of (doc, page, (guint) abridge_document_get_title_index (doc));
  ck_assert_str_eq (source, "Harbour &amp; Bridge News");
  g_free (source);

  /* Keyphrase occurrences point at the words in the input. */
  AbridgeKeywords *keywords = abridge_keywords_extract (doc, NULL, NULL);
  ck_assert_uint_gt (abridge_keywords_get_count (keywords), 0);
  for (guint i = 0; i < abridge_keywords_get_count (keywords); i++) {
    for (guint j = 0; j < abridge_keywords_get_frequency (keywords, i); j++) {
      gsize start, end;
      abridge_keywords_get_occurrence (keywords, i, j, &start, &end);
      /* The range holds the words and any markup between them. */
      GRegex *tags = g_regex_new ("<[^>]*>", 0, 0, NULL);
      char *written = g_regex_replace_literal (tags, page + start, (gssize) (end - start), 0, "", 0, NULL);
      g_regex_unref (tags);
      gboolean known = FALSE;
      const char *const *forms = abridge_keywords_get_forms (keywords, i);
      for (guint k = 0; forms[k]; k++)
        known |= strcmp (forms[k], written) == 0;
      ck_assert_msg (known, "occurrence <%s> of <%s>", written, abridge_keywords_get_text (keywords, i));
      g_free (written);
    }
  }
  abridge_keywords_free (keywords);
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_html_malformed)
{
  static const char *const inputs[] = {
    "", "<", "<p", "</p></div></body>", "<p>unclosed <b>bold <i>italic", "&", "&#xFFFFFFFF; &bogus;",
    "<script>never closed", "<title>Only a title</title>", "<!-- comment", "<p>a</p><p>b",
    "<table><tr><td>cell one.<td>cell two.</table>", "<br><br><br>", "<![CDATA[x]]>",
    NULL
  };
  for (guint i = 0; inputs[i]; i++) {
    GError *error = NULL;
    AbridgeDocument *doc = abridge_document_new (engine, inputs[i], -1, ABRIDGE_ANALYZE_HTML, &error);
    ck_assert_msg (doc != NULL, "<%s>: %s", inputs[i], error ? error->message : "");
    for (guint s = 0; s < abridge_document_get_sentence_count (doc); s++) {
      gsize start = 0, end = 0;
      g_free (abridge_document_get_sentence (doc, s, &start, &end));
      ck_assert_msg (start <= end && end <= strlen (inputs[i]), "<%s>: [%zu, %zu)", inputs[i],
                     start, end);
    }
    AbridgeSummary *summary = abridge_summarize (doc, NULL, NULL);
    ck_assert (summary != NULL);
    abridge_summary_free (summary);
    abridge_document_free (doc);
  }
  /* Deep nesting does not recurse: the parser is a SAX stream. */
  GString *deep = g_string_new (NULL);
  for (guint i = 0; i < 20000; i++)
    g_string_append (deep, "<div>");
  g_string_append (deep, "Deep text here is fine.");
  AbridgeDocument *doc = test_document (engine, deep->str, ABRIDGE_ANALYZE_HTML);
  ck_assert_uint_ge (abridge_document_get_sentence_count (doc), 1);
  abridge_document_free (doc);
  g_string_free (deep, TRUE);
}
END_TEST

START_TEST (test_html_invalid_utf8)
{
  /* An invalid byte (replaced by U+FFFD) inside HTML: offsets still land in the input. */
  static const char input[] = "<p>Caf\xE9 prices rose sharply this year.</p><p>Tea stayed cheap.</p>";
  AbridgeDocument *doc = test_document (engine, input, ABRIDGE_ANALYZE_HTML);
  ck_assert_uint_eq (abridge_document_get_invalid_count (doc), 1);
  gint tea = find_sentence (doc, "Tea stayed cheap.");
  ck_assert_int_ge (tea, 0);
  char *source = source_of (doc, input, (guint) tea);
  ck_assert_str_eq (source, "Tea stayed cheap.");
  g_free (source);
  source = source_of (doc, input, 0);
  ck_assert_str_eq (source, "Caf\xE9 prices rose sharply this year.");
  g_free (source);
  abridge_document_free (doc);
}
END_TEST

static const char notes[] =
  "# Backup Runbook\n\n"
  "Backups run **every night** at two.\nThey are kept for\n35 days.\n\n"
  "## Restore\n\n"
  "```sh\nrestore --latest   # code is never summarized.\n```\n\n"
  "    indented code is never summarized either.\n\n"
  "- First item of the list.\n- Second item of the list.\n\n"
  "> Quoted advice stays text.\n\n"
  "See the [rota page](https://example.com/rota) &amp; the `ledger` tool.\n\n"
  "<div>raw html block</div>\n";

START_TEST (test_markdown)
{
  AbridgeDocument *doc = test_document (engine, notes, ABRIDGE_ANALYZE_MARKDOWN);
  ck_assert (!any_sentence_contains (doc, "restore --latest"));
  ck_assert (!any_sentence_contains (doc, "indented code"));
  ck_assert (!any_sentence_contains (doc, "raw html"));
  ck_assert (!any_sentence_contains (doc, "**"));
  gint title = abridge_document_get_title_index (doc);
  ck_assert_int_ge (title, 0);
  char *text = abridge_document_get_sentence (doc, (guint) title, NULL, NULL);
  ck_assert_str_eq (text, "Backup Runbook");
  g_free (text);
  gint restore = find_sentence (doc, "Restore");
  ck_assert_int_ge (restore, 0);
  ck_assert (abridge_document_sentence_is_heading (doc, (guint) restore));
  /* Soft line breaks are spaces; offsets span the source with its markup and line breaks. */
  gint kept = find_sentence (doc, "They are kept for 35 days.");
  ck_assert_int_ge (kept, 0);
  char *source = source_of (doc, notes, (guint) kept);
  ck_assert_str_eq (source, "They are kept for\n35 days.");
  g_free (source);
  gint backups = find_sentence (doc, "Backups run every night at two.");
  ck_assert_int_ge (backups, 0);
  source = source_of (doc, notes, (guint) backups);
  ck_assert_str_eq (source, "Backups run **every night** at two.");
  g_free (source);
  ck_assert_int_ge (find_sentence (doc, "First item of the list."), 0);
  ck_assert_int_ge (find_sentence (doc, "Quoted advice stays text."), 0);
  gint see = find_sentence (doc, "See the rota page & the ledger tool.");
  ck_assert_int_ge (see, 0);
  source = source_of (doc, notes, (guint) see);
  ck_assert (g_str_has_prefix (source, "See the [rota page]"));
  g_free (source);
  abridge_document_free (doc);
}
END_TEST

/* A furniture opening at the start of a paragraph's second sentence, in capitals, or with a
 * character that case folding turns into ASCII (U+212A KELVIN SIGN folds to "k"); what looks
 * alike but opens otherwise stays. */
/* Random texts of words, spaces of every kind g_ascii_isspace() accepts, '\v' (which it does
 * not), other control characters and multi-byte characters, counted from every start and
 * length and under several limits: the same as a byte-by-byte count, across the 16- and
 * 8-byte steps of the fast paths. */
START_TEST (test_count_words_random)
{
  static const char *const pieces[] = {
    "a", "word", "longerword", "exactly8", "sixteen-bytes-xx", " ", "  ", "\t", "\n", "\r\n",
    "\f", "\v", "\x01", "\x1F", "\x7F", "caf\xC3\xA9", "\xC2\xA0", "\xE6\x9D\xB1", "x\x0By"
  };
  static const guint limits[] = { 0, 1, 11, 26, 81, G_MAXUINT };
  GRand *rand = g_rand_new_with_seed (2026);
  for (guint round = 0; round < 400; round++) {
    GString *text = test_random_pieces (rand, pieces, G_N_ELEMENTS (pieces), 40);
    for (gsize start = 0; start <= MIN (text->len, 3); start++)
      for (gsize len = start; len <= text->len; len++) {
        guint want = 0;
        gboolean after_space = TRUE;
        for (gsize i = start; i < len; i++) {
          gboolean space = g_ascii_isspace (text->str[i]);
          if (!space && after_space)
            want++;
          after_space = space;
        }
        for (guint l = 0; l < G_N_ELEMENTS (limits); l++) {
          guint got = markup_count_words (text->str + start, text->str + len, limits[l]);
          ck_assert_msg (got == MIN (want, limits[l]), "round %u, [%zu, %zu), limit %u: %u, want %u",
                         round, start, len, limits[l], got, MIN (want, limits[l]));
        }
      }
    g_string_free (text, TRUE);
  }
  g_rand_free (rand);
}
END_TEST

START_TEST (test_boilerplate_sentence_openings)
{
  static const char text[] =
    "Visitors filled the square on the first warm evening of the year. SHARE THIS STORY\n\n"
    "The band played until late on the harbour stage. Bac\xE2\x84\xAA to top\n\n"
    "The ferry left at nine. Backing tracks were not needed.\n\n"
    "The mayor spoke briefly. \xC3\x89" "dition sp\xC3\xA9" "ciale du soir.\n";
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  static const char *const furniture[] = { "SHARE THIS STORY", "Bac\xE2\x84\xAA to top", NULL };
  for (guint i = 0; furniture[i]; i++) {
    gint s = find_sentence (doc, furniture[i]);
    ck_assert_msg (s >= 0, "no sentence <%s>", furniture[i]);
    ck_assert_msg (abridge_document_sentence_is_boilerplate (doc, (guint) s), "<%s>", furniture[i]);
  }
  static const char *const content[] = {
    "The band played until late on the harbour stage.", "Backing tracks were not needed.",
    "\xC3\x89" "dition sp\xC3\xA9" "ciale du soir.", NULL
  };
  for (guint i = 0; content[i]; i++) {
    gint s = find_sentence (doc, content[i]);
    ck_assert_msg (s >= 0, "no sentence <%s>", content[i]);
    ck_assert_msg (!abridge_document_sentence_is_boilerplate (doc, (guint) s), "<%s>", content[i]);
  }
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_boilerplate_wording)
{
  static const char text[] =
    "Library reopens after refit\n\n"
    "By Amara Lindqvist, Education Correspondent\n\n"
    "The library reopened on Saturday after an eighteen-month refit of the old building. "
    "More than six hundred people queued along the street before the doors opened.\n\n"
    "The reading room. Photo: Northgate Council\n\n"
    "We use cookies to give you the best experience on our website.\n\n"
    "Share this article on social media\n\n"
    "\xC2\xA9 2026 The Northgate Courier. All rights reserved.\n\n"
    "Readers who bake cookies at home said the new kitchen classes were popular.\n";
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_DEFAULT);
  static const char *const furniture[] = {
    "By Amara Lindqvist, Education Correspondent", "Photo: Northgate Council",
    "We use cookies to give you the best experience on our website.",
    "Share this article on social media", "\xC2\xA9 2026 The Northgate Courier.", "All rights reserved.",
    NULL
  };
  for (guint i = 0; furniture[i]; i++) {
    gint s = find_sentence (doc, furniture[i]);
    ck_assert_msg (s >= 0, "no sentence <%s>", furniture[i]);
    ck_assert_msg (abridge_document_sentence_is_boilerplate (doc, (guint) s), "<%s>", furniture[i]);
  }
  static const char *const content[] = {
    "The library reopened on Saturday after an eighteen-month refit of the old building.",
    "The reading room.",
    "Readers who bake cookies at home said the new kitchen classes were popular.", NULL
  };
  for (guint i = 0; content[i]; i++) {
    gint s = find_sentence (doc, content[i]);
    ck_assert_msg (s >= 0, "no sentence <%s>", content[i]);
    ck_assert_msg (!abridge_document_sentence_is_boilerplate (doc, (guint) s), "<%s>", content[i]);
  }
  /* Furniture carries no terms: no keyphrase comes from it. */
  AbridgeKeywords *keywords = abridge_keywords_extract (doc, NULL, NULL);
  for (guint i = 0; i < abridge_keywords_get_count (keywords); i++) {
    ck_assert_str_ne (abridge_keywords_get_text (keywords, i), "Amara Lindqvist");
    ck_assert_str_ne (abridge_keywords_get_text (keywords, i), "Northgate Courier");
  }
  abridge_keywords_free (keywords);
  abridge_document_free (doc);

  /* --keep-boilerplate: nothing is flagged. */
  doc = test_document (engine, text, ABRIDGE_ANALYZE_KEEP_BOILERPLATE);
  for (guint i = 0; i < abridge_document_get_sentence_count (doc); i++)
    ck_assert (!abridge_document_sentence_is_boilerplate (doc, i));
  abridge_document_free (doc);
}
END_TEST

START_TEST (test_corpus_documents)
{
  /* The HTML page and the Markdown runbook that the project ships: every sentence's range
   * lies in the input, starts where its first word is written, and the summary is made of
   * article sentences only. */
  static const char *const files[] = { "web-library-reopens.html", "notes-backup-runbook.md", NULL };
  for (guint f = 0; files[f]; f++) {
    char *path = g_build_filename (CORPUS_DIR, files[f], NULL);
    char *input = NULL;
    gsize len = 0;
    ck_assert (g_file_get_contents (path, &input, &len, NULL));
    AbridgeFormat format = abridge_sniff_format (path, input, (gssize) len);
    ck_assert_int_eq (format, f == 0 ? ABRIDGE_FORMAT_HTML : ABRIDGE_FORMAT_MARKDOWN);
    AbridgeDocument *doc = test_document (engine, input, abridge_format_flags (format));
    ck_assert_uint_gt (abridge_document_get_sentence_count (doc), 10);
    for (guint i = 0; i < abridge_document_get_sentence_count (doc); i++) {
      gsize start, end;
      char *text = abridge_document_get_sentence (doc, i, &start, &end);
      ck_assert_uint_le (end, len);
      /* The first two bytes of the sentence are where the range starts, unless it opens with
       * a decoded entity. */
      if (input[start] != '&')
        ck_assert_msg (strncmp (input + start, text, 2) == 0, "%s: <%s> at <%.20s>", files[f],
                       text, input + start);
      g_free (text);
    }
    AbridgeSummary *summary = abridge_summarize (doc, NULL, NULL);
    ck_assert_uint_ge (abridge_summary_get_count (summary), 3);
    for (guint i = 0; i < abridge_summary_get_count (summary); i++) {
      guint index = abridge_summary_get_index (summary, i);
      ck_assert (!abridge_document_sentence_is_boilerplate (doc, index));
      ck_assert (!abridge_document_sentence_is_heading (doc, index));
    }
    abridge_summary_free (summary);
    abridge_document_free (doc);
    g_free (input);
    g_free (path);
  }
}
END_TEST

START_TEST (test_repeated_furniture)
{
  static const char *const pages[] = {
    "<p>The tram line opens in May after three years of building work downtown.</p>",
    "<p>Water prices will rise by four percent from the first of April this year.</p>",
    "<p>The museum adds a wing for maritime history with two hundred new objects.</p>",
    "<p>A new ferry links the islands twice a day during the summer months now.</p>",
  };
  static const char slogan[] = "<p>Northgate Courier:   news that matters to you, every single day.</p>";
  AbridgeRepeatCounter *counter = abridge_repeat_counter_new ();
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++) {
    char *page = g_strconcat (pages[i], i % 2 ? "<P>NORTHGATE COURIER: news that matters to you,\nevery single day.</P>" : slogan, NULL);
    AbridgeDocument *doc = test_document (engine, page, ABRIDGE_ANALYZE_HTML);
    abridge_repeat_counter_add (counter, doc);
    abridge_repeat_counter_add (counter, doc); /* the same page twice still counts */
    abridge_document_free (doc);
    g_free (page);
  }
  /* 8 documents counted: the slogan is in all of them, each article in 2 (< 3). */
  ck_assert_uint_eq (abridge_repeat_counter_apply (counter, engine), 1);
  abridge_repeat_counter_free (counter);
  char *page = g_strconcat (pages[0], slogan, NULL);
  AbridgeDocument *doc = test_document (engine, page, ABRIDGE_ANALYZE_HTML);
  gint s = find_sentence (doc, "Northgate Courier: news that matters to you, every single day.");
  gint t = find_sentence (doc, "The tram line opens in May after three years of building work downtown.");
  ck_assert_int_ge (s, 0);
  ck_assert_int_ge (t, 0);
  ck_assert (abridge_document_sentence_is_boilerplate (doc, (guint) s));
  ck_assert (!abridge_document_sentence_is_boilerplate (doc, (guint) t));
  abridge_document_free (doc);
  /* ... unless boilerplate is kept. */
  doc = test_document (engine, page, ABRIDGE_ANALYZE_HTML | ABRIDGE_ANALYZE_KEEP_BOILERPLATE);
  ck_assert (!abridge_document_sentence_is_boilerplate (doc, (guint) s));
  abridge_document_free (doc);
  g_free (page);
}
END_TEST

static Suite *
markup_suite (void)
{
  Suite *suite = suite_create ("markup");
  TCase *tc = tcase_create ("markup");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_sniff_by_name);
  tcase_add_test (tc, test_sniff_by_content);
  tcase_add_test (tc, test_html_content);
  tcase_add_test (tc, test_html_structure);
  tcase_add_test (tc, test_html_offsets);
  tcase_add_test (tc, test_html_malformed);
  tcase_add_test (tc, test_html_invalid_utf8);
  tcase_add_test (tc, test_markdown);
  tcase_add_test (tc, test_boilerplate_wording);
  tcase_add_test (tc, test_boilerplate_sentence_openings);
  tcase_add_test (tc, test_count_words_random);
  tcase_add_test (tc, test_corpus_documents);
  tcase_add_test (tc, test_repeated_furniture);
  suite_add_tcase (suite, tc);
  return suite;
}

ABRIDGE_TEST_MAIN (markup_suite)
