/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-knobs.c: PsWindow's scenario sidebar. The knob rows are generated from the engine's
 * knob table, so every knob shows the engine's own range, unit and help sentence; typed values
 * go through the engine's parser, and a refused one is explained in its row. The edited scenario
 * is kept in GSettings, and each change can be undone.
 */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-window-private.h"

/* A run of 3 s per strategy, interleaved in 200 ms slices, races single, shared and pinned
 * fairly on a 2-core machine and ends by itself after about 10 s. */
#define DEFAULT_DURATION_NS (3 * NS_PER_S)
#define DEFAULT_WARMUP_NS (0.5 * NS_PER_S)

/* The sidebar's groups, in order; each list ends at PS_KNOB_COUNT. The mission's four (threads,
 * isolates, payload, I/O delay) are pinned above them with sliders. Knobs not listed (task
 * counts, the sample period, tracking) belong to the CLI and to task-count runs. */
static const PsKnob pinned_knobs[] = {
  PS_KNOB_THREADS, PS_KNOB_ISOLATES, PS_KNOB_PAYLOAD, PS_KNOB_IO_DELAY,
};

static const struct
{
  const char *title;
  const char *description;
  PsKnob knobs[12];
} knob_groups[] = {
  { N_("Concurrency"), NULL,
    { PS_KNOB_INFLIGHT, PS_KNOB_ACQUIRE, PS_KNOB_SPIN, PS_KNOB_AFFINITY, PS_KNOB_BATCH_SIZE,
      PS_KNOB_BATCH_DEPTH, PS_KNOB_COUNT } },
  { N_("Workload"), NULL,
    { PS_KNOB_TRANSFER, PS_KNOB_WORK, PS_KNOB_IO_WHILE_HOLDING, PS_KNOB_GIL, PS_KNOB_GIL_SWITCH,
      PS_KNOB_POLL, PS_KNOB_TENANTS, PS_KNOB_SKEW, PS_KNOB_COUNT } },
  { N_("Arrivals"), N_("Open loop: a rate above 0 schedules arrivals whatever the pool does"),
    { PS_KNOB_RATE, PS_KNOB_ARRIVALS, PS_KNOB_COUNT } },
  { N_("Copies"), NULL,
    { PS_KNOB_PAYLOAD_SOURCE, PS_KNOB_COPY_ALIAS, PS_KNOB_SERIALIZE, PS_KNOB_COUNT } },
  { N_("Isolates"), NULL,
    { PS_KNOB_HEAP, PS_KNOB_INIT, PS_KNOB_CREATE_MODE, PS_KNOB_COUNT } },
  { N_("Run"), N_("Knobs here apply to the next run; the others can change while it runs"),
    { PS_KNOB_DURATION, PS_KNOB_WARMUP_TIME, PS_KNOB_COUNT_CREATION, PS_KNOB_ORDER,
      PS_KNOB_INTERLEAVE, PS_KNOB_SEED, PS_KNOB_COUNT } },
};

const char *
_ps_window_knob_label (PsKnob knob)
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
    case PS_KNOB_RATE:             return _("Arrival rate (tasks/s)");
    case PS_KNOB_ARRIVALS:         return _("Arrivals");
    case PS_KNOB_GIL_SWITCH:       return _("GIL switch interval");
    case PS_KNOB_PAYLOAD_SOURCE:   return _("Payload source");
    case PS_KNOB_COPY_ALIAS:       return _("4K-aliased copies");
    case PS_KNOB_SERIALIZE:        return _("Serialisation (ns/byte)");
    case PS_KNOB_COUNT_CREATION:   return _("Count creation");
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
    case PS_KNOB_RATE:        return 1000;
    case PS_KNOB_GIL_SWITCH:  return 1e6;
    case PS_KNOB_SERIALIZE:   return 0.1;
    default:                  return 1;
    }
}

/* ---- Settings ----------------------------------------------------------------------------- */

static void
save_scenario (PsWindow *self)
{
  GVariantBuilder knobs, strategies;

  g_assert (PS_IS_WINDOW (self));

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

void
_ps_window_load_scenario (PsWindow *self)
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

/* Pinned rows are compact: their help is the tooltip, and the subtitle only says what was
 * refused. */
static const char *
knob_editor_subtitle (PsKnobEditor *ed)
{
  return ed->scale != NULL ? NULL : ed->info->help;
}

static void
knob_editor_clear_error (PsKnobEditor *ed)
{
  if (ed->error == NULL)
    return;
  g_clear_pointer (&ed->error, g_free);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ed->row), knob_editor_subtitle (ed));
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
                               _ps_window_knob_label (ed->info->knob), kind, lo, hi, typed);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ed->row), ed->error);
  gtk_widget_add_css_class (ed->row, "error");
  gtk_widget_add_css_class (ed->editor, "error");
  _ps_window_toast (ed->window, ed->error);
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
    _ps_window_apply_knob (ed->window, ed->info->knob, gtk_spin_button_get_value (spin), TRUE);
}

static void
on_switch_active (GtkSwitch    *sw,
                  GParamSpec   *pspec,
                  PsKnobEditor *ed)
{
  if (!ed->window->updating)
    _ps_window_apply_knob (ed->window, ed->info->knob, gtk_switch_get_active (sw), TRUE);
}

static void
on_combo_selected (AdwComboRow  *combo,
                   GParamSpec   *pspec,
                   PsKnobEditor *ed)
{
  guint selected = adw_combo_row_get_selected (combo);

  if (!ed->window->updating && selected != GTK_INVALID_LIST_POSITION)
    _ps_window_apply_knob (ed->window, ed->info->knob, selected, TRUE);
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

  g_assert (PS_IS_WINDOW (self));

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

  if (_ps_window_knob_has_slider (knob))
    adw_action_row_add_suffix (ADW_ACTION_ROW (ed->row), _ps_window_knob_slider_attach (ed));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ed->row), _ps_window_knob_label (knob));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ed->row), knob_editor_subtitle (ed));
  gtk_widget_set_tooltip_text (ed->editor == ed->row ? ed->row : ed->editor, info->help);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ed->editor), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ps_window_knob_label (knob), -1);
  knob_editor_show (ed, value);
  return ed->row;
}

/* Whether @strategy is one of the named ones exactly (no overrides): those have a check. */
static gboolean
is_named_strategy (const PsStrategy *strategy)
{
  const PsStrategy *named;
  guint n_named = ps_named_strategies (&named);

  for (guint i = 0; i < n_named; i++)
    if (g_strcmp0 (strategy->name, named[i].name) == 0)
      return TRUE;
  return FALSE;
}

static void sync_custom_strategy_rows (PsWindow *self);

static void
on_remove_custom_strategy (GtkButton *button,
                           PsWindow  *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "strategy");
  PsScenario *s = &self->scenario;
  guint kept = 0;

  for (guint j = 0; j < s->n_strategies; j++)
    if (is_named_strategy (&s->strategies[j]) || g_strcmp0 (s->strategies[j].name, name) != 0)
      s->strategies[kept++] = s->strategies[j];
  s->n_strategies = kept;
  save_scenario (self);
  sync_custom_strategy_rows (self);
  _ps_window_update_actions (self);
}

/* A row for each strategy the checks cannot show (a preset's DISPATCH+ISOLATES pair, or a named
 * one with knobs of its own), with a button to leave it out: otherwise it stayed in every run
 * until another preset replaced the list. */
static void
sync_custom_strategy_rows (PsWindow *self)
{
  const PsScenario *s = &self->scenario;
  gboolean running = _ps_window_is_running (self);

  for (guint i = 0; i < self->n_custom_strategy_rows; i++)
    adw_preferences_group_remove (self->strategies_group, self->custom_strategy_rows[i]);
  self->n_custom_strategy_rows = 0;

  for (guint j = 0; j < s->n_strategies; j++)
    {
      const PsStrategy *strategy = &s->strategies[j];
      GtkWidget *row, *remove, *blank;
      g_autofree char *pair = NULL, *label = NULL;

      if (is_named_strategy (strategy))
        continue;
      row = adw_action_row_new ();
      /* Translators: the subtitle of a strategy a preset or an opened results file added (the
       * saved scenario and a re-run keep it), e.g. "shared-queue + fresh, from a preset or file" */
      pair = g_strdup_printf (_("%s + %s, from a preset or file"),
                              ps_dispatch_name (strategy->dispatch),
                              ps_isolates_name (strategy->isolates_mode));
      /* As wide as the checks above, so every strategy's name starts in the same column. */
      blank = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_size_group_add_widget (self->strategy_prefixes, blank);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), blank);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), strategy->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pair);
      remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_sensitive (row, !running);
      /* Translators: %s is a strategy such as "queue[poll=10 ms]" */
      label = g_strdup_printf (_("Leave %s out of the runs"), strategy->name);
      gtk_widget_set_tooltip_text (remove, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      g_object_set_data_full (G_OBJECT (remove), "strategy", g_strdup (strategy->name), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_custom_strategy), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->strategies_group, row);
      self->custom_strategy_rows[self->n_custom_strategy_rows++] = row;
    }
}

static void
on_strategy_toggled (GtkCheckButton *check,
                     PsWindow       *self)
{
  const PsStrategy *named;
  guint n_named = ps_named_strategies (&named);
  PsScenario *s = &self->scenario;

  g_assert (PS_IS_WINDOW (self));

  PsStrategy custom[PS_MAX_STRATEGIES];
  guint n_custom = 0;

  /* Strategies without a check (a preset's DISPATCH+ISOLATES pairs or overrides) stay. */
  for (guint j = 0; j < s->n_strategies; j++)
    if (!is_named_strategy (&s->strategies[j]))
      custom[n_custom++] = s->strategies[j];
  s->n_strategies = 0;
  for (guint i = 0; i < n_named && i < PS_MAX_STRATEGIES; i++)
    if (gtk_check_button_get_active (self->strategy_checks[i]))
      s->strategies[s->n_strategies++] = named[i];
  for (guint j = 0; j < n_custom && s->n_strategies < PS_MAX_STRATEGIES; j++)
    s->strategies[s->n_strategies++] = custom[j];
  save_scenario (self);
  _ps_window_update_actions (self);
}

void
_ps_window_build_sidebar (PsWindow *self)
{
  AdwPreferencesGroup *group;
  const PsStrategy *named;
  guint n_named = ps_named_strategies (&named);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Strategies"));
  adw_preferences_group_set_description (group, _("Each one is a dispatch (how a task reaches "
                                                  "a thread) paired with a way to provision "
                                                  "isolates"));
  self->strategy_prefixes = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
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
      gtk_size_group_add_widget (self->strategy_prefixes, check);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), named[i].name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pair);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_strategy_toggled), self);
      self->strategy_checks[i] = GTK_CHECK_BUTTON (check);
      adw_preferences_group_add (group, row);
    }
  self->strategies_group = group;
  sync_custom_strategy_rows (self);
  adw_preferences_page_add (self->sidebar_page, group);

  for (guint k = 0; k < G_N_ELEMENTS (pinned_knobs); k++)
    adw_preferences_group_add (self->pinned_knobs, knob_editor_build (self, pinned_knobs[k]));

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
void
_ps_window_update_sidebar_sensitivity (PsWindow *self)
{
  gboolean running = _ps_window_is_running (self);

  for (guint i = 0; i < PS_MAX_STRATEGIES; i++)
    if (self->strategy_checks[i] != NULL)
      gtk_widget_set_sensitive (GTK_WIDGET (self->strategy_checks[i]), !running);
  for (guint i = 0; i < self->n_custom_strategy_rows; i++)
    gtk_widget_set_sensitive (self->custom_strategy_rows[i], !running);
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    if (self->editors[k].row != NULL)
      gtk_widget_set_sensitive (self->editors[k].row, !running || self->editors[k].info->live);
}

void
_ps_window_apply_knob (PsWindow *self,
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
      PsKnobUndo change = { knob, old };

      g_array_append_val (self->undo, change);
    }

  if (self->session != NULL && ps_session_is_running (self->session) &&
      ps_knob_info (knob)->live && !ps_session_set_knob (self->session, knob, value, &error))
    _ps_window_toast (self, error->message);

  save_scenario (self);
  _ps_window_update_actions (self);
}

/* Runs @s's strategies, in its order: the named ones ticked in the sidebar, custom pairs and
 * strategies with overrides kept beside them (they have no check). */
void
_ps_window_select_strategies (PsWindow         *self,
                              const PsScenario *s)
{
  const PsStrategy *named;
  guint n_named = ps_named_strategies (&named);

  g_assert (PS_IS_WINDOW (self));

  for (guint i = 0; i < n_named && i < PS_MAX_STRATEGIES; i++)
    {
      gboolean wanted = FALSE;

      for (guint j = 0; j < s->n_strategies; j++)
        wanted |= g_strcmp0 (s->strategies[j].name, named[i].name) == 0;
      gtk_check_button_set_active (self->strategy_checks[i], wanted);
    }
  memcpy (self->scenario.strategies, s->strategies, sizeof s->strategies);
  self->scenario.n_strategies = s->n_strategies;
  sync_custom_strategy_rows (self);
  save_scenario (self);
  _ps_window_update_actions (self);
}
