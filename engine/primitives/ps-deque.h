/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-deque.h: a fixed-capacity Chase–Lev work-stealing deque of tasks.
 *
 * The owner pushes and takes at the bottom without locks (LIFO, cache-warm); thieves steal from the
 * top with one CAS. Elements are stored as relaxed atomic words so a thief may read a slot the owner
 * is about to reuse without a data race: the CAS on top decides whether what it read counts.
 * Capacity is fixed; the owner only refills an empty deque, so it never overflows.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-deque.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ps-workload.h"

typedef struct
{
  _Atomic uint64_t id;
  _Atomic uint64_t submit_ticks;
  _Atomic uint64_t tenant;
} PsDequeSlot;

typedef struct
{
  alignas (64) _Atomic int64_t top;    /* thieves CAS it upwards */
  alignas (64) _Atomic int64_t bottom; /* written by the owner only */
  PsDequeSlot *slots;                  /* owned; capacity is a power of two */
  int64_t mask;
} PsDeque;

typedef enum
{
  PS_DEQUE_EMPTY,
  PS_DEQUE_GOT,
  PS_DEQUE_LOST_RACE,  /* a concurrent steal or take won; worth retrying */
} PsDequeResult;

int ps_deque_init (PsDeque *d, int64_t capacity);
void ps_deque_clear (PsDeque *d);

/* Returns false when full. Thread: the owner. */
bool ps_deque_push (PsDeque *d, const PsTask *task);

/* Takes the newest task. Thread: the owner. */
PsDequeResult ps_deque_take (PsDeque *d, PsTask *out);

/* Steals the oldest task. Thread: any but the owner. */
PsDequeResult ps_deque_steal (PsDeque *d, PsTask *out);

/* Tasks it holds right now (approximate while others run). Thread: any. */
int64_t ps_deque_size (PsDeque *d);
