/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-record.h: one finished run or sweep of the session, kept for the history and Compare. */
#pragma once

#include <glib-object.h>

#include "ps-engine.h"
#include "ps-sweep-session.h"

G_BEGIN_DECLS

#define PS_TYPE_RECORD (ps_record_get_type ())

G_DECLARE_FINAL_TYPE (PsRecord, ps_record, PS, RECORD, GObject)

typedef enum
{
  PS_RECORD_RUN,
  PS_RECORD_SWEEP,
} PsRecordKind;

PsRecord *ps_record_new_run (guint           number,
                             const PsReport *report);
PsRecord *ps_record_new_sweep (guint           number,
                               PsSweepSession *sweep);
PsRecordKind ps_record_get_kind (PsRecord *self);
guint ps_record_get_number (PsRecord *self);
GDateTime *ps_record_get_time (PsRecord *self);
const PsScenario *ps_record_get_scenario (PsRecord *self);
const PsReport *ps_record_get_report (PsRecord *self);
PsSweepSession *ps_record_get_sweep (PsRecord *self);
const char *ps_record_get_strategies (PsRecord *self);
void ps_record_set_recorded (PsRecord   *self,
                             const char *recorded);
const char *ps_record_get_recorded (PsRecord *self);

G_END_DECLS
