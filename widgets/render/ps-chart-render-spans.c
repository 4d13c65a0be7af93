/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-render-spans.c: a dense series' min/max column spans turned into pixels: rasterised
 * into an A8 mask, antialiased vertically, and composited once. */
#define G_LOG_DOMAIN "ps-chart-render"

#include "ps-chart-render-private.h"

#include <math.h>
#include <string.h>

/* The area ps_chart_paint_spans() composites is a row of boxes around the band, built from strips of
 * MASK_STRIP_COLUMNS columns. Neighbouring strips merge into one box while it holds fewer than
 * MASK_BOX_SLACK pixels more than the strips' own boxes: pixman pays a fraction of a microsecond
 * per box and a fraction of a nanosecond per pixel (measured here), so about there one more box
 * starts to pay for itself. */
#define MASK_STRIP_COLUMNS 8
#define MASK_BOX_SLACK     1500

typedef struct
{
  int c0;     /* first mask column */
  int c1;     /* one past the last */
  int row0;   /* first mask row */
  int row1;   /* one past the last */
  int tight;  /* the area of its strips' own boxes, which merging never wastes */
} MaskBox;

/* The rows [@y_first, @y_end) one column inks, as coverage bytes: partial on its end rows, full
 * (times the dash weight) on the rows between. Row r's coverage is min (bottom, r + 1) −
 * max (top, r); the end rows are the only ones where that is not 1. */
typedef struct
{
  int y_first;
  int y_end;
  guint8 first; /* row y_first */
  guint8 last;  /* row y_end − 1, when it is not y_first */
  guint8 full;  /* every row between */
} ColumnInk;

/* The dash rhythm along the columns: full ink on a dash, faint in a gap, so the dashes still
 * show along a band too dense for real ones. Stepped a column at a time instead of an fmod() per
 * column (the dash lengths are multiples of 0.5 px, so the steps are exact). */
typedef struct
{
  const double *dashes;
  guint n_dashes;
  double period;
  double pos; /* where the current column lies in the period */
} DashWalk;

static void
dash_walk_init (DashWalk *walk, guint style_index, int c0)
{
  walk->dashes = ps_chart_style_get_dashes (style_index, &walk->n_dashes);
  walk->period = 0;
  for (guint i = 0; i < walk->n_dashes; i++)
    walk->period += walk->dashes[i];
  walk->pos = walk->period > 0 ? fmod (c0, walk->period) : 0;
}

/* The weight of the current column; then steps to the next one. */
static double
dash_walk_next (DashWalk *walk)
{
  double pos = walk->pos, weight = 1.0;

  if (walk->period <= 0)
    return 1.0;
  for (guint i = 0; i < walk->n_dashes; i++)
    {
      if (pos < walk->dashes[i])
        {
          weight = i % 2 == 0 ? 1.0 : 0.3;
          break;
        }
      pos -= walk->dashes[i];
    }
  walk->pos += 1;
  if (walk->pos >= walk->period)
    walk->pos -= walk->period;
  return weight;
}

/* The mask rows column @c covers, widened by half the line width and kept inside the mask;
 * FALSE for a gap between runs. */
static inline gboolean
column_rows (const double *spans, int c, double half_width, double origin_y, int n_rows,
             double *top, double *bottom)
{
  if (isnan (spans[4 * c]))
    return FALSE;
  *top = CLAMP (spans[4 * c] - half_width - origin_y, 0, n_rows);
  *bottom = CLAMP (spans[4 * c + 1] + half_width - origin_y, 0, n_rows);
  return TRUE;
}

/* floor() and ceil() of a mask coordinate, which column_rows() keeps ≥ 0: a conversion instead
 * of a libm call per column (without SSE4.1 gcc calls out for them). */
static inline int
floor_row (double row)
{
  return (int) row;
}

static inline int
ceil_row (double row)
{
  int whole = (int) row;

  return whole + (whole < row);
}

static inline guint8
coverage_byte (double coverage, double weight)
{
  return (guint8) (CLAMP (coverage, 0, 1) * weight * 255 + 0.5);
}

static void
column_ink (double top, double bottom, double weight, ColumnInk *ink)
{
  ink->y_first = floor_row (top);
  ink->y_end = ceil_row (bottom);
  ink->first = coverage_byte (MIN (bottom, ink->y_first + 1.0) - top, weight);
  ink->last = coverage_byte (bottom - MAX (top, (double) (ink->y_end - 1)), weight);
  ink->full = coverage_byte (1.0, weight);
}

/* Writes one column's coverage into the A8 mask. */
static void
mask_write_column (guint8 *data, int stride, int c, const ColumnInk *ink)
{
  guint8 *p = data + (gsize) ink->y_first * stride + c;

  if (ink->y_end <= ink->y_first)
    return;
  *p = ink->first;
  for (int y = ink->y_first + 1; y < ink->y_end - 1; y++)
    {
      p += stride;
      *p = ink->full;
    }
  if (ink->y_end - 1 > ink->y_first)
    p[stride] = ink->last;
}

/* Whether drawing goes straight into pixels (an image surface, no recording or vector surface
 * that would keep the mask's uncleared bytes) and user space maps onto them by a whole-pixel
 * translation alone (no scale, no rotation, no fractional offset): then mask pixels and device
 * pixels correspond one to one, and a clip made of whole-pixel boxes is exact. */
static gboolean
maps_to_whole_pixels (cairo_t *cr, double x, double y)
{
  double dx = 1, dy = 1;

  if (cairo_surface_get_type (cairo_get_group_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;
  cairo_user_to_device_distance (cr, &dx, &dy);
  cairo_user_to_device (cr, &x, &y);
  return dx == 1 && dy == 1 && x == floor (x) && y == floor (y);
}

static inline int
box_area (const MaskBox *box)
{
  return (box->c1 - box->c0) * (box->row1 - box->row0);
}

/* Fills @boxes (room for one per strip) with the boxes around columns @c0 … @c1 and returns how
 * many there are. Every inked mask pixel lies in a box; boxes do not overlap. */
static guint
band_boxes (const double *spans, int c0, int c1, double half_width, double origin_y, int n_rows,
            MaskBox *boxes)
{
  guint n_boxes = 0;

  for (int strip = c0 - c0 % MASK_STRIP_COLUMNS; strip <= c1; strip += MASK_STRIP_COLUMNS)
    {
      MaskBox next = { strip, MIN (strip + MASK_STRIP_COLUMNS, c1 + 1), n_rows, 0, 0 };
      MaskBox *last = n_boxes > 0 ? &boxes[n_boxes - 1] : NULL;
      MaskBox merged;

      for (int c = MAX (strip, c0); c < next.c1; c++)
        {
          double top, bottom;

          if (!column_rows (spans, c, half_width, origin_y, n_rows, &top, &bottom))
            continue;
          next.row0 = MIN (next.row0, floor_row (top));
          next.row1 = MAX (next.row1, ceil_row (bottom));
        }
      if (next.row1 <= next.row0)
        continue; /* nothing inked here */
      next.tight = box_area (&next);
      if (last != NULL && last->c1 == next.c0)
        {
          merged = (MaskBox) { last->c0, next.c1, MIN (last->row0, next.row0),
                               MAX (last->row1, next.row1), last->tight + next.tight };
          if (box_area (&merged) - merged.tight < MASK_BOX_SLACK)
            {
              *last = merged;
              continue;
            }
        }
      boxes[n_boxes++] = next;
    }
  return n_boxes;
}

/**
 * ps_chart_paint_spans:
 * @frame: the frame being drawn, with the series' source colour and line width set
 * @s: the series, for its dash rhythm
 * @spans: per plot column: top and bottom in pixels (NaN for a gap), then entry and exit values
 * @c0: the first column with a span
 * @c1: the last one
 *
 * Inks each column's span widened by half the line width into an A8 mask, antialiased
 * vertically (the only direction that matters: each span is exactly one pixel column wide), and
 * composites the mask once with the current source. cairo 1.16's general scan converter takes
 * 5–15 ms for the same spiky polygon.
 *
 * When the mask lies on whole device pixels, only boxes around the band are cleared and
 * composited: a line that ramps or steps spans most of the plot's height, and blending that
 * whole rectangle of mostly empty mask cost ~0.3 ms per series at 1600×900. The mask is zero
 * outside the boxes, so skipping it there changes no pixel. Otherwise (HiDPI, fractional scale)
 * the filter reads neighbouring mask pixels, and a recording or vector surface keeps the whole
 * mask, so all of it is cleared and composited under one rectangle.
 */
void
ps_chart_paint_spans (const PsChartFrame  *frame,
                      const PsChartSeries *s,
                      const double        *spans,
                      int                  c0,
                      int                  c1)
{
  const PsChartLayout *layout = frame->layout;
  cairo_t *cr = frame->cr;
  const double origin_y = floor (layout->plot.y) - 2;
  const int n_rows = (int) ceil (layout->plot.height) + 4;
  const double half_width = cairo_get_line_width (cr) / 2;
  const int stride = cairo_format_stride_for_width (CAIRO_FORMAT_A8, c1 + 1);
  const gboolean by_boxes = maps_to_whole_pixels (cr, layout->plot.x, origin_y);
  guint n_boxes = 0;
  int row_min = n_rows, row_max = 0;
  g_autofree guint8 *data = g_try_malloc ((gsize) stride * n_rows);
  g_autofree MaskBox *boxes = g_new (MaskBox, c1 / MASK_STRIP_COLUMNS + 1);
  cairo_surface_t *mask;
  DashWalk dashes;

  if (data == NULL)
    return;
  dash_walk_init (&dashes, s->style_index, c0);

  /* Clear what will be read: the boxes, or everything. */
  if (by_boxes)
    {
      n_boxes = band_boxes (spans, c0, c1, half_width, origin_y, n_rows, boxes);
      for (guint b = 0; b < n_boxes; b++)
        for (int y = boxes[b].row0; y < boxes[b].row1; y++)
          memset (data + (gsize) y * stride + boxes[b].c0, 0, boxes[b].c1 - boxes[b].c0);
    }
  else
    memset (data, 0, (gsize) stride * n_rows);

  for (int c = c0; c <= c1; c++)
    {
      double top, bottom, weight = dash_walk_next (&dashes);
      ColumnInk ink;

      if (!column_rows (spans, c, half_width, origin_y, n_rows, &top, &bottom))
        continue; /* a gap between runs */
      column_ink (top, bottom, weight, &ink);
      row_min = MIN (row_min, ink.y_first);
      row_max = MAX (row_max, ink.y_end);
      mask_write_column (data, stride, c, &ink);
    }

  /* Composite only where the band is: a pixel-aligned clip keeps pixman on its fast path instead
   * of blending the whole plot. */
  mask = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_A8, c1 + 1, n_rows, stride);
  cairo_save (cr);
  if (row_max > row_min)
    {
      if (by_boxes)
        for (guint b = 0; b < n_boxes; b++)
          cairo_rectangle (cr, layout->plot.x + boxes[b].c0, origin_y + boxes[b].row0,
                           boxes[b].c1 - boxes[b].c0, boxes[b].row1 - boxes[b].row0);
      else
        cairo_rectangle (cr, layout->plot.x, origin_y + row_min, c1 + 1, row_max - row_min);
      cairo_clip (cr);
      cairo_mask_surface (cr, mask, layout->plot.x, origin_y);
    }
  cairo_restore (cr);
  /* The surface must be gone before its pixels are freed: finishing it makes any snapshot a
   * recording surface took of it copy the pixels first. */
  cairo_surface_finish (mask);
  cairo_surface_destroy (mask);
}

