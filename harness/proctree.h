/* proctree.h — the processes below a pid, read from /proc.
 *
 * The target is not one process: npm runs node, a shell wrapper forks
 * without exec, a cluster primary forks workers, a launcher setsid()s a
 * server out of the target's process group or daemonizes with a double
 * fork. leakcheck is a child subreaper (PR_SET_CHILD_SUBREAPER), so every
 * one of them stays below it in the tree however it detaches; this module
 * lists that tree, so teardown reaches every process, the run's RSS is the
 * tree's, and a fork loop is seen.
 *
 * A scan reads /proc/<pid>/stat of every process on the machine (hundreds
 * on a CI runner: ~1 ms) and keeps the descendants of root. Zombies are
 * listed (state 'Z') but not counted as live. Entries are a snapshot: a
 * pid may be gone or reused by the time it is signalled, so
 * proctree_signal checks the start time first.
 *
 * Memory: proctree_scan fills a proc_list the caller frees with
 * proctree_free. No printing; errors come back in err. */
#ifndef LEAKCHECK_PROCTREE_H
#define LEAKCHECK_PROCTREE_H

#include <stddef.h>
#include <sys/types.h>

typedef struct {
    pid_t pid, ppid, pgid, sid;
    char state;                     /* R, S, D, Z, T, ... from /proc/<pid>/stat */
    unsigned long long start_ticks; /* since boot, in clock ticks: identity with pid */
    long rss_pages;
    char comm[64];                  /* the kernel's 15-character name */
} proc_entry;

typedef struct {
    proc_entry *v;
    int n;
} proc_list;

/* The descendants of root (root itself not included), parents before
 * children. 0, or -1 with err when /proc cannot be read. */
int proctree_scan(pid_t root, proc_list *out, char *err, size_t errlen);

/* Live (not zombie) entries of the list. */
int proctree_live(const proc_list *l);

/* Sends signo to the entry's process if it is still the same process
 * (same start time) and not a zombie. 1 sent, 0 gone or reused. */
int proctree_signal(const proc_entry *e, int signo);

/* "4242 (node server.js --port 8080)": pid and command line (comm when the
 * command line cannot be read), the command line cut to fit. */
const char *proctree_describe(const proc_entry *e, char *buf, size_t len);

void proctree_free(proc_list *l);

#endif
