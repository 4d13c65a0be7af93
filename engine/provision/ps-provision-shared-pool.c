/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-provision-shared-pool.c: I isolates in one global pool behind one mutex (OpenWorkers' shared
 * pool). When none is free a thread either waits on a condition variable (`block`) or, as the
 * seed's benchmark did, drops the lock, sleeps spin_ns and retries (`spin`) — the reason the shared
 * pool could fall below no pooling at all.
 *
 * Contention is counted once per acquisition: it is contended when the mutex was taken or no
 * isolate was free, and the wait is the time from the first failed attempt to getting an isolate.
 */
#include "ps-provision.h"

#include <pthread.h>
#include <time.h>

#include "ps-clock.h"
#include "ps-isolate-list.h"

typedef struct
{
  PsProvision parent;
  pthread_mutex_t mutex;
  pthread_cond_t released;   /* signalled when an isolate goes back (block mode) */
  /* Guarded by mutex. */
  PsIsolateList free;
  unsigned created;          /* isolates alive, free or held (and reserved for creation) */
  unsigned waiters;          /* threads asleep on released */
  uint64_t clock;            /* LRU stamps */
  bool initialised;
} PoolProvision;

static int
pool_configure (PsProvision *p, const PsScenario *s, unsigned n_slots)
{
  PoolProvision *self = (PoolProvision *) p;

  if (!self->initialised)
    {
      pthread_mutex_init (&self->mutex, NULL);
      pthread_cond_init (&self->released, NULL);
      self->initialised = true;
    }
  /* No worker runs now, so every isolate is on the free list. */
  ps_isolate_list_trim (&self->free, s->isolates, &p->budget);
  self->created = self->free.length;
  p->shared_capacity = s->isolates;
  p->max_held_per_slot = 0;
  return 0;
}

static void
sleep_ns (uint64_t ns)
{
  struct timespec ts = { .tv_sec = (time_t) (ns / 1000000000u), .tv_nsec = (long) (ns % 1000000000u) };

  nanosleep (&ts, NULL);
}

static PsIsolate *
pool_acquire (PsProvision *p, unsigned slot, uint32_t tenant, PsCounters *c, bool *oom)
{
  PoolProvision *self = (PoolProvision *) p;
  const PsScenario *s = &p->scenario;
  bool by_tenant = s->affinity == PS_AFFINITY_TENANT;
  uint64_t wait_start = 0;
  PsIsolate *iso = NULL, *evicted = NULL;
  bool create = false;

  ps_counter_add (&c->acquisitions, 1);
  ps_counter_add (&c->acquire_attempts, 1);
  if (pthread_mutex_trylock (&self->mutex) != 0)
    {
      wait_start = ps_clock_ticks ();
      ps_counters_wait_begin (c, wait_start);
      pthread_mutex_lock (&self->mutex);
    }

  for (;;)
    {
      iso = ps_isolate_list_take (&self->free, by_tenant, tenant);
      if (iso != NULL)
        break;
      if (self->created < s->isolates)
        {
          /* Reserve the slot now, build the isolate outside the lock. */
          self->created++;
          create = true;
          break;
        }
      if (by_tenant && self->free.length > 0)
        {
          evicted = ps_isolate_list_take_lru (&self->free);
          create = true;
          break;
        }
      /* The pool is empty: wait for a release. */
      if (wait_start == 0)
        {
          wait_start = ps_clock_ticks ();
          ps_counters_wait_begin (c, wait_start);
        }
      if (s->acquire == PS_ACQUIRE_SPIN)
        {
          pthread_mutex_unlock (&self->mutex);
          sleep_ns (s->spin_ns);
          /* Every retry is an attempt that may fail again, as the seed counted them. */
          ps_counter_add (&c->acquire_attempts, 1);
          pthread_mutex_lock (&self->mutex);
        }
      else
        {
          self->waiters++;
          pthread_cond_wait (&self->released, &self->mutex);
          self->waiters--;
        }
    }
  uint64_t clock = ++self->clock;
  /* The thread has its slot from here on, whether it takes a free isolate or builds one: a slot
   * reserved for a build is held (no one else can use it), and the build is creation, not wait. */
  uint64_t got = ps_clock_ticks ();
  pthread_mutex_unlock (&self->mutex);

  if (evicted != NULL)
    ps_isolate_free (evicted, &p->budget);
  if (create)
    {
      iso = ps_provision_create_isolate (p, c);
      if (iso == NULL)
        {
          /* The reserved slot is free again: a waiter may try to create it in turn. */
          pthread_mutex_lock (&self->mutex);
          self->created--;
          if (self->waiters > 0)
            pthread_cond_broadcast (&self->released);
          pthread_mutex_unlock (&self->mutex);
          if (wait_start != 0)
            ps_counters_wait_end (c, wait_start, got);
          *oom = true;
          return NULL;
        }
      iso->tenant_key = tenant;
    }

  if (wait_start != 0)
    {
      ps_counter_add (&c->contended, 1);
      ps_counters_wait_end (c, wait_start, got);
    }
  iso->last_use = clock;
  iso->acquired_ticks = got;
  return iso;
}

static void
pool_release (PsProvision *p, unsigned slot, PsIsolate *iso, PsCounters *c)
{
  PoolProvision *self = (PoolProvision *) p;
  uint64_t now = ps_clock_ticks ();

  ps_counter_add (&c->hold_ticks, now - iso->acquired_ticks);
  if (pthread_mutex_trylock (&self->mutex) != 0)
    {
      pthread_mutex_lock (&self->mutex);
      ps_counter_add (&c->wait_ticks, ps_clock_ticks () - now);
    }
  ps_isolate_list_push (&self->free, iso);
  if (self->waiters > 0)
    pthread_cond_signal (&self->released);
  pthread_mutex_unlock (&self->mutex);
}

static void
pool_finalize (PsProvision *p)
{
  PoolProvision *self = (PoolProvision *) p;

  if (!self->initialised)
    return;
  ps_isolate_list_trim (&self->free, 0, &p->budget);
  self->created = 0;
  /* No thread uses the pool now; configure() builds the lock again if the pool lives on. */
  pthread_cond_destroy (&self->released);
  pthread_mutex_destroy (&self->mutex);
  self->initialised = false;
}

const PsProvisionClass ps_provision_shared_pool_class = {
  .kind = PS_ISOLATES_SHARED_POOL,
  .instance_size = sizeof (PoolProvision),
  .configure = pool_configure,
  .acquire = pool_acquire,
  .release = pool_release,
  .finalize = pool_finalize,
};
