/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-clock.c: TSC detection and calibration against CLOCK_MONOTONIC. */
#include "ps-clock.h"

#include <pthread.h>

#if PS_CLOCK_HAVE_TSC
#include <cpuid.h>
#endif

bool ps_clock_use_tsc = false;
double ps_clock_ticks_per_ns = 1.0;

static pthread_once_t clock_once = PTHREAD_ONCE_INIT;

#if PS_CLOCK_HAVE_TSC
/* Only an invariant TSC ticks at a constant rate across frequency changes and sleep states;
 * without it rdtsc would turn turbo boosts into fake speed-ups. */
static bool
tsc_is_invariant (void)
{
  unsigned int eax, ebx, ecx, edx;

  if (!__get_cpuid (0x80000000, &eax, &ebx, &ecx, &edx) || eax < 0x80000007)
    return false;
  __get_cpuid (0x80000007, &eax, &ebx, &ecx, &edx);
  return (edx & (1u << 8)) != 0;
}
#endif

static void
clock_calibrate (void)
{
#if PS_CLOCK_HAVE_TSC
  if (!tsc_is_invariant ())
    return;

  /* Measure over ~20 ms; the clock_gettime pair around each end bounds the error to ~100 ns,
   * i.e. 5 ppm. */
  uint64_t ns0 = ps_clock_now_ns ();
  uint64_t t0 = __rdtsc ();
  uint64_t ns1;
  do
    ns1 = ps_clock_now_ns ();
  while (ns1 - ns0 < 20000000u);
  uint64_t t1 = __rdtsc ();

  double rate = (double) (t1 - t0) / (double) (ns1 - ns0);
  /* A hypervisor can expose a broken TSC; accept only plausible rates (0.2–10 GHz). */
  if (rate > 0.2 && rate < 10.0)
    {
      ps_clock_ticks_per_ns = rate;
      ps_clock_use_tsc = true;
    }
#endif
}

void
ps_clock_init (void)
{
  pthread_once (&clock_once, clock_calibrate);
}

const char *
ps_clock_source (void)
{
  return ps_clock_use_tsc ? "rdtsc" : "clock_gettime";
}

void
ps_clock_sleep_ns (uint64_t ns)
{
  struct timespec ts = { .tv_sec = (time_t) (ns / 1000000000u), .tv_nsec = (long) (ns % 1000000000u) };

  /* A signal cuts the sleep short: sleep the rest. */
  while (nanosleep (&ts, &ts) != 0)
    ;
}
