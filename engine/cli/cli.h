/* cli.h — the abridge command's internal interfaces: input expansion and reading (input.c),
 * output formatting (output.c), and the subcommands (main.c). Uses only the public API. */
#ifndef ABRIDGE_CLI_H
#define ABRIDGE_CLI_H

#include <abridge.h>
#include <stdio.h>

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_PROCESSING = 1, EXIT_USAGE = 2 };

typedef enum { FORMAT_TEXT, FORMAT_JSON } OutputFormat;

/* Expands FILE and DIR arguments (directories recursively, sorted) into paths; no argument
 * means "-" (stdin). (transfer full) */
GPtrArray *cli_expand_inputs (char **args, const char *include, GError **error);
/* Reads a file, or stdin for "-". Directories and missing files are errors. (transfer full) */
char *cli_read_input (const char *path, gsize *length, GError **error);
/* A word list from a file (one a line) or a comma-separated list. (transfer full) */
char **cli_read_word_list (const char *spec, GError **error);

/* Formats one document's result into @out. @name is the input's name ("-" for stdin). */
void cli_format_summary (GString *out, OutputFormat format, const char *name,
                         const AbridgeDocument *document, const AbridgeSummary *summary,
                         gboolean scores);
void cli_format_keywords (GString *out, OutputFormat format, const char *name,
                          const AbridgeDocument *document, const AbridgeKeywords *keywords,
                          gboolean scores);

#endif
