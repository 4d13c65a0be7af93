/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-model-series.c: a chart's series: appending points (with their extents, kept as they
 * come so a frame never scans the data), breaks where nothing was measured, and reading a value
 * back for the crosshair. */
#define G_LOG_DOMAIN "ps-chart-model"

#include "ps-chart-model-private.h"

#include <math.h>

static guint
add_series (PsChartModel *self, const char *name, guint style_index, gboolean model_curve)
{
  PsChartSeries *s = g_new0 (PsChartSeries, 1);

  s->name = g_strdup (name);
  s->style_index = style_index;
  s->visible = TRUE;
  s->is_model_curve = model_curve;
  s->summarized_by = -1;
  s->xs = g_array_new (FALSE, FALSE, sizeof (double));
  s->ys = g_array_new (FALSE, FALSE, sizeof (double));
  s->decimate = ps_chart_decimate_new ();
  s->breaks = g_array_new (FALSE, FALSE, sizeof (gsize));
  s->ascending = TRUE;
  s->x_min = s->y_min = s->x_min_pos = s->y_min_pos = INFINITY;
  s->x_max = s->y_max = -INFINITY;
  g_ptr_array_add (self->series, s);
  _ps_chart_model_bump_serial (self);
  return self->series->len - 1;
}

/**
 * ps_chart_model_add_series:
 * @self: a model
 * @name: the name in the legend and the readout, e.g. a strategy
 *
 * Adds a data series. Each gets its own colour and dash pattern, in the order added.
 *
 * Returns: the series index
 */
guint
ps_chart_model_add_series (PsChartModel *self,
                           const char   *name)
{
  guint n_data = 0;

  for (guint i = 0; i < self->series->len; i++)
    n_data += !_ps_chart_model_series (self, i)->is_model_curve;
  return add_series (self, name, n_data, FALSE);
}

/**
 * ps_chart_model_add_model_curve:
 * @self: a model
 * @name: the legend name, e.g. "single, USL fit"
 * @like_series: the data series it models, whose colour it takes
 *
 * Adds a fitted model curve (Amdahl, USL), drawn dashed and thin in the colour of @like_series.
 *
 * Returns: the series index
 */
guint
ps_chart_model_add_model_curve (PsChartModel *self,
                                const char   *name,
                                guint         like_series)
{
  guint style = 0;

  if (like_series < self->series->len)
    style = _ps_chart_model_series (self, like_series)->style_index;
  return add_series (self, name, style, TRUE);
}

/**
 * ps_chart_model_add_trend:
 * @self: a model
 * @raw_series: the data series whose points it summarises (each time slice's mean, say)
 *
 * Adds a series that summarises @raw_series, under the same name, colour and dash: it takes
 * @raw_series' place in the legend, its visibility follows it, and @raw_series is drawn faint
 * behind it, so a trend reads through noisy or broken-up raw points.
 *
 * Returns: the series index
 */
guint
ps_chart_model_add_trend (PsChartModel *self,
                          guint         raw_series)
{
  PsChartSeries *raw;
  guint index;

  g_return_val_if_fail (raw_series < self->series->len, 0);
  raw = _ps_chart_model_series (self, raw_series);
  index = add_series (self, raw->name, raw->style_index, FALSE);
  _ps_chart_model_series (self, raw_series)->summarized_by = (int) index;
  return index;
}

guint
ps_chart_model_get_n_series (const PsChartModel *self)
{
  return self->series->len;
}

const char *
ps_chart_model_get_series_name (const PsChartModel *self,
                                guint               series)
{
  g_return_val_if_fail (series < self->series->len, NULL);
  return _ps_chart_model_series (self, series)->name;
}

/**
 * ps_chart_model_set_series_visible:
 * @self: a model
 * @series: a series index
 * @visible: whether it is drawn; a hidden series stays in the legend, greyed
 */
void
ps_chart_model_set_series_visible (PsChartModel *self,
                                   guint         series,
                                   gboolean      visible)
{
  g_return_if_fail (series < self->series->len);
  _ps_chart_model_series (self, series)->visible = !!visible;
  /* A trend's raw points come and go with it: they have no legend entry of their own. */
  for (guint i = 0; i < self->series->len; i++)
    if (_ps_chart_model_series (self, i)->summarized_by == (int) series)
      _ps_chart_model_series (self, i)->visible = !!visible;
  _ps_chart_model_bump_serial (self);
}

gboolean
ps_chart_model_get_series_visible (const PsChartModel *self,
                                   guint               series)
{
  g_return_val_if_fail (series < self->series->len, FALSE);
  return _ps_chart_model_series (self, series)->visible;
}

void
ps_chart_model_set_interval_style (PsChartModel        *self,
                                   guint                series,
                                   PsChartIntervalStyle style)
{
  g_return_if_fail (series < self->series->len);
  _ps_chart_model_series (self, series)->interval_style = style;
  _ps_chart_model_bump_serial (self);
}

/* Widens [@min, @max] to take @v, and @min_pos when @v is positive; non-finite @v is left out. */
void
_ps_chart_extend (double v, double *min, double *max, double *min_pos)
{
  if (!isfinite (v))
    return;
  *min = MIN (*min, v);
  *max = MAX (*max, v);
  if (v > 0.0)
    *min_pos = MIN (*min_pos, v);
}

static void
append_point (PsChartModel *self, guint series, double x, double y, double lo, double hi,
              gboolean with_interval)
{
  PsChartSeries *s;

  g_return_if_fail (series < self->series->len);
  s = _ps_chart_model_series (self, series);

  /* A point that cannot be placed is counted, not stored, so every later pass can trust
   * the arrays to be finite. */
  if (!isfinite (x) || !isfinite (y))
    {
      s->n_nonfinite++;
      _ps_chart_model_bump_serial (self);
      return;
    }
  if (with_interval && s->lo == NULL)
    {
      double nan = NAN;

      s->lo = g_array_new (FALSE, FALSE, sizeof (double));
      s->hi = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < s->xs->len; i++)
        {
          g_array_append_val (s->lo, nan);
          g_array_append_val (s->hi, nan);
        }
    }
  if (s->lo != NULL)
    {
      g_array_append_val (s->lo, lo);
      g_array_append_val (s->hi, hi);
    }
  if (s->xs->len > 0 && x < g_array_index (s->xs, double, s->xs->len - 1))
    s->ascending = FALSE;
  g_array_append_val (s->xs, x);
  g_array_append_val (s->ys, y);
  if (s->ascending)
    ps_chart_decimate_push (s->decimate, x, y);
  s->n_x_nonpos += x <= 0.0;
  s->n_y_nonpos += y <= 0.0;
  _ps_chart_extend (x, &s->x_min, &s->x_max, &s->x_min_pos);
  _ps_chart_extend (y, &s->y_min, &s->y_max, &s->y_min_pos);
  if (with_interval)
    {
      _ps_chart_extend (lo, &s->y_min, &s->y_max, &s->y_min_pos);
      _ps_chart_extend (hi, &s->y_min, &s->y_max, &s->y_min_pos);
    }
  _ps_chart_model_bump_serial (self);
}

/**
 * ps_chart_model_append:
 * @self: a model
 * @series: a series index
 * @x: the x value (seconds for a time series)
 * @y: the y value
 *
 * Adds a point in constant time. A non-finite point is skipped and counted (see
 * ps_chart_model_get_n_skipped()); a time series should append in ascending x, which is what
 * makes decimated drawing possible.
 */
void
ps_chart_model_append (PsChartModel *self,
                       guint         series,
                       double        x,
                       double        y)
{
  append_point (self, series, x, y, NAN, NAN, FALSE);
}

/**
 * ps_chart_model_append_interval:
 * @self: a model
 * @series: a series index
 * @x: the x value
 * @y: the central value
 * @lo: the low end of its confidence interval
 * @hi: the high end
 *
 * Adds a point with an interval, drawn as a band or whiskers.
 */
void
ps_chart_model_append_interval (PsChartModel *self,
                                guint         series,
                                double        x,
                                double        y,
                                double        lo,
                                double        hi)
{
  append_point (self, series, x, y, lo, hi, TRUE);
}

/**
 * ps_chart_model_break_series:
 * @self: a model
 * @series: a series index
 *
 * Ends the series' current line: the next point appended starts a new one. Nothing is drawn
 * between the last point before the break and the first after it, and the readout reports no
 * value there (see ps_chart_model_value_at()). Use it where the data has a real gap, e.g. while
 * a strategy waits for its next time slice, so the chart does not draw a line across a stretch
 * where nothing was measured.
 *
 * Constant time. Breaking an empty series does nothing, and several breaks before the next
 * point count as one.
 */
void
ps_chart_model_break_series (PsChartModel *self,
                             guint         series)
{
  PsChartSeries *s;
  gsize at;

  g_return_if_fail (series < self->series->len);
  s = _ps_chart_model_series (self, series);
  /* Stored as the index the next kept point will get, so a skipped non-finite point does not
   * move the break, appending needs no check, and the list stays sorted by construction. */
  at = s->xs->len;
  if (at == 0 ||
      (s->breaks->len > 0 && g_array_index (s->breaks, gsize, s->breaks->len - 1) == at))
    return;
  g_array_append_val (s->breaks, at);
  _ps_chart_model_bump_serial (self);
}

void
ps_chart_model_clear_series (PsChartModel *self,
                             guint         series)
{
  PsChartSeries *s;

  g_return_if_fail (series < self->series->len);
  s = _ps_chart_model_series (self, series);
  g_array_set_size (s->xs, 0);
  g_array_set_size (s->ys, 0);
  g_clear_pointer (&s->lo, g_array_unref);
  g_clear_pointer (&s->hi, g_array_unref);
  ps_chart_decimate_clear (s->decimate);
  g_array_set_size (s->breaks, 0);
  s->ascending = TRUE;
  s->n_nonfinite = s->n_x_nonpos = s->n_y_nonpos = 0;
  s->x_min = s->y_min = s->x_min_pos = s->y_min_pos = INFINITY;
  s->x_max = s->y_max = -INFINITY;
  _ps_chart_model_bump_serial (self);
}

gsize
ps_chart_model_get_n_points (const PsChartModel *self,
                             guint               series)
{
  g_return_val_if_fail (series < self->series->len, 0);
  return _ps_chart_model_series (self, series)->xs->len;
}

/**
 * ps_chart_model_get_series_end:
 * @self: a model
 * @series: a series index
 * @x: (out): the series' largest x, hidden or not
 *
 * Returns: %FALSE when the series has no point
 */
gboolean
ps_chart_model_get_series_end (const PsChartModel *self,
                               guint               series,
                               double             *x)
{
  const PsChartSeries *s;

  g_return_val_if_fail (series < self->series->len, FALSE);
  s = _ps_chart_model_series (self, series);
  *x = s->x_max;
  return s->xs->len > 0;
}

/**
 * ps_chart_model_get_n_skipped:
 * @self: a model
 * @series: a series index
 *
 * Counts the points that cannot be drawn: non-finite ones, and those ≤ 0 on a log axis. The
 * renderer writes the total under the plot so nothing disappears silently.
 *
 * Returns: the number of points skipped
 */
gsize
ps_chart_model_get_n_skipped (const PsChartModel *self,
                              guint               series)
{
  const PsChartSeries *s;
  gsize n;

  g_return_val_if_fail (series < self->series->len, 0);
  s = _ps_chart_model_series (self, series);
  n = s->n_nonfinite;
  /* A point ≤ 0 on both log axes is counted twice; an upper bound is honest enough for a note. */
  if (self->axes[PS_CHART_AXIS_X].scale == PS_CHART_SCALE_LOG)
    n += s->n_x_nonpos;
  if (self->axes[PS_CHART_AXIS_Y].scale == PS_CHART_SCALE_LOG)
    n += s->n_y_nonpos;
  return MIN (n, s->n_nonfinite + s->xs->len);
}

/* The first index whose x is ≥ @x in an ascending series. */
gsize
_ps_chart_series_lower_bound (const PsChartSeries *s,
                              double               x)
{
  const double *xs = (const double *) s->xs->data;
  gsize lo = 0, hi = s->xs->len;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (xs[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The position in @s->breaks of the first break at an index ≥ @i. */
static guint
break_lower_bound (const PsChartSeries *s, gsize i)
{
  const gsize *breaks = (const gsize *) s->breaks->data;
  guint lo = 0, hi = s->breaks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (breaks[mid] < i)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The end (exclusive) of the unbroken run of points that holds point @i, capped at @end. */
gsize
_ps_chart_series_run_end (const PsChartSeries *s,
                          gsize                i,
                          gsize                end)
{
  guint k = break_lower_bound (s, i + 1);

  return k < s->breaks->len ? MIN (g_array_index (s->breaks, gsize, k), end) : end;
}

/* Whether a break separates point @i from point @i - 1. */
gboolean
_ps_chart_series_broken_before (const PsChartSeries *s,
                                gsize                i)
{
  guint k = break_lower_bound (s, i);

  return k < s->breaks->len && g_array_index (s->breaks, gsize, k) == i;
}

/**
 * ps_chart_model_value_at:
 * @self: a model
 * @series: a series index
 * @x: where to read
 * @y: (out): the value there
 *
 * Reads a series at @x for the crosshair readout: interpolated between neighbours for an ascending
 * series, the nearest point in x otherwise.
 *
 * Returns: %FALSE when @x lies outside the series, in a gap left by
 *   ps_chart_model_break_series(), or the series is empty
 */
gboolean
ps_chart_model_value_at (const PsChartModel *self,
                         guint               series,
                         double              x,
                         double             *y)
{
  const PsChartSeries *s;
  const double *xs, *ys;
  gsize n, i;

  g_return_val_if_fail (series < self->series->len, FALSE);
  s = _ps_chart_model_series (self, series);
  xs = (const double *) s->xs->data;
  ys = (const double *) s->ys->data;
  n = s->xs->len;
  if (n == 0 || !isfinite (x))
    return FALSE;

  if (!s->ascending)
    {
      gsize best = 0;

      for (i = 1; i < n; i++)
        if (fabs (xs[i] - x) < fabs (xs[best] - x))
          best = i;
      *y = ys[best];
      return TRUE;
    }

  if (x < xs[0] || x > xs[n - 1])
    return FALSE;
  i = _ps_chart_series_lower_bound (s, x);
  if (i == 0 || xs[i] == x)
    *y = ys[i];
  else if (_ps_chart_series_broken_before (s, i))
    return FALSE; /* nothing was measured between the two runs: no value, not a guess */
  else
    {
      double f = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
      *y = ys[i - 1] + f * (ys[i] - ys[i - 1]);
    }
  return TRUE;
}
