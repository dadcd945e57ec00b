/* idf-model.c — build an IDF model, save it, load it and summarize with it.
 *
 *   cc idf-model.c $(pkg-config --cflags --libs abridge) -o idf-model
 *
 * Document frequencies counted over a corpus make words that are common in the corpus weigh
 * less in any one document. The model is written to a temporary file, read back (as a
 * program that ships a model would), set on an engine, and used for a summary and keywords. */
#include <abridge.h>
#include <stdio.h>

static const char *const corpus[] = {
  "The council met on Tuesday. The council approved the budget for the new school year.",
  "The council discussed the bridge. Engineers said the bridge needs new steel cables.",
  "A new bakery opened on Main Street. The council granted the permit in March.",
  "The council voted to plant two hundred trees along the river path next autumn.",
};

static const char text[] =
  "The council announced on Friday that the old railway bridge will close for repairs. "
  "Engineers found rust in three of the steel cables during an inspection in May. "
  "The council said the repairs will take eight weeks. "
  "Cyclists will be directed to the ferry while the bridge is closed, and the ferry will "
  "carry bicycles free of charge.";

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "idf-model: %s: %s\n", what, error ? error->message : "failed");
  return 1;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;

  g_autoptr(AbridgeEngine) engine = abridge_engine_new ("en", &error);
  if (engine == NULL)
    return fail ("engine", error);

  /* 1. Count document frequencies: each distinct term once per document. */
  g_autoptr(AbridgeIdf) built = abridge_idf_new (engine);
  for (gsize i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autoptr(AbridgeDocument) document =
        abridge_document_new (engine, corpus[i], -1, ABRIDGE_ANALYZE_DEFAULT, &error);
      if (document == NULL)
        return fail ("corpus document", error);
      if (!abridge_idf_add_document (built, document, &error))
        return fail ("add document", error);
    }

  /* 2. Save it in a temporary directory. */
  g_autofree char *dir = g_dir_make_tmp ("abridge-example-XXXXXX", &error);
  if (dir == NULL)
    return fail ("temporary directory", error);
  g_autofree char *path = g_build_filename (dir, "corpus.idf", NULL);
  gboolean saved = abridge_idf_save (built, path, &error);

  /* 3. Load it back, then remove the file and the directory. */
  g_autoptr(AbridgeIdf) model = saved ? abridge_idf_load (path, &error) : NULL;
  remove (path);
  remove (dir);
  if (!saved)
    return fail ("save", error);
  if (model == NULL)
    return fail ("load", error);
  printf ("model: %s, %" G_GUINT64_FORMAT " documents, %" G_GUINT64_FORMAT " terms; "
          "df(council) = %" G_GUINT64_FORMAT ", df(bridg) = %" G_GUINT64_FORMAT "\n",
          abridge_idf_get_language (model), abridge_idf_get_document_count (model),
          abridge_idf_get_term_count (model), abridge_idf_get_df (model, "council"),
          abridge_idf_get_df (model, "bridg"));

  /* 4. Use it: the engine keeps its own reference, so the model could be freed now. */
  if (!abridge_engine_set_idf (engine, model, &error))
    return fail ("set idf", error);

  g_autoptr(AbridgeDocument) document =
    abridge_document_new (engine, text, -1, ABRIDGE_ANALYZE_DEFAULT, &error);
  if (document == NULL)
    return fail ("document", error);

  AbridgeSummaryOptions options;
  abridge_summary_options_init (&options);
  options.sentences = 2;
  g_autoptr(AbridgeSummary) summary = abridge_summarize (document, &options, &error);
  if (summary == NULL)
    return fail ("summarize", error);
  printf ("summary:\n");
  for (guint i = 0; i < abridge_summary_get_count (summary); i++)
    printf ("  %.4f  %s\n", abridge_summary_get_score (summary, i),
            abridge_summary_get_text (summary, i));

  AbridgeKeywordOptions keyword_options;
  abridge_keyword_options_init (&keyword_options);
  keyword_options.count = 5;
  g_autoptr(AbridgeKeywords) keywords =
    abridge_keywords_extract (document, &keyword_options, &error);
  if (keywords == NULL)
    return fail ("keywords", error);
  printf ("keywords:");
  for (guint i = 0; i < abridge_keywords_get_count (keywords); i++)
    printf ("%s %s (%.3f)", i ? "," : "", abridge_keywords_get_text (keywords, i),
            abridge_keywords_get_score (keywords, i));
  printf ("\n");
  return 0;
}
