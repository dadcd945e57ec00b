/* lang.c — language resources: the table of supported languages (those Snowball stems), their
 * stop lists and abbreviation lists (plain-text files under engine/data/, compiled in as a
 * GResource), and the stemmer check. Hands word lists to the engine and to segmentation. */
#include "abridge-private.h"

#include <gio/gio.h>
#include <libstemmer.h>
#include <string.h>

/* Snowball algorithm names and their ISO 639-1 codes. "none" is the language-neutral mode. */
static const LanguageInfo languages[] = {
  { "arabic", "ar" },     { "armenian", "hy" },   { "basque", "eu" },   { "catalan", "ca" },
  { "danish", "da" },     { "dutch", "nl" },      { "english", "en" },  { "finnish", "fi" },
  { "french", "fr" },     { "german", "de" },     { "greek", "el" },    { "hindi", "hi" },
  { "hungarian", "hu" },  { "indonesian", "id" }, { "irish", "ga" },    { "italian", "it" },
  { "lithuanian", "lt" }, { "nepali", "ne" },     { "norwegian", "no" },
  { "portuguese", "pt" }, { "romanian", "ro" },   { "russian", "ru" },  { "serbian", "sr" },
  { "spanish", "es" },    { "swedish", "sv" },    { "tamil", "ta" },    { "turkish", "tr" },
  { "yiddish", "yi" },    { "none", "none" },
};

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
  const LanguageInfo *info = lang_lookup (language);
  return info ? info->code : NULL;
}

/* Calls @line_cb for each entry of a resource list file (comments and blank lines skipped). */
static void
for_each_entry (const char *folder, const char *name, void (*line_cb) (const char *, gsize, gpointer),
                gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/org/abridge/%s/%s.txt", folder, name);
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return;
  gsize size = 0;
  const char *p = g_bytes_get_data (bytes, &size);
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

static void
add_stopword (const char *word, gsize len, gpointer data)
{
  GString *normalized = g_string_sized_new (len + 4);
  text_normalize_token (word, len, normalized);
  char *key = g_string_free (normalized, FALSE);
  g_hash_table_replace (data, key, key);
}

GHashTable *
lang_load_stopwords (const char *name)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (strcmp (name, "none") != 0)
    for_each_entry ("stopwords", name, add_stopword, set);
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
