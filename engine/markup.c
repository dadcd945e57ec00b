/* markup.c — HTML and Markdown input: the format of an input (by name, then by its first
 * bytes), and the extraction of the text to analyze, with a map back to the input's bytes. */
#include "abridge-private.h"
#include "bytes8.h"
#include "dlload.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <cmark.h>
#include <libxml/HTMLparser.h>

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

/* Is one of the 8 bytes at @p equal to @a, @b or @c? */
static inline gboolean
bytes_have_any (const char *p, guchar a, guchar b, guchar c)
{
  guint64 x = load8 (p);
  return (BYTES_EQUAL (x, a) | BYTES_EQUAL (x, b) | BYTES_EQUAL (x, c)) != 0;
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
                                      "article", "section", "title", NULL };
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
    return TRUE; /* a comment */
  for (guint i = 0; tags[i]; i++)
    if (starts_with_tag (p, end, tags[i]))
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
    } else {
      /* "](" or "**" in the line (up to a NUL, as g_strstr_len): one pass, not two, that
       * skips 8 bytes at a time to the next ']', '*' or NUL. */
      for (const char *c = q; c + 1 < eol; c++) {
        while (eol - c >= 10 && !bytes_have_any (c, ']', '*', '\0'))
          c += 8;
        if (*c == '\0')
          break;
        if ((c[0] == ']' && c[1] == '(') || (c[0] == '*' && c[1] == '*')) {
          signal = TRUE;
          break;
        }
      }
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

/* ---- Extraction ------------------------------------------------------------------------ */

/* The extracted text is built run by run; each run of plain bytes maps linearly onto the
 * working text from @work on (a run decoded from an entity maps onto the entity's first bytes). */
typedef struct {
  gsize plain;
  gsize work;
} Run;

typedef struct {
  const char *src;       /* the working text (valid UTF-8) */
  gsize src_len;
  GString *plain;
  GArray *runs;          /* Run */
  GArray *blocks;        /* MarkupBlock */
  MarkupBlock current;   /* the block being filled */
  gboolean in_block;
  gsize cursor;          /* work offset up to which the source has been aligned */
  gint title_block;
} Extractor;

static void
extractor_init (Extractor *x, const char *src, gsize len)
{
  memset (x, 0, sizeof *x);
  x->src = src;
  x->src_len = len;
  x->plain = g_string_sized_new (len / 2 + 16);
  x->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  x->blocks = g_array_new (FALSE, FALSE, sizeof (MarkupBlock));
  x->title_block = -1;
}

/* Ends the current block: it becomes a paragraph of the extracted text (blocks are separated
 * by a blank line). A block of nothing but whitespace is dropped. */
static void
end_block (Extractor *x)
{
  if (!x->in_block)
    return;
  x->in_block = FALSE;
  const char *p = x->plain->str + x->current.start;
  const char *end = x->plain->str + x->plain->len;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p == end) {
    g_string_truncate (x->plain, x->current.start);
    while (x->runs->len > 0
           && g_array_index (x->runs, Run, x->runs->len - 1).plain >= x->plain->len)
      g_array_set_size (x->runs, x->runs->len - 1);
    return;
  }
  x->current.end = x->plain->len;
  if (x->current.flags & MARKUP_TITLE) {
    if (x->title_block >= 0)
      x->current.flags &= ~MARKUP_TITLE;
    else
      x->title_block = (gint) x->blocks->len;
  }
  g_array_append_val (x->blocks, x->current);
}

static void
begin_block (Extractor *x, guint flags)
{
  end_block (x);
  gsize n = x->plain->len;
  if (n > 0 && !(n >= 2 && x->plain->str[n - 1] == '\n' && x->plain->str[n - 2] == '\n'))
    g_string_append (x->plain, "\n\n");
  memset (&x->current, 0, sizeof x->current);
  x->current.start = x->plain->len;
  x->current.flags = flags;
  x->in_block = TRUE;
}

static void
add_run (Extractor *x, gsize plain, gsize work)
{
  Run run = { plain, work };
  if (x->runs->len > 0) {
    const Run *last = &g_array_index (x->runs, Run, x->runs->len - 1);
    if (last->work + (run.plain - last->plain) == run.work)
      return; /* continues the last run */
  }
  g_array_append_val (x->runs, run);
}

/* Appends @len bytes of text that the parser produced from the source before work offset
 * @limit (G_MAXSIZE: anywhere ahead). They are found in the source from the cursor on; text
 * that was decoded (an entity, an escape) is mapped onto the source from the cursor to
 * @span_end (0: unknown; an entity "&...;" at the cursor is then taken as the span), its
 * first byte to the span's start and its last to the span's end, so that ranges that start or
 * end with it cover the whole entity. @spaces: whitespace becomes plain spaces (HTML outside
 * <pre>, Markdown soft breaks). */
static void
add_text (Extractor *x, const char *text, gsize len, gsize limit, gsize span_end, gboolean spaces,
          gboolean link)
{
  if (len == 0)
    return;
  if (!x->in_block)
    begin_block (x, 0);
  gsize hi = MIN (limit, x->src_len);
  gsize at = x->cursor;
  const char *found = NULL;
  if (at <= hi && hi - at >= len)
    found = memmem (x->src + at, hi - at, text, len);
  gsize plain = x->plain->len;
  if (found != NULL) {
    at = (gsize) (found - x->src);
    add_run (x, plain, at);
    x->cursor = at + len;
  } else {
    if (span_end <= at && at < x->src_len && x->src[at] == '&') {
      const char *semicolon = memchr (x->src + at, ';', MIN ((gsize) 40, x->src_len - at));
      span_end = semicolon ? (gsize) (semicolon - x->src) + 1 : 0;
    }
    add_run (x, plain, at);
    if (span_end > at + 1 && len > 1)
      add_run (x, plain + len - 1, span_end - 1);
    if (span_end > at)
      x->cursor = MIN (span_end, x->src_len);
  }
  g_string_append_len (x->plain, text, (gssize) len);
  if (spaces) {
    for (gsize i = plain; i < x->plain->len; i++) {
      char c = x->plain->str[i];
      if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v')
        x->plain->str[i] = ' ';
    }
  }
  glong chars = g_utf8_strlen (text, (gssize) len);
  x->current.chars += (guint) chars;
  if (link)
    x->current.link_chars += (guint) chars;
}

/* A line break inside a block (HTML <br>, a Markdown hard break). */
static void
add_break (Extractor *x)
{
  if (x->in_block)
    g_string_append_c (x->plain, '\n');
}

static void
extractor_finish (Extractor *x, MarkupText *out)
{
  end_block (x);
  /* No separator after the last block: every plain byte has a place in the source. */
  while (x->plain->len > 0 && x->plain->str[x->plain->len - 1] == '\n')
    g_string_truncate (x->plain, x->plain->len - 1);
  out->text = g_string_free (x->plain, FALSE);
  out->runs = x->runs;
  out->blocks = x->blocks;
  out->title_block = x->title_block;
}

/* ---- HTML ------------------------------------------------------------------------------ */

/* libxml2 is loaded when the first HTML document needs it, not when the program starts: with
 * ICU and the C++ runtime behind it, it is six of the libraries a process would otherwise map
 * and relocate at every start, which is most of the start-up time of a short run (`abridge
 * file`), and most inputs are plain text. Five functions are used. */
typedef struct {
  __typeof__ (htmlCreatePushParserCtxt) *create_push_parser;
  __typeof__ (htmlCtxtUseOptions) *use_options;
  __typeof__ (htmlParseChunk) *parse_chunk;
  __typeof__ (htmlFreeParserCtxt) *free_parser;
  __typeof__ (xmlByteConsumed) *byte_consumed;
} LibXml;

static LibXml libxml;
static char *libxml_error;   /* why it could not be loaded, or NULL */
static gsize libxml_tried;

/* The functions, or NULL with the reason in @error. Thread-safe; loaded once per process. */
static const LibXml *
libxml_get (GError **error)
{
  if (g_once_init_enter (&libxml_tried)) {
    static const char *const names[] = { "htmlCreatePushParserCtxt", "htmlCtxtUseOptions",
                                         "htmlParseChunk", "htmlFreeParserCtxt",
                                         "xmlByteConsumed" };
    void *const slots[] = { &libxml.create_push_parser, &libxml.use_options,
                            &libxml.parse_chunk, &libxml.free_parser, &libxml.byte_consumed };
    G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (slots));
    if (!dl_load_functions (LIBXML2_SONAME, names, slots, G_N_ELEMENTS (names), &libxml_error))
      memset (&libxml, 0, sizeof libxml);
    g_once_init_leave (&libxml_tried, 1);
  }
  if (libxml_error != NULL) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_IO,
                 "HTML input needs libxml2, which could not be loaded: %s", libxml_error);
    return NULL;
  }
  return &libxml;
}

typedef struct {
  Extractor x;
  htmlParserCtxtPtr ctxt;
  guint skip;            /* depth inside elements whose text is not content */
  guint furniture;       /* depth inside elements that are page furniture by class/role */
  guint pre;             /* depth inside <pre> */
  guint link;            /* depth inside <a> */
  guint article;         /* depth inside <article> or <main> */
  gboolean in_title;
  gboolean in_body;
  gboolean had_title;
  GArray *stack;         /* per open element: guint8 what it entered (ENTERED_*) */
} Html;

enum {
  ENTERED_SKIP = 1 << 0,
  ENTERED_FURNITURE = 1 << 1,
  ENTERED_PRE = 1 << 2,
  ENTERED_LINK = 1 << 3,
  ENTERED_ARTICLE = 1 << 4,
  ENTERED_BLOCK = 1 << 5,
  ENTERED_HEADING = 1 << 6
};

static gboolean
name_in (const char *name, const char *const *names)
{
  for (guint i = 0; names[i]; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Elements whose text is never content. */
static const char *const skipped[] = {
  "script", "style", "noscript", "template", "nav", "aside", "form", "menu", "select", "button",
  "iframe", "svg", "canvas", "object", "embed", "head", "textarea", "dialog", "video", "audio",
  "map", "datalist", NULL
};

/* Elements that end a paragraph of text. */
static const char *const blocks[] = {
  "p", "div", "section", "article", "main", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
  "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "pre",
  "hr", "address", "details", "summary", "fieldset", "legend", "center", "body", "html",
  "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", NULL
};

/* Class, id and role words that mark page furniture (as in readability-style extractors). */
static const char *const furniture_words[] = {
  "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "sidebar", "footer",
  "share", "sharing", "social", "cookie", "cookies", "consent", "related", "comments", "comment",
  "advert", "advertisement", "ad", "ads", "banner", "promo", "newsletter", "subscribe",
  "subscription", "popup", "modal", "masthead", "byline", "credit", "credits", "caption-credit",
  "toolbar", "pagination", "skip", "complementary", "contentinfo", "search", "login", "signup",
  "widget", "tags", "print", NULL
};

/* Is one of the words of a class, id or role value (split at whitespace, '-' and '_') a
 * furniture word? */
static gboolean
attribute_is_furniture (const char *value)
{
  if (value == NULL)
    return FALSE;
  char word[32];
  for (const char *p = value; *p;) {
    gsize n = 0;
    while (*p && !g_ascii_isspace (*p) && *p != '-' && *p != '_') {
      if (n < sizeof word - 1)
        word[n] = *p;
      n++;
      p++;
    }
    if (n > 0 && n < sizeof word) {
      word[n] = '\0';
      if (name_in (word, furniture_words))
        return TRUE;
    }
    while (*p && (g_ascii_isspace (*p) || *p == '-' || *p == '_'))
      p++;
  }
  return FALSE;
}

static gsize
html_position (Html *h)
{
  return (gsize) libxml.byte_consumed (h->ctxt);
}

static void
html_start (void *data, const xmlChar *name_x, const xmlChar **attrs)
{
  Html *h = data;
  const char *name = (const char *) name_x;
  guint8 entered = 0;
  if (g_ascii_strcasecmp (name, "body") == 0)
    h->in_body = TRUE;
  if (g_ascii_strcasecmp (name, "title") == 0 && !h->in_body && !h->had_title) {
    /* The <title> is the document's title: a block of its own before the body's text. */
    h->in_title = h->had_title = TRUE;
    begin_block (&h->x, MARKUP_HEADING | MARKUP_TITLE);
    return;
  }
  if (g_ascii_strcasecmp (name, "br") == 0) {
    if (h->skip == 0)
      add_break (&h->x);
    return; /* void element: no end callback is relied on */
  }
  gboolean skip = name_in (name, skipped);
  if (!skip && (g_ascii_strcasecmp (name, "header") == 0 || g_ascii_strcasecmp (name, "footer") == 0))
    skip = g_ascii_strcasecmp (name, "footer") == 0 || h->article == 0;
  if (!skip && attrs != NULL) {
    for (guint i = 0; attrs[i] && attrs[i + 1]; i += 2) {
      const char *attr = (const char *) attrs[i], *value = (const char *) attrs[i + 1];
      if (g_ascii_strcasecmp (attr, "hidden") == 0
          || (g_ascii_strcasecmp (attr, "aria-hidden") == 0 && g_ascii_strcasecmp (value, "true") == 0))
        skip = TRUE;
      else if ((g_ascii_strcasecmp (attr, "class") == 0 || g_ascii_strcasecmp (attr, "id") == 0
                || g_ascii_strcasecmp (attr, "role") == 0)
               && attribute_is_furniture (value))
        entered |= ENTERED_FURNITURE;
    }
  }
  if (skip)
    entered |= ENTERED_SKIP;
  if (name_in (name, (const char *const[]) { "article", "main", NULL }))
    entered |= ENTERED_ARTICLE;
  if (g_ascii_strcasecmp (name, "pre") == 0)
    entered |= ENTERED_PRE;
  if (g_ascii_strcasecmp (name, "a") == 0)
    entered |= ENTERED_LINK;
  gboolean heading = strlen (name) == 2 && g_ascii_tolower (name[0]) == 'h' && name[1] >= '1'
                     && name[1] <= '6';
  if (name_in (name, blocks)) {
    entered |= ENTERED_BLOCK;
    if (h->skip == 0) {
      guint flags = h->furniture > 0 || (entered & ENTERED_FURNITURE) ? MARKUP_FURNITURE : 0;
      if (heading) {
        flags |= MARKUP_HEADING;
        if (name[1] == '1')
          flags |= MARKUP_TITLE;
      }
      begin_block (&h->x, flags);
    }
  }
  if (heading)
    entered |= ENTERED_HEADING;
  h->skip += (entered & ENTERED_SKIP) != 0;
  h->furniture += (entered & ENTERED_FURNITURE) != 0;
  h->pre += (entered & ENTERED_PRE) != 0;
  h->link += (entered & ENTERED_LINK) != 0;
  h->article += (entered & ENTERED_ARTICLE) != 0;
  g_array_append_val (h->stack, entered);
  /* Keep the source aligned past the tag (an attribute's text is never taken for content),
   * when the parser stands just after it: elements it implies have no tag. */
  gsize position = html_position (h);
  if (position > 0 && position <= h->x.src_len && h->x.src[position - 1] == '>') {
    gsize from = position > 65536 ? position - 65536 : 0;
    const char *lt = g_strrstr_len (h->x.src + from, (gssize) (position - from), "<");
    gsize n = strlen (name);
    if (lt != NULL && (gsize) (h->x.src + position - lt) > n + 1
        && g_ascii_strncasecmp (lt + 1, name, n) == 0
        && (lt[n + 1] == '>' || lt[n + 1] == '/' || g_ascii_isspace (lt[n + 1])))
      h->x.cursor = MAX (h->x.cursor, position);
  }
}

static void
html_end (void *data, const xmlChar *name_x)
{
  Html *h = data;
  const char *name = (const char *) name_x;
  if (g_ascii_strcasecmp (name, "title") == 0 && h->in_title) {
    h->in_title = FALSE;
    end_block (&h->x);
    return;
  }
  if (g_ascii_strcasecmp (name, "br") == 0 || h->stack->len == 0)
    return;
  guint8 entered = g_array_index (h->stack, guint8, h->stack->len - 1);
  g_array_set_size (h->stack, h->stack->len - 1);
  h->skip -= (entered & ENTERED_SKIP) != 0;
  h->furniture -= (entered & ENTERED_FURNITURE) != 0;
  h->pre -= (entered & ENTERED_PRE) != 0;
  h->link -= (entered & ENTERED_LINK) != 0;
  h->article -= (entered & ENTERED_ARTICLE) != 0;
  if ((entered & ENTERED_BLOCK) && h->skip == 0) {
    /* What follows the block is a new paragraph, with the enclosing block's flags. */
    end_block (&h->x);
    if (entered & ENTERED_HEADING)
      h->x.current.flags = 0;
  }
}

static void
html_characters (void *data, const xmlChar *ch, int len)
{
  Html *h = data;
  if (len <= 0)
    return;
  /* The parser reports text once it has read it: it lies before the current position (a
   * few bytes of lookahead allowed); a decoded entity ends there. */
  gsize position = html_position (h);
  gsize limit = position + 8;
  if (h->in_title) {
    add_text (&h->x, (const char *) ch, (gsize) len, limit, position, TRUE, FALSE);
    return;
  }
  if (h->skip > 0 || !h->in_body)
    return;
  if (!h->x.in_block) {
    guint flags = h->furniture > 0 ? MARKUP_FURNITURE : 0;
    begin_block (&h->x, flags);
  }
  add_text (&h->x, (const char *) ch, (gsize) len, limit, position, h->pre == 0, h->link > 0);
}

static void
html_silent (void *data G_GNUC_UNUSED, const char *message G_GNUC_UNUSED, ...)
{
}

static gboolean
extract_html (const char *src, gsize len, MarkupText *out, GError **error)
{
  const LibXml *xml = libxml_get (error);
  if (xml == NULL)
    return FALSE;
  Html h = { 0 };
  htmlSAXHandler sax;
  memset (&sax, 0, sizeof sax);
  sax.startElement = html_start;
  sax.endElement = html_end;
  sax.characters = html_characters;
  sax.ignorableWhitespace = html_characters;
  sax.cdataBlock = html_characters;
  sax.warning = html_silent;
  sax.error = html_silent;
  h.ctxt = xml->create_push_parser (&sax, &h, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
  if (h.ctxt == NULL) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_IO, "the HTML parser could not be set up");
    return FALSE;
  }
  extractor_init (&h.x, src, len);
  h.stack = g_array_new (FALSE, FALSE, sizeof (guint8));
  xml->use_options (h.ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                                | HTML_PARSE_IGNORE_ENC);
  /* The parser implies <html> and <body> where a document (a fragment) has none. */
  /* One chunk: the parser keeps the whole input, and its byte count stays exact. */
  gsize done = 0;
  while (done < len) {
    int chunk = (int) MIN (len - done, (gsize) (G_MAXINT / 2));
    done += (gsize) chunk;
    xml->parse_chunk (h.ctxt, src + done - chunk, chunk, done == len);
  }
  if (len == 0)
    xml->parse_chunk (h.ctxt, "", 0, 1);
  xml->free_parser (h.ctxt);
  g_array_unref (h.stack);

  extractor_finish (&h.x, out);
  return TRUE;
}

/* ---- Markdown -------------------------------------------------------------------------- */

typedef struct {
  Extractor x;
  gsize *line_starts;    /* work offset of each source line (1-based lines: index line - 1) */
  guint line_count;
  gboolean seen_text;
} Markdown;

/* The work offset of a cmark source position (1-based line, 1-based byte column). */
static gsize
markdown_offset (const Markdown *m, int line, int column)
{
  if (line < 1)
    return 0;
  if ((guint) line > m->line_count)
    return m->x.src_len;
  gsize at = m->line_starts[line - 1] + (column > 0 ? (gsize) column - 1 : 0);
  return MIN (at, m->x.src_len);
}

/* Text is aligned inside its block: from the block's first byte to its last. */
static void
markdown_block (Markdown *m, cmark_node *node, guint flags)
{
  begin_block (&m->x, flags);
  m->x.cursor = MAX (m->x.cursor, markdown_offset (m, cmark_node_get_start_line (node),
                                                   cmark_node_get_start_column (node)));
}

static void
markdown_inlines (Markdown *m, cmark_node *block)
{
  gsize limit = markdown_offset (m, cmark_node_get_end_line (block),
                                 cmark_node_get_end_column (block)) + 1;
  cmark_iter *iter = cmark_iter_new (block);
  cmark_event_type event;
  guint skip = 0, link = 0;
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node (iter);
    cmark_node_type type = cmark_node_get_type (node);
    gboolean enter = event == CMARK_EVENT_ENTER;
    if (type == CMARK_NODE_IMAGE) {
      skip += enter ? 1 : -1; /* alt text is not running text */
      continue;
    }
    if (type == CMARK_NODE_LINK) {
      link += enter ? 1 : -1;
      continue;
    }
    if (!enter || skip > 0)
      continue;
    const char *literal = cmark_node_get_literal (node);
    switch (type) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      if (literal)
        add_text (&m->x, literal, strlen (literal), limit, 0, FALSE, link > 0);
      break;
    case CMARK_NODE_SOFTBREAK:
      /* The source's line break, read as a space. */
      add_text (&m->x, "\n", 1, limit, 0, TRUE, FALSE);
      break;
    case CMARK_NODE_LINEBREAK:
      add_break (&m->x);
      break;
    default:
      break;
    }
  }
  cmark_iter_free (iter);
}

static gboolean
extract_markdown (const char *src, gsize len, MarkupText *out)
{
  Markdown m = { 0 };
  extractor_init (&m.x, src, len);
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize zero = 0;
  g_array_append_val (starts, zero);
  for (gsize i = 0; i < len; i++) {
    if (src[i] == '\n' || (src[i] == '\r' && (i + 1 == len || src[i + 1] != '\n'))) {
      gsize next = i + 1;
      g_array_append_val (starts, next);
    }
  }
  m.line_count = starts->len;
  m.line_starts = (gsize *) g_array_free (starts, FALSE);

  cmark_node *root = cmark_parse_document (src, len, CMARK_OPT_SOURCEPOS);
  if (root == NULL) {
    g_free (m.line_starts);
    return FALSE;
  }
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type event;
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE) {
    if (event != CMARK_EVENT_ENTER)
      continue;
    cmark_node *node = cmark_iter_get_node (iter);
    switch (cmark_node_get_type (node)) {
    case CMARK_NODE_HEADING: {
      /* The first heading, when it opens the document, is its title. */
      guint flags = MARKUP_HEADING;
      if (!m.seen_text && m.x.blocks->len == 0)
        flags |= MARKUP_TITLE;
      markdown_block (&m, node, flags);
      markdown_inlines (&m, node);
      end_block (&m.x);
      m.seen_text = TRUE;
      break;
    }
    case CMARK_NODE_PARAGRAPH:
      markdown_block (&m, node, 0);
      markdown_inlines (&m, node);
      end_block (&m.x);
      m.seen_text = TRUE;
      break;
    default:
      /* Code blocks, raw HTML and thematic breaks carry no running text; containers (lists,
       * items, block quotes) hold paragraphs, met on their own. */
      break;
    }
  }
  cmark_iter_free (iter);
  cmark_node_free (root);
  g_free (m.line_starts);
  extractor_finish (&m.x, out);
  return TRUE;
}

/* ---- Into the document ----------------------------------------------------------------- */

void
markup_text_clear (MarkupText *markup)
{
  g_free (markup->text);
  if (markup->runs)
    g_array_unref (markup->runs);
  if (markup->blocks)
    g_array_unref (markup->blocks);
  memset (markup, 0, sizeof *markup);
}

gboolean
markup_extract (PreparedText *prepared, AbridgeAnalyzeFlags flags, MarkupText *out,
                GError **error)
{
  memset (out, 0, sizeof *out);
  if (flags & ABRIDGE_ANALYZE_HTML) {
    if (!extract_html (prepared->text, prepared->len, out, error))
      return FALSE;
  } else if (!extract_markdown (prepared->text, prepared->len, out)) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_IO, "the Markdown parser could not be set up");
    return FALSE;
  }

  /* Compose the two maps: plain -> work (the runs) and work -> input (the prepared text's
   * shifts): a shift at every run's start and at every prepared shift inside a run. */
  GArray *shifts = g_array_new (FALSE, FALSE, sizeof (OffsetShift));
  const Run *runs = (const Run *) out->runs->data;
  gsize plain_len = strlen (out->text);
  guint next = 0; /* the first prepared shift not yet passed */
  guint prepared_count = prepared->shifts ? prepared->shifts->len : 0;
  const OffsetShift *old = prepared_count ? (const OffsetShift *) prepared->shifts->data : NULL;
  for (guint r = 0; r < out->runs->len; r++) {
    gsize plain_end = r + 1 < out->runs->len ? runs[r + 1].plain : plain_len;
    gsize work_end = runs[r].work + (plain_end - runs[r].plain);
    OffsetShift shift = { runs[r].plain,
                          (gssize) text_original_offset (prepared, runs[r].work) - (gssize) runs[r].plain };
    g_array_append_val (shifts, shift);
    while (next < prepared_count && old[next].work <= runs[r].work)
      next++;
    for (guint k = next; k < prepared_count && old[k].work < work_end; k++) {
      gsize at = runs[r].plain + (old[k].work - runs[r].work);
      OffsetShift inner = { at, (gssize) text_original_offset (prepared, old[k].work) - (gssize) at };
      g_array_append_val (shifts, inner);
    }
  }
  g_free (prepared->text);
  if (prepared->shifts)
    g_array_unref (prepared->shifts);
  prepared->text = out->text;
  prepared->len = plain_len;
  prepared->shifts = shifts;
  out->text = NULL;
  return TRUE;
}

/* The block holding work offset @at, or NULL. */
static const MarkupBlock *
block_at (const MarkupText *markup, gsize at)
{
  const MarkupBlock *blocks = (const MarkupBlock *) markup->blocks->data;
  guint lo = 0, hi = markup->blocks->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (blocks[mid].end <= at)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < markup->blocks->len && blocks[lo].start <= at ? &blocks[lo] : NULL;
}

gint
markup_mark_sentences (const MarkupText *markup, GArray *sentences, gboolean furniture)
{
  gint title = -1;
  for (guint i = 0; i < sentences->len; i++) {
    Sentence *sentence = &g_array_index (sentences, Sentence, i);
    const MarkupBlock *block = block_at (markup, sentence->start);
    if (block == NULL)
      continue;
    if (block->flags & MARKUP_HEADING)
      sentence->flags |= SENTENCE_HEADING;
    /* Mostly links: a menu, a list of related articles. */
    if (furniture && ((block->flags & MARKUP_FURNITURE) || block->link_chars * 2 > block->chars))
      sentence->flags |= SENTENCE_BOILERPLATE;
    if ((block->flags & MARKUP_TITLE) && title < 0)
      title = (gint) i;
  }
  return title;
}

/* ---- Boilerplate by wording ------------------------------------------------------------ */

/* Openings of page furniture: a paragraph of at most FURNITURE_MAX_WORDS words that starts
 * with one of these (case-folded) is furniture. */
#define FURNITURE_MAX_WORDS 20
static const char *const furniture_openings[] = {
  "related articles", "related stories", "related content", "related links", "related:",
  "read more", "read next", "more on this story", "more from", "see also", "you may also like",
  "recommended for you", "back to top", "share this", "share on", "share:", "share via",
  "follow us", "follow @", "sign up for", "sign up to", "subscribe to", "subscribe now",
  "click here", "advertisement", "skip to", "print this", "email this", "leave a comment",
  "comments (", "tags:", "filed under", "posted in", "posted by", "published:", "updated:",
  "last updated", "all rights reserved", "copyright", "\xC2\xA9", "terms of use",
  "privacy policy", "photo:", "image:", "picture:", "photograph:", "credit:", "image source",
  "image caption", "media caption", "getty images", "(photo", NULL
};

/* Within a short paragraph, these mark a credit or copyright line wherever they stand. */
static const char *const furniture_inner[] = {
  "all rights reserved", "\xC2\xA9", "/getty images", "/ getty images", "(ap photo",
  "/reuters", "/ reuters", "/afp", "/ afp", NULL
};

static const char *const cookie_context[] = {
  "we use", "uses cookies", "accept", "consent", "browsing", "continuing", "website",
  "this site", "experience", "privacy", NULL
};

static gboolean
has_any (const char *folded, const char *const *needles, gboolean at_start)
{
  for (guint i = 0; needles[i]; i++) {
    if (at_start ? folded[0] == needles[i][0] && g_str_has_prefix (folded, needles[i])
                 : strstr (folded, needles[i]) != NULL)
      return TRUE;
  }
  return FALSE;
}

/* has_any (text_casefold (@s, @n), @needles, TRUE) without folding the text when the bytes
 * compared are ASCII, which case folding only lowercases. */
static gboolean
starts_with_any_folded (const char *s, gsize n, const char *const *needles)
{
  for (guint i = 0; needles[i]; i++) {
    const char *needle = needles[i];
    gsize k = 0;
    for (; needle[k] != '\0'; k++) {
      if (k == n)
        break; /* the folded text is as short as the ASCII text */
      guchar c = (guchar) s[k];
      if (c >= 0x80 || c == '\0') {
        char *folded = text_casefold (s, (gssize) n);
        gboolean found = has_any (folded, needles, TRUE);
        g_free (folded);
        return found;
      }
      if (g_ascii_tolower (c) != needle[k])
        break;
    }
    if (needle[k] == '\0')
      return TRUE;
  }
  return FALSE;
}

/* The bytes of @x that g_ascii_isspace() accepts: '\t' '\n' '\f' '\r' ' ' (not '\v'). Most
 * blocks of text hold no control character: their spaces are the bytes up to 0x20. */
static inline guint64
ascii_spaces (guint64 x)
{
  guint64 ascii = ~x & HIGHS;
  if ((~BYTES_GE7 (x, 0x20) & ascii) == 0)
    return ~BYTES_GE7 (x, 0x21) & ascii;
  guint64 controls = BYTES_GE7 (x, 0x09) & ~BYTES_GE7 (x, 0x0E) & ~BYTES_EQUAL_EACH (x, 0x0B);
  return (controls | BYTES_EQUAL_EACH (x, 0x20)) & ascii;
}

/* Does [@s, @s+@n) hold "ookie" or "OOKIE" (cookie notices)? Found from their 'k', which is
 * rare in text, by memchr. */
static gboolean
mentions_cookies (const char *s, gsize n)
{
  static const char *const spellings[] = { "ookie", "OOKIE" };
  if (n < 5)
    return FALSE;
  for (guint v = 0; v < G_N_ELEMENTS (spellings); v++) {
    const char *word = spellings[v];
    for (const char *k = s + 2; k < s + n; k++) {
      k = memchr (k, word[2], (gsize) (s + n - k));
      if (k == NULL)
        break;
      if (k + 3 <= s + n && memcmp (k - 2, word, 5) == 0)
        return TRUE;
    }
  }
  return FALSE;
}

/* The number of words (runs of bytes that are not ASCII spaces) in [p, end), or @limit when
 * there are more: the tests below only ask whether a count is under some bound. Sixteen bytes
 * at a time (SSE2), or eight: a word starts at each byte that is not a space after one that
 * is. */
guint
markup_count_words (const char *p, const char *end, guint limit)
{
  guint words = 0;
  gboolean after_space = TRUE;
#ifdef __SSE2__
  /* Sixteen bytes at a time: the spaces of g_ascii_isspace() ('\t' '\n' '\f' '\r', 0x09 to
   * 0x0D less '\v', and ' '; bytes >= 0x80 are negative as signed, so none of them). */
  while (end - p >= 16 && words < limit) {
    __m128i v = _mm_loadu_si128 ((const __m128i *) p);
    __m128i controls = _mm_andnot_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 (0x0B)),
                                         _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 (0x08)),
                                                        _mm_cmplt_epi8 (v, _mm_set1_epi8 (0x0E))));
    guint spaces = (guint) _mm_movemask_epi8 (_mm_or_si128 (controls,
                                                            _mm_cmpeq_epi8 (v, _mm_set1_epi8 (' '))));
    guint starts = ~spaces & ((spaces << 1) | (after_space ? 1u : 0u)) & 0xFFFF;
    words += (guint) __builtin_popcount (starts);
    after_space = (spaces >> 15) != 0;
    p += 16;
  }
#endif
  while (end - p >= 8 && words < limit) {
    guint64 spaces = ascii_spaces (load8 (p));
    guint64 before = (spaces << 8) | (after_space ? 0x80 : 0);
    guint64 starts = ~spaces & HIGHS & before;
    words += (guint) (((starts >> 7) * ONES) >> 56); /* the bytes (0 or 1) added up */
    after_space = (spaces >> 63) != 0;
    p += 8;
  }
  for (; p < end && words < limit; p++) {
    gboolean space = g_ascii_isspace (*p);
    if (!space && after_space)
      words++;
    after_space = space;
  }
  return MIN (words, limit);
}

/* "By Jane Smith", "By Jane Smith and John Doe, BBC News": short, opens with "By" and a
 * capitalized name, no final period. */
static gboolean
is_byline (const char *text, guint words)
{
  if (words < 2 || words > 10 || strncmp (text, "By ", 3) != 0 || !g_ascii_isupper (text[3]))
    return FALSE;
  gsize len = strlen (text);
  return text[len - 1] != '.' || (len >= 3 && g_ascii_isupper (text[len - 2]) && text[len - 3] == ' ');
}

/* A paragraph's key: its text with whitespace folded, case-folded. (transfer full) */
static char *
paragraph_key (const char *start, const char *end)
{
  char *folded = text_fold_spaces (start, end);
  char *key = text_casefold (folded, -1);
  g_free (folded);
  return key;
}

void
boilerplate_mark (const char *text, GArray *sentences, GHashTable *known)
{
  Sentence *all = (Sentence *) sentences->data;
  for (guint first = 0; first < sentences->len;) {
    guint last = first;
    while (last + 1 < sentences->len && all[last + 1].paragraph == all[first].paragraph)
      last++;
    const char *start = text + all[first].start, *end = text + all[last].end;
    /* Counted up to 81: only whether a count is at most 80, 25, 20 or 10 matters. */
    guint words = markup_count_words (start, end, 81);
    gboolean furniture = FALSE;
    /* Only short paragraphs can be furniture by their wording; any, when a batch taught the
     * engine some: the cost of folding is paid only then. */
    if (known != NULL || words <= 25) {
      char *paragraph = text_fold_spaces (start, end);
      char *folded = text_casefold (paragraph, -1); /* paragraph_key (), folded once */
      furniture = (known != NULL && g_hash_table_contains (known, folded))
                  || (words <= FURNITURE_MAX_WORDS && has_any (folded, furniture_openings, TRUE))
                  || (words <= 25 && has_any (folded, furniture_inner, FALSE))
                  || is_byline (paragraph, words);
      g_free (folded);
      g_free (paragraph);
    }
    for (guint i = first; i <= last; i++) {
      gboolean own = FALSE;
      const char *s = text + all[i].start;
      gsize n = all[i].end - all[i].start;
      /* A credit or prompt that is one sentence of a paragraph ("The reading room. Photo:
       * Northgate Council"), a cookie notice. */
      gboolean short_one = FALSE, cookie = FALSE;
      if (!furniture && words <= 80) {
        /* A paragraph of one sentence has the paragraph's count. */
        guint sentence_words = first == last ? words
                               : markup_count_words (s, s + n, FURNITURE_MAX_WORDS + 1);
        short_one = sentence_words <= FURNITURE_MAX_WORDS;
        cookie = mentions_cookies (s, n);
      }
      if (cookie) {
        char *sentence = text_casefold (s, (gssize) n);
        own = (short_one && has_any (sentence, furniture_openings, TRUE))
              || (strstr (sentence, "cookie") != NULL && has_any (sentence, cookie_context, FALSE));
        g_free (sentence);
      } else if (short_one) {
        own = starts_with_any_folded (s, n, furniture_openings);
      }
      if (furniture || own)
        all[i].flags |= SENTENCE_BOILERPLATE;
    }
    first = last + 1;
  }
}

void
boilerplate_drop_terms (AbridgeDocument *doc)
{
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  Token *tokens = (Token *) doc->tokens->data;
  for (guint s = 0; s < doc->sentences->len; s++) {
    if (!(sentences[s].flags & SENTENCE_BOILERPLATE))
      continue;
    for (guint k = 0; k < sentences[s].token_count; k++)
      tokens[sentences[s].first_token + k].term = G_MAXUINT;
  }
}

/* ---- Furniture repeated across a batch ------------------------------------------------- */

struct _AbridgeRepeatCounter {
  GHashTable *counts;   /* paragraph key -> documents holding it */
  guint documents;
};

AbridgeRepeatCounter *
abridge_repeat_counter_new (void)
{
  AbridgeRepeatCounter *counter = g_new0 (AbridgeRepeatCounter, 1);
  counter->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return counter;
}

void
abridge_repeat_counter_free (AbridgeRepeatCounter *counter)
{
  if (counter == NULL)
    return;
  g_hash_table_unref (counter->counts);
  g_free (counter);
}

void
abridge_repeat_counter_add (AbridgeRepeatCounter *counter, const AbridgeDocument *document)
{
  g_return_if_fail (counter != NULL && document != NULL);
  const Sentence *all = (const Sentence *) document->sentences->data;
  const char *text = document->prepared.text;
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint first = 0; first < document->sentences->len;) {
    guint last = first;
    while (last + 1 < document->sentences->len && all[last + 1].paragraph == all[first].paragraph)
      last++;
    char *key = paragraph_key (text + all[first].start, text + all[last].end);
    first = last + 1;
    if (*key == '\0' || g_hash_table_contains (seen, key)) {
      g_free (key);
      continue;
    }
    g_hash_table_add (seen, key);
    guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counter->counts, key));
    g_hash_table_replace (counter->counts, g_strdup (key), GUINT_TO_POINTER (count + 1));
  }
  g_hash_table_unref (seen);
  counter->documents++;
}

guint
abridge_repeat_counter_apply (const AbridgeRepeatCounter *counter, AbridgeEngine *engine)
{
  g_return_val_if_fail (counter != NULL && engine != NULL, 0);
  guint threshold = MAX (3u, (guint) (counter->documents * 3 + 9) / 10);
  guint added = 0;
  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, counter->counts);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    if (GPOINTER_TO_UINT (value) < threshold)
      continue;
    if (engine->boilerplate == NULL)
      engine->boilerplate = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_add (engine->boilerplate, g_strdup (key));
    added++;
  }
  return added;
}
