/* detect.c — language identification, for engines created with "auto". First the script of
 * the text's letters (Greek, Armenian and Tamil have one Snowball language each; Chinese,
 * Japanese, Thai and Korean have none). Then, among the languages written in that script, each
 * gets a score from the words of the text: its stop words, and the words whose letters belong
 * to its alphabet and to few others (ß, ñ, ã, ø, ő, ș, ı; Cyrillic ы or ђ) or that show one
 * of its spellings (Finnish ää, Dutch ij, Norwegian kj), less the words with letters it does
 * not use. A short text (a title) with too few such signals goes to the language whose letter
 * trigrams it matches clearly (prose in data/langid/); a short text whose few stop words the
 * letters contradict stays undetected. Reads at most the first DETECT_SAMPLE_BYTES; a long
 * text whose first bytes (256, 384, ... 1,024) already leave no doubt is decided there
 * (quick_decision()). Hands document.c the language that a text is analyzed with. */
#include "abridge-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef enum {
  SCRIPT_OTHER = 0,
  SCRIPT_LATIN,
  SCRIPT_CYRILLIC,
  SCRIPT_GREEK,
  SCRIPT_ARABIC,
  SCRIPT_HEBREW,
  SCRIPT_DEVANAGARI,
  SCRIPT_TAMIL,
  SCRIPT_ARMENIAN,
  SCRIPT_UNSPACED,   /* Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer ...: no Snowball stemmer */
  SCRIPT_COUNT
} Script;

/* What detection knows of a language besides its stop list. */
typedef struct {
  const char *name;     /* Snowball name */
  Script script, script2;
  /* The letters of its alphabet: Latin, those beyond a-z; Cyrillic, all of them. A word with
   * another letter of the script is foreign to the language. */
  const char *letters;
  /* Latin: the letters of a-z that its own words do not use (loanwords and names do). */
  const char *absent;
  /* Scripts without an alphabet above: letters the language does not use (Ukrainian і ї є ґ
   * for Russian; Persian and Urdu letters for Arabic). */
  const char *foreign;
  /* The smallest share of stop words that names the language, for scripts whose other
   * languages Snowball does not stem (Hebrew beside Yiddish, Marathi beside Hindi). */
  double min_share;
} Profile;

#define RUSSIAN_LETTERS "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
#define SERBIAN_LETTERS "абвгдђежзијклљмнњопрстћуфхцчџш"
#define PERSIAN_URDU "پچژگکیۀےٹڈڑںہھ"

/* Table order breaks ties (most used first). */
static const Profile profiles[] = {
  { "english", SCRIPT_LATIN, SCRIPT_LATIN, "", "", NULL, 0 },
  { "spanish", SCRIPT_LATIN, SCRIPT_LATIN, "áéíóúüñ", "kw", NULL, 0 },
  { "french", SCRIPT_LATIN, SCRIPT_LATIN, "àâæçéèêëîïôœùûüÿ", "", NULL, 0 },
  { "german", SCRIPT_LATIN, SCRIPT_LATIN, "äöüß", "", NULL, 0 },
  { "portuguese", SCRIPT_LATIN, SCRIPT_LATIN, "áâãàçéêíóôõúü", "kwy", NULL, 0 },
  { "italian", SCRIPT_LATIN, SCRIPT_LATIN, "àèéìíîòóùú", "jkwxy", NULL, 0 },
  { "dutch", SCRIPT_LATIN, SCRIPT_LATIN, "áéèëíïóöúü", "", NULL, 0 },
  { "russian", SCRIPT_CYRILLIC, SCRIPT_CYRILLIC, RUSSIAN_LETTERS, NULL, NULL, 0 },
  { "turkish", SCRIPT_LATIN, SCRIPT_LATIN, "çğıİöşüâîû", "qwx", NULL, 0 },
  { "indonesian", SCRIPT_LATIN, SCRIPT_LATIN, "", "qx", NULL, 0 },
  { "swedish", SCRIPT_LATIN, SCRIPT_LATIN, "åäöé", "qwxz", NULL, 0 },
  { "danish", SCRIPT_LATIN, SCRIPT_LATIN, "æøåé", "qwxz", NULL, 0 },
  { "norwegian", SCRIPT_LATIN, SCRIPT_LATIN, "æøåéòóô", "qwxz", NULL, 0 },
  { "finnish", SCRIPT_LATIN, SCRIPT_LATIN, "äöåšž", "bcfqwxz", NULL, 0 },
  { "hungarian", SCRIPT_LATIN, SCRIPT_LATIN, "áéíóöőúüű", "qwx", NULL, 0 },
  { "romanian", SCRIPT_LATIN, SCRIPT_LATIN, "ăâîșțşţ", "qwy", NULL, 0 },
  { "catalan", SCRIPT_LATIN, SCRIPT_LATIN, "àçéèíïóòúü·", "kw", NULL, 0 },
  { "greek", SCRIPT_GREEK, SCRIPT_GREEK, NULL, NULL, NULL, 0 },
  { "arabic", SCRIPT_ARABIC, SCRIPT_ARABIC, NULL, NULL, PERSIAN_URDU, 0.1 },
  { "hindi", SCRIPT_DEVANAGARI, SCRIPT_DEVANAGARI, NULL, NULL, NULL, 0.1 },
  { "nepali", SCRIPT_DEVANAGARI, SCRIPT_DEVANAGARI, NULL, NULL, NULL, 0.1 },
  { "serbian", SCRIPT_LATIN, SCRIPT_CYRILLIC, "čćđšž" SERBIAN_LETTERS, "qwxy", NULL, 0 },
  { "lithuanian", SCRIPT_LATIN, SCRIPT_LATIN, "ąčęėįšųūž", "qwx", NULL, 0 },
  { "irish", SCRIPT_LATIN, SCRIPT_LATIN, "áéíóú", "jkqwxyz", NULL, 0 },
  { "basque", SCRIPT_LATIN, SCRIPT_LATIN, "ñü", "cqvwy", NULL, 0 },
  { "tamil", SCRIPT_TAMIL, SCRIPT_TAMIL, NULL, NULL, NULL, 0 },
  { "armenian", SCRIPT_ARMENIAN, SCRIPT_ARMENIAN, NULL, NULL, NULL, 0 },
  { "yiddish", SCRIPT_HEBREW, SCRIPT_HEBREW, NULL, NULL, NULL, 0.1 },
};

#define MAX_PROFILES G_N_ELEMENTS (profiles)
G_STATIC_ASSERT (MAX_PROFILES <= 32);

/* Spellings that only one of the languages has (in its own words; a few loanwords aside). */
static const struct {
  const char *spelling;
  const char *language;
} markers[] = {
  { "ää", "finnish" }, { "öö", "finnish" }, { "yy", "finnish" },
  { "ij", "dutch" },
  { "kj", "norwegian" }, { "gj", "norwegian" }, { "øy", "norwegian" },
  { "øj", "danish" },
  { "nh", "portuguese" }, { "lh", "portuguese" },
  { "sz", "hungarian" }, { "zs", "hungarian" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (markers) <= 16); /* bits of model.ascii_spelling */

/* A text is "mixed" (no language) when its most used script has less than this share of the
 * letters. */
#define DOMINANT_SCRIPT_SHARE 0.6
/* The fewest pieces of evidence (stop words, words with letters or spellings of the language)
 * that name a language written in a script that several languages share ... */
#define MIN_SIGNALS 2
/* ... and the smallest share of the script's words that they must make. */
#define MIN_SIGNAL_SHARE 0.1

/* Texts longer than DETECT_QUICK_FIRST + 1 steps are first counted on at most this many
 * bytes (see quick_decision()): the decision is tried after DETECT_QUICK_FIRST steps of
 * DETECT_QUICK_STEP and after each step from there, as news in English often has its 25 stop
 * words (below) in its first 400-500 bytes ... */
#define DETECT_QUICK_BYTES 1024
#define DETECT_QUICK_STEP 128
#define DETECT_QUICK_FIRST 2
/* ... and decided there when the dominant script has this share of the letters, and the best
 * language this many stop words, making this share of the words. 25 from 256 bytes on (40
 * from 512 bytes, and only in texts over 1280 bytes, before) gives the same languages on the
 * keyphrase sets, on corpus/langid, and on 9,000 texts of 0.4 to 1.5 KB made from its lines
 * and bench/langid/dev's (18 languages); it reads 450 bytes of a BBC article on average
 * instead of 650. */
#define QUICK_SCRIPT_SHARE 0.9
#define QUICK_MIN_HITS 25
#define QUICK_MIN_HIT_SHARE 0.25

/* The letters of the 'letters' and 'foreign' lists are below this (Latin, Greek, Cyrillic,
 * Arabic: two bytes of UTF-8), so that their tables are arrays. */
#define LETTER_LIMIT 0x800

/* A word of the stop-word table: a slot of open addressing. */
typedef struct {
  guint32 hash;   /* stopword_hash() of the word */
  guint32 mask;   /* profiles whose stop list has the word; 0: empty slot */
  guint32 start;  /* offset of its bytes in model.stopword_bytes */
  guint32 len;
} StopwordSlot;

typedef struct {
  const LanguageInfo *info[MAX_PROFILES]; /* NULL: no stemmer in this build */
  StopwordSlot *stopwords;                /* normalized word -> mask of profiles */
  guint stopword_mask, stopword_count;
  GString *stopword_bytes;                /* the words, one after the other */
  guint32 letters[LETTER_LIMIT];          /* letter -> mask of profiles whose alphabet has it */
  guint32 foreign[LETTER_LIMIT];          /* letter -> mask of profiles that do not use it */
  char ascii_lower[128];                  /* ASCII letter -> its lowercase; 0: not a letter */
  gint fold[LETTER_LIMIT];                /* see letter_fold(); 0: not yet known */
  guint32 absent[128];                    /* ASCII letter -> mask of profiles that do not use it */
  guint16 ascii_spelling[32][32];         /* two lowercase ASCII letters (& 31: a = 1) -> their
                                           * markers; row 0: no letter before */
  guint32 marker[G_N_ELEMENTS (markers)];
  gunichar marker_first[G_N_ELEMENTS (markers)], marker_second[G_N_ELEMENTS (markers)];
  guint32 marker_starts[8];               /* bit set of the first letters (all below U+0100) */
  guint32 script_mask[SCRIPT_COUNT];      /* profiles written in each script */
  guint32 alphabet_mask[SCRIPT_COUNT];    /* profiles with an alphabet ('letters') in it */
  /* Character trigrams, from the prose in data/langid/ (see trigram_guess()). */
  guint64 *ngram_keys;                    /* open addressing: n-gram (n = 1, 2, 3), 0: empty */
  guint32 *ngram_rows;                    /* ... its row + 1 */
  guint ngram_mask, ngram_count;
  float *trigram_logp;                    /* row * trigram_columns + column: log P of the
                                           * n-gram's last letter after the others */
  guint32 *trigram_seen;                  /* row: columns whose prose has the n-gram */
  gint trigram_column[MAX_PROFILES];      /* profile -> column, -1: no prose */
  guint trigram_columns;
} Model;

static Model model;
static gsize model_ready;

static void
add_letters (guint32 *table, const char *letters, guint i)
{
  for (const char *p = letters; p && *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    g_assert (c < LETTER_LIMIT);
    table[c] |= 1u << i;
  }
}

/* The letter tables, for any code point. */
static guint32
letter_mask (const guint32 *table, utf8proc_int32_t c)
{
  return c >= 0 && c < LETTER_LIMIT ? table[c] : 0;
}

/* FNV-1a: the words are short (and an ASCII word is hashed as it is read). */
#define STOPWORD_HASH_START 2166136261u

static inline guint32
stopword_hash_add (guint32 hash, guchar c)
{
  return (hash ^ c) * 16777619u;
}

static guint32
stopword_hash (const char *word, gsize len)
{
  guint32 hash = STOPWORD_HASH_START;
  for (gsize i = 0; i < len; i++)
    hash = stopword_hash_add (hash, (guchar) word[i]);
  return hash;
}

/* The first slot to try for a word of that hash (the high bits folded in: FNV-1a's low bits
 * alone cluster). */
static inline guint
stopword_home (guint32 hash)
{
  return (hash ^ (hash >> 16)) & model.stopword_mask;
}

/* The slot of the word: its own, or the empty one where it would go. */
static guint
stopword_slot (const char *word, gsize len, guint32 hash)
{
  guint j = stopword_home (hash);
  for (;; j = (j + 1) & model.stopword_mask) {
    const StopwordSlot *slot = &model.stopwords[j];
    if (slot->mask == 0
        || (slot->hash == hash && slot->len == len
            && memcmp (model.stopword_bytes->str + slot->start, word, len) == 0))
      return j;
  }
}

/* The profiles whose stop list has the normalized word [word, word + len), of that @hash. */
static guint32
stopword_mask (const char *word, gsize len, guint32 hash)
{
  return model.stopwords[stopword_slot (word, len, hash)].mask;
}

static void
stopword_table_grow (void)
{
  StopwordSlot *slots = model.stopwords;
  guint old_size = model.stopword_mask ? model.stopword_mask + 1 : 0;
  guint size = old_size ? old_size * 2 : 1u << 14;
  model.stopwords = g_new0 (StopwordSlot, size);
  model.stopword_mask = size - 1;
  for (guint i = 0; i < old_size; i++) {
    if (slots[i].mask == 0)
      continue;
    guint j = stopword_home (slots[i].hash);
    while (model.stopwords[j].mask != 0)
      j = (j + 1) & model.stopword_mask;
    model.stopwords[j] = slots[i];
  }
  g_free (slots);
}

/* Adds the language bit @data to the word's mask (the lists are read straight from the
 * resource: no table per language). */
static void
add_model_stopword (const char *word, gsize len, gpointer data)
{
  guint32 hash = stopword_hash (word, len);
  StopwordSlot *slot = &model.stopwords[stopword_slot (word, len, hash)];
  if (slot->mask != 0) {
    slot->mask |= GPOINTER_TO_UINT (data);
    return;
  }
  *slot = (StopwordSlot) { hash, GPOINTER_TO_UINT (data), (guint32) model.stopword_bytes->len,
                           (guint32) len };
  g_string_append_len (model.stopword_bytes, word, (gssize) len);
  if (++model.stopword_count * 2 > model.stopword_mask)
    stopword_table_grow ();
}

static void
build_model (void)
{
  stopword_table_grow ();
  model.stopword_bytes = g_string_sized_new (1 << 16);
  for (guint c = 0; c < 128; c++)
    model.ascii_lower[c] = g_ascii_isalpha (c) ? g_ascii_tolower (c) : 0;
  for (guint i = 0; i < MAX_PROFILES; i++) {
    const Profile *profile = &profiles[i];
    const LanguageInfo *info = lang_lookup (profile->name);
    if (info == NULL)
      continue;
    model.info[i] = info;
    model.script_mask[profile->script] |= 1u << i;
    model.script_mask[profile->script2] |= 1u << i;
    if (profile->letters != NULL) {
      model.alphabet_mask[profile->script] |= 1u << i;
      model.alphabet_mask[profile->script2] |= 1u << i;
    }
    add_letters (model.letters, profile->letters, i);
    add_letters (model.foreign, profile->foreign, i);
    for (const char *a = profile->absent; a && *a; a++)
      model.absent[(guchar) *a] |= 1u << i;
    for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
      if (strcmp (markers[m].language, profile->name) == 0) {
        model.marker[m] |= 1u << i;
        model.marker_first[m] = g_utf8_get_char (markers[m].spelling);
        model.marker_second[m] = g_utf8_get_char (g_utf8_next_char (markers[m].spelling));
        g_assert (model.marker_first[m] < 0x100);
        model.marker_starts[model.marker_first[m] >> 5] |= 1u << (model.marker_first[m] & 31);
        if (g_ascii_islower (model.marker_first[m]) && g_ascii_islower (model.marker_second[m]))
          model.ascii_spelling[model.marker_first[m] & 31][model.marker_second[m] & 31] |= 1u << m;
      }

    lang_for_each_stopword (profile->name, add_model_stopword, GUINT_TO_POINTER (1u << i));
  }
}

/* ---- Counting -------------------------------------------------------------------------- */

static Script
script_of (utf8proc_int32_t c)
{
  if (c < 0x80)
    return g_ascii_isalpha (c) ? SCRIPT_LATIN : SCRIPT_OTHER;
  switch (g_unichar_get_script ((gunichar) c)) {
  case G_UNICODE_SCRIPT_LATIN: return SCRIPT_LATIN;
  case G_UNICODE_SCRIPT_CYRILLIC: return SCRIPT_CYRILLIC;
  case G_UNICODE_SCRIPT_GREEK: return SCRIPT_GREEK;
  case G_UNICODE_SCRIPT_ARABIC: return SCRIPT_ARABIC;
  case G_UNICODE_SCRIPT_HEBREW: return SCRIPT_HEBREW;
  case G_UNICODE_SCRIPT_DEVANAGARI: return SCRIPT_DEVANAGARI;
  case G_UNICODE_SCRIPT_TAMIL: return SCRIPT_TAMIL;
  case G_UNICODE_SCRIPT_ARMENIAN: return SCRIPT_ARMENIAN;
  case G_UNICODE_SCRIPT_HAN: case G_UNICODE_SCRIPT_HIRAGANA: case G_UNICODE_SCRIPT_KATAKANA:
  case G_UNICODE_SCRIPT_HANGUL: case G_UNICODE_SCRIPT_THAI: case G_UNICODE_SCRIPT_LAO:
  case G_UNICODE_SCRIPT_KHMER: case G_UNICODE_SCRIPT_MYANMAR: case G_UNICODE_SCRIPT_TIBETAN:
  case G_UNICODE_SCRIPT_BOPOMOFO:
    return SCRIPT_UNSPACED;
  default:
    return SCRIPT_OTHER;
  }
}

static gboolean
is_letter (utf8proc_int32_t c)
{
  if (c < 0x80)
    return c >= 0 && g_ascii_isalpha (c);
  utf8proc_category_t cat = utf8proc_category (c);
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static gboolean
is_mark (utf8proc_int32_t c)
{
  if (c < 0x300)
    return FALSE;
  utf8proc_category_t cat = utf8proc_category (c);
  return cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME;
}

static gboolean
is_upper (utf8proc_int32_t c)
{
  if (c < 0x80)
    return c >= 'A' && c <= 'Z';
  utf8proc_category_t cat = utf8proc_category (c);
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static inline gboolean
is_ascii_letter (char c)
{
  return (guchar) c < 0x80 && model.ascii_lower[(guchar) c] != 0;
}

static gboolean
is_apostrophe (utf8proc_int32_t c)
{
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static inline utf8proc_int32_t
decode (const char *p, const char *end, int *size)
{
  if ((guchar) *p < 0x80) {
    *size = 1;
    return (guchar) *p;
  }
  utf8proc_int32_t c = -1;
  utf8proc_ssize_t n = utf8proc_iterate ((const utf8proc_uint8_t *) p, end - p, &c);
  *size = n > 0 ? (int) n : 1;
  return n > 0 ? c : -1;
}

typedef struct {
  guint letters[SCRIPT_COUNT];    /* letters of each script */
  guint words[SCRIPT_COUNT];      /* words (counted by their first letter's script) */
  guint caps_words[SCRIPT_COUNT]; /* of which in capitals ("NASA", "AL") */
  guint hits[MAX_PROFILES];       /* words that are the language's stop words */
  guint caps_hits[MAX_PROFILES];  /* ... written in capitals */
  double support[MAX_PROFILES];   /* words with letters or spellings of the language, each
                                   * shared among the languages it fits */
  guint fitting[MAX_PROFILES];    /* the number of those words */
  guint foreign[MAX_PROFILES];    /* words with a letter the language does not use */
  GString *normalized;            /* count_word()'s buffer, made when first needed */
} Counts;

/* Counts a stop word of the languages in @mask (those written in @script). */
static void
count_stop (Counts *counts, guint32 mask, Script script, gboolean caps)
{
  mask &= model.script_mask[script];
  guint *hits = caps ? counts->caps_hits : counts->hits;
  for (; mask != 0; mask &= mask - 1)
    hits[__builtin_ctz (mask)]++;
}

/* Stop words of the normalized word [word, word + len): the whole word ("don't",
 * "aujourd'hui"), else its parts around an apostrophe ("l'homme" -> "l", "homme"; a one-letter
 * tail as in "Russia's" is left out). */
static void
count_stopwords (Counts *counts, const char *word, gsize len, guint32 hash, Script script,
                 gboolean caps)
{
  guint32 mask = stopword_mask (word, len, hash);
  const char *end = word + len;
  if (mask != 0 || memchr (word, '\'', len) == NULL) {
    count_stop (counts, mask, script, caps);
    return;
  }
  for (const char *part = word;;) {
    const char *cut = memchr (part, '\'', (gsize) (end - part));
    const char *part_end = cut != NULL ? cut : end;
    if (part_end > part && (part == word || g_utf8_strlen (part, part_end - part) >= 2))
      count_stop (counts, stopword_mask (part, (gsize) (part_end - part),
                                         stopword_hash (part, (gsize) (part_end - part))),
                  script, caps);
    if (cut == NULL)
      break;
    part = cut + 1;
  }
}

static void
add_support (Counts *counts, guint32 fit)
{
  guint n = 0;
  for (guint32 m = fit; m != 0; m >>= 1)
    n += m & 1;
  for (guint i = 0; i < MAX_PROFILES; i++)
    if (fit & (1u << i)) {
      counts->support[i] += 1.0 / n;
      counts->fitting[i]++;
    }
}

/* What the letters of a word of @script tell: @fit, the profiles whose alphabet has them all
 * (when @alphabet: some are in one), @excluded, the profiles that do not use one of them (not
 * asked of @capitalized words: names keep foreign spellings), and @spelled, its markers. */
static inline void
count_fit (Counts *counts, Script script, guint32 fit, gboolean alphabet, guint32 excluded,
           guint32 spelled, gboolean capitalized)
{
  guint32 candidates = model.script_mask[script];
  if (alphabet) {
    excluded |= model.alphabet_mask[script] & ~fit;
    if (fit != 0 && fit != model.alphabet_mask[script])
      add_support (counts, fit);
  }
  for (guint m = 0; spelled != 0; m++, spelled >>= 1)
    if ((spelled & 1) && (model.marker[m] & candidates))
      add_support (counts, model.marker[m]);
  if (capitalized)
    return;
  excluded &= candidates;
  for (; excluded != 0; excluded &= excluded - 1)
    counts->foreign[__builtin_ctz (excluded)]++;
}

/* The letters of @word (normalized: NFKC, case-folded) and of [@raw, @raw_end) (the original,
 * for ß and İ that case folding changes; NULL when it is ASCII), for count_fit(). */
static void
count_letters (Counts *counts, const char *word, gsize word_len, const char *raw,
               const char *raw_end, Script script, gboolean capitalized)
{
  guint32 fit = model.alphabet_mask[script], excluded = 0;
  gboolean alphabet = FALSE;
  int size;
  const char *word_end = word + word_len;
  guint32 spelled = 0;
  utf8proc_int32_t c = -1, previous;
  for (const char *q = word; q < word_end; q += size) {
    previous = c;
    c = decode (q, word_end, &size);
    if (previous >= 0 && previous < 0x100 && (model.marker_starts[previous >> 5] >> (previous & 31)) & 1)
      for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
        if ((gunichar) c == model.marker_second[m] && (gunichar) previous == model.marker_first[m])
          spelled |= 1u << m;
    if (c < 0x80) {
      if (c >= 0 && g_ascii_isalpha (c))
        excluded |= model.absent[c];
      continue;
    }
    if (!is_letter (c) && c != 0x00B7) /* the Catalan l·l */
      continue;
    if (model.alphabet_mask[script] != 0) {
      alphabet = TRUE;
      fit &= letter_mask (model.letters, c);
    } else {
      excluded |= letter_mask (model.foreign, c);
    }
  }
  if (script == SCRIPT_LATIN && raw != NULL) {
    /* ß and İ, which case folding changes (ss, i̇). */
    for (const char *q = raw; q < raw_end; q += size) {
      c = decode (q, raw_end, &size);
      if (c == 0x00DF || c == 0x1E9E || c == 0x0130) { /* ß ẞ İ */
        alphabet = TRUE;
        c = c == 0x1E9E ? 0x00DF : c;
        fit &= letter_mask (model.letters, c);
      }
    }
  }
  count_fit (counts, script, fit, alphabet, excluded, spelled, capitalized);
}

/* Words of ASCII letters (and apostrophes) up to this length are counted by
 * count_ascii_word(). */
#define ASCII_WORD_MAX 64

/* What count_word() needs of a word of ASCII bytes (ascii_word_read()): it is its lowercase
 * (as text_normalize_token() makes it), its letters are in no alphabet ('letters') nor ß or İ,
 * and its only markers are pairs of ASCII letters. */
typedef struct {
  char lower[ASCII_WORD_MAX];
  guint len, letters, upper;
  guint32 excluded, spelled;    /* as in count_letters() */
  guint32 hash;                 /* stopword_hash() of lower */
} AsciiWord;

/* Reads into @w the ASCII bytes from @p on (only letters when @letters_only), up to @end or
 * ASCII_WORD_MAX bytes; returns where it stopped. */
static inline const char *
ascii_word_read (AsciiWord *w, const char *p, const char *end, gboolean letters_only)
{
  const char *start = p, *stop = end - p > ASCII_WORD_MAX ? p + ASCII_WORD_MAX : end;
  guint letters = 0, upper = 0;
  guint previous = 0; /* the letter before (& 31), 0: none */
  guint32 excluded = 0, spelled = 0, hash = STOPWORD_HASH_START;
  for (; p < stop; p++) {
    guchar c = (guchar) *p;
    if (c >= 0x80)
      break;
    guchar lower = (guchar) model.ascii_lower[c];
    if (lower != 0) {
      letters++;
      upper += lower != c; /* a capital is not its own lowercase */
      excluded |= model.absent[lower];
      spelled |= model.ascii_spelling[previous][lower & 31];
      previous = lower & 31;
      c = lower;
    } else if (letters_only) {
      break;
    } else {
      previous = 0;
    }
    w->lower[p - start] = (char) c;
    hash = stopword_hash_add (hash, c);
  }
  w->len = (guint) (p - start);
  w->letters = letters;
  w->upper = upper;
  w->excluded = excluded;
  w->spelled = spelled;
  w->hash = hash;
  return p;
}

/* count_word() of the ASCII word @w, read from @p. */
static void
count_ascii_word (Counts *counts, const AsciiWord *w, const char *p, Script script)
{
  gboolean caps = w->letters >= 2 && w->upper == w->letters;
  gboolean capitalized = w->upper > 0 && is_upper ((guchar) *p);
  counts->words[script]++;
  if (caps)
    counts->caps_words[script]++;
  count_fit (counts, script, model.alphabet_mask[script], FALSE, w->excluded, w->spelled,
             capitalized);
  if (w->letters == w->len) /* no apostrophe: no parts to look up */
    count_stop (counts, stopword_mask (w->lower, w->len, w->hash), script, caps);
  else
    count_stopwords (counts, w->lower, w->len, w->hash, script, caps);
}

/* The normalized form (NFKC, case-folded: text_normalize_token()) of the character @c, from
 * U+0080 to LETTER_LIMIT, when it is one character and also its form within any word: @c and
 * it are starters (combining class 0), and no starter below LETTER_LIMIT composes with the one
 * before it (checked over all pairs with utf8proc 2.6); not an apostrophe, which
 * text_normalize_token() folds. 0: none such. Worked out on first use (threads that race
 * store the same value). */
static gunichar
letter_fold (utf8proc_int32_t c)
{
  gint known = g_atomic_int_get (&model.fold[c]);
  if (known != 0)
    return known > 0 ? (gunichar) known : 0;
  gint folded = -1;
  if (utf8proc_get_property (c)->combining_class == 0 && c != 0x02BC) {
    utf8proc_uint8_t bytes[4], *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map (bytes, utf8proc_encode_char (c, bytes), &mapped,
                                       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT
                                       | UTF8PROC_CASEFOLD);
    utf8proc_int32_t f = -1;
    if (n > 0 && utf8proc_iterate (mapped, n, &f) == n
        && utf8proc_get_property (f)->combining_class == 0
        && f != 0x02BC && f != 0x2018 && f != 0x2019)
      folded = f;
    free (mapped);
  }
  g_atomic_int_set (&model.fold[c], folded);
  return folded > 0 ? (gunichar) folded : 0;
}

/* Writes the normalized form of the word [p, end) (not all ASCII) into @normalized, as
 * text_normalize_token() would, when it is the forms of its characters one by one
 * (letter_fold()). FALSE: it is not. */
static gboolean
fold_word (const char *p, const char *end, GString *normalized)
{
  g_string_truncate (normalized, 0);
  int size;
  for (const char *q = p; q < end; q += size) {
    utf8proc_int32_t c = decode (q, end, &size);
    if (c < 0)
      return FALSE;
    if (c < 0x80) {
      g_string_append_c (normalized, g_ascii_tolower ((char) c));
      continue;
    }
    gunichar folded = c < LETTER_LIMIT ? letter_fold (c) : 0;
    if (folded == 0)
      return FALSE;
    g_string_append_unichar (normalized, folded);
  }
  return TRUE;
}

/* One word [p, end) of @script: its letters, and whether it is a stop word. */
static void
count_word (Counts *counts, const char *p, const char *end, Script script)
{
  if (script == SCRIPT_UNSPACED || script == SCRIPT_OTHER) {
    counts->words[script]++;
    return;
  }
  AsciiWord w;
  if (end - p <= ASCII_WORD_MAX && ascii_word_read (&w, p, end, FALSE) == end) {
    count_ascii_word (counts, &w, p, script);
    return;
  }
  guint letters = 0, upper = 0;
  gboolean ascii = TRUE;
  int size;
  for (const char *q = p; q < end; q += size) {
    utf8proc_int32_t c = decode (q, end, &size);
    ascii &= size == 1;
    if (is_letter (c)) {
      letters++;
      upper += is_upper (c);
    }
  }
  gboolean caps = letters >= 2 && upper == letters;
  gboolean capitalized = upper > 0 && is_upper (decode (p, end, &size));
  counts->words[script]++;
  if (caps)
    counts->caps_words[script]++;

  if (counts->normalized == NULL)
    counts->normalized = g_string_sized_new (64);
  GString *normalized = counts->normalized;
  if (ascii) {
    g_string_set_size (normalized, (gsize) (end - p));
    for (gsize i = 0; i < normalized->len; i++)
      normalized->str[i] = g_ascii_tolower (p[i]);
  } else if (!fold_word (p, end, normalized)) {
    g_string_truncate (normalized, 0);
    text_normalize_token (p, (gsize) (end - p), normalized);
  }
  count_letters (counts, normalized->str, normalized->len, ascii ? NULL : p, end, script,
                 capitalized);
  count_stopwords (counts, normalized->str, normalized->len,
                   stopword_hash (normalized->str, normalized->len), script, caps);
}

/* Is the one-letter word [p, end) a capital that stands for something ("J. K.", "H&M",
 * "A.K.A.") rather than a word ("A man", "I think")? Words go on with a space and a lowercase
 * letter. */
static gboolean
is_initial (const char *p, const char *end, const char *text_end)
{
  int size;
  utf8proc_int32_t c = decode (p, end, &size);
  if (p + size != end || !is_upper (c))
    return FALSE;
  if (end >= text_end || *end != ' ')
    return TRUE;
  utf8proc_int32_t next = decode (end + 1, text_end, &size);
  return !(is_letter (next) && !is_upper (next));
}

/* Words of the sample: letters and marks, with apostrophes and the Catalan middle dot (l·l)
 * inside. A character of a script without spaces is a word on its own. */
static void
count_sample (Counts *counts, const char *text, gsize len)
{
  const char *p = text, *end = text + len;
  const char *word = NULL;
  Script word_script = SCRIPT_OTHER;
  int size = 1;
  while (p <= end) {
    /* Outside words, an ASCII character that is no letter counts for nothing. */
    if (word == NULL && p < end && (guchar) *p < 0x80 && !is_ascii_letter (*p)) {
      p++;
      continue;
    }
    /* A run of ASCII letters (most of most texts), not decoded: what the branch of letters
     * below does for each (they are Latin, and no word starts with an unspaced letter). */
    if (p < end && is_ascii_letter (*p)) {
      const char *run = p;
      if (word != NULL) {
        do
          p++;
        while (p < end && is_ascii_letter (*p));
        counts->letters[SCRIPT_LATIN] += (guint) (p - run);
        continue;
      }
      /* A word: read as it goes for count_ascii_word() ... */
      AsciiWord w;
      p = ascii_word_read (&w, p, end, TRUE);
      counts->letters[SCRIPT_LATIN] += (guint) (p - run);
      /* ... which counts it when it ends here, at the end or at an ASCII character that is no
       * letter nor apostrophe (as the branch of other characters below would). Else its
       * characters that follow (an apostrophe, letters beyond ASCII) are read one by one. */
      if (p == end || ((guchar) *p < 0x80 && !is_ascii_letter (*p) && *p != '\'')) {
        if (p - run > 1 || !is_initial (run, p, end))
          count_ascii_word (counts, &w, run, SCRIPT_LATIN);
        continue;
      }
      word = run;
      word_script = SCRIPT_LATIN;
      continue;
    }
    utf8proc_int32_t c = p < end ? decode (p, end, &size) : -1;
    if (p == end)
      size = 1;
    if (is_letter (c)) {
      Script script = script_of (c);
      counts->letters[script]++;
      if (word != NULL && script != word_script
          && (script == SCRIPT_UNSPACED || word_script == SCRIPT_UNSPACED)) {
        count_word (counts, word, p, word_script);
        word = NULL;
      }
      if (script == SCRIPT_UNSPACED)
        counts->words[script]++;
      else if (word == NULL) {
        word = p;
        word_script = script;
      }
    } else if (word != NULL && !is_mark (c)) {
      gboolean inner = FALSE;
      if ((is_apostrophe (c) || c == 0x00B7) && p + size < end) {
        int next_size;
        inner = is_letter (decode (p + size, end, &next_size));
      }
      if (!inner) {
        if (!is_initial (word, p, end))
          count_word (counts, word, p, word_script);
        word = NULL;
      }
    }
    p += size;
  }
}

/* ---- Character trigrams --------------------------------------------------------------- */

/* Stop words name the language of a paragraph, but a title of five words may hold none
 * ("Google faces tax investigation by China"). For such short texts the letters decide:
 * each language with prose in data/langid/ (written for abridge, about 3 KB each: news
 * of the kind the engine summarizes) has the frequencies of its letter trigrams, words padded
 * with a space (" th", "the", "he "), and a short text goes to the language under which its
 * trigrams are most likely, if that language knows most of them and beats the next one
 * clearly. Otherwise the text stays undetected. */

/* Only texts of at most this many words (of the main script, acronyms left out) ... */
#define TRIGRAM_MAX_WORDS 40
/* ... and with at least this many trigrams are judged by their letters. */
#define TRIGRAM_MIN_COUNT 20
/* A guess: the share of the text's trigrams that the language's prose shows, and its lead
 * over the language with the next highest share. */
#define TRIGRAM_MIN_KNOWN 0.7
#define TRIGRAM_MIN_LEAD 0.1
/* The stop words' choice for a short text with fewer signals than this is checked against
 * its letters: a contradiction is when the chosen language's prose shows less than this
 * share of its trigrams ... */
#define TRIGRAM_CHECK_SIGNALS 4
#define TRIGRAM_MAX_KNOWN_CONTRADICTED 0.5
/* ... and the likeliest language's prose shows this much more. */
#define TRIGRAM_CONTRADICTION_LEAD 0.2
/* A trigram's probability mixes the relative frequencies of the trigram, of its last two
 * letters and of its last letter (and a floor), so that the trigrams the prose never showed
 * still count by their letters. */
#define TRIGRAM_WEIGHT_3 0.6
#define TRIGRAM_WEIGHT_2 0.25
#define TRIGRAM_WEIGHT_1 0.1
#define TRIGRAM_WEIGHT_0 (0.05 / 1000)

#define TRIGRAM_KEY(a, b, c) \
  (((guint64) (a) << 42) | ((guint64) (b) << 21) | (guint64) (c))

typedef void (*TrigramFunc) (guint64 key, gpointer data);

/* Calls @func for each trigram of the words of [p, end) written in @script (lower case, padded
 * with spaces). Words in capitals ("NASA") are acronyms and left out unless @capitals. */
static void
for_each_trigram (const char *p, const char *end, Script script, gboolean capitals,
                  TrigramFunc func, gpointer data)
{
  int size;
  while (p < end) {
    utf8proc_int32_t c = decode (p, end, &size);
    if (!is_letter (c) || script_of (c) != script) {
      p += size;
      continue;
    }
    const char *word = p;
    guint letters = 0, upper = 0;
    while (p < end && is_letter (c = decode (p, end, &size)) && script_of (c) == script) {
      letters++;
      upper += is_upper (c);
      p += size;
    }
    if (letters >= 2 && upper == letters && !capitals)
      continue;
    gunichar a = ' ', b = ' ';
    for (const char *q = word; q <= p; q += size) {
      gunichar x = ' ';
      size = 1;
      if (q < p)
        x = utf8proc_tolower (decode (q, p, &size));
      if (a != ' ' || b != ' ')
        func (TRIGRAM_KEY (a, b, x), data);
      a = b;
      b = x;
    }
  }
}

typedef struct {
  GArray *counts;     /* guint32[trigram_columns] per row */
  guint column;
  double totals[3];   /* n-grams of each order counted in the column */
} TrigramTraining;

/* The slot of @key in the n-gram table: its own, or the empty one where it would go. */
static guint
ngram_slot (guint64 key)
{
  guint j = (guint) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 40) & model.ngram_mask;
  while (model.ngram_keys[j] != 0 && model.ngram_keys[j] != key)
    j = (j + 1) & model.ngram_mask;
  return j;
}

static void
ngram_table_grow (void)
{
  guint64 *keys = model.ngram_keys;
  guint32 *rows = model.ngram_rows;
  guint size = model.ngram_mask ? (model.ngram_mask + 1) * 2 : 1u << 15;
  guint old_size = model.ngram_mask ? model.ngram_mask + 1 : 0;
  model.ngram_keys = g_new0 (guint64, size);
  model.ngram_rows = g_new0 (guint32, size);
  model.ngram_mask = size - 1;
  for (guint i = 0; i < old_size; i++) {
    if (keys[i] == 0)
      continue;
    guint j = ngram_slot (keys[i]);
    model.ngram_keys[j] = keys[i];
    model.ngram_rows[j] = rows[i];
  }
  g_free (keys);
  g_free (rows);
}

/* The row + 1 of an n-gram, 0 when no prose has it. */
static guint
ngram_row (guint64 key)
{
  return model.ngram_rows[ngram_slot (key)];
}

static void
count_ngram (TrigramTraining *t, guint64 key, guint order)
{
  guint j = ngram_slot (key);
  if (model.ngram_keys[j] == 0) {
    g_array_set_size (t->counts, t->counts->len + model.trigram_columns);
    model.ngram_keys[j] = key;
    model.ngram_rows[j] = ++model.ngram_count;
    if (model.ngram_count * 2 > model.ngram_mask) {
      ngram_table_grow ();
      j = ngram_slot (key);
    }
  }
  g_array_index (t->counts, guint32,
                 (model.ngram_rows[j] - 1) * model.trigram_columns + t->column)++;
  t->totals[order - 1]++;
}

/* A trigram abc counts as abc, bc (key 0bc) and c (key 00c); code point 0 never occurs. */
static void
train_trigram (guint64 key, gpointer data)
{
  TrigramTraining *t = data;
  count_ngram (t, key, 3);
  count_ngram (t, key & TRIGRAM_KEY (0, 0x1FFFFF, 0x1FFFFF), 2);
  count_ngram (t, key & TRIGRAM_KEY (0, 0, 0x1FFFFF), 1);
}

static void
build_trigrams (void)
{
  const char *prose[MAX_PROFILES] = { NULL };
  gsize prose_size[MAX_PROFILES] = { 0 };
  model.trigram_columns = 0;
  for (guint i = 0; i < MAX_PROFILES; i++) {
    model.trigram_column[i] = -1;
    if (model.info[i] == NULL)
      continue;
    g_autofree char *path = g_strdup_printf ("langid/%s.txt", profiles[i].name);
    prose[i] = data_file (path, &prose_size[i]);
    if (prose[i] != NULL)
      model.trigram_column[i] = (gint) model.trigram_columns++;
  }
  ngram_table_grow ();
  GArray *counts = g_array_new (FALSE, TRUE, sizeof (guint32));
  double totals[MAX_PROFILES][3] = { { 0 } };
  for (guint i = 0; i < MAX_PROFILES; i++) {
    if (prose[i] == NULL)
      continue;
    TrigramTraining t = { counts, (guint) model.trigram_column[i], { 0 } };
    const char *p = prose[i], *end = p + prose_size[i];
    while (p < end) {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      if (eol == NULL)
        eol = end;
      if (*p != '#')
        for_each_trigram (p, eol, profiles[i].script, FALSE, train_trigram, &t);
      p = eol + 1;
    }
    memcpy (totals[t.column], t.totals, sizeof t.totals);
    counts = t.counts;
  }
  /* Relative frequencies among the n-grams of the same order, then the mixed probability of
   * each n-gram: a trigram's mixes those of the trigram, its bigram and its unigram, so that
   * one that some prose never showed still counts by its last letters (score_trigram()). */
  guint rows = model.ngram_count;
  gsize columns = MAX (model.trigram_columns, 1);
  float *freq = g_new0 (float, (gsize) rows * columns);
  model.trigram_logp = g_new (float, (gsize) rows * columns);
  model.trigram_seen = g_new0 (guint32, rows);
  for (guint j = 0; j <= model.ngram_mask; j++) {
    guint64 k = model.ngram_keys[j];
    if (k == 0)
      continue;
    guint order = (k >> 42) != 0 ? 3 : ((k >> 21) != 0 ? 2 : 1);
    gsize r = (model.ngram_rows[j] - 1) * columns;
    for (guint col = 0; col < model.trigram_columns; col++) {
      double total = totals[col][order - 1];
      guint32 n = g_array_index (counts, guint32, r + col);
      freq[r + col] = total > 0 ? (float) (n / total) : 0;
      if (n > 0)
        model.trigram_seen[model.ngram_rows[j] - 1] |= 1u << col;
    }
  }
  for (guint j = 0; j <= model.ngram_mask; j++) {
    guint64 k = model.ngram_keys[j];
    if (k == 0)
      continue;
    guint64 k2 = k & TRIGRAM_KEY (0, 0x1FFFFF, 0x1FFFFF), k1 = k & TRIGRAM_KEY (0, 0, 0x1FFFFF);
    guint r2 = k2 != k ? ngram_row (k2) : 0;
    guint r1 = k1 != k ? ngram_row (k1) : 0;
    gsize r = (model.ngram_rows[j] - 1) * columns;
    double weight = (k >> 42) != 0 ? TRIGRAM_WEIGHT_3
                    : ((k >> 21) != 0 ? TRIGRAM_WEIGHT_2 : TRIGRAM_WEIGHT_1);
    for (guint col = 0; col < model.trigram_columns; col++) {
      double p = TRIGRAM_WEIGHT_0 + weight * freq[r + col];
      if (r2 != 0)
        p += TRIGRAM_WEIGHT_2 * freq[(r2 - 1) * columns + col];
      if (r1 != 0)
        p += TRIGRAM_WEIGHT_1 * freq[(r1 - 1) * columns + col];
      model.trigram_logp[r + col] = logf ((float) p);
    }
  }
  g_free (freq);
  g_array_unref (counts);
}

typedef struct {
  double score[MAX_PROFILES];   /* by column: sum of log P */
  guint known[MAX_PROFILES];    /* by column: trigrams seen in that language's prose */
  guint count;
} TrigramScore;

/* A trigram's log probability under each language: that of the trigram when some prose has
 * it, else that of its last two letters, else of its last letter, else the floor. */
static void
score_trigram (guint64 key, gpointer data)
{
  TrigramScore *t = data;
  t->count++;
  guint row = ngram_row (key);
  guint32 seen = row != 0 ? model.trigram_seen[row - 1] : 0;
  if (row == 0)
    row = ngram_row (key & TRIGRAM_KEY (0, 0x1FFFFF, 0x1FFFFF));
  if (row == 0)
    row = ngram_row (key & TRIGRAM_KEY (0, 0, 0x1FFFFF));
  if (row == 0) {
    for (guint col = 0; col < model.trigram_columns; col++)
      t->score[col] += log (TRIGRAM_WEIGHT_0);
    return;
  }
  const float *logp = &model.trigram_logp[(row - 1) * (gsize) model.trigram_columns];
  for (guint col = 0; col < model.trigram_columns; col++) {
    t->score[col] += logp[col];
    t->known[col] += (seen >> col) & 1;
  }
}

/* The trigrams of the short text [text, text + len), scored under each language. */
static void
score_text (const char *text, gsize len, Script script, gboolean capitals, TrigramScore *t)
{
  /* Only short texts with thin stop-word evidence get here: the trigram model is built on
   * the first of them, not at every start (about 28 ms of a one-file run). */
  static gsize trigrams_ready;
  if (g_once_init_enter (&trigrams_ready)) {
    build_trigrams ();
    g_once_init_leave (&trigrams_ready, 1);
  }
  memset (t, 0, sizeof *t);
  for_each_trigram (text, text + len, script, capitals, score_trigram, t);
}

/* The language among @candidates that the text's letters point to: the one whose prose shows
 * most of its trigrams, when that is also the one under which they are most likely, it shows
 * at least TRIGRAM_MIN_KNOWN of them and TRIGRAM_MIN_LEAD more than any other. -1: none. */
static gint
trigram_guess (const TrigramScore *t, guint32 candidates)
{
  if (t->count < TRIGRAM_MIN_COUNT)
    return -1;
  gint likeliest = -1, most_known = -1;
  guint runner_up = 0;
  for (guint i = 0; i < MAX_PROFILES; i++) {
    gint col = model.trigram_column[i];
    if (col < 0 || !(candidates & (1u << i)))
      continue;
    if (likeliest < 0 || t->score[col] > t->score[model.trigram_column[likeliest]])
      likeliest = (gint) i;
    if (most_known < 0 || t->known[col] > t->known[model.trigram_column[most_known]]) {
      if (most_known >= 0)
        runner_up = t->known[model.trigram_column[most_known]];
      most_known = (gint) i;
    } else {
      runner_up = MAX (runner_up, t->known[col]);
    }
  }
  if (likeliest < 0 || likeliest != most_known)
    return -1;
  guint known = t->known[model.trigram_column[most_known]];
  if (known < TRIGRAM_MIN_KNOWN * t->count || known - runner_up < TRIGRAM_MIN_LEAD * t->count)
    return -1;
  return most_known;
}

/* Do the letters of a short text contradict @language, that its stop words chose? They do
 * when its prose shows fewer than TRIGRAM_MAX_KNOWN_CONTRADICTED of the text's trigrams and
 * another language, the likeliest, shows TRIGRAM_CONTRADICTION_LEAD more ("Politsei pidas
 * kinni kaks meest", Estonian, has two Dutch stop words but not its letters). */
static gboolean
trigrams_contradict (const TrigramScore *t, guint language, guint32 candidates)
{
  gint own = model.trigram_column[language];
  if (own < 0 || t->count < TRIGRAM_MIN_COUNT)
    return FALSE;
  if (t->known[own] >= TRIGRAM_MAX_KNOWN_CONTRADICTED * t->count)
    return FALSE;
  gint likeliest = -1;
  for (guint i = 0; i < MAX_PROFILES; i++) {
    gint col = model.trigram_column[i];
    if (col >= 0 && (candidates & (1u << i))
        && (likeliest < 0 || t->score[col] > t->score[model.trigram_column[likeliest]]))
      likeliest = (gint) i;
  }
  if (likeliest < 0 || (guint) likeliest == language)
    return FALSE;
  return t->known[model.trigram_column[likeliest]]
         >= t->known[own] + TRIGRAM_CONTRADICTION_LEAD * t->count;
}

/* ---- Decision -------------------------------------------------------------------------- */

/* The script of most of the counted letters, or SCRIPT_OTHER with @total 0. */
static Script
dominant_script (const Counts *counts, guint *total)
{
  Script script = SCRIPT_OTHER;
  *total = 0;
  for (guint s = 0; s < SCRIPT_COUNT; s++) {
    *total += counts->letters[s];
    if (counts->letters[s] > counts->letters[script])
      script = (Script) s;
  }
  return script;
}

/* The evidence for language @i: its stop words, plus the words whose letters or spellings fit
 * it (each shared among the languages it fits), less the words foreign to it. */
static double
evidence (const Counts *counts, guint i)
{
  return counts->hits[i] + counts->support[i] - (double) counts->foreign[i];
}

/* A decision on the first bytes of a longer text (256 to DETECT_QUICK_BYTES), when they leave
 * no doubt: one script has nearly all the letters, and in it one language has many stop words
 * (QUICK_MIN_HITS, however few bytes), a large share of the words, and at least twice the score
 * of any other. NULL: read on. */
static const LanguageInfo *
quick_decision (const Counts *counts)
{
  guint total;
  Script script = dominant_script (counts, &total);
  guint32 candidates = model.script_mask[script];
  if (total == 0 || candidates == 0 || counts->letters[script] < QUICK_SCRIPT_SHARE * total)
    return NULL;
  double words = counts->words[script] - counts->caps_words[script];
  gint best = -1;
  double best_score = 0, second_score = 0;
  for (guint i = 0; i < MAX_PROFILES; i++) {
    if (!(candidates & (1u << i)))
      continue;
    double score = evidence (counts, i);
    if (best < 0 || score > best_score) {
      second_score = best < 0 ? 0 : best_score;
      best = (gint) i;
      best_score = score;
    } else {
      second_score = MAX (second_score, score);
    }
  }
  if (best < 0 || profiles[best].min_share > 0 || counts->hits[best] < QUICK_MIN_HITS
      || counts->hits[best] < QUICK_MIN_HIT_SHARE * words || best_score < 2 * second_score)
    return NULL;
  return model.info[best];
}

const LanguageInfo *
detect_language (const char *text, gsize len)
{
  if (g_once_init_enter (&model_ready)) {
    build_model ();
    g_once_init_leave (&model_ready, 1);
  }

  /* The sample: at most DETECT_SAMPLE_BYTES, ending at a character boundary. */
  if (len > DETECT_SAMPLE_BYTES) {
    len = DETECT_SAMPLE_BYTES;
    while (len > 0 && ((guchar) text[len] & 0xC0) == 0x80)
      len--;
  }
  Counts counts = { 0 };
  /* A text longer than a step past the first try is counted in parts cut at a space, the
   * decision tried after each part of its first DETECT_QUICK_BYTES: most are decided there,
   * many before the end of them. A part ends at the text's end at the latest. */
  const LanguageInfo *quick = NULL;
  gsize counted = 0;
  if (len > (DETECT_QUICK_FIRST + 1) * DETECT_QUICK_STEP) {
    for (gsize step = DETECT_QUICK_FIRST * DETECT_QUICK_STEP;
         quick == NULL && step <= DETECT_QUICK_BYTES; step += DETECT_QUICK_STEP) {
      gsize cut = MIN (MAX (step, counted), len);
      while (cut < len && text[cut] != ' ' && text[cut] != '\n')
        cut++;
      count_sample (&counts, text + counted, cut - counted);
      counted = cut;
      if (counted == len)
        break; /* no space left to cut at: the whole text decides */
      quick = quick_decision (&counts);
    }
  }
  if (quick == NULL && counted < len)
    count_sample (&counts, text + counted, len - counted);
  if (counts.normalized != NULL)
    g_string_free (counts.normalized, TRUE);
  if (quick != NULL)
    return quick;

  /* The script of most letters. */
  guint total;
  Script script = dominant_script (&counts, &total);
  if (total == 0 || counts.letters[script] < DOMINANT_SCRIPT_SHARE * total
      || model.script_mask[script] == 0)
    return lang_none ();
  guint32 candidates = model.script_mask[script];
  guint only = (guint) g_bit_nth_lsf (candidates, -1);
  if ((candidates & (candidates - 1)) == 0 && profiles[only].min_share == 0)
    return model.info[only]; /* the script's only language */

  /* Words in capitals are acronyms ("AL", "IT"), unless the text is written in capitals. */
  double words = counts.words[script];
  gboolean in_capitals = counts.caps_words[script] * 2 > counts.words[script];
  if (!in_capitals)
    words -= counts.caps_words[script];
  if (words <= 0)
    return lang_none ();

  /* score(L) = (stop words of L + support(L) - words foreign to L) / words, where support(L)
   * sums 1/k over the words whose letters or spellings fit L and k-1 other languages. The
   * highest score wins (ties: table order). */
  gint best = -1;
  double best_score = 0;
  for (guint i = 0; i < MAX_PROFILES; i++) {
    if (!(candidates & (1u << i)))
      continue;
    if (in_capitals)
      counts.hits[i] += counts.caps_hits[i];
    double score = evidence (&counts, i) / words;
    if (best < 0 || score > best_score) {
      best = (gint) i;
      best_score = score;
    }
  }
  /* Too few signals: none, unless the text is short and its letters tell (trigram_guess()).
   * A short text named by few signals is also checked against its letters. */
  double signals = counts.hits[best] + counts.fitting[best];
  gboolean short_text = words <= TRIGRAM_MAX_WORDS;
  TrigramScore trigrams;
  if (best_score <= 0 || signals < MIN_SIGNALS || signals < MIN_SIGNAL_SHARE * words
      || counts.hits[best] < profiles[best].min_share * words) {
    if (!short_text)
      return lang_none ();
    score_text (text, len, script, in_capitals, &trigrams);
    gint guess = trigram_guess (&trigrams, candidates);
    return guess >= 0 ? model.info[guess] : lang_none ();
  }
  if (short_text && signals < TRIGRAM_CHECK_SIGNALS) {
    score_text (text, len, script, in_capitals, &trigrams);
    if (trigrams_contradict (&trigrams, (guint) best, candidates))
      return lang_none ();
  }
  return model.info[best];
}
