/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-sweep.c: the window's Sweep and Compare views under Xvfb, on the default renderer:
 * a real sweep with a crossing drawn and said, refused ranges, Stop keeping points, and the
 * history compared and re-run. Apart from test-window so the two programs run side by side. */
#define G_LOG_DOMAIN "test-window"

#include <glib/gstdio.h>
#include <string.h>

#include "window-test-util.h"

/* Sets up the Sweep view's knob and range through its widgets. */
static void
set_up_sweep (PsWindow   *window,
              PsKnob      knob,
              const char *from,
              const char *to,
              guint       points)
{
  guint i;

  for (i = 0; i < window->n_sweep_knobs && window->sweep_knobs[i] != knob; i++)
    ;
  g_assert_cmpuint (i, <, window->n_sweep_knobs);
  gtk_drop_down_set_selected (window->sweep_knob_dropdown, i);
  gtk_editable_set_text (GTK_EDITABLE (window->sweep_from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (window->sweep_to_entry), to);
  gtk_spin_button_set_value (window->sweep_points_spin, points);
  gtk_check_button_set_active (window->sweep_log_check, TRUE);
}

static void
wait_until_sweep_finished (PsWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 2 * RUN_TIMEOUT_S * G_USEC_PER_SEC;

  while (_ps_window_is_sweeping (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (_ps_window_is_sweeping (window));
}

/* legacy (a new isolate per task, 200 µs to start one, on 2 threads) against single over the
 * I/O delay: with 10 µs of I/O the isolate's start-up costs more than a second thread saves, and
 * with 10 ms two threads wait out two tasks' I/O at once, so the curves cross in between. The
 * crossing does not need a second free core (waiting for I/O takes none): on a CI machine busy
 * with other suites it is still there. It must show as a marker and as a sentence, with every
 * point of the report on the chart. */
static void
test_sweep_break_even (void)
{
  PsWindow *window = new_window ("1s");
  GtkWidget *widget = GTK_WIDGET (window);
  const char *const legacy_only[] = { "legacy", NULL };
  PsSweepSession *session;
  const PsSweepReport *report;
  PsChartModel *model;
  g_autofree char *dir = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  type_knob (window, PS_KNOB_THREADS, "2");
  type_knob (window, PS_KNOB_PAYLOAD, "64");
  type_knob (window, PS_KNOB_INIT, "200us");
  select_strategies (window, legacy_only);
  g_assert_true (gtk_widget_activate_action (widget, "win.show-view", "s", "sweep"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "sweep");
  set_up_sweep (window, PS_KNOB_IO_DELAY, "10us", "10ms", 4);
  save_screenshot (widget, "sweep-idle");

  g_assert_true (gtk_widget_activate_action (widget, "win.sweep", NULL));
  g_assert_cmpstr (gtk_label_get_label (window->sweep_error_label), ==, "");
  g_assert_true (_ps_window_is_sweeping (window));
  session = ps_window_get_sweep_session (window);
  g_assert_nonnull (session);
  /* Run and Sweep are refused while a sweep measures; Stop is offered. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "run"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "sweep"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "stop"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->stop_button)));
  while (_ps_window_is_sweeping (window) && ps_sweep_session_get_grid_done (session) < 4)
    g_main_context_iteration (NULL, TRUE);
  save_screenshot (widget, "sweep-running");
  wait_until_sweep_finished (window);

  report = ps_sweep_session_get_report (session);
  model = ps_window_get_sweep_model (window);
  g_assert_cmpint (ps_sweep_session_get_code (session), ==, 0);
  g_assert_cmpuint (report->n_series, ==, 2);
  for (guint s = 0; s < report->n_series; s++)
    g_assert_cmpuint (ps_chart_model_get_n_points (model, s), ==, report->series[s].n_points);
  g_test_message ("findings: %s", ps_window_get_sweep_findings (window));
  g_assert_cmpuint (report->n_crossings, >=, 1);
  g_assert_cmpuint (ps_chart_model_get_n_break_evens (model), ==, report->n_crossings);
  g_assert_nonnull (strstr (ps_window_get_sweep_findings (window), "legacy beats single when"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "run"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "sweep"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->stop_button)));
  save_screenshot (widget, "sweep-done");

  /* The sweep chart exports like the live ones. */
  dir = g_dir_make_tmp ("poolscope-sweep-XXXXXX", &error);
  g_assert_no_error (error);
  svg = g_build_filename (dir, "sweep.svg", NULL);
  g_assert_true (ps_window_export_chart (window, "sweep", svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_unlink (svg);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A reversed range is refused in the view, naming the knob; Stop keeps what was measured. */
static void
test_sweep_refused_and_stopped (void)
{
  PsWindow *window = new_window ("1s");
  GtkWidget *widget = GTK_WIDGET (window);
  PsSweepSession *session;
  const PsSweepReport *report;
  guint kept = 0;

  set_up_sweep (window, PS_KNOB_PAYLOAD, "1MiB", "64B", 5);
  g_assert_true (gtk_widget_activate_action (widget, "win.sweep", NULL));
  g_assert_false (_ps_window_is_sweeping (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->sweep_error_label)));
  g_test_message ("refused: %s", gtk_label_get_label (window->sweep_error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (window->sweep_error_label), "payload"));

  set_up_sweep (window, PS_KNOB_PAYLOAD, "nonsense", "64B", 5);
  g_assert_true (gtk_widget_activate_action (widget, "win.sweep", NULL));
  g_assert_false (_ps_window_is_sweeping (window));
  g_assert_nonnull (strstr (gtk_label_get_label (window->sweep_error_label), "from"));

  set_up_sweep (window, PS_KNOB_PAYLOAD, "64B", "1MiB", 12);
  g_assert_true (gtk_widget_activate_action (widget, "win.sweep", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->sweep_error_label)));
  session = ps_window_get_sweep_session (window);
  while (_ps_window_is_sweeping (window) && ps_sweep_session_get_grid_done (session) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (widget, "win.stop", NULL));
  wait_until_sweep_finished (window);
  g_assert_cmpint (ps_sweep_session_get_code (session), ==, PS_ECANCELED);
  report = ps_sweep_session_get_report (session);
  for (guint s = 0; s < report->n_series; s++)
    {
      kept += report->series[s].n_points;
      g_assert_cmpuint (ps_chart_model_get_n_points (ps_window_get_sweep_model (window), s), ==,
                        report->series[s].n_points);
    }
  g_assert_cmpuint (kept, >=, 2);
  g_assert_nonnull (strstr (gtk_label_get_label (window->sweep_status_label), "Stopped"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every run joins the history; two ticked runs become bars side by side and a table whose
 * highlighted row is the knob they differ in; re-running the first puts its knobs back. */
static void
test_compare_runs (void)
{
  PsWindow *window = new_window ("300ms");
  GtkWidget *widget = GTK_WIDGET (window);
  const char *const pair[] = { "single", "queue", NULL };
  PsChartModel *model;
  guint first;

  select_strategies (window, pair);
  type_knob (window, PS_KNOB_WARMUP_TIME, "0");
  type_knob (window, PS_KNOB_THREADS, "1");
  g_assert_cmpuint (ps_window_get_n_records (window), ==, 0);
  g_assert_true (gtk_widget_activate_action (widget, "win.run", NULL));
  wait_until_finished (window);
  first = ps_window_get_n_records (window);
  g_assert_cmpuint (first, ==, 1);
  type_knob (window, PS_KNOB_THREADS, "2");
  g_assert_true (gtk_widget_activate_action (widget, "win.run", NULL));
  wait_until_finished (window);
  g_assert_cmpuint (ps_window_get_n_records (window), ==, 2);

  g_assert_true (gtk_widget_activate_action (widget, "win.show-view", "s", "compare"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "compare");
  g_assert_true (ps_window_select_record (window, 1, TRUE));
  g_assert_true (ps_window_select_record (window, 2, TRUE));
  model = ps_window_get_compare_model (window);
  g_assert_cmpint (ps_chart_model_get_kind (model), ==, PS_CHART_KIND_BARS);
  g_assert_cmpuint (ps_chart_model_get_n_bars (model), ==, 4);
  g_assert_true (g_strv_contains (ps_window_get_compare_highlighted (window), "Threads"));
  g_assert_cmpuint (g_strv_length ((char **) ps_window_get_compare_highlighted (window)), ==, 1);
  save_screenshot (widget, "compare");

  /* Unticking one leaves its bars out. */
  g_assert_true (ps_window_select_record (window, 2, FALSE));
  g_assert_cmpuint (ps_chart_model_get_n_bars (ps_window_get_compare_model (window)), ==, 2);

  /* Re-run #1: its thread count comes back (undoably) and it runs again as #3. */
  g_assert_true (gtk_widget_activate_action (widget, "win.rerun", "u", 1));
  g_assert_cmpuint (ps_window_get_scenario (window)->threads, ==, 1);
  g_assert_true (is_running (window));
  wait_until_finished (window);
  g_assert_cmpuint (ps_window_get_n_records (window), ==, 3);
  g_assert_true (gtk_widget_activate_action (widget, "win.undo-knob", NULL));
  g_assert_cmpuint (ps_window_get_scenario (window)->threads, ==, 2);

  /* The history keeps the newest PS_WINDOW_HISTORY_MAX results, and any ticked one: #1 stays,
   * #2, the oldest unticked, goes first. */
  g_assert_true (ps_window_select_record (window, 1, TRUE));
  while (window->n_records < 3 + PS_WINDOW_HISTORY_MAX)
    _ps_window_history_add_run (window, ps_session_get_report (ps_window_get_session (window)),
                                NULL);
  g_assert_cmpuint (ps_window_get_n_records (window), ==, PS_WINDOW_HISTORY_MAX);
  g_assert_true (ps_window_select_record (window, 1, TRUE));
  g_assert_false (ps_window_select_record (window, 2, TRUE));
  g_assert_false (ps_window_select_record (window, 4, TRUE));
  g_assert_true (ps_window_select_record (window, 5, TRUE));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);
  g_test_add_func ("/ui/window/compare-runs", test_compare_runs);
  g_test_add_func ("/ui/window/sweep-break-even", test_sweep_break_even);
  g_test_add_func ("/ui/window/sweep-refused-and-stopped", test_sweep_refused_and_stopped);
  return g_test_run ();
}
