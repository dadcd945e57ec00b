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

typedef struct {
  char *key;               /* stems joined by spaces */
  guint *terms;
  guint length;            /* words */
  guint frequency;
  guint first_sentence;
  guint first_token;
  guint sentence_count;
  guint last_sentence;
  GHashTable *surfaces;    /* surface form -> count */
  char *first_surface;
  GArray *occurrences;     /* Occurrence, work offsets */
  double score;
} Candidate;

typedef struct {
  char *text;
  char *stem;
  double score;
  guint frequency;
  GArray *occurrences;     /* Occurrence, original offsets */
} Keyphrase;

struct _AbridgeKeywords {
  GArray *items;           /* Keyphrase */
};

static const char *const methods[] = { "default", "tfidf", "frequency", NULL };

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
  g_free (c->key);
  g_free (c->terms);
  g_hash_table_unref (c->surfaces);
  g_free (c->first_surface);
  g_array_unref (c->occurrences);
  g_free (c);
}

/* The surface text of tokens [first, last], whitespace folded. */
static char *
surface_of (const AbridgeDocument *doc, const Token *first, const Token *last)
{
  const char *p = doc->prepared.text + first->start;
  const char *end = doc->prepared.text + last->end;
  GString *out = g_string_sized_new ((gsize) (end - p));
  gboolean space = FALSE;
  for (; p < end; p++) {
    if (g_ascii_isspace (*p)) {
      space = TRUE;
      continue;
    }
    if (space)
      g_string_append_c (out, ' ');
    space = FALSE;
    g_string_append_c (out, *p);
  }
  return g_string_free (out, FALSE);
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
  const Term *terms = (const Term *) doc->terms->data;
  GString *key = g_string_new (NULL);

  for (guint s = 0; s < doc->sentences->len; s++) {
    const Sentence *sentence = &sentences[s];
    const Token *first = tokens + sentence->first_token;
    guint count = sentence->token_count;
    for (guint i = 0; i < count; i++) {
      if (!usable_token (&first[i]))
        continue;
      gboolean has_word = FALSE;
      g_string_truncate (key, 0);
      for (guint n = 1; n <= max_words && i + n - 1 < count; n++) {
        const Token *t = &first[i + n - 1];
        if (!usable_token (t) || (n > 1 && !(t->flags & TOKEN_JOINED)))
          break;
        if (t->kind == TOKEN_WORD)
          has_word = TRUE;
        if (n > 1)
          g_string_append_c (key, ' ');
        g_string_append (key, terms[t->term].stem);
        /* No bare numbers, no one- or two-letter single words, no phrase ending in a number
         * unless it starts with a word ("S&P 500" yes, "500" no). */
        if (!has_word)
          continue;
        if (n == 1 && g_utf8_strlen (doc->words->len ? g_array_index (doc->words, Word, t->word).normalized : "", -1) < 2)
          continue;

        Candidate *c = g_hash_table_lookup (table, key->str);
        if (c == NULL) {
          c = g_new0 (Candidate, 1);
          c->key = g_strdup (key->str);
          c->length = n;
          c->terms = g_new (guint, n);
          for (guint k = 0; k < n; k++)
            c->terms[k] = first[i + k].term;
          c->first_sentence = s;
          c->first_token = sentence->first_token + i;
          c->last_sentence = G_MAXUINT;
          c->surfaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          c->occurrences = g_array_new (FALSE, FALSE, sizeof (Occurrence));
          g_hash_table_insert (table, c->key, c);
        }
        c->frequency++;
        if (c->last_sentence != s) {
          c->sentence_count++;
          c->last_sentence = s;
        }
        Occurrence occurrence = { first[i].start, t->end };
        g_array_append_val (c->occurrences, occurrence);
        char *surface = surface_of (doc, &first[i], t);
        guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (c->surfaces, surface));
        if (c->first_surface == NULL)
          c->first_surface = g_strdup (surface);
        g_hash_table_replace (c->surfaces, surface, GUINT_TO_POINTER (seen + 1));
      }
    }
  }
  g_string_free (key, TRUE);
}

/* TF-IDF phrase score:
 *   score(p) = tf(p) * mean_{t in p} idf(t) * (1 + 0.5 * log2 |p|) * (1 + 1 / (1 + first(p)))
 * where tf(p) is the phrase's count in the document, idf(t) the term's weight (from the IDF
 * model, or from the document's sentences), |p| its length in words, and first(p) the index of
 * the sentence where it first occurs. The length factor offsets the lower counts of longer
 * phrases; the position factor favours what the opening introduces. */
static void
score_candidate (const AbridgeDocument *doc, Candidate *c, const char *method)
{
  const Term *terms = (const Term *) doc->terms->data;
  double idf = 0;
  for (guint k = 0; k < c->length; k++)
    idf += terms[c->terms[k]].idf;
  idf /= c->length;
  double tf = c->frequency;
  if (strcmp (method, "frequency") == 0) {
    c->score = tf * (1 + 0.5 * log2 ((double) c->length));
    return;
  }
  c->score = tf * idf * (1 + 0.5 * log2 ((double) c->length));
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

/* Near duplicates: same stems in any order, or one phrase's stems all inside another's. */
static gboolean
near_duplicate (const Candidate *a, const Candidate *b)
{
  return terms_subset (a, b) || terms_subset (b, a);
}

static char *
best_surface (const Candidate *c)
{
  GHashTableIter iter;
  gpointer key, value;
  const char *best = c->first_surface;
  guint best_count = GPOINTER_TO_UINT (g_hash_table_lookup (c->surfaces, best));
  g_hash_table_iter_init (&iter, c->surfaces);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    guint count = GPOINTER_TO_UINT (value);
    /* Most frequent; on ties the lowercase form (a capital may only mark a sentence start or a
     * title), then byte order, so that the choice never depends on hashing. */
    gboolean lower = !g_unichar_isupper (g_utf8_get_char (key));
    gboolean best_lower = !g_unichar_isupper (g_utf8_get_char (best));
    if (count > best_count
        || (count == best_count
            && (lower > best_lower || (lower == best_lower && strcmp (key, best) < 0)))) {
      best = key;
      best_count = count;
    }
  }
  return g_strdup (best);
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

  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, candidate_free);
  collect_candidates (document, o->max_words, table);

  GPtrArray *ranked = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    score_candidate (document, value, method);
    g_ptr_array_add (ranked, value);
  }
  g_ptr_array_sort (ranked, compare_candidates);

  AbridgeKeywords *result = g_new0 (AbridgeKeywords, 1);
  result->items = g_array_new (FALSE, FALSE, sizeof (Keyphrase));
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
    k.text = best_surface (c);
    k.stem = g_strdup (c->key);
    k.score = c->score;
    k.frequency = c->frequency;
    k.occurrences = g_array_sized_new (FALSE, FALSE, sizeof (Occurrence), c->occurrences->len);
    for (guint j = 0; j < c->occurrences->len; j++) {
      Occurrence w = g_array_index (c->occurrences, Occurrence, j);
      Occurrence orig = { (guint) text_original_offset (&document->prepared, w.start),
                          (guint) text_original_offset (&document->prepared, w.end) };
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
    g_free (k->text);
    g_free (k->stem);
    g_array_unref (k->occurrences);
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
