/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-render.h: draws a PsChartModel into any cairo context. All pixel math lives here, so
 * the widget, PNG/SVG/PDF export and the headless CLI draw exactly the same picture. */
#pragma once

#if !defined (PS_CHARTS_INSIDE) && !defined (PS_CHARTS_COMPILATION)
# error "Only <ps-charts.h> can be included directly."
#endif

#include <cairo.h>
#include <glib.h>

#include "ps-chart-model.h"
#include "ps-chart-style.h"
#include "ps-chart-ticks.h"

G_BEGIN_DECLS

#define PS_CHART_LEGEND_MAX 16

/**
 * PsChartRect:
 * @x: left, in pixels
 * @y: top
 * @width: width
 * @height: height
 */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} PsChartRect;

/**
 * PsChartLayout:
 * @width: the whole chart's width, in logical pixels
 * @height: its height
 * @plot: the data area
 * @view: the visible window, in data units
 * @x_scale: the x axis scale
 * @y_scale: the y axis scale
 * @x_ticks: the x ticks drawn
 * @y_ticks: the y ticks drawn
 * @legend: each legend entry's clickable area
 * @legend_series: the series each entry stands for
 * @n_legend: the number of legend entries
 *
 * Where things went in the last drawing, so the widget can map the pointer back to data and to
 * legend entries without redoing any geometry itself.
 */
typedef struct
{
  double width;
  double height;
  PsChartRect plot;
  PsChartBounds view;
  PsChartScale x_scale;
  PsChartScale y_scale;
  PsChartTicks x_ticks;
  PsChartTicks y_ticks;
  PsChartRect legend[PS_CHART_LEGEND_MAX];
  guint legend_series[PS_CHART_LEGEND_MAX];
  guint n_legend;
} PsChartLayout;

void ps_chart_render (const PsChartModel *model,
                      cairo_t            *cr,
                      double              width,
                      double              height,
                      const PsChartStyle *style,
                      PsChartLayout      *layout);

double ps_chart_layout_x_to_px (const PsChartLayout *layout,
                                double               x);
double ps_chart_layout_y_to_px (const PsChartLayout *layout,
                                double               y);
double ps_chart_layout_px_to_x (const PsChartLayout *layout,
                                double               px);
double ps_chart_layout_px_to_y (const PsChartLayout *layout,
                                double               py);
int ps_chart_layout_legend_hit (const PsChartLayout *layout,
                                double               px,
                                double               py);
gboolean ps_chart_layout_in_plot (const PsChartLayout *layout,
                                  double               px,
                                  double               py);

char *ps_chart_dup_readout (const PsChartModel *model,
                            double              x);

G_END_DECLS
