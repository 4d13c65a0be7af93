/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-timed-lock.h: a mutex that measures its own contention.
 *
 * The uncontended path is one pthread_mutex_trylock with no clock read at all; only when the lock
 * is taken does the caller read the clock around the blocking lock, so measuring contention does
 * not create it.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-timed-lock.h is internal to the engine: include <ps-engine.h>."
#endif

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ps-counters.h"

typedef struct
{
  pthread_mutex_t mutex;
  _Atomic unsigned waiters;   /* threads blocked in ps_timed_lock_acquire () */
  _Atomic uint64_t taken;     /* times the lock was obtained: a hand-off changes it */
} PsTimedLock;

void ps_timed_lock_init (PsTimedLock *lock);
void ps_timed_lock_clear (PsTimedLock *lock);

/**
 * ps_timed_lock_acquire:
 * @counters: (nullable): where waits and contended acquisitions are counted
 *
 * Returns: the tick at which the lock was obtained, or 0 when @counters is NULL.
 * Thread: any.
 */
uint64_t ps_timed_lock_acquire (PsTimedLock *lock, PsCounters *counters);

void ps_timed_lock_release (PsTimedLock *lock);

/**
 * ps_timed_lock_hand_off:
 * @counters: where the wait for the lock's return is counted
 *
 * What CPython does when a thread has held the GIL for the switch interval and another waits: the
 * holder releases it, waits until another thread has taken it (so that it cannot simply take it
 * back), then queues for it again. Does nothing when nobody waits.
 *
 * Returns: the tick at which the caller holds the lock again, or 0 when nobody waited (the caller
 * kept it throughout).
 * Thread: the holder.
 */
uint64_t ps_timed_lock_hand_off (PsTimedLock *lock, PsCounters *counters);
