/* main.c — the abridge command: parses options, then hands each input to the library (through
 * the public API only) and prints the result. Subcommands: summarize (the default), keywords,
 * idf build|show|merge, languages.
 *
 * summarize, keywords and idf build share one pipeline (run_pipeline): the main thread reads
 * the inputs — files, or JSON Lines records with --batch / --jsonl, one line at a time — into a
 * window of slots; a thread pool analyzes them; the main thread consumes the results in input
 * order (prints them, or counts them into the IDF model). Memory is bounded by the window
 * (threads × 4) times the largest document, whatever the size of the input. */
#include "cli.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

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
  char *input;
  gboolean keep_boilerplate;
  char **files;
  /* summarize and keywords */
  gboolean batch;
  gboolean keep_text;
  gboolean merge;
  gboolean explain;
  gboolean highlight;
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
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL, "Output format: text (default), json (one object per document) or html (the document with the results marked)", "FORMAT" },
  { "lang", 0, 0, G_OPTION_ARG_STRING, NULL, "Language: auto (detect per document; the default), a code (en, fr) or a Snowball name; idf build defaults to en", "CODE" },
  { "idf", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Weigh terms with this IDF model (abridge idf build)", "MODEL" },
  { "stopwords", 0, 0, G_OPTION_ARG_STRING, NULL, "Replace the language's stop words with FILE (one a line) or a comma list", "FILE" },
  { "extra-stopwords", 0, 0, G_OPTION_ARG_STRING, NULL, "Add stop words from FILE or a comma list", "FILE" },
  { "strict", 0, 0, G_OPTION_ARG_NONE, NULL, "Invalid UTF-8 is an error (default: replaced, with a warning)", NULL },
  { "max-bytes", 0, 0, G_OPTION_ARG_INT64, NULL, "Refuse inputs larger than N bytes (default 268435456; 0: no limit)", "N" },
  { "scores", 0, 0, G_OPTION_ARG_NONE, NULL, "Show scores", NULL },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, NULL, "Say what is done (language, sentence counts) on stderr", NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, "Print the version and exit", NULL },
  { "threads", 'j', 0, G_OPTION_ARG_INT, NULL, "Process N documents at once (default: the number of cores); output keeps input order", "N" },
  { "input", 0, 0, G_OPTION_ARG_STRING, NULL, "Input format: auto (default: by file name, then content), text, html or markdown", "FORMAT" },
  { "keep-boilerplate", 0, 0, G_OPTION_ARG_NONE, NULL, "Keep page furniture (bylines, share and cookie notices...) as summary candidates", NULL },
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
  entries[11].arg_data = &o->input;
  entries[12].arg_data = &o->keep_boilerplate;
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
  if (o->format && strcmp (o->format, "text") != 0 && strcmp (o->format, "json") != 0
      && strcmp (o->format, "html") != 0)
    return usage_error ("--format must be text, json or html");
  if (o->input && strcmp (o->input, "auto") != 0 && strcmp (o->input, "text") != 0
      && strcmp (o->input, "html") != 0 && strcmp (o->input, "markdown") != 0)
    return usage_error ("--input must be auto, text, html or markdown");
  if (o->max_bytes < 0)
    return usage_error ("--max-bytes must not be negative");
  if (o->threads < 0 || o->threads > 1024)
    return usage_error ("--threads takes a number from 1 to 1024");
  return -1;
}

/* Builds the engine from the common options. */
static AbridgeEngine *
make_engine (const Options *o, const char *default_language, int *status)
{
  GError *error = NULL;
  AbridgeEngine *engine = abridge_engine_new (o->language ? o->language : default_language, &error);
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

/* The library's summary options from the command line's. */
static void
summary_options (const Options *o, AbridgeSummaryOptions *so)
{
  abridge_summary_options_init (so);
  so->sentences = (guint) MAX (o->sentences, 0);
  so->ratio = o->ratio;
  so->words = (guint) MAX (o->words, 0);
  so->max_chars = (guint) MAX (o->max_chars, 0);
  so->order = o->order && strcmp (o->order, "score") == 0 ? ABRIDGE_ORDER_SCORE
                                                           : ABRIDGE_ORDER_DOCUMENT;
  so->diversity = o->diversity;
  so->method = o->method;
  so->query = o->query;
  /* Score components for JSON, the --explain table and the tooltips of rendered output. */
  so->explain = o->explain || o->highlight
                || (o->format && (strcmp (o->format, "json") == 0 || strcmp (o->format, "html") == 0))
                || o->batch;
}

/* The format of an input: --input, or sniffed from its name (NULL for stdin and records)
 * and first bytes. */
static AbridgeFormat
input_format (const Options *o, const char *name, const char *text, gsize length)
{
  if (o->input && strcmp (o->input, "html") == 0)
    return ABRIDGE_FORMAT_HTML;
  if (o->input && strcmp (o->input, "markdown") == 0)
    return ABRIDGE_FORMAT_MARKDOWN;
  if (o->input && strcmp (o->input, "text") == 0)
    return ABRIDGE_FORMAT_TEXT;
  return abridge_sniff_format (name, text, (gssize) length);
}

static AbridgeAnalyzeFlags
analyze_flags (const Options *o, AbridgeFormat format)
{
  AbridgeAnalyzeFlags flags = o->strict ? ABRIDGE_ANALYZE_STRICT : ABRIDGE_ANALYZE_DEFAULT;
  if (o->keep_boilerplate)
    flags |= ABRIDGE_ANALYZE_KEEP_BOILERPLATE;
  return flags | abridge_format_flags (format);
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

typedef enum { JOB_SUMMARIZE, JOB_KEYWORDS, JOB_IDF } Job;

/* One document on its way through the pipeline: read by the main thread (a file's path, or one
 * JSON Lines record), processed by a worker, then consumed by the main thread in input order. */
typedef struct _Slot {
  /* input */
  char *path;             /* the file (file mode) or the JSON Lines file the record is from */
  char *line;             /* batch mode: the record */
  gsize line_length;
  guint64 line_number;
  gboolean too_long;      /* batch mode: the record was longer than --max-bytes (not read) */
  gboolean unreadable;    /* the input could not be opened: @err says why */
  /* result */
  GString *out;
  GString *err;
  AbridgeDocument *document; /* JOB_IDF: the analyzed document, counted by the main thread */
  int status;
  gboolean failed;        /* batch mode: the record gave an error object */
  gboolean done;
  /* Run.chunked: the slot is a chunk of records, each a slot of its own; the chunk is handed
   * to a worker and consumed as one, so threads meet once per chunk, not once per record. */
  struct _Slot *subs;
  guint sub_count;
} Slot;

typedef struct _Run Run;
typedef void (*ConsumeFunc) (Run *run, Slot *slot);

struct _Run {
  const AbridgeEngine *engine;
  const Options *options;
  Job job;
  gboolean batch;         /* inputs are JSON Lines files: one document per record */
  OutputFormat format;
  gboolean header;        /* file mode: '==> NAME <==' before each result */
  GMutex lock;
  GCond ready;
  /* inputs, read by the main thread */
  GPtrArray *paths;
  guint next_path;
  const char *skip;       /* canonical path never read (the model being written) */
  CliLineReader *reader;  /* batch mode: the file being read */
  const char *reader_path;
  /* results, consumed by the main thread */
  int status;
  gboolean first;
  guint64 records;
  guint64 failures;
  AbridgeIdf *idf;        /* JOB_IDF */
  /* JOB_IDF with a fixed language: the workers count each document into a model of their
   * own (abridge_idf_add_text), taken from here and put back under @lock; they are merged
   * into @idf at the end (the counts do not depend on the order). With --lang auto the model
   * takes the first document's language, so documents are counted in input order instead. */
  gboolean count_in_workers;
  GPtrArray *worker_models;
  /* Inputs go through the pipeline in chunks of up to this many (Slot.subs; 0 or 1: one by
   * one): files, whose results are small by the time they wait to be consumed, and the JSON
   * Lines records of idf build with a fixed language (nothing to print in between). */
  guint chunk_records;
};

static const char *
display_name (const char *path)
{
  return strcmp (path, "-") == 0 ? "(stdin)" : path;
}

/* Where a message about @slot's document points: FILE, or FILE:LINE for a record. */
static char *
slot_name (const Run *run, const Slot *slot)
{
  if (run->batch)
    return g_strdup_printf ("%s:%" G_GUINT64_FORMAT, display_name (slot->path),
                            slot->line_number);
  return g_strdup (display_name (slot->path));
}

/* Records that @slot's document failed. A batch record of summarize/keywords answers with an
 * error object on stdout, in its place: {"id":ID|null,"error":MESSAGE,"line":N} (and "file"
 * when the records come from a named file); anything else is a message on stderr. */
static void
slot_fail (Run *run, Slot *slot, const CliJsonMember *id, const char *message, int status)
{
  slot->status = MAX (slot->status, status);
  if (run->batch && run->job != JOB_IDF) {
    g_string_truncate (slot->out, 0);
    g_string_append (slot->out, "{\"id\":");
    if (id)
      g_string_append_len (slot->out, id->value, (gssize) id->value_length);
    else
      g_string_append (slot->out, "null");
    g_string_append (slot->out, ",\"error\":");
    cli_append_json_string (slot->out, message);
    g_string_append_printf (slot->out, ",\"line\":%" G_GUINT64_FORMAT, slot->line_number);
    if (strcmp (slot->path, "-") != 0) {
      g_string_append (slot->out, ",\"file\":");
      cli_append_json_string (slot->out, slot->path);
    }
    g_string_append (slot->out, "}\n");
    slot->failed = TRUE;
    return;
  }
  g_autofree char *name = slot_name (run, slot);
  g_string_append_printf (slot->err, "%s: %s: %s\n", program, name, message);
}

/* The text of a batch record: its "text" member, decoded. NULL when the record is unusable
 * (the failure is recorded in @slot). @members and @id receive the parsed record. */
static char *
record_text (Run *run, Slot *slot, GArray **members, const CliJsonMember **id, gsize *length)
{
  *members = NULL;
  *id = NULL;
  if (slot->too_long) {
    g_autofree char *message = g_strdup_printf (
      "line longer than %" G_GINT64_FORMAT " bytes (--max-bytes); not read",
      run->options->max_bytes);
    slot_fail (run, slot, NULL, message, EXIT_PROCESSING);
    return NULL;
  }
  GError *error = NULL;
  *members = cli_json_parse_object (slot->line, slot->line_length, "text", &error);
  if (*members == NULL) {
    slot_fail (run, slot, NULL, error->message, EXIT_PROCESSING);
    g_error_free (error);
    return NULL;
  }
  CliJsonMember *text = NULL;
  for (guint i = 0; i < (*members)->len; i++) {
    CliJsonMember *member = &g_array_index (*members, CliJsonMember, i);
    /* Like JSON.parse: of repeated names, the last counts. */
    if (cli_json_member_is (member, "id"))
      *id = member;
    else if (cli_json_member_is (member, "text"))
      text = member;
  }
  if (text == NULL) {
    slot_fail (run, slot, *id, "no \"text\" member", EXIT_PROCESSING);
    return NULL;
  }
  if (text->value[0] != '"') {
    slot_fail (run, slot, *id, "\"text\" is not a string", EXIT_PROCESSING);
    return NULL;
  }
  *length = text->decoded_length;
  return g_steal_pointer (&text->decoded);
}

/* Batch mode: the record's members (but "text", unless --keep-text, and the members the
 * result replaces), raw, then the result. */
static void
append_record (Run *run, Slot *slot, GArray *members, const CliSource *source,
               const AbridgeDocument *document, const AbridgeSummary *summary,
               const AbridgeKeywords *keywords)
{
  const char *result = summary ? "summary" : "keywords";
  GString *out = slot->out;
  g_string_append_c (out, '{');
  for (guint i = 0; i < members->len; i++) {
    const CliJsonMember *member = &g_array_index (members, CliJsonMember, i);
    if (cli_json_member_is (member, result) || cli_json_member_is (member, "language")
        || (summary && (cli_json_member_is (member, "formula")
                        || cli_json_member_is (member, "sentences")))
        || (cli_json_member_is (member, "text") && !run->options->keep_text))
      continue;
    g_string_append_len (out, member->key, (gssize) member->key_length);
    g_string_append_c (out, ':');
    g_string_append_len (out, member->value, (gssize) member->value_length);
    g_string_append_c (out, ',');
  }
  cli_format_record_result (out, source, document, summary, keywords, run->options->explain);
  g_string_append (out, "}\n");
}

/* The model that the calling thread counts into (JOB_IDF, count_in_workers): its own, so that
 * a model stays with the word cache that its counters are linked to. */
typedef struct {
  Run *run;
  AbridgeIdf *model;
} WorkerModel;

static GPrivate worker_model_key = G_PRIVATE_INIT (g_free);

static AbridgeIdf *
worker_model (Run *run)
{
  WorkerModel *mine = g_private_get (&worker_model_key);
  if (mine == NULL) {
    mine = g_new0 (WorkerModel, 1);
    g_private_set (&worker_model_key, mine);
  }
  if (mine->run != run) {
    mine->run = run;
    mine->model = abridge_idf_new (run->engine);
    g_mutex_lock (&run->lock);
    g_ptr_array_add (run->worker_models, mine->model); /* the run owns it */
    g_mutex_unlock (&run->lock);
  }
  return mine->model;
}

/* Reads, analyzes and handles one document. Runs on a worker thread. */
static void
process_document (Run *run, Slot *slot)
{
  if (slot->unreadable)
    return;
  const Options *o = run->options;
  GError *error = NULL;
  GArray *members = NULL;
  const CliJsonMember *id = NULL;
  gsize length = 0;
  char *text;
  if (run->batch) {
    text = record_text (run, slot, &members, &id, &length);
    if (text == NULL) {
      g_clear_pointer (&members, g_array_unref);
      return;
    }
  } else {
    text = cli_read_input (slot->path, (gsize) o->max_bytes, &length, &error);
    if (text == NULL) {
      g_string_append_printf (slot->err, "%s: %s\n", program, error->message);
      /* Too large is a document that failed (1), like the engine's refusal. */
      slot->status = run->job == JOB_IDF
                         || g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE)
                       ? EXIT_PROCESSING : EXIT_USAGE;
      g_error_free (error);
      return;
    }
  }
  const char *sniff_name = run->batch || strcmp (slot->path, "-") == 0 ? NULL : slot->path;
  CliSource source = { slot->path, text, length, input_format (o, sniff_name, text, length) };
  AbridgeAnalyzeFlags flags = analyze_flags (o, source.format);
  if (run->job == JOB_IDF)
    flags |= ABRIDGE_ANALYZE_NO_TITLE;
  if (run->count_in_workers) {
    gboolean ok = abridge_idf_add_text (worker_model (run), run->engine, text, (gssize) length,
                                        flags, &error);
    g_free (text);
    g_clear_pointer (&members, g_array_unref);
    if (!ok) {
      slot_fail (run, slot, id, error->message, EXIT_PROCESSING);
      g_error_free (error);
    }
    return;
  }
  AbridgeDocument *document = abridge_document_new (run->engine, text, (gssize) length, flags,
                                                    &error);
  if (document == NULL) {
    g_free (text);
    slot_fail (run, slot, id, error->message, EXIT_PROCESSING);
    g_error_free (error);
    g_clear_pointer (&members, g_array_unref);
    return;
  }
  if (run->job == JOB_IDF) {
    g_free (text);
    slot->document = document;
    g_clear_pointer (&members, g_array_unref);
    return;
  }
  g_autofree char *name = slot_name (run, slot);
  guint invalid = abridge_document_get_invalid_count (document);
  if (invalid > 0)
    g_string_append_printf (slot->err,
                            "%s: %s: warning: %u invalid UTF-8 sequence%s replaced by U+FFFD "
                            "(first at byte offset %" G_GSIZE_FORMAT ")\n",
                            program, name, invalid, invalid == 1 ? "" : "s",
                            abridge_document_get_first_invalid_offset (document));
  if (o->verbose)
    g_string_append_printf (slot->err, "%s: %s: language %s, %u sentences, %u words\n", program,
                            name,
                            abridge_language_code (abridge_document_get_language (document)),
                            abridge_document_get_sentence_count (document),
                            abridge_document_get_word_count (document));

  if (run->header && run->format == FORMAT_TEXT)
    g_string_append_printf (slot->out, "==> %s <==\n", slot->path);
  AbridgeSummary *summary = NULL;
  AbridgeKeywords *keywords = NULL;
  /* A rendered summary marks the top 10 keyphrases too. */
  gboolean render = run->format == FORMAT_HTML || o->highlight;
  if (run->job == JOB_SUMMARIZE) {
    AbridgeSummaryOptions so;
    summary_options (o, &so);
    summary = abridge_summarize (document, &so, &error);
  }
  if (run->job == JOB_KEYWORDS || (render && summary != NULL)) {
    AbridgeKeywordOptions ko;
    abridge_keyword_options_init (&ko);
    if (run->job == JOB_KEYWORDS) {
      ko.count = (guint) o->count;
      ko.max_words = (guint) o->max_words;
      ko.no_dedup = o->no_dedup;
      ko.method = o->method;
    }
    keywords = abridge_keywords_extract (document, &ko, &error);
  }
  char *rendered = NULL;
  if (error == NULL && render)
    rendered = abridge_render (document, summary, keywords,
                               run->format == FORMAT_HTML ? ABRIDGE_RENDER_HTML
                                                          : ABRIDGE_RENDER_ANSI, &error);
  if (error) {
    g_string_truncate (slot->out, 0);
    slot_fail (run, slot, id, error->message, EXIT_PROCESSING);
    g_error_free (error);
  } else if (run->batch) {
    append_record (run, slot, members, &source, document, summary, keywords);
  } else if (rendered && run->format == FORMAT_HTML) {
    g_string_append (slot->out, rendered);
  } else {
    /* --highlight: the marked document, then the --explain table if asked. */
    if (rendered)
      g_string_append (slot->out, rendered);
    if (rendered && o->explain)
      g_string_append_c (slot->out, '\n');
    if (summary && (!rendered || o->explain))
      cli_format_summary (slot->out, run->format, &source, document, summary, o->scores,
                          o->explain);
    else if (keywords && (!rendered || o->explain))
      cli_format_keywords (slot->out, run->format, &source, document, keywords, o->scores,
                           o->explain);
  }
  g_free (rendered);
  g_free (text);
  abridge_summary_free (summary);
  abridge_keywords_free (keywords);
  abridge_document_free (document);
  g_clear_pointer (&members, g_array_unref);
}

static void
worker (gpointer data, gpointer user_data)
{
  Slot *slot = data;
  Run *run = user_data;
  process_document (run, slot);
  for (guint i = 0; i < slot->sub_count; i++)
    process_document (run, &slot->subs[i]);
  g_mutex_lock (&run->lock);
  slot->done = TRUE;
  g_cond_broadcast (&run->ready);
  g_mutex_unlock (&run->lock);
}

static gboolean
is_blank (const char *line, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
      return FALSE;
  return TRUE;
}

typedef enum { INPUT_SLOT, INPUT_END, INPUT_WAIT } InputStatus;

/* Fills @slot with the next input: a file (file mode) or a non-empty record (batch mode).
 * INPUT_END when there is none left. When the input has no whole line ready (a pipe whose
 * writer waits for answers), returns INPUT_WAIT unless @may_wait, in which case it flushes
 * stdout and waits. Runs on the main thread. */
static InputStatus
next_input (Run *run, Slot *slot, gboolean may_wait)
{
  if (!run->batch) {
    while (run->next_path < run->paths->len) {
      const char *path = g_ptr_array_index (run->paths, run->next_path++);
      if (run->skip) {
        g_autofree char *canonical = g_canonicalize_filename (path, NULL);
        if (strcmp (canonical, run->skip) == 0)
          continue; /* never read the model being written */
      }
      slot->path = g_strdup (path);
      return INPUT_SLOT;
    }
    return INPUT_END;
  }
  for (;;) {
    GError *error = NULL;
    if (run->reader == NULL) {
      if (run->next_path >= run->paths->len)
        return INPUT_END;
      run->reader_path = g_ptr_array_index (run->paths, run->next_path++);
      gsize max_line = (gsize) run->options->max_bytes;
      run->reader = cli_line_reader_open (run->reader_path, max_line, &error);
      if (run->reader == NULL) {
        slot->path = g_strdup (run->reader_path);
        slot->unreadable = TRUE;
        slot->err = g_string_new (NULL);
        g_string_append_printf (slot->err, "%s: %s\n", program, error->message);
        slot->status = run->job == JOB_IDF ? EXIT_PROCESSING : EXIT_USAGE;
        g_error_free (error);
        return INPUT_SLOT;
      }
    }
    if (!cli_line_reader_ready (run->reader)) {
      if (!may_wait)
        return INPUT_WAIT;
      fflush (stdout); /* whoever writes our input may be waiting for these results */
    }
    gsize length = 0;
    guint64 number = 0;
    gboolean too_long = FALSE;
    char *line = cli_line_reader_next (run->reader, &length, &number, &too_long, &error);
    if (line == NULL) {
      g_clear_pointer (&run->reader, cli_line_reader_close);
      if (error) {
        slot->path = g_strdup (run->reader_path);
        slot->unreadable = TRUE;
        slot->err = g_string_new (NULL);
        g_string_append_printf (slot->err, "%s: %s\n", program, error->message);
        slot->status = run->job == JOB_IDF ? EXIT_PROCESSING : EXIT_USAGE;
        g_error_free (error);
        return INPUT_SLOT;
      }
      continue;
    }
    if (!too_long && is_blank (line, length)) {
      g_free (line);
      continue;
    }
    slot->path = g_strdup (run->reader_path);
    slot->line = line;
    slot->line_length = length;
    slot->line_number = number;
    slot->too_long = too_long;
    return INPUT_SLOT;
  }
}

/* Waits until @slot is done; at most until @deadline (monotonic time; 0: no limit). */
static gboolean
wait_done (Run *run, Slot *slot, gint64 deadline)
{
  g_mutex_lock (&run->lock);
  while (!slot->done) {
    if (deadline == 0)
      g_cond_wait (&run->ready, &run->lock);
    else if (!g_cond_wait_until (&run->ready, &run->lock, deadline))
      break;
  }
  gboolean done = slot->done;
  g_mutex_unlock (&run->lock);
  return done;
}

/* Run.chunk_records: a chunk of JSON Lines records holds at most this many and stops after
 * this many bytes; a chunk of files holds at most FILE_CHUNK of them. */
#define CHUNK_RECORDS 64
#define CHUNK_BYTES (256 * 1024)
#define FILE_CHUNK 16

static void
consume_slot (Run *run, Slot *slot, ConsumeFunc consume)
{
  consume (run, slot);
  run->status = MAX (run->status, slot->status);
  g_free (slot->path);
  g_free (slot->line); /* freed by the thread that read it: no free across malloc arenas */
  g_string_free (slot->out, TRUE);
  g_string_free (slot->err, TRUE);
  abridge_document_free (slot->document);
}

/* Runs every input through @threads workers; @consume sees the results in input order. At most
 * threads × 4 documents are in memory at once, whatever the number of inputs. Results are
 * written as soon as they and all before them are done, also while the input is idle. */
static void
run_pipeline (Run *run, guint threads, ConsumeFunc consume)
{
  threads = MAX (threads, 1);
  GThreadPool *pool = threads > 1 ? g_thread_pool_new (worker, run, (gint) threads, TRUE, NULL)
                                  : NULL;
  guint window = threads * 4;
  Slot *slots = g_new0 (Slot, window);
  guint64 submitted = 0, consumed = 0;
  gboolean more = TRUE;
  for (;;) {
    /* Hand over what is done, in order. */
    while (consumed < submitted) {
      Slot *slot = &slots[consumed % window];
      g_mutex_lock (&run->lock);
      gboolean done = slot->done;
      g_mutex_unlock (&run->lock);
      if (!done)
        break;
      consume_slot (run, slot, consume);
      for (guint i = 0; i < slot->sub_count; i++)
        consume_slot (run, &slot->subs[i], consume);
      g_free (slot->subs);
      consumed++;
    }
    gboolean pending = consumed < submitted;
    if (more && submitted - consumed < window) {
      Slot *slot = &slots[submitted % window];
      memset (slot, 0, sizeof *slot);
      InputStatus input = next_input (run, slot, !pending);
      if (input == INPUT_SLOT) {
        slot->out = g_string_new (NULL);
        if (slot->err == NULL)
          slot->err = g_string_new (NULL);
        /* Run.chunked: the records that are ready, up to a chunk, come along. */
        gsize bytes = slot->line_length;
        while (slot->sub_count + 1 < run->chunk_records && bytes < CHUNK_BYTES) {
          if (slot->subs == NULL)
            slot->subs = g_new0 (Slot, run->chunk_records - 1);
          Slot *sub = &slot->subs[slot->sub_count];
          InputStatus next = next_input (run, sub, FALSE);
          if (next != INPUT_SLOT) {
            memset (sub, 0, sizeof *sub);
            more = next != INPUT_END;
            break;
          }
          sub->out = g_string_new (NULL);
          if (sub->err == NULL)
            sub->err = g_string_new (NULL);
          bytes += sub->line_length;
          slot->sub_count++;
        }
        submitted++;
        if (pool)
          g_thread_pool_push (pool, slot, NULL);
        else
          worker (slot, run);
      } else if (input == INPUT_END) {
        more = FALSE;
      } else {
        /* No input yet: see to the oldest result, then look at the input again. */
        wait_done (run, &slots[consumed % window], g_get_monotonic_time () + 10 * G_TIME_SPAN_MILLISECOND);
      }
      continue;
    }
    if (!pending)
      break;
    wait_done (run, &slots[consumed % window], 0);
  }
  if (pool)
    g_thread_pool_free (pool, FALSE, TRUE);
  g_free (slots);
}

static void
print_err (const Slot *slot)
{
  if (slot->err->len) {
    fflush (stdout);
    fputs (slot->err->str, stderr);
  }
}

/* summarize and keywords: writes each result. */
static void
consume_output (Run *run, Slot *slot)
{
  print_err (slot);
  if (slot->out->len) {
    if (run->header && !run->first && run->format == FORMAT_TEXT)
      fputc ('\n', stdout);
    run->first = FALSE;
    write_out (slot->out);
  }
  if (run->batch && !slot->unreadable) {
    run->records++;
    run->failures += slot->failed;
  }
}

/* idf build: counts each document. */
static void
consume_idf (Run *run, Slot *slot)
{
  print_err (slot);
  if (slot->document) {
    GError *error = NULL;
    const char *language = abridge_document_get_language (slot->document);
    if (strcmp (abridge_engine_get_language (run->engine), "auto") == 0
        && abridge_idf_get_document_count (run->idf) > 0
        && strcmp (abridge_idf_get_language (run->idf), language) != 0) {
      /* With --lang auto the model takes the first document's language; others are left out. */
      fprintf (stderr, "%s: %s: warning: skipped, language %s is not the model's %s\n", program,
               slot->path, language, abridge_idf_get_language (run->idf));
      return;
    }
    if (!abridge_idf_add_document (run->idf, slot->document, &error)) {
      fprintf (stderr, "%s: %s\n", program, error->message);
      g_error_free (error);
      slot->status = MAX (slot->status, EXIT_PROCESSING);
    }
  }
}

static guint
thread_count (const Options *o)
{
  return o->threads > 0 ? (guint) o->threads : g_get_num_processors ();
}

static void
run_init (Run *run, const AbridgeEngine *engine, const Options *o, Job job, gboolean batch,
          GPtrArray *paths)
{
  memset (run, 0, sizeof *run);
  run->engine = engine;
  run->options = o;
  run->job = job;
  run->batch = batch;
  run->format = batch || (o->format && strcmp (o->format, "json") == 0) ? FORMAT_JSON
                 : o->format && strcmp (o->format, "html") == 0                ? FORMAT_HTML
                                                                                : FORMAT_TEXT;
  run->header = !batch && paths->len > 1;
  run->chunk_records = batch ? 1 : FILE_CHUNK;
  run->paths = paths;
  run->first = TRUE;
  g_mutex_init (&run->lock);
  g_cond_init (&run->ready);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->reader, cli_line_reader_close);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->ready);
}

/* --merge: the inputs, joined as paragraphs of one text, get one summary; the redundancy
 * penalty (0.3 unless --diversity says otherwise) keeps what several documents say alike
 * from being picked twice. Offsets are reported in each sentence's own file. */
static int
run_merge (const AbridgeEngine *engine, const Options *o, GPtrArray *paths)
{
  GString *text = g_string_new (NULL);
  gsize *starts = g_new (gsize, paths->len + 1);
  GError *error = NULL;
  /* One format for the joined text: --input's, or the one every input sniffs as (else text). */
  AbridgeFormat format = ABRIDGE_FORMAT_TEXT;
  for (guint i = 0; i < paths->len; i++) {
    gsize length;
    const char *path = g_ptr_array_index (paths, i);
    char *contents = cli_read_input (path, (gsize) o->max_bytes, &length, &error);
    if (contents == NULL) {
      fprintf (stderr, "%s: %s\n", program, error->message);
      int status = g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE)
                     ? EXIT_PROCESSING : EXIT_USAGE;
      g_error_free (error);
      g_string_free (text, TRUE);
      g_free (starts);
      return status;
    }
    AbridgeFormat format_i = input_format (o, strcmp (path, "-") == 0 ? NULL : path, contents,
                                           length);
    if (i == 0)
      format = format_i;
    else if (format_i != format)
      format = ABRIDGE_FORMAT_TEXT;
    if (i > 0)
      g_string_append (text, "\n\n");
    starts[i] = text->len;
    g_string_append_len (text, contents, (gssize) length);
    g_free (contents);
  }
  starts[paths->len] = text->len;
  AbridgeAnalyzeFlags flags = analyze_flags (o, format);
  AbridgeDocument *document = abridge_document_new (engine, text->str, (gssize) text->len, flags,
                                                    &error);
  AbridgeSummary *summary = NULL;
  if (document != NULL) {
    AbridgeSummaryOptions so;
    summary_options (o, &so);
    if (so.diversity < 0)
      so.diversity = 0.3;
    summary = abridge_summarize (document, &so, &error);
  }
  if (summary == NULL) {
    fprintf (stderr, "%s: --merge: %s\n", program, error->message);
    g_error_free (error);
    abridge_document_free (document);
    g_string_free (text, TRUE);
    g_free (starts);
    return EXIT_PROCESSING;
  }
  gboolean json = o->format && strcmp (o->format, "json") == 0;
  GString *out = g_string_new (NULL);
  if (json) {
    g_string_append_printf (out, "{\"files\":%u,\"format\":\"%s\",\"language\":\"%s\","
                            "\"summary\":[", paths->len, cli_format_name (format),
                            abridge_language_code (abridge_document_get_language (document)));
  }
  for (guint k = 0; k < abridge_summary_get_count (summary); k++) {
    const char *sentence = abridge_summary_get_text (summary, k);
    if (!json) {
      if (o->scores)
        g_string_append_printf (out, "%.4f\t", abridge_summary_get_score (summary, k));
      g_string_append_printf (out, "%s\n", sentence);
      continue;
    }
    gsize start, end;
    abridge_summary_get_offsets (summary, k, &start, &end);
    guint file = 0;
    while (file + 1 < paths->len && starts[file + 1] <= start)
      file++;
    g_string_append (out, k ? ",{\"file\":" : "{\"file\":");
    cli_append_json_string (out, g_ptr_array_index (paths, file));
    g_string_append_printf (out, ",\"start\":%" G_GSIZE_FORMAT ",\"end\":%" G_GSIZE_FORMAT
                            ",\"score\":%.17g,\"text\":", start - starts[file],
                            end - starts[file], abridge_summary_get_score (summary, k));
    cli_append_json_string (out, sentence);
    g_string_append_c (out, '}');
  }
  if (json)
    g_string_append (out, "]}\n");
  write_out (out);
  g_string_free (out, TRUE);
  abridge_summary_free (summary);
  abridge_document_free (document);
  g_string_free (text, TRUE);
  g_free (starts);
  return EXIT_OK;
}

/* Page furniture that recurs across the HTML and Markdown files of a run (a site's slogan,
 * its newsletter pitch) is learned in a first pass over them, before the engine is shared:
 * paragraphs in at least 3 of them and 30% (abridge_repeat_counter_apply). Files are taken as
 * markup by --input or by their name's extension here; stdin cannot be read twice. */
static void
learn_repeated_furniture (AbridgeEngine *engine, const Options *o, GPtrArray *paths)
{
  if (o->keep_boilerplate || o->batch || paths->len < 3 || (o->input && strcmp (o->input, "text") == 0))
    return;
  gboolean all_markup = o->input && strcmp (o->input, "auto") != 0;
  g_autoptr (AbridgeRepeatCounter) counter = abridge_repeat_counter_new ();
  guint counted = 0;
  for (guint i = 0; i < paths->len; i++) {
    const char *path = g_ptr_array_index (paths, i);
    if (strcmp (path, "-") == 0
        || (!all_markup && abridge_sniff_format (path, NULL, 0) == ABRIDGE_FORMAT_TEXT))
      continue;
    gsize length = 0;
    char *text = cli_read_input (path, (gsize) o->max_bytes, &length, NULL); /* errors: reported by the main pass */
    if (text == NULL)
      continue;
    AbridgeFormat format = input_format (o, path, text, length);
    AbridgeDocument *document = format == ABRIDGE_FORMAT_TEXT ? NULL
      : abridge_document_new (engine, text, (gssize) length, analyze_flags (o, format), NULL);
    if (document != NULL) {
      abridge_repeat_counter_add (counter, document);
      counted++;
    }
    abridge_document_free (document);
    g_free (text);
  }
  if (counted < 3)
    return;
  guint learned = abridge_repeat_counter_apply (counter, engine);
  if (o->verbose)
    fprintf (stderr, "%s: %u paragraphs repeated across %u HTML/Markdown inputs taken as boilerplate\n",
             program, learned, counted);
}

static int
run_documents (const Options *o, Job job)
{
  int status = EXIT_OK;
  AbridgeEngine *engine = make_engine (o, "auto", &status);
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
  if (o->format && strcmp (o->format, "html") == 0 && paths->len != 1) {
    g_ptr_array_unref (paths);
    abridge_engine_free (engine);
    return usage_error ("--format html renders one document: give one input");
  }
  if (o->merge) {
    status = run_merge (engine, o, paths);
    g_ptr_array_unref (paths);
    abridge_engine_free (engine);
    return status;
  }
  learn_repeated_furniture (engine, o, paths);
  Run run;
  run_init (&run, engine, o, job, o->batch, paths);
  guint threads = thread_count (o);
  if (!o->batch)
    threads = CLAMP (threads, 1, MAX (paths->len, 1));
  run_pipeline (&run, threads, consume_output);
  if (run.failures > 0) {
    fflush (stdout);
    fprintf (stderr, "%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " records failed\n",
             program, run.failures, run.records);
  }
  status = run.status;
  run_clear (&run);
  g_ptr_array_unref (paths);
  abridge_engine_free (engine);
  return status;
}

#define BATCH_DESCRIPTION \
  "--batch: the inputs (stdin when none) are JSON Lines, one document a line in its \"text\"\n" \
  "member: {\"id\": ..., \"text\": ..., ...}. Each line gets one JSON line, in input order: the\n" \
  "line's other members unchanged (\"text\" only with --keep-text), then \"language\" and the\n" \
  "result (\"summary\" or \"keywords\", as with --format json; offsets are into the text).\n" \
  "A bad line gets {\"id\": ID or null, \"error\": MESSAGE, \"line\": N} (and \"file\" for a\n" \
  "named file) and the run goes on; exit status 1 if any did. Empty lines are skipped. Lines\n" \
  "longer than --max-bytes are refused without being read into memory.\n\n"

#define INPUT_DESCRIPTION \
  "--input auto (the default) reads a file as HTML or Markdown by its extension (.html .htm\n" \
  ".xhtml, .md .markdown .mdown .mkd), else by its first bytes; stdin and --batch records by\n" \
  "their first bytes only. HTML and Markdown are summarized from the text of their content;\n" \
  "offsets still point into the input. Page furniture (bylines, share and cookie notices, and\n" \
  "paragraphs repeated in at least 3 and 30% of the HTML/Markdown files of a run) is never\n" \
  "picked, unless --keep-boilerplate.\n\n"

/* Entries shared by summarize and keywords, bound to @o. */
#define BATCH_ENTRIES(o) \
    { "batch", 0, 0, G_OPTION_ARG_NONE, &(o)->batch, "Inputs are JSON Lines of {\"id\", \"text\", ...} records; print one JSON line each", NULL }, \
    { "keep-text", 0, 0, G_OPTION_ARG_NONE, &(o)->keep_text, "With --batch: copy each record's \"text\" to the output too", NULL }, \
    { "explain", 0, 0, G_OPTION_ARG_NONE, &(o)->explain, "Show why: a table of every sentence's score components, or of each keyphrase's stem, forms, frequencies and offsets (json: every sentence's components)", NULL }, \
    { "highlight", 0, 0, G_OPTION_ARG_NONE, &(o)->highlight, "Print the whole document with the summary and keyphrases marked in ANSI colours (for a terminal)", NULL }

static int
check_output (const Options *o)
{
  if (o->batch && o->format && strcmp (o->format, "json") != 0)
    return usage_error ("--batch always writes JSON Lines (--format json)");
  if (o->keep_text && !o->batch)
    return usage_error ("--keep-text goes with --batch");
  if (o->highlight && (o->batch || (o->format && strcmp (o->format, "json") == 0)))
    return usage_error ("--highlight goes with text or html output");
  if (o->merge && (o->explain || o->highlight || (o->format && strcmp (o->format, "html") == 0)))
    return usage_error ("--merge writes text or json, without --explain or --highlight");
  /* JSON output: json-glib is loaded now, before any input is read. */
  GError *error = NULL;
  if ((o->batch || (o->format && strcmp (o->format, "json") == 0)) && !cli_json_load (&error)) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    return EXIT_PROCESSING;
  }
  return -1;
}

static const char summarize_description[] =
  "Length (the first given decides; default: 20% of the sentences, at least 1, at most 7):\n"
  "  -n N   at most N sentences\n"
  "  -r P   P percent of the document's sentences (headings not counted), rounded, at least 1\n"
  "  -w N   at most N words in all; one sentence is returned even if it alone is longer\n"
  "Sentences are printed one a line, in document order, exactly as in the text with inner\n"
  "whitespace folded to single spaces. Several files: each result follows a '==> FILE <=='\n"
  "line (text) or is one JSON object on its own line (json).\n\n"
  "JSON: each summary sentence has its byte range (start, end), its character range\n"
  "(start_char, end_char), its score, its pick order (rank) and its score components; with\n"
  "--explain, also \"formula\" and every sentence of the document in \"sentences\".\n"
  "--explain (text): a table of every sentence's score components.\n"
  "--format html: one page, the whole document with the summary sentences and the top 10\n"
  "keyphrases marked and their scores as tooltips; --highlight: the same with ANSI colours.\n\n"
  INPUT_DESCRIPTION
  BATCH_DESCRIPTION
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
    { "merge", 0, 0, G_OPTION_ARG_NONE, &o->merge, "One summary of all the inputs (documents on one topic), without repeating what several say", NULL },
    BATCH_ENTRIES (o),
    { NULL }
  };
  int status = parse_options (&argc, &argv, "[FILE|DIR|-]...",
                              "Print an extractive summary of each document.",
                              summarize_description, entries, o);
  if (status >= 0 || (status = check_output (o)) >= 0)
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
    { "method", 0, 0, G_OPTION_ARG_STRING, &o->method, "Scorer: default (tfidf, yake and graph fused), tfidf, yake, graph, frequency", "NAME" },
    BATCH_ENTRIES (o),
    { NULL }
  };
  int status = parse_options (&argc, &argv, "[FILE|DIR|-]...",
                              "Print the ranked keywords and keyphrases of each document, best first.",
                              "With --scores, each line is: keyphrase TAB score.\n"
                              "JSON: each keyphrase's stem, surface forms, frequency, document "
                              "frequency and idf,\nand every occurrence as bytes (occurrences) and "
                              "characters (char_occurrences).\n"
                              "--explain (text): the same as a table. --format html: the document "
                              "with the keyphrases\nmarked; --highlight: the same with ANSI "
                              "colours.\n\n"
                              INPUT_DESCRIPTION
                              BATCH_DESCRIPTION
                              "Exit status: 0 ok, 1 a document could not be processed, 2 bad usage "
                              "or unreadable input.",
                              entries, o);
  if (status >= 0 || (status = check_output (o)) >= 0)
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
  printf ("auto\tdetect each document's language (the default)\n");
  for (guint i = 0; names[i]; i++)
    printf ("%s\t%s\n", abridge_language_code (names[i]), names[i]);
  g_strfreev (names);
  return EXIT_OK;
}

/* ---- idf ------------------------------------------------------------------------------- */

/* "-" (stdout) or anything that is not a regular file (a pipe, /dev/stdout): the model is
 * written to a temporary file and copied there. abridge_idf_save() replaces its path
 * atomically (a temporary file renamed over it), which a device or a pipe cannot take. */
static gboolean
model_output_is_stream (const char *output)
{
  return strcmp (output, "-") == 0
         || (g_file_test (output, G_FILE_TEST_EXISTS)
             && !g_file_test (output, G_FILE_TEST_IS_REGULAR));
}

static gboolean
copy_file_to (const char *from, FILE *to, GError **error)
{
  FILE *in = fopen (from, "rb");
  if (in == NULL) {
    g_set_error (error, CLI_ERROR, 0, "%s: %s", from, g_strerror (errno));
    return FALSE;
  }
  char buffer[65536];
  size_t n;
  gboolean ok = TRUE;
  while ((n = fread (buffer, 1, sizeof buffer, in)) > 0)
    if (fwrite (buffer, 1, n, to) != n) {
      ok = FALSE;
      break;
    }
  if (ferror (in))
    ok = FALSE;
  fclose (in);
  if (!ok)
    g_set_error (error, CLI_ERROR, 0, "cannot write the model: %s", g_strerror (errno));
  return ok;
}

static gboolean
save_model (const AbridgeIdf *idf, const char *output, GError **error)
{
  if (!model_output_is_stream (output))
    return abridge_idf_save (idf, output, error);
  char *tmp = NULL;
  int fd = g_file_open_tmp ("abridge-idf-XXXXXX", &tmp, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  gboolean ok = abridge_idf_save (idf, tmp, error);
  if (ok) {
    gboolean to_stdout = strcmp (output, "-") == 0;
    FILE *out = to_stdout ? stdout : fopen (output, "wb");
    if (out == NULL) {
      g_set_error (error, CLI_ERROR, 0, "%s: %s", output, g_strerror (errno));
      ok = FALSE;
    } else {
      ok = copy_file_to (tmp, out, error);
      if (to_stdout) {
        if (ok && fflush (stdout) != 0) {
          g_set_error (error, CLI_ERROR, 0, "cannot write the model: %s", g_strerror (errno));
          ok = FALSE;
        }
      } else if (fclose (out) != 0 && ok) {
        g_set_error (error, CLI_ERROR, 0, "%s: %s", output, g_strerror (errno));
        ok = FALSE;
      }
    }
  }
  g_unlink (tmp);
  g_free (tmp);
  return ok;
}

/* idf build, once the options are parsed. */
static int
build_model (Options *o, const char *output, const char *include, gboolean jsonl, gint64 min_df,
             gint64 max_terms)
{
  int status = EXIT_OK;
  /* A model is for one language: English unless --lang says otherwise. */
  AbridgeEngine *engine = make_engine (o, "en", &status);
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
  char *output_canonical = model_output_is_stream (output) ? NULL
                                                          : g_canonicalize_filename (output, NULL);
  Run run;
  run_init (&run, engine, o, JOB_IDF, jsonl, paths);
  run.skip = output_canonical;
  run.idf = abridge_idf_new (engine);
  run.count_in_workers = strcmp (abridge_engine_get_language (engine), "auto") != 0;
  run.chunk_records = !run.count_in_workers ? 1 /* documents wait to be counted in order */
                      : jsonl ? CHUNK_RECORDS : FILE_CHUNK;
  run.worker_models = g_ptr_array_new_with_free_func ((GDestroyNotify) abridge_idf_free);
  guint threads = thread_count (o);
  if (!jsonl)
    threads = CLAMP (threads, 1, MAX (paths->len, 1));
  run_pipeline (&run, threads, consume_idf);
  status = run.status;
  if (run.worker_models->len > 0 && abridge_idf_get_document_count (run.idf) == 0) {
    /* run.idf is still new and empty (the workers counted): the first worker's model becomes
     * the result, and the others are added to it, rather than all of them to an empty one. */
    abridge_idf_free (run.idf);
    run.idf = g_ptr_array_steal_index (run.worker_models, 0);
  }
  for (guint i = 0; i < run.worker_models->len; i++) {
    if (!abridge_idf_merge (run.idf, g_ptr_array_index (run.worker_models, i), &error)) {
      fprintf (stderr, "%s: %s\n", program, error->message); /* not expected: one language */
      g_clear_error (&error);
      status = EXIT_PROCESSING;
    }
  }
  g_ptr_array_unref (run.worker_models);
  /* Pruning comes last, so that shards merged and then pruned give the same model. */
  if (min_df > 0 || max_terms > 0)
    abridge_idf_prune (run.idf, (guint64) min_df, (guint64) max_terms);
  if (!save_model (run.idf, output, &error)) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    status = EXIT_PROCESSING;
  } else if (o->verbose) {
    fprintf (stderr, "%s: %s: %" G_GUINT64_FORMAT " documents, %" G_GUINT64_FORMAT " terms\n",
             program, output, abridge_idf_get_document_count (run.idf),
             abridge_idf_get_term_count (run.idf));
  }
  abridge_idf_free (run.idf);
  run_clear (&run);
  g_free (output_canonical);
  g_ptr_array_unref (paths);
  abridge_engine_free (engine);
  return status;
}

static int
idf_build (int argc, char **argv, Options *o)
{
  char *output = NULL, *include = NULL;
  gint64 min_df = 0, max_terms = 0;
  gboolean jsonl = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the model to MODEL ('-': stdout)", "MODEL" },
    { "include", 0, 0, G_OPTION_ARG_STRING, &include, "In directories, only files matching GLOB", "GLOB" },
    { "jsonl", 0, 0, G_OPTION_ARG_NONE, &jsonl, "Inputs are JSON Lines: each line's \"text\" is a document", NULL },
    { "min-df", 0, 0, G_OPTION_ARG_INT64, &min_df, "Drop terms in fewer than N documents", "N" },
    { "max-terms", 0, 0, G_OPTION_ARG_INT64, &max_terms, "Keep the N most frequent terms", "N" },
    { NULL }
  };
  int status = parse_options (&argc, &argv, "[FILE|DIR|-]... -o MODEL",
                              "Count document frequencies over a corpus: each file is a document "
                              "(with --jsonl, each line of each file).",
                              "Shards of a corpus built apart and added up with 'abridge idf merge' "
                              "give the same model,\nbyte for byte, as one build over all of it, if "
                              "--min-df and --max-terms are left to the merge.\n"
                              "Without FILE, reads stdin (one document, or JSON Lines with --jsonl). "
                              "Bad JSON Lines records\nare reported on stderr and skipped (exit "
                              "status 1).",
                              entries, o);
  if (status < 0) {
    if (output == NULL)
      status = usage_error ("idf build needs -o MODEL");
    else if (min_df < 0 || max_terms < 0)
      status = usage_error ("--min-df and --max-terms take positive numbers");
    else
      status = build_model (o, output, include, jsonl, min_df, max_terms);
  }
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

/* Adds @idf into *@merged (which takes it when it is the first). */
static gboolean
merge_into (AbridgeIdf **merged, AbridgeIdf *idf, GError **error)
{
  if (*merged == NULL) {
    *merged = idf;
    return TRUE;
  }
  gboolean ok = abridge_idf_merge (*merged, idf, error);
  abridge_idf_free (idf);
  return ok;
}

/* Merges the models concatenated on stdin (e.g. 'cat shard-*.idf', or the output of several
 * 'idf build -o -'): each ends with its checksum line. Each is copied to its own temporary file
 * and loaded (a model is memory-mapped; the file is unlinked at once). */
static gboolean
merge_stdin (AbridgeIdf **merged, GError **error)
{
  CliLineReader *reader = cli_line_reader_open ("-", 0, error);
  if (reader == NULL)
    return FALSE;
  gboolean ok = TRUE;
  guint models = 0;
  char *tmp = NULL;
  FILE *part = NULL;
  for (;;) {
    gsize length;
    guint64 number;
    gboolean too_long;
    char *line = cli_line_reader_next (reader, &length, &number, &too_long, error);
    if (line == NULL) {
      ok = error == NULL || *error == NULL;
      break;
    }
    if (part == NULL) {
      if (length == 0) { /* blank lines between models */
        g_free (line);
        continue;
      }
      int fd = g_file_open_tmp ("abridge-idf-XXXXXX", &tmp, error);
      part = fd < 0 ? NULL : fdopen (fd, "wb");
      if (part == NULL) {
        g_free (line);
        ok = FALSE;
        break;
      }
    }
    fwrite (line, 1, length, part);
    fputc ('\n', part);
    /* The checksum line: "checksum sha256 HEX", no tab (term lines have one). */
    gboolean last = g_str_has_prefix (line, "checksum sha256 ") && memchr (line, '\t', length) == NULL;
    g_free (line);
    if (!last)
      continue;
    gboolean written = fclose (part) == 0;
    part = NULL;
    AbridgeIdf *idf = written ? abridge_idf_load (tmp, error) : NULL;
    if (!written)
      g_set_error (error, CLI_ERROR, 0, "%s: %s", tmp, g_strerror (errno));
    g_unlink (tmp);
    g_clear_pointer (&tmp, g_free);
    if (idf == NULL || !merge_into (merged, idf, error)) {
      ok = FALSE;
      break;
    }
    models++;
  }
  if (part != NULL) {
    fclose (part);
    g_unlink (tmp);
    if (ok) {
      g_set_error (error, CLI_ERROR, 0,
                   "standard input: a model is cut short (no checksum line at its end)");
      ok = FALSE;
    }
  }
  g_free (tmp);
  if (ok && models == 0) {
    g_set_error (error, CLI_ERROR, 0, "standard input: no model");
    ok = FALSE;
  }
  cli_line_reader_close (reader);
  return ok;
}

static int
idf_merge (int argc, char **argv, Options *o)
{
  char *output = NULL;
  gint64 min_df = 0, max_terms = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the merged model to MODEL ('-': stdout)", "MODEL" },
    { "min-df", 0, 0, G_OPTION_ARG_INT64, &min_df, "After merging, drop terms in fewer than N documents", "N" },
    { "max-terms", 0, 0, G_OPTION_ARG_INT64, &max_terms, "After merging, keep the N most frequent terms", "N" },
    { NULL }
  };
  int status = parse_options (&argc, &argv, "MODEL... -o MODEL",
                              "Add up models built on disjoint parts of a corpus.",
                              "MODEL '-' reads one or more models concatenated on stdin.\n"
                              "--min-df and --max-terms apply to the sums, as 'idf build' applies "
                              "them to the whole corpus:\nshards built without them and merged with "
                              "them give the model of one build with them.",
                              entries, o);
  if (status >= 0) {
    g_free (output);
    return status;
  }
  if (output == NULL || o->files == NULL || o->files[0] == NULL) {
    g_free (output);
    return usage_error ("idf merge needs models and -o MODEL");
  }
  if (min_df < 0 || max_terms < 0) {
    g_free (output);
    return usage_error ("--min-df and --max-terms take positive numbers");
  }
  GError *error = NULL;
  AbridgeIdf *merged = NULL;
  gboolean ok = TRUE;
  for (guint i = 0; o->files[i] && ok; i++) {
    if (strcmp (o->files[i], "-") == 0) {
      ok = merge_stdin (&merged, &error);
    } else {
      AbridgeIdf *idf = abridge_idf_load (o->files[i], &error);
      ok = idf != NULL && merge_into (&merged, idf, &error);
    }
  }
  if (!ok) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    abridge_idf_free (merged);
    g_free (output);
    return EXIT_USAGE;
  }
  if (min_df > 0 || max_terms > 0)
    abridge_idf_prune (merged, (guint64) min_df, (guint64) max_terms);
  if (!save_model (merged, output, &error)) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    status = EXIT_PROCESSING;
  } else {
    status = EXIT_OK;
    if (o->verbose)
      fprintf (stderr, "%s: %s: %" G_GUINT64_FORMAT " documents, %" G_GUINT64_FORMAT " terms\n",
               program, output, abridge_idf_get_document_count (merged),
               abridge_idf_get_term_count (merged));
  }
  abridge_idf_free (merged);
  g_free (output);
  return status;
}

static int
cmd_idf (int argc, char **argv, Options *o)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0) {
    printf ("Usage:\n  abridge idf build [FILE|DIR|-]... -o MODEL  count document frequencies (--jsonl:\n"
            "                                              one document a JSON Lines record)\n"
            "  abridge idf show MODEL                      print a model's header and top terms\n"
            "  abridge idf merge MODEL... -o MODEL         add up models of disjoint shards\n"
            "MODEL '-' is stdout for -o, stdin for merge. 'abridge idf COMMAND --help' for options.\n");
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
  g_free (o->input);
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
