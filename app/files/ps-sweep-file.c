/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-file.c: write a sweep's results with where and when they were measured, and read them
 * back into a config and a whole report, checked member by member (see ps-sweep-file.h). */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-sweep-file.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ps-files-io.h"
#include "ps-published.h"
#include "ps-report-format.h"
#include "ps-sweep-format.h"

#ifndef PS_VERSION
# define PS_VERSION "unknown"
#endif

/* Repetitions of one point: far above any --max-reps, low enough to be a count. */
#define MAX_REPS 1000000

/* ---- Writing ---------------------------------------------------------------------------------- */

char *
ps_sweep_file_to_json (const PsSweepConfig *config, const PsSweepReport *report,
                       const PsMachine *machine, const PsPreset *preset)
{
  g_autoptr (JsonNode) root = ps_sweep_to_node (config, report, machine);
  JsonObject *object = json_node_get_object (root);

  json_object_set_string_member (object, "kind", PS_SWEEP_FILE_KIND);
  json_object_set_member (object, "recorded", ps_files_recorded_now ());
  if (preset != NULL)
    {
      g_autoptr (GArray) comparisons = ps_published_compare_sweep (preset, report);

      json_object_set_member (object, "preset", ps_preset_to_node (preset));
      json_object_set_member (object, "published", ps_published_to_json (comparisons));
    }
  return ps_json_to_string (root);
}

gboolean
ps_sweep_file_write (const char *path, const PsSweepConfig *config, const PsSweepReport *report,
                     const PsMachine *machine, const PsPreset *preset, gboolean overwrite,
                     GError **error)
{
  g_autofree char *json = NULL;

  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s exists already; choose another file or allow replacing it", path);
      return FALSE;
    }
  json = ps_sweep_file_to_json (config, report, machine, preset);
  return ps_files_write_atomically (path, json, strlen (json), error);
}

/* ---- Reading: members ------------------------------------------------------------------------- */

/* Every refusal names the origin, then the field by its path ("results[1].points[0].mean_s"):
 * the readers below take the path of the object (@where, "" for the root) and the member's key. */

#define DOT(where) ((where)[0] != '\0' ? "." : "")

static JsonNode *
member (JsonObject *object, const char *key)
{
  return object != NULL ? json_object_get_member (object, key) : NULL;
}

static gboolean
holds_type (JsonNode *node, GType type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static const char *
string_member (JsonObject *object, const char *key)
{
  JsonNode *node = member (object, key);

  return holds_type (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

static JsonObject *
as_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
as_array (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A finite number; with @nullable, null too (the writer's NaN or ∞), read as NaN. */
static gboolean
read_number (PsFileReader *reader, JsonObject *object, const char *where, const char *key,
             gboolean nullable, double *out)
{
  JsonNode *node = member (object, key);

  if (nullable && node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  if (holds_type (node, G_TYPE_DOUBLE) || holds_type (node, G_TYPE_INT64))
    {
      *out = json_node_get_double (node);
      if (isfinite (*out))
        return TRUE;
    }
  return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                              "%s%s%s must be a finite number%s", where, DOT (where), key,
                              nullable ? " or null" : "");
}

static gboolean
read_count (PsFileReader *reader, JsonObject *object, const char *where, const char *key, guint max,
            unsigned *out)
{
  JsonNode *node = member (object, key);

  if (!holds_type (node, G_TYPE_INT64) || json_node_get_int (node) < 0
      || json_node_get_int (node) > max)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s%s%s must be a whole number from 0 to %u", where, DOT (where), key,
                                max);
  *out = (unsigned) json_node_get_int (node);
  return TRUE;
}

static gboolean
read_flag (PsFileReader *reader, JsonObject *object, const char *where, const char *key, bool *out)
{
  JsonNode *node = member (object, key);

  if (!holds_type (node, G_TYPE_BOOLEAN))
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s%s%s must be true or false", where, DOT (where), key);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Members later writers added: absent keeps the default, present is checked. */
static gboolean
read_optional_count (PsFileReader *reader, JsonObject *object, const char *where, const char *key,
                     guint max, unsigned *out)
{
  return member (object, key) == NULL || read_count (reader, object, where, key, max, out);
}

/* The list @key of @object with at most @max elements. */
static JsonArray *
read_list (PsFileReader *reader, JsonObject *object, const char *where, const char *key, guint max)
{
  JsonArray *list = as_array (member (object, key));

  if (list == NULL || json_array_get_length (list) > max)
    {
      ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                           "%s%s%s must be a list of at most %u", where, DOT (where), key, max);
      return NULL;
    }
  return list;
}

/* A value of the swept knob, within its range. */
static gboolean
read_knob_value (PsFileReader *reader, JsonObject *object, const char *where, const char *key,
                 PsKnob knob, double *out)
{
  const PsKnobInfo *info = ps_knob_info (knob);

  if (!read_number (reader, object, where, key, FALSE, out))
    return FALSE;
  if (*out < info->min || *out > info->max)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s%s%s must be a value of %s within its range", where, DOT (where),
                                key, info->name);
  return TRUE;
}

/* ---- Reading: the report ---------------------------------------------------------------------- */

static void
sweep_report_free (PsSweepReport *report)
{
  if (report == NULL)
    return;
  for (unsigned s = 0; s < report->n_series && report->series != NULL; s++)
    {
      PsSweepSeries *series = &report->series[s];

      for (unsigned p = 0; p < series->n_points; p++)
        free (series->points[p].result.per_thread_tasks);
      free (series->points);
    }
  free (report->series);
  free (report->crossings);
  free (report);
}

/* The series whose strategy is called @name, or -1. */
static int
find_series (const PsSweepReport *report, const char *name)
{
  for (unsigned s = 0; name != NULL && s < report->n_series; s++)
    if (strcmp (report->series[s].strategy.name, name) == 0)
      return (int) s;
  return -1;
}

/* Everything of a point but its result, which is read last: a refusal then leaves nothing
 * allocated in the point. */
static gboolean
read_point (PsFileReader *reader, JsonNode *node, const char *where, PsKnob knob, PsSweepPoint *out)
{
  JsonObject *object = as_object (node);
  JsonNode *result;

  if (object == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "%s must be an object", where);
  if (!read_knob_value (reader, object, where, "x", knob, &out->x)
      || !read_number (reader, object, where, "mean_s", FALSE, &out->mean_s)
      || !read_number (reader, object, where, "mean_s_per_task", TRUE, &out->pace_s)
      || !read_number (reader, object, where, "ci_low", TRUE, &out->ci_low)
      || !read_number (reader, object, where, "ci_high", TRUE, &out->ci_high)
      || !read_number (reader, object, where, "min_s", TRUE, &out->min_s)
      || !read_number (reader, object, where, "max_s", TRUE, &out->max_s)
      || !read_number (reader, object, where, "stddev_s", TRUE, &out->stddev_s)
      || !read_count (reader, object, where, "reps", MAX_REPS, &out->reps)
      || !read_count (reader, object, where, "outliers", MAX_REPS, &out->outliers)
      || !read_flag (reader, object, where, "bisection", &out->bisection)
      || !read_count (reader, object, where, "remeasured", MAX_REPS, &out->remeasured)
      || !read_count (reader, object, where, "disturbed", MAX_REPS, &out->disturbed))
    return FALSE;
  result = member (object, "result");
  if (result != NULL && JSON_NODE_HOLDS_NULL (result))
    return TRUE;
  out->has_result = as_object (result) != NULL
                    && ps_result_from_json (as_object (result), &out->result);
  if (!out->has_result)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s.result must be null or a result: a measure is missing or not a "
                                "number", where);
  return TRUE;
}

/* Strategies in the config's order, then the reference when the config did not list it: the
 * order the engine gives its series. */
static gboolean
read_strategy (PsFileReader *reader, JsonObject *object, const char *where, guint index,
               const PsSweepConfig *config, PsStrategy *out)
{
  const char *name = string_member (object, "strategy");
  const char *expected = index < config->base.n_strategies
                           ? config->base.strategies[index].name : config->reference;

  if (name == NULL || ps_strategy_parse (name, out) != 0)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s.strategy must name a strategy", where);
  if (strcmp (name, expected) != 0)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s.strategy must be %s, the sweep's strategy in that place (got "
                                "%s)",
                                where, expected, name);
  return TRUE;
}

static gboolean
read_series (PsFileReader *reader, JsonNode *node, guint index, const PsSweepConfig *config,
             PsSweepSeries *out)
{
  g_autofree char *where = g_strdup_printf ("results[%u]", index);
  JsonObject *object = as_object (node);
  JsonArray *points;
  guint n;

  if (object == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "%s must be an object", where);
  if (!read_strategy (reader, object, where, index, config, &out->strategy)
      || (points = read_list (reader, object, where, "points", PS_SWEEP_FILE_MAX_POINTS)) == NULL)
    return FALSE;
  n = json_array_get_length (points);
  out->points = calloc (MAX (n, 1), sizeof *out->points);
  if (out->points == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "out of memory");
  for (guint p = 0; p < n; p++)
    {
      g_autofree char *point_where = g_strdup_printf ("%s.points[%u]", where, p);

      if (!read_point (reader, json_array_get_element (points, p), point_where, config->knob,
                       &out->points[p]))
        return FALSE;
      /* Counted once read whole, so that freeing frees exactly what was allocated. */
      out->n_points = p + 1;
      if (p > 0 && !(out->points[p].x > out->points[p - 1].x))
        return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                    "%s.points must be sorted by x, each value once", where);
    }
  return TRUE;
}

static gboolean
read_crossing (PsFileReader *reader, JsonNode *node, const char *where, const PsSweepReport *report,
               PsSweepCrossing *out)
{
  JsonObject *object = as_object (node);
  int strategy = find_series (report, string_member (object, "strategy"));
  int reference = find_series (report, string_member (object, "reference"));
  const char *direction = string_member (object, "direction");

  if (object == NULL || strategy < 0 || reference < 0 || strategy == reference)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s must name two of the sweep's strategies", where);
  out->strategy = (unsigned) strategy;
  out->reference = (unsigned) reference;
  if (g_strcmp0 (direction, ps_sweep_direction_name (PS_SWEEP_BEATS_ABOVE)) == 0)
    out->direction = PS_SWEEP_BEATS_ABOVE;
  else if (g_strcmp0 (direction, ps_sweep_direction_name (PS_SWEEP_BEATS_BELOW)) == 0)
    out->direction = PS_SWEEP_BEATS_BELOW;
  else
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s.direction must be above or below", where);
  return read_knob_value (reader, object, where, "x", report->knob, &out->x)
         && read_knob_value (reader, object, where, "x_low", report->knob, &out->x_low)
         && read_knob_value (reader, object, where, "x_high", report->knob, &out->x_high)
         && read_count (reader, object, where, "extra_points", PS_SWEEP_FILE_MAX_POINTS,
                        &out->extra_points)
         && read_flag (reader, object, where, "converged", &out->converged);
}

static gboolean
read_crossings (PsFileReader *reader, JsonObject *root, PsSweepReport *report)
{
  JsonArray *list = read_list (reader, root, "", "break_even", PS_SWEEP_FILE_MAX_POINTS);
  guint n;

  if (list == NULL)
    return FALSE;
  n = json_array_get_length (list);
  report->crossings = calloc (MAX (n, 1), sizeof *report->crossings);
  if (report->crossings == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "out of memory");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("break_even[%u]", i);

      if (!read_crossing (reader, json_array_get_element (list, i), where, report,
                          &report->crossings[i]))
        return FALSE;
      report->n_crossings = i + 1;
      report->max_extra_points = MAX (report->max_extra_points,
                                      report->crossings[i].extra_points);
    }
  return TRUE;
}

/* A fit's figures; each may be null, as the writer leaves a number that does not exist. */
static gboolean
read_fit_numbers (PsFileReader *reader, JsonObject *fits, const char *where, const char *name,
                  const char *const *keys, double *const *values)
{
  g_autofree char *fit_where = g_strdup_printf ("%s%s%s", where, DOT (where), name);
  JsonObject *object = as_object (member (fits, name));

  if (object == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s%s%s must be an object", where, DOT (where), name);
  for (guint i = 0; keys[i] != NULL; i++)
    if (!read_number (reader, object, fit_where, keys[i], TRUE, values[i]))
      return FALSE;
  return TRUE;
}

static gboolean
read_scaling_fit (PsFileReader *reader, JsonObject *fits, const char *where, const char *name,
                  gboolean kappa, bool *has, PsScalingFit *out)
{
  static const char *const amdahl_keys[] = { "lambda_per_s", "sigma", "r2", NULL };
  static const char *const usl_keys[] = { "lambda_per_s", "sigma", "kappa", "r2", NULL };
  double *const amdahl_values[] = { &out->lambda, &out->sigma, &out->r2 };
  double *const usl_values[] = { &out->lambda, &out->sigma, &out->kappa, &out->r2 };

  if (member (fits, name) == NULL)
    return TRUE;
  *has = TRUE;
  return read_fit_numbers (reader, fits, where, name, kappa ? usl_keys : amdahl_keys,
                           kappa ? usl_values : amdahl_values);
}

static gboolean
read_fits (PsFileReader *reader, JsonNode *node, guint index, PsSweepSeries *series,
           GPtrArray *texts)
{
  static const char *const linear_keys[] = { "intercept_s", "slope_s_per_unit", "r2", NULL };
  double *const linear_values[] = { &series->fits.linear.intercept, &series->fits.linear.slope,
                                    &series->fits.linear.r2 };
  g_autofree char *where = g_strdup_printf ("fits[%u]", index);
  JsonObject *object = as_object (node);
  PsSweepFits *fits = &series->fits;
  JsonNode *skipped;

  if (g_strcmp0 (string_member (object, "strategy"), series->strategy.name) != 0)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s must be an object for %s, the strategy of results[%u]", where,
                                series->strategy.name, index);
  if (member (object, "linear") != NULL)
    {
      fits->has_linear = TRUE;
      if (!read_fit_numbers (reader, object, where, "linear", linear_keys, linear_values))
        return FALSE;
    }
  if (!read_scaling_fit (reader, object, where, "amdahl", FALSE, &fits->has_amdahl,
                         &fits->amdahl)
      || !read_scaling_fit (reader, object, where, "usl", TRUE, &fits->has_usl, &fits->usl)
      || !read_optional_count (reader, object, where, "scaling_points",
                               PS_SWEEP_FILE_MAX_POINTS, &fits->scaling_points))
    return FALSE;
  if ((skipped = member (object, "scaling_skipped")) != NULL)
    {
      if (!holds_type (skipped, G_TYPE_STRING))
        return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                    "%s.scaling_skipped must be a string", where);
      /* The engine's report points at static text; this one at the file's own copy. */
      fits->scaling_skipped = g_strdup (json_node_get_string (skipped));
      g_ptr_array_add (texts, (char *) fits->scaling_skipped);
    }
  return TRUE;
}

/* The "sweep" object's settings into @config (the base scenario is already in it), checked the
 * way the engine checks a sweep before running it. */
static gboolean
read_config (PsFileReader *reader, JsonObject *sweep, PsSweepConfig *config, gboolean *log_axis)
{
  const PsKnobInfo *info = ps_knob_find (string_member (sweep, "knob") ?: "");
  const char *spacing = string_member (sweep, "spacing");
  const char *reference = string_member (sweep, "reference");
  JsonArray *values;
  PsValidation why = { 0 };

  if (info == NULL || !info->sweepable)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "sweep.knob must name a knob that can be swept");
  config->knob = info->knob;
  if (ps_sweep_metric_parse (string_member (sweep, "metric") ?: "", &config->metric) != 0)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "sweep.metric must be time, p50 or p99");
  if (spacing == NULL || !g_strv_contains ((const char *const[]) { "linear", "log", "list", NULL },
                                           spacing))
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "sweep.spacing must be linear, log or list");
  *log_axis = strcmp (spacing, "log") == 0;
  if (reference == NULL || strlen (reference) >= sizeof config->reference)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "sweep.reference must name a strategy");
  g_strlcpy (config->reference, reference, sizeof config->reference);

  /* The grid the engine used, rounded and sorted: sweeping it again measures the same values. */
  values = read_list (reader, sweep, "sweep", "values", PS_SWEEP_MAX_VALUES);
  if (values == NULL)
    return FALSE;
  config->spacing = PS_SWEEP_LIST;
  config->n_values = json_array_get_length (values);
  for (guint i = 0; i < config->n_values; i++)
    {
      JsonNode *value = json_array_get_element (values, i);

      if (!(holds_type (value, G_TYPE_DOUBLE) || holds_type (value, G_TYPE_INT64))
          || !isfinite (config->values[i] = json_node_get_double (value))
          || config->values[i] < info->min || config->values[i] > info->max
          || (i > 0 && !(config->values[i] > config->values[i - 1])))
        return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                    "sweep.values[%u] must be a value of %s within its range, "
                                    "greater than the one before", i, info->name);
    }
  if (config->n_values == 0)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "sweep.values must hold 1 to %d values", PS_SWEEP_MAX_VALUES);
  config->from = config->values[0];
  config->to = config->values[config->n_values - 1];
  config->points = config->n_values;

  if (!read_number (reader, sweep, "sweep", "ci_target", FALSE, &config->ci_target)
      || !read_count (reader, sweep, "sweep", "max_reps", MAX_REPS, &config->max_reps)
      || !read_number (reader, sweep, "sweep", "tolerance", FALSE, &config->tolerance)
      || !read_optional_count (reader, sweep, "sweep", "min_reps", MAX_REPS, &config->min_reps)
      || !read_optional_count (reader, sweep, "sweep", "max_extra_points",
                               PS_SWEEP_FILE_MAX_POINTS, &config->max_extra_points))
    return FALSE;
  if (member (sweep, "rep_duration_ns") != NULL)
    {
      JsonNode *node = member (sweep, "rep_duration_ns");

      if (!holds_type (node, G_TYPE_INT64) || json_node_get_int (node) < 0)
        return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                    "sweep.rep_duration_ns must be a whole number of nanoseconds");
      config->rep_duration_ns = (uint64_t) json_node_get_int (node);
    }
  if (ps_sweep_validate (config, &why) != 0)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "sweep: %s", why.message);
  return TRUE;
}

static gboolean
read_report (PsFileReader *reader, JsonObject *root, JsonObject *sweep, const PsSweepConfig *config,
             gboolean log_axis, PsSweepReport *report, GPtrArray *texts)
{
  /* The engine's series: the config's strategies, and the reference after them if not among
   * them. */
  gboolean reference_listed = FALSE;
  JsonArray *results, *fits;
  guint expected;
  int reference;

  for (guint i = 0; i < config->base.n_strategies; i++)
    reference_listed |= strcmp (config->base.strategies[i].name, config->reference) == 0;
  expected = config->base.n_strategies + (reference_listed ? 0 : 1);

  report->knob = config->knob;
  report->metric = config->metric;
  report->log_axis = log_axis;
  report->n_values = config->n_values;
  memcpy (report->values, config->values, sizeof report->values);
  if (!read_flag (reader, sweep, "sweep", "completed", &report->completed)
      || !read_number (reader, sweep, "sweep", "wall_s", FALSE, &report->wall_s)
      || !read_count (reader, sweep, "sweep", "remeasured", G_MAXINT, &report->remeasured)
      || !read_optional_count (reader, sweep, "sweep", "runs", G_MAXINT, &report->runs))
    return FALSE;
  if (member (sweep, "measured_s") != NULL
      && !read_number (reader, sweep, "sweep", "measured_s", TRUE, &report->measured_s))
    return FALSE;

  results = read_list (reader, root, "", "results", PS_MAX_STRATEGIES + 1);
  if (results == NULL)
    return FALSE;
  if (json_array_get_length (results) != expected)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "results must hold the %u strategies of the sweep (got %u)", expected,
                                json_array_get_length (results));
  report->series = calloc (expected, sizeof *report->series);
  if (report->series == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "out of memory");
  /* Counted before reading, so that freeing frees what a refusal left. */
  report->n_series = expected;
  for (guint s = 0; s < expected; s++)
    if (!read_series (reader, json_array_get_element (results, s), s, config,
                      &report->series[s]))
      return FALSE;
  reference = find_series (report, config->reference);
  /* Validated by the engine already; kept for a reader that changes. */
  if (reference < 0)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "sweep.reference must be one of the sweep's strategies");
  report->reference = (unsigned) reference;

  if (!read_crossings (reader, root, report))
    return FALSE;
  fits = read_list (reader, root, "", "fits", expected);
  if (fits == NULL)
    return FALSE;
  if (json_array_get_length (fits) != expected)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "fits must hold one entry per strategy (%u)", expected);
  for (guint s = 0; s < expected; s++)
    if (!read_fits (reader, json_array_get_element (fits, s), s, &report->series[s], texts))
      return FALSE;
  return TRUE;
}

/* Everything of a sweep results file but its kind, into @file. */
static gboolean
read_file (PsFileReader *reader, JsonObject *object, PsSweepFile *file)
{
  g_autoptr (PsPreset) scenario = NULL;
  JsonObject *sweep = as_object (member (object, "sweep"));
  JsonObject *machine = as_object (member (object, "machine"));
  JsonObject *recorded = as_object (member (object, "recorded"));
  JsonNode *preset = member (object, "preset");
  gboolean log_axis = FALSE;

  /* The base scenario is read, migrated and checked the way a schema 1 preset is. */
  scenario = ps_preset_from_report (reader->origin, object, reader->error);
  if (scenario == NULL)
    return FALSE;
  ps_sweep_config_init (&file->config);
  file->config.base = scenario->scenario;
  if (sweep == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "sweep must be an object");
  if (!read_config (reader, sweep, &file->config, &log_axis))
    return FALSE;
  if (machine == NULL || !ps_machine_from_json (machine, &file->machine))
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "machine must be an object with the machine's figures (cores, "
                                "cpu_model, …)");

  file->report = calloc (1, sizeof *file->report);
  if (file->report == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "out of memory");
  if (!read_report (reader, object, sweep, &file->config, log_axis, file->report, file->texts))
    return FALSE;

  ps_files_read_recorded (recorded, &file->host, &file->time, &file->version);
  if (preset == NULL)
    return TRUE;
  if (as_object (preset) == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "preset must be an object");
  file->preset = ps_preset_load_object (reader->origin, as_object (preset), reader->error);
  return file->preset != NULL;
}

PsSweepFile *
ps_sweep_file_load_data (const char *origin, const char *data, gsize length, GError **error)
{
  PsFileReader reader = { origin, error };
  g_autoptr (PsSweepFile) file = g_new0 (PsSweepFile, 1);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;

  file->texts = g_ptr_array_new_with_free_func (g_free);
  if (length > PS_SWEEP_FILE_MAX_BYTES)
    {
      g_set_error (error, PS_PRESET_ERROR, PS_PRESET_ERROR_TOO_BIG,
                   "%s: %" G_GSIZE_FORMAT " bytes, more than the %d a sweep results file may "
                   "have", origin, length, PS_SWEEP_FILE_MAX_BYTES);
      return NULL;
    }
  root = ps_files_parse_json (origin, data, length, PS_SWEEP_FILE_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;
  object = as_object (root);
  if (object == NULL || g_strcmp0 (string_member (object, "kind"), PS_SWEEP_FILE_KIND) != 0)
    {
      g_set_error (error, PS_PRESET_ERROR, PS_PRESET_ERROR_OTHER_KIND,
                   "%s: not a Poolscope sweep results file (its \"kind\" is not \"%s\"); write "
                   "one with poolscope-cli sweep --output FILE", origin, PS_SWEEP_FILE_KIND);
      return NULL;
    }
  return read_file (&reader, object, file) ? g_steal_pointer (&file) : NULL;
}

PsSweepFile *
ps_sweep_file_load (const char *path, GError **error)
{
  gsize length = 0;
  g_autofree char *data = ps_files_read_limited (path, PS_SWEEP_FILE_MAX_BYTES, &length, error);

  return data != NULL ? ps_sweep_file_load_data (path, data, length, error) : NULL;
}

void
ps_sweep_file_free (PsSweepFile *file)
{
  if (file == NULL)
    return;
  sweep_report_free (file->report);
  ps_preset_free (file->preset);
  g_free (file->host);
  g_free (file->time);
  g_free (file->version);
  if (file->texts != NULL)
    g_ptr_array_unref (file->texts);
  g_free (file);
}
