/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-run.h: one run of one or more strategies over one scenario, with live control.
 *
 * A run owns a controller thread with its own libuv loop. The controller starts each strategy's
 * threads, samples the per-thread counters every sample_ns into a single-producer ring, applies knob
 * changes at the next task boundary (closing the current segment and opening a new one) and, at the
 * end, joins every thread and builds the report.
 */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

#include <stdbool.h>
#include <stdint.h>

#include "ps-calibrate.h"
#include "ps-knobs.h"
#include "ps-scenario.h"

/* Latency percentiles, in microseconds. */
typedef struct
{
  double p50, p90, p99, p999, max;
} PsLatency;

/* The latency distribution, each power of two of nanoseconds split in two halves: bin 2k counts
 * the tasks whose latency lay in [2^k, 1.5 · 2^k) ns and bin 2k + 1 those in [1.5 · 2^k, 2^(k+1));
 * bin 0 also holds latencies below 1 ns. Read from the same histogram as the percentiles, whose
 * 16 buckets per power of two fall wholly in one half, so the bins add up to the tasks measured
 * and lose nothing but resolution. */
#define PS_LATENCY_BINS 128
typedef struct
{
  uint64_t counts[PS_LATENCY_BINS];
} PsLatencyBins;

/* Returns: the low end of latency bin @bin in nanoseconds. Thread: any. */
double ps_latency_bin_low_ns (unsigned bin);

/* Where the worker threads' time went, in percent of their wall time (threads × wall); the parts
 * add up to 100. From the kernel (/proc/thread-self/schedstat): `run` + `hold` is on a CPU,
 * `runnable` is ready but waiting for a CPU. The time off a CPU is split by why the engine blocked
 * the thread — `wait` (for an isolate, a lock, the GIL), `idle` (an empty queue, an arrival, a
 * poll tick), `io` (simulated I/O) — in proportion to the engine's wall-clock counters of each,
 * which also hold the moment after a wake-up the kernel already counts as runnable. `hold` is CPU
 * time spent holding a shared isolate or the GIL, at most all of it; `other` is the rest (no
 * thread in the slot, as between spawned threads, or bookkeeping). */
typedef struct
{
  double run, hold, wait, idle, io, runnable, other;
} PsTimeBreakdown;

/* What else the machine did while a strategy was measured. */
typedef struct
{
  double other_cpu_pct;          /* CPU time of other processes (/proc/stat) / (cores × wall) */
  uint64_t involuntary_switches; /* times the workers were preempted while runnable */
} PsInterference;

/* Above this share of the machine used by others, the figures may be off and reports say so. */
#define PS_INTERFERENCE_BUSY_PCT 10.0

/* The measures, exactly as DESIGN.md defines them. Percentages are 0–100. */
typedef struct
{
  uint64_t tasks_completed;
  double wall_s;                 /* wall time of the measured (non warm-up) part */
  double throughput_per_s;       /* tasks_completed / wall_s */
  PsLatency latency_us;          /* submit (entering the dispatch) to completion */
  PsLatencyBins latency_bins;    /* latency_us's whole distribution */
  PsLatency queue_us;            /* submit to the start of service: waiting in the dispatch */
  PsLatency service_us;          /* start of service (acquiring an isolate) to completion */
  uint64_t operations;           /* fork-join: operations completed (0 for other dispatches) */
  PsLatency operation_us;        /* fork-join: fork of an operation's K tasks to the end of the
                                  * last one, the time Dart's parallel map waits for */
  double wait_share_pct;         /* Σ time blocked acquiring an isolate or lock / Σ thread time */
  double contended_acq_pct;      /* acquisitions that found it taken / all acquisitions */
  double hold_share_pct;         /* Σ time the shared isolates were held / (wall × their number) */
  double gil_hold_share_pct;     /* time the GIL was held / wall (0 without a GIL) */
  double idle_share_pct;         /* Σ time parked on an empty queue / Σ thread time */
  double speedup;                /* throughput / single's throughput; NaN without `single` */
  double efficiency;             /* speedup / threads; NaN without `single` */
  uint64_t acquisitions;
  uint64_t contended_acquisitions;
  uint64_t isolates_created;
  uint64_t bytes_copied;
  uint64_t peak_isolate_bytes;   /* a segment's own peak; a total's is the largest of its segments */
  uint64_t cross_tenant_reuses;  /* an isolate that served tenant A then tenant B */
  double fairness;               /* Jain's index over per_thread_tasks: 1 = even, 1/n = one did all */
  uint64_t acquire_attempts;     /* tries to take a shared isolate or lock, each spin retry too */
  uint64_t steals;               /* `steal`: tasks an idle worker took from another's deque */
  uint64_t steal_attempts;       /* `steal`: looks into another worker's deque, found or not */
  uint64_t gil_switches;         /* with a GIL: forced hand-offs after the switch interval */
  double serialize_share_pct;    /* the producer's time serialising payloads / wall: the serial
                                  * part of message passing (serialize knob); 0 without one */
  PsTimeBreakdown time_breakdown_pct;
  /* The producer's (router, forker, spawner) own wall time split the same way: `wait` is its side
   * of a queue's lock, `idle` its waits for room, a join or a free batch. All 0 without one. */
  PsTimeBreakdown producer_breakdown_pct;
  PsInterference interference;
  uint64_t checksum;             /* sum over the tasks' results: order-independent */
  unsigned n_threads;            /* worker threads of the last segment */
  uint64_t threads_used;         /* every thread the strategy ran: workers plus its producer,
                                  * router or spawner; more than the cores means oversubscribed */
  double producer_cpu_pct;       /* the producer's (router's, spawner's) CPU time / wall; 0 if none */
  uint64_t *per_thread_tasks;    /* n_threads entries: tasks each worker slot ran */
  /* Open-loop runs (rate > 0): how late the load generator took each scheduled arrival. That
   * lateness is inside every latency, as it must be; it is reported so that a floor that comes
   * from waking the generator is not taken for the strategy's. 0 in closed runs. */
  double arrival_lag_mean_us;
  double arrival_lag_max_us;
} PsResult;

/* One live knob change, numbered in the order the run received them (from 1), so that a front-end
 * that hears of it from several strategies can tell it is the same change. */
typedef struct
{
  PsKnob knob;
  double value;
  uint64_t serial;
} PsKnobChange;

typedef struct
{
  unsigned index;                /* 0, 1, … within the strategy */
  bool warmup;                   /* excluded from the strategy's totals */
  PsKnob changed_knob;           /* the last knob whose change opened it; PS_KNOB_COUNT for the
                                  * first segment */
  double changed_value;
  /* Every change since the strategy's previous segment, in order, one per knob with its latest
   * value: two knobs changed while another strategy had its slice are both here. */
  unsigned n_changes;
  PsKnobChange changes[PS_KNOB_COUNT];
  double start_s;                /* since the run started */
  PsScenario scenario;           /* knobs in force during the segment */
  PsResult result;
} PsSegment;

typedef struct
{
  PsStrategy strategy;
  PsResult total;                /* every non warm-up segment together */
  unsigned n_segments;
  PsSegment *segments;
  uint64_t n_task_runs;          /* with track_tasks: one counter per task id, else 0 */
  uint32_t *task_runs;           /* how many times each task id ran (warm-up included) */
} PsStrategyReport;

typedef struct
{
  PsScenario scenario;           /* as started (knob changes are in the segments) */
  PsMachine machine;
  uint64_t input_span_bytes;     /* the bytes copied payloads were read from, as started: 4 chunks
                                  * when hot, over twice the last-level cache when cold */
  bool completed;                /* false when stopped early */
  uint64_t samples_dropped;      /* samples lost because the ring was full */
  unsigned n_strategies;
  PsStrategyReport *strategies;
} PsReport;

/* A live sample: POD, copied by value through the ring. */
typedef struct
{
  double t_s;                    /* since the run started */
  unsigned strategy;             /* index into the scenario's strategies */
  unsigned segment;
  bool warmup;
  unsigned threads;
  uint64_t tasks_completed;      /* cumulative for this strategy, warm-up included */
  double progress;               /* 0–1 of the whole run */
  double throughput_per_s;       /* over the last sample period */
  double latency_p50_us;         /* over the last sample period; NaN when no task finished */
  double latency_p99_us;
  double wait_share_pct;         /* over the last sample period */
  double contended_acq_pct;
  double hold_share_pct;
  double idle_share_pct;
  PsTimeBreakdown time_breakdown_pct;  /* over the last sample period; CPU and runnable time are
                                        * added every 5 ms by running workers */
  uint64_t isolates_live;
  uint64_t bytes_copied;         /* cumulative */
} PsSample;

typedef enum
{
  PS_EVENT_SEGMENT_OPENED,
  PS_EVENT_STRATEGY_FINISHED,
  PS_EVENT_RUN_FINISHED,
} PsEventKind;

typedef struct
{
  PsEventKind kind;
  unsigned strategy;
  unsigned segment;
  PsKnob changed_knob;           /* SEGMENT_OPENED: the last of changes[], as in PsSegment */
  double changed_value;
  double t_s;
  unsigned n_changes;            /* SEGMENT_OPENED: every change that opened the segment */
  PsKnobChange changes[PS_KNOB_COUNT];
} PsEvent;

/* Called on the run's controller thread: must not block; a GTK front-end uses g_idle_add_once. */
typedef void (*PsEventFunc) (const PsEvent *event, void *user_data);

typedef struct PsRun PsRun;

/**
 * ps_run_new:
 * @scenario: validated with ps_scenario_validate() first; copied
 * @on_event: (nullable): rare events
 * @user_data: for @on_event
 * @out: the new run, not started
 *
 * Cheap, so a front-end may call it on its UI thread: the machine's calibration (about 50 ms the
 * first time in a process) and the payload input (tens of MiB when cold) are prepared by the
 * run's own thread once started, before anything is measured; running out of memory there ends
 * the run with PS_ENOMEM from ps_run_wait().
 *
 * Returns: 0, the validation error code, or PS_ENOMEM.
 * Thread: any.
 */
int ps_run_new (const PsScenario *scenario, PsEventFunc on_event, void *user_data, PsRun **out);

/* Starts the controller thread. Returns 0, PS_ESTATE if already started, PS_ETHREAD. Thread: owner. */
int ps_run_start (PsRun *run);

/* Asks the run to stop: it ends within ~100 ms plus at most one task. Thread: any. */
void ps_run_stop (PsRun *run);

/**
 * ps_run_set_knob:
 *
 * Changes a live knob; applied at the next task boundary, which closes the current segment and
 * opens a new one.
 *
 * Returns: 0, PS_EINVAL (out of range or not a live knob; the run goes on unchanged), PS_ESTATE
 * when the run is over.
 * Thread: any.
 */
int ps_run_set_knob (PsRun *run, PsKnob knob, double value);

/* Pops the oldest live sample. Returns false when none is waiting. Thread: one consumer. */
bool ps_run_pop_sample (PsRun *run, PsSample *out);

/* Samples lost so far because the ring was full, counted as the consumer of ps_run_pop_sample()
 * finds them missing: final once the run has finished and the ring is drained. ps_run_wait()
 * copies it into the report's samples_dropped. Thread: any. */
uint64_t ps_run_get_samples_dropped (PsRun *run);

/* Whether the run has finished (report ready). Thread: any. */
bool ps_run_is_finished (PsRun *run);

/* Blocks until the run has finished. Returns 0, or PS_ECANCELED when it was stopped. Thread: owner. */
int ps_run_wait (PsRun *run);

/* Returns: (transfer none): the report, or NULL before the run finished. Thread: owner. */
const PsReport *ps_run_get_report (PsRun *run);

/* Stops if needed, joins every thread, frees everything. Thread: owner. */
void ps_run_free (PsRun *run);

/**
 * ps_run_scenario:
 *
 * Runs @scenario to the end on the calling thread's behalf (blocking) and returns its report.
 *
 * Returns: 0 or an error code; @out is set only on 0 and is freed with ps_report_free().
 * Thread: any.
 */
int ps_run_scenario (const PsScenario *scenario, PsReport **out);

/* Deep-copies a report. Thread: any. */
PsReport *ps_report_copy (const PsReport *report);

/* Frees a report from ps_run_scenario() or ps_report_copy(). Thread: any. */
void ps_report_free (PsReport *report);
