/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-files-io.h: reading and writing Poolscope's files safely, whatever is in them.
 *
 * Presets and results files are read by the same careful steps: the size is checked on the open
 * file before anything is read, the bytes must be UTF-8 without a byte-order mark, the nesting is
 * counted before json-glib (which recurses) sees it, and an object naming a key twice is refused
 * instead of silently keeping the last. Files are written atomically and durably. Every error is
 * in PS_PRESET_ERROR (one domain for all of Poolscope's files) and names the file.
 *
 * Thread: any.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PS_PRESET_ERROR (ps_preset_error_quark ())

typedef enum
{
  PS_PRESET_ERROR_TOO_BIG,    /* over the size limit */
  PS_PRESET_ERROR_SYNTAX,     /* not UTF-8 JSON, a BOM, too deep, a duplicate key */
  PS_PRESET_ERROR_INVALID,    /* JSON, but a field is unknown, mistyped or out of range */
  PS_PRESET_ERROR_NEWER,      /* schema_version newer than this build reads */
  PS_PRESET_ERROR_OTHER_KIND, /* a valid file, but not of the kind asked for */
} PsPresetError;

GQuark ps_preset_error_quark (void);

/* What a loader is reading, for its messages: the origin names the file in each. */
typedef struct
{
  const char *origin;
  GError **error;
} PsFileReader;

/* Sets @reader's error to "ORIGIN: MESSAGE" on one line (control characters in quoted keys or
 * values become spaces). Returns: %FALSE, for `return ps_file_reader_fail (…);`. */
gboolean ps_file_reader_fail (PsFileReader *reader, PsPresetError code, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

/**
 * ps_files_read_limited:
 * @path: a regular file
 * @max_bytes: refuse a file larger than this (PS_PRESET_ERROR_TOO_BIG) without reading it
 * @length: (out): the bytes read
 *
 * Returns: (transfer full): the contents, NUL-terminated, or %NULL with @error naming @path.
 */
char *ps_files_read_limited (const char *path, gsize max_bytes, gsize *length, GError **error);

/**
 * ps_files_parse_json:
 * @origin: what to call the data in messages
 * @max_depth: refuse values nested deeper than this, before parsing
 *
 * Returns: (transfer full): the root, or %NULL with @error set (PS_PRESET_ERROR_SYNTAX).
 */
JsonNode *ps_files_parse_json (const char *origin, const char *data, gsize length,
                               guint max_depth, GError **error);

/* Where and when a results file was measured: {host, time (UTC, ISO 8601), poolscope_version}.
 * Returns: (transfer full): that object for here and now. */
JsonNode *ps_files_recorded_now (void);

/* Reads a "recorded" object (nullable, or missing members) into newly allocated strings. */
void ps_files_read_recorded (JsonObject *recorded, char **host, char **time, char **version);

/* Replaces @path with @contents through a temporary file beside it, fsync() and rename(). */
gboolean ps_files_write_atomically (const char *path, const char *contents, gsize length,
                                    GError **error);

G_END_DECLS
