/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-file.h: a sweep's results saved to look at elsewhere.
 *
 * A sweep results file is the JSON of `poolscope-cli sweep --format json` (ps-sweep-format.h:
 * scenario, machine, sweep, results with every point, break_even, fits) with more members:
 *
 *   "kind": "poolscope-sweep-results"
 *   "recorded": { "host", "time" (ISO 8601, UTC), "poolscope_version" }
 *   "preset": { … }      the preset it ran from, when there was one (ps-preset.h)
 *   "published": [ … ]   that preset's figures beside the sweep's points (ps-published.h)
 *
 * It keeps schema_version 1 and the "scenario" object of a report, so it is a schema 1 preset
 * source too: `poolscope-cli run --preset FILE` runs its scenario again. Measure on a big server
 * with `poolscope-cli sweep --output FILE`, look at it elsewhere.
 *
 * Loading rebuilds the sweep's config and its whole report, checking every member it reads
 * (types, finite numbers, counts within the engine's limits, names that parse, points sorted by
 * x, a config ps_sweep_validate() accepts) with the same limits and messages as presets
 * (ps-files-io.h), within PS_SWEEP_FILE_MAX_BYTES.
 *
 * Thread: any.
 */
#pragma once

#include "ps-preset.h"

G_BEGIN_DECLS

#define PS_SWEEP_FILE_KIND "poolscope-sweep-results"
#define PS_SWEEP_FILE_MAX_BYTES (64 * 1024 * 1024)
/* root → results → series → points → point → result → a group of measures */
#define PS_SWEEP_FILE_MAX_DEPTH 7
/* Points of one series: the grid and every bisection point, with room to spare (the engine
 * spends at most a few per crossing). */
#define PS_SWEEP_FILE_MAX_POINTS 4096

typedef struct
{
  PsSweepConfig config;  /* the base scenario, knob, the grid as a PS_SWEEP_LIST, metric,
                          * reference and the statistics settings; the engine's measure and no
                          * event hook, as ps_sweep_config_init() leaves them */
  PsSweepReport *report; /* allocated by the loader: freed by ps_sweep_file_free() */
  PsMachine machine;
  PsPreset *preset;      /* nullable */
  char *host;            /* where it was measured */
  char *time;            /* when, ISO 8601 */
  char *version;         /* which Poolscope measured it */
  GPtrArray *texts;      /* owned strings the report points into (its fits' scaling_skipped) */
} PsSweepFile;

/**
 * ps_sweep_file_to_json:
 * @config: the sweep as it was asked for
 * @report: what it measured
 * @machine: the machine it ran on
 * @preset: (nullable): the preset it ran from
 *
 * Returns: (transfer full): the sweep results file's text, recorded here and now.
 */
char *ps_sweep_file_to_json (const PsSweepConfig *config, const PsSweepReport *report,
                             const PsMachine *machine, const PsPreset *preset);

/**
 * ps_sweep_file_write:
 * @overwrite: replace an existing file; without it an existing @path is G_IO_ERROR_EXISTS
 *
 * Writes ps_sweep_file_to_json() to @path atomically.
 */
gboolean ps_sweep_file_write (const char *path, const PsSweepConfig *config,
                              const PsSweepReport *report, const PsMachine *machine,
                              const PsPreset *preset, gboolean overwrite, GError **error);

/* Returns: (transfer full): the file, or %NULL with @error naming @path and the field;
 * PS_PRESET_ERROR_OTHER_KIND when it is JSON but not a sweep results file. */
PsSweepFile *ps_sweep_file_load (const char *path, GError **error);

/* Returns: (transfer full): as ps_sweep_file_load(), from bytes in memory called @origin. */
PsSweepFile *ps_sweep_file_load_data (const char *origin, const char *data, gsize length,
                                      GError **error);

void ps_sweep_file_free (PsSweepFile *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsSweepFile, ps_sweep_file_free)

G_END_DECLS
