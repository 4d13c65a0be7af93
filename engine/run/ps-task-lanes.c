/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-task-lanes.c: splitting the task source by tenant and folding it back. */
#include "ps-task-lanes.h"

#include <stdlib.h>

#include "ps-error.h"

/* How far one claim walks without finding an id of its lane before it lets its thread look at
 * its I/O and the stop flag. Lanes own about 1/n of the ids, so this is rarely reached. */
#define SCAN_MAX 65536u
#define DRAIN_BATCH 256u

static unsigned
lane_of (const PsTaskLanes *lanes, uint64_t id)
{
  return ps_tenant_lane (ps_tenant_of (lanes->tenants, lanes->seed, id), lanes->n);
}

static void
free_lanes (PsTaskLanes *lanes)
{
  for (unsigned t = 0; lanes->lanes != NULL && t < lanes->n; t++)
    free (lanes->lanes[t].retry);
  free (lanes->lanes);
  lanes->lanes = NULL;
}

static bool
append_retry (PsTaskLane *lane, uint64_t id, size_t *cap)
{
  if (lane->retry_len == *cap)
    {
      size_t grown_cap = *cap ? *cap * 2 : 64;
      uint64_t *grown = realloc (lane->retry, grown_cap * sizeof (uint64_t));
      if (grown == NULL)
        return false;
      lane->retry = grown;
      *cap = grown_cap;
    }
  lane->retry[lane->retry_len++] = id;
  return true;
}

int
ps_task_lanes_split (PsTaskLanes *lanes, PsTaskSource *src, unsigned n,
                     const PsTenantTable *tenants, uint64_t seed,
                     const PsArrivalSchedule *arrivals)
{
  size_t *caps = calloc (n, sizeof (size_t));

  lanes->source = src;
  lanes->arrivals = arrivals;
  lanes->tenants = tenants;
  lanes->seed = seed;
  lanes->n = n;
  lanes->lanes = aligned_alloc (64, n * sizeof (PsTaskLane));
  if (caps == NULL || lanes->lanes == NULL)
    {
      free (caps);
      free (lanes->lanes);
      lanes->lanes = NULL;
      return PS_ENOMEM;
    }
  lanes->frontier = ps_task_source_issued (src);
  for (unsigned t = 0; t < n; t++)
    lanes->lanes[t] = (PsTaskLane) { .next = lanes->frontier };
  for (uint32_t tenant = 0; tenant < tenants->tenants; tenant++)
    lanes->lanes[ps_tenant_lane (tenant, n)].has_tenants = true;

  /* The source's given-back ids go to the lanes that own them now. A limit of 0 takes only
   * those: no fresh id lies below it. */
  uint64_t ids[DRAIN_BATCH];
  size_t got;
  while ((got = ps_task_source_claim (src, 0, ids, DRAIN_BATCH)) > 0)
    for (size_t i = 0; i < got; i++)
      {
        unsigned t = lane_of (lanes, ids[i]);
        if (!append_retry (&lanes->lanes[t], ids[i], &caps[t]))
          {
            /* Put everything back as it was: the drained ids and the ones not yet filed. */
            for (size_t j = i; j < got; j++)
              ps_task_source_give_back (src, ids[j]);
            free (caps);
            ps_task_lanes_join (lanes);
            return PS_ENOMEM;
          }
      }
  free (caps);
  return 0;
}

PsLaneClaim
ps_task_lanes_claim (PsTaskLanes *lanes, unsigned lane, uint64_t limit, double now_ns,
                     uint64_t *id, double *due_ns)
{
  PsTaskLane *l = &lanes->lanes[lane];
  uint64_t end = lanes->source->end;
  uint64_t stop = limit < end ? limit : end;

  *due_ns = now_ns;
  if (l->retry_pos < l->retry_len)
    {
      *id = l->retry[l->retry_pos++];
      return PS_LANE_CLAIMED;
    }
  if (!l->has_tenants)
    return PS_LANE_DONE;
  for (unsigned walked = 0; walked < SCAN_MAX; walked++)
    {
      uint64_t candidate = l->next;
      if (candidate >= stop)
        return PS_LANE_DONE;
      double due = lanes->arrivals != NULL
                   ? l->due_ns + ps_arrival_gap_ns (lanes->arrivals, candidate - lanes->frontier)
                   : 0;
      bool mine = lane_of (lanes, candidate) == lane;
      if (mine && due > now_ns)
        {
          /* Not arrived yet: the lane stays on it. */
          *due_ns = due;
          return PS_LANE_LATER;
        }
      l->next = candidate + 1;
      l->due_ns = due;
      if (mine)
        {
          *id = candidate;
          *due_ns = due;
          return PS_LANE_CLAIMED;
        }
    }
  *due_ns = -1;
  return PS_LANE_LATER;
}

int
ps_task_lanes_join (PsTaskLanes *lanes)
{
  int rc = 0;
  uint64_t furthest = lanes->frontier;

  if (lanes->lanes == NULL)
    return 0;
  for (unsigned t = 0; t < lanes->n; t++)
    {
      PsTaskLane *l = &lanes->lanes[t];
      if (l->has_tenants && l->next > furthest)
        furthest = l->next;
      for (size_t i = l->retry_pos; i < l->retry_len; i++)
        if (!ps_task_source_give_back (lanes->source, l->retry[i]))
          rc = PS_ENOMEM;
    }
  /* Between the frontier and the furthest lane, an id is either behind its own lane's walk (it
   * was handed out) or ahead of it (it was not, though a faster lane walked past it). */
  for (uint64_t id = lanes->frontier; id < furthest; id++)
    if (id >= lanes->lanes[lane_of (lanes, id)].next
        && !ps_task_source_give_back (lanes->source, id))
      rc = PS_ENOMEM;
  ps_task_source_skip_to (lanes->source, furthest);
  free_lanes (lanes);
  return rc;
}
