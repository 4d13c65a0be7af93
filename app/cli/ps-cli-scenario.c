/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-scenario.c: GOption entries generated from the knob table, parsed into a PsScenario. */
#define G_LOG_DOMAIN "poolscope-cli"

#include "ps-cli-scenario.h"

#include "ps-preset-store.h"

#include <string.h>

/* Options that are not knobs, plus a terminating zero entry. */
#define N_EXTRA_ENTRIES 7

struct _PsCliScenario
{
  PsScenario scenario;
  PsCliScenarioFlags flags;
  gboolean given[PS_KNOB_COUNT];
  gboolean strategy_given; /* the first --strategy replaces the defaults, later ones append */
  int dispatch;            /* --dispatch as a PsDispatchKind, or -1 */
  int isolates_mode;       /* --isolates-mode as a PsIsolatesKind, or -1 */
  PsReportFormat format;
  gboolean progress;
  gboolean finished;
  PsStoredPreset *preset; /* the last --preset, or NULL */

  /* Owned: the help texts the option entries point to. */
  GPtrArray *strings;
};

static const char *
keep (PsCliScenario *self, char *text)
{
  g_ptr_array_add (self->strings, text);
  return text;
}

PsCliScenario *
ps_cli_scenario_new (PsCliScenarioFlags flags)
{
  PsCliScenario *self = g_new0 (PsCliScenario, 1);

  ps_scenario_init_defaults (&self->scenario);
  self->flags = flags;
  self->dispatch = -1;
  self->isolates_mode = -1;
  self->format = PS_REPORT_FORMAT_TABLE;
  self->strings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
ps_cli_scenario_free (PsCliScenario *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->strings);
  ps_stored_preset_free (self->preset);
  g_free (self);
}

static gboolean
set_error (GError **error, const char *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

/* Parses @text for @knob and stores it, or explains in one line why not. */
static gboolean
apply_knob (PsCliScenario *self, PsKnob knob, const char *text, GError **error)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  char message[320];
  double value;

  if (ps_knob_parse (info, text, &value, message, sizeof message) != 0)
    return set_error (error, message);
  /* ps_knob_parse checked the range, so this cannot fail. */
  ps_knob_set (&self->scenario, knob, value);
  self->given[knob] = TRUE;
  return TRUE;
}

/* --acquire block | fifo | spin | spin:100us */
static gboolean
apply_acquire (PsCliScenario *self, const char *text, GError **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *mode = colon ? g_strndup (text, (gsize) (colon - text)) : g_strdup (text);

  if (colon != NULL && strcmp (mode, "spin") != 0)
    {
      g_autofree char *message = g_strdup_printf (
        "--acquire must be block, fifo, spin or spin:INTERVAL such as spin:100us (got '%s')", text);
      return set_error (error, message);
    }
  if (!apply_knob (self, PS_KNOB_ACQUIRE, mode, error))
    return FALSE;
  return colon == NULL || apply_knob (self, PS_KNOB_SPIN, colon + 1, error);
}

/* --warmup is a task count; a value with a time unit ("2s") is a warm-up time instead, so that
 * `--duration 30s --warmup 2s` does what it says. */
static gboolean
apply_warmup (PsCliScenario *self, const char *text, GError **error)
{
  double value;

  if (ps_knob_parse (ps_knob_info (PS_KNOB_WARMUP_TASKS), text, &value, NULL, 0) == 0
      || strpbrk (text, "hmnsuµμ") == NULL)
    return apply_knob (self, PS_KNOB_WARMUP_TASKS, text, error);
  self->scenario.warmup_tasks = 0;
  self->given[PS_KNOB_WARMUP_TASKS] = FALSE;
  return apply_knob (self, PS_KNOB_WARMUP_TIME, text, error);
}

static gboolean
on_knob_option (const char *option_name, const char *value, gpointer data, GError **error)
{
  PsCliScenario *self = data;
  const PsKnobInfo *info;

  /* GOption hands over the name as typed on the command line, with its dashes. */
  while (*option_name == '-')
    option_name++;
  info = ps_knob_find (option_name);
  if (info == NULL)
    return set_error (error, "unknown option");

  /* A bare boolean flag (--gil) means on; --gil=off is the way to say off. */
  if (value == NULL)
    value = "on";
  switch (info->knob)
    {
    case PS_KNOB_ACQUIRE:
      return apply_acquire (self, value, error);
    case PS_KNOB_WARMUP_TASKS:
      return apply_warmup (self, value, error);
    default:
      return apply_knob (self, info->knob, value, error);
    }
}

/* --preset NAME|FILE: the preset's strategies and knobs, as if typed at this point, so options
 * after it override it and options before it are overridden. */
static gboolean
on_preset_option (const char *option_name, const char *value, gpointer data, GError **error)
{
  PsCliScenario *self = data;
  PsStoredPreset *stored = ps_preset_store_find (value, error);
  const PsPreset *preset;

  if (stored == NULL)
    return FALSE;
  preset = stored->preset;
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    if (preset->knob_given[k])
      {
        ps_knob_set (&self->scenario, (PsKnob) k, ps_knob_get (&preset->scenario, (PsKnob) k));
        self->given[k] = TRUE;
      }
  memcpy (self->scenario.strategies, preset->scenario.strategies,
          sizeof self->scenario.strategies);
  self->scenario.n_strategies = preset->scenario.n_strategies;
  /* A later --strategy replaces the preset's list rather than appending to it. */
  self->strategy_given = FALSE;
  ps_stored_preset_free (self->preset);
  self->preset = stored;
  return TRUE;
}

static char *
strategy_choices (void)
{
  const PsStrategy *named;
  unsigned n = ps_named_strategies (&named);
  GString *text = g_string_new (NULL);

  for (unsigned i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", named[i].name);
  return g_string_free (text, FALSE);
}

static gboolean
append_strategy (PsCliScenario *self, const PsStrategy *strategy, GError **error)
{
  PsScenario *s = &self->scenario;

  if (s->n_strategies >= PS_MAX_STRATEGIES)
    {
      g_autofree char *message = g_strdup_printf (
        "--strategy takes at most %d strategies (got more)", PS_MAX_STRATEGIES);
      return set_error (error, message);
    }
  s->strategies[s->n_strategies++] = *strategy;
  return TRUE;
}

/* --strategy single,shared,pinned (or "all", or DISPATCH+ISOLATES pairs), each optionally with
 * knobs of its own: 'single[transfer=move],queue' */
static gboolean
on_strategy_option (const char *option_name, const char *value, gpointer data, GError **error)
{
  PsCliScenario *self = data;
  g_auto (GStrv) items = g_strsplit (value, ",", -1);

  if (!self->strategy_given)
    self->scenario.n_strategies = 0;
  self->strategy_given = TRUE;

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);
      PsStrategy strategy;

      if (strcmp (item, "all") == 0)
        {
          const PsStrategy *named;
          unsigned n = ps_named_strategies (&named);

          for (unsigned j = 0; j < n; j++)
            if (!append_strategy (self, &named[j], error))
              return FALSE;
          continue;
        }
      char why[320];
      int rc = ps_strategy_parse_checked (item, &strategy, why, sizeof why);
      if (rc == PS_EINVAL)
        return set_error (error, why);
      if (rc != 0)
        {
          g_autofree char *choices = strategy_choices ();
          g_autofree char *message = g_strdup_printf (
            "--strategy must be a comma-separated list of %s, all, or DISPATCH+ISOLATES pairs "
            "such as sticky+fresh (got '%s')", choices, item);
          return set_error (error, message);
        }
      if (!append_strategy (self, &strategy, error))
        return FALSE;
    }
  return TRUE;
}

/* Index of @value among the names @name_of gives for 0 … @n-1, or -1. */
static int
find_axis_value (const char *(*name_of) (int), int n, const char *value)
{
  for (int i = 0; i < n; i++)
    if (g_strcmp0 (name_of (i), value) == 0)
      return i;
  return -1;
}

static const char *
dispatch_name_of (int i)
{
  return ps_dispatch_name ((PsDispatchKind) i);
}

static const char *
isolates_name_of (int i)
{
  return ps_isolates_name ((PsIsolatesKind) i);
}

static char *
axis_choices (const char *(*name_of) (int), int n, const char *separator)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? separator : "", name_of (i));
  return g_string_free (text, FALSE);
}

/* --dispatch and --isolates-mode: the two halves of one custom pair. */
static gboolean
on_axis_option (const char *option_name, const char *value, gpointer data, GError **error)
{
  PsCliScenario *self = data;
  gboolean is_dispatch = strcmp (option_name, "--dispatch") == 0;
  const char *(*name_of) (int) = is_dispatch ? dispatch_name_of : isolates_name_of;
  int n = is_dispatch ? PS_DISPATCH_COUNT : PS_ISOLATES_COUNT;
  int index = find_axis_value (name_of, n, value);

  if (index < 0)
    {
      g_autofree char *choices = axis_choices (name_of, n, ", ");
      g_autofree char *message = g_strdup_printf ("%s must be one of %s (got '%s')", option_name,
                                                  choices, value);
      return set_error (error, message);
    }
  if (is_dispatch)
    self->dispatch = index;
  else
    self->isolates_mode = index;
  return TRUE;
}

static gboolean
on_format_option (const char *option_name, const char *value, gpointer data, GError **error)
{
  PsCliScenario *self = data;
  g_autofree char *message = NULL;

  if (ps_report_format_parse (value, &self->format))
    return TRUE;
  message = g_strdup_printf ("--format must be one of table, json, csv (got '%s')", value);
  return set_error (error, message);
}

/* "SIZE", "TIME", "copy|move|capture-whole", … */
static const char *
knob_arg_description (PsCliScenario *self, const PsKnobInfo *info)
{
  switch (info->knob)
    {
    case PS_KNOB_ACQUIRE:
      return "block|spin[:TIME]";
    case PS_KNOB_WARMUP_TASKS:
      return "N|TIME";
    default:
      break;
    }
  switch (info->unit)
    {
    case PS_UNIT_BYTES:    return "SIZE";
    case PS_UNIT_DURATION: return "TIME";
    case PS_UNIT_RATIO:    return "X";
    case PS_UNIT_BOOL:     return "on|off";
    case PS_UNIT_ENUM:     return keep (self, g_strjoinv ("|", (char **) info->choices));
    case PS_UNIT_COUNT:
    default:               return "N";
    }
}

/* The help sentence, then the allowed values and the default. */
static const char *
knob_description (PsCliScenario *self, const PsKnobInfo *info)
{
  PsScenario defaults;
  char lo[48], hi[48], def[48];
  double value;
  GString *text = g_string_new (info->help);

  ps_scenario_init_defaults (&defaults);
  value = ps_knob_get (&defaults, info->knob);
  ps_knob_format (info, info->min, lo, sizeof lo);
  ps_knob_format (info, info->max, hi, sizeof hi);
  ps_knob_format (info, value, def, sizeof def);

  if (info->unit == PS_UNIT_ENUM)
    {
      g_autofree char *choices = g_strjoinv (", ", (char **) info->choices);
      g_string_append_printf (text, " One of %s; default %s.", choices, def);
    }
  else if (info->unit == PS_UNIT_BOOL)
    g_string_append_printf (text, " Alone it means on, --%s=off turns it off; default %s.",
                            info->option, def);
  else if (info->knob == PS_KNOB_DURATION && value == 0)
    g_string_append_printf (text, " Range %s to %s; given alone it replaces the default --tasks "
                            "and --warmup.", lo, hi);
  else
    g_string_append_printf (text, " Range %s to %s; default %s.", lo, hi, def);

  if (info->knob == PS_KNOB_ACQUIRE)
    g_string_append (text, " spin:TIME also sets --spin.");
  else if (info->knob == PS_KNOB_WARMUP_TASKS)
    g_string_append (text, " A time such as 2s sets --warmup-time instead.");
  else if (info->knob == PS_KNOB_INTERLEAVE)
    g_string_append (text, " Giving it selects --order interleaved.");
  return keep (self, g_string_free (text, FALSE));
}

GOptionGroup *
ps_cli_scenario_new_option_group (PsCliScenario *self)
{
  GOptionEntry entries[PS_KNOB_COUNT + N_EXTRA_ENTRIES];
  g_autofree char *named = strategy_choices ();
  g_autofree char *dispatches = axis_choices (dispatch_name_of, PS_DISPATCH_COUNT, ", ");
  g_autofree char *isolates = axis_choices (isolates_name_of, PS_ISOLATES_COUNT, ", ");
  GOptionGroup *group;
  guint n = 0;

  memset (entries, 0, sizeof entries);
  entries[n++] = (GOptionEntry) {
    "strategy", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_strategy_option,
    keep (self, g_strdup_printf ("Strategies to run and compare, comma separated: %s, all, or "
                                 "DISPATCH+ISOLATES pairs such as sticky+fresh; default "
                                 "single,shared,pinned. A strategy can run with knobs of its "
                                 "own: 'single[transfer=move],queue[transfer=copy;work=5us]'.",
                                 named)),
    "LIST" };
  entries[n++] = (GOptionEntry) {
    "preset", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_preset_option,
    "Start from a preset (a name from `poolscope-cli presets`, or a .json file): its strategies "
    "and knobs, which options after --preset override.", "NAME|FILE" };
  entries[n++] = (GOptionEntry) {
    "dispatch", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_axis_option,
    keep (self, g_strdup_printf ("How tasks reach threads, for one custom pair with "
                                 "--isolates-mode: %s.", dispatches)),
    "NAME" };
  entries[n++] = (GOptionEntry) {
    "isolates-mode", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_axis_option,
    keep (self, g_strdup_printf ("How tasks get an isolate, for one custom pair with --dispatch: "
                                 "%s.", isolates)),
    "NAME" };

  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) k);

      entries[n++] = (GOptionEntry) {
        info->option, 0, info->unit == PS_UNIT_BOOL ? G_OPTION_FLAG_OPTIONAL_ARG : 0,
        G_OPTION_ARG_CALLBACK, (gpointer) on_knob_option, knob_description (self, info),
        knob_arg_description (self, info) };
    }

  if (self->flags & PS_CLI_SCENARIO_OUTPUT_OPTIONS)
    {
      entries[n++] = (GOptionEntry) {
        "format", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_format_option,
        "Output on stdout: an aligned table, JSON or CSV; default table.", "table|json|csv" };
      entries[n++] = (GOptionEntry) {
        "progress", 0, 0, G_OPTION_ARG_NONE, &self->progress,
        "Show progress on stderr even when it is not a terminal.", NULL };
    }
  g_assert_cmpuint (n, <, G_N_ELEMENTS (entries));

  group = g_option_group_new ("scenario", "Scenario options", "Show the scenario options", self,
                              NULL);
  g_option_group_add_entries (group, entries);
  return group;
}

gboolean
ps_cli_scenario_finish (PsCliScenario *self, gboolean validate, GError **error)
{
  PsScenario *s = &self->scenario;
  PsValidation why;

  g_return_val_if_fail (!self->finished, FALSE);
  self->finished = TRUE;

  if ((self->dispatch < 0) != (self->isolates_mode < 0))
    {
      g_autofree char *message = g_strdup_printf (
        "--dispatch and --isolates-mode make one pair and go together (got only %s)",
        self->dispatch < 0 ? "--isolates-mode" : "--dispatch");
      return set_error (error, message);
    }
  if (self->dispatch >= 0)
    {
      PsStrategy pair = { 0 };
      g_autofree char *text = g_strdup_printf ("%s+%s", dispatch_name_of (self->dispatch),
                                               isolates_name_of (self->isolates_mode));

      ps_strategy_parse (text, &pair);
      if (!self->strategy_given)
        s->n_strategies = 0;
      if (!append_strategy (self, &pair, error))
        return FALSE;
    }

  ps_scenario_apply_implied (s, self->given);

  if (validate && ps_scenario_validate (s, &why) != 0)
    return set_error (error, why.message);
  return TRUE;
}

PsScenario *
ps_cli_scenario_get_scenario (PsCliScenario *self)
{
  return &self->scenario;
}

gboolean
ps_cli_scenario_was_given (PsCliScenario *self, PsKnob knob)
{
  return (unsigned) knob < PS_KNOB_COUNT && self->given[knob];
}

const PsStoredPreset *
ps_cli_scenario_get_preset (PsCliScenario *self)
{
  return self->preset;
}

PsReportFormat
ps_cli_scenario_get_format (PsCliScenario *self)
{
  return self->format;
}

gboolean
ps_cli_scenario_get_progress (PsCliScenario *self)
{
  return self->progress;
}

const char *
ps_cli_scenario_get_description (void)
{
  static char *description;

  if (g_once_init_enter (&description))
    {
      char *text = g_strconcat (
        "Sizes take B, KiB, MiB, GiB (k, M, G are binary too); times take ns, us, ms, s, m, h.\n"
        "\n", ps_report_measures_text (),
        "\nExamples:\n"
        "  poolscope-cli run --strategy single,shared,pinned --threads 4 --isolates 2\n"
        "  poolscope-cli run --strategy legacy,pinned --payload 64KiB --io-delay 2ms "
        "--format json\n"
        "  poolscope-cli run --strategy shared --acquire spin:100us --duration 5s --warmup 1s\n",
        NULL);
      g_once_init_leave (&description, text);
    }
  return description;
}

int
ps_cli_usage_error (const GError *error)
{
  g_autofree char *line = g_strdup (error != NULL ? error->message : "invalid arguments");

  /* The contract is one line, whatever GLib's or our own message looked like. */
  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("poolscope-cli: %s\n", line);
  return 2;
}
