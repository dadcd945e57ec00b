/* fuzz-segment — abridge_document_new() on arbitrary bytes, then every sentence is walked:
 * offsets within the input, start <= end, in order, and each sentence's text is the input's
 * bytes [start, end) with whitespace folded. NUL bytes must be refused as binary data, invalid
 * UTF-8 reported (count and first offset) or, under ABRIDGE_ANALYZE_STRICT, refused. */
#include "fuzz-common.h"

/* en, none, de, and "auto" (per-document language detection) when the library has it. */
static AbridgeEngine *engines[4];
static guint engine_count;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  static const char *const languages[] = { "en", "none", "de", "auto" };
  engine_count = fuzz_make_engines (languages, G_N_ELEMENTS (languages), engines);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint32 h = fuzz_hash (data, size);
  AbridgeDocument *doc = fuzz_analyze (engines[0], data, size, ABRIDGE_ANALYZE_DEFAULT);
  abridge_document_free (doc);
  doc = fuzz_analyze (engines[0], data, size, ABRIDGE_ANALYZE_STRICT);
  abridge_document_free (doc);
  /* Another language (other abbreviations, no stop words, detection) and the no-title flag. */
  doc = fuzz_analyze (engines[1 + h % (engine_count - 1)], data, size, ABRIDGE_ANALYZE_NO_TITLE);
  abridge_document_free (doc);
  return 0;
}
