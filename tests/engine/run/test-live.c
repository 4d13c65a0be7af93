/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-live.c: live control of a run from another thread: knob changes mid-run keep every task
 * exactly once and open one segment each, bad changes are refused while the run goes on, samples
 * arrive in order, and a stop ends the run promptly with consistent counters and nothing leaked.
 */
#include "ps-test-util.h"

#include <math.h>
#include <string.h>

/* How long a stop may take: the engine promises ~100 ms plus one task; the rest is slack for a
 * loaded 2-core machine and ThreadSanitizer. */
#define STOP_BOUND_S 2.0
/* How long to wait for the engine to react to a command before calling it lost. */
#define REACT_TIMEOUT_US (10 * G_USEC_PER_SEC)

typedef struct
{
  PsRun *run;
  gint max_segment;      /* atomic: highest segment index seen by the event callback */
  gint finished_events;  /* atomic: PS_EVENT_RUN_FINISHED seen */
  gboolean have_last;
  PsSample last;         /* the previous sample, to check ordering */
  PsSample last_of[PS_MAX_STRATEGIES]; /* the previous sample of each strategy */
  gboolean have_last_of[PS_MAX_STRATEGIES];
  guint64 n_samples;
  guint64 max_sample_segment;
  guint64 max_tasks_seen;
} Live;

static void
on_event (const PsEvent *event, void *user_data)
{
  Live *live = user_data;

  /* Runs on the controller thread: record and return, never block. */
  if (event->kind == PS_EVENT_SEGMENT_OPENED)
    {
      gint seen = g_atomic_int_get (&live->max_segment);

      while ((gint) event->segment > seen
             && !g_atomic_int_compare_and_exchange (&live->max_segment, seen,
                                                    (gint) event->segment))
        seen = g_atomic_int_get (&live->max_segment);
    }
  else if (event->kind == PS_EVENT_RUN_FINISHED)
    {
      g_atomic_int_inc (&live->finished_events);
    }
}

static void
live_start (Live *live, const PsScenario *s)
{
  PsValidation v = { 0 };
  g_autofree char *description = pst_scenario_describe (s);

  memset (live, 0, sizeof *live);
  g_printerr ("scenario: %s\n", description);
  g_assert_cmpint (ps_scenario_validate (s, &v), ==, 0);
  g_assert_cmpint (ps_run_new (s, on_event, live, &live->run), ==, 0);
  g_assert_nonnull (live->run);
  g_assert_cmpint (ps_run_start (live->run), ==, 0);
}

/* Pops every waiting sample, checking that they come in order. */
static void
live_drain (Live *live)
{
  PsSample sample;

  while (ps_run_pop_sample (live->run, &sample))
    {
      g_assert_cmpfloat (sample.t_s, >=, 0.0);
      g_assert_cmpfloat (sample.progress, >=, 0.0);
      g_assert_cmpfloat (sample.progress, <=, 1.0 + 1e-9);
      g_assert_cmpuint (sample.strategy, <, PS_MAX_STRATEGIES);
      if (live->have_last)
        {
          g_assert_cmpfloat (sample.t_s, >=, live->last.t_s);
          g_assert_cmpfloat (sample.progress, >=, live->last.progress - 1e-9);
        }
      /* Counters are cumulative per strategy, so interleaved strategies are compared with their
       * own previous sample. */
      if (live->have_last_of[sample.strategy])
        {
          const PsSample *prev = &live->last_of[sample.strategy];

          g_assert_cmpuint (sample.tasks_completed, >=, prev->tasks_completed);
          g_assert_cmpuint (sample.segment, >=, prev->segment);
          g_assert_cmpuint (sample.bytes_copied, >=, prev->bytes_copied);
        }
      live->last_of[sample.strategy] = sample;
      live->have_last_of[sample.strategy] = TRUE;
      live->last = sample;
      live->have_last = TRUE;
      live->n_samples++;
      live->max_sample_segment = MAX (live->max_sample_segment, sample.segment);
      live->max_tasks_seen = MAX (live->max_tasks_seen, sample.tasks_completed);
    }
}

/* Waits, draining samples, until segment @index is open (by event or by sample); returns FALSE
 * when the run finished or the time ran out first. */
static gboolean
live_wait_segment (Live *live, unsigned index)
{
  gint64 deadline = g_get_monotonic_time () + REACT_TIMEOUT_US;

  while (g_get_monotonic_time () < deadline)
    {
      live_drain (live);
      if ((unsigned) g_atomic_int_get (&live->max_segment) >= index
          || live->max_sample_segment >= index)
        return TRUE;
      if (ps_run_is_finished (live->run))
        return FALSE;
      g_usleep (500);
    }
  return FALSE;
}

/* Waits, draining samples, until a sample shows at least @tasks tasks completed. */
static void
live_wait_tasks (Live *live, guint64 tasks)
{
  gint64 deadline = g_get_monotonic_time () + REACT_TIMEOUT_US;

  while (live->max_tasks_seen < tasks)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_false (ps_run_is_finished (live->run));
      live_drain (live);
      g_usleep (1000);
    }
}

/* ps_run_wait, timed. */
static double
live_wait (Live *live, int expected_rc)
{
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpstr (ps_err_name (ps_run_wait (live->run)), ==, ps_err_name (expected_rc));
  g_assert_true (ps_run_is_finished (live->run));
  live_drain (live);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* ---- Knob changes ---------------------------------------------------------------------- */

#define MAX_CHANGES 3

typedef struct
{
  const char *strategy;
  PsKnob knob;                   /* also set to initial before the run */
  double initial;
  double values[MAX_CHANGES];    /* 0 ends the list */
} KnobCase;

static const KnobCase knob_cases[] = {
  { "queue", PS_KNOB_THREADS, 1, { 2, 1 } },
  { "pinned", PS_KNOB_THREADS, 1, { 2, 1 } },
  { "pinned", PS_KNOB_THREADS, 2, { 3, 1 } },
  /* pinned's lanes are split by tenant: a new tenant count moves ids between threads. */
  { "pinned", PS_KNOB_TENANTS, 3, { 7, 2 } },
  { "sticky+thread-local", PS_KNOB_THREADS, 1, { 2, 1 } },
  { "steal", PS_KNOB_THREADS, 1, { 2, 1 } },
  { "shared", PS_KNOB_THREADS, 1, { 2, 1 } },
  { "batched", PS_KNOB_THREADS, 1, { 2, 1 } },
  { "legacy", PS_KNOB_THREADS, 1, { 2, 1 } },
  { "shared", PS_KNOB_ISOLATES, 4, { 1 } },
  { "pinned", PS_KNOB_ISOLATES, 4, { 1 } },
  { "queue", PS_KNOB_PAYLOAD, 1024, { 16384, 256 } },
  { "shared", PS_KNOB_PAYLOAD, 1024, { 16384, 256 } },
};

/* A run long enough for a few knob changes: ~0.4 s on one thread. */
static void
long_scenario (PsScenario *s, const char *strategy)
{
  pst_scenario_init_one (s, strategy);
  s->tasks = 40000;
  s->warmup_tasks = 0;
  s->work_ns = 10000;
  s->threads = 2;
  /* Fresh isolates build their heap per task; a small one keeps `legacy` as fast as the rest
   * (building 64 KiB per task costs ~1 ms under ThreadSanitizer). */
  s->isolate_heap_bytes = 4096;
}

static void
test_knob_changes (gconstpointer data)
{
  const KnobCase *c = data;
  const PsKnobInfo *info = ps_knob_info (c->knob);
  PsScenario s;
  Live live;
  const PsReport *report;
  const PsStrategyReport *sr;
  PsResult sum;
  unsigned n_changes = 0;
  /* Payload and tenants go into each result; threads and pool sizes do not. */
  gboolean workload_unchanged = c->knob != PS_KNOB_PAYLOAD && c->knob != PS_KNOB_TENANTS;

  long_scenario (&s, c->strategy);
  g_assert_cmpint (ps_knob_set (&s, c->knob, c->initial), ==, 0);
  live_start (&live, &s);
  /* Change only once tasks are flowing, so the first segment is not empty. */
  live_wait_tasks (&live, 1);

  for (; n_changes < MAX_CHANGES && c->values[n_changes] != 0; n_changes++)
    {
      g_test_message ("%s: %s = %g", c->strategy, info->name, c->values[n_changes]);
      g_assert_cmpstr (ps_err_name (ps_run_set_knob (live.run, c->knob, c->values[n_changes])),
                       ==, ps_err_name (0));
      if (!live_wait_segment (&live, n_changes + 1))
        g_error ("segment %u never opened after %s = %g", n_changes + 1, info->name,
                 c->values[n_changes]);
      /* Let the new segment run some tasks before the next change. */
      live_wait_tasks (&live, live.max_tasks_seen + 200);
    }

  live_wait (&live, 0);
  report = ps_run_get_report (live.run);
  g_assert_nonnull (report);
  g_assert_true (report->completed);
  sr = &report->strategies[0];

  /* Every task once, across every thread count and pool size the run went through. */
  pst_assert_exactly_once (sr, s.tasks);
  g_assert_cmpuint (sr->total.tasks_completed, ==, s.tasks);

  /* One segment for the start and exactly one for each change, in order. */
  g_assert_cmpuint (sr->n_segments, ==, 1 + n_changes);
  g_assert_cmpint (sr->segments[0].changed_knob, ==, PS_KNOB_COUNT);
  for (unsigned k = 0; k < sr->n_segments; k++)
    {
      const PsSegment *seg = &sr->segments[k];
      double in_force = k == 0 ? c->initial : c->values[k - 1];

      g_assert_cmpuint (seg->index, ==, k);
      g_assert_false (seg->warmup);
      if (k > 0)
        {
          g_assert_cmpint (seg->changed_knob, ==, c->knob);
          g_assert_cmpfloat (seg->changed_value, ==, c->values[k - 1]);
          g_assert_cmpfloat (seg->start_s, >=, sr->segments[k - 1].start_s);
        }
      g_assert_cmpfloat (ps_knob_get (&seg->scenario, c->knob), ==, in_force);
      pst_assert_result_consistent (&seg->result);
      if (c->knob == PS_KNOB_THREADS)
        g_assert_cmpuint (seg->result.n_threads, ==, (unsigned) in_force);
      /* Copy mode: each segment copied its own payload size once per task. */
      if (s.transfer == PS_TRANSFER_COPY)
        g_assert_cmpuint (seg->result.bytes_copied, ==,
                          seg->result.tasks_completed * seg->scenario.payload_bytes);
    }
  pst_sum_segments (sr, FALSE, &sum);
  g_assert_cmpuint (sum.tasks_completed, ==, sr->total.tasks_completed);
  g_assert_cmpuint (sum.checksum, ==, sr->total.checksum);
  g_assert_cmpuint (sum.bytes_copied, ==, sr->total.bytes_copied);

  if (workload_unchanged)
    {
      /* Threads and pool sizes must not change what the tasks compute. */
      PsScenario ref = s;
      PsReport *single;

      ref.n_strategies = 0;
      pst_scenario_add_strategy (&ref, "single");
      single = pst_run (&ref);
      g_assert_cmpuint (sr->total.checksum, ==, single->strategies[0].total.checksum);
      ps_report_free (single);
    }

  /* The run is over: knobs can no longer change. */
  g_assert_cmpstr (ps_err_name (ps_run_set_knob (live.run, PS_KNOB_THREADS, 2)), ==,
                   ps_err_name (PS_ESTATE));
  ps_run_free (live.run);
}

/* ---- Refused changes --------------------------------------------------------------------- */

static void
test_bad_knob (gconstpointer data)
{
  PsScenario s;
  Live live;
  const PsReport *report;

  long_scenario (&s, "pinned");
  s.tasks = 20000;
  live_start (&live, &s);
  live_wait_tasks (&live, 1);

  /* Out of range, not a number, or not a live knob: refused, and the run goes on unchanged. */
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_THREADS, 0), ==, PS_EINVAL);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_THREADS, PS_MAX_THREADS + 1), ==,
                   PS_EINVAL);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_THREADS, 1.5), ==, PS_EINVAL);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_ISOLATES, 0), ==, PS_EINVAL);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_ISOLATES, PS_MAX_ISOLATES + 1), ==,
                   PS_EINVAL);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_SKEW, -1.0), ==, PS_EINVAL);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_SKEW, NAN), ==, PS_EINVAL);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_TRANSFER, PS_TRANSFER_COUNT), ==,
                   PS_EINVAL);
  g_assert_false (ps_knob_info (PS_KNOB_TASKS)->live);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_TASKS, 10), ==, PS_EINVAL);
  g_assert_false (ps_knob_info (PS_KNOB_SEED)->live);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_SEED, 5), ==, PS_EINVAL);
  /* Not a knob at all: any error will do, as long as nothing changes. */
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_COUNT, 1), <, 0);
  g_assert_cmpint (ps_run_set_knob (live.run, (PsKnob) -1, 1), <, 0);

  live_wait (&live, 0);
  report = ps_run_get_report (live.run);
  g_assert_nonnull (report);
  g_assert_true (report->completed);
  g_assert_cmpuint (report->strategies[0].n_segments, ==, 1);
  g_assert_cmpuint (report->strategies[0].segments[0].scenario.threads, ==, s.threads);
  pst_assert_strategy_complete (report, 0, NULL);
  ps_run_free (live.run);
}

/* ---- Samples ----------------------------------------------------------------------------- */

static void
test_samples_ordered (gconstpointer data)
{
  const PsOrder order = GPOINTER_TO_INT (data);
  PsScenario s;
  Live live;
  const PsReport *report;

  pst_scenario_init (&s);
  pst_scenario_add_strategy (&s, "queue");
  pst_scenario_add_strategy (&s, "pinned");
  s.order = order;
  s.interleave_ns = 20 * 1000 * 1000;
  s.tasks = 8000;
  s.warmup_tasks = 500;
  s.work_ns = 20000;
  live_start (&live, &s);

  /* Drain as a window would, a few times per sample period, until the end. */
  while (!ps_run_is_finished (live.run))
    {
      live_drain (&live);
      g_usleep (3000);
    }
  live_wait (&live, 0);
  report = ps_run_get_report (live.run);
  g_assert_nonnull (report);
  g_test_message ("%" G_GUINT64_FORMAT " samples, %" G_GUINT64_FORMAT " dropped",
                  live.n_samples, report->samples_dropped);
  /* A run of ~0.2 s or more sampled every 10 ms leaves several samples. */
  g_assert_cmpuint (live.n_samples, >=, 3);
  g_assert_cmpuint (live.max_tasks_seen, <=, s.tasks + s.warmup_tasks);
  /* The event may trail the report by a moment: it comes from the controller thread. */
  for (int i = 0; i < 1000 && g_atomic_int_get (&live.finished_events) == 0; i++)
    g_usleep (1000);
  g_assert_cmpint (g_atomic_int_get (&live.finished_events), ==, 1);
  for (unsigned i = 0; i < report->n_strategies; i++)
    pst_assert_strategy_complete (report, i, NULL);
  ps_run_free (live.run);
}

/* ---- Stopping ---------------------------------------------------------------------------- */

typedef struct
{
  const char *strategy;
  guint64 io_delay_ns;
} StopCase;

static const StopCase stop_cases[] = {
  { "single", 0 }, { "spawn", 0 }, { "legacy", 0 }, { "shared", 0 }, { "pinned", 0 },
  { "queue", 0 }, { "steal", 0 }, { "batched", 0 },
  { "pinned", 5000000 }, { "shared", 5000000 }, { "batched", 5000000 },
};

static void
test_stop (gconstpointer data)
{
  const StopCase *c = data;
  PsScenario s;
  Live live;
  const PsReport *report;
  const PsStrategyReport *sr;
  guint64 completed, slack;
  double took;

  /* Far more work than the test waits for: only the stop can end it in time. */
  long_scenario (&s, c->strategy);
  s.tasks = 1000000;
  s.work_ns = 20000;
  s.io_delay_ns = c->io_delay_ns;
  s.inflight = c->io_delay_ns ? 3 : 1;
  live_start (&live, &s);
  live_wait_tasks (&live, 50);

  ps_run_stop (live.run);
  took = live_wait (&live, PS_ECANCELED);
  g_test_message ("%s: stopped in %.3f s", c->strategy, took);
  g_assert_cmpfloat (took, <=, STOP_BOUND_S);

  report = ps_run_get_report (live.run);
  g_assert_nonnull (report);
  g_assert_false (report->completed);
  sr = &report->strategies[0];
  completed = sr->total.tasks_completed;
  g_assert_cmpuint (completed, >=, 50);
  g_assert_cmpuint (completed, <, s.tasks);
  pst_assert_result_consistent (&sr->total);
  for (unsigned k = 0; k < sr->n_segments; k++)
    pst_assert_result_consistent (&sr->segments[k].result);

  /* No task ran twice; tasks still open when the stop came may have run without being counted
   * as completed, at most the requests every thread keeps in flight. */
  slack = (guint64) s.threads * s.inflight;
  g_assert_cmpuint (sr->n_task_runs, ==, s.tasks);
  pst_assert_at_most_once (sr, completed, completed + slack);

  ps_run_free (live.run);
}

/* Starts far more tasks of @strategy than any test waits for: only a stop or a free ends it. */
static void
live_start_endless (Live *live, PsScenario *s, const char *strategy)
{
  long_scenario (s, strategy);
  s->tasks = 1000000;
  live_start (live, s);
}

/* A segment's peak isolate memory is its own: after --isolates drops from 4 to 1 per thread, the
 * new segment's peak holds 2 isolates, not the 8 the first segment held through their I/O (the
 * peak once carried over from the warm-up and earlier knob values). */
static void
test_peak_per_segment (gconstpointer data)
{
  PsScenario s;
  Live live;
  const PsStrategyReport *sr;

  long_scenario (&s, "pinned");
  s.tasks = 4000;
  s.isolates = 4;
  s.inflight = 4;
  s.io_delay_ns = 1000000;
  s.io_while_holding = TRUE;
  s.work_ns = 1000;
  live_start (&live, &s);
  live_wait_tasks (&live, 400);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_ISOLATES, 1), ==, 0);
  live_wait (&live, 0);
  sr = &ps_run_get_report (live.run)->strategies[0];
  g_assert_cmpuint (sr->n_segments, ==, 2);

  guint64 first = sr->segments[0].result.peak_isolate_bytes;
  guint64 second = sr->segments[1].result.peak_isolate_bytes;
  g_test_message ("peak: %" G_GUINT64_FORMAT " then %" G_GUINT64_FORMAT " bytes", first, second);
  g_assert_cmpuint (sr->segments[1].scenario.isolates, ==, 1);
  /* Both slots held four isolates at once at some point of the first segment's I/O. */
  g_assert_cmpuint (second, >, 0);
  g_assert_cmpuint (first, >=, 3 * second);
  g_assert_cmpuint (sr->total.peak_isolate_bytes, ==, MAX (first, second));
  ps_run_free (live.run);
}

/* Two knobs changed while one strategy ran its slice: the strategy waiting for its slice must
 * still learn of both, and each change is reported once per strategy under one serial. (Once only
 * the last change reached a waiting strategy's next segment.) */
static void
test_two_changes_one_slice (gconstpointer data)
{
  PsScenario s;
  Live live;
  const PsReport *report;

  long_scenario (&s, "single");
  pst_scenario_add_strategy (&s, "queue");
  s.order = PS_ORDER_INTERLEAVED;
  s.interleave_ns = 100000000;
  s.tasks = 20000;
  live_start (&live, &s);
  live_wait_tasks (&live, 200);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_WORK, 5000), ==, 0);
  g_assert_cmpint (ps_run_set_knob (live.run, PS_KNOB_PAYLOAD, 2048), ==, 0);
  live_wait (&live, 0);
  report = ps_run_get_report (live.run);

  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsStrategyReport *sr = &report->strategies[i];
      guint64 serials[3] = { 0 };
      unsigned seen[PS_KNOB_COUNT] = { 0 };

      for (unsigned k = 0; k < sr->n_segments; k++)
        {
          const PsSegment *seg = &sr->segments[k];

          if (seg->n_changes > 0)
            {
              g_assert_cmpint (seg->changed_knob, ==, seg->changes[seg->n_changes - 1].knob);
              g_assert_cmpfloat (seg->changed_value, ==, seg->changes[seg->n_changes - 1].value);
            }
          else
            g_assert_cmpint (seg->changed_knob, ==, PS_KNOB_COUNT);
          for (unsigned c = 0; c < seg->n_changes; c++)
            {
              const PsKnobChange *change = &seg->changes[c];
              g_test_message ("%s segment %u: %s = %g (change %" G_GUINT64_FORMAT ")",
                              sr->strategy.name, k, ps_knob_info (change->knob)->name,
                              change->value, change->serial);
              seen[change->knob]++;
              g_assert_cmpuint (change->serial, >=, 1);
              g_assert_cmpuint (change->serial, <=, 2);
              serials[change->serial] = change->knob;
            }
          /* Once both changes are in, every later segment runs with both. */
          if (seen[PS_KNOB_WORK] && seen[PS_KNOB_PAYLOAD])
            {
              g_assert_cmpuint (seg->scenario.work_ns, ==, 5000);
              g_assert_cmpuint (seg->scenario.payload_bytes, ==, 2048);
            }
        }
      g_assert_cmpuint (seen[PS_KNOB_WORK], ==, 1);
      g_assert_cmpuint (seen[PS_KNOB_PAYLOAD], ==, 1);
      g_assert_cmpuint (serials[1], ==, PS_KNOB_WORK);
      g_assert_cmpuint (serials[2], ==, PS_KNOB_PAYLOAD);
    }
  ps_run_free (live.run);
}

static void
test_stop_twice (gconstpointer data)
{
  PsScenario s;
  Live live;

  live_start_endless (&live, &s, "queue");
  live_wait_tasks (&live, 1);
  ps_run_stop (live.run);
  ps_run_stop (live.run);
  live_wait (&live, PS_ECANCELED);
  /* Once more after the end: still harmless. */
  ps_run_stop (live.run);
  g_assert_false (ps_run_get_report (live.run)->completed);
  ps_run_free (live.run);
}

static void
test_free_while_running (gconstpointer data)
{
  PsScenario s;
  Live live;

  live_start_endless (&live, &s, "steal");
  live_wait_tasks (&live, 1);
  /* ps_run_free stops the run itself and joins every thread (ASan checks nothing leaks). */
  ps_run_free (live.run);
}

static void
test_never_started (gconstpointer data)
{
  PsScenario s;
  PsRun *run = NULL;

  long_scenario (&s, "pinned");
  g_assert_cmpint (ps_run_new (&s, NULL, NULL, &run), ==, 0);
  g_assert_nonnull (run);
  g_assert_false (ps_run_is_finished (run));
  g_assert_null (ps_run_get_report (run));
  ps_run_free (run);

  /* A stop before the start must not leave anything behind either. */
  g_assert_cmpint (ps_run_new (&s, NULL, NULL, &run), ==, 0);
  ps_run_stop (run);
  ps_run_free (run);
}

static void
test_start_twice (gconstpointer data)
{
  PsScenario s;
  Live live;

  live_start_endless (&live, &s, "pinned");
  g_assert_cmpint (ps_run_start (live.run), ==, PS_ESTATE);
  ps_run_stop (live.run);
  live_wait (&live, PS_ECANCELED);
  g_assert_cmpint (ps_run_start (live.run), ==, PS_ESTATE);
  ps_run_free (live.run);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (knob_cases); i++)
    {
      const KnobCase *c = &knob_cases[i];
      g_autofree char *path = g_strdup_printf ("/engine/live/%s/%s-changes-from-%g", c->strategy,
                                               ps_knob_info (c->knob)->name, c->initial);

      pst_add_trapped (path, c, test_knob_changes, PST_TIMEOUT_US);
    }
  pst_add_trapped ("/engine/live/bad-knob-refused", NULL, test_bad_knob, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/live/samples-ordered/sequential",
                   GINT_TO_POINTER (PS_ORDER_SEQUENTIAL), test_samples_ordered, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/live/samples-ordered/interleaved",
                   GINT_TO_POINTER (PS_ORDER_INTERLEAVED), test_samples_ordered, PST_TIMEOUT_US);
  for (guint i = 0; i < G_N_ELEMENTS (stop_cases); i++)
    {
      const StopCase *c = &stop_cases[i];
      g_autofree char *path = g_strdup_printf ("/engine/live/%s/stop%s", c->strategy,
                                               c->io_delay_ns ? "-during-io" : "");

      pst_add_trapped (path, c, test_stop, PST_TIMEOUT_US);
    }
  pst_add_trapped ("/engine/live/stop-twice", NULL, test_stop_twice, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/live/peak-per-segment", NULL, test_peak_per_segment, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/live/two-changes-one-slice", NULL, test_two_changes_one_slice,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/live/free-while-running", NULL, test_free_while_running,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/live/never-started", NULL, test_never_started, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/live/start-twice", NULL, test_start_twice, PST_TIMEOUT_US);

  return g_test_run ();
}
