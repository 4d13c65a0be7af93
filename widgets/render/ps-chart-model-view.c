/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-model-view.c: what part of a chart shows: following live data, zoom and pan, the
 * crosshair, and the axis mapping they work in. */
#define G_LOG_DOMAIN "ps-chart-model"

#include "ps-chart-model-private.h"
#include "ps-chart-ticks.h"

#include <math.h>

/**
 * ps_chart_model_set_follow:
 * @self: a model
 * @window: how much x (seconds) a live view shows up to the newest point; 0 shows everything
 */
void
ps_chart_model_set_follow (PsChartModel *self,
                           double        window)
{
  self->follow_window = MAX (window, 0.0);
  _ps_chart_model_bump_serial (self);
}

double
ps_chart_model_get_follow (const PsChartModel *self)
{
  return self->follow_window;
}

/**
 * ps_chart_model_set_follow_edge:
 * @self: a model
 * @x: the right edge of a following view, or NaN for the newest point
 *
 * Lets the widget advance the view between samples on the frame clock, so scrolling is smooth
 * even though data arrives at ten samples a second.
 */
void
ps_chart_model_set_follow_edge (PsChartModel *self,
                                double        x)
{
  self->follow_edge = x;
}

/**
 * ps_chart_model_get_data_end:
 * @self: a model
 * @x: (out): the largest x of any visible series
 *
 * Returns: %FALSE when there is no data
 */
gboolean
ps_chart_model_get_data_end (const PsChartModel *self,
                             double             *x)
{
  double end = -INFINITY;

  for (guint i = 0; i < self->series->len; i++)
    {
      const PsChartSeries *s = _ps_chart_model_series (self, i);
      if (s->visible && s->xs->len > 0)
        end = MAX (end, s->x_max);
    }
  *x = end;
  return isfinite (end);
}

/**
 * ps_chart_model_set_view:
 * @self: a model
 * @view: the zoomed window, in data units
 *
 * Zooms or pans. A degenerate window is ignored.
 */
void
ps_chart_model_set_view (PsChartModel        *self,
                         const PsChartBounds *view)
{
  if (!(view->x1 > view->x0) || !(view->y1 > view->y0) || !isfinite (view->x0) ||
      !isfinite (view->x1) || !isfinite (view->y0) || !isfinite (view->y1))
    return;
  self->zoomed = TRUE;
  self->view = *view;
  _ps_chart_model_bump_serial (self);
}

void
ps_chart_model_reset_view (PsChartModel *self)
{
  self->zoomed = FALSE;
  _ps_chart_model_bump_serial (self);
}

gboolean
ps_chart_model_is_zoomed (const PsChartModel *self)
{
  return self->zoomed;
}

static void
data_extents (const PsChartModel *self, PsChartAxisId axis, double *lo, double *hi)
{
  gboolean log = self->axes[axis].scale == PS_CHART_SCALE_LOG;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint i = 0; i < self->series->len; i++)
    {
      const PsChartSeries *s = _ps_chart_model_series (self, i);

      if (!s->visible || s->xs->len == 0)
        continue;
      if (axis == PS_CHART_AXIS_X)
        *lo = MIN (*lo, log ? s->x_min_pos : s->x_min), *hi = MAX (*hi, s->x_max);
      else
        *lo = MIN (*lo, log ? s->y_min_pos : s->y_min), *hi = MAX (*hi, s->y_max);
    }
  if (axis == PS_CHART_AXIS_Y && self->kind == PS_CHART_KIND_BARS)
    for (guint i = 0; i < self->bars->len; i++)
      {
        const PsChartBar *b = &g_array_index (self->bars, PsChartBar, i);
        double dummy = INFINITY;

        _ps_chart_extend (b->value, lo, hi, &dummy);
        _ps_chart_extend (b->lo, lo, hi, &dummy);
        _ps_chart_extend (b->hi, lo, hi, &dummy);
      }
}

/**
 * ps_chart_model_get_view:
 * @self: a model
 * @x_ticks: about how many x ticks fit, for rounding an automatic range
 * @y_ticks: about how many y ticks fit
 * @view: (out caller-allocates): the window to draw
 *
 * Resolves what is visible: the zoom window if any, else the fixed axis ranges, the live window
 * and the data, rounded to nice ticks. Always returns a non-empty window, valid for the axes'
 * scales (positive on a log axis).
 */
void
ps_chart_model_get_view (const PsChartModel *self,
                         guint               x_ticks,
                         guint               y_ticks,
                         PsChartBounds      *view)
{
  double lo, hi;

  if (self->zoomed)
    {
      *view = self->view;
      return;
    }

  /* x */
  if (self->kind == PS_CHART_KIND_BARS)
    lo = -0.5, hi = MAX (self->bars->len, 1) - 0.5;
  else
    {
      data_extents (self, PS_CHART_AXIS_X, &lo, &hi);
      if (self->follow_window > 0.0 && isfinite (hi))
        {
          if (isfinite (self->follow_edge))
            hi = self->follow_edge;
          /* Until a window's worth of data exists, keep the origin still and fill rightwards. */
          lo = MAX (lo, hi - self->follow_window);
          hi = lo + self->follow_window;
        }
      else if (self->kind != PS_CHART_KIND_TIME_SERIES)
        ps_chart_ticks_nice_range (&lo, &hi, self->axes[PS_CHART_AXIS_X].scale,
                                   self->axes[PS_CHART_AXIS_X].unit, x_ticks);
    }
  if (isfinite (self->axes[PS_CHART_AXIS_X].fixed_min))
    lo = self->axes[PS_CHART_AXIS_X].fixed_min;
  if (isfinite (self->axes[PS_CHART_AXIS_X].fixed_max))
    hi = self->axes[PS_CHART_AXIS_X].fixed_max;
  if (!isfinite (lo) || !isfinite (hi))
    lo = 0.0, hi = 1.0;
  if (hi <= lo)
    ps_chart_ticks_nice_range (&lo, &hi, self->axes[PS_CHART_AXIS_X].scale,
                               self->axes[PS_CHART_AXIS_X].unit, x_ticks);
  if (self->axes[PS_CHART_AXIS_X].scale == PS_CHART_SCALE_LOG && !(lo > 0.0 && hi > lo))
    lo = 1.0, hi = 10.0;
  view->x0 = lo;
  view->x1 = hi;

  /* y */
  data_extents (self, PS_CHART_AXIS_Y, &lo, &hi);
  if (self->axes[PS_CHART_AXIS_Y].scale == PS_CHART_SCALE_LINEAR && isfinite (lo))
    {
      /* Magnitudes are read against zero: a throughput axis starting at 9 800 lies. */
      lo = MIN (lo, 0.0);
      hi = MAX (hi, 0.0);
    }
  if (self->regime_backdrop && self->axes[PS_CHART_AXIS_Y].unit == PS_CHART_UNIT_PERCENT)
    lo = 0.0, hi = 100.0;
  if (isfinite (lo) && isfinite (hi))
    ps_chart_ticks_nice_range (&lo, &hi, self->axes[PS_CHART_AXIS_Y].scale,
                               self->axes[PS_CHART_AXIS_Y].unit, y_ticks);
  if (isfinite (self->axes[PS_CHART_AXIS_Y].fixed_min))
    lo = self->axes[PS_CHART_AXIS_Y].fixed_min;
  if (isfinite (self->axes[PS_CHART_AXIS_Y].fixed_max))
    hi = self->axes[PS_CHART_AXIS_Y].fixed_max;
  if (!isfinite (lo) || !isfinite (hi) || hi <= lo)
    lo = 0.0, hi = 1.0;
  if (self->axes[PS_CHART_AXIS_Y].scale == PS_CHART_SCALE_LOG && !(lo > 0.0 && hi > lo))
    lo = 1.0, hi = 10.0;
  view->y0 = lo;
  view->y1 = hi;
}

/**
 * ps_chart_model_set_crosshair:
 * @self: a model
 * @x: the x the crosshair and its readout show
 */
void
ps_chart_model_set_crosshair (PsChartModel *self,
                              double        x)
{
  self->crosshair_x = x;
  _ps_chart_model_bump_serial (self);
}

void
ps_chart_model_clear_crosshair (PsChartModel *self)
{
  self->crosshair_x = NAN;
  _ps_chart_model_bump_serial (self);
}

gboolean
ps_chart_model_get_crosshair (const PsChartModel *self,
                              double             *x)
{
  if (x != NULL)
    *x = self->crosshair_x;
  return isfinite (self->crosshair_x);
}

/**
 * ps_chart_axis_to_t:
 * @scale: the axis scale
 * @value: a data value
 *
 * Maps a value into the axis' linear space (log10 on a log axis), where zoom and pan are linear.
 *
 * Returns: the position, NaN for a value ≤ 0 on a log axis
 */
double
ps_chart_axis_to_t (PsChartScale scale,
                    double       value)
{
  if (scale == PS_CHART_SCALE_LOG)
    return value > 0.0 ? log10 (value) : NAN;
  return value;
}

double
ps_chart_axis_from_t (PsChartScale scale,
                      double       t)
{
  return scale == PS_CHART_SCALE_LOG ? pow (10.0, t) : t;
}
