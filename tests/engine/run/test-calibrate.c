/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-calibrate.c: the machine references and where a copy lands, each checked without timing luck.
 *
 * Calibration happens once per process, so the tests that time it run in a fresh subprocess.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ps-test-util.h"
#include "ps-clock.h"
#include "ps-isolate.h"
#include "ps-thread-stats.h"
#include "ps-workload.h"

/* The probe its comment promises: at least 5 rounds of 2 ms of kernel work. One probe of 0.27 ms
 * made the calibration drift ±10% between processes. A busy machine only makes this longer. */
static void
test_probe_length (gconstpointer data)
{
  ps_clock_init ();
  guint64 t0 = ps_clock_now_ns ();
  ps_workload_init ();
  guint64 took = ps_clock_now_ns () - t0;

  g_test_message ("calibration took %.2f ms", took / 1e6);
  g_assert_cmpuint (took, >=, 5 * 2000000u);
}

/* Calibrated work of 2 ms, timed by a plain clock: the fastest of 5 is within a generous factor.
 * Interference only lengthens a round, so the fastest one bounds the calibration from both sides
 * as long as the machine was quiet for one round in five. */
static void
test_work_matches_clock (void)
{
  const guint64 asked = 2000000;
  guint64 best = G_MAXUINT64;

  ps_clock_init ();
  ps_workload_init ();
  for (int round = 0; round < 5; round++)
    {
      guint64 t0 = ps_clock_now_ns ();
      ps_workload_spin_ns (asked);
      guint64 took = ps_clock_now_ns () - t0;
      best = MIN (best, took);
    }
  g_test_message ("2 ms of calibrated work took %.3f ms at best", best / 1e6);
  g_assert_cmpuint (best, >=, asked / 2);
  g_assert_cmpuint (best, <=, asked * 3);
}

static atomic_bool hog_running;

static void *
hog_main (void *unused)
{
  while (atomic_load_explicit (&hog_running, memory_order_relaxed))
    ;
  return NULL;
}

/* Calibrating while another thread shares the core: every probe gets about half the CPU. A probe
 * timed by the wall clock then finds the kernel half as fast, and every task after it runs half
 * its work; timed by the thread's CPU time it finds the true speed. Checked by CPU time against the
 * same kernel run with nothing beside it. */
static void
test_calibrate_on_shared_core (gconstpointer data)
{
  cpu_set_t one;
  pthread_t hog;
  const guint64 asked = 4000000;

  CPU_ZERO (&one);
  CPU_SET (sched_getcpu (), &one);
  g_assert_cmpint (sched_setaffinity (0, sizeof one, &one), ==, 0);
  atomic_store (&hog_running, true);
  /* The hog inherits the pinning: it and the calibration take turns on one core. */
  g_assert_cmpint (pthread_create (&hog, NULL, hog_main, NULL), ==, 0);
  guint64 wall0 = g_get_monotonic_time (), cpu0 = ps_thread_cpu_ns ();
  ps_workload_init ();
  double cpu_share = (double) (ps_thread_cpu_ns () - cpu0) / 1e3
                     / (double) (g_get_monotonic_time () - wall0);
  atomic_store (&hog_running, false);
  pthread_join (hog, NULL);

  guint64 best = G_MAXUINT64;
  for (int round = 0; round < 5; round++)
    {
      guint64 t0 = ps_thread_cpu_ns ();
      ps_workload_spin_ns (asked);
      best = MIN (best, ps_thread_cpu_ns () - t0);
    }
  g_test_message ("calibrated with %.0f%% of a core; 4 ms of work then took %.2f ms of CPU",
                  100 * cpu_share, best / 1e6);
  /* A wall-clock calibration on a shared core made work half as long as asked (0.5); CPU time
   * keeps it within what the machine itself varies: on a shared VM the same iterations can take a
   * third longer at one moment than another, for reasons the guest cannot see (the host's
   * hyperthread siblings, neighbours; other suites run beside this one in CI), and 0.8-1.25
   * failed there in two of three clean-clone runs. */
  g_assert_cmpfloat (best, >=, 0.7 * asked);
  g_assert_cmpfloat (best, <=, 1.45 * asked);
}

/* The report carries how the calibration was made, and its memcpy reference is not aliased. */
static void
test_machine_carries_calibration (void)
{
  PsMachine m;

  g_assert_cmpint (ps_calibrate (&m), ==, 0);
  g_assert_cmpfloat (m.work_iterations_per_us, >, 0);
  g_assert_cmpfloat (m.work_probe_ns, >=, 2e6);
  g_assert_cmpuint (m.work_probe_rounds, >=, 5);
  g_assert_cmpfloat (m.work_round_spread_pct, >=, 0);
  g_assert_cmpuint (m.memcpy_safe_offset, >=, PS_COPY_ALIAS_WINDOW);
  g_assert_cmpuint (m.memcpy_aliased_offset, >, 0);
  g_assert_cmpuint (m.memcpy_aliased_offset, <, PS_COPY_ALIAS_WINDOW);
  for (unsigned i = 0; i < PS_CALIBRATE_MEMCPY_SIZES; i++)
    {
      g_assert_cmpfloat (m.memcpy_ns[i], >, 0);
      g_assert_cmpfloat (m.memcpy_aliased_ns[i], >, 0);
    }
}

/* ps_copy_destination () puts the copy where the knob says, whatever the buffers' addresses. */
static void
test_destination_placement (void)
{
  uint8_t *buffer = malloc (3 * 4096);

  for (uintptr_t src_offset = 0; src_offset < 4096; src_offset += 8)
    for (uintptr_t buf_offset = 0; buf_offset < 4096; buf_offset += 520)
      {
        const uint8_t *src = buffer + src_offset;
        uint8_t *dst_on = ps_copy_destination (buffer + buf_offset, src, true);
        uint8_t *dst_off = ps_copy_destination (buffer + buf_offset, src, false);

        g_assert_true (ps_copy_is_aliased (src, dst_on));
        g_assert_false (ps_copy_is_aliased (src, dst_off));
        g_assert_cmpuint (dst_on - (buffer + buf_offset), <, PS_COPY_SLACK);
        g_assert_cmpuint (dst_off - (buffer + buf_offset), <, PS_COPY_SLACK);
        g_assert_cmpuint ((uintptr_t) (dst_on - src) % 8, ==, 0);
      }
  free (buffer);
}

/* A task's copy lands exactly where ps_copy_destination () says: aliased only with copy_alias. The
 * message buffer is malloc's, so before the placement was deliberate it landed wherever. */
static void
test_workload_copy_lands_as_asked (void)
{
  PsScenario s;
  PsInput input = { 0 };
  PsIsolateBudget budget = { 0 };
  PsCounters *counters = aligned_alloc (64, sizeof (PsCounters));
  const uint64_t bytes = 65536;

  ps_scenario_init_defaults (&s);
  s.transfer = PS_TRANSFER_COPY;
  s.payload_bytes = bytes;
  s.isolate_heap_bytes = 4096;
  g_assert_true (ps_input_prepare (&input, s.seed, bytes, s.payload_source));
  ps_counters_reset (counters);
  for (int alias = 0; alias < 2; alias++)
    {
      s.copy_alias = alias;
      for (uint64_t id = 0; id < 8; id++)
        {
          PsIsolate *iso = ps_isolate_new (&s, NULL, &budget, counters);
          PsTask task = { .id = id, .tenant = 0 };
          bool oom = false;
          const uint8_t *src = ps_input_chunk (&input, id, id % PS_INPUT_CHUNKS);

          ps_workload_run_body (&s, &input, iso, &task, 0, &budget, counters, &oom);
          g_assert_false (oom);
          uint8_t *dst = ps_copy_destination (iso->message, src, alias);
          g_assert_cmpint (memcmp (dst, src, bytes), ==, 0);
          g_assert_cmpint (ps_copy_is_aliased (src, dst), ==, alias);
          ps_isolate_free (iso, &budget);
        }
    }
  ps_input_clear (&input);
  free (counters);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  pst_add_trapped ("/engine/calibrate/probe-length", NULL, test_probe_length, PST_TIMEOUT_US);
  g_test_add_func ("/engine/calibrate/work-matches-clock", test_work_matches_clock);
  pst_add_trapped ("/engine/calibrate/shared-core", NULL, test_calibrate_on_shared_core,
                   PST_TIMEOUT_US);
  g_test_add_func ("/engine/calibrate/machine-carries-calibration",
                   test_machine_carries_calibration);
  g_test_add_func ("/engine/copy/destination-placement", test_destination_placement);
  g_test_add_func ("/engine/copy/workload-lands-as-asked", test_workload_copy_lands_as_asked);
  return g_test_run ();
}
