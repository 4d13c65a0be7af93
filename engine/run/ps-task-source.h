/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-task-source.h: hands out task ids so that each runs exactly once across segments.
 *
 * Fresh ids come from one atomic counter. Ids that a closed segment claimed but never ran (left in a
 * queue when a knob changed or a time slice ended) are given back and handed out first next time.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-task-source.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct
{
  _Atomic uint64_t next;      /* next fresh id; claimed by CAS so it never passes the limit */
  uint64_t end;               /* exclusive; UINT64_MAX for duration runs */
  uint64_t *retry;            /* owned; written by the controller between segments only */
  size_t retry_len;
  size_t retry_cap;
  _Atomic size_t retry_pos;   /* next retry entry to hand out */
} PsTaskSource;

void ps_task_source_init (PsTaskSource *src, uint64_t end);
void ps_task_source_clear (PsTaskSource *src);

/**
 * ps_task_source_claim:
 * @limit: this segment's exclusive id limit (warm-up stops at its own)
 * @ids: where up to @n ids are written
 *
 * Returns: the number of ids claimed, 0 when none is left below @limit.
 * Thread: any.
 */
size_t ps_task_source_claim (PsTaskSource *src, uint64_t limit, uint64_t *ids, size_t n);

/* Returns an unrun id for the next segment. Thread: controller, while no segment runs. */
bool ps_task_source_give_back (PsTaskSource *src, uint64_t id);

/* Whether every id below @limit has been handed out. Thread: any. */
bool ps_task_source_exhausted (PsTaskSource *src, uint64_t limit);

/* Moves the frontier of fresh ids up to @next (never back): ids below it count as handed out.
 * Thread: controller, while no segment runs. */
void ps_task_source_skip_to (PsTaskSource *src, uint64_t next);

/* Ids handed out so far (fresh ones; given-back ones are not subtracted). Thread: any. */
uint64_t ps_task_source_issued (PsTaskSource *src);
