/* document.c — the engine handle and the analyzed document: prepares the text, detects its
 * language (auto engines), segments it, then maps each distinct token to a word (normalized
 * once, stop flag, stem) and each stem to a term id with its frequencies and IDF weight.
 * Summaries and keywords read only this. */
#include "abridge-private.h"
#include "arena.h"

#include <libstemmer.h>
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MAX_BYTES ((gsize) 256 * 1024 * 1024)

G_DEFINE_QUARK (abridge-error-quark, abridge_error)

/* The monotonic clock in nanoseconds (ABRIDGE_ANALYZE_TIMINGS). */
static gint64
clock_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

const char *
abridge_version (void)
{
  return ABRIDGE_VERSION_STRING;
}

/* ---- Engine ---------------------------------------------------------------------------- */

static WordCacheHome *word_cache_home_new (void);
static void word_cache_home_clear (WordCacheHome *home);
static void word_cache_home_free (WordCacheHome *home);

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
  for (guint i = 0; i < engine->detected_count; i++)
    engine->detected[i].words = word_cache_home_new ();
  return engine;
}

void
abridge_engine_free (AbridgeEngine *engine)
{
  if (engine == NULL)
    return;
  for (guint i = 0; i < engine->detected_count; i++) {
    word_cache_home_free (engine->detected[i].words);
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
  for (guint i = 0; i < engine->detected_count; i++)
    word_cache_home_clear (engine->detected[i].words); /* its stop flags are out of date */
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

/* The hash a distinct token is looked up by in the word cache: of its bytes (word_hash()),
 * kind and elision. */
static inline guint32
word_cache_hash (guint32 hash, guint8 kind, gboolean elided)
{
  return hash ^ ((guint32) kind * 0x9E3779B1u) ^ (elided ? 0x85EBCA6Bu : 0);
}

/* A distinct token of a text (by its bytes), with what its first occurrence says of it: a
 * token is looked up by its bytes, and the first occurrence of those bytes (its kind and
 * elision) decides what they are in the whole document. */
typedef struct {
  guint64 prefix;             /* word_prefix() of the bytes */
  guint32 start, len;
  guint32 hash;               /* what the word cache looks it up by: word_cache_hash() */
  guint8 kind, elided;
} DistinctToken;

/* Work space of distinct_tokens(), kept by each thread between documents. */
typedef struct {
  DistinctToken *items;
  guint capacity;
  guint32 *slots;          /* index + 1; 0: empty */
  guint slot_count;
  gpointer words;          /* abridge_idf_add_text: the tokens' cached words */
  guint words_capacity;
} DistinctScratch;

/* Past these sizes, the work space is given back after a document. */
#define KEEP_DISTINCT_MAX (1u << 18)

static void
distinct_scratch_clear (DistinctScratch *scratch)
{
  g_free (scratch->items);
  g_free (scratch->slots);
  g_free (scratch->words);
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
    gboolean elided = (token->flags & TOKEN_ELIDED) != 0;
    distinct[n] = (DistinctToken) { prefix, token->start, len,
                                    word_cache_hash (h, token->kind, elided), token->kind,
                                    elided };
    token->word = n;
    slots[j] = ++n;
  }
  *count = n;
  return distinct;
}

/* ---- Word cache, shared by threads ----------------------------------------------------- */

/* The same words recur in every document: an engine keeps, for each language it analyzes,
 * what analysis learns of a distinct token (its normalized form, stop flag and stem), so that
 * normalization, the stop list lookup and the Snowball stemmer run once per word, not once per
 * document, and once for all threads rather than once in each.
 *
 * Threads look words up without a lock: entries never move or change once added (they sit in
 * segments that double in size, never reallocated), and the hash table is replaced, never
 * changed in place, when it grows (a thread still probing the old one may miss the newest
 * words: it then works them out and finds them under the lock). A word that is new is worked
 * out by the thread that meets it, with its own stemmer (Snowball's are not thread-safe); a
 * document's new words are then added together, under one hold of the cache's lock, each
 * unless another thread added it meanwhile. What a document needs of its stems (which it has
 * met, in which order) is the thread's own (StemMarks).
 * Documents copy what they use, so a full cache is replaced between documents; one that is in
 * use lives on until its last document is analyzed.
 *
 * The locks are POSIX mutexes rather than GMutex, which is built on futexes in GLib: that
 * ThreadSanitizer can check this code (docs/api.md). */

#define WORD_CACHE_MAX_WORDS (1u << 18)
#define WORD_CACHE_MAX_BYTES ((gsize) 16 * 1024 * 1024)
#define NO_STEM G_MAXUINT32

typedef struct {
  guint64 prefix;          /* word_prefix() of the raw token ... */
  const char *bytes;       /* ... the raw token, NUL, then its normalized form, NUL */
  guint32 key_len, normalized_len;
  guint32 stem;            /* index of the stem, NO_STEM: not a term (stop word, URL) */
  guint8 kind;
  guint8 elided;
  guint8 stop;
} CachedWord;

typedef struct {
  const char *bytes;       /* NUL-terminated */
  guint32 len;
} CachedStem;

/* Entries in segments of 2^SEGMENT_BITS, 2^(SEGMENT_BITS+1), ... entries: an entry never
 * moves, and a guint32 index reaches any. The first segment holds the vocabulary of most
 * corpora (its pages are touched as it fills), so that reaching an entry takes no more than
 * a test in the common case. */
#define SEGMENT_BITS 16
#define SEGMENTS (33 - SEGMENT_BITS)

static inline guint
segment_of (guint32 index, guint32 *offset)
{
  guint64 x = (guint64) index + (G_GUINT64_CONSTANT (1) << SEGMENT_BITS);
  guint k = 63 - (guint) __builtin_clzll (x);
  *offset = (guint32) (x - (G_GUINT64_CONSTANT (1) << k));
  return k - SEGMENT_BITS;
}

/* A hash table of words that threads probe without a lock: each slot is written once, as one
 * atomic store, after its entry. */
typedef struct {
  guint mask;
  guint64 slots[];         /* (index + 1) << 32 | hash; 0: empty */
} WordTable;

/* The stems' table: used under the lock only. */
typedef struct {
  guint32 hash;
  guint32 index;           /* index + 1; 0 = empty */
} StemSlot;

typedef struct {
  gint ref_count;
  guint64 generation;      /* unique to this cache (the IDF counters of its stems key on it) */
  const LanguageResources *resources;
  gboolean romanian;
  WordTable *table;        /* atomic */
  gpointer words[SEGMENTS];    /* CachedWord */
  gpointer stems[SEGMENTS];    /* CachedStem */
  /* Under the lock: */
  pthread_mutex_t lock;
  guint32 word_count;      /* atomic reads without the lock */
  guint32 stem_count;
  StemSlot *stem_slots;
  guint stem_mask;
  /* All of the above that grows: segments, tables (a replaced one stays, as a thread may
   * still be probing it), strings. */
  Arena *arena;
  gsize bytes;             /* of strings; atomic reads without the lock */
} WordCache;

/* The address space a cache reserves for its arena: room for the segments, tables and
 * strings of WORD_CACHE_MAX_WORDS words (about 70 MB); a document that takes a full cache
 * further gets the rest from malloc. */
#define WORD_CACHE_ARENA ((gsize) 128 * 1024 * 1024)

/* Where an engine keeps the word cache of one language. */
struct _WordCacheHome {
  pthread_mutex_t lock;
  WordCache *cache;
};

/* A number no other word cache has had. */
static guint64
next_generation (void)
{
  static guint64 last;
  G_LOCK_DEFINE_STATIC (last);
  G_LOCK (last);
  guint64 generation = ++last;
  G_UNLOCK (last);
  return generation;
}

static WordCache *
word_cache_new (const LanguageResources *resources)
{
  WordCache *cache = g_new0 (WordCache, 1);
  cache->ref_count = 1;
  cache->generation = next_generation ();
  cache->resources = resources;
  cache->romanian = strcmp (resources->language->name, "romanian") == 0;
  pthread_mutex_init (&cache->lock, NULL);
  cache->arena = arena_new (WORD_CACHE_ARENA);
  cache->table = arena_alloc0 (cache->arena, sizeof (WordTable) + 8192 * sizeof (guint64));
  cache->table->mask = 8191;
  cache->stem_mask = 8191;
  cache->stem_slots = arena_alloc0 (cache->arena, sizeof (StemSlot) * (cache->stem_mask + 1));
  return cache;
}

static WordCache *
word_cache_ref (WordCache *cache)
{
  g_atomic_int_inc (&cache->ref_count);
  return cache;
}

static void
word_cache_unref (WordCache *cache)
{
  if (cache == NULL || !g_atomic_int_dec_and_test (&cache->ref_count))
    return;
  arena_free (cache->arena);
  pthread_mutex_destroy (&cache->lock);
  g_free (cache);
}

static WordCacheHome *
word_cache_home_new (void)
{
  WordCacheHome *home = g_new0 (WordCacheHome, 1);
  pthread_mutex_init (&home->lock, NULL);
  return home;
}

/* Drops the cache (stop words changed, or the engine is freed; no document is being
 * analyzed). */
static void
word_cache_home_clear (WordCacheHome *home)
{
  g_clear_pointer (&home->cache, word_cache_unref);
}

static void
word_cache_home_free (WordCacheHome *home)
{
  if (home == NULL)
    return;
  word_cache_home_clear (home);
  pthread_mutex_destroy (&home->lock);
  g_free (home);
}

/* Under the lock. */
static void
word_cache_count_bytes (WordCache *cache, gsize n)
{
  __atomic_store_n (&cache->bytes, cache->bytes + n, __ATOMIC_RELAXED);
}

/* Entry @index of @segments, of @size bytes each. */
static inline gconstpointer
segment_entry (const gpointer *segments, guint32 index, gsize size)
{
  if (G_LIKELY (index < (1u << SEGMENT_BITS)))
    return (const char *) segments[0] + index * size;
  guint32 offset;
  guint k = segment_of (index, &offset);
  return (const char *) segments[k] + offset * size;
}

static inline const CachedWord *
cached_word (const WordCache *cache, guint32 index)
{
  return segment_entry (cache->words, index, sizeof (CachedWord));
}

static inline const CachedStem *
cached_stem (const WordCache *cache, guint32 index)
{
  return segment_entry (cache->stems, index, sizeof (CachedStem));
}

/* Room for entry @index of @segments, of @size bytes each (under the lock). */
static gpointer
segment_slot (WordCache *cache, gpointer *segments, guint32 index, gsize size)
{
  guint32 offset;
  guint k = segment_of (index, &offset);
  if (segments[k] == NULL)
    segments[k] = arena_alloc0 (cache->arena, size << (k + SEGMENT_BITS));
  return (char *) segments[k] + offset * size;
}

/* Per thread, per cache: the stems of the current document, each with its term id there. */
typedef struct {
  guint32 stamp;           /* the document that last used the stem ... */
  guint32 term;            /* ... and its term id there */
} StemMark;

#define STEM_MARKS_PER_THREAD 4

typedef struct {
  guint64 generation;      /* of the cache they are for; 0: unused */
  StemMark *marks;
  guint32 size;
  guint32 stamp;           /* the current document */
  guint64 last_use;
} StemMarks;

/* A language's stemmer, and its ISO-8859-1 build (NULL when Snowball has none) for words of
 * ASCII bytes: the same algorithm, which reads a byte a letter without decoding UTF-8 (a
 * quarter fewer instructions for English). On ASCII input both builds take the same steps, so
 * the stems are the same (checked for each language on 362,000 words, 300,000 of them random),
 * unless a step writes a letter beyond ASCII: word_stem() then asks the UTF-8 build. */
typedef struct {
  const LanguageInfo *language;
  struct sb_stemmer *stemmer; /* NULL: the language has none */
  struct sb_stemmer *latin1;
} ThreadStemmer;

typedef struct {
  StemMarks marks[STEM_MARKS_PER_THREAD];
  guint64 clock;
  GArray *stemmers;        /* ThreadStemmer */
  GArray *sentences;       /* abridge_idf_add_text's work arrays, kept between calls */
  GArray *tokens;
  DistinctScratch distinct;
  GString *scratch;        /* a word being normalized */
  GArray *pending;         /* PendingWord: a document's words new to the cache */
  GString *pending_bytes;  /* their normalized forms and stems */
} ThreadCaches;

static void
thread_caches_free (gpointer data)
{
  ThreadCaches *caches = data;
  for (guint i = 0; i < STEM_MARKS_PER_THREAD; i++)
    g_free (caches->marks[i].marks);
  for (guint i = 0; caches->stemmers != NULL && i < caches->stemmers->len; i++) {
    ThreadStemmer *s = &g_array_index (caches->stemmers, ThreadStemmer, i);
    if (s->stemmer != NULL)
      sb_stemmer_delete (s->stemmer);
    if (s->latin1 != NULL)
      sb_stemmer_delete (s->latin1);
  }
  if (caches->stemmers)
    g_array_unref (caches->stemmers);
  if (caches->sentences)
    g_array_unref (caches->sentences);
  if (caches->tokens)
    g_array_unref (caches->tokens);
  distinct_scratch_clear (&caches->distinct);
  if (caches->scratch)
    g_string_free (caches->scratch, TRUE);
  if (caches->pending)
    g_array_unref (caches->pending);
  if (caches->pending_bytes)
    g_string_free (caches->pending_bytes, TRUE);
  g_free (caches);
}

static GPrivate thread_caches = G_PRIVATE_INIT (thread_caches_free);

static ThreadCaches *
thread_caches_get (void)
{
  ThreadCaches *caches = g_private_get (&thread_caches);
  if (caches == NULL) {
    caches = g_new0 (ThreadCaches, 1);
    caches->stemmers = g_array_new (FALSE, FALSE, sizeof (ThreadStemmer));
    caches->scratch = g_string_sized_new (64);
    g_private_set (&thread_caches, caches);
  }
  return caches;
}

/* The calling thread's stemmers for @language (valid until it adds another language's). */
static const ThreadStemmer *
thread_stemmer (ThreadCaches *caches, const LanguageInfo *language)
{
  for (guint i = 0; i < caches->stemmers->len; i++) {
    const ThreadStemmer *s = &g_array_index (caches->stemmers, ThreadStemmer, i);
    if (s->language == language)
      return s;
  }
  ThreadStemmer s = { language, NULL, NULL };
  if (strcmp (language->name, "none") != 0) {
    s.stemmer = sb_stemmer_new (language->name, "UTF_8");
    if (s.stemmer != NULL)
      s.latin1 = sb_stemmer_new (language->name, "ISO_8859_1");
  }
  g_array_append_val (caches->stemmers, s);
  return &g_array_index (caches->stemmers, ThreadStemmer, caches->stemmers->len - 1);
}

/* What a thread uses to look a document's words up. */
typedef struct {
  WordCache *cache;
  ThreadCaches *caches;    /* the calling thread's */
  StemMarks *marks;
  struct sb_stemmer *stemmer;
  struct sb_stemmer *latin1;   /* for words of ASCII bytes, or NULL */
  GString *scratch;
  gboolean timed;          /* ABRIDGE_ANALYZE_TIMINGS: stemming adds its time to stem_ns */
  gint64 stem_ns;
} WordLookup;

/* The cache of @engine for the language of @resources (a new one when there is none or it
 * is full) and the calling thread's marks for it, ready for a new document. */
static void
word_lookup_begin (WordLookup *lookup, const LanguageResources *resources)
{
  WordCacheHome *home = resources->words;
  pthread_mutex_lock (&home->lock);
  WordCache *cache = home->cache;
  if (cache == NULL || __atomic_load_n (&cache->word_count, __ATOMIC_RELAXED) >= WORD_CACHE_MAX_WORDS
      || __atomic_load_n (&cache->bytes, __ATOMIC_RELAXED) >= WORD_CACHE_MAX_BYTES) {
    word_cache_unref (cache);
    home->cache = cache = word_cache_new (resources);
  }
  lookup->cache = word_cache_ref (cache);
  pthread_mutex_unlock (&home->lock);

  ThreadCaches *caches = thread_caches_get ();
  StemMarks *marks = NULL, *oldest = &caches->marks[0];
  for (guint i = 0; i < STEM_MARKS_PER_THREAD; i++) {
    if (caches->marks[i].generation == cache->generation) {
      marks = &caches->marks[i];
      break;
    }
    if (caches->marks[i].last_use < oldest->last_use)
      oldest = &caches->marks[i];
  }
  if (marks == NULL) {
    marks = oldest;
    g_free (marks->marks);
    memset (marks, 0, sizeof *marks);
    marks->generation = cache->generation;
  }
  marks->last_use = ++caches->clock;
  if (++marks->stamp == 0) {
    /* Wrapped around: no stem may look used by the new document. */
    for (guint32 i = 0; i < marks->size; i++)
      marks->marks[i].stamp = 0;
    marks->stamp = 1;
  }
  lookup->caches = caches;
  lookup->marks = marks;
  const ThreadStemmer *stemmers = thread_stemmer (caches, resources->language);
  lookup->stemmer = stemmers->stemmer;
  lookup->latin1 = stemmers->latin1;
  lookup->scratch = caches->scratch;
  lookup->timed = FALSE;
  lookup->stem_ns = 0;
}

static void
word_lookup_end (WordLookup *lookup)
{
  g_clear_pointer (&lookup->cache, word_cache_unref);
}

/* The calling thread's mark of stem @stem, for the current document. */
static inline StemMark *
stem_mark (StemMarks *marks, guint32 stem)
{
  if (G_UNLIKELY (stem >= marks->size)) {
    guint32 size = MAX (MAX (marks->size * 2, 4096u), stem + 1);
    marks->marks = g_renew (StemMark, marks->marks, size);
    memset (marks->marks + marks->size, 0, (size - marks->size) * sizeof (StemMark));
    marks->size = size;
  }
  return &marks->marks[stem];
}

/* The index of the stem [@stem, @stem+@len), added when new (under the lock). */
static guint32
word_cache_stem (WordCache *cache, const char *stem, gsize len)
{
  guint32 hash = hash_bytes (stem, len);
  guint j = hash & cache->stem_mask;
  for (;;) {
    const StemSlot *slot = &cache->stem_slots[j];
    if (slot->index == 0)
      break;
    if (slot->hash == hash) {
      const CachedStem *s = cached_stem (cache, slot->index - 1);
      if (s->len == len && memcmp (s->bytes, stem, len) == 0)
        return slot->index - 1;
    }
    j = (j + 1) & cache->stem_mask;
  }
  guint32 index = cache->stem_count;
  CachedStem *entry = segment_slot (cache, cache->stems, index, sizeof (CachedStem));
  char *bytes = arena_chars0 (cache->arena, len + 1);
  memcpy (bytes, stem, len);
  entry->bytes = bytes;
  entry->len = (guint32) len;
  word_cache_count_bytes (cache, len + 1);
  cache->stem_slots[j] = (StemSlot) { hash, index + 1 };
  cache->stem_count = index + 1;
  if (cache->stem_count * 2 > cache->stem_mask) {
    guint size = (cache->stem_mask + 1) * 2;
    StemSlot *grown = arena_alloc0 (cache->arena, sizeof (StemSlot) * size);
    for (guint i = 0; i <= cache->stem_mask; i++) {
      if (cache->stem_slots[i].index == 0)
        continue;
      guint k = cache->stem_slots[i].hash & (size - 1);
      while (grown[k].index != 0)
        k = (k + 1) & (size - 1);
      grown[k] = cache->stem_slots[i];
    }
    cache->stem_slots = grown;
    cache->stem_mask = size - 1;
  }
  return index;
}

static gboolean is_single_letter (const char *word);
static void romanian_commas (GString *word);

/* The table that threads probe without the lock. */
static inline const WordTable *
word_cache_table (const WordCache *cache)
{
  return __atomic_load_n (&cache->table, __ATOMIC_ACQUIRE);
}

static inline guint64
table_slot (const WordTable *table, guint j)
{
  return __atomic_load_n (&table->slots[j], __ATOMIC_ACQUIRE);
}

/* The first cached word whose slot in @table shows @hash (or NULL): where word_cache_find()
 * will look. */
static const CachedWord *
word_cache_candidate (const WordCache *cache, const WordTable *table, guint32 hash)
{
  guint64 v;
  for (guint j = hash & table->mask; (v = table_slot (table, j)) != 0; j = (j + 1) & table->mask)
    if ((guint32) v == hash)
      return cached_word (cache, (guint32) (v >> 32) - 1);
  return NULL;
}

/* Is @w the cached word of the distinct token @d of @text? */
static inline gboolean
word_is (const CachedWord *w, const char *text, const DistinctToken *d)
{
  return w->prefix == d->prefix && w->key_len == d->len && w->kind == d->kind
         && w->elided == d->elided && word_rest_equal (w->bytes, text + d->start, d->len);
}

/* The cached word for the distinct token @d of @text in @table, or NULL. */
static const CachedWord *
word_cache_find (const WordCache *cache, const WordTable *table, const char *text,
                 const DistinctToken *d, guint32 hash)
{
  guint64 v;
  for (guint j = hash & table->mask; (v = table_slot (table, j)) != 0;
       j = (j + 1) & table->mask) {
    if ((guint32) v != hash)
      continue;
    const CachedWord *w = cached_word (cache, (guint32) (v >> 32) - 1);
    if (word_is (w, text, d))
      return w;
  }
  return NULL;
}

/* Adds @word (its stem worked out already: @stem, or NULL when it is not a term) for the
 * token @d of @text, whose form normalized is @normalized (under the lock). */
static const CachedWord *
word_cache_add (WordCache *cache, const char *text, const DistinctToken *d, guint32 hash,
                CachedWord word, const char *normalized, gsize normalized_len, const char *stem,
                gsize stem_len)
{
  if (stem != NULL)
    word.stem = word_cache_stem (cache, stem, stem_len);
  /* The raw token, NUL, the normalized form, NUL: one string. */
  gsize joined_len = d->len + 1 + normalized_len;
  char *bytes = arena_chars0 (cache->arena, joined_len + 1);
  memcpy (bytes, text + d->start, d->len);
  memcpy (bytes + d->len + 1, normalized, normalized_len);
  word.bytes = bytes;
  word.key_len = d->len;
  word.normalized_len = (guint32) normalized_len;
  word_cache_count_bytes (cache, joined_len + 1);

  guint32 index = cache->word_count;
  CachedWord *entry = segment_slot (cache, cache->words, index, sizeof (CachedWord));
  *entry = word;
  WordTable *table = cache->table;
  guint j = hash & table->mask;
  while (table->slots[j] != 0)
    j = (j + 1) & table->mask;
  __atomic_store_n (&table->slots[j], ((guint64) (index + 1) << 32) | hash, __ATOMIC_RELEASE);
  __atomic_store_n (&cache->word_count, index + 1, __ATOMIC_RELAXED);

  if ((index + 1) * 2 > table->mask) {
    /* A table twice the size replaces this one, which lives on in the arena for the
     * threads that may be probing it. */
    guint size = (table->mask + 1) * 2;
    WordTable *grown = arena_alloc0 (cache->arena, sizeof (WordTable) + size * sizeof (guint64));
    grown->mask = size - 1;
    for (guint i = 0; i <= table->mask; i++) {
      guint64 v = table->slots[i];
      if (v == 0)
        continue;
      guint k = (guint32) v & grown->mask;
      while (grown->slots[k] != 0)
        k = (k + 1) & grown->mask;
      grown->slots[k] = v;
    }
    __atomic_store_n (&cache->table, grown, __ATOMIC_RELEASE);
  }
  return entry;
}

/* A word new to the cache, worked out by a thread before it takes the cache's lock. */
typedef struct {
  guint k;                 /* its distinct token */
  gboolean has_stem;       /* FALSE: not a term (a stop word, a URL) */
  CachedWord word;         /* prefix, kind, elision, stop flag */
  gsize normalized, normalized_len; /* in ThreadCaches.pending_bytes ... */
  gsize stem, stem_len;    /* ... and its stem there */
} PendingWord;

static gboolean
is_ascii (const char *p, gsize n)
{
  guchar any = 0;
  for (gsize i = 0; i < n; i++)
    any |= (guchar) p[i];
  return any < 0x80;
}

/* The stem of @word (@len bytes), its length in *@length: by the ISO-8859-1 build of the
 * stemmer when the word is ASCII and the stem stays so, else by the UTF-8 build. */
static const sb_symbol *
word_stem (WordLookup *lookup, const char *word, gsize len, int *length)
{
  if (lookup->latin1 != NULL && is_ascii (word, len)) {
    const sb_symbol *s = sb_stemmer_stem (lookup->latin1, (const sb_symbol *) word, (int) len);
    if (s != NULL && is_ascii ((const char *) s, (gsize) sb_stemmer_length (lookup->latin1))) {
      *length = sb_stemmer_length (lookup->latin1);
      return s;
    }
  }
  const sb_symbol *s = sb_stemmer_stem (lookup->stemmer, (const sb_symbol *) word, (int) len);
  *length = sb_stemmer_length (lookup->stemmer);
  return s;
}

/* Works out the word of the distinct token @d of @text (normalized form, stop flag, stem) into
 * @pending, its strings appended to @bytes. */
static void
word_prepare (WordLookup *lookup, const char *text, const DistinctToken *d, PendingWord *pending,
              GString *bytes)
{
  WordCache *cache = lookup->cache;
  GString *normalized = lookup->scratch;
  g_string_truncate (normalized, 0);
  text_normalize_token (text + d->start, d->len, normalized);
  if (d->elided && normalized->len > 1 && normalized->str[normalized->len - 1] == '\'')
    g_string_truncate (normalized, normalized->len - 1); /* l' -> l, as listed */
  if (cache->romanian)
    romanian_commas (normalized);
  CachedWord *word = &pending->word;
  memset (word, 0, sizeof *word);
  word->prefix = d->prefix;
  word->kind = d->kind;
  word->elided = d->elided != 0;
  word->stem = NO_STEM;
  word->stop = g_hash_table_contains (cache->resources->stopwords, normalized->str)
               || is_single_letter (normalized->str);
  pending->normalized = bytes->len;
  pending->normalized_len = normalized->len;
  g_string_append_len (bytes, normalized->str, (gssize) normalized->len);
  pending->has_stem = d->kind != TOKEN_URL && !word->stop;
  pending->stem = pending->stem_len = 0;
  if (!pending->has_stem)
    return;
  const char *stem = normalized->str;
  gsize stem_len = normalized->len;
  if (lookup->stemmer != NULL && d->kind == TOKEN_WORD) {
    gint64 start = lookup->timed ? clock_ns () : 0;
    int length = 0;
    const sb_symbol *s = word_stem (lookup, normalized->str, normalized->len, &length);
    if (lookup->timed)
      lookup->stem_ns += clock_ns () - start;
    /* A stemmer may reduce a short word to nothing (Greek "αμε"): keep the word then. */
    if (s != NULL && length > 0) {
      stem = (const char *) s;
      stem_len = (gsize) length;
    }
  }
  /* Up to its first NUL, as the stem has always been read as a C string. */
  pending->stem = bytes->len;
  pending->stem_len = strnlen (stem, stem_len);
  g_string_append_len (bytes, stem, (gssize) pending->stem_len);
}

/* The cached word of each of the @count distinct tokens of @text, into @found (which holds
 * word_cache_candidates()'s guesses). The words new to the cache are worked out first, without
 * the lock, then added under one hold of it: threads that meet a vocabulary at the same time
 * take the lock once a document, not once a word. */
static void
word_cache_resolve (WordLookup *lookup, const char *text, const DistinctToken *distinct,
                    guint count, const CachedWord **found)
{
  WordCache *cache = lookup->cache;
  ThreadCaches *caches = lookup->caches;
  if (caches->pending == NULL) {
    caches->pending = g_array_new (FALSE, FALSE, sizeof (PendingWord));
    caches->pending_bytes = g_string_sized_new (256);
  }
  GArray *pending = caches->pending;
  GString *bytes = caches->pending_bytes;
  g_array_set_size (pending, 0);
  g_string_truncate (bytes, 0);
  const WordTable *table = NULL;
  for (guint k = 0; k < count; k++) {
    const DistinctToken *d = &distinct[k];
    if (G_LIKELY (found[k] != NULL && word_is (found[k], text, d)))
      continue;
    if (table == NULL)
      table = word_cache_table (cache);
    found[k] = word_cache_find (cache, table, text, d, d->hash);
    if (found[k] != NULL)
      continue;
    g_array_set_size (pending, pending->len + 1);
    PendingWord *p = &g_array_index (pending, PendingWord, pending->len - 1);
    p->k = k;
    word_prepare (lookup, text, d, p, bytes);
  }
  if (pending->len == 0)
    return;
  pthread_mutex_lock (&cache->lock);
  for (guint i = 0; i < pending->len; i++) {
    const PendingWord *p = &g_array_index (pending, PendingWord, i);
    const DistinctToken *d = &distinct[p->k];
    /* Added meanwhile? */
    const CachedWord *w = word_cache_find (cache, cache->table, text, d, d->hash);
    if (w == NULL)
      w = word_cache_add (cache, text, d, d->hash, p->word, bytes->str + p->normalized,
                          p->normalized_len, p->has_stem ? bytes->str + p->stem : NULL,
                          p->stem_len);
    found[p->k] = w;
  }
  pthread_mutex_unlock (&cache->lock);
}

/* ---- Document -------------------------------------------------------------------------- */

/* weigh_terms() keeps the weights of the document frequencies below this. */
#define IDF_MEMO 32

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

/* The candidates (word_cache_candidate()) of @count distinct tokens in @found, their entries
 * (and what is read of them next) brought into the CPU cache before they are looked at. The
 * word cache outgrows the CPU's caches after some hundred documents, and looking a word up
 * there then waits on memory three times in a row (its slot, its entry, then its stem and the
 * bytes of a word longer than its 8-byte prefix): asking for all the slots first, then all the
 * entries, then the rest, lets those waits overlap. */
static void
word_cache_candidates (const WordLookup *lookup, const DistinctToken *distinct, guint count,
                       const CachedWord **found)
{
  const WordCache *cache = lookup->cache;
  const WordTable *table = word_cache_table (cache);
  for (guint i = 0; i < count; i++)
    __builtin_prefetch (&table->slots[distinct[i].hash & table->mask]);
  for (guint i = 0; i < count; i++) {
    found[i] = word_cache_candidate (cache, table, distinct[i].hash);
    if (found[i] != NULL)
      __builtin_prefetch (found[i]);
  }
  const StemMarks *marks = lookup->marks;
  for (guint i = 0; i < count; i++) {
    const CachedWord *w = found[i];
    if (w != NULL) {
      if (w->key_len > 8)
        __builtin_prefetch (w->bytes + 8);
      if (w->stem != NO_STEM) {
        __builtin_prefetch (cached_stem (cache, w->stem));
        if (w->stem < marks->size)
          __builtin_prefetch (&marks->marks[w->stem]);
      }
    }
  }
}

/* Returns the nanoseconds spent stemming, when @timed. */
static gint64
analyze_words (AbridgeDocument *doc, gboolean timed)
{
  WordLookup lookup;
  word_lookup_begin (&lookup, doc->resources);
  lookup.timed = timed;
  Token *tokens = (Token *) doc->tokens->data;
  guint count;
  DistinctScratch *distinct_scratch = &lookup.caches->distinct;
  DistinctToken *distinct = distinct_tokens (distinct_scratch, doc->prepared.text,
                                             doc->prepared.len, tokens, doc->tokens->len, &count);

  /* What the cache knows of each distinct token (normalized form, stop flag, stem), the stems
   * becoming the document's terms in order of first occurrence; and the bytes the document's
   * copies of the words and stems take. */
  const CachedWord **cached = g_new (const CachedWord *, count + 1);
  word_cache_candidates (&lookup, distinct, count, cached);
  word_cache_resolve (&lookup, doc->prepared.text, distinct, count, cached);
  gsize bytes = 0;
  guint term_count = 0;
  for (guint k = 0; k < count; k++) {
    const CachedWord *word = cached[k];
    bytes += word->normalized_len + 1;
    if (word->stem != NO_STEM) {
      StemMark *mark = stem_mark (lookup.marks, word->stem);
      if (mark->stamp != lookup.marks->stamp) {
        mark->stamp = lookup.marks->stamp;
        mark->term = term_count++;
        bytes += cached_stem (lookup.cache, word->stem)->len + 1;
      }
    }
  }
  if (distinct_scratch->slot_count > KEEP_DISTINCT_MAX)
    distinct_scratch_clear (distinct_scratch);

  /* The copies, in one block: a document does not depend on the cache, which may be dropped
   * between documents. */
  doc->strings = g_malloc (bytes + 1);
  char *out = doc->strings;
  g_array_set_size (doc->words, count);
  g_array_set_size (doc->terms, term_count);
  Word *words = (Word *) doc->words->data;
  Term *terms = (Term *) doc->terms->data;
  guint terms_done = 0;
  for (guint k = 0; k < count; k++) {
    const CachedWord *cached_word = cached[k];
    Word *word = &words[k];
    word->normalized = out;
    memcpy (out, cached_word->bytes + cached_word->key_len + 1, cached_word->normalized_len);
    out += cached_word->normalized_len;
    *out++ = '\0';
    word->term = G_MAXUINT;
    word->stop = cached_word->stop;
    if (cached_word->stem != NO_STEM) {
      guint term = lookup.marks->marks[cached_word->stem].term;
      word->term = term;
      if (term == terms_done) { /* its first occurrence */
        const CachedStem *stem = cached_stem (lookup.cache, cached_word->stem);
        Term *t = &terms[terms_done++];
        memset (t, 0, sizeof *t);
        t->stem = out;
        memcpy (out, stem->bytes, stem->len);
        out += stem->len;
        *out++ = '\0';
        t->first_sentence = G_MAXUINT;
      }
    }
  }
  g_free (cached);
  gint64 stem_ns = lookup.stem_ns;
  word_lookup_end (&lookup);

  /* Each token takes its word's term and stop flag. */
  for (guint i = 0; i < doc->tokens->len; i++) {
    Token *token = &tokens[i];
    token->term = words[token->word].term;
    if (words[token->word].stop)
      token->flags |= TOKEN_STOP;
  }
  return stem_ns;
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
  /* n is the same for every term, and most terms have a small df (1 or 2 sentences): each
   * small df's weight is worked out once (the same expression, so the same value), not
   * once a term. */
  double by_df[IDF_MEMO];
  guint32 known = 0; /* bit df: by_df[df] is set */
  G_STATIC_ASSERT (IDF_MEMO <= 32);
  for (guint t = 0; t < doc->terms->len; t++) {
    guint64 df = idf ? abridge_idf_get_df (idf, terms[t].stem) : terms[t].sentence_df;
    terms[t].df = df;
    if (df < IDF_MEMO) {
      if (!(known & (1u << df))) {
        by_df[df] = document_idf (df, n);
        known |= 1u << df;
      }
      terms[t].idf = by_df[df];
    } else {
      terms[t].idf = document_idf (df, n);
    }
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

/* ABRIDGE_ANALYZE_TIMINGS: the time since *@clock goes to @stage, and *@clock moves on. */
static inline void
stage_end (AbridgeDocument *doc, gboolean timed, AbridgeStage stage, gint64 *clock)
{
  if (!timed)
    return;
  gint64 now = clock_ns ();
  doc->stage_ns[stage] = now - *clock;
  *clock = now;
}

static AbridgeDocument *
document_new (const AbridgeEngine *engine, const LanguageResources *resources, const char *text,
              gssize len, AbridgeAnalyzeFlags flags, GError **error)
{
  gboolean timed = (flags & ABRIDGE_ANALYZE_TIMINGS) != 0;
  gint64 clock = timed ? clock_ns () : 0;
  gsize size = len < 0 ? strlen (text) : (gsize) len;
  AbridgeDocument *doc = g_new0 (AbridgeDocument, 1);
  doc->engine = engine;
  MarkupText markup = { 0 };
  gboolean has_markup = (flags & (ABRIDGE_ANALYZE_HTML | ABRIDGE_ANALYZE_MARKDOWN)) != 0;
  if (!prepare_input (engine, text, size, flags, &doc->prepared, &markup, error)) {
    g_free (doc);
    return NULL;
  }
  stage_end (doc, timed, ABRIDGE_STAGE_PREPARE, &clock);
  if (resources == NULL)
    resources = input_resources (engine, &doc->prepared);
  doc->resources = resources;
  stage_end (doc, timed, ABRIDGE_STAGE_DETECT, &clock);
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
  stage_end (doc, timed, ABRIDGE_STAGE_SEGMENT, &clock);
  gint64 stem_ns = analyze_words (doc, timed);
  stage_end (doc, timed, ABRIDGE_STAGE_NORMALIZE, &clock);
  doc->stage_ns[ABRIDGE_STAGE_NORMALIZE] -= stem_ns;
  doc->stage_ns[ABRIDGE_STAGE_STEM] = stem_ns;
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
  stage_end (doc, timed, ABRIDGE_STAGE_WEIGHT, &clock);
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

/* Room in @scratch for the cached words of @n distinct tokens. */
static const CachedWord **
distinct_scratch_words (DistinctScratch *scratch, guint n)
{
  if (scratch->words_capacity < n) {
    g_free (scratch->words);
    scratch->words_capacity = MAX (n, 256);
    scratch->words = g_new (const CachedWord *, scratch->words_capacity);
  }
  return scratch->words;
}

/* The lean path of abridge_document_new() + abridge_idf_add_document(): the same tokens
 * (text_prepare, markup, segment_text) and the same words and stems (the engine's word
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

  /* Each distinct token in the word cache (its slots, words and stems fetched from memory
   * ahead, and the model's counters of those stems) and its stem, counted once. */
  WordLookup lookup;
  word_lookup_begin (&lookup, resources);
  WordCache *cache = lookup.cache;
  const CachedWord **found = distinct_scratch_words (&caches->distinct, n);
  word_cache_candidates (&lookup, distinct, n, found);
  for (guint k = 0; k < n; k++)
    if (found[k] != NULL && found[k]->stem != NO_STEM)
      idf_prefetch_counter (idf, cache->generation, found[k]->stem);
  word_cache_resolve (&lookup, text_bytes, distinct, n, found);
  for (guint k = 0; k < n; k++) {
    guint32 s = found[k]->stem;
    if (s == NO_STEM)
      continue;
    StemMark *mark = stem_mark (lookup.marks, s);
    if (mark->stamp == lookup.marks->stamp)
      continue;
    mark->stamp = lookup.marks->stamp;
    const CachedStem *stem = cached_stem (cache, s);
    (*idf_stem_counter (idf, cache->generation, s, stem->bytes, stem->len))++;
  }
  word_lookup_end (&lookup);
  idf_end_document (idf);
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

const char *
abridge_stage_name (AbridgeStage stage)
{
  static const char *const names[] = { "prepare", "detect", "segment", "normalize", "stem",
                                       "weight" };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == ABRIDGE_STAGE_COUNT);
  return (guint) stage < ABRIDGE_STAGE_COUNT ? names[stage] : NULL;
}

gint64
abridge_document_get_stage_time (const AbridgeDocument *document, AbridgeStage stage)
{
  g_return_val_if_fail (document != NULL, 0);
  g_return_val_if_fail ((guint) stage < ABRIDGE_STAGE_COUNT, 0);
  return document->stage_ns[stage];
}
