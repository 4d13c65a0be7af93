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
#include <stdint.h>

#include "ps-counters.h"

typedef struct
{
  pthread_mutex_t mutex;
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
