/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-lessons.c: reads the lessons from the window's resources (see ps-lessons.h). */
#define G_LOG_DOMAIN "ps-window"

#include "ps-lessons.h"

#include <gio/gio.h>
#include <string.h>

#define LESSONS_RESOURCE "/org/poolscope/Poolscope/lessons.ini"
#define GROUP_PREFIX "Lesson "

void
ps_lesson_free (PsLesson *lesson)
{
  if (lesson == NULL)
    return;
  g_free (lesson->id);
  g_free (lesson->title);
  g_free (lesson->question);
  g_free (lesson->look_at);
  g_free (lesson->explanation);
  g_free (lesson->preset);
  g_strfreev (lesson->knobs);
  g_strfreev (lesson->rules);
  g_free (lesson);
}

/* A list key, empty when absent. */
static GStrv
list_or_empty (GKeyFile   *file,
               const char *group,
               const char *key)
{
  GStrv list = g_key_file_get_string_list (file, group, key, NULL, NULL);

  return list != NULL ? list : g_new0 (char *, 1);
}

static PsLesson *
read_lesson (GKeyFile   *file,
             const char *group,
             GError    **error)
{
  g_autoptr (PsLesson) lesson = g_new0 (PsLesson, 1);

  lesson->id = g_strdup (group + strlen (GROUP_PREFIX));
  /* The user's language where the file has it: the merged translations. */
  if ((lesson->title = g_key_file_get_locale_string (file, group, "Title", NULL, error)) == NULL
      || (lesson->question = g_key_file_get_locale_string (file, group, "Question", NULL,
                                                           error)) == NULL
      || (lesson->look_at = g_key_file_get_locale_string (file, group, "LookAt", NULL,
                                                          error)) == NULL
      || (lesson->explanation = g_key_file_get_locale_string (file, group, "Explanation", NULL,
                                                              error)) == NULL
      || (lesson->preset = g_key_file_get_string (file, group, "Preset", error)) == NULL)
    return NULL;
  lesson->knobs = list_or_empty (file, group, "Knobs");
  lesson->rules = list_or_empty (file, group, "Rules");
  return g_steal_pointer (&lesson);
}

GPtrArray *
ps_lessons_load (GError **error)
{
  g_autoptr (GBytes) bytes = g_resources_lookup_data (LESSONS_RESOURCE,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GPtrArray) lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_lesson_free);
  g_auto (GStrv) groups = NULL;

  if (bytes == NULL
      || !g_key_file_load_from_bytes (file, bytes, G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return NULL;
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      PsLesson *lesson;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;
      lesson = read_lesson (file, groups[i], error);
      if (lesson == NULL)
        return NULL;
      g_ptr_array_add (lessons, lesson);
    }
  return g_steal_pointer (&lessons);
}
