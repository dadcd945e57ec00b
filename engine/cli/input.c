/* input.c — the CLI's inputs: expands the command line's files and directories into a list of
 * documents to read, reads each (stdin for "-"), loads word lists, and reads JSON Lines: a
 * bounded line reader and a strict (RFC 8259) parser of one record that keeps the raw bytes of
 * each member, so that batch mode can pass fields through unchanged. */
#include "cli.h"
#include "../bytes8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The kind of the directory entry @path: from readdir's d_type where the file system
 * gives it, else from stat() (which follows a symbolic link, as opening the file would). */
static unsigned char
entry_kind (const char *path, unsigned char d_type)
{
  if (d_type != DT_UNKNOWN && d_type != DT_LNK)
    return d_type;
  struct stat st;
  if (stat (path, &st) != 0)
    return DT_UNKNOWN;
  return S_ISDIR (st.st_mode) ? DT_DIR : S_ISREG (st.st_mode) ? DT_REG : DT_UNKNOWN;
}

typedef struct {
  char *name;
  unsigned char type;   /* readdir's d_type */
} Entry;

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Entry *) a)->name, ((const Entry *) b)->name);
}

/* Appends the regular files below @dir (sorted, recursively, hidden files skipped) whose name
 * matches @include (NULL: all). The kind of each entry comes from the directory listing where
 * it can: a directory of many files costs no stat() per file. */
static gboolean
walk_directory (const char *dir, GPatternSpec *include, GPtrArray *out, GError **error)
{
  DIR *d = opendir (dir);
  if (d == NULL) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", dir, g_strerror (e));
    return FALSE;
  }
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  for (;;) {
    errno = 0;
    struct dirent *de = readdir (d);
    if (de == NULL)
      break;
    if (de->d_name[0] == '.')
      continue;
    Entry entry = { g_strdup (de->d_name), de->d_type };
    g_array_append_val (entries, entry);
  }
  int read_errno = errno;
  closedir (d);
  g_array_sort (entries, compare_entries);
  gboolean ok = read_errno == 0;
  if (!ok)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (read_errno), "%s: %s", dir,
                 g_strerror (read_errno));
  for (guint i = 0; i < entries->len && ok; i++) {
    const Entry *entry = &g_array_index (entries, Entry, i);
    char *path = g_build_filename (dir, entry->name, NULL);
    unsigned char kind = entry_kind (path, entry->type);
    if (kind == DT_DIR) {
      ok = walk_directory (path, include, out, error);
      g_free (path);
    } else if (kind == DT_REG
               && (include == NULL || g_pattern_spec_match_string (include, entry->name))) {
      g_ptr_array_add (out, path);
    } else {
      g_free (path);
    }
  }
  for (guint i = 0; i < entries->len; i++)
    g_free (g_array_index (entries, Entry, i).name);
  g_array_unref (entries);
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

/* Opens @path for reading; a directory, a missing or unreadable file is an error that names
 * it. Returns the descriptor, or -1, and the file's status in @st. */
static int
open_input (const char *path, struct stat *st, GError **error)
{
  int fd;
  do
    fd = open (path, O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", path,
                 e == ENOENT ? "no such file" : e == EACCES ? "permission denied"
                                                            : g_strerror (e));
    return -1;
  }
  if (fstat (fd, st) != 0)
    st->st_mode = 0;
  if (S_ISDIR (st->st_mode)) {
    close (fd);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, "%s: is a directory", path);
    return -1;
  }
  return fd;
}

/* Reads @fd to its end. More than @max_bytes (0: no limit) is refused as soon as it is seen,
 * with ABRIDGE_ERROR_TOO_LARGE, so that an input above the limit is never held in memory;
 * @known_size (-1: unknown) refuses a regular file before any read. @name is for messages. */
static char *
read_bounded (int fd, const char *name, gint64 known_size, gsize max_bytes, gsize *length,
              GError **error)
{
  if (max_bytes > 0 && known_size > (gint64) max_bytes) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE,
                 "%s: input of %" G_GINT64_FORMAT " bytes is larger than the limit of %"
                 G_GSIZE_FORMAT " bytes (--max-bytes)", name, known_size, max_bytes);
    return NULL;
  }
  /* Read straight into the result. A regular file's size is known: one allocation, with a
   * byte to spare for the read that finds its end (or finds that it has grown). */
  gsize capacity = known_size >= 0 ? (gsize) known_size + 2 : 65536, len = 0;
  char *buffer = g_malloc (capacity);
  for (;;) {
    if (len + 1 >= capacity) {
      capacity = MAX (capacity * 2, 65536);
      buffer = g_realloc (buffer, capacity);
    }
    gsize want = capacity - len - 1;
    if (max_bytes > 0 && want > max_bytes - len + 1)
      want = max_bytes - len + 1; /* one byte past the limit is enough to refuse */
    ssize_t n = read (fd, buffer + len, want);
    if (n == 0)
      break;
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: cannot read: %s", name,
                   g_strerror (e));
      g_free (buffer);
      return NULL;
    }
    len += (gsize) n;
    if (max_bytes > 0 && len > max_bytes) {
      g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE,
                   "%s: input larger than the limit of %" G_GSIZE_FORMAT " bytes (--max-bytes)",
                   name, max_bytes);
      g_free (buffer);
      return NULL;
    }
  }
  buffer[len] = '\0';
  *length = len;
  return buffer;
}

char *
cli_read_input (const char *path, gsize max_bytes, gsize *length, GError **error)
{
  struct stat st;
  if (strcmp (path, "-") == 0) {
    /* Redirected from a file: what is left of it is known. */
    off_t at = fstat (STDIN_FILENO, &st) == 0 && S_ISREG (st.st_mode)
                 ? lseek (STDIN_FILENO, 0, SEEK_CUR) : -1;
    gint64 left = at >= 0 && st.st_size >= at ? (gint64) (st.st_size - at) : -1;
    return read_bounded (STDIN_FILENO, "(stdin)", left, max_bytes, length, error);
  }
  int fd = open_input (path, &st, error);
  if (fd < 0)
    return NULL;
  gint64 size = S_ISREG (st.st_mode) ? (gint64) st.st_size : -1;
  char *contents = read_bounded (fd, path, size, max_bytes, length, error);
  close (fd);
  return contents;
}

char **
cli_read_word_list (const char *spec, GError **error)
{
  /* A readable file: one word a line, '#' comments. Otherwise a comma-separated list. */
  if (g_file_test (spec, G_FILE_TEST_EXISTS)) {
    gsize length;
    char *contents = cli_read_input (spec, 0, &length, error);
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

/* ---- JSON Lines ------------------------------------------------------------------------ */

G_DEFINE_QUARK (abridge-cli-error-quark, cli_error)

#define READ_CHUNK 65536

struct _CliLineReader {
  int fd;
  gboolean close_fd;
  char *name;       /* for messages */
  char *buffer;     /* READ_CHUNK bytes; [start, end) not yet returned */
  gsize start, end;
  gboolean eof;
  gsize max_line;
  guint64 number;
};

CliLineReader *
cli_line_reader_open (const char *path, gsize max_line, GError **error)
{
  int fd = STDIN_FILENO;
  gboolean is_stdin = strcmp (path, "-") == 0;
  if (!is_stdin) {
    struct stat st;
    fd = open_input (path, &st, error);
    if (fd < 0)
      return NULL;
  }
  CliLineReader *reader = g_new0 (CliLineReader, 1);
  reader->fd = fd;
  reader->close_fd = !is_stdin;
  reader->name = g_strdup (is_stdin ? "standard input" : path);
  reader->buffer = g_malloc (READ_CHUNK);
  reader->max_line = max_line;
  return reader;
}

void
cli_line_reader_close (CliLineReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->close_fd)
    close (reader->fd);
  g_free (reader->name);
  g_free (reader->buffer);
  g_free (reader);
}

gboolean
cli_line_reader_ready (CliLineReader *reader)
{
  if (reader->eof || memchr (reader->buffer + reader->start, '\n', reader->end - reader->start))
    return TRUE;
  struct pollfd pfd = { reader->fd, POLLIN, 0 };
  int n;
  do
    n = poll (&pfd, 1, 0);
  while (n < 0 && errno == EINTR);
  return n != 0; /* readable, closed, or an error that read() will report */
}

char *
cli_line_reader_next (CliLineReader *reader, gsize *length, guint64 *number, gboolean *too_long,
                      GError **error)
{
  GString *line = NULL;
  gboolean discard = FALSE;
  for (;;) {
    if (reader->start == reader->end) {
      if (reader->eof)
        break;
      ssize_t n = read (reader->fd, reader->buffer, READ_CHUNK);
      if (n < 0) {
        if (errno == EINTR)
          continue;
        int e = errno;
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot read %s: %s",
                     reader->name, g_strerror (e));
        if (line)
          g_string_free (line, TRUE);
        return NULL;
      }
      if (n == 0) {
        reader->eof = TRUE;
        break;
      }
      reader->start = 0;
      reader->end = (gsize) n;
    }
    const char *chunk = reader->buffer + reader->start;
    gsize available = reader->end - reader->start;
    const char *newline = memchr (chunk, '\n', available);
    gsize take = newline ? (gsize) (newline - chunk) : available;
    if (line == NULL)
      line = g_string_sized_new (MIN (take, READ_CHUNK) + 1);
    if (!discard) {
      if (reader->max_line > 0 && line->len + take > reader->max_line) {
        /* Too long: its bytes are skipped, never held in memory. */
        discard = TRUE;
        g_string_truncate (line, 0);
      } else {
        g_string_append_len (line, chunk, (gssize) take);
      }
    }
    reader->start += take + (newline ? 1 : 0);
    if (newline)
      break;
  }
  if (line == NULL)
    return NULL; /* end of input */
  reader->number++;
  if (reader->number == 1 && line->len >= 3 && memcmp (line->str, "\xEF\xBB\xBF", 3) == 0)
    g_string_erase (line, 0, 3); /* a UTF-8 byte order mark before the first record */
  *number = reader->number;
  *too_long = discard;
  *length = line->len;
  return g_string_free (line, FALSE);
}

/* A recursive-descent scanner over one line: validates JSON strictly (no comments, single
 * quotes, trailing commas, hexadecimal numbers or control characters in strings, which lenient
 * parsers accept) and optionally decodes strings. */
#define MAX_DEPTH 512

typedef struct {
  const char *start;
  const char *p;
  const char *end;
  const char *what; /* the first error */
  const char *at;   /* where it happened */
  guint depth;
} Scan;

static gboolean
scan_fail (Scan *s, const char *what)
{
  if (s->what == NULL) {
    s->what = what;
    s->at = s->p;
  }
  return FALSE;
}

static void
scan_space (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
    s->p++;
}

static gboolean
hex4 (const char *p, const char *end, guint *value)
{
  if (end - p < 4)
    return FALSE;
  *value = 0;
  for (int i = 0; i < 4; i++) {
    int digit = g_ascii_xdigit_value (p[i]);
    if (digit < 0)
      return FALSE;
    *value = *value * 16 + (guint) digit;
  }
  return TRUE;
}

/* Does any of the 8 bytes at @p need a look in a JSON string: a '"', a '\\' or a control
 * character (below 0x20)? Bytes of 0x80 and above never do. */
static inline gboolean
special8 (const char *p)
{
  guint64 x = load8 (p);
  /* (x - 0x20..) & ~x & 0x80..: some byte is below 0x20, as BYTES_EQUAL finds a zero byte. */
  return (((x - ONES * 0x20) & ~x & HIGHS) | BYTES_EQUAL (x, '"') | BYTES_EQUAL (x, '\\')) != 0;
}

/* A string at s->p (its opening quote); its decoded bytes are appended to @decoded (may be NULL). */
static gboolean
scan_string (Scan *s, GString *decoded)
{
  s->p++;
  const char *run = s->p;
  while (s->p < s->end) {
    /* Plain bytes (not '"', '\\' or a control character) in a tight loop: most of a text;
     * 8 at a time while none of them is special. */
    while (s->end - s->p >= 8 && !special8 (s->p))
      s->p += 8;
    while (s->p < s->end && (guchar) *s->p >= 0x20 && *s->p != '"' && *s->p != '\\')
      s->p++;
    if (s->p >= s->end)
      break;
    guchar c = (guchar) *s->p;
    if (c == '"') {
      if (decoded)
        g_string_append_len (decoded, run, s->p - run);
      s->p++;
      return TRUE;
    }
    if (c < 0x20)
      return scan_fail (s, "a control character in a string (it must be escaped)");
    if (c != '\\') {
      s->p++;
      continue;
    }
    if (decoded)
      g_string_append_len (decoded, run, s->p - run);
    s->p++;
    if (s->p >= s->end)
      break;
    char simple = 0;
    switch (*s->p) {
    case '"': simple = '"'; break;
    case '\\': simple = '\\'; break;
    case '/': simple = '/'; break;
    case 'b': simple = '\b'; break;
    case 'f': simple = '\f'; break;
    case 'n': simple = '\n'; break;
    case 'r': simple = '\r'; break;
    case 't': simple = '\t'; break;
    case 'u': {
      guint u, low;
      if (!hex4 (s->p + 1, s->end, &u))
        return scan_fail (s, "a \\u escape without four hexadecimal digits");
      if (u >= 0xDC00 && u <= 0xDFFF)
        return scan_fail (s, "an unpaired surrogate in a \\u escape");
      if (u >= 0xD800 && u <= 0xDBFF) {
        if (s->end - s->p < 11 || s->p[5] != '\\' || s->p[6] != 'u'
            || !hex4 (s->p + 7, s->end, &low) || low < 0xDC00 || low > 0xDFFF)
          return scan_fail (s, "an unpaired surrogate in a \\u escape");
        u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
        s->p += 6;
      }
      if (decoded) {
        char utf8[6];
        gint n = g_unichar_to_utf8 (u, utf8); /* U+0000 gives one NUL byte */
        g_string_append_len (decoded, utf8, n);
      }
      s->p += 5;
      run = s->p;
      continue;
    }
    default:
      return scan_fail (s, "an unknown escape in a string");
    }
    if (decoded)
      g_string_append_c (decoded, simple);
    s->p++;
    run = s->p;
  }
  return scan_fail (s, "an unterminated string");
}

static gboolean
scan_digits (Scan *s)
{
  if (s->p >= s->end || !g_ascii_isdigit (*s->p))
    return scan_fail (s, "a malformed number");
  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return TRUE;
}

static gboolean
scan_number (Scan *s)
{
  if (*s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.') {
    s->p++;
    if (!scan_digits (s))
      return FALSE;
  }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
    s->p++;
    if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
      s->p++;
    if (!scan_digits (s))
      return FALSE;
  }
  return TRUE;
}

static gboolean
scan_word (Scan *s, const char *word)
{
  gsize n = strlen (word);
  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return scan_fail (s, "an unexpected character");
  s->p += n;
  return TRUE;
}

static gboolean scan_value (Scan *s);

/* An array or object at s->p. */
static gboolean
scan_container (Scan *s)
{
  gboolean object = *s->p == '{';
  char close = object ? '}' : ']';
  if (++s->depth > MAX_DEPTH)
    return scan_fail (s, "values nested too deeply");
  s->p++;
  scan_space (s);
  if (s->p < s->end && *s->p == close) {
    s->p++;
    s->depth--;
    return TRUE;
  }
  for (;;) {
    if (object) {
      if (s->p >= s->end || *s->p != '"')
        return scan_fail (s, "a member name (a string) expected");
      if (!scan_string (s, NULL))
        return FALSE;
      scan_space (s);
      if (s->p >= s->end || *s->p != ':')
        return scan_fail (s, "':' expected after a member name");
      s->p++;
      scan_space (s);
    }
    if (!scan_value (s))
      return FALSE;
    scan_space (s);
    if (s->p < s->end && *s->p == ',') {
      s->p++;
      scan_space (s);
      continue;
    }
    if (s->p < s->end && *s->p == close) {
      s->p++;
      s->depth--;
      return TRUE;
    }
    return scan_fail (s, object ? "',' or '}' expected" : "',' or ']' expected");
  }
}

static gboolean
scan_value (Scan *s)
{
  if (s->p >= s->end)
    return scan_fail (s, "a value expected");
  switch (*s->p) {
  case '{':
  case '[':
    return scan_container (s);
  case '"':
    return scan_string (s, NULL);
  case 't':
    return scan_word (s, "true");
  case 'f':
    return scan_word (s, "false");
  case 'n':
    return scan_word (s, "null");
  default:
    if (*s->p == '-' || g_ascii_isdigit (*s->p))
      return scan_number (s);
    return scan_fail (s, "an unexpected character");
  }
}

static void
member_clear (gpointer data)
{
  CliJsonMember *member = data;
  g_free (member->name);
  g_free (member->decoded);
}

static void
set_syntax_error (GError **error, const Scan *s)
{
  g_set_error (error, CLI_ERROR, 0, "invalid JSON at column %u: %s",
               (guint) (s->at - s->start) + 1, s->what);
}

GArray *
cli_json_parse_object (const char *line, gsize length, const char *decode, GError **error)
{
  Scan s = { line, line, line + length, NULL, NULL, 0 };
  const char *nul = memchr (line, '\0', length);
  if (nul != NULL) {
    g_set_error (error, CLI_ERROR, 0,
                 "binary data (a NUL byte at column %u), not JSON", (guint) (nul - line) + 1);
    return NULL;
  }
  const char *bad = NULL;
  if (!utf8_validate_fast (line, length, &bad)) { /* no NUL, as tested above */
    g_set_error (error, CLI_ERROR, 0,
                 "invalid UTF-8 at column %u (JSON text must be UTF-8)",
                 (guint) (bad - line) + 1);
    return NULL;
  }
  scan_space (&s);
  if (s.p >= s.end || *s.p != '{') {
    /* Say what it is if it is valid JSON, else where it goes wrong. */
    const char *first = s.p;
    if (!scan_value (&s)) {
      set_syntax_error (error, &s);
      return NULL;
    }
    scan_space (&s);
    if (s.p != s.end) {
      scan_fail (&s, "more text after the value");
      set_syntax_error (error, &s);
      return NULL;
    }
    const char *type = *first == '[' ? "an array" : *first == '"' ? "a string"
                       : *first == 'n' ? "null" : *first == 't' || *first == 'f' ? "a boolean"
                                                                                  : "a number";
    g_set_error (error, CLI_ERROR, 0, "not a JSON object (%s)", type);
    return NULL;
  }

  GArray *members = g_array_new (FALSE, FALSE, sizeof (CliJsonMember));
  g_array_set_clear_func (members, member_clear);
  s.depth = 1;
  s.p++;
  scan_space (&s);
  gboolean ok = TRUE;
  if (s.p < s.end && *s.p == '}') {
    s.p++;
  } else {
    for (;;) {
      if (s.p >= s.end || *s.p != '"') {
        ok = scan_fail (&s, "a member name (a string) expected");
        break;
      }
      CliJsonMember member = { 0 };
      GString *name = g_string_new (NULL);
      member.key = s.p;
      if (!scan_string (&s, name)) {
        g_string_free (name, TRUE);
        ok = FALSE;
        break;
      }
      member.key_length = (gsize) (s.p - member.key);
      member.name_length = name->len;
      member.name = g_string_free (name, FALSE);
      g_array_append_val (members, member);
      scan_space (&s);
      if (s.p >= s.end || *s.p != ':') {
        ok = scan_fail (&s, "':' expected after a member name");
        break;
      }
      s.p++;
      scan_space (&s);
      const char *value = s.p;
      CliJsonMember *last = &g_array_index (members, CliJsonMember, members->len - 1);
      if (decode != NULL && s.p < s.end && *s.p == '"' && cli_json_member_is (last, decode)) {
        GString *decoded = g_string_sized_new ((gsize) (s.end - s.p));
        if (!scan_string (&s, decoded)) {
          g_string_free (decoded, TRUE);
          ok = FALSE;
          break;
        }
        last->decoded_length = decoded->len;
        last->decoded = g_string_free (decoded, FALSE);
      } else if (!scan_value (&s)) {
        ok = FALSE;
        break;
      }
      last->value = value;
      last->value_length = (gsize) (s.p - value);
      scan_space (&s);
      if (s.p < s.end && *s.p == ',') {
        s.p++;
        scan_space (&s);
        continue;
      }
      if (s.p < s.end && *s.p == '}') {
        s.p++;
        break;
      }
      ok = scan_fail (&s, "',' or '}' expected");
      break;
    }
  }
  if (ok) {
    scan_space (&s);
    if (s.p != s.end)
      ok = scan_fail (&s, "more text after the object");
  }
  if (!ok) {
    set_syntax_error (error, &s);
    g_array_unref (members);
    return NULL;
  }
  return members;
}

gboolean
cli_json_member_is (const CliJsonMember *member, const char *name)
{
  gsize n = strlen (name);
  return member->name_length == n && memcmp (member->name, name, n) == 0;
}

char *
cli_json_decode_string (const char *raw, gsize length, gsize *decoded_length)
{
  g_return_val_if_fail (length >= 2 && raw[0] == '"', NULL);
  Scan s = { raw, raw, raw + length, NULL, NULL, 0 };
  GString *decoded = g_string_sized_new (length);
  if (!scan_string (&s, decoded)) {
    g_string_free (decoded, TRUE);
    return NULL;
  }
  *decoded_length = decoded->len;
  return g_string_free (decoded, FALSE);
}
