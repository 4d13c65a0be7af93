/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-results-file.c: write a run's report with its samples, and read it back checked. */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-results-file.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ps-files-io.h"
#include "ps-published.h"
#include "ps-report-format.h"

#ifndef PS_VERSION
# define PS_VERSION "unknown"
#endif

/* ---- Samples ---------------------------------------------------------------------------------- */

typedef enum
{
  SAMPLE_DOUBLE,
  SAMPLE_U64,
  SAMPLE_UNSIGNED,
  SAMPLE_BOOL,
} SampleKind;

typedef struct
{
  const char *key;
  const char *group; /* "time_breakdown_pct" or NULL */
  SampleKind kind;
  size_t offset;
} SampleField;

#define S_D(key) { #key, NULL, SAMPLE_DOUBLE, offsetof (PsSample, key) }
#define S_U64(key) { #key, NULL, SAMPLE_U64, offsetof (PsSample, key) }
#define S_U(key) { #key, NULL, SAMPLE_UNSIGNED, offsetof (PsSample, key) }
#define S_BRK(key)                                                                                 \
  { #key, "time_breakdown_pct", SAMPLE_DOUBLE, offsetof (PsSample, time_breakdown_pct.key) }

/* Every member of a PsSample, once: the writer and the reader both walk this list. */
static const SampleField sample_fields[] = {
  S_D (t_s), S_U (strategy), S_U (segment),
  { "warmup", NULL, SAMPLE_BOOL, offsetof (PsSample, warmup) },
  S_U (threads), S_U64 (tasks_completed), S_D (progress), S_D (throughput_per_s),
  S_D (latency_p50_us), S_D (latency_p99_us), S_D (wait_share_pct), S_D (contended_acq_pct),
  S_D (hold_share_pct), S_D (idle_share_pct),
  S_BRK (run), S_BRK (hold), S_BRK (wait), S_BRK (idle), S_BRK (io), S_BRK (runnable),
  S_BRK (other),
  S_U64 (isolates_live), S_U64 (bytes_copied),
};

static void
add_sample (JsonBuilder *b, const PsSample *sample)
{
  const char *open_group = NULL;

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (sample_fields); i++)
    {
      const SampleField *f = &sample_fields[i];
      const char *field = (const char *) sample + f->offset;

      if (g_strcmp0 (f->group, open_group) != 0)
        {
          if (open_group != NULL)
            json_builder_end_object (b);
          if (f->group != NULL)
            {
              json_builder_set_member_name (b, f->group);
              json_builder_begin_object (b);
            }
          open_group = f->group;
        }
      switch (f->kind)
        {
        case SAMPLE_DOUBLE:
          ps_json_add_double (b, f->key, *(const double *) field);
          break;
        case SAMPLE_U64:
          json_builder_set_member_name (b, f->key);
          json_builder_add_int_value (b, (gint64) MIN (*(const uint64_t *) field,
                                                       (uint64_t) G_MAXINT64));
          break;
        case SAMPLE_UNSIGNED:
          json_builder_set_member_name (b, f->key);
          json_builder_add_int_value (b, *(const unsigned *) field);
          break;
        case SAMPLE_BOOL:
        default:
          json_builder_set_member_name (b, f->key);
          json_builder_add_boolean_value (b, *(const bool *) field);
          break;
        }
    }
  if (open_group != NULL)
    json_builder_end_object (b);
  json_builder_end_object (b);
}

static gboolean
read_sample (JsonNode *node, PsSample *out)
{
  JsonObject *object;

  memset (out, 0, sizeof *out);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (sample_fields); i++)
    {
      const SampleField *f = &sample_fields[i];
      char *field = (char *) out + f->offset;
      JsonObject *holder = object;
      JsonNode *member;
      GType type;

      if (f->group != NULL)
        {
          JsonNode *group = json_object_get_member (object, f->group);

          if (group == NULL || !JSON_NODE_HOLDS_OBJECT (group))
            return FALSE;
          holder = json_node_get_object (group);
        }
      member = json_object_get_member (holder, f->key);
      if (member != NULL && f->kind == SAMPLE_DOUBLE && JSON_NODE_HOLDS_NULL (member))
        {
          *(double *) field = NAN;
          continue;
        }
      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
        return FALSE;
      type = json_node_get_value_type (member);
      switch (f->kind)
        {
        case SAMPLE_DOUBLE:
          if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
            return FALSE;
          *(double *) field = json_node_get_double (member);
          if (!isfinite (*(double *) field))
            return FALSE;
          break;
        case SAMPLE_U64:
          if (type != G_TYPE_INT64 || json_node_get_int (member) < 0)
            return FALSE;
          *(uint64_t *) field = (uint64_t) json_node_get_int (member);
          break;
        case SAMPLE_UNSIGNED:
          if (type != G_TYPE_INT64 || json_node_get_int (member) < 0
              || json_node_get_int (member) > G_MAXUINT)
            return FALSE;
          *(unsigned *) field = (unsigned) json_node_get_int (member);
          break;
        case SAMPLE_BOOL:
        default:
          if (type != G_TYPE_BOOLEAN)
            return FALSE;
          *(bool *) field = json_node_get_boolean (member);
          break;
        }
    }
  return TRUE;
}

char *
ps_results_samples_to_csv (const PsScenario *scenario, const GArray *samples)
{
  GString *out = g_string_new ("strategy");

  for (guint i = 0; i < G_N_ELEMENTS (sample_fields); i++)
    {
      const SampleField *f = &sample_fields[i];

      if (f->group != NULL)
        g_string_append_printf (out, ",breakdown_%s_pct", f->key);
      else if (f->offset == offsetof (PsSample, strategy))
        g_string_append (out, ",strategy_index"); /* the first column is its name */
      else
        g_string_append_printf (out, ",%s", f->key);
    }
  g_string_append_c (out, '\n');
  for (guint n = 0; samples != NULL && n < samples->len; n++)
    {
      const PsSample *sample = &g_array_index (samples, PsSample, n);

      ps_csv_append_field (out, sample->strategy < scenario->n_strategies
                                  ? scenario->strategies[sample->strategy].name : "");
      for (guint i = 0; i < G_N_ELEMENTS (sample_fields); i++)
        {
          const SampleField *f = &sample_fields[i];
          const char *field = (const char *) sample + f->offset;
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_c (out, ',');
          switch (f->kind)
            {
            case SAMPLE_DOUBLE:
              /* An empty field for a figure the period did not have (no latency). */
              if (isfinite (*(const double *) field))
                g_string_append (out, g_ascii_formatd (number, sizeof number, "%.15g",
                                                       *(const double *) field));
              break;
            case SAMPLE_U64:
              g_string_append_printf (out, "%" G_GUINT64_FORMAT,
                                      (guint64) *(const uint64_t *) field);
              break;
            case SAMPLE_UNSIGNED:
              g_string_append_printf (out, "%u", *(const unsigned *) field);
              break;
            case SAMPLE_BOOL:
            default:
              g_string_append (out, *(const bool *) field ? "true" : "false");
              break;
            }
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---- Writing ---------------------------------------------------------------------------------- */

char *
ps_results_file_to_json (const PsReport *report, const GArray *samples, const PsPreset *preset)
{
  g_autoptr (JsonNode) root = ps_report_to_json (report);
  JsonObject *object = json_node_get_object (root);
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_object_set_string_member (object, "kind", PS_RESULTS_FILE_KIND);
  json_object_set_member (object, "recorded", ps_files_recorded_now ());

  json_builder_begin_array (b);
  for (guint i = 0; samples != NULL && i < samples->len; i++)
    add_sample (b, &g_array_index (samples, PsSample, i));
  json_builder_end_array (b);
  json_object_set_member (object, "samples", json_builder_get_root (b));

  if (preset != NULL)
    {
      json_object_set_member (object, "preset", ps_preset_to_node (preset));
      g_autoptr (GArray) comparisons = ps_published_compare (preset, report);

      json_object_set_member (object, "published", ps_published_to_json (comparisons));
    }
  return ps_json_to_string (root);
}

gboolean
ps_results_file_write (const char *path, const PsReport *report, const GArray *samples,
                       const PsPreset *preset, gboolean overwrite, GError **error)
{
  g_autofree char *json = NULL;

  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s exists already; choose another file or allow replacing it", path);
      return FALSE;
    }
  json = ps_results_file_to_json (report, samples, preset);
  return ps_files_write_atomically (path, json, strlen (json), error);
}

/* ---- Reading ---------------------------------------------------------------------------------- */


static const char *
string_member (JsonObject *object, const char *key)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* One knob change of a segment: {knob, value, serial}; the value is range-checked. */
static gboolean
read_change (JsonNode *node, PsKnobChange *out)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const PsKnobInfo *info = ps_knob_find (string_member (object, "knob") ?: "");
  JsonNode *value = object != NULL ? json_object_get_member (object, "value") : NULL;
  JsonNode *serial = object != NULL ? json_object_get_member (object, "serial") : NULL;

  if (info == NULL || value == NULL || !JSON_NODE_HOLDS_VALUE (value)
      || (json_node_get_value_type (value) != G_TYPE_INT64
          && json_node_get_value_type (value) != G_TYPE_DOUBLE))
    return FALSE;
  out->knob = info->knob;
  out->value = json_node_get_double (value);
  out->serial = serial != NULL && JSON_NODE_HOLDS_VALUE (serial)
                    && json_node_get_value_type (serial) == G_TYPE_INT64
                  ? (uint64_t) MAX (json_node_get_int (serial), 0) : 0;
  return isfinite (out->value) && out->value >= info->min && out->value <= info->max;
}

/* A segment, its knobs those of the one before with its own changes applied. */
static gboolean
read_segment (PsFileReader *reader, JsonNode *node, const char *where, PsScenario *scenario,
              PsSegment *out)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *changes = object != NULL ? array_member (object, "changes") : NULL;
  JsonNode *warmup = object != NULL ? json_object_get_member (object, "warmup") : NULL;
  JsonNode *start = object != NULL ? json_object_get_member (object, "start_s") : NULL;

  memset (out, 0, sizeof *out);
  out->changed_knob = PS_KNOB_COUNT;
  if (changes == NULL || warmup == NULL || !JSON_NODE_HOLDS_VALUE (warmup)
      || json_node_get_value_type (warmup) != G_TYPE_BOOLEAN || start == NULL
      || !JSON_NODE_HOLDS_VALUE (start) || json_node_get_value_type (start) == G_TYPE_STRING
      || json_node_get_value_type (start) == G_TYPE_BOOLEAN
      || json_array_get_length (changes) > PS_KNOB_COUNT)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s must have warmup, start_s and at most %d changes", where,
                                PS_KNOB_COUNT);
  out->warmup = json_node_get_boolean (warmup);
  out->start_s = json_node_get_double (start);
  out->n_changes = json_array_get_length (changes);
  for (unsigned i = 0; i < out->n_changes; i++)
    {
      if (!read_change (json_array_get_element (changes, i), &out->changes[i]))
        return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                    "%s.changes[%u] must be a knob, a value within its range and a "
                                    "serial", where, i);
      ps_knob_set (scenario, out->changes[i].knob, out->changes[i].value);
      out->changed_knob = out->changes[i].knob;
      out->changed_value = out->changes[i].value;
    }
  out->scenario = *scenario;
  if (!isfinite (out->start_s) || !ps_result_from_json (object, &out->result))
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s does not hold a result: a measure is missing or not a number",
                                where);
  return TRUE;
}

static gboolean
read_strategy (PsFileReader *reader, JsonNode *node, guint index, const PsScenario *scenario,
               PsStrategyReport *out)
{
  g_autofree char *where = g_strdup_printf ("results[%u]", index);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *name = string_member (object, "strategy");
  JsonArray *segments = object != NULL ? array_member (object, "segments") : NULL;
  PsScenario segment_scenario = *scenario;
  guint n_segments;

  if (name == NULL || ps_strategy_parse (name, &out->strategy) != 0)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s.strategy must name a strategy", where);
  if (!ps_result_from_json (object, &out->total))
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s does not hold a result: a measure is missing or not a number",
                                where);
  n_segments = segments != NULL ? json_array_get_length (segments) : 0;
  if (segments == NULL || n_segments > 100000)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                                "%s.segments must be a list (of at most 100000)", where);
  out->segments = calloc (MAX (n_segments, 1), sizeof (PsSegment));
  if (out->segments == NULL)
    return ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID, "out of memory");
  ps_strategy_apply_knobs (&out->strategy, &segment_scenario);
  for (guint j = 0; j < n_segments; j++)
    {
      g_autofree char *segment_where = g_strdup_printf ("%s.segments[%u]", where, j);

      if (!read_segment (reader, json_array_get_element (segments, j), segment_where,
                         &segment_scenario, &out->segments[j]))
        return FALSE;
      out->segments[j].index = j;
      out->n_segments = j + 1;
    }
  return TRUE;
}

static PsReport *
read_report (PsFileReader *reader, JsonObject *root, const PsPreset *scenario_preset)
{
  PsReport *report = calloc (1, sizeof *report);
  JsonObject *machine = object_member (root, "machine");
  JsonArray *results = array_member (root, "results");
  JsonNode *completed = json_object_get_member (root, "completed");
  guint n;

  if (report == NULL)
    return NULL;
  report->scenario = scenario_preset->scenario;
  if (machine == NULL || !ps_machine_from_json (machine, &report->machine))
    goto refused_machine;
  report->completed = completed != NULL && JSON_NODE_HOLDS_VALUE (completed)
                      && json_node_get_value_type (completed) == G_TYPE_BOOLEAN
                      && json_node_get_boolean (completed);
  n = results != NULL ? json_array_get_length (results) : 0;
  if (n == 0 || n > PS_MAX_STRATEGIES)
    {
      ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                           "results must list 1 to %d strategies", PS_MAX_STRATEGIES);
      goto fail;
    }
  report->strategies = calloc (n, sizeof *report->strategies);
  if (report->strategies == NULL)
    goto fail;
  for (guint i = 0; i < n; i++)
    {
      /* Counted before reading, so that ps_report_free() frees what a failure left. */
      report->n_strategies = i + 1;
      if (!read_strategy (reader, json_array_get_element (results, i), i, &report->scenario,
                          &report->strategies[i]))
        goto fail;
    }
  return report;

refused_machine:
  ps_file_reader_fail (reader, PS_PRESET_ERROR_INVALID,
                       "machine must be an object with the machine's figures (cores, cpu_model, "
                       "…)");
fail:
  ps_report_free (report);
  return NULL;
}

PsResultsFile *
ps_results_file_load_data (const char *origin, const char *data, gsize length, GError **error)
{
  PsFileReader reader = { origin, error };
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (PsPreset) scenario = NULL;
  g_autoptr (PsResultsFile) file = g_new0 (PsResultsFile, 1);
  JsonObject *object, *recorded, *preset;
  JsonArray *samples;

  file->samples = g_array_new (FALSE, TRUE, sizeof (PsSample));
  root = ps_files_parse_json (origin, data, length, PS_RESULTS_FILE_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || g_strcmp0 (string_member (object, "kind"), PS_RESULTS_FILE_KIND) != 0)
    {
      g_set_error (error, PS_PRESET_ERROR, PS_PRESET_ERROR_OTHER_KIND,
                   "%s: not a Poolscope results file (its \"kind\" is not \"%s\"); write one "
                   "with poolscope-cli run --output FILE", origin, PS_RESULTS_FILE_KIND);
      return NULL;
    }
  /* The scenario is read, migrated and checked the way a schema 1 preset is. */
  scenario = ps_preset_from_report (origin, object, error);
  if (scenario == NULL)
    return NULL;
  file->report = read_report (&reader, object, scenario);
  if (file->report == NULL)
    return NULL;

  samples = array_member (object, "samples");
  if (samples == NULL)
    {
      ps_file_reader_fail (&reader, PS_PRESET_ERROR_INVALID, "samples must be a list");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (samples); i++)
    {
      PsSample sample;

      if (!read_sample (json_array_get_element (samples, i), &sample)
          || sample.strategy >= file->report->n_strategies)
        {
          ps_file_reader_fail (&reader, PS_PRESET_ERROR_INVALID,
                               "samples[%u] is not a sample of this run (a member is missing, "
                               "mistyped or names a strategy the run did not have)", i);
          return NULL;
        }
      g_array_append_val (file->samples, sample);
    }

  recorded = object_member (object, "recorded");
  ps_files_read_recorded (recorded, &file->host, &file->time, &file->version);

  if ((preset = object_member (object, "preset")) != NULL)
    {
      file->preset = ps_preset_load_object (origin, preset, error);
      if (file->preset == NULL)
        return NULL;
    }
  return g_steal_pointer (&file);
}

PsResultsFile *
ps_results_file_load (const char *path, GError **error)
{
  gsize length = 0;
  g_autofree char *data = ps_files_read_limited (path, PS_RESULTS_FILE_MAX_BYTES, &length, error);

  return data != NULL ? ps_results_file_load_data (path, data, length, error) : NULL;
}

void
ps_results_file_free (PsResultsFile *file)
{
  if (file == NULL)
    return;
  ps_report_free (file->report);
  if (file->samples != NULL)
    g_array_unref (file->samples);
  ps_preset_free (file->preset);
  g_free (file->host);
  g_free (file->time);
  g_free (file->version);
  g_free (file);
}
