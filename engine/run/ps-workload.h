/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-workload.h: what a task does, identical for every strategy on the same seed.
 *
 * Task `id` works on chunk id % PS_INPUT_CHUNKS of the input (ps-input.h). Its body brings the
 * chunk into the isolate (copy: serialise into the isolate's message buffer and decode every word,
 * checking it against the chunk's digest; move: read it in place; capture-whole: copy and decode all
 * chunks), reads a fixed sample of it, then spins the CPU kernel for work_ns. The result depends
 * only on the seed, the id and the data, never on timing, so checksums agree across strategies.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-workload.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps-counters.h"
#include "ps-input.h"
#include "ps-isolate.h"
#include "ps-scenario.h"

typedef struct
{
  unsigned tenants;
  double skew;
  double *cdf;            /* owned: Zipf CDF over tenants when skew > 0 */
} PsTenantTable;

typedef struct PsBatch PsBatch;

/* The task as it travels through queues: POD, 32 bytes. */
typedef struct
{
  uint64_t id;
  uint64_t submit_ticks;
  uint32_t tenant;
  PsBatch *batch;         /* batched dispatch: the batch it belongs to, else NULL */
} PsTask;

/* The calibration of the CPU kernel: a warm-up, then the median of this many probes of this
 * length (see workload_calibrate () for why). */
#define PS_WORKLOAD_WARMUP_NS 10000000u
#define PS_WORKLOAD_PROBE_NS 2000000u
#define PS_WORKLOAD_PROBE_ROUNDS 9u

/* Calibrates the CPU kernel once per process. Thread: any; idempotent. */
void ps_workload_init (void);

/* Kernel iterations per microsecond on this machine. Thread: any, after init. */
double ps_workload_iterations_per_us (void);

/* Runs @iterations of the work kernel (what work_ns calibrates to). Thread: any. */
void ps_workload_burn (uint64_t iterations, uint64_t seed);
/* (slowest − fastest probe) / median, in percent: how steady the machine was while calibrating.
 * Thread: any, after init. */
double ps_workload_round_spread_pct (void);

/* Burns about @ns of CPU with the kernel. Thread: any. */
void ps_workload_spin_ns (uint64_t ns);

static inline uint64_t
ps_hash64 (uint64_t x)
{
  x += 0x9e3779b97f4a7c15u;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
  return x ^ (x >> 31);
}

/* Where a copy's destination lands relative to its source, modulo 4 KiB. A destination a little
 * past a 4 KiB multiple from its source (the aliased window, 1 to PS_COPY_ALIAS_WINDOW − 1 bytes)
 * makes the CPU's loads wait on earlier stores to the same low 12 address bits; 16 bytes is
 * where malloc happened to put two equal buffers. 64, 256, 1024 and 2048 copy at full speed. */
#define PS_COPY_ALIAS_WINDOW 64u
#define PS_COPY_OFFSET_ALIASED 16u
#define PS_COPY_OFFSET_SAFE 2048u
/* The spare bytes a destination buffer needs so that ps_copy_destination () can place it. */
#define PS_COPY_SLACK 4096u

/* Whether a copy from @src to @dst is 4K-aliased ((dst − src) mod 4096 in the window). */
bool ps_copy_is_aliased (const void *src, const void *dst);

/* The place in @buffer (PS_COPY_SLACK bytes longer than the copy) where a copy of @src lands:
 * aliased when @aliased (the copy_alias knob), at the safe offset otherwise. Thread: any. */
uint8_t *ps_copy_destination (uint8_t *buffer, const void *src, bool aliased);

/* Builds the tenant table; returns false on ENOMEM. */
bool ps_tenant_table_prepare (PsTenantTable *table, unsigned tenants, double skew);
void ps_tenant_table_clear (PsTenantTable *table);

/* The tenant of task @id: id % tenants without skew (OpenWorkers cycled worker ids), else a Zipf
 * draw seeded by (seed, id). Thread: any. */
uint32_t ps_tenant_of (const PsTenantTable *table, uint64_t seed, uint64_t id);

/* The thread, of @n_threads, that serves @tenant wherever tasks are pinned by tenant (the sticky
 * router's lanes, own-tenants' generators). Thread: any. */
static inline unsigned
ps_tenant_lane (uint32_t tenant, unsigned n_threads)
{
  return (unsigned) (ps_hash64 (tenant) % n_threads);
}

/**
 * ps_workload_run_body:
 * @iso: the isolate the task holds
 *
 * Runs the task's body. Counts bytes copied into @counters.
 *
 * Returns: the task's result, or 0 with *@oom set when the message buffer could not grow.
 * Thread: the isolate's holder.
 */
uint64_t ps_workload_run_body (const PsScenario *s, const PsInput *input, PsIsolate *iso,
                               const PsTask *task, uint64_t work_iterations,
                               PsIsolateBudget *budget, PsCounters *counters, bool *oom);

/* The kernel iterations that make work_ns on this machine. Thread: any, after init. */
uint64_t ps_workload_iterations_for (uint64_t work_ns);
