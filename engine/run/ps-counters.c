/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-counters.c */
#include "ps-counters.h"

void
ps_counters_reset (PsCounters *c)
{
  atomic_store_explicit (&c->tasks, 0, memory_order_relaxed);
  atomic_store_explicit (&c->checksum, 0, memory_order_relaxed);
  atomic_store_explicit (&c->wait_ticks, 0, memory_order_relaxed);
  atomic_store_explicit (&c->wait_since, 0, memory_order_relaxed);
  atomic_store_explicit (&c->hold_ticks, 0, memory_order_relaxed);
  atomic_store_explicit (&c->gil_hold_ticks, 0, memory_order_relaxed);
  atomic_store_explicit (&c->idle_ticks, 0, memory_order_relaxed);
  atomic_store_explicit (&c->acquisitions, 0, memory_order_relaxed);
  atomic_store_explicit (&c->contended, 0, memory_order_relaxed);
  atomic_store_explicit (&c->isolates_created, 0, memory_order_relaxed);
  atomic_store_explicit (&c->bytes_copied, 0, memory_order_relaxed);
  atomic_store_explicit (&c->cross_tenant_reuses, 0, memory_order_relaxed);
  atomic_store_explicit (&c->acquire_attempts, 0, memory_order_relaxed);
  atomic_store_explicit (&c->steals, 0, memory_order_relaxed);
  atomic_store_explicit (&c->steal_attempts, 0, memory_order_relaxed);
  atomic_store_explicit (&c->gil_switches, 0, memory_order_relaxed);
  atomic_store_explicit (&c->io_ticks, 0, memory_order_relaxed);
  atomic_store_explicit (&c->cpu_ns, 0, memory_order_relaxed);
  atomic_store_explicit (&c->runnable_ns, 0, memory_order_relaxed);
  atomic_store_explicit (&c->involuntary, 0, memory_order_relaxed);
  ps_histogram_reset (&c->latency);
  ps_histogram_reset (&c->queued);
  ps_histogram_reset (&c->service);
  ps_histogram_reset (&c->operations);
}
