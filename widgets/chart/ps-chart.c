/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-chart.c: PsChart, a GtkWidget that shows a PsChartModel.
 *
 * Drawing is entirely the renderer's (ps_chart_render() through gtk_snapshot_append_cairo), so
 * the screen and every export agree. This file only turns input into model changes: hover sets
 * the crosshair, the legend toggles series, scroll/drag/keys change the view window.
 */
#define G_LOG_DOMAIN "ps-chart"

#include "ps-chart-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* How far ahead of the newest sample a live view may glide before the next sample arrives:
 * enough to cover a slow sampler, little enough not to run away when a run stalls. */
#define MAX_GLIDE_S     0.5
#define ZOOM_STEP       1.15
#define MIN_DRAG_PX     6.0
#define KEY_STEPS       100.0

typedef enum
{
  DRAG_NONE,
  DRAG_ZOOM_RECT,
  DRAG_PAN,
} DragMode;

struct _PsChart
{
  GtkWidget parent_instance;

  /* Owned */
  PsChartModel *model;
  char *font;
  PsChartStyle style;
  PsChartLayout layout;   /* from the last snapshot, for hit-testing */
  guint tick_id;
  guint64 seen_serial;
  double data_end;        /* newest x when the model last changed */
  gint64 data_end_time;   /* frame time of that change, µs */
  double glide_limit;     /* seconds between the last two changes, capped */

  DragMode drag_mode;
  double drag_x, drag_y;  /* where the drag started, widget pixels */
  double drag_dx, drag_dy;
  PsChartBounds drag_view;

  guint live : 1;
  guint laid_out : 1;
};

G_DEFINE_FINAL_TYPE (PsChart, ps_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_LIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The chart's sentence for screen readers: what kind of chart and how many of its things. Each
 * sentence is whole in the catalogue so translators can order it their way. */
static char *
describe_contents (PsChartKind kind,
                   guint       n)
{
  switch (kind)
    {
    case PS_CHART_KIND_BARS:
      return g_strdup_printf (ngettext ("Bar chart of %u bar", "Bar chart of %u bars", n), n);
    case PS_CHART_KIND_XY:
      return g_strdup_printf (ngettext ("Sweep chart of %u series", "Sweep chart of %u series", n),
                              n);
    case PS_CHART_KIND_TIME_SERIES:
    default:
      return g_strdup_printf (
        ngettext ("Time series chart of %u series", "Time series chart of %u series", n), n);
    }
}

/* The series a reader tells apart: a name drawn twice (samples and their trend line) is one. */
static GPtrArray *
distinct_series (PsChartModel *model)
{
  GPtrArray *series = g_ptr_array_new ();

  for (guint i = 0; i < ps_chart_model_get_n_series (model); i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < series->len && !seen; j++)
        seen = g_strcmp0 (ps_chart_model_get_series_name (model, GPOINTER_TO_UINT (
                                                                   series->pdata[j])),
                          ps_chart_model_get_series_name (model, i)) == 0;
      if (!seen)
        g_ptr_array_add (series, GUINT_TO_POINTER (i));
    }
  return series;
}

/**
 * ps_chart_dup_summary:
 * @self: a #PsChart
 *
 * The chart's text summary, which is also its accessible description: what kind of chart, the
 * series it holds (hidden ones said so) and its axes, in the user's language.
 *
 * Returns: (transfer full): the summary
 */
char *
ps_chart_dup_summary (PsChart *self)
{
  g_autoptr (GPtrArray) series = NULL;
  g_autofree char *contents = NULL;
  PsChartKind kind;
  GString *desc;

  g_return_val_if_fail (PS_IS_CHART (self), NULL);

  kind = ps_chart_model_get_kind (self->model);
  series = distinct_series (self->model);
  contents = describe_contents (kind, kind == PS_CHART_KIND_BARS
                                        ? ps_chart_model_get_n_bars (self->model)
                                        : series->len);
  desc = g_string_new (contents);
  for (guint i = 0; kind != PS_CHART_KIND_BARS && i < series->len; i++)
    {
      guint index = GPOINTER_TO_UINT (series->pdata[i]);
      const char *name = ps_chart_model_get_series_name (self->model, index);

      g_string_append (desc, i == 0 ? ": " : ", ");
      if (ps_chart_model_get_series_visible (self->model, index))
        g_string_append (desc, name);
      else
        /* TRANSLATORS: a series the reader has hidden from the chart */
        g_string_append_printf (desc, _("%s (hidden)"), name);
    }
  for (guint a = 0; a < 2; a++)
    {
      const char *label = ps_chart_model_get_axis_label (self->model, a);
      gboolean log = ps_chart_model_get_axis_scale (self->model, a) == PS_CHART_SCALE_LOG;

      if (label == NULL)
        continue;
      g_string_append (desc, "; ");
      if (a == 0)
        g_string_append_printf (desc, log ? _("x axis: %s (log)") : _("x axis: %s"), label);
      else
        g_string_append_printf (desc, log ? _("y axis: %s (log)") : _("y axis: %s"), label);
    }
  return g_string_free (desc, FALSE);
}

static void
update_accessible (PsChart *self)
{
  const char *title = ps_chart_model_get_title (self->model);
  g_autofree char *summary = ps_chart_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
}

static gboolean
ps_chart_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  PsChart *self = PS_CHART (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double end;

  if (ps_chart_model_get_serial (self->model) != self->seen_serial &&
      ps_chart_model_get_data_end (self->model, &end))
    {
      if (end > self->data_end && self->data_end_time > 0)
        self->glide_limit = MIN ((now - self->data_end_time) / 1e6, MAX_GLIDE_S);
      if (end != self->data_end)
        {
          self->data_end = end;
          self->data_end_time = now;
        }
    }
  self->seen_serial = ps_chart_model_get_serial (self->model);

  /* Glide the window between samples so scrolling is smooth at the display's rate. */
  if (self->data_end_time > 0)
    {
      double glide = MIN ((now - self->data_end_time) / 1e6, self->glide_limit);
      ps_chart_model_set_follow_edge (self->model, self->data_end + glide);
    }
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
set_view_t (PsChart *self, double tx0, double tx1, double ty0, double ty1)
{
  PsChartBounds view = {
    ps_chart_axis_from_t (self->layout.x_scale, tx0),
    ps_chart_axis_from_t (self->layout.x_scale, tx1),
    ps_chart_axis_from_t (self->layout.y_scale, ty0),
    ps_chart_axis_from_t (self->layout.y_scale, ty1),
  };

  ps_chart_model_set_view (self->model, &view);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Zooms by @factor (< 1 zooms in) around widget x @px, in the axis' own linear space so log
 * axes zoom by decades. @both also zooms y around @py. */
static void
zoom_at (PsChart *self, double factor, double px, double py, gboolean both)
{
  const PsChartLayout *l = &self->layout;
  double tx0 = ps_chart_axis_to_t (l->x_scale, l->view.x0);
  double tx1 = ps_chart_axis_to_t (l->x_scale, l->view.x1);
  double ty0 = ps_chart_axis_to_t (l->y_scale, l->view.y0);
  double ty1 = ps_chart_axis_to_t (l->y_scale, l->view.y1);
  double cx = ps_chart_axis_to_t (l->x_scale, ps_chart_layout_px_to_x (l, px));
  double cy = ps_chart_axis_to_t (l->y_scale, ps_chart_layout_px_to_y (l, py));

  if (!self->laid_out || !isfinite (cx))
    return;
  if (both && isfinite (cy))
    {
      ty0 = cy - (cy - ty0) * factor;
      ty1 = cy + (ty1 - cy) * factor;
    }
  set_view_t (self, cx - (cx - tx0) * factor, cx + (tx1 - cx) * factor, ty0, ty1);
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, PsChart *self)
{
  if (!self->laid_out || self->drag_mode == DRAG_PAN)
    return;
  if (ps_chart_layout_in_plot (&self->layout, x, y))
    ps_chart_model_set_crosshair (self->model, ps_chart_layout_px_to_x (&self->layout, x));
  else
    ps_chart_model_clear_crosshair (self->model);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *motion, PsChart *self)
{
  ps_chart_model_clear_crosshair (self->model);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_pressed (GtkGestureClick *click, int n_press, double x, double y, PsChart *self)
{
  int series;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!self->laid_out)
    return;
  series = ps_chart_layout_legend_hit (&self->layout, x, y);
  if (series >= 0 && n_press == 1)
    ps_chart_toggle_series (self, (guint) series);
  else if (n_press == 2 && ps_chart_layout_in_plot (&self->layout, x, y))
    ps_chart_reset_view (self);
}

/**
 * ps_chart_scroll:
 * @dy: wheel steps, negative away from the user
 * @modifiers: the keys held
 *
 * What a wheel does over the chart. A plain wheel scrolls the page the chart sits in, as
 * everywhere else; Ctrl+wheel zooms the x axis and Ctrl+Shift+wheel both axes.
 *
 * Returns: whether the chart took the scroll
 */
gboolean
ps_chart_scroll (PsChart        *self,
                 double          dy,
                 GdkModifierType modifiers)
{
  double px, py, cx;

  if (!self->laid_out || dy == 0 || (modifiers & GDK_CONTROL_MASK) == 0)
    return FALSE;
  /* Scroll events carry no position; the crosshair (or the plot's centre) anchors the zoom. */
  px = self->layout.plot.x + self->layout.plot.width / 2;
  py = self->layout.plot.y + self->layout.plot.height / 2;
  if (ps_chart_model_get_crosshair (self->model, &cx))
    px = ps_chart_layout_x_to_px (&self->layout, cx);
  zoom_at (self, pow (ZOOM_STEP, dy), px, py, (modifiers & GDK_SHIFT_MASK) != 0);
  return TRUE;
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, PsChart *self)
{
  return ps_chart_scroll (self, dy,
                          gtk_event_controller_get_current_event_state (
                            GTK_EVENT_CONTROLLER (scroll)));
}

static void
on_drag_begin (GtkGestureDrag *drag, double x, double y, PsChart *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (drag));
  GdkModifierType mods = gtk_event_controller_get_current_event_state (
    GTK_EVENT_CONTROLLER (drag));

  self->drag_mode = DRAG_NONE;
  if (!self->laid_out || !ps_chart_layout_in_plot (&self->layout, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* Primary drag selects a rectangle to zoom into; middle drag or Shift+drag pans. */
  if (button == GDK_BUTTON_MIDDLE || (mods & GDK_SHIFT_MASK) != 0)
    self->drag_mode = DRAG_PAN;
  else if (button == GDK_BUTTON_PRIMARY)
    self->drag_mode = DRAG_ZOOM_RECT;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_view = self->layout.view;
}

static void
on_drag_update (GtkGestureDrag *drag, double dx, double dy, PsChart *self)
{
  self->drag_dx = dx;
  self->drag_dy = dy;
  if (self->drag_mode == DRAG_PAN)
    {
      const PsChartLayout *l = &self->layout;
      double tx0 = ps_chart_axis_to_t (l->x_scale, self->drag_view.x0);
      double tx1 = ps_chart_axis_to_t (l->x_scale, self->drag_view.x1);
      double ty0 = ps_chart_axis_to_t (l->y_scale, self->drag_view.y0);
      double ty1 = ps_chart_axis_to_t (l->y_scale, self->drag_view.y1);
      double sx = (tx1 - tx0) / l->plot.width * dx;
      double sy = (ty1 - ty0) / l->plot.height * dy;

      set_view_t (self, tx0 - sx, tx1 - sx, ty0 + sy, ty1 + sy);
    }
  else if (self->drag_mode == DRAG_ZOOM_RECT)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *drag, double dx, double dy, PsChart *self)
{
  if (self->drag_mode == DRAG_ZOOM_RECT && fabs (dx) >= MIN_DRAG_PX)
    {
      const PsChartLayout *l = &self->layout;
      double x0 = MIN (self->drag_x, self->drag_x + dx), x1 = MAX (self->drag_x, self->drag_x + dx);
      double y0 = MAX (self->drag_y, self->drag_y + dy), y1 = MIN (self->drag_y, self->drag_y + dy);
      PsChartBounds view = {
        ps_chart_layout_px_to_x (l, x0), ps_chart_layout_px_to_x (l, x1), l->view.y0, l->view.y1,
      };

      /* A flat drag zooms x only: the usual gesture on a time series. */
      if (y0 - y1 >= MIN_DRAG_PX)
        {
          view.y0 = ps_chart_layout_px_to_y (l, y0);
          view.y1 = ps_chart_layout_px_to_y (l, y1);
        }
      ps_chart_model_set_view (self->model, &view);
    }
  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
move_crosshair (PsChart *self, double steps)
{
  const PsChartLayout *l = &self->layout;
  double t0 = ps_chart_axis_to_t (l->x_scale, l->view.x0);
  double t1 = ps_chart_axis_to_t (l->x_scale, l->view.x1);
  double x, t;

  if (!ps_chart_model_get_crosshair (self->model, &x))
    t = (t0 + t1) / 2;
  else
    t = ps_chart_axis_to_t (l->x_scale, x) + steps * (t1 - t0) / KEY_STEPS;
  t = CLAMP (t, t0, t1);
  ps_chart_model_set_crosshair (self->model, ps_chart_axis_from_t (l->x_scale, t));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key_pressed (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
                PsChart *self)
{
  double step = (state & GDK_SHIFT_MASK) != 0 ? 10 : 1;
  double cx;

  if (!self->laid_out)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_crosshair (self, -step);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_crosshair (self, step);
      return TRUE;
    case GDK_KEY_Home:
      move_crosshair (self, -KEY_STEPS);
      return TRUE;
    case GDK_KEY_End:
      move_crosshair (self, KEY_STEPS);
      return TRUE;
    case GDK_KEY_Escape:
      ps_chart_model_clear_crosshair (self->model);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      cx = self->layout.plot.x + self->layout.plot.width / 2;
      {
        double x;
        if (ps_chart_model_get_crosshair (self->model, &x))
          cx = ps_chart_layout_x_to_px (&self->layout, x);
      }
      zoom_at (self,
               (keyval == GDK_KEY_minus || keyval == GDK_KEY_KP_Subtract) ? ZOOM_STEP
                                                                          : 1 / ZOOM_STEP,
               cx, 0, FALSE);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      ps_chart_reset_view (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
ps_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  PsChart *self = PS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ps_chart_render (self->model, cr, width, height, &self->style, &self->layout);
  self->laid_out = TRUE;

  if (self->drag_mode == DRAG_ZOOM_RECT && fabs (self->drag_dx) >= MIN_DRAG_PX)
    {
      const PsChartRect *p = &self->layout.plot;
      double y0 = self->drag_y, h = self->drag_dy;

      if (fabs (self->drag_dy) < MIN_DRAG_PX)
        y0 = p->y, h = p->height;
      cairo_rectangle (cr, self->drag_x, y0, self->drag_dx, h);
      cairo_set_source_rgba (cr, self->style.accent.red, self->style.accent.green,
                             self->style.accent.blue, 0.18);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, self->style.accent.red, self->style.accent.green,
                             self->style.accent.blue, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static gboolean
lookup_color (GtkWidget *widget, const char *name, PsChartRgba *out)
{
  GdkRGBA rgba;
  gboolean found;

  /* gtk_widget_get_color() is GTK 4.10; on the 4.8 floor named colours come from the style
   * context, deprecated but the only way. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &rgba);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (found)
    *out = (PsChartRgba) { rgba.red, rgba.green, rgba.blue, rgba.alpha };
  return found;
}

static void
ps_chart_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  PsChart *self = PS_CHART (widget);
  PsChartRgba bg = { 1, 1, 1, 1 };
  PangoFontDescription *font;
  gboolean dark;

  GTK_WIDGET_CLASS (ps_chart_parent_class)->css_changed (widget, change);

  if (!lookup_color (widget, "view_bg_color", &bg))
    lookup_color (widget, "theme_base_color", &bg);
  /* Relative luminance decides the palette: lighter series shades read on dark backgrounds. */
  dark = 0.2126 * bg.red + 0.7152 * bg.green + 0.0722 * bg.blue < 0.5;
  ps_chart_style_init (&self->style, dark);
  self->style.background = bg;
  if (!lookup_color (widget, "view_fg_color", &self->style.foreground))
    lookup_color (widget, "theme_text_color", &self->style.foreground);
  if (!lookup_color (widget, "accent_color", &self->style.accent))
    lookup_color (widget, "theme_selected_bg_color", &self->style.accent);

  font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  g_free (self->font);
  self->font = font != NULL ? pango_font_description_to_string (font) : g_strdup ("Sans 10");
  self->style.font = self->font;
  gtk_widget_queue_draw (widget);
}

static void
ps_chart_dispose (GObject *object)
{
  PsChart *self = PS_CHART (object);

  /* The tick callback holds no reference: remove it before the model goes. */
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  G_OBJECT_CLASS (ps_chart_parent_class)->dispose (object);
}

static void
ps_chart_finalize (GObject *object)
{
  PsChart *self = PS_CHART (object);

  g_clear_pointer (&self->model, ps_chart_model_unref);
  g_clear_pointer (&self->font, g_free);
  G_OBJECT_CLASS (ps_chart_parent_class)->finalize (object);
}

static void
ps_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PsChart *self = PS_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_boxed (value, self->model);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PsChart *self = PS_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      /* NULL (a .ui file that sets nothing) keeps the empty time series from init. */
      if (g_value_get_boxed (value) != NULL)
        ps_chart_set_model (self, g_value_get_boxed (value));
      break;
    case PROP_LIVE:
      ps_chart_set_live (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_chart_class_init (PsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_chart_dispose;
  object_class->finalize = ps_chart_finalize;
  object_class->get_property = ps_chart_get_property;
  object_class->set_property = ps_chart_set_property;

  /**
   * PsChart:model: (type PsChartModel)
   *
   * The model shown; never %NULL (an empty time series until one is set).
   */
  properties[PROP_MODEL] =
    g_param_spec_boxed ("model", NULL, NULL, PS_TYPE_CHART_MODEL,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PsChart:live:
   *
   * Whether the chart follows its model on the frame clock (see ps_chart_set_live()).
   */
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = ps_chart_snapshot;
  widget_class->css_changed = ps_chart_css_changed;
  gtk_widget_class_set_css_name (widget_class, "pschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ps_chart_init (PsChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->model = ps_chart_model_new (PS_CHART_KIND_TIME_SERIES);
  self->font = g_strdup ("Sans 10");
  ps_chart_style_init (&self->style, FALSE);
  self->style.font = self->font;
  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_size_request (widget, 240, 160);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, controller);

  update_accessible (self);
}

/**
 * ps_chart_new:
 * @model: (nullable): the model to show; an empty time series when %NULL
 *
 * Returns: (transfer full): a new chart widget
 */
GtkWidget *
ps_chart_new (PsChartModel *model)
{
  PsChart *self = g_object_new (PS_TYPE_CHART, NULL);

  if (model != NULL)
    ps_chart_set_model (self, model);
  return GTK_WIDGET (self);
}

/**
 * ps_chart_set_model:
 * @self: a chart
 * @model: the model to show; the chart takes a reference
 *
 * Also the #PsChart:model property, so a .ui file or a binding can set it.
 */
void
ps_chart_set_model (PsChart      *self,
                    PsChartModel *model)
{
  g_return_if_fail (PS_IS_CHART (self));
  g_return_if_fail (model != NULL);

  if (model == self->model)
    return;
  ps_chart_model_ref (model);
  g_clear_pointer (&self->model, ps_chart_model_unref);
  self->model = model;
  self->seen_serial = 0;
  self->data_end_time = 0;
  ps_chart_queue_model_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * ps_chart_get_model:
 * @self: a chart
 *
 * Returns: (transfer none): the model shown
 */
PsChartModel *
ps_chart_get_model (PsChart *self)
{
  g_return_val_if_fail (PS_IS_CHART (self), NULL);
  return self->model;
}

/**
 * ps_chart_queue_model_update:
 * @self: a chart
 *
 * Tells a non-live chart that its model changed (a live chart notices by itself every frame):
 * redraws and refreshes the accessible name and description.
 */
void
ps_chart_queue_model_update (PsChart *self)
{
  g_return_if_fail (PS_IS_CHART (self));
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ps_chart_set_live:
 * @self: a chart
 * @live: whether the chart follows its model on the frame clock
 *
 * A live chart redraws every frame while data arrives and glides its window (see
 * ps_chart_model_set_follow()) smoothly between samples.
 */
void
ps_chart_set_live (PsChart *self,
                   gboolean live)
{
  g_return_if_fail (PS_IS_CHART (self));

  live = !!live;
  if (self->live == (guint) live)
    return;
  self->live = live;
  if (live)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), ps_chart_tick, NULL, NULL);
  else
    {
      if (self->tick_id != 0)
        gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
      ps_chart_model_set_follow_edge (self->model, NAN);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

gboolean
ps_chart_get_live (PsChart *self)
{
  g_return_val_if_fail (PS_IS_CHART (self), FALSE);
  return self->live;
}

/**
 * ps_chart_reset_view:
 * @self: a chart
 *
 * Undoes zoom and pan (also bound to a double click and the 0 key).
 */
void
ps_chart_reset_view (PsChart *self)
{
  g_return_if_fail (PS_IS_CHART (self));
  ps_chart_model_reset_view (self->model);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ps_chart_toggle_series:
 * @self: a chart
 * @series: a series index
 *
 * Hides a shown series or shows a hidden one, as a click on its legend entry does.
 */
void
ps_chart_toggle_series (PsChart *self,
                        guint    series)
{
  g_return_if_fail (PS_IS_CHART (self));
  g_return_if_fail (series < ps_chart_model_get_n_series (self->model));

  ps_chart_model_set_series_visible (self->model, series,
                                     !ps_chart_model_get_series_visible (self->model, series));
  ps_chart_queue_model_update (self);
}

/**
 * ps_chart_get_layout:
 * @self: a chart
 *
 * Where the last frame put the plot, ticks and legend entries, in widget pixels. Zeroed until
 * the first frame.
 *
 * Returns: (transfer none): the layout
 */
const PsChartLayout *
ps_chart_get_layout (PsChart *self)
{
  g_return_val_if_fail (PS_IS_CHART (self), NULL);
  return &self->layout;
}

/**
 * ps_chart_get_crosshair:
 * @self: a chart
 * @x: (out) (optional): the crosshair's x in data units
 *
 * Returns: whether a crosshair is shown
 */
gboolean
ps_chart_get_crosshair (PsChart *self,
                        double  *x)
{
  g_return_val_if_fail (PS_IS_CHART (self), FALSE);
  return ps_chart_model_get_crosshair (self->model, x);
}

/**
 * ps_chart_dup_readout_text:
 * @self: a chart
 *
 * The crosshair readout as shown: the x value, then "name: value" per visible series.
 *
 * Returns: (transfer full) (nullable): the readout, or %NULL without a crosshair
 */
char *
ps_chart_dup_readout_text (PsChart *self)
{
  double x;

  g_return_val_if_fail (PS_IS_CHART (self), NULL);
  if (!ps_chart_model_get_crosshair (self->model, &x))
    return NULL;
  return ps_chart_dup_readout (self->model, x);
}

/**
 * ps_chart_get_readout_value:
 * @self: a chart
 * @series: a series index
 * @value: (out): the series' value at the crosshair
 *
 * Returns: whether the readout shows a value for @series
 */
gboolean
ps_chart_get_readout_value (PsChart *self,
                            guint    series,
                            double  *value)
{
  double x;

  g_return_val_if_fail (PS_IS_CHART (self), FALSE);
  if (!ps_chart_model_get_crosshair (self->model, &x) ||
      series >= ps_chart_model_get_n_series (self->model) ||
      !ps_chart_model_get_series_visible (self->model, series))
    return FALSE;
  return ps_chart_model_value_at (self->model, series, x, value);
}
