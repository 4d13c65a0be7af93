/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-histogram.h: a constant-memory, log-bucketed latency histogram.
 *
 * Values are nanoseconds. Below 32 ns each value has its own bucket; above, every power of two is
 * split into 16 buckets, so a percentile read from a bucket's midpoint is within ±3.2% of the
 * truth. One histogram is written by one thread only (relaxed atomic stores, no read-modify-write)
 * and may be read by a sampler thread at any time.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-histogram.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdatomic.h>
#include <stdint.h>

#define PS_HISTOGRAM_SUB_BITS 4
#define PS_HISTOGRAM_BUCKETS ((64 - PS_HISTOGRAM_SUB_BITS) * 16 + 16)

typedef struct
{
  _Atomic uint64_t counts[PS_HISTOGRAM_BUCKETS]; /* written by the owner thread only */
  _Atomic uint64_t max;                          /* written by the owner thread only */
} PsHistogram;

/* A plain (non-atomic) copy for arithmetic: sums, differences, percentiles. */
typedef struct
{
  uint64_t counts[PS_HISTOGRAM_BUCKETS];
  uint64_t total;
  uint64_t max;
} PsHistogramSnapshot;

unsigned ps_histogram_bucket_of (uint64_t value);
uint64_t ps_histogram_bucket_low (unsigned bucket);
uint64_t ps_histogram_bucket_width (unsigned bucket);

/* Records one value. Thread: the histogram's owner. */
static inline void
ps_histogram_record (PsHistogram *h, uint64_t value)
{
  unsigned b = ps_histogram_bucket_of (value);
  uint64_t c = atomic_load_explicit (&h->counts[b], memory_order_relaxed);

  atomic_store_explicit (&h->counts[b], c + 1, memory_order_relaxed);
  if (value > atomic_load_explicit (&h->max, memory_order_relaxed))
    atomic_store_explicit (&h->max, value, memory_order_relaxed);
}

/* Zeroes @h. Thread: owner, while no one writes it. */
void ps_histogram_reset (PsHistogram *h);

/* Adds @h's current counts into @snap. Thread: any. */
void ps_histogram_add_to (const PsHistogram *h, PsHistogramSnapshot *snap);

/* @into += @other. Thread: any. */
void ps_histogram_snapshot_merge (PsHistogramSnapshot *into, const PsHistogramSnapshot *other);

/* The value below which a fraction @q (0–1) of the recorded values lie; NaN when empty. */
double ps_histogram_snapshot_quantile (const PsHistogramSnapshot *snap, double q);
