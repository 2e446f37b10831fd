/* result.h — what a run measured and decided, for the reports.
 *
 * run.c fills these as the run goes; report_*.c only read them. An endpoint
 * result owns its samples array. */
#ifndef LEAKCHECK_RESULT_H
#define LEAKCHECK_RESULT_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "growth.h"
#include "allocsites.h"
#include "isolates.h"
#include "heapdiff.h"
#include "load.h"
#include "sample.h"

typedef enum { SIG_HEAP, SIG_RSS, SIG_RESOURCES, SIG_CONTEXTS, SIG_FDS, SIG_COUNT } signal_kind;

typedef struct {
    int judged;     /* has a budget */
    int fitted;     /* enough samples for a fit */
    growth_fit fit; /* Theil–Sen on the settled samples */
    double budget;  /* per request */
    growth_verdict verdict;
    int settled_start;          /* index of the first sample fitted */
    int64_t warmup_requests;    /* measured requests before it (detected warm-up) */
    int fallbacks;              /* times the signal fell back after steady growth */
    int64_t fallback_at[4];     /* measured requests at the first fall-backs */
    int samples_since_fallback; /* samples from the last fall-back on */
    int from_mix;               /* the slope is this endpoint's coefficient in a mixed run */
} signal_result;

typedef enum { EP_PASS, EP_FAIL, EP_INCONCLUSIVE, EP_ERROR, EP_NOT_RUN } endpoint_outcome;

/* Why an endpoint is not within budget (verdict.c sets it; bisect and the
 * reports read it instead of parsing reasons). */
typedef enum {
    CAUSE_NONE,
    CAUSE_SIGNAL,       /* a memory or resource signal over budget */
    CAUSE_INCONCLUSIVE, /* inconclusive, and counted as a fail (strict, or estimate over) */
    CAUSE_BASELINE,     /* worse than --baseline */
    CAUSE_ERRORS,       /* too many failed requests */
    CAUSE_OOM,          /* the target ran out of heap */
    CAUSE_CRASH,        /* the target exited */
    CAUSE_HANG,         /* the target stopped answering */
    CAUSE_INTERRUPTED,
    CAUSE_NOT_RUN,
    CAUSE_PROCESSES,    /* more live processes than [target] max_processes: a fork loop */
} verdict_cause;

typedef enum { CAP_NONE, CAP_REQUESTS, CAP_DURATION } cap_kind;

typedef struct {
    const endpoint_cfg *ep;
    endpoint_outcome outcome;
    verdict_cause cause;
    char reason[640]; /* one line: why it failed / errored / was not run */
    char hint[640];   /* what to do about it (raise a cap, check a cache, ...) */
    cap_kind capped;  /* the cap that ended measurement */
    sample *samples;  /* baseline first, then one per step */
    int n_samples, cap_samples;
    signal_result signals[SIG_COUNT];
    load_stats warmup, measured;
    int64_t requests_measured;
    int steps;                /* measurement steps taken */
    double time_to_verdict_s; /* from the endpoint's first request to its verdict */
    double pause_max_s;       /* longest pause between steps (full GCs + sample) */
    double pause_total_s;
    char snapshots[3][PATH_MAX];
    int64_t snapshot_requests[3]; /* explain-phase requests when each was taken */
    int n_snapshots;
    char snapshot_error[256];
    /* the explain phase (after a fail, or always): a fresh target, warm-up,
     * S1, K requests, S2, K requests, S3 */
    int explain_ran;
    int64_t explain_requests;    /* K */
    double explain_wall_s;       /* restart, warm-up, loads and snapshots */
    uint64_t explain_heap_start; /* heap used (post-GC) at S1 */
    uint64_t snapshot_bytes;     /* the three files together */
    load_stats explain_load;
    double explain_coverage;     /* clusters' bytes/request over the slope; -1 unknown */
    isolate_info explain_isolate; /* the isolate explained, when there were several */
    double explain_share;        /* its part of all isolates' growth (1: the only one) */
    alloc_sites sites;           /* where the kept objects were allocated (sampling profiler) */
    int has_sites;
    char profiles[PATH_MAX];     /* the profiles file (allocprofile.h), or "" */
    char sites_error[256];       /* why there are no allocation sites */
    heapdiff_result leaks; /* clusters from the three snapshots, when analyzed */
    int explained;         /* leaks is filled */
    int has_baseline;      /* compared with --baseline */
    double baseline_slope; /* the baseline's heap slope, bytes/request */
    char explain_error[320];
    /* the isolates (isolates.h) over the fitted samples: who grows */
    isolate_growth isolates[ISOLATES_MAX];
    int n_isolates;
    int isolates_max;      /* most isolates answering one sample */
    int isolates_came, isolates_went; /* between measured samples */
    int stale_answers;     /* isolates that did not answer a sample in time */
    int silent_threads;    /* most worker threads alive without an agent answering */
    int unmeasured;        /* most processes holding the port without an agent */
    char unmeasured_who[360]; /* up to two of them, "pid (command line)" */
    double wall_s;
} endpoint_result;

typedef struct {
    const config *cfg;
    char run_dir[PATH_MAX];
    int target_pid; /* the process listening on the port */
    isolate_table isolates; /* of the current target (reset when it restarts) */
    char node_version[32];
    int port;
    char address[128]; /* where it was measured: "http://127.0.0.1:4242", "https://[::1]:8443" */
    int port_passed;   /* the $PORT it ignored (0: it listened there) */
    int restarts; /* fresh targets started after the first (explain phases, [target] fresh) */
    int daemonized; /* the command exited 0 leaving its server running: measured through it */
    load_setup_report setup; /* the [setup] requests on the last target started */
    /* a mixed run ([load] mode = mixed): every endpoint at once, each one's
     * slopes from the regression of the growth on the request counts */
    int mixed;
    int mix_steps;
    int64_t mix_step_requests;
    double mix_worst_r;     /* the most correlated pair of heap estimates */
    char mix_warning[512];  /* two endpoints the design could not separate, and what to change */
    /* every teardown of a target (restarts too): processes found outside its
     * process group and torn down (setsid, detached, daemonized), the first
     * few named; processes still alive after SIGKILL; seconds spent */
    int teardown_strays, teardown_left_running;
    char teardown_detail[512];
    double teardown_s;
    endpoint_result *endpoints;
    int n_endpoints;
    char fatal[1024];   /* a run-level failure (target crashed, interrupted, ...) */
    int interrupted_by; /* signal number */
    double wall_s;
    int exit_code;
} run_result;

/* Writes <run dir>/name with writer; 0, or -1 with err naming the file.
 * Shared by the file reports (report.html, junit.xml). */
/* "mixed run: all 3 endpoints at once, 21 steps of 4500 requests ...": the
 * same words in TAP and report.html. */
void report_mix_sentence(const run_result *r, char *buf, size_t len);

int report_file_write(const run_result *r, const char *name,
                      void (*writer)(FILE *, const run_result *), char *err, size_t errlen);

/* The growth the explanation looks at: the measured heap slope, or in a
 * service of several isolates the explained isolate's part of it. */
static inline double endpoint_explained_slope(const endpoint_result *e)
{
    double slope = e->signals[SIG_HEAP].fitted ? e->signals[SIG_HEAP].fit.slope : 0;
    return e->explain_isolate.pid ? slope * e->explain_share : slope;
}

const char *signal_name(signal_kind k);
const char *signal_unit(signal_kind k);
const char *endpoint_outcome_name(endpoint_outcome o);

#endif
