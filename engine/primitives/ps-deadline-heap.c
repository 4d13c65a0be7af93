/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-deadline-heap.c */
#include "ps-deadline-heap.h"

#include <assert.h>
#include <stdlib.h>

#include "ps-error.h"

int
ps_deadline_heap_init (PsDeadlineHeap *h, size_t capacity)
{
  assert (capacity > 0);
  h->items = calloc (capacity, sizeof (PsDeadline));
  if (h->items == NULL)
    return PS_ENOMEM;
  h->count = 0;
  h->capacity = capacity;
  return 0;
}

void
ps_deadline_heap_clear (PsDeadlineHeap *h)
{
  free (h->items);
  h->items = NULL;
  h->count = h->capacity = 0;
}

static void
swap (PsDeadline *a, PsDeadline *b)
{
  PsDeadline t = *a;

  *a = *b;
  *b = t;
}

bool
ps_deadline_heap_push (PsDeadlineHeap *h, uint64_t deadline, void *data)
{
  if (h->count == h->capacity)
    return false;
  size_t i = h->count++;
  h->items[i] = (PsDeadline) { deadline, data };
  while (i > 0 && h->items[(i - 1) / 2].deadline > h->items[i].deadline)
    {
      swap (&h->items[(i - 1) / 2], &h->items[i]);
      i = (i - 1) / 2;
    }
  return true;
}

const PsDeadline *
ps_deadline_heap_peek (const PsDeadlineHeap *h)
{
  return h->count > 0 ? &h->items[0] : NULL;
}

void *
ps_deadline_heap_pop_due (PsDeadlineHeap *h, uint64_t now)
{
  if (h->count == 0 || h->items[0].deadline > now)
    return NULL;
  void *data = h->items[0].data;
  h->items[0] = h->items[--h->count];
  for (size_t i = 0;;)
    {
      size_t least = i, l = 2 * i + 1, r = l + 1;
      if (l < h->count && h->items[l].deadline < h->items[least].deadline)
        least = l;
      if (r < h->count && h->items[r].deadline < h->items[least].deadline)
        least = r;
      if (least == i)
        break;
      swap (&h->items[i], &h->items[least]);
      i = least;
    }
  return data;
}

uint64_t
ps_deadline_heap_ticks_until (const PsDeadlineHeap *h, uint64_t now)
{
  if (h->count == 0)
    return UINT64_MAX;
  return h->items[0].deadline > now ? h->items[0].deadline - now : 0;
}
