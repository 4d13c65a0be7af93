/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-fork-join.c: fork-join operations, as Dart's parallel map ran them: the forker hands
 * one task to each of the N workers, waits until every one has finished, and only then forks the
 * next N. An operation's time (fork to the end of its last task) goes into the `operations`
 * histogram, so a slow task holds the whole operation back, which `batched` (a whole batch to one
 * worker) and the queues (no waiting for the others) never show.
 *
 * Each worker has a one-task mailbox; the worker that finishes an operation's last task records the
 * operation and wakes the forker. */
#include "ps-dispatch.h"

#include <stdlib.h>

#include "ps-clock.h"
#include "ps-error.h"
#include "ps-spin.h"

#define FORK_MAX PS_MAX_THREADS

typedef struct
{
  PsTask task;            /* written by the forker before `posted` is raised */
  _Atomic bool posted;    /* the worker has not taken it yet */
  PsWaitpoint has_work;   /* the worker parks here */
} __attribute__ ((aligned (64))) ForkSlot;

typedef struct
{
  ForkSlot *slots;                /* owned: one per worker */
  _Atomic unsigned outstanding;   /* tasks of the current operation not finished yet */
  _Atomic uint64_t fork_ticks;    /* when the current operation forked */
  PsWaitpoint joined;             /* the forker parks here */
  _Atomic bool closed;            /* the forker has forked everything */
} ForkJoinState;

typedef struct
{
  PsSegmentRun *seg;
  ForkSlot *slot;
} SlotWait;

static int
fork_join_setup (PsSegmentRun *seg)
{
  ForkJoinState *st = calloc (1, sizeof *st);

  if (st == NULL)
    return PS_ENOMEM;
  st->slots = aligned_alloc (64, seg->n_workers * sizeof (ForkSlot));
  if (st->slots == NULL)
    {
      free (st);
      return PS_ENOMEM;
    }
  for (unsigned i = 0; i < seg->n_workers; i++)
    {
      atomic_init (&st->slots[i].posted, false);
      ps_waitpoint_init (&st->slots[i].has_work);
    }
  atomic_init (&st->outstanding, 0);
  atomic_init (&st->fork_ticks, 0);
  atomic_init (&st->closed, false);
  ps_waitpoint_init (&st->joined);
  seg->data = st;
  return 0;
}

static bool
operation_joined (void *data)
{
  PsSegmentRun *seg = data;
  ForkJoinState *st = seg->data;

  return ps_segment_stopping (seg) || atomic_load (&st->outstanding) == 0;
}

static void
fork_join_produce (PsSegmentRun *seg)
{
  ForkJoinState *st = seg->data;
  PsTask tasks[FORK_MAX];
  size_t n;

  while (!ps_segment_stopping (seg) && (n = ps_segment_claim (seg, tasks, seg->n_workers)) > 0)
    {
      uint64_t now = ps_clock_ticks ();

      atomic_store (&st->fork_ticks, now);
      atomic_store (&st->outstanding, (unsigned) n);
      for (size_t i = 0; i < n; i++)
        {
          ForkSlot *slot = &st->slots[i];
          slot->task = tasks[i];
          ps_segment_stamp_entry (seg, &slot->task, now);
          atomic_store (&slot->posted, true);
          ps_waitpoint_notify (&slot->has_work);
        }
      PS_COUNT_IDLE (seg->producer_counters,
                     ps_waitpoint_wait (&st->joined, operation_joined, seg, UINT64_MAX));
    }
  atomic_store (&st->closed, true);
  for (unsigned i = 0; i < seg->n_workers; i++)
    ps_waitpoint_notify (&st->slots[i].has_work);
}

static bool
slot_ready (void *data)
{
  SlotWait *sw = data;
  ForkJoinState *st = sw->seg->data;

  return ps_segment_stopping (sw->seg) || atomic_load (&st->closed)
         || atomic_load (&sw->slot->posted);
}

static PsNext
fork_join_next (PsWorker *w, PsTask *out, uint64_t timeout_ns)
{
  ForkJoinState *st = w->seg->data;
  ForkSlot *slot = &st->slots[w->slot];

  for (unsigned spin = 0;; spin++)
    {
      if (atomic_load (&slot->posted))
        {
          *out = slot->task;
          atomic_store (&slot->posted, false);
          return PS_NEXT_TASK;
        }
      /* Closed is read before the last look at the slot, so nothing forked is left behind. */
      if (atomic_load (&st->closed))
        {
          if (!atomic_load (&slot->posted))
            return PS_NEXT_DONE;
          continue;
        }
      if (ps_segment_stopping (w->seg))
        return PS_NEXT_DONE;
      if (timeout_ns == 0)
        return PS_NEXT_EMPTY;
      if (ps_spin_step (spin, atomic_load (&st->outstanding) > 0))
        continue;
      SlotWait sw = { w->seg, slot };
      bool ready;
      PS_COUNT_IDLE (w->counters,
                     ready = ps_waitpoint_wait (&slot->has_work, slot_ready, &sw, timeout_ns));
      if (!ready)
        return PS_NEXT_EMPTY;
      spin = 0;
    }
}

/* The last task of an operation closes it: its time is the operation's. */
static void
fork_join_task_done (PsWorker *w, const PsTask *task)
{
  ForkJoinState *st = w->seg->data;

  if (atomic_fetch_sub (&st->outstanding, 1) != 1)
    return;
  uint64_t now = ps_clock_ticks ();
  uint64_t forked = atomic_load (&st->fork_ticks);
  ps_histogram_record (&w->counters->operations,
                       (uint64_t) ps_clock_ticks_to_ns (now > forked ? now - forked : 0));
  ps_waitpoint_notify (&st->joined);
}

static void
fork_join_wake (PsSegmentRun *seg)
{
  ForkJoinState *st = seg->data;

  ps_waitpoint_notify (&st->joined);
  for (unsigned i = 0; i < seg->n_workers; i++)
    ps_waitpoint_notify (&st->slots[i].has_work);
}

/* A task forked to a worker that left at the stop is still in its mailbox. */
static void
fork_join_give_back (PsSegmentRun *seg)
{
  ForkJoinState *st = seg->data;

  for (unsigned i = 0; i < seg->n_workers; i++)
    if (atomic_load (&st->slots[i].posted))
      ps_dispatch_give_back_tasks (seg, &st->slots[i].task, 1);
}

static void
fork_join_teardown (PsSegmentRun *seg)
{
  ForkJoinState *st = seg->data;

  for (unsigned i = 0; i < seg->n_workers; i++)
    ps_waitpoint_clear (&st->slots[i].has_work);
  ps_waitpoint_clear (&st->joined);
  free (st->slots);
  free (st);
  seg->data = NULL;
}

const PsDispatchClass ps_dispatch_fork_join_class = {
  .kind = PS_DISPATCH_FORK_JOIN,
  .has_producer = true,
  .setup = fork_join_setup,
  .next = fork_join_next,
  .produce = fork_join_produce,
  .task_done = fork_join_task_done,
  .wake = fork_join_wake,
  .give_back = fork_join_give_back,
  .teardown = fork_join_teardown,
};
