/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-render-layers.c: what is drawn around the data: the contention backdrop, the warm-up
 * band, knob-change markers, break-even markers and the crosshair with its readout. */
#define G_LOG_DOMAIN "ps-chart-render"

#include "ps-chart-render-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* The contention regimes of the OpenWorkers seed, in percent. */
static const double regime_edges[] = { 0, 5, 30, 90, 100 };
static const char *regime_labels[] = { "< 5%", "5–30%", "30–90%", "> 90%" };

static gboolean
x_in_view (const PsChartLayout *layout, double x)
{
  return x >= layout->view.x0 && x <= layout->view.x1 &&
         (layout->x_scale != PS_CHART_SCALE_LOG || x > 0.0);
}

/* Clamps x into the view before mapping, so a band that starts off-screen still starts at the
 * plot's edge and log axes never see a non-positive value. */
static double
clamped_x_px (const PsChartLayout *layout, double x)
{
  return ps_chart_layout_x_to_px (layout, CLAMP (x, layout->view.x0, layout->view.x1));
}

static void
shade_x (const PsChartFrame *frame, double x0, double x1, const PsChartRgba *rgba, double alpha)
{
  const PsChartLayout *layout = frame->layout;
  double p0, p1;

  if (!isfinite (x0) || !isfinite (x1) || x1 < layout->view.x0 || x0 > layout->view.x1)
    return;
  /* Whole pixels, like the plot: a band with fractional edges is composited through a mask. */
  p0 = round (clamped_x_px (layout, x0));
  p1 = round (clamped_x_px (layout, x1));
  cairo_rectangle (frame->cr, p0, layout->plot.y, p1 - p0, layout->plot.height);
  ps_chart_set_rgba (frame->cr, rgba, alpha);
  cairo_fill (frame->cr);
}

/**
 * ps_chart_render_backdrop:
 * @frame: the frame being drawn, clipped to the plot
 *
 * Draws what lies behind the data: regime bands, the warm-up band and break-even intervals.
 */
void
ps_chart_render_backdrop (const PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  const PsChartLayout *layout = frame->layout;
  const PsChartStyle *style = frame->style;
  cairo_t *cr = frame->cr;

  if (model->regime_backdrop && model->axes[PS_CHART_AXIS_Y].unit == PS_CHART_UNIT_PERCENT)
    for (guint i = 0; i < G_N_ELEMENTS (regime_labels); i++)
      {
        double lo = MAX (regime_edges[i], layout->view.y0);
        double hi = i == 3 ? MAX (layout->view.y1, 100) : regime_edges[i + 1];
        double top, bottom;

        if (layout->y_scale == PS_CHART_SCALE_LOG && lo <= 0.0)
          lo = layout->view.y0;
        if (hi <= lo)
          continue;
        top = ps_chart_layout_y_to_px (layout, MIN (hi, layout->view.y1));
        bottom = ps_chart_layout_y_to_px (layout, lo);
        cairo_rectangle (cr, layout->plot.x, top, layout->plot.width, bottom - top);
        ps_chart_set_rgba (cr, &style->regime[i], style->dark ? 0.09 : 0.11);
        cairo_fill (cr);
        if (bottom - top > 14)
          {
            ps_chart_set_rgba (cr, &style->foreground, 0.55);
            ps_chart_draw_text (cr, frame->small, regime_labels[i],
                                layout->plot.x + layout->plot.width - 4, top + 2, 1, 0);
          }
      }

  if (isfinite (model->warmup_x0) && isfinite (model->warmup_x1))
    {
      shade_x (frame, model->warmup_x0, model->warmup_x1, &style->foreground, 0.07);
      if (x_in_view (layout, model->warmup_x0) || x_in_view (layout, model->warmup_x1))
        {
          ps_chart_set_rgba (cr, &style->foreground, 0.55);
          ps_chart_draw_text (cr, frame->small, _("warm-up"),
                              clamped_x_px (layout, model->warmup_x0) + 4,
                              layout->plot.y + 2, 0, 0);
        }
    }

  for (guint i = 0; i < model->break_evens->len; i++)
    {
      const PsChartBreakEven *b = &g_array_index (model->break_evens, PsChartBreakEven, i);
      shade_x (frame, b->lo, b->hi, &style->accent, 0.13);
    }
}

static void
render_knob_markers (const PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  const PsChartLayout *layout = frame->layout;
  cairo_t *cr = frame->cr;

  for (guint i = 0; i < model->markers->len; i++)
    {
      const PsChartMarker *mk = &g_array_index (model->markers, PsChartMarker, i);
      double x;

      if (!x_in_view (layout, mk->x))
        continue;
      x = round (ps_chart_layout_x_to_px (layout, mk->x)) + 0.5;
      cairo_save (cr);
      ps_chart_set_rgba (cr, &frame->style->foreground, 0.6);
      /* Dotted: 2 px on, 3 px off, each dot a whole-pixel box. Filled as boxes, not stroked
       * with a dash pattern: cairo's dasher cost more than the rest of the marker's frame. */
      for (double y = layout->plot.y; y < layout->plot.y + layout->plot.height; y += 5)
        cairo_rectangle (cr, x - 0.5, y, 1, MIN (2, layout->plot.y + layout->plot.height - y));
      cairo_fill (cr);
      /* A small flag at the top says "something changed here" even without reading the label. */
      cairo_move_to (cr, x - 4.5, layout->plot.y);
      cairo_line_to (cr, x + 4.5, layout->plot.y);
      cairo_line_to (cr, x, layout->plot.y + 6);
      cairo_close_path (cr);
      cairo_fill (cr);
      if (mk->label != NULL)
        ps_chart_draw_text (cr, frame->small, mk->label, x + 5, layout->plot.y + 2, 0, 0);
      cairo_restore (cr);
    }
}

static double
render_break_evens (const PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  const PsChartLayout *layout = frame->layout;
  cairo_t *cr = frame->cr;
  double label_y = layout->plot.y + 6;

  for (guint i = 0; i < model->break_evens->len; i++)
    {
      const PsChartBreakEven *b = &g_array_index (model->break_evens, PsChartBreakEven, i);
      double x, w, h, box_x;

      if (!x_in_view (layout, b->x))
        continue;
      x = round (ps_chart_layout_x_to_px (layout, b->x)) + 0.5;
      cairo_save (cr);
      ps_chart_set_rgba (cr, &frame->style->accent, 1.0);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x, layout->plot.y);
      cairo_line_to (cr, x, layout->plot.y + layout->plot.height);
      cairo_stroke (cr);
      if (b->label != NULL)
        {
          ps_chart_text_size (frame->text, b->label, &w, &h);
          /* Right of the rule when it fits, otherwise left; stacked when there are several. */
          box_x = x + 6;
          if (box_x + w + 8 > layout->plot.x + layout->plot.width)
            box_x = x - 6 - w - 8;
          cairo_rectangle (cr, round (box_x), round (label_y), w + 8, h + 4);
          ps_chart_set_rgba (cr, &frame->style->background, 0.9);
          cairo_fill_preserve (cr);
          ps_chart_set_rgba (cr, &frame->style->accent, 1.0);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
          ps_chart_draw_text (cr, frame->text, b->label, round (box_x) + 4, round (label_y) + 2, 0,
                              0);
          label_y += h + 10;
        }
      cairo_restore (cr);
    }
  return label_y;
}

/**
 * ps_chart_render_annotations:
 * @frame: the frame being drawn
 *
 * Draws the annotations that sit on top of the data: knob-change markers and break-even rules
 * with their labels.
 *
 * Returns: the y below the last break-even label, where the readout may start
 */
double
ps_chart_render_annotations (const PsChartFrame *frame)
{
  if (frame->model->kind == PS_CHART_KIND_BARS)
    return frame->layout->plot.y + 8;
  render_knob_markers (frame);
  return MAX (render_break_evens (frame), frame->layout->plot.y + 8);
}

/**
 * ps_chart_render_crosshair:
 * @frame: the frame being drawn
 *
 * Draws the crosshair, a dot where it meets each visible series, and a readout box listing every
 * series' value at that x, each with its own line swatch, its box starting at @top so it does
 * not cover the break-even labels.
 */
void
ps_chart_render_crosshair (const PsChartFrame *frame,
                           double              top)
{
  const PsChartModel *model = frame->model;
  const PsChartLayout *layout = frame->layout;
  const PsChartStyle *style = frame->style;
  cairo_t *cr = frame->cr;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) line_series = g_array_new (FALSE, FALSE, sizeof (guint));
  double x = model->crosshair_x, px, box_w = 0, line_h = 0, box_x, box_y;

  if (model->kind == PS_CHART_KIND_BARS || !x_in_view (layout, x))
    return;
  px = round (ps_chart_layout_x_to_px (layout, x)) + 0.5;

  cairo_save (cr);
  ps_chart_set_rgba (cr, &style->foreground, 0.55);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, px, layout->plot.y);
  cairo_line_to (cr, px, layout->plot.y + layout->plot.height);
  cairo_stroke (cr);

  g_ptr_array_add (lines, ps_chart_readout_x_line (model, x));
  for (guint i = 0; i < model->series->len; i++)
    {
      char *line = ps_chart_readout_series_line (model, i, x);
      const PsChartSeries *s = _ps_chart_model_series (model, i);
      double y;

      if (line == NULL)
        continue;
      g_ptr_array_add (lines, line);
      g_array_append_val (line_series, i);
      ps_chart_model_value_at (model, i, x, &y);
      if (layout->y_scale == PS_CHART_SCALE_LOG && y <= 0.0)
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, px, ps_chart_layout_y_to_px (layout, y), 4, 0, 2 * G_PI);
      ps_chart_set_rgba (cr, &style->series[s->style_index % PS_CHART_N_SERIES_STYLES], 1);
      cairo_fill_preserve (cr);
      ps_chart_set_rgba (cr, &style->background, 1);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < lines->len; i++)
    {
      double w, h;
      ps_chart_text_size (frame->text, g_ptr_array_index (lines, i), &w, &h);
      box_w = MAX (box_w, w + (i > 0 ? 24 : 0));
      line_h = MAX (line_h, h);
    }
  box_w += 16;
  box_x = px + 12;
  if (box_x + box_w > layout->plot.x + layout->plot.width)
    box_x = px - 12 - box_w;
  box_x = round (MAX (box_x, layout->plot.x));
  box_y = round (top);

  cairo_rectangle (cr, box_x + 0.5, box_y + 0.5, box_w, lines->len * line_h + 12);
  ps_chart_set_rgba (cr, &style->background, 0.93);
  cairo_fill_preserve (cr);
  ps_chart_set_rgba (cr, &style->foreground, 0.3);
  cairo_stroke (cr);
  for (guint i = 0; i < lines->len; i++)
    {
      double ty = box_y + 6 + i * line_h, tx = box_x + 8;

      if (i > 0)
        {
          const PsChartSeries *s = _ps_chart_model_series (
            model, g_array_index (line_series, guint, i - 1));
          cairo_save (cr);
          ps_chart_set_series_stroke (frame, s);
          cairo_move_to (cr, tx, round (ty + line_h / 2) + 0.5);
          cairo_line_to (cr, tx + 18, round (ty + line_h / 2) + 0.5);
          cairo_stroke (cr);
          cairo_restore (cr);
          tx += 24;
        }
      ps_chart_set_rgba (cr, &style->foreground, 1);
      ps_chart_draw_text (cr, frame->text, g_ptr_array_index (lines, i), tx, ty, 0, 0);
    }
  cairo_restore (cr);
}
