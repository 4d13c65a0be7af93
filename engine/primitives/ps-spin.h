/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-spin.h: a polite busy-wait step.
 *
 * Spinning briefly before parking saves a futex round-trip when work is about to arrive. The spin
 * uses the CPU's pause hint rather than sched_yield(): on a loaded 2-core machine a yield can hand
 * the core to another process for a whole time slice, turning a microsecond wait into
 * milliseconds.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-spin.h is internal to the engine: include <ps-engine.h>."
#endif

#include <sched.h>

/* About 1.5 µs of pause-spinning before a worker parks; then, only while a producer is busy routing
 * (so work is surely coming), a few sched_yield() calls that let an oversubscribed producer run.
 * Never when idle: measured in this project's VMs one yield can cost ~40 µs, and two of them made
 * an idle pool's submit-to-done latency ten times worse (82 µs instead of 8 µs). */
#define PS_SPINS_BEFORE_PARKING 256
#define PS_YIELDS_WHILE_PRODUCING 8

static inline void
ps_cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#elif defined(__aarch64__)
  __asm__ volatile ("yield");
#else
  __asm__ volatile ("" ::: "memory");
#endif
}

/* One step of the wait before parking; returns 0 when it is time to park. */
static inline int
ps_spin_step (unsigned step, int producer_busy)
{
  if (step < PS_SPINS_BEFORE_PARKING)
    ps_cpu_relax ();
  else if (producer_busy && step < PS_SPINS_BEFORE_PARKING + PS_YIELDS_WHILE_PRODUCING)
    sched_yield ();
  else
    return 0;
  return 1;
}
