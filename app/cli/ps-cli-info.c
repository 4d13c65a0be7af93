/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-info.c: the informational subcommands: calibrate, strategies and knobs. */
#define G_LOG_DOMAIN "poolscope-cli"

#include <stdio.h>

#include "ps-cli-commands.h"
#include "ps-report-format.h"
#include "ps-cli-scenario.h"

/* Parses a subcommand that only takes --format (table or json). Returns -1 to go on, or the exit
 * code when it should end here. */
static int
parse_format_only (int argc, char **argv, const char *summary, PsReportFormat *format)
{
  g_autofree char *format_text = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "Output on stdout; default table.",
      "table|json" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (summary);
  g_auto (GStrv) args = g_new0 (char *, (gsize) argc + 1);
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, &error))
    return ps_cli_usage_error (error);
  if (args[0] != NULL && args[1] != NULL)
    g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                 "%s takes no arguments (got '%s')", argv[0], args[1]);
  else if (format_text == NULL)
    *format = PS_REPORT_FORMAT_TABLE;
  else if (!ps_report_format_parse (format_text, format) || *format == PS_REPORT_FORMAT_CSV)
    g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--format must be table or json (got '%s')", format_text);
  return error != NULL ? ps_cli_usage_error (error) : -1;
}

static int
print_json (JsonNode *node)
{
  g_autofree char *text = ps_json_to_string (node);

  fputs (text, stdout);
  json_node_unref (node);
  return 0;
}

int
ps_cli_calibrate_main (int argc, char **argv)
{
  PsReportFormat format;
  PsMachine m;
  char number[32];
  int rc = parse_format_only (argc, argv, "- measure this machine's reference costs", &format);

  if (rc >= 0)
    return rc;
  if ((rc = ps_calibrate (&m)) != 0)
    {
      g_printerr ("poolscope-cli: calibration failed: %s\n", ps_strerror (rc));
      return 1;
    }
  if (format == PS_REPORT_FORMAT_JSON)
    return print_json (ps_machine_to_json (&m));

  g_print ("cores             %u\n", m.cores);
  g_print ("cpu               %s\n", m.cpu_model);
  ps_units_format_bytes (m.total_memory_bytes, number, sizeof number);
  g_print ("memory            %s\n", number);
  ps_units_format_bytes (m.last_level_cache_bytes, number, sizeof number);
  g_print ("last-level cache  %s (cold payload sources span twice this)\n", number);
  g_print ("hot-path clock    %s\n", m.clock_source);
  ps_units_format_duration (m.clock_cost_ns, number, sizeof number);
  g_print ("  one timestamp   %s\n", number);
  ps_units_format_duration (m.clock_gettime_ns, number, sizeof number);
  g_print ("clock_gettime     %s\n", number);
  for (guint i = 0; i < PS_CALIBRATE_MEMCPY_SIZES; i++)
    {
      char size[32], aliased[32];

      ps_units_format_bytes (m.memcpy_sizes[i], size, sizeof size);
      ps_units_format_duration (m.memcpy_ns[i], number, sizeof number);
      ps_units_format_duration (m.memcpy_aliased_ns[i], aliased, sizeof aliased);
      g_print ("memcpy %-10s %s (4K-aliased, destination %u B past the source mod 4 KiB: %s)\n",
               size, number, m.memcpy_aliased_offset, aliased);
    }
  ps_units_format_duration (m.arena_create_ns_per_kib, number, sizeof number);
  g_print ("isolate heap      %s per KiB to create\n", number);
  ps_units_format_duration (m.lock_handoff_ns, number, sizeof number);
  g_print ("lock handoff      %s\n", number);
  {
    char asked[32], slack[32];

    ps_units_format_duration (m.sleep_request_ns, asked, sizeof asked);
    ps_units_format_duration (m.sleep_achieved_ns, number, sizeof number);
    ps_units_format_duration (m.sleep_default_slack_ns, slack, sizeof slack);
    g_print ("sleep %-12s %s on an engine thread (%s with the default timer slack)\n", asked,
             number, slack);
  }
  ps_units_format_double (m.work_iterations_per_us, 4, number, sizeof number);
  {
    char probe[32], spread[32];

    ps_units_format_duration (m.work_probe_ns, probe, sizeof probe);
    ps_units_format_double (m.work_round_spread_pct, 2, spread, sizeof spread);
    g_print ("work kernel       %s iterations per µs (median of %u probes of %s of CPU time; spread %s%%)\n",
             number, m.work_probe_rounds, probe, spread);
  }
  return 0;
}

/* What each named strategy stands for in the seeds; the pairs themselves come from the engine. */
static const char *
strategy_origin (const char *name)
{
  static const struct
  {
    const char *name, *origin;
  } origins[] = {
    { "single", "one thread, one isolate: the baseline for speedup" },
    { "spawn", "a new OS thread per task (makeParallel's parallel)" },
    { "legacy", "a new isolate per request (OpenWorkers before pooling)" },
    { "shared", "one global pool behind a mutex (OpenWorkers' shared pool)" },
    { "pinned", "each thread serves its own tenants, no router (OpenWorkers' thread-pinned)" },
    { "queue", "long-lived workers behind one mutex+condvar queue" },
    { "steal", "per-worker deques, idle workers steal" },
    { "batched", "batches of B with D in flight (Dart's batched map)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (origins); i++)
    if (g_strcmp0 (name, origins[i].name) == 0)
      return origins[i].origin;
  return "";
}

int
ps_cli_strategies_main (int argc, char **argv)
{
  PsReportFormat format;
  const PsStrategy *named;
  unsigned n = ps_named_strategies (&named);
  int rc = parse_format_only (argc, argv, "- list the named strategies", &format);

  if (rc >= 0)
    return rc;
  if (format == PS_REPORT_FORMAT_JSON)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (unsigned i = 0; i < n; i++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "strategy");
          json_builder_add_string_value (b, named[i].name);
          json_builder_set_member_name (b, "dispatch");
          json_builder_add_string_value (b, ps_dispatch_name (named[i].dispatch));
          json_builder_set_member_name (b, "isolates_mode");
          json_builder_add_string_value (b, ps_isolates_name (named[i].isolates_mode));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return print_json (json_builder_get_root (b));
    }

  for (unsigned i = 0; i < n; i++)
    {
      g_autofree char *pair = g_strdup_printf ("%s+%s", ps_dispatch_name (named[i].dispatch),
                                               ps_isolates_name (named[i].isolates_mode));
      g_print ("%-8s  %-26s  %s\n", named[i].name, pair, strategy_origin (named[i].name));
    }
  g_print ("\nAny DISPATCH+ISOLATES pair runs too:\n  dispatch:");
  for (int d = 0; d < PS_DISPATCH_COUNT; d++)
    g_print (" %s", ps_dispatch_name ((PsDispatchKind) d));
  g_print ("\n  isolates:");
  for (int i = 0; i < PS_ISOLATES_COUNT; i++)
    g_print (" %s", ps_isolates_name ((PsIsolatesKind) i));
  g_print ("\n");
  return 0;
}

static const char *
unit_name (PsUnit unit)
{
  static const char *const names[] = { "count", "bytes", "duration", "ratio", "enum", "bool" };

  return (unsigned) unit < G_N_ELEMENTS (names) ? names[unit] : "?";
}

int
ps_cli_knobs_main (int argc, char **argv)
{
  PsReportFormat format;
  PsScenario defaults;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  int rc = parse_format_only (argc, argv, "- list every knob with its range and meaning", &format);

  if (rc >= 0)
    return rc;
  ps_scenario_init_defaults (&defaults);
  json_builder_begin_array (b);
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);
      char lo[48], hi[48], def[48];

      ps_knob_format (info, info->min, lo, sizeof lo);
      ps_knob_format (info, info->max, hi, sizeof hi);
      ps_knob_format (info, ps_knob_get (&defaults, (PsKnob) k), def, sizeof def);
      if (format == PS_REPORT_FORMAT_TABLE)
        {
          g_print ("--%-18s %-8s %s to %s; default %s%s%s\n    %s\n", info->option,
                   unit_name (info->unit), lo, hi, def, info->live ? "; live" : "",
                   info->sweepable ? "; sweepable" : "", info->help);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, info->name);
      json_builder_set_member_name (b, "option");
      json_builder_add_string_value (b, info->option);
      json_builder_set_member_name (b, "unit");
      json_builder_add_string_value (b, unit_name (info->unit));
      json_builder_set_member_name (b, "min");
      json_builder_add_double_value (b, info->min);
      json_builder_set_member_name (b, "max");
      json_builder_add_double_value (b, info->max);
      json_builder_set_member_name (b, "default");
      json_builder_add_string_value (b, def);
      json_builder_set_member_name (b, "live");
      json_builder_add_boolean_value (b, info->live);
      json_builder_set_member_name (b, "sweepable");
      json_builder_add_boolean_value (b, info->sweepable);
      json_builder_set_member_name (b, "help");
      json_builder_add_string_value (b, info->help);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return format == PS_REPORT_FORMAT_JSON ? print_json (json_builder_get_root (b)) : 0;
}
