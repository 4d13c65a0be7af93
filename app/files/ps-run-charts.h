/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-run-charts.h: the charts of one run, built the same way for the window, the results files
 * it reopens and the export bundles of poolscope-cli.
 *
 * The time charts get one point per live sample and series per strategy; the histogram is the
 * run's whole latency distribution from its report. Titles and axis labels are translated where
 * the program set up gettext (the window), English otherwise (the CLI).
 *
 * Thread: any; a model belongs to its caller.
 */
#pragma once

#include "ps-charts.h"
#include "ps-engine.h"

G_BEGIN_DECLS

typedef enum
{
  PS_RUN_CHART_THROUGHPUT,
  PS_RUN_CHART_P99,
  PS_RUN_CHART_WAIT,
  PS_RUN_CHART_HOLD,
  PS_RUN_CHART_RUNNABLE,
  PS_RUN_CHART_HISTOGRAM,
  PS_N_RUN_CHARTS,
} PsRunChart;

/* The charts that follow the run sample by sample: all but the histogram. */
#define PS_N_RUN_TIME_CHARTS PS_RUN_CHART_HISTOGRAM

/* Returns: a stable short name: "throughput", "p99", "wait", "hold", "runnable", "histogram". */
const char *ps_run_chart_name (PsRunChart chart);

/* Returns: (transfer full): one line of the knobs that matter ("2 threads · 2 isolates · …"). */
char *ps_run_scenario_summary (const PsScenario *s);

/* Returns: (transfer full): an empty chart of @chart for a run of @s, a series per strategy. */
PsChartModel *ps_run_chart_new (PsRunChart chart, const PsScenario *s);

/* Appends @sample's figure for @chart to its strategy's series. Returns: %FALSE when the sample
 * has none (no task finished in the period, so no latency) or @chart is the histogram. */
gboolean ps_run_chart_append (PsChartModel *model, PsRunChart chart, const PsSample *sample);

/* Fills the histogram chart from each strategy's whole-run latency bins. */
void ps_run_chart_show_histogram (PsChartModel *model, const PsReport *report);

G_END_DECLS
