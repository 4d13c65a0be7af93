/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-engine.h: the whole public engine API, the only engine header a program includes.
 *
 * The engine is C11 + libuv + libc, no GLib. Every other header under engine/ is internal.
 */
#pragma once

#define PS_ENGINE_INSIDE
#include "ps-calibrate.h"
#include "ps-error.h"
#include "ps-knobs.h"
#include "ps-run.h"
#include "ps-scenario.h"
#include "ps-sweep-stats.h"
#include "ps-sweep.h"
#include "ps-units.h"
#undef PS_ENGINE_INSIDE
