/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-input.c: building the input tasks copy, hot or spanning more than the last-level cache. */
#include "ps-input.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps-workload.h"

#define FALLBACK_CACHE_BYTES (32ull << 20)

/* The most last-level cache one core reaches on the parts we know (96 MiB: an AMD X3D CCD), with
 * room to spare. sysconf's figure comes from CPUID, which virtual machines forward from the host
 * or invent: one 2-core EPYC VM without sysfs cache entries reported 508 MiB (CPUID leaf
 * 0x80000006 and glibc alike), and a cold source sized on it allocated 1 GiB per run and made
 * test suites time out. A 2-core Xeon VM's sysfs says the same kind of thing (a 480 MiB L3 at
 * cpu0/cache/index3), so sysfs is held to this figure too. Beyond it a figure is taken as the
 * whole host's, not a core's. */
#define PLAUSIBLE_CACHE_BYTES (128ull << 20)

/* The size of the highest-level cache cpu0 reports, in bytes, or 0. sysfs before sysconf: on
 * virtual machines glibc's CPUID reading can report the whole host's L3 (320 MiB on one EPYC VM
 * whose own L3 is 32 MiB), which would make a cold source ten times larger than it needs to be. */
static uint64_t
sysfs_last_level_cache (void)
{
  uint64_t best = 0;
  unsigned best_level = 0;

  for (unsigned index = 0; index < 8; index++)
    {
      char path[96], type[32] = "";
      unsigned level = 0;
      unsigned long long size = 0;
      char unit = 'K';
      FILE *f;

      snprintf (path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%u/level", index);
      if ((f = fopen (path, "r")) == NULL)
        break;
      if (fscanf (f, "%u", &level) != 1)
        level = 0;
      fclose (f);
      snprintf (path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%u/type", index);
      if ((f = fopen (path, "r")) != NULL)
        {
          if (fscanf (f, "%31s", type) != 1)
            type[0] = '\0';
          fclose (f);
        }
      snprintf (path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%u/size", index);
      if ((f = fopen (path, "r")) != NULL)
        {
          if (fscanf (f, "%llu%c", &size, &unit) < 1)
            size = 0;
          fclose (f);
        }
      if (strcmp (type, "Instruction") == 0 || level <= best_level || size == 0)
        continue;
      best_level = level;
      best = size << (unit == 'M' ? 20 : unit == 'G' ? 30 : unit == 'K' ? 10 : 0);
    }
  return best;
}

uint64_t
ps_input_choose_cache_bytes (uint64_t sysfs_bytes, long sysconf_l3, long sysconf_l2)
{
  uint64_t bytes;

  if (sysfs_bytes > 0 && sysfs_bytes <= PLAUSIBLE_CACHE_BYTES)
    return sysfs_bytes;
  if (sysfs_bytes > PLAUSIBLE_CACHE_BYTES)
    return FALLBACK_CACHE_BYTES;
  bytes = sysconf_l3 > 0 ? (uint64_t) sysconf_l3 : sysconf_l2 > 0 ? (uint64_t) sysconf_l2 : 0;
  if (bytes == 0 || bytes > PLAUSIBLE_CACHE_BYTES)
    return FALLBACK_CACHE_BYTES;
  return bytes;
}

uint64_t
ps_input_last_level_cache_bytes (void)
{
  return ps_input_choose_cache_bytes (sysfs_last_level_cache (),
                                      sysconf (_SC_LEVEL3_CACHE_SIZE),
                                      sysconf (_SC_LEVEL2_CACHE_SIZE));
}

static size_t
slot_bytes_for (uint64_t payload_bytes)
{
  /* One spare word so a zero-byte payload still has a readable sample. */
  uint64_t bytes = payload_bytes + sizeof (uint64_t);

  return (size_t) ((bytes + PS_INPUT_SLOT_ALIGN - 1) / PS_INPUT_SLOT_ALIGN * PS_INPUT_SLOT_ALIGN);
}

static uint64_t
replicas_for (uint64_t payload_bytes, PsPayloadSource source)
{
  uint64_t round = PS_INPUT_CHUNKS * (uint64_t) slot_bytes_for (payload_bytes);
  uint64_t want = PS_INPUT_COLD_CACHE_MULTIPLE * ps_input_last_level_cache_bytes ();

  /* Nothing is read from an empty payload, so there is nothing to keep cold. */
  if (source != PS_PAYLOAD_SOURCE_COLD || payload_bytes == 0 || round >= want)
    return 1;
  return (want + round - 1) / round;
}

uint64_t
ps_input_span_bytes (uint64_t payload_bytes, PsPayloadSource source)
{
  return replicas_for (payload_bytes, source) * PS_INPUT_CHUNKS * slot_bytes_for (payload_bytes);
}

/* The last cold input built, kept for the next run with the same key while it is small enough:
 * inputs are read-only while runs use them, so several runs may share it. */
static struct
{
  pthread_mutex_t lock;
  PsInput input;          /* region NULL when empty */
  unsigned users;
} cache = { PTHREAD_MUTEX_INITIALIZER, { 0 }, 0 };

static void
build (PsInput *input, uint64_t seed, uint64_t payload_bytes, PsPayloadSource source,
       uint8_t *region)
{
  size_t slot = slot_bytes_for (payload_bytes);
  uint64_t replicas = replicas_for (payload_bytes, source);
  size_t round = PS_INPUT_CHUNKS * slot;

  input->region = region;
  input->seed = seed;
  input->payload_bytes = payload_bytes;
  input->source = source;
  input->slot_bytes = slot;
  input->replicas = replicas;
  input->shared = false;

  for (unsigned c = 0; c < PS_INPUT_CHUNKS; c++)
    {
      uint64_t *w = (uint64_t *) (input->region + c * slot);
      uint64_t digest = 0;

      for (size_t i = 0; i < slot / sizeof (uint64_t); i++)
        {
          w[i] = ps_hash64 (seed ^ ((uint64_t) c << 56) ^ i);
          if (i < payload_bytes / sizeof (uint64_t))
            digest += w[i];
        }
      input->chunk_digest[c] = digest;
    }
  /* The replicas are copies of the first round: every task of a chunk sees the same bytes. */
  for (uint64_t r = 1; r < replicas; r++)
    memcpy (input->region + r * round, input->region, round);
}

static bool
cacheable (uint64_t payload_bytes, PsPayloadSource source)
{
  return source == PS_PAYLOAD_SOURCE_COLD
         && ps_input_span_bytes (payload_bytes, source)
              <= PS_INPUT_CACHE_MAX_LLC * ps_input_last_level_cache_bytes ();
}

bool
ps_input_prepare (PsInput *input, uint64_t seed, uint64_t payload_bytes, PsPayloadSource source)
{
  uint64_t span = ps_input_span_bytes (payload_bytes, source);
  bool keep = cacheable (payload_bytes, source);
  uint8_t *region;

  ps_input_clear (input);
  pthread_mutex_lock (&cache.lock);
  if (keep && cache.input.region != NULL && cache.input.seed == seed
      && cache.input.payload_bytes == payload_bytes && cache.input.source == source)
    {
      *input = cache.input;
      input->shared = true;
      cache.users++;
      pthread_mutex_unlock (&cache.lock);
      return true;
    }
  /* A cached input nobody uses any more makes room for the new one. */
  if (keep && cache.input.region != NULL && cache.users == 0)
    {
      free (cache.input.region);
      cache.input.region = NULL;
    }
  keep = keep && cache.input.region == NULL;
  if ((region = aligned_alloc (PS_INPUT_SLOT_ALIGN, span)) == NULL)
    {
      pthread_mutex_unlock (&cache.lock);
      return false;
    }
  build (input, seed, payload_bytes, source, region);
  if (keep)
    {
      cache.input = *input;
      cache.users = 1;
      input->shared = true;
    }
  pthread_mutex_unlock (&cache.lock);
  return true;
}

void
ps_input_clear (PsInput *input)
{
  if (input->shared)
    {
      pthread_mutex_lock (&cache.lock);
      cache.users--;
      pthread_mutex_unlock (&cache.lock);
    }
  else
    free (input->region);
  input->region = NULL;
  input->replicas = 0;
  input->shared = false;
}
