/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep.c: a sweep's lifecycle, its grid, the bisection of crossings and the fits.
 *
 * The sweep is single-threaded by design: measurements of different strategies must not run at
 * the same time on a small machine or they would measure each other. The only cross-thread state
 * is the stop flag.
 */
#include "ps-sweep-private.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "ps-error.h"

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

const char *
ps_sweep_direction_name (PsSweepDirection direction)
{
  return direction == PS_SWEEP_BEATS_ABOVE ? "above" : "below";
}

static const char *const metric_names[PS_SWEEP_METRIC_COUNT] = { "time", "p50", "p99" };
static const char *const metric_labels[PS_SWEEP_METRIC_COUNT] = {
  "time per task", "p50 latency", "p99 latency"
};

const char *
ps_sweep_metric_name (PsSweepMetric metric)
{
  return (unsigned) metric < PS_SWEEP_METRIC_COUNT ? metric_names[metric] : NULL;
}

const char *
ps_sweep_metric_label (PsSweepMetric metric)
{
  return (unsigned) metric < PS_SWEEP_METRIC_COUNT ? metric_labels[metric] : NULL;
}

int
ps_sweep_metric_parse (const char *name, PsSweepMetric *out)
{
  for (unsigned m = 0; name != NULL && m < PS_SWEEP_METRIC_COUNT; m++)
    if (strcmp (name, metric_names[m]) == 0)
      {
        *out = (PsSweepMetric) m;
        return 0;
      }
  return PS_EINVAL;
}

void
ps_sweep_config_init (PsSweepConfig *config)
{
  memset (config, 0, sizeof *config);
  ps_scenario_init_defaults (&config->base);
  config->knob = PS_KNOB_PAYLOAD;
  config->spacing = PS_SWEEP_LOG;
  config->from = 64;
  config->to = 16 << 20;
  config->points = 12;
  strcpy (config->reference, "single");
  config->ci_target = 0.05;
  config->min_reps = 3;
  config->max_reps = 20;
  config->tolerance = 0.05;
  config->max_extra_points = 6;
  config->rep_duration_ns = 20 * 1000 * 1000;
  config->measure = ps_sweep_measure_engine;
}
/* ---- Lifecycle ------------------------------------------------------------------------------- */

int
ps_sweep_new (const PsSweepConfig *config, PsSweep **out, PsValidation *error)
{
  PsSweep *sweep;
  int reference, rc;

  *out = NULL;
  sweep = calloc (1, sizeof *sweep);
  if (!sweep)
    return ps_sweep_fail (error, PS_ENOMEM, -1, "out of memory");
  rc = ps_sweep_validate_full (config, sweep->strategies, &sweep->n_strategies, &reference,
                      sweep->report.values, &sweep->report.n_values, error);
  if (rc != 0)
    {
      free (sweep);
      return rc;
    }
  sweep->config = *config;
  sweep->integer_knob = ps_sweep_knob_is_integer (config->knob);
  atomic_init (&sweep->stop, false);

  sweep->report.knob = config->knob;
  sweep->report.metric = config->metric;
  sweep->report.log_axis = config->spacing == PS_SWEEP_LOG;
  sweep->report.reference = (unsigned) reference;
  sweep->report.n_series = sweep->n_strategies;
  sweep->report.series = calloc (sweep->n_strategies, sizeof *sweep->report.series);
  sweep->capacity = calloc (sweep->n_strategies, sizeof *sweep->capacity);
  if (!sweep->report.series || !sweep->capacity)
    {
      ps_sweep_free (sweep);
      return ps_sweep_fail (error, PS_ENOMEM, -1, "out of memory");
    }
  for (unsigned i = 0; i < sweep->n_strategies; i++)
    sweep->report.series[i].strategy = sweep->strategies[i];
  *out = sweep;
  return 0;
}

void
ps_sweep_stop (PsSweep *sweep)
{
  atomic_store_explicit (&sweep->stop, true, memory_order_relaxed);
}

bool
ps_sweep_stopping (PsSweep *sweep)
{
  return atomic_load_explicit (&sweep->stop, memory_order_relaxed);
}

const PsSweepReport *
ps_sweep_get_report (const PsSweep *sweep)
{
  return &sweep->report;
}

void
ps_sweep_free (PsSweep *sweep)
{
  if (!sweep)
    return;
  for (unsigned s = 0; s < sweep->report.n_series && sweep->report.series; s++)
    {
      PsSweepSeries *series = &sweep->report.series[s];

      for (unsigned p = 0; p < series->n_points; p++)
        ps_sweep_result_clear (&series->points[p].result);
      free (series->points);
    }
  free (sweep->report.series);
  free (sweep->report.crossings);
  free (sweep->capacity);
  free (sweep);
}

/* Position on the sweep's axis: distances and midpoints are taken there. */
double
ps_sweep_axis (const PsSweep *sweep, double x)
{
  return sweep->report.log_axis ? log (x) : x;
}

const PsSweepPoint *
ps_sweep_series_find (const PsSweepSeries *series, double x)
{
  for (unsigned p = 0; p < series->n_points; p++)
    if (series->points[p].x == x)
      return &series->points[p];
  return NULL;
}

static void
emit (PsSweep *sweep, PsSweepEventKind kind, unsigned strategy, double x,
      const PsSweepCrossing *crossing, unsigned grid_done, unsigned grid_total)
{
  PsSweepEvent event = { 0 };

  if (!sweep->config.on_event)
    return;
  event.kind = kind;
  event.strategy = strategy;
  event.point = ps_sweep_series_find (&sweep->report.series[strategy], x);
  event.crossing = crossing;
  event.grid_done = grid_done;
  event.grid_total = grid_total;
  if (event.point)
    sweep->config.on_event (&event, sweep->config.event_data);
}

/* ---- Crossings ------------------------------------------------------------------------------- */

/* The sign of t_strategy − t_reference at @x where the two CIs do not overlap, 0 where the two are
 * indistinguishable, and 2 when either was not measured there. */
static int
significant_sign (const PsSweep *sweep, unsigned strategy, double x, double *difference)
{
  const PsSweepPoint *a = ps_sweep_series_find (&sweep->report.series[strategy], x);
  const PsSweepPoint *r
    = ps_sweep_series_find (&sweep->report.series[sweep->report.reference], x);
  double d, ha, hr;

  if (!a || !r)
    return 2;
  d = a->mean_s - r->mean_s;
  ha = (a->ci_high - a->ci_low) / 2;
  hr = (r->ci_high - r->ci_low) / 2;
  if (difference)
    *difference = d;
  /* The half-width of the difference's CI, treating the two as independent. */
  if (fabs (d) > sqrt (ha * ha + hr * hr))
    return d > 0 ? 1 : -1;
  return 0;
}

static bool
narrow_enough (const PsSweep *sweep, double lo, double hi)
{
  if (sweep->integer_knob && hi - lo <= 1)
    return true;
  if (sweep->report.log_axis)
    return hi / lo - 1 <= sweep->config.tolerance;
  return hi - lo <= sweep->config.tolerance * fmax (fabs (lo), fabs (hi));
}

static double
midpoint (const PsSweep *sweep, double lo, double hi)
{
  double m = sweep->report.log_axis ? sqrt (lo * hi) : (lo + hi) / 2;

  return sweep->integer_knob ? round (m) : m;
}

/* The best single estimate inside [lo, hi]: interpolate between the closest pair of measured values
 * whose mean differences have opposite signs. */
static double
estimate_crossing (const PsSweep *sweep, unsigned strategy, double lo, double hi)
{
  const PsSweepSeries *series = &sweep->report.series[strategy];
  double prev_x = NAN, prev_d = NAN;

  for (unsigned p = 0; p < series->n_points; p++)
    {
      double x = series->points[p].x, d;

      if (x < lo || x > hi || significant_sign (sweep, strategy, x, &d) == 2)
        continue;
      if (!isnan (prev_d) && ((prev_d <= 0 && d >= 0) || (prev_d >= 0 && d <= 0)))
        return ps_stats_crossing (prev_x, prev_d, x, d, sweep->report.log_axis);
      prev_x = x;
      prev_d = d;
    }
  return midpoint (sweep, lo, hi);
}

static int
add_crossing (PsSweep *sweep, const PsSweepCrossing *crossing)
{
  PsSweepReport *report = &sweep->report;
  PsSweepCrossing *crossings
    = realloc (report->crossings, (report->n_crossings + 1) * sizeof *crossings);

  if (!crossings)
    return PS_ENOMEM;
  report->crossings = crossings;
  report->crossings[report->n_crossings++] = *crossing;
  if (crossing->extra_points > report->max_extra_points)
    report->max_extra_points = crossing->extra_points;
  return 0;
}

/* Refines one bracket [lo, hi] (significant, opposite signs) by bisection. [amb_lo, amb_hi], when
 * not NaN, is where the two curves were already found indistinguishable: the crossing is in there
 * but its side cannot be told, so bisection narrows the two gaps around it instead. */
static int
refine (PsSweep *sweep, unsigned strategy, double lo, double hi, double amb_lo, double amb_hi,
        PsSweepCrossing *c)
{
  unsigned ref = sweep->report.reference;
  int sign_lo = significant_sign (sweep, strategy, lo, NULL);
  int rc = 0;

  c->strategy = strategy;
  c->reference = ref;
  c->extra_points = 0;
  while (c->extra_points < sweep->config.max_extra_points && !ps_sweep_stopping (sweep))
    {
      double a = lo, b = hi, m;
      int sign;

      if (narrow_enough (sweep, lo, hi))
        break;
      if (!isnan (amb_lo))
        {
          bool left_open = !narrow_enough (sweep, lo, amb_lo);
          bool right_open = !narrow_enough (sweep, amb_hi, hi);

          if (!left_open && !right_open)
            break;
          /* Narrow the wider gap first: it holds the most uncertainty. */
          if (left_open && (!right_open
                            || ps_sweep_axis (sweep, amb_lo) - ps_sweep_axis (sweep, lo)
                                 >= ps_sweep_axis (sweep, hi) - ps_sweep_axis (sweep, amb_hi)))
            b = amb_lo;
          else
            a = amb_hi;
        }
      m = midpoint (sweep, a, b);
      /* Nothing new to learn: an integer gap of one step, or a value already measured. */
      if (m <= a || m >= b || ps_sweep_series_find (&sweep->report.series[strategy], m))
        break;

      /* The reference may already have a point at m, from another strategy's crossing. */
      bool reference_new = ps_sweep_series_find (&sweep->report.series[ref], m) == NULL;

      c->extra_points++;
      if ((rc = ps_sweep_measure_at (sweep, m, (const unsigned[]) { strategy, ref }, 2, true)) != 0)
        break;
      sign = significant_sign (sweep, strategy, m, NULL);
      if (sign == sign_lo)
        lo = m;
      else if (sign == -sign_lo)
        hi = m;
      if (sign != 0 && !isnan (amb_lo) && (amb_hi <= lo || amb_lo >= hi))
        /* The bracket moved past the indistinguishable values: they no longer hold the crossing
         * (the curves touched there without crossing). */
        amb_lo = amb_hi = NAN;
      else if (sign == 0)
        {
          amb_lo = isnan (amb_lo) ? m : fmin (amb_lo, m);
          amb_hi = isnan (amb_hi) ? m : fmax (amb_hi, m);
        }

      c->x_low = lo;
      c->x_high = hi;
      c->x = estimate_crossing (sweep, strategy, lo, hi);
      c->direction = sign_lo > 0 ? PS_SWEEP_BEATS_ABOVE : PS_SWEEP_BEATS_BELOW;
      emit (sweep, PS_SWEEP_EVENT_BISECT, strategy, m, c, 0, 0);
      /* A front-end draws every point it hears of: the reference's new one too. */
      if (reference_new)
        emit (sweep, PS_SWEEP_EVENT_BISECT, ref, m, c, 0, 0);
    }
  c->x_low = lo;
  c->x_high = hi;
  c->x = estimate_crossing (sweep, strategy, lo, hi);
  /* Slower than the reference below (positive difference) means it beats it above. */
  c->direction = sign_lo > 0 ? PS_SWEEP_BEATS_ABOVE : PS_SWEEP_BEATS_BELOW;
  c->converged = narrow_enough (sweep, lo, hi);
  return rc;
}

/* Brackets every sign change of one strategy against the reference on the grid and refines it. */
static int
find_crossings (PsSweep *sweep, unsigned strategy)
{
  const double *values = sweep->report.values;
  int last_sign = 0;
  double last_x = NAN, amb_lo = NAN, amb_hi = NAN;

  for (unsigned i = 0; i < sweep->report.n_values && !ps_sweep_stopping (sweep); i++)
    {
      double x = values[i];
      int sign = significant_sign (sweep, strategy, x, NULL);

      if (sign == 2)
        break; /* not measured: the grid was cut short */
      if (sign == 0)
        {
          /* Indistinguishable here: only meaningful between two opposite significant values. */
          if (last_sign != 0)
            {
              amb_lo = isnan (amb_lo) ? x : amb_lo;
              amb_hi = x;
            }
          continue;
        }
      if (last_sign != 0 && sign != last_sign)
        {
          PsSweepCrossing crossing = { 0 };
          int rc = refine (sweep, strategy, last_x, x, amb_lo, amb_hi, &crossing);

          if (rc == 0 || rc == PS_ECANCELED)
            {
              int add = add_crossing (sweep, &crossing);

              rc = add ? add : rc;
            }
          if (rc != 0)
            return rc;
        }
      last_sign = sign;
      last_x = x;
      amb_lo = amb_hi = NAN;
    }
  return ps_sweep_stopping (sweep) ? PS_ECANCELED : 0;
}

/* ---- Fits ------------------------------------------------------------------------------------ */

/* Amdahl and the USL on thread counts, where they apply (see PsSweepFits); @x and @y are scratch
 * of the series' length. */
static void
fit_scaling (PsSweep *sweep, PsSweepSeries *series, double *x, double *y)
{
  PsSweepFits *fits = &series->fits;
  unsigned cores = sweep->config.cores ? sweep->config.cores : uv_available_parallelism ();
  unsigned n = 0;

  /* They model throughput, the inverse of the time per task: they say nothing of a latency. */
  if (sweep->config.metric != PS_SWEEP_METRIC_TIME_PER_TASK)
    {
      fits->scaling_skipped = "the sweep compares latency, and these models describe throughput";
      return;
    }
  if (series->strategy.dispatch == PS_DISPATCH_INLINE)
    {
      fits->scaling_skipped = "it runs on one thread whatever the thread count";
      return;
    }
  for (unsigned p = 0; p < series->n_points; p++)
    if (series->points[p].x <= cores)
      {
        x[n] = series->points[p].x;
        y[n++] = 1 / series->points[p].mean_s;
      }
  fits->scaling_points = n;
  /* Two parameters (three for the USL) need more points than that to say anything. */
  if (n < 3)
    {
      fits->scaling_skipped = "fewer than 3 thread counts within the machine's cores";
      return;
    }
  fits->has_amdahl = ps_stats_amdahl_fit (x, y, n, &fits->amdahl) == 0;
  fits->has_usl = n >= 4 && ps_stats_usl_fit (x, y, n, &fits->usl) == 0;
}

static void
fit_series (PsSweep *sweep, PsSweepSeries *series)
{
  const PsKnobInfo *info = ps_knob_info (sweep->config.knob);
  unsigned n = series->n_points;
  double *x = malloc ((n ? n : 1) * sizeof *x);
  double *y = malloc ((n ? n : 1) * sizeof *y);

  memset (&series->fits, 0, sizeof series->fits);
  if (!x || !y)
    goto out;
  for (unsigned p = 0; p < n; p++)
    x[p] = series->points[p].x;

  if (info->unit == PS_UNIT_BYTES || info->unit == PS_UNIT_DURATION)
    {
      for (unsigned p = 0; p < n; p++)
        y[p] = series->points[p].mean_s;
      series->fits.has_linear = ps_stats_linear_fit (x, y, n, &series->fits.linear) == 0;
    }
  if (sweep->config.knob == PS_KNOB_THREADS)
    fit_scaling (sweep, series, x, y);
out:
  free (x);
  free (y);
}

/* ---- The run --------------------------------------------------------------------------------- */

/* Measures every value for every strategy: value by value, so that a stopped sweep has all the
 * strategies over the same prefix of the range and slow drift of the machine hits them alike. */
static int
measure_grid (PsSweep *sweep)
{
  unsigned total = sweep->report.n_values * sweep->n_strategies, done = 0;
  unsigned all[PS_MAX_STRATEGIES];

  for (unsigned s = 0; s < sweep->n_strategies; s++)
    all[s] = s;
  for (unsigned i = 0; i < sweep->report.n_values; i++)
    {
      double x = sweep->report.values[i];
      int rc = ps_sweep_measure_at (sweep, x, all, sweep->n_strategies, false);

      for (unsigned s = 0; s < sweep->n_strategies; s++)
        emit (sweep, PS_SWEEP_EVENT_POINT, s, x, NULL, ++done, total);
      if (rc != 0)
        return rc;
      if (ps_sweep_stopping (sweep))
        return PS_ECANCELED;
    }
  return 0;
}

int
ps_sweep_run (PsSweep *sweep)
{
  double start = now_s ();
  int rc;

  if (sweep->ran)
    return PS_ESTATE;
  sweep->ran = true;

  rc = measure_grid (sweep);
  for (unsigned s = 0; rc == 0 && s < sweep->n_strategies; s++)
    if (s != sweep->report.reference)
      rc = find_crossings (sweep, s);
  /* Fit whatever was measured, even after a stop: a partial curve still has a slope. */
  for (unsigned s = 0; s < sweep->n_strategies; s++)
    fit_series (sweep, &sweep->report.series[s]);

  sweep->report.completed = rc == 0;
  sweep->report.wall_s = now_s () - start;
  return rc;
}
