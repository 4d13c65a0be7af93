/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart-gallery.c: writes the fixtures as PNG (light, dark, 2×), SVG and PDF into a folder, for
 * people to look at. Not a test: `chart-gallery /tmp/charts`. */
#define G_LOG_DOMAIN "chart-gallery"

#include "chart-fixtures.h"
#include "ps-charts.h"

#include <glib/gstdio.h>

static gboolean
export (PsChartModel *model, const char *dir, const char *name, gboolean dark, double scale,
        PsChartFormat format, GError **error)
{
  static const char *ext[] = { "png", "svg", "pdf" };
  g_autofree char *file = g_strdup_printf ("%s%s%s.%s", name, dark ? "-dark" : "",
                                           scale > 1 ? "@2x" : "", ext[format]);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  PsChartStyle style;

  ps_chart_style_init (&style, dark);
  return ps_chart_render_to_file_with_style (model, &style, path, format, 960, 540, scale, error);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  const char *dir = argc > 1 ? argv[1] : ".";
  struct
  {
    const char *name;
    PsChartModel *model;
  } charts[] = {
    { "time-series", chart_fixture_time_series (4, 600) },
    { "sweep", chart_fixture_sweep () },
    { "bars", chart_fixture_bars () },
    { "contention", chart_fixture_contention () },
    { "dense", chart_fixture_time_series (4, 200000) },
  };
  int status = 0;

  g_mkdir_with_parents (dir, 0755);
  /* A crosshair on the sweep shows the readout in the pictures too. */
  ps_chart_model_set_crosshair (charts[1].model, 262144);
  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      if (!export (charts[i].model, dir, charts[i].name, FALSE, 1, PS_CHART_FORMAT_PNG, &error) ||
          !export (charts[i].model, dir, charts[i].name, TRUE, 1, PS_CHART_FORMAT_PNG, &error) ||
          !export (charts[i].model, dir, charts[i].name, FALSE, 2, PS_CHART_FORMAT_PNG, &error) ||
          !export (charts[i].model, dir, charts[i].name, FALSE, 1, PS_CHART_FORMAT_SVG, &error) ||
          !export (charts[i].model, dir, charts[i].name, FALSE, 1, PS_CHART_FORMAT_PDF, &error))
        {
          g_printerr ("%s\n", error->message);
          g_clear_error (&error);
          status = 1;
        }
      ps_chart_model_unref (charts[i].model);
    }
  return status;
}
