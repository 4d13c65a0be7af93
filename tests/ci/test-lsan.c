/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lsan.c: proves that LeakSanitizer, with the options and suppressions CI uses
 * (.ci/lsan.supp), still reports leaks of our own code: a child process leaks on purpose and must
 * fail with a report that names the leaking function. Library-wide suppressions (leak:libcairo.so)
 * or GSlice (GObjects carved out of slabs LSan cannot see) would make these tests fail.
 * Built only under -Db_sanitize=address (tests/ci/meson.build). */
#include <cairo.h>
#include <glib-object.h>
#include <string.h>

/* Not inlined, so the leaking function is a frame of the allocation's stack. The pointer is
 * returned through a volatile sink and then overwritten, so no stack slot or register still
 * reaches the object when LSan looks at exit. */
static gpointer volatile sink;

G_GNUC_NO_INLINE static void
ps_ci_leak_a_gobject (void)
{
  sink = g_object_new (G_TYPE_OBJECT, NULL);
  sink = NULL;
}

G_GNUC_NO_INLINE static void
ps_ci_leak_a_cairo_surface (void)
{
  sink = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  sink = NULL;
}

static void
check_leak_reported (void (*leak) (void), const char *function)
{
  if (g_test_subprocess ())
    {
      leak ();
      return; /* LeakSanitizer runs when the child exits, and must make it fail. */
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*ERROR: LeakSanitizer: detected memory leaks*");
  g_autofree char *pattern = g_strdup_printf ("*Direct leak of * allocated from:*%s*", function);
  g_test_trap_assert_stderr (pattern);
}

static void
test_gobject_leak_reported (void)
{
  check_leak_reported (ps_ci_leak_a_gobject, "ps_ci_leak_a_gobject");
}

static void
test_cairo_surface_leak_reported (void)
{
  check_leak_reported (ps_ci_leak_a_cairo_surface, "ps_ci_leak_a_cairo_surface");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Without the suppressions CI uses, this proves nothing about them. */
  const char *lsan = g_getenv ("LSAN_OPTIONS");
  if (lsan == NULL || strstr (lsan, "lsan.supp") == NULL)
    g_error ("LSAN_OPTIONS must name .ci/lsan.supp as CI does (got %s)", lsan ? lsan : "nothing");
  if (g_strcmp0 (g_getenv ("G_SLICE"), "always-malloc") != 0)
    g_error ("G_SLICE must be always-malloc, or LeakSanitizer cannot see leaked GObjects");

  g_test_add_func ("/ci/lsan/gobject-leak-reported", test_gobject_leak_reported);
  g_test_add_func ("/ci/lsan/cairo-surface-leak-reported", test_cairo_surface_leak_reported);
  return g_test_run ();
}
