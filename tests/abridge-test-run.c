/* abridge-test-run.c — see abridge-test-run.h. */
#include "abridge-test-run.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *
test_command_line (const char *name, const char *const *args)
{
  GString *s = g_string_new (name);
  for (guint i = 0; args[i]; i++) {
    char *q = g_shell_quote (args[i]);
    g_string_append_printf (s, " %s", q);
    g_free (q);
  }
  return g_string_free (s, FALSE);
}

int
test_scratch_fd (void)
{
  char *path = NULL;
  GError *error = NULL;
  int fd = g_file_open_tmp ("abridge-test-XXXXXX", &path, &error);
  ck_assert_msg (fd >= 0, "cannot create a temporary file: %s", error ? error->message : "?");
  g_unlink (path);
  g_free (path);
  return fd;
}

static void
write_all (int fd, const char *data, gsize length)
{
  gsize done = 0;
  while (done < length) {
    ssize_t n = write (fd, data + done, length - done);
    if (n < 0 && errno == EINTR)
      continue;
    ck_assert_msg (n > 0, "cannot write a temporary file: %s", g_strerror (errno));
    done += (gsize) n;
  }
}

char *
test_read_fd (int fd, gsize *length)
{
  GString *s = g_string_new (NULL);
  char buffer[65536];
  lseek (fd, 0, SEEK_SET);
  for (;;) {
    ssize_t n = read (fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    g_string_append_len (s, buffer, n);
  }
  if (length)
    *length = s->len;
  return g_string_free (s, FALSE);
}

void
test_wait_child (int pid, gint64 deadline, TestRun *r)
{
  int wait_status = 0;
  for (;;) {
    pid_t done = waitpid (pid, &wait_status, deadline ? WNOHANG : 0);
    if (done == pid)
      break;
    ck_assert_msg (done == 0 || errno == EINTR, "waitpid: %s", g_strerror (errno));
    if (deadline && g_get_monotonic_time () > deadline && !r->timed_out) {
      r->timed_out = TRUE;
      kill (pid, SIGKILL);
    }
    if (done == 0)
      g_usleep (2000);
  }
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  r->signal = WIFSIGNALED (wait_status) ? WTERMSIG (wait_status) : 0;
}

TestRun
test_run (const TestRunOptions *o, const char *const *args)
{
  TestRun r = { 0 };
  char *base = g_path_get_basename (o->program);
  r.command = test_command_line (base, args);
  g_free (base);
  GPtrArray *argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) o->program);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  int in_fd;
  if (o->input != NULL) {
    in_fd = test_scratch_fd ();
    write_all (in_fd, o->input, o->input_length < 0 ? strlen (o->input)
                                                     : (gsize) o->input_length);
    lseek (in_fd, 0, SEEK_SET);
  } else {
    const char *path = o->stdin_path ? o->stdin_path : "/dev/null";
    in_fd = open (path, O_RDONLY | O_CLOEXEC);
    ck_assert_msg (in_fd >= 0, "cannot open %s: %s", path, g_strerror (errno));
  }
  int out_fd = test_scratch_fd ();
  int err_fd = test_scratch_fd ();
  struct rlimit fds = { o->max_fds, o->max_fds };
  long open_max = sysconf (_SC_OPEN_MAX);
  int close_from = 3, close_to = open_max > 0 && open_max < 65536 ? (int) open_max : 65536;

  gint64 start = g_get_monotonic_time ();
  pid_t pid = fork ();
  ck_assert_msg (pid >= 0, "fork: %s", g_strerror (errno));
  if (pid == 0) {
    /* Only async-signal-safe calls from here on. */
    if (dup2 (in_fd, 0) < 0 || dup2 (out_fd, 1) < 0 || dup2 (err_fd, 2) < 0)
      _exit (127);
    /* Nothing else of the test's (its temporary files, Check's own descriptors) goes along:
     * the child starts with 0, 1 and 2 only. */
    for (int fd = close_from; fd < close_to; fd++)
      close (fd);
    if (o->cwd != NULL && chdir (o->cwd) != 0)
      _exit (127);
    if (o->max_fds > 0 && setrlimit (RLIMIT_NOFILE, &fds) != 0)
      _exit (127);
    execv (o->program, (char **) argv->pdata);
    _exit (127);
  }
  gint64 deadline = o->time_limit > 0 ? start + (gint64) (o->time_limit * G_USEC_PER_SEC) : 0;
  test_wait_child (pid, deadline, &r);
  r.seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  r.out = test_read_fd (out_fd, &r.out_len);
  r.err = test_read_fd (err_fd, NULL);
  close (in_fd);
  close (out_fd);
  close (err_fd);
  g_ptr_array_unref (argv);
  return r;
}

void
test_run_clear (TestRun *r)
{
  g_free (r->out);
  g_free (r->err);
  g_free (r->command);
  memset (r, 0, sizeof *r);
}

char *
test_run_check_sane (const TestRun *r)
{
  if (r->timed_out)
    return g_strdup_printf ("%s: still running after %.1f s, killed", r->command, r->seconds);
  if (r->signal != 0)
    return g_strdup_printf ("%s: killed by signal %d (%s)\nstderr:\n%.4000s", r->command,
                            r->signal, g_strsignal (r->signal), r->err);
  static const char *const reports[] = { "Sanitizer", "runtime error:", "CRITICAL **",
                                         "WARNING **", "ERROR **", "g_return" };
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    if (strstr (r->err, reports[i]) != NULL)
      return g_strdup_printf ("%s: stderr has '%s':\n%.4000s", r->command, reports[i], r->err);
  return NULL;
}

char *
test_run_check_status (const TestRun *r, int status)
{
  char *insane = test_run_check_sane (r);
  if (insane != NULL || r->status == status)
    return insane;
  return g_strdup_printf ("%s: exit status %d, expected %d\nstdout:\n%.2000s\nstderr:\n%.2000s",
                          r->command, r->status, status, r->out, r->err);
}

char **
test_lines_of (const char *text)
{
  char **lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);
  if (n > 0 && lines[n - 1][0] == '\0') {
    g_free (lines[n - 1]);
    lines[n - 1] = NULL;
  }
  return lines;
}

guint
test_count_lines (const char *text)
{
  guint n = 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

char *
test_read_file (const char *path, gsize *length)
{
  char *contents = NULL;
  GError *error = NULL;
  ck_assert_msg (g_file_get_contents (path, &contents, length, &error), "cannot read %s: %s",
                 path, error ? error->message : "?");
  return contents;
}

char *
test_write_file (const char *dir, const char *name, const char *data, gssize length)
{
  char *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;
  ck_assert_msg (g_file_set_contents (path, data, length, &error), "cannot write %s: %s", path,
                 error ? error->message : "?");
  return path;
}

void
test_remove_tree (const char *path)
{
  /* A symbolic link is removed, never followed: following one would empty (or chmod) its
     target, which may lie outside the tree. */
  GStatBuf st;
  if (g_lstat (path, &st) != 0)
    return;
  if (!S_ISDIR (st.st_mode)) {
    g_unlink (path);
    return;
  }
  g_chmod (path, 0700); /* tests make unreadable directories */
  GDir *dir = g_dir_open (path, 0, NULL);
  if (dir != NULL) {
    const char *name;
    while ((name = g_dir_read_name (dir)) != NULL) {
      char *child = g_build_filename (path, name, NULL);
      test_remove_tree (child);
      g_free (child);
    }
    g_dir_close (dir);
  }
  g_rmdir (path);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
test_list_files (const char *dir, const char *suffix, GError **error)
{
  GDir *d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL) {
    char *path = g_build_filename (dir, name, NULL);
    if (name[0] != '.' && (suffix == NULL || g_str_has_suffix (name, suffix))
        && g_file_test (path, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (files, path);
    else
      g_free (path);
  }
  g_dir_close (d);
  g_ptr_array_sort (files, compare_paths);
  return files;
}

int
test_run_suite (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
