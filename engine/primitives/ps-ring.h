/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-ring.h: the lossy single-producer single-consumer ring that carries live samples.
 *
 * The producer (the run's controller) never blocks: when the consumer (the UI) falls behind, new
 * samples overwrite the oldest ones and the consumer counts what it missed. Each slot carries a
 * sequence number (odd while being written) so the consumer detects a slot overwritten under it;
 * the payload is copied word by word with relaxed atomics so that this is not a data race.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-ring.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ps-run.h"

#define PS_RING_WORDS ((sizeof (PsSample) + 7) / 8)

typedef struct
{
  _Atomic uint64_t seq;                 /* 2 × (index + 1) when complete, odd while written */
  _Atomic uint64_t words[PS_RING_WORDS];
} PsRingSlot;

typedef struct
{
  alignas (64) _Atomic uint64_t head;   /* samples ever pushed; written by the producer */
  alignas (64) uint64_t tail;           /* next index to read; the consumer's own */
  _Atomic uint64_t dropped;             /* samples the consumer never saw */
  PsRingSlot *slots;                    /* owned; capacity is a power of two */
  uint64_t mask;
} PsRing;

int ps_ring_init (PsRing *ring, uint64_t capacity);
void ps_ring_clear (PsRing *ring);

/* Never blocks. Thread: the producer. */
void ps_ring_push (PsRing *ring, const PsSample *sample);

/* Returns false when nothing new is there. Thread: the consumer. */
bool ps_ring_pop (PsRing *ring, PsSample *out);

/* Samples lost so far. Thread: any. */
uint64_t ps_ring_dropped (PsRing *ring);
