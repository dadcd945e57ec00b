/* summarize-string.c — summarize a string with libabridge.
 *
 *   cc summarize-string.c $(pkg-config --cflags --libs abridge) -o summarize-string
 *
 * Creates an English engine, analyzes a string literal, asks for a two-sentence summary and
 * prints each selected sentence with its byte range in the input and its score. */
#include <abridge.h>
#include <stdio.h>

static const char text[] =
  "Town Council Approves New Library\n"
  "\n"
  "The town council voted on Monday to build a new public library on the site of the old "
  "bus depot. The project will cost about two million euros and should open in three years. "
  "Council members said the current library is too small for the growing number of visitors, "
  "and its roof has leaked for a decade. The new building will have a children's wing, a "
  "study hall and a small theatre. Some residents asked whether the money would be better "
  "spent on roads. The mayor replied that the library budget comes from a regional culture "
  "fund that cannot be used for roads.\n";

int
main (void)
{
  g_autoptr(GError) error = NULL;

  g_autoptr(AbridgeEngine) engine = abridge_engine_new ("en", &error);
  if (engine == NULL)
    {
      fprintf (stderr, "summarize-string: %s\n", error->message);
      return 1;
    }

  g_autoptr(AbridgeDocument) document =
    abridge_document_new (engine, text, -1, ABRIDGE_ANALYZE_DEFAULT, &error);
  if (document == NULL)
    {
      fprintf (stderr, "summarize-string: %s\n", error->message);
      return 1;
    }

  AbridgeSummaryOptions options;
  abridge_summary_options_init (&options);
  options.sentences = 2;

  g_autoptr(AbridgeSummary) summary = abridge_summarize (document, &options, &error);
  if (summary == NULL)
    {
      fprintf (stderr, "summarize-string: %s\n", error->message);
      return 1;
    }

  printf ("abridge %s: %u sentences, %u words; summary:\n", abridge_version (),
          abridge_document_get_sentence_count (document),
          abridge_document_get_word_count (document));
  for (guint i = 0; i < abridge_summary_get_count (summary); i++)
    {
      gsize start, end;
      abridge_summary_get_offsets (summary, i, &start, &end);
      printf ("[%zu..%zu] %.4f  %s\n", start, end, abridge_summary_get_score (summary, i),
              abridge_summary_get_text (summary, i));
    }
  return 0;
}
