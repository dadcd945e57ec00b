/* abridge-test-run.h — running a program (the abridge command) from a Check test, shared by the
 * tests that run the built binary (test-cli, batch/test-batch, policy/test-policy, fds/test-fds),
 * and the small file helpers they have in common. Implemented in abridge-test-run.c (a static
 * library, abridge_test_run in tests/meson.build).
 *
 * The child's stdout and stderr go to unlinked temporary files (no pipe to fill, whatever the
 * output's size), its stdin comes from a file, from bytes given, or from /dev/null. A run may
 * have a time limit (a hang guard: the child is killed and the run marked timed out) and a limit
 * on open file descriptors (RLIMIT_NOFILE, to catch descriptor leaks). */
#ifndef ABRIDGE_TEST_RUN_H
#define ABRIDGE_TEST_RUN_H

#include <check.h>
#include <glib.h>

typedef struct {
  int status;         /* exit status, or -1 when killed by a signal */
  int signal;         /* the signal that killed it, or 0 */
  gboolean timed_out; /* killed after the time limit */
  double seconds;
  char *out;          /* NUL-terminated; out_len counts any NUL bytes inside */
  gsize out_len;
  char *err;
  char *command;      /* the command line, shell-quoted, for messages */
} TestRun;

typedef struct {
  const char *program;    /* the executable (argv[0]) */
  const char *cwd;        /* working directory of the child; NULL: the test's */
  const char *stdin_path; /* stdin from this file; NULL: /dev/null (unless @input) */
  const char *input;      /* stdin from these bytes (written to a temporary file first) */
  gssize input_length;    /* of @input; -1: NUL-terminated */
  double time_limit;      /* seconds; 0: none */
  guint max_fds;          /* RLIMIT_NOFILE of the child; 0: inherited */
} TestRunOptions;

/* Runs @options->program with the NULL-terminated @args. Fails the test (ck_assert) only when
 * the program cannot be started. */
TestRun test_run (const TestRunOptions *options, const char *const *args);
void test_run_clear (TestRun *run);

/* What is wrong with @run, or NULL: a crash signal, a time-out, a sanitizer or GLib report on
 * stderr. (transfer full) */
char *test_run_check_sane (const TestRun *run);
/* test_run_check_sane(), or an exit status other than @status (stdout and stderr shown). */
char *test_run_check_status (const TestRun *run, int status);

/* Fail the test (at the caller's line) when the checks above find something. */
#define test_run_assert_sane(run)                                                             \
  do {                                                                                       \
    char *wrong_ = test_run_check_sane (run);                                                \
    ck_assert_msg (wrong_ == NULL, "%s", wrong_);                                            \
  } while (0)
#define test_run_assert_status(run, status)                                                   \
  do {                                                                                       \
    char *wrong_ = test_run_check_status ((run), (status));                                  \
    ck_assert_msg (wrong_ == NULL, "%s", wrong_);                                            \
  } while (0)

/* For a test that starts a child itself: waits for @pid, killing it once @deadline (monotonic
 * time, µs; 0: none) has passed; sets @run's status, signal and timed_out. */
void test_wait_child (int pid, gint64 deadline, TestRun *run);
/* A temporary file, already unlinked: only the descriptor names it. */
int test_scratch_fd (void);
/* All of @fd from its start. (transfer full) */
char *test_read_fd (int fd, gsize *length);

/* "NAME ARG...", each argument shell-quoted. (transfer full) */
char *test_command_line (const char *name, const char *const *args);

/* Output lines, without the empty string after the last newline. (transfer full) */
char **test_lines_of (const char *text);
/* Newlines in @text. */
guint test_count_lines (const char *text);

/* Reads @path whole; fails the test if it cannot. (transfer full) */
char *test_read_file (const char *path, gsize *length);
/* Writes @data (@length bytes; -1: NUL-terminated) to @dir/@name; returns the path.
 * (transfer full) */
char *test_write_file (const char *dir, const char *name, const char *data, gssize length);
/* The regular files of @dir whose names end with @suffix (NULL: any), hidden ones left out, as
 * paths below @dir, sorted; NULL if @dir cannot be read. (transfer full) */
GPtrArray *test_list_files (const char *dir, const char *suffix, GError **error);
/* Removes @path and everything below it (permissions restored first). */
void test_remove_tree (const char *path);

/* Runs @suite (taking it) and returns the exit status for meson's 'exitcode' protocol. */
int test_run_suite (Suite *suite);

#endif
