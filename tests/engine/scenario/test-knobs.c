/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-knobs.c: the knob table is complete and consistent, and values survive parse → format. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "ps-engine.h"

static void
test_complete (void)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);

  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);
      gsize help_len;

      g_assert_nonnull (info);
      g_assert_cmpint (info->knob, ==, k);
      g_assert_nonnull (info->name);
      g_assert_nonnull (info->option);
      g_assert_nonnull (info->help);
      g_test_message ("knob %s", info->name);

      /* Names are JSON keys and options are CLI flags: unique, lower case, no blanks. */
      g_assert_cmpint (g_hash_table_add (names, (gpointer) info->name), ==, TRUE);
      g_assert_cmpint (g_hash_table_add (options, (gpointer) info->option), ==, TRUE);
      g_assert_null (strpbrk (info->name, " -ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
      g_assert_null (strpbrk (info->option, " _ABCDEFGHIJKLMNOPQRSTUVWXYZ"));

      /* One sentence: starts with a capital, ends with a full stop. */
      help_len = strlen (info->help);
      g_assert_cmpuint (help_len, >, 10);
      g_assert_cmpint (info->help[help_len - 1], ==, '.');
      g_assert_true (g_ascii_isupper (info->help[0]));

      g_assert_cmpfloat (info->min, <=, info->max);
      if (info->unit == PS_UNIT_ENUM || info->unit == PS_UNIT_BOOL)
        {
          guint n = 0;

          g_assert_nonnull (info->choices);
          while (info->choices[n] != NULL)
            n++;
          g_assert_cmpfloat (info->min, ==, 0);
          g_assert_cmpfloat (info->max, ==, n - 1);
        }
      g_assert_true (ps_knob_find (info->name) == info);
      g_assert_true (ps_knob_find (info->option) == info);
    }
  g_assert_null (ps_knob_info (PS_KNOB_COUNT));
  g_assert_null (ps_knob_info ((PsKnob) -1));
  g_assert_null (ps_knob_find ("no-such-knob"));
  g_assert_null (ps_knob_find (NULL));
}

static void
test_flags (void)
{
  static const PsKnob live[] = {
    PS_KNOB_THREADS, PS_KNOB_ISOLATES, PS_KNOB_INFLIGHT, PS_KNOB_BATCH_SIZE, PS_KNOB_BATCH_DEPTH,
    PS_KNOB_SPIN, PS_KNOB_ACQUIRE, PS_KNOB_HEAP, PS_KNOB_INIT, PS_KNOB_CREATE_MODE,
    PS_KNOB_PAYLOAD, PS_KNOB_TRANSFER, PS_KNOB_WORK, PS_KNOB_IO_DELAY, PS_KNOB_IO_WHILE_HOLDING,
    PS_KNOB_GIL, PS_KNOB_POLL, PS_KNOB_TENANTS, PS_KNOB_SKEW, PS_KNOB_RATE, PS_KNOB_ARRIVALS,
    PS_KNOB_GIL_SWITCH, PS_KNOB_COPY_ALIAS, PS_KNOB_SERIALIZE,
  };
  static const PsKnob sweepable[] = {
    PS_KNOB_PAYLOAD, PS_KNOB_WORK, PS_KNOB_THREADS, PS_KNOB_ISOLATES, PS_KNOB_IO_DELAY,
    PS_KNOB_HEAP, PS_KNOB_INIT, PS_KNOB_BATCH_SIZE, PS_KNOB_TENANTS, PS_KNOB_RATE,
    PS_KNOB_SERIALIZE,
  };
  gboolean is_live[PS_KNOB_COUNT] = { 0 }, is_sweepable[PS_KNOB_COUNT] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (live); i++)
    is_live[live[i]] = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (sweepable); i++)
    is_sweepable[sweepable[i]] = TRUE;
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);

      g_test_message ("knob %s", info->name);
      g_assert_cmpint (info->live, ==, is_live[k]);
      g_assert_cmpint (info->sweepable, ==, is_sweepable[k]);
      /* A swept knob needs an ordered numeric range. */
      if (info->sweepable)
        g_assert_cmpint (info->unit, !=, PS_UNIT_ENUM);
    }
}

static void
assert_round_trip (const PsKnobInfo *info, double value)
{
  char text[64];
  char message[320];
  double back = -1;

  ps_knob_format (info, value, text, sizeof text);
  g_test_message ("%s: %.17g -> '%s'", info->name, value, text);
  g_assert_cmpint (ps_knob_parse (info, text, &back, message, sizeof message), ==, 0);
  g_assert_cmpfloat (back, ==, value);
}

static void
test_round_trip (void)
{
  PsScenario defaults;

  ps_scenario_init_defaults (&defaults);
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);
      double mid = info->min + (info->max - info->min) / 3;

      if (info->unit != PS_UNIT_RATIO)
        mid = (double) (uint64_t) mid;
      assert_round_trip (info, info->min);
      assert_round_trip (info, info->max);
      assert_round_trip (info, mid);
      /* Defaults are in range, except a run length that is not in use (0). */
      if (ps_knob_get (&defaults, (PsKnob) k) != 0 || info->min == 0)
        assert_round_trip (info, ps_knob_get (&defaults, (PsKnob) k));
    }

  /* Values whose short form would lose digits still come back exactly. */
  assert_round_trip (ps_knob_info (PS_KNOB_WORK), 123456789);
  assert_round_trip (ps_knob_info (PS_KNOB_PAYLOAD), 1000000);
  assert_round_trip (ps_knob_info (PS_KNOB_HEAP), 999999);
  assert_round_trip (ps_knob_info (PS_KNOB_SKEW), 1.1);
}

static void
test_parse (void)
{
  static const struct
  {
    PsKnob knob;
    const char *text;
    double value;
  } cases[] = {
    { PS_KNOB_THREADS, "4", 4 },
    { PS_KNOB_TASKS, "1e6", 1e6 },
    { PS_KNOB_PAYLOAD, "64KiB", 65536 },
    { PS_KNOB_WORK, "20us", 20000 },
    { PS_KNOB_WORK, "20", 20000 },       /* bare work is microseconds */
    { PS_KNOB_IO_DELAY, "2", 2000000 },  /* bare I/O delay is milliseconds */
    { PS_KNOB_DURATION, "5", 5e9 },      /* bare duration is seconds */
    { PS_KNOB_TRANSFER, "move", PS_TRANSFER_MOVE },
    { PS_KNOB_ACQUIRE, "spin", PS_ACQUIRE_SPIN },
    { PS_KNOB_GIL, "on", 1 },
    { PS_KNOB_GIL, "false", 0 },
    { PS_KNOB_SKEW, "1.2", 1.2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double v = -1;

      g_assert_cmpint (ps_knob_parse (ps_knob_info (cases[i].knob), cases[i].text, &v, NULL, 0),
                       ==, 0);
      g_assert_cmpfloat (v, ==, cases[i].value);
    }
}

static void
test_set_get (void)
{
  PsScenario s, before;

  ps_scenario_init_defaults (&s);
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);

      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, info->max), ==, 0);
      g_assert_cmpfloat (ps_knob_get (&s, (PsKnob) k), ==, info->max);
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, info->min), ==, 0);
      g_assert_cmpfloat (ps_knob_get (&s, (PsKnob) k), ==, info->min);

      /* Refused values leave the scenario as it was. */
      before = s;
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, info->max * 2 + 1), ==, PS_EINVAL);
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, info->min - 1), ==, PS_EINVAL);
      g_assert_cmpint (ps_knob_set (&s, (PsKnob) k, NAN), ==, PS_EINVAL);
      g_assert_cmpint (memcmp (&s, &before, sizeof s), ==, 0);
    }
  g_assert_cmpint (ps_knob_set (&s, PS_KNOB_THREADS, 2.5), ==, PS_EINVAL);
  g_assert_cmpint (ps_knob_set (&s, PS_KNOB_COUNT, 1), ==, PS_EINVAL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine-units/knobs/complete", test_complete);
  g_test_add_func ("/engine-units/knobs/live-and-sweepable", test_flags);
  g_test_add_func ("/engine-units/knobs/round-trip", test_round_trip);
  g_test_add_func ("/engine-units/knobs/parse", test_parse);
  g_test_add_func ("/engine-units/knobs/set-get", test_set_get);
  return g_test_run ();
}
