/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-engine.c: the engine's speed targets, printed as "name value unit" lines.
 *
 * Nothing here fails on a figure: CI machines are small and shared. Contenders run interleaved in
 * paired rounds (each round runs every contender once, in turn) and ratios are the median of the
 * per-round ratios, so a noisy neighbour slows both sides of a pair alike.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "bench-reference-pools.h"
#include "ps-clock.h"
#include "ps-counters.h"
#include "ps-deque.h"
#include "ps-engine.h"
#include "ps-spin.h"
#include "ps-spsc.h"
#include "ps-waitpoint.h"
#include "ps-workload.h"

#define ROUNDS 5
#define EMPTY_TASKS 200000
#define THREADS 2

static void
figure (const char *name, double value, const char *unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  printf ("%s %s %s\n", name, g_ascii_formatd (buf, sizeof buf, "%.3g", value), unit);
  fflush (stdout);
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, unsigned n)
{
  qsort (v, n, sizeof (double), compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* An empty-task scenario: no payload, no work, no I/O, one isolate per thread. */
static void
empty_scenario (PsScenario *s, const char *strategy, guint64 tasks)
{
  ps_scenario_init_defaults (s);
  s->n_strategies = 1;
  g_assert_cmpint (ps_strategy_parse (strategy, &s->strategies[0]), ==, 0);
  s->threads = THREADS;
  s->isolates = 1;
  s->payload_bytes = 0;
  s->transfer = PS_TRANSFER_MOVE;
  s->work_ns = 0;
  s->isolate_heap_bytes = 4096;
  s->tenants = 64;   /* enough tenants that hash(tenant) % 2 splits them evenly */
  s->tasks = tasks;
  s->warmup_tasks = tasks / 10;
}

/* Throughput of one strategy's run, tasks per second of measured wall time. */
static double
engine_throughput (const char *strategy, guint64 tasks)
{
  PsScenario s;
  PsReport *report = NULL;

  empty_scenario (&s, strategy, tasks);
  int r = ps_run_scenario (&s, &report);
  g_assert_cmpint (r, ==, 0);
  g_assert_cmpuint (report->strategies[0].total.tasks_completed, ==, tasks);
  double tps = report->strategies[0].total.throughput_per_s;
  ps_report_free (report);
  return tps;
}

static void
bench_empty_tasks (void)
{
  enum { QUEUE, PINNED, STICKY, STEAL, BATCHED, N_ENGINE, GPOOL = N_ENGINE, UVWORK, PLAIN, SPSC,
         N_CONTENDERS };
  static const char *names[N_CONTENDERS] = {
    "queue", "pinned", "sticky+thread-local", "steal", "batched", "gthreadpool", "uv_queue_work",
    "plain_queue", "spsc_lanes"
  };
  static const char *figure_names[N_CONTENDERS] = {
    "queue", "pinned", "sticky", "steal", "batched", "gthreadpool", "uv_queue_work",
    "plain_queue", "spsc_lanes"
  };
  /* Each engine strategy against the reference it is built like. */
  static const struct
  {
    unsigned a, b;
  } ratios[] = {
    { PINNED, GPOOL }, { QUEUE, GPOOL }, { QUEUE, PLAIN }, { STEAL, GPOOL }, { BATCHED, GPOOL },
    { STICKY, SPSC }, { PINNED, SPSC },
  };
  double tps[N_CONTENDERS][ROUNDS];
  double ratio[G_N_ELEMENTS (ratios)][ROUNDS];

  for (unsigned r = 0; r < ROUNDS; r++)
    {
      for (unsigned c = 0; c < N_ENGINE; c++)
        tps[c][r] = engine_throughput (names[c], EMPTY_TASKS);
      tps[GPOOL][r] = EMPTY_TASKS / bench_gthreadpool (THREADS, EMPTY_TASKS);
      tps[UVWORK][r] = EMPTY_TASKS / bench_uv_queue_work (EMPTY_TASKS);
      tps[PLAIN][r] = EMPTY_TASKS / bench_plain_queue (THREADS, EMPTY_TASKS);
      tps[SPSC][r] = EMPTY_TASKS / bench_spsc_lanes (THREADS, EMPTY_TASKS, NULL, NULL);
      for (unsigned i = 0; i < G_N_ELEMENTS (ratios); i++)
        ratio[i][r] = tps[ratios[i].a][r] / tps[ratios[i].b][r];
    }

  for (unsigned c = 0; c < N_CONTENDERS; c++)
    {
      g_autofree char *name = g_strdup_printf ("empty_tasks_%s", figure_names[c]);
      figure (name, median (tps[c], ROUNDS), "tasks/s");
    }
  for (unsigned i = 0; i < G_N_ELEMENTS (ratios); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_vs_%s", figure_names[ratios[i].a],
                                               figure_names[ratios[i].b]);
      figure (name, median (ratio[i], ROUNDS), "x");
    }
}

/* The engine's own kernel, so both sides of a comparison do the same work per task. */
static void
burn_task (guint64 id, gpointer data)
{
  ps_workload_burn (GPOINTER_TO_SIZE (data), id);
}

/* A routed pool against the hand-written router and SPSC lanes with tasks of @work_ns: empty
 * tasks show the engine's measuring cost per task (clock, histogram, counters), a few µs of work
 * show what is left of it once tasks do something. */
static void
bench_sticky_vs_spsc (guint64 work_ns, guint64 tasks)
{
  double ratio[ROUNDS];
  gsize iterations = ps_workload_iterations_for (work_ns);

  for (unsigned r = 0; r < ROUNDS; r++)
    {
      PsScenario s;
      PsReport *report = NULL;

      empty_scenario (&s, "sticky+thread-local", tasks);
      s.work_ns = work_ns;
      g_assert_cmpint (ps_run_scenario (&s, &report), ==, 0);
      double sticky = report->strategies[0].total.throughput_per_s;
      ps_report_free (report);
      double lanes = tasks / bench_spsc_lanes (THREADS, tasks, burn_task,
                                               GSIZE_TO_POINTER (iterations));
      ratio[r] = sticky / lanes;
    }
  g_autofree char *name = g_strdup_printf ("sticky_vs_spsc_lanes_%" G_GUINT64_FORMAT "us",
                                           work_ns / 1000);
  figure (name, median (ratio, ROUNDS), "x");
}

static void
bench_deque_owner (void)
{
  PsDeque d;
  PsTask task = { 0 }, out;
  const unsigned n = 10000000;
  double best = INFINITY;

  g_assert_cmpint (ps_deque_init (&d, 64), ==, 0);
  for (unsigned round = 0; round < ROUNDS; round++)
    {
      guint64 t0 = bench_now_ns ();
      for (unsigned i = 0; i < n; i++)
        {
          task.id = i;
          ps_deque_push (&d, &task);
          ps_deque_take (&d, &out);
        }
      double ns = (double) (bench_now_ns () - t0) / n;
      if (ns < best)
        best = ns;
    }
  g_assert_cmpuint (out.id, ==, n - 1);
  ps_deque_clear (&d);
  figure ("steal_owner_push_pop", best, "ns");
}

/* One task at a time handed to a parked worker through the sticky lane's queue and waitpoint —
 * the mechanism `pinned` uses — against the same on an idle GThreadPool. */
typedef struct
{
  PsSpsc ring;
  PsWaitpoint has_work;
  gboolean quit;          /* atomic */
  guint64 finished;       /* atomic: when the worker saw the task */
} IdleLane;

static bool
lane_ready (void *data)
{
  IdleLane *lane = data;
  return !ps_spsc_is_empty (&lane->ring) || g_atomic_int_get (&lane->quit);
}

static gpointer
idle_lane_worker (gpointer data)
{
  IdleLane *lane = data;
  PsTask task;

  while (!g_atomic_int_get (&lane->quit))
    {
      /* The same spin-then-park as the sticky dispatch. */
      gboolean got = FALSE;
      /* No producer is routing between the probes: the pool is idle, as in the sticky dispatch
       * between bursts. */
      for (unsigned spin = 0;
           !(got = ps_spsc_pop (&lane->ring, &task)) && ps_spin_step (spin, FALSE); spin++)
        ;
      if (!got)
        {
          ps_waitpoint_wait (&lane->has_work, lane_ready, lane, UINT64_MAX);
          continue;
        }
      __atomic_store_n (&lane->finished, bench_now_ns (), __ATOMIC_RELEASE);
    }
  return NULL;
}

static void
bench_idle_handoff (void)
{
  const unsigned rounds = 2000;
  IdleLane lane = { 0 };
  double *ns = g_new (double, rounds);

  ps_spsc_init (&lane.ring, 64);
  ps_waitpoint_init (&lane.has_work);
  GThread *worker = g_thread_new ("lane", idle_lane_worker, &lane);
  for (unsigned r = 0; r < rounds; r++)
    {
      PsTask task = { .id = r };
      g_usleep (200);
      __atomic_store_n (&lane.finished, 0, __ATOMIC_RELAXED);
      guint64 t0 = bench_now_ns ();
      ps_spsc_push (&lane.ring, &task);
      ps_waitpoint_notify (&lane.has_work);
      guint64 done;
      while ((done = __atomic_load_n (&lane.finished, __ATOMIC_ACQUIRE)) == 0)
        ;
      ns[r] = (double) (done - t0);
    }
  g_atomic_int_set (&lane.quit, TRUE);
  ps_waitpoint_notify (&lane.has_work);
  g_thread_join (worker);
  ps_waitpoint_clear (&lane.has_work);
  ps_spsc_clear (&lane.ring);

  double lane_p50 = median (ns, rounds);
  double gpool_p50 = bench_gthreadpool_idle_p50 (rounds);
  g_free (ns);
  figure ("idle_submit_to_done_p50_pinned_lane", lane_p50 / 1000.0, "us");
  figure ("idle_submit_to_done_p50_gthreadpool", gpool_p50 / 1000.0, "us");
  figure ("idle_submit_to_done_p50_ratio", lane_p50 / gpool_p50, "x");
}

/* Parallel efficiency of `pinned` on 2 threads with 100 µs tasks, against `single`. */
static void
bench_pinned_efficiency (void)
{
  PsScenario s;
  PsReport *report = NULL;

  empty_scenario (&s, "single", 4000);
  g_assert_cmpint (ps_strategy_parse ("pinned", &s.strategies[1]), ==, 0);
  s.n_strategies = 2;
  s.work_ns = 100000;
  s.warmup_tasks = 200;
  s.order = PS_ORDER_INTERLEAVED;
  g_assert_cmpint (ps_run_scenario (&s, &report), ==, 0);
  figure ("pinned_efficiency_2t_100us", 100.0 * report->strategies[1].total.efficiency, "%");
  ps_report_free (report);
}

/* What timing one task costs (two clock reads, a histogram record, counter updates) as a share of
 * a 2 µs task. */
static void
bench_instrumentation (void)
{
  PsCounters *c = aligned_alloc (64, sizeof (PsCounters));
  const unsigned n = 2000000;
  double best = INFINITY;

  ps_clock_init ();
  ps_counters_reset (c);
  for (unsigned round = 0; round < ROUNDS; round++)
    {
      guint64 t0 = bench_now_ns ();
      for (unsigned i = 0; i < n; i++)
        {
          uint64_t submit = ps_clock_ticks ();
          uint64_t done = ps_clock_ticks ();
          ps_histogram_record (&c->latency, (uint64_t) ps_clock_ticks_to_ns (done - submit));
          ps_counter_add (&c->checksum, done);
          ps_counter_add (&c->tasks, 1);
        }
      double ns = (double) (bench_now_ns () - t0) / n;
      if (ns < best)
        best = ns;
    }
  free (c);
  figure ("instrumentation_per_task", best, "ns");
  figure ("instrumentation_share_of_2us_task", 100.0 * best / 2000.0, "%");
}

/* Closed CPU-only `shared` runs: N threads, k isolates; the wait share should be (N - k) / N. */
static void
bench_shared_wait_share (void)
{
  static const unsigned cases[][2] = { { 2, 1 }, { 4, 1 }, { 4, 2 }, { 4, 3 } };

  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PsScenario s;
      PsReport *report = NULL;
      unsigned n = cases[i][0], k = cases[i][1];

      empty_scenario (&s, "shared", 3000);
      s.threads = n;
      s.isolates = k;
      s.work_ns = 50000;
      s.warmup_tasks = 200;
      g_assert_cmpint (ps_run_scenario (&s, &report), ==, 0);
      double measured = report->strategies[0].total.wait_share_pct;
      double expected = 100.0 * (n - k) / n;
      g_autofree char *name = g_strdup_printf ("shared_wait_share_%ut_%ui", n, k);
      g_autofree char *off = g_strdup_printf ("shared_wait_share_%ut_%ui_minus_expected", n, k);
      figure (name, measured, "%");
      figure (off, measured - expected, "points");
      ps_report_free (report);
    }
}

int
main (int argc, char **argv)
{
  /* uv_queue_work's pool is sized once, at first use: give it the same two threads. */
  g_setenv ("UV_THREADPOOL_SIZE", "2", TRUE);

  bench_deque_owner ();
  bench_instrumentation ();
  bench_idle_handoff ();
  bench_empty_tasks ();
  bench_sticky_vs_spsc (2000, 50000);
  bench_sticky_vs_spsc (20000, 10000);
  bench_pinned_efficiency ();
  bench_shared_wait_share ();
  return 0;
}
