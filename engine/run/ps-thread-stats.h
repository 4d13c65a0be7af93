/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-thread-stats.h: what the kernel knows about a thread and the machine, for the time breakdown
 * and the interference figure.
 *
 * A thread's wall time is spent on a CPU, runnable but waiting for one (the run-queue delay, the
 * second field of /proc/thread-self/schedstat), or blocked. The engine's own counters say why a
 * thread blocked (a lock, an empty queue, I/O); only the kernel can say how long it sat runnable,
 * which is where the time goes when threads outnumber cores.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-thread-stats.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdbool.h>
#include <stdint.h>

#include "ps-calibrate.h"

typedef struct
{
  uint64_t cpu_ns;             /* on a CPU */
  uint64_t runnable_ns;        /* runnable, waiting for a CPU */
  uint64_t involuntary;        /* switches away while runnable (preempted) */
} PsThreadStats;

/* Reads the calling thread's figures; all zero where the kernel does not provide them.
 * Returns: whether the schedstat line was read. Thread: the thread itself. */
bool ps_thread_stats_read (PsThreadStats *out);

/* Returns: the calling thread's CPU time in ns (CLOCK_THREAD_CPUTIME_ID), 0 where there is none.
 * Cheaper than ps_thread_stats_read() (no file read), for timing a stretch of CPU work that a busy
 * machine may preempt. Thread: the thread itself. */
uint64_t ps_thread_cpu_ns (void);

/* PsMachineLoad, ps_machine_load_read () and ps_machine_other_cpu_pct () are public
 * (ps-calibrate.h): a sweep measuring in child processes needs them too. */
