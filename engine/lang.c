/* lang.c — language resources: the table of supported languages (those Snowball stems) with
 * their rules (elided words, ordinals written with a period), their stop lists and
 * abbreviation lists (plain-text files under engine/data/, compiled in: data_file()), and
 * the stemmer check. Hands word lists and rules to the engine, to detection and to
 * segmentation. */
#include "abridge-private.h"

#include <libstemmer.h>
#include <string.h>

/* Words elided before a vowel, written with an apostrophe and split off by the tokenizer. */
static const char *const french_elisions[] = {
  "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
  "quelqu", "presqu", NULL
};
static const char *const italian_elisions[] = {
  "l", "d", "c", "s", "m", "t", "v", "n", "un", "dell", "all", "dall", "nell", "sull", "coll",
  "pell", "quell", "quest", "bell", "buon", "sant", "nessun", "ciascun", "qualcun", "alcun",
  "tutt", "anch", "dov", "com", "cos", "quand", "senz", "mezz", NULL
};
static const char *const catalan_elisions[] = {
  "l", "d", "s", "m", "t", "n", NULL
};

#define ORDINAL LANGUAGE_ORDINAL_PERIOD
#define ELISION LANGUAGE_ELISION

/* Snowball algorithm names and their ISO 639-1 codes. "none" is the language-neutral mode.
 * Ordinals with a period: German, the Nordic languages but Swedish, Hungarian, Turkish,
 * Serbian, Basque (and Lithuanian in dates). */
static const LanguageInfo languages[] = {
  { "arabic", "ar", 0, NULL },          { "armenian", "hy", 0, NULL },
  { "basque", "eu", ORDINAL, NULL },    { "catalan", "ca", ELISION, catalan_elisions },
  { "danish", "da", ORDINAL, NULL },    { "dutch", "nl", 0, NULL },
  { "english", "en", 0, NULL },         { "finnish", "fi", ORDINAL, NULL },
  { "french", "fr", ELISION, french_elisions }, { "german", "de", ORDINAL, NULL },
  { "greek", "el", 0, NULL },           { "hindi", "hi", 0, NULL },
  { "hungarian", "hu", ORDINAL, NULL }, { "indonesian", "id", 0, NULL },
  { "irish", "ga", 0, NULL },           { "italian", "it", ELISION, italian_elisions },
  { "lithuanian", "lt", 0, NULL },      { "nepali", "ne", 0, NULL },
  { "norwegian", "no", ORDINAL, NULL }, { "portuguese", "pt", 0, NULL },
  { "romanian", "ro", 0, NULL },        { "russian", "ru", 0, NULL },
  { "serbian", "sr", ORDINAL, NULL },   { "spanish", "es", 0, NULL },
  { "swedish", "sv", 0, NULL },         { "tamil", "ta", 0, NULL },
  { "turkish", "tr", ORDINAL, NULL },   { "yiddish", "yi", 0, NULL },
  { "none", "none", 0, NULL },
};

static const LanguageInfo auto_language = { "auto", "auto", 0, NULL };

gboolean
lang_has_stemmer (const char *name)
{
  const char **list = sb_stemmer_list ();
  for (; *list; list++)
    if (strcmp (*list, name) == 0)
      return TRUE;
  return FALSE;
}

const LanguageInfo *
lang_lookup (const char *name_or_code)
{
  if (name_or_code == NULL)
    name_or_code = "english";
  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++) {
    const LanguageInfo *info = &languages[i];
    if (g_ascii_strcasecmp (name_or_code, info->name) == 0
        || g_ascii_strcasecmp (name_or_code, info->code) == 0) {
      if (strcmp (info->name, "none") != 0 && !lang_has_stemmer (info->name))
        return NULL;
      return info;
    }
  }
  if (g_ascii_strcasecmp (name_or_code, "nb") == 0 || g_ascii_strcasecmp (name_or_code, "nn") == 0)
    return lang_lookup ("norwegian");
  return NULL;
}

const LanguageInfo *
lang_none (void)
{
  return &languages[G_N_ELEMENTS (languages) - 1];
}

const LanguageInfo *
lang_auto (void)
{
  return &auto_language;
}

const LanguageInfo *const *
lang_all (guint *count)
{
  static const LanguageInfo *list[G_N_ELEMENTS (languages)];
  static gsize list_count;
  if (g_once_init_enter (&list_count)) {
    gsize n = 0;
    for (gsize i = 0; i + 1 < G_N_ELEMENTS (languages); i++)
      if (lang_has_stemmer (languages[i].name))
        list[n++] = &languages[i];
    g_once_init_leave (&list_count, n + 1); /* stored + 1: 0 means "not yet" */
  }
  *count = (guint) list_count - 1;
  return list;
}

gboolean
lang_is_elision (const LanguageInfo *language, const char *word, gsize len)
{
  if (language == NULL || language->elisions == NULL)
    return FALSE;
  for (const char *const *e = language->elisions; *e; e++)
    if (strlen (*e) == len && g_ascii_strncasecmp (*e, word, len) == 0)
      return TRUE;
  return FALSE;
}

char **
abridge_languages (void)
{
  GPtrArray *names = g_ptr_array_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    if (strcmp (languages[i].name, "none") != 0 && lang_has_stemmer (languages[i].name))
      g_ptr_array_add (names, g_strdup (languages[i].name));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

const char *
abridge_language_code (const char *language)
{
  if (language != NULL && g_ascii_strcasecmp (language, "auto") == 0)
    return auto_language.code;
  const LanguageInfo *info = lang_lookup (language);
  return info ? info->code : NULL;
}

/* Calls @line_cb for each entry of a resource list file (comments and blank lines skipped). */
static void
for_each_entry (const char *folder, const char *name, void (*line_cb) (const char *, gsize, gpointer),
                gpointer data)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.txt", folder, name);
  gsize size = 0;
  const char *p = data_file (path, &size);
  if (p == NULL)
    return;
  const char *end = p + size;
  while (p < end) {
    const char *eol = memchr (p, '\n', (gsize) (end - p));
    if (eol == NULL)
      eol = end;
    const char *a = p, *b = eol;
    while (a < b && g_ascii_isspace (*a))
      a++;
    while (b > a && g_ascii_isspace (b[-1]))
      b--;
    if (b > a && *a != '#')
      line_cb (a, (gsize) (b - a), data);
    p = eol + 1;
  }
}

/* The shipped lists are written normalized (NFKC, case folded, straight apostrophes: a unit
 * test holds them to it), so a word is taken as it is: normalizing the few thousand words of
 * the non-Latin lists was most of an "auto" engine's start-up. */
typedef struct {
  LangWordFunc func;
  gpointer data;
} WordVisit;

/* Romanian: also the forms with a cedilla (ş ţ), which much Romanian text still uses for the
 * letters with a comma below (ș ț). */
static void
visit_romanian_stopword (const char *word, gsize len, gpointer data)
{
  WordVisit *visit = data;
  visit->func (word, len, visit->data);
  if (g_strstr_len (word, (gssize) len, "\xC8\x99") == NULL
      && g_strstr_len (word, (gssize) len, "\xC8\x9B") == NULL)
    return;
  GString *cedilla = g_string_new_len (word, (gssize) len);
  g_string_replace (cedilla, "\xC8\x99", "\xC5\x9F", 0); /* ș -> ş */
  g_string_replace (cedilla, "\xC8\x9B", "\xC5\xA3", 0); /* ț -> ţ */
  visit->func (cedilla->str, cedilla->len, visit->data);
  g_string_free (cedilla, TRUE);
}

void
lang_for_each_stopword (const char *name, LangWordFunc func, gpointer data)
{
  if (strcmp (name, "none") == 0)
    return;
  WordVisit visit = { func, data };
  if (strcmp (name, "romanian") == 0)
    for_each_entry ("stopwords", name, visit_romanian_stopword, &visit);
  else
    for_each_entry ("stopwords", name, func, data);
}

static void
add_stopword (const char *word, gsize len, gpointer data)
{
  char *key = g_strndup (word, len);
  g_hash_table_replace (data, key, key);
}

GHashTable *
lang_load_stopwords (const char *name)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lang_for_each_stopword (name, add_stopword, set);
  return set;
}

static void
add_abbrev (const char *word, gsize len, gpointer data)
{
  AbbrevKind kind = ABBREV_INNER;
  if (*word == '*') {
    kind = ABBREV_MAY_END;
    word++;
    len--;
  }
  while (len > 0 && word[len - 1] == '.')
    len--;
  if (len == 0)
    return;
  GString *normalized = g_string_sized_new (len + 4);
  text_normalize_token (word, len, normalized);
  g_hash_table_replace (data, g_string_free (normalized, FALSE), GINT_TO_POINTER (kind));
}

GHashTable *
lang_load_abbrevs (const char *name)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (strcmp (name, "none") != 0)
    for_each_entry ("abbrev", name, add_abbrev, map);
  return map;
}
