/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-strategy-overrides.c: "single[transfer=move]" — knobs one strategy of a run runs with.
 *
 * A seed's table may compare strategies that differ in more than their pool: single with a moved
 * payload beside a pool that copies it, say. An override is written like the CLI option, with the
 * knob table's names, units and range checks, so it accepts exactly what the option accepts.
 */
#include "ps-scenario.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ps-error.h"
#include "ps-knobs.h"
#include "ps-strategy-private.h"


bool
ps_strategy_knob_overridable (int knob)
{
  const PsKnobInfo *info = ps_knob_info ((PsKnob) knob);

  /* Non-live knobs shape the whole run; payload, tenants and skew build the one input all
   * strategies share. */
  return info != NULL && info->live && knob != PS_KNOB_PAYLOAD && knob != PS_KNOB_TENANTS
         && knob != PS_KNOB_SKEW;
}

static int say (char *message, size_t size, int code, const char *format, ...)
  __attribute__ ((format (printf, 4, 5)));

/* Writes the one-line reason, when asked for, and returns @code. */
static int
say (char *message, size_t size, int code, const char *format, ...)
{
  va_list args;

  if (message != NULL && size > 0)
    {
      va_start (args, format);
      vsnprintf (message, size, format, args);
      va_end (args);
    }
  return code;
}

/* Parses "knob=value;knob=value" into @out's overrides. */
static int
parse_overrides (const char *text, const char *spec, PsStrategy *out, char *message, size_t size)
{
  char item[128];

  while (*spec != '\0')
    {
      const char *end = strchr (spec, ';');
      size_t len = end ? (size_t) (end - spec) : strlen (spec);
      const char *eq;
      const PsKnobInfo *info;
      double value;

      if (len == 0 || len >= sizeof item)
        return say (message, size, PS_EINVAL,
                    "--strategy '%s': write overrides as [knob=value;knob=value]", text);
      memcpy (item, spec, len);
      item[len] = '\0';
      spec += len + (end ? 1 : 0);
      eq = strchr (item, '=');
      if (eq == NULL)
        return say (message, size, PS_EINVAL,
                    "--strategy '%s': '%s' is not knob=value", text, item);
      item[eq - item] = '\0';
      info = ps_knob_find (item);
      if (info == NULL)
        return say (message, size, PS_EINVAL,
                    "--strategy '%s': unknown knob '%s' (poolscope-cli knobs lists them)", text,
                    item);
      if (!ps_strategy_knob_overridable (info->knob))
        return say (message, size, PS_EINVAL,
                    "--strategy '%s': %s cannot differ between the strategies of one run (only "
                    "knobs that can change live can, except payload, tenants and skew)", text,
                    info->name);
      char why[256];
      if (ps_knob_parse (info, eq + 1, &value, why, sizeof why) != 0)
        return say (message, size, PS_EINVAL, "--strategy '%s': %s", text, why);
      if (out->n_overrides == PS_STRATEGY_MAX_OVERRIDES)
        return say (message, size, PS_EINVAL, "--strategy '%s': at most 8 overrides", text);
      out->overrides[out->n_overrides++] = (PsKnobOverride) { info->knob, value };
    }
  return 0;
}

/* "single[transfer=move;work=5 µs]": the canonical spelling, values as the knob table writes
 * them; the base name alone when it would not fit. */
static void
canonical_name (PsStrategy *out)
{
  char name[PS_STRATEGY_NAME_MAX];
  size_t pos = (size_t) snprintf (name, sizeof name, "%s[", out->name);

  for (unsigned i = 0; i < out->n_overrides && pos < sizeof name; i++)
    {
      const PsKnobInfo *info = ps_knob_info ((PsKnob) out->overrides[i].knob);
      char value[48];

      ps_knob_format (info, out->overrides[i].value, value, sizeof value);
      pos += (size_t) snprintf (name + pos, sizeof name - pos, "%s%s=%s", i ? ";" : "",
                                info->name, value);
    }
  if (pos + 1 < sizeof name)
    {
      name[pos] = ']';
      name[pos + 1] = '\0';
      memcpy (out->name, name, sizeof name);
    }
}

int
ps_strategy_parse_checked (const char *text, PsStrategy *out, char *message, size_t size)
{
  char base[PS_STRATEGY_NAME_MAX];
  const char *open = text ? strchr (text, '[') : NULL;
  size_t len = text == NULL ? 0 : open ? (size_t) (open - text) : strlen (text);
  int rc;

  if (text == NULL || out == NULL || len >= sizeof base)
    return say (message, size, PS_EUNKNOWN, "--strategy: unknown strategy '%s'", text ? text : "");
  memcpy (base, text, len);
  base[len] = '\0';
  if ((rc = ps_strategy_parse_base (base, out)) != 0)
    return say (message, size, rc, "--strategy: unknown strategy '%s'", base);
  out->n_overrides = 0;
  if (open == NULL)
    return 0;
  size_t spec_len = strlen (open + 1);
  if (spec_len == 0 || open[spec_len] != ']')
    return say (message, size, PS_EINVAL,
                "--strategy '%s': overrides end with ']', as in single[transfer=move]", text);
  char spec[256];
  if (spec_len >= sizeof spec)
    return say (message, size, PS_EINVAL, "--strategy '%s': overrides too long", text);
  memcpy (spec, open + 1, spec_len - 1);
  spec[spec_len - 1] = '\0';
  if ((rc = parse_overrides (text, spec, out, message, size)) != 0)
    return rc;
  canonical_name (out);
  return 0;
}
