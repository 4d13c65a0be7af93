/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-worker.h: what every worker thread does with a task, whatever brought it there.
 *
 * A task: acquire an isolate → (the GIL) → bring the payload in and do the work → (release the
 * GIL) → release the isolate → I/O delay → complete. The I/O waits on the thread's own libuv loop
 * when the thread keeps several requests in flight, so it serves others meanwhile; with one request
 * in flight it is a plain sleep, as in OpenWorkers' harness (and exact below a millisecond).
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-worker.h is internal to the engine: include <ps-engine.h>."
#endif

#include "ps-dispatch.h"

/* The thread body of an ordinary worker: wait for the start, loop on next(), drain I/O. */
void ps_worker_main (void *arg);

/* Runs @task on @w; its I/O may still be pending on return. Thread: @w's thread. */
void ps_worker_execute (PsWorker *w, const PsTask *task);

/* Waits for the segment's start gate. Thread: segment threads. */
void ps_worker_wait_start (PsSegmentRun *seg);
