/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-strategy-private.h: what ps-scenario.c and ps-strategy-overrides.c share. */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-strategy-private.h is internal to the engine: include <ps-engine.h>."
#endif

#include "ps-scenario.h"

/* The strategy @text names ("pinned", "sticky+fresh"), without overrides. Returns 0 or
 * PS_EUNKNOWN. Thread: any. */
int ps_strategy_parse_base (const char *text, PsStrategy *out);
