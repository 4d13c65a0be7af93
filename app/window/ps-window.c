/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window.c: PsWindow itself: its template, its settings, and a run's start and end.
 *
 * The window keeps one PsScenario that the sidebar edits; Run copies it into a PsSession, and
 * while that session runs, live knobs go straight to the engine. The sidebar lives in
 * ps-window-knobs.c, the live charts in ps-window-charts.c, the results table in
 * ps-window-results.c and the actions (run, stop, undo, export) in ps-window-actions.c.
 */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-published.h"
#include "ps-run-charts.h"
#include "ps-window-private.h"

G_DEFINE_FINAL_TYPE (PsWindow, ps_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_MEASURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const measure_names[PS_N_MEASURES] = PS_MEASURE_NAMES;

const char *
_ps_window_measure_name (PsMeasure measure)
{
  return measure < PS_N_MEASURES ? measure_names[measure] : NULL;
}

void
_ps_window_toast (PsWindow   *self,
                  const char *message)
{
  AdwToast *toast;

  g_assert (PS_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A message in the window, for what happens outside it (a file given on the command line). */
void
ps_window_toast (PsWindow   *self,
                 const char *message)
{
  g_return_if_fail (PS_IS_WINDOW (self));

  _ps_window_toast (self, message);
}

/* Where the Published column's figures come from, when the preset has any for @report. */
static void
append_published (GString        *caption,
                  const PsPreset *preset,
                  const PsReport *report)
{
  g_autoptr (GArray) comparisons = ps_published_compare (preset, report);

  if (comparisons->len == 0)
    return;
  /* Translators: the source of a preset's published figures, e.g. "OpenWorkers, table 2" */
  g_string_append_printf (caption, _(" Published: %s. The ratio is measured ÷ published; the "
                                     "machines differ, so compare the strategies' ratios, not "
                                     "the absolute figures."),
                          preset->source[0] != '\0' ? preset->source : preset->title);
}

/* A figure measured while other processes took the CPUs is partly theirs: one sentence names
 * every strategy that ran on a busy machine and how much the others took (one sentence per
 * strategy repeated itself, and What This Shows says it per strategy already). */
static void
append_busy_machine (GString        *caption,
                     const PsReport *report)
{
  g_autoptr (GString) names = g_string_new (NULL);
  int least = G_MAXINT, most = 0;
  guint n_busy = 0;

  for (guint i = 0; i < report->n_strategies; i++)
    {
      double pct = report->strategies[i].total.interference.other_cpu_pct;

      if (!(pct > PS_INTERFERENCE_BUSY_PCT))
        continue;
      if (n_busy++ > 0)
        g_string_append (names, ", ");
      g_string_append (names, report->strategies[i].strategy.name);
      least = MIN (least, (int) round (pct));
      most = MAX (most, (int) round (pct));
    }
  if (n_busy == 1)
    g_string_append_printf (caption,
                            _(" The machine was busy while %s ran: other processes used %d%% of "
                              "its CPUs, so its figures may be off."),
                            names->str, most);
  else if (n_busy > 1 && least == most)
    g_string_append_printf (caption,
                            /* Translators: %s lists strategies, e.g. "single, shared, pinned" */
                            _(" The machine was busy while %s ran: other processes used %d%% of "
                              "its CPUs, so their figures may be off."),
                            names->str, most);
  else if (n_busy > 1)
    g_string_append_printf (caption,
                            /* Translators: %s lists strategies, e.g. "single, shared, pinned";
                             * then the least and the most the other processes used */
                            _(" The machine was busy while %s ran: other processes used %d–%d%% "
                              "of its CPUs, so their figures may be off."),
                            names->str, least, most);
}

/**
 * _ps_window_show_report:
 *
 * Fills the results table, the latency histogram and the caption for @report: a run that just
 * finished, or one opened from a results file.
 *
 * Returns: whether any strategy measured a task.
 */
gboolean
_ps_window_show_report (PsWindow       *self,
                        const PsReport *report)
{
  g_autoptr (GString) caption = g_string_new (NULL);
  gboolean measured = FALSE, has_single = FALSE;

  g_assert (PS_IS_WINDOW (self));

  g_clear_pointer (&self->shown_report, ps_report_free);
  self->shown_report = ps_report_copy (report);
  _ps_window_update_actions (self);
  _ps_window_fill_results (self, report);
  _ps_window_charts_show_histogram (self, report);
  for (guint i = 0; i < report->n_strategies; i++)
    measured |= report->strategies[i].total.tasks_completed > 0;
  g_string_append (caption, _("Whole run, warm-up left out. Hover a column heading for how "
                              "it is measured."));
  if (!measured)
    g_string_append (caption, _(" The run stopped during the warm-up, so nothing was "
                                "measured."));
  if (_ps_window_results_have_segments (self))
    g_string_append (caption, _(" The indented rows split a strategy's run at each live "
                                "knob change: the knobs in force from that time on. Their "
                                "latency shows only when one time slice measured the whole "
                                "stretch: slices' percentiles do not add up."));
  for (guint i = 0; i < report->n_strategies; i++)
    has_single |= g_strcmp0 (report->strategies[i].strategy.name, "single") == 0;
  if (!has_single)
    g_string_append (caption, _(" Speedup is “—” because single, the one-thread baseline it "
                                "divides by, was not in the race."));
  if (report->samples_dropped > 0)
    {
      /* xgettext cannot read G_GUINT64_FORMAT: the count goes in as text. */
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, report->samples_dropped);

      g_string_append_printf (caption,
                              ngettext (" %s live sample was dropped because the window "
                                        "fell behind; the table is complete.",
                                        " %s live samples were dropped because the window "
                                        "fell behind; the table is complete.",
                                        (gulong) MIN (report->samples_dropped, G_MAXULONG)),
                              count);
    }
  append_busy_machine (caption, report);
  if (self->preset != NULL)
    append_published (caption, self->preset, report);
  gtk_label_set_label (self->results_caption, caption->str);
  _ps_window_explain_show (self, report);
  _ps_window_lessons_check (self);
  gtk_widget_set_visible (GTK_WIDGET (self->results_box), TRUE);
  return measured;
}

static void
on_session_finished (PsSession *session,
                     gboolean   completed,
                     PsWindow  *self)
{
  const PsReport *report = ps_session_get_report (session);

  g_assert (PS_IS_WINDOW (self));

  _ps_window_slice_means_flush (self);
  /* The charts stop following and the buttons swap through notify::running, which follows. */
  if (report != NULL)
    {
      char wall[48];
      double longest = 0;

      for (guint i = 0; i < report->n_strategies; i++)
        longest = MAX (longest, report->strategies[i].total.wall_s);
      ps_units_format_duration (longest * NS_PER_S, wall, sizeof wall);
      /* A run that measured something joins the history, for Compare and re-runs. */
      if (_ps_window_show_report (self, report))
        _ps_window_history_add_run (self, report, NULL);
      if (completed)
        {
          g_autofree char *status = g_strdup_printf (_("Finished: %s measured per strategy"),
                                                     wall);
          gtk_label_set_label (self->status_label, status);
        }
    }
  if (!completed)
    {
      gtk_label_set_label (self->status_label,
                           _("Stopped early: the results cover only the part that ran"));
      _ps_window_toast (self, _("Run stopped"));
    }
}

static void
on_session_running (PsSession  *session,
                    GParamSpec *pspec,
                    PsWindow   *self)
{
  g_assert (PS_IS_WINDOW (self));

  _ps_window_update_actions (self);
}

static gboolean
progress_to_text (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_take_string (to, g_strdup_printf (_("%.0f %%"), 100 * g_value_get_double (from)));
  return TRUE;
}

/**
 * _ps_window_begin_run:
 *
 * Shows @session's run: fresh charts, the live view, and the session's signals wired up. The
 * window takes a reference and the caller starts the session.
 */
void
_ps_window_begin_run (PsWindow  *self,
                      PsSession *session)
{
  const PsScenario *s = ps_session_get_scenario (session);
  g_autofree char *status = NULL;

  g_assert (PS_IS_WINDOW (self));
  g_assert (PS_IS_SESSION (session));

  g_set_object (&self->session, session);
  _ps_window_charts_begin_run (self, s);
  /* From here the session's signals and its running and progress drive the window. */
  g_signal_group_set_target (self->session_signals, session);
  g_binding_group_set_source (self->session_bindings, session);

  _ps_window_clear_results (self);
  gtk_widget_set_visible (GTK_WIDGET (self->results_box), FALSE);
  status = ps_run_scenario_summary (s);
  gtk_label_set_label (self->status_label, status);
  gtk_stack_set_visible_child_name (self->main_stack, "live");
}

gboolean
_ps_window_is_running (PsWindow *self)
{
  g_assert (PS_IS_WINDOW (self));

  return self->session != NULL && ps_session_is_running (self->session);
}

/* Whether a run or a sweep is measuring. */
gboolean
_ps_window_is_busy (PsWindow *self)
{
  return _ps_window_is_running (self) || _ps_window_is_sweeping (self);
}

/* The one place action states are decided. Called when PsSession:running changes and when the
 * window's own state (strategies, undo history) does. */
void
_ps_window_update_actions (PsWindow *self)
{
  gboolean busy = _ps_window_is_busy (self);

  g_assert (PS_IS_WINDOW (self));

  _ps_window_set_action_enabled (self, "run", !busy && self->scenario.n_strategies > 0);
  _ps_window_set_action_enabled (self, "sweep", !busy && self->scenario.n_strategies > 0);
  _ps_window_set_action_enabled (self, "stop", busy);
  /* One run or sweep at a time: they would measure each other. */
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), !busy);
  _ps_window_set_action_enabled (self, "undo-knob", self->undo->len > 0);
  /* What the table shows, whether it ran here or came from a results file. */
  _ps_window_set_action_enabled (self, "export-results", !busy && self->shown_report != NULL);
  _ps_window_set_action_enabled (self, "save-results", !busy && self->shown_report != NULL);
  _ps_window_set_action_enabled (self, "export-bundle", !busy && self->shown_report != NULL);
  _ps_window_set_action_enabled (self, "export-chart",
                                 self->throughput_model != NULL || self->sweep_session != NULL);
  _ps_window_update_sidebar_sensitivity (self);
  _ps_window_what_if_update (self);
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
ps_window_dispose (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  /* Disposing the session stops and joins the run; nothing may call back into us after. */
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->session_bindings != NULL)
    g_binding_group_set_source (self->session_bindings, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session_bindings);
  g_clear_object (&self->session);
  g_clear_object (&self->strategy_prefixes);
  _ps_window_sweep_dispose (self);
  _ps_window_compare_dispose (self);
  _ps_window_files_dispose (self);
  _ps_window_explain_dispose (self);
  _ps_window_lessons_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_WINDOW);
  G_OBJECT_CLASS (ps_window_parent_class)->dispose (object);
}

static void
ps_window_finalize (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    g_clear_pointer (&self->editors[k].error, g_free);
  g_clear_pointer (&self->undo, g_array_unref);
  g_clear_pointer (&self->run_summary, g_free);
  if (self->live_changes != NULL)
    g_string_free (g_steal_pointer (&self->live_changes), TRUE);
  g_clear_pointer (&self->throughput_model, ps_chart_model_unref);
  for (guint m = 0; m < PS_N_MEASURES; m++)
    g_clear_pointer (&self->measure_models[m], ps_chart_model_unref);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ps_window_parent_class)->finalize (object);
}

static void
ps_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PsWindow *self = PS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MEASURE:
      g_value_set_string (value, _ps_window_measure_name (self->measure));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PsWindow *self = PS_WINDOW (object);
  const char *name;

  switch (prop_id)
    {
    case PROP_MEASURE:
      name = g_value_get_string (value);
      for (guint m = 0; m < PS_N_MEASURES; m++)
        if (g_strcmp0 (name, measure_names[m]) == 0 && m != self->measure)
          {
            self->measure = m;
            _ps_window_show_measure (self);
            g_object_notify_by_pspec (object, pspec);
          }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_window_class_init (PsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_window_dispose;
  object_class->finalize = ps_window_finalize;
  object_class->get_property = ps_window_get_property;
  object_class->set_property = ps_window_set_property;

  /**
   * PsWindow:measure:
   *
   * What the second chart shows: "p99", "wait" or "hold". The state of win.measure, which the
   * dropdown and the main menu both change.
   */
  properties[PROP_MEASURE] =
    g_param_spec_string ("measure", NULL, NULL, measure_names[PS_MEASURE_P99],
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PS_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/poolscope/Poolscope/ps-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, view_switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, view_switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, explain_heading);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, explain_list);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_knob_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_from_entry);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_to_entry);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_points_spin);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_log_check);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_error_label);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_status_label);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_findings_label);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_chart);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sweep_contention_chart);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, compare_list);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, compare_caption);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, compare_chart);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, compare_grid);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sidebar_page);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, pinned_knobs);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, throughput_chart);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, measure_chart);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, measure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, measure_caption);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, results_box);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, results_grid);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, results_caption);
}

static void
ps_window_init (PsWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  self->undo = g_array_new (FALSE, FALSE, sizeof (PsKnobUndo));
  self->samples = g_array_new (FALSE, FALSE, sizeof (PsSample));
  self->warmup_t0 = self->warmup_t1 = NAN;
  self->measure = PS_MEASURE_P99;

  _ps_window_add_actions (self);
  _ps_window_files_add_actions (self);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (PS_TYPE_SESSION);
  g_signal_group_connect (self->session_signals, "finished",
                          G_CALLBACK (on_session_finished), self);
  g_signal_group_connect (self->session_signals, "notify::running",
                          G_CALLBACK (on_session_running), self);

  /* Created here rather than in the .ui file: GtkBuilder cannot bind to a session that comes
   * and goes. Without a session the template's initial state stands. */
  self->session_bindings = g_binding_group_new ();
  g_binding_group_bind (self->session_bindings, "running", self->throughput_chart, "live",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->session_bindings, "running", self->measure_chart, "live",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->session_bindings, "progress", self->progress_bar, "fraction",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->session_bindings, "progress", self->progress_bar, "text",
                             G_BINDING_SYNC_CREATE, progress_to_text, NULL, NULL, NULL);

  /* Without the installed schema (running from a build tree by hand) the window still works;
   * it just does not remember anything. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.poolscope.Poolscope", TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_settings_bind (self->settings, "window-width", self, "default-width",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized",
                       G_SETTINGS_BIND_DEFAULT);
    }
  else
    g_debug ("GSettings schema org.poolscope.Poolscope not found; settings are not kept");

  _ps_window_load_scenario (self);
  _ps_window_build_sidebar (self);
  _ps_window_charts_init (self);
  _ps_window_sweep_init (self);
  _ps_window_compare_init (self);
  _ps_window_explain_init (self);
  _ps_window_lessons_init (self);
  _ps_window_update_actions (self);
}

/**
 * ps_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new window
 */
PsWindow *
ps_window_new (GtkApplication *application)
{
  return g_object_new (PS_TYPE_WINDOW, "application", application, NULL);
}

/**
 * ps_window_get_scenario:
 * @self: a window
 *
 * Returns: (transfer none): the scenario the sidebar shows, which the next run will use
 */
const PsScenario *
ps_window_get_scenario (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return &self->scenario;
}

/**
 * ps_window_get_session:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the current or last run's session
 */
PsSession *
ps_window_get_session (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * ps_window_get_knob_editor:
 * @self: a window
 * @knob: a knob
 *
 * Returns: (transfer none) (nullable): the knob's editor (a GtkSpinButton, GtkSwitch or
 *   AdwComboRow), or %NULL when the sidebar does not show that knob
 */
GtkWidget *
ps_window_get_knob_editor (PsWindow *self,
                           PsKnob    knob)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);
  g_return_val_if_fail ((guint) knob < PS_KNOB_COUNT, NULL);

  return self->editors[knob].editor;
}

/**
 * ps_window_get_knob_error:
 * @self: a window
 * @knob: a knob
 *
 * Returns: (nullable): the message shown for the knob's last refused input, or %NULL
 */
const char *
ps_window_get_knob_error (PsWindow *self,
                          PsKnob    knob)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);
  g_return_val_if_fail ((guint) knob < PS_KNOB_COUNT, NULL);

  return self->editors[knob].error;
}

/**
 * ps_window_get_n_result_rows:
 * @self: a window
 *
 * Returns: the rows of the results table, one per strategy of the finished run
 */
guint
ps_window_get_n_result_rows (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), 0);

  return self->n_result_rows;
}

/**
 * ps_window_get_result_cell:
 * @self: a window
 * @row: 0 for the first strategy
 * @column: 0 strategy, 1 tasks/s, 2 p50, 3 p99, 4 wait, 5 contended, 6 hold, 7 speedup, 8 tasks
 *
 * Returns: (nullable): the text shown in the results table
 */
const char *
ps_window_get_result_cell (PsWindow *self,
                           guint     row,
                           guint     column)
{
  GtkWidget *cell;

  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  if (row >= self->n_result_rows)
    return NULL;
  cell = gtk_grid_get_child_at (self->results_grid, column, row + 1);
  return GTK_IS_LABEL (cell) ? gtk_label_get_label (GTK_LABEL (cell)) : NULL;
}
