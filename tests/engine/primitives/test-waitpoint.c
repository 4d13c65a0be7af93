/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-waitpoint.c: the parking primitive under the lock-free queues never loses a wake-up (a lost
 * one would hang a worker forever, which the subprocess timeout turns into a failure) and honours
 * its timeout.
 */
#include "ps-test-util.h"

#include "ps-waitpoint.h"

#define N_ROUNDS 20000

typedef struct
{
  PsWaitpoint wp[2];   /* wp[i]: where player i sleeps */
  gint turn;           /* atomic: whose turn it is, 0 or 1; the published change */
} PingPong;

typedef struct
{
  PingPong *game;
  gint me;
} Player;

static bool
my_turn (void *data)
{
  Player *p = data;

  return g_atomic_int_get (&p->game->turn) == p->me;
}

static gpointer
player_main (gpointer data)
{
  Player *p = data;

  /* Each round hands the turn over and sleeps until it comes back: thousands of chances for a
   * notify to slip between the other player's check and its sleep. */
  for (int round = 0; round < N_ROUNDS; round++)
    {
      g_assert_true (ps_waitpoint_wait (&p->game->wp[p->me], my_turn, p, G_MAXUINT64));
      g_atomic_int_set (&p->game->turn, 1 - p->me);
      ps_waitpoint_notify (&p->game->wp[1 - p->me]);
    }
  return NULL;
}

static void
test_ping_pong (gconstpointer data)
{
  PingPong game = { .turn = 0 };
  Player players[2] = { { &game, 0 }, { &game, 1 } };
  GThread *threads[2];

  ps_waitpoint_init (&game.wp[0]);
  ps_waitpoint_init (&game.wp[1]);
  for (int i = 0; i < 2; i++)
    threads[i] = g_thread_new ("player", player_main, &players[i]);
  for (int i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  /* Player 0 started and both played N_ROUNDS: the turn is back with player 0. */
  g_assert_cmpint (game.turn, ==, 0);
  ps_waitpoint_clear (&game.wp[0]);
  ps_waitpoint_clear (&game.wp[1]);
}

static bool
never (void *data)
{
  return false;
}

static bool
always (void *data)
{
  return true;
}

static void
test_timeout (void)
{
  PsWaitpoint wp;
  gint64 start;

  ps_waitpoint_init (&wp);
  g_assert_true (ps_waitpoint_wait (&wp, always, NULL, 0));
  g_assert_false (ps_waitpoint_wait (&wp, never, NULL, 0));
  start = g_get_monotonic_time ();
  g_assert_false (ps_waitpoint_wait (&wp, never, NULL, 20 * 1000 * 1000));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 19 * 1000);
  /* Nobody waits now: a notify is a no-op. */
  ps_waitpoint_notify (&wp);
  ps_waitpoint_clear (&wp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/waitpoint/timeout", test_timeout);
  pst_add_trapped ("/engine/waitpoint/no-lost-wakeup", NULL, test_ping_pong, PST_TIMEOUT_US);

  return g_test_run ();
}
