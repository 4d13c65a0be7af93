/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-renderer.h: which GSK renderer draws the window, chosen for the frame budget. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean ps_renderer_is_software_gl (const char *gl_renderer);
const char *ps_renderer_choose (GdkDisplay *display);

G_END_DECLS
