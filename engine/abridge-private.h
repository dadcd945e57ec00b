/* abridge-private.h — the engine's internal types, shared by the stages in engine/.
 * Pipeline, in file order: text.c (bytes -> valid UTF-8 + offset map), lang.c (language
 * resources), segment.c (paragraphs, sentences, word tokens), document.c (terms, stems,
 * weights), summarize.c, keywords.c, idf.c. White-box tests may include this header. */
#ifndef ABRIDGE_PRIVATE_H
#define ABRIDGE_PRIVATE_H

#include "abridge.h"

/* ---- text.c ---------------------------------------------------------------------------- */

/* Where the working text's bytes differ in position from the input's (a BOM that was
 * skipped, an invalid byte replaced by the 3-byte U+FFFD): from work offset @work on,
 * original offset = work offset + @delta. */
typedef struct {
  gsize work;
  gssize delta;
} OffsetShift;

typedef struct {
  char *text;          /* valid UTF-8, NUL-terminated; owned */
  gsize len;
  GArray *shifts;      /* OffsetShift, ascending; NULL when offsets are identical */
  guint invalid_count;
  gsize first_invalid; /* original byte offset */
} PreparedText;

gboolean text_prepare (const char *input, gsize len, gboolean strict, PreparedText *out,
                       GError **error);
void text_prepared_clear (PreparedText *prepared);
gsize text_original_offset (const PreparedText *prepared, gsize work_offset);
/* The original offset that ends a range ending at @work_end (exclusive). */
gsize text_original_end (const PreparedText *prepared, gsize work_end);

/* Normalizes one token to NFKC + case fold, typographic apostrophes to "'", appending to @out.
 * ASCII tokens take a fast path. */
void text_normalize_token (const char *token, gsize len, GString *out);

/* [p, end) with whitespace runs (ASCII and Unicode spaces) folded to one space and leading
 * and trailing whitespace dropped. (transfer full) */
char *text_fold_spaces (const char *p, const char *end);

/* text_fold_spaces() into @out, which has room for end - p + 1 bytes (the result, NUL and
 * what the copy writes past it); returns the result's length. */
gsize text_fold_spaces_to (const char *p, const char *end, char *out);

/* g_utf8_casefold() with a fast path for ASCII: the same result. (transfer full) */
char *text_casefold (const char *p, gssize len);

/* Character classes used by segmentation. */
gboolean text_is_lower_start (const char *p, const char *end);
gboolean text_is_upper_start (const char *p, const char *end);

/* ---- abridge-data.c (engine/data/embed.py) --------------------------------------------- */

/* The bytes of the language data file @name, a path under engine/data/
 * ("stopwords/english.txt"), compiled into the library; NULL when there is none. Its size in
 * *@size. */
const char *data_file (const char *name, gsize *size);

/* ---- lang.c ---------------------------------------------------------------------------- */

typedef enum {
  ABBREV_NONE = 0,
  ABBREV_INNER = 1,   /* never ends a sentence (Mr, Dr) */
  ABBREV_MAY_END = 2  /* often ends a sentence (etc, Inc, U.S) */
} AbbrevKind;

typedef enum {
  /* Articles and pronouns are elided before a vowel and written with an apostrophe
   * (French l'homme, Italian dell'anno): the tokenizer splits them off. */
  LANGUAGE_ELISION = 1 << 0,
  /* Ordinal numbers are written with a period ("am 3. Oktober"): "<digits>. <Word>" is not a
   * sentence end unless <Word> is a stop word. */
  LANGUAGE_ORDINAL_PERIOD = 1 << 1
} LanguageFlags;

typedef struct {
  const char *name;   /* Snowball name, "none", or "auto" */
  const char *code;   /* ISO 639-1 */
  guint flags;        /* LanguageFlags */
  const char *const *elisions; /* LANGUAGE_ELISION: the elided words, lowercase, NULL-terminated */
} LanguageInfo;

/* A Snowball name or ISO code ("auto" excluded), NULL for English. NULL when unknown. */
const LanguageInfo *lang_lookup (const char *name_or_code);
const LanguageInfo *lang_none (void);
/* The pseudo-language of engines that detect each document's language. */
const LanguageInfo *lang_auto (void);
/* The languages of the table with a stemmer in this build, "none" excluded, in table order:
 * *@count entries. (transfer none) */
const LanguageInfo *const *lang_all (guint *count);
GHashTable *lang_load_stopwords (const char *name);   /* normalized word -> itself */
/* Calls @func with each word of the language's shipped stop list (not NUL-terminated). */
typedef void (*LangWordFunc) (const char *word, gsize len, gpointer data);
void lang_for_each_stopword (const char *name, LangWordFunc func, gpointer data);
GHashTable *lang_load_abbrevs (const char *name);     /* lowercase, no final '.' -> AbbrevKind */
gboolean lang_has_stemmer (const char *name);
/* Is the lowercase ASCII/UTF-8 word [@word, @word+@len) a word that @language elides? */
gboolean lang_is_elision (const LanguageInfo *language, const char *word, gsize len);

typedef struct _WordCacheHome WordCacheHome;

/* What segmentation and analysis need of one language. */
typedef struct {
  const LanguageInfo *language;
  GHashTable *stopwords;
  GHashTable *abbrevs;
  gsize loaded;           /* the lists are loaded (auto engines load them when first needed) */
  WordCacheHome *words;   /* document.c's word cache of the language, shared by threads */
} LanguageResources;

/* ---- detect.c -------------------------------------------------------------------------- */

/* Bytes of a text that detection reads at most (the start of the text). */
#define DETECT_SAMPLE_BYTES (20 * 1024)

/* The language of @text (valid or invalid UTF-8; only the first DETECT_SAMPLE_BYTES are read):
 * a language of lang_all(), or lang_none() when the text has too few signals. Thread-safe. */
const LanguageInfo *detect_language (const char *text, gsize len);

/* ---- markup.c ------------------------------------------------------------------------- */

typedef enum {
  MARKUP_HEADING = 1 << 0,    /* h1-h6, a Markdown heading, <title> */
  MARKUP_TITLE = 1 << 1,      /* the document's title */
  MARKUP_FURNITURE = 1 << 2   /* inside page furniture (by class, id or role) */
} MarkupFlags;

/* A paragraph of the extracted text: [start, end) work offsets of the analyzed text. */
typedef struct {
  gsize start, end;
  guint flags;                /* MarkupFlags */
  guint chars, link_chars;    /* characters of text, of which inside links */
} MarkupBlock;

typedef struct {
  char *text;                 /* the extracted text (consumed by markup_extract) */
  GArray *runs;               /* internal: plain -> source alignment */
  GArray *blocks;             /* MarkupBlock, in order */
  gint title_block;
} MarkupText;

/* Replaces @prepared's text by the text of its HTML or Markdown (by @flags) content, with the
 * offset map composed so that offsets still refer to the input; @out receives the blocks. */
gboolean markup_extract (PreparedText *prepared, AbridgeAnalyzeFlags flags, MarkupText *out,
                         GError **error);
void markup_text_clear (MarkupText *markup);
/* Flags the sentences of markup headings and (with @furniture) of furniture blocks; returns
 * the title's sentence index or -1. */
gint markup_mark_sentences (const MarkupText *markup, GArray *sentences, gboolean furniture);

/* The words (runs of bytes that g_ascii_isspace() does not accept) in [@p, @end), counted up
 * to @limit: the result is at most @limit. */
guint markup_count_words (const char *p, const char *end, guint limit);

/* Flags the sentences of @text that are page furniture by their wording and shape: bylines,
 * credits, share/follow/subscribe prompts, cookie notices, copyright lines. */
void boilerplate_mark (const char *text, GArray *sentences, GHashTable *known);

/* Furniture carries no terms: its tokens stop counting for weights and keyphrases. */
void boilerplate_drop_terms (AbridgeDocument *doc);

/* ---- engine ---------------------------------------------------------------------------- */

struct _AbridgeEngine {
  const LanguageInfo *language; /* the engine's language, or lang_auto() */
  GHashTable *stopwords;        /* that language's stop words (auto engines: those of "none",
                                 * that is only the words added by abridge_engine_set_stopwords) */
  GHashTable *abbrevs;
  AbridgeIdf *idf;     /* optional, a reference */
  gsize max_bytes;
  /* Auto engines: the resources of every language detection can return, "none" included
   * (its stopwords and abbrevs are the two tables above); NULL for a fixed language. */
  LanguageResources *detected;
  guint detected_count;
  GHashTable *boilerplate;      /* paragraph keys (markup_paragraph_key) of known furniture */
};

/* The resources an engine uses for @language (the engine's own for a fixed engine). */
const LanguageResources *engine_resources (const AbridgeEngine *engine,
                                           const LanguageInfo *language);

/* ---- segment.c ------------------------------------------------------------------------- */

typedef enum {
  SENTENCE_HEADING = 1 << 0,    /* title, heading, list label: not a summary candidate */
  SENTENCE_PARAGRAPH_START = 1 << 1,
  SENTENCE_BOILERPLATE = 1 << 2, /* page furniture: never a summary candidate, no terms */
  SENTENCE_NOT_CANDIDATE = SENTENCE_HEADING | SENTENCE_BOILERPLATE
} SentenceFlags;

typedef struct {
  guint start, end;        /* work offsets */
  guint first_token, token_count;
  guint paragraph;
  guint flags;
} Sentence;

typedef enum {
  TOKEN_WORD = 0,
  TOKEN_NUMBER = 1,        /* no letters */
  TOKEN_URL = 2,           /* URL, e-mail address, @handle */
} TokenKind;

typedef enum {
  TOKEN_STOP = 1 << 0,
  TOKEN_CAPITALIZED = 1 << 1,
  TOKEN_ALL_CAPS = 1 << 2,
  TOKEN_JOINED = 1 << 3,   /* only spaces (no punctuation) separate it from the previous token */
  /* Two adjacent characters of a script written without spaces (Chinese, Japanese, Thai): the
   * token overlaps the next one by one character ("东京是" -> 东京, 京是). A character alone
   * between punctuation is a one-character token without this flag. */
  TOKEN_BIGRAM = 1 << 4,
  /* An elided word with its apostrophe, split from the next word (French l', Italian dell'). */
  TOKEN_ELIDED = 1 << 5
} TokenFlags;

typedef struct {
  guint start, end;        /* work offsets of the token's bytes */
  guint word;              /* index into the document's distinct words */
  guint term;              /* term id (stem), or G_MAXUINT for stop words and URLs */
  guint8 kind;
  guint8 flags;
} Token;

/* Splits @text into sentences (appended to @sentences) and word tokens (to @tokens; only
 * start, end, kind, and the CAPITALIZED/ALL_CAPS/JOINED/BIGRAM/ELIDED flags are set), with the
 * abbreviations, stop words and rules (elision, ordinals) of @resources. */
void segment_text (const char *text, gsize len, const LanguageResources *resources,
                   GArray *sentences, GArray *tokens);

/* ---- document.c ------------------------------------------------------------------------ */

typedef struct {
  const char *normalized;  /* in the document's strings */
  guint term;              /* G_MAXUINT: stop word or not a term */
  guint8 stop;
} Word;

typedef struct {
  const char *stem;        /* in the document's strings */
  guint frequency;         /* occurrences in the document */
  guint sentence_df;       /* sentences containing it */
  guint first_sentence;
  guint64 df;              /* document frequency behind idf: in the model, or sentence_df */
  double idf;              /* from the engine's model or the document's sentences */
} Term;

struct _AbridgeDocument {
  const AbridgeEngine *engine;
  const LanguageResources *resources; /* the language used (detected for an auto engine) */
  PreparedText prepared;
  GArray *sentences;       /* Sentence */
  GArray *tokens;          /* Token */
  GArray *words;           /* Word */
  GArray *terms;           /* Term */
  char *strings;           /* the words' and terms' strings, one block */
  gint title;
  guint candidate_count;   /* sentences that are not headings */
  guint64 df_documents;    /* the n of idf: the model's documents, or the sentence count */
  gint64 stage_ns[ABRIDGE_STAGE_COUNT]; /* ABRIDGE_ANALYZE_TIMINGS */
};

/* IDF weight for a term with document frequency @df among @n documents:
 * idf = ln((1 + n) / (1 + df)) + 1 (smoothed, as scikit-learn). */
double document_idf (guint64 df, guint64 n);

/* Analyzes @text like abridge_document_new() but in the language of @like (no detection):
 * for texts that are compared with @like, such as a query. */
AbridgeDocument *document_new_like (const AbridgeDocument *like, const char *text, gssize len,
                                    AbridgeAnalyzeFlags flags, GError **error);

/* The folded text of sentence @index (inner whitespace runs become one space). */
char *document_sentence_text (const AbridgeDocument *document, guint index);

/* ---- idf.c ----------------------------------------------------------------------------- */

/* abridge_idf_add_text (document.c) counts through these. idf_begin_document: checks (and, for
 * an empty auto model, sets) the language as abridge_idf_add_document does. idf_stem_counter:
 * the counter of stem @stem of the word cache of generation @generation, whose bytes are
 * [@bytes, @bytes+@len) (looked up by bytes once per stem and generation). */
gboolean idf_begin_document (AbridgeIdf *idf, const char *language, GError **error);
guint64 *idf_stem_counter (AbridgeIdf *idf, guint64 generation, guint32 stem, const char *bytes,
                           gsize len);
void idf_end_document (AbridgeIdf *idf);
/* A hint: idf_stem_counter (@idf, @generation, @stem, ...) will be asked for soon. */
void idf_prefetch_counter (const AbridgeIdf *idf, guint64 generation, guint32 stem);

/* ---- keywords.c ------------------------------------------------------------------------ */

/* The *@count occurrences of keyphrase @i as work offsets (start, end pairs of guint).
 * (transfer none) */
const guint *keywords_work_occurrences (const AbridgeKeywords *keywords, guint i, guint *count);

/* ---- idf.c ----------------------------------------------------------------------------- */

AbridgeIdf *idf_ref (AbridgeIdf *idf);

#endif
