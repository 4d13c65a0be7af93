/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-run.c: the run's controller thread and its public API.
 *
 * The controller owns a libuv loop with three handles: an async (commands, stop, a segment that
 * ended), the sampler timer and a deadline timer (time slices, timed runs). It runs one segment at a
 * time: opens it, sleeps in uv_run until something happens, and closes it. Workers never wait for
 * the controller, so a slow front-end cannot slow a measurement down.
 */
#include "ps-run-private.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ps-calibrate.h"
#include "ps-clock.h"
#include "ps-error.h"
#include "ps-report-private.h"
#include "ps-worker.h"

#define SAMPLE_RING_CAPACITY 4096

typedef enum
{
  SEGMENT_TASKS_DONE,  /* every task below the limit ran */
  SEGMENT_TIME_UP,     /* its deadline passed */
  SEGMENT_KNOB,        /* a knob changed: the strategy goes on in a new segment */
  SEGMENT_STOPPED,     /* the run was stopped */
  SEGMENT_FAILED,      /* run->result holds the error */
} SegmentEnd;

static void
emit (PsRun *run, PsEventKind kind, unsigned strategy, const PsSegment *opened)
{
  if (run->on_event == NULL)
    return;
  PsEvent event = { kind, strategy, 0, PS_KNOB_COUNT, 0, ps_run_elapsed_s (run), 0, { { 0 } } };
  if (opened != NULL)
    {
      event.segment = opened->index;
      event.changed_knob = opened->changed_knob;
      event.changed_value = opened->changed_value;
      event.n_changes = opened->n_changes;
      memcpy (event.changes, opened->changes, opened->n_changes * sizeof (PsKnobChange));
    }
  run->on_event (&event, run->user_data);
}

static void
on_wake (uv_async_t *handle)
{
  /* Nothing to do here: the controller looks at every flag after each uv_run. */
}

static void
on_sample (uv_timer_t *timer)
{
  ps_run_sample (timer->data, false);
}

static void
on_deadline (uv_timer_t *timer)
{
  PsRun *run = timer->data;

  run->deadline_hit = true;
}

/* Takes the oldest queued knob change, if any. */
static bool
pop_command (PsRun *run, PsCommand *out)
{
  bool any;

  pthread_mutex_lock (&run->commands_lock);
  assert (run->n_commands <= PS_RUN_MAX_COMMANDS);
  any = run->n_commands > 0;
  if (any)
    {
      *out = run->commands[0];
      memmove (run->commands, run->commands + 1, --run->n_commands * sizeof (PsCommand));
    }
  pthread_mutex_unlock (&run->commands_lock);
  return any;
}

static bool
commands_waiting (PsRun *run)
{
  pthread_mutex_lock (&run->commands_lock);
  bool any = run->n_commands > 0;
  pthread_mutex_unlock (&run->commands_lock);
  return any;
}

/* Applies a knob change to the run's shared inputs. Runs between segments only. */
static int
apply_command (PsRun *run, const PsCommand *cmd)
{
  PsScenario next = run->current;
  int r = ps_knob_set (&next, cmd->knob, cmd->value);

  if (r != 0)
    return r;
  if (next.payload_bytes != run->current.payload_bytes
      && !ps_input_prepare (&run->input, next.seed, next.payload_bytes, next.payload_source))
    return PS_ENOMEM;
  if ((next.tenants != run->current.tenants || next.skew != run->current.skew)
      && !ps_tenant_table_prepare (&run->tenants, next.tenants, next.skew))
    return PS_ENOMEM;
  run->current = next;
  return 0;
}

/* Grows the strategy's counters to @n slots (64-byte aligned), zeroing all of them. */
static int
prepare_counters (PsExec *ex, unsigned n)
{
  if (n > ex->n_counters)
    {
      PsCounters *grown = aligned_alloc (64, n * sizeof (PsCounters));
      if (grown == NULL)
        return PS_ENOMEM;
      free (ex->counters);
      ex->counters = grown;
      ex->n_counters = n;
    }
  for (unsigned i = 0; i < ex->n_counters; i++)
    ps_counters_reset (&ex->counters[i]);
  return 0;
}

static bool
append_segment (PsStrategyRun *st, const PsSegment *segment)
{
  PsStrategyReport *rep = &st->report;
  PsSegment *grown = realloc (rep->segments, (rep->n_segments + 1) * sizeof (PsSegment));

  if (grown == NULL)
    return false;
  rep->segments = grown;
  rep->segments[rep->n_segments++] = *segment;
  return true;
}

/**
 * run_segment:
 * @limit: exclusive task id limit
 * @time_ns: the segment's deadline from its start, 0 for none
 *
 * Opens a segment of @st under the current knobs, waits for it to end, measures it and closes it.
 */
static SegmentEnd
run_segment (PsRun *run, unsigned index, bool warmup, uint64_t limit, uint64_t time_ns)
{
  PsStrategyRun *st = &run->strategies[index];
  PsExec *ex = &st->exec;
  PsSegmentRun *seg = calloc (1, sizeof *seg);
  SegmentEnd end;
  int r;

  if (seg == NULL)
    {
      run->result = PS_ENOMEM;
      return SEGMENT_FAILED;
    }
  /* One segment at a time: the previous one was closed before this one opens. */
  assert (run->segment == NULL);
  seg->klass = ps_dispatch_class_for (ex->strategy.dispatch);
  seg->exec = ex;
  seg->scenario = run->current;
  ps_strategy_apply_knobs (&ex->strategy, &seg->scenario);
  seg->limit = limit;
  seg->work_iterations = ps_workload_iterations_for (seg->scenario.work_ns);
  seg->n_workers = ps_dispatch_slots (ex->strategy.dispatch, &seg->scenario);

  /* One slot per worker and one for the producer. */
  if ((r = prepare_counters (ex, seg->n_workers + 1)) != 0
      || (r = ps_provision_configure (ex->provision, &seg->scenario, seg->n_workers)) != 0)
    {
      free (seg);
      run->result = r;
      return SEGMENT_FAILED;
    }
  seg->max_held = ex->provision->max_held_per_slot;
  ps_isolate_budget_reset_peak (&ex->provision->budget);

  PsSegment record = { 0 };
  record.index = st->report.n_segments;
  record.warmup = warmup;
  record.n_changes = st->n_pending;
  memcpy (record.changes, st->pending, st->n_pending * sizeof (PsKnobChange));
  record.changed_knob = st->n_pending ? st->pending[st->n_pending - 1].knob : PS_KNOB_COUNT;
  record.changed_value = st->n_pending ? st->pending[st->n_pending - 1].value : 0;
  record.start_s = ps_run_elapsed_s (run);
  record.scenario = seg->scenario;
  st->n_pending = 0;
  st->in_warmup = warmup;

  ps_machine_load_read (&seg->load_at_start);
  r = ps_segment_start (seg);
  if (r != 0)
    {
      free (seg);
      run->result = r;
      return SEGMENT_FAILED;
    }
  /* The slice's clock starts once its threads exist: creating them can take longer than a short
   * slice (under a sanitizer, say), and that time is not the strategy's. */
  run->deadline_hit = false;
  /* The loop's clock is the time of its last iteration, before the segment was set up: a timer
   * started from it fires that much early, and a short slice could end before its threads ran
   * a task, slice after slice. */
  uv_update_time (&run->loop);
  if (time_ns > 0)
    uv_timer_start (&run->deadline, on_deadline, (time_ns + 999999) / 1000000, 0);
  run->segment = seg;
  run->segment_strategy = index;
  ps_run_sample_reset (run, seg);
  emit (run, PS_EVENT_SEGMENT_OPENED, index, &record);

  for (;;)
    {
      if (atomic_load (&run->stop_requested))
        {
          end = SEGMENT_STOPPED;
          break;
        }
      if (ps_segment_done (seg))
        {
          end = SEGMENT_TASKS_DONE;
          break;
        }
      if (atomic_load (&ex->error) != 0)
        {
          end = SEGMENT_FAILED;
          break;
        }
      if (run->deadline_hit)
        {
          end = SEGMENT_TIME_UP;
          break;
        }
      if (commands_waiting (run))
        {
          end = SEGMENT_KNOB;
          break;
        }
      uv_run (&run->loop, UV_RUN_ONCE);
    }

  ps_segment_request_stop (seg);
  ps_segment_finish (seg);
  ps_machine_load_read (&seg->load_at_end);
  uv_timer_stop (&run->deadline);
  ps_run_sample (run, true);
  run->segment = NULL;

  int error = atomic_load (&ex->error);
  if (error != 0)
    {
      run->result = error;
      end = SEGMENT_FAILED;
    }
  /* A segment that ran out of tasks only because its threads left early is still "done" only if
   * the source agrees. */
  if (end == SEGMENT_TASKS_DONE && !ps_task_source_exhausted (&ex->source, limit))
    end = SEGMENT_TIME_UP;

  PsLatencySet *latency = calloc (1, sizeof *latency);
  if (latency == NULL)
    {
      free (seg);
      run->result = PS_ENOMEM;
      return SEGMENT_FAILED;
    }
  ps_run_measure_segment (run, st, seg, &record.result, latency);
  if (!warmup)
    ps_run_accumulate (st, seg, &record.result, latency);
  free (latency);
  st->tasks_before_segment += record.result.tasks_completed;
  st->bytes_before_segment += record.result.bytes_copied;
  st->elapsed_s += record.result.wall_s;
  if (!append_segment (st, &record))
    {
      free (record.result.per_thread_tasks);
      run->result = PS_ENOMEM;
      end = SEGMENT_FAILED;
    }
  free (seg);
  return end;
}

/* Notes @change for the strategy's next segment: a knob changed again since then keeps its place
 * and takes the new value, so the list holds each knob once. */
static void
note_pending_change (PsStrategyRun *st, const PsKnobChange *change)
{
  for (unsigned k = 0; k < st->n_pending; k++)
    if (st->pending[k].knob == change->knob)
      {
        st->pending[k].value = change->value;
        st->pending[k].serial = change->serial;
        return;
      }
  st->pending[st->n_pending++] = *change;
}

/* Applies every queued knob change at once (they all came while the segment ran, so one new
 * segment reflects them all) and marks every strategy's next segment with each of them: a strategy
 * waiting for its slice must learn of all the changes made meanwhile, not only the last. */
static SegmentEnd
take_commands (PsRun *run)
{
  PsCommand cmd;

  while (pop_command (run, &cmd))
    {
      int r = apply_command (run, &cmd);
      if (r != 0)
        {
          run->result = r;
          return SEGMENT_FAILED;
        }
      PsKnobChange change = { cmd.knob, cmd.value, ++run->changes_applied };
      for (unsigned i = 0; i < run->initial.n_strategies; i++)
        note_pending_change (&run->strategies[i], &change);
    }
  return SEGMENT_KNOB;
}

/* Runs segments of one strategy until @limit tasks ran or @time_ns of segments passed. Returns
 * how it ended: TASKS_DONE or TIME_UP when the goal is met, STOPPED or FAILED otherwise. */
static SegmentEnd
run_until (PsRun *run, unsigned index, bool warmup, uint64_t limit, uint64_t time_ns)
{
  double spent_s = 0;

  for (;;)
    {
      uint64_t left_ns = 0;
      if (time_ns > 0)
        {
          double left = (double) time_ns - spent_s * 1e9;
          if (left < 1e6)
            return SEGMENT_TIME_UP;
          left_ns = (uint64_t) left;
        }
      double before = run->strategies[index].elapsed_s;
      SegmentEnd end = run_segment (run, index, warmup, limit, left_ns);
      spent_s += run->strategies[index].elapsed_s - before;
      if (end == SEGMENT_KNOB)
        end = take_commands (run);
      /* A task-count goal is met only when the source is dry; a segment whose threads left
       * early is followed by another. */
      if (end == SEGMENT_TIME_UP && time_ns == 0
          && !ps_task_source_exhausted (&run->strategies[index].exec.source, limit))
        continue;
      if (end != SEGMENT_KNOB)
        return end;
    }
}

static SegmentEnd
run_warmup (PsRun *run, unsigned index)
{
  const PsScenario *s = &run->initial;

  if (s->warmup_tasks > 0)
    return run_until (run, index, true, s->warmup_tasks, 0);
  if (s->warmup_ns > 0)
    return run_until (run, index, true, UINT64_MAX, s->warmup_ns);
  return SEGMENT_TASKS_DONE;
}

static uint64_t
measured_limit (const PsScenario *s)
{
  return s->tasks > 0 ? s->warmup_tasks + s->tasks : UINT64_MAX;
}

static SegmentEnd
run_sequential (PsRun *run)
{
  const PsScenario *s = &run->initial;

  for (unsigned i = 0; i < s->n_strategies; i++)
    {
      SegmentEnd end = run_warmup (run, i);
      if (end == SEGMENT_STOPPED || end == SEGMENT_FAILED)
        return end;
      end = run_until (run, i, false, measured_limit (s), s->duration_ns);
      if (end == SEGMENT_STOPPED || end == SEGMENT_FAILED)
        return end;
      run->strategies[i].finished = true;
      emit (run, PS_EVENT_STRATEGY_FINISHED, i, NULL);
    }
  return SEGMENT_TASKS_DONE;
}

/* Strategies take turns in slices of interleave_ns, so on a small machine each one sees the same
 * background load and a live race between them is fair. */
static SegmentEnd
run_interleaved (PsRun *run)
{
  const PsScenario *s = &run->initial;
  unsigned left = s->n_strategies;

  for (unsigned i = 0; i < s->n_strategies; i++)
    {
      SegmentEnd end = run_warmup (run, i);
      if (end == SEGMENT_STOPPED || end == SEGMENT_FAILED)
        return end;
    }
  while (left > 0)
    for (unsigned i = 0; i < s->n_strategies; i++)
      {
        PsStrategyRun *st = &run->strategies[i];
        if (st->finished)
          continue;
        uint64_t slice = run->current.interleave_ns;
        if (s->duration_ns > 0)
          {
            double left_ns = (double) s->duration_ns - st->measured_ticks / ps_clock_ticks_per_ns;
            if (left_ns < (double) slice)
              slice = left_ns > 1e6 ? (uint64_t) left_ns : 1000000;
          }
        SegmentEnd end = run_segment (run, i, false, measured_limit (s), slice);
        if (end == SEGMENT_KNOB)
          end = take_commands (run);
        if (end == SEGMENT_STOPPED || end == SEGMENT_FAILED)
          return end;
        bool time_done = s->duration_ns > 0
                         && st->measured_ticks / ps_clock_ticks_per_ns >= (double) s->duration_ns - 1e6;
        if ((end == SEGMENT_TASKS_DONE && s->tasks > 0) || time_done)
          {
            st->finished = true;
            left--;
            emit (run, PS_EVENT_STRATEGY_FINISHED, i, NULL);
          }
      }
  return SEGMENT_TASKS_DONE;
}

static void
build_report (PsRun *run, bool completed)
{
  PsReport *rep = calloc (1, sizeof *rep);

  ps_run_finish_totals (run);
  if (rep == NULL)
    return;
  rep->scenario = run->initial;
  rep->machine = run->machine;
  rep->input_span_bytes = ps_input_span_bytes (run->initial.payload_bytes,
                                               run->initial.payload_source);
  rep->completed = completed;
  rep->n_strategies = run->initial.n_strategies;
  rep->strategies = calloc (rep->n_strategies, sizeof (PsStrategyReport));
  if (rep->strategies == NULL)
    {
      free (rep);
      return;
    }
  /* The report takes over what the strategies built. */
  for (unsigned i = 0; i < rep->n_strategies; i++)
    {
      PsStrategyRun *st = &run->strategies[i];
      rep->strategies[i] = st->report;
      memset (&st->report, 0, sizeof st->report);
      if (st->exec.task_runs != NULL)
        {
          rep->strategies[i].n_task_runs = st->exec.n_task_runs;
          rep->strategies[i].task_runs = malloc (st->exec.n_task_runs * sizeof (uint32_t));
          if (rep->strategies[i].task_runs != NULL)
            for (uint64_t t = 0; t < st->exec.n_task_runs; t++)
              rep->strategies[i].task_runs[t] = atomic_load (&st->exec.task_runs[t]);
        }
    }
  run->report = rep;
}

static void
controller_main (void *arg)
{
  PsRun *run = arg;
  SegmentEnd end = SEGMENT_FAILED;

  /* The slow preparation happens here rather than in ps_run_new(), which a front-end calls on
   * its UI thread: the window froze 190-333 ms on the first Run while this calibrated. */
  ps_calibrate (&run->machine);
  if (!ps_input_prepare (&run->input, run->initial.seed, run->initial.payload_bytes,
                         run->initial.payload_source))
    run->result = PS_ENOMEM;
  else
    {
      run->start_ticks = ps_clock_ticks ();
      uint64_t sample_ms = run->initial.sample_ns / 1000000;
      uv_timer_start (&run->sampler, on_sample, sample_ms ? sample_ms : 1,
                      sample_ms ? sample_ms : 1);

      if (run->initial.order == PS_ORDER_INTERLEAVED)
        end = run_interleaved (run);
      else
        end = run_sequential (run);
    }

  uv_timer_stop (&run->sampler);
  if (end == SEGMENT_STOPPED && run->result == 0)
    run->result = PS_ECANCELED;
  build_report (run, end != SEGMENT_STOPPED && end != SEGMENT_FAILED);
  if (run->report == NULL && run->result == 0)
    run->result = PS_ENOMEM;
  /* The workers are gone and no knob change can come: the input (tens of MiB when cold) goes
   * now, not when the run is freed. A front-end keeps a finished run for its report, and while
   * the run held the process's cached input every later run with another payload rebuilt its
   * own (a window sweep after a Run: 10 s became minutes). */
  ps_input_clear (&run->input);

  /* Close the async under the lock so no API call sends to a dead handle. */
  pthread_mutex_lock (&run->commands_lock);
  run->accepting = false;
  pthread_mutex_unlock (&run->commands_lock);
  uv_close ((uv_handle_t *) &run->wake, NULL);
  uv_close ((uv_handle_t *) &run->sampler, NULL);
  uv_close ((uv_handle_t *) &run->deadline, NULL);
  uv_run (&run->loop, UV_RUN_DEFAULT);
  uv_loop_close (&run->loop);

  atomic_store (&run->finished, true);
  emit (run, PS_EVENT_RUN_FINISHED, 0, NULL);
}

static int
strategy_init (PsRun *run, unsigned index)
{
  PsStrategyRun *st = &run->strategies[index];
  const PsScenario *s = &run->initial;
  PsExec *ex = &st->exec;

  st->report.strategy = s->strategies[index];
  st->n_pending = 0;
  ex->strategy = s->strategies[index];
  ex->provision = ps_provision_new (ex->strategy.isolates_mode);
  if (ex->provision == NULL)
    return PS_ENOMEM;
  ps_task_source_init (&ex->source, measured_limit (s));
  ps_timed_lock_init (&ex->gil);
  ex->input = &run->input;
  ex->tenants = &run->tenants;
  ex->wake = &run->wake;
  atomic_init (&ex->error, 0);
  if (s->track_tasks && s->tasks > 0)
    {
      ex->n_task_runs = s->warmup_tasks + s->tasks;
      ex->task_runs = calloc (ex->n_task_runs, sizeof (_Atomic uint32_t));
      if (ex->task_runs == NULL)
        return PS_ENOMEM;
    }
  return 0;
}

static void
strategy_clear (PsStrategyRun *st)
{
  PsExec *ex = &st->exec;

  ps_provision_free (ex->provision);
  ps_task_source_clear (&ex->source);
  ps_timed_lock_clear (&ex->gil);
  free (ex->counters);
  free ((void *) ex->task_runs);
  free (st->total_per_slot);
  ps_strategy_report_clear (&st->report);
}

int
ps_run_new (const PsScenario *scenario, PsEventFunc on_event, void *user_data, PsRun **out)
{
  int r = ps_scenario_validate (scenario, NULL);

  *out = NULL;
  if (r != 0)
    return r;

  PsRun *run = calloc (1, sizeof *run);
  if (run == NULL)
    return PS_ENOMEM;
  run->initial = run->current = run->requested = *scenario;
  /* The seeds' short runs built their isolates inside the timed part: with count_creation there
   * is no warm-up, and the report says so. */
  if (scenario->count_creation)
    {
      run->initial.warmup_tasks = run->initial.warmup_ns = 0;
      run->current = run->requested = run->initial;
    }
  run->on_event = on_event;
  run->user_data = user_data;
  pthread_mutex_init (&run->commands_lock, NULL);
  atomic_init (&run->stop_requested, false);
  atomic_init (&run->finished, false);

  ps_clock_init ();

  run->strategies = calloc (scenario->n_strategies, sizeof (PsStrategyRun));
  if (run->strategies == NULL || ps_ring_init (&run->ring, SAMPLE_RING_CAPACITY) != 0
      || !ps_tenant_table_prepare (&run->tenants, scenario->tenants, scenario->skew))
    {
      ps_run_free (run);
      return PS_ENOMEM;
    }
  for (unsigned i = 0; i < scenario->n_strategies; i++)
    if ((r = strategy_init (run, i)) != 0)
      {
        ps_run_free (run);
        return r;
      }

  *out = run;
  return 0;
}

int
ps_run_start (PsRun *run)
{
  /* A run runs once: its report and counters belong to that one run. */
  if (run->started_once)
    return PS_ESTATE;
  assert (!run->thread_started);
  if (uv_loop_init (&run->loop) != 0)
    return PS_ETHREAD;
  uv_async_init (&run->loop, &run->wake, on_wake);
  uv_timer_init (&run->loop, &run->sampler);
  uv_timer_init (&run->loop, &run->deadline);
  run->sampler.data = run;
  run->deadline.data = run;
  run->accepting = true;

  if (uv_thread_create (&run->thread, controller_main, run) != 0)
    {
      run->accepting = false;
      uv_close ((uv_handle_t *) &run->wake, NULL);
      uv_close ((uv_handle_t *) &run->sampler, NULL);
      uv_close ((uv_handle_t *) &run->deadline, NULL);
      uv_run (&run->loop, UV_RUN_DEFAULT);
      uv_loop_close (&run->loop);
      return PS_ETHREAD;
    }
  run->thread_started = true;
  run->started_once = true;
  return 0;
}

static void
poke (PsRun *run)
{
  pthread_mutex_lock (&run->commands_lock);
  if (run->accepting)
    uv_async_send (&run->wake);
  pthread_mutex_unlock (&run->commands_lock);
}

void
ps_run_stop (PsRun *run)
{
  atomic_store (&run->stop_requested, true);
  poke (run);
}

int
ps_run_set_knob (PsRun *run, PsKnob knob, double value)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  int r = 0;

  if (info == NULL || !info->live)
    return PS_EINVAL;

  pthread_mutex_lock (&run->commands_lock);
  if (!run->accepting || atomic_load (&run->finished))
    r = PS_ESTATE;
  else if (run->n_commands == PS_RUN_MAX_COMMANDS)
    r = PS_ESTATE;
  else
    {
      /* Validate against the knobs as they will be once every queued change is applied. */
      PsScenario next = run->requested;
      r = ps_knob_set (&next, knob, value);
      if (r == 0)
        r = ps_scenario_validate (&next, NULL);
      if (r == 0)
        {
          run->requested = next;
          run->commands[run->n_commands++] = (PsCommand) { knob, value };
          assert (run->n_commands <= PS_RUN_MAX_COMMANDS);
          uv_async_send (&run->wake);
        }
    }
  pthread_mutex_unlock (&run->commands_lock);
  return r;
}

bool
ps_run_pop_sample (PsRun *run, PsSample *out)
{
  return ps_ring_pop (&run->ring, out);
}

uint64_t
ps_run_get_samples_dropped (PsRun *run)
{
  return ps_ring_dropped (&run->ring);
}

bool
ps_run_is_finished (PsRun *run)
{
  return atomic_load (&run->finished);
}

int
ps_run_wait (PsRun *run)
{
  if (!run->thread_started)
    return PS_ESTATE;
  uv_thread_join (&run->thread);
  /* The controller's last act is to mark the run finished: a joined run always is. */
  assert (atomic_load (&run->finished));
  run->thread_started = false;
  if (run->report != NULL)
    run->report->samples_dropped = ps_ring_dropped (&run->ring);
  return run->result;
}

const PsReport *
ps_run_get_report (PsRun *run)
{
  return atomic_load (&run->finished) ? run->report : NULL;
}

void
ps_run_free (PsRun *run)
{
  if (run == NULL)
    return;
  if (run->thread_started)
    {
      ps_run_stop (run);
      ps_run_wait (run);
    }
  if (run->strategies != NULL)
    for (unsigned i = 0; i < run->initial.n_strategies; i++)
      strategy_clear (&run->strategies[i]);
  free (run->strategies);
  ps_report_free (run->report);
  ps_ring_clear (&run->ring);
  ps_input_clear (&run->input);
  ps_tenant_table_clear (&run->tenants);
  pthread_mutex_destroy (&run->commands_lock);
  free (run);
}

int
ps_run_scenario (const PsScenario *scenario, PsReport **out)
{
  PsRun *run;
  int r;

  *out = NULL;
  if ((r = ps_run_new (scenario, NULL, NULL, &run)) != 0)
    return r;
  if ((r = ps_run_start (run)) == 0)
    r = ps_run_wait (run);
  if (r == 0)
    {
      *out = run->report;
      run->report = NULL;
    }
  ps_run_free (run);
  return r;
}
