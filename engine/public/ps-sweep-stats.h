/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-stats.h: the small statistics a sweep needs, as pure functions over arrays.
 *
 * No allocation survives a call and nothing is global, so every function here is safe from any
 * thread. Inputs are plain double arrays so tests can check the math without running anything.
 */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

#include <stdbool.h>
#include <stddef.h>

/* A summary of repeated measurements of one quantity. */
typedef struct
{
  size_t n;
  double mean;
  double stddev;    /* sample standard deviation (n − 1); 0 when n < 2 */
  double ci_half;   /* half-width of the 95% confidence interval of the mean (Student's t) */
  double ci_low;    /* mean − ci_half */
  double ci_high;   /* mean + ci_half */
  double min;
  double max;
  unsigned outliers; /* values outside Tukey's fences (1.5 IQR): counted, still in the mean */
} PsStatsSummary;

/* Arithmetic mean; NaN when @n is 0. Thread: any. */
double ps_stats_mean (const double *x, size_t n);

/* Sample standard deviation (divides by n − 1); 0 when @n < 2. Thread: any. */
double ps_stats_stddev (const double *x, size_t n);

/**
 * ps_stats_t95:
 * @df: degrees of freedom (n − 1)
 *
 * Returns: the two-sided 95% quantile of Student's t: exact table values for df ≤ 30, the
 * Cornish–Fisher expansion above (error < 1e-4), INFINITY for df = 0.
 * Thread: any.
 */
double ps_stats_t95 (size_t df);

/**
 * ps_stats_tukey_outliers:
 * @x: values (not modified)
 * @n: count
 * @fence_low: (nullable): Q1 − 1.5 IQR
 * @fence_high: (nullable): Q3 + 1.5 IQR
 *
 * Quartiles use linear interpolation between order statistics (R's type 7). With fewer than four
 * values no fence is meaningful and nothing is an outlier.
 *
 * Returns: how many values lie outside the fences.
 * Thread: any.
 */
unsigned ps_stats_tukey_outliers (const double *x, size_t n, double *fence_low,
                                  double *fence_high);

/* Fills @out with every field of #PsStatsSummary. Thread: any. */
void ps_stats_summarize (const double *x, size_t n, PsStatsSummary *out);

/* y = intercept + slope · x, with the coefficient of determination of the fit. */
typedef struct
{
  double intercept;
  double slope;
  double r2; /* 1 − SSres/SStot; 1 when y is constant and fitted exactly */
} PsLinearFit;

/**
 * ps_stats_linear_fit:
 *
 * Ordinary least squares of @y on @x.
 *
 * Returns: 0, or -1 with fewer than two distinct x values (then @out is untouched).
 * Thread: any.
 */
int ps_stats_linear_fit (const double *x, const double *y, size_t n, PsLinearFit *out);

/* Universal Scalability Law: X(N) = λN / (1 + σ(N − 1) + κN(N − 1)); Amdahl is κ = 0. */
typedef struct
{
  double lambda; /* throughput of one thread */
  double sigma;  /* contention: the serial fraction */
  double kappa;  /* coherency: pairwise cross-talk; 0 for an Amdahl fit */
  double r2;     /* of the fitted throughput against the measured one */
} PsScalingFit;

/**
 * ps_stats_amdahl_fit:
 * @threads: N for each point (≥ 1)
 * @throughput: X(N), tasks per second
 *
 * Linearised least squares: N / X = 1/λ + (σ/λ)(N − 1) is linear in (1/λ, σ/λ). σ is clamped to
 * [0, 1] (refitting λ alone when clamped), because a negative serial fraction has no meaning.
 *
 * Returns: 0, or -1 with fewer than two distinct N or a non-positive throughput.
 * Thread: any.
 */
int ps_stats_amdahl_fit (const double *threads, const double *throughput, size_t n,
                         PsScalingFit *out);

/**
 * ps_stats_usl_fit:
 *
 * Linearised least squares: N / X = a + b(N − 1) + cN(N − 1) with λ = 1/a, σ = b/a, κ = c/a. When
 * the unconstrained solution has σ < 0 or κ < 0 the offending term is dropped and the rest refitted
 * (a constrained least-squares solution on the boundary), so the result is always physical. R² is
 * computed on X itself, not on the linearised form.
 *
 * Returns: 0, or -1 with fewer than three distinct N (two for the boundary fits) or a non-positive
 * throughput.
 * Thread: any.
 */
int ps_stats_usl_fit (const double *threads, const double *throughput, size_t n,
                      PsScalingFit *out);

/**
 * ps_stats_crossing:
 * @x0, @x1: two abscissae bracketing a sign change
 * @d0, @d1: the difference of the two curves there (opposite signs or one of them 0)
 * @log_x: interpolate in log x (the axis is logarithmic; needs x0, x1 > 0)
 *
 * Returns: where the straight line through (x0, d0) and (x1, d1) crosses zero, in x; the midpoint
 * when d0 = d1.
 * Thread: any.
 */
double ps_stats_crossing (double x0, double d0, double x1, double d1, bool log_x);
