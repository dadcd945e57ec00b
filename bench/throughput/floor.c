/* floor.c — floor-summarizer: a deliberately bare extractive summarizer that calibrates the
 * `wc -w` comparison of compare.sh. It is not abridge and shares no code with it.
 *
 *   floor-summarizer [-n N] FILE...
 *
 * For each FILE in turn (read whole, as `wc` and `abridge` read them) it does the least that a
 * summarizer with stemming does, and nothing more:
 *   - words are runs of ASCII letters, digits and apostrophes, lowercased; other bytes
 *     (UTF-8 included) separate words, with no Unicode normalization;
 *   - a fixed list of 127 English stop words; no language detection;
 *   - each distinct word is stemmed once for the whole run by Snowball's English stemmer (the
 *     ISO-8859-1 build, as abridge does for ASCII words) and its stem interned;
 *   - a sentence ends at '.', '!' or '?' before a space or a line break, or at a blank line: no
 *     abbreviations, quotes, headings or lists;
 *   - score(s) = sum over the stem tokens t of s of tf(t, D) * ln((n + 1) / sf(t)) / sqrt(|s|),
 *     n sentences, sf the sentences holding t; the N best (default 3) are printed in document
 *     order, one a line.
 * What abridge does beyond this (detection, NFKC and case folding, segmentation rules, centrality
 * and redundancy, page furniture) is the difference between the two times. Exit status: 0, or 1
 * if a file could not be read (it is reported and skipped), 2 on bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libstemmer.h>

#define MAX_WORD 63
#define MAX_TOP 16

static const char *const stop_list[] = {
  "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
  "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
  "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
  "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
  "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
  "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
  "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "said", "same", "she",
  "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
  "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
  "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
  "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
  "yourselves", NULL
};

static void *
xrealloc (void *p, size_t size)
{
  void *q = realloc (p, size);
  if (q == NULL) {
    fputs ("floor-summarizer: out of memory\n", stderr);
    exit (2);
  }
  return q;
}

/* ---- Interned strings: open addressing, FNV-1a ----------------------------------------- */

typedef struct {
  uint64_t hash;
  char *bytes;             /* NULL: empty slot */
  uint32_t len, id;
} Slot;

typedef struct {
  Slot *slots;
  uint32_t mask, count;
} Table;

static void
table_init (Table *t)
{
  t->mask = 65535;
  t->count = 0;
  t->slots = xrealloc (NULL, sizeof (Slot) * (t->mask + 1));
  memset (t->slots, 0, sizeof (Slot) * (t->mask + 1));
}

static void
table_clear (Table *t)
{
  for (uint32_t i = 0; i <= t->mask; i++)
    free (t->slots[i].bytes);
  free (t->slots);
}

static uint64_t
hash_bytes (const char *p, uint32_t n)
{
  uint64_t h = 1469598103934665603u;
  for (uint32_t i = 0; i < n; i++)
    h = (h ^ (unsigned char) p[i]) * 1099511628211u;
  return h ^ (h >> 29);
}

static void
table_grow (Table *t)
{
  uint32_t size = (t->mask + 1) * 2;
  Slot *slots = xrealloc (NULL, sizeof (Slot) * size);
  memset (slots, 0, sizeof (Slot) * size);
  for (uint32_t i = 0; i <= t->mask; i++) {
    if (t->slots[i].bytes == NULL)
      continue;
    uint32_t j = (uint32_t) t->slots[i].hash & (size - 1);
    while (slots[j].bytes != NULL)
      j = (j + 1) & (size - 1);
    slots[j] = t->slots[i];
  }
  free (t->slots);
  t->slots = slots;
  t->mask = size - 1;
}

/* The id of [p, p+n), and whether it is new. */
static uint32_t
table_intern (Table *t, const char *p, uint32_t n, int *added)
{
  uint64_t h = hash_bytes (p, n);
  uint32_t j = (uint32_t) h & t->mask;
  for (; t->slots[j].bytes != NULL; j = (j + 1) & t->mask) {
    const Slot *s = &t->slots[j];
    if (s->hash == h && s->len == n && memcmp (s->bytes, p, n) == 0) {
      *added = 0;
      return s->id;
    }
  }
  char *bytes = xrealloc (NULL, n + 1);
  memcpy (bytes, p, n);
  bytes[n] = '\0';
  t->slots[j] = (Slot) { h, bytes, n, t->count };
  *added = 1;
  uint32_t id = t->count++;
  if (t->count * 2 > t->mask)
    table_grow (t);
  return id;
}

/* ---- Words: stem and stop flag once per distinct word ---------------------------------- */

typedef struct {
  uint32_t stem;
  int stop;
} Word;

static Table words_table, stems_table;
static Word *words;
static uint32_t words_room;
static struct sb_stemmer *stemmer;

static uint32_t
word_id (const char *p, uint32_t n)
{
  int added;
  uint32_t id = table_intern (&words_table, p, n, &added);
  if (added) {
    if (id >= words_room) {
      words_room = words_room ? words_room * 2 : 65536;
      words = xrealloc (words, sizeof (Word) * words_room);
    }
    const sb_symbol *s = sb_stemmer_stem (stemmer, (const sb_symbol *) p, (int) n);
    if (s == NULL) {
      fputs ("floor-summarizer: out of memory\n", stderr);
      exit (2);
    }
    int stem_added;
    words[id].stem = table_intern (&stems_table, (const char *) s,
                                   (uint32_t) sb_stemmer_length (stemmer), &stem_added);
    words[id].stop = 0;
  }
  return id;
}

/* ---- One document ---------------------------------------------------------------------- */

typedef struct {
  size_t start, end;       /* bytes */
  uint32_t first, count;   /* stem tokens */
  double score;
} Sentence;

static uint32_t *tokens;
static size_t tokens_room;
static Sentence *sentences;
static size_t sentences_room;
/* Per stem, for the current document (stamp): tf, sentences holding it, the last of them. */
static uint32_t *tf, *sf, *last, *stamp;
static uint32_t stems_room, document;

static void
stem_arrays_fit (void)
{
  if (stems_table.count <= stems_room)
    return;
  uint32_t room = stems_room ? stems_room : 65536;
  while (room < stems_table.count)
    room *= 2;
  tf = xrealloc (tf, sizeof (uint32_t) * room);
  sf = xrealloc (sf, sizeof (uint32_t) * room);
  last = xrealloc (last, sizeof (uint32_t) * room);
  stamp = xrealloc (stamp, sizeof (uint32_t) * room);
  memset (stamp + stems_room, 0, sizeof (uint32_t) * (room - stems_room));
  stems_room = room;
}

static int
is_letter (unsigned char c)
{
  return (unsigned) ((c | 32) - 'a') < 26u;
}

static int
is_digit (unsigned char c)
{
  return (unsigned) (c - '0') < 10u;
}

/* Ends the sentence being read at @end (when it holds a word) and opens the next at @end. */
static size_t
close_sentence (size_t count, size_t end, uint32_t token_count)
{
  Sentence *s = &sentences[count];
  if (token_count > s->first) {
    s->end = end;
    s->count = token_count - s->first;
    count++;
  }
  sentences[count] = (Sentence) { end, end, token_count, 0, 0 };
  return count;
}

static void
summarize (const char *text, size_t len, unsigned top, FILE *out)
{
  if (tokens_room < len / 2 + 1) {
    tokens_room = len / 2 + 1;
    tokens = xrealloc (tokens, sizeof (uint32_t) * tokens_room);
  }
  if (sentences_room < len / 2 + 2) {
    sentences_room = len / 2 + 2;
    sentences = xrealloc (sentences, sizeof (Sentence) * sentences_room);
  }
  uint32_t token_count = 0;
  size_t count = 0;
  sentences[0] = (Sentence) { 0, 0, 0, 0, 0 };
  char lower[MAX_WORD];
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char) text[i];
    if (is_letter (c) || is_digit (c)) {
      uint32_t n = 0;
      for (; i < len; i++) {
        c = (unsigned char) text[i];
        if (!is_letter (c) && !is_digit (c) && c != '\'')
          break;
        if (n < MAX_WORD)
          lower[n++] = (char) (is_letter (c) ? c | 32 : c);
      }
      uint32_t w = word_id (lower, n);
      if (!words[w].stop)
        tokens[token_count++] = words[w].stem;
      continue;
    }
    if ((c == '.' || c == '!' || c == '?')
        && (i + 1 == len || text[i + 1] == ' ' || text[i + 1] == '\n'))
      count = close_sentence (count, i + 1, token_count);
    else if (c == '\n' && i + 1 < len && text[i + 1] == '\n')
      count = close_sentence (count, i, token_count);
    i++;
  }
  count = close_sentence (count, len, token_count);

  stem_arrays_fit ();
  document++;
  for (size_t s = 0; s < count; s++)
    for (uint32_t k = 0; k < sentences[s].count; k++) {
      uint32_t t = tokens[sentences[s].first + k];
      if (stamp[t] != document) {
        stamp[t] = document;
        tf[t] = sf[t] = 0;
        last[t] = UINT32_MAX;
      }
      tf[t]++;
      if (last[t] != s) {
        last[t] = (uint32_t) s;
        sf[t]++;
      }
    }
  for (size_t s = 0; s < count; s++) {
    double score = 0;
    for (uint32_t k = 0; k < sentences[s].count; k++) {
      uint32_t t = tokens[sentences[s].first + k];
      score += tf[t] * log ((double) (count + 1) / sf[t]);
    }
    sentences[s].score = score / sqrt ((double) sentences[s].count);
  }

  /* The best @top, then printed in document order. */
  size_t picked[MAX_TOP];
  unsigned n_picked = 0;
  for (; n_picked < top && n_picked < count; n_picked++) {
    size_t best = SIZE_MAX;
    for (size_t s = 0; s < count; s++) {
      int taken = 0;
      for (unsigned q = 0; q < n_picked; q++)
        taken |= picked[q] == s;
      if (!taken && (best == SIZE_MAX || sentences[s].score > sentences[best].score))
        best = s;
    }
    picked[n_picked] = best;
  }
  for (size_t s = 0; s < count; s++)
    for (unsigned q = 0; q < n_picked; q++)
      if (picked[q] == s) {
        size_t start = sentences[s].start;
        while (start < sentences[s].end && (text[start] == ' ' || text[start] == '\n'))
          start++;
        fwrite (text + start, 1, sentences[s].end - start, out);
        fputc ('\n', out);
      }
}

/* ---- Files ----------------------------------------------------------------------------- */

/* Reads @path whole into *@buffer (grown as needed); its length, or -1 (reported). */
static long long
read_file (const char *path, char **buffer, size_t *room)
{
  int fd = open (path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) != 0) {
    fprintf (stderr, "floor-summarizer: %s: %s\n", path, strerror (errno));
    if (fd >= 0)
      close (fd);
    return -1;
  }
  size_t size = st.st_size > 0 ? (size_t) st.st_size : 0;
  if (size + 1 > *room) {
    *room = size + 1;
    *buffer = xrealloc (*buffer, *room);
  }
  size_t got = 0;
  while (got < size) {
    ssize_t n = read (fd, *buffer + got, size - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    got += (size_t) n;
  }
  int failed = got < size;
  if (failed)
    fprintf (stderr, "floor-summarizer: %s: could not read the whole file\n", path);
  close (fd);
  return failed ? -1 : (long long) got;
}

int
main (int argc, char **argv)
{
  unsigned top = 3;
  int first = 1;
  if (argc > 2 && strcmp (argv[1], "-n") == 0) {
    char *end;
    long n = strtol (argv[2], &end, 10);
    if (*end != '\0' || n < 1 || n > MAX_TOP) {
      fprintf (stderr, "floor-summarizer: -n takes a number from 1 to %d\n", MAX_TOP);
      return 2;
    }
    top = (unsigned) n;
    first = 3;
  }
  if (first >= argc) {
    fputs ("usage: floor-summarizer [-n N] FILE...\n", stderr);
    return 2;
  }
  stemmer = sb_stemmer_new ("english", "ISO_8859_1");
  if (stemmer == NULL) {
    fputs ("floor-summarizer: Snowball has no English stemmer\n", stderr);
    return 2;
  }
  table_init (&words_table);
  table_init (&stems_table);
  for (unsigned k = 0; stop_list[k] != NULL; k++) {
    uint32_t w = word_id (stop_list[k], (uint32_t) strlen (stop_list[k]));
    words[w].stop = 1;
  }

  static char out_buffer[1 << 16];
  setvbuf (stdout, out_buffer, _IOFBF, sizeof out_buffer);
  char *buffer = NULL;
  size_t room = 0;
  int status = 0;
  for (int a = first; a < argc; a++) {
    long long len = read_file (argv[a], &buffer, &room);
    if (len < 0) {
      status = 1;
      continue;
    }
    summarize (buffer, (size_t) len, top, stdout);
  }
  if (fflush (stdout) != 0)
    status = 1;

  free (buffer);
  free (tokens);
  free (sentences);
  free (tf);
  free (sf);
  free (last);
  free (stamp);
  free (words);
  table_clear (&words_table);
  table_clear (&stems_table);
  sb_stemmer_delete (stemmer);
  return status;
}
