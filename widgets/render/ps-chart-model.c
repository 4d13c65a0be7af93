/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-model.c: a chart's life cycle, titles and axes. The series live in
 * ps-chart-model-series.c, the annotations in ps-chart-model-annotations.c and the view state
 * (follow, zoom, crosshair) in ps-chart-model-view.c. */
#define G_LOG_DOMAIN "ps-chart-model"

#include "ps-chart-model-private.h"

#include <math.h>

static void
series_free (gpointer data)
{
  PsChartSeries *s = data;

  g_free (s->name);
  g_array_unref (s->xs);
  g_array_unref (s->ys);
  g_clear_pointer (&s->lo, g_array_unref);
  g_clear_pointer (&s->hi, g_array_unref);
  ps_chart_decimate_free (s->decimate);
  g_array_unref (s->breaks);
  g_free (s);
}

static void
marker_clear (gpointer data)
{
  g_free (((PsChartMarker *) data)->label);
}

static void
break_even_clear (gpointer data)
{
  g_free (((PsChartBreakEven *) data)->label);
}

static void
bar_clear (gpointer data)
{
  g_free (((PsChartBar *) data)->label);
}

G_DEFINE_BOXED_TYPE (PsChartModel, ps_chart_model, ps_chart_model_ref, ps_chart_model_unref)

/**
 * ps_chart_model_new:
 * @kind: the layout
 *
 * Creates an empty chart with linear count axes.
 *
 * Returns: (transfer full): a new model
 */
PsChartModel *
ps_chart_model_new (PsChartKind kind)
{
  PsChartModel *self = g_new0 (PsChartModel, 1);

  g_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->serial = 1;
  for (guint a = 0; a < 2; a++)
    {
      self->axes[a].fixed_min = NAN;
      self->axes[a].fixed_max = NAN;
    }
  if (kind == PS_CHART_KIND_TIME_SERIES)
    self->axes[PS_CHART_AXIS_X].unit = PS_CHART_UNIT_SECONDS;
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->markers = g_array_new (FALSE, FALSE, sizeof (PsChartMarker));
  g_array_set_clear_func (self->markers, marker_clear);
  self->break_evens = g_array_new (FALSE, FALSE, sizeof (PsChartBreakEven));
  g_array_set_clear_func (self->break_evens, break_even_clear);
  self->bars = g_array_new (FALSE, FALSE, sizeof (PsChartBar));
  g_array_set_clear_func (self->bars, bar_clear);
  self->warmup_x0 = self->warmup_x1 = NAN;
  self->follow_edge = NAN;
  self->crosshair_x = NAN;
  self->text_cache = ps_chart_text_cache_new ();
  return self;
}

/**
 * ps_chart_model_ref:
 * @self: a model
 *
 * Returns: (transfer full): @self
 */
PsChartModel *
ps_chart_model_ref (PsChartModel *self)
{
  g_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * ps_chart_model_unref:
 * @self: (transfer full): a model
 */
void
ps_chart_model_unref (PsChartModel *self)
{
  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_free (self->title);
  g_free (self->subtitle);
  for (guint a = 0; a < 2; a++)
    g_free (self->axes[a].label);
  g_ptr_array_unref (self->series);
  g_array_unref (self->markers);
  g_array_unref (self->break_evens);
  g_array_unref (self->bars);
  ps_chart_text_cache_free (self->text_cache);
  g_free (self);
}

PsChartKind
ps_chart_model_get_kind (const PsChartModel *self)
{
  return self->kind;
}

/**
 * ps_chart_model_get_serial:
 * @self: a model
 *
 * A number that grows on every change, so a widget can redraw only when something changed.
 *
 * Returns: the change counter
 */
guint64
ps_chart_model_get_serial (const PsChartModel *self)
{
  return self->serial;
}

/**
 * ps_chart_model_set_title:
 * @self: a model
 * @title: (nullable): the chart's title, used for exports and as the accessible name
 */
void
ps_chart_model_set_title (PsChartModel *self,
                          const char   *title)
{
  g_free (self->title);
  self->title = g_strdup (title);
  _ps_chart_model_bump_serial (self);
}

const char *
ps_chart_model_get_title (const PsChartModel *self)
{
  return self->title;
}

/**
 * ps_chart_model_set_subtitle:
 * @self: a model
 * @subtitle: (nullable): one line under the title, typically the scenario that produced the data
 */
void
ps_chart_model_set_subtitle (PsChartModel *self,
                             const char   *subtitle)
{
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  _ps_chart_model_bump_serial (self);
}

const char *
ps_chart_model_get_subtitle (const PsChartModel *self)
{
  return self->subtitle;
}

/**
 * ps_chart_model_set_axis:
 * @self: a model
 * @axis: which axis
 * @scale: linear or log
 * @unit: what the values mean; durations in seconds, shares in percent (0–100)
 * @label: (nullable): the axis title
 */
void
ps_chart_model_set_axis (PsChartModel *self,
                         PsChartAxisId axis,
                         PsChartScale  scale,
                         PsChartUnit   unit,
                         const char   *label)
{
  g_return_if_fail (axis <= PS_CHART_AXIS_Y);
  self->axes[axis].scale = scale;
  self->axes[axis].unit = unit;
  g_free (self->axes[axis].label);
  self->axes[axis].label = g_strdup (label);
  _ps_chart_model_bump_serial (self);
}

/**
 * ps_chart_model_set_axis_range:
 * @self: a model
 * @axis: which axis
 * @min: the fixed low end, or NaN to follow the data
 * @max: the fixed high end, or NaN to follow the data
 */
void
ps_chart_model_set_axis_range (PsChartModel *self,
                               PsChartAxisId axis,
                               double        min,
                               double        max)
{
  g_return_if_fail (axis <= PS_CHART_AXIS_Y);
  self->axes[axis].fixed_min = min;
  self->axes[axis].fixed_max = max;
  _ps_chart_model_bump_serial (self);
}

PsChartScale
ps_chart_model_get_axis_scale (const PsChartModel *self,
                               PsChartAxisId       axis)
{
  return self->axes[axis].scale;
}

PsChartUnit
ps_chart_model_get_axis_unit (const PsChartModel *self,
                              PsChartAxisId       axis)
{
  return self->axes[axis].unit;
}

const char *
ps_chart_model_get_axis_label (const PsChartModel *self,
                               PsChartAxisId       axis)
{
  return self->axes[axis].label;
}
