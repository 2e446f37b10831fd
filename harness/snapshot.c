/* snapshot.c — the snapshot signal, inotify, rename; see snapshot.h. */
#include "snapshot.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <strings.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "agent.h"
#include "runloop.h"

typedef struct {
    int fd;
    int wd[2];
    const char *dirs[2];
    char pid_tag[32];
    char found[PATH_MAX];
} snap_watch;

static int is_our_snapshot(const snap_watch *sw, const char *name)
{
    size_t n = strlen(name), s = strlen(".heapsnapshot");
    return n > s && !strcmp(name + n - s, ".heapsnapshot") && !strncmp(name, "Heap.", 5) &&
           strstr(name, sw->pid_tag);
}

static void on_inotify(struct ev_loop *loop, ev_io *w, int revents)
{
    (void)loop, (void)revents;
    snap_watch *sw = w->data;
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n = read(sw->fd, buf, sizeof buf);
    for (char *p = buf; n > 0 && p < buf + n;) {
        struct inotify_event *ev = (struct inotify_event *)p;
        if (ev->len && (ev->mask & IN_CLOSE_WRITE) && !sw->found[0] &&
            is_our_snapshot(sw, ev->name)) {
            int which = ev->wd == sw->wd[1] ? 1 : 0;
            snprintf(sw->found, sizeof sw->found, "%s/%s", sw->dirs[which], ev->name);
        }
        p += sizeof *ev + ev->len;
    }
}

static int snapshot_found(void *ctx)
{
    return ((snap_watch *)ctx)->found[0] != 0;
}

int snapshot_take(struct ev_loop *loop, pid_t pid, int signo, const char *snap_dir,
                  const char *target_cwd, double timeout_s, const char *dest_name,
                  char *out_path, size_t out_len, char *err, size_t errlen)
{
    snap_watch sw = {.dirs = {snap_dir, target_cwd}};
    snprintf(sw.pid_tag, sizeof sw.pid_tag, ".%d.", (int)pid);
    sw.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (sw.fd < 0) return snprintf(err, errlen, "inotify: %s", strerror(errno)), WAIT_TIMEOUT;
    sw.wd[0] = inotify_add_watch(sw.fd, snap_dir, IN_CLOSE_WRITE);
    sw.wd[1] = inotify_add_watch(sw.fd, target_cwd, IN_CLOSE_WRITE);
    ev_io w;
    ev_io_init(&w, on_inotify, sw.fd, EV_READ);
    w.data = &sw;
    ev_io_start(loop, &w);
    int r;
    if (kill(pid, signo) < 0) {
        snprintf(err, errlen, "cannot signal pid %d: %s", (int)pid, strerror(errno));
        r = WAIT_TARGET_EXITED;
    } else {
        r = runloop_wait(loop, snapshot_found, &sw, timeout_s, WAIT_ON_ALL);
        if (r == WAIT_TIMEOUT)
            snprintf(err, errlen, "no heap snapshot from pid %d within %.1f s", (int)pid,
                     timeout_s);
        else if (r != WAIT_OK) snprintf(err, errlen, "snapshot: %s", wait_result_name(r));
    }
    ev_io_stop(loop, &w);
    close(sw.fd);
    if (r != WAIT_OK) return r;
    snprintf(out_path, out_len, "%s/%s", snap_dir, dest_name);
    if (rename(sw.found, out_path) < 0) snprintf(out_path, out_len, "%s", sw.found);
    return WAIT_OK;
}

int snapshot_take_isolate(struct ev_loop *loop, agent_server *agent, agent_conn *isolate,
                          const char *snap_dir, double timeout_s, const char *dest_name,
                          char *out_path, size_t out_len, char *err, size_t errlen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/Heap.leakcheck.%d.%d.%lld.heapsnapshot", snap_dir,
             (int)isolate->pid, isolate->thread, (long long)agent->want_id + 1);
    if (agent_request_snapshot(agent, isolate, path) < 0)
        return snprintf(err, errlen, "lost the agent connection of pid %d thread %d",
                        (int)isolate->pid, isolate->thread),
               WAIT_TARGET_EXITED;
    int r = runloop_wait(loop, agent_reply_ready, agent, timeout_s, WAIT_ON_ALL);
    if (r == WAIT_TIMEOUT)
        snprintf(err, errlen,
                 "no heap snapshot from worker thread %d of pid %d within %.1f s (a thread "
                 "blocked in Atomics.wait runs no event loop to write it)",
                 isolate->thread, (int)isolate->pid, timeout_s);
    else if (r != WAIT_OK)
        snprintf(err, errlen, "snapshot: %s", wait_result_name(r));
    if (r != WAIT_OK) return r;
    json_t *reply = agent_take_reply(agent);
    const char *e = json_string_value(json_object_get(reply, "error"));
    if (e) {
        snprintf(err, errlen, "worker thread %d of pid %d could not write its heap snapshot: %s",
                 isolate->thread, (int)isolate->pid, e);
        json_decref(reply);
        unlink(path);
        return WAIT_TIMEOUT; /* no snapshot, the run goes on */
    }
    json_decref(reply);
    snprintf(out_path, out_len, "%s/%s", snap_dir, dest_name);
    if (rename(path, out_path) < 0) {
        snprintf(err, errlen, "heap snapshot of worker thread %d of pid %d: %s: %s",
                 isolate->thread, (int)isolate->pid, path, strerror(errno));
        return WAIT_TIMEOUT;
    }
    return WAIT_OK;
}

int snapshot_remove_partial(pid_t pid, const char *snap_dir, const char *target_cwd)
{
    snap_watch sw = {0};
    snprintf(sw.pid_tag, sizeof sw.pid_tag, ".%d.", (int)pid);
    const char *dirs[2] = {snap_dir, target_cwd};
    int removed = 0;
    for (int i = 0; i < 2; i++) {
        DIR *d = dirs[i] ? opendir(dirs[i]) : NULL;
        if (!d) continue;
        for (struct dirent *e; (e = readdir(d));) {
            if (!is_our_snapshot(&sw, e->d_name)) continue;
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dirs[i], e->d_name);
            removed += unlink(path) == 0;
        }
        closedir(d);
    }
    return removed;
}

int snapshot_signal_number(const char *name)
{
    static const struct {
        const char *name;
        int signo;
    } usable[] = {{"USR2", SIGUSR2},   {"PWR", SIGPWR},   {"WINCH", SIGWINCH},
                  {"URG", SIGURG},     {"XCPU", SIGXCPU}, {"VTALRM", SIGVTALRM}};
    if (!strncasecmp(name, "SIG", 3)) name += 3;
    for (size_t i = 0; i < sizeof usable / sizeof usable[0]; i++)
        if (!strcasecmp(name, usable[i].name)) return usable[i].signo;
    return -1;
}
