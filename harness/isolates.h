/* isolates.h — the service as its isolates: every process and worker thread
 * of the target that runs the agent, and how much of the heap growth is
 * each one's (pure; no I/O).
 *
 * A cluster is a primary and N workers, a worker pool a process and N
 * threads: each is its own V8 heap, and a leak in the workers is invisible
 * in the primary. A sample asks them all; the heap signal is their sum and
 * the table says which one grows. Isolates are numbered in the order they
 * first answer, at most ISOLATES_MAX of them by name (more are still
 * summed, counted in `overflow`). */
#ifndef LEAKCHECK_ISOLATES_H
#define LEAKCHECK_ISOLATES_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "growth.h"

#define ISOLATES_MAX 16

typedef struct {
    pid_t pid;
    int thread;     /* worker_threads threadId; 0: the process's main thread */
    char role[64];  /* the script it runs ("server.js"), raw target text */
    int on_port;    /* reported listening on the target port */
} isolate_info;

typedef struct {
    isolate_info v[ISOLATES_MAX];
    int n;
    int overflow; /* isolates seen beyond ISOLATES_MAX */
} isolate_table;

/* The index of (pid, thread), added when new; -1 when the table is full. */
int isolates_index(isolate_table *t, pid_t pid, int thread, const char *role);

/* The index of (pid, thread), or -1 when it is not in the table. */
int isolates_find(const isolate_table *t, pid_t pid, int thread);

/* Between two samples' per-isolate heaps (NaN: absent) of the first n
 * isolates: the index of the one that grew most (-1 when none was in
 * both), and isolate k's part of the growth of all that grew (1 when
 * nothing grew). */
int isolates_top_grower(const double *before, const double *after, int n);
double isolates_share(const double *before, const double *after, int n, int k);

/* "pid 4242 (server.js)", "pid 4242 thread 3 (server.js)" into buf. */
const char *isolates_describe(const isolate_info *i, char *buf, size_t len);

/* One isolate's share of an endpoint's growth. */
typedef struct {
    int index;        /* into the table */
    isolate_info who; /* a copy: the table is reset when the target restarts */
    int samples;      /* samples it answered of those fitted */
    double slope;     /* heap bytes per request over them (Theil–Sen) */
    double last_heap; /* its heap at the last of them */
} isolate_growth;

/* The growth of each isolate over samples [from, n): x the measured
 * requests, heap[i * ISOLATES_MAX + k] isolate k's heap in sample i (NaN
 * when it did not answer). Fills out (at most ISOLATES_MAX), largest slope
 * first; isolates with fewer than 3 samples are left out. Returns the count. */
int isolates_growth(const isolate_table *t, const double *x, const double *heap, int from, int n,
                    isolate_growth *out);

/* Did the set of isolates answering change between samples [from, n)?
 * *came and *went get how many appeared and disappeared. */
int isolates_churn(const double *heap, int from, int n, int *came, int *went);

/* What a reader of the report must know about the isolates of an
 * endpoint's measurement, one sentence into buf, or NULL when all is plain:
 * isolates came or went between fitted samples (the sum jumps with them),
 * some answered late (counted at their last figures), more than
 * ISOLATES_MAX of them (summed, not named), worker threads that never
 * answered (their heaps are missing from the sum), processes that hold
 * the target's port without an agent (unmeasured of them, who names up to
 * two: they answer requests that no signal but RSS and fds sees). */
const char *isolates_warning(int came, int went, int stale, int overflow, int silent_threads,
                             int unmeasured, const char *who, char *buf, size_t len);

#endif
