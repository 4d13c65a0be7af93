/* bench-sweep.c: a 3-strategy × 12-point payload sweep over the real engine at the default CI
 * target, printing `name value unit` lines for CI logs. It never fails on the figures. */
#include <stdio.h>
#include <string.h>

#include "ps-engine.h"
#include "ps-sweep.h"

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

int
main (void)
{
  const char *names[] = { "single", "queue", "pinned" };
  PsSweepConfig config;
  PsSweep *sweep = NULL;
  PsValidation why = { 0 };
  const PsSweepReport *report;
  unsigned points = 0, reps = 0, max_reps = 0;
  int rc;

  /* The default sweep is this benchmark: payload 64 B to 16 MiB, 12 log points, ±5%, ≤ 20 reps. */
  ps_sweep_config_init (&config);
  config.base.n_strategies = 3;
  for (unsigned i = 0; i < 3; i++)
    ps_strategy_parse (names[i], &config.base.strategies[i]);
  config.on_event = on_event;
  /* The callback reads the report through the sweep, which exists only after ps_sweep_new (). */
  config.event_data = &sweep;
  rc = ps_sweep_new (&config, &sweep, &why);
  if (rc != 0)
    {
      fprintf (stderr, "bench-sweep: %s\n", why.message);
      return 1;
    }
  rc = ps_sweep_run (sweep);
  report = ps_sweep_get_report (sweep);
  if (rc != 0)
    fprintf (stderr, "bench-sweep: the sweep ended early: %s\n", ps_strerror (rc));

  for (unsigned s = 0; s < report->n_series; s++)
    for (unsigned p = 0; p < report->series[s].n_points; p++)
      {
        points++;
        reps += report->series[s].points[p].reps;
        if (report->series[s].points[p].reps > max_reps)
          max_reps = report->series[s].points[p].reps;
      }
  printf ("sweep_payload_3x12_wall %.2f s\n", report->wall_s);
  printf ("sweep_measured_part %.2f s\n", report->measured_s);
  printf ("sweep_engine_runs %u runs\n", report->runs);
  printf ("sweep_points_measured %u points\n", points);
  printf ("sweep_reps_total %u reps\n", reps);
  printf ("sweep_reps_max_per_point %u reps\n", max_reps);
  printf ("crossings_found %u crossings\n", report->n_crossings);
  printf ("bisection_extra_points_max %u points\n", report->max_extra_points);
  for (unsigned i = 0; i < report->n_crossings; i++)
    {
      const PsSweepCrossing *c = &report->crossings[i];

      printf ("break_even_%s_vs_%s_%s %.0f B\n", report->series[c->strategy].strategy.name,
              report->series[c->reference].strategy.name, ps_sweep_direction_name (c->direction),
              c->x);
      printf ("break_even_%s_vs_%s_width %.0f B\n", report->series[c->strategy].strategy.name,
              report->series[c->reference].strategy.name, c->x_high - c->x_low);
    }
  for (unsigned s = 0; s < report->n_series; s++)
    if (report->series[s].fits.has_linear)
      printf ("cost_per_byte_%s %.4g ns\n", report->series[s].strategy.name,
              report->series[s].fits.linear.slope * 1e9);
  ps_sweep_free (sweep);
  return 0;
}
