/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chart-widget.c: PsChart in a real window under Xvfb: it draws, follows a synthesised
 * pointer with its crosshair, reports readout values, toggles series from the legend, zooms and
 * answers the keyboard. Set PS_CHART_SCREENSHOT=/path.png to keep a screenshot. */
#define G_LOG_DOMAIN "test-chart-widget"

#include "chart-fixtures.h"
/* Both private headers at once: the widget's test hooks and the model's fields, whose change
 * functions (ps_chart_queue_model_update, _ps_chart_model_bump_serial) no longer clash. */
#include "ps-chart-model-private.h"
#include "ps-chart-private.h"

#include <math.h>

typedef struct
{
  GtkWidget *window;
  PsChart *chart;
  PsChartModel *model;
} Fixture;

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wait_for_layout (PsChart *chart)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (ps_chart_get_layout (chart)->plot.width <= 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return ps_chart_get_layout (chart)->plot.width > 0;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->model = chart_fixture_sweep ();
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 520);
  f->chart = PS_CHART (ps_chart_new (f->model));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->chart));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for_layout (f->chart));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ps_chart_model_unref (f->model);
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c; /* the widget keeps its own reference */
    }
  g_assert_not_reached ();
}

static void
hover (Fixture *f, double x, double y)
{
  g_signal_emit_by_name (find_controller (GTK_WIDGET (f->chart), GTK_TYPE_EVENT_CONTROLLER_MOTION),
                         "motion", x, y);
}

static void
save_screenshot (GtkWidget *window, const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_draws (Fixture *f, gconstpointer data)
{
  const PsChartLayout *layout = ps_chart_get_layout (f->chart);
  const char *shot = g_getenv ("PS_CHART_SCREENSHOT");

  g_assert_cmpfloat (layout->plot.width, >, 400);
  g_assert_cmpfloat (layout->plot.height, >, 200);
  g_assert_cmpuint (layout->n_legend, ==, 4);
  g_assert_cmpfloat (layout->view.x0, ==, 1024);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->chart)));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (f->chart)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  if (shot != NULL)
    {
      ps_chart_model_set_crosshair (f->model, 131072);
      gtk_widget_queue_draw (GTK_WIDGET (f->chart));
      iterate_for (500);
      save_screenshot (f->window, shot);
      g_test_message ("screenshot in %s", shot);
    }
}

static void
test_hover_readout (Fixture *f, gconstpointer data)
{
  const PsChartLayout *layout = ps_chart_get_layout (f->chart);
  double px = ps_chart_layout_x_to_px (layout, 65536);
  double py = layout->plot.y + layout->plot.height / 2;
  g_autofree char *text = NULL;
  double x, value, expected;

  g_assert_false (ps_chart_get_crosshair (f->chart, NULL));
  g_assert_null (ps_chart_dup_readout_text (f->chart));
  hover (f, px, py);
  g_assert_true (ps_chart_get_crosshair (f->chart, &x));
  g_assert_cmpfloat (fabs (ps_chart_layout_x_to_px (layout, x) - px), <, 0.01);

  text = ps_chart_dup_readout_text (f->chart);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "payload: 64 KiB\nsingle: "));
  for (guint s = 0; s < 4; s++)
    {
      g_assert_true (ps_chart_get_readout_value (f->chart, s, &value));
      g_assert_true (ps_chart_model_value_at (f->model, s, x, &expected));
      g_assert_cmpfloat (value, ==, expected);
    }
  /* single at 64 KiB: 20 µs + 64 × 1.2 µs, read off a point of the sweep. */
  g_assert_true (ps_chart_get_readout_value (f->chart, 0, &value));
  g_assert_cmpfloat_with_epsilon (value, 96.8e-6, 0.5e-6);

  /* Outside the plot the crosshair goes away. */
  hover (f, 2, 2);
  g_assert_false (ps_chart_get_crosshair (f->chart, NULL));
}

static void
test_legend_toggle (Fixture *f, gconstpointer data)
{
  const PsChartLayout *layout = ps_chart_get_layout (f->chart);
  GtkEventController *click = find_controller (GTK_WIDGET (f->chart), GTK_TYPE_GESTURE_CLICK);
  double x = layout->legend[1].x + 4, y = layout->legend[1].y + 4;
  double value;

  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_assert_false (ps_chart_model_get_series_visible (f->model, 1));
  hover (f, ps_chart_layout_x_to_px (layout, 8192), layout->plot.y + 20);
  g_assert_false (ps_chart_get_readout_value (f->chart, 1, &value));
  g_assert_true (ps_chart_get_readout_value (f->chart, 0, &value));
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_assert_true (ps_chart_model_get_series_visible (f->model, 1));
}

static void
test_keyboard (Fixture *f, gconstpointer data)
{
  GtkEventController *keys = find_controller (GTK_WIDGET (f->chart), GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;
  double x0, x1;

  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_true (ps_chart_get_crosshair (f->chart, &x0));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
  g_assert_true (ps_chart_get_crosshair (f->chart, &x1));
  g_assert_cmpfloat (x1, >, x0);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Left, 0, 0, &handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Left, 0, 0, &handled);
  g_assert_true (ps_chart_get_crosshair (f->chart, &x1));
  g_assert_cmpfloat (x1, <, x0);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
  g_assert_false (ps_chart_get_crosshair (f->chart, NULL));
}

static void
test_zoom_reset (Fixture *f, gconstpointer data)
{
  GtkEventController *scroll = find_controller (GTK_WIDGET (f->chart),
                                                GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  PsChartBounds before = ps_chart_get_layout (f->chart)->view, after;
  gboolean handled = TRUE;

  /* A plain wheel is the page's: a chart in a scrolled view must not swallow it. */
  g_signal_emit_by_name (scroll, "scroll", 0.0, -3.0, &handled);
  g_assert_false (handled);
  g_assert_false (ps_chart_model_is_zoomed (f->model));

  /* Ctrl+wheel zooms x only. */
  g_assert_true (ps_chart_scroll (f->chart, -3.0, GDK_CONTROL_MASK));
  g_assert_true (ps_chart_model_is_zoomed (f->model));
  ps_chart_model_get_view (f->model, 5, 5, &after);
  /* Zoomed in by decades on the log axis: a narrower window inside the old one. */
  g_assert_cmpfloat (after.x0, >, before.x0);
  g_assert_cmpfloat (after.x1, <, before.x1);
  g_assert_cmpfloat (after.y0, ==, before.y0);
  g_assert_cmpfloat (after.y1, ==, before.y1);
  iterate_for (100);

  /* Ctrl+Shift+wheel zooms y as well. */
  before = after;
  g_assert_true (ps_chart_scroll (f->chart, -1.0, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  ps_chart_model_get_view (f->model, 5, 5, &after);
  g_assert_cmpfloat (after.x1 - after.x0, <, before.x1 - before.x0);
  g_assert_cmpfloat (after.y1 - after.y0, <, before.y1 - before.y0);
  iterate_for (100);
  ps_chart_reset_view (f->chart);
  g_assert_false (ps_chart_model_is_zoomed (f->model));
}

static void
test_live (void)
{
  g_autoptr (PsChartModel) model = chart_fixture_time_series (2, 50);
  GtkWidget *window = gtk_window_new ();
  PsChart *chart = PS_CHART (ps_chart_new (model));
  double end;

  ps_chart_model_set_follow (model, 10.0);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_present (GTK_WINDOW (window));
  ps_chart_set_live (chart, TRUE);
  g_assert_true (wait_for_layout (chart));
  for (guint i = 0; i < 5; i++)
    {
      ps_chart_model_append (model, 0, 61.0 + i * 0.1, 9000);
      iterate_for (60);
    }
  g_assert_true (ps_chart_model_get_data_end (model, &end));
  /* The window follows the newest sample and spans the follow width. */
  g_assert_cmpfloat (ps_chart_get_layout (chart)->view.x1, >=, 61.0);
  g_assert_cmpfloat_with_epsilon (ps_chart_get_layout (chart)->view.x1 -
                                    ps_chart_get_layout (chart)->view.x0,
                                  10.0, 1e-9);
  /* Destroying a live chart must remove its tick callback (or this would crash next frame). */
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* A chart declared in a .ui file, its model and live state set as properties: the model goes
 * through a GValue as a boxed type that is copied by reference, and each property notifies only
 * when it changes. */
static void
test_properties (void)
{
  static const char ui[] =
    "<interface>"
    "  <object class='GtkWindow' id='window'>"
    "    <property name='child'>"
    "      <object class='PsChart' id='chart'>"
    "        <property name='live'>True</property>"
    "      </object>"
    "    </property>"
    "  </object>"
    "</interface>";
  g_autoptr (GtkBuilder) builder = NULL;
  g_autoptr (PsChartModel) model = chart_fixture_time_series (2, 50);
  g_autoptr (PsChartModel) got = NULL;
  GtkWidget *window;
  PsChart *chart;
  guint n_model = 0, n_live = 0;
  gboolean live = FALSE;

  g_type_ensure (PS_TYPE_CHART);
  builder = gtk_builder_new_from_string (ui, -1);
  window = GTK_WIDGET (gtk_builder_get_object (builder, "window"));
  chart = PS_CHART (gtk_builder_get_object (builder, "chart"));
  g_assert_true (PS_IS_CHART (chart));
  g_assert_true (ps_chart_get_live (chart));
  g_assert_nonnull (ps_chart_get_model (chart));

  g_signal_connect (chart, "notify::model", G_CALLBACK (count_notify), &n_model);
  g_signal_connect (chart, "notify::live", G_CALLBACK (count_notify), &n_live);
  g_object_set (chart, "model", model, NULL);
  g_assert_true (ps_chart_get_model (chart) == model);
  /* Ours and the chart's. */
  g_assert_true (g_ref_count_compare (&model->ref_count, 2));
  g_object_set (chart, "model", model, "live", TRUE, NULL);
  g_assert_cmpuint (n_model, ==, 1);
  g_assert_cmpuint (n_live, ==, 0);

  g_object_get (chart, "model", &got, "live", &live, NULL);
  g_assert_true (got == model);
  g_assert_true (g_ref_count_compare (&model->ref_count, 3));
  g_assert_true (live);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for_layout (chart));
  g_object_set (chart, "live", FALSE, NULL);
  g_assert_cmpuint (n_live, ==, 1);
  g_assert_false (ps_chart_get_live (chart));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add ("/widgets/ui/draws", Fixture, NULL, fixture_set_up, test_draws, fixture_tear_down);
  g_test_add ("/widgets/ui/hover-readout", Fixture, NULL, fixture_set_up, test_hover_readout,
              fixture_tear_down);
  g_test_add ("/widgets/ui/legend-toggle", Fixture, NULL, fixture_set_up, test_legend_toggle,
              fixture_tear_down);
  g_test_add ("/widgets/ui/keyboard", Fixture, NULL, fixture_set_up, test_keyboard,
              fixture_tear_down);
  g_test_add ("/widgets/ui/zoom-reset", Fixture, NULL, fixture_set_up, test_zoom_reset,
              fixture_tear_down);
  g_test_add_func ("/widgets/ui/live", test_live);
  g_test_add_func ("/widgets/ui/properties", test_properties);
  return g_test_run ();
}
