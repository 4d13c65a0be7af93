/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-deque.c: the Chase–Lev deque behind `steal`: the owner works LIFO at the bottom, thieves
 * take the oldest from the top, and under concurrent stealing every task comes out exactly once.
 */
#include "ps-test-util.h"

#include "ps-deque.h"

#define CAPACITY 64
#define N_TASKS 200000
#define N_THIEVES 2

static PsTask
task_with_id (guint64 id)
{
  /* The tenant is derived from the id so a torn read of a slot would show as a mismatch. */
  return (PsTask) { .id = id, .submit_ticks = id * 3, .tenant = (guint32) (id % 1000) };
}

static void
assert_task_intact (const PsTask *task)
{
  g_assert_cmpuint (task->submit_ticks, ==, task->id * 3);
  g_assert_cmpuint (task->tenant, ==, task->id % 1000);
}

static void
test_owner_lifo (void)
{
  PsDeque d;
  PsTask task, t;

  g_assert_cmpint (ps_deque_init (&d, 8), ==, 0);
  g_assert_cmpint (ps_deque_take (&d, &task), ==, PS_DEQUE_EMPTY);
  for (guint64 i = 0; i < 8; i++)
    {
      t = task_with_id (i);
      g_assert_true (ps_deque_push (&d, &t));
    }
  /* Full: the owner only refills an empty deque, but a push past capacity must still refuse. */
  t = task_with_id (99);
  g_assert_false (ps_deque_push (&d, &t));
  g_assert_cmpint (ps_deque_size (&d), ==, 8);

  /* The thief side sees the oldest, the owner the newest. */
  g_assert_cmpint (ps_deque_steal (&d, &task), ==, PS_DEQUE_GOT);
  g_assert_cmpuint (task.id, ==, 0);
  for (guint64 i = 7; i >= 1; i--)
    {
      g_assert_cmpint (ps_deque_take (&d, &task), ==, PS_DEQUE_GOT);
      g_assert_cmpuint (task.id, ==, i);
      assert_task_intact (&task);
    }
  g_assert_cmpint (ps_deque_take (&d, &task), ==, PS_DEQUE_EMPTY);
  g_assert_cmpint (ps_deque_steal (&d, &task), ==, PS_DEQUE_EMPTY);
  g_assert_cmpint (ps_deque_size (&d), ==, 0);

  /* Wrapping around the ring many times keeps the order. */
  for (guint64 round = 0; round < 100; round++)
    {
      for (guint64 i = 0; i < 5; i++)
        {
          t = task_with_id (round * 5 + i);
          g_assert_true (ps_deque_push (&d, &t));
        }
      for (guint64 i = 5; i-- > 0;)
        {
          g_assert_cmpint (ps_deque_take (&d, &task), ==, PS_DEQUE_GOT);
          g_assert_cmpuint (task.id, ==, round * 5 + i);
        }
    }
  ps_deque_clear (&d);
}

typedef struct
{
  PsDeque *deque;
  gint *seen;          /* takes per id */
  gint *done;          /* set by the owner when every task has been pushed and it is empty */
  guint64 got;
} Thief;

static gpointer
thief_main (gpointer data)
{
  Thief *thief = data;
  PsTask task;

  while (!g_atomic_int_get (thief->done))
    if (ps_deque_steal (thief->deque, &task) == PS_DEQUE_GOT)
      {
        g_assert_cmpuint (task.id, <, N_TASKS);
        assert_task_intact (&task);
        g_atomic_int_inc (&thief->seen[task.id]);
        thief->got++;
      }
  return NULL;
}

static void
test_concurrent_steal (gconstpointer data)
{
  PsDeque d;
  g_autofree gint *seen = g_new0 (gint, N_TASKS);
  gint done = 0;
  Thief thieves[N_THIEVES];
  GThread *threads[N_THIEVES];
  guint64 next = 0, owner_got = 0, total = 0;
  PsTask task;

  g_assert_cmpint (ps_deque_init (&d, CAPACITY), ==, 0);
  for (guint t = 0; t < N_THIEVES; t++)
    {
      thieves[t] = (Thief) { &d, seen, &done, 0 };
      threads[t] = g_thread_new ("thief", thief_main, &thieves[t]);
    }

  /* Like a `steal` worker: refill the empty deque, then take until it is empty again, racing
   * the thieves for the last task every round. */
  while (next < N_TASKS)
    {
      while (next < N_TASKS)
        {
          PsTask t = task_with_id (next);

          if (!ps_deque_push (&d, &t))
            break;
          next++;
        }
      for (;;)
        {
          PsDequeResult r = ps_deque_take (&d, &task);

          if (r == PS_DEQUE_EMPTY)
            break;
          if (r == PS_DEQUE_GOT)
            {
              assert_task_intact (&task);
              g_atomic_int_inc (&seen[task.id]);
              owner_got++;
            }
        }
    }
  g_atomic_int_set (&done, 1);
  for (guint t = 0; t < N_THIEVES; t++)
    {
      g_thread_join (threads[t]);
      total += thieves[t].got;
      g_test_message ("thief %u stole %" G_GUINT64_FORMAT, t, thieves[t].got);
    }
  total += owner_got;

  g_assert_cmpuint (total, ==, N_TASKS);
  for (guint64 id = 0; id < N_TASKS; id++)
    {
      if (seen[id] != 1)
        g_printerr ("task %" G_GUINT64_FORMAT " taken %d times\n", id, seen[id]);
      g_assert_cmpint (seen[id], ==, 1);
    }
  ps_deque_clear (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/deque/owner-lifo", test_owner_lifo);
  pst_add_trapped ("/engine/deque/concurrent-steal", NULL, test_concurrent_steal,
                   PST_TIMEOUT_US);

  return g_test_run ();
}
