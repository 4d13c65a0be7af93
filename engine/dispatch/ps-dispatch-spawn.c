/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-spawn.c: a new OS thread per task (makeParallel's `parallel` and `parallel_fast`).
 * At most `threads` run at once: when every slot is busy the spawner joins the oldest first. */
#include "ps-dispatch.h"

#include <stdlib.h>

#include "ps-error.h"
#include "ps-worker.h"

typedef struct
{
  PsTask *tasks;        /* owned: the task of each slot's current thread */
  PsTask unrun;         /* a task whose thread could not be created */
  bool has_unrun;
} SpawnState;

static int
spawn_setup (PsSegmentRun *seg)
{
  SpawnState *st = calloc (1, sizeof *st);

  if (st == NULL)
    return PS_ENOMEM;
  st->tasks = calloc (seg->n_workers, sizeof (PsTask));
  if (st->tasks == NULL)
    {
      free (st);
      return PS_ENOMEM;
    }
  seg->data = st;
  return 0;
}

static void
spawned_main (void *arg)
{
  PsWorker *w = arg;
  SpawnState *st = w->seg->data;

  /* No deadline heap of its own: the thread is dedicated to its one task, so its I/O is a sleep.
   * It inherits the spawner's timer slack, as every clone does. */
  ps_worker_stats_begin (w);
  ps_worker_execute (w, &st->tasks[w->slot]);
  ps_worker_stats_end (w);
}

static void
spawn_produce (PsSegmentRun *seg)
{
  SpawnState *st = seg->data;
  unsigned next_slot = 0;

  while (!ps_segment_stopping (seg))
    {
      PsWorker *w = &seg->workers[next_slot];
      if (w->thread_started)
        {
          /* Waiting for the oldest thread to end is the spawner's idle time. */
          PS_COUNT_IDLE (seg->producer_counters, uv_thread_join (&w->thread));
          w->thread_started = false;
        }
      if (ps_segment_claim (seg, &st->tasks[next_slot], 1) == 0)
        break;
      if (uv_thread_create (&w->thread, spawned_main, w) != 0)
        {
          int none = 0;
          st->unrun = st->tasks[next_slot];
          st->has_unrun = true;
          atomic_compare_exchange_strong (&seg->exec->error, &none, PS_ETHREAD);
          atomic_store (&seg->stop, true);
          break;
        }
      w->thread_started = true;
      next_slot = (next_slot + 1) % seg->n_workers;
    }

  for (unsigned i = 0; i < seg->n_workers; i++)
    if (seg->workers[i].thread_started)
      {
        uv_thread_join (&seg->workers[i].thread);
        seg->workers[i].thread_started = false;
      }
}

static void
spawn_give_back (PsSegmentRun *seg)
{
  SpawnState *st = seg->data;

  if (st->has_unrun)
    ps_dispatch_give_back_tasks (seg, &st->unrun, 1);
}

static void
spawn_teardown (PsSegmentRun *seg)
{
  SpawnState *st = seg->data;

  free (st->tasks);
  free (st);
  seg->data = NULL;
}

const PsDispatchClass ps_dispatch_spawn_class = {
  .kind = PS_DISPATCH_SPAWN,
  .own_threads = true,
  .has_producer = true,
  .setup = spawn_setup,
  .produce = spawn_produce,
  .wake = ps_dispatch_segment_nothing,
  .give_back = spawn_give_back,
  .teardown = spawn_teardown,
};
