/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-exactly-once.c: every dispatch × isolates pair, and seeded random scenarios, run each task
 * exactly once, produce single's checksum and report counters that add up.
 *
 * Each run puts `single` first in the same scenario, so the reference checksum comes from the very
 * same seed and knobs, whatever the engine does with warm-up task ids.
 */
#include "ps-test-util.h"

#define N_RANDOM_SCENARIOS 24
#define N_RANDOM_PAIRS 3
#define N_PAIRS (PS_DISPATCH_COUNT * PS_ISOLATES_COUNT)

typedef enum
{
  PAIR_CPU, /* CPU only, two threads sharing two isolates each */
  PAIR_IO,  /* I/O waits with several requests in flight, tenant affinity, zero-copy */
} PairVariant;

typedef struct
{
  PsDispatchKind dispatch;
  PsIsolatesKind isolates;
  PairVariant variant;
} PairCase;

static PairCase pair_cases[PS_DISPATCH_COUNT * PS_ISOLATES_COUNT * 2];

static gboolean
is_single (PsDispatchKind dispatch, PsIsolatesKind isolates)
{
  return dispatch == PS_DISPATCH_INLINE && isolates == PS_ISOLATES_THREAD_LOCAL;
}

/* Checks every strategy of @report against the first one, `single`. */
static void
assert_all_against_single (const PsReport *report)
{
  g_assert_true (is_single (report->strategies[0].strategy.dispatch,
                            report->strategies[0].strategy.isolates_mode));
  pst_assert_strategy_complete (report, 0, NULL);
  for (unsigned i = 1; i < report->n_strategies; i++)
    pst_assert_strategy_complete (report, i, &report->strategies[0]);
}

static void
test_pair (gconstpointer data)
{
  const PairCase *c = data;
  g_autofree char *name = g_strdup_printf ("%s+%s", ps_dispatch_name (c->dispatch),
                                           ps_isolates_name (c->isolates));
  PsScenario s;
  PsReport *report;

  pst_scenario_init (&s);
  /* inline+thread-local is `single` itself, and a run lists each strategy once. */
  if (!is_single (c->dispatch, c->isolates))
    pst_scenario_add_strategy (&s, "single");
  pst_scenario_add_strategy (&s, name);
  g_assert_cmpint (s.strategies[s.n_strategies - 1].dispatch, ==, c->dispatch);
  g_assert_cmpint (s.strategies[s.n_strategies - 1].isolates_mode, ==, c->isolates);

  if (c->variant == PAIR_IO)
    {
      s.threads = 3;
      s.isolates = 1;
      s.io_delay_ns = 1000 * 1000;
      s.inflight = 3;
      s.transfer = PS_TRANSFER_MOVE;
      s.tenants = 8;
      s.skew = 1.0;
      s.affinity = PS_AFFINITY_TENANT;
      s.batch_size = 4;
      s.batch_depth = 2;
    }

  report = pst_run (&s);
  assert_all_against_single (report);
  ps_report_free (report);
}

static void
test_random (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  g_autoptr (GRand) rand = g_rand_new_with_seed (0x5eed0000u + index);
  PsScenario s;
  PsReport *report;

  pst_scenario_init (&s);
  pst_scenario_randomize (&s, rand);
  pst_scenario_add_strategy (&s, "single");
  /* Distinct pairs other than single's own: a run lists each strategy once. */
  for (guint picked = 0; picked != (1u << N_PAIRS) - 1 && s.n_strategies < 1 + N_RANDOM_PAIRS;)
    {
      guint pair = g_rand_int_range (rand, 0, N_PAIRS);
      PsDispatchKind d = pair / PS_ISOLATES_COUNT;
      PsIsolatesKind i = pair % PS_ISOLATES_COUNT;
      g_autofree char *name = NULL;

      if (picked & (1u << pair) || is_single (d, i))
        continue;
      picked |= 1u << pair;
      name = g_strdup_printf ("%s+%s", ps_dispatch_name (d), ps_isolates_name (i));
      pst_scenario_add_strategy (&s, name);
    }

  report = pst_run (&s);
  assert_all_against_single (report);
  ps_report_free (report);
}

int
main (int argc, char **argv)
{
  unsigned n = 0;

  g_test_init (&argc, &argv, NULL);

  for (int v = PAIR_CPU; v <= PAIR_IO; v++)
    for (int d = 0; d < PS_DISPATCH_COUNT; d++)
      for (int i = 0; i < PS_ISOLATES_COUNT; i++)
        {
          PairCase *c = &pair_cases[n++];
          g_autofree char *path = NULL;

          c->dispatch = d;
          c->isolates = i;
          c->variant = v;
          path = g_strdup_printf ("/engine/pair/%s+%s/exactly-once%s", ps_dispatch_name (d),
                                  ps_isolates_name (i), v == PAIR_IO ? "-io" : "");
          pst_add_trapped (path, c, test_pair, PST_TIMEOUT_US);
        }

  for (guint k = 0; k < N_RANDOM_SCENARIOS; k++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/random/%02u/exactly-once", k);

      pst_add_trapped (path, GUINT_TO_POINTER (k), test_random, PST_TIMEOUT_US);
    }

  return g_test_run ();
}
