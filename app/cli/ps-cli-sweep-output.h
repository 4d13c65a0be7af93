/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep-output.h: `poolscope-cli sweep`'s table for people, written by
 * ps-cli-sweep-output.c; JSON and CSV come from app/files/ps-sweep-format.h, shared with sweep
 * results files and bundles. */
#pragma once

#include <glib.h>

#include "ps-engine.h"

G_BEGIN_DECLS

/* @fresh_processes: whether each repetition ran in its own process, which the table says since it
 * decides what the intervals cover. */
char *ps_cli_sweep_to_table (const PsSweepReport *r, gboolean fresh_processes);

G_END_DECLS
