/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-results.c: PsWindow's results table, one row per strategy of the finished run. */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-window-private.h"

static char *
format_percent (double pct)
{
  return isfinite (pct) ? g_strdup_printf ("%.1f %%", pct) : g_strdup ("—");
}

static char *
format_latency (double us)
{
  char text[48];

  if (!isfinite (us))
    return g_strdup ("—");
  ps_units_format_duration (us * 1e3, text, sizeof text);
  return g_strdup (text);
}

static GtkWidget *
add_cell (PsWindow   *self,
          guint       column,
          guint       row,
          const char *text,
          gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  g_assert (PS_IS_WINDOW (self));

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 1.0);
  gtk_widget_set_hexpand (label, column > 0);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  else if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_selectable (GTK_LABEL (label), !header);
  gtk_widget_set_focusable (label, FALSE);
  gtk_grid_attach (self->results_grid, label, column, row, 1, 1);
  return label;
}

void
_ps_window_clear_results (PsWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_grid))) != NULL)
    gtk_grid_remove (self->results_grid, child);
  self->n_result_rows = 0;
}

void
_ps_window_fill_results (PsWindow       *self,
                         const PsReport *report)
{
  const char *headers[] = {
    _("Strategy"), _("Tasks/s"), _("p50"), _("p99"), _("Wait"), _("Contended"), _("Hold"),
    _("Speedup"), _("Tasks"),
  };

  /* The definitions, as engine/ps-run.h states them; the column headings carry them as
   * tooltips so the table stays compact. */
  const char *definitions[] = {
    _("The strategy: a dispatch paired with a way to provision isolates"),
    _("Throughput: tasks completed ÷ wall seconds of the measured part"),
    _("Median latency of one task, from submit to completion"),
    _("99th percentile latency of one task, from submit to completion"),
    _("Wait share: time blocked acquiring an isolate or lock ÷ total thread time"),
    _("Contended acquisitions: acquisitions that found the isolate or lock taken ÷ all "
      "acquisitions"),
    _("Hold share: time the shared isolates were held ÷ (wall time × their number)"),
    _("Speedup: throughput ÷ the throughput of single on the same seed"),
    _("Tasks completed in the measured part"),
  };

  _ps_window_clear_results (self);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_widget_set_tooltip_text (add_cell (self, c, 0, headers[c], TRUE), definitions[c]);

  for (guint i = 0; i < report->n_strategies; i++)
    {
      const PsResult *r = &report->strategies[i].total;
      /* A strategy stopped during its warm-up measured nothing: no rate, rather than 0/s. */
      g_autofree char *tput = r->tasks_completed > 0 && isfinite (r->throughput_per_s)
                                ? g_strdup_printf ("%.0f", r->throughput_per_s)
                                : g_strdup ("—");
      g_autofree char *p50 = format_latency (r->latency_us.p50);
      g_autofree char *p99 = format_latency (r->latency_us.p99);
      g_autofree char *wait = format_percent (r->wait_share_pct);
      g_autofree char *contended = format_percent (r->contended_acq_pct);
      g_autofree char *hold = format_percent (r->hold_share_pct);
      g_autofree char *speedup = isfinite (r->speedup) ? g_strdup_printf ("%.2f×", r->speedup)
                                                       : g_strdup ("—");
      g_autofree char *tasks = g_strdup_printf ("%" G_GUINT64_FORMAT, r->tasks_completed);
      const char *cells[] = {
        report->strategies[i].strategy.name, tput, p50, p99, wait, contended, hold, speedup,
        tasks,
      };

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        add_cell (self, c, i + 1, cells[c], FALSE);
    }
  self->n_result_rows = report->n_strategies;
}
