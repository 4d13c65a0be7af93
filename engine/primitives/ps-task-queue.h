/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-task-queue.h: one bounded queue behind one mutex and two condition variables.
 *
 * This is the `shared-queue` dispatch, and `batched` with blocks of B. A waiter sleeps only when the
 * queue is empty (workers) or full (the producer), and a push signals only when a worker sleeps, so
 * an uncontended handoff costs one lock round-trip each side.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-task-queue.h is internal to the engine: include <ps-engine.h>."
#endif

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps-timed-lock.h"
#include "ps-workload.h"

typedef struct
{
  PsTimedLock lock;          /* a worker's acquisition is timed: the queue's lock is contention */
  pthread_cond_t not_empty;  /* workers wait here */
  pthread_cond_t not_full;   /* the producer waits here */
  /* Everything below is guarded by lock. */
  PsTask *items;             /* owned ring of capacity items */
  size_t capacity;
  size_t head;               /* next to pop */
  size_t count;
  unsigned idle_waiters;     /* workers sleeping on not_empty */
  bool producer_waiting;
  bool closed;               /* no more pushes: workers leave when it is empty */
  bool stopped;              /* leave now, even if items remain */
  bool keep_stamps;          /* open loop: a task's latency counts from its scheduled arrival */
} PsTaskQueue;

int ps_task_queue_init (PsTaskQueue *q, size_t capacity);
void ps_task_queue_clear (PsTaskQueue *q);

/* Pushes @n tasks at once (blocking while there is no room for all of them; @n ≤ capacity) and
 * stamps their submit_ticks with the time they entered, unless keep_stamps is set. Returns false
 * when the queue was stopped. Thread: the producer. */
bool ps_task_queue_push (PsTaskQueue *q, const PsTask *tasks, size_t n, PsCounters *producer);

/**
 * ps_task_queue_pop:
 * @max: pop up to this many
 * @timeout_ns: longest wait when empty (0: don't wait; UINT64_MAX: until closed)
 * @idle_ticks: (out): ticks spent asleep
 * @counters: (nullable): the worker's slot, where taking the queue's lock is counted as an
 *   acquisition (contended when another thread held it, the blocked time as wait)
 *
 * Returns: the number popped; 0 when empty after the timeout, or closed and empty, or stopped.
 * Thread: any worker.
 */
size_t ps_task_queue_pop (PsTaskQueue *q, PsTask *out, size_t max, uint64_t timeout_ns,
                          uint64_t *idle_ticks, PsCounters *counters);

/* Whether the queue is closed and drained, or stopped. Thread: any. */
bool ps_task_queue_finished (PsTaskQueue *q);

/* No more pushes. Thread: the producer. */
void ps_task_queue_close (PsTaskQueue *q);

/* Makes every waiter leave now. Thread: any. */
void ps_task_queue_stop (PsTaskQueue *q);

/* Pops everything left (after the threads are joined). Returns how many. Thread: controller. */
size_t ps_task_queue_drain (PsTaskQueue *q, PsTask *out, size_t max);
