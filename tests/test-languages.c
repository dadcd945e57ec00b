/* test-languages.c — text analysis in each language: detection of the language (every
 * language of corpus/langid on a sentence written for this test, scripts, undetectable and
 * mixed text), auto engines, and the tricky cases of each language: abbreviations, ordinals,
 * elision, quotation marks, scripts without spaces, right-to-left text. White-box where it
 * reads tokens and words. */
#include "abridge-test.h"
#include "abridge-private.h"

#include <libstemmer.h>

/* Analyzes @text with an engine for @language and checks its units against the
 * NULL-terminated list that follows. */
static void
assert_split_in (const char *language, const char *text, ...)
{
  GPtrArray *expected = g_ptr_array_new ();
  va_list args;
  va_start (args, text);
  for (const char *s = va_arg (args, const char *); s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (expected, (gpointer) s);
  va_end (args);
  g_ptr_array_add (expected, NULL);
  AbridgeEngine *engine = test_engine (language);
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_NO_TITLE);
  test_assert_sentences (doc, (const char *const *) expected->pdata);
  abridge_document_free (doc);
  abridge_engine_free (engine);
  g_ptr_array_unref (expected);
}

/* The word of the first token whose bytes are @surface; fails when there is none. */
static const Word *
word_of (const AbridgeDocument *doc, const char *surface)
{
  gsize n = strlen (surface);
  GString *all = g_string_new (NULL);
  for (guint i = 0; i < doc->tokens->len; i++) {
    const Token *t = &g_array_index (doc->tokens, Token, i);
    if (t->end - t->start == n && memcmp (doc->prepared.text + t->start, surface, n) == 0) {
      g_string_free (all, TRUE);
      return &g_array_index (doc->words, Word, t->word);
    }
    g_string_append_printf (all, " {%.*s}", (int) (t->end - t->start), doc->prepared.text + t->start);
  }
  ck_abort_msg ("no token <%s>; tokens:%s", surface, all->str);
  return NULL;
}

static gboolean
has_token (const AbridgeDocument *doc, const char *surface)
{
  gsize n = strlen (surface);
  for (guint i = 0; i < doc->tokens->len; i++) {
    const Token *t = &g_array_index (doc->tokens, Token, i);
    if (t->end - t->start == n && memcmp (doc->prepared.text + t->start, surface, n) == 0)
      return TRUE;
  }
  return FALSE;
}

static const char *
stem_of (const AbridgeDocument *doc, const char *surface)
{
  const Word *w = word_of (doc, surface);
  return w->term == G_MAXUINT ? NULL : g_array_index (doc->terms, Term, w->term).stem;
}

/* ---- Detection ------------------------------------------------------------------------- */

/* One sentence for each language of corpus/langid, written for this test. */
static const struct {
  const char *language;
  const char *text;
} samples[] = {
  { "english", "The library on Main Street will stay open late during the exam weeks." },
  { "french", "La boulangerie du coin ouvre désormais à six heures, même le dimanche." },
  { "german", "Die Bäckerei an der Ecke öffnet jetzt schon um sechs Uhr, auch am Sonntag." },
  { "spanish", "La panadería de la esquina abre ahora a las seis, incluso los domingos." },
  { "portuguese", "A padaria da esquina agora abre às seis horas, mesmo aos domingos." },
  { "italian", "Il panificio all'angolo adesso apre alle sei, anche la domenica." },
  { "dutch", "De bakker op de hoek gaat nu al om zes uur open, ook op zondag." },
  { "danish", "Bageren på hjørnet åbner nu allerede klokken seks, også om søndagen." },
  { "norwegian", "Bakeren på hjørnet åpner nå allerede klokka seks, også på søndager." },
  { "swedish", "Bageriet på hörnet öppnar nu redan klockan sex, även på söndagar." },
  { "finnish", "Kulman leipomo aukeaa nykyään jo kuudelta, myös sunnuntaisin." },
  { "hungarian", "A sarki pékség mostantól már hatkor kinyit, még vasárnap is." },
  { "turkish", "Köşedeki fırın artık sabah altıda açılıyor, pazar günleri bile." },
  { "romanian", "Brutăria din colț se deschide acum la ora șase, chiar și duminica." },
  { "catalan", "El forn de la cantonada ara obre a les sis, fins i tot els diumenges." },
  { "indonesian", "Toko roti di sudut jalan sekarang buka jam enam pagi, bahkan pada hari Minggu." },
  { "russian", "Пекарня на углу теперь открывается в шесть утра, даже по воскресеньям." },
  { "greek", "Ο φούρνος στη γωνία ανοίγει πλέον στις έξι, ακόμη και την Κυριακή." },
};

START_TEST (test_detect_each_language_of_the_langid_set)
{
  const char *expected = samples[_i].language;
  const char *detected = abridge_detect_language (samples[_i].text, -1);
  ck_assert_msg (strcmp (detected, expected) == 0, "%s detected as %s: %s", expected, detected,
                 samples[_i].text);
}
END_TEST

START_TEST (test_detect_scripts_with_one_language)
{
  ck_assert_str_eq (abridge_detect_language ("Η βιβλιοθήκη κλείνει νωρίς σήμερα.", -1), "greek");
  ck_assert_str_eq (abridge_detect_language ("Գրադարանը այսօր շուտ է փակվում։", -1), "armenian");
  ck_assert_str_eq (abridge_detect_language ("நூலகம் இன்று சீக்கிரம் மூடப்படும்.", -1), "tamil");
  ck_assert_str_eq (abridge_detect_language (
    "ستغلق المكتبة مبكرا اليوم، لكنها ستفتح في الصباح كما هو معتاد.", -1), "arabic");
  ck_assert_str_eq (abridge_detect_language (
    "पुस्तकालय आज जल्दी बंद हो जाएगा, लेकिन कल सुबह यह फिर से खुलेगा।", -1), "hindi");
}
END_TEST

START_TEST (test_detect_languages_without_stemmer_are_none)
{
  /* Chinese, Japanese, Thai, Korean, and Hebrew (Yiddish is the Snowball language written in
   * Hebrew letters): no Snowball stemmer, so no language. */
  ck_assert_str_eq (abridge_detect_language ("图书馆今天提前关门。明天早上照常开放。", -1), "none");
  ck_assert_str_eq (abridge_detect_language ("図書館は今日早く閉まります。明日は通常通り開きます。", -1),
                    "none");
  ck_assert_str_eq (abridge_detect_language ("ห้องสมุดปิดเร็ววันนี้", -1), "none");
  ck_assert_str_eq (abridge_detect_language ("도서관은 오늘 일찍 문을 닫습니다.", -1), "none");
  ck_assert_str_eq (abridge_detect_language ("הספרייה תיסגר היום מוקדם, אבל מחר היא תיפתח כרגיל.", -1),
                    "none");
  /* Persian: Arabic script, but letters Arabic does not use. */
  ck_assert_str_eq (abridge_detect_language ("کتابخانه امروز زودتر بسته می‌شود و فردا صبح باز است.", -1),
                    "none");
}
END_TEST

/* One sentence of council news in English and in French, with their usual stop words. */
static const char english_sentence[] =
  "The council voted on the budget of the town for the schools and the libraries, and it will "
  "show it to the people in a week. ";
static const char french_sentence[] =
  "Le conseil a voté le budget de la ville pour les écoles et les bibliothèques, et il le "
  "présentera aux habitants dans la semaine. ";

/* Repeats @sentence until the text has at least @bytes bytes. */
static char *
repeat_text (const char *sentence, gsize bytes)
{
  GString *text = g_string_new (NULL);
  while (text->len < bytes)
    g_string_append (text, sentence);
  return g_string_free (text, FALSE);
}

START_TEST (test_detect_long_text_read_past_an_unclear_start)
{
  /* A long text whose first kilobyte names no language clearly (a list of names and figures)
   * is decided on the rest of its sample; one whose start is clear is decided there. */
  char *names = repeat_text ("Oslo 4, Bergen 2; Lyon 3, Porto 1. ", 1200);
  char *french = repeat_text (french_sentence, 3000);
  char *english = repeat_text (english_sentence, 3000);
  char *mixed = g_strconcat (names, french, NULL);
  ck_assert_str_eq (abridge_detect_language (mixed, -1), "french");
  ck_assert_str_eq (abridge_detect_language (english, -1), "english");
  ck_assert_str_eq (abridge_detect_language (french, -1), "french");
  g_free (mixed);
  g_free (english);
  g_free (french);
  g_free (names);
}
END_TEST

START_TEST (test_detect_long_text_decided_on_its_first_clear_bytes)
{
  /* The decision is tried after 256 bytes and every 128 after (cut at a space), up to 1 KiB:
   * 248 bytes of English make 34 stop words, more than 25 and twice any other language's, and
   * decide before the French that follows. Past them English gains no stop word: it would not
   * reach 40 (the rule before, from 512 bytes), nor twice French's over the first kilobyte,
   * and over the whole sample French wins. */
  char *english = repeat_text (english_sentence, 200);
  char *french = repeat_text (french_sentence, 4000);
  char *text = g_strconcat (english, french, NULL);
  ck_assert_uint_ge (strlen (english), 200);
  ck_assert_uint_lt (strlen (english), 256);
  ck_assert_str_eq (abridge_detect_language (text, -1), "english");
  /* The same French start with no English before it is French. */
  ck_assert_str_eq (abridge_detect_language (french, -1), "french");
  g_free (text);
  g_free (french);
  g_free (english);
}
END_TEST

START_TEST (test_detect_reads_only_its_length)
{
  /* A text of a few hundred bytes is also counted in parts, tried from 256 bytes on: names,
   * then two French sentences, decided only on the whole. No part reaches past the given
   * length, into the English that follows in the buffer. */
  char *names = repeat_text ("Oslo 4, Bergen 2; Lyon 3, Porto 1. ", 200);
  char *french = repeat_text (french_sentence, 200);
  char *text = g_strconcat (names, french, NULL);
  gsize text_len = strlen (text);
  ck_assert_uint_gt (text_len, 384);
  ck_assert_uint_lt (text_len, 512);
  char *english = repeat_text (english_sentence, 3000);
  char *buffer = g_strconcat (text, english, NULL);
  ck_assert_str_eq (abridge_detect_language (buffer, (gssize) text_len), "french");
  ck_assert_str_eq (abridge_detect_language (text, -1), "french");
  g_free (buffer);
  g_free (english);
  g_free (text);
  g_free (french);
  g_free (names);
}
END_TEST

START_TEST (test_detect_too_few_signals_is_none)
{
  ck_assert_str_eq (abridge_detect_language ("", 0), "none");
  ck_assert_str_eq (abridge_detect_language ("12, 345.6 -- !!!", -1), "none");
  ck_assert_str_eq (abridge_detect_language ("Hello", -1), "none");
  ck_assert_str_eq (abridge_detect_language ("Alaska oil bill", -1), "none");
  /* Initials and acronyms are not words: "A.K.A.", "H&M", "AL". */
  ck_assert_str_eq (abridge_detect_language ("H&M A.K.A. AL NASA", -1), "none");
  /* Half Cyrillic, half Latin: mixed. */
  ck_assert_str_eq (abridge_detect_language (
    "Пекарня на углу теперь открывается рано. The bakery on the corner now opens early.", -1),
    "none");
}
END_TEST

START_TEST (test_detect_short_titles_by_letters)
{
  /* Titles with one stop word or none: the letter trigrams of data/langid/ decide. */
  ck_assert_str_eq (abridge_detect_language (
    "Regional airline cancels winter flights amid fuel shortage", -1), "english");
  ck_assert_str_eq (abridge_detect_language ("Hospital waiting lists keep growing", -1), "english");
  ck_assert_str_eq (abridge_detect_language ("Teachers threaten strike over pension changes", -1),
                    "english");
  /* Too short, or scores and names only: still none. */
  ck_assert_str_eq (abridge_detect_language ("Alaska oil bill", -1), "none");
  ck_assert_str_eq (abridge_detect_language ("Lakers 102, Celtics 99", -1), "none");
  /* Languages without a stemmer here stay undetected, also when a few of their words look like
   * stop words of another language (Estonian "kaks" and "keda" against Dutch). */
  ck_assert_str_eq (abridge_detect_language (
    "Policja zatrzymała dwóch mężczyzn po napadzie na sklep jubilerski w centrum miasta.", -1),
    "none");
  ck_assert_str_eq (abridge_detect_language (
    "Městská rada v úterý schválila nový rozpočet po dlouhé debatě o školách a silnicích.", -1),
    "none");
  ck_assert_str_eq (abridge_detect_language (
    "Politsei pidas kinni kaks meest, keda kahtlustatakse ehtepoe röövimises.", -1), "none");
}
END_TEST

/* Words of ASCII letters are counted without decoding, and most others without normalizing
 * them as a whole; their elisions, spellings and capitals count as in the other words. */
START_TEST (test_detect_words_count_alike_however_read)
{
  /* Elisions split at a straight apostrophe as at a typographic one. */
  ck_assert_str_eq (abridge_detect_language (
    "L'homme qu'il a vu n'est pas l'ami d'Anne, c'est l'oncle qu'elle n'aime guère.", -1),
    "french");
  ck_assert_str_eq (abridge_detect_language (
    "L’homme qu’il a vu n’est pas l’ami d’Anne, c’est l’oncle qu’elle n’aime guère.", -1),
    "french");
  /* Spellings of two ASCII letters (Dutch ij, Hungarian sz and zs, Norwegian kj and gj). */
  ck_assert_str_eq (abridge_detect_language (
    "Zij blijven bij mij in de tijd dat het ijs dik is, en wij kijken naar de lijst.", -1),
    "dutch");
  ck_assert_str_eq (abridge_detect_language (
    "Szép szó a szív zsebében, szeretném azt a szót is, ha zsinór szakad.", -1), "hungarian");
  ck_assert_str_eq (abridge_detect_language (
    "Kjøpet av gjenstander gikk greit, og øya kjente ikke igjen kjolen.", -1), "norwegian");
  /* A word longer than the ASCII reader takes, and a text in capitals. */
  ck_assert_str_eq (abridge_detect_language (
    "The council met on Monday and the mayor said that the plan for the new bridge over the "
    "river was Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochtownhallsquarebuildings "
    "approved after a long debate about its cost and its design.", -1), "english");
  ck_assert_str_eq (abridge_detect_language (
    "THE COUNCIL MET ON MONDAY AND THE MAYOR SAID THAT THE PLAN FOR THE NEW BRIDGE WAS APPROVED.",
    -1), "english");
  /* Letters beyond ASCII, composed (read letter by letter) or not (normalized as a whole), and
   * in capitals. */
  ck_assert_str_eq (abridge_detect_language (
    "Le député a présenté à l'Assemblée un projet de loi sur l'énergie et les élèves étrangers.",
    -1), "french");
  ck_assert_str_eq (abridge_detect_language (
    "Le de\xcc\x81pute\xcc\x81 a pre\xcc\x81sente\xcc\x81 a\xcc\x80 l'Assemble\xcc\x81" "e un "
    "projet de loi sur l'e\xcc\x81nergie et les e\xcc\x81le\xcc\x80ves e\xcc\x81trangers.", -1),
    "french");
  ck_assert_str_eq (abridge_detect_language (
    "DIE BÄCKEREI ÖFFNET JETZT SCHON UM SECHS UHR, AUCH AM SONNTAG, UND SIE IST GRÖSSER.", -1),
    "german");
}
END_TEST

/* Detection normalizes a word of letters below U+0800 that are starters, each normalized to
 * one starter, letter by letter (detect.c, letter_fold()): within such a word, no letter
 * composes with the one before it. Checked here on a sample of the pairs. */
START_TEST (test_detect_letters_below_0800_normalize_one_by_one)
{
  GArray *starters = g_array_new (FALSE, FALSE, sizeof (gunichar));
  GString *alone = g_string_new (NULL), *pair = g_string_new (NULL);
  for (gunichar c = 0x80; c < 0x800; c++) {
    char utf8[8];
    gsize n = (gsize) g_unichar_to_utf8 (c, utf8);
    g_string_truncate (alone, 0);
    text_normalize_token (utf8, n, alone);
    if (g_unichar_combining_class (c) == 0 && g_utf8_strlen (alone->str, -1) == 1
        && g_unichar_combining_class (g_utf8_get_char (alone->str)) == 0)
      g_array_append_val (starters, c);
  }
  ck_assert_uint_gt (starters->len, 1000);
  for (guint i = 0; i < starters->len; i++)
    for (guint j = i % 127; j < starters->len; j += 127) {
      gunichar a = g_array_index (starters, gunichar, i), b = g_array_index (starters, gunichar, j);
      char utf8[16];
      gsize na = (gsize) g_unichar_to_utf8 (a, utf8);
      gsize nb = (gsize) g_unichar_to_utf8 (b, utf8 + na);
      g_string_truncate (alone, 0);
      text_normalize_token (utf8, na, alone);
      text_normalize_token (utf8 + na, nb, alone);
      g_string_truncate (pair, 0);
      text_normalize_token (utf8, na + nb, pair);
      ck_assert_msg (strcmp (alone->str, pair->str) == 0, "U+%04X U+%04X", a, b);
    }
  g_string_free (pair, TRUE);
  g_string_free (alone, TRUE);
  g_array_unref (starters);
}
END_TEST

START_TEST (test_detect_uses_explicit_length_and_sample)
{
  const char *text = "Die Bäckerei öffnet jetzt schon um sechs Uhr, auch am Sonntag. "
                     "The library on Main Street will stay open late.";
  /* Only the German part. */
  ck_assert_str_eq (abridge_detect_language (text, 63), "german");
  /* Only the first DETECT_SAMPLE_BYTES count: French, then much English. */
  GString *long_text = g_string_new (NULL);
  while (long_text->len < DETECT_SAMPLE_BYTES + 100)
    g_string_append (long_text, "La boulangerie du coin ouvre désormais à six heures, même le dimanche. ");
  for (guint i = 0; i < 2000; i++)
    g_string_append (long_text, "The library on Main Street will stay open late during the exam weeks. ");
  ck_assert_str_eq (abridge_detect_language (long_text->str, (gssize) long_text->len), "french");
  g_string_free (long_text, TRUE);
  /* Invalid UTF-8 is tolerated. */
  ck_assert_str_eq (abridge_detect_language (
    "Die B\xE4" "ckerei an der Ecke \xF6" "ffnet jetzt schon um sechs Uhr, auch am Sonntag und "
    "die Leute kommen.", -1), "german");
}
END_TEST

START_TEST (test_detect_distinctive_letters_decide_between_neighbours)
{
  /* Few stop words; the letters name the language. */
  ck_assert_str_eq (abridge_detect_language ("Große Straße, schöne Grüße aus München und Köln.", -1),
                    "german");
  ck_assert_str_eq (abridge_detect_language ("Mañana el niño y la señora irán al puerto.", -1),
                    "spanish");
  ck_assert_str_eq (abridge_detect_language ("As mães não são irmãs e a canção é das nações.", -1),
                    "portuguese");
  ck_assert_str_eq (abridge_detect_language ("Vi købte brød og smør på den gamle færge.", -1),
                    "danish");
  ck_assert_str_eq (abridge_detect_language ("Vi kjøpte brød og smør på den gamle ferja i går.", -1),
                    "norwegian");
  ck_assert_str_eq (abridge_detect_language ("Vi köpte bröd och smör på den gamla färjan.", -1),
                    "swedish");
  ck_assert_str_eq (abridge_detect_language ("Ez a hosszú út és a szép erdő nagyon kellemes.", -1),
                    "hungarian");
  ck_assert_str_eq (abridge_detect_language ("Această țară și oamenii ei sunt foarte frumoși.", -1),
                    "romanian");
  ck_assert_str_eq (abridge_detect_language ("Bu ağaçların altında çocuklar ışıkla oynuyor.", -1),
                    "turkish");
  ck_assert_str_eq (abridge_detect_language ("La col·lecció del museu és molt bonica i antiga.", -1),
                    "catalan");
}
END_TEST

/* ---- Auto engines ---------------------------------------------------------------------- */

START_TEST (test_auto_engine_analyzes_each_document_in_its_language)
{
  AbridgeEngine *engine = test_engine ("auto");
  ck_assert_str_eq (abridge_engine_get_language (engine), "auto");
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++) {
    AbridgeDocument *doc = test_document (engine, samples[i].text, ABRIDGE_ANALYZE_DEFAULT);
    ck_assert_str_eq (abridge_document_get_language (doc), samples[i].language);
    abridge_document_free (doc);
  }

  /* French: French stop words and the French stemmer. */
  AbridgeDocument *doc = test_document (engine,
    "Les enfants mangeaient des pommes dans le jardin de leurs grands-parents.", 0);
  ck_assert_str_eq (abridge_document_get_language (doc), "french");
  ck_assert (word_of (doc, "Les")->stop);
  ck_assert (word_of (doc, "dans")->stop);
  ck_assert_str_eq (stem_of (doc, "mangeaient"), "mang");
  abridge_document_free (doc);

  /* German with the same engine: German stop words, stems and abbreviations. */
  doc = test_document (engine, "Die Kinder aßen z.B. Äpfel im Garten ihrer Großeltern. Es war schön.", 0);
  ck_assert_str_eq (abridge_document_get_language (doc), "german");
  ck_assert (word_of (doc, "Die")->stop);
  ck_assert_str_eq (stem_of (doc, "Kinder"), "kind");
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), 2);
  abridge_document_free (doc);

  /* Undetectable: language-neutral, every word a term. */
  doc = test_document (engine, "Alaska oil bill", 0);
  ck_assert_str_eq (abridge_document_get_language (doc), "none");
  ck_assert_str_eq (stem_of (doc, "bill"), "bill");
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

typedef struct {
  const AbridgeEngine *engine;
  gboolean failed;
} Job;

static gpointer
detect_job (gpointer data)
{
  Job *job = data;
  /* Enough rounds for the threads to overlap, few enough for a sanitizer build on a busy
   * machine to stay inside Check's time limit. */
  for (guint round = 0; round < 5; round++)
    for (guint i = 0; i < G_N_ELEMENTS (samples); i++) {
      AbridgeDocument *doc = abridge_document_new (job->engine, samples[i].text, -1, 0, NULL);
      if (doc == NULL || strcmp (abridge_document_get_language (doc), samples[i].language) != 0)
        job->failed = TRUE;
      abridge_document_free (doc);
    }
  return NULL;
}

START_TEST (test_auto_engine_is_shared_by_threads)
{
  AbridgeEngine *engine = test_engine ("auto");
  Job jobs[4];
  GThread *threads[4];
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++) {
    jobs[i] = (Job) { engine, FALSE };
    threads[i] = g_thread_new ("detect", detect_job, &jobs[i]);
  }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++) {
    g_thread_join (threads[i]);
    ck_assert (!jobs[i].failed);
  }
  abridge_engine_free (engine);
}
END_TEST

START_TEST (test_fixed_engine_does_not_detect)
{
  AbridgeEngine *engine = test_engine ("english");
  AbridgeDocument *doc = test_document (engine, samples[1].text, 0); /* French text */
  ck_assert_str_eq (abridge_document_get_language (doc), "english");
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

/* ---- English --------------------------------------------------------------------------- */

/* Words of ASCII letters are stemmed by Snowball's ISO-8859-1 build where there is one: their
 * stems are those of the UTF-8 build, in every language that has both. Random words (and a
 * few with an apostrophe or a hyphen) reach the rare branches of the algorithms. */
START_TEST (test_ascii_words_have_the_utf8_stemmer_stems)
{
  const char **names = sb_stemmer_list ();
  guint languages = 0;
  for (guint l = 0; names[l] != NULL; l++) {
    struct sb_stemmer *latin1 = sb_stemmer_new (names[l], "ISO_8859_1");
    if (latin1 == NULL)
      continue;
    sb_stemmer_delete (latin1);
    AbridgeEngine *engine = abridge_engine_new (names[l], NULL);
    if (engine == NULL)
      continue; /* a stemmer the engine has no language for ("porter") */
    languages++;
    struct sb_stemmer *utf8 = sb_stemmer_new (names[l], "UTF_8");
    ck_assert_ptr_nonnull (utf8);
    GRand *rand = g_rand_new_with_seed (l + 1);
    GString *text = g_string_new (NULL);
    for (guint w = 0; w < 3000; w++) {
      guint len = (guint) g_rand_int_range (rand, 2, 14);
      for (guint i = 0; i < len; i++) {
        char c = (char) ('a' + g_rand_int_range (rand, 0, 26));
        if (i > 0 && i + 1 < len && g_rand_int_range (rand, 0, 40) == 0)
          c = g_rand_boolean (rand) ? '\'' : '-';
        g_string_append_c (text, c);
      }
      g_string_append (text, w % 12 == 11 ? ".\n" : " ");
    }
    AbridgeDocument *doc = abridge_document_new (engine, text->str, (gssize) text->len, 0, NULL);
    ck_assert_ptr_nonnull (doc);
    guint checked = 0;
    for (guint i = 0; i < doc->words->len; i++) {
      const Word *word = &g_array_index (doc->words, Word, i);
      if (word->term == G_MAXUINT)
        continue;
      const char *stem = g_array_index (doc->terms, Term, word->term).stem;
      gsize n = strlen (word->normalized);
      const sb_symbol *s = sb_stemmer_stem (utf8, (const sb_symbol *) word->normalized, (int) n);
      int s_len = sb_stemmer_length (utf8);
      if (s_len > 0)
        ck_assert_msg (strlen (stem) == (gsize) s_len && memcmp (stem, s, (gsize) s_len) == 0,
                       "%s: %s -> %s, not %.*s", names[l], word->normalized, stem, s_len, s);
      checked++;
    }
    ck_assert_uint_gt (checked, 1000);
    abridge_document_free (doc);
    abridge_engine_free (engine);
    g_string_free (text, TRUE);
    g_rand_free (rand);
    sb_stemmer_delete (utf8);
  }
  ck_assert_uint_ge (languages, 10);
}
END_TEST

START_TEST (test_english_abbreviations_and_contractions)
{
  assert_split_in ("en", "Mr. Smith met Dr. Jones at 5 p.m. on Friday. They talked, e.g. about "
                   "the U.S. economy. It went well.",
                   "Mr. Smith met Dr. Jones at 5 p.m. on Friday.",
                   "They talked, e.g. about the U.S. economy.", "It went well.", NULL);
  AbridgeEngine *engine = test_engine ("en");
  AbridgeDocument *doc = test_document (engine, "I don't think Russia's plan won\xE2\x80\x99t work.", 0);
  ck_assert (word_of (doc, "don't")->stop);
  ck_assert (has_token (doc, "Russia's"));
  ck_assert (has_token (doc, "won\xE2\x80\x99t"));
  ck_assert (!has_token (doc, "Russia"));
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

START_TEST (test_english_ordinal_period_is_an_end)
{
  /* English does not write ordinals with a period: "... in 1990. Berlin" ends. */
  assert_split_in ("en", "The wall fell in 1989. Berlin celebrated.", "The wall fell in 1989.",
                   "Berlin celebrated.", NULL);
}
END_TEST

/* ---- French ---------------------------------------------------------------------------- */

START_TEST (test_french_elision_is_split)
{
  AbridgeEngine *engine = test_engine ("fr");
  AbridgeDocument *doc = test_document (engine,
    "L'homme qu'on aime parle de l\xE2\x80\x99histoire d'Europe aujourd'hui.", 0);
  ck_assert (word_of (doc, "L'")->stop);
  ck_assert_str_eq (word_of (doc, "L'")->normalized, "l");
  ck_assert (word_of (doc, "qu'")->stop);
  ck_assert (word_of (doc, "l\xE2\x80\x99")->stop); /* curly apostrophe */
  ck_assert (word_of (doc, "d'")->stop);
  ck_assert_str_eq (stem_of (doc, "homme"), "homm");
  ck_assert_str_eq (stem_of (doc, "histoire"), "histoir");
  ck_assert_ptr_nonnull (stem_of (doc, "Europe"));
  /* A listed word with an apostrophe stays whole. */
  ck_assert (word_of (doc, "aujourd'hui")->stop);
  ck_assert (!has_token (doc, "L'homme"));
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

START_TEST (test_french_guillemets_and_abbreviations)
{
  /* « ... » with the French spaces inside; the closing guillemet stays with its sentence. */
  assert_split_in ("fr", "Il a dit : « Partez ! » Puis il est parti. M. Dupont, p. ex. le maire, "
                   "est venu. « Nous avons gagné. » Elle riait.",
                   "Il a dit : « Partez ! »", "Puis il est parti.",
                   "M. Dupont, p. ex. le maire, est venu.", "« Nous avons gagné. »",
                   "Elle riait.", NULL);
  /* No-break spaces before the closing guillemet and before "?". */
  assert_split_in ("fr", "Il demande\xC2\xA0: «\xC2\xA0Vraiment\xC2\xA0?\xC2\xA0» Oui, vraiment.",
                   "Il demande : « Vraiment ? »", "Oui, vraiment.", NULL); /* spaces folded */
}
END_TEST

/* ---- German ---------------------------------------------------------------------------- */

START_TEST (test_german_ordinals_do_not_split)
{
  assert_split_in ("de", "Die Feier findet am 3. Oktober statt. Sie beginnt um acht Uhr.",
                   "Die Feier findet am 3. Oktober statt.", "Sie beginnt um acht Uhr.", NULL);
  assert_split_in ("de", "Das 20. Jahrhundert war lang. Der 1. FC Köln spielt heute.",
                   "Das 20. Jahrhundert war lang.", "Der 1. FC Köln spielt heute.", NULL);
  /* Before a stop word that starts a sentence, the number ends it. */
  assert_split_in ("de", "Das Konzert war am 12. Die Leute kamen spät.",
                   "Das Konzert war am 12.", "Die Leute kamen spät.", NULL);
  /* Years are numbers, not ordinals. */
  assert_split_in ("de", "Die Mauer fiel 1989. Berlin feierte.", "Die Mauer fiel 1989.",
                   "Berlin feierte.", NULL);
}
END_TEST

START_TEST (test_german_abbreviations_and_quotes)
{
  assert_split_in ("de", "Man nimmt z. B. Mehl und Zucker, d.h. die Zutaten. Dr. Weber lobt das. "
                   "Er sagte: „Das war gut.“ Dann ging er. Sie rief: »Halt!« Danach war Ruhe.",
                   "Man nimmt z. B. Mehl und Zucker, d.h. die Zutaten.", "Dr. Weber lobt das.",
                   "Er sagte: „Das war gut.“", "Dann ging er.", "Sie rief: »Halt!«",
                   "Danach war Ruhe.", NULL);
}
END_TEST

/* ---- Spanish, Portuguese, Italian, Dutch ----------------------------------------------- */

START_TEST (test_spanish_inverted_marks_and_abbreviations)
{
  assert_split_in ("es", "¿Vienes mañana? ¡Claro que sí! El Sr. García y la Dra. López llegaron. "
                   "«Es tarde», dijo ella.",
                   "¿Vienes mañana?", "¡Claro que sí!",
                   "El Sr. García y la Dra. López llegaron.", "«Es tarde», dijo ella.", NULL);
}
END_TEST

START_TEST (test_portuguese_abbreviations_and_quotes)
{
  assert_split_in ("pt", "O Sr. Costa e a Dra. Silva chegaram cedo. «Está frio», disse ele. "
                   "Depois foram embora.",
                   "O Sr. Costa e a Dra. Silva chegaram cedo.", "«Está frio», disse ele.",
                   "Depois foram embora.", NULL);
  AbridgeEngine *engine = test_engine ("pt");
  AbridgeDocument *doc = test_document (engine, "Ela sente-se bem na cidade.", 0);
  ck_assert (has_token (doc, "sente-se")); /* clitic hyphen: one word */
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

START_TEST (test_italian_elision_and_quotes)
{
  AbridgeEngine *engine = test_engine ("it");
  AbridgeDocument *doc = test_document (engine,
    "Dell'anno scorso ricordo l'ora all'università e un'altra storia.", 0);
  ck_assert (word_of (doc, "Dell'")->stop);
  ck_assert (word_of (doc, "l'")->stop);
  ck_assert (word_of (doc, "all'")->stop);
  ck_assert_ptr_nonnull (stem_of (doc, "università"));
  ck_assert_ptr_nonnull (stem_of (doc, "anno"));
  ck_assert (!has_token (doc, "all'università"));
  abridge_document_free (doc);
  abridge_engine_free (engine);
  assert_split_in ("it", "Il Sig. Rossi ha detto: «Andiamo. Subito.» Poi è partito.",
                   "Il Sig. Rossi ha detto: «Andiamo. Subito.»", "Poi è partito.", NULL);
}
END_TEST

START_TEST (test_dutch_abbreviations_and_quotes)
{
  assert_split_in ("nl", "Dhr. De Vries kwam o.a. met de trein, bijv. om acht uur. "
                   "Hij zei: „Het is koud.” Daarna ging hij weg.",
                   "Dhr. De Vries kwam o.a. met de trein, bijv. om acht uur.",
                   "Hij zei: „Het is koud.”", "Daarna ging hij weg.", NULL);
  AbridgeEngine *engine = test_engine ("nl");
  AbridgeDocument *doc = test_document (engine, "Het is 's avonds koud op de dijk.", 0);
  ck_assert (word_of (doc, "de")->stop);
  ck_assert_ptr_nonnull (stem_of (doc, "dijk"));
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

/* ---- Nordic ---------------------------------------------------------------------------- */

START_TEST (test_nordic_ordinals)
{
  assert_split_in ("da", "Mødet holdes den 5. Maj i Aarhus. Alle er velkomne.",
                   "Mødet holdes den 5. Maj i Aarhus.", "Alle er velkomne.", NULL);
  assert_split_in ("no", "Fristen er 1. Mars neste år. Det haster.",
                   "Fristen er 1. Mars neste år.", "Det haster.", NULL);
  assert_split_in ("fi", "Kokous on 5. Toukokuuta. Tervetuloa.",
                   "Kokous on 5. Toukokuuta.", "Tervetuloa.", NULL);
}
END_TEST

/* ---- Russian --------------------------------------------------------------------------- */

START_TEST (test_russian_abbreviations_and_quotes)
{
  assert_split_in ("ru", "Это было в 1990 г. Мы уехали. Он сказал, т. е. подтвердил. "
                   "«Идём. Сейчас же», — сказал он. Все встали.",
                   "Это было в 1990 г.", "Мы уехали.", "Он сказал, т. е. подтвердил.",
                   "«Идём. Сейчас же», — сказал он.", "Все встали.", NULL);
  AbridgeEngine *engine = test_engine ("ru");
  AbridgeDocument *doc = test_document (engine, "Ёлки в лесу были высокими.", 0);
  ck_assert (word_of (doc, "в")->stop);
  ck_assert_ptr_nonnull (stem_of (doc, "Ёлки"));
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

/* ---- Chinese and Japanese -------------------------------------------------------------- */

START_TEST (test_chinese_terms_are_bigrams)
{
  AbridgeEngine *engine = test_engine ("auto");
  /* 东京是首都。京都很美！北 */
  AbridgeDocument *doc = test_document (engine,
    "东京是首都。京都很美！北", ABRIDGE_ANALYZE_NO_TITLE);
  ck_assert_str_eq (abridge_document_get_language (doc), "none");
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), 3);
  /* 东京 京是 是首 首都 | 京都 都很 很美 | 北 */
  ck_assert_uint_eq (doc->tokens->len, 8);
  ck_assert_uint_eq (abridge_document_get_word_count (doc), 10); /* characters */
  ck_assert_str_eq (stem_of (doc, "东京"), "东京");
  ck_assert_str_eq (stem_of (doc, "首都"), "首都");
  ck_assert_str_eq (stem_of (doc, "北"), "北"); /* a lone character: a unigram */
  ck_assert (g_array_index (doc->tokens, Token, 1).flags & TOKEN_BIGRAM);
  ck_assert (!(g_array_index (doc->tokens, Token, 7).flags & TOKEN_BIGRAM));
  abridge_document_free (doc);

  /* Keywords and summaries work on them. */
  doc = test_document (engine,
    "东京是日本的首都。东京有很多博物馆。很多游客来东京旅游。日本的经济中心也在东京。", 0);
  AbridgeKeywords *keywords = abridge_keywords_extract (doc, NULL, NULL);
  gboolean found = FALSE;
  for (guint i = 0; i < abridge_keywords_get_count (keywords); i++)
    found |= strcmp (abridge_keywords_get_text (keywords, i), "东京") == 0;
  ck_assert_msg (found, "东京 is not a keyword");
  abridge_keywords_free (keywords);
  AbridgeSummary *summary = abridge_summarize (doc, NULL, NULL);
  ck_assert_uint_ge (abridge_summary_get_count (summary), 1);
  abridge_summary_free (summary);
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

START_TEST (test_japanese_sentences_and_quotes)
{
  /* 彼は「行こう。今すぐ。」と言った。雨が降った。 : the quotation stays in its sentence. */
  assert_split_in ("none", "彼は「行こう。今すぐ。」と言った。雨が降った。",
                   "彼は「行こう。今すぐ。」と言った。", "雨が降った。", NULL);
  AbridgeEngine *engine = test_engine ("none");
  AbridgeDocument *doc = test_document (engine, "東京タワー", 0);
  ck_assert (has_token (doc, "東京"));
  ck_assert (has_token (doc, "タワ"));
  ck_assert (has_token (doc, "ワー"));
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

/* ---- Right-to-left --------------------------------------------------------------------- */

/* Every sentence of @text comes out byte for byte, at its offsets. */
static void
assert_sentences_intact (const char *language, const char *text, guint count)
{
  AbridgeEngine *engine = test_engine (language);
  AbridgeDocument *doc = test_document (engine, text, ABRIDGE_ANALYZE_NO_TITLE);
  ck_assert_uint_eq (abridge_document_get_sentence_count (doc), count);
  GString *joined = g_string_new (NULL);
  for (guint i = 0; i < count; i++) {
    gsize start, end;
    char *s = abridge_document_get_sentence (doc, i, &start, &end);
    ck_assert_uint_eq (end - start, strlen (s));
    ck_assert_mem_eq (text + start, s, strlen (s));
    if (i > 0)
      g_string_append_c (joined, ' ');
    g_string_append (joined, s);
    g_free (s);
  }
  ck_assert_str_eq (joined->str, text);
  g_string_free (joined, TRUE);
  abridge_document_free (doc);
  abridge_engine_free (engine);
}

START_TEST (test_right_to_left_sentences_are_intact)
{
  /* Arabic: ؟ and . end sentences; the Arabic comma and the marks stay. */
  assert_sentences_intact ("ar", "مرحبا بكم في المدينة. هل تحب القراءة؟ نعم، كثيرا جدا.", 3);
  assert_sentences_intact ("auto", "مرحبا بكم في المدينة. هل تحب القراءة؟ نعم، كثيرا جدا.", 3);
  /* Hebrew, with a gershayim acronym and a right-to-left mark. */
  assert_sentences_intact ("none", "צה\"ל הודיע על כך הבוקר. מה שלומך\xE2\x80\x8F? אני בסדר.", 3);
  AbridgeEngine *engine = test_engine ("none");
  AbridgeDocument *doc = test_document (engine, "צה\"ל הודיע.", 0);
  ck_assert (has_token (doc, "צה\"ל"));
  abridge_document_free (doc);
  abridge_engine_free (engine);
}
END_TEST

static Suite *
languages_suite (void)
{
  Suite *s = suite_create ("languages");

  TCase *detect = tcase_create ("detect");
  tcase_add_loop_test (detect, test_detect_each_language_of_the_langid_set, 0,
                       G_N_ELEMENTS (samples));
  tcase_add_test (detect, test_detect_scripts_with_one_language);
  tcase_add_test (detect, test_detect_languages_without_stemmer_are_none);
  tcase_add_test (detect, test_detect_too_few_signals_is_none);
  tcase_add_test (detect, test_detect_long_text_read_past_an_unclear_start);
  tcase_add_test (detect, test_detect_long_text_decided_on_its_first_clear_bytes);
  tcase_add_test (detect, test_detect_reads_only_its_length);
  tcase_add_test (detect, test_detect_short_titles_by_letters);
  tcase_add_test (detect, test_detect_uses_explicit_length_and_sample);
  tcase_add_test (detect, test_detect_words_count_alike_however_read);
  tcase_add_test (detect, test_detect_letters_below_0800_normalize_one_by_one);
  tcase_add_test (detect, test_detect_distinctive_letters_decide_between_neighbours);
  suite_add_tcase (s, detect);

  TCase *engines = tcase_create ("auto");
  tcase_add_test (engines, test_auto_engine_analyzes_each_document_in_its_language);
  tcase_add_test (engines, test_auto_engine_is_shared_by_threads);
  tcase_add_test (engines, test_fixed_engine_does_not_detect);
  suite_add_tcase (s, engines);

  TCase *cases = tcase_create ("languages");
  tcase_add_test (cases, test_english_abbreviations_and_contractions);
  tcase_add_test (cases, test_english_ordinal_period_is_an_end);
  tcase_add_test (cases, test_french_elision_is_split);
  tcase_add_test (cases, test_french_guillemets_and_abbreviations);
  tcase_add_test (cases, test_german_ordinals_do_not_split);
  tcase_add_test (cases, test_german_abbreviations_and_quotes);
  tcase_add_test (cases, test_spanish_inverted_marks_and_abbreviations);
  tcase_add_test (cases, test_portuguese_abbreviations_and_quotes);
  tcase_add_test (cases, test_italian_elision_and_quotes);
  tcase_add_test (cases, test_dutch_abbreviations_and_quotes);
  tcase_add_test (cases, test_nordic_ordinals);
  tcase_add_test (cases, test_russian_abbreviations_and_quotes);
  tcase_add_test (cases, test_chinese_terms_are_bigrams);
  tcase_add_test (cases, test_japanese_sentences_and_quotes);
  tcase_add_test (cases, test_right_to_left_sentences_are_intact);
  tcase_add_test (cases, test_ascii_words_have_the_utf8_stemmer_stems);
  suite_add_tcase (s, cases);
  return s;
}

ABRIDGE_TEST_MAIN (languages_suite)
