/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-worker.h: what every worker thread does with a task, whatever brought it there.
 *
 * A task: acquire an isolate → (the GIL) → bring the payload in and do the work → (release the
 * GIL) → release the isolate → I/O delay → complete. When the thread keeps several requests in
 * flight their I/O deadlines wait in the thread's own deadline heap, so it serves others
 * meanwhile; with one request in flight the I/O is a plain sleep, as in OpenWorkers' harness.
 * Either way the delay is exact to one wake-up, below a millisecond too.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-worker.h is internal to the engine: include <ps-engine.h>."
#endif

#include "ps-dispatch.h"

/* The thread body of an ordinary worker: wait for the start, loop on next(), drain I/O. */
void ps_worker_main (void *arg);

/* Reads the kernel's figures for the calling thread as it starts and leaves, adding what it used
 * to its slot's counters (cpu_ns, runnable_ns, involuntary). Thread: @w's thread. */
void ps_worker_stats_begin (PsWorker *w);
void ps_worker_stats_end (PsWorker *w);

/* Runs @task on @w; its I/O may still be pending on return. Thread: @w's thread. */
void ps_worker_execute (PsWorker *w, const PsTask *task);

/* Sets up the calling engine thread (the least timer slack). Thread: a segment thread, at its start. */
void ps_worker_thread_init (void);

/* Waits for the segment's start gate (after ps_worker_thread_init()). Thread: segment threads. */
void ps_worker_wait_start (PsSegmentRun *seg);
