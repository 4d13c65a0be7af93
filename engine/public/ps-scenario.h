/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-scenario.h: everything a run is made of, as plain data.
 *
 * A PsScenario is a caller-visible struct so that front-ends (CLI, window, presets, sweeps) can fill
 * it directly, but every field is also reachable by name through the knob table (ps-knobs.h), which
 * is the one place that knows ranges, units and help text.
 */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PS_MAX_STRATEGIES 16
#define PS_MAX_THREADS 1024
#define PS_MAX_ISOLATES 65536
#define PS_STRATEGY_NAME_MAX 96
#define PS_STRATEGY_MAX_OVERRIDES 8

/* How a task reaches a thread. */
typedef enum
{
  PS_DISPATCH_INLINE,       /* the run's single worker thread does everything */
  PS_DISPATCH_SPAWN,        /* a new OS thread per task (makeParallel's `parallel`) */
  PS_DISPATCH_OWN_LOOP,     /* N threads each run their own loop, barrier start (OpenWorkers) */
  PS_DISPATCH_SHARED_QUEUE, /* N workers, one mutex + condvar queue */
  PS_DISPATCH_STICKY,       /* per-thread queues, routed by hash(tenant) % N */
  PS_DISPATCH_STEAL,        /* per-worker Chase–Lev deques, idle workers steal */
  PS_DISPATCH_BATCHED,      /* shared queue fed in batches of B, at most D batches in flight */
  PS_DISPATCH_OWN_TENANTS,  /* N threads, own loops, each generating only its own tenants' tasks
                             * (OpenWorkers' thread-pinned pool: no router) */
  PS_DISPATCH_FORK_JOIN,    /* one task to each of the N workers, wait for all, repeat (Dart's
                             * parallel map over 4 isolates) */
  PS_DISPATCH_COUNT
} PsDispatchKind;

/* How a task gets its execution context. */
typedef enum
{
  PS_ISOLATES_FRESH,        /* create, use, destroy per task */
  PS_ISOLATES_SHARED_POOL,  /* I isolates in one global pool behind one mutex */
  PS_ISOLATES_THREAD_LOCAL, /* each thread owns I isolates, no lock */
  PS_ISOLATES_COUNT
} PsIsolatesKind;

/* How the payload enters the isolate. */
typedef enum
{
  PS_TRANSFER_COPY,          /* serialise into the isolate heap, then decode */
  PS_TRANSFER_MOVE,          /* ownership handed over, zero-copy (Isolate.exit) */
  PS_TRANSFER_CAPTURE_WHOLE, /* the whole input copied per task (Dart closure capture quirk) */
  PS_TRANSFER_COUNT
} PsTransfer;

typedef enum
{
  PS_AFFINITY_ANY,    /* any isolate serves any tenant */
  PS_AFFINITY_TENANT, /* an isolate serves one tenant; LRU eviction destroys and recreates */
  PS_AFFINITY_COUNT
} PsAffinity;

typedef enum
{
  PS_ACQUIRE_BLOCK, /* wait on a condition variable for a free isolate */
  PS_ACQUIRE_SPIN,  /* sleep spin_ns and retry, as the OpenWorkers benchmark did */
  PS_ACQUIRE_FIFO,  /* wait in line: a released isolate goes to the longest waiter */
  PS_ACQUIRE_COUNT
} PsAcquire;

/* When tasks arrive in an open-loop run (rate > 0). */
typedef enum
{
  PS_ARRIVALS_CONSTANT, /* evenly spaced, 1/rate apart */
  PS_ARRIVALS_POISSON,  /* exponential gaps of mean 1/rate, drawn from the seed */
  PS_ARRIVALS_COUNT
} PsArrivals;

/* Where the bytes a task copies come from. */
typedef enum
{
  PS_PAYLOAD_SOURCE_COLD, /* sources spanning more than the last-level cache, as a server's data */
  PS_PAYLOAD_SOURCE_HOT,  /* a few chunks that stay in cache */
  PS_PAYLOAD_SOURCE_COUNT
} PsPayloadSource;

typedef enum
{
  PS_CREATE_NEW_GROUP,  /* allocate and build a heap per isolate */
  PS_CREATE_SAME_GROUP, /* share the group's heap structures: skip the heap build */
  PS_CREATE_COUNT
} PsCreateMode;

typedef enum
{
  PS_ORDER_SEQUENTIAL,  /* strategies one after the other */
  PS_ORDER_INTERLEAVED, /* strategies alternate in time slices of interleave_ns */
  PS_ORDER_COUNT
} PsOrder;

/* A knob one strategy runs with whatever the run's value (a PsKnob and its value). */
typedef struct
{
  int knob;
  double value;
} PsKnobOverride;

typedef struct
{
  char name[PS_STRATEGY_NAME_MAX]; /* "pinned", "sticky+fresh" for a custom pair, with its
                                    * overrides: "single[transfer=move]" */
  PsDispatchKind dispatch;
  PsIsolatesKind isolates_mode;
  unsigned n_overrides;
  PsKnobOverride overrides[PS_STRATEGY_MAX_OVERRIDES];
} PsStrategy;

typedef struct
{
  PsStrategy strategies[PS_MAX_STRATEGIES];
  unsigned n_strategies;

  /* Concurrency */
  unsigned threads;        /* worker threads (inline always uses 1) */
  unsigned isolates;       /* shared-pool: pool size; thread-local: isolates per thread */
  unsigned inflight;       /* requests a thread keeps open while their I/O waits */
  unsigned batch_size;     /* batched: tasks per batch (B) */
  unsigned batch_depth;    /* batched: batches in flight (D); 1 = await each batch */
  PsAffinity affinity;
  PsAcquire acquire;
  uint64_t spin_ns;        /* spin-sleep interval for PS_ACQUIRE_SPIN */
  double rate;             /* open loop: tasks per second arriving on a schedule; 0 = closed loop */
  PsArrivals arrivals;     /* how the open-loop arrivals are spaced */

  /* Isolates */
  uint64_t isolate_heap_bytes;
  uint64_t isolate_init_ns; /* extra calibrated busy work when an isolate is created */
  PsCreateMode create_mode;

  /* Workload */
  uint64_t payload_bytes;
  PsTransfer transfer;
  PsPayloadSource payload_source;
  bool copy_alias;          /* copies land 4K-aliased: destination 16 B past a 4 KiB multiple */
  double serialize_ns_per_byte; /* sender-side serialisation of the payload and the result */
  uint64_t work_ns;         /* calibrated CPU work per task on top of reading the payload */
  uint64_t io_delay_ns;
  bool io_while_holding;    /* wait for I/O while still holding the isolate */
  bool gil;                 /* one global lock around every task body (Python's GIL) */
  uint64_t gil_switch_ns;   /* the GIL holder hands it off after this long (CPython's switch
                             * interval); 0 = only at the end of the task body */
  uint64_t poll_ns;         /* results collected by polling every poll_ns (repartir); 0 = signal */
  unsigned tenants;
  double skew;              /* Zipf exponent of the tenant distribution; 0 = uniform */

  /* Run */
  uint64_t tasks;           /* tasks per strategy; 0 when duration_ns is used */
  uint64_t duration_ns;     /* measured time per strategy; 0 when tasks is used */
  uint64_t warmup_tasks;    /* excluded from the figures (task-count runs) */
  uint64_t warmup_ns;       /* excluded from the figures (duration runs) */
  uint64_t seed;
  bool count_creation;      /* isolate creation and warm-up count in the figures (no warm-up) */
  PsOrder order;
  uint64_t interleave_ns;   /* slice length for PS_ORDER_INTERLEAVED */
  uint64_t sample_ns;       /* live sample period */
  bool track_tasks;         /* count executions of every task id (tests: exactly-once) */
} PsScenario;

/**
 * ps_scenario_init_defaults:
 * @s: scenario to fill
 *
 * Fills @s with the defaults: strategies single,shared,pinned; 2 threads; 2 isolates; 4 KiB payload
 * by copy; 20 µs of work; no I/O; 20000 tasks; 1000 warm-up tasks; 64 KiB isolate heaps; seed 1.
 * Thread: any.
 */
void ps_scenario_init_defaults (PsScenario *s);

/**
 * ps_strategy_parse:
 * @text: a named strategy ("pinned") or a pair "DISPATCH+ISOLATES" ("sticky+fresh"), optionally
 *   with knobs it alone runs with: "single[transfer=move]", "queue[transfer=copy;work=5us]"
 * @out: filled on success
 *
 * Returns: 0, PS_EUNKNOWN (no such strategy) or PS_EINVAL (a bad override).
 * Thread: any.
 */
int ps_strategy_parse (const char *text, PsStrategy *out);

/**
 * ps_strategy_parse_checked:
 * @message: (nullable): one English line saying what is wrong, on failure
 *
 * ps_strategy_parse() with the reason. An override takes any knob that can change during a run
 * (the knob table's `live`), with the value as the CLI takes it, except the ones every strategy
 * of a run shares: payload, tenants and skew (one input for all).
 */
int ps_strategy_parse_checked (const char *text, PsStrategy *out, char *message,
                               size_t message_size);

/* Whether @knob may be overridden per strategy. Thread: any. */
bool ps_strategy_knob_overridable (int knob);

/* Names of the enum values, as used on the command line and in JSON; NULL when out of range. */
const char *ps_dispatch_name (PsDispatchKind kind);
const char *ps_isolates_name (PsIsolatesKind kind);
const char *ps_transfer_name (PsTransfer transfer);
const char *ps_affinity_name (PsAffinity affinity);
const char *ps_acquire_name (PsAcquire acquire);
const char *ps_create_mode_name (PsCreateMode mode);
const char *ps_order_name (PsOrder order);

/* The named strategies, in display order; returns the number of them and fills @out if not NULL. */
unsigned ps_named_strategies (const PsStrategy **out);

/**
 * ps_strategy_apply_fixed_knobs:
 *
 * Sets the knobs a named strategy fixes whatever the scenario says: `single`, the seeds'
 * single-threaded baseline, runs one thread with one isolate (a custom `inline+thread-local`
 * keeps --isolates). The run applies this to each strategy's copy of the knobs.
 * Thread: any.
 */
void ps_strategy_apply_fixed_knobs (const PsStrategy *strategy, PsScenario *s);

/* Applies the fixed knobs, then @strategy's overrides, to @s. Thread: any. */
void ps_strategy_apply_knobs (const PsStrategy *strategy, PsScenario *s);

typedef struct
{
  int code;          /* PS_EINVAL, PS_ENOMEM or PS_ECONFLICT */
  int knob;          /* a PsKnob, or -1 when the problem is not one knob */
  char message[320]; /* one English line: the knob, its allowed range, what was given */
} PsValidation;

/**
 * ps_scenario_validate:
 * @s: the scenario
 * @out: (nullable): where to describe the first problem found
 *
 * Checks every knob's range, combinations that cannot work, and that the isolates and payloads
 * would need no more than half of physical memory.
 *
 * Returns: 0, or the code of the first problem.
 * Thread: any.
 */
int ps_scenario_validate (const PsScenario *s, PsValidation *out);

/**
 * ps_scenario_memory_estimate:
 *
 * Returns: the bytes the scenario's isolates and payloads need at their peak, for every strategy.
 * Thread: any.
 */
uint64_t ps_scenario_memory_estimate (const PsScenario *s);
