/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-worker.c */
#include "ps-worker.h"

#include <assert.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

#include "ps-clock.h"
#include "ps-error.h"

/* One request whose I/O is in flight: everything needed to complete it when its deadline comes. */
struct PsPendingIo
{
  PsTask task;
  uint64_t result;
  uint64_t started;         /* ticks: the start of its service */
  PsIsolate *held;          /* still held through the I/O (io_while_holding) */
  PsPendingIo *next_spare;
};

/* repartir's submitter learns of a result only when it polls, every poll_ns, and only then sends
 * the next request: the thread that ran the task has nothing to do until that tick (idle). This is
 * what caps a polled pool's throughput at about threads / poll interval, which rounding the
 * completion stamp alone never did (single --poll 10ms still ran 54k tasks/s). */
static void
wait_for_poll (PsWorker *w, uint64_t seen_at)
{
  uint64_t now = ps_clock_ticks ();

  if (seen_at > now && !ps_segment_stopping (w->seg))
    {
      ps_clock_sleep_ns ((uint64_t) ps_clock_ticks_to_ns (seen_at - now));
      ps_counter_add (&w->counters->idle_ticks, ps_clock_ticks () - now);
    }
}

/* A task is done: its latency splits at @started into time waiting in the dispatch (queued) and
 * time being served, I/O included. */
static void
complete (PsWorker *w, const PsTask *task, uint64_t result, uint64_t started)
{
  PsSegmentRun *seg = w->seg;
  PsExec *ex = seg->exec;
  uint64_t now = ps_clock_ticks ();
  uint64_t poll = seg->scenario.poll_ns;

  /* A polled result is only seen at the next poll: round completion up to it (repartir). */
  if (poll > 0)
    {
      uint64_t period = ps_clock_ns_to_ticks (poll);
      uint64_t since = now - seg->start_ticks;
      if (period > 0)
        now = seg->start_ticks + (since + period - 1) / period * period;
    }
  uint64_t submitted = task->submit_ticks < started ? task->submit_ticks : started;

  ps_histogram_record (&w->counters->latency, (uint64_t) ps_clock_ticks_to_ns (now - submitted));
  ps_histogram_record (&w->counters->queued,
                       (uint64_t) ps_clock_ticks_to_ns (started - submitted));
  ps_histogram_record (&w->counters->service,
                       (uint64_t) ps_clock_ticks_to_ns (now > started ? now - started : 0));
  ps_counter_add (&w->counters->checksum, result);
  ps_counter_add (&w->counters->tasks, 1);
  if (ex->task_runs != NULL && task->id < ex->n_task_runs)
    atomic_fetch_add_explicit (&ex->task_runs[task->id], 1, memory_order_relaxed);
  if (seg->klass->task_done != NULL)
    seg->klass->task_done (w, task);
  if (poll > 0)
    wait_for_poll (w, now);
}

static void
release_isolate (PsWorker *w, PsIsolate *iso)
{
  PsProvision *p = w->seg->exec->provision;

  p->klass->release (p, w->slot, iso, w->counters);
}

/* Completes every request whose I/O deadline has passed. */
static void
run_due_io (PsWorker *w)
{
  PsPendingIo *io;

  while ((io = ps_deadline_heap_pop_due (&w->io, ps_clock_ticks ())) != NULL)
    {
      if (io->held != NULL)
        release_isolate (w, io->held);
      io->held = NULL;
      complete (w, &io->task, io->result, io->started);
      io->next_spare = w->spare_io;
      w->spare_io = io;
    }
}

/* Puts a request's I/O in flight, due io_delay from now. The heap has room for every request the
 * worker may keep open, so only the allocation of a new record can fail. */
static bool
start_io (PsWorker *w, const PsTask *task, uint64_t result, uint64_t started, PsIsolate *held)
{
  PsPendingIo *io = w->spare_io;

  if (io != NULL)
    w->spare_io = io->next_spare;
  else if ((io = calloc (1, sizeof *io)) == NULL)
    return false;
  io->task = *task;
  io->result = result;
  io->started = started;
  io->held = held;
  uint64_t due = ps_clock_ticks () + ps_clock_ns_to_ticks (w->seg->scenario.io_delay_ns);
  bool queued = ps_deadline_heap_push (&w->io, due, io);
  assert (queued);
  (void) queued;
  return true;
}

static void
sleep_ns (uint64_t ns)
{
  struct timespec ts = { .tv_sec = (time_t) (ns / 1000000000u), .tv_nsec = (long) (ns % 1000000000u) };

  while (nanosleep (&ts, &ts) != 0)
    ;
}

/* Records the first error and ends the segment: parked producers and workers are woken (a
 * producer waiting for room would otherwise wait for pops that never come) and the controller is
 * told at once. */
static void
fail (PsWorker *w, int code)
{
  PsSegmentRun *seg = w->seg;
  int none = 0;

  atomic_compare_exchange_strong (&seg->exec->error, &none, code);
  atomic_store (&seg->stop, true);
  seg->klass->wake (seg);
  uv_async_send (seg->exec->wake);
}

void
ps_worker_thread_init (void)
{
  /* Linux lets a sleep end up to the thread's timer slack late, 50 µs by default: every I/O delay
   * and spin-sleep would oversleep by that much. Engine threads ask for the least slack. */
  prctl (PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
}

/* The task's CPU work under the GIL, cut at every switch interval: when another thread waits, the
 * GIL is handed over there (CPython's forced switching, every 5 ms by default), so a long task
 * body no longer keeps the others out for its whole length. Returns when the holder has the GIL
 * again, counting each stretch it held. */
static uint64_t
run_work_switching (PsWorker *w, const PsTask *task, uint64_t gil_at)
{
  PsSegmentRun *seg = w->seg;
  PsTimedLock *gil = &seg->exec->gil;
  const PsScenario *s = &seg->scenario;
  uint64_t left = seg->work_iterations;
  /* The boundaries come from the durations, not from rounded iteration counts: 4 ms of work
   * with a 1 ms interval is 4 stretches and 3 chances to switch, never a 5th sliver. */
  uint64_t chunks = (s->work_ns + s->gil_switch_ns - 1) / s->gil_switch_ns;

  for (; chunks > 0; chunks--)
    {
      uint64_t chunk = left / chunks;
      ps_workload_burn (chunk, task->id + left);
      left -= chunk;
      if (chunks == 1)
        break;
      uint64_t held_until = ps_clock_ticks ();
      uint64_t again = ps_timed_lock_hand_off (gil, w->counters);
      if (again != 0)
        {
          ps_counter_add (&w->counters->gil_hold_ticks, held_until - gil_at);
          ps_counter_add (&w->counters->gil_switches, 1);
          gil_at = again;
        }
    }
  return gil_at;
}

void
ps_worker_execute (PsWorker *w, const PsTask *task)
{
  PsSegmentRun *seg = w->seg;
  PsExec *ex = seg->exec;
  const PsScenario *s = &seg->scenario;
  PsProvision *p = ex->provision;
  bool oom = false;
  uint64_t started = ps_clock_ticks ();

  PsIsolate *iso = p->klass->acquire (p, w->slot, task->tenant, w->counters, &oom);
  if (iso == NULL)
    {
      fail (w, PS_ENOMEM);
      return;
    }
  ps_isolate_enter (iso, task->tenant, w->counters);

  uint64_t gil_at = 0;
  bool switching = s->gil && s->gil_switch_ns > 0 && s->work_ns > s->gil_switch_ns;
  if (s->gil)
    gil_at = ps_timed_lock_acquire (&ex->gil, w->counters);
  uint64_t result = ps_workload_run_body (s, ex->input, iso, task,
                                          switching ? 0 : seg->work_iterations, &p->budget,
                                          w->counters, &oom);
  if (switching && !oom)
    gil_at = run_work_switching (w, task, gil_at);
  if (s->gil)
    {
      ps_counter_add (&w->counters->gil_hold_ticks, ps_clock_ticks () - gil_at);
      ps_timed_lock_release (&ex->gil);
    }
  if (oom)
    {
      release_isolate (w, iso);
      fail (w, PS_ENOMEM);
      return;
    }
  /* The result goes back as a message too, serialised in the isolate that made it. */
  if (s->serialize_ns_per_byte > 0 && seg->klass->has_producer)
    ps_workload_spin_ns ((uint64_t) (s->serialize_ns_per_byte * (double) s->payload_bytes));

  bool hold_through_io = s->io_while_holding && s->io_delay_ns > 0;
  if (!hold_through_io)
    {
      release_isolate (w, iso);
      iso = NULL;
    }

  if (s->io_delay_ns == 0)
    complete (w, task, result, started);
  else if (w->multiplexed && start_io (w, task, result, started, iso))
    return;
  else
    {
      uint64_t slept = ps_clock_ticks ();
      sleep_ns (s->io_delay_ns);
      ps_counter_add (&w->counters->io_ticks, ps_clock_ticks () - slept);
      if (iso != NULL)
        release_isolate (w, iso);
      complete (w, task, result, started);
    }
}

void
ps_worker_wait_start (PsSegmentRun *seg)
{
  ps_worker_thread_init ();
  ps_waitpoint_wait (&seg->start_gate, ps_segment_started, seg, UINT64_MAX);
}

/* The longest a worker may block for a new task before its earliest I/O is due, in ns. */
static uint64_t
next_timeout (PsWorker *w)
{
  uint64_t ticks = ps_deadline_heap_ticks_until (&w->io, ps_clock_ticks ());

  return ticks == UINT64_MAX ? UINT64_MAX : (uint64_t) ps_clock_ticks_to_ns (ticks);
}

/* Sleeps until the earliest I/O is due, then completes what is due. */
static void
wait_for_io (PsWorker *w)
{
  uint64_t ns = next_timeout (w);

  if (ns != UINT64_MAX && ns > 0)
    {
      uint64_t slept = ps_clock_ticks ();
      sleep_ns (ns);
      ps_counter_add (&w->counters->io_ticks, ps_clock_ticks () - slept);
    }
  run_due_io (w);
}

/* Several requests in flight only make sense while their I/O waits: then the worker keeps their
 * deadlines and serves other requests meanwhile (OpenWorkers' runtimes, one event loop each). */
static unsigned
open_requests_max (PsWorker *w)
{
  PsSegmentRun *seg = w->seg;
  const PsScenario *s = &seg->scenario;
  unsigned open_max = s->inflight;

  if (s->inflight > 1 && s->io_delay_ns > 0)
    w->multiplexed = ps_deadline_heap_init (&w->io, s->inflight) == 0;
  if (!w->multiplexed)
    open_max = 1;
  /* A thread-local slot cannot hold more isolates across I/O than it owns. */
  if (s->io_while_holding && seg->max_held > 0 && open_max > seg->max_held)
    open_max = seg->max_held;
  return open_max;
}

static void
free_io (PsWorker *w)
{
  while (w->spare_io != NULL)
    {
      PsPendingIo *next = w->spare_io->next_spare;
      free (w->spare_io);
      w->spare_io = next;
    }
  if (w->multiplexed)
    ps_deadline_heap_clear (&w->io);
  w->multiplexed = false;
}

/* How often a running worker adds the kernel's figures to its counters, so that live samples can
 * break their window down too. One read of schedstat costs a few µs: 0.1% of a thread at this
 * period. A parked thread adds nothing until it wakes, but parked time is neither on a CPU nor
 * runnable, so a window misses at most one period of its CPU time. */
#define STATS_PERIOD_NS 5000000u

void
ps_worker_stats_begin (PsWorker *w)
{
  ps_thread_stats_read (&w->stats_at_start);
  w->stats_due_ticks = ps_clock_ticks () + ps_clock_ns_to_ticks (STATS_PERIOD_NS);
}

/* Adds what the kernel counted since the last flush. Thread: the worker's own. */
static void
stats_flush (PsWorker *w)
{
  PsThreadStats now;

  ps_thread_stats_read (&now);
  ps_counter_add (&w->counters->cpu_ns, now.cpu_ns - w->stats_at_start.cpu_ns);
  ps_counter_add (&w->counters->runnable_ns, now.runnable_ns - w->stats_at_start.runnable_ns);
  ps_counter_add (&w->counters->involuntary, now.involuntary - w->stats_at_start.involuntary);
  w->stats_at_start = now;
}

/* Flushes the kernel's figures once per STATS_PERIOD_NS. Thread: the worker's own. */
static void
stats_tick (PsWorker *w)
{
  uint64_t now = ps_clock_ticks ();

  if (now < w->stats_due_ticks)
    return;
  stats_flush (w);
  w->stats_due_ticks = now + ps_clock_ns_to_ticks (STATS_PERIOD_NS);
}

void
ps_worker_stats_end (PsWorker *w)
{
  stats_flush (w);
}

void
ps_worker_main (void *arg)
{
  PsWorker *w = arg;
  PsSegmentRun *seg = w->seg;
  unsigned open_max = open_requests_max (w);

  ps_worker_wait_start (seg);
  ps_worker_stats_begin (w);

  while (!ps_segment_stopping (seg))
    {
      if (w->io.count >= open_max)
        {
          wait_for_io (w);
          continue;
        }
      uint64_t timeout = next_timeout (w);
      if (timeout == 0)
        {
          run_due_io (w);
          continue;
        }

      PsTask task;
      PsNext r = seg->klass->next (w, &task, timeout);
      stats_tick (w);
      if (r == PS_NEXT_TASK)
        ps_worker_execute (w, &task);
      else if (r == PS_NEXT_EMPTY)
        run_due_io (w);
      else if (r == PS_NEXT_DONE)
        break;
    }

  /* Requests already started finish: their I/O is bounded by io_delay. */
  while (w->io.count > 0)
    wait_for_io (w);
  free_io (w);
  ps_worker_stats_end (w);
  ps_segment_thread_exit (seg);
}
