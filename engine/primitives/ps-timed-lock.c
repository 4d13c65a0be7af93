/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-timed-lock.c */
#include "ps-timed-lock.h"

#include "ps-clock.h"

void
ps_timed_lock_init (PsTimedLock *lock)
{
  pthread_mutex_init (&lock->mutex, NULL);
}

void
ps_timed_lock_clear (PsTimedLock *lock)
{
  pthread_mutex_destroy (&lock->mutex);
}

uint64_t
ps_timed_lock_acquire (PsTimedLock *lock, PsCounters *counters)
{
  if (counters == NULL)
    {
      pthread_mutex_lock (&lock->mutex);
      return 0;
    }

  ps_counter_add (&counters->acquisitions, 1);
  ps_counter_add (&counters->acquire_attempts, 1);
  if (pthread_mutex_trylock (&lock->mutex) == 0)
    return ps_clock_ticks ();

  uint64_t start = ps_clock_ticks ();
  ps_counters_wait_begin (counters, start);
  pthread_mutex_lock (&lock->mutex);
  uint64_t got = ps_clock_ticks ();
  ps_counter_add (&counters->contended, 1);
  ps_counters_wait_end (counters, start, got);
  return got;
}

void
ps_timed_lock_release (PsTimedLock *lock)
{
  pthread_mutex_unlock (&lock->mutex);
}
