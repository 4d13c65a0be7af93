/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-presets-cli.c: presets and results files through poolscope-cli, as a user uses them.
 *
 * Every built-in preset is listed, shows as JSON that loads again to the same text, and runs
 * briefly; user presets are saved, listed, exported, imported, duplicated, renamed and deleted in
 * a private XDG_DATA_HOME; options after --preset override it and options before it are
 * overridden; a broken preset is one line naming the file and exit 2; a results file written by
 * `run --output` reopens to the very table the run printed, and an existing or unwritable output
 * is refused without touching what is there.
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-test-util.h"
#include "ps-bundle.h"
#include "ps-preset.h"
#include "ps-report-format.h"
#include "ps-results-file.h"

/* A private data folder for user presets, removed at the end of each test. */
typedef struct
{
  char *dir;
  const char *env[3];
} Home;

static void
home_init (Home *home)
{
  home->dir = g_dir_make_tmp ("poolscope-presets-XXXXXX", NULL);
  g_assert_nonnull (home->dir);
  home->env[0] = "XDG_DATA_HOME";
  home->env[1] = home->dir;
  home->env[2] = NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
home_clear (Home *home)
{
  remove_tree (home->dir);
  g_free (home->dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Home, home_clear)

/* The built-in presets' names, from the source folder (what the binary must have compiled in). */
static GPtrArray *
built_in_names (void)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "..", "data", "presets", NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *file;

  g_assert_nonnull (dir);
  while ((file = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (file, ".json"))
      g_ptr_array_add (names, g_strndup (file, strlen (file) - strlen (".json")));
  return names;
}

static PsPreset *
load_shown (const char *name, const char *json)
{
  g_autoptr (GError) error = NULL;
  PsPreset *preset = ps_preset_load_data (name, json, strlen (json), &error);

  g_assert_no_error (error);
  return preset;
}

static void
test_built_ins_listed_and_valid (void)
{
  g_autoptr (GPtrArray) names = built_in_names ();
  g_auto (Home) home = { 0 };
  g_auto (CliResult) list = { 0 };
  const char *list_args[] = { "presets", NULL };

  /* One per published experiment of the five seeds: far more than a handful. */
  g_assert_cmpuint (names->len, >=, 20);
  home_init (&home);
  run_cli (&list, list_args, home.env);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpstr (list.err, ==, "");
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *line_start = g_strdup_printf ("%s ", name);
      g_auto (CliResult) show = { 0 };
      const char *show_args[] = { "presets", "show", name, NULL };
      g_autoptr (PsPreset) preset = NULL;
      g_autofree char *again = NULL;

      g_test_message ("preset %s", name);
      g_assert_true (g_str_has_prefix (list.out, line_start) || strstr (list.out, line_start));
      run_cli (&show, show_args, home.env);
      g_assert_cmpint (show.status, ==, 0);
      preset = load_shown (name, show.out);
      g_assert_cmpstr (preset->name, ==, name);
      g_assert_cmpstr (preset->source, !=, "");
      g_assert_cmpstr (preset->description, !=, "");
      /* Shown JSON is what the preset writes: loading and writing again changes nothing. */
      again = ps_preset_to_json (preset);
      g_assert_cmpstr (again, ==, show.out);
    }
}

/* Every built-in runs: briefly, with its own strategies, each completing tasks. */
static void
test_built_ins_run (void)
{
  g_autoptr (GPtrArray) names = built_in_names ();
  g_auto (Home) home = { 0 };

  home_init (&home);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_auto (CliResult) show = { 0 }, run = { 0 };
      const char *show_args[] = { "presets", "show", name, NULL };
      g_autoptr (PsPreset) preset = NULL;
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      JsonArray *results;

      run_cli (&show, show_args, home.env);
      preset = load_shown (name, show.out);
      /* Keep the preset's kind of limit, made short: a task count stays a count. */
      if (preset->knob_given[PS_KNOB_DURATION])
        {
          const char *args[] = { "run", "--preset", name, "--duration", "60ms", "--warmup-time",
                                 "0", "--format", "json", NULL };
          run_cli (&run, args, home.env);
        }
      else
        {
          const char *args[] = { "run", "--preset", name, "--tasks", "24", "--warmup", "0",
                                 "--format", "json", NULL };
          run_cli (&run, args, home.env);
        }
      g_test_message ("preset %s: exit %d", name, run.status);
      g_assert_cmpint (run.status, ==, 0);
      json_parser_load_from_data (parser, run.out, -1, &error);
      g_assert_no_error (error);
      results = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                              "results");
      g_assert_cmpuint (json_array_get_length (results), ==, preset->scenario.n_strategies);
      for (guint j = 0; j < json_array_get_length (results); j++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, j),
                                                     "tasks_completed"), >, 0);
    }
}

static void
assert_cli (const Home *home, int status, const char *const *args, CliResult *out)
{
  run_cli (out, args, home->env);
  g_assert_cmpint (out->status, ==, status);
}

static void
test_user_lifecycle (void)
{
  g_auto (Home) home = { 0 };
  g_auto (CliResult) save = { 0 }, again = { 0 }, list = { 0 }, show = { 0 }, exported = { 0 },
                     duplicate = { 0 }, rename = { 0 }, renamed_show = { 0 }, old_show = { 0 },
                     remove = { 0 }, builtin_remove = { 0 }, import = { 0 }, imported = { 0 };
  g_autofree char *file = NULL;
  g_autoptr (PsPreset) preset = NULL;

  home_init (&home);
  file = g_build_filename (home.dir, "shared.json", NULL);
  {
    const char *args[] = { "presets", "save", "mine", "--threads", "3", "--payload", "8KiB",
                           "--strategy", "single,queue", "--title", "Mine", NULL };
    assert_cli (&home, 0, args, &save);
  }
  {
    /* The same name again is refused, and the first one stays. */
    const char *args[] = { "presets", "save", "mine", "--threads", "5", NULL };
    assert_cli (&home, 2, args, &again);
    assert_one_line (again.err);
  }
  {
    const char *args[] = { "presets", "list", NULL };
    assert_cli (&home, 0, args, &list);
    g_assert_nonnull (strstr (list.out, "mine "));
    g_assert_nonnull (strstr (list.out, " user "));
  }
  {
    const char *args[] = { "presets", "show", "mine", NULL };
    assert_cli (&home, 0, args, &show);
    preset = load_shown ("mine", show.out);
    g_assert_cmpuint (preset->scenario.threads, ==, 3);
    g_assert_cmpuint (preset->scenario.payload_bytes, ==, 8192);
    g_assert_cmpuint (preset->scenario.n_strategies, ==, 2);
    g_assert_cmpstr (preset->title, ==, "Mine");
  }
  {
    const char *args[] = { "presets", "export", "mine", file, NULL };
    assert_cli (&home, 0, args, &exported);
    g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
  }
  {
    const char *args[] = { "presets", "duplicate", "mine", "mine-too", NULL };
    assert_cli (&home, 0, args, &duplicate);
  }
  {
    const char *args[] = { "presets", "rename", "mine-too", "theirs", NULL };
    const char *show_new[] = { "presets", "show", "theirs", NULL };
    const char *show_old[] = { "presets", "show", "mine-too", NULL };
    assert_cli (&home, 0, args, &rename);
    assert_cli (&home, 0, show_new, &renamed_show);
    assert_cli (&home, 2, show_old, &old_show);
  }
  {
    const char *args[] = { "presets", "delete", "mine", NULL };
    const char *builtin[] = { "presets", "delete", "openworkers-standard", NULL };
    assert_cli (&home, 0, args, &remove);
    /* A built-in cannot be deleted: one line saying so. */
    assert_cli (&home, 2, builtin, &builtin_remove);
    assert_one_line (builtin_remove.err);
  }
  {
    /* The exported file comes back in under its own name. */
    const char *args[] = { "presets", "import", file, NULL };
    const char *show_args[] = { "presets", "show", "mine", NULL };
    assert_cli (&home, 0, args, &import);
    assert_cli (&home, 0, show_args, &imported);
    g_assert_cmpstr (imported.out, ==, show.out);
  }
}

static guint64
json_scenario_threads (const char *report_json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, report_json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return (guint64) json_object_get_int_member (json_object_get_object_member (root, "scenario"),
                                               "threads");
}

/* Later options win over the preset; the preset wins over earlier ones. */
static void
test_override_order (void)
{
  g_auto (Home) home = { 0 };
  g_auto (CliResult) save = { 0 }, after = { 0 }, before = { 0 };
  const char *save_args[] = { "presets", "save", "four", "--threads", "4", "--strategy",
                              "single,queue", NULL };
  const char *after_args[] = { "run", "--preset", "four", "--threads", "3", "--tasks", "50",
                               "--warmup", "0", "--format", "json", NULL };
  const char *before_args[] = { "run", "--threads", "3", "--preset", "four", "--tasks", "50",
                                "--warmup", "0", "--format", "json", NULL };

  home_init (&home);
  assert_cli (&home, 0, save_args, &save);
  assert_cli (&home, 0, after_args, &after);
  g_assert_cmpuint (json_scenario_threads (after.out), ==, 3);
  assert_cli (&home, 0, before_args, &before);
  g_assert_cmpuint (json_scenario_threads (before.out), ==, 4);
}

static void
test_broken_preset_file (void)
{
  g_auto (Home) home = { 0 };
  g_autofree char *path = NULL;
  static const char *const bodies[] = {
    "{\"schema_version\": 2, \"name\": \"x\", \"strategies\": [\"single\"], "
    "\"knobs\": {\"threads\": \"0\"}}",
    "{\"schema_version\": 2, \"name\": \"x\"",
    "{\"schema_version\": 7, \"name\": \"x\", \"strategies\": [\"single\"]}",
  };

  home_init (&home);
  path = g_build_filename (home.dir, "broken.json", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_auto (CliResult) r = { 0 };
      const char *args[] = { "run", "--preset", path, NULL };

      g_assert_true (g_file_set_contents (path, bodies[i], -1, NULL));
      assert_cli (&home, 2, args, &r);
      g_assert_cmpstr (r.out, ==, "");
      assert_one_line (r.err);
      g_assert_nonnull (strstr (r.err, path));
    }
}

static void
test_results_reopen_to_same_table (void)
{
  g_auto (Home) home = { 0 };
  g_auto (CliResult) run = { 0 };
  g_autofree char *path = NULL;
  g_autoptr (PsResultsFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *table = NULL;

  home_init (&home);
  path = g_build_filename (home.dir, "results.json", NULL);
  {
    const char *args[] = { "run", "--strategy", "single,queue", "--duration", "300ms",
                           "--work", "5us", "--output", path, NULL };
    assert_cli (&home, 0, args, &run);
  }
  file = ps_results_file_load (path, &error);
  g_assert_no_error (error);
  table = ps_report_to_table (file->report);
  g_assert_cmpstr (table, ==, run.out);
  /* The live samples came along, each of a strategy the run had. */
  g_assert_cmpuint (file->samples->len, >, 0);
  for (guint i = 0; i < file->samples->len; i++)
    g_assert_cmpuint (g_array_index (file->samples, PsSample, i).strategy, <, 2);
  g_assert_cmpstr (file->host, ==, g_get_host_name ());
}

static void
test_results_output_refused (void)
{
  g_auto (Home) home = { 0 };
  g_auto (CliResult) exists = { 0 }, unwritable = { 0 };
  g_autofree char *path = NULL, *missing_dir = NULL, *contents = NULL;

  home_init (&home);
  path = g_build_filename (home.dir, "kept.json", NULL);
  missing_dir = g_build_filename (home.dir, "no-such-folder", "results.json", NULL);
  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  {
    const char *args[] = { "run", "--tasks", "50", "--output", path, NULL };
    assert_cli (&home, 2, args, &exists);
    assert_one_line (exists.err);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "precious");
  }
  {
    /* The run's table is still printed; the failure to save is one line and exit 1. */
    const char *args[] = { "run", "--tasks", "50", "--output", missing_dir, NULL };
    assert_cli (&home, 1, args, &unwritable);
    g_assert_nonnull (strstr (unwritable.out, "tasks/s"));
    assert_one_line (unwritable.err);
    g_assert_nonnull (strstr (unwritable.err, "not saved"));
    g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  }
}

/* The bundle has every file; its samples.csv holds the very numbers of its results file, written
 * with a dot under a decimal-comma locale; a second export into the same folder is refused
 * without --force and leaves the first whole. */
static void
test_export_bundle (void)
{
  g_auto (Home) home = { 0 };
  g_auto (CliResult) run = { 0 }, again = { 0 };
  g_autofree char *dir = NULL, *csv = NULL, *readme_before = NULL, *readme_after = NULL;
  g_autofree char *results_path = NULL, *readme = NULL;
  g_autoptr (PsResultsFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = ps_bundle_run_files ();
  g_auto (GStrv) lines = NULL;
  const char *env[] = { "XDG_DATA_HOME", NULL, "LC_ALL", "de_DE.UTF-8", NULL };

  home_init (&home);
  env[1] = home.dir;
  dir = g_build_filename (home.dir, "bundle", NULL);
  {
    const char *args[] = { "run", "--strategy", "single,queue", "--duration", "300ms",
                           "--export", dir, NULL };
    run_cli (&run, args, env);
    g_assert_cmpint (run.status, ==, 0);
  }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_test_message ("%s", names[i]);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }

  results_path = g_build_filename (dir, "results.json", NULL);
  file = ps_results_file_load (results_path, &error);
  g_assert_no_error (error);
  readme = g_build_filename (dir, "samples.csv", NULL);
  g_assert_true (g_file_get_contents (readme, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  /* A header, one row per sample, and the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, file->samples->len + 2);
  for (guint i = 0; i < file->samples->len; i++)
    {
      const PsSample *sample = &g_array_index (file->samples, PsSample, i);
      g_auto (GStrv) fields = g_strsplit (lines[i + 1], ",", -1);

      /* name, t_s, strategy_index, …: throughput is the ninth field. */
      g_assert_cmpstr (fields[0], ==, file->report->scenario.strategies[sample->strategy].name);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[1], NULL), sample->t_s,
                                      1e-9 * MAX (1, sample->t_s));
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[8], NULL), sample->throughput_per_s,
                                      1e-9 * MAX (1, sample->throughput_per_s));
    }

  g_clear_pointer (&readme, g_free);
  readme = g_build_filename (dir, "README.md", NULL);
  g_assert_true (g_file_get_contents (readme, &readme_before, NULL, NULL));
  {
    const char *args[] = { "run", "--tasks", "50", "--export", dir, NULL };
    run_cli (&again, args, env);
    g_assert_cmpint (again.status, ==, 2);
    assert_one_line (again.err);
  }
  g_assert_true (g_file_get_contents (readme, &readme_after, NULL, NULL));
  g_assert_cmpstr (readme_after, ==, readme_before);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_test_init (argc, argv);

  g_test_add_func ("/cli/presets/built-ins-listed-and-valid", test_built_ins_listed_and_valid);
  /* Registered only for the 'presets-run' test (see tests/app/cli/meson.build): 40 runs. */
  if (g_getenv ("POOLSCOPE_TEST_BUILT_INS_RUN") != NULL)
    g_test_add_func ("/cli/presets/built-ins-run", test_built_ins_run);
  g_test_add_func ("/cli/presets/user-lifecycle", test_user_lifecycle);
  g_test_add_func ("/cli/presets/override-order", test_override_order);
  g_test_add_func ("/cli/presets/broken-file", test_broken_preset_file);
  g_test_add_func ("/cli/results/reopen-to-same-table", test_results_reopen_to_same_table);
  g_test_add_func ("/cli/results/output-refused", test_results_output_refused);
  g_test_add_func ("/cli/results/export-bundle", test_export_bundle);
  return g_test_run ();
}
