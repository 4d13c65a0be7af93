/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-units.c: sizes, durations and plain numbers, read and written whatever the locale. */
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "ps-engine.h"

typedef struct
{
  const char *text;
  uint64_t value;
} UnitCase;

static void
test_bytes_valid (void)
{
  static const UnitCase cases[] = {
    { "0", 0 },           { "64", 64 },           { "64B", 64 },
    { "4KiB", 4096 },     { "4k", 4096 },         { "4K", 4096 },
    { "4KB", 4096 },      { "64 KiB", 65536 },    { " 1 mb ", 1048576 },
    { "1.5MiB", 1572864 }, { "0.5k", 512 },       { "2GiB", 2147483648ull },
    { "1e3", 1000 },      { "1e-400", 0 },        { "0000000000000000000000004", 4 },
    { "1T", 1ull << 40 }, { "18446744073709551615", UINT64_MAX },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      uint64_t out = 0;

      g_test_message ("bytes '%s'", cases[i].text);
      g_assert_cmpint (ps_units_parse_bytes (cases[i].text, &out), ==, 0);
      g_assert_cmpuint (out, ==, cases[i].value);
    }
}

static void
test_bytes_invalid (void)
{
  static const char *const cases[] = {
    "", " ", "-1", "-1KiB", "12QB", "KiB", "nan", "inf", "1e400", "4KiBx", "4 KiB B", "1,5MiB",
    "18446744073709551616", "16EiB", "17179869184GiB", "0x10", "1..5k", "++1", "1e", "k4",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      uint64_t out = 7;

      g_test_message ("bytes '%s'", cases[i]);
      g_assert_cmpint (ps_units_parse_bytes (cases[i], &out), ==, PS_EINVAL);
      g_assert_cmpuint (out, ==, 7);
    }
  g_assert_cmpint (ps_units_parse_bytes (NULL, NULL), ==, PS_EINVAL);
}

static void
test_duration_valid (void)
{
  static const struct
  {
    const char *text;
    uint64_t bare;
    uint64_t ns;
  } cases[] = {
    { "250ns", 1, 250 },
    { "20us", 1, 20000 },
    { "20µs", 1, 20000 },
    { "20μs", 1, 20000 },
    { "2ms", 1, 2000000 },
    { "2 ms", 1, 2000000 },
    { "1.5s", 1, 1500000000 },
    { "1m", 1, 60000000000ull },
    { "2min", 1, 120000000000ull },
    { "1h", 1, 3600000000000ull },
    { "20", 1000, 20000 },
    { "0.1", 1000000000, 100000000 },
    { "0", 1000000, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      uint64_t out = 0;

      g_test_message ("duration '%s'", cases[i].text);
      g_assert_cmpint (ps_units_parse_duration (cases[i].text, cases[i].bare, &out), ==, 0);
      g_assert_cmpuint (out, ==, cases[i].ns);
    }
}

static void
test_duration_invalid (void)
{
  static const char *const cases[] = {
    "", "ms", "-1ms", "2MS", "2 sec", "nan", "1e30h", "5 ms x", "1,5s", "inf",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      uint64_t out = 7;

      g_test_message ("duration '%s'", cases[i]);
      g_assert_cmpint (ps_units_parse_duration (cases[i], 1, &out), ==, PS_EINVAL);
      g_assert_cmpuint (out, ==, 7);
    }
}

static void
test_double (void)
{
  double v = 0;

  g_assert_cmpint (ps_units_parse_double ("1.25", &v), ==, 0);
  g_assert_cmpfloat (v, ==, 1.25);
  g_assert_cmpint (ps_units_parse_double ("0.1", &v), ==, 0);
  g_assert_cmpfloat (v, ==, 0.1);
  g_assert_cmpint (ps_units_parse_double ("-3", &v), ==, 0);
  g_assert_cmpfloat (v, ==, -3);
  g_assert_cmpint (ps_units_parse_double ("3.141592653589793", &v), ==, 0);
  g_assert_cmpfloat (v, ==, 3.141592653589793);
  g_assert_cmpint (ps_units_parse_double ("1e308", &v), ==, 0);
  g_assert_cmpint (ps_units_parse_double ("1e309", &v), ==, PS_EINVAL);
  g_assert_cmpint (ps_units_parse_double ("1,25", &v), ==, PS_EINVAL);
  g_assert_cmpint (ps_units_parse_double ("nan", &v), ==, PS_EINVAL);
  g_assert_cmpint (ps_units_parse_double ("", &v), ==, PS_EINVAL);
  g_assert_cmpint (ps_units_parse_double ("2x", &v), ==, PS_EINVAL);
}

static void
assert_format_double (double value, int digits, const char *expected)
{
  char buf[64];

  ps_units_format_double (value, digits, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, expected);
}

/* The printing half, checked in whatever locale the caller set. */
static void
check_formatting (void)
{
  char buf[64];

  assert_format_double (2.5, 4, "2.5");
  assert_format_double (1234.5678, 6, "1234.57");
  assert_format_double (0.001234, 3, "0.00123");
  assert_format_double (-42.125, 5, "-42.125");
  assert_format_double (0, 4, "0");
  assert_format_double (1e20, 3, "1e+20");
  assert_format_double (NAN, 4, "nan");

  ps_units_format_bytes (65536, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "64 KiB");
  ps_units_format_bytes (1572864, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1.5 MiB");
  ps_units_format_bytes (12, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "12 B");
  ps_units_format_duration (2500000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2.5 ms");
  ps_units_format_duration (20000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "20 µs");
  ps_units_format_duration (1.2e9, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1.2 s");
  ps_units_format_duration (250, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "250 ns");

  /* Tiny buffers are truncated, never overrun. */
  ps_units_format_duration (2500000, buf, 3);
  g_assert_cmpuint (strlen (buf), <=, 2);
}

static void
check_parsing (void)
{
  uint64_t out = 0;
  double v = 0;

  g_assert_cmpint (ps_units_parse_bytes ("1.5MiB", &out), ==, 0);
  g_assert_cmpuint (out, ==, 1572864);
  g_assert_cmpint (ps_units_parse_duration ("2.5ms", 1, &out), ==, 0);
  g_assert_cmpuint (out, ==, 2500000);
  g_assert_cmpint (ps_units_parse_double ("0.75", &v), ==, 0);
  g_assert_cmpfloat (v, ==, 0.75);
}

static void
test_format (void)
{
  check_formatting ();
}

/* A German desktop uses a decimal comma: printf ("%f") and strtod () would follow it. */
static void
test_decimal_comma_locale (void)
{
  static const char *const locales[] = { "de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8" };
  const char *found = NULL;
  char probe[32];

  for (guint i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    found = setlocale (LC_ALL, locales[i]);
  if (found == NULL)
    {
      g_test_skip ("no decimal-comma locale is installed (de_DE.UTF-8)");
      return;
    }
  g_snprintf (probe, sizeof probe, "%.1f", 2.5);
  g_test_message ("locale %s prints 2.5 as %s", found, probe);

  check_formatting ();
  check_parsing ();
  setlocale (LC_ALL, "C");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine-units/bytes/valid", test_bytes_valid);
  g_test_add_func ("/engine-units/bytes/invalid", test_bytes_invalid);
  g_test_add_func ("/engine-units/duration/valid", test_duration_valid);
  g_test_add_func ("/engine-units/duration/invalid", test_duration_invalid);
  g_test_add_func ("/engine-units/double", test_double);
  g_test_add_func ("/engine-units/format", test_format);
  g_test_add_func ("/engine-units/decimal-comma-locale", test_decimal_comma_locale);
  return g_test_run ();
}
