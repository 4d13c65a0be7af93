/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep.h: vary one knob, measure every strategy at each value, and find where they cross.
 *
 * A sweep measures each strategy at each grid value in repetitions until the 95% confidence
 * interval of the mean time per task is within a target (or a cap is reached), then, for every
 * strategy against a reference, brackets the sign changes of t_strategy − t_reference on the grid
 * and refines each bracket by bisection with new measurements. Everything runs on the thread that
 * calls ps_sweep_run(); a front-end follows it through an event callback and can stop it from any
 * thread, keeping what was measured.
 *
 * At each value the strategies' repetitions take turns (one run each per round), so outside load
 * on a small machine is shared among them rather than biasing one strategy's whole point.
 *
 * Measurement is injected (#PsSweepMeasureFunc) so the search logic can be tested against a
 * deterministic cost model; the default one runs the real engine with ps_run_scenario().
 */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

#include <stdbool.h>
#include <stdint.h>

#include "ps-knobs.h"
#include "ps-run.h"
#include "ps-scenario.h"
#include "ps-sweep-stats.h"

#define PS_SWEEP_MAX_VALUES 64 /* grid values of one sweep */

typedef enum
{
  PS_SWEEP_LINEAR, /* from, from + step, …, to */
  PS_SWEEP_LOG,    /* geometric: from · r^i, …, to */
  PS_SWEEP_LIST,   /* the explicit values (sorted and deduplicated) */
} PsSweepSpacing;

/* What a sweep compares between strategies; lower is better for each. */
typedef enum
{
  PS_SWEEP_METRIC_TIME_PER_TASK, /* wall seconds / tasks completed: the cost of a task */
  PS_SWEEP_METRIC_LATENCY_P50,   /* median latency: what an open-loop (--rate) sweep compares,
                                  * since every strategy that keeps up completes 1/rate s apart */
  PS_SWEEP_METRIC_LATENCY_P99,
  PS_SWEEP_METRIC_COUNT
} PsSweepMetric;

/* Returns: "time", "p50" or "p99" (the CLI's --metric values), or NULL. Thread: any. */
const char *ps_sweep_metric_name (PsSweepMetric metric);

/* Returns: a phrase for headings, "time per task" or "p50 latency". Thread: any. */
const char *ps_sweep_metric_label (PsSweepMetric metric);

/* Returns: 0, or PS_EINVAL when @name is not a metric. Thread: any. */
int ps_sweep_metric_parse (const char *name, PsSweepMetric *out);

/* One repetition's measurement, filled by a #PsSweepMeasureFunc. */
typedef struct
{
  double seconds_per_task; /* wall_s / tasks_completed: compared under the time metric, and what
                            * sizes the next repetition under any metric */
  bool has_result;        /* the latency metrics compare result.latency_us: they need it */
  PsResult result;         /* owned: per_thread_tasks malloc()ed or NULL; the sweep frees it */
} PsSweepSample;

/**
 * PsSweepMeasureFunc:
 * @scenario: the base scenario with the swept knob set to @x and exactly one strategy in it
 * @strategy_index: which of the sweep's strategies it is (index into #PsSweepConfig's list)
 * @x: the swept knob's value, in its base unit
 * @out: zero-filled; set seconds_per_task (> 0) and optionally the full result
 *
 * Measures one repetition. Called on the sweep's thread, never concurrently with itself.
 *
 * Returns: 0, or an error code that ends the sweep with that code.
 */
typedef int (*PsSweepMeasureFunc) (const PsScenario *scenario, unsigned strategy_index, double x,
                                   PsSweepSample *out, void *user_data);

/**
 * ps_sweep_measure_engine:
 *
 * The default #PsSweepMeasureFunc: one ps_run_scenario() of @scenario, time per task from
 * `report->strategies[0].total`, and a deep copy of that result. @user_data is unused.
 *
 * Returns: 0, the run's error code, or PS_ECANCELED when the run completed no task.
 * Thread: any (each call runs its own engine run).
 */
int ps_sweep_measure_engine (const PsScenario *scenario, unsigned strategy_index, double x,
                             PsSweepSample *out, void *user_data);

/* One measured value of one strategy. */
typedef struct
{
  double x;
  double mean_s;     /* mean of the compared metric over the repetitions, in seconds */
  double ci_low;     /* 95% confidence interval of the mean (Student's t) */
  double ci_high;
  double stddev_s;
  double min_s;
  double max_s;
  unsigned reps;
  unsigned outliers; /* repetitions outside Tukey's fences; they stay in the mean */
  bool bisection;    /* measured while refining a crossing, not on the grid */
  unsigned remeasured; /* repetitions measured again: other processes used more than
                        * PS_INTERFERENCE_BUSY_PCT of the machine while they ran */
  unsigned disturbed;  /* repetitions kept although the machine was busy (after
                        * PS_SWEEP_MAX_REMEASURES tries): the point may be off */
  double pace_s;     /* mean wall seconds per task (mean_s itself under the time metric) */
  bool has_result;
  PsResult result;   /* of the median repetition; per_thread_tasks deep-copied, sweep-owned */
} PsSweepPoint;

typedef enum
{
  PS_SWEEP_BEATS_ABOVE, /* the strategy is faster than the reference above x */
  PS_SWEEP_BEATS_BELOW, /* the strategy is faster than the reference below x */
} PsSweepDirection;

/* Returns: "above" or "below". Thread: any. */
const char *ps_sweep_direction_name (PsSweepDirection direction);

typedef struct
{
  unsigned strategy;       /* index into the sweep's strategies */
  unsigned reference;
  double x;                /* best estimate: interpolated between the closest opposite points */
  double x_low;            /* the crossing lies in [x_low, x_high]: the nearest values where the */
  double x_high;           /* difference was significant (CIs apart) with opposite signs */
  PsSweepDirection direction;
  unsigned extra_points;   /* bisection measurements spent on this crossing */
  bool converged;          /* narrower than the tolerance (else the budget or a stop ended it) */
} PsSweepCrossing;

/* How many times one point's repetitions are measured again on a busy machine before the sweep
 * keeps what it gets and says so. */
#define PS_SWEEP_MAX_REMEASURES 3

/* A fit whose R² is below this explains too little of the curve to be quoted: reports say
 * "no fit" instead of its parameters. */
#define PS_SWEEP_FIT_MIN_R2 0.9

/* Model fits of one strategy's curve, chosen by the swept knob. */
typedef struct
{
  bool has_linear;         /* byte and duration knobs: seconds per task = a + b · x */
  PsLinearFit linear;      /* slope in seconds per task per unit of x (per byte, per ns) */
  bool has_amdahl;         /* the threads knob: throughput 1/t against N */
  PsScalingFit amdahl;
  bool has_usl;
  PsScalingFit usl;
  /* Amdahl and the USL describe threads that each have a core and a strategy that uses them:
   * they are fitted only on thread counts up to the machine's cores (above that, threads share
   * cores and the "serial fraction" measures oversubscription), never for a dispatch that runs
   * one thread. When not fitted, why (a static string); NULL otherwise. */
  const char *scaling_skipped;
  unsigned scaling_points;    /* the thread counts the scaling fits used */
} PsSweepFits;

typedef struct
{
  PsStrategy strategy;
  unsigned n_points;
  PsSweepPoint *points;    /* sorted by x; grid and bisection points together */
  PsSweepFits fits;
} PsSweepSeries;

typedef struct
{
  PsKnob knob;
  PsSweepMetric metric;
  bool log_axis;
  unsigned n_values;
  double values[PS_SWEEP_MAX_VALUES]; /* the grid actually used (rounded for integer knobs) */
  unsigned reference;                 /* index of the reference strategy in series */
  unsigned n_series;
  PsSweepSeries *series;              /* one per strategy, in the config's order (+ reference) */
  unsigned n_crossings;
  PsSweepCrossing *crossings;         /* all of them, by strategy then x */
  unsigned max_extra_points;          /* the most bisection points one crossing needed */
  bool completed;                     /* false when stopped or failed part-way */
  double wall_s;                      /* of the whole sweep */
  double measured_s;                  /* Σ wall_s of the measured parts of the runs (with results):
                                       * wall_s − measured_s is set-up, warm-up and pilots */
  unsigned runs;                      /* measure calls, pilots included */
  unsigned remeasured;                /* repetitions thrown away and measured again because other
                                       * processes kept the machine busy meanwhile */
} PsSweepReport;

typedef enum
{
  PS_SWEEP_EVENT_POINT,  /* a point finished: strategy, point */
  PS_SWEEP_EVENT_BISECT, /* a bisection step finished: strategy, point, crossing (its bracket);
                          * once for the crossing's strategy, then once for its reference when
                          * the step measured the reference anew, so every point of the report
                          * is told exactly once */
} PsSweepEventKind;

typedef struct
{
  PsSweepEventKind kind;
  unsigned strategy;
  const PsSweepPoint *point;       /* borrowed for the duration of the callback */
  const PsSweepCrossing *crossing; /* PS_SWEEP_EVENT_BISECT only */
  unsigned grid_done;              /* grid measurements finished so far (all strategies) */
  unsigned grid_total;             /* values × strategies */
} PsSweepEvent;

/* Called on the sweep's thread; a GTK front-end forwards a copy with g_idle_add_once. */
typedef void (*PsSweepEventFunc) (const PsSweepEvent *event, void *user_data);

typedef struct
{
  PsScenario base;         /* every other knob; base.strategies are the strategies swept */
  PsKnob knob;
  PsSweepSpacing spacing;
  double from, to;         /* PS_SWEEP_LINEAR / PS_SWEEP_LOG, inclusive, base unit */
  unsigned points;         /* ≥ 1 (1 needs from = to) */
  unsigned n_values;       /* PS_SWEEP_LIST */
  double values[PS_SWEEP_MAX_VALUES];
  char reference[PS_STRATEGY_NAME_MAX]; /* "single" by default; appended if not in the list */
  double ci_target;        /* relative half-width of the 95% CI: 0.05 = ±5% of the mean */
  unsigned min_reps;       /* 3 */
  unsigned max_reps;       /* 20 */
  double tolerance;        /* stop bisecting when x_high/x_low − 1 (log axis) or
                            * (x_high − x_low)/x_low (linear) is below it; 0.05. Integer knobs
                            * also stop at one step. */
  unsigned max_extra_points; /* per crossing; 6 */
  uint64_t rep_duration_ns;  /* aim each repetition at about this long (20 ms), sizing its task
                              * count from the time per task measured so far (a short unmeasured
                              * pilot when nothing is known yet), with 10% more tasks as warm-up;
                              * 0 = run the base scenario's own tasks/duration unchanged. Sized
                              * repetitions keep a 16 MiB point from running 20000 tasks. */
  unsigned cores;          /* thread-count fits use N up to this; 0 = this machine's cores */
  PsSweepMetric metric;    /* what is compared; the time per task by default. An open-loop
                            * base (rate > 0) or a swept rate needs a latency metric */
  PsSweepMeasureFunc measure; /* ps_sweep_measure_engine by default */
  void *measure_data;
  PsSweepEventFunc on_event;  /* nullable */
  void *event_data;
} PsSweepConfig;

/**
 * ps_sweep_config_init:
 * @config: to fill
 *
 * Fills @config with the defaults above, ps_scenario_init_defaults() as the base and a 12-point
 * log payload sweep from 64 B to 16 MiB.
 * Thread: any.
 */
void ps_sweep_config_init (PsSweepConfig *config);

/**
 * ps_sweep_validate:
 * @config: the sweep
 * @out: (nullable): the first problem, as one English line naming the knob
 *
 * Checks the knob (known, sweepable per the knob table, meaningful for every strategy but the
 * reference: `isolates` needs pooled isolates, `batch_size`/`batch_depth` batched dispatch,
 * `threads` a multi-thread dispatch, `spin` a shared pool), the range (from ≤ to, points ≥ 1,
 * log needs from > 0, every value within the knob's range), the statistics settings, the
 * reference strategy's name and the base scenario at both ends of the range.
 *
 * Returns: 0, PS_EINVAL or PS_EUNKNOWN (an unknown reference strategy).
 * Thread: any.
 */
int ps_sweep_validate (const PsSweepConfig *config, PsValidation *out);

typedef struct PsSweep PsSweep;

/**
 * ps_sweep_new:
 * @config: copied; validated with ps_sweep_validate()
 * @out: the new sweep, not started
 * @error: (nullable): why it was refused
 *
 * Returns: 0, the validation code, or PS_ENOMEM.
 * Thread: any.
 */
int ps_sweep_new (const PsSweepConfig *config, PsSweep **out, PsValidation *error);

/**
 * ps_sweep_run:
 *
 * Measures the grid, then refines every crossing, then fits the models. Blocks; events are
 * delivered on this thread.
 *
 * Returns: 0; PS_ECANCELED when ps_sweep_stop() ended it (the report keeps what was measured);
 * PS_ESTATE when already run; or the measure function's error (the report keeps the rest).
 * Thread: owner, once.
 */
int ps_sweep_run (PsSweep *sweep);

/* Asks a running sweep to stop after the current repetition. Thread: any (an atomic flag). */
void ps_sweep_stop (PsSweep *sweep);

/* Returns: (transfer none): the report; complete after ps_sweep_run() returned. Thread: owner. */
const PsSweepReport *ps_sweep_get_report (const PsSweep *sweep);

/* Frees the sweep and its report. Not while ps_sweep_run() is going. Thread: owner. */
void ps_sweep_free (PsSweep *sweep);

/* Returns: the series' point at exactly @x, or NULL. Thread: any (read-only). */
const PsSweepPoint *ps_sweep_series_find (const PsSweepSeries *series, double x);
