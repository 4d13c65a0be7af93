/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-render.c: layout, axes, legend and the order layers are painted in.
 *
 * Geometry is decided once per frame in compute_layout(); the layer painters in
 * ps-chart-render-series.c and ps-chart-render-layers.c only map values through the layout.
 */
#define G_LOG_DOMAIN "ps-chart-render"

#include "ps-chart-render-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define PAD          12.0
#define TICK_GAP     6.0
#define SWATCH_WIDTH 26.0
#define LEGEND_GAP   18.0

void
ps_chart_set_rgba (cairo_t           *cr,
                   const PsChartRgba *rgba,
                   double             alpha_factor)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha_factor);
}

void
ps_chart_text_size (PsChartFont *font,
                    const char  *string,
                    double      *width,
                    double      *height)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (ps_chart_font_get_layout (font, string), NULL, &logical);
  *width = logical.width;
  *height = logical.height;
}

/* Draws @string with its box aligned at (@x, @y): align 0 = left/top, 0.5 = centre, 1 = right. */
void
ps_chart_draw_text (cairo_t     *cr,
                    PsChartFont *font,
                    const char  *string,
                    double       x,
                    double       y,
                    double       align_x,
                    double       align_y)
{
  PangoLayout *text = ps_chart_font_get_layout (font, string);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (text, NULL, &logical);
  cairo_move_to (cr, round (x - logical.width * align_x), round (y - logical.height * align_y));
  pango_cairo_show_layout (cr, text);
}

void
ps_chart_set_series_stroke (const PsChartFrame  *frame,
                            const PsChartSeries *series)
{
  cairo_t *cr = frame->cr;
  guint n_dashes;
  const double *dashes = ps_chart_style_get_dashes (series->style_index, &n_dashes);
  static const double model_dashes[] = { 5, 4 };

  /* Raw points under a trend are context, not the message. */
  ps_chart_set_rgba (cr, &frame->style->series[series->style_index % PS_CHART_N_SERIES_STYLES],
                     series->summarized_by >= 0 ? 0.3 : 1.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (series->is_model_curve)
    {
      cairo_set_line_width (cr, 1.25);
      cairo_set_dash (cr, model_dashes, G_N_ELEMENTS (model_dashes), 0);
    }
  else
    {
      cairo_set_line_width (cr, 2.0);
      cairo_set_dash (cr, dashes, (int) n_dashes, 0);
    }
}

double
ps_chart_layout_x_to_px (const PsChartLayout *layout,
                         double               x)
{
  double t0 = ps_chart_axis_to_t (layout->x_scale, layout->view.x0);
  double t1 = ps_chart_axis_to_t (layout->x_scale, layout->view.x1);

  return layout->plot.x + (ps_chart_axis_to_t (layout->x_scale, x) - t0) / (t1 - t0) *
                            layout->plot.width;
}

double
ps_chart_layout_y_to_px (const PsChartLayout *layout,
                         double               y)
{
  double t0 = ps_chart_axis_to_t (layout->y_scale, layout->view.y0);
  double t1 = ps_chart_axis_to_t (layout->y_scale, layout->view.y1);

  return layout->plot.y + layout->plot.height -
         (ps_chart_axis_to_t (layout->y_scale, y) - t0) / (t1 - t0) * layout->plot.height;
}

double
ps_chart_layout_px_to_x (const PsChartLayout *layout,
                         double               px)
{
  double t0 = ps_chart_axis_to_t (layout->x_scale, layout->view.x0);
  double t1 = ps_chart_axis_to_t (layout->x_scale, layout->view.x1);

  return ps_chart_axis_from_t (layout->x_scale,
                               t0 + (px - layout->plot.x) / layout->plot.width * (t1 - t0));
}

double
ps_chart_layout_px_to_y (const PsChartLayout *layout,
                         double               py)
{
  double t0 = ps_chart_axis_to_t (layout->y_scale, layout->view.y0);
  double t1 = ps_chart_axis_to_t (layout->y_scale, layout->view.y1);
  double f = (layout->plot.y + layout->plot.height - py) / layout->plot.height;

  return ps_chart_axis_from_t (layout->y_scale, t0 + f * (t1 - t0));
}

/**
 * ps_chart_layout_legend_hit:
 * @layout: the layout of the last drawing
 * @px: pointer x, in the chart's pixels
 * @py: pointer y
 *
 * Returns: the series whose legend entry is under the pointer, or -1
 */
int
ps_chart_layout_legend_hit (const PsChartLayout *layout,
                            double               px,
                            double               py)
{
  for (guint i = 0; i < layout->n_legend; i++)
    {
      const PsChartRect *r = &layout->legend[i];
      if (px >= r->x && px < r->x + r->width && py >= r->y && py < r->y + r->height)
        return (int) layout->legend_series[i];
    }
  return -1;
}

gboolean
ps_chart_layout_in_plot (const PsChartLayout *layout,
                         double               px,
                         double               py)
{
  return px >= layout->plot.x && px <= layout->plot.x + layout->plot.width &&
         py >= layout->plot.y && py <= layout->plot.y + layout->plot.height;
}

/**
 * ps_chart_dup_readout:
 * @model: a model
 * @x: the crosshair's x
 *
 * Writes what the crosshair shows: the x value on the first line, then "name: value" for every
 * visible series that has a value there. The widget's readout and its tests use the same text.
 *
 * Returns: (transfer full): the readout, one line per entry
 */
char *
ps_chart_dup_readout (const PsChartModel *model,
                      double              x)
{
  GString *out = g_string_new (NULL);
  char *line = ps_chart_readout_x_line (model, x);

  g_string_append (out, line);
  g_free (line);
  for (guint i = 0; i < model->series->len; i++)
    if ((line = ps_chart_readout_series_line (model, i, x)) != NULL)
      {
        g_string_append_printf (out, "\n%s", line);
        g_free (line);
      }
  return g_string_free (out, FALSE);
}

/* "threads: 8", the readout's first line. */
char *
ps_chart_readout_x_line (const PsChartModel *model,
                         double              x)
{
  g_autofree char *value = ps_chart_format_value (x, model->axes[PS_CHART_AXIS_X].unit, 0);

  if (model->axes[PS_CHART_AXIS_X].label != NULL)
    return g_strdup_printf ("%s: %s", model->axes[PS_CHART_AXIS_X].label, value);
  return g_steal_pointer (&value);
}

/* "pinned: 12.3 k/s", or NULL for a hidden series or one without a value at @x. */
char *
ps_chart_readout_series_line (const PsChartModel *model,
                              guint               series,
                              double              x)
{
  const PsChartSeries *s = _ps_chart_model_series (model, series);
  g_autofree char *value = NULL;
  double y;

  if (!s->visible || !ps_chart_model_value_at (model, series, x, &y))
    return NULL;
  value = ps_chart_format_value (y, model->axes[PS_CHART_AXIS_Y].unit, 0);
  /* A raw series shares its name with its trend: say which of the two a line reads. */
  if (s->summarized_by >= 0)
    return g_strdup_printf ("%s (sample): %s", s->name != NULL ? s->name : "", value);
  return g_strdup_printf ("%s: %s", s->name != NULL ? s->name : "", value);
}

static void
compute_legend (PsChartFrame *frame, double *top)
{
  PsChartLayout *layout = frame->layout;
  double x = PAD, row_h = 0;

  layout->n_legend = 0;
  if (frame->model->kind == PS_CHART_KIND_BARS)
    return;
  for (guint i = 0; i < frame->model->series->len && layout->n_legend < PS_CHART_LEGEND_MAX; i++)
    {
      const PsChartSeries *s = _ps_chart_model_series (frame->model, i);
      double w, h, item_w;

      if (s->summarized_by >= 0)
        continue; /* its trend stands for it */
      ps_chart_text_size (frame->text, s->name != NULL ? s->name : "", &w, &h);
      item_w = SWATCH_WIDTH + 6 + w;
      if (x > PAD && x + item_w > layout->width - PAD)
        {
          x = PAD;
          *top += row_h + 4;
        }
      layout->legend[layout->n_legend] = (PsChartRect) { x, *top, item_w, h };
      layout->legend_series[layout->n_legend++] = i;
      x += item_w + LEGEND_GAP;
      row_h = MAX (row_h, h);
    }
  if (layout->n_legend > 0)
    *top += row_h + 8;
}

static double
widest_label (PsChartFrame *frame, const PsChartTicks *ticks, PsChartUnit unit)
{
  double widest = 0;

  for (guint i = 0; i < ticks->n; i++)
    {
      g_autofree char *label = ps_chart_format_value (ticks->values[i], unit, ticks->step);
      double w, h;

      ps_chart_text_size (frame->text, label, &w, &h);
      widest = MAX (widest, w);
    }
  return widest;
}

static void
compute_layout (PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  PsChartLayout *layout = frame->layout;
  double top = PAD, bottom, left, text_w, text_h;
  guint x_target, y_target;

  ps_chart_text_size (frame->text, "0", &text_w, &text_h);
  if (frame->style->draw_title && model->title != NULL)
    top += text_h * 1.4 + 2;
  if (frame->style->draw_title && model->subtitle != NULL)
    top += text_h + 4;
  if (top > PAD)
    top += 6;
  compute_legend (frame, &top);

  bottom = PAD + text_h + TICK_GAP;
  if (model->axes[PS_CHART_AXIS_X].label != NULL || model->kind == PS_CHART_KIND_BARS)
    bottom += text_h + 4;
  left = PAD;
  if (model->axes[PS_CHART_AXIS_Y].label != NULL)
    left += text_h + 6;

  layout->x_scale = model->kind == PS_CHART_KIND_BARS ? PS_CHART_SCALE_LINEAR
                                                      : model->axes[PS_CHART_AXIS_X].scale;
  layout->y_scale = model->axes[PS_CHART_AXIS_Y].scale;

  /* The y labels' width depends on the ticks, which depend on the plot height: fix the height
   * first (it does not depend on the labels), then measure. */
  /* The plot lies on whole pixels: its clip is then a region, and the fills inside it take
   * pixman's plain box paths instead of compositing through a clip mask (measured: the warm-up
   * band alone was half of a 1600×900 frame's chrome when the plot's top was fractional). */
  layout->plot.y = round (top);
  layout->plot.height = MAX (floor (layout->height - layout->plot.y - bottom), 10);
  /* A decade label is short and its lines are far apart: a log axis can label one every ~18 px
   * where a linear one needs ~48 px between round values. */
  y_target = layout->y_scale == PS_CHART_SCALE_LOG
               ? (guint) CLAMP (layout->plot.height / 18, 2, 24)
               : (guint) CLAMP (layout->plot.height / 48, 2, 12);
  x_target = (guint) CLAMP ((layout->width - left - 60) / 110, 2, 12);
  ps_chart_model_get_view (model, x_target, y_target, &layout->view);
  ps_chart_ticks_compute (&layout->y_ticks, layout->view.y0, layout->view.y1, layout->y_scale,
                          model->axes[PS_CHART_AXIS_Y].unit, y_target);
  left += widest_label (frame, &layout->y_ticks, model->axes[PS_CHART_AXIS_Y].unit) + TICK_GAP;

  layout->plot.x = round (left);
  layout->plot.width = MAX (floor (layout->width - left - PAD - 14), 10);
  if (model->kind == PS_CHART_KIND_BARS)
    layout->x_ticks.n = 0;
  else
    ps_chart_ticks_compute (&layout->x_ticks, layout->view.x0, layout->view.x1, layout->x_scale,
                            model->axes[PS_CHART_AXIS_X].unit, x_target);
}

static void
render_title (const PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  cairo_t *cr = frame->cr;
  double y = PAD, w, h;

  if (!frame->style->draw_title)
    return;
  ps_chart_set_rgba (cr, &frame->style->foreground, 1.0);
  if (model->title != NULL)
    {
      ps_chart_draw_text (cr, frame->title, model->title, PAD, y, 0, 0);
      ps_chart_text_size (frame->title, model->title, &w, &h);
      y += h + 2;
    }
  if (model->subtitle != NULL)
    {
      ps_chart_set_rgba (cr, &frame->style->foreground, 0.7);
      ps_chart_draw_text (cr, frame->text, model->subtitle, PAD, y, 0, 0);
    }
}

static void
render_legend (const PsChartFrame *frame)
{
  const PsChartLayout *layout = frame->layout;
  cairo_t *cr = frame->cr;

  for (guint i = 0; i < layout->n_legend; i++)
    {
      const PsChartSeries *s = _ps_chart_model_series (frame->model, layout->legend_series[i]);
      const PsChartRect *r = &layout->legend[i];
      double mid = r->y + r->height / 2;
      /* A hidden series stays listed, faded and struck through, so it can be clicked back. */
      double fade = s->visible ? 1.0 : 0.35;

      cairo_save (cr);
      /* A group is as large as the clip: without this one, each entry cleared and composited a
       * surface the size of the whole chart (about 1 ms per entry at 1600×900). The margin of a
       * line height keeps every cap and glyph overhang inside, so no drawn pixel changes. */
      cairo_rectangle (cr, r->x - r->height, r->y - r->height, r->width + 2 * r->height,
                       3 * r->height);
      cairo_clip (cr);
      cairo_push_group (cr);
      ps_chart_set_series_stroke (frame, s);
      cairo_move_to (cr, r->x + 2, round (mid) + 0.5);
      cairo_line_to (cr, r->x + SWATCH_WIDTH - 2, round (mid) + 0.5);
      cairo_stroke (cr);
      ps_chart_set_rgba (cr, &frame->style->foreground, 1.0);
      ps_chart_draw_text (cr, frame->text, s->name != NULL ? s->name : "", r->x + SWATCH_WIDTH + 6,
                          r->y, 0, 0);
      if (!s->visible)
        {
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, r->x + SWATCH_WIDTH + 4, round (mid) + 0.5);
          cairo_line_to (cr, r->x + r->width, round (mid) + 0.5);
          cairo_stroke (cr);
        }
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, fade);
      cairo_restore (cr);
    }
}

static void
render_grid (const PsChartFrame *frame)
{
  const PsChartLayout *layout = frame->layout;
  const PsChartRect *p = &layout->plot;
  cairo_t *cr = frame->cr;

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  ps_chart_set_rgba (cr, &frame->style->grid, 1.0);
  for (guint i = 0; i < layout->y_ticks.n; i++)
    {
      double y = round (ps_chart_layout_y_to_px (layout, layout->y_ticks.values[i])) + 0.5;
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
    }
  for (guint i = 0; i < layout->x_ticks.n; i++)
    {
      double x = round (ps_chart_layout_x_to_px (layout, layout->x_ticks.values[i])) + 0.5;
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
    }
  cairo_stroke (cr);

  /* Minor lines (2×…9× of a log decade) fainter, so the labelled ones still stand out. */
  ps_chart_set_rgba (cr, &frame->style->grid, 0.45);
  for (guint i = 0; i < layout->y_ticks.n_minor; i++)
    {
      double y = round (ps_chart_layout_y_to_px (layout, layout->y_ticks.minor[i])) + 0.5;
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
    }
  for (guint i = 0; i < layout->x_ticks.n_minor; i++)
    {
      double x = round (ps_chart_layout_x_to_px (layout, layout->x_ticks.minor[i])) + 0.5;
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
render_axes (const PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  const PsChartLayout *layout = frame->layout;
  const PsChartRect *p = &layout->plot;
  cairo_t *cr = frame->cr;
  double bottom = p->y + p->height;

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  ps_chart_set_rgba (cr, &frame->style->foreground, 0.45);
  cairo_move_to (cr, p->x - 0.5, p->y);
  cairo_line_to (cr, p->x - 0.5, bottom + 0.5);
  cairo_line_to (cr, p->x + p->width, bottom + 0.5);
  cairo_stroke (cr);

  ps_chart_set_rgba (cr, &frame->style->foreground, 0.75);
  for (guint i = 0; i < layout->y_ticks.n; i++)
    {
      g_autofree char *label = ps_chart_format_value (
        layout->y_ticks.values[i], model->axes[PS_CHART_AXIS_Y].unit, layout->y_ticks.step);
      ps_chart_draw_text (cr, frame->text, label, p->x - TICK_GAP,
                          ps_chart_layout_y_to_px (layout, layout->y_ticks.values[i]), 1, 0.5);
    }
  for (guint i = 0; i < layout->x_ticks.n; i++)
    {
      g_autofree char *label = ps_chart_format_value (
        layout->x_ticks.values[i], model->axes[PS_CHART_AXIS_X].unit, layout->x_ticks.step);
      ps_chart_draw_text (cr, frame->text, label,
                          ps_chart_layout_x_to_px (layout, layout->x_ticks.values[i]),
                          bottom + TICK_GAP / 2, 0.5, 0);
    }

  for (guint i = 0; model->kind == PS_CHART_KIND_BARS && i < model->bars->len; i++)
    {
      const PsChartBar *b = &g_array_index (model->bars, PsChartBar, i);
      if (b->label != NULL)
        ps_chart_draw_text (cr, frame->text, b->label, ps_chart_layout_x_to_px (layout, i),
                            bottom + TICK_GAP / 2, 0.5, 0);
    }

  ps_chart_set_rgba (cr, &frame->style->foreground, 1.0);
  if (model->axes[PS_CHART_AXIS_X].label != NULL)
    ps_chart_draw_text (cr, frame->text, model->axes[PS_CHART_AXIS_X].label, p->x + p->width / 2,
                        layout->height - PAD, 0.5, 1);
  if (model->axes[PS_CHART_AXIS_Y].label != NULL)
    {
      /* Rotated a quarter turn anticlockwise, centred on the plot's height. */
      cairo_save (cr);
      cairo_translate (cr, PAD, p->y + p->height / 2);
      cairo_rotate (cr, -G_PI / 2);
      ps_chart_draw_text (cr, frame->text, model->axes[PS_CHART_AXIS_Y].label, 0, 0, 0.5, 0);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

/* Writes how many points could not be drawn, so log axes and NaNs never hide data silently. */
static void
render_notes (const PsChartFrame *frame)
{
  const PsChartModel *model = frame->model;
  const PsChartLayout *layout = frame->layout;
  gsize skipped = 0, points = 0;

  for (guint i = 0; i < model->series->len; i++)
    {
      skipped += ps_chart_model_get_n_skipped (model, i);
      points += _ps_chart_model_series (model, i)->xs->len;
    }
  points += model->bars->len;

  ps_chart_set_rgba (frame->cr, &frame->style->foreground, 0.6);
  if (points == 0)
    ps_chart_draw_text (frame->cr, frame->text, _("No data yet"),
                        layout->plot.x + layout->plot.width / 2,
                        layout->plot.y + layout->plot.height / 2, 0.5, 0.5);
  if (skipped > 0)
    {
      guint shown_skipped = (guint) MIN (skipped, G_MAXUINT);
      g_autofree char *note = g_strdup_printf (
        ngettext ("%u point not shown (not finite, or ≤ 0 on a log axis)",
                  "%u points not shown (not finite, or ≤ 0 on a log axis)", shown_skipped),
        shown_skipped);
      ps_chart_draw_text (frame->cr, frame->small, note, layout->width - PAD,
                          layout->height - PAD, 1, 1);
    }
}

/**
 * ps_chart_render:
 * @model: what to draw
 * @cr: where to draw; the chart fills (0, 0, @width, @height) in user space
 * @width: the width in logical pixels (the caller scales @cr for HiDPI)
 * @height: the height
 * @style: colours, fonts and options
 * @layout: (out caller-allocates) (optional): where things went, for hit-testing
 *
 * Draws the whole chart: background, title, legend, grid, backdrop, annotations, series or bars,
 * axes, notes and the crosshair readout. Never fails: awkward data draws as an empty or partial
 * chart with a note.
 */
void
ps_chart_render (const PsChartModel *model,
                 cairo_t            *cr,
                 double              width,
                 double              height,
                 const PsChartStyle *style,
                 PsChartLayout      *layout)
{
  PsChartLayout local;
  PsChartTextCache *texts = model->text_cache;
  PsChartFrame frame = { cr, model, style, layout != NULL ? layout : &local, NULL, NULL, NULL };
  double readout_top;

  memset (frame.layout, 0, sizeof *frame.layout);
  frame.layout->width = width;
  frame.layout->height = height;
  /* Labels are shaped for the target as it is now, before any drawing transforms it. */
  ps_chart_text_cache_begin_frame (texts, cr, style->font);
  frame.text = ps_chart_text_cache_get_font (texts, PS_CHART_FONT_TEXT);
  frame.small = ps_chart_text_cache_get_font (texts, PS_CHART_FONT_SMALL);
  frame.title = ps_chart_text_cache_get_font (texts, PS_CHART_FONT_TITLE);

  cairo_save (cr);
  if (style->draw_background)
    {
      ps_chart_set_rgba (cr, &style->background, 1.0);
      cairo_paint (cr);
    }
  compute_layout (&frame);
  render_title (&frame);
  render_legend (&frame);
  render_grid (&frame);

  cairo_save (cr);
  cairo_rectangle (cr, frame.layout->plot.x, frame.layout->plot.y - 1,
                   frame.layout->plot.width + 1, frame.layout->plot.height + 2);
  cairo_clip (cr);
  ps_chart_render_backdrop (&frame);
  if (model->kind == PS_CHART_KIND_BARS)
    ps_chart_render_bars (&frame);
  else
    ps_chart_render_series (&frame);
  cairo_restore (cr);

  readout_top = ps_chart_render_annotations (&frame);
  render_axes (&frame);
  render_notes (&frame);
  ps_chart_render_crosshair (&frame, readout_top);
  cairo_restore (cr);

  ps_chart_text_cache_end_frame (texts);
}
