/* test-eval-metrics.c — unit tests of the evaluation metrics (bench/eval-metrics.c) on small
 * cases computed by hand. The expected values agree with the reference scorer
 * (../shared/tools/eval/common.py, score.py). */
#include <stdarg.h>
#include <string.h>

#include "eval-metrics.h"

#define EPS 1e-12

static GPtrArray *
tokens (const char *text)
{
  return eval_rouge_tokens (text);
}

static void
assert_tokens (const char *text, const char *expected)
{
  GPtrArray *t = tokens (text);
  GString *joined = g_string_new (NULL);
  for (guint i = 0; i < t->len; i++)
    g_string_append_printf (joined, "%s%s", i ? " " : "", (const char *) t->pdata[i]);
  g_assert_cmpstr (joined->str, ==, expected);
  g_string_free (joined, TRUE);
  g_ptr_array_unref (t);
}

static void
test_rouge_tokens (void)
{
  /* Lowercase; everything outside [a-z0-9] separates; tokens longer than 3 characters are
   * Porter-stemmed (running -> run, shoes -> shoe); non-ASCII letters separate too. */
  assert_tokens ("Running-shoes, U.S.A. 2004's caf\xc3\xa9 na\xc3\xafve",
                 "run shoe u s a 2004 s caf na ve");
  assert_tokens ("", "");
  assert_tokens ("  ...  ", "");
  /* U+0130 lowercases to "i" + U+0307 (a separator); the Kelvin sign to "k". */
  assert_tokens ("x\xc4\xb0y \xe2\x84\xaa" "elvin", "xi y kelvin");
}

static void
test_rouge_n (void)
{
  GPtrArray *c = tokens ("the cat sat on the mat");
  GPtrArray *r = tokens ("the cat lay on the mat");
  /* Unigrams: cand {the:2, cat, sat, on, mat} (6), ref {the:2, cat, lay, on, mat} (6).
   * Overlap = 2 (the) + 1 (cat) + 1 (on) + 1 (mat) = 5; P = R = 5/6; F1 = 5/6. */
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (c, r, 1), 5.0 / 6.0, EPS);
  /* Bigrams: cand {the cat, cat sat, sat on, on the, the mat} (5), ref {the cat, cat lay,
   * lay on, on the, the mat} (5). Overlap = 3 (the cat, on the, the mat); F1 = 3/5. */
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (c, r, 2), 0.6, EPS);
  /* Identical: 1. */
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (c, c, 1), 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (c, c, 2), 1.0, EPS);
  g_ptr_array_unref (c);
  g_ptr_array_unref (r);

  /* Clipping: cand "the the the the" {the:4}, ref "the cat" {the:1, cat:1}. The overlap is
   * min(4, 1) = 1, not 4: P = 1/4, R = 1/2, F1 = 2 (1/8) / (3/4) = 1/3. Bigrams: cand
   * {the the: 3}, ref {the cat}: no overlap, 0. */
  c = tokens ("the the the the");
  r = tokens ("the cat");
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (c, r, 1), 1.0 / 3.0, EPS);
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (c, r, 2), 0.0, EPS);
  g_ptr_array_unref (c);
  g_ptr_array_unref (r);

  /* Stemming makes forms match: "networks" / "network" both -> "network". Unigrams: cand
   * {neural, network}, ref {neural, network, are, fun}: overlap 2, P = 1, R = 1/2, F1 = 2/3. */
  c = tokens ("Neural networks");
  r = tokens ("neural network are fun");
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (c, r, 1), 2.0 / 3.0, EPS);
  g_ptr_array_unref (c);
  g_ptr_array_unref (r);

  /* Empty sides and too short sequences: 0. */
  c = tokens ("");
  r = tokens ("word");
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (c, r, 1), 0.0, EPS);
  g_assert_cmpfloat_with_epsilon (eval_rouge_n (r, r, 2), 0.0, EPS); /* no bigram at all */
  g_ptr_array_unref (c);
  g_ptr_array_unref (r);
}

static void
test_porter (void)
{
  /* NLTK's PorterStemmer (NLTK_EXTENSIONS) outputs. */
  static const char *const cases[][2] = {
    { "dying", "die" },         { "skies", "sky" },           { "aged", "age" },
    { "ageing", "age" },        { "happy", "happi" },         { "enjoy", "enjoy" },
    { "relational", "relat" },  { "conditional", "condit" },  { "hopefulness", "hope" },
    { "generalization", "gener" }, { "controlling", "control" }, { "agreed", "agre" },
    { "feed", "feed" },         { "news", "news" },           { "flies", "fli" },
    { "dies", "die" },          { "spied", "spi" },           { "died", "die" },
    { "abbey", "abbey" },       { "alley", "alley" },         { "allegorically", "allegor" },
    { "archaeology", "archaeolog" }, { "geology", "geolog" }, { "running", "run" },
    { "caresses", "caress" },   { "ponies", "poni" },         { "fully", "fulli" },
    { "is", "is" },             { "Running", "run" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    char *s = eval_porter_stem (cases[i][0]);
    g_assert_cmpstr (s, ==, cases[i][1]);
    g_free (s);
  }
}

static GPtrArray *
strings (const char *first, ...)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (g_free);
  va_list ap;
  va_start (ap, first);
  for (const char *s = first; s; s = va_arg (ap, const char *))
    g_ptr_array_add (a, g_strdup (s));
  va_end (ap);
  return a;
}

static void
assert_split (const char *text, GPtrArray *expected)
{
  GPtrArray *got = eval_split_sentences (text);
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpstr (g_ptr_array_index (got, i), ==, g_ptr_array_index (expected, i));
  g_ptr_array_unref (got);
  g_ptr_array_unref (expected);
}

static void
test_split_sentences (void)
{
  /* Abbreviations ("Mr", "U.S") and single letters ("J") do not end sentences; "p.m" does;
   * closing quotes stay with their sentence; a boundary needs a capital, digit, accented
   * capital or an opening quote/parenthesis followed by one; lines are paragraphs. */
  assert_split ("Mr. Smith went to Washington. He arrived at 5 p.m. Then he left.\n\n"
                "  He said \"Stop.\" Then U.S. officials met J. Smith in 2004. 5 people came. "
                "x. lower case? (Yes!) \xe2\x80\x9cQuoted.\xe2\x80\x9d \xc3\x89tienne wins.",
                strings ("Mr. Smith went to Washington.", "He arrived at 5 p.m.", "Then he left.",
                         "He said \"Stop.\"", "Then U.S. officials met J. Smith in 2004.",
                         "5 people came. x. lower case?", "(Yes!)",
                         "\xe2\x80\x9cQuoted.\xe2\x80\x9d", "\xc3\x89tienne wins.", NULL));
  assert_split ("", strings (NULL, NULL));
  assert_split ("\n \n\t\n", strings (NULL, NULL));
  assert_split ("One line\nsecond line", strings ("One line", "second line", NULL));
}

static void
test_sentence_f1 (void)
{
  EvalSentenceScore acc = { 0 };
  /* A: gold {0, 2} (the reference concatenates sentences without separators, out of order),
   * chosen {0}: P = 1, R = 1/2. */
  GPtrArray *s = strings ("First one.", "Second one.", "Third one.", NULL);
  eval_sentence_score_add (&acc, s, "Third one.First one.", "First one.");
  g_ptr_array_unref (s);
  /* B: gold {1}, chosen {0, 1}: P = 1/2, R = 1. The one-character sentence "A" never counts
   * (neither gold nor chosen although it occurs in both strings). */
  s = strings ("Alpha beta.", "Gamma delta.", "A", NULL);
  eval_sentence_score_add (&acc, s, "Gamma delta. A", "Alpha beta.\nGamma delta.\nA");
  g_ptr_array_unref (s);
  /* C: gold {0, 1, 2}, chosen {0}: P = 1, R = 1/3. */
  s = strings ("One here.", "Two here.", "Three here.", NULL);
  eval_sentence_score_add (&acc, s, "Two here.Three here.One here.", "One here.");
  g_ptr_array_unref (s);
  /* D: nothing gold, nothing chosen: P = 0, R = 0 (still counted). */
  s = strings ("Nothing matches.", NULL);
  eval_sentence_score_add (&acc, s, "Something else.", "");
  g_ptr_array_unref (s);

  /* Averages: P = (1 + 1/2 + 1 + 0) / 4 = 5/8, R = (1/2 + 1 + 1/3 + 0) / 4 = 11/24.
   * F1 of the averages = 2 (5/8)(11/24) / (5/8 + 11/24) = (55/96) / (13/12) = 55/104
   * (the mean of per-article F1s would be (2/3 + 2/3 + 1/2 + 0) / 4 = 11/24 instead). */
  double p, r, f;
  eval_sentence_score_get (&acc, &p, &r, &f);
  g_assert_cmpuint (acc.docs, ==, 4);
  g_assert_cmpfloat_with_epsilon (p, 5.0 / 8.0, EPS);
  g_assert_cmpfloat_with_epsilon (r, 11.0 / 24.0, EPS);
  g_assert_cmpfloat_with_epsilon (f, 55.0 / 104.0, EPS);

  EvalSentenceScore none = { 0 };
  eval_sentence_score_get (&none, &p, &r, &f);
  g_assert_cmpfloat (f, ==, 0.0);
}

static void
test_keyphrases (void)
{
  EvalStemmer *en = eval_stemmer_new ("english");
  char *n = eval_norm_phrase (en, "Neural networks -- and Deep_Learning!");
  g_assert_cmpstr (n, ==, "neural network and deep_learn");
  g_free (n);

  EvalKeyScore acc = { 0 };
  /* Doc 1. Gold normalises to {neural network, deep learn, quantum graviti}: "Neural
   * networks" and "neural network" are one key; "quantum gravity" is absent from the text but
   * stays in the gold set (3 keys). Predictions normalise to neural network, (duplicate:
   * dropped), deep learn, train data, (empty: dropped), model; the tab ends a line's text.
   * @5: tp = 2, P = 2/5, R = 2/3, F1 = 2 (2/5)(2/3) / (2/5 + 2/3) = 1/2.
   * @10: tp = 2, P = 2/10 (k is fixed even with 4 predictions), R = 2/3,
   *      F1 = 2 (1/5)(2/3) / (1/5 + 2/3) = (4/15) / (13/15) = 4/13. */
  const char *gold1[] = { "Neural networks", "neural network", "deep learning", "quantum gravity" };
  const char *pred1[] = { "neural networks", "Neural Network", "deep learning\t0.93",
                          "training data", "...", "models" };
  g_assert_true (eval_key_score_add (&acc, en, "Neural networks and deep learning.", gold1,
                                     G_N_ELEMENTS (gold1), pred1, G_N_ELEMENTS (pred1)));
  g_assert_cmpfloat_with_epsilon (eval_key_score_f1 (&acc, 5), 0.5, EPS);
  g_assert_cmpfloat_with_epsilon (eval_key_score_f1 (&acc, 10), 4.0 / 13.0, EPS);
  /* Doc 2: nothing right: all 0. */
  const char *gold2[] = { "Tokyo" };
  const char *pred2[] = { "Paris" };
  g_assert_true (eval_key_score_add (&acc, en, "Paris", gold2, 1, pred2, 1));
  /* Doc 3: no gold key survives normalisation: skipped, not counted. */
  const char *gold3[] = { "!!!", "  " };
  g_assert_false (eval_key_score_add (&acc, en, "text", gold3, 2, pred2, 1));

  /* Averages over the 2 counted documents: F1@5 = (1/2 + 0) / 2, F1@10 = (4/13 + 0) / 2,
   * P@5 = (2/5) / 2, R@5 = (2/3) / 2, P@10 = (1/5) / 2, R@10 = (2/3) / 2. */
  g_assert_cmpuint (acc.docs, ==, 2);
  g_assert_cmpfloat_with_epsilon (eval_key_score_f1 (&acc, 5), 0.25, EPS);
  g_assert_cmpfloat_with_epsilon (eval_key_score_f1 (&acc, 10), 2.0 / 13.0, EPS);
  g_assert_cmpfloat_with_epsilon (eval_key_score_precision (&acc, 5), 0.2, EPS);
  g_assert_cmpfloat_with_epsilon (eval_key_score_recall (&acc, 5), 1.0 / 3.0, EPS);
  g_assert_cmpfloat_with_epsilon (eval_key_score_precision (&acc, 10), 0.1, EPS);
  g_assert_cmpfloat_with_epsilon (eval_key_score_recall (&acc, 10), 1.0 / 3.0, EPS);
  /* Gold keys found in the normalised text: 2 of 3, then 0 of 1. */
  g_assert_cmpuint (acc.gold_present, ==, 2);
  g_assert_cmpuint (acc.gold_total, ==, 4);
  eval_stemmer_free (en);

  /* Other languages: Snowball; unknown ones: no stemming. */
  EvalStemmer *fr = eval_stemmer_new ("french\n");
  n = eval_norm_phrase (fr, "Les \xc3\xa9lections pr\xc3\xa9sidentielles fran\xc3\xa7" "aises");
  g_assert_cmpstr (n, ==, "le \xc3\xa9lect pr\xc3\xa9sidentiel fran\xc3\xa7" "ais");
  g_free (n);
  eval_stemmer_free (fr);
  EvalStemmer *none = eval_stemmer_new ("klingon");
  g_assert_cmpstr (eval_stemmer_describe (none), ==, "identity");
  n = eval_norm_phrase (none, "Running Dogs");
  g_assert_cmpstr (n, ==, "running dogs");
  g_free (n);
  eval_stemmer_free (none);
}

static void
test_text (void)
{
  /* errors="replace" (one U+FFFD per maximal ill-formed subpart) + universal newlines. */
  char *s = eval_decode_text ("a\xa3" "b\r\nc\rd", -1, NULL);
  g_assert_cmpstr (s, ==, "a\xef\xbf\xbd" "b\nc\nd");
  g_free (s);
  s = eval_decode_text ("\xed\xa0\x80|\xe2\x82|\xf0\x9f\x98", -1, NULL);
  g_assert_cmpstr (s, ==, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd");
  g_free (s);
  /* str.lower(): final sigma, U+0130. */
  s = eval_lower ("\xce\x9f\xce\x94\xce\x9f\xce\xa3 \xce\xa3 \xce\xa3\xce\x91 \xc4\xb0");
  g_assert_cmpstr (s, ==, "\xce\xbf\xce\xb4\xce\xbf\xcf\x82 \xcf\x83 \xcf\x83\xce\xb1 i\xcc\x87");
  g_free (s);
  /* str.strip() strips Unicode whitespace (here NO-BREAK SPACE and IDEOGRAPHIC SPACE). */
  s = eval_strip ("\xc2\xa0 x y\t\xe3\x80\x80", -1);
  g_assert_cmpstr (s, ==, "x y");
  g_free (s);
  char **lines = eval_read_lines ("  one \n\n two\n");
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[1], ==, "two");
  g_strfreev (lines);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/eval/rouge-tokens", test_rouge_tokens);
  g_test_add_func ("/eval/rouge-n", test_rouge_n);
  g_test_add_func ("/eval/porter", test_porter);
  g_test_add_func ("/eval/split-sentences", test_split_sentences);
  g_test_add_func ("/eval/sentence-f1", test_sentence_f1);
  g_test_add_func ("/eval/keyphrases", test_keyphrases);
  g_test_add_func ("/eval/text", test_text);
  return g_test_run ();
}
