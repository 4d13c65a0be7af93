/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-ticks.c: nice ticks for linear and log axes, and unit formatting.
 *
 * Labels are written with g_ascii_formatd so a German locale never turns "2.5 ms" into "2,5 ms"
 * in one chart and not in another: exported figures must look the same everywhere.
 */
#define G_LOG_DOMAIN "ps-chart-ticks"

#include "ps-chart-ticks.h"

#include <math.h>
#include <string.h>

/* Steps a reader can add in their head; 2.5 keeps "0, 2.5, 5, 7.5" available for short ranges. */
static const double decimal_steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };

static double
nice_decimal_step (double raw)
{
  double mag = pow (10.0, floor (log10 (raw)));

  for (guint i = 0; i < G_N_ELEMENTS (decimal_steps); i++)
    if (decimal_steps[i] * mag >= raw * (1.0 - 1e-9))
      return decimal_steps[i] * mag;
  return 10.0 * mag;
}

/* Byte axes step in powers of two once past a KiB, so labels read "32 KiB, 64 KiB" and not
 * "19.5 KiB, 39.1 KiB". */
static double
nice_step (double raw, PsChartUnit unit)
{
  if (unit == PS_CHART_UNIT_BYTES && raw >= 1024.0)
    return exp2 (ceil (log2 (raw) - 1e-9));
  return nice_decimal_step (raw);
}

static void
ticks_linear (PsChartTicks *ticks, double lo, double hi, PsChartUnit unit, guint target)
{
  double step = nice_step ((hi - lo) / MAX (target, 1), unit);
  double first = ceil (lo / step - 1e-9) * step;

  ticks->step = step;
  for (double v = first; v <= hi + step * 1e-9 && ticks->n < PS_CHART_TICKS_MAX; v += step)
    {
      /* Accumulated error would print "-0" or "1e-17" instead of "0". */
      double rounded = fabs (v) < step * 1e-9 ? 0.0 : v;
      ticks->values[ticks->n++] = rounded;
    }
}

static double
log_base_for (PsChartUnit unit)
{
  return unit == PS_CHART_UNIT_BYTES ? 2.0 : 10.0;
}

static void
ticks_log (PsChartTicks *ticks, double lo, double hi, PsChartUnit unit, guint target)
{
  double base = log_base_for (unit);
  double k0 = ceil (log (lo) / log (base) - 1e-9);
  double k1 = floor (log (hi) / log (base) + 1e-9);
  double count = k1 - k0 + 1;
  double every = 1.0;

  ticks->step = 0.0;
  if (count < 2)
    {
      /* Less than a decade: linear ticks are still correct positions on a log axis. */
      ticks_linear (ticks, lo, hi, unit, MIN (target, 5));
      return;
    }
  while (count / every > MAX (target, 2))
    every *= 2;
  /* Start on a multiple of the stride so 1, 100, 10 000 and not 10, 1000. */
  for (double k = ceil (k0 / every) * every; k <= k1 && ticks->n < PS_CHART_TICKS_MAX; k += every)
    ticks->values[ticks->n++] = pow (base, k);

  /* With every decade labelled, the 2×…9× lines let a reader place a value between them (an
   * unlabelled log axis is hard to read off). Labelled extras below are skipped here. */
  if (base == 10.0 && every == 1.0)
    for (double k = k0 - 1; k <= k1; k++)
      for (guint m = 2; m <= 9; m++)
        {
          double v = m * pow (10.0, k);
          gboolean labelled = count <= 2 && (m == 2 || m == 5);
          if (!labelled && v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)
              && ticks->n_minor < PS_CHART_MINOR_TICKS_MAX)
            ticks->minor[ticks->n_minor++] = v;
        }

  /* Within two decades add 2× and 5× so the reader still has something to read off. */
  if (base == 10.0 && count <= 2)
    {
      PsChartTicks extra = { 0 };

      for (double k = k0 - 1; k <= k1; k++)
        for (guint m = 2; m <= 5; m += 3)
          {
            double v = m * pow (10.0, k);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && extra.n < PS_CHART_TICKS_MAX)
              extra.values[extra.n++] = v;
          }
      for (guint i = 0; i < extra.n && ticks->n < PS_CHART_TICKS_MAX; i++)
        ticks->values[ticks->n++] = extra.values[i];
      /* Insertion sort: at most a dozen values. */
      for (guint i = 1; i < ticks->n; i++)
        for (guint j = i; j > 0 && ticks->values[j - 1] > ticks->values[j]; j--)
          {
            double t = ticks->values[j];
            ticks->values[j] = ticks->values[j - 1];
            ticks->values[j - 1] = t;
          }
    }
}

/**
 * ps_chart_ticks_compute:
 * @ticks: (out caller-allocates): the result
 * @lo: the low end of the visible range
 * @hi: the high end of the visible range
 * @scale: linear or log
 * @unit: the unit, which picks binary steps for bytes
 * @target: about how many ticks fit
 *
 * Picks ticks at round values (1, 2, 2.5, 5 × 10ⁿ; powers of two for bytes; whole decades or
 * powers of two on log axes) that lie inside [@lo, @hi]. Degenerate or non-finite ranges give no
 * ticks rather than an endless loop.
 */
void
ps_chart_ticks_compute (PsChartTicks *ticks,
                        double        lo,
                        double        hi,
                        PsChartScale  scale,
                        PsChartUnit   unit,
                        guint         target)
{
  ticks->n = 0;
  ticks->n_minor = 0;
  ticks->step = 0.0;
  if (!isfinite (lo) || !isfinite (hi) || hi <= lo)
    return;
  if (scale == PS_CHART_SCALE_LOG)
    {
      if (lo <= 0.0)
        return;
      ticks_log (ticks, lo, hi, unit, target);
    }
  else
    ticks_linear (ticks, lo, hi, unit, target);
}

/**
 * ps_chart_ticks_nice_range:
 * @lo: (inout): the low end, moved down to a tick
 * @hi: (inout): the high end, moved up to a tick
 * @scale: linear or log
 * @unit: the unit
 * @target: about how many ticks fit
 *
 * Widens a data range so both ends sit on ticks, which is what an auto-scaled axis wants. An empty
 * range (lo == hi) is widened around its value first.
 */
void
ps_chart_ticks_nice_range (double      *lo,
                           double      *hi,
                           PsChartScale scale,
                           PsChartUnit  unit,
                           guint        target)
{
  if (!isfinite (*lo) || !isfinite (*hi))
    return;
  if (scale == PS_CHART_SCALE_LOG)
    {
      double base = log_base_for (unit);

      if (*lo <= 0.0)
        return;
      *lo = pow (base, floor (log (*lo) / log (base) + 1e-9));
      *hi = pow (base, ceil (log (*hi) / log (base) - 1e-9));
      if (*hi <= *lo)
        *hi = *lo * base;
      return;
    }

  if (*hi <= *lo)
    {
      double pad = *lo == 0.0 ? 1.0 : fabs (*lo) * 0.5;
      *lo -= pad;
      *hi += pad;
    }
  {
    double step = nice_step ((*hi - *lo) / MAX (target, 1), unit);
    *lo = floor (*lo / step + 1e-9) * step;
    *hi = ceil (*hi / step - 1e-9) * step;
  }
}

typedef struct
{
  double factor;
  const char *prefix;
} Prefix;

static const Prefix si_prefixes[] = {
  { 1e12, "T" }, { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" }, { 1.0, "" },
};
static const Prefix binary_prefixes[] = {
  { 1099511627776.0, "Ti" }, { 1073741824.0, "Gi" }, { 1048576.0, "Mi" }, { 1024.0, "Ki" },
  { 1.0, "" },
};
static const Prefix time_prefixes[] = {
  { 1.0, "" }, { 1e-3, "m" }, { 1e-6, "µ" }, { 1e-9, "n" },
};

static const Prefix *
pick_prefix (double magnitude, const Prefix *table, guint n)
{
  for (guint i = 0; i < n; i++)
    if (magnitude >= table[i].factor * (1.0 - 1e-9))
      return &table[i];
  return &table[n - 1];
}

/* Writes @scaled with as many decimals as @scaled_step needs (or three significant digits
 * without a step), then trims trailing zeros: "2.50" → "2.5", "64.0" → "64". */
static void
format_number (char *buf, gsize size, double scaled, double scaled_step)
{
  char fmt[16];
  int decimals;

  if (scaled_step > 0.0)
    {
      /* Enough decimals to tell neighbouring ticks apart exactly: 0.25 needs two. */
      for (decimals = 0; decimals < 3; decimals++)
        {
          double shifted = scaled_step * pow (10.0, decimals);
          if (fabs (shifted - round (shifted)) < 1e-6 * MAX (shifted, 1.0))
            break;
        }
    }
  else
    decimals = 2 - (int) floor (log10 (MAX (fabs (scaled), 1e-12)));
  decimals = CLAMP (decimals, 0, 3);
  g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
  g_ascii_formatd (buf, size, fmt, scaled);
  if (strchr (buf, '.') != NULL)
    {
      char *end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  if (strcmp (buf, "-0") == 0)
    strcpy (buf, "0");
}

/**
 * ps_chart_format_value:
 * @value: the number in the unit's base (bytes, seconds, per second, percent)
 * @unit: how to write it
 * @step: the tick step, which decides the precision; 0 for three significant digits
 *
 * Writes a value for a human, whatever the process locale: "64 KiB", "1 MiB", "250 µs",
 * "2.5 ms", "12 k/s", "45%".
 *
 * Returns: (transfer full): the label
 */
char *
ps_chart_format_value (double      value,
                       PsChartUnit unit,
                       double      step)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  const Prefix *p;
  double mag = fabs (value);

  if (isnan (value))
    return g_strdup ("–");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");
  /* Zero needs no unit, and "0/s" or "0 B" only add noise at the origin. */
  if (value == 0.0)
    return g_strdup ("0");

  switch (unit)
    {
    case PS_CHART_UNIT_BYTES:
      p = pick_prefix (mag, binary_prefixes, G_N_ELEMENTS (binary_prefixes));
      format_number (num, sizeof num, value / p->factor, step / p->factor);
      return g_strdup_printf ("%s %sB", num, p->prefix);

    case PS_CHART_UNIT_SECONDS:
      p = pick_prefix (mag, time_prefixes, G_N_ELEMENTS (time_prefixes));
      format_number (num, sizeof num, value / p->factor, step / p->factor);
      return g_strdup_printf ("%s %ss", num, p->prefix);

    case PS_CHART_UNIT_PERCENT:
      format_number (num, sizeof num, value, step);
      return g_strdup_printf ("%s%%", num);

    case PS_CHART_UNIT_RATE:
    case PS_CHART_UNIT_COUNT:
    default:
      p = pick_prefix (mag, si_prefixes, G_N_ELEMENTS (si_prefixes));
      format_number (num, sizeof num, value / p->factor, step / p->factor);
      if (unit == PS_CHART_UNIT_RATE)
        return *p->prefix != '\0' ? g_strdup_printf ("%s %s/s", num, p->prefix)
                                   : g_strdup_printf ("%s/s", num);
      if (*p->prefix != '\0')
        return g_strdup_printf ("%s %s", num, p->prefix);
      return g_strdup (num);
    }
}
