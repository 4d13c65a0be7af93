/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-files-cli.c: sweep results files and sweep export bundles: what `poolscope-cli sweep
 * --output/--export` writes, read back through the loader the window uses; an existing file
 * refused before measuring; a sweep made up here (nothing measured) surviving a round trip; and
 * broken files refused with one line naming them. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-test-util.h"
#include "ps-bundle.h"
#include "ps-sweep-file.h"

/* The tiny sweep every measuring test runs: two values, two strategies, a few milliseconds. */
#define TINY_SWEEP "sweep", "--in-process", "--vary", "work", "--from", "1us", "--to", "10us", \
                   "--points", "2", "--strategy", "single,queue", "--rep-time", "5ms",          \
                   "--max-reps", "3", "--payload-source", "hot"

/* ---- A sweep made up here --------------------------------------------------------------------- */

/* A whole report as the engine lays it out, with a crossing, every kind of fit and a point with
 * a result, so that every member the file carries is written and read back. */
typedef struct
{
  PsSweepConfig config;
  PsSweepReport report;
  PsSweepSeries series[2];
  PsSweepPoint points[2][3];
  PsSweepCrossing crossing;
  PsMachine machine;
  uint64_t per_thread[2];
} FakeSweep;

static void
fake_sweep_init (FakeSweep *f)
{
  static const double values[] = { 1000, 10000, 100000 };
  static const double means[2][3] = { { 2e-6, 11e-6, 101e-6 }, { 5e-6, 8e-6, 60e-6 } };

  memset (f, 0, sizeof *f);
  ps_sweep_config_init (&f->config);
  f->config.base.n_strategies = 2;
  g_assert_cmpint (ps_strategy_parse ("single", &f->config.base.strategies[0]), ==, 0);
  g_assert_cmpint (ps_strategy_parse ("queue", &f->config.base.strategies[1]), ==, 0);
  f->config.knob = PS_KNOB_WORK;
  f->config.spacing = PS_SWEEP_LIST;
  f->config.n_values = 3;
  memcpy (f->config.values, values, sizeof values);
  f->config.ci_target = 0.2;
  f->config.max_reps = 5;
  f->config.rep_duration_ns = 5000000;

  f->report.knob = PS_KNOB_WORK;
  f->report.n_values = 3;
  memcpy (f->report.values, values, sizeof values);
  f->report.n_series = 2;
  f->report.series = f->series;
  for (guint s = 0; s < 2; s++)
    {
      f->series[s].strategy = f->config.base.strategies[s];
      f->series[s].n_points = 3;
      f->series[s].points = f->points[s];
      for (guint p = 0; p < 3; p++)
        {
          PsSweepPoint *pt = &f->points[s][p];

          pt->x = values[p];
          pt->mean_s = pt->pace_s = means[s][p];
          pt->ci_low = means[s][p] * 0.9;
          pt->ci_high = means[s][p] * 1.1;
          pt->stddev_s = means[s][p] * 0.05;
          pt->min_s = means[s][p] * 0.8;
          pt->max_s = means[s][p] * 1.3;
          pt->reps = 3 + p;
          pt->outliers = p;
          pt->bisection = p == 1;
          pt->remeasured = s;
          pt->disturbed = p == 2;
        }
    }
  /* A number that does not exist is written as null and read back as NaN. */
  f->points[0][0].stddev_s = NAN;
  f->points[1][2].has_result = TRUE;
  f->points[1][2].result.tasks_completed = 7;
  f->points[1][2].result.n_threads = 2;
  f->per_thread[0] = 3;
  f->per_thread[1] = 4;
  f->points[1][2].result.per_thread_tasks = f->per_thread;

  f->crossing = (PsSweepCrossing) { .strategy = 1, .reference = 0, .x = 3000, .x_low = 1000,
                                    .x_high = 10000, .direction = PS_SWEEP_BEATS_ABOVE,
                                    .extra_points = 2, .converged = false };
  f->report.n_crossings = 1;
  f->report.crossings = &f->crossing;
  f->series[0].fits.has_linear = true;
  f->series[0].fits.linear = (PsLinearFit) { 1e-6, 1e-9, 0.99 };
  f->series[0].fits.scaling_skipped = "it runs on one thread whatever the thread count";
  /* Scaling fits belong to a threads sweep, whose scaling_points alone the writer keeps; here
   * they stand for any fit the file carries. */
  f->series[1].fits.has_amdahl = true;
  f->series[1].fits.amdahl = (PsScalingFit) { 1e5, 0.1, 0, 0.95 };
  f->series[1].fits.has_usl = true;
  f->series[1].fits.usl = (PsScalingFit) { 1e5, 0.1, 0.001, 0.97 };
  f->report.completed = true;
  f->report.wall_s = 1.5;
  f->report.measured_s = 1.25;
  f->report.runs = 21;
  f->report.remeasured = 1;

  g_strlcpy (f->machine.cpu_model, "Test CPU", sizeof f->machine.cpu_model);
  g_strlcpy (f->machine.clock_source, "rdtsc", sizeof f->machine.clock_source);
  f->machine.cores = 2;
}

/* Equal, or both NaN: the file's null. */
static void
assert_same_number (double a, double b)
{
  if (isnan (a) || isnan (b))
    {
      g_assert_true (isnan (a));
      g_assert_true (isnan (b));
    }
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_point (const PsSweepPoint *a, const PsSweepPoint *b)
{
  assert_same_number (a->x, b->x);
  assert_same_number (a->mean_s, b->mean_s);
  assert_same_number (a->pace_s, b->pace_s);
  assert_same_number (a->ci_low, b->ci_low);
  assert_same_number (a->ci_high, b->ci_high);
  assert_same_number (a->stddev_s, b->stddev_s);
  assert_same_number (a->min_s, b->min_s);
  assert_same_number (a->max_s, b->max_s);
  g_assert_cmpuint (a->reps, ==, b->reps);
  g_assert_cmpuint (a->outliers, ==, b->outliers);
  g_assert_cmpint (a->bisection, ==, b->bisection);
  g_assert_cmpuint (a->remeasured, ==, b->remeasured);
  g_assert_cmpuint (a->disturbed, ==, b->disturbed);
  g_assert_cmpint (a->has_result, ==, b->has_result);
  if (a->has_result)
    {
      g_assert_cmpuint (a->result.tasks_completed, ==, b->result.tasks_completed);
      g_assert_cmpuint (a->result.n_threads, ==, b->result.n_threads);
      for (unsigned t = 0; t < a->result.n_threads; t++)
        g_assert_cmpuint (a->result.per_thread_tasks[t], ==, b->result.per_thread_tasks[t]);
    }
}

static void
assert_same_fits (const PsSweepFits *a, const PsSweepFits *b)
{
  g_assert_cmpint (a->has_linear, ==, b->has_linear);
  g_assert_cmpint (a->has_amdahl, ==, b->has_amdahl);
  g_assert_cmpint (a->has_usl, ==, b->has_usl);
  g_assert_cmpmem (&a->linear, sizeof a->linear, &b->linear, sizeof b->linear);
  if (a->has_amdahl)
    {
      g_assert_cmpfloat (a->amdahl.sigma, ==, b->amdahl.sigma);
      g_assert_cmpfloat (a->amdahl.r2, ==, b->amdahl.r2);
    }
  if (a->has_usl)
    g_assert_cmpmem (&a->usl, sizeof a->usl, &b->usl, sizeof b->usl);
  g_assert_cmpstr (a->scaling_skipped, ==, b->scaling_skipped);
  g_assert_cmpuint (a->scaling_points, ==, b->scaling_points);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("poolscope-sweep-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "fake.json", NULL);
  g_autoptr (PsPreset) preset = ps_preset_new ("fake");
  g_autoptr (PsSweepFile) file = NULL;
  g_autoptr (GError) error = NULL;
  FakeSweep f;

  fake_sweep_init (&f);
  ps_preset_set_scenario (preset, &f.config.base);
  g_assert_true (ps_sweep_file_write (path, &f.config, &f.report, &f.machine, preset, FALSE,
                                      &error));
  g_assert_no_error (error);
  file = ps_sweep_file_load (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (file->config.knob, ==, PS_KNOB_WORK);
  g_assert_cmpint (file->config.spacing, ==, PS_SWEEP_LIST);
  g_assert_cmpuint (file->config.n_values, ==, 3);
  g_assert_cmpmem (file->config.values, 3 * sizeof (double), f.config.values,
                   3 * sizeof (double));
  g_assert_cmpstr (file->config.reference, ==, "single");
  g_assert_cmpfloat (file->config.ci_target, ==, 0.2);
  g_assert_cmpuint (file->config.max_reps, ==, 5);
  g_assert_cmpfloat (file->config.tolerance, ==, f.config.tolerance);
  g_assert_cmpuint (file->config.min_reps, ==, f.config.min_reps);
  g_assert_cmpuint (file->config.rep_duration_ns, ==, 5000000);
  g_assert_cmpuint (file->config.base.n_strategies, ==, 2);

  g_assert_cmpint (file->report->knob, ==, PS_KNOB_WORK);
  g_assert_cmpint (file->report->metric, ==, PS_SWEEP_METRIC_TIME_PER_TASK);
  g_assert_false (file->report->log_axis);
  g_assert_cmpuint (file->report->reference, ==, 0);
  g_assert_true (file->report->completed);
  g_assert_cmpfloat (file->report->wall_s, ==, 1.5);
  g_assert_cmpfloat (file->report->measured_s, ==, 1.25);
  g_assert_cmpuint (file->report->runs, ==, 21);
  g_assert_cmpuint (file->report->remeasured, ==, 1);
  g_assert_cmpuint (file->report->n_series, ==, 2);
  for (guint s = 0; s < 2; s++)
    {
      g_assert_cmpstr (file->report->series[s].strategy.name, ==, f.series[s].strategy.name);
      g_assert_cmpuint (file->report->series[s].n_points, ==, 3);
      for (guint p = 0; p < 3; p++)
        assert_same_point (&file->report->series[s].points[p], &f.points[s][p]);
      assert_same_fits (&file->report->series[s].fits, &f.series[s].fits);
    }
  g_assert_cmpuint (file->report->n_crossings, ==, 1);
  g_assert_cmpmem (file->report->crossings, sizeof f.crossing, &f.crossing, sizeof f.crossing);
  g_assert_cmpuint (file->report->max_extra_points, ==, 2);

  g_assert_cmpstr (file->machine.cpu_model, ==, "Test CPU");
  g_assert_cmpstr (file->host, ==, g_get_host_name ());
  g_assert_true (g_str_has_suffix (file->time, "Z"));
  g_assert_nonnull (file->preset);
  g_assert_cmpstr (file->preset->name, ==, "fake");

  g_unlink (path);
  g_rmdir (dir);
}

/* Without overwrite an existing file is G_IO_ERROR_EXISTS and stays as it was; with it, it is
 * replaced. */
static void
test_overwrite (void)
{
  g_autofree char *dir = g_dir_make_tmp ("poolscope-sweep-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "taken.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  FakeSweep f;

  fake_sweep_init (&f);
  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));
  g_assert_false (ps_sweep_file_write (path, &f.config, &f.report, &f.machine, NULL, FALSE,
                                       &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  g_clear_error (&error);
  g_assert_true (ps_sweep_file_write (path, &f.config, &f.report, &f.machine, NULL, TRUE,
                                      &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, PS_SWEEP_FILE_KIND));
  g_unlink (path);
  g_rmdir (dir);
}

/* A bundle of the made-up sweep: its crossing told as a sentence, the README's reproducing command
 * with the statistics settings a preset does not keep, and a second export refused unless
 * replacing is allowed. */
static void
test_bundle (void)
{
  g_autofree char *dir = g_dir_make_tmp ("poolscope-sweep-XXXXXX", NULL);
  g_autofree char *readme_path = g_build_filename (dir, "README.md", NULL);
  g_autofree char *preset_path = g_build_filename (dir, "preset.json", NULL);
  g_auto (GStrv) names = ps_bundle_sweep_files ();
  g_autofree char *readme = NULL;
  g_autoptr (PsPreset) preset = NULL;
  g_autoptr (GError) error = NULL;
  FakeSweep f;

  fake_sweep_init (&f);
  g_assert_true (ps_bundle_write_sweep (dir, &f.config, &f.report, &f.machine, NULL, FALSE,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
  g_assert_nonnull (strstr (readme, "`queue` beats `single` when work is above 3 µs "
                                    "(between 1 µs and 10 µs"));
  g_assert_nonnull (strstr (readme, "| `work` | swept (see below) |"));
  g_assert_nonnull (strstr (readme, "poolscope-cli sweep --preset preset.json --ci 20% "
                                    "--max-reps 5 --rep-time 5ms\n"));
  preset = ps_preset_load_file (preset_path, &error);
  g_assert_no_error (error);
  g_assert_true (preset->has_sweep);
  g_assert_cmpint (preset->sweep.spacing, ==, PS_SWEEP_LIST);
  g_assert_cmpuint (preset->sweep.n_values, ==, 3);

  g_assert_false (ps_bundle_write_sweep (dir, &f.config, &f.report, &f.machine, NULL, FALSE,
                                         &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (ps_bundle_write_sweep (dir, &f.config, &f.report, &f.machine, NULL, TRUE,
                                        &error));
  g_assert_no_error (error);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- Broken files ----------------------------------------------------------------------------- */

/* @text saved as @name and loaded: refused with @code, in one line naming the file and holding
 * @fragment. */
static void
assert_refused (const char *dir, const char *name, const char *text, gssize length, int code,
                const char *fragment)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *line = NULL;
  g_autoptr (PsSweepFile) file = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, length, NULL));
  file = ps_sweep_file_load (path, &error);
  g_test_message ("%s: %s", name, error != NULL ? error->message : "(loaded)");
  g_assert_null (file);
  g_assert_error (error, PS_PRESET_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, fragment));
  line = g_strconcat (error->message, "\n", NULL);
  assert_one_line (line);
  g_unlink (path);
}

/* @text with the first match of @pattern replaced by @replacement. */
static char *
replace_first (const char *text, const char *pattern, const char *replacement)
{
  g_autoptr (GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  char *result = g_regex_replace (regex, text, -1, 0, replacement, 0, NULL);

  g_assert_cmpstr (result, !=, text);
  return result;
}

/* The good file with results[0]'s first point copied until the file weighs about 10 MB: more
 * points than a series may have. */
static char *
ten_megabytes_of_points (const char *good)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  JsonObject *root;
  JsonArray *points;
  JsonNode *first;
  char *text;

  g_assert_true (json_parser_load_from_data (parser, good, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  points = json_object_get_array_member (
    json_array_get_object_element (json_object_get_array_member (root, "results"), 0), "points");
  first = json_array_get_element (points, 0);
  for (guint i = 0; i < 40000; i++)
    json_array_add_element (points, json_node_copy (first));
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, NULL);
  g_assert_cmpuint (strlen (text), >, 10 * 1000 * 1000);
  return text;
}

static void
test_broken (void)
{
  g_autofree char *dir = g_dir_make_tmp ("poolscope-sweep-XXXXXX", NULL);
  g_autofree char *good = NULL;
  g_autofree char *wrong_kind = NULL;
  g_autofree char *string_mean = NULL;
  g_autofree char *string_result = NULL;
  g_autofree char *unsorted = NULL;
  g_autofree char *unknown_strategy = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *too_big = g_build_filename (dir, "too-big.json", NULL);
  g_autoptr (GError) error = NULL;
  PsSweepFile *file;
  FakeSweep f;
  int fd;

  fake_sweep_init (&f);
  good = ps_sweep_file_to_json (&f.config, &f.report, &f.machine, NULL);

  assert_refused (dir, "truncated.json", good, strlen (good) / 2, PS_PRESET_ERROR_SYNTAX, "");
  wrong_kind = replace_first (good, "poolscope-sweep-results", "poolscope-results");
  assert_refused (dir, "wrong-kind.json", wrong_kind, -1, PS_PRESET_ERROR_OTHER_KIND,
                  "not a Poolscope sweep results file");
  string_mean = replace_first (good, "\"mean_s\" : [-0-9.e+]+", "\"mean_s\" : \"fast\"");
  assert_refused (dir, "string-mean.json", string_mean, -1, PS_PRESET_ERROR_INVALID,
                  "results[0].points[0].mean_s");
  string_result = replace_first (good, "\"tasks_completed\" : 7", "\"tasks_completed\" : \"7\"");
  assert_refused (dir, "string-result.json", string_result, -1, PS_PRESET_ERROR_INVALID,
                  "results[1].points[2].result");
  unsorted = replace_first (good, "\"x\" : 10000.0", "\"x\" : 1000.0");
  assert_refused (dir, "unsorted.json", unsorted, -1, PS_PRESET_ERROR_INVALID, "sorted");
  unknown_strategy = replace_first (good, "\"strategy\" : \"queue\"",
                                    "\"strategy\" : \"nonesuch\"");
  assert_refused (dir, "unknown-strategy.json", unknown_strategy, -1, PS_PRESET_ERROR_INVALID,
                  "results[1].strategy");
  huge = ten_megabytes_of_points (good);
  assert_refused (dir, "ten-megabytes.json", huge, -1, PS_PRESET_ERROR_INVALID,
                  "results[0].points must be a list of at most");

  /* Over the size limit: refused by its size, before a byte is read (the file is sparse). */
  fd = g_open (too_big, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) PS_SWEEP_FILE_MAX_BYTES + 1), ==, 0);
  close (fd);
  file = ps_sweep_file_load (too_big, &error);
  g_assert_null (file);
  g_assert_error (error, PS_PRESET_ERROR, PS_PRESET_ERROR_TOO_BIG);
  g_assert_nonnull (strstr (error->message, too_big));
  g_unlink (too_big);
  g_rmdir (dir);
}

/* ---- What the CLI writes ---------------------------------------------------------------------- */

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The loaded file's points are the stdout JSON's: the same x, mean and repetitions. */
static void
assert_file_matches_stdout (const PsSweepFile *file, const char *stdout_json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *results = json_object_get_array_member (parse_object (parser, stdout_json),
                                                     "results");

  g_assert_cmpuint (file->report->n_series, ==, json_array_get_length (results));
  for (guint s = 0; s < file->report->n_series; s++)
    {
      const PsSweepSeries *series = &file->report->series[s];
      JsonObject *expected = json_array_get_object_element (results, s);
      JsonArray *points = json_object_get_array_member (expected, "points");

      g_assert_cmpstr (series->strategy.name, ==,
                       json_object_get_string_member (expected, "strategy"));
      g_assert_cmpuint (series->n_points, ==, json_array_get_length (points));
      for (guint p = 0; p < series->n_points; p++)
        {
          JsonObject *point = json_array_get_object_element (points, p);

          g_assert_cmpfloat (series->points[p].x, ==,
                             json_object_get_double_member (point, "x"));
          g_assert_cmpfloat (series->points[p].mean_s, ==,
                             json_object_get_double_member (point, "mean_s"));
          g_assert_cmpuint (series->points[p].reps, ==,
                            json_object_get_int_member (point, "reps"));
          g_assert_true (series->points[p].has_result);
        }
    }
}

/* A field of points.csv: a number written with a dot whatever the locale, or empty for none. */
static double
csv_number (const char *field)
{
  char *end = NULL;
  double value;

  if (field[0] == '\0')
    return NAN;
  value = g_ascii_strtod (field, &end);
  g_assert_cmpstr (end, ==, "");
  return value;
}

/* Every row of points.csv is a point of the results file, with the same numbers to the bit. */
static void
assert_points_csv (const char *path, const PsSweepFile *file)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint row = 1;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "strategy,x,mean_s,mean_s_per_task,ci_low,"));
  for (guint s = 0; s < file->report->n_series; s++)
    for (guint p = 0; p < file->report->series[s].n_points; p++, row++)
      {
        const PsSweepPoint *pt = &file->report->series[s].points[p];
        g_auto (GStrv) fields = g_strsplit (lines[row], ",", -1);

        g_assert_cmpuint (g_strv_length (fields), ==, 14);
        g_assert_cmpstr (fields[0], ==, file->report->series[s].strategy.name);
        assert_same_number (csv_number (fields[1]), pt->x);
        assert_same_number (csv_number (fields[2]), pt->mean_s);
        assert_same_number (csv_number (fields[3]), pt->pace_s);
        assert_same_number (csv_number (fields[4]), pt->ci_low);
        assert_same_number (csv_number (fields[5]), pt->ci_high);
        assert_same_number (csv_number (fields[6]), pt->stddev_s);
        assert_same_number (csv_number (fields[7]), pt->min_s);
        assert_same_number (csv_number (fields[8]), pt->max_s);
        g_assert_cmpuint (g_ascii_strtoull (fields[9], NULL, 10), ==, pt->reps);
      }
  g_assert_cmpstr (lines[row], ==, "");
  g_assert_null (lines[row + 1]);
}

/* Every file of the bundle and nothing else (no staging folder left behind). */
static void
assert_bundle (const char *dir, const PsSweepFile *file)
{
  g_auto (GStrv) names = ps_bundle_sweep_files ();
  g_autofree char *csv = g_build_filename (dir, "points.csv", NULL);
  g_autofree char *results = g_build_filename (dir, "results.json", NULL);
  g_autofree char *preset_path = g_build_filename (dir, "preset.json", NULL);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr (PsSweepFile) bundled = NULL;
  g_autoptr (PsPreset) preset = NULL;
  g_autoptr (GError) error = NULL;
  guint n_entries = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      GStatBuf st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 0);
    }
  while (g_dir_read_name (listing) != NULL)
    n_entries++;
  g_assert_cmpuint (n_entries, ==, g_strv_length (names));

  assert_points_csv (csv, file);
  bundled = ps_sweep_file_load (results, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bundled->report->n_series, ==, file->report->n_series);
  /* The preset runs the same sweep: `poolscope-cli sweep --preset preset.json`. */
  preset = ps_preset_load_file (preset_path, &error);
  g_assert_no_error (error);
  g_assert_true (preset->has_sweep);
  g_assert_cmpint (preset->sweep.knob, ==, PS_KNOB_WORK);
  g_assert_cmpuint (preset->scenario.n_strategies, ==, 2);
}

/* One tiny sweep, in a German locale (a decimal comma), writing JSON to stdout, a results file
 * and a bundle: the file holds the points stdout showed, the bundle every file, its CSV the same
 * numbers. */
static void
test_cli_output_and_export (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("poolscope-sweep-XXXXXX", NULL);
      g_autofree char *output = g_build_filename (dir, "sweep.json", NULL);
      g_autofree char *bundle = g_build_filename (dir, "bundle", NULL);
      const char *args[] = { TINY_SWEEP, "--format", "json", "--output", output, "--export",
                             bundle, NULL };
      const char *env[] = { "LC_ALL", "de_DE.UTF-8", NULL };
      g_auto (CliResult) run = { 0 };
      g_autoptr (PsSweepFile) file = NULL;
      g_autoptr (GError) error = NULL;

      run_cli (&run, args, env);
      g_assert_cmpint (run.status, ==, 0);
      file = ps_sweep_file_load (output, &error);
      g_assert_no_error (error);
      g_assert_cmpint (file->config.knob, ==, PS_KNOB_WORK);
      g_assert_cmpuint (file->config.n_values, ==, 2);
      g_assert_true (file->report->completed);
      assert_file_matches_stdout (file, run.out);
      assert_bundle (bundle, file);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* An existing --output or bundle file is refused before anything is measured (exit 2, one line
 * naming it) and left as it was. */
static void
test_cli_refuses_existing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("poolscope-sweep-XXXXXX", NULL);
  g_autofree char *output = g_build_filename (dir, "taken.json", NULL);
  g_autofree char *readme = g_build_filename (dir, "README.md", NULL);
  g_autofree char *contents = NULL;
  const char *to_file[] = { TINY_SWEEP, "--output", output, NULL };
  const char *to_bundle[] = { TINY_SWEEP, "--export", dir, NULL };
  g_auto (CliResult) run = { 0 };

  g_assert_true (g_file_set_contents (output, "keep me", -1, NULL));
  run_cli (&run, to_file, NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_line (run.err);
  g_assert_nonnull (strstr (run.err, output));
  g_assert_null (strstr (run.err, "sweep: point"));
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  cli_result_clear (&run);

  g_assert_true (g_file_set_contents (readme, "mine", -1, NULL));
  run_cli (&run, to_bundle, NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_line (run.err);
  g_assert_nonnull (strstr (run.err, readme));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (readme, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine");

  g_unlink (output);
  g_unlink (readme);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_test_init (argc, argv);

  g_test_add_func ("/sweep/files/round-trip", test_round_trip);
  g_test_add_func ("/sweep/files/overwrite", test_overwrite);
  g_test_add_func ("/sweep/files/bundle", test_bundle);
  g_test_add_func ("/sweep/files/broken", test_broken);
  g_test_add_func ("/sweep/files/cli-output-and-export", test_cli_output_and_export);
  g_test_add_func ("/sweep/files/cli-refuses-existing", test_cli_refuses_existing);
  return g_test_run ();
}
