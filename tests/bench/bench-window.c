/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window.c: the window's frame budget while a 2-thread CPU-bound run saturates both cores,
 * on the renderer Poolscope chooses (ps_renderer_choose(): cairo where GL is a software
 * rasteriser), or on the one GSK_RENDERER names. Prints, one figure a line:
 *   window_frame_interval_p50/p95/p99/max_<renderer>  time between painted frames, ms
 *   window_fps_<renderer>                              frames painted per second
 *   window_frames_late_<renderer>                      intervals over 1.5 refresh periods, %
 *   window_main_stall_max_<renderer>                   longest the main loop did not run, ms
 *   window_run_start_block_<renderer>                  how long pressing Run held the main loop
 *   window_knob_to_sample_<renderer>                   a live knob change to the first sample
 *                                                      measured under it, ms
 *   window_main_cpu_per_frame_<renderer>               the main thread's CPU time per painted
 *                                                      frame, ms: what a frame costs, whatever
 *                                                      the scheduler did with the workers
 *   window_layout_cpu_per_frame_<renderer>,
 *   window_paint_cpu_per_frame_<renderer>              of that, the frame clock's layout phase
 *                                                      (sizes) and paint phase (snapshots,
 *                                                      rendering, X requests), ms
 *   window_paint_p50/p95_<renderer>                    one frame's paint phase, wall time, ms:
 *                                                      its spread becomes the intervals' spread
 *   window_frame_slice_requested_<renderer>            1 when the kernel took the short slice
 *                                                      the app asks for (ps-frame-slice.c);
 *                                                      PS_NO_FRAME_SLICE=1 leaves it out
 *   window_bare_idle/busy_frame_interval_p50/p95/p99_<renderer>,
 *   window_bare_idle/busy_frames_late_<renderer>     the same intervals for a bare window that
 *                                                      only fills itself each frame, on an idle
 *                                                      machine and beside two spinning threads:
 *                                                      the frame clock's, X server's and
 *                                                      scheduler's share, which no drawing code
 *                                                      can undercut
 * Targets (issue 9): p95 ≤ 16.7 ms, p99 ≤ 33 ms, no stall over 50 ms, knob to sample ≤ 300 ms.
 * Fails only when nothing was painted or measured. Runs under Xvfb. */
#define G_LOG_DOMAIN "bench-window"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "ps-frame-slice.h"
#include "ps-renderer.h"
#include "ps-window-private.h"

#define RUN_S 6
#define MEASURE_FROM_S 1.0
#define KNOB_AT_S 3.0
#define BARE_S 4.0

typedef struct
{
  GArray *paints;            /* gint64 µs: each painted frame while measuring */
  gint64 main_cpu_us;        /* main thread CPU time over the painted frames */
  gint64 phase_start_us;     /* thread CPU time when the current frame phase began */
  gint64 layout_cpu_us;      /* of which in the frame clock's layout phase (size allocation) */
  gint64 paint_cpu_us;       /* and in its paint phase (snapshots, rendering, X requests) */
  GArray *paint_ms;          /* double: each frame's paint phase, wall time, ms */
  gint64 paint_start_wall;
  gint64 last_tick;
  gint64 max_stall_us;
  gboolean measuring;
  gint64 knob_at;            /* when the live change was made; 0 before */
  gboolean knob_opened;      /* the engine opened a segment under the change */
  guint knob_strategy;       /* that segment */
  guint knob_segment;
  gint64 knob_latency_us;    /* to the first sample measured in it; -1 until seen */
} Bench;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
on_phase_start (GdkFrameClock *clock,
                Bench         *b)
{
  b->phase_start_us = thread_cpu_us ();
  b->paint_start_wall = g_get_monotonic_time ();
}

static void
on_layout_done (GdkFrameClock *clock,
                Bench         *b)
{
  if (b->measuring)
    b->layout_cpu_us += thread_cpu_us () - b->phase_start_us;
}

static void
on_paint_done (GdkFrameClock *clock,
               Bench         *b)
{
  if (b->measuring)
    {
      double ms = (g_get_monotonic_time () - b->paint_start_wall) / 1000.0;

      b->paint_cpu_us += thread_cpu_us () - b->phase_start_us;
      g_array_append_val (b->paint_ms, ms);
    }
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  static gint64 last_cpu;
  gint64 cpu = thread_cpu_us ();

  if (b->measuring)
    {
      gint64 now = g_get_monotonic_time ();

      if (b->paints->len > 0)
        b->main_cpu_us += cpu - last_cpu;
      g_array_append_val (b->paints, now);
    }
  last_cpu = cpu;
}

/* A 1 ms timeout: the gap between two of its ticks beyond 1 ms is time the main loop was busy
 * elsewhere (a repaint, a callback): the person's input waited that long. */
static gboolean
on_stall_tick (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  if (b->measuring && b->last_tick > 0)
    b->max_stall_us = MAX (b->max_stall_us, now - b->last_tick - 1000);
  b->last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* The first segment the engine opened under the change: its first sample is the first figure a
 * person sees that reflects the new knob. */
static void
on_segment_opened (PsSession *session,
                   guint      strategy,
                   guint      segment,
                   int        knob,
                   double     value,
                   double     t_s,
                   guint64    serial,
                   Bench     *b)
{
  if (b->knob_at > 0 && !b->knob_opened && knob == PS_KNOB_WORK)
    {
      b->knob_opened = TRUE;
      b->knob_strategy = strategy;
      b->knob_segment = segment;
    }
}

static void
on_sample (PsSession      *session,
           const PsSample *sample,
           Bench          *b)
{
  if (b->knob_opened && b->knob_latency_us < 0 && !sample->warmup
      && sample->strategy == b->knob_strategy && sample->segment == b->knob_segment)
    b->knob_latency_us = g_get_monotonic_time () - b->knob_at;
}

static void
iterate_for (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i = (guint) ceil (p * sorted->len) - 1;

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

/* Frames that came more than half a refresh period late (intervals over 25 ms at 60 Hz): a
 * frame clock paced by timers puts half its intervals a hair above 16.67 ms however idle the
 * machine is, so the p95 alone cannot tell jitter from dropped frames. */
static double
late_percent (GArray *intervals)
{
  guint late = 0;

  for (guint i = 0; i < intervals->len; i++)
    late += g_array_index (intervals, double, i) > 1.5 * 1000.0 / 60;
  return 100.0 * late / intervals->len;
}

/* The times between consecutive paints (gint64 µs), in ms, sorted. */
static GArray *
sorted_intervals (GArray *paints)
{
  GArray *intervals = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 1; i < paints->len; i++)
    {
      double ms = (g_array_index (paints, gint64, i) - g_array_index (paints, gint64, i - 1))
                  / 1000.0;

      g_array_append_val (intervals, ms);
    }
  g_array_sort (intervals, compare_doubles);
  return intervals;
}

/* The platform's own pacing, for reference: a bare window whose one drawing area repaints every
 * frame (a solid fill), idle or beside two threads that only spin. Whatever the frame clock, the
 * X server and the scheduler do to a window that draws almost nothing shows here, so the
 * Poolscope window's figures above can be read against it. */
typedef struct
{
  GArray *paints;       /* gint64 µs: each painted frame while measuring */
  gboolean measuring;
  gint spinning;        /* atomic: the spinners run while set */
} BareBench;

static void
on_bare_after_paint (GdkFrameClock *clock,
                     BareBench     *bare)
{
  if (bare->measuring)
    {
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (bare->paints, now);
    }
}

static gboolean
redraw_every_frame (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
draw_solid (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  /* A shade that changes each frame, so no layer can keep the last one. */
  cairo_set_source_rgb (cr, (g_get_monotonic_time () / 1000 % 256) / 255.0, 0.5, 0.5);
  cairo_paint (cr);
}

static gpointer
spin (gpointer data)
{
  BareBench *bare = data;
  volatile guint64 sink = 0;

  while (g_atomic_int_get (&bare->spinning))
    sink++;
  return NULL;
}

/* Frame intervals of the bare window over @seconds, sorted, in ms. */
static GArray *
measure_bare_window (gboolean busy,
                     double   seconds)
{
  BareBench bare = { .paints = g_array_new (FALSE, FALSE, sizeof (gint64)) };
  GArray *intervals;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *area = gtk_drawing_area_new ();
  GThread *spinners[2] = { NULL, NULL };

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_solid, NULL, NULL);
  gtk_widget_add_tick_callback (area, redraw_every_frame, NULL, NULL);
  gtk_window_set_child (GTK_WINDOW (window), area);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 780);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_bare_after_paint), &bare);
  g_atomic_int_set (&bare.spinning, busy);
  for (guint i = 0; busy && i < G_N_ELEMENTS (spinners); i++)
    spinners[i] = g_thread_new ("spinner", spin, &bare);
  iterate_for (0.5);
  bare.measuring = TRUE;
  iterate_for (seconds);
  bare.measuring = FALSE;
  g_atomic_int_set (&bare.spinning, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (spinners); i++)
    if (spinners[i] != NULL)
      g_thread_join (spinners[i]);
  gtk_window_destroy (GTK_WINDOW (window));

  intervals = sorted_intervals (bare.paints);
  g_array_unref (bare.paints);
  return intervals;
}

static void
print_bare_window (const char *renderer,
                   const char *load,
                   GArray     *intervals)
{
  if (intervals->len < 10)
    return;
  printf ("window_bare_%s_frame_interval_p50_%s %.1f ms\n", load, renderer,
          percentile (intervals, 0.50));
  printf ("window_bare_%s_frame_interval_p95_%s %.1f ms\n", load, renderer,
          percentile (intervals, 0.95));
  printf ("window_bare_%s_frame_interval_p99_%s %.1f ms\n", load, renderer,
          percentile (intervals, 0.99));
  printf ("window_bare_%s_frames_late_%s %.1f %%\n", load, renderer, late_percent (intervals));
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { .paints = g_array_new (FALSE, FALSE, sizeof (gint64)),
              .paint_ms = g_array_new (FALSE, FALSE, sizeof (double)),
              .knob_latency_us = -1 };
  g_autoptr (GArray) intervals = NULL;
  PsWindow *window;
  PsSession *session;
  const char *renderer;
  gboolean slice = FALSE;
  GdkFrameClock *clock;
  gint64 started, before, after;
  double seconds;

  gtk_init ();
  adw_init ();
  renderer = ps_renderer_choose (gdk_display_get_default ());
  /* As the application does at startup, unless told not to (to compare the two). */
  if (g_getenv ("PS_NO_FRAME_SLICE") == NULL)
    slice = ps_frame_slice_request (PS_FRAME_SLICE_NS);

  window = ps_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 780);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (1.0);
  /* Two threads of pure CPU work: both cores busy, as the measurement had it. */
  _ps_window_apply_knob (window, PS_KNOB_THREADS, 2, FALSE);
  _ps_window_apply_knob (window, PS_KNOB_WORK, 20000, FALSE);
  _ps_window_apply_knob (window, PS_KNOB_IO_DELAY, 0, FALSE);
  _ps_window_apply_knob (window, PS_KNOB_DURATION, RUN_S * NS_PER_S, FALSE);
  _ps_window_apply_knob (window, PS_KNOB_WARMUP_TIME, 0.2 * NS_PER_S, FALSE);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &b);
  /* GTK connected its handlers of each phase when the window was realized, so a phase runs
   * from the end of the one before ("after" handlers run last) to its own end. */
  g_signal_connect_after (clock, "update", G_CALLBACK (on_phase_start), &b);
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout_done), &b);
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_phase_start), &b);
  g_signal_connect_after (clock, "paint", G_CALLBACK (on_paint_done), &b);
  g_timeout_add (1, on_stall_tick, &b);

  before = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  after = g_get_monotonic_time ();
  session = ps_window_get_session (window);
  if (session == NULL || !ps_session_is_running (session))
    {
      fprintf (stderr, "bench-window: the run did not start\n");
      return 1;
    }
  g_signal_connect (session, "sample", G_CALLBACK (on_sample), &b);
  g_signal_connect (session, "segment-opened", G_CALLBACK (on_segment_opened), &b);
  started = g_get_monotonic_time ();
  while (ps_session_is_running (session))
    {
      seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
      b.measuring = seconds >= MEASURE_FROM_S && seconds < RUN_S - 0.5;
      if (seconds >= KNOB_AT_S && b.knob_at == 0)
        {
          b.knob_at = g_get_monotonic_time ();
          _ps_window_apply_knob (window, PS_KNOB_WORK, 40000, FALSE);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  b.measuring = FALSE;

  intervals = sorted_intervals (b.paints);
  if (intervals->len < 10 || b.knob_latency_us < 0)
    {
      fprintf (stderr, "bench-window: %u frames painted, knob change %s\n", b.paints->len,
               b.knob_latency_us < 0 ? "never seen" : "seen");
      return 1;
    }
  seconds = (g_array_index (b.paints, gint64, b.paints->len - 1)
             - g_array_index (b.paints, gint64, 0)) / (double) G_USEC_PER_SEC;
  printf ("window_frame_interval_p50_%s %.1f ms\n", renderer, percentile (intervals, 0.50));
  printf ("window_frame_interval_p95_%s %.1f ms\n", renderer, percentile (intervals, 0.95));
  printf ("window_frame_interval_p99_%s %.1f ms\n", renderer, percentile (intervals, 0.99));
  printf ("window_frame_interval_max_%s %.1f ms\n", renderer, percentile (intervals, 1.0));
  printf ("window_fps_%s %.1f fps\n", renderer, intervals->len / seconds);
  printf ("window_frames_late_%s %.1f %%\n", renderer, late_percent (intervals));
  printf ("window_main_stall_max_%s %.1f ms\n", renderer, b.max_stall_us / 1000.0);
  printf ("window_run_start_block_%s %.1f ms\n", renderer, (after - before) / 1000.0);
  printf ("window_knob_to_sample_%s %.0f ms\n", renderer, b.knob_latency_us / 1000.0);
  printf ("window_layout_cpu_per_frame_%s %.2f ms\n", renderer,
          b.layout_cpu_us / 1000.0 / (b.paints->len - 1));
  printf ("window_paint_cpu_per_frame_%s %.2f ms\n", renderer,
          b.paint_cpu_us / 1000.0 / (b.paints->len - 1));
  g_array_sort (b.paint_ms, compare_doubles);
  printf ("window_paint_p50_%s %.1f ms\n", renderer, percentile (b.paint_ms, 0.50));
  printf ("window_paint_p95_%s %.1f ms\n", renderer, percentile (b.paint_ms, 0.95));
  printf ("window_frame_slice_requested_%s %d bool\n", renderer, slice);
  printf ("window_main_cpu_per_frame_%s %.2f ms\n", renderer,
          b.main_cpu_us / 1000.0 / (b.paints->len - 1));
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (b.paints);
  g_array_unref (b.paint_ms);

  {
    g_autoptr (GArray) idle = measure_bare_window (FALSE, BARE_S);
    g_autoptr (GArray) busy = measure_bare_window (TRUE, BARE_S);

    print_bare_window (renderer, "idle", idle);
    print_bare_window (renderer, "busy", busy);
  }
  return 0;
}
