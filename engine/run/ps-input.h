/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-input.h: the bytes tasks copy, built once per run from the seed.
 *
 * The input is PS_INPUT_CHUNKS chunks of payload_bytes (the Dart seed split its input across 4
 * workers); task `id` works on chunk id % PS_INPUT_CHUNKS. Where those bytes live depends on the
 * payload_source knob. `hot` keeps one copy of each chunk, so after the first few tasks every copy
 * reads from cache. `cold` lays out enough identical replicas of the chunks to span twice the
 * last-level cache and walks through them in order, so each copy reads bytes that left the cache
 * long ago, as a server copying its clients' data does. Replicas are byte-for-byte the same, so
 * digests and checksums do not depend on the source.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-input.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps-scenario.h"

#define PS_INPUT_CHUNKS 4
/* Slots start on cache lines, so a copy's cost does not depend on the slot. */
#define PS_INPUT_SLOT_ALIGN 64u
/* A cold source spans this many times the last-level cache: with the replicas walked in order,
 * each one has been evicted by the time it is read again. */
#define PS_INPUT_COLD_CACHE_MULTIPLE 2u
/* Inputs larger than this many last-level caches are never kept between runs. */
#define PS_INPUT_CACHE_MAX_LLC 4u

typedef struct
{
  uint64_t seed;
  uint64_t payload_bytes;
  PsPayloadSource source;
  uint8_t *region;        /* owned: replicas × PS_INPUT_CHUNKS slots of slot_bytes each */
  size_t slot_bytes;      /* payload rounded up to PS_INPUT_SLOT_ALIGN, plus one spare word */
  uint64_t replicas;
  uint64_t chunk_digest[PS_INPUT_CHUNKS]; /* sum of each chunk's 64-bit words */
  bool shared;            /* the region belongs to the process-wide cache, not to this input */
} PsInput;

/* The size of the last-level cache of this machine, from sysfs, else the C library, else 32 MiB.
 * Thread: any. */
uint64_t ps_input_last_level_cache_bytes (void);

/* The choice ps_input_last_level_cache_bytes() makes from what the system says (0 or less: it
 * says nothing): sysfs, else the C library's L3, else L2; a figure above what one core can reach
 * (a virtual machine forwarding the host's) gives 32 MiB, as when nothing is known.
 * Thread: any. */
uint64_t ps_input_choose_cache_bytes (uint64_t sysfs_bytes, long sysconf_l3, long sysconf_l2);

/* The bytes an input of @payload_bytes from @source occupies (what ps_input_prepare () allocates).
 * Thread: any. */
uint64_t ps_input_span_bytes (uint64_t payload_bytes, PsPayloadSource source);

/* Builds (or rebuilds) the run's input. A cold input of at most PS_INPUT_CACHE_MAX_LLC times the
 * last-level cache is kept for the next run that asks for the same seed, payload and source:
 * building 64 MiB took ~60 ms, more than a sweep's 20 ms repetition. Returns false on ENOMEM.
 * Thread: the run's controller (the cache is locked). */
bool ps_input_prepare (PsInput *input, uint64_t seed, uint64_t payload_bytes,
                       PsPayloadSource source);
void ps_input_clear (PsInput *input);

/* The chunk @chunk of the replica task @id reads: for cold sources consecutive tasks walk forward
 * through the replicas. Thread: any, while the input is not rebuilt. */
static inline const uint8_t *
ps_input_chunk (const PsInput *input, uint64_t id, unsigned chunk)
{
  uint64_t replica = (id / PS_INPUT_CHUNKS) % input->replicas;

  return input->region + (replica * PS_INPUT_CHUNKS + chunk) * input->slot_bytes;
}
