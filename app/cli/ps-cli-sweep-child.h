/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep-child.h: a sweep repetition measured in a fresh process.
 *
 * Two processes do not run the same scenario equally fast: each calibrates its CPU work anew and
 * places its threads and memory its own way. Repetitions that all run in the sweep's process share
 * one calibration and one placement, so their confidence intervals (and the break-even intervals
 * built from them) leave that spread out, and another sweep finds a crossing outside them. Running
 * every repetition as `poolscope-cli run` in a child process puts the between-process spread inside
 * the repetitions, where the intervals see it.
 */
#pragma once

#include <glib.h>

#include "ps-engine.h"

G_BEGIN_DECLS

/**
 * ps_cli_sweep_child_argv:
 * @executable: the poolscope-cli to run
 * @scenario: one strategy, every knob set
 *
 * Returns: (transfer full): `poolscope-cli run --format json` with an option for every knob of
 * @scenario, so that the child runs exactly it.
 */
GStrv ps_cli_sweep_child_argv (const char *executable, const PsScenario *scenario);

/* A #PsSweepMeasureFunc; @user_data is the path of the poolscope-cli to run. */
int ps_cli_sweep_measure_in_child (const PsScenario *scenario, unsigned strategy_index, double x,
                                   PsSweepSample *out, void *user_data);

G_END_DECLS
