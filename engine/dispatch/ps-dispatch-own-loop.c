/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-dispatch-own-loop.c: N threads, each with its own loop, started together and each running
 * its share of the requests — OpenWorkers' benchmark harness. Shares are taken one task at a time
 * from one counter, so a thread that falls behind is not left with a fixed share. */
#include "ps-dispatch.h"

const PsDispatchClass ps_dispatch_own_loop_class = {
  .kind = PS_DISPATCH_OWN_LOOP,
  .setup = ps_dispatch_setup_nothing,
  .next = ps_dispatch_next_from_source,
  .wake = ps_dispatch_segment_nothing,
  .give_back = ps_dispatch_segment_nothing,
  .teardown = ps_dispatch_segment_nothing,
};
