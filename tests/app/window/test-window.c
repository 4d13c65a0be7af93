/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: drives the real window under Xvfb: a short run to the end, a stop mid-run,
 * refused knob input, undo, chart export, the second measure, the Explain list, a lesson, and a
 * screenshot of each state for people to look at. It runs on GTK's default renderer (GL on
 * Xvfb's llvmpipe), where the charts redraw every frame during a run: the engine's events must
 * still get through. */
#define G_LOG_DOMAIN "test-window"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ps-help.h"
#include "ps-renderer.h"
#include "ps-explain.h"
#include "window-test-util.h"

/* The throughput samples of one strategy's measured time slices, averaged by the test itself. */
typedef struct
{
  GArray *t[PS_MAX_STRATEGIES]; /* double: each slice's mean time, per strategy */
  GArray *y[PS_MAX_STRATEGIES]; /* double: each slice's mean throughput */
  guint strategy; /* of the slice being summed */
  guint segment;
  guint n;
  double t_sum, y_sum;
} SliceMeans;

static void
slice_means_close (SliceMeans *means)
{
  double t, y;

  if (means->n == 0)
    return;
  t = means->t_sum / means->n;
  y = means->y_sum / means->n;
  g_array_append_val (means->t[means->strategy], t);
  g_array_append_val (means->y[means->strategy], y);
  means->n = 0;
  means->t_sum = means->y_sum = 0;
}

static void
on_sample_for_means (PsSession      *session,
                     const PsSample *sample,
                     SliceMeans     *means)
{
  if (means->n > 0 && (sample->strategy != means->strategy || sample->segment != means->segment))
    slice_means_close (means);
  if (sample->warmup)
    return;
  means->strategy = sample->strategy;
  means->segment = sample->segment;
  means->t_sum += sample->t_s;
  means->y_sum += sample->throughput_per_s;
  means->n++;
}

static void
test_run_to_the_end (void)
{
  PsWindow *window = new_window ("1s");
  const PsScenario *s = ps_window_get_scenario (window);
  PsSession *session;
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;

  g_assert_cmpuint (s->n_strategies, ==, 3);
  g_assert_cmpuint (s->duration_ns, ==, 1000000000);
  save_screenshot (GTK_WIDGET (window), "idle");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (is_running (window));
  session = ps_window_get_session (window);
  g_assert_nonnull (session);
  /* Samples reach the main loop only once it iterates: every one is seen from here on. */
  SliceMeans means = { 0 };
  for (guint i = 0; i < s->n_strategies; i++)
    {
      means.t[i] = g_array_new (FALSE, FALSE, sizeof (double));
      means.y[i] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  gulong handler = g_signal_connect (session, "sample", G_CALLBACK (on_sample_for_means), &means);

  /* Halfway through, so the screenshot shows the live charts. */
  while (is_running (window) && ps_session_get_progress (session) < 0.5)
    g_main_context_iteration (NULL, TRUE);
  save_screenshot (GTK_WIDGET (window), "running");

  wait_until_finished (window);
  g_assert_cmpuint (ps_session_get_n_samples (session), >, 0);
  g_assert_nonnull (ps_session_get_report (session));
  g_assert_true (ps_session_get_report (session)->completed);
  g_assert_cmpuint (ps_window_get_n_result_rows (window), ==, s->n_strategies);
  for (guint i = 0; i < s->n_strategies; i++)
    {
      const char *tput = ps_window_get_result_cell (window, i, 1);

      g_assert_cmpstr (ps_window_get_result_cell (window, i, 0), ==, s->strategies[i].name);
      g_assert_nonnull (tput);
      g_assert_cmpfloat (g_ascii_strtod (tput, NULL), >, 0);
    }
  save_screenshot (GTK_WIDGET (window), "finished");

  /* The caption says which strategies ran on a busy machine, exactly those, in one sentence. */
  {
    const PsReport *report = ps_session_get_report (session);
    const char *caption = gtk_label_get_label (window->results_caption);
    const char *start = strstr (caption, "busy while ");
    g_auto (GStrv) busy = NULL;

    if (start != NULL)
      {
        const char *names = start + strlen ("busy while ");
        g_autofree char *list = g_strndup (names, strstr (names, " ran:") - names);

        busy = g_strsplit (list, ", ", -1);
        g_assert_null (strstr (start + 1, "busy while "));
      }
    for (guint i = 0; i < s->n_strategies; i++)
      {
        gboolean said = busy != NULL && g_strv_contains ((const char *const *) busy,
                                                         s->strategies[i].name);

        g_assert_cmpint (said, ==,
                         report->strategies[i].total.interference.other_cpu_pct
                           > PS_INTERFERENCE_BUSY_PCT);
      }
  }

  /* The time the workers sat runnable, per sample: a point for every strategy's samples. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.measure", "s",
                                             "runnable"));
  for (guint i = 0; i < s->n_strategies; i++)
    g_assert_cmpuint (ps_chart_model_get_n_points (window->measure_models[PS_MEASURE_RUNNABLE], i),
                      >, 0);
  save_screenshot (GTK_WIDGET (window), "finished-runnable");

  /* The latency distribution of the whole run: each strategy's shares add up to 100%, and it
   * spans the bins from below its p50 to at least its p99. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.measure", "s",
                                             "histogram"));
  PsChartModel *histogram = window->measure_models[PS_MEASURE_HISTOGRAM];
  g_assert_true (ps_chart_get_model (window->measure_chart) == histogram);
  for (guint i = 0; i < s->n_strategies; i++)
    {
      const PsResult *r = &ps_session_get_report (session)->strategies[i].total;
      double sum = 0, y;
      guint covered = 0;

      for (guint b = 0; b < PS_LATENCY_BINS; b++)
        {
          double mid = (ps_latency_bin_low_ns (b) + ps_latency_bin_low_ns (b + 1)) / 2 / 1e9;

          if (ps_chart_model_value_at (histogram, i, mid, &y) && r->latency_bins.counts[b] > 0)
            {
              g_assert_cmpfloat (fabs (y - 100.0 * r->latency_bins.counts[b] / r->tasks_completed),
                                 <, 1e-9);
              sum += y;
              covered++;
            }
        }
      g_test_message ("%s: %u bins, %.3f%%", s->strategies[i].name, covered, sum);
      g_assert_cmpuint (covered, >, 0);
      g_assert_cmpfloat (fabs (sum - 100.0), <, 1e-6);
    }
  save_screenshot (GTK_WIDGET (window), "finished-histogram");

  /* The results as CSV, written under a decimal-comma locale: one row per strategy, numbers with
   * a dot that read back to the report's figures. */
  {
    g_autofree char *csv_dir = g_dir_make_tmp ("poolscope-csv-XXXXXX", NULL);
    g_autofree char *csv_path = g_build_filename (csv_dir, "results.csv", NULL);
    g_autofree char *csv = NULL;
    g_auto (GStrv) lines = NULL;
    g_autofree char *old_numeric = g_strdup (setlocale (LC_NUMERIC, NULL));
    gboolean comma_locale = setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL;
    g_autoptr (GError) csv_error = NULL;

    g_test_message ("CSV written under %s", comma_locale ? "de_DE.UTF-8" : "the C locale");
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export-results"));
    g_assert_true (ps_window_export_results (window, csv_path, &csv_error));
    g_assert_no_error (csv_error);
    setlocale (LC_NUMERIC, old_numeric);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, s->n_strategies + 2); /* header, rows, "" */
    g_assert_true (g_str_has_prefix (lines[0], "strategy,tasks,wall_s,throughput_per_s,"));
    for (guint i = 0; i < s->n_strategies; i++)
      {
        g_auto (GStrv) fields = g_strsplit (lines[i + 1], ",", -1);
        const PsResult *r = &ps_session_get_report (session)->strategies[i].total;

        g_assert_cmpuint (g_strv_length (fields), ==, 16);
        g_assert_cmpstr (fields[0], ==, s->strategies[i].name);
        g_assert_cmpfloat (g_ascii_strtod (fields[1], NULL), ==, (double) r->tasks_completed);
        g_assert_cmpfloat (fabs (g_ascii_strtod (fields[3], NULL) / r->throughput_per_s - 1), <,
                           1e-5);
      }
    g_unlink (csv_path);
    g_rmdir (csv_dir);
  }

  /* Interleaved slices: each strategy's trend line has one point per measured slice, at the
   * slice's mean time and mean throughput, as computed here from the samples themselves. */
  g_signal_handler_disconnect (session, handler);
  slice_means_close (&means);
  PsChartModel *model = ps_chart_get_model (window->throughput_chart);
  g_assert_cmpint (s->order, ==, PS_ORDER_INTERLEAVED);
  g_assert_cmpuint (ps_chart_model_get_n_series (model), ==, 2 * s->n_strategies);
  for (guint i = 0; i < s->n_strategies; i++)
    {
      guint trend = s->n_strategies + i;

      g_assert_cmpstr (ps_chart_model_get_series_name (model, trend), ==,
                       s->strategies[i].name);
      g_assert_cmpuint (means.t[i]->len, >=, 2);
      g_assert_cmpuint (ps_chart_model_get_n_points (model, trend), ==, means.t[i]->len);
      for (guint k = 0; k < means.t[i]->len; k++)
        {
          double y = NAN;
          g_assert_true (ps_chart_model_value_at (model, trend,
                                                  g_array_index (means.t[i], double, k), &y));
          g_assert_cmpfloat_with_epsilon (y, g_array_index (means.y[i], double, k),
                                          1e-6 * (1 + y));
        }
      g_array_unref (means.t[i]);
      g_array_unref (means.y[i]);
    }

  /* Export: a PNG written atomically, then two refusals with a message that says why. */
  dir = g_dir_make_tmp ("poolscope-export-XXXXXX", &error);
  g_assert_no_error (error);
  png = g_build_filename (dir, "chart.png", NULL);
  g_assert_true (ps_window_export_chart (window, "throughput", png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);

  bad = g_build_filename (dir, "missing-folder", "chart.png", NULL);
  g_assert_false (ps_window_export_chart (window, "throughput", bad, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (strstr (error->message, "chart.png") != NULL ? "named" : error->message, ==,
                   "named");
  g_clear_error (&error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_clear_pointer (&bad, g_free);
  bad = g_build_filename (dir, "chart.txt", NULL);
  g_assert_false (ps_window_export_chart (window, "throughput", bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);

  /* The vector formats, told apart by their first bytes. */
  for (guint i = 0; i < 2; i++)
    {
      const char *names[] = { "chart.svg", "chart.pdf" };
      const char *magic[] = { "<?xml", "%PDF-" };
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *head = NULL;

      g_clear_error (&error);
      g_assert_true (ps_window_export_chart (window, i == 0 ? "throughput" : "measure", path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &head, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (head, 5, magic[i], 5);
      g_assert_cmpint (g_remove (path), ==, 0);
    }

  /* Kept next to the screenshots when asked, for people to look at. */
  if (g_getenv ("PS_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *keep = g_build_filename (g_getenv ("PS_SCREENSHOT_DIR"),
                                                "chart-export.png", NULL);

      g_assert_true (ps_window_export_chart (window, "throughput", keep, NULL));
    }

  g_assert_cmpint (g_remove (png), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_stop_mid_run (void)
{
  PsWindow *window = new_window ("60s");
  PsSession *session;
  gint64 stop_time, deadline;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  session = ps_window_get_session (window);
  /* Past the warm-up (each of the 3 strategies warms up for 200 ms, in 200 ms slices), so the
   * change splits measured time into a before and an after. */
  while (ps_session_get_n_samples (session) < 12 && is_running (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (is_running (window));

  /* A live knob change goes to the engine and leaves a marker; no error toast path. */
  type_knob (window, PS_KNOB_WORK, "40us");
  g_assert_cmpuint (ps_window_get_scenario (window)->work_ns, ==, 40000);
  g_assert_null (ps_window_get_knob_error (window, PS_KNOB_WORK));

  /* Well past the knob change, so every strategy measured after it. */
  while (ps_session_get_n_samples (session) < 24 && is_running (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (is_running (window));
  /* The change's segment-opened event got through while the charts redrew every frame. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ps_chart_model_get_n_markers (ps_chart_get_model (window->throughput_chart)) == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ps_chart_model_get_n_markers (ps_chart_get_model (window->throughput_chart)),
                    ==, 1);
  /* The subtitle (so an export) and the status line name the change, not only the start. */
  const char *subtitle = ps_chart_model_get_subtitle (ps_chart_get_model (window->throughput_chart));
  g_test_message ("subtitle: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "then Work per task 40 µs at "));
  g_assert_nonnull (strstr (gtk_label_get_label (window->status_label), "40 µs at "));
  g_assert_true (ps_chart_get_live (window->throughput_chart));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->run_button)));

  stop_time = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  wait_until_finished (window);
  /* The engine promises ~100 ms plus one task; allow a loaded CI machine plenty more. */
  g_assert_cmpint (g_get_monotonic_time () - stop_time, <, 5 * G_USEC_PER_SEC);
  g_assert_nonnull (ps_session_get_report (session));
  g_assert_false (ps_session_get_report (session)->completed);
  /* Each strategy's row, then one for before and one for after the change. */
  g_assert_cmpuint (ps_window_get_n_result_rows (window), ==, 3 * 3);
  guint changed_rows = 0;
  for (guint row = 0; row < ps_window_get_n_result_rows (window); row++)
    changed_rows += strstr (ps_window_get_result_cell (window, row, 0),
                            ":\nWork per task 40 µs") != NULL;
  g_test_message ("%u result rows, %u after the change", ps_window_get_n_result_rows (window),
                  changed_rows);
  g_assert_cmpuint (changed_rows, ==, 3);
  /* At the default size every column fits: nothing waits behind a sideways scroll. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (window->results_grid),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    int natural;

    gtk_widget_measure (GTK_WIDGET (window->results_grid), GTK_ORIENTATION_HORIZONTAL, -1, NULL,
                        &natural, NULL, NULL);
    g_test_message ("results table %d px wide in %.0f px", natural,
                    gtk_adjustment_get_page_size (h));
    g_assert_cmpfloat (natural, <=, gtk_adjustment_get_page_size (h));
  }
  g_assert_nonnull (strstr (gtk_label_get_label (window->results_caption), "indented rows"));
  g_assert_false (ps_chart_get_live (window->throughput_chart));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->run_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->stop_button)));
  save_screenshot (GTK_WIDGET (window), "stopped");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_knob_out_of_range (void)
{
  PsWindow *window = new_window ("1s");
  const PsScenario *s = ps_window_get_scenario (window);
  const char *message;

  /* Knobs are remembered in GSettings (the memory backend lasts for this process): the work
   * set live in /ui/window/stop-mid-run is what a new window starts with. */
  if (s->work_ns != 20000)
    g_assert_cmpuint (s->work_ns, ==, 40000);

  type_knob (window, PS_KNOB_THREADS, "3");
  g_assert_cmpuint (s->threads, ==, 3);

  type_knob (window, PS_KNOB_THREADS, "5000");
  message = ps_window_get_knob_error (window, PS_KNOB_THREADS);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "1024"));
  g_assert_nonnull (strstr (message, "5000"));
  g_assert_cmpuint (s->threads, ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ps_window_get_knob_editor (
                     window, PS_KNOB_THREADS))), ==, "3");

  type_knob (window, PS_KNOB_PAYLOAD, "lots");
  message = ps_window_get_knob_error (window, PS_KNOB_PAYLOAD);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "lots"));
  save_screenshot (GTK_WIDGET (window), "knob-error");

  /* Human units are understood, and a good value clears the message. */
  type_knob (window, PS_KNOB_PAYLOAD, "64KiB");
  g_assert_null (ps_window_get_knob_error (window, PS_KNOB_PAYLOAD));
  g_assert_cmpuint (s->payload_bytes, ==, 65536);

  /* Undo walks back one change at a time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-knob", NULL));
  g_assert_cmpuint (s->payload_bytes, ==, 4096);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-knob", NULL));
  g_assert_cmpuint (s->threads, ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The second measure is a stateful action: the action, the property and the dropdown agree
 * whichever of them changes it. Buttons show their actions' enabled state as sensitivity. */
static void
test_measure_action (void)
{
  PsWindow *window = new_window ("1s");
  GtkWidget *widget = GTK_WIDGET (window);
  g_autofree char *measure = NULL;

  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->run_button)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->stop_button)));

  g_object_get (window, "measure", &measure, NULL);
  g_assert_cmpstr (measure, ==, "p99");
  g_assert_cmpuint (gtk_drop_down_get_selected (window->measure_dropdown), ==, 0);

  g_assert_true (gtk_widget_activate_action (widget, "win.measure", "s", "wait"));
  g_clear_pointer (&measure, g_free);
  g_object_get (window, "measure", &measure, NULL);
  g_assert_cmpstr (measure, ==, "wait");
  g_assert_cmpuint (gtk_drop_down_get_selected (window->measure_dropdown), ==, PS_MEASURE_WAIT);

  gtk_drop_down_set_selected (window->measure_dropdown, PS_MEASURE_HOLD);
  g_clear_pointer (&measure, g_free);
  g_object_get (window, "measure", &measure, NULL);
  g_assert_cmpstr (measure, ==, "hold");
  g_assert_cmpstr (gtk_label_get_label (window->measure_caption), ==,
                   _ps_window_measure_caption (PS_MEASURE_HOLD));

  gtk_drop_down_set_selected (window->measure_dropdown, PS_MEASURE_RUNNABLE);
  g_clear_pointer (&measure, g_free);
  g_object_get (window, "measure", &measure, NULL);
  g_assert_cmpstr (measure, ==, "runnable");
  gtk_drop_down_set_selected (window->measure_dropdown, PS_MEASURE_HOLD);

  /* An unknown name changes nothing. */
  g_assert_true (gtk_widget_activate_action (widget, "win.measure", "s", "nonsense"));
  g_assert_cmpuint (gtk_drop_down_get_selected (window->measure_dropdown), ==, PS_MEASURE_HOLD);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* At the smallest size the window allows (720×480), every view fits: whatever does not fit
 * scrolls or wraps instead of being cut off, so the window's minimum size, with results and
 * both views filled, stays within it. */
/* How many view switchers inside @widget are on screen (mapped and not squeezed away). */
static guint
count_mapped_switchers (GtkWidget *widget)
{
  guint n = ADW_IS_VIEW_SWITCHER (widget) && gtk_widget_get_mapped (widget) &&
            gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mapped_switchers (child);
  return n;
}

static void
test_minimum_size (void)
{
  PsWindow *window = new_window ("300ms");
  GtkWidget *widget = GTK_WIDGET (window);
  const char *const views[] = { "live", "sweep" };
  int min_width, min_height;

  g_assert_true (gtk_widget_activate_action (widget, "win.run", NULL));
  wait_until_finished (window);
  g_assert_cmpuint (ps_window_get_n_result_rows (window), >, 0);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_assert_true (gtk_widget_activate_action (widget, "win.show-view", "s", views[v]));
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, 720, &min_height, NULL, NULL, NULL);
      g_test_message ("%s view: minimum %d × %d", views[v], min_width, min_height);
      g_assert_cmpint (min_width, <=, 720);
      g_assert_cmpint (min_height, <=, 480);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 480);
  gtk_window_unmaximize (GTK_WINDOW (window));
  /* Until the window has its new width and the title bar's crossfade between switcher and title
   * (AdwSqueezer's 200 ms) is over. */
  for (gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
       g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  g_test_message ("window at %d × %d", gtk_widget_get_width (widget),
                  gtk_widget_get_height (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), <=, 760); /* 720 and the frame's shadow */
  /* Every view stays one click away: a view switcher is on screen, in the title bar or, where
   * that is too narrow, in the bar below the views. */
  g_assert_cmpuint (count_mapped_switchers (widget), ==, 1);
  g_assert_true (adw_view_switcher_bar_get_reveal (window->view_switcher_bar) ==
                 adw_view_switcher_title_get_title_visible (window->view_switcher_title));
  save_screenshot (widget, "minimum-size");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* F1's help page: a section for each view, for the charts and for the measures. */
static void
test_help (void)
{
  PsWindow *window = new_window ("1s");
  GtkWindow *help = ps_help_show (GTK_WINDOW (window));

  g_assert_cmpstr (gtk_window_get_title (help), ==, "Poolscope Help");
  g_assert_true (gtk_window_get_transient_for (help) == GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (help));
  save_screenshot (GTK_WIDGET (help), "help");
  gtk_window_destroy (help);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The mission's four knobs have log sliders that drive the knob through its spin button (so a
 * slider move is undoable like a typed value) and follow it whatever changed it. */
static void
test_knob_sliders (void)
{
  PsWindow *window = new_window ("1s");
  GtkWidget *widget = GTK_WIDGET (window);
  GtkRange *payload = GTK_RANGE (window->editors[PS_KNOB_PAYLOAD].scale);
  GtkRange *io = GTK_RANGE (window->editors[PS_KNOB_IO_DELAY].scale);

  g_assert_nonnull (window->editors[PS_KNOB_THREADS].scale);
  g_assert_nonnull (window->editors[PS_KNOB_ISOLATES].scale);
  g_assert_null (window->editors[PS_KNOB_WORK].scale);

  /* 2^16 on the payload slider is 64 KiB. */
  gtk_range_set_value (payload, 16);
  g_assert_cmpuint (ps_window_get_scenario (window)->payload_bytes, ==, 65536);
  /* Typing moves the slider: 1 MiB is 2^20. */
  type_knob (window, PS_KNOB_PAYLOAD, "1MiB");
  g_assert_cmpfloat (gtk_range_get_value (payload), ==, 20);
  /* Undo takes the typed value back, and the slider with it. */
  g_assert_true (gtk_widget_activate_action (widget, "win.undo-knob", NULL));
  g_assert_cmpuint (ps_window_get_scenario (window)->payload_bytes, ==, 65536);
  g_assert_cmpfloat (gtk_range_get_value (payload), ==, 16);

  /* The I/O slider's left end is no I/O at all; 2^20 ns rounds to 1.0 ms. */
  gtk_range_set_value (io, gtk_adjustment_get_lower (gtk_range_get_adjustment (io)));
  g_assert_cmpuint (ps_window_get_scenario (window)->io_delay_ns, ==, 0);
  gtk_range_set_value (io, 20);
  g_assert_cmpuint (ps_window_get_scenario (window)->io_delay_ns, ==, 1000000);
  type_knob (window, PS_KNOB_IO_DELAY, "0");
  save_screenshot (widget, "sliders");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Which renderer draws: cairo where GL is one of Mesa's software rasterisers, GL on a GPU, and
 * whatever GSK_RENDERER says when the person set it (the window-cairo suite sets it). */
static void
test_renderer_choice (void)
{
  const char *asked = g_getenv ("GSK_RENDERER");

  g_assert_true (ps_renderer_is_software_gl ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (ps_renderer_is_software_gl ("Mesa softpipe"));
  g_assert_false (ps_renderer_is_software_gl ("AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.6)"));
  g_assert_false (ps_renderer_is_software_gl ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (ps_renderer_is_software_gl (NULL));
  /* Without GSK_RENDERER the choice would set it for the rest of this process: only the
   * person's own choice is checked here. */
  if (asked != NULL && *asked != '\0')
    g_assert_cmpstr (ps_renderer_choose (gdk_display_get_default ()), ==, asked);
}

/* Two knobs changed within one time slice are two changes: two markers on every time chart, and
 * every strategy's results name both (in one phase row when both reached the engine before its
 * next slice, in two when the engine had already applied the first for the strategy running). */
static void
test_two_knobs_one_slice (void)
{
  PsWindow *window = new_window ("60s");
  PsSession *session;
  guint rows_with_work = 0, rows_with_payload = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  session = ps_window_get_session (window);
  while (ps_session_get_n_samples (session) < 12 && is_running (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (is_running (window));
  /* Back to back, no main-loop iteration between: well inside one 200 ms slice. */
  type_knob (window, PS_KNOB_WORK, "30us");
  type_knob (window, PS_KNOB_PAYLOAD, "8KiB");
  while (ps_session_get_n_samples (session) < 24 && is_running (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ps_chart_model_get_n_markers (window->throughput_model), ==, 2);
  g_assert_cmpuint (ps_chart_model_get_n_markers (window->measure_models[PS_MEASURE_WAIT]), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  wait_until_finished (window);
  for (guint row = 0; row < ps_window_get_n_result_rows (window); row++)
    {
      const char *name = ps_window_get_result_cell (window, row, 0);

      rows_with_work += strstr (name, "Work per task 30 µs") != NULL;
      rows_with_payload += strstr (name, "Payload 8 KiB") != NULL;
    }
  g_test_message ("%u result rows: %u name the work, %u the payload",
                  ps_window_get_n_result_rows (window), rows_with_work, rows_with_payload);
  g_assert_cmpuint (rows_with_work, ==, ps_window_get_scenario (window)->n_strategies);
  g_assert_cmpuint (rows_with_payload, ==, ps_window_get_scenario (window)->n_strategies);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Polling every 10 ms sets a latency floor the Explain list must name; activating the sentence
 * shows the p99 chart with that strategy alone, and activating it again every strategy. */
static void
test_explain_list (void)
{
  PsWindow *window = new_window ("300ms");
  const char *names[] = { "single", "queue", NULL };
  const PsFinding *finding = NULL;
  PsChartModel *model;
  guint index = 0;

  select_strategies (window, names);
  type_knob (window, PS_KNOB_WARMUP_TIME, "50ms");
  type_knob (window, PS_KNOB_POLL, "10ms");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  wait_until_finished (window);
  g_assert_nonnull (window->findings);
  for (guint i = 0; i < window->findings->len; i++)
    {
      g_test_message ("finding: %s", g_array_index (window->findings, PsFinding, i).text);
      if (g_strcmp0 (g_array_index (window->findings, PsFinding, i).rule, "wake-up-bound") == 0
          && finding == NULL)
        {
          finding = &g_array_index (window->findings, PsFinding, i);
          index = i;
        }
    }
  g_assert_nonnull (finding);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->explain_list)));
  save_screenshot (GTK_WIDGET (window), "explain");

  ps_window_activate_finding (window, index);
  g_assert_cmpint (window->measure, ==, PS_MEASURE_P99);
  model = window->measure_models[PS_MEASURE_P99];
  for (guint i = 0; i < ps_chart_model_get_n_series (model); i++)
    g_assert_cmpint (ps_chart_model_get_series_visible (model, i), ==,
                     g_strcmp0 (ps_chart_model_get_series_name (model, i),
                                window->shown_report->strategies[finding->strategy].strategy.name)
                       == 0);
  ps_window_activate_finding (window, index);
  for (guint i = 0; i < ps_chart_model_get_n_series (model); i++)
    g_assert_true (ps_chart_model_get_series_visible (model, i));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* While threads and isolates move, the pinned knobs say what the closed-pool model predicts for
 * the shared pool, before any run: (N − k)/N for 4 threads and 1 isolate. */
static void
test_what_if (void)
{
  PsWindow *window = new_window ("1s");
  const char *names[] = { "single", "shared", NULL };

  select_strategies (window, names);
  type_knob (window, PS_KNOB_THREADS, "4");
  type_knob (window, PS_KNOB_ISOLATES, "1");
  g_test_message ("%s", adw_preferences_group_get_description (window->pinned_knobs));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (window->pinned_knobs),
                            "= 75%"));
  save_screenshot (GTK_WIDGET (window), "what-if");
  type_knob (window, PS_KNOB_ISOLATES, "4");
  g_assert_null (strstr (adw_preferences_group_get_description (window->pinned_knobs) ?: "",
                         "would wait (N − k)/N"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* After a run, the wait chart draws the closed-system model beside the shared pool's measured
 * wait share: (N − k)/N = 75% for 4 threads and 1 isolate, across the whole run. */
static void
test_wait_model (void)
{
  PsWindow *window = new_window ("300ms");
  const char *names[] = { "shared", NULL };
  PsChartModel *model;
  gboolean found = FALSE;
  double y;

  select_strategies (window, names);
  type_knob (window, PS_KNOB_THREADS, "4");
  type_knob (window, PS_KNOB_ISOLATES, "1");
  type_knob (window, PS_KNOB_WARMUP_TIME, "50ms");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  wait_until_finished (window);
  model = window->measure_models[PS_MEASURE_WAIT];
  for (guint i = 0; i < ps_chart_model_get_n_series (model); i++)
    if (g_strcmp0 (ps_chart_model_get_series_name (model, i), "shared: (N − k)/N") == 0)
      {
        found = TRUE;
        g_assert_cmpuint (ps_chart_model_get_n_points (model, i), ==, 2);
        g_assert_true (ps_chart_model_value_at (model, i, 0, &y));
        g_assert_cmpfloat (y, ==, 100.0 * (4 - 1) / 4);
      }
  g_assert_true (found);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.measure", "s", "wait");
  save_screenshot (GTK_WIDGET (window), "wait-model");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every lesson names a built-in preset and Explain rules that exist; following the polling lesson
 * applies its preset, and after a short run the lesson says the run shows what it teaches. */
static void
test_lessons (void)
{
  PsWindow *window = new_window ("300ms");
  g_autoptr (GError) error = NULL;
  guint n_rules;
  const PsExplainRule *rules = ps_explain_rules (&n_rules);

  g_assert_nonnull (window->lessons);
  g_assert_cmpuint (window->lessons->len, >=, 6);
  for (guint i = 0; i < window->lessons->len; i++)
    {
      const PsLesson *lesson = g_ptr_array_index (window->lessons, i);
      g_autoptr (PsStoredPreset) preset = ps_preset_store_find (lesson->preset, &error);

      g_assert_no_error (error);
      g_assert_cmpint (preset->origin, ==, PS_PRESET_BUILT_IN);
      g_assert_cmpuint (g_strv_length (lesson->rules), >, 0);
      for (guint r = 0; lesson->rules[r] != NULL; r++)
        {
          gboolean known = FALSE;

          for (guint k = 0; k < n_rules; k++)
            known |= g_strcmp0 (rules[k].id, lesson->rules[r]) == 0;
          g_assert_true (known);
        }
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-lesson", "s", "polling-floor");
  g_assert_nonnull (window->lesson);
  g_assert_cmpstr (window->preset->name, ==, window->lesson->preset);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "lessons");
  type_knob (window, PS_KNOB_DURATION, "300ms");
  type_knob (window, PS_KNOB_WARMUP_TIME, "50ms");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  wait_until_finished (window);
  g_test_message ("verdict: %s", gtk_label_get_label (GTK_LABEL (window->lesson_verdict)));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (window->lesson_verdict)),
                                   "The run shows it"));
  g_assert_true (gtk_widget_get_visible (window->lesson_explanation));
  adw_view_stack_set_visible_child_name (window->view_stack, "lessons");
  save_screenshot (GTK_WIDGET (window), "lesson");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);
  g_test_add_func ("/ui/window/run-to-the-end", test_run_to_the_end);
  g_test_add_func ("/ui/window/stop-mid-run", test_stop_mid_run);
  g_test_add_func ("/ui/window/knob-out-of-range", test_knob_out_of_range);
  g_test_add_func ("/ui/window/two-knobs-one-slice", test_two_knobs_one_slice);
  g_test_add_func ("/ui/window/measure-action", test_measure_action);
  g_test_add_func ("/ui/window/minimum-size", test_minimum_size);
  g_test_add_func ("/ui/window/knob-sliders", test_knob_sliders);
  g_test_add_func ("/ui/window/help", test_help);
  g_test_add_func ("/ui/window/renderer-choice", test_renderer_choice);
  g_test_add_func ("/ui/window/explain-list", test_explain_list);
  g_test_add_func ("/ui/window/lessons", test_lessons);
  g_test_add_func ("/ui/window/what-if", test_what_if);
  g_test_add_func ("/ui/window/wait-model", test_wait_model);
  return g_test_run ();
}
