/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-own-tenants.c: N threads with their own loops, each generating the requests of its
 * own tenants only — OpenWorkers' thread-pinned pool, where each thread served its worker ids with
 * its thread-local isolates and nothing routed requests between threads. The source is split into
 * one lane per thread by tenant (ps-task-lanes.h); a thread whose lane owns no tenant has nothing
 * to do, as in the seed when threads outnumber tenants.
 *
 * Open-loop runs share one arrival schedule, so there each thread takes the next arrival whatever
 * its tenant, as own-loop does: the tenants are then not pinned (sticky routes a shared schedule
 * by tenant, if that is what is wanted). */
#include "ps-dispatch.h"

#include <stdlib.h>

#include "ps-clock.h"
#include "ps-error.h"
#include "ps-task-lanes.h"

static int
own_tenants_setup (PsSegmentRun *seg)
{
  PsExec *ex = seg->exec;
  PsTaskLanes *lanes;
  int rc;

  if (seg->open_loop)
    return 0;
  if ((lanes = calloc (1, sizeof *lanes)) == NULL)
    return PS_ENOMEM;
  if ((rc = ps_task_lanes_split (lanes, &ex->source, seg->n_workers, ex->tenants,
                                 ex->input->seed)) != 0)
    {
      free (lanes);
      return rc;
    }
  seg->data = lanes;
  return 0;
}

static PsNext
own_tenants_next (PsWorker *w, PsTask *out, uint64_t timeout_ns)
{
  PsTaskLanes *lanes = w->seg->data;
  uint64_t id;

  if (lanes == NULL)
    return ps_dispatch_next_from_source (w, out, timeout_ns);
  for (;;)
    {
      if (ps_segment_stopping (w->seg))
        return PS_NEXT_DONE;
      switch (ps_task_lanes_claim (lanes, w->slot, w->seg->limit, &id))
        {
        case PS_LANE_CLAIMED:
          *out = ps_segment_task (w->seg, id, ps_clock_ticks ());
          return PS_NEXT_TASK;
        case PS_LANE_DONE:
          return PS_NEXT_DONE;
        case PS_LANE_LATER:
        default:
          if (timeout_ns == 0)
            return PS_NEXT_EMPTY;
          break;
        }
    }
}

static void
own_tenants_give_back (PsSegmentRun *seg)
{
  PsTaskLanes *lanes = seg->data;

  if (lanes != NULL && ps_task_lanes_join (lanes) != 0)
    atomic_store (&seg->exec->error, PS_ENOMEM);
}

static void
own_tenants_teardown (PsSegmentRun *seg)
{
  free (seg->data);
  seg->data = NULL;
}

const PsDispatchClass ps_dispatch_own_tenants_class = {
  .kind = PS_DISPATCH_OWN_TENANTS,
  .setup = own_tenants_setup,
  .next = own_tenants_next,
  .wake = ps_dispatch_segment_nothing,
  .give_back = own_tenants_give_back,
  .teardown = own_tenants_teardown,
};
