/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-deque.c: the C11 formulation of Lê, Pop, Cohen and Zappa Nardelli (PPoPP 2013), without
 * growth. */
#include "ps-deque.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>

#include "ps-error.h"

/* slot_write() and slot_read() copy a PsTask field by field, and `batch` is not carried (stealing
 * never moves batched tasks). Pin the layout they were written for, so that a field added to
 * PsTask breaks the build here instead of being silently dropped by every steal. */
_Static_assert (offsetof (PsTask, id) == 0, "PsTask changed: update the deque's copies");
_Static_assert (offsetof (PsTask, submit_ticks) == 8, "PsTask changed: update the deque's copies");
_Static_assert (offsetof (PsTask, tenant) == 16, "PsTask changed: update the deque's copies");
_Static_assert (offsetof (PsTask, batch) == 24, "PsTask changed: update the deque's copies");
_Static_assert (sizeof (PsTask) == 32, "PsTask changed: update the deque's copies");
_Static_assert (sizeof (((PsTask *) 0)->id) == sizeof (uint64_t), "id is stored in 64 bits");
_Static_assert (sizeof (((PsTask *) 0)->submit_ticks) == sizeof (uint64_t),
                "submit_ticks is stored in 64 bits");
_Static_assert (sizeof (((PsTask *) 0)->tenant) <= sizeof (uint64_t),
                "the tenant must fit the slot's word");
_Static_assert (sizeof (PsDequeSlot) == 3 * sizeof (uint64_t), "one atomic word per copied field");

/* A new field could also hide in the padding after `tenant` without moving anything: list the
 * fields positionally, so that a missing one is an error (this is the field list the copies
 * below were written for). */
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wmissing-field-initializers"
static inline PsTask
deque_task_fields (void)
{
  return (PsTask) { 0, 0, 0, NULL };
}
#pragma GCC diagnostic pop

int
ps_deque_init (PsDeque *d, int64_t capacity)
{
  int64_t cap = 2;

  while (cap < capacity)
    cap <<= 1;
  d->slots = calloc ((size_t) cap, sizeof (PsDequeSlot));
  if (d->slots == NULL)
    return PS_ENOMEM;
  d->mask = cap - 1;
  /* Indices wrap with `& mask`, which is a modulo only for a power-of-two capacity. */
  assert (cap > 0 && (cap & d->mask) == 0);
  atomic_init (&d->top, 0);
  atomic_init (&d->bottom, 0);
  return 0;
}

void
ps_deque_clear (PsDeque *d)
{
  free (d->slots);
  d->slots = NULL;
}

static void
slot_write (PsDequeSlot *slot, const PsTask *task)
{
  atomic_store_explicit (&slot->id, task->id, memory_order_relaxed);
  atomic_store_explicit (&slot->submit_ticks, task->submit_ticks, memory_order_relaxed);
  atomic_store_explicit (&slot->tenant, task->tenant, memory_order_relaxed);
}

static void
slot_read (PsDequeSlot *slot, PsTask *out)
{
  out->id = atomic_load_explicit (&slot->id, memory_order_relaxed);
  out->submit_ticks = atomic_load_explicit (&slot->submit_ticks, memory_order_relaxed);
  out->tenant = (uint32_t) atomic_load_explicit (&slot->tenant, memory_order_relaxed);
  out->batch = NULL;
}

bool
ps_deque_push (PsDeque *d, const PsTask *task)
{
  int64_t b = atomic_load_explicit (&d->bottom, memory_order_relaxed);
  int64_t t = atomic_load_explicit (&d->top, memory_order_acquire);

  if (b - t > d->mask)
    return false;
  /* The slot has no room for the batch: only unbatched tasks may be stolen. */
  assert (task->batch == NULL);
  slot_write (&d->slots[b & d->mask], task);
  atomic_thread_fence (memory_order_release);
  atomic_store_explicit (&d->bottom, b + 1, memory_order_relaxed);
  return true;
}

PsDequeResult
ps_deque_take (PsDeque *d, PsTask *out)
{
  int64_t b = atomic_load_explicit (&d->bottom, memory_order_relaxed) - 1;
  /* A sequentially consistent exchange orders the claim of the bottom slot before reading top,
   * like the paper's store + fence, but a locked instruction is cheaper than a full fence. */
  atomic_exchange_explicit (&d->bottom, b, memory_order_seq_cst);
  int64_t t = atomic_load_explicit (&d->top, memory_order_seq_cst);

  if (t > b)
    {
      atomic_store_explicit (&d->bottom, b + 1, memory_order_relaxed);
      return PS_DEQUE_EMPTY;
    }
  slot_read (&d->slots[b & d->mask], out);
  if (t < b)
    return PS_DEQUE_GOT;

  /* The last element: race the thieves for it. */
  PsDequeResult r = PS_DEQUE_GOT;
  if (!atomic_compare_exchange_strong_explicit (&d->top, &t, t + 1, memory_order_seq_cst,
                                                memory_order_relaxed))
    r = PS_DEQUE_LOST_RACE;
  atomic_store_explicit (&d->bottom, b + 1, memory_order_relaxed);
  return r;
}

PsDequeResult
ps_deque_steal (PsDeque *d, PsTask *out)
{
  int64_t t = atomic_load_explicit (&d->top, memory_order_acquire);
  atomic_thread_fence (memory_order_seq_cst);
  int64_t b = atomic_load_explicit (&d->bottom, memory_order_acquire);

  if (t >= b)
    return PS_DEQUE_EMPTY;
  slot_read (&d->slots[t & d->mask], out);
  if (!atomic_compare_exchange_strong_explicit (&d->top, &t, t + 1, memory_order_seq_cst,
                                                memory_order_relaxed))
    return PS_DEQUE_LOST_RACE;
  return PS_DEQUE_GOT;
}

int64_t
ps_deque_size (PsDeque *d)
{
  int64_t b = atomic_load (&d->bottom);
  int64_t t = atomic_load (&d->top);
  return b > t ? b - t : 0;
}
