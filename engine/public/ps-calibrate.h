/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-calibrate.h: the machine's own reference costs, measured in-process and kept with every result
 * so a figure can always be read against what this machine does for free.
 */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

#include <stdbool.h>
#include <stdint.h>

#define PS_CALIBRATE_MEMCPY_SIZES 4

typedef struct
{
  unsigned cores;                  /* uv_available_parallelism () */
  char cpu_model[96];              /* from /proc/cpuinfo, or "unknown" */
  uint64_t total_memory_bytes;
  uint64_t last_level_cache_bytes; /* what a cold payload source must outgrow (sysfs, cpu0) */
  char clock_source[16];           /* "rdtsc" or "clock_gettime" */
  double ticks_per_ns;             /* of the hot-path clock */
  double clock_cost_ns;            /* one hot-path timestamp */
  double clock_gettime_ns;         /* one clock_gettime (CLOCK_MONOTONIC) */
  uint64_t memcpy_sizes[PS_CALIBRATE_MEMCPY_SIZES];  /* 64 B, 4 KiB, 64 KiB, 1 MiB */
  /* One copy of each size with the destination a safe distance past the source modulo 4 KiB
   * (memcpy_safe_offset): the reference figure, independent of where malloc put the buffers. */
  double memcpy_ns[PS_CALIBRATE_MEMCPY_SIZES];
  /* The same copies with the destination memcpy_aliased_offset bytes past a 4 KiB multiple from
   * the source, where loads falsely depend on earlier stores (4K aliasing): on some CPUs `rep
   * movsb` collapses there. Shown beside the reference, never instead of it. */
  double memcpy_aliased_ns[PS_CALIBRATE_MEMCPY_SIZES];
  unsigned memcpy_safe_offset;     /* (destination − source) mod 4096 of memcpy_ns */
  unsigned memcpy_aliased_offset;  /* (destination − source) mod 4096 of memcpy_aliased_ns */
  double arena_create_ns_per_kib;  /* allocate + touch + build an isolate heap */
  double lock_handoff_ns;          /* one mutex handoff between two threads */
  double sleep_request_ns;         /* the sleep asked for below (20 µs, the shortest --io-delay) */
  double sleep_achieved_ns;        /* median sleep it gave on an engine thread (least slack) */
  double sleep_default_slack_ns;   /* median on a thread with the default timer slack */
  double work_iterations_per_us;   /* speed of the CPU kernel behind work_ns: the median probe */
  double work_probe_ns;            /* length of one calibration probe of the kernel */
  unsigned work_probe_rounds;      /* probes taken (after a warm-up) */
  double work_round_spread_pct;    /* (slowest − fastest probe) / median: the machine's steadiness */
} PsMachine;

/* What the machine's CPUs had done at one moment, to tell how busy other processes kept it
 * between two moments. */
typedef struct
{
  uint64_t busy_ns;            /* every CPU's non-idle time since boot (/proc/stat, 10 ms steps) */
  uint64_t self_ns;            /* this process's CPU time and that of its reaped children */
  uint64_t wall_ns;            /* CLOCK_MONOTONIC */
} PsMachineLoad;

/* Returns: whether /proc/stat was read. Thread: any. */
bool ps_machine_load_read (PsMachineLoad *out);

/* Other processes' CPU time between @a and @b, in percent of @cores × the wall time between them,
 * clamped to 0–100; 0 when unknown. /proc/stat counts whole 10 ms ticks: over a stretch shorter
 * than a few hundred ms of the machine's time the figure is coarse. Thread: any. */
double ps_machine_other_cpu_pct (const PsMachineLoad *a, const PsMachineLoad *b, unsigned cores);

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
