/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-checksum.c: every strategy's checksum against one computed here, by a plain loop.
 *
 * The other suites compare a strategy's checksum with `single`'s, so a checksum that is wrong the
 * same way everywhere (forced to 0, say) passes them all. This suite replays the workload from its
 * definition (ps-workload.h and ps-task-source.h) without calling any engine code: task ids are
 * handed out as 0, 1, 2, …, the first warmup_tasks of them in the warm-up; task `id` belongs to
 * tenant id % tenants (or a Zipf draw when skewed) and works on input chunk id % 4, whose words are
 * hash(seed ^ chunk << 56 ^ i); its result is hash(id ^ tenant << 40 ^ sample), where the sample
 * adds up to 64 evenly spaced words of the chunk; the checksum is the sum of the results modulo
 * 2^64. Whatever the strategy, the engine must arrive at the same number.
 */
#include <math.h>

#include "ps-test-util.h"

#define N_CHUNKS 4
#define SAMPLE_WORDS 64

/* The 64-bit finaliser the engine hashes with: one step of SplitMix64 (Steele, Lea and Flood,
 * OOPSLA 2014), written out here from the published algorithm. */
static guint64
mix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

typedef struct
{
  const char *name;
  guint64 seed;
  guint64 payload_bytes;
  PsTransfer transfer;
  unsigned tenants;
  double skew;
  guint64 tasks;
  guint64 warmup_tasks;
  guint64 io_delay_ns;
  unsigned inflight;
} Variant;

static const Variant variants[] = {
  /* 512 words: every 8th word is sampled. */
  { "uniform-copy", 7, 4096, PS_TRANSFER_COPY, 5, 0.0, 300, 25, 0, 1 },
  /* 125 words (and 0 bytes of tail): the first 64 are sampled; tenants drawn from a Zipf law. */
  { "zipf-move", 0x5eed, 1000, PS_TRANSFER_MOVE, 12, 1.1, 300, 17, 0, 1 },
  /* 33 words, all sampled; tasks finish on I/O timers, two in flight per thread. */
  { "capture-io", 99, 264, PS_TRANSFER_CAPTURE_WHOLE, 3, 0.0, 60, 8, 1000000, 2 },
  /* No payload at all: the sample is 0. */
  { "empty-payload", 123456789, 0, PS_TRANSFER_COPY, 1, 0.0, 200, 0, 0, 1 },
};

static const char *const strategies[] = {
  "single", "spawn", "legacy", "shared", "pinned", "queue", "steal", "batched",
};

typedef struct
{
  guint64 warmup_checksum;  /* ids [0, warmup_tasks) */
  guint64 measured_checksum; /* ids [warmup_tasks, warmup_tasks + tasks) */
} Expected;

/* Tenant of @id under Zipf(@skew) over @tenants: the smallest t whose normalised CDF reaches a
 * uniform draw u in [0, 1) made of the top 53 bits of hash(seed × 31 + id). */
static unsigned
zipf_tenant (const double *cdf, unsigned tenants, guint64 seed, guint64 id)
{
  double u = (double) (mix64 (seed * 31 + id) >> 11) / 9007199254740992.0;

  for (unsigned t = 0; t < tenants; t++)
    if (cdf[t] >= u)
      return t;
  return tenants - 1;
}

static void
compute_expected (const Variant *v, Expected *out)
{
  guint64 sample[N_CHUNKS];
  guint64 words = v->payload_bytes / 8;
  g_autofree double *cdf = NULL;

  /* Each chunk's sample: words 0, stride, 2·stride, … below the payload's whole words, at most
   * SAMPLE_WORDS of them. */
  for (unsigned c = 0; c < N_CHUNKS; c++)
    {
      guint64 stride = words > SAMPLE_WORDS ? words / SAMPLE_WORDS : 1;

      sample[c] = 0;
      for (guint64 k = 0; k < SAMPLE_WORDS && k * stride < words; k++)
        sample[c] += mix64 (v->seed ^ ((guint64) c << 56) ^ (k * stride));
    }

  if (v->skew > 0)
    {
      double sum = 0;

      cdf = g_new (double, v->tenants);
      for (unsigned t = 0; t < v->tenants; t++)
        {
          sum += 1.0 / pow ((double) (t + 1), v->skew);
          cdf[t] = sum;
        }
      for (unsigned t = 0; t < v->tenants; t++)
        cdf[t] /= sum;
    }

  out->warmup_checksum = 0;
  out->measured_checksum = 0;
  for (guint64 id = 0; id < v->warmup_tasks + v->tasks; id++)
    {
      guint64 tenant = cdf != NULL ? zipf_tenant (cdf, v->tenants, v->seed, id) : id % v->tenants;
      guint64 result = mix64 (id ^ (tenant << 40) ^ sample[id % N_CHUNKS]);

      if (id < v->warmup_tasks)
        out->warmup_checksum += result;
      else
        out->measured_checksum += result;
    }
}

static void
scenario_for (const Variant *v, PsScenario *s)
{
  pst_scenario_init (s);
  s->seed = v->seed;
  s->payload_bytes = v->payload_bytes;
  s->transfer = v->transfer;
  s->tenants = v->tenants;
  s->skew = v->skew;
  s->tasks = v->tasks;
  s->warmup_tasks = v->warmup_tasks;
  s->io_delay_ns = v->io_delay_ns;
  s->inflight = v->inflight;
  s->threads = 2;
  s->isolates = 2;
  s->batch_size = 8;
  s->batch_depth = 2;
}

/* The checksum and task counts of one strategy's report, phase by phase and in total. */
static void
assert_strategy (const PsScenario *s, const PsStrategyReport *sr, const Expected *e)
{
  guint64 warm_tasks = 0, warm_sum = 0, measured_tasks = 0, measured_sum = 0;
  unsigned n_warm = 0;

  g_test_message ("%s: checksum %#" G_GINT64_MODIFIER "x, expected %#" G_GINT64_MODIFIER "x",
                  sr->strategy.name, sr->total.checksum, e->measured_checksum);
  pst_assert_exactly_once (sr, s->warmup_tasks + s->tasks);
  g_assert_cmpuint (sr->n_segments, >=, 1);
  for (unsigned k = 0; k < sr->n_segments; k++)
    {
      const PsSegment *seg = &sr->segments[k];

      g_assert_cmpuint (seg->index, ==, k);
      g_assert_cmpuint (pst_per_thread_sum (&seg->result), ==, seg->result.tasks_completed);
      /* The warm-up comes first: no warm-up segment after a measured one. */
      if (seg->warmup)
        {
          g_assert_cmpuint (n_warm, ==, k);
          n_warm++;
          warm_tasks += seg->result.tasks_completed;
          warm_sum += seg->result.checksum;
        }
      else
        {
          measured_tasks += seg->result.tasks_completed;
          measured_sum += seg->result.checksum;
        }
    }

  g_assert_cmpuint (warm_tasks, ==, s->warmup_tasks);
  g_assert_cmphex (warm_sum, ==, e->warmup_checksum);
  g_assert_cmpuint (measured_tasks, ==, s->tasks);
  g_assert_cmphex (measured_sum, ==, e->measured_checksum);
  g_assert_cmpuint (sr->total.tasks_completed, ==, s->tasks);
  g_assert_cmpuint (pst_per_thread_sum (&sr->total), ==, s->tasks);
  g_assert_cmphex (sr->total.checksum, ==, e->measured_checksum);
}

typedef struct
{
  const Variant *variant;
  const char *strategy;
} Case;

static void
test_strategy (gconstpointer data)
{
  const Case *c = data;
  PsScenario s;
  PsReport *report;
  Expected e;

  compute_expected (c->variant, &e);
  scenario_for (c->variant, &s);
  pst_scenario_add_strategy (&s, c->strategy);
  report = pst_run (&s);
  g_assert_true (report->completed);
  /* The strategy that ran is the one asked for. */
  g_assert_cmpstr (report->strategies[0].strategy.name, ==, c->strategy);
  assert_strategy (&s, &report->strategies[0], &e);
  ps_report_free (report);
}

/* All strategies in one run, taking turns in short slices: the measured part of each comes in
 * several segments, which must add up to the same checksum. */
static void
test_interleaved (gconstpointer data)
{
  const Variant *v = &variants[0];
  PsScenario s;
  PsReport *report;
  Expected e;

  compute_expected (v, &e);
  scenario_for (v, &s);
  for (unsigned i = 0; i < G_N_ELEMENTS (strategies); i++)
    pst_scenario_add_strategy (&s, strategies[i]);
  s.order = PS_ORDER_INTERLEAVED;
  s.interleave_ns = 10 * 1000 * 1000;
  report = pst_run (&s);
  g_assert_true (report->completed);
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      g_assert_cmpstr (report->strategies[i].strategy.name, ==, strategies[i]);
      assert_strategy (&s, &report->strategies[i], &e);
    }
  ps_report_free (report);
}

/* The hash is what every expected value rests on: pin it to SplitMix64's reference output (the
 * first value from state 0 is mix64 (0)), so a typo here cannot agree with one in the engine. */
static void
test_reference_hash (void)
{
  g_assert_cmphex (mix64 (0), ==, G_GUINT64_CONSTANT (0xe220a8397b1dcdaf));
  g_assert_cmphex (mix64 (G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)), ==,
                   G_GUINT64_CONSTANT (0x6e789e6aa1b965f4));
}

int
main (int argc, char **argv)
{
  static Case cases[G_N_ELEMENTS (variants) * G_N_ELEMENTS (strategies)];
  unsigned n = 0;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/checksum/reference-hash", test_reference_hash);
  for (unsigned v = 0; v < G_N_ELEMENTS (variants); v++)
    for (unsigned i = 0; i < G_N_ELEMENTS (strategies); i++)
      {
        g_autofree char *path = g_strdup_printf ("/engine/checksum/%s/%s", variants[v].name,
                                                 strategies[i]);

        cases[n] = (Case) { &variants[v], strategies[i] };
        pst_add_trapped (path, &cases[n], test_strategy, PST_TIMEOUT_US);
        n++;
      }
  pst_add_trapped ("/engine/checksum/interleaved/all", NULL, test_interleaved, PST_TIMEOUT_US);

  return g_test_run ();
}
