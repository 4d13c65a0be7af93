/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-what-if.h: what models predict for a scenario before it runs, for the window to show while
 * a knob moves and the run to confirm or refute.
 *
 * Three models, each stated with its assumption: a closed pool of k isolates shared by N
 * CPU-bound threads waits (N − k)/N of the time; N CPU-bound threads on C cores wait for a CPU
 * (N − C)/N of the time; and a thread sweep's Universal Scalability Law fit predicts a strategy's
 * throughput at N threads, X(N) = λN / (1 + σ(N − 1) + κN(N − 1)), best near √((1 − σ)/κ).
 *
 * Thread: any.
 */
#pragma once

#include <glib.h>

#include "ps-engine.h"

G_BEGIN_DECLS

/* X(N) of a USL fit. */
double ps_what_if_usl_throughput (const PsScalingFit *fit, double threads);

/**
 * ps_what_if:
 * @scenario: the sidebar's scenario
 * @cores: the machine's cores
 * @thread_sweep: (nullable): the report of a sweep over threads whose fits to use
 *
 * Returns: (transfer full): one sentence per prediction that applies, or "" when none does.
 */
char *ps_what_if (const PsScenario *scenario, unsigned cores, const PsSweepReport *thread_sweep);

G_END_DECLS
