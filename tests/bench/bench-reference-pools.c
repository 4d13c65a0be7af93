/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-reference-pools.c: GThreadPool, libuv's uv_queue_work and a minimal hand-written
 * mutex + condvar queue, timed the same way as the engine's strategies. */
#include "bench-reference-pools.h"

#include <sched.h>
#include <time.h>
#include <uv.h>

/* Empty tasks still do one thing: count themselves, so the pool cannot be optimised away. */
static gint64 reference_done;

static void
count_task (gpointer data, gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
}

double
bench_gthreadpool (unsigned threads, guint64 tasks)
{
  gint done = 0;
  GThreadPool *pool = g_thread_pool_new (count_task, &done, (gint) threads, TRUE, NULL);
  gint64 t0 = g_get_monotonic_time ();

  for (guint64 i = 0; i < tasks; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (1), NULL);
  /* Waits for every queued task to finish. */
  g_thread_pool_free (pool, FALSE, TRUE);
  double s = (double) (g_get_monotonic_time () - t0) / 1e6;
  g_assert_cmpint (done, ==, (gint) tasks);
  return s;
}

static void
uv_work (uv_work_t *req)
{
  __atomic_add_fetch (&reference_done, 1, __ATOMIC_RELAXED);
}

static void
uv_after_work (uv_work_t *req, int status)
{
}

double
bench_uv_queue_work (guint64 tasks)
{
  uv_loop_t loop;
  uv_work_t *reqs = g_new0 (uv_work_t, tasks);

  uv_loop_init (&loop);
  reference_done = 0;
  gint64 t0 = g_get_monotonic_time ();
  for (guint64 i = 0; i < tasks; i++)
    uv_queue_work (&loop, &reqs[i], uv_work, uv_after_work);
  uv_run (&loop, UV_RUN_DEFAULT);
  double s = (double) (g_get_monotonic_time () - t0) / 1e6;
  uv_loop_close (&loop);
  g_free (reqs);
  g_assert_cmpint (reference_done, ==, (gint64) tasks);
  return s;
}

/* The simplest correct pool: a counter of queued tasks behind one mutex, one condvar, a signal
 * per push. */
typedef struct
{
  GMutex mutex;
  GCond cond;
  guint64 queued;     /* guarded by mutex */
  gboolean closed;    /* guarded by mutex */
  guint64 done;       /* guarded by mutex */
} PlainQueue;

static gpointer
plain_worker (gpointer data)
{
  PlainQueue *q = data;

  g_mutex_lock (&q->mutex);
  for (;;)
    {
      while (q->queued == 0 && !q->closed)
        g_cond_wait (&q->cond, &q->mutex);
      if (q->queued == 0)
        break;
      q->queued--;
      q->done++;
    }
  g_mutex_unlock (&q->mutex);
  return NULL;
}

double
bench_plain_queue (unsigned threads, guint64 tasks)
{
  PlainQueue q = { 0 };
  GThread *workers[64];

  g_mutex_init (&q.mutex);
  g_cond_init (&q.cond);
  gint64 t0 = g_get_monotonic_time ();
  for (unsigned i = 0; i < threads; i++)
    workers[i] = g_thread_new ("plain", plain_worker, &q);
  for (guint64 i = 0; i < tasks; i++)
    {
      g_mutex_lock (&q.mutex);
      q.queued++;
      g_cond_signal (&q.cond);
      g_mutex_unlock (&q.mutex);
    }
  g_mutex_lock (&q.mutex);
  q.closed = TRUE;
  g_cond_broadcast (&q.cond);
  g_mutex_unlock (&q.mutex);
  for (unsigned i = 0; i < threads; i++)
    g_thread_join (workers[i]);
  double s = (double) (g_get_monotonic_time () - t0) / 1e6;
  g_assert_cmpuint (q.done, ==, tasks);
  g_cond_clear (&q.cond);
  g_mutex_clear (&q.mutex);
  return s;
}

typedef struct
{
  guint64 submitted;
  guint64 finished;  /* written by the worker (atomically), 0 until then */
} IdleProbe;

guint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (guint64) ts.tv_sec * 1000000000u + (guint64) ts.tv_nsec;
}

static void
idle_task (gpointer data, gpointer user_data)
{
  IdleProbe *probe = data;

  __atomic_store_n (&probe->finished, bench_now_ns (), __ATOMIC_RELEASE);
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
bench_gthreadpool_idle_p50 (unsigned rounds)
{
  GThreadPool *pool = g_thread_pool_new (idle_task, NULL, 2, TRUE, NULL);
  double *ns = g_new (double, rounds);

  for (unsigned r = 0; r < rounds; r++)
    {
      IdleProbe probe = { 0, 0 };
      g_usleep (200);   /* let the workers go idle */
      probe.submitted = bench_now_ns ();
      g_thread_pool_push (pool, &probe, NULL);
      while (__atomic_load_n (&probe.finished, __ATOMIC_ACQUIRE) == 0)
        ;
      ns[r] = (double) (probe.finished - probe.submitted);
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  qsort (ns, rounds, sizeof (double), compare_double);
  double p50 = ns[rounds / 2];
  g_free (ns);
  return p50;
}

/* The hand-written routed pool: one router handing ids round-robin to a bounded single-producer
 * single-consumer ring per worker, both sides yielding the CPU when the ring is full or empty. It
 * has no tenants, counters or clocks: the least a router and its lanes can cost, which `sticky`
 * (a router with lanes that also measures) is compared with. */
#define SPSC_LANE_SLOTS 1024u

typedef struct
{
  guint64 slots[SPSC_LANE_SLOTS];
  guint64 head __attribute__ ((aligned (64)));   /* written by the worker */
  guint64 tail __attribute__ ((aligned (64)));   /* written by the router */
  guint64 done;                                  /* the worker's count */
  BenchWork work;                                /* nullable: the task body */
  gpointer work_data;
} __attribute__ ((aligned (64))) SpscLane;

#define SPSC_END G_MAXUINT64

static gpointer
spsc_lane_worker (gpointer data)
{
  SpscLane *lane = data;

  for (;;)
    {
      guint64 head = lane->head;
      while (__atomic_load_n (&lane->tail, __ATOMIC_ACQUIRE) == head)
        sched_yield ();
      guint64 id = lane->slots[head % SPSC_LANE_SLOTS];
      __atomic_store_n (&lane->head, head + 1, __ATOMIC_RELEASE);
      if (id == SPSC_END)
        return NULL;
      if (lane->work != NULL)
        lane->work (id, lane->work_data);
      lane->done++;
    }
}

static void
spsc_lane_push (SpscLane *lane, guint64 id)
{
  guint64 tail = lane->tail;

  while (tail - __atomic_load_n (&lane->head, __ATOMIC_ACQUIRE) == SPSC_LANE_SLOTS)
    sched_yield ();
  lane->slots[tail % SPSC_LANE_SLOTS] = id;
  __atomic_store_n (&lane->tail, tail + 1, __ATOMIC_RELEASE);
}

double
bench_spsc_lanes (unsigned threads, guint64 tasks, BenchWork work, gpointer work_data)
{
  SpscLane *lanes = g_aligned_alloc0 (threads, sizeof (SpscLane), 64);
  GThread **workers = g_new (GThread *, threads);
  guint64 done = 0;

  for (unsigned t = 0; t < threads; t++)
    {
      lanes[t].work = work;
      lanes[t].work_data = work_data;
      workers[t] = g_thread_new ("spsc-lane", spsc_lane_worker, &lanes[t]);
    }
  gint64 t0 = g_get_monotonic_time ();
  for (guint64 i = 0; i < tasks; i++)
    spsc_lane_push (&lanes[i % threads], i);
  for (unsigned t = 0; t < threads; t++)
    spsc_lane_push (&lanes[t], SPSC_END);
  for (unsigned t = 0; t < threads; t++)
    g_thread_join (workers[t]);
  double s = (double) (g_get_monotonic_time () - t0) / 1e6;
  for (unsigned t = 0; t < threads; t++)
    done += lanes[t].done;
  g_assert_cmpuint (done, ==, tasks);
  g_free (workers);
  g_aligned_free (lanes);
  return s;
}
