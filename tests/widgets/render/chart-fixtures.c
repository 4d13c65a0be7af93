/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart-fixtures.c: plausible Poolscope data, generated from fixed seeds. */
#define G_LOG_DOMAIN "chart-fixtures"

#include "chart-fixtures.h"

#include <math.h>

static const char *strategies[] = { "single", "pinned", "shared", "steal", "queue", "spawn" };

/* Throughput of a few strategies over a 60 s run sampled at 10 Hz (or denser for big n), with a
 * warm-up and a knob change half way. */
PsChartModel *
chart_fixture_time_series (guint n_series, gsize n_points)
{
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_TIME_SERIES);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  double duration = 60.0;

  ps_chart_model_set_title (model, "Throughput");
  ps_chart_model_set_subtitle (model, "8 threads · payload 64 KiB · work 20 µs · seed 42");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_SECONDS,
                           "time");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_RATE,
                           "throughput");
  for (guint s = 0; s < n_series; s++)
    {
      guint id = ps_chart_model_add_series (model, strategies[s % G_N_ELEMENTS (strategies)]);
      double level = 9000.0 + 5200.0 * s;

      for (gsize i = 0; i < n_points; i++)
        {
          double t = duration * i / MAX (n_points - 1, 1);
          double ramp = t < 3.0 ? t / 3.0 : 1.0;
          double knob = t > 30.0 ? 1.0 + 0.35 * (s % 2) : 1.0;
          double noise = g_rand_double_range (rand, -0.06, 0.06);

          ps_chart_model_append (model, id, t, level * ramp * knob * (1 + noise));
        }
    }
  ps_chart_model_set_warmup (model, 0.0, 3.0);
  ps_chart_model_add_marker (model, 30.0, "threads 4 → 8");
  return model;
}

/* Time per task against payload size (log x), with confidence bands, a USL-style model curve and
 * the break-even where pinned overtakes single. */
PsChartModel *
chart_fixture_sweep (void)
{
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_XY);
  guint single, pinned, shared, fit;

  ps_chart_model_set_title (model, "Time per task against payload size");
  ps_chart_model_set_subtitle (model, "sweep payload 1 KiB – 4 MiB · 8 threads · 5 repeats");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X, PS_CHART_SCALE_LOG, PS_CHART_UNIT_BYTES,
                           "payload");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS,
                           "time per task");
  single = ps_chart_model_add_series (model, "single");
  pinned = ps_chart_model_add_series (model, "pinned");
  shared = ps_chart_model_add_series (model, "shared");
  ps_chart_model_set_interval_style (model, shared, PS_CHART_INTERVAL_WHISKERS);
  fit = ps_chart_model_add_model_curve (model, "pinned, USL fit", pinned);
  for (double b = 1024; b <= 4 * 1048576; b *= 2)
    {
      double kib = b / 1024.0;
      /* single copies the payload, pinned moves it: they cross at 48 KiB. */
      double t_single = 20e-6 + kib * 1.2e-6;
      double t_pinned = 60e-6 + kib * (1.2e-6 - 40.0 / 48.0 * 1e-6);
      double t_shared = 75e-6 + kib * 0.6e-6;

      ps_chart_model_append_interval (model, single, b, t_single, t_single * 0.93,
                                      t_single * 1.07);
      ps_chart_model_append_interval (model, pinned, b, t_pinned, t_pinned * 0.9,
                                      t_pinned * 1.1);
      ps_chart_model_append_interval (model, shared, b, t_shared, t_shared * 0.88,
                                      t_shared * 1.12);
    }
  for (double b = 1024; b <= 4 * 1048576; b *= 1.25)
    ps_chart_model_append (model, fit, b, 57e-6 + b / 1024.0 * 0.37e-6);
  ps_chart_model_add_break_even (model, 48 * 1024, 40 * 1024, 60 * 1024,
                                 "pinned beats single above 48 KiB");
  return model;
}

PsChartModel *
chart_fixture_bars (void)
{
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_BARS);

  ps_chart_model_set_title (model, "Throughput by strategy");
  ps_chart_model_set_subtitle (model, "8 threads · payload 64 KiB · whiskers: p50–p99 rate");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_RATE,
                           "throughput");
  ps_chart_model_add_bar (model, "single", 11800, 10900, 12300);
  ps_chart_model_add_bar (model, "pinned", 41500, 38000, 43900);
  ps_chart_model_add_bar (model, "shared", 17200, 12100, 19800);
  ps_chart_model_add_bar (model, "steal", 39800, 36200, 42500);
  ps_chart_model_add_bar (model, "spawn", 2600, 2100, 3300);
  return model;
}

/* Wait share over a run for three strategies, behind it the contention regimes. */
PsChartModel *
chart_fixture_contention (void)
{
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_TIME_SERIES);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  static const double levels[] = { 2.0, 22.0, 71.0 };
  static const char *names[] = { "pinned", "queue", "shared" };

  ps_chart_model_set_title (model, "Lock contention");
  ps_chart_model_set_subtitle (model, "wait share · 16 threads · 4 isolates · seed 7");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_SECONDS,
                           "time");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_PERCENT,
                           "wait share");
  ps_chart_model_set_regime_backdrop (model, TRUE);
  for (guint s = 0; s < G_N_ELEMENTS (levels); s++)
    {
      guint id = ps_chart_model_add_series (model, names[s]);
      for (guint i = 0; i <= 300; i++)
        {
          double v = levels[s] * (1 + g_rand_double_range (rand, -0.15, 0.15));
          ps_chart_model_append (model, id, i * 0.1, CLAMP (v, 0, 100));
        }
    }
  return model;
}
