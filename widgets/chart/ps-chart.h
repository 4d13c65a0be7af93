/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart.h: the chart widget. It draws a PsChartModel with the shared renderer and adds the
 * interaction: legend toggles, hover crosshair with readout, zoom, pan and keyboard. */
#pragma once

#if !defined (PS_WIDGETS_INSIDE) && !defined (PS_WIDGETS_COMPILATION)
# error "Only <ps-widgets.h> can be included directly."
#endif

#include <gtk/gtk.h>

#include "ps-charts.h"

G_BEGIN_DECLS

#define PS_TYPE_CHART (ps_chart_get_type ())

G_DECLARE_FINAL_TYPE (PsChart, ps_chart, PS, CHART, GtkWidget)

GtkWidget *ps_chart_new (PsChartModel *model);
void ps_chart_set_model (PsChart      *self,
                         PsChartModel *model);
PsChartModel *ps_chart_get_model (PsChart *self);
void ps_chart_set_live (PsChart *self,
                        gboolean live);
gboolean ps_chart_get_live (PsChart *self);
void ps_chart_queue_model_update (PsChart *self);
void ps_chart_reset_view (PsChart *self);
char *ps_chart_dup_summary (PsChart *self);
void ps_chart_toggle_series (PsChart *self,
                             guint    series);
gboolean ps_chart_get_crosshair (PsChart *self,
                                 double  *x);
char *ps_chart_dup_readout_text (PsChart *self);

G_END_DECLS
