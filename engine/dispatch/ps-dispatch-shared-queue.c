/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-shared-queue.c: N long-lived workers fed through one mutex + condvar queue — the
 * classic thread pool (GThreadPool, repartir's locked "work-stealing" queue). */
#include "ps-dispatch.h"

#include <stdlib.h>

#include "ps-error.h"

#define PRODUCER_CLAIM 64

typedef struct
{
  PsTaskQueue queue;
  PsTask unpushed[PRODUCER_CLAIM];  /* claimed but not queued when a stop came */
  size_t n_unpushed;
} QueueState;

static int
queue_setup (PsSegmentRun *seg)
{
  QueueState *st = calloc (1, sizeof *st);

  if (st == NULL)
    return PS_ENOMEM;
  if (ps_task_queue_init (&st->queue, ps_segment_queue_capacity (seg)) != 0)
    {
      free (st);
      return PS_ENOMEM;
    }
  st->queue.keep_stamps = seg->open_loop;
  seg->data = st;
  return 0;
}

static void
queue_produce (PsSegmentRun *seg)
{
  QueueState *st = seg->data;
  PsTask tasks[PRODUCER_CLAIM];
  size_t n;

  /* Claiming from the source in blocks is the producer's own business; the queue still sees one
   * push per task, as a pool's users would submit them. */
  while (!ps_segment_stopping (seg) && (n = ps_segment_claim (seg, tasks, PRODUCER_CLAIM)) > 0)
    for (size_t i = 0; i < n; i++)
      if (!ps_task_queue_push (&st->queue, &tasks[i], 1, seg->producer_counters))
        {
          for (size_t j = i; j < n; j++)
            st->unpushed[st->n_unpushed++] = tasks[j];
          return;
        }
  ps_task_queue_close (&st->queue);
}

static PsNext
queue_next (PsWorker *w, PsTask *out, uint64_t timeout_ns)
{
  QueueState *st = w->seg->data;
  PsNext status;

  ps_dispatch_queue_pop (w, &st->queue, out, 1, timeout_ns, &status);
  return status;
}

static void
queue_wake (PsSegmentRun *seg)
{
  QueueState *st = seg->data;

  ps_task_queue_stop (&st->queue);
}

static void
queue_give_back (PsSegmentRun *seg)
{
  QueueState *st = seg->data;

  ps_dispatch_queue_give_back (seg, &st->queue, st->unpushed, st->n_unpushed);
}

static void
queue_teardown (PsSegmentRun *seg)
{
  QueueState *st = seg->data;

  ps_task_queue_clear (&st->queue);
  free (st);
  seg->data = NULL;
}

const PsDispatchClass ps_dispatch_shared_queue_class = {
  .kind = PS_DISPATCH_SHARED_QUEUE,
  .has_producer = true,
  .setup = queue_setup,
  .next = queue_next,
  .produce = queue_produce,
  .wake = queue_wake,
  .give_back = queue_give_back,
  .teardown = queue_teardown,
};
