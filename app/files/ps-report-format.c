/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-report-format.c: a report as JSON, CSV or a terminal table.
 *
 * The measures are listed once, in `columns`, with where they live in a PsResult; JSON, CSV and
 * the table all walk that list, so a measure cannot appear in one format and be missing in another.
 */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-report-format.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum
{
  COLUMN_U64,
  COLUMN_DOUBLE,
  COLUMN_HEX, /* a 64-bit checksum: a string, since JSON readers lose bits past 2^53 */
} PsColumnKind;

typedef struct
{
  const char *key;   /* JSON key within `group` */
  const char *group; /* JSON object the key sits in, or NULL */
  const char *csv;   /* CSV header */
  PsColumnKind kind;
  size_t offset;     /* in PsResult */
} PsColumn;

#define U64(key, field) { key, NULL, key, COLUMN_U64, offsetof (PsResult, field) }
#define DBL(key, field) { key, NULL, key, COLUMN_DOUBLE, offsetof (PsResult, field) }
/* A percentile of one of the latency figures (PsLatency @field of PsResult): JSON key @key in the
 * object named like the field, CSV column "@csv_@key_us". */
#define PCT(field, csv, key)                                                                       \
  { #key, #field, csv "_" #key "_us", COLUMN_DOUBLE, offsetof (PsResult, field.key) }
/* One share of the time breakdown: JSON time_breakdown_pct.@key, CSV breakdown_@key_pct. */
#define BRK(key)                                                                                   \
  { #key, "time_breakdown_pct", "breakdown_" #key "_pct", COLUMN_DOUBLE,                          \
    offsetof (PsResult, time_breakdown_pct.key) }
/* One share of the producer's breakdown: JSON producer_breakdown_pct.@key, CSV
 * producer_@key_pct. */
#define PRB(key)                                                                                   \
  { #key, "producer_breakdown_pct", "producer_" #key "_pct", COLUMN_DOUBLE,                       \
    offsetof (PsResult, producer_breakdown_pct.key) }
#define LAT(field, csv)                                                                            \
  PCT (field, csv, p50), PCT (field, csv, p90), PCT (field, csv, p99), PCT (field, csv, p999),     \
  PCT (field, csv, max)

static const PsColumn columns[] = {
  U64 ("tasks_completed", tasks_completed),
  DBL ("wall_s", wall_s),
  DBL ("throughput_per_s", throughput_per_s),
  LAT (latency_us, "latency"),
  LAT (queue_us, "queue"),
  LAT (service_us, "service"),
  U64 ("operations", operations),
  LAT (operation_us, "operation"),
  DBL ("wait_share_pct", wait_share_pct),
  DBL ("contended_acq_pct", contended_acq_pct),
  DBL ("hold_share_pct", hold_share_pct),
  DBL ("gil_hold_share_pct", gil_hold_share_pct),
  DBL ("idle_share_pct", idle_share_pct),
  DBL ("speedup", speedup),
  DBL ("efficiency", efficiency),
  U64 ("acquisitions", acquisitions),
  U64 ("contended_acquisitions", contended_acquisitions),
  U64 ("isolates_created", isolates_created),
  U64 ("bytes_copied", bytes_copied),
  U64 ("peak_isolate_bytes", peak_isolate_bytes),
  U64 ("cross_tenant_reuses", cross_tenant_reuses),
  DBL ("fairness", fairness),
  U64 ("threads_used", threads_used),
  DBL ("producer_cpu_pct", producer_cpu_pct),
  DBL ("arrival_lag_mean_us", arrival_lag_mean_us),
  DBL ("arrival_lag_max_us", arrival_lag_max_us),
  U64 ("acquire_attempts", acquire_attempts),
  U64 ("steals", steals),
  U64 ("steal_attempts", steal_attempts),
  U64 ("gil_switches", gil_switches),
  DBL ("serialize_share_pct", serialize_share_pct),
  BRK (run), BRK (hold), BRK (wait), BRK (idle), BRK (io), BRK (runnable), BRK (other),
  PRB (run), PRB (hold), PRB (wait), PRB (idle), PRB (io), PRB (runnable), PRB (other),
  { "other_cpu_pct", "interference", "interference_other_cpu_pct", COLUMN_DOUBLE,
    offsetof (PsResult, interference.other_cpu_pct) },
  { "involuntary_switches", "interference", "interference_involuntary_switches", COLUMN_U64,
    offsetof (PsResult, interference.involuntary_switches) },
  { "checksum", NULL, "checksum", COLUMN_HEX, offsetof (PsResult, checksum) },
};

static uint64_t
column_u64 (const PsResult *r, const PsColumn *c)
{
  return *(const uint64_t *) ((const char *) r + c->offset);
}

static double
column_double (const PsResult *r, const PsColumn *c)
{
  return *(const double *) ((const char *) r + c->offset);
}

gboolean
ps_report_format_parse (const char *text, PsReportFormat *out)
{
  static const char *const names[] = { "table", "json", "csv" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out = (PsReportFormat) i;
        return TRUE;
      }
  return FALSE;
}

const char *
ps_report_measures_text (void)
{
  return "Measures (warm-up excluded):\n"
         "  tasks/s      tasks completed / wall seconds of the measured part\n"
         "  p50, p99     latency of one task, from submit to completion\n"
         "  wait %       time blocked acquiring an isolate or lock / total thread time\n"
         "  contended %  acquisitions that found the isolate or lock taken / all acquisitions\n"
         "  hold %       time the shared isolates were held / (wall x their number); the GIL's\n"
         "               hold is gil_hold_share_pct in JSON and CSV\n"
         "  idle %       time parked on an empty queue / total thread time (not contention)\n"
         "  speedup      throughput / the throughput of `single` on the same seed\n"
         "  efficiency   speedup / threads\n"
         "  isolates     isolates created; copied: payload bytes copied into isolates\n";
}

/* ---- Reading JSON back, trusting nothing ---------------------------------------------------- */

/* The number in @node, or %FALSE when it holds anything else; null is NaN (as the writer puts a
 * value that does not exist). */
static gboolean
read_number (JsonNode *node, double *out)
{
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

/* A count: a whole number from 0 to 2^63 (null reads as 0). */
static gboolean
read_count (JsonNode *node, uint64_t *out)
{
  double value;

  if (!read_number (node, &value))
    return FALSE;
  if (isnan (value))
    value = 0;
  if (value < 0 || value > 9.2e18)
    return FALSE;
  *out = node != NULL && JSON_NODE_HOLDS_VALUE (node)
             && json_node_get_value_type (node) == G_TYPE_INT64
           ? (uint64_t) json_node_get_int (node) : (uint64_t) value;
  return TRUE;
}

static JsonNode *
member_of (JsonObject *object, const char *group, const char *key)
{
  JsonNode *holder;

  if (group == NULL)
    return json_object_get_member (object, key);
  holder = json_object_get_member (object, group);
  if (holder == NULL || !JSON_NODE_HOLDS_OBJECT (holder))
    return NULL;
  return json_object_get_member (json_node_get_object (holder), key);
}

/* Reads a list of counts into @out (at most @capacity; more is an error). */
static gboolean
read_counts (JsonNode *node, uint64_t *out, guint capacity, guint *n)
{
  JsonArray *list;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  list = json_node_get_array (node);
  *n = json_array_get_length (list);
  if (*n > capacity)
    return FALSE;
  for (guint i = 0; i < *n; i++)
    if (!read_count (json_array_get_element (list, i), &out[i]))
      return FALSE;
  return TRUE;
}

/* ---- JSON --------------------------------------------------------------------------------- */

/* JSON has no NaN or infinity: a measure that does not exist is null. */
void
ps_json_add_double (JsonBuilder *b, const char *key, double value)
{
  json_builder_set_member_name (b, key);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* JSON integers are signed 64-bit in json-glib; counters never get near 2^63, but clamp anyway. */
static void
add_u64 (JsonBuilder *b, const char *key, uint64_t value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value > (uint64_t) G_MAXINT64 ? G_MAXINT64 : (gint64) value);
}

static void
add_string (JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value != NULL ? value : "");
}

static char *
checksum_text (uint64_t checksum)
{
  return g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", (guint64) checksum);
}

static void
add_result_members (JsonBuilder *b, const PsResult *r)
{
  const char *open_group = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const PsColumn *c = &columns[i];

      if (g_strcmp0 (c->group, open_group) != 0)
        {
          if (open_group != NULL)
            json_builder_end_object (b);
          if (c->group != NULL)
            {
              json_builder_set_member_name (b, c->group);
              json_builder_begin_object (b);
            }
          open_group = c->group;
        }
      switch (c->kind)
        {
        case COLUMN_U64:
          add_u64 (b, c->key, column_u64 (r, c));
          break;
        case COLUMN_DOUBLE:
          ps_json_add_double (b, c->key, column_double (r, c));
          break;
        case COLUMN_HEX:
        default:
          {
            g_autofree char *hex = checksum_text (column_u64 (r, c));
            add_string (b, c->key, hex);
          }
          break;
        }
    }
  if (open_group != NULL)
    json_builder_end_object (b);

  /* The latency distribution, up to its last non-empty bin (the window's histogram). */
  guint last_bin = PS_LATENCY_BINS;
  while (last_bin > 0 && r->latency_bins.counts[last_bin - 1] == 0)
    last_bin--;
  json_builder_set_member_name (b, "latency_bins");
  json_builder_begin_array (b);
  for (guint i = 0; i < last_bin; i++)
    json_builder_add_int_value (b, (gint64) MIN (r->latency_bins.counts[i], (uint64_t) G_MAXINT64));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "per_thread_tasks");
  json_builder_begin_array (b);
  for (unsigned t = 0; r->per_thread_tasks != NULL && t < r->n_threads; t++)
    json_builder_add_int_value (b, (gint64) MIN (r->per_thread_tasks[t], (uint64_t) G_MAXINT64));
  json_builder_end_array (b);
}

static void
add_segment (JsonBuilder *b, const PsSegment *seg)
{
  const PsKnobInfo *knob = ps_knob_info (seg->changed_knob);

  json_builder_begin_object (b);
  add_u64 (b, "index", seg->index);
  json_builder_set_member_name (b, "warmup");
  json_builder_add_boolean_value (b, seg->warmup);
  json_builder_set_member_name (b, "changed_knob");
  if (knob != NULL)
    json_builder_add_string_value (b, knob->name);
  else
    json_builder_add_null_value (b);
  if (knob != NULL)
    ps_json_add_double (b, "changed_value", seg->changed_value);
  else
    {
      json_builder_set_member_name (b, "changed_value");
      json_builder_add_null_value (b);
    }
  /* Every change that opened the segment, in order (changed_knob is the last of them). */
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (unsigned i = 0; i < seg->n_changes; i++)
    {
      const PsKnobInfo *changed = ps_knob_info (seg->changes[i].knob);
      char text[64];

      ps_knob_format (changed, seg->changes[i].value, text, sizeof text);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "knob");
      json_builder_add_string_value (b, changed->name);
      ps_json_add_double (b, "value", seg->changes[i].value);
      json_builder_set_member_name (b, "formatted");
      json_builder_add_string_value (b, text);
      add_u64 (b, "serial", seg->changes[i].serial);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  ps_json_add_double (b, "start_s", seg->start_s);
  add_result_members (b, &seg->result);
  json_builder_end_object (b);
}

static void
build_scenario (JsonBuilder *b, const PsScenario *s)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "strategies");
  json_builder_begin_array (b);
  for (unsigned i = 0; i < s->n_strategies && i < PS_MAX_STRATEGIES; i++)
    json_builder_add_string_value (b, s->strategies[i].name);
  json_builder_end_array (b);

  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);
      double value = ps_knob_get (s, (PsKnob) k);

      switch (info->unit)
        {
        case PS_UNIT_ENUM:
          add_string (b, info->name,
                      value >= 0 && value <= info->max ? info->choices[(unsigned) value] : NULL);
          break;
        case PS_UNIT_BOOL:
          json_builder_set_member_name (b, info->name);
          json_builder_add_boolean_value (b, value != 0);
          break;
        case PS_UNIT_RATIO:
          ps_json_add_double (b, info->name, value);
          break;
        case PS_UNIT_COUNT:
        case PS_UNIT_BYTES:
        case PS_UNIT_DURATION:
        default:
          add_u64 (b, info->name, (uint64_t) value);
          break;
        }
    }
  json_builder_end_object (b);
}

JsonNode *
ps_scenario_to_json (const PsScenario *scenario)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  build_scenario (b, scenario);
  return json_builder_get_root (b);
}

static void
build_machine (JsonBuilder *b, const PsMachine *m)
{
  json_builder_begin_object (b);
  add_u64 (b, "cores", m->cores);
  add_string (b, "cpu_model", m->cpu_model);
  add_u64 (b, "total_memory_bytes", m->total_memory_bytes);
  add_u64 (b, "last_level_cache_bytes", m->last_level_cache_bytes);
  add_string (b, "clock_source", m->clock_source);
  ps_json_add_double (b, "ticks_per_ns", m->ticks_per_ns);
  ps_json_add_double (b, "clock_cost_ns", m->clock_cost_ns);
  ps_json_add_double (b, "clock_gettime_ns", m->clock_gettime_ns);
  json_builder_set_member_name (b, "memcpy");
  json_builder_begin_array (b);
  for (guint i = 0; i < PS_CALIBRATE_MEMCPY_SIZES; i++)
    {
      json_builder_begin_object (b);
      add_u64 (b, "bytes", m->memcpy_sizes[i]);
      ps_json_add_double (b, "ns", m->memcpy_ns[i]);
      ps_json_add_double (b, "aliased_ns", m->memcpy_aliased_ns[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_u64 (b, "memcpy_safe_offset", m->memcpy_safe_offset);
  add_u64 (b, "memcpy_aliased_offset", m->memcpy_aliased_offset);
  ps_json_add_double (b, "arena_create_ns_per_kib", m->arena_create_ns_per_kib);
  ps_json_add_double (b, "lock_handoff_ns", m->lock_handoff_ns);
  ps_json_add_double (b, "sleep_request_ns", m->sleep_request_ns);
  ps_json_add_double (b, "sleep_achieved_ns", m->sleep_achieved_ns);
  ps_json_add_double (b, "sleep_default_slack_ns", m->sleep_default_slack_ns);
  ps_json_add_double (b, "work_iterations_per_us", m->work_iterations_per_us);
  /* How the figure above was measured, so two reports can be compared knowingly. */
  json_builder_set_member_name (b, "work_calibration");
  json_builder_begin_object (b);
  ps_json_add_double (b, "iterations_per_us", m->work_iterations_per_us);
  ps_json_add_double (b, "probe_ns", m->work_probe_ns);
  add_u64 (b, "probe_rounds", m->work_probe_rounds);
  add_string (b, "estimator", "median");
  ps_json_add_double (b, "round_spread_pct", m->work_round_spread_pct);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* The machine's figures a reader needs (the memcpy table is left at zero). */
typedef struct
{
  const char *key;
  PsColumnKind kind; /* COLUMN_U64 (an unsigned), COLUMN_DOUBLE, or COLUMN_HEX for a string */
  size_t offset;
  size_t size;       /* of a string field */
} PsMachineField;

#define MACHINE_U(key, field) { key, COLUMN_U64, offsetof (PsMachine, field), sizeof (unsigned) }
#define MACHINE_U64(key, field) { key, COLUMN_U64, offsetof (PsMachine, field), 8 }
#define MACHINE_D(key, field) { key, COLUMN_DOUBLE, offsetof (PsMachine, field), 8 }
#define MACHINE_S(key, field)                                                                      \
  { key, COLUMN_HEX, offsetof (PsMachine, field), sizeof ((PsMachine *) 0)->field }

static const PsMachineField machine_fields[] = {
  MACHINE_U ("cores", cores),
  MACHINE_S ("cpu_model", cpu_model),
  MACHINE_U64 ("total_memory_bytes", total_memory_bytes),
  MACHINE_U64 ("last_level_cache_bytes", last_level_cache_bytes),
  MACHINE_S ("clock_source", clock_source),
  MACHINE_D ("ticks_per_ns", ticks_per_ns),
  MACHINE_D ("clock_cost_ns", clock_cost_ns),
  MACHINE_D ("clock_gettime_ns", clock_gettime_ns),
  MACHINE_D ("arena_create_ns_per_kib", arena_create_ns_per_kib),
  MACHINE_D ("lock_handoff_ns", lock_handoff_ns),
  MACHINE_D ("sleep_request_ns", sleep_request_ns),
  MACHINE_D ("sleep_achieved_ns", sleep_achieved_ns),
  MACHINE_D ("sleep_default_slack_ns", sleep_default_slack_ns),
  MACHINE_D ("work_iterations_per_us", work_iterations_per_us),
};

gboolean
ps_machine_from_json (JsonObject *object, PsMachine *out)
{
  memset (out, 0, sizeof *out);
  for (guint i = 0; i < G_N_ELEMENTS (machine_fields); i++)
    {
      const PsMachineField *f = &machine_fields[i];
      JsonNode *node = json_object_get_member (object, f->key);
      char *field = (char *) out + f->offset;
      uint64_t count;

      switch (f->kind)
        {
        case COLUMN_U64:
          if (!read_count (node, &count) || (f->size < 8 && count > G_MAXUINT))
            return FALSE;
          if (f->size < 8)
            *(unsigned *) field = (unsigned) count;
          else
            *(uint64_t *) field = count;
          break;
        case COLUMN_DOUBLE:
          if (!read_number (node, (double *) field))
            return FALSE;
          break;
        case COLUMN_HEX:
        default:
          if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
              || json_node_get_value_type (node) != G_TYPE_STRING)
            return FALSE;
          g_strlcpy (field, json_node_get_string (node), f->size);
          break;
        }
    }
  return TRUE;
}

JsonNode *
ps_machine_to_json (const PsMachine *machine)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  build_machine (b, machine);
  return json_builder_get_root (b);
}

JsonNode *
ps_report_to_json (const PsReport *report)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_u64 (b, "schema_version", PS_REPORT_SCHEMA_VERSION);
  json_builder_set_member_name (b, "completed");
  json_builder_add_boolean_value (b, report->completed);
  add_u64 (b, "samples_dropped", report->samples_dropped);
  add_u64 (b, "input_span_bytes", report->input_span_bytes);
  json_builder_set_member_name (b, "scenario");
  build_scenario (b, &report->scenario);
  json_builder_set_member_name (b, "machine");
  build_machine (b, &report->machine);

  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsStrategyReport *sr = &report->strategies[i];

      json_builder_begin_object (b);
      add_string (b, "strategy", sr->strategy.name);
      add_string (b, "dispatch", ps_dispatch_name (sr->strategy.dispatch));
      add_string (b, "isolates_mode", ps_isolates_name (sr->strategy.isolates_mode));
      add_result_members (b, &sr->total);
      json_builder_set_member_name (b, "segments");
      json_builder_begin_array (b);
      for (unsigned j = 0; sr->segments != NULL && j < sr->n_segments; j++)
        add_segment (b, &sr->segments[j]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* json-glib 1.6 appends ".0" to every double it writes, even after an exponent: 1e-25 comes out
 * as "1e-25.0", which no JSON reader takes back. Outside strings, such a ".0" is dropped (the
 * text only gets shorter, so it is done in place). */
static void
drop_point_zero_after_exponent (char *text)
{
  gboolean in_string = FALSE, in_exponent = FALSE;
  char *out = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            *out++ = *p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if ((*p == 'e' || *p == 'E') && out > text && g_ascii_isdigit (out[-1]))
        in_exponent = TRUE;
      else if (in_exponent && *p == '.' && p[1] == '0' && !g_ascii_isdigit (p[2]))
        {
          p++; /* skip ".0" */
          in_exponent = FALSE;
          continue;
        }
      else if (!g_ascii_isdigit (*p) && *p != '+' && *p != '-')
        in_exponent = FALSE;
      *out++ = *p;
    }
  *out = '\0';
}

char *
ps_json_to_string (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  drop_point_zero_after_exponent (text);
  return g_strconcat (text, "\n", NULL);
}

/* ---- CSV ---------------------------------------------------------------------------------- */

/* RFC 4180 quoting, only when a field needs it. */
void
ps_csv_append_field (GString *out, const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
ps_report_to_csv (const PsReport *report)
{
  GString *out = g_string_new ("strategy,dispatch,isolates_mode");

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (out, ",%s", columns[i].csv);
  g_string_append_c (out, '\n');

  for (unsigned s = 0; s < report->n_strategies; s++)
    {
      const PsStrategyReport *sr = &report->strategies[s];

      ps_csv_append_field (out, sr->strategy.name);
      g_string_append_printf (out, ",%s,%s", ps_dispatch_name (sr->strategy.dispatch),
                              ps_isolates_name (sr->strategy.isolates_mode));
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        {
          const PsColumn *c = &columns[i];
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_c (out, ',');
          if (c->kind == COLUMN_U64)
            g_string_append_printf (out, "%" G_GUINT64_FORMAT,
                                    (guint64) column_u64 (&sr->total, c));
          else if (c->kind == COLUMN_HEX)
            {
              g_autofree char *hex = checksum_text (column_u64 (&sr->total, c));
              g_string_append (out, hex);
            }
          else if (isfinite (column_double (&sr->total, c)))
            /* 15 digits: exact for every measured figure, without 12.345000000000001 noise. */
            g_string_append (out, g_ascii_formatd (number, sizeof number, "%.15g",
                                                   column_double (&sr->total, c)));
          /* else: an empty field for a measure that does not exist */
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---- Table -------------------------------------------------------------------------------- */

enum
{
  TABLE_STRATEGY,
  TABLE_TASKS,
  TABLE_THROUGHPUT,
  TABLE_P50,
  TABLE_P99,
  TABLE_WAIT,
  TABLE_CONTENDED,
  TABLE_HOLD,
  TABLE_IDLE,
  TABLE_SPEEDUP,
  TABLE_EFFICIENCY,
  TABLE_ISOLATES,
  TABLE_COPIED,
  TABLE_N_COLUMNS
};

static const char *const table_headers[TABLE_N_COLUMNS] = {
  "strategy", "tasks", "tasks/s", "p50", "p99", "wait %", "contended %", "hold %", "idle %",
  "speedup", "efficiency", "isolates", "copied",
};

static char *
table_number (double value, int digits)
{
  char buf[64];

  if (!isfinite (value))
    return g_strdup ("-");
  ps_units_format_double (value, digits, buf, sizeof buf);
  return g_strdup (buf);
}

/* One decimal, as a share in percent is read: 0.3, 12.5, 100. */
static char *
table_percent (double value)
{
  return table_number (isfinite (value) ? round (value * 10) / 10 : value, 4);
}

static char *
table_latency (double us)
{
  char buf[64];

  if (!isfinite (us))
    return g_strdup ("-");
  ps_units_format_duration (us * 1000, buf, sizeof buf);
  return g_strdup (buf);
}

static char *
table_bytes (uint64_t bytes)
{
  char buf[64];

  ps_units_format_bytes (bytes, buf, sizeof buf);
  return g_strdup (buf);
}

static void
table_row (const PsStrategyReport *sr, char **cells)
{
  const PsResult *r = &sr->total;

  cells[TABLE_STRATEGY] = g_strdup (sr->strategy.name);
  cells[TABLE_TASKS] = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) r->tasks_completed);
  cells[TABLE_THROUGHPUT] = table_number (round (r->throughput_per_s), 15);
  cells[TABLE_P50] = table_latency (r->latency_us.p50);
  cells[TABLE_P99] = table_latency (r->latency_us.p99);
  cells[TABLE_WAIT] = table_percent (r->wait_share_pct);
  cells[TABLE_CONTENDED] = table_percent (r->contended_acq_pct);
  cells[TABLE_HOLD] = table_percent (r->hold_share_pct);
  cells[TABLE_IDLE] = table_percent (r->idle_share_pct);
  cells[TABLE_SPEEDUP] = table_number (r->speedup, 3);
  cells[TABLE_EFFICIENCY] = table_number (r->efficiency, 3);
  cells[TABLE_ISOLATES] = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) r->isolates_created);
  cells[TABLE_COPIED] = table_bytes (r->bytes_copied);
}

/* Pads by characters, not bytes: "µs" is one column wide on a terminal but two bytes. */
static void
append_padded (GString *out, const char *cell, gsize width, gboolean left)
{
  gsize len = (gsize) g_utf8_strlen (cell, -1);

  if (!left)
    for (gsize i = len; i < width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, cell);
  if (left)
    for (gsize i = len; i < width; i++)
      g_string_append_c (out, ' ');
}

/* Fork-join strategies wait for every task of an operation: the operation's time is their figure. */
static void
append_fork_join_note (GString *out, const PsReport *report)
{
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsResult *t = &report->strategies[i].total;
      char p50[32], p99[32];

      if (t->operations == 0)
        continue;
      ps_units_format_duration (t->operation_us.p50 * 1000.0, p50, sizeof p50);
      ps_units_format_duration (t->operation_us.p99 * 1000.0, p99, sizeof p99);
      g_string_append_printf (out, "\n%s: %" G_GUINT64_FORMAT " fork-join operations of up to %"
                              G_GUINT64_FORMAT " tasks, %.0f per second; fork to the last task's "
                              "end p50 %s, p99 %s.\n", report->strategies[i].strategy.name,
                              t->operations, (guint64) t->n_threads,
                              t->wall_s > 0 ? (double) t->operations / t->wall_s : 0, p50, p99);
    }
}

/* An open-loop run's latencies start at each task's scheduled arrival; the generator that takes
 * the arrivals wakes a little late, and that lateness is part of them: say how much. */
static void
append_open_loop_note (GString *out, const PsReport *report)
{
  const PsScenario *s = &report->scenario;

  g_string_append_printf (out, "\nOpen loop: %g tasks/s offered (%s arrivals); latency counts "
                          "from each task's scheduled arrival. The load generator took arrivals "
                          "late by (mean / max):", s->rate,
                          ps_knob_info (PS_KNOB_ARRIVALS)->choices[s->arrivals]);
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsResult *t = &report->strategies[i].total;
      g_string_append_printf (out, "%s %s %.1f / %.0f \xc2\xb5s", i > 0 ? "," : "",
                              report->strategies[i].strategy.name, t->arrival_lag_mean_us,
                              t->arrival_lag_max_us);
    }
  g_string_append (out, ".\n");
}

/* Where each strategy's worker time went, and a warning for a strategy measured while other
 * processes used more than PS_INTERFERENCE_BUSY_PCT of the machine. */
static void
append_breakdown_row (GString *out, gsize width, const char *name, const PsTimeBreakdown *b)
{
  g_string_append_printf (out, "%-*s  %6.1f %6.1f %6.1f %6.1f %6.1f %9.1f %6.1f\n", (int) width,
                          name, b->run, b->hold, b->wait, b->idle, b->io, b->runnable, b->other);
}

static void
append_time_breakdown (GString *out, const PsReport *report)
{
  gsize width = strlen ("strategy");

  for (unsigned i = 0; i < report->n_strategies; i++)
    width = MAX (width, strlen (report->strategies[i].strategy.name));
  g_string_append (out, "\nWhere the workers' time went (% of threads × wall):\n");
  g_string_append_printf (out, "%-*s  %6s %6s %6s %6s %6s %9s %6s\n", (int) width, "strategy",
                          "run", "hold", "wait", "idle", "io", "runnable", "other");
  for (unsigned i = 0; i < report->n_strategies; i++)
    append_breakdown_row (out, width, report->strategies[i].strategy.name,
                          &report->strategies[i].total.time_breakdown_pct);
  /* The producers' rows, under the same headings: `wait` is their side of the queue's lock,
   * `idle` their waits for room, a join or a free batch. */
  gboolean any_producer = FALSE;
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsResult *t = &report->strategies[i].total;
      if (t->threads_used <= t->n_threads)
        continue;
      if (!any_producer)
        g_string_append (out, "Its producer's (router, forker, spawner; % of wall):\n");
      any_producer = TRUE;
      append_breakdown_row (out, width, report->strategies[i].strategy.name,
                            &t->producer_breakdown_pct);
    }
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      const PsInterference *f = &report->strategies[i].total.interference;
      if (f->other_cpu_pct > PS_INTERFERENCE_BUSY_PCT)
        g_string_append_printf (out, "The machine was busy while %s ran: other processes used "
                                "%.0f%% of its CPUs, so its figures may be off.\n",
                                report->strategies[i].strategy.name, f->other_cpu_pct);
    }
}

char *
ps_report_to_table (const PsReport *report)
{
  unsigned n = report->n_strategies;
  g_autofree char **cells = g_new0 (char *, (gsize) (n + 1) * TABLE_N_COLUMNS);
  gsize widths[TABLE_N_COLUMNS] = { 0 };
  GString *out = g_string_new (NULL);
  char heap[48], payload[48], work[48], calibration[48];
  const PsScenario *s = &report->scenario;

  for (guint c = 0; c < TABLE_N_COLUMNS; c++)
    cells[c] = g_strdup (table_headers[c]);
  for (unsigned i = 0; i < n; i++)
    table_row (&report->strategies[i], cells + (gsize) (i + 1) * TABLE_N_COLUMNS);
  for (gsize i = 0; i < (gsize) (n + 1) * TABLE_N_COLUMNS; i++)
    widths[i % TABLE_N_COLUMNS] = MAX (widths[i % TABLE_N_COLUMNS],
                                       (gsize) g_utf8_strlen (cells[i], -1));

  ps_units_format_bytes (s->payload_bytes, payload, sizeof payload);
  ps_units_format_bytes (s->isolate_heap_bytes, heap, sizeof heap);
  ps_units_format_duration ((double) s->work_ns, work, sizeof work);
  ps_units_format_double (report->machine.work_iterations_per_us, 4, calibration,
                          sizeof calibration);
  g_string_append_printf (out, "%u threads, %u isolates, %s payload (%s), %s work, %s heaps on %u "
                          "cores (%s); work calibrated at %s iterations/µs\n\n", s->threads,
                          s->isolates, payload, ps_transfer_name (s->transfer), work, heap,
                          report->machine.cores, report->machine.cpu_model, calibration);

  for (unsigned row = 0; row <= n; row++)
    {
      for (guint c = 0; c < TABLE_N_COLUMNS; c++)
        {
          if (c > 0)
            g_string_append (out, "  ");
          append_padded (out, cells[(gsize) row * TABLE_N_COLUMNS + c], widths[c],
                         c == TABLE_STRATEGY);
        }
      /* No trailing blanks: trim what the last column's padding may have added. */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
  for (gsize i = 0; i < (gsize) (n + 1) * TABLE_N_COLUMNS; i++)
    g_free (cells[i]);

  if (!report->completed)
    g_string_append (out, "\nStopped before the end: these are partial results.\n");
  if (s->rate > 0)
    append_open_loop_note (out, report);
  append_fork_join_note (out, report);
  /* A producer or router is a thread too: with more runnable threads than cores, part of every
   * figure is time spent waiting for a CPU. */
  gboolean oversubscribed = FALSE;
  for (unsigned i = 0; i < n; i++)
    {
      const PsResult *t = &report->strategies[i].total;
      if (t->threads_used <= report->machine.cores)
        continue;
      g_string_append_printf (out, "%s%s ran %" G_GUINT64_FORMAT " threads on %u cores (its "
                              "producer used %.0f%% of a CPU): oversubscribed, so part of its "
                              "time went to waiting for a CPU.\n", oversubscribed ? "" : "\n",
                              report->strategies[i].strategy.name, t->threads_used,
                              report->machine.cores, t->producer_cpu_pct);
      oversubscribed = TRUE;
    }
  append_time_breakdown (out, report);
  g_string_append_c (out, '\n');
  g_string_append (out, ps_report_measures_text ());
  return g_string_free (out, FALSE);
}

gboolean
ps_result_from_json (JsonObject *object, PsResult *out)
{
  JsonNode *node;
  guint n;

  memset (out, 0, sizeof *out);
  for (gsize i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const PsColumn *c = &columns[i];
      char *field = (char *) out + c->offset;

      node = member_of (object, c->group, c->key);
      switch (c->kind)
        {
        case COLUMN_U64:
          if (!read_count (node, (uint64_t *) field))
            return FALSE;
          break;
        case COLUMN_HEX:
          if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
              || json_node_get_value_type (node) != G_TYPE_STRING)
            return FALSE;
          *(uint64_t *) field = g_ascii_strtoull (json_node_get_string (node), NULL, 16);
          break;
        case COLUMN_DOUBLE:
        default:
          if (!read_number (node, (double *) field))
            return FALSE;
          break;
        }
    }

  /* Written since results files: a report from before has no bins, which reads as none. */
  node = json_object_get_member (object, "latency_bins");
  if (node != NULL && !read_counts (node, out->latency_bins.counts, PS_LATENCY_BINS, &n))
    return FALSE;

  node = json_object_get_member (object, "per_thread_tasks");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (json_node_get_array (node)) > PS_MAX_THREADS)
    return FALSE;
  out->n_threads = json_array_get_length (json_node_get_array (node));
  if (out->n_threads > 0)
    {
      out->per_thread_tasks = calloc (out->n_threads, sizeof (uint64_t));
      if (out->per_thread_tasks == NULL
          || !read_counts (node, out->per_thread_tasks, out->n_threads, &n))
        {
          g_clear_pointer (&out->per_thread_tasks, free);
          out->n_threads = 0;
          return FALSE;
        }
    }
  return TRUE;
}

char *
ps_report_format (const PsReport *report, PsReportFormat format)
{
  switch (format)
    {
    case PS_REPORT_FORMAT_JSON:
      {
        g_autoptr (JsonNode) node = ps_report_to_json (report);
        return ps_json_to_string (node);
      }
    case PS_REPORT_FORMAT_CSV:
      return ps_report_to_csv (report);
    case PS_REPORT_FORMAT_TABLE:
    default:
      return ps_report_to_table (report);
    }
}

/* ---- Measures by name ---------------------------------------------------------------------- */

/* The column called @measure: "KEY" for a top-level measure, "GROUP.KEY" for one in a group. */
static const PsColumn *
find_measure_column (const char *measure)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const PsColumn *c = &columns[i];

      if (c->kind == COLUMN_HEX)
        continue;
      if (c->group == NULL ? g_strcmp0 (measure, c->key) == 0
                           : (g_str_has_prefix (measure, c->group)
                              && measure[strlen (c->group)] == '.'
                              && g_strcmp0 (measure + strlen (c->group) + 1, c->key) == 0))
        return c;
    }
  return NULL;
}

gboolean
ps_report_measure_known (const char *measure)
{
  return measure != NULL && find_measure_column (measure) != NULL;
}

gboolean
ps_report_result_measure (const PsResult *result, const char *measure, double *out)
{
  const PsColumn *c = measure != NULL ? find_measure_column (measure) : NULL;

  if (c == NULL)
    return FALSE;
  *out = c->kind == COLUMN_U64 ? (double) column_u64 (result, c) : column_double (result, c);
  return TRUE;
}
