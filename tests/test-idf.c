/* test-idf.c — idf.c: building a model of document frequencies, saving and loading it,
 * merging shards, pruning, refusing damaged or foreign files, and using a model in an engine. */
#include "abridge-test.h"
#include "abridge-private.h"

#include <glib/gstdio.h>
#include <math.h>

static AbridgeEngine *engine;
static char *tmpdir;

static const char *const docs[] = {
  "Solar panels power the school. The school opened in May.",
  "The school library opened a new wing. Solar energy is cheap.",
  "Wind turbines power the farm. The farm sells power.",
};

static void
setup (void)
{
  engine = test_engine ("english");
  GError *error = NULL;
  tmpdir = g_dir_make_tmp ("abridge-idf-XXXXXX", &error);
  ck_assert_msg (tmpdir != NULL, "%s", error ? error->message : "?");
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL) {
    char *path = g_build_filename (dir, name, NULL);
    g_remove (path);
    g_free (path);
  }
  g_dir_close (d);
  g_rmdir (dir);
}

static void
teardown (void)
{
  abridge_engine_free (engine);
  engine = NULL;
  remove_tree (tmpdir);
  g_free (tmpdir);
  tmpdir = NULL;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
add_text (AbridgeIdf *idf, const AbridgeEngine *e, const char *text)
{
  AbridgeDocument *doc = test_document (e, text, ABRIDGE_ANALYZE_NO_TITLE);
  GError *error = NULL;
  ck_assert_msg (abridge_idf_add_document (idf, doc, &error), "add: %s",
                 error ? error->message : "?");
  abridge_document_free (doc);
}

/* A model of docs[first, last). */
static AbridgeIdf *
model_of (guint first, guint last)
{
  AbridgeIdf *idf = abridge_idf_new (engine);
  for (guint i = first; i < last; i++)
    add_text (idf, engine, docs[i]);
  return idf;
}

static void
save_ok (const AbridgeIdf *idf, const char *path)
{
  GError *error = NULL;
  ck_assert_msg (abridge_idf_save (idf, path, &error), "save %s: %s", path,
                 error ? error->message : "?");
}

static AbridgeIdf *
load_ok (const char *path)
{
  GError *error = NULL;
  AbridgeIdf *idf = abridge_idf_load (path, &error);
  ck_assert_msg (idf != NULL, "load %s: %s", path, error ? error->message : "?");
  return idf;
}

static GBytes *
read_bytes (const char *path)
{
  char *contents;
  gsize length;
  ck_assert (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

static void
write_bytes (const char *path, const char *data, gsize length)
{
  ck_assert (g_file_set_contents (path, data, (gssize) length, NULL));
}

static void
assert_model_error (const char *path)
{
  GError *error = NULL;
  AbridgeIdf *idf = abridge_idf_load (path, &error);
  ck_assert_ptr_null (idf);
  ck_assert_msg (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL),
                 "expected a model error, got %s", error ? error->message : "(none)");
  g_clear_error (&error);
}

/* Expected document frequencies over docs[0..2]. */
static const struct { const char *term; guint64 df; } expected_df[] = {
  { "solar", 2 }, { "school", 2 }, { "power", 2 }, { "open", 2 }, { "panel", 1 },
  { "librari", 1 }, { "wind", 1 }, { "farm", 1 }, { "turbin", 1 }, { "energi", 1 },
  { "the", 0 }, { "absent", 0 },
};

static void
assert_expected_df (const AbridgeIdf *idf)
{
  ck_assert_uint_eq (abridge_idf_get_document_count (idf), 3);
  for (guint i = 0; i < G_N_ELEMENTS (expected_df); i++) {
    guint64 df = abridge_idf_get_df (idf, expected_df[i].term);
    ck_assert_msg (df == expected_df[i].df, "df(%s) = %" G_GUINT64_FORMAT ", expected %"
                   G_GUINT64_FORMAT, expected_df[i].term, df, expected_df[i].df);
  }
}

/* ---- Building -------------------------------------------------------------------------- */

START_TEST (test_build_counts_documents_and_df)
{
  AbridgeIdf *idf = model_of (0, 3);
  assert_expected_df (idf);
  ck_assert_str_eq (abridge_idf_get_language (idf), "english");
  /* A term is counted once per document however often it occurs ("power" twice in doc 3). */
  ck_assert_uint_eq (abridge_idf_get_df (idf, "power"), 2);
  abridge_idf_free (idf);
}
END_TEST

START_TEST (test_empty_model)
{
  AbridgeIdf *idf = abridge_idf_new (engine);
  ck_assert_uint_eq (abridge_idf_get_document_count (idf), 0);
  ck_assert_uint_eq (abridge_idf_get_term_count (idf), 0);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "solar"), 0);
  char *path = tmp_path ("empty.idf");
  save_ok (idf, path);
  AbridgeIdf *loaded = load_ok (path);
  ck_assert_uint_eq (abridge_idf_get_document_count (loaded), 0);
  ck_assert_uint_eq (abridge_idf_get_term_count (loaded), 0);
  ck_assert_uint_eq (abridge_idf_get_df (loaded, "solar"), 0);
  abridge_idf_free (loaded);
  abridge_idf_free (idf);
  g_free (path);
}
END_TEST

START_TEST (test_terms_listed_in_byte_order)
{
  AbridgeIdf *idf = model_of (0, 3);
  guint64 n = abridge_idf_get_term_count (idf);
  ck_assert_uint_gt (n, 8);
  char *previous = NULL;
  guint64 total = 0;
  for (guint64 i = 0; i < n; i++) {
    guint64 df = 0;
    char *term = abridge_idf_get_term (idf, i, &df);
    ck_assert_uint_eq (df, abridge_idf_get_df (idf, term));
    ck_assert_uint_ge (df, 1);
    ck_assert_uint_le (df, 3);
    if (previous != NULL)
      ck_assert_msg (strcmp (previous, term) < 0, "'%s' listed before '%s'", previous, term);
    g_free (previous);
    previous = term;
    total += df;
  }
  g_free (previous);
  /* Sum of df = sum over documents of their distinct terms. */
  guint64 distinct = 0;
  for (guint d = 0; d < G_N_ELEMENTS (docs); d++) {
    AbridgeDocument *doc = test_document (engine, docs[d], ABRIDGE_ANALYZE_NO_TITLE);
    distinct += doc->terms->len;
    abridge_document_free (doc);
  }
  ck_assert_uint_eq (total, distinct);
  abridge_idf_free (idf);
}
END_TEST

START_TEST (test_add_document_language_mismatch)
{
  AbridgeIdf *idf = abridge_idf_new (engine);
  AbridgeEngine *french = test_engine ("french");
  AbridgeDocument *doc = test_document (french, "Le march\xC3\xA9 ouvre.", ABRIDGE_ANALYZE_DEFAULT);
  GError *error = NULL;
  ck_assert (!abridge_idf_add_document (idf, doc, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL));
  g_clear_error (&error);
  ck_assert_uint_eq (abridge_idf_get_document_count (idf), 0);
  abridge_document_free (doc);
  abridge_engine_free (french);
  abridge_idf_free (idf);
}
END_TEST

/* ---- Save and load --------------------------------------------------------------------- */

START_TEST (test_save_and_load_round_trip)
{
  AbridgeIdf *idf = model_of (0, 3);
  char *path = tmp_path ("model.idf");
  save_ok (idf, path);
  AbridgeIdf *loaded = load_ok (path);
  assert_expected_df (loaded);
  ck_assert_str_eq (abridge_idf_get_language (loaded), "english");
  ck_assert_uint_eq (abridge_idf_get_term_count (loaded), abridge_idf_get_term_count (idf));
  for (guint64 i = 0; i < abridge_idf_get_term_count (idf); i++) {
    guint64 a, b;
    char *x = abridge_idf_get_term (idf, i, &a);
    char *y = abridge_idf_get_term (loaded, i, &b);
    ck_assert_str_eq (x, y);
    ck_assert_uint_eq (a, b);
    ck_assert_uint_eq (abridge_idf_get_df (loaded, x), a);
    g_free (x);
    g_free (y);
  }
  /* Saving the loaded model gives the same bytes. */
  char *again = tmp_path ("again.idf");
  save_ok (loaded, again);
  GBytes *first = read_bytes (path), *second = read_bytes (again);
  ck_assert (g_bytes_equal (first, second));
  g_bytes_unref (first);
  g_bytes_unref (second);
  abridge_idf_free (loaded);
  abridge_idf_free (idf);
  g_free (path);
  g_free (again);
}
END_TEST

START_TEST (test_loaded_model_can_grow)
{
  char *path = tmp_path ("two.idf");
  AbridgeIdf *two = model_of (0, 2);
  save_ok (two, path);
  abridge_idf_free (two);
  AbridgeIdf *loaded = load_ok (path);
  add_text (loaded, engine, docs[2]);
  assert_expected_df (loaded);
  abridge_idf_free (loaded);
  g_free (path);
}
END_TEST

START_TEST (test_save_to_unwritable_path_is_io_error)
{
  AbridgeIdf *idf = model_of (0, 1);
  char *path = g_build_filename (tmpdir, "no-such-dir", "model.idf", NULL);
  GError *error = NULL;
  ck_assert (!abridge_idf_save (idf, path, &error));
  ck_assert_msg (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_IO),
                 "unexpected error %s", error ? error->message : "(none)");
  g_clear_error (&error);
  abridge_idf_free (idf);
  g_free (path);
}
END_TEST

START_TEST (test_load_missing_file_is_io_error)
{
  char *path = tmp_path ("missing.idf");
  GError *error = NULL;
  ck_assert_ptr_null (abridge_idf_load (path, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_IO));
  g_clear_error (&error);
  g_free (path);
}
END_TEST

/* ---- Merge ----------------------------------------------------------------------------- */

START_TEST (test_merge_of_shards_equals_model_of_all)
{
  char *all_path = tmp_path ("all.idf"), *a_path = tmp_path ("a.idf"),
       *b_path = tmp_path ("b.idf"), *merged_path = tmp_path ("merged.idf"),
       *reversed_path = tmp_path ("reversed.idf"), *mutable_path = tmp_path ("mutable.idf");
  AbridgeIdf *all = model_of (0, 3);
  save_ok (all, all_path);
  AbridgeIdf *a = model_of (0, 2), *b = model_of (2, 3);
  save_ok (a, a_path);
  save_ok (b, b_path);

  /* Loaded shards, merged (as 'abridge idf merge' does). */
  GError *error = NULL;
  AbridgeIdf *la = load_ok (a_path), *lb = load_ok (b_path);
  ck_assert (abridge_idf_merge (la, lb, &error));
  assert_expected_df (la);
  save_ok (la, merged_path);

  /* The other order. */
  AbridgeIdf *lb2 = load_ok (b_path), *la2 = load_ok (a_path);
  ck_assert (abridge_idf_merge (lb2, la2, &error));
  save_ok (lb2, reversed_path);

  /* In-memory shards. */
  ck_assert (abridge_idf_merge (a, b, &error));
  save_ok (a, mutable_path);

  GBytes *expected = read_bytes (all_path);
  const char *paths[] = { merged_path, reversed_path, mutable_path };
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++) {
    GBytes *got = read_bytes (paths[i]);
    ck_assert_msg (g_bytes_equal (got, expected), "%s differs from the model of all documents",
                   paths[i]);
    g_bytes_unref (got);
  }
  g_bytes_unref (expected);

  abridge_idf_free (all);
  abridge_idf_free (a);
  abridge_idf_free (b);
  abridge_idf_free (la);
  abridge_idf_free (lb);
  abridge_idf_free (la2);
  abridge_idf_free (lb2);
  g_free (all_path);
  g_free (a_path);
  g_free (b_path);
  g_free (merged_path);
  g_free (reversed_path);
  g_free (mutable_path);
}
END_TEST

START_TEST (test_merge_language_mismatch)
{
  AbridgeEngine *french = test_engine ("french");
  AbridgeIdf *en = model_of (0, 1), *fr = abridge_idf_new (french);
  add_text (fr, french, "Le march\xC3\xA9 ouvre ses portes.");
  GError *error = NULL;
  ck_assert (!abridge_idf_merge (en, fr, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL));
  g_clear_error (&error);
  ck_assert_uint_eq (abridge_idf_get_document_count (en), 1);
  abridge_idf_free (en);
  abridge_idf_free (fr);
  abridge_engine_free (french);
}
END_TEST

/* ---- Prune ----------------------------------------------------------------------------- */

START_TEST (test_prune_min_df_and_max_terms)
{
  AbridgeIdf *idf = model_of (0, 3);
  abridge_idf_prune (idf, 2, 0);
  ck_assert_uint_eq (abridge_idf_get_term_count (idf), 4);   /* solar, school, power, open */
  ck_assert_uint_eq (abridge_idf_get_df (idf, "solar"), 2);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "panel"), 0);
  ck_assert_uint_eq (abridge_idf_get_document_count (idf), 3);
  /* Keep the 2 most frequent; ties by term bytes: open, power. */
  abridge_idf_prune (idf, 0, 2);
  ck_assert_uint_eq (abridge_idf_get_term_count (idf), 2);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "open"), 2);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "power"), 2);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "solar"), 0);
  abridge_idf_free (idf);
}
END_TEST

/* ---- Damaged files --------------------------------------------------------------------- */

START_TEST (test_corrupted_file_is_refused)
{
  AbridgeIdf *idf = model_of (0, 3);
  char *path = tmp_path ("model.idf"), *bad = tmp_path ("bad.idf");
  save_ok (idf, path);
  GBytes *bytes = read_bytes (path);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  /* Flip one byte: in the header, in a term, in a count, in the checksum. */
  const char *targets[] = { "english", "school", "\t2", "checksum sha256 " };
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++) {
    const char *at = g_strstr_len (data, (gssize) length, targets[t]);
    ck_assert_ptr_nonnull (at);
    gsize offset = (gsize) (at - data) + strlen (targets[t]) - 1;
    if (t == 3)
      offset += 5;  /* into the hex digest */
    char *copy = g_memdup2 (data, length);
    copy[offset] ^= 0x01;
    write_bytes (bad, copy, length);
    assert_model_error (bad);
    g_free (copy);
  }
  /* Every single byte flipped is caught (sampled every 7 bytes to stay fast). */
  for (gsize offset = 0; offset < length; offset += 7) {
    char *copy = g_memdup2 (data, length);
    copy[offset] ^= 0x20;
    write_bytes (bad, copy, length);
    GError *error = NULL;
    AbridgeIdf *loaded = abridge_idf_load (bad, &error);
    ck_assert_msg (loaded == NULL, "byte %zu flipped: model accepted", offset);
    ck_assert_msg (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL),
                   "byte %zu flipped: %s", offset, error ? error->message : "(none)");
    g_clear_error (&error);
    g_free (copy);
  }
  g_bytes_unref (bytes);
  abridge_idf_free (idf);
  g_free (path);
  g_free (bad);
}
END_TEST

START_TEST (test_truncated_file_is_refused)
{
  AbridgeIdf *idf = model_of (0, 3);
  char *path = tmp_path ("model.idf"), *bad = tmp_path ("truncated.idf");
  save_ok (idf, path);
  GBytes *bytes = read_bytes (path);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  const gsize cuts[] = { 0, 1, 10, 79, 80, length / 2, length - 66, length - 2, length - 1 };
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++) {
    write_bytes (bad, data, cuts[i]);
    assert_model_error (bad);
  }
  /* Cut after a whole line: the checksum line is missing. */
  const char *last_line = g_strrstr_len (data, (gssize) length - 1, "\n");
  write_bytes (bad, data, (gsize) (last_line - data) + 1);
  assert_model_error (bad);
  /* Extra bytes after the checksum. */
  char *longer = g_strconcat (data, "solar\t1\n", NULL);
  write_bytes (bad, longer, strlen (longer));
  assert_model_error (bad);
  g_free (longer);
  g_bytes_unref (bytes);
  abridge_idf_free (idf);
  g_free (path);
  g_free (bad);
}
END_TEST

/* Writes a model file with a correct checksum over @body. */
static void
write_with_checksum (const char *path, const char *body)
{
  char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  char *file = g_strdup_printf ("%schecksum sha256 %s\n", body, sum);
  write_bytes (path, file, strlen (file));
  g_free (file);
  g_free (sum);
}

START_TEST (test_well_sealed_but_invalid_files_are_refused)
{
  char *path = tmp_path ("forged.idf");
  const char *header = "abridge-idf 1\nlanguage english\nnormalization nfkc-casefold+snowball\n";
  const char *bodies[] = {
    /* unsorted terms */
    "documents 2\nterms 2\nsolar\t1\nbridg\t2\n",
    /* count does not match */
    "documents 2\nterms 3\nbridg\t2\nsolar\t1\n",
    /* bad df */
    "documents 2\nterms 2\nbridg\t2x\nsolar\t1\n",
    /* no tab */
    "documents 2\nterms 2\nbridg 2\nsolar\t1\n",
    /* bad header number */
    "documents two\nterms 2\nbridg\t2\nsolar\t1\n",
    /* duplicate term */
    "documents 2\nterms 2\nbridg\t2\nbridg\t1\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++) {
    char *body = g_strconcat (header, bodies[i], NULL);
    write_with_checksum (path, body);
    assert_model_error (path);
    g_free (body);
  }
  /* Other version, other normalization, unknown language. */
  const char *foreign[] = {
    "abridge-idf 2\nlanguage english\nnormalization nfkc-casefold+snowball\ndocuments 1\nterms 0\n",
    "abridge-idf 1\nlanguage english\nnormalization nfc\ndocuments 1\nterms 0\n",
    "abridge-idf 1\nlanguage klingon\nnormalization nfkc-casefold+snowball\ndocuments 1\nterms 0\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++) {
    write_with_checksum (path, foreign[i]);
    assert_model_error (path);
  }
  /* And the same construction, valid, loads (so the cases above fail for their reason). */
  char *body = g_strconcat (header, "documents 2\nterms 2\nbridg\t2\nsolar\t1\n", NULL);
  write_with_checksum (path, body);
  AbridgeIdf *idf = load_ok (path);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "bridg"), 2);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "solar"), 1);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "brid"), 0);
  ck_assert_uint_eq (abridge_idf_get_df (idf, "zzz"), 0);
  abridge_idf_free (idf);
  g_free (body);
  g_free (path);
}
END_TEST

/* ---- In an engine ---------------------------------------------------------------------- */

START_TEST (test_engine_language_mismatch_is_refused)
{
  AbridgeIdf *idf = model_of (0, 3);
  AbridgeEngine *french = test_engine ("fr");
  GError *error = NULL;
  ck_assert (!abridge_engine_set_idf (french, idf, &error));
  ck_assert_msg (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL),
                 "unexpected error %s", error ? error->message : "(none)");
  g_clear_error (&error);
  ck_assert_ptr_null (french->idf);
  abridge_engine_free (french);

  /* A loaded model too. */
  char *path = tmp_path ("model.idf");
  save_ok (idf, path);
  AbridgeIdf *loaded = load_ok (path);
  AbridgeEngine *german = test_engine ("german");
  ck_assert (!abridge_engine_set_idf (german, loaded, &error));
  ck_assert (g_error_matches (error, ABRIDGE_ERROR, ABRIDGE_ERROR_MODEL));
  g_clear_error (&error);
  abridge_engine_free (german);
  abridge_idf_free (loaded);
  abridge_idf_free (idf);
  g_free (path);
}
END_TEST

START_TEST (test_engine_uses_model_weights)
{
  char *path = tmp_path ("model.idf");
  AbridgeIdf *built = model_of (0, 3);
  save_ok (built, path);
  abridge_idf_free (built);
  AbridgeIdf *idf = load_ok (path);
  GError *error = NULL;
  ck_assert (abridge_engine_set_idf (engine, idf, &error));
  abridge_idf_free (idf);  /* the engine keeps its own reference */

  AbridgeDocument *doc = test_document (engine, "Solar farms power schools. Zebras graze.",
                                        ABRIDGE_ANALYZE_DEFAULT);
  for (guint t = 0; t < doc->terms->len; t++) {
    const Term *term = &g_array_index (doc->terms, Term, t);
    guint64 df = 0;
    if (strcmp (term->stem, "solar") == 0 || strcmp (term->stem, "power") == 0
        || strcmp (term->stem, "school") == 0)
      df = 2;
    else if (strcmp (term->stem, "farm") == 0)
      df = 1;
    ck_assert_msg (fabs (term->idf - (log (4.0 / (1.0 + (double) df)) + 1.0)) < 1e-12,
                   "idf(%s) = %g", term->stem, term->idf);
  }
  AbridgeSummary *summary = abridge_summarize (doc, NULL, NULL);
  ck_assert_ptr_nonnull (summary);
  abridge_summary_free (summary);
  abridge_document_free (doc);

  /* Back to in-document weights. */
  ck_assert (abridge_engine_set_idf (engine, NULL, NULL));
  doc = test_document (engine, "Solar farms power schools. Zebras graze.", ABRIDGE_ANALYZE_DEFAULT);
  for (guint t = 0; t < doc->terms->len; t++)
    ck_assert_double_eq_tol (g_array_index (doc->terms, Term, t).idf, log (3.0 / 2.0) + 1.0,
                             1e-12);
  abridge_document_free (doc);
  g_free (path);
}
END_TEST


/* ---- abridge_idf_add_text: the lean path gives the same model as documents ------------- */

/* Tricky inputs: quotes, abbreviations, URLs and handles, numbers, elision, CJK bigrams, the
 * same bytes as a URL and as a word, furniture (its terms still count), invalid UTF-8, a BOM,
 * CRLF, markup. Each with the flags it is analyzed with. */
static const struct { const char *text; AbridgeAnalyzeFlags flags; } tricky[] = {
  { "\"We will win,\" he said. 'Really?' she asked. \xE2\x80\x9CYes.\xE2\x80\x9D Then: (it ended.)", 0 },
  { "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. on Jan. 3. They agreed, e.g. on tariffs.", 0 },
  { "See https://example.com/a?b=c and mail me@example.org or @handle. example.com is a word?", 0 },
  { "COVID-19 rose 3.5% at S&P; don't panic. It's 2004's best. A B C d e f.", 0 },
  { "L'homme d'affaires qu'il connaissait est arriv\xC3\xA9 \xC3\xA0 l'h\xC3\xB4tel. C'est la vie.", 0 },
  { "\xE4\xB8\x9C\xE4\xBA\xAC\xE6\x98\xAF\xE6\x97\xA5\xE6\x9C\xAC\xE7\x9A\x84\xE9\xA6\x96\xE9\x83\xBD\xE3\x80\x82\xE4\xBA\xBA\xE5\x8F\xA3\xE5\xBE\x88\xE5\xA4\x9A\xE3\x80\x82 Tokyo is big.", 0 },
  { "By Jane Smith\n\nShare this article. Follow us on Twitter.\n\nThe council met today. "
    "We use cookies to improve your experience; accept them.\n\nPhoto: Getty Images", 0 },
  { "Caf\xC3\xA9 caf\xC3\xA9 CAF\xC3\x89 cafe\xCC\x81 \xEF\xAC\x81nance \xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 Stra\xC3\x9F" "e strasse.", 0 },
  { "Bad \xFF bytes \xC3 here. Still counted.", 0 },
  { "\xEF\xBB\xBFThe BOM line.\r\nA CRLF line.\rA CR line.", 0 },
  { "<html><head><title>Bridge repair</title></head><body><nav>Home | News</nav>"
    "<article><h1>Bridge repair</h1><p class=\"byline\">By Ann Lee</p><p>The council "
    "approved the repair of the harbour bridge.</p><script>var x = 1;</script>"
    "<footer>Copyright 2024</footer></article></body></html>", ABRIDGE_ANALYZE_HTML },
  { "# Title\n\nSome *emphasis* and `code` and a [link](https://example.com).\n\n"
    "```\nfenced code block\n```\n\n- item one\n- item two\n", ABRIDGE_ANALYZE_MARKDOWN },
  { "", 0 },
  { "   \n\n  ", 0 },
};

/* Adds @text to @by_document through a document and to @by_text through the lean path; both
 * must succeed or fail alike. */
static void
add_both (AbridgeIdf *by_document, AbridgeIdf *by_text, const AbridgeEngine *e, const char *text,
          gssize len, AbridgeAnalyzeFlags flags)
{
  GError *error1 = NULL, *error2 = NULL;
  AbridgeDocument *doc = abridge_document_new (e, text, len, flags | ABRIDGE_ANALYZE_NO_TITLE,
                                               &error1);
  gboolean ok1 = doc != NULL && abridge_idf_add_document (by_document, doc, &error1);
  gboolean ok2 = abridge_idf_add_text (by_text, e, text, len, flags, &error2);
  ck_assert_msg (ok1 == ok2, "document path %s, text path %s", ok1 ? "ok" : error1->message,
                 ok2 ? "ok" : error2->message);
  if (!ok1) {
    ck_assert_msg (error1->domain == error2->domain && error1->code == error2->code
                   && strcmp (error1->message, error2->message) == 0,
                   "errors differ: %s / %s", error1->message, error2->message);
  }
  g_clear_error (&error1);
  g_clear_error (&error2);
  abridge_document_free (doc);
}

/* The two models, saved, are the same bytes. */
static void
assert_same_models (const AbridgeIdf *a, const AbridgeIdf *b, const char *what)
{
  char *pa = tmp_path ("a.idf"), *pb = tmp_path ("b.idf");
  save_ok (a, pa);
  save_ok (b, pb);
  GBytes *ba = read_bytes (pa), *bb = read_bytes (pb);
  ck_assert_msg (g_bytes_equal (ba, bb), "%s: the models differ (%" G_GUINT64_FORMAT " vs %"
                 G_GUINT64_FORMAT " terms)", what, abridge_idf_get_term_count (a),
                 abridge_idf_get_term_count (b));
  g_bytes_unref (ba);
  g_bytes_unref (bb);
  g_free (pa);
  g_free (pb);
}

/* Every file of corpus/ (HTML and Markdown by extension), then the tricky inputs. */
static void
add_corpus_and_tricky (AbridgeIdf *by_document, AbridgeIdf *by_text, const AbridgeEngine *e)
{
  GDir *dir = g_dir_open (CORPUS_DIR, 0, NULL);
  ck_assert (dir != NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  guint files = 0;
  for (guint i = 0; i < names->len; i++) {
    const char *n = g_ptr_array_index (names, i);
    char *path = g_build_filename (CORPUS_DIR, n, NULL);
    char *contents;
    gsize length;
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
        && g_file_get_contents (path, &contents, &length, NULL)) {
      AbridgeAnalyzeFlags flags = g_str_has_suffix (n, ".html") ? ABRIDGE_ANALYZE_HTML
                                  : g_str_has_suffix (n, ".md") ? ABRIDGE_ANALYZE_MARKDOWN
                                                                : 0;
      add_both (by_document, by_text, e, contents, (gssize) length, flags);
      g_free (contents);
      files++;
    }
    g_free (path);
  }
  g_ptr_array_unref (names);
  ck_assert_uint_ge (files, 10);
  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    add_both (by_document, by_text, e, tricky[i].text, -1, tricky[i].flags);
}

START_TEST (test_add_text_equals_add_document)
{
  /* English, a language with elision, and auto (the model takes the first document's
   * language; others are refused alike). Twice over, so that words come from the cache. */
  const char *languages[] = { "english", "french", "auto" };
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++) {
    AbridgeEngine *e = test_engine (languages[l]);
    AbridgeIdf *by_document = abridge_idf_new (e), *by_text = abridge_idf_new (e);
    for (guint round = 0; round < 2; round++)
      add_corpus_and_tricky (by_document, by_text, e);
    ck_assert_uint_gt (abridge_idf_get_term_count (by_text), 100);
    assert_same_models (by_document, by_text, languages[l]);
    abridge_idf_free (by_document);
    abridge_idf_free (by_text);
    abridge_engine_free (e);
  }
}
END_TEST

START_TEST (test_add_text_same_errors)
{
  AbridgeIdf *by_document = abridge_idf_new (engine), *by_text = abridge_idf_new (engine);
  add_both (by_document, by_text, engine, "binary\0data", 11, 0);
  add_both (by_document, by_text, engine, "Bad \xFF byte.", -1, ABRIDGE_ANALYZE_STRICT);
  abridge_engine_set_max_bytes (engine, 8);
  add_both (by_document, by_text, engine, "Longer than eight bytes.", -1, 0);
  abridge_engine_set_max_bytes (engine, 0);
  ck_assert_uint_eq (abridge_idf_get_document_count (by_text), 0);
  /* A French document into an English model (auto engine). */
  AbridgeEngine *detect = test_engine ("auto");
  AbridgeIdf *a = abridge_idf_new (detect), *b = abridge_idf_new (detect);
  add_both (a, b, detect, docs[0], -1, 0);
  add_both (a, b, detect, "Le march\xC3\xA9 ouvre ses portes le samedi matin, et les "
            "habitants viennent nombreux acheter des l\xC3\xA9gumes.", -1, 0);
  ck_assert_str_eq (abridge_idf_get_language (b), "english");
  ck_assert_uint_eq (abridge_idf_get_document_count (b), 1);
  assert_same_models (a, b, "auto");
  assert_same_models (by_document, by_text, "errors");
  abridge_idf_free (a);
  abridge_idf_free (b);
  abridge_engine_free (detect);
  abridge_idf_free (by_document);
  abridge_idf_free (by_text);
}
END_TEST

/* More engines in turn than a thread keeps stem marks for: each model's links to a cache's
 * stems are renewed when the cache is; two models counting on one thread; pruning and
 * counting again; adding documents to a model loaded from a file. */
START_TEST (test_add_text_across_caches_and_models)
{
  enum { ENGINES = 6 };
  AbridgeEngine *engines[ENGINES];
  AbridgeIdf *by_document[ENGINES], *by_text[ENGINES];
  for (guint i = 0; i < ENGINES; i++) {
    engines[i] = test_engine ("english");
    by_document[i] = abridge_idf_new (engines[i]);
    by_text[i] = abridge_idf_new (engines[i]);
  }
  for (guint round = 0; round < 3; round++) {
    for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
      for (guint i = 0; i < ENGINES; i++)
        add_both (by_document[i], by_text[i], engines[i], docs[(d + i) % G_N_ELEMENTS (docs)], -1, 0);
    if (round == 1) {
      abridge_idf_prune (by_document[0], 4, 0);
      abridge_idf_prune (by_text[0], 4, 0);
    }
  }
  for (guint i = 0; i < ENGINES; i++)
    assert_same_models (by_document[i], by_text[i], "engines in turn");
  /* Loaded models grow alike. */
  char *path = tmp_path ("loaded.idf");
  save_ok (by_text[1], path);
  AbridgeIdf *x = load_ok (path), *y = load_ok (path);
  for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
    add_both (x, y, engines[1], docs[d], -1, 0);
  assert_same_models (x, y, "loaded");
  abridge_idf_free (x);
  abridge_idf_free (y);
  g_free (path);
  for (guint i = 0; i < ENGINES; i++) {
    abridge_idf_free (by_document[i]);
    abridge_idf_free (by_text[i]);
    abridge_engine_free (engines[i]);
  }
}
END_TEST

typedef struct {
  const AbridgeEngine *engine;
  guint first;
  AbridgeIdf *model;
} CountJob;

static gpointer
count_thread (gpointer data)
{
  CountJob *job = data;
  for (guint round = 0; round < 50; round++)
    for (guint d = job->first; d < G_N_ELEMENTS (docs); d += 2) {
      GError *error = NULL;
      if (!abridge_idf_add_text (job->model, job->engine, docs[d], -1, 0, &error))
        g_error ("add_text: %s", error->message);
    }
  return NULL;
}

/* One engine, two threads each counting into its own model: merged, the model of all. */
START_TEST (test_add_text_threads_then_merge)
{
  CountJob jobs[2] = { { engine, 0, abridge_idf_new (engine) }, { engine, 1, abridge_idf_new (engine) } };
  GThread *threads[2];
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("count", count_thread, &jobs[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  GError *error = NULL;
  ck_assert (abridge_idf_merge (jobs[0].model, jobs[1].model, &error));
  AbridgeIdf *serial = abridge_idf_new (engine);
  for (guint round = 0; round < 50; round++)
    for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
      add_text (serial, engine, docs[d]);
  assert_same_models (serial, jobs[0].model, "threads");
  abridge_idf_free (serial);
  abridge_idf_free (jobs[0].model);
  abridge_idf_free (jobs[1].model);
}
END_TEST

static Suite *
idf_suite (void)
{
  Suite *s = suite_create ("idf");

  TCase *build = tcase_create ("build");
  tcase_add_checked_fixture (build, setup, teardown);
  tcase_add_test (build, test_build_counts_documents_and_df);
  tcase_add_test (build, test_empty_model);
  tcase_add_test (build, test_terms_listed_in_byte_order);
  tcase_add_test (build, test_add_document_language_mismatch);
  tcase_add_test (build, test_prune_min_df_and_max_terms);
  suite_add_tcase (s, build);

  TCase *lean = tcase_create ("add_text");
  tcase_add_checked_fixture (lean, setup, teardown);
  tcase_set_timeout (lean, 60);
  tcase_add_test (lean, test_add_text_equals_add_document);
  tcase_add_test (lean, test_add_text_same_errors);
  tcase_add_test (lean, test_add_text_across_caches_and_models);
  tcase_add_test (lean, test_add_text_threads_then_merge);
  suite_add_tcase (s, lean);

  TCase *files = tcase_create ("files");
  tcase_add_checked_fixture (files, setup, teardown);
  tcase_add_test (files, test_save_and_load_round_trip);
  tcase_add_test (files, test_loaded_model_can_grow);
  tcase_add_test (files, test_save_to_unwritable_path_is_io_error);
  tcase_add_test (files, test_load_missing_file_is_io_error);
  tcase_add_test (files, test_merge_of_shards_equals_model_of_all);
  tcase_add_test (files, test_merge_language_mismatch);
  tcase_add_test (files, test_corrupted_file_is_refused);
  tcase_add_test (files, test_truncated_file_is_refused);
  tcase_add_test (files, test_well_sealed_but_invalid_files_are_refused);
  suite_add_tcase (s, files);

  TCase *use = tcase_create ("engine");
  tcase_add_checked_fixture (use, setup, teardown);
  tcase_add_test (use, test_engine_language_mismatch_is_refused);
  tcase_add_test (use, test_engine_uses_model_weights);
  suite_add_tcase (s, use);
  return s;
}

ABRIDGE_TEST_MAIN (idf_suite)
