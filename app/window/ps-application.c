/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-application.c: PsApplication opens the window, owns the app-wide actions (quit, about)
 * and maps every shortcut to its action. */
#define G_LOG_DOMAIN "ps-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-application.h"
#include "ps-help.h"
#include "ps-frame-slice.h"
#include "ps-renderer.h"
#include "ps-window.h"

struct _PsApplication
{
  AdwApplication parent_instance;
  gboolean run_on_activate; /* --run: start the scenario as soon as the window is up */
};

G_DEFINE_FINAL_TYPE (PsApplication, ps_application, ADW_TYPE_APPLICATION)

static void
ps_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* A second launch raises the window the first one opened instead of racing a second run. */
  if (window == NULL)
    window = GTK_WINDOW (ps_window_new (GTK_APPLICATION (app)));
  gtk_window_present (window);
  if (PS_APPLICATION (app)->run_on_activate)
    {
      PS_APPLICATION (app)->run_on_activate = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
    }
}

/* app.run: the active window's win.run, so that `poolscope --run` reaches a window that a first
 * instance already shows. */
static void
run_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
}

static int
ps_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autoptr (GError) error = NULL;

  if (!g_variant_dict_contains (options, "run"))
    return -1;
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("poolscope: %s\n", error->message);
      return 1;
    }
  /* Another instance owns the window: ask it to show it and run, then leave. */
  if (g_application_get_is_remote (app))
    {
      g_application_activate (app);
      g_action_group_activate_action (G_ACTION_GROUP (app), "run", NULL);
      return 0;
    }
  PS_APPLICATION (app)->run_on_activate = TRUE;
  return -1;
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Poolscope developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Poolscope"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Poolscope developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A live laboratory for concurrency strategies: race pool "
                                      "strategies on a real workload and watch throughput, "
                                      "contention and latency while you turn the knobs."),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Destroying the windows disposes their sessions, which stops and joins any run before the
   * process exits. */
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_destroy (window);
    }
  g_application_quit (app);
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  ps_help_show (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

/* Calibrates the engine (the clock, the CPU work kernel, copies: ~0.2-0.3 s) while the window
 * comes up, so the first Run starts measuring at once. A Run pressed sooner waits for it on the
 * run's own thread, never on the main one. */
static gpointer
calibrate_in_background (gpointer data)
{
  PsMachine machine;

  ps_calibrate (&machine);
  return NULL;
}

static void
ps_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "about", about_activated },
    { "help", help_activated },
    { "quit", quit_activated },
    { "run", run_activated },
  };
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.run", { "<Control>r", NULL } },
    { "win.stop", { "Escape", NULL } },
    { "win.sweep", { "<Control><Shift>r", NULL } },
    { "win.show-view('live')", { "<Alt>1", NULL } },
    { "win.show-view('sweep')", { "<Alt>2", NULL } },
    { "win.show-view('compare')", { "<Alt>3", NULL } },
    { "win.show-view('lessons')", { "<Alt>4", NULL } },
    { "win.undo-knob", { "<Control>z", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.presets", { "<Control>p", NULL } },
    { "win.save-preset", { "<Control>s", NULL } },
    { "win.save-preset-as", { "<Control><Shift>s", NULL } },
    { "win.export-chart('throughput')", { "<Control>e", NULL } },
    { "win.export-chart('measure')", { "<Control><Shift>e", NULL } },
    { "app.help", { "F1", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (ps_application_parent_class)->startup (app);
  /* Before any window exists: GSK reads the choice when it makes its first renderer. */
  ps_renderer_choose (gdk_display_get_default ());
  ps_frame_slice_request (PS_FRAME_SLICE_NS);
  g_thread_unref (g_thread_new ("ps-calibrate", calibrate_in_background, NULL));

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

/* `poolscope FILE…`: each results file is shown (and joins the history), each preset file is
 * applied; a file that does not open says why in the window. */
static void
ps_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GtkWindow *window;

  ps_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autoptr (GError) error = NULL;

      if (path == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     _("Poolscope opens files on this computer only"));
      else
        ps_window_open_file (PS_WINDOW (window), path, &error);
      if (error != NULL)
        {
          g_printerr ("poolscope: %s\n", error->message);
          ps_window_toast (PS_WINDOW (window), error->message);
        }
    }
}

static void
ps_application_class_init (PsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->open = ps_application_open;
  app_class->activate = ps_application_activate;
  app_class->startup = ps_application_startup;
  app_class->handle_local_options = ps_application_handle_local_options;
}

static void
ps_application_init (PsApplication *self)
{
  static const GOptionEntry options[] = {
    { "run", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start a run with the last scenario as soon as the window opens"), NULL },
    { NULL },
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

/**
 * ps_application_new:
 *
 * Returns: (transfer full): the application; its resources live under
 *   /org/poolscope/Poolscope, where GtkApplication also finds gtk/help-overlay.ui
 */
PsApplication *
ps_application_new (void)
{
  return g_object_new (PS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/poolscope/Poolscope",
                       NULL);
}
