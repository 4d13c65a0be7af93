/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window.h: the main window: the scenario sidebar, Run/Stop, the live charts and results. */
#pragma once

#include <adwaita.h>

#include "ps-engine.h"
#include "ps-session.h"

G_BEGIN_DECLS

#define PS_TYPE_WINDOW (ps_window_get_type ())

G_DECLARE_FINAL_TYPE (PsWindow, ps_window, PS, WINDOW, AdwApplicationWindow)

PsWindow *ps_window_new (GtkApplication *application);
const PsScenario *ps_window_get_scenario (PsWindow *self);
PsSession *ps_window_get_session (PsWindow *self);
const char *ps_window_get_knob_error (PsWindow *self,
                                      PsKnob    knob);
guint ps_window_get_n_result_rows (PsWindow *self);
gboolean ps_window_export_chart (PsWindow   *self,
                                 const char *target,
                                 const char *path,
                                 GError    **error);

gboolean ps_window_export_results (PsWindow   *self,
                                   const char *path,
                                   GError    **error);

void ps_window_toast (PsWindow   *self,
                      const char *message);
gboolean ps_window_apply_preset (PsWindow   *self,
                                 const char *name_or_path,
                                 GError    **error);
gboolean ps_window_save_preset (PsWindow   *self,
                                const char *name,
                                gboolean    overwrite,
                                GError    **error);
gboolean ps_window_open_results (PsWindow   *self,
                                 const char *path,
                                 GError    **error);
gboolean ps_window_save_results (PsWindow   *self,
                                 const char *path,
                                 GError    **error);
gboolean ps_window_export_bundle (PsWindow   *self,
                                  const char *dir,
                                  gboolean    overwrite,
                                  GError    **error);
gboolean ps_window_open_sweep_results (PsWindow   *self,
                                       const char *path,
                                       GError    **error);
gboolean ps_window_start_lesson (PsWindow   *self,
                                 const char *id,
                                 GError    **error);
gboolean ps_window_open_file (PsWindow   *self,
                              const char *path,
                              GError    **error);

G_END_DECLS
