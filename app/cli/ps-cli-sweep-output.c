/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-sweep-output.c: `poolscope-cli sweep`'s result as a table for people: the points, the
 * crossings and the scaling fits. JSON and CSV, which results files and bundles write too, are
 * in app/files/ps-sweep-format.c.
 */
#define G_LOG_DOMAIN "poolscope-cli"

#include "ps-cli-sweep-output.h"

#include "ps-sweep-format.h"

/* Appends @text padded to @width characters (not bytes: "µ" and "±" take two). */
static void
append_padded (GString *out, const char *text, int width)
{
  g_string_append_printf (out, "%s%*s", text, MAX (0, width - (int) g_utf8_strlen (text, -1)),
                          "");
}

static void
table_cell (GString *out, const PsSweepPoint *p)
{
  char t[48];
  g_autofree char *cell = NULL;

  g_string_append (out, "  ");
  if (!p)
    {
      append_padded (out, "–", 26);
      return;
    }
  ps_units_format_duration (p->mean_s * 1e9, t, sizeof t);
  cell = g_strdup_printf ("%s ±%.1f%% (%u)", t, 100 * (p->ci_high - p->mean_s) / p->mean_s,
                          p->reps);
  append_padded (out, cell, 26);
}

static void
table_crossings (GString *out, const PsSweepReport *r)
{
  const char *ref = r->series[r->reference].strategy.name;
  char x[48], lo[48], hi[48];

  g_string_append_printf (out, "\nBreak-even against %s (%s):\n", ref,
                          ps_sweep_metric_label (r->metric));
  for (unsigned s = 0; s < r->n_series; s++)
    {
      gboolean found = FALSE;

      if (s == r->reference)
        continue;
      for (unsigned i = 0; i < r->n_crossings; i++)
        {
          const PsSweepCrossing *c = &r->crossings[i];

          if (c->strategy != s)
            continue;
          found = TRUE;
          ps_sweep_format_x (r, c->x, x, sizeof x);
          ps_sweep_format_x (r, c->x_low, lo, sizeof lo);
          ps_sweep_format_x (r, c->x_high, hi, sizeof hi);
          g_string_append_printf (out, "  %s beats %s %s %s %s (in [%s, %s], %u extra points%s)\n",
                                  r->series[s].strategy.name, ref,
                                  ps_sweep_direction_name (c->direction),
                                  ps_knob_info (r->knob)->name, x, lo, hi, c->extra_points,
                                  c->converged ? "" : ", not converged");
        }
      if (!found)
        g_string_append_printf (out, "  %s: no crossing with %s in range\n",
                                r->series[s].strategy.name, ref);
    }
}

static void
table_fits (GString *out, const PsSweepReport *r)
{
  const PsKnobInfo *info = ps_knob_info (r->knob);

  for (unsigned s = 0; s < r->n_series; s++)
    {
      const PsSweepFits *f = &r->series[s].fits;
      char t[48];

      const char *name = r->series[s].strategy.name;

      /* A fit that explains too little of the curve is not quoted: its parameters would be
       * read as findings. */
      if (f->has_linear && f->linear.r2 < PS_SWEEP_FIT_MIN_R2)
        g_string_append_printf (out, "  %s: no linear fit (R² %.3f < %.2f)\n", name,
                                f->linear.r2, PS_SWEEP_FIT_MIN_R2);
      else if (f->has_linear)
        {
          ps_units_format_duration (f->linear.intercept * 1e9, t, sizeof t);
          g_string_append_printf (out, "  %s: %s + %.4g ns per %s (R² %.3f)\n", name, t,
                                  f->linear.slope * 1e9,
                                  info->unit == PS_UNIT_BYTES ? "byte" : "ns", f->linear.r2);
        }
      if (f->has_amdahl && f->amdahl.r2 < PS_SWEEP_FIT_MIN_R2)
        g_string_append_printf (out, "  %s: no Amdahl fit (R² %.3f < %.2f)\n", name,
                                f->amdahl.r2, PS_SWEEP_FIT_MIN_R2);
      else if (f->has_amdahl)
        g_string_append_printf (out, "  %s: Amdahl serial fraction %.3f over %u thread counts "
                                "(R² %.3f)\n", name, f->amdahl.sigma, f->scaling_points,
                                f->amdahl.r2);
      if (f->has_usl && f->usl.r2 < PS_SWEEP_FIT_MIN_R2)
        g_string_append_printf (out, "  %s: no USL fit (R² %.3f < %.2f)\n", name, f->usl.r2,
                                PS_SWEEP_FIT_MIN_R2);
      else if (f->has_usl)
        g_string_append_printf (out, "  %s: USL σ %.4f κ %.5f (R² %.3f)\n", name,
                                f->usl.sigma, f->usl.kappa, f->usl.r2);
      if (f->scaling_skipped != NULL)
        g_string_append_printf (out, "  %s: no scaling fit: %s\n", name, f->scaling_skipped);
    }
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Says how often the machine was too busy to trust a repetition, and where it stayed so. */
static void
append_busy_note (GString *out, const PsSweepReport *r)
{
  unsigned disturbed_points = 0;

  for (unsigned s = 0; s < r->n_series; s++)
    for (unsigned p = 0; p < r->series[s].n_points; p++)
      disturbed_points += r->series[s].points[p].disturbed > 0;
  if (r->remeasured > 0)
    g_string_append_printf (out, "%u repetitions were measured again because other processes "
                            "used more than %.0f%% of the machine while they ran.\n",
                            r->remeasured, PS_INTERFERENCE_BUSY_PCT);
  if (disturbed_points > 0)
    g_string_append_printf (out, "%u points stayed disturbed after %d tries each: the machine "
                            "was busy, so their values may be off (\"disturbed\" in JSON).\n",
                            disturbed_points, PS_SWEEP_MAX_REMEASURES);
}

char *
ps_cli_sweep_to_table (const PsSweepReport *r, gboolean fresh_processes)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  char x[48];

  /* Rows: every value any strategy was measured at, bisection points included. */
  for (unsigned s = 0; s < r->n_series; s++)
    for (unsigned p = 0; p < r->series[s].n_points; p++)
      g_array_append_val (xs, r->series[s].points[p].x);
  g_array_sort (xs, compare_doubles);

  append_padded (out, ps_knob_info (r->knob)->name, 12);
  for (unsigned s = 0; s < r->n_series; s++)
    {
      g_string_append (out, "  ");
      append_padded (out, r->series[s].strategy.name, 26);
    }
  g_string_append_c (out, '\n');
  for (unsigned i = 0; i < xs->len; i++)
    {
      double v = g_array_index (xs, double, i);

      if (i > 0 && v == g_array_index (xs, double, i - 1))
        continue;
      ps_sweep_format_x (r, v, x, sizeof x);
      append_padded (out, x, 12);
      for (unsigned s = 0; s < r->n_series; s++)
        table_cell (out, ps_sweep_series_find (&r->series[s], v));
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "Cells: mean %s ±95%% CI half-width (repetitions).\n",
                          ps_sweep_metric_label (r->metric));
  table_crossings (out, r);
  g_string_append_printf (out, "Each crossing lies between the nearest measured values where the "
                          "two strategies' 95%% confidence intervals separate, one on each side; "
                          "%s\n",
                          fresh_processes
                          ? "every repetition ran in a fresh process, so the intervals include "
                            "how much two processes differ (calibration, thread placement)."
                          : "all repetitions ran in this process (--in-process), so the "
                            "intervals leave out how much two processes differ.");
  append_busy_note (out, r);
  g_string_append (out, "\nFits:\n");
  table_fits (out, r);
  if (!r->completed)
    g_string_append (out, "\nThe sweep did not finish: these are the values measured so far.\n");
  return g_string_free (out, FALSE);
}
