/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-bundle.c: write a run's export bundle through a staging folder (see ps-bundle.h). */
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

static const char *const data_files[] = {
  "results.csv", "samples.csv", "results.json", "preset.json", "README.md",
};

GStrv
ps_bundle_run_files (void)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  for (guint c = 0; c < PS_N_RUN_CHARTS; c++)
    for (guint f = 0; f < G_N_ELEMENTS (chart_formats); f++)
      {
        g_autofree char *name = g_strdup_printf ("%s.%s", ps_run_chart_name (c),
                                                 chart_formats[f].extension);

        /* g_strv_builder_take () is GLib 2.80: newer than the platform. */
        g_strv_builder_add (names, name);
      }
  for (guint i = 0; i < G_N_ELEMENTS (data_files); i++)
    g_strv_builder_add (names, data_files[i]);
  return g_strv_builder_end (names);
}

/* ---- The pieces ------------------------------------------------------------------------------- */

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
      for (guint f = 0; f < G_N_ELEMENTS (chart_formats); f++)
        {
          g_autofree char *name = g_strdup_printf ("%s.%s", ps_run_chart_name (c),
                                                   chart_formats[f].extension);
          g_autofree char *path = g_build_filename (staging, name, NULL);

          if (!ps_chart_render_to_file (model, path, chart_formats[f].format, CHART_WIDTH,
                                        CHART_HEIGHT, chart_formats[f].scale, error))
            return FALSE;
        }
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

/* The preset that runs this scenario again: the one it ran from, with the knobs as they were. */
static PsPreset *
reproducing_preset (const PsReport *report,
                    const PsPreset *preset)
{
  PsPreset *copy = preset != NULL ? ps_preset_copy (preset) : ps_preset_new ("bundle");

  if (preset == NULL)
    {
      g_free (copy->description);
      copy->description = g_strdup ("The scenario of an exported run.");
    }
  ps_preset_set_scenario (copy, &report->scenario);
  return copy;
}

static void
append_machine (GString        *md,
                const PsReport *report)
{
  const PsMachine *m = &report->machine;
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

static void
append_knobs (GString          *md,
              const PsScenario *s)
{
  g_string_append (md, "## Scenario\n\nStrategies:");
  for (unsigned i = 0; i < s->n_strategies; i++)
    g_string_append_printf (md, "%s `%s`", i > 0 ? "," : "", s->strategies[i].name);
  g_string_append (md, "\n\n| knob | value | meaning |\n|---|---|---|\n");
  for (guint k = 0; k < PS_KNOB_COUNT; k++)
    {
      const PsKnobInfo *info = ps_knob_info (k);
      char value[96];

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
  append_machine (md, report);
  append_knobs (md, &report->scenario);
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

/* ---- Staging ---------------------------------------------------------------------------------- */

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
write_all (const char     *staging,
           const PsReport *report,
           const GArray   *samples,
           const PsPreset *preset,
           GError        **error)
{
  g_autoptr (PsPreset) again = reproducing_preset (report, preset);
  g_autofree char *results_csv = ps_report_to_csv (report);
  g_autofree char *samples_csv = ps_results_samples_to_csv (&report->scenario, samples);
  g_autofree char *results = ps_results_file_to_json (report, samples, preset);
  g_autofree char *preset_json = ps_preset_to_json (again);
  g_autofree char *readme = readme_text (report, preset, samples);

  return write_charts (staging, report, samples, error)
         && write_text (staging, "results.csv", results_csv, error)
         && write_text (staging, "samples.csv", samples_csv, error)
         && write_text (staging, "results.json", results, error)
         && write_text (staging, "preset.json", preset_json, error)
         && write_text (staging, "README.md", readme, error);
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

gboolean
ps_bundle_write_run (const char     *dir,
                     const PsReport *report,
                     const GArray   *samples,
                     const PsPreset *preset,
                     gboolean        overwrite,
                     GError        **error)
{
  g_auto (GStrv) names = ps_bundle_run_files ();
  g_autofree char *template = NULL;
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
  template = g_build_filename (dir, ".poolscope-bundle-XXXXXX", NULL);
  staging = g_mkdtemp (g_strdup (template));
  if (staging == NULL)
    return io_error (error, "cannot write in", dir);
  if (!write_all (staging, report, samples, preset, error))
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
