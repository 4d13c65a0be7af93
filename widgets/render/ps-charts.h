/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-charts.h: the chart renderer's public API (model, layout, ticks, style, drawing, export).
 *
 * Pure cairo and pango, no GTK: the CLI and exports draw with it as the widget does.
 */
#pragma once

#define PS_CHARTS_INSIDE
#include "ps-chart-types.h"
#include "ps-chart-model.h"
#include "ps-chart-style.h"
#include "ps-chart-ticks.h"
#include "ps-chart-render.h"
#include "ps-chart-export.h"
#undef PS_CHARTS_INSIDE
