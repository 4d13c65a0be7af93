/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch.h: the dispatch axis — how a task reaches a thread — and the segment it runs in.
 *
 * A segment is one stretch of a strategy under one set of knobs: the controller opens it (starting
 * the dispatch's threads), lets it run until its tasks are done, its time is up, a knob changes or a
 * stop arrives, then joins every thread and gives unrun task ids back to the source. Each dispatch
 * is one file implementing PsDispatchClass; ps-worker.c holds the loop every worker shares.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-dispatch.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "ps-arrivals.h"
#include "ps-clock.h"
#include "ps-counters.h"
#include "ps-deadline-heap.h"
#include "ps-provision.h"
#include "ps-scenario.h"
#include "ps-task-queue.h"
#include "ps-task-source.h"
#include "ps-thread-stats.h"
#include "ps-timed-lock.h"
#include "ps-waitpoint.h"
#include "ps-workload.h"

typedef struct PsSegmentRun PsSegmentRun;
typedef struct PsWorker PsWorker;
typedef struct PsPendingIo PsPendingIo;

/* What a strategy keeps for its whole life in a run. Borrowed by its segments. */
typedef struct
{
  PsStrategy strategy;
  PsProvision *provision;        /* owned */
  PsTaskSource source;
  PsCounters *counters;          /* owned: one per worker slot, n_counters of them */
  unsigned n_counters;
  PsTimedLock gil;               /* the global interpreter lock, when the scenario asks for one */
  const PsInput *input;          /* borrowed from the run */
  const PsTenantTable *tenants;  /* borrowed from the run */
  _Atomic uint32_t *task_runs;   /* owned when tracking: executions per task id */
  uint64_t n_task_runs;
  uv_async_t *wake;              /* borrowed: tells the controller a segment ended */
  _Atomic int error;             /* first error a worker hit (PS_ENOMEM, PS_ETHREAD) */
} PsExec;

typedef enum
{
  PS_NEXT_TASK,   /* *out holds a task */
  PS_NEXT_EMPTY,  /* nothing right now (only when the timeout allowed no wait) */
  PS_NEXT_DONE,   /* the segment is over for this worker */
} PsNext;

typedef struct
{
  PsDispatchKind kind;
  bool own_threads;     /* the dispatch starts its own threads (spawn) instead of workers */
  bool has_producer;    /* a producer thread feeds the workers */
  /* Allocates the dispatch's state for the segment. */
  int (*setup) (PsSegmentRun *seg);
  /* Hands a worker its next task, waiting at most timeout_ns. */
  PsNext (*next) (PsWorker *w, PsTask *out, uint64_t timeout_ns);
  /* The producer (or spawner) thread's body. */
  void (*produce) (PsSegmentRun *seg);
  /* A task finished (after its I/O); may be NULL. */
  void (*task_done) (PsWorker *w, const PsTask *task);
  /* The stop flag is set: wake every parked thread. */
  void (*wake) (PsSegmentRun *seg);
  /* After every thread is joined: give unrun tasks back to the source. */
  void (*give_back) (PsSegmentRun *seg);
  void (*teardown) (PsSegmentRun *seg);
} PsDispatchClass;

struct PsWorker
{
  PsSegmentRun *seg;        /* borrowed */
  unsigned slot;
  PsCounters *counters;     /* borrowed: the strategy's counters for this slot */
  uv_thread_t thread;
  bool thread_started;
  PsDeadlineHeap io;        /* requests whose I/O is in flight, by deadline (when multiplexed) */
  bool multiplexed;         /* several requests in flight: I/O waits in @io, not in a sleep */
  PsPendingIo *spare_io;    /* owned: finished request records, for reuse */
  PsThreadStats stats_at_start; /* the kernel's figures as last added to the counters */
  uint64_t stats_due_ticks; /* when to add the kernel's figures to the counters again */
  uint64_t rng;             /* victim choice for stealing */
  void *data;               /* the dispatch's per-worker state */
};

struct PsSegmentRun
{
  const PsDispatchClass *klass;
  PsExec *exec;                  /* borrowed */
  PsScenario scenario;           /* knobs in force */
  uint64_t limit;                /* exclusive task id limit of this segment */
  uint64_t work_iterations;      /* kernel iterations for work_ns */
  unsigned n_workers;
  PsWorker *workers;             /* owned */
  uv_thread_t producer;
  bool producer_started;
  PsCounters *producer_counters; /* borrowed: the slot after the workers' (its lock waits, its
                                  * waits for room, its CPU and run-queue time) */
  PsWaitpoint start_gate;        /* the threads start together (own-loop's barrier start) */
  _Atomic bool started;          /* opens the gate */
  uint64_t start_ticks;
  uint64_t end_ticks;            /* set when the last thread left */
  uint64_t producer_cpu_ns;      /* the producer's CPU time, written by it before it leaves */
  uint64_t serialize_cpu_ns;     /* the producer's CPU time serialising payloads (serialize) */
  PsMachineLoad load_at_start;   /* controller: the machine's busy time, for interference */
  PsMachineLoad load_at_end;
  _Atomic bool stop;             /* set by the controller: leave at the next task boundary */
  _Atomic unsigned running;      /* threads still running */
  unsigned max_held;             /* thread-local + io-while-holding: isolates per slot */
  bool open_loop;                /* tasks arrive on `arrivals`' schedule (rate > 0) */
  PsArrivalSchedule arrivals;    /* open loop only; its origin is start_ticks */
  void *data;                    /* the dispatch's state */
};

extern const PsDispatchClass ps_dispatch_inline_class;
extern const PsDispatchClass ps_dispatch_spawn_class;
extern const PsDispatchClass ps_dispatch_own_loop_class;
extern const PsDispatchClass ps_dispatch_shared_queue_class;
extern const PsDispatchClass ps_dispatch_sticky_class;
extern const PsDispatchClass ps_dispatch_steal_class;
extern const PsDispatchClass ps_dispatch_batched_class;
extern const PsDispatchClass ps_dispatch_own_tenants_class;
extern const PsDispatchClass ps_dispatch_fork_join_class;

const PsDispatchClass *ps_dispatch_class_for (PsDispatchKind kind);

/* The number of worker slots @s uses for @kind (inline always 1). */
unsigned ps_dispatch_slots (PsDispatchKind kind, const PsScenario *s);

/**
 * ps_segment_start:
 *
 * Sets the segment up and starts its threads.
 * Returns: 0, PS_ENOMEM or PS_ETHREAD (nothing is left running on error).
 * Thread: controller.
 */
int ps_segment_start (PsSegmentRun *seg);

/* Asks every thread to leave at its next task boundary. Thread: controller. */
void ps_segment_request_stop (PsSegmentRun *seg);

/* Joins every thread, gives unrun tasks back, frees the dispatch state. Thread: controller. */
void ps_segment_finish (PsSegmentRun *seg);

/* Whether every thread has left. Thread: any. */
bool ps_segment_done (PsSegmentRun *seg);

/* A thread leaves the segment; the last one wakes the controller. Thread: segment threads. */
void ps_segment_thread_exit (PsSegmentRun *seg);

/**
 * ps_segment_claim_wait:
 * @out: where up to @n tasks are written, with their submit time and tenant
 * @timeout_ns: how long an open-loop claim may wait for the next arrival (UINT64_MAX: no limit)
 * @idle: (nullable): a worker's counters, charged with the time spent waiting for an arrival
 * @done: (out): whether the segment has no more tasks for anyone (source exhausted or stopping)
 *
 * Claims tasks from the source. In a closed run they are there at once and stamped now; in an
 * open-loop run only the tasks whose arrival is due are handed out, each stamped with its
 * scheduled arrival, and the claim sleeps (up to @timeout_ns) until one is due.
 *
 * Returns: the number of tasks claimed; 0 when @done or when @timeout_ns passed first.
 * Thread: any segment thread.
 */
size_t ps_segment_claim_wait (PsSegmentRun *seg, PsTask *out, size_t n, uint64_t timeout_ns,
                              PsCounters *idle, bool *done);

/* Task @id as it enters the segment at @submit_ticks, with its tenant. Thread: any. */
PsTask ps_segment_task (const PsSegmentRun *seg, uint64_t id, uint64_t submit_ticks);

/* ps_segment_claim_wait() without a time limit, for producers: 0 means no more tasks.
 * Thread: any segment thread. */
size_t ps_segment_claim (PsSegmentRun *seg, PsTask *out, size_t n);

/* The tasks a queue holds at most: about 100 µs of work per worker (at least two per request in
 * flight, at most 4096), so that a closed run's queueing delay stays the strategy's own. */
size_t ps_segment_queue_capacity (const PsSegmentRun *seg);

/* Whether the start gate is open (a PsWaitCheck). Thread: any. */
bool ps_segment_started (void *seg);

/* A task enters a queue or lane: a closed run's latency counts from here (a wait for room is the
 * producer's, not the task's); an open-loop run keeps the scheduled arrival the claim stamped, so
 * that a pool that falls behind shows it. Thread: the producer. */
static inline void
ps_segment_stamp_entry (const PsSegmentRun *seg, PsTask *task, uint64_t now)
{
  if (!seg->open_loop)
    task->submit_ticks = now;
}

/* Whether the stop flag is set. Thread: any. */
static inline bool
ps_segment_stopping (PsSegmentRun *seg)
{
  return atomic_load_explicit (&seg->stop, memory_order_relaxed);
}

/* Pieces several dispatches share. */

/* next() for dispatches whose workers claim straight from the source (inline, own-loop). */
PsNext ps_dispatch_next_from_source (PsWorker *w, PsTask *out, uint64_t timeout_ns);
int ps_dispatch_setup_nothing (PsSegmentRun *seg);
void ps_dispatch_segment_nothing (PsSegmentRun *seg);

/* Runs @wait, then charges the time it took to @counters' idle time: a worker parked on an empty
 * queue, or a producer parked for room, a join or a free batch, has nothing else to do.
 * Thread: the counters' writer. */
#define PS_COUNT_IDLE(counters, wait)                                                              \
  do                                                                                               \
    {                                                                                              \
      uint64_t ps_idle_t0_ = ps_clock_ticks ();                                                    \
      wait;                                                                                        \
      ps_counter_add (&(counters)->idle_ticks, ps_clock_ticks () - ps_idle_t0_);                   \
    }                                                                                              \
  while (0)

/* Gives back the ids of @n tasks. Thread: controller. */
void ps_dispatch_give_back_tasks (PsSegmentRun *seg, const PsTask *tasks, size_t n);

/* Pops up to @max tasks from @q for @w, counting time parked as idle. Returns how many; when none,
 * *@status says whether the queue is finished (DONE) or just empty for now (EMPTY). */
size_t ps_dispatch_queue_pop (PsWorker *w, PsTaskQueue *q, PsTask *out, size_t max,
                              uint64_t timeout_ns, PsNext *status);

/* Gives back what a queue dispatch never ran: @unpushed (claimed by the producer but not queued)
 * and everything left in @q. Thread: controller, after the threads are joined. */
void ps_dispatch_queue_give_back (PsSegmentRun *seg, PsTaskQueue *q, const PsTask *unpushed,
                                  size_t n_unpushed);
