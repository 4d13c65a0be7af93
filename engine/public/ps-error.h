/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-error.h: the engine's error codes.
 *
 * Like libuv, every engine function that can fail returns 0 or a negative code from this list, and
 * ps_strerror() names it. The codes are stable identifiers: app/ maps them to translated text.
 */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

typedef enum
{
  PS_OK = 0,
  PS_EINVAL = -1,       /* a knob or argument is out of range or malformed */
  PS_ENOMEM = -2,       /* an allocation failed, or the scenario would not fit in memory */
  PS_ECONFLICT = -3,    /* two options that cannot be combined */
  PS_ESTATE = -4,       /* the call is not allowed in the object's current state */
  PS_ETHREAD = -5,      /* the OS refused to create a thread or a libuv handle */
  PS_ECANCELED = -6,    /* the run was stopped before it finished */
  PS_EUNKNOWN = -7,     /* an unknown name (strategy, knob, unit) */
} PsError;

/**
 * ps_strerror:
 * @code: 0 or a #PsError
 *
 * Returns: a static English description of @code, never %NULL.
 * Thread: any.
 */
const char *ps_strerror (int code);

/**
 * ps_err_name:
 * @code: 0 or a #PsError
 *
 * Returns: the stable identifier of @code ("EINVAL", …) for logs and JSON.
 * Thread: any.
 */
const char *ps_err_name (int code);
