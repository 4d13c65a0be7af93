/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-cli.c: `poolscope-cli sweep` as a user runs it: exit codes, one-line errors, and
 * output that parses. The binary is found next to the test's build directory. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  int status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* The poolscope-cli under test: meson passes it as the first argument. */
static char *cli_path;

/* Runs poolscope-cli with "sweep" and @args (NULL-terminated). */
static void
run_cli (CliRun *run, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, cli_path);
  g_ptr_array_add (argv, (char *) "sweep");
  for (unsigned i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
assert_usage_error (const char *const *args, const char *fragment)
{
  CliRun run = { 0 };

  run_cli (&run, args);
  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  /* One clear line. */
  g_assert_nonnull (strstr (run.err, fragment));
  g_assert_cmpint (strchr (run.err, '\n') - run.err, ==, (long) strlen (run.err) - 1);
  cli_run_clear (&run);
}

static void
test_bad_arguments (void)
{
  const char *reversed[] = { "--vary", "payload", "--from", "1MiB", "--to", "64B", NULL };
  const char *zero[] = { "--vary", "payload", "--from", "64B", "--to", "1MiB", "--points", "0",
                         NULL };
  const char *unknown[] = { "--vary", "nonesuch", "--from", "1", "--to", "8", NULL };
  const char *fresh[] = { "--vary", "isolates", "--from", "1", "--to", "8", "--strategy",
                          "single,spawn", NULL };
  const char *batch[] = { "--vary", "batch-size", "--from", "1", "--to", "64", "--strategy",
                          "single,queue", NULL };
  const char *unsweepable[] = { "--vary", "seed", "--from", "1", "--to", "8", NULL };
  const char *bad_unit[] = { "--vary", "payload", "--from", "12parsecs", "--to", "1MiB", NULL };
  const char *no_vary[] = { "--from", "64B", "--to", "1MiB", NULL };
  const char *bad_ci[] = { "--vary", "payload", "--from", "64B", "--to", "1MiB", "--ci", "lots",
                           NULL };
  const char *swept_twice[] = { "--vary", "payload", "--from", "64B", "--to", "1MiB",
                                "--payload", "4KiB", NULL };
  const char *bad_ref[] = { "--vary", "payload", "--from", "64B", "--to", "1MiB", "--reference",
                            "nonesuch", NULL };

  assert_usage_error (reversed, "reversed");
  assert_usage_error (zero, "points");
  assert_usage_error (unknown, "unknown knob");
  assert_usage_error (fresh, "spawn");
  assert_usage_error (batch, "batch");
  assert_usage_error (unsweepable, "cannot be swept");
  assert_usage_error (bad_unit, "from");
  assert_usage_error (no_vary, "--vary");
  assert_usage_error (bad_ci, "--ci");
  assert_usage_error (swept_twice, "payload");
  assert_usage_error (bad_ref, "nonesuch");
}

static JsonObject *
member_object (JsonObject *o, const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return json_object_get_object_member (o, name);
}

static void
check_break_even (JsonArray *break_even)
{
  for (unsigned i = 0; i < json_array_get_length (break_even); i++)
    {
      JsonObject *c = json_array_get_object_element (break_even, i);
      const char *direction = json_object_get_string_member (c, "direction");

      g_assert_nonnull (json_object_get_string_member (c, "strategy"));
      g_assert_cmpstr (json_object_get_string_member (c, "reference"), ==, "single");
      g_assert_cmpfloat (json_object_get_double_member (c, "x_low"), <=,
                         json_object_get_double_member (c, "x"));
      g_assert_cmpfloat (json_object_get_double_member (c, "x"), <=,
                         json_object_get_double_member (c, "x_high"));
      g_assert_true (g_str_equal (direction, "above") || g_str_equal (direction, "below"));
      g_assert_cmpint (json_object_get_int_member (c, "extra_points"), <=, 6);
    }
}

static void
check_points (JsonArray *results)
{
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  for (unsigned s = 0; s < 2; s++)
    {
      JsonObject *series = json_array_get_object_element (results, s);
      JsonArray *points = json_object_get_array_member (series, "points");

      g_assert_cmpuint (json_array_get_length (points), >=, 3);
      for (unsigned p = 0; p < json_array_get_length (points); p++)
        {
          JsonObject *pt = json_array_get_object_element (points, p);
          double mean = json_object_get_double_member (pt, "mean_s_per_task");

          g_assert_cmpfloat (mean, >, 0);
          g_assert_cmpfloat (json_object_get_double_member (pt, "ci_low"), <=, mean);
          g_assert_cmpfloat (json_object_get_double_member (pt, "ci_high"), >=, mean);
          g_assert_cmpint (json_object_get_int_member (pt, "reps"), >=, 3);
          g_assert_cmpint (json_object_get_int_member (pt, "reps"), <=, 3);
          g_assert_cmpint (json_object_get_int_member (member_object (pt, "result"),
                                                       "tasks_completed"),
                           >, 0);
        }
    }
}

static void
test_json (void)
{
  if (g_test_subprocess ())
    {
      const char *args[] = { "--vary", "payload", "--from", "64B", "--to", "256KiB",
                             "--points", "3", "--strategy", "single,queue", "--ci", "20%",
                             "--max-reps", "3", "--rep-time", "10ms", "--format", "json",
                             /* The JSON's shape is the subject: a hot source spares each child
                              * process building 64 MiB of cold input (3-4x slower under
                              * ThreadSanitizer, which once pushed this suite past its timeout). */
                             "--payload-source", "hot", NULL };
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      CliRun run = { 0 };
      JsonObject *root, *sweep;

      run_cli (&run, args);
      g_test_message ("stderr: %s", run.err);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.err, "point 1/6"));
      json_parser_load_from_data (parser, run.out, -1, &error);
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==, 1);
      member_object (root, "scenario");
      member_object (root, "machine");
      sweep = member_object (root, "sweep");
      g_assert_cmpstr (json_object_get_string_member (sweep, "knob"), ==, "payload");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sweep, "values")),
                        ==, 3);
      check_points (json_object_get_array_member (root, "results"));
      check_break_even (json_object_get_array_member (root, "break_even"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "fits")), ==,
                        2);
      cli_run_clear (&run);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_csv_and_table (void)
{
  if (g_test_subprocess ())
    {
      /* The output formats, not the source: a hot one spares every child building 64 MiB. */
      const char *csv[] = { "--vary", "threads", "--values", "1,2", "--strategy", "single,queue",
                            "--ci", "20%", "--max-reps", "3", "--rep-time", "10ms", "--format",
                            "csv", "--payload-source", "hot", NULL };
      const char *table[] = { "--vary", "work", "--from", "1us", "--to", "100us", "--points",
                              "2", "--strategy", "single,pinned", "--ci", "20%", "--max-reps",
                              "3", "--rep-time", "10ms", "--payload-source", "hot", NULL };
      CliRun run = { 0 };

      run_cli (&run, csv);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_str_has_prefix (run.out, "kind,strategy,reference,x,"));
      g_assert_nonnull (strstr (run.out, "\npoint,queue,single,2,"));
      cli_run_clear (&run);

      run_cli (&run, table);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Break-even against single"));
      g_assert_nonnull (strstr (run.out, "pinned"));
      cli_run_clear (&run);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Every repetition runs in a fresh `poolscope-cli run` by default: that child must run the
 * sweep's scenario, knob for knob, not its own defaults. A 3 KiB copied payload (the default is
 * 4 KiB) and the swept payload must both show in what each point copied. */
static void
test_fresh_process_knobs (void)
{
  if (g_test_subprocess ())
    {
      const char *args[] = { "--vary", "work", "--values", "2us,4us", "--strategy",
                             "single,queue", "--payload", "3KiB", "--transfer", "copy",
                             "--tenants", "3", "--ci", "50%", "--max-reps", "3", "--rep-time",
                             "5ms", "--format", "json", "--payload-source", "hot", NULL };
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      CliRun run = { 0 };

      run_cli (&run, args);
      g_test_message ("stderr: %s", run.err);
      g_assert_cmpint (run.status, ==, 0);
      json_parser_load_from_data (parser, run.out, -1, &error);
      g_assert_no_error (error);
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      JsonArray *results = json_object_get_array_member (root, "results");
      guint n_points = 0;
      for (guint s = 0; s < json_array_get_length (results); s++)
        {
          JsonArray *points = json_object_get_array_member (
            json_array_get_object_element (results, s), "points");
          for (guint p = 0; p < json_array_get_length (points); p++)
            {
              JsonObject *result = json_object_get_object_member (
                json_array_get_object_element (points, p), "result");
              gint64 tasks = json_object_get_int_member (result, "tasks_completed");
              gint64 copied = json_object_get_int_member (result, "bytes_copied");

              g_assert_cmpint (tasks, >, 0);
              g_assert_cmpint (copied, ==, tasks * 3072);
              n_points++;
            }
        }
      g_assert_cmpuint (n_points, ==, 4);
      cli_run_clear (&run);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* meson passes the built binary; a trapped subprocess gets no arguments of ours, so it finds
   * the build tree's app/cli/ from G_TEST_BUILDDIR (the build's tests/ folder). */
  if (argc > 1)
    cli_path = g_strdup (argv[1]);
  else
    cli_path = g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "poolscope-cli", NULL);
  g_test_add_func ("/sweep/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/sweep/cli/json", test_json);
  g_test_add_func ("/sweep/cli/csv-and-table", test_csv_and_table);
  g_test_add_func ("/sweep/cli/fresh-process-knobs", test_fresh_process_knobs);
  return g_test_run ();
}
