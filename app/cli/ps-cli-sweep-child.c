/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep-child.c */
#define G_LOG_DOMAIN "poolscope-cli"

#include "ps-cli-sweep-child.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "ps-report-format.h"

/* Knobs the child gets some other way, or must not get: the run length is written as a pair, and
 * a one-strategy run is sequential whatever the slice length says. */
static gboolean
passed_separately (PsKnob knob)
{
  switch (knob)
    {
    case PS_KNOB_TASKS:
    case PS_KNOB_DURATION:
    case PS_KNOB_WARMUP_TASKS:
    case PS_KNOB_WARMUP_TIME:
    case PS_KNOB_ORDER:
    case PS_KNOB_INTERLEAVE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
add_knob (GPtrArray *argv, const PsScenario *scenario, PsKnob knob)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  char text[64];

  ps_knob_format (info, ps_knob_get (scenario, knob), text, sizeof text);
  g_ptr_array_add (argv, g_strdup_printf ("--%s=%s", info->option, text));
}

GStrv
ps_cli_sweep_child_argv (const char *executable, const PsScenario *scenario)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, g_strdup (executable));
  g_ptr_array_add (argv, g_strdup ("run"));
  g_ptr_array_add (argv, g_strdup ("--format=json"));
  g_ptr_array_add (argv, g_strdup_printf ("--strategy=%s", scenario->strategies[0].name));
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    if (!passed_separately ((PsKnob) k))
      add_knob (argv, scenario, (PsKnob) k);
  if (scenario->tasks > 0)
    {
      add_knob (argv, scenario, PS_KNOB_TASKS);
      add_knob (argv, scenario, PS_KNOB_WARMUP_TASKS);
    }
  else
    {
      add_knob (argv, scenario, PS_KNOB_DURATION);
      add_knob (argv, scenario, PS_KNOB_WARMUP_TIME);
    }
  g_ptr_array_add (argv, NULL);
  return (GStrv) g_ptr_array_free (argv, FALSE);
}

/* The first result of the child's JSON report, or FALSE with a warning saying what was wrong. */
static gboolean
parse_child_report (const char *json, PsSweepSample *out, gboolean *completed)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      g_printerr ("poolscope-cli: a sweep repetition printed no JSON report: %s\n",
                  error->message);
      return FALSE;
    }
  JsonNode *root = json_parser_get_root (parser);
  JsonObject *report = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *results = report ? json_object_get_array_member (report, "results") : NULL;
  if (results == NULL || json_array_get_length (results) != 1
      || !ps_result_from_json (json_array_get_object_element (results, 0), &out->result))
    {
      g_printerr ("poolscope-cli: a sweep repetition's report has no complete result\n");
      free (out->result.per_thread_tasks);
      out->result.per_thread_tasks = NULL;
      return FALSE;
    }
  *completed = json_object_get_boolean_member (report, "completed");
  out->has_result = TRUE;
  return TRUE;
}

int
ps_cli_sweep_measure_in_child (const PsScenario *scenario, unsigned strategy_index, double x,
                               PsSweepSample *out, void *user_data)
{
  g_auto (GStrv) argv = ps_cli_sweep_child_argv (user_data, scenario);
  g_autoptr (GError) error = NULL;
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  gboolean completed = FALSE;
  int wait_status = 0;

  /* g_spawn_sync reads the pipes and reaps the child on this thread; GSubprocess would reap it on
   * GLib's worker thread, whose (correct, futex-based) hand-off ThreadSanitizer cannot see. */
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &stdout_text, &stderr_text,
                     &wait_status, &error))
    {
      g_printerr ("poolscope-cli: could not run a sweep repetition: %s\n", error->message);
      return PS_ETHREAD;
    }
  /* Exit status 2 is a scenario the child refused: the parent validated the same one, so this
   * would be a bug; say what the child said. */
  if (!WIFEXITED (wait_status) || WEXITSTATUS (wait_status) != 0)
    {
      g_printerr ("poolscope-cli: a sweep repetition failed: %s", stderr_text ? stderr_text : "");
      return WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 2 ? PS_EINVAL : PS_ECANCELED;
    }
  if (!parse_child_report (stdout_text, out, &completed))
    return PS_EINVAL;
  /* A child stopped by Ctrl-C (it shares the terminal's process group) measured only part. */
  if (!completed || out->result.tasks_completed == 0 || !(out->result.wall_s > 0))
    {
      free (out->result.per_thread_tasks);
      memset (out, 0, sizeof *out);
      return PS_ECANCELED;
    }
  out->seconds_per_task = out->result.wall_s / (double) out->result.tasks_completed;
  return 0;
}
