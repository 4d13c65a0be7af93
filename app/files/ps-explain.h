/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-explain.h: plain sentences that say what a run's numbers show and why, every number taken
 * from the run.
 *
 * Each rule (ps_explain_rules()) is data: an id, the chart its evidence is on, a threshold and
 * the reason for that threshold, and a check that reads one strategy's result (or the whole run)
 * and, when the threshold is crossed, writes a finding: the sentence and the figures it used.
 * The CLI prints findings under its table and as JSON "explanation"; the window lists them, and
 * a finding names the chart and strategy to highlight.
 *
 * Thread: any.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ps-engine.h"
#include "ps-preset.h"
#include "ps-run-charts.h"

G_BEGIN_DECLS

#define PS_FINDING_MAX_FIGURES 6

typedef struct
{
  const char *name;  /* "wait_share_pct" */
  double value;
  const char *unit;  /* "%", "µs", "×", "" */
} PsFindingFigure;

typedef struct
{
  const char *rule;       /* the rule's id, "lock-bound" */
  int strategy;           /* index into the report's strategies, or -1 for the whole run */
  PsRunChart chart;       /* where the evidence is drawn */
  char *text;             /* the sentence */
  guint n_figures;
  PsFindingFigure figures[PS_FINDING_MAX_FIGURES];
} PsFinding;

typedef struct _PsExplainRule PsExplainRule;

struct _PsExplainRule
{
  const char *id;
  const char *title;            /* "Lock-bound" */
  PsRunChart chart;
  double threshold;
  const char *threshold_reason; /* why the threshold sits there */
  gboolean per_strategy;        /* checked for each strategy, else once for the run */
  /* Returns: whether it fires for strategy @i (or the run), filling @out's text and figures. */
  gboolean (*check) (const PsExplainRule *rule, const PsReport *report, guint i, PsFinding *out);
};

/* Returns: (array length=n_rules): every rule, in the order findings are listed. */
const PsExplainRule *ps_explain_rules (guint *n_rules);

/* Returns: (transfer full) (element-type PsFinding): an empty list that frees its findings' texts
 * with it (g_array_unref()). */
GArray *ps_findings_new (void);

/**
 * ps_explain_report:
 *
 * Returns: (transfer full) (element-type PsFinding): what each rule found in @report, most
 * specific first; empty when nothing stands out. Free with g_array_unref().
 */
GArray *ps_explain_report (const PsReport *report);

/**
 * ps_explain_published:
 * @findings: (element-type PsFinding): where to add what it finds (from ps_findings_new() or
 *   ps_explain_report(), so that the texts are freed with it)
 *
 * For each measure @preset published for two or more of @report's strategies: whether this run
 * orders the strategies as the source did (rule "published-shape"), and where it does not, the
 * likely reasons (fewer cores than threads, isolate creation costed on this machine, the seed's
 * own code as the preset's description tells it).
 */
void ps_explain_published (GArray *findings, const PsPreset *preset, const PsReport *report);

/* Returns: (transfer full): [{rule, strategy (name or null), chart, text, figures {…}}]. */
JsonNode *ps_explain_to_json (const PsReport *report, const GArray *findings);

/* Returns: (transfer full): "Findings:" and one indented paragraph each, or "" without any. */
char *ps_explain_to_text (const GArray *findings);

G_END_DECLS
