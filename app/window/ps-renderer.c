/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-renderer.c: choosing GSK's renderer before the first window is shown.
 *
 * GTK draws with OpenGL by default. Where OpenGL is a software rasteriser (Mesa's llvmpipe on a
 * VM, under Xvfb, on many remote desktops), a full repaint of the window cost 50 ms on an idle
 * 2-core machine and 85-95 ms while a run took half the CPU: 10-11 frames per second. GTK's cairo
 * renderer repaints the same window in a few ms there and holds 60 fps. So when the GL driver is
 * a software one, and the person has not chosen with GSK_RENDERER, Poolscope asks for cairo. A
 * real GPU keeps GL. */
#define G_LOG_DOMAIN "poolscope"

#include "config.h"

#include <epoxy/gl.h>
#include <string.h>

#include "ps-renderer.h"

/**
 * ps_renderer_is_software_gl:
 * @gl_renderer: the driver's GL_RENDERER string, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
 *
 * Returns: whether it names one of Mesa's software rasterisers
 */
gboolean
ps_renderer_is_software_gl (const char *gl_renderer)
{
  static const char *const software[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer" };

  if (gl_renderer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (gl_renderer, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Returns: (transfer full) (nullable): the GL_RENDERER string of a context on @display. */
static char *
dup_gl_renderer (GdkDisplay *display)
{
  g_autoptr (GdkGLContext) context = NULL;
  g_autoptr (GError) error = NULL;
  char *name;

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No GL context to probe: %s", error != NULL ? error->message : "unknown");
      return NULL;
    }
  gdk_gl_context_make_current (context);
  name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  return name;
}

/**
 * ps_renderer_choose:
 * @display: the display the windows will be on
 *
 * Asks GSK for its cairo renderer when OpenGL here is a software rasteriser, unless
 * GSK_RENDERER already says what the person wants. Call before the first window is realized:
 * GSK reads the variable when it makes its first renderer.
 *
 * Returns: the renderer chosen: the person's GSK_RENDERER, "cairo" or "gl"
 */
const char *
ps_renderer_choose (GdkDisplay *display)
{
  const char *chosen = g_getenv ("GSK_RENDERER");
  g_autofree char *gl = NULL;

  if (chosen != NULL && *chosen != '\0')
    return chosen;
  gl = dup_gl_renderer (display);
  if (gl == NULL || ps_renderer_is_software_gl (gl))
    {
      g_debug ("GL is %s: drawing with cairo", gl != NULL ? gl : "unavailable");
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      return "cairo";
    }
  g_debug ("GL is %s: drawing with GL", gl);
  return "gl";
}
