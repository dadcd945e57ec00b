/* markup.c — HTML and Markdown input: the format of an input (by name, then by its first
 * bytes), and the extraction of the text to analyze, with a map back to the input's bytes. */
#include "abridge-private.h"

#include <string.h>

static gboolean
has_suffix_ci (const char *name, const char *const *suffixes)
{
  gsize len = strlen (name);
  for (guint i = 0; suffixes[i]; i++) {
    gsize n = strlen (suffixes[i]);
    if (len > n && g_ascii_strcasecmp (name + len - n, suffixes[i]) == 0)
      return TRUE;
  }
  return FALSE;
}

/* Does @p start (case-insensitively) with an opening tag of @tag ("<tag>", "<tag " ...)? */
static gboolean
starts_with_tag (const char *p, const char *end, const char *tag)
{
  gsize n = strlen (tag);
  if ((gsize) (end - p) < n + 2 || p[0] != '<' || g_ascii_strncasecmp (p + 1, tag, n) != 0)
    return FALSE;
  char next = p[n + 1];
  return next == '>' || next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '/';
}

static gboolean
sniff_html (const char *p, const char *end)
{
  static const char *const tags[] = { "!doctype", "html", "head", "body", "p", "div", "meta",
                                      "article", "section", "title", "!--", NULL };
  while (p < end && g_ascii_isspace (*p))
    p++;
  for (guint i = 0; tags[i]; i++)
    if (starts_with_tag (p, end, tags[i]) || (i == 10 && end - p >= 4 && memcmp (p, "<!--", 4) == 0))
      return TRUE;
  return FALSE;
}

/* Markdown signals counted per line: ATX headings ("# "), fences (```), list items ("- ",
 * "* ", "1. "), block quotes ("> "), links ("](") and emphasis ("**"). Two lines with a
 * signal, or a heading followed by another signal, make Markdown. */
static gboolean
sniff_markdown (const char *p, const char *end)
{
  guint signals = 0, lines = 0;
  while (p < end && lines < 200) {
    const char *eol = memchr (p, '\n', (gsize) (end - p));
    if (eol == NULL)
      eol = end;
    const char *q = p;
    while (q < eol && q - p < 4 && *q == ' ')
      q++;
    gsize n = (gsize) (eol - q);
    gboolean signal = FALSE;
    if (n >= 2 && *q == '#') {
      const char *h = q;
      while (h < eol && *h == '#' && h - q < 6)
        h++;
      signal = h < eol && *h == ' ';
    } else if (n >= 3 && (memcmp (q, "```", 3) == 0 || memcmp (q, "~~~", 3) == 0)) {
      signal = TRUE;
    } else if (n >= 2 && (*q == '-' || *q == '*' || *q == '+' || *q == '>') && q[1] == ' ') {
      signal = TRUE;
    } else if (g_strstr_len (q, (gssize) n, "](") != NULL || g_strstr_len (q, (gssize) n, "**") != NULL) {
      signal = TRUE;
    }
    signals += signal;
    lines++;
    p = eol + 1;
  }
  return signals >= 2;
}

AbridgeFormat
abridge_sniff_format (const char *name, const char *text, gssize len)
{
  static const char *const html[] = { ".html", ".htm", ".xhtml", NULL };
  static const char *const markdown[] = { ".md", ".markdown", ".mdown", ".mkd", NULL };
  static const char *const plain[] = { ".txt", ".text", NULL };
  if (name != NULL) {
    if (has_suffix_ci (name, html))
      return ABRIDGE_FORMAT_HTML;
    if (has_suffix_ci (name, markdown))
      return ABRIDGE_FORMAT_MARKDOWN;
    if (has_suffix_ci (name, plain))
      return ABRIDGE_FORMAT_TEXT;
  }
  if (text == NULL)
    return ABRIDGE_FORMAT_TEXT;
  gsize size = len < 0 ? strlen (text) : (gsize) len;
  const char *end = text + MIN (size, (gsize) 8192);
  if (size >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3;
  if (sniff_html (text, end))
    return ABRIDGE_FORMAT_HTML;
  if (sniff_markdown (text, end))
    return ABRIDGE_FORMAT_MARKDOWN;
  return ABRIDGE_FORMAT_TEXT;
}

AbridgeAnalyzeFlags
abridge_format_flags (AbridgeFormat format)
{
  switch (format) {
  case ABRIDGE_FORMAT_HTML: return ABRIDGE_ANALYZE_HTML;
  case ABRIDGE_FORMAT_MARKDOWN: return ABRIDGE_ANALYZE_MARKDOWN;
  case ABRIDGE_FORMAT_TEXT:
  default: return ABRIDGE_ANALYZE_DEFAULT;
  }
}
