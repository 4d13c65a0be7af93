/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: PsSession on a plain GLib main loop: running and progress notify when they
 * change, a live knob change reaches the main loop as ::segment-opened, and samples lost while
 * the loop was not drained are counted as the engine counts them. Each run goes in a subprocess
 * with a timeout, so a hang fails the test instead of the suite. */
#define G_LOG_DOMAIN "test-session"

#include "ps-session.h"

#define MS 1000000ull
#define S 1000000000ull
/* The engine's sample ring holds 4096 samples (SAMPLE_RING_CAPACITY in engine/run/ps-run.c). */
#define RING_CAPACITY 4096

typedef struct
{
  guint n_running;        /* notify::running */
  guint n_progress;       /* notify::progress */
  guint n_finished;
  guint n_segments;       /* ::segment-opened for a knob change */
  gboolean progress_went_back;
  double last_progress;
  gboolean completed;
} Counts;

static void
scenario_init (PsScenario *s,
               guint64     duration_ns)
{
  ps_scenario_init_defaults (s);
  s->n_strategies = 1;
  g_assert_cmpint (ps_strategy_parse ("single", &s->strategies[0]), ==, 0);
  s->threads = 1;
  s->tasks = 0;
  s->warmup_tasks = 0;
  s->warmup_ns = 0;
  s->duration_ns = duration_ns;
  s->order = PS_ORDER_SEQUENTIAL;
  s->sample_ns = 10 * MS;
}

static void
on_notify_running (PsSession  *session,
                   GParamSpec *pspec,
                   Counts     *counts)
{
  counts->n_running++;
}

static void
on_notify_progress (PsSession  *session,
                    GParamSpec *pspec,
                    Counts     *counts)
{
  double progress = ps_session_get_progress (session);

  counts->n_progress++;
  counts->progress_went_back |= progress < counts->last_progress;
  counts->last_progress = progress;
}

static void
on_segment_opened (PsSession *session,
                   guint      strategy,
                   guint      segment,
                   int        knob,
                   double     value,
                   double     t_s,
                   guint64    serial,
                   Counts    *counts)
{
  if (knob == PS_KNOB_WORK)
    counts->n_segments++;
}

static void
on_finished (PsSession *session,
             gboolean   completed,
             Counts    *counts)
{
  /* The results are in before running turns FALSE. */
  g_assert_nonnull (ps_session_get_report (session));
  counts->n_finished++;
  counts->completed = completed;
}

static PsSession *
new_session (const PsScenario *s,
             Counts           *counts)
{
  g_autoptr (GError) error = NULL;
  PsSession *session = ps_session_new (s, &error);

  g_assert_no_error (error);
  g_signal_connect (session, "notify::running", G_CALLBACK (on_notify_running), counts);
  g_signal_connect (session, "notify::progress", G_CALLBACK (on_notify_progress), counts);
  g_signal_connect (session, "segment-opened", G_CALLBACK (on_segment_opened), counts);
  g_signal_connect (session, "finished", G_CALLBACK (on_finished), counts);
  return session;
}

static void
iterate_while_running (PsSession *session,
                       guint      timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (ps_session_is_running (session) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ps_session_is_running (session));
}

/* Runs the test's body in a subprocess that must pass within @timeout_s. */
static gboolean
in_subprocess (guint timeout_s)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, timeout_s * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
test_properties (void)
{
  PsScenario s;
  Counts counts = { 0 };
  g_autoptr (PsSession) session = NULL;
  g_autoptr (GError) error = NULL;
  gboolean running = TRUE;
  double progress = 0;

  if (!in_subprocess (60))
    return;

  scenario_init (&s, 400 * MS);
  session = new_session (&s, &counts);
  g_object_get (session, "running", &running, NULL);
  g_assert_false (running);

  g_assert_true (ps_session_start (session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_running, ==, 1);
  g_object_get (session, "running", &running, NULL);
  g_assert_true (running);

  iterate_while_running (session, 30);
  /* Once on, once off: never a notification without a change. */
  g_assert_cmpuint (counts.n_running, ==, 2);
  g_assert_cmpuint (counts.n_finished, ==, 1);
  g_assert_true (counts.completed);
  g_assert_cmpuint (counts.n_progress, >, 1);
  g_assert_false (counts.progress_went_back);
  g_object_get (session, "progress", &progress, "running", &running, NULL);
  g_assert_cmpfloat (progress, ==, 1.0);
  g_assert_false (running);
}

static void
test_segment_opened (void)
{
  PsScenario s;
  Counts counts = { 0 };
  g_autoptr (PsSession) session = NULL;
  g_autoptr (GError) error = NULL;
  gint64 deadline;

  if (!in_subprocess (60))
    return;

  scenario_init (&s, 30 * S);
  session = new_session (&s, &counts);
  g_assert_true (ps_session_start (session, &error));
  while (ps_session_get_n_samples (session) < 3)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (ps_session_set_knob (session, PS_KNOB_WORK, 40000, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (counts.n_segments == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counts.n_segments, ==, 1);

  ps_session_stop (session);
  iterate_while_running (session, 10);
  g_assert_false (counts.completed);
}

/* The bug: the window never calls ps_run_wait(), the only place the engine copied its count into
 * the report, so a window that fell behind still said no sample was dropped. Here the main loop
 * stalls for longer than the ring lasts at the fastest sample period. */
static void
test_samples_dropped (void)
{
  PsScenario s;
  Counts counts = { 0 };
  g_autoptr (PsSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const PsReport *report;
  guint64 dropped = 0;
  gint64 deadline;

  if (!in_subprocess (180))
    return;

  scenario_init (&s, 120 * S);
  session = new_session (&s, &counts);
  g_assert_true (ps_session_start (session, &error));

  /* One sample per 10 ms: the ring is full after ~41 s. A fifth more for a loaded machine. */
  g_usleep ((RING_CAPACITY * s.sample_ns / 1000) * 6 / 5);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ps_session_get_samples_dropped (session) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ps_session_get_samples_dropped (session), >, 0);

  ps_session_stop (session);
  iterate_while_running (session, 10);
  report = ps_session_get_report (session);
  g_assert_nonnull (report);
  g_object_get (session, "samples-dropped", &dropped, NULL);
  g_test_message ("%" G_GUINT64_FORMAT " samples seen, %" G_GUINT64_FORMAT " dropped",
                  ps_session_get_n_samples (session), dropped);
  /* What the window's caption reads (the report) is the engine's count, and the session's. */
  g_assert_cmpuint (report->samples_dropped, >, 0);
  g_assert_cmpuint (report->samples_dropped, ==, dropped);
  g_assert_cmpuint (dropped + ps_session_get_n_samples (session), >=, RING_CAPACITY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/properties", test_properties);
  g_test_add_func ("/session/segment-opened", test_segment_opened);
  g_test_add_func ("/session/samples-dropped", test_samples_dropped);
  return g_test_run ();
}
