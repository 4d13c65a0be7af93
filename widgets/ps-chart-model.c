/* ps-chart-model.c: series, annotations and view state of a chart. */
#define G_LOG_DOMAIN "ps-chart-model"

#include "ps-chart-model-private.h"
#include "ps-chart-ticks.h"

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

static void
changed (PsChartModel *self)
{
  self->serial++;
}

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
  changed (self);
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
  changed (self);
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
  changed (self);
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
  changed (self);
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

static guint
add_series (PsChartModel *self, const char *name, guint style_index, gboolean model_curve)
{
  PsChartSeries *s = g_new0 (PsChartSeries, 1);

  s->name = g_strdup (name);
  s->style_index = style_index;
  s->visible = TRUE;
  s->is_model_curve = model_curve;
  s->xs = g_array_new (FALSE, FALSE, sizeof (double));
  s->ys = g_array_new (FALSE, FALSE, sizeof (double));
  s->decimate = ps_chart_decimate_new ();
  s->breaks = g_array_new (FALSE, FALSE, sizeof (gsize));
  s->ascending = TRUE;
  s->x_min = s->y_min = s->x_min_pos = s->y_min_pos = INFINITY;
  s->x_max = s->y_max = -INFINITY;
  g_ptr_array_add (self->series, s);
  changed (self);
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
    n_data += !ps_chart_model_series (self, i)->is_model_curve;
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
    style = ps_chart_model_series (self, like_series)->style_index;
  return add_series (self, name, style, TRUE);
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
  return ps_chart_model_series (self, series)->name;
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
  ps_chart_model_series (self, series)->visible = !!visible;
  changed (self);
}

gboolean
ps_chart_model_get_series_visible (const PsChartModel *self,
                                   guint               series)
{
  g_return_val_if_fail (series < self->series->len, FALSE);
  return ps_chart_model_series (self, series)->visible;
}

void
ps_chart_model_set_interval_style (PsChartModel        *self,
                                   guint                series,
                                   PsChartIntervalStyle style)
{
  g_return_if_fail (series < self->series->len);
  ps_chart_model_series (self, series)->interval_style = style;
  changed (self);
}

static void
extend (double v, double *min, double *max, double *min_pos)
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
  s = ps_chart_model_series (self, series);

  /* A point that cannot be placed is counted, not stored, so every later pass can trust
   * the arrays to be finite. */
  if (!isfinite (x) || !isfinite (y))
    {
      s->n_nonfinite++;
      changed (self);
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
  extend (x, &s->x_min, &s->x_max, &s->x_min_pos);
  extend (y, &s->y_min, &s->y_max, &s->y_min_pos);
  if (with_interval)
    {
      extend (lo, &s->y_min, &s->y_max, &s->y_min_pos);
      extend (hi, &s->y_min, &s->y_max, &s->y_min_pos);
    }
  changed (self);
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
  s = ps_chart_model_series (self, series);
  /* Stored as the index the next kept point will get, so a skipped non-finite point does not
   * move the break, appending needs no check, and the list stays sorted by construction. */
  at = s->xs->len;
  if (at == 0 ||
      (s->breaks->len > 0 && g_array_index (s->breaks, gsize, s->breaks->len - 1) == at))
    return;
  g_array_append_val (s->breaks, at);
  changed (self);
}

void
ps_chart_model_clear_series (PsChartModel *self,
                             guint         series)
{
  PsChartSeries *s;

  g_return_if_fail (series < self->series->len);
  s = ps_chart_model_series (self, series);
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
  changed (self);
}

gsize
ps_chart_model_get_n_points (const PsChartModel *self,
                             guint               series)
{
  g_return_val_if_fail (series < self->series->len, 0);
  return ps_chart_model_series (self, series)->xs->len;
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
  s = ps_chart_model_series (self, series);
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
  s = ps_chart_model_series (self, series);
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
ps_chart_series_lower_bound (const PsChartSeries *s,
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
ps_chart_series_run_end (const PsChartSeries *s,
                         gsize                i,
                         gsize                end)
{
  guint k = break_lower_bound (s, i + 1);

  return k < s->breaks->len ? MIN (g_array_index (s->breaks, gsize, k), end) : end;
}

/* Whether a break separates point @i from point @i - 1. */
gboolean
ps_chart_series_broken_before (const PsChartSeries *s,
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
  s = ps_chart_model_series (self, series);
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
  i = ps_chart_series_lower_bound (s, x);
  if (i == 0 || xs[i] == x)
    *y = ys[i];
  else if (ps_chart_series_broken_before (s, i))
    return FALSE; /* nothing was measured between the two runs: no value, not a guess */
  else
    {
      double f = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
      *y = ys[i - 1] + f * (ys[i] - ys[i - 1]);
    }
  return TRUE;
}

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
  changed (self);
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
  changed (self);
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
  changed (self);
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
  changed (self);
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
  changed (self);
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
  changed (self);
  return self->bars->len - 1;
}

guint
ps_chart_model_get_n_bars (const PsChartModel *self)
{
  return self->bars->len;
}

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
  changed (self);
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
      const PsChartSeries *s = ps_chart_model_series (self, i);
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
  changed (self);
}

void
ps_chart_model_reset_view (PsChartModel *self)
{
  self->zoomed = FALSE;
  changed (self);
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
      const PsChartSeries *s = ps_chart_model_series (self, i);

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

        extend (b->value, lo, hi, &dummy);
        extend (b->lo, lo, hi, &dummy);
        extend (b->hi, lo, hi, &dummy);
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
  changed (self);
}

void
ps_chart_model_clear_crosshair (PsChartModel *self)
{
  self->crosshair_x = NAN;
  changed (self);
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
