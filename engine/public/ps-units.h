/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-units.h: parsing and printing of human units (bytes, durations), locale-independent. */
#pragma once

#if !defined (PS_ENGINE_INSIDE) && !defined (PS_ENGINE_COMPILATION)
# error "Only <ps-engine.h> can be included directly."
#endif

#include <stddef.h>
#include <stdint.h>

/**
 * ps_units_parse_bytes:
 * @text: "64", "64B", "4KiB", "4k", "1.5MiB", "2GiB" (binary prefixes; k/M/G also binary)
 * @out: bytes
 *
 * Returns: 0, or PS_EINVAL for an empty string, a negative or non-numeric value, an unknown unit
 * or an overflow.
 * Thread: any.
 */
int ps_units_parse_bytes (const char *text, uint64_t *out);

/**
 * ps_units_parse_duration:
 * @text: "250ns", "20us", "20µs", "2ms", "1.5s", "1m"; a bare number is taken in @bare_unit_ns
 * @bare_unit_ns: the unit of a number written without one (1000000 for milliseconds)
 * @out: nanoseconds
 *
 * Returns: 0, or PS_EINVAL.
 * Thread: any.
 */
int ps_units_parse_duration (const char *text, uint64_t bare_unit_ns, uint64_t *out);

/* Parses a real number with '.' as the decimal point whatever the locale. Returns 0 or PS_EINVAL. */
int ps_units_parse_double (const char *text, double *out);

/* "64 KiB", "1.5 MiB", "12 B". Thread: any. */
void ps_units_format_bytes (uint64_t bytes, char *buf, size_t size);

/* "250 ns", "20 µs", "2.5 ms", "1.2 s". Thread: any. */
void ps_units_format_duration (double ns, char *buf, size_t size);

/* Writes @value with '.' as the decimal point and up to @digits significant digits. Thread: any. */
void ps_units_format_double (double value, int digits, char *buf, size_t size);
