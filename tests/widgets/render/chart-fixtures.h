/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chart-fixtures.h: deterministic chart models shared by the tests, the gallery and the
 * benchmark, so what is measured is what is looked at. */
#pragma once

#include "ps-charts.h"

G_BEGIN_DECLS

PsChartModel *chart_fixture_time_series (guint n_series,
                                         gsize n_points);
PsChartModel *chart_fixture_sweep (void);
PsChartModel *chart_fixture_bars (void);
PsChartModel *chart_fixture_contention (void);

G_END_DECLS
