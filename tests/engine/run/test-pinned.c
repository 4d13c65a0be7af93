/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pinned.c: `pinned` is OpenWorkers' thread-pinned pool, each thread generating its own
 * tenants' requests with no router; `sticky` is the routed variant.
 *
 * Which thread runs which task is fixed by the tenant, so the per-thread task counts of `pinned`
 * have a closed form: thread t runs the ids whose tenant maps to t. The tests count them with a
 * plain loop over the ids and compare.
 */
#include <string.h>

#include "ps-test-util.h"
#include "ps-workload.h"

/* Tasks per thread when thread t runs exactly the ids below @tasks whose tenant (id % @tenants,
 * no skew) maps to t. */
static void
expected_per_thread (guint64 tasks, unsigned tenants, unsigned threads, guint64 *out)
{
  memset (out, 0, threads * sizeof (guint64));
  for (guint64 id = 0; id < tasks; id++)
    out[ps_tenant_lane ((uint32_t) (id % tenants), threads)]++;
}

static void
assert_pinned_counts_at (unsigned threads, unsigned tenants, unsigned inflight, guint64 io_ns,
                         double rate)
{
  PsScenario s;
  guint64 expected[PS_MAX_THREADS];

  pst_scenario_init (&s);
  s.rate = rate;
  pst_scenario_add_strategy (&s, "single");
  pst_scenario_add_strategy (&s, "pinned");
  s.threads = threads;
  s.tenants = tenants;
  s.inflight = inflight;
  s.io_delay_ns = io_ns;
  s.tasks = 600;
  s.warmup_tasks = 0;
  s.affinity = PS_AFFINITY_TENANT;
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[1].total;

  pst_assert_strategy_complete (report, 1, &report->strategies[0]);
  expected_per_thread (s.tasks, tenants, threads, expected);
  g_assert_cmpuint (t->n_threads, ==, threads);
  for (unsigned i = 0; i < threads; i++)
    {
      g_test_message ("thread %u: %" G_GUINT64_FORMAT " tasks, expected %" G_GUINT64_FORMAT, i,
                      t->per_thread_tasks[i], expected[i]);
      g_assert_cmpuint (t->per_thread_tasks[i], ==, expected[i]);
    }
  /* Nothing is routed, so no producer thread runs beside the workers. */
  g_assert_cmpuint (t->threads_used, ==, threads);
  g_assert_cmpuint (t->cross_tenant_reuses, ==, 0);
  ps_report_free (report);
}

static void
assert_pinned_counts (unsigned threads, unsigned tenants, unsigned inflight, guint64 io_ns)
{
  assert_pinned_counts_at (threads, tenants, inflight, io_ns, 0);
}

static void
test_own_tenants (gconstpointer data)
{
  assert_pinned_counts (2, 10, 1, 0);
  assert_pinned_counts (3, 7, 1, 0);
  /* Several requests in flight on one loop each, with I/O. */
  assert_pinned_counts (2, 10, 3, 200000);
}

/* Open loop: each thread generates its own tenants' arrivals from the shared schedule, so the
 * same closed form holds, at constant and Poisson arrivals. */
static void
test_open_loop_own_tenants (gconstpointer data)
{
  assert_pinned_counts_at (2, 10, 1, 0, 20000);
  assert_pinned_counts_at (3, 7, 2, 100000, 20000);
}

/* Open loop far above capacity: all 600 tasks arrive within 0.6 ms, and a thread works through its
 * lane one task after another, so the latency of its last task, counted from its scheduled
 * arrival, is at least its lane's tasks × the work, less the 0.6 ms over which they arrived. A
 * claim stamped when taken instead of when due would hide that backlog. */
static void
test_open_loop_backlog (gconstpointer data)
{
  PsScenario s;
  guint64 expected[2];

  pst_scenario_init (&s);
  pst_scenario_add_strategy (&s, "pinned");
  s.threads = 2;
  s.tenants = 10;
  s.tasks = 600;
  s.warmup_tasks = 0;
  s.work_ns = 50000;
  s.rate = 1e6;
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[0].total;

  pst_assert_strategy_complete (report, 0, NULL);
  expected_per_thread (s.tasks, s.tenants, 2, expected);
  double longest_lane_us = MAX (expected[0], expected[1]) * s.work_ns / 1000.0;
  g_test_message ("max latency %.0f µs, longest lane %.0f µs of work", t->latency_us.max,
                  longest_lane_us);
  g_assert_cmpfloat (t->latency_us.max, >=, 0.968 * (longest_lane_us - 600.0));
  ps_report_free (report);
}

/* Fewer tenants than threads: a thread with no tenant of its own has nothing to do and leaves,
 * and the run still ends with every task run once. */
static void
test_fewer_tenants_than_threads (gconstpointer data)
{
  assert_pinned_counts (4, 2, 1, 0);
  assert_pinned_counts (4, 1, 1, 0);
}

/* Knob changes and time slices split the source into lanes and fold it back many times over: with
 * the threads, the tenants and the skew changing between segments, every task still runs exactly
 * once and the checksum is single's. */
static void
test_lanes_across_segments (gconstpointer data)
{
  PsScenario s;

  pst_scenario_init (&s);
  pst_scenario_add_strategy (&s, "single");
  pst_scenario_add_strategy (&s, "pinned");
  s.order = PS_ORDER_INTERLEAVED;
  /* Slices well above a segment's start-up: 2 ms slices under ThreadSanitizer on a loaded CI
   * machine ended before the threads had started, every time, and the run never got further. */
  s.interleave_ns = 20 * 1000 * 1000;
  s.tasks = 6000;
  s.work_ns = 20000;
  s.tenants = 5;
  s.skew = 1.1;
  PsReport *report = pst_run (&s);
  g_assert_cmpuint (report->strategies[1].n_segments, >, 2);
  pst_assert_strategy_complete (report, 1, &report->strategies[0]);
  ps_report_free (report);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  pst_add_trapped ("/engine/pinned/own-tenants", NULL, test_own_tenants, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/pinned/fewer-tenants-than-threads", NULL,
                   test_fewer_tenants_than_threads, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/pinned/lanes-across-segments", NULL, test_lanes_across_segments,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/pinned/open-loop", NULL, test_open_loop_own_tenants, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/pinned/open-loop-backlog", NULL, test_open_loop_backlog,
                   PST_TIMEOUT_US);
  return g_test_run ();
}
