/* sample.h — one measurement of the target: post-GC memory and resources.
 *
 * A sample joins what the agent reports from inside every isolate of the
 * target (heapUsed, external, heap statistics, active resources by type,
 * after full GCs), summed, with the kernel's RSS and open fds of its
 * processes from /proc. Samples are appended to
 * <run dir>/samples.csv the moment they are taken, so a crash or Ctrl-C
 * loses nothing already measured. */
#ifndef LEAKCHECK_SAMPLE_H
#define LEAKCHECK_SAMPLE_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "isolates.h"

typedef struct {
    int64_t requests; /* measured requests of this endpoint before the sample */
    double t_s;       /* seconds since the run started */
    double heap_used, heap_total, external, array_buffers;
    double rss;       /* from /proc/<pid>/statm, bytes */
    double native_contexts, detached_contexts;
    double resources; /* active handles/requests of the app, sockets excluded */
    double fds;       /* open file descriptors of the target's processes */
    int gc_rounds;
    int isolates;     /* processes and worker threads that answered */
    int stale;        /* of them, how many gave their last answer again */
    double iso_heap[ISOLATES_MAX]; /* each isolate's heap (isolates.h), NaN when absent */
    char resources_detail[256]; /* "Timeout=3 TCPServerWrap=1", sorted by type */
} sample;

/* Adds the memory figures of one isolate's sample b into a (the service is
 * the sum of its isolates); gc_rounds keeps the largest. */
void sample_add(sample *a, const sample *b);

/* Open file descriptors of pid but its sockets (entries of /proc/<pid>/fd;
 * the load's connections come and go with keep-alive timeouts). 0 or -1. */
int sample_proc_fds(pid_t pid, double *count);

/* The measure most budgets judge: post-GC heapUsed + external. */
double sample_heap_bytes(const sample *s);

/* Fills s from an agent `sample` reply. 0, or -1 when fields are missing. */
int sample_from_json(json_t *reply, sample *s);

/* Resident set size of pid in bytes, from /proc/<pid>/statm. 0 or -1. */
int sample_proc_rss(pid_t pid, double *bytes);

FILE *samples_csv_open(const char *path);
void samples_csv_write(FILE *f, const char *endpoint, const char *phase, int step,
                       const sample *s);

#endif
