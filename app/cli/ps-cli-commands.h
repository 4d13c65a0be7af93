/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-commands.h: the subcommands of poolscope-cli, one function each.
 *
 * Each takes the arguments from the subcommand's name on (argv[0] is "run", …) and returns the
 * process exit code: 0 success, 1 the run failed or was stopped, 2 bad arguments (one line on
 * stderr). Thread: the main thread.
 */
#pragma once

int ps_cli_run_main (int argc, char **argv);
int ps_cli_calibrate_main (int argc, char **argv);
int ps_cli_strategies_main (int argc, char **argv);
int ps_cli_knobs_main (int argc, char **argv);
int ps_cli_presets_main (int argc, char **argv);
