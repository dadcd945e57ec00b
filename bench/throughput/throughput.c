/* throughput.c — abridge-bench: throughput of the abridge pipeline on a corpus, with one engine
 * shared by N worker threads.
 *
 *   abridge-bench [--threads 1,2] [--job summarize|keywords|both|analyze] [-n 3] [-k 10]
 *                 [--repeat R] [--json] [--limit N] [--lang CODE] [--stream] [INPUT...]
 *
 * INPUT: a directory (every regular file below it, sorted, one document each), a .jsonl file
 * ({"id": ..., "text": ...} a line) or a text file (documents separated by a line holding only a
 * form feed; a file without one is one document). "-" reads text from standard input.
 *
 * Default mode: every document is loaded into memory first (the "read" figure), then for each
 * thread count T the pipeline runs over all documents with T worker threads that take document
 * indexes from an atomic counter and share one AbridgeEngine. The T threads are started once
 * for all the repeats of T, as a program's thread pool is, so a pass times the pipeline and not
 * the start of threads and the first touch of their memory. Each result is consumed into a
 * checksum, which must be the same for every thread count and every repeat (exit 1 if not).
 *
 * The engine keeps what it learns of each word (its word cache) from one pass to the next, as a
 * long-running program's engine does: every pass but the first runs with it warm. --cold gives
 * each pass a new engine (made before the pass is timed), so that every pass starts cold.
 *
 * --stream: the documents are read one at a time (a text file is never held whole in memory)
 * and processed by one thread, for peak-memory checks on huge corpora.
 *
 * Uses the public API only (abridge.h). */
#include <abridge.h>

#include <json-glib/json-glib.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#ifndef ABRIDGE_SOURCE_ROOT
#define ABRIDGE_SOURCE_ROOT "."
#endif

#define DEFAULT_INPUT "../shared/data/bbc-news-summary/News Articles"
#define MB 1000000.0 /* all MB figures are 10^6 bytes */
#define PROGRESS_AFTER_NS G_GINT64_CONSTANT (2000000000)

enum { EXIT_OK = 0, EXIT_MISMATCH = 1, EXIT_USAGE = 2 };

typedef enum { JOB_SUMMARIZE, JOB_KEYWORDS, JOB_BOTH, JOB_ANALYZE } Job;
static const char *const job_names[] = { "summarize", "keywords", "both", "analyze" };

enum { STAGE_READ, STAGE_ANALYZE, STAGE_SUMMARIZE, STAGE_KEYWORDS, N_STAGES };
static const char *const stage_names[] = { "read", "analyze", "summarize", "keywords" };

/* ---- small helpers ---------------------------------------------------------------------- */

static gint64
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static double
ns_to_s (gint64 ns)
{
  return (double) ns / 1e9;
}

/* User + system CPU time of the whole process so far, in seconds. */
static double
process_cpu_seconds (void)
{
  struct rusage ru;
  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return 0;
  return (double) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
       + (double) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* A "VmHWM:" or "VmRSS:" figure of /proc/self/status, in kB (0 when unavailable). */
static guint64
proc_status_kb (const char *key)
{
  FILE *f = fopen ("/proc/self/status", "r");
  if (f == NULL)
    return 0;
  char line[256];
  guint64 kb = 0;
  size_t keylen = strlen (key);
  while (fgets (line, sizeof line, f))
    if (strncmp (line, key, keylen) == 0) {
      kb = g_ascii_strtoull (line + keylen, NULL, 10);
      break;
    }
  fclose (f);
  return kb;
}

/* Resets the peak-RSS counter (VmHWM) to the current RSS (Linux >= 4.0); FALSE if refused. */
static gboolean
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  if (f == NULL)
    return FALSE;
  gboolean ok = fputs ("5", f) >= 0;
  ok = (fclose (f) == 0) && ok;
  return ok;
}

static char *
read_loadavg (void)
{
  char *contents = NULL;
  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return g_strdup ("unknown");
  char **parts = g_strsplit (g_strstrip (contents), " ", 4);
  char *out = (parts[0] && parts[1] && parts[2])
    ? g_strdup_printf ("%s %s %s", parts[0], parts[1], parts[2]) : g_strdup ("unknown");
  g_strfreev (parts);
  g_free (contents);
  return out;
}

/* ---- the speed of each CPU ----------------------------------------------------------- */

/* On a virtual machine a CPU can run far slower than the others for minutes at a time (the
 * host gives it less time): a thread count's figures then depend on where its threads ran.
 * The same fixed loop is timed on each CPU the process may use, the thread pinned to it, before
 * and after the passes. */
#define CPU_CHECK_ITERATIONS 50000000u
#define CPU_CHECK_MAX 64
#define CPU_UNEVEN 0.8 /* the slowest CPU below this share of the fastest's speed: a warning */

typedef struct {
  guint n;                      /* CPUs checked (0: could not pin) */
  int cpu[CPU_CHECK_MAX];
  double seconds[CPU_CHECK_MAX];
} CpuCheck;

static double
spin_seconds (void)
{
  volatile guint64 sink = 0;
  guint64 x = 88172645463325252u; /* xorshift: no loop the compiler can fold */
  gint64 start = now_ns ();
  for (guint i = 0; i < CPU_CHECK_ITERATIONS; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  sink = x;
  (void) sink;
  return ns_to_s (now_ns () - start);
}

static void
cpu_check (CpuCheck *check)
{
  check->n = 0;
#ifdef __linux__
  cpu_set_t allowed;
  if (sched_getaffinity (0, sizeof allowed, &allowed) != 0)
    return;
  for (int c = 0; c < CPU_SETSIZE && check->n < CPU_CHECK_MAX; c++) {
    if (!CPU_ISSET (c, &allowed))
      continue;
    cpu_set_t one;
    CPU_ZERO (&one);
    CPU_SET (c, &one);
    if (sched_setaffinity (0, sizeof one, &one) != 0)
      continue;
    check->cpu[check->n] = c;
    check->seconds[check->n++] = spin_seconds ();
  }
  (void) sched_setaffinity (0, sizeof allowed, &allowed);
#endif
}

/* The slowest CPU's speed as a share of the fastest's (1: even; 0: not measured). */
static double
cpu_evenness (const CpuCheck *check)
{
  if (check->n == 0)
    return 0;
  double fastest = check->seconds[0], slowest = check->seconds[0];
  for (guint i = 1; i < check->n; i++) {
    fastest = MIN (fastest, check->seconds[i]);
    slowest = MAX (slowest, check->seconds[i]);
  }
  return slowest > 0 ? fastest / slowest : 0;
}

static void
print_cpu_check (const char *when, const CpuCheck *check)
{
  if (check->n == 0) {
    printf ("cpu speed (%s): not measured\n", when);
    return;
  }
  printf ("cpu speed (%s): the same loop took", when);
  for (guint i = 0; i < check->n; i++)
    printf ("%s cpu%d %.3f s", i ? "," : "", check->cpu[i], check->seconds[i]);
  double even = cpu_evenness (check);
  printf (": %s\n", even >= CPU_UNEVEN ? "even" : "UNEVEN");
  if (even < CPU_UNEVEN)
    printf ("warning: the slowest CPU ran at %.0f%% of the fastest's speed (the host gave it less "
            "time): wall times depend on which CPU ran what, and speedups cannot be trusted\n",
            even * 100);
}

static void
json_cpu_check (JsonBuilder *b, const char *name, const CpuCheck *check)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seconds");
  json_builder_begin_object (b);
  for (guint i = 0; i < check->n; i++) {
    char key[24];
    g_snprintf (key, sizeof key, "cpu%d", check->cpu[i]);
    json_builder_set_member_name (b, key);
    json_builder_add_double_value (b, check->seconds[i]);
  }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "evenness");
  json_builder_add_double_value (b, cpu_evenness (check));
  json_builder_end_object (b);
}

/* ---- documents -------------------------------------------------------------------------- */

typedef struct {
  char *name; /* file name, file:line or the JSONL id */
  char *text;
  gsize len;
} Doc;

static void
doc_clear (Doc *d)
{
  g_free (d->name);
  g_free (d->text);
  d->name = d->text = NULL;
  d->len = 0;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Appends the regular files below @dir, sorted per directory, recursively, hidden names skipped
 * (as the abridge command does). With @suffix, only names that end with it. */
static gboolean
walk_directory (const char *dir, const char *suffix, GPtrArray *out, GError **error)
{
  GDir *d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return FALSE;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_strings);
  gboolean ok = TRUE;
  for (guint i = 0; i < names->len && ok; i++) {
    const char *entry = g_ptr_array_index (names, i);
    char *path = g_build_filename (dir, entry, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_DIR))
      ok = walk_directory (path, suffix, out, error);
    else if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
             && (suffix == NULL || g_str_has_suffix (entry, suffix))) {
      g_ptr_array_add (out, path);
      path = NULL;
    }
    g_free (path);
  }
  g_ptr_array_unref (names);
  return ok;
}

typedef enum { SRC_FILES, SRC_JSONL, SRC_TEXT } SourceKind;

/* One input, read one document at a time. */
typedef struct {
  SourceKind kind;
  char *path;
  /* SRC_FILES */
  GPtrArray *files;
  guint next_file;
  /* SRC_JSONL, SRC_TEXT */
  FILE *stream;
  gboolean own_stream;
  char *line;
  size_t line_cap;
  guint64 line_no;
  guint64 doc_no;
  guint64 bytes_read; /* of the stream, for the progress bar */
  guint64 total_bytes; /* size of the file, 0 when unknown */
  GString *buffer;
  JsonParser *parser;
} Source;

static void
source_free (Source *s)
{
  if (s == NULL)
    return;
  g_free (s->path);
  if (s->files)
    g_ptr_array_unref (s->files);
  if (s->stream && s->own_stream)
    fclose (s->stream);
  free (s->line);
  if (s->buffer)
    g_string_free (s->buffer, TRUE);
  if (s->parser)
    g_object_unref (s->parser);
  g_free (s);
}

static Source *
source_open (const char *path, const char *only_suffix, GError **error)
{
  Source *s = g_new0 (Source, 1);
  s->path = g_strdup (path);
  if (strcmp (path, "-") != 0 && g_file_test (path, G_FILE_TEST_IS_DIR)) {
    s->kind = SRC_FILES;
    s->files = g_ptr_array_new_with_free_func (g_free);
    if (!walk_directory (path, only_suffix, s->files, error)) {
      source_free (s);
      return NULL;
    }
    return s;
  }
  s->kind = (g_str_has_suffix (path, ".jsonl") || g_str_has_suffix (path, ".ndjson"))
    ? SRC_JSONL : SRC_TEXT;
  if (strcmp (path, "-") == 0) {
    s->stream = stdin;
  } else {
    s->stream = fopen (path, "rb");
    if (s->stream == NULL) {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", path,
                   g_strerror (e));
      source_free (s);
      return NULL;
    }
    s->own_stream = TRUE;
    if (fseeko (s->stream, 0, SEEK_END) == 0) {
      off_t size = ftello (s->stream);
      s->total_bytes = size > 0 ? (guint64) size : 0;
      rewind (s->stream);
    }
  }
  s->buffer = g_string_sized_new (65536);
  if (s->kind == SRC_JSONL)
    s->parser = json_parser_new ();
  return s;
}

/* Reads one line into s->line (with its newline). Returns its length, -1 at the end. */
static gssize
source_getline (Source *s, GError **error)
{
  errno = 0;
  ssize_t n = getline (&s->line, &s->line_cap, s->stream);
  if (n < 0) {
    if (ferror (s->stream)) {
      int e = errno ? errno : EIO;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", s->path,
                   g_strerror (e));
    }
    return -1;
  }
  s->line_no++;
  s->bytes_read += (guint64) n;
  return n;
}

static gboolean
is_form_feed_line (const char *line, gssize n)
{
  return (n == 1 && line[0] == '\f') || (n == 2 && line[0] == '\f' && line[1] == '\n')
      || (n == 3 && line[0] == '\f' && line[1] == '\r' && line[2] == '\n');
}

/* The next document of @s into @out (owned by the caller, free with doc_clear). Returns FALSE
 * at the end of @s or on an error (then @error is set). Empty documents are skipped. */
static gboolean
source_next (Source *s, Doc *out, GError **error)
{
  memset (out, 0, sizeof *out);
  if (s->kind == SRC_FILES) {
    while (s->next_file < s->files->len) {
      const char *file = g_ptr_array_index (s->files, s->next_file++);
      char *contents;
      gsize len;
      if (!g_file_get_contents (file, &contents, &len, error))
        return FALSE;
      s->bytes_read += len;
      out->name = g_strdup (file);
      out->text = contents;
      out->len = len;
      return TRUE;
    }
    return FALSE;
  }

  if (s->kind == SRC_JSONL) {
    gssize n;
    while ((n = source_getline (s, error)) >= 0) {
      const char *p = s->line;
      while (n > 0 && g_ascii_isspace (p[n - 1]))
        n--;
      if (n == 0)
        continue;
      GError *e = NULL;
      if (!json_parser_load_from_data (s->parser, p, n, &e)) {
        g_set_error (error, e->domain, e->code, "%s:%" G_GUINT64_FORMAT ": %s", s->path,
                     s->line_no, e->message);
        g_error_free (e);
        return FALSE;
      }
      JsonNode *root = json_parser_get_root (s->parser);
      JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
      JsonNode *text = object ? json_object_get_member (object, "text") : NULL;
      if (text == NULL || json_node_get_value_type (text) != G_TYPE_STRING) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                     "%s:%" G_GUINT64_FORMAT ": not an object with a string \"text\"", s->path,
                     s->line_no);
        return FALSE;
      }
      const char *t = json_node_get_string (text);
      JsonNode *id = json_object_get_member (object, "id");
      if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
        out->name = g_strdup (json_node_get_string (id));
      else if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
        out->name = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
      else
        out->name = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, s->path, s->line_no);
      out->len = strlen (t);
      out->text = g_memdup2 (t, out->len + 1);
      return TRUE;
    }
    return FALSE;
  }

  /* SRC_TEXT: lines up to a form-feed line or the end. As in corpus/generate.py, the separator
   * is "\n\f\n": the newline before the form-feed line is not part of the document. */
  for (;;) {
    guint64 first_line = s->line_no + 1;
    g_string_truncate (s->buffer, 0);
    gboolean at_end = TRUE;
    gssize n;
    while ((n = source_getline (s, error)) >= 0) {
      if (is_form_feed_line (s->line, n)) {
        at_end = FALSE;
        if (s->buffer->len > 0 && s->buffer->str[s->buffer->len - 1] == '\n')
          g_string_truncate (s->buffer, s->buffer->len - 1);
        break;
      }
      g_string_append_len (s->buffer, s->line, n);
    }
    if (error && *error)
      return FALSE;
    if (s->buffer->len > 0) {
      s->doc_no++;
      out->name = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, s->path, first_line);
      out->len = s->buffer->len;
      out->text = g_memdup2 (s->buffer->str, s->buffer->len + 1);
      return TRUE;
    }
    if (at_end)
      return FALSE;
  }
}

/* ---- the pipeline ----------------------------------------------------------------------- */

typedef struct {
  Job job;
  AbridgeSummaryOptions summary;
  AbridgeKeywordOptions keywords;
  const AbridgeEngine *engine;
} Pipeline;

typedef struct {
  gint64 stage_ns[N_STAGES];
  gint64 analysis_ns[ABRIDGE_STAGE_COUNT]; /* STAGE_ANALYZE by stage of the library's analysis */
  guint64 checksum;  /* wrapping sum of per-document values: independent of the order */
  guint64 selected;  /* summary sentences */
  guint64 keyphrases;
  guint64 sentences; /* analyzed */
  guint64 words;
  guint64 failed;
  char *first_error;
} Stats;

static void
stats_add (Stats *into, const Stats *from)
{
  for (int i = 0; i < N_STAGES; i++)
    into->stage_ns[i] += from->stage_ns[i];
  for (int i = 0; i < ABRIDGE_STAGE_COUNT; i++)
    into->analysis_ns[i] += from->analysis_ns[i];
  into->checksum += from->checksum;
  into->selected += from->selected;
  into->keyphrases += from->keyphrases;
  into->sentences += from->sentences;
  into->words += from->words;
  into->failed += from->failed;
  if (into->first_error == NULL && from->first_error != NULL)
    into->first_error = g_strdup (from->first_error);
}

static void
stats_fail (Stats *st, const Doc *d, const char *stage, GError *error)
{
  st->failed++;
  if (st->first_error == NULL)
    st->first_error = g_strdup_printf ("%s: %s: %s", d->name, stage, error->message);
  g_error_free (error);
}

/* FNV-1a of a string, to fold the keyphrase stems into the checksum. */
static guint64
hash_string (const char *s)
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);
  for (; *s; s++)
    h = (h ^ (guchar) *s) * G_GUINT64_CONSTANT (1099511628211);
  return h;
}

/* Runs the pipeline over one document, timing each stage (the free of each result counts in
 * its stage) and folding the results into st->checksum. */
static void
process_document (const Pipeline *p, const Doc *d, Stats *st)
{
  GError *error = NULL;
  gint64 t0 = now_ns ();
  AbridgeDocument *doc = abridge_document_new (p->engine, d->text, (gssize) d->len,
                                               ABRIDGE_ANALYZE_TIMINGS, &error);
  gint64 t1 = now_ns ();
  st->stage_ns[STAGE_ANALYZE] += t1 - t0;
  if (doc == NULL) {
    stats_fail (st, d, "analyze", error);
    return;
  }
  for (int s = 0; s < ABRIDGE_STAGE_COUNT; s++)
    st->analysis_ns[s] += abridge_document_get_stage_time (doc, (AbridgeStage) s);
  guint n_sentences = abridge_document_get_sentence_count (doc);
  guint n_words = abridge_document_get_word_count (doc);
  st->sentences += n_sentences;
  st->words += n_words;
  guint64 value = ((guint64) n_sentences << 32) + n_words;

  if (p->job == JOB_SUMMARIZE || p->job == JOB_BOTH) {
    t0 = now_ns ();
    AbridgeSummary *summary = abridge_summarize (doc, &p->summary, &error);
    if (summary == NULL) {
      stats_fail (st, d, "summarize", error);
    } else {
      guint count = abridge_summary_get_count (summary);
      st->selected += count;
      for (guint i = 0; i < count; i++)
        value += abridge_summary_get_index (summary, i) + 1;
      abridge_summary_free (summary);
    }
    st->stage_ns[STAGE_SUMMARIZE] += now_ns () - t0;
  }

  if (p->job == JOB_KEYWORDS || p->job == JOB_BOTH) {
    t0 = now_ns ();
    AbridgeKeywords *keywords = abridge_keywords_extract (doc, &p->keywords, &error);
    if (keywords == NULL) {
      stats_fail (st, d, "keywords", error);
    } else {
      guint count = abridge_keywords_get_count (keywords);
      st->keyphrases += count;
      for (guint i = 0; i < count; i++)
        value += hash_string (abridge_keywords_get_stem (keywords, i)) * (i + 1)
               + abridge_keywords_get_frequency (keywords, i);
      abridge_keywords_free (keywords);
    }
    st->stage_ns[STAGE_KEYWORDS] += now_ns () - t0;
  }

  t0 = now_ns ();
  abridge_document_free (doc);
  st->stage_ns[STAGE_ANALYZE] += now_ns () - t0;
  st->checksum += value;
}

/* ---- progress bar (stderr, only on a terminal, only for runs longer than 2 s) ------------ */

typedef struct {
  gboolean enabled;
  gboolean shown;
  gint64 start;
} Progress;

static void
progress_init (Progress *pr, gint64 start)
{
  pr->enabled = isatty (STDERR_FILENO);
  pr->shown = FALSE;
  pr->start = start;
}

static void
progress_update (Progress *pr, const char *label, double fraction, guint64 done, guint64 total)
{
  gint64 now = now_ns ();
  if (!pr->enabled || now - pr->start < PROGRESS_AFTER_NS)
    return;
  enum { WIDTH = 30 };
  fraction = CLAMP (fraction, 0.0, 1.0);
  int filled = (int) (fraction * WIDTH + 0.5);
  char bar[WIDTH + 1];
  for (int i = 0; i < WIDTH; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[WIDTH] = '\0';
  if (total > 0)
    fprintf (stderr, "\r%s [%s] %3.0f%% %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " docs %.1f s\033[K",
             label, bar, fraction * 100, done, total, ns_to_s (now - pr->start));
  else
    fprintf (stderr, "\r%s [%s] %3.0f%% %" G_GUINT64_FORMAT " docs %.1f s\033[K", label, bar,
             fraction * 100, done, ns_to_s (now - pr->start));
  fflush (stderr);
  pr->shown = TRUE;
}

static void
progress_done (Progress *pr)
{
  if (pr->shown) {
    fputs ("\r\033[K", stderr);
    fflush (stderr);
  }
  pr->shown = FALSE;
}

/* ---- threaded runs ---------------------------------------------------------------------- */

/* The worker threads of one thread count live through all its passes, as a long-running
 * program's thread pool does: a pass measures the pipeline, not the making of threads (nor the
 * first touch of each new thread's memory: its malloc arena, its per-thread scratch). */
typedef struct _Worker Worker;

typedef struct {
  Worker *workers;
  GThread **threads;
  const Pipeline *pipeline;
  const Doc *docs;
  gint n_docs;
  gint next;  /* atomic: next document index */
  gint done;  /* atomic: documents finished */
  /* POSIX, not GMutex and GCond: ThreadSanitizer sees through these, not through GLib's
   * futexes, so a TSan build checks the bench's own synchronization too. */
  pthread_mutex_t lock;
  pthread_cond_t start;     /* a new pass (or the end) for the workers */
  pthread_cond_t all_done;  /* every worker finished the pass (CLOCK_MONOTONIC) */
  guint pass;      /* under lock: number of the current pass */
  gboolean quit;   /* under lock */
  guint n_threads;
  guint finished_threads;
  gint64 end_ns;
} Crew;

struct _Worker {
  Crew *crew;
  Stats stats;
  /* The workers lie side by side, and each writes its stats at every document: 64 bytes apart,
   * no two threads' stats share a cache line (which would make each write wait on the other
   * core). */
  char pad[64];
};

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  Crew *crew = w->crew;
  guint seen = 0;
  for (;;) {
    pthread_mutex_lock (&crew->lock);
    while (crew->pass == seen && !crew->quit)
      pthread_cond_wait (&crew->start, &crew->lock);
    gboolean quit = crew->quit;
    seen = crew->pass;
    pthread_mutex_unlock (&crew->lock);
    if (quit)
      break;
    for (;;) {
      gint i = g_atomic_int_add (&crew->next, 1);
      if (i >= crew->n_docs)
        break;
      process_document (crew->pipeline, &crew->docs[i], &w->stats);
      g_atomic_int_inc (&crew->done);
    }
    pthread_mutex_lock (&crew->lock);
    if (++crew->finished_threads == crew->n_threads) {
      crew->end_ns = now_ns ();
      pthread_cond_signal (&crew->all_done);
    }
    pthread_mutex_unlock (&crew->lock);
  }
  return NULL;
}

static void
crew_start (Crew *crew, const Pipeline *p, const Doc *docs, guint n_docs, guint n_threads)
{
  memset (crew, 0, sizeof *crew);
  crew->pipeline = p;
  crew->docs = docs;
  crew->n_docs = (gint) n_docs;
  crew->n_threads = n_threads;
  pthread_mutex_init (&crew->lock, NULL);
  pthread_cond_init (&crew->start, NULL);
  pthread_condattr_t monotonic;
  pthread_condattr_init (&monotonic);
  pthread_condattr_setclock (&monotonic, CLOCK_MONOTONIC);
  pthread_cond_init (&crew->all_done, &monotonic);
  pthread_condattr_destroy (&monotonic);
  crew->workers = g_new0 (Worker, n_threads);
  crew->threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++) {
    crew->workers[t].crew = crew;
    char name[16];
    g_snprintf (name, sizeof name, "bench-%u", t);
    crew->threads[t] = g_thread_new (name, worker_main, &crew->workers[t]);
  }
}

static void
crew_stop (Crew *crew)
{
  pthread_mutex_lock (&crew->lock);
  crew->quit = TRUE;
  pthread_cond_broadcast (&crew->start);
  pthread_mutex_unlock (&crew->lock);
  for (guint t = 0; t < crew->n_threads; t++)
    g_thread_join (crew->threads[t]);
  g_free (crew->threads);
  g_free (crew->workers);
  pthread_mutex_destroy (&crew->lock);
  pthread_cond_destroy (&crew->start);
  pthread_cond_destroy (&crew->all_done);
}

typedef struct {
  guint threads;
  double wall;        /* best of the repeats */
  double cpu;         /* process CPU seconds (user + system) of that repeat */
  GArray *walls;      /* every repeat */
  Stats stats;        /* of the best repeat */
  guint64 peak_rss_kb;
  gboolean checksum_stable; /* same checksum in every repeat */
} RunResult;

/* One pass over all documents with the crew's workers. */
static double
run_once (Crew *crew, Stats *out, double *cpu)
{
  guint n_threads = crew->n_threads;
  char label[32];
  g_snprintf (label, sizeof label, "%u thread%s", n_threads, n_threads == 1 ? "" : "s");
  for (guint t = 0; t < n_threads; t++)
    memset (&crew->workers[t].stats, 0, sizeof crew->workers[t].stats);

  double cpu_start = process_cpu_seconds ();
  gint64 start = now_ns ();
  Progress pr;
  progress_init (&pr, start);
  pthread_mutex_lock (&crew->lock);
  g_atomic_int_set (&crew->next, 0);
  g_atomic_int_set (&crew->done, 0);
  crew->finished_threads = 0;
  crew->pass++;
  pthread_cond_broadcast (&crew->start);
  while (crew->finished_threads < n_threads) {
    if (!pr.enabled) {
      pthread_cond_wait (&crew->all_done, &crew->lock);
      continue;
    }
    struct timespec deadline;
    clock_gettime (CLOCK_MONOTONIC, &deadline);
    deadline.tv_nsec += 200 * 1000 * 1000; /* 200 ms */
    if (deadline.tv_nsec >= 1000000000) {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000;
    }
    if (pthread_cond_timedwait (&crew->all_done, &crew->lock, &deadline) == ETIMEDOUT) {
      pthread_mutex_unlock (&crew->lock);
      guint done = (guint) g_atomic_int_get (&crew->done);
      progress_update (&pr, label, crew->n_docs ? (double) done / crew->n_docs : 1.0, done,
                       (guint64) crew->n_docs);
      pthread_mutex_lock (&crew->lock);
    }
  }
  gint64 end = crew->end_ns;
  pthread_mutex_unlock (&crew->lock);
  *cpu = process_cpu_seconds () - cpu_start;
  progress_done (&pr);

  memset (out, 0, sizeof *out);
  for (guint t = 0; t < n_threads; t++) {
    stats_add (out, &crew->workers[t].stats);
    g_free (crew->workers[t].stats.first_error);
    crew->workers[t].stats.first_error = NULL;
  }
  return ns_to_s (end - start);
}

/* ---- reports ---------------------------------------------------------------------------- */

typedef struct {
  char **inputs;
  const char *note;
  const Pipeline *pipeline;
  const char *language;
  guint64 n_docs;
  guint64 bytes;
  double read_seconds;
  guint64 rss_after_load_kb;
  gboolean stream;
  gboolean cold;
  char *loadavg_before;
  char *loadavg_after;
  CpuCheck cpus_before;
  CpuCheck cpus_after;
  RunResult *results;
  guint n_results;
  guint base; /* index of the result that speedups are relative to */
  gboolean consistent;
} Report;

static double
speedup_of (const Report *r, guint i)
{
  return r->results[i].wall > 0 ? r->results[r->base].wall / r->results[i].wall : 0;
}

static void
print_table (const Report *r)
{
  const Pipeline *p = r->pipeline;
  printf ("abridge-bench %s: job=%s", abridge_version (), job_names[p->job]);
  if (p->job == JOB_SUMMARIZE || p->job == JOB_BOTH)
    printf (" n=%u", p->summary.sentences);
  if (p->job == JOB_KEYWORDS || p->job == JOB_BOTH)
    printf (" k=%u", p->keywords.count);
  printf (" lang=%s mode=%s%s cpus=%d\n", r->language,
          r->stream ? "stream (1 thread)" : "in-memory", r->cold ? " cold (a new engine each pass)" : "",
          g_get_num_processors ());
  for (guint i = 0; r->inputs[i]; i++)
    printf ("input: %s\n", r->inputs[i]);
  if (r->note)
    printf ("note: %s\n", r->note);
  printf ("load average: %s (before), %s (after)\n", r->loadavg_before, r->loadavg_after);
  print_cpu_check ("before", &r->cpus_before);
  print_cpu_check ("after", &r->cpus_after);
  if (!r->stream)
    printf ("read: %" G_GUINT64_FORMAT " documents, %.2f MB in %.3f s (%.1f MB/s); RSS after load %.1f MB\n",
            r->n_docs, r->bytes / MB, r->read_seconds,
            r->read_seconds > 0 ? r->bytes / MB / r->read_seconds : 0, r->rss_after_load_kb * 1024 / MB);
  printf ("\n%7s %9s %8s %10s %8s %7s %9s %9s %9s %9s %9s %20s\n", "threads", "docs", "MB",
          "wall s", "docs/s", "MB/s", "speedup", "read s", "analyze s", "summ. s", "keyw. s",
          "checksum");
  for (guint i = 0; i < r->n_results; i++) {
    const RunResult *rr = &r->results[i];
    const Stats *st = &rr->stats;
    printf ("%7u %9" G_GUINT64_FORMAT " %8.2f %10.3f %8.0f %7.2f %8.2fx %9.3f %9.3f %9.3f %9.3f %20" G_GUINT64_FORMAT "\n",
            rr->threads, r->n_docs, r->bytes / MB, rr->wall,
            rr->wall > 0 ? r->n_docs / rr->wall : 0, rr->wall > 0 ? r->bytes / MB / rr->wall : 0,
            speedup_of (r, i), ns_to_s (st->stage_ns[STAGE_READ]),
            ns_to_s (st->stage_ns[STAGE_ANALYZE]), ns_to_s (st->stage_ns[STAGE_SUMMARIZE]),
            ns_to_s (st->stage_ns[STAGE_KEYWORDS]), st->checksum);
  }
  printf ("\n%7s", "threads");
  for (int s = 0; s < ABRIDGE_STAGE_COUNT; s++)
    printf (" %11s", abridge_stage_name ((AbridgeStage) s));
  printf ("   (analyze s, by stage)\n");
  for (guint i = 0; i < r->n_results; i++) {
    const RunResult *rr = &r->results[i];
    printf ("%7u", rr->threads);
    for (int s = 0; s < ABRIDGE_STAGE_COUNT; s++)
      printf (" %11.4f", ns_to_s (rr->stats.analysis_ns[s]));
    printf ("\n");
  }
  printf ("\n%7s %12s %8s %9s %10s %10s %10s %10s %s\n", "threads", "peak RSS MB", "CPU s",
          "CPU/wall", "sentences", "words", "selected", "keyphrases", "failed");
  for (guint i = 0; i < r->n_results; i++) {
    const RunResult *rr = &r->results[i];
    const Stats *st = &rr->stats;
    printf ("%7u %12.1f %8.3f %9.2f %10" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " %10"
            G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "%s%s\n",
            rr->threads, rr->peak_rss_kb * 1024 / MB, rr->cpu, rr->wall > 0 ? rr->cpu / rr->wall : 0,
            st->sentences, st->words, st->selected,
            st->keyphrases, st->failed, st->first_error ? "  first: " : "",
            st->first_error ? st->first_error : "");
  }
  if (!r->stream) {
    printf ("\nstage seconds are summed over the worker threads (not wall); wall is the best of %u run%s;\n"
            "CPU/wall near the thread count means the threads really ran at once (else: other load)\n",
            r->results[0].walls->len, r->results[0].walls->len == 1 ? "" : "s");
    printf ("speedup is relative to %u thread%s\n", r->results[r->base].threads,
            r->results[r->base].threads == 1 ? "" : "s");
  }
  printf ("checksum %s: %s\n", r->stream ? "(one run)" : "identical across thread counts and repeats",
          r->consistent ? "yes" : "NO");
}

static void
json_add_stats (JsonBuilder *b, const Stats *st)
{
  json_builder_set_member_name (b, "stage_seconds");
  json_builder_begin_object (b);
  for (int s = 0; s < N_STAGES; s++) {
    json_builder_set_member_name (b, stage_names[s]);
    json_builder_add_double_value (b, ns_to_s (st->stage_ns[s]));
  }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "analyze_stage_seconds"); /* analyze, by stage */
  json_builder_begin_object (b);
  for (int s = 0; s < ABRIDGE_STAGE_COUNT; s++) {
    json_builder_set_member_name (b, abridge_stage_name ((AbridgeStage) s));
    json_builder_add_double_value (b, ns_to_s (st->analysis_ns[s]));
  }
  json_builder_end_object (b);
  char checksum[32];
  g_snprintf (checksum, sizeof checksum, "%" G_GUINT64_FORMAT, st->checksum);
  json_builder_set_member_name (b, "checksum"); /* a string: JSON numbers lose 64-bit precision */
  json_builder_add_string_value (b, checksum);
}

static void
print_json (const Report *r)
{
  const Pipeline *p = r->pipeline;
  JsonBuilder *b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "abridge_version");
  json_builder_add_string_value (b, abridge_version ());
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, r->stream ? "stream" : "in-memory");
  json_builder_set_member_name (b, "cold");
  json_builder_add_boolean_value (b, r->cold);
  json_builder_set_member_name (b, "job");
  json_builder_add_string_value (b, job_names[p->job]);
  json_builder_set_member_name (b, "sentences");
  json_builder_add_int_value (b, p->summary.sentences);
  json_builder_set_member_name (b, "keywords");
  json_builder_add_int_value (b, p->keywords.count);
  json_builder_set_member_name (b, "language");
  json_builder_add_string_value (b, r->language);
  json_builder_set_member_name (b, "cpus");
  json_builder_add_int_value (b, g_get_num_processors ());
  json_builder_set_member_name (b, "loadavg_before");
  json_builder_add_string_value (b, r->loadavg_before);
  json_builder_set_member_name (b, "loadavg_after");
  json_builder_add_string_value (b, r->loadavg_after);
  json_cpu_check (b, "cpu_speed_before", &r->cpus_before);
  json_cpu_check (b, "cpu_speed_after", &r->cpus_after);
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_array (b);
  for (guint i = 0; r->inputs[i]; i++)
    json_builder_add_string_value (b, r->inputs[i]);
  json_builder_end_array (b);
  if (r->note) {
    json_builder_set_member_name (b, "note");
    json_builder_add_string_value (b, r->note);
  }
  json_builder_set_member_name (b, "documents");
  json_builder_add_int_value (b, (gint64) r->n_docs);
  json_builder_set_member_name (b, "bytes");
  json_builder_add_int_value (b, (gint64) r->bytes);
  json_builder_set_member_name (b, "mb");
  json_builder_add_double_value (b, r->bytes / MB);
  if (!r->stream) {
    json_builder_set_member_name (b, "read_seconds");
    json_builder_add_double_value (b, r->read_seconds);
    json_builder_set_member_name (b, "rss_after_load_mb");
    json_builder_add_double_value (b, r->rss_after_load_kb * 1024 / MB);
  }
  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->n_results; i++) {
    const RunResult *rr = &r->results[i];
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "threads");
    json_builder_add_int_value (b, rr->threads);
    json_builder_set_member_name (b, "wall_seconds");
    json_builder_add_double_value (b, rr->wall);
    json_builder_set_member_name (b, "wall_seconds_each");
    json_builder_begin_array (b);
    for (guint k = 0; k < rr->walls->len; k++)
      json_builder_add_double_value (b, g_array_index (rr->walls, double, k));
    json_builder_end_array (b);
    json_builder_set_member_name (b, "docs_per_second");
    json_builder_add_double_value (b, rr->wall > 0 ? r->n_docs / rr->wall : 0);
    json_builder_set_member_name (b, "mb_per_second");
    json_builder_add_double_value (b, rr->wall > 0 ? r->bytes / MB / rr->wall : 0);
    json_builder_set_member_name (b, "speedup");
    json_builder_add_double_value (b, speedup_of (r, i));
    json_builder_set_member_name (b, "cpu_seconds");
    json_builder_add_double_value (b, rr->cpu);
    json_builder_set_member_name (b, "peak_rss_mb");
    json_builder_add_double_value (b, rr->peak_rss_kb * 1024 / MB);
    json_add_stats (b, &rr->stats);
    json_builder_set_member_name (b, "sentences_analyzed");
    json_builder_add_int_value (b, (gint64) rr->stats.sentences);
    json_builder_set_member_name (b, "words");
    json_builder_add_int_value (b, (gint64) rr->stats.words);
    json_builder_set_member_name (b, "selected");
    json_builder_add_int_value (b, (gint64) rr->stats.selected);
    json_builder_set_member_name (b, "keyphrases");
    json_builder_add_int_value (b, (gint64) rr->stats.keyphrases);
    json_builder_set_member_name (b, "failed");
    json_builder_add_int_value (b, (gint64) rr->stats.failed);
    if (rr->stats.first_error) {
      json_builder_set_member_name (b, "first_error");
      json_builder_add_string_value (b, rr->stats.first_error);
    }
    json_builder_set_member_name (b, "checksum_stable");
    json_builder_add_boolean_value (b, rr->checksum_stable);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "checksum_consistent");
  json_builder_add_boolean_value (b, r->consistent);
  json_builder_end_object (b);

  JsonGenerator *g = json_generator_new ();
  json_generator_set_pretty (g, TRUE);
  JsonNode *root = json_builder_get_root (b);
  json_generator_set_root (g, root);
  char *text = json_generator_to_data (g, NULL);
  printf ("%s\n", text);
  g_free (text);
  json_node_unref (root);
  g_object_unref (g);
  g_object_unref (b);
}

/* ---- main ------------------------------------------------------------------------------- */

static int
usage_error (const char *message)
{
  fprintf (stderr, "abridge-bench: %s (see 'abridge-bench --help')\n", message);
  return EXIT_USAGE;
}

static GArray *
parse_threads (const char *spec)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  char **parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i]; i++) {
    char *s = g_strstrip (parts[i]);
    guint64 v;
    if (!g_ascii_string_to_unsigned (s, 10, 1, 1024, &v, NULL)) {
      g_array_free (out, TRUE);
      out = NULL;
      break;
    }
    guint t = (guint) v;
    g_array_append_val (out, t);
  }
  g_strfreev (parts);
  if (out && out->len == 0) {
    g_array_free (out, TRUE);
    out = NULL;
  }
  return out;
}

/* The default inputs: the BBC articles relative to the working directory, then relative to the
 * source root; else the .txt files of the project's corpus/. */
static char **
default_inputs (const char **note, const char **only_suffix)
{
  if (g_file_test (DEFAULT_INPUT, G_FILE_TEST_IS_DIR)) {
    char *v[] = { DEFAULT_INPUT, NULL };
    return g_strdupv (v);
  }
  char *path = g_build_filename (ABRIDGE_SOURCE_ROOT, DEFAULT_INPUT, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
    char *v[] = { path, NULL };
    char **out = g_strdupv (v);
    g_free (path);
    return out;
  }
  g_free (path);
  char *corpus = g_build_filename (ABRIDGE_SOURCE_ROOT, "corpus", NULL);
  char *v[] = { corpus, NULL };
  char **out = g_strdupv (v);
  g_free (corpus);
  *note = "the BBC articles (" DEFAULT_INPUT ") were not found; using the .txt files of the "
          "project's corpus/ directory instead";
  *only_suffix = ".txt";
  return out;
}

int
main (int argc, char **argv)
{
  char *threads_spec = NULL, *job_name = NULL, *language = NULL;
  int n = 3, k = 10, repeat = 1;
  gint64 limit = 0;
  gboolean json = FALSE, stream = FALSE, cold = FALSE, cpu_only = FALSE;
  char **inputs = NULL;
  GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_STRING, &threads_spec, "Thread counts to run, comma-separated (default: 1,CPUS)", "LIST" },
    { "job", 'j', 0, G_OPTION_ARG_STRING, &job_name, "summarize (default), keywords, both or analyze", "JOB" },
    { "sentences", 'n', 0, G_OPTION_ARG_INT, &n, "Summary sentences (default 3)", "N" },
    { "keywords", 'k', 0, G_OPTION_ARG_INT, &k, "Keyphrases (default 10)", "K" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs per thread count; the best wall time is reported (default 1)", "R" },
    { "limit", 'l', 0, G_OPTION_ARG_INT64, &limit, "Use only the first N documents", "N" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language, "Engine language (default en)", "CODE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON report instead of the table", NULL },
    { "stream", 's', 0, G_OPTION_ARG_NONE, &stream, "Read and process one document at a time with 1 thread (huge inputs)", NULL },
    { "cpu-check", 0, 0, G_OPTION_ARG_NONE, &cpu_only, "Only time the same loop on each CPU (is one slower?) and exit", NULL },
    { "cold", 0, 0, G_OPTION_ARG_NONE, &cold, "A new engine for each pass: no pass gains from words an earlier one met", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  GOptionContext *context = g_option_context_new ("[DIR|FILE.jsonl|FILE.txt|-]...");
  g_option_context_set_summary (context,
    "Measures the throughput of the abridge pipeline (analyze, then summarize and/or keywords)\n"
    "over a corpus, with one engine shared by several worker threads.");
  g_option_context_set_description (context,
    "A directory gives one document per regular file (recursively, sorted); a .jsonl file one\n"
    "per {\"id\":...,\"text\":...} line; any other file is split on lines holding only a form\n"
    "feed. Default input: " DEFAULT_INPUT ".\n"
    "Exit status: 0 ok, 1 the checksum differed between runs, 2 bad usage or unreadable input.");
  g_option_context_add_main_entries (context, entries, NULL);
  GError *error = NULL;
  gboolean ok = g_option_context_parse (context, &argc, &argv, &error);
  g_option_context_free (context);
  int status = EXIT_OK;
  GArray *thread_counts = NULL;
  AbridgeEngine *engine = NULL;
  GArray *docs = NULL;
  Report report = { 0 };
  const char *only_suffix = NULL;
  if (!ok) {
    status = usage_error (error->message);
    g_clear_error (&error);
    goto out;
  }
  if (cpu_only) {
    CpuCheck check;
    cpu_check (&check);
    print_cpu_check ("now", &check);
    goto out;
  }

  Pipeline pipeline;
  memset (&pipeline, 0, sizeof pipeline);
  if (job_name == NULL || strcmp (job_name, "summarize") == 0)
    pipeline.job = JOB_SUMMARIZE;
  else if (strcmp (job_name, "keywords") == 0)
    pipeline.job = JOB_KEYWORDS;
  else if (strcmp (job_name, "both") == 0)
    pipeline.job = JOB_BOTH;
  else if (strcmp (job_name, "analyze") == 0)
    pipeline.job = JOB_ANALYZE;
  else {
    status = usage_error ("--job must be summarize, keywords, both or analyze");
    goto out;
  }
  if (n < 1 || k < 1 || repeat < 1 || limit < 0) {
    status = usage_error ("-n, -k and --repeat take a positive number, --limit a non-negative one");
    goto out;
  }
  if (threads_spec) {
    thread_counts = parse_threads (threads_spec);
    if (thread_counts == NULL) {
      status = usage_error ("--threads takes a comma-separated list of numbers from 1 to 1024");
      goto out;
    }
  } else {
    thread_counts = g_array_new (FALSE, FALSE, sizeof (guint));
    guint one = 1, cpus = (guint) MAX (g_get_num_processors (), 1);
    g_array_append_val (thread_counts, one);
    if (cpus > 1)
      g_array_append_val (thread_counts, cpus);
  }
  if (stream && (thread_counts->len != 1 || g_array_index (thread_counts, guint, 0) != 1)) {
    if (threads_spec)
      fprintf (stderr, "abridge-bench: --stream runs with 1 thread; --threads is ignored\n");
    g_array_set_size (thread_counts, 1);
    g_array_index (thread_counts, guint, 0) = 1;
  }
  if (stream && repeat > 1) {
    fprintf (stderr, "abridge-bench: --stream reads the input once; --repeat is ignored\n");
    repeat = 1;
  }

  engine = abridge_engine_new (language ? language : "en", &error);
  if (engine == NULL) {
    status = usage_error (error->message);
    g_clear_error (&error);
    goto out;
  }
  abridge_summary_options_init (&pipeline.summary);
  pipeline.summary.sentences = (guint) n;
  abridge_keyword_options_init (&pipeline.keywords);
  pipeline.keywords.count = (guint) k;
  pipeline.engine = engine;

  if (inputs == NULL || inputs[0] == NULL) {
    g_strfreev (inputs);
    inputs = default_inputs (&report.note, &only_suffix);
    if (report.note)
      fprintf (stderr, "abridge-bench: %s\n", report.note);
  }
  report.inputs = inputs;
  report.pipeline = &pipeline;
  report.language = abridge_engine_get_language (engine);
  report.stream = stream;
  report.cold = cold;
  report.loadavg_before = read_loadavg ();
  cpu_check (&report.cpus_before);

  guint64 max_docs = limit > 0 ? (guint64) limit : G_MAXUINT64;

  if (stream) {
    /* Read one document, process it, free it. */
    Stats st = { 0 };
    Progress pr;
    double cpu_start = process_cpu_seconds ();
    gint64 start = now_ns ();
    progress_init (&pr, start);
    gint64 last_progress = start;
    for (guint i = 0; inputs[i] && report.n_docs < max_docs; i++) {
      gint64 t0 = now_ns ();
      Source *src = source_open (inputs[i], only_suffix, &error);
      st.stage_ns[STAGE_READ] += now_ns () - t0;
      if (src == NULL)
        break;
      Doc d;
      for (;;) {
        if (report.n_docs >= max_docs)
          break;
        t0 = now_ns ();
        gboolean got = source_next (src, &d, &error);
        st.stage_ns[STAGE_READ] += now_ns () - t0;
        if (!got)
          break;
        report.n_docs++;
        report.bytes += d.len;
        process_document (&pipeline, &d, &st);
        doc_clear (&d);
        if (pr.enabled && (report.n_docs & 63) == 0 && now_ns () - last_progress > 200000000) {
          last_progress = now_ns ();
          double fraction = src->total_bytes ? (double) src->bytes_read / src->total_bytes
                          : src->files ? (double) src->next_file / MAX (src->files->len, 1) : 0;
          progress_update (&pr, "stream", fraction, report.n_docs, 0);
        }
      }
      source_free (src);
      if (error)
        break;
    }
    progress_done (&pr);
    if (error) {
      fprintf (stderr, "abridge-bench: %s\n", error->message);
      g_clear_error (&error);
      g_free (st.first_error);
      status = EXIT_USAGE;
      goto out;
    }
    double wall = ns_to_s (now_ns () - start);
    report.results = g_new0 (RunResult, 1);
    report.n_results = 1;
    report.results[0].threads = 1;
    report.results[0].wall = wall;
    report.results[0].cpu = process_cpu_seconds () - cpu_start;
    report.results[0].walls = g_array_new (FALSE, FALSE, sizeof (double));
    g_array_append_val (report.results[0].walls, wall);
    report.results[0].stats = st;
    report.results[0].peak_rss_kb = proc_status_kb ("VmHWM:");
    report.results[0].checksum_stable = TRUE;
    report.read_seconds = ns_to_s (st.stage_ns[STAGE_READ]);
    report.consistent = TRUE;
  } else {
    /* Load everything first. */
    docs = g_array_new (FALSE, TRUE, sizeof (Doc));
    gint64 t0 = now_ns ();
    for (guint i = 0; inputs[i] && docs->len < max_docs; i++) {
      Source *src = source_open (inputs[i], only_suffix, &error);
      if (src == NULL)
        break;
      Doc d;
      while (docs->len < max_docs && source_next (src, &d, &error)) {
        report.bytes += d.len;
        g_array_append_val (docs, d);
      }
      source_free (src);
      if (error)
        break;
    }
    report.read_seconds = ns_to_s (now_ns () - t0);
    report.n_docs = docs->len;
    if (error) {
      fprintf (stderr, "abridge-bench: %s\n", error->message);
      g_clear_error (&error);
      status = EXIT_USAGE;
      goto out;
    }
    if (docs->len == 0) {
      fprintf (stderr, "abridge-bench: no documents in the input\n");
      status = EXIT_USAGE;
      goto out;
    }
    report.rss_after_load_kb = proc_status_kb ("VmRSS:");

    report.n_results = thread_counts->len;
    report.results = g_new0 (RunResult, report.n_results);
    report.consistent = TRUE;
    gboolean have_checksum = FALSE;
    guint64 checksum = 0;
    for (guint i = 0; i < thread_counts->len; i++) {
      RunResult *rr = &report.results[i];
      rr->threads = g_array_index (thread_counts, guint, i);
      rr->walls = g_array_new (FALSE, FALSE, sizeof (double));
      rr->checksum_stable = TRUE;
      gboolean reset = reset_peak_rss ();
      Crew crew;
      crew_start (&crew, &pipeline, (const Doc *) (void *) docs->data, docs->len, rr->threads);
      for (int rep = 0; rep < repeat; rep++) {
        Stats st;
        double cpu;
        if (cold && (i > 0 || rep > 0)) {
          abridge_engine_free (engine);
          pipeline.engine = engine = abridge_engine_new (language ? language : "en", NULL);
        }
        double wall = run_once (&crew, &st, &cpu);
        g_array_append_val (rr->walls, wall);
        if (!have_checksum) {
          checksum = st.checksum;
          have_checksum = TRUE;
        }
        if (st.checksum != checksum) {
          rr->checksum_stable = FALSE;
          report.consistent = FALSE;
          fprintf (stderr, "abridge-bench: checksum %" G_GUINT64_FORMAT " with %u threads (run %d) "
                   "differs from %" G_GUINT64_FORMAT "\n", st.checksum, rr->threads, rep + 1, checksum);
        }
        if (rep == 0 || wall < rr->wall) {
          g_free (rr->stats.first_error);
          rr->stats = st;
          rr->wall = wall;
          rr->cpu = cpu;
        } else {
          g_free (st.first_error);
        }
      }
      crew_stop (&crew);
      rr->stats.stage_ns[STAGE_READ] = (gint64) (report.read_seconds * 1e9);
      rr->peak_rss_kb = proc_status_kb ("VmHWM:");
      if (!reset && i > 0)
        rr->peak_rss_kb = 0; /* cumulative: unknown for this run alone */
      if (rr->threads == 1 && report.results[report.base].threads != 1)
        report.base = i;
    }
  }

  report.loadavg_after = read_loadavg ();
  cpu_check (&report.cpus_after);
  if (json)
    print_json (&report);
  else
    print_table (&report);
  if (!report.consistent)
    status = EXIT_MISMATCH;

out:
  if (report.results) {
    for (guint i = 0; i < report.n_results; i++) {
      if (report.results[i].walls)
        g_array_free (report.results[i].walls, TRUE);
      g_free (report.results[i].stats.first_error);
    }
    g_free (report.results);
  }
  g_free (report.loadavg_before);
  g_free (report.loadavg_after);
  if (docs) {
    for (guint i = 0; i < docs->len; i++)
      doc_clear (&g_array_index (docs, Doc, i));
    g_array_free (docs, TRUE);
  }
  abridge_engine_free (engine);
  if (thread_counts)
    g_array_free (thread_counts, TRUE);
  g_strfreev (inputs);
  g_free (threads_spec);
  g_free (job_name);
  g_free (language);
  return status;
}
