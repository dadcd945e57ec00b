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
    /* Every language's lists are loaded now, so that the engine stays read-only. */
    guint count;
    const LanguageInfo *const *all = lang_all (&count);
    engine->language = lang_auto ();
    engine->detected = g_new0 (LanguageResources, count + 1);
    for (guint i = 0; i < count; i++) {
      LanguageResources *r = &engine->detected[i];
      r->language = all[i];
      r->stopwords = lang_load_stopwords (all[i]->name);
      r->abbrevs = lang_load_abbrevs (all[i]->name);
    }
    LanguageResources *none = &engine->detected[count];
    none->language = lang_none ();
    none->stopwords = g_hash_table_ref (engine->stopwords);
    none->abbrevs = g_hash_table_ref (engine->abbrevs);
    engine->detected_count = count + 1;
    (void) detect_language ("", 0); /* builds the detection tables before any thread runs */
  } else {
    engine->detected = g_new0 (LanguageResources, 1);
    engine->detected[0].language = info;
    engine->detected[0].stopwords = g_hash_table_ref (engine->stopwords);
    engine->detected[0].abbrevs = g_hash_table_ref (engine->abbrevs);
    engine->detected_count = 1;
  }
  return engine;
}

void
abridge_engine_free (AbridgeEngine *engine)
{
  if (engine == NULL)
    return;
  for (guint i = 0; i < engine->detected_count; i++) {
    g_hash_table_unref (engine->detected[i].stopwords);
    g_hash_table_unref (engine->detected[i].abbrevs);
  }
  g_free (engine->detected);
  g_hash_table_unref (engine->stopwords);
  g_hash_table_unref (engine->abbrevs);
  abridge_idf_free (engine->idf);
  if (engine->boilerplate)
    g_hash_table_unref (engine->boilerplate);
  g_free (engine);
}

const LanguageResources *
engine_resources (const AbridgeEngine *engine, const LanguageInfo *language)
{
  for (guint i = 0; i < engine->detected_count; i++)
    if (engine->detected[i].language == language)
      return &engine->detected[i];
  return &engine->detected[engine->detected_count - 1]; /* auto: "none"; fixed: the language */
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
  for (guint i = 0; i < engine->detected_count; i++)
    add_stopwords (engine->detected[i].stopwords, words, replace);
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

/* An open-addressing map from raw token bytes (slices of the document's text, never copied)
 * to word indexes, so that each distinct token is normalized and stemmed once. */
typedef struct {
  guint32 *slots;    /* word index + 1; 0 = empty */
  guint mask;
  guint used;
} WordMap;

typedef struct {
  guint start, len;  /* the first occurrence's bytes */
} WordKey;

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

static void
word_map_grow (WordMap *map, const char *text, const WordKey *keys)
{
  guint size = map->mask ? (map->mask + 1) * 2 : 1024;
  guint32 *slots = g_new0 (guint32, size);
  for (guint i = 0; map->mask && i <= map->mask; i++) {
    if (map->slots[i] == 0)
      continue;
    const WordKey *k = &keys[map->slots[i] - 1];
    guint j = hash_bytes (text + k->start, k->len) & (size - 1);
    while (slots[j] != 0)
      j = (j + 1) & (size - 1);
    slots[j] = map->slots[i];
  }
  g_free (map->slots);
  map->slots = slots;
  map->mask = size - 1;
}

/* Returns the slot for the token [start, start+len): its value is 0 when the word is new. */
static guint32 *
word_map_slot (WordMap *map, const char *text, const WordKey *keys, guint start, guint len)
{
  guint j = hash_bytes (text + start, len) & map->mask;
  for (;;) {
    guint32 v = map->slots[j];
    if (v == 0)
      return &map->slots[j];
    const WordKey *k = &keys[v - 1];
    if (k->len == len && memcmp (text + k->start, text + start, len) == 0)
      return &map->slots[j];
    j = (j + 1) & map->mask;
  }
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

static void
analyze_words (AbridgeDocument *doc)
{
  const LanguageInfo *language = doc->resources->language;
  GHashTable *stopwords = doc->resources->stopwords;
  gboolean romanian = strcmp (language->name, "romanian") == 0;
  struct sb_stemmer *stemmer = NULL;
  if (strcmp (language->name, "none") != 0)
    stemmer = sb_stemmer_new (language->name, "UTF_8");

  WordMap map = { 0 };
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (WordKey));
  GHashTable *term_ids = g_hash_table_new (g_str_hash, g_str_equal); /* stem -> id + 1 */
  GString *normalized = g_string_sized_new (64);
  word_map_grow (&map, doc->prepared.text, NULL);

  Token *tokens = (Token *) doc->tokens->data;
  for (guint i = 0; i < doc->tokens->len; i++) {
    Token *token = &tokens[i];
    guint len = token->end - token->start;
    guint32 *slot = word_map_slot (&map, doc->prepared.text, (const WordKey *) keys->data,
                                   token->start, len);
    if (*slot == 0) {
      WordKey key = { token->start, len };
      g_array_append_val (keys, key);
      *slot = keys->len;

      g_string_truncate (normalized, 0);
      text_normalize_token (doc->prepared.text + token->start, len, normalized);
      if ((token->flags & TOKEN_ELIDED) && normalized->len > 1
          && normalized->str[normalized->len - 1] == '\'')
        g_string_truncate (normalized, normalized->len - 1); /* l' -> l, as listed */
      if (romanian)
        romanian_commas (normalized);
      Word word = { 0 };
      word.normalized = g_string_chunk_insert_const (doc->strings, normalized->str);
      word.term = G_MAXUINT;
      word.stop = g_hash_table_contains (stopwords, normalized->str)
                  || is_single_letter (normalized->str);
      if (token->kind != TOKEN_URL && !word.stop) {
        const char *stem = normalized->str;
        gsize stem_len = normalized->len;
        if (stemmer != NULL && token->kind == TOKEN_WORD) {
          const sb_symbol *s = sb_stemmer_stem (stemmer, (const sb_symbol *) normalized->str,
                                                (int) normalized->len);
          /* A stemmer may reduce a short word to nothing (Greek "αμε"): keep the word then. */
          if (s != NULL && sb_stemmer_length (stemmer) > 0) {
            stem = (const char *) s;
            stem_len = (gsize) sb_stemmer_length (stemmer);
          }
        }
        char *stem_copy = g_strndup (stem, stem_len);
        gpointer id = g_hash_table_lookup (term_ids, stem_copy);
        if (id == NULL) {
          Term term = { 0 };
          term.stem = g_string_chunk_insert_const (doc->strings, stem_copy);
          term.first_sentence = G_MAXUINT;
          g_array_append_val (doc->terms, term);
          id = GUINT_TO_POINTER (doc->terms->len);
          g_hash_table_insert (term_ids, (gpointer) term.stem, id);
        }
        g_free (stem_copy);
        word.term = GPOINTER_TO_UINT (id) - 1;
      }
      g_array_append_val (doc->words, word);
      if (keys->len * 2 > map.mask)
        word_map_grow (&map, doc->prepared.text, (const WordKey *) keys->data);
      slot = NULL;
    }
    guint32 index = slot ? *slot - 1 : keys->len - 1;
    const Word *word = &g_array_index (doc->words, Word, index);
    token->word = index;
    token->term = word->term;
    if (word->stop)
      token->flags |= TOKEN_STOP;
  }

  g_string_free (normalized, TRUE);
  g_hash_table_unref (term_ids);
  g_array_unref (keys);
  g_free (map.slots);
  if (stemmer)
    sb_stemmer_delete (stemmer);
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

static AbridgeDocument *
document_new (const AbridgeEngine *engine, const LanguageResources *resources, const char *text,
              gssize len, AbridgeAnalyzeFlags flags, GError **error)
{
  gsize size = len < 0 ? strlen (text) : (gsize) len;
  if (engine->max_bytes > 0 && size > engine->max_bytes) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE,
                 "input of %" G_GSIZE_FORMAT " bytes is larger than the limit of %" G_GSIZE_FORMAT
                 " bytes", size, engine->max_bytes);
    return NULL;
  }
  if (size >= G_MAXUINT32 / 2) {
    g_set_error (error, ABRIDGE_ERROR, ABRIDGE_ERROR_TOO_LARGE,
                 "input of %" G_GSIZE_FORMAT " bytes is too large for one document", size);
    return NULL;
  }

  AbridgeDocument *doc = g_new0 (AbridgeDocument, 1);
  doc->engine = engine;
  if (!text_prepare (size ? text : "", size, (flags & ABRIDGE_ANALYZE_STRICT) != 0,
                     &doc->prepared, error)) {
    g_free (doc);
    return NULL;
  }
  MarkupText markup = { 0 };
  gboolean has_markup = (flags & (ABRIDGE_ANALYZE_HTML | ABRIDGE_ANALYZE_MARKDOWN)) != 0;
  if (has_markup && !markup_extract (&doc->prepared, flags, &markup, error)) {
    text_prepared_clear (&doc->prepared);
    g_free (doc);
    return NULL;
  }
  if (resources == NULL)
    resources = engine->language == lang_auto ()
                ? engine_resources (engine, detect_language (doc->prepared.text, doc->prepared.len))
                : &engine->detected[0];
  doc->resources = resources;
  doc->sentences = g_array_new (FALSE, FALSE, sizeof (Sentence));
  doc->tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), (guint) (size / 5 + 16));
  doc->words = g_array_new (FALSE, FALSE, sizeof (Word));
  doc->terms = g_array_new (FALSE, FALSE, sizeof (Term));
  doc->strings = g_string_chunk_new (4096);
  doc->title = -1;

  segment_text (doc->prepared.text, doc->prepared.len, resources, doc->sentences, doc->tokens);
  gint markup_title = has_markup ? markup_mark_sentences (&markup, doc->sentences) : -1;
  markup_text_clear (&markup);
  if (!(flags & ABRIDGE_ANALYZE_KEEP_BOILERPLATE))
    boilerplate_mark (doc->prepared.text, doc->sentences, engine->boilerplate);
  else
    for (guint i = 0; i < doc->sentences->len; i++)
      g_array_index (doc->sentences, Sentence, i).flags &= ~(guint) SENTENCE_BOILERPLATE;
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
  g_string_chunk_free (document->strings);
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
