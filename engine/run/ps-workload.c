/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-workload.c: the task body, its input, its tenants and the calibrated CPU kernel. */
#include "ps-workload.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ps-clock.h"
#include "ps-thread-stats.h"

#define SAMPLE_WORDS 64

static pthread_once_t workload_once = PTHREAD_ONCE_INIT;
static double iterations_per_us = 1000.0;
static double round_spread_pct;

/* A dependent chain of multiply-adds: its speed does not depend on caches or on the data, and the
 * empty asm keeps the compiler from deleting or shortening it. */
static uint64_t
kernel (uint64_t iterations, uint64_t x)
{
  for (uint64_t i = 0; i < iterations; i++)
    {
      x = x * 6364136223846793005u + 1442695040888963407u;
      __asm__ volatile ("" : "+r"(x));
    }
  return x;
}

void
ps_workload_burn (uint64_t iterations, uint64_t seed)
{
  kernel (iterations, seed);
}

/* Runs the kernel for about @ns at @rate and returns the rate it achieved (iterations per µs of
 * this thread's CPU time). CPU time, not the wall clock: on a busy machine a probe that shared its
 * core counted the other thread's turns as its own and the calibration came out slow, so every
 * later task ran short (20 µs of work measured 15 µs of service in a loaded test run). */
static double
probe_rate (double rate, uint64_t ns)
{
  uint64_t iterations = (uint64_t) (rate * (double) ns / 1000.0) + 1;
  uint64_t t0 = ps_thread_cpu_ns ();
  kernel (iterations, ns);
  uint64_t dt = ps_thread_cpu_ns () - t0;

  return (double) iterations * 1000.0 / (double) (dt ? dt : 1);
}

static int
compare_rate (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The rate is the median of PS_WORKLOAD_PROBE_ROUNDS probes of PS_WORKLOAD_PROBE_NS each, after a
 * warm-up long enough for the core to leave its idle clock. One probe of 0.27 ms (it was meant to
 * be 2 ms, but assumed 100 iterations per µs) drifted ±10% between processes: it often ran before
 * the core had ramped up, and a single preemption decided the figure. The best round is not the
 * answer either: it rewards a lucky boost or a probe that straddled a tick, and a process that
 * happened to catch one kept it. The median of 2 ms rounds ignores up to half the rounds being
 * disturbed either way, so separate processes agree to about ±2%. */
static void
workload_calibrate (void)
{
  double rates[PS_WORKLOAD_PROBE_ROUNDS];
  double rate;

  ps_clock_init ();
  /* A first guess, then a warm-up that runs for about its stated time whatever the machine. */
  rate = probe_rate (100.0, 100000);
  for (uint64_t t0 = ps_clock_now_ns (); ps_clock_now_ns () - t0 < PS_WORKLOAD_WARMUP_NS;)
    rate = probe_rate (rate, PS_WORKLOAD_PROBE_NS / 4);
  for (unsigned round = 0; round < PS_WORKLOAD_PROBE_ROUNDS; round++)
    rates[round] = probe_rate (rate, PS_WORKLOAD_PROBE_NS);
  qsort (rates, PS_WORKLOAD_PROBE_ROUNDS, sizeof rates[0], compare_rate);
  iterations_per_us = rates[PS_WORKLOAD_PROBE_ROUNDS / 2];
  round_spread_pct = 100.0 * (rates[PS_WORKLOAD_PROBE_ROUNDS - 1] - rates[0]) / iterations_per_us;
}

void
ps_workload_init (void)
{
  pthread_once (&workload_once, workload_calibrate);
}

double
ps_workload_iterations_per_us (void)
{
  ps_workload_init ();
  return iterations_per_us;
}

double
ps_workload_round_spread_pct (void)
{
  ps_workload_init ();
  return round_spread_pct;
}

uint64_t
ps_workload_iterations_for (uint64_t work_ns)
{
  return (uint64_t) llround ((double) work_ns * ps_workload_iterations_per_us () / 1000.0);
}

void
ps_workload_spin_ns (uint64_t ns)
{
  kernel (ps_workload_iterations_for (ns), ns);
}

bool
ps_copy_is_aliased (const void *src, const void *dst)
{
  uintptr_t distance = ((uintptr_t) dst - (uintptr_t) src) % 4096u;

  return distance > 0 && distance < PS_COPY_ALIAS_WINDOW;
}

uint8_t *
ps_copy_destination (uint8_t *buffer, const void *src, bool aliased)
{
  uintptr_t want = aliased ? PS_COPY_OFFSET_ALIASED : PS_COPY_OFFSET_SAFE;
  uintptr_t have = ((uintptr_t) buffer - (uintptr_t) src) % 4096u;

  /* Move forward by what takes the distance from @have to @want, modulo 4 KiB. */
  return buffer + (want - have + 4096u) % 4096u;
}

bool
ps_tenant_table_prepare (PsTenantTable *table, unsigned tenants, double skew)
{
  ps_tenant_table_clear (table);
  table->tenants = tenants ? tenants : 1;
  table->skew = skew;
  if (skew <= 0)
    return true;

  table->cdf = malloc (table->tenants * sizeof (double));
  if (table->cdf == NULL)
    return false;
  double sum = 0;
  for (unsigned t = 0; t < table->tenants; t++)
    {
      sum += 1.0 / pow ((double) (t + 1), skew);
      table->cdf[t] = sum;
    }
  for (unsigned t = 0; t < table->tenants; t++)
    table->cdf[t] /= sum;
  return true;
}

void
ps_tenant_table_clear (PsTenantTable *table)
{
  free (table->cdf);
  table->cdf = NULL;
}

uint32_t
ps_tenant_of (const PsTenantTable *table, uint64_t seed, uint64_t id)
{
  if (table->cdf == NULL)
    return (uint32_t) (id % table->tenants);

  double u = (double) (ps_hash64 (seed * 31 + id) >> 11) / 9007199254740992.0;
  unsigned lo = 0, hi = table->tenants - 1;
  while (lo < hi)
    {
      unsigned mid = lo + (hi - lo) / 2;
      if (table->cdf[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Deserialising is reading every word back; the digest proves the bytes arrived intact. */
static uint64_t
decode (const uint8_t *bytes, uint64_t length)
{
  const uint64_t *w = (const uint64_t *) bytes;
  uint64_t sum = 0;

  for (uint64_t i = 0; i < length / sizeof (uint64_t); i++)
    sum += w[i];
  return sum;
}

uint64_t
ps_workload_run_body (const PsScenario *s, const PsInput *input, PsIsolate *iso,
                      const PsTask *task, uint64_t work_iterations, PsIsolateBudget *budget,
                      PsCounters *counters, bool *oom)
{
  unsigned chunk = (unsigned) (task->id % PS_INPUT_CHUNKS);
  uint64_t bytes = input->payload_bytes;
  const uint8_t *data = ps_input_chunk (input, task->id, chunk);
  bool intact = true;

  switch (s->transfer)
    {
    case PS_TRANSFER_COPY:
      {
        uint8_t *dst;
        if (bytes == 0)
          break;
        if (!ps_isolate_reserve_message (iso, bytes + PS_COPY_SLACK, budget))
          goto out_of_memory;
        /* Where the copy lands is chosen, not left to malloc: see ps_copy_destination (). */
        dst = ps_copy_destination (iso->message, data, s->copy_alias);
        memcpy (dst, data, bytes);
        ps_counter_add (&counters->bytes_copied, bytes);
        intact = decode (dst, bytes) == input->chunk_digest[chunk];
        data = dst;
      }
      break;

    case PS_TRANSFER_CAPTURE_WHOLE:
      {
        uint64_t digest = 0, decoded = 0, slot = bytes + PS_COPY_SLACK;
        uint8_t *dst[PS_INPUT_CHUNKS];
        if (bytes == 0)
          break;
        if (!ps_isolate_reserve_message (iso, slot * PS_INPUT_CHUNKS, budget))
          goto out_of_memory;
        for (unsigned c = 0; c < PS_INPUT_CHUNKS; c++)
          {
            const uint8_t *src = ps_input_chunk (input, task->id, c);

            dst[c] = ps_copy_destination (iso->message + c * slot, src, s->copy_alias);
            memcpy (dst[c], src, bytes);
            digest += input->chunk_digest[c];
          }
        ps_counter_add (&counters->bytes_copied, bytes * PS_INPUT_CHUNKS);
        for (unsigned c = 0; c < PS_INPUT_CHUNKS; c++)
          decoded += decode (dst[c], bytes);
        intact = decoded == digest;
        data = dst[chunk];
      }
      break;

    case PS_TRANSFER_MOVE:
    case PS_TRANSFER_COUNT:
    default:
      /* Ownership is handed over: the isolate reads the sender's bytes where they are. */
      break;
    }

  /* A fixed sample, so the work does not grow with the payload unless the transfer does. */
  uint64_t words = bytes / sizeof (uint64_t);
  uint64_t sample = 0;
  if (words > 0)
    {
      const uint64_t *w = (const uint64_t *) data;
      uint64_t stride = words > SAMPLE_WORDS ? words / SAMPLE_WORDS : 1;
      for (uint64_t i = 0; i < words && i / stride < SAMPLE_WORDS; i += stride)
        sample += w[i];
    }

  kernel (work_iterations, task->id);

  uint64_t result = ps_hash64 (task->id ^ ((uint64_t) task->tenant << 40) ^ sample);
  /* Corrupted transfers change the checksum, which the tests compare with `single`'s. */
  return intact ? result : ~result;

out_of_memory:
  *oom = true;
  return 0;
}
