/* eval-summaries.c — abridge-eval-summaries: the summary evaluation of EVAL.md on BBC News
 * Summary (sentence F1, ROUGE-1/2 F1 with k sentences per article from k.tsv).
 *
 * Usage: abridge-eval-summaries [--data DIR] [--method NAME]... [--category CAT]... [--json]
 *                               [--dump DIR]
 */
#include <abridge.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval-metrics.h"

#ifndef ABRIDGE_SOURCE_ROOT
#define ABRIDGE_SOURCE_ROOT NULL
#endif

#define DEFAULT_DATA "../shared/data/bbc-news-summary"

typedef struct {
  EvalSentenceScore sent;
  double rouge1, rouge2; /* sums over documents */
  guint docs;
} Score;

typedef struct {
  const char *method;
  Score total;
  Score *by_category;   /* one per category */
  double seconds;       /* summarize() time (analysis added when reported) */
  guint failures;
  guint title_selected; /* summaries holding a sentence of the article's first line */
} MethodRun;

static void
score_add (Score *s, const GPtrArray *sentences, const char *ref, const GPtrArray *ref_tokens,
           const char *cand)
{
  GPtrArray *ct = eval_rouge_tokens (cand);
  s->rouge1 += eval_rouge_n (ct, ref_tokens, 1);
  s->rouge2 += eval_rouge_n (ct, ref_tokens, 2);
  g_ptr_array_unref (ct);
  eval_sentence_score_add (&s->sent, sentences, ref, cand);
  s->docs++;
}

typedef struct {
  double f1, p, r, rouge1, rouge2;
} Figures;

static Figures
figures_of (const Score *s)
{
  Figures f = { 0 };
  eval_sentence_score_get (&s->sent, &f.p, &f.r, &f.f1);
  f.f1 *= 100;
  f.p *= 100;
  f.r *= 100;
  if (s->docs) {
    f.rouge1 = 100 * s->rouge1 / s->docs;
    f.rouge2 = 100 * s->rouge2 / s->docs;
  }
  return f;
}

/* k.tsv: "<category>/NNN.txt<TAB>k" lines. */
static GHashTable *
read_k (const char *path, GError **error)
{
  char *text = eval_read_text (path, NULL, error);
  if (text == NULL)
    return NULL;
  GHashTable *k = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char **lines = eval_read_lines (text);
  for (char **l = lines; *l; l++) {
    char **f = g_strsplit (*l, "\t", 2);
    if (f[0] && f[1]) {
      gint64 v = g_ascii_strtoll (f[1], NULL, 10);
      if (v > 0)
        g_hash_table_insert (k, g_strdup (f[0]), GUINT_TO_POINTER ((guint) v));
    }
    g_strfreev (f);
  }
  g_strfreev (lines);
  g_free (text);
  return k;
}

static gboolean
strv_has (char **v, const char *s)
{
  for (; v && *v; v++)
    if (strcmp (*v, s) == 0)
      return TRUE;
  return FALSE;
}

static void
json_figures (JsonBuilder *b, const Score *s)
{
  Figures f = figures_of (s);
  json_builder_set_member_name (b, "sentF1");
  json_builder_add_double_value (b, f.f1);
  json_builder_set_member_name (b, "sentP");
  json_builder_add_double_value (b, f.p);
  json_builder_set_member_name (b, "sentR");
  json_builder_add_double_value (b, f.r);
  json_builder_set_member_name (b, "rouge1");
  json_builder_add_double_value (b, f.rouge1);
  json_builder_set_member_name (b, "rouge2");
  json_builder_add_double_value (b, f.rouge2);
  json_builder_set_member_name (b, "docs");
  json_builder_add_int_value (b, s->docs);
}

int
main (int argc, char **argv)
{
  char *data = NULL, *dump = NULL;
  char **methods_opt = NULL, **categories_opt = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data,
      "BBC News Summary folder (default " DEFAULT_DATA ")", "DIR" },
    { "method", 0, 0, G_OPTION_ARG_STRING_ARRAY, &methods_opt,
      "Evaluate this summary method (repeatable; default: every method)", "NAME" },
    { "category", 0, 0, G_OPTION_ARG_STRING_ARRAY, &categories_opt,
      "Only this category (repeatable; default: all)", "CAT" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the results as JSON", NULL },
    { "dump", 0, 0, G_OPTION_ARG_FILENAME, &dump,
      "Write the selected sentences to SYSDIR/[method/]<category>/NNN.txt", "SYSDIR" },
    { NULL }
  };
  GError *error = NULL;
  GOptionContext *ctx = g_option_context_new ("- evaluate abridge's summaries on BBC News Summary");
  g_option_context_set_description (ctx,
    "Each article is analyzed whole (its first line is the title) by an English engine and\n"
    "summarized with k sentences (k.tsv). Sentence F1 and ROUGE-1/2 F1 follow EVAL.md and agree\n"
    "with score.py sum. With --dump and several methods, each method gets a subfolder.\n");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    fprintf (stderr, "abridge-eval-summaries: %s\n", error->message);
    return 2;
  }
  g_option_context_free (ctx);
  if (argc > 1) {
    fprintf (stderr, "abridge-eval-summaries: unexpected argument %s\n", argv[1]);
    return 2;
  }

  char *looked = NULL;
  char *root = eval_find_data (data, DEFAULT_DATA, ABRIDGE_SOURCE_ROOT, "News Articles", &looked);
  if (root == NULL) {
    printf ("skipping: BBC News Summary data not found at %s\n", looked);
    g_free (looked);
    return 0;
  }

  /* Methods. */
  const char *const *known = abridge_summary_methods ();
  GPtrArray *methods = g_ptr_array_new ();
  if (methods_opt) {
    for (char **m = methods_opt; *m; m++) {
      if (!strv_has ((char **) known, *m)) {
        fprintf (stderr, "abridge-eval-summaries: unknown method %s (known:", *m);
        for (const char *const *k = known; *k; k++)
          fprintf (stderr, " %s", *k);
        fprintf (stderr, ")\n");
        return 2;
      }
      g_ptr_array_add (methods, *m);
    }
  } else {
    for (const char *const *k = known; *k; k++)
      g_ptr_array_add (methods, (gpointer) *k);
  }

  /* Categories. */
  char *articles = g_build_filename (root, "News Articles", NULL);
  char **all_cats = eval_list_dir (articles, FALSE, &error);
  if (all_cats == NULL) {
    fprintf (stderr, "abridge-eval-summaries: %s\n", error->message);
    return 1;
  }
  GPtrArray *cats = g_ptr_array_new ();
  for (char **c = all_cats; *c; c++) {
    char *p = g_build_filename (articles, *c, NULL);
    if (g_file_test (p, G_FILE_TEST_IS_DIR) && (!categories_opt || strv_has (categories_opt, *c)))
      g_ptr_array_add (cats, *c);
    g_free (p);
  }
  for (char **c = categories_opt; c && *c; c++)
    if (!strv_has (all_cats, *c)) {
      fprintf (stderr, "abridge-eval-summaries: no category %s in %s\n", *c, articles);
      return 2;
    }

  char *kpath = g_build_filename (root, "k.tsv", NULL);
  GHashTable *ks = read_k (kpath, &error);
  if (ks == NULL) {
    fprintf (stderr, "abridge-eval-summaries: %s\n", error->message);
    return 1;
  }

  AbridgeEngine *engine = abridge_engine_new ("en", &error);
  if (engine == NULL) {
    fprintf (stderr, "abridge-eval-summaries: %s\n", error->message);
    return 1;
  }

  MethodRun *runs = g_new0 (MethodRun, methods->len);
  for (guint m = 0; m < methods->len; m++) {
    runs[m].method = g_ptr_array_index (methods, m);
    runs[m].by_category = g_new0 (Score, cats->len);
  }
  guint n_docs = 0, title_first = 0, no_k = 0, analyze_failures = 0;
  double analyze_seconds = 0;
  GTimer *timer = g_timer_new ();
  GTimer *wall = g_timer_new ();

  for (guint c = 0; c < cats->len; c++) {
    const char *cat = g_ptr_array_index (cats, c);
    char *cat_dir = g_build_filename (articles, cat, NULL);
    char **names = eval_list_dir (cat_dir, TRUE, &error);
    if (names == NULL) {
      fprintf (stderr, "abridge-eval-summaries: %s\n", error->message);
      return 1;
    }
    for (char **name = names; *name; name++) {
      char *path = g_build_filename (cat_dir, *name, NULL);
      char *ref_path = g_build_filename (root, "Summaries", cat, *name, NULL);
      char *raw = NULL;
      gsize raw_len = 0;
      if (!g_file_get_contents (path, &raw, &raw_len, &error)) {
        fprintf (stderr, "abridge-eval-summaries: %s\n", error->message);
        return 1;
      }
      char *ref_text = eval_read_text (ref_path, NULL, &error);
      if (ref_text == NULL) {
        fprintf (stderr, "abridge-eval-summaries: %s\n", error->message);
        return 1;
      }
      char *ref = eval_strip (ref_text, -1);
      g_free (ref_text);
      /* The body as score.py sees it: the decoded text after the first "\n". */
      char *text = eval_decode_text (raw, (gssize) raw_len, NULL);
      const char *nl = strchr (text, '\n');
      GPtrArray *sentences = eval_split_sentences (nl ? nl + 1 : "");
      GPtrArray *ref_tokens = eval_rouge_tokens (ref);

      char *id = g_strdup_printf ("%s/%s", cat, *name);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (ks, id));
      if (k == 0) {
        /* Not in k.tsv: k is by definition the number of reference sentences. */
        for (guint i = 0; i < sentences->len; i++) {
          const char *s = g_ptr_array_index (sentences, i);
          k += g_utf8_strlen (s, -1) > 1 && strstr (ref, s) != NULL;
        }
        k = MAX (k, 1);
        no_k++;
      }

      /* The title line: bytes [0, title_end) of the raw article. */
      const char *raw_nl = memchr (raw, '\n', raw_len);
      gsize title_end = raw_nl ? (gsize) (raw_nl - raw) : raw_len;
      g_timer_start (timer);
      AbridgeDocument *doc = abridge_document_new (engine, raw, (gssize) raw_len,
                                                   ABRIDGE_ANALYZE_DEFAULT, &error);
      analyze_seconds += g_timer_elapsed (timer, NULL);
      if (doc == NULL) {
        fprintf (stderr, "abridge-eval-summaries: %s: %s\n", id, error->message);
        g_clear_error (&error);
        analyze_failures++;
      } else if (abridge_document_get_title_index (doc) == 0) {
        title_first++;
      }

      for (guint m = 0; m < methods->len; m++) {
        MethodRun *run = &runs[m];
        GString *cand = g_string_new (NULL);
        if (doc) {
          AbridgeSummaryOptions opts;
          abridge_summary_options_init (&opts);
          opts.sentences = k;
          opts.method = run->method;
          g_timer_start (timer);
          AbridgeSummary *sum = abridge_summarize (doc, &opts, &error);
          run->seconds += g_timer_elapsed (timer, NULL);
          if (sum == NULL) {
            fprintf (stderr, "abridge-eval-summaries: %s: %s: %s\n", id, run->method,
                     error->message);
            g_clear_error (&error);
            run->failures++;
          } else {
            gboolean title_selected = FALSE;
            for (guint i = 0; i < abridge_summary_get_count (sum); i++) {
              if (i > 0)
                g_string_append_c (cand, '\n');
              g_string_append (cand, abridge_summary_get_text (sum, i));
              gsize start = 0;
              abridge_summary_get_offsets (sum, i, &start, NULL);
              title_selected |= start < title_end;
            }
            run->title_selected += title_selected;
            abridge_summary_free (sum);
          }
        }
        if (dump) {
          char *out = methods->len > 1 ? g_build_filename (dump, run->method, cat, *name, NULL)
                                       : g_build_filename (dump, cat, *name, NULL);
          g_string_append_c (cand, '\n');
          if (!eval_write_file (out, cand->str, &error)) {
            fprintf (stderr, "abridge-eval-summaries: %s\n", error->message);
            return 1;
          }
          g_string_truncate (cand, cand->len - 1);
          g_free (out);
        }
        /* The candidate as score.py reads it back from the dump. */
        char *decoded = eval_decode_text (cand->str, (gssize) cand->len, NULL);
        score_add (&run->total, sentences, ref, ref_tokens, decoded);
        score_add (&run->by_category[c], sentences, ref, ref_tokens, decoded);
        g_free (decoded);
        g_string_free (cand, TRUE);
      }
      n_docs++;
      abridge_document_free (doc);
      g_free (id);
      g_ptr_array_unref (ref_tokens);
      g_ptr_array_unref (sentences);
      g_free (text);
      g_free (ref);
      g_free (raw);
      g_free (ref_path);
      g_free (path);
    }
    g_strfreev (names);
    g_free (cat_dir);
  }
  double wall_seconds = g_timer_elapsed (wall, NULL);

  /* The method whose per-category figures are shown: "default" when evaluated, else the first. */
  guint shown = 0;
  for (guint m = 0; m < methods->len; m++)
    if (strcmp (runs[m].method, "default") == 0)
      shown = m;

  if (json) {
    JsonBuilder *b = json_builder_new ();
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "data");
    json_builder_add_string_value (b, root);
    json_builder_set_member_name (b, "articles");
    json_builder_add_int_value (b, n_docs);
    json_builder_set_member_name (b, "title_first_line");
    json_builder_add_int_value (b, title_first);
    json_builder_set_member_name (b, "analyze_seconds");
    json_builder_add_double_value (b, analyze_seconds);
    json_builder_set_member_name (b, "methods");
    json_builder_begin_array (b);
    for (guint m = 0; m < methods->len; m++) {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, runs[m].method);
      json_figures (b, &runs[m].total);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, analyze_seconds + runs[m].seconds);
      json_builder_set_member_name (b, "failures");
      json_builder_add_int_value (b, runs[m].failures + analyze_failures);
      json_builder_set_member_name (b, "title_selected");
      json_builder_add_int_value (b, runs[m].title_selected);
      json_builder_set_member_name (b, "categories");
      json_builder_begin_object (b);
      for (guint c = 0; c < cats->len; c++) {
        json_builder_set_member_name (b, g_ptr_array_index (cats, c));
        json_builder_begin_object (b);
        json_figures (b, &runs[m].by_category[c]);
        json_builder_end_object (b);
      }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
    json_builder_end_array (b);
    json_builder_end_object (b);
    JsonGenerator *gen = json_generator_new ();
    json_generator_set_pretty (gen, TRUE);
    JsonNode *node = json_builder_get_root (b);
    json_generator_set_root (gen, node);
    char *s = json_generator_to_data (gen, NULL);
    printf ("%s\n", s);
    g_free (s);
    json_node_unref (node);
    g_object_unref (gen);
    g_object_unref (b);
  } else {
    printf ("BBC News Summary: %s\n", root);
    printf ("%u articles, k sentences each from k.tsv%s; title found on line 1 in %u; "
            "analysis %.2f s (included in each method's seconds); wall %.2f s\n",
            n_docs, no_k ? " (some k computed: not in k.tsv)" : "", title_first,
            analyze_seconds, wall_seconds);
    printf ("%-12s %7s %7s %7s %8s %8s %6s %8s\n", "method", "sentF1", "sentP", "sentR",
            "ROUGE-1", "ROUGE-2", "docs", "seconds");
    for (guint m = 0; m < methods->len; m++) {
      Figures f = figures_of (&runs[m].total);
      printf ("%-12s %7.2f %7.2f %7.2f %8.2f %8.2f %6u %8.2f\n", runs[m].method, f.f1, f.p, f.r,
              f.rouge1, f.rouge2, runs[m].total.docs, analyze_seconds + runs[m].seconds);
    }
    printf ("\nby category (method %s):\n", runs[shown].method);
    printf ("%-14s %7s %7s %7s %8s %8s %6s\n", "category", "sentF1", "sentP", "sentR",
            "ROUGE-1", "ROUGE-2", "docs");
    for (guint c = 0; c < cats->len; c++) {
      Figures f = figures_of (&runs[shown].by_category[c]);
      printf ("%-14s %7.2f %7.2f %7.2f %8.2f %8.2f %6u\n", (const char *) g_ptr_array_index (cats, c),
              f.f1, f.p, f.r, f.rouge1, f.rouge2, runs[shown].by_category[c].docs);
    }
    GString *titles = g_string_new (NULL);
    for (guint m = 0; m < methods->len; m++)
      if (runs[m].title_selected)
        g_string_append_printf (titles, "%s%s %u", titles->len ? ", " : "", runs[m].method,
                                runs[m].title_selected);
    if (titles->len)
      printf ("\nsummaries that select a sentence of the title line (not a candidate in EVAL.md): "
              "%s\n", titles->str);
    g_string_free (titles, TRUE);
    guint failures = analyze_failures;
    for (guint m = 0; m < methods->len; m++)
      failures += runs[m].failures;
    if (failures)
      printf ("\n%u failures (scored as empty summaries; see stderr)\n", failures);
  }

  for (guint m = 0; m < methods->len; m++)
    g_free (runs[m].by_category);
  g_free (runs);
  g_timer_destroy (timer);
  g_timer_destroy (wall);
  abridge_engine_free (engine);
  g_hash_table_unref (ks);
  g_free (kpath);
  g_ptr_array_unref (cats);
  g_strfreev (all_cats);
  g_free (articles);
  g_ptr_array_unref (methods);
  g_free (root);
  g_free (data);
  g_free (dump);
  g_strfreev (methods_opt);
  g_strfreev (categories_opt);
  return 0;
}
