/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-clock.h: the hot-path clock.
 *
 * Timing every task must cost far less than the task. On x86-64 with an invariant TSC the clock is
 * `rdtsc` (a few ns), calibrated once against CLOCK_MONOTONIC; elsewhere it falls back to
 * clock_gettime, which costs 20–30 ns here. Ticks are only comparable within one process.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-clock.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define PS_CLOCK_HAVE_TSC 1
#else
#define PS_CLOCK_HAVE_TSC 0
#endif

/* Set once by ps_clock_init() before any worker thread exists, read-only afterwards. */
extern bool ps_clock_use_tsc;
extern double ps_clock_ticks_per_ns;

/* Calibrates the clock (about 20 ms, once per process). Thread: any; idempotent. */
void ps_clock_init (void);

/* Nanoseconds of CLOCK_MONOTONIC. Thread: any. */
static inline uint64_t
ps_clock_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

/* A hot-path timestamp in ticks. Thread: any. */
static inline uint64_t
ps_clock_ticks (void)
{
#if PS_CLOCK_HAVE_TSC
  if (ps_clock_use_tsc)
    return __rdtsc ();
#endif
  return ps_clock_now_ns ();
}

static inline double
ps_clock_ticks_to_ns (uint64_t ticks)
{
  return (double) ticks / ps_clock_ticks_per_ns;
}

static inline uint64_t
ps_clock_ns_to_ticks (uint64_t ns)
{
  return (uint64_t) ((double) ns * ps_clock_ticks_per_ns);
}

/* Sleeps @ns (engine threads have the least timer slack, so about one wake-up late at most).
 * Thread: any. */
void ps_clock_sleep_ns (uint64_t ns);

/* "rdtsc" or "clock_gettime". Thread: any, after ps_clock_init(). */
const char *ps_clock_source (void);
