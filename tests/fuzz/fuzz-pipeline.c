/* fuzz-pipeline — the whole library on arbitrary bytes: a document, summaries with a few
 * budgets, orders, methods and queries (picked from a hash of the input), and keyphrases; every
 * result is checked against the input (offsets, texts, budgets, finite scores). One engine of
 * the five weighs terms with an IDF model built in memory, as with `abridge --idf`. Then the
 * document's terms are counted into a model that is saved and loaded back, as `abridge idf
 * build` and `--idf` do: a model abridge writes must load, with the same counts. */
#include "fuzz-common.h"

#include <unistd.h>

static char *model_path;

static void
remove_model (void)
{
  if (model_path)
    unlink (model_path);
}

/* en, none, fr, en with an IDF model, and "auto" (per-document language detection) when the
 * library has it. */
static AbridgeEngine *engines[5];
static guint engine_count;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const idf_texts[] = {
  "The city council voted to approve a repair programme for the Harbour Bridge.",
  "The bridge will remain open to traffic during most of the work.",
  "Dr. Osei said the bridge was in fair but declining condition.",
  "Residents of the northern suburbs welcomed the decision.",
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  static const char *const languages[] = { "en", "none", "fr", "en", "auto" };
  engine_count = fuzz_make_engines (languages, G_N_ELEMENTS (languages), engines);
  /* engines[3]: English with an IDF model. */
  AbridgeIdf *idf = abridge_idf_new (engines[3]);
  for (guint i = 0; i < G_N_ELEMENTS (idf_texts); i++) {
    AbridgeDocument *doc = abridge_document_new (engines[3], idf_texts[i], -1, 0, NULL);
    g_assert (doc != NULL && abridge_idf_add_document (idf, doc, NULL));
    abridge_document_free (doc);
  }
  g_assert (abridge_engine_set_idf (engines[3], idf, NULL));
  abridge_idf_free (idf);
  GError *error = NULL;
  int fd = g_file_open_tmp ("abridge-fuzz-pipeline-XXXXXX", &model_path, &error);
  g_assert_no_error (error);
  close (fd);
  atexit (remove_model);
  return 0;
}

/* The document's terms as a model: saved, loaded back, the same counts and dfs. */
static void
model_round_trip (const AbridgeEngine *engine, const AbridgeDocument *doc)
{
  GError *error = NULL;
  AbridgeIdf *idf = abridge_idf_new (engine);
  FUZZ_CHECK (abridge_idf_add_document (idf, doc, &error), "add_document: %s",
              error ? error->message : "?");
  /* Known bug (tests/inputs/regress-greek-empty-stem.bin): a term with an empty stem is saved as
   * a line "\t1" that the loader refuses. */
  if (fuzz_skip_known && abridge_idf_get_df (idf, "") > 0) {
    abridge_idf_free (idf);
    return;
  }
  FUZZ_CHECK (abridge_idf_save (idf, model_path, &error), "save: %s",
              error ? error->message : "?");
  AbridgeIdf *loaded = abridge_idf_load (model_path, &error);
  FUZZ_CHECK (loaded != NULL, "a model saved from a document does not load: %s",
              error ? error->message : "?");
  guint64 n = abridge_idf_get_term_count (idf);
  FUZZ_CHECK (abridge_idf_get_term_count (loaded) == n
              && abridge_idf_get_document_count (loaded) == 1
              && strcmp (abridge_idf_get_language (loaded), abridge_idf_get_language (idf)) == 0,
              "saved and loaded: %" G_GUINT64_FORMAT " terms, %" G_GUINT64_FORMAT
              " documents, %s; was %" G_GUINT64_FORMAT ", 1, %s",
              abridge_idf_get_term_count (loaded), abridge_idf_get_document_count (loaded),
              abridge_idf_get_language (loaded), n, abridge_idf_get_language (idf));
  for (guint64 i = 0; i < n && i < 256; i++) {
    guint64 df = 0;
    char *term = abridge_idf_get_term (idf, i, &df);
    FUZZ_CHECK (abridge_idf_get_df (loaded, term) == df, "term '%s': df %" G_GUINT64_FORMAT
                " saved, %" G_GUINT64_FORMAT " loaded", term, df,
                abridge_idf_get_df (loaded, term));
    g_free (term);
  }
  abridge_idf_free (loaded);
  abridge_idf_free (idf);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint32 h = fuzz_hash (data, size);
  const AbridgeEngine *engine = engines[h % engine_count];
  AbridgeAnalyzeFlags flags = (h >> 30) & 1 ? ABRIDGE_ANALYZE_NO_TITLE : ABRIDGE_ANALYZE_DEFAULT;
  AbridgeDocument *doc = fuzz_analyze (engine, data, size, flags);
  if (doc == NULL)
    return 0;
  fuzz_summarize_and_extract (doc, size, h * 2654435761u);
  model_round_trip (engine, doc);
  abridge_document_free (doc);
  return 0;
}
