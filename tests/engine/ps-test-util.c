/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-test-util.c: scenario builders and invariant checks shared by the engine's test suites. */
#include "ps-test-util.h"

#include <math.h>
#include <string.h>

/* Internal: how many chunks the input has, which is what capture-whole copies per task. */
#include "ps-workload.h"

typedef struct
{
  gconstpointer data;
  GTestDataFunc body;
  guint64 timeout_us;
} PstTrapped;

static void
pst_trapped_run (gconstpointer user_data)
{
  const PstTrapped *t = user_data;

  if (g_test_subprocess ())
    {
      t->body (t->data);
      return;
    }

  /* A failed child marks this test failed without aborting the parent, so one engine bug does
   * not hide the results of every later test. GLib logs the child's stderr, which carries the
   * assertion and the scenario, on failure. */
  g_test_set_nonfatal_assertions ();
  g_test_trap_subprocess (NULL, t->timeout_us, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

void
pst_add_trapped (const char *path, gconstpointer data, GTestDataFunc body, guint64 timeout_us)
{
  /* Static storage: a subprocess runs one test and exits without freeing GLib's test tree, so
   * heap-allocated closures would read as leaks under LeakSanitizer. */
  static PstTrapped trapped[512];
  static unsigned n_trapped;

  g_assert_cmpuint (n_trapped, <, G_N_ELEMENTS (trapped));
  PstTrapped *t = &trapped[n_trapped++];
  t->data = data;
  t->body = body;
  t->timeout_us = timeout_us;
  g_test_add_data_func (path, t, pst_trapped_run);
}

void
pst_scenario_init (PsScenario *s)
{
  ps_scenario_init_defaults (s);

  /* Small runs: the invariants do not need many tasks, and the suite must stay quick on the
   * 2-core CI machine even under ThreadSanitizer. */
  s->n_strategies = 0;
  s->threads = 2;
  s->isolates = 2;
  s->inflight = 1;
  s->payload_bytes = 1024;
  /* A cold source is twice the last-level cache (64 MiB here), built for every run: under
   * ThreadSanitizer that alone made the exactly-once suite 3× slower. test-input runs cold, and
   * the randomized scenarios pick it one time in four. */
  s->payload_source = PS_PAYLOAD_SOURCE_HOT;
  s->transfer = PS_TRANSFER_COPY;
  s->work_ns = 2000;
  s->io_delay_ns = 0;
  s->tenants = 4;
  s->skew = 0.0;
  s->tasks = 200;
  s->duration_ns = 0;
  s->warmup_tasks = 20;
  s->warmup_ns = 0;
  s->seed = 42;
  s->order = PS_ORDER_SEQUENTIAL;
  s->sample_ns = 10 * 1000 * 1000;
  s->track_tasks = true;
}

void
pst_scenario_add_strategy (PsScenario *s, const char *name)
{
  g_assert_cmpuint (s->n_strategies, <, PS_MAX_STRATEGIES);
  g_assert_cmpint (ps_strategy_parse (name, &s->strategies[s->n_strategies]), ==, 0);
  s->n_strategies++;
}

void
pst_scenario_init_one (PsScenario *s, const char *name)
{
  pst_scenario_init (s);
  pst_scenario_add_strategy (s, name);
}

void
pst_scenario_randomize (PsScenario *s, GRand *rand)
{
  static const guint64 payloads[] = { 0, 1, 64, 1000, 4096, 65536 };

  s->threads = g_rand_int_range (rand, 1, 5);
  s->isolates = g_rand_int_range (rand, 1, 5);

  /* Either one of the sizes where copies change regime, or anything in between. */
  if (g_rand_boolean (rand))
    s->payload_bytes = payloads[g_rand_int_range (rand, 0, G_N_ELEMENTS (payloads))];
  else
    s->payload_bytes = g_rand_int_range (rand, 0, 65537);
  s->transfer = g_rand_int_range (rand, 0, PS_TRANSFER_COUNT);
  /* capture-whole copies the whole input into every task, so its cost grows with tasks²;
   * a smaller payload keeps the case while keeping the suite fast. */
  if (s->transfer == PS_TRANSFER_CAPTURE_WHOLE)
    s->payload_bytes = MIN (s->payload_bytes, 4096);
  s->payload_source = g_rand_int_range (rand, 0, 4) == 0 ? PS_PAYLOAD_SOURCE_COLD
                                                         : PS_PAYLOAD_SOURCE_HOT;

  s->work_ns = g_rand_int_range (rand, 0, 20001);
  s->io_delay_ns = g_rand_boolean (rand) ? 1000 * 1000 : 0;
  s->io_while_holding = s->io_delay_ns > 0 && g_rand_int_range (rand, 0, 4) == 0;
  /* Holding an isolate across I/O with several requests open can deadlock a pool, which the
   * validator rightly refuses, so holding comes with one request at a time. */
  s->inflight = s->io_while_holding ? 1 : g_rand_int_range (rand, 1, 4);
  s->tenants = g_rand_int_range (rand, 1, 17);
  s->skew = g_rand_double_range (rand, 0.0, 1.5);
  s->affinity = g_rand_boolean (rand) ? PS_AFFINITY_TENANT : PS_AFFINITY_ANY;
  s->gil = g_rand_int_range (rand, 0, 4) == 0;
  s->acquire = (PsAcquire) g_rand_int_range (rand, 0, PS_ACQUIRE_COUNT);
  s->spin_ns = g_rand_int_range (rand, 10, 101) * 1000;
  s->create_mode = g_rand_int_range (rand, 0, 4) == 0 ? PS_CREATE_SAME_GROUP : PS_CREATE_NEW_GROUP;
  s->batch_size = g_rand_int_range (rand, 1, 9);
  s->batch_depth = g_rand_int_range (rand, 1, 4);
  /* Interleaved slices switch strategies mid-run: a second chance to lose or repeat a task. */
  s->order = g_rand_int_range (rand, 0, 4) == 0 ? PS_ORDER_INTERLEAVED : PS_ORDER_SEQUENTIAL;
  /* Slices well above a segment's start-up cost, or a slow (sanitized) build spends every
   * slice starting threads. */
  s->interleave_ns = g_rand_int_range (rand, 5, 21) * 1000 * 1000;

  /* At most ~300 task runs per strategy (warm-up included). */
  s->tasks = g_rand_int_range (rand, 40, 261);
  s->warmup_tasks = g_rand_int_range (rand, 0, 41);
  s->seed = g_rand_int (rand);
}

char *
pst_scenario_describe (const PsScenario *s)
{
  GString *str = g_string_new ("strategies=");

  for (unsigned i = 0; i < s->n_strategies; i++)
    g_string_append_printf (str, "%s%s", i ? "," : "", s->strategies[i].name);
  g_string_append_printf (str,
                          " threads=%u isolates=%u inflight=%u batch=%ux%u affinity=%s acquire=%s"
                          " spin_ns=%" G_GUINT64_FORMAT " create=%s payload=%" G_GUINT64_FORMAT
                          " source=%s transfer=%s work_ns=%" G_GUINT64_FORMAT " io_ns=%" G_GUINT64_FORMAT
                          " io_holding=%d gil=%d tenants=%u skew=%.3f tasks=%" G_GUINT64_FORMAT
                          " warmup=%" G_GUINT64_FORMAT " order=%s seed=%" G_GUINT64_FORMAT,
                          s->threads, s->isolates, s->inflight, s->batch_size, s->batch_depth,
                          ps_affinity_name (s->affinity), ps_acquire_name (s->acquire),
                          s->spin_ns, ps_create_mode_name (s->create_mode),
                          s->payload_bytes, s->payload_source == PS_PAYLOAD_SOURCE_COLD ? "cold" : "hot",
                          ps_transfer_name (s->transfer), s->work_ns,
                          s->io_delay_ns, s->io_while_holding, s->gil, s->tenants, s->skew,
                          s->tasks, s->warmup_tasks, ps_order_name (s->order), s->seed);
  return g_string_free (str, FALSE);
}

PsReport *
pst_run (const PsScenario *s)
{
  PsValidation v = { 0 };
  PsReport *report = NULL;
  int rc;
  g_autofree char *description = pst_scenario_describe (s);

  /* The scenario goes to stderr as well: a failing subprocess shows its stderr in the log, and
   * the scenario is what a reader needs to reproduce the failure. */
  g_test_message ("scenario: %s", description);
  if (g_test_subprocess ())
    g_printerr ("scenario: %s\n", description);

  rc = ps_scenario_validate (s, &v);
  if (rc != 0)
    g_printerr ("validation: %s (%s)\n", v.message, ps_err_name (rc));
  g_assert_cmpstr (ps_err_name (rc), ==, ps_err_name (0));

  rc = ps_run_scenario (s, &report);
  g_assert_cmpstr (ps_err_name (rc), ==, ps_err_name (0));
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_strategies, ==, s->n_strategies);
  return report;
}

void
pst_sum_segments (const PsStrategyReport *sr, gboolean with_warmup, PsResult *out)
{
  memset (out, 0, sizeof *out);
  for (unsigned i = 0; i < sr->n_segments; i++)
    {
      const PsResult *r = &sr->segments[i].result;

      if (sr->segments[i].warmup && !with_warmup)
        continue;
      out->tasks_completed += r->tasks_completed;
      out->acquisitions += r->acquisitions;
      out->contended_acquisitions += r->contended_acquisitions;
      out->isolates_created += r->isolates_created;
      out->bytes_copied += r->bytes_copied;
      out->cross_tenant_reuses += r->cross_tenant_reuses;
      /* Unsigned wrap-around is fine: the checksum is a sum modulo 2^64. */
      out->checksum += r->checksum;
    }
}

guint64
pst_per_thread_sum (const PsResult *r)
{
  guint64 sum = 0;

  if (r->n_threads > 0)
    g_assert_nonnull (r->per_thread_tasks);
  for (unsigned t = 0; t < r->n_threads; t++)
    sum += r->per_thread_tasks[t];
  return sum;
}

static void
assert_share (double pct)
{
  g_assert_false (isnan (pct));
  g_assert_cmpfloat (pct, >=, 0.0);
  /* A little slack for rounding in the ratio of two clocks. */
  g_assert_cmpfloat (pct, <=, 100.0 + 1e-6);
}

void
pst_assert_result_consistent (const PsResult *r)
{
  g_assert_cmpuint (r->n_threads, >=, 1);
  g_assert_cmpuint (pst_per_thread_sum (r), ==, r->tasks_completed);
  g_assert_cmpuint (r->contended_acquisitions, <=, r->acquisitions);
  g_assert_cmpuint (r->acquisitions, <=, r->acquire_attempts);
  g_assert_cmpuint (r->steals, <=, r->steal_attempts);
  if (r->tasks_completed > 0)
    {
      /* Jain's index, recomputed here: (Σx)² / (n Σx²), between 1/n and 1. */
      double sum = 0, squares = 0;
      for (unsigned i = 0; i < r->n_threads; i++)
        {
          sum += (double) r->per_thread_tasks[i];
          squares += (double) r->per_thread_tasks[i] * (double) r->per_thread_tasks[i];
        }
      g_assert_cmpfloat (fabs (r->fairness - sum * sum / (r->n_threads * squares)), <, 1e-9);
      g_assert_cmpfloat (r->fairness, >=, 1.0 / r->n_threads - 1e-9);
      g_assert_cmpfloat (r->fairness, <=, 1.0 + 1e-9);
    }
  assert_share (r->wait_share_pct);
  assert_share (r->contended_acq_pct);
  assert_share (r->hold_share_pct);
  assert_share (r->idle_share_pct);
  g_assert_cmpfloat (r->wall_s, >=, 0.0);
  /* The latency bins hold every measured task once, and the median lies in the bin where half
   * of them have been counted. */
  guint64 binned = 0, below = 0;
  for (unsigned b = 0; b < PS_LATENCY_BINS; b++)
    binned += r->latency_bins.counts[b];
  g_assert_cmpuint (binned, ==, r->tasks_completed);
  for (unsigned b = 0; r->tasks_completed > 0 && b < PS_LATENCY_BINS; b++)
    {
      below += r->latency_bins.counts[b];
      if (2 * below >= r->tasks_completed)
        {
          g_assert_cmpfloat (r->latency_us.p50 * 1000, >=, ps_latency_bin_low_ns (b));
          g_assert_cmpfloat (r->latency_us.p50 * 1000, <, ps_latency_bin_low_ns (b + 1));
          break;
        }
    }
  if (r->tasks_completed > 0)
    {
      g_assert_cmpfloat (r->latency_us.p50, <=, r->latency_us.p90);
      g_assert_cmpfloat (r->latency_us.p90, <=, r->latency_us.p99);
      g_assert_cmpfloat (r->latency_us.p99, <=, r->latency_us.p999);
      g_assert_cmpfloat (r->latency_us.p999, <=, r->latency_us.max);
    }
}

void
pst_assert_exactly_once (const PsStrategyReport *sr, guint64 n_ids)
{
  g_assert_cmpuint (sr->n_task_runs, ==, n_ids);
  g_assert_nonnull (sr->task_runs);
  for (guint64 id = 0; id < n_ids; id++)
    {
      if (sr->task_runs[id] != 1)
        g_printerr ("%s: task %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " ran %u times\n",
                    sr->strategy.name, id, n_ids, sr->task_runs[id]);
      g_assert_cmpuint (sr->task_runs[id], ==, 1);
    }
}

void
pst_assert_at_most_once (const PsStrategyReport *sr, guint64 min_runs, guint64 max_runs)
{
  guint64 runs = 0;

  g_assert_nonnull (sr->task_runs);
  for (guint64 id = 0; id < sr->n_task_runs; id++)
    {
      if (sr->task_runs[id] > 1)
        g_printerr ("%s: task %" G_GUINT64_FORMAT " ran %u times\n", sr->strategy.name, id,
                    sr->task_runs[id]);
      g_assert_cmpuint (sr->task_runs[id], <=, 1);
      runs += sr->task_runs[id];
    }
  g_assert_cmpuint (runs, >=, min_runs);
  g_assert_cmpuint (runs, <=, max_runs);
}

/* Bytes copied as ps-workload.h defines them, for @tasks tasks of the scenario's payload. */
static void
assert_bytes_copied (const PsScenario *s, guint64 bytes, guint64 tasks)
{
  switch (s->transfer)
    {
    case PS_TRANSFER_MOVE:
      /* Ownership changes hands: nothing is copied. */
      g_assert_cmpuint (bytes, ==, 0);
      break;
    case PS_TRANSFER_COPY:
      /* The task's own chunk is serialised into the isolate once. */
      g_assert_cmpuint (bytes, ==, tasks * s->payload_bytes);
      break;
    case PS_TRANSFER_CAPTURE_WHOLE:
      /* The closure captures the whole input, every chunk of it, for every task. */
      g_assert_cmpuint (bytes, ==, tasks * s->payload_bytes * PS_INPUT_CHUNKS);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* How many threads of the strategy's kind actually hold thread-local isolates. */
static unsigned
worker_threads (const PsScenario *s, const PsStrategy *strategy)
{
  return strategy->dispatch == PS_DISPATCH_INLINE ? 1 : s->threads;
}

void
pst_assert_strategy_complete (const PsReport *report, unsigned i,
                              const PsStrategyReport *reference)
{
  const PsScenario *s = &report->scenario;
  const PsStrategyReport *sr = &report->strategies[i];
  const PsResult *total = &sr->total;
  PsResult all, measured;

  g_test_message ("checking %s", sr->strategy.name);
  g_assert_true (report->completed);
  pst_assert_exactly_once (sr, s->warmup_tasks + s->tasks);

  g_assert_cmpuint (total->tasks_completed, ==, s->tasks);
  pst_assert_result_consistent (total);
  g_assert_cmpuint (sr->n_segments, >=, 1);
  for (unsigned k = 0; k < sr->n_segments; k++)
    {
      g_assert_cmpuint (sr->segments[k].index, ==, k);
      pst_assert_result_consistent (&sr->segments[k].result);
    }

  /* The totals are the measured segments added up, and the warm-up adds its own tasks. */
  pst_sum_segments (sr, FALSE, &measured);
  pst_sum_segments (sr, TRUE, &all);
  g_assert_cmpuint (measured.tasks_completed, ==, total->tasks_completed);
  g_assert_cmpuint (measured.isolates_created, ==, total->isolates_created);
  g_assert_cmpuint (measured.bytes_copied, ==, total->bytes_copied);
  g_assert_cmpuint (measured.cross_tenant_reuses, ==, total->cross_tenant_reuses);
  g_assert_cmpuint (measured.checksum, ==, total->checksum);
  g_assert_cmpuint (all.tasks_completed, ==, s->warmup_tasks + s->tasks);

  assert_bytes_copied (s, total->bytes_copied, total->tasks_completed);

  /* Isolates: counted over the warm-up too, since a pool built during the warm-up is then only
   * reused by the measured tasks. */
  g_assert_cmpuint (all.isolates_created, >=, 1);
  if (sr->strategy.isolates_mode == PS_ISOLATES_FRESH)
    {
      g_assert_cmpuint (total->isolates_created, ==, total->tasks_completed);
      g_assert_cmpuint (all.isolates_created, ==, all.tasks_completed);
      /* A fresh isolate serves one task: it cannot carry one tenant's state to another. */
      g_assert_cmpuint (all.cross_tenant_reuses, ==, 0);
    }
  else if (s->affinity == PS_AFFINITY_ANY
           && sr->strategy.isolates_mode == PS_ISOLATES_SHARED_POOL)
    {
      g_assert_cmpuint (all.isolates_created, <=, s->isolates);
    }
  else if (s->affinity == PS_AFFINITY_ANY && sr->strategy.dispatch != PS_DISPATCH_SPAWN)
    {
      /* Thread-local without eviction: each worker builds at most its own isolates. A spawned
       * thread lives for one task, so spawn has no such bound. */
      g_assert_cmpuint (all.isolates_created, <=,
                        (guint64) worker_threads (s, &sr->strategy) * s->isolates);
    }
  if (s->affinity == PS_AFFINITY_TENANT)
    g_assert_cmpuint (all.cross_tenant_reuses, ==, 0);

  /* While the measured tasks run at least one isolate is alive, with its whole heap unless the
   * group's heap is shared. */
  if (s->create_mode == PS_CREATE_NEW_GROUP)
    g_assert_cmpuint (total->peak_isolate_bytes, >=, s->isolate_heap_bytes);

  if (reference != NULL)
    {
      if (total->checksum != reference->total.checksum)
        g_printerr ("%s: checksum %" G_GUINT64_FORMAT " differs from %s's %" G_GUINT64_FORMAT
                    "\n", sr->strategy.name, total->checksum, reference->strategy.name,
                    reference->total.checksum);
      g_assert_cmpuint (total->checksum, ==, reference->total.checksum);
    }
}
