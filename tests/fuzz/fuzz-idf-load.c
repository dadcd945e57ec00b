/* fuzz-idf-load — abridge_idf_load() on arbitrary bytes written to a temporary file. The bytes
 * are loaded twice: as they are (so mostly refused by the checksum), and with the checksum line
 * replaced by a correct one, so that the header and term-line parser is reached. A model that
 * loads is queried (document and term counts, every term and its df, df lookups), used to weigh
 * the terms of a fixed text (summary and keyphrases must keep finite scores), merged into a new
 * model, saved and loaded back (same counts). */
#include "fuzz-common.h"

#include <fcntl.h>
#include <unistd.h>

static char *model_path, *saved_path;
static GHashTable *engines; /* Snowball name -> AbridgeEngine */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char sample[] =
  "Harbour Bridge repairs approved\n\n"
  "The city council voted 7-2 on Tuesday night to approve a repair programme for the Harbour "
  "Bridge. The decision means the bridge will remain open to traffic during most of the work. "
  "Dr. Miriam Osei said the bridge was in fair but declining condition. Le pont restera ouvert. "
  "Die Brücke bleibt offen. Мост останется открытым.\n";

static void
remove_files (void)
{
  if (model_path)
    unlink (model_path);
  if (saved_path)
    unlink (saved_path);
}

static char *
temp_path (void)
{
  GError *error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("abridge-fuzz-idf-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  return path;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  model_path = temp_path ();
  saved_path = temp_path ();
  atexit (remove_files);
  engines = g_hash_table_new (g_str_hash, g_str_equal);
  return 0;
}


static AbridgeEngine *
engine_for (const char *language)
{
  AbridgeEngine *engine = g_hash_table_lookup (engines, language);
  if (engine == NULL) {
    GError *error = NULL;
    engine = abridge_engine_new (language, &error);
    FUZZ_CHECK (engine != NULL, "a model loaded for language '%s', which has no engine: %s",
                language, error ? error->message : "?");
    g_hash_table_insert (engines, g_strdup (language), engine);
  }
  return engine;
}

static void
query_model (AbridgeIdf *idf)
{
  guint64 documents = abridge_idf_get_document_count (idf);
  guint64 n = abridge_idf_get_term_count (idf);
  const char *language = abridge_idf_get_language (idf);
  FUZZ_CHECK (language != NULL && *language, "a model without a language");
  char *previous = NULL;
  for (guint64 i = 0; i < n && i < 4096; i++) {
    guint64 df = G_MAXUINT64 - 1;
    char *term = abridge_idf_get_term (idf, i, &df);
    FUZZ_CHECK (term != NULL, "term %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " is NULL", i, n);
    FUZZ_CHECK (previous == NULL || strcmp (previous, term) < 0,
                "terms %" G_GUINT64_FORMAT " and the one before are not in strict byte order", i);
    guint64 lookup = abridge_idf_get_df (idf, term);
    FUZZ_CHECK (lookup == df, "term %" G_GUINT64_FORMAT " '%s': df %" G_GUINT64_FORMAT
                ", lookup %" G_GUINT64_FORMAT, i, term, df, lookup);
    g_free (previous);
    previous = term;
  }
  g_free (previous);
  (void) abridge_idf_get_df (idf, "");
  (void) abridge_idf_get_df (idf, "bridg");
  (void) abridge_idf_get_df (idf, "\xff\xff\xff");

  /* Weigh a text with it. */
  AbridgeEngine *engine = engine_for (language);
  /* The model's language must be reported as a Snowball name (abridge.h), the engine's. Known bug
   * (tests/inputs/regress-idf-language-alias.bin): a header naming it by another accepted
   * spelling ("en", "English") loads but keeps that spelling, and set_idf/merge then refuse the
   * model ("the IDF model is for en, the engine for english"). */
  if (strcmp (language, abridge_engine_get_language (engine)) != 0) {
    FUZZ_CHECK (fuzz_skip_known, "the model's language is '%s', not the Snowball name '%s': "
                "abridge_engine_set_idf() and abridge_idf_merge() will refuse it", language,
                abridge_engine_get_language (engine));
    return;
  }
  GError *error = NULL;
  FUZZ_CHECK (abridge_engine_set_idf (engine, idf, &error), "set_idf: %s",
              error ? error->message : "?");
  AbridgeDocument *doc = fuzz_analyze (engine, (const guint8 *) sample, sizeof sample - 1, 0);
  FUZZ_CHECK (doc != NULL, "the sample text was refused");
  fuzz_summarize_and_extract (doc, sizeof sample - 1, (guint32) (documents * 31 + n));
  abridge_document_free (doc);
  abridge_engine_set_idf (engine, NULL, NULL);

  /* Merge into a fresh model, save, load back. */
  AbridgeIdf *copy = abridge_idf_new (engine);
  FUZZ_CHECK (abridge_idf_merge (copy, idf, &error), "merge: %s", error ? error->message : "?");
  FUZZ_CHECK (abridge_idf_get_term_count (copy) == n,
              "merged copy has %" G_GUINT64_FORMAT " terms, the model %" G_GUINT64_FORMAT,
              abridge_idf_get_term_count (copy), n);
  FUZZ_CHECK (abridge_idf_save (copy, saved_path, &error), "save: %s",
              error ? error->message : "?");
  AbridgeIdf *again = abridge_idf_load (saved_path, &error);
  FUZZ_CHECK (again != NULL, "a saved copy of a loaded model does not load: %s",
              error ? error->message : "?");
  FUZZ_CHECK (abridge_idf_get_term_count (again) == n
              && abridge_idf_get_document_count (again) == documents,
              "round trip: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " terms/documents, was %"
              G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, abridge_idf_get_term_count (again),
              abridge_idf_get_document_count (again), n, documents);
  abridge_idf_free (again);
  abridge_idf_free (copy);
}

static void
load (const guint8 *data, gsize size)
{
  if (!test_write_repeated (model_path, data, size, 1))
    g_error ("cannot write %s: %s", model_path, g_strerror (errno));
  GError *error = NULL;
  AbridgeIdf *idf = abridge_idf_load (model_path, &error);
  if (idf == NULL) {
    FUZZ_CHECK (error != NULL && error->domain == ABRIDGE_ERROR
                && error->code == ABRIDGE_ERROR_MODEL,
                "refused without an ABRIDGE_ERROR_MODEL error: %s", error ? error->message : "?");
    g_error_free (error);
    return;
  }
  query_model (idf);
  abridge_idf_free (idf);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  load (data, size);

  /* The same bytes with a correct checksum line: everything up to the last line starting with
   * "checksum sha256 " (or everything, with a final newline) is the body. */
  GString *fixed = g_string_new_len ((const char *) data, (gssize) size);
  const char *tail = g_strrstr_len (fixed->str, (gssize) fixed->len, "\nchecksum sha256 ");
  if (tail != NULL)
    g_string_truncate (fixed, (gsize) (tail - fixed->str) + 1);
  else if (fixed->len > 0 && fixed->str[fixed->len - 1] != '\n')
    g_string_append_c (fixed, '\n');
  char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) fixed->str,
                                           fixed->len);
  g_string_append_printf (fixed, "checksum sha256 %s\n", sum);
  g_free (sum);
  load ((const guint8 *) fixed->str, fixed->len);
  g_string_free (fixed, TRUE);
  return 0;
}
