/* cli.h — the abridge command's internal interfaces: input expansion and reading (input.c),
 * output formatting (output.c), and the subcommands (main.c). Uses only the public API. */
#ifndef ABRIDGE_CLI_H
#define ABRIDGE_CLI_H

#include <abridge.h>
#include <stdio.h>

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_PROCESSING = 1, EXIT_USAGE = 2 };

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_HTML } OutputFormat;

/* The input a result is about: its name ("-" for stdin), its original bytes (for character
 * offsets) and the format it was analyzed as. */
typedef struct {
  const char *name;
  const char *text;
  gsize length;
  AbridgeFormat format;
} CliSource;

/* Counts the characters of @text before byte offsets that grow (a smaller offset starts the
 * count again): UTF-8 characters, each byte of an invalid sequence counting as one, as each
 * becomes one U+FFFD in the analyzed text. */
typedef struct {
  const char *text;
  gsize length;
  gsize byte;
  gsize chars;
  GArray *checkpoints;
} CliCharCounter;

void cli_char_counter_init (CliCharCounter *counter, const char *text, gsize length);
void cli_char_counter_clear (CliCharCounter *counter);
gsize cli_char_offset (CliCharCounter *counter, gsize byte);
/* "text", "html" or "markdown". */
const char *cli_format_name (AbridgeFormat format);

/* Expands FILE and DIR arguments (directories recursively, sorted) into paths; no argument
 * means "-" (stdin). (transfer full) */
GPtrArray *cli_expand_inputs (char **args, const char *include, GError **error);
/* Reads a file, or stdin for "-". Directories and missing files are errors; an input of more
 * than @max_bytes (0: no limit) fails with ABRIDGE_ERROR_TOO_LARGE without being read whole.
 * (transfer full) */
char *cli_read_input (const char *path, gsize max_bytes, gsize *length, GError **error);
/* A word list from a file (one a line) or a comma-separated list. (transfer full) */
char **cli_read_word_list (const char *spec, GError **error);

/* ---- JSON Lines (input.c) ---- */

#define CLI_ERROR (cli_error_quark ())
GQuark cli_error_quark (void);

/* Reads a file (or stdin for "-") line by line through a fixed buffer. */
typedef struct _CliLineReader CliLineReader;
CliLineReader *cli_line_reader_open (const char *path, gsize max_line, GError **error);
/* The next line without its '\n' (a UTF-8 BOM before the first is dropped), its length and its
 * 1-based line number. A line longer than @max_line bytes (0: no limit) is skipped without
 * being held in memory: it is returned empty with *@too_long set. NULL at the end of the input
 * (@error unset) or on a read error. (transfer full) */
char *cli_line_reader_next (CliLineReader *reader, gsize *length, guint64 *number,
                            gboolean *too_long, GError **error);
void cli_line_reader_close (CliLineReader *reader);
/* TRUE when the next cli_line_reader_next() will not wait for input: a whole line is buffered,
 * the input ended, or it is readable (a pipe whose writer waits for our answers is not). */
gboolean cli_line_reader_ready (CliLineReader *reader);

/* One member of a JSON object: its decoded name and the raw bytes of its name (with quotes)
 * and of its value, pointing into the parsed line. */
typedef struct {
  char *name;
  gsize name_length; /* a name may hold \u0000 */
  const char *key;
  gsize key_length;
  const char *value;
  gsize value_length;
  char *decoded;     /* the value decoded, for the member names cli_json_parse_object() was to
                      * decode when the value is a string; else NULL */
  gsize decoded_length; /* it may hold NUL bytes (from \u0000) */
} CliJsonMember;

/* Parses @line as one JSON object, strictly (RFC 8259). Returns its members in order (an
 * array of CliJsonMember) or NULL and a one-line message in @error (CLI_ERROR): invalid UTF-8,
 * a NUL byte, invalid JSON (with the column), or valid JSON that is not an object. The string
 * values of members named @decode (may be NULL) are decoded in the same pass (decoded).
 * (transfer full): free with g_array_unref(). */
GArray *cli_json_parse_object (const char *line, gsize length, const char *decode,
                               GError **error);
gboolean cli_json_member_is (const CliJsonMember *member, const char *name);
/* Decodes a JSON string value (its raw bytes, quotes included, as validated by
 * cli_json_parse_object). The result may hold NUL bytes (from \u0000). (transfer full) */
char *cli_json_decode_string (const char *raw, gsize length, gsize *decoded_length);

/* Formats one document's result into @out (FORMAT_TEXT or FORMAT_JSON). With @explain, text
 * is a table of every sentence's score components (summary) or of each keyphrase's stem, forms,
 * frequencies and occurrences (keywords); JSON gets a "sentences" member with every sentence's
 * components. The summary must have been made with options->explain for its components. */
void cli_format_summary (GString *out, OutputFormat format, const CliSource *source,
                         const AbridgeDocument *document, const AbridgeSummary *summary,
                         gboolean scores, gboolean explain);
void cli_format_keywords (GString *out, OutputFormat format, const CliSource *source,
                          const AbridgeDocument *document, const AbridgeKeywords *keywords,
                          gboolean scores, gboolean explain);

/* Batch mode: appends the members of a record's result, without braces:
 * "language":"en","summary":[...] (one of @summary and @keywords is NULL), with the same
 * fields as --format json. */
void cli_format_record_result (GString *out, const CliSource *source,
                               const AbridgeDocument *document, const AbridgeSummary *summary,
                               const AbridgeKeywords *keywords, gboolean explain);

/* ---- explain.c ---- */

/* The --explain tables (text). */
void cli_explain_summary (GString *out, const AbridgeDocument *document,
                          const AbridgeSummary *summary);
void cli_explain_keywords (GString *out, const CliSource *source,
                           const AbridgeKeywords *keywords);

/* Appends @text as a JSON string literal. */
void cli_append_json_string (GString *out, const char *text);

/* Loads json-glib, which the JSON output needs and the program does not link: FALSE, with a
 * message in @error, when it cannot be. Thread-safe; once per process. */
gboolean cli_json_load (GError **error);

#endif
