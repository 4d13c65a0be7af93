/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-waitpoint.h: park a thread until a condition holds, without a lock on the fast path.
 *
 * Lock-free queues still need somewhere to sleep when empty. A waiter announces itself, re-checks
 * its condition, then sleeps on a condvar; a notifier publishes its change, then signals only if
 * someone announced. Both sides use sequentially consistent operations (the Dekker pattern), so a
 * wake-up is never lost and an uncontended notify costs one fence and one load.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-waitpoint.h is internal to the engine: include <ps-engine.h>."
#endif

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef bool (*PsWaitCheck) (void *data);

typedef struct
{
  pthread_mutex_t mutex;
  pthread_cond_t cond;    /* uses CLOCK_MONOTONIC */
  _Atomic unsigned waiters; /* threads between announcing and leaving ps_waitpoint_wait() */
} PsWaitpoint;

void ps_waitpoint_init (PsWaitpoint *wp);
void ps_waitpoint_clear (PsWaitpoint *wp);

/**
 * ps_waitpoint_wait:
 * @check: returns true when the waiter may go on
 * @timeout_ns: longest sleep; UINT64_MAX for none
 *
 * Returns: whether @check held when it returned (false on timeout).
 * Thread: any.
 */
bool ps_waitpoint_wait (PsWaitpoint *wp, PsWaitCheck check, void *data, uint64_t timeout_ns);

/* Wakes every waiter, if any announced itself. Call after publishing the change. Thread: any. */
void ps_waitpoint_notify (PsWaitpoint *wp);
