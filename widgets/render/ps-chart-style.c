/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-style.c: built-in palettes taken from the GNOME/Adwaita colour palette. */
#define G_LOG_DOMAIN "ps-chart-style"

#include "ps-chart-style.h"

#include <string.h>

/* Darker shades (4–5) read on white, lighter ones (2–3) on the dark view background. The order
 * keeps neighbouring series far apart in hue and in lightness, for colour-blind readers; the
 * dash patterns below carry the distinction on their own too. */
static const char *light_series[PS_CHART_N_SERIES_STYLES] = {
  "#1c71d8", /* blue_4 */
  "#c64600", /* orange_5 */
  "#26a269", /* green_5 */
  "#813d9c", /* purple_4 */
  "#c01c28", /* red_4 */
  "#865e3c", /* brown_4 */
  "#5e5c64", /* dark_2 */
  "#e5a50a", /* yellow_5 */
};
static const char *dark_series[PS_CHART_N_SERIES_STYLES] = {
  "#62a0ea", /* blue_2 */
  "#ffa348", /* orange_2 */
  "#57e389", /* green_2 */
  "#c061cb", /* purple_2 */
  "#f66151", /* red_1 */
  "#cdab8f", /* brown_1 */
  "#deddda", /* light_3 */
  "#f8e45c", /* yellow_2 */
};
/* Regimes: calm, moderate, heavy, saturated. */
static const char *regimes[4] = { "#33d17a", "#f6d32d", "#ff7800", "#e01b24" };

/* Solid, dashed, dotted, dash-dot, long dash, dash-dot-dot, short dash, sparse dots. */
static const double dash_patterns[PS_CHART_N_SERIES_STYLES][6] = {
  { 0 },
  { 7, 3.5 },
  { 1.5, 3 },
  { 8, 3, 1.5, 3 },
  { 13, 4 },
  { 8, 3, 1.5, 3, 1.5, 3 },
  { 4, 3 },
  { 1.5, 6 },
};
static const guint dash_lengths[PS_CHART_N_SERIES_STYLES] = { 0, 2, 2, 4, 2, 6, 2, 2 };

/**
 * ps_chart_rgba_parse:
 * @rgba: (out caller-allocates): the colour
 * @hex: "#rrggbb"
 *
 * Returns: whether @hex was understood
 */
gboolean
ps_chart_rgba_parse (PsChartRgba *rgba,
                     const char  *hex)
{
  guint v = 0;

  if (hex == NULL || hex[0] != '#' || strlen (hex) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    {
      int d = g_ascii_xdigit_value (hex[i]);
      if (d < 0)
        return FALSE;
      v = v * 16 + (guint) d;
    }
  rgba->red = ((v >> 16) & 0xff) / 255.0;
  rgba->green = ((v >> 8) & 0xff) / 255.0;
  rgba->blue = (v & 0xff) / 255.0;
  rgba->alpha = 1.0;
  return TRUE;
}

/**
 * ps_chart_style_init:
 * @style: (out caller-allocates): the style
 * @dark: whether to use the dark palette
 *
 * Fills in the Adwaita light or dark palette, drawing the background and decimating; the title is
 * left off (the widget shows it elsewhere, exports turn it on).
 */
void
ps_chart_style_init (PsChartStyle *style,
                     gboolean      dark)
{
  memset (style, 0, sizeof *style);
  style->dark = dark;
  if (dark)
    {
      ps_chart_rgba_parse (&style->background, "#1e1e1e");
      style->foreground = (PsChartRgba) { 1, 1, 1, 0.87 };
      style->grid = (PsChartRgba) { 1, 1, 1, 0.10 };
      ps_chart_rgba_parse (&style->accent, "#78aeed");
    }
  else
    {
      ps_chart_rgba_parse (&style->background, "#ffffff");
      style->foreground = (PsChartRgba) { 0, 0, 0, 0.80 };
      style->grid = (PsChartRgba) { 0, 0, 0, 0.09 };
      ps_chart_rgba_parse (&style->accent, "#1c71d8");
    }
  for (guint i = 0; i < PS_CHART_N_SERIES_STYLES; i++)
    ps_chart_rgba_parse (&style->series[i], dark ? dark_series[i] : light_series[i]);
  for (guint i = 0; i < 4; i++)
    ps_chart_rgba_parse (&style->regime[i], regimes[i]);
  style->font = "Sans 9";
  style->draw_background = TRUE;
  style->decimate = TRUE;
}

/**
 * ps_chart_style_get_dashes:
 * @style_index: a series' style index
 * @n_dashes: (out): the number of dash lengths, 0 for a solid line
 *
 * Returns: (transfer none) (array length=n_dashes): the dash pattern, in pixels
 */
const double *
ps_chart_style_get_dashes (guint  style_index,
                           guint *n_dashes)
{
  guint i = style_index % PS_CHART_N_SERIES_STYLES;

  *n_dashes = dash_lengths[i];
  return dash_patterns[i];
}
