/* langid.c — abridge-langid: accuracy of abridge_detect_language() on labelled text.
 *
 *   (a) every document of the keyphrase sets (<data>/<Set>/docsutf8/ files, expected language in
 *       <Set>/language.txt), one document a file;
 *   (b) folders of <code>.txt files holding one document a line (corpus/langid/ by default).
 *
 * Prints accuracy per set and per language, the confusions, and the detection speed. Uses the
 * public API only.
 *
 * Usage: abridge-langid [--data DIR] [--lines DIR]... [--no-keyphrase] [--errors] [--json]
 */
#include <abridge.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ABRIDGE_SOURCE_ROOT
#define ABRIDGE_SOURCE_ROOT "."
#endif

#define DEFAULT_DATA "../shared/data/keyphrase"

static const char *program = "abridge-langid";

/* Documents of fewer words (a title alone) are counted apart: they may give too few signals,
 * and then "none" is the answer by design. */
#define SHORT_WORDS 10

static guint
count_words (const char *text, gsize len)
{
  guint words = 0;
  gboolean in_word = FALSE;
  for (gsize i = 0; i < len; i++) {
    gboolean space = g_ascii_isspace (text[i]);
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}

/* Counts for one labelled collection. */
typedef struct {
  char *name;
  GHashTable *total;      /* expected language -> documents */
  GHashTable *correct;    /* expected language -> documents detected right */
  GHashTable *confusions; /* "expected -> detected" -> count */
  guint documents, right;
  guint short_documents, short_right; /* fewer than SHORT_WORDS words */
  gsize bytes;
  double seconds;
} Tally;

static Tally *
tally_new (const char *name)
{
  Tally *t = g_new0 (Tally, 1);
  t->name = g_strdup (name);
  t->total = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  t->correct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  t->confusions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return t;
}

static void
tally_free (Tally *t)
{
  g_free (t->name);
  g_hash_table_unref (t->total);
  g_hash_table_unref (t->correct);
  g_hash_table_unref (t->confusions);
  g_free (t);
}

static void
bump (GHashTable *table, const char *key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (table, key));
  g_hash_table_replace (table, g_strdup (key), GUINT_TO_POINTER (n + 1));
}

/* Detects @text, compares with @expected (a Snowball name), and records it. */
static void
tally_add (Tally *t, const char *expected, const char *text, gsize len, const char *label,
           gboolean show_errors)
{
  gint64 start = g_get_monotonic_time ();
  const char *detected = abridge_detect_language (text, (gssize) len);
  t->seconds += (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  t->bytes += len;
  t->documents++;
  gboolean is_short = count_words (text, len) < SHORT_WORDS;
  t->short_documents += is_short;
  bump (t->total, expected);
  if (strcmp (detected, expected) == 0) {
    t->right++;
    t->short_right += is_short;
    bump (t->correct, expected);
    return;
  }
  char *key = g_strdup_printf ("%s -> %s", expected, detected);
  bump (t->confusions, key);
  g_free (key);
  if (show_errors) {
    char *excerpt = g_strndup (text, MIN (len, 160));
    for (char *p = excerpt; *p; p++)
      if (*p == '\n' || *p == '\r' || *p == '\t')
        *p = ' ';
    char *valid = g_utf8_make_valid (excerpt, -1);
    printf ("  error %s: %s detected as %s: %s%s\n", label, expected, detected, valid,
            len > 160 ? "..." : "");
    g_free (valid);
    g_free (excerpt);
  }
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static double
percent (guint a, guint b)
{
  return b ? 100.0 * a / b : 0.0;
}

static void
tally_print (const Tally *t, gboolean per_language)
{
  printf ("%s: %u/%u documents right, accuracy %.2f%% (%.1f KB, detection %.1f ms, %.1f MB/s)\n",
          t->name, t->right, t->documents, percent (t->right, t->documents), t->bytes / 1024.0,
          t->seconds * 1000, t->seconds > 0 ? t->bytes / t->seconds / (1024 * 1024) : 0.0);
  if (t->short_documents > 0)
    printf ("  %u/%u right among the documents of fewer than %d words; %u/%u among the others "
            "(%.2f%%)\n", t->short_right, t->short_documents, SHORT_WORDS,
            t->right - t->short_right, t->documents - t->short_documents,
            percent (t->right - t->short_right, t->documents - t->short_documents));
  if (per_language) {
    GPtrArray *languages = sorted_keys (t->total);
    for (guint i = 0; i < languages->len; i++) {
      const char *l = languages->pdata[i];
      guint total = GPOINTER_TO_UINT (g_hash_table_lookup (t->total, l));
      guint right = GPOINTER_TO_UINT (g_hash_table_lookup (t->correct, l));
      const char *code = abridge_language_code (l);
      printf ("  %-3s %-11s %3u/%-3u %6.1f%%\n", code ? code : "?", l, right, total,
              percent (right, total));
    }
    g_ptr_array_unref (languages);
  }
  GPtrArray *confusions = sorted_keys (t->confusions);
  if (confusions->len > 0) {
    printf ("  confusions:");
    for (guint i = 0; i < confusions->len; i++)
      printf ("%s %s (%u)", i ? "," : "", (const char *) confusions->pdata[i],
              GPOINTER_TO_UINT (g_hash_table_lookup (t->confusions, confusions->pdata[i])));
    printf ("\n");
  } else {
    printf ("  confusions: none\n");
  }
  g_ptr_array_unref (confusions);
}

static char *
find_dir (const char *given, const char *relative)
{
  if (given != NULL)
    return g_file_test (given, G_FILE_TEST_IS_DIR) ? g_strdup (given) : NULL;
  if (g_file_test (relative, G_FILE_TEST_IS_DIR))
    return g_strdup (relative);
  char *path = g_build_filename (ABRIDGE_SOURCE_ROOT, relative, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return path;
  g_free (path);
  return NULL;
}

static char **
list_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return NULL;
  GPtrArray *names = g_ptr_array_new ();
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* (a): one document a file, per set. */
static void
run_keyphrase_sets (const char *root, gboolean show_errors, Tally *all)
{
  char **sets = list_dir (root);
  for (char **set = sets; set && *set; set++) {
    char *docs = g_build_filename (root, *set, "docsutf8", NULL);
    char *language_path = g_build_filename (root, *set, "language.txt", NULL);
    char *language = NULL;
    if (!g_file_test (docs, G_FILE_TEST_IS_DIR)) {
      g_free (docs);
      g_free (language_path);
      continue;
    }
    if (!g_file_get_contents (language_path, &language, NULL, NULL)) {
      printf ("%s: no language.txt, skipped\n", *set);
      g_free (docs);
      g_free (language_path);
      continue;
    }
    g_strstrip (language);
    Tally *t = tally_new (*set);
    char **files = list_dir (docs);
    for (char **f = files; f && *f; f++) {
      char *path = g_build_filename (docs, *f, NULL);
      char *text = NULL;
      gsize len = 0;
      if (g_file_get_contents (path, &text, &len, NULL)) {
        tally_add (t, language, text, len, path, show_errors);
        tally_add (all, language, text, len, path, FALSE);
      }
      g_free (text);
      g_free (path);
    }
    g_strfreev (files);
    tally_print (t, FALSE);
    tally_free (t);
    g_free (language);
    g_free (language_path);
    g_free (docs);
  }
  g_strfreev (sets);
}

/* (b): <code>.txt, one document a line. */
static void
run_lines (const char *dir, gboolean show_errors)
{
  Tally *t = tally_new (dir);
  char **files = list_dir (dir);
  for (char **f = files; f && *f; f++) {
    if (!g_str_has_suffix (*f, ".txt"))
      continue;
    char *code = g_strndup (*f, strlen (*f) - 4);
    AbridgeEngine *engine = abridge_engine_new (code, NULL);
    if (engine == NULL) {
      printf ("%s: %s is not a language abridge knows, skipped\n", dir, *f);
      g_free (code);
      continue;
    }
    const char *expected = abridge_engine_get_language (engine);
    char *path = g_build_filename (dir, *f, NULL);
    char *contents = NULL;
    if (g_file_get_contents (path, &contents, NULL, NULL)) {
      char **lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i]; i++) {
        g_strchomp (lines[i]);
        if (lines[i][0] == '\0')
          continue;
        char *label = g_strdup_printf ("%s:%u", *f, i + 1);
        tally_add (t, expected, lines[i], strlen (lines[i]), label, show_errors);
        g_free (label);
      }
      g_strfreev (lines);
    }
    g_free (contents);
    g_free (path);
    abridge_engine_free (engine);
    g_free (code);
  }
  g_strfreev (files);
  tally_print (t, TRUE);
  tally_free (t);
}

int
main (int argc, char **argv)
{
  char *data = NULL;
  char **lines_dirs = NULL;
  gboolean no_keyphrase = FALSE, show_errors = FALSE;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data,
      "Folder of keyphrase sets (default " DEFAULT_DATA ")", "DIR" },
    { "lines", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &lines_dirs,
      "Folder of <code>.txt files, one document a line (repeatable; default corpus/langid)", "DIR" },
    { "no-keyphrase", 0, 0, G_OPTION_ARG_NONE, &no_keyphrase, "Skip the keyphrase sets", NULL },
    { "errors", 0, 0, G_OPTION_ARG_NONE, &show_errors, "Print every wrong detection", NULL },
    { NULL }
  };
  GError *error = NULL;
  GOptionContext *ctx = g_option_context_new ("- accuracy of abridge's language detection");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    return 2;
  }
  g_option_context_free (ctx);

  if (!no_keyphrase) {
    char *root = find_dir (data, DEFAULT_DATA);
    if (root == NULL) {
      printf ("skipping the keyphrase sets: %s not found\n", data ? data : DEFAULT_DATA);
    } else {
      Tally *all = tally_new ("keyphrase sets, all");
      run_keyphrase_sets (root, show_errors, all);
      tally_print (all, TRUE);
      tally_free (all);
      g_free (root);
    }
  }

  if (lines_dirs == NULL) {
    char *dir = find_dir (NULL, "corpus/langid");
    if (dir == NULL)
      printf ("skipping corpus/langid: not found\n");
    else
      run_lines (dir, show_errors);
    g_free (dir);
  }
  for (char **d = lines_dirs; d && *d; d++)
    run_lines (*d, show_errors);
  g_free (data);
  g_strfreev (lines_dirs);
  return 0;
}
