/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-knob-sliders.c: sliders for the mission's four knobs (threads, isolates, payload and
 * I/O delay), pinned above the scrolling sidebar so they stay on screen while a run goes on.
 *
 * Each slider moves in powers of two (log scale: 64 B to 64 MiB is 20 notches, not a line where
 * everything below 1 MiB is the first pixel) and drives the knob's spin button, which stays the
 * place to type an exact value in units and shows refused input; the slider follows the spin
 * button whatever changed it (typing, undo, a re-run). */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-window-private.h"

typedef struct
{
  PsKnob knob;
  double lo, hi;          /* the slider's ends; typed values may go past them */
  gboolean zero_at_left;  /* one notch left of `lo` means 0 (no I/O) */
} SliderRange;

static const SliderRange slider_ranges[] = {
  { PS_KNOB_THREADS, 1, 64, FALSE },
  { PS_KNOB_ISOLATES, 1, 64, FALSE },
  { PS_KNOB_PAYLOAD, 64, 64 << 20, FALSE },
  { PS_KNOB_IO_DELAY, 1e4, 1e9, TRUE },
};

static const SliderRange *
range_of (PsKnob knob)
{
  for (guint i = 0; i < G_N_ELEMENTS (slider_ranges); i++)
    if (slider_ranges[i].knob == knob)
      return &slider_ranges[i];
  return NULL;
}

/* The knobs that get a slider, in the order they are pinned. */
gboolean
_ps_window_knob_has_slider (PsKnob knob)
{
  return range_of (knob) != NULL;
}

static double
value_to_position (const SliderRange *r,
                   double             value)
{
  if (r->zero_at_left && value <= 0)
    return log2 (r->lo) - 1;
  return CLAMP (log2 (MAX (value, r->lo)), log2 (r->lo), log2 (r->hi));
}

/* Whole numbers for counts and bytes, two significant digits for durations (1.4 ms, not
 * 1.41421 ms). */
static double
position_to_value (const SliderRange *r,
                   double             position)
{
  double value;

  if (r->zero_at_left && position < log2 (r->lo) - 0.5)
    return 0;
  value = exp2 (position);
  if (ps_knob_info (r->knob)->unit == PS_UNIT_DURATION)
    {
      double magnitude = pow (10, floor (log10 (value)) - 1);

      return round (value / magnitude) * magnitude;
    }
  return round (value);
}

static void
on_scale_moved (GtkRange     *scale,
                PsKnobEditor *ed)
{
  const SliderRange *r = range_of (ed->info->knob);

  if (ed->slider_following)
    return;
  /* Through the spin button, so the change takes the same path as a typed one (undo, live). */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ed->editor),
                             position_to_value (r, gtk_range_get_value (scale)));
}

static void
on_spin_changed (GtkSpinButton *spin,
                 PsKnobEditor  *ed)
{
  ed->slider_following = TRUE;
  gtk_range_set_value (GTK_RANGE (ed->scale),
                       value_to_position (range_of (ed->info->knob),
                                          gtk_spin_button_get_value (spin)));
  ed->slider_following = FALSE;
}

static char *
format_position (GtkScale     *scale,
                 double        position,
                 PsKnobEditor *ed)
{
  char text[64];

  ps_knob_format (ed->info, position_to_value (range_of (ed->info->knob), position), text,
                  sizeof text);
  return g_strdup (text);
}

/**
 * _ps_window_knob_slider_attach:
 * @ed: a knob editor with a spin button, whose knob has a slider
 *
 * Returns: (transfer floating): the slider, following and driving @ed's spin button
 */
GtkWidget *
_ps_window_knob_slider_attach (PsKnobEditor *ed)
{
  const SliderRange *r = range_of (ed->info->knob);
  double lower = value_to_position (r, r->zero_at_left ? 0 : r->lo);
  GtkAdjustment *adj = gtk_adjustment_new (lower, lower, log2 (r->hi), 0.25, 1, 0);
  g_autofree char *label = g_strdup_printf (_("%s, on a logarithmic scale"),
                                            _ps_window_knob_label (ed->info->knob));

  g_assert (GTK_IS_SPIN_BUTTON (ed->editor));

  ed->scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, adj);
  gtk_scale_set_draw_value (GTK_SCALE (ed->scale), FALSE);
  gtk_scale_set_format_value_func (GTK_SCALE (ed->scale),
                                   (GtkScaleFormatValueFunc) format_position, ed, NULL);
  gtk_widget_set_hexpand (ed->scale, TRUE);
  /* Narrow enough that at the smallest window the knob names still fit on one line. */
  gtk_widget_set_size_request (ed->scale, 56, -1);
  gtk_widget_set_valign (ed->scale, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (ed->scale, ed->info->help);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ed->scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  on_spin_changed (GTK_SPIN_BUTTON (ed->editor), ed);
  g_signal_connect (ed->scale, "value-changed", G_CALLBACK (on_scale_moved), ed);
  g_signal_connect (ed->editor, "value-changed", G_CALLBACK (on_spin_changed), ed);
  return ed->scale;
}
