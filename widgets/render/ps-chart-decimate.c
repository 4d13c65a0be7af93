/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-decimate.c: a fixed pyramid of min/max buckets over an ascending series.
 *
 * The raw points stay with the caller (the model owns them once); this file only keeps, per
 * level, a bucket of 16^level consecutive points with the x of its last point and its extremes.
 */
#define G_LOG_DOMAIN "ps-chart-decimate"

#include "ps-chart-decimate.h"

#include <math.h>
#include <string.h>

/* Five levels cover buckets of up to 16^5 ≈ 1 M points: a 16 M point series still needs only
 * ~16 top buckets per view, and a push always costs exactly N_LEVELS bucket updates. */
#define N_LEVELS  5
#define LEVEL_SHIFT 4

typedef struct
{
  double x_last;
  double y_min;
  double y_max;
  double y_first;
  double y_last;
  gsize i_min;
  gsize i_max;
} Bucket;

struct _PsChartDecimate
{
  GArray *levels[N_LEVELS]; /* Bucket; levels[0] holds buckets of 16 points */
  gsize n_points;
  /* The columns of the last range and view drawn: the points before n_points never change, so
   * until a clear they hold for the same arguments, and a frame of an unchanged view (a hover, an
   * expose, appends beyond the view) skips walking hundreds of MB of points and buckets. */
  PsChartColumn *columns;
  guint n_columns;
  PsChartXMap map;
  gsize first;
  gsize last;
  gboolean cached;
};

/**
 * ps_chart_decimate_new:
 *
 * Returns: (transfer full): an empty summary
 */
PsChartDecimate *
ps_chart_decimate_new (void)
{
  PsChartDecimate *self = g_new0 (PsChartDecimate, 1);

  for (guint l = 0; l < N_LEVELS; l++)
    self->levels[l] = g_array_new (FALSE, FALSE, sizeof (Bucket));
  return self;
}

void
ps_chart_decimate_free (PsChartDecimate *self)
{
  if (self == NULL)
    return;
  for (guint l = 0; l < N_LEVELS; l++)
    g_array_unref (self->levels[l]);
  g_free (self->columns);
  g_free (self);
}

void
ps_chart_decimate_clear (PsChartDecimate *self)
{
  for (guint l = 0; l < N_LEVELS; l++)
    g_array_set_size (self->levels[l], 0);
  self->n_points = 0;
  self->cached = FALSE;
}

gsize
ps_chart_decimate_get_n_points (const PsChartDecimate *self)
{
  return self->n_points;
}

/**
 * ps_chart_decimate_push:
 * @self: a summary
 * @x: the new point's x, not below the previous one
 * @y: its y, finite
 *
 * Folds one point into every level. Constant time: one bucket per level.
 */
void
ps_chart_decimate_push (PsChartDecimate *self,
                        double           x,
                        double           y)
{
  gsize i = self->n_points++;

  for (guint l = 0; l < N_LEVELS; l++)
    {
      GArray *level = self->levels[l];
      gsize index = i >> (LEVEL_SHIFT * (l + 1));

      if (index == level->len)
        {
          Bucket fresh = { x, y, y, y, y, i, i };
          g_array_append_val (level, fresh);
        }
      else
        {
          Bucket *b = &g_array_index (level, Bucket, index);

          b->x_last = x;
          b->y_last = y;
          if (y < b->y_min)
            b->y_min = y, b->i_min = i;
          if (y > b->y_max)
            b->y_max = y, b->i_max = i;
        }
    }
}

/* Folds a bucket (or a single point: all four y equal) into a column; merges come in index
 * order, so the last merge holds the column's last point. */
static inline void
column_merge (PsChartColumn *col, const Bucket *b)
{
  col->y_last = b->y_last;
  if (!col->used)
    {
      col->used = TRUE;
      col->y_first = b->y_first;
      col->y_min = b->y_min, col->i_min = b->i_min;
      col->y_max = b->y_max, col->i_max = b->i_max;
      return;
    }
  if (b->y_min < col->y_min)
    col->y_min = b->y_min, col->i_min = b->i_min;
  if (b->y_max > col->y_max)
    col->y_max = b->y_max, col->i_max = b->i_max;
}

/* Points beyond either edge of the view belong to the edge columns. */
static inline gint64
column_of (const PsChartXMap *map, double scale, guint n_columns, double x)
{
  double t = map->log ? log10 (x) : x;

  return CLAMP ((gint64) floor ((t - map->t0) * scale), 0, (gint64) n_columns - 1);
}

/**
 * ps_chart_decimate_column:
 * @map: how x maps to columns
 * @n_columns: the number of pixel columns, at least 1
 * @x: a data value
 *
 * Returns: the column ps_chart_decimate_fill_columns() puts a point at @x in
 */
guint
ps_chart_decimate_column (const PsChartXMap *map,
                          guint              n_columns,
                          double             x)
{
  return (guint) column_of (map, n_columns / (map->t1 - map->t0), n_columns, x);
}

/* Folds points @a … @b, which all lie in @col, through the coarsest buckets that start on their
 * own boundary and end by @b: at most 15 buckets or points per level on each side. */
static void
fold_range (const PsChartDecimate *self, const double *xs, const double *ys, gsize a, gsize b,
            PsChartColumn *col)
{
  gsize i = a;

  while (i <= b)
    {
      int l = N_LEVELS - 1;
      gsize size = (gsize) 1 << (LEVEL_SHIFT * N_LEVELS);

      while (l >= 0 && ((i & (size - 1)) != 0 || i + size - 1 > b))
        size >>= LEVEL_SHIFT, l--;
      if (l >= 0)
        {
          const Bucket *bucket = &g_array_index (self->levels[l], Bucket,
                                                 i >> (LEVEL_SHIFT * (l + 1)));

          column_merge (col, bucket);
          i += size;
        }
      else
        {
          Bucket point = { xs[i], ys[i], ys[i], ys[i], ys[i], i, i };

          column_merge (col, &point);
          i++;
        }
    }
}

/* The first index after @i (at most @last + 1) whose point lies right of column @col, which holds
 * the point at @i. Columns never decrease along an ascending series, so galloping then bisecting
 * finds it in about 2 log2 (points in the column) lookups instead of one per point. */
static gsize
column_end (const PsChartXMap *map, double scale, guint n_columns, const double *xs, gsize i,
            gsize last, gint64 col)
{
  gsize inside = i, beyond, step = 1;

  for (;;)
    {
      beyond = inside + step;
      if (beyond > last)
        {
          beyond = last + 1;
          break;
        }
      if (column_of (map, scale, n_columns, xs[beyond]) != col)
        break;
      inside = beyond;
      step *= 2;
    }
  while (beyond - inside > 1)
    {
      gsize mid = inside + (beyond - inside) / 2;

      if (column_of (map, scale, n_columns, xs[mid]) == col)
        inside = mid;
      else
        beyond = mid;
    }
  return beyond;
}

/**
 * ps_chart_decimate_fill_columns:
 * @self: the summary of the series
 * @xs: the series' x values (ascending)
 * @ys: the series' y values
 * @first: the first index to draw
 * @last: the last index to draw (inclusive)
 * @map: how x maps to columns
 * @columns: (out caller-allocates): @n_columns columns, cleared by the caller
 * @n_columns: the number of pixel columns
 *
 * Accumulates min and max per column for points @first … @last, using the coarsest buckets that
 * lie entirely inside one column so the cost follows the number of columns, not of points.
 */
void
ps_chart_decimate_fill_columns (const PsChartDecimate *self,
                                const double          *xs,
                                const double          *ys,
                                gsize                  first,
                                gsize                  last,
                                const PsChartXMap     *map,
                                PsChartColumn         *columns,
                                guint                  n_columns)
{
  double scale = n_columns / (map->t1 - map->t0);
  gsize i = first;

  g_return_if_fail (last < self->n_points);

  while (i <= last)
    {
      gint64 col = column_of (map, scale, n_columns, xs[i]);
      gsize end = column_end (map, scale, n_columns, xs, i, last, col);

      fold_range (self, xs, ys, i, end - 1, &columns[col]);
      i = end;
    }
}

/**
 * ps_chart_decimate_columns:
 * @self: the summary of the series
 * @map: how x maps to columns
 * @n_columns: the number of pixel columns
 * @first: the first index the columns cover
 * @last: the last index they cover, below the number of points
 * @fresh: (out): set when the caller must fill the columns
 *
 * The one buffer of columns @self keeps for drawing. When the last call had the same arguments
 * and no clear came since, it still holds what the caller filled then and @fresh is %FALSE;
 * otherwise it comes cleared and @fresh is %TRUE.
 *
 * Returns: (transfer none): @n_columns columns, valid until the next call or clear
 */
PsChartColumn *
ps_chart_decimate_columns (PsChartDecimate   *self,
                           const PsChartXMap *map,
                           guint              n_columns,
                           gsize              first,
                           gsize              last,
                           gboolean          *fresh)
{
  g_return_val_if_fail (last < self->n_points, NULL);

  *fresh = !(self->cached && self->n_columns == n_columns && self->first == first &&
             self->last == last && self->map.t0 == map->t0 && self->map.t1 == map->t1 &&
             self->map.log == map->log);
  if (!*fresh)
    return self->columns;
  if (n_columns != self->n_columns)
    {
      g_free (self->columns);
      self->columns = g_new (PsChartColumn, n_columns);
      self->n_columns = n_columns;
    }
  memset (self->columns, 0, n_columns * sizeof *self->columns);
  self->map = *map;
  self->first = first;
  self->last = last;
  self->cached = TRUE;
  return self->columns;
}
