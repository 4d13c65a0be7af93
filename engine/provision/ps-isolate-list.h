/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-isolate-list.h: the free list both pooled modes keep, with tenant-affinity lookup.
 *
 * With affinity `any` the most recently released isolate is reused (warm caches). With `tenant` an
 * isolate serves the tenant it was created for; when none is free for that tenant and the pool is
 * full, the least recently used free isolate is evicted: destroyed and created anew for the tenant,
 * as OpenWorkers' pools keyed by worker id did.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-isolate-list.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdbool.h>
#include <stdint.h>

#include "ps-isolate.h"

typedef struct
{
  PsIsolate *head;  /* most recently released first */
  unsigned length;
} PsIsolateList;

static inline void
ps_isolate_list_push (PsIsolateList *list, PsIsolate *iso)
{
  iso->next = list->head;
  list->head = iso;
  list->length++;
}

/* Takes the isolate for @tenant (affinity tenant) or the first one (any); NULL if none fits. */
PsIsolate *ps_isolate_list_take (PsIsolateList *list, bool by_tenant, uint32_t tenant);

/* Takes the least recently used isolate; NULL when empty. */
PsIsolate *ps_isolate_list_take_lru (PsIsolateList *list);

/* Destroys isolates until at most @keep remain; returns how many were destroyed. */
unsigned ps_isolate_list_trim (PsIsolateList *list, unsigned keep, PsIsolateBudget *budget);
