/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep-output.h: how `poolscope-cli sweep` writes its result, shared by ps-cli-sweep.c
 * (progress and the main entry) and ps-cli-sweep-output.c (table, JSON, CSV). */
#pragma once

#include <glib.h>

#include "ps-engine.h"

G_BEGIN_DECLS

/* A value of the swept knob for people: rounded ("17.7 KiB", "158.1 µs"). */
void ps_cli_sweep_format_x (const PsSweepReport *report, double x, char *buf, size_t size);

char *ps_cli_sweep_to_json (const PsSweepConfig *config, const PsSweepReport *r,
                            const PsMachine *machine);
char *ps_cli_sweep_to_csv (const PsSweepReport *r);
/* @fresh_processes: whether each repetition ran in its own process, which the table says since it
 * decides what the intervals cover. */
char *ps_cli_sweep_to_table (const PsSweepReport *r, gboolean fresh_processes);

G_END_DECLS
