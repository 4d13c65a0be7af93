/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-export.h: writes a chart to PNG, SVG or PDF with no display at all. */
#pragma once

#if !defined (PS_CHARTS_INSIDE) && !defined (PS_CHARTS_COMPILATION)
# error "Only <ps-charts.h> can be included directly."
#endif

#include <glib.h>

#include "ps-chart-model.h"
#include "ps-chart-style.h"

G_BEGIN_DECLS

/**
 * PsChartFormat:
 * @PS_CHART_FORMAT_PNG: a raster image; the scale gives HiDPI (2×) output
 * @PS_CHART_FORMAT_SVG: a vector image
 * @PS_CHART_FORMAT_PDF: a vector document
 *
 * The file formats a chart can be exported to.
 */
typedef enum
{
  PS_CHART_FORMAT_PNG,
  PS_CHART_FORMAT_SVG,
  PS_CHART_FORMAT_PDF,
} PsChartFormat;

gboolean ps_chart_format_from_path (const char    *path,
                                    PsChartFormat *format);

char *ps_chart_path_with_format (const char   *path,
                                 PsChartFormat format);

gboolean ps_chart_render_to_file (const PsChartModel *model,
                                  const char         *path,
                                  PsChartFormat       format,
                                  int                 width,
                                  int                 height,
                                  double              scale,
                                  GError            **error);

gboolean ps_chart_render_to_file_with_style (const PsChartModel *model,
                                             const PsChartStyle *style,
                                             const char         *path,
                                             PsChartFormat       format,
                                             int                 width,
                                             int                 height,
                                             double              scale,
                                             GError            **error);

G_END_DECLS
