/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-report-private.h */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-report-private.h is internal to the engine: include <ps-engine.h>."
#endif

#include "ps-run.h"

/* Frees what @rep owns and zeroes it. Thread: any. */
void ps_strategy_report_clear (PsStrategyReport *rep);
