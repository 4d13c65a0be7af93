/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-session.h: one engine run, seen from the main thread. */
#pragma once

#include <glib-object.h>

#include "ps-engine.h"

G_BEGIN_DECLS

#define PS_TYPE_SESSION (ps_session_get_type ())

G_DECLARE_FINAL_TYPE (PsSession, ps_session, PS, SESSION, GObject)

#define PS_SESSION_ERROR (ps_session_error_quark ())

GQuark ps_session_error_quark (void);

PsSession *ps_session_new (const PsScenario *scenario,
                           GError          **error);
gboolean ps_session_start (PsSession *self,
                           GError   **error);
void ps_session_stop (PsSession *self);
gboolean ps_session_set_knob (PsSession *self,
                              PsKnob     knob,
                              double     value,
                              GError   **error);
gboolean ps_session_is_running (PsSession *self);
const PsScenario *ps_session_get_scenario (PsSession *self);
const PsReport *ps_session_get_report (PsSession *self);
guint64 ps_session_get_n_samples (PsSession *self);
double ps_session_get_progress (PsSession *self);
guint64 ps_session_get_samples_dropped (PsSession *self);

G_END_DECLS
