/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-report-format.h: a run's report as JSON, CSV or an aligned table for terminals.
 *
 * Every number is written with '.' as the decimal point whatever the locale. A value that does not
 * exist (speedup without `single`, a percentile without tasks) is null in JSON, an empty field in
 * CSV and "-" in the table. The checksum is written as a hex string ("0x00000000deadbeef") because
 * it uses all 64 bits, which JSON integers (doubles in most readers) cannot hold.
 *
 * Thread: any; every function works on the caller's data only.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ps-engine.h"

G_BEGIN_DECLS

#define PS_REPORT_SCHEMA_VERSION 1

typedef enum
{
  PS_REPORT_FORMAT_TABLE,
  PS_REPORT_FORMAT_JSON,
  PS_REPORT_FORMAT_CSV,
} PsReportFormat;

/* Returns: %TRUE and sets @out when @text is "table", "json" or "csv". */
gboolean ps_report_format_parse (const char *text, PsReportFormat *out);

/* Returns: (transfer full): {"threads": 2, "payload": 4096, …}: every knob under its table name,
 * sizes in bytes and durations in nanoseconds, enums by name, plus "strategies": [names]. */
JsonNode *ps_scenario_to_json (const PsScenario *scenario);

/* Returns: (transfer full): the machine's calibrated references. */
JsonNode *ps_machine_to_json (const PsMachine *machine);

/* Reads the machine's scalar figures back (cores, CPU model, memory, cache, clock, calibration);
 * the memcpy table stays zero. Returns: %FALSE when a member is missing or mistyped. */
gboolean ps_machine_from_json (JsonObject *object, PsMachine *out);

/* Returns: (transfer full): the whole report, schema_version 1 (see issue 2). */
JsonNode *ps_report_to_json (const PsReport *report);

/* Returns: (transfer full): a header row and one row per strategy, newline terminated. */
char *ps_report_to_csv (const PsReport *report);

/* Returns: (transfer full): an aligned table with the measures' definitions below it. */
char *ps_report_to_table (const PsReport *report);

/* Returns: (transfer full): the report in @format, ending with a newline. */
char *ps_report_format (const PsReport *report, PsReportFormat format);

/**
 * ps_result_from_json:
 * @object: one element of a report's "results" (or a segment), as ps_report_to_json() wrote it
 * @out: filled with every measure the JSON carries; per_thread_tasks is malloc()ed (free() it)
 *
 * Reads a result back, checking every member's type (it may come from any file). Returns: %FALSE
 * when a measure is missing, mistyped, negative where it counts or not finite (@out is then
 * partly filled, with nothing allocated).
 */
gboolean ps_result_from_json (JsonObject *object, PsResult *out);

/* Returns: whether @measure names a number of a result: a key of a result object in the JSON
 * report ("throughput_per_s"), or GROUP.KEY for one inside a group ("latency_us.p50"). */
gboolean ps_report_measure_known (const char *measure);

/* Sets @out to @result's figure called @measure (see ps_report_measure_known()).
 * Returns: %FALSE when @measure is unknown. */
gboolean ps_report_result_measure (const PsResult *result, const char *measure, double *out);

/* Returns: the definitions of the measures, several lines of English, for --help and the table. */
const char *ps_report_measures_text (void);

/* Appends @field to a CSV line, quoted (RFC 4180) only when it holds a comma, a quote or a line
 * break. */
void ps_csv_append_field (GString *out, const char *field);

/* Sets member @key to @value, or to null when @value is NaN or infinite: JSON has neither. */
void ps_json_add_double (JsonBuilder *b, const char *key, double value);

/* Returns: (transfer full): @node as indented JSON text ending with a newline. */
char *ps_json_to_string (JsonNode *node);

G_END_DECLS
