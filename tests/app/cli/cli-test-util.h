/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-test-util.h: running poolscope-cli as a user would, for the CLI suites. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The binary: the suite's first argument (meson passes the built target's full path). */
extern char *cli_path;

typedef struct
{
  int status; /* exit code, or 128 + signal */
  char *out;
  char *err;
} CliResult;

void cli_result_clear (CliResult *r);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

/* Runs poolscope-cli with @args (NULL-terminated) in the environment plus @env_extra (name,
 * value pairs, NULL-terminated). */
void run_cli (CliResult *r, const char *const *args, const char *const *env_extra);

/* Asserts @text is exactly one line, ending with a newline. */
void assert_one_line (const char *text);

/* Sets cli_path from argv[1], or the build tree's binary. */
void cli_test_init (int argc, char **argv);

G_END_DECLS
