/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-own-tenants.c: N threads with their own loops, each generating the requests of its
 * own tenants only — OpenWorkers' thread-pinned pool, where each thread served its worker ids with
 * its thread-local isolates and nothing routed requests between threads. The source is split into
 * one lane per thread by tenant (ps-task-lanes.h); a thread whose lane owns no tenant has nothing
 * to do, as in the seed when threads outnumber tenants. In an open-loop run each lane follows the
 * segment's arrival schedule for its own ids, so each thread is its own tenants' load generator
 * and a task's latency still counts from its scheduled arrival. */
#include "ps-dispatch.h"

#include <stdlib.h>

#include "ps-clock.h"
#include "ps-error.h"
#include "ps-task-lanes.h"

/* Sleeps in steps this long at most while waiting for an arrival, so a stop is seen soon. */
#define ARRIVAL_WAIT_STEP_NS 1000000u

static int
own_tenants_setup (PsSegmentRun *seg)
{
  PsExec *ex = seg->exec;
  PsTaskLanes *lanes;
  int rc;

  if ((lanes = calloc (1, sizeof *lanes)) == NULL)
    return PS_ENOMEM;
  if ((rc = ps_task_lanes_split (lanes, &ex->source, seg->n_workers, ex->tenants, ex->input->seed,
                                 seg->open_loop ? &seg->arrivals : NULL)) != 0)
    {
      free (lanes);
      return rc;
    }
  seg->data = lanes;
  return 0;
}

/* Open loop: waits until @due_ns after the origin, @deadline or the next step, whichever comes
 * first, as the worker's idle time. Returns false once @deadline has passed. */
static bool
wait_for_arrival (PsWorker *w, double due_ns, uint64_t deadline)
{
  uint64_t now = ps_clock_ticks ();
  uint64_t until = w->seg->arrivals.origin_ticks + ps_clock_ns_to_ticks ((uint64_t) due_ns);
  uint64_t step = now + ps_clock_ns_to_ticks (ARRIVAL_WAIT_STEP_NS);

  if (now >= deadline)
    return false;
  until = until < deadline ? until : deadline;
  until = until < step ? until : step;
  if (until > now)
    PS_COUNT_IDLE (w->counters, ps_clock_sleep_ns ((uint64_t) ps_clock_ticks_to_ns (until - now)));
  return true;
}

static PsNext
own_tenants_next (PsWorker *w, PsTask *out, uint64_t timeout_ns)
{
  PsSegmentRun *seg = w->seg;
  PsTaskLanes *lanes = seg->data;
  uint64_t started = ps_clock_ticks ();
  uint64_t deadline = timeout_ns == UINT64_MAX ? UINT64_MAX
                                               : started + ps_clock_ns_to_ticks (timeout_ns);
  uint64_t id;
  double due_ns;

  for (;;)
    {
      if (ps_segment_stopping (seg))
        return PS_NEXT_DONE;
      uint64_t now = ps_clock_ticks ();
      double now_ns = seg->open_loop && now > seg->arrivals.origin_ticks
                      ? ps_clock_ticks_to_ns (now - seg->arrivals.origin_ticks) : 0;
      switch (ps_task_lanes_claim (lanes, w->slot, seg->limit, now_ns, &id, &due_ns))
        {
        case PS_LANE_CLAIMED:
          if (seg->open_loop)
            {
              /* Latency counts from the scheduled arrival, however late the thread took it. */
              uint64_t due = seg->arrivals.origin_ticks + ps_clock_ns_to_ticks ((uint64_t) due_ns);
              ps_arrival_schedule_note_lag (&seg->arrivals,
                                            now > due ? ps_clock_ticks_to_ns (now - due) : 0);
              now = due;
            }
          *out = ps_segment_task (seg, id, now);
          return PS_NEXT_TASK;
        case PS_LANE_DONE:
          return PS_NEXT_DONE;
        case PS_LANE_LATER:
        default:
          if (timeout_ns == 0)
            return PS_NEXT_EMPTY;
          if (due_ns >= 0 && !wait_for_arrival (w, due_ns, deadline))
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
