/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-private.h: PsChart's test hooks. Code outside the widgets library (the chart tests,
 * through widgets_internal_dep) sees them only when built with PS_WIDGETS_COMPILATION. */
#pragma once

#ifndef PS_WIDGETS_COMPILATION
# error "ps-chart-private.h is internal to the widgets: include <ps-widgets.h>."
#endif

#include "ps-widgets.h"

G_BEGIN_DECLS

const PsChartLayout *ps_chart_get_layout (PsChart *self);
gboolean ps_chart_get_readout_value (PsChart *self,
                                     guint    series,
                                     double  *value);
gboolean ps_chart_scroll (PsChart        *self,
                          double          dy,
                          GdkModifierType modifiers);

G_END_DECLS
