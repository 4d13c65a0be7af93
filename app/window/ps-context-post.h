/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-context-post.h: hand a callback from an engine thread to a main context, and find the
 * object it is for there. */
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

/**
 * PsMailbox:
 *
 * Where events posted from an engine thread find the object they are for. The engine thread
 * only takes references (an atomic count); the object pointer is read and cleared on the main
 * thread alone, so an object disposed with events still queued is never touched by them. (A
 * GWeakRef made on the engine thread raced, by ThreadSanitizer's account, with GLib's bookkeeping
 * of the object's data on the main thread, done under bit locks it cannot see.)
 */
typedef struct _PsMailbox PsMailbox;

PsMailbox *ps_mailbox_new (gpointer owner);
PsMailbox *ps_mailbox_ref (PsMailbox *self);
void ps_mailbox_unref (PsMailbox *self);
gpointer ps_mailbox_get_owner (PsMailbox *self);
void ps_mailbox_close (PsMailbox *self);

G_END_DECLS
