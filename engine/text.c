/* text.c — the first stage: input bytes become valid UTF-8 (a BOM skipped, invalid sequences
 * replaced by U+FFFD) with a map back to the caller's byte offsets, and tokens are normalized
 * (NFKC + case folding through utf8proc, with an ASCII fast path). */
#include "abridge-private.h"
#include "bytes8.h"

#include <string.h>
#include <utf8proc.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

static void
add_shift (PreparedText *prepared, gsize work, gssize delta)
{
  if (prepared->shifts == NULL)
    prepared->shifts = g_array_new (FALSE, FALSE, sizeof (OffsetShift));
  OffsetShift shift = { work, delta };
  g_array_append_val (prepared->shifts, shift);
}

gboolean
text_prepare (const char *input, gsize len, gboolean strict, PreparedText *out, GError **error)
{
  memset (out, 0, sizeof *out);

  if (memchr (input, '\0', len) != NULL) {
    gsize at = (gsize) ((const char *) memchr (input, '\0', len) - input);
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_BINARY,
                 "binary data (a NUL byte at offset %" G_GSIZE_FORMAT "), not text", at);
    return FALSE;
  }

  gsize skip = 0;
  if (len >= 3 && memcmp (input, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;

  const char *p = input + skip;
  gsize rest = len - skip;
  const char *bad = NULL;
  if (utf8_validate_fast (p, rest, &bad)) {
    out->text = g_strndup (p, rest);
    out->len = rest;
    if (skip)
      add_shift (out, 0, (gssize) skip);
    return TRUE;
  }

  if (strict) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_UTF8,
                 "invalid UTF-8 at byte offset %" G_GSIZE_FORMAT, (gsize) (bad - input));
    return FALSE;
  }

  /* Copy valid runs; each invalid byte becomes U+FFFD (one replacement per byte that cannot
   * start or continue a valid sequence). */
  GString *buffer = g_string_sized_new (rest + 16);
  if (skip)
    add_shift (out, 0, (gssize) skip);
  out->first_invalid = (gsize) (bad - input);
  while (rest > 0) {
    if (utf8_validate_fast (p, rest, &bad)) {
      g_string_append_len (buffer, p, (gssize) rest);
      break;
    }
    gsize good = (gsize) (bad - p);
    g_string_append_len (buffer, p, (gssize) good);
    g_string_append_len (buffer, replacement, 3);
    out->invalid_count++;
    p = bad + 1;
    rest -= good + 1;
    /* After this point, work offsets run 2 bytes ahead of the input per replacement. */
    gsize orig_next = (gsize) (p - input);
    add_shift (out, buffer->len, (gssize) orig_next - (gssize) buffer->len);
  }
  out->len = buffer->len;
  out->text = g_string_free (buffer, FALSE);
  return TRUE;
}

void
text_prepared_clear (PreparedText *prepared)
{
  g_free (prepared->text);
  if (prepared->shifts)
    g_array_unref (prepared->shifts);
  memset (prepared, 0, sizeof *prepared);
}

gsize
text_original_offset (const PreparedText *prepared, gsize work_offset)
{
  if (prepared->shifts == NULL)
    return work_offset;
  const OffsetShift *shifts = (const OffsetShift *) prepared->shifts->data;
  guint lo = 0, hi = prepared->shifts->len;
  /* The last shift whose work offset is <= work_offset. */
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (shifts[mid].work <= work_offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return work_offset;
  return (gsize) ((gssize) work_offset + shifts[lo - 1].delta);
}

gsize
text_original_end (const PreparedText *prepared, gsize work_end)
{
  gsize at = text_original_offset (prepared, work_end);
  if (work_end == 0)
    return at;
  /* Where the next byte comes from further on (markup skipped), the end is just after the
   * last byte of the range; where it comes from further back (a replacement character that
   * stood for fewer bytes), the next byte's offset is the end. */
  return MIN (at, text_original_offset (prepared, work_end - 1) + 1);
}

/* Are the 8 bytes at @p ASCII and none of them NUL? */
static inline gboolean
ascii8_without_nul (const char *p)
{
  guint64 x = load8 (p);
  return ((x & HIGHS) | BYTES_EQUAL (x, '\0')) == 0;
}

/* g_ascii_tolower() of the 8 ASCII bytes at @p, to @out: 0x20 added to each byte from 'A' to
 * 'Z' (byte + 0x80 - 'A' and byte + 0x80 - 'Z' - 1 differ in their high bit exactly there;
 * ASCII bytes do not carry into the next byte). */
static inline void
ascii8_lower (const char *p, char *out)
{
  guint64 x = load8 (p);
  guint64 upper = ((x + ONES * (0x80 - 'A')) ^ (x + ONES * (0x80 - 'Z' - 1))) & HIGHS;
  x |= upper >> 2;
  memcpy (out, &x, 8);
}

/* g_ascii_tolower() without the function call. */
static inline char
ascii_lower (char c)
{
  return (guchar) (c - 'A') < 26 ? (char) (c + ('a' - 'A')) : c;
}

void
text_normalize_token (const char *token, gsize len, GString *out)
{
  gboolean ascii = TRUE;
  for (gsize i = 0; i < len; i++) {
    if ((guchar) token[i] >= 0x80) {
      ascii = FALSE;
      break;
    }
  }
  if (ascii) {
    gsize at = out->len;
    g_string_set_size (out, at + len);
    for (gsize i = 0; i < len; i++)
      out->str[at + i] = ascii_lower (token[i]);
    return;
  }

  utf8proc_uint8_t *mapped = NULL;
  utf8proc_ssize_t n = utf8proc_map ((const utf8proc_uint8_t *) token, (utf8proc_ssize_t) len,
                                     &mapped,
                                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT
                                     | UTF8PROC_CASEFOLD);
  if (n < 0) {
    g_string_append_len (out, token, (gssize) len);
    return;
  }
  /* Typographic apostrophes (U+2019, U+2018, U+02BC) fold to "'". */
  for (utf8proc_ssize_t i = 0; i < n;) {
    if (i + 2 < n && mapped[i] == 0xE2 && mapped[i + 1] == 0x80
        && (mapped[i + 2] == 0x99 || mapped[i + 2] == 0x98)) {
      g_string_append_c (out, '\'');
      i += 3;
    } else if (i + 1 < n && mapped[i] == 0xCA && mapped[i + 1] == 0xBC) {
      g_string_append_c (out, '\'');
      i += 2;
    } else {
      g_string_append_c (out, (char) mapped[i]);
      i++;
    }
  }
  free (mapped);
}

static utf8proc_int32_t
decode (const char *p, const char *end)
{
  utf8proc_int32_t c = -1;
  if (p >= end)
    return -1;
  utf8proc_iterate ((const utf8proc_uint8_t *) p, end - p, &c);
  return c;
}

gboolean
text_is_lower_start (const char *p, const char *end)
{
  if (p >= end)
    return FALSE;
  if ((guchar) *p < 0x80)
    return g_ascii_islower (*p);
  return utf8proc_category (decode (p, end)) == UTF8PROC_CATEGORY_LL;
}

gboolean
text_is_upper_start (const char *p, const char *end)
{
  if (p >= end)
    return FALSE;
  if ((guchar) *p < 0x80)
    return g_ascii_isupper (*p);
  utf8proc_category_t cat = utf8proc_category (decode (p, end));
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

/* ASCII whitespace as text_fold_spaces() and the tokenizer see it. */
static inline gboolean
is_ascii_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *
text_fold_spaces (const char *p, const char *end)
{
  /* The result is never longer than the input: each run of spaces becomes at most one. */
  char *out = g_malloc ((gsize) (end - p) + 1);
  text_fold_spaces_to (p, end, out);
  return out;
}

gsize
text_fold_spaces_to (const char *p, const char *end, char *out)
{
  gsize n = 0;
  gboolean space = FALSE;
  while (p < end) {
    if ((guchar) *p < 0x80) {
      if (is_ascii_space ((guchar) *p)) {
        space = TRUE;
        p++;
        continue;
      }
      if (space && n > 0)
        out[n++] = ' ';
      space = FALSE;
      /* Copy the whole run of ASCII non-space bytes 8 at a time: all 8 are written, and the
       * output moves on up to the first byte below 0x21 (a space, or a control character:
       * handled one by one) or of 0x80 and above (each byte's flag exact). Then byte by byte.
       * (The output never runs ahead of the input, so 8 bytes of room are there.) */
      while (end - p >= 8) {
        guint64 x = load8 (p);
        guint64 stop = (x | ~BYTES_GE7 (x, 0x21)) & HIGHS;
        memcpy (out + n, &x, 8);
        if (stop) {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
          gsize run = (gsize) __builtin_ctzll (stop) / 8;
#else
          gsize run = (gsize) __builtin_clzll (stop) / 8;
#endif
          n += run;
          p += run;
          break;
        }
        n += 8;
        p += 8;
      }
      while (p < end && (guchar) *p < 0x80 && !is_ascii_space ((guchar) *p))
        out[n++] = *p++;
      continue;
    }
    /* Non-ASCII spaces (no-break, ideographic, ...) fold too. */
    const char *next = MIN (g_utf8_next_char (p), end);
    if (g_unichar_isspace (g_utf8_get_char (p))) {
      space = TRUE;
    } else {
      if (space && n > 0)
        out[n++] = ' ';
      space = FALSE;
      memcpy (out + n, p, (gsize) (next - p));
      n += (gsize) (next - p);
    }
    p = next;
  }
  out[n] = '\0';
  return n;
}

char *
text_casefold (const char *p, gssize len)
{
  const char *end = len < 0 ? p + strlen (p) : p + len;
  GString *out = g_string_sized_new ((gsize) (end - p));
  while (p < end && *p != '\0') {
    /* ASCII runs are lowercased in place of g_utf8_casefold()'s per-character lookups; for
     * ASCII both give g_ascii_tolower(). Other characters go through GLib one at a time
     * (its folding maps each character on its own). */
    const char *run = p;
    while (end - p >= 8 && ascii8_without_nul (p))
      p += 8;
    while (p < end && (guchar) *p < 0x80 && *p != '\0')
      p++;
    if (p > run) {
      gsize at = out->len, n = (gsize) (p - run), i = 0;
      g_string_set_size (out, at + n);
      for (; i + 8 <= n; i += 8)
        ascii8_lower (run + i, out->str + at + i);
      for (; i < n; i++)
        out->str[at + i] = ascii_lower (run[i]);
      continue;
    }
    if (*p == '\0')
      break;
    const char *next = MIN (g_utf8_next_char (p), end);
    char *folded = g_utf8_casefold (p, next - p);
    g_string_append (out, folded);
    g_free (folded);
    p = next;
  }
  return g_string_free (out, FALSE);
}
