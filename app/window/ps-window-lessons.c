/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-lessons.c: PsWindow's Lessons view. Picking a lesson (win.start-lesson) applies its
 * preset and knobs and shows its question and what to look at; when a run ends, the lesson says
 * whether the run shows what it teaches (the Explain findings it names) and explains why.
 */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-explain.h"
#include "ps-lessons.h"
#include "ps-window-private.h"

static GtkWidget *
wrapped_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static const PsLesson *
find_lesson (PsWindow   *self,
             const char *id)
{
  for (guint i = 0; self->lessons != NULL && i < self->lessons->len; i++)
    {
      const PsLesson *lesson = g_ptr_array_index (self->lessons, i);

      if (g_strcmp0 (lesson->id, id) == 0)
        return lesson;
    }
  return NULL;
}

/* The lesson's own knobs, on top of its preset, each undoable. */
static gboolean
apply_lesson_knobs (PsWindow        *self,
                    const PsLesson  *lesson,
                    GError         **error)
{
  for (guint i = 0; lesson->knobs[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (lesson->knobs[i], "=", 2);
      const PsKnobInfo *info = pair[0] != NULL ? ps_knob_find (pair[0]) : NULL;
      char why[320];
      double value;

      if (info == NULL || pair[1] == NULL
          || ps_knob_parse (info, pair[1], &value, why, sizeof why) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The lesson “%s” has a knob it cannot set: %s"), lesson->id,
                       lesson->knobs[i]);
          return FALSE;
        }
      _ps_window_apply_knob (self, info->knob, value, TRUE);
    }
  return TRUE;
}

/**
 * ps_window_start_lesson:
 * @id: a lesson's id
 *
 * Applies the lesson's preset and knobs and shows its question. Returns: whether it started.
 */
gboolean
ps_window_start_lesson (PsWindow   *self,
                        const char *id,
                        GError    **error)
{
  const PsLesson *lesson;

  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  lesson = find_lesson (self, id);
  if (lesson == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no lesson “%s”"), id);
      return FALSE;
    }
  if (!ps_window_apply_preset (self, lesson->preset, error)
      || !apply_lesson_knobs (self, lesson, error))
    return FALSE;
  self->lesson = lesson;
  gtk_label_set_label (GTK_LABEL (self->lesson_title), lesson->title);
  gtk_label_set_label (GTK_LABEL (self->lesson_question), lesson->question);
  gtk_label_set_label (GTK_LABEL (self->lesson_look_at), lesson->look_at);
  gtk_label_set_label (GTK_LABEL (self->lesson_verdict),
                       _("Press Run (Ctrl+R), then come back here."));
  gtk_widget_set_visible (self->lesson_explanation, FALSE);
  gtk_widget_set_visible (self->lesson_card, TRUE);
  adw_view_stack_set_visible_child_name (self->view_stack, "lessons");
  return TRUE;
}

/* After a run: whether the findings the lesson names are there, quoting the first; then why. */
void
_ps_window_lessons_check (PsWindow *self)
{
  const PsFinding *shown = NULL;
  g_autofree char *verdict = NULL;

  g_assert (PS_IS_WINDOW (self));

  if (self->lesson == NULL || self->findings == NULL)
    return;
  for (guint i = 0; i < self->findings->len && shown == NULL; i++)
    if (g_strv_contains ((const char *const *) self->lesson->rules,
                         g_array_index (self->findings, PsFinding, i).rule))
      shown = &g_array_index (self->findings, PsFinding, i);
  if (shown != NULL)
    /* Translators: a lesson's verdict, then the finding that shows it */
    verdict = g_strdup_printf (_("The run shows it: %s"), shown->text);
  else
    verdict = g_strdup (_("This run does not show it clearly: the figures may differ on this "
                          "machine. Read the table against the explanation below, or follow "
                          "what to look at and run again."));
  gtk_label_set_label (GTK_LABEL (self->lesson_verdict), verdict);
  gtk_label_set_label (GTK_LABEL (self->lesson_explanation), self->lesson->explanation);
  gtk_widget_set_visible (self->lesson_explanation, TRUE);
}

static void
start_lesson_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  PsWindow *self = PS_WINDOW (user_data);
  g_autoptr (GError) error = NULL;

  if (!ps_window_start_lesson (self, g_variant_get_string (parameter, NULL), &error))
    _ps_window_toast (self, error->message);
}

static GtkWidget *
lesson_row (const PsLesson *lesson)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *target = g_strdup_printf ("win.start-lesson('%s')", lesson->id);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lesson->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), lesson->question);
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (row), target);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

/* The lesson being followed: its question, what to look at, and after a run the verdict. */
static GtkWidget *
build_card (PsWindow *self)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *look_heading = gtk_label_new (_("What to look at"));
  GtkWidget *run = gtk_button_new_with_mnemonic (_("_Run the Lesson"));

  self->lesson_title = wrapped_label ("title-3");
  self->lesson_question = wrapped_label (NULL);
  self->lesson_look_at = wrapped_label (NULL);
  self->lesson_verdict = wrapped_label ("heading");
  self->lesson_explanation = wrapped_label (NULL);
  gtk_label_set_xalign (GTK_LABEL (look_heading), 0);
  gtk_widget_add_css_class (look_heading, "heading");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (run), "win.run");
  gtk_widget_set_halign (run, GTK_ALIGN_START);
  gtk_widget_add_css_class (run, "suggested-action");
  gtk_widget_add_css_class (run, "pill");
  gtk_box_append (GTK_BOX (card), self->lesson_title);
  gtk_box_append (GTK_BOX (card), self->lesson_question);
  gtk_box_append (GTK_BOX (card), look_heading);
  gtk_box_append (GTK_BOX (card), self->lesson_look_at);
  gtk_box_append (GTK_BOX (card), run);
  gtk_box_append (GTK_BOX (card), self->lesson_verdict);
  gtk_box_append (GTK_BOX (card), self->lesson_explanation);
  gtk_widget_set_visible (card, FALSE);
  return card;
}

void
_ps_window_lessons_init (PsWindow *self)
{
  static const GActionEntry entries[] = {
    { "start-lesson", start_lesson_activated, "s" },
  };
  g_autoptr (GError) error = NULL;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwViewStackPage *page;

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  self->lessons = ps_lessons_load (&error);
  if (self->lessons == NULL)
    g_warning ("No lessons: %s", error->message);

  adw_preferences_group_set_title (group, _("Lessons"));
  adw_preferences_group_set_description (group, _("Each lesson sets up a scenario, asks a "
                                                  "question, and checks the answer against "
                                                  "your run"));
  for (guint i = 0; self->lessons != NULL && i < self->lessons->len; i++)
    adw_preferences_group_add (group, lesson_row (g_ptr_array_index (self->lessons, i)));
  self->lesson_card = build_card (self);
  gtk_box_append (GTK_BOX (box), self->lesson_card);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (group));
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  page = adw_view_stack_add_titled (self->view_stack, scrolled, "lessons", _("L_essons"));
  adw_view_stack_page_set_use_underline (page, TRUE);
  adw_view_stack_page_set_icon_name (page, "help-faq-symbolic");
}

void
_ps_window_lessons_dispose (PsWindow *self)
{
  self->lesson = NULL;
  g_clear_pointer (&self->lessons, g_ptr_array_unref);
}
