/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window-memory.c: what repeated runs cost the window in resident memory (issue 9), on the
 * renderer Poolscope chooses (ps_renderer_choose(): cairo where GL is a software rasteriser) or
 * on the one GSK_RENDERER names.
 *
 * A cycle is what a person does when trying a scenario out: press Run, let the run go for at
 * least CYCLE_RUN_MS of main-loop time and until its first samples reached the charts (the
 * sampler writes one every 10 ms; the session hands them over every 50 ms), press Stop, and wait
 * until the session has finished and the window shows the results of the part that ran. Stages:
 *   0 → 20 cycles → 200 cycles → 500 more cycles, 200 of them with a knob typed into the sidebar
 *   mid-run (Work per task and Threads in turn, back and forth so the scenario stays the same
 *   size) → 100 cycles stopped inside a 10 s warm-up, which measure nothing and so add nothing
 *   to the history: the window's cost per run without the history's share.
 * The runs of the first three stages measure from their first task, so each joins the history
 * (which keeps the last PS_WINDOW_HISTORY_MAX results), as a person's runs do.
 * After each stage the main loop idles a moment, then RSS is read (/proc/self/statm), then
 * malloc_trim (0) hands the allocator's free pages back and RSS is read again. The raw figure is
 * what a person's system monitor shows; the trimmed one leaves out memory that was freed but kept
 * by malloc, so growth there is live memory: kept data or a leak. mallinfo2 ()'s bytes in use say
 * the same from inside malloc (0 under AddressSanitizer, which replaces malloc). Each stage's
 * growth is against the stage before, read the same way; the allocator refills what a trim
 * handed back within a few cycles, so a raw figure after a trim is still a fair one.
 *
 * Prints `name value unit` lines:
 *   window_rss_before_cycles_<renderer>                        RSS with the window up, MiB
 *   window_rss_growth_<stage>[_trimmed]_<renderer>             RSS growth over the stage, MiB
 *   window_heap_in_use_growth_<stage>_<renderer>               malloc's bytes in use, MiB
 *     stages, named by the counts as run (by default; --cycles, --more-cycles and
 *     --warmup-cycles change them): first_20_cycles, cycles_20_to_200,
 *     500_cycles_200_knob_changes, 100_warmup_only_cycles
 *   window_history_records_<renderer>                          runs the history keeps by the end
 *   window_engine_input_span_<renderer>                        the copied payloads' source the
 *                                                              engine builds once and keeps, MiB
 *   window_memory_cycle_mean_<renderer>                        wall time per cycle, ms
 * Target (issue 9): after the first 20 cycles, the 500 cycles with knob changes add ≤ 2 MiB.
 * Reported, never asserted. Fails only when an invariant breaks: a run does not start or stop, a
 * live change is refused, or a stopped run leaves no report, no samples, no results table, or
 * (when it measured) no history record. */
#define G_LOG_DOMAIN "bench-window-memory"

#include <adwaita.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ps-renderer.h"
#include "ps-window-private.h"

#define CYCLE_RUN_MS 30
#define STOP_TIMEOUT_S 10
#define SETTLE_MS 300
#define FIRST_STAGE 20

/* The other stages' lengths: the by default. GL on a software rasteriser paints a frame
 * in 50-100 ms, so its cycles take three times as long and its benchmark entry runs fewer. */
static int opt_cycles = 200;      /* cycles of the first two stages together */
static int opt_more_cycles = 500; /* the stage with live changes, in 2 of every 5 cycles */
static int opt_warmup_cycles = 100;

static const GOptionEntry options[] = {
  { "cycles", 0, 0, G_OPTION_ARG_INT, &opt_cycles, "Cycles before the live changes", "N" },
  { "more-cycles", 0, 0, G_OPTION_ARG_INT, &opt_more_cycles, "Cycles with live changes", "N" },
  { "warmup-cycles", 0, 0, G_OPTION_ARG_INT, &opt_warmup_cycles,
    "Cycles stopped in the warm-up", "N" },
  { NULL }
};

typedef struct
{
  double rss_mib;
  double trimmed_mib;
  double in_use_mib;
} Reading;

typedef struct
{
  PsWindow *window;
  guint n_cycles;
  guint n_knob_changes;
  gint64 cycles_us; /* wall time spent in cycles, for the mean */
} Bench;

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
fail (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "bench-window-memory: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}

static double
read_rss_mib (void)
{
  g_autofree char *statm = NULL;
  unsigned long long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      || sscanf (statm, "%llu %llu", &size, &resident) != 2)
    fail ("cannot read /proc/self/statm");
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* Bytes malloc has handed out and not had back, in its arenas and in its own mmaps. */
static double
read_in_use_mib (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

/* Runs the main loop for @ms, waking at least once a millisecond so a quiet loop does not
 * overshoot. */
static void
iterate_for_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * (gint64) 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* The window's frames, the session's last events and the results table all settle before a
 * reading, so a reading sees the same kind of moment every time. */
static Reading
take_reading (void)
{
  Reading r;

  iterate_for_ms (SETTLE_MS);
  r.rss_mib = read_rss_mib ();
  r.in_use_mib = read_in_use_mib ();
  malloc_trim (0);
  r.trimmed_mib = read_rss_mib ();
  return r;
}

/* Types @text into the knob's spin button and commits it, as a person pressing Enter would. */
static void
type_knob (PsWindow   *window,
           PsKnob      knob,
           const char *text)
{
  GtkWidget *editor = ps_window_get_knob_editor (window, knob);

  if (!GTK_IS_SPIN_BUTTON (editor))
    fail ("knob %d has no spin button", knob);
  gtk_editable_set_text (GTK_EDITABLE (editor), text);
  gtk_spin_button_update (GTK_SPIN_BUTTON (editor));
}

static gboolean
is_running (PsWindow *window)
{
  PsSession *session = ps_window_get_session (window);

  return session != NULL && ps_session_is_running (session);
}

/* A live change as a person makes it: alternately Work per task and Threads, each toggled
 * between two values, so every change is a real one and the scenario does not drift. */
static void
change_knob (Bench *b)
{
  static const struct
  {
    PsKnob knob;
    const char *text;
    double value;
  } changes[] = {
    { PS_KNOB_WORK, "30us", 30000 },
    { PS_KNOB_THREADS, "3", 3 },
    { PS_KNOB_WORK, "20us", 20000 },
    { PS_KNOB_THREADS, "2", 2 },
  };
  guint i = b->n_knob_changes % G_N_ELEMENTS (changes);
  const PsScenario *s;

  type_knob (b->window, changes[i].knob, changes[i].text);
  s = ps_window_get_scenario (b->window);
  if (ps_window_get_knob_error (b->window, changes[i].knob) != NULL
      || ps_knob_get (s, changes[i].knob) != changes[i].value)
    fail ("live change %u (%s) was refused: %s", b->n_knob_changes, changes[i].text,
          ps_window_get_knob_error (b->window, changes[i].knob));
  b->n_knob_changes++;
}

/* How a cycle's run goes: measured (it joins the history, as a person's runs do), measured
 * with a live change halfway, or stopped inside a long warm-up, so nothing is measured and
 * nothing joins the history: what the window costs per run without the history's share. */
typedef enum
{
  CYCLE_MEASURED,
  CYCLE_KNOB_CHANGE,
  CYCLE_WARMUP_ONLY,
} CycleKind;

/* Runs the main loop until the session is over, or fails after STOP_TIMEOUT_S. */
static void
wait_for_stop (Bench *b)
{
  gint64 deadline = g_get_monotonic_time () + STOP_TIMEOUT_S * G_USEC_PER_SEC;

  while (is_running (b->window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (is_running (b->window))
    fail ("cycle %u: the run did not stop within %d s", b->n_cycles, STOP_TIMEOUT_S);
}

/* Stopping keeps what the run measured: the report, the table and a history record. */
static void
check_results (Bench     *b,
               PsSession *session,
               guint      n_records_before,
               CycleKind  kind)
{
  const PsReport *report = ps_session_get_report (session);
  guint expected = n_records_before + (kind == CYCLE_WARMUP_ONLY ? 0 : 1);
  guint kept = ps_window_get_n_records (b->window);

  if (report == NULL || report->completed)
    fail ("cycle %u: the stopped run has %s", b->n_cycles,
          report == NULL ? "no report" : "a completed report");
  if (ps_session_get_n_samples (session) == 0)
    fail ("cycle %u: no live sample reached the window", b->n_cycles);
  if (ps_window_get_n_result_rows (b->window) == 0)
    fail ("cycle %u: the results table is empty after the stop", b->n_cycles);
  /* Every measured run is numbered as it joins the history; the history keeps the newest. */
  if (b->window->n_records != expected)
    fail ("cycle %u: %u results numbered, not %u", b->n_cycles, b->window->n_records, expected);
  if (kept == 0 || kept > MIN (expected, PS_WINDOW_HISTORY_MAX))
    fail ("cycle %u: the history keeps %u results", b->n_cycles, kept);
}

/* One cycle (see the top of the file). */
static void
run_cycle (Bench     *b,
           CycleKind  kind)
{
  GtkWidget *widget = GTK_WIDGET (b->window);
  guint n_records = b->window->n_records;
  gint64 started = g_get_monotonic_time (), deadline;
  g_autoptr (PsSession) session = NULL;

  gtk_widget_activate_action (widget, "win.run", NULL);
  if (!is_running (b->window))
    fail ("cycle %u: the run did not start", b->n_cycles);
  /* The window drops its session at the next Run; the checks need this one. */
  session = g_object_ref (ps_window_get_session (b->window));
  if (kind == CYCLE_KNOB_CHANGE)
    {
      iterate_for_ms (CYCLE_RUN_MS / 2);
      change_knob (b);
      iterate_for_ms (CYCLE_RUN_MS - CYCLE_RUN_MS / 2);
    }
  else
    iterate_for_ms (CYCLE_RUN_MS);
  /* The session hands samples over on a 50 ms timer: wait for the first to reach the charts. */
  deadline = g_get_monotonic_time () + STOP_TIMEOUT_S * G_USEC_PER_SEC;
  while (ps_session_get_n_samples (session) == 0 && is_running (b->window)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  gtk_widget_activate_action (widget, "win.stop", NULL);
  wait_for_stop (b);
  check_results (b, session, n_records, kind);
  b->n_cycles++;
  b->cycles_us += g_get_monotonic_time () - started;
}

static void
print_growth (const char    *stage,
              const char    *renderer,
              const Reading *from,
              const Reading *to)
{
  printf ("window_rss_growth_%s_%s %.1f MiB\n", stage, renderer, to->rss_mib - from->rss_mib);
  printf ("window_rss_growth_%s_trimmed_%s %.1f MiB\n", stage, renderer,
          to->trimmed_mib - from->trimmed_mib);
  printf ("window_heap_in_use_growth_%s_%s %.1f MiB\n", stage, renderer,
          to->in_use_mib - from->in_use_mib);
  fflush (stdout);
}

/* The style sheet and icons AdwApplication would load for the app. */
static void
load_app_resources (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/org/poolscope/Poolscope/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/org/poolscope/Poolscope/icons");
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *stage = NULL;
  Reading before, first, second, third;
  const char *renderer;
  gint64 started = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail ("%s", error->message);
  if (opt_cycles < FIRST_STAGE || opt_more_cycles < 0 || opt_warmup_cycles < 0)
    fail ("--cycles must be at least %d, the others at least 0", FIRST_STAGE);
  gtk_init ();
  adw_init ();
  /* As PsApplication's startup does, before the first window is realized. */
  renderer = ps_renderer_choose (gdk_display_get_default ());
  load_app_resources ();

  b.window = ps_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1200, 780);
  gtk_window_present (GTK_WINDOW (b.window));
  iterate_for_ms (1000);
  /* Runs that end only by Stop, measure from their first task (so every stopped run has
   * results and joins the history, as a person's would), sample as often as the knob allows,
   * and give each of the three default strategies slices within one cycle. */
  type_knob (b.window, PS_KNOB_DURATION, "60s");
  type_knob (b.window, PS_KNOB_WARMUP_TIME, "0");
  /* The sidebar has no row for the sample period (presets set it): set it the way they do. */
  _ps_window_apply_knob (b.window, PS_KNOB_SAMPLE, 10 * 1e6, FALSE);
  type_knob (b.window, PS_KNOB_INTERLEAVE, "10ms");
  type_knob (b.window, PS_KNOB_WORK, "20us");
  type_knob (b.window, PS_KNOB_THREADS, "2");

  before = take_reading ();
  printf ("window_rss_before_cycles_%s %.1f MiB\n", renderer, before.rss_mib);
  while (b.n_cycles < FIRST_STAGE)
    run_cycle (&b, CYCLE_MEASURED);
  first = take_reading ();
  print_growth ("first_20_cycles", renderer, &before, &first);

  while (b.n_cycles < (guint) opt_cycles)
    run_cycle (&b, CYCLE_MEASURED);
  second = take_reading ();
  stage = g_strdup_printf ("cycles_20_to_%d", opt_cycles);
  print_growth (stage, renderer, &first, &second);

  /* The changes spread evenly over the stage: 2 cycles in every 5. */
  for (int i = 0; i < opt_more_cycles; i++)
    run_cycle (&b, i % 5 < 2 ? CYCLE_KNOB_CHANGE : CYCLE_MEASURED);
  third = take_reading ();
  g_free (stage);
  stage = g_strdup_printf ("%d_cycles_%u_knob_changes", opt_more_cycles, b.n_knob_changes);
  print_growth (stage, renderer, &second, &third);

  type_knob (b.window, PS_KNOB_WARMUP_TIME, "10s");
  second = take_reading ();
  for (int i = 0; i < opt_warmup_cycles; i++)
    run_cycle (&b, CYCLE_WARMUP_ONLY);
  third = take_reading ();
  g_free (stage);
  stage = g_strdup_printf ("%d_warmup_only_cycles", opt_warmup_cycles);
  print_growth (stage, renderer, &second, &third);

  printf ("window_history_records_%s %u records\n", renderer,
          ps_window_get_n_records (b.window));
  /* The copied payloads' source the first run builds and later runs share (engine/run/ps-input.c
   * keeps it while the knobs that shape it stay): part of the first cycles' growth. */
  printf ("window_engine_input_span_%s %.1f MiB\n", renderer,
          ps_session_get_report (ps_window_get_session (b.window))->input_span_bytes
            / (1024.0 * 1024.0));
  printf ("window_memory_cycle_mean_%s %.1f ms\n", renderer,
          b.cycles_us / 1000.0 / b.n_cycles);
  printf ("window_memory_bench_wall_%s %.1f s\n", renderer,
          (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  gtk_window_destroy (GTK_WINDOW (b.window));
  return 0;
}
