/* targetlog.h — the target's stdout and stderr into <run dir>/target.log,
 * capped.
 *
 * The target writes into pipes that the harness reads on its libev loop (an
 * ev_io watcher each, non-blocking reads: the loop runs during every wait, so
 * the target never blocks on a full pipe for long). stdout and stderr get a
 * pipe each: Node writes to a full pipe asynchronously and drops what is
 * still queued when the app calls process.exit(), so a flood on stdout must
 * not stand between stderr's last words and the log. target.log keeps the first
 * half of [target] log_max as it comes and, once the output is larger than
 * the cap, the last half in a ring in memory; the file is then the head, a
 * note saying how many bytes and lines were cut, and the tail. Until the cap
 * is reached the file is written through and holds everything.
 *
 * The tail reaches the file when targetlog_sync is called: before anyone
 * reads the log (error messages, the OOM check), when a pipe ends
 * (target_stop) and at close. A restarted target gets a new pipe into the
 * same log. One writer per log; not thread-safe (there are no threads).
 *
 * Ownership: targetlog_open allocates; targetlog_close frees and closes. */
#ifndef LEAKCHECK_TARGETLOG_H
#define LEAKCHECK_TARGETLOG_H

#include <ev.h>
#include <stddef.h>
#include <stdint.h>

/* The smallest and largest cap; 0 means no cap. */
#define TARGETLOG_MIN_CAP 4096
#define TARGETLOG_MAX_CAP (1ull << 30)
#define TARGETLOG_PIPES 2 /* at once: the target's stdout and stderr */

typedef struct {
    int file_fd; /* target.log, -1 before open */
    int pipe_fd[TARGETLOG_PIPES]; /* read ends of the current target's pipes, -1: none */
    struct ev_loop *loop;
    ev_io io_w[TARGETLOG_PIPES];
    uint64_t cap_bytes;              /* 0 = no cap */
    uint64_t head_bytes, tail_bytes; /* cap split in two */
    uint64_t total_bytes;            /* everything the target wrote */
    uint64_t cut_lines;              /* newlines in what was cut */
    int capped;                      /* the output went past the cap */
    int dirty;                       /* the ring holds what the file does not */
    char *ring;                      /* tail_bytes, allocated when capped */
    size_t ring_start, ring_len;
    char path[4096];
} targetlog;

/* Opens (truncates) path; cap_bytes 0 = no cap, else TARGETLOG_MIN_CAP..MAX.
 * 0, or -1 with err naming the file. */
int targetlog_open(targetlog *l, const char *path, uint64_t cap_bytes, char *err, size_t errlen);

/* A new pipe for a target about to be spawned (one for its stdout, one for
 * its stderr): returns the write end (the caller dup2s it in the child and
 * closes it after fork; both ends are close-on-exec), and watches the read
 * end on loop. -1 with err, also when TARGETLOG_PIPES are open already. */
int targetlog_pipe(targetlog *l, struct ev_loop *loop, char *err, size_t errlen);

/* Reads whatever the pipes hold now, without blocking. */
void targetlog_drain(targetlog *l);

/* The target is gone: drains the pipes, closes them and syncs the file. */
void targetlog_end_pipe(targetlog *l);

/* Writes head, note and tail into the file when the ring holds news. */
void targetlog_sync(targetlog *l);

/* Bytes cut from the middle so far (0 when under the cap). */
uint64_t targetlog_cut_bytes(const targetlog *l);

/* Ends the pipe, syncs, closes the file, frees the ring. Idempotent. */
void targetlog_close(targetlog *l);

#endif
