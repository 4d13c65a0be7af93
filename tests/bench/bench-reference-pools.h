/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-reference-pools.h: the pools Poolscope's strategies are measured against. Each runs
 * `tasks` empty tasks on `threads` workers and returns the wall seconds from the first submit to
 * the last completion. */
#pragma once

#include <glib.h>

double bench_gthreadpool (unsigned threads, guint64 tasks);
double bench_uv_queue_work (guint64 tasks);
double bench_plain_queue (unsigned threads, guint64 tasks);
/* A task body for the references that take one. */
typedef void (*BenchWork) (guint64 id, gpointer data);

/* A router feeding one hand-written SPSC ring per worker, round-robin; each task runs @work
 * (nullable: empty tasks). */
double bench_spsc_lanes (unsigned threads, guint64 tasks, BenchWork work, gpointer work_data);

/* CLOCK_MONOTONIC in nanoseconds. */
guint64 bench_now_ns (void);

/* Submit-to-done latency of single tasks on an idle GThreadPool, nanoseconds, median. */
double bench_gthreadpool_idle_p50 (unsigned rounds);
