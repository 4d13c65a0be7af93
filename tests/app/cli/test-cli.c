/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: poolscope-cli as a user runs it: exit codes, one-line errors, --help, outputs.
 *
 * The binary's path comes as the first argument (meson passes the built target's full path); the
 * run tests need a working engine and are meant to pass once it lands.
 */
#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ps-engine.h"
#include "cli-test-util.h"

/* A small, fast run: a few hundred tiny tasks per strategy. */
#define SMALL_RUN "--tasks", "300", "--warmup", "0", "--work", "1us", "--payload", "64B"

static void
test_bad_arguments (void)
{
  static const struct
  {
    const char *args[9];
    const char *needle;
  } cases[] = {
    { { "run", "--threads", "0" }, "--threads must be between 1 and 1024 (got 0)" },
    { { "run", "--threads", "2000" }, "--threads must be between 1 and 1024 (got 2000)" },
    { { "run", "--threads", "-3" }, "--threads must be between 1 and 1024 (got -3)" },
    { { "run", "--threads", "lots" }, "--threads" },
    { { "run", "--isolates", "70000" }, "--isolates must be between 1 and 65536 (got 70000)" },
    { { "run", "--payload", "12QB" }, "--payload must be a size between 0 B and 1 GiB" },
    { { "run", "--work", "-5us" }, "--work" },
    { { "run", "--io-delay", "1,5ms" }, "--io-delay" },
    { { "run", "--tasks", "10", "--duration", "1s" }, "--tasks and --duration" },
    { { "run", "--strategy", "bogus" }, "--strategy" },
    { { "run", "--strategy", "pinned,own-tenants+thread-local" }, "twice" },
    { { "run", "--dispatch", "sticky" }, "--isolates-mode" },
    { { "run", "--transfer", "teleport" }, "copy, move, capture-whole" },
    { { "run", "--acquire", "spin:forever" }, "--spin" },
    { { "run", "--gil=maybe" }, "--gil must be on or off" },
    { { "run", "--format", "xml" }, "--format" },
    { { "run", "--interleave", "100ms", "--strategy", "single" }, "at least 2 strategies" },
    { { "run", "--io-while-holding", "--inflight", "4" }, "deadlock" },
    { { "run", "--heap", "1GiB", "--isolates", "65536", "--threads", "1024" }, "would need about" },
    { { "run", "--no-such-knob" }, "--no-such-knob" },
    { { "run", "--threads" }, "--threads" },
    { { "run", "stray" }, "stray" },
    { { "run", "--seed", "1e300" }, "--seed" },
    { { "frobnicate" }, "frobnicate" },
    { { "knobs", "--format", "csv" }, "--format" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliResult) r = { 0 };

      run_cli (&r, cases[i].args, NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      assert_one_line (r.err);
      g_assert_nonnull (strstr (r.err, cases[i].needle));
    }
}

static void
test_usage (void)
{
  g_auto (CliResult) none = { 0 };
  g_auto (CliResult) help = { 0 };
  const char *no_args[] = { NULL };
  const char *help_args[] = { "--help", NULL };

  run_cli (&none, no_args, NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "Usage"));
  run_cli (&help, help_args, NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "run"));
  g_assert_nonnull (strstr (help.out, "knobs"));
}

static void
test_help_mentions_every_knob (void)
{
  g_auto (CliResult) r = { 0 };
  const char *args[] = { "run", "--help", NULL };
  static const char *const extra[] = { "--strategy=", "--dispatch=", "--isolates-mode=",
                                       "--format=", "--progress" };

  run_cli (&r, args, NULL);
  g_assert_cmpint (r.status, ==, 0);
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);
      g_autofree char *option = g_strdup_printf ("--%s=", info->option);

      g_test_message ("%s", option);
      g_assert_nonnull (strstr (r.out, option));
      g_assert_nonnull (strstr (r.out, info->help));
    }
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    g_assert_nonnull (strstr (r.out, extra[i]));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_info_commands (void)
{
  static const char *const commands[] = { "knobs", "strategies" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (CliResult) table = { 0 };
      g_auto (CliResult) json = { 0 };
      const char *table_args[] = { commands[i], NULL };
      const char *json_args[] = { commands[i], "--format", "json", NULL };
      g_autoptr (JsonNode) root = NULL;

      run_cli (&table, table_args, NULL);
      g_assert_cmpint (table.status, ==, 0);
      run_cli (&json, json_args, NULL);
      g_assert_cmpint (json.status, ==, 0);
      root = parse_json (json.out);
      g_assert_cmpint (JSON_NODE_TYPE (root), ==, JSON_NODE_ARRAY);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==,
                        i == 0 ? PS_KNOB_COUNT : ps_named_strategies (NULL));
    }
}

static void
assert_members (JsonObject *object, const char *const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_test_message ("key %s", keys[i]);
      g_assert_true (json_object_has_member (object, keys[i]));
    }
}

static void
test_run_json (void)
{
  static const char *const top_keys[] = { "schema_version", "scenario", "machine", "results",
                                          NULL };
  static const char *const result_keys[] = {
    "strategy", "dispatch", "isolates_mode", "tasks_completed", "wall_s", "throughput_per_s",
    "latency_us", "wait_share_pct", "contended_acq_pct", "hold_share_pct", "idle_share_pct",
    "speedup", "efficiency", "isolates_created", "bytes_copied", "peak_isolate_bytes",
    "cross_tenant_reuses", "steals", "steal_attempts", "checksum", "per_thread_tasks",
    "segments", "queue_us", "service_us", NULL
  };
  static const char *const latency_keys[] = { "p50", "p90", "p99", "p999", "max", NULL };
  static const char *const strategies[] = { "single", "shared", "pinned" };
  g_auto (CliResult) r = { 0 };
  const char *args[] = { "run", "--format", "json", "--strategy", "single,shared,pinned",
                         SMALL_RUN, NULL };
  g_autoptr (JsonNode) root = NULL;
  JsonObject *top, *scenario;
  JsonArray *results;

  run_cli (&r, args, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  top = json_node_get_object (root);
  assert_members (top, top_keys);
  g_assert_cmpint (json_object_get_int_member (top, "schema_version"), ==, 1);

  scenario = json_object_get_object_member (top, "scenario");
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    g_assert_true (json_object_has_member (scenario, ps_knob_info ((PsKnob) k)->name));
  g_assert_cmpint (json_object_get_int_member (scenario, "tasks"), ==, 300);
  g_assert_cmpstr (json_object_get_string_member (scenario, "transfer"), ==, "copy");
  g_assert_true (json_object_has_member (json_object_get_object_member (top, "machine"), "cores"));

  results = json_object_get_array_member (top, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (strategies));
  for (guint i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      assert_members (result, result_keys);
      assert_members (json_object_get_object_member (result, "latency_us"), latency_keys);
      assert_members (json_object_get_object_member (result, "queue_us"), latency_keys);
      assert_members (json_object_get_object_member (result, "service_us"), latency_keys);
      g_assert_cmpstr (json_object_get_string_member (result, "strategy"), ==, strategies[i]);
      g_assert_cmpint (json_object_get_int_member (result, "tasks_completed"), ==, 300);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "checksum"), "0x"));
      /* Same seed, same tasks: every strategy computes the same checksum. */
      g_assert_cmpstr (json_object_get_string_member (result, "checksum"), ==,
                       json_object_get_string_member (json_array_get_object_element (results, 0),
                                                      "checksum"));
    }
}

/* A duration run warms up first unless told not to: its first segment is the warm-up, a tenth
 * of the duration long, and the measured figures start after it. */
static void
test_run_duration_warms_up (void)
{
  g_auto (CliResult) r = { 0 };
  const char *args[] = { "run", "--format", "json", "--strategy", "single", "--duration",
                         "300ms", NULL };
  g_autoptr (JsonNode) root = NULL;
  JsonObject *result, *scenario;
  JsonArray *segments;

  run_cli (&r, args, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  scenario = json_object_get_object_member (json_node_get_object (root), "scenario");
  g_assert_cmpint (json_object_get_int_member (scenario, "warmup_time"), ==, 30000000);
  result = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (root), "results"), 0);
  segments = json_object_get_array_member (result, "segments");
  g_assert_cmpuint (json_array_get_length (segments), >=, 2);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (segments, 0),
                                                 "warmup"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (segments, 1),
                                                  "warmup"));
}

static void
test_run_csv (void)
{
  g_auto (CliResult) r = { 0 };
  const char *args[] = { "run", "--format", "csv", "--strategy", "single,pinned", SMALL_RUN,
                         NULL };
  g_auto (GStrv) lines = NULL;

  run_cli (&r, args, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4); /* header, 2 rows, "" after the last \n */
  g_assert_true (g_str_has_prefix (lines[0], "strategy,dispatch,isolates_mode,tasks_completed,"
                                             "wall_s,throughput_per_s,latency_p50_us,"));
  g_assert_nonnull (strstr (lines[0], ",checksum"));
  g_assert_true (g_str_has_prefix (lines[1], "single,inline,thread-local,300,"));
  g_assert_true (g_str_has_prefix (lines[2], "pinned,own-tenants,thread-local,300,"));
  g_assert_cmpstr (lines[3], ==, "");
}

/* Under a decimal-comma locale the numbers still use '.', and every row keeps its column count. */
static void
test_run_decimal_comma (void)
{
  static const char *const locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8" };
  const char *found = NULL;
  g_auto (CliResult) r = { 0 };
  const char *args[] = { "run", "--format", "csv", "--strategy", "single", "--work", "1.5us",
                         "--tasks", "100", "--warmup", "0", NULL };
  const char *env[] = { "LC_ALL", NULL, NULL };
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) header = NULL;
  g_auto (GStrv) row = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    if (setlocale (LC_ALL, locales[i]) != NULL)
      found = locales[i];
  setlocale (LC_ALL, saved);
  if (found == NULL)
    {
      g_test_skip ("no decimal-comma locale is installed (de_DE.UTF-8)");
      return;
    }
  env[1] = found;
  run_cli (&r, args, env);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  header = g_strsplit (lines[0], ",", -1);
  row = g_strsplit (lines[1], ",", -1);
  g_assert_cmpuint (g_strv_length (header), ==, g_strv_length (row));
}

static void
test_run_table (void)
{
  g_auto (CliResult) r = { 0 };
  const char *args[] = { "run", "--strategy", "single,shared", SMALL_RUN, NULL };

  run_cli (&r, args, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "strategy"));
  g_assert_nonnull (strstr (r.out, "single"));
  g_assert_nonnull (strstr (r.out, "shared"));
  g_assert_nonnull (strstr (r.out, "Measures"));
  /* Not a terminal and no --progress: nothing on stderr. */
  g_assert_cmpstr (r.err, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* meson passes the built binary; a trapped subprocess gets no arguments of ours, so it finds
   * the build tree's app/cli/ from G_TEST_BUILDDIR (the build's tests/ folder). */
  cli_test_init (argc, argv);

  g_test_add_func ("/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/help-mentions-every-knob", test_help_mentions_every_knob);
  g_test_add_func ("/cli/info-commands", test_info_commands);
  g_test_add_func ("/cli/run/json", test_run_json);
  g_test_add_func ("/cli/run/csv", test_run_csv);
  g_test_add_func ("/cli/run/duration-warms-up", test_run_duration_warms_up);
  g_test_add_func ("/cli/run/table", test_run_table);
  g_test_add_func ("/cli/run/decimal-comma", test_run_decimal_comma);
  return g_test_run ();
}
