/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch.c: what every dispatch shares — starting, stopping and joining a segment's threads,
 * claiming tasks, and sizing queues. */
#include "ps-dispatch.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ps-clock.h"
#include "ps-error.h"
#include "ps-worker.h"

#define CLAIM_MAX 256

const PsDispatchClass *
ps_dispatch_class_for (PsDispatchKind kind)
{
  switch (kind)
    {
    case PS_DISPATCH_INLINE:       return &ps_dispatch_inline_class;
    case PS_DISPATCH_SPAWN:        return &ps_dispatch_spawn_class;
    case PS_DISPATCH_OWN_LOOP:     return &ps_dispatch_own_loop_class;
    case PS_DISPATCH_SHARED_QUEUE: return &ps_dispatch_shared_queue_class;
    case PS_DISPATCH_STICKY:       return &ps_dispatch_sticky_class;
    case PS_DISPATCH_STEAL:        return &ps_dispatch_steal_class;
    case PS_DISPATCH_BATCHED:      return &ps_dispatch_batched_class;
    case PS_DISPATCH_OWN_TENANTS:  return &ps_dispatch_own_tenants_class;
    case PS_DISPATCH_FORK_JOIN:    return &ps_dispatch_fork_join_class;
    case PS_DISPATCH_COUNT:
    default:                       return NULL;
    }
}

unsigned
ps_dispatch_slots (PsDispatchKind kind, const PsScenario *s)
{
  return kind == PS_DISPATCH_INLINE ? 1 : s->threads;
}

bool
ps_segment_started (void *data)
{
  PsSegmentRun *seg = data;

  return atomic_load (&seg->started);
}

PsTask
ps_segment_task (const PsSegmentRun *seg, uint64_t id, uint64_t submit_ticks)
{
  const PsExec *ex = seg->exec;

  return (PsTask) {
    .id = id,
    .submit_ticks = submit_ticks,
    .tenant = ps_tenant_of (ex->tenants, ex->input->seed, id),
    .batch = NULL,
  };
}

/* Fills @out with the tasks of @ids, submitted at @submit_ticks[i] (or all at @now). */
static void
stamp_tasks (PsSegmentRun *seg, PsTask *out, const uint64_t *ids, size_t n,
             const uint64_t *submit_ticks, uint64_t now)
{
  for (size_t i = 0; i < n; i++)
    out[i] = ps_segment_task (seg, ids[i], submit_ticks != NULL ? submit_ticks[i] : now);
}

/* Open loop: one task id per arrival that is due, stamped with its scheduled time. */
static size_t
claim_arrived (PsSegmentRun *seg, PsTask *out, size_t n, uint64_t *next_due)
{
  PsArrivalSchedule *sched = &seg->arrivals;
  uint64_t ids[CLAIM_MAX], due[CLAIM_MAX];

  uv_mutex_lock (&sched->lock);
  uint64_t now = ps_clock_ticks ();
  size_t want = ps_arrival_schedule_due (sched, now, n, next_due);
  size_t got = want ? ps_task_source_claim (&seg->exec->source, seg->limit, ids, want) : 0;
  ps_arrival_schedule_take (sched, got, now, due);
  uv_mutex_unlock (&sched->lock);

  stamp_tasks (seg, out, ids, got, due, 0);
  return got;
}

/* Sleeps in steps this long at most while waiting for an arrival, so a stop is seen soon. */
#define ARRIVAL_WAIT_STEP_NS 1000000u

size_t
ps_segment_claim_wait (PsSegmentRun *seg, PsTask *out, size_t n, uint64_t timeout_ns,
                       PsCounters *idle, bool *done)
{
  PsExec *ex = seg->exec;
  uint64_t ids[CLAIM_MAX];

  if (n > CLAIM_MAX)
    n = CLAIM_MAX;
  if (!seg->open_loop)
    {
      size_t got = ps_task_source_claim (&ex->source, seg->limit, ids, n);
      stamp_tasks (seg, out, ids, got, NULL, got ? ps_clock_ticks () : 0);
      *done = got == 0;
      return got;
    }

  uint64_t began = ps_clock_ticks ();
  uint64_t deadline = timeout_ns == UINT64_MAX ? UINT64_MAX
                                                : began + ps_clock_ns_to_ticks (timeout_ns);
  size_t got = 0;

  *done = false;
  for (;;)
    {
      if (ps_segment_stopping (seg) || ps_task_source_exhausted (&ex->source, seg->limit))
        {
          *done = true;
          break;
        }
      uint64_t next_due;
      if ((got = claim_arrived (seg, out, n, &next_due)) > 0)
        break;
      uint64_t now = ps_clock_ticks ();
      if (now >= deadline)
        break;
      uint64_t until = next_due < deadline ? next_due : deadline;
      uint64_t step = now + ps_clock_ns_to_ticks (ARRIVAL_WAIT_STEP_NS);
      if (until > step)
        until = step;
      if (until > now)
        ps_clock_sleep_ns ((uint64_t) ps_clock_ticks_to_ns (until - now));
    }
  /* Waiting for the next arrival is a worker's idle time: there is nothing to do yet. */
  if (idle != NULL)
    ps_counter_add (&idle->idle_ticks, ps_clock_ticks () - began);
  return got;
}

/* Dart's message passing serialises each payload on the sender, one message at a time: the
 * producer (router, spawner) pays serialize ns per byte for every task it hands over. Dispatches
 * whose workers generate their own tasks send no message and pay nothing. The time is the
 * producer's CPU time: on a busy machine a preempted producer's wall clock would count another
 * thread's turn on the CPU as serialisation (measured under load: 1.8x the charge). */
static void
serialize_for_sending (PsSegmentRun *seg, size_t n)
{
  const PsScenario *s = &seg->scenario;
  double ns = s->serialize_ns_per_byte * (double) s->payload_bytes * (double) n;

  if (ns < 1)
    return;
  uint64_t cpu0 = ps_thread_cpu_ns ();
  ps_workload_spin_ns ((uint64_t) ns);
  seg->serialize_cpu_ns += ps_thread_cpu_ns () - cpu0;
}

size_t
ps_segment_claim (PsSegmentRun *seg, PsTask *out, size_t n)
{
  bool done;
  size_t got = ps_segment_claim_wait (seg, out, n, UINT64_MAX, NULL, &done);

  /* Only producers claim through here. */
  serialize_for_sending (seg, got);
  return got;
}

size_t
ps_segment_queue_capacity (const PsSegmentRun *seg)
{
  const PsScenario *s = &seg->scenario;
  /* A rough cost per task: the work, a copy at ~8 bytes/ns, and the I/O shared by in-flight
   * requests. Only the order of magnitude matters. */
  double task_ns = (double) s->work_ns + (double) s->payload_bytes / 8.0
                   + (double) s->io_delay_ns / (double) (s->inflight ? s->inflight : 1) + 50.0;
  /* In a closed run the queue is always full, so a task waits backlog / throughput in it (Little's
   * law): a deep queue measures the engine's own backlog, not the strategy (10 ms of work per
   * thread once gave `queue` a p50 of 8.7 ms for 20 µs tasks). About 100 µs of work per thread
   * keeps that wait near the hand-off itself while the producer, woken at half empty, still has
   * ~50 µs to refill; a producer that cannot keep up shows as the workers' idle share.
   * It costs throughput on 2 cores, where the producer is a third runnable thread and wakes more
   * often (2 threads, 20 µs tasks, tasks/s and p50): 100 µs of backlog: queue 66–75k, 100 µs;
   * 300 µs: 80–85k, 270 µs; 1 ms: 90–94k, 0.8 ms; 10 ms: 89–94k, 8 ms. Open-loop arrivals are the
   * way to measure latency without this trade-off. */
  double per_thread = 100e3 / task_ns;
  double floor_ = 2.0 * (s->inflight ? s->inflight : 1) + 2.0;

  if (per_thread < floor_)
    per_thread = floor_;
  if (per_thread > 4096)
    per_thread = 4096;
  return (size_t) per_thread * seg->n_workers;
}

void
ps_segment_thread_exit (PsSegmentRun *seg)
{
  uint64_t now = ps_clock_ticks ();

  if (atomic_fetch_sub (&seg->running, 1) == 1)
    {
      seg->end_ticks = now;
      uv_async_send (seg->exec->wake);
    }
}

bool
ps_segment_done (PsSegmentRun *seg)
{
  return atomic_load (&seg->running) == 0;
}

static void
producer_main (void *arg)
{
  PsSegmentRun *seg = arg;

  PsThreadStats at_start, at_end;

  ps_worker_wait_start (seg);
  ps_thread_stats_read (&at_start);
  seg->klass->produce (seg);
  ps_thread_stats_read (&at_end);
  ps_counter_add (&seg->producer_counters->cpu_ns, at_end.cpu_ns - at_start.cpu_ns);
  ps_counter_add (&seg->producer_counters->runnable_ns, at_end.runnable_ns - at_start.runnable_ns);
  ps_counter_add (&seg->producer_counters->involuntary, at_end.involuntary - at_start.involuntary);
  /* The producer is a thread like the workers, runnable beside them: its CPU time is reported. The
   * join in ps_segment_finish() orders this write before the controller reads it. */
  seg->producer_cpu_ns = ps_thread_cpu_ns ();
  ps_segment_thread_exit (seg);
}

int
ps_segment_start (PsSegmentRun *seg)
{
  const PsDispatchClass *klass = seg->klass;
  PsExec *ex = seg->exec;

  seg->workers = calloc (seg->n_workers, sizeof (PsWorker));
  if (seg->workers == NULL)
    return PS_ENOMEM;
  seg->producer_counters = &ex->counters[seg->n_workers];
  for (unsigned i = 0; i < seg->n_workers; i++)
    {
      PsWorker *w = &seg->workers[i];
      w->seg = seg;
      w->slot = i;
      w->counters = &ex->counters[i];
      w->rng = ps_hash64 (seg->scenario.seed + i) | 1;
    }
  atomic_init (&seg->stop, false);
  atomic_init (&seg->started, false);
  seg->open_loop = ps_arrivals_open_loop (&seg->scenario);
  if (seg->open_loop && ps_arrival_schedule_init (&seg->arrivals, &seg->scenario, 0) != 0)
    {
      free (seg->workers);
      seg->workers = NULL;
      return PS_ENOMEM;
    }
  ps_waitpoint_init (&seg->start_gate);

  int r = klass->setup (seg);
  if (r != 0)
    {
      free (seg->workers);
      seg->workers = NULL;
      ps_waitpoint_clear (&seg->start_gate);
      if (seg->open_loop)
        ps_arrival_schedule_clear (&seg->arrivals);
      return r;
    }

  unsigned threads = (klass->own_threads ? 0 : seg->n_workers) + (klass->has_producer ? 1 : 0);
  atomic_init (&seg->running, threads);
  /* Starting the threads is the strategy's cost too when creation counts, as in the seeds' runs
   * that timed a pool's start-up; otherwise the clock starts once they exist. */
  uint64_t creation_start = ps_clock_ticks ();

  /* Threads wait at the gate until all exist, so no thread gets a head start. */
  if (!klass->own_threads)
    for (unsigned i = 0; i < seg->n_workers && r == 0; i++)
      {
        PsWorker *w = &seg->workers[i];
        if (uv_thread_create (&w->thread, ps_worker_main, w) == 0)
          w->thread_started = true;
        else
          r = PS_ETHREAD;
      }
  if (klass->has_producer && r == 0)
    {
      if (uv_thread_create (&seg->producer, producer_main, seg) == 0)
        seg->producer_started = true;
      else
        r = PS_ETHREAD;
    }

  if (r != 0)
    {
      /* Threads that never started never exit: account for them, then stop the rest. */
      unsigned started = seg->producer_started ? 1 : 0;
      for (unsigned i = 0; i < seg->n_workers; i++)
        started += seg->workers[i].thread_started ? 1 : 0;
      atomic_fetch_sub (&seg->running, threads - started);
      atomic_store (&seg->stop, true);
    }

  seg->start_ticks = seg->scenario.count_creation ? creation_start : ps_clock_ticks ();
  /* The gate orders this write before any thread's first claim. */
  seg->arrivals.origin_ticks = seg->start_ticks;
  atomic_store (&seg->started, true);
  ps_waitpoint_notify (&seg->start_gate);
  if (r != 0)
    {
      klass->wake (seg);
      ps_segment_finish (seg);
    }
  return r;
}

void
ps_segment_request_stop (PsSegmentRun *seg)
{
  atomic_store (&seg->stop, true);
  seg->klass->wake (seg);
}

void
ps_segment_finish (PsSegmentRun *seg)
{
  if (seg->workers == NULL)
    return;
  /* The producer first: a spawner still owns its workers' thread handles until it returns. */
  if (seg->producer_started)
    {
      uv_thread_join (&seg->producer);
      seg->producer_started = false;
    }
  for (unsigned i = 0; i < seg->n_workers; i++)
    if (seg->workers[i].thread_started)
      {
        uv_thread_join (&seg->workers[i].thread);
        seg->workers[i].thread_started = false;
      }
  if (seg->end_ticks == 0)
    seg->end_ticks = ps_clock_ticks ();
  seg->klass->give_back (seg);
  seg->klass->teardown (seg);
  ps_waitpoint_clear (&seg->start_gate);
  if (seg->open_loop)
    ps_arrival_schedule_clear (&seg->arrivals);
  free (seg->workers);
  seg->workers = NULL;
}

PsNext
ps_dispatch_next_from_source (PsWorker *w, PsTask *out, uint64_t timeout_ns)
{
  bool done;

  if (ps_segment_claim_wait (w->seg, out, 1, timeout_ns, w->counters, &done) == 1)
    return PS_NEXT_TASK;
  return done ? PS_NEXT_DONE : PS_NEXT_EMPTY;
}

int
ps_dispatch_setup_nothing (PsSegmentRun *seg)
{
  return 0;
}

void
ps_dispatch_segment_nothing (PsSegmentRun *seg)
{
}

void
ps_dispatch_give_back_tasks (PsSegmentRun *seg, const PsTask *tasks, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!ps_task_source_give_back (&seg->exec->source, tasks[i].id))
      {
        int none = 0;
        atomic_compare_exchange_strong (&seg->exec->error, &none, PS_ENOMEM);
      }
}

size_t
ps_dispatch_queue_pop (PsWorker *w, PsTaskQueue *q, PsTask *out, size_t max, uint64_t timeout_ns,
                       PsNext *status)
{
  uint64_t idle = 0;
  uint64_t poll = w->seg->scenario.poll_ns;
  /* Polling workers are never woken: an idle one sleeps a poll interval and looks again. */
  size_t n = ps_task_queue_pop (q, out, max, poll > 0 ? 0 : timeout_ns, &idle, w->counters);
  if (n == 0 && poll > 0 && !ps_task_queue_finished (q) && !ps_segment_stopping (w->seg))
    {
      uint64_t t0 = ps_clock_ticks ();
      ps_clock_sleep_ns (timeout_ns < poll ? timeout_ns : poll);
      idle += ps_clock_ticks () - t0;
    }

  if (idle > 0)
    ps_counter_add (&w->counters->idle_ticks, idle);
  *status = n > 0 ? PS_NEXT_TASK : ps_task_queue_finished (q) ? PS_NEXT_DONE : PS_NEXT_EMPTY;
  return n;
}

void
ps_dispatch_queue_give_back (PsSegmentRun *seg, PsTaskQueue *q, const PsTask *unpushed,
                             size_t n_unpushed)
{
  PsTask left[256];
  size_t n;

  ps_dispatch_give_back_tasks (seg, unpushed, n_unpushed);
  while ((n = ps_task_queue_drain (q, left, 256)) > 0)
    ps_dispatch_give_back_tasks (seg, left, n);
}
