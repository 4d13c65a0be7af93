/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-files.c: presets and results files in the window.
 *
 * Presets: the Presets dialog lists the built-in and the user's presets (win.presets); applying
 * one (win.apply-preset) puts its strategies and knobs in the sidebar as undoable changes and a
 * sweep's range in the Sweep view; Save (Ctrl+S) writes over the user preset last applied or
 * saved, Save As (Ctrl+Shift+S) asks for a name; duplicate, rename, delete, import and export
 * work on the user's presets (ps-preset-store.h keeps them). Results files (Open, Ctrl+O, or
 * `poolscope FILE`) show a run measured elsewhere as if it had just run here: charts from its
 * samples, the table, the knob changes, and a place in the history for Compare.
 */
#define G_LOG_DOMAIN "poolscope"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-bundle.h"
#include "ps-results-file.h"
#include "ps-sweep-file.h"
#include "ps-window-private.h"

/* ---- Applying and saving ---------------------------------------------------------------------- */

static void
set_current_preset (PsWindow       *self,
                    const PsPreset *preset,
                    PsPresetOrigin  origin)
{
  PsPreset *copy = preset != NULL ? ps_preset_copy (preset) : NULL;

  g_clear_pointer (&self->preset, ps_preset_free);
  self->preset = copy;
  self->preset_origin = origin;
  adw_view_switcher_title_set_subtitle (self->view_switcher_title,
                                        copy != NULL ? copy->title : "");
}

/* Whether @knob says how long a run lasts and how it is cut up, which the window decides itself
 * (it always runs by duration, so that a run ends at a predictable time). */
static gboolean
is_run_shape_knob (PsKnob knob)
{
  switch (knob)
    {
    case PS_KNOB_TASKS:
    case PS_KNOB_WARMUP_TASKS:
    case PS_KNOB_DURATION:
    case PS_KNOB_WARMUP_TIME:
    case PS_KNOB_ORDER:
    case PS_KNOB_INTERLEAVE:
    case PS_KNOB_SAMPLE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* A name typed without ".json" gets it, so the file shows up as what it is. */
static char *
with_json_extension (const char *path)
{
  return g_str_has_suffix (path, ".json") ? g_strdup (path) : g_strconcat (path, ".json", NULL);
}

/* The preset's strategies and every workload knob it has, its defaults included so that nothing
 * of the last scenario lingers; of the knobs that shape the run (duration, warm-up, order), only
 * those it names, never a task count. Each knob change can be undone with Ctrl+Z. */
static void
apply_preset (PsWindow       *self,
              const PsPreset *preset,
              PsPresetOrigin  origin)
{
  g_autofree char *message = NULL;

  for (int k = 0; k < PS_KNOB_COUNT; k++)
    if (!is_run_shape_knob (k)
        || (preset->knob_given[k] && k != PS_KNOB_TASKS && k != PS_KNOB_WARMUP_TASKS))
      _ps_window_apply_knob (self, k, ps_knob_get (&preset->scenario, k), TRUE);
  _ps_window_select_strategies (self, &preset->scenario);
  if (preset->has_sweep)
    _ps_window_sweep_show_config (self, &preset->sweep);
  set_current_preset (self, preset, origin);
  /* Translators: "Preset “OpenWorkers: standard” applied; Ctrl+Z undoes each knob" */
  message = g_strdup_printf (_("Preset “%s” applied; Ctrl+Z undoes each knob"), preset->title);
  _ps_window_toast (self, message);
}

/* Sets @error to @message when a run or sweep is going on: nothing may replace the scenario or
 * the results under it. */
static gboolean
refuse_when_busy (PsWindow   *self,
                  const char *message,
                  GError    **error)
{
  if (!_ps_window_is_busy (self))
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, message);
  return TRUE;
}

/**
 * ps_window_apply_preset:
 * @name_or_path: a preset's name, or a preset file
 *
 * Returns: whether the preset was found, valid and applied (a run or sweep in progress refuses).
 */
gboolean
ps_window_apply_preset (PsWindow   *self,
                        const char *name_or_path,
                        GError    **error)
{
  g_autoptr (PsStoredPreset) stored = NULL;

  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  if (refuse_when_busy (self, _("Stop the run or sweep before applying a preset"), error))
    return FALSE;
  stored = ps_preset_store_find (name_or_path, error);
  if (stored == NULL)
    return FALSE;
  apply_preset (self, stored->preset, stored->origin);
  return TRUE;
}

/**
 * ps_window_save_preset:
 * @name: the user preset to write
 * @overwrite: replace a user preset of that name
 *
 * Saves the sidebar's scenario as a user preset. Saving under the current preset's name keeps its
 * title, description, source, sweep and published figures.
 *
 * Returns: whether it was written.
 */
gboolean
ps_window_save_preset (PsWindow   *self,
                       const char *name,
                       gboolean    overwrite,
                       GError    **error)
{
  g_autoptr (PsPreset) preset = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  if (!ps_preset_name_is_valid (name))
    {
      g_set_error (error, PS_PRESET_ERROR, PS_PRESET_ERROR_INVALID,
                   _("“%s” cannot be a preset name: use lowercase letters, digits and dashes"),
                   name);
      return FALSE;
    }
  if (self->preset != NULL)
    {
      preset = ps_preset_copy (self->preset);
      if (g_strcmp0 (preset->name, name) != 0)
        {
          g_free (preset->name);
          preset->name = g_strdup (name);
          g_free (preset->title);
          preset->title = g_strdup (name);
        }
    }
  else
    preset = ps_preset_new (name);
  ps_preset_set_scenario (preset, &self->scenario);
  path = ps_preset_store_save (preset, overwrite, error);
  if (path == NULL)
    return FALSE;
  set_current_preset (self, preset, PS_PRESET_USER);
  return TRUE;
}

static void
toast_saved_preset (PsWindow   *self,
                    const char *name)
{
  /* Translators: "Saved preset “my-tuning”" */
  g_autofree char *message = g_strdup_printf (_("Saved preset “%s”"), name);

  _ps_window_toast (self, message);
}

/* ---- Asking for a name ------------------------------------------------------------------------ */

typedef void (*NameChosenFunc) (PsWindow *self, const char *name, const char *subject);

static void
on_name_response (AdwMessageDialog *dialog,
                  const char       *response,
                  PsWindow         *self)
{
  NameChosenFunc chosen = g_object_get_data (G_OBJECT (dialog), "ps-chosen");
  const char *subject = g_object_get_data (G_OBJECT (dialog), "ps-subject");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "ps-entry");

  if (g_strcmp0 (response, "save") == 0)
    chosen (self, gtk_editable_get_text (entry), subject);
}

/* Asks for a preset name, then calls @chosen with it and @subject (the preset acted on). */
static void
ask_name (PsWindow       *self,
          const char     *heading,
          const char     *initial,
          const char     *subject,
          NameChosenFunc  chosen)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              _("Lowercase letters, digits and dashes, such as "
                                                "“pinned-8-threads”."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), initial != NULL ? initial : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preset name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save",
                                    _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "ps-chosen", chosen);
  g_object_set_data_full (G_OBJECT (dialog), "ps-subject", g_strdup (subject), g_free);
  g_object_set_data (G_OBJECT (dialog), "ps-entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (on_name_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void refresh_presets_dialog (PsWindow *self);

static void
save_as_chosen (PsWindow   *self,
                const char *name,
                const char *subject)
{
  g_autoptr (GError) error = NULL;

  if (ps_window_save_preset (self, name, FALSE, &error))
    toast_saved_preset (self, name);
  else
    _ps_window_toast (self, error->message);
  refresh_presets_dialog (self);
}

/* win.save-preset-as: asks for a name, refusing to replace another preset. */
static void
save_preset_as_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);

  ask_name (self, _("Save Preset As"), self->preset != NULL ? self->preset->name : NULL, NULL,
            save_as_chosen);
}

/* win.save-preset: over the user preset last applied or saved, else as a new one. */
static void
save_preset_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  g_autoptr (GError) error = NULL;

  if (self->preset == NULL || self->preset_origin != PS_PRESET_USER)
    {
      save_preset_as_activated (action, parameter, user_data);
      return;
    }
  if (ps_window_save_preset (self, self->preset->name, TRUE, &error))
    toast_saved_preset (self, self->preset->name);
  else
    _ps_window_toast (self, error->message);
}

/* ---- The presets dialog ----------------------------------------------------------------------- */

static void
on_preset_row_activated (AdwActionRow *row,
                         PsWindow     *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "ps-preset-name");
  g_autoptr (GError) error = NULL;

  if (!ps_window_apply_preset (self, name, &error))
    _ps_window_toast (self, error->message);
  else if (self->presets_dialog != NULL)
    gtk_window_close (GTK_WINDOW (self->presets_dialog));
}

static GtkWidget *
preset_menu_button (const PsStoredPreset *stored)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  const char *name = stored->preset->name;
  GtkWidget *button = gtk_menu_button_new ();
  g_autofree char *duplicate = g_strdup_printf ("win.duplicate-preset('%s')", name);
  g_autofree char *rename = g_strdup_printf ("win.rename-preset('%s')", name);
  g_autofree char *remove = g_strdup_printf ("win.delete-preset('%s')", name);
  g_autofree char *export = g_strdup_printf ("win.export-preset('%s')", name);

  g_menu_append (menu, _("_Duplicate…"), duplicate);
  if (stored->origin == PS_PRESET_USER)
    {
      g_menu_append (menu, _("_Rename…"), rename);
      g_menu_append (menu, _("De_lete"), remove);
    }
  g_menu_append (menu, _("_Export…"), export);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Duplicate, rename, delete or export"));
  return button;
}

static GtkWidget *
preset_row (PsWindow             *self,
            const PsStoredPreset *stored)
{
  const PsPreset *preset = stored->preset;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  subtitle = g_strdup_printf ("%s%s%s", preset->name, preset->has_sweep ? _(" · sweep") : "",
                              preset->published->len > 0 ? _(" · published figures") : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), preset->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (preset->description[0] != '\0')
    gtk_widget_set_tooltip_text (row, preset->description);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), preset_menu_button (stored));
  g_object_set_data_full (G_OBJECT (row), "ps-preset-name", g_strdup (preset->name), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (on_preset_row_activated), self);
  return row;
}

/* Fills the dialog's page: the user's presets, then the built-in ones, then files that did not
 * load (so a broken user file is seen, not silently skipped). */
static void
refresh_presets_dialog (PsWindow *self)
{
  g_auto (GStrv) problems = NULL;
  g_autoptr (GPtrArray) list = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *groups[2];

  if (self->presets_dialog == NULL)
    return;
  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  list = ps_preset_store_list (&problems);
  groups[0] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (groups[0], _("Your Presets"));
  adw_preferences_group_set_description (groups[0], _("Save the sidebar as a preset with "
                                                      "Ctrl+Shift+S"));
  groups[1] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (groups[1], _("The Seeds' Experiments"));
  adw_preferences_group_set_description (groups[1], _("Built in: each reproduces a published "
                                                      "benchmark and carries its figures"));
  for (guint i = 0; i < list->len; i++)
    {
      const PsStoredPreset *stored = g_ptr_array_index (list, i);

      adw_preferences_group_add (groups[stored->origin == PS_PRESET_BUILT_IN],
                                 preset_row (self, stored));
    }
  for (guint i = 0; problems[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("A preset file did not load"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problems[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_preferences_group_add (groups[0], row);
    }
  adw_preferences_page_add (page, groups[0]);
  adw_preferences_page_add (page, groups[1]);
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  if (self->presets_page != NULL)
    gtk_box_remove (self->presets_box, self->presets_page);
  self->presets_page = GTK_WIDGET (page);
  gtk_box_append (self->presets_box, self->presets_page);
}

static void
on_presets_dialog_destroy (GtkWidget *dialog,
                           PsWindow  *self)
{
  self->presets_dialog = NULL;
  self->presets_box = NULL;
  self->presets_page = NULL;
}

/* win.presets: the dialog listing every preset. Its menus act through the window's actions. */
static void
presets_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);

  if (self->presets_dialog == NULL)
    {
      GtkWidget *dialog = adw_window_new ();
      GtkWidget *header = adw_header_bar_new ();
      GtkWidget *import = gtk_button_new_with_mnemonic (_("_Import…"));
      GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save As…"));
      GtkEventController *keys = gtk_shortcut_controller_new ();

      gtk_window_set_title (GTK_WINDOW (dialog), _("Presets"));
      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
      gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
      gtk_window_set_default_size (GTK_WINDOW (dialog), 560, 640);
      gtk_widget_insert_action_group (dialog, "win", G_ACTION_GROUP (self));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (import), "win.import-preset");
      gtk_widget_set_tooltip_text (import, _("Check a preset file and keep it as yours"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "win.save-preset-as");
      gtk_widget_set_tooltip_text (save, _("Save the sidebar's scenario as a preset (Ctrl+Shift+S)"));
      adw_header_bar_pack_start (ADW_HEADER_BAR (header), import);
      adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
      gtk_shortcut_controller_add_shortcut (
        GTK_SHORTCUT_CONTROLLER (keys),
        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                          gtk_named_action_new ("window.close")));
      gtk_widget_add_controller (dialog, keys);
      self->presets_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
      gtk_box_append (self->presets_box, header);
      adw_window_set_content (ADW_WINDOW (dialog), GTK_WIDGET (self->presets_box));
      g_signal_connect (dialog, "destroy", G_CALLBACK (on_presets_dialog_destroy), self);
      self->presets_dialog = GTK_WINDOW (dialog);
    }
  refresh_presets_dialog (self);
  gtk_window_present (self->presets_dialog);
}

/* ---- Duplicate, rename, delete ---------------------------------------------------------------- */

static void
duplicate_chosen (PsWindow   *self,
                  const char *name,
                  const char *subject)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsStoredPreset) stored = ps_preset_store_find (subject, &error);
  g_autofree char *path = NULL;

  if (stored != NULL && !ps_preset_name_is_valid (name))
    g_set_error (&error, PS_PRESET_ERROR, PS_PRESET_ERROR_INVALID,
                 _("“%s” cannot be a preset name: use lowercase letters, digits and dashes"),
                 name);
  else if (stored != NULL)
    {
      g_free (stored->preset->name);
      stored->preset->name = g_strdup (name);
      path = ps_preset_store_save (stored->preset, FALSE, &error);
    }
  if (path != NULL)
    toast_saved_preset (self, name);
  else
    _ps_window_toast (self, error->message);
  refresh_presets_dialog (self);
}

static void
duplicate_preset_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *copy_name = g_strdup_printf ("%s-copy", name);

  ask_name (self, _("Duplicate Preset"), copy_name, name, duplicate_chosen);
}

static void
rename_chosen (PsWindow   *self,
               const char *name,
               const char *subject)
{
  g_autoptr (GError) error = NULL;

  if (!ps_preset_store_rename (subject, name, &error))
    _ps_window_toast (self, error->message);
  else if (self->preset != NULL && g_strcmp0 (self->preset->name, subject) == 0)
    {
      g_free (self->preset->name);
      self->preset->name = g_strdup (name);
    }
  refresh_presets_dialog (self);
}

static void
rename_preset_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  const char *name = g_variant_get_string (parameter, NULL);

  ask_name (self, _("Rename Preset"), name, name, rename_chosen);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    PsWindow         *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "ps-subject");
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!ps_preset_store_delete (name, &error))
    _ps_window_toast (self, error->message);
  else if (self->preset != NULL && g_strcmp0 (self->preset->name, name) == 0)
    self->preset_origin = PS_PRESET_FILE; /* Save no longer has a file to write over */
  refresh_presets_dialog (self);
}

/* win.delete-preset (s): after asking, since the file is gone for good. */
static void
delete_preset_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name);
  GtkWidget *dialog = adw_message_dialog_new (self->presets_dialog != NULL
                                                ? self->presets_dialog : GTK_WINDOW (self),
                                              heading,
                                              _("The preset file is deleted; this cannot be "
                                                "undone. Export it first to keep a copy."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ps-subject", g_strdup (name), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Files: export, import, open -------------------------------------------------------------- */

typedef void (*FileChosenFunc) (PsWindow *self, const char *path, const char *subject);

static void
on_file_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  FileChosenFunc chosen = g_object_get_data (G_OBJECT (dialog), "ps-chosen");
  const char *subject = g_object_get_data (G_OBJECT (dialog), "ps-subject");
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  if (file != NULL && path == NULL)
    _ps_window_toast (self, _("Choose a file on this computer"));
  else if (path != NULL)
    chosen (self, path, subject);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

/* A file dialog for JSON files; @chosen gets the local path picked. */
static void
choose_file (PsWindow             *self,
             const char           *title,
             GtkFileChooserAction  mode,
             const char           *name,
             const char           *subject,
             FileChosenFunc        chosen)
{
  GtkFileChooserNative *native;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), mode,
                                        mode == GTK_FILE_CHOOSER_ACTION_OPEN ? _("_Open")
                                                                             : _("_Save"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (mode != GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER)
    {
      gtk_file_filter_set_name (filter, _("Poolscope files (JSON)"));
      gtk_file_filter_add_suffix (filter, "json");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_object_set_data (G_OBJECT (native), "ps-chosen", chosen);
  g_object_set_data_full (G_OBJECT (native), "ps-subject", g_strdup (subject), g_free);
  g_signal_connect (native, "response", G_CALLBACK (on_file_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_chosen (PsWindow   *self,
               const char *path,
               const char *subject)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsStoredPreset) stored = ps_preset_store_find (subject, &error);
  g_autofree char *with_extension = with_json_extension (path);

  if (stored != NULL && ps_preset_save (stored->preset, with_extension, &error))
    {
      g_autofree char *base = g_filename_display_basename (with_extension);
      g_autofree char *message = g_strdup_printf (_("Preset exported as “%s”"), base);

      _ps_window_toast (self, message);
    }
  else
    _ps_window_toast (self, error->message);
}

static void
export_preset_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *file_name = g_strconcat (name, ".json", NULL);

  choose_file (self, _("Export Preset"), GTK_FILE_CHOOSER_ACTION_SAVE, file_name, name,
               export_chosen);
}

static void
import_chosen (PsWindow   *self,
               const char *path,
               const char *subject)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = ps_preset_load_file (path, &error);
  g_autofree char *written = NULL;

  if (preset != NULL)
    written = ps_preset_store_save (preset, FALSE, &error);
  if (written == NULL)
    {
      _ps_window_toast (self, error->message);
      return;
    }
  refresh_presets_dialog (self);
  if (!_ps_window_is_busy (self))
    apply_preset (self, preset, PS_PRESET_USER);
}

static void
import_preset_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  choose_file (PS_WINDOW (user_data), _("Import Preset"), GTK_FILE_CHOOSER_ACTION_OPEN, NULL,
               NULL, import_chosen);
}

typedef struct
{
  PsKnobChange change;
  double t_s; /* the start of the segment the change opened */
} RecordedChange;

static gint
compare_serials (gconstpointer a,
                 gconstpointer b)
{
  const RecordedChange *x = a, *y = b;

  return x->change.serial < y->change.serial ? -1 : x->change.serial > y->change.serial;
}

/* Marks every knob change of the report's segments, in the order they were made (by serial):
 * interleaved strategies each report the same change, which is marked once. */
static void
mark_recorded_changes (PsWindow       *self,
                       const PsReport *report)
{
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (RecordedChange));

  for (guint i = 0; i < report->n_strategies; i++)
    for (guint j = 0; j < report->strategies[i].n_segments; j++)
      {
        const PsSegment *segment = &report->strategies[i].segments[j];

        for (guint c = 0; c < segment->n_changes; c++)
          {
            RecordedChange recorded = { segment->changes[c], segment->start_s };

            g_array_append_val (changes, recorded);
          }
      }
  g_array_sort (changes, compare_serials);
  for (guint i = 0; i < changes->len; i++)
    {
      const RecordedChange *recorded = &g_array_index (changes, RecordedChange, i);

      _ps_window_charts_mark_change (self, recorded->change.knob, recorded->change.value,
                                     recorded->t_s, recorded->change.serial);
    }
}

/**
 * ps_window_open_results:
 * @path: a results file (`poolscope-cli run --output`)
 *
 * Shows the run in the file as if it had just run here: the live charts from its samples with its
 * knob changes marked, the results table and histogram, its preset's published figures; the run
 * joins the history, marked as recorded on its machine.
 *
 * Returns: whether the file was read and shown.
 */
static gboolean
refuse_open_when_busy (PsWindow *self,
                       GError  **error)
{
  return refuse_when_busy (self, _("Stop the run or sweep before opening a results file"), error);
}

/* "recorded on HOST, TIME": where and when a results file was measured. */
static char *
recorded_text (const char *host,
               const char *time)
{
  /* Translators: where a results file was measured: "recorded on build-64, 2026-12-02T10:51Z" */
  return g_strdup_printf (_("recorded on %s, %s"), host, time);
}

static void
show_results_file (PsWindow            *self,
                   const PsResultsFile *file,
                   const char          *path)
{
  const PsReport *report = file->report;
  g_autofree char *recorded = recorded_text (file->host, file->time);
  g_autofree char *status = NULL, *base = NULL;

  /* No session feeds the charts now: they show the file's samples, and are not live. */
  g_signal_group_set_target (self->session_signals, NULL);
  g_binding_group_set_source (self->session_bindings, NULL);
  g_clear_object (&self->session);
  _ps_window_charts_begin_run (self, &report->scenario);
  for (guint i = 0; i < file->samples->len; i++)
    {
      _ps_window_keep_sample (self, &g_array_index (file->samples, PsSample, i));
      _ps_window_charts_add_sample (self, &g_array_index (file->samples, PsSample, i),
                                    &report->scenario);
    }
  _ps_window_slice_means_flush (self);
  mark_recorded_changes (self, report);

  set_current_preset (self, file->preset, PS_PRESET_FILE);
  _ps_window_clear_results (self);
  if (_ps_window_show_report (self, report))
    _ps_window_history_add_run (self, report, recorded);
  base = g_filename_display_basename (path);
  /* Translators: "recorded on build-64, 2026-12-02T10:51Z (Poolscope 0.1.0; CPU …, 64 cores):
   * run.json" */
  status = g_strdup_printf (_("%s (Poolscope %s; %s, %u cores): %s"), recorded, file->version,
                            report->machine.cpu_model, report->machine.cores, base);
  gtk_label_set_label (self->status_label, status);
  gtk_progress_bar_set_fraction (self->progress_bar, report->completed ? 1.0 : 0.0);
  gtk_progress_bar_set_text (self->progress_bar, report->completed ? _("recorded")
                                                                   : _("recorded, stopped early"));
  gtk_stack_set_visible_child_name (self->main_stack, "live");
  adw_view_stack_set_visible_child_name (self->view_stack, "live");
  _ps_window_update_actions (self);
}

gboolean
ps_window_open_results (PsWindow   *self,
                        const char *path,
                        GError    **error)
{
  g_autoptr (PsResultsFile) file = NULL;

  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  if (refuse_open_when_busy (self, error))
    return FALSE;
  file = ps_results_file_load (path, error);
  if (file == NULL)
    return FALSE;
  show_results_file (self, file, path);
  return TRUE;
}

/**
 * ps_window_open_sweep_results:
 * @path: a sweep results file (`poolscope-cli sweep --output`)
 *
 * Shows the sweep in the file in the Sweep view as if it had just run here, and adds it to the
 * history marked as recorded on its machine.
 *
 * Returns: whether the file was read and shown.
 */
/* Takes @file: the Sweep view's session keeps it. */
static void
show_sweep_file (PsWindow    *self,
                 PsSweepFile *file)
{
  g_autoptr (PsSweepSession) session = NULL;
  g_autofree char *recorded = recorded_text (file->host, file->time);

  set_current_preset (self, file->preset, PS_PRESET_FILE);
  /* The file keeps the grid as a list; the Sweep view shows a range, on the axis it was swept
   * on, so that Start Sweep measures the same grid again. */
  if (file->config.spacing == PS_SWEEP_LIST && file->report->n_values >= 2)
    {
      file->config.spacing = file->report->log_axis ? PS_SWEEP_LOG : PS_SWEEP_LINEAR;
      file->config.from = file->report->values[0];
      file->config.to = file->report->values[file->report->n_values - 1];
      file->config.points = file->report->n_values;
    }
  /* The session keeps the file, whose report it shows. */
  session = ps_sweep_session_new_recorded (&file->config, file->report, file,
                                           (GDestroyNotify) ps_sweep_file_free);
  _ps_window_sweep_show_recorded (self, session, recorded);
}

gboolean
ps_window_open_sweep_results (PsWindow   *self,
                              const char *path,
                              GError    **error)
{
  PsSweepFile *file;

  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  if (refuse_open_when_busy (self, error))
    return FALSE;
  file = ps_sweep_file_load (path, error);
  if (file == NULL)
    return FALSE;
  show_sweep_file (self, file);
  return TRUE;
}

/* Opens @path as a run's results file, a sweep's, or else applies it as a preset: the file is
 * read once and each loader in turn says whether it is its kind. */
gboolean
ps_window_open_file (PsWindow   *self,
                     const char *path,
                     GError    **error)
{
  g_autoptr (GError) kind_error = NULL;
  g_autoptr (PsResultsFile) results = NULL;
  g_autoptr (PsPreset) preset = NULL;
  g_autofree char *data = NULL;
  PsSweepFile *sweep;
  gsize length;

  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  if (refuse_open_when_busy (self, error))
    return FALSE;
  data = ps_files_read_limited (path, MAX (PS_RESULTS_FILE_MAX_BYTES, PS_SWEEP_FILE_MAX_BYTES),
                                &length, error);
  if (data == NULL)
    return FALSE;

  results = ps_results_file_load_data (path, data, length, &kind_error);
  if (results != NULL)
    {
      show_results_file (self, results, path);
      return TRUE;
    }
  if (!g_error_matches (kind_error, PS_PRESET_ERROR, PS_PRESET_ERROR_OTHER_KIND))
    {
      g_propagate_error (error, g_steal_pointer (&kind_error));
      return FALSE;
    }
  g_clear_error (&kind_error);

  sweep = ps_sweep_file_load_data (path, data, length, &kind_error);
  if (sweep != NULL)
    {
      show_sweep_file (self, sweep);
      return TRUE;
    }
  if (!g_error_matches (kind_error, PS_PRESET_ERROR, PS_PRESET_ERROR_OTHER_KIND))
    {
      g_propagate_error (error, g_steal_pointer (&kind_error));
      return FALSE;
    }

  preset = ps_preset_load_data (path, data, length, error);
  if (preset == NULL)
    return FALSE;
  apply_preset (self, preset, PS_PRESET_FILE);
  return TRUE;
}

static void
open_chosen (PsWindow   *self,
             const char *path,
             const char *subject)
{
  g_autoptr (GError) error = NULL;

  if (!ps_window_open_file (self, path, &error))
    _ps_window_toast (self, error->message);
}

/* win.open: a results file, or a preset file to apply. */
static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  choose_file (PS_WINDOW (user_data), _("Open Results or Preset"), GTK_FILE_CHOOSER_ACTION_OPEN,
               NULL, NULL, open_chosen);
}

static void
save_results_chosen (PsWindow   *self,
                     const char *path,
                     const char *subject)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *with_extension = with_json_extension (path);

  /* The file dialog asked before replacing a file the user chose. */
  if (!ps_window_save_results (self, with_extension, &error))
    _ps_window_toast (self, error->message);
  else
    {
      g_autofree char *base = g_filename_display_basename (with_extension);
      g_autofree char *message = g_strdup_printf (_("Results saved as “%s”"), base);

      _ps_window_toast (self, message);
    }
}

/* Whether the table shows a run to save or export, else says so. */
static gboolean
have_results (PsWindow  *self,
              GError   **error)
{
  if (self->shown_report != NULL)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                       _("There are no results yet: run the scenario first"));
  return FALSE;
}

/**
 * ps_window_save_results:
 *
 * Writes the run the table shows as a results file (report, samples, preset), atomically.
 */
gboolean
ps_window_save_results (PsWindow   *self,
                        const char *path,
                        GError    **error)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  if (!have_results (self, error))
    return FALSE;
  return ps_results_file_write (path, self->shown_report, self->samples, self->preset, TRUE,
                                error);
}

/* win.save-results: the run the table shows, as a results file to open again or compare. */
static void
save_results_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  choose_file (PS_WINDOW (user_data), _("Save Results"), GTK_FILE_CHOOSER_ACTION_SAVE,
               "poolscope-results.json", NULL, save_results_chosen);
}

/**
 * ps_window_export_bundle:
 * @overwrite: replace files of the bundle's names in @dir
 *
 * Writes the export bundle of the run the table shows into @dir (see ps-bundle.h).
 */
gboolean
ps_window_export_bundle (PsWindow   *self,
                         const char *dir,
                         gboolean    overwrite,
                         GError    **error)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  if (!have_results (self, error))
    return FALSE;
  return ps_bundle_write_run (dir, self->shown_report, self->samples, self->preset, overwrite,
                              error);
}

static void
toast_bundle_written (PsWindow   *self,
                      const char *dir)
{
  g_autofree char *base = g_filename_display_basename (dir);
  g_autofree char *message = g_strdup_printf (_("Bundle exported into “%s”"), base);

  _ps_window_toast (self, message);
}

static void
on_replace_bundle_response (AdwMessageDialog *dialog,
                            const char       *response,
                            PsWindow         *self)
{
  const char *dir = g_object_get_data (G_OBJECT (dialog), "ps-subject");
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "replace") != 0)
    return;
  if (ps_window_export_bundle (self, dir, TRUE, &error))
    toast_bundle_written (self, dir);
  else
    _ps_window_toast (self, error->message);
}

/* A folder holding a bundle already is replaced only when the user says so. */
static void
export_bundle_chosen (PsWindow   *self,
                      const char *dir,
                      const char *subject)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog;

  if (ps_window_export_bundle (self, dir, FALSE, &error))
    {
      toast_bundle_written (self, dir);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      _ps_window_toast (self, error->message);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Replace the Bundle?"), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ps-subject", g_strdup (dir), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_replace_bundle_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.export-bundle: every chart, the data, the results file, the preset and a README. */
static void
export_bundle_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  choose_file (PS_WINDOW (user_data), _("Export Bundle"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
               NULL, NULL, export_bundle_chosen);
}

/* win.apply-preset (s): a name or a file, for scripts over D-Bus and for tests. */
static void
apply_preset_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  g_autoptr (GError) error = NULL;

  if (!ps_window_apply_preset (self, g_variant_get_string (parameter, NULL), &error))
    _ps_window_toast (self, error->message);
}

void
_ps_window_files_add_actions (PsWindow *self)
{
  static const GActionEntry entries[] = {
    { "presets", presets_activated },
    { "apply-preset", apply_preset_activated, "s" },
    { "save-preset", save_preset_activated },
    { "save-preset-as", save_preset_as_activated },
    { "duplicate-preset", duplicate_preset_activated, "s" },
    { "rename-preset", rename_preset_activated, "s" },
    { "delete-preset", delete_preset_activated, "s" },
    { "export-preset", export_preset_activated, "s" },
    { "import-preset", import_preset_activated },
    { "open", open_activated },
    { "save-results", save_results_activated },
    { "export-bundle", export_bundle_activated },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}

void
_ps_window_files_dispose (PsWindow *self)
{
  if (self->presets_dialog != NULL)
    gtk_window_destroy (self->presets_dialog);
  g_clear_pointer (&self->preset, ps_preset_free);
  g_clear_pointer (&self->shown_report, ps_report_free);
  g_clear_pointer (&self->samples, g_array_unref);
}

/* Keeps a live sample for Save Results and bundles; past PS_WINDOW_MAX_SAMPLES the charts still
 * get every sample, the files the first ones (their README says how many). */
void
_ps_window_keep_sample (PsWindow       *self,
                        const PsSample *sample)
{
  if (self->samples->len < PS_WINDOW_MAX_SAMPLES)
    g_array_append_val (self->samples, *sample);
}
