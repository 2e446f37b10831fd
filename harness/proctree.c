/* proctree.c — the processes below a pid, read from /proc; see proctree.h. */
#include "proctree.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

/* /proc/<pid>/stat: "pid (comm) state ppid pgrp session ... starttime(22)
 * ... rss(24)". comm may hold spaces and parentheses, so the fields after
 * it are found from the last ')'. 0, or -1 when gone or unreadable. */
static int read_stat(pid_t pid, proc_entry *e)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
    if (!open_paren || !close_paren || close_paren < open_paren) return -1;
    memset(e, 0, sizeof *e);
    e->pid = pid;
    size_t clen = (size_t)(close_paren - open_paren - 1);
    if (clen >= sizeof e->comm) clen = sizeof e->comm - 1;
    memcpy(e->comm, open_paren + 1, clen);
    e->comm[clen] = 0;
    /* fields from 3 (state) on, space-separated */
    char *p = close_paren + 2;
    int ppid, pgid, sid;
    unsigned long long start;
    long rss;
    if (sscanf(p, "%c %d %d %d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d "
                  "%llu %*u %ld",
               &e->state, &ppid, &pgid, &sid, &start, &rss) != 6)
        return -1;
    e->ppid = ppid, e->pgid = pgid, e->sid = sid;
    e->start_ticks = start, e->rss_pages = rss;
    return 0;
}

static int seterr(char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s: %s", what, strerror(errno));
    return -1;
}

int proctree_scan(pid_t root, proc_list *out, char *err, size_t errlen)
{
    out->v = NULL, out->n = 0;
    DIR *d = opendir("/proc");
    if (!d) return seterr(err, errlen, "/proc");
    proc_entry *all = NULL;
    int n = 0, cap = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (!isdigit((unsigned char)de->d_name[0])) continue;
        if (n == cap) all = xrealloc(all, sizeof *all * (size_t)(cap = cap ? cap * 2 : 256));
        if (read_stat((pid_t)atoi(de->d_name), &all[n]) == 0) n++;
    }
    closedir(d);
    /* Breadth first from root: each pass adds the children of the entries
     * added before, so parents come before children. Quadratic in the
     * tree's size, linear in the machine's: the tree is small. */
    char *in = xcalloc((size_t)n + 1, 1);
    int cap_out = 0;
    for (int added = 1, level_from = 0; added;) {
        added = 0;
        int level_to = out->n;
        for (int i = 0; i < n; i++) {
            if (in[i]) continue;
            int parent_in = all[i].ppid == root;
            for (int k = level_from; k < level_to && !parent_in; k++)
                parent_in = out->v[k].pid == all[i].ppid;
            if (!parent_in) continue;
            if (out->n == cap_out)
                out->v = xrealloc(out->v,
                                  sizeof *out->v * (size_t)(cap_out = cap_out ? cap_out * 2 : 16));
            out->v[out->n++] = all[i];
            in[i] = 1, added = 1;
        }
        level_from = level_to;
    }
    free(in);
    free(all);
    return 0;
}

int proctree_live(const proc_list *l)
{
    int n = 0;
    for (int i = 0; i < l->n; i++)
        n += l->v[i].state != 'Z' && l->v[i].state != 'X';
    return n;
}

int proctree_signal(const proc_entry *e, int signo)
{
    proc_entry now;
    if (read_stat(e->pid, &now) < 0 || now.start_ticks != e->start_ticks) return 0;
    if (now.state == 'Z' || now.state == 'X') return 0;
    return kill(e->pid, signo) == 0;
}

const char *proctree_describe(const proc_entry *e, char *buf, size_t len)
{
    char path[64], cmd[256];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)e->pid);
    ssize_t n = -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) n = read(fd, cmd, sizeof cmd - 1), close(fd);
    if (n > 0) {
        while (n > 0 && cmd[n - 1] == 0)
            n--;
        for (ssize_t i = 0; i < n; i++)
            if (cmd[i] == 0) cmd[i] = ' ';
        cmd[n] = 0;
    } else {
        snprintf(cmd, sizeof cmd, "%s", e->comm);
    }
    snprintf(buf, len, "%d (%s)", (int)e->pid, cmd);
    return buf;
}

void proctree_free(proc_list *l)
{
    free(l->v);
    l->v = NULL, l->n = 0;
}
