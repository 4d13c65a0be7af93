/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-run-private.h: the run's state, shared by the controller (ps-run.c) and the measuring code
 * (ps-run-measure.c). Everything here is owned by the controller thread unless a field says
 * otherwise. */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-run-private.h is internal to the engine: include <ps-engine.h>."
#endif

#include <pthread.h>
#include <stdatomic.h>
#include <uv.h>

#include "ps-dispatch.h"
#include "ps-ring.h"
#include "ps-run.h"

#define PS_RUN_MAX_COMMANDS 256

typedef struct
{
  PsKnob knob;
  double value;
} PsCommand;

/* A task's three latency histograms: the whole, its wait in the dispatch and its service; and the
 * time of whole fork-join operations. */
typedef struct
{
  PsHistogramSnapshot latency;
  PsHistogramSnapshot queued;
  PsHistogramSnapshot service;
  PsHistogramSnapshot operations;
} PsLatencySet;

/* A strategy's life in the run: its execution context and the totals of its measured segments. */
typedef struct
{
  PsExec exec;
  PsStrategyReport report;       /* segments grow as they close; total filled at the end */
  PsLatencySet total_latency;
  uint64_t *total_per_slot;      /* owned: tasks per slot over measured segments */
  unsigned total_slots;
  /* Tick sums over measured segments, the denominators and numerators of the shares. */
  double measured_ticks;         /* wall */
  double thread_ticks;           /* Σ workers × wall */
  double capacity_ticks;         /* Σ shared isolates × wall, for the hold share */
  double wait_ticks, hold_ticks, idle_ticks, gil_hold_ticks;
  double producer_ticks;         /* the producer's CPU time */
  double serialize_ticks;        /* the producer's time serialising payloads */
  PsTimeBreakdown breakdown;     /* in ticks, summed over measured segments */
  PsTimeBreakdown pending_breakdown; /* the segment just measured, in ticks */
  PsTimeBreakdown producer_breakdown; /* the producer's, in ticks, over measured segments */
  PsTimeBreakdown pending_producer_breakdown;
  double producer_wall_ticks;    /* measured time of the segments that had a producer */
  double other_cpu_ticks;        /* Σ other_cpu_pct × wall, for the wall-weighted mean */
  double arrival_lag_sum_ns;     /* open loop: Σ lateness of the arrivals taken */
  uint64_t arrivals_taken;
  /* The segment just measured, waiting to be accumulated. */
  uint64_t pending_wait, pending_hold, pending_idle, pending_gil_hold;
  unsigned pending_capacity;
  uint64_t tasks_before_segment; /* tasks of closed segments, warm-up included (samples) */
  uint64_t bytes_before_segment;
  double elapsed_s;              /* measured and warm-up time so far (progress of timed runs) */
  bool in_warmup;
  bool finished;
  unsigned n_pending;            /* the changes that open its next segment */
  PsKnobChange pending[PS_KNOB_COUNT];
} PsStrategyRun;

/* The sampler's view of the segment it watches. */
typedef struct
{
  uint64_t at_ticks;
  uint64_t tasks, wait, hold, idle, acquisitions, contended, bytes_copied;
  uint64_t gil_hold, io, cpu_ns, runnable_ns;   /* for the window's time breakdown */
  PsHistogramSnapshot latency;
} PsSamplePoint;

struct PsRun
{
  PsScenario initial;
  PsScenario current;            /* knobs in force */
  PsEventFunc on_event;
  void *user_data;

  uv_thread_t thread;
  bool thread_started;           /* the controller thread exists and is not joined yet */
  bool started_once;
  uv_loop_t loop;
  uv_async_t wake;
  uv_timer_t sampler;
  uv_timer_t deadline;
  bool deadline_hit;             /* set by the deadline timer */

  PsRing ring;                   /* samples: produced here, consumed by the front-end */

  pthread_mutex_t commands_lock;
  /* Guarded by commands_lock. */
  PsCommand commands[PS_RUN_MAX_COMMANDS];
  unsigned n_commands;
  uint64_t changes_applied;      /* controller: the serial of the last change applied */
  PsScenario requested;          /* current + queued changes: what new changes validate against */
  bool accepting;                /* wake is alive: API calls may uv_async_send it */

  /* Set (seq_cst, so at least release) by ps_run_stop() on any thread; read (seq_cst, so at
   * least acquire) by the controller in run_segment() after each uv_run. It publishes nothing but
   * itself: the uv_async_send that follows the store only wakes the controller to look. */
  _Atomic bool stop_requested;
  /* Set once, as the controller thread's last write to the run (controller_main(), after
   * build_report() and after the loop is closed); its release half publishes run->report (and
   * everything in it) and run->result. Pairs with the acquire half of the loads in
   * ps_run_get_report() and ps_run_is_finished(): a thread that sees true may read the report.
   * ps_run_set_knob() also reads it, under commands_lock, where `accepting` is the real guard. */
  _Atomic bool finished;

  PsInput input;
  PsTenantTable tenants;
  PsMachine machine;
  uint64_t start_ticks;

  PsStrategyRun *strategies;     /* owned: initial.n_strategies */
  PsSegmentRun *segment;         /* the segment running now, or NULL */
  unsigned segment_strategy;
  PsSamplePoint last_sample;

  PsReport *report;              /* owned, built when the run ends */
  int result;
};

/* ps-run-measure.c */
void ps_run_measure_segment (PsRun *run, PsStrategyRun *st, PsSegmentRun *seg, PsResult *out,
                             PsLatencySet *latency);
void ps_run_accumulate (PsStrategyRun *st, PsSegmentRun *seg, const PsResult *segment_result,
                        const PsLatencySet *latency);
void ps_run_finish_totals (PsRun *run);
void ps_run_sample_reset (PsRun *run, PsSegmentRun *seg);
/* Pushes a live sample of the running segment; @closing: its last one, after its threads left. */
void ps_run_sample (PsRun *run, bool closing);
double ps_run_elapsed_s (PsRun *run);
