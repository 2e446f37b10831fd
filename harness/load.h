/* load.h — the HTTP load driver: libcurl multi-socket on the libev loop.
 *
 * This is curl's evhiperfifo pattern: curl tells us which sockets to watch
 * (sock_cb → ev_io) and when to call it back (timer_cb → one ev_timer); done
 * transfers are drained with curl_multi_info_read. `concurrency` easy handles
 * are created once and reused, so keep-alive connections are reused too.
 *
 * Closed loop (rate = 0): each handle starts its next request as soon as the
 * previous one finishes. Open loop (rate > 0): requests are due at fixed
 * intended times; one that finds no free handle waits in a backlog, and its
 * latency counts from its intended time (no coordinated omission).
 *
 * load_run sends n requests (fewer when its time is up or the error limit is
 * clearly crossed) and returns when all it started have finished, so the
 * caller can sample a quiet target between steps. */
#ifndef LEAKCHECK_LOAD_H
#define LEAKCHECK_LOAD_H

#include <ev.h>
#include <stdint.h>

#include "config.h"
#include "latency.h"
#include "service_addr.h"

typedef struct {
    int64_t sent, completed;
    int64_t status_class[6];   /* [0] = no HTTP response, [1..5] = 1xx..5xx */
    int64_t unexpected_status; /* responses outside `expect` */
    int64_t transport_errors;  /* connect errors, resets, ... */
    int64_t timeouts;
    int64_t capture_failures;  /* answered as expected but a capture found nothing */
    char first_error[256]; /* the first failure, described */
    latency_hist latency;
    double busy_s; /* wall time spent sending */
} load_stats;

typedef struct load_driver load_driver;

/* What the [setup] requests did, for the reports (values never: they are
 * tokens and session ids; their names and sizes only). */
#define LOAD_SETUP_MAX 16
typedef struct {
    int n;
    struct {
        char name[64];
        char request[160]; /* "POST /login": the method and the path as written (cut at 140) */
        long status;       /* 0: no response */
        double ms;
        char captured[256]; /* "token (36 B), user (5 B)" */
    } step[LOAD_SETUP_MAX];
    int cookies; /* cookies in the jar that every connection starts with */
    int jar;     /* 1 when connections keep cookies */
} load_setup_report;

/* A driver for the service at addr (copied), with tgt's TLS settings (kept:
 * tgt must outlive the driver). */
load_driver *load_new(struct ev_loop *loop, const service_addr *addr, const target_cfg *tgt);
void load_free(load_driver *d);

/* Sends n requests for ep, numbering them from *seq on (advanced); none is
 * started after max_s seconds (0: no limit). Runs the loop until all started
 * are done; returns a wait_result (WAIT_OK when all done). */
int load_run(load_driver *d, const endpoint_cfg *ep, int64_t n, double max_s, uint64_t *seq,
             load_stats *st);

/* Runs cfg's [setup] requests in order on one connection: their captures
 * become the variables of every later request, and, with cookies on (or
 * auto and a [setup]), every connection starts with the cookies they got.
 * Call on every fresh driver (a restarted target has no sessions). 0, or -1
 * with err naming the request, its status and the start of its body (a
 * failed setup is the target's or the scenario's fault, not a leak). */
int load_setup(load_driver *d, const config *cfg, load_setup_report *rep, char *err,
               size_t errlen);

/* A mixed run's load phase: counts[i] requests of eps[i], all interleaved
 * at random on the connections (closed loop, the widest concurrency of the
 * endpoints); each endpoint's counts go to st[i] (st[0] also gets the
 * phase's busy time). Returns like load_run. */
int load_run_mix(load_driver *d, const endpoint_cfg *const *eps, const int64_t *counts, int n_eps,
                 double max_s, uint64_t *seq, load_stats *st);

int64_t load_failed(const load_stats *st);
void load_stats_merge(load_stats *into, const load_stats *from);

#endif
