/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-batched.c: tasks travel in batches of B through one shared queue, with at most D
 * batches in flight; the producer sends the next batch only when one has fully completed. D = 1 is
 * the Dart seed's "batched" map, which awaited each batch and so never ran two at once. */
#include "ps-dispatch.h"

#include <stdlib.h>

#include "ps-error.h"
#include "ps-waitpoint.h"

struct PsBatch
{
  _Atomic unsigned remaining;  /* tasks not yet completed; 0 = the slot is free */
};

typedef struct
{
  PsTaskQueue queue;
  PsBatch *batches;            /* owned: batch_depth slots */
  PsWaitpoint batch_freed;     /* the producer waits here for a free slot */
  PsTask *unpushed;            /* owned: a claimed batch that a stop kept from the queue */
  size_t n_unpushed;
} BatchedState;

typedef struct
{
  PsTask *tasks;               /* owned: the batch being worked through */
  size_t count;
  size_t pos;
} BatchedWorker;

static int
batched_setup (PsSegmentRun *seg)
{
  const PsScenario *s = &seg->scenario;
  BatchedState *st = calloc (1, sizeof *st);

  if (st == NULL)
    return PS_ENOMEM;
  seg->data = st;
  st->batches = calloc (s->batch_depth, sizeof (PsBatch));
  st->unpushed = calloc (s->batch_size, sizeof (PsTask));
  if (st->batches == NULL || st->unpushed == NULL
      || ps_task_queue_init (&st->queue, (size_t) s->batch_size * s->batch_depth) != 0)
    goto fail;
  st->queue.keep_stamps = seg->open_loop;
  ps_waitpoint_init (&st->batch_freed);
  for (unsigned i = 0; i < seg->n_workers; i++)
    {
      BatchedWorker *bw = calloc (1, sizeof *bw);
      if (bw == NULL || (bw->tasks = calloc (s->batch_size, sizeof (PsTask))) == NULL)
        {
          free (bw);
          goto fail_workers;
        }
      seg->workers[i].data = bw;
    }
  return 0;

fail_workers:
  for (unsigned i = 0; i < seg->n_workers; i++)
    if (seg->workers[i].data != NULL)
      {
        BatchedWorker *bw = seg->workers[i].data;
        free (bw->tasks);
        free (bw);
        seg->workers[i].data = NULL;
      }
  ps_waitpoint_clear (&st->batch_freed);
  ps_task_queue_clear (&st->queue);
fail:
  free (st->batches);
  free (st->unpushed);
  free (st);
  seg->data = NULL;
  return PS_ENOMEM;
}

typedef struct
{
  PsSegmentRun *seg;
  PsBatch *found;
} FreeBatchSearch;

static bool
find_free_batch (void *data)
{
  FreeBatchSearch *search = data;
  BatchedState *st = search->seg->data;

  if (ps_segment_stopping (search->seg))
    return true;
  for (unsigned i = 0; i < search->seg->scenario.batch_depth; i++)
    if (atomic_load (&st->batches[i].remaining) == 0)
      {
        search->found = &st->batches[i];
        return true;
      }
  return false;
}

static void
batched_produce (PsSegmentRun *seg)
{
  BatchedState *st = seg->data;
  unsigned batch_size = seg->scenario.batch_size;

  for (;;)
    {
      FreeBatchSearch search = { seg, NULL };
      PS_COUNT_IDLE (seg->producer_counters,
                     ps_waitpoint_wait (&st->batch_freed, find_free_batch, &search, UINT64_MAX));
      if (search.found == NULL)
        return;

      size_t n = 0;
      while (n < batch_size)
        {
          size_t got = ps_segment_claim (seg, st->unpushed + n, batch_size - n);
          if (got == 0)
            break;
          n += got;
        }
      if (n == 0)
        break;
      for (size_t i = 0; i < n; i++)
        st->unpushed[i].batch = search.found;
      atomic_store (&search.found->remaining, (unsigned) n);
      /* One lock round-trip for the whole batch: that is what batching buys. */
      if (!ps_task_queue_push (&st->queue, st->unpushed, n, seg->producer_counters))
        {
          st->n_unpushed = n;
          return;
        }
    }
  ps_task_queue_close (&st->queue);
}

static PsNext
batched_next (PsWorker *w, PsTask *out, uint64_t timeout_ns)
{
  BatchedState *st = w->seg->data;
  BatchedWorker *bw = w->data;

  if (bw->pos == bw->count)
    {
      PsNext status;
      bw->pos = 0;
      bw->count = ps_dispatch_queue_pop (w, &st->queue, bw->tasks, w->seg->scenario.batch_size,
                                         timeout_ns, &status);
      if (bw->count == 0)
        return status;
    }
  *out = bw->tasks[bw->pos++];
  return PS_NEXT_TASK;
}

static void
batched_task_done (PsWorker *w, const PsTask *task)
{
  BatchedState *st = w->seg->data;

  if (atomic_fetch_sub (&task->batch->remaining, 1) == 1)
    ps_waitpoint_notify (&st->batch_freed);
}

static void
batched_wake (PsSegmentRun *seg)
{
  BatchedState *st = seg->data;

  ps_task_queue_stop (&st->queue);
  ps_waitpoint_notify (&st->batch_freed);
}

static void
batched_give_back (PsSegmentRun *seg)
{
  BatchedState *st = seg->data;

  ps_dispatch_queue_give_back (seg, &st->queue, st->unpushed, st->n_unpushed);
  for (unsigned i = 0; i < seg->n_workers; i++)
    {
      BatchedWorker *bw = seg->workers[i].data;
      ps_dispatch_give_back_tasks (seg, bw->tasks + bw->pos, bw->count - bw->pos);
    }
}

static void
batched_teardown (PsSegmentRun *seg)
{
  BatchedState *st = seg->data;

  for (unsigned i = 0; i < seg->n_workers; i++)
    {
      BatchedWorker *bw = seg->workers[i].data;
      free (bw->tasks);
      free (bw);
      seg->workers[i].data = NULL;
    }
  ps_waitpoint_clear (&st->batch_freed);
  ps_task_queue_clear (&st->queue);
  free (st->batches);
  free (st->unpushed);
  free (st);
  seg->data = NULL;
}

const PsDispatchClass ps_dispatch_batched_class = {
  .kind = PS_DISPATCH_BATCHED,
  .has_producer = true,
  .setup = batched_setup,
  .next = batched_next,
  .produce = batched_produce,
  .task_done = batched_task_done,
  .wake = batched_wake,
  .give_back = batched_give_back,
  .teardown = batched_teardown,
};
