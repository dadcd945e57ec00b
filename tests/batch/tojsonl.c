/* tojsonl.c — turns files into JSON Lines for abridge --batch and 'abridge idf build --jsonl':
 * one line {"id": ID, "text": CONTENTS} per file, in argument order (directories: their regular
 * files, recursively, sorted by name). Used by the batch tests and the scaling measurements.
 *
 * Usage: abridge-tojsonl [--id-basename] [--lines] FILE|DIR...
 *   --id-basename  the id is the file's name without directories (default: the path as given)
 *   --lines        each non-empty line of a file is a document (id: FILE:N)
 *
 * Invalid UTF-8 is replaced by U+FFFD (with a warning on stderr), since JSON text is UTF-8. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

static gboolean id_basename, per_line;
static int status;

static void
emit (const char *id, const char *text, gsize length, const char *path)
{
  char *valid = NULL;
  if (!g_utf8_validate_len (text, length, NULL) || memchr (text, '\0', length) != NULL) {
    fprintf (stderr, "abridge-tojsonl: %s: invalid UTF-8 replaced by U+FFFD\n", path);
    valid = g_utf8_make_valid (text, (gssize) length);
    text = valid;
  }
  JsonBuilder *builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  JsonNode *root = json_builder_get_root (builder);
  char *line = json_to_string (root, FALSE);
  puts (line);
  g_free (line);
  json_node_unref (root);
  g_object_unref (builder);
  g_free (valid);
}

static void
convert_file (const char *path)
{
  char *contents = NULL;
  gsize length = 0;
  GError *error = NULL;
  if (!g_file_get_contents (path, &contents, &length, &error)) {
    fprintf (stderr, "abridge-tojsonl: %s\n", error->message);
    g_error_free (error);
    status = 1;
    return;
  }
  char *base = g_path_get_basename (path);
  const char *id = id_basename ? base : path;
  if (!per_line) {
    emit (id, contents, length, path);
  } else {
    char **lines = g_strsplit (contents, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
      if (*g_strstrip (lines[i]) == '\0')
        continue;
      char *line_id = g_strdup_printf ("%s:%u", id, i + 1);
      emit (line_id, lines[i], strlen (lines[i]), path);
      g_free (line_id);
    }
    g_strfreev (lines);
  }
  g_free (base);
  g_free (contents);
}

static int
compare (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
convert (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
    convert_file (path);
    return;
  }
  GDir *dir = g_dir_open (path, 0, NULL);
  if (dir == NULL) {
    fprintf (stderr, "abridge-tojsonl: %s: cannot open\n", path);
    status = 1;
    return;
  }
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare);
  for (guint i = 0; i < names->len; i++)
    convert (g_ptr_array_index (names, i));
  g_ptr_array_unref (names);
}

int
main (int argc, char **argv)
{
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
    if (strcmp (argv[i], "--id-basename") == 0)
      id_basename = TRUE;
    else if (strcmp (argv[i], "--lines") == 0)
      per_line = TRUE;
    else {
      fprintf (stderr, "usage: abridge-tojsonl [--id-basename] [--lines] FILE|DIR...\n");
      return 2;
    }
  }
  for (; i < argc; i++)
    convert (argv[i]);
  if (fflush (stdout) != 0)
    status = 1;
  return status;
}
