/* utf8-fast.h — UTF-8 validation with a fast path over ASCII, shared by the engine (text.c)
 * and the command line (its JSON Lines reader). Private: not installed. */
#pragma once

#include <glib.h>
#include <string.h>

/* g_utf8_validate_len() with a fast path over ASCII, 8 bytes at a time; for text without NUL
 * bytes (both callers reject those first), the same result and the same @bad. The text is checked in pieces that end before a byte that does not continue a
 * sequence: a piece never cuts a sequence that would be valid, so the first invalid sequence is
 * found at the same place. */
static inline gboolean
utf8_validate_fast (const char *p, gsize len, const char **bad)
{
  gsize i = 0;
  while (i < len) {
    while (i + 8 <= len) {
      guint64 word;
      memcpy (&word, p + i, 8);
      if (word & G_GUINT64_CONSTANT (0x8080808080808080))
        break;
      i += 8;
    }
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
