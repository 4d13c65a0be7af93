/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-provision.h: the isolates axis — how a task gets its execution context.
 *
 * One implementation per file behind this small vtable: `fresh` (create and destroy per task),
 * `shared-pool` (one global pool behind one mutex) and `thread-local` (each worker slot owns its
 * isolates). A provision lives as long as its strategy in a run, so warm pools stay warm across
 * segments; between segments the controller reconfigures it for the knobs now in force.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-provision.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdbool.h>
#include <stdint.h>

#include "ps-counters.h"
#include "ps-isolate.h"
#include "ps-scenario.h"

typedef struct PsProvision PsProvision;

typedef struct
{
  PsIsolatesKind kind;
  size_t instance_size;
  /* Applies @s for @n_slots worker slots. Thread: controller, no worker running. */
  int (*configure) (PsProvision *p, const PsScenario *s, unsigned n_slots);
  /* Returns NULL with *oom set when an isolate could not be created. Thread: slot's worker. */
  PsIsolate *(*acquire) (PsProvision *p, unsigned slot, uint32_t tenant, PsCounters *c, bool *oom);
  void (*release) (PsProvision *p, unsigned slot, PsIsolate *iso, PsCounters *c);
  /* Destroys every isolate. Thread: controller. */
  void (*finalize) (PsProvision *p);
} PsProvisionClass;

struct PsProvision
{
  const PsProvisionClass *klass;
  PsScenario scenario;        /* knobs in force; written by configure only */
  PsIsolateBudget budget;
  uint8_t *group_heap;        /* owned: the same-group heap, built on first need */
  uint64_t group_heap_bytes;  /* counted in the budget while group_heap lives */
  unsigned shared_capacity;   /* isolates shared between threads (for the hold share) */
  unsigned max_held_per_slot; /* 0 = unlimited; a slot never holds more at once */
};

extern const PsProvisionClass ps_provision_fresh_class;
extern const PsProvisionClass ps_provision_shared_pool_class;
extern const PsProvisionClass ps_provision_thread_local_class;

/* Returns: a new provision of @kind, or NULL on ENOMEM. Thread: any. */
PsProvision *ps_provision_new (PsIsolatesKind kind);

/* Builds the group heap when @s asks for same-group creation, then calls the class. */
int ps_provision_configure (PsProvision *p, const PsScenario *s, unsigned n_slots);

void ps_provision_free (PsProvision *p);

/* Whether a knob change from @old to @s makes the existing isolates stale. */
bool ps_provision_isolates_stale (const PsScenario *old, const PsScenario *s);

/* Creates an isolate for @p (group heap, budget, counters). */
PsIsolate *ps_provision_create_isolate (PsProvision *p, PsCounters *c);

/* The number of isolates alive. Thread: any. */
uint64_t ps_provision_live (PsProvision *p);
