/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-format.c: a sweep's points, crossings and fits as JSON, CSV and a chart (see
 * ps-sweep-format.h). */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-sweep-format.h"

#include <math.h>

#include "ps-report-format.h"
#include "ps-run-charts.h"

/* A value for people: rounded ("17.7 KiB", "158.1 µs") where the knob table's own format would
 * be exact ("18128 B"); JSON and CSV carry the exact numbers. */
void
ps_sweep_format_x (const PsSweepReport *report, double x, char *buf, size_t size)
{
  ps_knob_format_approx (ps_knob_info (report->knob), x, buf, size);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

/* The "result" object of one point, exactly as `run` writes a strategy's result: it is built by
 * ps-report-format.c from a one-strategy report, so the two never drift apart. */
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
  whole = ps_report_to_json (&report);
  results = json_object_get_array_member (json_node_get_object (whole), "results");
  return json_node_copy (json_array_get_element (results, 0));
}

/* Through ps_json_add_double () like every other number: a fit that came out NaN is null, not
 * "nan", which no JSON reader (the results file's included) would accept. */
static void
add_scaling_fit (JsonBuilder *b, const char *name, const PsScalingFit *fit, gboolean kappa)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  ps_json_add_double (b, "lambda_per_s", fit->lambda);
  ps_json_add_double (b, "sigma", fit->sigma);
  if (kappa)
    ps_json_add_double (b, "kappa", fit->kappa);
  ps_json_add_double (b, "r2", fit->r2);
  json_builder_end_object (b);
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
      ps_json_add_double (b, "x", point->x);
      /* mean_s is the compared metric; the time per task keeps its old key for scripts. */
      ps_json_add_double (b, "mean_s", point->mean_s);
      ps_json_add_double (b, "mean_s_per_task", point->pace_s);
      ps_json_add_double (b, "ci_low", point->ci_low);
      ps_json_add_double (b, "ci_high", point->ci_high);
      ps_json_add_double (b, "min_s", point->min_s);
      ps_json_add_double (b, "max_s", point->max_s);
      ps_json_add_double (b, "stddev_s", point->stddev_s);
      json_builder_set_member_name (b, "reps");
      json_builder_add_int_value (b, point->reps);
      json_builder_set_member_name (b, "outliers");
      json_builder_add_int_value (b, point->outliers);
      json_builder_set_member_name (b, "bisection");
      json_builder_add_boolean_value (b, point->bisection);
      json_builder_set_member_name (b, "remeasured");
      json_builder_add_int_value (b, point->remeasured);
      json_builder_set_member_name (b, "disturbed");
      json_builder_add_int_value (b, point->disturbed);
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
      ps_json_add_double (b, "x", c->x);
      ps_json_add_double (b, "x_low", c->x_low);
      ps_json_add_double (b, "x_high", c->x_high);
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
          ps_json_add_double (b, "intercept_s", f->linear.intercept);
          /* Per byte for sizes, per nanosecond for durations: the knob's base unit. */
          ps_json_add_double (b, "slope_s_per_unit", f->linear.slope);
          ps_json_add_double (b, "r2", f->linear.r2);
          json_builder_end_object (b);
        }
      if (f->has_amdahl)
        add_scaling_fit (b, "amdahl", &f->amdahl, FALSE);
      if (f->has_usl)
        add_scaling_fit (b, "usl", &f->usl, TRUE);
      if (f->scaling_skipped != NULL)
        {
          json_builder_set_member_name (b, "scaling_skipped");
          json_builder_add_string_value (b, f->scaling_skipped);
        }
      if (r->knob == PS_KNOB_THREADS)
        {
          json_builder_set_member_name (b, "scaling_points");
          json_builder_add_int_value (b, f->scaling_points);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* Added for sweep results files, so that loading one gives the report and the config back whole;
 * after the members scripts already read, which keep their names and places. */
static void
add_sweep_settings (JsonBuilder *b, const PsSweepConfig *config, const PsSweepReport *r)
{
  ps_json_add_double (b, "measured_s", r->measured_s);
  json_builder_set_member_name (b, "runs");
  json_builder_add_int_value (b, r->runs);
  json_builder_set_member_name (b, "min_reps");
  json_builder_add_int_value (b, config->min_reps);
  json_builder_set_member_name (b, "max_extra_points");
  json_builder_add_int_value (b, config->max_extra_points);
  json_builder_set_member_name (b, "rep_duration_ns");
  json_builder_add_int_value (b, (gint64) MIN (config->rep_duration_ns, (guint64) G_MAXINT64));
}

JsonNode *
ps_sweep_to_node (const PsSweepConfig *config, const PsSweepReport *r, const PsMachine *machine)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, PS_REPORT_SCHEMA_VERSION);
  json_builder_set_member_name (b, "scenario");
  json_builder_add_value (b, ps_scenario_to_json (&config->base));
  json_builder_set_member_name (b, "machine");
  json_builder_add_value (b, ps_machine_to_json (machine));

  json_builder_set_member_name (b, "sweep");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "knob");
  json_builder_add_string_value (b, ps_knob_info (r->knob)->name);
  json_builder_set_member_name (b, "metric");
  json_builder_add_string_value (b, ps_sweep_metric_name (r->metric));
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
  ps_json_add_double (b, "ci_target", config->ci_target);
  json_builder_set_member_name (b, "max_reps");
  json_builder_add_int_value (b, config->max_reps);
  ps_json_add_double (b, "tolerance", config->tolerance);
  json_builder_set_member_name (b, "completed");
  json_builder_add_boolean_value (b, r->completed);
  ps_json_add_double (b, "wall_s", r->wall_s);
  json_builder_set_member_name (b, "remeasured");
  json_builder_add_int_value (b, r->remeasured);
  add_sweep_settings (b, config, r);
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
  return json_builder_get_root (b);
}

char *
ps_sweep_to_json (const PsSweepConfig *config, const PsSweepReport *report,
                  const PsMachine *machine)
{
  g_autoptr (JsonNode) root = ps_sweep_to_node (config, report, machine);

  return ps_json_to_string (root);
}

/* ---- CSV ------------------------------------------------------------------------------------- */

/* A number for CSV: '.' as the decimal point whatever the locale, empty when it does not exist. */
static void
csv_number (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

char *
ps_sweep_to_csv (const PsSweepReport *r)
{
  /* The mean column names what was compared: mean_s_per_task, mean_p50_s or mean_p99_s. */
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "kind,strategy,reference,x,x_low,x_high,direction,%s,ci_low,"
                          "ci_high,reps,outliers,bisection\n",
                          r->metric == PS_SWEEP_METRIC_TIME_PER_TASK ? "mean_s_per_task"
                          : r->metric == PS_SWEEP_METRIC_LATENCY_P50 ? "mean_p50_s"
                                                                     : "mean_p99_s");
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


/* Every figure of a point; the numbers with all their digits, so the file reads back exactly. */
static const char points_header[] = "strategy,x,mean_s,mean_s_per_task,ci_low,ci_high,stddev_s,"
                                    "min_s,max_s,reps,outliers,bisection,remeasured,disturbed\n";

static void
csv_exact (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

char *
ps_sweep_points_to_csv (const PsSweepReport *report)
{
  GString *out = g_string_new (points_header);

  for (unsigned s = 0; s < report->n_series; s++)
    for (unsigned p = 0; p < report->series[s].n_points; p++)
      {
        const PsSweepPoint *pt = &report->series[s].points[p];

        ps_csv_append_field (out, report->series[s].strategy.name);
        csv_exact (out, pt->x);
        csv_exact (out, pt->mean_s);
        csv_exact (out, pt->pace_s);
        csv_exact (out, pt->ci_low);
        csv_exact (out, pt->ci_high);
        csv_exact (out, pt->stddev_s);
        csv_exact (out, pt->min_s);
        csv_exact (out, pt->max_s);
        g_string_append_printf (out, ",%u,%u,%s,%u,%u\n", pt->reps, pt->outliers,
                                pt->bisection ? "true" : "false", pt->remeasured, pt->disturbed);
      }
  return g_string_free (out, FALSE);
}

/* ---- Chart ----------------------------------------------------------------------------------- */

PsChartUnit
ps_sweep_knob_chart_unit (const PsKnobInfo *info, double *scale)
{
  *scale = 1;
  switch (info->unit)
    {
    case PS_UNIT_BYTES:
      return PS_CHART_UNIT_BYTES;
    case PS_UNIT_DURATION:
      *scale = 1e-9;
      return PS_CHART_UNIT_SECONDS;
    case PS_UNIT_RATIO:
      return info->knob == PS_KNOB_RATE ? PS_CHART_UNIT_RATE : PS_CHART_UNIT_COUNT;
    case PS_UNIT_COUNT:
    case PS_UNIT_ENUM:
    case PS_UNIT_BOOL:
    default:
      return PS_CHART_UNIT_COUNT;
    }
}

static const char *
metric_axis_label (PsSweepMetric metric)
{
  switch (metric)
    {
    case PS_SWEEP_METRIC_LATENCY_P50:
      return "p50 latency (lower is better)";
    case PS_SWEEP_METRIC_LATENCY_P99:
      return "p99 latency (lower is better)";
    case PS_SWEEP_METRIC_TIME_PER_TASK:
    case PS_SWEEP_METRIC_COUNT:
    default:
      return "time per task (lower is better)";
    }
}

/* The chart is in English, like the bundles and the CLI it serves; a window using it would mark
 * these strings for translation (and list this file in po/POTFILES). */
PsChartModel *
ps_sweep_chart_new (const PsSweepConfig *config, const PsSweepReport *report)
{
  const PsKnobInfo *info = ps_knob_info (report->knob);
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_XY);
  g_autofree char *summary = ps_run_scenario_summary (&config->base);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  char from[48] = "", to[48] = "";
  PsChartUnit unit;
  double scale;

  title = g_strdup_printf ("%s against %s", ps_sweep_metric_label (report->metric),
                           info->name);
  title[0] = g_ascii_toupper (title[0]);
  ps_chart_model_set_title (model, title);
  /* The summary names the swept knob's base value, which no point ran with: the range follows. */
  if (report->n_values > 0)
    {
      ps_sweep_format_x (report, report->values[0], from, sizeof from);
      ps_sweep_format_x (report, report->values[report->n_values - 1], to, sizeof to);
    }
  subtitle = g_strdup_printf ("%s · %s swept from %s to %s", summary, info->name, from, to);
  ps_chart_model_set_subtitle (model, subtitle);
  unit = ps_sweep_knob_chart_unit (info, &scale);
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X,
                           report->log_axis ? PS_CHART_SCALE_LOG : PS_CHART_SCALE_LINEAR, unit,
                           info->name);
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS,
                           metric_axis_label (report->metric));

  for (unsigned s = 0; s < report->n_series; s++)
    {
      const PsSweepSeries *series = &report->series[s];
      guint id = ps_chart_model_add_series (model, series->strategy.name);

      /* Points are sorted by x, so the line runs through grid and bisection points in order. */
      for (unsigned p = 0; p < series->n_points; p++)
        {
          const PsSweepPoint *pt = &series->points[p];

          ps_chart_model_append_interval (model, id, pt->x * scale, pt->mean_s,
                                          isfinite (pt->ci_low) ? pt->ci_low : pt->mean_s,
                                          isfinite (pt->ci_high) ? pt->ci_high : pt->mean_s);
        }
    }
  for (unsigned i = 0; i < report->n_crossings; i++)
    {
      const PsSweepCrossing *c = &report->crossings[i];
      g_autofree char *label = g_strdup_printf ("%s ↔ %s",
                                                report->series[c->strategy].strategy.name,
                                                report->series[c->reference].strategy.name);

      ps_chart_model_add_break_even (model, c->x * scale, c->x_low * scale, c->x_high * scale,
                                     label);
    }
  return model;
}
