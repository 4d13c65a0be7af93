/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-explain.c: each rule of ps-explain.h fires on a result crafted to cross its threshold,
 * for the strategy it was crafted on, with the figures it was given (and the closed-form model
 * where it states one), and stays silent on a quiet run that crosses none. */
#define G_LOG_DOMAIN "test-explain"

#include <math.h>
#include <string.h>

#include "ps-explain.h"

/* A quiet run of single and queue on 2 cores: nothing stands out. */
static PsReport *
quiet_report (void)
{
  PsReport *report = calloc (1, sizeof *report);
  const uint64_t sizes[PS_CALIBRATE_MEMCPY_SIZES] = { 64, 4096, 65536, 1048576 };
  const double copy_ns[PS_CALIBRATE_MEMCPY_SIZES] = { 10, 200, 4000, 80000 };

  ps_scenario_init_defaults (&report->scenario);
  report->scenario.n_strategies = 2;
  g_assert_cmpint (ps_strategy_parse ("single", &report->scenario.strategies[0]), ==, 0);
  g_assert_cmpint (ps_strategy_parse ("queue", &report->scenario.strategies[1]), ==, 0);
  report->scenario.threads = 2;
  report->scenario.isolates = 2;
  report->scenario.work_ns = 20000;
  report->scenario.io_delay_ns = 0;
  report->scenario.isolate_heap_bytes = 65536;
  report->scenario.isolate_init_ns = 0;
  report->machine.cores = 2;
  report->machine.arena_create_ns_per_kib = 10;
  memcpy (report->machine.memcpy_sizes, sizes, sizeof sizes);
  memcpy (report->machine.memcpy_ns, copy_ns, sizeof copy_ns);
  report->n_strategies = 2;
  report->strategies = calloc (2, sizeof *report->strategies);
  for (guint i = 0; i < 2; i++)
    {
      PsStrategyReport *st = &report->strategies[i];
      PsResult *r = &st->total;

      st->strategy = report->scenario.strategies[i];
      r->tasks_completed = 1000;
      r->wall_s = 0.1;
      r->throughput_per_s = i == 0 ? 10000 : 15000;
      r->latency_us.p50 = 30;
      r->queue_us.p50 = 10;
      r->service_us.p50 = 20;
      r->wait_share_pct = 1;
      r->isolates_created = 2;
      r->bytes_copied = 1000 * 4096;
      r->fairness = 1;
      r->n_threads = i == 0 ? 1 : 2;
      r->per_thread_tasks = calloc (r->n_threads, sizeof (uint64_t));
      for (guint t = 0; t < r->n_threads; t++)
        r->per_thread_tasks[t] = 1000 / r->n_threads;
      r->threads_used = r->n_threads;
      r->time_breakdown_pct.runnable = 1;
      r->interference.other_cpu_pct = 1;
      r->speedup = r->throughput_per_s / 10000;
    }
  return report;
}

static PsResult *
queue_result (PsReport *report)
{
  return &report->strategies[1].total;
}

/* The findings of @rule in @report; asserts there is exactly one and it is queue's (or the run's
 * when @whole_run). */
static const PsFinding *
the_finding (GArray     *findings,
             const char *rule,
             gboolean    whole_run)
{
  const PsFinding *found = NULL;

  for (guint i = 0; i < findings->len; i++)
    {
      const PsFinding *f = &g_array_index (findings, PsFinding, i);

      if (strcmp (f->rule, rule) != 0)
        continue;
      g_assert_null (found);
      found = f;
    }
  g_assert_nonnull (found);
  g_assert_cmpint (found->strategy, ==, whole_run ? -1 : 1);
  g_assert_nonnull (found->text);
  g_test_message ("%s: %s", rule, found->text);
  return found;
}

static double
figure (const PsFinding *f,
        const char      *name)
{
  for (guint k = 0; k < f->n_figures; k++)
    if (strcmp (f->figures[k].name, name) == 0)
      return f->figures[k].value;
  g_assert_not_reached ();
}

static void
test_quiet_run_says_nothing (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = ps_explain_report (report);

  for (guint i = 0; i < findings->len; i++)
    g_test_message ("unexpected: %s", g_array_index (findings, PsFinding, i).text);
  g_assert_cmpuint (findings->len, ==, 0);
  ps_report_free (report);
}

static void
test_lock_bound (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  report->scenario.isolates = 1;
  queue_result (report)->wait_share_pct = 40;
  findings = ps_explain_report (report);
  f = the_finding (findings, "lock-bound", FALSE);
  g_assert_cmpfloat (figure (f, "wait_share_pct"), ==, 40);
  /* (N − k)/N for N = 2 threads and k = 1 isolate. */
  g_assert_cmpfloat (figure (f, "expected_wait_share_pct"), ==, 100.0 * (2 - 1) / 2);
  g_assert_cmpint (f->chart, ==, PS_RUN_CHART_WAIT);
  /* queue's wait is its queue's lock, not a pool's isolate: no word of handing isolates back. */
  g_assert_null (strstr (f->text, "straight back"));
  ps_report_free (report);
}

/* A shared pool whose wait is long while few acquisitions waited: the sentence says the releasing
 * thread takes the isolate back (barging), and only when the two figures are that far apart. */
static void
test_lock_bound_barging (void)
{
  for (guint contended = 9; contended <= 40; contended += 31)
    {
      PsReport *report = quiet_report ();
      g_autoptr (GArray) findings = NULL;
      const PsFinding *f;

      g_assert_cmpint (ps_strategy_parse ("shared", &report->scenario.strategies[1]), ==, 0);
      report->strategies[1].strategy = report->scenario.strategies[1];
      report->scenario.threads = 4;
      report->scenario.isolates = 1;
      queue_result (report)->wait_share_pct = 58;
      queue_result (report)->contended_acq_pct = contended;
      findings = ps_explain_report (report);
      f = the_finding (findings, "lock-bound", FALSE);
      g_assert_cmpfloat (figure (f, "contended_acq_pct"), ==, contended);
      /* 9% < 58% / 3 says it; 40% does not. */
      g_assert_cmpint (strstr (f->text, "straight back") != NULL, ==, contended == 9);
      ps_report_free (report);
    }
}

static void
test_creation_bound (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  report->scenario.isolate_init_ns = 30000;
  queue_result (report)->isolates_created = 1000;
  findings = ps_explain_report (report);
  f = the_finding (findings, "creation-bound", FALSE);
  g_assert_cmpfloat (figure (f, "isolates_per_task"), ==, 1.0);
  /* 64 KiB at 10 ns per KiB, plus 30 µs of start-up. */
  g_assert_cmpfloat_with_epsilon (figure (f, "creation_ns"), 64 * 10 + 30000, 1e-6);
  ps_report_free (report);
}

static void
test_copy_bound (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  queue_result (report)->bytes_copied = 1000ull * 1048576;
  findings = ps_explain_report (report);
  f = the_finding (findings, "copy-bound", FALSE);
  /* 1 MiB at the calibrated 1 MiB per 80 µs. */
  g_assert_cmpfloat_with_epsilon (figure (f, "copy_ns"), 80000, 1e-6);
  ps_report_free (report);
}

static void
test_wake_up_bound (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  report->scenario.poll_ns = 10000000;
  queue_result (report)->latency_us.p50 = 6000;
  findings = ps_explain_report (report);
  f = the_finding (findings, "wake-up-bound", FALSE);
  g_assert_cmpfloat (figure (f, "poll_ns"), ==, 10000000);
  ps_report_free (report);
}

static void
test_gil_bound (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  report->scenario.gil = true;
  queue_result (report)->gil_hold_share_pct = 95;
  /* single runs one thread: under a GIL it has nobody to take turns with. */
  report->strategies[0].total.gil_hold_share_pct = 95;
  findings = ps_explain_report (report);
  f = the_finding (findings, "gil-bound", FALSE);
  g_assert_cmpfloat (figure (f, "speedup"), ==, 1.5);
  ps_report_free (report);
}

static void
test_oversubscribed (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  queue_result (report)->threads_used = 8;
  queue_result (report)->time_breakdown_pct.runnable = 40;
  findings = ps_explain_report (report);
  f = the_finding (findings, "oversubscribed", FALSE);
  g_assert_cmpfloat (figure (f, "cores"), ==, 2);
  ps_report_free (report);
}

static void
test_imbalance (void)
{
  PsReport *report = quiet_report ();
  PsResult *r = queue_result (report);
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  r->per_thread_tasks[0] = 900;
  r->per_thread_tasks[1] = 100;
  /* Jain's index (Σx)² / (n Σx²), computed here rather than by the engine. */
  r->fairness = 1000.0 * 1000 / (2 * (900.0 * 900 + 100.0 * 100));
  findings = ps_explain_report (report);
  f = the_finding (findings, "imbalance", FALSE);
  g_assert_cmpfloat_with_epsilon (figure (f, "busiest_share_pct"), 90, 1e-9);
  ps_report_free (report);
}

static void
test_io_dominated (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  report->scenario.io_delay_ns = 1000000;
  queue_result (report)->throughput_per_s = 10500;
  findings = ps_explain_report (report);
  f = the_finding (findings, "io-dominated", TRUE);
  g_assert_cmpfloat (figure (f, "throughput_max"), ==, 10500);
  ps_report_free (report);
}

static void
test_queueing (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  const PsFinding *f;

  queue_result (report)->queue_us.p50 = 200;
  findings = ps_explain_report (report);
  f = the_finding (findings, "queueing", FALSE);
  g_assert_cmpfloat (figure (f, "queue_p50_us"), ==, 200);
  ps_report_free (report);
}

static void
test_busy_machine (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;

  queue_result (report)->interference.other_cpu_pct = 30;
  findings = ps_explain_report (report);
  the_finding (findings, "busy-machine", FALSE);
  ps_report_free (report);
}

/* Published figures in the measured order agree in shape; in the opposite order they do not, and
 * the finding gives both ratios. */
static void
test_published_shape (void)
{
  PsReport *report = quiet_report ();
  g_autoptr (PsPreset) preset = ps_preset_new ("shape");
  g_autoptr (GArray) agree = NULL, differ = NULL;
  PsPublishedFigure figures[2] = {
    { "single", "throughput_per_s", 9000, "9,000 req/s", NULL, NAN },
    { "queue", "throughput_per_s", 14000, "14,000 req/s", NULL, NAN },
  };
  const PsFinding *f;

  preset->scenario = report->scenario;
  for (guint i = 0; i < 2; i++)
    {
      PsPublishedFigure copy = figures[i];

      copy.strategy = g_strdup (copy.strategy);
      copy.measure = g_strdup (copy.measure);
      copy.as_published = g_strdup (copy.as_published);
      g_array_append_val (preset->published, copy);
    }
  agree = ps_findings_new ();
  ps_explain_published (agree, preset, report);
  f = the_finding (agree, "published-shape", TRUE);
  g_assert_nonnull (strstr (f->text, "agrees"));

  /* The source had single faster: measured queue is 1.5× single, published single 2× queue. */
  g_array_index (preset->published, PsPublishedFigure, 0).value = 20000;
  g_array_index (preset->published, PsPublishedFigure, 1).value = 10000;
  differ = ps_findings_new ();
  ps_explain_published (differ, preset, report);
  g_assert_cmpuint (differ->len, ==, 1);
  f = &g_array_index (differ, PsFinding, 0);
  g_test_message ("%s", f->text);
  g_assert_cmpstr (f->rule, ==, "published-shape");
  g_assert_cmpint (f->strategy, ==, 0);
  g_assert_cmpfloat (figure (f, "published_ratio"), ==, 2.0);
  g_assert_cmpfloat_with_epsilon (figure (f, "measured_ratio"), 10000.0 / 15000.0, 1e-12);
  ps_report_free (report);
}

/* Every rule has a threshold and says why it sits there; the JSON carries rule, text, figures. */
static void
test_rules_are_data (void)
{
  guint n_rules;
  const PsExplainRule *rules = ps_explain_rules (&n_rules);
  PsReport *report = quiet_report ();
  g_autoptr (GArray) findings = NULL;
  g_autoptr (JsonNode) json = NULL;
  JsonObject *first;

  g_assert_cmpuint (n_rules, >=, 10);
  for (guint i = 0; i < n_rules; i++)
    {
      g_assert_nonnull (rules[i].id);
      g_assert_true (rules[i].threshold > 0);
      g_assert_cmpuint (strlen (rules[i].threshold_reason), >, 20);
    }
  queue_result (report)->queue_us.p50 = 200;
  findings = ps_explain_report (report);
  json = ps_explain_to_json (report, findings);
  first = json_array_get_object_element (json_node_get_array (json), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "rule"), ==, "queueing");
  g_assert_cmpstr (json_object_get_string_member (first, "strategy"), ==, "queue");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (first,
                                                                                    "figures"),
                                                    "queue_p50_us"), ==, 200);
  ps_report_free (report);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/explain/quiet-run-says-nothing", test_quiet_run_says_nothing);
  g_test_add_func ("/explain/lock-bound", test_lock_bound);
  g_test_add_func ("/explain/lock-bound-barging", test_lock_bound_barging);
  g_test_add_func ("/explain/creation-bound", test_creation_bound);
  g_test_add_func ("/explain/copy-bound", test_copy_bound);
  g_test_add_func ("/explain/wake-up-bound", test_wake_up_bound);
  g_test_add_func ("/explain/gil-bound", test_gil_bound);
  g_test_add_func ("/explain/oversubscribed", test_oversubscribed);
  g_test_add_func ("/explain/imbalance", test_imbalance);
  g_test_add_func ("/explain/io-dominated", test_io_dominated);
  g_test_add_func ("/explain/queueing", test_queueing);
  g_test_add_func ("/explain/busy-machine", test_busy_machine);
  g_test_add_func ("/explain/rules-are-data", test_rules_are_data);
  g_test_add_func ("/explain/published-shape", test_published_shape);
  return g_test_run ();
}
