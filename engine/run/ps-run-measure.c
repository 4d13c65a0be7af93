/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-run-measure.c: turning counters into the measures DESIGN.md defines, for a segment, for a
 * strategy's total and for live samples. Every share is computed here and nowhere else. */
#include "ps-run-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ps-clock.h"

typedef struct
{
  uint64_t tasks, checksum, wait, hold, idle, acquisitions, contended;
  uint64_t isolates_created, bytes_copied, cross_tenant_reuses, steals, steal_attempts;
  uint64_t gil_switches, io, cpu_ns, runnable_ns, involuntary;
  uint64_t acquire_attempts, gil_hold;
} CounterSums;

/* Sums the slots' counters; waits still in progress at @now count up to @now. Each histogram is
 * summed only when asked for (live samples need the latency alone). */
static void
sum_counters (PsCounters *counters, unsigned n, uint64_t now, CounterSums *out,
              PsHistogramSnapshot *latency, PsLatencySet *set)
{
  memset (out, 0, sizeof *out);
  for (unsigned i = 0; i < n; i++)
    {
      PsCounters *c = &counters[i];
      out->tasks += ps_counter_get (&c->tasks);
      out->checksum += ps_counter_get (&c->checksum);
      out->wait += ps_counters_wait_view (c, now);
      out->hold += ps_counter_get (&c->hold_ticks);
      out->gil_hold += ps_counter_get (&c->gil_hold_ticks);
      out->idle += ps_counter_get (&c->idle_ticks);
      out->acquisitions += ps_counter_get (&c->acquisitions);
      out->contended += ps_counter_get (&c->contended);
      out->isolates_created += ps_counter_get (&c->isolates_created);
      out->bytes_copied += ps_counter_get (&c->bytes_copied);
      out->cross_tenant_reuses += ps_counter_get (&c->cross_tenant_reuses);
      out->acquire_attempts += ps_counter_get (&c->acquire_attempts);
      out->steals += ps_counter_get (&c->steals);
      out->steal_attempts += ps_counter_get (&c->steal_attempts);
      out->gil_switches += ps_counter_get (&c->gil_switches);
      out->io += ps_counter_get (&c->io_ticks);
      out->cpu_ns += ps_counter_get (&c->cpu_ns);
      out->runnable_ns += ps_counter_get (&c->runnable_ns);
      out->involuntary += ps_counter_get (&c->involuntary);
      if (latency != NULL)
        ps_histogram_add_to (&c->latency, latency);
      if (set != NULL)
        {
          ps_histogram_add_to (&c->latency, &set->latency);
          ps_histogram_add_to (&c->queued, &set->queued);
          ps_histogram_add_to (&c->service, &set->service);
          ps_histogram_add_to (&c->operations, &set->operations);
        }
    }
}

/* A live window's growth of a counter. A wait that ends between two reads of a slot can be seen
 * twice (once in progress, once done) and shrink back next time: never go below zero. */
static double
growth (uint64_t now, uint64_t before)
{
  return now > before ? (double) (now - before) : 0.0;
}

static double
percent (double part, double whole)
{
  return whole > 0 ? 100.0 * part / whole : 0.0;
}

static void
fill_latency (const PsHistogramSnapshot *h, PsLatency *out)
{
  out->p50 = ps_histogram_snapshot_quantile (h, 0.50) / 1000.0;
  out->p90 = ps_histogram_snapshot_quantile (h, 0.90) / 1000.0;
  out->p99 = ps_histogram_snapshot_quantile (h, 0.99) / 1000.0;
  out->p999 = ps_histogram_snapshot_quantile (h, 0.999) / 1000.0;
  out->max = h->total ? (double) h->max / 1000.0 : NAN;
}

/* Jain's fairness index over the threads' task counts: (Σx)² / (n Σx²). NaN when no task ran. */
static double
fairness_of (const uint64_t *per_thread, unsigned n)
{
  double sum = 0, squares = 0;

  for (unsigned i = 0; per_thread != NULL && i < n; i++)
    {
      sum += (double) per_thread[i];
      squares += (double) per_thread[i] * (double) per_thread[i];
    }
  return squares > 0 ? sum * sum / (n * squares) : NAN;
}

/* Which PsLatencyBins bin a histogram bucket starting at @low ns belongs to: the power of two
 * (k, its top bit) and which half of it (the bit below). */
static unsigned
bin_of (uint64_t low)
{
  unsigned k, half;

  if (low < 2)
    return 0;
  k = 63 - (unsigned) __builtin_clzll (low);
  half = (unsigned) (low >> (k - 1)) & 1;
  return MIN (2 * k + half, PS_LATENCY_BINS - 1);
}

/* Folds the histogram's 16 buckets per power of two into PsLatencyBins' two halves. */
static void
fill_bins (const PsHistogramSnapshot *h, PsLatencyBins *out)
{
  memset (out, 0, sizeof *out);
  for (unsigned b = 0; b < PS_HISTOGRAM_BUCKETS; b++)
    out->counts[bin_of (ps_histogram_bucket_low (b))] += h->counts[b];
}

static void
fill_latencies (const PsLatencySet *set, PsResult *out)
{
  fill_latency (&set->latency, &out->latency_us);
  fill_bins (&set->latency, &out->latency_bins);
  fill_latency (&set->queued, &out->queue_us);
  fill_latency (&set->service, &out->service_us);
  fill_latency (&set->operations, &out->operation_us);
  out->operations = set->operations.total;
}

/* Shared isolates whose hold time is counted; the GIL is reported apart, so that a pool's
 * utilisation is not averaged with the lock every task takes. */
static unsigned
shared_capacity (PsExec *ex, const PsScenario *s)
{
  return ex->provision->shared_capacity;
}

/* Splits the workers' @thread_ticks into the parts of PsTimeBreakdown (see ps-run.h for the
 * rule), in ticks. */
static void
break_down (const CounterSums *sums, double thread_ticks, PsTimeBreakdown *ticks)
{
  double on_cpu = (double) ps_clock_ns_to_ticks (sums->cpu_ns);
  double runnable = (double) ps_clock_ns_to_ticks (sums->runnable_ns);
  double blocked = thread_ticks - on_cpu - runnable;
  double counted = (double) (sums->wait + sums->idle + sums->io);
  /* The engine's counters include the wake-up that the kernel already counts as runnable: scale
   * them down to the time the kernel says the threads were off a CPU, never up. */
  double scale = counted > 0 && counted > blocked ? fmax (blocked, 0) / counted : 1.0;
  double holding = (double) (sums->hold + sums->gil_hold);

  ticks->runnable = runnable;
  ticks->wait = (double) sums->wait * scale;
  ticks->idle = (double) sums->idle * scale;
  ticks->io = (double) sums->io * scale;
  ticks->hold = fmin (on_cpu, holding);
  ticks->run = on_cpu - ticks->hold;
  ticks->other = thread_ticks - on_cpu - runnable - ticks->wait - ticks->idle - ticks->io;
}

static void
breakdown_add (PsTimeBreakdown *sum, const PsTimeBreakdown *part)
{
  sum->run += part->run;
  sum->hold += part->hold;
  sum->wait += part->wait;
  sum->idle += part->idle;
  sum->io += part->io;
  sum->runnable += part->runnable;
  sum->other += part->other;
}

static void
breakdown_percent (const PsTimeBreakdown *ticks, double thread_ticks, PsTimeBreakdown *out)
{
  out->run = percent (ticks->run, thread_ticks);
  out->hold = percent (ticks->hold, thread_ticks);
  out->wait = percent (ticks->wait, thread_ticks);
  out->idle = percent (ticks->idle, thread_ticks);
  out->io = percent (ticks->io, thread_ticks);
  out->runnable = percent (ticks->runnable, thread_ticks);
  out->other = percent (ticks->other, thread_ticks);
}

void
ps_run_measure_segment (PsRun *run, PsStrategyRun *st, PsSegmentRun *seg, PsResult *out,
                        PsLatencySet *latency)
{
  CounterSums sums;
  double wall_ticks = (double) (seg->end_ticks - seg->start_ticks);
  double thread_ticks = wall_ticks * seg->n_workers;
  unsigned capacity = shared_capacity (&st->exec, &seg->scenario);

  memset (out, 0, sizeof *out);
  memset (latency, 0, sizeof *latency);
  sum_counters (st->exec.counters, seg->n_workers, seg->end_ticks, &sums, NULL, latency);

  out->tasks_completed = sums.tasks;
  out->wall_s = ps_clock_ticks_to_ns ((uint64_t) wall_ticks) / 1e9;
  out->throughput_per_s = out->wall_s > 0 ? (double) sums.tasks / out->wall_s : 0;
  fill_latencies (latency, out);
  out->wait_share_pct = percent ((double) sums.wait, thread_ticks);
  out->contended_acq_pct = percent ((double) sums.contended, (double) sums.acquisitions);
  out->hold_share_pct = capacity ? percent ((double) sums.hold, wall_ticks * capacity) : 0;
  out->gil_hold_share_pct = percent ((double) sums.gil_hold, wall_ticks);
  out->idle_share_pct = percent ((double) sums.idle, thread_ticks);
  out->speedup = NAN;
  out->efficiency = NAN;
  out->acquisitions = sums.acquisitions;
  out->contended_acquisitions = sums.contended;
  out->isolates_created = sums.isolates_created;
  out->bytes_copied = sums.bytes_copied;
  out->peak_isolate_bytes = atomic_load (&st->exec.provision->budget.peak_bytes);
  out->cross_tenant_reuses = sums.cross_tenant_reuses;
  out->acquire_attempts = sums.acquire_attempts;
  out->steals = sums.steals;
  out->steal_attempts = sums.steal_attempts;
  out->gil_switches = sums.gil_switches;
  out->checksum = sums.checksum;
  out->n_threads = seg->n_workers;
  out->per_thread_tasks = calloc (seg->n_workers, sizeof (uint64_t));
  if (out->per_thread_tasks != NULL)
    for (unsigned i = 0; i < seg->n_workers; i++)
      out->per_thread_tasks[i] = ps_counter_get (&st->exec.counters[i].tasks);
  out->fairness = fairness_of (out->per_thread_tasks, seg->n_workers);
  out->threads_used = seg->n_workers + (seg->klass->has_producer ? 1 : 0);
  out->producer_cpu_pct = percent (ps_clock_ns_to_ticks (seg->producer_cpu_ns), wall_ticks);
  out->serialize_share_pct = percent (ps_clock_ns_to_ticks (seg->serialize_cpu_ns), wall_ticks);
  break_down (&sums, thread_ticks, &st->pending_breakdown);
  breakdown_percent (&st->pending_breakdown, thread_ticks, &out->time_breakdown_pct);
  memset (&st->pending_producer_breakdown, 0, sizeof st->pending_producer_breakdown);
  if (seg->klass->has_producer)
    {
      CounterSums producer;
      sum_counters (seg->producer_counters, 1, seg->end_ticks, &producer, NULL, NULL);
      break_down (&producer, wall_ticks, &st->pending_producer_breakdown);
      breakdown_percent (&st->pending_producer_breakdown, wall_ticks,
                         &out->producer_breakdown_pct);
    }
  out->interference.other_cpu_pct = ps_machine_other_cpu_pct (&seg->load_at_start,
                                                              &seg->load_at_end,
                                                              run->machine.cores);
  out->interference.involuntary_switches = sums.involuntary;
  if (seg->open_loop)
    {
      double mean_ns, max_ns;
      ps_arrival_schedule_lag (&seg->arrivals, &mean_ns, &max_ns);
      out->arrival_lag_mean_us = mean_ns / 1e3;
      out->arrival_lag_max_us = max_ns / 1e3;
    }

  /* The raw tick sums, for the strategy's totals (kept in the total PsResult while it builds). */
  st->pending_wait = sums.wait;
  st->pending_hold = sums.hold;
  st->pending_gil_hold = sums.gil_hold;
  st->pending_idle = sums.idle;
  st->pending_capacity = capacity;
}

void
ps_run_accumulate (PsStrategyRun *st, PsSegmentRun *seg, const PsResult *r,
                   const PsLatencySet *latency)
{
  PsResult *t = &st->report.total;
  double wall_ticks = (double) (seg->end_ticks - seg->start_ticks);

  t->tasks_completed += r->tasks_completed;
  t->checksum += r->checksum;
  t->acquisitions += r->acquisitions;
  t->contended_acquisitions += r->contended_acquisitions;
  t->isolates_created += r->isolates_created;
  t->bytes_copied += r->bytes_copied;
  t->cross_tenant_reuses += r->cross_tenant_reuses;
  t->acquire_attempts += r->acquire_attempts;
  t->steals += r->steals;
  t->steal_attempts += r->steal_attempts;
  t->gil_switches += r->gil_switches;
  t->peak_isolate_bytes = MAX (t->peak_isolate_bytes, r->peak_isolate_bytes);
  t->n_threads = r->n_threads;
  t->threads_used = MAX (t->threads_used, r->threads_used);
  st->producer_ticks += (double) ps_clock_ns_to_ticks (seg->producer_cpu_ns);
  st->serialize_ticks += (double) ps_clock_ns_to_ticks (seg->serialize_cpu_ns);
  breakdown_add (&st->breakdown, &st->pending_breakdown);
  breakdown_add (&st->producer_breakdown, &st->pending_producer_breakdown);
  if (seg->klass->has_producer)
    st->producer_wall_ticks += wall_ticks;
  st->other_cpu_ticks += r->interference.other_cpu_pct * wall_ticks;
  t->interference.involuntary_switches += r->interference.involuntary_switches;
  if (seg->open_loop)
    {
      uint64_t taken = atomic_load (&seg->arrivals.taken);
      st->arrival_lag_sum_ns += r->arrival_lag_mean_us * 1e3 * (double) taken;
      st->arrivals_taken += taken;
      t->arrival_lag_max_us = MAX (t->arrival_lag_max_us, r->arrival_lag_max_us);
    }
  ps_histogram_snapshot_merge (&st->total_latency.latency, &latency->latency);
  ps_histogram_snapshot_merge (&st->total_latency.queued, &latency->queued);
  ps_histogram_snapshot_merge (&st->total_latency.service, &latency->service);
  ps_histogram_snapshot_merge (&st->total_latency.operations, &latency->operations);

  st->measured_ticks += wall_ticks;
  st->thread_ticks += wall_ticks * seg->n_workers;
  st->capacity_ticks += wall_ticks * st->pending_capacity;
  st->wait_ticks += (double) st->pending_wait;
  st->hold_ticks += (double) st->pending_hold;
  st->gil_hold_ticks += (double) st->pending_gil_hold;
  st->idle_ticks += (double) st->pending_idle;

  if (seg->n_workers > st->total_slots)
    {
      uint64_t *grown = realloc (st->total_per_slot, seg->n_workers * sizeof (uint64_t));
      if (grown != NULL)
        {
          memset (grown + st->total_slots, 0,
                  (seg->n_workers - st->total_slots) * sizeof (uint64_t));
          st->total_per_slot = grown;
          st->total_slots = seg->n_workers;
        }
    }
  for (unsigned i = 0; i < seg->n_workers && i < st->total_slots && r->per_thread_tasks; i++)
    st->total_per_slot[i] += r->per_thread_tasks[i];
}

/* Fills every strategy's total from its accumulated segments, then speed-up against `single`. */
void
ps_run_finish_totals (PsRun *run)
{
  double single_throughput = NAN;

  for (unsigned i = 0; i < run->initial.n_strategies; i++)
    {
      PsStrategyRun *st = &run->strategies[i];
      PsResult *t = &st->report.total;

      t->wall_s = ps_clock_ticks_to_ns ((uint64_t) st->measured_ticks) / 1e9;
      t->throughput_per_s = t->wall_s > 0 ? (double) t->tasks_completed / t->wall_s : 0;
      fill_latencies (&st->total_latency, t);
      t->wait_share_pct = percent (st->wait_ticks, st->thread_ticks);
      t->contended_acq_pct = percent ((double) t->contended_acquisitions,
                                      (double) t->acquisitions);
      t->hold_share_pct = percent (st->hold_ticks, st->capacity_ticks);
      t->gil_hold_share_pct = percent (st->gil_hold_ticks, st->measured_ticks);
      t->idle_share_pct = percent (st->idle_ticks, st->thread_ticks);
      t->producer_cpu_pct = percent (st->producer_ticks, st->measured_ticks);
      t->serialize_share_pct = percent (st->serialize_ticks, st->measured_ticks);
      breakdown_percent (&st->breakdown, st->thread_ticks, &t->time_breakdown_pct);
      breakdown_percent (&st->producer_breakdown, st->producer_wall_ticks,
                         &t->producer_breakdown_pct);
      t->interference.other_cpu_pct = st->measured_ticks > 0
                                      ? st->other_cpu_ticks / st->measured_ticks : 0;
      t->arrival_lag_mean_us = st->arrivals_taken
                               ? st->arrival_lag_sum_ns / (double) st->arrivals_taken / 1e3 : 0;
      free (t->per_thread_tasks);
      t->n_threads = st->total_slots;
      t->per_thread_tasks = calloc (st->total_slots ? st->total_slots : 1, sizeof (uint64_t));
      if (t->per_thread_tasks != NULL && st->total_slots > 0)
        memcpy (t->per_thread_tasks, st->total_per_slot, st->total_slots * sizeof (uint64_t));
      t->fairness = fairness_of (t->per_thread_tasks, t->n_threads);
      if (strcmp (st->report.strategy.name, "single") == 0 && t->wall_s > 0)
        single_throughput = t->throughput_per_s;
    }

  for (unsigned i = 0; i < run->initial.n_strategies; i++)
    {
      PsResult *t = &run->strategies[i].report.total;
      /* Threads averaged over the measured segments, which a live change may have resized. */
      PsStrategyRun *st = &run->strategies[i];
      double threads = st->measured_ticks > 0 ? st->thread_ticks / st->measured_ticks : 1.0;
      t->speedup = isnan (single_throughput) ? NAN : t->throughput_per_s / single_throughput;
      t->efficiency = isnan (t->speedup) ? NAN : t->speedup / threads;
    }
}

double
ps_run_elapsed_s (PsRun *run)
{
  return ps_clock_ticks_to_ns (ps_clock_ticks () - run->start_ticks) / 1e9;
}

static void
read_point (PsSegmentRun *seg, PsExec *ex, uint64_t at_ticks, PsSamplePoint *p)
{
  CounterSums sums;

  memset (&p->latency, 0, sizeof p->latency);
  p->at_ticks = at_ticks;
  sum_counters (ex->counters, seg->n_workers, p->at_ticks, &sums, &p->latency, NULL);
  p->tasks = sums.tasks;
  p->wait = sums.wait;
  p->hold = sums.hold;
  p->idle = sums.idle;
  p->acquisitions = sums.acquisitions;
  p->contended = sums.contended;
  p->bytes_copied = sums.bytes_copied;
  p->gil_hold = sums.gil_hold;
  p->io = sums.io;
  p->cpu_ns = sums.cpu_ns;
  p->runnable_ns = sums.runnable_ns;
}

/* The window's time breakdown: the same rule as a segment's, on the growth of each figure. */
static void
window_breakdown (const PsSamplePoint *now, const PsSamplePoint *last, double thread_ticks,
                  PsTimeBreakdown *out)
{
  CounterSums grown = {
    .wait = (uint64_t) growth (now->wait, last->wait),
    .hold = (uint64_t) growth (now->hold, last->hold),
    .gil_hold = (uint64_t) growth (now->gil_hold, last->gil_hold),
    .idle = (uint64_t) growth (now->idle, last->idle),
    .io = (uint64_t) growth (now->io, last->io),
    .cpu_ns = (uint64_t) growth (now->cpu_ns, last->cpu_ns),
    .runnable_ns = (uint64_t) growth (now->runnable_ns, last->runnable_ns),
  };
  PsTimeBreakdown ticks;

  break_down (&grown, thread_ticks, &ticks);
  breakdown_percent (&ticks, thread_ticks, out);
}

void
ps_run_sample_reset (PsRun *run, PsSegmentRun *seg)
{
  memset (&run->last_sample, 0, sizeof run->last_sample);
  run->last_sample.at_ticks = seg->start_ticks;
}

/* The fraction of the whole run done: tasks for task-count runs, measured time for timed ones. */
static double
run_progress (PsRun *run, uint64_t live_tasks)
{
  const PsScenario *s = &run->initial;
  double done = 0, total = 0;

  for (unsigned i = 0; i < s->n_strategies; i++)
    {
      PsStrategyRun *st = &run->strategies[i];
      bool live = i == run->segment_strategy;
      if (s->tasks > 0)
        {
          total += (double) (s->tasks + s->warmup_tasks);
          done += st->finished ? (double) (s->tasks + s->warmup_tasks)
                               : (double) (st->tasks_before_segment + (live ? live_tasks : 0));
        }
      else
        {
          total += (double) (s->duration_ns + s->warmup_ns) / 1e9;
          /* The live segment's time counts too, or a long segment would show no progress. */
          double live_s = live && run->segment != NULL
            ? ps_clock_ticks_to_ns (ps_clock_ticks () - run->segment->start_ticks) / 1e9 : 0;
          done += st->finished ? (double) (s->duration_ns + s->warmup_ns) / 1e9
                               : st->elapsed_s + live_s;
        }
    }
  double f = total > 0 ? done / total : 0;
  return f > 1 ? 1 : f;
}

void
ps_run_sample (PsRun *run, bool closing)
{
  PsSegmentRun *seg = run->segment;
  if (seg == NULL || !atomic_load (&seg->started))
    return;

  /* A closing segment's last window ends when its last thread left, not when the controller got
   * round to it: the join in between ran no task and would read as a throughput dip. */
  uint64_t at = closing ? seg->end_ticks : ps_clock_ticks ();
  PsSamplePoint *last = &run->last_sample;
  /* The sampler may have run after the last thread left but before the controller noticed. */
  if (at <= last->at_ticks)
    return;
  double window_ticks = (double) (at - last->at_ticks);
  /* A sliver of a window (a segment that just opened or is closing) is mostly noise; its tasks
   * still count in the cumulative figures of the next sample. */
  if (window_ticks < 0.25 * (double) ps_clock_ns_to_ticks (run->current.sample_ns))
    return;

  PsStrategyRun *st = &run->strategies[run->segment_strategy];
  PsSamplePoint *now = calloc (1, sizeof *now);
  if (now == NULL)
    return;
  read_point (seg, &st->exec, at, now);

  double thread_ticks = window_ticks * seg->n_workers;
  unsigned capacity = shared_capacity (&st->exec, &seg->scenario);
  PsHistogramSnapshot *window = &now->latency;
  PsSample sample = { 0 };

  /* The window's latencies are the difference of two cumulative histograms. */
  PsHistogramSnapshot diff = { 0 };
  for (unsigned b = 0; b < PS_HISTOGRAM_BUCKETS; b++)
    {
      diff.counts[b] = window->counts[b] - last->latency.counts[b];
      diff.total += diff.counts[b];
    }
  diff.max = window->max;

  sample.t_s = ps_run_elapsed_s (run);
  sample.strategy = run->segment_strategy;
  sample.segment = st->report.n_segments;
  sample.warmup = st->in_warmup;
  sample.threads = seg->n_workers;
  sample.tasks_completed = st->tasks_before_segment + now->tasks;
  sample.progress = run_progress (run, now->tasks);
  sample.throughput_per_s = window_ticks > 0
    ? (double) (now->tasks - last->tasks) / (ps_clock_ticks_to_ns ((uint64_t) window_ticks) / 1e9)
    : 0;
  sample.latency_p50_us = ps_histogram_snapshot_quantile (&diff, 0.50) / 1000.0;
  sample.latency_p99_us = ps_histogram_snapshot_quantile (&diff, 0.99) / 1000.0;
  sample.wait_share_pct = percent (growth (now->wait, last->wait), thread_ticks);
  sample.contended_acq_pct = percent (growth (now->contended, last->contended),
                                      growth (now->acquisitions, last->acquisitions));
  sample.hold_share_pct = capacity
    ? percent (growth (now->hold, last->hold), window_ticks * capacity) : 0;
  sample.idle_share_pct = percent (growth (now->idle, last->idle), thread_ticks);
  window_breakdown (now, last, thread_ticks, &sample.time_breakdown_pct);
  sample.isolates_live = ps_provision_live (st->exec.provision);
  sample.bytes_copied = st->bytes_before_segment + now->bytes_copied;

  ps_ring_push (&run->ring, &sample);
  *last = *now;
  free (now);
}
