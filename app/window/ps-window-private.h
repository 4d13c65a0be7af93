/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-window-private.h: PsWindow's fields, shared by ps-window.c (template, run start and end),
 * ps-window-knobs.c (sidebar), ps-window-charts.c (live view), ps-window-results.c (results
 * table) and ps-window-actions.c (run, stop, undo, export, measure). The functions are
 * `_ps_window_…`: shared by these files, not public. The test hooks at the end are for
 * tests/app/window only. */
#pragma once

#include "ps-widgets.h"
#include "ps-lessons.h"
#include "ps-preset-store.h"
#include "ps-sweep-session.h"
#include "ps-window.h"

G_BEGIN_DECLS

#define NS_PER_S 1e9

/* The measures the second chart can show; the first always shows throughput. The first
 * PS_N_TIME_MEASURES follow the run sample by sample; the histogram is the run's whole latency
 * distribution, drawn when it ends. */
typedef enum
{
  PS_MEASURE_P99,
  PS_MEASURE_WAIT,
  PS_MEASURE_HOLD,
  PS_MEASURE_RUNNABLE,
  PS_N_TIME_MEASURES,
  PS_MEASURE_HISTOGRAM = PS_N_TIME_MEASURES,
  PS_N_MEASURES
} PsMeasure;

/* The measures' names: the state of the win.measure action and of PsWindow:measure. */
#define PS_MEASURE_NAMES { "p99", "wait", "hold", "runnable", "histogram" }

/* One knob's row in the sidebar. */
typedef struct
{
  PsWindow *window;          /* borrowed: the window owns the editors */
  const PsKnobInfo *info;
  GtkWidget *row;            /* AdwActionRow or AdwComboRow */
  GtkWidget *editor;         /* GtkSpinButton, GtkSwitch or the AdwComboRow itself */
  char *error;               /* the last refused input, shown in the row; NULL when fine */
  GtkWidget *scale;          /* the pinned knobs' slider, driving the spin button; or NULL */
  gboolean slider_following; /* set while the slider follows the spin button */
} PsKnobEditor;

/* A knob's value before a change, for undo. */
typedef struct
{
  PsKnob knob;
  double value;
} PsKnobUndo;

/* The time slice whose samples are being averaged for the trend lines. */
typedef struct
{
  guint strategy;
  guint segment;
  guint n;                         /* samples so far */
  double t_sum;
  double y_sum[1 + PS_N_MEASURES]; /* throughput, then each measure */
  guint y_n[1 + PS_N_MEASURES];
} PsSliceMean;

/* How many results the history keeps (ps-window-compare.c says why). */
#define PS_WINDOW_HISTORY_MAX 30

struct _PsWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwViewSwitcherTitle *view_switcher_title;
  AdwViewSwitcherBar *view_switcher_bar; /* the views, when the title bar is too narrow */
  GtkButton *run_button;
  GtkButton *stop_button;
  AdwPreferencesPage *sidebar_page;
  AdwPreferencesGroup *pinned_knobs;
  GtkStack *main_stack;
  GtkLabel *status_label;
  GtkProgressBar *progress_bar;
  PsChart *throughput_chart;
  PsChart *measure_chart;
  GtkDropDown *measure_dropdown;
  GtkLabel *measure_caption;
  GtkBox *results_box;
  GtkGrid *results_grid;
  GtkLabel *results_caption;
  GtkLabel *explain_heading;
  GtkListBox *explain_list;
  AdwViewStack *view_stack;
  GtkDropDown *sweep_knob_dropdown;
  GtkEntry *sweep_from_entry;
  GtkEntry *sweep_to_entry;
  GtkSpinButton *sweep_points_spin;
  GtkCheckButton *sweep_log_check;
  GtkLabel *sweep_error_label;
  GtkLabel *sweep_status_label;
  GtkProgressBar *sweep_progress_bar;
  GtkLabel *sweep_findings_label;
  PsChart *sweep_chart;
  PsChart *sweep_contention_chart;
  GtkListBox *compare_list;
  GtkLabel *compare_caption;
  PsChart *compare_chart;
  GtkGrid *compare_grid;

  /* Borrowed */
  GtkCheckButton *strategy_checks[PS_MAX_STRATEGIES];
  AdwPreferencesGroup *strategies_group;
  GtkWidget *custom_strategy_rows[PS_MAX_STRATEGIES]; /* one per strategy without a check */
  GtkSizeGroup *strategy_prefixes; /* the checks and the custom rows' blank prefixes: one column */
  guint n_custom_strategy_rows;

  /* Owned */
  GSettings *settings;        /* NULL when the schema is not installed */
  PsScenario scenario;        /* what the sidebar shows; a run copies it */
  PsSession *session;
  GSignalGroup *session_signals;   /* the session's signals, retargeted at each run */
  GBindingGroup *session_bindings; /* running and progress onto the buttons, bar and charts */
  PsMeasure measure;               /* what the second chart shows */
  PsKnobEditor editors[PS_KNOB_COUNT];
  GArray *undo;               /* PsKnobUndo: the value before each change, newest last */
  PsChartModel *throughput_model;
  PsChartModel *measure_models[PS_N_MEASURES];
  double warmup_t0, warmup_t1; /* seen warm-up samples, for the band; NaN before any */
  guint64 last_marker_serial;  /* the last knob change marked on the charts */
  char *run_summary;           /* the knobs the run started with, for subtitles and the status */
  GString *live_changes;       /* "Threads 1 at 1.2 s, …": what changed since, for the same */
  gboolean slice_trends;       /* interleaved run: each slice's mean is a trend point */
  guint n_trend_strategies;    /* trend series follow the raw ones on every chart */
  PsSliceMean slice;
  guint n_result_rows;        /* strategies and their segments */
  guint n_result_strategies;
  PsSweepSession *sweep_session;   /* the last sweep, kept after it ends for its report */
  PsChartModel *sweep_model;       /* the swept metric against the knob */
  PsChartModel *sweep_contention_model;
  GArray *sweep_points[PS_MAX_STRATEGIES + 1]; /* per sweep strategy, what its series plots */
  GArray *sweep_brackets;          /* PsSweepCrossing: each crossing's bracket while bisecting */
  PsKnob sweep_knobs[PS_KNOB_COUNT]; /* the knob dropdown's entries */
  guint n_sweep_knobs;
  guint sweep_busy_points;         /* points kept although the machine was busy */
  guint sweep_status_id;           /* refreshes "about N s left" once a second */
  GListStore *history;             /* PsRecord: every finished run and sweep, oldest first */
  guint n_records;                 /* numbers records from 1 */
  gboolean history_trim_told;      /* the person was told old results leave the history */
  GPtrArray *compare_selected;     /* PsRecord: the ticked ones, in the order ticked */
  PsChartModel *compare_model;
  char **compare_highlighted;      /* the table's highlighted knob rows, for tests */
  PsPreset *preset;                /* the last preset applied, saved or opened, or NULL: what
                                    * Save writes over and whose published figures are shown */
  PsPresetOrigin preset_origin;
  GPtrArray *lessons;              /* PsLesson, from the resources */
  const PsLesson *lesson;          /* the lesson being followed, or NULL */
  GtkWidget *lesson_card;
  GtkWidget *lesson_title;
  GtkWidget *lesson_question;
  GtkWidget *lesson_look_at;
  GtkWidget *lesson_verdict;
  GtkWidget *lesson_explanation;
  GArray *findings;                /* PsFinding: what the Explain list says about shown_report */
  int highlighted_finding;         /* the finding whose strategy alone is drawn, or -1 */
  PsReport *shown_report;          /* the run the table shows, for Save Results and bundles */
  GArray *samples;                 /* PsSample: its live samples, up to PS_WINDOW_MAX_SAMPLES */
  GtkWindow *presets_dialog;       /* the Presets dialog while it is open */
  GtkBox *presets_box;
  GtkWidget *presets_page;
  guint updating : 1;         /* set while code, not the user, changes an editor */
};

/* ps-window.c */
void _ps_window_toast (PsWindow   *self,
                       const char *message);
gboolean _ps_window_is_running (PsWindow *self);
gboolean _ps_window_is_busy (PsWindow *self);
void _ps_window_update_actions (PsWindow *self);
void _ps_window_begin_run (PsWindow  *self,
                           PsSession *session);
const char *_ps_window_measure_name (PsMeasure measure);

/* ps-window-knobs.c */
const char *_ps_window_knob_label (PsKnob knob);
void _ps_window_load_scenario (PsWindow *self);
void _ps_window_build_sidebar (PsWindow *self);
void _ps_window_update_sidebar_sensitivity (PsWindow *self);
void _ps_window_apply_knob (PsWindow *self,
                            PsKnob    knob,
                            double    value,
                            gboolean  record_undo);
void _ps_window_select_strategies (PsWindow         *self,
                                   const PsScenario *s);

/* ps-window-knob-sliders.c */
gboolean _ps_window_knob_has_slider (PsKnob knob);
GtkWidget *_ps_window_knob_slider_attach (PsKnobEditor *ed);

/* ps-window-charts.c */
const char *_ps_window_measure_caption (PsMeasure measure);
void _ps_window_show_measure (PsWindow *self);
void _ps_window_charts_init (PsWindow *self);
void _ps_window_charts_begin_run (PsWindow         *self,
                                  const PsScenario *s);
void _ps_window_charts_add_sample (PsWindow         *self,
                                   const PsSample   *sample,
                                   const PsScenario *s);
void _ps_window_charts_mark_change (PsWindow *self,
                                    int       knob,
                                    double    value,
                                    double    t_s,
                                    guint64   serial);
void _ps_window_charts_show_histogram (PsWindow       *self,
                                       const PsReport *report);

/* ps-window-slice-means.c */
void _ps_window_slice_means_begin (PsWindow         *self,
                                   const PsScenario *scenario);
void _ps_window_slice_means_add (PsWindow       *self,
                                 const PsSample *sample);
void _ps_window_slice_means_flush (PsWindow *self);

/* ps-window-sweep.c */
void _ps_window_sweep_init (PsWindow *self);
void _ps_window_sweep_dispose (PsWindow *self);
void _ps_window_sweep_start (PsWindow *self);
void _ps_window_sweep_stop (PsWindow *self);
gboolean _ps_window_is_sweeping (PsWindow *self);
void _ps_window_sweep_show_config (PsWindow            *self,
                                   const PsSweepConfig *config);
void _ps_window_sweep_show_recorded (PsWindow       *self,
                                     PsSweepSession *session,
                                     const char     *recorded);

/* A results file or bundle keeps at most this many samples of a run (about 25 MiB): an hour of
 * three strategies sampled every 50 ms. */
#define PS_WINDOW_MAX_SAMPLES 200000

/* ps-window.c */
gboolean _ps_window_show_report (PsWindow       *self,
                                 const PsReport *report);

/* ps-window-files.c */
void _ps_window_files_add_actions (PsWindow *self);
void _ps_window_files_dispose (PsWindow *self);
void _ps_window_keep_sample (PsWindow       *self,
                             const PsSample *sample);

/* ps-window-explain.c */
void _ps_window_explain_init (PsWindow *self);
void _ps_window_explain_show (PsWindow       *self,
                              const PsReport *report);
void _ps_window_explain_dispose (PsWindow *self);
void _ps_window_what_if_update (PsWindow *self);

/* ps-window-lessons.c */
void _ps_window_lessons_init (PsWindow *self);
void _ps_window_lessons_check (PsWindow *self);
void _ps_window_lessons_dispose (PsWindow *self);

/* ps-window-compare.c */
void _ps_window_compare_init (PsWindow *self);
void _ps_window_compare_dispose (PsWindow *self);
void _ps_window_compare_update (PsWindow *self);
void _ps_window_history_add_run (PsWindow       *self,
                                 const PsReport *report,
                                 const char     *recorded);
void _ps_window_history_add_sweep (PsWindow       *self,
                                   PsSweepSession *sweep,
                                   const char     *recorded);
void _ps_window_rerun (PsWindow *self,
                       guint     number);

/* ps-window-results.c */
void _ps_window_clear_results (PsWindow *self);
void _ps_window_fill_results (PsWindow       *self,
                              const PsReport *report);
gboolean _ps_window_results_have_segments (PsWindow *self);

/* ps-window-actions.c */
void _ps_window_add_actions (PsWindow *self);
void _ps_window_set_action_enabled (PsWindow   *self,
                                    const char *name,
                                    gboolean    enabled);

/* Test hooks, for tests/app/window. */
GtkWidget *ps_window_get_knob_editor (PsWindow *self,
                                      PsKnob    knob);
const char *ps_window_get_result_cell (PsWindow *self,
                                       guint     row,
                                       guint     column);
PsSweepSession *ps_window_get_sweep_session (PsWindow *self);
PsChartModel *ps_window_get_sweep_model (PsWindow *self);
const char *ps_window_get_sweep_findings (PsWindow *self);
gboolean ps_window_select_record (PsWindow *self,
                                  guint     number,
                                  gboolean  selected);
guint ps_window_get_n_records (PsWindow *self);
PsChartModel *ps_window_get_compare_model (PsWindow *self);
const char *const *ps_window_get_compare_highlighted (PsWindow *self);
void ps_window_activate_finding (PsWindow *self,
                                 guint     index);

G_END_DECLS
