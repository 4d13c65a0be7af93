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

gboolean
ps_file_reader_fail (PsFileReader *reader, PsPresetError code, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line, whatever a quoted key or value held ("k\nob"). */
  for (char *c = message; *c != '\0'; c++)
    if ((guchar) *c < 0x20)
      *c = ' ';
  g_set_error (reader->error, PS_PRESET_ERROR, code, "%s: %s", reader->origin, message);
  return FALSE;
}

/* ---- Strict JSON, checked before json-glib sees it ------------------------------------------ */

/* json-glib 1.6 parses recursively (a file of a million '[' exhausts the stack inside it), takes
 * comments, single quotes, hex numbers and a second value after the first (leaking the first),
 * and keeps "\u0000" or a lone surrogate in a string. So the bytes are first checked against
 * RFC 8259 with the nesting counted, and json-glib only parses what passed. */
typedef struct
{
  PsFileReader *loader;
  const char *p, *end, *start;
  guint depth, max_depth;
} Scanner;

static gboolean G_GNUC_PRINTF (2, 3)
scan_fail (Scanner *sc, const char *format, ...)
{
  va_list args;
  g_autofree char *what = NULL;
  guint line = 1, column = 1;

  for (const char *q = sc->start; q < sc->p && q < sc->end; q++)
    {
      column++;
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
    }
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  return ps_file_reader_fail (sc->loader, PS_PRESET_ERROR_SYNTAX,
                              "not valid JSON: line %u, column %u: %s",
                              line, column, what);
}

static void
skip_space (Scanner *sc)
{
  while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t' || *sc->p == '\n' || *sc->p == '\r'))
    sc->p++;
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* Four hex digits after "\u"; @out is the code unit. */
static gboolean
scan_u_escape (Scanner *sc, guint *out)
{
  *out = 0;
  for (int i = 0; i < 4; i++)
    {
      int digit = sc->p < sc->end ? hex_value (*sc->p) : -1;

      if (digit < 0)
        return scan_fail (sc, "\\u needs four hexadecimal digits");
      *out = *out * 16 + (guint) digit;
      sc->p++;
    }
  return TRUE;
}

static gboolean
scan_string (Scanner *sc)
{
  sc->p++; /* the opening quote */
  while (sc->p < sc->end && *sc->p != '"')
    {
      guchar c = (guchar) *sc->p;

      if (c < 0x20)
        return scan_fail (sc, "a control character inside a string (write \\n, \\t, …)");
      if (c != '\\')
        {
          sc->p++;
          continue;
        }
      sc->p++;
      if (sc->p >= sc->end)
        break;
      if (strchr ("\"\\/bfnrt", *sc->p) != NULL && *sc->p != '\0')
        sc->p++;
      else if (*sc->p == 'u')
        {
          guint unit, low;

          sc->p++;
          if (!scan_u_escape (sc, &unit))
            return FALSE;
          if (unit == 0)
            return scan_fail (sc, "\\u0000 inside a string: text cannot hold a NUL");
          if (unit >= 0xDC00 && unit <= 0xDFFF)
            return scan_fail (sc, "a lone low surrogate \\u%04X", unit);
          if (unit >= 0xD800 && unit <= 0xDBFF)
            {
              if (sc->end - sc->p < 2 || sc->p[0] != '\\' || sc->p[1] != 'u')
                return scan_fail (sc, "a lone high surrogate \\u%04X", unit);
              sc->p += 2;
              if (!scan_u_escape (sc, &low))
                return FALSE;
              if (low < 0xDC00 || low > 0xDFFF)
                return scan_fail (sc, "a high surrogate not followed by a low one");
            }
        }
      else
        return scan_fail (sc, "an unknown escape in a string");
    }
  if (sc->p >= sc->end)
    return scan_fail (sc, "a string that does not end (the file is cut short?)");
  sc->p++; /* the closing quote */
  return TRUE;
}

static gboolean
scan_digits (Scanner *sc)
{
  const char *first = sc->p;

  while (sc->p < sc->end && g_ascii_isdigit (*sc->p))
    sc->p++;
  return sc->p > first;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
scan_number (Scanner *sc)
{
  if (*sc->p == '-')
    sc->p++;
  if (sc->p < sc->end && *sc->p == '0')
    sc->p++;
  else if (!scan_digits (sc))
    return scan_fail (sc, "not a value (a number, a string in double quotes, an object, a list, "
                          "true, false or null)");
  if (sc->p < sc->end && *sc->p == '.')
    {
      sc->p++;
      if (!scan_digits (sc))
        return scan_fail (sc, "a number needs digits after its decimal point");
    }
  if (sc->p < sc->end && (*sc->p == 'e' || *sc->p == 'E'))
    {
      sc->p++;
      if (sc->p < sc->end && (*sc->p == '+' || *sc->p == '-'))
        sc->p++;
      if (!scan_digits (sc))
        return scan_fail (sc, "a number needs digits in its exponent");
    }
  return TRUE;
}

static gboolean scan_value (Scanner *sc);

/* An object or a list: values (after "key":) separated by commas, no trailing comma. */
static gboolean
scan_container (Scanner *sc, char close)
{
  if (++sc->depth > sc->max_depth)
    return scan_fail (sc, "values nest deeper than %u levels, more than any Poolscope file "
                          "needs", sc->max_depth);
  sc->p++;
  skip_space (sc);
  if (sc->p < sc->end && *sc->p == close)
    {
      sc->p++;
      sc->depth--;
      return TRUE;
    }
  for (;;)
    {
      if (close == '}')
        {
          if (sc->p >= sc->end || *sc->p != '"')
            return scan_fail (sc, "an object's keys are strings in double quotes");
          if (!scan_string (sc))
            return FALSE;
          skip_space (sc);
          if (sc->p >= sc->end || *sc->p != ':')
            return scan_fail (sc, "a ':' must follow an object's key");
          sc->p++;
        }
      if (!scan_value (sc))
        return FALSE;
      skip_space (sc);
      if (sc->p < sc->end && *sc->p == ',')
        {
          sc->p++;
          skip_space (sc);
          continue;
        }
      if (sc->p < sc->end && *sc->p == close)
        break;
      return scan_fail (sc, "expected ',' or '%c'%s", close,
                        sc->p >= sc->end ? " (the file is cut short?)" : "");
    }
  sc->p++;
  sc->depth--;
  return TRUE;
}

static gboolean
scan_value (Scanner *sc)
{
  static const char *const words[] = { "true", "false", "null" };

  skip_space (sc);
  if (sc->p >= sc->end)
    return scan_fail (sc, "a value is missing (the file is cut short?)");
  switch (*sc->p)
    {
    case '{':
      return scan_container (sc, '}');
    case '[':
      return scan_container (sc, ']');
    case '"':
      return scan_string (sc);
    case '-':
    case '0' ... '9':
      return scan_number (sc);
    default:
      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        if ((gsize) (sc->end - sc->p) >= strlen (words[i])
            && memcmp (sc->p, words[i], strlen (words[i])) == 0)
          {
            sc->p += strlen (words[i]);
            return TRUE;
          }
      return scan_fail (sc, "not a value (a number, a string in double quotes, an object, a "
                            "list, true, false or null)");
    }
}

static gboolean
check_strict_json (PsFileReader *loader, const char *data, gsize length, guint max_depth)
{
  Scanner sc = { loader, data, data + length, data, 0, max_depth };

  if (!scan_value (&sc))
    return FALSE;
  skip_space (&sc);
  if (sc.p < sc.end)
    return scan_fail (&sc, "more after the first value: a file holds one JSON value");
  return TRUE;
}

static gboolean
check_encoding (PsFileReader *loader, const char *data, gsize length)
{
  const char *end = NULL;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_SYNTAX,
                                "starts with a byte-order mark; save it as UTF-8 without one");
  if (!g_utf8_validate_len (data, length, &end))
    return ps_file_reader_fail (loader, PS_PRESET_ERROR_SYNTAX,
                                "byte %" G_GSIZE_FORMAT " is not UTF-8 text (binary data or "
                                "another encoding); a preset is UTF-8 JSON",
                                (gsize) (end - data));
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
  PsFileReader loader = { origin, error };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  DuplicateWatch watch = { g_hash_table_new (NULL, NULL), NULL };
  JsonNode *root = NULL;

  if (!check_encoding (&loader, data, length)
      || !check_strict_json (&loader, data, length, max_depth))
    goto out;
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &watch);
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      /* Checked strictly above, so this is rare; json-glib quotes the text, keep it one line. */
      g_strdelimit (parse_error->message, "\r\n", ' ');
      ps_file_reader_fail (&loader, PS_PRESET_ERROR_SYNTAX,
                           "not valid JSON: %.200s", parse_error->message);
      goto out;
    }
  if (watch.duplicate != NULL)
    {
      ps_file_reader_fail (&loader, PS_PRESET_ERROR_SYNTAX,
                           "the key “%s” appears twice in one object; keep one", watch.duplicate);
      goto out;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    ps_file_reader_fail (&loader, PS_PRESET_ERROR_SYNTAX,
                         "the file is empty; a preset is one JSON object");

out:
  g_hash_table_unref (watch.members_seen);
  g_free (watch.duplicate);
  return root;
}

char *
ps_files_read_limited (const char *path, gsize max_bytes, gsize *length, GError **error)
{
  PsFileReader loader = { path, error };
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
    ps_file_reader_fail (&loader, PS_PRESET_ERROR_SYNTAX, "not a regular file");
  else if ((guint64) st.st_size > max_bytes)
    ps_file_reader_fail (&loader, PS_PRESET_ERROR_TOO_BIG,
                         "%" G_GUINT64_FORMAT " bytes, more than the %" G_GSIZE_FORMAT
                         " a Poolscope file may have", (guint64) st.st_size, max_bytes);
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
            ps_file_reader_fail (&loader, PS_PRESET_ERROR_SYNTAX, "%s", g_strerror (errno));
          else
            ps_file_reader_fail (&loader, PS_PRESET_ERROR_TOO_BIG,
                                 "more than the %" G_GSIZE_FORMAT " bytes a Poolscope file "
                                 "may have", max_bytes);
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

JsonNode *
ps_files_recorded_now (void)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "host");
  json_builder_add_string_value (b, g_get_host_name ());
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, time);
  json_builder_set_member_name (b, "poolscope_version");
  json_builder_add_string_value (b, PS_VERSION);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A string member, or @fallback when it is missing or not a string. */
static const char *
string_or (JsonObject *object, const char *key, const char *fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

void
ps_files_read_recorded (JsonObject *recorded, char **host, char **time, char **version)
{
  *host = g_strdup (string_or (recorded, "host", "an unknown machine"));
  *time = g_strdup (string_or (recorded, "time", ""));
  *version = g_strdup (string_or (recorded, "poolscope_version", ""));
}
