/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart-text.c: the renderer's labels, shaped once and kept across frames.
 *
 * A live chart redraws every frame with the same ~35 labels; shaping and measuring each again
 * cost about half of everything drawn around the data. The model owns one cache, so each chart
 * keeps its own labels and frees them with itself.
 *
 * A shaped layout depends on the cairo target (hinting, antialiasing, the device scale), so the
 * cache remembers what its PangoContext was made for and starts afresh, exactly as a fresh
 * pango_cairo_create_layout() would, when a frame draws to a target that differs in any of it
 * (the screen, then a PNG, SVG or PDF export, then the screen again).
 */
#define G_LOG_DOMAIN "ps-chart-render"

#include "ps-chart-render-private.h"

#include <string.h>

typedef struct
{
  PangoLayout *layout;
  guint last_frame;
} PsChartText;

struct _PsChartFont
{
  PsChartTextCache *cache;
  PangoFontDescription *description;
  GHashTable *texts; /* owned string → PsChartText */
};

struct _PsChartTextCache
{
  PangoContext *context; /* NULL until the first frame */
  /* What the context was made for. */
  PangoFontMap *font_map;
  char *font;
  cairo_font_options_t *surface_options;
  cairo_font_options_t *cr_options;
  cairo_matrix_t matrix;
  /* This frame's target, compared with the above; kept to save two allocations a frame. */
  cairo_font_options_t *now_surface_options;
  cairo_font_options_t *now_cr_options;
  guint frame;
  PsChartFont fonts[PS_CHART_N_FONTS];
};

static void
text_free (gpointer data)
{
  PsChartText *text = data;

  g_object_unref (text->layout);
  g_free (text);
}

/**
 * ps_chart_text_cache_new:
 *
 * Returns: (transfer full): an empty cache; nothing is made before the first frame
 */
PsChartTextCache *
ps_chart_text_cache_new (void)
{
  PsChartTextCache *cache = g_new0 (PsChartTextCache, 1);

  cache->surface_options = cairo_font_options_create ();
  cache->cr_options = cairo_font_options_create ();
  cache->now_surface_options = cairo_font_options_create ();
  cache->now_cr_options = cairo_font_options_create ();
  for (guint i = 0; i < PS_CHART_N_FONTS; i++)
    {
      cache->fonts[i].cache = cache;
      cache->fonts[i].texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, text_free);
    }
  return cache;
}

static void
forget_target (PsChartTextCache *cache)
{
  for (guint i = 0; i < PS_CHART_N_FONTS; i++)
    {
      g_hash_table_remove_all (cache->fonts[i].texts);
      g_clear_pointer (&cache->fonts[i].description, pango_font_description_free);
    }
  g_clear_object (&cache->context);
  g_clear_pointer (&cache->font, g_free);
  cache->font_map = NULL;
}

/**
 * ps_chart_text_cache_free:
 * @cache: (transfer full) (nullable): a cache
 */
void
ps_chart_text_cache_free (PsChartTextCache *cache)
{
  if (cache == NULL)
    return;
  forget_target (cache);
  for (guint i = 0; i < PS_CHART_N_FONTS; i++)
    g_hash_table_unref (cache->fonts[i].texts);
  cairo_font_options_destroy (cache->surface_options);
  cairo_font_options_destroy (cache->cr_options);
  cairo_font_options_destroy (cache->now_surface_options);
  cairo_font_options_destroy (cache->now_cr_options);
  g_free (cache);
}

/* Whether @cr would give a fresh context exactly the state the cached one has: the same font
 * map (it is per thread), font options of both the surface and @cr, and transformation (all of
 * it, translation too, as pango_cairo_update_context() copies it). */
static gboolean
same_target (PsChartTextCache *cache,
             cairo_t          *cr,
             PangoFontMap     *font_map,
             const char       *font)
{
  cairo_matrix_t matrix;

  if (cache->context == NULL || cache->font_map != font_map || g_strcmp0 (cache->font, font) != 0)
    return FALSE;
  cairo_surface_get_font_options (cairo_get_target (cr), cache->now_surface_options);
  cairo_get_font_options (cr, cache->now_cr_options);
  cairo_get_matrix (cr, &matrix);
  return cairo_font_options_equal (cache->now_surface_options, cache->surface_options) &&
         cairo_font_options_equal (cache->now_cr_options, cache->cr_options) &&
         memcmp (&matrix, &cache->matrix, sizeof matrix) == 0;
}

/* Does what pango_cairo_create_layout() did for every frame: a context of the default font map
 * updated for @cr; then the three fonts the chart writes with. */
static void
make_target (PsChartTextCache *cache,
             cairo_t          *cr,
             PangoFontMap     *font_map,
             const char       *font)
{
  PangoFontDescription *text;

  forget_target (cache);
  cache->font_map = font_map;
  cache->font = g_strdup (font);
  cache->context = pango_font_map_create_context (font_map);
  pango_cairo_update_context (cr, cache->context);
  cairo_surface_get_font_options (cairo_get_target (cr), cache->surface_options);
  cairo_get_font_options (cr, cache->cr_options);
  cairo_get_matrix (cr, &cache->matrix);

  text = pango_font_description_from_string (font);
  cache->fonts[PS_CHART_FONT_TEXT].description = text;
  cache->fonts[PS_CHART_FONT_SMALL].description = pango_font_description_copy (text);
  pango_font_description_set_size (cache->fonts[PS_CHART_FONT_SMALL].description,
                                    pango_font_description_get_size (text) * 85 / 100);
  cache->fonts[PS_CHART_FONT_TITLE].description = pango_font_description_copy (text);
  pango_font_description_set_weight (cache->fonts[PS_CHART_FONT_TITLE].description,
                                     PANGO_WEIGHT_BOLD);
  pango_font_description_set_size (cache->fonts[PS_CHART_FONT_TITLE].description,
                                   pango_font_description_get_size (text) * 14 / 10);
}

/**
 * ps_chart_text_cache_begin_frame:
 * @cache: a cache
 * @cr: the frame's target, with the transformation the labels are laid out for
 * @font: the style's font description string
 *
 * Keeps the shaped labels when @cr is a target like the last one, else starts afresh.
 */
void
ps_chart_text_cache_begin_frame (PsChartTextCache *cache,
                                 cairo_t          *cr,
                                 const char       *font)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();

  if (!same_target (cache, cr, font_map, font))
    make_target (cache, cr, font_map, font);
  cache->frame++;
}

static gboolean
unused_lately (gpointer key,
               gpointer value,
               gpointer user_data)
{
  const PsChartText *text = value;
  guint frame = GPOINTER_TO_UINT (user_data);

  return frame - text->last_frame > 1;
}

/**
 * ps_chart_text_cache_end_frame:
 * @cache: a cache
 *
 * Drops the labels that neither this frame nor the one before drew: tick labels change as the
 * axis glides, and the cache must not grow with them.
 */
void
ps_chart_text_cache_end_frame (PsChartTextCache *cache)
{
  for (guint i = 0; i < PS_CHART_N_FONTS; i++)
    g_hash_table_foreach_remove (cache->fonts[i].texts, unused_lately,
                                 GUINT_TO_POINTER (cache->frame));
}

/**
 * ps_chart_text_cache_get_font:
 * @cache: a cache, between begin and end of a frame
 * @which: which of the chart's fonts
 *
 * Returns: (transfer none): the font, valid until the frame ends
 */
PsChartFont *
ps_chart_text_cache_get_font (PsChartTextCache *cache,
                              PsChartFontKind   which)
{
  return &cache->fonts[which];
}

/**
 * ps_chart_font_get_layout:
 * @font: a font of the current frame
 * @string: the text
 *
 * Returns: (transfer none): @string laid out in @font, shaped the first time only
 */
PangoLayout *
ps_chart_font_get_layout (PsChartFont *font,
                          const char  *string)
{
  PsChartText *text = g_hash_table_lookup (font->texts, string);

  if (text == NULL)
    {
      text = g_new (PsChartText, 1);
      text->layout = pango_layout_new (font->cache->context);
      pango_layout_set_font_description (text->layout, font->description);
      pango_layout_set_text (text->layout, string, -1);
      g_hash_table_insert (font->texts, g_strdup (string), text);
    }
  text->last_frame = font->cache->frame;
  return text->layout;
}
