/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-task-queue.c: the shared queue behind `shared-queue` and `batched` delivers every task to
 * exactly one worker, blocks a producer while full, and lets every waiter go on stop.
 */
#include "ps-test-util.h"

#include "ps-clock.h"
#include "ps-task-queue.h"

#define N_TASKS 100000
#define N_WORKERS 3
#define CAPACITY 64

typedef struct
{
  PsTaskQueue *queue;
  gint *seen;         /* pops per task id */
  guint64 popped;
  guint64 idle_ticks;
} Worker;

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  PsTask tasks[4];
  size_t n;

  /* Waits without a timeout: only close (when drained) or stop may end the loop. */
  while ((n = ps_task_queue_pop (w->queue, tasks, G_N_ELEMENTS (tasks), G_MAXUINT64,
                                 &w->idle_ticks, NULL)) > 0)
    for (size_t i = 0; i < n; i++)
      {
        g_assert_cmpuint (tasks[i].id, <, N_TASKS);
        g_atomic_int_inc (&w->seen[tasks[i].id]);
        w->popped++;
      }
  return NULL;
}

static void
start_workers (PsTaskQueue *q, gint *seen, Worker *workers, GThread **threads)
{
  for (guint t = 0; t < N_WORKERS; t++)
    {
      workers[t] = (Worker) { q, seen, 0, 0 };
      threads[t] = g_thread_new ("worker", worker_main, &workers[t]);
    }
}

static guint64
join_workers (Worker *workers, GThread **threads)
{
  guint64 total = 0;

  for (guint t = 0; t < N_WORKERS; t++)
    {
      g_thread_join (threads[t]);
      total += workers[t].popped;
    }
  return total;
}

static void
test_exactly_once (gconstpointer data)
{
  PsTaskQueue q;
  g_autofree gint *seen = g_new0 (gint, N_TASKS);
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  Worker workers[N_WORKERS];
  GThread *threads[N_WORKERS];
  PsTask batch[8];
  guint64 next = 0;

  ps_clock_init ();
  g_assert_cmpint (ps_task_queue_init (&q, CAPACITY), ==, 0);
  start_workers (&q, seen, workers, threads);

  /* Batches of random size, like the batched dispatch, against a small ring that fills up. */
  while (next < N_TASKS)
    {
      size_t n = MIN ((guint64) g_rand_int_range (rand, 1, G_N_ELEMENTS (batch) + 1),
                      N_TASKS - next);

      for (size_t i = 0; i < n; i++)
        batch[i] = (PsTask) { .id = next++, .tenant = 0 };
      g_assert_true (ps_task_queue_push (&q, batch, n, NULL));
    }
  ps_task_queue_close (&q);

  g_assert_cmpuint (join_workers (workers, threads), ==, N_TASKS);
  g_assert_true (ps_task_queue_finished (&q));
  for (guint64 id = 0; id < N_TASKS; id++)
    g_assert_cmpint (seen[id], ==, 1);
  ps_task_queue_clear (&q);
}

static gpointer
stop_later (gpointer data)
{
  g_usleep (50 * 1000);
  ps_task_queue_stop (data);
  return NULL;
}

static void
test_stop (gconstpointer data)
{
  PsTaskQueue q;
  g_autofree gint *seen = g_new0 (gint, N_TASKS);
  Worker workers[N_WORKERS];
  GThread *threads[N_WORKERS];
  PsTask tasks[CAPACITY];
  GThread *stopper;
  size_t left;

  ps_clock_init ();
  g_assert_cmpint (ps_task_queue_init (&q, CAPACITY), ==, 0);

  /* Workers parked on an empty queue leave on stop, and their wait counts as idle time. */
  start_workers (&q, seen, workers, threads);
  g_usleep (20 * 1000);
  ps_task_queue_stop (&q);
  g_assert_cmpuint (join_workers (workers, threads), ==, 0);
  g_assert_true (ps_task_queue_finished (&q));
  for (guint t = 0; t < N_WORKERS; t++)
    g_assert_cmpuint (workers[t].idle_ticks, >, 0);
  ps_task_queue_clear (&q);

  /* A producer blocked on a full queue leaves on stop too, and what is left can be drained. */
  g_assert_cmpint (ps_task_queue_init (&q, CAPACITY), ==, 0);
  for (guint i = 0; i < CAPACITY; i++)
    tasks[i] = (PsTask) { .id = i };
  g_assert_true (ps_task_queue_push (&q, tasks, CAPACITY, NULL));
  stopper = g_thread_new ("stopper", stop_later, &q);
  g_assert_false (ps_task_queue_push (&q, tasks, 1, NULL));
  g_thread_join (stopper);
  left = ps_task_queue_drain (&q, tasks, CAPACITY);
  g_assert_cmpuint (left, ==, CAPACITY);
  for (guint i = 0; i < CAPACITY; i++)
    g_assert_cmpuint (tasks[i].id, ==, i);
  ps_task_queue_clear (&q);
}

static void
test_pop_timeout (gconstpointer data)
{
  PsTaskQueue q;
  PsTask task;
  guint64 idle = 0;
  gint64 start;

  ps_clock_init ();
  g_assert_cmpint (ps_task_queue_init (&q, 4), ==, 0);
  /* No wait at all with a zero timeout, a bounded one otherwise. */
  g_assert_cmpuint (ps_task_queue_pop (&q, &task, 1, 0, &idle, NULL), ==, 0);
  start = g_get_monotonic_time ();
  g_assert_cmpuint (ps_task_queue_pop (&q, &task, 1, 20 * 1000 * 1000, &idle, NULL), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 19 * 1000);
  g_assert_cmpuint (idle, >, 0);
  ps_task_queue_clear (&q);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  pst_add_trapped ("/engine/task-queue/exactly-once", NULL, test_exactly_once, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/task-queue/stop", NULL, test_stop, PST_TIMEOUT_US);
  pst_add_trapped ("/engine/task-queue/pop-timeout", NULL, test_pop_timeout, PST_TIMEOUT_US);

  return g_test_run ();
}
