/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-preset.c: the preset loader against the schema and rules in ps-preset.h.
 *
 * A valid preset loads with exactly the knobs it names (values checked against numbers written
 * here, not computed by the loader's own code) and the defaults for the rest; a JSON number or
 * boolean means the text it is typed as. Load → ps_preset_to_json → load gives the same preset
 * (every knob, the strategies by name, the sweep, the published figures) for the fixtures, for
 * every knob at the ends of its range, and for whatever random mutations of a preset still load.
 * A schema 1 file, a real poolscope-cli JSON report, migrates with its knobs read in bytes and
 * nanoseconds. ps_preset_save replaces a file atomically: it loads afterwards, nothing is left
 * beside it, and a save that fails (no directory, a file where the directory should be, a full
 * disk simulated with RLIMIT_FSIZE) leaves the old file whole; none of it relies on permissions,
 * so it holds under root. Every file of corpus/ is refused with its PsPresetError code and one
 * valid UTF-8 line naming the file and the field; so are the cases too big to commit (10 MB, 1 MiB
 * + 1 byte, 100000 levels of nesting). The inputs most likely to crash the loader (deep nesting,
 * random bytes, random edits of a preset) run in subprocesses, so a crash fails one test only.
 *
 * G_TEST_SRCDIR is tests/ (meson sets it), so the fixtures are app/files/… below it.
 */
#define G_LOG_DOMAIN "test-preset"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ps-preset.h"

#define CODE(c) (1u << (c))
#define TOO_BIG CODE (PS_PRESET_ERROR_TOO_BIG)
#define SYNTAX CODE (PS_PRESET_ERROR_SYNTAX)
#define INVALID CODE (PS_PRESET_ERROR_INVALID)
#define NEWER CODE (PS_PRESET_ERROR_NEWER)

/* ---------------------------------------------------------------------------------------------- */
/* Helpers */

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "app", "files", name, NULL);
}

static char *
valid_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "app", "files", "valid", name, NULL);
}

static PsPreset *
load_valid (const char *name)
{
  g_autofree char *path = valid_fixture (name);
  g_autoptr (GError) error = NULL;
  PsPreset *preset = ps_preset_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (preset);
  return preset;
}

static const char *
code_name (int code)
{
  switch (code)
    {
    case PS_PRESET_ERROR_TOO_BIG: return "TOO_BIG";
    case PS_PRESET_ERROR_SYNTAX:  return "SYNTAX";
    case PS_PRESET_ERROR_INVALID: return "INVALID";
    case PS_PRESET_ERROR_NEWER:   return "NEWER";
    default:                      return "(not a PsPresetError)";
    }
}

static char *
codes_text (guint codes)
{
  GString *text = g_string_new (NULL);

  for (int c = PS_PRESET_ERROR_TOO_BIG; c <= PS_PRESET_ERROR_NEWER; c++)
    if (codes & CODE (c))
      g_string_append_printf (text, "%s%s", text->len ? " or " : "", code_name (c));
  return g_string_free (text, FALSE);
}

/* Checks that a load was refused the way ps-preset.h says: NULL, a PS_PRESET_ERROR with one of
 * @codes, one valid UTF-8 line naming @origin and, when not NULL, @field. Failures are reported
 * (all of them, not only the first) and make the test fail; returns whether it held. */
static gboolean
check_refused (const char   *label,
               PsPreset     *preset,
               const GError *error,
               guint         codes,
               const char   *origin,
               const char   *field)
{
  g_autofree char *expected = codes_text (codes);
  g_autofree char *problem = NULL;

  if (preset != NULL)
    problem = g_strdup_printf ("loaded (name '%s'), expected %s", preset->name, expected);
  else if (error == NULL)
    problem = g_strdup ("returned NULL without an error");
  else if (error->domain != PS_PRESET_ERROR)
    problem = g_strdup_printf ("error domain %s, expected ps-preset-error: %s",
                               g_quark_to_string (error->domain),
                               g_utf8_validate (error->message, -1, NULL) ? error->message : "?");
  else if (!g_utf8_validate (error->message, -1, NULL))
    problem = g_strdup_printf ("%s message is not valid UTF-8", code_name (error->code));
  else if (error->code < PS_PRESET_ERROR_TOO_BIG || error->code > PS_PRESET_ERROR_NEWER ||
           (codes & CODE (error->code)) == 0)
    problem = g_strdup_printf ("%s, expected %s: %s", code_name (error->code), expected,
                               error->message);
  else if (strchr (error->message, '\n') != NULL)
    problem = g_strdup_printf ("message is more than one line: %s", error->message);
  else if (strstr (error->message, origin) == NULL)
    problem = g_strdup_printf ("message does not name '%s': %s", origin, error->message);
  else if (field != NULL && strstr (error->message, field) == NULL)
    problem = g_strdup_printf ("message does not name the field '%s': %s", field,
                               error->message);

  if (problem == NULL)
    {
      g_test_message ("%s: %s: %s", label, code_name (error->code), error->message);
      return TRUE;
    }
  g_test_message ("FAILED %s: %s", label, problem);
  g_printerr ("FAILED %s: %s\n", label, problem);
  g_test_fail_printf ("%s: %s", label, problem);
  if (preset != NULL)
    ps_preset_free (preset);
  return FALSE;
}

static void
assert_refused (PsPreset     *preset,
                const GError *error,
                guint         codes,
                const char   *origin,
                const char   *field)
{
  g_assert_true (check_refused (origin, preset, error, codes, origin, field));
}

static const char *
nonnull (const char *s)
{
  return s != NULL ? s : "";
}

static gboolean
same_double (double a, double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
assert_same_scenario (const PsScenario *a, const PsScenario *b)
{
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      double va = ps_knob_get (a, k), vb = ps_knob_get (b, k);

      if (va != vb)
        g_error ("knob %s: %.17g became %.17g", ps_knob_info (k)->name, va, vb);
    }
  g_assert_cmpuint (a->n_strategies, ==, b->n_strategies);
  for (unsigned i = 0; i < a->n_strategies; i++)
    g_assert_cmpstr (a->strategies[i].name, ==, b->strategies[i].name);
}

/* Everything ps-preset.h lists as what a preset is; a NULL string and "" count as the same. */
static void
assert_same_preset (const PsPreset *a, const PsPreset *b)
{
  g_assert_cmpstr (nonnull (a->name), ==, nonnull (b->name));
  g_assert_cmpstr (nonnull (a->title), ==, nonnull (b->title));
  g_assert_cmpstr (nonnull (a->description), ==, nonnull (b->description));
  g_assert_cmpstr (nonnull (a->source), ==, nonnull (b->source));
  assert_same_scenario (&a->scenario, &b->scenario);
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    if (!a->knob_given[k] != !b->knob_given[k])
      g_error ("knob %s: given %d became %d", ps_knob_info (k)->name, a->knob_given[k],
               b->knob_given[k]);

  g_assert_cmpint (!a->has_sweep, ==, !b->has_sweep);
  if (a->has_sweep)
    {
      g_assert_cmpint (a->sweep.knob, ==, b->sweep.knob);
      g_assert_cmpint (a->sweep.spacing, ==, b->sweep.spacing);
      g_assert_cmpint (a->sweep.metric, ==, b->sweep.metric);
      g_assert_cmpstr (a->sweep.reference, ==, b->sweep.reference);
      g_assert_cmpuint (a->sweep.n_values, ==, b->sweep.n_values);
      for (unsigned i = 0; i < a->sweep.n_values && i < PS_SWEEP_MAX_VALUES; i++)
        g_assert_cmpfloat (a->sweep.values[i], ==, b->sweep.values[i]);
      if (a->sweep.spacing != PS_SWEEP_LIST)
        {
          g_assert_cmpfloat (a->sweep.from, ==, b->sweep.from);
          g_assert_cmpfloat (a->sweep.to, ==, b->sweep.to);
          g_assert_cmpuint (a->sweep.points, ==, b->sweep.points);
        }
    }

  g_assert_nonnull (a->published);
  g_assert_nonnull (b->published);
  g_assert_cmpuint (a->published->len, ==, b->published->len);
  for (guint i = 0; i < a->published->len; i++)
    {
      const PsPublishedFigure *fa = &g_array_index (a->published, PsPublishedFigure, i);
      const PsPublishedFigure *fb = &g_array_index (b->published, PsPublishedFigure, i);

      g_assert_cmpstr (fa->strategy, ==, fb->strategy);
      g_assert_cmpstr (fa->measure, ==, fb->measure);
      g_assert_cmpfloat (fa->value, ==, fb->value);
      g_assert_cmpstr (fa->as_published, ==, fb->as_published);
      g_assert_cmpstr (fa->at, ==, fb->at);
      g_assert_true (same_double (fa->at_value, fb->at_value));
    }
}

/* What ps_preset_to_json promises: indented JSON ending with a newline, schema_version 2. */
static void
assert_json_shape (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  g_assert_nonnull (json);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  g_assert_true (g_str_has_suffix (json, "\n"));
  g_assert_nonnull (strchr (json, '\n'));
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==,
                   PS_PRESET_SCHEMA_VERSION);
}

/* to_json → load gives the same preset, and writing that again gives the same text. */
static void
assert_round_trip (const PsPreset *preset)
{
  g_autofree char *json = ps_preset_to_json (preset);
  g_autofree char *again = NULL;
  g_autoptr (PsPreset) back = NULL;
  g_autoptr (GError) error = NULL;

  assert_json_shape (json);
  back = ps_preset_load_data ("round-trip.json", json, strlen (json), &error);
  if (error != NULL)
    g_test_message ("the JSON that did not load back:\n%s", json);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_same_preset (preset, back);
  again = ps_preset_to_json (back);
  g_assert_cmpstr (json, ==, again);
}

static void
assert_defaults_except (const PsPreset *preset, const PsKnob *given, guint n_given)
{
  PsScenario defaults;

  ps_scenario_init_defaults (&defaults);
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      gboolean named = FALSE;

      for (guint i = 0; i < n_given; i++)
        named |= given[i] == (PsKnob) k;
      if (!preset->knob_given[k] != !named)
        g_error ("knob %s: knob_given is %d, the file %s it", ps_knob_info (k)->name,
                 preset->knob_given[k], named ? "names" : "does not name");
      if (!named && ps_knob_get (&preset->scenario, k) != ps_knob_get (&defaults, k))
        g_error ("knob %s is not named but is %.17g, not its default %.17g",
                 ps_knob_info (k)->name, ps_knob_get (&preset->scenario, k),
                 ps_knob_get (&defaults, k));
    }
}

static void
assert_strategies (const PsPreset *preset, const char *const *names)
{
  guint n = g_strv_length ((char **) names);

  g_assert_cmpuint (preset->scenario.n_strategies, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (preset->scenario.strategies[i].name, ==, names[i]);
}

static void
assert_knob (const PsPreset *preset, PsKnob knob, double expected)
{
  double got = ps_knob_get (&preset->scenario, knob);

  if (got != expected)
    g_error ("knob %s is %.17g, expected %.17g", ps_knob_info (knob)->name, got, expected);
}

static void
assert_sweep_rest_at_defaults (const PsSweepConfig *sweep)
{
  PsSweepConfig defaults;

  ps_sweep_config_init (&defaults);
  g_assert_cmpfloat (sweep->ci_target, ==, defaults.ci_target);
  g_assert_cmpuint (sweep->min_reps, ==, defaults.min_reps);
  g_assert_cmpuint (sweep->max_reps, ==, defaults.max_reps);
  g_assert_cmpfloat (sweep->tolerance, ==, defaults.tolerance);
  g_assert_cmpuint (sweep->max_extra_points, ==, defaults.max_extra_points);
  g_assert_cmpuint (sweep->rep_duration_ns, ==, defaults.rep_duration_ns);
  g_assert_cmpuint (sweep->cores, ==, defaults.cores);
  g_assert_true (sweep->measure == defaults.measure);
  g_assert_null (sweep->on_event);
}

/* The names of a directory's entries, sorted. */
static GPtrArray *
list_dir (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static void
assert_dir_holds_only (const char *dir, const char *name)
{
  g_autoptr (GPtrArray) names = list_dir (dir);

  for (guint i = 0; i < names->len; i++)
    g_test_message ("%s holds %s", dir, (const char *) names->pdata[i]);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (names->pdata[0], ==, name);
}

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-preset-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GPtrArray) names = list_dir (path);

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child = g_build_filename (path, names->pdata[i], NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* A valid preset followed by @pad_to − its length spaces (JSON allows trailing whitespace). */
static char *
padded_preset (gsize pad_to, gsize *length)
{
  static const char head[] = "{\"schema_version\": 2, \"name\": \"padded\", \"title\": \"Padded\", "
                             "\"description\": \"Trailing spaces up to a size.\", \"source\": "
                             "\"test-preset.c\", \"strategies\": [\"single\"], \"knobs\": "
                             "{\"threads\": \"3\"}}";
  char *data;

  g_assert_cmpuint (pad_to, >=, sizeof head - 1);
  data = g_malloc (pad_to + 1);
  memcpy (data, head, sizeof head - 1);
  memset (data + sizeof head - 1, ' ', pad_to - (sizeof head - 1));
  data[pad_to] = '\0';
  *length = pad_to;
  return data;
}

/* ---------------------------------------------------------------------------------------------- */
/* Valid presets */

/* Six knobs typed as on the command line, under both their names ("io-delay") and JSON keys. */
static void
test_load_minimal (void)
{
  static const char *const strategies[] = { "single", "shared", NULL };
  static const PsKnob given[] = { PS_KNOB_THREADS, PS_KNOB_PAYLOAD, PS_KNOB_WORK,
                                  PS_KNOB_IO_DELAY, PS_KNOB_AFFINITY, PS_KNOB_GIL };
  g_autoptr (PsPreset) preset = load_valid ("minimal.json");

  g_assert_cmpstr (preset->name, ==, "minimal");
  g_assert_cmpstr (preset->title, ==, "Minimal");
  g_assert_cmpstr (preset->source, ==, "tests/app/files/valid");
  g_assert_true (g_str_has_prefix (preset->description, "Six knobs as typed"));
  assert_strategies (preset, strategies);
  assert_knob (preset, PS_KNOB_THREADS, 4);
  assert_knob (preset, PS_KNOB_PAYLOAD, 16384);      /* "16 KiB" */
  assert_knob (preset, PS_KNOB_WORK, 1500000);       /* "1.5ms" in ns */
  assert_knob (preset, PS_KNOB_IO_DELAY, 1000000);   /* "1ms" in ns */
  assert_knob (preset, PS_KNOB_AFFINITY, 1);         /* "tenant" */
  assert_knob (preset, PS_KNOB_GIL, 1);              /* "on" */
  g_assert_cmpuint (preset->scenario.payload_bytes, ==, 16384);
  g_assert_cmpuint (preset->scenario.io_delay_ns, ==, 1000000);
  assert_defaults_except (preset, given, G_N_ELEMENTS (given));
  g_assert_false (preset->has_sweep);
  g_assert_nonnull (preset->published);
  g_assert_cmpuint (preset->published->len, ==, 0);
}

/* "payload": "4 KiB" is 4096 bytes, and naming a knob at its default still counts as given. */
static void
test_load_default_value_given (void)
{
  static const char json[] = "{\"schema_version\": 2, \"name\": \"four-kib\", \"title\": \"t\", "
                             "\"description\": \"d\", \"source\": \"s\", "
                             "\"strategies\": [\"pinned\"], \"knobs\": {\"payload\": \"4 KiB\"}}";
  static const PsKnob given[] = { PS_KNOB_PAYLOAD };
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = ps_preset_load_data ("four-kib.json", json, strlen (json), &error);

  g_assert_no_error (error);
  assert_knob (preset, PS_KNOB_PAYLOAD, 4096);
  assert_defaults_except (preset, given, G_N_ELEMENTS (given));
  g_assert_cmpuint (preset->scenario.n_strategies, ==, 1);
  g_assert_cmpstr (preset->scenario.strategies[0].name, ==, "pinned");
}

/* A JSON number or boolean is the text it is typed as: a bare work is µs, a bare io-delay ms, a
 * real number keeps every digit and a 53-bit integer is not rounded through "%g". */
static void
test_load_typed_values (void)
{
  static const PsKnob given[] = { PS_KNOB_THREADS, PS_KNOB_WORK, PS_KNOB_IO_DELAY, PS_KNOB_SKEW,
                                  PS_KNOB_SERIALIZE, PS_KNOB_GIL, PS_KNOB_COPY_ALIAS,
                                  PS_KNOB_PAYLOAD, PS_KNOB_RATE, PS_KNOB_SEED };
  g_autoptr (PsPreset) preset = load_valid ("typed.json");

  assert_knob (preset, PS_KNOB_THREADS, 8);                  /* 8 */
  assert_knob (preset, PS_KNOB_WORK, 1500);                  /* 1.5: µs */
  assert_knob (preset, PS_KNOB_IO_DELAY, 2000000);           /* 2: ms */
  assert_knob (preset, PS_KNOB_SKEW, 0.25);
  assert_knob (preset, PS_KNOB_SERIALIZE, 0.123456789012);
  assert_knob (preset, PS_KNOB_GIL, 1);                      /* true */
  assert_knob (preset, PS_KNOB_COPY_ALIAS, 0);               /* false */
  assert_knob (preset, PS_KNOB_PAYLOAD, 65536);
  assert_knob (preset, PS_KNOB_RATE, 1000);                  /* 1e3 */
  assert_knob (preset, PS_KNOB_SEED, 9007199254740991.0);    /* 2^53 − 1 */
  g_assert_cmpuint (preset->scenario.seed, ==, G_GUINT64_CONSTANT (9007199254740991));
  assert_defaults_except (preset, given, G_N_ELEMENTS (given));
  assert_round_trip (preset);
}

/* Every field: strategies with a custom pair and an override, a log sweep, published figures. */
static void
test_load_full_sweep (void)
{
  static const char *const strategies[] = { "single", "shared", "pinned", "sticky+fresh",
                                            "single[transfer=move]", NULL };
  static const PsKnob given[] = { PS_KNOB_THREADS, PS_KNOB_ISOLATES, PS_KNOB_WORK,
                                  PS_KNOB_IO_DELAY, PS_KNOB_HEAP, PS_KNOB_SKEW, PS_KNOB_SEED,
                                  PS_KNOB_ACQUIRE, PS_KNOB_TRANSFER, PS_KNOB_PAYLOAD_SOURCE,
                                  PS_KNOB_IO_WHILE_HOLDING };
  g_autoptr (PsPreset) preset = load_valid ("full-sweep.json");
  const PsPublishedFigure *fig;

  g_assert_cmpstr (preset->name, ==, "full-sweep");
  assert_strategies (preset, strategies);
  assert_knob (preset, PS_KNOB_THREADS, 4);
  assert_knob (preset, PS_KNOB_ISOLATES, 3);
  assert_knob (preset, PS_KNOB_WORK, 1500);
  assert_knob (preset, PS_KNOB_IO_DELAY, 1234567);
  assert_knob (preset, PS_KNOB_HEAP, 16777216);
  assert_knob (preset, PS_KNOB_SKEW, 0.3);
  assert_knob (preset, PS_KNOB_SEED, 9007199254740991.0);
  assert_knob (preset, PS_KNOB_ACQUIRE, PS_ACQUIRE_FIFO);
  assert_knob (preset, PS_KNOB_TRANSFER, PS_TRANSFER_CAPTURE_WHOLE);
  assert_knob (preset, PS_KNOB_PAYLOAD_SOURCE, PS_PAYLOAD_SOURCE_HOT);
  assert_knob (preset, PS_KNOB_IO_WHILE_HOLDING, 1);
  assert_defaults_except (preset, given, G_N_ELEMENTS (given));

  g_assert_true (preset->has_sweep);
  g_assert_cmpint (preset->sweep.knob, ==, PS_KNOB_PAYLOAD);
  g_assert_cmpint (preset->sweep.spacing, ==, PS_SWEEP_LOG);
  g_assert_cmpfloat (preset->sweep.from, ==, 64);
  g_assert_cmpfloat (preset->sweep.to, ==, 16777216);
  g_assert_cmpuint (preset->sweep.points, ==, 4);
  g_assert_cmpint (preset->sweep.metric, ==, PS_SWEEP_METRIC_TIME_PER_TASK);
  g_assert_cmpstr (preset->sweep.reference, ==, "single");
  assert_sweep_rest_at_defaults (&preset->sweep);

  g_assert_cmpuint (preset->published->len, ==, 2);
  fig = &g_array_index (preset->published, PsPublishedFigure, 0);
  g_assert_cmpstr (fig->strategy, ==, "pinned");
  g_assert_cmpstr (fig->measure, ==, "throughput_per_s");
  g_assert_cmpfloat (fig->value, ==, 1234.5);
  g_assert_cmpstr (fig->as_published, ==, "1,234 req/s");
  g_assert_cmpstr (fig->at, ==, "4 KiB");
  g_assert_cmpfloat (fig->at_value, ==, 4096);
  fig = &g_array_index (preset->published, PsPublishedFigure, 1);
  g_assert_cmpstr (fig->strategy, ==, "shared");
  g_assert_cmpstr (fig->measure, ==, "latency_us.p50");
  g_assert_cmpfloat (fig->value, ==, 0.1);
  g_assert_cmpstr (fig->as_published, ==, "0.1 \xc2\xb5s");
  g_assert_cmpstr (fig->at, ==, "16 MiB");
  g_assert_cmpfloat (fig->at_value, ==, 16777216);
}

static void
test_load_list_sweep (void)
{
  static const PsKnob given[] = { PS_KNOB_RATE, PS_KNOB_TASKS, PS_KNOB_WARMUP_TASKS };
  g_autoptr (PsPreset) preset = load_valid ("list-sweep.json");
  const PsPublishedFigure *fig;

  assert_knob (preset, PS_KNOB_RATE, 5000);
  assert_knob (preset, PS_KNOB_TASKS, 2000);
  assert_knob (preset, PS_KNOB_WARMUP_TASKS, 100); /* "warmup": the CLI option's name */
  assert_defaults_except (preset, given, G_N_ELEMENTS (given));
  g_assert_true (preset->has_sweep);
  g_assert_cmpint (preset->sweep.knob, ==, PS_KNOB_THREADS);
  g_assert_cmpint (preset->sweep.spacing, ==, PS_SWEEP_LIST);
  g_assert_cmpuint (preset->sweep.n_values, ==, 3);
  g_assert_cmpfloat (preset->sweep.values[0], ==, 1);
  g_assert_cmpfloat (preset->sweep.values[1], ==, 2);
  g_assert_cmpfloat (preset->sweep.values[2], ==, 4);
  g_assert_cmpint (preset->sweep.metric, ==, PS_SWEEP_METRIC_LATENCY_P99);
  g_assert_cmpstr (preset->sweep.reference, ==, "single");
  assert_sweep_rest_at_defaults (&preset->sweep);
  g_assert_cmpuint (preset->published->len, ==, 2);
  fig = &g_array_index (preset->published, PsPublishedFigure, 0);
  g_assert_cmpstr (fig->measure, ==, "speedup");
  g_assert_cmpstr (fig->at, ==, "4");
  g_assert_cmpfloat (fig->at_value, ==, 4);
  g_assert_cmpstr (fig->as_published, ==, "1.75\xc3\x97");
  fig = &g_array_index (preset->published, PsPublishedFigure, 1);
  g_assert_cmpstr (fig->measure, ==, "wall_s");
  g_assert_cmpfloat (fig->value, ==, 0.4);
  g_assert_cmpfloat (fig->at_value, ==, 2);
}

/* Non-ASCII text is kept as is; brackets and escaped quotes inside strings are not nesting. */
static void
test_load_unicode (void)
{
  g_autoptr (PsPreset) preset = load_valid ("unicode.json");

  g_assert_cmpstr (preset->title, ==, "Ünïcødé — “quotes” 🚀");
  g_assert_cmpstr (preset->description, ==,
                   "Brackets and quotes inside strings are text, not nesting: [[[[[[[[ {{{{{{{{ "
                   "\"]]]]\" \\ \"{\" ]]]] }}}} and a tab\there.");
  g_assert_cmpstr (preset->source, ==, "Ö. Source, p. 12 (\"as printed\")");
  assert_knob (preset, PS_KNOB_WORK, 20000);
  assert_round_trip (preset);
}

/* A depth pre-check must skip strings: 10000 '[' and '{' inside a description are text. */
static void
test_load_brackets_in_strings (void)
{
  g_autoptr (GString) json = g_string_new ("{\"schema_version\": 2, \"name\": \"brackets\", "
                                           "\"title\": \"t\", \"source\": \"s\", "
                                           "\"description\": \"");
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = NULL;

  for (int i = 0; i < 10000; i++)
    {
      g_string_append (json, i % 3 == 0 ? "[" : i % 3 == 1 ? "{" : "\\\"[");
      g_string_append (expected, i % 3 == 0 ? "[" : i % 3 == 1 ? "{" : "\"[");
    }
  g_string_append (json, "\\\\\", \"strategies\": [\"single\"], \"knobs\": {}}");
  g_string_append (expected, "\\");
  preset = ps_preset_load_data ("brackets.json", json->str, json->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preset->description, ==, expected->str);
  g_assert_cmpuint (preset->scenario.n_strategies, ==, 1);
}

/* @data need not be NUL-terminated: the bytes after @length are not part of the preset. */
static void
test_load_not_nul_terminated (void)
{
  g_autofree char *path = valid_fixture ("minimal.json");
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) whole = NULL;
  g_autoptr (PsPreset) exact = NULL;
  g_autoptr (PsPreset) followed = NULL;
  PsPreset *cut;
  gsize length;
  char *buffer;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  whole = ps_preset_load_data ("minimal.json", contents, length, &error);
  g_assert_no_error (error);

  /* Exactly @length bytes on the heap: reading one more is a heap overflow under ASan. */
  buffer = g_malloc (length);
  memcpy (buffer, contents, length);
  exact = ps_preset_load_data ("exact.json", buffer, length, &error);
  g_assert_no_error (error);
  assert_same_preset (whole, exact);

  /* Followed by bytes that would be a syntax error, or another key, if they were read. */
  g_free (buffer);
  buffer = g_strconcat (contents, "{\"colour\": 1} \xff\xfe", NULL);
  followed = ps_preset_load_data ("followed.json", buffer, length, &error);
  g_assert_no_error (error);
  assert_same_preset (whole, followed);

  /* And @length is obeyed the other way: without its last '}' the preset is not JSON. */
  cut = ps_preset_load_data ("cut.json", buffer, strrchr (contents, '}') - contents, &error);
  assert_refused (cut, error, SYNTAX, "cut.json", NULL);
  g_free (buffer);
}

/* A file of exactly PS_PRESET_MAX_BYTES loads; one byte more is TOO_BIG, from a file or data. */
static void
test_load_size_limit (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *at_limit = g_build_filename (dir, "at-limit.json", NULL);
  g_autofree char *over = g_build_filename (dir, "over-limit.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  PsPreset *preset;
  gsize length;

  data = padded_preset (PS_PRESET_MAX_BYTES, &length);
  g_assert_true (g_file_set_contents (at_limit, data, length, &error));
  preset = ps_preset_load_file (at_limit, &error);
  g_assert_no_error (error);
  assert_knob (preset, PS_KNOB_THREADS, 3);
  ps_preset_free (preset);
  preset = ps_preset_load_data ("at-limit.json", data, length, &error);
  g_assert_no_error (error);
  ps_preset_free (preset);

  g_free (data);
  data = padded_preset (PS_PRESET_MAX_BYTES + 1, &length);
  g_assert_true (g_file_set_contents (over, data, length, &error));
  preset = ps_preset_load_file (over, &error);
  assert_refused (preset, error, TOO_BIG, over, NULL);
  g_clear_error (&error);
  preset = ps_preset_load_data ("over-limit.json", data, length, &error);
  assert_refused (preset, error, TOO_BIG, "over-limit.json", NULL);
  remove_tree (dir);
}

/* A 10 MB file (a valid preset but for its 10 MB description) is refused as TOO_BIG. */
static void
test_load_ten_megabytes (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "ten-megabytes.json", NULL);
  g_autoptr (GString) json = g_string_sized_new (10 * 1000 * 1000 + 256);
  g_autoptr (GError) error = NULL;
  PsPreset *preset;

  g_string_append (json, "{\"schema_version\": 2, \"name\": \"big\", \"title\": \"t\", "
                         "\"source\": \"s\", \"strategies\": [\"single\"], \"description\": \"");
  while (json->len < 10 * 1000 * 1000)
    g_string_append (json, "a 10 MB description ");
  g_string_append (json, "\"}\n");
  g_assert_true (g_file_set_contents (path, json->str, json->len, &error));
  preset = ps_preset_load_file (path, &error);
  assert_refused (preset, error, TOO_BIG, path, NULL);
  remove_tree (dir);
}

/* A path that is not a readable regular file is an error naming it, not a crash. */
static void
test_load_not_a_file (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr (GError) error = NULL;
  PsPreset *preset;

  preset = ps_preset_load_file (missing, &error);
  g_assert_null (preset);
  g_assert_nonnull (error);
  g_test_message ("missing: %s", error->message);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  preset = ps_preset_load_file (dir, &error);
  g_assert_null (preset);
  g_assert_nonnull (error);
  g_test_message ("directory: %s", error->message);
  g_assert_nonnull (strstr (error->message, dir));
  remove_tree (dir);
}

/* ---------------------------------------------------------------------------------------------- */
/* Round trips */

static void
test_round_trip_fixtures (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "app", "files", "valid", NULL);
  g_autoptr (GPtrArray) names = list_dir (dir);

  g_assert_cmpuint (names->len, >=, 5);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr (PsPreset) preset = load_valid (names->pdata[i]);

      g_test_message ("round trip of %s", (const char *) names->pdata[i]);
      assert_round_trip (preset);
    }
}

/* ps_preset_new: the default scenario, nothing given, and it survives to_json → load. */
static void
test_round_trip_new (void)
{
  g_autoptr (PsPreset) preset = ps_preset_new ("fresh");
  PsScenario defaults;

  ps_scenario_init_defaults (&defaults);
  g_assert_cmpstr (preset->name, ==, "fresh");
  assert_same_scenario (&defaults, &preset->scenario);
  assert_defaults_except (preset, NULL, 0);
  g_assert_false (preset->has_sweep);
  g_assert_nonnull (preset->published);
  g_assert_cmpuint (preset->published->len, ==, 0);
  assert_round_trip (preset);
}

/* Every knob at its minimum, its maximum and an awkward value in between (each choice of an
 * enum), set through ps_preset_set_scenario, which must mark exactly the knobs that differ from
 * the defaults, and read back unchanged. Values whose scenario the engine itself refuses (a
 * warm-up time without a duration, …) are skipped: this is about the file, not the engine. */
static void
test_round_trip_every_knob (void)
{
  PsScenario defaults;
  guint tried = 0;

  ps_scenario_init_defaults (&defaults);
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info (k);
      double values[8];
      guint n = 0;

      if (info->unit == PS_UNIT_ENUM || info->unit == PS_UNIT_BOOL)
        for (double v = info->min; v <= info->max; v++)
          values[n++] = v;
      else
        {
          double middle = info->min + (info->max - info->min) * 0.31830988618379067;

          values[n++] = info->min;
          values[n++] = info->max;
          values[n++] = info->unit == PS_UNIT_RATIO ? middle : floor (middle) + 1;
        }

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (PsPreset) preset = ps_preset_new ("every-knob");
          PsScenario s = defaults;

          if (ps_knob_set (&s, k, values[i]) != 0)
            continue;
          if (ps_scenario_validate (&s, NULL) != 0)
            {
              g_test_message ("skip %s = %.17g: the engine refuses the scenario", info->name,
                              values[i]);
              continue;
            }
          g_test_message ("%s = %.17g", info->name, values[i]);
          ps_preset_set_scenario (preset, &s);
          for (int j = 0; j < PS_KNOB_COUNT; j++)
            {
              gboolean differs = ps_knob_get (&s, j) != ps_knob_get (&defaults, j);

              /* The one knob given at its default: a sequential order beside an interleave
               * slice, which would otherwise imply interleaved order on loading. */
              gboolean implied_away = j == PS_KNOB_ORDER && preset->knob_given[PS_KNOB_INTERLEAVE];

              if (!preset->knob_given[j] != !differs && !implied_away)
                g_error ("set_scenario with %s = %.17g: knob %s given %d, differs %d",
                         info->name, values[i], ps_knob_info (j)->name, preset->knob_given[j],
                         differs);
            }
          assert_same_scenario (&s, &preset->scenario);
          assert_round_trip (preset);
          tried++;
        }
    }
  g_assert_cmpuint (tried, >, 2 * PS_KNOB_COUNT);
}

/* A duration run as the CLI makes it (--duration 2s: no task count, a warm-up time) is a valid
 * scenario; set as a preset's scenario, it must come back the same. */
static void
test_round_trip_duration_scenario (void)
{
  g_autoptr (PsPreset) preset = ps_preset_new ("duration-run");
  PsScenario s;
  PsValidation why;

  ps_scenario_init_defaults (&s);
  s.tasks = 0;
  s.warmup_tasks = 0;
  s.duration_ns = G_GUINT64_CONSTANT (2000000000);
  s.warmup_ns = G_GUINT64_CONSTANT (200000000);
  g_assert_cmpint (ps_scenario_validate (&s, &why), ==, 0);
  ps_preset_set_scenario (preset, &s);
  assert_same_scenario (&s, &preset->scenario);
  assert_round_trip (preset);
}

/* A preset naming only a duration says what `poolscope-cli run --duration 2s` says: a scenario
 * the engine accepts, with that duration. */
static void
test_load_duration_alone (void)
{
  static const char json[] = "{\"schema_version\": 2, \"name\": \"two-seconds\", \"title\": \"t\", "
                             "\"description\": \"d\", \"source\": \"s\", "
                             "\"strategies\": [\"single\", \"shared\"], "
                             "\"knobs\": {\"duration\": \"2s\"}}";
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = ps_preset_load_data ("two-seconds.json", json, strlen (json),
                                                     &error);
  PsValidation why = { 0 };

  g_assert_no_error (error);
  assert_knob (preset, PS_KNOB_DURATION, 2e9);
  if (ps_scenario_validate (&preset->scenario, &why) != 0)
    g_error ("a preset with only \"duration\": \"2s\" loads a scenario the engine refuses: %s",
             why.message);
  assert_round_trip (preset);
}

/* A deep copy: freeing the original leaves the copy whole (ASan sees a shallow one). */
static void
test_copy (void)
{
  PsPreset *original = load_valid ("full-sweep.json");
  g_autoptr (PsPreset) reference = load_valid ("full-sweep.json");
  g_autoptr (PsPreset) copy = ps_preset_copy (original);
  const PsPublishedFigure *a, *b;
  g_autofree char *json = NULL;

  assert_same_preset (original, copy);
  g_assert_true (copy->name != original->name);
  g_assert_true (copy->published != original->published);
  a = &g_array_index (original->published, PsPublishedFigure, 0);
  b = &g_array_index (copy->published, PsPublishedFigure, 0);
  g_assert_true (a->strategy != b->strategy && a->as_published != b->as_published);
  ps_preset_free (original);
  assert_same_preset (reference, copy);
  json = ps_preset_to_json (copy);
  assert_json_shape (json);
}

static void
test_name_is_valid (void)
{
  static const char *const valid[] = { "a", "0", "openworkers-standard", "abc123", "a-b-c",
                                       NULL };
  static const char *const invalid[] = { "", "Bad Name!", "UPPER", "a_b", "a b", "a/b", "../x",
                                         "a\nb", "caf\xc3\xa9", "a.json", NULL };
  char longest[PS_PRESET_NAME_MAX + 2];

  for (guint i = 0; valid[i] != NULL; i++)
    g_assert_true (ps_preset_name_is_valid (valid[i]));
  for (guint i = 0; invalid[i] != NULL; i++)
    if (ps_preset_name_is_valid (invalid[i]))
      g_error ("'%s' is accepted as a preset name", invalid[i]);
  memset (longest, 'a', PS_PRESET_NAME_MAX);
  longest[PS_PRESET_NAME_MAX] = '\0';
  g_assert_true (ps_preset_name_is_valid (longest));
  longest[PS_PRESET_NAME_MAX] = 'a';
  longest[PS_PRESET_NAME_MAX + 1] = '\0';
  g_assert_false (ps_preset_name_is_valid (longest));
}

/* ---------------------------------------------------------------------------------------------- */
/* Schema version 1: a poolscope-cli JSON report */

static JsonNode *
parse_v1_fixture (void)
{
  g_autofree char *path = fixture ("migrate-v1.json");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The value a knob has in a report's "scenario" (numbers in base units, enums by name). */
static gboolean
v1_expected (JsonObject *scenario, const PsKnobInfo *info, double *value)
{
  JsonNode *node = json_object_get_member (scenario, info->name);

  if (node == NULL)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    *value = json_node_get_boolean (node);
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *name = json_node_get_string (node);

      g_assert_nonnull (info->choices);
      *value = -1;
      for (guint i = 0; info->choices[i] != NULL; i++)
        if (strcmp (info->choices[i], name) == 0)
          *value = i;
      g_assert_cmpfloat (*value, >=, 0);
    }
  else
    *value = json_node_get_double (node);
  return TRUE;
}

static void
assert_migrated (const PsPreset *preset, JsonObject *scenario)
{
  JsonArray *strategies = json_object_get_array_member (scenario, "strategies");
  PsScenario defaults;

  ps_scenario_init_defaults (&defaults);
  g_assert_true (ps_preset_name_is_valid (preset->name));
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info (k);
      double expected;

      if (!v1_expected (scenario, info, &expected))
        expected = ps_knob_get (&defaults, k);
      if (ps_knob_get (&preset->scenario, k) != expected)
        g_error ("migrated knob %s is %.17g, the report says %.17g", info->name,
                 ps_knob_get (&preset->scenario, k), expected);
    }
  g_assert_cmpuint (preset->scenario.n_strategies, ==, json_array_get_length (strategies));
  for (guint i = 0; i < json_array_get_length (strategies); i++)
    g_assert_cmpstr (preset->scenario.strategies[i].name, ==,
                     json_array_get_string_element (strategies, i));
  g_assert_false (preset->has_sweep);
  g_assert_cmpuint (preset->published->len, ==, 0);
}

/* The fixture is `poolscope-cli run --tasks 20 --warmup 0 --work 20us --io-delay 1ms --payload
 * 4KiB --threads 4 --isolates 3 --spin 250us --init 500us --poll 10ms --heap 128KiB --acquire
 * fifo --skew 0.5 --tenants 12 --seed 7 --serialize 0.25 --copy-alias --payload-source hot
 * --strategy 'single,shared,pinned,sticky+fresh,single[transfer=move]' --format json` as written,
 * machine, results and segments included. Bare numbers would mean µs or ms to the CLI's parser
 * (work, spin, init, poll, gil_switch): the report's are nanoseconds. */
static void
test_migrate_v1 (void)
{
  g_autofree char *path = fixture ("migrate-v1.json");
  g_autoptr (JsonNode) root = parse_v1_fixture ();
  JsonObject *scenario = json_object_get_object_member (json_node_get_object (root), "scenario");
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = ps_preset_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (preset->name, ==, "migrate-v1");
  /* Written out independently of the report, in case both readings agreed on a wrong unit. */
  assert_knob (preset, PS_KNOB_WORK, 20000);
  assert_knob (preset, PS_KNOB_IO_DELAY, 1000000);
  assert_knob (preset, PS_KNOB_PAYLOAD, 4096);
  assert_knob (preset, PS_KNOB_SPIN, 250000);
  assert_knob (preset, PS_KNOB_INIT, 500000);
  assert_knob (preset, PS_KNOB_POLL, 10000000);
  assert_knob (preset, PS_KNOB_GIL_SWITCH, 5000000);
  assert_knob (preset, PS_KNOB_HEAP, 131072);
  assert_knob (preset, PS_KNOB_THREADS, 4);
  assert_knob (preset, PS_KNOB_ACQUIRE, PS_ACQUIRE_FIFO);
  assert_knob (preset, PS_KNOB_SKEW, 0.5);
  assert_knob (preset, PS_KNOB_SERIALIZE, 0.25);
  assert_knob (preset, PS_KNOB_COPY_ALIAS, 1);
  assert_knob (preset, PS_KNOB_PAYLOAD_SOURCE, PS_PAYLOAD_SOURCE_HOT);
  assert_knob (preset, PS_KNOB_TASKS, 20);
  assert_knob (preset, PS_KNOB_DURATION, 0);
  assert_knob (preset, PS_KNOB_WARMUP_TASKS, 0);
  assert_knob (preset, PS_KNOB_SEED, 7);
  assert_migrated (preset, scenario);
  g_assert_cmpstr (preset->scenario.strategies[4].name, ==, "single[transfer=move]");
  assert_round_trip (preset);
}

/* Whatever the report is called, it migrates to a preset with a valid name. */
static void
test_migrate_v1_any_file_name (void)
{
  static const char *const origins[] = { "/tmp/My Report_2024-07.json", "report.JSON",
                                         "r\xc3\xa9sultats.json", "--.json", ".json", NULL };
  g_autofree char *path = fixture ("migrate-v1.json");
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (guint i = 0; origins[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PsPreset) preset = ps_preset_load_data (origins[i], text, strlen (text), &error);

      g_assert_no_error (error);
      g_test_message ("%s → %s", origins[i], preset->name);
      g_assert_true (ps_preset_name_is_valid (preset->name));
    }
}

static char *
v1_variant (JsonNode *root, void (*edit) (JsonObject *scenario))
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  edit (json_object_get_object_member (json_node_get_object (root), "scenario"));
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
make_duration_report (JsonObject *scenario)
{
  json_object_set_int_member (scenario, "tasks", 0);
  json_object_set_int_member (scenario, "warmup_tasks", 0);
  json_object_set_int_member (scenario, "duration", G_GINT64_CONSTANT (2000000000));
  json_object_set_int_member (scenario, "warmup_time", G_GINT64_CONSTANT (200000000));
}

/* A report of a duration run (`--duration 2s`): tasks 0, which no knob range allows. */
static void
test_migrate_v1_duration (void)
{
  g_autoptr (JsonNode) root = parse_v1_fixture ();
  g_autofree char *text = v1_variant (root, make_duration_report);
  JsonObject *scenario = json_object_get_object_member (json_node_get_object (root), "scenario");
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = ps_preset_load_data ("duration-report.json", text, strlen (text),
                                                     &error);

  g_assert_no_error (error);
  assert_knob (preset, PS_KNOB_TASKS, 0);
  assert_knob (preset, PS_KNOB_DURATION, 2e9);
  assert_knob (preset, PS_KNOB_WARMUP_TIME, 2e8);
  assert_migrated (preset, scenario);
  assert_round_trip (preset);
}

static void
drop_newer_knobs (JsonObject *scenario)
{
  json_object_remove_member (scenario, "copy_alias");
  json_object_remove_member (scenario, "serialize");
  json_object_remove_member (scenario, "count_creation");
  json_object_remove_member (scenario, "payload_source");
}

/* A report from an older build lacks the knobs added since: they take their defaults. */
static void
test_migrate_v1_older_report (void)
{
  g_autoptr (JsonNode) root = parse_v1_fixture ();
  g_autofree char *text = v1_variant (root, drop_newer_knobs);
  JsonObject *scenario = json_object_get_object_member (json_node_get_object (root), "scenario");
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = ps_preset_load_data ("older-report.json", text, strlen (text),
                                                     &error);

  g_assert_no_error (error);
  assert_knob (preset, PS_KNOB_COPY_ALIAS, 0);
  assert_knob (preset, PS_KNOB_PAYLOAD_SOURCE, PS_PAYLOAD_SOURCE_COLD);
  assert_migrated (preset, scenario);
}

/* ---------------------------------------------------------------------------------------------- */
/* Saving */

static char *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* A new file, then a save over it: the file loads as the second preset, nothing else is left. */
static void
test_save_atomic_overwrite (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "preset.json", NULL);
  g_autoptr (PsPreset) first = load_valid ("minimal.json");
  g_autoptr (PsPreset) second = load_valid ("full-sweep.json");
  g_autoptr (PsPreset) back = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (ps_preset_save (first, path, &error));
  g_assert_no_error (error);
  assert_dir_holds_only (dir, "preset.json");
  back = ps_preset_load_file (path, &error);
  g_assert_no_error (error);
  assert_same_preset (first, back);
  g_clear_pointer (&back, ps_preset_free);

  g_assert_true (ps_preset_save (second, path, &error));
  g_assert_no_error (error);
  assert_dir_holds_only (dir, "preset.json");
  back = ps_preset_load_file (path, &error);
  g_assert_no_error (error);
  assert_same_preset (second, back);
  remove_tree (dir);
}

/* Failing saves report an error and leave the directory as it was. Root ignores permissions, so
 * the failures come from paths that cannot be written whoever you are. */
static void
test_save_unwritable (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *file = g_build_filename (dir, "FILE", NULL);
  g_autofree char *under_file = g_build_filename (file, "preset.json", NULL);
  g_autofree char *no_dir = g_build_filename (dir, "no-such-dir", "preset.json", NULL);
  g_autofree char *old = NULL;
  g_autoptr (PsPreset) preset = load_valid ("minimal.json");
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "keep me\n", -1, &error));

  g_assert_false (ps_preset_save (preset, under_file, &error));
  g_assert_nonnull (error);
  g_test_message ("parent is a file: %s", error->message);
  g_clear_error (&error);
  old = read_file (file);
  g_assert_cmpstr (old, ==, "keep me\n");
  assert_dir_holds_only (dir, "FILE");

  g_assert_false (ps_preset_save (preset, no_dir, &error));
  g_assert_nonnull (error);
  g_test_message ("no directory: %s", error->message);
  assert_dir_holds_only (dir, "FILE");
  remove_tree (dir);
}

/* The path is a directory: the temporary file can be written but not renamed over it, and must
 * not be left behind. */
static void
test_save_over_directory (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "preset.json", NULL);
  g_autofree char *inside = g_build_filename (path, "keep", NULL);
  g_autoptr (PsPreset) preset = load_valid ("minimal.json");
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", -1, &error));
  g_assert_false (ps_preset_save (preset, path, &error));
  g_assert_nonnull (error);
  g_test_message ("over a directory: %s", error->message);
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));
  assert_dir_holds_only (dir, "preset.json");
  remove_tree (dir);
}

/* A disk that fills up mid-save (RLIMIT_FSIZE makes writes past 64 bytes fail with EFBIG, for
 * root too): the save fails, the old file is whole, no temporary file is left. */
static void
test_save_disk_full (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (PsPreset) old = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_subprocess ())
    {
      struct rlimit limit = { 64, 64 };
      g_autoptr (PsPreset) preset = load_valid ("full-sweep.json");

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      if (ps_preset_save (preset, g_getenv ("TEST_PRESET_PATH"), &error))
        g_error ("the save succeeded although no file may grow past 64 bytes");
      g_assert_nonnull (error);
      g_test_message ("disk full: %s", error->message);
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "preset.json", NULL);
  old = load_valid ("minimal.json");
  g_assert_true (ps_preset_save (old, path, &error));
  g_assert_no_error (error);
  before = read_file (path);
  g_assert_cmpuint (strlen (before), >, 64);

  g_setenv ("TEST_PRESET_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("TEST_PRESET_PATH");
  g_test_trap_assert_passed ();

  after = read_file (path);
  g_assert_cmpstr (before, ==, after);
  assert_dir_holds_only (dir, "preset.json");
  remove_tree (dir);
}

/* ---------------------------------------------------------------------------------------------- */
/* Refused files */

typedef struct
{
  const char *file;
  guint codes;
  const char *field; /* what the message must name besides the file; NULL: nothing in particular */
} CorpusCase;

/* One line per file of corpus/; a file without a line here, or a line without its file, fails
 * the test, so the corpus cannot silently shrink or grow untested. */
static const CorpusCase corpus_cases[] = {
  /* Not JSON */
  { "truncated.json", SYNTAX, NULL },
  { "empty.json", SYNTAX | INVALID, NULL },
  { "binary-garbage.json", SYNTAX, NULL },
  { "bom.json", SYNTAX, NULL },
  { "invalid-utf8.json", SYNTAX, NULL },
  { "duplicate-top-level-key.json", SYNTAX, "name" },
  { "duplicate-knob.json", SYNTAX, "threads" },
  { "knob-alias-twice.json", SYNTAX | INVALID, "io" }, /* "io-delay" and "io_delay" */
  { "deep-nesting.json", SYNTAX, NULL },
  { "two-values.json", SYNTAX, NULL },
  { "embedded-nul.json", SYNTAX, NULL },
  { "trailing-comma.json", SYNTAX, NULL },
  { "comment.json", SYNTAX, NULL },       /* json-glib 1.6 accepts these three: JSON does not */
  { "single-quotes.json", SYNTAX, NULL },
  { "hex-number.json", SYNTAX, NULL },
  /* JSON, but a field is unknown, mistyped or out of range */
  { "top-level-array.json", INVALID, NULL },
  { "strategies-string.json", INVALID, "strategies" },
  { "strategies-number-item.json", INVALID, "strategies" },
  { "strategies-empty.json", INVALID, "strategies" },
  { "strategies-too-many.json", INVALID, "strategies" },
  { "unknown-strategy.json", INVALID, "strategies" },
  { "knobs-list.json", INVALID, "knobs" },
  { "name-number.json", INVALID, "name" },
  { "name-empty.json", INVALID, "name" },
  { "bad-name.json", INVALID, "name" },
  { "name-too-long.json", INVALID, "name" },
  { "title-multiline.json", INVALID, "title" },
  { "unknown-top-level-key.json", INVALID, "colour" },
  { "unknown-key-lone-surrogate.json", SYNTAX | INVALID, NULL },
  { "unknown-knob.json", INVALID, "warp-factor" },
  { "threads-out-of-range.json", INVALID, "threads" },
  { "payload-negative.json", INVALID, "payload" },
  { "knob-empty-string.json", INVALID, "work" },
  { "knob-null.json", INVALID, "threads" },
  { "knob-object.json", INVALID, "threads" },
  { "knob-bool-for-count.json", INVALID, "threads" },
  { "knob-nul-escape.json", SYNTAX | INVALID, NULL }, /* refused by position */
  { "huge-number-knob.json", INVALID, "threads" },
  { "huge-integer-knob.json", INVALID, "threads" },
  { "huge-number-published.json", INVALID, "value" },
  { "knob-nan.json", INVALID, "skew" },
  { "knob-nan-lowercase.json", INVALID, "rate" },
  { "knob-inf.json", INVALID, "serialize" },
  { "knob-minus-infinity.json", INVALID, "work" },
  { "schema-version-string.json", INVALID, "schema_version" },
  { "schema-version-zero.json", INVALID, "schema_version" },
  { "schema-version-fraction.json", INVALID, "schema_version" },
  { "published-not-list.json", INVALID, "published" },
  { "published-unknown-measure.json", INVALID, "bogomips" },
  { "published-strategy-not-listed.json", INVALID, "steal" },
  { "published-value-string.json", INVALID, "value" },
  { "published-value-nan-text.json", INVALID, "value" },
  { "sweep-not-sweepable.json", INVALID, "spin" },
  { "sweep-unknown-knob.json", INVALID, "warp-factor" },
  { "sweep-unknown-key.json", INVALID, "steps" },
  { "sweep-bad-spacing.json", INVALID, "spacing" },
  { "sweep-bad-metric.json", INVALID, "metric" },
  { "sweep-points-zero.json", INVALID, "points" },
  { "sweep-points-fraction.json", INVALID, "points" },
  { "sweep-from-out-of-range.json", INVALID, "payload" },
  { "sweep-too-many-values.json", INVALID, "values" },
  { "v1-no-scenario.json", INVALID, "scenario" },
  { "v1-scenario-not-object.json", INVALID, "scenario" },
  { "v1-knob-out-of-range.json", INVALID, "threads" },
  { "v1-unknown-strategy.json", INVALID, "strategies" },
  /* Newer than this build, whatever else is in it */
  { "newer-schema.json", NEWER, "99" },
  { "newer-schema-new-keys.json", NEWER, "3" },
};

static void
test_load_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "app", "files", "corpus", NULL);
  g_autoptr (GPtrArray) names = list_dir (dir);
  gboolean seen[G_N_ELEMENTS (corpus_cases)] = { FALSE };
  guint failed = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr (GError) error = NULL;
      const CorpusCase *c = NULL;
      PsPreset *preset;
      gsize length;

      for (guint j = 0; j < G_N_ELEMENTS (corpus_cases); j++)
        if (strcmp (corpus_cases[j].file, name) == 0)
          {
            c = &corpus_cases[j];
            seen[j] = TRUE;
          }
      if (c == NULL)
        {
          g_test_fail_printf ("corpus/%s has no expectation in corpus_cases", name);
          failed++;
          continue;
        }

      /* From the file, the message naming the path … */
      preset = ps_preset_load_file (path, &error);
      failed += !check_refused (name, preset, error, c->codes, path, c->field);
      g_clear_error (&error);
      /* … and from memory, naming the origin, with the same verdict. */
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      preset = ps_preset_load_data (name, contents, length, &error);
      failed += !check_refused (name, preset, error, c->codes, name, c->field);
    }
  for (guint j = 0; j < G_N_ELEMENTS (corpus_cases); j++)
    if (!seen[j])
      {
        g_test_fail_printf ("corpus/%s is expected but missing", corpus_cases[j].file);
        failed++;
      }
  g_test_message ("%u corpus files, %u failures", names->len, failed);
}

/* A string value 100 KB long, or a key as long, is refused in a message of reasonable size. */
static void
test_load_long_values_short_message (void)
{
  g_autoptr (GString) long_text = g_string_new (NULL);
  /* The long text goes between each pair. */
  static const char *const around[][2] = {
    { "{\"schema_version\": 2, \"name\": \"long\", \"title\": \"t\", \"description\": \"d\", "
      "\"source\": \"s\", \"strategies\": [\"single\"], \"knobs\": {\"threads\": \"", "\"}}" },
    { "{\"schema_version\": 2, \"name\": \"long\", \"title\": \"t\", \"description\": \"d\", "
      "\"source\": \"s\", \"strategies\": [\"single\"], \"knobs\": {\"", "\": \"4\"}}" },
    { "{\"schema_version\": 2, \"name\": \"long\", \"title\": \"t\", \"description\": \"d\", "
      "\"source\": \"s\", \"strategies\": [\"single\"], \"", "\": 1}" },
    { "{\"schema_version\": 2, \"name\": \"long\", \"title\": \"t\", \"description\": \"d\", "
      "\"source\": \"s\", \"strategies\": [\"", "\"]}" },
  };

  for (int i = 0; i < 25000; i++)
    g_string_append (long_text, "x\xc3\xa9z");
  for (guint i = 0; i < G_N_ELEMENTS (around); i++)
    {
      g_autofree char *json = g_strconcat (around[i][0], long_text->str, around[i][1], NULL);
      g_autoptr (GError) error = NULL;
      PsPreset *preset = ps_preset_load_data ("long.json", json, strlen (json), &error);

      assert_refused (preset, error, INVALID, "long.json", NULL);
      g_assert_cmpuint (strlen (error->message), <, 1024);
    }
}

/* An unpaired surrogate escape ("\ud800") decodes, in json-glib 1.6, to bytes that are not UTF-8:
 * refused with a UTF-8 message, or loaded with every string UTF-8 (and then it round-trips). */
static void
test_load_lone_surrogate (void)
{
  static const char *const cases[] = {
    "{\"schema_version\": 2, \"name\": \"surrogate\", \"title\": \"x\\ud800y\", "
    "\"description\": \"d\", \"source\": \"s\", \"strategies\": [\"single\"], \"knobs\": {}}",
    "{\"schema_version\": 2, \"name\": \"surrogate\", \"title\": \"t\", "
    "\"description\": \"d\", \"source\": \"\\udc00 and more\", \"strategies\": [\"single\"], "
    "\"knobs\": {}}",
    "{\"schema_version\": 2, \"name\": \"surrogate\", \"title\": \"t\", "
    "\"description\": \"d\", \"source\": \"s\", \"strategies\": [\"single\"], \"knobs\": {}, "
    "\"published\": [{\"strategy\": \"single\", \"measure\": \"wall_s\", \"value\": 1, "
    "\"as_published\": \"1\\ud800 s\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      PsPreset *preset = ps_preset_load_data ("surrogate.json", cases[i], strlen (cases[i]),
                                              &error);

      if (preset == NULL)
        {
          assert_refused (preset, error, SYNTAX | INVALID, "surrogate.json", NULL);
          continue;
        }
      g_assert_true (g_utf8_validate (preset->title, -1, NULL));
      g_assert_true (g_utf8_validate (preset->description, -1, NULL));
      g_assert_true (g_utf8_validate (preset->source, -1, NULL));
      for (guint j = 0; j < preset->published->len; j++)
        g_assert_true (g_utf8_validate (
          g_array_index (preset->published, PsPublishedFigure, j).as_published, -1, NULL));
      assert_round_trip (preset);
      ps_preset_free (preset);
    }
}

typedef enum
{
  DEEP_ARRAYS,     /* [[[[… */
  DEEP_OBJECTS,    /* {"a":{"a":… */
  DEEP_IN_KNOBS,   /* a valid start, then [[[[… as a knob's value */
  DEEP_BALANCED,   /* [[[[…]]]] : well-formed, only too deep */
} DeepKind;

/* 100000 levels of nesting: SYNTAX, not a stack overflow (json-glib 1.6 recurses per level and
 * crashes on this input). Run in a subprocess so a crash fails this test alone. */
static void
test_load_deep_nesting (gconstpointer data)
{
  DeepKind kind = GPOINTER_TO_INT (data);
  g_autoptr (GString) json = NULL;
  g_autoptr (GError) error = NULL;
  PsPreset *preset;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  json = g_string_new (kind == DEEP_IN_KNOBS ? "{\"schema_version\": 2, \"name\": \"deep\", "
                                               "\"knobs\": {\"threads\": "
                                             : "");
  for (int i = 0; i < 100000; i++)
    g_string_append (json, kind == DEEP_OBJECTS ? "{\"a\":" : "[");
  if (kind == DEEP_BALANCED)
    for (int i = 0; i < 100000; i++)
      g_string_append_c (json, ']');
  preset = ps_preset_load_data ("deep.json", json->str, json->len, &error);
  assert_refused (preset, error, SYNTAX, "deep.json", NULL);
}

/* The depth limit is PS_PRESET_MAX_DEPTH levels, the top object being the first: a knob value
 * nested to exactly that depth passes the depth check and is then a wrong type (INVALID); one
 * level more is refused before parsing (SYNTAX). */
static void
test_load_depth_limit (void)
{
  for (guint depth = PS_PRESET_MAX_DEPTH; depth <= PS_PRESET_MAX_DEPTH + 1; depth++)
    {
      g_autoptr (GString) json = g_string_new ("{\"schema_version\": 2, \"name\": \"depth\", "
                                               "\"title\": \"t\", \"description\": \"d\", "
                                               "\"source\": \"s\", \"strategies\": [\"single\"], "
                                               "\"knobs\": {\"threads\": ");
      g_autoptr (GError) error = NULL;
      PsPreset *preset;

      /* The top object and "knobs" are two levels; the rest are lists around "4". */
      for (guint i = 2; i < depth; i++)
        g_string_append_c (json, '[');
      g_string_append (json, "\"4\"");
      for (guint i = 2; i < depth; i++)
        g_string_append_c (json, ']');
      g_string_append (json, "}}");
      preset = ps_preset_load_data ("depth.json", json->str, json->len, &error);
      assert_refused (preset, error, depth > PS_PRESET_MAX_DEPTH ? SYNTAX : INVALID, "depth.json",
                      depth > PS_PRESET_MAX_DEPTH ? NULL : "threads");
    }
}

/* What the fuzzer checks, in every build: any input is refused with a proper error, or loads and
 * then survives to_json → load unchanged. */
static void
check_any_input (const char *data, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = ps_preset_load_data ("mutant.json", data, length, &error);

  if (preset == NULL)
    {
      if (!check_refused ("mutant", NULL, error, TOO_BIG | SYNTAX | INVALID | NEWER,
                          "mutant.json", NULL))
        {
          g_autofree char *copy = g_strndup (data, MIN (length, 2000));
          g_autofree char *shown = g_strescape (copy, NULL);
          g_error ("the input: %s", shown);
        }
      return;
    }
  assert_round_trip (preset);
}

static void
test_load_random_bytes (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (20240701);
  char buffer[512];

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  for (int i = 0; i < 2000; i++)
    {
      gsize length = g_rand_int_range (rng, 0, sizeof buffer);

      for (gsize j = 0; j < length; j++)
        buffer[j] = (char) g_rand_int_range (rng, 0, 256);
      check_any_input (buffer, length);
    }
}

/* Random byte edits of full-sweep.json: whatever still loads must round-trip. */
static void
test_round_trip_mutations (void)
{
  static const char *const tokens[] = { "{", "}", "[", "]", "\"", ",", ":", "\\", "null", "true",
                                        "1e400", "-1", "\"threads\"", "\"at\"", "\"4\"", "0",
                                        "\"log\"", "\"list\"", "\xef\xbb\xbf", "\\u0000",
                                        "\\ud800", "99", "\"schema_version\": 1, " };
  g_autoptr (GRand) rng = g_rand_new_with_seed (4096);
  g_autofree char *path = valid_fixture ("full-sweep.json");
  g_autofree char *original = NULL;
  gsize length;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  g_assert_true (g_file_get_contents (path, &original, &length, NULL));
  for (int i = 0; i < 3000; i++)
    {
      g_autoptr (GString) mutant = g_string_new_len (original, length);
      int edits = g_rand_int_range (rng, 1, 4);

      for (int e = 0; e < edits; e++)
        {
          gsize at = g_rand_int_range (rng, 0, mutant->len);

          switch (g_rand_int_range (rng, 0, 4))
            {
            case 0:
              mutant->str[at] = (char) g_rand_int_range (rng, 0, 256);
              break;
            case 1:
              {
                /* Drawn once: MIN () evaluates its arguments twice. */
                gsize n = (gsize) g_rand_int_range (rng, 1, 16);

                g_string_erase (mutant, at, MIN (n, mutant->len - at));
              }
              break;
            case 2:
              g_string_insert (mutant, at,
                               tokens[g_rand_int_range (rng, 0, G_N_ELEMENTS (tokens))]);
              break;
            default:
              g_string_insert_c (mutant, at, mutant->str[g_rand_int_range (rng, 0, mutant->len)]);
              break;
            }
          if (mutant->len == 0)
            g_string_append_c (mutant, '{');
        }
      check_any_input (mutant->str, mutant->len);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preset/load/minimal", test_load_minimal);
  g_test_add_func ("/preset/load/default-value-given", test_load_default_value_given);
  g_test_add_func ("/preset/load/typed-values", test_load_typed_values);
  g_test_add_func ("/preset/load/full-sweep", test_load_full_sweep);
  g_test_add_func ("/preset/load/list-sweep", test_load_list_sweep);
  g_test_add_func ("/preset/load/unicode", test_load_unicode);
  g_test_add_func ("/preset/load/brackets-in-strings", test_load_brackets_in_strings);
  g_test_add_func ("/preset/load/not-nul-terminated", test_load_not_nul_terminated);
  g_test_add_func ("/preset/load/duration-alone", test_load_duration_alone);
  g_test_add_func ("/preset/load/size-limit", test_load_size_limit);
  g_test_add_func ("/preset/load/ten-megabytes", test_load_ten_megabytes);
  g_test_add_func ("/preset/load/not-a-file", test_load_not_a_file);
  g_test_add_func ("/preset/load/corpus", test_load_corpus);
  g_test_add_func ("/preset/load/long-values-short-message", test_load_long_values_short_message);
  g_test_add_func ("/preset/load/lone-surrogate", test_load_lone_surrogate);
  g_test_add_func ("/preset/load/depth-limit", test_load_depth_limit);
  g_test_add_data_func ("/preset/load/deep-nesting/arrays", GINT_TO_POINTER (DEEP_ARRAYS),
                        test_load_deep_nesting);
  g_test_add_data_func ("/preset/load/deep-nesting/objects", GINT_TO_POINTER (DEEP_OBJECTS),
                        test_load_deep_nesting);
  g_test_add_data_func ("/preset/load/deep-nesting/in-knobs", GINT_TO_POINTER (DEEP_IN_KNOBS),
                        test_load_deep_nesting);
  g_test_add_data_func ("/preset/load/deep-nesting/balanced", GINT_TO_POINTER (DEEP_BALANCED),
                        test_load_deep_nesting);
  g_test_add_func ("/preset/load/random-bytes", test_load_random_bytes);
  g_test_add_func ("/preset/migrate/v1", test_migrate_v1);
  g_test_add_func ("/preset/migrate/v1-any-file-name", test_migrate_v1_any_file_name);
  g_test_add_func ("/preset/migrate/v1-duration", test_migrate_v1_duration);
  g_test_add_func ("/preset/migrate/v1-older-report", test_migrate_v1_older_report);
  g_test_add_func ("/preset/round-trip/fixtures", test_round_trip_fixtures);
  g_test_add_func ("/preset/round-trip/new", test_round_trip_new);
  g_test_add_func ("/preset/round-trip/every-knob", test_round_trip_every_knob);
  g_test_add_func ("/preset/round-trip/duration-scenario", test_round_trip_duration_scenario);
  g_test_add_func ("/preset/round-trip/mutations", test_round_trip_mutations);
  g_test_add_func ("/preset/copy", test_copy);
  g_test_add_func ("/preset/name-is-valid", test_name_is_valid);
  g_test_add_func ("/preset/save/atomic-overwrite", test_save_atomic_overwrite);
  g_test_add_func ("/preset/save/unwritable", test_save_unwritable);
  g_test_add_func ("/preset/save/over-directory", test_save_over_directory);
  g_test_add_func ("/preset/save/disk-full", test_save_disk_full);
  return g_test_run ();
}
