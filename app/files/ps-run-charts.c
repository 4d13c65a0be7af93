/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-run-charts.c: the charts of one run (see ps-run-charts.h). */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-run-charts.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define NS_PER_S 1e9

static const char *const chart_names[PS_N_RUN_CHARTS] = {
  "throughput", "p99", "wait", "hold", "runnable", "histogram",
};

const char *
ps_run_chart_name (PsRunChart chart)
{
  return (unsigned) chart < PS_N_RUN_CHARTS ? chart_names[chart] : NULL;
}

char *
ps_run_scenario_summary (const PsScenario *s)
{
  char payload[48], work[48], duration[48], io[48];
  g_autoptr (GString) text = g_string_new (NULL);

  ps_knob_format (ps_knob_info (PS_KNOB_PAYLOAD), (double) s->payload_bytes, payload,
                  sizeof payload);
  ps_knob_format (ps_knob_info (PS_KNOB_WORK), (double) s->work_ns, work, sizeof work);
  ps_knob_format (ps_knob_info (PS_KNOB_DURATION), (double) s->duration_ns, duration,
                  sizeof duration);
  ps_knob_format (ps_knob_info (PS_KNOB_IO_DELAY), (double) s->io_delay_ns, io, sizeof io);
  g_string_append_printf (text, _("%u threads · %u isolates · %s payload (%s) · %s work"),
                          s->threads, s->isolates, payload, ps_transfer_name (s->transfer), work);
  if (s->io_delay_ns > 0)
    g_string_append_printf (text, _(" · %s I/O"), io);
  if (s->gil)
    g_string_append (text, _(" · GIL"));
  if (s->duration_ns > 0)
    g_string_append_printf (text, _(" · %s per strategy, %s"), duration,
                            ps_order_name (s->order));
  else
    {
      /* xgettext cannot read G_GUINT64_FORMAT: the count goes in as text. */
      g_autofree char *tasks = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) s->tasks);

      g_string_append_printf (text, _(" · %s tasks per strategy, %s"), tasks,
                              ps_order_name (s->order));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static PsChartModel *
new_time_model (const PsScenario *s,
                const char       *title,
                PsChartScale      y_scale,
                PsChartUnit       y_unit,
                const char       *y_label)
{
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_TIME_SERIES);
  g_autofree char *summary = ps_run_scenario_summary (s);

  ps_chart_model_set_title (model, title);
  ps_chart_model_set_subtitle (model, summary);
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_SECONDS,
                           _("time since the run started"));
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, y_scale, y_unit, y_label);
  if (y_scale == PS_CHART_SCALE_LINEAR)
    ps_chart_model_set_axis_range (model, PS_CHART_AXIS_Y, 0, NAN);
  for (guint i = 0; i < s->n_strategies; i++)
    ps_chart_model_add_series (model, s->strategies[i].name);
  return model;
}

static PsChartModel *
new_histogram_model (const PsScenario *s)
{
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_XY);
  g_autofree char *summary = ps_run_scenario_summary (s);

  ps_chart_model_set_title (model, _("Latency distribution"));
  ps_chart_model_set_subtitle (model, summary);
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X, PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS,
                           _("latency, submit to completion"));
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_PERCENT,
                           _("share of tasks"));
  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_Y, 0, NAN);
  for (guint i = 0; i < s->n_strategies; i++)
    ps_chart_model_add_series (model, s->strategies[i].name);
  return model;
}

PsChartModel *
ps_run_chart_new (PsRunChart        chart,
                  const PsScenario *s)
{
  switch (chart)
    {
    case PS_RUN_CHART_THROUGHPUT:
      return new_time_model (s, _("Throughput"), PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_RATE,
                             _("tasks/s"));
    case PS_RUN_CHART_P99:
      return new_time_model (s, _("Latency p99"), PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS,
                             _("p99 latency"));
    case PS_RUN_CHART_WAIT:
      return new_time_model (s, _("Contention: wait share"), PS_CHART_SCALE_LINEAR,
                             PS_CHART_UNIT_PERCENT, _("wait share"));
    case PS_RUN_CHART_HOLD:
      return new_time_model (s, _("Contention: hold share"), PS_CHART_SCALE_LINEAR,
                             PS_CHART_UNIT_PERCENT, _("hold share"));
    case PS_RUN_CHART_RUNNABLE:
      return new_time_model (s, _("Waiting for a CPU"), PS_CHART_SCALE_LINEAR,
                             PS_CHART_UNIT_PERCENT, _("runnable share"));
    case PS_RUN_CHART_HISTOGRAM:
    case PS_N_RUN_CHARTS:
    default:
      return new_histogram_model (s);
    }
}

gboolean
ps_run_chart_append (PsChartModel   *model,
                     PsRunChart      chart,
                     const PsSample *sample)
{
  double y;

  switch (chart)
    {
    case PS_RUN_CHART_THROUGHPUT:
      y = sample->throughput_per_s;
      break;
    case PS_RUN_CHART_P99:
      /* No task finished in the period means no latency, not a latency of zero. */
      if (!isfinite (sample->latency_p99_us) || sample->latency_p99_us <= 0)
        return FALSE;
      y = sample->latency_p99_us / 1e6;
      break;
    case PS_RUN_CHART_WAIT:
      y = sample->wait_share_pct;
      break;
    case PS_RUN_CHART_HOLD:
      y = sample->hold_share_pct;
      break;
    case PS_RUN_CHART_RUNNABLE:
      y = sample->time_breakdown_pct.runnable;
      break;
    case PS_RUN_CHART_HISTOGRAM:
    case PS_N_RUN_CHARTS:
    default:
      return FALSE;
    }
  if (sample->strategy >= ps_chart_model_get_n_series (model))
    return FALSE;
  ps_chart_model_append (model, sample->strategy, sample->t_s, y);
  return TRUE;
}

/* Each strategy's whole-run latency bins as a line over the bins' midpoints, from its first
 * non-empty bin to its last. */
void
ps_run_chart_show_histogram (PsChartModel   *model,
                             const PsReport *report)
{
  for (guint i = 0; i < report->n_strategies && i < ps_chart_model_get_n_series (model); i++)
    {
      const PsResult *r = &report->strategies[i].total;
      guint first = PS_LATENCY_BINS, last = 0;

      ps_chart_model_clear_series (model, i);
      if (r->tasks_completed == 0)
        continue;
      for (guint b = 0; b < PS_LATENCY_BINS; b++)
        if (r->latency_bins.counts[b] > 0)
          {
            first = MIN (first, b);
            last = b;
          }
      for (guint b = first; b <= last; b++)
        {
          double mid_ns = (ps_latency_bin_low_ns (b) + ps_latency_bin_low_ns (b + 1)) / 2;

          ps_chart_model_append (model, i, mid_ns / NS_PER_S,
                                 100.0 * r->latency_bins.counts[b] / r->tasks_completed);
        }
    }
}
