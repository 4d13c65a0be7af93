/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-frame-slice.c: a short scheduler slice for the thread that draws the window.
 *
 * During a CPU-bound run the engine's workers keep every core busy, and a frame the window
 * starts must wait until the kernel lets the main thread in: with two workers on two cores the
 * window's frames came 24 ms apart at the 95th percentile though each needed about 6 ms of CPU.
 * Raising the main thread's priority needs privileges and lowering the workers' (nice) changes
 * what a run measures whenever other programs compete for the cores. Linux's EEVDF scheduler
 * (6.12 and later) offers a third way: a thread may ask for a shorter time slice, which earns it
 * an earlier deadline when it wakes, so it preempts a worker at once, while its weight, and so
 * every thread's share of the CPU, stays what it was. Older kernels accept the request and
 * ignore the slice; kernels without sched_setattr refuse it, and the window then works as before.
 *
 * Threads inherit a custom slice: without SCHED_FLAG_RESET_ON_FORK every thread the window
 * starts later, the engine's workers among them, ran on 0.5 ms slices too, which changes what
 * a run measures (seen with sched_getattr; test-frame-slice checks a new thread's slice).
 */
#define G_LOG_DOMAIN "poolscope"

#include "ps-frame-slice.h"

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* From include/uapi/linux/sched.h: threads this one starts get the default slice and policy. */
#define SCHED_FLAG_RESET_ON_FORK 0x01

/* The kernel's struct sched_attr (include/uapi/linux/sched/types.h), which glibc 2.36 does not
 * declare and whose kernel header clashes with <sched.h>. */
typedef struct
{
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;  /* for SCHED_OTHER under EEVDF: the requested slice, ns */
  uint64_t sched_deadline;
  uint64_t sched_period;
} SchedAttr;

/**
 * ps_frame_slice_request:
 * @slice_ns: the time slice to ask for, in nanoseconds (the kernel clamps it to 0.1–100 ms)
 *
 * Asks for a time slice of @slice_ns for the calling thread, keeping its policy (normal) and
 * its nice value. Call it on the thread that draws.
 *
 * Returns: whether the kernel accepted the request (it may still ignore the slice)
 */
gboolean
ps_frame_slice_request (guint64 slice_ns)
{
#ifdef SYS_sched_setattr
  SchedAttr attr = {
    .size = sizeof attr,
    .sched_policy = SCHED_OTHER,
    .sched_flags = SCHED_FLAG_RESET_ON_FORK,
  };

  errno = 0;
  attr.sched_nice = getpriority (PRIO_PROCESS, 0);
  if (errno != 0)
    attr.sched_nice = 0;
  attr.sched_runtime = slice_ns;
  if (syscall (SYS_sched_setattr, 0, &attr, 0) == 0)
    return TRUE;
  g_debug ("no short time slice for the window's thread: %s", g_strerror (errno));
#endif
  return FALSE;
}

/**
 * ps_frame_slice_get:
 * @slice_ns: (out): the calling thread's time slice in nanoseconds as the kernel reports it; 0
 *   where it reports none (before Linux 6.12, for normal threads)
 *
 * Returns: whether the kernel answered (sched_getattr may be missing or refused)
 */
gboolean
ps_frame_slice_get (guint64 *slice_ns)
{
#ifdef SYS_sched_getattr
  SchedAttr attr = { 0 };

  if (syscall (SYS_sched_getattr, 0, &attr, sizeof attr, 0) == 0)
    {
      *slice_ns = attr.sched_runtime;
      return TRUE;
    }
#endif
  return FALSE;
}
