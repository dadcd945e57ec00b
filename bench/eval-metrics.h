/* eval-metrics.h — the metrics of docs/EVAL.md (../shared/docs/EVAL.md), shared by
 * abridge-eval-summaries, abridge-eval-keyphrases and their unit test.
 *
 * Every function reproduces the reference scorer (../shared/tools/eval/score.py + common.py)
 * exactly, including its text handling:
 *   - files are read as Python's open(path, encoding="utf-8", errors="replace").read() does:
 *     invalid UTF-8 becomes U+FFFD (one per maximal ill-formed subpart) and "\r\n" / "\r" become
 *     "\n" (universal newlines);
 *   - "whitespace" is Python's str.isspace() (also re's \s), "word character" is re's \w;
 *   - English stemming is NLTK's PorterStemmer in its default NLTK_EXTENSIONS mode (ported
 *     here, see eval_porter_stem()), other languages use libstemmer's Snowball stemmers.
 * All strings are UTF-8 (valid: pass file contents through eval_decode_text() first).
 */
#ifndef EVAL_METRICS_H
#define EVAL_METRICS_H

#include <glib.h>

G_BEGIN_DECLS

/* ---- Text as Python sees it ------------------------------------------------------------ */

/* eval_decode_text: @len bytes of @bytes (-1: NUL-terminated) decoded like Python's
 * bytes.decode("utf-8", "replace") followed by universal-newline translation. NUL bytes are
 * kept as they are (so the result may hold NULs before its end; @out_len receives the length).
 * (transfer full) */
char *eval_decode_text (const char *bytes, gssize len, gsize *out_len);

/* eval_read_text: reads @path and decodes it with eval_decode_text(). (transfer full) */
char *eval_read_text (const char *path, gsize *out_len, GError **error);

/* eval_unichar_isspace: Python's str.isspace() for one character (also re's \s). */
gboolean eval_unichar_isspace (gunichar c);

/* eval_unichar_isword: Python re's \w for str patterns: letters, numeric characters, '_'. */
gboolean eval_unichar_isword (gunichar c);

/* eval_lower: Python's str.lower() (full Unicode lowercasing, with its Final_Sigma rule).
 * (transfer full) */
char *eval_lower (const char *s);

/* eval_strip: @s without leading and trailing Python whitespace (str.strip()). (transfer full) */
char *eval_strip (const char *s, gssize len);

/* ---- Stemming -------------------------------------------------------------------------- */

/* eval_porter_stem: NLTK's PorterStemmer().stem(@word) (NLTK_EXTENSIONS mode, lowercasing).
 * (transfer full) */
char *eval_porter_stem (const char *word);

typedef struct _EvalStemmer EvalStemmer;

/* eval_stemmer_new: the stemmer score.py's stemmer_for(@language) returns: NLTK Porter for
 * "english" (and NULL/empty), Snowball (libstemmer) for the other languages NLTK's
 * SnowballStemmer knows, identity for anything else. Not thread-safe. */
EvalStemmer *eval_stemmer_new (const char *language);
void eval_stemmer_free (EvalStemmer *stemmer);
/* eval_stemmer_stem: stem of one lowercase word. (transfer full) */
char *eval_stemmer_stem (EvalStemmer *stemmer, const char *word);
/* eval_stemmer_describe: e.g. "NLTK Porter", "Snowball french", "identity". (transfer none) */
const char *eval_stemmer_describe (const EvalStemmer *stemmer);

/* ---- ROUGE ----------------------------------------------------------------------------- */

/* eval_rouge_tokens: rouge-score tokens of @text: lowercase, every run of characters outside
 * [a-z0-9] is a separator, tokens longer than 3 characters Porter-stemmed. The array holds
 * strings interned by this module (equal tokens are the same pointer; never free them).
 * Thread-safe. (transfer container) */
GPtrArray *eval_rouge_tokens (const char *text);

/* eval_rouge_n: ROUGE-N F1 in [0, 1] of candidate tokens @cand against reference tokens @ref
 * (arrays from eval_rouge_tokens()): n-gram counts, overlap clipped to the smaller count;
 * 0 when either side has no n-gram or nothing overlaps. */
double eval_rouge_n (const GPtrArray *cand, const GPtrArray *ref, guint n);

/* ---- Sentence F1 ----------------------------------------------------------------------- */

/* eval_split_sentences: common.py's split_sentences(): the rule-based splitter that defines
 * the gold sentences. (transfer full): a GPtrArray of g_free()d strings. */
GPtrArray *eval_split_sentences (const char *text);

typedef struct {
  double precision_sum; /* sum over documents of per-document precision */
  double recall_sum;    /* sum over documents of per-document recall */
  guint docs;
} EvalSentenceScore;

/* eval_sentence_score_add: adds one document. @sentences: the article body split by
 * eval_split_sentences(); a sentence (longer than one character) is gold when it occurs in
 * @reference, chosen when it occurs in @candidate (the selected sentences' texts joined by
 * "\n"). Precision is 0 when nothing is chosen, recall 0 when nothing is gold. */
void eval_sentence_score_add (EvalSentenceScore *acc, const GPtrArray *sentences,
                              const char *reference, const char *candidate);
/* eval_sentence_score_get: averaged precision and recall, F1 of the averages (all in [0, 1]). */
void eval_sentence_score_get (const EvalSentenceScore *acc, double *precision, double *recall,
                              double *f1);

/* ---- Keyphrases ------------------------------------------------------------------------ */

/* eval_norm_phrase: lowercase, split into \w+ words, stem each, join with single spaces.
 * (transfer full) */
char *eval_norm_phrase (EvalStemmer *stemmer, const char *phrase);

typedef struct {
  double p[2], r[2], f[2]; /* sums over documents; [0]: at 5, [1]: at 10 */
  guint docs;
  guint64 gold_present;    /* gold keys (normalised) found in the normalised text */
  guint64 gold_total;
} EvalKeyScore;

/* eval_key_score_add: adds one document: @gold (@n_gold keys as read from the .key file) and
 * @predicted (@n_predicted keyphrases, best first). @text (may be NULL: not counted) is the
 * document, for the share of gold keys present in it. Returns FALSE (and counts nothing) when
 * no gold key survives normalisation, as score.py skips such documents. */
gboolean eval_key_score_add (EvalKeyScore *acc, EvalStemmer *stemmer, const char *text,
                             const char *const *gold, guint n_gold,
                             const char *const *predicted, guint n_predicted);

/* Averages of the sums (in [0, 1]); 0 without documents. k is 5 or 10. */
double eval_key_score_precision (const EvalKeyScore *acc, guint k);
double eval_key_score_recall (const EvalKeyScore *acc, guint k);
double eval_key_score_f1 (const EvalKeyScore *acc, guint k);

/* ---- Small shared helpers -------------------------------------------------------------- */

/* eval_read_lines: the non-empty stripped lines of @text ("\n"-separated, decoded).
 * (transfer full): NULL-terminated, g_strfreev(). */
char **eval_read_lines (const char *text);

/* eval_list_dir: sorted (byte order) names in @dir, hidden ones included or not; NULL and
 * @error when @dir cannot be read. (transfer full): g_strfreev(). */
char **eval_list_dir (const char *dir, gboolean hidden, GError **error);

/* eval_find_data: the data folder to use: @given when not NULL, else @relative (to the current
 * directory) when it exists, else @relative resolved against @source_root (the source tree's
 * root, may be NULL). Returns NULL, with the path that was looked for in *@looked_for, when the
 * folder lacks @marker (a file or folder name inside it). (transfer full) */
char *eval_find_data (const char *given, const char *relative, const char *source_root,
                      const char *marker, char **looked_for);

/* eval_write_file: writes @text to @path, creating the parent folders. */
gboolean eval_write_file (const char *path, const char *text, GError **error);

G_END_DECLS

#endif /* EVAL_METRICS_H */
