/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-frame-slice.h: asking the kernel to start the window's frames promptly while a run keeps
 * every core busy. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PS_FRAME_SLICE_NS 500000

gboolean ps_frame_slice_request (guint64 slice_ns);
gboolean ps_frame_slice_get (guint64 *slice_ns);

G_END_DECLS
