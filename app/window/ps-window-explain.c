/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-explain.c: PsWindow's "What This Shows" list: the findings of ps-explain.h for the
 * run the table shows, one sentence a row. Activating a row shows the chart its evidence is on
 * with only its strategy drawn; activating it again draws every strategy again.
 */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-explain.h"
#include "ps-what-if.h"
#include "ps-window-private.h"

/* The model of the live view that draws @chart: the throughput chart or a second measure. */
static PsChartModel *
model_for_chart (PsWindow   *self,
                 PsRunChart  chart)
{
  if (chart == PS_RUN_CHART_THROUGHPUT)
    return self->throughput_model;
  return self->measure_models[chart - 1];
}

static void
show_every_series (PsChartModel *model)
{
  for (guint i = 0; model != NULL && i < ps_chart_model_get_n_series (model); i++)
    ps_chart_model_set_series_visible (model, i, TRUE);
}

static void
restore_highlight (PsWindow *self)
{
  show_every_series (self->throughput_model);
  for (guint m = 0; m < PS_N_MEASURES; m++)
    show_every_series (self->measure_models[m]);
  self->highlighted_finding = -1;
}

/* Shows finding @index's chart with its strategy alone (a finding about the whole run keeps
 * every series), or, when it is already shown so, every strategy again. */
static void
highlight_finding (PsWindow *self,
                   int       index)
{
  const PsFinding *finding;
  PsChartModel *model;
  const char *strategy;
  gboolean again = self->highlighted_finding == index;

  restore_highlight (self);
  if (again || self->findings == NULL || index < 0 || (guint) index >= self->findings->len)
    goto redraw;
  finding = &g_array_index (self->findings, PsFinding, index);
  if (finding->chart != PS_RUN_CHART_THROUGHPUT)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.measure", "s",
                                _ps_window_measure_name (finding->chart - 1));
  model = model_for_chart (self, finding->chart);
  strategy = finding->strategy >= 0 && self->shown_report != NULL
               ? self->shown_report->strategies[finding->strategy].strategy.name : NULL;
  /* A strategy's raw points and its slice-mean trend share its name: both stay. */
  for (guint i = 0; strategy != NULL && model != NULL && i < ps_chart_model_get_n_series (model);
       i++)
    ps_chart_model_set_series_visible (model, i,
                                       g_strcmp0 (ps_chart_model_get_series_name (model, i),
                                                  strategy) == 0);
  self->highlighted_finding = index;
  gtk_widget_grab_focus (finding->chart == PS_RUN_CHART_THROUGHPUT
                           ? GTK_WIDGET (self->throughput_chart)
                           : GTK_WIDGET (self->measure_chart));
redraw:
  ps_chart_queue_model_update (self->throughput_chart);
  ps_chart_queue_model_update (self->measure_chart);
}

static void
on_finding_activated (GtkListBox    *list,
                      GtkListBoxRow *row,
                      PsWindow      *self)
{
  highlight_finding (self, gtk_list_box_row_get_index (row));
}

static GtkWidget *
finding_row (const PsFinding     *finding,
             const PsExplainRule *rule)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (finding->text);
  g_autofree char *tooltip = NULL;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  if (rule != NULL)
    {
      /* Translators: a finding's tooltip: the rule's name, then why its threshold sits there */
      tooltip = g_strdup_printf (_("%s: %s Activate to see its chart; again to see every "
                                   "strategy."), _(rule->title), _(rule->threshold_reason));
      gtk_widget_set_tooltip_text (row, tooltip);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  finding->text, -1);
  return row;
}

static const PsExplainRule *
find_rule (const char *id)
{
  guint n_rules;
  const PsExplainRule *rules = ps_explain_rules (&n_rules);

  for (guint i = 0; i < n_rules; i++)
    if (g_strcmp0 (rules[i].id, id) == 0)
      return &rules[i];
  return NULL;
}

/* Beside each shared pool's measured wait share, the closed-system model's: N CPU-bound threads
 * sharing k isolates wait (N − k)/N of the time. Drawn dashed across the run once it has ended
 * (from the knobs of its last segment), so the two can be read against each other. */
static void
draw_wait_models (PsWindow       *self,
                  const PsReport *report)
{
  PsChartModel *model = self->measure_models[PS_MEASURE_WAIT];
  double end;

  if (model == NULL || !ps_chart_model_get_data_end (model, &end))
    return;
  for (guint i = 0; i < report->n_strategies && i < ps_chart_model_get_n_series (model); i++)
    {
      const PsStrategyReport *st = &report->strategies[i];
      PsScenario s = report->scenario;
      g_autofree char *name = NULL;
      guint curve;
      double expected;

      if (st->strategy.isolates_mode != PS_ISOLATES_SHARED_POOL)
        continue;
      if (st->n_segments > 0)
        s = st->segments[st->n_segments - 1].scenario;
      else
        ps_strategy_apply_knobs (&st->strategy, &s);
      if (s.threads <= s.isolates)
        continue;
      expected = 100.0 * (s.threads - s.isolates) / s.threads;
      /* Translators: the legend of a model line, e.g. "shared: (N − k)/N" */
      name = g_strdup_printf (_("%s: (N − k)/N"), st->strategy.name);
      curve = ps_chart_model_add_model_curve (model, name, i);
      ps_chart_model_append (model, curve, 0, expected);
      ps_chart_model_append (model, curve, end, expected);
    }
}

/* Lists what @report's numbers show; the heading and list hide when nothing stands out. */
void
_ps_window_explain_show (PsWindow       *self,
                         const PsReport *report)
{
  GtkWidget *child;

  g_assert (PS_IS_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->explain_list))) != NULL)
    gtk_list_box_remove (self->explain_list, child);
  g_clear_pointer (&self->findings, g_array_unref);
  self->highlighted_finding = -1;
  draw_wait_models (self, report);
  self->findings = ps_explain_report (report);
  if (self->preset != NULL)
    ps_explain_published (self->findings, self->preset, report);
  for (guint i = 0; i < self->findings->len; i++)
    {
      const PsFinding *finding = &g_array_index (self->findings, PsFinding, i);

      gtk_list_box_append (self->explain_list, finding_row (finding, find_rule (finding->rule)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->explain_heading), self->findings->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->explain_list), self->findings->len > 0);
}

/* "What if": what the models predict for the sidebar's scenario, shown under the pinned knobs so
 * a moving knob shows its prediction before a run confirms it. */
void
_ps_window_what_if_update (PsWindow *self)
{
  const PsSweepReport *sweep = self->sweep_session != NULL
                                 ? ps_sweep_session_get_report (self->sweep_session) : NULL;
  g_autofree char *prediction = NULL;
  g_autofree char *text = NULL;

  g_assert (PS_IS_WINDOW (self));

  prediction = ps_what_if (&self->scenario, g_get_num_processors (), sweep);
  if (prediction[0] != '\0')
    /* Translators: the models' predictions for the knobs as they are, before a run */
    text = g_strdup_printf (_("What if: %s"), prediction);
  adw_preferences_group_set_description (self->pinned_knobs, text);
}

void
_ps_window_explain_init (PsWindow *self)
{
  self->highlighted_finding = -1;
  g_signal_connect (self->explain_list, "row-activated", G_CALLBACK (on_finding_activated), self);
}

void
_ps_window_explain_dispose (PsWindow *self)
{
  g_clear_pointer (&self->findings, g_array_unref);
}

/* Test hook: activates the @index-th finding's row, as a click would. */
void
ps_window_activate_finding (PsWindow *self,
                            guint     index)
{
  GtkListBoxRow *row;

  g_return_if_fail (PS_IS_WINDOW (self));

  row = gtk_list_box_get_row_at_index (self->explain_list, (int) index);
  if (row != NULL)
    g_signal_emit_by_name (self->explain_list, "row-activated", row);
}
