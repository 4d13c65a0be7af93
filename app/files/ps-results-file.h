/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-results-file.h: a run's results saved to look at elsewhere.
 *
 * A results file is the JSON report of `poolscope-cli run --format json` (report schema 1:
 * scenario, machine, results with their segments) with more members:
 *
 *   "kind": "poolscope-results"
 *   "recorded": { "host", "time" (ISO 8601, UTC), "poolscope_version" }
 *   "samples": [ { "t_s", "strategy", "segment", "warmup", "threads", "tasks_completed",
 *                  "progress", "throughput_per_s", "latency_p50_us", "latency_p99_us",
 *                  "wait_share_pct", "contended_acq_pct", "hold_share_pct", "idle_share_pct",
 *                  "time_breakdown_pct": {run, hold, wait, idle, io, runnable, other},
 *                  "isolates_live", "bytes_copied" }, … ]   every live sample, for the charts
 *   "preset": { … }      the preset it ran from, when there was one (ps-preset.h)
 *   "published": [ … ]   that preset's figures beside the measured ones (ps-published.h)
 *
 * so it is still a report for anything that reads reports, and still a schema 1 preset source:
 * `poolscope-cli run --preset FILE` runs the same scenario again. Measure on a big server with
 * the CLI (`run --output FILE`), open the file in the window on a laptop.
 *
 * Loading checks every member it reads (types, ranges, finite numbers), with the same limits and
 * messages as presets (ps-files-io.h), within PS_RESULTS_FILE_MAX_BYTES.
 *
 * Thread: any.
 */
#pragma once

#include "ps-preset.h"

G_BEGIN_DECLS

#define PS_RESULTS_FILE_KIND "poolscope-results"
#define PS_RESULTS_FILE_MAX_BYTES (64 * 1024 * 1024)
#define PS_RESULTS_FILE_MAX_DEPTH 8 /* report → results → result → segments → segment → group */

typedef struct
{
  PsReport *report;  /* engine-owned layout: free with ps_report_free() */
  GArray *samples;   /* of PsSample, in the order they were taken */
  PsPreset *preset;  /* nullable */
  char *host;        /* where it was measured */
  char *time;        /* when, ISO 8601 */
  char *version;     /* which Poolscope measured it */
} PsResultsFile;

/**
 * ps_results_file_to_json:
 * @report: the finished run
 * @samples: (element-type PsSample) (nullable): its live samples
 * @preset: (nullable): the preset it ran from
 *
 * Returns: (transfer full): the results file's text, recorded here and now.
 */
char *ps_results_file_to_json (const PsReport *report, const GArray *samples,
                               const PsPreset *preset);

/**
 * ps_results_file_write:
 * @overwrite: replace an existing file; without it an existing @path is G_IO_ERROR_EXISTS
 *
 * Writes ps_results_file_to_json() to @path atomically.
 */
gboolean ps_results_file_write (const char *path, const PsReport *report, const GArray *samples,
                                const PsPreset *preset, gboolean overwrite, GError **error);

/* Returns: (transfer full): one CSV row per sample (RFC 4180, a header row, numbers with a dot
 * whatever the locale): the strategy's name, then every member of the sample. */
char *ps_results_samples_to_csv (const PsScenario *scenario, const GArray *samples);

/* Returns: (transfer full): the file, or %NULL with @error naming @path and the field. */
PsResultsFile *ps_results_file_load (const char *path, GError **error);

/* Returns: (transfer full): as ps_results_file_load(), from bytes in memory. */
PsResultsFile *ps_results_file_load_data (const char *origin, const char *data, gsize length,
                                          GError **error);

void ps_results_file_free (PsResultsFile *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsResultsFile, ps_results_file_free)

G_END_DECLS
