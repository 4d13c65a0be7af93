/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-bundle.h: an export bundle, everything about one run or one sweep in one folder, for a
 * report or a colleague.
 *
 * A run's bundle:
 *
 *   throughput, p99, wait, hold, runnable, histogram  each as .png (2×), .svg and .pdf, drawn by
 *                                                     the one chart renderer the window uses
 *   results.csv    one row per strategy (RFC 4180, numbers with a dot whatever the locale)
 *   samples.csv    one row per live sample
 *   results.json   the results file (report, samples, preset): opens in the window
 *   preset.json    the preset that runs the same scenario again
 *   README.md      the machine, its calibration, every knob, the results, how each figure is
 *                  measured, and the commands that reproduce it
 *
 * A sweep's bundle:
 *
 *   sweep          .png (2×), .svg and .pdf: the compared metric against the swept knob, a line
 *                  per strategy with its 95% confidence band, and the break-even markers
 *   points.csv     one row per point with every figure of it (RFC 4180, numbers with a dot and
 *                  all their digits whatever the locale)
 *   results.json   the sweep results file (ps-sweep-file.h)
 *   preset.json    the preset that runs the same sweep again
 *   README.md      the machine, its calibration, every knob, the sweep's range, the crossings as
 *                  sentences, how it was measured, and the command that reproduces it
 *
 * Every file is written into a staging folder inside the destination and moved into place only
 * once all are written, so a full or read-only destination leaves no partial file; a file that
 * exists is replaced only when asked to.
 *
 * Thread: any.
 */
#pragma once

#include "ps-preset.h"

G_BEGIN_DECLS

/* Returns: (transfer full): the names of the files a run's bundle holds. */
GStrv ps_bundle_run_files (void);

/**
 * ps_bundle_write_run:
 * @dir: the destination folder (created when missing)
 * @samples: (element-type PsSample) (nullable): the run's live samples
 * @preset: (nullable): the preset it ran from (its published figures go in the README)
 * @overwrite: replace files of the same names; without it an existing one is G_IO_ERROR_EXISTS,
 *   naming it, and nothing is written
 *
 * Returns: whether the whole bundle was written.
 */
gboolean ps_bundle_write_run (const char     *dir,
                              const PsReport *report,
                              const GArray   *samples,
                              const PsPreset *preset,
                              gboolean        overwrite,
                              GError        **error);

/* Returns: (transfer full): the names of the files a sweep's bundle holds. */
GStrv ps_bundle_sweep_files (void);

/**
 * ps_bundle_write_sweep:
 * @dir: the destination folder (created when missing)
 * @config: the sweep as it was asked for
 * @report: what it measured
 * @machine: the machine it ran on
 * @preset: (nullable): the preset it ran from (its published figures go in the README)
 * @overwrite: as for ps_bundle_write_run()
 *
 * Returns: whether the whole bundle was written.
 */
gboolean ps_bundle_write_sweep (const char          *dir,
                                const PsSweepConfig *config,
                                const PsSweepReport *report,
                                const PsMachine     *machine,
                                const PsPreset      *preset,
                                gboolean             overwrite,
                                GError             **error);

G_END_DECLS
