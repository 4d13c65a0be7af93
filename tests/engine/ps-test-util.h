/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-test-util.h: scenario builders and invariant checks shared by the engine's test suites.
 *
 * Every suite states its invariants through these helpers so that "exactly once", "counters add
 * up" and "checksum equals single's" mean the same thing everywhere.
 */
#pragma once

#include <glib.h>

#include "ps-engine.h"

/* Sanitizers slow the engine down 5–20×: the timeouts grow with them. */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define PST_SLOWDOWN 5
#else
#define PST_SLOWDOWN 1
#endif

/* Long enough for a loaded 2-core CI machine, short enough that a deadlock fails the suite. */
#define PST_TIMEOUT_US (60 * G_USEC_PER_SEC * PST_SLOWDOWN)

/**
 * pst_add_trapped:
 * @path: the test path
 * @data: (nullable): passed to @body; must outlive the test (static data)
 * @body: the test body, run in a subprocess
 * @timeout_us: the subprocess is killed, and the test fails, after this long
 *
 * Registers a test whose body runs in g_test_trap_subprocess(), so a deadlock or a crash in a
 * threaded engine run fails that one test instead of hanging or killing the whole suite.
 */
void pst_add_trapped (const char *path, gconstpointer data, GTestDataFunc body,
                      guint64 timeout_us);

/* Defaults, then small and fast: 200 tasks, 20 warm-up, 2 µs of work, 1 KiB payload from a hot
 * source, 4 tenants, task tracking on and no strategies (add them with
 * pst_scenario_add_strategy()). */
void pst_scenario_init (PsScenario *s);

/* Appends a strategy by name ("pinned", "sticky+fresh"), asserting that the name parses. */
void pst_scenario_add_strategy (PsScenario *s, const char *name);

/* pst_scenario_init(), then @name as the only strategy: most invariant tests run one. */
void pst_scenario_init_one (PsScenario *s, const char *name);

/* Fills every workload knob at random within the ranges the exactly-once suite covers. The
 * strategies are left alone. */
void pst_scenario_randomize (PsScenario *s, GRand *rand);

/* One line naming every knob that matters, for g_test_message(). Free with g_free(). */
char *pst_scenario_describe (const PsScenario *s);

/* Validates @s (asserting it is valid, with the validator's message) and runs it to the end. */
PsReport *pst_run (const PsScenario *s);

/* Sums the segments of @sr, the warm-up ones too when @with_warmup. Only the additive counters
 * are filled: tasks_completed, acquisitions, contended_acquisitions, isolates_created,
 * bytes_copied, cross_tenant_reuses and checksum. */
void pst_sum_segments (const PsStrategyReport *sr, gboolean with_warmup, PsResult *out);

/* Sum of r->per_thread_tasks. */
guint64 pst_per_thread_sum (const PsResult *r);

/* Internal consistency of one result: per-thread counts sum to tasks_completed, contended
 * acquisitions ≤ acquisitions, every share a finite percentage. */
void pst_assert_result_consistent (const PsResult *r);

/* Every one of the @n_ids task ids ran exactly once. */
void pst_assert_exactly_once (const PsStrategyReport *sr, guint64 n_ids);

/* Every task id ran at most once, and the runs add up to between @min_runs and @max_runs. */
void pst_assert_at_most_once (const PsStrategyReport *sr, guint64 min_runs, guint64 max_runs);

/**
 * pst_assert_strategy_complete:
 * @report: a completed run
 * @i: the strategy to check
 * @reference: (nullable): the report of `single` on the same scenario, for its checksum
 *
 * The invariants of a strategy that ran to completion without knob changes: exactly-once, all
 * tasks completed, consistent counters, isolates and bytes copied as the mode defines them, no
 * cross-tenant reuse under tenant affinity, and the same checksum as @reference.
 */
void pst_assert_strategy_complete (const PsReport *report, unsigned i,
                                   const PsStrategyReport *reference);
