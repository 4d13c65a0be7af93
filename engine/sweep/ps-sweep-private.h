/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-private.h: what the sweep's files share and nothing else sees.
 *
 * ps-sweep.c owns the lifecycle, the crossings and the fits; ps-sweep-validate.c checks a config
 * and builds its grid; ps-sweep-measure.c runs the repetitions of points. Everything here runs on
 * the sweep's thread, except where a field says otherwise.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-sweep-private.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdatomic.h>
#include <stdbool.h>

#include "ps-sweep.h"

struct PsSweep
{
  PsSweepConfig config;
  PsSweepReport report;
  PsStrategy strategies[PS_MAX_STRATEGIES]; /* the config's strategies, reference appended */
  unsigned n_strategies;
  unsigned *capacity;  /* allocated points per series */
  bool integer_knob;   /* the knob takes whole values in its base unit: bisection stops at 1 */
  bool ran;
  atomic_bool stop;    /* set by ps_sweep_stop() on any thread; read between repetitions */
};

/* Fills @out (when not NULL) with one line and returns @code. Thread: any. */
int ps_sweep_fail (PsValidation *out, int code, int knob, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

/* ps_sweep_validate () that also returns the strategies (reference appended), the reference's
 * index and the grid. Thread: any. */
int ps_sweep_validate_full (const PsSweepConfig *config, PsStrategy *strategies,
                            unsigned *n_strategies, int *reference, double *values,
                            unsigned *n_values, PsValidation *out);

/* Whether @knob takes whole values in its base unit (bisection then stops at one step). */
bool ps_sweep_knob_is_integer (PsKnob knob);

/* Position of @x on the sweep's axis (log x on a log axis): distances and midpoints use it. */
double ps_sweep_axis (const PsSweep *sweep, double x);

/* Whether ps_sweep_stop () was called. */
bool ps_sweep_stopping (PsSweep *sweep);

/* Frees what a PsResult owns (per_thread_tasks). */
void ps_sweep_result_clear (PsResult *result);

/**
 * ps_sweep_measure_at:
 *
 * Measures @strategies (indices) at @x, one run per strategy per round, until each meets the CI
 * target or the cap, then stores their points; a value already measured is reused.
 *
 * Returns: 0, PS_ECANCELED, or the first error; what was measured is stored in every case.
 */
int ps_sweep_measure_at (PsSweep *sweep, double x, const unsigned *strategies, unsigned n,
                         bool bisection);
