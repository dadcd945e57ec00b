/* document.c — the engine handle and the analyzed document: prepares the text, detects its
 * language (auto engines), segments it, then maps each distinct token to a word (normalized
 * once, stop flag, stem) and each stem to a term id with its frequencies and IDF weight.
 * Summaries and keywords read only this. */
#include "abridge-private.h"

#include <libstemmer.h>
#include <math.h>
#include <string.h>

#define DEFAULT_MAX_BYTES ((gsize) 256 * 1024 * 1024)

G_DEFINE_QUARK (abridge-error-quark, abridge_error)

const char *
abridge_version (void)
{
  return ABRIDGE_VERSION_STRING;
}

/* ---- Engine ---------------------------------------------------------------------------- */

/* A number no other engine state has had: the per-thread word caches (below) belong to one. */
static guint64
engine_next_serial (void)
{
  static guint64 last;
  G_LOCK_DEFINE_STATIC (last);
  G_LOCK (last);
  guint64 serial = ++last;
  G_UNLOCK (last);
  return serial;
}

AbridgeEngine *
abridge_engine_new (const char *language, GError **error)
{
  gboolean detect = language != NULL && g_ascii_strcasecmp (language, "auto") == 0;
  const LanguageInfo *info = detect ? lang_none () : lang_lookup (language);
  if (info == NULL) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_LANGUAGE,
                 "unknown language '%s' (see 'abridge languages')", language);
    return NULL;
  }
  AbridgeEngine *engine = g_new0 (AbridgeEngine, 1);
  engine->serial = engine_next_serial ();
  engine->language = info;
  engine->stopwords = lang_load_stopwords (info->name);
  engine->abbrevs = lang_load_abbrevs (info->name);
  engine->max_bytes = DEFAULT_MAX_BYTES;
  if (detect) {
    /* A language's lists are loaded when a document first needs them (engine_resources). */
    guint count;
    const LanguageInfo *const *all = lang_all (&count);
    engine->language = lang_auto ();
    engine->detected = g_new0 (LanguageResources, count + 1);
    for (guint i = 0; i < count; i++)
      engine->detected[i].language = all[i];
    LanguageResources *none = &engine->detected[count];
    none->language = lang_none ();
    none->stopwords = g_hash_table_ref (engine->stopwords);
    none->abbrevs = g_hash_table_ref (engine->abbrevs);
    none->loaded = 1;
    engine->detected_count = count + 1;
    (void) detect_language ("", 0); /* builds the detection tables before any thread runs */
  } else {
    engine->detected = g_new0 (LanguageResources, 1);
    engine->detected[0].language = info;
    engine->detected[0].stopwords = g_hash_table_ref (engine->stopwords);
    engine->detected[0].abbrevs = g_hash_table_ref (engine->abbrevs);
    engine->detected[0].loaded = 1;
    engine->detected_count = 1;
  }
  return engine;
}

static void word_caches_forget (guint64 serial);

void
abridge_engine_free (AbridgeEngine *engine)
{
  if (engine == NULL)
    return;
  word_caches_forget (engine->serial);
  for (guint i = 0; i < engine->detected_count; i++) {
    g_clear_pointer (&engine->detected[i].stopwords, g_hash_table_unref);
    g_clear_pointer (&engine->detected[i].abbrevs, g_hash_table_unref);
  }
  g_free (engine->detected);
  g_hash_table_unref (engine->stopwords);
  g_hash_table_unref (engine->abbrevs);
  abridge_idf_free (engine->idf);
  if (engine->boilerplate)
    g_hash_table_unref (engine->boilerplate);
  g_free (engine);
}

/* Loads @r's lists if that is not done yet. Thread-safe: documents of several threads may
 * need the same language first at the same time. */
static void
resources_load (LanguageResources *r)
{
  if (g_once_init_enter (&r->loaded)) {
    r->stopwords = lang_load_stopwords (r->language->name);
    r->abbrevs = lang_load_abbrevs (r->language->name);
    g_once_init_leave (&r->loaded, 1);
  }
}

const LanguageResources *
engine_resources (const AbridgeEngine *engine, const LanguageInfo *language)
{
  LanguageResources *r = &engine->detected[engine->detected_count - 1]; /* auto: "none"; fixed:
                                                                          * the language */
  for (guint i = 0; i < engine->detected_count; i++) {
    if (engine->detected[i].language == language) {
      r = &engine->detected[i];
      break;
    }
  }
  resources_load (r);
  return r;
}

static void
add_stopwords (GHashTable *set, const char *const *words, gboolean replace)
{
  if (replace)
    g_hash_table_remove_all (set);
  for (; words != NULL && *words != NULL; words++) {
    GString *normalized = g_string_new (NULL);
    const char *w = g_strstrip (g_strdup (*words));
    text_normalize_token (w, strlen (w), normalized);
    g_free ((char *) w);
    if (normalized->len == 0) {
      g_string_free (normalized, TRUE);
      continue;
    }
    char *key = g_string_free (normalized, FALSE);
    g_hash_table_replace (set, key, key);
  }
}

void
abridge_engine_set_stopwords (AbridgeEngine *engine, const char *const *words, gboolean replace)
{
  g_return_if_fail (engine != NULL);
  /* An auto engine changes the list of every language (and of "none"). The lists that
   * detection uses are the built-in ones. */
  for (guint i = 0; i < engine->detected_count; i++) {
    resources_load (&engine->detected[i]); /* the change applies to lists not needed yet too */
    add_stopwords (engine->detected[i].stopwords, words, replace);
  }
  word_caches_forget (engine->serial); /* cached stop flags are out of date */
  engine->serial = engine_next_serial ();
}

void
abridge_engine_set_max_bytes (AbridgeEngine *engine, gsize max_bytes)
{
  g_return_if_fail (engine != NULL);
  engine->max_bytes = max_bytes;
}

const char *
abridge_engine_get_language (const AbridgeEngine *engine)
{
  g_return_val_if_fail (engine != NULL, NULL);
  return engine->language->name;
}

const char *
abridge_detect_language (const char *text, gssize len)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  return detect_language (text ? text : "", len < 0 ? strlen (text) : (gsize) len)->name;
}

/* ---- Word cache ------------------------------------------------------------------------ */

static guint32
hash_bytes (const char *p, gsize n)
{
  guint32 h = 2166136261u; /* FNV-1a */
  for (gsize i = 0; i < n; i++) {
    h ^= (guchar) p[i];
    h *= 16777619u;
  }
  return h;
}

/* The first 8 bytes of a word (all of most words) as one number (little-endian), zero-padded:
 * words of the same length are equal when these and the bytes after them are. Loaded without
 * a loop or a read past the word. */
static inline guint64
word_prefix (const char *p, gsize n)
{
  guint64 x = 0;
  if (n >= 8) {
    memcpy (&x, p, 8);
    x = GUINT64_FROM_LE (x);
  } else if (n >= 4) {
    guint32 head, tail;
    memcpy (&head, p, 4);
    memcpy (&tail, p + n - 4, 4);
    /* The overlapping bytes agree. */
    x = GUINT32_FROM_LE (head) | ((guint64) GUINT32_FROM_LE (tail) << (8 * (n - 4)));
  } else if (n > 0) {
    x = (guchar) p[0] | ((guint64) (guchar) p[n / 2] << (8 * (n / 2)))
        | ((guint64) (guchar) p[n - 1] << (8 * (n - 1)));
  }
  return x;
}

/* word_prefix() of a word that has 8 bytes of text from its start on (before @text_end): one
 * load and a mask, without a branch on the word's length. */
static inline guint64
word_prefix_in (const char *p, gsize n, const char *text_end)
{
  if (text_end - p < 8)
    return word_prefix (p, n);
  guint64 x, keep = n >= 8 ? ~G_GUINT64_CONSTANT (0) : (G_GUINT64_CONSTANT (1) << (8 * n)) - 1;
  memcpy (&x, p, 8);
  return GUINT64_FROM_LE (x) & keep;
}

/* A hash of a word from its prefix, length and (past 8 bytes) its other bytes. Multiplying
 * the prefix rather than hashing byte by byte: words are short, and a loop over their bytes
 * costs a mispredicted exit per word. */
static inline guint32
word_hash (guint64 prefix, const char *p, gsize n)
{
  guint64 h = (prefix ^ ((guint64) n << 56)) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  if (n > 8)
    h ^= hash_bytes (p + 8, n - 8);
  h ^= h >> 32;
  h *= G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
  return (guint32) (h ^ (h >> 29));
}

/* Are the words [@a, @a+@n) and [@b, @b+@n), of equal prefixes, equal? */
static inline gboolean
word_rest_equal (const char *a, const char *b, gsize n)
{
  return n <= 8 || memcmp (a + 8, b + 8, n - 8) == 0;
}

/* A distinct token of a text (by its bytes), with what its first occurrence says of it: a
 * token is looked up by its bytes, and the first occurrence of those bytes (its kind and
 * elision) decides what they are in the whole document. */
typedef struct {
  guint64 prefix;             /* word_prefix() of the bytes */
  guint32 start, len, hash;   /* hash: word_hash() of the bytes */
  guint8 kind, elided;
} DistinctToken;

/* Work space of distinct_tokens(), kept by each thread between documents. */
typedef struct {
  DistinctToken *items;
  guint capacity;
  guint32 *slots;          /* index + 1; 0: empty */
  guint slot_count;
} DistinctScratch;

/* Past these sizes, the work space is given back after a document. */
#define KEEP_DISTINCT_MAX (1u << 18)

static void
distinct_scratch_clear (DistinctScratch *scratch)
{
  g_free (scratch->items);
  g_free (scratch->slots);
  memset (scratch, 0, sizeof *scratch);
}

/* The distinct tokens of @tokens, in order of first occurrence (*@count of them, in
 * @scratch); each token's word is set to its index there. The table has at least twice as
 * many slots as there are tokens, so it never fills or grows, and it is small enough for the
 * processor's cache for a document of some pages. */
static DistinctToken *
distinct_tokens (DistinctScratch *scratch, const char *text, gsize text_len, Token *tokens,
                 guint n_tokens, guint *count)
{
  guint size = 1024;
  while (size < 2 * (gsize) n_tokens)
    size *= 2;
  if (scratch->slot_count < size) {
    g_free (scratch->slots);
    scratch->slots = g_new (guint32, size);
    scratch->slot_count = size;
  }
  if (scratch->capacity < n_tokens) {
    g_free (scratch->items);
    scratch->capacity = MAX (n_tokens, 256);
    scratch->items = g_new (DistinctToken, scratch->capacity);
  }
  guint32 *slots = scratch->slots;
  DistinctToken *distinct = scratch->items;
  guint mask = size - 1, n = 0;
  memset (slots, 0, size * sizeof (guint32));
  for (guint i = 0; i < n_tokens; i++) {
    Token *token = &tokens[i];
    const char *p = text + token->start;
    guint len = token->end - token->start;
    guint64 prefix = word_prefix_in (p, len, text + text_len);
    guint32 h = word_hash (prefix, p, len);
    guint j = h & mask;
    guint32 v;
    for (; (v = slots[j]) != 0; j = (j + 1) & mask) {
      const DistinctToken *d = &distinct[v - 1];
      if (d->prefix == prefix && d->len == len && word_rest_equal (text + d->start, p, len))
        break;
    }
    if (v != 0) {
      token->word = v - 1;
      continue;
    }
    distinct[n] = (DistinctToken) { prefix, token->start, len, h, token->kind,
                                    (token->flags & TOKEN_ELIDED) != 0 };
    token->word = n;
    slots[j] = ++n;
  }
  *count = n;
  return distinct;
}

/* ---- Per-thread word cache -------------------------------------------------------------- */

/* The same words recur in every document: each thread keeps, for the engines and languages it
 * analyzes, what analysis learns of a distinct token (its normalized form, stop flag and stem),
 * so that normalization, the stop list lookup and the Snowball stemmer (not thread-safe: one per
 * thread) run once per word, not once per document. A cache belongs to one engine state
 * (AbridgeEngine.serial: changing the stop words starts a new one) and one language. Documents
 * copy what they use, so a cache can be dropped at any time between documents. */

#define WORD_CACHES_PER_THREAD 4
#define WORD_CACHE_MAX_WORDS (1u << 18)
#define WORD_CACHE_MAX_BYTES ((gsize) 16 * 1024 * 1024)
#define NO_STEM G_MAXUINT32

typedef struct {
  guint64 prefix;          /* word_prefix() of the raw token ... */
  guint32 key, key_len;    /* ... and the raw token, in the cache's bytes */
  guint32 normalized, normalized_len;
  guint32 stem;            /* index into stems, NO_STEM: not a term (stop word, URL) */
  guint8 kind;
  guint8 elided;
  guint8 stop;
} CachedWord;

typedef struct {
  guint32 start, len;      /* in the cache's bytes */
  guint32 stamp;           /* the document that last used it ... */
  guint32 term;            /* ... and its term id there */
} CachedStem;

/* A slot of the caches' hash tables: the hash is kept there so that probing does not read the
 * entries (scattered in memory) that cannot match. */
typedef struct {
  guint32 hash;
  guint32 index;           /* index + 1; 0 = empty */
} CacheSlot;

typedef struct {
  guint64 serial;          /* the engine state it belongs to; 0: unused */
  guint64 generation;      /* unique to this cache since its last init (idf_stem_counter) */
  const LanguageResources *resources;
  struct sb_stemmer *stemmer;
  gboolean romanian;
  GByteArray *bytes;
  GArray *words;           /* CachedWord */
  CacheSlot *word_slots;
  guint word_mask;
  GArray *stems;           /* CachedStem */
  CacheSlot *stem_slots;
  guint stem_mask;
  guint32 stamp;           /* the current document */
  guint64 last_use;
} WordCache;

typedef struct {
  WordCache caches[WORD_CACHES_PER_THREAD];
  guint64 clock;
  GArray *sentences;       /* abridge_idf_add_text's work arrays, kept between calls */
  GArray *tokens;
  DistinctScratch distinct;
} ThreadCaches;

static void
word_cache_clear (WordCache *cache)
{
  if (cache->stemmer)
    sb_stemmer_delete (cache->stemmer);
  if (cache->bytes)
    g_byte_array_unref (cache->bytes);
  if (cache->words)
    g_array_unref (cache->words);
  if (cache->stems)
    g_array_unref (cache->stems);
  g_free (cache->word_slots);
  g_free (cache->stem_slots);
  memset (cache, 0, sizeof *cache);
}

static void
thread_caches_free (gpointer data)
{
  ThreadCaches *caches = data;
  for (guint i = 0; i < WORD_CACHES_PER_THREAD; i++)
    word_cache_clear (&caches->caches[i]);
  if (caches->sentences)
    g_array_unref (caches->sentences);
  if (caches->tokens)
    g_array_unref (caches->tokens);
  distinct_scratch_clear (&caches->distinct);
  g_free (caches);
}

static GPrivate thread_caches = G_PRIVATE_INIT (thread_caches_free);

/* Drops the calling thread's caches of an engine state that is gone (other threads' caches
 * are replaced when they need room). */
static void
word_caches_forget (guint64 serial)
{
  ThreadCaches *caches = g_private_get (&thread_caches);
  for (guint i = 0; caches != NULL && i < WORD_CACHES_PER_THREAD; i++)
    if (caches->caches[i].serial == serial)
      word_cache_clear (&caches->caches[i]);
}

static void
word_cache_init (WordCache *cache, guint64 serial, const LanguageResources *resources)
{
  word_cache_clear (cache);
  cache->serial = serial;
  cache->generation = engine_next_serial ();
  cache->resources = resources;
  cache->romanian = strcmp (resources->language->name, "romanian") == 0;
  if (strcmp (resources->language->name, "none") != 0)
    cache->stemmer = sb_stemmer_new (resources->language->name, "UTF_8");
  cache->bytes = g_byte_array_sized_new (64 * 1024);
  cache->words = g_array_sized_new (FALSE, FALSE, sizeof (CachedWord), 4096);
  cache->stems = g_array_sized_new (FALSE, FALSE, sizeof (CachedStem), 4096);
  cache->word_mask = 8191;
  cache->word_slots = g_new0 (CacheSlot, cache->word_mask + 1);
  cache->stem_mask = 8191;
  cache->stem_slots = g_new0 (CacheSlot, cache->stem_mask + 1);
}

/* The calling thread's cache for @engine analyzing in the language of @resources, ready for a
 * new document. */
static ThreadCaches *
thread_caches_get (void)
{
  ThreadCaches *caches = g_private_get (&thread_caches);
  if (caches == NULL) {
    caches = g_new0 (ThreadCaches, 1);
    g_private_set (&thread_caches, caches);
  }
  return caches;
}

static WordCache *
word_cache_get (const AbridgeEngine *engine, const LanguageResources *resources)
{
  ThreadCaches *caches = thread_caches_get ();
  WordCache *cache = NULL, *oldest = &caches->caches[0];
  for (guint i = 0; i < WORD_CACHES_PER_THREAD; i++) {
    WordCache *c = &caches->caches[i];
    if (c->serial == engine->serial && c->resources == resources) {
      cache = c;
      break;
    }
    if (c->last_use < oldest->last_use)
      oldest = c;
  }
  /* A new cache, or one grown past its bounds: started afresh (only between documents). */
  if (cache == NULL || cache->words->len >= WORD_CACHE_MAX_WORDS
      || cache->bytes->len >= WORD_CACHE_MAX_BYTES) {
    if (cache == NULL)
      cache = oldest;
    word_cache_init (cache, engine->serial, resources);
  }
  cache->last_use = ++caches->clock;
  if (++cache->stamp == 0) {
    /* Wrapped around: no stem may look used by the new document. */
    CachedStem *stems = (CachedStem *) cache->stems->data;
    for (guint i = 0; i < cache->stems->len; i++)
      stems[i].stamp = 0;
    cache->stamp = 1;
  }
  return cache;
}

static guint32
word_cache_add_bytes (WordCache *cache, const char *p, gsize len)
{
  guint32 at = cache->bytes->len;
  g_byte_array_append (cache->bytes, (const guint8 *) p, (guint) len);
  return at;
}

static void
rehash (CacheSlot **slots, guint *mask)
{
  guint size = (*mask + 1) * 2;
  CacheSlot *grown = g_new0 (CacheSlot, size);
  for (guint i = 0; i <= *mask; i++) {
    if ((*slots)[i].index == 0)
      continue;
    guint j = (*slots)[i].hash & (size - 1);
    while (grown[j].index != 0)
      j = (j + 1) & (size - 1);
    grown[j] = (*slots)[i];
  }
  g_free (*slots);
  *slots = grown;
  *mask = size - 1;
}

/* The stem index of @stem, added when new. */
static guint32
word_cache_stem (WordCache *cache, const char *stem, gsize len)
{
  guint32 hash = hash_bytes (stem, len);
  guint j = hash & cache->stem_mask;
  for (;;) {
    const CacheSlot *slot = &cache->stem_slots[j];
    if (slot->index == 0)
      break;
    if (slot->hash == hash) {
      const CachedStem *s = &g_array_index (cache->stems, CachedStem, slot->index - 1);
      if (s->len == len && memcmp (cache->bytes->data + s->start, stem, len) == 0)
        return slot->index - 1;
    }
    j = (j + 1) & cache->stem_mask;
  }
  CachedStem entry = { 0, (guint32) len, 0, 0 };
  entry.start = word_cache_add_bytes (cache, stem, len);
  g_array_append_val (cache->stems, entry);
  cache->stem_slots[j] = (CacheSlot) { hash, cache->stems->len };
  if (cache->stems->len * 2 > cache->stem_mask)
    rehash (&cache->stem_slots, &cache->stem_mask);
  return cache->stems->len - 1;
}

static gboolean is_single_letter (const char *word);
static void romanian_commas (GString *word);

/* The hash a distinct token is looked up by in the word cache: its bytes, kind and elision. */
static inline guint32
word_cache_hash (const DistinctToken *d)
{
  return d->hash ^ ((guint32) d->kind * 0x9E3779B1u) ^ (d->elided ? 0x85EBCA6Bu : 0);
}

/* The first cached word whose slot shows @hash (or NULL): where word_cache_word() will look. */
static const CachedWord *
word_cache_candidate (const WordCache *cache, guint32 hash)
{
  for (guint j = hash & cache->word_mask; cache->word_slots[j].index != 0;
       j = (j + 1) & cache->word_mask)
    if (cache->word_slots[j].hash == hash)
      return &g_array_index (cache->words, CachedWord, cache->word_slots[j].index - 1);
  return NULL;
}

/* What analysis knows of the distinct token @d of @text (its bytes, kind and elision): its
 * index in the cache's words, worked out when new. @scratch is a work buffer. */
static guint32
word_cache_word (WordCache *cache, const char *text, const DistinctToken *d, GString *scratch)
{
  const char *p = text + d->start;
  guint len = d->len;
  guint8 kind = d->kind;
  gboolean elided = d->elided;
  guint32 hash = word_cache_hash (d);
  guint j = hash & cache->word_mask;
  for (;;) {
    const CacheSlot *slot = &cache->word_slots[j];
    if (slot->index == 0)
      break;
    if (slot->hash == hash) {
      const CachedWord *w = &g_array_index (cache->words, CachedWord, slot->index - 1);
      if (w->prefix == d->prefix && w->key_len == len && w->kind == kind && w->elided == elided
          && word_rest_equal ((const char *) cache->bytes->data + w->key, p, len))
        return slot->index - 1;
    }
    j = (j + 1) & cache->word_mask;
  }

  GString *normalized = scratch;
  g_string_truncate (normalized, 0);
  text_normalize_token (p, len, normalized);
  if (elided && normalized->len > 1 && normalized->str[normalized->len - 1] == '\'')
    g_string_truncate (normalized, normalized->len - 1); /* l' -> l, as listed */
  if (cache->romanian)
    romanian_commas (normalized);
  CachedWord word = { 0 };
  word.prefix = d->prefix;
  word.kind = kind;
  word.elided = elided != 0;
  word.stem = NO_STEM;
  word.stop = g_hash_table_contains (cache->resources->stopwords, normalized->str)
              || is_single_letter (normalized->str);
  if (kind != TOKEN_URL && !word.stop) {
    const char *stem = normalized->str;
    gsize stem_len = normalized->len;
    if (cache->stemmer != NULL && kind == TOKEN_WORD) {
      const sb_symbol *s = sb_stemmer_stem (cache->stemmer, (const sb_symbol *) normalized->str,
                                            (int) normalized->len);
      /* A stemmer may reduce a short word to nothing (Greek "αμε"): keep the word then. */
      if (s != NULL && sb_stemmer_length (cache->stemmer) > 0) {
        stem = (const char *) s;
        stem_len = (gsize) sb_stemmer_length (cache->stemmer);
      }
    }
    /* Up to its first NUL, as the stem has always been read as a C string. */
    word.stem = word_cache_stem (cache, stem, strnlen (stem, stem_len));
  }
  word.key = word_cache_add_bytes (cache, p, len);
  word.key_len = len;
  word.normalized = word_cache_add_bytes (cache, normalized->str, normalized->len);
  word.normalized_len = (guint32) normalized->len;
  g_array_append_val (cache->words, word);
  cache->word_slots[j] = (CacheSlot) { hash, cache->words->len };
  if (cache->words->len * 2 > cache->word_mask)
    rehash (&cache->word_slots, &cache->word_mask);
  return cache->words->len - 1;
}

/* ---- Document -------------------------------------------------------------------------- */

double
document_idf (guint64 df, guint64 n)
{
  return log ((1.0 + (double) n) / (1.0 + (double) df)) + 1.0;
}

static gboolean
is_single_letter (const char *word)
{
  return word[0] != '\0' && g_utf8_strlen (word, -1) == 1 && !g_unichar_isdigit (g_utf8_get_char (word))
         && g_unichar_get_script (g_utf8_get_char (word)) == G_UNICODE_SCRIPT_LATIN;
}

/* Romanian written with cedillas (ş ţ) instead of commas below (ș ț): one spelling. */
static void
romanian_commas (GString *word)
{
  if (strstr (word->str, "\xC5\x9F") == NULL && strstr (word->str, "\xC5\xA3") == NULL)
    return;
  g_string_replace (word, "\xC5\x9F", "\xC8\x99", 0);
  g_string_replace (word, "\xC5\xA3", "\xC8\x9B", 0);
}

/* Brings the cache's entries for the document's distinct words into the CPU cache before
 * they are looked up. The word cache of a thread outgrows the CPU's caches after some hundred
 * documents, and looking a word up there then waits on memory three times in a row (its slot,
 * its entry, then its stem and the bytes of a word longer than its 8-byte prefix): asking for
 * all the slots first, then all the entries, then the rest, lets those waits overlap. Changes
 * nothing but timing. */
static void
word_cache_prefetch (const WordCache *cache, const DistinctToken *distinct, guint count)
{
  for (guint i = 0; i < count; i++)
    __builtin_prefetch (&cache->word_slots[word_cache_hash (&distinct[i]) & cache->word_mask]);
  for (guint i = 0; i < count; i++) {
    guint j = word_cache_hash (&distinct[i]) & cache->word_mask;
    if (cache->word_slots[j].index != 0)
      __builtin_prefetch (&g_array_index (cache->words, CachedWord,
                                          cache->word_slots[j].index - 1));
  }
  for (guint i = 0; i < count; i++) {
    const CachedWord *w = word_cache_candidate (cache, word_cache_hash (&distinct[i]));
    if (w != NULL) {
      if (w->key_len > 8)
        __builtin_prefetch (cache->bytes->data + w->key + 8);
      if (w->stem != NO_STEM)
        __builtin_prefetch (&g_array_index (cache->stems, CachedStem, w->stem));
    }
  }
}

static void
analyze_words (AbridgeDocument *doc)
{
  WordCache *cache = word_cache_get (doc->engine, doc->resources);
  Token *tokens = (Token *) doc->tokens->data;
  guint count;
  DistinctScratch *distinct_scratch = &thread_caches_get ()->distinct;
  DistinctToken *distinct = distinct_tokens (distinct_scratch, doc->prepared.text,
                                             doc->prepared.len, tokens, doc->tokens->len, &count);

  /* What the thread's cache knows of each distinct token (normalized form, stop flag, stem),
   * the stems becoming the document's terms in order of first occurrence; and the bytes the
   * document's copies of the words and stems take. */
  word_cache_prefetch (cache, distinct, count);
  guint32 *cached = g_new (guint32, count + 1);
  GString *scratch = g_string_sized_new (64);
  gsize bytes = 0;
  guint term_count = 0;
  for (guint k = 0; k < count; k++) {
    const DistinctToken *d = &distinct[k];
    cached[k] = word_cache_word (cache, doc->prepared.text, d, scratch);
    const CachedWord *word = &g_array_index (cache->words, CachedWord, cached[k]);
    bytes += word->normalized_len + 1;
    if (word->stem != NO_STEM) {
      CachedStem *stem = &g_array_index (cache->stems, CachedStem, word->stem);
      if (stem->stamp != cache->stamp) {
        stem->stamp = cache->stamp;
        stem->term = term_count++;
        bytes += stem->len + 1;
      }
    }
  }
  g_string_free (scratch, TRUE);
  if (distinct_scratch->slot_count > KEEP_DISTINCT_MAX)
    distinct_scratch_clear (distinct_scratch);

  /* The copies, in one block: a document does not depend on the cache, which may be dropped
   * between documents. */
  doc->strings = g_malloc (bytes + 1);
  char *out = doc->strings;
  const char *cache_bytes = (const char *) cache->bytes->data;
  g_array_set_size (doc->words, count);
  g_array_set_size (doc->terms, term_count);
  Word *words = (Word *) doc->words->data;
  Term *terms = (Term *) doc->terms->data;
  guint terms_done = 0;
  for (guint k = 0; k < count; k++) {
    const CachedWord *cached_word = &g_array_index (cache->words, CachedWord, cached[k]);
    Word *word = &words[k];
    word->normalized = out;
    memcpy (out, cache_bytes + cached_word->normalized, cached_word->normalized_len);
    out += cached_word->normalized_len;
    *out++ = '\0';
    word->term = G_MAXUINT;
    word->stop = cached_word->stop;
    if (cached_word->stem != NO_STEM) {
      const CachedStem *stem = &g_array_index (cache->stems, CachedStem, cached_word->stem);
      word->term = stem->term;
      if (stem->term == terms_done) { /* its first occurrence */
        Term *term = &terms[terms_done++];
        memset (term, 0, sizeof *term);
        term->stem = out;
        memcpy (out, cache_bytes + stem->start, stem->len);
        out += stem->len;
        *out++ = '\0';
        term->first_sentence = G_MAXUINT;
      }
    }
  }
  g_free (cached);

  /* Each token takes its word's term and stop flag. */
  for (guint i = 0; i < doc->tokens->len; i++) {
    Token *token = &tokens[i];
    token->term = words[token->word].term;
    if (words[token->word].stop)
      token->flags |= TOKEN_STOP;
  }
}

/* Term frequencies, sentence document frequencies and IDF weights. */
static void
weigh_terms (AbridgeDocument *doc)
{
  Term *terms = (Term *) doc->terms->data;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const Token *tokens = (const Token *) doc->tokens->data;
  guint *last_seen = g_new (guint, doc->terms->len + 1);
  for (guint t = 0; t < doc->terms->len; t++)
    last_seen[t] = G_MAXUINT;

  for (guint s = 0; s < doc->sentences->len; s++) {
    const Sentence *sentence = &sentences[s];
    for (guint k = 0; k < sentence->token_count; k++) {
      guint t = tokens[sentence->first_token + k].term;
      if (t == G_MAXUINT)
        continue;
      terms[t].frequency++;
      if (last_seen[t] != s) {
        last_seen[t] = s;
        terms[t].sentence_df++;
        if (terms[t].first_sentence == G_MAXUINT)
          terms[t].first_sentence = s;
      }
    }
  }
  g_free (last_seen);

  /* A model applies to documents of its language only (an auto engine analyzes several). */
  const AbridgeIdf *idf = doc->engine->idf;
  if (idf != NULL && strcmp (abridge_idf_get_language (idf), doc->resources->language->name) != 0)
    idf = NULL;
  guint64 n = idf ? abridge_idf_get_document_count (idf) : doc->sentences->len;
  doc->df_documents = n;
  for (guint t = 0; t < doc->terms->len; t++) {
    guint64 df = idf ? abridge_idf_get_df (idf, terms[t].stem) : terms[t].sentence_df;
    terms[t].df = df;
    terms[t].idf = document_idf (df, n);
  }
}

/* A first line that stands alone in its paragraph, is short, and ends in "?", "!" or an
 * ellipsis rather than a period ("Could Yukos be a blessing in disguise?") is a title too. */
static gboolean
looks_like_title (const AbridgeDocument *doc)
{
  const Sentence *first = &g_array_index (doc->sentences, Sentence, 0);
  const Sentence *second = &g_array_index (doc->sentences, Sentence, 1);
  if (second->paragraph == first->paragraph || first->token_count > 16)
    return FALSE;
  const char *text = doc->prepared.text;
  const char *line_end = memchr (text + first->start, '\n', first->end - first->start);
  if (line_end != NULL)
    return FALSE;
  const char *end = text + first->end;
  for (;;) {
    gsize n = (gsize) (end - (text + first->start));
    if (n >= 1 && strchr ("\"')]", end[-1]) != NULL && end[-1] != '\0')
      end--;
    else if (n >= 3 && memcmp (end - 3, "\xE2\x80", 2) == 0
             && ((guchar) end[-1] == 0x9D || (guchar) end[-1] == 0x99))
      end -= 3; /* ” ’ */
    else
      break;
  }
  if (end == text + first->start)
    return FALSE;
  return end[-1] != '.' || (end - text - first->start >= 3 && end[-2] == '.' && end[-3] == '.');
}

/* The text of an input to analyze: size limits, UTF-8 (text_prepare), and the content of HTML
 * or Markdown (by @flags; @markup receives its blocks). */
static gboolean
prepare_input (const AbridgeEngine *engine, const char *text, gsize size,
               AbridgeAnalyzeFlags flags, PreparedText *prepared, MarkupText *markup,
               GError **error)
{
  if (engine->max_bytes > 0 && size > engine->max_bytes) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE,
                 "input of %" G_GSIZE_FORMAT " bytes is larger than the limit of %" G_GSIZE_FORMAT
                 " bytes", size, engine->max_bytes);
    return FALSE;
  }
  if (size >= G_MAXUINT32 / 2) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE,
                 "input of %" G_GSIZE_FORMAT " bytes is too large for one document", size);
    return FALSE;
  }
  if (!text_prepare (size ? text : "", size, (flags & ABRIDGE_ANALYZE_STRICT) != 0, prepared,
                     error))
    return FALSE;
  gboolean has_markup = (flags & (ABRIDGE_ANALYZE_HTML | ABRIDGE_ANALYZE_MARKDOWN)) != 0;
  if (has_markup && !markup_extract (prepared, flags, markup, error)) {
    text_prepared_clear (prepared);
    return FALSE;
  }
  return TRUE;
}

/* The resources to analyze @prepared with: the engine's language, or the detected one. */
static const LanguageResources *
input_resources (const AbridgeEngine *engine, const PreparedText *prepared)
{
  return engine->language == lang_auto ()
         ? engine_resources (engine, detect_language (prepared->text, prepared->len))
         : &engine->detected[0];
}

static AbridgeDocument *
document_new (const AbridgeEngine *engine, const LanguageResources *resources, const char *text,
              gssize len, AbridgeAnalyzeFlags flags, GError **error)
{
  gsize size = len < 0 ? strlen (text) : (gsize) len;
  AbridgeDocument *doc = g_new0 (AbridgeDocument, 1);
  doc->engine = engine;
  MarkupText markup = { 0 };
  gboolean has_markup = (flags & (ABRIDGE_ANALYZE_HTML | ABRIDGE_ANALYZE_MARKDOWN)) != 0;
  if (!prepare_input (engine, text, size, flags, &doc->prepared, &markup, error)) {
    g_free (doc);
    return NULL;
  }
  if (resources == NULL)
    resources = input_resources (engine, &doc->prepared);
  doc->resources = resources;
  doc->sentences = g_array_sized_new (FALSE, FALSE, sizeof (Sentence), (guint) (size / 64 + 8));
  doc->tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), (guint) (size / 5 + 16));
  doc->words = g_array_new (FALSE, FALSE, sizeof (Word));
  doc->terms = g_array_new (FALSE, FALSE, sizeof (Term));
  doc->title = -1;

  segment_text (doc->prepared.text, doc->prepared.len, resources, doc->sentences, doc->tokens);
  gboolean furniture = !(flags & ABRIDGE_ANALYZE_KEEP_BOILERPLATE);
  gint markup_title = has_markup ? markup_mark_sentences (&markup, doc->sentences, furniture) : -1;
  markup_text_clear (&markup);
  if (furniture)
    boilerplate_mark (doc->prepared.text, doc->sentences, engine->boilerplate);
  analyze_words (doc);
  boilerplate_drop_terms (doc);
  weigh_terms (doc);

  Sentence *sentences = (Sentence *) doc->sentences->data;
  if (has_markup) {
    if (!(flags & ABRIDGE_ANALYZE_NO_TITLE))
      doc->title = markup_title;
  } else if (!(flags & ABRIDGE_ANALYZE_NO_TITLE) && doc->sentences->len > 1
             && sentences[0].paragraph == 0
             && ((sentences[0].flags & SENTENCE_HEADING) || looks_like_title (doc))) {
    doc->title = 0;
  }
  if (doc->title >= 0)
    sentences[doc->title].flags |= SENTENCE_HEADING;
  for (guint i = 0; i < doc->sentences->len; i++)
    if (!(sentences[i].flags & SENTENCE_NOT_CANDIDATE))
      doc->candidate_count++;
  return doc;
}

AbridgeDocument *
abridge_document_new (const AbridgeEngine *engine, const char *text, gssize len,
                      AbridgeAnalyzeFlags flags, GError **error)
{
  g_return_val_if_fail (engine != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  return document_new (engine, NULL, text, len, flags, error);
}

AbridgeDocument *
document_new_like (const AbridgeDocument *like, const char *text, gssize len,
                   AbridgeAnalyzeFlags flags, GError **error)
{
  g_return_val_if_fail (like != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  return document_new (like->engine, like->resources, text, len, flags, error);
}

/* ---- Counting for IDF models ----------------------------------------------------------- */

/* Work arrays above this many elements are not kept for the next text. */
#define KEEP_TOKENS_MAX (1u << 20)
#define KEEP_SENTENCES_MAX (1u << 16)

/* The lean path of abridge_document_new() + abridge_idf_add_document(): the same tokens
 * (text_prepare, markup, segment_text) and the same words and stems (the per-thread word
 * cache), but only the set of distinct terms is worked out. Nothing that idf_add_document does
 * not read is made: no document, words, weights, title or furniture flags (furniture drops
 * tokens from weights, never terms from the document's list). */
gboolean
abridge_idf_add_text (AbridgeIdf *idf, const AbridgeEngine *engine, const char *text, gssize len,
                      AbridgeAnalyzeFlags flags, GError **error)
{
  g_return_val_if_fail (idf != NULL && engine != NULL, FALSE);
  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  gsize size = len < 0 ? strlen (text) : (gsize) len;
  PreparedText prepared = { 0 };
  MarkupText markup = { 0 };
  if (!prepare_input (engine, text, size, flags, &prepared, &markup, error))
    return FALSE;
  markup_text_clear (&markup);
  const LanguageResources *resources = input_resources (engine, &prepared);
  if (!idf_begin_document (idf, resources->language->name, error)) {
    text_prepared_clear (&prepared);
    return FALSE;
  }

  ThreadCaches *caches = thread_caches_get ();
  if (caches->tokens == NULL) {
    caches->tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), 4096);
    caches->sentences = g_array_sized_new (FALSE, FALSE, sizeof (Sentence), 256);
  }
  GArray *tokens = caches->tokens, *sentences = caches->sentences;
  g_array_set_size (tokens, 0);
  g_array_set_size (sentences, 0);
  segment_text (prepared.text, prepared.len, resources, sentences, tokens);

  guint n;
  DistinctToken *distinct = distinct_tokens (&caches->distinct, prepared.text, prepared.len,
                                             (Token *) tokens->data, tokens->len, &n);
  const char *text_bytes = prepared.text;

  /* Each distinct token in the thread's word cache (its slots, words and stems fetched from
   * memory ahead, and the model's counters of those stems) and its stem, counted once. */
  WordCache *cache = word_cache_get (engine, resources);
  word_cache_prefetch (cache, distinct, n);
  for (guint k = 0; k < n; k++) {
    const CachedWord *w = word_cache_candidate (cache, word_cache_hash (&distinct[k]));
    if (w != NULL && w->stem != NO_STEM)
      idf_prefetch_counter (idf, cache->generation, w->stem);
  }
  GString *scratch = g_string_sized_new (64);
  for (guint k = 0; k < n; k++) {
    const DistinctToken *d = &distinct[k];
    guint32 w = word_cache_word (cache, text_bytes, d, scratch);
    guint32 s = g_array_index (cache->words, CachedWord, w).stem;
    if (s == NO_STEM)
      continue;
    CachedStem *stem = &g_array_index (cache->stems, CachedStem, s);
    if (stem->stamp == cache->stamp)
      continue;
    stem->stamp = cache->stamp;
    (*idf_stem_counter (idf, cache->generation, s,
                        (const char *) cache->bytes->data + stem->start, stem->len))++;
  }
  idf_end_document (idf);
  g_string_free (scratch, TRUE);
  text_prepared_clear (&prepared);
  if (tokens->len > KEEP_TOKENS_MAX || sentences->len > KEEP_SENTENCES_MAX) {
    g_clear_pointer (&caches->tokens, g_array_unref);
    g_clear_pointer (&caches->sentences, g_array_unref);
  }
  if (caches->distinct.slot_count > KEEP_DISTINCT_MAX)
    distinct_scratch_clear (&caches->distinct);
  return TRUE;
}

void
abridge_document_free (AbridgeDocument *document)
{
  if (document == NULL)
    return;
  text_prepared_clear (&document->prepared);
  g_array_unref (document->sentences);
  g_array_unref (document->tokens);
  g_array_unref (document->words);
  g_array_unref (document->terms);
  g_free (document->strings);
  g_free (document);
}

guint
abridge_document_get_sentence_count (const AbridgeDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);
  return document->sentences->len;
}

guint
abridge_document_get_word_count (const AbridgeDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);
  guint count = 0;
  const Token *tokens = (const Token *) document->tokens->data;
  for (guint i = 0; i < document->tokens->len; i++) {
    if (tokens[i].kind != TOKEN_URL)
      count++;
    /* Bigrams overlap: a run of n characters is n - 1 tokens but n words. */
    if ((tokens[i].flags & TOKEN_BIGRAM)
        && (i + 1 == document->tokens->len || !(tokens[i + 1].flags & TOKEN_BIGRAM)
            || tokens[i + 1].start >= tokens[i].end))
      count++;
  }
  return count;
}

char *
document_sentence_text (const AbridgeDocument *document, guint index)
{
  const Sentence *sentence = &g_array_index (document->sentences, Sentence, index);
  return text_fold_spaces (document->prepared.text + sentence->start,
                           document->prepared.text + sentence->end);
}

char *
abridge_document_get_sentence (const AbridgeDocument *document, guint index, gsize *start,
                               gsize *end)
{
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (index < document->sentences->len, NULL);
  const Sentence *sentence = &g_array_index (document->sentences, Sentence, index);
  if (start)
    *start = text_original_offset (&document->prepared, sentence->start);
  if (end)
    *end = text_original_end (&document->prepared, sentence->end);
  return document_sentence_text (document, index);
}

gboolean
abridge_document_sentence_is_heading (const AbridgeDocument *document, guint index)
{
  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (index < document->sentences->len, FALSE);
  return (g_array_index (document->sentences, Sentence, index).flags & SENTENCE_HEADING) != 0;
}

gboolean
abridge_document_sentence_is_boilerplate (const AbridgeDocument *document, guint index)
{
  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (index < document->sentences->len, FALSE);
  return (g_array_index (document->sentences, Sentence, index).flags & SENTENCE_BOILERPLATE) != 0;
}

guint
abridge_document_get_sentence_paragraph (const AbridgeDocument *document, guint index)
{
  g_return_val_if_fail (document != NULL, 0);
  g_return_val_if_fail (index < document->sentences->len, 0);
  return g_array_index (document->sentences, Sentence, index).paragraph;
}

gint
abridge_document_get_title_index (const AbridgeDocument *document)
{
  g_return_val_if_fail (document != NULL, -1);
  return document->title;
}

guint
abridge_document_get_invalid_count (const AbridgeDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);
  return document->prepared.invalid_count;
}

gsize
abridge_document_get_first_invalid_offset (const AbridgeDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);
  return document->prepared.first_invalid;
}

const char *
abridge_document_get_language (const AbridgeDocument *document)
{
  g_return_val_if_fail (document != NULL, NULL);
  return document->resources->language->name;
}
