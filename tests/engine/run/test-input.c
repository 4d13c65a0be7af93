/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-input.c: where copied payloads come from. A cold source outgrows the last-level cache and
 * tasks walk through all of it; a hot one is 4 chunks; the bytes, and so the checksums, are the
 * same either way.
 */
#include <string.h>
#include <stdio.h>

#include "ps-test-util.h"
#include "ps-input.h"

/* The closed form: slots are the payload plus one word, rounded up to 64 bytes; hot is one of each
 * of the 4 chunks; cold is the fewest whole rounds of 4 that reach twice the last-level cache. */
static void
test_span (void)
{
  const uint64_t llc = ps_input_last_level_cache_bytes ();
  const uint64_t round = 4 * 4160;

  g_test_message ("last-level cache %" G_GUINT64_FORMAT " bytes", llc);
  g_assert_cmpuint (llc, >=, 256 * 1024);
  g_assert_cmpuint (ps_input_span_bytes (4096, PS_PAYLOAD_SOURCE_HOT), ==, round);
  g_assert_cmpuint (ps_input_span_bytes (4096, PS_PAYLOAD_SOURCE_COLD), ==,
                    (2 * llc + round - 1) / round * round);
  /* Nothing is read from an empty payload: one word per chunk, nothing to keep cold. */
  g_assert_cmpuint (ps_input_span_bytes (0, PS_PAYLOAD_SOURCE_COLD), ==, 4 * 64);
  /* A payload that alone outgrows the cache needs no replicas. */
  g_assert_cmpuint (ps_input_span_bytes (llc, PS_PAYLOAD_SOURCE_COLD), ==,
                    4 * ((llc + 8 + 63) / 64 * 64));
}

/* Consecutive tasks read distinct replicas until the whole span has been read once, and every
 * replica holds the bytes the hot source has. */
static void
test_cold_walk (void)
{
  PsInput cold = { 0 }, hot = { 0 };
  const uint64_t payload = 1000;

  g_assert_true (ps_input_prepare (&cold, 7, payload, PS_PAYLOAD_SOURCE_COLD));
  g_assert_true (ps_input_prepare (&hot, 7, payload, PS_PAYLOAD_SOURCE_HOT));
  g_assert_cmpuint (hot.replicas, ==, 1);
  g_assert_cmpuint (cold.replicas * 4 * cold.slot_bytes, >=,
                    2 * ps_input_last_level_cache_bytes ());

  GHashTable *seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  const uint8_t *lowest = NULL, *highest = NULL;
  for (uint64_t id = 0; id < cold.replicas * 4; id++)
    {
      const uint8_t *src = ps_input_chunk (&cold, id, id % 4);

      g_assert_false (g_hash_table_contains (seen, src));
      g_hash_table_add (seen, (gpointer) src);
      g_assert_true (src >= cold.region);
      g_assert_true (src + payload <= cold.region + cold.replicas * 4 * cold.slot_bytes);
      g_assert_cmpint (memcmp (src, ps_input_chunk (&hot, id, id % 4), payload), ==, 0);
      lowest = lowest == NULL || src < lowest ? src : lowest;
      highest = highest == NULL || src > highest ? src : highest;
    }
  /* The next round starts over at the first replica. */
  g_assert_true (ps_input_chunk (&cold, cold.replicas * 4, 0) == cold.region);
  g_assert_cmpuint ((uint64_t) (highest - lowest) + cold.slot_bytes, ==,
                    cold.replicas * 4 * cold.slot_bytes);
  for (unsigned c = 0; c < 4; c++)
    g_assert_cmpuint (cold.chunk_digest[c], ==, hot.chunk_digest[c]);
  g_hash_table_unref (seen);
  ps_input_clear (&cold);
  ps_input_clear (&hot);
}

/* Which cache size the cold source is sized on: sysfs when it says, else the C library's, unless
 * a virtual machine forwarded a host-sized figure (the 508 MiB one EPYC VM's CPUID reports, the
 * 480 MiB one Xeon VM's sysfs reports). */
static void
test_cache_size_choice (void)
{
  const uint64_t MiB = 1 << 20;

  g_assert_cmpuint (ps_input_choose_cache_bytes (32 * MiB, 532676608, MiB), ==, 32 * MiB);
  g_assert_cmpuint (ps_input_choose_cache_bytes (96 * MiB, 0, 0), ==, 96 * MiB);
  g_assert_cmpuint (ps_input_choose_cache_bytes (480 * MiB, 503316480, MiB), ==, 32 * MiB);
  g_assert_cmpuint (ps_input_choose_cache_bytes (0, 532676608, MiB), ==, 32 * MiB);
  g_assert_cmpuint (ps_input_choose_cache_bytes (0, 64 * MiB, MiB), ==, 64 * MiB);
  g_assert_cmpuint (ps_input_choose_cache_bytes (0, 0, 2 * MiB), ==, 2 * MiB);
  g_assert_cmpuint (ps_input_choose_cache_bytes (0, -1, -1), ==, 32 * MiB);
  /* This machine's own figure is one of those, whatever it reports. */
  g_assert_cmpuint (ps_input_last_level_cache_bytes (), <=, 128 * MiB);
}

/* A cold input is kept for the next run with the same seed, payload and source, shared while
 * runs use it and rebuilt only when the key changes; hot and very large inputs are not kept. */
static void
test_cache (void)
{
  PsInput a = { 0 }, b = { 0 }, c = { 0 }, hot = { 0 }, big = { 0 };
  const uint64_t llc = ps_input_last_level_cache_bytes ();

  g_assert_true (ps_input_prepare (&a, 11, 4096, PS_PAYLOAD_SOURCE_COLD));
  g_assert_true (ps_input_prepare (&b, 11, 4096, PS_PAYLOAD_SOURCE_COLD));
  g_assert_true (a.shared && b.shared);
  g_assert_true (a.region == b.region);
  ps_input_clear (&a);
  ps_input_clear (&b);
  g_assert_true (ps_input_prepare (&c, 11, 4096, PS_PAYLOAD_SOURCE_COLD));
  g_assert_true (c.shared);
  uint8_t *kept = c.region;
  ps_input_clear (&c);

  /* Another seed: the unused input makes room, and the bytes are the new seed's. */
  g_assert_true (ps_input_prepare (&c, 12, 4096, PS_PAYLOAD_SOURCE_COLD));
  g_assert_true (ps_input_prepare (&hot, 12, 4096, PS_PAYLOAD_SOURCE_HOT));
  g_assert_false (hot.shared);
  g_assert_cmpint (memcmp (ps_input_chunk (&c, 5, 1), ps_input_chunk (&hot, 5, 1), 4096), ==, 0);
  for (unsigned i = 0; i < 4; i++)
    g_assert_cmpuint (c.chunk_digest[i], ==, hot.chunk_digest[i]);
  g_test_message ("kept %p, rebuilt %p", (void *) kept, (void *) c.region);

  /* While it is in use, a different key gets an input of its own. */
  g_assert_true (ps_input_prepare (&a, 13, 4096, PS_PAYLOAD_SOURCE_COLD));
  g_assert_false (a.shared);
  g_assert_true (a.region != c.region);
  ps_input_clear (&a);
  ps_input_clear (&c);
  ps_input_clear (&hot);

  /* Four chunks each larger than the cache are never kept. */
  g_assert_true (ps_input_prepare (&big, 11, llc, PS_PAYLOAD_SOURCE_COLD));
  g_assert_false (big.shared);
  ps_input_clear (&big);
}

/* A finished run lets go of its input before it is freed (front-ends keep finished runs for their
 * reports): the next cold input, of another payload, takes the cache instead of being rebuilt
 * for every run that follows. */
static void
test_finished_run_lets_go (void)
{
  PsScenario s;
  PsRun *run = NULL;
  PsInput next = { 0 };

  pst_scenario_init_one (&s, "single");
  s.payload_bytes = 4096;
  s.payload_source = PS_PAYLOAD_SOURCE_COLD;
  s.tasks = 100;
  g_assert_cmpint (ps_run_new (&s, NULL, NULL, &run), ==, 0);
  g_assert_cmpint (ps_run_start (run), ==, 0);
  g_assert_cmpint (ps_run_wait (run), ==, 0);
  g_assert_nonnull (ps_run_get_report (run));

  g_assert_true (ps_input_prepare (&next, s.seed, 64, PS_PAYLOAD_SOURCE_COLD));
  g_assert_true (next.shared);
  ps_input_clear (&next);
  ps_run_free (run);
}

/* The peak resident size of this process's memory (VmHWM). Not getrusage ()'s ru_maxrss: that
 * one survives exec, so a test subprocess would start from its parent's peak (which holds the
 * cached input of the tests before it). */
static guint64
peak_resident_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kib = 0;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "VmHWM: %" G_GUINT64_FORMAT, &kib), ==, 1);
  return kib * 1024;
}

/* ps_run_new() is cheap enough for a UI thread: a cold run's input (over twice the last-level
 * cache) is built by the run's own thread once started, so creating the run leaves the process's
 * resident peak where it was, and starting it raises it past the cache. In a fresh process. */
static void
test_new_builds_nothing (void)
{
  if (g_test_subprocess ())
    {
      PsScenario s;
      PsRun *run = NULL;
      guint64 before, created;

      pst_scenario_init_one (&s, "single");
      s.payload_bytes = 4096;
      s.payload_source = PS_PAYLOAD_SOURCE_COLD;
      s.seed = 77; /* a key no earlier input of this process has */
      s.tasks = 100;
      before = peak_resident_bytes ();
      g_assert_cmpint (ps_run_new (&s, NULL, NULL, &run), ==, 0);
      created = peak_resident_bytes ();
      g_test_message ("peak before %.1f MiB, after ps_run_new %.1f MiB", before / 1048576.0,
                      created / 1048576.0);
      g_assert_cmpuint (created - before, <, ps_input_last_level_cache_bytes () / 4);
      g_assert_cmpint (ps_run_start (run), ==, 0);
      g_assert_cmpint (ps_run_wait (run), ==, 0);
      g_assert_cmpuint (peak_resident_bytes () - before, >, ps_input_last_level_cache_bytes ());
      g_assert_true (ps_run_get_report (run)->completed);
      ps_run_free (run);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A whole run through the public API, cold by default: the process really holds the span (before
 * the source existed, a run of 4 KiB payloads touched 16 KiB of input), the report says so, every
 * transfer gets the same checksum as a hot run, and each task ran once. Runs in a fresh process so
 * the resident peak starts low. */
static void
test_cold_run (gconstpointer data)
{
  PsScenario s;
  PsMachine m;

  g_assert_cmpint (ps_calibrate (&m), ==, 0);
  guint64 before = peak_resident_bytes ();
  for (int transfer = 0; transfer < PS_TRANSFER_COUNT; transfer++)
    {
      PsReport *cold_report, *hot_report;

      pst_scenario_init (&s);
      pst_scenario_add_strategy (&s, "single");
      pst_scenario_add_strategy (&s, "queue");
      s.transfer = transfer;
      s.payload_bytes = 4096;
      s.work_ns = 0;
      s.tasks = 2000;
      /* What users run: the engine's default, cold. */
      PsScenario defaults;
      ps_scenario_init_defaults (&defaults);
      g_assert_cmpint (defaults.payload_source, ==, PS_PAYLOAD_SOURCE_COLD);
      s.payload_source = defaults.payload_source;
      cold_report = pst_run (&s);
      s.payload_source = PS_PAYLOAD_SOURCE_HOT;
      hot_report = pst_run (&s);

      g_assert_cmpuint (cold_report->input_span_bytes, >=, 2 * m.last_level_cache_bytes);
      g_assert_cmpuint (hot_report->input_span_bytes, ==, 4 * 4160);
      for (unsigned i = 0; i < 2; i++)
        {
          pst_assert_strategy_complete (cold_report, i, &hot_report->strategies[0]);
          pst_assert_strategy_complete (hot_report, i, &hot_report->strategies[0]);
        }
      ps_report_free (cold_report);
      ps_report_free (hot_report);
    }
  guint64 grown = peak_resident_bytes () - before;
  g_test_message ("resident peak grew by %.1f MiB (last-level cache %.1f MiB)", grown / 1048576.0,
                  m.last_level_cache_bytes / 1048576.0);
  /* More than the cache, not the whole span: pages already resident before the run (the
   * calibration's buffers, freed and reused) do not raise the peak again. */
  g_assert_cmpuint (grown, >, m.last_level_cache_bytes);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/input/span", test_span);
  g_test_add_func ("/engine/input/cold-walk", test_cold_walk);
  g_test_add_func ("/engine/input/cache", test_cache);
  g_test_add_func ("/engine/input/cache-size-choice", test_cache_size_choice);
  g_test_add_func ("/engine/input/finished-run-lets-go", test_finished_run_lets_go);
  g_test_add_func ("/engine/input/new-builds-nothing", test_new_builds_nothing);
  pst_add_trapped ("/engine/input/cold-run", NULL, test_cold_run, PST_TIMEOUT_US);
  return g_test_run ();
}
