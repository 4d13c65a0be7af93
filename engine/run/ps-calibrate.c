/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-calibrate.c: this machine's reference costs, measured once per process (~100 ms). */
#include "ps-calibrate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "ps-clock.h"
#include "ps-isolate.h"
#include "ps-worker.h"
#include "ps-input.h"
#include "ps-workload.h"

static pthread_once_t calibrate_once = PTHREAD_ONCE_INIT;
static PsMachine machine;

static void
read_cpu_model (char *buf, size_t size)
{
  FILE *f = fopen ("/proc/cpuinfo", "r");
  char line[256];

  snprintf (buf, size, "unknown");
  if (f == NULL)
    return;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, "model name", 10) == 0)
      {
        char *value = strchr (line, ':');
        if (value != NULL)
          {
            value += 1 + strspn (value + 1, " \t");
            value[strcspn (value, "\n")] = '\0';
            snprintf (buf, size, "%s", value);
          }
        break;
      }
  fclose (f);
}

/* The cost of one call of @read_clock. The call is indirect, which adds about a nanosecond to
 * both clocks alike; the figure is a reference to read results against, not a correction. */
static double
measure_clock (uint64_t (*read_clock) (void))
{
  const unsigned n = 50000;
  uint64_t sink = 0;
  uint64_t t0 = ps_clock_now_ns ();

  for (unsigned i = 0; i < n; i++)
    sink += read_clock ();
  __asm__ volatile ("" : : "r"(sink));
  return (double) (ps_clock_now_ns () - t0) / n;
}

/* The best of several rounds: noise only ever adds time. Both buffers come from one allocation so
 * that (destination − source) mod 4096 is @offset by construction; two separate mallocs once put
 * them 16 bytes apart modulo 4 KiB and made the reference copy 25 times too slow. */
static double
measure_memcpy (uint64_t bytes, unsigned offset)
{
  size_t span = ((size_t) bytes + 4095) / 4096 * 4096 + 4096;
  uint8_t *block = aligned_alloc (4096, 2 * span);
  double best = 0;

  if (block == NULL)
    return 0;
  uint8_t *src = block, *dst = block + span + offset;
  memset (src, 1, bytes);
  memset (dst, 2, bytes);
  unsigned reps = (unsigned) (4000000 / bytes) + 1;
  for (int round = 0; round < 5; round++)
    {
      uint64_t t0 = ps_clock_now_ns ();
      for (unsigned i = 0; i < reps; i++)
        {
          memcpy (dst, src, bytes);
          __asm__ volatile ("" : : "r"(dst) : "memory");
        }
      double ns = (double) (ps_clock_now_ns () - t0) / reps;
      if (round == 0 || ns < best)
        best = ns;
    }
  free (block);
  return best;
}

static double
measure_arena_per_kib (void)
{
  PsScenario s = { 0 };
  PsIsolateBudget budget = { 0 };
  PsCounters *counters = aligned_alloc (64, sizeof (PsCounters));
  const unsigned n = 8;

  if (counters == NULL)
    return 0;
  ps_counters_reset (counters);
  s.isolate_heap_bytes = 1024 * 1024;
  uint64_t t0 = ps_clock_now_ns ();
  for (unsigned i = 0; i < n; i++)
    ps_isolate_free (ps_isolate_new (&s, NULL, &budget, counters), &budget);
  double per_kib = (double) (ps_clock_now_ns () - t0) / n / 1024.0;
  free (counters);
  return per_kib;
}

typedef struct
{
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  unsigned turn;         /* guarded by mutex: whose move it is (0 or 1) */
  unsigned rounds;
} PingPong;

static void
pong_main (void *arg)
{
  PingPong *pp = arg;

  pthread_mutex_lock (&pp->mutex);
  for (unsigned i = 0; i < pp->rounds; i++)
    {
      while (pp->turn != 1)
        pthread_cond_wait (&pp->cond, &pp->mutex);
      pp->turn = 0;
      pthread_cond_signal (&pp->cond);
    }
  pthread_mutex_unlock (&pp->mutex);
}

/* Two threads pass a token back and forth through one mutex and condvar. */
static double
measure_lock_handoff (void)
{
  /* 500 hand-offs: the median of a reference settles long before, and each costs two futex
   * system calls, which a VM makes slow (calibration runs in every fresh process). */
  PingPong pp = { .rounds = 500 };
  uv_thread_t pong;

  pthread_mutex_init (&pp.mutex, NULL);
  pthread_cond_init (&pp.cond, NULL);
  if (uv_thread_create (&pong, pong_main, &pp) != 0)
    return 0;
  uint64_t t0 = ps_clock_now_ns ();
  pthread_mutex_lock (&pp.mutex);
  for (unsigned i = 0; i < pp.rounds; i++)
    {
      pp.turn = 1;
      pthread_cond_signal (&pp.cond);
      while (pp.turn != 0)
        pthread_cond_wait (&pp.cond, &pp.mutex);
    }
  pthread_mutex_unlock (&pp.mutex);
  double ns = (double) (ps_clock_now_ns () - t0) / (2.0 * pp.rounds);
  uv_thread_join (&pong);
  pthread_cond_destroy (&pp.cond);
  pthread_mutex_destroy (&pp.mutex);
  return ns;
}

typedef struct
{
  uint64_t request_ns;
  bool engine_thread;   /* set up as an engine thread (least timer slack) first */
  double median_ns;
} SleepProbe;

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* On a thread of its own, so the caller's timer slack stays as it was. */
static void
sleep_probe_main (void *arg)
{
  SleepProbe *probe = arg;
  double took[31];
  struct timespec ts = { 0, (long) probe->request_ns };

  if (probe->engine_thread)
    ps_worker_thread_init ();
  for (unsigned i = 0; i < 31; i++)
    {
      uint64_t t0 = ps_clock_now_ns ();
      nanosleep (&ts, NULL);
      took[i] = (double) (ps_clock_now_ns () - t0);
    }
  qsort (took, 31, sizeof took[0], compare_double);
  probe->median_ns = took[15];
}

/* The median of 31 sleeps of @request_ns: what an I/O delay that short really lasts. */
static double
measure_sleep (uint64_t request_ns, bool engine_thread)
{
  SleepProbe probe = { request_ns, engine_thread, 0 };
  uv_thread_t thread;

  if (uv_thread_create (&thread, sleep_probe_main, &probe) != 0)
    return 0;
  uv_thread_join (&thread);
  return probe.median_ns;
}

static void
calibrate (void)
{
  static const uint64_t sizes[PS_CALIBRATE_MEMCPY_SIZES] = { 64, 4096, 65536, 1048576 };

  ps_clock_init ();
  ps_workload_init ();
  machine.cores = uv_available_parallelism ();
  read_cpu_model (machine.cpu_model, sizeof machine.cpu_model);
  machine.total_memory_bytes = uv_get_total_memory ();
  machine.last_level_cache_bytes = ps_input_last_level_cache_bytes ();
  snprintf (machine.clock_source, sizeof machine.clock_source, "%s", ps_clock_source ());
  machine.ticks_per_ns = ps_clock_ticks_per_ns;
  machine.clock_cost_ns = measure_clock (ps_clock_ticks);
  machine.clock_gettime_ns = measure_clock (ps_clock_now_ns);
  for (unsigned i = 0; i < PS_CALIBRATE_MEMCPY_SIZES; i++)
    {
      machine.memcpy_sizes[i] = sizes[i];
      machine.memcpy_ns[i] = measure_memcpy (sizes[i], PS_COPY_OFFSET_SAFE);
      machine.memcpy_aliased_ns[i] = measure_memcpy (sizes[i], PS_COPY_OFFSET_ALIASED);
    }
  machine.arena_create_ns_per_kib = measure_arena_per_kib ();
  machine.lock_handoff_ns = measure_lock_handoff ();
  machine.sleep_request_ns = 20000;
  machine.sleep_achieved_ns = measure_sleep (20000, true);
  machine.sleep_default_slack_ns = measure_sleep (20000, false);
  machine.memcpy_safe_offset = PS_COPY_OFFSET_SAFE;
  machine.memcpy_aliased_offset = PS_COPY_OFFSET_ALIASED;
  machine.work_iterations_per_us = ps_workload_iterations_per_us ();
  machine.work_probe_ns = PS_WORKLOAD_PROBE_NS;
  machine.work_probe_rounds = PS_WORKLOAD_PROBE_ROUNDS;
  machine.work_round_spread_pct = ps_workload_round_spread_pct ();
}

int
ps_calibrate (PsMachine *out)
{
  pthread_once (&calibrate_once, calibrate);
  *out = machine;
  return 0;
}
