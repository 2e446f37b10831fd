/* targetlog.c — target.log through a pipe, head and tail kept; see targetlog.h.
 *
 * Offsets below are absolute: the n-th byte the target ever wrote. The head
 * is [0, head_bytes); the ring holds [total - ring_len, total). Until the
 * output passes the cap the file is written through (it then holds at most
 * head + tail bytes, so everything); at the crossing the file's bytes past
 * the head move into the ring, and from then on the ring drops its oldest
 * bytes for new ones, counting the newlines it drops. */
#include "targetlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "units.h"
#include "xalloc.h"

/* One callback reads at most this much, so a flood cannot starve the loop. */
#define READ_CHUNK 65536
#define READS_PER_CALLBACK 16

static void write_all(int fd, const char *p, size_t n, off_t at)
{
    while (n > 0) {
        ssize_t w = at < 0 ? write(fd, p, n) : pwrite(fd, p, n, at);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return; /* a full disk loses log lines, never the run */
        p += w, n -= (size_t)w;
        if (at >= 0) at += w;
    }
}

int targetlog_open(targetlog *l, const char *path, uint64_t cap_bytes, char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    for (int k = 0; k < TARGETLOG_PIPES; k++)
        l->pipe_fd[k] = -1;
    snprintf(l->path, sizeof l->path, "%s", path);
    l->file_fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (l->file_fd < 0) return snprintf(err, errlen, "%s: %s", path, strerror(errno)), -1;
    l->cap_bytes = cap_bytes;
    l->head_bytes = cap_bytes / 2;
    l->tail_bytes = cap_bytes - l->head_bytes;
    return 0;
}

/* Drops the ring's k oldest bytes, counting their newlines as cut. */
static void ring_drop(targetlog *l, size_t k)
{
    for (size_t i = 0; i < k; i++)
        l->cut_lines += l->ring[(l->ring_start + i) % l->tail_bytes] == '\n';
    l->ring_start = (l->ring_start + k) % l->tail_bytes;
    l->ring_len -= k;
}

static void ring_push(targetlog *l, const char *p, size_t n)
{
    if (n >= l->tail_bytes) { /* the ring's bytes and p's first part are cut */
        size_t skip = n - (size_t)l->tail_bytes;
        ring_drop(l, l->ring_len);
        for (size_t i = 0; i < skip; i++)
            l->cut_lines += p[i] == '\n';
        l->total_bytes += skip, p += skip, n -= skip;
        l->ring_start = 0;
    } else if (l->ring_len + n > l->tail_bytes) {
        ring_drop(l, l->ring_len + n - (size_t)l->tail_bytes);
    }
    size_t end = (l->ring_start + l->ring_len) % l->tail_bytes;
    size_t first = n < l->tail_bytes - end ? n : (size_t)l->tail_bytes - end;
    memcpy(l->ring + end, p, first);
    memcpy(l->ring, p + first, n - first);
    l->ring_len += n;
    l->total_bytes += n;
    l->dirty = 1;
}

/* The output passes the cap: what the file holds past the head becomes the
 * ring's start (at most tail_bytes of it, by the invariant above). */
static void start_capping(targetlog *l)
{
    l->capped = 1;
    l->ring = xmalloc(l->tail_bytes);
    l->ring_start = 0;
    size_t past_head = (size_t)(l->total_bytes - l->head_bytes);
    ssize_t n = pread(l->file_fd, l->ring, past_head, (off_t)l->head_bytes);
    l->ring_len = n > 0 ? (size_t)n : 0;
    if (ftruncate(l->file_fd, (off_t)l->head_bytes) < 0) { /* the next sync retries */
    }
    l->dirty = 1;
}

static void take(targetlog *l, const char *p, size_t n)
{
    if (!l->cap_bytes || (!l->capped && l->total_bytes + n <= l->cap_bytes)) {
        write_all(l->file_fd, p, n, -1);
        l->total_bytes += n;
        return;
    }
    if (!l->capped) {
        if (l->total_bytes < l->head_bytes) { /* complete the head first */
            size_t k = (size_t)(l->head_bytes - l->total_bytes);
            write_all(l->file_fd, p, k, -1);
            l->total_bytes += k, p += k, n -= k;
        }
        start_capping(l);
    }
    ring_push(l, p, n);
}

/* Reads up to max_reads chunks. READ_EOF: every writer (the target and
 * what it started) is gone and the pipe is closed; READ_EMPTY: nothing more
 * for now; READ_MORE: max_reads done, there may be more. */
enum { READ_EOF, READ_EMPTY, READ_MORE };
static int read_some(targetlog *l, int k, int max_reads)
{
    char buf[READ_CHUNK];
    for (int i = 0; i < max_reads; i++) {
        if (l->pipe_fd[k] < 0) return READ_EOF;
        ssize_t n = read(l->pipe_fd[k], buf, sizeof buf);
        if (n > 0) {
            take(l, buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return READ_EMPTY;
        ev_io_stop(l->loop, &l->io_w[k]);
        close(l->pipe_fd[k]);
        l->pipe_fd[k] = -1;
        return READ_EOF;
    }
    return READ_MORE;
}

static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
    (void)loop, (void)revents;
    targetlog *l = w->data;
    read_some(l, (int)(w - l->io_w), READS_PER_CALLBACK);
}

int targetlog_pipe(targetlog *l, struct ev_loop *loop, char *err, size_t errlen)
{
    int fds[2], k = 0;
    while (k < TARGETLOG_PIPES && l->pipe_fd[k] >= 0)
        k++;
    if (k == TARGETLOG_PIPES)
        return snprintf(err, errlen, "%s: %d pipes open already", l->path, TARGETLOG_PIPES), -1;
    if (pipe2(fds, O_CLOEXEC) < 0)
        return snprintf(err, errlen, "pipe for %s: %s", l->path, strerror(errno)), -1;
    /* room for a burst while the harness is busy elsewhere (a blocking
     * ready probe); the default 64 KiB is kept when the system says no */
    fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    l->pipe_fd[k] = fds[0];
    l->loop = loop;
    ev_io_init(&l->io_w[k], on_readable, fds[0], EV_READ);
    /* both readable at once: the first pipe (stdout) is read first, so that
     * stderr's last words, usually written after it, usually land after it */
    ev_set_priority(&l->io_w[k], k == 0 ? 1 : 0);
    l->io_w[k].data = l;
    ev_io_start(loop, &l->io_w[k]);
    return fds[1];
}

/* At most this many rounds per drain: a process that outlived teardown and
 * writes without end must not keep the harness here. */
#define DRAIN_MAX_ROUNDS 256

void targetlog_drain(targetlog *l)
{
    for (int k = 0; k < TARGETLOG_PIPES; k++)
        for (int i = 0; i < DRAIN_MAX_ROUNDS && read_some(l, k, READS_PER_CALLBACK) == READ_MORE;
             i++) {
        }
}

void targetlog_end_pipe(targetlog *l)
{
    targetlog_drain(l);
    /* one still open: a process we could not stop keeps a write end */
    for (int k = 0; k < TARGETLOG_PIPES; k++)
        if (l->pipe_fd[k] >= 0) {
            ev_io_stop(l->loop, &l->io_w[k]);
            close(l->pipe_fd[k]);
            l->pipe_fd[k] = -1;
        }
    targetlog_sync(l);
}

uint64_t targetlog_cut_bytes(const targetlog *l)
{
    return l->capped ? l->total_bytes - l->head_bytes - l->ring_len : 0;
}

void targetlog_sync(targetlog *l)
{
    if (l->file_fd < 0 || !l->capped || !l->dirty) return;
    char note[512], head[32], tail[32], cap[32];
    int n = snprintf(note, sizeof note,
                     "\n[leakcheck: %llu bytes (%llu lines) of the target's output cut here; "
                     "target.log keeps the first %s and the last %s of it, [target] log_max = "
                     "%s]\n",
                     (unsigned long long)targetlog_cut_bytes(l), (unsigned long long)l->cut_lines,
                     units_format_bytes((double)l->head_bytes, head, sizeof head),
                     units_format_bytes((double)l->tail_bytes, tail, sizeof tail),
                     units_format_bytes((double)l->cap_bytes, cap, sizeof cap));
    off_t at = (off_t)l->head_bytes;
    if (ftruncate(l->file_fd, at) < 0) return;
    write_all(l->file_fd, note, (size_t)n, at);
    at += n;
    size_t first = l->ring_len < l->tail_bytes - l->ring_start
                       ? l->ring_len
                       : (size_t)l->tail_bytes - l->ring_start;
    write_all(l->file_fd, l->ring + l->ring_start, first, at);
    write_all(l->file_fd, l->ring, l->ring_len - first, at + (off_t)first);
    l->dirty = 0;
}

void targetlog_close(targetlog *l)
{
    if (l->file_fd < 0) return;
    targetlog_end_pipe(l);
    close(l->file_fd);
    l->file_fd = -1;
    free(l->ring);
    l->ring = NULL;
}
