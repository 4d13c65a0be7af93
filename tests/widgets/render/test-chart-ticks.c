/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chart-ticks.c: nice ticks, log ticks and unit labels. */
#define G_LOG_DOMAIN "test-chart-ticks"

#include "ps-chart-ticks.h"

#include <locale.h>
#include <math.h>

/* A linear step is nice when it is 1, 2, 2.5 or 5 × 10ⁿ (or a power of two for bytes). */
static gboolean
is_nice_step (double step)
{
  double mantissa = step / pow (10.0, floor (log10 (step) + 1e-9));

  return fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 ||
         fabs (mantissa - 2.5) < 1e-9 || fabs (mantissa - 5) < 1e-9;
}

static void
assert_linear_ticks (double lo, double hi, guint target)
{
  PsChartTicks ticks;

  ps_chart_ticks_compute (&ticks, lo, hi, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_COUNT, target);
  g_test_message ("%g–%g: %u ticks, step %g", lo, hi, ticks.n, ticks.step);
  g_assert_cmpuint (ticks.n, >=, 2);
  g_assert_cmpuint (ticks.n, <=, target + 2);
  g_assert_true (is_nice_step (ticks.step));
  for (guint i = 0; i < ticks.n; i++)
    {
      double k = ticks.values[i] / ticks.step;
      g_assert_cmpfloat_with_epsilon (k, round (k), 1e-6);
      g_assert_cmpfloat (ticks.values[i], >=, lo - 1e-9);
      g_assert_cmpfloat (ticks.values[i], <=, hi + 1e-9);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (ticks.values[i] - ticks.values[i - 1], ticks.step, 1e-9);
    }
  /* Covering the range: no stretch longer than one step without a tick at either end. */
  g_assert_cmpfloat (ticks.values[0] - lo, <, ticks.step + 1e-9);
  g_assert_cmpfloat (hi - ticks.values[ticks.n - 1], <, ticks.step + 1e-9);
}

static void
test_linear_unit (void)
{
  PsChartTicks ticks;

  assert_linear_ticks (0, 1, 5);
  ps_chart_ticks_compute (&ticks, 0, 1, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpfloat (ticks.values[0], ==, 0.0);
  g_assert_cmpfloat_with_epsilon (ticks.values[ticks.n - 1], 1.0, 1e-12);
}

static void
test_linear_three_seven (void)
{
  double lo = 3, hi = 7;

  assert_linear_ticks (3, 7, 5);
  assert_linear_ticks (3, 7, 10);
  assert_linear_ticks (-0.003, 0.0071, 6);
  assert_linear_ticks (9800, 10300, 6);
  ps_chart_ticks_nice_range (&lo, &hi, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpfloat (lo, <=, 3);
  g_assert_cmpfloat (hi, >=, 7);
  g_assert_cmpfloat (hi - lo, <=, 8);
}

static void
test_log_range (void)
{
  PsChartTicks ticks;

  ps_chart_ticks_compute (&ticks, 1, 1e9, PS_CHART_SCALE_LOG, PS_CHART_UNIT_COUNT, 10);
  g_assert_cmpuint (ticks.n, >=, 5);
  g_assert_cmpuint (ticks.n, <=, 10);
  g_assert_cmpfloat (ticks.values[0], ==, 1.0);
  for (guint i = 0; i < ticks.n; i++)
    {
      double e = log10 (ticks.values[i]);
      g_assert_cmpfloat_with_epsilon (e, round (e), 1e-9);
      if (i > 0)
        g_assert_cmpfloat (ticks.values[i], >, ticks.values[i - 1]);
    }
  /* The last tick is within one stride (here at most two decades) of the top. */
  g_assert_cmpfloat (ticks.values[ticks.n - 1], >=, 1e9 / 100.0);

  /* A few ticks only: every other decade, still starting at 1. */
  ps_chart_ticks_compute (&ticks, 1, 1e9, PS_CHART_SCALE_LOG, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpuint (ticks.n, <=, 5);
  g_assert_cmpfloat (ticks.values[0], ==, 1.0);

  /* Inside one decade the ticks fall back to round linear values. */
  ps_chart_ticks_compute (&ticks, 20, 80, PS_CHART_SCALE_LOG, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpuint (ticks.n, >=, 2);
  g_assert_cmpfloat (ticks.values[0], >=, 20);
  g_assert_cmpfloat (ticks.values[ticks.n - 1], <=, 80);

  /* A latency axis of 10 µs–10 ms with room for 4 labels: every decade labelled (never only
   * "100 µs" and "10 ms"), and 2×…9× minor lines between them, none on a labelled value. */
  ps_chart_ticks_compute (&ticks, 1e-5, 1e-2, PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS, 4);
  g_assert_cmpuint (ticks.n, ==, 4);
  for (guint i = 0; i < ticks.n; i++)
    g_assert_cmpfloat_with_epsilon (log10 (ticks.values[i]), -5.0 + i, 1e-9);
  g_assert_cmpuint (ticks.n_minor, ==, 3 * 8);
  for (guint i = 0; i < ticks.n_minor; i++)
    {
      double mantissa = ticks.minor[i] / pow (10.0, floor (log10 (ticks.minor[i]) + 1e-9));
      g_assert_cmpfloat (mantissa, >, 1.5);
      g_assert_cmpfloat (ticks.minor[i], >, 1e-5);
      g_assert_cmpfloat (ticks.minor[i], <, 1e-2);
    }
  /* Strided decades get no minor lines: they would outnumber the labels' meaning. */
  ps_chart_ticks_compute (&ticks, 1, 1e9, PS_CHART_SCALE_LOG, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpuint (ticks.n_minor, ==, 0);

  /* Bytes on a log axis step in powers of two. */
  ps_chart_ticks_compute (&ticks, 1024, 4 * 1048576, PS_CHART_SCALE_LOG, PS_CHART_UNIT_BYTES, 8);
  g_assert_cmpuint (ticks.n, >=, 4);
  for (guint i = 0; i < ticks.n; i++)
    {
      double e = log2 (ticks.values[i]);
      g_assert_cmpfloat_with_epsilon (e, round (e), 1e-9);
    }
}

static void
test_degenerate (void)
{
  PsChartTicks ticks;
  double lo = 5, hi = 5;

  ps_chart_ticks_compute (&ticks, 1, 1, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpuint (ticks.n, ==, 0);
  ps_chart_ticks_compute (&ticks, NAN, 1, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpuint (ticks.n, ==, 0);
  ps_chart_ticks_compute (&ticks, -1, 10, PS_CHART_SCALE_LOG, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpuint (ticks.n, ==, 0);
  ps_chart_ticks_compute (&ticks, 0, 1e300, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpuint (ticks.n, <=, PS_CHART_TICKS_MAX);
  ps_chart_ticks_nice_range (&lo, &hi, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_COUNT, 5);
  g_assert_cmpfloat (lo, <, 5);
  g_assert_cmpfloat (hi, >, 5);
}

static void
test_bytes_linear (void)
{
  PsChartTicks ticks;

  ps_chart_ticks_compute (&ticks, 0, 100 * 1024, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_BYTES, 5);
  g_assert_cmpuint (ticks.n, >=, 3);
  g_assert_cmpfloat_with_epsilon (log2 (ticks.step), round (log2 (ticks.step)), 1e-9);
}

typedef struct
{
  double value;
  PsChartUnit unit;
  double step;
  const char *expected;
} FormatCase;

static const FormatCase format_cases[] = {
  { 65536, PS_CHART_UNIT_BYTES, 0, "64 KiB" },
  { 1048576, PS_CHART_UNIT_BYTES, 0, "1 MiB" },
  { 1536, PS_CHART_UNIT_BYTES, 0, "1.5 KiB" },
  { 512, PS_CHART_UNIT_BYTES, 0, "512 B" },
  { 250e-6, PS_CHART_UNIT_SECONDS, 0, "250 µs" },
  { 2.5e-3, PS_CHART_UNIT_SECONDS, 0, "2.5 ms" },
  { 1.25e-3, PS_CHART_UNIT_SECONDS, 0.25e-3, "1.25 ms" },
  { 1.5e-3, PS_CHART_UNIT_SECONDS, 0.25e-3, "1.5 ms" },
  { 80e-9, PS_CHART_UNIT_SECONDS, 0, "80 ns" },
  { 12000, PS_CHART_UNIT_RATE, 0, "12 k/s" },
  { 500, PS_CHART_UNIT_RATE, 0, "500/s" },
  { 45, PS_CHART_UNIT_PERCENT, 5, "45%" },
  { 2.5, PS_CHART_UNIT_COUNT, 0.5, "2.5" },
  { 1.5e6, PS_CHART_UNIT_COUNT, 0, "1.5 M" },
  { 0, PS_CHART_UNIT_RATE, 5000, "0" },
  { -2000, PS_CHART_UNIT_COUNT, 1000, "-2 k" },
};

static void
check_format_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      const FormatCase *c = &format_cases[i];
      g_autofree char *text = ps_chart_format_value (c->value, c->unit, c->step);
      g_assert_cmpstr (text, ==, c->expected);
    }
}

static void
test_format_units (void)
{
  g_autofree char *nan_text = ps_chart_format_value (NAN, PS_CHART_UNIT_COUNT, 0);
  g_autofree char *inf_text = ps_chart_format_value (INFINITY, PS_CHART_UNIT_COUNT, 0);

  check_format_cases ();
  g_assert_cmpstr (nan_text, ==, "–");
  g_assert_cmpstr (inf_text, ==, "∞");
}

static void
test_format_locale (void)
{
  /* A decimal comma locale must not change a single label. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("de_DE.UTF-8 is not installed");
      return;
    }
  check_format_cases ();
  setlocale (LC_NUMERIC, "C");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/widgets/ticks/linear-0-1", test_linear_unit);
  g_test_add_func ("/widgets/ticks/linear-3-7", test_linear_three_seven);
  g_test_add_func ("/widgets/ticks/log-range", test_log_range);
  g_test_add_func ("/widgets/ticks/degenerate", test_degenerate);
  g_test_add_func ("/widgets/ticks/bytes-linear", test_bytes_linear);
  g_test_add_func ("/widgets/format/units", test_format_units);
  g_test_add_func ("/widgets/format/locale", test_format_locale);
  return g_test_run ();
}
