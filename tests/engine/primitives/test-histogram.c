/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-histogram.c: the latency histogram's buckets cover every value once, and its percentiles lie
 * within one bucket's error of the exact order statistics.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "ps-histogram.h"

/* The relative error the header promises for a percentile read from a bucket's midpoint. */
#define PROMISED_RELATIVE_ERROR 0.032

static void
assert_value_in_bucket (guint64 value)
{
  unsigned b = ps_histogram_bucket_of (value);

  g_assert_cmpuint (b, <, PS_HISTOGRAM_BUCKETS);
  g_assert_cmpuint (ps_histogram_bucket_low (b), <=, value);
  /* Written as a difference so UINT64_MAX's bucket does not overflow low + width. */
  g_assert_cmpuint (value - ps_histogram_bucket_low (b), <, ps_histogram_bucket_width (b));
}

static void
test_buckets_cover (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  unsigned previous = 0;

  /* Every small value, where the buckets change from exact to logarithmic. */
  for (guint64 v = 0; v < 1 << 14; v++)
    {
      unsigned b = ps_histogram_bucket_of (v);

      assert_value_in_bucket (v);
      /* Buckets are ordered like the values and leave no bucket unused in between. */
      g_assert_cmpuint (b, >=, previous);
      g_assert_cmpuint (b, <=, previous + 1);
      previous = b;
    }

  for (unsigned shift = 0; shift < 64; shift++)
    {
      guint64 p = G_GUINT64_CONSTANT (1) << shift;

      assert_value_in_bucket (p);
      assert_value_in_bucket (p - 1);
      assert_value_in_bucket (p + 1);
    }
  assert_value_in_bucket (G_MAXUINT64);
  g_assert_cmpuint (ps_histogram_bucket_of (G_MAXUINT64), ==, PS_HISTOGRAM_BUCKETS - 1);

  for (int i = 0; i < 100000; i++)
    {
      guint64 v = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand))
                  >> g_rand_int_range (rand, 0, 64);

      assert_value_in_bucket (v);
    }

  /* Each bucket starts where the previous one ends. */
  for (unsigned b = 1; b < PS_HISTOGRAM_BUCKETS; b++)
    g_assert_cmpuint (ps_histogram_bucket_low (b), ==,
                      ps_histogram_bucket_low (b - 1) + ps_histogram_bucket_width (b - 1));
}

static void
test_bucket_error (void)
{
  /* Above the exact range, a bucket is at most 1/16 of its lower bound wide, so its midpoint is
   * within 1/32 (3.125%) of any value in it. */
  for (unsigned b = 32; b < PS_HISTOGRAM_BUCKETS; b++)
    {
      double low = (double) ps_histogram_bucket_low (b);
      double width = (double) ps_histogram_bucket_width (b);

      g_assert_cmpfloat (width / 2.0 / low, <=, PROMISED_RELATIVE_ERROR);
    }
}

static int
compare_u64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static void
test_empty (void)
{
  g_autofree PsHistogram *h = g_new0 (PsHistogram, 1);
  g_autofree PsHistogramSnapshot *snap = g_new0 (PsHistogramSnapshot, 1);

  ps_histogram_add_to (h, snap);
  g_assert_cmpuint (snap->total, ==, 0);
  g_assert_true (isnan (ps_histogram_snapshot_quantile (snap, 0.5)));
}

/* Records log-uniform values (1 ns to ~10 s, the span of task latencies) and checks every
 * percentile the report shows against the exact order statistic. */
static void
test_percentiles (void)
{
  static const double quantiles[] = { 0.0, 0.01, 0.5, 0.9, 0.99, 0.999, 1.0 };
  const guint n = 200001;
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  g_autofree PsHistogram *h = g_new0 (PsHistogram, 1);
  g_autofree PsHistogramSnapshot *snap = g_new0 (PsHistogramSnapshot, 1);
  g_autofree guint64 *values = g_new (guint64, n);

  for (guint i = 0; i < n; i++)
    {
      values[i] = (guint64) exp (g_rand_double_range (rand, 0.0, log (1e10)));
      ps_histogram_record (h, values[i]);
    }
  qsort (values, n, sizeof *values, compare_u64);
  ps_histogram_add_to (h, snap);
  g_assert_cmpuint (snap->total, ==, n);
  g_assert_cmpuint (snap->max, ==, values[n - 1]);

  for (guint k = 0; k < G_N_ELEMENTS (quantiles); k++)
    {
      double q = quantiles[k];
      guint64 rank = MAX ((guint64) ceil (q * n), 1);
      guint64 exact = values[rank - 1];
      unsigned b = ps_histogram_bucket_of (exact);
      double estimate = ps_histogram_snapshot_quantile (snap, q);

      g_test_message ("q=%g exact=%" G_GUINT64_FORMAT " estimate=%g", q, exact, estimate);
      /* Within half a bucket of the truth, which is the promised relative error. */
      g_assert_cmpfloat (fabs (estimate - (double) exact), <=,
                         (double) ps_histogram_bucket_width (b) / 2.0);
      g_assert_cmpfloat (fabs (estimate - (double) exact), <=,
                         PROMISED_RELATIVE_ERROR * (double) exact + 0.5);
      g_assert_cmpfloat (estimate, <=, (double) values[n - 1]);
    }
}

static void
test_small_values_exact (void)
{
  g_autofree PsHistogram *h = g_new0 (PsHistogram, 1);
  g_autofree PsHistogramSnapshot *snap = g_new0 (PsHistogramSnapshot, 1);

  /* Below 32 ns every value has its own bucket: the percentiles are exact. */
  for (guint64 v = 1; v <= 20; v++)
    ps_histogram_record (h, v);
  ps_histogram_add_to (h, snap);
  g_assert_cmpfloat (ps_histogram_snapshot_quantile (snap, 0.5), ==, 10.0);
  g_assert_cmpfloat (ps_histogram_snapshot_quantile (snap, 0.9), ==, 18.0);
  g_assert_cmpfloat (ps_histogram_snapshot_quantile (snap, 1.0), ==, 20.0);
  g_assert_cmpfloat (ps_histogram_snapshot_quantile (snap, 0.0), ==, 1.0);
}

static void
test_merge_reset (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autofree PsHistogram *a = g_new0 (PsHistogram, 1);
  g_autofree PsHistogram *b = g_new0 (PsHistogram, 1);
  g_autofree PsHistogram *both = g_new0 (PsHistogram, 1);
  g_autofree PsHistogramSnapshot *sa = g_new0 (PsHistogramSnapshot, 1);
  g_autofree PsHistogramSnapshot *sb = g_new0 (PsHistogramSnapshot, 1);
  g_autofree PsHistogramSnapshot *sboth = g_new0 (PsHistogramSnapshot, 1);

  for (int i = 0; i < 5000; i++)
    {
      guint64 v = g_rand_int_range (rand, 0, 1000000);

      ps_histogram_record (i % 3 ? a : b, v);
      ps_histogram_record (both, v);
    }
  ps_histogram_add_to (a, sa);
  ps_histogram_add_to (b, sb);
  ps_histogram_add_to (both, sboth);
  ps_histogram_snapshot_merge (sa, sb);

  /* Merging per-thread histograms gives the histogram of all values. */
  g_assert_cmpuint (sa->total, ==, sboth->total);
  g_assert_cmpuint (sa->max, ==, sboth->max);
  g_assert_cmpmem (sa->counts, sizeof sa->counts, sboth->counts, sizeof sboth->counts);

  ps_histogram_reset (both);
  memset (sboth, 0, sizeof *sboth);
  ps_histogram_add_to (both, sboth);
  g_assert_cmpuint (sboth->total, ==, 0);
  g_assert_cmpuint (sboth->max, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/histogram/buckets-cover", test_buckets_cover);
  g_test_add_func ("/engine/histogram/bucket-error", test_bucket_error);
  g_test_add_func ("/engine/histogram/empty", test_empty);
  g_test_add_func ("/engine/histogram/percentiles", test_percentiles);
  g_test_add_func ("/engine/histogram/small-values-exact", test_small_values_exact);
  g_test_add_func ("/engine/histogram/merge-reset", test_merge_reset);

  return g_test_run ();
}
