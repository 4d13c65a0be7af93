/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-provision.c: what every isolates mode shares. */
#include "ps-provision.h"

#include <stdlib.h>
#include <string.h>

#include "ps-error.h"

PsProvision *
ps_provision_new (PsIsolatesKind kind)
{
  const PsProvisionClass *klass;

  switch (kind)
    {
    case PS_ISOLATES_FRESH:        klass = &ps_provision_fresh_class; break;
    case PS_ISOLATES_SHARED_POOL:  klass = &ps_provision_shared_pool_class; break;
    case PS_ISOLATES_THREAD_LOCAL: klass = &ps_provision_thread_local_class; break;
    case PS_ISOLATES_COUNT:
    default:
      return NULL;
    }

  PsProvision *p = calloc (1, klass->instance_size);
  if (p == NULL)
    return NULL;
  p->klass = klass;
  atomic_init (&p->budget.live_bytes, 0);
  atomic_init (&p->budget.peak_bytes, 0);
  atomic_init (&p->budget.live_count, 0);
  return p;
}

static void
free_group_heap (PsProvision *p)
{
  if (p->group_heap == NULL)
    return;
  atomic_fetch_sub (&p->budget.live_bytes, p->group_heap_bytes);
  free (p->group_heap);
  p->group_heap = NULL;
  p->group_heap_bytes = 0;
}

bool
ps_provision_isolates_stale (const PsScenario *old, const PsScenario *s)
{
  return old->isolate_heap_bytes != s->isolate_heap_bytes
         || old->create_mode != s->create_mode
         || old->isolate_init_ns != s->isolate_init_ns
         || old->affinity != s->affinity;
}

int
ps_provision_configure (PsProvision *p, const PsScenario *s, unsigned n_slots)
{
  /* Isolates built for another heap size or group mode are stale: drop them first. */
  if (p->scenario.threads != 0 && ps_provision_isolates_stale (&p->scenario, s))
    {
      p->klass->finalize (p);
      free_group_heap (p);
    }
  if (s->create_mode == PS_CREATE_SAME_GROUP && p->group_heap == NULL)
    {
      p->group_heap = ps_isolate_group_heap_new (s);
      if (p->group_heap == NULL)
        return PS_ENOMEM;
      /* The group's heap is memory the isolates use too: it belongs in their peak. */
      p->group_heap_bytes = s->isolate_heap_bytes;
      ps_isolate_budget_add (&p->budget, p->group_heap_bytes);
    }
  int r = p->klass->configure (p, s, n_slots);
  p->scenario = *s;
  return r;
}

void
ps_provision_free (PsProvision *p)
{
  if (p == NULL)
    return;
  p->klass->finalize (p);
  free_group_heap (p);
  free (p);
}

PsIsolate *
ps_provision_create_isolate (PsProvision *p, PsCounters *c)
{
  return ps_isolate_new (&p->scenario, p->group_heap, &p->budget, c);
}

uint64_t
ps_provision_live (PsProvision *p)
{
  return atomic_load_explicit (&p->budget.live_count, memory_order_relaxed);
}
