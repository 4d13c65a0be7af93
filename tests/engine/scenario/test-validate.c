/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-validate.c: one clear line for every bad scenario, strategies by name, the memory bound. */
#include <string.h>

#include <glib.h>

#include "ps-engine.h"

static void
assert_parse_message (PsKnob knob, const char *text, const char *expected)
{
  char message[320] = "";
  double v = -1;

  g_assert_cmpint (ps_knob_parse (ps_knob_info (knob), text, &v, message, sizeof message), ==,
                   PS_EINVAL);
  g_assert_cmpfloat (v, ==, -1);
  g_assert_cmpstr (message, ==, expected);
}

static void
test_parse_messages (void)
{
  assert_parse_message (PS_KNOB_THREADS, "0", "--threads must be between 1 and 1024 (got 0)");
  assert_parse_message (PS_KNOB_THREADS, "2000",
                        "--threads must be between 1 and 1024 (got 2000)");
  assert_parse_message (PS_KNOB_ISOLATES, "70000",
                        "--isolates must be between 1 and 65536 (got 70000)");
  assert_parse_message (PS_KNOB_THREADS, "-3", "--threads must be between 1 and 1024 (got -3)");
  assert_parse_message (PS_KNOB_THREADS, "2.5",
                        "--threads must be a whole number between 1 and 1024 (got 2.5)");
  assert_parse_message (PS_KNOB_THREADS, "many",
                        "--threads must be a number between 1 and 1024 (got 'many')");
  assert_parse_message (PS_KNOB_PAYLOAD, "12QB",
                        "--payload must be a size between 0 B and 1 GiB, such as 4KiB "
                        "(got '12QB')");
  assert_parse_message (PS_KNOB_PAYLOAD, "-4KiB",
                        "--payload must be a size between 0 B and 1 GiB, such as 4KiB "
                        "(got '-4KiB')");
  assert_parse_message (PS_KNOB_PAYLOAD, "2GiB",
                        "--payload must be between 0 B and 1 GiB (got 2 GiB)");
  assert_parse_message (PS_KNOB_WORK, "-1ms",
                        "--work must be a duration between 0 ns and 10 s, such as 20us "
                        "(got '-1ms')");
  assert_parse_message (PS_KNOB_TRANSFER, "teleport",
                        "--transfer must be one of copy, move, capture-whole (got 'teleport')");
  assert_parse_message (PS_KNOB_GIL, "maybe", "--gil must be on or off (got 'maybe')");
  assert_parse_message (PS_KNOB_SKEW, "nan", "--skew must be a number between 0 and 5 (got 'nan')");
  /* 2^53 + 1 has no double of its own: refused, not rounded to the maximum. */
  assert_parse_message (PS_KNOB_SEED, "9007199254740993",
                        "--seed must be between 0 and 9007199254740992 (got 9007199254740993)");
}

/* Validates @s and checks the code, the knob and that the message is one line with @needle. */
static void
assert_invalid (const PsScenario *s, int code, int knob, const char *needle)
{
  PsValidation v;

  g_assert_cmpint (ps_scenario_validate (s, &v), ==, code);
  g_test_message ("%s", v.message);
  g_assert_cmpint (v.code, ==, code);
  g_assert_cmpint (v.knob, ==, knob);
  g_assert_null (strchr (v.message, '\n'));
  g_assert_nonnull (strstr (v.message, needle));
}

static void
test_ranges (void)
{
  PsScenario s;
  PsValidation v;

  ps_scenario_init_defaults (&s);
  g_assert_cmpint (ps_scenario_validate (&s, &v), ==, 0);
  g_assert_cmpint (ps_scenario_validate (&s, NULL), ==, 0);

  s.threads = 0;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_THREADS, "--threads must be between 1 and 1024 (got 0)");
  s.threads = 2000;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_THREADS,
                  "--threads must be between 1 and 1024 (got 2000)");
  ps_scenario_init_defaults (&s);
  s.isolates = 70000;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_ISOLATES,
                  "--isolates must be between 1 and 65536 (got 70000)");
  ps_scenario_init_defaults (&s);
  s.skew = -0.5;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_SKEW, "--skew must be between 0 and 5 (got -0.5)");
  ps_scenario_init_defaults (&s);
  s.transfer = (PsTransfer) 9;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_TRANSFER, "--transfer");
  ps_scenario_init_defaults (&s);
  s.sample_ns = 1000;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_SAMPLE,
                  "--sample must be between 10 ms and 10 s (got 1 µs)");
}

static void
test_run_length (void)
{
  PsScenario s;

  ps_scenario_init_defaults (&s);
  s.duration_ns = 1000000000;
  assert_invalid (&s, PS_ECONFLICT, PS_KNOB_DURATION, "--tasks and --duration cannot be combined");

  s.tasks = 0;
  assert_invalid (&s, PS_ECONFLICT, PS_KNOB_WARMUP_TASKS, "--warmup-time with --duration");
  s.warmup_tasks = 0;
  s.warmup_ns = 500000000;
  g_assert_cmpint (ps_scenario_validate (&s, NULL), ==, 0);

  s.duration_ns = 0;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_TASKS, "(got neither)");

  ps_scenario_init_defaults (&s);
  s.warmup_ns = 1000000;
  assert_invalid (&s, PS_ECONFLICT, PS_KNOB_WARMUP_TIME, "--warmup-time only applies");

  ps_scenario_init_defaults (&s);
  s.tasks = 2000000000;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_TASKS, "--tasks must be between 1 and 1000000000");
}

static void
test_conflicts (void)
{
  PsScenario s;

  ps_scenario_init_defaults (&s);
  s.io_while_holding = true;
  s.inflight = 4;
  assert_invalid (&s, PS_ECONFLICT, PS_KNOB_IO_WHILE_HOLDING, "deadlock the pool");
  /* Without a shared-pool strategy the same knobs are fine. */
  g_assert_cmpint (ps_strategy_parse ("pinned", &s.strategies[0]), ==, 0);
  s.n_strategies = 1;
  g_assert_cmpint (ps_scenario_validate (&s, NULL), ==, 0);

  ps_scenario_init_defaults (&s);
  s.order = PS_ORDER_INTERLEAVED;
  g_assert_cmpint (ps_scenario_validate (&s, NULL), ==, 0);
  s.n_strategies = 1;
  assert_invalid (&s, PS_ECONFLICT, PS_KNOB_ORDER, "at least 2 strategies");

  ps_scenario_init_defaults (&s);
  s.n_strategies = 0;
  assert_invalid (&s, PS_EINVAL, -1, "--strategy needs at least one strategy");

  /* "pinned" and "sticky+thread-local" are the same pair. */
  ps_scenario_init_defaults (&s);
  g_assert_cmpint (ps_strategy_parse ("sticky+thread-local", &s.strategies[0]), ==, 0);
  assert_invalid (&s, PS_EINVAL, -1, "twice");
}

static void
test_memory (void)
{
  PsScenario s;
  PsValidation v;
  char need[48];

  /* pinned (thread-local): 2 threads × 2 isolates × (64 KiB heap + 4 KiB copy) + 2 open tasks ×
   * 4 KiB payload; the largest of the three default strategies. */
  ps_scenario_init_defaults (&s);
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), ==, 4 * (65536 + 4096) + 2 * 4096);

  /* Interleaved strategies keep their pools, so the needs add up. */
  s.order = PS_ORDER_INTERLEAVED;
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), ==,
                    (2 * 69632 + 4096) + (2 * 69632 + 2 * 4096) + (4 * 69632 + 2 * 4096));

  /* move copies nothing into the isolate. */
  ps_scenario_init_defaults (&s);
  s.transfer = PS_TRANSFER_MOVE;
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), ==, 4 * 65536 + 2 * 4096);

  /* 1024 threads × 65536 isolates × 1 GiB: far beyond any machine, and the message says how far. */
  ps_scenario_init_defaults (&s);
  s.threads = 1024;
  s.isolates = 65536;
  s.isolate_heap_bytes = 1ull << 30;
  g_assert_cmpint (ps_scenario_validate (&s, &v), ==, PS_ENOMEM);
  g_test_message ("%s", v.message);
  ps_units_format_bytes (ps_scenario_memory_estimate (&s), need, sizeof need);
  g_assert_nonnull (strstr (v.message, need));
  g_assert_nonnull (strstr (v.message, "would need about"));
  g_assert_nonnull (strstr (v.message, "half"));
  g_assert_nonnull (strstr (v.message, "--isolates"));
  g_assert_null (strchr (v.message, '\n'));
}

static void
test_strategies (void)
{
  const PsStrategy *named;
  unsigned n = ps_named_strategies (&named);
  static const struct
  {
    const char *name;
    PsDispatchKind dispatch;
    PsIsolatesKind isolates;
  } expected[] = {
    { "single", PS_DISPATCH_INLINE, PS_ISOLATES_THREAD_LOCAL },
    { "spawn", PS_DISPATCH_SPAWN, PS_ISOLATES_FRESH },
    { "legacy", PS_DISPATCH_OWN_LOOP, PS_ISOLATES_FRESH },
    { "shared", PS_DISPATCH_OWN_LOOP, PS_ISOLATES_SHARED_POOL },
    { "pinned", PS_DISPATCH_STICKY, PS_ISOLATES_THREAD_LOCAL },
    { "queue", PS_DISPATCH_SHARED_QUEUE, PS_ISOLATES_THREAD_LOCAL },
    { "steal", PS_DISPATCH_STEAL, PS_ISOLATES_THREAD_LOCAL },
    { "batched", PS_DISPATCH_BATCHED, PS_ISOLATES_THREAD_LOCAL },
  };
  PsStrategy st;

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (ps_named_strategies (NULL), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (named[i].name, ==, expected[i].name);
      g_assert_cmpint (ps_strategy_parse (expected[i].name, &st), ==, 0);
      g_assert_cmpstr (st.name, ==, expected[i].name);
      g_assert_cmpint (st.dispatch, ==, expected[i].dispatch);
      g_assert_cmpint (st.isolates_mode, ==, expected[i].isolates);
    }

  /* Every pair parses, and its name is the canonical spelling. */
  for (int d = 0; d < PS_DISPATCH_COUNT; d++)
    for (int i = 0; i < PS_ISOLATES_COUNT; i++)
      {
        g_autofree char *text = g_strdup_printf ("%s+%s", ps_dispatch_name ((PsDispatchKind) d),
                                                 ps_isolates_name ((PsIsolatesKind) i));

        g_assert_cmpint (ps_strategy_parse (text, &st), ==, 0);
        g_assert_cmpstr (st.name, ==, text);
        g_assert_cmpint (st.dispatch, ==, d);
        g_assert_cmpint (st.isolates_mode, ==, i);
      }

  static const char *const bad[] = { "", "bogus", "sticky", "sticky+", "+fresh", "sticky+bogus",
                                     "bogus+fresh", "sticky+fresh+x", "Pinned", " pinned" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (ps_strategy_parse (bad[i], &st), ==, PS_EUNKNOWN);
  g_assert_cmpint (ps_strategy_parse (NULL, &st), ==, PS_EUNKNOWN);
}

static void
test_names (void)
{
  g_assert_cmpstr (ps_dispatch_name (PS_DISPATCH_SHARED_QUEUE), ==, "shared-queue");
  g_assert_cmpstr (ps_isolates_name (PS_ISOLATES_SHARED_POOL), ==, "shared-pool");
  g_assert_cmpstr (ps_transfer_name (PS_TRANSFER_CAPTURE_WHOLE), ==, "capture-whole");
  g_assert_cmpstr (ps_affinity_name (PS_AFFINITY_TENANT), ==, "tenant");
  g_assert_cmpstr (ps_acquire_name (PS_ACQUIRE_SPIN), ==, "spin");
  g_assert_cmpstr (ps_create_mode_name (PS_CREATE_SAME_GROUP), ==, "same-group");
  g_assert_cmpstr (ps_order_name (PS_ORDER_INTERLEAVED), ==, "interleaved");
  g_assert_null (ps_dispatch_name (PS_DISPATCH_COUNT));
  g_assert_null (ps_isolates_name (PS_ISOLATES_COUNT));
  g_assert_null (ps_transfer_name (PS_TRANSFER_COUNT));
  g_assert_null (ps_order_name ((PsOrder) -1));
}

static void
test_defaults (void)
{
  PsScenario s;

  ps_scenario_init_defaults (&s);
  g_assert_cmpuint (s.n_strategies, ==, 3);
  g_assert_cmpstr (s.strategies[0].name, ==, "single");
  g_assert_cmpstr (s.strategies[1].name, ==, "shared");
  g_assert_cmpstr (s.strategies[2].name, ==, "pinned");
  g_assert_cmpuint (s.threads, ==, 2);
  g_assert_cmpuint (s.isolates, ==, 2);
  g_assert_cmpuint (s.payload_bytes, ==, 4096);
  g_assert_cmpint (s.transfer, ==, PS_TRANSFER_COPY);
  g_assert_cmpuint (s.work_ns, ==, 20000);
  g_assert_cmpuint (s.io_delay_ns, ==, 0);
  g_assert_cmpuint (s.tasks, ==, 20000);
  g_assert_cmpuint (s.warmup_tasks, ==, 1000);
  g_assert_cmpuint (s.isolate_heap_bytes, ==, 65536);
  g_assert_cmpuint (s.seed, ==, 1);
  g_assert_cmpuint (s.sample_ns, ==, 100000000);
  g_assert_cmpuint (s.spin_ns, ==, 100000);
  g_assert_cmpuint (s.batch_size, ==, 64);
  g_assert_cmpuint (s.batch_depth, ==, 4);
  g_assert_cmpuint (s.tenants, ==, 10);
  g_assert_cmpuint (s.interleave_ns, ==, 200000000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine-units/validate/parse-messages", test_parse_messages);
  g_test_add_func ("/engine-units/validate/ranges", test_ranges);
  g_test_add_func ("/engine-units/validate/run-length", test_run_length);
  g_test_add_func ("/engine-units/validate/conflicts", test_conflicts);
  g_test_add_func ("/engine-units/validate/memory", test_memory);
  g_test_add_func ("/engine-units/scenario/strategies", test_strategies);
  g_test_add_func ("/engine-units/scenario/names", test_names);
  g_test_add_func ("/engine-units/scenario/defaults", test_defaults);
  return g_test_run ();
}
