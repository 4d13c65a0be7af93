/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-application.h: the Poolscope application: one window, the app actions and shortcuts. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PS_TYPE_APPLICATION (ps_application_get_type ())

G_DECLARE_FINAL_TYPE (PsApplication, ps_application, PS, APPLICATION, AdwApplication)

PsApplication *ps_application_new (void);

G_END_DECLS
