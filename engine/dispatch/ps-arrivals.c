/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-arrivals.c */
#include "ps-arrivals.h"

#include <math.h>

#include "ps-clock.h"
#include "ps-error.h"
#include "ps-workload.h"

int
ps_arrival_schedule_init (PsArrivalSchedule *sched, const PsScenario *s, uint64_t origin_ticks)
{
  if (uv_mutex_init (&sched->lock) != 0)
    return PS_ENOMEM;
  sched->origin_ticks = origin_ticks;
  sched->mean_gap_ns = 1e9 / s->rate;
  sched->poisson = s->arrivals == PS_ARRIVALS_POISSON;
  sched->seed = s->seed;
  sched->index = 0;
  sched->next_ns = 0;
  atomic_init (&sched->lag_sum_ns, 0);
  atomic_init (&sched->lag_max_ns, 0);
  atomic_init (&sched->taken, 0);
  return 0;
}

void
ps_arrival_schedule_clear (PsArrivalSchedule *sched)
{
  uv_mutex_destroy (&sched->lock);
}

/* The gap before arrival @index: constant, or exponential with the same mean, drawn from the seed
 * so that every strategy (and every rerun) sees the same arrival pattern. */
double
ps_arrival_gap_ns (const PsArrivalSchedule *sched, uint64_t index)
{
  if (!sched->poisson)
    return sched->mean_gap_ns;
  /* 53 random bits in (0, 1]: never 0, so the logarithm stays finite. */
  double u = (double) ((ps_hash64 (sched->seed ^ (index * 0xd1342543de82ef95u)) >> 11) + 1)
             / 9007199254740992.0;
  return -log (u) * sched->mean_gap_ns;
}

size_t
ps_arrival_schedule_due (const PsArrivalSchedule *sched, uint64_t now, size_t max,
                         uint64_t *next_due)
{
  double elapsed_ns = now > sched->origin_ticks
                      ? ps_clock_ticks_to_ns (now - sched->origin_ticks) : 0;
  double at = sched->next_ns + ps_arrival_gap_ns (sched, sched->index);
  size_t n = 0;

  while (n < max && at <= elapsed_ns)
    {
      n++;
      at += ps_arrival_gap_ns (sched, sched->index + n);
    }
  /* When the caller could take no more, the next one may already be due: that is fine, it then
   * comes back at once. */
  *next_due = sched->origin_ticks + ps_clock_ns_to_ticks ((uint64_t) at);
  return n;
}

void
ps_arrival_schedule_take (PsArrivalSchedule *sched, size_t n, uint64_t now, uint64_t *due)
{
  uint64_t lag_sum = 0, lag_max = atomic_load_explicit (&sched->lag_max_ns, memory_order_relaxed);

  for (size_t i = 0; i < n; i++)
    {
      sched->next_ns += ps_arrival_gap_ns (sched, sched->index++);
      due[i] = sched->origin_ticks + ps_clock_ns_to_ticks ((uint64_t) sched->next_ns);
      uint64_t lag = now > due[i] ? (uint64_t) ps_clock_ticks_to_ns (now - due[i]) : 0;
      lag_sum += lag;
      if (lag > lag_max)
        lag_max = lag;
    }
  /* Written under the schedule's lock, read by the controller: relaxed atomics suffice. */
  atomic_store_explicit (&sched->lag_max_ns, lag_max, memory_order_relaxed);
  atomic_fetch_add_explicit (&sched->lag_sum_ns, lag_sum, memory_order_relaxed);
  atomic_fetch_add_explicit (&sched->taken, n, memory_order_relaxed);
}

void
ps_arrival_schedule_note_lag (PsArrivalSchedule *sched, uint64_t lag_ns)
{
  uint64_t max = atomic_load_explicit (&sched->lag_max_ns, memory_order_relaxed);

  while (lag_ns > max && !atomic_compare_exchange_weak (&sched->lag_max_ns, &max, lag_ns))
    ;
  atomic_fetch_add_explicit (&sched->lag_sum_ns, lag_ns, memory_order_relaxed);
  atomic_fetch_add_explicit (&sched->taken, 1, memory_order_relaxed);
}

void
ps_arrival_schedule_lag (PsArrivalSchedule *sched, double *mean_ns, double *max_ns)
{
  uint64_t taken = atomic_load_explicit (&sched->taken, memory_order_relaxed);

  *mean_ns = taken ? (double) atomic_load_explicit (&sched->lag_sum_ns, memory_order_relaxed)
                         / (double) taken
                   : 0;
  *max_ns = (double) atomic_load_explicit (&sched->lag_max_ns, memory_order_relaxed);
}
