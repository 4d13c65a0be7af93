/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-record.c: PsRecord, a finished run (a copy of its report) or sweep (its session, which owns
 * the report), numbered in the order the session made them. Immutable once made, so the history
 * list, the Compare view and a re-run can all share it. */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include "ps-record.h"

struct _PsRecord
{
  GObject parent_instance;

  /* Owned */
  PsRecordKind kind;
  guint number;
  GDateTime *time;
  PsReport *report;         /* PS_RECORD_RUN */
  PsSweepSession *sweep;    /* PS_RECORD_SWEEP */
  char *strategies;         /* "single, shared, pinned" */
  char *recorded;           /* where a run opened from a results file was measured, or NULL */
};

G_DEFINE_FINAL_TYPE (PsRecord, ps_record, G_TYPE_OBJECT)

static void
ps_record_finalize (GObject *object)
{
  PsRecord *self = PS_RECORD (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->report, ps_report_free);
  g_clear_object (&self->sweep);
  g_clear_pointer (&self->strategies, g_free);
  g_clear_pointer (&self->recorded, g_free);
  G_OBJECT_CLASS (ps_record_parent_class)->finalize (object);
}

static void
ps_record_class_init (PsRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_record_finalize;
}

static void
ps_record_init (PsRecord *self)
{
  self->time = g_date_time_new_now_local ();
}

static char *
join_strategies (const PsStrategy *strategies,
                 guint             n,
                 const char       *extra)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", strategies[i].name);
  if (extra != NULL)
    g_string_append_printf (names, "%s%s", n > 0 ? ", " : "", extra);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/**
 * ps_record_new_run:
 * @number: its place in the session's history, from 1
 * @report: copied
 *
 * Returns: (transfer full) (nullable): the record, or NULL when the copy ran out of memory
 */
PsRecord *
ps_record_new_run (guint           number,
                   const PsReport *report)
{
  g_autoptr (PsRecord) self = g_object_new (PS_TYPE_RECORD, NULL);
  const PsScenario *s = &report->scenario;

  self->kind = PS_RECORD_RUN;
  self->number = number;
  self->report = ps_report_copy (report);
  if (self->report == NULL)
    return NULL;
  self->strategies = join_strategies (s->strategies, s->n_strategies, NULL);
  return g_steal_pointer (&self);
}

/**
 * ps_record_new_sweep:
 * @number: its place in the session's history, from 1
 * @sweep: a finished sweep; a reference is taken
 *
 * Returns: (transfer full): the record
 */
PsRecord *
ps_record_new_sweep (guint           number,
                     PsSweepSession *sweep)
{
  PsRecord *self = g_object_new (PS_TYPE_RECORD, NULL);
  const PsSweepConfig *config = ps_sweep_session_get_config (sweep);
  gboolean has_reference = FALSE;

  self->kind = PS_RECORD_SWEEP;
  self->number = number;
  self->sweep = g_object_ref (sweep);
  for (guint i = 0; i < config->base.n_strategies; i++)
    has_reference |= g_strcmp0 (config->base.strategies[i].name, config->reference) == 0;
  self->strategies = join_strategies (config->base.strategies, config->base.n_strategies,
                                      has_reference ? NULL : config->reference);
  return self;
}

PsRecordKind
ps_record_get_kind (PsRecord *self)
{
  g_return_val_if_fail (PS_IS_RECORD (self), PS_RECORD_RUN);

  return self->kind;
}

guint
ps_record_get_number (PsRecord *self)
{
  g_return_val_if_fail (PS_IS_RECORD (self), 0);

  return self->number;
}

GDateTime *
ps_record_get_time (PsRecord *self)
{
  g_return_val_if_fail (PS_IS_RECORD (self), NULL);

  return self->time;
}

/* Returns: the scenario as the run or sweep started (a sweep's base: its swept knob varies). */
const PsScenario *
ps_record_get_scenario (PsRecord *self)
{
  g_return_val_if_fail (PS_IS_RECORD (self), NULL);

  if (self->kind == PS_RECORD_SWEEP)
    return &ps_sweep_session_get_config (self->sweep)->base;
  return &self->report->scenario;
}

/* Returns: (nullable): a run's report; NULL for a sweep. */
const PsReport *
ps_record_get_report (PsRecord *self)
{
  g_return_val_if_fail (PS_IS_RECORD (self), NULL);

  return self->report;
}

/* Returns: (nullable) (transfer none): a sweep's session, which holds its report; NULL for a run. */
PsSweepSession *
ps_record_get_sweep (PsRecord *self)
{
  g_return_val_if_fail (PS_IS_RECORD (self), NULL);

  return self->sweep;
}

/* Returns: the strategies measured, "single, shared, pinned". */
const char *
ps_record_get_strategies (PsRecord *self)
{
  g_return_val_if_fail (PS_IS_RECORD (self), NULL);

  return self->strategies;
}

/* Marks a run as measured elsewhere: @recorded says where and when ("recorded on build-64, …"). */
void
ps_record_set_recorded (PsRecord   *self,
                        const char *recorded)
{
  g_return_if_fail (PS_IS_RECORD (self));

  g_free (self->recorded);
  self->recorded = g_strdup (recorded);
}

/* Returns: (nullable): where the run was measured, when not in this session. */
const char *
ps_record_get_recorded (PsRecord *self)
{
  g_return_val_if_fail (PS_IS_RECORD (self), NULL);

  return self->recorded;
}
