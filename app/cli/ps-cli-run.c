/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-run.c: `poolscope-cli run`, one run with progress on stderr and Ctrl-C handling. */
#define G_LOG_DOMAIN "poolscope-cli"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "ps-cli-commands.h"
#include "ps-report-format.h"
#include "ps-cli-scenario.h"
#include "ps-bundle.h"
#include "ps-explain.h"
#include "ps-published.h"
#include "ps-results-file.h"

/* How often the main thread looks at the run: the progress refresh and the Ctrl-C latency. */
#define PS_CLI_POLL_US (100 * 1000)

/* Set by the SIGINT handler. The handler only sets this flag: ps_run_stop () is not documented as
 * async-signal-safe, so the polling loop calls it on the main thread instead. */
static volatile sig_atomic_t interrupted;

static void
on_sigint (int signum)
{
  interrupted = 1;
}

/* SA_RESETHAND: a second Ctrl-C kills the process even if the run never stops. */
static void
install_sigint_handler (void)
{
  struct sigaction action = { 0 };

  action.sa_handler = on_sigint;
  action.sa_flags = SA_RESETHAND;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
}

static void
restore_sigint_handler (void)
{
  signal (SIGINT, SIG_DFL);
}

typedef struct
{
  gboolean enabled;
  gboolean tty;             /* rewrite one line in place, else print a line now and then */
  gint64 last_line_us;
  gboolean line_open;
} PsProgress;

static void
progress_show (PsProgress *progress, const PsScenario *s, const PsSample *sample)
{
  char percent[32], throughput[32], elapsed[32];
  const char *name = sample->strategy < s->n_strategies ? s->strategies[sample->strategy].name
                                                       : "?";
  gint64 now = g_get_monotonic_time ();

  if (!progress->tty && now - progress->last_line_us < G_USEC_PER_SEC)
    return;
  progress->last_line_us = now;
  /* Our own formatter: the locale is set, and printf ("%f") would write a decimal comma. */
  ps_units_format_double (floor (sample->progress * 1000) / 10, 4, percent, sizeof percent);
  ps_units_format_double (sample->throughput_per_s, 4, throughput, sizeof throughput);
  ps_units_format_duration (floor (sample->t_s * 10) * 1e8, elapsed, sizeof elapsed);
  g_printerr ("%s%-20s %5s%%  %8s  %10s tasks/s  threads %u%s%s", progress->tty ? "\r" : "",
              name, percent, elapsed, throughput, sample->threads,
              sample->warmup ? "  (warm-up)" : "", progress->tty ? "\033[K" : "\n");
  progress->line_open = progress->tty;
}

static void
progress_end (PsProgress *progress)
{
  if (progress->line_open)
    g_printerr ("\r\033[K");
  progress->line_open = FALSE;
}

/* Waits for the run, showing progress and turning Ctrl-C into a stop request; keeps every sample
 * in @samples when it is not NULL (for a results file). */
static void
watch_run (PsRun *run, const PsScenario *s, PsProgress *progress, GArray *samples)
{
  gboolean stop_sent = FALSE;

  while (!ps_run_is_finished (run))
    {
      PsSample sample;
      gboolean have_sample = FALSE;

      if (interrupted && !stop_sent)
        {
          progress_end (progress);
          g_printerr ("poolscope-cli: stopping (Ctrl-C again to quit at once)\n");
          ps_run_stop (run);
          stop_sent = TRUE;
        }
      /* Drain the ring every time so it never fills; only the newest sample is shown. */
      while (ps_run_pop_sample (run, &sample))
        {
          have_sample = TRUE;
          if (samples != NULL)
            g_array_append_val (samples, sample);
        }
      if (have_sample && progress->enabled && !stop_sent)
        progress_show (progress, s, &sample);
      g_usleep (PS_CLI_POLL_US);
    }
  progress_end (progress);
}

typedef struct
{
  PsReportFormat format;
  gboolean show_progress;
  const PsPreset *preset; /* nullable: its published figures are shown beside the results */
  const char *output;     /* nullable: write a results file there */
  const char *export_dir; /* nullable: write an export bundle there */
  gboolean force;         /* replace an existing output file or bundle */
  gboolean explain;       /* add the findings of ps-explain.h */
} PsRunOutput;

/* The report on stdout, with the preset's published figures and the findings beside it. */
static void
print_report (const PsReport *report, const PsRunOutput *out)
{
  g_autofree char *text = NULL;
  g_autoptr (GArray) comparisons = out->preset != NULL ? ps_published_compare (out->preset, report)
                                                       : NULL;
  g_autoptr (GArray) findings = out->explain ? ps_explain_report (report) : NULL;

  if (findings != NULL && out->preset != NULL)
    ps_explain_published (findings, out->preset, report);

  if (out->format == PS_REPORT_FORMAT_JSON && (comparisons != NULL || findings != NULL))
    {
      g_autoptr (JsonNode) root = ps_report_to_json (report);
      JsonObject *object = json_node_get_object (root);

      if (comparisons != NULL)
        {
          json_object_set_string_member (object, "preset", out->preset->name);
          json_object_set_member (object, "published", ps_published_to_json (comparisons));
        }
      if (findings != NULL)
        json_object_set_member (object, "explanation", ps_explain_to_json (report, findings));
      text = ps_json_to_string (root);
    }
  else
    text = ps_report_format (report, out->format);
  fputs (text, stdout);
  if (out->format == PS_REPORT_FORMAT_TABLE)
    {
      g_autofree char *published = comparisons != NULL
                                     ? ps_published_to_table (out->preset, comparisons)
                                     : g_strdup ("");
      g_autofree char *explained = findings != NULL ? ps_explain_to_text (findings)
                                                    : g_strdup ("");

      fputs (published, stdout);
      fputs (explained, stdout);
    }
  fflush (stdout);
}

static int
run_and_print (const PsScenario *s, const PsRunOutput *out)
{
  g_autoptr (GArray) samples = out->output != NULL || out->export_dir != NULL
                                ? g_array_new (FALSE, FALSE, sizeof (PsSample)) : NULL;
  PsProgress progress = { 0 };
  const PsReport *report;
  PsRun *run = NULL;
  int rc;

  rc = ps_run_new (s, NULL, NULL, &run);
  if (rc != 0)
    {
      g_printerr ("poolscope-cli: cannot prepare the run: %s\n", ps_strerror (rc));
      return rc == PS_EINVAL || rc == PS_ECONFLICT || rc == PS_ENOMEM ? 2 : 1;
    }

  progress.tty = isatty (STDERR_FILENO);
  progress.enabled = out->show_progress || progress.tty;
  interrupted = 0;
  install_sigint_handler ();

  rc = ps_run_start (run);
  if (rc == 0)
    {
      watch_run (run, s, &progress, samples);
      rc = ps_run_wait (run);
    }
  restore_sigint_handler ();

  report = ps_run_get_report (run);
  if (report == NULL)
    {
      g_printerr ("poolscope-cli: the run failed: %s\n", ps_strerror (rc != 0 ? rc : PS_ESTATE));
      ps_run_free (run);
      return 1;
    }

  print_report (report, out);
  if (samples != NULL)
    {
      g_autoptr (GError) error = NULL;
      PsSample sample;

      /* The samples still in the ring when the run ended belong to the files too. */
      while (ps_run_pop_sample (run, &sample))
        g_array_append_val (samples, sample);
      if (out->output != NULL
          && !ps_results_file_write (out->output, report, samples, out->preset, out->force,
                                     &error))
        g_printerr ("poolscope-cli: the results were not saved: %s\n", error->message);
      else if (out->export_dir != NULL
               && !ps_bundle_write_run (out->export_dir, report, samples, out->preset,
                                        out->force, &error))
        g_printerr ("poolscope-cli: the bundle was not exported: %s\n", error->message);
      if (error != NULL)
        {
          ps_run_free (run);
          return 1;
        }
    }

  if (rc == PS_ECANCELED || !report->completed)
    {
      g_printerr ("poolscope-cli: stopped before the end; the results above are partial\n");
      rc = 1;
    }
  else if (rc != 0)
    {
      g_printerr ("poolscope-cli: the run failed: %s\n", ps_strerror (rc));
      rc = 1;
    }
  ps_run_free (run);
  return rc;
}

int
ps_cli_run_main (int argc, char **argv)
{
  g_autoptr (PsCliScenario) cli = ps_cli_scenario_new (PS_CLI_SCENARIO_OUTPUT_OPTIONS);
  g_autoptr (GOptionContext) context = g_option_context_new ("- run strategies and compare them");
  g_auto (GStrv) args = g_new0 (char *, (gsize) argc + 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *export_dir = NULL;
  gboolean force = FALSE, explain = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Also write a results file (the JSON report with every live sample) to open in the window "
      "or compare later; an existing file needs --force.", "FILE" },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_dir,
      "Also write an export bundle into DIR: every chart as PNG, SVG and PDF, the results and "
      "samples as CSV, the results file, a preset that reproduces the run and a README; files "
      "of the same names need --force.", "DIR" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "Replace an existing --output file or --export bundle.", NULL },
    { "explain", 0, 0, G_OPTION_ARG_NONE, &explain,
      "Say in sentences what the numbers show and why (lock-bound, copy-bound, queueing, …), "
      "each with the figures it used; JSON gets an \"explanation\" list.", NULL },
    { NULL },
  };
  GOptionGroup *group = ps_cli_scenario_new_option_group (cli);
  const PsStoredPreset *preset;
  PsRunOutput out = { 0 };

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  g_option_context_set_description (context, ps_cli_scenario_get_description ());
  if (!g_option_context_parse_strv (context, &args, &error))
    return ps_cli_usage_error (error);
  if (args[0] != NULL && args[1] != NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "run takes options only (got '%s'); see poolscope-cli run --help", args[1]);
      return ps_cli_usage_error (error);
    }
  if (!ps_cli_scenario_finish (cli, TRUE, &error))
    return ps_cli_usage_error (error);

  /* Refused before measuring, not after: a long run must not end in "exists already". */
  if (output != NULL && !force && g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_printerr ("poolscope-cli: %s exists already; add --force to replace it\n", output);
      return 2;
    }
  if (export_dir != NULL && !force)
    {
      g_auto (GStrv) names = ps_bundle_run_files ();

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *path = g_build_filename (export_dir, names[i], NULL);

          if (g_file_test (path, G_FILE_TEST_EXISTS))
            {
              g_printerr ("poolscope-cli: %s exists already; export into an empty folder or "
                          "add --force\n", path);
              return 2;
            }
        }
    }
  preset = ps_cli_scenario_get_preset (cli);
  out.format = ps_cli_scenario_get_format (cli);
  out.show_progress = ps_cli_scenario_get_progress (cli);
  out.preset = preset != NULL ? preset->preset : NULL;
  out.output = output;
  out.export_dir = export_dir;
  out.force = force;
  out.explain = explain;
  return run_and_print (ps_cli_scenario_get_scenario (cli), &out);
}
