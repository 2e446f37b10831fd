/* runloop.c — the loop, its signal watchers and runloop_wait(); see runloop.h. */
#include "runloop.h"

#include <signal.h>
#include <stddef.h>

static int interrupted_signo;
static int target_exited;
static ev_signal sig_watchers[3];

static void on_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
    (void)revents;
    if (!interrupted_signo) interrupted_signo = w->signum;
    ev_break(loop, EVBREAK_ALL);
}

struct ev_loop *runloop_init(void)
{
    struct ev_loop *loop = ev_default_loop(EVFLAG_AUTO);
    static const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++) {
        ev_signal_init(&sig_watchers[i], on_signal, sigs[i]);
        ev_signal_start(loop, &sig_watchers[i]);
        ev_unref(loop); /* signal watchers alone must not keep ev_run busy */
    }
    signal(SIGPIPE, SIG_IGN);
    return loop;
}

void runloop_set_target_exited(int exited)
{
    target_exited = exited;
}

int runloop_target_exited(void)
{
    return target_exited;
}

int runloop_interrupted(void)
{
    return interrupted_signo;
}

static void on_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)revents;
    *(int *)w->data = 1;
    ev_break(loop, EVBREAK_ONE);
}

wait_result runloop_wait(struct ev_loop *loop, wait_cond cond, void *ctx, double timeout_s,
                         int flags)
{
    int timed_out = 0;
    ev_timer t;
    if (timeout_s > 0) {
        ev_timer_init(&t, on_timeout, timeout_s, 0);
        t.data = &timed_out;
        ev_now_update(loop);
        ev_timer_start(loop, &t);
    }
    wait_result r;
    for (;;) {
        if (cond && cond(ctx)) { r = WAIT_OK; break; }
        if ((flags & WAIT_ON_INTERRUPT) && interrupted_signo) { r = WAIT_INTERRUPTED; break; }
        if ((flags & WAIT_ON_EXIT) && target_exited) { r = WAIT_TARGET_EXITED; break; }
        if (timed_out) { r = cond ? WAIT_TIMEOUT : WAIT_OK; break; }
        ev_run(loop, EVRUN_ONCE);
    }
    if (timeout_s > 0) ev_timer_stop(loop, &t);
    return r;
}

const char *wait_result_name(wait_result r)
{
    switch (r) {
    case WAIT_OK: return "ok";
    case WAIT_TIMEOUT: return "timed out";
    case WAIT_TARGET_EXITED: return "target exited";
    default: return "interrupted";
    }
}
