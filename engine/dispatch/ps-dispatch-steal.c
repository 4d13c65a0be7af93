/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-steal.c: each worker owns a Chase–Lev deque and works it newest-first; a worker whose
 * deque is empty first steals the oldest task of a random victim and only when nobody has work to
 * steal refills its deque with a block from the shared source (rayon's scheme; repartir's
 * "work-stealing" was one locked queue). Stealing first matters: a victim sleeping in I/O still
 * owns its block, and those tasks would otherwise wait behind it while others take new work. */
#include "ps-dispatch.h"

#include <sched.h>
#include <stdlib.h>

#include "ps-clock.h"
#include "ps-deque.h"
#include "ps-error.h"

#define REFILL 16

typedef struct
{
  PsDeque *deques;   /* owned: one per worker */
  size_t refill;     /* tasks per refill: no more than a queue dispatch's share, so a closed
                      * run's backlog stays small */
} StealState;

static int
steal_setup (PsSegmentRun *seg)
{
  StealState *st = calloc (1, sizeof *st);

  if (st == NULL)
    return PS_ENOMEM;
  st->deques = calloc (seg->n_workers, sizeof (PsDeque));
  if (st->deques == NULL)
    {
      free (st);
      return PS_ENOMEM;
    }
  for (unsigned i = 0; i < seg->n_workers; i++)
    if (ps_deque_init (&st->deques[i], 2 * REFILL) != 0)
      {
        while (i-- > 0)
          ps_deque_clear (&st->deques[i]);
        free (st->deques);
        free (st);
        return PS_ENOMEM;
      }
  size_t share = ps_segment_queue_capacity (seg) / seg->n_workers;
  st->refill = share < REFILL ? share : REFILL;
  seg->data = st;
  return 0;
}

/* Tries every other worker once, starting from a random one. Returns whether it stole a task;
 * sets *busy when some victim still had work (or a race was lost), so looking again may pay. */
static bool
steal_round (PsWorker *w, PsTask *out, bool *busy)
{
  StealState *st = w->seg->data;
  unsigned n = w->seg->n_workers;

  w->rng ^= w->rng << 13;
  w->rng ^= w->rng >> 7;
  w->rng ^= w->rng << 17;
  unsigned first = (unsigned) (w->rng % n);
  for (unsigned k = 0; k < n; k++)
    {
      unsigned victim = (first + k) % n;
      if (victim == w->slot)
        continue;
      PsDequeResult r = ps_deque_steal (&st->deques[victim], out);
      ps_counter_add (&w->counters->steal_attempts, 1);
      if (r == PS_DEQUE_GOT)
        {
          ps_counter_add (&w->counters->steals, 1);
          return true;
        }
      if (r == PS_DEQUE_LOST_RACE || ps_deque_size (&st->deques[victim]) > 0)
        *busy = true;
    }
  return false;
}

static PsNext
steal_next (PsWorker *w, PsTask *out, uint64_t timeout_ns)
{
  StealState *st = w->seg->data;
  PsDeque *own = &st->deques[w->slot];

  while (!ps_segment_stopping (w->seg))
    {
      PsDequeResult r = ps_deque_take (own, out);
      if (r == PS_DEQUE_GOT)
        return PS_NEXT_TASK;
      if (r == PS_DEQUE_LOST_RACE)
        continue;

      bool busy = false;
      if (steal_round (w, out, &busy))
        return PS_NEXT_TASK;

      PsTask fresh[REFILL];
      bool done;
      /* While others hold work this worker could steal, it must not sleep for an arrival. */
      size_t n = ps_segment_claim_wait (w->seg, fresh, st->refill, busy ? 0 : timeout_ns,
                                        w->counters, &done);
      if (n > 0)
        {
          /* Push oldest last so the owner runs the block in claim order. */
          for (size_t i = n; i-- > 0;)
            ps_deque_push (own, &fresh[i]);
          continue;
        }
      if (!busy)
        return done ? PS_NEXT_DONE : PS_NEXT_EMPTY;
      if (timeout_ns == 0)
        return PS_NEXT_EMPTY;
      /* Others still hold work we could not take: yield, counted as idle, and look again. */
      PS_COUNT_IDLE (w->counters, sched_yield ());
      if (timeout_ns != UINT64_MAX)
        return PS_NEXT_EMPTY;
    }
  return PS_NEXT_DONE;
}

static void
steal_give_back (PsSegmentRun *seg)
{
  StealState *st = seg->data;
  PsTask task;

  for (unsigned i = 0; i < seg->n_workers; i++)
    while (ps_deque_take (&st->deques[i], &task) == PS_DEQUE_GOT)
      ps_dispatch_give_back_tasks (seg, &task, 1);
}

static void
steal_teardown (PsSegmentRun *seg)
{
  StealState *st = seg->data;

  for (unsigned i = 0; i < seg->n_workers; i++)
    ps_deque_clear (&st->deques[i]);
  free (st->deques);
  free (st);
  seg->data = NULL;
}

const PsDispatchClass ps_dispatch_steal_class = {
  .kind = PS_DISPATCH_STEAL,
  .setup = steal_setup,
  .next = steal_next,
  .wake = ps_dispatch_segment_nothing,
  .give_back = steal_give_back,
  .teardown = steal_teardown,
};
