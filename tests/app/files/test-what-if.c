/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-what-if.c: the predictions of ps-what-if.h against their closed forms, computed here: the
 * closed pool's (N − k)/N, the cores' (N − C)/N and a USL fit's X(N) and best N; and silence when
 * no model applies. */
#define G_LOG_DOMAIN "test-what-if"

#include <math.h>
#include <string.h>

#include "ps-what-if.h"

static void
scenario_with (PsScenario *s, const char *strategy, unsigned threads, unsigned isolates)
{
  ps_scenario_init_defaults (s);
  s->n_strategies = 1;
  g_assert_cmpint (ps_strategy_parse (strategy, &s->strategies[0]), ==, 0);
  s->threads = threads;
  s->isolates = isolates;
}

static void
assert_contains (const char *text, const char *needle)
{
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, needle));
}

static void
test_shared_pool_wait (void)
{
  PsScenario s;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  scenario_with (&s, "shared", 4, 1);
  text = ps_what_if (&s, 64, NULL);
  expected = g_strdup_printf ("= %.0f%%", 100.0 * (4 - 1) / 4);
  assert_contains (text, expected);
  assert_contains (text, "4 threads sharing 1 isolates");
}

static void
test_cores_wait (void)
{
  PsScenario s;
  g_autofree char *text = NULL;

  scenario_with (&s, "pinned", 6, 6);
  text = ps_what_if (&s, 2, NULL);
  /* (6 − 2)/6 */
  assert_contains (text, "= 67%");
}

static void
test_usl_prediction (void)
{
  PsScenario s;
  PsSweepSeries series = { 0 };
  PsSweepReport report = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *throughput = NULL;
  g_autofree char *best = NULL;
  const double lambda = 1e5, sigma = 0.05, kappa = 0.002;

  scenario_with (&s, "queue", 8, 2);
  g_assert_cmpint (ps_strategy_parse ("queue", &series.strategy), ==, 0);
  series.fits.has_usl = TRUE;
  series.fits.usl = (PsScalingFit) { lambda, sigma, kappa, 1.0 };
  report.knob = PS_KNOB_THREADS;
  report.n_series = 1;
  report.series = &series;
  text = ps_what_if (&s, 64, &report);
  throughput = g_strdup_printf ("predicts %.0f tasks/s at 8 threads",
                                lambda * 8 / (1 + sigma * 7 + kappa * 8 * 7));
  best = g_strdup_printf ("best near %.0f threads", sqrt ((1 - sigma) / kappa));
  assert_contains (text, throughput);
  assert_contains (text, best);

  /* A fit that explains too little is not quoted. */
  series.fits.usl.r2 = 0.5;
  g_free (text);
  text = ps_what_if (&s, 64, &report);
  g_assert_cmpstr (text, ==, "");
}

static void
test_silent_without_a_model (void)
{
  PsScenario s;
  g_autofree char *text = NULL;

  scenario_with (&s, "pinned", 2, 2);
  text = ps_what_if (&s, 2, NULL);
  g_assert_cmpstr (text, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/what-if/shared-pool-wait", test_shared_pool_wait);
  g_test_add_func ("/what-if/cores-wait", test_cores_wait);
  g_test_add_func ("/what-if/usl-prediction", test_usl_prediction);
  g_test_add_func ("/what-if/silent-without-a-model", test_silent_without_a_model);
  return g_test_run ();
}
