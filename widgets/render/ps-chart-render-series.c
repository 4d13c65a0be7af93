/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-render-series.c: lines (exact or decimated), interval bands, whiskers, point markers
 * and bars. */
#define G_LOG_DOMAIN "ps-chart-render"

#include "ps-chart-render-private.h"

#include <math.h>

/* Beyond this many points per pixel column a line is drawn from min/max columns: more vertices
 * cannot change any pixel, only cost time. */
#define DENSE_POINTS_PER_COLUMN 1
/* Sweeps with few points get a marker shape per point, a second cue besides colour and dash. */
#define MAX_MARKED_POINTS 60

typedef struct
{
  const PsChartLayout *layout;
  gboolean x_log;
  gboolean y_log;
  /* The view's y edges in axis space, worked out once per frame rather than twice per value:
   * a dense frame maps four values in each of ~1500 columns per series. */
  double y_t0;
  double y_t1;
} Mapper;

static inline gboolean
placeable (const Mapper *m, double x, double y)
{
  return (!m->x_log || x > 0.0) && (!m->y_log || y > 0.0);
}

/* Maps y to a pixel, sending values a log axis cannot place just below the plot so a decimated
 * column still draws its other end. */
static inline double
y_px (const Mapper *m, double y)
{
  const PsChartRect *plot = &m->layout->plot;
  double t;

  if (m->y_log && y <= 0.0)
    return plot->y + plot->height + 4;
  /* The same arithmetic, in the same order, as ps_chart_layout_y_to_px(). */
  t = m->y_log ? log10 (y) : y;
  return plot->y + plot->height - (t - m->y_t0) / (m->y_t1 - m->y_t0) * plot->height;
}

/* The index range to draw: the points inside the view plus one neighbour each side, so the
 * line runs to the plot's edges. Non-ascending series are drawn whole. */
static void
visible_range (const PsChartSeries *s, const Mapper *m, gsize *first, gsize *last)
{
  gsize n = s->xs->len;

  if (!s->ascending)
    {
      *first = 0;
      *last = n - 1;
      return;
    }
  *first = _ps_chart_series_lower_bound (s, m->layout->view.x0);
  *first = *first > 0 ? *first - 1 : 0;
  *last = _ps_chart_series_lower_bound (s, m->layout->view.x1);
  *last = MIN (*last, n - 1);
}

/* Ends the line being drawn, which holds @n_down points. A line of one point still shows, as a
 * dot from the round cap: a single sample between two gaps is data too. */
static void
pen_up (cairo_t *cr, gsize *n_down)
{
  if (*n_down == 1)
    cairo_rel_line_to (cr, 0, 0);
  *n_down = 0;
}

static void
path_exact (cairo_t *cr, const PsChartSeries *s, const Mapper *m, gsize first, gsize last)
{
  const double *xs = (const double *) s->xs->data;
  const double *ys = (const double *) s->ys->data;
  gsize run_end = _ps_chart_series_run_end (s, first, last + 1);
  gsize n_down = 0;

  for (gsize i = first; i <= last; i++)
    {
      double px, py;

      /* A break, or a point that cannot be placed, ends the line rather than joining across. */
      if (i == run_end)
        {
          pen_up (cr, &n_down);
          run_end = _ps_chart_series_run_end (s, i, last + 1);
        }
      if (!placeable (m, xs[i], ys[i]))
        {
          pen_up (cr, &n_down);
          continue;
        }
      px = ps_chart_layout_x_to_px (m->layout, xs[i]);
      py = ps_chart_layout_y_to_px (m->layout, ys[i]);
      if (n_down > 0)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      n_down++;
    }
  pen_up (cr, &n_down);
}

/* Joins the data just outside the view to the first or last column with an ordinary stroke. */
static void
stroke_edge (const PsChartFrame *frame, const PsChartSeries *s, const Mapper *m, gsize outside,
             double px, double py)
{
  const double *xs = (const double *) s->xs->data;
  const double *ys = (const double *) s->ys->data;

  if (!placeable (m, xs[outside], ys[outside]))
    return;
  cairo_move_to (frame->cr, ps_chart_layout_x_to_px (m->layout, xs[outside]), y_px (m, ys[outside]));
  cairo_line_to (frame->cr, px, py);
  cairo_stroke (frame->cr);
}

/* Draws a series with more points than pixel columns as the filled envelope of its min/max
 * columns, widened by half the line width. Every column is a vertical span that also reaches
 * half way to its neighbours' entry and exit values, which is exactly the set of pixels the
 * exact polyline would ink, but one x-monotone polygon fills in a fraction of the time a
 * self-overlapping zigzag of thousands of segments takes to stroke. Dashes cannot survive at
 * this density, so a dashed series keeps its rhythm as alternating strong and faint columns. */
static void
render_dense (const PsChartFrame *frame, const PsChartSeries *s, const Mapper *m, gsize first,
              gsize last)
{
  const PsChartLayout *layout = m->layout;
  cairo_t *cr = frame->cr;
  const double *xs = (const double *) s->xs->data;
  const double *ys = (const double *) s->ys->data;
  guint n_columns = (guint) ceil (layout->plot.width);
  g_autofree double *spans = g_new (double, 4 * (gsize) n_columns); /* top, bottom, in, out */
  PsChartColumn *columns;
  PsChartXMap map = {
    ps_chart_axis_to_t (layout->x_scale, layout->view.x0),
    ps_chart_axis_to_t (layout->x_scale, layout->view.x1),
    m->x_log,
  };
  gsize inner_first = first, inner_last = last;
  int c0 = -1, c1 = -1, prev = -1;
  guint run_last_column = 0;
  gboolean fresh;

  if (xs[inner_first] < layout->view.x0 || (m->x_log && xs[inner_first] <= 0.0))
    inner_first++;
  if (xs[inner_last] > layout->view.x1 && inner_last > inner_first)
    inner_last--;
  if (inner_first > inner_last)
    {
      path_exact (cr, s, m, first, last);
      cairo_stroke (cr);
      return;
    }
  /* Each unbroken run fills the columns on its own: the decimator merges only buckets inside the
   * range it is given, so no column summary reaches across a break. A run that starts in the
   * column where the previous one ended shares it; one that starts further right is cut off from
   * whatever lies left of it. Columns filled for the same range and view in an earlier frame are
   * reused as they are: the points they cover cannot have changed. */
  columns = ps_chart_decimate_columns (s->decimate, &map, n_columns, inner_first, inner_last,
                                       &fresh);
  for (gsize i = inner_first, end; fresh && i <= inner_last; i = end)
    {
      guint column = ps_chart_decimate_column (&map, n_columns, xs[i]);

      end = _ps_chart_series_run_end (s, i, inner_last + 1);
      if (i > inner_first && column != run_last_column)
        columns[column].cut = TRUE;
      run_last_column = ps_chart_decimate_column (&map, n_columns, xs[end - 1]);
      ps_chart_decimate_fill_columns (s->decimate, xs, ys, i, end - 1, &map, columns, n_columns);
    }

  /* Spans in pixels; empty columns between used ones take the straight line across the gap,
   * unless a break lies there: those stay empty (NaN). */
  for (int c = 0; c < (int) n_columns; c++)
    {
      double *span = &spans[4 * c];

      span[0] = NAN;
      if (!columns[c].used)
        continue;
      span[0] = y_px (m, columns[c].y_max);
      span[1] = y_px (m, columns[c].y_min);
      span[2] = y_px (m, columns[c].y_first);
      span[3] = y_px (m, columns[c].y_last);
      for (int k = prev + 1; prev >= 0 && !columns[c].cut && k < c; k++)
        {
          double f = (double) (k - prev) / (c - prev);
          double v = spans[4 * prev + 3] + f * (span[2] - spans[4 * prev + 3]);
          spans[4 * k] = spans[4 * k + 1] = spans[4 * k + 2] = spans[4 * k + 3] = v;
        }
      if (c0 < 0)
        c0 = c;
      c1 = prev = c;
    }
  for (int c = c0; c < c1; c++)
    {
      double mid = (spans[4 * c + 3] + spans[4 * (c + 1) + 2]) / 2;

      if (isnan (spans[4 * c]) || isnan (spans[4 * (c + 1)]) || columns[c + 1].cut)
        continue;
      spans[4 * c] = MIN (spans[4 * c], mid);
      spans[4 * c + 1] = MAX (spans[4 * c + 1], mid);
      spans[4 * (c + 1)] = MIN (spans[4 * (c + 1)], mid);
      spans[4 * (c + 1) + 1] = MAX (spans[4 * (c + 1) + 1], mid);
    }

  cairo_save (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (inner_first > first && !_ps_chart_series_broken_before (s, inner_first))
    stroke_edge (frame, s, m, first, layout->plot.x + c0 + 0.5, spans[4 * c0 + 2]);
  if (last > inner_last && !_ps_chart_series_broken_before (s, last))
    stroke_edge (frame, s, m, last, layout->plot.x + c1 + 0.5, spans[4 * c1 + 3]);
  ps_chart_paint_spans (frame, s, spans, c0, c1);
  cairo_restore (cr);
}

static void
render_interval (const PsChartFrame *frame, const PsChartSeries *s, const Mapper *m, gsize first,
                 gsize last)
{
  cairo_t *cr = frame->cr;
  const double *xs = (const double *) s->xs->data;
  const double *lo = (const double *) s->lo->data;
  const double *hi = (const double *) s->hi->data;
  const PsChartRgba *colour = &frame->style->series[s->style_index % PS_CHART_N_SERIES_STYLES];

  cairo_save (cr);
  if (s->interval_style == PS_CHART_INTERVAL_BAND)
    {
      /* Upper edge forwards, lower edge backwards: one polygon per unbroken run, one fill. */
      for (gsize run = first, end; run <= last; run = end)
        {
          gboolean started = FALSE;
          gsize i;

          end = _ps_chart_series_run_end (s, run, last + 1);
          for (i = run; i < end; i++)
            if (isfinite (lo[i]) && isfinite (hi[i]) && placeable (m, xs[i], hi[i]))
              {
                double px = ps_chart_layout_x_to_px (m->layout, xs[i]);
                if (started)
                  cairo_line_to (cr, px, y_px (m, hi[i]));
                else
                  cairo_move_to (cr, px, y_px (m, hi[i]));
                started = TRUE;
              }
          for (i = end; i-- > run;)
            if (isfinite (lo[i]) && isfinite (hi[i]) && placeable (m, xs[i], hi[i]))
              cairo_line_to (cr, ps_chart_layout_x_to_px (m->layout, xs[i]), y_px (m, lo[i]));
          cairo_close_path (cr);
        }
      ps_chart_set_rgba (cr, colour, frame->style->dark ? 0.22 : 0.16);
      cairo_fill (cr);
    }
  else
    {
      cairo_set_line_width (cr, 1.25);
      ps_chart_set_rgba (cr, colour, 0.9);
      for (gsize i = first; i <= last; i++)
        {
          double px, y0, y1;

          if (!isfinite (lo[i]) || !isfinite (hi[i]) || !placeable (m, xs[i], hi[i]))
            continue;
          px = round (ps_chart_layout_x_to_px (m->layout, xs[i])) + 0.5;
          y0 = y_px (m, lo[i]);
          y1 = y_px (m, hi[i]);
          cairo_move_to (cr, px, y0);
          cairo_line_to (cr, px, y1);
          cairo_move_to (cr, px - 4, y0);
          cairo_line_to (cr, px + 4, y0);
          cairo_move_to (cr, px - 4, y1);
          cairo_line_to (cr, px + 4, y1);
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* One shape per style index: circle, square, triangle, diamond, then again. */
static void
marker_path (cairo_t *cr, guint style_index, double x, double y)
{
  const double r = 3.5;

  switch (style_index % 4)
    {
    case 0:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case 1:
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case 2:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.1, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.1, y + r * 0.8);
      cairo_close_path (cr);
      break;
    default:
      cairo_move_to (cr, x, y - r * 1.3);
      cairo_line_to (cr, x + r * 1.3, y);
      cairo_line_to (cr, x, y + r * 1.3);
      cairo_line_to (cr, x - r * 1.3, y);
      cairo_close_path (cr);
      break;
    }
}

static void
render_markers (const PsChartFrame *frame, const PsChartSeries *s, const Mapper *m, gsize first,
                gsize last)
{
  cairo_t *cr = frame->cr;
  const double *xs = (const double *) s->xs->data;
  const double *ys = (const double *) s->ys->data;

  cairo_save (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  for (gsize i = first; i <= last; i++)
    if (placeable (m, xs[i], ys[i]))
      marker_path (cr, s->style_index, ps_chart_layout_x_to_px (m->layout, xs[i]),
                   ps_chart_layout_y_to_px (m->layout, ys[i]));
  ps_chart_set_rgba (cr, &frame->style->series[s->style_index % PS_CHART_N_SERIES_STYLES], 1.0);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  ps_chart_set_rgba (cr, &frame->style->background, 1.0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/**
 * ps_chart_render_series:
 * @frame: the frame being drawn
 *
 * Draws every visible series: intervals first (behind), then lines, then point markers.
 */
void
ps_chart_render_series (const PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  cairo_t *cr = frame->cr;
  Mapper m = {
    frame->layout,
    frame->layout->x_scale == PS_CHART_SCALE_LOG,
    frame->layout->y_scale == PS_CHART_SCALE_LOG,
    ps_chart_axis_to_t (frame->layout->y_scale, frame->layout->view.y0),
    ps_chart_axis_to_t (frame->layout->y_scale, frame->layout->view.y1),
  };

  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < model->series->len; i++)
      {
        const PsChartSeries *s = _ps_chart_model_series (model, i);
        gsize first, last, count;

        if (!s->visible || s->xs->len == 0)
          continue;
        visible_range (s, &m, &first, &last);
        if (last < first)
          continue;
        count = last - first + 1;

        if (pass == 0 && s->lo != NULL)
          render_interval (frame, s, &m, first, last);
        else if (pass == 1)
          {
            cairo_save (cr);
            ps_chart_set_series_stroke (frame, s);
            if (frame->style->decimate && s->ascending &&
                count > DENSE_POINTS_PER_COLUMN * frame->layout->plot.width)
              render_dense (frame, s, &m, first, last);
            else
              {
                path_exact (cr, s, &m, first, last);
                cairo_stroke (cr);
              }
            cairo_restore (cr);
          }
        else if (pass == 2 && model->kind == PS_CHART_KIND_XY && !s->is_model_curve &&
                 count <= MAX_MARKED_POINTS)
          render_markers (frame, s, &m, first, last);
      }
}

/**
 * ps_chart_render_bars:
 * @frame: the frame being drawn
 *
 * Draws one bar per category, coloured like the series of the same index, with capped whiskers.
 */
void
ps_chart_render_bars (const PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  const PsChartLayout *layout = frame->layout;
  cairo_t *cr = frame->cr;
  double slot = layout->plot.width / MAX (model->bars->len, 1);
  double base = layout->y_scale == PS_CHART_SCALE_LOG ? layout->view.y0 : 0.0;
  double base_px = ps_chart_layout_y_to_px (layout, MAX (base, layout->view.y0));

  cairo_save (cr);
  for (guint i = 0; i < model->bars->len; i++)
    {
      const PsChartBar *b = &g_array_index (model->bars, PsChartBar, i);
      double cx = ps_chart_layout_x_to_px (layout, i);
      double half = MIN (slot * 0.3, 60);
      double top;

      if (!isfinite (b->value) || (layout->y_scale == PS_CHART_SCALE_LOG && b->value <= 0))
        continue;
      top = ps_chart_layout_y_to_px (layout, b->value);
      cairo_rectangle (cr, round (cx - half), MIN (top, base_px), round (2 * half),
                       fabs (base_px - top));
      ps_chart_set_rgba (cr, &frame->style->series[i % PS_CHART_N_SERIES_STYLES], 0.85);
      cairo_fill (cr);

      if (isfinite (b->lo) && isfinite (b->hi))
        {
          double y0 = ps_chart_layout_y_to_px (layout, b->lo);
          double y1 = ps_chart_layout_y_to_px (layout, b->hi);
          double x = round (cx) + 0.5;

          cairo_set_line_width (cr, 1.5);
          ps_chart_set_rgba (cr, &frame->style->foreground, 1.0);
          cairo_move_to (cr, x, y0);
          cairo_line_to (cr, x, y1);
          cairo_move_to (cr, x - half / 3, y0);
          cairo_line_to (cr, x + half / 3, y0);
          cairo_move_to (cr, x - half / 3, y1);
          cairo_line_to (cr, x + half / 3, y1);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}
