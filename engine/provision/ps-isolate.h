/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-isolate.h: an execution context with its own heap, modelled on a V8 or Dart isolate.
 *
 * Creating one allocates an arena of isolate_heap_bytes and builds it (every page touched, state
 * written), then spends the calibrated isolate_init_ns; a same-group isolate (Dart isolate groups)
 * shares its group's heap and skips that build. Reuse only resets a bump pointer. Messages brought
 * in by copy land in the isolate's own message buffer, which grows to the payload size.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-isolate.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps-counters.h"
#include "ps-scenario.h"

#define PS_TENANT_NONE UINT32_MAX

/* Heap accounting shared by every isolate of one strategy: live bytes and their peak. */
typedef struct
{
  _Atomic uint64_t live_bytes;  /* RMW from any thread creating or destroying an isolate */
  _Atomic uint64_t peak_bytes;  /* raised by CAS when live_bytes passes it */
  _Atomic uint64_t live_count;
} PsIsolateBudget;

/* Starts a new peak from what is live now, so a segment's peak is its own and not the warm-up's
 * or an earlier knob value's. Thread: controller, while no thread creates or frees isolates. */
void ps_isolate_budget_reset_peak (PsIsolateBudget *budget);

/* Counts @bytes as live (raising the peak). Thread: any. */
void ps_isolate_budget_add (PsIsolateBudget *budget, uint64_t bytes);

typedef struct PsIsolate PsIsolate;
struct PsIsolate
{
  uint8_t *heap;          /* owned, or the group's heap when same-group */
  size_t heap_bytes;
  bool owns_heap;
  uint8_t *message;       /* owned: where copied payloads are deserialised */
  size_t message_capacity;
  uint32_t last_tenant;   /* PS_TENANT_NONE until it served a task */
  uint32_t tenant_key;    /* tenant affinity: the tenant it is dedicated to */
  uint64_t last_use;      /* LRU stamp, in the owning pool's clock */
  uint64_t state;         /* digest of the built heap: keeps the build from being optimised away */
  uint64_t acquired_ticks; /* when its current holder got it (hold accounting) */
  PsIsolate *next;        /* free-list link, owned by whichever pool holds it */
};

/**
 * ps_isolate_new:
 * @group_heap: (nullable): the group's heap for same-group creation
 * @budget: accounting of the strategy
 * @counters: the creating slot's counters (isolates_created)
 *
 * Returns: a new isolate, or NULL when out of memory.
 * Thread: any.
 */
PsIsolate *ps_isolate_new (const PsScenario *s, uint8_t *group_heap, PsIsolateBudget *budget,
                           PsCounters *counters);

/* Destroys @iso and returns its bytes to @budget. Thread: any (the isolate's holder). */
void ps_isolate_free (PsIsolate *iso, PsIsolateBudget *budget);

/* Makes the message buffer hold at least @bytes. Returns false when out of memory. */
bool ps_isolate_reserve_message (PsIsolate *iso, size_t bytes, PsIsolateBudget *budget);

/* Notes that @iso now serves @tenant, counting a cross-tenant reuse. Thread: the holder. */
static inline void
ps_isolate_enter (PsIsolate *iso, uint32_t tenant, PsCounters *counters)
{
  if (iso->last_tenant != PS_TENANT_NONE && iso->last_tenant != tenant)
    ps_counter_add (&counters->cross_tenant_reuses, 1);
  iso->last_tenant = tenant;
}

/* Builds a group heap for same-group isolates; freed with free(). */
uint8_t *ps_isolate_group_heap_new (const PsScenario *s);
