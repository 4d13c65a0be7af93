/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-context-post.h: hand a callback from an engine thread to a main context. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ps_context_post:
 * @context: where @func runs
 * @func: called once; its return value is ignored
 * @data: (transfer full): handed to @func, then to @destroy
 * @destroy: (nullable): frees @data, also when @context is destroyed before @func ran
 * @name: a static name for the source, shown by profilers
 *
 * Runs @func (@data) on @context from a one-shot source at G_PRIORITY_DEFAULT. Not an idle source
 * (g_idle_add_once): the charts redraw every frame during a run and would starve it. Not
 * g_main_context_invoke_full(): from an engine thread it may acquire a free context and run
 * @func right there, on the wrong thread.
 *
 * Thread: any.
 */
void ps_context_post (GMainContext  *context,
                      GSourceFunc    func,
                      gpointer       data,
                      GDestroyNotify destroy,
                      const char    *name);

G_END_DECLS
