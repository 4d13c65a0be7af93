/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-widgets.h: the chart widgets (PsChart) and the renderer they draw with. */
#pragma once

#include "ps-charts.h"

#define PS_WIDGETS_INSIDE
#include "ps-chart.h"
#undef PS_WIDGETS_INSIDE
