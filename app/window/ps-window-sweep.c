/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-sweep.c: PsWindow's Sweep view. The person picks the knob to vary, its range and
 * points; the strategies and every other knob come from the sidebar. A PsSweepSession measures
 * the grid and then bisects each crossing, and every point appears on the chart as it arrives,
 * with its confidence band; the bracket of each crossing narrows live, and at the end each
 * crossing is a marker with its interval and a sentence (or the sentence says who wins
 * throughout), with the thread-count fits drawn dashed when the machine allowed them.
 */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-run-charts.h"
#include "ps-sweep-format.h"
#include "ps-window-private.h"

/* One plotted point: the sweep's point reduced to what the two charts draw. */
typedef struct
{
  double x;        /* in the chart's unit (seconds for durations) */
  double mean;     /* the compared metric, seconds */
  double lo, hi;   /* its 95% confidence interval */
  double wait_pct; /* contention: wait share of the median repetition; NaN without a result */
} SweepPlotPoint;

/* A sensible first range for each sweepable knob, in its base unit: the mission's four span the
 * seeds' experiments (64 B to 1 MiB messages, 100 ns to 1 ms of work, 0.1 to 10 ms of I/O). */
typedef struct
{
  PsKnob knob;
  double from, to;
  guint points;
  gboolean log;
} SweepDefault;

static const SweepDefault sweep_defaults[] = {
  { PS_KNOB_PAYLOAD, 64, 1 << 20, 7, TRUE },
  { PS_KNOB_WORK, 100, 1e6, 7, TRUE },
  { PS_KNOB_THREADS, 1, 8, 8, FALSE },
  { PS_KNOB_ISOLATES, 1, 8, 8, FALSE },
  { PS_KNOB_IO_DELAY, 1e5, 1e7, 5, TRUE },
  { PS_KNOB_TENANTS, 1, 1024, 6, TRUE },
  { PS_KNOB_BATCH_SIZE, 1, 1024, 6, TRUE },
  { PS_KNOB_HEAP, 64 << 10, 64 << 20, 6, TRUE },
  { PS_KNOB_INIT, 1e4, 1e7, 6, TRUE },
  { PS_KNOB_RATE, 1e3, 1e5, 5, TRUE },
};

/* The swept knobs in the dropdown's order: the table above, then any other the engine sweeps. */
static guint
list_sweep_knobs (PsKnob *knobs)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sweep_defaults); i++)
    knobs[n++] = sweep_defaults[i].knob;
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < n; i++)
        listed |= knobs[i] == (PsKnob) k;
      if (!listed && ps_knob_info (k)->sweepable)
        knobs[n++] = k;
    }
  return n;
}

static SweepDefault
default_for (PsKnob knob)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  SweepDefault d = { knob, info->min, info->max, 5, FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (sweep_defaults); i++)
    if (sweep_defaults[i].knob == knob)
      return sweep_defaults[i];
  return d;
}

static PsKnob
selected_knob (PsWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->sweep_knob_dropdown);

  return i < self->n_sweep_knobs ? self->sweep_knobs[i] : PS_KNOB_PAYLOAD;
}

static void
set_entry_value (GtkEditable      *entry,
                 const PsKnobInfo *info,
                 double            value)
{
  char text[64];

  ps_knob_format (info, value, text, sizeof text);
  gtk_editable_set_text (entry, text);
}

static void show_empty_charts (PsWindow *self,
                               PsKnob    knob,
                               gboolean  log);

static void
on_knob_selected (GtkDropDown *dropdown,
                  GParamSpec  *pspec,
                  PsWindow    *self)
{
  SweepDefault d = default_for (selected_knob (self));
  const PsKnobInfo *info = ps_knob_info (d.knob);

  g_assert (PS_IS_WINDOW (self));

  /* Before the first sweep the empty charts already show the knob's axis. */
  if (self->sweep_session == NULL)
    show_empty_charts (self, d.knob, d.log);
  set_entry_value (GTK_EDITABLE (self->sweep_from_entry), info, d.from);
  set_entry_value (GTK_EDITABLE (self->sweep_to_entry), info, d.to);
  gtk_spin_button_set_value (self->sweep_points_spin, d.points);
  gtk_check_button_set_active (self->sweep_log_check, d.log);
  gtk_widget_set_tooltip_text (GTK_WIDGET (dropdown), info->help);
}

static const char *
strategy_name (PsWindow *self,
               guint     strategy)
{
  const PsSweepConfig *config = ps_sweep_session_get_config (self->sweep_session);

  if (strategy < config->base.n_strategies)
    return config->base.strategies[strategy].name;
  return config->reference;
}

/* The sweep's strategies: the config's, then the reference when it is not among them. */
static guint
n_sweep_strategies (const PsSweepConfig *config)
{
  for (guint i = 0; i < config->base.n_strategies; i++)
    if (g_strcmp0 (config->base.strategies[i].name, config->reference) == 0)
      return config->base.n_strategies;
  return config->base.n_strategies + 1;
}

static PsChartModel *
new_sweep_model (const PsSweepConfig *config,
                 const char          *title,
                 const char          *subtitle,
                 PsChartScale         y_scale,
                 PsChartUnit          y_unit,
                 const char          *y_label)
{
  const PsKnobInfo *info = ps_knob_info (config->knob);
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_XY);
  double scale;

  ps_chart_model_set_title (model, title);
  ps_chart_model_set_subtitle (model, subtitle);
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X,
                           config->spacing == PS_SWEEP_LOG ? PS_CHART_SCALE_LOG
                                                           : PS_CHART_SCALE_LINEAR,
                           ps_sweep_knob_chart_unit (info, &scale),
                           _ps_window_knob_label (config->knob));
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, y_scale, y_unit, y_label);
  if (y_scale == PS_CHART_SCALE_LINEAR)
    ps_chart_model_set_axis_range (model, PS_CHART_AXIS_Y, 0, NAN);
  for (guint i = 0; i < config->base.n_strategies; i++)
    ps_chart_model_add_series (model, config->base.strategies[i].name);
  if (config->reference[0] != '\0' && n_sweep_strategies (config) > config->base.n_strategies)
    ps_chart_model_add_series (model, config->reference);
  return model;
}

static const char *
metric_axis_label (PsSweepMetric metric)
{
  switch (metric)
    {
    case PS_SWEEP_METRIC_LATENCY_P50:
      return _("p50 latency (lower is better)");
    case PS_SWEEP_METRIC_LATENCY_P99:
      return _("p99 latency (lower is better)");
    case PS_SWEEP_METRIC_TIME_PER_TASK:
    case PS_SWEEP_METRIC_COUNT:
    default:
      return _("time per task (lower is better)");
    }
}

static void
set_models (PsWindow     *self,
            PsChartModel *model,
            PsChartModel *contention)
{
  g_clear_pointer (&self->sweep_model, ps_chart_model_unref);
  g_clear_pointer (&self->sweep_contention_model, ps_chart_model_unref);
  self->sweep_model = model;
  self->sweep_contention_model = contention;
  ps_chart_model_set_regime_backdrop (contention, TRUE);
  ps_chart_set_model (self->sweep_chart, model);
  ps_chart_set_model (self->sweep_contention_chart, contention);
}

static void
show_empty_charts (PsWindow *self,
                   PsKnob    knob,
                   gboolean  log)
{
  PsSweepConfig config;

  ps_sweep_config_init (&config);
  config.base.n_strategies = 0;
  config.knob = knob;
  config.spacing = log ? PS_SWEEP_LOG : PS_SWEEP_LINEAR;
  config.reference[0] = '\0';
  set_models (self,
              new_sweep_model (&config, _("No sweep yet"), NULL, PS_CHART_SCALE_LOG,
                               PS_CHART_UNIT_SECONDS, metric_axis_label (config.metric)),
              new_sweep_model (&config, _("Contention: wait share"), NULL,
                               PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_PERCENT, _("wait share")));
}

static void
begin_charts (PsWindow *self)
{
  const PsSweepConfig *config = ps_sweep_session_get_config (self->sweep_session);
  g_autofree char *summary = ps_run_scenario_summary (&config->base);
  g_autofree char *title = NULL;

  /* Translators: "Time per task against Payload" */
  title = g_strdup_printf (_("%s against %s"), ps_sweep_metric_label (config->metric),
                           _ps_window_knob_label (config->knob));
  title[0] = g_ascii_toupper (title[0]);
  set_models (self,
              new_sweep_model (config, title, summary, PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS,
                               metric_axis_label (config->metric)),
              new_sweep_model (config, _("Contention: wait share"), summary,
                               PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_PERCENT, _("wait share")));

  for (guint i = 0; i < G_N_ELEMENTS (self->sweep_points); i++)
    g_clear_pointer (&self->sweep_points[i], g_array_unref);
  for (guint i = 0; i < n_sweep_strategies (config); i++)
    self->sweep_points[i] = g_array_new (FALSE, FALSE, sizeof (SweepPlotPoint));
  g_array_set_size (self->sweep_brackets, 0);
}

static int
compare_plot_points (gconstpointer a,
                     gconstpointer b)
{
  double xa = ((const SweepPlotPoint *) a)->x, xb = ((const SweepPlotPoint *) b)->x;

  return (xa > xb) - (xa < xb);
}

/* Points arrive out of order (bisection fills gaps), so a series is redrawn from its points
 * sorted by x: a line through them in arrival order would zigzag. */
static void
replot_series (PsWindow *self,
               guint     strategy)
{
  GArray *points = self->sweep_points[strategy];

  g_array_sort (points, compare_plot_points);
  ps_chart_model_clear_series (self->sweep_model, strategy);
  ps_chart_model_clear_series (self->sweep_contention_model, strategy);
  for (guint i = 0; i < points->len; i++)
    {
      const SweepPlotPoint *p = &g_array_index (points, SweepPlotPoint, i);

      ps_chart_model_append_interval (self->sweep_model, strategy, p->x, p->mean, p->lo, p->hi);
      if (!isnan (p->wait_pct))
        ps_chart_model_append (self->sweep_contention_model, strategy, p->x, p->wait_pct);
    }
}

/* Writes a measured or interpolated value of the swept knob for reading ("14.7 µs"). */
static char *
dup_knob_value (PsKnob knob,
                double value)
{
  char text[64];

  ps_knob_format_approx (ps_knob_info (knob), value, text, sizeof text);
  return g_strdup (text);
}

static char *
dup_crossing_sentence (PsWindow              *self,
                       const PsSweepCrossing *c)
{
  const PsSweepConfig *config = ps_sweep_session_get_config (self->sweep_session);
  g_autofree char *x = dup_knob_value (config->knob, c->x);
  g_autofree char *lo = dup_knob_value (config->knob, c->x_low);
  g_autofree char *hi = dup_knob_value (config->knob, c->x_high);
  const char *knob = _ps_window_knob_label (config->knob);

  if (c->direction == PS_SWEEP_BEATS_ABOVE)
    /* Translators: "queue beats single when Work per task is above 18 µs (between 14 µs and
     * 38 µs)" */
    return g_strdup_printf (_("%s beats %s when %s is above %s (between %s and %s)"),
                            strategy_name (self, c->strategy), strategy_name (self, c->reference),
                            knob, x, lo, hi);
  return g_strdup_printf (_("%s beats %s when %s is below %s (between %s and %s)"),
                          strategy_name (self, c->strategy), strategy_name (self, c->reference),
                          knob, x, lo, hi);
}

static void
add_break_even (PsWindow              *self,
                const PsSweepCrossing *c)
{
  const PsSweepConfig *config = ps_sweep_session_get_config (self->sweep_session);
  g_autofree char *label = NULL;
  double scale;

  ps_sweep_knob_chart_unit (ps_knob_info (config->knob), &scale);
  /* Translators: a break-even marker's label, "queue ↔ single" */
  label = g_strdup_printf (_("%s ↔ %s"), strategy_name (self, c->strategy),
                           strategy_name (self, c->reference));
  ps_chart_model_add_break_even (self->sweep_model, c->x * scale, c->x_low * scale,
                                 c->x_high * scale, label);
}

/* While bisecting, each crossing's current bracket is drawn; a new step replaces the bracket it
 * narrowed (the same strategy, overlapping) or adds one. */
static void
update_bracket (PsWindow              *self,
                const PsSweepCrossing *crossing)
{
  guint i;

  for (i = 0; i < self->sweep_brackets->len; i++)
    {
      PsSweepCrossing *b = &g_array_index (self->sweep_brackets, PsSweepCrossing, i);

      if (b->strategy == crossing->strategy && crossing->x_low <= b->x_high
          && b->x_low <= crossing->x_high)
        {
          *b = *crossing;
          break;
        }
    }
  if (i == self->sweep_brackets->len)
    g_array_append_val (self->sweep_brackets, *crossing);

  ps_chart_model_clear_annotations (self->sweep_model);
  for (i = 0; i < self->sweep_brackets->len; i++)
    add_break_even (self, &g_array_index (self->sweep_brackets, PsSweepCrossing, i));
}

/* The sweep charts are not live (they would redraw every frame for a point every second or so):
 * each change is pushed to them. */
static void
redraw_charts (PsWindow *self)
{
  ps_chart_queue_model_update (self->sweep_chart);
  ps_chart_queue_model_update (self->sweep_contention_chart);
}

static void
update_status (PsWindow *self)
{
  PsSweepSession *session = self->sweep_session;
  guint done = ps_sweep_session_get_grid_done (session);
  guint total = ps_sweep_session_get_grid_total (session);
  double left = ps_sweep_session_get_seconds_left (session);
  g_autofree char *text = NULL;

  if (!ps_sweep_session_is_running (session))
    return;
  if (total == 0)
    text = g_strdup (_("Measuring the first point…"));
  else if (done < total && !isnan (left))
    /* Translators: "Measuring: 4 of 12 points, about 6 s left" */
    text = g_strdup_printf (_("Measuring: %u of %u points, about %.0f s left"), done, total,
                            ceil (left));
  else
    text = g_strdup (_("Refining the crossings by bisection…"));
  gtk_label_set_label (self->sweep_status_label, text);
  gtk_progress_bar_set_fraction (self->sweep_progress_bar, total > 0 ? (double) done / total : 0);
}

static gboolean
on_status_tick (gpointer user_data)
{
  PsWindow *self = user_data;

  g_assert (PS_IS_WINDOW (self));

  update_status (self);
  return G_SOURCE_CONTINUE;
}

static void
on_sweep_point (PsSweepSession        *session,
                guint                  strategy,
                const PsSweepPoint    *point,
                const PsSweepCrossing *crossing,
                PsWindow              *self)
{
  const PsSweepConfig *config = ps_sweep_session_get_config (session);
  SweepPlotPoint p;
  double scale;

  g_assert (PS_IS_WINDOW (self));

  if (strategy >= G_N_ELEMENTS (self->sweep_points) || self->sweep_points[strategy] == NULL)
    return;
  ps_sweep_knob_chart_unit (ps_knob_info (config->knob), &scale);
  p.x = point->x * scale;
  p.mean = point->mean_s;
  p.lo = point->ci_low;
  p.hi = point->ci_high;
  p.wait_pct = point->has_result ? point->result.wait_share_pct : NAN;
  g_array_append_val (self->sweep_points[strategy], p);
  replot_series (self, strategy);
  self->sweep_busy_points += point->disturbed > 0;
  if (crossing != NULL)
    update_bracket (self, crossing);
  redraw_charts (self);
  update_status (self);
}

/* The sentence for a strategy with no crossing: who is faster at every measured value, or that
 * neither is throughout. */
static char *
dup_no_crossing_sentence (PsWindow            *self,
                          const PsSweepReport *report,
                          guint                s)
{
  const PsSweepSeries *a = &report->series[s], *r = &report->series[report->reference];
  const char *name = strategy_name (self, s), *ref = strategy_name (self, report->reference);
  guint faster = 0, slower = 0;

  for (guint i = 0; i < a->n_points; i++)
    {
      const PsSweepPoint *q = ps_sweep_series_find (r, a->points[i].x);

      if (q == NULL)
        continue;
      faster += a->points[i].ci_high < q->ci_low;
      slower += a->points[i].ci_low > q->ci_high;
    }
  if (faster > 0 && slower == 0)
    /* Translators: "queue: no crossing with single in range; queue is faster throughout" */
    return g_strdup_printf (_("%s: no crossing with %s in range; %s is faster throughout"),
                            name, ref, name);
  if (slower > 0 && faster == 0)
    return g_strdup_printf (_("%s: no crossing with %s in range; %s is faster throughout"),
                            name, ref, ref);
  return g_strdup_printf (_("%s: no crossing with %s in range; the two are within each other's "
                            "confidence intervals where they do not differ"), name, ref);
}

/* Thread-count fits: dashed curves of the time per task they predict, and a sentence. */
static void
add_fits (PsWindow            *self,
          const PsSweepReport *report,
          guint                s,
          GString             *findings)
{
  const PsSweepFits *fits = &report->series[s].fits;
  const char *name = strategy_name (self, s);

  if (report->knob != PS_KNOB_THREADS || s == report->reference)
    return;
  if (fits->scaling_skipped != NULL)
    {
      /* Translators: "queue: no Amdahl or USL fit (…the engine's reason…)" */
      g_string_append_printf (findings, _("%s: no Amdahl or USL fit (%s)"), name,
                              fits->scaling_skipped);
      g_string_append_c (findings, '\n');
      return;
    }
  if (fits->has_usl)
    {
      const PsScalingFit *u = &fits->usl;
      g_autofree char *curve = g_strdup_printf (_("%s, USL fit"), name);
      guint series = ps_chart_model_add_model_curve (self->sweep_model, curve, s);
      double best = u->kappa > 0 ? sqrt ((1 - u->sigma) / u->kappa) : INFINITY;

      for (guint i = 0; i < report->n_values; i++)
        {
          double n = report->values[i];
          double x = u->lambda * n / (1 + u->sigma * (n - 1) + u->kappa * n * (n - 1));

          ps_chart_model_append (self->sweep_model, series, n, 1 / x);
        }
      if (isfinite (best))
        g_string_append_printf (findings,
                                _("%s: USL σ = %.3f, κ = %.4f (R² %.2f), best at about %.0f "
                                  "threads"), name, u->sigma, u->kappa, u->r2, best);
      else
        g_string_append_printf (findings, _("%s: USL σ = %.3f, κ = 0 (R² %.2f): no peak"),
                                name, u->sigma, u->r2);
      g_string_append_c (findings, '\n');
    }
}

static void
show_findings (PsWindow            *self,
               const PsSweepReport *report)
{
  g_autoptr (GString) findings = g_string_new (NULL);

  ps_chart_model_clear_annotations (self->sweep_model);
  for (guint i = 0; i < report->n_crossings; i++)
    {
      g_autofree char *sentence = dup_crossing_sentence (self, &report->crossings[i]);

      add_break_even (self, &report->crossings[i]);
      g_string_append_printf (findings, "%s\n", sentence);
    }
  for (guint s = 0; s < report->n_series; s++)
    {
      gboolean crossed = FALSE;

      for (guint i = 0; i < report->n_crossings; i++)
        crossed |= report->crossings[i].strategy == s;
      if (s != report->reference && !crossed && report->series[s].n_points > 0)
        {
          g_autofree char *sentence = dup_no_crossing_sentence (self, report, s);

          g_string_append_printf (findings, "%s\n", sentence);
        }
      add_fits (self, report, s, findings);
    }
  if (findings->len > 0)
    g_string_truncate (findings, findings->len - 1);
  gtk_label_set_label (self->sweep_findings_label, findings->str);
  gtk_widget_set_visible (GTK_WIDGET (self->sweep_findings_label), findings->len > 0);
  redraw_charts (self);
}

/* The end of a sweep, measured here or recorded elsewhere (@recorded says where and when). */
static void
finish_sweep (PsWindow       *self,
              PsSweepSession *session,
              int             code,
              const char     *recorded)
{
  const PsSweepReport *report = ps_sweep_session_get_report (session);
  g_autoptr (GString) status = g_string_new (NULL);
  guint points = 0, bisections = 0;

  g_assert (PS_IS_WINDOW (self));

  g_clear_handle_id (&self->sweep_status_id, g_source_remove);
  for (guint s = 0; s < report->n_series; s++)
    for (guint i = 0; i < report->series[s].n_points; i++)
      {
        points++;
        bisections += report->series[s].points[i].bisection;
      }
  if (code == 0)
    /* Translators: "Done in 7.2 s: 14 points, 4 of them bisecting a crossing." */
    g_string_append_printf (status, _("Done in %.1f s: %u points, %u of them bisecting a "
                                      "crossing."), report->wall_s, points, bisections);
  else if (code == PS_ECANCELED)
    g_string_append_printf (status, _("Stopped after %.1f s: the %u points measured are kept."),
                            report->wall_s, points);
  else
    g_string_append_printf (status, _("The sweep failed (%s); the %u points measured are "
                                      "kept."), ps_strerror (code), points);
  if (self->sweep_busy_points > 0)
    g_string_append_printf (status, " %s",
                            _("Some points were measured while other programs kept the machine "
                              "busy (after three tries): they may be off."));
  if (recorded != NULL)
    g_string_append_printf (status, " (%s)", recorded);
  gtk_label_set_label (self->sweep_status_label, status->str);
  gtk_progress_bar_set_fraction (self->sweep_progress_bar, 1);
  show_findings (self, report);
  if (points > 0)
    _ps_window_history_add_sweep (self, session, recorded);
  _ps_window_update_actions (self);
}

static void
on_sweep_finished (PsSweepSession *session,
                   int             code,
                   PsWindow       *self)
{
  finish_sweep (self, session, code, NULL);
}

static void
show_sweep_error (PsWindow   *self,
                  const char *message)
{
  gtk_label_set_label (self->sweep_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->sweep_error_label), message != NULL);
}

/* Reads one end of the range as the knob table parses it, or says what is wrong with it. */
static gboolean
parse_end (PsWindow    *self,
           GtkEditable *entry,
           const char  *which,
           double      *value)
{
  const PsKnobInfo *info = ps_knob_info (selected_knob (self));
  char message[256];
  g_autofree char *text = NULL;

  if (ps_knob_parse (info, gtk_editable_get_text (entry), value, message, sizeof message) == 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      return TRUE;
    }
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  /* Translators: "Sweep from: …the knob table's message…" */
  text = g_strdup_printf (_("Sweep %s: %s"), which, message);
  show_sweep_error (self, text);
  return FALSE;
}

static gboolean
build_config (PsWindow      *self,
              PsSweepConfig *config)
{
  ps_sweep_config_init (config);
  config->base = self->scenario;
  /* Each repetition runs one strategy; the sweep itself makes them take turns at each value. */
  config->base.order = PS_ORDER_SEQUENTIAL;
  config->knob = selected_knob (self);
  config->spacing = gtk_check_button_get_active (self->sweep_log_check) ? PS_SWEEP_LOG
                                                                         : PS_SWEEP_LINEAR;
  config->points = gtk_spin_button_get_value_as_int (self->sweep_points_spin);
  /* An open-loop scenario completes one task per arrival whatever the strategy: compare the
   * median latency instead, as the CLI does. */
  if (config->base.rate > 0 || config->knob == PS_KNOB_RATE)
    config->metric = PS_SWEEP_METRIC_LATENCY_P50;
  /* A window sweep is for exploring: a ±10% interval and at most 10 repetitions keep a 7-point
   * sweep of three strategies near half a minute. */
  config->ci_target = 0.10;
  config->max_reps = 10;
  return parse_end (self, GTK_EDITABLE (self->sweep_from_entry), _("from"), &config->from)
         && parse_end (self, GTK_EDITABLE (self->sweep_to_entry), _("to"), &config->to);
}

/* Connects @session to the Sweep view and starts its charts afresh. */
static void
adopt_session (PsWindow       *self,
               PsSweepSession *session)
{
  if (self->sweep_session != NULL)
    g_signal_handlers_disconnect_by_data (self->sweep_session, self);
  g_set_object (&self->sweep_session, session);
  g_signal_connect (session, "point", G_CALLBACK (on_sweep_point), self);
  g_signal_connect (session, "finished", G_CALLBACK (on_sweep_finished), self);
  g_signal_connect_swapped (session, "notify::running", G_CALLBACK (_ps_window_update_actions),
                            self);
  begin_charts (self);
  self->sweep_busy_points = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->sweep_findings_label), FALSE);
}

/**
 * _ps_window_sweep_show_recorded:
 * @session: a finished session of a sweep measured elsewhere (ps_sweep_session_new_recorded())
 * @recorded: where and when, for the status line and the history
 *
 * Shows the sweep as if it had just run here: its range, every point, its crossings and fits;
 * it joins the history.
 */
void
_ps_window_sweep_show_recorded (PsWindow       *self,
                                PsSweepSession *session,
                                const char     *recorded)
{
  const PsSweepReport *report = ps_sweep_session_get_report (session);

  g_assert (PS_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "sweep");
  show_sweep_error (self, NULL);
  _ps_window_sweep_show_config (self, ps_sweep_session_get_config (session));
  adopt_session (self, session);
  for (guint s = 0; s < report->n_series; s++)
    for (guint i = 0; i < report->series[s].n_points; i++)
      on_sweep_point (session, s, &report->series[s].points[i], NULL, self);
  finish_sweep (self, session, ps_sweep_session_get_code (session), recorded);
}

/* win.sweep: measures the range set in the Sweep view over the sidebar's scenario. */
void
_ps_window_sweep_start (PsWindow *self)
{
  PsSweepConfig config;
  g_autoptr (GError) error = NULL;
  g_autoptr (PsSweepSession) session = NULL;

  g_assert (PS_IS_WINDOW (self));

  if (_ps_window_is_busy (self))
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "sweep");
  show_sweep_error (self, NULL);
  if (!build_config (self, &config))
    return;
  session = ps_sweep_session_new (&config, &error);
  if (session == NULL)
    {
      show_sweep_error (self, error->message);
      return;
    }
  adopt_session (self, session);
  if (!ps_sweep_session_start (session, &error))
    {
      show_sweep_error (self, error->message);
      return;
    }
  self->sweep_status_id = g_timeout_add_seconds (1, on_status_tick, self);
  update_status (self);
}

void
_ps_window_sweep_stop (PsWindow *self)
{
  g_assert (PS_IS_WINDOW (self));

  if (self->sweep_session != NULL)
    ps_sweep_session_stop (self->sweep_session);
}

gboolean
_ps_window_is_sweeping (PsWindow *self)
{
  g_assert (PS_IS_WINDOW (self));

  return self->sweep_session != NULL && ps_sweep_session_is_running (self->sweep_session);
}

static void
on_range_activate (PsWindow *self)
{
  g_assert (PS_IS_WINDOW (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.sweep", NULL);
}

void
_ps_window_sweep_init (PsWindow *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  g_assert (PS_IS_WINDOW (self));

  self->sweep_brackets = g_array_new (FALSE, FALSE, sizeof (PsSweepCrossing));
  self->n_sweep_knobs = list_sweep_knobs (self->sweep_knobs);
  for (guint i = 0; i < self->n_sweep_knobs; i++)
    gtk_string_list_append (labels, _ps_window_knob_label (self->sweep_knobs[i]));
  gtk_drop_down_set_model (self->sweep_knob_dropdown, G_LIST_MODEL (labels));
  g_signal_connect (self->sweep_knob_dropdown, "notify::selected",
                    G_CALLBACK (on_knob_selected), self);
  on_knob_selected (self->sweep_knob_dropdown, NULL, self);
  /* Enter in either end of the range starts the sweep, as in a form. */
  g_signal_connect_swapped (self->sweep_from_entry, "activate",
                            G_CALLBACK (on_range_activate), self);
  g_signal_connect_swapped (self->sweep_to_entry, "activate",
                            G_CALLBACK (on_range_activate), self);
}

/* Shows @config's knob and range in the controls, as a re-run of that sweep starts from. */
void
_ps_window_sweep_show_config (PsWindow            *self,
                              const PsSweepConfig *config)
{
  const PsKnobInfo *info = ps_knob_info (config->knob);

  g_assert (PS_IS_WINDOW (self));

  for (guint i = 0; i < self->n_sweep_knobs; i++)
    if (self->sweep_knobs[i] == config->knob)
      gtk_drop_down_set_selected (self->sweep_knob_dropdown, i);
  set_entry_value (GTK_EDITABLE (self->sweep_from_entry), info, config->from);
  set_entry_value (GTK_EDITABLE (self->sweep_to_entry), info, config->to);
  gtk_spin_button_set_value (self->sweep_points_spin, config->points);
  gtk_check_button_set_active (self->sweep_log_check, config->spacing == PS_SWEEP_LOG);
}

/* Stops the sweep and waits for it (dispose joins its thread), before the window goes. */
void
_ps_window_sweep_dispose (PsWindow *self)
{
  g_clear_handle_id (&self->sweep_status_id, g_source_remove);
  if (self->sweep_session != NULL)
    g_signal_handlers_disconnect_by_data (self->sweep_session, self);
  g_clear_object (&self->sweep_session);
  g_clear_pointer (&self->sweep_model, ps_chart_model_unref);
  g_clear_pointer (&self->sweep_contention_model, ps_chart_model_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->sweep_points); i++)
    g_clear_pointer (&self->sweep_points[i], g_array_unref);
  g_clear_pointer (&self->sweep_brackets, g_array_unref);
}

/* Test hooks. */
PsSweepSession *
ps_window_get_sweep_session (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return self->sweep_session;
}

PsChartModel *
ps_window_get_sweep_model (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return self->sweep_model;
}

const char *
ps_window_get_sweep_findings (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return gtk_label_get_label (self->sweep_findings_label);
}
