/* ps-spin.h: a polite busy-wait step.
 *
 * Spinning briefly before parking saves a futex round-trip when work is about to arrive. The spin
 * uses the CPU's pause hint rather than sched_yield(): on a loaded 2-core machine a yield hands the
 * core to another process for a whole time slice, which turns a microsecond wait into milliseconds.
 */
#pragma once

/* About 1.5 µs of spinning before a worker parks. */
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
