/* eval-metrics.c — the metrics of EVAL.md, faithful to the reference scorer (score.py,
 * common.py). See eval-metrics.h. */
#include "eval-metrics.h"

#include <errno.h>
#include <libstemmer.h>
#include <stdio.h>
#include <string.h>

/* ---- Text as Python sees it ------------------------------------------------------------ */

static void
append_replacement (GString *out)
{
  g_string_append (out, "\xef\xbf\xbd"); /* U+FFFD */
}

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), or 0 when it is ill-formed;
 * then *@bad receives the length of its maximal ill-formed subpart (>= 1), which CPython's
 * "replace" error handler turns into one U+FFFD. */
static gsize
utf8_sequence (const guchar *s, gsize n, gsize *bad)
{
  guchar b = s[0];
  gsize need;
  guchar lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (b < 0x80)
    return 1;
  if (b >= 0xC2 && b <= 0xDF)
    need = 1;
  else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0)
      lo = 0xA0;
    else if (b == 0xED)
      hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0)
      lo = 0x90;
    else if (b == 0xF4)
      hi = 0x8F;
  } else {
    *bad = 1;
    return 0;
  }
  for (gsize j = 1; j <= need; j++) {
    guchar c = j < n ? s[j] : 0;
    gboolean ok = j < n && (j == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF));
    if (!ok) {
      *bad = j;
      return 0;
    }
  }
  return need + 1;
}

char *
eval_decode_text (const char *bytes, gssize len, gsize *out_len)
{
  gsize n = len < 0 ? strlen (bytes) : (gsize) len;
  const guchar *s = (const guchar *) bytes;
  GString *out = g_string_sized_new (n + 16);
  gsize i = 0;
  while (i < n) {
    if (s[i] == '\r') { /* universal newlines: "\r\n" and "\r" read as "\n" */
      g_string_append_c (out, '\n');
      i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (s[i] < 0x80) {
      g_string_append_c (out, (char) s[i]);
      i++;
      continue;
    }
    gsize bad = 0, ok = utf8_sequence (s + i, n - i, &bad);
    if (ok > 0) {
      g_string_append_len (out, (const char *) s + i, (gssize) ok);
      i += ok;
    } else {
      append_replacement (out);
      i += bad;
    }
  }
  if (out_len)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

char *
eval_read_text (const char *path, gsize *out_len, GError **error)
{
  char *raw = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &raw, &len, error))
    return NULL;
  char *text = eval_decode_text (raw, (gssize) len, out_len);
  g_free (raw);
  return text;
}

gboolean
eval_unichar_isspace (gunichar c)
{
  /* CPython's _PyUnicode_IsWhitespace: bidirectional types WS, B, S and category Zs. */
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0
         || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
         || c == 0x202F || c == 0x205F || c == 0x3000;
}

gboolean
eval_unichar_isword (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c) || c == '_';
  /* str.isalnum(): isalpha (categories L*) or a numeric character (categories N*). */
  if (g_unichar_isalpha (c))
    return TRUE;
  switch (g_unichar_type (c)) {
  case G_UNICODE_DECIMAL_NUMBER:
  case G_UNICODE_LETTER_NUMBER:
  case G_UNICODE_OTHER_NUMBER:
    return TRUE;
  default:
    return FALSE;
  }
}

/* Unicode "Cased" and "Case_Ignorable", as far as GLib tells them (for the Final_Sigma rule). */
static gboolean
is_cased (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);
  return t == G_UNICODE_UPPERCASE_LETTER || t == G_UNICODE_LOWERCASE_LETTER
         || t == G_UNICODE_TITLECASE_LETTER || (c >= 0x2160 && c <= 0x217F)
         || (c >= 0x24B6 && c <= 0x24E9);
}

static gboolean
is_case_ignorable (gunichar c)
{
  switch (g_unichar_type (c)) {
  case G_UNICODE_NON_SPACING_MARK:
  case G_UNICODE_ENCLOSING_MARK:
  case G_UNICODE_FORMAT:
  case G_UNICODE_MODIFIER_LETTER:
  case G_UNICODE_MODIFIER_SYMBOL:
    return TRUE;
  default:
    return c == '\'' || c == '.' || c == ':' || c == '^' || c == '`' || c == 0xB7
           || c == 0x2018 || c == 0x2019 || c == 0x2024 || c == 0x2027;
  }
}

char *
eval_lower (const char *s)
{
  GString *out = g_string_sized_new (strlen (s) + 8);
  for (const char *p = s; *p; p = g_utf8_next_char (p)) {
    guchar b = (guchar) *p;
    if (b < 0x80) {
      g_string_append_c (out, g_ascii_tolower ((char) b));
      continue;
    }
    gunichar c = g_utf8_get_char (p);
    if (c == 0x0130) {                        /* İ: "i" + COMBINING DOT ABOVE */
      g_string_append (out, "i\xcc\x87");
      continue;
    }
    if (c >= 0x2160 && c <= 0x216F)           /* Roman numerals (category Nl) */
      c += 0x10;
    else if (c >= 0x24B6 && c <= 0x24CF)      /* circled capital letters (category So) */
      c += 0x1A;
    else if (c == 0x03A3) {                   /* Σ: final ς after a cased letter, at a word end */
      gboolean final = FALSE;
      const char *q = p;
      while (q > s) {
        q = g_utf8_prev_char (q);
        gunichar d = g_utf8_get_char (q);
        if (!is_case_ignorable (d)) {
          final = is_cased (d);
          break;
        }
      }
      for (q = g_utf8_next_char (p); final && *q; q = g_utf8_next_char (q)) {
        gunichar d = g_utf8_get_char (q);
        if (!is_case_ignorable (d)) {
          final = !is_cased (d);
          break;
        }
      }
      c = final ? 0x03C2 : 0x03C3;
    } else {
      c = g_unichar_tolower (c);
    }
    g_string_append_unichar (out, c);
  }
  return g_string_free (out, FALSE);
}

/* Byte range of @s[0..@len) without leading and trailing Python whitespace. */
static void
strip_range (const char *s, gsize len, gsize *start, gsize *end)
{
  const char *b = s, *e = s + len;
  while (b < e && eval_unichar_isspace (g_utf8_get_char (b)))
    b = g_utf8_next_char (b);
  while (e > b) {
    const char *p = g_utf8_find_prev_char (b, e);
    if (p == NULL || !eval_unichar_isspace (g_utf8_get_char (p)))
      break;
    e = p;
  }
  *start = (gsize) (b - s);
  *end = (gsize) (e - s);
}

char *
eval_strip (const char *s, gssize len)
{
  gsize n = len < 0 ? strlen (s) : (gsize) len, start, end;
  strip_range (s, n, &start, &end);
  return g_strndup (s + start, end - start);
}

/* ---- NLTK's Porter stemmer (nltk/stem/porter.py, mode NLTK_EXTENSIONS) -------------------
 * A line-by-line port working on code points, as the Python code does. Each step takes the
 * word as w[0..*len) and may shorten or extend it in place (the buffer has room for growth:
 * no rule adds more than 2 characters to what it removed, and step 1b adds at most 1). */

typedef struct {
  gunichar *w;
  glong len;
} Word;

static gboolean
is_consonant (const gunichar *w, glong i)
{
  /* Iterative form of the recursive definition: y is a consonant at the start or after a
   * vowel. */
  gboolean cons = TRUE;
  for (glong j = 0; j <= i; j++) {
    gunichar c = w[j];
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u')
      cons = FALSE;
    else if (c == 'y')
      cons = j == 0 ? TRUE : !cons;
    else
      cons = TRUE;
  }
  return cons;
}

/* Number of "vc" pairs in the consonant/vowel pattern of w[0..len). */
static int
measure (const gunichar *w, glong len)
{
  int m = 0;
  gboolean prev_cons = TRUE, cons = TRUE;
  for (glong j = 0; j < len; j++) {
    gunichar c = w[j];
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u')
      cons = FALSE;
    else if (c == 'y')
      cons = j == 0 ? TRUE : !cons;
    else
      cons = TRUE;
    if (j > 0 && !prev_cons && cons)
      m++;
    prev_cons = cons;
  }
  return m;
}

static gboolean
contains_vowel (const gunichar *w, glong len)
{
  for (glong i = 0; i < len; i++)
    if (!is_consonant (w, i))
      return TRUE;
  return FALSE;
}

static gboolean
ends_double_consonant (const gunichar *w, glong len)
{
  return len >= 2 && w[len - 1] == w[len - 2] && is_consonant (w, len - 1);
}

static gboolean
ends_cvc (const gunichar *w, glong len)
{
  return (len >= 3 && is_consonant (w, len - 3) && !is_consonant (w, len - 2)
          && is_consonant (w, len - 1) && w[len - 1] != 'w' && w[len - 1] != 'x'
          && w[len - 1] != 'y')
         || (len == 2 && !is_consonant (w, 0) && is_consonant (w, 1));
}

static gboolean
ends_with (const Word *word, const char *suffix)
{
  glong n = (glong) strlen (suffix);
  if (n > word->len)
    return FALSE;
  for (glong i = 0; i < n; i++)
    if (word->w[word->len - n + i] != (gunichar) (guchar) suffix[i])
      return FALSE;
  return TRUE;
}

static void
set_suffix (Word *word, glong stem_len, const char *replacement)
{
  word->len = stem_len;
  for (const char *p = replacement; *p; p++)
    word->w[word->len++] = (gunichar) (guchar) *p;
}

typedef enum {
  COND_NONE,
  COND_M_GT0,   /* measure(stem) > 0 */
  COND_M_GT1,   /* measure(stem) > 1 */
  COND_ION,     /* measure(stem) > 1 and stem ends in s or t */
  COND_LOGI,    /* measure(word[:-3]) > 0, i.e. the stem plus its 'l' */
  COND_LL       /* measure(word[:-1]) > 1 */
} Cond;

typedef struct {
  const char *suffix;
  const char *replacement;
  Cond cond;
} Rule;

static gboolean
condition (Cond cond, const gunichar *w, glong stem_len)
{
  switch (cond) {
  case COND_NONE:
    return TRUE;
  case COND_M_GT0:
    return measure (w, stem_len) > 0;
  case COND_M_GT1:
    return measure (w, stem_len) > 1;
  case COND_ION:
    return measure (w, stem_len) > 1 && (w[stem_len - 1] == 's' || w[stem_len - 1] == 't');
  case COND_LOGI:
    return measure (w, stem_len + 1) > 0;
  case COND_LL:
    return measure (w, stem_len + 1) > 1;
  default:
    return FALSE;
  }
}

/* _apply_rule_list without the "*d" rule: the first rule whose suffix matches decides. */
static void
apply_rules (Word *word, const Rule *rules, gsize n_rules)
{
  for (gsize i = 0; i < n_rules; i++) {
    if (!ends_with (word, rules[i].suffix))
      continue;
    glong stem_len = word->len - (glong) strlen (rules[i].suffix);
    if (condition (rules[i].cond, word->w, stem_len))
      set_suffix (word, stem_len, rules[i].replacement);
    return;
  }
}

static void
step1a (Word *word)
{
  if (ends_with (word, "ies") && word->len == 4) {
    set_suffix (word, 1, "ie");
    return;
  }
  static const Rule rules[] = {
    { "sses", "ss", COND_NONE }, { "ies", "i", COND_NONE },
    { "ss", "ss", COND_NONE },   { "s", "", COND_NONE },
  };
  apply_rules (word, rules, G_N_ELEMENTS (rules));
}

static void
step1b (Word *word)
{
  if (ends_with (word, "ied")) {
    set_suffix (word, word->len - 3, word->len == 4 ? "ie" : "i");
    return;
  }
  if (ends_with (word, "eed")) {
    if (measure (word->w, word->len - 3) > 0)
      set_suffix (word, word->len - 3, "ee");
    return;
  }
  glong stem_len = -1;
  static const char *const suffixes[] = { "ed", "ing" };
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++) {
    if (ends_with (word, suffixes[i])) {
      glong l = word->len - (glong) strlen (suffixes[i]);
      if (contains_vowel (word->w, l)) {
        stem_len = l;
        break;
      }
    }
  }
  if (stem_len < 0)
    return;
  word->len = stem_len; /* the intermediate stem */
  if (ends_with (word, "at")) {
    set_suffix (word, word->len - 2, "ate");
  } else if (ends_with (word, "bl")) {
    set_suffix (word, word->len - 2, "ble");
  } else if (ends_with (word, "iz")) {
    set_suffix (word, word->len - 2, "ize");
  } else if (ends_double_consonant (word->w, word->len)) {
    gunichar last = word->w[word->len - 1];
    if (last != 'l' && last != 's' && last != 'z')
      word->len--;
  } else if (measure (word->w, word->len) == 1 && ends_cvc (word->w, word->len)) {
    word->w[word->len++] = 'e';
  }
}

static void
step1c (Word *word)
{
  if (!ends_with (word, "y"))
    return;
  glong stem_len = word->len - 1;
  if (stem_len > 1 && is_consonant (word->w, stem_len - 1))
    word->w[stem_len] = 'i';
}

static void
step2 (Word *word)
{
  if (ends_with (word, "alli") && measure (word->w, word->len - 4) > 0) {
    set_suffix (word, word->len - 4, "al");
    step2 (word);
    return;
  }
  static const Rule rules[] = {
    { "ational", "ate", COND_M_GT0 }, { "tional", "tion", COND_M_GT0 },
    { "enci", "ence", COND_M_GT0 },   { "anci", "ance", COND_M_GT0 },
    { "izer", "ize", COND_M_GT0 },    { "bli", "ble", COND_M_GT0 },
    { "alli", "al", COND_M_GT0 },     { "entli", "ent", COND_M_GT0 },
    { "eli", "e", COND_M_GT0 },       { "ousli", "ous", COND_M_GT0 },
    { "ization", "ize", COND_M_GT0 }, { "ation", "ate", COND_M_GT0 },
    { "ator", "ate", COND_M_GT0 },    { "alism", "al", COND_M_GT0 },
    { "iveness", "ive", COND_M_GT0 }, { "fulness", "ful", COND_M_GT0 },
    { "ousness", "ous", COND_M_GT0 }, { "aliti", "al", COND_M_GT0 },
    { "iviti", "ive", COND_M_GT0 },   { "biliti", "ble", COND_M_GT0 },
    { "fulli", "ful", COND_M_GT0 },   { "logi", "log", COND_LOGI },
  };
  apply_rules (word, rules, G_N_ELEMENTS (rules));
}

static void
step3 (Word *word)
{
  static const Rule rules[] = {
    { "icate", "ic", COND_M_GT0 }, { "ative", "", COND_M_GT0 }, { "alize", "al", COND_M_GT0 },
    { "iciti", "ic", COND_M_GT0 }, { "ical", "ic", COND_M_GT0 }, { "ful", "", COND_M_GT0 },
    { "ness", "", COND_M_GT0 },
  };
  apply_rules (word, rules, G_N_ELEMENTS (rules));
}

static void
step4 (Word *word)
{
  static const Rule rules[] = {
    { "al", "", COND_M_GT1 },   { "ance", "", COND_M_GT1 }, { "ence", "", COND_M_GT1 },
    { "er", "", COND_M_GT1 },   { "ic", "", COND_M_GT1 },   { "able", "", COND_M_GT1 },
    { "ible", "", COND_M_GT1 }, { "ant", "", COND_M_GT1 },  { "ement", "", COND_M_GT1 },
    { "ment", "", COND_M_GT1 }, { "ent", "", COND_M_GT1 },  { "ion", "", COND_ION },
    { "ou", "", COND_M_GT1 },   { "ism", "", COND_M_GT1 },  { "ate", "", COND_M_GT1 },
    { "iti", "", COND_M_GT1 },  { "ous", "", COND_M_GT1 },  { "ive", "", COND_M_GT1 },
    { "ize", "", COND_M_GT1 },
  };
  apply_rules (word, rules, G_N_ELEMENTS (rules));
}

static void
step5a (Word *word)
{
  if (!ends_with (word, "e"))
    return;
  glong stem_len = word->len - 1;
  int m = measure (word->w, stem_len);
  if (m > 1 || (m == 1 && !ends_cvc (word->w, stem_len)))
    word->len = stem_len;
}

static void
step5b (Word *word)
{
  static const Rule rules[] = { { "ll", "l", COND_LL } };
  apply_rules (word, rules, G_N_ELEMENTS (rules));
}

/* NLTK's table of irregular forms (the "pool"). */
static const char *const porter_pool[][2] = {
  { "sky", "sky" },         { "skies", "sky" },      { "dying", "die" },
  { "lying", "lie" },       { "tying", "tie" },      { "news", "news" },
  { "innings", "inning" },  { "inning", "inning" },  { "outings", "outing" },
  { "outing", "outing" },   { "cannings", "canning" }, { "canning", "canning" },
  { "howe", "howe" },       { "proceed", "proceed" }, { "exceed", "exceed" },
  { "succeed", "succeed" },
};

char *
eval_porter_stem (const char *word)
{
  for (gsize i = 0; i < G_N_ELEMENTS (porter_pool); i++)
    if (strcmp (word, porter_pool[i][0]) == 0)
      return g_strdup (porter_pool[i][1]);
  char *lower = eval_lower (word);
  if (g_utf8_strlen (word, -1) <= 2)
    return lower;
  glong len = 0;
  gunichar *ucs = g_utf8_to_ucs4_fast (lower, -1, &len);
  g_free (lower);
  Word w = { g_renew (gunichar, ucs, len + 4), len };
  step1a (&w);
  step1b (&w);
  step1c (&w);
  step2 (&w);
  step3 (&w);
  step4 (&w);
  step5a (&w);
  step5b (&w);
  char *out = g_ucs4_to_utf8 (w.w, w.len, NULL, NULL, NULL);
  g_free (w.w);
  return out;
}

/* ---- Stemmers by language -------------------------------------------------------------- */

struct _EvalStemmer {
  struct sb_stemmer *snowball; /* NULL: Porter or identity */
  gboolean porter;
  char *description;
  GHashTable *cache;           /* word -> stem */
};

/* The languages of NLTK's SnowballStemmer (score.py falls back to no stemming for others). */
static const char *const nltk_snowball[] = {
  "arabic", "danish", "dutch", "finnish", "french", "german", "hungarian", "italian",
  "norwegian", "portuguese", "romanian", "russian", "spanish", "swedish",
};

EvalStemmer *
eval_stemmer_new (const char *language)
{
  EvalStemmer *s = g_new0 (EvalStemmer, 1);
  s->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  char *stripped = eval_strip (language ? language : "", -1);
  char *lang = eval_lower (stripped);
  g_free (stripped);
  if (lang[0] == '\0' || strcmp (lang, "english") == 0 || strcmp (lang, "porter") == 0) {
    s->porter = TRUE;
    s->description = g_strdup ("NLTK Porter");
  } else {
    for (gsize i = 0; i < G_N_ELEMENTS (nltk_snowball); i++)
      if (strcmp (lang, nltk_snowball[i]) == 0)
        s->snowball = sb_stemmer_new (lang, "UTF_8");
    s->description = s->snowball ? g_strdup_printf ("Snowball %s", lang) : g_strdup ("identity");
  }
  g_free (lang);
  return s;
}

void
eval_stemmer_free (EvalStemmer *stemmer)
{
  if (stemmer == NULL)
    return;
  if (stemmer->snowball)
    sb_stemmer_delete (stemmer->snowball);
  g_free (stemmer->description);
  g_hash_table_unref (stemmer->cache);
  g_free (stemmer);
}

const char *
eval_stemmer_describe (const EvalStemmer *stemmer)
{
  return stemmer->description;
}

static char *
stem_uncached (EvalStemmer *stemmer, const char *word)
{
  if (stemmer->porter)
    return eval_porter_stem (word);
  if (stemmer->snowball) {
    const sb_symbol *r = sb_stemmer_stem (stemmer->snowball, (const sb_symbol *) word,
                                          (int) strlen (word));
    if (r != NULL)
      return g_strndup ((const char *) r, (gsize) sb_stemmer_length (stemmer->snowball));
  }
  return g_strdup (word);
}

char *
eval_stemmer_stem (EvalStemmer *stemmer, const char *word)
{
  const char *stem = g_hash_table_lookup (stemmer->cache, word);
  if (stem == NULL) {
    char *s = stem_uncached (stemmer, word);
    g_hash_table_insert (stemmer->cache, g_strdup (word), s);
    stem = s;
  }
  return g_strdup (stem);
}

/* ---- ROUGE ----------------------------------------------------------------------------- */

/* ROUGE tokens are interned in a table of this module (not with g_intern_string(), whose
 * superseded quark arrays LeakSanitizer reports), so that n-grams compare by pointer. */
G_LOCK_DEFINE_STATIC (rouge_tables);
static GHashTable *interned;   /* string -> itself (owned) */
static GHashTable *stem_cache; /* interned token -> interned Porter stem */

static const char *
intern (const char *s, gsize len)
{
  char *copy = g_strndup (s, len);
  const char *found = g_hash_table_lookup (interned, copy);
  if (found) {
    g_free (copy);
    return found;
  }
  g_hash_table_add (interned, copy);
  return copy;
}

static const char *
rouge_token (const char *token, gsize len)
{
  G_LOCK (rouge_tables);
  if (interned == NULL) {
    interned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    stem_cache = g_hash_table_new (g_direct_hash, g_direct_equal);
  }
  const char *tok = intern (token, len);
  const char *stem = tok;
  if (len > 3) {
    stem = g_hash_table_lookup (stem_cache, tok);
    if (stem == NULL) {
      char *s = eval_porter_stem (tok);
      stem = intern (s, strlen (s));
      g_free (s);
      g_hash_table_insert (stem_cache, (gpointer) tok, (gpointer) stem);
    }
  }
  G_UNLOCK (rouge_tables);
  return stem;
}

GPtrArray *
eval_rouge_tokens (const char *text)
{
  GPtrArray *tokens = g_ptr_array_new ();
  GString *tok = g_string_new (NULL);
  const char *p = text;
  while (*p) {
    guchar b = (guchar) *p;
    char add = 0;
    gboolean flush_after = FALSE;
    if (b < 0x80) {
      char c = g_ascii_tolower ((char) b);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        add = c;
      p++;
    } else {
      /* Python lowercases all of Unicode first; the only non-ASCII characters whose lowercase
       * holds an ASCII letter are U+0130 ("i" + U+0307) and the Kelvin sign ("k"). */
      gunichar c = g_utf8_get_char (p);
      if (c == 0x0130) {
        add = 'i';
        flush_after = TRUE;
      } else if (c == 0x212A) {
        add = 'k';
      }
      p = g_utf8_next_char (p);
    }
    if (add)
      g_string_append_c (tok, add);
    if ((!add || flush_after) && tok->len > 0) {
      g_ptr_array_add (tokens, (gpointer) rouge_token (tok->str, tok->len));
      g_string_truncate (tok, 0);
    }
  }
  if (tok->len > 0)
    g_ptr_array_add (tokens, (gpointer) rouge_token (tok->str, tok->len));
  g_string_free (tok, TRUE);
  return tokens;
}

/* An n-gram: n consecutive interned token pointers. */
typedef struct {
  const char *const *t;
  guint n;
} NGram;

static guint
ngram_hash (gconstpointer key)
{
  const NGram *g = key;
  guint h = 5381;
  for (guint i = 0; i < g->n; i++)
    h = h * 33u ^ (guint) GPOINTER_TO_SIZE (g->t[i]) ^ (guint) (GPOINTER_TO_SIZE (g->t[i]) >> 17);
  return h;
}

static gboolean
ngram_equal (gconstpointer a, gconstpointer b)
{
  const NGram *x = a, *y = b;
  return memcmp (x->t, y->t, x->n * sizeof (char *)) == 0;
}

/* Counts of the n-grams of @tokens; keys point into @grams (n_grams entries). */
static GHashTable *
ngram_counts (const GPtrArray *tokens, guint n, NGram **grams, guint *n_grams)
{
  GHashTable *counts = g_hash_table_new (ngram_hash, ngram_equal);
  *n_grams = tokens->len >= n ? tokens->len - n + 1 : 0;
  *grams = g_new (NGram, *n_grams + 1);
  for (guint i = 0; i < *n_grams; i++) {
    NGram *g = &(*grams)[i];
    g->t = (const char *const *) tokens->pdata + i;
    g->n = n;
    guint c = GPOINTER_TO_UINT (g_hash_table_lookup (counts, g));
    g_hash_table_insert (counts, g, GUINT_TO_POINTER (c + 1));
  }
  return counts;
}

static double
f1_of (double overlap, double cand, double ref)
{
  if (cand == 0 || ref == 0 || overlap == 0)
    return 0.0;
  double p = overlap / cand, r = overlap / ref;
  return 2 * p * r / (p + r);
}

double
eval_rouge_n (const GPtrArray *cand, const GPtrArray *ref, guint n)
{
  g_return_val_if_fail (n > 0, 0.0);
  NGram *cg, *rg;
  guint nc, nr;
  GHashTable *cc = ngram_counts (cand, n, &cg, &nc);
  GHashTable *rc = ngram_counts (ref, n, &rg, &nr);
  guint64 overlap = 0;
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, cc);
  while (g_hash_table_iter_next (&it, &key, &value))
    overlap += MIN (GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (g_hash_table_lookup (rc, key)));
  g_hash_table_unref (cc);
  g_hash_table_unref (rc);
  g_free (cg);
  g_free (rg);
  return f1_of ((double) overlap, nc, nr);
}

/* ---- Sentences: common.py's split_sentences() ------------------------------------------ */

static const char *const abbreviations[] = {
  "mr", "mrs", "ms", "dr", "st", "prof", "sen", "gen", "rep", "gov", "lt", "col", "sgt",
  "capt", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "no", "jan", "feb", "mar", "apr",
  "aug", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "etc",
};

static gboolean
is_closer (gunichar c)
{
  return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == ')';
}

static gboolean
is_opener (gunichar c)
{
  return c == '"' || c == '\'' || c == 0x201C || c == 0x2018 || c == '(';
}

static gboolean
is_start (gunichar c)
{
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c >= 0xC0 && c <= 0x24F);
}

/* Appends u[a..b) stripped, when not empty. */
static void
add_stripped (GPtrArray *out, const gunichar *u, glong a, glong b)
{
  while (a < b && eval_unichar_isspace (u[a]))
    a++;
  while (b > a && eval_unichar_isspace (u[b - 1]))
    b--;
  if (b > a)
    g_ptr_array_add (out, g_ucs4_to_utf8 (u + a, b - a, NULL, NULL, NULL));
}

/* TRUE when the word before a boundary (u[a..b), the last \S+ of the sentence so far)
 * prevents it: an abbreviation or a single letter. */
static gboolean
boundary_vetoed (const gunichar *u, glong a, glong b)
{
  if (a >= b)
    return FALSE; /* w = "" */
  char *word = g_ucs4_to_utf8 (u + a, b - a, NULL, NULL, NULL);
  char *lower = eval_lower (word);
  g_free (word);
  /* .strip("\"'(") */
  char *s = lower, *e = lower + strlen (lower);
  while (s < e && (*s == '"' || *s == '\'' || *s == '('))
    s++;
  while (e > s && (e[-1] == '"' || e[-1] == '\'' || e[-1] == '('))
    e--;
  *e = '\0';
  gboolean veto = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (abbreviations) && !veto; i++)
    veto = strcmp (s, abbreviations[i]) == 0;
  if (!veto && *s && g_utf8_strlen (s, -1) == 1 && g_unichar_isalpha (g_utf8_get_char (s)))
    veto = TRUE;
  g_free (lower);
  return veto;
}

static void
split_paragraph (GPtrArray *out, const gunichar *u, glong n)
{
  glong start = 0, pos = 0;
  while (pos < n) {
    if (u[pos] != '.' && u[pos] != '!' && u[pos] != '?') {
      pos++;
      continue;
    }
    /* _BOUND: ([.!?]["'”’)]*)\s+(?=["'“‘(]?[A-Z0-9\u00C0-\u024F]) */
    glong end1 = pos + 1;
    while (end1 < n && is_closer (u[end1]))
      end1++;
    glong ws = end1;
    while (ws < n && eval_unichar_isspace (u[ws]))
      ws++;
    gboolean match = ws > end1 && ws < n
                     && (is_start (u[ws]) || (is_opener (u[ws]) && ws + 1 < n && is_start (u[ws + 1])));
    if (!match) {
      pos++;
      continue;
    }
    /* word = re.search(r"(\S+)$", para[start:m.start(1)]) */
    glong wb = pos;
    while (wb > start && !eval_unichar_isspace (u[wb - 1]))
      wb--;
    if (!boundary_vetoed (u, wb, pos)) {
      add_stripped (out, u, start, end1);
      start = ws;
    }
    pos = ws; /* finditer goes on after the match either way */
  }
  add_stripped (out, u, start, n);
}

GPtrArray *
eval_split_sentences (const char *text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  /* re.split(r"\n\s*\n|\n", text) then strip(): the same non-empty paragraphs as splitting
   * at every "\n" (the first alternative only swallows whitespace-only lines). */
  const char *p = text;
  while (*p) {
    const char *nl = strchr (p, '\n');
    gsize len = nl ? (gsize) (nl - p) : strlen (p);
    glong n = 0;
    gunichar *u = g_utf8_to_ucs4_fast (p, (glong) len, &n);
    split_paragraph (out, u, n);
    g_free (u);
    p += len;
    if (*p == '\n')
      p++;
  }
  return out;
}

void
eval_sentence_score_add (EvalSentenceScore *acc, const GPtrArray *sentences,
                         const char *reference, const char *candidate)
{
  guint gold = 0, chosen = 0, tp = 0;
  for (guint i = 0; i < sentences->len; i++) {
    const char *s = g_ptr_array_index (sentences, i);
    if (g_utf8_strlen (s, -1) <= 1)
      continue;
    gboolean g = strstr (reference, s) != NULL;
    gboolean c = strstr (candidate, s) != NULL;
    gold += g;
    chosen += c;
    tp += g && c;
  }
  acc->precision_sum += chosen ? (double) tp / chosen : 0.0;
  acc->recall_sum += gold ? (double) tp / gold : 0.0;
  acc->docs++;
}

void
eval_sentence_score_get (const EvalSentenceScore *acc, double *precision, double *recall,
                         double *f1)
{
  double p = acc->docs ? acc->precision_sum / acc->docs : 0.0;
  double r = acc->docs ? acc->recall_sum / acc->docs : 0.0;
  if (precision)
    *precision = p;
  if (recall)
    *recall = r;
  if (f1)
    *f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/* ---- Keyphrases ------------------------------------------------------------------------ */

char *
eval_norm_phrase (EvalStemmer *stemmer, const char *phrase)
{
  char *lower = eval_lower (phrase);
  GString *out = g_string_new (NULL);
  const char *p = lower;
  while (*p) {
    if (!eval_unichar_isword (g_utf8_get_char (p))) {
      p = g_utf8_next_char (p);
      continue;
    }
    const char *b = p;
    while (*p && eval_unichar_isword (g_utf8_get_char (p)))
      p = g_utf8_next_char (p);
    char *word = g_strndup (b, (gsize) (p - b));
    char *stem = eval_stemmer_stem (stemmer, word);
    if (out->len > 0)
      g_string_append_c (out, ' ');
    g_string_append (out, stem);
    g_free (stem);
    g_free (word);
  }
  g_free (lower);
  return g_string_free (out, FALSE);
}

gboolean
eval_key_score_add (EvalKeyScore *acc, EvalStemmer *stemmer, const char *text,
                    const char *const *gold, guint n_gold, const char *const *predicted,
                    guint n_predicted)
{
  GHashTable *gold_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_gold; i++) {
    char *g = eval_norm_phrase (stemmer, gold[i]);
    if (g[0])
      g_hash_table_add (gold_set, g);
    else
      g_free (g);
  }
  guint n_gold_set = g_hash_table_size (gold_set);
  if (n_gold_set == 0) {
    g_hash_table_unref (gold_set);
    return FALSE;
  }
  if (text) {
    char *norm = eval_norm_phrase (stemmer, text);
    char *ntext = g_strconcat (" ", norm, " ", NULL);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init (&it, gold_set);
    while (g_hash_table_iter_next (&it, &key, NULL)) {
      char *needle = g_strconcat (" ", (const char *) key, " ", NULL);
      acc->gold_present += strstr (ntext, needle) != NULL;
      g_free (needle);
    }
    acc->gold_total += n_gold_set;
    g_free (ntext);
    g_free (norm);
  }
  /* Ranked, normalised, without duplicates or empties; a line's text ends at a tab. */
  GPtrArray *cand = g_ptr_array_new_with_free_func (g_free);
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_predicted && cand->len < 10; i++) {
    char *field = g_strndup (predicted[i], strcspn (predicted[i], "\t"));
    char *c = eval_norm_phrase (stemmer, field);
    g_free (field);
    if (c[0] && !g_hash_table_contains (seen, c)) {
      g_hash_table_add (seen, c);
      g_ptr_array_add (cand, c);
    } else {
      g_free (c);
    }
  }
  static const guint ks[2] = { 5, 10 };
  for (guint j = 0; j < 2; j++) {
    guint tp = 0;
    for (guint i = 0; i < cand->len && i < ks[j]; i++)
      tp += g_hash_table_contains (gold_set, g_ptr_array_index (cand, i));
    double p = (double) tp / ks[j], r = (double) tp / n_gold_set;
    acc->p[j] += p;
    acc->r[j] += r;
    acc->f[j] += tp ? 2 * p * r / (p + r) : 0.0;
  }
  acc->docs++;
  g_hash_table_unref (seen);
  g_ptr_array_unref (cand);
  g_hash_table_unref (gold_set);
  return TRUE;
}

static guint
k_index (guint k)
{
  g_return_val_if_fail (k == 5 || k == 10, 1);
  return k == 5 ? 0 : 1;
}

double
eval_key_score_precision (const EvalKeyScore *acc, guint k)
{
  return acc->docs ? acc->p[k_index (k)] / acc->docs : 0.0;
}

double
eval_key_score_recall (const EvalKeyScore *acc, guint k)
{
  return acc->docs ? acc->r[k_index (k)] / acc->docs : 0.0;
}

double
eval_key_score_f1 (const EvalKeyScore *acc, guint k)
{
  return acc->docs ? acc->f[k_index (k)] / acc->docs : 0.0;
}

/* ---- Helpers --------------------------------------------------------------------------- */

char **
eval_read_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new ();
  const char *p = text;
  while (*p) {
    const char *nl = strchr (p, '\n');
    gsize len = nl ? (gsize) (nl - p) : strlen (p);
    char *line = eval_strip (p, (gssize) len);
    if (line[0])
      g_ptr_array_add (lines, line);
    else
      g_free (line);
    p += len;
    if (*p == '\n')
      p++;
  }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
eval_list_dir (const char *dir, gboolean hidden, GError **error)
{
  GDir *d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  GPtrArray *names = g_ptr_array_new ();
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (hidden || name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static gboolean
has_marker (const char *dir, const char *marker)
{
  char *path = g_build_filename (dir, marker, NULL);
  gboolean ok = g_file_test (path, G_FILE_TEST_EXISTS);
  g_free (path);
  return ok;
}

char *
eval_find_data (const char *given, const char *relative, const char *source_root,
                const char *marker, char **looked_for)
{
  char *candidates[2] = { NULL, NULL };
  if (given) {
    candidates[0] = g_strdup (given);
  } else {
    candidates[0] = g_strdup (relative);
    if (source_root && source_root[0])
      candidates[1] = g_build_filename (source_root, relative, NULL);
  }
  char *found = NULL;
  for (int i = 0; i < 2 && found == NULL; i++)
    if (candidates[i] && has_marker (candidates[i], marker))
      found = g_strdup (candidates[i]);
  if (found == NULL && looked_for)
    *looked_for = candidates[1] ? g_strdup_printf ("%s (or %s)", candidates[0], candidates[1])
                                : g_strdup (candidates[0]);
  g_free (candidates[0]);
  g_free (candidates[1]);
  return found;
}

gboolean
eval_write_file (const char *path, const char *text, GError **error)
{
  char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot create %s: %s",
                 dir, g_strerror (errno));
    g_free (dir);
    return FALSE;
  }
  g_free (dir);
  /* Plain stdio: g_file_set_contents() would fsync each of thousands of small files. */
  FILE *f = fopen (path, "wb");
  gsize len = strlen (text);
  gboolean ok = f != NULL && fwrite (text, 1, len, f) == len;
  int saved = errno;
  if (f != NULL && fclose (f) != 0 && ok) {
    ok = FALSE;
    saved = errno;
  }
  if (!ok) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "cannot write %s: %s",
                 path, g_strerror (saved));
    return FALSE;
  }
  return TRUE;
}
