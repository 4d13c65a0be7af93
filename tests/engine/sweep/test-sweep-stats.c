/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-stats.c: the statistics behind sweeps, against values worked out by hand. */
#include <glib.h>
#include <math.h>

#include "ps-engine.h"

static void
test_mean_stddev (void)
{
  const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };

  g_assert_cmpfloat_with_epsilon (ps_stats_mean (x, 8), 5.0, 1e-12);
  /* Σ(x − 5)² = 32, sample variance 32/7. */
  g_assert_cmpfloat_with_epsilon (ps_stats_stddev (x, 8), sqrt (32.0 / 7), 1e-12);
  g_assert_cmpfloat (ps_stats_stddev (x, 1), ==, 0);
  g_assert_true (isnan (ps_stats_mean (x, 0)));
}

static void
test_t_quantiles (void)
{
  g_assert_cmpfloat_with_epsilon (ps_stats_t95 (1), 12.7062, 1e-4);
  g_assert_cmpfloat_with_epsilon (ps_stats_t95 (2), 4.3027, 1e-4);
  g_assert_cmpfloat_with_epsilon (ps_stats_t95 (30), 2.0423, 1e-4);
  /* Beyond the table the expansion takes over: published t(40) = 2.0211, t(120) = 1.9799. */
  g_assert_cmpfloat_with_epsilon (ps_stats_t95 (40), 2.0211, 2e-4);
  g_assert_cmpfloat_with_epsilon (ps_stats_t95 (120), 1.9799, 2e-4);
  g_assert_true (isinf (ps_stats_t95 (0)));
  /* The quantile shrinks towards the normal one as the sample grows. */
  for (size_t df = 1; df < 200; df++)
    g_assert_cmpfloat (ps_stats_t95 (df + 1), <, ps_stats_t95 (df));
}

static void
test_summary_ci (void)
{
  const double x[] = { 10, 11, 12 };
  PsStatsSummary s;

  ps_stats_summarize (x, 3, &s);
  g_assert_cmpuint (s.n, ==, 3);
  g_assert_cmpfloat_with_epsilon (s.mean, 11, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.stddev, 1, 1e-12);
  /* t(2) · 1 / √3 */
  g_assert_cmpfloat_with_epsilon (s.ci_half, 4.3027 / sqrt (3), 1e-4);
  g_assert_cmpfloat_with_epsilon (s.ci_low, 11 - s.ci_half, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.ci_high, 11 + s.ci_half, 1e-12);
  g_assert_cmpfloat (s.min, ==, 10);
  g_assert_cmpfloat (s.max, ==, 12);
  g_assert_cmpuint (s.outliers, ==, 0);

  ps_stats_summarize (x, 1, &s);
  g_assert_true (isinf (s.ci_half));
}

static void
test_outliers (void)
{
  const double x[] = { 1.0, 1.1, 0.9, 1.0, 1.05, 0.95, 1.0, 9.0 };
  const double flat[] = { 3, 3, 3, 3 };
  double lo, hi;
  PsStatsSummary s;

  g_assert_cmpuint (ps_stats_tukey_outliers (x, 8, &lo, &hi), ==, 1);
  g_assert_cmpfloat (hi, <, 9.0);
  g_assert_cmpfloat (lo, >, 0.5);
  /* Reported, not hidden: the mean still includes the outlier. */
  ps_stats_summarize (x, 8, &s);
  g_assert_cmpuint (s.outliers, ==, 1);
  g_assert_cmpfloat (s.mean, >, 1.9);
  g_assert_cmpuint (ps_stats_tukey_outliers (flat, 4, NULL, NULL), ==, 0);
  g_assert_cmpuint (ps_stats_tukey_outliers (x, 3, NULL, NULL), ==, 0);
}

static void
test_linear_fit (void)
{
  double x[6], y[6];
  PsLinearFit fit;

  for (int i = 0; i < 6; i++)
    {
      x[i] = 64 << (2 * i);
      y[i] = 3e-6 + 0.25e-9 * x[i];
    }
  g_assert_cmpint (ps_stats_linear_fit (x, y, 6, &fit), ==, 0);
  g_assert_cmpfloat_with_epsilon (fit.slope, 0.25e-9, 1e-15);
  g_assert_cmpfloat_with_epsilon (fit.intercept, 3e-6, 1e-12);
  g_assert_cmpfloat_with_epsilon (fit.r2, 1, 1e-9);

  x[1] = x[2] = x[3] = x[4] = x[5] = x[0];
  g_assert_cmpint (ps_stats_linear_fit (x, y, 6, &fit), ==, -1);
}

static double
usl (double n, double lambda, double sigma, double kappa)
{
  return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

static void
test_usl_fit (void)
{
  double n[8], x[8];
  PsScalingFit fit;

  for (int i = 0; i < 8; i++)
    {
      n[i] = 1 + 4 * i;
      x[i] = usl (n[i], 5e4, 0.08, 0.004);
    }
  g_assert_cmpint (ps_stats_usl_fit (n, x, 8, &fit), ==, 0);
  g_assert_cmpfloat_with_epsilon (fit.lambda, 5e4, 1e-3);
  g_assert_cmpfloat_with_epsilon (fit.sigma, 0.08, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.kappa, 0.004, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.r2, 1, 1e-9);

  /* Linear scaling has no contention and no coherency cost. */
  for (int i = 0; i < 8; i++)
    x[i] = 1000 * n[i];
  g_assert_cmpint (ps_stats_usl_fit (n, x, 8, &fit), ==, 0);
  g_assert_cmpfloat_with_epsilon (fit.sigma, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.kappa, 0, 1e-9);

  g_assert_cmpint (ps_stats_usl_fit (n, x, 2, &fit), ==, -1);
  x[3] = 0;
  g_assert_cmpint (ps_stats_usl_fit (n, x, 8, &fit), ==, -1);
}

static void
test_amdahl_fit (void)
{
  double n[6], x[6];
  PsScalingFit fit;

  for (int i = 0; i < 6; i++)
    {
      n[i] = 1 << i;
      x[i] = usl (n[i], 2e3, 0.25, 0);
    }
  g_assert_cmpint (ps_stats_amdahl_fit (n, x, 6, &fit), ==, 0);
  g_assert_cmpfloat_with_epsilon (fit.sigma, 0.25, 1e-9);
  g_assert_cmpfloat (fit.kappa, ==, 0);
  g_assert_cmpfloat_with_epsilon (fit.lambda, 2e3, 1e-6);

  /* Superlinear data would need σ < 0: clamped to 0, the physical bound. */
  for (int i = 0; i < 6; i++)
    x[i] = 100 * n[i] * (1 + 0.1 * n[i]);
  g_assert_cmpint (ps_stats_amdahl_fit (n, x, 6, &fit), ==, 0);
  g_assert_cmpfloat (fit.sigma, ==, 0);
}

static void
test_crossing (void)
{
  /* Linear: zero of the line through (0, -1) and (10, 4) is at 2. */
  g_assert_cmpfloat_with_epsilon (ps_stats_crossing (0, -1, 10, 4, false), 2, 1e-12);
  /* Log: halfway in log between 100 and 10000 is 1000. */
  g_assert_cmpfloat_with_epsilon (ps_stats_crossing (100, -1, 10000, 1, true), 1000, 1e-9);
  g_assert_cmpfloat_with_epsilon (ps_stats_crossing (4, 0, 8, 0, false), 6, 1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep/stats/mean-stddev", test_mean_stddev);
  g_test_add_func ("/sweep/stats/t-quantiles", test_t_quantiles);
  g_test_add_func ("/sweep/stats/summary-ci", test_summary_ci);
  g_test_add_func ("/sweep/stats/outliers", test_outliers);
  g_test_add_func ("/sweep/stats/linear-fit", test_linear_fit);
  g_test_add_func ("/sweep/stats/usl-fit", test_usl_fit);
  g_test_add_func ("/sweep/stats/amdahl-fit", test_amdahl_fit);
  g_test_add_func ("/sweep/stats/crossing", test_crossing);
  return g_test_run ();
}
