/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-scenario.c: defaults, names, strategy parsing, validation and the memory estimate.
 *
 * Everything here works on caller-owned data or constant tables, so it is safe on any thread.
 */
#include "ps-scenario.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ps-error.h"
#include "ps-knobs.h"
#include "ps-strategy-private.h"
#include "ps-units.h"
#include "ps-workload.h"

static const char *const dispatch_names[PS_DISPATCH_COUNT] = {
  [PS_DISPATCH_INLINE] = "inline",           [PS_DISPATCH_SPAWN] = "spawn",
  [PS_DISPATCH_OWN_LOOP] = "own-loop",       [PS_DISPATCH_SHARED_QUEUE] = "shared-queue",
  [PS_DISPATCH_STICKY] = "sticky",           [PS_DISPATCH_STEAL] = "steal",
  [PS_DISPATCH_BATCHED] = "batched",        [PS_DISPATCH_OWN_TENANTS] = "own-tenants",
  [PS_DISPATCH_FORK_JOIN] = "fork-join",
};

static const char *const isolates_names[PS_ISOLATES_COUNT] = {
  [PS_ISOLATES_FRESH] = "fresh",
  [PS_ISOLATES_SHARED_POOL] = "shared-pool",
  [PS_ISOLATES_THREAD_LOCAL] = "thread-local",
};

static const PsStrategy named_strategies[] = {
  { "single", PS_DISPATCH_INLINE, PS_ISOLATES_THREAD_LOCAL },
  { "spawn", PS_DISPATCH_SPAWN, PS_ISOLATES_FRESH },
  { "legacy", PS_DISPATCH_OWN_LOOP, PS_ISOLATES_FRESH },
  { "shared", PS_DISPATCH_OWN_LOOP, PS_ISOLATES_SHARED_POOL },
  { "pinned", PS_DISPATCH_OWN_TENANTS, PS_ISOLATES_THREAD_LOCAL },
  { "queue", PS_DISPATCH_SHARED_QUEUE, PS_ISOLATES_THREAD_LOCAL },
  { "steal", PS_DISPATCH_STEAL, PS_ISOLATES_THREAD_LOCAL },
  { "batched", PS_DISPATCH_BATCHED, PS_ISOLATES_THREAD_LOCAL },
};
#define N_NAMED (sizeof named_strategies / sizeof named_strategies[0])

/* Whether @name is @base, bare or with overrides ("single", "single[transfer=move]"). */
static bool
is_named (const char *name, const char *base)
{
  size_t n = strlen (base);

  return strncmp (name, base, n) == 0 && (name[n] == '\0' || name[n] == '[');
}

void
ps_strategy_apply_fixed_knobs (const PsStrategy *strategy, PsScenario *s)
{
  if (is_named (strategy->name, named_strategies[0].name)) /* single */
    s->isolates = 1;
}

void
ps_strategy_apply_knobs (const PsStrategy *strategy, PsScenario *s)
{
  ps_strategy_apply_fixed_knobs (strategy, s);
  for (unsigned i = 0; i < strategy->n_overrides && i < PS_STRATEGY_MAX_OVERRIDES; i++)
    ps_knob_set (s, (PsKnob) strategy->overrides[i].knob, strategy->overrides[i].value);
}

void
ps_scenario_init_defaults (PsScenario *s)
{
  memset (s, 0, sizeof *s);
  s->strategies[0] = named_strategies[0]; /* single */
  s->strategies[1] = named_strategies[3]; /* shared */
  s->strategies[2] = named_strategies[4]; /* pinned */
  s->n_strategies = 3;

  s->threads = 2;
  s->isolates = 2;
  s->inflight = 1;
  s->batch_size = 64;
  s->batch_depth = 4;
  s->affinity = PS_AFFINITY_ANY;
  s->acquire = PS_ACQUIRE_BLOCK;
  s->spin_ns = 100000; /* the OpenWorkers benchmark slept 100 µs between retries */
  s->rate = 0;         /* closed loop */
  s->arrivals = PS_ARRIVALS_CONSTANT;

  s->isolate_heap_bytes = 64 * 1024;
  s->isolate_init_ns = 0;
  s->create_mode = PS_CREATE_NEW_GROUP;

  s->payload_bytes = 4 * 1024;
  s->transfer = PS_TRANSFER_COPY;
  s->payload_source = PS_PAYLOAD_SOURCE_COLD;
  s->copy_alias = false;
  s->serialize_ns_per_byte = 0;
  s->work_ns = 20000;
  s->io_delay_ns = 0;
  s->io_while_holding = false;
  s->gil = false;
  s->gil_switch_ns = 5000000; /* CPython's sys.getswitchinterval () */
  s->poll_ns = 0;
  s->tenants = 10; /* OpenWorkers cycles worker ids through i % 10 */
  s->skew = 0;

  s->tasks = 20000;
  s->duration_ns = 0;
  s->warmup_tasks = 1000;
  s->warmup_ns = 0;
  s->seed = 1;
  s->order = PS_ORDER_SEQUENTIAL;
  s->interleave_ns = 200000000;
  s->sample_ns = 100000000;
  s->track_tasks = false;
}

/* Enum names that are also knobs live in the knob table, so they are spelled exactly once. */
static const char *
knob_choice (PsKnob knob, unsigned value)
{
  const PsKnobInfo *info = ps_knob_info (knob);

  if (value > (unsigned) info->max)
    return NULL;
  return info->choices[value];
}

const char *
ps_dispatch_name (PsDispatchKind kind)
{
  return (unsigned) kind < PS_DISPATCH_COUNT ? dispatch_names[kind] : NULL;
}

const char *
ps_isolates_name (PsIsolatesKind kind)
{
  return (unsigned) kind < PS_ISOLATES_COUNT ? isolates_names[kind] : NULL;
}

const char *
ps_transfer_name (PsTransfer transfer)
{
  return knob_choice (PS_KNOB_TRANSFER, (unsigned) transfer);
}

const char *
ps_affinity_name (PsAffinity affinity)
{
  return knob_choice (PS_KNOB_AFFINITY, (unsigned) affinity);
}

const char *
ps_acquire_name (PsAcquire acquire)
{
  return knob_choice (PS_KNOB_ACQUIRE, (unsigned) acquire);
}

const char *
ps_create_mode_name (PsCreateMode mode)
{
  return knob_choice (PS_KNOB_CREATE_MODE, (unsigned) mode);
}

const char *
ps_order_name (PsOrder order)
{
  return knob_choice (PS_KNOB_ORDER, (unsigned) order);
}

unsigned
ps_named_strategies (const PsStrategy **out)
{
  if (out != NULL)
    *out = named_strategies;
  return N_NAMED;
}

/* Index of @name (of length @len) in @names, or -1. */
static int
find_name (const char *const *names, unsigned n, const char *name, size_t len)
{
  for (unsigned i = 0; i < n; i++)
    if (strlen (names[i]) == len && strncmp (names[i], name, len) == 0)
      return (int) i;
  return -1;
}

int
ps_strategy_parse_base (const char *text, PsStrategy *out)
{
  const char *plus;
  int dispatch, isolates;

  if (text == NULL || out == NULL)
    return PS_EUNKNOWN;
  for (unsigned i = 0; i < N_NAMED; i++)
    if (strcmp (text, named_strategies[i].name) == 0)
      {
        *out = named_strategies[i];
        return 0;
      }

  plus = strchr (text, '+');
  if (plus == NULL)
    return PS_EUNKNOWN;
  dispatch = find_name (dispatch_names, PS_DISPATCH_COUNT, text, (size_t) (plus - text));
  isolates = find_name (isolates_names, PS_ISOLATES_COUNT, plus + 1, strlen (plus + 1));
  if (dispatch < 0 || isolates < 0)
    return PS_EUNKNOWN;

  memset (out, 0, sizeof *out);
  out->dispatch = (PsDispatchKind) dispatch;
  out->isolates_mode = (PsIsolatesKind) isolates;
  /* The canonical spelling, so reports never echo stray input. It always fits: the longest pair,
   * "shared-queue+thread-local", has 25 characters. */
  snprintf (out->name, sizeof out->name, "%s+%s", dispatch_names[dispatch],
            isolates_names[isolates]);
  return 0;
}

int
ps_strategy_parse (const char *text, PsStrategy *out)
{
  return ps_strategy_parse_checked (text, out, NULL, 0);
}

/* ---- Memory estimate ------------------------------------------------------------------------ */

static uint64_t
sat_mul (uint64_t a, uint64_t b)
{
  uint64_t r;

  return __builtin_mul_overflow (a, b, &r) ? UINT64_MAX : r;
}

static uint64_t
sat_add (uint64_t a, uint64_t b)
{
  uint64_t r;

  return __builtin_add_overflow (a, b, &r) ? UINT64_MAX : r;
}

/* The peak bytes one strategy holds in isolates. This is the contract the engine follows, so it is
 * spelled out:
 *
 * - Isolates alive at the peak: shared-pool keeps `isolates`; thread-local keeps `isolates` per
 *   thread; fresh keeps at most one per open task (threads × inflight; inline runs on one
 *   thread), since each is destroyed when its task releases it.
 * - Each isolate owns its heap arena (counted for same-group creation too: an upper bound, since
 *   the engine may still give it an arena of its own) plus the message buffer the transfer copies
 *   into, with PS_COPY_SLACK spare bytes per chunk so the copy lands where ps_copy_destination ()
 *   puts it: `copy` one chunk, `move` nothing, `capture-whole` every chunk of the input, as each
 *   of the Dart benchmark's 4 closures captured the entire 400 KB array to use a quarter.
 * - Queued tasks are 32-byte ids and serialisation is timed, not materialised: neither counts.
 */
static uint64_t
strategy_memory (const PsScenario *s, const PsStrategy *st)
{
  uint64_t threads = st->dispatch == PS_DISPATCH_INLINE ? 1 : s->threads;
  uint64_t open_tasks = sat_mul (threads, s->inflight);
  uint64_t message = s->payload_bytes ? sat_add (s->payload_bytes, PS_COPY_SLACK) : 0;
  uint64_t isolates, per_isolate;

  switch (st->isolates_mode)
    {
    case PS_ISOLATES_SHARED_POOL:  isolates = s->isolates; break;
    case PS_ISOLATES_THREAD_LOCAL: isolates = sat_mul (threads, s->isolates); break;
    case PS_ISOLATES_FRESH:
    case PS_ISOLATES_COUNT:
    default:                       isolates = open_tasks; break;
    }

  per_isolate = s->isolate_heap_bytes;
  if (s->transfer == PS_TRANSFER_COPY)
    per_isolate = sat_add (per_isolate, message);
  else if (s->transfer == PS_TRANSFER_CAPTURE_WHOLE)
    per_isolate = sat_add (per_isolate, sat_mul (message, PS_INPUT_CHUNKS));
  return sat_mul (isolates, per_isolate);
}

/* Strategies run one after the other free everything in between, so the peak is the largest one;
 * interleaved strategies keep their pools alive across slices, so their needs add up. */
uint64_t
ps_scenario_memory_estimate (const PsScenario *s)
{
  uint64_t peak = 0;
  unsigned n = s->n_strategies < PS_MAX_STRATEGIES ? s->n_strategies : PS_MAX_STRATEGIES;

  for (unsigned i = 0; i < n; i++)
    {
      PsScenario own = *s;
      ps_strategy_apply_knobs (&s->strategies[i], &own);
      uint64_t need = strategy_memory (&own, &s->strategies[i]);

      if (s->order == PS_ORDER_INTERLEAVED)
        peak = sat_add (peak, need);
      else if (need > peak)
        peak = need;
    }
  /* The input is built once and shared by every strategy. */
  return sat_add (peak, ps_input_span_bytes (s->payload_bytes, s->payload_source));
}

static uint64_t
physical_memory (void)
{
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);

  if (pages <= 0 || page_size <= 0)
    return 0;
  return sat_mul ((uint64_t) pages, (uint64_t) page_size);
}

/* ---- Validation ----------------------------------------------------------------------------- */

/* Records the first problem and returns its code, so every check reads `return fail (…)`. */
static int fail (PsValidation *out, int code, int knob, const char *format, ...)
  __attribute__ ((format (printf, 4, 5)));

static int
fail (PsValidation *out, int code, int knob, const char *format, ...)
{
  va_list args;

  if (out != NULL)
    {
      out->code = code;
      out->knob = knob;
      va_start (args, format);
      vsnprintf (out->message, sizeof out->message, format, args);
      va_end (args);
    }
  return code;
}

static int
check_range (const PsScenario *s, PsKnob knob, PsValidation *out)
{
  const PsKnobInfo *info = ps_knob_info (knob);
  double value = ps_knob_get (s, knob);
  char lo[48], hi[48], got[48];

  if (value >= info->min && value <= info->max)
    return 0;
  ps_knob_format (info, info->min, lo, sizeof lo);
  ps_knob_format (info, info->max, hi, sizeof hi);
  ps_knob_format (info, value, got, sizeof got);
  return fail (out, PS_EINVAL, (int) knob, "--%s must be between %s and %s (got %s)",
               info->option, lo, hi, got);
}

static int
check_strategies (const PsScenario *s, PsValidation *out)
{
  if (s->n_strategies == 0)
    return fail (out, PS_EINVAL, -1, "--strategy needs at least one strategy (got none)");
  if (s->n_strategies > PS_MAX_STRATEGIES)
    return fail (out, PS_EINVAL, -1, "--strategy takes at most %d strategies (got %u)",
                 PS_MAX_STRATEGIES, s->n_strategies);

  for (unsigned i = 0; i < s->n_strategies; i++)
    {
      const PsStrategy *a = &s->strategies[i];

      if ((unsigned) a->dispatch >= PS_DISPATCH_COUNT
          || (unsigned) a->isolates_mode >= PS_ISOLATES_COUNT)
        return fail (out, PS_EINVAL, -1, "--strategy '%.*s' has an unknown dispatch or isolates "
                     "mode", PS_STRATEGY_NAME_MAX, a->name);
      for (unsigned j = 0; j < i; j++)
        {
          const PsStrategy *b = &s->strategies[j];

          /* Two names for one pair ("pinned" and "sticky+thread-local") are the same run, unless
           * their overrides differ. */
          if (a->dispatch == b->dispatch && a->isolates_mode == b->isolates_mode
              && a->n_overrides == b->n_overrides
              && memcmp (a->overrides, b->overrides, a->n_overrides * sizeof (PsKnobOverride)) == 0)
            return fail (out, PS_EINVAL, -1, "--strategy lists %s+%s twice ('%.*s' and '%.*s')",
                         dispatch_names[a->dispatch], isolates_names[a->isolates_mode],
                         PS_STRATEGY_NAME_MAX, b->name, PS_STRATEGY_NAME_MAX, a->name);
        }
      for (unsigned k = 0; k < a->n_overrides; k++)
        {
          PsScenario probe = *s;
          const PsKnobOverride *o = &a->overrides[k];

          if (a->n_overrides > PS_STRATEGY_MAX_OVERRIDES || !ps_strategy_knob_overridable (o->knob)
              || ps_knob_set (&probe, (PsKnob) o->knob, o->value) != 0)
            return fail (out, PS_EINVAL, o->knob, "--strategy '%.*s' overrides a knob it cannot, "
                         "or with a value out of its range", PS_STRATEGY_NAME_MAX, a->name);
        }
    }
  return 0;
}

/* Exactly one of a task count and a duration, each with its own kind of warm-up. */
static int
check_run_length (const PsScenario *s, PsValidation *out)
{
  char tasks[48], duration[48], warmup[48];
  int rc;

  ps_knob_format (ps_knob_info (PS_KNOB_TASKS), (double) s->tasks, tasks, sizeof tasks);
  ps_knob_format (ps_knob_info (PS_KNOB_DURATION), (double) s->duration_ns, duration,
                  sizeof duration);
  if (s->tasks > 0 && s->duration_ns > 0)
    return fail (out, PS_ECONFLICT, PS_KNOB_DURATION,
                 "--tasks and --duration cannot be combined, give one of them (got --tasks %s "
                 "and --duration %s)", tasks, duration);
  if (s->tasks == 0 && s->duration_ns == 0)
    return fail (out, PS_EINVAL, PS_KNOB_TASKS,
                 "--tasks (1 to 1000000000) or --duration (1 ms to 1 h) is required (got "
                 "neither)");

  if (s->tasks > 0)
    {
      if ((rc = check_range (s, PS_KNOB_TASKS, out)) != 0
          || (rc = check_range (s, PS_KNOB_WARMUP_TASKS, out)) != 0)
        return rc;
      if (s->warmup_ns > 0)
        {
          ps_knob_format (ps_knob_info (PS_KNOB_WARMUP_TIME), (double) s->warmup_ns, warmup,
                          sizeof warmup);
          return fail (out, PS_ECONFLICT, PS_KNOB_WARMUP_TIME,
                       "--warmup-time only applies to --duration runs; use --warmup with a "
                       "task count for --tasks (got --warmup-time %s)", warmup);
        }
      /* Open loop: tasks cannot arrive faster than the rate, so a count sets the length. */
      double seconds = s->rate > 0 ? (double) (s->tasks + s->warmup_tasks) / s->rate : 0;
      if (seconds > 3600)
        {
          ps_units_format_duration (seconds * 1e9, duration, sizeof duration);
          return fail (out, PS_EINVAL, PS_KNOB_RATE,
                       "--rate %g with --tasks %s and --warmup %llu would take %s per strategy, "
                       "longer than the 1 h a strategy may run; raise --rate, lower --tasks or "
                       "give a --duration", s->rate, tasks,
                       (unsigned long long) s->warmup_tasks, duration);
        }
      return 0;
    }

  if ((rc = check_range (s, PS_KNOB_DURATION, out)) != 0
      || (rc = check_range (s, PS_KNOB_WARMUP_TIME, out)) != 0)
    return rc;
  if (s->warmup_tasks > 0)
    return fail (out, PS_ECONFLICT, PS_KNOB_WARMUP_TASKS,
                 "--warmup counts tasks and only applies to --tasks runs; use --warmup-time "
                 "with --duration (got --warmup %llu)", (unsigned long long) s->warmup_tasks);
  return 0;
}

static int
check_conflicts (const PsScenario *s, PsValidation *out)
{
  if (s->io_while_holding && s->inflight > 1)
    for (unsigned i = 0; i < s->n_strategies; i++)
      if (s->strategies[i].isolates_mode == PS_ISOLATES_SHARED_POOL)
        return fail (out, PS_ECONFLICT, PS_KNOB_IO_WHILE_HOLDING,
                     "--io-while-holding needs --inflight 1 with the shared-pool strategy "
                     "'%.*s' (got --inflight %u): a thread holding an isolate across its I/O "
                     "that then blocks waiting for another one can deadlock the pool",
                     PS_STRATEGY_NAME_MAX, s->strategies[i].name, s->inflight);

  if (s->order == PS_ORDER_INTERLEAVED && s->n_strategies < 2)
    return fail (out, PS_ECONFLICT, PS_KNOB_ORDER,
                 "--order interleaved (which --interleave selects) needs at least 2 strategies "
                 "to alternate (got %u)",
                 s->n_strategies);
  return 0;
}

static int
check_memory (const PsScenario *s, PsValidation *out)
{
  uint64_t need = ps_scenario_memory_estimate (s);
  uint64_t ram = physical_memory ();
  char need_text[48], ram_text[48];

  if (ram == 0 || need <= ram / 2)
    return 0;
  ps_units_format_bytes (need, need_text, sizeof need_text);
  ps_units_format_bytes (ram, ram_text, sizeof ram_text);
  return fail (out, PS_ENOMEM, -1,
               "the isolates and payloads would need about %s, more than half of this "
               "machine's %s of memory; lower --threads, --isolates, --inflight, --heap or "
               "--payload", need_text, ram_text);
}

int
ps_scenario_validate (const PsScenario *s, PsValidation *out)
{
  int rc;

  if (out != NULL)
    memset (out, 0, sizeof *out);
  if (s == NULL)
    return fail (out, PS_EINVAL, -1, "no scenario");

  if ((rc = check_strategies (s, out)) != 0)
    return rc;
  for (unsigned k = 0; k < PS_KNOB_COUNT; k++)
    {
      /* The run-length knobs are checked together below: 0 there means "not used". */
      if (k == PS_KNOB_TASKS || k == PS_KNOB_DURATION || k == PS_KNOB_WARMUP_TASKS
          || k == PS_KNOB_WARMUP_TIME)
        continue;
      if ((rc = check_range (s, (PsKnob) k, out)) != 0)
        return rc;
    }
  if ((rc = check_run_length (s, out)) != 0 || (rc = check_conflicts (s, out)) != 0
      || (rc = check_memory (s, out)) != 0)
    return rc;
  return 0;
}
