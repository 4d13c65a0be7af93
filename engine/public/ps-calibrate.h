/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-calibrate.h: the machine's own reference costs, measured in-process and kept with every result
 * so a figure can always be read against what this machine does for free.
 */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

#include <stdint.h>

#define PS_CALIBRATE_MEMCPY_SIZES 4

typedef struct
{
  unsigned cores;                  /* uv_available_parallelism () */
  char cpu_model[96];              /* from /proc/cpuinfo, or "unknown" */
  uint64_t total_memory_bytes;
  char clock_source[16];           /* "rdtsc" or "clock_gettime" */
  double ticks_per_ns;             /* of the hot-path clock */
  double clock_cost_ns;            /* one hot-path timestamp */
  double clock_gettime_ns;         /* one clock_gettime (CLOCK_MONOTONIC) */
  uint64_t memcpy_sizes[PS_CALIBRATE_MEMCPY_SIZES];  /* 64 B, 4 KiB, 64 KiB, 1 MiB */
  double memcpy_ns[PS_CALIBRATE_MEMCPY_SIZES];       /* one copy of each size */
  double arena_create_ns_per_kib;  /* allocate + touch + build an isolate heap */
  double lock_handoff_ns;          /* one mutex handoff between two threads */
  double sleep_request_ns;         /* the sleep asked for below (20 µs, the shortest --io-delay) */
  double sleep_achieved_ns;        /* median sleep it gave on an engine thread (least slack) */
  double sleep_default_slack_ns;   /* median on a thread with the default timer slack */
  double work_iterations_per_us;   /* speed of the CPU kernel behind work_ns */
} PsMachine;

/**
 * ps_calibrate:
 * @out: filled with this machine's references
 *
 * Measures the references (about 50 ms the first time). Later calls return the cached figures.
 *
 * Returns: 0.
 * Thread: any (serialised internally).
 */
int ps_calibrate (PsMachine *out);
