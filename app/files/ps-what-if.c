/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-what-if.c: predictions from models, before a run (see ps-what-if.h). */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-what-if.h"

#include <glib/gi18n-lib.h>
#include <math.h>

double
ps_what_if_usl_throughput (const PsScalingFit *fit, double threads)
{
  return fit->lambda * threads
         / (1 + fit->sigma * (threads - 1) + fit->kappa * threads * (threads - 1));
}

/* The worker threads @strategy runs on @s (inline runs one whatever the knob says). */
static unsigned
threads_of (const PsScenario *s, const PsStrategy *strategy)
{
  PsScenario own = *s;

  ps_strategy_apply_knobs (strategy, &own);
  return strategy->dispatch == PS_DISPATCH_INLINE ? 1 : own.threads;
}

static void
predict_shared_pools (GString *text, const PsScenario *s)
{
  for (unsigned i = 0; i < s->n_strategies; i++)
    {
      const PsStrategy *strategy = &s->strategies[i];
      unsigned n = threads_of (s, strategy);
      PsScenario own = *s;

      ps_strategy_apply_knobs (strategy, &own);
      if (strategy->isolates_mode != PS_ISOLATES_SHARED_POOL || n <= own.isolates)
        continue;
      g_string_append_printf (text, _("%s: %u threads sharing %u isolates would wait (N − k)/N "
                                      "= %.0f%% of their time if all they did was compute. "),
                              strategy->name, n, own.isolates,
                              100.0 * (n - own.isolates) / n);
    }
}

static void
predict_cores (GString *text, const PsScenario *s, unsigned cores)
{
  unsigned most = 0;

  for (unsigned i = 0; i < s->n_strategies; i++)
    most = MAX (most, threads_of (s, &s->strategies[i]));
  if (cores == 0 || most <= cores)
    return;
  g_string_append_printf (text, _("%u threads on %u cores: CPU-bound, each would wait for a CPU "
                                  "(N − C)/N = %.0f%% of its time. "),
                          most, cores, 100.0 * (most - cores) / most);
}

static void
predict_from_sweep (GString *text, const PsScenario *s, const PsSweepReport *sweep)
{
  for (unsigned i = 0; sweep != NULL && i < sweep->n_series; i++)
    {
      const PsSweepSeries *series = &sweep->series[i];
      const PsScalingFit *fit = &series->fits.usl;
      gboolean in_race = FALSE;

      for (unsigned j = 0; j < s->n_strategies; j++)
        in_race |= g_strcmp0 (s->strategies[j].name, series->strategy.name) == 0;
      if (!in_race || !series->fits.has_usl || fit->r2 < PS_SWEEP_FIT_MIN_R2)
        continue;
      g_string_append_printf (text, _("%s: the last thread sweep's USL fit (σ = %.3f, κ = %.4f) "
                                      "predicts %.0f tasks/s at %u threads"),
                              series->strategy.name, fit->sigma, fit->kappa,
                              ps_what_if_usl_throughput (fit, s->threads), s->threads);
      if (fit->kappa > 0 && fit->sigma < 1)
        g_string_append_printf (text, _(", best near %.0f threads"),
                                sqrt ((1 - fit->sigma) / fit->kappa));
      g_string_append (text, ". ");
    }
}

char *
ps_what_if (const PsScenario *scenario, unsigned cores, const PsSweepReport *thread_sweep)
{
  GString *text = g_string_new (NULL);

  predict_shared_pools (text, scenario);
  predict_cores (text, scenario, cores);
  if (thread_sweep != NULL && thread_sweep->knob == PS_KNOB_THREADS)
    predict_from_sweep (text, scenario, thread_sweep);
  if (text->len > 0)
    g_string_truncate (text, text->len - 1);
  return g_string_free (text, FALSE);
}
