/* segment.c — paragraphs, sentences and word tokens, as byte ranges of the working text.
 *
 * Lines are grouped into blocks (separated by blank lines). Inside a block, a line break is
 * "hard" (it ends a unit) when the line is a heading, a list item or a short line without final
 * punctuation, and "soft" (a space) in hard-wrapped prose. Within each unit, sentences end at
 * . ! ? … (and the CJK/Arabic/Devanagari stops; never at ;), after any closing quotes or
 * brackets (” ’ » and the German “ ‘ «, French « ... » with its inner space), when what follows
 * is not lowercase and the period is not part of an abbreviation of the language, an initial, a
 * number or an ordinal (German "am 3. Oktober"), and not inside a short quotation that belongs
 * to a larger sentence ("He said: “Go. Now.”"). Words: elided articles are split off in French,
 * Italian and Catalan (l'homme -> l' + homme), scripts without spaces become overlapping
 * character bigrams. Hands sentences and tokens (with kinds and case flags) to document.c. */
#include "abridge-private.h"
#include "bytes8.h"

#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A "sentence" in text without punctuation is cut at this many bytes (at a line break, else at
 * a space). */
#define MAX_SENTENCE_BYTES 2000
/* A quotation of at most this many bytes that is part of a sentence ("He said: “Go. Now.” Then
 * ...") is not split where that would leave a piece of fewer than QUOTE_FRAGMENT_WORDS words:
 * one-word exclamations ("No.", "Go.") stay with their sentence, while "It was fun." or "Why
 * not?" are sentences of the quotation. */
#define MAX_QUOTE_BYTES 600
#define QUOTE_FRAGMENT_WORDS 2
/* A unit without final punctuation and at most this many words is a heading. */
#define HEADING_MAX_WORDS 16

typedef struct {
  const char *start, *close; /* the opening quote; the closing quote (its first byte) */
  const char *end;           /* just after the closing quote */
} QuoteSpan;

typedef struct {
  const char *text;
  const char *end;
  const LanguageInfo *language;
  GHashTable *abbrevs;
  GHashTable *stopwords;
  GArray *sentences;
  GArray *tokens;
  Token *token_next;         /* where tokenize writes the next token (in room it reserved) */
  GArray *quotes;            /* QuoteSpan of the current unit */
  guint quotes_passed;       /* quotes closed before the last boundary looked at */
  guint paragraph;
  GString *scratch;
} Segmenter;

/* ---- Character helpers ----------------------------------------------------------------- */

/* Does @x hold a byte of 0x80 or above, or a byte equal to @a, @b or @c? */
static inline gboolean
word_has_high_or (guint64 x, guchar a, guchar b, guchar c)
{
  return ((x & HIGHS) | BYTES_EQUAL (x, a) | BYTES_EQUAL (x, b) | BYTES_EQUAL (x, c)) != 0;
}

/* The first byte in [p, end) that is 0x80 or above or equal to @a, @b or @c (@end if none). */
static inline const char *
skip_ascii_except (const char *p, const char *end, guchar a, guchar b, guchar c)
{
#ifdef __SSE2__
  /* 16 bytes at a time: the high bits (bytes >= 0x80) and the bytes equal to a, b or c. */
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128 ((const __m128i *) p);
    __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ((char) a)),
                                              _mm_cmpeq_epi8 (v, _mm_set1_epi8 ((char) b))),
                                _mm_cmpeq_epi8 (v, _mm_set1_epi8 ((char) c)));
    guint stop = (guint) _mm_movemask_epi8 (_mm_or_si128 (hit, v));
    if (stop)
      return p + __builtin_ctz (stop);
    p += 16;
  }
#endif
  while (end - p >= 8 && !word_has_high_or (load8 (p), a, b, c))
    p += 8;
  while (p < end && (guchar) *p < 0x80 && (guchar) *p != a && (guchar) *p != b
         && (guchar) *p != c)
    p++;
  return p;
}

/* The first line end ('\n' or '\r') in [p, end), or @end. */
static inline const char *
line_end (const char *p, const char *end)
{
#ifdef __SSE2__
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128 ((const __m128i *) p);
    guint stop = (guint) _mm_movemask_epi8 (_mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\n')),
                                                          _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\r'))));
    if (stop)
      return p + __builtin_ctz (stop);
    p += 16;
  }
#endif
  /* 8 bytes at a time while none is a line end. */
  while (end - p >= 8 && !(BYTES_EQUAL (load8 (p), '\n') | BYTES_EQUAL (load8 (p), '\r')))
    p += 8;
  while (p < end && *p != '\n' && *p != '\r')
    p++;
  return p;
}

/* Classes of the ASCII characters: the ASCII half of the predicates below, and the tests of
 * the fast paths over ASCII text, as one table lookup. A byte of 0x80 or above is in no class
 * (it is part of a multi-byte character: the predicates ask utf8proc). */
enum {
  BYTE_SPACE = 1 << 0,       /* is_space */
  BYTE_WORD = 1 << 1,        /* is_word_char: a letter or digit */
  BYTE_UPPER = 1 << 2,       /* is_upper */
  BYTE_LOWER = 1 << 3,       /* a letter that is not upper case */
  BYTE_LETTER = BYTE_UPPER | BYTE_LOWER, /* is_letter */
  BYTE_DIGIT = 1 << 4,       /* is_digit */
  BYTE_OPENER = 1 << 5,      /* is_opener */
  BYTE_JOINER = 1 << 6,      /* may join the parts of a word (tokenize): ' " - _ . , & % */
  BYTE_URL = 1 << 7          /* starts "http://", "https://", "ftp://" or "www.": h f w H F W */
};

#define ASCII_CLASS(b) \
  (((b) == ' ' || (b) == '\t' || (b) == '\n' || (b) == '\r' || (b) == '\f' || (b) == '\v' \
    ? BYTE_SPACE : 0) \
   | ((b) >= 'A' && (b) <= 'Z' ? BYTE_WORD | BYTE_UPPER : 0) \
   | ((b) >= 'a' && (b) <= 'z' ? BYTE_WORD | BYTE_LOWER : 0) \
   | ((b) >= '0' && (b) <= '9' ? BYTE_WORD | BYTE_DIGIT : 0) \
   | ((b) == '"' || (b) == '\'' || (b) == '(' || (b) == '[' || (b) == '{' ? BYTE_OPENER : 0) \
   | ((b) == '\'' || (b) == '"' || (b) == '-' || (b) == '_' || (b) == '.' || (b) == ',' \
      || (b) == '&' || (b) == '%' ? BYTE_JOINER : 0) \
   | ((b) == 'h' || (b) == 'f' || (b) == 'w' || (b) == 'H' || (b) == 'F' || (b) == 'W' \
      ? BYTE_URL : 0))
#define ASCII_CLASS_4(b) ASCII_CLASS (b), ASCII_CLASS ((b) + 1), ASCII_CLASS ((b) + 2), \
                         ASCII_CLASS ((b) + 3)
#define ASCII_CLASS_16(b) ASCII_CLASS_4 (b), ASCII_CLASS_4 ((b) + 4), ASCII_CLASS_4 ((b) + 8), \
                          ASCII_CLASS_4 ((b) + 12)

static const guint8 byte_class[256] = {
  ASCII_CLASS_16 (0x00), ASCII_CLASS_16 (0x10), ASCII_CLASS_16 (0x20), ASCII_CLASS_16 (0x30),
  ASCII_CLASS_16 (0x40), ASCII_CLASS_16 (0x50), ASCII_CLASS_16 (0x60), ASCII_CLASS_16 (0x70)
};

static utf8proc_int32_t
char_at (const char *p, const char *end, int *size)
{
  if (p >= end) {
    *size = 0;
    return -1;
  }
  if ((guchar) *p < 0x80) {
    *size = 1;
    return (guchar) *p;
  }
  utf8proc_int32_t c = -1;
  utf8proc_ssize_t n = utf8proc_iterate ((const utf8proc_uint8_t *) p, end - p, &c);
  *size = n > 0 ? (int) n : 1;
  return c;
}

static gboolean
is_cjk (utf8proc_int32_t c)
{
  if (c < 0x0E00)
    return FALSE; /* below all of them: ASCII and the alphabets at once */
  return (c >= 0x3040 && c <= 0x30FF)       /* Hiragana, Katakana */
         || (c >= 0x3400 && c <= 0x4DBF)    /* CJK extension A */
         || (c >= 0x4E00 && c <= 0x9FFF)    /* CJK unified ideographs */
         || (c >= 0xF900 && c <= 0xFAFF)    /* compatibility ideographs */
         || (c >= 0x0E00 && c <= 0x0E7F)    /* Thai */
         || (c >= 0x20000 && c <= 0x2FA1F);
}

static gboolean
is_word_char (utf8proc_int32_t c)
{
  if (c < 0)
    return FALSE;
  if (c < 0x80)
    return (byte_class[c] & BYTE_WORD) != 0;
  switch (utf8proc_category (c)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    return TRUE;
  default:
    return FALSE;
  }
}

static gboolean
is_hebrew (utf8proc_int32_t c)
{
  return c >= 0x05D0 && c <= 0x05EA;
}

static gboolean
is_letter (utf8proc_int32_t c)
{
  if (c < 0x80)
    return c >= 0 && (byte_class[c] & BYTE_LETTER) != 0;
  utf8proc_category_t cat = utf8proc_category (c);
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static gboolean
is_digit (utf8proc_int32_t c)
{
  if (c < 0x80)
    return c >= 0 && (byte_class[c] & BYTE_DIGIT) != 0;
  return utf8proc_category (c) == UTF8PROC_CATEGORY_ND;
}

static gboolean
is_upper (utf8proc_int32_t c)
{
  if (c < 0x80)
    return c >= 0 && (byte_class[c] & BYTE_UPPER) != 0;
  utf8proc_category_t cat = utf8proc_category (c);
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static gboolean
is_space (utf8proc_int32_t c)
{
  if (c < 0x80)
    return c >= 0 && (byte_class[c] & BYTE_SPACE) != 0;
  return c == 0xA0 || c == 0x2028 || c == 0x2029 || c == 0x3000 || c == 0x202F
         || (c >= 0x2000 && c <= 0x200A);
}

/* Sentence-final marks. *fullwidth is set for stops that need no following space. */
static gboolean
is_terminal (utf8proc_int32_t c, gboolean *fullwidth)
{
  *fullwidth = FALSE;
  switch (c) {
  case '.': case '!': case '?': case 0x2026: /* … */
  case 0x203C: case 0x2047: case 0x2048: case 0x2049: /* ‼ ⁇ ⁈ ⁉ */
  case 0x061F: /* Arabic question mark */
  case 0x06D4: /* Arabic full stop */
  case 0x0964: case 0x0965: /* Devanagari danda */
    return TRUE;
  case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF0E: case 0xFF61: /* 。！？．｡ */
    *fullwidth = TRUE;
    return TRUE;
  default:
    return FALSE;
  }
}

static gboolean
is_closer (utf8proc_int32_t c)
{
  switch (c) {
  case '"': case '\'': case ')': case ']': case '}':
  case 0x201D: case 0x2019: case 0x00BB: case 0x203A: /* ” ’ » › */
  case 0x300D: case 0x300F: case 0xFF09: case 0x3011: /* 」 』 ） 】 */
    return TRUE;
  default:
    return FALSE;
  }
}

static gboolean
is_opener (utf8proc_int32_t c)
{
  if (c < 0x80)
    return c >= 0 && (byte_class[c] & BYTE_OPENER) != 0; /* " ' ( [ { */
  switch (c) {
  case 0x201C: case 0x2018: case 0x00AB: case 0x2039: case 0x201E: /* “ ‘ « ‹ „ */
  case 0x300C: case 0x300E: case 0xFF08: case 0x3010:
  case 0x00BF: case 0x00A1: /* ¿ ¡ */
    return TRUE;
  default:
    return FALSE;
  }
}

/* ---- Lines and blocks ------------------------------------------------------------------ */

typedef struct {
  const char *start, *end;   /* without the line break */
  gboolean continues;        /* the sentence goes on in the next line, past blank lines */
} Line;

/* The start of the character that ends at @p, as g_utf8_find_prev_char (@start, @p), at once
 * after ASCII. */
static inline const char *
prev_char (const char *start, const char *p)
{
  if (p > start && (guchar) p[-1] < 0x80)
    return p - 1;
  return g_utf8_find_prev_char (start, p);
}

static const char *
trim_left (const char *p, const char *end)
{
  int size;
  while (p < end && is_space (char_at (p, end, &size)))
    p += size;
  return p;
}

static const char *
trim_right (const char *start, const char *p)
{
  while (p > start) {
    const char *q = prev_char (start, p);
    if (q == NULL)
      q = p - 1;
    int size;
    if (!is_space (char_at (q, p, &size)))
      break;
    p = q;
  }
  return p;
}

static gboolean
starts_list_item (const char *p, const char *end)
{
  p = trim_left (p, end);
  if (p >= end)
    return FALSE;
  int size;
  utf8proc_int32_t c = char_at (p, end, &size);
  if ((c == '-' || c == '*' || c == '+' || c == 0x2022 || c == 0x2013 || c == 0x25E6)
      && p + size < end && (p[size] == ' ' || p[size] == '\t'))
    return TRUE;
  const char *q = p;
  while (q < end && q - p < 3 && g_ascii_isdigit (*q))
    q++;
  if (q > p && q + 1 < end && (*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\t'))
    return TRUE;
  return FALSE;
}

/* The last visible character of [start, end), skipping closing quotes and brackets. */
static utf8proc_int32_t
last_significant (const char *start, const char *end)
{
  const char *p = trim_right (start, end);
  while (p > start) {
    const char *q = prev_char (start, p);
    if (q == NULL)
      q = p - 1;
    int size;
    utf8proc_int32_t c = char_at (q, p, &size);
    if (!is_closer (c))
      return c;
    p = q;
  }
  return -1;
}

static gboolean
ends_with_terminal (const char *start, const char *end)
{
  gboolean fullwidth;
  return is_terminal (last_significant (start, end), &fullwidth);
}

/* Does the line [start, end) stop in the middle of a sentence that the next line, starting at
 * @next, goes on with? It ends with a comma, or the next line starts with a comma or a word
 * in lower case ("At the same meeting," / "finished third in 7.27 seconds": a line broken
 * where a link or an image was), and this line has no final punctuation or colon, and the
 * next is no list item. "eBay" or "iPhone" (capitals inside) do not count as lower case. */
static gboolean
line_continues (const char *start, const char *end, const char *next, const char *next_end)
{
  const char *last = trim_right (start, end);
  next = trim_left (next, next_end);
  if (last == start || next >= next_end)
    return FALSE;
  /* The cheap tests first: most lines end with a period and most lines start uppercase. */
  gboolean comma_end = last[-1] == ',';
  gboolean lower = FALSE;
  if (!comma_end && *next != ',' && *next != ';') {
    int size;
    for (const char *p = next; p < next_end; p += size) {
      utf8proc_int32_t c = char_at (p, next_end, &size);
      if (!is_letter (c))
        break;
      if (!text_is_lower_start (p, next_end))
        return FALSE;
      lower = TRUE;
    }
    if (!lower)
      return FALSE;
  }
  if (starts_list_item (next, next_end))
    return FALSE;
  if (comma_end)
    return TRUE;
  return last[-1] != ':' && !ends_with_terminal (start, last);
}

/* ---- Tokens ---------------------------------------------------------------------------- */

static gboolean
ascii_prefix (const char *p, const char *end, const char *prefix)
{
  gsize n = strlen (prefix);
  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

/* Trims trailing punctuation that belongs to the sentence, not to a URL or address. */
static const char *
trim_url_tail (const char *start, const char *p)
{
  while (p > start && strchr (".,;:!?)]}\"'>", p[-1]) != NULL)
    p--;
  /* A closing typographic quote. */
  while (p - start >= 3 && (guchar) p[-3] == 0xE2 && (guchar) p[-2] == 0x80
         && ((guchar) p[-1] == 0x9D || (guchar) p[-1] == 0x99))
    p -= 3;
  return p;
}

/* The end of the chunk (the run of characters other than spaces) that starts at @p. */
static const char *
chunk_end (const char *p, const char *end)
{
  int size;
  for (;;) {
    /* ASCII that is not a space, in a tight loop. */
    while (p < end && (guchar) *p < 0x80 && !(byte_class[(guchar) *p] & BYTE_SPACE))
      p++;
    if (p >= end || is_space (char_at (p, end, &size)))
      return p;
    p += size;
  }
}

/* If a URL, e-mail address or @handle starts at @p, returns its end; else NULL. @at is the
 * first '@' at or after @p, or NULL: without one in the chunk that starts at @p, neither an
 * address nor a handle can start there. The tests below stop at a space themselves, so only a
 * URL needs the chunk's end. */
static const char *
match_special (const char *p, const char *end, const char *at)
{
  /* The first two letters rule out most words before any string compare: h, f or w, then t or
   * w. ((x | 0x20) is a letter's lower case, and equal to one only for that letter.) */
  if ((byte_class[(guchar) *p] & BYTE_URL) && end - p >= 2
      && ((p[1] | 0x20) == 't' || (p[1] | 0x20) == 'w')
      && (ascii_prefix (p, end, "http://") || ascii_prefix (p, end, "https://")
          || ascii_prefix (p, end, "ftp://") || ascii_prefix (p, end, "www."))) {
    const char *e = trim_url_tail (p, chunk_end (p, end));
    return e > p + 4 ? e : NULL;
  }
  if (at == NULL)
    return NULL;
  if (at == p) {
    const char *q = p + 1;
    while (q < end && (g_ascii_isalnum (*q) || *q == '_'))
      q++;
    return q - p >= 2 ? q : NULL;
  }
  /* local@domain.tld: the local part runs up to the first '@', in the chunk (a space is no
   * local part character). */
  for (const char *q = p; q < at; q++)
    if (!(g_ascii_isalnum (*q) || strchr ("._%+-", *q)))
      return NULL;
  const char *q = at + 1;
  gboolean dot = FALSE;
  while (q < end && (g_ascii_isalnum (*q) || *q == '.' || *q == '-')) {
    if (*q == '.' && q + 1 < end && g_ascii_isalpha (q[1]))
      dot = TRUE;
    q++;
  }
  if (!dot || q == at + 1)
    return NULL;
  return trim_url_tail (p, q);
}

/* Is [start, p) a run of single letters separated by periods ("U", "U.S", "e.g")? */
static gboolean
is_acronym_prefix (const char *start, const char *p)
{
  gsize n = (gsize) (p - start);
  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++) {
    gboolean letter_pos = (i % 2) == 0;
    if (letter_pos ? !g_ascii_isalpha (start[i]) : start[i] != '.')
      return FALSE;
  }
  return (n % 2) == 1;
}

/* Appends the token [start, end) with @kind and @flags (TOKEN_JOINED added here) and returns
 * it. */
static inline Token *
append_token (Segmenter *s, const char *start, const char *end, TokenKind kind, guint8 flags,
              const char *previous_end)
{
  if (previous_end != NULL) {
    gboolean joined = TRUE;
    int size;
    for (const char *p = previous_end; p < start; p += size)
      if (!is_space (char_at (p, start, &size))) {
        joined = FALSE;
        break;
      }
    if (joined)
      flags |= TOKEN_JOINED;
  }
  Token *token = s->token_next++;
  *token = (Token) { .start = (guint) (start - s->text), .end = (guint) (end - s->text),
                     .term = G_MAXUINT, .kind = (guint8) kind, .flags = flags };
  return token;
}

/* The kind of a word with @letters letters, @upper of them capitals: a number without letters;
 * adds TOKEN_ALL_CAPS to @flags for two capitals or more and no other letter. */
static inline TokenKind
word_kind (guint letters, guint upper, guint8 *flags)
{
  if (letters == 0)
    return TOKEN_NUMBER;
  if (letters >= 2 && upper == letters)
    *flags |= TOKEN_ALL_CAPS;
  return TOKEN_WORD;
}

/* Appends the token [start, end) and returns it; @kind TOKEN_WORD may become TOKEN_NUMBER. */
static Token *
emit_token (Segmenter *s, const char *start, const char *end, TokenKind kind,
            const char *previous_end)
{
  guint8 flags = 0;
  if (kind == TOKEN_WORD) {
    int size;
    utf8proc_int32_t c = char_at (start, end, &size);
    if (is_upper (c))
      flags |= TOKEN_CAPITALIZED;
    guint letters = 0, upper = 0;
    const char *p = start;
    for (; p < end && (guchar) *p < 0x80; p++) {
      /* Its ASCII start from the table, without branches; the rest by code point. */
      letters += (byte_class[(guchar) *p] & BYTE_LETTER) != 0;
      upper += (byte_class[(guchar) *p] & BYTE_UPPER) != 0;
    }
    for (; p < end; p += size) {
      c = char_at (p, end, &size);
      if (is_letter (c)) {
        letters++;
        if (is_upper (c))
          upper++;
      }
    }
    kind = word_kind (letters, upper, &flags);
  }
  return append_token (s, start, end, kind, flags, previous_end);
}

/* The end of the run of ASCII letters and digits at @p, found in one pass that also notes
 * the classes of its bytes in *seen. */
static inline const char *
ascii_run_end (const char *p, const char *end, guint8 *seen)
{
  *seen = 0;
#ifdef __SSE2__
  /* 16 bytes at a time: which are digits, capitals, small letters; the run ends at the first
   * byte that is none of them (bytes >= 0x80 are negative as signed, so none of them). */
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128 ((const __m128i *) p);
    __m128i folded = _mm_or_si128 (v, _mm_set1_epi8 (0x20));
    __m128i letter = _mm_and_si128 (_mm_cmpgt_epi8 (folded, _mm_set1_epi8 ('a' - 1)),
                                    _mm_cmplt_epi8 (folded, _mm_set1_epi8 ('z' + 1)));
    __m128i digit = _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('0' - 1)),
                                   _mm_cmplt_epi8 (v, _mm_set1_epi8 ('9' + 1)));
    guint letters = (guint) _mm_movemask_epi8 (letter);
    guint digits = (guint) _mm_movemask_epi8 (digit);
    guint small = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, folded)) & letters;
    guint stop = ~(letters | digits) & 0xFFFF;
    guint run = stop ? (guint) __builtin_ctz (stop) : 16;
    guint in_run = (1u << run) - 1;
    *seen |= ((digits & in_run) ? BYTE_WORD | BYTE_DIGIT : 0)
             | ((small & in_run) ? BYTE_WORD | BYTE_LOWER : 0)
             | ((letters & ~small & in_run) ? BYTE_WORD | BYTE_UPPER : 0);
    p += run;
    if (stop)
      return p;
  }
#endif
  while (p < end && (byte_class[(guchar) *p] & BYTE_WORD))
    *seen |= byte_class[(guchar) *p++];
  return p;
}

/* Does the byte at @p join nothing on to the word before it (a space, mostly)? */
static inline gboolean
joins_nothing (const char *p, const char *end)
{
  return p == end || ((guchar) *p < 0x80 && !(byte_class[(guchar) *p] & BYTE_JOINER));
}

/* Appends the word [p, q), a run of ASCII letters and digits whose bytes have the classes
 * @seen, as emit_token would. */
static inline void
append_ascii_word (Segmenter *s, const char *p, const char *q, guint8 seen,
                   const char *previous_end)
{
  guint8 flags = (byte_class[(guchar) *p] & BYTE_UPPER) ? TOKEN_CAPITALIZED : 0;
  TokenKind kind = TOKEN_WORD;
  if (!(seen & BYTE_LETTER)) {
    kind = TOKEN_NUMBER;
  } else if (!(seen & BYTE_LOWER)) {
    /* Its letters are all capitals. */
    guint upper = 0;
    for (const char *u = p; u < q; u++)
      upper += (byte_class[(guchar) *u] & BYTE_UPPER) != 0;
    kind = word_kind (upper, upper, &flags);
  }
  append_token (s, p, q, kind, flags, previous_end);
}

/* Tokenizes [p, end) (one sentence). */
static void
tokenize (Segmenter *s, const char *p, const char *end)
{
  const char *previous_end = NULL;
  gboolean chunk_start = TRUE;
  /* The first '@' at or after the chunk: without one, no address or handle is to be found. */
  const char *at = memchr (p, '@', (gsize) (end - p));
  int size;

  /* The tokens are written in place, in room for one per byte: each starts after the one
   * before it. */
  guint first = s->tokens->len;
  g_array_set_size (s->tokens, first + (guint) (end - p));
  s->token_next = &g_array_index (s->tokens, Token, first);

  while (p < end) {
    utf8proc_int32_t c = char_at (p, end, &size);
    if (is_space (c)) {
      chunk_start = TRUE;
      p += size;
      continue;
    }
    if (chunk_start) {
      const char *q = p;
      int osize;
      if (c >= 0x80 || (byte_class[c] & BYTE_OPENER)) /* not for ASCII other than " ' ( [ { */
        while (q < end && is_opener (char_at (q, end, &osize)))
          q += osize;
      if (at != NULL && at < q)
        at = memchr (q, '@', (gsize) (end - q));
      const char *special = q < end ? match_special (q, end, at) : NULL;
      if (special != NULL) {
        emit_token (s, q, special, TOKEN_URL, previous_end);
        previous_end = special;
        p = special;
        chunk_start = FALSE;
        continue;
      }
    }
    chunk_start = FALSE;

    if (!is_word_char (c)) {
      p += size;
      continue;
    }

    if (is_cjk (c)) {
      /* Scripts without spaces: overlapping character bigrams, as Lucene's CJKBigramFilter
       * ("东京是" -> 东京, 京是); a character alone between punctuation is a unigram. */
      const char *chars[3] = { p, p + size, NULL };
      int csize;
      if (!is_cjk (char_at (chars[1], end, &csize))) {
        emit_token (s, p, chars[1], TOKEN_WORD, previous_end);
        previous_end = p = chars[1];
        continue;
      }
      while (chars[1] < end && is_cjk (char_at (chars[1], end, &csize))) {
        chars[2] = chars[1] + csize;
        emit_token (s, chars[0], chars[2], TOKEN_WORD, previous_end)->flags |= TOKEN_BIGRAM;
        previous_end = chars[2];
        chars[0] = chars[1];
        chars[1] = chars[2];
      }
      p = chars[1];
      continue;
    }

    /* A word that starts with an ASCII run: if nothing joins on to the run, it is the word. */
    guint8 seen = 0;
    const char *run_end = c < 0x80 ? ascii_run_end (p, end, &seen) : NULL;
    if (run_end != NULL && joins_nothing (run_end, end)) {
      append_ascii_word (s, p, run_end, seen, previous_end);
      previous_end = p = run_end;
      /* Running ASCII prose: while one space and a letter or digit that starts no URL follow,
       * and no '@' is ahead for an address, the next word at once (the loop would go by the
       * space to a chunk start that holds no special token, and find that word). */
      while (at == NULL && end - p >= 2 && *p == ' '
             && (byte_class[(guchar) p[1]] & (BYTE_WORD | BYTE_URL)) == BYTE_WORD) {
        run_end = ascii_run_end (p + 1, end, &seen);
        if (!joins_nothing (run_end, end)) {
          p++; /* that word is for the general case */
          chunk_start = TRUE;
          break;
        }
        append_ascii_word (s, p + 1, run_end, seen, previous_end);
        previous_end = p = run_end;
      }
      continue;
    }

    const char *start = p;
    utf8proc_int32_t prev = c;
    gboolean elided = FALSE;
    if (run_end != NULL) {
      prev = (guchar) run_end[-1]; /* the ASCII run goes by at once, as below */
      p = run_end;
    } else {
      p += size;
    }
    while (p < end) {
      if ((guchar) *p < 0x80 && g_ascii_isalnum (*p)) {
        prev = (guchar) *p++; /* an ASCII letter or digit: a word character, not CJK */
        continue;
      }
      if ((guchar) *p < 0x80 && !(byte_class[(guchar) *p] & BYTE_JOINER))
        break; /* ASCII that is no word character and joins nothing (a space, mostly) */
      int csize;
      utf8proc_int32_t ch = char_at (p, end, &csize);
      if (is_word_char (ch) && !is_cjk (ch)) {
        prev = ch;
        p += csize;
        continue;
      }
      int nsize;
      utf8proc_int32_t next = char_at (p + csize, end, &nsize);
      gboolean join = FALSE;
      if (ch == '\'' || ch == 0x2019 || ch == 0x02BC) {
        join = is_letter (prev) && is_letter (next);
        if (join && lang_is_elision (s->language, start, (gsize) (p - start))) {
          /* l'homme -> l' + homme; dell'anno -> dell' + anno. */
          p += csize;
          elided = TRUE;
          break;
        }
      } else if ((ch == '"' || ch == 0x05F4) && is_hebrew (prev) && is_hebrew (next))
        join = TRUE; /* Hebrew acronyms written with gershayim: צה"ל */
      else if (ch == '-' || ch == 0x2010 || ch == 0x2011)
        join = is_word_char (prev) && is_word_char (next) && !is_cjk (next);
      else if (ch == '_')
        join = is_word_char (prev) && is_word_char (next);
      else if (ch == '.') {
        if (is_digit (prev) && is_digit (next))
          join = TRUE;
        else if (is_acronym_prefix (start, p) && next < 0x80 && g_ascii_isalpha (next)
                 && p + 2 < end && p[2] == '.') {
          join = TRUE;
        } else if (is_acronym_prefix (start, p) && p - start >= 3) {
          /* The final period of "U.S." belongs to the token. */
          p += 1;
          break;
        }
      } else if (ch == ',') {
        join = is_digit (prev) && end - p > 3 && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
               && g_ascii_isdigit (p[3]) && (end - p == 4 || !g_ascii_isalnum (p[4]));
      } else if (ch == '&') {
        join = is_upper (prev) && is_upper (next);
      } else if (ch == '%' && is_digit (prev)) {
        p += 1;
        break;
      }
      if (!join)
        break;
      prev = next;
      p += csize + nsize;
    }
    if (p == run_end) {
      append_ascii_word (s, start, p, seen, previous_end); /* nothing joined on after all */
    } else {
      Token *token = emit_token (s, start, p, TOKEN_WORD, previous_end);
      if (elided)
        token->flags |= TOKEN_ELIDED;
    }
    previous_end = p;
  }
  g_array_set_size (s->tokens, (guint) (s->token_next - &g_array_index (s->tokens, Token, 0)));
}

/* ---- Sentences ------------------------------------------------------------------------- */

static gboolean
is_stopword_at (Segmenter *s, const char *p, const char *end)
{
  int size;
  while (p < end && is_opener (char_at (p, end, &size)))
    p += size;
  const char *q = p;
  while (q < end) {
    utf8proc_int32_t c = char_at (q, end, &size);
    if (!is_letter (c) && c != '\'')
      break;
    q += size;
  }
  if (q == p)
    return FALSE;
  g_string_truncate (s->scratch, 0);
  text_normalize_token (p, (gsize) (q - p), s->scratch);
  return g_hash_table_contains (s->stopwords, s->scratch->str);
}

/* The end of the word that starts at @p: letters, digits and apostrophes. */
static const char *
word_end (const char *p, const char *end)
{
  int size;
  while (p < end) {
    utf8proc_int32_t c = char_at (p, end, &size);
    if (!is_word_char (c) && c != '\'' && c != 0x2019)
      break;
    p += size;
  }
  return p;
}

/* Is [p, end) a word of two or more letters, all of them capitals ("SEC", "MS"), without
 * periods inside? */
static gboolean
is_capitals_word (const char *p, const char *end)
{
  int size;
  guint letters = 0;
  for (; p < end; p += size) {
    utf8proc_int32_t c = char_at (p, end, &size);
    if (is_letter (c)) {
      if (!is_upper (c))
        return FALSE;
      letters++;
    } else if (!is_digit (c)) {
      return FALSE;
    }
  }
  return letters >= 2;
}

/* Decides whether the single period at @dot ends the sentence, given the next word at @next. */
static gboolean
period_ends_sentence (Segmenter *s, const char *unit_start, const char *dot, const char *next,
                      const char *end)
{
  const char *w = dot;
  int size;
  while (w > unit_start) {
    const char *q = prev_char (unit_start, w);
    if (q == NULL || is_space (char_at (q, dot, &size)))
      break;
    w = q;
  }
  while (w < dot && is_opener (char_at (w, dot, &size)))
    w += size;
  if (w == dot)
    return TRUE;

  /* A list marker at the start of a unit ("1. Measure the water."). */
  if (w == trim_left (unit_start, dot) && dot - w <= 3) {
    gboolean digits = TRUE;
    for (const char *d = w; d < dot; d++)
      digits &= g_ascii_isdigit (*d) != 0;
    if (digits)
      return FALSE;
  }

  /* An ordinal where they are written with a period ("am 3. Oktober", "den 5. maj"): an end
   * only before a stop word ("... im Jahr 1990. Die Mauer"); years (4 digits) are numbers. */
  if ((s->language->flags & LANGUAGE_ORDINAL_PERIOD) && dot - w <= 3) {
    gboolean digits = TRUE;
    for (const char *d = w; d < dot; d++)
      digits &= g_ascii_isdigit (*d) != 0;
    if (digits && text_is_upper_start (next, end))
      return is_stopword_at (s, next, end);
  }

  /* An initial: one uppercase letter ("J. K. Rowling"), unless a stop word follows: a name
   * goes on with a name, while "World War I. But ..." and "Malcolm X. He ..." end. */
  utf8proc_int32_t first = char_at (w, dot, &size);
  if (w + size == dot && is_upper (first))
    return is_stopword_at (s, next, end);

  g_string_truncate (s->scratch, 0);
  text_normalize_token (w, (gsize) (dot - w), s->scratch);
  gpointer kind_ptr = NULL;
  AbbrevKind kind = ABBREV_NONE;
  if (g_hash_table_lookup_extended (s->abbrevs, s->scratch->str, NULL, &kind_ptr)) {
    kind = GPOINTER_TO_INT (kind_ptr);
    /* A word in capitals before a capitalized word of running text is an acronym, not an
     * abbreviation that happens to be spelled alike ("the SEC. Companies", "patients with
     * MS. Final"; but "Ms. Jones" and "DR. SMITH" in a line of capitals are abbreviations). */
    const char *next_word = next;
    int osize;
    while (next_word < end && is_opener (char_at (next_word, end, &osize)))
      next_word += osize;
    if (is_capitals_word (w, dot) && text_is_upper_start (next_word, end)
        && !is_capitals_word (next_word, word_end (next_word, end)))
      kind = ABBREV_NONE;
  } else if (is_acronym_prefix (w, dot) && dot - w >= 3)
    kind = ABBREV_MAY_END;
  else if (w + size == dot && is_letter (first))
    kind = ABBREV_INNER; /* one lowercase letter: "z. B.", "т. е.", "p. ex." */

  switch (kind) {
  case ABBREV_INNER:
    return FALSE;
  case ABBREV_MAY_END:
    /* "... in the U.S. The next" ends; "U.S. President" does not. */
    return is_stopword_at (s, next, end);
  case ABBREV_NONE:
  default:
    return TRUE;
  }
}

static guint
count_tokens_words (Segmenter *s, guint first)
{
  return s->tokens->len - first;
}

static void
add_sentence (Segmenter *s, const char *start, const char *end, gboolean unit_end,
              gboolean *paragraph_start)
{
  start = trim_left (start, end);
  end = trim_right (start, end);
  if (start >= end)
    return;

  /* Runaway "sentences" (no punctuation) are cut at the last line break before the bound,
   * else at the last space, else at the bound (a character boundary). */
  while (end - start > MAX_SENTENCE_BYTES) {
    const char *limit = start + MAX_SENTENCE_BYTES;
    while (limit > start && (*limit & 0xC0) == 0x80)
      limit--;
    const char *cut = NULL;
    for (const char *q = limit; q > start + MAX_SENTENCE_BYTES / 4 && cut == NULL; q--)
      if (*q == '\n' || *q == '\r')
        cut = q;
    for (const char *q = limit; q > start + MAX_SENTENCE_BYTES / 2 && cut == NULL; q--)
      if (*q == ' ' || *q == '\t')
        cut = q;
    if (cut == NULL)
      cut = limit;
    add_sentence (s, start, cut, FALSE, paragraph_start);
    start = trim_left (cut, end);
  }

  Sentence sentence = { 0 };
  sentence.start = (guint) (start - s->text);
  sentence.end = (guint) (end - s->text);
  sentence.paragraph = s->paragraph;
  sentence.first_token = s->tokens->len;
  if (*paragraph_start)
    sentence.flags |= SENTENCE_PARAGRAPH_START;
  *paragraph_start = FALSE;
  tokenize (s, start, end);
  sentence.token_count = count_tokens_words (s, sentence.first_token);
  if (unit_end && !ends_with_terminal (start, end) && sentence.token_count <= HEADING_MAX_WORDS)
    sentence.flags |= SENTENCE_HEADING;
  g_array_append_val (s->sentences, sentence);
}

/* ---- Quotations ----------------------------------------------------------------------- */

/* The closing quote that matches the opening quote @c at @p, or -1 when @c does not open a
 * quotation there. Guillemets open both ways (« » in French, » « in German and Danish): » and ›
 * open only before a word. */
static utf8proc_int32_t
quote_closer_for (utf8proc_int32_t c, const char *p, const char *end, gboolean after_space)
{
  int size;
  switch (c) {
  case 0x201C: return 0x201D;                 /* “ ” */
  case 0x201E: return 0x201C;                 /* „ “ (or ”, see find_quote_close) */
  case 0x00AB: return 0x00BB;                 /* « » */
  case 0x2039: return 0x203A;                 /* ‹ › */
  case 0x300C: return 0x300D;                 /* 「 」 */
  case 0x300E: return 0x300F;                 /* 『 』 */
  case '"':
    return after_space ? '"' : -1;
  case 0x00BB: case 0x203A: {                 /* »...« */
    utf8proc_int32_t next = char_at (p + (c == 0x00BB ? 2 : 3), end, &size);
    if (!after_space || !is_word_char (next))
      return -1;
    return c == 0x00BB ? 0x00AB : 0x2039;
  }
  default:
    return -1;
  }
}

/* Finds the quotations of the unit [start, end): each opening quote with its closing quote. */
static void
find_quotes (Segmenter *s, const char *start, const char *end)
{
  g_array_set_size (s->quotes, 0);
  s->quotes_passed = 0;
  gboolean after_space = TRUE;
  const char *p = start;
  int size;
  while (p < end) {
    if ((guchar) *p < 0x80 && *p != '"') {
      /* A run of ASCII without '"' opens no quotation: it goes by at once, and its last byte
       * decides after_space (as below). */
      const char *q = skip_ascii_except (p + 1, end, '"', '"', '"');
      utf8proc_int32_t last = (guchar) q[-1];
      after_space = is_space (last) || is_opener (last) || last == '-' || last == ':';
      p = q;
      continue;
    }
    utf8proc_int32_t c = char_at (p, end, &size);
    utf8proc_int32_t closer = quote_closer_for (c, p, end, after_space);
    after_space = is_space (c) || is_opener (c) || c == '-' || c == 0x2014 || c == 0x2013
                  || c == ':';
    if (closer < 0) {
      p += size;
      continue;
    }
    /* The closing quote; the same opening quote again first means that this one is left open
     * (a quotation that goes on in the next paragraph opens it again: “... “...”). */
    const char *q = p + size;
    const char *limit = end - p > MAX_QUOTE_BYTES ? p + MAX_QUOTE_BYTES + 1 : end;
    gboolean space_before = FALSE;
    while (q < limit) {
      if ((guchar) *q < 0x80 && *q != '"') {
        /* ASCII other than '"' neither reopens nor closes a quotation: a run of it goes by at
         * once, and its last byte decides space_before (as below). */
        q = skip_ascii_except (q + 1, limit, '"', '"', '"');
        space_before = is_space ((guchar) q[-1]);
        continue;
      }
      int qsize;
      utf8proc_int32_t d = char_at (q, end, &qsize);
      gboolean reopens = d == c && (c != '"' || (space_before && q + qsize < end
                                                  && !is_space (char_at (q + qsize, end, &size))));
      if (reopens)
        break;
      if (d == closer || (c == 0x201E && d == 0x201D)) {
        QuoteSpan span = { p, q, q + qsize };
        g_array_append_val (s->quotes, span);
        break;
      }
      space_before = is_space (d);
      q += qsize;
    }
    if (s->quotes->len > 0 && g_array_index (s->quotes, QuoteSpan, s->quotes->len - 1).start == p) {
      p = g_array_index (s->quotes, QuoteSpan, s->quotes->len - 1).end;
      after_space = FALSE;
    } else {
      p += size;
    }
  }
}

/* Does a quotation found by find_quotes close at @p (its closing quote's first byte)? The
 * quotations of a unit come in order and do not overlap, so their closing quotes are sorted. */
static gboolean
quotation_closes_at (Segmenter *s, const char *p)
{
  guint lo = 0, hi = s->quotes->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    const char *close = g_array_index (s->quotes, QuoteSpan, mid).close;
    if (close == p)
      return TRUE;
    if (close < p)
      lo = mid + 1;
    else
      hi = mid;
  }
  return FALSE;
}

/* Words in [p, end). */
static guint
count_words (const char *p, const char *end)
{
  guint words = 0;
  gboolean in_word = FALSE;
  int size;
  for (; p < end; p += size) {
    gboolean w = is_word_char (char_at (p, end, &size));
    words += w && !in_word;
    in_word = w;
  }
  return words;
}

/* Is @boundary (a sentence end found at @terminal) inside a quotation that is part of a
 * larger sentence, where splitting would leave a fragment: the quotation is introduced by
 * text of the sentence that started at @sentence_start ("He said: “Go. Now.”") or followed by
 * more of it (“No. We won't,” she said.), and the part of it before or after the boundary has
 * fewer than QUOTE_FRAGMENT_WORDS words. A quotation that is a run of sentences on its own,
 * and longer sentences inside any quotation, are split as usual. */
static gboolean
inside_embedded_quote (Segmenter *s, const char *sentence_start, const char *terminal,
                       const char *boundary, const char *unit_end)
{
  /* The quotes do not overlap and the boundaries of a unit come in order: a quote closed
   * before this boundary is closed before every later one (a long unit stays linear). */
  while (s->quotes_passed < s->quotes->len
         && g_array_index (s->quotes, QuoteSpan, s->quotes_passed).close < boundary)
    s->quotes_passed++;
  for (guint i = s->quotes_passed; i < s->quotes->len; i++) {
    const QuoteSpan *q = &g_array_index (s->quotes, QuoteSpan, i);
    if (q->start >= boundary)
      break;
    if (boundary > q->close)
      continue;
    gboolean embedded = trim_left (sentence_start, q->start) < q->start;
    gboolean fullwidth;
    int size;
    if (!embedded && !is_terminal (last_significant (q->start, q->close), &fullwidth))
      embedded = TRUE; /* closed by a comma, dash or words: “..., ” she said */
    if (!embedded) {
      const char *after = trim_left (q->end, unit_end);
      embedded = after < unit_end && !text_is_upper_start (after, unit_end)
                 && !is_opener (char_at (after, unit_end, &size));
    }
    if (!embedded)
      return FALSE;
    const char *piece_end = boundary;
    while (piece_end < q->close && !is_terminal (char_at (piece_end, q->close, &size), &fullwidth))
      piece_end += size;
    return count_words (MAX (q->start, sentence_start), terminal) < QUOTE_FRAGMENT_WORDS
           || count_words (boundary, piece_end) < QUOTE_FRAGMENT_WORDS;
  }
  return FALSE;
}

/* Opening guillemets « not yet closed by » in [start, end) (French quotations). */
static gboolean
guillemet_open (const char *start, const char *end)
{
  int depth = 0, size;
  for (const char *p = start; p < end; p += size) {
    utf8proc_int32_t c = char_at (p, end, &size);
    if (c == 0x00AB)
      depth++;
    else if (c == 0x00BB && depth > 0)
      depth--;
  }
  return depth > 0;
}

/* After a sentence-final mark, quotes that close the sentence: ” ’ » and the German/Danish
 * closing quotes “ ‘ « that are openers elsewhere. */
static gboolean
closes_after_stop (utf8proc_int32_t c)
{
  return is_closer (c) || c == 0x201C || c == 0x2018 || c == 0x00AB || c == 0x2039;
}

/* After an ellipsis, which marks words left out inside a sentence as often as a sentence
 * trailing off, a capitalized word goes on with the sentence unless it is a stop word:
 * "such as... Maldives and Sri Lanka", "was odd... Rooney seemed", but "Wait... What
 * happened?" and "He waited… Then he left." */
static gboolean
ellipsis_continues (Segmenter *s, const char *next, const char *end)
{
  int size;
  while (next < end && is_opener (char_at (next, end, &size)))
    next += size;
  return text_is_upper_start (next, end) && !is_stopword_at (s, next, end);
}

/* ---- Sentences in a unit --------------------------------------------------------------- */

/* Splits one unit (a run of text between hard breaks) into sentences. */
static void
split_unit (Segmenter *s, const char *start, const char *end, gboolean *paragraph_start)
{
  const char *sentence_start = start;
  const char *p = start;
  int size;

  find_quotes (s, start, end);
  while (p < end) {
    /* ASCII other than . ! ? ends no sentence: a run of it goes by at once. */
    p = skip_ascii_except (p, end, '.', '!', '?');
    if (p >= end)
      break;
    gboolean fullwidth;
    utf8proc_int32_t c = char_at (p, end, &size);
    if (!is_terminal (c, &fullwidth)) {
      p += size;
      continue;
    }
    const char *terminal = p;
    gboolean single_period = (c == '.');
    gboolean any_fullwidth = fullwidth;
    /* An ellipsis: "..." (two periods or more) or "…", without ! or ?. */
    gboolean dots_only = (c == '.' || c == 0x2026);
    p += size;
    while (p < end) {
      gboolean fw;
      utf8proc_int32_t d = char_at (p, end, &size);
      if (!is_terminal (d, &fw))
        break;
      single_period = FALSE;
      dots_only &= (d == '.' || d == 0x2026);
      any_fullwidth |= fw;
      p += size;
    }
    gboolean ellipsis = dots_only && !single_period;
    gboolean closed = FALSE;
    while (p < end && closes_after_stop (char_at (p, end, &size))) {
      p += size;
      closed = TRUE;
    }
    {
      /* French spacing: « Partez ! » with a (no-break) space before the closing guillemet. */
      const char *q = p;
      while (q < end && is_space (char_at (q, end, &size)) && *q != '\n')
        q += size;
      utf8proc_int32_t d = char_at (q, end, &size);
      if (q > p && (d == 0x00BB || d == 0x203A) && guillemet_open (sentence_start, terminal)) {
        p = q + size;
        closed = TRUE;
        while (p < end && is_closer (char_at (p, end, &size)))
          p += size;
      }
    }
    if (!closed) {
      /* A straight quote set apart by spaces ("... the world. " England's players ...) that
       * closes a quotation opened earlier in the unit belongs to the sentence it closes. */
      const char *q = p;
      while (q < end && (*q == ' ' || *q == '\t'))
        q++;
      if (q > p && q < end && *q == '"' && quotation_closes_at (s, q)) {
        p = q + 1;
        closed = TRUE;
      }
    }
    const char *boundary = p;

    if (inside_embedded_quote (s, sentence_start, terminal, boundary, end))
      continue;
    if (any_fullwidth) {
      /* 「行こう。」と言った: a quotation followed by a particle goes on. */
      utf8proc_int32_t next = char_at (boundary, end, &size);
      if (closed && next >= 0x3040 && next <= 0x309F)
        continue;
      add_sentence (s, sentence_start, boundary, FALSE, paragraph_start);
      sentence_start = boundary;
      continue;
    }
    if (p < end && !is_space (char_at (p, end, &size))) {
      /* A closing quote then a capital with no space between: "... the challenge."Earlier in */
      if (closed && text_is_upper_start (p, end)
          && !inside_embedded_quote (s, sentence_start, terminal, boundary, end)) {
        add_sentence (s, sentence_start, boundary, FALSE, paragraph_start);
        sentence_start = boundary;
      }
      continue; /* "3.5", "example.com", "U.S.A" */
    }
    const char *next = trim_left (p, end);
    if (next >= end)
      break; /* the unit's end closes the sentence */
    if (text_is_lower_start (next, end))
      continue;
    {
      /* Opening quote then lowercase: still the same sentence. */
      const char *q = next;
      while (q < end && is_opener (char_at (q, end, &size)))
        q += size;
      if (q > next && text_is_lower_start (q, end))
        continue;
    }
    if (single_period && !closed
        && !period_ends_sentence (s, sentence_start, terminal, next, end))
      continue;
    if (ellipsis && ellipsis_continues (s, next, end))
      continue;
    add_sentence (s, sentence_start, boundary, FALSE, paragraph_start);
    sentence_start = next;
  }
  add_sentence (s, sentence_start, end, TRUE, paragraph_start);
}

/* Headline-style capitalization: most words of three or more letters start uppercase. */
static gboolean
is_title_case (const char *p, const char *end)
{
  guint words = 0, capitalized = 0;
  int size;
  while (p < end) {
    p = trim_left (p, end);
    const char *word = p;
    guint letters = 0;
    while (p < end && !is_space (char_at (p, end, &size))) {
      if (is_letter (char_at (p, end, &size)))
        letters++;
      p += size;
    }
    if (letters >= 3) {
      words++;
      if (is_upper (char_at (word, end, &size)))
        capitalized++;
    }
  }
  return words > 0 && capitalized * 10 >= words * 7;
}

static void
segment_block (Segmenter *s, const Line *lines, guint count)
{
  gsize longest = 0;
  for (guint i = 0; i < count; i++) {
    gsize n = (gsize) (trim_right (lines[i].start, lines[i].end) - lines[i].start);
    longest = MAX (longest, n);
  }
  /* Lines longer than this are paragraphs on their own, not hard-wrapped prose. */
  gboolean wrapped = longest <= 160;

  gboolean paragraph_start = TRUE;
  const char *unit_start = lines[0].start;
  for (guint i = 0; i < count; i++) {
    gboolean hard = (i + 1 == count) || !wrapped;
    if (!hard) {
      const char *ls = lines[i].start, *le = trim_right (lines[i].start, lines[i].end);
      gsize n = (gsize) (le - ls);
      utf8proc_int32_t last = last_significant (ls, le);
      gboolean terminal = ends_with_terminal (ls, le);
      if (starts_list_item (lines[i + 1].start, lines[i + 1].end))
        hard = TRUE;
      else if (!terminal && text_is_upper_start (trim_left (lines[i + 1].start, lines[i + 1].end),
                                                 lines[i + 1].end)
               && (is_title_case (ls, le) || (i == 0 && n * 10 < longest * 8)))
        hard = TRUE; /* a headline directly followed by text */
      else if (last == ':')
        hard = TRUE;
      else if (!terminal && (starts_list_item (ls, le) || n * 10 < longest * 6))
        hard = TRUE;
    }
    if (lines[i].continues
        || (i + 1 < count && line_continues (lines[i].start, lines[i].end, lines[i + 1].start,
                                             lines[i + 1].end)))
      hard = FALSE;
    if (hard) {
      split_unit (s, unit_start, lines[i].end, &paragraph_start);
      if (i + 1 < count)
        unit_start = lines[i + 1].start;
    }
  }
  s->paragraph++;
}

void
segment_text (const char *text, gsize len, const LanguageResources *resources,
              GArray *sentences, GArray *tokens)
{
  Segmenter s = { 0 };
  s.text = text;
  s.end = text + len;
  s.language = resources->language;
  s.abbrevs = resources->abbrevs;
  s.stopwords = resources->stopwords;
  s.sentences = sentences;
  s.tokens = tokens;
  s.quotes = g_array_new (FALSE, FALSE, sizeof (QuoteSpan));
  s.scratch = g_string_sized_new (64);

  GArray *block = g_array_new (FALSE, FALSE, sizeof (Line));
  gboolean blank_before = FALSE;
  const char *p = text;
  while (p < s.end) {
    const char *eol = line_end (p, s.end);
    Line line = { p, eol, FALSE };
    if (trim_left (p, eol) == eol) {
      blank_before = block->len > 0;
    } else {
      if (blank_before) {
        /* Blank lines end the block, unless its sentence goes on in this line. */
        Line *previous = &g_array_index (block, Line, block->len - 1);
        if (line_continues (previous->start, previous->end, p, eol)) {
          previous->continues = TRUE;
        } else {
          segment_block (&s, (const Line *) block->data, block->len);
          g_array_set_size (block, 0);
        }
        blank_before = FALSE;
      }
      g_array_append_val (block, line);
    }
    if (eol < s.end && *eol == '\r' && eol + 1 < s.end && eol[1] == '\n')
      eol++;
    p = eol + 1;
  }
  if (block->len > 0)
    segment_block (&s, (const Line *) block->data, block->len);

  g_array_unref (block);
  g_array_unref (s.quotes);
  g_string_free (s.scratch, TRUE);
}
