/* input.c — the CLI's inputs: expands the command line's files and directories into a list of
 * documents to read, reads each (stdin for "-"), and loads word lists. */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Appends the regular files below @dir (sorted, recursively, hidden files skipped) whose name
 * matches @include (NULL: all). */
static gboolean
walk_directory (const char *dir, GPatternSpec *include, GPtrArray *out, GError **error)
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
  g_ptr_array_sort (names, compare_paths);
  gboolean ok = TRUE;
  for (guint i = 0; i < names->len && ok; i++) {
    const char *entry = g_ptr_array_index (names, i);
    char *path = g_build_filename (dir, entry, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
      ok = walk_directory (path, include, out, error);
      g_free (path);
    } else if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
               && (include == NULL || g_pattern_spec_match_string (include, entry))) {
      g_ptr_array_add (out, path);
    } else {
      g_free (path);
    }
  }
  g_ptr_array_unref (names);
  return ok;
}

GPtrArray *
cli_expand_inputs (char **args, const char *include, GError **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GPatternSpec *pattern = include ? g_pattern_spec_new (include) : NULL;
  if (args == NULL || args[0] == NULL)
    g_ptr_array_add (out, g_strdup ("-"));
  for (guint i = 0; args != NULL && args[i] != NULL; i++) {
    const char *arg = args[i];
    if (strcmp (arg, "-") != 0 && g_file_test (arg, G_FILE_TEST_IS_DIR)) {
      if (!walk_directory (arg, pattern, out, error)) {
        g_ptr_array_unref (out);
        out = NULL;
        break;
      }
    } else {
      g_ptr_array_add (out, g_strdup (arg));
    }
  }
  if (pattern)
    g_pattern_spec_free (pattern);
  return out;
}

static char *
read_stdin (gsize *length, GError **error)
{
  GString *buffer = g_string_sized_new (65536);
  char chunk[65536];
  for (;;) {
    ssize_t n = read (STDIN_FILENO, chunk, sizeof chunk);
    if (n == 0)
      break;
    if (n < 0) {
      if (errno == EINTR)
        continue;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot read standard input: %s", g_strerror (errno));
      g_string_free (buffer, TRUE);
      return NULL;
    }
    g_string_append_len (buffer, chunk, n);
  }
  *length = buffer->len;
  return g_string_free (buffer, FALSE);
}

char *
cli_read_input (const char *path, gsize *length, GError **error)
{
  if (strcmp (path, "-") == 0)
    return read_stdin (length, error);
  if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, "%s: is a directory", path);
    return NULL;
  }
  char *contents = NULL;
  GError *e = NULL;
  if (!g_file_get_contents (path, &contents, length, &e)) {
    /* g_file_get_contents says "Failed to open file “x”: No such file or directory". */
    g_set_error (error, e->domain, e->code, "%s: %s", path,
                 e->code == G_FILE_ERROR_NOENT ? "no such file"
                 : e->code == G_FILE_ERROR_ACCES ? "permission denied" : e->message);
    g_error_free (e);
    return NULL;
  }
  return contents;
}

char **
cli_read_word_list (const char *spec, GError **error)
{
  /* A readable file: one word a line, '#' comments. Otherwise a comma-separated list. */
  if (g_file_test (spec, G_FILE_TEST_EXISTS)) {
    gsize length;
    char *contents = cli_read_input (spec, &length, error);
    if (contents == NULL)
      return NULL;
    GPtrArray *words = g_ptr_array_new ();
    char **lines = g_strsplit (contents, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
      char *w = g_strstrip (lines[i]);
      if (*w && *w != '#')
        g_ptr_array_add (words, g_strdup (w));
    }
    g_strfreev (lines);
    g_free (contents);
    g_ptr_array_add (words, NULL);
    return (char **) g_ptr_array_free (words, FALSE);
  }
  if (strchr (spec, '/') != NULL) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such file", spec);
    return NULL;
  }
  char **words = g_strsplit (spec, ",", -1);
  for (guint i = 0; words[i]; i++)
    g_strstrip (words[i]);
  return words;
}
