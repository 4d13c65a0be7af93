/* SPDX-License-Identifier: GPL-3.0-or-later */
/* poolscope-cli.c: the headless front-end, `poolscope-cli COMMAND [OPTION…]`.
 *
 * Exit codes: 0 success, 1 a run failed or was stopped, 2 bad arguments (one line on stderr).
 */
#define G_LOG_DOMAIN "poolscope-cli"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "ps-cli-commands.h"
#include "ps-cli-sweep.h"

typedef struct
{
  const char *name;
  int (*main) (int argc, char **argv);
  const char *summary;
} PsCliCommand;

static const PsCliCommand commands[] = {
  { "run", ps_cli_run_main, "run strategies over one scenario and compare them" },
  { "calibrate", ps_cli_calibrate_main, "measure this machine's reference costs" },
  { "strategies", ps_cli_strategies_main, "list the named strategies" },
  { "knobs", ps_cli_knobs_main, "list every knob with its range and meaning" },
  { "sweep", ps_cli_sweep_main, "vary one knob and find where strategies cross (break-even)" },
  { "presets", ps_cli_presets_main, "list, show, save, import, export and delete presets" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: poolscope-cli COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun `poolscope-cli COMMAND --help` for a command's options.\n");
}

int
main (int argc, char **argv)
{
  /* The user's locale for messages and the terminal's encoding; every number we write or read
   * goes through locale-independent code, so a decimal comma locale changes nothing. */
  setlocale (LC_ALL, "");
  g_set_prgname ("poolscope-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("poolscope-cli %s\n", PS_VERSION);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        /* GOption writes the program name into each command's --help usage line. */
        g_autofree char *prgname = g_strdup_printf ("poolscope-cli %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].main (argc - 1, argv + 1);
      }

  g_printerr ("poolscope-cli: unknown command '%s'; see poolscope-cli --help\n", argv[1]);
  return 2;
}
