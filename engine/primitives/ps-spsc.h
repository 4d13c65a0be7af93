/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-spsc.h: a bounded single-producer single-consumer queue of tasks, lock-free.
 *
 * The `sticky` dispatch gives each worker one of these: the router is the only producer and the
 * worker the only consumer, so a handoff is a plain store plus a release store of an index. Each
 * side caches the other's index and re-reads it only when it looks full or empty.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-spsc.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps-workload.h"

typedef struct
{
  alignas (64) _Atomic size_t head;  /* written by the producer */
  size_t cached_tail;                /* producer's copy of tail */
  alignas (64) _Atomic size_t tail;  /* written by the consumer */
  size_t cached_head;                /* consumer's copy of head */
  alignas (64) PsTask *items;        /* owned; capacity is a power of two */
  size_t mask;
} PsSpsc;

int ps_spsc_init (PsSpsc *q, size_t capacity);
void ps_spsc_clear (PsSpsc *q);

/* Returns false when full. Thread: the producer. */
static inline bool
ps_spsc_push (PsSpsc *q, const PsTask *task)
{
  size_t head = atomic_load_explicit (&q->head, memory_order_relaxed);

  if (head - q->cached_tail > q->mask)
    {
      q->cached_tail = atomic_load_explicit (&q->tail, memory_order_acquire);
      if (head - q->cached_tail > q->mask)
        return false;
    }
  q->items[head & q->mask] = *task;
  atomic_store_explicit (&q->head, head + 1, memory_order_release);
  return true;
}

/* Returns false when empty. Thread: the consumer. */
static inline bool
ps_spsc_pop (PsSpsc *q, PsTask *out)
{
  size_t tail = atomic_load_explicit (&q->tail, memory_order_relaxed);

  if (tail == q->cached_head)
    {
      q->cached_head = atomic_load_explicit (&q->head, memory_order_acquire);
      if (tail == q->cached_head)
        return false;
    }
  *out = q->items[tail & q->mask];
  atomic_store_explicit (&q->tail, tail + 1, memory_order_release);
  return true;
}

/* Whether it looks empty (seq_cst, for the Dekker check before parking). Thread: any. */
static inline bool
ps_spsc_is_empty (PsSpsc *q)
{
  return atomic_load (&q->head) == atomic_load (&q->tail);
}

static inline bool
ps_spsc_is_full (PsSpsc *q)
{
  return atomic_load (&q->head) - atomic_load (&q->tail) > q->mask;
}

/* Tasks queued right now (seq_cst reads). Thread: any. */
static inline size_t
ps_spsc_size (PsSpsc *q)
{
  return atomic_load (&q->head) - atomic_load (&q->tail);
}
