/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sweep.c: sweeps over the real engine, printing `name value unit` lines for CI logs:
 * the 3-strategy × 12-point payload sweep at the default CI target, then a work-per-task
 * sweep of queue against single, which usually has a crossing to bisect; then a smaller work sweep
 * in 5 fresh processes, each crossing with its interval, and whether the intervals overlap (an
 * in-process interval leaves out how much two processes differ: see poolscope-cli sweep).
 * Never fails on figures. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps-engine.h"

/* Progress on stderr, so a slow CI log shows where the time goes. */
static void
on_event (const PsSweepEvent *event, void *user_data)
{
  PsSweep *const *sweep = user_data;
  const PsSweepReport *report = ps_sweep_get_report (*sweep);

  fprintf (stderr, "%s %s x=%.0f mean=%.3g s ±%.1f%% reps=%u outliers=%u\n",
           event->kind == PS_SWEEP_EVENT_POINT ? "point " : "bisect",
           report->series[event->strategy].strategy.name, event->point->x, event->point->mean_s,
           100 * (event->point->ci_high - event->point->mean_s) / event->point->mean_s,
           event->point->reps, event->point->outliers);
}

static void
print_figures (const char *name, const PsSweepReport *report)
{
  const char *unit = ps_knob_info (report->knob)->unit == PS_UNIT_BYTES ? "B" : "ns";
  unsigned points = 0, reps = 0, max_reps = 0;

  for (unsigned s = 0; s < report->n_series; s++)
    for (unsigned p = 0; p < report->series[s].n_points; p++)
      {
        points++;
        reps += report->series[s].points[p].reps;
        if (report->series[s].points[p].reps > max_reps)
          max_reps = report->series[s].points[p].reps;
      }
  printf ("%s_wall %.2f s\n", name, report->wall_s);
  printf ("%s_measured_part %.2f s\n", name, report->measured_s);
  printf ("%s_engine_runs %u runs\n", name, report->runs);
  printf ("%s_points_measured %u points\n", name, points);
  printf ("%s_reps_total %u reps\n", name, reps);
  printf ("%s_reps_max_per_point %u reps\n", name, max_reps);
  printf ("%s_crossings %u crossings\n", name, report->n_crossings);
  printf ("%s_bisection_extra_points_max %u points\n", name, report->max_extra_points);
  for (unsigned i = 0; i < report->n_crossings; i++)
    {
      const PsSweepCrossing *c = &report->crossings[i];
      const char *strategy = report->series[c->strategy].strategy.name;
      const char *reference = report->series[c->reference].strategy.name;

      printf ("%s_break_even_%s_beats_%s_%s %.0f %s\n", name, strategy, reference,
              ps_sweep_direction_name (c->direction), c->x, unit);
      printf ("%s_break_even_%s_low %.0f %s\n", name, strategy, c->x_low, unit);
      printf ("%s_break_even_%s_high %.0f %s\n", name, strategy, c->x_high, unit);
    }
  for (unsigned s = 0; s < report->n_series; s++)
    if (report->series[s].fits.has_linear)
      printf ("%s_slope_%s %.4g ns/%s\n", name, report->series[s].strategy.name,
              report->series[s].fits.linear.slope * 1e9, unit);
}

/* Runs one sweep of @names with @config's knob and range; prints its figures as @name_*. */
static int
bench (const char *name, PsSweepConfig *config, const char *const *names, unsigned n)
{
  PsSweep *sweep = NULL;
  PsValidation why = { 0 };
  int rc;

  config->base.n_strategies = n;
  for (unsigned i = 0; i < n; i++)
    ps_strategy_parse (names[i], &config->base.strategies[i]);
  config->on_event = on_event;
  /* The callback reads the report through the sweep, which exists only after ps_sweep_new (). */
  config->event_data = &sweep;
  rc = ps_sweep_new (config, &sweep, &why);
  if (rc != 0)
    {
      fprintf (stderr, "bench-sweep: %s\n", why.message);
      return 1;
    }
  rc = ps_sweep_run (sweep);
  if (rc != 0)
    fprintf (stderr, "bench-sweep: the sweep ended early: %s\n", ps_strerror (rc));
  print_figures (name, ps_sweep_get_report (sweep));
  ps_sweep_free (sweep);
  return rc == 0 ? 0 : 1;
}

/* Work per task, tiny payloads: queue pays its dispatch below a few hundred ns of work. The
 * repeated sweep is a smaller one (100 ns to 10 µs, 5 points, at most 10 repetitions a point), so
 * that five of them fit in CI's benchmark budget. */
static int
work_sweep (const char *name, bool small)
{
  const char *work_names[] = { "single", "queue" };
  PsSweepConfig config;

  ps_sweep_config_init (&config);
  config.knob = PS_KNOB_WORK;
  config.from = 100;
  config.to = small ? 10000 : 100000;
  config.points = small ? 5 : 7;
  config.base.payload_bytes = 64;
  if (small)
    config.max_reps = 10;
  return bench (name, &config, work_names, 2);
}

#define WORK_SWEEP_PROCESSES 5

/* The work sweep in fresh processes (this program with --work-sweep-only): each one's crossing and
 * interval, relayed, then the narrowest span that holds every interval's end and whether one value
 * lies in all of them. */
static int
work_sweep_across_processes (void)
{
  char self[4096], command[4200], line[512];
  ssize_t len = readlink ("/proc/self/exe", self, sizeof self - 1);
  double highest_low = -INFINITY, lowest_high = INFINITY;
  unsigned with_crossing = 0;

  if (len <= 0)
    return 1;
  self[len] = '\0';
  snprintf (command, sizeof command, "'%s' --work-sweep-only", self);
  for (unsigned i = 0; i < WORK_SWEEP_PROCESSES; i++)
    {
      FILE *child = popen (command, "r");
      double value;
      char unit[16];
      int crossed = 0;

      if (child == NULL)
        return 1;
      while (fgets (line, sizeof line, child) != NULL)
        {
          if (strstr (line, "_break_even_") == NULL)
            continue;
          printf ("process%u_%s", i + 1, line);
          if (strstr (line, "_low ") != NULL && sscanf (strstr (line, "_low ") + 5, "%lf %15s",
                                                         &value, unit) == 2)
            highest_low = fmax (highest_low, value), crossed = 1;
          if (strstr (line, "_high ") != NULL && sscanf (strstr (line, "_high ") + 6, "%lf %15s",
                                                          &value, unit) == 2)
            lowest_high = fmin (lowest_high, value);
        }
      if (pclose (child) != 0)
        return 1;
      with_crossing += crossed;
    }
  printf ("work_sweep_processes_with_crossing %u of %u\n", with_crossing, WORK_SWEEP_PROCESSES);
  if (with_crossing == WORK_SWEEP_PROCESSES)
    printf ("work_sweep_intervals_overlap %d bool\n", highest_low <= lowest_high);
  return 0;
}

int
main (int argc, char **argv)
{
  const char *payload_names[] = { "single", "queue", "pinned" };
  PsSweepConfig config;
  int failed = 0;

  if (argc > 1 && strcmp (argv[1], "--work-sweep-only") == 0)
    return work_sweep ("sweep_work_2x5", true);

  /* The default sweep is the issue's: payload 64 B to 16 MiB, 12 log points, ±5%, ≤ 20 reps. */
  ps_sweep_config_init (&config);
  failed |= bench ("sweep_payload_3x12", &config, payload_names, 3);
  failed |= work_sweep ("sweep_work_2x7", false);
  failed |= work_sweep_across_processes ();
  return failed;
}
