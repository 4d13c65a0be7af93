/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-format.h: a sweep's result as JSON, CSV or a chart, for the CLI, its sweep results
 * files and export bundles alike.
 *
 * The JSON (what `poolscope-cli sweep --format json` prints) is one object:
 *
 *   "schema_version": 1, "scenario": { … }, "machine": { … }     as a run's report has them
 *   "sweep": { "knob", "metric", "spacing" (linear, log or list), "values": [grid],
 *              "reference", "ci_target", "max_reps", "tolerance", "completed", "wall_s",
 *              "remeasured", "measured_s", "runs", "min_reps", "max_extra_points",
 *              "rep_duration_ns" }
 *   "results": [ { "strategy", "dispatch", "isolates_mode",
 *                  "points": [ { "x", "mean_s" (the compared metric), "mean_s_per_task",
 *                                "ci_low", "ci_high", "min_s", "max_s", "stddev_s", "reps",
 *                                "outliers", "bisection", "remeasured", "disturbed",
 *                                "result": { … } or null }, … ] }, … ]
 *   "break_even": [ { "strategy", "reference", "x", "x_low", "x_high", "direction",
 *                     "extra_points", "converged" }, … ]
 *   "no_crossing_in_range": [ strategy names ]
 *   "fits": [ { "strategy", "linear"?, "amdahl"?, "usl"?, "scaling_skipped"?,
 *               "scaling_points"? }, … ]
 *
 * Each point's "result" is the object `run` writes for a strategy (ps-report-format.h), of the
 * median repetition. A number that does not exist (NaN, ∞) is null. Sizes are in bytes and
 * durations in nanoseconds, like the scenario's knobs.
 *
 * Thread: any; every function works on the caller's data only.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ps-charts.h"
#include "ps-engine.h"

G_BEGIN_DECLS

/* A value of the swept knob for people: rounded ("17.7 KiB", "158.1 µs"). */
void ps_sweep_format_x (const PsSweepReport *report, double x, char *buf, size_t size);

/* Returns: (transfer full): the sweep as the JSON object above. */
JsonNode *ps_sweep_to_node (const PsSweepConfig *config, const PsSweepReport *report,
                            const PsMachine *machine);

/* Returns: (transfer full): ps_sweep_to_node() as indented text ending with a newline. */
char *ps_sweep_to_json (const PsSweepConfig *config, const PsSweepReport *report,
                        const PsMachine *machine);

/* Returns: (transfer full): `sweep --format csv`: a row per point, then a row per crossing. */
char *ps_sweep_to_csv (const PsSweepReport *report);

/* Returns: (transfer full): every point with every figure of it, one row each (RFC 4180, a
 * header row, numbers with a dot and all their digits whatever the locale, empty when they do
 * not exist). */
char *ps_sweep_points_to_csv (const PsSweepReport *report);

/* Returns: (transfer full): the compared metric against the swept knob, a series per strategy
 * with its 95% confidence intervals as bands and a marker per crossing; the knob's axis is
 * logarithmic when the sweep's grid was. In English, like the bundles it is drawn for. */
PsChartModel *ps_sweep_chart_new (const PsSweepConfig *config, const PsSweepReport *report);

/* How the swept knob's values go on a chart's axis: its unit, and @scale to multiply a value in
 * the knob's base unit by (durations are drawn in seconds). */
PsChartUnit ps_sweep_knob_chart_unit (const PsKnobInfo *info, double *scale);

G_END_DECLS
