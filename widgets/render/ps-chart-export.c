/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-export.c: atomic PNG/SVG/PDF export through the one renderer.
 *
 * The file is written to a temporary name in the same directory and renamed over the target only
 * once cairo reports success, so a failed or interrupted export never leaves a truncated figure
 * where a good one (or nothing) used to be.
 */
#define G_LOG_DOMAIN "ps-chart-export"

#include "ps-chart-export.h"
#include "ps-chart-render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  int fd;
  int saved_errno; /* the first write error, for the message */
} Sink;

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          sink->saved_errno = n < 0 ? errno : ENOSPC;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

/**
 * ps_chart_format_from_path:
 * @path: a file name
 * @format: (out): the format its extension names
 *
 * Returns: %FALSE when the extension is not .png, .svg or .pdf
 */
gboolean
ps_chart_format_from_path (const char    *path,
                           PsChartFormat *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = PS_CHART_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = PS_CHART_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = PS_CHART_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

/**
 * ps_chart_path_with_format:
 * @path: a file name, with or without an extension
 * @format: the format chosen
 *
 * Gives @path the extension of @format: a chart extension it has (.png, .svg, .pdf) is replaced,
 * anything else kept and the extension appended, so "report" becomes "report.svg" and
 * "chart.png" becomes "chart.svg".
 *
 * Returns: (transfer full): the new path
 */
char *
ps_chart_path_with_format (const char   *path,
                           PsChartFormat format)
{
  static const char *const extensions[] = { ".png", ".svg", ".pdf" };
  PsChartFormat had;
  gsize keep = strlen (path);

  if (ps_chart_format_from_path (path, &had))
    keep -= 4;
  return g_strdup_printf ("%.*s%s", (int) keep, path, extensions[format]);
}

static cairo_status_t
draw_to_sink (const PsChartModel *model, const PsChartStyle *style, PsChartFormat format,
              int width, int height, double scale, Sink *sink)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (format == PS_CHART_FORMAT_PNG)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width * scale + 0.5),
                                          (int) (height * scale + 0.5));
  else if (format == PS_CHART_FORMAT_SVG)
    surface = cairo_svg_surface_create_for_stream (sink_write, sink, width, height);
  else
    surface = cairo_pdf_surface_create_for_stream (sink_write, sink, width, height);

  cr = cairo_create (surface);
  /* Vector output is resolution-free; only the raster needs the device scale. */
  if (format == PS_CHART_FORMAT_PNG)
    cairo_scale (cr, scale, scale);
  ps_chart_render (model, cr, width, height, style, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == PS_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, sink_write, sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

/**
 * ps_chart_render_to_file_with_style:
 * @model: the chart
 * @style: colours and fonts; the title and subtitle are drawn whatever @style says
 * @path: the file to write
 * @format: PNG, SVG or PDF
 * @width: the width in logical pixels (points for SVG/PDF)
 * @height: the height
 * @scale: the PNG's pixels per logical pixel (1 or 2); ignored for vector formats
 * @error: return location for a #GError in the %G_FILE_ERROR or %G_IO_ERROR domain
 *
 * Renders @model exactly as on screen, with its title and subtitle (the scenario) above, and
 * replaces @path atomically.
 *
 * Returns: %TRUE on success; on failure @path is untouched and no temporary file is left
 */
gboolean
ps_chart_render_to_file_with_style (const PsChartModel *model,
                                    const PsChartStyle *style,
                                    const char         *path,
                                    PsChartFormat       format,
                                    int                 width,
                                    int                 height,
                                    double              scale,
                                    GError            **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
  PsChartStyle export_style = *style;
  Sink sink = { -1, 0 };
  cairo_status_t status;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (width < 16 || height < 16 || width > 16384 || height > 16384 || !(scale >= 0.5) ||
      scale > 4)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "Cannot export “%s”: a size of %d×%d at scale %g is out of range", display,
                   width, height, scale);
      return FALSE;
    }

  tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  sink.fd = g_mkstemp_full (tmp_path, O_WRONLY, 0644);
  if (sink.fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot write “%s”: %s", display, g_strerror (saved));
      return FALSE;
    }

  export_style.draw_title = TRUE;
  export_style.draw_background = TRUE;
  status = draw_to_sink (model, &export_style, format, width, height, scale, &sink);

  if (status == CAIRO_STATUS_SUCCESS && fsync (sink.fd) != 0)
    sink.saved_errno = errno, status = CAIRO_STATUS_WRITE_ERROR;
  if (close (sink.fd) != 0 && status == CAIRO_STATUS_SUCCESS)
    sink.saved_errno = errno, status = CAIRO_STATUS_WRITE_ERROR;

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp_path);
      if (sink.saved_errno != 0)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (sink.saved_errno),
                     "Cannot write “%s”: %s", display, g_strerror (sink.saved_errno));
      else
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Cannot draw “%s”: %s", display,
                     cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot write “%s”: %s", display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * ps_chart_render_to_file:
 * @model: the chart
 * @path: the file to write
 * @format: PNG, SVG or PDF
 * @width: the width in logical pixels
 * @height: the height
 * @scale: the PNG's pixels per logical pixel (1 or 2)
 * @error: return location for a #GError
 *
 * Exports @model in the light Adwaita style; see ps_chart_render_to_file_with_style().
 *
 * Returns: %TRUE on success
 */
gboolean
ps_chart_render_to_file (const PsChartModel *model,
                         const char         *path,
                         PsChartFormat       format,
                         int                 width,
                         int                 height,
                         double              scale,
                         GError            **error)
{
  PsChartStyle style;

  ps_chart_style_init (&style, FALSE);
  return ps_chart_render_to_file_with_style (model, &style, path, format, width, height, scale,
                                             error);
}
