/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-task-source.c */
#include "ps-task-source.h"

#include <stdlib.h>
#include <string.h>

void
ps_task_source_init (PsTaskSource *src, uint64_t end)
{
  memset (src, 0, sizeof *src);
  atomic_init (&src->next, 0);
  atomic_init (&src->retry_pos, 0);
  src->end = end;
}

void
ps_task_source_clear (PsTaskSource *src)
{
  free (src->retry);
  src->retry = NULL;
  src->retry_len = src->retry_cap = 0;
}

size_t
ps_task_source_claim (PsTaskSource *src, uint64_t limit, uint64_t *ids, size_t n)
{
  size_t got = 0;

  /* Given-back ids first, so a knob change does not reorder the workload more than needed. */
  while (got < n && atomic_load_explicit (&src->retry_pos, memory_order_relaxed) < src->retry_len)
    {
      size_t pos = atomic_fetch_add (&src->retry_pos, 1);
      if (pos >= src->retry_len)
        break;
      ids[got++] = src->retry[pos];
    }
  if (got == n)
    return got;

  uint64_t stop = limit < src->end ? limit : src->end;
  uint64_t first = atomic_load_explicit (&src->next, memory_order_relaxed);
  uint64_t take;
  do
    {
      if (first >= stop)
        return got;
      take = stop - first < n - got ? stop - first : n - got;
    }
  while (!atomic_compare_exchange_weak (&src->next, &first, first + take));

  for (uint64_t i = 0; i < take; i++)
    ids[got++] = first + i;
  return got;
}

bool
ps_task_source_give_back (PsTaskSource *src, uint64_t id)
{
  size_t pos = atomic_load (&src->retry_pos);

  /* Drop the entries already handed out before appending. */
  if (pos > 0)
    {
      size_t left = pos < src->retry_len ? src->retry_len - pos : 0;
      memmove (src->retry, src->retry + (src->retry_len - left), left * sizeof (uint64_t));
      src->retry_len = left;
      atomic_store (&src->retry_pos, 0);
    }
  if (src->retry_len == src->retry_cap)
    {
      size_t cap = src->retry_cap ? src->retry_cap * 2 : 256;
      uint64_t *grown = realloc (src->retry, cap * sizeof (uint64_t));
      if (grown == NULL)
        return false;
      src->retry = grown;
      src->retry_cap = cap;
    }
  src->retry[src->retry_len++] = id;
  return true;
}

bool
ps_task_source_exhausted (PsTaskSource *src, uint64_t limit)
{
  uint64_t stop = limit < src->end ? limit : src->end;

  return atomic_load (&src->retry_pos) >= src->retry_len && atomic_load (&src->next) >= stop;
}

void
ps_task_source_skip_to (PsTaskSource *src, uint64_t next)
{
  if (next > atomic_load (&src->next))
    atomic_store (&src->next, next);
}

uint64_t
ps_task_source_issued (PsTaskSource *src)
{
  return atomic_load (&src->next);
}
