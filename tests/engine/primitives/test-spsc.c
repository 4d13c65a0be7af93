/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-spsc.c: the per-worker queue behind `sticky`: FIFO, bounded, and lossless between one
 * router thread and one worker thread.
 */
#include "ps-test-util.h"

#include "ps-spsc.h"

#define N_TASKS 200000

static void
test_fifo_bounded (void)
{
  PsSpsc q;
  PsTask task = { 0 };

  g_assert_cmpint (ps_spsc_init (&q, 8), ==, 0);
  g_assert_true (ps_spsc_is_empty (&q));
  g_assert_false (ps_spsc_pop (&q, &task));
  for (guint64 round = 0; round < 10; round++)
    {
      guint64 pushed = 0;

      /* Fill it up: exactly the capacity fits. */
      for (;;)
        {
          PsTask t = { .id = round * 100 + pushed };

          if (!ps_spsc_push (&q, &t))
            break;
          pushed++;
        }
      g_assert_cmpuint (pushed, ==, 8);
      g_assert_true (ps_spsc_is_full (&q));
      for (guint64 i = 0; i < pushed; i++)
        {
          g_assert_true (ps_spsc_pop (&q, &task));
          g_assert_cmpuint (task.id, ==, round * 100 + i);
        }
      g_assert_true (ps_spsc_is_empty (&q));
      g_assert_false (ps_spsc_pop (&q, &task));
    }
  ps_spsc_clear (&q);
}

static gpointer
router_main (gpointer data)
{
  for (guint64 i = 0; i < N_TASKS; i++)
    {
      PsTask t = { .id = i, .submit_ticks = i ^ 0xabcdef, .tenant = (guint32) (i * 7) };

      while (!ps_spsc_push (data, &t))
        g_thread_yield ();
    }
  return NULL;
}

static void
test_concurrent (gconstpointer data)
{
  PsSpsc q;
  PsTask task = { 0 };
  GThread *router;
  guint64 expected = 0;

  g_assert_cmpint (ps_spsc_init (&q, 64), ==, 0);
  router = g_thread_new ("router", router_main, &q);
  /* Every task arrives once, in order, with its fields intact. */
  while (expected < N_TASKS)
    {
      if (!ps_spsc_pop (&q, &task))
        continue;
      g_assert_cmpuint (task.id, ==, expected);
      g_assert_cmpuint (task.submit_ticks, ==, expected ^ 0xabcdef);
      g_assert_cmpuint (task.tenant, ==, (guint32) (expected * 7));
      expected++;
    }
  g_thread_join (router);
  g_assert_false (ps_spsc_pop (&q, &task));
  ps_spsc_clear (&q);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/spsc/fifo-bounded", test_fifo_bounded);
  pst_add_trapped ("/engine/spsc/concurrent", NULL, test_concurrent, PST_TIMEOUT_US);

  return g_test_run ();
}
