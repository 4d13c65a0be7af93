/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-ring.c */
#include "ps-ring.h"

#include <assert.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "ps-error.h"

/* A sample travels as PS_RING_WORDS relaxed atomic words, memcpy'd in and out of a word array:
 * the words must hold all of it, and a word-aligned copy must be a valid PsSample. */
_Static_assert (sizeof (((PsRingSlot *) 0)->words) >= sizeof (PsSample),
                "a ring slot must hold a whole PsSample");
_Static_assert (alignof (PsSample) <= alignof (uint64_t),
                "PsSample must be copyable through 64-bit words");

int
ps_ring_init (PsRing *ring, uint64_t capacity)
{
  uint64_t cap = 2;

  while (cap < capacity)
    cap <<= 1;
  ring->slots = calloc (cap, sizeof (PsRingSlot));
  if (ring->slots == NULL)
    return PS_ENOMEM;
  ring->mask = cap - 1;
  /* Indices wrap with `& mask`, which is a modulo only for a power-of-two capacity. */
  assert (cap > 0 && (cap & ring->mask) == 0);
  atomic_init (&ring->head, 0);
  atomic_init (&ring->dropped, 0);
  ring->tail = 0;
  return 0;
}

void
ps_ring_clear (PsRing *ring)
{
  free (ring->slots);
  ring->slots = NULL;
}

void
ps_ring_push (PsRing *ring, const PsSample *sample)
{
  uint64_t index = atomic_load_explicit (&ring->head, memory_order_relaxed);
  PsRingSlot *slot = &ring->slots[index & ring->mask];
  uint64_t words[PS_RING_WORDS] = { 0 };

  memcpy (words, sample, sizeof *sample);
  /* A seqlock write. The odd seq marks the slot as being rewritten; the release fence after it
   * pairs with the acquire fence in ps_ring_pop() between its word loads and its second seq load:
   * a reader that saw any of the new words then sees this odd (or a later) seq and discards the
   * slot. */
  atomic_store_explicit (&slot->seq, 2 * index + 1, memory_order_relaxed);
  atomic_thread_fence (memory_order_release);
  for (unsigned i = 0; i < PS_RING_WORDS; i++)
    atomic_store_explicit (&slot->words[i], words[i], memory_order_relaxed);
  /* Publishes the words: pairs with the acquire load of seq (seq0) in ps_ring_pop(), so a reader
   * that sees 2 × (index + 1) also sees every word stored above. */
  atomic_store_explicit (&slot->seq, 2 * (index + 1), memory_order_release);
  /* Publishes the slot as readable: pairs with the acquire load of head in ps_ring_pop(), so a
   * reader that sees the new head finds the slot's seq and words complete. */
  atomic_store_explicit (&ring->head, index + 1, memory_order_release);
}

bool
ps_ring_pop (PsRing *ring, PsSample *out)
{
  for (;;)
    {
      /* Pairs with the release store of head in ps_ring_push(). */
      uint64_t head = atomic_load_explicit (&ring->head, memory_order_acquire);
      if (ring->tail >= head)
        return false;
      /* Fallen more than a ring behind: skip to the oldest sample still there. */
      if (head - ring->tail > ring->mask + 1)
        {
          atomic_fetch_add (&ring->dropped, head - (ring->mask + 1) - ring->tail);
          ring->tail = head - (ring->mask + 1);
        }

      PsRingSlot *slot = &ring->slots[ring->tail & ring->mask];
      uint64_t words[PS_RING_WORDS];
      /* Pairs with the release store of the even seq in ps_ring_push(): the words are those of
       * that push, unless a later push overwrote them meanwhile, which seq1 detects. */
      uint64_t seq0 = atomic_load_explicit (&slot->seq, memory_order_acquire);
      for (unsigned i = 0; i < PS_RING_WORDS; i++)
        words[i] = atomic_load_explicit (&slot->words[i], memory_order_relaxed);
      /* Pairs with the release fence after the odd seq store in ps_ring_push(): if any word
       * came from a newer push, seq1 below sees that push's odd seq or later. */
      atomic_thread_fence (memory_order_acquire);
      uint64_t seq1 = atomic_load_explicit (&slot->seq, memory_order_relaxed);

      if (seq0 == seq1 && seq0 == 2 * (ring->tail + 1))
        {
          memcpy (out, words, sizeof *out);
          ring->tail++;
          return true;
        }
      /* Overwritten while we read it: count it and move on. */
      atomic_fetch_add (&ring->dropped, 1);
      ring->tail++;
    }
}

uint64_t
ps_ring_dropped (PsRing *ring)
{
  return atomic_load (&ring->dropped);
}
