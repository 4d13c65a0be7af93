/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-bundle.c: write a run's or a sweep's export bundle through a staging folder (see
 * ps-bundle.h). */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-bundle.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ps-files-io.h"
#include "ps-published.h"
#include "ps-report-format.h"
#include "ps-results-file.h"
#include "ps-run-charts.h"
#include "ps-sweep-file.h"
#include "ps-sweep-format.h"

/* The size a chart is drawn at: 16:9, readable on a slide; PNGs at twice the pixels. */
#define CHART_WIDTH 1200
#define CHART_HEIGHT 675

static const struct
{
  const char *extension;
  PsChartFormat format;
  double scale;
} chart_formats[] = {
  { "png", PS_CHART_FORMAT_PNG, 2.0 },
  { "svg", PS_CHART_FORMAT_SVG, 1.0 },
  { "pdf", PS_CHART_FORMAT_PDF, 1.0 },
};

static const char *const run_data_files[] = {
  "results.csv", "samples.csv", "results.json", "preset.json", "README.md", NULL,
};

/* A sweep has one chart: its metric against the knob. */
#define SWEEP_CHART "sweep"

static const char *const sweep_data_files[] = {
  "points.csv", "results.json", "preset.json", "README.md", NULL,
};

/* Adds @chart's file in every format to @names. */
static void
add_chart_files (GStrvBuilder *names,
                 const char   *chart)
{
  for (guint f = 0; f < G_N_ELEMENTS (chart_formats); f++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", chart, chart_formats[f].extension);

      /* g_strv_builder_take () is GLib 2.80: newer than the platform. */
      g_strv_builder_add (names, name);
    }
}

GStrv
ps_bundle_run_files (void)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  for (guint c = 0; c < PS_N_RUN_CHARTS; c++)
    add_chart_files (names, ps_run_chart_name (c));
  g_strv_builder_addv (names, (const char **) run_data_files);
  return g_strv_builder_end (names);
}

GStrv
ps_bundle_sweep_files (void)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  add_chart_files (names, SWEEP_CHART);
  g_strv_builder_addv (names, (const char **) sweep_data_files);
  return g_strv_builder_end (names);
}

/* ---- The pieces ------------------------------------------------------------------------------- */

/* Draws @model as @chart in every format into @staging. */
static gboolean
render_chart (const char         *staging,
              const char         *chart,
              const PsChartModel *model,
              GError            **error)
{
  for (guint f = 0; f < G_N_ELEMENTS (chart_formats); f++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", chart, chart_formats[f].extension);
      g_autofree char *path = g_build_filename (staging, name, NULL);

      if (!ps_chart_render_to_file (model, path, chart_formats[f].format, CHART_WIDTH,
                                    CHART_HEIGHT, chart_formats[f].scale, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_charts (const char     *staging,
              const PsReport *report,
              const GArray   *samples,
              GError        **error)
{
  for (guint c = 0; c < PS_N_RUN_CHARTS; c++)
    {
      g_autoptr (PsChartModel) model = ps_run_chart_new (c, &report->scenario);

      if (c == PS_RUN_CHART_HISTOGRAM)
        ps_run_chart_show_histogram (model, report);
      else
        for (guint i = 0; samples != NULL && i < samples->len; i++)
          ps_run_chart_append (model, c, &g_array_index (samples, PsSample, i));
      if (!render_chart (staging, ps_run_chart_name (c), model, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_text (const char  *staging,
            const char  *name,
            const char  *text,
            GError     **error)
{
  g_autofree char *path = g_build_filename (staging, name, NULL);

  return ps_files_write_atomically (path, text, strlen (text), error);
}

/* The preset that runs this scenario again: the one it ran from, with the knobs as they were;
 * @description says what it is when there was none. */
static PsPreset *
reproducing_preset (const PsScenario *scenario,
                    const PsPreset   *preset,
                    const char       *description)
{
  PsPreset *copy = preset != NULL ? ps_preset_copy (preset) : ps_preset_new ("bundle");

  if (preset == NULL)
    {
      g_free (copy->description);
      copy->description = g_strdup (description);
    }
  ps_preset_set_scenario (copy, scenario);
  return copy;
}

static void
append_machine (GString         *md,
                const PsMachine *m)
{
  char memory[48], cache[48];

  ps_units_format_bytes (m->total_memory_bytes, memory, sizeof memory);
  ps_units_format_bytes (m->last_level_cache_bytes, cache, sizeof cache);
  g_string_append (md, "## Machine and calibration\n\n");
  g_string_append_printf (md, "- CPU: %s, %u cores; %s of memory; last-level cache %s\n",
                          m->cpu_model, m->cores, memory, cache);
  g_string_append_printf (md, "- Clock: %s, one timestamp %.1f ns\n", m->clock_source,
                          m->clock_cost_ns);
  g_string_append_printf (md, "- CPU work kernel: %.1f iterations per µs (median of %u probes; "
                          "spread %.1f%%)\n", m->work_iterations_per_us, m->work_probe_rounds,
                          m->work_round_spread_pct);
  g_string_append_printf (md, "- Mutex hand-off between two threads: %.0f ns; isolate heap "
                          "build: %.1f ns per KiB\n", m->lock_handoff_ns,
                          m->arena_create_ns_per_kib);
  g_string_append_printf (md, "- A %.0f µs sleep takes %.0f µs on an engine thread\n\n",
                          m->sleep_request_ns / 1000, m->sleep_achieved_ns / 1000);
}

/* Every knob of @s; the row of @swept (PS_KNOB_COUNT for none) says it was swept instead of
 * the base value no point ran with. */
static void
append_knobs (GString          *md,
              const PsScenario *s,
              PsKnob            swept)
{
  g_string_append (md, "## Scenario\n\nStrategies:");
  for (unsigned i = 0; i < s->n_strategies; i++)
    g_string_append_printf (md, "%s `%s`", i > 0 ? "," : "", s->strategies[i].name);
  g_string_append (md, "\n\n| knob | value | meaning |\n|---|---|---|\n");
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info (k);
      char value[96];

      if (k == swept)
        g_strlcpy (value, "swept (see below)", sizeof value);
      else
        ps_knob_format (info, ps_knob_get (s, k), value, sizeof value);
      g_string_append_printf (md, "| `%s` | %s | %s |\n", info->name, value, info->help);
    }
  g_string_append_c (md, '\n');
}

static void
append_results (GString        *md,
                const PsReport *report,
                const PsPreset *preset)
{
  g_autofree char *table = ps_report_to_table (report);

  g_string_append (md, "## Results\n\nAs `poolscope-cli run` prints them (warm-up left out):\n\n"
                       "```\n");
  g_string_append (md, table);
  g_string_append (md, "```\n\n");
  if (preset != NULL)
    {
      g_autoptr (GArray) comparisons = ps_published_compare (preset, report);
      g_autofree char *published = ps_published_to_table (preset, comparisons);

      if (published[0] != '\0')
        g_string_append_printf (md, "```%s```\n\n", published);
    }
}

static char *
readme_text (const PsReport *report,
             const PsPreset *preset,
             const GArray   *samples)
{
  GString *md = g_string_new ("# Poolscope run\n\n");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");

  g_string_append_printf (md, "Measured on %s, exported %s, with Poolscope %s%s%s%s.%s\n\n",
                          g_get_host_name (), time, PS_VERSION,
                          preset != NULL ? " from the preset `" : "",
                          preset != NULL ? preset->name : "", preset != NULL ? "`" : "",
                          report->completed ? "" : " The run was stopped before its end.");
  if (preset != NULL && preset->description[0] != '\0')
    g_string_append_printf (md, "%s\n\nSource: %s\n\n", preset->description, preset->source);
  append_machine (md, &report->machine);
  append_knobs (md, &report->scenario, PS_KNOB_COUNT);
  append_results (md, report, preset);
  g_string_append (md, "## How each figure is measured\n\n```\n");
  g_string_append (md, ps_report_measures_text ());
  g_string_append (md, "```\n\nThe charts plot the live samples (one per sample period and "
                       "strategy): throughput, p99 latency, wait share, hold share and the share "
                       "of time the workers waited for a CPU; the histogram is each strategy's "
                       "whole-run latency distribution.\n\n");
  g_string_append_printf (md, "## Files\n\n- `*.png` (2×), `*.svg`, `*.pdf`: the charts\n"
                              "- `results.csv`: one row per strategy\n"
                              "- `samples.csv`: %u live samples, one row each\n"
                              "- `results.json`: the results file; open it with "
                              "`poolscope results.json`\n"
                              "- `preset.json`: the scenario as a preset\n\n",
                          samples != NULL ? samples->len : 0);
  g_string_append (md, "## Reproduce\n\n```\npoolscope-cli run --preset preset.json\n```\n\n"
                       "A different machine gives different absolute figures: compare the "
                       "strategies' ratios and the shapes of the curves.\n");
  return g_string_free (md, FALSE);
}

/* ---- A sweep's README ------------------------------------------------------------------------- */

/* The preset that runs this sweep again: its scenario and its sweep, the knob's range and what
 * is compared. Only the fields a preset keeps are copied: no hooks of the sweep that ran. */
static PsPreset *
reproducing_sweep_preset (const PsSweepConfig *config,
                          const PsPreset      *preset)
{
  PsPreset *again = reproducing_preset (&config->base, preset,
                                        "The scenario and the sweep of an exported sweep.");

  ps_sweep_config_init (&again->sweep);
  again->sweep.base = again->scenario;
  again->sweep.knob = config->knob;
  again->sweep.spacing = config->spacing;
  again->sweep.from = config->from;
  again->sweep.to = config->to;
  again->sweep.points = config->points;
  again->sweep.n_values = config->n_values;
  memcpy (again->sweep.values, config->values, sizeof again->sweep.values);
  again->sweep.metric = config->metric;
  g_strlcpy (again->sweep.reference, config->reference, sizeof again->sweep.reference);
  again->has_sweep = TRUE;
  return again;
}

static void
append_sweep_range (GString             *md,
                    const PsSweepConfig *config,
                    const PsSweepReport *report)
{
  const PsKnobInfo *info = ps_knob_info (report->knob);
  char value[96];

  g_string_append_printf (md, "## Sweep\n\n- Swept knob: `%s`. %s\n", info->name, info->help);
  g_string_append_printf (md, "- %u values, %s:", report->n_values,
                          config->spacing == PS_SWEEP_LIST ? "as listed"
                          : report->log_axis               ? "spaced geometrically"
                                                           : "spaced evenly");
  for (unsigned i = 0; i < report->n_values; i++)
    {
      ps_knob_format (info, report->values[i], value, sizeof value);
      g_string_append_printf (md, "%s %s", i > 0 ? "," : "", value);
    }
  g_string_append_printf (md, "\n- Compared: %s (lower is better), each strategy against `%s`\n",
                          ps_sweep_metric_label (report->metric),
                          report->series[report->reference].strategy.name);
  g_string_append_printf (md, "- %u runs (short sizing pilots included) in %.1f s%s\n\n",
                          report->runs, report->wall_s,
                          report->completed ? "" : "; the sweep was stopped before its end");
}

/* "- `queue` beats `single` when work is above 18 µs (between 14 µs and 38 µs)." */
static void
append_crossing (GString               *md,
                 const PsSweepReport   *report,
                 const PsSweepCrossing *c)
{
  char x[48], lo[48], hi[48];

  ps_sweep_format_x (report, c->x, x, sizeof x);
  ps_sweep_format_x (report, c->x_low, lo, sizeof lo);
  ps_sweep_format_x (report, c->x_high, hi, sizeof hi);
  g_string_append_printf (md, "- `%s` beats `%s` when %s is %s %s (between %s and %s; %u "
                              "bisection points%s).\n",
                          report->series[c->strategy].strategy.name,
                          report->series[c->reference].strategy.name,
                          ps_knob_info (report->knob)->name, ps_sweep_direction_name (c->direction),
                          x, lo, hi, c->extra_points,
                          c->converged ? "" : ", not narrowed to the tolerance");
}

static void
append_crossings (GString             *md,
                  const PsSweepReport *report)
{
  g_string_append (md, "## Break-even\n\n");
  for (unsigned s = 0; s < report->n_series; s++)
    {
      gboolean found = FALSE;

      if (s == report->reference)
        continue;
      for (unsigned i = 0; i < report->n_crossings; i++)
        if (report->crossings[i].strategy == s)
          {
            append_crossing (md, report, &report->crossings[i]);
            found = TRUE;
          }
      if (!found)
        g_string_append_printf (md, "- `%s` and `%s` do not cross in this range.\n",
                                report->series[s].strategy.name,
                                report->series[report->reference].strategy.name);
    }
  g_string_append_c (md, '\n');
}

static void
append_sweep_method (GString             *md,
                     const PsSweepConfig *config)
{
  char rep_time[48];

  ps_units_format_duration ((double) config->rep_duration_ns, rep_time, sizeof rep_time);
  g_string_append (md, "## How it is measured\n\n");
  g_string_append_printf (md, "Each point is the mean of at least %u repetitions, repeated (up to "
                              "%u) until the 95%% confidence interval of the mean (Student's t) "
                              "is within ±%.4g%% of it; the strategies' repetitions at one value "
                              "take turns. ",
                          MIN (config->min_reps, config->max_reps), config->max_reps,
                          100 * config->ci_target);
  if (config->rep_duration_ns > 0)
    g_string_append_printf (md, "Each repetition runs about %s of tasks, after 10%% more as "
                                "warm-up. ", rep_time);
  g_string_append_printf (md, "A crossing lies between the nearest values where the two "
                              "strategies' intervals separate with opposite signs; it is refined "
                              "by bisection (at most %u points) until the bracket is narrower "
                              "than %.4g%%. A repetition during which other processes used more "
                              "than %.0f%% of the machine is measured again.\n\n"
                              "Each point's `result` in results.json is its median repetition, "
                              "with these measures:\n\n```\n",
                          config->max_extra_points, 100 * config->tolerance,
                          PS_INTERFERENCE_BUSY_PCT);
  g_string_append (md, ps_report_measures_text ());
  g_string_append (md, "```\n\n");
}

/* `poolscope-cli sweep --preset preset.json`, with the statistics settings a preset does not
 * keep when they are not the defaults. */
static void
append_sweep_reproduce (GString             *md,
                        const PsSweepConfig *config)
{
  guint64 rep_ns = config->rep_duration_ns;
  PsSweepConfig defaults;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  ps_sweep_config_init (&defaults);
  g_string_append (md, "## Reproduce\n\n```\npoolscope-cli sweep --preset preset.json");
  if (config->ci_target != defaults.ci_target)
    g_string_append_printf (md, " --ci %s%%", g_ascii_formatd (number, sizeof number, "%.4g",
                                                                100 * config->ci_target));
  if (config->max_reps != defaults.max_reps)
    g_string_append_printf (md, " --max-reps %u", config->max_reps);
  /* In whole milliseconds when it is one, as people type it; else in microseconds. */
  if (rep_ns > 0 && rep_ns != defaults.rep_duration_ns && rep_ns % 1000000 == 0)
    g_string_append_printf (md, " --rep-time %" G_GUINT64_FORMAT "ms", rep_ns / 1000000);
  else if (rep_ns > 0 && rep_ns != defaults.rep_duration_ns)
    g_string_append_printf (md, " --rep-time %" G_GUINT64_FORMAT "us", MAX (rep_ns / 1000, 1));
  g_string_append (md, "\n```\n\nA different machine gives different absolute figures: compare "
                       "where the strategies cross and the shapes of the curves.\n");
}

static char *
sweep_readme_text (const PsSweepConfig *config,
                   const PsSweepReport *report,
                   const PsMachine     *machine,
                   const PsPreset      *preset)
{
  GString *md = g_string_new ("# Poolscope sweep\n\n");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  guint n_points = 0;

  for (unsigned s = 0; s < report->n_series; s++)
    n_points += report->series[s].n_points;
  g_string_append_printf (md, "Measured on %s, exported %s, with Poolscope %s%s%s%s.\n\n",
                          g_get_host_name (), time, PS_VERSION,
                          preset != NULL ? " from the preset `" : "",
                          preset != NULL ? preset->name : "", preset != NULL ? "`" : "");
  if (preset != NULL && preset->description[0] != '\0')
    g_string_append_printf (md, "%s\n\nSource: %s\n\n", preset->description, preset->source);
  append_machine (md, machine);
  append_knobs (md, &config->base, report->knob);
  append_sweep_range (md, config, report);
  append_crossings (md, report);
  if (preset != NULL)
    {
      g_autoptr (GArray) comparisons = ps_published_compare_sweep (preset, report);
      g_autofree char *published = ps_published_to_table (preset, comparisons);

      if (published[0] != '\0')
        g_string_append_printf (md, "```%s```\n\n", published);
    }
  append_sweep_method (md, config);
  g_string_append_printf (md, "## Files\n\n- `%s.png` (2×), `%s.svg`, `%s.pdf`: %s against "
                              "`%s`, a line per strategy with its 95%% confidence band, and the "
                              "break-even markers\n"
                              "- `points.csv`: %u points, one row each (`mean_s` is the compared "
                              "metric, `mean_s_per_task` the time per task)\n"
                              "- `results.json`: the sweep results file\n"
                              "- `preset.json`: the scenario and the sweep as a preset\n\n",
                          SWEEP_CHART, SWEEP_CHART, SWEEP_CHART,
                          ps_sweep_metric_label (report->metric),
                          ps_knob_info (report->knob)->name, n_points);
  append_sweep_reproduce (md, config);
  return g_string_free (md, FALSE);
}

/* ---- Staging ---------------------------------------------------------------------------------- */

/* Writes every file of one bundle into @staging. */
typedef gboolean (*WriteFilesFunc) (const char   *staging,
                                    gconstpointer data,
                                    GError      **error);

static void
remove_staging (const char *staging)
{
  g_autoptr (GDir) dir = g_dir_open (staging, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (staging, name, NULL);

      g_unlink (path);
    }
  g_rmdir (staging);
}

static gboolean
io_error (GError    **error,
          const char *what,
          const char *path)
{
  int saved = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s %s: %s", what, path,
               g_strerror (saved));
  return FALSE;
}

/* Writes the files @names into @dir: all of them into a staging folder beside them by @write,
 * then each moved into place. */
static gboolean
write_bundle (const char         *dir,
              const char *const  *names,
              gboolean            overwrite,
              WriteFilesFunc      write,
              gconstpointer       data,
              GError            **error)
{
  g_autofree char *staging = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    return io_error (error, "cannot create the folder", dir);
  /* Asked before anything is written: a bundle is replaced whole or not at all. */
  for (guint i = 0; !overwrite && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "%s exists already; choose an empty folder or allow replacing it", path);
          return FALSE;
        }
    }
  staging = g_build_filename (dir, ".poolscope-bundle-XXXXXX", NULL);
  if (g_mkdtemp (staging) == NULL)
    return io_error (error, "cannot write in", dir);
  if (!write (staging, data, error))
    {
      remove_staging (staging);
      return FALSE;
    }
  /* Renames within one folder's file system: they need no space and cannot half happen. */
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *from = g_build_filename (staging, names[i], NULL);
      g_autofree char *to = g_build_filename (dir, names[i], NULL);

      if (g_rename (from, to) != 0)
        {
          io_error (error, "cannot move the bundle's file into", to);
          remove_staging (staging);
          return FALSE;
        }
    }
  g_rmdir (staging);
  return TRUE;
}

/* ---- The bundles ------------------------------------------------------------------------------ */

typedef struct
{
  const PsReport *report;
  const GArray *samples;
  const PsPreset *preset;
} RunBundle;

static gboolean
write_run_files (const char   *staging,
                 gconstpointer data,
                 GError      **error)
{
  const RunBundle *run = data;
  g_autoptr (PsPreset) again = reproducing_preset (&run->report->scenario, run->preset,
                                                   "The scenario of an exported run.");
  g_autofree char *results_csv = ps_report_to_csv (run->report);
  g_autofree char *samples_csv = ps_results_samples_to_csv (&run->report->scenario,
                                                            run->samples);
  g_autofree char *results = ps_results_file_to_json (run->report, run->samples, run->preset);
  g_autofree char *preset_json = ps_preset_to_json (again);
  g_autofree char *readme = readme_text (run->report, run->preset, run->samples);

  return write_charts (staging, run->report, run->samples, error)
         && write_text (staging, "results.csv", results_csv, error)
         && write_text (staging, "samples.csv", samples_csv, error)
         && write_text (staging, "results.json", results, error)
         && write_text (staging, "preset.json", preset_json, error)
         && write_text (staging, "README.md", readme, error);
}

gboolean
ps_bundle_write_run (const char     *dir,
                     const PsReport *report,
                     const GArray   *samples,
                     const PsPreset *preset,
                     gboolean        overwrite,
                     GError        **error)
{
  g_auto (GStrv) names = ps_bundle_run_files ();
  RunBundle run = { report, samples, preset };

  return write_bundle (dir, (const char *const *) names, overwrite, write_run_files, &run,
                       error);
}

typedef struct
{
  const PsSweepConfig *config;
  const PsSweepReport *report;
  const PsMachine *machine;
  const PsPreset *preset;
} SweepBundle;

static gboolean
write_sweep_files (const char   *staging,
                   gconstpointer data,
                   GError      **error)
{
  const SweepBundle *sweep = data;
  g_autoptr (PsChartModel) chart = ps_sweep_chart_new (sweep->config, sweep->report);
  g_autoptr (PsPreset) again = reproducing_sweep_preset (sweep->config, sweep->preset);
  g_autofree char *points_csv = ps_sweep_points_to_csv (sweep->report);
  g_autofree char *results = ps_sweep_file_to_json (sweep->config, sweep->report,
                                                    sweep->machine, sweep->preset);
  g_autofree char *preset_json = ps_preset_to_json (again);
  g_autofree char *readme = sweep_readme_text (sweep->config, sweep->report, sweep->machine,
                                               sweep->preset);

  return render_chart (staging, SWEEP_CHART, chart, error)
         && write_text (staging, "points.csv", points_csv, error)
         && write_text (staging, "results.json", results, error)
         && write_text (staging, "preset.json", preset_json, error)
         && write_text (staging, "README.md", readme, error);
}

gboolean
ps_bundle_write_sweep (const char          *dir,
                       const PsSweepConfig *config,
                       const PsSweepReport *report,
                       const PsMachine     *machine,
                       const PsPreset      *preset,
                       gboolean             overwrite,
                       GError             **error)
{
  g_auto (GStrv) names = ps_bundle_sweep_files ();
  SweepBundle sweep = { config, report, machine, preset };

  return write_bundle (dir, (const char *const *) names, overwrite, write_sweep_files, &sweep,
                       error);
}
