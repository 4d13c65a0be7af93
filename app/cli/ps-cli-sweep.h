/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep.h: `poolscope-cli sweep`, the break-even finder on the command line. */
#pragma once

/**
 * ps_cli_sweep_main:
 * @argc: arguments after the word "sweep" (argv[0] is "sweep")
 * @argv: the arguments
 *
 * Parses the sweep options and every scenario knob (or takes them, with the range, from a
 * --preset), runs the sweep with progress on stderr and writes the result to stdout as a table,
 * JSON or CSV, with the preset's published figures beside its points; --output writes a sweep
 * results file and --export a bundle. SIGINT stops the sweep and still prints (and saves) what
 * was measured.
 *
 * Returns: the process exit status: 0 on success, 2 for bad arguments or an --output/--export
 * file that exists without --force (one line on stderr, nothing measured), 1 when the sweep
 * failed, was stopped, or its files could not be written.
 * Thread: main thread only (it installs a SIGINT handler).
 */
int ps_cli_sweep_main (int argc, char **argv);
