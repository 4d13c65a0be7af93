/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-session.h: one engine sweep, run on its own thread and seen from the main thread. */
#pragma once

#include <glib-object.h>

#include "ps-engine.h"

G_BEGIN_DECLS

#define PS_TYPE_SWEEP_SESSION (ps_sweep_session_get_type ())

G_DECLARE_FINAL_TYPE (PsSweepSession, ps_sweep_session, PS, SWEEP_SESSION, GObject)

PsSweepSession *ps_sweep_session_new (const PsSweepConfig *config,
                                      GError             **error);
PsSweepSession *ps_sweep_session_new_recorded (const PsSweepConfig *config,
                                               const PsSweepReport *report,
                                               gpointer             owner,
                                               GDestroyNotify       owner_free);
gboolean ps_sweep_session_start (PsSweepSession *self,
                                 GError        **error);
void ps_sweep_session_stop (PsSweepSession *self);
gboolean ps_sweep_session_is_running (PsSweepSession *self);
const PsSweepConfig *ps_sweep_session_get_config (PsSweepSession *self);
const PsSweepReport *ps_sweep_session_get_report (PsSweepSession *self);
int ps_sweep_session_get_code (PsSweepSession *self);
guint ps_sweep_session_get_grid_done (PsSweepSession *self);
guint ps_sweep_session_get_grid_total (PsSweepSession *self);
double ps_sweep_session_get_seconds_left (PsSweepSession *self);

G_END_DECLS
