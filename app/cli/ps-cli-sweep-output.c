/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep-output.c: `poolscope-cli sweep`'s result as a table for people, or as JSON or CSV
 * for programs: the points, the crossings and the scaling fits. Each point's "result" object is
 * the one `run` writes, from ps-report-format.h.
 */
#define G_LOG_DOMAIN "poolscope-cli"

#include "ps-cli-sweep-output.h"

#include <math.h>

#include "ps-report-format.h"

/* A value for people: rounded ("17.7 KiB", "158.1 µs") where the knob table's own format would
 * be exact ("18128 B"); JSON and CSV carry the exact numbers. */
void
ps_cli_sweep_format_x (const PsSweepReport *report, double x, char *buf, size_t size)
{
  ps_knob_format_approx (ps_knob_info (report->knob), x, buf, size);
}

/* Appends @text padded to @width characters (not bytes: "µ" and "±" take two). */
static void
append_padded (GString *out, const char *text, int width)
{
  g_string_append_printf (out, "%s%*s", text, MAX (0, width - (int) g_utf8_strlen (text, -1)),
                          "");
}

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
  whole = ps_report_to_json (&report);
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

char *
ps_cli_sweep_to_json (const PsSweepConfig *config, const PsSweepReport *r, const PsMachine *machine)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

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
  return ps_json_to_string (root);
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

char *
ps_cli_sweep_to_csv (const PsSweepReport *r)
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

  g_string_append_printf (out, "\nBreak-even against %s (%s):\n", ref,
                          ps_sweep_metric_label (r->metric));
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
          ps_cli_sweep_format_x (r, c->x, x, sizeof x);
          ps_cli_sweep_format_x (r, c->x_low, lo, sizeof lo);
          ps_cli_sweep_format_x (r, c->x_high, hi, sizeof hi);
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

      const char *name = r->series[s].strategy.name;

      /* A fit that explains too little of the curve is not quoted: its parameters would be
       * read as findings. */
      if (f->has_linear && f->linear.r2 < PS_SWEEP_FIT_MIN_R2)
        g_string_append_printf (out, "  %s: no linear fit (R² %.3f < %.2f)\n", name,
                                f->linear.r2, PS_SWEEP_FIT_MIN_R2);
      else if (f->has_linear)
        {
          ps_units_format_duration (f->linear.intercept * 1e9, t, sizeof t);
          g_string_append_printf (out, "  %s: %s + %.4g ns per %s (R² %.3f)\n", name, t,
                                  f->linear.slope * 1e9,
                                  info->unit == PS_UNIT_BYTES ? "byte" : "ns", f->linear.r2);
        }
      if (f->has_amdahl && f->amdahl.r2 < PS_SWEEP_FIT_MIN_R2)
        g_string_append_printf (out, "  %s: no Amdahl fit (R² %.3f < %.2f)\n", name,
                                f->amdahl.r2, PS_SWEEP_FIT_MIN_R2);
      else if (f->has_amdahl)
        g_string_append_printf (out, "  %s: Amdahl serial fraction %.3f over %u thread counts "
                                "(R² %.3f)\n", name, f->amdahl.sigma, f->scaling_points,
                                f->amdahl.r2);
      if (f->has_usl && f->usl.r2 < PS_SWEEP_FIT_MIN_R2)
        g_string_append_printf (out, "  %s: no USL fit (R² %.3f < %.2f)\n", name, f->usl.r2,
                                PS_SWEEP_FIT_MIN_R2);
      else if (f->has_usl)
        g_string_append_printf (out, "  %s: USL σ %.4f κ %.5f (R² %.3f)\n", name,
                                f->usl.sigma, f->usl.kappa, f->usl.r2);
      if (f->scaling_skipped != NULL)
        g_string_append_printf (out, "  %s: no scaling fit: %s\n", name, f->scaling_skipped);
    }
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Says how often the machine was too busy to trust a repetition, and where it stayed so. */
static void
append_busy_note (GString *out, const PsSweepReport *r)
{
  unsigned disturbed_points = 0;

  for (unsigned s = 0; s < r->n_series; s++)
    for (unsigned p = 0; p < r->series[s].n_points; p++)
      disturbed_points += r->series[s].points[p].disturbed > 0;
  if (r->remeasured > 0)
    g_string_append_printf (out, "%u repetitions were measured again because other processes "
                            "used more than %.0f%% of the machine while they ran.\n",
                            r->remeasured, PS_INTERFERENCE_BUSY_PCT);
  if (disturbed_points > 0)
    g_string_append_printf (out, "%u points stayed disturbed after %d tries each: the machine "
                            "was busy, so their values may be off (\"disturbed\" in JSON).\n",
                            disturbed_points, PS_SWEEP_MAX_REMEASURES);
}

char *
ps_cli_sweep_to_table (const PsSweepReport *r, gboolean fresh_processes)
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
      ps_cli_sweep_format_x (r, v, x, sizeof x);
      append_padded (out, x, 12);
      for (unsigned s = 0; s < r->n_series; s++)
        table_cell (out, ps_sweep_series_find (&r->series[s], v));
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "Cells: mean %s ±95%% CI half-width (repetitions).\n",
                          ps_sweep_metric_label (r->metric));
  table_crossings (out, r);
  g_string_append_printf (out, "Each crossing lies between the nearest measured values where the "
                          "two strategies' 95%% confidence intervals separate, one on each side; "
                          "%s\n",
                          fresh_processes
                          ? "every repetition ran in a fresh process, so the intervals include "
                            "how much two processes differ (calibration, thread placement)."
                          : "all repetitions ran in this process (--in-process), so the "
                            "intervals leave out how much two processes differ.");
  append_busy_note (out, r);
  g_string_append (out, "\nFits:\n");
  table_fits (out, r);
  if (!r->completed)
    g_string_append (out, "\nThe sweep did not finish: these are the values measured so far.\n");
  return g_string_free (out, FALSE);
}
