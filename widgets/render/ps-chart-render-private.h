/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-render-private.h: helpers shared by the renderer's files. */
#pragma once

#ifndef PS_CHARTS_COMPILATION
# error "ps-chart-render-private.h is internal to the chart renderer: include <ps-charts.h>."
#endif

#include <pango/pangocairo.h>

#include "ps-chart-model-private.h"
#include "ps-chart-render.h"

G_BEGIN_DECLS

typedef enum
{
  PS_CHART_FONT_TEXT,  /* the style's font: labels */
  PS_CHART_FONT_SMALL, /* smaller, for annotations */
  PS_CHART_FONT_TITLE, /* larger and bold */
  PS_CHART_N_FONTS
} PsChartFontKind;

/* One font's labels in a #PsChartTextCache, each shaped once for the frame's target. */
typedef struct _PsChartFont PsChartFont;

void ps_chart_text_cache_begin_frame (PsChartTextCache *cache,
                                      cairo_t          *cr,
                                      const char       *font);
void ps_chart_text_cache_end_frame (PsChartTextCache *cache);
PsChartFont *ps_chart_text_cache_get_font (PsChartTextCache *cache,
                                           PsChartFontKind   which);
PangoLayout *ps_chart_font_get_layout (PsChartFont *font,
                                       const char  *string);

/* Everything one frame needs, computed once before any drawing. */
typedef struct
{
  cairo_t *cr;
  const PsChartModel *model;
  const PsChartStyle *style;
  PsChartLayout *layout;
  PsChartFont *text;  /* labels */
  PsChartFont *small; /* smaller font for annotations */
  PsChartFont *title; /* the model's title */
} PsChartFrame;

void ps_chart_set_rgba (cairo_t           *cr,
                        const PsChartRgba *rgba,
                        double             alpha_factor);
void ps_chart_text_size (PsChartFont *font,
                         const char  *string,
                         double      *width,
                         double      *height);
void ps_chart_draw_text (cairo_t     *cr,
                         PsChartFont *font,
                         const char  *string,
                         double       x,
                         double       y,
                         double       align_x,
                         double       align_y);
void ps_chart_set_series_stroke (const PsChartFrame  *frame,
                                 const PsChartSeries *series);
void ps_chart_paint_spans (const PsChartFrame  *frame,
                           const PsChartSeries *s,
                           const double        *spans,
                           int                  c0,
                           int                  c1);

char *ps_chart_readout_x_line (const PsChartModel *model,
                               double              x);
char *ps_chart_readout_series_line (const PsChartModel *model,
                                    guint               series,
                                    double              x);

void ps_chart_render_series (const PsChartFrame *frame);
void ps_chart_render_bars (const PsChartFrame *frame);
void ps_chart_render_backdrop (const PsChartFrame *frame);
double ps_chart_render_annotations (const PsChartFrame *frame);
void ps_chart_render_crosshair (const PsChartFrame *frame,
                                double              top);

G_END_DECLS
