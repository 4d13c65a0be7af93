/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-lessons.h: the guided lessons of data/lessons/, in the user's language.
 *
 * A lesson runs a built-in preset (with a few knobs of its own), asks a question, says what to
 * look at, and names the Explain rules (ps-explain.h) whose findings answer it, so the window
 * can check the answer against the run. The texts come translated from the resource that
 * data/meson.build builds.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *title;
  char *question;
  char *look_at;
  char *explanation;
  char *preset;  /* a preset's name */
  GStrv knobs;   /* "name=value", as the command line takes them */
  GStrv rules;   /* Explain rule ids */
} PsLesson;

void ps_lesson_free (PsLesson *lesson);

/* Returns: (transfer full) (element-type PsLesson): every lesson, in the file's order, or %NULL
 * with @error when the resource is missing or a lesson lacks a key. */
GPtrArray *ps_lessons_load (GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsLesson, ps_lesson_free)

G_END_DECLS
