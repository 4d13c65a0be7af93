/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-keyboard.c: the window used with the keyboard alone. In each view, after a real run
 * so results, explanations and history are on screen, Tab is pressed until focus comes round
 * again (gtk_widget_child_focus() with GTK_DIR_TAB_FORWARD is what the Tab binding calls), and in
 * every list reached the Down key's binding ("move-cursor") walks its rows. Every control on
 * screen must have been focused, itself or a part of it, and each must have a name a screen reader
 * can say. The views themselves are reached by activating the view switcher's buttons found by
 * that walk, as Space does. The charts must carry their text summary as accessible description. */
#define G_LOG_DOMAIN "test-window"

#include <adwaita.h>
#include <string.h>

#include "window-test-util.h"

#define MAX_TAB_PRESSES 2000

/* What a person operates: everything else is text, layout or a part of one of these. */
static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SPIN_BUTTON (widget) ||
         (GTK_IS_ENTRY (widget)) || GTK_IS_SCALE (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_SWITCH (widget) || PS_IS_CHART (widget) ||
         (GTK_IS_LIST_BOX_ROW (widget) &&
          gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)));
}

/* The outermost control @widget belongs to: a spin button's text, a drop-down's button. */
static GtkWidget *
owning_control (GtkWidget *widget)
{
  GtkWidget *owner = NULL;

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (is_control (w) && !GTK_IS_LIST_BOX_ROW (w))
      owner = w;
  return owner != NULL ? owner : widget;
}

static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  /* The title bar's minimise/maximise/close buttons are never Tab stops in GTK: the window
   * manager's keys (Alt+F4, Super+Up) and Ctrl+W stand for them. */
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget) ||
      GTK_IS_WINDOW_CONTROLS (widget))
    return;
  if (is_control (widget) && owning_control (widget) == widget)
    g_ptr_array_add (controls, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_controls (child, controls);
}

static char *
describe (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  g_autoptr (GString) path = g_string_new (NULL);

  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && path->len < 200;
       w = gtk_widget_get_parent (w))
    g_string_append_printf (path, " < %s", G_OBJECT_TYPE_NAME (w));
  return g_strdup_printf ("%s (tooltip “%s”, row “%s”%s)", G_OBJECT_TYPE_NAME (widget),
                          tooltip != NULL ? tooltip : "",
                          row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))
                                      : "",
                          path->str);
}

static GtkListBox *
enclosing_list_box (GtkWidget *widget)
{
  GtkWidget *box = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX);

  return box != NULL ? GTK_LIST_BOX (box) : NULL;
}

/* Presses Down in @box until focus stops moving, recording every widget focused. */
static void
walk_rows (GtkWindow  *window,
           GtkListBox *box,
           GHashTable *focused)
{
  for (guint i = 0; i < 500; i++)
    {
      GtkWidget *before = gtk_root_get_focus (GTK_ROOT (window));
      GtkWidget *after;

      g_signal_emit_by_name (box, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
      after = gtk_root_get_focus (GTK_ROOT (window));
      if (after == before || after == NULL)
        return;
      g_hash_table_add (focused, after);
    }
}

/* Tab until focus comes back to where it first landed; every list reached is walked with Down. */
static GHashTable *
tab_round (GtkWindow *window)
{
  GHashTable *focused = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) walked = g_hash_table_new (NULL, NULL);
  GtkWidget *first = NULL;

  gtk_window_set_focus (window, NULL);
  for (guint i = 0; i < MAX_TAB_PRESSES; i++)
    {
      GtkWidget *focus;
      GtkListBox *box;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      if (focus == first)
        return focused;
      if (first == NULL)
        first = focus;
      g_hash_table_add (focused, focus);
      box = enclosing_list_box (focus);
      if (box != NULL && !g_hash_table_contains (walked, box))
        {
          g_hash_table_add (walked, box);
          walk_rows (window, box, focused);
          gtk_widget_grab_focus (focus);
        }
    }
  /* Focus wrapped without coming back to the first widget (it left the window's chain): the
   * round is still complete when the last press failed. */
  return focused;
}

static gboolean
was_focused (GtkWidget  *control,
             GHashTable *focused)
{
  GHashTableIter iter;
  gpointer widget;

  g_hash_table_iter_init (&iter, focused);
  while (g_hash_table_iter_next (&iter, &widget, NULL))
    if (widget == control || gtk_widget_is_ancestor (widget, control))
      return TRUE;
  return FALSE;
}

static gboolean
is_label_with_text (GtkWidget    *widget,
                    gconstpointer data)
{
  return GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0';
}

/* A name a screen reader can say: set as a label, given by a labelling widget, or, for roles GTK
 * names from their content (buttons, check boxes, rows), the text they show. An icon alone is
 * not a name, and a tooltip is only a description. */
static gboolean
has_accessible_name (GtkWidget *control)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (control);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  return (GTK_IS_BUTTON (control) || GTK_IS_CHECK_BUTTON (control) ||
          GTK_IS_LIST_BOX_ROW (control)) &&
         find_descendant (control, is_label_with_text, NULL) != NULL;
}

/* Every control on screen now was among @focused, or a part of it was, and is named; returns
 * how many there were. */
static guint
check_view (GtkWindow  *window,
            const char *view,
            GHashTable *focused)
{
  g_autoptr (GPtrArray) controls = g_ptr_array_new ();
  guint unreached = 0, unnamed = 0;

  collect_controls (GTK_WIDGET (window), controls);
  g_assert_cmpuint (controls->len, >, 0);
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);
      g_autofree char *what = describe (control);

      if (!was_focused (control, focused))
        {
          g_test_message ("%s view: not reachable with Tab or arrows: %s", view, what);
          unreached++;
        }
      if (!has_accessible_name (control))
        {
          g_test_message ("%s view: no accessible name: %s", view, what);
          unnamed++;
        }
    }
  g_test_message ("%s view: %u controls, %u focused widgets", view, controls->len,
                  g_hash_table_size (focused));
  g_assert_cmpuint (unreached, ==, 0);
  g_assert_cmpuint (unnamed, ==, 0);
  return controls->len;
}

/* The view switcher's button showing @title, among the widgets a Tab round focused. */
static GtkWidget *
switcher_button_reached (GHashTable *focused,
                         const char *title)
{
  GHashTableIter iter;
  gpointer widget;

  g_hash_table_iter_init (&iter, focused);
  while (g_hash_table_iter_next (&iter, &widget, NULL))
    if (GTK_IS_TOGGLE_BUTTON (widget) &&
        gtk_widget_get_ancestor (widget, ADW_TYPE_VIEW_SWITCHER) != NULL &&
        find_label (widget, title) != NULL)
      return widget;
  return NULL;
}

/* A page title as its label shows it: "_Live" is drawn "Live". */
static char *
without_mnemonic (const char *title)
{
  GString *text = g_string_new (NULL);

  for (const char *c = title; *c != '\0'; c++)
    if (*c != '_')
      g_string_append_c (text, *c);
  return g_string_free (text, FALSE);
}

static void
test_every_control (void)
{
  PsWindow *window = new_window ("300ms");
  AdwViewStack *stack = window->view_stack;
  const char *const views[] = { "live", "sweep", "compare", "lessons" };
  guint total = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  wait_until_finished (window);

  /* One Tab round per view: it checks the view and finds the switcher button to the next. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, views[0]);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autoptr (GHashTable) focused = tab_round (GTK_WINDOW (window));
      AdwViewStackPage *page;
      g_autofree char *title = NULL;
      GtkWidget *button;

      total += check_view (GTK_WINDOW (window), views[i], focused);
      if (i + 1 == G_N_ELEMENTS (views))
        break;
      page = adw_view_stack_get_page (stack,
                                      adw_view_stack_get_child_by_name (stack, views[i + 1]));
      title = without_mnemonic (adw_view_stack_page_get_title (page));
      button = switcher_button_reached (focused, title);
      if (button == NULL)
        g_test_message ("no view switcher button “%s” reached with Tab", title);
      g_assert_nonnull (button);
      /* Space on a button: it shows pressed, then clicks a moment later. */
      gtk_widget_activate (button);
      for (gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
           g_strcmp0 (adw_view_stack_get_visible_child_name (stack), views[i + 1]) != 0 &&
           g_get_monotonic_time () < deadline;)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, views[i + 1]);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    }
  g_test_message ("%u controls in all", total);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The charts' accessible descriptions are their text summaries, which name every strategy. */
static void
test_chart_summaries (void)
{
  PsWindow *window = new_window ("300ms");
  g_autoptr (GPtrArray) controls = g_ptr_array_new ();
  const char *const strategies[] = { "single", "queue", NULL };
  guint charts = 0;

  select_strategies (window, strategies);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  wait_until_finished (window);
  collect_controls (GTK_WIDGET (window), controls);
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (controls, i);
      g_autofree char *summary = NULL;
      char *mismatch;

      if (!PS_IS_CHART (widget))
        continue;
      summary = ps_chart_dup_summary (PS_CHART (widget));
      g_test_message ("chart: %s", summary);
      mismatch = gtk_test_accessible_check_property (
        GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary);
      g_assert_null (mismatch);
      g_assert_nonnull (strstr (summary, ": single, queue;"));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      charts++;
    }
  g_assert_cmpuint (charts, >=, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  window_test_init (&argc, &argv);
  g_test_add_func ("/ui/window-keyboard/every-control", test_every_control);
  g_test_add_func ("/ui/window-keyboard/chart-summaries", test_chart_summaries);
  return g_test_run ();
}
