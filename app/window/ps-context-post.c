/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-context-post.c: a one-shot source at default priority, for events from engine threads. */
#define G_LOG_DOMAIN "ps-session"

#include "ps-context-post.h"

void
ps_context_post (GMainContext  *context,
                 GSourceFunc    func,
                 gpointer       data,
                 GDestroyNotify destroy,
                 const char    *name)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
  g_source_unref (source);
}
