/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-preset.c: libFuzzer target for the preset loader (ps_preset_load_data).
 *
 * Whatever the bytes, the loader either refuses them with a PS_PRESET_ERROR whose message is one
 * valid UTF-8 line naming the origin, or returns a preset; a returned preset, written with
 * ps_preset_to_json(), must load again into the same scenario and write the same text. Anything
 * else aborts, and AddressSanitizer catches reads past @size (the data is not NUL-terminated) and
 * every other memory error. Built only with -Dfuzz=true and clang (tests/fuzz/meson.build).
 */
#define G_LOG_DOMAIN "fuzz-preset"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps-preset.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

G_GNUC_NORETURN static void
fail (const char *what, const char *detail)
{
  fprintf (stderr, "fuzz-preset: %s\n%s\n", what, detail != NULL ? detail : "");
  abort ();
}

static void
check_refusal (const GError *error)
{
  if (error == NULL)
    fail ("ps_preset_load_data returned NULL without an error", NULL);
  if (!g_utf8_validate (error->message, -1, NULL))
    fail ("the error message is not valid UTF-8", NULL);
  if (error->domain != PS_PRESET_ERROR)
    fail ("the error is not in PS_PRESET_ERROR", error->message);
  if (error->code < PS_PRESET_ERROR_TOO_BIG || error->code > PS_PRESET_ERROR_NEWER)
    fail ("the error code is not a PsPresetError", error->message);
  if (strchr (error->message, '\n') != NULL)
    fail ("the error message is more than one line", error->message);
  if (strstr (error->message, "fuzz.json") == NULL)
    fail ("the error message does not name the origin", error->message);
}

static void
check_same (const PsPreset *a, const PsPreset *b, const char *json)
{
  for (int k = 0; k < PS_KNOB_COUNT; k++)
    if (ps_knob_get (&a->scenario, k) != ps_knob_get (&b->scenario, k)
        || !a->knob_given[k] != !b->knob_given[k])
      fail ("a knob changed through ps_preset_to_json and back", json);
  if (a->scenario.n_strategies != b->scenario.n_strategies)
    fail ("the strategies changed through ps_preset_to_json and back", json);
  for (unsigned i = 0; i < a->scenario.n_strategies; i++)
    if (strcmp (a->scenario.strategies[i].name, b->scenario.strategies[i].name) != 0)
      fail ("a strategy changed through ps_preset_to_json and back", json);
  if (!a->has_sweep != !b->has_sweep || a->published->len != b->published->len)
    fail ("the sweep or the published figures changed through ps_preset_to_json and back", json);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PsPreset) preset = NULL;
  g_autoptr (PsPreset) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;

  preset = ps_preset_load_data ("fuzz.json", (const char *) data, size, &error);
  if (preset == NULL)
    {
      check_refusal (error);
      return 0;
    }
  if (error != NULL)
    fail ("ps_preset_load_data returned a preset and set an error", error->message);

  json = ps_preset_to_json (preset);
  if (json == NULL || !g_utf8_validate (json, -1, NULL))
    fail ("ps_preset_to_json wrote no text, or text that is not UTF-8", NULL);
  again = ps_preset_load_data ("again.json", json, strlen (json), &error);
  if (again == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("%s\n%s", error != NULL ? error->message : "",
                                                 json);
      fail ("what ps_preset_to_json wrote does not load", detail);
    }
  check_same (preset, again, json);
  json_again = ps_preset_to_json (again);
  if (strcmp (json, json_again) != 0)
    fail ("to_json → load → to_json changed the text", json);
  return 0;
}
