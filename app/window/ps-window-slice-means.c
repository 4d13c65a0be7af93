/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-slice-means.c: in an interleaved race each strategy runs for a time slice and then
 * waits, so its raw samples come as dashes of one to three points that no eye can follow. Each
 * slice's mean becomes one point of a trend line per strategy, drawn over the faint raw samples.
 */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <math.h>

#include "ps-window-private.h"

/* The charts a sample feeds, in the order of PsSliceMean's sums: throughput, then the measures. */
#define N_CHARTS (1 + PS_N_TIME_MEASURES)

static PsChartModel *
chart_model (PsWindow *self,
             guint     chart)
{
  return chart == 0 ? self->throughput_model : self->measure_models[chart - 1];
}

/* What @sample puts on chart @chart, or NaN when it has nothing there. */
static double
sample_value (const PsSample *sample,
              guint           chart)
{
  switch (chart)
    {
    case 0:
      return sample->throughput_per_s;
    case 1 + PS_MEASURE_P99:
      /* No task finished in the period means no latency, not a latency of zero. */
      return isfinite (sample->latency_p99_us) && sample->latency_p99_us > 0
             ? sample->latency_p99_us / 1e6 : NAN;
    case 1 + PS_MEASURE_WAIT:
      return sample->wait_share_pct;
    case 1 + PS_MEASURE_HOLD:
      return sample->hold_share_pct;
    case 1 + PS_MEASURE_RUNNABLE:
      return sample->time_breakdown_pct.runnable;
    default:
      return NAN;
    }
}

/* Adds a trend series over every strategy's raw one, on every chart of the run. */
void
_ps_window_slice_means_begin (PsWindow         *self,
                              const PsScenario *scenario)
{
  g_assert (PS_IS_WINDOW (self));

  memset (&self->slice, 0, sizeof self->slice);
  self->slice_trends = scenario->order == PS_ORDER_INTERLEAVED;
  self->n_trend_strategies = scenario->n_strategies;
  if (!self->slice_trends)
    return;
  for (guint c = 0; c < N_CHARTS; c++)
    for (guint i = 0; i < scenario->n_strategies; i++)
      ps_chart_model_add_trend (chart_model (self, c), i);
}

/* Ends the open slice: its means join the trend lines, at the mean time of its samples. */
void
_ps_window_slice_means_flush (PsWindow *self)
{
  PsSliceMean *slice = &self->slice;

  g_assert (PS_IS_WINDOW (self));

  if (!self->slice_trends || slice->n == 0)
    return;
  for (guint c = 0; c < N_CHARTS; c++)
    if (slice->y_n[c] > 0)
      ps_chart_model_append (chart_model (self, c), self->n_trend_strategies + slice->strategy,
                             slice->t_sum / slice->n, slice->y_sum[c] / slice->y_n[c]);
  memset (slice, 0, sizeof *slice);
}

/* Adds @sample to its slice; a sample of another strategy or segment (a knob change, so before
 * and after stay apart) closes the open one first. Warm-up samples are left out of the trend, as
 * the results leave them out. */
void
_ps_window_slice_means_add (PsWindow       *self,
                            const PsSample *sample)
{
  PsSliceMean *slice = &self->slice;

  g_assert (PS_IS_WINDOW (self));

  if (!self->slice_trends || sample->strategy >= self->n_trend_strategies)
    return;
  if (slice->n > 0 && (slice->strategy != sample->strategy || slice->segment != sample->segment))
    _ps_window_slice_means_flush (self);
  if (sample->warmup)
    return;
  slice->strategy = sample->strategy;
  slice->segment = sample->segment;
  slice->t_sum += sample->t_s;
  slice->n++;
  for (guint c = 0; c < N_CHARTS; c++)
    {
      double y = sample_value (sample, c);
      if (isfinite (y))
        {
          slice->y_sum[c] += y;
          slice->y_n[c]++;
        }
    }
}
