/* run.h — `leakcheck run`: the whole measurement, in order.
 *
 * config → run dir → agent socket → target start and ready → per endpoint:
 * warm-up, baseline sample, snapshot, steps with a sample after each,
 * snapshots mid-way and at the end, verdict → reports → teardown.
 * Every exit path tears the target down and writes what was measured. */
#ifndef LEAKCHECK_RUN_H
#define LEAKCHECK_RUN_H

/* Exit statuses, chosen so that `git bisect run leakcheck run x.ini` works. */
#define EXIT_WITHIN_BUDGET 0
#define EXIT_OVER_BUDGET 1
#define EXIT_USAGE 2 /* also the environment's: run dir not writable, disk full */
#define EXIT_CANNOT_START 125
#define EXIT_INTERRUPTED_BASE 128 /* + signal number: bisect aborts */

int cmd_run(int argc, char **argv);

#endif
