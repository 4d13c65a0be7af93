/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep.h: `poolscope-cli sweep`, the break-even finder on the command line. */
#pragma once

/**
 * ps_cli_sweep_main:
 * @argc: arguments after the word "sweep" (argv[0] is "sweep")
 * @argv: the arguments
 *
 * Parses the sweep options and every scenario knob, runs the sweep with progress on stderr and
 * writes the result to stdout as a table, JSON or CSV. SIGINT stops the sweep and still prints
 * what was measured.
 *
 * Returns: the process exit status: 0 on success, 2 for bad arguments (one line on stderr), 1 when
 * the sweep failed or was stopped.
 * Thread: main thread only (it installs a SIGINT handler).
 */
int ps_cli_sweep_main (int argc, char **argv);
