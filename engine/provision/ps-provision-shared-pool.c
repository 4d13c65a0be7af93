/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-provision-shared-pool.c: I isolates in one global pool behind one mutex (OpenWorkers' shared
 * pool). When none is free a thread either waits on a condition variable (`block`) or, as the
 * seed's benchmark did, drops the lock, sleeps spin_ns and retries (`spin`) — the reason the shared
 * pool could fall below no pooling at all — or waits in line (`fifo`): a released isolate is
 * handed straight to the longest waiter, so a releasing thread cannot take it back first (with
 * `block` it usually does, and one thread can starve: per-thread tasks of [225, 4319] were seen).
 *
 * Contention is counted once per acquisition: it is contended when the mutex was taken or no
 * isolate was free, and the wait is the time from the first failed attempt to getting an isolate.
 */
#include "ps-provision.h"

#include <pthread.h>
#include <time.h>

#include "ps-clock.h"
#include "ps-isolate-list.h"

/* A thread waiting in line (fifo): it sleeps on its own condition until an isolate is handed to
 * it, or until it is told to look again (a slot freed by a failed build). Lives on its stack. */
typedef struct FifoWaiter FifoWaiter;
struct FifoWaiter
{
  pthread_cond_t wake;
  PsIsolate *granted;
  bool retry;
  FifoWaiter *next;
};

typedef struct
{
  PsProvision parent;
  pthread_mutex_t mutex;
  pthread_cond_t released;   /* signalled when an isolate goes back (block mode) */
  /* Guarded by mutex. */
  PsIsolateList free;
  unsigned created;          /* isolates alive, free or held (and reserved for creation) */
  unsigned waiters;          /* threads asleep on released */
  FifoWaiter *line_head;     /* fifo: the waiters, oldest first */
  FifoWaiter *line_tail;
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

/* Waits in line for a hand-off. Returns the isolate handed over, or NULL to look again. Called
 * and returns with the mutex held. */
static PsIsolate *
wait_in_line (PoolProvision *self)
{
  FifoWaiter me = { .granted = NULL, .retry = false, .next = NULL };

  pthread_cond_init (&me.wake, NULL);
  if (self->line_tail != NULL)
    self->line_tail->next = &me;
  else
    self->line_head = &me;
  self->line_tail = &me;
  /* The releaser unlinks the record before it wakes it. */
  while (me.granted == NULL && !me.retry)
    pthread_cond_wait (&me.wake, &self->mutex);
  pthread_cond_destroy (&me.wake);
  return me.granted;
}

/* The oldest waiter in line, unlinked; NULL when nobody waits. Mutex held. */
static FifoWaiter *
pop_waiter (PoolProvision *self)
{
  FifoWaiter *w = self->line_head;

  if (w != NULL)
    {
      self->line_head = w->next;
      if (self->line_head == NULL)
        self->line_tail = NULL;
    }
  return w;
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

  bool fifo = s->acquire == PS_ACQUIRE_FIFO;
  for (;;)
    {
      /* In line, a newcomer never takes what the threads already waiting are owed. */
      if (fifo && self->line_head != NULL)
        {
          if (wait_start == 0)
            {
              wait_start = ps_clock_ticks ();
              ps_counters_wait_begin (c, wait_start);
            }
          iso = wait_in_line (self);
          if (iso == NULL)
            continue; /* a slot came free: build in it if nobody is ahead */
          /* Under tenant affinity an isolate of another tenant is rebuilt for this one. */
          if (by_tenant && iso->tenant_key != tenant)
            {
              evicted = iso;
              iso = NULL;
              create = true;
            }
          break;
        }
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
      if (fifo)
        {
          iso = wait_in_line (self);
          if (iso == NULL)
            continue;
          if (by_tenant && iso->tenant_key != tenant)
            {
              evicted = iso;
              iso = NULL;
              create = true;
            }
          break;
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
          FifoWaiter *next = pop_waiter (self);
          if (next != NULL)
            {
              next->retry = true;
              pthread_cond_signal (&next->wake);
            }
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
  /* In line, the isolate goes straight to the longest waiter. */
  FifoWaiter *next = pop_waiter (self);
  if (next != NULL)
    {
      next->granted = iso;
      pthread_cond_signal (&next->wake);
    }
  else
    ps_isolate_list_push (&self->free, iso);
  if (next == NULL && self->waiters > 0)
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
