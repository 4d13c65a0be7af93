/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dbus.c: the real `poolscope` driven as a script would drive it: `--run` starts a run at
 * once, and the window's actions are reachable over D-Bus (org.gtk.Actions on the window's object
 * path), so a script can see that it runs and stop it, and start and stop a sweep. Runs under Xvfb in its own session bus. */
#include <gio/gio.h>

#define BUS_NAME "org.poolscope.Poolscope"
#define APP_PATH "/org/poolscope/Poolscope"
#define WINDOW_PATH APP_PATH "/window/1"
#define WAIT_US (60 * G_USEC_PER_SEC)
/* A call waits as long as the whole test would: under AddressSanitizer, on 2 cores shared with
 * other suites, the window's main loop once took more than 5 s to answer (CI, 2026-12-01). */
#define CALL_TIMEOUT_MS ((int) (WAIT_US / 1000))

static char *app_path;

/* Whether the window action @name is enabled right now. */
static gboolean
action_enabled (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    bus, BUS_NAME, WINDOW_PATH, "org.gtk.Actions", "Describe", g_variant_new ("(s)", name),
    G_VARIANT_TYPE ("((bgav))"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  gboolean enabled = FALSE;

  if (reply == NULL)
    return FALSE; /* not exported yet */
  g_variant_get (reply, "((b@g@av))", &enabled, NULL, NULL);
  return enabled;
}

/* Activates @name, with @parameter (floating, nullable) when the action takes one. */
static void
activate (GDBusConnection *bus,
          const char      *path,
          const char      *name,
          GVariant        *parameter)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariantBuilder) parameters = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  g_autoptr (GVariant) reply = NULL;

  if (parameter != NULL)
    g_variant_builder_add (parameters, "v", parameter);
  reply = g_dbus_connection_call_sync (
    bus, BUS_NAME, path, "org.gtk.Actions", "Activate",
    g_variant_new ("(sava{sv})", name, parameters, NULL), NULL, G_DBUS_CALL_FLAGS_NONE,
    CALL_TIMEOUT_MS, NULL, &error);

  g_assert_no_error (error);
}

/* Spins the default context until @name's enabled state is @enabled, or fails after WAIT_US. */
static void
wait_for_action (GDBusConnection *bus,
                 const char      *name,
                 gboolean         enabled)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  while (action_enabled (bus, name) != enabled)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
}

static void
test_run_and_stop (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (GSubprocess) app = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, app_path,
                                                  "--run", NULL);
  g_assert_no_error (error);

  /* --run: the window comes up running (Stop enabled, Run not) without anyone clicking. */
  wait_for_action (bus, "stop", TRUE);
  g_assert_false (action_enabled (bus, "run"));

  /* A script stops it the way the Stop button does. */
  activate (bus, WINDOW_PATH, "stop", NULL);
  wait_for_action (bus, "run", TRUE);
  g_assert_false (action_enabled (bus, "stop"));

  /* The Sweep view's sweep, started and stopped the same way; Run waits while it measures. */
  activate (bus, WINDOW_PATH, "show-view", g_variant_new_string ("sweep"));
  activate (bus, WINDOW_PATH, "sweep", NULL);
  wait_for_action (bus, "stop", TRUE);
  g_assert_false (action_enabled (bus, "run"));
  g_assert_false (action_enabled (bus, "sweep"));
  activate (bus, WINDOW_PATH, "stop", NULL);
  wait_for_action (bus, "sweep", TRUE);
  g_assert_true (action_enabled (bus, "run"));

  activate (bus, APP_PATH, "quit", NULL);
  g_assert_true (g_subprocess_wait (app, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (app));
  g_assert_cmpint (g_subprocess_get_exit_status (app), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* meson passes the built poolscope. */
  g_assert_cmpint (argc, >, 1);
  app_path = argv[1];
  g_test_add_func ("/ui/dbus/run-and-stop", test_run_and_stop);
  return g_test_run ();
}
