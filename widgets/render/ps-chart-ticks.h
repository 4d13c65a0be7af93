/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-ticks.h: "nice" axis ticks and locale-independent unit formatting. Pure, no cairo. */
#pragma once

#if !defined (PS_CHARTS_INSIDE) && !defined (PS_CHARTS_COMPILATION)
# error "Only <ps-charts.h> can be included directly."
#endif

#include <glib.h>

#include "ps-chart-types.h"

G_BEGIN_DECLS

#define PS_CHART_TICKS_MAX 32
#define PS_CHART_MINOR_TICKS_MAX 96

/**
 * PsChartTicks:
 * @values: tick positions in data units, ascending
 * @n: how many of @values are used
 * @step: the distance between linear ticks (the precision labels need); 0 on a log axis
 * @minor: unlabelled grid positions between the labelled ones (2×…9× each decade on a log axis
 *   whose every decade is labelled), ascending
 * @n_minor: how many of @minor are used
 *
 * A set of ticks for one axis.
 */
typedef struct
{
  double values[PS_CHART_TICKS_MAX];
  guint n;
  double step;
  double minor[PS_CHART_MINOR_TICKS_MAX];
  guint n_minor;
} PsChartTicks;

void ps_chart_ticks_compute (PsChartTicks *ticks,
                             double        lo,
                             double        hi,
                             PsChartScale  scale,
                             PsChartUnit   unit,
                             guint         target);

void ps_chart_ticks_nice_range (double      *lo,
                                double      *hi,
                                PsChartScale scale,
                                PsChartUnit  unit,
                                guint        target);

char *ps_chart_format_value (double      value,
                             PsChartUnit unit,
                             double      step);

G_END_DECLS
