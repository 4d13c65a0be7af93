/* ps-sweep.c: the grid, the repetitions, the bisection of crossings and the fits of a sweep.
 *
 * The sweep is single-threaded by design: measurements of different strategies must not run at
 * the same time on a small machine or they would measure each other. The only cross-thread state
 * is the stop flag.
 */
#include "ps-sweep.h"

#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ps-error.h"

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

/* ---- Validation ------------------------------------------------------------------------------ */

static int
fail (PsValidation *out, int code, int knob, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

static int
fail (PsValidation *out, int code, int knob, const char *fmt, ...)
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

static bool
is_integer_unit (const PsKnobInfo *info)
{
  return info->unit != PS_UNIT_RATIO;
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
    return fail (out, PS_EUNKNOWN, -1, "reference: unknown strategy '%s'", name);
  for (unsigned i = 0; i < *n; i++)
    if (strategies[i].dispatch == ref.dispatch
        && strategies[i].isolates_mode == ref.isolates_mode)
      return (int) i;
  if (*n >= PS_MAX_STRATEGIES)
    return fail (out, PS_EINVAL, -1, "strategy: at most %d strategies with the reference '%s'",
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
        return fail (out, PS_EINVAL, (int) info->knob,
                     "values: give between 1 and %d values for %s, got %u", PS_SWEEP_MAX_VALUES,
                     info->name, config->n_values);
      for (unsigned i = 0; i < config->n_values; i++)
        if (!isfinite (config->values[i]))
          return fail (out, PS_EINVAL, (int) info->knob, "values: value %u is not a number",
                       i + 1);
      return 0;
    }
  if (config->spacing != PS_SWEEP_LINEAR && config->spacing != PS_SWEEP_LOG)
    return fail (out, PS_EINVAL, -1, "spacing: must be linear, log or a list");
  if (config->points == 0 || config->points > PS_SWEEP_MAX_VALUES)
    return fail (out, PS_EINVAL, -1, "points: must be between 1 and %d, got %u",
                 PS_SWEEP_MAX_VALUES, config->points);
  if (!isfinite (config->from) || !isfinite (config->to))
    return fail (out, PS_EINVAL, (int) info->knob, "from/to: the range of %s is not a number",
                 info->name);
  ps_knob_format (info, config->from, a, sizeof a);
  ps_knob_format (info, config->to, b, sizeof b);
  if (config->from > config->to)
    return fail (out, PS_EINVAL, (int) info->knob,
                 "from/to: the range of %s is reversed (from %s to %s); give from <= to",
                 info->name, a, b);
  if (config->points == 1 && config->from != config->to)
    return fail (out, PS_EINVAL, -1, "points: one point needs from = to (got %s to %s)", a, b);
  if (config->points > 1 && config->from == config->to)
    return fail (out, PS_EINVAL, -1, "points: %u points over the empty range %s to %s",
                 config->points, a, b);
  if (config->spacing == PS_SWEEP_LOG && !(config->from > 0))
    return fail (out, PS_EINVAL, (int) info->knob,
                 "from: a log sweep of %s needs from > 0, got %s (use --linear)", info->name, a);
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
        return fail (out, PS_EINVAL, (int) info->knob, "%s: %s is outside its range %s to %s",
                     info->name, v, lo, hi);
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
          return fail (out, rc, why.knob, "at %s = %s: %s", info->name, v, why.message);
        }
    }
  return 0;
}

static int
validate_stats_settings (const PsSweepConfig *config, PsValidation *out)
{
  if (!(config->ci_target > 0 && config->ci_target < 1))
    return fail (out, PS_EINVAL, -1, "ci: the target must be between 0%% and 100%% of the mean");
  if (config->min_reps < 2 || config->min_reps > config->max_reps || config->max_reps > 1000)
    return fail (out, PS_EINVAL, -1,
                 "max-reps: need 2 <= min reps <= max reps <= 1000, got min %u and max %u",
                 config->min_reps, config->max_reps);
  if (!(config->tolerance > 0 && config->tolerance < 1))
    return fail (out, PS_EINVAL, -1, "tolerance: must be between 0 and 1");
  if (config->max_extra_points > PS_SWEEP_MAX_VALUES)
    return fail (out, PS_EINVAL, -1, "max extra points: at most %d", PS_SWEEP_MAX_VALUES);
  if (!config->measure)
    return fail (out, PS_EINVAL, -1, "measure: no measure function");
  return 0;
}

/* Validation that also yields what ps_sweep_new() needs: the strategies with the reference. */
static int
validate_full (const PsSweepConfig *config, PsStrategy *strategies, unsigned *n_strategies,
               int *reference, double *values, unsigned *n_values, PsValidation *out)
{
  const PsKnobInfo *info = ps_knob_info (config->knob);
  int rc;

  if (!info)
    return fail (out, PS_EINVAL, -1, "vary: unknown knob %d", (int) config->knob);
  if (!info->sweepable)
    {
      char list[200] = "";

      /* Name the alternatives: the table decides, so the message never goes stale. */
      for (int k = 0; k < PS_KNOB_COUNT; k++)
        if (ps_knob_info ((PsKnob) k)->sweepable)
          snprintf (list + strlen (list), sizeof list - strlen (list), "%s%s", list[0] ? ", " : "",
                    ps_knob_info ((PsKnob) k)->name);
      return fail (out, PS_EINVAL, (int) info->knob, "vary: %s cannot be swept; sweepable: %s",
                   info->name, list);
    }
  if (config->base.n_strategies == 0 || config->base.n_strategies > PS_MAX_STRATEGIES)
    return fail (out, PS_EINVAL, -1, "strategy: give between 1 and %d strategies",
                 PS_MAX_STRATEGIES);
  if ((rc = validate_stats_settings (config, out)) != 0)
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
        return fail (out, PS_EINVAL, (int) info->knob, "vary: %s cannot be swept for '%s': %s",
                     info->name, strategies[i].name, why);
    }

  if ((rc = validate_range (config, info, out)) != 0)
    return rc;
  *n_values = build_grid (config, is_integer_unit (info), values);
  return validate_values (config, info, values, *n_values, out);
}

int
ps_sweep_validate (const PsSweepConfig *config, PsValidation *out)
{
  PsStrategy strategies[PS_MAX_STRATEGIES];
  double values[PS_SWEEP_MAX_VALUES];
  unsigned n_strategies, n_values;
  int reference;

  return validate_full (config, strategies, &n_strategies, &reference, values, &n_values, out);
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
    return fail (error, PS_ENOMEM, -1, "out of memory");
  rc = validate_full (config, sweep->strategies, &sweep->n_strategies, &reference,
                      sweep->report.values, &sweep->report.n_values, error);
  if (rc != 0)
    {
      free (sweep);
      return rc;
    }
  sweep->config = *config;
  sweep->integer_knob = is_integer_unit (ps_knob_info (config->knob));
  atomic_init (&sweep->stop, false);

  sweep->report.knob = config->knob;
  sweep->report.log_axis = config->spacing == PS_SWEEP_LOG;
  sweep->report.reference = (unsigned) reference;
  sweep->report.n_series = sweep->n_strategies;
  sweep->report.series = calloc (sweep->n_strategies, sizeof *sweep->report.series);
  sweep->capacity = calloc (sweep->n_strategies, sizeof *sweep->capacity);
  if (!sweep->report.series || !sweep->capacity)
    {
      ps_sweep_free (sweep);
      return fail (error, PS_ENOMEM, -1, "out of memory");
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

static bool
stopping (PsSweep *sweep)
{
  return atomic_load_explicit (&sweep->stop, memory_order_relaxed);
}

const PsSweepReport *
ps_sweep_get_report (const PsSweep *sweep)
{
  return &sweep->report;
}

static void
result_clear (PsResult *result)
{
  free (result->per_thread_tasks);
  result->per_thread_tasks = NULL;
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
        result_clear (&series->points[p].result);
      free (series->points);
    }
  free (sweep->report.series);
  free (sweep->report.crossings);
  free (sweep->capacity);
  free (sweep);
}

const PsSweepPoint *
ps_sweep_series_find (const PsSweepSeries *series, double x)
{
  for (unsigned p = 0; p < series->n_points; p++)
    if (series->points[p].x == x)
      return &series->points[p];
  return NULL;
}

/* ---- Measuring one point --------------------------------------------------------------------- */

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

/* Position on the sweep's axis: distances and midpoints are taken there. */
static double
axis (const PsSweep *sweep, double x)
{
  return sweep->report.log_axis ? log (x) : x;
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
      double d = fabs (axis (sweep, series->points[p].x) - axis (sweep, x));

      if (d < distance)
        {
          distance = d;
          best = series->points[p].mean_s;
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
  double overhead_s; /* a run's time outside its measured part: set-up, warm-up, teardown */
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

/* Runs one measurement of @job: a pilot or a repetition. */
static int
job_step (PsSweep *sweep, PointJob *job)
{
  const PsSweepConfig *config = &sweep->config;
  PsSweepSample *sample = &job->samples[job->n];
  PsStatsSummary summary;
  double t, start, elapsed, target;
  int rc;

  start = now_s ();
  rc = config->measure (&job->scenario, job->strategy, job->x, sample, config->measure_data);
  elapsed = now_s () - start;
  sweep->report.runs++;
  if (rc == 0 && !(sample->seconds_per_task > 0 && isfinite (sample->seconds_per_task)))
    rc = PS_EINVAL;
  if (rc != 0)
    {
      result_clear (&sample->result);
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

  if (job->pilot)
    {
      /* Pilots only size the repetitions (and are their cold start), so they are dropped. A run
       * has a fixed cost (threads, isolates), so a pilot of a few short tasks overestimates the
       * time per task: grow it tenfold until it lasts a tenth of a repetition. */
      uint64_t tasks = job->scenario.tasks;

      job->pilot = t * (double) tasks * 1e9 < (double) config->rep_duration_ns / 10
                   && tasks < MAX_REP_TASKS;
      set_rep_tasks (&job->scenario, job->pilot ? tasks * 10 : tasks_for (sweep, t));
      result_clear (&sample->result);
      memset (sample, 0, sizeof *sample);
      return 0;
    }

  job->times[job->n++] = t;
  /* A repetition lasts at least as long as a run's fixed cost (at 16 MiB the engine prepares its
   * input for a few hundred ms): then at least half of the time is measurement, and longer
   * repetitions vary less, so fewer of them reach the CI target. */
  target = (double) config->rep_duration_ns / 1e9;
  target = fmax (target, fmin (job->overhead_s, MAX_REP_GROWTH * target));
  if (config->rep_duration_ns > 0)
    set_rep_tasks (&job->scenario, tasks_for_target (target, ps_stats_mean (job->times, job->n)));
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
      /* The median repetition is the representative one: the last may be an outlier. */
      median = median_index (job->times, job->n);
      point.has_result = job->samples[median].has_result;
      point.result = job->samples[median].result;
      job->samples[median].result.per_thread_tasks = NULL;
      if (series_insert (sweep, job->strategy, &point) != 0)
        {
          result_clear (&point.result);
          rc = PS_ENOMEM;
        }
    }
  for (unsigned i = 0; i < job->n; i++)
    result_clear (&job->samples[i].result);
  free (job->samples);
  free (job->times);
  job->samples = NULL;
  job->times = NULL;
  return rc;
}

/* Measures @strategies at @x, one run per strategy per round, until each meets the CI target or
 * the cap, then stores the points. A stop or an error still stores what was measured.
 * Returns: 0, PS_ECANCELED, or the first error. */
static int
measure_at (PsSweep *sweep, double x, const unsigned *strategies, unsigned n, bool bisection)
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
      if (rc == 0 && active && stopping (sweep))
        rc = PS_ECANCELED;
    }
  for (unsigned j = 0; j < n; j++)
    {
      int finished = job_finish (sweep, &jobs[j]);

      rc = rc ? rc : finished;
    }
  return rc;
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
  while (c->extra_points < sweep->config.max_extra_points && !stopping (sweep))
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
                            || axis (sweep, amb_lo) - axis (sweep, lo)
                                 >= axis (sweep, hi) - axis (sweep, amb_hi)))
            b = amb_lo;
          else
            a = amb_hi;
        }
      m = midpoint (sweep, a, b);
      /* Nothing new to learn: an integer gap of one step, or a value already measured. */
      if (m <= a || m >= b || ps_sweep_series_find (&sweep->report.series[strategy], m))
        break;

      c->extra_points++;
      if ((rc = measure_at (sweep, m, (const unsigned[]) { strategy, ref }, 2, true)) != 0)
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

  for (unsigned i = 0; i < sweep->report.n_values && !stopping (sweep); i++)
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
  return stopping (sweep) ? PS_ECANCELED : 0;
}

/* ---- Fits ------------------------------------------------------------------------------------ */

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
    {
      for (unsigned p = 0; p < n; p++)
        y[p] = 1 / series->points[p].mean_s;
      series->fits.has_amdahl = ps_stats_amdahl_fit (x, y, n, &series->fits.amdahl) == 0;
      series->fits.has_usl = ps_stats_usl_fit (x, y, n, &series->fits.usl) == 0;
    }
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
      int rc = measure_at (sweep, x, all, sweep->n_strategies, false);

      for (unsigned s = 0; s < sweep->n_strategies; s++)
        emit (sweep, PS_SWEEP_EVENT_POINT, s, x, NULL, ++done, total);
      if (rc != 0)
        return rc;
      if (stopping (sweep))
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
