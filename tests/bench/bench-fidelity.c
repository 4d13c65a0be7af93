/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-fidelity.c: the engine's fidelity figures (issue 8), printed as `name value unit`.
 *
 * For each strategy: its capacity in a closed run, then an open-loop run at half of it, where the
 * issue expects p50 ≈ service time + hand-off; the generator's own lateness is printed beside it.
 * Then simulated I/O accuracy at 20 µs, 100 µs and 2 ms with 1, 4 and 16 requests in flight,
 * steals per second, the time breakdown of a shared pool against the closed form (N − k)/N, and
 * what a copy costs from a cold source against a hot one, and how far the work kernel's calibration
 * differs between 5 fresh processes. Fails only when a run breaks an
 * invariant (a task lost), never on a figure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps-engine.h"

static PsReport *
run_or_die (const PsScenario *s)
{
  PsValidation why;
  PsReport *report = NULL;

  if (ps_scenario_validate (s, &why) != 0)
    {
      fprintf (stderr, "bench-fidelity: invalid scenario: %s\n", why.message);
      exit (1);
    }
  if (ps_run_scenario (s, &report) != 0 || !report->completed)
    {
      fprintf (stderr, "bench-fidelity: a run failed\n");
      exit (1);
    }
  return report;
}

static void
scenario_for (PsScenario *s, const char *strategy)
{
  ps_scenario_init_defaults (s);
  ps_strategy_parse (strategy, &s->strategies[0]);
  s->n_strategies = 1;
  s->tasks = 0;
  s->warmup_tasks = 0;
  s->duration_ns = 500000000;
  s->warmup_ns = 100000000;
}

static void
latency_at_half_capacity (const char *strategy)
{
  PsScenario s;

  scenario_for (&s, strategy);
  PsReport *closed = run_or_die (&s);
  double capacity = closed->strategies[0].total.throughput_per_s;
  ps_report_free (closed);

  s.rate = capacity / 2;
  PsReport *open = run_or_die (&s);
  const PsResult *t = &open->strategies[0].total;
  printf ("capacity_%s %.0f tasks/s\n", strategy, capacity);
  printf ("open_loop_half_capacity_p50_%s %.1f us\n", strategy, t->latency_us.p50);
  printf ("open_loop_half_capacity_p99_%s %.1f us\n", strategy, t->latency_us.p99);
  printf ("open_loop_half_capacity_service_p50_%s %.1f us\n", strategy, t->service_us.p50);
  printf ("open_loop_half_capacity_generator_lag_%s %.1f us\n", strategy, t->arrival_lag_mean_us);
  ps_report_free (open);
}

/* How close a simulated I/O wait comes to what was asked, with @inflight requests open. */
static void
io_accuracy (uint64_t io_ns, unsigned inflight)
{
  PsScenario s;

  scenario_for (&s, "legacy");
  s.threads = 1;
  s.work_ns = 0;
  s.payload_bytes = 0;
  s.inflight = inflight;
  s.io_delay_ns = io_ns;
  s.duration_ns = io_ns * 200 < 300000000 ? 300000000 : io_ns * 200;
  s.warmup_ns = 0;
  PsReport *report = run_or_die (&s);
  const PsResult *t = &report->strategies[0].total;
  printf ("io_%uus_inflight%u_service_p50 %.1f us\n", (unsigned) (io_ns / 1000), inflight,
          t->service_us.p50);
  printf ("io_%uus_inflight%u_oversleep_p50 %.1f us\n", (unsigned) (io_ns / 1000), inflight,
          t->service_us.p50 - (double) io_ns / 1e3);
  ps_report_free (report);
}

static void
steals_per_second (void)
{
  PsScenario s;

  scenario_for (&s, "steal");
  s.io_delay_ns = 1000000;
  s.work_ns = 2000;
  PsReport *report = run_or_die (&s);
  const PsResult *t = &report->strategies[0].total;
  printf ("steal_steals_per_s %.0f steals/s\n", t->wall_s > 0 ? (double) t->steals / t->wall_s : 0);
  printf ("steal_steal_success %.1f %%\n",
          t->steal_attempts ? 100.0 * (double) t->steals / (double) t->steal_attempts : 0);
  ps_report_free (report);
}

/* N threads on k isolates: a thread that is not running a task waits or sits runnable, so wait +
 * runnable should come to (N − k)/N whatever the core count; wait alone misses it once threads
 * outnumber cores. */
static void
shared_breakdown (unsigned n, unsigned k, double *max_dev)
{
  PsScenario s;

  scenario_for (&s, "shared");
  s.threads = n;
  s.isolates = k;
  s.work_ns = 100000;
  PsReport *report = run_or_die (&s);
  const PsResult *t = &report->strategies[0].total;
  const PsTimeBreakdown *b = &t->time_breakdown_pct;
  double sum = b->run + b->hold + b->wait + b->idle + b->io + b->runnable + b->other;
  printf ("shared_wait_plus_runnable_%ut%ui %.1f %%\n", n, k, b->wait + b->runnable);
  printf ("shared_closed_form_%ut%ui %.1f %%\n", n, k, 100.0 * (n - k) / n);
  printf ("shared_wait_share_%ut%ui %.1f %%\n", n, k, t->wait_share_pct);
  if (fabs (sum - 100) > *max_dev)
    *max_dev = fabs (sum - 100);
  ps_report_free (report);
}

/* One 64 KiB copy per task and no other work, so the service time is the copy and its decode:
 * from a source twice the last-level cache (cold, the default) and from 4 chunks (hot). */
static void
copy_cold_vs_hot (void)
{
  static const char *const names[PS_PAYLOAD_SOURCE_COUNT] = { "cold", "hot" };
  double p50[PS_PAYLOAD_SOURCE_COUNT];
  PsScenario s;

  for (int source = 0; source < PS_PAYLOAD_SOURCE_COUNT; source++)
    {
      scenario_for (&s, "single");
      s.payload_bytes = 65536;
      s.work_ns = 0;
      s.payload_source = source;
      PsReport *report = run_or_die (&s);
      p50[source] = report->strategies[0].total.service_us.p50;
      printf ("copy_64k_%s_service_p50 %.2f us\n", names[source], p50[source]);
      ps_report_free (report);
    }
  printf ("copy_64k_cold_vs_hot %.2f x\n",
          p50[PS_PAYLOAD_SOURCE_HOT] > 0 ? p50[PS_PAYLOAD_SOURCE_COLD] / p50[PS_PAYLOAD_SOURCE_HOT]
                                         : 0);
}

#define CALIBRATION_PROCESSES 5

/* Each process calibrates once, so the spread between processes needs fresh ones: this program
 * runs itself with --calibration-child, which prints its kernel's iterations per µs. */
static void
calibration_spread (void)
{
  double lowest = INFINITY, highest = 0;
  char self[4096], command[4200];
  ssize_t len = readlink ("/proc/self/exe", self, sizeof self - 1);

  if (len <= 0)
    {
      fprintf (stderr, "bench-fidelity: cannot find this program to run it again\n");
      exit (1);
    }
  self[len] = '\0';
  /* The shell that popen () starts would otherwise be /proc/self/exe. */
  snprintf (command, sizeof command, "'%s' --calibration-child", self);
  for (unsigned i = 0; i < CALIBRATION_PROCESSES; i++)
    {
      double rate = 0;
      FILE *child = popen (command, "r");

      if (child == NULL || fscanf (child, "%lf", &rate) != 1 || pclose (child) != 0 || rate <= 0)
        {
          fprintf (stderr, "bench-fidelity: a calibration child failed\n");
          exit (1);
        }
      printf ("calibration_process_%u %.1f iterations/us\n", i + 1, rate);
      lowest = fmin (lowest, rate);
      highest = fmax (highest, rate);
    }
  /* ± half the range around its middle, as the issue states the goal (±2%). */
  printf ("calibration_spread_%u_processes %.2f %%\n", CALIBRATION_PROCESSES,
          100.0 * (highest - lowest) / (highest + lowest));
}

int
main (int argc, char **argv)
{
  static const char *const strategies[] = { "single", "legacy", "queue", "pinned", "steal",
                                            "batched" };
  static const uint64_t delays[] = { 20000, 100000, 2000000 };
  static const unsigned inflights[] = { 1, 4, 16 };

  if (argc > 1 && strcmp (argv[1], "--calibration-child") == 0)
    {
      PsMachine m;
      ps_calibrate (&m);
      printf ("%.3f\n", m.work_iterations_per_us);
      return 0;
    }
  calibration_spread ();

  for (size_t i = 0; i < sizeof strategies / sizeof strategies[0]; i++)
    latency_at_half_capacity (strategies[i]);
  for (size_t d = 0; d < 3; d++)
    for (size_t f = 0; f < 3; f++)
      io_accuracy (delays[d], inflights[f]);
  steals_per_second ();
  double max_dev = 0;
  for (unsigned n = 2; n <= 4; n++)
    shared_breakdown (n, 1, &max_dev);
  shared_breakdown (4, 2, &max_dev);
  printf ("breakdown_sum_max_dev %.2f points\n", max_dev);
  copy_cold_vs_hot ();
  return 0;
}
