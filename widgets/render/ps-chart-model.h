/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-model.h: what a chart shows, independent of pixels, GTK and cairo.
 *
 * A model is built by the app (or the CLI, or a test), drawn by ps-chart-render.h into any cairo
 * context and shown on screen by PsChart. It holds series of (x, y) points with optional intervals,
 * annotations (knob-change markers, a warm-up band, break-even markers, a contention backdrop),
 * bars, and the interactive state a reader changes: hidden series, zoom window and crosshair.
 *
 * Thread: a model belongs to one thread (the main thread in the app). Reference counted.
 */
#pragma once

#if !defined (PS_CHARTS_INSIDE) && !defined (PS_CHARTS_COMPILATION)
# error "Only <ps-charts.h> can be included directly."
#endif

#include <glib-object.h>

#include "ps-chart-types.h"

G_BEGIN_DECLS

/**
 * PsChartKind:
 * @PS_CHART_KIND_TIME_SERIES: x is seconds since the run started; lines, live scrolling
 * @PS_CHART_KIND_XY: a sweep: x is a knob, lines with intervals, break-even markers
 * @PS_CHART_KIND_BARS: one bar per category with whiskers
 *
 * The layout a model asks for.
 */
typedef enum
{
  PS_CHART_KIND_TIME_SERIES,
  PS_CHART_KIND_XY,
  PS_CHART_KIND_BARS,
} PsChartKind;

/**
 * PsChartAxisId:
 * @PS_CHART_AXIS_X: the horizontal axis
 * @PS_CHART_AXIS_Y: the vertical axis
 */
typedef enum
{
  PS_CHART_AXIS_X,
  PS_CHART_AXIS_Y,
} PsChartAxisId;

/**
 * PsChartIntervalStyle:
 * @PS_CHART_INTERVAL_BAND: a shaded band between the low and high values
 * @PS_CHART_INTERVAL_WHISKERS: a capped vertical bar per point
 *
 * How a series' confidence intervals are drawn.
 */
typedef enum
{
  PS_CHART_INTERVAL_BAND,
  PS_CHART_INTERVAL_WHISKERS,
} PsChartIntervalStyle;

/**
 * PsChartBounds:
 * @x0: left, in data units
 * @x1: right
 * @y0: bottom
 * @y1: top
 *
 * A window onto the data.
 */
typedef struct
{
  double x0;
  double x1;
  double y0;
  double y1;
} PsChartBounds;

typedef struct _PsChartModel PsChartModel;

/* A boxed type, copied by taking a reference, so a model can be a GObject property (PsChart's
 * "model") and travel through GValues. */
#define PS_TYPE_CHART_MODEL (ps_chart_model_get_type ())

GType ps_chart_model_get_type (void) G_GNUC_CONST;

PsChartModel *ps_chart_model_new (PsChartKind kind);
PsChartModel *ps_chart_model_ref (PsChartModel *self);
void ps_chart_model_unref (PsChartModel *self);
PsChartKind ps_chart_model_get_kind (const PsChartModel *self);
guint64 ps_chart_model_get_serial (const PsChartModel *self);

void ps_chart_model_set_title (PsChartModel *self,
                               const char   *title);
const char *ps_chart_model_get_title (const PsChartModel *self);
void ps_chart_model_set_subtitle (PsChartModel *self,
                                  const char   *subtitle);
const char *ps_chart_model_get_subtitle (const PsChartModel *self);
void ps_chart_model_set_axis (PsChartModel *self,
                              PsChartAxisId axis,
                              PsChartScale  scale,
                              PsChartUnit   unit,
                              const char   *label);
void ps_chart_model_set_axis_range (PsChartModel *self,
                                    PsChartAxisId axis,
                                    double        min,
                                    double        max);
PsChartScale ps_chart_model_get_axis_scale (const PsChartModel *self,
                                            PsChartAxisId       axis);
PsChartUnit ps_chart_model_get_axis_unit (const PsChartModel *self,
                                          PsChartAxisId       axis);
const char *ps_chart_model_get_axis_label (const PsChartModel *self,
                                           PsChartAxisId       axis);

/* Series. */
guint ps_chart_model_add_series (PsChartModel *self,
                                 const char   *name);
guint ps_chart_model_add_model_curve (PsChartModel *self,
                                      const char   *name,
                                      guint         like_series);
guint ps_chart_model_add_trend (PsChartModel *self,
                                guint         raw_series);
guint ps_chart_model_get_n_series (const PsChartModel *self);
const char *ps_chart_model_get_series_name (const PsChartModel *self,
                                            guint               series);
void ps_chart_model_set_series_visible (PsChartModel *self,
                                        guint         series,
                                        gboolean      visible);
gboolean ps_chart_model_get_series_visible (const PsChartModel *self,
                                            guint               series);
void ps_chart_model_set_interval_style (PsChartModel        *self,
                                        guint                series,
                                        PsChartIntervalStyle style);
void ps_chart_model_append (PsChartModel *self,
                            guint         series,
                            double        x,
                            double        y);
void ps_chart_model_append_interval (PsChartModel *self,
                                     guint         series,
                                     double        x,
                                     double        y,
                                     double        lo,
                                     double        hi);
void ps_chart_model_break_series (PsChartModel *self,
                                  guint         series);
void ps_chart_model_clear_series (PsChartModel *self,
                                  guint         series);
gsize ps_chart_model_get_n_points (const PsChartModel *self,
                                   guint               series);
gboolean ps_chart_model_get_series_end (const PsChartModel *self,
                                        guint               series,
                                        double             *x);
gsize ps_chart_model_get_n_skipped (const PsChartModel *self,
                                    guint               series);
gboolean ps_chart_model_value_at (const PsChartModel *self,
                                  guint               series,
                                  double              x,
                                  double             *y);

/* Annotations. */
void ps_chart_model_add_marker (PsChartModel *self,
                                double        x,
                                const char   *label);
guint ps_chart_model_get_n_markers (const PsChartModel *self);
void ps_chart_model_set_warmup (PsChartModel *self,
                                double        x0,
                                double        x1);
void ps_chart_model_add_break_even (PsChartModel *self,
                                    double        x,
                                    double        lo,
                                    double        hi,
                                    const char   *label);
guint ps_chart_model_get_n_break_evens (const PsChartModel *self);
void ps_chart_model_set_regime_backdrop (PsChartModel *self,
                                         gboolean      enabled);
gboolean ps_chart_model_get_regime_backdrop (const PsChartModel *self);
void ps_chart_model_clear_annotations (PsChartModel *self);

/* Bars (PS_CHART_KIND_BARS). */
guint ps_chart_model_add_bar (PsChartModel *self,
                              const char   *label,
                              double        value,
                              double        whisker_lo,
                              double        whisker_hi);
guint ps_chart_model_get_n_bars (const PsChartModel *self);

/* View: live following, zoom window and crosshair. */
void ps_chart_model_set_follow (PsChartModel *self,
                                double        window);
double ps_chart_model_get_follow (const PsChartModel *self);
void ps_chart_model_set_follow_edge (PsChartModel *self,
                                     double        x);
gboolean ps_chart_model_get_data_end (const PsChartModel *self,
                                      double             *x);
void ps_chart_model_set_view (PsChartModel        *self,
                              const PsChartBounds *view);
void ps_chart_model_reset_view (PsChartModel *self);
gboolean ps_chart_model_is_zoomed (const PsChartModel *self);
void ps_chart_model_get_view (const PsChartModel *self,
                              guint               x_ticks,
                              guint               y_ticks,
                              PsChartBounds      *view);
void ps_chart_model_set_crosshair (PsChartModel *self,
                                   double        x);
void ps_chart_model_clear_crosshair (PsChartModel *self);
gboolean ps_chart_model_get_crosshair (const PsChartModel *self,
                                       double             *x);

double ps_chart_axis_to_t (PsChartScale scale,
                           double       value);
double ps_chart_axis_from_t (PsChartScale scale,
                             double       t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsChartModel, ps_chart_model_unref)

G_END_DECLS
