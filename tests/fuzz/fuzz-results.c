/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-results.c: libFuzzer target for the results loaders: a run's results file
 * (ps_results_file_load_data) and a sweep's (ps_sweep_file_load_data), each given every input.
 *
 * Whatever the bytes, a loader either refuses them with a PS_PRESET_ERROR whose message is one
 * valid UTF-8 line naming the origin, or returns a file; a returned file, written again with its
 * writer, must load again with as many strategies, points and samples. Anything else aborts, and
 * AddressSanitizer catches reads past @size (the data is not NUL-terminated), leaks of what a
 * refusal left half built, and every other memory error.
 *
 * Results files are large and nested, so a fuzzer starting from nothing would rarely get past
 * "kind": LLVMFuzzerInitialize() writes one file of each kind, made up here and written by the
 * writers themselves (so they never go stale), into the first corpus folder. Built only with
 * -Dfuzz=true and clang (tests/fuzz/meson.build); for a longer hunt:
 *
 *   build-fuzz/tests/fuzz/fuzz-results -max_len=65536 build-fuzz/tests/fuzz/corpus-results
 */
#define G_LOG_DOMAIN "fuzz-results"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps-results-file.h"
#include "ps-sweep-file.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

G_GNUC_NORETURN static void
fail (const char *what, const char *detail)
{
  fprintf (stderr, "fuzz-results: %s\n%s\n", what, detail != NULL ? detail : "");
  abort ();
}

static void
check_refusal (const char *loader, const GError *error)
{
  g_autofree char *what = NULL;

  if (error == NULL)
    fail (loader, "returned NULL without an error");
  what = g_strdup_printf ("%s: %s", loader, error->message);
  if (!g_utf8_validate (error->message, -1, NULL))
    fail ("the error message is not valid UTF-8", loader);
  if (error->domain != PS_PRESET_ERROR)
    fail ("the error is not in PS_PRESET_ERROR", what);
  if (error->code < PS_PRESET_ERROR_TOO_BIG || error->code > PS_PRESET_ERROR_OTHER_KIND)
    fail ("the error code is not a PsPresetError", what);
  if (strchr (error->message, '\n') != NULL)
    fail ("the error message is more than one line", what);
  if (strstr (error->message, "fuzz.json") == NULL)
    fail ("the error message does not name the origin", what);
}

/* ---- Seeds ------------------------------------------------------------------------------------ */

static char *
seed_results (void)
{
  PsStrategyReport strategy = { 0 };
  PsSegment segment = { 0 };
  PsReport report = { 0 };
  PsSample sample = { 0 };
  g_autoptr (GArray) samples = g_array_new (FALSE, TRUE, sizeof (PsSample));

  ps_scenario_init_defaults (&report.scenario);
  report.scenario.n_strategies = 1;
  ps_strategy_parse ("queue", &report.scenario.strategies[0]);
  g_strlcpy (report.machine.cpu_model, "Seed CPU", sizeof report.machine.cpu_model);
  g_strlcpy (report.machine.clock_source, "rdtsc", sizeof report.machine.clock_source);
  report.completed = true;
  report.n_strategies = 1;
  report.strategies = &strategy;
  strategy.strategy = report.scenario.strategies[0];
  strategy.total.tasks_completed = 100;
  strategy.total.wall_s = 0.01;
  strategy.n_segments = 1;
  strategy.segments = &segment;
  segment.changed_knob = PS_KNOB_COUNT;
  segment.scenario = report.scenario;
  segment.result = strategy.total;
  sample.t_s = 0.1;
  sample.tasks_completed = 100;
  g_array_append_val (samples, sample);
  return ps_results_file_to_json (&report, samples, NULL);
}

/* Two strategies at two values of the work per task, a point with a result, a crossing, fits. */
static char *
seed_sweep (void)
{
  PsSweepConfig config;
  PsSweepReport report = { 0 };
  PsSweepSeries series[2] = { { 0 } };
  PsSweepPoint points[2][2] = { { { 0 } } };
  PsSweepCrossing crossing = { 1, 0, 3000, 1000, 10000, PS_SWEEP_BEATS_ABOVE, 2, true };
  PsMachine machine = { 0 };
  uint64_t per_thread[2] = { 40, 60 };

  ps_sweep_config_init (&config);
  config.base.n_strategies = 2;
  ps_strategy_parse ("single", &config.base.strategies[0]);
  ps_strategy_parse ("queue", &config.base.strategies[1]);
  config.knob = PS_KNOB_WORK;
  config.spacing = PS_SWEEP_LOG;
  config.from = 1000;
  config.to = 10000;
  config.points = 2;
  report.knob = PS_KNOB_WORK;
  report.log_axis = true;
  report.n_values = 2;
  report.values[0] = 1000;
  report.values[1] = 10000;
  report.n_series = 2;
  report.series = series;
  for (guint s = 0; s < 2; s++)
    {
      series[s].strategy = config.base.strategies[s];
      series[s].n_points = 2;
      series[s].points = points[s];
      series[s].fits.has_linear = true;
      series[s].fits.linear = (PsLinearFit) { 1e-6, 1e-9, 0.99 };
      for (guint p = 0; p < 2; p++)
        points[s][p] = (PsSweepPoint) { .x = report.values[p], .mean_s = (p + 1) * (2 - s) * 1e-6,
                                        .ci_low = 0.9e-6, .ci_high = 1.1e-6, .stddev_s = 1e-7,
                                        .min_s = 0.8e-6, .max_s = 1.2e-6, .reps = 3,
                                        .pace_s = 1e-6 };
    }
  points[1][1].has_result = true;
  points[1][1].result.tasks_completed = 100;
  points[1][1].result.n_threads = 2;
  points[1][1].result.per_thread_tasks = per_thread;
  report.n_crossings = 1;
  report.crossings = &crossing;
  report.completed = true;
  report.wall_s = 1;
  g_strlcpy (machine.cpu_model, "Seed CPU", sizeof machine.cpu_model);
  g_strlcpy (machine.clock_source, "rdtsc", sizeof machine.clock_source);
  return ps_sweep_file_to_json (&config, &report, &machine, NULL);
}

static void
write_seed (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_set_contents (path, text, -1, NULL))
    fail ("cannot write a seed", path);
}

/* The seeds go into the first corpus folder: the first argument that is not a flag, unless it
 * is a file (libFuzzer then runs the files given, one input each, and nothing else). */
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  for (int i = 1; i < *argc; i++)
    {
      const char *arg = (*argv)[i];
      g_autofree char *results = NULL;
      g_autofree char *sweep = NULL;

      if (arg[0] == '-')
        continue;
      if (g_file_test (arg, G_FILE_TEST_EXISTS) && !g_file_test (arg, G_FILE_TEST_IS_DIR))
        break;
      results = seed_results ();
      sweep = seed_sweep ();
      g_mkdir_with_parents (arg, 0755);
      write_seed (arg, "seed-results.json", results);
      write_seed (arg, "seed-sweep.json", sweep);
      break;
    }
  return 0;
}

/* ---- The loaders ------------------------------------------------------------------------------ */

/* json-glib 1.6's generator writes a double whose shortest form has an exponent and no point
 * (1e-25, 1e+22) with ".0" after it, "1e-25.0", which no JSON parser reads back: a defect of
 * ps_json_to_string ()'s generator, not of the loaders or of what they accept, so such a text is
 * not held against the round trip here. Outside strings, an 'e' is a number's or true's/false's. */
static gboolean
has_exponent_defect (const char *json)
{
  gboolean in_string = FALSE;

  for (const char *p = json; *p != '\0'; p++)
    {
      const char *q = p + 1;

      if (in_string && *p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '"')
        in_string = !in_string;
      else if (!in_string && (*p == 'e' || *p == 'E'))
        {
          q += *q == '+' || *q == '-';
          while (g_ascii_isdigit (*q))
            q++;
          if (*q == '.')
            return TRUE;
        }
    }
  return FALSE;
}

static void
fuzz_results_file (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsResultsFile) file = NULL;
  g_autoptr (PsResultsFile) again = NULL;
  g_autofree char *json = NULL;

  file = ps_results_file_load_data ("fuzz.json", (const char *) data, size, &error);
  if (file == NULL)
    {
      check_refusal ("ps_results_file_load_data", error);
      return;
    }
  if (error != NULL)
    fail ("ps_results_file_load_data returned a file and set an error", error->message);
  json = ps_results_file_to_json (file->report, file->samples, file->preset);
  if (has_exponent_defect (json))
    return;
  again = ps_results_file_load_data ("again.json", json, strlen (json), &error);
  if (again == NULL)
    fail ("what ps_results_file_to_json wrote does not load", error->message);
  if (again->report->n_strategies != file->report->n_strategies
      || again->samples->len != file->samples->len)
    fail ("the strategies or samples changed through ps_results_file_to_json and back", json);
}

static void
fuzz_sweep_file (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsSweepFile) file = NULL;
  g_autoptr (PsSweepFile) again = NULL;
  g_autofree char *json = NULL;

  file = ps_sweep_file_load_data ("fuzz.json", (const char *) data, size, &error);
  if (file == NULL)
    {
      check_refusal ("ps_sweep_file_load_data", error);
      return;
    }
  if (error != NULL)
    fail ("ps_sweep_file_load_data returned a file and set an error", error->message);
  json = ps_sweep_file_to_json (&file->config, file->report, &file->machine, file->preset);
  if (has_exponent_defect (json))
    return;
  again = ps_sweep_file_load_data ("again.json", json, strlen (json), &error);
  if (again == NULL)
    fail ("what ps_sweep_file_to_json wrote does not load", error->message);
  if (again->report->n_series != file->report->n_series
      || again->report->n_crossings != file->report->n_crossings)
    fail ("the series or crossings changed through ps_sweep_file_to_json and back", json);
  for (unsigned s = 0; s < file->report->n_series; s++)
    if (again->report->series[s].n_points != file->report->series[s].n_points)
      fail ("the points changed through ps_sweep_file_to_json and back", json);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_results_file (data, size);
  fuzz_sweep_file (data, size);
  return 0;
}
