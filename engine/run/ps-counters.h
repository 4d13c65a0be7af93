/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-counters.h: the per-worker-slot counters behind every measure.
 *
 * Each slot is written by one thread at a time (its worker; successive spawned threads of one slot
 * are ordered by join), with relaxed load+store instead of atomic read-modify-write, so counting
 * costs a plain add. The controller reads them at any time for live samples. Slots are cache-line
 * aligned so two workers never share a line.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-counters.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>

#include "ps-histogram.h"

typedef struct
{
  alignas (64) _Atomic uint64_t tasks;       /* completed tasks */
  _Atomic uint64_t checksum;                 /* sum of the completed tasks' results */
  _Atomic uint64_t wait_ticks;               /* blocked acquiring an isolate, the GIL or a pool lock */
  _Atomic uint64_t wait_since;               /* tick a wait in progress began; 0 when not waiting */
  _Atomic uint64_t hold_ticks;               /* holding a shared isolate */
  _Atomic uint64_t gil_hold_ticks;           /* holding the global interpreter lock */
  _Atomic uint64_t idle_ticks;               /* parked on an empty queue */
  _Atomic uint64_t acquisitions;             /* of a shared isolate or the GIL */
  _Atomic uint64_t contended;                /* acquisitions that found it taken */
  _Atomic uint64_t isolates_created;
  _Atomic uint64_t bytes_copied;
  _Atomic uint64_t cross_tenant_reuses;
  _Atomic uint64_t acquire_attempts;         /* tries, spin-sleep retries included */
  _Atomic uint64_t steals;                   /* tasks taken from another worker's deque */
  _Atomic uint64_t steal_attempts;           /* looks into another worker's deque */
  _Atomic uint64_t gil_switches;             /* forced GIL hand-offs after the switch interval */
  _Atomic uint64_t io_ticks;                 /* asleep in simulated I/O with nothing else to do */
  /* From the kernel, added by each thread of the slot every few ms and as it leaves
   * (ps-thread-stats.h). */
  _Atomic uint64_t cpu_ns;
  _Atomic uint64_t runnable_ns;
  _Atomic uint64_t involuntary;
  PsHistogram latency;                       /* submit to completion, ns */
  PsHistogram queued;                        /* submit to the start of service, ns */
  PsHistogram service;                       /* start of service to completion, ns */
  PsHistogram operations;                    /* fork-join: fork to the last task's end, ns */
} PsCounters;

/* Adds @v to a single-writer counter. Thread: the slot's writer. */
static inline void
ps_counter_add (_Atomic uint64_t *counter, uint64_t v)
{
  atomic_store_explicit (counter, atomic_load_explicit (counter, memory_order_relaxed) + v,
                         memory_order_relaxed);
}

static inline uint64_t
ps_counter_get (_Atomic uint64_t *counter)
{
  return atomic_load_explicit (counter, memory_order_relaxed);
}

/* Marks the start and the end of a wait, so live samples see a wait that has not ended yet.
 * Thread: the slot's writer. */
static inline void
ps_counters_wait_begin (PsCounters *c, uint64_t now)
{
  atomic_store_explicit (&c->wait_since, now, memory_order_relaxed);
}

static inline void
ps_counters_wait_end (PsCounters *c, uint64_t began, uint64_t now)
{
  ps_counter_add (&c->wait_ticks, now - began);
  atomic_store_explicit (&c->wait_since, 0, memory_order_relaxed);
}

/* Wait ticks so far, including a wait still in progress at @now. Thread: any. */
static inline uint64_t
ps_counters_wait_view (PsCounters *c, uint64_t now)
{
  uint64_t since = atomic_load_explicit (&c->wait_since, memory_order_relaxed);
  uint64_t done = atomic_load_explicit (&c->wait_ticks, memory_order_relaxed);

  return done + (since != 0 && now > since ? now - since : 0);
}

/* Zeroes every counter of @c. Thread: controller, while the slot has no writer. */
void ps_counters_reset (PsCounters *c);
