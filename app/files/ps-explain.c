/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-explain.c: the rules that turn a run's numbers into sentences (see ps-explain.h).
 *
 * A rule reads only the report: the result of a strategy, the knobs it ran with (its last
 * segment's, so a live change counts) and the machine's calibration. Where a rule estimates a
 * cost (building an isolate, copying a payload) it says so and uses the calibrated figure.
 */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-explain.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ps-published.h"
#include "ps-report-format.h"

/* ---- What a rule reads ------------------------------------------------------------------------ */

/* The knobs strategy @i ran with at the end: its last segment's, or the run's with its own
 * overrides. */
static PsScenario
knobs_of (const PsReport *report,
          guint           i)
{
  const PsStrategyReport *st = &report->strategies[i];
  PsScenario s = report->scenario;

  if (st->n_segments > 0 && st->segments != NULL)
    return st->segments[st->n_segments - 1].scenario;
  ps_strategy_apply_knobs (&st->strategy, &s);
  return s;
}

static const PsResult *
result_of (const PsReport *report,
           guint           i)
{
  return &report->strategies[i].total;
}

static const char *
name_of (const PsReport *report,
         guint           i)
{
  return report->strategies[i].strategy.name;
}

/* The fastest strategy other than @i, by throughput; -1 when none measured anything. */
static int
fastest_other (const PsReport *report,
               guint           i)
{
  int best = -1;

  for (guint j = 0; j < report->n_strategies; j++)
    if (j != i && result_of (report, j)->tasks_completed > 0
        && (best < 0 || result_of (report, j)->throughput_per_s
                          > result_of (report, best)->throughput_per_s))
      best = (int) j;
  return best;
}

static void
add_figure (PsFinding  *finding,
            const char *name,
            double      value,
            const char *unit)
{
  g_assert (finding->n_figures < PS_FINDING_MAX_FIGURES);
  finding->figures[finding->n_figures++] = (PsFindingFigure) { name, value, unit };
}

static char *
duration_text (double ns)
{
  char text[48];

  ps_units_format_duration (ns, text, sizeof text);
  return g_strdup (text);
}

static char *
bytes_text (double bytes)
{
  char text[48];

  ps_units_format_bytes ((uint64_t) MAX (bytes, 0), text, sizeof text);
  return g_strdup (text);
}

/* ---- The rules -------------------------------------------------------------------------------- */

static gboolean
check_lock_bound (const PsExplainRule *rule,
                  const PsReport      *report,
                  guint                i,
                  PsFinding           *out)
{
  const PsResult *r = result_of (report, i);
  PsScenario s = knobs_of (report, i);
  g_autoptr (GString) text = g_string_new (NULL);
  int other = fastest_other (report, i);

  if (r->tasks_completed == 0 || !(r->wait_share_pct >= rule->threshold))
    return FALSE;
  g_string_printf (text, _("%s spends %.0f%% of its threads' time waiting for an isolate or a "
                           "lock (threads: %u, isolates: %u; %.0f%% of acquisitions found it "
                           "taken)"),
                   name_of (report, i), r->wait_share_pct, s.threads, s.isolates,
                   r->contended_acq_pct);
  add_figure (out, "wait_share_pct", r->wait_share_pct, "%");
  add_figure (out, "threads", s.threads, "");
  add_figure (out, "isolates", s.isolates, "");
  add_figure (out, "contended_acq_pct", r->contended_acq_pct, "%");
  /* A long wait behind few contended acquisitions is barging: under `block` the releasing thread
   * takes the isolate back before the waiter it woke is scheduled, so a waiter waits through
   * many hand-backs. Below a third the two figures are far enough apart to say so. */
  if (report->strategies[i].strategy.isolates_mode == PS_ISOLATES_SHARED_POOL &&
      s.acquire == PS_ACQUIRE_BLOCK && r->contended_acq_pct < r->wait_share_pct / 3)
    g_string_append (text, _("; few acquisitions wait, but each waits long: the thread that "
                             "releases the isolate usually takes it straight back before the "
                             "waiter it woke runs (acquire fifo hands it to the longest waiter "
                             "instead)"));
  /* The closed-system expectation: N CPU-bound threads sharing k isolates each wait while the
   * k are held, (N − k)/N of the time. */
  if (s.threads > s.isolates)
    {
      double expected = 100.0 * (s.threads - s.isolates) / s.threads;

      g_string_append_printf (text, _("; N = %u threads sharing k = %u would wait (N − k)/N = "
                                      "%.0f%% of the time if all they did was compute"),
                              s.threads, s.isolates, expected);
      add_figure (out, "expected_wait_share_pct", expected, "%");
    }
  if (other >= 0 && result_of (report, other)->throughput_per_s > 1.2 * r->throughput_per_s)
    {
      double slower = result_of (report, other)->throughput_per_s / r->throughput_per_s;

      g_string_append_printf (text, _(". It is %.1f× slower than %s"), slower,
                              name_of (report, other));
      add_figure (out, "slower_than_fastest", slower, "×");
    }
  g_string_append (text, _(". Give it as many isolates as threads, or pin isolates to threads."));
  out->text = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

static gboolean
check_creation_bound (const PsExplainRule *rule,
                      const PsReport      *report,
                      guint                i,
                      PsFinding           *out)
{
  const PsResult *r = result_of (report, i);
  PsScenario s = knobs_of (report, i);
  double per_task, create_ns;
  g_autofree char *cost = NULL, *heap = NULL, *work = NULL, *created = NULL, *tasks = NULL;

  if (r->tasks_completed == 0)
    return FALSE;
  per_task = (double) r->isolates_created / r->tasks_completed;
  /* Building an isolate: its heap at the calibrated cost per KiB, plus its start-up work. */
  create_ns = report->machine.arena_create_ns_per_kib * s.isolate_heap_bytes / 1024.0
              + s.isolate_init_ns;
  /* Creation that costs under half the task's own work is not what bounds it. */
  if (!(per_task >= rule->threshold) || !(create_ns >= 0.5 * s.work_ns) || create_ns <= 0)
    return FALSE;
  cost = duration_text (create_ns);
  heap = bytes_text (s.isolate_heap_bytes);
  work = duration_text (s.work_ns);
  /* xgettext cannot read G_GUINT64_FORMAT: the counts go in as text. */
  created = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) r->isolates_created);
  tasks = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) r->tasks_completed);
  out->text = g_strdup_printf (_("%s builds an isolate for %.0f%% of its tasks (%s for %s); "
                                 "building one costs about %s (a %s heap at this machine's %.0f "
                                 "ns per KiB, plus start-up), %.1f× a task's %s of work. Reuse "
                                 "isolates from a pool."),
                               name_of (report, i), 100 * per_task, created, tasks, cost, heap,
                               report->machine.arena_create_ns_per_kib,
                               s.work_ns > 0 ? create_ns / s.work_ns : INFINITY, work);
  add_figure (out, "isolates_per_task", per_task, "");
  add_figure (out, "creation_ns", create_ns, "ns");
  add_figure (out, "work_ns", s.work_ns, "ns");
  return TRUE;
}

/* This machine's copy speed in bytes per ns for about @bytes, from the calibrated memcpy table
 * (the size just below, or the smallest); 0 when the report has no table (older files). */
static double
copy_speed (const PsMachine *m,
            double           bytes)
{
  double speed = 0;

  for (guint k = 0; k < PS_CALIBRATE_MEMCPY_SIZES; k++)
    if (m->memcpy_ns[k] > 0 && (speed == 0 || m->memcpy_sizes[k] <= bytes))
      speed = m->memcpy_sizes[k] / m->memcpy_ns[k];
  return speed;
}

static gboolean
check_copy_bound (const PsExplainRule *rule,
                  const PsReport      *report,
                  guint                i,
                  PsFinding           *out)
{
  const PsResult *r = result_of (report, i);
  PsScenario s = knobs_of (report, i);
  double per_task, speed, copy_ns;
  g_autofree char *size = NULL, *total = NULL, *cost = NULL, *work = NULL;

  if (r->tasks_completed == 0 || r->bytes_copied == 0)
    return FALSE;
  per_task = (double) r->bytes_copied / r->tasks_completed;
  speed = copy_speed (&report->machine, per_task);
  if (speed <= 0)
    return FALSE;
  copy_ns = per_task / speed;
  if (!(copy_ns >= rule->threshold * MAX (s.work_ns, 1)))
    return FALSE;
  size = bytes_text (per_task);
  total = bytes_text (r->bytes_copied);
  cost = duration_text (copy_ns);
  work = duration_text (s.work_ns);
  out->text = g_strdup_printf (_("%s copies %s into an isolate per task (%s in all): at this "
                                 "machine's copy speed about %s, %.1f× the task's %s of work. "
                                 "Hand the payload over instead of copying it (transfer move), "
                                 "or send less."),
                               name_of (report, i), size, total, cost,
                               copy_ns / MAX (s.work_ns, 1), work);
  add_figure (out, "bytes_per_task", per_task, "B");
  add_figure (out, "copy_ns", copy_ns, "ns");
  add_figure (out, "work_ns", s.work_ns, "ns");
  return TRUE;
}

static gboolean
check_wake_up_bound (const PsExplainRule *rule,
                     const PsReport      *report,
                     guint                i,
                     PsFinding           *out)
{
  const PsResult *r = result_of (report, i);
  PsScenario s = knobs_of (report, i);
  g_autofree char *poll = NULL, *p50 = NULL, *own = NULL;
  /* What a task itself asks for: its work and its I/O (the service time would include the poll
   * where the poller serves the task). */
  double own_ns = (double) s.work_ns + (double) s.io_delay_ns;

  if (r->tasks_completed == 0 || s.poll_ns == 0 || !isfinite (r->latency_us.p50)
      || !(r->latency_us.p50 * 1e3 >= rule->threshold * s.poll_ns)
      || !(r->latency_us.p50 * 1e3 >= 2 * own_ns))
    return FALSE;
  poll = duration_text (s.poll_ns);
  p50 = duration_text (r->latency_us.p50 * 1e3);
  own = duration_text (own_ns);
  out->text = g_strdup_printf (_("%s collects results by polling every %s: its median latency "
                                 "of %s is mostly that wait, since a task's own work and I/O "
                                 "take %s. Signal completion instead of polling to remove the "
                                 "floor."),
                               name_of (report, i), poll, p50, own);
  add_figure (out, "poll_ns", s.poll_ns, "ns");
  add_figure (out, "latency_p50_us", r->latency_us.p50, "µs");
  add_figure (out, "task_own_ns", own_ns, "ns");
  return TRUE;
}

static gboolean
check_gil_bound (const PsExplainRule *rule,
                 const PsReport      *report,
                 guint                i,
                 PsFinding           *out)
{
  const PsResult *r = result_of (report, i);
  PsScenario s = knobs_of (report, i);
  g_autoptr (GString) text = g_string_new (NULL);

  /* The worker threads it really ran (single runs one, whatever the knob says). */
  if (r->tasks_completed == 0 || !s.gil || r->n_threads < 2
      || !(r->gil_hold_share_pct >= rule->threshold))
    return FALSE;
  g_string_printf (text, _("%s runs every task body under the global interpreter lock, held "
                           "%.0f%% of the time: its %u threads take turns rather than run "
                           "together"),
                   name_of (report, i), r->gil_hold_share_pct, r->n_threads);
  add_figure (out, "gil_hold_share_pct", r->gil_hold_share_pct, "%");
  add_figure (out, "threads", r->n_threads, "");
  if (isfinite (r->speedup))
    {
      g_string_append_printf (text, _(", so its speedup over single is %.2f×"), r->speedup);
      add_figure (out, "speedup", r->speedup, "×");
    }
  g_string_append (text, _(". Release the lock around the work, or use processes."));
  out->text = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

static gboolean
check_oversubscribed (const PsExplainRule *rule,
                      const PsReport      *report,
                      guint                i,
                      PsFinding           *out)
{
  const PsResult *r = result_of (report, i);
  unsigned cores = report->machine.cores;
  g_autofree char *threads = NULL;

  if (r->tasks_completed == 0 || cores == 0 || r->threads_used <= cores
      || !(r->time_breakdown_pct.runnable >= rule->threshold))
    return FALSE;
  /* xgettext cannot read G_GUINT64_FORMAT: the count goes in as text. */
  threads = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) r->threads_used);
  out->text = g_strdup_printf (_("%s runs %s threads on %u cores: its workers spent %.0f%% of "
                                 "their time ready to run but without a CPU. Use at most %u "
                                 "threads, or fewer threads that each do more."),
                               name_of (report, i), threads, cores,
                               r->time_breakdown_pct.runnable, cores);
  add_figure (out, "threads_used", r->threads_used, "");
  add_figure (out, "cores", cores, "");
  add_figure (out, "runnable_pct", r->time_breakdown_pct.runnable, "%");
  return TRUE;
}

static gboolean
check_imbalance (const PsExplainRule *rule,
                 const PsReport      *report,
                 guint                i,
                 PsFinding           *out)
{
  const PsResult *r = result_of (report, i);
  PsScenario s = knobs_of (report, i);
  uint64_t busiest = 0;

  if (r->tasks_completed == 0 || r->n_threads < 2 || r->per_thread_tasks == NULL
      || !isfinite (r->fairness) || !(r->fairness < rule->threshold))
    return FALSE;
  for (unsigned t = 0; t < r->n_threads; t++)
    busiest = MAX (busiest, r->per_thread_tasks[t]);
  out->text = g_strdup_printf (_("%s's threads did unequal work (fairness %.2f, where 1 is even): "
                                 "the busiest ran %.0f%% of the tasks where an even share is "
                                 "%.0f%%. With %u tenants over %u threads, routing by tenant "
                                 "leaves threads idle; more tenants, or a shared queue, balance "
                                 "it."),
                               name_of (report, i), r->fairness,
                               100.0 * busiest / r->tasks_completed, 100.0 / r->n_threads,
                               s.tenants, r->n_threads);
  add_figure (out, "fairness", r->fairness, "");
  add_figure (out, "busiest_share_pct", 100.0 * busiest / r->tasks_completed, "%");
  add_figure (out, "tenants", s.tenants, "");
  return TRUE;
}

static gboolean
check_io_dominated (const PsExplainRule *rule,
                    const PsReport      *report,
                    guint                unused,
                    PsFinding           *out)
{
  double lo = INFINITY, hi = 0;
  guint measured = 0;
  const PsScenario *s = &report->scenario;
  g_autofree char *io = NULL, *work = NULL;

  for (guint i = 0; i < report->n_strategies; i++)
    if (result_of (report, i)->tasks_completed > 0)
      {
        lo = MIN (lo, result_of (report, i)->throughput_per_s);
        hi = MAX (hi, result_of (report, i)->throughput_per_s);
        measured++;
      }
  /* I/O five times the work: a task is mostly a wait, whoever runs it. */
  if (measured < 2 || !(lo > 0) || !(hi / lo <= rule->threshold)
      || s->io_delay_ns < 5 * MAX (s->work_ns, 1))
    return FALSE;
  io = duration_text (s->io_delay_ns);
  work = duration_text (s->work_ns);
  out->text = g_strdup_printf (_("Every strategy runs within %.0f%% of the others (%.0f to %.0f "
                                 "tasks/s): each task waits %s for I/O against %s of work, so "
                                 "the I/O sets the pace, not the pool."),
                               100 * (rule->threshold - 1), lo, hi, io, work);
  add_figure (out, "throughput_min", lo, "tasks/s");
  add_figure (out, "throughput_max", hi, "tasks/s");
  add_figure (out, "io_delay_ns", s->io_delay_ns, "ns");
  add_figure (out, "work_ns", s->work_ns, "ns");
  return TRUE;
}

static gboolean
check_queueing (const PsExplainRule *rule,
                const PsReport      *report,
                guint                i,
                PsFinding           *out)
{
  const PsResult *r = result_of (report, i);
  g_autofree char *queued = NULL, *service = NULL;

  /* 50 µs: below it the wait is a hand-off, which every queue has. */
  if (r->tasks_completed == 0 || !isfinite (r->queue_us.p50) || !isfinite (r->service_us.p50)
      || r->queue_us.p50 < 50 || !(r->queue_us.p50 >= rule->threshold * r->service_us.p50))
    return FALSE;
  queued = duration_text (r->queue_us.p50 * 1e3);
  service = duration_text (r->service_us.p50 * 1e3);
  out->text = g_strdup_printf (_("%s's tasks wait %s in the queue before a thread takes them, "
                                 "%.1f× their %s of service: its latency is queueing. More "
                                 "threads or isolates, or less load, shorten it."),
                               name_of (report, i), queued,
                               r->queue_us.p50 / MAX (r->service_us.p50, 1e-3), service);
  add_figure (out, "queue_p50_us", r->queue_us.p50, "µs");
  add_figure (out, "service_p50_us", r->service_us.p50, "µs");
  return TRUE;
}

static gboolean
check_busy_machine (const PsExplainRule *rule,
                    const PsReport      *report,
                    guint                i,
                    PsFinding           *out)
{
  const PsResult *r = result_of (report, i);

  if (!(r->interference.other_cpu_pct > rule->threshold))
    return FALSE;
  out->text = g_strdup_printf (_("Other processes used %.0f%% of the CPUs while %s ran, so its "
                                 "figures may be off: run it again on a quiet machine."),
                               r->interference.other_cpu_pct, name_of (report, i));
  add_figure (out, "other_cpu_pct", r->interference.other_cpu_pct, "%");
  return TRUE;
}

static const PsExplainRule rules[] = {
  { "lock-bound", N_("Lock-bound"), PS_RUN_CHART_WAIT, 30,
    N_("At 30% of the threads' time, a third of the pool's capacity buys nothing: waiting, not "
       "working, sets the pace."), TRUE, check_lock_bound },
  { "creation-bound", N_("Creation-bound"), PS_RUN_CHART_THROUGHPUT, 0.5,
    N_("When at least every other task builds an isolate (and building costs at least half a "
       "task's work), creation is part of every task's cost, not a one-off."), TRUE,
    check_creation_bound },
  { "copy-bound", N_("Copy-bound"), PS_RUN_CHART_THROUGHPUT, 0.5,
    N_("When copying the payload costs at least half the task's work, the copy is a large share "
       "of what a second thread could save."), TRUE, check_copy_bound },
  { "wake-up-bound", N_("Wake-up-bound"), PS_RUN_CHART_P99, 0.25,
    N_("A poll every T adds T/2 on average: a median latency above a quarter of T means the poll "
       "is a large part of it."), TRUE, check_wake_up_bound },
  { "gil-bound", N_("GIL-bound"), PS_RUN_CHART_HOLD, 80,
    N_("Above 80% of the time the lock is almost never free: more threads only queue on it."),
    TRUE, check_gil_bound },
  { "oversubscribed", N_("Oversubscribed"), PS_RUN_CHART_RUNNABLE, 15,
    N_("Above 15% of the workers' time waiting for a CPU, the scheduler, not the pool, decides "
       "who runs."), TRUE, check_oversubscribed },
  { "imbalance", N_("Imbalance"), PS_RUN_CHART_THROUGHPUT, 0.8,
    N_("Jain's fairness index below 0.8 means at least one thread did far more or far less than "
       "its share."), TRUE, check_imbalance },
  { "io-dominated", N_("I/O-dominated"), PS_RUN_CHART_THROUGHPUT, 1.1,
    N_("Throughputs within 10% of each other are within what two runs of one strategy differ "
       "by on a busy machine: no strategy wins."), FALSE, check_io_dominated },
  { "queueing", N_("Queueing"), PS_RUN_CHART_P99, 3,
    N_("When the wait in the queue is three times the service, most of a task's latency is time "
       "spent queued."), TRUE, check_queueing },
  { "busy-machine", N_("Busy machine"), PS_RUN_CHART_RUNNABLE, PS_INTERFERENCE_BUSY_PCT,
    N_("Above 10% of the machine used by other processes, they take a measurable share of the "
       "cores the strategies compete for."), TRUE, check_busy_machine },
};

const PsExplainRule *
ps_explain_rules (guint *n_rules)
{
  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/* ---- Running them ----------------------------------------------------------------------------- */

static void
finding_clear (gpointer data)
{
  g_free (((PsFinding *) data)->text);
}

static void
try_rule (GArray              *findings,
          const PsExplainRule *rule,
          const PsReport      *report,
          int                  strategy)
{
  PsFinding finding = { rule->id, strategy, rule->chart, NULL, 0, { { 0 } } };

  if (rule->check (rule, report, strategy < 0 ? 0 : (guint) strategy, &finding))
    g_array_append_val (findings, finding);
  else
    g_free (finding.text);
}

GArray *
ps_findings_new (void)
{
  GArray *findings = g_array_new (FALSE, TRUE, sizeof (PsFinding));

  g_array_set_clear_func (findings, finding_clear);
  return findings;
}

GArray *
ps_explain_report (const PsReport *report)
{
  GArray *findings = ps_findings_new ();

  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      if (!rules[r].per_strategy)
        try_rule (findings, &rules[r], report, -1);
      else
        for (guint i = 0; i < report->n_strategies; i++)
          try_rule (findings, &rules[r], report, (int) i);
    }
  return findings;
}

/* Two figures differ when one is 5% above the other: closer is within what runs differ by. */
static int
order_of (double a, double b)
{
  return a > 1.05 * b ? 1 : b > 1.05 * a ? -1 : 0;
}

static int
strategy_index (const PsReport *report, const char *name)
{
  PsStrategy wanted;

  if (ps_strategy_parse (name, &wanted) != 0)
    return -1;
  for (guint i = 0; i < report->n_strategies; i++)
    if (g_strcmp0 (report->strategies[i].strategy.name, wanted.name) == 0)
      return (int) i;
  return -1;
}

/* Why a measured order may differ from a published one, from what the run knows. */
static void
append_likely_reasons (GString *text, const PsReport *report, int a, int b)
{
  PsScenario s = knobs_of (report, (guint) a);

  g_string_append (text, _(" Likely reasons:"));
  if (report->machine.cores > 0 && s.threads > report->machine.cores)
    g_string_append_printf (text, _(" this machine has %u cores for %u threads, and the "
                                    "source's had more;"), report->machine.cores, s.threads);
  for (int k = 0; k < 2; k++)
    {
      const PsResult *r = result_of (report, (guint) (k == 0 ? a : b));

      if (r->tasks_completed > 0 && r->isolates_created * 2 >= r->tasks_completed)
        {
          g_string_append_printf (text, _(" %s builds an isolate per task, which costs %.0f ns "
                                          "per KiB of heap here, not what the source's runtime "
                                          "paid;"), name_of (report, (guint) (k == 0 ? a : b)),
                                  report->machine.arena_create_ns_per_kib);
          break;
        }
    }
  g_string_append (text, _(" and what the seed's own code did, which the preset's description "
                           "tells."));
}

void
ps_explain_published (GArray *findings, const PsPreset *preset, const PsReport *report)
{
  g_autoptr (GArray) comparisons = ps_published_compare (preset, report);

  for (guint i = 0; i < comparisons->len; i++)
    {
      const PsPublishedComparison *first = &g_array_index (comparisons, PsPublishedComparison, i);
      g_autoptr (GString) text = g_string_new (NULL);
      PsFinding finding = { "published-shape", -1, PS_RUN_CHART_THROUGHPUT, NULL, 0, { { 0 } } };
      int bad_a = -1, bad_b = -1;
      guint n = 0;
      gboolean seen_before = FALSE;

      /* One finding per measure, at its first figure. */
      for (guint j = 0; j < i; j++)
        seen_before |= g_strcmp0 (g_array_index (comparisons, PsPublishedComparison,
                                                 j).figure->measure,
                                  first->figure->measure) == 0;
      if (seen_before)
        continue;
      for (guint j = i; j < comparisons->len; j++)
        {
          const PsPublishedComparison *x = &g_array_index (comparisons, PsPublishedComparison, j);

          if (g_strcmp0 (x->figure->measure, first->figure->measure) != 0
              || !isfinite (x->measured))
            continue;
          n++;
          for (guint k = j + 1; k < comparisons->len; k++)
            {
              const PsPublishedComparison *y = &g_array_index (comparisons,
                                                               PsPublishedComparison, k);

              if (g_strcmp0 (y->figure->measure, x->figure->measure) != 0
                  || !isfinite (y->measured) || bad_a >= 0)
                continue;
              if (order_of (x->figure->value, y->figure->value) * order_of (x->measured,
                                                                             y->measured) < 0)
                {
                  bad_a = strategy_index (report, x->figure->strategy);
                  bad_b = strategy_index (report, y->figure->strategy);
                  g_string_printf (text, _("The published order of %s does not hold here: the "
                                           "source has %s at %s against %s at %s, this run %s at "
                                           "%.4g against %s at %.4g."),
                                   x->figure->measure, x->figure->strategy,
                                   x->figure->as_published, y->figure->strategy,
                                   y->figure->as_published, x->figure->strategy, x->measured,
                                   y->figure->strategy, y->measured);
                  add_figure (&finding, "published_ratio", x->figure->value / y->figure->value,
                              "×");
                  add_figure (&finding, "measured_ratio", x->measured / y->measured, "×");
                }
            }
        }
      if (n < 2)
        continue;
      if (bad_a >= 0 && bad_b >= 0)
        append_likely_reasons (text, report, bad_a, bad_b);
      else
        g_string_printf (text, _("The shape agrees with the source: the %u strategies it "
                                 "published %s for come in the same order here (two figures "
                                 "within 5%% count as equal), though the absolute values "
                                 "differ with the machine."),
                         n, first->figure->measure);
      finding.strategy = bad_a;
      finding.text = g_string_free (g_steal_pointer (&text), FALSE);
      g_array_append_val (findings, finding);
    }
}

JsonNode *
ps_explain_to_json (const PsReport *report,
                    const GArray   *findings)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < findings->len; i++)
    {
      const PsFinding *f = &g_array_index (findings, PsFinding, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, f->rule);
      json_builder_set_member_name (b, "strategy");
      if (f->strategy >= 0)
        json_builder_add_string_value (b, report->strategies[f->strategy].strategy.name);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "chart");
      json_builder_add_string_value (b, ps_run_chart_name (f->chart));
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, f->text);
      json_builder_set_member_name (b, "figures");
      json_builder_begin_object (b);
      for (guint k = 0; k < f->n_figures; k++)
        ps_json_add_double (b, f->figures[k].name, f->figures[k].value);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

char *
ps_explain_to_text (const GArray *findings)
{
  GString *text = g_string_new (NULL);

  if (findings->len > 0)
    g_string_append (text, "\nFindings:\n");
  for (guint i = 0; i < findings->len; i++)
    g_string_append_printf (text, "  - %s\n", g_array_index (findings, PsFinding, i).text);
  return g_string_free (text, FALSE);
}
