/* ps-spin.h: a polite busy-wait step.
 *
 * Spinning briefly before parking saves a futex round-trip when work is about to arrive. The spin
 * uses the CPU's pause hint rather than sched_yield(): on a loaded 2-core machine a yield can hand
 * the core to another process for a whole time slice, turning a microsecond wait into
 * milliseconds.
 */
#pragma once

/* About 1.5 µs of pause-spinning before a worker parks. No sched_yield() after it: measured in
 * this project's VMs one yield can cost ~40 µs, and two of them made an idle pool's
 * submit-to-done latency ten times worse (82 µs instead of 8 µs). */
#define PS_SPINS_BEFORE_PARKING 256

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

/* One step of the spin before parking; returns 0 when it is time to park. */
static inline int
ps_spin_step (unsigned step)
{
  if (step >= PS_SPINS_BEFORE_PARKING)
    return 0;
  ps_cpu_relax ();
  return 1;
}
