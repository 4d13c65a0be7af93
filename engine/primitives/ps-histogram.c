/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-histogram.c: bucket arithmetic and percentiles. */
#include "ps-histogram.h"

#include <math.h>
#include <string.h>

#define SUB_COUNT (1u << PS_HISTOGRAM_SUB_BITS)

unsigned
ps_histogram_bucket_of (uint64_t value)
{
  if (value < 2 * SUB_COUNT)
    return (unsigned) value;

  unsigned exponent = 63u - (unsigned) __builtin_clzll (value);
  unsigned shift = exponent - PS_HISTOGRAM_SUB_BITS;
  /* value >> shift lies in [SUB_COUNT, 2 * SUB_COUNT): its low bits pick the sub-bucket. */
  return (shift + 1) * SUB_COUNT + (unsigned) ((value >> shift) - SUB_COUNT);
}

uint64_t
ps_histogram_bucket_low (unsigned bucket)
{
  if (bucket < 2 * SUB_COUNT)
    return bucket;
  unsigned shift = bucket / SUB_COUNT - 1;
  return (uint64_t) (bucket % SUB_COUNT + SUB_COUNT) << shift;
}

uint64_t
ps_histogram_bucket_width (unsigned bucket)
{
  if (bucket < 2 * SUB_COUNT)
    return 1;
  return (uint64_t) 1 << (bucket / SUB_COUNT - 1);
}

void
ps_histogram_reset (PsHistogram *h)
{
  for (unsigned i = 0; i < PS_HISTOGRAM_BUCKETS; i++)
    atomic_store_explicit (&h->counts[i], 0, memory_order_relaxed);
  atomic_store_explicit (&h->max, 0, memory_order_relaxed);
}

void
ps_histogram_add_to (const PsHistogram *h, PsHistogramSnapshot *snap)
{
  for (unsigned i = 0; i < PS_HISTOGRAM_BUCKETS; i++)
    {
      uint64_t c = atomic_load_explicit (&h->counts[i], memory_order_relaxed);
      snap->counts[i] += c;
      snap->total += c;
    }
  uint64_t max = atomic_load_explicit (&h->max, memory_order_relaxed);
  if (max > snap->max)
    snap->max = max;
}

void
ps_histogram_snapshot_merge (PsHistogramSnapshot *into, const PsHistogramSnapshot *other)
{
  for (unsigned i = 0; i < PS_HISTOGRAM_BUCKETS; i++)
    into->counts[i] += other->counts[i];
  into->total += other->total;
  if (other->max > into->max)
    into->max = other->max;
}

double
ps_histogram_snapshot_quantile (const PsHistogramSnapshot *snap, double q)
{
  if (snap->total == 0)
    return NAN;

  /* The rank of the wanted value, 1-based, so q = 0.5 of 2 values is the first. */
  uint64_t rank = (uint64_t) ceil (q * (double) snap->total);
  if (rank < 1)
    rank = 1;

  uint64_t seen = 0;
  for (unsigned i = 0; i < PS_HISTOGRAM_BUCKETS; i++)
    {
      seen += snap->counts[i];
      if (seen >= rank)
        {
          /* The midpoint halves the worst-case error; never report more than the true max. */
          double mid = (double) ps_histogram_bucket_low (i)
                       + (double) (ps_histogram_bucket_width (i) - 1) / 2.0;
          return mid > (double) snap->max ? (double) snap->max : mid;
        }
    }
  return (double) snap->max;
}
