/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-isolate.c */
#include "ps-isolate.h"

#include <stdlib.h>
#include <string.h>

#include "ps-workload.h"

void
ps_isolate_budget_reset_peak (PsIsolateBudget *budget)
{
  atomic_store (&budget->peak_bytes, atomic_load (&budget->live_bytes));
}

void
ps_isolate_budget_add (PsIsolateBudget *budget, uint64_t bytes)
{
  uint64_t live = atomic_fetch_add (&budget->live_bytes, bytes) + bytes;
  uint64_t peak = atomic_load (&budget->peak_bytes);

  while (live > peak && !atomic_compare_exchange_weak (&budget->peak_bytes, &peak, live))
    ;
}

/* Writes the heap as an isolate build would: every page touched, with content derived from the
 * previous word so the compiler cannot skip it. Returns a digest of the built state. */
static uint64_t
heap_build (uint8_t *heap, size_t bytes)
{
  uint64_t x = 0x9e3779b97f4a7c15u;
  size_t words = bytes / sizeof (uint64_t);
  uint64_t *w = (uint64_t *) heap;

  for (size_t i = 0; i < words; i++)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      w[i] = x;
    }
  return x;
}

uint8_t *
ps_isolate_group_heap_new (const PsScenario *s)
{
  size_t bytes = s->isolate_heap_bytes ? s->isolate_heap_bytes : sizeof (uint64_t);
  uint8_t *heap = malloc (bytes);

  if (heap != NULL)
    heap_build (heap, bytes);
  return heap;
}

PsIsolate *
ps_isolate_new (const PsScenario *s, uint8_t *group_heap, PsIsolateBudget *budget,
                PsCounters *counters)
{
  PsIsolate *iso = calloc (1, sizeof *iso);

  if (iso == NULL)
    return NULL;

  iso->last_tenant = PS_TENANT_NONE;
  iso->tenant_key = PS_TENANT_NONE;
  iso->heap_bytes = s->isolate_heap_bytes;

  if (s->create_mode == PS_CREATE_SAME_GROUP && group_heap != NULL)
    {
      iso->heap = group_heap;
      iso->owns_heap = false;
      iso->state = 0x51;
    }
  else if (iso->heap_bytes > 0)
    {
      iso->heap = malloc (iso->heap_bytes);
      if (iso->heap == NULL)
        {
          free (iso);
          return NULL;
        }
      iso->owns_heap = true;
      iso->state = heap_build (iso->heap, iso->heap_bytes);
    }

  /* The calibrated extra start-up cost (a VM's snapshot deserialisation, say) is real CPU time. */
  if (s->isolate_init_ns > 0)
    ps_workload_spin_ns (s->isolate_init_ns);

  ps_isolate_budget_add (budget, sizeof *iso + (iso->owns_heap ? iso->heap_bytes : 0));
  atomic_fetch_add (&budget->live_count, 1);
  ps_counter_add (&counters->isolates_created, 1);
  return iso;
}

bool
ps_isolate_reserve_message (PsIsolate *iso, size_t bytes, PsIsolateBudget *budget)
{
  if (bytes <= iso->message_capacity)
    return true;

  uint8_t *grown = realloc (iso->message, bytes);
  if (grown == NULL)
    return false;
  ps_isolate_budget_add (budget, bytes - iso->message_capacity);
  iso->message = grown;
  iso->message_capacity = bytes;
  return true;
}

void
ps_isolate_free (PsIsolate *iso, PsIsolateBudget *budget)
{
  if (iso == NULL)
    return;
  atomic_fetch_sub (&budget->live_bytes,
                    sizeof *iso + (iso->owns_heap ? iso->heap_bytes : 0) + iso->message_capacity);
  atomic_fetch_sub (&budget->live_count, 1);
  if (iso->owns_heap)
    free (iso->heap);
  free (iso->message);
  free (iso);
}
