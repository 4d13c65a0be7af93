/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-worker.c */
#include "ps-worker.h"

#include <stdlib.h>
#include <time.h>

#include "ps-clock.h"
#include "ps-error.h"

struct PsPendingIo
{
  uv_timer_t timer;
  PsWorker *worker;
  PsTask task;
  uint64_t result;
  PsIsolate *held;          /* still held through the I/O (io_while_holding) */
  PsPendingIo *next_spare;
  PsPendingIo *next_all;
};

static void
complete (PsWorker *w, const PsTask *task, uint64_t result)
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
  uint64_t latency = now > task->submit_ticks ? now - task->submit_ticks : 0;

  ps_histogram_record (&w->counters->latency, (uint64_t) ps_clock_ticks_to_ns (latency));
  ps_counter_add (&w->counters->checksum, result);
  ps_counter_add (&w->counters->tasks, 1);
  if (ex->task_runs != NULL && task->id < ex->n_task_runs)
    atomic_fetch_add_explicit (&ex->task_runs[task->id], 1, memory_order_relaxed);
  if (seg->klass->task_done != NULL)
    seg->klass->task_done (w, task);
}

static void
release_isolate (PsWorker *w, PsIsolate *iso)
{
  PsProvision *p = w->seg->exec->provision;

  p->klass->release (p, w->slot, iso, w->counters);
}

static void
on_io_done (uv_timer_t *timer)
{
  PsPendingIo *io = timer->data;
  PsWorker *w = io->worker;

  if (io->held != NULL)
    release_isolate (w, io->held);
  io->held = NULL;
  complete (w, &io->task, io->result);
  w->pending--;
  io->next_spare = w->spare_io;
  w->spare_io = io;
}

static bool
start_io (PsWorker *w, const PsTask *task, uint64_t result, PsIsolate *held)
{
  PsPendingIo *io = w->spare_io;

  if (io != NULL)
    w->spare_io = io->next_spare;
  else
    {
      io = calloc (1, sizeof *io);
      if (io == NULL)
        return false;
      uv_timer_init (&w->loop, &io->timer);
      io->timer.data = io;
      io->worker = w;
      io->next_all = w->all_io;
      w->all_io = io;
    }
  io->task = *task;
  io->result = result;
  io->held = held;
  /* libuv timers count whole milliseconds: round up so the delay is never shorter. */
  uint64_t ms = (w->seg->scenario.io_delay_ns + 999999) / 1000000;
  /* Timers count from the loop's cached time, which is stale after the task's work: refresh it or
   * the I/O would be shortened by however long the task took. */
  uv_update_time (&w->loop);
  uv_timer_start (&io->timer, on_io_done, ms, 0);
  w->pending++;
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
ps_worker_execute (PsWorker *w, const PsTask *task)
{
  PsSegmentRun *seg = w->seg;
  PsExec *ex = seg->exec;
  const PsScenario *s = &seg->scenario;
  PsProvision *p = ex->provision;
  bool oom = false;

  PsIsolate *iso = p->klass->acquire (p, w->slot, task->tenant, w->counters, &oom);
  if (iso == NULL)
    {
      fail (w, PS_ENOMEM);
      return;
    }
  ps_isolate_enter (iso, task->tenant, w->counters);

  uint64_t gil_at = 0;
  if (s->gil)
    gil_at = ps_timed_lock_acquire (&ex->gil, w->counters);
  uint64_t result = ps_workload_run_body (s, ex->input, iso, task, seg->work_iterations,
                                          &p->budget, w->counters, &oom);
  if (s->gil)
    {
      ps_counter_add (&w->counters->hold_ticks, ps_clock_ticks () - gil_at);
      ps_timed_lock_release (&ex->gil);
    }
  if (oom)
    {
      release_isolate (w, iso);
      fail (w, PS_ENOMEM);
      return;
    }

  bool hold_through_io = s->io_while_holding && s->io_delay_ns > 0;
  if (!hold_through_io)
    {
      release_isolate (w, iso);
      iso = NULL;
    }

  if (s->io_delay_ns == 0)
    complete (w, task, result);
  else if (w->has_loop && start_io (w, task, result, iso))
    return;
  else
    {
      sleep_ns (s->io_delay_ns);
      if (iso != NULL)
        release_isolate (w, iso);
      complete (w, task, result);
    }
}

void
ps_worker_wait_start (PsSegmentRun *seg)
{
  ps_waitpoint_wait (&seg->start_gate, ps_segment_started, seg, UINT64_MAX);
}

/* The longest a worker may block for a new task before its earliest I/O timer is due. */
static uint64_t
next_timeout (PsWorker *w)
{
  if (w->pending == 0)
    return UINT64_MAX;
  uv_update_time (&w->loop);
  int ms = uv_backend_timeout (&w->loop);
  return ms < 0 ? UINT64_MAX : (uint64_t) ms * 1000000u;
}

static void
close_loop (PsWorker *w)
{
  for (PsPendingIo *io = w->all_io; io != NULL; io = io->next_all)
    uv_close ((uv_handle_t *) &io->timer, NULL);
  uv_run (&w->loop, UV_RUN_DEFAULT);
  uv_loop_close (&w->loop);
  while (w->all_io != NULL)
    {
      PsPendingIo *next = w->all_io->next_all;
      free (w->all_io);
      w->all_io = next;
    }
  w->spare_io = NULL;
  w->has_loop = false;
}

void
ps_worker_main (void *arg)
{
  PsWorker *w = arg;
  PsSegmentRun *seg = w->seg;
  const PsScenario *s = &seg->scenario;
  unsigned open_max = s->inflight;

  /* Several requests in flight only make sense while their I/O waits. */
  if (s->inflight > 1 && s->io_delay_ns > 0)
    w->has_loop = uv_loop_init (&w->loop) == 0;
  if (!w->has_loop)
    open_max = 1;
  /* A thread-local slot cannot hold more isolates across I/O than it owns. */
  if (s->io_while_holding && seg->max_held > 0 && open_max > seg->max_held)
    open_max = seg->max_held;

  ps_worker_wait_start (seg);

  while (!ps_segment_stopping (seg))
    {
      if (w->pending >= open_max)
        {
          uv_run (&w->loop, UV_RUN_ONCE);
          continue;
        }
      uint64_t timeout = next_timeout (w);
      if (timeout == 0)
        {
          uv_run (&w->loop, UV_RUN_NOWAIT);
          continue;
        }

      PsTask task;
      PsNext r = seg->klass->next (w, &task, timeout);
      if (r == PS_NEXT_TASK)
        ps_worker_execute (w, &task);
      else if (r == PS_NEXT_EMPTY && w->pending > 0)
        uv_run (&w->loop, UV_RUN_NOWAIT);
      else if (r == PS_NEXT_DONE)
        break;
    }

  /* Requests already started finish: their I/O is bounded by io_delay. */
  while (w->pending > 0)
    uv_run (&w->loop, UV_RUN_ONCE);
  if (w->has_loop)
    close_loop (w);
  ps_segment_thread_exit (seg);
}
