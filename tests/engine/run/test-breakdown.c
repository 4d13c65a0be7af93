/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-breakdown.c: where the workers' time went, and what else the machine did meanwhile.
 *
 * The breakdown's parts must add up for every strategy and segment, and each part must show what
 * the scenario forces on it: simulated I/O in `io`, an open-loop pool's empty wait in `idle`,
 * threads queuing for one isolate in `wait` (+ `runnable` when they outnumber the cores). The
 * interference figure must see a process that burns a CPU beside the run.
 */
#include <math.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ps-test-util.h"

static double
breakdown_sum (const PsTimeBreakdown *b)
{
  return b->run + b->hold + b->wait + b->idle + b->io + b->runnable + b->other;
}

static void
assert_breakdown_sane (const char *what, const PsResult *r)
{
  const PsTimeBreakdown *b = &r->time_breakdown_pct;
  const double parts[] = { b->run, b->hold, b->wait, b->idle, b->io, b->runnable, b->other };

  g_test_message ("%s: run %.1f hold %.1f wait %.1f idle %.1f io %.1f runnable %.1f other %.1f",
                  what, b->run, b->hold, b->wait, b->idle, b->io, b->runnable, b->other);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_assert_true (isfinite (parts[i]));
      g_assert_cmpfloat (parts[i], >=, -2.0);
    }
  g_assert_cmpfloat (fabs (breakdown_sum (b) - 100.0), <=, 2.0);
  g_assert_cmpfloat (r->interference.other_cpu_pct, >=, 0);
  g_assert_cmpfloat (r->interference.other_cpu_pct, <=, 100);
}

/* Every strategy, with I/O and with a GIL: the parts add up, per segment and in total. */
static void
test_adds_up (gconstpointer data)
{
  PsScenario s;

  pst_scenario_init_one (&s, data);
  s.threads = 3;
  s.tasks = 600;
  s.io_delay_ns = 50000;
  s.gil = TRUE;
  PsReport *report = pst_run (&s);
  const PsStrategyReport *sr = &report->strategies[0];
  for (unsigned k = 0; k < sr->n_segments; k++)
    assert_breakdown_sane (sr->strategy.name, &sr->segments[k].result);
  assert_breakdown_sane (sr->strategy.name, &sr->total);
  ps_report_free (report);
}

/* Live samples carry the breakdown of their own window. A thread that never blocks (single, pure
 * CPU work) is on a CPU or waiting for one: run + hold + runnable is nearly all of every window,
 * and io, wait and idle nearly none. The kernel's figures reach the counters every 5 ms, so one
 * 100 ms window may be off by 5 points either way (and more when the machine is busy); over all
 * windows the lag cancels. */
static void
test_live_samples (void)
{
  PsScenario s;
  PsRun *run = NULL;
  PsSample sample;
  guint windows = 0;
  double on_cpu_or_ready = 0;

  pst_scenario_init_one (&s, "single");
  s.tasks = 0;
  s.warmup_tasks = 0;
  s.duration_ns = 600 * 1000 * 1000;
  s.work_ns = 100000;
  s.sample_ns = 100 * 1000 * 1000;
  g_assert_cmpint (ps_run_new (&s, NULL, NULL, &run), ==, 0);
  g_assert_cmpint (ps_run_start (run), ==, 0);
  while (!ps_run_is_finished (run))
    g_usleep (10000);
  while (ps_run_pop_sample (run, &sample))
    {
      const PsTimeBreakdown *b = &sample.time_breakdown_pct;
      g_test_message ("t %.2f s: run %.1f hold %.1f wait %.1f idle %.1f io %.1f runnable %.1f "
                      "other %.1f", sample.t_s, b->run, b->hold, b->wait, b->idle, b->io,
                      b->runnable, b->other);
      g_assert_cmpfloat (fabs (breakdown_sum (b) - 100.0), <=, 2.0);
      g_assert_cmpfloat (b->run + b->hold + b->runnable, >=, 70.0);
      g_assert_cmpfloat (b->run + b->hold + b->runnable, <=, 130.0);
      g_assert_cmpfloat (b->io + b->wait + b->idle, <=, 5.0);
      on_cpu_or_ready += b->run + b->hold + b->runnable;
      windows++;
    }
  g_assert_cmpuint (windows, >=, 4);
  g_assert_cmpfloat (on_cpu_or_ready / windows, >=, 90.0);
  ps_run_free (run);
}

/* The producer's own breakdown: its parts add up for every strategy that has one, are all 0 for
 * those that do not, and a producer feeding workers that spend 200 µs per task is on its CPU a
 * small part of the time (it claims, stamps and pushes: a few µs per task), waiting for room the
 * rest or sitting runnable. */
static void
test_producer (void)
{
  static const char *const names[] = { "single", "legacy", "queue", "sticky+thread-local",
                                        "fork-join+thread-local", "batched", "spawn" };
  PsScenario s;

  pst_scenario_init (&s);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    pst_scenario_add_strategy (&s, names[i]);
  s.tasks = 400;
  s.work_ns = 200000;
  PsReport *report = pst_run (&s);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const PsResult *t = &report->strategies[i].total;
      const PsTimeBreakdown *b = &t->producer_breakdown_pct;
      gboolean has_producer = t->threads_used > t->n_threads;

      g_test_message ("%s producer: run %.1f wait %.1f idle %.1f runnable %.1f other %.1f",
                      names[i], b->run, b->wait, b->idle, b->runnable, b->other);
      if (!has_producer)
        {
          g_assert_cmpfloat (breakdown_sum (b), ==, 0.0);
          continue;
        }
      g_assert_cmpfloat (fabs (breakdown_sum (b) - 100.0), <=, 2.0);
      g_assert_cmpfloat (b->run + b->hold, <=, 50.0);
      g_assert_cmpfloat (b->idle, >, 0.0);
    }
  ps_report_free (report);
}

/* One thread that works 5 µs and sleeps 1 ms per task spends at least half its time in I/O
 * (1 ms / (1 ms + 5 µs + a wake-up of well under 1 ms)). */
static void
test_io_share (void)
{
  PsScenario s;

  pst_scenario_init_one (&s, "single");
  s.tasks = 100;
  s.work_ns = 5000;
  s.io_delay_ns = 1000000;
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[0].total;
  assert_breakdown_sane ("single, 1 ms I/O", t);
  g_assert_cmpfloat (t->time_breakdown_pct.io, >=, 50.0);
  ps_report_free (report);
}

/* Open loop at 500 tasks/s of 20 µs: the workers have nothing to do ≥ 90% of the time, minus
 * what the wake-ups cost: at least half of it is idle. */
static void
test_idle_share (void)
{
  PsScenario s;

  pst_scenario_init_one (&s, "queue");
  s.threads = 2;
  s.tasks = 100;
  s.work_ns = 20000;
  s.rate = 500;
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[0].total;
  assert_breakdown_sane ("queue, open loop", t);
  g_assert_cmpfloat (t->time_breakdown_pct.idle, >=, 50.0);
  ps_report_free (report);
}

/* N threads, one isolate: at most one runs a task, the others wait or sit runnable, so wait +
 * runnable cannot fall far below (N − 1)/N. */
static void
test_wait_or_runnable (void)
{
  PsScenario s;

  pst_scenario_init_one (&s, "shared");
  s.threads = 4;
  s.isolates = 1;
  s.tasks = 0;
  s.warmup_tasks = 0;
  s.duration_ns = 400000000;
  s.work_ns = 100000;
  s.track_tasks = FALSE;
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[0].total;
  assert_breakdown_sane ("shared 4t/1i", t);
  g_assert_cmpfloat (t->time_breakdown_pct.wait + t->time_breakdown_pct.runnable, >=,
                     100.0 * 3 / 4 - 15);
  ps_report_free (report);
}

/* A process that burns a CPU beside a run shows as interference: on a machine of C cores it can
 * use up to 1/C of it; a third of that is a bound no scheduler misses. */
static void
test_interference_seen (void)
{
  PsScenario s;
  pid_t hog = fork ();

  g_assert_cmpint (hog, >=, 0);
  if (hog == 0)
    {
      volatile unsigned long spin = 0;
      alarm (30); /* never outlive a failed test */
      for (;;)
        spin++;
    }
  pst_scenario_init_one (&s, "single");
  s.tasks = 0;
  s.warmup_tasks = 0;
  s.duration_ns = 500000000;
  s.track_tasks = FALSE;
  PsReport *report = pst_run (&s);
  kill (hog, SIGKILL);
  waitpid (hog, NULL, 0);
  const PsResult *t = &report->strategies[0].total;
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  g_test_message ("a hog beside single: other processes used %.1f%% of %ld cores",
                  t->interference.other_cpu_pct, cores);
  assert_breakdown_sane ("single beside a hog", t);
  g_assert_cmpfloat (t->interference.other_cpu_pct, >=, 100.0 / (double) cores / 3);
  ps_report_free (report);
}

int
main (int argc, char **argv)
{
  static const char *const names[] = { "single", "spawn", "legacy", "shared", "pinned", "queue",
                                       "steal", "batched" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/breakdown/adds-up/%s", names[i]);
      pst_add_trapped (path, names[i], test_adds_up, PST_TIMEOUT_US);
    }
  pst_add_trapped ("/engine/breakdown/live-samples", NULL, (GTestDataFunc) test_live_samples,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/breakdown/producer", NULL, (GTestDataFunc) test_producer,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/breakdown/io", NULL, (GTestDataFunc) test_io_share, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/breakdown/idle", NULL, (GTestDataFunc) test_idle_share,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/breakdown/wait-or-runnable", NULL,
                   (GTestDataFunc) test_wait_or_runnable, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/breakdown/interference", NULL, (GTestDataFunc) test_interference_seen,
                   PST_TIMEOUT_US);
  return g_test_run ();
}
