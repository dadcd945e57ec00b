/* main.c — the abridge command: parses options, then hands each input to the library (through
 * the public API only) and prints the result. Subcommands: summarize (the default), keywords,
 * idf build|show|merge, languages. */
#include "cli.h"

#include <locale.h>
#include <string.h>

typedef struct {
  /* common */
  char *format;
  char *language;
  char *idf_path;
  char *stopwords;
  char *extra_stopwords;
  gboolean strict;
  gboolean verbose;
  gboolean version;
  gboolean scores;
  gint64 max_bytes;
  int threads;
  char **files;
  /* summarize */
  int sentences;
  double ratio;
  int words;
  int max_chars;
  char *order;
  double diversity;
  char *method;
  char *query;
  /* keywords */
  int count;
  int max_words;
  gboolean no_dedup;
} Options;

static const char *program = "abridge";

static int
usage_error (const char *message)
{
  fprintf (stderr, "%s: %s (see '%s --help')\n", program, message, program);
  return EXIT_USAGE;
}

static GOptionEntry common_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL, "Output format: text (default) or json (one object per document)", "FORMAT" },
  { "lang", 0, 0, G_OPTION_ARG_STRING, NULL, "Language: a code (en, fr) or Snowball name; default en", "CODE" },
  { "idf", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Weigh terms with this IDF model (abridge idf build)", "MODEL" },
  { "stopwords", 0, 0, G_OPTION_ARG_STRING, NULL, "Replace the language's stop words with FILE (one a line) or a comma list", "FILE" },
  { "extra-stopwords", 0, 0, G_OPTION_ARG_STRING, NULL, "Add stop words from FILE or a comma list", "FILE" },
  { "strict", 0, 0, G_OPTION_ARG_NONE, NULL, "Invalid UTF-8 is an error (default: replaced, with a warning)", NULL },
  { "max-bytes", 0, 0, G_OPTION_ARG_INT64, NULL, "Refuse inputs larger than N bytes (default 268435456; 0: no limit)", "N" },
  { "scores", 0, 0, G_OPTION_ARG_NONE, NULL, "Show scores", NULL },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, NULL, "Say what is done (language, sentence counts) on stderr", NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, "Print the version and exit", NULL },
  { "threads", 'j', 0, G_OPTION_ARG_INT, NULL, "Process N documents at once (default: the number of cores); output keeps input order", "N" },
  { NULL }
};

static void
bind_common (GOptionEntry *entries, Options *o)
{
  entries[0].arg_data = &o->format;
  entries[1].arg_data = &o->language;
  entries[2].arg_data = &o->idf_path;
  entries[3].arg_data = &o->stopwords;
  entries[4].arg_data = &o->extra_stopwords;
  entries[5].arg_data = &o->strict;
  entries[6].arg_data = &o->max_bytes;
  entries[7].arg_data = &o->scores;
  entries[8].arg_data = &o->verbose;
  entries[9].arg_data = &o->version;
  entries[10].arg_data = &o->threads;
}

/* Parses @argv with the common options plus @extra. Returns -1 on success, else an exit code. */
static int
parse_options (int *argc, char ***argv, const char *parameter, const char *summary,
               const char *description, GOptionEntry *extra, Options *o)
{
  GOptionEntry common[G_N_ELEMENTS (common_entries)];
  memcpy (common, common_entries, sizeof common);
  bind_common (common, o);
  GOptionEntry files[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->files, NULL, NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (parameter);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  if (extra)
    g_option_context_add_main_entries (context, extra, NULL);
  g_option_context_add_main_entries (context, common, NULL);
  g_option_context_add_main_entries (context, files, NULL);
  GError *error = NULL;
  gboolean ok = g_option_context_parse (context, argc, argv, &error);
  g_option_context_free (context);
  if (!ok) {
    int status = usage_error (error->message);
    g_error_free (error);
    return status;
  }
  if (o->version) {
    printf ("abridge %s\n", abridge_version ());
    return EXIT_OK;
  }
  if (o->format && strcmp (o->format, "text") != 0 && strcmp (o->format, "json") != 0)
    return usage_error ("--format must be text or json");
  if (o->max_bytes < 0)
    return usage_error ("--max-bytes must not be negative");
  if (o->threads < 0 || o->threads > 1024)
    return usage_error ("--threads takes a number from 1 to 1024");
  return -1;
}

/* Builds the engine from the common options. */
static AbridgeEngine *
make_engine (const Options *o, int *status)
{
  GError *error = NULL;
  AbridgeEngine *engine = abridge_engine_new (o->language ? o->language : "en", &error);
  if (engine == NULL) {
    *status = usage_error (error->message);
    g_error_free (error);
    return NULL;
  }
  abridge_engine_set_max_bytes (engine, (gsize) o->max_bytes);
  const char *lists[2] = { o->stopwords, o->extra_stopwords };
  for (int i = 0; i < 2; i++) {
    if (lists[i] == NULL)
      continue;
    char **words = cli_read_word_list (lists[i], &error);
    if (words == NULL) {
      fprintf (stderr, "%s: %s\n", program, error->message);
      g_error_free (error);
      abridge_engine_free (engine);
      *status = EXIT_USAGE;
      return NULL;
    }
    abridge_engine_set_stopwords (engine, (const char *const *) words, i == 0);
    g_strfreev (words);
  }
  if (o->idf_path) {
    AbridgeIdf *idf = abridge_idf_load (o->idf_path, &error);
    if (idf == NULL || !abridge_engine_set_idf (engine, idf, &error)) {
      fprintf (stderr, "%s: %s\n", program, error->message);
      g_error_free (error);
      abridge_idf_free (idf);
      abridge_engine_free (engine);
      *status = EXIT_USAGE;
      return NULL;
    }
    abridge_idf_free (idf);
  }
  return engine;
}

static void
write_out (const GString *out)
{
  if (out->len > 0 && fwrite (out->str, 1, out->len, stdout) != out->len) {
    /* A closed pipe or a full disk: nothing more can be said on stdout. */
    fflush (stderr);
    exit (EXIT_PROCESSING);
  }
}

typedef enum { JOB_SUMMARIZE, JOB_KEYWORDS } Job;

/* One input's result: what goes to stdout and to stderr, written in input order. */
typedef struct {
  const char *path;
  GString *out;
  GString *err;
  int status;
  gboolean done;
} Slot;

typedef struct {
  const AbridgeEngine *engine;
  const Options *options;
  Job job;
  gboolean header;
  GMutex lock;
  GCond ready;
} Run;

static const char *
display_name (const char *path)
{
  return strcmp (path, "-") == 0 ? "(stdin)" : path;
}

/* Reads, analyzes and formats one input into @slot. Runs on a worker thread. */
static void
process_input (Run *run, Slot *slot)
{
  const Options *o = run->options;
  const char *path = slot->path;
  GError *error = NULL;
  gsize length = 0;
  char *text = cli_read_input (path, &length, &error);
  if (text == NULL) {
    g_string_append_printf (slot->err, "%s: %s\n", program, error->message);
    g_error_free (error);
    slot->status = EXIT_USAGE;
    return;
  }
  AbridgeAnalyzeFlags flags = o->strict ? ABRIDGE_ANALYZE_STRICT : ABRIDGE_ANALYZE_DEFAULT;
  AbridgeDocument *document = abridge_document_new (run->engine, text, (gssize) length, flags,
                                                    &error);
  g_free (text);
  if (document == NULL) {
    g_string_append_printf (slot->err, "%s: %s: %s\n", program, display_name (path),
                            error->message);
    g_error_free (error);
    slot->status = EXIT_PROCESSING;
    return;
  }
  guint invalid = abridge_document_get_invalid_count (document);
  if (invalid > 0)
    g_string_append_printf (slot->err,
                            "%s: %s: warning: %u invalid UTF-8 sequence%s replaced by U+FFFD "
                            "(first at byte offset %" G_GSIZE_FORMAT ")\n",
                            program, display_name (path), invalid, invalid == 1 ? "" : "s",
                            abridge_document_get_first_invalid_offset (document));
  if (o->verbose)
    g_string_append_printf (slot->err, "%s: %s: language %s, %u sentences, %u words\n", program,
                            display_name (path),
                            abridge_language_code (abridge_document_get_language (document)),
                            abridge_document_get_sentence_count (document),
                            abridge_document_get_word_count (document));

  OutputFormat format = o->format && strcmp (o->format, "json") == 0 ? FORMAT_JSON : FORMAT_TEXT;
  if (run->header && format == FORMAT_TEXT)
    g_string_append_printf (slot->out, "==> %s <==\n", path);
  if (run->job == JOB_SUMMARIZE) {
    AbridgeSummaryOptions so;
    abridge_summary_options_init (&so);
    so.sentences = (guint) MAX (o->sentences, 0);
    so.ratio = o->ratio;
    so.words = (guint) MAX (o->words, 0);
    so.max_chars = (guint) MAX (o->max_chars, 0);
    so.order = o->order && strcmp (o->order, "score") == 0 ? ABRIDGE_ORDER_SCORE
                                                            : ABRIDGE_ORDER_DOCUMENT;
    so.diversity = o->diversity;
    so.method = o->method;
    so.query = o->query;
    AbridgeSummary *summary = abridge_summarize (document, &so, &error);
    if (summary) {
      cli_format_summary (slot->out, format, path, document, summary, o->scores);
      abridge_summary_free (summary);
    }
  } else {
    AbridgeKeywordOptions ko;
    abridge_keyword_options_init (&ko);
    ko.count = (guint) o->count;
    ko.max_words = (guint) o->max_words;
    ko.no_dedup = o->no_dedup;
    ko.method = o->method;
    AbridgeKeywords *keywords = abridge_keywords_extract (document, &ko, &error);
    if (keywords) {
      cli_format_keywords (slot->out, format, path, document, keywords, o->scores);
      abridge_keywords_free (keywords);
    }
  }
  if (error) {
    g_string_truncate (slot->out, 0);
    g_string_append_printf (slot->err, "%s: %s: %s\n", program, display_name (path),
                            error->message);
    g_error_free (error);
    slot->status = EXIT_PROCESSING;
  }
  abridge_document_free (document);
}

static void
worker (gpointer data, gpointer user_data)
{
  Slot *slot = data;
  Run *run = user_data;
  process_input (run, slot);
  g_mutex_lock (&run->lock);
  slot->done = TRUE;
  g_cond_broadcast (&run->ready);
  g_mutex_unlock (&run->lock);
}

static int
run_documents (const Options *o, Job job)
{
  int status = EXIT_OK;
  AbridgeEngine *engine = make_engine (o, &status);
  if (engine == NULL)
    return status;
  GError *error = NULL;
  GPtrArray *paths = cli_expand_inputs (o->files, NULL, &error);
  if (paths == NULL) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    abridge_engine_free (engine);
    return EXIT_USAGE;
  }

  Run run = { engine, o, job, paths->len > 1, { 0 }, { 0 } };
  g_mutex_init (&run.lock);
  g_cond_init (&run.ready);
  guint threads = o->threads > 0 ? (guint) o->threads : g_get_num_processors ();
  threads = CLAMP (threads, 1, MAX (paths->len, 1));
  GThreadPool *pool = threads > 1 ? g_thread_pool_new (worker, &run, (gint) threads, TRUE, NULL)
                                  : NULL;
  Slot *slots = g_new0 (Slot, paths->len);
  /* At most this many results wait in memory for their turn to be written. */
  guint window = threads * 4;
  guint submitted = 0;
  gboolean first = TRUE;
  for (guint i = 0; i < paths->len; i++) {
    while (submitted < paths->len && submitted < i + window) {
      Slot *slot = &slots[submitted];
      slot->path = g_ptr_array_index (paths, submitted);
      slot->out = g_string_new (NULL);
      slot->err = g_string_new (NULL);
      if (pool)
        g_thread_pool_push (pool, slot, NULL);
      else
        worker (slot, &run);
      submitted++;
    }
    Slot *slot = &slots[i];
    g_mutex_lock (&run.lock);
    while (!slot->done)
      g_cond_wait (&run.ready, &run.lock);
    g_mutex_unlock (&run.lock);
    if (slot->err->len) {
      fflush (stdout);
      fputs (slot->err->str, stderr);
    }
    if (slot->out->len) {
      if (run.header && !first && (!o->format || strcmp (o->format, "json") != 0))
        fputc ('\n', stdout);
      first = FALSE;
      write_out (slot->out);
    }
    status = MAX (status, slot->status);
    g_string_free (slot->out, TRUE);
    g_string_free (slot->err, TRUE);
  }
  if (pool)
    g_thread_pool_free (pool, FALSE, TRUE);
  g_free (slots);
  g_mutex_clear (&run.lock);
  g_cond_clear (&run.ready);
  g_ptr_array_unref (paths);
  abridge_engine_free (engine);
  return status;
}

static const char summarize_description[] =
  "Length (the first given decides; default: 20% of the sentences, at least 1, at most 7):\n"
  "  -n N   at most N sentences\n"
  "  -r P   P percent of the document's sentences (headings not counted), rounded, at least 1\n"
  "  -w N   at most N words in all; one sentence is returned even if it alone is longer\n"
  "Sentences are printed one a line, in document order, exactly as in the text with inner\n"
  "whitespace folded to single spaces. Several files: each result follows a '==> FILE <=='\n"
  "line (text) or is one JSON object on its own line (json).\n\n"
  "Other commands: abridge keywords --help, abridge idf --help, abridge languages.\n"
  "Exit status: 0 ok, 1 a document could not be processed, 2 bad usage or unreadable input.";

static int
cmd_summarize (int argc, char **argv, Options *o)
{
  o->diversity = -1;
  GOptionEntry entries[] = {
    { "sentences", 'n', 0, G_OPTION_ARG_INT, &o->sentences, "At most N sentences", "N" },
    { "ratio", 'r', 0, G_OPTION_ARG_DOUBLE, &o->ratio, "PERCENT of the sentences (0-100)", "PERCENT" },
    { "words", 'w', 0, G_OPTION_ARG_INT, &o->words, "At most N words", "N" },
    { "max-chars", 0, 0, G_OPTION_ARG_INT, &o->max_chars, "At most N characters", "N" },
    { "order", 0, 0, G_OPTION_ARG_STRING, &o->order, "document (default) or score", "ORDER" },
    { "diversity", 0, 0, G_OPTION_ARG_DOUBLE, &o->diversity, "Redundancy penalty, 0-1 (default 0.1)", "D" },
    { "method", 0, 0, G_OPTION_ARG_STRING, &o->method, "Scorer: default, tfidf, centrality, position, title, length, query", "NAME" },
    { "query", 0, 0, G_OPTION_ARG_STRING, &o->query, "Focus the summary on TEXT", "TEXT" },
    { NULL }
  };
  int status = parse_options (&argc, &argv, "[FILE|DIR|-]...",
                              "Print an extractive summary of each document.",
                              summarize_description, entries, o);
  if (status >= 0)
    return status;
  if (o->sentences < 0 || o->words < 0 || o->max_chars < 0)
    return usage_error ("-n, -w and --max-chars take a positive number");
  if (o->ratio < 0 || o->ratio > 100)
    return usage_error ("--ratio is a percentage between 0 and 100");
  if (o->diversity > 1 || (o->diversity < 0 && o->diversity != -1))
    return usage_error ("--diversity is between 0 and 1");
  if (o->order && strcmp (o->order, "document") != 0 && strcmp (o->order, "score") != 0)
    return usage_error ("--order must be document or score");
  if (o->method) {
    gboolean known = FALSE;
    for (const char *const *m = abridge_summary_methods (); *m; m++)
      known |= strcmp (*m, o->method) == 0;
    if (!known)
      return usage_error ("unknown --method");
  }
  return run_documents (o, JOB_SUMMARIZE);
}

static int
cmd_keywords (int argc, char **argv, Options *o)
{
  o->count = 10;
  o->max_words = 3;
  GOptionEntry entries[] = {
    { "count", 'k', 0, G_OPTION_ARG_INT, &o->count, "How many keyphrases (default 10)", "N" },
    { "max-words", 0, 0, G_OPTION_ARG_INT, &o->max_words, "Longest keyphrase in words (default 3)", "N" },
    { "no-dedup", 0, 0, G_OPTION_ARG_NONE, &o->no_dedup, "Keep near-duplicate keyphrases", NULL },
    { "method", 0, 0, G_OPTION_ARG_STRING, &o->method, "Scorer: default, tfidf, frequency", "NAME" },
    { NULL }
  };
  int status = parse_options (&argc, &argv, "[FILE|DIR|-]...",
                              "Print the ranked keywords and keyphrases of each document, best first.",
                              "With --scores, each line is: keyphrase TAB score.\n"
                              "Exit status: 0 ok, 1 a document could not be processed, 2 bad usage "
                              "or unreadable input.",
                              entries, o);
  if (status >= 0)
    return status;
  if (o->count < 1)
    return usage_error ("-k takes a positive number");
  if (o->max_words < 1 || o->max_words > 8)
    return usage_error ("--max-words is between 1 and 8");
  if (o->method) {
    gboolean known = FALSE;
    for (const char *const *m = abridge_keyword_methods (); *m; m++)
      known |= strcmp (*m, o->method) == 0;
    if (!known)
      return usage_error ("unknown --method");
  }
  return run_documents (o, JOB_KEYWORDS);
}

static int
cmd_languages (void)
{
  char **names = abridge_languages ();
  for (guint i = 0; names[i]; i++)
    printf ("%s\t%s\n", abridge_language_code (names[i]), names[i]);
  g_strfreev (names);
  return EXIT_OK;
}

/* ---- idf ------------------------------------------------------------------------------- */

static int
idf_build (int argc, char **argv, Options *o)
{
  char *output = NULL, *include = NULL;
  gint64 min_df = 0, max_terms = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the model to MODEL", "MODEL" },
    { "include", 0, 0, G_OPTION_ARG_STRING, &include, "In directories, only files matching GLOB", "GLOB" },
    { "min-df", 0, 0, G_OPTION_ARG_INT64, &min_df, "Drop terms in fewer than N documents", "N" },
    { "max-terms", 0, 0, G_OPTION_ARG_INT64, &max_terms, "Keep the N most frequent terms", "N" },
    { NULL }
  };
  int status = parse_options (&argc, &argv, "[FILE|DIR]... -o MODEL",
                              "Count document frequencies over a corpus: each file is a document.",
                              NULL, entries, o);
  if (status >= 0)
    return status;
  if (output == NULL)
    return usage_error ("idf build needs -o MODEL");
  if (min_df < 0 || max_terms < 0)
    return usage_error ("--min-df and --max-terms take positive numbers");
  AbridgeEngine *engine = make_engine (o, &status);
  if (engine == NULL)
    return status;
  GError *error = NULL;
  GPtrArray *paths = cli_expand_inputs (o->files, include, &error);
  if (paths == NULL) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    abridge_engine_free (engine);
    return EXIT_USAGE;
  }
  AbridgeIdf *idf = abridge_idf_new (engine);
  status = EXIT_OK;
  g_autofree char *output_canonical = g_canonicalize_filename (output, NULL);
  for (guint i = 0; i < paths->len; i++) {
    const char *path = g_ptr_array_index (paths, i);
    g_autofree char *canonical = g_canonicalize_filename (path, NULL);
    if (strcmp (canonical, output_canonical) == 0)
      continue; /* never read the model being written */
    gsize length;
    char *text = cli_read_input (path, &length, &error);
    AbridgeDocument *document = text ? abridge_document_new (engine, text, (gssize) length,
                                                             ABRIDGE_ANALYZE_NO_TITLE, &error)
                                     : NULL;
    g_free (text);
    if (document == NULL || !abridge_idf_add_document (idf, document, &error)) {
      fprintf (stderr, "%s: %s\n", program, error->message);
      g_clear_error (&error);
      status = MAX (status, EXIT_PROCESSING);
    }
    abridge_document_free (document);
  }
  if (min_df > 0 || max_terms > 0)
    abridge_idf_prune (idf, (guint64) min_df, (guint64) max_terms);
  if (!abridge_idf_save (idf, output, &error)) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    status = EXIT_PROCESSING;
  } else if (o->verbose) {
    fprintf (stderr, "%s: %s: %" G_GUINT64_FORMAT " documents, %" G_GUINT64_FORMAT " terms\n",
             program, output, abridge_idf_get_document_count (idf),
             abridge_idf_get_term_count (idf));
  }
  abridge_idf_free (idf);
  g_ptr_array_unref (paths);
  abridge_engine_free (engine);
  g_free (output);
  g_free (include);
  return status;
}

static int
idf_show (int argc, char **argv, Options *o)
{
  int top = 20;
  GOptionEntry entries[] = {
    { "top", 'k', 0, G_OPTION_ARG_INT, &top, "Show the N most frequent terms (default 20)", "N" },
    { NULL }
  };
  int status = parse_options (&argc, &argv, "MODEL", "Print a model's header and top terms.",
                              NULL, entries, o);
  if (status >= 0)
    return status;
  if (o->files == NULL || o->files[0] == NULL || o->files[1] != NULL)
    return usage_error ("idf show takes one MODEL");
  GError *error = NULL;
  AbridgeIdf *idf = abridge_idf_load (o->files[0], &error);
  if (idf == NULL) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    return EXIT_USAGE;
  }
  guint64 n = abridge_idf_get_term_count (idf);
  printf ("language\t%s\ndocuments\t%" G_GUINT64_FORMAT "\nterms\t%" G_GUINT64_FORMAT "\n",
          abridge_idf_get_language (idf), abridge_idf_get_document_count (idf), n);
  /* Top terms by document frequency (ties in byte order). */
  typedef struct { char *term; guint64 df; } Row;
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));
  for (guint64 i = 0; i < n; i++) {
    Row row;
    row.term = abridge_idf_get_term (idf, i, &row.df);
    /* Keep only a bounded heap-like list: insertion into a sorted array of size top. */
    guint pos = rows->len;
    while (pos > 0 && g_array_index (rows, Row, pos - 1).df < row.df)
      pos--;
    if (pos < (guint) MAX (top, 0)) {
      g_array_insert_val (rows, pos, row);
      if (rows->len > (guint) top) {
        g_free (g_array_index (rows, Row, rows->len - 1).term);
        g_array_set_size (rows, rows->len - 1);
      }
    } else {
      g_free (row.term);
    }
  }
  for (guint i = 0; i < rows->len; i++) {
    Row *row = &g_array_index (rows, Row, i);
    printf ("%" G_GUINT64_FORMAT "\t%s\n", row->df, row->term);
    g_free (row->term);
  }
  g_array_unref (rows);
  abridge_idf_free (idf);
  return EXIT_OK;
}

static int
idf_merge (int argc, char **argv, Options *o)
{
  char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the merged model to MODEL", "MODEL" },
    { NULL }
  };
  int status = parse_options (&argc, &argv, "MODEL... -o MODEL",
                              "Add up models built on disjoint parts of a corpus.", NULL, entries, o);
  if (status >= 0)
    return status;
  if (output == NULL || o->files == NULL || o->files[0] == NULL)
    return usage_error ("idf merge needs models and -o MODEL");
  GError *error = NULL;
  AbridgeIdf *merged = NULL;
  for (guint i = 0; o->files[i]; i++) {
    AbridgeIdf *idf = abridge_idf_load (o->files[i], &error);
    if (idf == NULL || (merged && !abridge_idf_merge (merged, idf, &error))) {
      fprintf (stderr, "%s: %s\n", program, error->message);
      g_error_free (error);
      abridge_idf_free (idf);
      abridge_idf_free (merged);
      g_free (output);
      return EXIT_USAGE;
    }
    if (merged == NULL)
      merged = idf;
    else
      abridge_idf_free (idf);
  }
  if (!abridge_idf_save (merged, output, &error)) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    status = EXIT_PROCESSING;
  } else {
    status = EXIT_OK;
  }
  abridge_idf_free (merged);
  g_free (output);
  return status;
}

static int
cmd_idf (int argc, char **argv, Options *o)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0) {
    printf ("Usage:\n  abridge idf build [FILE|DIR]... -o MODEL   count document frequencies\n"
            "  abridge idf show MODEL                     print a model's header and top terms\n"
            "  abridge idf merge MODEL... -o MODEL        add up models of disjoint shards\n");
    return argc < 2 ? EXIT_USAGE : EXIT_OK;
  }
  if (strcmp (argv[1], "build") == 0)
    return idf_build (argc - 1, argv + 1, o);
  if (strcmp (argv[1], "show") == 0)
    return idf_show (argc - 1, argv + 1, o);
  if (strcmp (argv[1], "merge") == 0)
    return idf_merge (argc - 1, argv + 1, o);
  return usage_error ("unknown idf command (build, show or merge)");
}

static void
options_clear (Options *o)
{
  g_free (o->format);
  g_free (o->language);
  g_free (o->idf_path);
  g_free (o->stopwords);
  g_free (o->extra_stopwords);
  g_strfreev (o->files);
  g_free (o->order);
  g_free (o->method);
  g_free (o->query);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  Options o = { 0 };
  o.max_bytes = 256 << 20;
  int status;
  if (argc > 1 && strcmp (argv[1], "keywords") == 0)
    status = cmd_keywords (argc - 1, argv + 1, &o);
  else if (argc > 1 && strcmp (argv[1], "summarize") == 0)
    status = cmd_summarize (argc - 1, argv + 1, &o);
  else if (argc > 1 && strcmp (argv[1], "idf") == 0)
    status = cmd_idf (argc - 1, argv + 1, &o);
  else if (argc > 1 && strcmp (argv[1], "languages") == 0)
    status = cmd_languages ();
  else
    status = cmd_summarize (argc, argv, &o);
  if (fflush (stdout) != 0 && status == EXIT_OK)
    status = EXIT_PROCESSING;
  options_clear (&o);
  return status;
}
