/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-deadline-heap.h: a fixed-capacity binary min-heap of deadlines, in clock ticks.
 *
 * A worker keeps its in-flight requests' I/O here. libuv timers count whole milliseconds, which
 * rounded every sub-millisecond I/O delay up to 1 ms; a heap of tick deadlines keeps each delay
 * exact to one wake-up, from microseconds to seconds. Single-threaded: one worker owns a heap.
 */
#pragma once

#ifndef PS_ENGINE_COMPILATION
# error "ps-deadline-heap.h is internal to the engine: include <ps-engine.h>."
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct
{
  uint64_t deadline;   /* ticks */
  void *data;          /* borrowed */
} PsDeadline;

typedef struct
{
  PsDeadline *items;   /* owned; items[0] is the earliest */
  size_t count;
  size_t capacity;
} PsDeadlineHeap;

/* Returns 0 or PS_ENOMEM. */
int ps_deadline_heap_init (PsDeadlineHeap *h, size_t capacity);
void ps_deadline_heap_clear (PsDeadlineHeap *h);

/* Adds @data due at @deadline. Returns false when the heap is full. */
bool ps_deadline_heap_push (PsDeadlineHeap *h, uint64_t deadline, void *data);

/* The earliest entry, or NULL when empty. */
const PsDeadline *ps_deadline_heap_peek (const PsDeadlineHeap *h);

/* Removes the earliest entry if it is due at @now (deadline ≤ @now) and returns its data; NULL
 * when nothing is due. */
void *ps_deadline_heap_pop_due (PsDeadlineHeap *h, uint64_t now);

/* Ticks until the earliest deadline: 0 when one is due, UINT64_MAX when the
 * heap is empty. Exact, never rounded to a coarser unit. */
uint64_t ps_deadline_heap_ticks_until (const PsDeadlineHeap *h, uint64_t now);
