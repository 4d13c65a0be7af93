/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-german.c: the window in German, from the catalog this build compiled from
 * po/de.po (PS_BUILD_LOCALEDIR): the .ui file's labels, the sidebar's knob labels, the view
 * titles, and after a short run the status line, the results table's headings and its caption.
 * Each check compares what the window shows with the catalog's msgstr and with the English msgid,
 * so it fails when the catalog is not found, not built, or not used, and does not tie the test to
 * one wording of the translation. Needs the de_DE.UTF-8 locale (.ci/install-deps generates it);
 * meson sets LANGUAGE=de and LC_ALL=de_DE.UTF-8. */
#define G_LOG_DOMAIN "test-window"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "window-test-util.h"

#define DOMAIN "poolscope"

/* The German msgstr of @msgid, which must differ from it: the catalog is loaded. */
static const char *
german (const char *msgid)
{
  const char *msgstr = g_dgettext (DOMAIN, msgid);

  if (g_strcmp0 (msgstr, msgid) == 0)
    g_test_message ("“%s” is not translated: is %s/de/LC_MESSAGES/%s.mo built and current?",
                    msgid, PS_BUILD_LOCALEDIR, DOMAIN);
  g_assert_cmpstr (msgstr, !=, msgid);
  return msgstr;
}

/* The part of a translated format before its first directive: "Abgeschlossen: " of
 * "Abgeschlossen: %s pro Strategie gemessen". */
static char *
format_prefix (const char *format)
{
  const char *percent = strchr (format, '%');

  return g_strndup (format, percent != NULL ? (gsize) (percent - format) : strlen (format));
}

static void
test_labels (void)
{
  PsWindow *window = ps_window_new (NULL);
  GtkWidget *editor;
  GtkWidget *row;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* From ps-window.ui, through GtkBuilder and the default text domain. */
  g_assert_cmpstr (gtk_button_get_label (window->run_button), ==, german ("_Run"));
  g_assert_cmpstr (gtk_button_get_label (window->stop_button), ==, german ("_Stop"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->run_button)), ==,
                   german ("Run the selected strategies (Ctrl+R)"));
  g_assert_nonnull (find_label (GTK_WIDGET (window), german ("Results")));
  g_assert_null (find_label (GTK_WIDGET (window), "Results"));
  g_assert_nonnull (find_label (GTK_WIDGET (window), german ("What This Shows")));
  g_assert_cmpstr (adw_view_stack_page_get_title (
                     adw_view_stack_get_page (window->view_stack,
                                              adw_view_stack_get_child_by_name (window->view_stack,
                                                                                "sweep"))),
                   ==, german ("S_weep"));
  g_assert_cmpstr (adw_view_stack_page_get_title (
                     adw_view_stack_get_page (window->view_stack,
                                              adw_view_stack_get_child_by_name (window->view_stack,
                                                                                "compare"))),
                   ==, german ("_Compare"));

  /* From the code: a knob's row in the sidebar. */
  editor = ps_window_get_knob_editor (window, PS_KNOB_WORK);
  row = gtk_widget_get_ancestor (editor, ADW_TYPE_PREFERENCES_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   german ("Work per task"));

  save_screenshot (GTK_WIDGET (window), "german");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_run (void)
{
  PsWindow *window = new_window ("300ms");
  g_autofree char *finished = format_prefix (german ("Finished: %s measured per strategy"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  wait_until_finished (window);

  g_assert_cmpstr (finished, !=, "Finished: ");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (window->status_label), finished));
  g_assert_cmpuint (ps_window_get_n_result_rows (window), >, 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_grid_get_child_at (window->results_grid,
                                                                          1, 0))),
                   ==, german ("Tasks/s"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_grid_get_child_at (window->results_grid,
                                                                          7, 0))),
                   ==, german ("Speedup"));
  g_assert_nonnull (strstr (gtk_label_get_label (window->results_caption),
                            german ("Whole run, warm-up left out. Hover a column heading for how "
                                    "it is measured.")));
  /* The chart widget's own texts come from the same catalogue: its summary for screen readers. */
  {
    g_autofree char *summary = ps_chart_dup_summary (window->throughput_chart);
    g_autofree char *chart_kind = format_prefix (
      g_dngettext (DOMAIN, "Time series chart of %u series", "Time series chart of %u series", 3));

    g_assert_cmpstr (chart_kind, !=, "Time series chart of ");
    g_assert_true (g_str_has_prefix (summary, chart_kind));
  }
  save_screenshot (GTK_WIDGET (window), "german-finished");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_no_locale (void)
{
  g_test_skip ("no German locale: run with LC_ALL=de_DE.UTF-8, generated by locale-gen");
}

int
main (int   argc,
      char *argv[])
{
  /* gtk_init sets the locale again, and warns (fatally, under gtk_test_init) where it is
   * missing: without it, skip rather than abort. */
  if (setlocale (LC_ALL, "") == NULL || !g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "de"))
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/ui/window-german/labels", test_no_locale);
      return g_test_run ();
    }
  bindtextdomain (DOMAIN, PS_BUILD_LOCALEDIR);
  bind_textdomain_codeset (DOMAIN, "UTF-8");
  textdomain (DOMAIN);

  window_test_init (&argc, &argv);
  g_test_add_func ("/ui/window-german/labels", test_labels);
  g_test_add_func ("/ui/window-german/run", test_run);
  return g_test_run ();
}
