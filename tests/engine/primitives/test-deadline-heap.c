/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-deadline-heap.c: the worker's I/O deadlines come out earliest first, only once due, and the
 * time to the next one is exact (never rounded to a millisecond). */
#include <glib.h>

#include "ps-deadline-heap.h"

static void
test_order_and_due (void)
{
  PsDeadlineHeap h;
  /* Deadlines in scrambled order, with a tie; data points at the deadline itself. */
  static const guint64 deadlines[] = { 900, 100, 500, 100, 700, 300, 1000000, 2 };
  const guint n = G_N_ELEMENTS (deadlines);
  guint64 last = 0;

  g_assert_cmpint (ps_deadline_heap_init (&h, n), ==, 0);
  g_assert_cmpuint (ps_deadline_heap_ticks_until (&h, 0), ==, G_MAXUINT64);
  for (guint i = 0; i < n; i++)
    g_assert_true (ps_deadline_heap_push (&h, deadlines[i], (gpointer) &deadlines[i]));
  g_assert_false (ps_deadline_heap_push (&h, 1, NULL));

  /* Nothing is due before the earliest deadline; the wait to it is exact to the tick. */
  g_assert_null (ps_deadline_heap_pop_due (&h, 1));
  g_assert_cmpuint (ps_deadline_heap_ticks_until (&h, 1), ==, 1);
  g_assert_cmpuint (ps_deadline_heap_ticks_until (&h, 2), ==, 0);

  /* At 600 exactly the entries due by then leave, in order; the rest stay. */
  guint popped = 0;
  const guint64 *d;
  while ((d = ps_deadline_heap_pop_due (&h, 600)) != NULL)
    {
      g_assert_cmpuint (*d, >=, last);
      g_assert_cmpuint (*d, <=, 600);
      last = *d;
      popped++;
    }
  g_assert_cmpuint (popped, ==, 5);
  g_assert_cmpuint (h.count, ==, 3);
  g_assert_cmpuint (ps_deadline_heap_ticks_until (&h, 600), ==, 100);

  while ((d = ps_deadline_heap_pop_due (&h, G_MAXUINT64)) != NULL)
    {
      g_assert_cmpuint (*d, >=, last);
      last = *d;
    }
  g_assert_cmpuint (last, ==, 1000000);
  g_assert_cmpuint (h.count, ==, 0);
  ps_deadline_heap_clear (&h);
}

static gint
compare_u64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Many random deadlines come out in the order a plain sort of the same values gives. */
static void
test_random_against_sort (void)
{
  PsDeadlineHeap h;
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  const guint n = 1000;

  g_assert_cmpint (ps_deadline_heap_init (&h, n), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      guint64 v = (guint64) g_rand_int_range (rand, 0, 100000);
      g_array_append_val (values, v);
      g_assert_true (ps_deadline_heap_push (&h, v, NULL));
    }
  g_array_sort (values, compare_u64);
  for (guint i = 0; i < n; i++)
    {
      const PsDeadline *first = ps_deadline_heap_peek (&h);
      g_assert_nonnull (first);
      g_assert_cmpuint (first->deadline, ==, g_array_index (values, guint64, i));
      ps_deadline_heap_pop_due (&h, G_MAXUINT64);
    }
  g_assert_null (ps_deadline_heap_peek (&h));
  ps_deadline_heap_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/deadline-heap/order-and-due", test_order_and_due);
  g_test_add_func ("/engine/deadline-heap/random-against-sort", test_random_against_sort);
  return g_test_run ();
}
