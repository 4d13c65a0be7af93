/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-sticky.c: one lock-free queue per worker, the router sending each task to
 * hash(tenant) % N — OpenWorkers' thread-pinned routing, so a tenant always lands on the same
 * thread and its thread-local isolates. A worker with nothing to do parks on its own waitpoint; a
 * router facing a full queue parks on its own. */
#include "ps-dispatch.h"

#include <stdlib.h>

#include "ps-clock.h"
#include "ps-error.h"
#include "ps-spin.h"
#include "ps-spsc.h"
#include "ps-waitpoint.h"

#define PRODUCER_CLAIM 64

typedef struct
{
  PsSpsc ring;
  PsWaitpoint has_work;   /* the worker parks here */
} StickyLane;

typedef struct
{
  StickyLane *lanes;      /* owned: one per worker */
  PsWaitpoint has_room;   /* the router parks here */
  _Atomic bool closed;    /* the router has routed everything */
  _Atomic bool routing;   /* the router is running, not parked: more work is on its way */
  PsTask unpushed[PRODUCER_CLAIM];
  size_t n_unpushed;
} StickyState;

typedef struct
{
  PsSegmentRun *seg;
  StickyLane *lane;
} LaneWait;

static int
sticky_setup (PsSegmentRun *seg)
{
  StickyState *st = calloc (1, sizeof *st);
  size_t per_lane = ps_segment_queue_capacity (seg) / seg->n_workers;

  if (st == NULL)
    return PS_ENOMEM;
  st->lanes = calloc (seg->n_workers, sizeof (StickyLane));
  if (st->lanes == NULL)
    {
      free (st);
      return PS_ENOMEM;
    }
  for (unsigned i = 0; i < seg->n_workers; i++)
    {
      if (ps_spsc_init (&st->lanes[i].ring, per_lane) != 0)
        {
          while (i-- > 0)
            {
              ps_spsc_clear (&st->lanes[i].ring);
              ps_waitpoint_clear (&st->lanes[i].has_work);
            }
          free (st->lanes);
          free (st);
          return PS_ENOMEM;
        }
      ps_waitpoint_init (&st->lanes[i].has_work);
    }
  ps_waitpoint_init (&st->has_room);
  atomic_init (&st->closed, false);
  atomic_init (&st->routing, true);
  seg->data = st;
  return 0;
}

/* The router waits until its lane is half empty, not just one slot free, so it wakes once per
 * half a queue instead of once per task. */
static bool
lane_has_room (void *data)
{
  LaneWait *lw = data;

  return ps_segment_stopping (lw->seg) || ps_spsc_size (&lw->lane->ring) <= lw->lane->ring.mask / 2;
}

static bool
lane_has_work (void *data)
{
  LaneWait *lw = data;
  StickyState *st = lw->seg->data;

  return ps_segment_stopping (lw->seg) || atomic_load (&st->closed)
         || !ps_spsc_is_empty (&lw->lane->ring);
}

static void
sticky_produce (PsSegmentRun *seg)
{
  StickyState *st = seg->data;
  PsTask tasks[PRODUCER_CLAIM];
  size_t n;

  while (!ps_segment_stopping (seg) && (n = ps_segment_claim (seg, tasks, PRODUCER_CLAIM)) > 0)
    for (size_t i = 0; i < n; i++)
      {
        StickyLane *lane = &st->lanes[ps_tenant_lane (tasks[i].tenant, seg->n_workers)];
        /* Latency counts from entering the lane: a wait for room is the router's, not the task's. */
        ps_segment_stamp_entry (seg, &tasks[i], ps_clock_ticks ());
        while (!ps_spsc_push (&lane->ring, &tasks[i]))
          {
            LaneWait lw = { seg, lane };
            atomic_store_explicit (&st->routing, false, memory_order_relaxed);
            ps_waitpoint_wait (&st->has_room, lane_has_room, &lw, UINT64_MAX);
            atomic_store_explicit (&st->routing, true, memory_order_relaxed);
            ps_segment_stamp_entry (seg, &tasks[i], ps_clock_ticks ());
            if (ps_segment_stopping (seg))
              {
                for (size_t j = i; j < n; j++)
                  st->unpushed[st->n_unpushed++] = tasks[j];
                return;
              }
          }
        ps_waitpoint_notify (&lane->has_work);
      }

  atomic_store (&st->routing, false);
  atomic_store (&st->closed, true);
  for (unsigned i = 0; i < seg->n_workers; i++)
    ps_waitpoint_notify (&st->lanes[i].has_work);
}

static PsNext
sticky_next (PsWorker *w, PsTask *out, uint64_t timeout_ns)
{
  StickyState *st = w->seg->data;
  StickyLane *lane = &st->lanes[w->slot];

  for (unsigned spin = 0;; spin++)
    {
      if (ps_spsc_pop (&lane->ring, out))
        {
          if (ps_spsc_size (&lane->ring) == lane->ring.mask / 2)
            ps_waitpoint_notify (&st->has_room);
          return PS_NEXT_TASK;
        }
      /* Closed is read before the last look at the ring, so nothing routed is left behind. */
      if (atomic_load (&st->closed))
        return ps_spsc_pop (&lane->ring, out) ? PS_NEXT_TASK : PS_NEXT_DONE;
      if (ps_segment_stopping (w->seg))
        return PS_NEXT_DONE;
      if (timeout_ns == 0)
        return PS_NEXT_EMPTY;
      if (ps_spin_step (spin, atomic_load_explicit (&st->routing, memory_order_relaxed)))
        continue;
      LaneWait lw = { w->seg, lane };
      uint64_t t0 = ps_clock_ticks ();
      bool ready = ps_waitpoint_wait (&lane->has_work, lane_has_work, &lw, timeout_ns);
      ps_counter_add (&w->counters->idle_ticks, ps_clock_ticks () - t0);
      if (!ready)
        return PS_NEXT_EMPTY;
      spin = 0;
    }
}

static void
sticky_wake (PsSegmentRun *seg)
{
  StickyState *st = seg->data;

  ps_waitpoint_notify (&st->has_room);
  for (unsigned i = 0; i < seg->n_workers; i++)
    ps_waitpoint_notify (&st->lanes[i].has_work);
}

static void
sticky_give_back (PsSegmentRun *seg)
{
  StickyState *st = seg->data;
  PsTask task;

  ps_dispatch_give_back_tasks (seg, st->unpushed, st->n_unpushed);
  for (unsigned i = 0; i < seg->n_workers; i++)
    while (ps_spsc_pop (&st->lanes[i].ring, &task))
      ps_dispatch_give_back_tasks (seg, &task, 1);
}

static void
sticky_teardown (PsSegmentRun *seg)
{
  StickyState *st = seg->data;

  for (unsigned i = 0; i < seg->n_workers; i++)
    {
      ps_spsc_clear (&st->lanes[i].ring);
      ps_waitpoint_clear (&st->lanes[i].has_work);
    }
  ps_waitpoint_clear (&st->has_room);
  free (st->lanes);
  free (st);
  seg->data = NULL;
}

const PsDispatchClass ps_dispatch_sticky_class = {
  .kind = PS_DISPATCH_STICKY,
  .has_producer = true,
  .setup = sticky_setup,
  .next = sticky_next,
  .produce = sticky_produce,
  .wake = sticky_wake,
  .give_back = sticky_give_back,
  .teardown = sticky_teardown,
};
