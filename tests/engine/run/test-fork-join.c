/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fork-join.c: fork-join operations: N tasks forked to the N workers, all joined before the
 * next N, each operation timed from the fork to the end of its last task.
 */
#include "ps-test-util.h"

/* A task-count run forks ⌈tasks / threads⌉ operations, every task runs once with single's
 * checksum, and no operation ends before the slowest of its tasks: at least the I/O delay every
 * task sleeps, and (operations of equal size) its median at least the tasks' median service. */
static void
test_operations (gconstpointer data)
{
  const unsigned threads = GPOINTER_TO_UINT (data);
  const guint64 io_ns = 300000;
  PsScenario s;

  pst_scenario_init (&s);
  pst_scenario_add_strategy (&s, "single");
  pst_scenario_add_strategy (&s, "fork-join+thread-local");
  s.threads = threads;
  s.tasks = 60 * threads;
  s.warmup_tasks = 0;
  s.work_ns = 20000;
  s.io_delay_ns = io_ns;
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[1].total;

  pst_assert_strategy_complete (report, 1, &report->strategies[0]);
  g_test_message ("%" G_GUINT64_FORMAT " operations, p50 %.1f µs, max %.1f µs; service p50 "
                  "%.1f µs", t->operations, t->operation_us.p50, t->operation_us.max,
                  t->service_us.p50);
  g_assert_cmpuint (t->operations, ==, (s.tasks + threads - 1) / threads);
  /* The histogram's buckets are 3.2% wide. */
  g_assert_cmpfloat (t->operation_us.p50, >=, 0.968 * (io_ns + s.work_ns) / 1000.0);
  g_assert_cmpfloat (t->operation_us.p50, >=, 0.968 * t->service_us.p50);
  g_assert_cmpfloat (t->operation_us.max, >=, 0.968 * t->service_us.max);
  /* Other dispatches have no operations. */
  g_assert_cmpuint (report->strategies[0].total.operations, ==, 0);
  ps_report_free (report);
}

/* A worker never gets a second task before the forker has joined the first round: with one task
 * per worker at a time, the per-thread counts are within one operation of each other. */
static void
test_one_task_per_worker (gconstpointer data)
{
  PsScenario s;

  pst_scenario_init_one (&s, "fork-join+thread-local");
  s.threads = 3;
  s.tasks = 300;
  s.warmup_tasks = 0;
  s.work_ns = 5000;
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[0].total;

  pst_assert_strategy_complete (report, 0, NULL);
  for (unsigned i = 0; i < t->n_threads; i++)
    g_assert_cmpuint (t->per_thread_tasks[i], ==, s.tasks / s.threads);
  ps_report_free (report);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  pst_add_trapped ("/engine/fork-join/operations/2", GUINT_TO_POINTER (2), test_operations,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fork-join/operations/3", GUINT_TO_POINTER (3), test_operations,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fork-join/one-task-per-worker", NULL, test_one_task_per_worker,
                   PST_TIMEOUT_US);
  return g_test_run ();
}
