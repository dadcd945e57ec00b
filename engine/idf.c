/* idf.c — corpus models of document frequencies: counted from analyzed documents, merged,
 * pruned, saved as a versioned text file with a SHA-256 checksum, and loaded by memory-mapping
 * (terms are sorted, so a lookup is a binary search over the mapped file: no parsing of the
 * whole model into a hash table). The engine reads df(t) and N to weigh terms. */
#include "abridge-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define IDF_MAGIC "abridge-idf 1"
/* Describes how terms are made; a model built otherwise is refused. */
#define IDF_NORMALIZATION "nfkc-casefold+snowball"

struct _AbridgeIdf {
  gatomicrefcount refs;
  char *language;
  guint64 documents;
  GHashTable *counts;       /* term -> guint64* (mutable mode) */
  GMappedFile *mapped;      /* loaded mode */
  const char *body;         /* first term line in the mapping */
  guint64 *line_offsets;    /* offsets of term lines into the mapping */
  guint64 term_count;
  char **sorted;            /* mutable mode: sorted keys, made on demand for get_term */
  /* abridge_idf_add_text: the counters of the stems of one word cache (document.c), by stem
   * index, so that a term already seen is counted without hashing its bytes. Valid while
   * link_generation is that cache's generation and no entry of @counts was removed. */
  guint64 link_generation;
  guint64 **links;
  guint links_size;
  /* The values of @counts: counters allocated in blocks, so that counters made one after the
   * other (a cache's stems, in order) lie side by side in memory. */
  GPtrArray *counter_blocks;
  guint64 *counter_next;
  guint counters_left;
};

#define COUNTER_BLOCK 4096

/* A new counter, zero. It lives as long as @idf. */
static guint64 *
counter_new (AbridgeIdf *idf)
{
  if (idf->counters_left == 0) {
    idf->counter_next = g_new0 (guint64, COUNTER_BLOCK);
    g_ptr_array_add (idf->counter_blocks, idf->counter_next);
    idf->counters_left = COUNTER_BLOCK;
  }
  idf->counters_left--;
  return idf->counter_next++;
}

AbridgeIdf *
idf_ref (AbridgeIdf *idf)
{
  g_atomic_ref_count_inc (&idf->refs);
  return idf;
}

static AbridgeIdf *
idf_alloc (const char *language)
{
  AbridgeIdf *idf = g_new0 (AbridgeIdf, 1);
  g_atomic_ref_count_init (&idf->refs);
  idf->language = g_strdup (language);
  idf->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  idf->counter_blocks = g_ptr_array_new_with_free_func (g_free);
  return idf;
}

AbridgeIdf *
abridge_idf_new (const AbridgeEngine *engine)
{
  g_return_val_if_fail (engine != NULL, NULL);
  return idf_alloc (engine->language->name);
}

void
abridge_idf_free (AbridgeIdf *idf)
{
  if (idf == NULL || !g_atomic_ref_count_dec (&idf->refs))
    return;
  g_free (idf->language);
  if (idf->counts)
    g_hash_table_unref (idf->counts);
  if (idf->mapped)
    g_mapped_file_unref (idf->mapped);
  g_free (idf->line_offsets);
  g_free (idf->sorted);
  g_free (idf->links);
  g_ptr_array_unref (idf->counter_blocks);
  g_free (idf);
}

static void
invalidate_sorted (AbridgeIdf *idf)
{
  g_clear_pointer (&idf->sorted, g_free);
}

static void
add_count (AbridgeIdf *idf, const char *term, guint64 n)
{
  guint64 *count = g_hash_table_lookup (idf->counts, term);
  if (count == NULL) {
    count = counter_new (idf);
    g_hash_table_insert (idf->counts, g_strdup (term), count);
  }
  *count += n;
}

/* Term line i of a mapped model: [*term, *term + *len) and its df. */
static void
mapped_line (const AbridgeIdf *idf, guint64 i, const char **term, gsize *len, guint64 *df)
{
  const char *line = idf->body + idf->line_offsets[i];
  const char *tab = strchr (line, '\t');
  *term = line;
  *len = (gsize) (tab - line);
  if (df)
    *df = g_ascii_strtoull (tab + 1, NULL, 10);
}

/* Turns a loaded (mapped) model into a mutable one. */
static void
thaw (AbridgeIdf *idf)
{
  if (idf->mapped == NULL)
    return;
  for (guint64 i = 0; i < idf->term_count; i++) {
    const char *term;
    gsize len;
    guint64 df;
    mapped_line (idf, i, &term, &len, &df);
    char *key = g_strndup (term, len);
    guint64 *value = counter_new (idf);
    *value = df;
    g_hash_table_insert (idf->counts, key, value);
  }
  idf->link_generation = 0;
  g_clear_pointer (&idf->mapped, g_mapped_file_unref);
  g_clear_pointer (&idf->line_offsets, g_free);
  idf->body = NULL;
}

gboolean
idf_begin_document (AbridgeIdf *idf, const char *language, GError **error)
{
  /* @language: the document's (detected on an auto engine). A model made from an auto engine
   * takes the language of its first document. */
  if (idf->documents == 0 && strcmp (idf->language, "auto") == 0) {
    g_free (idf->language);
    idf->language = g_strdup (language);
  }
  if (strcmp (idf->language, language) != 0) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL,
                 "the model is for %s, the document was analyzed as %s", idf->language,
                 language);
    return FALSE;
  }
  thaw (idf);
  invalidate_sorted (idf);
  return TRUE;
}

gboolean
abridge_idf_add_document (AbridgeIdf *idf, const AbridgeDocument *document, GError **error)
{
  g_return_val_if_fail (idf != NULL && document != NULL, FALSE);
  if (!idf_begin_document (idf, abridge_document_get_language (document), error))
    return FALSE;
  const Term *terms = (const Term *) document->terms->data;
  for (guint t = 0; t < document->terms->len; t++)
    add_count (idf, terms[t].stem, 1);
  idf->documents++;
  return TRUE;
}

guint64 *
idf_stem_counter (AbridgeIdf *idf, guint64 generation, guint32 stem, const char *bytes, gsize len)
{
  if (idf->link_generation != generation) {
    if (idf->links)
      memset (idf->links, 0, idf->links_size * sizeof *idf->links);
    idf->link_generation = generation;
  }
  if (stem >= idf->links_size) {
    guint size = MAX (MAX (idf->links_size * 2, 4096u), stem + 1);
    idf->links = g_renew (guint64 *, idf->links, size);
    memset (idf->links + idf->links_size, 0, (size - idf->links_size) * sizeof *idf->links);
    idf->links_size = size;
  }
  guint64 *count = idf->links[stem];
  if (count == NULL) {
    char *term = g_strndup (bytes, len);
    count = g_hash_table_lookup (idf->counts, term);
    if (count == NULL) {
      count = counter_new (idf);
      g_hash_table_insert (idf->counts, term, count);
    } else {
      g_free (term);
    }
    idf->links[stem] = count;
  }
  return count;
}

void
idf_prefetch_counter (const AbridgeIdf *idf, guint64 generation, guint32 stem)
{
  if (idf->link_generation == generation && stem < idf->links_size && idf->links[stem] != NULL)
    __builtin_prefetch (idf->links[stem]);
}

void
idf_end_document (AbridgeIdf *idf)
{
  idf->documents++;
}

gboolean
abridge_idf_merge (AbridgeIdf *idf, const AbridgeIdf *other, GError **error)
{
  g_return_val_if_fail (idf != NULL && other != NULL, FALSE);
  if (idf->documents == 0 && strcmp (idf->language, "auto") == 0) {
    g_free (idf->language); /* an empty model takes the language of what is merged into it */
    idf->language = g_strdup (other->language);
  }
  if (strcmp (idf->language, other->language) != 0
      && !(other->documents == 0 && strcmp (other->language, "auto") == 0)) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL,
                 "cannot merge a %s model into a %s model", other->language, idf->language);
    return FALSE;
  }
  thaw (idf);
  invalidate_sorted (idf);
  if (other->mapped) {
    for (guint64 i = 0; i < abridge_idf_get_term_count (other); i++) {
      guint64 df;
      char *term = abridge_idf_get_term (other, i, &df);
      add_count (idf, term, df);
      g_free (term);
    }
  } else {
    /* Sums do not depend on the order the terms come in: the table's own order, without
     * sorting @other or copying its terms. */
    GHashTableIter iter;
    gpointer term, count;
    g_hash_table_iter_init (&iter, other->counts);
    while (g_hash_table_iter_next (&iter, &term, &count))
      add_count (idf, term, *(const guint64 *) count);
  }
  idf->documents += other->documents;
  return TRUE;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char **
sorted_keys (const AbridgeIdf *idf)
{
  guint n = 0;
  char **keys = (char **) g_hash_table_get_keys_as_array (idf->counts, &n);
  qsort (keys, n, sizeof (char *), compare_strings);
  return keys;
}

typedef struct {
  const char *term;
  guint64 df;
} Ranked;

static int
compare_ranked (const void *a, const void *b)
{
  const Ranked *x = a, *y = b;
  if (x->df != y->df)
    return x->df > y->df ? -1 : 1;
  return strcmp (x->term, y->term);
}

void
abridge_idf_prune (AbridgeIdf *idf, guint64 min_df, guint64 max_terms)
{
  g_return_if_fail (idf != NULL);
  thaw (idf);
  invalidate_sorted (idf);
  guint n = 0;
  char **keys = (char **) g_hash_table_get_keys_as_array (idf->counts, &n);
  Ranked *ranked = g_new (Ranked, n + 1);
  guint kept = 0;
  for (guint i = 0; i < n; i++) {
    guint64 df = *(guint64 *) g_hash_table_lookup (idf->counts, keys[i]);
    ranked[kept].term = keys[i];
    ranked[kept].df = df;
    kept++;
  }
  qsort (ranked, kept, sizeof (Ranked), compare_ranked);
  GHashTable *drop = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < kept; i++)
    if (ranked[i].df < min_df || (max_terms > 0 && i >= max_terms))
      g_hash_table_add (drop, (gpointer) ranked[i].term);
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, drop);
  GPtrArray *doomed = g_ptr_array_new_with_free_func (g_free);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (doomed, g_strdup (key));
  g_hash_table_unref (drop);
  g_free (ranked);
  g_free (keys);
  idf->link_generation = 0; /* counters are about to be freed */
  for (guint i = 0; i < doomed->len; i++)
    g_hash_table_remove (idf->counts, g_ptr_array_index (doomed, i));
  g_ptr_array_unref (doomed);
}

gboolean
abridge_idf_save (const AbridgeIdf *idf, const char *path, GError **error)
{
  g_return_val_if_fail (idf != NULL && path != NULL, FALSE);
  guint64 n = abridge_idf_get_term_count (idf);
  GString *out = g_string_sized_new (256 + n * 16);
  g_string_append_printf (out, IDF_MAGIC "\nlanguage %s\nnormalization " IDF_NORMALIZATION
                          "\ndocuments %" G_GUINT64_FORMAT "\nterms %" G_GUINT64_FORMAT "\n",
                          idf->language, idf->documents, n);
  if (idf->mapped == NULL && idf->sorted == NULL)
    ((AbridgeIdf *) idf)->sorted = sorted_keys (idf); /* as abridge_idf_get_term() does */
  for (guint64 i = 0; i < n; i++) {
    guint64 df;
    if (idf->mapped == NULL) {
      const char *term = idf->sorted[i];
      df = *(const guint64 *) g_hash_table_lookup (idf->counts, term);
      g_string_append (out, term);
    } else {
      char *term = abridge_idf_get_term (idf, i, &df);
      g_string_append (out, term);
      g_free (term);
    }
    /* "\t%" G_GUINT64_FORMAT "\n", without a printf per term. */
    char digits[24];
    gsize at = sizeof digits;
    digits[--at] = '\n';
    do {
      digits[--at] = (char) ('0' + df % 10);
      df /= 10;
    } while (df > 0);
    digits[--at] = '\t';
    g_string_append_len (out, digits + at, (gssize) (sizeof digits - at));
  }
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) out->str,
                                                      out->len);
  g_string_append_printf (out, "checksum sha256 %s\n", sum);
  gboolean ok = g_file_set_contents (path, out->str, (gssize) out->len, error);
  g_string_free (out, TRUE);
  if (!ok && error && *error && (*error)->domain != ABRIDGE_ERROR) {
    GError *e = *error;
    *error = g_error_new (ABRIDGE_ERROR, ABRIDGE_ERROR_IO, "%s", e->message);
    g_error_free (e);
  }
  return ok;
}

static gboolean
model_error (GError **error, const char *path, const char *what)
{
  g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL, "%s: not a valid abridge IDF model (%s)",
               path, what);
  return FALSE;
}

/* Reads "key value\n" at *p; advances *p. */
static gboolean
header_field (const char **p, const char *end, const char *key, char **value)
{
  gsize klen = strlen (key);
  const char *eol = memchr (*p, '\n', (gsize) (end - *p));
  if (eol == NULL || (gsize) (eol - *p) <= klen + 1 || strncmp (*p, key, klen) != 0
      || (*p)[klen] != ' ')
    return FALSE;
  *value = g_strndup (*p + klen + 1, (gsize) (eol - *p - (gssize) klen - 1));
  *p = eol + 1;
  return TRUE;
}

static gboolean
parse_count (const char *text, guint64 *out)
{
  char *end = NULL;
  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  errno = 0;
  *out = g_ascii_strtoull (text, &end, 10);
  return errno == 0 && end != NULL && *end == '\0';
}

AbridgeIdf *
abridge_idf_load (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_IO, "%s: is a directory, not a model", path);
    return NULL;
  }
  GError *io_error = NULL;
  GMappedFile *mapped = g_mapped_file_new (path, FALSE, &io_error);
  if (mapped == NULL) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_IO, "%s", io_error->message);
    g_error_free (io_error);
    return NULL;
  }
  const char *data = g_mapped_file_get_contents (mapped);
  gsize size = g_mapped_file_get_length (mapped);
  AbridgeIdf *idf = NULL;
  char *language = NULL, *normalization = NULL, *documents = NULL, *terms = NULL;

  /* The checksum line closes the file and covers every byte before it. */
  const char *tail = NULL;
  if (size < 80 || data[size - 1] != '\n') {
    model_error (error, path, "truncated");
    goto out;
  }
  tail = g_strrstr_len (data, (gssize) size - 1, "\nchecksum sha256 ");
  if (tail == NULL) {
    model_error (error, path, "no checksum");
    goto out;
  }
  tail++;
  {
    gsize body_len = (gsize) (tail - data);
    g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data,
                                                        body_len);
    const char *stored = tail + strlen ("checksum sha256 ");
    if ((gsize) (data + size - 1 - stored) != strlen (sum)
        || strncmp (stored, sum, strlen (sum)) != 0) {
      model_error (error, path, "checksum mismatch: the file is corrupt or truncated");
      goto out;
    }
  }

  const char *p = data;
  if (strncmp (p, IDF_MAGIC "\n", strlen (IDF_MAGIC) + 1) != 0) {
    model_error (error, path, "unknown format or version");
    goto out;
  }
  p += strlen (IDF_MAGIC) + 1;
  guint64 document_count = 0, term_count = 0;
  if (!header_field (&p, tail, "language", &language)
      || !header_field (&p, tail, "normalization", &normalization)
      || !header_field (&p, tail, "documents", &documents)
      || !header_field (&p, tail, "terms", &terms) || !parse_count (documents, &document_count)
      || !parse_count (terms, &term_count)) {
    model_error (error, path, "bad header");
    goto out;
  }
  if (strcmp (normalization, IDF_NORMALIZATION) != 0) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL,
                 "%s: built with normalization '%s'; this abridge uses '%s'", path, normalization,
                 IDF_NORMALIZATION);
    goto out;
  }
  /* "auto": a model with no document yet, from an engine that detects languages. */
  const LanguageInfo *info = g_ascii_strcasecmp (language, "auto") == 0 ? lang_auto ()
                                                                         : lang_lookup (language);
  if (info == NULL) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL, "%s: unknown language '%s'", path,
                 language);
    goto out;
  }
  if (term_count > (guint64) (tail - p) / 3) {
    model_error (error, path, "term count larger than the file");
    goto out;
  }

  /* The header may spell the language another accepted way ("En", "en"): keep its
   * canonical Snowball name, so that comparisons with engines and other models hold. */
  idf = idf_alloc (info->name);
  idf->documents = document_count;
  idf->body = p;
  idf->line_offsets = g_new (guint64, term_count + 1);
  const char *previous = NULL;
  gsize previous_len = 0;
  guint64 i = 0;
  while (p < tail) {
    const char *eol = memchr (p, '\n', (gsize) (tail - p));
    const char *tab = eol ? memchr (p, '\t', (gsize) (eol - p)) : NULL;
    if (i >= term_count || tab == NULL || tab == p || tab + 1 == eol) {
      model_error (error, path, "bad term line");
      goto fail;
    }
    for (const char *d = tab + 1; d < eol; d++)
      if (!g_ascii_isdigit (*d)) {
        model_error (error, path, "bad document frequency");
        goto fail;
      }
    gsize len = (gsize) (tab - p);
    if (previous != NULL) {
      int cmp = memcmp (previous, p, MIN (previous_len, len));
      if (cmp > 0 || (cmp == 0 && previous_len >= len)) {
        model_error (error, path, "terms not sorted");
        goto fail;
      }
    }
    previous = p;
    previous_len = len;
    idf->line_offsets[i++] = (guint64) (p - idf->body);
    p = eol + 1;
  }
  if (i != term_count) {
    model_error (error, path, "term count does not match the header");
    goto fail;
  }
  idf->term_count = term_count;
  idf->mapped = g_mapped_file_ref (mapped);
  goto out;

fail:
  abridge_idf_free (idf);
  idf = NULL;
out:
  g_free (language);
  g_free (normalization);
  g_free (documents);
  g_free (terms);
  g_mapped_file_unref (mapped);
  return idf;
}

guint64
abridge_idf_get_document_count (const AbridgeIdf *idf)
{
  g_return_val_if_fail (idf != NULL, 0);
  return idf->documents;
}

guint64
abridge_idf_get_term_count (const AbridgeIdf *idf)
{
  g_return_val_if_fail (idf != NULL, 0);
  return idf->mapped ? idf->term_count : g_hash_table_size (idf->counts);
}

const char *
abridge_idf_get_language (const AbridgeIdf *idf)
{
  g_return_val_if_fail (idf != NULL, NULL);
  return idf->language;
}

guint64
abridge_idf_get_df (const AbridgeIdf *idf, const char *term)
{
  g_return_val_if_fail (idf != NULL && term != NULL, 0);
  if (idf->mapped == NULL) {
    guint64 *count = g_hash_table_lookup (idf->counts, term);
    return count ? *count : 0;
  }
  gsize tlen = strlen (term);
  guint64 lo = 0, hi = idf->term_count;
  while (lo < hi) {
    guint64 mid = lo + (hi - lo) / 2;
    const char *s;
    gsize len;
    mapped_line (idf, mid, &s, &len, NULL);
    int cmp = memcmp (s, term, MIN (len, tlen));
    if (cmp == 0)
      cmp = (len > tlen) - (len < tlen);
    if (cmp == 0) {
      guint64 df;
      mapped_line (idf, mid, &s, &len, &df);
      return df;
    }
    if (cmp < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

char *
abridge_idf_get_term (const AbridgeIdf *idf, guint64 i, guint64 *df)
{
  g_return_val_if_fail (idf != NULL, NULL);
  g_return_val_if_fail (i < abridge_idf_get_term_count (idf), NULL);
  if (idf->mapped) {
    const char *s;
    gsize len;
    mapped_line (idf, i, &s, &len, df);
    return g_strndup (s, len);
  }
  /* Sorting on first use is not thread-safe; reading a model shared by an engine goes through
   * abridge_idf_get_df(), which is. */
  AbridgeIdf *mutable_idf = (AbridgeIdf *) idf;
  if (mutable_idf->sorted == NULL)
    mutable_idf->sorted = sorted_keys (idf);
  const char *term = idf->sorted[i];
  if (df)
    *df = *(guint64 *) g_hash_table_lookup (idf->counts, term);
  return g_strdup (term);
}

gboolean
abridge_engine_set_idf (AbridgeEngine *engine, AbridgeIdf *idf, GError **error)
{
  g_return_val_if_fail (engine != NULL, FALSE);
  /* An auto engine takes a model of any language and uses it for that language's documents. */
  if (idf != NULL && engine->language != lang_auto ()
      && strcmp (idf->language, engine->language->name) != 0) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL,
                 "the IDF model is for %s, the engine for %s", idf->language,
                 engine->language->name);
    return FALSE;
  }
  if (idf != NULL)
    idf_ref (idf);
  abridge_idf_free (engine->idf);
  engine->idf = idf;
  return TRUE;
}
