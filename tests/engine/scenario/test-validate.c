/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-validate.c: one clear line for every bad scenario, every knob's range enforced, named
 * strategies that run as the pair they name, defaults that run, the memory bound. */
#include <math.h>
#include <string.h>

#include "ps-test-util.h"

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

  /* Open loop: 21000 tasks at 1 per second take 5.8 h; at 10 per second 35 min is fine. */
  ps_scenario_init_defaults (&s);
  s.rate = 1;
  assert_invalid (&s, PS_EINVAL, PS_KNOB_RATE, "would take 5.833 h per strategy");
  s.rate = 10;
  g_assert_cmpint (ps_scenario_validate (&s, NULL), ==, 0);
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

  /* "pinned" and "own-tenants+thread-local" are the same pair. */
  ps_scenario_init_defaults (&s);
  g_assert_cmpint (ps_strategy_parse ("own-tenants+thread-local", &s.strategies[0]), ==, 0);
  assert_invalid (&s, PS_EINVAL, -1, "twice");
}

static void
test_memory (void)
{
  PsScenario s;
  PsValidation v;
  char need[48];

  /* Every isolate copies into a message buffer of payload + 4 KiB of placement room; the input
   * is built once for the whole run: hot, 4 chunks of 4 KiB + a spare word, each on whole cache
   * lines (4 × 4160 bytes). pinned (thread-local) is the largest of the three default strategies:
   * 2 threads × 2 isolates × (64 KiB heap + 8 KiB message). */
  const uint64_t per_isolate = 65536 + 8192, hot_input = 4 * 4160;
  PsMachine m;

  ps_scenario_init_defaults (&s);
  s.payload_source = PS_PAYLOAD_SOURCE_HOT;
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), ==, 4 * per_isolate + hot_input);

  /* Interleaved strategies keep their pools, so the needs add up; single runs on one isolate
   * whatever --isolates says; the input is still shared. */
  s.order = PS_ORDER_INTERLEAVED;
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), ==, (1 + 2 + 4) * per_isolate + hot_input);

  /* move copies nothing into the isolate; capture-whole copies all 4 chunks, whatever the
   * number of threads (it once multiplied the payload by the threads). */
  ps_scenario_init_defaults (&s);
  s.payload_source = PS_PAYLOAD_SOURCE_HOT;
  s.transfer = PS_TRANSFER_MOVE;
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), ==, 4 * 65536 + hot_input);
  s.transfer = PS_TRANSFER_CAPTURE_WHOLE;
  s.threads = 3;
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), ==, 6 * (65536 + 4 * 8192) + hot_input);

  /* A cold source spans at least twice the last-level cache, once. */
  ps_scenario_init_defaults (&s);
  g_assert_cmpint (ps_calibrate (&m), ==, 0);
  g_assert_cmpuint (m.last_level_cache_bytes, >, 0);
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), >=,
                    4 * per_isolate + 2 * m.last_level_cache_bytes);
  g_assert_cmpuint (ps_scenario_memory_estimate (&s), <,
                    4 * per_isolate + 2 * m.last_level_cache_bytes + hot_input);

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
  PsStrategy st;

  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (ps_named_strategies (NULL), ==, n);
  for (guint i = 0; i < n; i++)
    {
      /* A name parses back to the pair it stands for, and no two names stand for one pair (the
       * validator could not tell them apart). */
      g_assert_cmpint (ps_strategy_parse (named[i].name, &st), ==, 0);
      g_assert_cmpstr (st.name, ==, named[i].name);
      g_assert_cmpint (st.dispatch, ==, named[i].dispatch);
      g_assert_cmpint (st.isolates_mode, ==, named[i].isolates_mode);
      g_assert_nonnull (ps_dispatch_name (named[i].dispatch));
      g_assert_nonnull (ps_isolates_name (named[i].isolates_mode));
      for (guint j = 0; j < i; j++)
        g_assert_false (named[j].dispatch == named[i].dispatch
                        && named[j].isolates_mode == named[i].isolates_mode);
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

/* Acquisitions count every timed lock a task goes through. The queue dispatches time their
 * queue's mutex, so they add acquisitions of their own; the other dispatches take none. */
static gboolean
dispatch_takes_lock (PsDispatchKind dispatch)
{
  return dispatch == PS_DISPATCH_SHARED_QUEUE || dispatch == PS_DISPATCH_BATCHED;
}

/* Every named strategy runs, and what it does is what its pair promises: the report names the
 * pair, the dispatch decides how many worker slots there are and whether anything is stolen, the
 * isolates mode decides how many isolates are built and whether a lock is taken per task. */
static void
test_named_strategies_run (gconstpointer data)
{
  const PsStrategy *named;
  unsigned n = ps_named_strategies (&named);
  PsScenario s;
  PsReport *report;

  pst_scenario_init (&s);
  for (unsigned i = 0; i < n; i++)
    pst_scenario_add_strategy (&s, named[i].name);
  s.threads = 2;
  s.isolates = 2;
  s.gil = false;
  s.affinity = PS_AFFINITY_ANY;
  report = pst_run (&s);
  g_assert_true (report->completed);

  for (unsigned i = 0; i < n; i++)
    {
      const PsStrategyReport *sr = &report->strategies[i];
      const PsResult *t = &sr->total;
      unsigned slots = named[i].dispatch == PS_DISPATCH_INLINE ? 1 : s.threads;
      PsResult all = { 0 };

      g_test_message ("%s = %s+%s: %u slots, %" G_GUINT64_FORMAT " isolates, %"
                      G_GUINT64_FORMAT " acquisitions, %" G_GUINT64_FORMAT " steal attempts",
                      sr->strategy.name, ps_dispatch_name (sr->strategy.dispatch),
                      ps_isolates_name (sr->strategy.isolates_mode), t->n_threads,
                      t->isolates_created, t->acquisitions, t->steal_attempts);
      g_assert_cmpstr (sr->strategy.name, ==, named[i].name);
      g_assert_cmpint (sr->strategy.dispatch, ==, named[i].dispatch);
      g_assert_cmpint (sr->strategy.isolates_mode, ==, named[i].isolates_mode);
      pst_assert_strategy_complete (report, i, &report->strategies[0]);

      for (unsigned k = 0; k < sr->n_segments; k++)
        {
          const PsResult *r = &sr->segments[k].result;

          all.isolates_created += r->isolates_created;
          all.acquisitions += r->acquisitions;
          all.tasks_completed += r->tasks_completed;
        }

      /* The dispatch axis. */
      g_assert_cmpuint (t->n_threads, ==, slots);
      if (named[i].dispatch != PS_DISPATCH_STEAL)
        {
          g_assert_cmpuint (t->steals, ==, 0);
          g_assert_cmpuint (t->steal_attempts, ==, 0);
        }
      g_assert_cmpuint (t->steals, <=, t->steal_attempts);

      /* The isolates axis. */
      switch (named[i].isolates_mode)
        {
        case PS_ISOLATES_FRESH:
          g_assert_cmpuint (all.isolates_created, ==, all.tasks_completed);
          if (!dispatch_takes_lock (named[i].dispatch))
            g_assert_cmpuint (all.acquisitions, ==, 0);
          break;
        case PS_ISOLATES_SHARED_POOL:
          g_assert_cmpuint (all.isolates_created, >=, 1);
          g_assert_cmpuint (all.isolates_created, <=, s.isolates);
          g_assert_cmpuint (all.acquisitions, >=, all.tasks_completed);
          break;
        case PS_ISOLATES_THREAD_LOCAL:
          g_assert_cmpuint (all.isolates_created, >=, 1);
          g_assert_cmpuint (all.isolates_created, <=, (guint64) slots * s.isolates);
          if (!dispatch_takes_lock (named[i].dispatch))
            g_assert_cmpuint (all.acquisitions, ==, 0);
          break;
        case PS_ISOLATES_COUNT:
        default:
          g_assert_not_reached ();
        }
    }
  ps_report_free (report);
}

/* The defaults are a scenario a user can run as it is: it validates, and every strategy in it runs
 * its tasks to the end with the same checksum. */
static void
test_defaults_run (gconstpointer data)
{
  PsScenario s;
  PsReport *report;

  ps_scenario_init_defaults (&s);
  g_assert_cmpuint (s.n_strategies, >=, 1);
  report = pst_run (&s);
  g_assert_true (report->completed);
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsStrategyReport *sr = &report->strategies[i];

      g_assert_cmpstr (sr->strategy.name, ==, s.strategies[i].name);
      g_assert_cmpuint (sr->total.tasks_completed, ==, s.tasks);
      pst_assert_result_consistent (&sr->total);
      g_assert_cmphex (sr->total.checksum, ==, report->strategies[0].total.checksum);
    }
  ps_report_free (report);
}

/* Every knob refuses a value past either end of its range, and leaves the scenario as it was. */
static void
test_knob_ranges_enforced (void)
{
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);
      PsScenario s, before;

      g_assert_nonnull (info);
      g_assert_cmpint (info->knob, ==, k);
      ps_scenario_init_defaults (&s);
      before = s;
      g_test_message ("%s: [%g, %g]", info->name, info->min, info->max);
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, info->max * 2 + 1), ==, PS_EINVAL);
      g_assert_cmpint (memcmp (&s, &before, sizeof s), ==, 0);
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, info->min - 1), ==, PS_EINVAL);
      g_assert_cmpint (memcmp (&s, &before, sizeof s), ==, 0);
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, NAN), ==, PS_EINVAL);
      g_assert_cmpint (memcmp (&s, &before, sizeof s), ==, 0);
      /* Typed in, a value past the end is refused by a message that names the option. */
      if (info->unit != PS_UNIT_ENUM && info->unit != PS_UNIT_BOOL)
        {
          char text[64], message[320] = "";
          g_autofree char *option = g_strdup_printf ("--%s ", info->option);
          double v = -1;

          ps_knob_format (info, info->max * 2 + 1, text, sizeof text);
          g_assert_cmpint (ps_knob_parse (info, text, &v, message, sizeof message), ==,
                           PS_EINVAL);
          g_test_message ("%s", message);
          g_assert_true (g_str_has_prefix (message, option));
        }
      /* Both ends themselves are allowed and read back as written. */
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, info->max), ==, 0);
      g_assert_cmpfloat (ps_knob_get (&s, (PsKnob) k), ==, info->max);
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, info->min), ==, 0);
      g_assert_cmpfloat (ps_knob_get (&s, (PsKnob) k), ==, info->min);
    }
}

/* Per-strategy knobs parse with the knob table's names, units and ranges, and refuse what one
 * strategy cannot have on its own, each with a line that says why. */
static void
test_overrides (void)
{
  static const struct
  {
    const char *text;
    int code;
    const char *message;
  } bad[] = {
    { "single[duration=1s]", PS_EINVAL, "duration cannot differ between the strategies" },
    { "single[payload=1KiB]", PS_EINVAL, "payload cannot differ" },
    { "single[nope=1]", PS_EINVAL, "unknown knob 'nope'" },
    { "single[work=99s]", PS_EINVAL, "--work must be between 0 ns and 10 s" },
    { "single[work]", PS_EINVAL, "'work' is not knob=value" },
    { "single[transfer=move", PS_EINVAL, "overrides end with ']'" },
    { "nosuch[work=1us]", PS_EUNKNOWN, "unknown strategy 'nosuch'" },
  };
  PsStrategy st;
  PsScenario s;
  char why[320];

  g_assert_cmpint (ps_strategy_parse_checked ("queue[transfer=copy;work=5us]", &st, why,
                                              sizeof why), ==, 0);
  g_assert_cmpstr (st.name, ==, "queue[transfer=copy;work=5 \xc2\xb5s]");
  g_assert_cmpuint (st.n_overrides, ==, 2);
  g_assert_cmpint (st.overrides[1].knob, ==, PS_KNOB_WORK);
  g_assert_cmpfloat (st.overrides[1].value, ==, 5000);
  /* The canonical name parses back to the same strategy. */
  PsStrategy again;
  g_assert_cmpint (ps_strategy_parse (st.name, &again), ==, 0);
  g_assert_cmpstr (again.name, ==, st.name);
  g_assert_cmpuint (again.n_overrides, ==, st.n_overrides);
  g_assert_cmpmem (again.overrides, st.n_overrides * sizeof (PsKnobOverride), st.overrides,
                   st.n_overrides * sizeof (PsKnobOverride));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (ps_strategy_parse_checked (bad[i].text, &st, why, sizeof why), ==,
                       bad[i].code);
      g_test_message ("%s", why);
      g_assert_nonnull (strstr (why, bad[i].message));
    }

  /* The same pair twice is one run, unless their own knobs differ. */
  ps_scenario_init_defaults (&s);
  g_assert_cmpint (ps_strategy_parse ("single[transfer=move]", &s.strategies[0]), ==, 0);
  g_assert_cmpint (ps_strategy_parse ("single", &s.strategies[1]), ==, 0);
  s.n_strategies = 2;
  g_assert_cmpint (ps_scenario_validate (&s, NULL), ==, 0);
  g_assert_cmpint (ps_strategy_parse ("single", &s.strategies[0]), ==, 0);
  g_assert_cmpint (ps_scenario_validate (&s, NULL), ==, PS_EINVAL);
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
  g_test_add_func ("/engine-units/scenario/overrides", test_overrides);
  g_test_add_func ("/engine-units/validate/knob-ranges", test_knob_ranges_enforced);
  pst_add_trapped ("/engine-units/scenario/named-strategies-run", NULL, test_named_strategies_run,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine-units/scenario/defaults-run", NULL, test_defaults_run,
                   PST_TIMEOUT_US);
  return g_test_run ();
}
