/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-provision-thread-local.c: each worker slot owns up to I isolates and never takes a lock
 * (OpenWorkers' thread-pinned pool). Only the slot's own worker touches its list. */
#include "ps-provision.h"

#include <stdlib.h>
#include <string.h>

#include "ps-error.h"
#include "ps-isolate-list.h"

typedef struct
{
  PsIsolateList free;
  unsigned created;     /* isolates this slot owns, free or held */
  uint64_t clock;       /* LRU stamps */
} LocalSlot;

typedef struct
{
  PsProvision parent;
  LocalSlot *slots;     /* owned; n_slots entries */
  unsigned n_slots;
} LocalProvision;

static int
local_configure (PsProvision *p, const PsScenario *s, unsigned n_slots)
{
  LocalProvision *self = (LocalProvision *) p;

  /* Slots that go away take their isolates with them. */
  for (unsigned i = n_slots; i < self->n_slots; i++)
    ps_isolate_list_trim (&self->slots[i].free, 0, &p->budget);
  if (n_slots > self->n_slots)
    {
      LocalSlot *grown = realloc (self->slots, n_slots * sizeof (LocalSlot));
      if (grown == NULL)
        return PS_ENOMEM;
      memset (grown + self->n_slots, 0, (n_slots - self->n_slots) * sizeof (LocalSlot));
      self->slots = grown;
    }
  self->n_slots = n_slots;
  for (unsigned i = 0; i < n_slots; i++)
    {
      LocalSlot *slot = &self->slots[i];
      /* Between segments nothing is held, so what is free is all the slot owns. */
      ps_isolate_list_trim (&slot->free, s->isolates, &p->budget);
      slot->created = slot->free.length;
    }
  p->shared_capacity = 0;
  p->max_held_per_slot = s->isolates;
  return 0;
}

static PsIsolate *
local_acquire (PsProvision *p, unsigned index, uint32_t tenant, PsCounters *c, bool *oom)
{
  LocalProvision *self = (LocalProvision *) p;
  LocalSlot *slot = &self->slots[index];
  bool by_tenant = p->scenario.affinity == PS_AFFINITY_TENANT;
  PsIsolate *iso = ps_isolate_list_take (&slot->free, by_tenant, tenant);

  if (iso == NULL && slot->created >= p->scenario.isolates && slot->free.length > 0)
    {
      /* Full and none for this tenant: evict the least recently used one. */
      ps_isolate_free (ps_isolate_list_take_lru (&slot->free), &p->budget);
      slot->created--;
    }
  if (iso == NULL)
    {
      iso = ps_provision_create_isolate (p, c);
      if (iso == NULL)
        {
          *oom = true;
          return NULL;
        }
      iso->tenant_key = tenant;
      slot->created++;
    }
  iso->last_use = ++slot->clock;
  return iso;
}

static void
local_release (PsProvision *p, unsigned index, PsIsolate *iso, PsCounters *c)
{
  LocalProvision *self = (LocalProvision *) p;

  ps_isolate_list_push (&self->slots[index].free, iso);
}

static void
local_finalize (PsProvision *p)
{
  LocalProvision *self = (LocalProvision *) p;

  for (unsigned i = 0; i < self->n_slots; i++)
    ps_isolate_list_trim (&self->slots[i].free, 0, &p->budget);
  free (self->slots);
  self->slots = NULL;
  self->n_slots = 0;
}

const PsProvisionClass ps_provision_thread_local_class = {
  .kind = PS_ISOLATES_THREAD_LOCAL,
  .instance_size = sizeof (LocalProvision),
  .configure = local_configure,
  .acquire = local_acquire,
  .release = local_release,
  .finalize = local_finalize,
};
