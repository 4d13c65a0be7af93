/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-charts.c: PsWindow's live view. Feeds each session sample into the throughput chart
 * and the measure charts, with the warm-up band, the gaps where a strategy sat out a time slice,
 * and a marker for each live knob change.
 */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-run-charts.h"
#include "ps-window-private.h"


/* The run chart a measure of the second chart shows: the same order, after throughput. */
static PsRunChart
measure_chart (PsMeasure measure)
{
  G_STATIC_ASSERT (PS_RUN_CHART_P99 == 1 + PS_MEASURE_P99);
  G_STATIC_ASSERT (PS_RUN_CHART_HISTOGRAM == 1 + PS_MEASURE_HISTOGRAM);

  return (PsRunChart) (1 + measure);
}

const char *
_ps_window_measure_caption (PsMeasure measure)
{
  switch (measure)
    {
    case PS_MEASURE_P99:
      return _("99th percentile of task latency, from submit to completion, over each sample "
               "period (log scale). Gaps mean no task of that strategy finished in the period.");
    case PS_MEASURE_WAIT:
      return _("Wait share: time blocked acquiring an isolate or lock ÷ total thread time, over "
               "each sample period. Time parked on an empty queue is idle, not contention.");
    case PS_MEASURE_HOLD:
      return _("Hold share: time the shared isolates were held ÷ (wall time × their number), over "
               "each sample period. Strategies without a shared pool show 0; the GIL's hold is "
               "reported apart.");
    case PS_MEASURE_RUNNABLE:
      return _("Waiting for a CPU: time the workers were ready to run but the kernel had no core "
               "for them (its run-queue delay, /proc/thread-self/schedstat) ÷ total thread time, "
               "over each sample period. High when threads outnumber cores.");
    case PS_MEASURE_HISTOGRAM:
      return _("Latency distribution: the share of each strategy's measured tasks by latency, "
               "from submit to completion, in bins of half a power of two (log scale), from the "
               "engine's histogram of the whole run. Drawn when the run ends.");
    case PS_N_MEASURES:
    default:
      return "";
    }
}

/* Shows PsWindow:measure in the dropdown, the caption and the second chart. */
void
_ps_window_show_measure (PsWindow *self)
{
  g_assert (PS_IS_WINDOW (self));

  if (gtk_drop_down_get_selected (self->measure_dropdown) != self->measure)
    gtk_drop_down_set_selected (self->measure_dropdown, self->measure);
  gtk_label_set_label (self->measure_caption, _ps_window_measure_caption (self->measure));
  if (self->measure_models[self->measure] != NULL)
    ps_chart_set_model (self->measure_chart, self->measure_models[self->measure]);
}

/* The dropdown drives win.measure, as the menu's radio items do. */
static void
on_measure_selected (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     PsWindow    *self)
{
  const char *name = _ps_window_measure_name (gtk_drop_down_get_selected (dropdown));

  g_assert (PS_IS_WINDOW (self));

  if (name != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.measure", "s", name);
}

static void
set_warmup_band (PsWindow *self)
{
  g_assert (PS_IS_WINDOW (self));

  ps_chart_model_set_warmup (self->throughput_model, self->warmup_t0, self->warmup_t1);
  for (guint m = 0; m < PS_N_TIME_MEASURES; m++)
    ps_chart_model_set_warmup (self->measure_models[m], self->warmup_t0, self->warmup_t1);
}

/* Whether another strategy sampled after @series last did. Samples arrive in time order, so that
 * means @series sat out at least one of the others' time slices (interleaved order), while its
 * own consecutive segments (warm-up, then measuring; a knob change) follow on without a gap. */
static gboolean
sat_out_a_slice (const PsChartModel *model,
                 guint               series)
{
  double end, other_end;

  if (!ps_chart_model_get_series_end (model, series, &end))
    return FALSE;
  for (guint i = 0; i < ps_chart_model_get_n_series (model); i++)
    if (i != series && ps_chart_model_get_series_end (model, i, &other_end) && other_end > end)
      return TRUE;
  return FALSE;
}

/* One live sample onto the charts; @s is the run's scenario. */
void
_ps_window_charts_add_sample (PsWindow         *self,
                              const PsSample   *sample,
                              const PsScenario *s)
{
  double x = sample->t_s;
  guint series = sample->strategy;

  g_assert (PS_IS_WINDOW (self));

  if (series >= ps_chart_model_get_n_series (self->throughput_model))
    return;

  /* The band covers the warm-up samples actually seen: with interleaving, every strategy's
   * warm-up falls in the first slices. */
  if (sample->warmup)
    {
      if (isnan (self->warmup_t0))
        self->warmup_t0 = MAX (0, x - s->sample_ns / NS_PER_S);
      self->warmup_t1 = x;
      set_warmup_band (self);
    }

  /* Nothing was measured for this strategy while the others ran: a line across that stretch
   * would show throughput that never happened. Decided on the throughput chart, which gets a
   * point for every sample, and applied to every chart. */
  if (sat_out_a_slice (self->throughput_model, series))
    {
      ps_chart_model_break_series (self->throughput_model, series);
      for (guint m = 0; m < PS_N_TIME_MEASURES; m++)
        ps_chart_model_break_series (self->measure_models[m], series);
    }
  ps_run_chart_append (self->throughput_model, PS_RUN_CHART_THROUGHPUT, sample);
  for (guint m = 0; m < PS_N_TIME_MEASURES; m++)
    ps_run_chart_append (self->measure_models[m], measure_chart (m), sample);
  _ps_window_slice_means_add (self, sample);
}

static void
on_session_sample (PsSession      *session,
                   const PsSample *sample,
                   PsWindow       *self)
{
  _ps_window_keep_sample (self, sample);
  _ps_window_charts_add_sample (self, sample, ps_session_get_scenario (session));
}

/* The subtitles and the status line say what the run started with and every live change since:
 * an export that named only the starting knobs once described a run that mostly ran others. */
static void
note_live_change (PsWindow   *self,
                  PsKnob      knob,
                  const char *value,
                  double      t_s)
{
  g_autofree char *text = NULL;

  if (self->live_changes == NULL)
    self->live_changes = g_string_new (NULL);
  if (self->live_changes->len > 0)
    g_string_append (self->live_changes, ", ");
  /* Translators: a live knob change, e.g. "Threads 1 at 1.2 s" */
  g_string_append_printf (self->live_changes, _("%s %s at %.1f s"), _ps_window_knob_label (knob),
                          value, t_s);
  text = g_strdup_printf (_("%s; then %s"), self->run_summary, self->live_changes->str);
  ps_chart_model_set_subtitle (self->throughput_model, text);
  for (guint m = 0; m < PS_N_MEASURES; m++)
    ps_chart_model_set_subtitle (self->measure_models[m], text);
  gtk_label_set_label (self->status_label, text);
}

/* A marker on the time charts where a knob changed; each change (serial) is marked once. */
void
_ps_window_charts_mark_change (PsWindow *self,
                               int       knob,
                               double    value,
                               double    t_s,
                               guint64   serial)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  g_autofree char *label = NULL;
  char text[64];

  g_assert (PS_IS_WINDOW (self));

  /* A strategy's first segment is no change; with interleaving every strategy reports the same
   * change (same serial) as it next gets its slice, and one marker per change is enough. */
  if (info == NULL || serial <= self->last_marker_serial)
    return;
  self->last_marker_serial = serial;
  ps_knob_format (info, value, text, sizeof text);
  label = g_strdup_printf ("%s %s", info->name, text);
  ps_chart_model_add_marker (self->throughput_model, t_s, label);
  for (guint m = 0; m < PS_N_TIME_MEASURES; m++)
    ps_chart_model_add_marker (self->measure_models[m], t_s, label);
  note_live_change (self, knob, text, t_s);
}

static void
on_session_segment_opened (PsSession *session,
                           guint      strategy,
                           guint      segment,
                           int        knob,
                           double     value,
                           double     t_s,
                           guint64    serial,
                           PsWindow  *self)
{
  _ps_window_charts_mark_change (self, knob, value, t_s, serial);
}

/* Each strategy's whole-run latency distribution, once the run has ended. */
void
_ps_window_charts_show_histogram (PsWindow       *self,
                                  const PsReport *report)
{
  PsChartModel *model = self->measure_models[PS_MEASURE_HISTOGRAM];

  g_assert (PS_IS_WINDOW (self));

  if (model == NULL)
    return;
  ps_run_chart_show_histogram (model, report);
  ps_chart_queue_model_update (self->measure_chart);
}

/* Feeds the charts from whichever session the window's signal group points at. */
void
_ps_window_charts_init (PsWindow *self)
{
  g_assert (PS_IS_WINDOW (self));

  g_signal_group_connect (self->session_signals, "sample", G_CALLBACK (on_session_sample), self);
  g_signal_group_connect (self->session_signals, "segment-opened",
                          G_CALLBACK (on_session_segment_opened), self);
  g_signal_connect (self->measure_dropdown, "notify::selected", G_CALLBACK (on_measure_selected),
                    self);
  _ps_window_show_measure (self);
}

/* Fresh charts for a run of @s: a session's samples feed them once the signal group targets it,
 * a results file's through _ps_window_charts_add_sample(). */
void
_ps_window_charts_begin_run (PsWindow         *self,
                             const PsScenario *s)
{
  g_assert (PS_IS_WINDOW (self));

  g_clear_pointer (&self->throughput_model, ps_chart_model_unref);
  self->throughput_model = ps_run_chart_new (PS_RUN_CHART_THROUGHPUT, s);
  for (guint m = 0; m < PS_N_MEASURES; m++)
    {
      g_clear_pointer (&self->measure_models[m], ps_chart_model_unref);
      self->measure_models[m] = ps_run_chart_new (measure_chart (m), s);
    }
  self->warmup_t0 = self->warmup_t1 = NAN;
  self->last_marker_serial = 0;
  g_array_set_size (self->samples, 0);
  g_free (self->run_summary);
  self->run_summary = ps_run_scenario_summary (s);
  if (self->live_changes != NULL)
    g_string_truncate (self->live_changes, 0);
  _ps_window_slice_means_begin (self, s);

  ps_chart_set_model (self->throughput_chart, self->throughput_model);
  _ps_window_show_measure (self);
}
