/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-context-post.c: a one-shot source at default priority, for events from engine threads. */
#define G_LOG_DOMAIN "ps-session"

#include <stdatomic.h>

#include "ps-context-post.h"

struct _PsMailbox
{
  atomic_int refs;
  gpointer owner;          /* main thread only; NULL once closed */
};

/* The posted callback and its data. `published` is stored with release after the poster wrote
 * everything and loaded with acquire before the main thread reads any of it: GLib hands the
 * source over under its own futex-based locks, which ThreadSanitizer cannot see, so without this
 * edge every field read on the main thread looks like a race with the engine thread's write. */
typedef struct
{
  atomic_int published;
  GSourceFunc func;
  gpointer data;
  GDestroyNotify destroy;
} Envelope;

static gboolean
envelope_dispatch (gpointer user_data)
{
  Envelope *envelope = user_data;

  (void) atomic_load_explicit (&envelope->published, memory_order_acquire);
  envelope->func (envelope->data);
  return G_SOURCE_REMOVE;
}

static void
envelope_free (gpointer user_data)
{
  Envelope *envelope = user_data;

  (void) atomic_load_explicit (&envelope->published, memory_order_acquire);
  if (envelope->destroy != NULL)
    envelope->destroy (envelope->data);
  g_free (envelope);
}

void
ps_context_post (GMainContext  *context,
                 GSourceFunc    func,
                 gpointer       data,
                 GDestroyNotify destroy,
                 const char    *name)
{
  GSource *source = g_idle_source_new ();
  Envelope *envelope = g_new0 (Envelope, 1);

  envelope->func = func;
  envelope->data = data;
  envelope->destroy = destroy;
  atomic_store_explicit (&envelope->published, 1, memory_order_release);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, envelope_dispatch, envelope, envelope_free);
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
  g_source_unref (source);
}

/* Returns: (transfer full): a mailbox for @owner, which keeps this first reference. Thread: main. */
PsMailbox *
ps_mailbox_new (gpointer owner)
{
  PsMailbox *self = g_new0 (PsMailbox, 1);

  atomic_init (&self->refs, 1);
  self->owner = owner;
  return self;
}

/* Thread: any. */
PsMailbox *
ps_mailbox_ref (PsMailbox *self)
{
  atomic_fetch_add_explicit (&self->refs, 1, memory_order_relaxed);
  return self;
}

/* Thread: any. */
void
ps_mailbox_unref (PsMailbox *self)
{
  if (atomic_fetch_sub_explicit (&self->refs, 1, memory_order_acq_rel) == 1)
    g_free (self);
}

/* Returns: (nullable) (transfer none): the owner, or NULL once it closed. Thread: main. */
gpointer
ps_mailbox_get_owner (PsMailbox *self)
{
  return self->owner;
}

/* The owner is going: events still queued find nobody. Drops the owner's reference.
 * Thread: main. */
void
ps_mailbox_close (PsMailbox *self)
{
  self->owner = NULL;
  ps_mailbox_unref (self);
}
