/* abridge-test-text.h — text helpers for every kind of test (Check tests, the policy test, the
 * libFuzzer targets): header-only, GLib only, no Check, so that the fuzz targets can use it. */
#ifndef ABRIDGE_TEST_TEXT_H
#define ABRIDGE_TEST_TEXT_H

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

/* Folds whitespace the way the engine documents it for a sentence's text (README: "inner
 * whitespace folded to single spaces"): ASCII space, tab, CR, LF, FF, VT, and the non-ASCII
 * characters for which g_unichar_isspace() holds; runs become one space, leading and trailing
 * ones go. @text must be valid UTF-8 (only ASCII whitespace is recognized in invalid bytes);
 * @len < 0: NUL-terminated. (transfer full) */
G_GNUC_UNUSED static char *
test_fold (const char *text, gssize len)
{
  if (len < 0)
    len = (gssize) strlen (text);
  const char *p = text, *end = text + len;
  GString *out = g_string_sized_new ((gsize) len);
  gboolean space = FALSE;
  while (p < end) {
    gsize size = 1;
    gboolean is_space;
    if ((guchar) *p < 0x80) {
      is_space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v';
    } else {
      size = MIN ((gsize) (g_utf8_next_char (p) - p), (gsize) (end - p));
      gunichar c = g_utf8_get_char_validated (p, (gssize) size);
      is_space = c < 0xFFFFFFFE && g_unichar_isspace (c);
    }
    if (is_space) {
      space = TRUE;
    } else {
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_len (out, p, (gssize) size);
    }
    p += size;
  }
  return g_string_free (out, FALSE);
}

/* Bytes [start, end) of @data as the engine shows them: each invalid UTF-8 byte as U+FFFD, then
 * whitespace folded. (transfer full) */
G_GNUC_UNUSED static char *
test_fold_slice (const char *data, gsize start, gsize end)
{
  char *valid = g_utf8_make_valid (data + start, (gssize) (end - start));
  char *folded = test_fold (valid, -1);
  g_free (valid);
  return folded;
}

/* Offset of the first invalid UTF-8 byte of @data (a leading BOM skipped), or -1. */
G_GNUC_UNUSED static gssize
test_first_invalid (const char *data, gsize size)
{
  gsize skip = size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  const char *bad = NULL;
  if (g_utf8_validate_len (data + skip, size - skip, &bad))
    return -1;
  return (gssize) (bad - data);
}

/* Writes @data @repeat times to @path (created or truncated). FALSE, errno set, on failure. */
G_GNUC_UNUSED static gboolean
test_write_repeated (const char *path, const void *data, gsize size, guint repeat)
{
  int fd = open (path, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return FALSE;
  for (guint r = 0; r < repeat; r++) {
    gsize done = 0;
    while (done < size) {
      ssize_t n = write (fd, (const char *) data + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        int e = errno;
        close (fd);
        errno = e;
        return FALSE;
      }
      done += (gsize) n;
    }
  }
  return close (fd) == 0;
}

/* A text of up to @max_pieces - 1 pieces, each drawn at random from @pieces (@n_pieces of
 * them): for the random differential tests of the byte-scanning fast paths. (transfer full) */
G_GNUC_UNUSED static GString *
test_random_pieces (GRand *rand, const char *const *pieces, guint n_pieces, guint max_pieces)
{
  GString *text = g_string_new (NULL);
  guint n = (guint) g_rand_int_range (rand, 0, (gint32) max_pieces);
  for (guint i = 0; i < n; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, (gint32) n_pieces)]);
  return text;
}

#endif
