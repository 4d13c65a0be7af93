/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-inline.c: one thread does everything, claiming each task in turn — the
 * single-threaded baseline every speed-up is measured against. */
#include "ps-dispatch.h"

const PsDispatchClass ps_dispatch_inline_class = {
  .kind = PS_DISPATCH_INLINE,
  .setup = ps_dispatch_setup_nothing,
  .next = ps_dispatch_next_from_source,
  .wake = ps_dispatch_segment_nothing,
  .give_back = ps_dispatch_segment_nothing,
  .teardown = ps_dispatch_segment_nothing,
};
