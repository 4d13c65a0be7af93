/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-engine.c: sweeps over the real engine. Invariants only, never speed-ups: a copied
 * payload costs more per task as it grows, a moved one does not (loosely, by slope). */
#include <glib.h>
#include <math.h>
#include <string.h>

#include <uv.h>

#include "ps-engine.h"

/* A short sweep of one strategy over the payload, with its transfer mode. */
static PsSweep *
payload_sweep (PsTransfer transfer)
{
  PsSweepConfig config;
  PsSweep *sweep = NULL;
  PsValidation why = { 0 };
  int rc;

  ps_sweep_config_init (&config);
  config.base.n_strategies = 1;
  g_assert_cmpint (ps_strategy_parse ("single", &config.base.strategies[0]), ==, 0);
  config.base.transfer = transfer;
  config.base.work_ns = 2000;
  config.from = 64;
  config.to = 1 << 20;
  config.points = 5;
  config.ci_target = 0.10;
  config.max_reps = 6;
  config.rep_duration_ns = 20 * 1000 * 1000;
  rc = ps_sweep_new (&config, &sweep, &why);
  if (rc != 0)
    g_test_message ("refused: %s", why.message);
  g_assert_cmpint (rc, ==, 0);
  g_assert_cmpint (ps_sweep_run (sweep), ==, 0);
  return sweep;
}

static void
test_copy_grows_move_does_not (void)
{
  if (g_test_subprocess ())
    {
      PsSweep *copy = payload_sweep (PS_TRANSFER_COPY);
      PsSweep *move = payload_sweep (PS_TRANSFER_MOVE);
      const PsSweepSeries *c = &ps_sweep_get_report (copy)->series[0];
      const PsSweepSeries *m = &ps_sweep_get_report (move)->series[0];

      g_assert_cmpuint (c->n_points, ==, 5);
      g_assert_cmpuint (m->n_points, ==, 5);
      for (unsigned p = 0; p < c->n_points; p++)
        {
          g_test_message ("%.0f B: copy %.3g s/task (%u reps), move %.3g s/task (%u reps)",
                          c->points[p].x, c->points[p].mean_s, c->points[p].reps,
                          m->points[p].mean_s, m->points[p].reps);
          g_assert_true (c->points[p].has_result);
          g_assert_cmpuint (c->points[p].result.tasks_completed, >, 0);
          g_assert_cmpuint (c->points[p].reps, >=, 3);
          g_assert_cmpfloat (c->points[p].ci_low, <=, c->points[p].mean_s);
        }
      /* Copying 1 MiB per task must cost more than copying 64 B. */
      g_assert_cmpfloat (c->points[4].mean_s, >, 1.5 * c->points[0].mean_s);
      g_assert_true (c->fits.has_linear);
      g_assert_true (m->fits.has_linear);
      g_assert_cmpfloat (c->fits.linear.slope, >, 0);
      /* Moving hands the buffer over: its cost per byte is a small fraction of copying's. */
      g_assert_cmpfloat (m->fits.linear.slope, <, 0.25 * c->fits.linear.slope);
      /* Bytes copied are counted for copy and not for move. */
      g_assert_cmpuint (c->points[4].result.bytes_copied, >, 0);
      g_assert_cmpuint (m->points[4].result.bytes_copied, <, c->points[4].result.bytes_copied);
      ps_sweep_free (copy);
      ps_sweep_free (move);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A thread sweep of a pool against single, with a crossing search and the scaling fits where
 * they apply. */
static void
test_threads_sweep (void)
{
  if (g_test_subprocess ())
    {
      PsSweepConfig config;
      PsSweep *sweep = NULL;
      const PsSweepReport *report;

      ps_sweep_config_init (&config);
      config.base.n_strategies = 1;
      g_assert_cmpint (ps_strategy_parse ("pinned", &config.base.strategies[0]), ==, 0);
      config.base.payload_bytes = 256;
      /* Thread counts, not copies, are this sweep's subject: a hot source spares every
       * repetition building 64 MiB (3× slower under ThreadSanitizer). */
      config.base.payload_source = PS_PAYLOAD_SOURCE_HOT;
      config.base.work_ns = 20000;
      config.knob = PS_KNOB_THREADS;
      config.spacing = PS_SWEEP_LIST;
      config.n_values = 3;
      config.values[0] = 1;
      config.values[1] = 2;
      config.values[2] = 4;
      config.ci_target = 0.10;
      config.max_reps = 5;
      config.rep_duration_ns = 20 * 1000 * 1000;
          g_assert_cmpint (ps_sweep_new (&config, &sweep, NULL), ==, 0);
      g_assert_cmpint (ps_sweep_run (sweep), ==, 0);
      report = ps_sweep_get_report (sweep);
      g_assert_cmpuint (report->n_series, ==, 2);
      g_assert_cmpuint (report->reference, ==, 1);
      /* The scaling fits use only the thread counts that each have a core on this machine,
       * and need 3 of them: on 2 cores there is no fit, and the report says why. */
      const PsSweepFits *fits = &report->series[0].fits;
      unsigned cores = uv_available_parallelism (), within = 0;
      for (unsigned i = 0; i < report->series[0].n_points; i++)
        within += report->series[0].points[i].x <= cores;
      g_assert_cmpuint (fits->scaling_points, ==, within);
      g_assert_cmpint (fits->has_amdahl, ==, within >= 3);
      g_assert_cmpint (fits->scaling_skipped == NULL, ==, within >= 3);
      if (fits->has_usl)
        {
          g_assert_cmpfloat (fits->usl.sigma, >=, 0);
          g_assert_cmpfloat (fits->usl.kappa, >=, 0);
        }
      /* single ignores the thread count. */
      g_assert_false (report->series[1].fits.has_amdahl);
      for (unsigned i = 0; i < report->n_crossings; i++)
        {
          g_assert_cmpfloat (report->crossings[i].x_low, <=, report->crossings[i].x);
          g_assert_cmpfloat (report->crossings[i].x, <=, report->crossings[i].x_high);
          g_assert_cmpuint (report->crossings[i].extra_points, <=, 6);
        }
      ps_sweep_free (sweep);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* What the engine itself refuses (the memory limit) comes back as the sweep's refusal. */
static void
test_engine_refusals (void)
{
  PsSweepConfig config;
  PsValidation why = { 0 };

  ps_sweep_config_init (&config);
  config.base.isolates = 4096;
  config.base.threads = 64;
  config.knob = PS_KNOB_HEAP;
  config.from = 64 << 10;
  config.to = 1 << 30;
  g_assert_cmpint (ps_sweep_validate (&config, &why), !=, 0);
  g_test_message ("refused: %s", why.message);
  g_assert_cmpuint (strlen (why.message), >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep/engine/copy-grows-move-does-not", test_copy_grows_move_does_not);
  g_test_add_func ("/sweep/engine/threads", test_threads_sweep);
  g_test_add_func ("/sweep/engine/refusals", test_engine_refusals);
  return g_test_run ();
}
