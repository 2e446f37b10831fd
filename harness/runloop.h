/* runloop.h — one libev loop, and "wait until X" on top of it.
 *
 * A run reads as a story (start target, warm up, sample, step, ...) but all of
 * its I/O is asynchronous: the load driver's sockets, the agent socket, the
 * child watcher, signals, inotify. runloop_wait() runs the loop until a
 * condition holds, a timeout passes, the target exits or the user interrupts,
 * so run.c can be written in order while everything stays on one loop.
 *
 * State: the interrupt and target-exit flags are process-wide (there is one
 * loop and one target per leakcheck process). */
#ifndef LEAKCHECK_RUNLOOP_H
#define LEAKCHECK_RUNLOOP_H

#include <ev.h>

typedef enum {
    WAIT_OK,             /* the condition holds */
    WAIT_TIMEOUT,        /* timeout_s passed first */
    WAIT_TARGET_EXITED,  /* the target process ended first */
    WAIT_INTERRUPTED     /* SIGINT/SIGTERM/SIGHUP to leakcheck */
} wait_result;

typedef int (*wait_cond)(void *ctx);

/* Flags for runloop_wait: which events end the wait early. */
#define WAIT_ON_EXIT 1
#define WAIT_ON_INTERRUPT 2
#define WAIT_ON_ALL (WAIT_ON_EXIT | WAIT_ON_INTERRUPT)

struct ev_loop *runloop_init(void);

/* timeout_s <= 0: no timeout. cond may be NULL (wait only for the timeout). */
wait_result runloop_wait(struct ev_loop *loop, wait_cond cond, void *ctx, double timeout_s,
                         int flags);

/* Set by the target's child watcher. */
void runloop_set_target_exited(int exited);
int runloop_target_exited(void);

/* The signal that interrupted us (SIGINT, SIGTERM, SIGHUP), or 0. */
int runloop_interrupted(void);

const char *wait_result_name(wait_result r);

#endif
