/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-arrivals.h: the schedule of an open-loop segment — when each task arrives, whatever the pool
 * does.
 *
 * A closed run hands out the next task as soon as there is room, so a stalled pool simply receives
 * fewer tasks and its latency never shows the stall (coordinated omission). An open-loop run
 * instead fixes the arrival times in advance, at `rate` tasks per second, and a task's latency
 * counts from its scheduled arrival: a claimant that comes late still stamps each task with the
 * time it was due. The schedule is a pure function of the segment's start, the rate and the seed,
 * so two strategies see the same arrival pattern.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-arrivals.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "ps-scenario.h"

typedef struct
{
  uv_mutex_t lock;       /* claimants on several threads take arrivals in order */
  uint64_t origin_ticks; /* the segment's start: the first gap counts from here */
  double mean_gap_ns;    /* 1 / rate */
  bool poisson;
  uint64_t seed;
  uint64_t index;        /* arrivals taken so far */
  double next_ns;        /* when arrival `index` is due, in ns after the origin */
  _Atomic uint64_t lag_sum_ns;  /* how late claimants took their arrivals, summed */
  _Atomic uint64_t lag_max_ns;
  _Atomic uint64_t taken;
} PsArrivalSchedule;

/* Whether @s asks for an open-loop run. Thread: any. */
static inline bool
ps_arrivals_open_loop (const PsScenario *s)
{
  return s->rate > 0;
}

/* Returns 0 or PS_ENOMEM. Thread: controller, before the segment's threads start. */
int ps_arrival_schedule_init (PsArrivalSchedule *sched, const PsScenario *s,
                              uint64_t origin_ticks);
void ps_arrival_schedule_clear (PsArrivalSchedule *sched);

/* The gap before arrival @index, in ns: the schedule is a pure function of the seed and the
 * index, so anyone can tell when arrival @index is due. Thread: any. */
double ps_arrival_gap_ns (const PsArrivalSchedule *sched, uint64_t index);

/* Counts one arrival taken @lag_ns after it was due, by a claimant that keeps its own place in the
 * schedule (own-tenants' lanes). Thread: any. */
void ps_arrival_schedule_note_lag (PsArrivalSchedule *sched, uint64_t lag_ns);

/**
 * ps_arrival_schedule_due:
 * @now: the current tick
 * @max: how many arrivals the caller could take
 * @next_due: (out): the tick the first arrival not yet taken is due
 *
 * Counts the arrivals due by @now, up to @max, without taking them. Thread: any, with the lock
 * held.
 */
size_t ps_arrival_schedule_due (const PsArrivalSchedule *sched, uint64_t now, size_t max,
                                uint64_t *next_due);

/**
 * ps_arrival_schedule_take:
 * @n: how many (no more than ps_arrival_schedule_due() counted)
 * @now: the current tick, to measure how late they are taken
 * @due: (out): the scheduled tick of each arrival taken, oldest first
 *
 * Takes the next @n arrivals. Thread: any, with the lock held.
 */
void ps_arrival_schedule_take (PsArrivalSchedule *sched, size_t n, uint64_t now, uint64_t *due);

/* The mean and the largest delay between an arrival's scheduled time and its claim, in ns: the
 * load generator's own lateness, which is in every latency of an open-loop run. Thread: any. */
void ps_arrival_schedule_lag (PsArrivalSchedule *sched, double *mean_ns, double *max_ns);
