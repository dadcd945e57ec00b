/* keywords.c — keyphrase candidates, scores and near-duplicate removal. Candidates are runs of
 * up to max_words content tokens inside a sentence that no stop word or punctuation
 * interrupts; each is keyed by its stems, keeps its occurrences and its most frequent surface
 * form. Reads only the analyzed document. */
#include "abridge-private.h"

#include <math.h>
#include <string.h>

typedef struct {
  guint start, end;
} Occurrence;

/* A candidate is identified by its sequence of term ids (hashed as such: no string keys on
 * the hot path); its display form is chosen among its occurrences only if it is kept. */
typedef struct {
  guint *terms;
  guint length;            /* words */
  guint frequency;
  guint first_sentence;
  guint first_token;
  guint sentence_count;
  guint last_sentence;
  GArray *occurrences;     /* Occurrence, work offsets */
  double score;
} Candidate;

typedef struct {
  char *text;              /* forms[0] */
  char *stem;
  char **forms;            /* distinct surface forms, most frequent first */
  double score;
  double idf;              /* mean idf of its words */
  guint64 df;              /* document frequency of its rarest word */
  guint frequency;
  GArray *occurrences;     /* Occurrence, original offsets */
  GArray *work;            /* Occurrence, work offsets (for rendering) */
} Keyphrase;

struct _AbridgeKeywords {
  GArray *items;           /* Keyphrase */
  guint64 documents;       /* the n of the document frequencies */
};

static const char *const methods[] = { "default", "tfidf", "frequency", "graph", NULL };

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

static void
candidate_free (gpointer data)
{
  Candidate *c = data;
  g_free (c->terms);
  g_array_unref (c->occurrences);
  g_free (c);
}

static guint
candidate_hash (gconstpointer key)
{
  const Candidate *c = key;
  guint32 h = 2166136261u;
  for (guint i = 0; i < c->length; i++) {
    h ^= c->terms[i];
    h *= 16777619u;
  }
  return h;
}

static gboolean
candidate_equal (gconstpointer a, gconstpointer b)
{
  const Candidate *x = a, *y = b;
  return x->length == y->length && memcmp (x->terms, y->terms, sizeof (guint) * x->length) == 0;
}

/* The text of [start, end), whitespace folded. */
static char *
surface_of (const AbridgeDocument *doc, guint start, guint end)
{
  return text_fold_spaces (doc->prepared.text + start, doc->prepared.text + end);
}

static gboolean
usable_token (const Token *t)
{
  return t->term != G_MAXUINT && (t->kind == TOKEN_WORD || t->kind == TOKEN_NUMBER);
}

static void
collect_candidates (const AbridgeDocument *doc, guint max_words, GHashTable *table)
{
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const Token *tokens = (const Token *) doc->tokens->data;
  const Word *words = (const Word *) doc->words->data;
  guint ids[8];

  for (guint s = 0; s < doc->sentences->len; s++) {
    const Sentence *sentence = &sentences[s];
    const Token *first = tokens + sentence->first_token;
    guint count = sentence->token_count;
    for (guint i = 0; i < count; i++) {
      if (!usable_token (&first[i]))
        continue;
      gboolean has_word = FALSE;
      for (guint n = 1; n <= max_words && i + n - 1 < count; n++) {
        const Token *t = &first[i + n - 1];
        if (!usable_token (t) || (n > 1 && !(t->flags & TOKEN_JOINED)))
          break;
        if (t->kind == TOKEN_WORD)
          has_word = TRUE;
        ids[n - 1] = t->term;
        /* No bare numbers and no one-letter single words; a phrase may end in a number when
         * it starts with a word ("S&P 500" yes, "500" no). */
        if (!has_word)
          continue;
        if (n == 1 && g_utf8_strlen (words[t->word].normalized, -1) < 2)
          continue;

        Candidate probe = { .terms = ids, .length = n };
        Candidate *c = g_hash_table_lookup (table, &probe);
        if (c == NULL) {
          c = g_new0 (Candidate, 1);
          c->length = n;
          c->terms = g_memdup2 (ids, sizeof (guint) * n);
          c->first_sentence = s;
          c->first_token = sentence->first_token + i;
          c->last_sentence = G_MAXUINT;
          c->occurrences = g_array_new (FALSE, FALSE, sizeof (Occurrence));
          g_hash_table_add (table, c);
        }
        c->frequency++;
        if (c->last_sentence != s) {
          c->sentence_count++;
          c->last_sentence = s;
        }
        Occurrence occurrence = { first[i].start, t->end };
        g_array_append_val (c->occurrences, occurrence);
      }
    }
  }
}

/* PositionRank (Florescu & Caragea 2017): PageRank over the co-occurrence graph of content
 * terms (window of WINDOW tokens inside a sentence), biased towards terms that occur early:
 * the teleport vector is proportional to sum over occurrences of 1 / (position + 1). */
#define WINDOW 4
static double *
graph_word_scores (const AbridgeDocument *doc)
{
  guint n = doc->terms->len;
  double *score = g_new0 (double, n + 1);
  if (n == 0)
    return score;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const Token *tokens = (const Token *) doc->tokens->data;
  GHashTable *edges = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *weights = g_array_new (FALSE, FALSE, sizeof (double));
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
        gint64 key = ((gint64) a << 32) | b;
        gpointer index;
        if (g_hash_table_lookup_extended (edges, &key, NULL, &index)) {
          g_array_index (weights, double, GPOINTER_TO_UINT (index)) += 1.0;
        } else {
          g_array_append_val (keys, key);
          double one = 1.0;
          g_array_append_val (weights, one);
          /* keys->data may move: the table is rebuilt from the array below. */
          g_hash_table_insert (edges, g_memdup2 (&key, sizeof key),
                               GUINT_TO_POINTER (weights->len - 1));
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
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, edges);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_free (key);
  g_hash_table_unref (edges);

  double *degree = g_new0 (double, n);
  const gint64 *k64 = (const gint64 *) keys->data;
  const double *w = (const double *) weights->data;
  for (guint e = 0; e < keys->len; e++) {
    degree[k64[e] >> 32] += w[e];
    degree[k64[e] & 0xffffffff] += w[e];
  }
  double bias_sum = 0;
  for (guint t = 0; t < n; t++)
    bias_sum += bias[t];
  for (guint t = 0; t < n; t++)
    bias[t] = bias_sum > 0 ? bias[t] / bias_sum : 1.0 / n;
  double *next = g_new (double, n);
  for (guint t = 0; t < n; t++)
    score[t] = bias[t];
  const double d = 0.85;
  for (int iteration = 0; iteration < 50; iteration++) {
    memset (next, 0, sizeof (double) * n);
    for (guint e = 0; e < keys->len; e++) {
      guint a = (guint) (k64[e] >> 32), b = (guint) (k64[e] & 0xffffffff);
      next[b] += score[a] * w[e] / degree[a];
      next[a] += score[b] * w[e] / degree[b];
    }
    double delta = 0;
    for (guint t = 0; t < n; t++) {
      double value = (1 - d) * bias[t] + d * next[t];
      delta += fabs (value - score[t]);
      score[t] = value;
    }
    if (delta < 1e-9)
      break;
  }
  g_free (next);
  g_free (degree);
  g_free (bias);
  g_array_unref (keys);
  g_array_unref (weights);
  return score;
}

/* TF-IDF phrase score:
 *   score(p) = tf(p) * mean_{t in p} idf(t) * sqrt(|p|) * (1 + 1 / (1 + first(p)))
 * where tf(p) is the phrase's count in the document, idf(t) the term's weight (from the IDF
 * model, or from the document's sentences), |p| its length in words, and first(p) the index of
 * the sentence where it first occurs. The length factor offsets the lower counts of longer
 * phrases; the position factor favours what the opening introduces. */
static void
score_candidate (const AbridgeDocument *doc, Candidate *c, const char *method, const double *graph)
{
  if (strcmp (method, "graph") == 0) {
    /* Sum of the words' PositionRank scores, divided by sqrt(|p|), times sqrt(tf(p)). */
    double sum = 0;
    for (guint k = 0; k < c->length; k++)
      sum += graph[c->terms[k]];
    c->score = sum / sqrt ((double) c->length) * sqrt ((double) c->frequency);
    return;
  }
  const Term *terms = (const Term *) doc->terms->data;
  double idf = 0;
  for (guint k = 0; k < c->length; k++)
    idf += terms[c->terms[k]].idf;
  idf /= c->length;
  double tf = c->frequency;
  if (strcmp (method, "frequency") == 0) {
    c->score = tf * sqrt ((double) c->length);
    return;
  }
  c->score = tf * idf * sqrt ((double) c->length);
  if (strcmp (method, "default") == 0)
    c->score *= 1 + 1.0 / (1 + c->first_sentence);
}

static int
compare_candidates (gconstpointer a, gconstpointer b)
{
  const Candidate *x = *(Candidate *const *) a, *y = *(Candidate *const *) b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->first_token != y->first_token)
    return x->first_token < y->first_token ? -1 : 1;
  return (x->length > y->length) - (x->length < y->length);
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

/* Near duplicates: the same stems in another order, or a phrase inside another that never
 * occurs on its own (its count is no higher than the longer phrase's: "money managers" when
 * every occurrence is in "independent money managers"). A sub-phrase that also stands alone
 * ("Russia" beside "Russia talks") is a keyphrase of its own. */
static gboolean
near_duplicate (const Candidate *a, const Candidate *b)
{
  if (a->length == b->length)
    return terms_subset (a, b);
  const Candidate *shorter = a->length < b->length ? a : b;
  const Candidate *longer = a->length < b->length ? b : a;
  return terms_subset (shorter, longer) && shorter->frequency <= longer->frequency;
}

typedef struct {
  char *surface;
  guint count;
} Form;

/* Most frequent first; on ties the lowercase form (a capital may only mark a sentence start or
 * a title), then byte order, so that the order never depends on hashing. */
static int
compare_forms (const void *a, const void *b)
{
  const Form *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  gboolean x_lower = !g_unichar_isupper (g_utf8_get_char (x->surface));
  gboolean y_lower = !g_unichar_isupper (g_utf8_get_char (y->surface));
  if (x_lower != y_lower)
    return x_lower ? -1 : 1;
  return strcmp (x->surface, y->surface);
}

/* The distinct surface forms of a candidate's occurrences, most frequent first: the first is
 * the display form. (transfer full) */
static char **
surface_forms (const AbridgeDocument *doc, const Candidate *c)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *forms = g_array_new (FALSE, FALSE, sizeof (Form));
  for (guint j = 0; j < c->occurrences->len; j++) {
    const Occurrence *o = &g_array_index (c->occurrences, Occurrence, j);
    char *surface = surface_of (doc, o->start, o->end);
    gpointer at;
    if (g_hash_table_lookup_extended (index, surface, NULL, &at)) {
      g_array_index (forms, Form, GPOINTER_TO_UINT (at)).count++;
      g_free (surface);
      continue;
    }
    Form form = { surface, 1 };
    g_hash_table_insert (index, surface, GUINT_TO_POINTER (forms->len));
    g_array_append_val (forms, form);
  }
  g_hash_table_unref (index);
  g_array_sort (forms, compare_forms);
  char **result = g_new (char *, forms->len + 1);
  for (guint j = 0; j < forms->len; j++)
    result[j] = g_array_index (forms, Form, j).surface;
  result[forms->len] = NULL;
  g_array_unref (forms);
  return result;
}

static char *
stem_key (const AbridgeDocument *doc, const Candidate *c)
{
  const Term *terms = (const Term *) doc->terms->data;
  GString *key = g_string_new (NULL);
  for (guint k = 0; k < c->length; k++) {
    if (k > 0)
      g_string_append_c (key, ' ');
    g_string_append (key, terms[c->terms[k]].stem);
  }
  return g_string_free (key, FALSE);
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
  if (o->max_words < 1 || o->max_words > 8) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                 "max words must be between 1 and 8, not %u", o->max_words);
    return NULL;
  }

  GHashTable *table = g_hash_table_new_full (candidate_hash, candidate_equal, candidate_free, NULL);
  collect_candidates (document, o->max_words, table);

  double *graph = strcmp (method, "graph") == 0 ? graph_word_scores (document) : NULL;
  GPtrArray *ranked = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    score_candidate (document, value, method, graph);
    g_ptr_array_add (ranked, value);
  }
  g_ptr_array_sort (ranked, compare_candidates);
  g_free (graph);

  AbridgeKeywords *result = g_new0 (AbridgeKeywords, 1);
  result->items = g_array_new (FALSE, FALSE, sizeof (Keyphrase));
  result->documents = document->df_documents;
  GPtrArray *kept = g_ptr_array_new ();
  for (guint i = 0; i < ranked->len && kept->len < o->count; i++) {
    const Candidate *c = g_ptr_array_index (ranked, i);
    gboolean duplicate = FALSE;
    for (guint k = 0; k < kept->len && !o->no_dedup && !duplicate; k++)
      duplicate = near_duplicate (c, g_ptr_array_index (kept, k));
    if (duplicate)
      continue;
    g_ptr_array_add (kept, (gpointer) c);
    Keyphrase k = { 0 };
    k.forms = surface_forms (document, c);
    k.text = k.forms[0];
    k.stem = stem_key (document, c);
    k.score = c->score;
    k.frequency = c->frequency;
    const Term *terms = (const Term *) document->terms->data;
    k.df = G_MAXUINT64;
    for (guint w = 0; w < c->length; w++) {
      k.idf += terms[c->terms[w]].idf / c->length;
      k.df = MIN (k.df, terms[c->terms[w]].df);
    }
    k.work = g_array_ref (c->occurrences);
    k.occurrences = g_array_sized_new (FALSE, FALSE, sizeof (Occurrence), c->occurrences->len);
    for (guint j = 0; j < c->occurrences->len; j++) {
      Occurrence w = g_array_index (c->occurrences, Occurrence, j);
      Occurrence orig = { (guint) text_original_offset (&document->prepared, w.start),
                          (guint) text_original_end (&document->prepared, w.end) };
      g_array_append_val (k.occurrences, orig);
    }
    g_array_append_val (result->items, k);
  }
  g_ptr_array_unref (kept);
  g_ptr_array_unref (ranked);
  g_hash_table_unref (table);
  return result;
}

void
abridge_keywords_free (AbridgeKeywords *keywords)
{
  if (keywords == NULL)
    return;
  for (guint i = 0; i < keywords->items->len; i++) {
    Keyphrase *k = &g_array_index (keywords->items, Keyphrase, i);
    g_strfreev (k->forms);
    g_free (k->stem);
    g_array_unref (k->occurrences);
    g_array_unref (k->work);
  }
  g_array_unref (keywords->items);
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
  return ITEM (keywords, i)->text;
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
  return ITEM (keywords, i)->stem;
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
  g_return_if_fail (j < k->occurrences->len);
  const Occurrence *o = &g_array_index (k->occurrences, Occurrence, j);
  if (start)
    *start = o->start;
  if (end)
    *end = o->end;
}

const char *const *
abridge_keywords_get_forms (const AbridgeKeywords *keywords, guint i)
{
  g_return_val_if_fail (keywords != NULL && i < keywords->items->len, NULL);
  return (const char *const *) ITEM (keywords, i)->forms;
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

const GArray *
keywords_work_occurrences (const AbridgeKeywords *keywords, guint i)
{
  return ITEM (keywords, i)->work;
}
