/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-files-io.c: the careful reading and atomic writing that every Poolscope file goes through. */
#define G_LOG_DOMAIN "poolscope-files"

#include "ps-files-io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (ps-preset-error-quark, ps_preset_error)

typedef struct
{
  const char *origin;
  GError **error;
} Loader;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Loader *loader, PsPresetError code, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (loader->error, PS_PRESET_ERROR, code, "%s: %s", loader->origin, message);
  return FALSE;
}

/* ---- Before parsing: size, encoding, depth --------------------------------------------------- */

/* json-glib parses recursively, so a file of a million '[' would exhaust the stack inside it:
 * count the nesting first, outside strings. */
static gboolean
check_nesting (Loader *loader, const char *data, gsize length, guint max_depth)
{
  guint depth = 0, line = 1;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > max_depth)
        return fail (loader, PS_PRESET_ERROR_SYNTAX,
                     "line %u: values nest deeper than %u levels, more than any preset or report "
                     "needs: this is not a Poolscope file", line, max_depth);
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

static gboolean
check_encoding (Loader *loader, const char *data, gsize length)
{
  const char *end = NULL;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return fail (loader, PS_PRESET_ERROR_SYNTAX,
                 "starts with a byte-order mark; save it as UTF-8 without one");
  if (!g_utf8_validate_len (data, length, &end))
    return fail (loader, PS_PRESET_ERROR_SYNTAX,
                 "byte %" G_GSIZE_FORMAT " is not UTF-8 text (binary data or another encoding); a "
                 "preset is UTF-8 JSON", (gsize) (end - data));
  return TRUE;
}

/* ---- Parsing, with duplicate keys caught ---------------------------------------------------- */

/* json-glib keeps the last of two equal keys without a word; a preset that says "threads" twice
 * is ambiguous, so count the members each object was given and compare with what it kept. */
typedef struct
{
  GHashTable *members_seen; /* JsonObject* → count */
  char *duplicate;
} DuplicateWatch;

static void
on_object_member (JsonParser *parser, JsonObject *object, const char *name, gpointer data)
{
  DuplicateWatch *watch = data;
  guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (watch->members_seen, object)) + 1;

  g_hash_table_insert (watch->members_seen, object, GUINT_TO_POINTER (seen));
  if (seen != json_object_get_size (object) && watch->duplicate == NULL)
    watch->duplicate = g_strdup (name);
}

JsonNode *
ps_files_parse_json (const char *origin, const char *data, gsize length, guint max_depth,
                     GError **error)
{
  Loader loader = { origin, error };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  DuplicateWatch watch = { g_hash_table_new (NULL, NULL), NULL };
  JsonNode *root = NULL;

  if (!check_encoding (&loader, data, length) || !check_nesting (&loader, data, length, max_depth))
    goto out;
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &watch);
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      fail (&loader, PS_PRESET_ERROR_SYNTAX, "not valid JSON: %s", parse_error->message);
      goto out;
    }
  if (watch.duplicate != NULL)
    {
      fail (&loader, PS_PRESET_ERROR_SYNTAX,
            "the key “%s” appears twice in one object; keep one", watch.duplicate);
      goto out;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    fail (&loader, PS_PRESET_ERROR_SYNTAX, "the file is empty; a preset is one JSON object");

out:
  g_hash_table_unref (watch.members_seen);
  g_free (watch.duplicate);
  return root;
}

char *
ps_files_read_limited (const char *path, gsize max_bytes, gsize *length, GError **error)
{
  Loader loader = { path, error };
  g_autoptr (GError) io_error = NULL;
  GStatBuf st;
  char *data = NULL;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  /* Asked of the open file, before reading anything: a 10 GB file is refused at once. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    fail (&loader, PS_PRESET_ERROR_SYNTAX, "not a regular file");
  else if ((guint64) st.st_size > max_bytes)
    fail (&loader, PS_PRESET_ERROR_TOO_BIG,
          "%" G_GUINT64_FORMAT " bytes, more than the %" G_GSIZE_FORMAT " a Poolscope file may "
          "have", (guint64) st.st_size, max_bytes);
  else
    {
      /* Read at most one byte past the limit, in case the file grew since fstat(). */
      gsize capacity = (gsize) st.st_size + 1, used = 0;
      ssize_t got;

      data = g_malloc (capacity + 1);
      while ((got = read (fd, data + used, capacity - used)) > 0)
        {
          used += (gsize) got;
          if (used == capacity)
            {
              if (capacity > max_bytes)
                break;
              capacity = MIN (capacity * 2, max_bytes + 1);
              data = g_realloc (data, capacity + 1);
            }
        }
      if (got < 0 || used > max_bytes)
        {
          g_clear_pointer (&data, g_free);
          if (got < 0)
            fail (&loader, PS_PRESET_ERROR_SYNTAX, "%s", g_strerror (errno));
          else
            fail (&loader, PS_PRESET_ERROR_TOO_BIG,
                  "more than the %" G_GSIZE_FORMAT " bytes a Poolscope file may have", max_bytes);
        }
      else
        {
          data[used] = '\0';
          *length = used;
        }
    }
  close (fd);
  return data;
}

gboolean
ps_files_write_atomically (const char *path, const char *contents, gsize length, GError **error)
{
  /* A temporary file beside @path, fsync()ed, renamed over it: a crash or a full disk leaves
   * either the old file or the new one, never half of either. */
  return g_file_set_contents_full (path, contents, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}
