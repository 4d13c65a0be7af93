/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-spsc.c */
#include "ps-spsc.h"

#include <assert.h>
#include <stdlib.h>

#include "ps-error.h"

int
ps_spsc_init (PsSpsc *q, size_t capacity)
{
  size_t cap = 2;

  while (cap < capacity)
    cap <<= 1;
  q->items = calloc (cap, sizeof (PsTask));
  if (q->items == NULL)
    return PS_ENOMEM;
  q->mask = cap - 1;
  /* Indices wrap with `& mask`, which is a modulo only for a power-of-two capacity. */
  assert (cap > 0 && (cap & q->mask) == 0);
  atomic_init (&q->head, 0);
  atomic_init (&q->tail, 0);
  q->cached_head = q->cached_tail = 0;
  return 0;
}

void
ps_spsc_clear (PsSpsc *q)
{
  free (q->items);
  q->items = NULL;
}
