/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-published.h: a preset's published figures beside what this machine measured.
 *
 * A figure applies to a run when it was published without an "at", or at the value the run's
 * scenario has for the preset's swept knob. Each comparison gives the published value (in
 * Poolscope's unit), the source's own wording, the measured value of the same strategy's total
 * and their ratio measured / published.
 *
 * A sweep preset's figures published "at" a value of the swept knob are compared with the sweep's
 * point at that value instead.
 *
 * Thread: any.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ps-preset.h"

G_BEGIN_DECLS

typedef struct
{
  const PsPublishedFigure *figure; /* borrowed from the preset */
  double measured;                 /* NaN when the strategy did not run or measured nothing */
  double ratio;                    /* measured / published; NaN when either is missing or 0 */
} PsPublishedComparison;

/* Returns: (transfer full) (element-type PsPublishedComparison): one per applying figure. */
GArray *ps_published_compare (const PsPreset *preset, const PsReport *report);

/* Returns: (transfer full) (element-type PsPublishedComparison): one per figure published "at" a
 * value of the sweep's knob, measured from the median repetition at that grid value (NaN when the
 * sweep has no such point, as when it was given another range). */
GArray *ps_published_compare_sweep (const PsPreset *preset, const PsSweepReport *report);

/* Returns: (transfer full): a list of {strategy, measure, published, as_published, at, measured,
 * ratio} for a JSON report's "published" member. */
JsonNode *ps_published_to_json (const GArray *comparisons);

/* Returns: (transfer full): an aligned table with a heading naming the source, or "" without
 * comparisons. */
char *ps_published_to_table (const PsPreset *preset, const GArray *comparisons);

G_END_DECLS
