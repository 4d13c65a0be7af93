/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-measure.c: the repetitions of one point, and the default measure over the engine.
 *
 * Repetitions are sized to last about rep_duration_ns each, and the strategies at one value take
 * turns, one run each per round.
 */
#include "ps-sweep-private.h"

#include <math.h>
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

void
ps_sweep_result_clear (PsResult *result)
{
  free (result->per_thread_tasks);
  result->per_thread_tasks = NULL;
}

int
ps_sweep_measure_engine (const PsScenario *scenario, unsigned strategy_index, double x,
                         PsSweepSample *out, void *user_data)
{
  PsReport *report = NULL;
  const PsResult *total;
  int rc;

  rc = ps_run_scenario (scenario, &report);
  if (rc != 0)
    return rc;
  total = &report->strategies[0].total;
  if (total->tasks_completed == 0 || !(total->wall_s > 0))
    {
      ps_report_free (report);
      return PS_ECANCELED;
    }
  out->seconds_per_task = total->wall_s / (double) total->tasks_completed;
  out->result = *total;
  out->result.per_thread_tasks = NULL;
  if (total->per_thread_tasks && total->n_threads > 0)
    {
      size_t size = total->n_threads * sizeof *total->per_thread_tasks;

      out->result.per_thread_tasks = malloc (size);
      if (out->result.per_thread_tasks)
        memcpy (out->result.per_thread_tasks, total->per_thread_tasks, size);
      else
        out->result.n_threads = 0;
    }
  out->has_result = true;
  ps_report_free (report);
  return 0;
}

static PsScenario
scenario_at (const PsSweep *sweep, unsigned strategy, double x)
{
  PsScenario s = sweep->config.base;

  s.strategies[0] = sweep->strategies[strategy];
  s.n_strategies = 1;
  /* Every value is in range: grid values were validated and bisection stays between them. */
  ps_knob_set (&s, sweep->config.knob, x);
  return s;
}

/* Repetitions are sized by task count rather than run for a duration: a count makes every
 * repetition of a point the same work, and its warm-up is part of the same run. */
#define MIN_REP_TASKS 4 /* a 16 MiB copy takes milliseconds: a floor of more would dominate */
#define MAX_REP_TASKS 1000000
/* A repetition grows to cover a run's fixed cost up to this many rep_duration_ns: on a loaded
 * machine the measured overhead also holds time spent waiting for a CPU. */
#define MAX_REP_GROWTH 10

static void
set_rep_tasks (PsScenario *s, uint64_t tasks)
{
  s->tasks = tasks;
  s->duration_ns = 0;
  s->warmup_tasks = tasks / 10 > 0 ? tasks / 10 : 1;
  s->warmup_ns = 0;
}

/* Tasks that take about @target_s at @seconds_per_task. */
static uint64_t
tasks_for_target (double target_s, double seconds_per_task)
{
  double n = target_s / seconds_per_task;

  return n < MIN_REP_TASKS ? MIN_REP_TASKS : n > MAX_REP_TASKS ? MAX_REP_TASKS : (uint64_t) n;
}

/* Tasks that take about rep_duration_ns at @seconds_per_task. */
static uint64_t
tasks_for (const PsSweep *sweep, double seconds_per_task)
{
  double n = (double) sweep->config.rep_duration_ns / 1e9 / seconds_per_task;

  return n < MIN_REP_TASKS ? MIN_REP_TASKS : n > MAX_REP_TASKS ? MAX_REP_TASKS : (uint64_t) n;
}

/* The time per task of the closest value already measured for @strategy, or 0. Cost usually
 * changes smoothly with the knob, so the neighbour sizes the first repetition well enough. */
static double
nearest_estimate (const PsSweep *sweep, unsigned strategy, double x)
{
  const PsSweepSeries *series = &sweep->report.series[strategy];
  double best = 0, distance = INFINITY;

  for (unsigned p = 0; p < series->n_points; p++)
    {
      double d = fabs (ps_sweep_axis (sweep, series->points[p].x) - ps_sweep_axis (sweep, x));

      if (d < distance)
        {
          distance = d;
          best = series->points[p].pace_s;
        }
    }
  return best;
}

/* Inserts @point into the series keeping it sorted by x. Returns 0 or PS_ENOMEM. */
static int
series_insert (PsSweep *sweep, unsigned strategy, const PsSweepPoint *point)
{
  PsSweepSeries *series = &sweep->report.series[strategy];
  unsigned at = 0;

  if (series->n_points == sweep->capacity[strategy])
    {
      unsigned capacity = sweep->capacity[strategy] ? 2 * sweep->capacity[strategy] : 16;
      PsSweepPoint *points = realloc (series->points, capacity * sizeof *points);

      if (!points)
        return PS_ENOMEM;
      series->points = points;
      sweep->capacity[strategy] = capacity;
    }
  while (at < series->n_points && series->points[at].x < point->x)
    at++;
  memmove (&series->points[at + 1], &series->points[at],
           (series->n_points - at) * sizeof *series->points);
  series->points[at] = *point;
  series->n_points++;
  return 0;
}

/* Index of the median of @values[0..n) (the lower one for even n). */
static unsigned
median_index (const double *values, unsigned n)
{
  for (unsigned i = 0; i < n; i++)
    {
      unsigned below = 0, equal = 0;

      for (unsigned j = 0; j < n; j++)
        {
          below += values[j] < values[i];
          equal += values[j] == values[i];
        }
      if (below <= (n - 1) / 2 && (n - 1) / 2 < below + equal)
        return i;
    }
  return 0;
}

/* One point being measured: its repetitions so far. The jobs of several strategies at one value
 * advance in turn, one run each, so that a burst of outside load on a small machine is shared
 * among them instead of landing on one strategy's whole point: the sweep's version of an
 * interleaved run. */
typedef struct
{
  unsigned strategy;
  double x;
  bool bisection;
  bool done;  /* CI target met, cap reached, or the value was already measured */
  bool pilot; /* the next run only sizes the repetitions */
  unsigned n;
  double pace_sum_s; /* Σ wall seconds per task of the repetitions, which size the next one */
  double overhead_s; /* a run's time outside its measured part: set-up, warm-up, teardown */
  unsigned remeasured; /* repetitions thrown away because the machine was busy */
  unsigned disturbed;  /* repetitions kept although it was */
  PsScenario scenario;
  PsSweepSample *samples;
  double *times;
} PointJob;

static int
job_begin (PsSweep *sweep, PointJob *job, unsigned strategy, double x, bool bisection)
{
  const PsSweepConfig *config = &sweep->config;

  memset (job, 0, sizeof *job);
  job->strategy = strategy;
  job->x = x;
  job->bisection = bisection;
  /* The reference is measured once per value, whichever crossing asks for it first. */
  job->done = ps_sweep_series_find (&sweep->report.series[strategy], x) != NULL;
  if (job->done)
    return 0;
  job->samples = calloc (config->max_reps, sizeof *job->samples);
  job->times = calloc (config->max_reps, sizeof *job->times);
  if (!job->samples || !job->times)
    {
      job->done = true;
      return PS_ENOMEM;
    }
  job->scenario = scenario_at (sweep, strategy, x);
  if (config->rep_duration_ns > 0)
    {
      double estimate = nearest_estimate (sweep, strategy, x);

      job->pilot = estimate == 0;
      set_rep_tasks (&job->scenario, job->pilot ? MIN_REP_TASKS : tasks_for (sweep, estimate));
    }
  return 0;
}

/* The quantity @metric compares, in seconds, or NAN when the sample cannot give it. */
static double
compared_value (PsSweepMetric metric, const PsSweepSample *sample)
{
  switch (metric)
    {
    case PS_SWEEP_METRIC_LATENCY_P50:
      return sample->has_result ? sample->result.latency_us.p50 / 1e6 : NAN;
    case PS_SWEEP_METRIC_LATENCY_P99:
      return sample->has_result ? sample->result.latency_us.p99 / 1e6 : NAN;
    case PS_SWEEP_METRIC_TIME_PER_TASK:
    case PS_SWEEP_METRIC_COUNT:
    default:
      return sample->seconds_per_task;
    }
}

/* The shortest stretch of the machine's time (cores × wall) over which /proc/stat's 10 ms ticks
 * can tell 10% of other work from rounding. */
#define BUSY_JUDGED_MIN_NS 200000000.0

/* Whether other processes used more than PS_INTERFERENCE_BUSY_PCT of the machine between @a and
 * @b. A repetition too short to judge counts as quiet. */
static bool
machine_was_busy (const PsMachineLoad *a, const PsMachineLoad *b)
{
  unsigned cores = uv_available_parallelism ();

  if ((double) (b->wall_ns - a->wall_ns) * cores < BUSY_JUDGED_MIN_NS)
    return false;
  return ps_machine_other_cpu_pct (a, b, cores) > PS_INTERFERENCE_BUSY_PCT;
}

/* Runs one measurement of @job: a pilot or a repetition. */
static int
job_step (PsSweep *sweep, PointJob *job)
{
  const PsSweepConfig *config = &sweep->config;
  PsSweepSample *sample = &job->samples[job->n];
  PsStatsSummary summary;
  double t, start, elapsed, target;
  int rc;

  PsMachineLoad load_before, load_after;
  ps_machine_load_read (&load_before);
  start = now_s ();
  rc = config->measure (&job->scenario, job->strategy, job->x, sample, config->measure_data);
  elapsed = now_s () - start;
  ps_machine_load_read (&load_after);
  sweep->report.runs++;
  if (rc == 0 && !(sample->seconds_per_task > 0 && isfinite (sample->seconds_per_task)))
    rc = PS_EINVAL;
  if (rc == 0 && !job->pilot && !(compared_value (config->metric, sample) > 0))
    rc = PS_EINVAL;
  if (rc != 0)
    {
      ps_sweep_result_clear (&sample->result);
      memset (sample, 0, sizeof *sample);
      job->done = true;
      return rc;
    }
  if (sample->has_result)
    {
      sweep->report.measured_s += sample->result.wall_s;
      job->overhead_s = fmax (0, elapsed - sample->result.wall_s);
    }
  t = sample->seconds_per_task;

  if (!job->pilot && machine_was_busy (&load_before, &load_after))
    {
      if (job->remeasured < PS_SWEEP_MAX_REMEASURES)
        {
          /* Another process took part of the machine: this repetition measured it, not the
           * strategy. Measure again. */
          job->remeasured++;
          sweep->report.remeasured++;
          ps_sweep_result_clear (&sample->result);
          memset (sample, 0, sizeof *sample);
          return 0;
        }
      job->disturbed++;
    }

  if (job->pilot)
    {
      /* Pilots only size the repetitions (and are their cold start), so they are dropped. A run
       * has a fixed cost (threads, isolates), so a pilot of a few short tasks overestimates the
       * time per task: grow it tenfold until it lasts a tenth of a repetition. */
      uint64_t tasks = job->scenario.tasks;

      job->pilot = t * (double) tasks * 1e9 < (double) config->rep_duration_ns / 10
                   && tasks < MAX_REP_TASKS;
      set_rep_tasks (&job->scenario, job->pilot ? tasks * 10 : tasks_for (sweep, t));
      ps_sweep_result_clear (&sample->result);
      memset (sample, 0, sizeof *sample);
      return 0;
    }

  job->times[job->n++] = compared_value (config->metric, sample);
  job->pace_sum_s += t;
  /* A repetition lasts at least as long as a run's fixed cost (at 16 MiB the engine prepares its
   * input for a few hundred ms): then at least half of the time is measurement, and longer
   * repetitions vary less, so fewer of them reach the CI target. */
  target = (double) config->rep_duration_ns / 1e9;
  target = fmax (target, fmin (job->overhead_s, MAX_REP_GROWTH * target));
  if (config->rep_duration_ns > 0)
    set_rep_tasks (&job->scenario, tasks_for_target (target, job->pace_sum_s / job->n));
  if (job->n >= config->min_reps)
    {
      ps_stats_summarize (job->times, job->n, &summary);
      job->done = summary.ci_half <= config->ci_target * summary.mean;
    }
  job->done |= job->n == config->max_reps;
  return 0;
}

/* Stores what @job measured as a point, if anything, and frees the job. */
static int
job_finish (PsSweep *sweep, PointJob *job)
{
  PsStatsSummary summary;
  PsSweepPoint point = { 0 };
  unsigned median;
  int rc = 0;

  if (job->n > 0)
    {
      ps_stats_summarize (job->times, job->n, &summary);
      point.x = job->x;
      point.mean_s = summary.mean;
      point.ci_low = summary.ci_low;
      point.ci_high = summary.ci_high;
      point.stddev_s = summary.stddev;
      point.min_s = summary.min;
      point.max_s = summary.max;
      point.reps = job->n;
      point.outliers = summary.outliers;
      point.bisection = job->bisection;
      point.remeasured = job->remeasured;
      point.disturbed = job->disturbed;
      point.pace_s = job->pace_sum_s / job->n;
      /* The median repetition is the representative one: the last may be an outlier. */
      median = median_index (job->times, job->n);
      point.has_result = job->samples[median].has_result;
      point.result = job->samples[median].result;
      job->samples[median].result.per_thread_tasks = NULL;
      if (series_insert (sweep, job->strategy, &point) != 0)
        {
          ps_sweep_result_clear (&point.result);
          rc = PS_ENOMEM;
        }
    }
  for (unsigned i = 0; i < job->n; i++)
    ps_sweep_result_clear (&job->samples[i].result);
  free (job->samples);
  free (job->times);
  job->samples = NULL;
  job->times = NULL;
  return rc;
}

int
ps_sweep_measure_at (PsSweep *sweep, double x, const unsigned *strategies, unsigned n,
                     bool bisection)
{
  PointJob jobs[PS_MAX_STRATEGIES];
  bool active = true;
  int rc = 0;

  for (unsigned j = 0; j < n; j++)
    {
      int begun = job_begin (sweep, &jobs[j], strategies[j], x, bisection);

      rc = rc ? rc : begun;
    }
  while (rc == 0 && active)
    {
      active = false;
      for (unsigned j = 0; rc == 0 && j < n; j++)
        if (!jobs[j].done)
          {
            rc = job_step (sweep, &jobs[j]);
            active = true;
          }
      if (rc == 0 && active && ps_sweep_stopping (sweep))
        rc = PS_ECANCELED;
    }
  for (unsigned j = 0; j < n; j++)
    {
      int finished = job_finish (sweep, &jobs[j]);

      rc = rc ? rc : finished;
    }
  return rc;
}
