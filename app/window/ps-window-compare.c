/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-compare.c: PsWindow's history and Compare view. Every run and sweep of the session
 * becomes a PsRecord in a list; ticking two or more overlays them: sweeps of the same knob as
 * curves on one chart, runs as throughput bars, and a table side by side whose rows are the knobs
 * that differ, highlighted where the ticked records disagree. Each record can be run again with
 * its own settings. */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-record.h"
#include "ps-sweep-format.h"
#include "ps-window-private.h"

/* Knobs that describe how long or how a run is measured, not what it measures: a difference in
 * them is not a difference between two scenarios worth a table row. */
static gboolean
is_measurement_knob (PsKnob knob)
{
  return knob == PS_KNOB_TASKS || knob == PS_KNOB_DURATION || knob == PS_KNOB_WARMUP_TASKS
         || knob == PS_KNOB_WARMUP_TIME || knob == PS_KNOB_SAMPLE || knob == PS_KNOB_ORDER
         || knob == PS_KNOB_INTERLEAVE;
}

static char *
dup_knob_text (PsKnob            knob,
               const PsScenario *s)
{
  char value[64];

  ps_knob_format (ps_knob_info (knob), ps_knob_get (s, knob), value, sizeof value);
  return g_strdup (value);
}

/* "Threads 4, Payload 64 KiB": the knobs a record set away from the defaults. */
static char *
dup_differences_from_defaults (const PsScenario *s)
{
  PsScenario defaults;
  g_autoptr (GString) text = g_string_new (NULL);

  ps_scenario_init_defaults (&defaults);
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    if (!is_measurement_knob (k) && ps_knob_get (s, k) != ps_knob_get (&defaults, k))
      {
        g_autofree char *value = dup_knob_text (k, s);

        g_string_append_printf (text, "%s%s %s", text->len > 0 ? ", " : "",
                                _ps_window_knob_label (k), value);
      }
  if (text->len == 0)
    g_string_append (text, _("default knobs"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
dup_record_title (PsRecord *record)
{
  if (ps_record_get_kind (record) == PS_RECORD_SWEEP)
    {
      const PsSweepConfig *config = ps_sweep_session_get_config (ps_record_get_sweep (record));

      /* Translators: "#3 Sweep of Work per task · legacy, single" */
      return g_strdup_printf (_("#%u Sweep of %s · %s"), ps_record_get_number (record),
                              _ps_window_knob_label (config->knob),
                              ps_record_get_strategies (record));
    }
  /* Translators: "#2 Run · single, shared, pinned" */
  return g_strdup_printf (_("#%u Run · %s"), ps_record_get_number (record),
                          ps_record_get_strategies (record));
}

/* "#3": how records are named on the chart and in the table. */
static char *
dup_record_tag (PsRecord *record)
{
  return g_strdup_printf ("#%u", ps_record_get_number (record));
}

static void
on_record_toggled (GtkCheckButton *check,
                   PsWindow       *self)
{
  PsRecord *record = g_object_get_data (G_OBJECT (check), "ps-record");

  g_assert (PS_IS_WINDOW (self));

  if (gtk_check_button_get_active (check))
    g_ptr_array_add (self->compare_selected, g_object_ref (record));
  else
    g_ptr_array_remove (self->compare_selected, record);
  _ps_window_compare_update (self);
}

static GtkWidget *
create_record_row (gpointer item,
                   gpointer user_data)
{
  PsWindow *self = user_data;
  PsRecord *record = PS_RECORD (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *rerun = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  g_autofree char *title = dup_record_title (record);
  g_autofree char *knobs = dup_differences_from_defaults (ps_record_get_scenario (record));
  g_autofree char *time = g_date_time_format (ps_record_get_time (record), "%X");
  const char *recorded = ps_record_get_recorded (record);
  g_autofree char *subtitle = recorded != NULL ? g_strdup_printf ("%s · %s", recorded, knobs)
                                               : g_strdup_printf ("%s · %s", time, knobs);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (check), "ps-record", g_object_ref (record), g_object_unref);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_ptr_array_find (self->compare_selected, record, NULL));
  g_signal_connect (check, "toggled", G_CALLBACK (on_record_toggled), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  gtk_widget_set_valign (rerun, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (rerun, "flat");
  gtk_widget_set_tooltip_text (rerun, _("Run again with these settings"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (rerun), "win.rerun");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (rerun), "u", ps_record_get_number (record));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), rerun);
  return row;
}

/* ---- The overlay chart ----------------------------------------------------------------------- */

/* Whether every selected record is a sweep of one knob under one metric: their curves share
 * axes. */
static gboolean
sweeps_share_axes (GPtrArray *records)
{
  const PsSweepConfig *first = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      PsSweepSession *sweep = ps_record_get_sweep (records->pdata[i]);
      const PsSweepConfig *config;

      if (sweep == NULL)
        return FALSE;
      config = ps_sweep_session_get_config (sweep);
      if (first != NULL && (config->knob != first->knob || config->metric != first->metric))
        return FALSE;
      first = config;
    }
  return first != NULL;
}

static PsChartModel *
new_sweeps_overlay (GPtrArray *records)
{
  const PsSweepConfig *first = ps_sweep_session_get_config (ps_record_get_sweep (records->pdata[0]));
  const PsKnobInfo *info = ps_knob_info (first->knob);
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_XY);
  double scale;
  PsChartUnit x_unit = ps_sweep_knob_chart_unit (info, &scale);
  gboolean log_x = TRUE;

  for (guint i = 0; i < records->len; i++)
    log_x &= ps_sweep_session_get_config (ps_record_get_sweep (records->pdata[i]))->spacing
             == PS_SWEEP_LOG;
  ps_chart_model_set_title (model, _("Sweeps compared"));
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X,
                           log_x ? PS_CHART_SCALE_LOG : PS_CHART_SCALE_LINEAR,
                           x_unit, _ps_window_knob_label (first->knob));
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS,
                           ps_sweep_metric_label (first->metric));
  for (guint i = 0; i < records->len; i++)
    {
      PsRecord *record = records->pdata[i];
      const PsSweepReport *report = ps_sweep_session_get_report (ps_record_get_sweep (record));
      g_autofree char *tag = dup_record_tag (record);

      for (guint s = 0; s < report->n_series; s++)
        {
          const PsSweepSeries *series = &report->series[s];
          g_autofree char *name = g_strdup_printf ("%s %s", tag, series->strategy.name);
          guint index = ps_chart_model_add_series (model, name);

          for (guint p = 0; p < series->n_points; p++)
            ps_chart_model_append_interval (model, index, series->points[p].x * scale,
                                            series->points[p].mean_s, series->points[p].ci_low,
                                            series->points[p].ci_high);
        }
      for (guint c = 0; c < report->n_crossings; c++)
        {
          const PsSweepCrossing *x = &report->crossings[c];
          g_autofree char *label = g_strdup_printf ("%s %s ↔ %s", tag,
                                                    report->series[x->strategy].strategy.name,
                                                    report->series[x->reference].strategy.name);

          ps_chart_model_add_break_even (model, x->x * scale, x->x_low * scale,
                                         x->x_high * scale, label);
        }
    }
  return model;
}

/* Runs as bars: each strategy's whole-run throughput, whiskers from its slowest to its fastest
 * measured phase would need phases; the bar is the whole-run figure the table shows. */
static PsChartModel *
new_runs_bars (GPtrArray *records,
               guint     *skipped_sweeps)
{
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_BARS);

  ps_chart_model_set_title (model, _("Runs compared: throughput"));
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_RATE,
                           _("tasks/s, whole run"));
  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_Y, 0, NAN);
  *skipped_sweeps = 0;
  for (guint i = 0; i < records->len; i++)
    {
      PsRecord *record = records->pdata[i];
      const PsReport *report = ps_record_get_report (record);
      g_autofree char *tag = dup_record_tag (record);

      if (report == NULL)
        {
          (*skipped_sweeps)++;
          continue;
        }
      for (guint s = 0; s < report->n_strategies; s++)
        {
          g_autofree char *label = g_strdup_printf ("%s %s", tag,
                                                    report->strategies[s].strategy.name);

          ps_chart_model_add_bar (model, label, report->strategies[s].total.throughput_per_s,
                                  NAN, NAN);
        }
    }
  return model;
}

/* ---- The side-by-side table ------------------------------------------------------------------ */

static GtkWidget *
attach_cell (PsWindow   *self,
             guint       column,
             guint       row,
             const char *text,
             gboolean    emphasis)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  /* Not a Tab stop. can-focus, not focusable: GTK 4.8's selectable label takes the Tab press and
   * returns TRUE without taking focus when it is only unfocusable, so Tab stopped there for good
   * (found by test-window-keyboard). */
  gtk_widget_set_can_focus (label, FALSE);
  if (emphasis)
    gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (self->compare_grid, label, column, row, 1, 1);
  return label;
}

/* The record's crossings in one line each: "legacy ↔ single at 20.9 µs (12.1–46.4 µs)". */
static char *
dup_crossings_text (PsRecord *record)
{
  const PsSweepReport *report = ps_sweep_session_get_report (ps_record_get_sweep (record));
  const PsKnobInfo *info = ps_knob_info (report->knob);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint c = 0; c < report->n_crossings; c++)
    {
      const PsSweepCrossing *x = &report->crossings[c];
      char at[48], lo[48], hi[48];

      ps_knob_format_approx (info, x->x, at, sizeof at);
      ps_knob_format_approx (info, x->x_low, lo, sizeof lo);
      ps_knob_format_approx (info, x->x_high, hi, sizeof hi);
      /* Translators: "legacy ↔ single at 20.9 µs (12.1 µs–46.4 µs)" */
      g_string_append_printf (text, _("%s%s ↔ %s at %s (%s–%s)"), text->len > 0 ? "\n" : "",
                              report->series[x->strategy].strategy.name,
                              report->series[x->reference].strategy.name, at, lo, hi);
    }
  if (text->len == 0)
    g_string_append (text, _("none in range"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A row per knob that differs between the records or from the defaults, highlighted where the
 * records disagree; then what each measured. */
static void
fill_table (PsWindow  *self,
            GPtrArray *records)
{
  PsScenario defaults;
  GtkWidget *child;
  guint row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_grid))) != NULL)
    gtk_grid_remove (self->compare_grid, child);
  g_clear_pointer (&self->compare_highlighted, g_strfreev);
  if (records->len == 0)
    return;

  ps_scenario_init_defaults (&defaults);
  attach_cell (self, 0, row, "", TRUE);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *title = dup_record_title (records->pdata[i]);

      attach_cell (self, i + 1, row, title, TRUE);
    }
  row++;

  g_autoptr (GStrvBuilder) highlighted = g_strv_builder_new ();
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsScenario *s0 = ps_record_get_scenario (records->pdata[0]);
      gboolean differ = FALSE, from_defaults = FALSE;

      if (is_measurement_knob (k))
        continue;
      for (guint i = 0; i < records->len; i++)
        {
          const PsScenario *s = ps_record_get_scenario (records->pdata[i]);

          differ |= ps_knob_get (s, k) != ps_knob_get (s0, k);
          from_defaults |= ps_knob_get (s, k) != ps_knob_get (&defaults, k);
        }
      if (!differ && !from_defaults)
        continue;
      GtkWidget *label = attach_cell (self, 0, row, _ps_window_knob_label (k), differ);
      if (differ)
        {
          gtk_widget_add_css_class (label, "accent");
          g_strv_builder_add (highlighted, _ps_window_knob_label (k));
        }
      for (guint i = 0; i < records->len; i++)
        {
          g_autofree char *value = dup_knob_text (k, ps_record_get_scenario (records->pdata[i]));
          GtkWidget *cell = attach_cell (self, i + 1, row, value, differ);

          if (differ)
            gtk_widget_add_css_class (cell, "accent");
        }
      row++;
    }
  self->compare_highlighted = g_strv_builder_end (highlighted);

  attach_cell (self, 0, row, _("Measured"), TRUE);
  for (guint i = 0; i < records->len; i++)
    {
      PsRecord *record = records->pdata[i];
      const PsReport *report = ps_record_get_report (record);
      g_autoptr (GString) text = g_string_new (NULL);

      if (report == NULL)
        {
          g_autofree char *crossings = dup_crossings_text (record);

          g_string_append (text, crossings);
        }
      else
        for (guint s = 0; s < report->n_strategies; s++)
          g_string_append_printf (text, "%s%s %.0f tasks/s", s > 0 ? "\n" : "",
                                  report->strategies[s].strategy.name,
                                  report->strategies[s].total.throughput_per_s);
      attach_cell (self, i + 1, row, text->str, FALSE);
    }
}

/* Redraws the chart, the caption and the table for the ticked records. */
void
_ps_window_compare_update (PsWindow *self)
{
  g_autoptr (PsChartModel) model = NULL;
  g_autoptr (GString) caption = g_string_new (NULL);
  GPtrArray *records = self->compare_selected;

  g_assert (PS_IS_WINDOW (self));

  if (records->len == 0)
    {
      model = ps_chart_model_new (PS_CHART_KIND_BARS);
      ps_chart_model_set_title (model, _("Nothing ticked yet"));
      g_string_append (caption, _("Tick two or more runs or sweeps above to compare them."));
    }
  else if (sweeps_share_axes (records))
    {
      model = new_sweeps_overlay (records);
      /* xgettext:no-c-format */
      g_string_append (caption, _("Each sweep's curves, tagged with its number, on shared axes: "
                                  "the mean of each point with its 95% confidence band."));
    }
  else
    {
      guint skipped = 0;

      model = new_runs_bars (records, &skipped);
      g_string_append (caption, _("Whole-run throughput of each strategy of each run, tagged "
                                  "with the run's number."));
      if (skipped > 0)
        g_string_append (caption, _(" Sweeps are left out of the bars: tick only sweeps of the "
                                    "same knob to overlay their curves."));
    }
  g_string_append (caption, _(" Highlighted rows: knobs that differ between the ticked ones."));
  gtk_label_set_label (self->compare_caption, caption->str);
  g_clear_pointer (&self->compare_model, ps_chart_model_unref);
  self->compare_model = ps_chart_model_ref (model);
  ps_chart_set_model (self->compare_chart, model);
  ps_chart_queue_model_update (self->compare_chart);
  fill_table (self, records);
}

/* ---- History --------------------------------------------------------------------------------- */

/* Why the history keeps only PS_WINDOW_HISTORY_MAX results: a kept run holds its whole report
 * (about 85 KiB with a few live changes: each segment carries its scenario), so a long tuning
 * session of hundreds of runs grew the window by tens of MiB (bench-window-memory: 41.5 MiB over
 * 500 runs), and a list of more than a few dozen results is not one a person compares from.
 *
 * Drops the oldest results that are not ticked until the history is short enough. */
static void
trim_history (PsWindow *self)
{
  GListModel *history = G_LIST_MODEL (self->history);
  guint i = 0;

  while (g_list_model_get_n_items (history) > PS_WINDOW_HISTORY_MAX &&
         i < g_list_model_get_n_items (history))
    {
      g_autoptr (PsRecord) record = g_list_model_get_item (history, i);

      if (g_ptr_array_find (self->compare_selected, record, NULL))
        {
          i++;
          continue;
        }
      g_list_store_remove (self->history, i);
      if (!self->history_trim_told)
        {
          g_autofree char *message = g_strdup_printf (
            _("The history keeps the last %d results: older ones leave it unless ticked"),
            PS_WINDOW_HISTORY_MAX);

          self->history_trim_told = TRUE;
          _ps_window_toast (self, message);
        }
    }
}

static void
add_record (PsWindow *self,
            PsRecord *record)
{
  if (record == NULL)
    {
      _ps_window_toast (self, _("Out of memory: this result is not kept in the history"));
      return;
    }
  g_list_store_append (self->history, record);
  g_object_unref (record);
  trim_history (self);
}

void
_ps_window_history_add_run (PsWindow       *self,
                            const PsReport *report,
                            const char     *recorded)
{
  PsRecord *record;

  g_assert (PS_IS_WINDOW (self));

  record = ps_record_new_run (++self->n_records, report);
  if (record != NULL && recorded != NULL)
    ps_record_set_recorded (record, recorded);
  add_record (self, record);
}

void
_ps_window_history_add_sweep (PsWindow       *self,
                              PsSweepSession *sweep,
                              const char     *recorded)
{
  PsRecord *record;

  g_assert (PS_IS_WINDOW (self));

  record = ps_record_new_sweep (++self->n_records, sweep);
  if (recorded != NULL)
    ps_record_set_recorded (record, recorded);
  add_record (self, record);
}

static PsRecord *
find_record (PsWindow *self,
             guint     number)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->history)); i++)
    {
      g_autoptr (PsRecord) record = g_list_model_get_item (G_LIST_MODEL (self->history), i);

      if (ps_record_get_number (record) == number)
        return record;
    }
  return NULL;
}

/* win.rerun (u): puts the record's knobs and strategies back in the sidebar (each change
 * undoable) and runs it again; a sweep also gets its knob and range back. */
void
_ps_window_rerun (PsWindow *self,
                  guint     number)
{
  PsRecord *record = find_record (self, number);
  const PsScenario *s;

  g_assert (PS_IS_WINDOW (self));

  if (record == NULL || _ps_window_is_busy (self))
    return;
  s = ps_record_get_scenario (record);
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    _ps_window_apply_knob (self, k, ps_knob_get (s, k), TRUE);
  _ps_window_select_strategies (self, s);
  if (ps_record_get_kind (record) == PS_RECORD_SWEEP)
    {
      _ps_window_sweep_show_config (self, ps_sweep_session_get_config (ps_record_get_sweep (record)));
      gtk_widget_activate_action (GTK_WIDGET (self), "win.sweep", NULL);
    }
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.run", NULL);
}

void
_ps_window_compare_init (PsWindow *self)
{
  GtkWidget *placeholder = gtk_label_new (_("Every run and sweep you make appears here."));

  g_assert (PS_IS_WINDOW (self));

  self->history = g_list_store_new (PS_TYPE_RECORD);
  self->compare_selected = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->compare_list, placeholder);
  gtk_list_box_bind_model (self->compare_list, G_LIST_MODEL (self->history), create_record_row,
                           self, NULL);
  _ps_window_compare_update (self);
}

void
_ps_window_compare_dispose (PsWindow *self)
{
  if (self->compare_list != NULL)
    gtk_list_box_bind_model (self->compare_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->history);
  g_clear_pointer (&self->compare_selected, g_ptr_array_unref);
  g_clear_pointer (&self->compare_model, ps_chart_model_unref);
  g_clear_pointer (&self->compare_highlighted, g_strfreev);
}

/* Test hooks. */
gboolean
ps_window_select_record (PsWindow *self,
                         guint     number,
                         gboolean  selected)
{
  PsRecord *record;
  GtkListBoxRow *row;

  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  record = find_record (self, number);
  if (record == NULL)
    return FALSE;
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->compare_list, i)) != NULL; i++)
    {
      GtkWidget *check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

      if (g_object_get_data (G_OBJECT (check), "ps-record") == record)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), selected);
          return TRUE;
        }
    }
  return FALSE;
}

guint
ps_window_get_n_records (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->history));
}

PsChartModel *
ps_window_get_compare_model (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return self->compare_model;
}

/* Returns: (transfer none): the labels of the table's highlighted knob rows. */
const char *const *
ps_window_get_compare_highlighted (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return (const char *const *) self->compare_highlighted;
}
