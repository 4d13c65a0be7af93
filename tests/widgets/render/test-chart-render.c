/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chart-render.c: pixels, decimation, awkward data and export, all without a display. */
#define G_LOG_DOMAIN "test-chart-render"

#include "chart-fixtures.h"
#include "ps-chart-decimate.h"
#include "ps-chart-export.h"
#include "ps-chart-render.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  cairo_surface_t *surface;
  PsChartLayout layout;
} Image;

static void
image_clear (Image *image)
{
  g_clear_pointer (&image->surface, cairo_surface_destroy);
}

static void
render_image (Image *image, const PsChartModel *model, int width, int height,
              const PsChartStyle *style)
{
  cairo_t *cr;

  image->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (image->surface);
  ps_chart_render (model, cr, width, height, style, &image->layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (image->surface);
}

/* Returns the pixel at (x, y) as 0xRRGGBB (the background is opaque, so alpha is 255). */
static guint32
pixel_at (const Image *image, int x, int y)
{
  const guint8 *data = cairo_image_surface_get_data (image->surface);
  int stride = cairo_image_surface_get_stride (image->surface);

  return *(const guint32 *) (data + y * stride + x * 4) & 0xffffff;
}

static guint
colour_distance (guint32 a, const PsChartRgba *rgba)
{
  int r = (a >> 16) & 0xff, g = (a >> 8) & 0xff, b = a & 0xff;

  return (guint) (abs (r - (int) (rgba->red * 255)) + abs (g - (int) (rgba->green * 255)) +
                  abs (b - (int) (rgba->blue * 255)));
}

static void
test_known_line (void)
{
  g_autoptr (PsChartModel) model = ps_chart_model_new (PS_CHART_KIND_XY);
  PsChartStyle style;
  Image image = { 0 };
  guint s;

  ps_chart_style_init (&style, FALSE);
  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_X, 0, 10);
  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_Y, 0, 10);
  s = ps_chart_model_add_series (model, "diagonal");
  ps_chart_model_append (model, s, 0, 0);
  ps_chart_model_append (model, s, 10, 10);
  render_image (&image, model, 400, 300, &style);

  for (double v = 1; v < 10; v += 1.5)
    {
      int px = (int) floor (ps_chart_layout_x_to_px (&image.layout, v));
      int py = (int) floor (ps_chart_layout_y_to_px (&image.layout, v));

      /* The 2 px line covers the pixel it passes through with the series colour. */
      g_assert_cmpuint (colour_distance (pixel_at (&image, px, py), &style.series[0]), <, 60);
    }
  /* Well away from the line the plot shows the background (or a faint grid line). */
  {
    int px = (int) ps_chart_layout_x_to_px (&image.layout, 8.3);
    int py = (int) ps_chart_layout_y_to_px (&image.layout, 2.3);
    g_assert_cmpuint (colour_distance (pixel_at (&image, px, py), &style.background), <, 40);
  }
  image_clear (&image);
}

/* A trend over raw points: drawn in full colour over the raw series, which is faint, has no legend
 * entry of its own and comes and goes with its trend. */
static void
test_trend (void)
{
  g_autoptr (PsChartModel) model = ps_chart_model_new (PS_CHART_KIND_XY);
  PsChartStyle style;
  Image image = { 0 };
  guint raw, trend;

  ps_chart_style_init (&style, FALSE);
  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_X, 0, 10);
  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_Y, 0, 10);
  raw = ps_chart_model_add_series (model, "queue");
  ps_chart_model_append (model, raw, 0, 2);
  ps_chart_model_append (model, raw, 10, 2);
  trend = ps_chart_model_add_trend (model, raw);
  ps_chart_model_append (model, trend, 0, 8);
  ps_chart_model_append (model, trend, 10, 8);
  g_assert_cmpstr (ps_chart_model_get_series_name (model, trend), ==, "queue");
  render_image (&image, model, 400, 300, &style);

  g_assert_cmpuint (image.layout.n_legend, ==, 1);
  g_assert_cmpint (image.layout.legend_series[0], ==, trend);
  int px = (int) floor (ps_chart_layout_x_to_px (&image.layout, 5));
  guint trend_distance = colour_distance (
    pixel_at (&image, px, (int) floor (ps_chart_layout_y_to_px (&image.layout, 8))),
    &style.series[0]);
  guint raw_distance = colour_distance (
    pixel_at (&image, px, (int) floor (ps_chart_layout_y_to_px (&image.layout, 2))),
    &style.series[0]);
  g_test_message ("distance from the series colour: trend %u, raw %u", trend_distance,
                  raw_distance);
  g_assert_cmpuint (trend_distance, <, 60);
  g_assert_cmpuint (raw_distance, >, trend_distance + 60);
  image_clear (&image);

  ps_chart_model_set_series_visible (model, trend, FALSE);
  g_assert_false (ps_chart_model_get_series_visible (model, raw));
  ps_chart_model_set_series_visible (model, trend, TRUE);
  g_assert_true (ps_chart_model_get_series_visible (model, raw));
}

static void
test_layout_roundtrip (void)
{
  g_autoptr (PsChartModel) model = chart_fixture_sweep ();
  PsChartStyle style;
  Image image = { 0 };

  ps_chart_style_init (&style, FALSE);
  render_image (&image, model, 640, 400, &style);
  for (double x = 2048; x < 2e6; x *= 3)
    g_assert_cmpfloat_with_epsilon (
      ps_chart_layout_px_to_x (&image.layout, ps_chart_layout_x_to_px (&image.layout, x)) / x, 1,
      1e-9);
  g_assert_cmpuint (image.layout.n_legend, ==, 4);
  g_assert_cmpint (ps_chart_layout_legend_hit (&image.layout, image.layout.legend[1].x + 3,
                                               image.layout.legend[1].y + 3),
                   ==, 1);
  g_assert_cmpint (ps_chart_layout_legend_hit (&image.layout, 1, 1), ==, -1);
  image_clear (&image);
}

/* The decimated columns must equal a brute-force min/max per column exactly: buckets are only
 * used when they fall entirely inside one column. */
static void
test_decimate_exact (void)
{
  g_autoptr (PsChartDecimate) dec = ps_chart_decimate_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  const gsize n = 200000;
  const guint n_columns = 700;
  g_autofree double *xs = g_new (double, n);
  g_autofree double *ys = g_new (double, n);
  g_autofree PsChartColumn *columns = g_new0 (PsChartColumn, n_columns);
  g_autofree PsChartColumn *expected = g_new0 (PsChartColumn, n_columns);
  PsChartXMap map = { 1000, 90000, FALSE };
  gsize first = 0, last = 0;
  double x = 0;

  for (gsize i = 0; i < n; i++)
    {
      x += g_rand_double_range (rand, 0.0, 1.0);
      xs[i] = x;
      ys[i] = sin (x / 500) + g_rand_double_range (rand, -0.3, 0.3);
      ps_chart_decimate_push (dec, xs[i], ys[i]);
    }
  g_assert_cmpuint (ps_chart_decimate_get_n_points (dec), ==, n);
  while (xs[first] < map.t0)
    first++;
  last = first;
  while (last + 1 < n && xs[last + 1] <= map.t1)
    last++;

  ps_chart_decimate_fill_columns (dec, xs, ys, first, last, &map, columns, n_columns);
  for (gsize i = first; i <= last; i++)
    {
      gint64 c = (gint64) floor ((xs[i] - map.t0) * n_columns / (map.t1 - map.t0));
      PsChartColumn *e = &expected[CLAMP (c, 0, (gint64) n_columns - 1)];

      if (!e->used || ys[i] < e->y_min)
        e->y_min = ys[i], e->i_min = i;
      if (!e->used || ys[i] > e->y_max)
        e->y_max = ys[i], e->i_max = i;
      e->used = TRUE;
    }
  for (guint c = 0; c < n_columns; c++)
    {
      g_assert_cmpint (columns[c].used, ==, expected[c].used);
      g_assert_cmpfloat (columns[c].y_min, ==, expected[c].y_min);
      g_assert_cmpfloat (columns[c].y_max, ==, expected[c].y_max);
      g_assert_cmpuint (columns[c].i_min, ==, expected[c].i_min);
      g_assert_cmpuint (columns[c].i_max, ==, expected[c].i_max);
    }
}

/* Whether the pixel is ink of series 0 (blue): its red channel well below the white background's,
 * i.e. more than half covered. */
static gboolean
inked (const Image *image, int x, int y)
{
  return ((pixel_at (image, x, y) >> 16) & 0xff) < 140;
}

/* The share of @a's inked plot pixels that have an inked pixel in @b within @radius pixels: a
 * tolerance in position, not in colour, which is what "looks the same" means for a line. */
static double
ink_matched (const Image *a, const Image *b, int radius)
{
  const PsChartRect *p = &a->layout.plot;
  guint total = 0, matched = 0;

  for (int y = (int) p->y + 1; y < (int) (p->y + p->height) - 1; y++)
    for (int x = (int) p->x + 2; x < (int) (p->x + p->width) - 2; x++)
      {
        gboolean found = FALSE;

        if (!inked (a, x, y))
          continue;
        total++;
        for (int dy = -radius; dy <= radius && !found; dy++)
          for (int dx = -radius; dx <= radius && !found; dx++)
            found = inked (b, x + dx, y + dy);
        matched += found;
      }
  g_assert_cmpuint (total, >, 1000);
  return (double) matched / total;
}

static void
test_decimated_matches_exact (void)
{
  g_autoptr (PsChartModel) model = ps_chart_model_new (PS_CHART_KIND_TIME_SERIES);
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  PsChartStyle style;
  Image fast = { 0 }, exact = { 0 };
  guint s = ps_chart_model_add_series (model, "dense");
  double fast_in_exact, exact_in_fast;

  /* 100 000 points over ~730 columns: a noisy sine, steep and flat stretches alike. */
  for (guint i = 0; i < 100000; i++)
    {
      double t = i * 0.001;
      ps_chart_model_append (model, s, t, 50 + 30 * sin (t) + g_rand_double_range (rand, -8, 8));
    }
  ps_chart_style_init (&style, FALSE);
  render_image (&fast, model, 800, 400, &style);
  style.decimate = FALSE;
  render_image (&exact, model, 800, 400, &style);

  fast_in_exact = ink_matched (&fast, &exact, 2);
  exact_in_fast = ink_matched (&exact, &fast, 2);
  g_test_message ("ink within 2 px: decimated→exact %.4f, exact→decimated %.4f", fast_in_exact,
                  exact_in_fast);
  g_assert_cmpfloat (fast_in_exact, >=, 0.99);
  g_assert_cmpfloat (exact_in_fast, >=, 0.99);
  image_clear (&fast);
  image_clear (&exact);
}

static void
render_all_ways (const PsChartModel *model)
{
  static const int sizes[][2] = { { 640, 400 }, { 120, 80 }, { 1, 1 }, { 2000, 300 } };

  for (guint dark = 0; dark < 2; dark++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        PsChartStyle style;
        Image image = { 0 };

        ps_chart_style_init (&style, dark);
        style.draw_title = TRUE;
        render_image (&image, model, sizes[i][0], sizes[i][1], &style);
        image_clear (&image);
      }
}

static void
test_awkward_data (void)
{
  g_autoptr (PsChartModel) model = ps_chart_model_new (PS_CHART_KIND_XY);
  g_autoptr (PsChartModel) bars = ps_chart_model_new (PS_CHART_KIND_BARS);
  guint empty, one, odd, flat, back;
  double y;

  ps_chart_model_set_title (model, "Awkward");
  render_all_ways (model); /* no series at all */
  empty = ps_chart_model_add_series (model, "empty");
  one = ps_chart_model_add_series (model, "one point");
  odd = ps_chart_model_add_series (model, "NaN, inf, zero and negative");
  flat = ps_chart_model_add_series (model, "flat");
  back = ps_chart_model_add_series (model, "goes backwards");
  render_all_ways (model);
  ps_chart_model_append (model, one, 5, 5);
  render_all_ways (model);
  ps_chart_model_append (model, odd, NAN, 1);
  ps_chart_model_append (model, odd, 1, INFINITY);
  ps_chart_model_append (model, odd, -INFINITY, 1);
  ps_chart_model_append (model, odd, 0, 3);
  ps_chart_model_append (model, odd, 2, -4);
  ps_chart_model_append (model, odd, 3, 0);
  ps_chart_model_append (model, odd, 4, 7);
  ps_chart_model_append_interval (model, odd, 5, 7, NAN, INFINITY);
  for (guint i = 0; i < 10; i++)
    ps_chart_model_append (model, flat, i, 42);
  ps_chart_model_append (model, back, 3, 1);
  ps_chart_model_append (model, back, 1, 2);
  ps_chart_model_append (model, back, 2, 3);
  ps_chart_model_add_break_even (model, NAN, NAN, NAN, NULL);
  ps_chart_model_add_marker (model, 1e300, "far away");
  ps_chart_model_set_crosshair (model, 2.5);
  render_all_ways (model);

  g_assert_cmpuint (ps_chart_model_get_n_points (model, empty), ==, 0);
  g_assert_cmpuint (ps_chart_model_get_n_skipped (model, odd), ==, 3);
  g_assert_false (ps_chart_model_value_at (model, empty, 1, &y));
  g_assert_true (ps_chart_model_value_at (model, back, 1.1, &y));
  g_assert_cmpfloat (y, ==, 2);

  /* On log axes, the zero and negative values are skipped and counted, never drawn. */
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X, PS_CHART_SCALE_LOG, PS_CHART_UNIT_BYTES, "x");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS, "y");
  render_all_ways (model);
  g_assert_cmpuint (ps_chart_model_get_n_skipped (model, odd), ==, 3 + 1 + 2);
  g_assert_cmpuint (ps_chart_model_get_n_skipped (model, flat), ==, 1);

  /* A log axis with nothing positive at all still draws (an empty decade). */
  ps_chart_model_clear_series (model, one);
  ps_chart_model_append (model, one, -1, -1);
  for (guint i = 0; i < ps_chart_model_get_n_series (model); i++)
    ps_chart_model_set_series_visible (model, i, i == one);
  render_all_ways (model);

  /* Degenerate zoom windows are refused; extreme ones still draw. */
  ps_chart_model_set_view (model, &(PsChartBounds) { 5, 5, 1, 2 });
  g_assert_false (ps_chart_model_is_zoomed (model));
  ps_chart_model_set_view (model, &(PsChartBounds) { 1e-300, 1e300, 1e-300, 1e300 });
  render_all_ways (model);

  ps_chart_model_add_bar (bars, "nan", NAN, NAN, NAN);
  ps_chart_model_add_bar (bars, "negative", -5, -7, -1);
  ps_chart_model_add_bar (bars, NULL, 3, 2, 4);
  render_all_ways (bars);
}

static void
test_million_points (void)
{
  g_autoptr (PsChartModel) model = chart_fixture_time_series (1, 1000000);
  PsChartStyle style;
  Image image = { 0 };
  gint64 start;

  ps_chart_style_init (&style, FALSE);
  start = g_get_monotonic_time ();
  render_image (&image, model, 1600, 900, &style);
  g_test_message ("1 M points drawn in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (ps_chart_model_get_n_points (model, 0), ==, 1000000);
  /* Zoomed in to a few hundred points, the exact path is used and still draws. */
  ps_chart_model_set_view (model, &(PsChartBounds) { 10, 10.01, 0, 20000 });
  image_clear (&image);
  render_image (&image, model, 1600, 900, &style);
  image_clear (&image);
}

static char *
make_temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ps-chart-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_export_png (void)
{
  g_autoptr (PsChartModel) model = chart_fixture_sweep ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path1 = g_build_filename (dir, "sweep.png", NULL);
  g_autofree char *path2 = g_build_filename (dir, "sweep@2x.png", NULL);
  g_autoptr (GError) error = NULL;
  cairo_surface_t *png;

  g_assert_true (ps_chart_render_to_file (model, path1, PS_CHART_FORMAT_PNG, 640, 360, 1, &error));
  g_assert_no_error (error);
  g_assert_true (ps_chart_render_to_file (model, path2, PS_CHART_FORMAT_PNG, 640, 360, 2, &error));
  g_assert_no_error (error);
  /* Writing again replaces the file and leaves no temporary behind. */
  g_assert_true (ps_chart_render_to_file (model, path2, PS_CHART_FORMAT_PNG, 640, 360, 2, &error));
  g_assert_cmpuint (count_entries (dir), ==, 2);

  png = cairo_image_surface_create_from_png (path1);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 360);
  cairo_surface_destroy (png);
  png = cairo_image_surface_create_from_png (path2);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 720);
  cairo_surface_destroy (png);
  remove_dir (dir);
}

/* Converts @in with @argv (NULL-terminated, "%IN%"/"%OUT%" replaced) and checks a PNG results. */
static void
round_trip (const char *tool, const char *const *argv_template, const char *in, const char *out,
            const char *png)
{
  g_autofree char *program = g_find_program_in_path (tool);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface;
  int status = -1;

  if (program == NULL)
    {
      g_test_message ("%s not found: header check only", tool);
      return;
    }
  g_ptr_array_add (argv, g_strdup (program));
  for (guint i = 0; argv_template[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (g_str_equal (argv_template[i], "%IN%")    ? in
                                     : g_str_equal (argv_template[i], "%OUT%") ? out
                                                                                : argv_template[i]));
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), >=, 600);
  cairo_surface_destroy (surface);
}

/* Like memmem, which is a GNU extension: a PDF holds NUL bytes, so strstr cannot be used. */
static gboolean
contains (const char *haystack, gsize length, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_header (const char *path, const char *magic, const char *also)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, magic));
  g_assert_true (contains (contents, length, also));
}

/* Writes @model as @file in @format under a fresh directory, checks its header, then has @tool
 * turn it into a PNG: it is handed @out ("%OUT%" in @argv) and is expected to write @png. */
static void
assert_vector_export (PsChartModel *model, PsChartFormat format, const char *file,
                      const char *magic, const char *also, const char *tool,
                      const char *const *argv, const char *out, const char *png)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *out_path = g_build_filename (dir, out, NULL);
  g_autofree char *png_path = g_build_filename (dir, png, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (ps_chart_render_to_file (model, path, format, 640, 360, 1, &error));
  g_assert_no_error (error);
  assert_header (path, magic, also);
  round_trip (tool, argv, path, out_path, png_path);
  remove_dir (dir);
}

static void
test_export_svg (void)
{
  g_autoptr (PsChartModel) model = chart_fixture_time_series (3, 500);
  const char *argv[] = { "-o", "%OUT%", "%IN%", NULL };

  assert_vector_export (model, PS_CHART_FORMAT_SVG, "chart.svg", "<?xml", "<svg", "rsvg-convert",
                        argv, "chart-from-svg.png", "chart-from-svg.png");
}

static void
test_export_pdf (void)
{
  g_autoptr (PsChartModel) model = chart_fixture_bars ();
  const char *argv[] = { "-png", "-r", "72", "-singlefile", "%IN%", "%OUT%", NULL };

  /* pdftoppm takes a prefix and adds the extension itself. */
  assert_vector_export (model, PS_CHART_FORMAT_PDF, "chart.pdf", "%PDF-", "%%EOF", "pdftoppm", argv,
                        "page", "page.png");
}

/* The export dialog's filter picks the format: a name takes its extension. */
static void
test_path_with_format (void)
{
  static const struct
  {
    const char *path;
    PsChartFormat format;
    const char *expect;
  } cases[] = {
    { "report", PS_CHART_FORMAT_SVG, "report.svg" },
    { "/tmp/chart.png", PS_CHART_FORMAT_SVG, "/tmp/chart.svg" },
    { "chart.PDF", PS_CHART_FORMAT_PNG, "chart.png" },
    { "v1.2", PS_CHART_FORMAT_PDF, "v1.2.pdf" },
    { "chart.svg", PS_CHART_FORMAT_SVG, "chart.svg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = ps_chart_path_with_format (cases[i].path, cases[i].format);
      PsChartFormat back;

      g_assert_cmpstr (path, ==, cases[i].expect);
      g_assert_true (ps_chart_format_from_path (path, &back));
      g_assert_cmpint (back, ==, cases[i].format);
    }
}

static void
test_export_unwritable (void)
{
  g_autoptr (PsChartModel) model = chart_fixture_bars ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "not-a-dir", NULL);
  g_autofree char *under_file = g_build_filename (file, "chart.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", "chart.svg", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (ps_chart_render_to_file (model, under_file, PS_CHART_FORMAT_PNG, 320, 200, 1,
                                           &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  g_assert_false (ps_chart_render_to_file (model, missing, PS_CHART_FORMAT_SVG, 320, 200, 1,
                                           &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_false (ps_chart_render_to_file (model, file, PS_CHART_FORMAT_PNG, 0, 200, 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  /* A target that is a directory: the chart is drawn and written to a temporary file first, and
   * only the rename over the target fails (EISDIR, for root too, unlike a read-only directory).
   * The error names the target, and the temporary file is gone. */
  {
    g_autofree char *taken = g_build_filename (dir, "taken", NULL);

    g_assert_cmpint (g_mkdir (taken, 0755), ==, 0);
    g_assert_false (ps_chart_render_to_file (model, taken, PS_CHART_FORMAT_PDF, 320, 200, 1,
                                             &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
    g_assert_nonnull (strstr (error->message, taken));
    g_clear_error (&error);
    g_assert_true (g_file_test (taken, G_FILE_TEST_IS_DIR));
    g_assert_cmpuint (count_entries (taken), ==, 0);
    g_assert_cmpuint (count_entries (dir), ==, 2);
    g_assert_cmpint (g_rmdir (taken), ==, 0);
  }
  /* Nothing partial was left: the directory holds only the file made above. */
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

static void
test_readout (void)
{
  g_autoptr (PsChartModel) model = chart_fixture_sweep ();
  g_autofree char *text = NULL;
  double y;

  g_assert_true (ps_chart_model_value_at (model, 0, 65536, &y));
  g_assert_cmpfloat_with_epsilon (y, 20e-6 + 64 * 1.2e-6, 1e-12);
  text = ps_chart_dup_readout (model, 65536);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "payload: 64 KiB\nsingle: "));
  ps_chart_model_set_series_visible (model, 0, FALSE);
  g_clear_pointer (&text, g_free);
  text = ps_chart_dup_readout (model, 65536);
  g_assert_null (strstr (text, "single"));
}

/* A series measured over x ∈ [0, 3] and [7, 10] with a break between: @per_run points a run, so
 * 20 000 are drawn decimated and a dozen exactly. */
static PsChartModel *
new_sliced_model (guint per_run)
{
  PsChartModel *model = ps_chart_model_new (PS_CHART_KIND_TIME_SERIES);
  guint s = ps_chart_model_add_series (model, "sliced");

  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_X, 0, 10);
  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_Y, 0, 10);
  for (guint run = 0; run < 2; run++)
    {
      if (run > 0)
        ps_chart_model_break_series (model, s);
      for (guint i = 0; i < per_run; i++)
        {
          double x = run * 7 + 3.0 * i / (per_run - 1);
          ps_chart_model_append (model, s, x, 5 + 3 * sin (4 * x));
        }
    }
  return model;
}

/* How many plot pixels strictly between data values @x0 and @x1 carry series ink. */
static guint
ink_between (const Image *image, double x0, double x1)
{
  const PsChartRect *p = &image->layout.plot;
  int c0 = (int) ceil (ps_chart_layout_x_to_px (&image->layout, x0));
  int c1 = (int) floor (ps_chart_layout_x_to_px (&image->layout, x1));
  guint n = 0;

  for (int y = (int) p->y + 1; y < (int) (p->y + p->height) - 1; y++)
    for (int x = MAX (c0, (int) p->x + 2); x < MIN (c1, (int) (p->x + p->width) - 2); x++)
      n += inked (image, x, y);
  return n;
}

/* Draws @model decimated into @images[0] and exactly into @images[1], and checks that both put
 * ink in the same places. */
static void
render_both_ways (const PsChartModel *model, Image images[2])
{
  PsChartStyle style;

  ps_chart_style_init (&style, FALSE);
  for (guint exact = 0; exact < 2; exact++)
    {
      style.decimate = !exact;
      render_image (&images[exact], model, 800, 400, &style);
    }
  g_assert_cmpfloat (ink_matched (&images[0], &images[1], 2), >=, 0.99);
  g_assert_cmpfloat (ink_matched (&images[1], &images[0], 2), >=, 0.99);
}

/* Draws @model both ways and checks each leaves [@gap0, @gap1] bare and inks [@a0, @a1] and
 * [@b0, @b1]. */
static void
assert_gap_both_ways (const PsChartModel *model, double a0, double a1, double gap0, double gap1,
                      double b0, double b1)
{
  Image images[2] = { 0 };

  render_both_ways (model, images);
  for (guint k = 0; k < 2; k++)
    {
      g_assert_cmpuint (ink_between (&images[k], gap0, gap1), ==, 0);
      g_assert_cmpuint (ink_between (&images[k], a0, a1), >, 100);
      g_assert_cmpuint (ink_between (&images[k], b0, b1), >, 100);
      image_clear (&images[k]);
    }
}

/* The renderer keeps each series' columns while the view stays put; a series cleared and refilled
 * with other values at the same x must still be drawn from its new points. */
static void
test_columns_refilled (void)
{
  g_autoptr (PsChartModel) model = new_sliced_model (20000);
  Image images[2] = { 0 };

  render_both_ways (model, images);
  image_clear (&images[0]);
  image_clear (&images[1]);
  ps_chart_model_clear_series (model, 0);
  for (guint i = 0; i < 40000; i++)
    {
      double x = 10.0 * i / 39999;
      ps_chart_model_append (model, 0, x, 5 + 3 * cos (3 * x));
    }
  render_both_ways (model, images);
  image_clear (&images[0]);
  image_clear (&images[1]);
}

static void
test_break_gap (void)
{
  const guint sizes[] = { 12, 20000 };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr (PsChartModel) model = new_sliced_model (sizes[k]);

      g_test_message ("%u points a run", sizes[k]);
      /* 0.1 in x is 7 px here: room for the round caps at both ends of the gap. */
      assert_gap_both_ways (model, 0.2, 2.8, 3.1, 6.9, 7.2, 9.8);
      /* With one side of the break outside the view, nothing runs in from the edge either. */
      ps_chart_model_set_view (model, &(PsChartBounds) { 4, 10, 0, 10 });
      assert_gap_both_ways (model, 7.2, 9.8, 4, 6.9, 7.2, 9.8);
      ps_chart_model_set_view (model, &(PsChartBounds) { 0, 6, 0, 10 });
      assert_gap_both_ways (model, 0.2, 2.8, 3.1, 6, 0.2, 2.8);
    }
}

static void
test_break_value_at (void)
{
  g_autoptr (PsChartModel) model = new_sliced_model (12);
  double y;

  g_assert_true (ps_chart_model_value_at (model, 0, 1.5, &y));
  g_assert_true (ps_chart_model_value_at (model, 0, 3, &y));
  g_assert_cmpfloat_with_epsilon (y, 5 + 3 * sin (12), 1e-12);
  g_assert_false (ps_chart_model_value_at (model, 0, 3.001, &y));
  g_assert_false (ps_chart_model_value_at (model, 0, 5, &y));
  g_assert_false (ps_chart_model_value_at (model, 0, 6.999, &y));
  g_assert_true (ps_chart_model_value_at (model, 0, 7, &y));
  g_assert_cmpfloat_with_epsilon (y, 5 + 3 * sin (28), 1e-12);
  g_assert_true (ps_chart_model_value_at (model, 0, 8, &y));

  /* The readout leaves the series out in the gap rather than showing a made-up value. */
  {
    g_autofree char *text = ps_chart_dup_readout (model, 5);
    g_assert_null (strstr (text, "sliced"));
  }

  /* Clearing forgets the break along with the points. */
  ps_chart_model_clear_series (model, 0);
  ps_chart_model_append (model, 0, 3, 1);
  ps_chart_model_append (model, 0, 7, 3);
  g_assert_true (ps_chart_model_value_at (model, 0, 5, &y));
  g_assert_cmpfloat (y, ==, 2);
}

static void
test_break_awkward (void)
{
  g_autoptr (PsChartModel) model = ps_chart_model_new (PS_CHART_KIND_TIME_SERIES);
  g_autoptr (PsChartModel) dense = ps_chart_model_new (PS_CHART_KIND_TIME_SERIES);
  PsChartStyle style;
  Image image = { 0 }, images[2] = { 0 };
  guint empty, lone, back, band, fine;
  double y;

  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_X, 0, 10);
  ps_chart_model_set_axis_range (model, PS_CHART_AXIS_Y, 0, 10);
  /* First, so it is drawn in the blue that inked() looks for. */
  lone = ps_chart_model_add_series (model, "one point between gaps");
  empty = ps_chart_model_add_series (model, "broken, never filled");
  back = ps_chart_model_add_series (model, "goes backwards");
  band = ps_chart_model_add_series (model, "band");

  ps_chart_model_break_series (model, empty);
  ps_chart_model_break_series (model, empty);
  g_assert_cmpuint (ps_chart_model_get_n_points (model, empty), ==, 0);

  /* Repeated breaks and a skipped point in between still make one gap; a break at the very end
   * waits for a point that never comes. */
  ps_chart_model_append (model, lone, 0, 2);
  ps_chart_model_append (model, lone, 1, 2);
  ps_chart_model_break_series (model, lone);
  ps_chart_model_break_series (model, lone);
  ps_chart_model_append (model, lone, NAN, 4);
  ps_chart_model_append (model, lone, 5, 8);
  ps_chart_model_break_series (model, lone);
  ps_chart_model_append (model, lone, 9, 2);
  ps_chart_model_append (model, lone, 10, 2);
  ps_chart_model_break_series (model, lone);
  g_assert_false (ps_chart_model_value_at (model, lone, 3, &y));
  g_assert_true (ps_chart_model_value_at (model, lone, 5, &y));
  g_assert_cmpfloat (y, ==, 8);

  ps_chart_model_append (model, back, 6, 1);
  ps_chart_model_break_series (model, back);
  ps_chart_model_append (model, back, 2, 1);
  ps_chart_model_append (model, back, 4, 1);

  for (guint i = 0; i < 6; i++)
    {
      if (i == 3)
        ps_chart_model_break_series (model, band);
      ps_chart_model_append_interval (model, band, i * 2, 6, 5, 7);
    }
  render_all_ways (model);

  /* The lone point shows as a dot, and nothing joins it to its neighbours. */
  ps_chart_style_init (&style, FALSE);
  for (guint i = 0; i < ps_chart_model_get_n_series (model); i++)
    ps_chart_model_set_series_visible (model, i, i == lone);
  render_image (&image, model, 800, 400, &style);
  g_assert_true (inked (&image, (int) ps_chart_layout_x_to_px (&image.layout, 5),
                        (int) ps_chart_layout_y_to_px (&image.layout, 8)));
  g_assert_cmpuint (ink_between (&image, 1.1, 4.9), ==, 0);
  g_assert_cmpuint (ink_between (&image, 5.1, 8.9), ==, 0);
  image_clear (&image);

  /* Log axes, where some points cannot be placed as well. */
  ps_chart_model_set_axis (model, PS_CHART_AXIS_X, PS_CHART_SCALE_LOG, PS_CHART_UNIT_SECONDS, "x");
  ps_chart_model_set_axis (model, PS_CHART_AXIS_Y, PS_CHART_SCALE_LOG, PS_CHART_UNIT_COUNT, "y");
  render_all_ways (model);

  /* Slices far finer than a pixel: a break every third point must neither crash the decimated
   * path nor make it disagree with the exact one. */
  fine = ps_chart_model_add_series (dense, "fine slices");
  for (guint i = 0; i < 100000; i++)
    {
      double t = i * 0.001;

      if (i % 3 == 0)
        ps_chart_model_break_series (dense, fine);
      ps_chart_model_append (dense, fine, t, 50 + 30 * sin (t));
    }
  render_all_ways (dense);
  render_both_ways (dense, images);
  image_clear (&images[0]);
  image_clear (&images[1]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/widgets/render/known-line", test_known_line);
  g_test_add_func ("/widgets/render/layout-roundtrip", test_layout_roundtrip);
  g_test_add_func ("/widgets/render/trend", test_trend);
  g_test_add_func ("/widgets/render/readout", test_readout);
  g_test_add_func ("/widgets/decimate/exact-columns", test_decimate_exact);
  g_test_add_func ("/widgets/render/decimated-matches-exact", test_decimated_matches_exact);
  g_test_add_func ("/widgets/render/awkward-data", test_awkward_data);
  g_test_add_func ("/widgets/render/million-points", test_million_points);
  g_test_add_func ("/widgets/render/break-gap", test_break_gap);
  g_test_add_func ("/widgets/render/columns-refilled", test_columns_refilled);
  g_test_add_func ("/widgets/render/break-value-at", test_break_value_at);
  g_test_add_func ("/widgets/render/break-awkward", test_break_awkward);
  g_test_add_func ("/widgets/export/png", test_export_png);
  g_test_add_func ("/widgets/export/svg", test_export_svg);
  g_test_add_func ("/widgets/export/pdf", test_export_pdf);
  g_test_add_func ("/widgets/export/unwritable", test_export_unwritable);
  g_test_add_func ("/widgets/export/path-with-format", test_path_with_format);
  return g_test_run ();
}
