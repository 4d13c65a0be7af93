/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-task-lanes.h: the task source split by tenant, one lane per thread, so that each thread
 * generates only its own tenants' requests, as OpenWorkers' thread-pinned pool did (no router, no
 * hand-off between threads).
 *
 * Lane t owns the ids whose tenant maps to t (ps_tenant_lane ()). Its thread, the lane's only
 * reader, first takes the given-back ids of its lane, then walks the ids forward from the source's
 * frontier and takes those of its lane. When the segment ends the lanes fold back into the source:
 * ids of a lane that its thread had not reached although another lane had passed them are given
 * back, and the frontier moves past the furthest lane. Every id still runs exactly once, whatever
 * the next segment's threads, tenants or dispatch.
 *
 * In an open-loop segment id `frontier + k` is arrival k of the segment's schedule. The schedule is
 * a pure function of the index (ps_arrival_gap_ns ()), so each lane adds up the arrival times of
 * the ids it walks past and hands out its own ids only once they are due: every thread generates
 * its own tenants' requests at their share of the rate, with no shared generator.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-task-lanes.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps-arrivals.h"
#include "ps-task-source.h"
#include "ps-workload.h"

typedef struct
{
  uint64_t next;          /* every id of this lane below it has been handed out */
  uint64_t *retry;        /* owned: given-back ids of this lane, taken first */
  size_t retry_len;
  size_t retry_pos;
  bool has_tenants;       /* some tenant maps here; a lane without one never gets a task */
  double due_ns;          /* open loop: when the last id walked past arrived, ns after the origin */
} __attribute__ ((aligned (64))) PsTaskLane;

typedef struct
{
  PsTaskSource *source;           /* borrowed */
  const PsTenantTable *tenants;   /* borrowed: the mapping in force for the whole segment */
  uint64_t seed;
  unsigned n;
  PsTaskLane *lanes;              /* owned */
  uint64_t frontier;              /* the source's fresh-id frontier when it was split */
  const PsArrivalSchedule *arrivals; /* open loop: the segment's schedule; NULL when closed */
} PsTaskLanes;

typedef enum
{
  PS_LANE_CLAIMED,   /* *id holds the lane's next id */
  PS_LANE_DONE,      /* the lane has no id left below the limit */
  PS_LANE_LATER,     /* a long stretch held none of the lane's ids: ask again */
} PsLaneClaim;

/* Splits @src into @n lanes by @tenants; @arrivals (nullable) makes the lanes follow an open-loop
 * schedule. Returns 0 or PS_ENOMEM (@src unchanged). Thread: controller, while no segment runs. */
int ps_task_lanes_split (PsTaskLanes *lanes, PsTaskSource *src, unsigned n,
                         const PsTenantTable *tenants, uint64_t seed,
                         const PsArrivalSchedule *arrivals);

/**
 * ps_task_lanes_claim:
 * @now_ns: open loop: the time since the schedule's origin (ignored when closed)
 * @due_ns: (out): open loop: when the claimed id arrived, or, on PS_LANE_LATER, when the lane's
 *   next id will (negative when unknown: ask again at once); given-back ids arrive at @now_ns
 *
 * The next id of @lane below @limit. Thread: the lane's own thread only.
 */
PsLaneClaim ps_task_lanes_claim (PsTaskLanes *lanes, unsigned lane, uint64_t limit,
                                 double now_ns, uint64_t *id, double *due_ns);

/* Folds the lanes back into the source and frees them. Returns 0 or PS_ENOMEM (an id could not be
 * given back). Thread: controller, after the lanes' threads are joined. */
int ps_task_lanes_join (PsTaskLanes *lanes);
