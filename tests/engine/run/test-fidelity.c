/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fidelity.c: measures that must mean what they say, each guarding a defect once seen.
 *
 * Each test states the definition it checks and derives its bound from the scenario's own knobs,
 * never from another run of the engine.
 */
#include <string.h>
#include <sys/prctl.h>

#include "ps-test-util.h"
#include "ps-worker.h"

/* A duration run of @name with 2 threads: the shape every test here starts from. */
static void
scenario_for_duration (PsScenario *s, const char *name, guint64 duration_ms)
{
  pst_scenario_init_one (s, name);
  s->threads = 2;
  s->tasks = 0;
  s->warmup_tasks = 0;
  s->duration_ns = duration_ms * 1000000u;
  s->warmup_ns = 0;
  s->track_tasks = FALSE;
}

/* Work stealing: a worker that sleeps in I/O still owns a block of tasks in its deque; an idle
 * worker must steal them before it claims new work, or they wait behind the sleeper. */
static void
test_steal_steals (gconstpointer data)
{
  PsScenario s;
  PsReport *report;
  const PsResult *t;

  scenario_for_duration (&s, "steal", 400);
  s.io_delay_ns = 1000000;
  s.work_ns = 2000;
  report = pst_run (&s);
  t = &report->strategies[0].total;
  pst_assert_result_consistent (t);

  g_test_message ("steal: %" G_GUINT64_FORMAT " tasks, %" G_GUINT64_FORMAT " steals of %"
                  G_GUINT64_FORMAT " attempts, p50 %.1f µs", t->tasks_completed, t->steals,
                  t->steal_attempts, t->latency_us.p50);
  g_assert_cmpuint (t->tasks_completed, >, 0);
  g_assert_cmpuint (t->steals, >, 0);
  g_assert_cmpuint (t->steals, <=, t->steal_attempts);
  g_assert_cmpuint (t->steals, <=, t->tasks_completed);
  /* Per segment too, adding up to the total. */
  guint64 steals = 0;
  for (unsigned i = 0; i < report->strategies[0].n_segments; i++)
    if (!report->strategies[0].segments[i].warmup)
      steals += report->strategies[0].segments[i].result.steals;
  g_assert_cmpuint (steals, ==, t->steals);
  ps_report_free (report);
}

/* Strategies that never steal report no steals at all. */
static void
test_no_steals_elsewhere (gconstpointer data)
{
  PsScenario s;
  PsReport *report;

  scenario_for_duration (&s, "queue", 100);
  pst_scenario_add_strategy (&s, "pinned");
  s.io_delay_ns = 200000;
  report = pst_run (&s);
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      g_assert_cmpuint (report->strategies[i].total.steals, ==, 0);
      g_assert_cmpuint (report->strategies[i].total.steal_attempts, ==, 0);
    }
  ps_report_free (report);
}

/* I/O delays below a millisecond are kept exactly with several requests in flight (libuv's
 * millisecond timers once made a 100 µs delay last 1.15 ms). The service time of a task is its work
 * plus its I/O: never shorter than the I/O delay (less the histogram's 3.2% bucket error), and with
 * 5 µs of work nowhere near a whole millisecond. */
static void
test_sub_ms_io (gconstpointer data)
{
  const char *name = data;
  PsScenario s;
  PsReport *report;
  const PsResult *t;

  scenario_for_duration (&s, name, 300);
  s.io_delay_ns = 100000;
  s.work_ns = 5000;
  s.inflight = 4;
  report = pst_run (&s);
  t = &report->strategies[0].total;
  g_test_message ("%s: service p50 %.1f µs, latency p50 %.1f µs", name, t->service_us.p50,
                  t->latency_us.p50);
  g_assert_cmpuint (t->tasks_completed, >, 0);
  g_assert_cmpfloat (t->service_us.p50, >=, 100.0 * 0.968);
  g_assert_cmpfloat (t->service_us.p50, <, 1000.0 * PST_SLOWDOWN);
  ps_report_free (report);
}

/* Engine threads sleep with the least timer slack; the default 50 µs made a 20 µs I/O last 121. */
static void
test_timer_slack (void)
{
  /* Linux starts a thread at its parent's slack, 50 µs by default: the call must change it. */
  g_assert_cmpint (prctl (PR_GET_TIMERSLACK, 0, 0, 0, 0), >, 1);
  ps_worker_thread_init ();
  g_assert_cmpint (prctl (PR_GET_TIMERSLACK, 0, 0, 0, 0), ==, 1);
}

/* In a closed run the queue dispatches hold a small backlog and stamp a task when it enters
 * the queue, so the time a task waits there is the hand-off, not backlog / throughput (10 ms of
 * backlog once gave `queue` a p50 of 8.7 ms for 20 µs tasks). Latency splits into queueing and
 * service: each is at most the whole. */
static void
test_closed_backlog (gconstpointer data)
{
  const char *name = data;
  PsScenario s;
  PsReport *report;
  const PsResult *t;

  scenario_for_duration (&s, name, 300);
  s.work_ns = 20000;
  report = pst_run (&s);
  t = &report->strategies[0].total;
  g_test_message ("%s: latency p50 %.1f µs = queue p50 %.1f + service p50 %.1f", name,
                  t->latency_us.p50, t->queue_us.p50, t->service_us.p50);
  g_assert_cmpuint (t->tasks_completed, >, 0);
  /* Service includes the 20 µs of calibrated work. The calibration of work per µs still drifts
   * between processes (±10% seen under load; on 2026-12-02's shared VMs the same iterations ran up
   * to a third faster than when calibrated, and 0.8 failed once in a clean-clone run), so only a
   * gross undercount fails here: the work not done at all, or half of it. */
  g_assert_cmpfloat (t->service_us.p50, >=, 20.0 * 0.6);
  g_assert_cmpfloat (t->queue_us.p50, <=, t->latency_us.p50 * 1.04);
  g_assert_cmpfloat (t->service_us.p50, <=, t->latency_us.p50 * 1.04);
  g_assert_cmpfloat (t->latency_us.max, >=, t->queue_us.max);
  /* 100 µs of work per thread is the backlog's design; 4 ms leaves room for a busy machine (a
   * router or producer preempted on 2 cores) and is still well below the 8–22 ms of the deep
   * backlog this guards against. Sanitizers slow everything down. */
  g_assert_cmpfloat (t->queue_us.p50, <, 4000.0 * PST_SLOWDOWN);
  ps_report_free (report);
}

/* The queue dispatches' own mutex is a timed lock: at no work and no payload it is what the workers
 * contend on, and it once reported 0 acquisitions and 0 wait. Each task is one pop (batched: one
 * pop per batch), and each pop takes the lock once. */
static void
test_queue_lock_timed (gconstpointer data)
{
  const char *name = data;
  PsScenario s;
  PsReport *report;
  const PsResult *t;

  scenario_for_duration (&s, name, 200);
  s.work_ns = 0;
  s.payload_bytes = 0;
  report = pst_run (&s);
  t = &report->strategies[0].total;
  pst_assert_result_consistent (t);
  g_test_message ("%s: %" G_GUINT64_FORMAT " tasks, %" G_GUINT64_FORMAT " acquisitions, %"
                  G_GUINT64_FORMAT " contended, wait %.2f%%", name, t->tasks_completed,
                  t->acquisitions, t->contended_acquisitions, t->wait_share_pct);
  g_assert_cmpuint (t->tasks_completed, >, 0);
  if (s.strategies[0].dispatch == PS_DISPATCH_BATCHED)
    g_assert_cmpuint (t->acquisitions, >=, t->tasks_completed / s.batch_size);
  else
    g_assert_cmpuint (t->acquisitions, >=, t->tasks_completed);
  g_assert_cmpuint (t->contended_acquisitions, <=, t->acquisitions);
  ps_report_free (report);
}

/* `single` is the single-threaded baseline with one isolate, whatever --isolates says. With tenant
 * affinity and four tenants it must rebuild its one isolate whenever the tenant changes; it once
 * kept one per tenant (--isolates 4) and built exactly four. */
static void
test_single_one_isolate (void)
{
  PsScenario s;
  PsReport *report;
  const PsStrategyReport *sr;
  PsResult all;

  pst_scenario_init_one (&s, "single");
  s.isolates = 4;
  s.tenants = 4;
  s.affinity = PS_AFFINITY_TENANT;
  report = pst_run (&s);
  sr = &report->strategies[0];
  pst_assert_strategy_complete (report, 0, NULL);
  for (unsigned i = 0; i < sr->n_segments; i++)
    g_assert_cmpuint (sr->segments[i].scenario.isolates, ==, 1);
  pst_sum_segments (sr, TRUE, &all);
  g_assert_cmpuint (all.isolates_created, >, 4);
  ps_report_free (report);
}

/* A shared-pool slot reserved for building an isolate is held: with one isolate and two threads
 * that always have work, the slot is in someone's hands almost all the time, building or working.
 * Counting the build as the builder's wait once gave a hold share of 4.6% here. */
static void
test_shared_build_is_held (gconstpointer data)
{
  PsScenario s;
  PsReport *report;
  const PsResult *t;

  scenario_for_duration (&s, "shared", 300);
  s.isolates = 1;
  s.affinity = PS_AFFINITY_TENANT;
  s.isolate_init_ns = 2000000;
  s.work_ns = 100000;
  report = pst_run (&s);
  t = &report->strategies[0].total;
  pst_assert_result_consistent (t);
  g_test_message ("shared: hold %.1f%%, wait %.1f%%", t->hold_share_pct, t->wait_share_pct);
  g_assert_cmpuint (t->isolates_created, >, 0);
  g_assert_cmpfloat (t->hold_share_pct, >=, 50.0);
  g_assert_cmpfloat (t->hold_share_pct, <=, 100.0 + 1e-9);
  ps_report_free (report);
}

/* Spin-sleep acquisition retries are attempts: the seed's 97% counted them. With one isolate and
 * two threads spinning, some retries fail, so attempts outnumber acquisitions; blocking never
 * retries, so they are equal. */
static void
test_spin_attempts (gconstpointer data)
{
  PsScenario s;
  PsReport *report;

  scenario_for_duration (&s, "shared", 200);
  s.isolates = 1;
  s.work_ns = 100000;
  s.acquire = PS_ACQUIRE_SPIN;
  s.spin_ns = 50000;
  report = pst_run (&s);
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsResult *t = &report->strategies[i].total;
      pst_assert_result_consistent (t);
      g_test_message ("spin: %" G_GUINT64_FORMAT " acquisitions of %" G_GUINT64_FORMAT
                      " attempts", t->acquisitions, t->acquire_attempts);
      g_assert_cmpuint (t->acquire_attempts, >, t->acquisitions);
    }
  ps_report_free (report);

  scenario_for_duration (&s, "shared", 100);
  s.isolates = 1;
  s.work_ns = 100000;
  report = pst_run (&s);
  g_assert_cmpuint (report->strategies[0].total.acquire_attempts, ==,
                    report->strategies[0].total.acquisitions);
  ps_report_free (report);
}

/* Waiting in line: two threads on one isolate alternate, because a released isolate goes to the
 * one waiting, never back to the releaser (with `block` one thread was seen to run 19× the
 * other's tasks and a task to wait 457 ms). Jain's index ≥ 0.9 allows a 1.9:1 split, a margin for
 * a thread descheduled before it joined the line. Under tenant affinity every task still runs
 * exactly once with single's checksum. */
static void
test_fifo_hand_off (gconstpointer data)
{
  PsScenario s, ref;
  PsReport *report, *reference;

  scenario_for_duration (&s, "shared", 300);
  s.isolates = 1;
  s.work_ns = 100000;
  s.acquire = PS_ACQUIRE_FIFO;
  report = pst_run (&s);
  const PsResult *t = &report->strategies[0].total;
  pst_assert_result_consistent (t);
  g_test_message ("fifo: tasks [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "], fairness %.3f, "
                  "contended %.1f%%, max latency %.1f ms", t->per_thread_tasks[0],
                  t->per_thread_tasks[1], t->fairness, t->contended_acq_pct,
                  t->latency_us.max / 1e3);
  g_assert_cmpfloat (t->fairness, >=, 0.9);
  g_assert_cmpfloat (t->contended_acq_pct, >, 0);
  ps_report_free (report);

  pst_scenario_init_one (&s, "shared");
  s.threads = 4;
  s.isolates = 2;
  s.acquire = PS_ACQUIRE_FIFO;
  s.affinity = PS_AFFINITY_TENANT;
  s.tenants = 3;
  ref = s;
  pst_scenario_init_one (&ref, "single");
  ref.tasks = s.tasks;
  ref.warmup_tasks = s.warmup_tasks;
  ref.tenants = s.tenants;
  report = pst_run (&s);
  reference = pst_run (&ref);
  pst_assert_strategy_complete (report, 0, &reference->strategies[0]);
  ps_report_free (report);
  ps_report_free (reference);
}

/* The GIL switch interval: two threads with 4 ms task bodies and a 1 ms interval hand the GIL over
 * inside task bodies (at most 3 times per task: one per interval boundary), and never with the
 * interval off; every task still runs once with single's checksum. */
static void
test_gil_switch (gconstpointer data)
{
  PsScenario s, ref;

  pst_scenario_init_one (&s, "queue");
  s.threads = 2;
  s.gil = TRUE;
  s.work_ns = 4000000;
  s.gil_switch_ns = 1000000;
  s.tasks = 40;
  s.warmup_tasks = 2;
  pst_scenario_init_one (&ref, "single");
  ref.tasks = s.tasks;
  ref.warmup_tasks = s.warmup_tasks;
  ref.work_ns = s.work_ns;
  PsReport *reference = pst_run (&ref);
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[0].total;
  g_test_message ("gil switch 1 ms: %" G_GUINT64_FORMAT " switches in %" G_GUINT64_FORMAT
                  " tasks", t->gil_switches, t->tasks_completed);
  pst_assert_strategy_complete (report, 0, &reference->strategies[0]);
  g_assert_cmpuint (t->gil_switches, >, 0);
  g_assert_cmpuint (t->gil_switches, <=, 3 * t->tasks_completed);
  g_assert_cmpuint (reference->strategies[0].total.gil_switches, ==, 0);
  ps_report_free (report);

  s.gil_switch_ns = 0;
  report = pst_run (&s);
  g_assert_cmpuint (report->strategies[0].total.gil_switches, ==, 0);
  ps_report_free (report);
  ps_report_free (reference);
}

/* Polling (repartir): a result is seen only at the next poll tick and the next request follows it,
 * so each worker completes at most one task per interval, plus one: N ≤ threads × (wall/poll + 1).
 * A task's latency then reaches the tick after it finished. (The completion stamp alone was once
 * rounded and single ran 54k tasks/s with a 10 ms poll.) */
static void
test_poll_caps (gconstpointer data)
{
  const char *name = data;
  PsScenario s;
  const double poll_s = 0.01;

  scenario_for_duration (&s, name, 300);
  s.poll_ns = (uint64_t) (poll_s * 1e9);
  PsReport *report = pst_run (&s);
  const PsResult *t = &report->strategies[0].total;
  unsigned threads = strcmp (name, "single") == 0 ? 1 : s.threads;
  pst_assert_result_consistent (t);
  g_assert_cmpuint (t->tasks_completed, >, 0);
  g_assert_cmpfloat ((double) t->tasks_completed, <=, threads * (t->wall_s / poll_s + 1));
  /* Most tasks start on a tick and are seen on the next one. */
  g_assert_cmpfloat (t->latency_us.p50 * 1.04, >=, 0.5 * poll_s * 1e6);
  ps_report_free (report);
}

/* Serialisation (Dart's message passing): the producer serialises every payload it sends, one at
 * a time, so its serialising time is tasks × ns/byte × payload (the work is calibrated, which
 * drifts between processes: 0.7–1.5×), and a strategy that sends no messages pays none. */
static void
test_serialize (gconstpointer data)
{
  PsScenario s;

  pst_scenario_init (&s);
  pst_scenario_add_strategy (&s, "single");
  pst_scenario_add_strategy (&s, "queue");
  s.threads = 2;
  s.payload_bytes = 16384;
  s.serialize_ns_per_byte = 2;
  PsReport *report = pst_run (&s);
  const PsResult *single = &report->strategies[0].total;
  const PsResult *queue = &report->strategies[1].total;
  pst_assert_strategy_complete (report, 1, &report->strategies[0]);
  double expect_s = (double) queue->tasks_completed * 2 * 16384 / 1e9;
  double spent_s = queue->serialize_share_pct / 100 * queue->wall_s;
  g_test_message ("queue serialised %.1f ms (expected %.1f ms)", spent_s * 1e3, expect_s * 1e3);
  g_assert_cmpfloat (spent_s, >=, 0.7 * expect_s);
  g_assert_cmpfloat (spent_s, <=, 1.5 * expect_s);
  g_assert_cmpfloat (single->serialize_share_pct, ==, 0);
  ps_report_free (report);
}

/* Per-strategy knobs in one run: single with the payload moved beside single and queue copying
 * it. Each copies what its own transfer says (none, or the payload once per task) and all three
 * compute single's checksum. */
static void
test_overrides_run (gconstpointer data)
{
  PsScenario s;

  pst_scenario_init (&s);
  pst_scenario_add_strategy (&s, "single[transfer=move]");
  pst_scenario_add_strategy (&s, "single");
  pst_scenario_add_strategy (&s, "queue[transfer=copy;work=5us]");
  s.threads = 2;
  s.transfer = PS_TRANSFER_CAPTURE_WHOLE; /* what no strategy above runs with */
  PsReport *report = pst_run (&s);
  const PsResult *moved = &report->strategies[0].total;
  const PsResult *plain = &report->strategies[1].total;
  const PsResult *queue = &report->strategies[2].total;
  g_assert_cmpuint (moved->bytes_copied, ==, 0);
  g_assert_cmpuint (queue->bytes_copied, ==, queue->tasks_completed * s.payload_bytes);
  g_assert_cmpuint (plain->bytes_copied, >, queue->tasks_completed * s.payload_bytes);
  g_assert_cmpuint (report->strategies[2].segments[0].scenario.work_ns, ==, 5000);
  g_assert_cmpuint (report->strategies[0].segments[0].scenario.work_ns, ==, s.work_ns);
  for (unsigned i = 0; i < 3; i++)
    g_assert_cmpuint (report->strategies[i].total.checksum, ==, plain->checksum);
  ps_report_free (report);
}

/* count_creation: the isolates are built inside the measured part, as the seeds' short runs
 * timed them. With one request open per thread a thread-local pool builds one isolate per thread,
 * a shared pool of 2 one per thread up to its size, fresh one per task; with a warm-up (the
 * default) the pools were built before the figures start. Creation is lazy: a slot that ran no
 * task built nothing. */
static void
test_count_creation (gconstpointer data)
{
  static const char *const names[] = { "single", "queue", "shared", "legacy" };
  PsScenario s;

  pst_scenario_init (&s);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    pst_scenario_add_strategy (&s, names[i]);
  s.threads = 2;
  s.isolates = 2;
  s.count_creation = TRUE;
  PsReport *report = pst_run (&s);
  g_assert_cmpuint (report->scenario.warmup_tasks, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const PsStrategyReport *sr = &report->strategies[i];
      /* Isolates are built lazily: a thread-local slot builds one only if it ran a task (on a
       * busy machine one thread can run them all). */
      guint64 slots_used = 0;
      for (unsigned k = 0; k < sr->total.n_threads; k++)
        slots_used += sr->total.per_thread_tasks[k] > 0;
      g_test_message ("%s: %" G_GUINT64_FORMAT " isolates created", names[i],
                      sr->total.isolates_created);
      g_assert_cmpuint (sr->n_segments, ==, 1);
      g_assert_false (sr->segments[0].warmup);
      g_assert_cmpuint (sr->total.tasks_completed, ==, s.tasks);
      if (i <= 1) /* single, queue: thread-local, one request open per thread */
        g_assert_cmpuint (sr->total.isolates_created, ==, slots_used);
      else if (i == 2) /* shared: one per thread holding one at once, up to the pool's size */
        {
          g_assert_cmpuint (sr->total.isolates_created, >=, 1);
          g_assert_cmpuint (sr->total.isolates_created, <=, MIN (s.isolates, slots_used));
        }
      else /* legacy: fresh, one per task */
        g_assert_cmpuint (sr->total.isolates_created, ==, s.tasks);
    }
  ps_report_free (report);

  s.count_creation = FALSE;
  report = pst_run (&s);
  /* With the warm-up back, each strategy's first segment is it, outside the figures. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (report->strategies[i].segments[0].warmup);
  g_assert_cmpuint (report->strategies[3].total.isolates_created, ==, s.tasks);
  ps_report_free (report);
}

/* calibrate shows what a 20 µs sleep really lasts on an engine thread: never less than asked. */
static void
test_calibrate_sleep (void)
{
  PsMachine m;

  g_assert_cmpint (ps_calibrate (&m), ==, 0);
  g_assert_cmpfloat (m.sleep_request_ns, ==, 20000.0);
  g_assert_cmpfloat (m.sleep_achieved_ns, >=, m.sleep_request_ns);
  g_assert_cmpfloat (m.sleep_default_slack_ns, >=, m.sleep_request_ns);
}

/* The producer (router, spawner) is a thread beside the workers: the threads a strategy used count
 * it, and its CPU time is reported; strategies without one report the workers alone. */
static void
test_threads_used (gconstpointer data)
{
  static const struct
  {
    const char *name;
    guint64 threads;
    gboolean producer;
  } expected[] = {
    { "single", 1, FALSE }, { "legacy", 2, FALSE }, { "steal", 2, FALSE },
    { "pinned", 2, FALSE }, { "queue", 3, TRUE }, { "sticky+thread-local", 3, TRUE },
    { "batched", 3, TRUE }, { "spawn", 3, TRUE },
  };
  PsScenario s;
  PsReport *report;

  scenario_for_duration (&s, expected[0].name, 100);
  for (guint i = 1; i < G_N_ELEMENTS (expected); i++)
    pst_scenario_add_strategy (&s, expected[i].name);
  report = pst_run (&s);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const PsResult *t = &report->strategies[i].total;
      g_test_message ("%s: %" G_GUINT64_FORMAT " threads, producer %.1f%% CPU", expected[i].name,
                      t->threads_used, t->producer_cpu_pct);
      g_assert_cmpuint (t->threads_used, ==, expected[i].threads);
      if (expected[i].producer)
        g_assert_cmpfloat (t->producer_cpu_pct, >, 0.0);
      else
        g_assert_cmpfloat (t->producer_cpu_pct, ==, 0.0);
      /* One thread's CPU time cannot exceed the wall time (plus the clocks' disagreement). */
      g_assert_cmpfloat (t->producer_cpu_pct, <=, 101.0);
    }
  ps_report_free (report);
}

/* The GIL's hold is reported apart from the isolates': a thread-local strategy under a GIL shares
 * no isolate (hold 0) yet holds the GIL for most of the time; a shared pool under a GIL reports
 * both. The two were once averaged into one hold share. */
static void
test_gil_hold_apart (gconstpointer data)
{
  PsScenario s;
  PsReport *report;

  scenario_for_duration (&s, "queue", 200);
  pst_scenario_add_strategy (&s, "shared");
  s.gil = TRUE;
  s.work_ns = 50000;
  report = pst_run (&s);
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsResult *t = &report->strategies[i].total;
      g_test_message ("%s: hold %.1f%%, GIL hold %.1f%%", report->strategies[i].strategy.name,
                      t->hold_share_pct, t->gil_hold_share_pct);
      g_assert_cmpfloat (t->gil_hold_share_pct, >, 0.0);
      g_assert_cmpfloat (t->gil_hold_share_pct, <=, 100.0 + 1e-6);
    }
  g_assert_cmpfloat (report->strategies[0].total.hold_share_pct, ==, 0.0);
  g_assert_cmpfloat (report->strategies[1].total.hold_share_pct, >, 0.0);
  ps_report_free (report);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  pst_add_trapped ("/engine/fidelity/steal/steals", NULL, test_steal_steals, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/steal/others-never-steal", NULL, test_no_steals_elsewhere,
                   PST_TIMEOUT_US);
  g_test_add_func ("/engine/fidelity/io/timer-slack", test_timer_slack);
  g_test_add_func ("/engine/fidelity/io/calibrate-sleep", test_calibrate_sleep);
  pst_add_trapped ("/engine/fidelity/io/sub-ms/single", "single", test_sub_ms_io, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/io/sub-ms/legacy", "legacy", test_sub_ms_io, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/io/sub-ms/queue", "queue", test_sub_ms_io, PST_TIMEOUT_US);
  /* Not `batched`: waiting for the batch to fill and for the batches ahead is its design. */
  for (unsigned i = 0; i < 3; i++)
    {
      static const char *const names[] = { "queue", "sticky+thread-local", "steal" };
      g_autofree char *path = g_strdup_printf ("/engine/fidelity/backlog/%s", names[i]);
      pst_add_trapped (path, names[i], test_closed_backlog, PST_TIMEOUT_US);
    }
  pst_add_trapped ("/engine/fidelity/queue-lock/queue", "queue", test_queue_lock_timed,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/queue-lock/batched", "batched", test_queue_lock_timed,
                   PST_TIMEOUT_US);
  g_test_add_func ("/engine/fidelity/single/one-isolate", test_single_one_isolate);
  pst_add_trapped ("/engine/fidelity/gil/hold-apart", NULL, test_gil_hold_apart, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/threads-used", NULL, test_threads_used, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/shared/spin-attempts", NULL, test_spin_attempts,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/shared/build-is-held", NULL, test_shared_build_is_held,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/shared/fifo-hand-off", NULL, test_fifo_hand_off,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/count-creation", NULL, test_count_creation,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/gil/switch-interval", NULL, test_gil_switch,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/poll/single", "single", test_poll_caps, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/serialize", NULL, test_serialize, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/strategy-overrides", NULL, test_overrides_run,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/fidelity/poll/queue", "queue", test_poll_caps, PST_TIMEOUT_US);
  return g_test_run ();
}
