/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-published.c: published figures against measured ones. */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-published.h"

#include <math.h>
#include <string.h>

#include "ps-report-format.h"

static const PsStrategyReport *
find_strategy (const PsReport *report, const char *name)
{
  PsStrategy wanted;

  if (ps_strategy_parse (name, &wanted) != 0)
    return NULL;
  for (unsigned i = 0; i < report->n_strategies; i++)
    if (strcmp (report->strategies[i].strategy.name, wanted.name) == 0)
      return &report->strategies[i];
  return NULL;
}

static gboolean
figure_applies (const PsPreset *preset, const PsPublishedFigure *figure, const PsReport *report)
{
  return figure->at == NULL
         || ps_knob_get (&report->scenario, preset->sweep.knob) == figure->at_value;
}

GArray *
ps_published_compare (const PsPreset *preset, const PsReport *report)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (PsPublishedComparison));

  for (guint i = 0; i < preset->published->len; i++)
    {
      const PsPublishedFigure *figure = &g_array_index (preset->published, PsPublishedFigure, i);
      const PsStrategyReport *strategy = find_strategy (report, figure->strategy);
      PsPublishedComparison c = { figure, NAN, NAN };

      if (!figure_applies (preset, figure, report))
        continue;
      if (strategy != NULL && strategy->total.tasks_completed > 0)
        ps_report_result_measure (&strategy->total, figure->measure, &c.measured);
      if (isfinite (c.measured) && figure->value != 0)
        c.ratio = c.measured / figure->value;
      g_array_append_val (out, c);
    }
  return out;
}

GArray *
ps_published_compare_sweep (const PsPreset *preset, const PsSweepReport *report)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (PsPublishedComparison));

  for (guint i = 0; i < preset->published->len; i++)
    {
      const PsPublishedFigure *figure = &g_array_index (preset->published, PsPublishedFigure, i);
      PsPublishedComparison c = { figure, NAN, NAN };
      PsStrategy wanted;

      /* A figure without "at" belongs to a run, and a sweep of another knob has no such point. */
      if (figure->at == NULL || !preset->has_sweep || report->knob != preset->sweep.knob
          || ps_strategy_parse (figure->strategy, &wanted) != 0)
        continue;
      for (guint s = 0; s < report->n_series; s++)
        {
          const PsSweepSeries *series = &report->series[s];

          if (strcmp (series->strategy.name, wanted.name) != 0)
            continue;
          for (guint p = 0; p < series->n_points; p++)
            if (series->points[p].x == figure->at_value && series->points[p].has_result
                && series->points[p].result.tasks_completed > 0)
              ps_report_result_measure (&series->points[p].result, figure->measure,
                                        &c.measured);
        }
      if (isfinite (c.measured) && figure->value != 0)
        c.ratio = c.measured / figure->value;
      g_array_append_val (out, c);
    }
  return out;
}

JsonNode *
ps_published_to_json (const GArray *comparisons)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < comparisons->len; i++)
    {
      const PsPublishedComparison *c = &g_array_index (comparisons, PsPublishedComparison, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "strategy");
      json_builder_add_string_value (b, c->figure->strategy);
      json_builder_set_member_name (b, "measure");
      json_builder_add_string_value (b, c->figure->measure);
      ps_json_add_double (b, "published", c->figure->value);
      json_builder_set_member_name (b, "as_published");
      json_builder_add_string_value (b, c->figure->as_published);
      if (c->figure->at != NULL)
        {
          json_builder_set_member_name (b, "at");
          json_builder_add_string_value (b, c->figure->at);
        }
      ps_json_add_double (b, "measured", c->measured);
      ps_json_add_double (b, "ratio", c->ratio);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* A number with about four significant digits and a dot, whatever the locale. */
static char *
format_number (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup ("-");
  return g_strdup (g_ascii_formatd (text, sizeof text, "%.4g", value));
}

char *
ps_published_to_table (const PsPreset *preset, const GArray *comparisons)
{
  GString *text = g_string_new (NULL);

  if (comparisons->len == 0)
    return g_string_free (text, FALSE);
  g_string_append_printf (text, "\nPublished (%s) against measured here:\n",
                          preset->source[0] != '\0' ? preset->source : preset->title);
  g_string_append_printf (text, "  %-20s %-22s %8s %12s %12s %8s  %s\n", "strategy", "measure",
                          "at", "published", "measured", "ratio", "as published");
  for (guint i = 0; i < comparisons->len; i++)
    {
      const PsPublishedComparison *c = &g_array_index (comparisons, PsPublishedComparison, i);
      g_autofree char *published = format_number (c->figure->value);
      g_autofree char *measured = format_number (c->measured);
      g_autofree char *ratio = format_number (c->ratio);

      g_string_append_printf (text, "  %-20s %-22s %8s %12s %12s %8s  %s\n", c->figure->strategy,
                              c->figure->measure, c->figure->at != NULL ? c->figure->at : "",
                              published, measured, ratio, c->figure->as_published);
    }
  g_string_append (text, "  (ratio = measured / published; the machines differ, so compare "
                         "shapes and ratios between strategies, not absolute values)\n");
  return g_string_free (text, FALSE);
}
