/* ps-cli-sweep.c: `poolscope-cli sweep`: options, progress, and the sweep as a table, JSON or CSV.
 *
 * The scenario knobs, --strategy and --format come from ps-cli-scenario.h exactly as `run` has
 * them; this file adds only what a sweep needs and writes what only a sweep has (points, crossings,
 * fits). Each point's "result" object is the one `run` writes, from ps-cli-output.h.
 */
#define G_LOG_DOMAIN "poolscope-cli"

#include "ps-cli-sweep.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli-output.h"
#include "ps-cli-scenario.h"
#include "ps-sweep.h"

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
  g_free (o->ci);
  g_free (o->rep_time);
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
apply_sweep_options (const SweepOptions *o, PsCliScenario *cli, PsSweepConfig *config,
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
      /* Sizes and durations span orders of magnitude; counts are usually small and linear. */
      if (o->log || o->linear)
        config->spacing = o->log ? PS_SWEEP_LOG : PS_SWEEP_LINEAR;
      else
        config->spacing = (info->unit == PS_UNIT_BYTES || info->unit == PS_UNIT_DURATION)
                              && config->from > 0
                            ? PS_SWEEP_LOG
                            : PS_SWEEP_LINEAR;
    }

  if (o->reference)
    g_strlcpy (config->reference, o->reference, sizeof config->reference);
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

/* A value for people: rounded ("17.7 KiB", "158.1 µs") where the knob table's own format would
 * be exact ("18128 B"); JSON and CSV carry the exact numbers. */
static void
format_x (const PsSweepReport *report, double x, char *buf, size_t size)
{
  const PsKnobInfo *info = ps_knob_info (report->knob);

  if (info->unit == PS_UNIT_BYTES)
    ps_units_format_bytes ((uint64_t) x, buf, size);
  else if (info->unit == PS_UNIT_DURATION)
    ps_units_format_duration (x, buf, size);
  else
    ps_knob_format (info, x, buf, size);
}

/* Appends @text padded to @width characters (not bytes: "µ" and "±" take two). */
static void
append_padded (GString *out, const char *text, int width)
{
  g_string_append_printf (out, "%s%*s", text, MAX (0, width - (int) g_utf8_strlen (text, -1)),
                          "");
}

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

  format_x (report, p->x, x, sizeof x);
  ps_units_format_duration (p->mean_s * 1e9, t, sizeof t);
  if (event->kind == PS_SWEEP_EVENT_POINT)
    {
      fprintf (stderr, "sweep: point %u/%u  %-10s %s = %-10s %s/task ±%.1f%% (%u reps)\n",
               event->grid_done, event->grid_total, series->strategy.name,
               ps_knob_info (report->knob)->name, x, t,
               100 * (p->ci_high - p->mean_s) / p->mean_s, p->reps);
      return;
    }
  format_x (report, event->crossing->x, x, sizeof x);
  format_x (report, event->crossing->x_low, lo, sizeof lo);
  format_x (report, event->crossing->x_high, hi, sizeof hi);
  fprintf (stderr, "sweep: bisect %s vs %s: ~%s in [%s, %s] (%u extra points)\n",
           series->strategy.name, report->series[event->crossing->reference].strategy.name, x,
           lo, hi, event->crossing->extra_points);
}

/* ---- Output ---------------------------------------------------------------------------------- */

/* The "result" object of one point, exactly as `run` writes a strategy's result: it is built by
 * ps-cli-output.c from a one-strategy report, so the two never drift apart. */
static JsonNode *
point_result_to_json (const PsSweepConfig *config, const PsSweepSeries *series,
                      const PsSweepPoint *point, const PsMachine *machine)
{
  PsStrategyReport strategy = { 0 };
  PsReport report = { 0 };
  g_autoptr (JsonNode) whole = NULL;
  JsonArray *results;

  strategy.strategy = series->strategy;
  strategy.total = point->result;
  report.scenario = config->base;
  report.scenario.strategies[0] = series->strategy;
  report.scenario.n_strategies = 1;
  ps_knob_set (&report.scenario, config->knob, point->x);
  report.machine = *machine;
  report.completed = true;
  report.n_strategies = 1;
  report.strategies = &strategy;
  whole = ps_cli_report_to_json (&report);
  results = json_object_get_array_member (json_node_get_object (whole), "results");
  return json_node_copy (json_array_get_element (results, 0));
}

static void
add_scaling_fit (JsonBuilder *b, const char *name, const PsScalingFit *fit, gboolean kappa)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lambda_per_s");
  json_builder_add_double_value (b, fit->lambda);
  json_builder_set_member_name (b, "sigma");
  json_builder_add_double_value (b, fit->sigma);
  if (kappa)
    {
      json_builder_set_member_name (b, "kappa");
      json_builder_add_double_value (b, fit->kappa);
    }
  json_builder_set_member_name (b, "r2");
  json_builder_add_double_value (b, fit->r2);
  json_builder_end_object (b);
}

static void
add_member_double (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_points_json (JsonBuilder *b, const PsSweepConfig *config, const PsSweepSeries *series,
                 const PsMachine *machine)
{
  json_builder_set_member_name (b, "points");
  json_builder_begin_array (b);
  for (unsigned p = 0; p < series->n_points; p++)
    {
      const PsSweepPoint *point = &series->points[p];

      json_builder_begin_object (b);
      add_member_double (b, "x", point->x);
      add_member_double (b, "mean_s_per_task", point->mean_s);
      add_member_double (b, "ci_low", point->ci_low);
      add_member_double (b, "ci_high", point->ci_high);
      add_member_double (b, "min_s", point->min_s);
      add_member_double (b, "max_s", point->max_s);
      add_member_double (b, "stddev_s", point->stddev_s);
      json_builder_set_member_name (b, "reps");
      json_builder_add_int_value (b, point->reps);
      json_builder_set_member_name (b, "outliers");
      json_builder_add_int_value (b, point->outliers);
      json_builder_set_member_name (b, "bisection");
      json_builder_add_boolean_value (b, point->bisection);
      json_builder_set_member_name (b, "result");
      if (point->has_result)
        json_builder_add_value (b, point_result_to_json (config, series, point, machine));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_crossings_json (JsonBuilder *b, const PsSweepReport *r)
{
  json_builder_set_member_name (b, "break_even");
  json_builder_begin_array (b);
  for (unsigned i = 0; i < r->n_crossings; i++)
    {
      const PsSweepCrossing *c = &r->crossings[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "strategy");
      json_builder_add_string_value (b, r->series[c->strategy].strategy.name);
      json_builder_set_member_name (b, "reference");
      json_builder_add_string_value (b, r->series[c->reference].strategy.name);
      add_member_double (b, "x", c->x);
      add_member_double (b, "x_low", c->x_low);
      add_member_double (b, "x_high", c->x_high);
      json_builder_set_member_name (b, "direction");
      json_builder_add_string_value (b, ps_sweep_direction_name (c->direction));
      json_builder_set_member_name (b, "extra_points");
      json_builder_add_int_value (b, c->extra_points);
      json_builder_set_member_name (b, "converged");
      json_builder_add_boolean_value (b, c->converged);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* "No crossing in range" is a finding too, so it is written rather than left implicit. */
  json_builder_set_member_name (b, "no_crossing_in_range");
  json_builder_begin_array (b);
  for (unsigned s = 0; s < r->n_series; s++)
    {
      gboolean found = FALSE;

      for (unsigned i = 0; i < r->n_crossings; i++)
        found |= r->crossings[i].strategy == s;
      if (s != r->reference && !found)
        json_builder_add_string_value (b, r->series[s].strategy.name);
    }
  json_builder_end_array (b);
}

static void
add_fits_json (JsonBuilder *b, const PsSweepReport *r)
{
  json_builder_set_member_name (b, "fits");
  json_builder_begin_array (b);
  for (unsigned s = 0; s < r->n_series; s++)
    {
      const PsSweepFits *f = &r->series[s].fits;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "strategy");
      json_builder_add_string_value (b, r->series[s].strategy.name);
      if (f->has_linear)
        {
          json_builder_set_member_name (b, "linear");
          json_builder_begin_object (b);
          add_member_double (b, "intercept_s", f->linear.intercept);
          /* Per byte for sizes, per nanosecond for durations: the knob's base unit. */
          add_member_double (b, "slope_s_per_unit", f->linear.slope);
          add_member_double (b, "r2", f->linear.r2);
          json_builder_end_object (b);
        }
      if (f->has_amdahl)
        add_scaling_fit (b, "amdahl", &f->amdahl, FALSE);
      if (f->has_usl)
        add_scaling_fit (b, "usl", &f->usl, TRUE);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static char *
sweep_to_json (const PsSweepConfig *config, const PsSweepReport *r, const PsMachine *machine)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, PS_CLI_SCHEMA_VERSION);
  json_builder_set_member_name (b, "scenario");
  json_builder_add_value (b, ps_cli_scenario_to_json (&config->base));
  json_builder_set_member_name (b, "machine");
  json_builder_add_value (b, ps_cli_machine_to_json (machine));

  json_builder_set_member_name (b, "sweep");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "knob");
  json_builder_add_string_value (b, ps_knob_info (r->knob)->name);
  json_builder_set_member_name (b, "spacing");
  json_builder_add_string_value (b, config->spacing == PS_SWEEP_LIST ? "list"
                                    : r->log_axis                    ? "log"
                                                                     : "linear");
  json_builder_set_member_name (b, "values");
  json_builder_begin_array (b);
  for (unsigned i = 0; i < r->n_values; i++)
    json_builder_add_double_value (b, r->values[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "reference");
  json_builder_add_string_value (b, r->series[r->reference].strategy.name);
  add_member_double (b, "ci_target", config->ci_target);
  json_builder_set_member_name (b, "max_reps");
  json_builder_add_int_value (b, config->max_reps);
  add_member_double (b, "tolerance", config->tolerance);
  json_builder_set_member_name (b, "completed");
  json_builder_add_boolean_value (b, r->completed);
  add_member_double (b, "wall_s", r->wall_s);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (unsigned s = 0; s < r->n_series; s++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "strategy");
      json_builder_add_string_value (b, r->series[s].strategy.name);
      json_builder_set_member_name (b, "dispatch");
      json_builder_add_string_value (b, ps_dispatch_name (r->series[s].strategy.dispatch));
      json_builder_set_member_name (b, "isolates_mode");
      json_builder_add_string_value (b, ps_isolates_name (r->series[s].strategy.isolates_mode));
      add_points_json (b, config, &r->series[s], machine);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_crossings_json (b, r);
  add_fits_json (b, r);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return ps_cli_json_to_string (root);
}

/* A number for CSV: '.' as the decimal point whatever the locale, empty when it does not exist. */
static void
csv_number (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

static char *
sweep_to_csv (const PsSweepReport *r)
{
  GString *out = g_string_new ("kind,strategy,reference,x,x_low,x_high,direction,"
                               "mean_s_per_task,ci_low,ci_high,reps,outliers,bisection\n");
  const char *ref = r->series[r->reference].strategy.name;

  for (unsigned s = 0; s < r->n_series; s++)
    for (unsigned p = 0; p < r->series[s].n_points; p++)
      {
        const PsSweepPoint *pt = &r->series[s].points[p];

        g_string_append_printf (out, "point,%s,%s", r->series[s].strategy.name, ref);
        csv_number (out, pt->x);
        g_string_append (out, ",,,");
        csv_number (out, pt->mean_s);
        csv_number (out, pt->ci_low);
        csv_number (out, pt->ci_high);
        g_string_append_printf (out, ",%u,%u,%s\n", pt->reps, pt->outliers,
                                pt->bisection ? "true" : "false");
      }
  for (unsigned i = 0; i < r->n_crossings; i++)
    {
      const PsSweepCrossing *c = &r->crossings[i];

      g_string_append_printf (out, "break_even,%s,%s", r->series[c->strategy].strategy.name,
                              r->series[c->reference].strategy.name);
      csv_number (out, c->x);
      csv_number (out, c->x_low);
      csv_number (out, c->x_high);
      g_string_append_printf (out, ",%s,,,,,,\n", ps_sweep_direction_name (c->direction));
    }
  return g_string_free (out, FALSE);
}

static void
table_cell (GString *out, const PsSweepPoint *p)
{
  char t[48];
  g_autofree char *cell = NULL;

  g_string_append (out, "  ");
  if (!p)
    {
      append_padded (out, "–", 26);
      return;
    }
  ps_units_format_duration (p->mean_s * 1e9, t, sizeof t);
  cell = g_strdup_printf ("%s ±%.1f%% (%u)", t, 100 * (p->ci_high - p->mean_s) / p->mean_s,
                          p->reps);
  append_padded (out, cell, 26);
}

static void
table_crossings (GString *out, const PsSweepReport *r)
{
  const char *ref = r->series[r->reference].strategy.name;
  char x[48], lo[48], hi[48];

  g_string_append_printf (out, "\nBreak-even against %s (time per task):\n", ref);
  for (unsigned s = 0; s < r->n_series; s++)
    {
      gboolean found = FALSE;

      if (s == r->reference)
        continue;
      for (unsigned i = 0; i < r->n_crossings; i++)
        {
          const PsSweepCrossing *c = &r->crossings[i];

          if (c->strategy != s)
            continue;
          found = TRUE;
          format_x (r, c->x, x, sizeof x);
          format_x (r, c->x_low, lo, sizeof lo);
          format_x (r, c->x_high, hi, sizeof hi);
          g_string_append_printf (out, "  %s beats %s %s %s %s (in [%s, %s], %u extra points%s)\n",
                                  r->series[s].strategy.name, ref,
                                  ps_sweep_direction_name (c->direction),
                                  ps_knob_info (r->knob)->name, x, lo, hi, c->extra_points,
                                  c->converged ? "" : ", not converged");
        }
      if (!found)
        g_string_append_printf (out, "  %s: no crossing with %s in range\n",
                                r->series[s].strategy.name, ref);
    }
}

static void
table_fits (GString *out, const PsSweepReport *r)
{
  const PsKnobInfo *info = ps_knob_info (r->knob);

  for (unsigned s = 0; s < r->n_series; s++)
    {
      const PsSweepFits *f = &r->series[s].fits;
      char t[48];

      if (f->has_linear)
        {
          ps_units_format_duration (f->linear.intercept * 1e9, t, sizeof t);
          g_string_append_printf (out, "  %s: %s + %.4g ns per %s (R² %.3f)\n",
                                  r->series[s].strategy.name, t, f->linear.slope * 1e9,
                                  info->unit == PS_UNIT_BYTES ? "byte" : "ns", f->linear.r2);
        }
      if (f->has_amdahl)
        g_string_append_printf (out, "  %s: Amdahl serial fraction %.3f (R² %.3f)\n",
                                r->series[s].strategy.name, f->amdahl.sigma, f->amdahl.r2);
      if (f->has_usl)
        g_string_append_printf (out, "  %s: USL σ %.4f κ %.5f (R² %.3f)\n",
                                r->series[s].strategy.name, f->usl.sigma, f->usl.kappa,
                                f->usl.r2);
    }
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static char *
sweep_to_table (const PsSweepReport *r)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  char x[48];

  /* Rows: every value any strategy was measured at, bisection points included. */
  for (unsigned s = 0; s < r->n_series; s++)
    for (unsigned p = 0; p < r->series[s].n_points; p++)
      g_array_append_val (xs, r->series[s].points[p].x);
  g_array_sort (xs, compare_doubles);

  append_padded (out, ps_knob_info (r->knob)->name, 12);
  for (unsigned s = 0; s < r->n_series; s++)
    {
      g_string_append (out, "  ");
      append_padded (out, r->series[s].strategy.name, 26);
    }
  g_string_append_c (out, '\n');
  for (unsigned i = 0; i < xs->len; i++)
    {
      double v = g_array_index (xs, double, i);

      if (i > 0 && v == g_array_index (xs, double, i - 1))
        continue;
      format_x (r, v, x, sizeof x);
      append_padded (out, x, 12);
      for (unsigned s = 0; s < r->n_series; s++)
        table_cell (out, ps_sweep_series_find (&r->series[s], v));
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "Cells: mean time per task ±95% CI half-width (repetitions).\n");
  table_crossings (out, r);
  g_string_append (out, "\nFits:\n");
  table_fits (out, r);
  if (!r->completed)
    g_string_append (out, "\nThe sweep did not finish: these are the values measured so far.\n");
  return g_string_free (out, FALSE);
}

/* ---- Main ------------------------------------------------------------------------------------ */

static int
usage_error (const char *message)
{
  g_autoptr (GError) error = g_error_new_literal (SWEEP_ERROR, 0, message);

  return ps_cli_usage_error (error);
}

static int
run_sweep (const PsSweepConfig *template, PsCliFormat format)
{
  PsSweepConfig config = *template;
  PsValidation why = { 0 };
  PsMachine machine;
  Progress progress = { 0 };
  g_autofree char *text = NULL;
  struct sigaction action = { 0 }, previous;
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
  if (rc != 0 && rc != PS_ECANCELED
      && ps_sweep_get_report (progress.sweep)->series[0].n_points == 0)
    {
      ps_sweep_free (progress.sweep);
      return 1;
    }
  ps_calibrate (&machine);
  switch (format)
    {
    case PS_CLI_FORMAT_JSON:
      text = sweep_to_json (&config, ps_sweep_get_report (progress.sweep), &machine);
      break;
    case PS_CLI_FORMAT_CSV:
      text = sweep_to_csv (ps_sweep_get_report (progress.sweep));
      break;
    case PS_CLI_FORMAT_TABLE:
    default:
      text = sweep_to_table (ps_sweep_get_report (progress.sweep));
      break;
    }
  fputs (text, stdout);
  fflush (stdout);
  ps_sweep_free (progress.sweep);
  return rc == 0 ? 0 : 1;
}

int
ps_cli_sweep_main (int argc, char **argv)
{
  SweepOptions o = { .points = NOT_GIVEN, .max_reps = NOT_GIVEN };
  const GOptionEntry entries[] = {
    { "vary", 0, 0, G_OPTION_ARG_STRING, &o.vary,
      "The knob to sweep: payload, work, threads, isolates, io-delay, heap, init, batch-size, "
      "tenants", "KNOB" },
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
    { NULL },
  };
  g_autoptr (PsCliScenario) cli = ps_cli_scenario_new (PS_CLI_SCENARIO_OUTPUT_OPTIONS);
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  GOptionGroup *group;
  PsSweepConfig config;
  int status;

  context = g_option_context_new ("- find where strategies cross as one knob varies");
  group = ps_cli_scenario_get_option_group (cli);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  g_option_context_set_description (
    context,
    "Example: poolscope-cli sweep --vary payload --from 64B --to 16MiB --points 12 "
    "--strategy single,queue,pinned\n\nEach point is repeated until its 95% confidence "
    "interval is within --ci of the mean; crossings against --reference are bracketed on the "
    "grid and refined by bisection (at most 6 extra points each). Progress goes to stderr.");

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
  status = run_sweep (&config, ps_cli_scenario_get_format (cli));
  sweep_options_clear (&o);
  return status;
}
