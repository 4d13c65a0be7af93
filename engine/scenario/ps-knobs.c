/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-knobs.c: the knob table and the generic get/set/parse/format that every front-end shares.
 *
 * The table is constant data, so every function here is safe on any thread.
 */
#include "ps-knobs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ps-error.h"
#include "ps-units.h"

#define PS_MS 1000000.0
#define PS_S 1000000000.0
#define PS_GIB 1073741824.0

static const char *const affinity_choices[] = { "any", "tenant", NULL };
static const char *const acquire_choices[] = { "block", "spin", "fifo", NULL };
static const char *const arrivals_choices[] = { "constant", "poisson", NULL };
static const char *const payload_source_choices[] = { "cold", "hot", NULL };
static const char *const create_choices[] = { "new-group", "same-group", NULL };
static const char *const transfer_choices[] = { "copy", "move", "capture-whole", NULL };
static const char *const order_choices[] = { "sequential", "interleaved", NULL };
static const char *const bool_choices[] = { "off", "on", NULL };

/* The public description plus what only the parser needs: the unit of a number typed without
 * one. Bare durations follow the unit the seeds used for each knob (io_delay_ms,
 * isolate_init_us, …), and the help sentence says which it is. */
typedef struct
{
  PsKnobInfo info;
  uint64_t bare_unit_ns;
  const char *example; /* a valid value, quoted in error messages */
} PsKnobEntry;

#define COUNT(k, n, o, lo, hi, live, sweep, help)                                                  \
  [k] = { { k, n, o, PS_UNIT_COUNT, lo, hi, NULL, live, sweep, help }, 0, NULL }
#define BYTES(k, n, o, lo, hi, live, sweep, example, help)                                         \
  [k] = { { k, n, o, PS_UNIT_BYTES, lo, hi, NULL, live, sweep, help }, 0, example }
#define DURATION(k, n, o, lo, hi, bare, live, sweep, example, help)                                \
  [k] = { { k, n, o, PS_UNIT_DURATION, lo, hi, NULL, live, sweep, help }, bare, example }
#define RATIO(k, n, o, lo, hi, live, sweep, help)                                                  \
  [k] = { { k, n, o, PS_UNIT_RATIO, lo, hi, NULL, live, sweep, help }, 0, NULL }
#define ENUM(k, n, o, choices, live, help)                                                         \
  [k] = { { k, n, o, PS_UNIT_ENUM, 0, sizeof choices / sizeof choices[0] - 2, choices, live,     \
            false, help },                                                                         \
          0, NULL }
#define BOOL(k, n, o, live, help)                                                                  \
  [k] = { { k, n, o, PS_UNIT_BOOL, 0, 1, bool_choices, live, false, help }, 0, NULL }

static const PsKnobEntry knob_table[PS_KNOB_COUNT] = {
  COUNT (PS_KNOB_THREADS, "threads", "threads", 1, PS_MAX_THREADS, true, true,
         "Worker threads that run tasks (inline always uses one)."),
  COUNT (PS_KNOB_ISOLATES, "isolates", "isolates", 1, PS_MAX_ISOLATES, true, true,
         "Isolates in the shared pool, or per thread for thread-local provisioning."),
  COUNT (PS_KNOB_INFLIGHT, "inflight", "inflight", 1, 1024, true, false,
         "Requests a thread keeps open at once, serving others while one waits for its I/O."),
  COUNT (PS_KNOB_BATCH_SIZE, "batch_size", "batch-size", 1, 1e6, true, true,
         "Tasks per batch for the batched dispatch."),
  COUNT (PS_KNOB_BATCH_DEPTH, "batch_depth", "batch-depth", 1, 1024, true, false,
         "Batches in flight for the batched dispatch; 1 awaits each batch before the next."),
  ENUM (PS_KNOB_AFFINITY, "affinity", "affinity", affinity_choices, false,
        "Whether any isolate serves any tenant, or each isolate is dedicated to one tenant."),
  ENUM (PS_KNOB_ACQUIRE, "acquire", "acquire", acquire_choices, true,
        "How a thread waits for a free pooled isolate: block on a condition variable, "
        "spin-sleep and retry as the OpenWorkers benchmark did, or wait in line (fifo) so a "
        "released isolate goes to the longest waiter."),
  DURATION (PS_KNOB_SPIN, "spin", "spin", 1e3, PS_S, 1000, true, false, "100us",
            "Sleep between retries of a spinning acquire (a bare number is microseconds)."),
  BYTES (PS_KNOB_HEAP, "heap", "heap", 0, PS_GIB, true, true, "64KiB",
         "Heap arena each isolate allocates and touches when it is created."),
  DURATION (PS_KNOB_INIT, "init", "init", 0, PS_S, 1000, true, true, "500us",
            "Extra busy work when an isolate is created (a bare number is microseconds)."),
  ENUM (PS_KNOB_CREATE_MODE, "create_mode", "create-mode", create_choices, true,
        "Whether a new isolate builds its own heap or shares its group's, like Dart isolate "
        "groups."),
  BYTES (PS_KNOB_PAYLOAD, "payload", "payload", 0, PS_GIB, true, true, "4KiB",
         "Size of the data each task brings into its isolate."),
  ENUM (PS_KNOB_TRANSFER, "transfer", "transfer", transfer_choices, true,
        "How the payload enters the isolate: copied, moved without a copy, or the whole input "
        "copied per task as a Dart closure capture does."),
  DURATION (PS_KNOB_WORK, "work", "work", 0, 10 * PS_S, 1000, true, true, "20us",
            "CPU work per task on top of reading the payload (a bare number is microseconds)."),
  DURATION (PS_KNOB_IO_DELAY, "io_delay", "io-delay", 0, 10 * PS_S, 1000000, true, true, "2ms",
            "Simulated I/O wait after each task (a bare number is milliseconds)."),
  BOOL (PS_KNOB_IO_WHILE_HOLDING, "io_while_holding", "io-while-holding", true,
        "Wait for the I/O while still holding the isolate instead of after releasing it."),
  BOOL (PS_KNOB_GIL, "gil", "gil", true,
        "Hold one global lock around every task body, like Python's global interpreter lock."),
  DURATION (PS_KNOB_POLL, "poll", "poll", 0, PS_S, 1000000, true, false, "10ms",
            "Collect results by polling at this interval as repartir does; 0 signals each "
            "result (a bare number is milliseconds)."),
  COUNT (PS_KNOB_TENANTS, "tenants", "tenants", 1, 1e6, true, true,
         "Distinct tenants (worker ids) the tasks belong to."),
  RATIO (PS_KNOB_SKEW, "skew", "skew", 0, 5, true, false,
         "Zipf exponent of how tasks spread over tenants; 0 is uniform."),
  COUNT (PS_KNOB_TASKS, "tasks", "tasks", 1, 1e9, false, false,
         "Measured tasks per strategy (use either this or a duration)."),
  DURATION (PS_KNOB_DURATION, "duration", "duration", PS_MS, 3600 * PS_S, 1000000000, false,
            false, "5s",
            "Measured time per strategy instead of a task count (a bare number is seconds)."),
  COUNT (PS_KNOB_WARMUP_TASKS, "warmup_tasks", "warmup", 0, 1e9, false, false,
         "Tasks run first and left out of the figures, for task-count runs."),
  DURATION (PS_KNOB_WARMUP_TIME, "warmup_time", "warmup-time", 0, 3600 * PS_S, 1000000000,
            false, false, "1s",
            "Time run first and left out of the figures, for duration runs (a bare number is "
            "seconds)."),
  COUNT (PS_KNOB_SEED, "seed", "seed", 0, 9007199254740992.0, false, false,
         "Seed of the workload generator, so every strategy gets identical tasks."),
  ENUM (PS_KNOB_ORDER, "order", "order", order_choices, false,
        "Run the strategies one after the other, or alternate them in time slices so a race "
        "on a small machine is fair."),
  DURATION (PS_KNOB_INTERLEAVE, "interleave", "interleave", PS_MS, 10 * PS_S, 1000000,
            false, false, "200ms",
            "Length of one time slice when strategies are interleaved (a bare number is "
            "milliseconds)."),
  DURATION (PS_KNOB_SAMPLE, "sample", "sample", 10 * PS_MS, 10 * PS_S, 1000000, false, false,
            "100ms", "Period of the live samples (a bare number is milliseconds)."),
  RATIO (PS_KNOB_RATE, "rate", "rate", 0, 1e8, true, true,
         "Open loop: tasks arrive at this many per second whatever the pool does, and latency "
         "counts from each scheduled arrival; 0 runs closed, the next task as soon as there is "
         "room."),
  ENUM (PS_KNOB_ARRIVALS, "arrivals", "arrivals", arrivals_choices, true,
        "How open-loop arrivals are spaced: evenly, or as a Poisson process with random gaps."),
  DURATION (PS_KNOB_GIL_SWITCH, "gil_switch", "gil-switch", 0, PS_S, 1000000, true, false, "5ms",
            "With the GIL, its holder hands it to a waiting thread after this long, as CPython "
            "does every 5 ms; 0 keeps it for the whole task body (a bare number is "
            "milliseconds)."),
  ENUM (PS_KNOB_PAYLOAD_SOURCE, "payload_source", "payload-source", payload_source_choices,
        false,
        "Where copied payloads come from: sources larger than the last-level cache (cold, as "
        "a server's data) or a few chunks that stay in cache (hot)."),
  BOOL (PS_KNOB_COPY_ALIAS, "copy_alias", "copy-alias", true,
        "Place each copy's destination 16 bytes past a 4 KiB multiple of its source, where "
        "some CPUs' block copy slows down several times (4K aliasing)."),
  RATIO (PS_KNOB_SERIALIZE, "serialize", "serialize", 0, 1000, true, true,
         "Serialisation cost in nanoseconds per payload byte, paid by the sender one task at a "
         "time before the hand-off and again for the result, as Dart's message passing does; "
         "only strategies with a producer send messages."),
  BOOL (PS_KNOB_COUNT_CREATION, "count_creation", "count-creation", false,
        "Count isolate creation and start-up in the figures, with no warm-up, as the seeds' "
        "short runs did."),
};

const PsKnobInfo *
ps_knob_info (PsKnob knob)
{
  if ((unsigned) knob >= PS_KNOB_COUNT)
    return NULL;
  return &knob_table[knob].info;
}

const PsKnobInfo *
ps_knob_find (const char *name)
{
  if (name == NULL)
    return NULL;
  for (unsigned i = 0; i < PS_KNOB_COUNT; i++)
    if (strcmp (name, knob_table[i].info.name) == 0
        || strcmp (name, knob_table[i].info.option) == 0)
      return &knob_table[i].info;
  return NULL;
}

double
ps_knob_get (const PsScenario *s, PsKnob knob)
{
  switch (knob)
    {
    case PS_KNOB_THREADS:          return s->threads;
    case PS_KNOB_ISOLATES:         return s->isolates;
    case PS_KNOB_INFLIGHT:         return s->inflight;
    case PS_KNOB_BATCH_SIZE:       return s->batch_size;
    case PS_KNOB_BATCH_DEPTH:      return s->batch_depth;
    case PS_KNOB_AFFINITY:         return s->affinity;
    case PS_KNOB_ACQUIRE:          return s->acquire;
    case PS_KNOB_SPIN:             return (double) s->spin_ns;
    case PS_KNOB_HEAP:             return (double) s->isolate_heap_bytes;
    case PS_KNOB_INIT:             return (double) s->isolate_init_ns;
    case PS_KNOB_CREATE_MODE:      return s->create_mode;
    case PS_KNOB_PAYLOAD:          return (double) s->payload_bytes;
    case PS_KNOB_TRANSFER:         return s->transfer;
    case PS_KNOB_WORK:             return (double) s->work_ns;
    case PS_KNOB_IO_DELAY:         return (double) s->io_delay_ns;
    case PS_KNOB_IO_WHILE_HOLDING: return s->io_while_holding;
    case PS_KNOB_GIL:              return s->gil;
    case PS_KNOB_POLL:             return (double) s->poll_ns;
    case PS_KNOB_TENANTS:          return s->tenants;
    case PS_KNOB_SKEW:             return s->skew;
    case PS_KNOB_TASKS:            return (double) s->tasks;
    case PS_KNOB_DURATION:         return (double) s->duration_ns;
    case PS_KNOB_WARMUP_TASKS:     return (double) s->warmup_tasks;
    case PS_KNOB_WARMUP_TIME:      return (double) s->warmup_ns;
    case PS_KNOB_SEED:             return (double) s->seed;
    case PS_KNOB_ORDER:            return s->order;
    case PS_KNOB_INTERLEAVE:       return (double) s->interleave_ns;
    case PS_KNOB_SAMPLE:           return (double) s->sample_ns;
    case PS_KNOB_RATE:             return s->rate;
    case PS_KNOB_ARRIVALS:         return s->arrivals;
    case PS_KNOB_GIL_SWITCH:       return (double) s->gil_switch_ns;
    case PS_KNOB_PAYLOAD_SOURCE:   return s->payload_source;
    case PS_KNOB_COPY_ALIAS:       return s->copy_alias;
    case PS_KNOB_SERIALIZE:        return s->serialize_ns_per_byte;
    case PS_KNOB_COUNT_CREATION:   return s->count_creation;
    case PS_KNOB_COUNT:
    default:                       return 0;
    }
}

/* Whether @value is allowed for @info: inside the range and whole unless the unit is a ratio.
 * Written so that NaN fails every comparison and is refused. */
static bool
value_in_range (const PsKnobInfo *info, double value)
{
  if (!(value >= info->min && value <= info->max))
    return false;
  return info->unit == PS_UNIT_RATIO || value == (double) (uint64_t) value;
}

int
ps_knob_set (PsScenario *s, PsKnob knob, double value)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  uint64_t u;

  if (info == NULL || s == NULL || !value_in_range (info, value))
    return PS_EINVAL;
  u = (uint64_t) value;

  switch (knob)
    {
    case PS_KNOB_THREADS:          s->threads = (unsigned) u; break;
    case PS_KNOB_ISOLATES:         s->isolates = (unsigned) u; break;
    case PS_KNOB_INFLIGHT:         s->inflight = (unsigned) u; break;
    case PS_KNOB_BATCH_SIZE:       s->batch_size = (unsigned) u; break;
    case PS_KNOB_BATCH_DEPTH:      s->batch_depth = (unsigned) u; break;
    case PS_KNOB_AFFINITY:         s->affinity = (PsAffinity) u; break;
    case PS_KNOB_ACQUIRE:          s->acquire = (PsAcquire) u; break;
    case PS_KNOB_SPIN:             s->spin_ns = u; break;
    case PS_KNOB_HEAP:             s->isolate_heap_bytes = u; break;
    case PS_KNOB_INIT:             s->isolate_init_ns = u; break;
    case PS_KNOB_CREATE_MODE:      s->create_mode = (PsCreateMode) u; break;
    case PS_KNOB_PAYLOAD:          s->payload_bytes = u; break;
    case PS_KNOB_TRANSFER:         s->transfer = (PsTransfer) u; break;
    case PS_KNOB_WORK:             s->work_ns = u; break;
    case PS_KNOB_IO_DELAY:         s->io_delay_ns = u; break;
    case PS_KNOB_IO_WHILE_HOLDING: s->io_while_holding = u != 0; break;
    case PS_KNOB_GIL:              s->gil = u != 0; break;
    case PS_KNOB_POLL:             s->poll_ns = u; break;
    case PS_KNOB_TENANTS:          s->tenants = (unsigned) u; break;
    case PS_KNOB_SKEW:             s->skew = value; break;
    case PS_KNOB_TASKS:            s->tasks = u; break;
    case PS_KNOB_DURATION:         s->duration_ns = u; break;
    case PS_KNOB_WARMUP_TASKS:     s->warmup_tasks = u; break;
    case PS_KNOB_WARMUP_TIME:      s->warmup_ns = u; break;
    case PS_KNOB_SEED:             s->seed = u; break;
    case PS_KNOB_ORDER:            s->order = (PsOrder) u; break;
    case PS_KNOB_INTERLEAVE:       s->interleave_ns = u; break;
    case PS_KNOB_SAMPLE:           s->sample_ns = u; break;
    case PS_KNOB_RATE:             s->rate = value; break;
    case PS_KNOB_ARRIVALS:         s->arrivals = (PsArrivals) u; break;
    case PS_KNOB_GIL_SWITCH:       s->gil_switch_ns = u; break;
    case PS_KNOB_PAYLOAD_SOURCE:   s->payload_source = (PsPayloadSource) u; break;
    case PS_KNOB_COPY_ALIAS:       s->copy_alias = u != 0; break;
    case PS_KNOB_SERIALIZE:        s->serialize_ns_per_byte = value; break;
    case PS_KNOB_COUNT_CREATION:   s->count_creation = u != 0; break;
    case PS_KNOB_COUNT:
    default:                       return PS_EINVAL;
    }
  return 0;
}

static const PsKnobEntry *
entry_of (const PsKnobInfo *info)
{
  return &knob_table[info->knob];
}

/* Writes "a, b, c" for an enum's choices. */
static void
format_choices (const PsKnobInfo *info, char *buf, size_t size)
{
  size_t pos = 0;

  buf[0] = '\0';
  for (unsigned i = 0; info->choices[i] != NULL; i++)
    {
      int n = snprintf (buf + pos, size - pos, "%s%s", i > 0 ? ", " : "", info->choices[i]);

      if (n < 0 || (size_t) n >= size - pos)
        break;
      pos += (size_t) n;
    }
}

/* The one-line message for a value that parsed but lies outside the knob's range. @typed is
 * what the user wrote, shown when the parsed value cannot stand for it exactly. */
static void
range_message (const PsKnobInfo *info, double value, const char *typed, char *message,
               size_t size)
{
  char lo[48], hi[48], got[48];

  ps_knob_format (info, info->min, lo, sizeof lo);
  ps_knob_format (info, info->max, hi, sizeof hi);
  if (typed != NULL)
    snprintf (got, sizeof got, "%s", typed);
  else
    ps_knob_format (info, value, got, sizeof got);
  if (typed == NULL && info->unit == PS_UNIT_COUNT && value >= info->min && value <= info->max)
    snprintf (message, size, "--%s must be a whole number between %s and %s (got %s)",
              info->option, lo, hi, got);
  else
    snprintf (message, size, "--%s must be between %s and %s (got %s)", info->option, lo, hi,
              got);
}

/* The one-line message for text that is not a value of the knob's kind at all. */
static void
syntax_message (const PsKnobInfo *info, const char *text, char *message, size_t size)
{
  char lo[48], hi[48], choices[160];
  const char *kind = info->unit == PS_UNIT_BYTES ? "a size" : "a duration";

  ps_knob_format (info, info->min, lo, sizeof lo);
  ps_knob_format (info, info->max, hi, sizeof hi);
  switch (info->unit)
    {
    case PS_UNIT_ENUM:
      format_choices (info, choices, sizeof choices);
      snprintf (message, size, "--%s must be one of %s (got '%s')", info->option, choices, text);
      break;
    case PS_UNIT_BOOL:
      snprintf (message, size, "--%s must be on or off (got '%s')", info->option, text);
      break;
    case PS_UNIT_BYTES:
    case PS_UNIT_DURATION:
      snprintf (message, size, "--%s must be %s between %s and %s, such as %s (got '%s')",
                info->option, kind, lo, hi, entry_of (info)->example, text);
      break;
    case PS_UNIT_COUNT:
    case PS_UNIT_RATIO:
    default:
      snprintf (message, size, "--%s must be a number between %s and %s (got '%s')",
                info->option, lo, hi, text);
      break;
    }
}

/* Whether @text, when written as plain digits, is exactly @value. */
static bool
count_is_exact (const char *text, double value)
{
  uint64_t exact = 0;
  bool digits = false;

  for (; *text == ' ' || *text == '\t'; text++)
    ;
  for (; *text >= '0' && *text <= '9'; text++)
    {
      if (exact > (UINT64_MAX - 9) / 10)
        return false;
      exact = exact * 10 + (uint64_t) (*text - '0');
      digits = true;
    }
  for (; *text == ' ' || *text == '\t'; text++)
    ;
  if (!digits || *text != '\0')
    return true; /* "1e6" and the like: the double is what was meant */
  return (double) exact == value && (uint64_t) value == exact;
}

static int
parse_choice (const char *const *choices, const char *text, double *value)
{
  for (unsigned i = 0; choices[i] != NULL; i++)
    if (strcasecmp (text, choices[i]) == 0)
      {
        *value = i;
        return 0;
      }
  return PS_EINVAL;
}

static int
parse_bool (const char *text, double *value)
{
  static const char *const yes[] = { "on", "true", "yes", "1", NULL };
  static const char *const no[] = { "off", "false", "no", "0", NULL };

  if (parse_choice (yes, text, value) == 0)
    *value = 1;
  else if (parse_choice (no, text, value) == 0)
    *value = 0;
  else
    return PS_EINVAL;
  return 0;
}

/* Parses without range checks. Returns 0 or PS_EINVAL. */
static int
parse_value (const PsKnobInfo *info, const char *text, double *value)
{
  uint64_t u;
  int rc;

  switch (info->unit)
    {
    case PS_UNIT_ENUM:
      return parse_choice (info->choices, text, value);
    case PS_UNIT_BOOL:
      return parse_bool (text, value);
    case PS_UNIT_BYTES:
      rc = ps_units_parse_bytes (text, &u);
      break;
    case PS_UNIT_DURATION:
      rc = ps_units_parse_duration (text, entry_of (info)->bare_unit_ns, &u);
      break;
    case PS_UNIT_COUNT:
    case PS_UNIT_RATIO:
    default:
      return ps_units_parse_double (text, value);
    }
  if (rc == 0)
    *value = (double) u;
  return rc;
}

int
ps_knob_parse (const PsKnobInfo *info, const char *text, double *value, char *message,
               size_t message_size)
{
  double v = 0;
  char scratch[8];

  /* Callers may pass no message buffer; write into a throwaway one to keep the code simple. */
  if (message == NULL || message_size == 0)
    {
      message = scratch;
      message_size = sizeof scratch;
    }
  message[0] = '\0';
  if (info == NULL || (unsigned) info->knob >= PS_KNOB_COUNT || value == NULL)
    {
      snprintf (message, message_size, "unknown knob");
      return PS_EINVAL;
    }
  if (text == NULL)
    text = "";
  if (parse_value (info, text, &v) != 0)
    {
      syntax_message (info, text, message, message_size);
      return PS_EINVAL;
    }
  if (!value_in_range (info, v))
    {
      range_message (info, v, NULL, message, message_size);
      return PS_EINVAL;
    }
  /* A double holds integers exactly only up to 2^53: "9007199254740993" must not quietly become
   * 9007199254740992. Plain digits are checked against their exact value. */
  if (info->unit == PS_UNIT_COUNT && !count_is_exact (text, v))
    {
      range_message (info, v, text, message, message_size);
      return PS_EINVAL;
    }
  *value = v;
  return 0;
}

/* Writes a size or duration that reads back as exactly @value: the short form ("1.5 MiB") when it
 * is exact, else the largest unit that divides the value ("1000000 B", "123457 µs"). */
static void
format_exact (const PsKnobInfo *info, uint64_t value, char *buf, size_t size)
{
  static const struct
  {
    uint64_t factor;
    const char *name;
  } byte_units[] = { { 1ull << 30, "GiB" }, { 1ull << 20, "MiB" }, { 1ull << 10, "KiB" },
                     { 1, "B" } },
    time_units[] = { { 3600000000000ull, "h" }, { 60000000000ull, "min" },
                     { 1000000000ull, "s" },    { 1000000ull, "ms" },
                     { 1000ull, "\xc2\xb5s" },  { 1, "ns" } };
  bool bytes = info->unit == PS_UNIT_BYTES;
  uint64_t back = 0;
  int rc;

  if (bytes)
    {
      ps_units_format_bytes (value, buf, size);
      rc = ps_units_parse_bytes (buf, &back);
    }
  else
    {
      ps_units_format_duration ((double) value, buf, size);
      rc = ps_units_parse_duration (buf, 1, &back);
    }
  if (rc == 0 && back == value)
    return;

  for (unsigned i = 0; i < (bytes ? 4u : 6u); i++)
    {
      uint64_t factor = bytes ? byte_units[i].factor : time_units[i].factor;

      if (value % factor == 0)
        {
          snprintf (buf, size, "%llu %s", (unsigned long long) (value / factor),
                    bytes ? byte_units[i].name : time_units[i].name);
          return;
        }
    }
}

/* The fewest digits (at least 6) that read back as exactly @value: "1.1", never
 * "1.1000000000000001". */
static void
format_shortest (double value, char *buf, size_t size)
{
  double back;

  for (int digits = 6; digits <= 17; digits++)
    {
      ps_units_format_double (value, digits, buf, size);
      if (ps_units_parse_double (buf, &back) != 0 || back == value)
        return;
    }
}

void
ps_knob_format (const PsKnobInfo *info, double value, char *buf, size_t buf_size)
{
  bool whole = value >= 0 && value < 18446744073709551616.0 && value == (double) (uint64_t) value;

  if (buf == NULL || buf_size == 0)
    return;
  if (info == NULL)
    {
      snprintf (buf, buf_size, "?");
      return;
    }
  switch (info->unit)
    {
    case PS_UNIT_ENUM:
    case PS_UNIT_BOOL:
      if (whole && value <= info->max)
        snprintf (buf, buf_size, "%s", info->choices[(unsigned) value]);
      else
        ps_units_format_double (value, 6, buf, buf_size);
      break;
    case PS_UNIT_BYTES:
    case PS_UNIT_DURATION:
      if (whole)
        format_exact (info, (uint64_t) value, buf, buf_size);
      else if (info->unit == PS_UNIT_DURATION)
        ps_units_format_duration (value, buf, buf_size);
      else
        ps_units_format_double (value, 6, buf, buf_size);
      break;
    case PS_UNIT_COUNT:
      if (whole)
        {
          snprintf (buf, buf_size, "%llu", (unsigned long long) value);
          break;
        }
      /* A fractional or negative count: show it as the real number it is. */
      /* fall through */
    case PS_UNIT_RATIO:
    default:
      format_shortest (value, buf, buf_size);
      break;
    }
}

void
ps_knob_format_approx (const PsKnobInfo *info, double value, char *buf, size_t buf_size)
{
  if (info->unit == PS_UNIT_BYTES)
    ps_units_format_bytes ((uint64_t) value, buf, buf_size);
  else if (info->unit == PS_UNIT_DURATION)
    ps_units_format_duration (value, buf, buf_size);
  else if (value != round (value))
    snprintf (buf, buf_size, "%.3g", value); /* an interpolated crossing: its digits are not exact */
  else
    ps_knob_format (info, value, buf, buf_size);
}
