/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-style.h: the colours, dashes and fonts a chart is drawn with. No GTK: the widget fills
 * one from CSS, exports use the built-in light or dark Adwaita palette. */
#pragma once

#if !defined (PS_CHARTS_INSIDE) && !defined (PS_CHARTS_COMPILATION)
# error "Only <ps-charts.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define PS_CHART_N_SERIES_STYLES 8

/**
 * PsChartRgba:
 * @red: 0–1
 * @green: 0–1
 * @blue: 0–1
 * @alpha: 0–1
 *
 * A colour, laid out like GdkRGBA (whose fields are floats, so it is not the same type).
 */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} PsChartRgba;

/**
 * PsChartStyle:
 * @background: the chart's background
 * @foreground: text and axes
 * @grid: grid lines
 * @accent: break-even markers
 * @series: one colour per series, cycled
 * @regime: the contention regimes, low to saturated
 * @font: a Pango font description string for labels
 * @dark: whether the palette is for a dark background
 * @draw_background: fill the background (exports) or leave it to the widget's CSS
 * @draw_title: write the model's title and subtitle above the plot (exports)
 * @decimate: draw dense series as min/max columns (turned off only to test decimation)
 *
 * Everything about looks; all pixel geometry lives in the renderer.
 */
typedef struct
{
  PsChartRgba background;
  PsChartRgba foreground;
  PsChartRgba grid;
  PsChartRgba accent;
  PsChartRgba series[PS_CHART_N_SERIES_STYLES];
  PsChartRgba regime[4];
  const char *font;
  gboolean dark;
  gboolean draw_background;
  gboolean draw_title;
  gboolean decimate;
} PsChartStyle;

void ps_chart_style_init (PsChartStyle *style,
                          gboolean      dark);
const double *ps_chart_style_get_dashes (guint  style_index,
                                         guint *n_dashes);
gboolean ps_chart_rgba_parse (PsChartRgba *rgba,
                              const char  *hex);

G_END_DECLS
