/* ps-report-private.h */
#pragma once

#include "ps-run.h"

/* Frees what @rep owns and zeroes it. Thread: any. */
void ps_strategy_report_clear (PsStrategyReport *rep);
