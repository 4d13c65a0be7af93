/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep.c: `poolscope-cli sweep`: options, progress, and running the sweep.
 *
 * The scenario knobs, --strategy and --format come from ps-cli-scenario.h exactly as `run` has
 * them; this file adds only what a sweep needs. What only a sweep has (points, crossings, fits) is
 * written by ps-cli-sweep-output.c (the table) and app/files (JSON, CSV, results files and export
 * bundles, which the window shares).
 */
#define G_LOG_DOMAIN "poolscope-cli"

#include "ps-cli-sweep.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "ps-bundle.h"
#include "ps-published.h"
#include "ps-report-format.h"
#include "ps-sweep-file.h"
#include "ps-sweep-format.h"
#include "ps-cli-sweep-child.h"
#include "ps-cli-sweep-output.h"
#include "ps-cli-scenario.h"
#include "ps-engine.h"

#define SWEEP_ERROR (g_quark_from_static_string ("ps-cli-sweep-error"))

/* What an integer option holds when it was not on the command line. */
#define NOT_GIVEN G_MININT

/* The options only a sweep has, as typed. */
typedef struct
{
  char *vary;
  char *from;
  char *to;
  int points;
  gboolean log;
  gboolean linear;
  char *values;
  char *reference;
  char *ci;
  int max_reps;
  char *rep_time;
  char *metric;
  gboolean in_process;
  char *output;     /* a sweep results file */
  char *export_dir; /* a sweep export bundle */
  gboolean force;   /* replace an existing --output file or --export bundle */
} SweepOptions;

/* The sweep that SIGINT stops. Written before the handler is installed, read by the handler. */
static PsSweep *volatile interrupted_sweep;

static void
on_sigint (int signum)
{
  /* ps_sweep_stop () is one lock-free atomic store: safe in a signal handler. */
  if (interrupted_sweep)
    ps_sweep_stop (interrupted_sweep);
}

static void
sweep_options_clear (SweepOptions *o)
{
  g_free (o->vary);
  g_free (o->from);
  g_free (o->to);
  g_free (o->values);
  g_free (o->reference);
  g_free (o->metric);
  g_free (o->ci);
  g_free (o->rep_time);
  g_free (o->output);
  g_free (o->export_dir);
}

/* ---- Parsing --------------------------------------------------------------------------------- */

static gboolean
parse_knob_value (const PsKnobInfo *info, const char *option, const char *text, double *value,
                  GError **error)
{
  char message[256];

  if (ps_knob_parse (info, text, value, message, sizeof message) == 0)
    return TRUE;
  g_set_error (error, SWEEP_ERROR, 0, "--%s: %s", option, message);
  return FALSE;
}

/* "5%" is a percentage, "0.05" a fraction; a bare number of 1 or more is read as a percentage
 * because nobody means a CI of ±500%. */
static gboolean
parse_ci (const char *text, double *out, GError **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);
  gboolean percent = len > 0 && copy[len - 1] == '%';
  double value;

  if (percent)
    copy[len - 1] = '\0';
  if (ps_units_parse_double (copy, &value) != 0 || !(value > 0))
    {
      g_set_error (error, SWEEP_ERROR, 0,
                   "--ci: expected a relative half-width such as 5%% or 0.05, got '%s'", text);
      return FALSE;
    }
  *out = percent || value >= 1 ? value / 100 : value;
  if (*out >= 1)
    {
      g_set_error (error, SWEEP_ERROR, 0, "--ci: must be below 100%%, got '%s'", text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_values (const PsKnobInfo *info, const char *text, PsSweepConfig *config, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  config->n_values = 0;
  for (unsigned i = 0; parts[i]; i++)
    {
      if (config->n_values == PS_SWEEP_MAX_VALUES)
        {
          g_set_error (error, SWEEP_ERROR, 0, "--values: at most %d values", PS_SWEEP_MAX_VALUES);
          return FALSE;
        }
      if (!parse_knob_value (info, "values", g_strstrip (parts[i]),
                             &config->values[config->n_values++], error))
        return FALSE;
    }
  config->spacing = PS_SWEEP_LIST;
  return TRUE;
}

/* Turns the sweep options into @config; the scenario options are already in config->base. */
static gboolean
apply_sweep_range (const SweepOptions *o, PsCliScenario *cli, PsSweepConfig *config,
                   GError **error)
{
  const PsKnobInfo *info;

  if (!o->vary)
    {
      g_set_error (error, SWEEP_ERROR, 0, "--vary: name the knob to sweep, e.g. --vary payload");
      return FALSE;
    }
  info = ps_knob_find (o->vary);
  if (!info)
    {
      g_set_error (error, SWEEP_ERROR, 0, "--vary: unknown knob '%s'", o->vary);
      return FALSE;
    }
  config->knob = info->knob;
  if (ps_cli_scenario_was_given (cli, info->knob))
    {
      g_set_error (error, SWEEP_ERROR, 0, "--%s: the swept knob takes its values from --from/--to "
                   "or --values; drop --%s", info->option, info->option);
      return FALSE;
    }
  if (o->log && o->linear)
    {
      g_set_error (error, SWEEP_ERROR, 0, "--log and --linear: give one of them");
      return FALSE;
    }

  if (o->values)
    {
      if (o->from || o->to || o->points != NOT_GIVEN || o->log || o->linear)
        {
          g_set_error (error, SWEEP_ERROR, 0,
                       "--values: give either --values or --from/--to/--points, not both");
          return FALSE;
        }
      if (!parse_values (info, o->values, config, error))
        return FALSE;
    }
  else
    {
      if (!o->from || !o->to)
        {
          g_set_error (error, SWEEP_ERROR, 0, "--from/--to: give the range of %s (or --values)",
                       info->name);
          return FALSE;
        }
      if (!parse_knob_value (info, "from", o->from, &config->from, error)
          || !parse_knob_value (info, "to", o->to, &config->to, error))
        return FALSE;
      if (o->points != NOT_GIVEN && (o->points < 1 || o->points > PS_SWEEP_MAX_VALUES))
        {
          g_set_error (error, SWEEP_ERROR, 0, "--points: must be between 1 and %d, got %d",
                       PS_SWEEP_MAX_VALUES, o->points);
          return FALSE;
        }
      config->points = o->points != NOT_GIVEN ? (unsigned) o->points : 12;
      /* Sizes, durations and rates span orders of magnitude; counts are usually small and linear. */
      if (o->log || o->linear)
        config->spacing = o->log ? PS_SWEEP_LOG : PS_SWEEP_LINEAR;
      else
        config->spacing = (info->unit == PS_UNIT_BYTES || info->unit == PS_UNIT_DURATION
                           || info->knob == PS_KNOB_RATE)
                              && config->from > 0
                            ? PS_SWEEP_LOG
                            : PS_SWEEP_LINEAR;
    }
  return TRUE;
}

/* The swept knob and its values from --vary and the range options, or else from the sweep of the
 * --preset; then the options that tune any sweep. */
static gboolean
apply_sweep_options (const SweepOptions *o, PsCliScenario *cli, PsSweepConfig *config,
                     GError **error)
{
  const PsStoredPreset *stored = ps_cli_scenario_get_preset (cli);

  if (o->vary == NULL && stored != NULL && stored->preset->has_sweep)
    {
      const PsSweepConfig *sweep = &stored->preset->sweep;

      config->knob = sweep->knob;
      config->spacing = sweep->spacing;
      config->from = sweep->from;
      config->to = sweep->to;
      config->points = sweep->points;
      config->n_values = sweep->n_values;
      memcpy (config->values, sweep->values, sizeof config->values);
      config->metric = sweep->metric;
      g_strlcpy (config->reference, sweep->reference, sizeof config->reference);
    }
  else if (!apply_sweep_range (o, cli, config, error))
    return FALSE;

  if (o->reference)
    g_strlcpy (config->reference, o->reference, sizeof config->reference);
  /* An open-loop sweep compares the median latency unless told otherwise: its time per task is
   * the rate's, the same for every strategy. */
  if (config->base.rate > 0 || config->knob == PS_KNOB_RATE)
    config->metric = PS_SWEEP_METRIC_LATENCY_P50;
  if (o->metric && ps_sweep_metric_parse (o->metric, &config->metric) != 0)
    {
      g_set_error (error, SWEEP_ERROR, 0, "--metric: must be time, p50 or p99, got '%s'",
                   o->metric);
      return FALSE;
    }
  if (o->ci && !parse_ci (o->ci, &config->ci_target, error))
    return FALSE;
  if (o->max_reps != NOT_GIVEN)
    {
      if (o->max_reps < 3 || o->max_reps > 1000)
        {
          g_set_error (error, SWEEP_ERROR, 0, "--max-reps: must be between 3 and 1000, got %d",
                       o->max_reps);
          return FALSE;
        }
      config->max_reps = (unsigned) o->max_reps;
    }
  if (o->rep_time)
    {
      uint64_t ns;

      if (ps_units_parse_duration (o->rep_time, 1000000, &ns) != 0 || ns == 0)
        {
          g_set_error (error, SWEEP_ERROR, 0,
                       "--rep-time: expected a duration such as 20ms, got '%s'", o->rep_time);
          return FALSE;
        }
      config->rep_duration_ns = ns;
    }
  /* A run length the user chose is theirs: each repetition then runs exactly that. */
  if (ps_cli_scenario_was_given (cli, PS_KNOB_TASKS)
      || ps_cli_scenario_was_given (cli, PS_KNOB_DURATION))
    config->rep_duration_ns = 0;
  return TRUE;
}

/* ---- Progress -------------------------------------------------------------------------------- */

typedef struct
{
  PsSweep *sweep;
} Progress;

static void
on_sweep_event (const PsSweepEvent *event, void *user_data)
{
  Progress *progress = user_data;
  const PsSweepReport *report = ps_sweep_get_report (progress->sweep);
  const PsSweepSeries *series = &report->series[event->strategy];
  const PsSweepPoint *p = event->point;
  char x[48], t[48], lo[48], hi[48];

  ps_sweep_format_x (report, p->x, x, sizeof x);
  ps_units_format_duration (p->mean_s * 1e9, t, sizeof t);
  if (event->kind == PS_SWEEP_EVENT_POINT)
    {
      fprintf (stderr, "sweep: point %u/%u  %-10s %s = %-10s %s %s ±%.1f%% (%u reps)\n",
               event->grid_done, event->grid_total, series->strategy.name,
               ps_knob_info (report->knob)->name, x, ps_sweep_metric_label (report->metric), t,
               100 * (p->ci_high - p->mean_s) / p->mean_s, p->reps);
      return;
    }
  /* A step is told once for each strategy it measured: say it once. */
  if (event->strategy != event->crossing->strategy)
    return;
  ps_sweep_format_x (report, event->crossing->x, x, sizeof x);
  ps_sweep_format_x (report, event->crossing->x_low, lo, sizeof lo);
  ps_sweep_format_x (report, event->crossing->x_high, hi, sizeof hi);
  fprintf (stderr, "sweep: bisect %s vs %s: ~%s in [%s, %s] (%u extra points)\n",
           series->strategy.name, report->series[event->crossing->reference].strategy.name, x,
           lo, hi, event->crossing->extra_points);
}

/* ---- Main ------------------------------------------------------------------------------------ */

static int
usage_error (const char *message)
{
  g_autoptr (GError) error = g_error_new_literal (SWEEP_ERROR, 0, message);

  return ps_cli_usage_error (error);
}

/* The preset's figures published at values of the swept knob, beside the sweep's points. */
static char *
with_published (char                *text,
                const PsPreset      *preset,
                const PsSweepReport *report,
                PsReportFormat       format)
{
  g_autoptr (GArray) comparisons = NULL;

  if (preset == NULL || format == PS_REPORT_FORMAT_CSV)
    return text;
  comparisons = ps_published_compare_sweep (preset, report);
  if (comparisons->len == 0)
    return text;
  if (format == PS_REPORT_FORMAT_JSON)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *root;

      /* Our own text: it parses. */
      json_parser_load_from_data (parser, text, -1, NULL);
      root = json_node_get_object (json_parser_get_root (parser));
      json_object_set_string_member (root, "preset", preset->name);
      json_object_set_member (root, "published", ps_published_to_json (comparisons));
      g_free (text);
      return ps_json_to_string (json_parser_get_root (parser));
    }
  else
    {
      g_autofree char *table = ps_published_to_table (preset, comparisons);
      char *joined = g_strconcat (text, table, NULL);

      g_free (text);
      return joined;
    }
}

/* Where the result goes besides stdout. */
typedef struct
{
  PsReportFormat format;
  const PsPreset *preset; /* nullable: its published figures go beside the points */
  const char *output;     /* nullable: write a sweep results file there */
  const char *export_dir; /* nullable: write a sweep export bundle there */
  gboolean force;         /* replace an existing output file or bundle */
} SweepOutput;

/* Refused before measuring, not after, as `run` does: a long sweep must not end in "exists
 * already". Returns: whether the files may be written. */
static gboolean
outputs_are_free (const SweepOutput *out)
{
  g_auto (GStrv) names = NULL;

  if (out->force)
    return TRUE;
  if (out->output != NULL && g_file_test (out->output, G_FILE_TEST_EXISTS))
    {
      g_printerr ("poolscope-cli: %s exists already; add --force to replace it\n", out->output);
      return FALSE;
    }
  names = ps_bundle_sweep_files ();
  for (guint i = 0; out->export_dir != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (out->export_dir, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_printerr ("poolscope-cli: %s exists already; export into an empty folder or add "
                      "--force\n", path);
          return FALSE;
        }
    }
  return TRUE;
}

/* The results file and the bundle; a failure is one line on stderr. Returns: whether both were
 * written (or not asked for). */
static gboolean
write_files (const SweepOutput *out, const PsSweepConfig *config, const PsSweepReport *report,
             const PsMachine *machine)
{
  g_autoptr (GError) error = NULL;

  if (out->output != NULL
      && !ps_sweep_file_write (out->output, config, report, machine, out->preset, out->force,
                               &error))
    g_printerr ("poolscope-cli: the sweep results were not saved: %s\n", error->message);
  else if (out->export_dir != NULL
           && !ps_bundle_write_sweep (out->export_dir, config, report, machine, out->preset,
                                      out->force, &error))
    g_printerr ("poolscope-cli: the bundle was not exported: %s\n", error->message);
  return error == NULL;
}

static int
run_sweep (const PsSweepConfig *template, const SweepOutput *out)
{
  PsSweepConfig config = *template;
  PsValidation why = { 0 };
  PsMachine machine;
  Progress progress = { 0 };
  g_autofree char *text = NULL;
  struct sigaction action = { 0 }, previous;
  const PsSweepReport *report;
  gboolean written;
  int rc;

  config.on_event = on_sweep_event;
  config.event_data = &progress;
  rc = ps_sweep_new (&config, &progress.sweep, &why);
  if (rc != 0)
    return usage_error (why.message);

  interrupted_sweep = progress.sweep;
  action.sa_handler = on_sigint;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &previous);
  rc = ps_sweep_run (progress.sweep);
  sigaction (SIGINT, &previous, NULL);
  interrupted_sweep = NULL;

  if (rc != 0 && rc != PS_ECANCELED)
    fprintf (stderr, "poolscope-cli: the sweep failed: %s\n", ps_strerror (rc));
  else if (rc == PS_ECANCELED)
    fprintf (stderr, "poolscope-cli: the sweep was stopped; writing what it measured\n");

  /* A sweep that failed before its first point has nothing to show. */
  report = ps_sweep_get_report (progress.sweep);
  if (rc != 0 && rc != PS_ECANCELED && report->series[0].n_points == 0)
    {
      ps_sweep_free (progress.sweep);
      return 1;
    }
  ps_calibrate (&machine);
  switch (out->format)
    {
    case PS_REPORT_FORMAT_JSON:
      text = ps_sweep_to_json (&config, report, &machine);
      break;
    case PS_REPORT_FORMAT_CSV:
      text = ps_sweep_to_csv (report);
      break;
    case PS_REPORT_FORMAT_TABLE:
    default:
      text = ps_cli_sweep_to_table (report, config.measure == ps_cli_sweep_measure_in_child);
      break;
    }
  text = with_published (text, out->preset, report, out->format);
  fputs (text, stdout);
  fflush (stdout);
  written = write_files (out, &config, report, &machine);
  ps_sweep_free (progress.sweep);
  return rc == 0 && written ? 0 : 1;
}

int
ps_cli_sweep_main (int argc, char **argv)
{
  SweepOptions o = { .points = NOT_GIVEN, .max_reps = NOT_GIVEN };
  const GOptionEntry entries[] = {
    { "vary", 0, 0, G_OPTION_ARG_STRING, &o.vary,
      "The knob to sweep (a --preset with a sweep gives it, its range and metric): payload, work, threads, isolates, io-delay, heap, init, batch-size, "
      "tenants, rate, serialize", "KNOB" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o.from, "First value, in the knob's units (64B)",
      "VALUE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o.to, "Last value, inclusive (16MiB)", "VALUE" },
    { "points", 0, 0, G_OPTION_ARG_INT, &o.points, "Values between --from and --to (12)", "N" },
    { "log", 0, 0, G_OPTION_ARG_NONE, &o.log,
      "Space the values geometrically (the default for sizes and durations)", NULL },
    { "linear", 0, 0, G_OPTION_ARG_NONE, &o.linear,
      "Space the values evenly (the default for counts)", NULL },
    { "values", 0, 0, G_OPTION_ARG_STRING, &o.values,
      "Explicit values instead of a range, comma separated (1,2,4,8)", "LIST" },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &o.reference,
      "Strategy every other one is compared with (single)", "STRATEGY" },
    { "ci", 0, 0, G_OPTION_ARG_STRING, &o.ci,
      "Repeat each point until the 95% confidence interval is within this share of the mean (5%)",
      "PERCENT" },
    { "max-reps", 0, 0, G_OPTION_ARG_INT, &o.max_reps,
      "Most repetitions of one point when the CI target is not met (20)", "N" },
    { "rep-time", 0, 0, G_OPTION_ARG_STRING, &o.rep_time,
      "About how long each repetition runs (20ms); its task count is sized from the time per "
      "task, plus 10% warm-up; --tasks or --duration override it", "DURATION" },
    { "metric", 0, 0, G_OPTION_ARG_STRING, &o.metric,
      "What to compare, lower being better: time (per task, the default), p50 or p99 latency "
      "(the default with --rate, where every strategy that keeps up takes 1/rate per task)",
      "METRIC" },
    { "in-process", 0, 0, G_OPTION_ARG_NONE, &o.in_process,
      "Measure every repetition in this process instead of a fresh one each: faster, but the "
      "intervals then leave out how much two processes differ (calibration, thread placement)",
      NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
      "Also write a sweep results file (the JSON with every point, where and when it was "
      "measured, and the preset) to look at or compare later; an existing file needs --force.",
      "FILE" },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &o.export_dir,
      "Also write an export bundle into DIR: the sweep's chart as PNG, SVG and PDF, the points "
      "as CSV, the results file, a preset that reproduces the sweep and a README; files of the "
      "same names need --force.", "DIR" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &o.force,
      "Replace an existing --output file or --export bundle.", NULL },
    { NULL },
  };
  g_autoptr (PsCliScenario) cli = ps_cli_scenario_new (PS_CLI_SCENARIO_OUTPUT_OPTIONS);
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  GOptionGroup *group;
  PsSweepConfig config;
  SweepOutput out = { 0 };
  const PsStoredPreset *stored;
  int status;

  context = g_option_context_new ("- find where strategies cross as one knob varies");
  group = ps_cli_scenario_new_option_group (cli);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  g_option_context_set_description (
    context,
    "Example: poolscope-cli sweep --vary payload --from 64B --to 16MiB --points 12 "
    "--strategy single,queue,pinned\n\nEach point is repeated until its 95% confidence "
    "interval is within --ci of the mean; crossings against --reference are bracketed on the "
    "grid and refined by bisection (at most 6 extra points each). Every repetition runs in a "
    "fresh process, so the intervals include how much two processes differ. Progress goes to "
    "stderr.");

  /* GOption wants the program name first; argv[0] here is the word "sweep". */
  args = g_new0 (char *, argc + 2);
  args[0] = g_strdup ("poolscope-cli sweep");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  ps_sweep_config_init (&config);
  if (!g_option_context_parse_strv (context, &args, &error)
      || !ps_cli_scenario_finish (cli, FALSE, &error))
    {
      sweep_options_clear (&o);
      return ps_cli_usage_error (error);
    }
  if (args[1])
    {
      g_autofree char *message = g_strdup_printf ("unexpected argument '%s'", args[1]);

      sweep_options_clear (&o);
      return usage_error (message);
    }

  config.base = *ps_cli_scenario_get_scenario (cli);
  if (!apply_sweep_options (&o, cli, &config, &error))
    {
      sweep_options_clear (&o);
      return ps_cli_usage_error (error);
    }
  /* Every repetition in a fresh process by default: see ps-cli-sweep-child.h. */
  g_autofree char *self = o.in_process ? NULL : g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL)
    {
      config.measure = ps_cli_sweep_measure_in_child;
      config.measure_data = self;
    }
  stored = ps_cli_scenario_get_preset (cli);
  out.format = ps_cli_scenario_get_format (cli);
  out.preset = stored != NULL ? stored->preset : NULL;
  out.output = o.output;
  out.export_dir = o.export_dir;
  out.force = o.force;
  status = outputs_are_free (&out) ? run_sweep (&config, &out) : 2;
  sweep_options_clear (&o);
  return status;
}
