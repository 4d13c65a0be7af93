/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-error.c: names and descriptions of the engine's error codes. */
#include "ps-error.h"

const char *
ps_strerror (int code)
{
  switch (code)
    {
    case PS_OK:         return "success";
    case PS_EINVAL:     return "invalid argument";
    case PS_ENOMEM:     return "not enough memory";
    case PS_ECONFLICT:  return "conflicting options";
    case PS_ESTATE:     return "operation not allowed in this state";
    case PS_ETHREAD:    return "could not create a thread";
    case PS_ECANCELED:  return "stopped before it finished";
    case PS_EUNKNOWN:   return "unknown name";
    default:            return "unknown error";
    }
}

const char *
ps_err_name (int code)
{
  switch (code)
    {
    case PS_OK:         return "OK";
    case PS_EINVAL:     return "EINVAL";
    case PS_ENOMEM:     return "ENOMEM";
    case PS_ECONFLICT:  return "ECONFLICT";
    case PS_ESTATE:     return "ESTATE";
    case PS_ETHREAD:    return "ETHREAD";
    case PS_ECANCELED:  return "ECANCELED";
    case PS_EUNKNOWN:   return "EUNKNOWN";
    default:            return "EUNKNOWN";
    }
}
