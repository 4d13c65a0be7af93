/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-scenario.h: command-line options for every scenario knob, parsed into a PsScenario.
 *
 * The options are generated from the knob table (ps-knobs.h), so a knob added there gets a long
 * option, its --help sentence, its range check and its error message without touching the CLI.
 * Besides one option per knob it understands:
 *   --strategy LIST         named strategies or DISPATCH+ISOLATES pairs, comma separated
 *   --dispatch, --isolates-mode   one custom pair, appended to the strategies
 *   --acquire spin:100us    the acquire mode and the spin interval in one go
 *   --interleave 200ms      also selects --order interleaved
 *   --warmup 2s             a time with a unit sets --warmup-time instead of a task count
 *   --duration 5s           alone drops the default task count and task warm-up
 *   --preset NAME|FILE      a preset's strategies and knobs, as if typed at that point
 * and, with PS_CLI_SCENARIO_OUTPUT_OPTIONS, --format table|json|csv and --progress.
 *
 * Typical use, also by `poolscope-cli sweep`:
 *
 *   g_autoptr(PsCliScenario) cli = ps_cli_scenario_new (PS_CLI_SCENARIO_OUTPUT_OPTIONS);
 *   g_autoptr(GOptionContext) context = g_option_context_new ("- run strategies");
 *   g_autoptr(GError) error = NULL;
 *
 *   g_option_context_set_main_group (context, ps_cli_scenario_new_option_group (cli));
 *   if (!g_option_context_parse_strv (context, &args, &error)
 *       || !ps_cli_scenario_finish (cli, TRUE, &error))
 *     return ps_cli_usage_error (error);
 *
 * Thread: a PsCliScenario belongs to the thread that created it (the CLI's main thread).
 */
#pragma once

#include <glib.h>

#include "ps-engine.h"
#include "ps-preset-store.h"
#include "ps-report-format.h"

G_BEGIN_DECLS

typedef enum
{
  PS_CLI_SCENARIO_KNOBS_ONLY = 0,
  PS_CLI_SCENARIO_OUTPUT_OPTIONS = 1 << 0, /* add --format and --progress */
} PsCliScenarioFlags;

typedef struct _PsCliScenario PsCliScenario;

/* Returns: (transfer full): option state holding the default scenario. */
PsCliScenario *ps_cli_scenario_new (PsCliScenarioFlags flags);

void ps_cli_scenario_free (PsCliScenario *self);

/**
 * ps_cli_scenario_new_option_group:
 *
 * Returns: (transfer full): a group with every option; give it to a GOptionContext, usually as the
 * main group (so --help lists every knob). The caller may add its own entries to it. @self must
 * outlive the context, since the entries point into it.
 */
GOptionGroup *ps_cli_scenario_new_option_group (PsCliScenario *self);

/* Returns: the text for g_option_context_set_description (): the measures and examples. */
const char *ps_cli_scenario_get_description (void);

/**
 * ps_cli_scenario_finish:
 * @validate: whether to run ps_scenario_validate () (a sweep may validate each point instead)
 * @error: set to one line naming the knob, its allowed range and what was given
 *
 * Applies what options imply for each other (see the top of this file), then validates. Call it
 * once, after g_option_context_parse ().
 *
 * Returns: %TRUE when the scenario is ready to run.
 */
gboolean ps_cli_scenario_finish (PsCliScenario *self, gboolean validate, GError **error);

/* Returns: (transfer none): the scenario, which the caller may still adjust. */
PsScenario *ps_cli_scenario_get_scenario (PsCliScenario *self);

/* Whether the knob's option appeared on the command line (as opposed to its default). */
gboolean ps_cli_scenario_was_given (PsCliScenario *self, PsKnob knob);

/* Returns: (transfer none) (nullable): the preset of the last --preset, if any. */
const PsStoredPreset *ps_cli_scenario_get_preset (PsCliScenario *self);

PsReportFormat ps_cli_scenario_get_format (PsCliScenario *self);

/* Whether --progress was given (the caller also shows progress when stderr is a terminal). */
gboolean ps_cli_scenario_get_progress (PsCliScenario *self);

/* Prints "poolscope-cli: MESSAGE" as one line on stderr.
 * Returns: 2, the exit code for bad arguments. */
int ps_cli_usage_error (const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsCliScenario, ps_cli_scenario_free)

G_END_DECLS
