/* ps-engine.h: the whole public engine API. The engine is C11 + libuv + libc, no GLib. */
#pragma once

#include "ps-calibrate.h"
#include "ps-error.h"
#include "ps-knobs.h"
#include "ps-run.h"
#include "ps-scenario.h"
#include "ps-units.h"
