/* summarize.c — sentence scoring and selection. Each candidate sentence (not a heading) gets
 * scores from several scorers, each normalized to [0, 1]; the default method combines them.
 * Selection is greedy by score with a redundancy penalty (MMR) and fills the budget; output is
 * in document order unless asked otherwise. Reads only the analyzed document. */
#include "abridge-private.h"

#include <math.h>
#include <string.h>

/* ---- Scratch memory -------------------------------------------------------------------- */

/* The working arrays of a summary come from one block of the calling thread, kept between
 * calls, instead of each from malloc: a call carves them in turn and gives them all back at
 * its end. A call that needs more than the block gets the rest from malloc, and the block is
 * then replaced by one of the size that call needed (up to SCRATCH_KEEP bytes). */
#define SCRATCH_KEEP ((gsize) 8 << 20)

typedef struct {
  char *block;
  gsize size, used;
  gsize needed;      /* by the current call */
  GPtrArray *extra;  /* the current call's arrays from malloc, when the block was full */
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *s = data;
  g_free (s->block);
  g_free (s);
}

static GPrivate thread_scratch = G_PRIVATE_INIT (scratch_free);

static Scratch *
scratch_begin (void)
{
  Scratch *s = g_private_get (&thread_scratch);
  if (s == NULL) {
    s = g_new0 (Scratch, 1);
    g_private_set (&thread_scratch, s);
  }
  s->used = s->needed = 0;
  return s;
}

/* An array of @count elements of @size bytes (16-byte aligned), until scratch_end(). */
static gpointer
scratch_alloc (Scratch *s, gsize count, gsize size)
{
  gsize bytes;
  if (!g_size_checked_mul (&bytes, MAX (count, 1), size) || bytes > G_MAXSIZE / 2)
    g_error ("%s: overflow allocating %" G_GSIZE_FORMAT "*%" G_GSIZE_FORMAT " bytes",
             G_STRLOC, count, size);
  bytes = (bytes + 15) & ~(gsize) 15;
  s->needed += bytes;
  if (s->size - s->used >= bytes) {
    gpointer p = s->block + s->used;
    s->used += bytes;
    return p;
  }
  if (s->extra == NULL)
    s->extra = g_ptr_array_new_with_free_func (g_free);
  gpointer p = g_malloc (bytes);
  g_ptr_array_add (s->extra, p);
  return p;
}

static gpointer
scratch_alloc0 (Scratch *s, gsize count, gsize size)
{
  gpointer p = scratch_alloc (s, count, size);
  memset (p, 0, MAX (count, 1) * size);
  return p;
}

#define scratch_new(s, type, count) ((type *) scratch_alloc ((s), (count), sizeof (type)))
#define scratch_new0(s, type, count) ((type *) scratch_alloc0 ((s), (count), sizeof (type)))

static void
scratch_end (Scratch *s)
{
  if (s->extra != NULL) {
    g_ptr_array_unref (s->extra);
    s->extra = NULL;
    g_free (s->block);
    s->size = s->needed <= SCRATCH_KEEP ? s->needed : 0;
    s->block = s->size > 0 ? g_malloc (s->size) : NULL;
  }
  s->used = 0;
}

typedef struct {
  guint term;
  guint tf;        /* count in the sentence (an integer: 16 bytes an entry, not 24) */
  double weight;   /* tf * idf */
} Entry;

/* A sentence as a sparse tf-idf vector, sorted by term id, with its Euclidean norm. */
typedef struct {
  Entry *entries;
  guint count;
  double norm;           /* of the tf-idf weights */
  Entry *surface;        /* counts of the content words as written (normalized, not stemmed) */
  guint surface_count;
  double surface_norm;
  guint content_words;   /* non-stop word tokens */
  guint words;           /* all word tokens */
} Vector;

/* An inverted index over the candidates' vectors (CSR: id -> sentences, ascending, and
 * weights): over the tf-idf entries (stems), or over the counts of the words as written. */
typedef struct {
  guint *start;      /* per id, into sentence/weight; id count + 1 entries */
  guint *sentence;
  double *weight;
} Postings;

typedef struct {
  const AbridgeDocument *doc;
  Scratch *scratch;      /* the arrays of this call */
  guint *candidates;     /* sentence indexes */
  guint n;
  Vector *vectors;       /* one per candidate */
  Postings stems;        /* over the vectors' tf-idf entries */
  Postings words;        /* over their counts of the words as written */
  Vector title;
  Vector query;
  gboolean has_title, has_query;
} Context;

struct _AbridgeSummary {
  guint count;
  char **texts;
  guint *indexes;
  gsize *starts, *ends;
  double *scores;
  double *sentence_scores; /* per document sentence */
  guint sentence_total;
  char *method;
  gboolean has_query;
  AbridgeScoreComponents *components; /* per document sentence; with options->explain */
};

static const char *const methods[] = {
  "default", "tfidf", "centrality", "position", "title", "length", "query", NULL
};

const char *const *
abridge_summary_methods (void)
{
  return methods;
}

void
abridge_summary_options_init (AbridgeSummaryOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->diversity = -1;
}

/* ---- Vectors --------------------------------------------------------------------------- */

static int
compare_entries (const void *a, const void *b)
{
  guint x = ((const Entry *) a)->term, y = ((const Entry *) b)->term;
  return (x > y) - (x < y);
}

/* Sorts @entries by id: a sentence's few entries by insertion (no call per comparison). */
static void
sort_entries (Entry *entries, guint count)
{
  if (count > 32) {
    qsort (entries, count, sizeof (Entry), compare_entries);
    return;
  }
  for (guint i = 1; i < count; i++) {
    Entry e = entries[i];
    guint j = i;
    for (; j > 0 && entries[j - 1].term > e.term; j--)
      entries[j] = entries[j - 1];
    entries[j] = e;
  }
}

/* Where an id (a term, or a word as written) last went into a vector: the vector's stamp and
 * its entry there, so that a repeated id adds to its entry instead of making another. */
typedef struct {
  guint stamp, entry;
} Mark;

typedef struct {
  Mark *terms;     /* per term id */
  Mark *words;     /* per word id */
  guint stamp;     /* of the vector being built */
} VectorMarks;

/* One more occurrence of @id in the vector of @marks: its entry's count goes up, or it gets
 * an entry. */
static inline void
count_id (Entry *entries, guint *count, Mark *marks, guint id, guint stamp)
{
  if (marks[id].stamp == stamp) {
    entries[marks[id].entry].tf++;
    return;
  }
  marks[id] = (Mark) { stamp, *count };
  entries[*count].term = id;
  entries[*count].tf = 1;
  (*count)++;
}

/* Builds the vector of a token range (the title's; vectors_build makes the candidates' the
 * same way, all at once): weight(t) = tf(t, sentence) * idf(t). @storage holds 2 * @count
 * entries: the vector's two lists (the caller's, not freed with the vector). */
static void
vector_build (Vector *v, const Token *tokens, guint count, const Term *terms, Entry *storage,
              VectorMarks *marks)
{
  memset (v, 0, sizeof *v);
  v->entries = storage;
  v->surface = storage + count;
  guint stamp = ++marks->stamp;
  for (guint k = 0; k < count; k++) {
    const Token *token = &tokens[k];
    if (token->kind != TOKEN_URL)
      v->words++;
    if (token->term == G_MAXUINT)
      continue;
    v->content_words++;
    count_id (v->entries, &v->count, marks->terms, token->term, stamp);
    count_id (v->surface, &v->surface_count, marks->words, token->word, stamp);
  }
  sort_entries (v->entries, v->count);
  sort_entries (v->surface, v->surface_count);
  double surface_sum = 0;
  for (guint k = 0; k < v->surface_count; k++)
    surface_sum += (double) v->surface[k].tf * v->surface[k].tf;
  v->surface_norm = sqrt (surface_sum);
  double sum = 0;
  for (guint k = 0; k < v->count; k++) {
    Entry *e = &v->entries[k];
    e->weight = (double) e->tf * terms[e->term].idf;
    sum += e->weight * e->weight;
  }
  v->norm = sqrt (sum);
}

static double
vector_cosine (const Vector *a, const Vector *b)
{
  if (a->norm == 0 || b->norm == 0)
    return 0;
  double dot = 0;
  guint i = 0, j = 0;
  while (i < a->count && j < b->count) {
    if (a->entries[i].term < b->entries[j].term)
      i++;
    else if (a->entries[i].term > b->entries[j].term)
      j++;
    else
      dot += a->entries[i++].weight * b->entries[j++].weight;
  }
  return dot / (a->norm * b->norm);
}

/* Maps the terms of an external text (a query) onto the document's term ids by stem. */
static void
vector_from_text (Vector *v, const AbridgeDocument *doc, const char *text)
{
  memset (v, 0, sizeof *v);
  g_autoptr (AbridgeDocument) q = document_new_like (doc, text, -1,
                                                        ABRIDGE_ANALYZE_NO_TITLE, NULL);
  if (q == NULL)
    return;
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);
  const Term *terms = (const Term *) doc->terms->data;
  for (guint t = 0; t < doc->terms->len; t++)
    g_hash_table_insert (ids, (gpointer) terms[t].stem, GUINT_TO_POINTER (t + 1));
  v->entries = g_new (Entry, q->tokens->len + 1);
  const Token *tokens = (const Token *) q->tokens->data;
  for (guint k = 0; k < q->tokens->len; k++) {
    if (tokens[k].term == G_MAXUINT)
      continue;
    const char *stem = g_array_index (q->terms, Term, tokens[k].term).stem;
    guint id = GPOINTER_TO_UINT (g_hash_table_lookup (ids, stem));
    if (id == 0)
      continue;
    v->entries[v->count].term = id - 1;
    v->entries[v->count].tf = 1;
    v->entries[v->count].weight = terms[id - 1].idf;
    v->count++;
  }
  g_hash_table_unref (ids);
  qsort (v->entries, v->count, sizeof (Entry), compare_entries);
  guint out = 0;
  for (guint k = 0; k < v->count; k++) {
    if (out > 0 && v->entries[out - 1].term == v->entries[k].term) {
      v->entries[out - 1].weight += v->entries[k].weight;
      v->entries[out - 1].tf++;
    } else
      v->entries[out++] = v->entries[k];
  }
  v->count = out;
  double sum = 0;
  for (guint k = 0; k < v->count; k++)
    sum += v->entries[k].weight * v->entries[k].weight;
  v->norm = sqrt (sum);
}

/* ---- Scorers --------------------------------------------------------------------------- */

static void
normalize_max (double *scores, guint n)
{
  double max = 0;
  for (guint i = 0; i < n; i++)
    max = MAX (max, scores[i]);
  if (max > 0)
    for (guint i = 0; i < n; i++)
      scores[i] /= max;
}

/* TF-IDF: score(s) = sum over distinct content terms t of s of tf(t, D) * idf(t), divided by
 * (content words of s)^0.5 — between the sum (which favours long sentences) and the mean
 * (which favours short ones). tf(t, D) = 1 + ln(count of t in the document). */
static void
score_tfidf (const Context *c, double *out)
{
  const Term *terms = (const Term *) c->doc->terms->data;
  /* Each term's tf(t, D) * idf(t), for the terms of the candidates (those with postings);
   * ln of the counts below 64, the most of them, worked out once each. */
  guint term_count = c->doc->terms->len;
  double *weight = scratch_new (c->scratch, double, term_count);
  double ln_small[64];
  for (guint f = 0; f < G_N_ELEMENTS (ln_small); f++)
    ln_small[f] = NAN;
  for (guint t = 0; t < term_count; t++) {
    if (c->stems.start[t + 1] == c->stems.start[t])
      continue;
    guint f = terms[t].frequency;
    double ln;
    if (f < G_N_ELEMENTS (ln_small)) {
      if (isnan (ln_small[f]))
        ln_small[f] = log ((double) f);
      ln = ln_small[f];
    } else
      ln = log ((double) f);
    weight[t] = (1.0 + ln) * terms[t].idf;
  }
  for (guint i = 0; i < c->n; i++) {
    const Vector *v = &c->vectors[i];
    double sum = 0;
    for (guint k = 0; k < v->count; k++)
      sum += weight[v->entries[k].term];
    out[i] = v->content_words ? sum / sqrt ((double) v->content_words) : 0;
  }
  normalize_max (out, c->n);
}

/* The postings of one index as they are made, sentence after sentence: a list per id. */
typedef struct {
  guint *head, *tail;  /* per id: its first and last node + 1; 0: none yet */
  guint *sentence;     /* per node */
  guint *next;         /* per node: the id's next node + 1; 0: the last */
  guint *count;        /* per node: occurrences of the id in the sentence */
  guint nodes;
} PostingLists;

static void
posting_lists_init (PostingLists *l, guint id_count, gsize capacity, Scratch *scratch)
{
  l->head = scratch_new0 (scratch, guint, id_count);
  l->tail = scratch_new0 (scratch, guint, id_count);
  l->sentence = scratch_new (scratch, guint, capacity);
  l->next = scratch_new (scratch, guint, capacity);
  l->count = scratch_new (scratch, guint, capacity);
  l->nodes = 0;
}

/* One more occurrence of @id in sentence @i: the count of its posting goes up, or it gets a
 * posting at the end of its list. Sentences come in order, so @i's posting is the last. */
static inline void
posting_lists_add (PostingLists *l, guint id, guint i)
{
  guint last = l->tail[id];
  if (last != 0 && l->sentence[last - 1] == i) {
    l->count[last - 1]++;
    return;
  }
  guint node = l->nodes++;
  l->sentence[node] = i;
  l->count[node] = 1;
  l->next[node] = 0;
  if (last != 0)
    l->next[last - 1] = node + 1;
  else
    l->head[id] = node + 1;
  l->tail[id] = node + 1;
}

/* Builds the candidates' vectors, the same as vector_build does one by one, together with
 * their inverted indexes c->stems and c->words: the postings are made in sentence order
 * (counting repeated ids in place), then laid out id by id and dealt out to the sentences,
 * so that every vector's lists come out sorted by id. @storage: the lists, 2 * token_count
 * entries per candidate. */
static void
vectors_build (Context *c, Entry *storage)
{
  const AbridgeDocument *doc = c->doc;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const Token *tokens = (const Token *) doc->tokens->data;
  const Term *terms = (const Term *) doc->terms->data;
  guint term_count = doc->terms->len, word_count = doc->words->len;
  gsize token_total = 0;
  for (guint i = 0; i < c->n; i++)
    token_total += sentences[c->candidates[i]].token_count;
  PostingLists stems, words;
  posting_lists_init (&stems, term_count, token_total, c->scratch);
  posting_lists_init (&words, word_count, token_total, c->scratch);
  for (guint i = 0; i < c->n; i++) {
    const Sentence *sentence = &sentences[c->candidates[i]];
    Vector *v = &c->vectors[i];
    memset (v, 0, sizeof *v);
    v->entries = storage;
    v->surface = storage + sentence->token_count;
    storage += 2 * (gsize) sentence->token_count;
    const Token *token = tokens + sentence->first_token, *end = token + sentence->token_count;
    for (; token < end; token++) {
      if (token->kind != TOKEN_URL)
        v->words++;
      if (token->term == G_MAXUINT)
        continue;
      v->content_words++;
      posting_lists_add (&stems, token->term, i);
      posting_lists_add (&words, token->word, i);
    }
  }
  /* The stems' postings take the tf-idf weights of the entries. */
  Postings *p = &c->stems;
  p->start = scratch_new (c->scratch, guint, term_count + 1);
  p->sentence = scratch_new (c->scratch, guint, stems.nodes);
  p->weight = scratch_new (c->scratch, double, stems.nodes);
  guint q = 0;
  for (guint t = 0; t < term_count; t++) {
    p->start[t] = q;
    for (guint node = stems.head[t]; node != 0; node = stems.next[node - 1], q++) {
      guint i = stems.sentence[node - 1];
      guint tf = stems.count[node - 1];
      double weight = tf * terms[t].idf;
      Vector *v = &c->vectors[i];
      v->entries[v->count++] = (Entry) { t, tf, weight };
      p->sentence[q] = i;
      p->weight[q] = weight;
    }
  }
  p->start[term_count] = q;
  p = &c->words;
  p->start = scratch_new (c->scratch, guint, word_count + 1);
  p->sentence = scratch_new (c->scratch, guint, words.nodes);
  p->weight = scratch_new (c->scratch, double, words.nodes);
  q = 0;
  for (guint w = 0; w < word_count; w++) {
    p->start[w] = q;
    for (guint node = words.head[w]; node != 0; node = words.next[node - 1], q++) {
      guint i = words.sentence[node - 1];
      guint tf = words.count[node - 1];
      Vector *v = &c->vectors[i];
      v->surface[v->surface_count].term = w;
      v->surface[v->surface_count++].tf = tf;
      p->sentence[q] = i;
      p->weight[q] = tf;
    }
  }
  p->start[word_count] = q;
  for (guint i = 0; i < c->n; i++) {
    Vector *v = &c->vectors[i];
    double surface_sum = 0;
    for (guint k = 0; k < v->surface_count; k++)
      surface_sum += (double) v->surface[k].tf * v->surface[k].tf;
    v->surface_norm = sqrt (surface_sum);
    double sum = 0;
    for (guint k = 0; k < v->count; k++)
      sum += v->entries[k].weight * v->entries[k].weight;
    v->norm = sqrt (sum);
  }
}

#define MAX_POSTING 128
/* Redundancy (MMR) updates skip the terms of more sentences than this. */
#define MMR_MAX_POSTING 4096
#define MAX_NEIGHBOURS 32

typedef struct {
  guint to;
  double weight;
} Edge;

static gboolean
edge_stronger (const Edge *a, const Edge *b)
{
  return a->weight > b->weight || (a->weight == b->weight && a->to < b->to);
}

/* Moves the @k strongest edges of @edges[0..n) to the front (quickselect, deterministic:
 * middle pivot, ties broken by sentence index). */
static void
select_strongest (Edge *edges, guint n, guint k)
{
  guint lo = 0, hi = n - 1;
  while (lo < hi) {
    Edge pivot = edges[lo + (hi - lo) / 2];
    guint i = lo, j = hi;
    while (i <= j) {
      while (edge_stronger (&edges[i], &pivot))
        i++;
      while (edge_stronger (&pivot, &edges[j]))
        j--;
      if (i <= j) {
        Edge tmp = edges[i];
        edges[i] = edges[j];
        edges[j] = tmp;
        i++;
        if (j == 0)
          break;
        j--;
      }
    }
    if (k - 1 <= j && j != G_MAXUINT)
      hi = j;
    else if (k - 1 >= i)
      lo = i;
    else
      break;
  }
}

/* Centrality: LexRank with continuous weights (Erkan & Radev 2004, eq. 5): PageRank over the
 * graph of cosine similarities, p_i = (1 - d)/N + d * sum_j sim(i,j)/deg(j) * p_j, d = 0.9.
 * The similarity is the cosine of the counts of the content words as written (normalized but
 * not stemmed): within one document, IDF from its own sentences mostly down-weights the topic
 * words that make a sentence central, and exact word forms are a sharper signal of shared
 * content than stems. On the BBC dev set (sentence F1): tf-idf cosine over stems 76.1, counts
 * over stems 77.9, counts over word forms 79.6.
 * Similarities are accumulated through an inverted index (term -> sentences), so only
 * sentence pairs that share a term are visited. */
static void
score_centrality (const Context *c, double *out)
{
  guint n = c->n;
  if (n == 0)
    return;
  const guint *counts = c->words.start, *postings = c->words.sentence;
  const double *post_weights = c->words.weight;

  /* Edges as a sparse row list. In long documents, terms in more than MAX_POSTING sentences
   * (the document's own function words) are left out of the similarity, and each sentence
   * keeps its MAX_NEIGHBOURS most similar sentences: the graph stays O(n) in size and its
   * construction O(tokens * MAX_POSTING) instead of O(n^2). Documents of a few hundred
   * sentences are unaffected. */
  Edge *row = scratch_new (c->scratch, Edge, n);
  gsize edge_count = 0, edge_capacity = 8 * (gsize) n;
  Edge *edges = g_new (Edge, edge_capacity);
  guint *row_start = scratch_new (c->scratch, guint, n + 1);
  double *acc = scratch_new0 (c->scratch, double, n);
  guint *touched = scratch_new (c->scratch, guint, n);
  double *degree = scratch_new0 (c->scratch, double, n);
  for (guint i = 0; i < n; i++) {
    row_start[i] = (guint) edge_count;
    guint touched_count = 0;
    const Vector *v = &c->vectors[i];
    for (guint k = 0; k < v->surface_count; k++) {
      guint t = v->surface[k].term;
      if (counts[t + 1] - counts[t] > MAX_POSTING)
        continue;
      for (guint p = counts[t]; p < counts[t + 1]; p++) {
        guint j = postings[p];
        if (j == i)
          continue;
        if (acc[j] == 0)
          touched[touched_count++] = j;
        acc[j] += (double) v->surface[k].tf * post_weights[p];
      }
    }
    /* Sentences i and j share a word: acc[j] and both norms are at least 1, and every
     * similarity is positive. */
    guint row_count = touched_count;
    for (guint m = 0; m < touched_count; m++) {
      guint j = touched[m];
      row[m] = (Edge) { j, acc[j] / (v->surface_norm * c->vectors[j].surface_norm) };
      acc[j] = 0;
    }
    if (row_count > MAX_NEIGHBOURS) {
      select_strongest (row, row_count, MAX_NEIGHBOURS);
      row_count = MAX_NEIGHBOURS;
    }
    if (edge_count + row_count > edge_capacity) {
      edge_capacity = MAX (2 * edge_capacity, edge_count + row_count);
      edges = g_renew (Edge, edges, edge_capacity);
    }
    for (guint m = 0; m < row_count; m++) {
      edges[edge_count++] = row[m];
      degree[i] += row[m].weight;
    }
  }
  row_start[n] = (guint) edge_count;

  /* The same edges by target (the transpose, CSR): each sentence's incoming edges, from the
   * lowest source up. An iteration then gathers each sentence's sum in one pass, adding the
   * same terms in the same order as scattering the rows in turn into next[] would. */
  guint *in_start = scratch_new0 (c->scratch, guint, n + 1);
  for (gsize e = 0; e < edge_count; e++)
    in_start[edges[e].to + 1]++;
  for (guint j = 0; j < n; j++)
    in_start[j + 1] += in_start[j];
  Edge *in_edges = scratch_new (c->scratch, Edge, edge_count); /* .to: the source */
  guint *cursor = touched; /* free again: one slot per sentence */
  memcpy (cursor, in_start, sizeof (guint) * n);
  for (guint i = 0; i < n; i++)
    for (guint e = row_start[i]; e < row_start[i + 1]; e++)
      in_edges[cursor[edges[e].to]++] = (Edge) { i, edges[e].weight };

  /* The sentences without edges, whose rank is spread over all (cursor is free again).
   * Their degree becomes 1 so that every share can be worked out without a test: no edge
   * leaves them, so their shares are never read. */
  guint *dangling_nodes = cursor, dangling_count = 0;
  for (guint i = 0; i < n; i++)
    if (degree[i] == 0) {
      dangling_nodes[dangling_count++] = i;
      degree[i] = 1;
    }

  double *rank = out;
  /* p_i / deg(i) of the previous iteration, and that of this one. */
  double *share = scratch_new (c->scratch, double, n);
  double *next_share = scratch_new (c->scratch, double, n);
  for (guint i = 0; i < n; i++) {
    rank[i] = 1.0 / n;
    share[i] = rank[i] / degree[i];
  }
  double dangling = 0;
  for (guint k = 0; k < dangling_count; k++)
    dangling += rank[dangling_nodes[k]];
  const double d = 0.9;
  for (int iteration = 0; iteration < 50; iteration++) {
    double delta = 0;
    const Edge *e = in_edges;
    for (guint j = 0; j < n; j++) {
      /* Four edges a turn, then two, then one: still added one after the other. */
      double next = 0;
      const Edge *end = in_edges + in_start[j + 1];
      for (; end - e >= 4; e += 4) {
        next += share[e[0].to] * e[0].weight;
        next += share[e[1].to] * e[1].weight;
        next += share[e[2].to] * e[2].weight;
        next += share[e[3].to] * e[3].weight;
      }
      if (end - e >= 2) {
        next += share[e[0].to] * e[0].weight;
        next += share[e[1].to] * e[1].weight;
        e += 2;
      }
      if (e < end) {
        next += share[e->to] * e->weight;
        e++;
      }
      double value = (1 - d) / n + d * (next + dangling / n);
      delta += fabs (value - rank[j]);
      rank[j] = value;
      next_share[j] = value / degree[j];
    }
    double *swap = share;
    share = next_share;
    next_share = swap;
    dangling = 0;
    for (guint k = 0; k < dangling_count; k++)
      dangling += rank[dangling_nodes[k]];
    /* The ranks sum to 1. At 1e-5 of that mass the sentences picked on the BBC articles are
     * those of 1e-7 (every summary of 3 sentences and of 10%, 20%, 30% and 50%), after 22.7
     * iterations on average instead of 32.1: only the last digits of the scores differ. */
    if (delta < 1e-5)
      break;
  }
  normalize_max (out, n);

  g_free (edges);
}

/* Position: lead bias, 1 / sqrt(1 + rank among candidates), and a bonus of 0.25 for the first
 * sentence of a paragraph (capped at 1). */
static void
score_position (const Context *c, double *out)
{
  const Sentence *sentences = (const Sentence *) c->doc->sentences->data;
  for (guint i = 0; i < c->n; i++) {
    double value = 1.0 / sqrt (1.0 + i);
    if (sentences[c->candidates[i]].flags & SENTENCE_PARAGRAPH_START)
      value += 0.25;
    out[i] = MIN (value, 1.0);
  }
}

static void
score_similarity (const Context *c, const Vector *target, double *out)
{
  for (guint i = 0; i < c->n; i++)
    out[i] = vector_cosine (&c->vectors[i], target);
  normalize_max (out, c->n);
}

/* Length prior: min(1, words / 8) for short sentences, and 40 / words above 40 words. */
static void
score_length (const Context *c, double *out)
{
  for (guint i = 0; i < c->n; i++) {
    double words = c->vectors[i].words;
    double value = MIN (1.0, words / 8.0);
    if (words > 40)
      value *= 40.0 / words;
    out[i] = value;
  }
}

/* ---- Selection ------------------------------------------------------------------------- */

/* max_sim[i] = max (max_sim[i], cos (i, picked)) for the unused sentences sharing a term with
 * @picked; @acc (zeroed) and @touched are scratch arrays of one slot per sentence. */
static void
update_max_sim (const Postings *p, const Vector *vectors, guint picked, const gboolean *used,
                double *acc, guint *touched, double *max_sim)
{
  const Vector *v = &vectors[picked];
  guint touched_count = 0;
  for (guint k = 0; k < v->count; k++) {
    guint t = v->entries[k].term;
    /* A term in thousands of sentences (only very long documents have one) would make each
     * pick walk them all, O(n^2) over the selection: its share of the similarity is left out,
     * as centrality leaves out terms above MAX_POSTING. */
    if (p->start[t + 1] - p->start[t] > MMR_MAX_POSTING)
      continue;
    for (guint q = p->start[t]; q < p->start[t + 1]; q++) {
      guint i = p->sentence[q];
      if (used[i])
        continue;
      if (acc[i] == 0)
        touched[touched_count++] = i;
      acc[i] += v->entries[k].weight * p->weight[q];
    }
  }
  for (guint m = 0; m < touched_count; m++) {
    guint i = touched[m];
    if (v->norm > 0 && vectors[i].norm > 0)
      max_sim[i] = MAX (max_sim[i], acc[i] / (v->norm * vectors[i].norm));
    acc[i] = 0;
  }
}



static guint
budget_sentences (const AbridgeSummaryOptions *o, guint n)
{
  if (o->sentences > 0)
    return MIN (o->sentences, n);
  if (o->ratio > 0) {
    guint k = (guint) floor (o->ratio * n / 100.0 + 0.5);
    return CLAMP (k, 1, n);
  }
  if (o->words > 0 || o->max_chars > 0)
    return n;
  guint k = (guint) floor (0.2 * n + 0.5);
  return CLAMP (k, MIN (1, n), MIN (7, n));
}

typedef struct {
  guint candidate;
  double score;
  double penalty;  /* the redundancy penalty when it was picked */
  guint rank;      /* 1 for the first picked */
} Ranked;

/* A binary max-heap of candidates by value, ties by index (the earlier first). */
typedef struct {
  double value;
  guint index;
} HeapItem;

static gboolean
heap_before (const HeapItem *a, const HeapItem *b)
{
  return a->value > b->value || (a->value == b->value && a->index < b->index);
}

/* @h: room for every candidate; *@len: the items in it. */
static void
heap_push (HeapItem *h, guint *len, HeapItem item)
{
  guint at = (*len)++;
  while (at > 0 && heap_before (&item, &h[(at - 1) / 2])) {
    h[at] = h[(at - 1) / 2];
    at = (at - 1) / 2;
  }
  h[at] = item;
}

static HeapItem
heap_pop (HeapItem *h, guint *len)
{
  HeapItem top = h[0];
  HeapItem last = h[--*len];
  guint n = *len, at = 0;
  if (n == 0)
    return top;
  for (;;) {
    guint child = 2 * at + 1;
    if (child >= n)
      break;
    if (child + 1 < n && heap_before (&h[child + 1], &h[child]))
      child++;
    if (!heap_before (&h[child], &last))
      break;
    h[at] = h[child];
    at = child;
  }
  h[at] = last;
  return top;
}

static int
compare_position (const void *a, const void *b)
{
  guint x = ((const Ranked *) a)->candidate, y = ((const Ranked *) b)->candidate;
  return (x > y) - (x < y);
}

static int
compare_score (const void *a, const void *b)
{
  const Ranked *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return compare_position (a, b);
}

static gboolean
check_options (const AbridgeSummaryOptions *o, GError **error)
{
  if (o->ratio < 0 || o->ratio > 100 || isnan (o->ratio)) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                 "ratio must be a percentage between 0 and 100, not %g", o->ratio);
    return FALSE;
  }
  if (o->diversity > 1 || isnan (o->diversity)) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                 "diversity must be between 0 and 1, not %g", o->diversity);
    return FALSE;
  }
  if (o->method != NULL) {
    for (guint i = 0; methods[i]; i++)
      if (strcmp (o->method, methods[i]) == 0)
        return TRUE;
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_INVALID_ARGUMENT,
                 "unknown summary method '%s'", o->method);
    return FALSE;
  }
  return TRUE;
}

/* The scorers, in the order of the fields of AbridgeScoreComponents. */
enum { PART_TFIDF, PART_CENTRALITY, PART_POSITION, PART_TITLE, PART_LENGTH, PART_QUERY,
       PART_COUNT };

static void
score_part (const Context *c, guint part, double *out)
{
  switch (part) {
  case PART_TFIDF: score_tfidf (c, out); break;
  case PART_CENTRALITY: score_centrality (c, out); break;
  case PART_POSITION: score_position (c, out); break;
  case PART_TITLE:
    if (c->has_title)
      score_similarity (c, &c->title, out);
    break;
  case PART_LENGTH: score_length (c, out); break;
  case PART_QUERY:
    if (c->has_query)
      score_similarity (c, &c->query, out);
    break;
  default: g_assert_not_reached ();
  }
}

/* The weight of each scorer in @method's total. The default: centrality + 0.1 tfidf +
 * 0.02 position (+ 0.3 query similarity with a query). Centrality carries the summary; the
 * TF-IDF term breaks near-ties towards sentences with the document's weightier words. Tuned
 * on the BBC dev set (sentence F1): centrality alone 77.9, with these terms 78.1; title
 * similarity and the length prior did not help there. A single method: its scorer alone. */
static void
method_weights (const char *method, double weights[PART_COUNT])
{
  static const char *const parts[PART_COUNT] = {
    "tfidf", "centrality", "position", "title", "length", "query"
  };
  memset (weights, 0, PART_COUNT * sizeof (double));
  if (method == NULL || strcmp (method, "default") == 0) {
    weights[PART_CENTRALITY] = 1;
    weights[PART_TFIDF] = 0.1;
    weights[PART_POSITION] = 0.02;
    weights[PART_QUERY] = 0.3;
    return;
  }
  for (guint k = 0; k < PART_COUNT; k++)
    if (strcmp (method, parts[k]) == 0)
      weights[k] = 1;
}

/* Scores every candidate; returns an array of c->n scores (from c->scratch). With @parts (an
 * array of PART_COUNT * c->n), every scorer's values are kept there, those that do not count
 * in @method's total included. */
static double *
score_candidates (const Context *c, const char *method, double *parts)
{
  guint n = c->n;
  double weights[PART_COUNT];
  method_weights (method, weights);
  double *total = scratch_new0 (c->scratch, double, n);
  double *scratch = scratch_new0 (c->scratch, double, n);
  for (guint k = 0; k < PART_COUNT; k++) {
    if (weights[k] == 0 && parts == NULL)
      continue;
    if ((k == PART_QUERY && !c->has_query) || (k == PART_TITLE && !c->has_title))
      continue; /* zero */
    double *out = parts ? parts + (gsize) k * n : scratch;
    memset (out, 0, (n ? n : 1) * sizeof (double));
    score_part (c, k, out);
    for (guint i = 0; i < n; i++)
      total[i] += weights[k] * out[i];
  }
  return total;
}

AbridgeSummary *
abridge_summarize (const AbridgeDocument *document, const AbridgeSummaryOptions *options,
                   GError **error)
{
  g_return_val_if_fail (document != NULL, NULL);
  AbridgeSummaryOptions defaults;
  abridge_summary_options_init (&defaults);
  const AbridgeSummaryOptions *o = options ? options : &defaults;
  if (!check_options (o, error))
    return NULL;

  const AbridgeDocument *doc = document;
  const Sentence *sentences = (const Sentence *) doc->sentences->data;
  const Token *tokens = (const Token *) doc->tokens->data;
  const Term *terms = (const Term *) doc->terms->data;

  Context c = { 0 };
  c.doc = doc;
  c.scratch = scratch_begin ();
  c.candidates = scratch_new (c.scratch, guint, doc->sentences->len);
  /* Candidates: sentences that are not headings; when a text has nothing but headings
   * (a single line without a period), all units but the title. */
  gboolean any = doc->candidate_count > 0;
  for (guint s = 0; s < doc->sentences->len; s++) {
    if (any ? (sentences[s].flags & SENTENCE_NOT_CANDIDATE) : ((gint) s == doc->title))
      continue;
    c.candidates[c.n++] = s;
  }
  c.vectors = scratch_new0 (c.scratch, Vector, c.n);
  /* The lists of every vector (the candidates' and the title's), in one block. */
  gsize storage_size = doc->title >= 0 ? 2 * (gsize) sentences[doc->title].token_count : 0;
  for (guint i = 0; i < c.n; i++)
    storage_size += 2 * (gsize) sentences[c.candidates[i]].token_count;
  Entry *storage = scratch_new (c.scratch, Entry, storage_size);
  vectors_build (&c, storage);
  double weights[PART_COUNT];
  method_weights (o->method, weights);
  /* The title's vector, when its similarity is computed (see score_candidates). */
  if (doc->title >= 0 && (weights[PART_TITLE] != 0 || o->explain)) {
    const Sentence *title = &sentences[doc->title];
    VectorMarks marks = { scratch_new0 (c.scratch, Mark, doc->terms->len),
                          scratch_new0 (c.scratch, Mark, doc->words->len), 0 };
    vector_build (&c.title, tokens + title->first_token, title->token_count, terms,
                  storage + (storage_size - 2 * (gsize) title->token_count), &marks);
    c.has_title = c.title.count > 0;
  }
  if (o->query != NULL && *o->query != '\0') {
    vector_from_text (&c.query, doc, o->query);
    c.has_query = TRUE;
  }

  double *parts = o->explain ? scratch_new0 (c.scratch, double, (gsize) PART_COUNT * c.n)
                             : NULL;
  double *scores = score_candidates (&c, o->method, parts);

  /* Greedy selection with MMR (Carbonell & Goldstein 1998):
   * pick argmax_i score_i - lambda * max_{j selected} cos(i, j), lambda = diversity.
   * After each pick, max_sim is updated only for the sentences that share a term with it,
   * found through an inverted index, so that large budgets over long documents stay cheap. */
  double lambda = o->diversity >= 0 ? o->diversity : 0.1;
  guint want = budget_sentences (o, c.n);
  guint n = c.n ? c.n : 1;
  Ranked *chosen = scratch_new (c.scratch, Ranked, n);
  guint chosen_count = 0;
  gboolean *used = scratch_new0 (c.scratch, gboolean, n);
  double *max_sim = scratch_new0 (c.scratch, double, n);
  guint words_used = 0, chars_used = 0;
  guint fewest_words = G_MAXUINT;
  for (guint i = 0; i < c.n; i++)
    fewest_words = MIN (fewest_words, c.vectors[i].words);
  double *acc = NULL;
  guint *touched = NULL;
  if (lambda > 0 && want > 1) {
    acc = scratch_new0 (c.scratch, double, n);
    touched = scratch_new (c.scratch, guint, n);
  }
  if (want >= c.n && o->words == 0 && o->max_chars == 0) {
    /* Every sentence is wanted: nothing to choose between. */
    for (guint i = 0; i < c.n; i++) {
      chosen[i].candidate = i;
      chosen[i].score = scores[i];
      chosen[i].penalty = 0;
      chosen[i].rank = i + 1;
    }
    chosen_count = c.n;
  }
  /* Lazy greedy: a sentence's value (score - penalty) only falls as sentences are picked, so
   * the heap's top, once its value is recomputed and still on top, is the exact argmax (ties:
   * the earlier sentence, as the heap orders them). Large budgets stay O(n log n). */
  HeapItem *heap = scratch_new (c.scratch, HeapItem, n);
  guint heap_len = 0;
  for (guint i = 0; i < c.n && chosen_count < want; i++) {
    HeapItem item = { scores[i], i };
    heap_push (heap, &heap_len, item);
  }
  while (chosen_count < want) {
    if (o->words > 0 && chosen_count > 0 && words_used + fewest_words > o->words)
      break; /* not even the shortest sentence fits any more */
    gint best = -1;
    while (heap_len > 0) {
      HeapItem top = heap_pop (heap, &heap_len);
      double value = scores[top.index] - lambda * max_sim[top.index];
      if (value == top.value || isnan (value)) {
        best = (gint) top.index;
        break;
      }
      top.value = value; /* stale: its penalty grew since it was pushed */
      heap_push (heap, &heap_len, top);
    }
    if (best < 0)
      break;
    used[best] = TRUE;
    const Sentence *sentence = &sentences[c.candidates[best]];
    guint words = c.vectors[best].words;
    guint chars = o->max_chars > 0 ? (guint) g_utf8_strlen (doc->prepared.text + sentence->start,
                                                            sentence->end - sentence->start)
                                   : 0;
    gboolean fits = TRUE;
    if (o->words > 0 && words_used + words > o->words)
      fits = FALSE;
    if (o->max_chars > 0 && chars_used + chars + (chosen_count ? 1 : 0) > o->max_chars)
      fits = FALSE;
    if (!fits)
      continue; /* try a shorter one */
    words_used += words;
    chars_used += chars + (chosen_count ? 1 : 0);
    chosen[chosen_count].candidate = (guint) best;
    chosen[chosen_count].score = scores[best];
    chosen[chosen_count].penalty = lambda * max_sim[best];
    chosen[chosen_count].rank = chosen_count + 1;
    chosen_count++;
    if (acc != NULL)
      update_max_sim (&c.stems, c.vectors, (guint) best, used, acc, touched, max_sim);
  }
  if (chosen_count == 0 && c.n > 0) {
    /* Nothing fits the budget: one sentence is always returned, the best. */
    guint best = 0;
    for (guint i = 1; i < c.n; i++)
      if (scores[i] > scores[best])
        best = i;
    chosen[0].candidate = best;
    chosen[0].score = scores[best];
    chosen[0].penalty = 0;
    chosen[0].rank = 1;
    chosen_count = 1;
  }
  qsort (chosen, chosen_count, sizeof (Ranked),
         o->order == ABRIDGE_ORDER_DOCUMENT ? compare_position : compare_score);

  AbridgeSummary *summary = g_new0 (AbridgeSummary, 1);
  summary->count = chosen_count;
  summary->texts = g_new0 (char *, chosen_count + 1);
  summary->indexes = g_new (guint, chosen_count + 1);
  summary->starts = g_new (gsize, chosen_count + 1);
  summary->ends = g_new (gsize, chosen_count + 1);
  summary->scores = g_new (double, chosen_count + 1);
  for (guint k = 0; k < chosen_count; k++) {
    guint s = c.candidates[chosen[k].candidate];
    summary->indexes[k] = s;
    summary->texts[k] = abridge_document_get_sentence (doc, s, &summary->starts[k],
                                                       &summary->ends[k]);
    summary->scores[k] = chosen[k].score;
  }
  summary->sentence_total = doc->sentences->len;
  summary->sentence_scores = g_new0 (double, doc->sentences->len + 1);
  for (guint i = 0; i < c.n; i++)
    summary->sentence_scores[c.candidates[i]] = scores[i];
  summary->method = g_strdup (o->method ? o->method : "default");
  summary->has_query = c.has_query;
  if (parts != NULL) {
    /* Per document sentence: the scorers' values, the redundancy penalty (when picked, or
     * against the final selection for the others) and the pick order. */
    summary->components = g_new0 (AbridgeScoreComponents, doc->sentences->len + 1);
    for (guint i = 0; i < c.n; i++) {
      AbridgeScoreComponents *x = &summary->components[c.candidates[i]];
      x->candidate = TRUE;
      x->total = scores[i];
      x->tfidf = parts[(gsize) PART_TFIDF * c.n + i];
      x->centrality = parts[(gsize) PART_CENTRALITY * c.n + i];
      x->position = parts[(gsize) PART_POSITION * c.n + i];
      x->title = parts[(gsize) PART_TITLE * c.n + i];
      x->length = parts[(gsize) PART_LENGTH * c.n + i];
      x->query = parts[(gsize) PART_QUERY * c.n + i];
      x->redundancy = lambda * max_sim[i];
    }
    for (guint k = 0; k < chosen_count; k++) {
      AbridgeScoreComponents *x = &summary->components[c.candidates[chosen[k].candidate]];
      x->redundancy = chosen[k].penalty;
      x->rank = chosen[k].rank;
    }
  }

  g_free (c.query.entries);
  scratch_end (c.scratch);
  return summary;
}

void
abridge_summary_free (AbridgeSummary *summary)
{
  if (summary == NULL)
    return;
  g_strfreev (summary->texts);
  g_free (summary->indexes);
  g_free (summary->starts);
  g_free (summary->ends);
  g_free (summary->scores);
  g_free (summary->sentence_scores);
  g_free (summary->method);
  g_free (summary->components);
  g_free (summary);
}

guint
abridge_summary_get_count (const AbridgeSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0);
  return summary->count;
}

const char *
abridge_summary_get_text (const AbridgeSummary *summary, guint i)
{
  g_return_val_if_fail (summary != NULL && i < summary->count, NULL);
  return summary->texts[i];
}

guint
abridge_summary_get_index (const AbridgeSummary *summary, guint i)
{
  g_return_val_if_fail (summary != NULL && i < summary->count, 0);
  return summary->indexes[i];
}

void
abridge_summary_get_offsets (const AbridgeSummary *summary, guint i, gsize *start, gsize *end)
{
  g_return_if_fail (summary != NULL && i < summary->count);
  if (start)
    *start = summary->starts[i];
  if (end)
    *end = summary->ends[i];
}

double
abridge_summary_get_score (const AbridgeSummary *summary, guint i)
{
  g_return_val_if_fail (summary != NULL && i < summary->count, 0);
  return summary->scores[i];
}

double
abridge_summary_get_sentence_score (const AbridgeSummary *summary, guint index)
{
  g_return_val_if_fail (summary != NULL && index < summary->sentence_total, 0);
  return summary->sentence_scores[index];
}

gboolean
abridge_summary_get_components (const AbridgeSummary *summary, guint index,
                                AbridgeScoreComponents *components)
{
  g_return_val_if_fail (summary != NULL && components != NULL, FALSE);
  g_return_val_if_fail (index < summary->sentence_total, FALSE);
  if (summary->components == NULL)
    return FALSE;
  *components = summary->components[index];
  return TRUE;
}

char *
abridge_summary_get_formula (const AbridgeSummary *summary)
{
  g_return_val_if_fail (summary != NULL, NULL);
  static const char *const names[PART_COUNT] = {
    "tfidf", "centrality", "position", "title", "length", "query"
  };
  double weights[PART_COUNT];
  method_weights (summary->method, weights);
  GString *formula = g_string_new (NULL);
  static const guint order[PART_COUNT] = {
    PART_CENTRALITY, PART_TFIDF, PART_POSITION, PART_TITLE, PART_LENGTH, PART_QUERY
  };
  for (guint j = 0; j < PART_COUNT; j++) {
    guint k = order[j];
    if (weights[k] == 0 || (k == PART_QUERY && !summary->has_query))
      continue;
    if (formula->len > 0)
      g_string_append (formula, " + ");
    if (weights[k] != 1)
      g_string_append_printf (formula, "%g*", weights[k]);
    g_string_append (formula, names[k]);
  }
  return g_string_free (formula, FALSE);
}
