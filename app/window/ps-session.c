/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-session.c: PsSession owns one PsRun and turns it into GObject signals on the main thread.
 *
 * The engine pushes samples into a ring that never blocks; we drain it on a short timeout rather
 * than a widget's frame clock so a session works without a window (tests, a hidden window) and
 * the chart's own tick callback only has to redraw. Rare events arrive on the engine's controller
 * thread and are bounced here by a one-shot source at G_PRIORITY_DEFAULT: an idle source
 * (g_idle_add_once) would starve while the charts redraw every frame, and a knob change's marker
 * would never arrive (ps_context_post() says why).
 */
#define G_LOG_DOMAIN "ps-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-context-post.h"
#include "ps-session.h"

/* Twice the fastest sample period the knob table allows (10 ms), and fast enough that a 100 ms
 * sampler's points reach the chart within one or two frames' worth of latency. */
#define DRAIN_INTERVAL_MS 50

struct _PsSession
{
  GObject parent_instance;

  /* Owned */
  PsMailbox *mailbox;        /* where the controller thread's events find this session */
  PsRun *run;
  PsScenario scenario;
  GMainContext *context;     /* where events and samples are delivered: the creator's */
  guint drain_id;
  guint64 n_samples;
  guint64 samples_dropped;
  double progress;
  guint started : 1;
  guint finished : 1;
};

G_DEFINE_FINAL_TYPE (PsSession, ps_session, G_TYPE_OBJECT)

enum
{
  SIGNAL_SAMPLE,
  SIGNAL_SEGMENT_OPENED,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_PROGRESS,
  PROP_SAMPLES_DROPPED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the controller thread hands to the main thread. Through the mailbox, a session disposed
 * while an event is still queued is not touched: the event finds nobody and is dropped. */
typedef struct
{
  PsMailbox *mailbox;
  PsEvent event;
} PendingEvent;

G_DEFINE_QUARK (ps-session-error-quark, ps_session_error)

static void
set_engine_error (GError **error, int code, const char *what)
{
  g_set_error (error, PS_SESSION_ERROR, -code, "%s: %s", what, ps_strerror (code));
}

static void
set_progress (PsSession *self,
              double     progress)
{
  g_assert (PS_IS_SESSION (self));

  progress = CLAMP (progress, 0, 1);
  if (progress == self->progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
drain_samples (PsSession *self)
{
  PsSample sample;
  guint64 dropped;

  g_assert (PS_IS_SESSION (self));

  if (self->run == NULL)
    return;
  while (ps_run_pop_sample (self->run, &sample))
    {
      self->n_samples++;
      set_progress (self, sample.progress);
      g_signal_emit (self, signals[SIGNAL_SAMPLE], 0, &sample);
    }
  /* The ring counts a loss when a pop finds it, so the count is current right after a drain. */
  dropped = ps_run_get_samples_dropped (self->run);
  if (dropped != self->samples_dropped)
    {
      self->samples_dropped = dropped;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLES_DROPPED]);
    }
}

static void
finish (PsSession *self)
{
  const PsReport *report;

  g_assert (PS_IS_SESSION (self));

  if (self->finished)
    return;
  /* Every sample the sampler wrote before the report was built belongs in the charts. */
  drain_samples (self);
  /* The controller thread is on its way out (it has said the run finished); joining it fills in
   * the report's samples_dropped from the drained ring, which only ps_run_wait() does. */
  ps_run_wait (self->run);
  self->finished = TRUE;
  g_clear_handle_id (&self->drain_id, g_source_remove);
  report = ps_run_get_report (self->run);
  /* ::finished goes first, so a handler of notify::running already sees the results. */
  g_object_freeze_notify (G_OBJECT (self));
  if (report != NULL && report->completed)
    set_progress (self, 1.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, report != NULL && report->completed);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
on_drain (gpointer user_data)
{
  PsSession *self = user_data;

  g_assert (PS_IS_SESSION (self));

  drain_samples (self);
  /* The run-finished event is the usual way to learn the end; this catches it too when the
   * main loop has not yet dispatched the idle. */
  if (ps_run_is_finished (self->run))
    {
      self->drain_id = 0;
      finish (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
pending_event_free (gpointer data)
{
  PendingEvent *pending = data;

  ps_mailbox_unref (pending->mailbox);
  g_free (pending);
}

static gboolean
deliver_event (gpointer user_data)
{
  PendingEvent *pending = user_data;
  PsSession *owner = ps_mailbox_get_owner (pending->mailbox);
  g_autoptr (PsSession) self = NULL;
  PsEvent event = pending->event;

  if (owner == NULL || owner->finished)
    return G_SOURCE_REMOVE;
  /* A handler may drop the last other reference. */
  self = g_object_ref (owner);

  switch (event.kind)
    {
    case PS_EVENT_SEGMENT_OPENED:
      /* Samples of the new segment may already be queued: draw the old ones first so the
       * marker lands after them. */
      drain_samples (self);
      /* One emission per change: two knobs changed within one slice are two markers. */
      if (event.n_changes == 0)
        g_signal_emit (self, signals[SIGNAL_SEGMENT_OPENED], 0, event.strategy, event.segment,
                       (int) PS_KNOB_COUNT, 0.0, event.t_s, (guint64) 0);
      for (unsigned i = 0; i < event.n_changes; i++)
        g_signal_emit (self, signals[SIGNAL_SEGMENT_OPENED], 0, event.strategy, event.segment,
                       (int) event.changes[i].knob, event.changes[i].value, event.t_s,
                       (guint64) event.changes[i].serial);
      break;
    case PS_EVENT_RUN_FINISHED:
      finish (self);
      break;
    case PS_EVENT_STRATEGY_FINISHED:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Runs on the engine's controller thread: must not block and must not touch GObject state;
 * it only takes a reference on the mailbox. */
static void
on_engine_event (const PsEvent *event, void *user_data)
{
  PsSession *self = user_data;
  PendingEvent *pending = g_new0 (PendingEvent, 1);

  pending->mailbox = ps_mailbox_ref (self->mailbox);
  pending->event = *event;
  /* self->context is set before the run starts and kept until after the run is freed. */
  ps_context_post (self->context, deliver_event, pending, pending_event_free,
                   "[poolscope] engine event");
}

static void
ps_session_dispose (GObject *object)
{
  PsSession *self = PS_SESSION (object);

  g_clear_handle_id (&self->drain_id, g_source_remove);
  /* Joins the controller thread, so no event callback can run after this point. */
  g_clear_pointer (&self->run, ps_run_free);
  g_clear_pointer (&self->mailbox, ps_mailbox_close);
  G_OBJECT_CLASS (ps_session_parent_class)->dispose (object);
}

static void
ps_session_finalize (GObject *object)
{
  PsSession *self = PS_SESSION (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (ps_session_parent_class)->finalize (object);
}

static void
ps_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PsSession *self = PS_SESSION (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, ps_session_is_running (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_SAMPLES_DROPPED:
      g_value_set_uint64 (value, self->samples_dropped);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_session_class_init (PsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ps_session_dispose;
  object_class->finalize = ps_session_finalize;
  object_class->get_property = ps_session_get_property;

  /**
   * PsSession:running:
   *
   * Whether the run has started and its report is not in yet; %FALSE again once ::finished was
   * emitted.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PsSession:progress:
   *
   * 0–1 of the whole run, as the last sample said; 1 once a run completed.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PsSession:samples-dropped:
   *
   * Live samples lost because the main loop fell behind and the engine's ring overflowed. The
   * results do not depend on them; only the charts miss points.
   */
  properties[PROP_SAMPLES_DROPPED] =
    g_param_spec_uint64 ("samples-dropped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsSession::sample:
   * @sample: (type gpointer): the `const PsSample *`, valid during the emission only
   *
   * One live sample from the engine, in the order the sampler wrote them.
   */
  signals[SIGNAL_SAMPLE] = g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * PsSession::segment-opened:
   * @strategy: index into the scenario's strategies
   * @segment: the new segment's index within the strategy
   * @knob: the `PsKnob` whose change opened it, or `PS_KNOB_COUNT` for a strategy's first
   * @value: the knob's new value, in its base unit
   * @t_s: seconds since the run started
   * @serial: the change's number in the run (from 1; 0 for a strategy's first segment): every
   *   strategy reports each change as it next gets its slice, under the same number
   *
   * Emitted once per change when several opened the segment.
   */
  signals[SIGNAL_SEGMENT_OPENED] =
    g_signal_new ("segment-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 6, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT, G_TYPE_DOUBLE,
                  G_TYPE_DOUBLE, G_TYPE_UINT64);

  /**
   * PsSession::finished:
   * @completed: %FALSE when the run was stopped early
   *
   * The run is over and ps_session_get_report() returns its report.
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           1, G_TYPE_BOOLEAN);
}

static void
ps_session_init (PsSession *self)
{
  self->mailbox = ps_mailbox_new (self);
}

/**
 * ps_session_new:
 * @scenario: the scenario; copied
 * @error: where to put a validation error
 *
 * Returns: (transfer full) (nullable): a session ready to start, or %NULL when the scenario
 *   does not validate (the message names the knob and its range)
 */
PsSession *
ps_session_new (const PsScenario *scenario,
                GError          **error)
{
  g_autoptr (PsSession) self = NULL;
  PsValidation why = { 0 };
  int rc;

  g_return_val_if_fail (scenario != NULL, NULL);

  if ((rc = ps_scenario_validate (scenario, &why)) != 0)
    {
      g_set_error_literal (error, PS_SESSION_ERROR, -rc, why.message);
      return NULL;
    }

  self = g_object_new (PS_TYPE_SESSION, NULL);
  self->scenario = *scenario;
  self->context = g_main_context_ref_thread_default ();
  if ((rc = ps_run_new (&self->scenario, on_engine_event, self, &self->run)) != 0)
    {
      set_engine_error (error, rc, _("The run could not be created"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * ps_session_start:
 * @self: a session
 * @error: where to put the reason it could not start
 *
 * Starts the run's threads and begins draining samples.
 *
 * Returns: whether the run started
 */
gboolean
ps_session_start (PsSession *self,
                  GError   **error)
{
  int rc;

  g_return_val_if_fail (PS_IS_SESSION (self), FALSE);

  if (self->started)
    {
      set_engine_error (error, PS_ESTATE, _("The run has already started"));
      return FALSE;
    }
  if ((rc = ps_run_start (self->run)) != 0)
    {
      set_engine_error (error, rc, _("The run could not start"));
      return FALSE;
    }
  self->started = TRUE;
  self->drain_id = g_timeout_add (DRAIN_INTERVAL_MS, on_drain, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

/**
 * ps_session_stop:
 * @self: a session
 *
 * Asks the run to stop; ::finished follows within about 100 ms with @completed %FALSE.
 */
void
ps_session_stop (PsSession *self)
{
  g_return_if_fail (PS_IS_SESSION (self));

  if (self->run != NULL && self->started && !self->finished)
    ps_run_stop (self->run);
}

/**
 * ps_session_set_knob:
 * @self: a running session
 * @knob: a live knob
 * @value: in the knob's base unit
 * @error: where to say why it was refused
 *
 * Changes a knob while the run goes on; the engine closes the current segment and opens a new
 * one, which ::segment-opened reports.
 *
 * Returns: whether the engine accepted the change
 */
gboolean
ps_session_set_knob (PsSession *self,
                     PsKnob     knob,
                     double     value,
                     GError   **error)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  int rc;

  g_return_val_if_fail (PS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (!ps_session_is_running (self))
    {
      set_engine_error (error, PS_ESTATE, _("No run is going"));
      return FALSE;
    }
  if (!info->live)
    {
      g_set_error (error, PS_SESSION_ERROR, -PS_EINVAL,
                   _("“%s” cannot change during a run; it applies to the next one"), info->name);
      return FALSE;
    }
  if ((rc = ps_run_set_knob (self->run, knob, value)) != 0)
    {
      char text[64];

      ps_knob_format (info, value, text, sizeof text);
      g_set_error (error, PS_SESSION_ERROR, -rc, _("The engine refused %s = %s: %s"), info->name,
                   text, ps_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * ps_session_is_running:
 * @self: a session
 *
 * Returns: whether the run has started and its report is not in yet
 */
gboolean
ps_session_is_running (PsSession *self)
{
  g_return_val_if_fail (PS_IS_SESSION (self), FALSE);

  return self->started && !self->finished;
}

/**
 * ps_session_get_scenario:
 * @self: a session
 *
 * Returns: (transfer none): the scenario as started (live changes are in the report's segments)
 */
const PsScenario *
ps_session_get_scenario (PsSession *self)
{
  g_return_val_if_fail (PS_IS_SESSION (self), NULL);

  return &self->scenario;
}

/**
 * ps_session_get_report:
 * @self: a session
 *
 * Returns: (transfer none) (nullable): the final report once ::finished was emitted
 */
const PsReport *
ps_session_get_report (PsSession *self)
{
  g_return_val_if_fail (PS_IS_SESSION (self), NULL);

  if (!self->finished || self->run == NULL)
    return NULL;
  return ps_run_get_report (self->run);
}

/**
 * ps_session_get_n_samples:
 * @self: a session
 *
 * Returns: how many live samples were emitted so far
 */
guint64
ps_session_get_n_samples (PsSession *self)
{
  g_return_val_if_fail (PS_IS_SESSION (self), 0);

  return self->n_samples;
}

/**
 * ps_session_get_progress:
 * @self: a session
 *
 * Returns: 0–1 of the whole run, as the last sample said
 */
double
ps_session_get_progress (PsSession *self)
{
  g_return_val_if_fail (PS_IS_SESSION (self), 0);

  return self->progress;
}

/**
 * ps_session_get_samples_dropped:
 * @self: a session
 *
 * Returns: live samples lost so far because they were not drained in time; once ::finished
 *   was emitted, the same figure as the report's samples_dropped
 */
guint64
ps_session_get_samples_dropped (PsSession *self)
{
  g_return_val_if_fail (PS_IS_SESSION (self), 0);

  return self->samples_dropped;
}
