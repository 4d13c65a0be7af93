/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-preset.c: load, check, migrate and save presets (the schema is in ps-preset.h).
 *
 * Everything a file says is checked before it reaches a PsScenario, and every refusal is one line
 * "ORIGIN: FIELD: what is wrong and what is allowed", so the CLI can print it and the window can
 * show it as it is. Knob values go through the knob table's own parser, which is what makes a
 * preset accept exactly what the command line accepts.
 */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-preset.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "ps-report-format.h"

/* At most 40 characters of @text for a message, so a 100 KB key makes a short line. */
static char *
excerpt (const char *text)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= 40)
    return g_strdup (text);
  head = g_utf8_substring (text, 0, 40);
  return g_strconcat (head, "…", NULL);
}

/* g_set_str () is GLib 2.76, newer than the platform's 2.74. */
static void
replace_text (char **slot, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*slot);
  *slot = copy;
}

/* ---- Typed fields ---------------------------------------------------------------------------- */

static const char *
node_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "a list";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "true or false";
    default:
      return "a number";
    }
}

static gboolean
expect_string (PsFileReader *loader, JsonNode *node, const char *field, const char **out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "%s must be a string (got %s)", field,
                                node != NULL ? node_type_name (node) : "nothing");
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
optional_string (PsFileReader *loader, JsonObject *object, const char *key, const char *field,
                 char **out)
{
  const char *text = "";

  if (json_object_has_member (object, key)
      && !expect_string (loader, json_object_get_member (object, key), field, &text))
    return FALSE;
  g_free (*out);
  *out = g_strdup (text);
  return TRUE;
}

static gboolean
expect_integer (PsFileReader *loader, JsonNode *node, const char *field, gint64 min, gint64 max,
                gint64 *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "%s must be a whole number (got %s)", field,
                                node != NULL ? node_type_name (node) : "nothing");
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "%s must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " (got %"
                                G_GINT64_FORMAT ")", field, min, max, *out);
  return TRUE;
}

static gboolean
expect_finite_number (PsFileReader *loader, JsonNode *node, const char *field, double *out)
{
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                            : G_TYPE_INVALID;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "%s must be a number (got %s)", field,
                                node != NULL ? node_type_name (node) : "nothing");
  *out = json_node_get_double (node);
  if (!isfinite (*out))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "%s is too large to be a number", field);
  return TRUE;
}

/* Refuses members other than @allowed (NULL-terminated), naming them all in the message. */
static gboolean
only_known_members (PsFileReader *loader, JsonObject *object, const char *where,
                    const char *const *allowed)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *names = g_strjoinv (", ", (char **) allowed);
        g_autofree char *key = excerpt (l->data);

        return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                    "%s“%s” is not a field of a preset "
                                    "(allowed: %s)", where, key, names);
      }
  return TRUE;
}

/* ---- Knobs ------------------------------------------------------------------------------------ */

/* A knob's value as the command line would have it: strings as they are, numbers and booleans
 * as their text. */
static gboolean
knob_text (PsFileReader *loader, JsonNode *node, const char *field, char **out)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_STRING:
        *out = g_strdup (json_node_get_string (node));
        return TRUE;
      case G_TYPE_BOOLEAN:
        *out = g_strdup (json_node_get_boolean (node) ? "on" : "off");
        return TRUE;
      case G_TYPE_INT64:
        *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        return TRUE;
      default:
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          double value = json_node_get_double (node);

          if (!isfinite (value))
            return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                        "%s is too large to be a number",
                                        field);
          *out = g_strdup (g_ascii_dtostr (buf, sizeof buf, value));
          return TRUE;
        }
      }
  return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                              "%s must be a value as poolscope-cli takes it, such as \"4 KiB\" "
                              "or \"2ms\" (got %s)",
                              field, node != NULL ? node_type_name (node) : "nothing");
}

static gboolean
parse_knob_value (PsFileReader *loader, const PsKnobInfo *info, JsonNode *node, const char *field,
                  double *value)
{
  g_autofree char *text = NULL;
  char why[320];

  if (!knob_text (loader, node, field, &text))
    return FALSE;
  if (ps_knob_parse (info, text, value, why, sizeof why) != 0)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID, "%s: %s", field, why);
  return TRUE;
}

static const PsKnobInfo *
find_knob (PsFileReader *loader, const char *name, const char *where)
{
  const PsKnobInfo *info = ps_knob_find (name);
  g_autofree char *shown = NULL;

  if (info == NULL)
    {
      shown = excerpt (name);
      ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                           "%s: “%s” is not a knob (`poolscope-cli knobs` "
                           "lists them)", where, shown);
    }
  return info;
}

static gboolean
load_knobs (PsFileReader *loader, JsonNode *node, PsPreset *preset)
{
  g_autoptr (GList) members = NULL;
  JsonObject *knobs;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "knobs must be an object of knob names and values (got %s)",
                                node_type_name (node));
  knobs = json_node_get_object (node);
  members = json_object_get_members (knobs);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *key = excerpt (l->data);
      g_autofree char *field = g_strdup_printf ("knobs.%s", key);
      const PsKnobInfo *info = find_knob (loader, l->data, "knobs");
      double value;

      if (info == NULL
          || !parse_knob_value (loader, info, json_object_get_member (knobs, l->data), field,
                                &value))
        return FALSE;
      if (preset->knob_given[info->knob])
        return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                    "%s: the knob %s is given twice (under two of its names)", field,
                                    info->name);
      ps_knob_set (&preset->scenario, info->knob, value);
      preset->knob_given[info->knob] = TRUE;
    }
  return TRUE;
}

void
ps_scenario_apply_implied (PsScenario *s, const gboolean given[PS_KNOB_COUNT])
{
  /* A duration replaces the default task count rather than conflicting with it. */
  if (given[PS_KNOB_DURATION])
    {
      if (!given[PS_KNOB_TASKS])
        s->tasks = 0;
      if (!given[PS_KNOB_WARMUP_TASKS])
        s->warmup_tasks = 0;
      /* A cold start (isolates not built yet, caches cold) is not the strategy's steady state:
       * a duration run warms up for a tenth of its length, at most a second, unless told. */
      if (!given[PS_KNOB_WARMUP_TIME] && !given[PS_KNOB_WARMUP_TASKS])
        s->warmup_ns = MIN (s->duration_ns / 10, G_GUINT64_CONSTANT (1000000000));
    }
  if (given[PS_KNOB_INTERLEAVE] && !given[PS_KNOB_ORDER])
    s->order = PS_ORDER_INTERLEAVED;
}

/* ---- Strategies --------------------------------------------------------------------------- */

static gboolean
load_strategies (PsFileReader *loader, JsonNode *node, PsScenario *s)
{
  JsonArray *list;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "strategies must be a list of names such as [\"single\", "
                                "\"pinned\"] (got %s)",
                                node != NULL ? node_type_name (node) : "nothing");
  list = json_node_get_array (node);
  n = json_array_get_length (list);
  if (n == 0 || n > PS_MAX_STRATEGIES)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "strategies must name 1 to %d strategies "
                                "(got %u)", PS_MAX_STRATEGIES, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *field = g_strdup_printf ("strategies[%u]", i);
      const char *name;
      char why[320] = "";
      int rc;

      if (!expect_string (loader, json_array_get_element (list, i), field, &name))
        return FALSE;
      rc = ps_strategy_parse_checked (name, &s->strategies[i], why, sizeof why);
      if (rc != 0)
        return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID, "%s: %s", field,
                                    rc == PS_EINVAL && why[0] != '\0' ? why
                                    : "not a strategy (`poolscope-cli strategies` lists them; "
                                      "DISPATCH+ISOLATES "
                                    "pairs such as sticky+fresh also work)");
    }
  s->n_strategies = n;
  return TRUE;
}

static gboolean
has_strategy (const PsScenario *s, const char *name)
{
  PsStrategy wanted;

  if (ps_strategy_parse (name, &wanted) != 0)
    return FALSE;
  for (unsigned i = 0; i < s->n_strategies; i++)
    if (strcmp (s->strategies[i].name, wanted.name) == 0)
      return TRUE;
  return FALSE;
}

/* ---- Sweep ------------------------------------------------------------------------------------ */

static const char *const spacing_names[] = { "linear", "log", "list", NULL };

static gboolean
load_sweep (PsFileReader *loader, JsonNode *node, PsPreset *preset)
{
  static const char *const allowed[] = { "knob", "from", "to", "points", "spacing", "values",
                                         "metric", "reference", NULL };
  PsSweepConfig *sweep = &preset->sweep;
  const PsKnobInfo *info;
  const char *text;
  JsonObject *object;
  PsValidation why;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID, "sweep must be an object (got %s)",
                                node_type_name (node));
  object = json_node_get_object (node);
  if (!only_known_members (loader, object, "sweep: ", allowed)
      || !expect_string (loader, json_object_get_member (object, "knob"), "sweep.knob", &text)
      || (info = find_knob (loader, text, "sweep.knob")) == NULL)
    return FALSE;
  if (!info->sweepable)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "sweep.knob: %s cannot be swept", info->name);
  sweep->knob = info->knob;

  sweep->spacing = PS_SWEEP_LOG;
  if (json_object_has_member (object, "spacing"))
    {
      if (!expect_string (loader, json_object_get_member (object, "spacing"), "sweep.spacing",
                          &text))
        return FALSE;
      for (sweep->spacing = 0; spacing_names[sweep->spacing] != NULL; sweep->spacing++)
        if (strcmp (text, spacing_names[sweep->spacing]) == 0)
          break;
      if (spacing_names[sweep->spacing] == NULL)
        {
          g_autofree char *shown = excerpt (text);

          return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                      "sweep.spacing must be linear, log or list (got “%s”)",
                                      shown);
        }
    }

  if (sweep->spacing == PS_SWEEP_LIST)
    {
      JsonNode *values = json_object_get_member (object, "values");
      JsonArray *list;

      if (values == NULL || !JSON_NODE_HOLDS_ARRAY (values))
        return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                    "sweep.values must be a list of the knob's values (got %s)",
                                    values != NULL ? node_type_name (values) : "nothing");
      list = json_node_get_array (values);
      sweep->n_values = json_array_get_length (list);
      if (sweep->n_values == 0 || sweep->n_values > PS_SWEEP_MAX_VALUES)
        return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                    "sweep.values must hold 1 to %d values "
                                    "(got %u)", PS_SWEEP_MAX_VALUES, sweep->n_values);
      for (guint i = 0; i < sweep->n_values; i++)
        {
          g_autofree char *field = g_strdup_printf ("sweep.values[%u]", i);

          if (!parse_knob_value (loader, info, json_array_get_element (list, i), field,
                                 &sweep->values[i]))
            return FALSE;
        }
    }
  else
    {
      gint64 points;

      if (!parse_knob_value (loader, info, json_object_get_member (object, "from"), "sweep.from",
                             &sweep->from)
          || !parse_knob_value (loader, info, json_object_get_member (object, "to"), "sweep.to",
                                &sweep->to)
          || !expect_integer (loader, json_object_get_member (object, "points"), "sweep.points",
                              1, PS_SWEEP_MAX_VALUES, &points))
        return FALSE;
      sweep->points = (unsigned) points;
    }

  if (json_object_has_member (object, "metric"))
    {
      if (!expect_string (loader, json_object_get_member (object, "metric"), "sweep.metric",
                          &text))
        return FALSE;
      if (ps_sweep_metric_parse (text, &sweep->metric) != 0)
        {
          g_autofree char *shown = excerpt (text);

          return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                      "sweep.metric must be time, p50 or p99 (got “%s”)", shown);
        }
    }
  if (json_object_has_member (object, "reference"))
    {
      if (!expect_string (loader, json_object_get_member (object, "reference"),
                          "sweep.reference", &text))
        return FALSE;
      if (strlen (text) >= sizeof sweep->reference)
        return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID, "sweep.reference is too long");
      g_strlcpy (sweep->reference, text, sizeof sweep->reference);
    }

  sweep->base = preset->scenario;
  if (ps_sweep_validate (sweep, &why) != 0)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID, "sweep: %s", why.message);
  preset->has_sweep = TRUE;
  return TRUE;
}

/* ---- Published figures ------------------------------------------------------------------------ */

static void
published_figure_clear (gpointer data)
{
  PsPublishedFigure *figure = data;

  g_free (figure->strategy);
  g_free (figure->measure);
  g_free (figure->as_published);
  g_free (figure->at);
}

static gboolean
load_figure (PsFileReader *loader, JsonNode *node, guint index, PsPreset *preset)
{
  static const char *const allowed[] = { "strategy", "measure", "value", "as_published", "at",
                                         NULL };
  g_autofree char *where = g_strdup_printf ("published[%u]", index);
  g_autofree char *prefix = g_strdup_printf ("%s: ", where);
  g_autofree char *field = NULL;
  PsPublishedFigure figure = { .at_value = NAN };
  const char *strategy, *measure, *as_published;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "%s must be an object (got %s)", where,
                                node_type_name (node));
  object = json_node_get_object (node);
  if (!only_known_members (loader, object, prefix, allowed))
    return FALSE;

  field = g_strdup_printf ("%s.strategy", where);
  if (!expect_string (loader, json_object_get_member (object, "strategy"), field, &strategy))
    return FALSE;
  if (!has_strategy (&preset->scenario, strategy))
    {
      g_autofree char *shown = excerpt (strategy);

      return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                  "%s: “%s” is not one of the preset's "
                                  "strategies", field, shown);
    }

  g_free (field);
  field = g_strdup_printf ("%s.measure", where);
  if (!expect_string (loader, json_object_get_member (object, "measure"), field, &measure))
    return FALSE;
  if (!ps_report_measure_known (measure))
    {
      g_autofree char *shown = excerpt (measure);

      return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                  "%s: “%s” is not a measure of a result "
                                  "(use a key of a result in `poolscope-cli run --format json`, "
                                  "such as "
                                  "throughput_per_s or latency_us.p50)", field, shown);
    }

  g_free (field);
  field = g_strdup_printf ("%s.value", where);
  if (!expect_finite_number (loader, json_object_get_member (object, "value"), field,
                             &figure.value))
    return FALSE;

  g_free (field);
  field = g_strdup_printf ("%s.as_published", where);
  if (!expect_string (loader, json_object_get_member (object, "as_published"), field,
                      &as_published))
    return FALSE;

  if (json_object_has_member (object, "at"))
    {
      g_autofree char *at = NULL;

      g_free (field);
      field = g_strdup_printf ("%s.at", where);
      if (!preset->has_sweep)
        return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                    "%s: a figure is published “at” a swept value, and this "
                                    "preset has no sweep",
                                    field);
      if (!knob_text (loader, json_object_get_member (object, "at"), field, &at)
          || !parse_knob_value (loader, ps_knob_info (preset->sweep.knob),
                                json_object_get_member (object, "at"), field, &figure.at_value))
        return FALSE;
      figure.at = g_steal_pointer (&at);
    }
  figure.strategy = g_strdup (strategy);
  figure.measure = g_strdup (measure);
  figure.as_published = g_strdup (as_published);
  g_array_append_val (preset->published, figure);
  return TRUE;
}

static gboolean
load_published (PsFileReader *loader, JsonNode *node, PsPreset *preset)
{
  JsonArray *list;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "published must be a list of figures (got %s)", node_type_name (node));
  list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (!load_figure (loader, json_array_get_element (list, i), i, preset))
      return FALSE;
  return TRUE;
}

/* ---- The preset object ------------------------------------------------------------------------ */

gboolean
ps_preset_name_is_valid (const char *name)
{
  gsize length = name != NULL ? strlen (name) : 0;

  if (length == 0 || length > PS_PRESET_NAME_MAX || name[0] == '-')
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '-')
      return FALSE;
  return TRUE;
}

/* Which knobs @preset's scenario sets: those that differ from the defaults, less those the others
 * imply (a duration run's zero task count and its default warm-up), so that the preset says what
 * a person would have typed and loads again. */
static void
mark_given (PsPreset *preset)
{
  const PsScenario *s = &preset->scenario;
  PsScenario defaults;

  ps_scenario_init_defaults (&defaults);
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    preset->knob_given[k] = ps_knob_get (s, (PsKnob) k) != ps_knob_get (&defaults, (PsKnob) k);
  /* An interleave slice implies interleaved order on loading: a sequential order must then be
   * written out. */
  if (preset->knob_given[PS_KNOB_INTERLEAVE] && s->order != PS_ORDER_INTERLEAVED)
    preset->knob_given[PS_KNOB_ORDER] = TRUE;
  if (s->duration_ns > 0)
    {
      if (s->tasks == 0)
        preset->knob_given[PS_KNOB_TASKS] = FALSE;
      if (s->warmup_tasks == 0)
        preset->knob_given[PS_KNOB_WARMUP_TASKS] = FALSE;
      if (s->warmup_tasks == 0
          && s->warmup_ns == MIN (s->duration_ns / 10, G_GUINT64_CONSTANT (1000000000)))
        preset->knob_given[PS_KNOB_WARMUP_TIME] = FALSE;
    }
}

void
ps_preset_set_scenario (PsPreset *preset, const PsScenario *scenario)
{
  preset->scenario = *scenario;
  mark_given (preset);
}

static gboolean
check_scenario (PsFileReader *loader, PsPreset *preset)
{
  PsValidation why;

  ps_scenario_apply_implied (&preset->scenario, preset->knob_given);
  if (ps_scenario_validate (&preset->scenario, &why) != 0)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID, "knobs: %s", why.message);
  return TRUE;
}

static gboolean
load_current (PsFileReader *loader, JsonObject *root, PsPreset *preset)
{
  static const char *const allowed[] = { "schema_version", "name", "title", "description",
                                         "source", "strategies", "knobs", "sweep", "published",
                                         NULL };
  const char *name;

  if (!only_known_members (loader, root, "", allowed)
      || !expect_string (loader, json_object_get_member (root, "name"), "name", &name))
    return FALSE;
  if (!ps_preset_name_is_valid (name))
    {
      g_autofree char *shown = excerpt (name);

      return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                  "name must be 1 to %d lowercase letters, digits and dashes, "
                                  "not starting with a dash (got “%s”)", PS_PRESET_NAME_MAX,
                                  shown);
    }
  g_free (preset->name);
  preset->name = g_strdup (name);
  if (!optional_string (loader, root, "title", "title", &preset->title)
      || !optional_string (loader, root, "description", "description", &preset->description)
      || !optional_string (loader, root, "source", "source", &preset->source))
    return FALSE;
  if (strpbrk (preset->title, "\r\n") != NULL)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "title must be one line (it holds a line break)");
  if (preset->title[0] == '\0')
    replace_text (&preset->title, preset->name);

  if (!json_object_has_member (root, "strategies"))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "strategies is missing: name at least one");
  if (!load_strategies (loader, json_object_get_member (root, "strategies"), &preset->scenario)
      || (json_object_has_member (root, "knobs")
          && !load_knobs (loader, json_object_get_member (root, "knobs"), preset))
      || !check_scenario (loader, preset))
    return FALSE;
  if (json_object_has_member (root, "sweep")
      && !load_sweep (loader, json_object_get_member (root, "sweep"), preset))
    return FALSE;
  return !json_object_has_member (root, "published")
         || load_published (loader, json_object_get_member (root, "published"), preset);
}

/* Schema 1: a poolscope-cli JSON report, whose "scenario" holds every knob in base units. */
static gboolean
migrate_report (PsFileReader *loader, JsonObject *root, PsPreset *preset)
{
  g_autofree char *base = g_path_get_basename (loader->origin);
  g_autoptr (GList) members = NULL;
  JsonObject *scenario;
  char *dot;

  if (!json_object_has_member (root, "scenario")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "scenario")))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                "schema_version 1 is a poolscope-cli report, "
                                "which has a \"scenario\" object; this file has none");
  scenario = json_object_get_object_member (root, "scenario");

  /* The name comes from the file: lowercase, anything else a dash. */
  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  for (char *c = base; *c != '\0'; c++)
    *c = g_ascii_isalnum (*c) ? g_ascii_tolower (*c) : '-';
  base[MIN (strlen (base), PS_PRESET_NAME_MAX)] = '\0';
  replace_text (&preset->name, ps_preset_name_is_valid (base) ? base : "report");
  replace_text (&preset->title, preset->name);
  replace_text (&preset->description, "The scenario of a poolscope-cli report (schema 1).");
  replace_text (&preset->source, loader->origin);

  if (!load_strategies (loader, json_object_get_member (scenario, "strategies"),
                        &preset->scenario))
    return FALSE;
  members = json_object_get_members (scenario);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *key = excerpt (l->data);
      g_autofree char *field = g_strdup_printf ("scenario.%s", key);
      JsonNode *node = json_object_get_member (scenario, l->data);
      const PsKnobInfo *info;
      double value;

      if (strcmp (l->data, "strategies") == 0)
        continue;
      if ((info = find_knob (loader, l->data, "scenario")) == NULL)
        return FALSE;
      /* A report writes 0 for the limit it did not use (tasks of a duration run, duration of a
       * task run): that is no setting, and the other limit implies it again. */
      if ((info->knob == PS_KNOB_TASKS || info->knob == PS_KNOB_DURATION)
          && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
          && json_node_get_int (node) == 0)
        continue;
      /* Numbers are in the base unit (bytes, nanoseconds), unlike a bare number on the command
       * line; names and booleans read as typed. */
      if (JSON_NODE_HOLDS_VALUE (node) && (json_node_get_value_type (node) == G_TYPE_INT64
                                           || json_node_get_value_type (node) == G_TYPE_DOUBLE))
        {
          if (!expect_finite_number (loader, node, field, &value))
            return FALSE;
          if (ps_knob_set (&preset->scenario, info->knob, value) != 0)
            {
              char low[64], high[64];

              ps_knob_format (info, info->min, low, sizeof low);
              ps_knob_format (info, info->max, high, sizeof high);
              return ps_file_reader_fail (loader, PS_PRESET_ERROR_INVALID,
                                          "%s must be from %s to %s", field,
                                          low, high);
            }
        }
      else if (!parse_knob_value (loader, info, node, field, &value))
        return FALSE;
      else
        ps_knob_set (&preset->scenario, info->knob, value);
    }
  mark_given (preset);
  return check_scenario (loader, preset);
}

PsPreset *
ps_preset_from_report (const char *origin, JsonObject *report, GError **error)
{
  PsFileReader loader = { origin, error };
  g_autoptr (PsPreset) preset = ps_preset_new ("report");

  return migrate_report (&loader, report, preset) ? g_steal_pointer (&preset) : NULL;
}

PsPreset *
ps_preset_load_data (const char *origin, const char *data, gsize length, GError **error)
{
  PsFileReader loader = { origin, error };
  g_autoptr (PsPreset) preset = ps_preset_new ("preset");
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  gint64 version;

  if (length > PS_PRESET_MAX_BYTES)
    {
      ps_file_reader_fail (&loader, PS_PRESET_ERROR_TOO_BIG,
                           "%" G_GSIZE_FORMAT " bytes, more than the %d a "
                           "preset may have", length, PS_PRESET_MAX_BYTES);
      return NULL;
    }
  root = ps_files_parse_json (origin, data, length, PS_PRESET_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      ps_file_reader_fail (&loader, PS_PRESET_ERROR_INVALID, "a preset is one JSON object (got %s)",
                           node_type_name (root));
      return NULL;
    }
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "schema_version"))
    {
      ps_file_reader_fail (&loader, PS_PRESET_ERROR_INVALID,
                           "schema_version is missing (this Poolscope writes "
                           "%d)", PS_PRESET_SCHEMA_VERSION);
      return NULL;
    }
  if (!expect_integer (&loader, json_object_get_member (object, "schema_version"),
                       "schema_version", 1, G_MAXINT, &version))
    return NULL;
  if (version > PS_PRESET_SCHEMA_VERSION)
    {
      ps_file_reader_fail (&loader, PS_PRESET_ERROR_NEWER,
                           "schema_version %" G_GINT64_FORMAT " was written by "
                           "a newer Poolscope; this one reads up to %d: update Poolscope to open "
                           "it", version,
                           PS_PRESET_SCHEMA_VERSION);
      return NULL;
    }
  if (!(version == 1 ? migrate_report (&loader, object, preset)
                     : load_current (&loader, object, preset)))
    return NULL;
  return g_steal_pointer (&preset);
}

PsPreset *
ps_preset_load_object (const char *origin, JsonObject *object, GError **error)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length = 0;

  json_node_set_object (node, object);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  return ps_preset_load_data (origin, text, length, error);
}

PsPreset *
ps_preset_load_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  data = ps_files_read_limited (path, PS_PRESET_MAX_BYTES, &length, error);
  return data != NULL ? ps_preset_load_data (path, data, length, error) : NULL;
}

/* ---- Life cycle ------------------------------------------------------------------------------- */

PsPreset *
ps_preset_new (const char *name)
{
  PsPreset *preset = g_new0 (PsPreset, 1);

  preset->name = g_strdup (name);
  preset->title = g_strdup (name);
  preset->description = g_strdup ("");
  preset->source = g_strdup ("");
  ps_scenario_init_defaults (&preset->scenario);
  ps_sweep_config_init (&preset->sweep);
  preset->published = g_array_new (FALSE, TRUE, sizeof (PsPublishedFigure));
  g_array_set_clear_func (preset->published, published_figure_clear);
  return preset;
}

void
ps_preset_free (PsPreset *preset)
{
  if (preset == NULL)
    return;
  g_free (preset->name);
  g_free (preset->title);
  g_free (preset->description);
  g_free (preset->source);
  g_array_unref (preset->published);
  g_free (preset);
}

PsPreset *
ps_preset_copy (const PsPreset *preset)
{
  PsPreset *copy = ps_preset_new (preset->name);

  replace_text (&copy->title, preset->title);
  replace_text (&copy->description, preset->description);
  replace_text (&copy->source, preset->source);
  copy->scenario = preset->scenario;
  memcpy (copy->knob_given, preset->knob_given, sizeof copy->knob_given);
  copy->has_sweep = preset->has_sweep;
  copy->sweep = preset->sweep;
  for (guint i = 0; i < preset->published->len; i++)
    {
      PsPublishedFigure figure = g_array_index (preset->published, PsPublishedFigure, i);

      figure.strategy = g_strdup (figure.strategy);
      figure.measure = g_strdup (figure.measure);
      figure.as_published = g_strdup (figure.as_published);
      figure.at = g_strdup (figure.at);
      g_array_append_val (copy->published, figure);
    }
  return copy;
}

/* ---- Writing ---------------------------------------------------------------------------------- */

static void
add_knob_value (JsonBuilder *b, const char *key, PsKnob knob, double value)
{
  char text[96];

  ps_knob_format (ps_knob_info (knob), value, text, sizeof text);
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, text);
}

static void
build_sweep (JsonBuilder *b, const PsSweepConfig *sweep)
{
  json_builder_set_member_name (b, "sweep");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "knob");
  json_builder_add_string_value (b, ps_knob_info (sweep->knob)->name);
  json_builder_set_member_name (b, "spacing");
  json_builder_add_string_value (b, spacing_names[sweep->spacing]);
  if (sweep->spacing == PS_SWEEP_LIST)
    {
      json_builder_set_member_name (b, "values");
      json_builder_begin_array (b);
      for (unsigned i = 0; i < sweep->n_values; i++)
        {
          char text[96];

          ps_knob_format (ps_knob_info (sweep->knob), sweep->values[i], text, sizeof text);
          json_builder_add_string_value (b, text);
        }
      json_builder_end_array (b);
    }
  else
    {
      add_knob_value (b, "from", sweep->knob, sweep->from);
      add_knob_value (b, "to", sweep->knob, sweep->to);
      json_builder_set_member_name (b, "points");
      json_builder_add_int_value (b, sweep->points);
    }
  json_builder_set_member_name (b, "metric");
  json_builder_add_string_value (b, ps_sweep_metric_name (sweep->metric));
  json_builder_set_member_name (b, "reference");
  json_builder_add_string_value (b, sweep->reference);
  json_builder_end_object (b);
}

static void
build_published (JsonBuilder *b, GArray *published)
{
  json_builder_set_member_name (b, "published");
  json_builder_begin_array (b);
  for (guint i = 0; i < published->len; i++)
    {
      const PsPublishedFigure *figure = &g_array_index (published, PsPublishedFigure, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "strategy");
      json_builder_add_string_value (b, figure->strategy);
      json_builder_set_member_name (b, "measure");
      json_builder_add_string_value (b, figure->measure);
      ps_json_add_double (b, "value", figure->value);
      json_builder_set_member_name (b, "as_published");
      json_builder_add_string_value (b, figure->as_published);
      if (figure->at != NULL)
        {
          json_builder_set_member_name (b, "at");
          json_builder_add_string_value (b, figure->at);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
ps_preset_to_node (const PsPreset *preset)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const struct { const char *key, *value; } texts[] = {
    { "name", preset->name },
    { "title", preset->title },
    { "description", preset->description },
    { "source", preset->source },
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, PS_PRESET_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      json_builder_set_member_name (b, texts[i].key);
      json_builder_add_string_value (b, texts[i].value != NULL ? texts[i].value : "");
    }
  json_builder_set_member_name (b, "strategies");
  json_builder_begin_array (b);
  for (unsigned i = 0; i < preset->scenario.n_strategies; i++)
    json_builder_add_string_value (b, preset->scenario.strategies[i].name);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "knobs");
  json_builder_begin_object (b);
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    if (preset->knob_given[k])
      add_knob_value (b, ps_knob_info ((PsKnob) k)->name, (PsKnob) k,
                      ps_knob_get (&preset->scenario, (PsKnob) k));
  json_builder_end_object (b);

  if (preset->has_sweep)
    build_sweep (b, &preset->sweep);
  if (preset->published->len > 0)
    build_published (b, preset->published);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
ps_preset_to_json (const PsPreset *preset)
{
  g_autoptr (JsonNode) root = ps_preset_to_node (preset);

  return ps_json_to_string (root);
}

gboolean
ps_preset_save (const PsPreset *preset, const char *path, GError **error)
{
  g_autofree char *json = ps_preset_to_json (preset);

  return ps_files_write_atomically (path, json, strlen (json), error);
}
