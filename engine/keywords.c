/* keywords.c — keyphrase candidates, scores and near-duplicate removal. Candidates are runs of
 * up to max_words content tokens inside a sentence that no stop word or punctuation
 * interrupts; each is keyed by its stems, keeps its occurrences and its most frequent surface
 * form. Scorers (each usable alone): tfidf, yake (statistical features), graph (PositionRank),
 * frequency; the default combines tfidf, yake and graph by rank fusion. Reads only the
 * analyzed document. */
#include "abridge-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  guint start, end;
} Occurrence;

#define MAX_WORDS 8

/* An occurrence of a candidate in the pool of all occurrences, linked to the next one. */
typedef struct {
  guint start, end;
  guint next;              /* index + 1 of the candidate's next occurrence; 0: none */
} Link;

enum { SCORER_TFIDF, SCORER_YAKE, SCORER_GRAPH, SCORER_FREQUENCY, SCORER_COUNT };

/* A candidate is identified by its sequence of term ids (hashed as such: no string keys on
 * the hot path); its display form is chosen among its occurrences only if it is kept. All
 * candidates of a document live in one array and their occurrences in another (Pool). */
typedef struct {
  guint terms[MAX_WORDS];
  guint length;            /* words */
  guint hash;
  guint frequency;
  double units;            /* its occurrences weighed as units (see collect_candidates) */
  double heading_units;    /* the same in Title Case headings: counted if it occurs elsewhere */
  guint heading;           /* occurrences in a Title Case heading */
  guint capitalized;       /* occurrences with every word capitalized */
  guint first_sentence;
  guint first_token;
  guint first_link, last_link; /* its occurrences in Pool.links (index + 1), in text order */
  double scores[SCORER_COUNT];
  double score;
} Candidate;

/* A keyphrase of a result: its strings, forms and occurrences are in the result's arrays. */
typedef struct {
  gsize stem;              /* offset in AbridgeKeywords.strings */
  guint forms;             /* index in AbridgeKeywords.forms: its distinct surface forms, most
                            * frequent first (the first is its text), then NULL */
  guint occurrences;       /* index in AbridgeKeywords.occurrences and .work ... */
  guint frequency;         /* ... of its frequency occurrences */
  double score;
  double idf;              /* mean idf of its words */
  guint64 df;              /* document frequency of its rarest word */
} Keyphrase;

/* A result holds a few blocks, whatever its number of keyphrases and forms. */
struct _AbridgeKeywords {
  GArray *items;           /* Keyphrase */
  guint64 documents;       /* the n of the document frequencies */
  GString *strings;        /* the stems and forms, each NUL-terminated */
  char **forms;            /* into strings: each keyphrase's forms, then NULL */
  GArray *occurrences;     /* Occurrence, original offsets */
  GArray *work;            /* Occurrence, work offsets (for rendering) */
};

static const char *const methods[] = { "default", "tfidf", "yake", "graph", "frequency", NULL };

const char *const *
abridge_keyword_methods (void)
{
  return methods;
}

void
abridge_keyword_options_init (AbridgeKeywordOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->count = 10;
  options->max_words = 3;
}

/* ---- A map from 64-bit pairs to indexes (open addressing) ------------------------------ */

/* A thread keeps its map from one document to the next (in its Memo): a slot belongs to the
 * map's current use only if it has the use's stamp, so that a new use (a new stamp) starts
 * empty without the slots being cleared. */
typedef struct {
  guint64 key;
  guint value;             /* index */
  guint stamp;
} PairSlot;

typedef struct {
  PairSlot *slots;
  guint mask;
  guint used;
  guint stamp;             /* of the current use; never 0, the stamp of new slots */
} PairMap;

static guint
pair_hash (guint64 key)
{
  key ^= key >> 33;
  key *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  key ^= key >> 33;
  return (guint) key;
}

/* Empties @map for a new use, with room for @hint pairs before it grows. */
static void
pair_map_reset (PairMap *map, guint hint)
{
  guint size = 64;
  while (size < hint * 2)
    size *= 2;
  if (map->slots == NULL || map->mask + 1 < size) {
    g_free (map->slots);
    map->slots = g_new0 (PairSlot, size);
    map->mask = size - 1;
    map->stamp = 0;
  }
  if (++map->stamp == 0) {
    /* The stamps went round (after 4 billion uses): old slots could have the new one. */
    memset (map->slots, 0, sizeof (PairSlot) * (map->mask + 1));
    map->stamp = 1;
  }
  map->used = 0;
}

/* Doubles the room of @map. */
static void
pair_map_grow (PairMap *map)
{
  guint size = (map->mask + 1) * 2;
  PairSlot *slots = g_new0 (PairSlot, size);
  for (guint i = 0; i <= map->mask; i++) {
    if (map->slots[i].stamp != map->stamp)
      continue;
    guint j = pair_hash (map->slots[i].key) & (size - 1);
    while (slots[j].stamp == map->stamp)
      j = (j + 1) & (size - 1);
    slots[j] = map->slots[i];
  }
  g_free (map->slots);
  map->slots = slots;
  map->mask = size - 1;
}

/* The index stored for @key; when there is none, stores @next and sets *@added. Inline: the
 * graph and YAKE scorers call it for every pair of neighbours. */
static inline guint
pair_map_get (PairMap *map, guint64 key, guint next, gboolean *added)
{
  if ((map->used + 1) * 2 > map->mask)
    pair_map_grow (map);
  guint j = pair_hash (key) & map->mask;
  PairSlot *slots = map->slots;
  while (slots[j].stamp == map->stamp) {
    if (slots[j].key == key) {
      *added = FALSE;
      return slots[j].value;
    }
    j = (j + 1) & map->mask;
  }
  slots[j] = (PairSlot) { key, next, map->stamp };
  map->used++;
  *added = TRUE;
  return next;
}

/* ---- What a thread keeps from one document to the next -------------------------------- */

/* The powers of the tf-idf scorer and the logarithms of YAKE, which depend only on the one
 * tuning and on numbers that every document has again (first words 0, 1, 2 ..., counts such
 * as 0.05, 2 or 2.05, medians of sentences), so that pow() or log() runs once per thread for
 * each (see position_factor, tf_power, yake_position and yake_log_count); and the pair map of
 * the word scorers, whose room is allocated once. */
#define POSITION_MEMO 65536  /* first words beyond it (rare) are computed each time */
#define TF_MEMO 64           /* counts: a direct-mapped table by a hash of their bits */
#define YAKE_MEMO 4096       /* YAKE's features of medians and counts below it */
typedef struct {
  double *position;        /* (1 + i / c)^-d for first word i; 0 (never a value): not yet */
  guint position_room;
  guint64 tf_bits[TF_MEMO]; /* the count whose tf^a is tf_power[h]; G_MAXUINT64 (a NaN): none */
  double tf_power[TF_MEMO];
  PairMap pairs;           /* for the graph and YAKE scorers, one after the other */
  double yake_position[YAKE_MEMO]; /* ln ln (3 + m / 2) for twice a median m; 0: not yet */
  double yake_log_count[YAKE_MEMO]; /* 1 + ln f for a count f >= 2; 0: not yet */
} Memo;

static void
memo_free (gpointer data)
{
  Memo *memo = data;
  g_free (memo->position);
  g_free (memo->pairs.slots);
  g_free (memo);
}

static GPrivate thread_memo = G_PRIVATE_INIT (memo_free);

static Memo *
memo_get (void)
{
  Memo *memo = g_private_get (&thread_memo);
  if (memo == NULL) {
    memo = g_new0 (Memo, 1);
    for (guint h = 0; h < TF_MEMO; h++)
      memo->tf_bits[h] = G_MAXUINT64;
    g_private_set (&thread_memo, memo);
  }
  return memo;
}

/* ---- Candidates ------------------------------------------------------------------------ */

/* The candidates of a document, found by their terms through an open-addressing index. */
typedef struct {
  Candidate *candidates;   /* grown by doubling: one reallocation per doubling, not per entry */
  guint count, room;
  Link *links;             /* work offsets */
  guint link_count, link_room;
  guint *slots;            /* candidate index + 1; 0: empty */
  guint mask;
} Pool;

static void
pool_init (Pool *pool, guint hint)
{
  guint size = 256;
  while (size < hint * 2)
    size *= 2;
  pool->candidates = g_new (Candidate, hint);
  pool->count = 0;
  pool->room = hint;
  pool->links = g_new (Link, hint * 2);
  pool->link_count = 0;
  pool->link_room = hint * 2;
  pool->slots = g_new0 (guint, size);
  pool->mask = size - 1;
}

static void
pool_clear (Pool *pool)
{
  g_free (pool->candidates);
  g_free (pool->links);
  g_free (pool->slots);
}

static guint
terms_hash (const guint *terms, guint length)
{
  guint32 h = 2166136261u;
  for (guint i = 0; i < length; i++) {
    h ^= terms[i];
    h *= 16777619u;
  }
  return h ^ (h >> 15);
}

/* The candidate of these terms, added (zeroed, with its terms) if it is new. */
static Candidate *
pool_get (Pool *pool, const guint *terms, guint length, gboolean *added)
{
  if ((pool->count + 1) * 2 > pool->mask) {
    guint size = (pool->mask + 1) * 2;
    guint *slots = g_new0 (guint, size);
    const Candidate *all = pool->candidates;
    for (guint c = 0; c < pool->count; c++) {
      guint j = all[c].hash & (size - 1);
      while (slots[j] != 0)
        j = (j + 1) & (size - 1);
      slots[j] = c + 1;
    }
    g_free (pool->slots);
    pool->slots = slots;
    pool->mask = size - 1;
  }
  guint hash = terms_hash (terms, length);
  guint j = hash & pool->mask;
  Candidate *all = pool->candidates;
  while (pool->slots[j] != 0) {
    Candidate *c = &all[pool->slots[j] - 1];
    if (c->hash == hash && c->length == length
        && memcmp (c->terms, terms, sizeof (guint) * length) == 0) {
      *added = FALSE;
      return c;
    }
    j = (j + 1) & pool->mask;
  }
  if (pool->count == pool->room) {
    pool->room *= 2;
    pool->candidates = g_renew (Candidate, pool->candidates, pool->room);
  }
  Candidate *c = &pool->candidates[pool->count++];
  pool->slots[j] = pool->count;
  memset (c, 0, sizeof *c);
  memcpy (c->terms, terms, sizeof (guint) * length);
  c->length = length;
  c->hash = hash;
  *added = TRUE;
  return c;
}

static void
pool_add_occurrence (Pool *pool, Candidate *c, guint start, guint end)
{
  if (pool->link_count == pool->link_room) {
    pool->link_room *= 2;
    pool->links = g_renew (Link, pool->links, pool->link_room);
  }
  pool->links[pool->link_count++] = (Link) { start, end, 0 };
  guint index = pool->link_count; /* + 1 */
  if (c->last_link != 0)
    pool->links[c->last_link - 1].next = index;
  else
    c->first_link = index;
  c->last_link = index;
}

/* Appends the occurrences of @c (work offsets) to @work: each occurrence counted in its
 * frequency has its link (collect_candidates). */
static void
candidate_occurrences (const Pool *pool, const Candidate *c, GArray *work)
{
  guint at = work->len;
  g_array_set_size (work, at + c->frequency);
  Occurrence *out = &g_array_index (work, Occurrence, at);
  for (guint l = c->first_link; l != 0; l = pool->links[l - 1].next) {
    const Link *link = &pool->links[l - 1];
    *out++ = (Occurrence) { link->start, link->end };
  }
}

/* A content word or number, and not the name of an HTML character reference left in the text
 * ("&amp;", "&rsquo;"). */
static gboolean
usable_token (const char *text, gsize len, const Token *t)
{
  if (t->term == G_MAXUINT || (t->kind != TOKEN_WORD && t->kind != TOKEN_NUMBER))
    return FALSE;
  return !(t->start > 0 && text[t->start - 1] == '&' && t->end < len && text[t->end] == ';');
}

/* ---- Language hints -------------------------------------------------------------------- */

/* What a language tells about where a phrase may start and end, in place of a part-of-speech
 * tagger. Each list is lowercase and NULL-terminated; a language without hints has none. */
typedef struct {
  const char *language;
  /* Function words after which a run of content words opens with a verb or an adjective
   * ("to pick", "we argue", "is robust"): the run's first word is left out. */
  const char *const *before_verb;
  /* Determiners: the last word of a run just before one is a verb ("give the tools"). */
  const char *const *determiners;
  /* Word endings of forms that cannot end a phrase (past participles: "proposed"), with
   * endings excepted from the rule ("speed"); and of words that belong in none (adverbs:
   * "finally"), with their exceptions ("family", "supply", "assembly", "anomaly"). */
  const char *const *not_last, *const *not_last_except;
  const char *const *not_inside, *const *not_inside_except;
  /* Endings after a shared stem that make a name's adjective or demonym ("Russia" /
   * "Russian", "Canada" / "Canadian", "Germany" / "German" as the stemmer leaves them). */
  const char *const *adjective_endings;
} LanguageHints;

static const char *const english_before_verb[] = {
  "to", "will", "would", "can", "could", "may", "might", "must", "shall", "should", "do", "does",
  "did", "we", "i", "you", "they", "he", "she", "it", "not", "which", "who", "also", "is", "are",
  "was", "were", "be", "been", "being", "am", "has", "have", "had", NULL };
static const char *const english_determiners[] = {
  "the", "a", "an", "this", "these", "those", "its", "their", "our", "his", "her", "my", "your",
  NULL };
static const char *const english_not_last[] = { "ed", NULL };
static const char *const english_not_last_except[] = { "eed", NULL };
static const char *const english_not_inside[] = { "ly", NULL };
static const char *const english_not_inside_except[] = { "ply", "mily", "bly", "aly", NULL };
static const char *const english_adjective_endings[] = { "", "a", "e", "i", "n", "an", "ian",
                                                         "ean", "es", "ese", NULL };

static const LanguageHints hints_table[] = {
  { "english", english_before_verb, english_determiners, english_not_last,
    english_not_last_except, english_not_inside, english_not_inside_except,
    english_adjective_endings },
};

static const LanguageHints no_hints = { 0 };

static const LanguageHints *
language_hints (const AbridgeDocument *doc)
{
  for (guint i = 0; i < G_N_ELEMENTS (hints_table); i++)
    if (strcmp (hints_table[i].language, doc->resources->language->name) == 0)
      return &hints_table[i];
  return &no_hints;
}

/* g_str_has_suffix with the word's length known. An ending is a few bytes: they are compared
 * here, from the last, rather than through calls of strlen and memcmp. */
static gboolean
has_suffix (const char *word, gsize len, const char *suffix)
{
  gsize n = 0;
  while (suffix[n] != '\0')
    n++;
  if (n > len)
    return FALSE;
  for (gsize i = n; i > 0; i--)
    if (word[len - n + i - 1] != suffix[i - 1])
      return FALSE;
  return TRUE;
}

/* Does @word (of @len >= 5 bytes) end in one of @endings but none of @except? */
static inline gboolean
ends_in (const char *word, gsize len, const char *const *endings, const char *const *except)
{
  if (len < 5)
    return FALSE;
  gboolean found = FALSE;
  for (; endings != NULL && *endings != NULL && !found; endings++)
    found = has_suffix (word, len, *endings);
  for (; found && except != NULL && *except != NULL; except++)
    if (has_suffix (word, len, *except))
      return FALSE;
  return found;
}

enum {
  WORD_NOT_LAST = 1 << 0,
  WORD_NOT_INSIDE = 1 << 1,
  WORD_BEFORE_VERB = 1 << 2,
  WORD_DETERMINER = 1 << 3,
  WORD_KNOWN = 1 << 7
};

/* What each language of hints_table's lists tell, made once: the shapes of the stop words in
 * them (WORD_BEFORE_VERB, WORD_DETERMINER), so that a stop word's shape is one look-up, not a
 * walk through every word of the lists; and the last bytes of the endings (WORD_NOT_LAST,
 * WORD_NOT_INSIDE), so that a word whose last byte ends none of them is not compared. */
typedef struct {
  GHashTable *stop_shapes;
  guint8 last_bytes[256];
} HintsIndex;

static void
mark_last_bytes (guint8 *last_bytes, const char *const *endings, guint8 shape)
{
  for (; endings != NULL && *endings != NULL; endings++) {
    gsize n = strlen (*endings);
    for (guint b = 0; b < 256; b++)
      if (n == 0 || (guchar) (*endings)[n - 1] == b)
        last_bytes[b] |= shape;
  }
}

static const HintsIndex *
hints_index (const LanguageHints *hints)
{
  static HintsIndex indexes[G_N_ELEMENTS (hints_table)];
  static gsize made = 0;
  if (g_once_init_enter (&made)) {
    for (guint i = 0; i < G_N_ELEMENTS (hints_table); i++) {
      const LanguageHints *h = &hints_table[i];
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
      for (const char *const *w = h->before_verb; w != NULL && *w != NULL; w++)
        g_hash_table_insert (table, (gpointer) *w, GUINT_TO_POINTER (WORD_BEFORE_VERB));
      for (const char *const *w = h->determiners; w != NULL && *w != NULL; w++) {
        guint shape = GPOINTER_TO_UINT (g_hash_table_lookup (table, *w));
        g_hash_table_insert (table, (gpointer) *w, GUINT_TO_POINTER (shape | WORD_DETERMINER));
      }
      indexes[i].stop_shapes = table;
      mark_last_bytes (indexes[i].last_bytes, h->not_last, WORD_NOT_LAST);
      mark_last_bytes (indexes[i].last_bytes, h->not_inside, WORD_NOT_INSIDE);
    }
    g_once_init_leave (&made, 1);
  }
  return &indexes[hints - hints_table];
}

static guint8
word_shape (const LanguageHints *hints, const Word *word)
{
  guint8 shape = WORD_KNOWN;
  if (hints->language == NULL)
    return shape;
  const HintsIndex *index = hints_index (hints);
  if (word->stop)
    return shape | GPOINTER_TO_UINT (g_hash_table_lookup (index->stop_shapes, word->normalized));
  gsize len = strlen (word->normalized);
  if (len < 5) /* ends_in's shortest word */
    return shape;
  guint8 maybe = index->last_bytes[(guchar) word->normalized[len - 1]];
  if ((maybe & WORD_NOT_LAST)
      && ends_in (word->normalized, len, hints->not_last, hints->not_last_except))
    shape |= WORD_NOT_LAST;
  if ((maybe & WORD_NOT_INSIDE)
      && ends_in (word->normalized, len, hints->not_inside, hints->not_inside_except))
    shape |= WORD_NOT_INSIDE;
  return shape;
}

/* The shape of word @index, computed on first use. */
static guint8
shape_of (guint8 *shapes, const LanguageHints *hints, const Word *words, guint index)
{
  if (shapes[index] == 0)
    shapes[index] = word_shape (hints, &words[index]);
  return shapes[index];
}

/* A heading in Title Case ("Council Approves Repair Plan"): its capitals and its runs of words
 * say nothing of where a phrase starts and ends. */
static gboolean
title_case_sentence (const char *text, const Token *first, guint count)
{
  guint words = 0, capitalized = 0;
  for (guint i = 0; i < count; i++) {
    const char *start = text + first[i].start, *end = text + first[i].end;
    if (first[i].kind != TOKEN_WORD || first[i].term == G_MAXUINT
        || (!text_is_upper_start (start, end) && !text_is_lower_start (start, end)))
      continue;
    words++;
    capitalized += (first[i].flags & (TOKEN_CAPITALIZED | TOKEN_ALL_CAPS)) != 0;
  }
  return words >= 3 && capitalized == words;
}

/* Candidates are the n-grams (n <= max_words) of the runs of content words, that is of what
 * lies between stop words, punctuation and sentence ends. A run is the phrase as the writer
 * delimited it, so each occurrence is weighed as a unit: 1 when it is a whole run, and
 * @part_weight when it is a part of a longer one ("money managers" in "independent money
 * managers", "Harbour" in "Harbour Bridge"). A phrase's weighted count replaces its raw count in the scorers, which
 * favours neither long nor short phrases: only what the text writes as a unit. */
static void
collect_candidates (const AbridgeDocument *doc, guint max_words, double part_weight, Pool *pool)
{
  const char *text = doc->prepared.text;
  gsize len = doc->prepared.len;
  const LanguageHints *hints = language_hints (doc);
  guint8 *shapes = g_new0 (guint8, doc->words->len + 1);
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const Token *tokens = (const Token *) doc->tokens->data;
  const Word *words = (const Word *) doc->words->data;
  guint ids[MAX_WORDS];

  for (guint s = 0; s < doc->sentences->len; s++) {
    const Sentence *sentence = &sentences[s];
    const Token *first = tokens + sentence->first_token;
    guint count = sentence->token_count;
    guint run_start = 0, run_end = 0, raw_end = 0;
    gboolean title_case = (sentence->flags & SENTENCE_HEADING)
                          && title_case_sentence (text, first, count);
    for (guint i = 0; i < count; i++) {
      if (!usable_token (text, len, &first[i]))
        continue;
      /* The run of content words that this token belongs to: [run_start, run_end). */
      if (i >= raw_end) {
        run_start = i;
        run_end = i + 1;
        while (run_end < count && usable_token (text, len, &first[run_end])
               && (first[run_end].flags & TOKEN_JOINED))
          run_end++;
        raw_end = run_end;
        if (run_start > 0 && (first[run_start].flags & TOKEN_JOINED)
            && (shape_of (shapes, hints, words, first[run_start - 1].word) & WORD_BEFORE_VERB))
          run_start++;
        if (run_end > run_start && run_end < count && (first[run_end].flags & TOKEN_JOINED)
            && (shape_of (shapes, hints, words, first[run_end].word) & WORD_DETERMINER))
          run_end--;
      }
      if (i < run_start || i >= run_end)
        continue;
      guint run = run_end - run_start;
      gboolean has_word = FALSE, capitalized = TRUE;
      for (guint n = 1; n <= max_words && i + n <= run_end; n++) {
        const Token *t = &first[i + n - 1];
        if (t->kind == TOKEN_WORD)
          has_word = TRUE;
        capitalized &= (t->flags & (TOKEN_CAPITALIZED | TOKEN_ALL_CAPS)) != 0;
        ids[n - 1] = t->term;
        guint8 shape = shape_of (shapes, hints, words, t->word);
        if (shape & WORD_NOT_INSIDE)
          break;
        /* No bare numbers and no one-letter single words; a phrase may end in a number when
         * it starts with a word ("S&P 500" yes, "500" no). */
        if (!has_word || (shape & WORD_NOT_LAST))
          continue;
        /* Fewer than two characters: no character after the first. */
        const char *normalized = words[t->word].normalized;
        if (n == 1 && (*normalized == '\0' || *g_utf8_next_char (normalized) == '\0'))
          continue;

        gboolean added;
        Candidate *c = pool_get (pool, ids, n, &added);
        if (added) {
          c->first_sentence = s;
          c->first_token = sentence->first_token + i;
        }
        c->frequency++;
        c->capitalized += capitalized;
        double unit = n == run ? 1 : part_weight;
        if (title_case) {
          c->heading++;
          c->heading_units += unit;
        } else {
          c->units += unit;
        }
        pool_add_occurrence (pool, c, first[i].start, t->end);
      }
    }
  }
  g_free (shapes);
}

/* ---- Word scores ----------------------------------------------------------------------- */

/* PositionRank (Florescu & Caragea 2017): PageRank over the co-occurrence graph of content
 * terms (window of WINDOW tokens inside a sentence), biased towards terms that occur early:
 * the teleport vector is proportional to sum over occurrences of 1 / (position + 1). */
#define WINDOW 4
static double *
graph_word_scores (const AbridgeDocument *doc, Memo *memo)
{
  guint n = doc->terms->len;
  double *score = g_new0 (double, n + 1);
  if (n == 0)
    return score;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const Token *tokens = (const Token *) doc->tokens->data;
  PairMap *edges = &memo->pairs;
  pair_map_reset (edges, n * 4);
  /* The edges: their keys (the two terms) and weights, grown by doubling. */
  guint edge_count = 0, edge_room = 256;
  guint64 *k64 = g_new (guint64, edge_room);
  double *w = g_new (double, edge_room);
  double *bias = g_new0 (double, n);
  guint position = 0;
  for (guint s = 0; s < doc->sentences->len; s++) {
    const Sentence *sentence = &sentences[s];
    guint recent[WINDOW];
    guint recent_count = 0;
    for (guint k = 0; k < sentence->token_count; k++) {
      const Token *t = &tokens[sentence->first_token + k];
      if (t->kind == TOKEN_URL)
        continue;
      position++;
      if (t->term == G_MAXUINT)
        continue;
      bias[t->term] += 1.0 / position;
      for (guint r = 0; r < recent_count; r++) {
        guint a = MIN (recent[r], t->term), b = MAX (recent[r], t->term);
        if (a == b)
          continue;
        guint64 key = ((guint64) a << 32) | b;
        gboolean added;
        guint index = pair_map_get (edges, key, edge_count, &added);
        if (added) {
          if (edge_count == edge_room) {
            edge_room *= 2;
            k64 = g_renew (guint64, k64, edge_room);
            w = g_renew (double, w, edge_room);
          }
          k64[edge_count] = key;
          w[edge_count++] = 1.0;
        } else {
          w[index] += 1.0;
        }
      }
      if (recent_count < WINDOW - 1)
        recent[recent_count++] = t->term;
      else {
        memmove (recent, recent + 1, sizeof (guint) * (WINDOW - 2));
        recent[WINDOW - 2] = t->term;
      }
    }
  }

  double *degree = g_new0 (double, n);
  for (guint e = 0; e < edge_count; e++) {
    degree[k64[e] >> 32] += w[e];
    degree[k64[e] & 0xffffffff] += w[e];
  }
  double bias_sum = 0;
  for (guint t = 0; t < n; t++)
    bias_sum += bias[t];
  for (guint t = 0; t < n; t++)
    bias[t] = bias_sum > 0 ? bias[t] / bias_sum : 1.0 / n;
  for (guint t = 0; t < n; t++)
    score[t] = bias[t];
  /* Each term's neighbours with their shares of its incoming weight (w / degree of the
   * neighbour), in one array (CSR): an iteration reads them in order and writes each term
   * once. */
  guint *first = g_new0 (guint, n + 1);
  for (guint e = 0; e < edge_count; e++) {
    first[(k64[e] >> 32) + 1]++;
    first[(k64[e] & 0xffffffff) + 1]++;
  }
  for (guint t = 0; t < n; t++)
    first[t + 1] += first[t];
  guint *fill = g_memdup2 (first, sizeof (guint) * n);
  guint *from = g_new (guint, 2 * (gsize) edge_count + 1);
  double *share = g_new (double, 2 * (gsize) edge_count + 1);
  for (guint e = 0; e < edge_count; e++) {
    guint a = (guint) (k64[e] >> 32), b = (guint) (k64[e] & 0xffffffff);
    from[fill[b]] = a;
    share[fill[b]++] = w[e] / degree[a];
    from[fill[a]] = b;
    share[fill[a]++] = w[e] / degree[b];
  }
  g_free (fill);
  double *next = g_new (double, n);
  const double d = 0.85;
  for (int iteration = 0; iteration < 50; iteration++) {
    for (guint t = 0; t < n; t++) {
      double sum = 0;
      gsize j = first[t], end = first[t + 1]; /* gsize: no 32-bit wrap to compute at each index */
      /* Four neighbours a step (the loop is most of the scorer's time), added one by one in
       * the same order as the rest. */
      for (; j + 4 <= end; j += 4) {
        sum += score[from[j]] * share[j];
        sum += score[from[j + 1]] * share[j + 1];
        sum += score[from[j + 2]] * share[j + 2];
        sum += score[from[j + 3]] * share[j + 3];
      }
      for (; j < end; j++)
        sum += score[from[j]] * share[j];
      next[t] = sum;
    }
    double delta = 0;
    for (guint t = 0; t < n; t++) {
      double value = (1 - d) * bias[t] + d * next[t];
      delta += fabs (value - score[t]);
      score[t] = value;
    }
    /* The scores sum to 1: a change of 0.1% of that mass no longer changes the ranking of
     * the phrases (stopping at 1e-5 took 50 iterations and gave the same figures). */
    if (delta < 1e-3)
      break;
  }
  g_free (first);
  g_free (from);
  g_free (share);
  g_free (next);
  g_free (degree);
  g_free (bias);
  g_free (k64);
  g_free (w);
  return score;
}

/* ln ln (3 + median) of YAKE's position feature. A median is whole or a half: twice it is the
 * index of its value in the memo. */
static double
yake_position (Memo *memo, double median)
{
  double twice = 2 * median;
  if (twice >= YAKE_MEMO)
    return log (log (3 + median));
  double *value = &memo->yake_position[(guint) twice];
  if (*value == 0)
    *value = log (log (3 + median));
  return *value;
}

/* 1 + ln f for a count @f >= 2 (YAKE's casing feature divides by it). */
static double
yake_log_count (Memo *memo, guint f)
{
  if (f >= YAKE_MEMO)
    return 1 + log (f);
  double *value = &memo->yake_log_count[f];
  if (*value == 0)
    *value = 1 + log (f);
  return *value;
}

/* YAKE word weights (Campos et al. 2020), lower is better:
 *   H(t) = position * relatedness / (casing + frequency / relatedness + spread / relatedness)
 * with casing = max(capitalized, all-caps occurrences) / (1 + ln tf), position =
 * ln(ln(3 + median sentence)), frequency = tf / (mean tf + standard deviation), relatedness
 * = 1 + (distinct left neighbours / left neighbours + the same on the right) * tf / max tf
 * (neighbours are the adjacent words, stop words included, that no punctuation separates: a
 * word seen beside many different words is stop-word-like), spread = sentences with t /
 * sentences. */
static double *
yake_word_scores (const AbridgeDocument *doc, Memo *memo)
{
  guint n = doc->terms->len;
  double *score = g_new0 (double, n + 1);
  if (n == 0)
    return score;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const Token *tokens = (const Token *) doc->tokens->data;
  const Term *terms = (const Term *) doc->terms->data;
  guint *offset = g_new (guint, n + 1);
  guint *fill = g_new0 (guint, n);
  offset[0] = 0;
  for (guint t = 0; t < n; t++)
    offset[t + 1] = offset[t] + terms[t].frequency;
  guint *sentence_of = g_new (guint, offset[n] + 1);
  guint *cased = g_new0 (guint, n);
  guint *upper = g_new0 (guint, n);
  guint *distinct = g_new0 (guint, 2 * n);
  guint *total = g_new0 (guint, 2 * n);
  PairMap *pairs = &memo->pairs;
  /* At most two pairs per occurrence of a term (its left and right neighbours). */
  pair_map_reset (pairs, MIN (n * 8, offset[n] * 2)); /* grows as needed */
  guint64 words = doc->words->len;

  for (guint s = 0; s < doc->sentences->len; s++) {
    const Sentence *sentence = &sentences[s];
    const Token *first = tokens + sentence->first_token;
    for (guint k = 0; k < sentence->token_count; k++) {
      guint t = first[k].term;
      if (t == G_MAXUINT)
        continue;
      sentence_of[offset[t] + fill[t]++] = s;
      if (k > 0 && (first[k].flags & TOKEN_CAPITALIZED))
        cased[t]++;
      if (first[k].flags & TOKEN_ALL_CAPS)
        upper[t]++;
      for (guint side = 0; side < 2; side++) {
        const Token *other = side == 0 ? (k > 0 ? &first[k - 1] : NULL)
                                       : (k + 1 < sentence->token_count ? &first[k + 1] : NULL);
        if (other == NULL || other->kind == TOKEN_URL)
          continue;
        if (!((side == 0 ? first[k].flags : other->flags) & TOKEN_JOINED))
          continue;
        guint64 id = other->term != G_MAXUINT ? other->term : n + (guint64) other->word;
        guint64 key = (((guint64) t * 2 + side) * (n + words)) + id;
        gboolean added;
        pair_map_get (pairs, key, 0, &added);
        total[2 * t + side]++;
        if (added)
          distinct[2 * t + side]++;
      }
    }
  }

  double mean = 0, max_tf = 0;
  for (guint t = 0; t < n; t++) {
    mean += terms[t].frequency;
    max_tf = MAX (max_tf, terms[t].frequency);
  }
  mean /= n;
  double variance = 0;
  for (guint t = 0; t < n; t++)
    variance += (terms[t].frequency - mean) * (terms[t].frequency - mean);
  double deviation = sqrt (variance / n);
  double sentence_count = MAX (1, doc->sentences->len);
  for (guint t = 0; t < n; t++) {
    double tf = terms[t].frequency;
    if (tf == 0) {
      score[t] = 1e6;
      continue;
    }
    const guint *list = sentence_of + offset[t];
    guint f = terms[t].frequency;
    double median = f % 2 ? list[f / 2] : (list[f / 2 - 1] + list[f / 2]) / 2.0;
    double casing = MAX (cased[t], upper[t]) / (f == 1 ? 1 : yake_log_count (memo, f));
    double position = yake_position (memo, median);
    double frequency = tf / (mean + deviation);
    double left = total[2 * t] ? (double) distinct[2 * t] / total[2 * t] : 0;
    double right = total[2 * t + 1] ? (double) distinct[2 * t + 1] / total[2 * t + 1] : 0;
    double related = 1 + (left + right) * tf / max_tf;
    double spread = terms[t].sentence_df / sentence_count;
    score[t] = position * related / (casing + frequency / related + spread / related);
  }
  g_free (offset);
  g_free (fill);
  g_free (sentence_of);
  g_free (cased);
  g_free (upper);
  g_free (distinct);
  g_free (total);
  return score;
}

/* ---- Phrase scores --------------------------------------------------------------------- */

typedef struct {
  double part_weight;      /* an occurrence inside a longer run (collect_candidates) */
  double tf_power;         /* tf-idf: tf(p)^a */
  double first_weight;     /* tf-idf: (1 + b / (1 + first sentence)) */
  double position_scale;   /* tf-idf: (1 + first word / c)^-d */
  double position_power;
  double fusion_k;         /* rank fusion: w / (k + rank) */
  double weight[SCORER_COUNT];
} Tuning;

/* Tuned on the four development sets of EVAL.md (Inspec, KPCrowd, SemEval2010, WikiNews)
 * together: one setting for any text. */
static const Tuning tuning = {
  .part_weight = 0.05,
  .tf_power = 0.55,
  .first_weight = 6,
  .position_scale = 125,
  .position_power = 0.75,
  .fusion_k = 20,
  .weight = { [SCORER_TFIDF] = 2, [SCORER_YAKE] = 1, [SCORER_GRAPH] = 0.75,
              [SCORER_FREQUENCY] = 0 },
};

/* The phrase's count with each occurrence weighed as a unit (collect_candidates); what it
 * has in Title Case headings counts only if it also occurs elsewhere. */
static double
unit_count (const Candidate *c)
{
  return c->units + (c->frequency > c->heading ? c->heading_units : 0);
}

static double
position_factor_of (const Tuning *tune, guint first_token)
{
  return pow (1 + first_token / tune->position_scale, -tune->position_power);
}

/* (1 + first word / c)^-d of the tf-idf scorer. */
static double
position_factor (Memo *memo, const Tuning *tune, guint first_token)
{
  if (first_token >= POSITION_MEMO)
    return position_factor_of (tune, first_token);
  if (first_token >= memo->position_room) {
    guint room = MAX (1024, memo->position_room);
    while (room <= first_token)
      room *= 2;
    memo->position = g_renew (double, memo->position, room);
    memset (memo->position + memo->position_room, 0,
            sizeof (double) * (room - memo->position_room));
    memo->position_room = room;
  }
  double *factor = &memo->position[first_token];
  if (*factor == 0)
    *factor = position_factor_of (tune, first_token);
  return *factor;
}

/* tf^a of the tf-idf scorer (1 for a count of 1). */
static double
tf_power (Memo *memo, const Tuning *tune, double tf)
{
  if (tf == 1)
    return 1;
  guint64 bits;
  memcpy (&bits, &tf, sizeof bits);
  guint h = (guint) ((bits * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 58);
  if (memo->tf_bits[h] != bits) {
    memo->tf_bits[h] = bits;
    memo->tf_power[h] = pow (tf, tune->tf_power);
  }
  return memo->tf_power[h];
}

/* The scorers, each higher for a better phrase p, with tf(p) its weighed count:
 *   tfidf      tf(p)^0.55 * mean idf(t in p) * (1 + 6 / (1 + first sentence))
 *              * (1 + first word / 125)^-0.75
 *   yake       1 / S(p), S(p) = prod H(t) / (tf(p) * (1 + sum H(t))) (yake_word_scores)
 *   graph      sum of the words' PositionRank scores / sqrt(|p|) * sqrt(tf(p))
 *   frequency  raw count * sqrt(|p|)
 * The tf-idf position factors favour what the title and the opening introduce. */
static void
score_candidate (const AbridgeDocument *doc, Candidate *c, const Tuning *tune,
                 const double *graph, const double *yake, Memo *memo)
{
  const Term *terms = (const Term *) doc->terms->data;
  double tf = unit_count (c);
  double length = c->length;

  double idf = 0;
  for (guint k = 0; k < c->length; k++)
    idf += terms[c->terms[k]].idf;
  idf /= length;
  c->scores[SCORER_TFIDF] = tf_power (memo, tune, tf) * idf
                            * (1 + tune->first_weight / (1 + c->first_sentence))
                            * position_factor (memo, tune, c->first_token);

  c->scores[SCORER_FREQUENCY] = c->frequency * sqrt (length);

  if (graph != NULL) {
    double sum = 0;
    for (guint k = 0; k < c->length; k++)
      sum += graph[c->terms[k]];
    c->scores[SCORER_GRAPH] = sum / sqrt (length) * sqrt (tf);
  }

  if (yake != NULL) {
    double product = 1, sum = 0;
    for (guint k = 0; k < c->length; k++) {
      product *= yake[c->terms[k]];
      sum += yake[c->terms[k]];
    }
    double denominator = tf * (1 + sum);
    c->scores[SCORER_YAKE] = denominator > 0 && product > 0 ? denominator / product : 0;
  }
}

/* The order of phrases: higher score first, then the earlier first occurrence, then the
 * shorter (two candidates never tie on both: that would be one n-gram). collect_candidates
 * adds them to the pool in that order (token by token, shorter first), so the second key is
 * their place in the pool's array. Sorted as compact entries with the comparison inline. */
typedef struct {
  double score;
  Candidate *candidate;    /* in Pool.candidates */
} Entry;

static inline gboolean
entry_before (const Entry *x, const Entry *y)
{
  if (x->score != y->score)
    return x->score > y->score;
  return x->candidate < y->candidate;
}

/* Merge sort of @n entries with @scratch of the same size. */
static void
sort_entries (Entry *entries, Entry *scratch, gsize n)
{
  if (n <= 16) {
    for (gsize i = 1; i < n; i++) {
      Entry e = entries[i];
      gsize j = i;
      for (; j > 0 && entry_before (&e, &entries[j - 1]); j--)
        entries[j] = entries[j - 1];
      entries[j] = e;
    }
    return;
  }
  gsize half = n / 2;
  sort_entries (entries, scratch, half);
  sort_entries (entries + half, scratch, n - half);
  if (!entry_before (&entries[half], &entries[half - 1]))
    return;
  memcpy (scratch, entries, sizeof (Entry) * half);
  gsize a = 0, b = half, out = 0;
  while (a < half && b < n)
    entries[out++] = entry_before (&entries[b], &scratch[a]) ? entries[b++] : scratch[a++];
  while (a < half)
    entries[out++] = scratch[a++];
}

/* Keys @entries by the score of scorer @m, or by the final score when @m < 0. */
static void
set_keys (Entry *entries, gsize n, int m)
{
  for (gsize i = 0; i < n; i++) {
    const Candidate *c = entries[i].candidate;
    entries[i].score = m < 0 ? c->score : c->scores[m];
  }
}

/* The bits of a score >= 0, which are in the order of the values (0 and -0 as one). */
static guint64
score_bits (double score)
{
  guint64 bits = 0;
  if (score != 0)
    memcpy (&bits, &score, sizeof bits);
  return bits;
}

/* Sorts @entries by the score of scorer @m, with @scratch of the same size and @buckets of
 * size + 1 + @n, size the power of two >= @n. The scores are >= 0 (else, or NaN, the entries
 * take the merge sort), so their bits are in the order of their values: the entries go to
 * as many buckets as there are entries, by the high bits of how far each score lies below
 * the best, and only inside a bucket (about one entry) is there anything to sort. */
static void
rank_by (Entry *entries, Entry *scratch, guint *buckets, gsize n, int m)
{
  guint64 low = G_MAXUINT64, high = 0;
  for (gsize i = 0; i < n; i++) {
    entries[i].score = entries[i].candidate->scores[m];
    if (!(entries[i].score >= 0)) {
      set_keys (entries, n, m);
      sort_entries (entries, scratch, n);
      return;
    }
    guint64 bits = score_bits (entries[i].score);
    low = MIN (low, bits);
    high = MAX (high, bits);
  }
  gsize size = 1;
  while (size < n)
    size *= 2;
  guint shift = 0;
  while (((high - low) >> shift) >= size)
    shift++;
  /* buckets[b + 1]: the entries of bucket b; then buckets[b]: where bucket b starts. */
  guint *bucket_of = buckets + size + 1;
  memset (buckets, 0, sizeof (guint) * (size + 1));
  for (gsize i = 0; i < n; i++) {
    bucket_of[i] = (guint) ((high - score_bits (entries[i].score)) >> shift);
    buckets[bucket_of[i] + 1]++;
  }
  for (gsize b = 0; b < size; b++)
    buckets[b + 1] += buckets[b];
  for (gsize i = 0; i < n; i++)
    scratch[buckets[bucket_of[i]]++] = entries[i];
  /* The buckets are in order, so an insertion sort (back into @entries) moves each entry only
   * inside its own bucket. Should many scores share a bucket, it would take long: past two
   * moves an entry, the merge sort does the rest. */
  gsize moves = 0;
  for (gsize i = 0; i < n; i++) {
    if (moves > 2 * n) {
      memcpy (entries + i, scratch + i, sizeof (Entry) * (n - i));
      sort_entries (entries, scratch, n);
      return;
    }
    Entry e = scratch[i];
    gsize j = i;
    for (; j > 0 && entry_before (&e, &entries[j - 1]); j--)
      entries[j] = entries[j - 1];
    moves += i - j;
    entries[j] = e;
  }
}

/* The final ranking is read only as far as the near-duplicate filter needs (about count
 * phrases of thousands), so it comes from a heap (the best at the root) one phrase at a time
 * instead of from a sort of all of them. The order is the same: entry_before is total. */
static void
heap_down (Entry *heap, gsize n, gsize i)
{
  Entry e = heap[i];
  for (;;) {
    gsize child = 2 * i + 1;
    if (child >= n)
      break;
    if (child + 1 < n && entry_before (&heap[child + 1], &heap[child]))
      child++;
    if (!entry_before (&heap[child], &e))
      break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = e;
}

static void
heap_make (Entry *heap, gsize n)
{
  for (gsize i = n / 2; i > 0; i--)
    heap_down (heap, n, i - 1);
}

/* The best candidate of the heap of *@n entries, taken out of it. */
static const Candidate *
heap_pop (Entry *heap, gsize *n)
{
  const Candidate *best = heap[0].candidate;
  heap[0] = heap[--*n];
  heap_down (heap, *n, 0);
  return best;
}

/* Reciprocal rank fusion (Cormack et al. 2009): score(p) = sum over the scorers m of
 * w_m / (k + rank_m(p)): scales that differ (counts, probabilities, PageRank mass) need no
 * normalization, and one scorer's outliers do not drown the others. */
static void
fuse_ranks (Entry *entries, gsize n, const Tuning *tune)
{
  gsize size = 1;
  while (size < n)
    size *= 2;
  Entry *scratch = g_new (Entry, n + 1);
  guint *buckets = g_new (guint, size + 1 + n);
  for (gsize i = 0; i < n; i++)
    entries[i].candidate->score = 0;
  for (int m = 0; m < SCORER_COUNT; m++) {
    if (tune->weight[m] == 0)
      continue;
    rank_by (entries, scratch, buckets, n, m);
    for (gsize i = 0; i < n; i++)
      entries[i].candidate->score += tune->weight[m] / (tune->fusion_k + i + 1);
  }
  g_free (scratch);
  g_free (buckets);
}

/* Is every term of @a in @b? */
static gboolean
terms_subset (const Candidate *a, const Candidate *b)
{
  for (guint i = 0; i < a->length; i++) {
    gboolean found = FALSE;
    for (guint j = 0; j < b->length && !found; j++)
      found = a->terms[i] == b->terms[j];
    if (!found)
      return FALSE;
  }
  return TRUE;
}

static gboolean
is_adjective_ending (const char *const *endings, const char *rest)
{
  for (; *endings; endings++)
    if (strcmp (*endings, rest) == 0)
      return TRUE;
  return FALSE;
}

/* Are two stems the same name and its adjective: a common start of at least 5 bytes, the
 * rests both in the language's list of endings? */
static gboolean
adjective_pair (const char *const *endings, const char *x, const char *y)
{
  gsize common = 0;
  while (x[common] != '\0' && x[common] == y[common])
    common++;
  if (common < 5 || strcmp (x, y) == 0)
    return FALSE;
  return is_adjective_ending (endings, x + common) && is_adjective_ending (endings, y + common);
}

/* The same words in the same order, save one written as its adjective ("Russia talks" /
 * "Russian talks"). */
static gboolean
adjectival_variant (const AbridgeDocument *doc, const char *const *endings, const Candidate *a,
                    const Candidate *b)
{
  if (a->length != b->length || endings == NULL)
    return FALSE;
  const Term *terms = (const Term *) doc->terms->data;
  guint differ = 0;
  for (guint i = 0; i < a->length; i++) {
    if (a->terms[i] == b->terms[i])
      continue;
    if (++differ > 1
        || !adjective_pair (endings, terms[a->terms[i]].stem, terms[b->terms[i]].stem))
      return FALSE;
  }
  return differ == 1;
}

/* Near duplicates of a better phrase @b: the same stems in another order, a name beside its
 * adjective ("Russia" / "Russian"), a phrase inside another that never occurs on its own (its
 * count is no higher than the longer phrase's: "money managers" when every occurrence is in
 * "independent money managers"), or a better name that @a extends by a word once. A
 * sub-phrase that also stands alone ("Russia" beside "Russia talks") is a keyphrase of its
 * own. */
static gboolean
near_duplicate (const AbridgeDocument *doc, const char *const *endings, const Candidate *a,
                const Candidate *b)
{
  if (a->length == b->length)
    return terms_subset (a, b) || adjectival_variant (doc, endings, a, b);
  const Candidate *shorter = a->length < b->length ? a : b;
  const Candidate *longer = a->length < b->length ? b : a;
  if (!terms_subset (shorter, longer))
    return FALSE;
  /* A name (every occurrence capitalized) with a word it has beside it once ("actress Emily
   * Deschanel", "copying Lady Gaga" after "Emily Deschanel", "Lady Gaga"): context, not a
   * phrase of its own. */
  if (longer == a && a->frequency == 1 && a->capitalized == 0
      && shorter->capitalized == shorter->frequency)
    return TRUE;
  return shorter->frequency <= longer->frequency;
}

typedef struct {
  gsize surface;           /* offset in the result's strings */
  guint count;
} Form;

/* Most frequent first; on ties the lowercase form (a capital may only mark a sentence start or
 * a title), then byte order, so that the order never depends on hashing. */
static int
compare_forms (const Form *x, const Form *y, const char *strings)
{
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  const char *xs = strings + x->surface, *ys = strings + y->surface;
  gboolean x_lower = !g_unichar_isupper (g_utf8_get_char (xs));
  gboolean y_lower = !g_unichar_isupper (g_utf8_get_char (ys));
  if (x_lower != y_lower)
    return x_lower ? -1 : 1;
  return strcmp (xs, ys);
}

/* Appends the distinct surface forms of the @count occurrences @occurrences (work offsets),
 * whitespace folded, to @strings, and their offsets there to @form_offsets, most frequent first
 * (the first is the display form), then G_MAXSIZE. */
static void
surface_forms (const AbridgeDocument *doc, const Occurrence *occurrences, guint count,
               GString *strings, GArray *form_offsets)
{
  /* A phrase has few forms (its words' inflections and capitals): they are found by a look
   * through those seen, not through a hash table made for each phrase. Each occurrence is
   * folded in place at the end of @strings, and kept there when it is a new form. */
  Form stack[16];
  Form *forms = count <= G_N_ELEMENTS (stack) ? stack : g_new (Form, count);
  guint n = 0;
  for (guint j = 0; j < count; j++) {
    const char *start = doc->prepared.text + occurrences[j].start;
    const char *end = doc->prepared.text + occurrences[j].end;
    gsize at = strings->len;
    g_string_set_size (strings, at + (gsize) (end - start) + 1);
    gsize len = text_fold_spaces_to (start, end, strings->str + at);
    g_string_set_size (strings, at + len + 1); /* its NUL included */
    guint f = 0;
    while (f < n && strcmp (strings->str + forms[f].surface, strings->str + at) != 0)
      f++;
    if (f < n) {
      forms[f].count++;
      g_string_truncate (strings, at);
      continue;
    }
    forms[n++] = (Form) { at, 1 };
  }
  /* The surfaces differ, so compare_forms never ties: an insertion sort (few forms) gives the
   * order any sort would. */
  for (guint j = 1; j < n; j++) {
    Form x = forms[j];
    guint k = j;
    for (; k > 0 && compare_forms (&x, &forms[k - 1], strings->str) < 0; k--)
      forms[k] = forms[k - 1];
    forms[k] = x;
  }
  for (guint j = 0; j < n; j++)
    g_array_append_val (form_offsets, forms[j].surface);
  gsize none = G_MAXSIZE;
  g_array_append_val (form_offsets, none);
  if (forms != stack)
    g_free (forms);
}

/* Appends the stems of @c's words, a space between two, and a NUL to @strings; returns their
 * offset there. */
static gsize
stem_key (const AbridgeDocument *doc, const Candidate *c, GString *strings)
{
  const Term *terms = (const Term *) doc->terms->data;
  gsize at = strings->len;
  for (guint k = 0; k < c->length; k++) {
    if (k > 0)
      g_string_append_c (strings, ' ');
    g_string_append (strings, terms[c->terms[k]].stem);
  }
  g_string_append_c (strings, '\0');
  return at;
}

AbridgeKeywords *
abridge_keywords_extract (const AbridgeDocument *document, const AbridgeKeywordOptions *options,
                          GError **error)
{
  g_return_val_if_fail (document != NULL, NULL);
  AbridgeKeywordOptions defaults;
  abridge_keyword_options_init (&defaults);
  const AbridgeKeywordOptions *o = options ? options : &defaults;
  const char *method = o->method ? o->method : "default";
  gboolean known = FALSE;
  for (guint i = 0; methods[i]; i++)
    known |= strcmp (method, methods[i]) == 0;
  if (!known) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                 "unknown keyword method '%s'", method);
    return NULL;
  }
  if (o->max_words < 1 || o->max_words > MAX_WORDS) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                 "max words must be between 1 and 8, not %u", o->max_words);
    return NULL;
  }

  Pool pool;
  pool_init (&pool, MIN (document->words->len, 65536) + 16);
  const Tuning *tune = &tuning;
  collect_candidates (document, o->max_words, tune->part_weight, &pool);

  int scorer = -1; /* the one scorer of a named method; -1: fusion */
  if (strcmp (method, "tfidf") == 0)
    scorer = SCORER_TFIDF;
  else if (strcmp (method, "yake") == 0)
    scorer = SCORER_YAKE;
  else if (strcmp (method, "graph") == 0)
    scorer = SCORER_GRAPH;
  else if (strcmp (method, "frequency") == 0)
    scorer = SCORER_FREQUENCY;
  gboolean use_graph = scorer == SCORER_GRAPH || (scorer < 0 && tune->weight[SCORER_GRAPH] != 0);
  gboolean use_yake = scorer == SCORER_YAKE || (scorer < 0 && tune->weight[SCORER_YAKE] != 0);
  Memo *memo = memo_get ();
  double *graph = use_graph ? graph_word_scores (document, memo) : NULL;
  double *yake = use_yake ? yake_word_scores (document, memo) : NULL;
  guint n_candidates = pool.count;
  Entry *entries = g_new (Entry, n_candidates + 1);
  for (guint i = 0; i < n_candidates; i++) {
    Candidate *c = &pool.candidates[i];
    score_candidate (document, c, tune, graph, yake, memo);
    if (scorer >= 0)
      c->score = c->scores[scorer];
    entries[i].candidate = c;
  }
  if (scorer < 0) {
    fuse_ranks (entries, n_candidates, tune);
  }
  g_free (graph);
  g_free (yake);
  set_keys (entries, n_candidates, -1);
  heap_make (entries, n_candidates);
  gsize heap_size = n_candidates;
  /* ranked[0, ranked_count): the best candidates in rank order, as far as they were taken. */
  const Candidate **ranked = g_new (const Candidate *, n_candidates + 1);
  guint ranked_count = 0;

  AbridgeKeywords *result = g_new0 (AbridgeKeywords, 1);
  result->items = g_array_new (FALSE, FALSE, sizeof (Keyphrase));
  result->documents = document->df_documents;
  result->strings = g_string_sized_new (512);
  result->occurrences = g_array_new (FALSE, FALSE, sizeof (Occurrence));
  result->work = g_array_new (FALSE, FALSE, sizeof (Occurrence));
  GArray *form_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  /* The best phrases that are no near-duplicate of a better one; when the document has fewer
   * than count of them (a headline, a short abstract), the best near-duplicates fill the
   * remaining places. Either way the result keeps the rank order. */
  const char *const *endings = language_hints (document)->adjective_endings;
  GPtrArray *kept = g_ptr_array_new ();
  guint8 *chosen = g_new0 (guint8, n_candidates + 1);
  guint dropped = 0;
  for (guint i = 0; heap_size > 0 && kept->len < o->count; i++) {
    const Candidate *c = heap_pop (entries, &heap_size);
    ranked[ranked_count++] = c;
    gboolean duplicate = FALSE;
    for (guint k = 0; k < kept->len && !o->no_dedup && !duplicate; k++)
      duplicate = near_duplicate (document, endings, c, g_ptr_array_index (kept, k));
    if (duplicate) {
      dropped++;
      continue;
    }
    g_ptr_array_add (kept, (gpointer) c);
    chosen[i] = 1;
  }
  /* The dropped are in ranked[0, ranked_count): no more is needed than was taken. */
  for (guint i = 0, more = MIN (dropped, o->count - kept->len); more > 0 && i < ranked_count; i++)
    if (!chosen[i]) {
      chosen[i] = 1;
      more--;
    }
  g_free (entries);
  for (guint i = 0; i < ranked_count; i++) {
    if (!chosen[i])
      continue;
    const Candidate *c = ranked[i];
    Keyphrase k = { 0 };
    k.occurrences = result->work->len;
    k.frequency = c->frequency;
    candidate_occurrences (&pool, c, result->work);
    const Occurrence *work = &g_array_index (result->work, Occurrence, k.occurrences);
    k.forms = form_offsets->len;
    surface_forms (document, work, k.frequency, result->strings, form_offsets);
    k.stem = stem_key (document, c, result->strings);
    k.score = c->score;
    const Term *terms = (const Term *) document->terms->data;
    k.df = G_MAXUINT64;
    for (guint w = 0; w < c->length; w++) {
      k.idf += terms[c->terms[w]].idf / c->length;
      k.df = MIN (k.df, terms[c->terms[w]].df);
    }
    g_array_set_size (result->occurrences, k.occurrences + k.frequency);
    Occurrence *original = &g_array_index (result->occurrences, Occurrence, k.occurrences);
    for (guint j = 0; j < k.frequency; j++) {
      original[j].start = (guint) text_original_offset (&document->prepared, work[j].start);
      original[j].end = (guint) text_original_end (&document->prepared, work[j].end);
    }
    g_array_append_val (result->items, k);
  }
  /* The strings are all in: the forms become pointers. */
  result->forms = g_new (char *, form_offsets->len + 1);
  for (guint j = 0; j < form_offsets->len; j++) {
    gsize at = g_array_index (form_offsets, gsize, j);
    result->forms[j] = at == G_MAXSIZE ? NULL : result->strings->str + at;
  }
  g_array_unref (form_offsets);
  g_free (chosen);
  g_ptr_array_unref (kept);
  g_free (ranked);
  pool_clear (&pool);
  return result;
}

void
abridge_keywords_free (AbridgeKeywords *keywords)
{
  if (keywords == NULL)
    return;
  g_array_unref (keywords->items);
  g_string_free (keywords->strings, TRUE);
  g_free (keywords->forms);
  g_array_unref (keywords->occurrences);
  g_array_unref (keywords->work);
  g_free (keywords);
}

guint
abridge_keywords_get_count (const AbridgeKeywords *keywords)
{
  g_return_val_if_fail (keywords != NULL, 0);
  return keywords->items->len;
}

#define ITEM(k, i) (&g_array_index ((k)->items, Keyphrase, (i)))

const char *
abridge_keywords_get_text (const AbridgeKeywords *keywords, guint i)
{
  g_return_val_if_fail (keywords != NULL && i < keywords->items->len, NULL);
  return keywords->forms[ITEM (keywords, i)->forms];
}

double
abridge_keywords_get_score (const AbridgeKeywords *keywords, guint i)
{
  g_return_val_if_fail (keywords != NULL && i < keywords->items->len, 0);
  return ITEM (keywords, i)->score;
}

const char *
abridge_keywords_get_stem (const AbridgeKeywords *keywords, guint i)
{
  g_return_val_if_fail (keywords != NULL && i < keywords->items->len, NULL);
  return keywords->strings->str + ITEM (keywords, i)->stem;
}

guint
abridge_keywords_get_frequency (const AbridgeKeywords *keywords, guint i)
{
  g_return_val_if_fail (keywords != NULL && i < keywords->items->len, 0);
  return ITEM (keywords, i)->frequency;
}

void
abridge_keywords_get_occurrence (const AbridgeKeywords *keywords, guint i, guint j, gsize *start,
                                 gsize *end)
{
  g_return_if_fail (keywords != NULL && i < keywords->items->len);
  const Keyphrase *k = ITEM (keywords, i);
  g_return_if_fail (j < k->frequency);
  const Occurrence *o = &g_array_index (keywords->occurrences, Occurrence, k->occurrences + j);
  if (start)
    *start = o->start;
  if (end)
    *end = o->end;
}

const char *const *
abridge_keywords_get_forms (const AbridgeKeywords *keywords, guint i)
{
  g_return_val_if_fail (keywords != NULL && i < keywords->items->len, NULL);
  return (const char *const *) &keywords->forms[ITEM (keywords, i)->forms];
}

guint64
abridge_keywords_get_document_frequency (const AbridgeKeywords *keywords, guint i,
                                         guint64 *documents, double *idf)
{
  g_return_val_if_fail (keywords != NULL && i < keywords->items->len, 0);
  const Keyphrase *k = ITEM (keywords, i);
  if (documents)
    *documents = keywords->documents;
  if (idf)
    *idf = k->idf;
  return k->df;
}

const guint *
keywords_work_occurrences (const AbridgeKeywords *keywords, guint i, guint *count)
{
  const Keyphrase *k = ITEM (keywords, i);
  *count = k->frequency;
  return (const guint *) &g_array_index (keywords->work, Occurrence, k->occurrences);
}
