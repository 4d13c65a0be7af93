/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-isolate-list.c */
#include "ps-isolate-list.h"

#include <stddef.h>

static PsIsolate *
unlink_after (PsIsolateList *list, PsIsolate *prev, PsIsolate *iso)
{
  if (prev == NULL)
    list->head = iso->next;
  else
    prev->next = iso->next;
  iso->next = NULL;
  list->length--;
  return iso;
}

PsIsolate *
ps_isolate_list_take (PsIsolateList *list, bool by_tenant, uint32_t tenant)
{
  PsIsolate *prev = NULL;

  for (PsIsolate *iso = list->head; iso != NULL; prev = iso, iso = iso->next)
    if (!by_tenant || iso->tenant_key == tenant)
      return unlink_after (list, prev, iso);
  return NULL;
}

PsIsolate *
ps_isolate_list_take_lru (PsIsolateList *list)
{
  PsIsolate *prev = NULL, *best = NULL, *best_prev = NULL;

  for (PsIsolate *iso = list->head; iso != NULL; prev = iso, iso = iso->next)
    if (best == NULL || iso->last_use < best->last_use)
      {
        best = iso;
        best_prev = prev;
      }
  return best ? unlink_after (list, best_prev, best) : NULL;
}

unsigned
ps_isolate_list_trim (PsIsolateList *list, unsigned keep, PsIsolateBudget *budget)
{
  unsigned destroyed = 0;

  while (list->length > keep)
    {
      ps_isolate_free (ps_isolate_list_take_lru (list), budget);
      destroyed++;
    }
  return destroyed;
}
