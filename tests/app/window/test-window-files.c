/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-files.c: presets and results files in the window, driven through its actions.
 *
 * Applying a preset puts every knob and strategy of it in the sidebar, each change undoable;
 * saving writes the sidebar as a user preset that loads back to the same scenario, and refuses to
 * replace another unless told; a results file measured "elsewhere" (by the engine in this test,
 * as poolscope-cli would) shows every sample on the charts, a marker per knob change, a table row
 * per strategy and a history entry marked as recorded, and a sweep's results file every point in
 * the Sweep view; a broken file changes nothing and says why. User presets live in a private XDG_DATA_HOME.
 */
#define G_LOG_DOMAIN "test-window-files"

#include <glib/gstdio.h>

#include "ps-results-file.h"
#include "ps-sweep-file.h"
#include "window-test-util.h"

#define MS 1000000ull

static char *data_home;

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static PsPreset *
test_preset (void)
{
  g_autoptr (PsPreset) preset = ps_preset_new ("window-test");

  g_free (preset->title);
  preset->title = g_strdup ("Window test");
  preset->scenario.threads = 3;
  preset->scenario.payload_bytes = 16384;
  preset->scenario.io_delay_ns = 200000;
  preset->scenario.n_strategies = 0;
  g_assert_cmpint (ps_strategy_parse ("queue", &preset->scenario.strategies[0]), ==, 0);
  g_assert_cmpint (ps_strategy_parse ("sticky+fresh", &preset->scenario.strategies[1]), ==, 0);
  preset->scenario.n_strategies = 2;
  ps_preset_set_scenario (preset, &preset->scenario);
  return g_steal_pointer (&preset);
}

/* The window keeps its own run length and order (it runs by duration): a preset that names none
 * of them leaves them. */
static gboolean
shapes_the_run (PsKnob knob)
{
  return knob == PS_KNOB_TASKS || knob == PS_KNOB_WARMUP_TASKS || knob == PS_KNOB_DURATION
         || knob == PS_KNOB_WARMUP_TIME || knob == PS_KNOB_ORDER || knob == PS_KNOB_INTERLEAVE
         || knob == PS_KNOB_SAMPLE;
}

static void
assert_same_knobs (const PsScenario *a,
                   const PsScenario *b,
                   gboolean          run_shape_too)
{
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    if (run_shape_too || !shapes_the_run (k))
      g_assert_cmpfloat (ps_knob_get (a, k), ==, ps_knob_get (b, k));
  g_assert_cmpuint (a->n_strategies, ==, b->n_strategies);
  for (guint i = 0; i < a->n_strategies; i++)
    g_assert_cmpstr (a->strategies[i].name, ==, b->strategies[i].name);
}

static void
test_apply_and_undo (void)
{
  g_autoptr (PsPreset) preset = test_preset ();
  g_autofree char *path = g_build_filename (data_home, "window-test.json", NULL);
  PsWindow *window = new_window ("1s");
  PsScenario before = *ps_window_get_scenario (window);

  g_assert_true (ps_preset_save (preset, path, NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.apply-preset", "s", path);
  assert_same_knobs (ps_window_get_scenario (window), &preset->scenario, FALSE);
  g_assert_cmpuint (ps_window_get_scenario (window)->duration_ns, ==, before.duration_ns);
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (window->view_switcher_title), ==,
                   "Window test");
  save_screenshot (GTK_WIDGET (window), "preset-applied");

  /* Each knob the preset changed comes back with one undo, the last changed first. */
  for (guint i = 0; i < 64 && ps_window_get_scenario (window)->threads != before.threads; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-knob", NULL);
  g_assert_cmpuint (ps_window_get_scenario (window)->threads, ==, before.threads);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_button (GtkWidget    *widget,
           gconstpointer data)
{
  return GTK_IS_BUTTON (widget);
}

/* Where a strategy row's name starts, in the window's coordinates. */
static double
row_title_x (PsWindow *window, GtkWidget *row)
{
  GtkWidget *title = find_label (row, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  graphene_rect_t bounds;

  g_assert_nonnull (title);
  g_assert_true (gtk_widget_compute_bounds (title, GTK_WIDGET (window), &bounds));
  return bounds.origin.x;
}

/* A built-in preset with custom strategies (dart-sum: single and three fork-join pairs with
 * knobs of their own) shows a row for each of them, its name in the same column as the checked
 * strategies' names; its button leaves that one out, and only that one. */
static void
test_custom_strategy_rows (void)
{
  PsWindow *window = new_window ("1s");
  const PsScenario *scenario = ps_window_get_scenario (window);
  GtkWidget *first, *remove;
  g_autofree char *removed = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.apply-preset", "s", "dart-sum");
  g_assert_cmpuint (scenario->n_strategies, ==, 4);
  g_assert_cmpuint (window->n_custom_strategy_rows, ==, 3);
  first = window->custom_strategy_rows[0];
  removed = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)));
  g_assert_cmpstr (removed, ==, scenario->strategies[1].name);
  remove = find_descendant (first, is_button, NULL);
  g_assert_nonnull (remove);
  /* The sidebar scrolled to the rows, for the screenshot. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (first, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment =
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    graphene_rect_t bounds;

    gtk_test_widget_wait_for_draw (GTK_WIDGET (window)); /* the new rows laid out */
    g_assert_true (gtk_widget_compute_bounds (first, gtk_scrolled_window_get_child (
                                                       GTK_SCROLLED_WINDOW (scrolled)),
                                              &bounds));
    gtk_adjustment_set_value (adjustment, bounds.origin.y - 200);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  }
  save_screenshot (GTK_WIDGET (window), "custom-strategies");
  g_assert_cmpfloat_with_epsilon (
    row_title_x (window, first),
    row_title_x (window, gtk_widget_get_ancestor (GTK_WIDGET (window->strategy_checks[0]),
                                                  ADW_TYPE_ACTION_ROW)),
    0.5);

  g_signal_emit_by_name (remove, "clicked");

  g_assert_cmpuint (scenario->n_strategies, ==, 3);
  g_assert_cmpuint (window->n_custom_strategy_rows, ==, 2);
  for (guint i = 0; i < scenario->n_strategies; i++)
    g_assert_cmpstr (scenario->strategies[i].name, !=, removed);
  g_assert_cmpstr (scenario->strategies[0].name, ==, "single");

  /* Ticking a named strategy keeps the custom ones. */
  gtk_check_button_set_active (window->strategy_checks[1], TRUE);
  g_assert_cmpuint (scenario->n_strategies, ==, 4);
  g_assert_cmpuint (window->n_custom_strategy_rows, ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_save_and_reload (void)
{
  PsWindow *window = new_window ("1s");
  g_autoptr (GError) error = NULL;
  g_autoptr (PsStoredPreset) stored = NULL;

  type_knob (window, PS_KNOB_THREADS, "5");
  g_assert_true (ps_window_save_preset (window, "saved-here", FALSE, &error));
  g_assert_no_error (error);
  stored = ps_preset_store_find ("saved-here", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->origin, ==, PS_PRESET_USER);
  assert_same_knobs (&stored->preset->scenario, ps_window_get_scenario (window), TRUE);

  /* A second save under that name is refused unless it may replace; Save (Ctrl+S) may, since
   * "saved-here" is now the window's preset. */
  type_knob (window, PS_KNOB_THREADS, "6");
  g_assert_false (ps_window_save_preset (window, "saved-here", FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-preset", NULL);
  g_clear_pointer (&stored, ps_stored_preset_free);
  stored = ps_preset_store_find ("saved-here", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->preset->scenario.threads, ==, 6);

  g_assert_false (ps_window_save_preset (window, "Not A Name", FALSE, &error));
  g_assert_error (error, PS_PRESET_ERROR, PS_PRESET_ERROR_INVALID);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A run measured by the engine as poolscope-cli measures it: its report and every sample. */
static char *
write_results_file (void)
{
  g_autofree char *path = g_build_filename (data_home, "measured-elsewhere.json", NULL);
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (PsSample));
  g_autoptr (GError) error = NULL;
  PsScenario s;
  PsSample sample;
  PsRun *run = NULL;

  ps_scenario_init_defaults (&s);
  s.n_strategies = 0;
  g_assert_cmpint (ps_strategy_parse ("single", &s.strategies[s.n_strategies++]), ==, 0);
  g_assert_cmpint (ps_strategy_parse ("queue", &s.strategies[s.n_strategies++]), ==, 0);
  s.tasks = 0;
  s.warmup_tasks = 0;
  s.duration_ns = 400 * MS;
  s.warmup_ns = 50 * MS;
  s.work_ns = 5000;
  g_assert_cmpint (ps_run_new (&s, NULL, NULL, &run), ==, 0);
  g_assert_cmpint (ps_run_start (run), ==, 0);
  while (!ps_run_is_finished (run))
    {
      while (ps_run_pop_sample (run, &sample))
        g_array_append_val (samples, sample);
      g_usleep (20000);
    }
  g_assert_cmpint (ps_run_wait (run), ==, 0);
  while (ps_run_pop_sample (run, &sample))
    g_array_append_val (samples, sample);
  g_assert_cmpuint (samples->len, >, 0);
  g_assert_true (ps_results_file_write (path, ps_run_get_report (run), samples, NULL, FALSE,
                                        &error));
  g_assert_no_error (error);
  ps_run_free (run);
  return g_steal_pointer (&path);
}

static void
test_open_results (void)
{
  g_autofree char *path = write_results_file ();
  g_autoptr (PsResultsFile) file = ps_results_file_load (path, NULL);
  PsWindow *window = new_window ("1s");
  g_autoptr (GError) error = NULL;
  gsize per_strategy[2] = { 0, 0 };

  g_assert_nonnull (file);
  g_assert_true (ps_window_open_results (window, path, &error));
  g_assert_no_error (error);

  /* Every sample is a point of the throughput chart (nothing was live to drop any). */
  for (guint i = 0; i < file->samples->len; i++)
    per_strategy[g_array_index (file->samples, PsSample, i).strategy]++;
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (ps_chart_model_get_n_points (window->throughput_model, i), ==,
                      per_strategy[i]);
  g_assert_cmpuint (ps_window_get_n_result_rows (window), ==, 2);
  g_assert_cmpuint (ps_window_get_n_records (window), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_label (window->status_label), g_get_host_name ()));
  save_screenshot (GTK_WIDGET (window), "results-file");

  /* What the window shows can be saved again and exported as a bundle, whole. */
  {
    g_autofree char *saved = g_build_filename (data_home, "saved-again.json", NULL);
    g_autofree char *bundle = g_build_filename (data_home, "bundle", NULL);
    g_autofree char *csv = NULL;
    g_autoptr (PsResultsFile) again = NULL;

    g_assert_true (ps_window_save_results (window, saved, &error));
    again = ps_results_file_load (saved, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (again->samples->len, ==, file->samples->len);
    g_assert_cmpuint (again->report->n_strategies, ==, 2);

    g_assert_true (ps_window_export_bundle (window, bundle, FALSE, &error));
    g_assert_no_error (error);
    csv = g_build_filename (bundle, "results.csv", NULL);
    g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
    g_assert_false (ps_window_export_bundle (window, bundle, FALSE, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_clear_error (&error);
    g_assert_true (ps_window_export_bundle (window, bundle, TRUE, &error));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A sweep measured by the engine, as poolscope-cli sweep --output writes it; opened, it fills the
 * Sweep view with every point and joins the history as recorded. */
static void
test_open_sweep_results (void)
{
  g_autofree char *path = g_build_filename (data_home, "sweep-elsewhere.json", NULL);
  PsWindow *window = new_window ("1s");
  g_autoptr (GError) error = NULL;
  PsSweepConfig config;
  PsSweep *sweep = NULL;
  PsMachine machine;
  gsize points = 0, plotted = 0;
  const PsSweepReport *report;
  PsChartModel *model;

  ps_sweep_config_init (&config);
  config.base.n_strategies = 1;
  g_assert_cmpint (ps_strategy_parse ("queue", &config.base.strategies[0]), ==, 0);
  config.base.payload_bytes = 256;
  config.knob = PS_KNOB_WORK;
  config.spacing = PS_SWEEP_LOG;
  config.from = 1000;
  config.to = 100000;
  config.points = 3;
  config.ci_target = 0.2;
  config.max_reps = 3;
  config.max_extra_points = 1;
  config.rep_duration_ns = 5 * MS;
  g_assert_cmpint (ps_sweep_new (&config, &sweep, NULL), ==, 0);
  g_assert_cmpint (ps_sweep_run (sweep), ==, 0);
  report = ps_sweep_get_report (sweep);
  ps_calibrate (&machine);
  g_assert_true (ps_sweep_file_write (path, &config, report, &machine, NULL, FALSE, &error));
  g_assert_no_error (error);
  for (guint s = 0; s < report->n_series; s++)
    points += report->series[s].n_points;
  ps_sweep_free (sweep);

  g_assert_true (ps_window_open_file (window, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "sweep");
  model = ps_window_get_sweep_model (window);
  for (guint s = 0; s < ps_chart_model_get_n_series (model); s++)
    plotted += ps_chart_model_get_n_points (model, s);
  /* Every point of every strategy (the reference too), whatever fits the charts add besides. */
  g_assert_cmpuint (plotted, >=, points);
  g_assert_cmpuint (ps_window_get_n_records (window), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_label (window->sweep_status_label), "recorded on"));
  save_screenshot (GTK_WIDGET (window), "sweep-results-file");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_broken_file (void)
{
  g_autofree char *path = g_build_filename (data_home, "broken.json", NULL);
  PsWindow *window = new_window ("1s");
  g_autoptr (GError) error = NULL;
  PsScenario before = *ps_window_get_scenario (window);

  g_assert_true (g_file_set_contents (path, "{\"kind\": \"poolscope-results\", \"schema", -1,
                                      NULL));
  g_assert_false (ps_window_open_file (window, path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (ps_window_get_n_records (window), ==, 0);
  assert_same_knobs (ps_window_get_scenario (window), &before, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A built-in preset with published figures: after a (short) run the table has a Published column
 * whose cells quote the source beside measured ÷ published. */
static void
test_published_column (void)
{
  PsWindow *window = new_window ("1s");
  g_autoptr (GError) error = NULL;
  const char *header;
  guint columns;

  /* The strategies' rows: no live change splits them into phases. */

  g_assert_true (ps_window_apply_preset (window, "openworkers-standard", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (window->preset->published->len, >, 0);
  type_knob (window, PS_KNOB_DURATION, "300ms");
  type_knob (window, PS_KNOB_WARMUP_TIME, "50ms");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  wait_until_finished (window);
  for (columns = 0; ps_window_get_result_cell (window, 0, columns) != NULL; columns++)
    ;
  header = gtk_label_get_label (GTK_LABEL (gtk_grid_get_child_at (window->results_grid,
                                                                   columns - 1, 0)));
  g_assert_cmpstr (header, ==, "Published");
  for (guint row = 0; row < 3; row++)
    {
      const char *cell = ps_window_get_result_cell (window, row, columns - 1);

      g_test_message ("published cell: %s", cell);
      g_assert_nonnull (strstr (cell, "req/s ("));
      g_assert_nonnull (strstr (cell, "×)"));
    }
  save_screenshot (GTK_WIDGET (window), "published");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_presets_dialog (void)
{
  PsWindow *window = new_window ("1s");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.presets", NULL);
  g_assert_nonnull (window->presets_dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->presets_dialog)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window->presets_dialog));
  save_screenshot (GTK_WIDGET (window->presets_dialog), "presets-dialog");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  int status;

  data_home = g_dir_make_tmp ("poolscope-window-files-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  window_test_init (&argc, &argv);

  g_test_add_func ("/ui/files/apply-and-undo", test_apply_and_undo);
  g_test_add_func ("/ui/files/custom-strategy-rows", test_custom_strategy_rows);
  g_test_add_func ("/ui/files/save-and-reload", test_save_and_reload);
  g_test_add_func ("/ui/files/open-results", test_open_results);
  g_test_add_func ("/ui/files/open-sweep-results", test_open_sweep_results);
  g_test_add_func ("/ui/files/open-broken-file", test_open_broken_file);
  g_test_add_func ("/ui/files/published-column", test_published_column);
  g_test_add_func ("/ui/files/presets-dialog", test_presets_dialog);
  status = g_test_run ();
  remove_tree (data_home);
  return status;
}
