/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-preset.h: a scenario saved as a JSON file, with what it reproduces and where the numbers
 * come from.
 *
 * A preset (schema_version 2, the current one) is one JSON object:
 *
 *   {
 *     "schema_version": 2,
 *     "name": "openworkers-standard",          lowercase letters, digits and '-', ≤ 64 bytes
 *     "title": "OpenWorkers: standard",        one line
 *     "description": "…",                      a paragraph: what it shows, faithful or intended
 *     "source": "OpenWorkers, …",              where the published numbers come from
 *     "strategies": ["legacy", "shared", "pinned"],     as --strategy accepts them
 *     "knobs": { "threads": "4", "payload": "4 KiB", "io-delay": "1ms" },
 *     "sweep": { "knob": "isolates", "from": "1", "to": "8", "points": 4,
 *                "spacing": "log", "metric": "time", "reference": "single" },  optional
 *     "published": [                                                          optional
 *       { "strategy": "pinned", "measure": "throughput_per_s", "value": 1234.0,
 *         "as_published": "1,234 req/s", "at": "4" } ]
 *   }
 *
 * Knob names and values are exactly what poolscope-cli accepts (the knob table's names and its
 * parser: a knob value is a string as typed on the command line, or a JSON number or boolean read
 * as that text), so a preset says the same thing as the CLI when a value is wrong. Knobs not
 * named keep their defaults. "sweep" may instead give "values": ["1", "2", "4"] (spacing "list").
 * A published figure names a measure as the JSON report calls it ("throughput_per_s", "wall_s",
 * "speedup", "latency_us.p50", …, see ps_report_json_measure_known()), its value in Poolscope's
 * unit for that measure, the figure verbatim as the source printed it, and for a sweep preset the
 * swept knob's value it was published at ("at").
 *
 * Schema version 1 is a poolscope-cli JSON report (`run --format json`, report schema 1): its
 * "scenario" object (knobs in bytes and nanoseconds, enums by name, "strategies") migrates to a
 * preset named after the file, so any saved report can be run again.
 *
 * Loading checks everything and refuses with one message that names the file, the field and what
 * is allowed: a file over PS_PRESET_MAX_BYTES (checked before reading it), not UTF-8, a byte-order
 * mark, not JSON, nesting deeper than PS_PRESET_MAX_DEPTH (checked before parsing), a duplicate
 * key, an unknown key, a wrong type, an out-of-range or non-finite value, a newer schema_version.
 *
 * Thread: any; a PsPreset belongs to its caller.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ps-engine.h"
#include "ps-files-io.h"

G_BEGIN_DECLS

#define PS_PRESET_SCHEMA_VERSION 2
#define PS_PRESET_MAX_BYTES (1024 * 1024)
#define PS_PRESET_MAX_DEPTH 8 /* a preset needs 3 (object → published → figure); a schema 1
                              * report migrating needs 6 (… → segments → segment → group) */
#define PS_PRESET_NAME_MAX 64

/* One figure the source published, shown beside the measured one. */
typedef struct
{
  char *strategy;     /* a strategy of the preset */
  char *measure;      /* a report measure: "throughput_per_s", "latency_us.p50", … */
  double value;       /* in Poolscope's unit for that measure (tasks/s, s, µs, %, ×) */
  char *as_published; /* the figure as the source printed it */
  char *at;           /* nullable: the swept knob's value it was published at, as typed */
  double at_value;    /* @at parsed in the swept knob's base unit; NaN without @at */
} PsPublishedFigure;

typedef struct
{
  char *name;
  char *title;
  char *description;
  char *source;
  PsScenario scenario;               /* defaults, the strategies and every knob given */
  gboolean knob_given[PS_KNOB_COUNT]; /* which knobs the file names (saving writes only these) */
  gboolean has_sweep;
  PsSweepConfig sweep;               /* knob, spacing, from/to/points or values, metric,
                                      * reference; the rest at ps_sweep_config_init() defaults */
  GArray *published;                 /* of PsPublishedFigure; never NULL */
} PsPreset;

/* Returns: (transfer full): an empty preset named @name holding the default scenario. */
PsPreset *ps_preset_new (const char *name);

void ps_preset_free (PsPreset *preset);

/* Applies what given knobs imply for the others, as the command line does: a duration without a
 * task count drops the default task count (and the task warm-up, warming up for a tenth of the
 * duration, at most 1 s); an interleave slice without an order selects interleaved order. */
void ps_scenario_apply_implied (PsScenario *scenario, const gboolean given[PS_KNOB_COUNT]);

/* Returns: (transfer full): a deep copy. */
PsPreset *ps_preset_copy (const PsPreset *preset);

/* Returns: whether @name is a valid preset name (see the schema above). */
gboolean ps_preset_name_is_valid (const char *name);

/**
 * ps_preset_load_file:
 * @path: the file
 *
 * Returns: (transfer full): the preset, or %NULL with @error set to one line naming @path.
 */
PsPreset *ps_preset_load_file (const char *path, GError **error);

/**
 * ps_preset_load_data:
 * @origin: what to call the data in messages (a file name or a resource path)
 * @data: the bytes, not necessarily NUL-terminated
 * @length: their number
 *
 * Returns: (transfer full): the preset, or %NULL with @error set.
 */
PsPreset *ps_preset_load_data (const char *origin, const char *data, gsize length,
                               GError **error);

/**
 * ps_preset_from_report:
 * @origin: the report's file, for messages and the preset's name
 * @report: the root object of a JSON report (schema 1)
 *
 * Returns: (transfer full): a preset of the scenario the report measured, or %NULL with @error.
 */
PsPreset *ps_preset_from_report (const char *origin, JsonObject *report, GError **error);

/* Returns: (transfer full): the preset held in a results file's "preset" object, checked as a
 * preset file would be (it goes through its text), or %NULL with @error naming @origin. */
PsPreset *ps_preset_load_object (const char *origin, JsonObject *object, GError **error);

/* Returns: (transfer full): the preset as indented JSON (schema_version 2) ending with a newline.
 * Loading it again gives the same preset. */
char *ps_preset_to_json (const PsPreset *preset);

/* Returns: (transfer full): the preset as a JSON object, as ps_preset_to_json() writes it. */
JsonNode *ps_preset_to_node (const PsPreset *preset);

/**
 * ps_preset_save:
 *
 * Writes the preset to @path atomically and durably (a temporary file beside it, fsync, rename):
 * a crash or a full disk mid-save leaves the previous file whole.
 */
gboolean ps_preset_save (const PsPreset *preset, const char *path, GError **error);

/* Sets @preset's scenario, knob_given and strategies from @scenario: every knob that differs from
 * the defaults is given. */
void ps_preset_set_scenario (PsPreset *preset, const PsScenario *scenario);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsPreset, ps_preset_free)

G_END_DECLS
