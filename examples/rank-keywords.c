/* rank-keywords.c — ranked keywords and keyphrases of a text with libabridge.
 *
 *   cc rank-keywords.c $(pkg-config --cflags --libs abridge) -o rank-keywords
 *
 * Prints the eight best keyphrases (at most two words each) with their score, stem key,
 * frequency and the byte range of their first occurrence. */
#include <abridge.h>
#include <stdio.h>

static const char text[] =
  "Solar panels on school roofs\n"
  "\n"
  "The county will install solar panels on the roofs of twelve schools this summer. "
  "The solar panels are expected to cover about a third of the schools' electricity use. "
  "Teachers plan to use the panels in science lessons, showing pupils how much electricity "
  "the roofs produce each day. The county's energy officer said that the schools' electricity "
  "bills would fall by roughly forty percent. Batteries will store electricity for cloudy "
  "days, and any surplus will be sold to the regional grid.\n";

int
main (void)
{
  g_autoptr(GError) error = NULL;

  g_autoptr(AbridgeEngine) engine = abridge_engine_new ("en", &error);
  if (engine == NULL)
    {
      fprintf (stderr, "rank-keywords: %s\n", error->message);
      return 1;
    }

  g_autoptr(AbridgeDocument) document =
    abridge_document_new (engine, text, -1, ABRIDGE_ANALYZE_DEFAULT, &error);
  if (document == NULL)
    {
      fprintf (stderr, "rank-keywords: %s\n", error->message);
      return 1;
    }

  AbridgeKeywordOptions options;
  abridge_keyword_options_init (&options);
  options.count = 8;
  options.max_words = 2;

  g_autoptr(AbridgeKeywords) keywords = abridge_keywords_extract (document, &options, &error);
  if (keywords == NULL)
    {
      fprintf (stderr, "rank-keywords: %s\n", error->message);
      return 1;
    }

  printf ("%-4s %-22s %9s  %-18s %4s  %s\n", "rank", "keyphrase", "score", "stem", "freq",
          "first");
  for (guint i = 0; i < abridge_keywords_get_count (keywords); i++)
    {
      gsize start = 0, end = 0;
      if (abridge_keywords_get_frequency (keywords, i) > 0)
        abridge_keywords_get_occurrence (keywords, i, 0, &start, &end);
      printf ("%-4u %-22s %9.4f  %-18s %4u  [%zu..%zu]\n", i + 1,
              abridge_keywords_get_text (keywords, i), abridge_keywords_get_score (keywords, i),
              abridge_keywords_get_stem (keywords, i),
              abridge_keywords_get_frequency (keywords, i), start, end);
    }
  return 0;
}
