/* unit_targetlog.c — target.log under and over its cap: written through
 * while under; past it, the head and the tail kept exactly, with a note
 * counting the bytes and lines cut, across reads of any size and across a
 * restart's new pipe. */
#include "tap.h"
#include "targetlog.h"

#include <stdlib.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* Writes n bytes of src into fd in pieces, draining the log after each. */
static void feed(targetlog *l, int fd, const char *src, size_t n, size_t piece)
{
    for (size_t at = 0; at < n; at += piece) {
        size_t k = n - at < piece ? n - at : piece;
        if (write(fd, src + at, k) != (ssize_t)k) return;
        targetlog_drain(l);
    }
}

/* "line 00000\n" ... : 11 bytes a line */
static char *lines_text(int n)
{
    char *s = malloc((size_t)n * 11 + 1);
    for (int i = 0; i < n; i++)
        sprintf(s + i * 11, "line %05d\n", i);
    return s;
}

static size_t count_nl(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += s[i] == '\n';
    return c;
}

int main(void)
{
    char dir[] = "/tmp/leakcheck-targetlog.XXXXXX", path[256], err[256];
    if (!mkdtemp(dir)) return printf("1..0 # SKIP mkdtemp failed\n"), 0;
    snprintf(path, sizeof path, "%s/target.log", dir);
    struct ev_loop *loop = ev_default_loop(0);
    targetlog l;
    size_t len;
    char *text = lines_text(2000), *got; /* 22000 bytes */

    /* under the cap: everything, as written */
    ok(targetlog_open(&l, path, 8192, err, sizeof err) == 0, "open");
    int fd = targetlog_pipe(&l, loop, err, sizeof err);
    ok(fd >= 0, "a pipe");
    feed(&l, fd, text, 8192, 1000);
    close(fd);
    targetlog_end_pipe(&l);
    got = slurp(path, &len);
    ok(len == 8192 && !memcmp(got, text, 8192), "8192 bytes under a cap of 8192: all kept");
    is_int(targetlog_cut_bytes(&l), 0, "nothing cut");
    free(got);
    targetlog_close(&l);

    /* over it, in reads of every size: head, note, tail */
    size_t pieces[] = {1, 7, 1000, 4096, 5000, 22000};
    for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
        targetlog_open(&l, path, 8192, err, sizeof err);
        fd = targetlog_pipe(&l, loop, err, sizeof err);
        feed(&l, fd, text, 22000, pieces[p]);
        close(fd);
        targetlog_end_pipe(&l);
        got = slurp(path, &len);
        char note[512];
        snprintf(note, sizeof note,
                 "\n[leakcheck: %d bytes (%zu lines) of the target's output cut here; ",
                 22000 - 8192, count_nl(text + 4096, 22000 - 8192));
        size_t note_len = len > 8192 ? len - 8192 : 0;
        ok(len > 8192 && len < 8192 + 300, "writes of %zu: file is cap + a note (%zu bytes)",
           pieces[p], len);
        ok(!memcmp(got, text, 4096), "writes of %zu: the first 4096 bytes kept", pieces[p]);
        ok(len > 8192 && !memcmp(got + len - 4096, text + 22000 - 4096, 4096),
           "writes of %zu: the last 4096 bytes kept", pieces[p]);
        ok(note_len && !strncmp(got + 4096, note, strlen(note)),
           "writes of %zu: the note counts bytes and lines cut", pieces[p]);
        free(got);
        targetlog_close(&l);
    }

    /* a restart writes on into the same log through a new pipe */
    targetlog_open(&l, path, 8192, err, sizeof err);
    fd = targetlog_pipe(&l, loop, err, sizeof err);
    feed(&l, fd, text, 11000, 3000);
    close(fd);
    targetlog_end_pipe(&l);
    fd = targetlog_pipe(&l, loop, err, sizeof err);
    feed(&l, fd, text + 11000, 11000, 3000);
    close(fd);
    targetlog_close(&l);
    got = slurp(path, &len);
    ok(!memcmp(got, text, 4096) && !memcmp(got + len - 4096, text + 22000 - 4096, 4096),
       "two pipes, one log: head of the first, tail of the second");
    free(got);

    /* stdout and stderr: two pipes at once, both read; a third is refused */
    targetlog_open(&l, path, 8192, err, sizeof err);
    int out = targetlog_pipe(&l, loop, err, sizeof err);
    int errp = targetlog_pipe(&l, loop, err, sizeof err);
    ok(out >= 0 && errp >= 0 && targetlog_pipe(&l, loop, err, sizeof err) < 0,
       "two pipes at once, not three");
    if (write(out, "out 1\n", 6) != 6 || write(errp, "err 1\n", 6) != 6) return 1;
    targetlog_drain(&l);
    if (write(errp, "err 2\n", 6) != 6) return 1;
    close(out), close(errp);
    targetlog_close(&l);
    got = slurp(path, &len);
    ok(len == 18 && memmem(got, len, "out 1\n", 6) && memmem(got, len, "err 1\n", 6) &&
           memmem(got, len, "err 2\n", 6),
       "both pipes' lines are in the log");
    free(got);

    /* no cap */
    targetlog_open(&l, path, 0, err, sizeof err);
    fd = targetlog_pipe(&l, loop, err, sizeof err);
    feed(&l, fd, text, 22000, 5000);
    close(fd);
    targetlog_close(&l);
    got = slurp(path, &len);
    ok(len == 22000 && !memcmp(got, text, 22000), "log_max = 0: everything kept");
    free(got);

    ok(targetlog_open(&l, "/dev/null/target.log", 8192, err, sizeof err) < 0 &&
           strstr(err, "/dev/null/target.log"),
       "an unwritable log is an error naming it: %s", err);

    free(text);
    snprintf(err, sizeof err, "rm -rf %s", dir);
    if (system(err)) return 1;
    return tap_done();
}
