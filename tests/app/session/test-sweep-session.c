/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-session.c: PsSweepSession on a plain GLib main loop. Every point the sweep measured
 * reaches the main loop exactly once, with the figures the report keeps; progress only grows and
 * ends at 1; Stop keeps every point measured so far; disposing a session mid-sweep neither hangs
 * nor delivers anything afterwards. Each sweep runs in a subprocess with a timeout. */
#define G_LOG_DOMAIN "test-sweep-session"

#include <string.h>

#include "ps-session.h"
#include "ps-sweep-session.h"

#define MS 1000000ull

typedef struct
{
  GArray *points;           /* Delivered: each point signalled, in order */
  guint n_bisections;       /* points that came with a crossing's bracket */
  guint n_finished;
  int code;
  double last_progress;
  gboolean progress_went_back;
  gboolean stop_after_first;
} Seen;

typedef struct
{
  guint strategy;
  double x;
  double mean_s;
  gboolean bisection;
} Delivered;

/* Two strategies over the work per task: the reference `single` and `queue`, whose hand-off cost
 * is what the work has to pay for. Short repetitions: this is about delivery, not about speed.
 * Whether the two cross in range depends on the machine; /session/sweep/bisection-keeps-progress
 * makes sure of a crossing. */
static void
sweep_config_init (PsSweepConfig *config)
{
  ps_sweep_config_init (config);
  config->base.n_strategies = 1;
  g_assert_cmpint (ps_strategy_parse ("queue", &config->base.strategies[0]), ==, 0);
  config->base.threads = 2;
  config->base.payload_bytes = 256;
  config->base.payload_source = PS_PAYLOAD_SOURCE_HOT;
  config->knob = PS_KNOB_WORK;
  config->spacing = PS_SWEEP_LOG;
  config->from = 1000;
  config->to = 100000;
  config->points = 3;
  config->ci_target = 0.2;
  config->max_reps = 4;
  config->max_extra_points = 2;
  config->rep_duration_ns = 5 * MS;
}

static void
on_point (PsSweepSession        *session,
          guint                  strategy,
          const PsSweepPoint    *point,
          const PsSweepCrossing *crossing,
          Seen                  *seen)
{
  Delivered d = { strategy, point->x, point->mean_s, point->bisection };

  g_assert_true (ps_sweep_session_is_running (session));
  g_assert_cmpfloat (point->ci_low, <=, point->mean_s);
  g_assert_cmpfloat (point->mean_s, <=, point->ci_high);
  g_assert_cmpint (crossing != NULL, ==, point->bisection);
  g_array_append_val (seen->points, d);
  seen->n_bisections += crossing != NULL;
  if (seen->stop_after_first)
    ps_sweep_session_stop (session);
}

static void
on_progress (PsSweepSession *session,
             GParamSpec     *pspec,
             Seen           *seen)
{
  double progress;

  g_object_get (session, "progress", &progress, NULL);
  seen->progress_went_back |= progress < seen->last_progress;
  seen->last_progress = progress;
}

static void
on_finished (PsSweepSession *session,
             int             code,
             Seen           *seen)
{
  g_assert_false (ps_sweep_session_is_running (session));
  g_assert_nonnull (ps_sweep_session_get_report (session));
  seen->n_finished++;
  seen->code = code;
}

static PsSweepSession *
run_to_the_end (const PsSweepConfig *config,
                Seen                *seen)
{
  g_autoptr (GError) error = NULL;
  PsSweepSession *session = ps_sweep_session_new (config, &error);

  g_assert_no_error (error);
  seen->points = g_array_new (FALSE, FALSE, sizeof (Delivered));
  g_signal_connect (session, "point", G_CALLBACK (on_point), seen);
  g_signal_connect (session, "notify::progress", G_CALLBACK (on_progress), seen);
  g_signal_connect (session, "finished", G_CALLBACK (on_finished), seen);
  g_assert_true (ps_sweep_session_start (session, &error));
  g_assert_no_error (error);
  g_assert_true (ps_sweep_session_is_running (session));
  while (seen->n_finished == 0)
    g_main_context_iteration (NULL, TRUE);
  return session;
}

/* Every point of the report was delivered once, with the same figures, and nothing else was. */
static void
assert_delivered_matches_report (const Seen          *seen,
                                 const PsSweepReport *report)
{
  guint n_report = 0;

  for (guint s = 0; s < report->n_series; s++)
    for (guint p = 0; p < report->series[s].n_points; p++)
      {
        const PsSweepPoint *point = &report->series[s].points[p];
        guint found = 0;

        n_report++;
        for (guint i = 0; i < seen->points->len; i++)
          {
            const Delivered *d = &g_array_index (seen->points, Delivered, i);

            if (d->strategy == s && d->x == point->x)
              {
                found++;
                g_assert_cmpfloat (d->mean_s, ==, point->mean_s);
                g_assert_cmpint (d->bisection, ==, point->bisection);
              }
          }
        g_assert_cmpuint (found, ==, 1);
      }
  g_assert_cmpuint (seen->points->len, ==, n_report);
}

static void
test_points_delivered (void)
{
  if (g_test_subprocess ())
    {
      PsSweepConfig config;
      Seen seen = { 0 };
      g_autoptr (PsSweepSession) session = NULL;
      const PsSweepReport *report;

      sweep_config_init (&config);
      session = run_to_the_end (&config, &seen);
      report = ps_sweep_session_get_report (session);
      g_assert_cmpint (seen.code, ==, 0);
      g_assert_cmpint (ps_sweep_session_get_code (session), ==, 0);
      g_assert_true (report->completed);
      g_assert_cmpuint (report->n_series, ==, 2);
      assert_delivered_matches_report (&seen, report);
      /* The grid: 3 values × 2 strategies, then one point per bisection step. */
      g_assert_cmpuint (seen.points->len - seen.n_bisections, ==, 6);
      g_assert_cmpuint (ps_sweep_session_get_grid_done (session), ==, 6);
      g_assert_cmpuint (ps_sweep_session_get_grid_total (session), ==, 6);
      g_assert_false (seen.progress_went_back);
      g_assert_cmpfloat (seen.last_progress, ==, 1.0);
      g_assert_cmpuint (seen.n_finished, ==, 1);
      g_array_unref (seen.points);
      return;
    }
  g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Two straight cost lines that cross at 36 µs of work, as a measure function: the sweep's own
 * logic, bisection included, runs on them exactly, whatever the machine (a real pair's crossing
 * was not there under ThreadSanitizer). Index 0 is the swept strategy, 1 the reference. */
static int
crossing_lines (const PsScenario *scenario,
                unsigned          strategy_index,
                double            x,
                PsSweepSample    *out,
                void             *user_data)
{
  out->seconds_per_task = strategy_index == 0 ? 20e-6 + 0.5e-9 * x : 2e-6 + 1e-9 * x;
  return 0;
}

/* Bisection steps come after the grid and must not take the progress back: they once reset it
 * to 0 of 0, and the window said "Measuring the first point" while bisecting. */
static void
test_bisection_keeps_progress (void)
{
  if (g_test_subprocess ())
    {
      PsSweepConfig config;
      Seen seen = { 0 };
      g_autoptr (PsSweepSession) session = NULL;
      const PsSweepReport *report;

      sweep_config_init (&config);
      config.measure = crossing_lines;
      session = run_to_the_end (&config, &seen);
      report = ps_sweep_session_get_report (session);
      g_assert_cmpint (seen.code, ==, 0);
      g_assert_cmpuint (report->n_crossings, >=, 1);
      g_assert_cmpuint (seen.n_bisections, >, 0);
      assert_delivered_matches_report (&seen, report);
      g_assert_false (seen.progress_went_back);
      g_assert_cmpfloat (seen.last_progress, ==, 1.0);
      g_assert_cmpuint (ps_sweep_session_get_grid_done (session), ==, 6);
      g_array_unref (seen.points);
      return;
    }
  g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_stop_keeps_points (void)
{
  if (g_test_subprocess ())
    {
      PsSweepConfig config;
      Seen seen = { .stop_after_first = TRUE };
      g_autoptr (PsSweepSession) session = NULL;
      const PsSweepReport *report;

      sweep_config_init (&config);
      config.points = 8;
      session = run_to_the_end (&config, &seen);
      report = ps_sweep_session_get_report (session);
      g_assert_cmpint (seen.code, ==, PS_ECANCELED);
      g_assert_false (report->completed);
      /* Stopped after the first point's signal: the sweep may finish the repetition it was in,
       * never the whole grid of 16. */
      g_assert_cmpuint (seen.points->len, >=, 1);
      g_assert_cmpuint (seen.points->len, <, 16);
      assert_delivered_matches_report (&seen, report);
      g_array_unref (seen.points);
      return;
    }
  g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_dispose_mid_sweep (void)
{
  if (g_test_subprocess ())
    {
      PsSweepConfig config;
      PsSweepSession *session;
      gint64 deadline;

      sweep_config_init (&config);
      config.points = 16;
      session = ps_sweep_session_new (&config, NULL);
      g_assert_true (ps_sweep_session_start (session, NULL));
      /* Let some points queue up undelivered, then drop the session: dispose stops and joins
       * the sweep thread, and the queued events find no session (a use after free here is what
       * AddressSanitizer would report). */
      g_usleep (100 * 1000);
      g_object_unref (session);
      deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
      while (g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_refused_config (void)
{
  PsSweepConfig config;
  g_autoptr (GError) error = NULL;
  g_autoptr (PsSweepSession) session = NULL;

  sweep_config_init (&config);
  config.from = 200000;
  config.to = 1000; /* backwards */
  session = ps_sweep_session_new (&config, &error);
  g_assert_null (session);
  g_assert_error (error, PS_SESSION_ERROR, -PS_EINVAL);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "work"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/sweep/points-delivered", test_points_delivered);
  g_test_add_func ("/session/sweep/bisection-keeps-progress", test_bisection_keeps_progress);
  g_test_add_func ("/session/sweep/stop-keeps-points", test_stop_keeps_points);
  g_test_add_func ("/session/sweep/dispose-mid-sweep", test_dispose_mid_sweep);
  g_test_add_func ("/session/sweep/refused-config", test_refused_config);
  return g_test_run ();
}
