/* ps-window.c: PsWindow, the scenario sidebar, the live view and the results table.
 *
 * The sidebar is generated from the engine's knob table, so every knob shows the engine's own
 * range, unit and help sentence. The window keeps one PsScenario that the sidebar edits; Run
 * copies it into a PsSession, and while that session runs, live knobs go straight to the engine.
 * The actions (run, stop, undo, export) live in ps-window-actions.c.
 */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-window-private.h"

G_DEFINE_FINAL_TYPE (PsWindow, ps_window, ADW_TYPE_APPLICATION_WINDOW)

#define NS_PER_S 1e9

/* A run of 3 s per strategy, interleaved in 200 ms slices, races single, shared and pinned
 * fairly on a 2-core machine and ends by itself after about 10 s. */
#define DEFAULT_DURATION_NS (3 * NS_PER_S)
#define DEFAULT_WARMUP_NS (0.5 * NS_PER_S)

/* The sidebar's groups, in order; each list ends at PS_KNOB_COUNT. Knobs not listed (task
 * counts, the sample period, tracking) belong to the CLI and to task-count runs. */
static const struct
{
  const char *title;
  const char *description;
  PsKnob knobs[10];
} knob_groups[] = {
  { N_("Concurrency"), NULL,
    { PS_KNOB_THREADS, PS_KNOB_ISOLATES, PS_KNOB_INFLIGHT, PS_KNOB_ACQUIRE, PS_KNOB_AFFINITY,
      PS_KNOB_COUNT } },
  { N_("Workload"), NULL,
    { PS_KNOB_PAYLOAD, PS_KNOB_TRANSFER, PS_KNOB_WORK, PS_KNOB_IO_DELAY,
      PS_KNOB_IO_WHILE_HOLDING, PS_KNOB_GIL, PS_KNOB_TENANTS, PS_KNOB_SKEW, PS_KNOB_COUNT } },
  { N_("Isolates"), NULL,
    { PS_KNOB_HEAP, PS_KNOB_INIT, PS_KNOB_CREATE_MODE, PS_KNOB_COUNT } },
  { N_("Run"), N_("Knobs here apply to the next run; the others can change while it runs"),
    { PS_KNOB_DURATION, PS_KNOB_WARMUP_TIME, PS_KNOB_ORDER, PS_KNOB_INTERLEAVE, PS_KNOB_SEED,
      PS_KNOB_COUNT } },
};

const char *
ps_window_knob_label (PsKnob knob)
{
  switch (knob)
    {
    case PS_KNOB_THREADS:          return _("Threads");
    case PS_KNOB_ISOLATES:         return _("Isolates");
    case PS_KNOB_INFLIGHT:         return _("Requests in flight");
    case PS_KNOB_BATCH_SIZE:       return _("Batch size");
    case PS_KNOB_BATCH_DEPTH:      return _("Batch depth");
    case PS_KNOB_AFFINITY:         return _("Affinity");
    case PS_KNOB_ACQUIRE:          return _("Acquire");
    case PS_KNOB_SPIN:             return _("Spin interval");
    case PS_KNOB_HEAP:             return _("Heap per isolate");
    case PS_KNOB_INIT:             return _("Isolate start-up");
    case PS_KNOB_CREATE_MODE:      return _("Creation");
    case PS_KNOB_PAYLOAD:          return _("Payload");
    case PS_KNOB_TRANSFER:         return _("Transfer");
    case PS_KNOB_WORK:             return _("Work per task");
    case PS_KNOB_IO_DELAY:         return _("I/O delay");
    case PS_KNOB_IO_WHILE_HOLDING: return _("I/O while holding");
    case PS_KNOB_GIL:              return _("Global interpreter lock");
    case PS_KNOB_POLL:             return _("Result polling");
    case PS_KNOB_TENANTS:          return _("Tenants");
    case PS_KNOB_SKEW:             return _("Tenant skew");
    case PS_KNOB_TASKS:            return _("Tasks");
    case PS_KNOB_DURATION:         return _("Duration per strategy");
    case PS_KNOB_WARMUP_TASKS:     return _("Warm-up tasks");
    case PS_KNOB_WARMUP_TIME:      return _("Warm-up");
    case PS_KNOB_SEED:             return _("Seed");
    case PS_KNOB_ORDER:            return _("Order");
    case PS_KNOB_INTERLEAVE:       return _("Time slice");
    case PS_KNOB_SAMPLE:           return _("Sample period");
    case PS_KNOB_COUNT:
    default:                       return "";
    }
}

/* The spin buttons' step, in the knob's base unit: one press is a change worth seeing. */
static double
knob_step (const PsKnobInfo *info)
{
  switch (info->knob)
    {
    case PS_KNOB_PAYLOAD:     return 1024;
    case PS_KNOB_HEAP:        return 4096;
    case PS_KNOB_WORK:        return 1e3;
    case PS_KNOB_INIT:        return 1e5;
    case PS_KNOB_SPIN:        return 1e4;
    case PS_KNOB_IO_DELAY:    return 1e6;
    case PS_KNOB_POLL:        return 1e6;
    case PS_KNOB_DURATION:    return 1e9;
    case PS_KNOB_WARMUP_TIME: return 1e8;
    case PS_KNOB_INTERLEAVE:  return 5e7;
    case PS_KNOB_SAMPLE:      return 1e7;
    case PS_KNOB_SKEW:        return 0.1;
    default:                  return 1;
    }
}

void
ps_window_toast (PsWindow   *self,
                 const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- Settings ----------------------------------------------------------------------------- */

static void
save_scenario (PsWindow *self)
{
  GVariantBuilder knobs, strategies;

  if (self->settings == NULL)
    return;

  g_variant_builder_init (&knobs, G_VARIANT_TYPE ("a{sd}"));
  for (guint g = 0; g < G_N_ELEMENTS (knob_groups); g++)
    for (guint k = 0; knob_groups[g].knobs[k] != PS_KNOB_COUNT; k++)
      {
        PsKnob knob = knob_groups[g].knobs[k];

        g_variant_builder_add (&knobs, "{sd}", ps_knob_info (knob)->name,
                               ps_knob_get (&self->scenario, knob));
      }
  g_variant_builder_init (&strategies, G_VARIANT_TYPE_STRING_ARRAY);
  for (guint i = 0; i < self->scenario.n_strategies; i++)
    g_variant_builder_add (&strategies, "s", self->scenario.strategies[i].name);

  g_settings_set_value (self->settings, "knobs", g_variant_builder_end (&knobs));
  g_settings_set_value (self->settings, "strategies", g_variant_builder_end (&strategies));
}

static void
load_scenario (PsWindow *self)
{
  g_autoptr (GVariant) knobs = NULL;
  g_auto (GStrv) strategies = NULL;
  GVariantIter iter;
  const char *name;
  double value;

  ps_scenario_init_defaults (&self->scenario);
  /* The window runs by duration so a run always ends by itself at a predictable time. */
  self->scenario.tasks = 0;
  self->scenario.warmup_tasks = 0;
  self->scenario.duration_ns = DEFAULT_DURATION_NS;
  self->scenario.warmup_ns = DEFAULT_WARMUP_NS;
  self->scenario.order = PS_ORDER_INTERLEAVED;

  if (self->settings == NULL)
    return;

  knobs = g_settings_get_value (self->settings, "knobs");
  g_variant_iter_init (&iter, knobs);
  while (g_variant_iter_next (&iter, "{&sd}", &name, &value))
    {
      const PsKnobInfo *info = ps_knob_find (name);

      /* A stale or hand-edited value outside today's range keeps the default. */
      if (info != NULL && info->knob != PS_KNOB_TASKS && info->knob != PS_KNOB_WARMUP_TASKS)
        ps_knob_set (&self->scenario, info->knob, value);
    }

  strategies = g_settings_get_strv (self->settings, "strategies");
  if (strategies[0] != NULL)
    {
      PsScenario *s = &self->scenario;

      s->n_strategies = 0;
      for (guint i = 0; strategies[i] != NULL && s->n_strategies < PS_MAX_STRATEGIES; i++)
        if (ps_strategy_parse (strategies[i], &s->strategies[s->n_strategies]) == 0)
          s->n_strategies++;
    }
}

/* ---- Knob editors ------------------------------------------------------------------------- */

static void
knob_editor_clear_error (PsKnobEditor *ed)
{
  if (ed->error == NULL)
    return;
  g_clear_pointer (&ed->error, g_free);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ed->row), ed->info->help);
  gtk_widget_remove_css_class (ed->row, "error");
  gtk_widget_remove_css_class (ed->editor, "error");
}

/* Says in the row itself (and in a toast) why @typed was refused; the editor keeps its last
 * good value. */
static void
knob_editor_set_error (PsKnobEditor *ed,
                       const char   *typed)
{
  char lo[48], hi[48];
  const char *kind;

  ps_knob_format (ed->info, ed->info->min, lo, sizeof lo);
  ps_knob_format (ed->info, ed->info->max, hi, sizeof hi);
  switch (ed->info->unit)
    {
    case PS_UNIT_BYTES:    kind = _("a size such as 64 KiB"); break;
    case PS_UNIT_DURATION: kind = _("a duration such as 20 µs or 2 ms"); break;
    case PS_UNIT_RATIO:    kind = _("a number"); break;
    case PS_UNIT_COUNT:
    default:               kind = _("a whole number"); break;
    }
  g_free (ed->error);
  /* Translators: "Threads must be a whole number from 1 to 1024; “5000” was not applied" */
  ed->error = g_strdup_printf (_("%s must be %s from %s to %s; “%s” was not applied"),
                               ps_window_knob_label (ed->info->knob), kind, lo, hi, typed);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ed->row), ed->error);
  gtk_widget_add_css_class (ed->row, "error");
  gtk_widget_add_css_class (ed->editor, "error");
  ps_window_toast (ed->window, ed->error);
}

static gboolean
on_spin_output (GtkSpinButton *spin,
                PsKnobEditor  *ed)
{
  char text[64];

  ps_knob_format (ed->info, gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)),
                  text, sizeof text);
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Parses what was typed with the engine's parser, so "64KiB", "2ms" and "1.5 s" all work. */
static int
on_spin_input (GtkSpinButton *spin,
               double        *new_value,
               PsKnobEditor  *ed)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));
  double value;

  if (ps_knob_parse (ed->info, text, &value, NULL, 0) != 0)
    {
      knob_editor_set_error (ed, text);
      return GTK_INPUT_ERROR;
    }
  knob_editor_clear_error (ed);
  *new_value = value;
  return TRUE;
}

static void
on_spin_value_changed (GtkSpinButton *spin,
                       PsKnobEditor  *ed)
{
  if (!ed->window->updating)
    ps_window_apply_knob (ed->window, ed->info->knob, gtk_spin_button_get_value (spin), TRUE);
}

static void
on_switch_active (GtkSwitch    *sw,
                  GParamSpec   *pspec,
                  PsKnobEditor *ed)
{
  if (!ed->window->updating)
    ps_window_apply_knob (ed->window, ed->info->knob, gtk_switch_get_active (sw), TRUE);
}

static void
on_combo_selected (AdwComboRow  *combo,
                   GParamSpec   *pspec,
                   PsKnobEditor *ed)
{
  guint selected = adw_combo_row_get_selected (combo);

  if (!ed->window->updating && selected != GTK_INVALID_LIST_POSITION)
    ps_window_apply_knob (ed->window, ed->info->knob, selected, TRUE);
}

/* Shows @value in the knob's editor without counting it as the user's change. */
static void
knob_editor_show (PsKnobEditor *ed,
                  double        value)
{
  gboolean was_updating = ed->window->updating;

  if (ed->editor == NULL)
    return;
  ed->window->updating = TRUE;
  if (GTK_IS_SPIN_BUTTON (ed->editor))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (ed->editor), value);
  else if (GTK_IS_SWITCH (ed->editor))
    gtk_switch_set_active (GTK_SWITCH (ed->editor), value != 0);
  else if (ADW_IS_COMBO_ROW (ed->editor))
    adw_combo_row_set_selected (ADW_COMBO_ROW (ed->editor), (guint) value);
  ed->window->updating = was_updating;
}

static GtkWidget *
knob_editor_build (PsWindow *self,
                   PsKnob    knob)
{
  PsKnobEditor *ed = &self->editors[knob];
  const PsKnobInfo *info = ps_knob_info (knob);
  double value = ps_knob_get (&self->scenario, knob);

  ed->window = self;
  ed->info = info;

  switch (info->unit)
    {
    case PS_UNIT_ENUM:
      {
        g_autoptr (GtkStringList) choices = gtk_string_list_new (info->choices);

        ed->row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (ed->row), G_LIST_MODEL (choices));
        ed->editor = ed->row;
        g_signal_connect (ed->row, "notify::selected", G_CALLBACK (on_combo_selected), ed);
        break;
      }

    case PS_UNIT_BOOL:
      ed->row = adw_action_row_new ();
      ed->editor = gtk_switch_new ();
      gtk_widget_set_valign (ed->editor, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (ed->row), ed->editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (ed->row), ed->editor);
      g_signal_connect (ed->editor, "notify::active", G_CALLBACK (on_switch_active), ed);
      break;

    case PS_UNIT_COUNT:
    case PS_UNIT_BYTES:
    case PS_UNIT_DURATION:
    case PS_UNIT_RATIO:
    default:
      {
        double step = knob_step (info);
        GtkAdjustment *adj = gtk_adjustment_new (value, info->min, info->max, step, step * 10, 0);

        ed->row = adw_action_row_new ();
        ed->editor = gtk_spin_button_new (adj, step, info->unit == PS_UNIT_RATIO ? 2 : 0);
        gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (ed->editor), FALSE);
        /* An invalid entry must not be clamped into a value the user did not ask for. */
        gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (ed->editor), GTK_UPDATE_IF_VALID);
        gtk_editable_set_width_chars (GTK_EDITABLE (ed->editor), 9);
        gtk_editable_set_alignment (GTK_EDITABLE (ed->editor), 1.0);
        gtk_widget_set_valign (ed->editor, GTK_ALIGN_CENTER);
        g_signal_connect (ed->editor, "output", G_CALLBACK (on_spin_output), ed);
        g_signal_connect (ed->editor, "input", G_CALLBACK (on_spin_input), ed);
        g_signal_connect (ed->editor, "value-changed", G_CALLBACK (on_spin_value_changed), ed);
        adw_action_row_add_suffix (ADW_ACTION_ROW (ed->row), ed->editor);
        break;
      }
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ed->row), ps_window_knob_label (knob));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ed->row), info->help);
  gtk_widget_set_tooltip_text (ed->editor == ed->row ? ed->row : ed->editor, info->help);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ed->editor), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ps_window_knob_label (knob), -1);
  knob_editor_show (ed, value);
  return ed->row;
}

static void
on_strategy_toggled (GtkCheckButton *check,
                     PsWindow       *self)
{
  const PsStrategy *named;
  guint n_named = ps_named_strategies (&named);
  PsScenario *s = &self->scenario;

  s->n_strategies = 0;
  for (guint i = 0; i < n_named && i < PS_MAX_STRATEGIES; i++)
    if (gtk_check_button_get_active (self->strategy_checks[i]))
      s->strategies[s->n_strategies++] = named[i];
  save_scenario (self);
  ps_window_update_actions (self);
}

static void
build_sidebar (PsWindow *self)
{
  AdwPreferencesGroup *group;
  const PsStrategy *named;
  guint n_named = ps_named_strategies (&named);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Strategies"));
  adw_preferences_group_set_description (group, _("Each one is a dispatch (how a task reaches "
                                                  "a thread) paired with a way to provision "
                                                  "isolates"));
  for (guint i = 0; i < n_named && i < PS_MAX_STRATEGIES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *pair = g_strdup_printf ("%s + %s", ps_dispatch_name (named[i].dispatch),
                                               ps_isolates_name (named[i].isolates_mode));
      gboolean active = FALSE;

      for (guint j = 0; j < self->scenario.n_strategies; j++)
        if (self->scenario.strategies[j].dispatch == named[i].dispatch &&
            self->scenario.strategies[j].isolates_mode == named[i].isolates_mode)
          active = TRUE;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), named[i].name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pair);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_strategy_toggled), self);
      self->strategy_checks[i] = GTK_CHECK_BUTTON (check);
      adw_preferences_group_add (group, row);
    }
  adw_preferences_page_add (self->sidebar_page, group);

  for (guint g = 0; g < G_N_ELEMENTS (knob_groups); g++)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _(knob_groups[g].title));
      if (knob_groups[g].description != NULL)
        adw_preferences_group_set_description (group, _(knob_groups[g].description));
      for (guint k = 0; knob_groups[g].knobs[k] != PS_KNOB_COUNT; k++)
        adw_preferences_group_add (group, knob_editor_build (self, knob_groups[g].knobs[k]));
      adw_preferences_page_add (self->sidebar_page, group);
    }
}

/* While a run goes on only live knobs may change; the rest would apply to the next run, which
 * would be confusing to show as editable next to a run that ignores them. */
static void
update_sidebar_sensitivity (PsWindow *self)
{
  gboolean running = self->session != NULL && ps_session_is_running (self->session);

  for (guint i = 0; i < PS_MAX_STRATEGIES; i++)
    if (self->strategy_checks[i] != NULL)
      gtk_widget_set_sensitive (GTK_WIDGET (self->strategy_checks[i]), !running);
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    if (self->editors[k].row != NULL)
      gtk_widget_set_sensitive (self->editors[k].row, !running || self->editors[k].info->live);
}

void
ps_window_apply_knob (PsWindow *self,
                      PsKnob    knob,
                      double    value,
                      gboolean  record_undo)
{
  PsKnobEditor *ed = &self->editors[knob];
  double old = ps_knob_get (&self->scenario, knob);
  g_autoptr (GError) error = NULL;

  if (old == value)
    return;
  if (ps_knob_set (&self->scenario, knob, value) != 0)
    {
      char text[64];

      ps_knob_format (ps_knob_info (knob), value, text, sizeof text);
      knob_editor_set_error (ed, text);
      knob_editor_show (ed, old);
      return;
    }
  knob_editor_clear_error (ed);
  knob_editor_show (ed, value);
  if (record_undo)
    {
      PsKnobChange change = { knob, old };

      g_array_append_val (self->undo, change);
    }

  if (self->session != NULL && ps_session_is_running (self->session) &&
      ps_knob_info (knob)->live && !ps_session_set_knob (self->session, knob, value, &error))
    ps_window_toast (self, error->message);

  save_scenario (self);
  ps_window_update_actions (self);
}

/* ---- Live view ---------------------------------------------------------------------------- */

static char *
dup_scenario_summary (const PsScenario *s)
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
  g_string_append_printf (text, _(" · %s per strategy, %s"), duration, ps_order_name (s->order));
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
  g_autofree char *summary = dup_scenario_summary (s);

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

static const char *
measure_caption (PsMeasure measure)
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
      return _("Hold share: time the shared isolates or the GIL were held ÷ (wall time × their "
               "number), over each sample period. Strategies without a shared lock show 0.");
    case PS_N_MEASURES:
    default:
      return "";
    }
}

static void
on_measure_selected (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     PsWindow    *self)
{
  guint measure = gtk_drop_down_get_selected (dropdown);

  if (measure >= PS_N_MEASURES)
    return;
  gtk_label_set_label (self->measure_caption, measure_caption (measure));
  if (self->measure_models[measure] != NULL)
    ps_chart_set_model (self->measure_chart, self->measure_models[measure]);
}

static void
set_warmup_band (PsWindow *self)
{
  ps_chart_model_set_warmup (self->throughput_model, self->warmup_t0, self->warmup_t1);
  for (guint m = 0; m < PS_N_MEASURES; m++)
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

static void
on_session_sample (PsSession      *session,
                   const PsSample *sample,
                   PsWindow       *self)
{
  double x = sample->t_s;
  guint series = sample->strategy;
  g_autofree char *fraction = NULL;

  if (series >= ps_chart_model_get_n_series (self->throughput_model))
    return;

  /* The band covers the warm-up samples actually seen: with interleaving, every strategy's
   * warm-up falls in the first slices. */
  if (sample->warmup)
    {
      if (isnan (self->warmup_t0))
        self->warmup_t0 = MAX (0, x - ps_session_get_scenario (session)->sample_ns / NS_PER_S);
      self->warmup_t1 = x;
      set_warmup_band (self);
    }

  /* Nothing was measured for this strategy while the others ran: a line across that stretch
   * would show throughput that never happened. Decided on the throughput chart, which gets a
   * point for every sample, and applied to every chart. */
  if (sat_out_a_slice (self->throughput_model, series))
    {
      ps_chart_model_break_series (self->throughput_model, series);
      for (guint m = 0; m < PS_N_MEASURES; m++)
        ps_chart_model_break_series (self->measure_models[m], series);
    }
  ps_chart_model_append (self->throughput_model, series, x, sample->throughput_per_s);
  /* No task finished in the period means no latency, not a latency of zero. */
  if (isfinite (sample->latency_p99_us) && sample->latency_p99_us > 0)
    ps_chart_model_append (self->measure_models[PS_MEASURE_P99], series, x,
                           sample->latency_p99_us / 1e6);
  ps_chart_model_append (self->measure_models[PS_MEASURE_WAIT], series, x,
                         sample->wait_share_pct);
  ps_chart_model_append (self->measure_models[PS_MEASURE_HOLD], series, x,
                         sample->hold_share_pct);

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (sample->progress, 0, 1));
  fraction = g_strdup_printf (_("%.0f %%"), 100 * CLAMP (sample->progress, 0, 1));
  gtk_progress_bar_set_text (self->progress_bar, fraction);
}

static void
on_session_segment_opened (PsSession *session,
                           guint      strategy,
                           guint      segment,
                           int        knob,
                           double     value,
                           double     t_s,
                           PsWindow  *self)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  g_autofree char *label = NULL;
  char text[64];

  /* A strategy's first segment is no change; with interleaving every strategy reports the same
   * change as it next gets its slice, and one marker per change is enough. */
  if (info == NULL ||
      (knob == (int) self->last_marker_knob && value == self->last_marker_value))
    return;
  self->last_marker_knob = knob;
  self->last_marker_value = value;
  ps_knob_format (info, value, text, sizeof text);
  label = g_strdup_printf ("%s %s", info->name, text);
  ps_chart_model_add_marker (self->throughput_model, t_s, label);
  for (guint m = 0; m < PS_N_MEASURES; m++)
    ps_chart_model_add_marker (self->measure_models[m], t_s, label);
}

static char *
format_percent (double pct)
{
  return isfinite (pct) ? g_strdup_printf ("%.1f %%", pct) : g_strdup ("—");
}

static char *
format_latency (double us)
{
  char text[48];

  if (!isfinite (us))
    return g_strdup ("—");
  ps_units_format_duration (us * 1e3, text, sizeof text);
  return g_strdup (text);
}

static GtkWidget *
add_cell (PsWindow   *self,
          guint       column,
          guint       row,
          const char *text,
          gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 1.0);
  gtk_widget_set_hexpand (label, column > 0);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  else if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_selectable (GTK_LABEL (label), !header);
  gtk_widget_set_focusable (label, FALSE);
  gtk_grid_attach (self->results_grid, label, column, row, 1, 1);
  return label;
}

static void
clear_results (PsWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_grid))) != NULL)
    gtk_grid_remove (self->results_grid, child);
  self->n_result_rows = 0;
}

static void
fill_results (PsWindow       *self,
              const PsReport *report)
{
  const char *headers[] = {
    _("Strategy"), _("Tasks/s"), _("p50"), _("p99"), _("Wait"), _("Contended"), _("Hold"),
    _("Speedup"), _("Tasks"),
  };

  /* The definitions, as engine/ps-run.h states them; the column headings carry them as
   * tooltips so the table stays compact. */
  const char *definitions[] = {
    _("The strategy: a dispatch paired with a way to provision isolates"),
    _("Throughput: tasks completed ÷ wall seconds of the measured part"),
    _("Median latency of one task, from submit to completion"),
    _("99th percentile latency of one task, from submit to completion"),
    _("Wait share: time blocked acquiring an isolate or lock ÷ total thread time"),
    _("Contended acquisitions: acquisitions that found the isolate or lock taken ÷ all "
      "acquisitions"),
    _("Hold share: time the shared isolates or the GIL were held ÷ (wall time × their number)"),
    _("Speedup: throughput ÷ the throughput of single on the same seed"),
    _("Tasks completed in the measured part"),
  };

  clear_results (self);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_widget_set_tooltip_text (add_cell (self, c, 0, headers[c], TRUE), definitions[c]);

  for (guint i = 0; i < report->n_strategies; i++)
    {
      const PsResult *r = &report->strategies[i].total;
      /* A strategy stopped during its warm-up measured nothing: no rate, rather than 0/s. */
      g_autofree char *tput = r->tasks_completed > 0 && isfinite (r->throughput_per_s)
                                ? g_strdup_printf ("%.0f", r->throughput_per_s)
                                : g_strdup ("—");
      g_autofree char *p50 = format_latency (r->latency_us.p50);
      g_autofree char *p99 = format_latency (r->latency_us.p99);
      g_autofree char *wait = format_percent (r->wait_share_pct);
      g_autofree char *contended = format_percent (r->contended_acq_pct);
      g_autofree char *hold = format_percent (r->hold_share_pct);
      g_autofree char *speedup = isfinite (r->speedup) ? g_strdup_printf ("%.2f×", r->speedup)
                                                       : g_strdup ("—");
      g_autofree char *tasks = g_strdup_printf ("%" G_GUINT64_FORMAT, r->tasks_completed);
      const char *cells[] = {
        report->strategies[i].strategy.name, tput, p50, p99, wait, contended, hold, speedup,
        tasks,
      };

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        add_cell (self, c, i + 1, cells[c], FALSE);
    }
  self->n_result_rows = report->n_strategies;
}

static void
on_session_finished (PsSession *session,
                     gboolean   completed,
                     PsWindow  *self)
{
  const PsReport *report = ps_session_get_report (session);
  g_autoptr (GString) caption = g_string_new (NULL);

  ps_chart_set_live (self->throughput_chart, FALSE);
  ps_chart_set_live (self->measure_chart, FALSE);

  if (report != NULL)
    {
      char wall[48];
      double longest = 0;

      for (guint i = 0; i < report->n_strategies; i++)
        longest = MAX (longest, report->strategies[i].total.wall_s);
      ps_units_format_duration (longest * NS_PER_S, wall, sizeof wall);
      fill_results (self, report);
      gboolean measured = FALSE;

      for (guint i = 0; i < report->n_strategies; i++)
        measured |= report->strategies[i].total.tasks_completed > 0;
      g_string_append (caption, _("Whole run, warm-up left out. Hover a column heading for how "
                                  "it is measured."));
      if (!measured)
        g_string_append (caption, _(" The run stopped during the warm-up, so nothing was "
                                    "measured."));
      if (report->samples_dropped > 0)
        {
          /* xgettext cannot read G_GUINT64_FORMAT: the count goes in as text. */
          g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                    report->samples_dropped);

          g_string_append_printf (caption,
                                  ngettext (" %s live sample was dropped because the window "
                                            "fell behind; the table is complete.",
                                            " %s live samples were dropped because the window "
                                            "fell behind; the table is complete.",
                                            (gulong) MIN (report->samples_dropped, G_MAXULONG)),
                                  count);
        }
      gtk_label_set_label (self->results_caption, caption->str);
      gtk_widget_set_visible (GTK_WIDGET (self->results_box), TRUE);
      if (completed)
        {
          g_autofree char *status = g_strdup_printf (_("Finished: %s measured per strategy"),
                                                     wall);
          gtk_label_set_label (self->status_label, status);
        }
    }
  if (!completed)
    {
      gtk_label_set_label (self->status_label,
                           _("Stopped early: the results cover only the part that ran"));
      ps_window_toast (self, _("Run stopped"));
    }
  else
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_progress_bar_set_text (self->progress_bar, _("100 %"));
    }
  ps_window_update_actions (self);
}

/**
 * ps_window_begin_run: (skip)
 *
 * Shows @session's run: fresh charts, the live view, and the session's signals wired up. The
 * window takes a reference and the caller starts the session.
 */
void
ps_window_begin_run (PsWindow  *self,
                     PsSession *session)
{
  const PsScenario *s = ps_session_get_scenario (session);
  g_autofree char *status = NULL;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_signal_connect (session, "sample", G_CALLBACK (on_session_sample), self);
  g_signal_connect (session, "segment-opened", G_CALLBACK (on_session_segment_opened), self);
  g_signal_connect (session, "finished", G_CALLBACK (on_session_finished), self);

  g_clear_pointer (&self->throughput_model, ps_chart_model_unref);
  self->throughput_model = new_time_model (s, _("Throughput"), PS_CHART_SCALE_LINEAR,
                                           PS_CHART_UNIT_RATE, _("tasks/s"));
  for (guint m = 0; m < PS_N_MEASURES; m++)
    g_clear_pointer (&self->measure_models[m], ps_chart_model_unref);
  self->measure_models[PS_MEASURE_P99] =
    new_time_model (s, _("Latency p99"), PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS,
                    _("p99 latency"));
  self->measure_models[PS_MEASURE_WAIT] =
    new_time_model (s, _("Contention: wait share"), PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_PERCENT,
                    _("wait share"));
  self->measure_models[PS_MEASURE_HOLD] =
    new_time_model (s, _("Contention: hold share"), PS_CHART_SCALE_LINEAR, PS_CHART_UNIT_PERCENT,
                    _("hold share"));
  self->warmup_t0 = self->warmup_t1 = NAN;
  self->last_marker_knob = PS_KNOB_COUNT;
  self->last_marker_value = NAN;

  ps_chart_set_model (self->throughput_chart, self->throughput_model);
  on_measure_selected (self->measure_dropdown, NULL, self);
  ps_chart_set_live (self->throughput_chart, TRUE);
  ps_chart_set_live (self->measure_chart, TRUE);

  clear_results (self);
  gtk_widget_set_visible (GTK_WIDGET (self->results_box), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("0 %"));
  status = dup_scenario_summary (s);
  gtk_label_set_label (self->status_label, status);
  gtk_stack_set_visible_child_name (self->main_stack, "live");
}

void
ps_window_update_actions (PsWindow *self)
{
  gboolean running = self->session != NULL && ps_session_is_running (self->session);
  GActionMap *map = G_ACTION_MAP (self);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "run")),
                               !running && self->scenario.n_strategies > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "stop")),
                               running);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "undo-knob")),
                               self->undo->len > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map,
                                                                            "export-chart")),
                               self->throughput_model != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running);
  update_sidebar_sensitivity (self);
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
ps_window_dispose (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  /* Disposing the session stops and joins the run; nothing may call back into us after. */
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_WINDOW);
  G_OBJECT_CLASS (ps_window_parent_class)->dispose (object);
}

static void
ps_window_finalize (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    g_clear_pointer (&self->editors[k].error, g_free);
  g_clear_pointer (&self->undo, g_array_unref);
  g_clear_pointer (&self->throughput_model, ps_chart_model_unref);
  for (guint m = 0; m < PS_N_MEASURES; m++)
    g_clear_pointer (&self->measure_models[m], ps_chart_model_unref);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ps_window_parent_class)->finalize (object);
}

static void
ps_window_class_init (PsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_window_dispose;
  object_class->finalize = ps_window_finalize;

  g_type_ensure (PS_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/poolscope/Poolscope/ps-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sidebar_page);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, throughput_chart);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, measure_chart);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, measure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, measure_caption);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, results_box);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, results_grid);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, results_caption);
  gtk_widget_class_bind_template_callback (widget_class, on_measure_selected);
}

static void
ps_window_init (PsWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  self->undo = g_array_new (FALSE, FALSE, sizeof (PsKnobChange));
  self->warmup_t0 = self->warmup_t1 = NAN;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Without the installed schema (running from a build tree by hand) the window still works;
   * it just does not remember anything. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.poolscope.Poolscope", TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_settings_bind (self->settings, "window-width", self, "default-width",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized",
                       G_SETTINGS_BIND_DEFAULT);
    }
  else
    g_debug ("GSettings schema org.poolscope.Poolscope not found; settings are not kept");

  load_scenario (self);
  build_sidebar (self);
  ps_window_init_actions (self);
  gtk_label_set_label (self->measure_caption, measure_caption (PS_MEASURE_P99));
  ps_window_update_actions (self);
}

/**
 * ps_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new window
 */
PsWindow *
ps_window_new (GtkApplication *application)
{
  return g_object_new (PS_TYPE_WINDOW, "application", application, NULL);
}

/**
 * ps_window_get_scenario:
 * @self: a window
 *
 * Returns: (transfer none): the scenario the sidebar shows, which the next run will use
 */
const PsScenario *
ps_window_get_scenario (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return &self->scenario;
}

/**
 * ps_window_get_session:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the current or last run's session
 */
PsSession *
ps_window_get_session (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * ps_window_get_knob_editor:
 * @self: a window
 * @knob: a knob
 *
 * Returns: (transfer none) (nullable): the knob's editor (a GtkSpinButton, GtkSwitch or
 *   AdwComboRow), or %NULL when the sidebar does not show that knob
 */
GtkWidget *
ps_window_get_knob_editor (PsWindow *self,
                           PsKnob    knob)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);
  g_return_val_if_fail ((guint) knob < PS_KNOB_COUNT, NULL);

  return self->editors[knob].editor;
}

/**
 * ps_window_get_knob_error:
 * @self: a window
 * @knob: a knob
 *
 * Returns: (nullable): the message shown for the knob's last refused input, or %NULL
 */
const char *
ps_window_get_knob_error (PsWindow *self,
                          PsKnob    knob)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);
  g_return_val_if_fail ((guint) knob < PS_KNOB_COUNT, NULL);

  return self->editors[knob].error;
}

/**
 * ps_window_get_n_result_rows:
 * @self: a window
 *
 * Returns: the rows of the results table, one per strategy of the finished run
 */
guint
ps_window_get_n_result_rows (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), 0);

  return self->n_result_rows;
}

/**
 * ps_window_get_result_cell:
 * @self: a window
 * @row: 0 for the first strategy
 * @column: 0 strategy, 1 tasks/s, 2 p50, 3 p99, 4 wait, 5 contended, 6 hold, 7 speedup, 8 tasks
 *
 * Returns: (nullable): the text shown in the results table
 */
const char *
ps_window_get_result_cell (PsWindow *self,
                           guint     row,
                           guint     column)
{
  GtkWidget *cell;

  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  if (row >= self->n_result_rows)
    return NULL;
  cell = gtk_grid_get_child_at (self->results_grid, column, row + 1);
  return GTK_IS_LABEL (cell) ? gtk_label_get_label (GTK_LABEL (cell)) : NULL;
}
