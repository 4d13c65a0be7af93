/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-test-util.c: what the window test programs share: setting up GTK as the app does, typing
 * into knobs as a person would, waiting for a run, and screenshots. */
#define G_LOG_DOMAIN "test-window"

#include "window-test-util.h"

/* gtk_test_init, libadwaita, and the style sheet and icons AdwApplication would load: a test
 * without an application loads them here so the screenshots show what people see. */
void
window_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr (GtkCssProvider) css = NULL;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/poolscope/Poolscope/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/poolscope/Poolscope/icons");
}

/* Types @text into the knob's spin button and commits it, as a person pressing Enter would. */
void
type_knob (PsWindow   *window,
           PsKnob      knob,
           const char *text)
{
  GtkWidget *editor = ps_window_get_knob_editor (window, knob);

  g_assert_true (GTK_IS_SPIN_BUTTON (editor));
  gtk_editable_set_text (GTK_EDITABLE (editor), text);
  gtk_spin_button_update (GTK_SPIN_BUTTON (editor));
}

PsWindow *
new_window (const char *duration)
{
  PsWindow *window = ps_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  type_knob (window, PS_KNOB_DURATION, duration);
  type_knob (window, PS_KNOB_WARMUP_TIME, "200ms");
  return window;
}

gboolean
is_running (PsWindow *window)
{
  PsSession *session = ps_window_get_session (window);

  return session != NULL && ps_session_is_running (session);
}

/* Runs the main loop until the run is over, or fails the test after RUN_TIMEOUT_S. */
void
wait_until_finished (PsWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + RUN_TIMEOUT_S * G_USEC_PER_SEC;

  while (is_running (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (is_running (window));
}

void
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
  int width, height;

  /* A few frames so the charts have drawn what the model holds. */
  for (int i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (widget);
  /* The size after those frames: a window just resized would be drawn at its new size and then
   * stretched to the old one. */
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  path = g_build_filename (dir != NULL ? dir : g_test_get_dir (G_TEST_BUILT), file, NULL);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Ticks exactly the strategies in @names in the sidebar, as a person clicking would. */
void
select_strategies (PsWindow          *window,
                   const char *const *names)
{
  const PsStrategy *named;
  guint n_named = ps_named_strategies (&named);

  for (guint i = 0; i < n_named && i < PS_MAX_STRATEGIES; i++)
    gtk_check_button_set_active (window->strategy_checks[i],
                                 g_strv_contains (names, named[i].name));
}

/* The first widget under @root, @root included, depth first, that @match accepts; NULL if none. */
GtkWidget *
find_descendant (GtkWidget    *root,
                 WidgetMatch   match,
                 gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label_showing (GtkWidget    *widget,
                  gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The label under @root that shows exactly @text; NULL if none. */
GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  return find_descendant (root, is_label_showing, text);
}
