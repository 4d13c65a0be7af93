/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-test-util.c: see cli-test-util.h. */
#include "cli-test-util.h"

#include <string.h>
#include <sys/wait.h>

char *cli_path;

void
cli_result_clear (CliResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

void
run_cli (CliResult *r, const char *const *args, const char *const *env_extra)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  for (guint i = 0; env_extra != NULL && env_extra[i] != NULL; i += 2)
    envp = g_environ_setenv (envp, env_extra[i], env_extra[i + 1], TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &r->out, &r->err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (wait_status))
    r->status = WEXITSTATUS (wait_status);
  else
    r->status = 128 + WTERMSIG (wait_status);
  g_test_message ("exit %d; stderr: %s", r->status, r->err);
}

void
assert_one_line (const char *text)
{
  gsize len = strlen (text);

  g_assert_cmpuint (len, >, 1);
  g_assert_cmpint (text[len - 1], ==, '\n');
  g_assert_null (memchr (text, '\n', len - 1));
}

void
cli_test_init (int argc, char **argv)
{
  if (argc > 1)
    cli_path = g_strdup (argv[1]);
  else
    cli_path = g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "poolscope-cli", NULL);
}
