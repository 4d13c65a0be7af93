/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-types.h: the small enums shared by the chart model, ticks and renderer.
 *
 * Kept apart so ps-chart-ticks.h does not need the whole model.
 */
#pragma once

#if !defined (PS_CHARTS_INSIDE) && !defined (PS_CHARTS_COMPILATION)
# error "Only <ps-charts.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * PsChartScale:
 * @PS_CHART_SCALE_LINEAR: a linear axis
 * @PS_CHART_SCALE_LOG: a logarithmic axis; values ≤ 0 cannot be placed and are skipped and counted
 *
 * How an axis maps values to pixels.
 */
typedef enum
{
  PS_CHART_SCALE_LINEAR,
  PS_CHART_SCALE_LOG,
} PsChartScale;

/**
 * PsChartUnit:
 * @PS_CHART_UNIT_COUNT: a plain number, SI prefixes ("12 k")
 * @PS_CHART_UNIT_BYTES: bytes, binary prefixes ("64 KiB", "1 MiB")
 * @PS_CHART_UNIT_SECONDS: a duration in seconds ("250 µs", "2.5 ms")
 * @PS_CHART_UNIT_RATE: events per second ("12 k/s")
 * @PS_CHART_UNIT_PERCENT: a share in percent, 0–100 ("45%")
 *
 * What the numbers on an axis mean, which decides how ticks are chosen and written.
 */
typedef enum
{
  PS_CHART_UNIT_COUNT,
  PS_CHART_UNIT_BYTES,
  PS_CHART_UNIT_SECONDS,
  PS_CHART_UNIT_RATE,
  PS_CHART_UNIT_PERCENT,
} PsChartUnit;

G_END_DECLS
