/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-report.c: copying and freeing reports (they own their segment and per-thread arrays). */
#include "ps-run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ps-report-private.h"

static bool
result_copy (PsResult *dst, const PsResult *src)
{
  *dst = *src;
  dst->per_thread_tasks = NULL;
  if (src->per_thread_tasks == NULL || src->n_threads == 0)
    return true;
  dst->per_thread_tasks = malloc (src->n_threads * sizeof (uint64_t));
  if (dst->per_thread_tasks == NULL)
    return false;
  memcpy (dst->per_thread_tasks, src->per_thread_tasks, src->n_threads * sizeof (uint64_t));
  return true;
}

void
ps_strategy_report_clear (PsStrategyReport *rep)
{
  free (rep->total.per_thread_tasks);
  for (unsigned i = 0; i < rep->n_segments; i++)
    free (rep->segments[i].result.per_thread_tasks);
  free (rep->segments);
  free (rep->task_runs);
  memset (rep, 0, sizeof *rep);
}

static bool
strategy_report_copy (PsStrategyReport *dst, const PsStrategyReport *src)
{
  memset (dst, 0, sizeof *dst);
  dst->strategy = src->strategy;
  if (!result_copy (&dst->total, &src->total))
    return false;
  if (src->n_segments > 0)
    {
      dst->segments = calloc (src->n_segments, sizeof (PsSegment));
      if (dst->segments == NULL)
        return false;
      for (unsigned i = 0; i < src->n_segments; i++)
        {
          dst->segments[i] = src->segments[i];
          if (!result_copy (&dst->segments[i].result, &src->segments[i].result))
            return false;
          dst->n_segments = i + 1;
        }
    }
  if (src->task_runs != NULL)
    {
      dst->task_runs = malloc (src->n_task_runs * sizeof (uint32_t));
      if (dst->task_runs == NULL)
        return false;
      memcpy (dst->task_runs, src->task_runs, src->n_task_runs * sizeof (uint32_t));
      dst->n_task_runs = src->n_task_runs;
    }
  return true;
}

PsReport *
ps_report_copy (const PsReport *report)
{
  PsReport *copy = calloc (1, sizeof *copy);

  if (copy == NULL)
    return NULL;
  *copy = *report;
  copy->strategies = calloc (report->n_strategies ? report->n_strategies : 1,
                             sizeof (PsStrategyReport));
  copy->n_strategies = 0;
  if (copy->strategies == NULL)
    {
      free (copy);
      return NULL;
    }
  for (unsigned i = 0; i < report->n_strategies; i++)
    {
      copy->n_strategies = i + 1;
      if (!strategy_report_copy (&copy->strategies[i], &report->strategies[i]))
        {
          ps_report_free (copy);
          return NULL;
        }
    }
  return copy;
}

void
ps_report_free (PsReport *report)
{
  if (report == NULL)
    return;
  for (unsigned i = 0; i < report->n_strategies; i++)
    ps_strategy_report_clear (&report->strategies[i]);
  free (report->strategies);
  free (report);
}

double
ps_latency_bin_low_ns (unsigned bin)
{
  return ldexp (bin % 2 ? 1.5 : 1.0, (int) (bin / 2));
}
