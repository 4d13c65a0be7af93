/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-preset-store.h: where presets live, and finding one by name or file.
 *
 * Built-in presets are compiled into the program (resources under
 * /org/poolscope/Poolscope/presets/, one per published experiment of the seeds) and cannot be
 * changed; user presets are files NAME.json in $XDG_DATA_HOME/poolscope/presets/ (usually
 * ~/.local/share/poolscope/presets/), written atomically. A user preset may take a built-in's
 * name: it then stands in for the built-in, and deleting it brings the built-in back.
 *
 * Thread: any; the store has no state but the folder.
 */
#pragma once

#include "ps-preset.h"

G_BEGIN_DECLS

typedef enum
{
  PS_PRESET_BUILT_IN,
  PS_PRESET_USER,
  PS_PRESET_FILE, /* loaded from a path given by the user */
} PsPresetOrigin;

typedef struct
{
  PsPreset *preset;
  PsPresetOrigin origin;
  char *path; /* the file, or the resource path of a built-in */
} PsStoredPreset;

void ps_stored_preset_free (PsStoredPreset *stored);

/* Returns: (transfer full): the folder of user presets (not created). */
char *ps_preset_store_user_dir (void);

/**
 * ps_preset_store_list:
 * @problems: (out) (optional) (transfer full): one line for each user file that did not load
 *
 * Every preset by name, user presets standing in for built-ins of the same name. A user file that
 * does not load is left out and reported in @problems (it is not deleted).
 *
 * Returns: (transfer full) (element-type PsStoredPreset): sorted by name.
 */
GPtrArray *ps_preset_store_list (GStrv *problems);

/**
 * ps_preset_store_find:
 * @name_or_path: a preset's name, or a file (anything with a '/' or ending in ".json")
 *
 * Returns: (transfer full): the preset, or %NULL with @error saying what was looked for where.
 */
PsStoredPreset *ps_preset_store_find (const char *name_or_path, GError **error);

/* Returns: whether a built-in preset is called @name. */
gboolean ps_preset_store_is_built_in (const char *name);

/**
 * ps_preset_store_save:
 * @overwrite: replace a user preset of the same name; without it, an existing one is an error
 *   (G_IO_ERROR_EXISTS)
 *
 * Writes @preset as NAME.json in the user folder, creating the folder.
 * Returns: (transfer full) (nullable): the path written.
 */
char *ps_preset_store_save (const PsPreset *preset, gboolean overwrite, GError **error);

/* Deletes the user preset @name (a built-in cannot be deleted: G_IO_ERROR_PERMISSION_DENIED). */
gboolean ps_preset_store_delete (const char *name, GError **error);

/* Saves the user preset @from under @to (not replacing one) and deletes @from. */
gboolean ps_preset_store_rename (const char *from, const char *to, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsStoredPreset, ps_stored_preset_free)

G_END_DECLS
