/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ring.c: the lossy sample ring: in order when the consumer keeps up, the newest samples
 * and an exact drop count when it falls behind, and never a torn sample under concurrency.
 */
#include "ps-test-util.h"

#include "ps-ring.h"

#define N_CONCURRENT 200000

/* A sample whose every field is derived from @i, so a torn copy cannot go unnoticed. */
static PsSample
sample_for (guint64 i)
{
  return (PsSample) {
    .t_s = (double) i,
    .strategy = (unsigned) (i % 7),
    .segment = (unsigned) (i % 13),
    .tasks_completed = i,
    .throughput_per_s = (double) i * 2.0,
    .isolates_live = ~i,
    .bytes_copied = i * 5,
  };
}

static void
assert_sample_intact (const PsSample *s)
{
  guint64 i = s->tasks_completed;

  g_assert_cmpfloat (s->t_s, ==, (double) i);
  g_assert_cmpuint (s->strategy, ==, i % 7);
  g_assert_cmpuint (s->segment, ==, i % 13);
  g_assert_cmpfloat (s->throughput_per_s, ==, (double) i * 2.0);
  g_assert_cmpuint (s->isolates_live, ==, ~i);
  g_assert_cmpuint (s->bytes_copied, ==, i * 5);
}

static void
test_in_order (void)
{
  PsRing ring;
  PsSample s;

  g_assert_cmpint (ps_ring_init (&ring, 8), ==, 0);
  g_assert_false (ps_ring_pop (&ring, &s));
  /* Interleaved pushes and pops, wrapping the ring several times. */
  for (guint64 i = 0; i < 100; i++)
    {
      PsSample in = sample_for (i);

      ps_ring_push (&ring, &in);
      if (i % 3 == 2)
        for (guint64 j = i - 2; j <= i; j++)
          {
            g_assert_true (ps_ring_pop (&ring, &s));
            g_assert_cmpuint (s.tasks_completed, ==, j);
            assert_sample_intact (&s);
          }
    }
  g_assert_true (ps_ring_pop (&ring, &s));
  g_assert_cmpuint (s.tasks_completed, ==, 99);
  g_assert_false (ps_ring_pop (&ring, &s));
  g_assert_cmpuint (ps_ring_dropped (&ring), ==, 0);
  ps_ring_clear (&ring);
}

static void
test_drops_oldest (void)
{
  const guint64 capacity = 8, pushed = 20;
  PsRing ring;
  PsSample s;
  guint64 expected = pushed - capacity;

  g_assert_cmpint (ps_ring_init (&ring, capacity), ==, 0);
  /* The consumer is away: the producer never blocks and overwrites the oldest. */
  for (guint64 i = 0; i < pushed; i++)
    {
      PsSample in = sample_for (i);

      ps_ring_push (&ring, &in);
    }
  while (ps_ring_pop (&ring, &s))
    {
      g_assert_cmpuint (s.tasks_completed, ==, expected);
      assert_sample_intact (&s);
      expected++;
    }
  /* The newest `capacity` samples survive, and the 12 lost ones are counted. */
  g_assert_cmpuint (expected, ==, pushed);
  g_assert_cmpuint (ps_ring_dropped (&ring), ==, pushed - capacity);

  /* After catching up it works as before. */
  {
    PsSample in = sample_for (pushed);

    ps_ring_push (&ring, &in);
    g_assert_true (ps_ring_pop (&ring, &s));
    g_assert_cmpuint (s.tasks_completed, ==, pushed);
    g_assert_cmpuint (ps_ring_dropped (&ring), ==, pushed - capacity);
  }
  ps_ring_clear (&ring);
}

typedef struct
{
  PsRing ring;
  gint finished;   /* atomic: the producer pushed its last sample */
} Shared;

static gpointer
producer_main (gpointer data)
{
  Shared *shared = data;

  for (guint64 i = 0; i < N_CONCURRENT; i++)
    {
      PsSample in = sample_for (i);

      ps_ring_push (&shared->ring, &in);
    }
  g_atomic_int_set (&shared->finished, 1);
  return NULL;
}

static void
test_concurrent (gconstpointer data)
{
  Shared shared = { .finished = 0 };
  PsSample s;
  GThread *producer;
  guint64 popped = 0;
  gint64 last = -1;

  g_assert_cmpint (ps_ring_init (&shared.ring, 16), ==, 0);
  producer = g_thread_new ("producer", producer_main, &shared);
  /* A small ring and a busy producer: the consumer falls behind and is overwritten under its
   * feet, which must show as drops, never as a torn or repeated sample. */
  for (;;)
    {
      /* Read the flag before popping, so a pop that fails after it was set saw everything. */
      gboolean finished = g_atomic_int_get (&shared.finished);

      if (ps_ring_pop (&shared.ring, &s))
        {
          assert_sample_intact (&s);
          g_assert_cmpint ((gint64) s.tasks_completed, >, last);
          last = (gint64) s.tasks_completed;
          popped++;
        }
      else if (finished)
        break;
    }
  g_thread_join (producer);
  g_test_message ("%" G_GUINT64_FORMAT " popped, %" G_GUINT64_FORMAT " dropped", popped,
                  ps_ring_dropped (&shared.ring));
  /* The newest sample is never lost, and every other one was either seen or counted. */
  g_assert_cmpint (last, ==, N_CONCURRENT - 1);
  g_assert_cmpuint (popped + ps_ring_dropped (&shared.ring), ==, N_CONCURRENT);
  ps_ring_clear (&shared.ring);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/ring/in-order", test_in_order);
  g_test_add_func ("/engine/ring/drops-oldest", test_drops_oldest);
  pst_add_trapped ("/engine/ring/concurrent", NULL, test_concurrent, PST_TIMEOUT_US);

  return g_test_run ();
}
