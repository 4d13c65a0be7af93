/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-results.c: PsWindow's results table: one row per strategy of the finished run, and
 * below it one per measured segment when live changes split the run. */
#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ps-published.h"
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
  /* Not a Tab stop. can-focus, not focusable: GTK 4.8's selectable label takes the Tab press and
   * returns TRUE without taking focus when it is only unfocusable, so Tab stopped there for good
   * (found by test-window-keyboard). */
  gtk_widget_set_can_focus (label, FALSE);
  gtk_grid_attach (self->results_grid, label, column, row, 1, 1);
  return label;
}

/* One stretch of a strategy's run under the same knobs: from a live change to the next. An
 * interleaved run measures it in many time slices (segments), so the figures that add up are
 * summed; latency percentiles of several slices cannot be merged from their results and are
 * shown only for a phase of one segment. */
typedef struct
{
  const PsSegment *first;
  guint n_segments;
  PsResult sum;            /* the summed and wall-weighted figures, NaN where they do not merge */
} Phase;

static void
phase_begin (Phase           *phase,
             const PsSegment *segment)
{
  memset (phase, 0, sizeof *phase);
  phase->first = segment;
  phase->sum.latency_us.p50 = phase->sum.latency_us.p99 = NAN;
  phase->sum.speedup = NAN;
}

static void
phase_add (Phase           *phase,
           const PsSegment *segment)
{
  const PsResult *r = &segment->result;
  PsResult *t = &phase->sum;
  double wall = t->wall_s + r->wall_s;

  /* Within a phase the knobs, so the thread and isolate counts, are constant: the shares weighted
   * by wall time are the shares of the summed times. */
  if (wall > 0)
    {
      t->wait_share_pct = (t->wait_share_pct * t->wall_s + r->wait_share_pct * r->wall_s) / wall;
      t->hold_share_pct = (t->hold_share_pct * t->wall_s + r->hold_share_pct * r->wall_s) / wall;
    }
  t->wall_s = wall;
  t->tasks_completed += r->tasks_completed;
  t->acquisitions += r->acquisitions;
  t->contended_acquisitions += r->contended_acquisitions;
  t->throughput_per_s = wall > 0 ? t->tasks_completed / wall : NAN;
  t->contended_acq_pct = t->acquisitions > 0
                         ? 100.0 * t->contended_acquisitions / t->acquisitions : 0;
  phase->n_segments++;
  if (phase->n_segments == 1)
    t->latency_us = r->latency_us;
  else
    t->latency_us.p50 = t->latency_us.p99 = NAN;
}

/* "from 1.2 s:" then each change that opened the phase on a line of its own ("Work per task
 * 40 µs"): one line, with several changes, made the names column wider than the rest of the
 * table, and the figures were cut off on the right at the default window size. */
static char *
dup_phase_name (const Phase *phase)
{
  const PsSegment *segment = phase->first;
  g_autoptr (GString) name = g_string_new (NULL);
  char start[48];

  ps_units_format_duration (segment->start_s * NS_PER_S, start, sizeof start);
  /* Translators: a results row for part of a run, "from 1.2 s" then the knobs changed there,
   * each on a line below */
  g_string_append_printf (name, _("from %s"), start);
  for (guint c = 0; c < segment->n_changes; c++)
    {
      char value[64];

      ps_knob_format (ps_knob_info (segment->changes[c].knob), segment->changes[c].value, value,
                      sizeof value);
      g_string_append_printf (name, c == 0 ? ":\n%s %s" : ",\n%s %s",
                              _ps_window_knob_label (segment->changes[c].knob), value);
    }
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void add_row (PsWindow       *self,
                     const char     *name,
                     const PsResult *r,
                     gboolean        phase);

/* After a live change the whole-run row mixes before and after: each phase gets a row too. */
static void
add_phase_rows (PsWindow               *self,
                const PsStrategyReport *st)
{
  g_autoptr (GArray) phases = g_array_new (FALSE, FALSE, sizeof (Phase));

  for (guint g = 0; g < st->n_segments; g++)
    {
      const PsSegment *segment = &st->segments[g];

      if (segment->warmup)
        continue;
      if (phases->len == 0 || segment->n_changes > 0)
        {
          g_array_set_size (phases, phases->len + 1);
          phase_begin (&g_array_index (phases, Phase, phases->len - 1), segment);
        }
      phase_add (&g_array_index (phases, Phase, phases->len - 1), segment);
    }
  if (phases->len < 2)
    return;
  for (guint p = 0; p < phases->len; p++)
    {
      g_autofree char *name = dup_phase_name (&g_array_index (phases, Phase, p));

      add_row (self, name, &g_array_index (phases, Phase, p).sum, TRUE);
    }
}

/* A strategy's row, or with @phase one of its phases, indented under it. */
static void
add_row (PsWindow       *self,
         const char     *name,
         const PsResult *r,
         gboolean        phase)
{
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
  const char *cells[] = { name, tput, p50, p99, wait, contended, hold, speedup, tasks };

  self->n_result_rows++;
  for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
    {
      GtkWidget *cell = add_cell (self, c, self->n_result_rows, cells[c], FALSE);

      gtk_widget_set_valign (cell, GTK_ALIGN_START);
      if (c == 0 && phase)
        gtk_widget_set_margin_start (cell, 12);
    }
}

/* "1,722 req/s (0.95×)" for each published figure of @strategy; "—" without one. */
static char *
dup_published_cell (GArray           *comparisons,
                    const PsStrategy *strategy)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < comparisons->len; i++)
    {
      const PsPublishedComparison *c = &g_array_index (comparisons, PsPublishedComparison, i);
      PsStrategy named;

      if (ps_strategy_parse (c->figure->strategy, &named) != 0
          || g_strcmp0 (named.name, strategy->name) != 0)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      if (isfinite (c->ratio))
        g_string_append_printf (text, "%s (%.2f×)", c->figure->as_published, c->ratio);
      else
        g_string_append (text, c->figure->as_published);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup ("—");
}

void
_ps_window_clear_results (PsWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_grid))) != NULL)
    gtk_grid_remove (self->results_grid, child);
  self->n_result_rows = 0;
  self->n_result_strategies = 0;
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

  g_autoptr (GArray) published = self->preset != NULL
                                  ? ps_published_compare (self->preset, report) : NULL;

  _ps_window_clear_results (self);
  self->n_result_strategies = report->n_strategies;
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_widget_set_tooltip_text (add_cell (self, c, 0, headers[c], TRUE), definitions[c]);
  if (published != NULL && published->len > 0)
    gtk_widget_set_tooltip_text (add_cell (self, G_N_ELEMENTS (headers), 0, _("Published"), TRUE),
                                 _("What the preset's source published for this strategy, and "
                                   "measured ÷ published: the machines differ, so compare the "
                                   "strategies' ratios"));

  for (guint i = 0; i < report->n_strategies; i++)
    {
      const PsStrategyReport *st = &report->strategies[i];

      add_row (self, st->strategy.name, &st->total, FALSE);
      if (published != NULL && published->len > 0)
        {
          g_autofree char *cell = dup_published_cell (published, &st->strategy);

          add_cell (self, G_N_ELEMENTS (headers), self->n_result_rows, cell, FALSE);
        }
      add_phase_rows (self, st);
    }
}

/* Returns: whether the table has rows for segments as well as strategies. */
gboolean
_ps_window_results_have_segments (PsWindow *self)
{
  g_assert (PS_IS_WINDOW (self));

  return self->n_result_rows > self->n_result_strategies;
}


/* One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
static void
append_csv_field (GString    *csv,
                  const char *text,
                  gboolean    last)
{
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_autoptr (GString) quoted = g_string_new (text);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (csv, "\"%s\"", quoted->str);
    }
  else
    g_string_append (csv, text);
  g_string_append (csv, last ? "\r\n" : ",");
}

/* A number with a dot whatever the locale, empty when there is none (NaN: no single, no task). */
static void
append_csv_number (GString *csv,
                   double   value,
                   gboolean last)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE] = "";

  if (isfinite (value))
    g_ascii_formatd (text, sizeof text, "%.6g", value);
  append_csv_field (csv, text, last);
}

/**
 * ps_window_export_results:
 * @self: a window
 * @path: the CSV file to write, replaced atomically
 * @error: where to say what went wrong
 *
 * Writes the last run's results, one row per strategy (the whole run, warm-up left out), as
 * RFC 4180 CSV with a header row and numbers with a dot whatever the locale.
 *
 * Returns: whether the file was written
 */
gboolean
ps_window_export_results (PsWindow   *self,
                          const char *path,
                          GError    **error)
{
  static const char *const header[] = {
    "strategy", "tasks", "wall_s", "throughput_per_s", "latency_p50_us", "latency_p90_us",
    "latency_p99_us", "latency_p999_us", "latency_max_us", "queue_p50_us", "service_p50_us",
    "wait_share_pct", "contended_acq_pct", "hold_share_pct", "speedup", "other_cpu_pct",
  };
  const PsReport *report;
  g_autoptr (GString) csv = g_string_new (NULL);

  g_return_val_if_fail (PS_IS_WINDOW (self), FALSE);

  report = self->shown_report;
  if (report == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There are no results yet: run the scenario first"));
      return FALSE;
    }
  for (guint c = 0; c < G_N_ELEMENTS (header); c++)
    append_csv_field (csv, header[c], c + 1 == G_N_ELEMENTS (header));
  for (guint i = 0; i < report->n_strategies; i++)
    {
      const PsResult *r = &report->strategies[i].total;
      const double numbers[] = {
        (double) r->tasks_completed, r->wall_s, r->throughput_per_s, r->latency_us.p50,
        r->latency_us.p90, r->latency_us.p99, r->latency_us.p999, r->latency_us.max,
        r->queue_us.p50, r->service_us.p50, r->wait_share_pct, r->contended_acq_pct,
        r->hold_share_pct, r->speedup, r->interference.other_cpu_pct,
      };

      append_csv_field (csv, report->strategies[i].strategy.name, FALSE);
      for (guint c = 0; c < G_N_ELEMENTS (numbers); c++)
        append_csv_number (csv, numbers[c], c + 1 == G_N_ELEMENTS (numbers));
    }
  /* g_file_set_contents writes a temporary file and renames it over @path. */
  return g_file_set_contents (path, csv->str, (gssize) csv->len, error);
}
