/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-actions.c: PsWindow's actions. Everything the window can do is an action in its
 * action map, so the keyboard, the buttons, the menu, the tests and scripts over D-Bus all drive
 * the same code; _ps_window_update_actions() enables them. */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-widgets.h"
#include "ps-window-private.h"

/* Exported charts are sized for a slide or a paper column, not for the window. */
#define EXPORT_WIDTH 1200
#define EXPORT_HEIGHT 675

static void
run_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  g_autoptr (PsSession) session = NULL;
  g_autoptr (GError) error = NULL;

  g_assert (PS_IS_WINDOW (self));

  if (_ps_window_is_running (self))
    return;

  session = ps_session_new (&self->scenario, &error);
  if (session == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot run: %s"), error->message);

      _ps_window_toast (self, message);
      return;
    }
  _ps_window_begin_run (self, session);
  /* PsSession:running turns TRUE, which updates the actions and buttons. */
  if (!ps_session_start (session, &error))
    _ps_window_toast (self, error->message);
}

static void
stop_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);

  g_assert (PS_IS_WINDOW (self));

  if (self->session != NULL)
    ps_session_stop (self->session);
  _ps_window_sweep_stop (self);
}

/* win.sweep: the sweep set up in the Sweep view, over the sidebar's scenario. */
static void
sweep_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);

  g_assert (PS_IS_WINDOW (self));

  _ps_window_sweep_start (self);
}

/* win.rerun (u): the history record with that number, again. */
static void
rerun_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);

  g_assert (PS_IS_WINDOW (self));

  _ps_window_rerun (self, g_variant_get_uint32 (parameter));
}

/* win.show-view ('live', 'sweep', 'compare' or 'lessons'): for scripts and keyboard shortcuts. */
static void
show_view_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  const char *name = g_variant_get_string (parameter, NULL);

  g_assert (PS_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
  else
    {
      /* Translators: "There is no view “graphs”: the views are live, sweep, compare and …" */
      g_autofree char *message = g_strdup_printf (_("There is no view “%s”: the views are live, "
                                                    "sweep, compare and lessons"), name);

      _ps_window_toast (self, message);
    }
}

static void
undo_knob_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  PsKnobUndo change;
  g_autofree char *message = NULL;
  char text[64];

  g_assert (PS_IS_WINDOW (self));

  if (self->undo->len == 0)
    return;
  change = g_array_index (self->undo, PsKnobUndo, self->undo->len - 1);
  g_array_set_size (self->undo, self->undo->len - 1);
  _ps_window_apply_knob (self, change.knob, change.value, FALSE);

  ps_knob_format (ps_knob_info (change.knob), change.value, text, sizeof text);
  /* Translators: "Threads back to 2" */
  message = g_strdup_printf (_("%s back to %s"), _ps_window_knob_label (change.knob), text);
  _ps_window_toast (self, message);
}

/* Writes @model to @path in the format its extension names, with the renderer the screen uses,
 * atomically: a failed export leaves whatever was at @path untouched. */
static gboolean
export_model (PsChartModel *model,
              const char   *path,
              GError      **error)
{
  PsChartFormat format;

  if (model == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("There is no chart yet: run the scenario first"));
      return FALSE;
    }
  if (!ps_chart_format_from_path (path, &format))
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("Cannot export “%s”: the name must end in .png, .svg or .pdf"), name);
      return FALSE;
    }
  /* PNG at 2× so the picture stays sharp on a HiDPI screen or in a printed page. */
  return ps_chart_render_to_file (model, path, format, EXPORT_WIDTH, EXPORT_HEIGHT,
                                  format == PS_CHART_FORMAT_PNG ? 2.0 : 1.0, error);
}

/* The chart @target names: "throughput", "measure" for the second chart as it shows now,
 * "sweep" or "sweep-contention" for the Sweep view's two, "compare" for the Compare view's. */
static PsChartModel *
chart_for_target (PsWindow   *self,
                  const char *target)
{
  if (g_strcmp0 (target, "measure") == 0)
    return self->measure_models[self->measure];
  /* Before the first sweep its charts are empty axes: nothing to export. */
  if (g_strcmp0 (target, "sweep") == 0)
    return self->sweep_session != NULL ? self->sweep_model : NULL;
  if (g_strcmp0 (target, "sweep-contention") == 0)
    return self->sweep_session != NULL ? self->sweep_contention_model : NULL;
  if (g_strcmp0 (target, "compare") == 0)
    return self->compare_selected->len > 0 ? self->compare_model : NULL;
  return self->throughput_model;
}

/**
 * ps_window_export_chart:
 * @self: a window
 * @target: "throughput", "measure" for the second chart, "sweep" or "sweep-contention"
 * @path: where to write; the extension (.png, .svg, .pdf) picks the format
 * @error: where to say what went wrong
 *
 * Writes one of the live view's charts, atomically.
 *
 * Returns: whether the file was written
 */
gboolean
ps_window_export_chart (PsWindow   *self,
                        const char *target,
                        const char *path,
                        GError    **error)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return export_model (chart_for_target (self, target), path, error);
}

/* The format each filter of the export dialog stands for. */
#define FILTER_FORMAT_KEY "ps-chart-format"

static gboolean
chosen_format (GtkFileChooser *chooser,
               PsChartFormat  *format)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);

  if (filter == NULL)
    return FALSE;
  *format = (PsChartFormat) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter),
                                                                FILTER_FORMAT_KEY));
  return TRUE;
}

/* Picking a filter is picking a format: the name typed so far takes its extension at once, so
 * that "SVG image" with the default name never writes a PNG. */
static void
on_export_filter_changed (GtkFileChooser *chooser,
                          GParamSpec     *pspec,
                          gpointer        user_data)
{
  g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
  g_autofree char *renamed = NULL;
  PsChartFormat format;

  if (name == NULL || !chosen_format (chooser, &format))
    return;
  renamed = ps_chart_path_with_format (name, format);
  gtk_file_chooser_set_current_name (chooser, renamed);
}

/* Says why an export from a file dialog wrote nothing: the place chosen was not a local file, or
 * the write failed. Returns: whether it said so; FALSE when the file was written or none chosen. */
static gboolean
toast_export_failure (PsWindow     *self,
                      GFile        *file,
                      const char   *path,
                      gboolean      written,
                      const GError *error)
{
  if (file != NULL && path == NULL)
    _ps_window_toast (self, _("Cannot export there: choose a folder on this computer"));
  else if (path != NULL && !written)
    _ps_window_toast (self, error->message);
  else
    return FALSE;
  return TRUE;
}

typedef enum
{
  EXPORTED_CHART,
  EXPORTED_RESULTS,
} Exported;

/* Says where an export went. */
static void
toast_saved (PsWindow   *self,
             const char *path,
             Exported    what)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *message = what == EXPORTED_CHART
                             ? g_strdup_printf (_("Chart saved as “%s”"), name)
                             : g_strdup_printf (_("Results saved as “%s”"), name);

  _ps_window_toast (self, message);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  PsWindow *self = user_data;
  const char *target = g_object_get_data (G_OBJECT (dialog), "ps-export-target");
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  PsChartFormat format;
  gboolean written;

  g_assert (PS_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  /* A name without a chart extension gets the chosen filter's. */
  if (path != NULL && !ps_chart_format_from_path (path, &format)
      && chosen_format (GTK_FILE_CHOOSER (dialog), &format))
    {
      char *with_extension = ps_chart_path_with_format (path, format);
      g_free (path);
      path = with_extension;
    }

  written = path != NULL && ps_window_export_chart (self, target, path, &error);
  if (!toast_export_failure (self, file, path, written, error) && written)
    toast_saved (self, path, EXPORTED_CHART);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            PsChartFormat   format)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  g_object_set_data (G_OBJECT (filter), FILTER_FORMAT_KEY, GINT_TO_POINTER (format));
  gtk_file_chooser_add_filter (chooser, filter);
}

/* win.export-chart ('throughput', 'measure', 'sweep', 'sweep-contention'): asks where, then
 * writes that chart. */
static void
export_chart_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  const char *target = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  g_assert (PS_IS_WINDOW (self));

  native = gtk_file_chooser_native_new (_("Export Chart"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* Unknown targets export the throughput chart, as chart_for_target() does. */
  if (chart_for_target (self, target) == self->throughput_model)
    target = "throughput";
  name = g_strdup_printf ("poolscope-%s.png",
                          g_strcmp0 (target, "measure") == 0
                          ? _ps_window_measure_name (self->measure) : target);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  add_filter (GTK_FILE_CHOOSER (native), _("PNG image"), "image/png", PS_CHART_FORMAT_PNG);
  add_filter (GTK_FILE_CHOOSER (native), _("SVG image"), "image/svg+xml", PS_CHART_FORMAT_SVG);
  add_filter (GTK_FILE_CHOOSER (native), _("PDF document"), "application/pdf",
              PS_CHART_FORMAT_PDF);
  g_object_set_data_full (G_OBJECT (native), "ps-export-target",
                          g_strdup (target), g_free);
  g_signal_connect (native, "notify::filter", G_CALLBACK (on_export_filter_changed), NULL);
  /* The dialog outlives this call; it and the window stay alive until the response. */
  g_signal_connect (native, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_export_results_response (GtkNativeDialog *dialog,
                            int              response,
                            gpointer         user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  gboolean written;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  /* A name typed without the extension gets it: the dialog's only filter is CSV. */
  if (path != NULL && !g_str_has_suffix (path, ".csv"))
    {
      char *with_extension = g_strconcat (path, ".csv", NULL);

      g_free (path);
      path = with_extension;
    }
  written = path != NULL && ps_window_export_results (self, path, &error);
  if (!toast_export_failure (self, file, path, written, error) && written)
    toast_saved (self, path, EXPORTED_RESULTS);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

/* win.export-results: the results table as CSV. */
static void
export_results_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  GtkFileChooserNative *native;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  g_assert (PS_IS_WINDOW (self));

  native = gtk_file_chooser_native_new (_("Export Results"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "poolscope-results.csv");
  gtk_file_filter_set_name (filter, _("CSV table"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect (native, "response", G_CALLBACK (on_export_results_response),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* The window's actions live in its action map rather than on the widget class, so that
 * GtkApplication exports them over D-Bus (org.gtk.Actions on the window's object path) and a
 * script can drive the window as the buttons and keys do. */
void
_ps_window_add_actions (PsWindow *self)
{
  static const GActionEntry entries[] = {
    { "run", run_activated },
    { "stop", stop_activated },
    { "sweep", sweep_activated },
    { "show-view", show_view_activated, "s" },
    { "rerun", rerun_activated, "u" },
    { "export-results", export_results_activated },
    { "undo-knob", undo_knob_activated },
    { "export-chart", export_chart_activated, "s" },
  };
  g_autoptr (GPropertyAction) measure = NULL;

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  /* Stateful: its state is PsWindow:measure, the name of what the second chart shows. */
  measure = g_property_action_new ("measure", self, "measure");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (measure));
}

void
_ps_window_set_action_enabled (PsWindow   *self,
                               const char *name,
                               gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}
