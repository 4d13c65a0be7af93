/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-help.h: the short help page F1 opens. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWindow *ps_help_show (GtkWindow *parent);

G_END_DECLS
