/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-preset-store.c: built-in presets from resources, user presets from a folder. */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-preset-store.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#define BUILT_IN_PREFIX "/org/poolscope/Poolscope/presets/"

void
ps_stored_preset_free (PsStoredPreset *stored)
{
  if (stored == NULL)
    return;
  ps_preset_free (stored->preset);
  g_free (stored->path);
  g_free (stored);
}

static PsStoredPreset *
stored_new (PsPreset *preset, PsPresetOrigin origin, const char *path)
{
  PsStoredPreset *stored = g_new0 (PsStoredPreset, 1);

  stored->preset = preset;
  stored->origin = origin;
  stored->path = g_strdup (path);
  return stored;
}

char *
ps_preset_store_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "poolscope", "presets", NULL);
}

static char *
user_path (const char *name)
{
  g_autofree char *dir = ps_preset_store_user_dir ();
  g_autofree char *file = g_strconcat (name, ".json", NULL);

  return g_build_filename (dir, file, NULL);
}

static PsStoredPreset *
load_built_in (const char *name, GError **error)
{
  g_autofree char *path = g_strconcat (BUILT_IN_PREFIX, name, ".json", NULL);
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  gsize length = 0;
  const char *data;
  PsPreset *preset;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  preset = ps_preset_load_data (path, data, length, error);
  return preset != NULL ? stored_new (preset, PS_PRESET_BUILT_IN, path) : NULL;
}

gboolean
ps_preset_store_is_built_in (const char *name)
{
  g_autofree char *path = g_strconcat (BUILT_IN_PREFIX, name, ".json", NULL);

  return ps_preset_name_is_valid (name)
         && g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL);
}

static gint
compare_by_name (gconstpointer a, gconstpointer b)
{
  const PsStoredPreset *x = *(PsStoredPreset *const *) a;
  const PsStoredPreset *y = *(PsStoredPreset *const *) b;

  return strcmp (x->preset->name, y->preset->name);
}

/* Adds @stored, replacing an entry of the same name (a user preset over a built-in). */
static void
add_or_replace (GPtrArray *list, PsStoredPreset *stored)
{
  for (guint i = 0; i < list->len; i++)
    {
      PsStoredPreset *old = g_ptr_array_index (list, i);

      if (strcmp (old->preset->name, stored->preset->name) == 0)
        {
          ps_stored_preset_free (old);
          list->pdata[i] = stored;
          return;
        }
    }
  g_ptr_array_add (list, stored);
}

GPtrArray *
ps_preset_store_list (GStrv *problems)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_stored_preset_free);
  g_autoptr (GStrvBuilder) problem_lines = g_strv_builder_new ();
  g_auto (GStrv) names = g_resources_enumerate_children (BUILT_IN_PREFIX,
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *dir = ps_preset_store_user_dir ();
  g_autoptr (GDir) folder = g_dir_open (dir, 0, NULL);
  const char *file;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *name = g_strndup (names[i], strlen (names[i]) - strlen (".json"));
      g_autoptr (GError) error = NULL;
      PsStoredPreset *stored;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      stored = load_built_in (name, &error);
      if (stored != NULL)
        g_ptr_array_add (list, stored);
      else
        g_strv_builder_add (problem_lines, error->message);
    }

  while (folder != NULL && (file = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr (GError) error = NULL;
      PsPreset *preset;

      if (!g_str_has_suffix (file, ".json"))
        continue;
      preset = ps_preset_load_file (path, &error);
      if (preset != NULL)
        add_or_replace (list, stored_new (preset, PS_PRESET_USER, path));
      else
        g_strv_builder_add (problem_lines, error->message);
    }

  g_ptr_array_sort (list, compare_by_name);
  if (problems != NULL)
    *problems = g_strv_builder_end (problem_lines);
  return list;
}

static gboolean
looks_like_path (const char *text)
{
  return strchr (text, '/') != NULL || g_str_has_suffix (text, ".json");
}

PsStoredPreset *
ps_preset_store_find (const char *name_or_path, GError **error)
{
  g_autofree char *path = NULL;
  PsPreset *preset;

  if (looks_like_path (name_or_path))
    {
      preset = ps_preset_load_file (name_or_path, error);
      return preset != NULL ? stored_new (preset, PS_PRESET_FILE, name_or_path) : NULL;
    }
  if (!ps_preset_name_is_valid (name_or_path))
    {
      g_set_error (error, PS_PRESET_ERROR, PS_PRESET_ERROR_INVALID,
                   "“%s” is neither a preset name (lowercase letters, digits and dashes) nor a "
                   "file (a path with '/' or ending in .json)", name_or_path);
      return NULL;
    }
  path = user_path (name_or_path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      preset = ps_preset_load_file (path, error);
      return preset != NULL ? stored_new (preset, PS_PRESET_USER, path) : NULL;
    }
  if (ps_preset_store_is_built_in (name_or_path))
    return load_built_in (name_or_path, error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "no preset is called “%s” (`poolscope-cli presets` lists them; a file needs a "
               "'/' or the .json ending)", name_or_path);
  return NULL;
}

char *
ps_preset_store_save (const PsPreset *preset, gboolean overwrite, GError **error)
{
  g_autofree char *dir = ps_preset_store_user_dir ();
  g_autofree char *path = user_path (preset->name);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create the presets folder %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "a preset called “%s” exists already (%s); choose another name or replace it",
                   preset->name, path);
      return NULL;
    }
  if (!ps_preset_save (preset, path, error))
    return NULL;
  return g_steal_pointer (&path);
}

gboolean
ps_preset_store_delete (const char *name, GError **error)
{
  g_autofree char *path = ps_preset_name_is_valid (name) ? user_path (name) : NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (path != NULL && ps_preset_store_is_built_in (name))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     "“%s” is built in and cannot be deleted; duplicate it to change it", name);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no user preset is called “%s”",
                     name);
      return FALSE;
    }
  if (g_unlink (path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot delete %s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
ps_preset_store_rename (const char *from, const char *to, GError **error)
{
  g_autofree char *from_path = ps_preset_name_is_valid (from) ? user_path (from) : NULL;
  g_autoptr (PsPreset) preset = NULL;
  g_autofree char *written = NULL;

  if (!ps_preset_name_is_valid (to))
    {
      g_set_error (error, PS_PRESET_ERROR, PS_PRESET_ERROR_INVALID,
                   "“%s” is not a preset name: use lowercase letters, digits and dashes", to);
      return FALSE;
    }
  if (from_path == NULL || !g_file_test (from_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   ps_preset_store_is_built_in (from)
                     ? "“%s” is built in and cannot be renamed; duplicate it instead"
                     : "no user preset is called “%s”", from);
      return FALSE;
    }
  preset = ps_preset_load_file (from_path, error);
  if (preset == NULL)
    return FALSE;
  g_free (preset->name);
  preset->name = g_strdup (to);
  /* The new file first: a failure in between leaves two copies, never none. */
  written = ps_preset_store_save (preset, FALSE, error);
  return written != NULL && ps_preset_store_delete (from, error);
}
