/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-help.c: a one-page help window: what each view does and how each figure is measured, in a
 * few sentences each. The shortcuts window (Ctrl+?) lists the keys; this page says what they
 * are for. */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ps-help.h"

typedef struct
{
  const char *title;
  const char *text;
} HelpSection;

static const HelpSection sections[] = {
  { N_("Live"),
    N_("Pick strategies and knobs in the sidebar and press Run (Ctrl+R). The strategies take "
       "turns in short time slices on the same workload, so the race is fair on a small machine. "
       "Change a live knob while it runs: a marker shows on every chart, and the results table "
       "gets a row for the time before and after the change. Ctrl+Z undoes a knob change. Under "
       "the table, What This Shows says what the numbers mean; activate a sentence to see its "
       "chart.") },
  { N_("Sweep"),
    /* xgettext:no-c-format */
    N_("Vary one knob over a range and find where strategies cross. Each value is measured in "
       "repetitions until its 95% confidence interval is narrow; then each crossing is narrowed "
       "by bisection and reported with its interval, or the page says who wins throughout. "
       "Stop keeps every point measured so far.") },
  { N_("Lessons"),
    N_("Guided lessons: each sets up a published experiment, asks a question and says what to "
       "look at; after the run it says whether the run shows the answer, and why.") },
  { N_("Presets and files"),
    N_("Presets (Ctrl+P) reproduce the seeds' published experiments and show the published "
       "figures beside yours; save your own with Ctrl+Shift+S. Open (Ctrl+O) shows a results "
       "file measured elsewhere with poolscope-cli --output. Export Bundle writes every chart, "
       "the data, a preset and a README.") },
  { N_("Compare"),
    N_("Every run and sweep of the session is kept. Tick two or more to see them side by side: "
       "runs as throughput bars, sweeps of the same knob as curves on shared axes, and a table "
       "whose highlighted rows are the knobs that differ. The button on each row runs it again "
       "with its own settings.") },
  { N_("Charts"),
    N_("Hover or use the arrow keys for the values at a point. Click a legend entry to hide its "
       "series. Ctrl+mouse wheel or +/− zooms the x axis (with Shift, both axes), dragging pans, "
       "0 or a double click resets. The download button beside a chart exports it as PNG, SVG or "
       "PDF.") },
  { N_("How figures are measured"),
    N_("Throughput is tasks completed ÷ wall seconds of the measured part (warm-up left out). "
       "Latency runs from a task's submission (its scheduled arrival in an open-loop run) to its "
       "completion. Wait share is time blocked on an isolate or lock ÷ thread time; waiting for "
       "a CPU is the kernel's run-queue delay. When other programs used more than a tenth of the "
       "machine, the window says the figures may be off.") },
};

/**
 * ps_help_show:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): the help window, shown
 */
GtkWindow *
ps_help_show (GtkWindow *parent)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Poolscope Help"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_hide_on_close (GTK_WINDOW (window), FALSE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *label = gtk_label_new (_(sections[i].text));

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(sections[i].title));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
    }
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
