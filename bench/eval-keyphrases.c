/* eval-keyphrases.c — abridge-eval-keyphrases: the keyphrase evaluation of EVAL.md on the
 * LIAAD-layout sets (top 10 keyphrases per document; P/R/F1 at 5 and 10).
 *
 * Usage: abridge-eval-keyphrases [--data DIR] [--set NAME]... [--method NAME]... [--no-idf]
 *                                [--json] [--dump DIR]
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

#define DEFAULT_DATA "../shared/data/keyphrase"
#define TOP_K 10

static const char *program = "abridge-eval-keyphrases";
/* --lang: analyze with this language ("auto": detect each document's) instead of the set's. */
static const char *language_option;

typedef struct {
  const char *method;
  EvalKeyScore score;
  double seconds; /* extraction only */
  guint failures;
} MethodRun;

typedef struct {
  char *name;
  char *language;
  const char *stemmer;
  guint64 idf_docs, idf_terms;
  double idf_seconds, analyze_seconds;
  guint analyze_failures;
  MethodRun *runs;
} SetRun;

static gboolean
strv_has (char *const *v, const char *s)
{
  for (; v && *v; v++)
    if (strcmp (*v, s) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  char *id;
  char *path;
  char *raw;
  gsize raw_len;
} Doc;

static void
doc_clear (Doc *d)
{
  g_free (d->id);
  g_free (d->path);
  g_free (d->raw);
}

/* Keyphrase text as it is written to and read back from a dump: one line, no tab. */
static char *
one_line (const char *text)
{
  char *s = g_strdup (text);
  for (char *p = s; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
  return s;
}

static gboolean
evaluate_set (const char *root, const char *name, GPtrArray *methods, gboolean use_idf,
              const char *dump, SetRun *out)
{
  GError *error = NULL;
  GTimer *timer = g_timer_new ();
  char *dir = g_build_filename (root, name, NULL);
  char *lang_path = g_build_filename (dir, "language.txt", NULL);
  char *language = NULL;
  if (g_file_test (lang_path, G_FILE_TEST_EXISTS)) {
    char *t = eval_read_text (lang_path, NULL, NULL);
    language = t ? eval_strip (t, -1) : NULL;
    g_free (t);
  }
  if (language == NULL || language[0] == '\0') {
    g_free (language);
    language = g_strdup ("english");
  }
  g_free (lang_path);
  out->name = g_strdup (name);
  out->language = language;

  AbridgeEngine *engine = abridge_engine_new (language_option ? language_option : language, &error);
  if (engine == NULL) {
    fprintf (stderr, "%s: %s: %s\n", program, name, error->message);
    g_error_free (error);
    g_free (dir);
    g_timer_destroy (timer);
    return FALSE;
  }
  EvalStemmer *stemmer = eval_stemmer_new (language);

  /* Every file of docsutf8/ is read once. */
  char *docs_dir = g_build_filename (dir, "docsutf8", NULL);
  char **names = eval_list_dir (docs_dir, TRUE, &error);
  if (names == NULL) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    g_error_free (error);
    abridge_engine_free (engine);
    eval_stemmer_free (stemmer);
    g_free (docs_dir);
    g_free (dir);
    g_timer_destroy (timer);
    return FALSE;
  }
  GArray *docs = g_array_new (FALSE, TRUE, sizeof (Doc));
  g_array_set_clear_func (docs, (GDestroyNotify) doc_clear);
  for (char **n = names; *n; n++) {
    Doc d = { 0 };
    d.path = g_build_filename (docs_dir, *n, NULL);
    if (!g_file_test (d.path, G_FILE_TEST_IS_REGULAR)
        || !g_file_get_contents (d.path, &d.raw, &d.raw_len, NULL)) {
      g_free (d.path);
      continue;
    }
    gsize len = strlen (*n);
    d.id = g_strndup (*n, len >= 4 ? len - 4 : 0); /* score.py: name[:-4] */
    g_array_append_val (docs, d);
  }
  g_strfreev (names);

  /* The per-set IDF model, built as `abridge idf build docsutf8/` does: every (non-hidden)
   * file is a document, analyzed without title detection. */
  if (use_idf) {
    g_timer_start (timer);
    AbridgeIdf *idf = abridge_idf_new (engine);
    for (guint i = 0; i < docs->len; i++) {
      Doc *d = &g_array_index (docs, Doc, i);
      char *base = g_path_get_basename (d->path);
      gboolean hidden = base[0] == '.';
      g_free (base);
      if (hidden)
        continue;
      AbridgeDocument *document = abridge_document_new (engine, d->raw, (gssize) d->raw_len,
                                                        ABRIDGE_ANALYZE_NO_TITLE, &error);
      if (document == NULL || !abridge_idf_add_document (idf, document, &error)) {
        fprintf (stderr, "%s: %s: %s\n", program, d->path, error->message);
        g_clear_error (&error);
      }
      abridge_document_free (document);
    }
    out->idf_docs = abridge_idf_get_document_count (idf);
    out->idf_terms = abridge_idf_get_term_count (idf);
    if (!abridge_engine_set_idf (engine, idf, &error)) {
      fprintf (stderr, "%s: %s: %s\n", program, name, error->message);
      g_clear_error (&error);
    }
    abridge_idf_free (idf);
    out->idf_seconds = g_timer_elapsed (timer, NULL);
  }

  out->runs = g_new0 (MethodRun, methods->len);
  for (guint m = 0; m < methods->len; m++)
    out->runs[m].method = g_ptr_array_index (methods, m);

  AbridgeKeywordOptions opts;
  for (guint i = 0; i < docs->len; i++) {
    Doc *d = &g_array_index (docs, Doc, i);
    char *key_name = g_strconcat (d->id, ".key", NULL);
    char *key_path = g_build_filename (dir, "keys", key_name, NULL);
    g_free (key_name);
    if (!g_file_test (key_path, G_FILE_TEST_EXISTS)) {
      g_free (key_path);
      continue; /* not scored (as score.py) */
    }
    char *key_text = eval_read_text (key_path, NULL, &error);
    g_free (key_path);
    if (key_text == NULL) {
      fprintf (stderr, "%s: %s\n", program, error->message);
      g_clear_error (&error);
      continue;
    }
    char **gold = eval_read_lines (key_text);
    g_free (key_text);
    char *text = eval_decode_text (d->raw, (gssize) d->raw_len, NULL);

    g_timer_start (timer);
    AbridgeDocument *document = abridge_document_new (engine, d->raw, (gssize) d->raw_len,
                                                      ABRIDGE_ANALYZE_DEFAULT, &error);
    out->analyze_seconds += g_timer_elapsed (timer, NULL);
    if (document == NULL) {
      fprintf (stderr, "%s: %s: %s\n", program, d->path, error->message);
      g_clear_error (&error);
      out->analyze_failures++;
    }
    for (guint m = 0; m < methods->len; m++) {
      MethodRun *run = &out->runs[m];
      GPtrArray *predicted = g_ptr_array_new_with_free_func (g_free);
      if (document) {
        abridge_keyword_options_init (&opts);
        opts.count = TOP_K;
        opts.method = run->method;
        g_timer_start (timer);
        AbridgeKeywords *kw = abridge_keywords_extract (document, &opts, &error);
        run->seconds += g_timer_elapsed (timer, NULL);
        if (kw == NULL) {
          fprintf (stderr, "%s: %s: %s: %s\n", program, d->path, run->method, error->message);
          g_clear_error (&error);
          run->failures++;
        } else {
          for (guint j = 0; j < abridge_keywords_get_count (kw) && j < TOP_K; j++)
            g_ptr_array_add (predicted, one_line (abridge_keywords_get_text (kw, j)));
          abridge_keywords_free (kw);
        }
      }
      if (dump) {
        GString *lines = g_string_new (NULL);
        for (guint j = 0; j < predicted->len; j++)
          g_string_append_printf (lines, "%s\n", (const char *) g_ptr_array_index (predicted, j));
        char *file = g_strconcat (d->id, ".txt", NULL);
        char *path = methods->len > 1 ? g_build_filename (dump, run->method, name, file, NULL)
                                      : g_build_filename (dump, name, file, NULL);
        if (!eval_write_file (path, lines->str, &error)) {
          fprintf (stderr, "%s: %s\n", program, error->message);
          exit (1);
        }
        g_free (path);
        g_free (file);
        g_string_free (lines, TRUE);
      }
      /* The share of gold keys in the text is the same for every method: count it once. */
      eval_key_score_add (&run->score, stemmer, m == 0 ? text : NULL, (const char *const *) gold,
                          g_strv_length (gold), (const char *const *) predicted->pdata,
                          predicted->len);
      g_ptr_array_unref (predicted);
    }
    abridge_document_free (document);
    g_free (text);
    g_strfreev (gold);
  }

  g_array_unref (docs);
  g_free (docs_dir);
  g_free (dir);
  /* The description outlives the stemmer. */
  out->stemmer = g_intern_string (eval_stemmer_describe (stemmer));
  eval_stemmer_free (stemmer);
  abridge_engine_free (engine);
  g_timer_destroy (timer);
  return TRUE;
}

static double
method_seconds (const SetRun *s, const MethodRun *r)
{
  return s->idf_seconds + s->analyze_seconds + r->seconds;
}

int
main (int argc, char **argv)
{
  char *data = NULL, *dump = NULL;
  char **sets_opt = NULL, **methods_opt = NULL;
  gboolean json = FALSE, no_idf = FALSE;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data,
      "Folder of keyphrase sets (default " DEFAULT_DATA ")", "DIR" },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets_opt,
      "Evaluate this set (repeatable; default: every subfolder with docsutf8/)", "NAME" },
    { "method", 0, 0, G_OPTION_ARG_STRING_ARRAY, &methods_opt,
      "Evaluate this keyword method (repeatable; default: every method)", "NAME" },
    { "no-idf", 0, 0, G_OPTION_ARG_NONE, &no_idf,
      "Do not build the per-set IDF model (in-document weights only)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the results as JSON", NULL },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language_option,
      "Analyze with this language, or \"auto\" to detect each document's, instead of the set's "
      "language.txt (the matching stemmer stays the set's)", "LANG" },
    { "dump", 0, 0, G_OPTION_ARG_FILENAME, &dump,
      "Write the keyphrases to SYSDIR/[method/]<set>/<ID>.txt, one a line", "SYSDIR" },
    { NULL }
  };
  GError *error = NULL;
  GOptionContext *ctx = g_option_context_new ("- evaluate abridge's keyphrases (EVAL.md)");
  g_option_context_set_description (ctx,
    "For each set, an engine for the language in language.txt gets an IDF model built from the\n"
    "set's documents (as `abridge idf build` does), then the top 10 keyphrases of each document\n"
    "are matched against its keys. Figures agree with score.py kp. With --dump and several\n"
    "methods, each method gets a subfolder.\n");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    return 2;
  }
  g_option_context_free (ctx);
  if (argc > 1) {
    fprintf (stderr, "%s: unexpected argument %s\n", program, argv[1]);
    return 2;
  }

  char *looked = NULL;
  char *root = eval_find_data (data, DEFAULT_DATA, ABRIDGE_SOURCE_ROOT, ".", &looked);
  if (root == NULL) {
    printf ("skipping: keyphrase data not found at %s\n", looked);
    g_free (looked);
    return 0;
  }

  const char *const *known = abridge_keyword_methods ();
  GPtrArray *methods = g_ptr_array_new ();
  for (char **m = methods_opt; m && *m; m++) {
    if (!strv_has ((char *const *) known, *m)) {
      fprintf (stderr, "%s: unknown method %s (known:", program, *m);
      for (const char *const *k = known; *k; k++)
        fprintf (stderr, " %s", *k);
      fprintf (stderr, ")\n");
      return 2;
    }
    g_ptr_array_add (methods, *m);
  }
  if (methods_opt == NULL)
    for (const char *const *k = known; *k; k++)
      g_ptr_array_add (methods, (gpointer) *k);

  /* Sets: the subfolders that hold docsutf8/. */
  char **entries_all = eval_list_dir (root, FALSE, &error);
  if (entries_all == NULL) {
    fprintf (stderr, "%s: %s\n", program, error->message);
    return 1;
  }
  GPtrArray *sets = g_ptr_array_new ();
  for (char **e = entries_all; *e; e++) {
    char *p = g_build_filename (root, *e, "docsutf8", NULL);
    if (g_file_test (p, G_FILE_TEST_IS_DIR) && (!sets_opt || strv_has (sets_opt, *e)))
      g_ptr_array_add (sets, *e);
    g_free (p);
  }
  for (char **s = sets_opt; s && *s; s++) {
    char *p = g_build_filename (root, *s, "docsutf8", NULL);
    gboolean found = strv_has (entries_all, *s) && g_file_test (p, G_FILE_TEST_IS_DIR);
    g_free (p);
    if (!found) {
      fprintf (stderr, "%s: no set %s (a folder with docsutf8/) in %s\n", program, *s, root);
      return 2;
    }
  }
  g_ptr_array_add (sets, NULL);
  guint n_sets = sets->len - 1;
  if (n_sets == 0) {
    printf ("skipping: no keyphrase set (a folder with docsutf8/) in %s\n", root);
    return 0;
  }

  SetRun *results = g_new0 (SetRun, n_sets);
  gboolean *ok = g_new0 (gboolean, n_sets);
  int status = 0;
  for (guint i = 0; i < n_sets; i++) {
    ok[i] = evaluate_set (root, g_ptr_array_index (sets, i), methods, !no_idf, dump, &results[i]);
    if (!ok[i])
      status = 1;
  }

  if (json) {
    JsonBuilder *b = json_builder_new ();
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "data");
    json_builder_add_string_value (b, root);
    json_builder_set_member_name (b, "idf");
    json_builder_add_boolean_value (b, !no_idf);
    json_builder_set_member_name (b, "sets");
    json_builder_begin_array (b);
    for (guint i = 0; i < n_sets; i++) {
      SetRun *s = &results[i];
      if (!ok[i])
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "set");
      json_builder_add_string_value (b, s->name);
      json_builder_set_member_name (b, "language");
      json_builder_add_string_value (b, s->language);
      json_builder_set_member_name (b, "stemmer");
      json_builder_add_string_value (b, s->stemmer);
      json_builder_set_member_name (b, "idf_documents");
      json_builder_add_int_value (b, (gint64) s->idf_docs);
      json_builder_set_member_name (b, "idf_terms");
      json_builder_add_int_value (b, (gint64) s->idf_terms);
      json_builder_set_member_name (b, "methods");
      json_builder_begin_array (b);
      for (guint m = 0; m < methods->len; m++) {
        const MethodRun *r = &s->runs[m];
        const EvalKeyScore *k = &r->score;
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "method");
        json_builder_add_string_value (b, r->method);
        const struct { const char *name; double v; } f[] = {
          { "P5", eval_key_score_precision (k, 5) }, { "R5", eval_key_score_recall (k, 5) },
          { "F5", eval_key_score_f1 (k, 5) },        { "P10", eval_key_score_precision (k, 10) },
          { "R10", eval_key_score_recall (k, 10) },  { "F10", eval_key_score_f1 (k, 10) },
          { "gold_present", s->runs[0].score.gold_total
                              ? (double) s->runs[0].score.gold_present / s->runs[0].score.gold_total
                              : 0 },
        };
        for (gsize j = 0; j < G_N_ELEMENTS (f); j++) {
          json_builder_set_member_name (b, f[j].name);
          json_builder_add_double_value (b, 100 * f[j].v);
        }
        json_builder_set_member_name (b, "docs");
        json_builder_add_int_value (b, k->docs);
        json_builder_set_member_name (b, "seconds");
        json_builder_add_double_value (b, method_seconds (s, r));
        json_builder_set_member_name (b, "failures");
        json_builder_add_int_value (b, r->failures + s->analyze_failures);
        json_builder_end_object (b);
      }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
    json_builder_end_array (b);
    json_builder_end_object (b);
    JsonGenerator *gen = json_generator_new ();
    json_generator_set_pretty (gen, TRUE);
    JsonNode *node = json_builder_get_root (b);
    json_generator_set_root (gen, node);
    char *str = json_generator_to_data (gen, NULL);
    printf ("%s\n", str);
    g_free (str);
    json_node_unref (node);
    g_object_unref (gen);
    g_object_unref (b);
  } else {
    printf ("Keyphrase sets: %s (top %d, %s)\n", root, TOP_K,
            no_idf ? "no IDF model" : "IDF model built from each set's documents");
    for (guint i = 0; i < n_sets; i++) {
      SetRun *s = &results[i];
      if (!ok[i])
        continue;
      if (no_idf)
        printf ("%s: %s, matching stemmer %s\n", s->name, s->language, s->stemmer);
      else
        printf ("%s: %s, matching stemmer %s; IDF %" G_GUINT64_FORMAT " documents, %"
                G_GUINT64_FORMAT " terms, %.2f s; analysis %.2f s\n", s->name, s->language,
                s->stemmer, s->idf_docs, s->idf_terms, s->idf_seconds, s->analyze_seconds);
    }
    printf ("(seconds: %sanalysis + that method's extraction)\n", no_idf ? "" : "IDF build + ");
    printf ("%-20s %-10s %6s %6s %6s %6s %6s %8s\n", "set", "method", "F1@5", "F1@10", "P@10",
            "R@10", "docs", "seconds");
    guint failures = 0;
    for (guint i = 0; i < n_sets; i++) {
      SetRun *s = &results[i];
      if (!ok[i])
        continue;
      for (guint m = 0; m < methods->len; m++) {
        const MethodRun *r = &s->runs[m];
        printf ("%-20s %-10s %6.2f %6.2f %6.2f %6.2f %6u %8.2f\n", s->name, r->method,
                100 * eval_key_score_f1 (&r->score, 5), 100 * eval_key_score_f1 (&r->score, 10),
                100 * eval_key_score_precision (&r->score, 10),
                100 * eval_key_score_recall (&r->score, 10), r->score.docs,
                method_seconds (s, r));
        failures += r->failures + s->analyze_failures;
      }
    }
    if (failures)
      printf ("\n%u failures (scored as empty lists; see stderr)\n", failures);
  }

  for (guint i = 0; i < n_sets; i++) {
    g_free (results[i].name);
    g_free (results[i].language);
    g_free (results[i].runs);
  }
  g_free (results);
  g_free (ok);
  g_ptr_array_unref (sets);
  g_strfreev (entries_all);
  g_ptr_array_unref (methods);
  g_free (root);
  g_free (data);
  g_free (dump);
  g_strfreev (sets_opt);
  g_strfreev (methods_opt);
  return status;
}
