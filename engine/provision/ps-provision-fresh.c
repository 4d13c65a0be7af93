/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-provision-fresh.c: a new isolate for every task, destroyed after it (OpenWorkers' "legacy",
 * Dart's Isolate.run). Nothing is shared, so nothing is contended: the cost is all creation. */
#include "ps-provision.h"

static int
fresh_configure (PsProvision *p, const PsScenario *s, unsigned n_slots)
{
  p->shared_capacity = 0;
  p->max_held_per_slot = 0;
  return 0;
}

static PsIsolate *
fresh_acquire (PsProvision *p, unsigned slot, uint32_t tenant, PsCounters *c, bool *oom)
{
  PsIsolate *iso = ps_provision_create_isolate (p, c);

  if (iso == NULL)
    *oom = true;
  return iso;
}

static void
fresh_release (PsProvision *p, unsigned slot, PsIsolate *iso, PsCounters *c)
{
  ps_isolate_free (iso, &p->budget);
}

static void
fresh_finalize (PsProvision *p)
{
}

const PsProvisionClass ps_provision_fresh_class = {
  .kind = PS_ISOLATES_FRESH,
  .instance_size = sizeof (PsProvision),
  .configure = fresh_configure,
  .acquire = fresh_acquire,
  .release = fresh_release,
  .finalize = fresh_finalize,
};
