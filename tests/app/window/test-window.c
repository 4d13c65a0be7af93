/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: drives the real window under Xvfb: a short run to the end, a stop mid-run,
 * refused knob input, undo, chart export, the second measure, and a screenshot of each state for
 * people to look at. It runs on GTK's default renderer (GL on Xvfb's llvmpipe), where the charts
 * redraw every frame during a run: the engine's events must still get through. */
#define G_LOG_DOMAIN "test-window"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ps-help.h"
#include "ps-renderer.h"
#include "ps-window-private.h"

#define RUN_TIMEOUT_S 60

/* Types @text into the knob's spin button and commits it, as a person pressing Enter would. */
static void
type_knob (PsWindow   *window,
           PsKnob      knob,
           const char *text)
{
  GtkWidget *editor = ps_window_get_knob_editor (window, knob);

  g_assert_true (GTK_IS_SPIN_BUTTON (editor));
  gtk_editable_set_text (GTK_EDITABLE (editor), text);
  gtk_spin_button_update (GTK_SPIN_BUTTON (editor));
}

static PsWindow *
new_window (const char *duration)
{
  PsWindow *window = ps_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  type_knob (window, PS_KNOB_DURATION, duration);
  type_knob (window, PS_KNOB_WARMUP_TIME, "200ms");
  return window;
}

static gboolean
is_running (PsWindow *window)
{
  PsSession *session = ps_window_get_session (window);

  return session != NULL && ps_session_is_running (session);
}

/* Runs the main loop until the run is over, or fails the test after RUN_TIMEOUT_S. */
static void
wait_until_finished (PsWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + RUN_TIMEOUT_S * G_USEC_PER_SEC;

  while (is_running (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (is_running (window));
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("PS_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *file = g_strconcat ("window-", name, ".png", NULL);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* A few frames so the charts have drawn what the model holds. */
  for (int i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (widget);

  path = g_build_filename (dir != NULL ? dir : g_test_get_dir (G_TEST_BUILT), file, NULL);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

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

  /* The caption says which strategies ran on a busy machine, exactly those. */
  for (guint i = 0; i < s->n_strategies; i++)
    {
      const PsReport *report = ps_session_get_report (session);
      g_autofree char *busy = g_strdup_printf ("busy while %s ran", s->strategies[i].name);
      gboolean said = strstr (gtk_label_get_label (window->results_caption), busy) != NULL;

      g_assert_cmpint (said, ==,
                       report->strategies[i].total.interference.other_cpu_pct
                         > PS_INTERFERENCE_BUSY_PCT);
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
                            ": Work per task 40 µs") != NULL;
  g_test_message ("%u result rows, %u after the change", ps_window_get_n_result_rows (window),
                  changed_rows);
  g_assert_cmpuint (changed_rows, ==, 3);
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

/* Ticks exactly the strategies in @names in the sidebar, as a person clicking would. */
static void
select_strategies (PsWindow          *window,
                   const char *const *names)
{
  const PsStrategy *named;
  guint n_named = ps_named_strategies (&named);

  for (guint i = 0; i < n_named && i < PS_MAX_STRATEGIES; i++)
    gtk_check_button_set_active (window->strategy_checks[i],
                                 g_strv_contains (names, named[i].name));
}

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

/* At the smallest size the window allows (720×480), every view fits: whatever does not fit
 * scrolls or wraps instead of being cut off, so the window's minimum size, with results and
 * both views filled, stays within it. */
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
  save_screenshot (widget, "minimum-size");
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkCssProvider) css = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* AdwApplication loads style.css by itself; a test without an application does it here so
   * the screenshots show what people see. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/poolscope/Poolscope/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/poolscope/Poolscope/icons");

  g_test_add_func ("/ui/window/run-to-the-end", test_run_to_the_end);
  g_test_add_func ("/ui/window/stop-mid-run", test_stop_mid_run);
  g_test_add_func ("/ui/window/knob-out-of-range", test_knob_out_of_range);
  g_test_add_func ("/ui/window/two-knobs-one-slice", test_two_knobs_one_slice);
  g_test_add_func ("/ui/window/measure-action", test_measure_action);
  g_test_add_func ("/ui/window/minimum-size", test_minimum_size);
  g_test_add_func ("/ui/window/knob-sliders", test_knob_sliders);
  g_test_add_func ("/ui/window/help", test_help);
  g_test_add_func ("/ui/window/renderer-choice", test_renderer_choice);
  g_test_add_func ("/ui/window/compare-runs", test_compare_runs);
  g_test_add_func ("/ui/window/sweep-break-even", test_sweep_break_even);
  g_test_add_func ("/ui/window/sweep-refused-and-stopped", test_sweep_refused_and_stopped);
  return g_test_run ();
}
