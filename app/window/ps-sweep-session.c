/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-sweep-session.c: PsSweepSession runs one PsSweep on a thread of its own (ps_sweep_run()
 * blocks for the whole sweep) and turns its events into GObject signals on the creator's main
 * context, so a window can draw each point and each bisection step as it is measured.
 *
 * The sweep measures in this process with the engine's own measure function: the CLI's
 * fresh-process repetitions would catch more of the spread between processes, but a window
 * sweep is for exploring, and the caption says how its points were measured.
 */
#define G_LOG_DOMAIN "ps-session"

#include "config.h"

#include <math.h>

#include "ps-context-post.h"
#include "ps-session.h"
#include "ps-sweep-session.h"

struct _PsSweepSession
{
  GObject parent_instance;

  /* Owned */
  PsMailbox *mailbox;       /* where the sweep thread's events find this session */
  PsSweepConfig config;
  PsSweep *sweep;
  GThread *thread;           /* runs ps_sweep_run(); joined when it says it is done */
  GMainContext *context;     /* where events are delivered: the creator's */
  gint64 started_us;
  guint grid_done;
  guint grid_total;
  int code;                  /* ps_sweep_run()'s return, once finished */
  /* A sweep measured elsewhere (a sweep results file): its report, and what keeps it alive. */
  const PsSweepReport *recorded_report;
  gpointer recorded_owner;
  GDestroyNotify recorded_owner_free;
  guint started : 1;
  guint finished : 1;
};

G_DEFINE_FINAL_TYPE (PsSweepSession, ps_sweep_session, G_TYPE_OBJECT)

enum
{
  SIGNAL_POINT,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the sweep thread hands to the main thread: a copy of the point, since the sweep's own
 * may move when its series grows. */
typedef struct
{
  PsMailbox *mailbox;
  gboolean done;             /* the thread's last word: ps_sweep_run() returned */
  guint strategy;
  PsSweepPoint point;        /* result.per_thread_tasks is not copied: NULL */
  gboolean has_crossing;
  PsSweepCrossing crossing;
  guint grid_done;
  guint grid_total;
} PendingEvent;

static void
pending_event_free (gpointer data)
{
  PendingEvent *pending = data;

  ps_mailbox_unref (pending->mailbox);
  g_free (pending);
}

static void
finish (PsSweepSession *self)
{
  g_assert (PS_IS_SWEEP_SESSION (self));

  if (self->finished)
    return;
  self->code = GPOINTER_TO_INT (g_thread_join (g_steal_pointer (&self->thread)));
  self->finished = TRUE;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, self->code);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
deliver_event (gpointer user_data)
{
  PendingEvent *pending = user_data;
  PsSweepSession *owner = ps_mailbox_get_owner (pending->mailbox);
  g_autoptr (PsSweepSession) self = NULL;

  if (owner == NULL || owner->finished)
    return G_SOURCE_REMOVE;
  /* A handler may drop the last other reference. */
  self = g_object_ref (owner);
  if (pending->done)
    {
      finish (self);
      return G_SOURCE_REMOVE;
    }
  /* Bisection steps come after the grid and carry no grid counts (0 of 0): they must not take
   * the progress back to nothing. */
  if (!pending->has_crossing
      && (pending->grid_done != self->grid_done || pending->grid_total != self->grid_total))
    {
      self->grid_done = pending->grid_done;
      self->grid_total = pending->grid_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  g_signal_emit (self, signals[SIGNAL_POINT], 0, pending->strategy, &pending->point,
                 pending->has_crossing ? &pending->crossing : NULL);
  return G_SOURCE_REMOVE;
}

static void
post (PsSweepSession *self,
      PendingEvent   *pending)
{
  pending->mailbox = ps_mailbox_ref (self->mailbox);
  ps_context_post (self->context, deliver_event, pending, pending_event_free,
                   "[poolscope] sweep event");
}

/* Runs on the sweep thread. */
static void
on_sweep_event (const PsSweepEvent *event,
                void               *user_data)
{
  PendingEvent *pending = g_new0 (PendingEvent, 1);

  pending->strategy = event->strategy;
  pending->point = *event->point;
  pending->point.result.per_thread_tasks = NULL;
  pending->has_crossing = event->crossing != NULL;
  if (event->crossing != NULL)
    pending->crossing = *event->crossing;
  pending->grid_done = event->grid_done;
  pending->grid_total = event->grid_total;
  post (user_data, pending);
}

static gpointer
sweep_thread (gpointer user_data)
{
  PsSweepSession *self = user_data;
  PendingEvent *done = g_new0 (PendingEvent, 1);
  int code = ps_sweep_run (self->sweep);

  done->done = TRUE;
  post (self, done);
  return GINT_TO_POINTER (code);
}

static void
ps_sweep_session_dispose (GObject *object)
{
  PsSweepSession *self = PS_SWEEP_SESSION (object);

  /* The thread holds no reference (a window closed mid-sweep must not wait for the sweep's
   * natural end): stop it after the current repetition and wait for that. */
  if (self->thread != NULL)
    {
      ps_sweep_stop (self->sweep);
      self->code = GPOINTER_TO_INT (g_thread_join (g_steal_pointer (&self->thread)));
    }
  g_clear_pointer (&self->sweep, ps_sweep_free);
  g_clear_pointer (&self->mailbox, ps_mailbox_close);
  self->recorded_report = NULL;
  if (self->recorded_owner_free != NULL)
    g_clear_pointer (&self->recorded_owner, self->recorded_owner_free);
  G_OBJECT_CLASS (ps_sweep_session_parent_class)->dispose (object);
}

static void
ps_sweep_session_finalize (GObject *object)
{
  PsSweepSession *self = PS_SWEEP_SESSION (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (ps_sweep_session_parent_class)->finalize (object);
}

static void
ps_sweep_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsSweepSession *self = PS_SWEEP_SESSION (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, ps_sweep_session_is_running (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->grid_total > 0 ? (double) self->grid_done
                                                        / self->grid_total : 0.0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_sweep_session_class_init (PsSweepSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ps_sweep_session_dispose;
  object_class->finalize = ps_sweep_session_finalize;
  object_class->get_property = ps_sweep_session_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Grid measurements done ÷ all of them; bisection steps come after and are not counted. */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsSweepSession::point:
   * @strategy: index into the sweep's strategies (the config's order, then the reference)
   * @point: (type gpointer): the `const PsSweepPoint *` just measured, borrowed
   * @crossing: (type gpointer) (nullable): for a bisection step, the `const PsSweepCrossing *`
   *   with the bracket it narrowed
   */
  signals[SIGNAL_POINT] =
    g_signal_new ("point", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_POINTER, G_TYPE_POINTER);
  /**
   * PsSweepSession::finished:
   * @code: ps_sweep_run()'s return: 0, PS_ECANCELED after a stop, or an error code; the report
   *   keeps every point measured either way
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
ps_sweep_session_init (PsSweepSession *self)
{
  self->mailbox = ps_mailbox_new (self);
}

/**
 * ps_sweep_session_new:
 * @config: copied; its on_event is replaced by the session's
 * @error: why the sweep was refused, with the engine's message naming the knob
 *
 * Returns: (transfer full) (nullable): a session, not started.
 */
PsSweepSession *
ps_sweep_session_new (const PsSweepConfig *config,
                      GError             **error)
{
  g_autoptr (PsSweepSession) self = g_object_new (PS_TYPE_SWEEP_SESSION, NULL);
  PsValidation problem = { 0 };
  int rc;

  g_return_val_if_fail (config != NULL, NULL);

  self->config = *config;
  self->config.on_event = on_sweep_event;
  self->config.event_data = self;
  rc = ps_sweep_new (&self->config, &self->sweep, &problem);
  if (rc != 0)
    {
      g_set_error (error, PS_SESSION_ERROR, -rc, "%s",
                   problem.message[0] != '\0' ? problem.message : ps_strerror (rc));
      return NULL;
    }
  self->context = g_main_context_ref_thread_default ();
  return g_steal_pointer (&self);
}

gboolean
ps_sweep_session_start (PsSweepSession *self,
                        GError        **error)
{
  g_return_val_if_fail (PS_IS_SWEEP_SESSION (self), FALSE);

  if (self->started)
    {
      g_set_error_literal (error, PS_SESSION_ERROR, -PS_ESTATE, "The sweep has already run");
      return FALSE;
    }
  self->started = TRUE;
  self->started_us = g_get_monotonic_time ();
  self->thread = g_thread_try_new ("ps-sweep", sweep_thread, self, error);
  if (self->thread == NULL)
    {
      self->finished = TRUE;
      return FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

/* Asks the sweep to stop after the current repetition; ::finished follows. */
void
ps_sweep_session_stop (PsSweepSession *self)
{
  g_return_if_fail (PS_IS_SWEEP_SESSION (self));

  if (ps_sweep_session_is_running (self))
    ps_sweep_stop (self->sweep);
}

gboolean
ps_sweep_session_is_running (PsSweepSession *self)
{
  g_return_val_if_fail (PS_IS_SWEEP_SESSION (self), FALSE);

  return self->started && !self->finished;
}

const PsSweepConfig *
ps_sweep_session_get_config (PsSweepSession *self)
{
  g_return_val_if_fail (PS_IS_SWEEP_SESSION (self), NULL);

  return &self->config;
}

/* Returns: (nullable): the whole report, crossings and fits included; NULL until ::finished. */
const PsSweepReport *
ps_sweep_session_get_report (PsSweepSession *self)
{
  g_return_val_if_fail (PS_IS_SWEEP_SESSION (self), NULL);

  if (self->recorded_report != NULL)
    return self->recorded_report;
  return self->finished && self->sweep != NULL ? ps_sweep_get_report (self->sweep) : NULL;
}

/**
 * ps_sweep_session_new_recorded:
 * @config: the sweep as it was asked for
 * @report: what it measured, elsewhere (a sweep results file); it must live as long as @owner
 * @owner: (transfer full): what keeps @report alive, freed with @owner_free with the session
 *
 * Returns: (transfer full): a finished session that runs nothing and reports @report, so a
 * recorded sweep can be shown and compared like one measured here.
 */
PsSweepSession *
ps_sweep_session_new_recorded (const PsSweepConfig *config,
                               const PsSweepReport *report,
                               gpointer             owner,
                               GDestroyNotify       owner_free)
{
  PsSweepSession *self = g_object_new (PS_TYPE_SWEEP_SESSION, NULL);

  self->config = *config;
  self->recorded_report = report;
  self->recorded_owner = owner;
  self->recorded_owner_free = owner_free;
  self->started = self->finished = TRUE;
  self->code = report->completed ? 0 : PS_ECANCELED;
  self->grid_done = self->grid_total = report->n_values * report->n_series;
  return self;
}

int
ps_sweep_session_get_code (PsSweepSession *self)
{
  g_return_val_if_fail (PS_IS_SWEEP_SESSION (self), PS_ESTATE);

  return self->code;
}

guint
ps_sweep_session_get_grid_done (PsSweepSession *self)
{
  g_return_val_if_fail (PS_IS_SWEEP_SESSION (self), 0);

  return self->grid_done;
}

guint
ps_sweep_session_get_grid_total (PsSweepSession *self)
{
  g_return_val_if_fail (PS_IS_SWEEP_SESSION (self), 0);

  return self->grid_total;
}

/* Returns: the grid's remaining time at the pace so far, or NaN before the first point. The
 * bisection that follows the grid is not in it: it measures until each crossing is narrow. */
double
ps_sweep_session_get_seconds_left (PsSweepSession *self)
{
  double elapsed_s;

  g_return_val_if_fail (PS_IS_SWEEP_SESSION (self), NAN);

  if (self->grid_done == 0 || self->grid_total == 0)
    return NAN;
  elapsed_s = (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC;
  return elapsed_s / self->grid_done * (self->grid_total - self->grid_done);
}
