/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-validate.c: whether a sweep makes sense, and the grid of values it measures.
 *
 * Every refusal is one English line naming the knob, so the CLI can print it as it is.
 */
#include "ps-sweep-private.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps-error.h"

int
ps_sweep_fail (PsValidation *out, int code, int knob, const char *fmt, ...)
{
  va_list ap;

  if (out)
    {
      out->code = code;
      out->knob = knob;
      va_start (ap, fmt);
      vsnprintf (out->message, sizeof out->message, fmt, ap);
      va_end (ap);
    }
  return code;
}

bool
ps_sweep_knob_is_integer (PsKnob knob)
{
  const PsKnobInfo *info = ps_knob_info (knob);

  return info && info->unit != PS_UNIT_RATIO;
}

/* Why @knob means nothing for @strategy, or NULL when sweeping it is meaningful. */
static const char *
knob_irrelevance (PsKnob knob, const PsStrategy *strategy, const PsScenario *base)
{
  switch (knob)
    {
    case PS_KNOB_ISOLATES:
      if (strategy->isolates_mode == PS_ISOLATES_FRESH)
        return "it creates a fresh isolate per task, so there is no isolate count";
      return NULL;
    case PS_KNOB_BATCH_SIZE:
    case PS_KNOB_BATCH_DEPTH:
      if (strategy->dispatch != PS_DISPATCH_BATCHED)
        return "only batched dispatch has batches";
      return NULL;
    case PS_KNOB_THREADS:
      if (strategy->dispatch == PS_DISPATCH_INLINE)
        return "inline dispatch always runs on one thread";
      return NULL;
    case PS_KNOB_SPIN:
      if (strategy->isolates_mode != PS_ISOLATES_SHARED_POOL || base->acquire != PS_ACQUIRE_SPIN)
        return "only a shared pool with --acquire spin spin-sleeps";
      return NULL;
    default:
      return NULL;
    }
}

/* Finds @name among the base strategies; appends it when absent. Returns its index or a code. */
static int
resolve_reference (const PsSweepConfig *config, PsStrategy *strategies, unsigned *n,
                   PsValidation *out)
{
  const char *name = config->reference[0] ? config->reference : "single";
  PsStrategy ref;

  if (ps_strategy_parse (name, &ref) != 0)
    return ps_sweep_fail (out, PS_EUNKNOWN, -1, "reference: unknown strategy '%s'", name);
  for (unsigned i = 0; i < *n; i++)
    if (strategies[i].dispatch == ref.dispatch && strategies[i].isolates_mode == ref.isolates_mode)
      return (int) i;
  if (*n >= PS_MAX_STRATEGIES)
    return ps_sweep_fail (out, PS_EINVAL, -1,
                          "strategy: at most %d strategies with the reference '%s'",
                          PS_MAX_STRATEGIES - 1, name);
  strategies[*n] = ref;
  return (int) (*n)++;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Fills @values with the grid the config describes, rounded for integer knobs, sorted, without
 * duplicates (rounding a log grid over a small count range repeats values). Returns the count. */
static unsigned
build_grid (const PsSweepConfig *config, bool integer, double *values)
{
  unsigned n = 0, kept = 0;

  if (config->spacing == PS_SWEEP_LIST)
    {
      n = config->n_values;
      memcpy (values, config->values, n * sizeof *values);
    }
  else
    {
      n = config->points;
      for (unsigned i = 0; i < n; i++)
        {
          double f = n > 1 ? (double) i / (n - 1) : 0;

          if (config->spacing == PS_SWEEP_LOG)
            values[i] = config->from * pow (config->to / config->from, f);
          else
            values[i] = config->from + (config->to - config->from) * f;
        }
      /* The ends are exact whatever the rounding of pow() does. */
      values[n - 1] = config->to;
    }
  for (unsigned i = 0; i < n; i++)
    if (integer)
      values[i] = round (values[i]);
    else if (config->spacing != PS_SWEEP_LIST && values[i] != 0)
      {
        /* Real-valued knobs (a rate): four significant digits read better than pow()'s 17, and
         * the grid reported is the grid measured. */
        double scale = pow (10, 3 - floor (log10 (fabs (values[i]))));
        values[i] = round (values[i] * scale) / scale;
      }
  qsort (values, n, sizeof *values, compare_doubles);
  for (unsigned i = 0; i < n; i++)
    if (kept == 0 || values[i] != values[kept - 1])
      values[kept++] = values[i];
  return kept;
}

static int
validate_range (const PsSweepConfig *config, const PsKnobInfo *info, PsValidation *out)
{
  char a[48], b[48];

  if (config->spacing == PS_SWEEP_LIST)
    {
      if (config->n_values == 0 || config->n_values > PS_SWEEP_MAX_VALUES)
        return ps_sweep_fail (out, PS_EINVAL, (int) info->knob,
                              "values: give between 1 and %d values for %s, got %u",
                              PS_SWEEP_MAX_VALUES, info->name, config->n_values);
      for (unsigned i = 0; i < config->n_values; i++)
        if (!isfinite (config->values[i]))
          return ps_sweep_fail (out, PS_EINVAL, (int) info->knob,
                                "values: value %u is not a number", i + 1);
      return 0;
    }
  if (config->spacing != PS_SWEEP_LINEAR && config->spacing != PS_SWEEP_LOG)
    return ps_sweep_fail (out, PS_EINVAL, -1, "spacing: must be linear, log or a list");
  if (config->points == 0 || config->points > PS_SWEEP_MAX_VALUES)
    return ps_sweep_fail (out, PS_EINVAL, -1, "points: must be between 1 and %d, got %u",
                          PS_SWEEP_MAX_VALUES, config->points);
  if (!isfinite (config->from) || !isfinite (config->to))
    return ps_sweep_fail (out, PS_EINVAL, (int) info->knob,
                          "from/to: the range of %s is not a number", info->name);
  ps_knob_format (info, config->from, a, sizeof a);
  ps_knob_format (info, config->to, b, sizeof b);
  if (config->from > config->to)
    return ps_sweep_fail (out, PS_EINVAL, (int) info->knob,
                          "from/to: the range of %s is reversed (from %s to %s); give from <= to",
                          info->name, a, b);
  if (config->points == 1 && config->from != config->to)
    return ps_sweep_fail (out, PS_EINVAL, -1, "points: one point needs from = to (got %s to %s)", a,
                          b);
  if (config->points > 1 && config->from == config->to)
    return ps_sweep_fail (out, PS_EINVAL, -1, "points: %u points over the empty range %s to %s",
                          config->points, a, b);
  if (config->spacing == PS_SWEEP_LOG && !(config->from > 0))
    return ps_sweep_fail (out, PS_EINVAL, (int) info->knob,
                          "from: a log sweep of %s needs from > 0, got %s (use --linear)",
                          info->name, a);
  return 0;
}

/* Checks every grid value against the knob's range, and the scenario at both ends of the grid
 * (the largest payload or isolate count is where the memory limit bites). */
static int
validate_values (const PsSweepConfig *config, const PsKnobInfo *info, const double *values,
                 unsigned n, PsValidation *out)
{
  PsScenario probe = config->base;
  PsValidation why;
  char v[48], lo[48], hi[48];

  for (unsigned i = 0; i < n; i++)
    if (ps_knob_set (&probe, info->knob, values[i]) != 0)
      {
        ps_knob_format (info, values[i], v, sizeof v);
        ps_knob_format (info, info->min, lo, sizeof lo);
        ps_knob_format (info, info->max, hi, sizeof hi);
        return ps_sweep_fail (out, PS_EINVAL, (int) info->knob,
                              "%s: %s is outside its range %s to %s", info->name, v, lo, hi);
      }
  for (unsigned end = 0; end < 2; end++)
    {
      double x = values[end ? n - 1 : 0];
      int rc;

      probe = config->base;
      ps_knob_set (&probe, info->knob, x);
      rc = ps_scenario_validate (&probe, &why);
      if (rc != 0)
        {
          ps_knob_format (info, x, v, sizeof v);
          return ps_sweep_fail (out, rc, why.knob, "at %s = %s: %s", info->name, v, why.message);
        }
    }
  return 0;
}

static int
validate_stats_settings (const PsSweepConfig *config, PsValidation *out)
{
  if (!(config->ci_target > 0 && config->ci_target < 1))
    return ps_sweep_fail (out, PS_EINVAL, -1,
                          "ci: the target must be between 0%% and 100%% of the mean");
  if (config->min_reps < 2 || config->min_reps > config->max_reps || config->max_reps > 1000)
    return ps_sweep_fail (out, PS_EINVAL, -1,
                          "max-reps: need 2 <= min reps <= max reps <= 1000, got min %u and max %u",
                          config->min_reps, config->max_reps);
  if (!(config->tolerance > 0 && config->tolerance < 1))
    return ps_sweep_fail (out, PS_EINVAL, -1, "tolerance: must be between 0 and 1");
  if (config->max_extra_points > PS_SWEEP_MAX_VALUES)
    return ps_sweep_fail (out, PS_EINVAL, -1, "max extra points: at most %d", PS_SWEEP_MAX_VALUES);
  if (!config->measure)
    return ps_sweep_fail (out, PS_EINVAL, -1, "measure: no measure function");
  return 0;
}

/* An open-loop run completes one task per 1/rate seconds whatever the strategy (as long as it
 * keeps up), so comparing time per task would find every strategy equal: compare latency. */
static int
validate_metric (const PsSweepConfig *config, PsValidation *out)
{
  bool open_loop = config->base.rate > 0 || config->knob == PS_KNOB_RATE;

  if ((unsigned) config->metric >= PS_SWEEP_METRIC_COUNT)
    return ps_sweep_fail (out, PS_EINVAL, -1, "metric: must be time, p50 or p99");
  if (open_loop && config->metric == PS_SWEEP_METRIC_TIME_PER_TASK)
    return ps_sweep_fail (out, PS_EINVAL, PS_KNOB_RATE,
                          "metric: an open-loop sweep (--rate above 0, or varying the rate) "
                          "compares latency, --metric p50 or p99: every strategy that keeps up "
                          "completes a task every 1/rate seconds");
  if (config->knob == PS_KNOB_RATE && config->spacing != PS_SWEEP_LIST && !(config->from > 0))
    return ps_sweep_fail (out, PS_EINVAL, PS_KNOB_RATE,
                          "from: a rate sweep starts above 0 tasks/s (0 is a closed run)");
  return 0;
}

/* Validation that also yields what ps_sweep_new() needs: the strategies with the reference. */
int
ps_sweep_validate_full (const PsSweepConfig *config, PsStrategy *strategies,
                        unsigned *n_strategies, int *reference, double *values,
                        unsigned *n_values, PsValidation *out)
{
  const PsKnobInfo *info = ps_knob_info (config->knob);
  int rc;

  if (!info)
    return ps_sweep_fail (out, PS_EINVAL, -1, "vary: unknown knob %d", (int) config->knob);
  if (!info->sweepable)
    {
      char list[200] = "";

      /* Name the alternatives: the table decides, so the message never goes stale. */
      for (int k = 0; k < PS_KNOB_COUNT; k++)
        if (ps_knob_info ((PsKnob) k)->sweepable)
          snprintf (list + strlen (list), sizeof list - strlen (list), "%s%s", list[0] ? ", " : "",
                    ps_knob_info ((PsKnob) k)->name);
      return ps_sweep_fail (out, PS_EINVAL, (int) info->knob,
                            "vary: %s cannot be swept; sweepable: %s", info->name, list);
    }
  if (config->base.n_strategies == 0 || config->base.n_strategies > PS_MAX_STRATEGIES)
    return ps_sweep_fail (out, PS_EINVAL, -1, "strategy: give between 1 and %d strategies",
                          PS_MAX_STRATEGIES);
  if ((rc = validate_stats_settings (config, out)) != 0
      || (rc = validate_metric (config, out)) != 0)
    return rc;

  *n_strategies = config->base.n_strategies;
  memcpy (strategies, config->base.strategies, *n_strategies * sizeof *strategies);
  *reference = resolve_reference (config, strategies, n_strategies, out);
  if (*reference < 0)
    return *reference;

  /* The reference is a fixed baseline: a knob it ignores still makes a meaningful sweep of the
   * others (threads for `queue` against `single`). Alone, it must respond to the knob itself. */
  for (unsigned i = 0; i < *n_strategies; i++)
    {
      const char *why = knob_irrelevance (config->knob, &strategies[i], &config->base);

      if (why && (i != (unsigned) *reference || *n_strategies == 1))
        return ps_sweep_fail (out, PS_EINVAL, (int) info->knob,
                              "vary: %s cannot be swept for '%s': %s", info->name,
                              strategies[i].name, why);
    }

  if ((rc = validate_range (config, info, out)) != 0)
    return rc;
  *n_values = build_grid (config, ps_sweep_knob_is_integer (info->knob), values);
  return validate_values (config, info, values, *n_values, out);
}

int
ps_sweep_validate (const PsSweepConfig *config, PsValidation *out)
{
  PsStrategy strategies[PS_MAX_STRATEGIES];
  double values[PS_SWEEP_MAX_VALUES];
  unsigned n_strategies, n_values;
  int reference;

  return ps_sweep_validate_full (config, strategies, &n_strategies, &reference, values, &n_values,
                                 out);
}
