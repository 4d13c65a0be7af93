/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-model-annotations.c: what a chart draws besides its series: knob-change markers, the
 * warm-up band, break-even spans, the regime backdrop and bars. */
#define G_LOG_DOMAIN "ps-chart-model"

#include "ps-chart-model-private.h"

#include <math.h>

/**
 * ps_chart_model_add_marker:
 * @self: a model
 * @x: where a knob changed during the run
 * @label: (nullable): what changed, e.g. "threads 4 → 8"
 */
void
ps_chart_model_add_marker (PsChartModel *self,
                           double        x,
                           const char   *label)
{
  PsChartMarker m = { x, g_strdup (label) };

  g_array_append_val (self->markers, m);
  _ps_chart_model_bump_serial (self);
}

/**
 * ps_chart_model_get_n_markers:
 * @self: a model
 *
 * Returns: how many knob-change markers the chart shows
 */
guint
ps_chart_model_get_n_markers (const PsChartModel *self)
{
  return self->markers->len;
}

/**
 * ps_chart_model_set_warmup:
 * @self: a model
 * @x0: the start of the warm-up
 * @x1: its end; NaN for both removes the band
 */
void
ps_chart_model_set_warmup (PsChartModel *self,
                           double        x0,
                           double        x1)
{
  self->warmup_x0 = x0;
  self->warmup_x1 = x1;
  _ps_chart_model_bump_serial (self);
}

/**
 * ps_chart_model_add_break_even:
 * @self: a model
 * @x: where two strategies cross
 * @lo: the low end of the crossing's confidence interval (NaN: none)
 * @hi: its high end
 * @label: (nullable): e.g. "pinned beats single above 48 KiB"
 */
void
ps_chart_model_add_break_even (PsChartModel *self,
                               double        x,
                               double        lo,
                               double        hi,
                               const char   *label)
{
  PsChartBreakEven b = { x, lo, hi, g_strdup (label) };

  g_array_append_val (self->break_evens, b);
  _ps_chart_model_bump_serial (self);
}

/* Returns: the break-even markers added since the annotations were last cleared. */
guint
ps_chart_model_get_n_break_evens (const PsChartModel *self)
{
  return self->break_evens->len;
}

/**
 * ps_chart_model_set_regime_backdrop:
 * @self: a model
 * @enabled: whether to shade the contention regimes (< 5%, 5–30%, 30–90%, > 90%) behind the
 *   lines; meaningful when the y axis is in percent
 */
void
ps_chart_model_set_regime_backdrop (PsChartModel *self,
                                    gboolean      enabled)
{
  self->regime_backdrop = !!enabled;
  _ps_chart_model_bump_serial (self);
}

gboolean
ps_chart_model_get_regime_backdrop (const PsChartModel *self)
{
  return self->regime_backdrop;
}

/* Removes markers, break-evens and the warm-up band, e.g. when a new run starts. */
void
ps_chart_model_clear_annotations (PsChartModel *self)
{
  g_array_set_size (self->markers, 0);
  g_array_set_size (self->break_evens, 0);
  self->warmup_x0 = self->warmup_x1 = NAN;
  _ps_chart_model_bump_serial (self);
}

/**
 * ps_chart_model_add_bar:
 * @self: a model of kind %PS_CHART_KIND_BARS
 * @label: the category, e.g. a strategy
 * @value: the bar's height, e.g. throughput
 * @whisker_lo: the whisker's low end (e.g. a p50-based or CI bound), NaN for none
 * @whisker_hi: the whisker's high end (e.g. p99)
 *
 * Returns: the bar index
 */
guint
ps_chart_model_add_bar (PsChartModel *self,
                        const char   *label,
                        double        value,
                        double        whisker_lo,
                        double        whisker_hi)
{
  PsChartBar b = { g_strdup (label), value, whisker_lo, whisker_hi };

  g_array_append_val (self->bars, b);
  _ps_chart_model_bump_serial (self);
  return self->bars->len - 1;
}

guint
ps_chart_model_get_n_bars (const PsChartModel *self)
{
  return self->bars->len;
}
