/* abridge.h — public API of libabridge: extractive summaries and ranked keyphrases.
 *
 * Life cycle:
 *   AbridgeEngine   configuration + language resources + optional IDF model. Configure it, then
 *                   share it read-only between any number of threads.
 *   AbridgeDocument one analyzed text (sentences, words, terms); created from an engine, used by
 *                   one thread at a time, freed by the caller.
 *   AbridgeSummary, AbridgeKeywords
 *                   results, read through accessors, freed by the caller.
 *   AbridgeIdf      a corpus model of document frequencies: built, merged, saved, loaded.
 *
 * Strings are UTF-8 with an explicit byte length (-1: NUL-terminated). Offsets are byte offsets
 * into the caller's original buffer. Every failure that input can cause is reported through
 * GError (domain ABRIDGE_ERROR); passing NULL where a handle is required is a programmer error
 * (g_return_val_if_fail).
 */
#ifndef ABRIDGE_H
#define ABRIDGE_H

#include <glib.h>

G_BEGIN_DECLS

#if defined(ABRIDGE_COMPILATION) && defined(__GNUC__)
#define ABRIDGE_API __attribute__((visibility("default")))
#else
#define ABRIDGE_API
#endif

#define ABRIDGE_VERSION_MAJOR 0
#define ABRIDGE_VERSION_MINOR 1
#define ABRIDGE_VERSION_MICRO 0
#define ABRIDGE_VERSION_STRING "0.1.0"

/* abridge_version: the library's version at run time, e.g. "0.1.0". (transfer none) */
ABRIDGE_API const char *abridge_version (void);

/* ---- Errors ---------------------------------------------------------------------------- */

#define ABRIDGE_ERROR (abridge_error_quark ())
ABRIDGE_API GQuark abridge_error_quark (void);

typedef enum {
  ABRIDGE_ERROR_INVALID_UTF8,   /* invalid UTF-8 with ABRIDGE_ANALYZE_STRICT */
  ABRIDGE_ERROR_BINARY,         /* NUL bytes: not text */
  ABRIDGE_ERROR_TOO_LARGE,      /* input above the engine's max_bytes */
  ABRIDGE_ERROR_LANGUAGE,       /* unknown language */
  ABRIDGE_ERROR_IO,             /* a file could not be read or written */
  ABRIDGE_ERROR_MODEL,          /* an IDF model that is corrupt, truncated or incompatible */
  ABRIDGE_ERROR_INVALID_ARGUMENT /* an option out of range */
} AbridgeError;

/* ---- Engine ---------------------------------------------------------------------------- */

typedef struct _AbridgeEngine AbridgeEngine;
typedef struct _AbridgeIdf AbridgeIdf;

/* abridge_engine_new: an engine for @language: a Snowball name ("english"), an ISO 639-1
 * code ("en"), "none" (language-neutral: no stop words, no stemming) or NULL for English.
 * Returns NULL and sets @error (ABRIDGE_ERROR_LANGUAGE) for an unknown language.
 * "auto": the engine holds the resources of every language and each document is analyzed in
 * the language detected in it (abridge_detect_language(); abridge_document_get_language() tells
 * which). abridge_engine_get_language() then returns "auto".
 * (transfer full): free with abridge_engine_free(). */
ABRIDGE_API AbridgeEngine *abridge_engine_new (const char *language, GError **error);

/* abridge_engine_free: frees @engine; NULL is ignored. No document made from it may be used
 * afterwards. */
ABRIDGE_API void abridge_engine_free (AbridgeEngine *engine);

/* Configuration. Setters are not thread-safe: configure the engine before sharing it. */

/* abridge_engine_set_stopwords: replaces (@replace TRUE) or extends the stop list with
 * @words (a NULL-terminated array of UTF-8 words; they are normalized as text is). On an "auto"
 * engine, the list of every language (detection itself keeps the built-in lists). (transfer none) */
ABRIDGE_API void abridge_engine_set_stopwords (AbridgeEngine *engine, const char *const *words,
                                               gboolean replace);

/* abridge_engine_set_idf: uses @idf (may be NULL to go back to in-document IDF) for term
 * weights. The engine takes its own reference: the caller still frees @idf. Returns FALSE and
 * sets @error when the model was built for another language. On an "auto" engine the model
 * weighs only the documents detected in the model's language. */
ABRIDGE_API gboolean abridge_engine_set_idf (AbridgeEngine *engine, AbridgeIdf *idf, GError **error);

/* abridge_engine_set_max_bytes: inputs larger than @max_bytes are refused (ABRIDGE_ERROR_TOO_LARGE).
 * 0 means no limit. Default: 256 MiB. */
ABRIDGE_API void abridge_engine_set_max_bytes (AbridgeEngine *engine, gsize max_bytes);

/* abridge_engine_get_language: the Snowball name of the engine's language ("english", "none").
 * (transfer none) */
ABRIDGE_API const char *abridge_engine_get_language (const AbridgeEngine *engine);

/* abridge_languages: the languages this build supports, as Snowball names, NULL-terminated.
 * (transfer full): free with g_strfreev(). */
ABRIDGE_API char **abridge_languages (void);

/* abridge_language_code: the ISO 639-1 code for a Snowball name ("english" -> "en"), or NULL.
 * "none" and "auto" give themselves. (transfer none) */
ABRIDGE_API const char *abridge_language_code (const char *language);

/* abridge_detect_language: the language of @len bytes of @text (-1: NUL-terminated), as a
 * Snowball name, from its script, the share of each language's stop words among its words and
 * letters peculiar to some alphabets; "none" when the text gives too few signals (short, mixed,
 * or in a language without a stemmer such as Chinese or Japanese). Reads at most the first
 * 20 KiB, and only the first KiB when that already leaves no doubt (one script, many stop words
 * of one language, twice the evidence of any other). Invalid UTF-8 is tolerated. Thread-safe.
 * (transfer none) */
ABRIDGE_API const char *abridge_detect_language (const char *text, gssize len);

/* ---- Documents ------------------------------------------------------------------------- */

typedef struct _AbridgeDocument AbridgeDocument;

typedef enum {
  ABRIDGE_ANALYZE_DEFAULT = 0,
  ABRIDGE_ANALYZE_STRICT = 1 << 0,     /* invalid UTF-8 is an error instead of U+FFFD */
  ABRIDGE_ANALYZE_NO_TITLE = 1 << 1,   /* never treat the first line as a title */
  /* The input is HTML: the text of its content is analyzed (not of script, style, nav,
   * header, footer, aside, forms, menus); block elements end paragraphs; h1-h6 are
   * headings; <title> (else the first h1) is the title. Offsets still refer to the input. */
  ABRIDGE_ANALYZE_HTML = 1 << 2,
  /* The input is CommonMark: headings, lists and block quotes are understood; code blocks
   * and raw HTML blocks are not analyzed. Offsets still refer to the input. */
  ABRIDGE_ANALYZE_MARKDOWN = 1 << 3,
  /* Page furniture (share and cookie notices, bylines, credits, "Related articles", lines
   * repeated in every document of a batch...) stays a summary candidate. */
  ABRIDGE_ANALYZE_KEEP_BOILERPLATE = 1 << 4,
  /* Time each stage of the analysis (abridge_document_get_stage_time()); costs a clock read
   * per stage and two per new word stemmed. */
  ABRIDGE_ANALYZE_TIMINGS = 1 << 5
} AbridgeAnalyzeFlags;

/* The stages of abridge_document_new(), in order. */
typedef enum {
  ABRIDGE_STAGE_PREPARE,    /* size checks, UTF-8 validation and repair, HTML/Markdown text */
  ABRIDGE_STAGE_DETECT,     /* language detection (engines made with "auto") */
  ABRIDGE_STAGE_SEGMENT,    /* paragraphs, sentences and tokens; headings and page furniture */
  ABRIDGE_STAGE_NORMALIZE,  /* distinct words, looked up in the word cache; for new words their
                             * normalized form (NFKC, case folding) and stop flag */
  ABRIDGE_STAGE_STEM,       /* Snowball stemming of the words new to the word cache */
  ABRIDGE_STAGE_WEIGHT,     /* term frequencies, document frequencies and IDF weights; title */
  ABRIDGE_STAGE_COUNT
} AbridgeStage;

/* abridge_stage_name: "prepare", "detect", "segment", "normalize", "stem" or "weight"; NULL
 * for anything else. (transfer none) */
ABRIDGE_API const char *abridge_stage_name (AbridgeStage stage);

typedef enum {
  ABRIDGE_FORMAT_TEXT = 0,
  ABRIDGE_FORMAT_HTML,
  ABRIDGE_FORMAT_MARKDOWN
} AbridgeFormat;

/* abridge_sniff_format: the format of an input from its file name's extension when it has a
 * known one (.html .htm .xhtml; .md .markdown .mdown .mkd; .txt .text), else from its first
 * bytes (@text, @len; -1: NUL-terminated; may be NULL): a doctype or an <html>, <head>,
 * <body>, <p>, <div> tag at the start is HTML; ATX headings, fenced code or Markdown links and
 * lists on several lines are Markdown; anything else is text. @name may be NULL. */
ABRIDGE_API AbridgeFormat abridge_sniff_format (const char *name, const char *text, gssize len);

/* abridge_format_flags: the analyze flag of @format (ABRIDGE_ANALYZE_HTML, _MARKDOWN or 0). */
ABRIDGE_API AbridgeAnalyzeFlags abridge_format_flags (AbridgeFormat format);

/* abridge_document_new: analyzes @len bytes of @text (-1: NUL-terminated): paragraphs,
 * sentences, words, terms. The document keeps its own copy of the text. Thread-safe with
 * respect to @engine (any number of threads may analyze with one engine at once).
 * Fails with ABRIDGE_ERROR_BINARY (NUL bytes), ABRIDGE_ERROR_TOO_LARGE, or, under
 * ABRIDGE_ANALYZE_STRICT, ABRIDGE_ERROR_INVALID_UTF8.
 * (transfer full): free with abridge_document_free(). */
ABRIDGE_API AbridgeDocument *abridge_document_new (const AbridgeEngine *engine, const char *text,
                                                   gssize len, AbridgeAnalyzeFlags flags,
                                                   GError **error);
ABRIDGE_API void abridge_document_free (AbridgeDocument *document);

/* Number of sentences (headings and other units included) and of word tokens. */
ABRIDGE_API guint abridge_document_get_sentence_count (const AbridgeDocument *document);
ABRIDGE_API guint abridge_document_get_word_count (const AbridgeDocument *document);

/* abridge_document_get_sentence: the text of sentence @index with inner whitespace folded to
 * single spaces; @start/@end (may be NULL) receive its byte range in the original input.
 * (transfer full): free with g_free(). */
ABRIDGE_API char *abridge_document_get_sentence (const AbridgeDocument *document, guint index,
                                                 gsize *start, gsize *end);

/* abridge_document_sentence_is_heading: TRUE for a title, heading or other line that is not
 * a sentence of running text (never selected for a summary). */
ABRIDGE_API gboolean abridge_document_sentence_is_heading (const AbridgeDocument *document,
                                                           guint index);

/* abridge_document_sentence_is_boilerplate: TRUE for page furniture (not a summary candidate;
 * see ABRIDGE_ANALYZE_KEEP_BOILERPLATE). Headings and furniture are selected only from a text
 * that has nothing else, where any unit but the title may be. */
ABRIDGE_API gboolean abridge_document_sentence_is_boilerplate (const AbridgeDocument *document,
                                                               guint index);

/* abridge_document_get_sentence_paragraph: the paragraph (block) index of sentence @index;
 * sentences of one paragraph share it, and it grows along the document. */
ABRIDGE_API guint abridge_document_get_sentence_paragraph (const AbridgeDocument *document,
                                                           guint index);

/* abridge_document_get_title_index: index of the document's title unit, or -1. */
ABRIDGE_API gint abridge_document_get_title_index (const AbridgeDocument *document);

/* Invalid UTF-8 sequences that were replaced by U+FFFD, and the byte offset of the first
 * (meaningful when the count is > 0). */
ABRIDGE_API guint abridge_document_get_invalid_count (const AbridgeDocument *document);
ABRIDGE_API gsize abridge_document_get_first_invalid_offset (const AbridgeDocument *document);

/* abridge_document_get_language: Snowball name of the language used. (transfer none) */
ABRIDGE_API const char *abridge_document_get_language (const AbridgeDocument *document);

/* abridge_document_get_stage_time: the nanoseconds (monotonic clock) that @stage of the
 * analysis took, for a document analyzed with ABRIDGE_ANALYZE_TIMINGS; 0 otherwise. The stages
 * add up to about the time abridge_document_new() took. */
ABRIDGE_API gint64 abridge_document_get_stage_time (const AbridgeDocument *document,
                                                    AbridgeStage stage);

/* ---- Summaries ------------------------------------------------------------------------- */

typedef enum {
  ABRIDGE_ORDER_DOCUMENT = 0, /* selected sentences in document order */
  ABRIDGE_ORDER_SCORE         /* best first */
} AbridgeOrder;

typedef struct {
  /* Budget: the first non-zero of sentences, ratio, words decides; all zero: the default
   * length (20% of the candidate sentences, at least 1, at most 7). */
  guint sentences;   /* at most this many sentences */
  double ratio;      /* percentage of candidate sentences, 0 < ratio <= 100 */
  guint words;       /* at most this many words (one sentence is always returned) */
  guint max_chars;   /* additionally: at most this many characters; 0: no limit */
  AbridgeOrder order;
  double diversity;  /* 0..1: weight of the redundancy penalty (MMR); negative: default */
  const char *method;/* NULL or "default": combined; else one scorer by name */
  const char *query; /* optional focus text */
  gboolean explain;  /* keep every scorer's value for abridge_summary_get_components() */
  /* reserved for future options; keep zeroed by abridge_summary_options_init() */
  gpointer reserved[7];
} AbridgeSummaryOptions;

/* abridge_summary_options_init: fills @options with the defaults. */
ABRIDGE_API void abridge_summary_options_init (AbridgeSummaryOptions *options);

/* abridge_summary_methods: names accepted in AbridgeSummaryOptions.method, NULL-terminated.
 * (transfer none) */
ABRIDGE_API const char *const *abridge_summary_methods (void);

typedef struct _AbridgeSummary AbridgeSummary;

/* abridge_summarize: selects sentences of @document. @options may be NULL (defaults).
 * Fails with ABRIDGE_ERROR_INVALID_ARGUMENT for an out-of-range option or unknown method.
 * (transfer full): free with abridge_summary_free(). */
ABRIDGE_API AbridgeSummary *abridge_summarize (const AbridgeDocument *document,
                                               const AbridgeSummaryOptions *options,
                                               GError **error);
ABRIDGE_API void abridge_summary_free (AbridgeSummary *summary);

ABRIDGE_API guint abridge_summary_get_count (const AbridgeSummary *summary);
/* Sentence @i of the summary: folded text (transfer none, valid while @summary lives), its
 * sentence index in the document, byte range in the original input, and score. */
ABRIDGE_API const char *abridge_summary_get_text (const AbridgeSummary *summary, guint i);
ABRIDGE_API guint abridge_summary_get_index (const AbridgeSummary *summary, guint i);
ABRIDGE_API void abridge_summary_get_offsets (const AbridgeSummary *summary, guint i,
                                              gsize *start, gsize *end);
ABRIDGE_API double abridge_summary_get_score (const AbridgeSummary *summary, guint i);

/* abridge_summary_get_sentence_score: the score that the summarizer gave sentence @index of
 * the document (every sentence, selected or not; 0 for headings). */
ABRIDGE_API double abridge_summary_get_sentence_score (const AbridgeSummary *summary, guint index);

/* Why a sentence scored as it did (options->explain). Each scorer's value is in [0, 1]:
 *   tfidf       mean tf-idf weight of its terms, normalized by the document's highest
 *   centrality  its PageRank-style centrality in the graph of sentence similarities
 *   position    lead bias: 1 / sqrt(1 + rank among candidates), +0.25 for a paragraph start
 *   title       cosine similarity to the title (0 without a title)
 *   length      min(1, words / 8), times 40 / words above 40 words
 *   query       cosine similarity to the query (0 without one)
 * total is their weighted sum (abridge_summary_get_formula() gives the weights of the
 * method); selection picks the highest total - redundancy, where redundancy is the diversity
 * times the sentence's highest cosine similarity to the sentences picked before it (for the
 * sentences not picked: to the whole selection). rank is the pick order (1 = first), 0 when not
 * selected; candidate is FALSE for headings and other units that are never selected. */
typedef struct {
  gboolean candidate;
  guint rank;
  double total;
  double tfidf;
  double centrality;
  double position;
  double title;
  double length;
  double query;
  double redundancy;
} AbridgeScoreComponents;

/* abridge_summary_get_components: the score components of sentence @index of the document.
 * Returns FALSE (and leaves @components alone) when the summary was made without
 * options->explain. */
ABRIDGE_API gboolean abridge_summary_get_components (const AbridgeSummary *summary, guint index,
                                                     AbridgeScoreComponents *components);

/* abridge_summary_get_formula: how the total is made of the components, for example
 * "centrality + 0.1*tfidf + 0.02*position". (transfer full): free with g_free(). */
ABRIDGE_API char *abridge_summary_get_formula (const AbridgeSummary *summary);

/* ---- Keywords -------------------------------------------------------------------------- */

typedef struct {
  guint count;        /* how many keyphrases (default 10) */
  guint max_words;    /* longest phrase in words (default 3) */
  gboolean no_dedup;  /* keep near-duplicates */
  const char *method; /* NULL or "default": combined; else one scorer by name */
  gpointer reserved[8];
} AbridgeKeywordOptions;

ABRIDGE_API void abridge_keyword_options_init (AbridgeKeywordOptions *options);
ABRIDGE_API const char *const *abridge_keyword_methods (void);

typedef struct _AbridgeKeywords AbridgeKeywords;

/* abridge_keywords_extract: ranked keyphrases of @document, best first. @options may be NULL.
 * (transfer full): free with abridge_keywords_free(). */
ABRIDGE_API AbridgeKeywords *abridge_keywords_extract (const AbridgeDocument *document,
                                                       const AbridgeKeywordOptions *options,
                                                       GError **error);
ABRIDGE_API void abridge_keywords_free (AbridgeKeywords *keywords);

ABRIDGE_API guint abridge_keywords_get_count (const AbridgeKeywords *keywords);
/* Keyphrase @i: its most frequent surface form (transfer none), its score, its normalized
 * stem key (transfer none), and how often it occurs. */
ABRIDGE_API const char *abridge_keywords_get_text (const AbridgeKeywords *keywords, guint i);
ABRIDGE_API double abridge_keywords_get_score (const AbridgeKeywords *keywords, guint i);
ABRIDGE_API const char *abridge_keywords_get_stem (const AbridgeKeywords *keywords, guint i);
ABRIDGE_API guint abridge_keywords_get_frequency (const AbridgeKeywords *keywords, guint i);
/* Every distinct surface form of keyphrase @i as written in the text, most frequent first (the
 * first is abridge_keywords_get_text()); NULL-terminated. (transfer none) */
ABRIDGE_API const char *const *abridge_keywords_get_forms (const AbridgeKeywords *keywords,
                                                           guint i);
/* abridge_keywords_get_document_frequency: the document frequency behind keyphrase @i's idf:
 * with an IDF model, the number of the model's documents that contain its rarest word, and
 * *@documents (may be NULL) the model's document count; without a model, the number of the
 * document's sentences that contain its rarest word, and *@documents the sentence count.
 * *@idf (may be NULL) receives the mean idf of its words. */
ABRIDGE_API guint64 abridge_keywords_get_document_frequency (const AbridgeKeywords *keywords,
                                                             guint i, guint64 *documents,
                                                             double *idf);
/* Occurrence @j (j < frequency) of keyphrase @i: byte range in the original input. */
ABRIDGE_API void abridge_keywords_get_occurrence (const AbridgeKeywords *keywords, guint i,
                                                  guint j, gsize *start, gsize *end);

/* ---- Furniture repeated across a batch ------------------------------------------------- */

/* Page furniture that no single page gives away (a site's slogan, its newsletter pitch) shows
 * itself by repetition: the same paragraph in many documents of a batch. A counter sees the
 * documents of a batch (a first pass), then teaches an engine the paragraphs that recur, so
 * that the second pass flags them as boilerplate. Not thread-safe for one counter. */
typedef struct _AbridgeRepeatCounter AbridgeRepeatCounter;

ABRIDGE_API AbridgeRepeatCounter *abridge_repeat_counter_new (void);
ABRIDGE_API void abridge_repeat_counter_free (AbridgeRepeatCounter *counter);
/* abridge_repeat_counter_add: counts each distinct paragraph of @document once (paragraphs are
 * compared with whitespace folded and case folded). */
ABRIDGE_API void abridge_repeat_counter_add (AbridgeRepeatCounter *counter,
                                             const AbridgeDocument *document);
/* abridge_repeat_counter_apply: adds to @engine's known furniture every paragraph that occurs
 * in at least 3 of the counted documents and in at least 30% of them; returns how many. Like
 * the other setters, call it before sharing the engine between threads. */
ABRIDGE_API guint abridge_repeat_counter_apply (const AbridgeRepeatCounter *counter,
                                                AbridgeEngine *engine);

/* ---- Rendering ------------------------------------------------------------------------- */

typedef enum {
  ABRIDGE_RENDER_HTML = 0, /* a standalone HTML5 page (UTF-8) with an embedded stylesheet */
  ABRIDGE_RENDER_ANSI      /* the text as laid out, with ANSI SGR colours for a terminal */
} AbridgeRenderFormat;

/* abridge_render: the whole analyzed text of @document (for HTML and Markdown input, the text
 * extracted from the markup) with the sentences of @summary and the occurrences of @keywords
 * marked; either may be NULL. HTML: headings become h1 (the title) or h2, paragraphs p;
 * summary sentences are <mark class="abridge-summary" data-sentence="INDEX">, keyphrase
 * occurrences <mark class="abridge-keyphrase abridge-kpN" data-keyphrase="RANK"> (N: a colour
 * by rank), each with its scores in a title tooltip (score components when the summary was
 * made with options->explain); page furniture has class "abridge-boilerplate" and is shown
 * dimmed; a legend lists the keyphrases. Every character of the text is escaped. ANSI:
 * summary sentences bold yellow, keyphrases underlined cyan, headings bold, furniture dim;
 * control characters of the text (ESC included) are shown as U+FFFD. Where occurrences of two
 * keyphrases overlap, the higher-ranked one is marked. Fails with
 * ABRIDGE_ERROR_INVALID_ARGUMENT when @summary or @keywords was not made from @document.
 * (transfer full): free with g_free(). */
ABRIDGE_API char *abridge_render (const AbridgeDocument *document, const AbridgeSummary *summary,
                                  const AbridgeKeywords *keywords, AbridgeRenderFormat format,
                                  GError **error);

/* ---- IDF models ------------------------------------------------------------------------ */

/* abridge_idf_new: an empty model for @engine's language and normalization.
 * (transfer full): free with abridge_idf_free(). */
ABRIDGE_API AbridgeIdf *abridge_idf_new (const AbridgeEngine *engine);
ABRIDGE_API void abridge_idf_free (AbridgeIdf *idf);

/* abridge_idf_add_document: counts each distinct term of @document once. Not thread-safe for
 * one @idf. The document must come from an engine of the same language. */
ABRIDGE_API gboolean abridge_idf_add_document (AbridgeIdf *idf, const AbridgeDocument *document,
                                               GError **error);

/* abridge_idf_add_text: analyzes @text (@len bytes, -1: NUL-terminated) with @engine and
 * @flags and counts each of its distinct terms once: the same model as abridge_document_new()
 * then abridge_idf_add_document(), with the same errors, at a fraction of the cost (no
 * document is made). Not thread-safe for one @idf; one @engine may serve several threads, each
 * counting into its own model (abridge_idf_merge() adds them up). */
ABRIDGE_API gboolean abridge_idf_add_text (AbridgeIdf *idf, const AbridgeEngine *engine,
                                           const char *text, gssize len,
                                           AbridgeAnalyzeFlags flags, GError **error);

/* abridge_idf_merge: adds the counts of @other (same language) to @idf. */
ABRIDGE_API gboolean abridge_idf_merge (AbridgeIdf *idf, const AbridgeIdf *other, GError **error);

/* abridge_idf_prune: drops terms with document frequency below @min_df, then keeps the
 * @max_terms most frequent (0: no limit; ties by term bytes). */
ABRIDGE_API void abridge_idf_prune (AbridgeIdf *idf, guint64 min_df, guint64 max_terms);

ABRIDGE_API gboolean abridge_idf_save (const AbridgeIdf *idf, const char *path, GError **error);
/* abridge_idf_load: reads a model written by abridge_idf_save(); a corrupt, truncated or
 * foreign file fails with ABRIDGE_ERROR_MODEL. (transfer full) */
ABRIDGE_API AbridgeIdf *abridge_idf_load (const char *path, GError **error);

ABRIDGE_API guint64 abridge_idf_get_document_count (const AbridgeIdf *idf);
ABRIDGE_API guint64 abridge_idf_get_term_count (const AbridgeIdf *idf);
/* Snowball name of the model's language. (transfer none) */
ABRIDGE_API const char *abridge_idf_get_language (const AbridgeIdf *idf);
/* Document frequency of a normalized, stemmed @term (0 when absent). */
ABRIDGE_API guint64 abridge_idf_get_df (const AbridgeIdf *idf, const char *term);
/* abridge_idf_get_term: term @i in byte order and its document frequency.
 * (transfer full): free with g_free(). */
ABRIDGE_API char *abridge_idf_get_term (const AbridgeIdf *idf, guint64 i, guint64 *df);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbridgeEngine, abridge_engine_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbridgeDocument, abridge_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbridgeSummary, abridge_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbridgeKeywords, abridge_keywords_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbridgeIdf, abridge_idf_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbridgeRepeatCounter, abridge_repeat_counter_free)

G_END_DECLS

#endif /* ABRIDGE_H */
