/* bytes8.h — tests on 8 bytes at a time (a guint64 loaded from the text), and UTF-8
 * validation with a fast path over ASCII built on them; shared by the engine and the command
 * line's JSON Lines reader. Private: not installed. */
#pragma once

#include <glib.h>
#include <string.h>

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define LOWS7 G_GUINT64_CONSTANT (0x7F7F7F7F7F7F7F7F)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* The 8 bytes at @p. */
static inline guint64
load8 (const char *p)
{
  guint64 x;
  memcpy (&x, p, 8);
  return x;
}

/* Non-zero exactly when some byte of @x equals @c ((v - 0x01..) & ~v & 0x80.. is non-zero
 * exactly when some byte of v is zero; which high bits it sets above that byte may be wrong). */
#define BYTES_EQUAL(x, c) ((((x) ^ (ONES * (guchar) (c))) - ONES) & ~((x) ^ (ONES * (guchar) (c))) \
                           & HIGHS)
/* The high bit of exactly the bytes of @x that equal @c. */
#define BYTES_EQUAL_EACH(x, c) \
  (~(((((x) ^ (ONES * (guchar) (c))) & LOWS7) + LOWS7) | ((x) ^ (ONES * (guchar) (c)))) & HIGHS)
/* The high bit of the bytes of @x whose low 7 bits are at least @c (at most 0x80). */
#define BYTES_GE7(x, c) ((((x) & LOWS7) + ONES * (0x80 - (c))) & HIGHS)

/* g_utf8_validate_len() with a fast path over ASCII, 8 bytes at a time; for text without NUL
 * bytes (both callers reject those first), the same result and the same @bad. The text is
 * checked in pieces that end before a byte that does not continue a sequence: a piece never
 * cuts a sequence that would be valid, so the first invalid sequence is found at the same
 * place. */
static inline gboolean
utf8_validate_fast (const char *p, gsize len, const char **bad)
{
  gsize i = 0;
  while (i < len) {
    while (i + 8 <= len && (load8 (p + i) & HIGHS) == 0)
      i += 8;
    gsize end = MIN (len, i + 64);
    while (end < len && ((guchar) p[end] & 0xC0) == 0x80)
      end++;
    if (!g_utf8_validate_len (p + i, end - i, bad))
      return FALSE;
    i = end;
  }
  if (bad)
    *bad = p + len;
  return TRUE;
}
