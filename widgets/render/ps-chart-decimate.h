/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-decimate.h: min/max summaries of a series, kept up to date as points arrive.
 *
 * A series with ascending x is summarised at levels of 16, 256, 4096 … points. Appending touches
 * one bucket per level (a handful for any realistic size, so O(1)); drawing walks the coarsest
 * buckets that still fit in one pixel column, so a frame costs about two vertices per column
 * whatever the number of points.
 */
#pragma once

#ifndef PS_CHARTS_COMPILATION
# error "ps-chart-decimate.h is internal to the chart renderer: include <ps-charts.h>."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * PsChartColumn:
 * @y_min: the smallest y that falls in the column
 * @y_max: the largest y that falls in the column
 * @i_min: the index of the point holding @y_min
 * @i_max: the index of the point holding @y_max; the order of the two tells which way the
 *   polyline runs through the column
 * @y_first: the y of the column's first point, where the line enters it
 * @y_last: the y of its last point, where the line leaves it
 * @used: whether any point fell in the column
 * @cut: left to the caller, which marks a column that a break in the series separates from the
 *   data left of it
 *
 * What one pixel column of a decimated series holds.
 */
typedef struct
{
  double y_min;
  double y_max;
  gsize i_min;
  gsize i_max;
  double y_first;
  double y_last;
  gboolean used;
  gboolean cut;
} PsChartColumn;

/**
 * PsChartXMap:
 * @t0: the left edge of the view, in axis space (log10 (x) on a log axis)
 * @t1: the right edge of the view, in axis space
 * @log: whether x goes through log10 first
 *
 * How x values map to pixel columns: column = floor ((t (x) - t0) / (t1 - t0) × n_columns).
 */
typedef struct
{
  double t0;
  double t1;
  gboolean log;
} PsChartXMap;

typedef struct _PsChartDecimate PsChartDecimate;

PsChartDecimate *ps_chart_decimate_new (void);
void ps_chart_decimate_free (PsChartDecimate *self);
void ps_chart_decimate_clear (PsChartDecimate *self);
void ps_chart_decimate_push (PsChartDecimate *self,
                             double           x,
                             double           y);
gsize ps_chart_decimate_get_n_points (const PsChartDecimate *self);
guint ps_chart_decimate_column (const PsChartXMap *map,
                                guint              n_columns,
                                double             x);
void ps_chart_decimate_fill_columns (const PsChartDecimate *self,
                                     const double          *xs,
                                     const double          *ys,
                                     gsize                  first,
                                     gsize                  last,
                                     const PsChartXMap     *map,
                                     PsChartColumn         *columns,
                                     guint                  n_columns);
PsChartColumn *ps_chart_decimate_columns (PsChartDecimate   *self,
                                          const PsChartXMap *map,
                                          guint              n_columns,
                                          gsize              first,
                                          gsize              last,
                                          gboolean          *fresh);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsChartDecimate, ps_chart_decimate_free)

G_END_DECLS
