/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-model-private.h: the model's fields, read directly by the renderer.
 *
 * Only ps-chart-model*.c write them; the renderer reads them without copies so a million-point
 * series is never duplicated per frame.
 */
#pragma once

#ifndef PS_CHARTS_COMPILATION
# error "ps-chart-model-private.h is internal to the chart renderer: include <ps-charts.h>."
#endif

#include "ps-chart-decimate.h"
#include "ps-chart-model.h"

G_BEGIN_DECLS

/* The renderer's shaped labels (ps-chart-text.c), kept with the model they were drawn for. */
typedef struct _PsChartTextCache PsChartTextCache;

PsChartTextCache *ps_chart_text_cache_new (void);
void ps_chart_text_cache_free (PsChartTextCache *cache);

typedef struct
{
  PsChartScale scale;
  PsChartUnit unit;
  char *label;
  double fixed_min; /* NaN: automatic */
  double fixed_max;
} PsChartAxis;

typedef struct
{
  char *name;
  guint style_index; /* picks colour and dash pattern */
  gboolean visible;
  gboolean is_model_curve;
  int summarized_by; /* the trend series drawn over this one's raw points, or -1 */
  PsChartIntervalStyle interval_style;
  GArray *xs; /* double */
  GArray *ys; /* double */
  GArray *lo; /* double, NaN where a point has no interval; NULL until one has */
  GArray *hi;
  PsChartDecimate *decimate;
  GArray *breaks; /* gsize, ascending: no line joins point i - 1 to point i for each i here */
  gboolean ascending; /* decimation and binary search need x in order */
  gsize n_nonfinite;
  gsize n_x_nonpos;
  gsize n_y_nonpos;
  double x_min, x_max, y_min, y_max; /* finite extents, intervals included */
  double x_min_pos, y_min_pos;       /* smallest positive values, for log axes */
} PsChartSeries;

typedef struct
{
  double x;
  char *label;
} PsChartMarker;

typedef struct
{
  double x;
  double lo;
  double hi;
  char *label;
} PsChartBreakEven;

typedef struct
{
  char *label;
  double value;
  double lo;
  double hi;
} PsChartBar;

struct _PsChartModel
{
  grefcount ref_count;
  PsChartKind kind;
  guint64 serial;
  char *title;
  char *subtitle;
  PsChartAxis axes[2];
  GPtrArray *series;       /* PsChartSeries */
  GArray *markers;         /* PsChartMarker */
  GArray *break_evens;     /* PsChartBreakEven */
  GArray *bars;            /* PsChartBar */
  double warmup_x0;        /* NaN: no warm-up band */
  double warmup_x1;
  gboolean regime_backdrop;
  double follow_window;    /* 0: show all data */
  double follow_edge;      /* NaN: the end of the data */
  gboolean zoomed;
  PsChartBounds view;      /* valid when zoomed */
  double crosshair_x;      /* NaN: none */
  PsChartTextCache *text_cache; /* the renderer's, like each series' decimation */
};

/* Every change bumps the serial, which is how a widget knows to redraw. */
static inline void
_ps_chart_model_bump_serial (PsChartModel *self)
{
  self->serial++;
}

static inline PsChartSeries *
_ps_chart_model_series (const PsChartModel *self, guint i)
{
  return g_ptr_array_index (self->series, i);
}

void _ps_chart_extend (double  v,
                       double *min,
                       double *max,
                       double *min_pos);
gsize _ps_chart_series_lower_bound (const PsChartSeries *s,
                                    double               x);
gsize _ps_chart_series_run_end (const PsChartSeries *s,
                                gsize                i,
                                gsize                end);
gboolean _ps_chart_series_broken_before (const PsChartSeries *s,
                                         gsize                i);

G_END_DECLS
