/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-test-util.h: helpers shared by the window test programs. */
#pragma once

#include <adwaita.h>

#include "ps-window-private.h"

#define RUN_TIMEOUT_S 60

void window_test_init (int    *argc,
                       char ***argv);
void type_knob (PsWindow   *window,
                PsKnob      knob,
                const char *text);
PsWindow *new_window (const char *duration);
gboolean is_running (PsWindow *window);
void wait_until_finished (PsWindow *window);
void save_screenshot (GtkWidget  *widget,
                      const char *name);
void select_strategies (PsWindow          *window,
                        const char *const *names);

typedef gboolean (*WidgetMatch) (GtkWidget    *widget,
                                 gconstpointer data);
GtkWidget *find_descendant (GtkWidget    *root,
                            WidgetMatch   match,
                            gconstpointer data);
GtkWidget *find_label (GtkWidget  *root,
                       const char *text);
