/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-task-queue.c */
#include "ps-task-queue.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "ps-clock.h"
#include "ps-error.h"

int
ps_task_queue_init (PsTaskQueue *q, size_t capacity)
{
  pthread_condattr_t attr;

  q->items = calloc (capacity, sizeof (PsTask));
  if (q->items == NULL)
    return PS_ENOMEM;
  q->capacity = capacity;
  q->head = q->count = 0;
  q->idle_waiters = 0;
  q->producer_waiting = q->closed = q->stopped = q->keep_stamps = false;
  ps_timed_lock_init (&q->lock);
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (&q->not_empty, &attr);
  pthread_cond_init (&q->not_full, &attr);
  pthread_condattr_destroy (&attr);
  return 0;
}

void
ps_task_queue_clear (PsTaskQueue *q)
{
  pthread_cond_destroy (&q->not_empty);
  pthread_cond_destroy (&q->not_full);
  ps_timed_lock_clear (&q->lock);
  free (q->items);
  q->items = NULL;
}

bool
ps_task_queue_push (PsTaskQueue *q, const PsTask *tasks, size_t n, PsCounters *producer)
{
  /* The producer's side of the lock is timed like the workers', in its own slot; a wait for room
   * is its idle time. */
  ps_timed_lock_acquire (&q->lock, producer);
  while (!q->stopped && q->capacity - q->count < n)
    {
      uint64_t t0 = ps_clock_ticks ();
      q->producer_waiting = true;
      pthread_cond_wait (&q->not_full, &q->lock.mutex);
      if (producer != NULL)
        ps_counter_add (&producer->idle_ticks, ps_clock_ticks () - t0);
    }
  q->producer_waiting = false;
  if (q->stopped)
    {
      ps_timed_lock_release (&q->lock);
      return false;
    }
  /* A task's latency counts from here, when it enters the queue, not from when the producer
   * claimed it: time spent waiting for room is the producer's, not the task's. */
  uint64_t now = ps_clock_ticks ();
  for (size_t i = 0; i < n; i++)
    {
      PsTask *slot = &q->items[(q->head + q->count + i) % q->capacity];
      *slot = tasks[i];
      if (!q->keep_stamps)
        slot->submit_ticks = now;
    }
  q->count += n;
  /* One worker is enough: a pop takes up to a whole block, so waking more finds nothing. */
  if (q->idle_waiters > 0)
    pthread_cond_signal (&q->not_empty);
  ps_timed_lock_release (&q->lock);
  return true;
}

static void
deadline_after (struct timespec *ts, uint64_t ns)
{
  clock_gettime (CLOCK_MONOTONIC, ts);
  uint64_t total = (uint64_t) ts->tv_nsec + ns;
  ts->tv_sec += (time_t) (total / 1000000000u);
  ts->tv_nsec = (long) (total % 1000000000u);
}

size_t
ps_task_queue_pop (PsTaskQueue *q, PsTask *out, size_t max, uint64_t timeout_ns,
                   uint64_t *idle_ticks, PsCounters *counters)
{
  size_t n = 0;

  /* Timed: with small tasks this lock is what the workers contend on. Re-taking it on the way out
   * of a condition wait is part of the idle time around it, not a separate acquisition. */
  ps_timed_lock_acquire (&q->lock, counters);
  if (q->count == 0 && !q->closed && !q->stopped && timeout_ns > 0)
    {
      struct timespec deadline;
      uint64_t t0 = ps_clock_ticks ();

      if (timeout_ns != UINT64_MAX)
        deadline_after (&deadline, timeout_ns);
      q->idle_waiters++;
      while (q->count == 0 && !q->closed && !q->stopped)
        {
          if (timeout_ns == UINT64_MAX)
            pthread_cond_wait (&q->not_empty, &q->lock.mutex);
          else if (pthread_cond_timedwait (&q->not_empty, &q->lock.mutex, &deadline)
                   == ETIMEDOUT)
            break;
        }
      q->idle_waiters--;
      *idle_ticks += ps_clock_ticks () - t0;
    }
  if (!q->stopped)
    {
      while (n < max && q->count > 0)
        {
          out[n++] = q->items[q->head];
          q->head = (q->head + 1) % q->capacity;
          q->count--;
        }
      /* Wake the producer only at half empty: waking it for every pop would cost a context
       * switch per task on a small machine. */
      if (n > 0 && q->producer_waiting && q->count <= q->capacity / 2)
        pthread_cond_signal (&q->not_full);
    }
  ps_timed_lock_release (&q->lock);
  return n;
}

bool
ps_task_queue_finished (PsTaskQueue *q)
{
  ps_timed_lock_acquire (&q->lock, NULL);
  bool finished = q->stopped || (q->closed && q->count == 0);
  ps_timed_lock_release (&q->lock);
  return finished;
}

void
ps_task_queue_close (PsTaskQueue *q)
{
  ps_timed_lock_acquire (&q->lock, NULL);
  q->closed = true;
  pthread_cond_broadcast (&q->not_empty);
  ps_timed_lock_release (&q->lock);
}

void
ps_task_queue_stop (PsTaskQueue *q)
{
  ps_timed_lock_acquire (&q->lock, NULL);
  q->stopped = true;
  pthread_cond_broadcast (&q->not_empty);
  pthread_cond_broadcast (&q->not_full);
  ps_timed_lock_release (&q->lock);
}

size_t
ps_task_queue_drain (PsTaskQueue *q, PsTask *out, size_t max)
{
  size_t n = 0;

  ps_timed_lock_acquire (&q->lock, NULL);
  while (n < max && q->count > 0)
    {
      out[n++] = q->items[q->head];
      q->head = (q->head + 1) % q->capacity;
      q->count--;
    }
  ps_timed_lock_release (&q->lock);
  return n;
}
