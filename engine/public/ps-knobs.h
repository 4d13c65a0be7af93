/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-knobs.h: every scenario knob by name, with its unit, range and a one-sentence explanation.
 *
 * This table is the single source of truth that the CLI (options, --help, validation messages),
 * presets, sweeps, live control and the window all read, so a knob is described exactly once.
 */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

#include <stdbool.h>
#include <stddef.h>

#include "ps-scenario.h"

typedef enum
{
  PS_KNOB_THREADS,
  PS_KNOB_ISOLATES,
  PS_KNOB_INFLIGHT,
  PS_KNOB_BATCH_SIZE,
  PS_KNOB_BATCH_DEPTH,
  PS_KNOB_AFFINITY,
  PS_KNOB_ACQUIRE,
  PS_KNOB_SPIN,
  PS_KNOB_HEAP,
  PS_KNOB_INIT,
  PS_KNOB_CREATE_MODE,
  PS_KNOB_PAYLOAD,
  PS_KNOB_TRANSFER,
  PS_KNOB_WORK,
  PS_KNOB_IO_DELAY,
  PS_KNOB_IO_WHILE_HOLDING,
  PS_KNOB_GIL,
  PS_KNOB_POLL,
  PS_KNOB_TENANTS,
  PS_KNOB_SKEW,
  PS_KNOB_TASKS,
  PS_KNOB_DURATION,
  PS_KNOB_WARMUP_TASKS,
  PS_KNOB_WARMUP_TIME,
  PS_KNOB_SEED,
  PS_KNOB_ORDER,
  PS_KNOB_INTERLEAVE,
  PS_KNOB_SAMPLE,
  PS_KNOB_RATE,
  PS_KNOB_ARRIVALS,
  PS_KNOB_GIL_SWITCH,
  PS_KNOB_PAYLOAD_SOURCE,
  PS_KNOB_COPY_ALIAS,
  PS_KNOB_SERIALIZE,
  PS_KNOB_COUNT_CREATION,
  PS_KNOB_COUNT
} PsKnob;

typedef enum
{
  PS_UNIT_COUNT,    /* a plain integer */
  PS_UNIT_BYTES,    /* integer bytes; accepts 64B, 4KiB, 1MiB, 2GiB, 1k */
  PS_UNIT_DURATION, /* integer nanoseconds; accepts 250ns, 20us, 2ms, 1.5s */
  PS_UNIT_RATIO,    /* a real number */
  PS_UNIT_ENUM,     /* one of the names in `choices` */
  PS_UNIT_BOOL,     /* true/false, on/off, yes/no, 1/0 */
} PsUnit;

typedef struct
{
  PsKnob knob;
  const char *name;          /* stable id: JSON key, preset key, sweep name ("payload") */
  const char *option;        /* long CLI option without dashes ("payload") */
  PsUnit unit;
  double min;                /* inclusive, in the unit's base (bytes, ns, count) */
  double max;                /* inclusive */
  const char *const *choices; /* PS_UNIT_ENUM: NULL-terminated names, index = value */
  bool live;                 /* can change while a run is going (opens a new segment) */
  bool sweepable;            /* can be the swept knob of a sweep */
  const char *help;          /* one sentence for --help and tooltips */
} PsKnobInfo;

/* Returns: the description of @knob, or NULL when out of range. Thread: any. */
const PsKnobInfo *ps_knob_info (PsKnob knob);

/* Returns: the knob called @name (its `name` or `option`), or NULL. Thread: any. */
const PsKnobInfo *ps_knob_find (const char *name);

/* Reads a knob as a double (enum and bool knobs as their index). Thread: any. */
double ps_knob_get (const PsScenario *s, PsKnob knob);

/**
 * ps_knob_set:
 *
 * Writes a knob after checking it against the knob's range.
 *
 * Returns: 0, or PS_EINVAL when @value is out of range (the scenario is left unchanged).
 * Thread: any (the scenario is the caller's).
 */
int ps_knob_set (PsScenario *s, PsKnob knob, double value);

/**
 * ps_knob_parse:
 * @info: the knob
 * @text: what the user typed ("64KiB", "2ms", "pinned", "on")
 * @value: the parsed value in the knob's base unit
 * @message: (nullable): filled with one English line when parsing fails
 * @message_size: size of @message
 *
 * Parses and range-checks one value.
 *
 * Returns: 0 or PS_EINVAL.
 * Thread: any.
 */
int ps_knob_parse (const PsKnobInfo *info, const char *text, double *value, char *message,
                   size_t message_size);

/**
 * ps_knob_format:
 *
 * Writes @value the way a person reads it ("64 KiB", "2.5 ms", "pinned", "on") into @buf.
 * Thread: any.
 */
void ps_knob_format (const PsKnobInfo *info, double value, char *buf, size_t buf_size);

/**
 * ps_knob_format_approx:
 *
 * Writes a measured or interpolated value of a knob for reading rather than for typing back:
 * about 3 significant digits in the largest fitting unit ("14.7 µs", "48.2 KiB"), where
 * ps_knob_format() keeps every digit ("14677 ns").
 * Thread: any.
 */
void ps_knob_format_approx (const PsKnobInfo *info, double value, char *buf, size_t buf_size);
