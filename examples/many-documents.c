/* many-documents.c — one engine, several documents.
 *
 *   cc many-documents.c $(pkg-config --cflags --libs abridge) -o many-documents
 *
 * An engine holds the configuration and the language resources (stop words, stemmer): create
 * it once and reuse it for every document (from any number of threads once it is configured).
 * Each document here gets a one-sentence summary and its three best keywords. */
#include <abridge.h>
#include <stdio.h>

static const char *const documents[] = {
  "The harbour ferry will run every twenty minutes from next week. "
  "The operator added two boats after complaints about crowded morning crossings. "
  "Evening services are unchanged.",

  "Heavy rain flooded the lower town on Saturday. Firefighters pumped water from forty "
  "cellars, and the river reached its highest level since 1998. No one was hurt, but the "
  "market square stayed closed until Sunday evening.",

  "The museum has bought a collection of old maps. The maps show the coast before the "
  "harbour was built, and some of them are more than three hundred years old. They will be "
  "shown to the public in an exhibition next spring.",
};

int
main (void)
{
  g_autoptr(GError) error = NULL;

  g_autoptr(AbridgeEngine) engine = abridge_engine_new ("english", &error);
  if (engine == NULL)
    {
      fprintf (stderr, "many-documents: %s\n", error->message);
      return 1;
    }
  /* Configuration happens before the engine is used (and before it is shared). */
  static const char *const extra_stopwords[] = { "old", "years", NULL };
  abridge_engine_set_stopwords (engine, extra_stopwords, FALSE);

  AbridgeSummaryOptions summary_options;
  abridge_summary_options_init (&summary_options);
  summary_options.sentences = 1;

  AbridgeKeywordOptions keyword_options;
  abridge_keyword_options_init (&keyword_options);
  keyword_options.count = 3;

  for (gsize d = 0; d < G_N_ELEMENTS (documents); d++)
    {
      g_autoptr(AbridgeDocument) document =
        abridge_document_new (engine, documents[d], -1, ABRIDGE_ANALYZE_DEFAULT, &error);
      if (document == NULL)
        {
          fprintf (stderr, "many-documents: document %zu: %s\n", d + 1, error->message);
          return 1;
        }
      g_autoptr(AbridgeSummary) summary = abridge_summarize (document, &summary_options, &error);
      if (summary == NULL)
        {
          fprintf (stderr, "many-documents: document %zu: %s\n", d + 1, error->message);
          return 1;
        }
      g_autoptr(AbridgeKeywords) keywords =
        abridge_keywords_extract (document, &keyword_options, &error);
      if (keywords == NULL)
        {
          fprintf (stderr, "many-documents: document %zu: %s\n", d + 1, error->message);
          return 1;
        }

      printf ("document %zu (%u sentences, %s)\n", d + 1,
              abridge_document_get_sentence_count (document),
              abridge_document_get_language (document));
      for (guint i = 0; i < abridge_summary_get_count (summary); i++)
        printf ("  summary:  %s\n", abridge_summary_get_text (summary, i));
      printf ("  keywords:");
      for (guint i = 0; i < abridge_keywords_get_count (keywords); i++)
        printf ("%s %s", i ? "," : "", abridge_keywords_get_text (keywords, i));
      printf ("\n");
    }
  return 0;
}
