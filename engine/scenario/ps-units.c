/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-units.c: human units for sizes and durations, independent of the process locale.
 *
 * Numbers are read and written by hand instead of with strtod()/printf("%f"): after the front-end
 * calls setlocale (), those follow LC_NUMERIC and a German desktop would read "1.5MiB" as 1 and
 * write "2,5 ms". Switching the locale with uselocale () would work too, but a hand-written scanner
 * needs no global state, so every function here is safe on any thread without initialisation.
 *
 * Choices documented once:
 * - Sizes are binary whatever the spelling: k, K, KB, KiB (any case) all mean 1024. Users of a
 *   concurrency lab type "64k" meaning a power of two far more often than 64000.
 * - A fractional size ("1.5MiB", "0.5k") is rounded to the nearest byte.
 * - Durations accept ns, us, µs (or the Greek μ), ms, s, m or min (minutes) and h.
 * - Blanks are allowed around the number and between number and unit ("64 KiB" is what
 *   ps_units_format_bytes () writes, so it must read back); anything else after the unit fails.
 */
#include "ps-units.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ps-error.h"

/* 10^0 … 10^22 are exact in a double; products with them round once (Clinger's fast path). */
static const double ps_pow10[] = {
  1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
#define PS_POW10_MAX 22

/* 2^64 as a double: the first value that no longer fits in a uint64_t. */
#define PS_TWO_POW_64 18446744073709551616.0

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static const char *
skip_blanks (const char *p)
{
  while (is_blank (*p))
    p++;
  return p;
}

/* Scales @mantissa by 10^@exp10. Exact (one rounding) when both fit the fast path; otherwise a
 * product of exact factors, which is within a few ulps: plenty for a knob value. */
static double
scale_pow10 (double mantissa, int exp10)
{
  double v = mantissa;

  /* Bounded: the scanner clamps exponents, and v saturates at 0 or infinity on the way. */
  while (exp10 > PS_POW10_MAX)
    {
      v *= ps_pow10[PS_POW10_MAX];
      exp10 -= PS_POW10_MAX;
    }
  while (exp10 < -PS_POW10_MAX)
    {
      v /= ps_pow10[PS_POW10_MAX];
      exp10 += PS_POW10_MAX;
    }
  return exp10 >= 0 ? v * ps_pow10[exp10] : v / ps_pow10[-exp10];
}

/* The result of scanning a number at the start of a string. */
typedef struct
{
  double value;       /* always set */
  bool is_integer;    /* written as plain digits: no sign, point or exponent */
  uint64_t integer;   /* exact value when is_integer and it fits */
  bool integer_fits;
  bool negative;
} PsNumber;

/* Scans [+-]digits[.digits][(e|E)[+-]digits] at @p. Returns the character after it, or NULL when
 * there is no number there. Never reads past the terminating NUL. */
static const char *
scan_number (const char *p, PsNumber *num)
{
  uint64_t mantissa = 0;
  int dropped_exp = 0; /* digits beyond 19 significant ones, kept as a power of ten */
  int n_digits = 0;
  bool point = false;
  bool exponent = false;

  memset (num, 0, sizeof *num);
  num->integer_fits = true;

  if (*p == '+' || *p == '-')
    {
      num->negative = *p == '-';
      p++;
    }

  for (;; p++)
    {
      if (is_digit (*p))
        {
          unsigned d = (unsigned) (*p - '0');

          n_digits++;
          if (mantissa <= (UINT64_MAX - d) / 10)
            {
              mantissa = mantissa * 10 + d;
              if (point)
                dropped_exp--;
            }
          else
            {
              /* Past 19-20 digits further digits no longer change a double: count them in the
               * exponent instead (or drop them after the point). */
              num->integer_fits = false;
              if (!point)
                dropped_exp++;
            }
        }
      else if (*p == '.' && !point)
        point = true;
      else
        break;
    }
  if (n_digits == 0)
    return NULL;

  /* An exponent only counts when digits follow it, so "2e" leaves the 'e' for the unit parser. */
  if ((*p == 'e' || *p == 'E')
      && (is_digit (p[1]) || ((p[1] == '+' || p[1] == '-') && is_digit (p[2]))))
    {
      int sign = 1;
      int e = 0;

      exponent = true;
      p++;
      if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
      for (; is_digit (*p); p++)
        if (e < 100000) /* clamped: anything this large overflows or underflows anyway */
          e = e * 10 + (*p - '0');
      dropped_exp += sign * e;
    }

  num->value = scale_pow10 ((double) mantissa, dropped_exp);
  if (num->negative)
    num->value = -num->value;
  num->is_integer = !point && !exponent && !num->negative;
  num->integer = mantissa;
  return p;
}

/* Multiplies a scanned non-negative number by an integer unit into whole units, rounding to the
 * nearest. Returns PS_EINVAL on a negative value, NaN or overflow. */
static int
number_times_unit (const PsNumber *num, uint64_t unit, uint64_t *out)
{
  double v;

  if (num->negative && num->value != 0)
    return PS_EINVAL;
  if (num->is_integer && num->integer_fits)
    return __builtin_mul_overflow (num->integer, unit, out) ? PS_EINVAL : 0;

  v = num->value * (double) unit + 0.5;
  if (!(v >= 0 && v < PS_TWO_POW_64)) /* also rejects NaN and infinity */
    return PS_EINVAL;
  *out = (uint64_t) v;
  return 0;
}

typedef struct
{
  const char *name;
  uint64_t factor;
} PsUnitName;

static const PsUnitName byte_units[] = {
  { "", 1 },
  { "b", 1 },
  { "k", 1ull << 10 },  { "kb", 1ull << 10 },  { "kib", 1ull << 10 },
  { "m", 1ull << 20 },  { "mb", 1ull << 20 },  { "mib", 1ull << 20 },
  { "g", 1ull << 30 },  { "gb", 1ull << 30 },  { "gib", 1ull << 30 },
  { "t", 1ull << 40 },  { "tb", 1ull << 40 },  { "tib", 1ull << 40 },
};

/* Case-sensitive: "m" is minutes and "ms" milliseconds, so "MS" must not silently mean either. */
static const PsUnitName duration_units[] = {
  { "ns", 1 },
  { "us", 1000 },
  { "\xc2\xb5s", 1000 }, /* µ, MICRO SIGN */
  { "\xce\xbcs", 1000 }, /* μ, GREEK SMALL LETTER MU */
  { "ms", 1000000 },
  { "s", 1000000000ull },
  { "m", 60000000000ull },
  { "min", 60000000000ull },
  { "h", 3600000000000ull },
};

/* Looks the unit up in @p (up to trailing blanks). Returns its factor, or 0 when unknown. */
static uint64_t
lookup_unit (const char *p, const PsUnitName *units, size_t n_units, bool fold_case)
{
  size_t len = strlen (p);

  while (len > 0 && is_blank (p[len - 1]))
    len--;
  for (size_t i = 0; i < n_units; i++)
    {
      if (strlen (units[i].name) != len)
        continue;
      if (fold_case ? strncasecmp (p, units[i].name, len) == 0
                    : strncmp (p, units[i].name, len) == 0)
        return units[i].factor;
    }
  return 0;
}

/* Shared by both parsers: number, optional blanks, a unit from @units (an empty unit means
 * @bare_factor), optional blanks, end of string. */
static int
parse_with_units (const char *text, const PsUnitName *units, size_t n_units, bool fold_case,
                  uint64_t bare_factor, uint64_t *out)
{
  PsNumber num;
  const char *p;
  uint64_t factor;
  uint64_t value;
  int rc;

  if (text == NULL || out == NULL)
    return PS_EINVAL;
  p = scan_number (skip_blanks (text), &num);
  if (p == NULL)
    return PS_EINVAL;
  p = skip_blanks (p);
  factor = *p == '\0' ? bare_factor : lookup_unit (p, units, n_units, fold_case);
  if (factor == 0)
    return PS_EINVAL;
  rc = number_times_unit (&num, factor, &value);
  if (rc != 0)
    return rc;
  *out = value;
  return 0;
}

int
ps_units_parse_bytes (const char *text, uint64_t *out)
{
  return parse_with_units (text, byte_units, sizeof byte_units / sizeof byte_units[0], true, 1,
                           out);
}

int
ps_units_parse_duration (const char *text, uint64_t bare_unit_ns, uint64_t *out)
{
  if (bare_unit_ns == 0)
    bare_unit_ns = 1;
  return parse_with_units (text, duration_units,
                           sizeof duration_units / sizeof duration_units[0], false, bare_unit_ns,
                           out);
}

int
ps_units_parse_double (const char *text, double *out)
{
  PsNumber num;
  const char *p;

  if (text == NULL || out == NULL)
    return PS_EINVAL;
  p = scan_number (skip_blanks (text), &num);
  if (p == NULL || *skip_blanks (p) != '\0')
    return PS_EINVAL;
  /* The scanner cannot produce NaN, but a huge exponent gives infinity. */
  if (!(num.value - num.value == 0))
    return PS_EINVAL;
  *out = num.value;
  return 0;
}

/* Appends with snprintf semantics: never overflows, always terminates when size > 0. */
static void
append (char *buf, size_t size, size_t *pos, const char *text)
{
  size_t len = strlen (text);

  if (size == 0)
    return;
  if (*pos + 1 >= size)
    return;
  if (len > size - 1 - *pos)
    len = size - 1 - *pos;
  memcpy (buf + *pos, text, len);
  *pos += len;
  buf[*pos] = '\0';
}

/* Writes the non-negative @value with exactly @decimals decimals, then drops trailing zeros.
 * Requires value × 10^decimals < 2^63, which the callers guarantee. */
static void
format_fixed (double value, int decimals, char *out, size_t size)
{
  uint64_t scaled = (uint64_t) (value * ps_pow10[decimals] + 0.5);
  uint64_t unit = (uint64_t) ps_pow10[decimals];
  int len;

  if (decimals == 0)
    {
      snprintf (out, size, "%llu", (unsigned long long) scaled);
      return;
    }
  len = snprintf (out, size, "%llu.%0*llu", (unsigned long long) (scaled / unit), decimals,
                  (unsigned long long) (scaled % unit));
  if (len <= 0 || (size_t) len >= size)
    return;
  while (len > 0 && out[len - 1] == '0')
    out[--len] = '\0';
  if (len > 0 && out[len - 1] == '.')
    out[--len] = '\0';
}

void
ps_units_format_double (double value, int digits, char *buf, size_t size)
{
  char tmp[64];
  size_t pos = 0;
  double mag;
  int e10 = 0;

  if (buf == NULL || size == 0)
    return;
  buf[0] = '\0';
  if (value != value)
    {
      append (buf, size, &pos, "nan");
      return;
    }
  if (value < 0)
    {
      append (buf, size, &pos, "-");
      value = -value;
    }
  if (value - value != 0)
    {
      append (buf, size, &pos, "inf");
      return;
    }
  if (digits < 1)
    digits = 1;
  if (digits > 17)
    digits = 17;
  if (value == 0)
    {
      append (buf, size, &pos, "0");
      return;
    }

  /* Decimal exponent of the leading digit. */
  for (mag = value; mag >= 10 && e10 < 400; e10++)
    mag /= 10;
  for (; mag < 1 && e10 > -400; e10--)
    mag *= 10;

  if (e10 >= -4 && e10 < 15)
    {
      int decimals = digits - 1 - e10;

      if (decimals < 0)
        decimals = 0;
      if (decimals > PS_POW10_MAX - 4)
        decimals = PS_POW10_MAX - 4;
      format_fixed (value, decimals, tmp, sizeof tmp);
    }
  else
    {
      /* Scientific notation, C style: "1.5e+20". */
      char mant[40];
      double m = scale_pow10 (value, -e10);

      /* Rounding may carry into a new digit: 9.9996 with 4 digits is 10.00 → 1e+next. */
      if (m * ps_pow10[digits - 1] + 0.5 >= ps_pow10[digits])
        {
          m /= 10;
          e10++;
        }
      format_fixed (m, digits - 1, mant, sizeof mant);
      snprintf (tmp, sizeof tmp, "%se%c%02d", mant, e10 < 0 ? '-' : '+', e10 < 0 ? -e10 : e10);
    }
  append (buf, size, &pos, tmp);
}

void
ps_units_format_bytes (uint64_t bytes, char *buf, size_t size)
{
  static const char *const names[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  unsigned i = 0;
  char number[48];

  if (buf == NULL || size == 0)
    return;
  while (i + 1 < sizeof names / sizeof names[0] && bytes >= (1ull << (10 * (i + 1))))
    i++;
  if (i == 0)
    snprintf (number, sizeof number, "%llu", (unsigned long long) bytes);
  else
    ps_units_format_double ((double) bytes / (double) (1ull << (10 * i)), 4, number,
                            sizeof number);
  snprintf (buf, size, "%s %s", number, names[i]);
}

void
ps_units_format_duration (double ns, char *buf, size_t size)
{
  static const struct
  {
    double ns;
    const char *name;
  } units[] = {
    { 3600e9, "h" }, { 60e9, "min" }, { 1e9, "s" }, { 1e6, "ms" }, { 1e3, "\xc2\xb5s" },
  };
  double mag = ns < 0 ? -ns : ns;
  char number[48];

  if (buf == NULL || size == 0)
    return;
  if (ns != ns)
    {
      snprintf (buf, size, "nan");
      return;
    }
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    {
      /* Round first so that 999.99 µs prints as "1 ms", not "1000 µs". */
      if (mag >= units[i].ns * 0.99995)
        {
          ps_units_format_double (ns / units[i].ns, 4, number, sizeof number);
          snprintf (buf, size, "%s %s", number, units[i].name);
          return;
        }
    }
  ps_units_format_double (ns, 4, number, sizeof number);
  snprintf (buf, size, "%s ns", number);
}
