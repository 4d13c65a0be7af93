/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-model.c: the sweep's search and repetition logic against a deterministic cost model.
 *
 * The measure function is injected, so every crossing below is known exactly and the noise is
 * seeded: these tests are about the algorithm, never about this machine's speed.
 */
#include <glib.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ps-engine.h"

typedef double (*CostFunc) (double x);

typedef struct
{
  CostFunc cost[PS_MAX_STRATEGIES]; /* seconds per task of each sweep strategy at x */
  double noise;                     /* relative standard deviation of one repetition */
  GRand *rand;
  unsigned calls;
  gulong sleep_us;                  /* makes a repetition take real time (the stop test) */
  gboolean latency;                 /* cost[] is the p50 latency; every strategy takes 1 ms/task */
  gboolean busy;                    /* every repetition runs beside processes burning each core */
  GArray *hogs;                     /* their pids: killed at once, reaped only at the end */
} FakeModel;

/* Keeps every core busy from other processes for @us. The hogs are killed but left unreaped, so
 * their CPU time never counts as the sweep's own children's. */
static void
run_beside_hogs (FakeModel *model, gulong us)
{
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  pid_t pids[64];
  long n = MIN (cores, 64);

  for (long i = 0; i < n; i++)
    {
      pids[i] = fork ();
      g_assert_cmpint (pids[i], >=, 0);
      if (pids[i] == 0)
        for (volatile unsigned long spin = 0;; spin++)
          ;
    }
  g_usleep (us);
  for (long i = 0; i < n; i++)
    {
      kill (pids[i], SIGKILL);
      g_array_append_val (model->hogs, pids[i]);
    }
}

static void
reap_hogs (FakeModel *model)
{
  for (guint i = 0; i < model->hogs->len; i++)
    waitpid (g_array_index (model->hogs, pid_t, i), NULL, 0);
  g_array_set_size (model->hogs, 0);
}

/* Box–Muller: a standard normal deviate from the seeded generator. */
static double
gaussian (GRand *rand)
{
  double u = g_rand_double (rand), v = g_rand_double (rand);

  return sqrt (-2 * log (1 - u)) * cos (2 * G_PI * v);
}

static int
fake_measure (const PsScenario *scenario, unsigned strategy, double x, PsSweepSample *out,
              void *user_data)
{
  FakeModel *model = user_data;
  double t = model->cost[strategy] (x);

  g_assert_cmpuint (scenario->n_strategies, ==, 1);
  g_assert_cmpfloat (ps_knob_get (scenario, PS_KNOB_PAYLOAD) + 1, >, 0);
  if (model->noise > 0)
    t *= fmax (0.05, 1 + model->noise * gaussian (model->rand));
  if (model->sleep_us)
    g_usleep (model->sleep_us);
  if (model->busy)
    run_beside_hogs (model, 120000);
  model->calls++;
  out->seconds_per_task = t;
  if (model->latency)
    {
      /* An open-loop run: the time per task is the rate's, the same for everyone; what differs
       * is the latency, in the result. */
      out->seconds_per_task = 1e-3;
      out->has_result = TRUE;
      out->result.latency_us.p50 = t * 1e6;
      out->result.latency_us.p99 = 3 * t * 1e6;
    }
  return 0;
}

/* The reference copies its payload at 1 ns/byte; the contender pays 20 µs of dispatch but copies
 * at half the cost: they cross where 2 µs + x ns = 20 µs + x/2 ns, at x = 36000 bytes. */
#define TRUE_CROSSING 36000.0

static double
cost_single (double x)
{
  return 2e-6 + 1e-9 * x;
}

static double
cost_queue (double x)
{
  return 20e-6 + 0.5e-9 * x;
}

static double
cost_always_faster (double x)
{
  return 0.5 * cost_single (x);
}

/* Oscillates around the reference: zero differences where log2 x = 7.5, 11.5, …, 23.5. */
static double
cost_wavy (double x)
{
  return cost_single (x) * (1 + 0.3 * sin (2 * G_PI * (log2 (x) - 7.5) / 8));
}

/* Faster below 3 MB, slower above, except a tie exactly on the grid value 5396664: the crossing
 * lies left of a value where the two cannot be told apart. */
#define STEP_CROSSING 3e6

static double
cost_step_with_tie (double x)
{
  if (x == 5396664)
    return cost_single (x);
  return cost_single (x) * (x < STEP_CROSSING ? 0.8 : 1.2);
}

static void
config_for (PsSweepConfig *config, FakeModel *model, const char *const *names)
{
  ps_sweep_config_init (config);
  config->base.n_strategies = 0;
  for (unsigned i = 0; names[i]; i++)
    {
      g_assert_cmpint (ps_strategy_parse (names[i], &config->base.strategies[i]), ==, 0);
      config->base.n_strategies++;
    }
  config->measure = fake_measure;
  config->measure_data = model;
}

static PsSweep *
run_sweep (const PsSweepConfig *config, int expected_rc)
{
  PsSweep *sweep = NULL;
  PsValidation why = { 0 };

  g_assert_cmpint (ps_sweep_new (config, &sweep, &why), ==, 0);
  g_assert_cmpint (ps_sweep_run (sweep), ==, expected_rc);
  return sweep;
}

/* Every repetition ran while other processes kept every core busy: each point throws its
 * repetitions away PS_SWEEP_MAX_REMEASURES times, then keeps what it gets and says so. */
static void
test_busy_machine_remeasured (void)
{
  /* No crossing, so no bisection points: 2 strategies × 2 grid points. */
  FakeModel model = { { cost_single, cost_always_faster } };
  PsSweepConfig config;
  const PsSweepReport *report;
  const char *const names[] = { "single", "queue", NULL };
  unsigned remeasured = 0;

  model.busy = TRUE;
  model.hogs = g_array_new (FALSE, FALSE, sizeof (pid_t));
  config_for (&config, &model, names);
  config.points = 2;
  config.min_reps = 2;
  config.max_reps = 2;
  PsSweep *sweep = run_sweep (&config, 0);
  reap_hogs (&model);
  report = ps_sweep_get_report (sweep);
  for (unsigned s = 0; s < report->n_series; s++)
    for (unsigned p = 0; p < report->series[s].n_points; p++)
      {
        const PsSweepPoint *point = &report->series[s].points[p];
        g_assert_cmpuint (point->remeasured, ==, PS_SWEEP_MAX_REMEASURES);
        g_assert_cmpuint (point->disturbed, ==, point->reps);
        remeasured += point->remeasured;
      }
  g_assert_cmpuint (report->remeasured, ==, remeasured);
  g_assert_cmpuint (remeasured, ==, 2 * 2 * PS_SWEEP_MAX_REMEASURES);
  ps_sweep_free (sweep);
  g_array_unref (model.hogs);
}

/* Most cases compare the reference against one contender over the default grid. */
static const char *const pair_names[] = { "single", "queue", NULL };

/* A completed sweep of NAMES against MODEL with the default configuration. */
static PsSweep *
sweep_default (FakeModel *model, const char *const *names)
{
  PsSweepConfig config;

  config_for (&config, model, names);
  return run_sweep (&config, 0);
}

static unsigned
count_bisection_points (const PsSweepSeries *series)
{
  unsigned n = 0;

  for (unsigned p = 0; p < series->n_points; p++)
    n += series->points[p].bisection;
  return n;
}

static void
assert_brackets (const PsSweepCrossing *c, double truth)
{
  g_test_message ("crossing %.1f in [%.1f, %.1f] after %u extra points (truth %.1f)", c->x,
                  c->x_low, c->x_high, c->extra_points, truth);
  g_assert_cmpfloat (c->x_low, <=, truth);
  g_assert_cmpfloat (c->x_high, >=, truth);
  g_assert_cmpfloat (c->x, >=, c->x_low);
  g_assert_cmpfloat (c->x, <=, c->x_high);
  g_assert_cmpuint (c->extra_points, <=, 6);
}

static void
test_crossing_exact (void)
{
  FakeModel model = { { cost_single, cost_queue } };
  PsSweep *sweep = sweep_default (&model, pair_names);
  const PsSweepReport *report = ps_sweep_get_report (sweep);

  g_assert_true (report->completed);
  g_assert_cmpuint (report->n_values, ==, 12);
  g_assert_cmpfloat (report->values[0], ==, 64);
  g_assert_cmpfloat (report->values[11], ==, 16 << 20);
  g_assert_cmpuint (report->reference, ==, 0);
  g_assert_cmpuint (report->n_crossings, ==, 1);
  assert_brackets (&report->crossings[0], TRUE_CROSSING);
  g_assert_true (report->crossings[0].converged);
  g_assert_cmpint (report->crossings[0].direction, ==, PS_SWEEP_BEATS_ABOVE);
  g_assert_cmpstr (ps_sweep_direction_name (report->crossings[0].direction), ==, "above");
  g_assert_cmpuint (report->crossings[0].strategy, ==, 1);
  /* Converged means narrower than 5% in log space. */
  g_assert_cmpfloat (report->crossings[0].x_high / report->crossings[0].x_low, <=, 1.05);
  /* Interpolating two straight lines on a log axis lands close to, not on, the truth. */
  g_assert_cmpfloat (fabs (report->crossings[0].x / TRUE_CROSSING - 1), <, 0.05);
  g_assert_cmpuint (count_bisection_points (&report->series[1]), ==,
                    report->crossings[0].extra_points);
  g_assert_cmpuint (report->max_extra_points, ==, report->crossings[0].extra_points);
  ps_sweep_free (sweep);
}

/* Under a latency metric the sweep compares result.latency_us, not the time per task (which an
 * open-loop run fixes at 1/rate for every strategy): the same crossing is found from the
 * latencies alone, and the thread-count fits, which model throughput, are not made. */
static void
test_latency_metric (void)
{
  FakeModel model = { { cost_single, cost_queue } };
  PsSweepConfig config;
  PsSweep *sweep;
  const PsSweepReport *report;

  model.latency = TRUE;
  config_for (&config, &model, pair_names);
  config.base.rate = 1000;
  /* The time metric would see two equal strategies: it is refused for an open-loop base. */
  g_assert_cmpint (ps_sweep_validate (&config, NULL), ==, PS_EINVAL);
  config.metric = PS_SWEEP_METRIC_LATENCY_P50;
  sweep = run_sweep (&config, 0);
  report = ps_sweep_get_report (sweep);
  g_assert_cmpint (report->metric, ==, PS_SWEEP_METRIC_LATENCY_P50);
  g_assert_cmpuint (report->n_crossings, ==, 1);
  assert_brackets (&report->crossings[0], TRUE_CROSSING);
  /* Means are latencies; the pace that sized the repetitions is the rate's. */
  const PsSweepPoint *p = &report->series[0].points[0];
  g_assert_cmpfloat (fabs (p->mean_s / cost_single (p->x) - 1), <, 1e-9);
  g_assert_cmpfloat (fabs (p->pace_s - 1e-3), <, 1e-12);
  ps_sweep_free (sweep);

  /* p99 is three times p50 in this model for both: the same crossing. */
  config.metric = PS_SWEEP_METRIC_LATENCY_P99;
  sweep = run_sweep (&config, 0);
  report = ps_sweep_get_report (sweep);
  g_assert_cmpuint (report->n_crossings, ==, 1);
  assert_brackets (&report->crossings[0], TRUE_CROSSING);
  ps_sweep_free (sweep);

  g_assert_cmpstr (ps_sweep_metric_name (PS_SWEEP_METRIC_LATENCY_P99), ==, "p99");
  PsSweepMetric parsed;
  g_assert_cmpint (ps_sweep_metric_parse ("p50", &parsed), ==, 0);
  g_assert_cmpint (parsed, ==, PS_SWEEP_METRIC_LATENCY_P50);
  g_assert_cmpint (ps_sweep_metric_parse ("fast", &parsed), ==, PS_EINVAL);
}

static void
test_crossing_noisy (void)
{
  const guint32 seeds[] = { 1, 2, 3, 42, 1234 };

  for (unsigned i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      FakeModel model = { { cost_single, cost_queue }, 0.03, g_rand_new_with_seed (seeds[i]) };
      PsSweep *sweep = sweep_default (&model, pair_names);
      const PsSweepReport *report = ps_sweep_get_report (sweep);

      g_assert_cmpuint (report->n_crossings, ==, 1);
      assert_brackets (&report->crossings[0], TRUE_CROSSING);
      g_assert_cmpint (report->crossings[0].direction, ==, PS_SWEEP_BEATS_ABOVE);
      ps_sweep_free (sweep);
      g_rand_free (model.rand);
    }
}

static void
test_no_crossing (void)
{
  const char *const names[] = { "pinned", "single", NULL };
  FakeModel model = { { cost_always_faster, cost_single }, 0.02, g_rand_new_with_seed (7) };
  PsSweep *sweep = sweep_default (&model, names);
  const PsSweepReport *report = ps_sweep_get_report (sweep);

  g_assert_cmpuint (report->reference, ==, 1);
  g_assert_cmpuint (report->n_crossings, ==, 0);
  g_assert_cmpuint (count_bisection_points (&report->series[0]), ==, 0);
  ps_sweep_free (sweep);
  g_rand_free (model.rand);
}

static void
test_several_crossings (void)
{
  const char *const names[] = { "single", "steal", NULL };
  const double truths[] = { exp2 (7.5), exp2 (11.5), exp2 (15.5), exp2 (19.5), exp2 (23.5) };
  FakeModel model = { { cost_single, cost_wavy } };
  PsSweep *sweep = sweep_default (&model, names);
  const PsSweepReport *report = ps_sweep_get_report (sweep);

  g_assert_cmpuint (report->n_crossings, ==, G_N_ELEMENTS (truths));
  for (unsigned i = 0; i < report->n_crossings; i++)
    {
      assert_brackets (&report->crossings[i], truths[i]);
      /* The sine starts rising through zero, so directions alternate from "below". */
      g_assert_cmpint (report->crossings[i].direction, ==,
                       i % 2 ? PS_SWEEP_BEATS_ABOVE : PS_SWEEP_BEATS_BELOW);
    }
  g_assert_cmpuint (count_bisection_points (&report->series[1]), <=, 6 * report->n_crossings);
  ps_sweep_free (sweep);
}

/* What the event callback heard: each (strategy, x) told, in order. */
typedef struct
{
  GArray *told; /* double pairs: strategy, x */
} Heard;

static void
record_event (const PsSweepEvent *event, void *user_data)
{
  Heard *heard = user_data;
  double pair[2] = { event->strategy, event->point->x };

  g_assert_cmpint (event->point->bisection, ==, event->kind == PS_SWEEP_EVENT_BISECT);
  g_assert_cmpint (event->crossing != NULL, ==, event->kind == PS_SWEEP_EVENT_BISECT);
  g_array_append_vals (heard->told, pair, 2);
}

/* A front-end that draws what the events tell must end with the report's points: every point,
 * the reference's bisection points included, is told exactly once. Several crossings share the
 * reference, so some bisection values already have its point. */
static void
test_events_tell_every_point (void)
{
  const char *const names[] = { "single", "steal", "queue", NULL };
  FakeModel model = { { cost_single, cost_wavy, cost_queue } };
  Heard heard = { g_array_new (FALSE, FALSE, sizeof (double)) };
  PsSweepConfig config;
  const PsSweepReport *report;
  PsSweep *sweep;
  unsigned n_points = 0;

  config_for (&config, &model, names);
  config.on_event = record_event;
  config.event_data = &heard;
  sweep = run_sweep (&config, 0);
  report = ps_sweep_get_report (sweep);
  g_assert_cmpuint (report->n_crossings, >=, 2);
  for (unsigned s = 0; s < report->n_series; s++)
    for (unsigned p = 0; p < report->series[s].n_points; p++)
      {
        unsigned told = 0;

        n_points++;
        for (unsigned i = 0; i < heard.told->len; i += 2)
          told += g_array_index (heard.told, double, i) == s
                  && g_array_index (heard.told, double, i + 1) == report->series[s].points[p].x;
        g_assert_cmpuint (told, ==, 1);
      }
  g_assert_cmpuint (heard.told->len / 2, ==, n_points);
  g_array_unref (heard.told);
  ps_sweep_free (sweep);
}

static void
test_crossing_beside_tie (void)
{
  FakeModel model = { { cost_single, cost_step_with_tie } };
  PsSweep *sweep = sweep_default (&model, pair_names);
  const PsSweepReport *report = ps_sweep_get_report (sweep);

  g_assert_cmpuint (report->n_crossings, ==, 1);
  assert_brackets (&report->crossings[0], STEP_CROSSING);
  g_assert_cmpint (report->crossings[0].direction, ==, PS_SWEEP_BEATS_BELOW);
  /* Every extra point is a new value: none is measured twice. */
  g_assert_cmpuint (count_bisection_points (&report->series[1]), ==,
                    report->crossings[0].extra_points);
  ps_sweep_free (sweep);
}

static void
test_reps_stop_at_target (void)
{
  FakeModel exact = { { cost_single, cost_queue } };
  FakeModel noisy = { { cost_single, cost_queue }, 0.02, g_rand_new_with_seed (3) };
  const PsSweepReport *report;
  PsSweep *sweep;

  /* Without noise the interval is empty after the minimum number of repetitions. */
  sweep = sweep_default (&exact, pair_names);
  report = ps_sweep_get_report (sweep);
  for (unsigned s = 0; s < report->n_series; s++)
    for (unsigned p = 0; p < report->series[s].n_points; p++)
      {
        g_assert_cmpuint (report->series[s].points[p].reps, ==, 3);
        g_assert_cmpfloat_with_epsilon (report->series[s].points[p].ci_low,
                                        report->series[s].points[p].mean_s, 1e-15);
      }
  ps_sweep_free (sweep);

  /* With some noise it repeats until the interval is within ±5%, well before the cap. */
  sweep = sweep_default (&noisy, pair_names);
  report = ps_sweep_get_report (sweep);
  for (unsigned s = 0; s < report->n_series; s++)
    for (unsigned p = 0; p < report->series[s].n_points; p++)
      {
        const PsSweepPoint *point = &report->series[s].points[p];

        g_assert_cmpuint (point->reps, >=, 3);
        g_assert_cmpuint (point->reps, <, 20);
        g_assert_cmpfloat ((point->ci_high - point->ci_low) / 2, <=, 0.05 * point->mean_s);
        g_assert_cmpfloat (point->min_s, <=, point->mean_s);
        g_assert_cmpfloat (point->max_s, >=, point->mean_s);
      }
  ps_sweep_free (sweep);
  g_rand_free (noisy.rand);
}

static void
test_reps_stop_at_cap (void)
{
  FakeModel model = { { cost_single, cost_queue }, 0.5, g_rand_new_with_seed (11) };
  PsSweepConfig config;
  const PsSweepReport *report;
  PsSweep *sweep;

  config_for (&config, &model, pair_names);
  config.max_reps = 8;
  config.spacing = PS_SWEEP_LIST;
  config.n_values = 2;
  config.values[0] = 1024;
  config.values[1] = 64;
  sweep = run_sweep (&config, 0);
  report = ps_sweep_get_report (sweep);
  /* The list is sorted. */
  g_assert_cmpfloat (report->values[0], ==, 64);
  g_assert_cmpfloat (report->values[1], ==, 1024);
  for (unsigned s = 0; s < report->n_series; s++)
    for (unsigned p = 0; p < report->series[s].n_points; p++)
      g_assert_cmpuint (report->series[s].points[p].reps, ==, 8);
  ps_sweep_free (sweep);
  g_rand_free (model.rand);
}

static void
test_payload_slope (void)
{
  FakeModel model = { { cost_single, cost_queue } };
  PsSweep *sweep = sweep_default (&model, pair_names);
  const PsSweepReport *report = ps_sweep_get_report (sweep);

  g_assert_true (report->series[0].fits.has_linear);
  g_assert_false (report->series[0].fits.has_usl);
  g_assert_cmpfloat_with_epsilon (report->series[0].fits.linear.slope, 1e-9, 1e-15);
  g_assert_cmpfloat_with_epsilon (report->series[1].fits.linear.slope, 0.5e-9, 1e-15);
  g_assert_cmpfloat_with_epsilon (report->series[1].fits.linear.intercept, 20e-6, 1e-10);
  ps_sweep_free (sweep);
}

/* Throughput 1/t follows the Universal Scalability Law with σ = 0.05, κ = 0.002. */
static double
cost_usl_threads (double n)
{
  return (1 + 0.05 * (n - 1) + 0.002 * n * (n - 1)) / (1e5 * n);
}

/* A reference that does not depend on N, a little faster than one thread of the pool. */
static double
cost_flat (double n)
{
  return 0.9e-5;
}

static int
fake_threads_measure (const PsScenario *scenario, unsigned strategy, double x,
                      PsSweepSample *out, void *user_data)
{
  FakeModel *model = user_data;

  g_assert_cmpuint (scenario->threads, ==, (unsigned) x);
  out->seconds_per_task = model->cost[strategy] (x);
  return 0;
}

static void
test_thread_fits (void)
{
  FakeModel model = { { cost_flat, cost_usl_threads } };
  PsSweepConfig config;
  const PsSweepReport *report;
  PsSweep *sweep;

  config_for (&config, &model, pair_names);
  config.measure = fake_threads_measure;
  config.knob = PS_KNOB_THREADS;
  config.spacing = PS_SWEEP_LINEAR;
  config.from = 1;
  config.to = 40;
  config.points = 8;
  config.cores = 64; /* the model's threads each have a core */
  sweep = run_sweep (&config, 0);
  report = ps_sweep_get_report (sweep);
  g_assert_false (report->log_axis);
  /* single ignores the thread count: no scaling fit, and a reason. */
  g_assert_false (report->series[0].fits.has_amdahl);
  g_assert_false (report->series[0].fits.has_usl);
  g_assert_nonnull (report->series[0].fits.scaling_skipped);
  g_assert_null (report->series[1].fits.scaling_skipped);
  g_assert_cmpuint (report->series[1].fits.scaling_points, ==, report->series[1].n_points);
  g_assert_true (report->series[1].fits.has_usl);
  g_assert_true (report->series[1].fits.has_amdahl);
  g_assert_false (report->series[1].fits.has_linear);
  g_assert_cmpfloat_with_epsilon (report->series[1].fits.usl.sigma, 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (report->series[1].fits.usl.kappa, 0.002, 1e-9);
  g_assert_cmpfloat_with_epsilon (report->series[1].fits.usl.lambda, 1e5, 1e-3);
  /* queue loses at N = 1 and wins from N = 2: the bracket is one integer step. */
  g_assert_cmpuint (report->n_crossings, ==, 1);
  g_assert_cmpfloat (report->crossings[0].x_low, ==, 1);
  g_assert_cmpfloat (report->crossings[0].x_high, ==, 2);
  g_assert_true (report->crossings[0].converged);
  ps_sweep_free (sweep);

  /* Points above the cores are left out, not fitted: 1..4 of a 1..8 sweep on 4 cores. */
  config.to = 8;
  config.points = 8;
  config.cores = 4;
  sweep = run_sweep (&config, 0);
  report = ps_sweep_get_report (sweep);
  g_assert_true (report->series[1].fits.has_amdahl);
  g_assert_cmpuint (report->series[1].fits.scaling_points, ==, 4);
  g_assert_cmpfloat_with_epsilon (report->series[1].fits.usl.sigma, 0.05, 1e-6);
  ps_sweep_free (sweep);

  /* On 2 cores, N = 1 and 2 are too few to fit two parameters: no fit, and why. */
  config.cores = 2;
  sweep = run_sweep (&config, 0);
  report = ps_sweep_get_report (sweep);
  g_assert_false (report->series[1].fits.has_amdahl);
  g_assert_false (report->series[1].fits.has_usl);
  g_assert_cmpstr (report->series[1].fits.scaling_skipped, ==,
                   "fewer than 3 thread counts within the machine's cores");
  ps_sweep_free (sweep);
}

static void
stop_after_four (const PsSweepEvent *event, void *user_data)
{
  PsSweep **sweep = user_data;

  g_assert_cmpint (event->kind, ==, PS_SWEEP_EVENT_POINT);
  g_assert_cmpuint (event->grid_total, ==, 24);
  if (event->grid_done == 4)
    ps_sweep_stop (*sweep);
}

static void
test_stop_keeps_points (void)
{
  FakeModel model = { { cost_single, cost_queue } };
  PsSweepConfig config;
  const PsSweepReport *report;
  PsSweep *sweep = NULL;
  PsValidation why;

  config_for (&config, &model, pair_names);
  config.on_event = stop_after_four;
  config.event_data = &sweep;
  g_assert_cmpint (ps_sweep_new (&config, &sweep, &why), ==, 0);
  g_assert_cmpint (ps_sweep_run (sweep), ==, PS_ECANCELED);
  report = ps_sweep_get_report (sweep);
  g_assert_false (report->completed);
  g_assert_cmpuint (report->series[0].n_points + report->series[1].n_points, ==, 4);
  g_assert_cmpuint (report->series[1].points[1].reps, ==, 3);
  /* A sweep runs once. */
  g_assert_cmpint (ps_sweep_run (sweep), ==, PS_ESTATE);
  ps_sweep_free (sweep);
}

static gpointer
stop_later (gpointer data)
{
  g_usleep (50000);
  ps_sweep_stop (data);
  return NULL;
}

/* ps_sweep_stop() from another thread ends a long sweep promptly and keeps what it measured. */
static void
test_stop_other_thread (void)
{
  if (g_test_subprocess ())
    {
      FakeModel model = { { cost_single, cost_queue } };
      PsSweepConfig config;
      PsSweep *sweep = NULL;
      PsValidation why;
      GThread *thread;
      gint64 start;
      unsigned points;

      model.sleep_us = 2000;
      config_for (&config, &model, pair_names);
      config.points = 64;
      g_assert_cmpint (ps_sweep_new (&config, &sweep, &why), ==, 0);
      thread = g_thread_new ("stopper", stop_later, sweep);
      start = g_get_monotonic_time ();
      g_assert_cmpint (ps_sweep_run (sweep), ==, PS_ECANCELED);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
      g_thread_join (thread);
      points = ps_sweep_get_report (sweep)->series[0].n_points;
      g_assert_cmpuint (points, >, 0);
      g_assert_cmpuint (points, <, 64);
      ps_sweep_free (sweep);
      return;
    }
  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
assert_invalid (const PsSweepConfig *config, int code, const char *fragment)
{
  PsValidation why = { 0 };
  PsSweep *sweep = (PsSweep *) &why;

  g_assert_cmpint (ps_sweep_validate (config, &why), ==, code);
  g_test_message ("refused: %s", why.message);
  g_assert_nonnull (strstr (why.message, fragment));
  g_assert_cmpint (ps_sweep_new (config, &sweep, NULL), ==, code);
  g_assert_null (sweep);
}

static void
test_bad_input (void)
{
  const char *names[] = { "single", "queue", NULL };
  const char *fresh[] = { "single", "spawn", NULL };
  FakeModel model = { { cost_single, cost_queue } };
  PsSweepConfig config;

  config_for (&config, &model, names);
  g_assert_cmpint (ps_sweep_validate (&config, NULL), ==, 0);

  config.from = 1 << 20;
  config.to = 64;
  assert_invalid (&config, PS_EINVAL, "reversed");

  config_for (&config, &model, names);
  config.points = 0;
  assert_invalid (&config, PS_EINVAL, "points");

  config_for (&config, &model, names);
  config.knob = PS_KNOB_COUNT;
  assert_invalid (&config, PS_EINVAL, "unknown knob");

  config_for (&config, &model, names);
  config.knob = PS_KNOB_SEED;
  assert_invalid (&config, PS_EINVAL, "cannot be swept");

  /* Open loop: a rate sweep compares latency, and starts above 0 (a closed run). */
  config_for (&config, &model, names);
  config.knob = PS_KNOB_RATE;
  config.from = 100;
  config.to = 10000;
  assert_invalid (&config, PS_EINVAL, "compares latency");
  config.metric = PS_SWEEP_METRIC_LATENCY_P99;
  config.spacing = PS_SWEEP_LINEAR;
  config.from = 0;
  assert_invalid (&config, PS_EINVAL, "starts above 0");

  config_for (&config, &model, names);
  config.from = 0;
  assert_invalid (&config, PS_EINVAL, "log");

  config_for (&config, &model, names);
  config.to = 1e15;
  assert_invalid (&config, PS_EINVAL, "outside its range");

  config_for (&config, &model, names);
  config.knob = PS_KNOB_BATCH_SIZE;
  config.from = 1;
  config.to = 64;
  assert_invalid (&config, PS_EINVAL, "batch");

  config_for (&config, &model, fresh);
  config.knob = PS_KNOB_ISOLATES;
  config.from = 1;
  config.to = 16;
  assert_invalid (&config, PS_EINVAL, "'spawn'");

  config_for (&config, &model, names);
  g_strlcpy (config.reference, "nonesuch", sizeof config.reference);
  assert_invalid (&config, PS_EUNKNOWN, "nonesuch");

  config_for (&config, &model, names);
  config.ci_target = 0;
  assert_invalid (&config, PS_EINVAL, "ci");

  config_for (&config, &model, names);
  config.min_reps = 5;
  config.max_reps = 4;
  assert_invalid (&config, PS_EINVAL, "max-reps");

  /* The reference is appended when it is not among the strategies. */
  {
    const char *no_ref[] = { "queue", "pinned", NULL };
    PsSweep *sweep;

    config_for (&config, &model, no_ref);
    config.points = 2;
    g_assert_cmpint (ps_sweep_new (&config, &sweep, NULL), ==, 0);
    g_assert_cmpuint (ps_sweep_get_report (sweep)->n_series, ==, 3);
    g_assert_cmpuint (ps_sweep_get_report (sweep)->reference, ==, 2);
    g_assert_cmpstr (ps_sweep_get_report (sweep)->series[2].strategy.name, ==, "single");
    ps_sweep_free (sweep);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep/model/crossing-exact", test_crossing_exact);
  g_test_add_func ("/sweep/model/crossing-noisy", test_crossing_noisy);
  g_test_add_func ("/sweep/model/latency-metric", test_latency_metric);
  g_test_add_func ("/sweep/model/no-crossing", test_no_crossing);
  g_test_add_func ("/sweep/model/several-crossings", test_several_crossings);
  g_test_add_func ("/sweep/model/crossing-beside-tie", test_crossing_beside_tie);
  g_test_add_func ("/sweep/model/events-tell-every-point", test_events_tell_every_point);
  g_test_add_func ("/sweep/model/reps-stop-at-target", test_reps_stop_at_target);
  g_test_add_func ("/sweep/model/reps-stop-at-cap", test_reps_stop_at_cap);
  g_test_add_func ("/sweep/model/payload-slope", test_payload_slope);
  g_test_add_func ("/sweep/model/thread-fits", test_thread_fits);
  g_test_add_func ("/sweep/model/stop-keeps-points", test_stop_keeps_points);
  g_test_add_func ("/sweep/model/stop-other-thread", test_stop_other_thread);
  g_test_add_func ("/sweep/model/bad-input", test_bad_input);
  g_test_add_func ("/sweep/model/busy-machine-remeasured", test_busy_machine_remeasured);
  return g_test_run ();
}
