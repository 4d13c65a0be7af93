/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-waitpoint.c */
#include "ps-waitpoint.h"

#include <errno.h>
#include <time.h>

void
ps_waitpoint_init (PsWaitpoint *wp)
{
  pthread_condattr_t attr;

  pthread_mutex_init (&wp->mutex, NULL);
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (&wp->cond, &attr);
  pthread_condattr_destroy (&attr);
  atomic_init (&wp->waiters, 0);
}

void
ps_waitpoint_clear (PsWaitpoint *wp)
{
  pthread_cond_destroy (&wp->cond);
  pthread_mutex_destroy (&wp->mutex);
}

bool
ps_waitpoint_wait (PsWaitpoint *wp, PsWaitCheck check, void *data, uint64_t timeout_ns)
{
  struct timespec deadline;
  bool ok;

  if (check (data))
    return true;
  if (timeout_ns == 0)
    return false;

  if (timeout_ns != UINT64_MAX)
    {
      clock_gettime (CLOCK_MONOTONIC, &deadline);
      uint64_t ns = (uint64_t) deadline.tv_nsec + timeout_ns;
      deadline.tv_sec += (time_t) (ns / 1000000000u);
      deadline.tv_nsec = (long) (ns % 1000000000u);
    }

  pthread_mutex_lock (&wp->mutex);
  atomic_fetch_add (&wp->waiters, 1);
  atomic_thread_fence (memory_order_seq_cst);
  /* Re-check after announcing: a notifier that published before seeing us is caught here. */
  while (!(ok = check (data)))
    {
      int r = timeout_ns == UINT64_MAX ? pthread_cond_wait (&wp->cond, &wp->mutex)
                                       : pthread_cond_timedwait (&wp->cond, &wp->mutex, &deadline);
      if (r == ETIMEDOUT)
        {
          ok = check (data);
          break;
        }
    }
  atomic_fetch_sub (&wp->waiters, 1);
  pthread_mutex_unlock (&wp->mutex);
  return ok;
}

void
ps_waitpoint_notify (PsWaitpoint *wp)
{
  atomic_thread_fence (memory_order_seq_cst);
  if (atomic_load (&wp->waiters) == 0)
    return;
  /* Taking the mutex orders us after a waiter that announced but has not slept yet. */
  pthread_mutex_lock (&wp->mutex);
  pthread_cond_broadcast (&wp->cond);
  pthread_mutex_unlock (&wp->mutex);
}
