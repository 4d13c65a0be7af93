/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-timed-lock.c */
#include "ps-timed-lock.h"

#include <sched.h>

#include "ps-clock.h"

void
ps_timed_lock_init (PsTimedLock *lock)
{
  pthread_mutex_init (&lock->mutex, NULL);
  atomic_init (&lock->waiters, 0);
  atomic_init (&lock->taken, 0);
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
      atomic_fetch_add_explicit (&lock->taken, 1, memory_order_relaxed);
      return 0;
    }

  ps_counter_add (&counters->acquisitions, 1);
  ps_counter_add (&counters->acquire_attempts, 1);
  if (pthread_mutex_trylock (&lock->mutex) == 0)
    {
      atomic_fetch_add_explicit (&lock->taken, 1, memory_order_relaxed);
      return ps_clock_ticks ();
    }

  uint64_t start = ps_clock_ticks ();
  ps_counters_wait_begin (counters, start);
  atomic_fetch_add (&lock->waiters, 1);
  pthread_mutex_lock (&lock->mutex);
  atomic_fetch_sub (&lock->waiters, 1);
  atomic_fetch_add_explicit (&lock->taken, 1, memory_order_relaxed);
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

uint64_t
ps_timed_lock_hand_off (PsTimedLock *lock, PsCounters *counters)
{
  if (atomic_load (&lock->waiters) == 0)
    return 0;

  uint64_t before = atomic_load (&lock->taken);
  uint64_t start = ps_clock_ticks ();
  ps_counters_wait_begin (counters, start);
  pthread_mutex_unlock (&lock->mutex);
  /* Only a waiter can change `taken` now, and one is blocked on the mutex: it gets it shortly. */
  while (atomic_load (&lock->taken) == before)
    sched_yield ();
  ps_counters_wait_end (counters, start, ps_clock_ticks ());
  return ps_timed_lock_acquire (lock, counters);
}
