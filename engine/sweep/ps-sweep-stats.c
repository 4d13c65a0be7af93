/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-stats.c: mean, confidence intervals, outliers and the model fits of a sweep. */
#include "ps-sweep-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double
ps_stats_mean (const double *x, size_t n)
{
  double sum = 0;

  if (n == 0)
    return NAN;
  for (size_t i = 0; i < n; i++)
    sum += x[i];
  return sum / (double) n;
}

double
ps_stats_stddev (const double *x, size_t n)
{
  double mean, ss = 0;

  if (n < 2)
    return 0;
  /* Two passes: the one-pass formula loses everything to cancellation when the values are large
   * and close together, which is exactly what repeated timings look like. */
  mean = ps_stats_mean (x, n);
  for (size_t i = 0; i < n; i++)
    ss += (x[i] - mean) * (x[i] - mean);
  return sqrt (ss / (double) (n - 1));
}

double
ps_stats_t95 (size_t df)
{
  static const double table[] = {
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
  };
  const double z = 1.959963985; /* the normal quantile the expansion starts from */
  double v, z3, z5, z7, z9;

  if (df == 0)
    return INFINITY;
  if (df <= sizeof table / sizeof table[0])
    return table[df - 1];

  /* Cornish–Fisher expansion of t in powers of 1/df (Abramowitz & Stegun 26.7.5). */
  v = (double) df;
  z3 = z * z * z;
  z5 = z3 * z * z;
  z7 = z5 * z * z;
  z9 = z7 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
         + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
         + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* R's type 7 quantile of sorted values: linear interpolation between order statistics. */
static double
quantile_sorted (const double *sorted, size_t n, double p)
{
  double h = (double) (n - 1) * p;
  size_t lo = (size_t) floor (h);
  size_t hi = lo + 1 < n ? lo + 1 : lo;

  return sorted[lo] + (h - (double) lo) * (sorted[hi] - sorted[lo]);
}

unsigned
ps_stats_tukey_outliers (const double *x, size_t n, double *fence_low, double *fence_high)
{
  double *sorted, q1, q3, lo, hi;
  unsigned count = 0;

  if (fence_low)
    *fence_low = -INFINITY;
  if (fence_high)
    *fence_high = INFINITY;
  if (n < 4)
    return 0;

  sorted = malloc (n * sizeof *sorted);
  if (!sorted)
    return 0;
  memcpy (sorted, x, n * sizeof *sorted);
  qsort (sorted, n, sizeof *sorted, compare_doubles);
  q1 = quantile_sorted (sorted, n, 0.25);
  q3 = quantile_sorted (sorted, n, 0.75);
  free (sorted);

  lo = q1 - 1.5 * (q3 - q1);
  hi = q3 + 1.5 * (q3 - q1);
  for (size_t i = 0; i < n; i++)
    count += x[i] < lo || x[i] > hi;
  if (fence_low)
    *fence_low = lo;
  if (fence_high)
    *fence_high = hi;
  return count;
}

void
ps_stats_summarize (const double *x, size_t n, PsStatsSummary *out)
{
  memset (out, 0, sizeof *out);
  out->n = n;
  out->mean = ps_stats_mean (x, n);
  out->stddev = ps_stats_stddev (x, n);
  out->min = n ? x[0] : NAN;
  out->max = n ? x[0] : NAN;
  for (size_t i = 1; i < n; i++)
    {
      out->min = fmin (out->min, x[i]);
      out->max = fmax (out->max, x[i]);
    }
  /* One value says nothing about spread: its interval is unbounded, not zero. */
  out->ci_half = n >= 2 ? ps_stats_t95 (n - 1) * out->stddev / sqrt ((double) n) : INFINITY;
  out->ci_low = out->mean - out->ci_half;
  out->ci_high = out->mean + out->ci_half;
  out->outliers = ps_stats_tukey_outliers (x, n, NULL, NULL);
}

/* Builds one row of a design matrix for the point (x, i). */
typedef void (*RowFunc) (double x, double *row);

/* Least squares of y on k ≤ 3 regressors through the normal equations, solved by Gaussian
 * elimination with partial pivoting. The systems here are tiny and well scaled enough that the
 * normal equations lose nothing that matters. Returns 0, or -1 when the system is singular. */
static int
least_squares (const double *x, const double *y, size_t n, RowFunc row_func, int k, double *beta)
{
  double a[3][4] = { { 0 } };
  double row[3];

  for (size_t i = 0; i < n; i++)
    {
      row_func (x[i], row);
      for (int r = 0; r < k; r++)
        {
          for (int c = 0; c < k; c++)
            a[r][c] += row[r] * row[c];
          a[r][k] += row[r] * y[i];
        }
    }

  for (int col = 0; col < k; col++)
    {
      int pivot = col;

      for (int r = col + 1; r < k; r++)
        if (fabs (a[r][col]) > fabs (a[pivot][col]))
          pivot = r;
      if (fabs (a[pivot][col]) < 1e-300)
        return -1;
      for (int c = 0; c <= k; c++)
        {
          double tmp = a[col][c];
          a[col][c] = a[pivot][c];
          a[pivot][c] = tmp;
        }
      for (int r = 0; r < k; r++)
        {
          double f;

          if (r == col)
            continue;
          f = a[r][col] / a[col][col];
          for (int c = col; c <= k; c++)
            a[r][c] -= f * a[col][c];
        }
    }
  for (int r = 0; r < k; r++)
    beta[r] = a[r][k] / a[r][r];

  /* A nearly singular system (all x equal) shows up as a non-finite solution. */
  for (int r = 0; r < k; r++)
    if (!isfinite (beta[r]))
      return -1;
  return 0;
}

static size_t
count_distinct (const double *x, size_t n)
{
  size_t distinct = 0;

  for (size_t i = 0; i < n; i++)
    {
      size_t j = 0;

      while (j < i && x[j] != x[i])
        j++;
      distinct += j == i;
    }
  return distinct;
}

static void
row_linear (double x, double *row)
{
  row[0] = 1;
  row[1] = x;
}

static double
r_squared (const double *y, const double *y_hat, size_t n)
{
  double mean = ps_stats_mean (y, n), ss_res = 0, ss_tot = 0;

  for (size_t i = 0; i < n; i++)
    {
      ss_res += (y[i] - y_hat[i]) * (y[i] - y_hat[i]);
      ss_tot += (y[i] - mean) * (y[i] - mean);
    }
  if (ss_tot == 0)
    return ss_res == 0 ? 1 : 0;
  return 1 - ss_res / ss_tot;
}

int
ps_stats_linear_fit (const double *x, const double *y, size_t n, PsLinearFit *out)
{
  double beta[2], *y_hat;

  if (count_distinct (x, n) < 2 || least_squares (x, y, n, row_linear, 2, beta) != 0)
    return -1;
  y_hat = malloc (n * sizeof *y_hat);
  if (!y_hat)
    return -1;
  for (size_t i = 0; i < n; i++)
    y_hat[i] = beta[0] + beta[1] * x[i];
  out->intercept = beta[0];
  out->slope = beta[1];
  out->r2 = r_squared (y, y_hat, n);
  free (y_hat);
  return 0;
}

/* Regressors of the linearised USL, N / X = a + b(N − 1) + cN(N − 1), in the three shapes the
 * constrained fit needs. */
static void
row_usl (double N, double *row)
{
  row[0] = 1;
  row[1] = N - 1;
  row[2] = N * (N - 1);
}

static void
row_amdahl (double N, double *row)
{
  row[0] = 1;
  row[1] = N - 1;
}

static void
row_coherency_only (double N, double *row)
{
  row[0] = 1;
  row[1] = N * (N - 1);
}

/* The best 1/λ for fixed σ and κ: a one-parameter least squares through the origin. */
static double
fit_a_fixed (const double *threads, const double *y, size_t n, double sigma, double kappa)
{
  double num = 0, den = 0;

  for (size_t i = 0; i < n; i++)
    {
      double N = threads[i];
      double f = 1 + sigma * (N - 1) + kappa * N * (N - 1);

      num += f * y[i];
      den += f * f;
    }
  return num / den;
}

/* Fills out->r2 from the model's throughput against the measured one. */
static int
finish_scaling_fit (const double *threads, const double *throughput, size_t n, double a,
                    double sigma, double kappa, PsScalingFit *out)
{
  double *x_hat;

  if (!(a > 0) || !isfinite (a))
    return -1;
  x_hat = malloc (n * sizeof *x_hat);
  if (!x_hat)
    return -1;
  out->lambda = 1 / a;
  out->sigma = sigma;
  out->kappa = kappa;
  for (size_t i = 0; i < n; i++)
    {
      double N = threads[i];

      x_hat[i] = out->lambda * N / (1 + sigma * (N - 1) + kappa * N * (N - 1));
    }
  out->r2 = r_squared (throughput, x_hat, n);
  free (x_hat);
  return 0;
}

/* y[i] = N / X, the quantity that is linear in the model's parameters. */
static double *
linearise (const double *threads, const double *throughput, size_t n)
{
  double *y;

  for (size_t i = 0; i < n; i++)
    if (!(throughput[i] > 0) || !(threads[i] >= 1))
      return NULL;
  y = malloc (n * sizeof *y);
  if (!y)
    return NULL;
  for (size_t i = 0; i < n; i++)
    y[i] = threads[i] / throughput[i];
  return y;
}

static int
amdahl_from_linearised (const double *threads, const double *throughput, const double *y,
                        size_t n, PsScalingFit *out)
{
  double beta[2], sigma;

  if (least_squares (threads, y, n, row_amdahl, 2, beta) != 0 || !(beta[0] > 0))
    return -1;
  sigma = beta[1] / beta[0];
  if (sigma < 0 || sigma > 1)
    {
      sigma = sigma < 0 ? 0 : 1;
      beta[0] = fit_a_fixed (threads, y, n, sigma, 0);
    }
  return finish_scaling_fit (threads, throughput, n, beta[0], sigma, 0, out);
}

int
ps_stats_amdahl_fit (const double *threads, const double *throughput, size_t n,
                     PsScalingFit *out)
{
  double *y;
  int rc;

  if (count_distinct (threads, n) < 2)
    return -1;
  y = linearise (threads, throughput, n);
  if (!y)
    return -1;
  rc = amdahl_from_linearised (threads, throughput, y, n, out);
  free (y);
  return rc;
}

int
ps_stats_usl_fit (const double *threads, const double *throughput, size_t n, PsScalingFit *out)
{
  double beta[3], *y;
  int rc;

  if (count_distinct (threads, n) < 3)
    return -1;
  y = linearise (threads, throughput, n);
  if (!y)
    return -1;

  if (least_squares (threads, y, n, row_usl, 3, beta) != 0)
    rc = -1;
  else if (beta[0] > 0 && beta[1] >= 0 && beta[2] >= 0)
    rc = finish_scaling_fit (threads, throughput, n, beta[0], beta[1] / beta[0],
                             beta[2] / beta[0], out);
  else if (beta[2] < 0)
    /* No retrograde term in the data: the constrained optimum has κ = 0, which is Amdahl. */
    rc = amdahl_from_linearised (threads, throughput, y, n, out);
  else
    {
      /* σ < 0 alone: keep the coherency term, drop contention. */
      double beta2[2];

      if (least_squares (threads, y, n, row_coherency_only, 2, beta2) == 0 && beta2[0] > 0
          && beta2[1] >= 0)
        rc = finish_scaling_fit (threads, throughput, n, beta2[0], 0, beta2[1] / beta2[0], out);
      else
        rc = finish_scaling_fit (threads, throughput, n, fit_a_fixed (threads, y, n, 0, 0), 0, 0,
                                 out);
    }
  free (y);
  return rc;
}

double
ps_stats_crossing (double x0, double d0, double x1, double d1, bool log_x)
{
  double u0 = log_x ? log (x0) : x0;
  double u1 = log_x ? log (x1) : x1;
  double u;

  if (d0 == d1)
    u = (u0 + u1) / 2;
  else
    u = u0 + (u1 - u0) * d0 / (d0 - d1);
  return log_x ? exp (u) : u;
}
