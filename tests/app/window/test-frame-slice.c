/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-frame-slice.c: the short time slice the window's thread asks for stays with that thread.
 * Threads inherit a custom slice unless the request says otherwise, and the engine's workers,
 * started later from that thread, must run as they do under the command-line tool. Kernels
 * before 6.12 report no slice (sched_runtime 0 for normal threads): then only the inheritance
 * is checked, which holds trivially there, as it does where sched_setattr is refused. */
#define G_LOG_DOMAIN "test-frame-slice"

#include <glib.h>

#include "ps-frame-slice.h"

static guint64
current_slice_ns (void)
{
  guint64 slice = 0;

  g_assert_true (ps_frame_slice_get (&slice));
  return slice;
}

static gpointer
report_slice (gpointer data)
{
  *(guint64 *) data = current_slice_ns ();
  return NULL;
}

static guint64
new_thread_slice_ns (void)
{
  guint64 slice = G_MAXUINT64;

  g_thread_join (g_thread_new ("slice-probe", report_slice, &slice));
  return slice;
}

static void
test_not_inherited (void)
{
  guint64 default_slice = new_thread_slice_ns ();

  gboolean taken = ps_frame_slice_request (PS_FRAME_SLICE_NS);

  if (!taken)
    g_test_message ("the kernel refused sched_setattr (a seccomp filter?): nothing changed");
  else if (default_slice != 0)
    g_assert_cmpuint (current_slice_ns (), ==, PS_FRAME_SLICE_NS);
  else
    g_test_message ("this kernel reports no time slices");
  g_assert_cmpuint (new_thread_slice_ns (), ==, default_slice);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/window/frame-slice/not-inherited", test_not_inherited);
  return g_test_run ();
}
