/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-task-source.c: the task source hands every id out exactly once, across concurrent
 * claimers, the warm-up limit and ids given back by a closed segment. It is the mechanism behind
 * every strategy's exactly-once guarantee, so it is tested on its own.
 */
#include "ps-test-util.h"

#include "ps-task-source.h"

#define N_IDS 200000
#define N_CLAIMERS 4

typedef struct
{
  PsTaskSource *src;
  guint64 limit;
  gint *seen;     /* hand-outs per id: 1 each if the source is right */
  guint seed;
  guint64 claimed;
} Claimer;

static gpointer
claimer_main (gpointer data)
{
  Claimer *c = data;
  g_autoptr (GRand) rand = g_rand_new_with_seed (c->seed);
  guint64 ids[16];
  size_t n;

  /* Random batch sizes so that claims straddle each other and the limit. */
  while ((n = ps_task_source_claim (c->src, c->limit, ids, g_rand_int_range (rand, 1, 17))) > 0)
    for (size_t i = 0; i < n; i++)
      {
        g_assert_cmpuint (ids[i], <, c->limit);
        /* An atomic add makes a double hand-out visible even when two claimers race. */
        g_atomic_int_inc (&c->seen[ids[i]]);
        c->claimed++;
      }
  return NULL;
}

/* Claims everything below @limit from N_CLAIMERS threads; returns the total claimed. */
static guint64
claim_concurrently (PsTaskSource *src, guint64 limit, gint *seen)
{
  Claimer claimers[N_CLAIMERS];
  GThread *threads[N_CLAIMERS];
  guint64 total = 0;

  for (guint t = 0; t < N_CLAIMERS; t++)
    {
      claimers[t] = (Claimer) { src, limit, seen, 100 + t, 0 };
      threads[t] = g_thread_new ("claimer", claimer_main, &claimers[t]);
    }
  for (guint t = 0; t < N_CLAIMERS; t++)
    {
      g_thread_join (threads[t]);
      total += claimers[t].claimed;
    }
  return total;
}

static void
assert_counts (gint *seen, guint64 from, guint64 to, gint expected)
{
  for (guint64 id = from; id < to; id++)
    {
      gint runs = g_atomic_int_get (&seen[id]);

      if (runs != expected)
        g_printerr ("id %" G_GUINT64_FORMAT " handed out %d times\n", id, runs);
      g_assert_cmpint (runs, ==, expected);
    }
}

static void
test_concurrent_claims (gconstpointer data)
{
  PsTaskSource src;
  g_autofree gint *seen = g_new0 (gint, N_IDS);
  const guint64 warmup = 1000;

  ps_task_source_init (&src, N_IDS);

  /* The warm-up stops at its own limit and leaves the rest for the measured part. */
  g_assert_cmpuint (claim_concurrently (&src, warmup, seen), ==, warmup);
  g_assert_true (ps_task_source_exhausted (&src, warmup));
  g_assert_false (ps_task_source_exhausted (&src, N_IDS));
  assert_counts (seen, 0, warmup, 1);
  assert_counts (seen, warmup, N_IDS, 0);

  /* A limit past the end is clamped to the end. */
  g_assert_cmpuint (claim_concurrently (&src, G_MAXUINT64 - 1, seen), ==, N_IDS - warmup);
  assert_counts (seen, 0, N_IDS, 1);
  g_assert_true (ps_task_source_exhausted (&src, N_IDS));
  g_assert_cmpuint (ps_task_source_issued (&src), ==, N_IDS);
  ps_task_source_clear (&src);
}

static void
test_give_back (gconstpointer data)
{
  const guint64 end = 5000;
  PsTaskSource src;
  g_autofree gint *seen = g_new0 (gint, end);
  guint64 ids[64];
  size_t n;

  ps_task_source_init (&src, end);

  /* A segment claims 64 ids and runs only the even ones before a knob change closes it. */
  g_assert_cmpuint (ps_task_source_claim (&src, end, ids, G_N_ELEMENTS (ids)), ==, 64);
  for (guint i = 0; i < 64; i++)
    {
      g_assert_cmpuint (ids[i], ==, i);
      if (i % 2 == 0)
        g_atomic_int_inc (&seen[ids[i]]);
      else
        g_assert_true (ps_task_source_give_back (&src, ids[i]));
    }
  g_assert_false (ps_task_source_exhausted (&src, 64));

  /* The given-back ids come first, then fresh ones. */
  n = ps_task_source_claim (&src, end, ids, 10);
  g_assert_cmpuint (n, ==, 10);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (ids[i], ==, 2 * i + 1);
      g_atomic_int_inc (&seen[ids[i]]);
    }

  /* Giving back again between segments keeps the not yet handed-out ones. */
  g_assert_true (ps_task_source_give_back (&src, ids[9]));
  g_atomic_int_add (&seen[ids[9]], -1);

  g_assert_cmpuint (claim_concurrently (&src, end, seen), ==, end - 64 + 32 - 10 + 1);
  assert_counts (seen, 0, end, 1);
  g_assert_true (ps_task_source_exhausted (&src, end));
  ps_task_source_clear (&src);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  pst_add_trapped ("/engine/task-source/concurrent-claims", NULL, test_concurrent_claims,
                   PST_TIMEOUT_US);
  pst_add_trapped ("/engine/task-source/give-back", NULL, test_give_back, PST_TIMEOUT_US);

  return g_test_run ();
}
