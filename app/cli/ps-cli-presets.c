/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-cli-presets.c: `poolscope-cli presets [ACTION …]`: list, show, save, import, export,
 * duplicate, rename and delete presets. Running one is `run --preset NAME` / `sweep --preset`. */
#define G_LOG_DOMAIN "poolscope-cli"

#include <stdio.h>
#include <string.h>

#include "ps-cli-commands.h"
#include "ps-cli-scenario.h"
#include "ps-preset-store.h"

static int
fail_with (const GError *error)
{
  g_printerr ("poolscope-cli: %s\n", error->message);
  /* A preset that is missing or wrong is bad input; a disk that refuses is a failure. */
  return error->domain == G_IO_ERROR && error->code != G_IO_ERROR_NOT_FOUND
             && error->code != G_IO_ERROR_EXISTS && error->code != G_IO_ERROR_PERMISSION_DENIED
           ? 1 : 2;
}

static int
usage (const char *message)
{
  g_printerr ("poolscope-cli: %s; see poolscope-cli presets --help\n", message);
  return 2;
}

static const char *
origin_label (PsPresetOrigin origin)
{
  return origin == PS_PRESET_BUILT_IN ? "built-in" : origin == PS_PRESET_USER ? "user" : "file";
}

static int
presets_list (void)
{
  g_auto (GStrv) problems = NULL;
  g_autoptr (GPtrArray) list = ps_preset_store_list (&problems);
  int width = 0;

  for (guint i = 0; i < list->len; i++)
    width = MAX (width, (int) strlen (((PsStoredPreset *) g_ptr_array_index (list, i))->preset->name));
  for (guint i = 0; i < list->len; i++)
    {
      const PsStoredPreset *stored = g_ptr_array_index (list, i);

      printf ("%-*s  %-8s  %s%s\n", width, stored->preset->name, origin_label (stored->origin),
              stored->preset->title, stored->preset->has_sweep ? " (sweep)" : "");
    }
  for (guint i = 0; problems[i] != NULL; i++)
    g_printerr ("poolscope-cli: skipped %s\n", problems[i]);
  return 0;
}

static int
presets_show (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsStoredPreset) stored = ps_preset_store_find (name, &error);
  g_autofree char *json = NULL;

  if (stored == NULL)
    return fail_with (error);
  json = ps_preset_to_json (stored->preset);
  fputs (json, stdout);
  return 0;
}

static int
save_to_store (PsPreset *preset, gboolean force)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (ps_preset_store_is_built_in (preset->name) && !force)
    {
      g_printerr ("poolscope-cli: “%s” is a built-in preset's name; a user preset of that name "
                  "would stand in for it: add --force to do that, or choose another name\n",
                  preset->name);
      return 2;
    }
  path = ps_preset_store_save (preset, force, &error);
  if (path == NULL)
    return fail_with (error);
  printf ("%s\n", path);
  return 0;
}

/* presets save NAME [--title T] [--description D] [--force] [--preset BASE] [knob options] */
static int
presets_save (int argc, char **argv)
{
  g_autoptr (PsCliScenario) cli = ps_cli_scenario_new (PS_CLI_SCENARIO_KNOBS_ONLY);
  g_autoptr (GOptionContext) context = g_option_context_new ("NAME - save a user preset");
  g_auto (GStrv) args = g_new0 (char *, (gsize) argc + 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL, *description = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "One line shown in lists.", "TEXT" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, "What the preset shows.", "TEXT" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace a preset of the same name.", NULL },
    { NULL },
  };
  GOptionGroup *group = ps_cli_scenario_new_option_group (cli);
  g_autoptr (PsPreset) preset = NULL;
  const PsStoredPreset *base;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  if (!g_option_context_parse_strv (context, &args, &error)
      || !ps_cli_scenario_finish (cli, TRUE, &error))
    return ps_cli_usage_error (error);
  if (args[0] == NULL || args[1] == NULL || args[2] != NULL)
    return usage ("presets save takes one NAME and options");
  if (!ps_preset_name_is_valid (args[1]))
    return usage ("a preset name is lowercase letters, digits and dashes");

  base = ps_cli_scenario_get_preset (cli);
  preset = base != NULL ? ps_preset_copy (base->preset) : ps_preset_new (args[1]);
  g_free (preset->name);
  preset->name = g_strdup (args[1]);
  if (title != NULL || base == NULL)
    {
      g_free (preset->title);
      preset->title = g_strdup (title != NULL ? title : args[1]);
    }
  if (description != NULL)
    {
      g_free (preset->description);
      preset->description = g_strdup (description);
    }
  ps_preset_set_scenario (preset, ps_cli_scenario_get_scenario (cli));
  return save_to_store (preset, force);
}

/* presets import FILE [--force]: checks the file and keeps it as a user preset. */
static int
presets_import (const char *file, gboolean force)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = ps_preset_load_file (file, &error);

  if (preset == NULL)
    return fail_with (error);
  return save_to_store (preset, force);
}

/* presets export NAME FILE [--force] */
static int
presets_export (const char *name, const char *file, gboolean force)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsStoredPreset) stored = ps_preset_store_find (name, &error);

  if (stored == NULL)
    return fail_with (error);
  if (!force && g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_printerr ("poolscope-cli: %s exists; add --force to replace it\n", file);
      return 2;
    }
  if (!ps_preset_save (stored->preset, file, &error))
    return fail_with (error);
  return 0;
}

static int
presets_duplicate (const char *name, const char *new_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsStoredPreset) stored = ps_preset_store_find (name, &error);

  if (stored == NULL)
    return fail_with (error);
  if (!ps_preset_name_is_valid (new_name))
    return usage ("a preset name is lowercase letters, digits and dashes");
  g_free (stored->preset->name);
  stored->preset->name = g_strdup (new_name);
  return save_to_store (stored->preset, FALSE);
}

static const char help_text[] =
  "Usage: poolscope-cli presets [ACTION …]\n"
  "\n"
  "  (no action), list          every preset: name, built-in or user, title\n"
  "  show NAME|FILE             the preset as JSON\n"
  "  save NAME [OPTION…]        a user preset from --preset, knob options, --title,\n"
  "                             --description; --force replaces one of that name\n"
  "  import FILE [--force]      check FILE and keep it as a user preset\n"
  "  export NAME FILE [--force] write a preset to FILE\n"
  "  duplicate NAME NEW         a user copy of any preset\n"
  "  rename NAME NEW            rename a user preset\n"
  "  delete NAME                delete a user preset\n"
  "\n"
  "Run one with `poolscope-cli run --preset NAME` or `poolscope-cli sweep --preset NAME`;\n"
  "options after --preset override its knobs. User presets live in\n"
  "$XDG_DATA_HOME/poolscope/presets (~/.local/share/poolscope/presets).\n";

int
ps_cli_presets_main (int argc, char **argv)
{
  const char *action = argc > 1 ? argv[1] : "list";
  gboolean force = argc > 1 && strcmp (argv[argc - 1], "--force") == 0;
  int n = argc - (force ? 1 : 0); /* arguments without a trailing --force */
  g_autoptr (GError) error = NULL;

  if (strcmp (action, "--help") == 0 || strcmp (action, "-h") == 0)
    {
      fputs (help_text, stdout);
      return 0;
    }
  if (strcmp (action, "list") == 0 && n <= 2)
    return presets_list ();
  if (strcmp (action, "show") == 0 && n == 3)
    return presets_show (argv[2]);
  if (strcmp (action, "save") == 0)
    return presets_save (argc - 1, argv + 1);
  if (strcmp (action, "import") == 0 && n == 3)
    return presets_import (argv[2], force);
  if (strcmp (action, "export") == 0 && n == 4)
    return presets_export (argv[2], argv[3], force);
  if (strcmp (action, "duplicate") == 0 && n == 4)
    return presets_duplicate (argv[2], argv[3]);
  if (strcmp (action, "rename") == 0 && n == 4)
    return ps_preset_store_rename (argv[2], argv[3], &error) ? 0 : fail_with (error);
  if (strcmp (action, "delete") == 0 && n == 3)
    return ps_preset_store_delete (argv[2], &error) ? 0 : fail_with (error);
  return usage ("presets: unknown action or wrong number of arguments");
}
