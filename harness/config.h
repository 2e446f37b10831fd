/* config.h — the scenario file and harness.ini, parsed and resolved.
 *
 * harness.ini (project defaults, optional) is read first, then the scenario
 * file; both have the same schema and the later one wins key by key. Endpoint
 * sections may override any [load] key and the budget. After config_load the
 * config is fully resolved: every endpoint carries its own effective load and
 * budget settings, templates are compiled and body files are read.
 *
 * Errors: config_load returns -1 and writes `file:line: message` into err.
 * Ownership: config_load fills *cfg; config_free releases everything in it. */
#ifndef LEAKCHECK_CONFIG_H
#define LEAKCHECK_CONFIG_H

#include <stdint.h>

#include "capture.h"
#include "template.h"

typedef enum { SNAP_NEVER, SNAP_ON_FAILURE, SNAP_ALWAYS } snapshot_mode;

typedef struct {
    int64_t concurrency;
    int64_t warmup;          /* requests before the baseline sample */
    int64_t step;            /* requests per measurement step */
    int64_t steps;           /* minimum measurement steps before a verdict */
    int64_t max_requests;    /* cap on measured requests per endpoint */
    int64_t max_duration_ms; /* cap on measuring time per endpoint */
    int64_t step_time_ms;    /* a phase also ends after this long; 0 = auto (verdict_step_time_s) */
    double rate;             /* requests/s; 0 = closed loop */
    int64_t timeout_ms;      /* per request */
    int keepalive;
    int http2;             /* HTTP/2: ALPN over TLS, prior knowledge over plain */
    double max_error_rate; /* fraction of failed requests that fails the endpoint */
    int cookies;           /* a cookie jar per connection: 1 on, 0 off, -1 auto (on with [setup]) */
    int mixed;             /* mode = mixed: all endpoints at once (mix.h); a whole-run key */
} load_cfg;

typedef struct {
    double heap_bytes_per_req; /* heapUsed + external */
    double rss_bytes_per_req;  /* < 0: not judged */
    double resources_per_req;  /* active handles/timers */
    double contexts_per_req;   /* V8 native contexts (vm contexts, realms) */
    double fds_per_req;        /* open file descriptors, sockets excluded */
    double confidence;         /* of the slope interval */
    int strict;                /* inconclusive fails */
    int64_t persist;           /* a fail needs this many measured requests (0 = no wait) */
} budget_cfg;

typedef struct {
    char *command; /* required */
    char *cwd;     /* absolute after resolve */
    int port;      /* 0 = pick a free one */
    char **env;    /* "NAME=VALUE", n_env of them */
    int n_env;
    char *ready_path; /* NULL: ready when the port accepts */
    int64_t ready_timeout_ms;
    char *node_flags;
    int64_t shutdown_grace_ms;
    int64_t sample_timeout_ms;
    int fresh; /* restart the target before every endpoint after the first */
    int64_t max_processes; /* live processes below leakcheck; more is a fork loop */
    /* HTTPS: scheme = https, the certificate checked against server_name
     * with ca_file (or the system's CAs), or not at all (insecure); a
     * client certificate when the service asks for one. Paths absolute
     * after resolve. */
    int tls;
    char *server_name; /* NULL: localhost */
    char *ca_file, *cert_file, *key_file;
    int insecure;
    double log_max_bytes;  /* target.log keeps head and tail of this; 0 = no cap */
} target_cfg;

typedef struct {
    snapshot_mode mode;
    int64_t timeout_ms; /* per snapshot; 0 = from the heap size (explain_plan.h) */
    char *signal;       /* name as written ("SIGUSR2" by default) */
    int signo;          /* its number, checked by config_load */
} snapshot_cfg;

/* [bisect]: read by `leakcheck bisect` only; `leakcheck run` ignores it. */
typedef struct {
    char *build;              /* /bin/sh -c in each commit's worktree; NULL = none */
    int64_t repeats;          /* re-measures of an inconclusive commit */
    int64_t build_timeout_ms; /* past it the build counts as failed (commit skipped) */
    char *files;              /* space-separated, relative to the scenario's folder; NULL = none */
    char *install;            /* the dependency install, cached; NULL = from build, or npm's */
    double cache_size_bytes;  /* the build cache's bound: oldest entries go past it */
} bisect_cfg;

/* One raw override `key = value` in an endpoint section, applied on resolve. */
typedef struct {
    const void *spec;
    char *value;
    const char *file;
    int line;
} config_override;

typedef struct endpoint_cfg {
    char *id;   /* from [endpoint "id"]: at most 37 bytes (inih's section limit) */
    char *name; /* the test name: `name = ...` in the section, else the id */
    char *method;
    template_t path, body;
    template_t *headers; /* "Name: value" */
    int n_headers;
    int has_body;
    uint64_t expect[10]; /* bit per status code 0..639 */
    char *expect_text;
    load_cfg load;
    budget_cfg budget;
    double weight;          /* share of a mixed run's requests, relative to the others' */
    capture_spec *captures; /* values taken from each response into variables */
    int n_captures;
    int is_setup; /* a [setup] request: run once per target, before the warm-up */
    int is_step;  /* a [request] section: a step of flows */
    /* a flow: this endpoint's iteration is these requests in order on one
     * connection, sharing the values they capture; its budget and its
     * request counts are per iteration */
    struct endpoint_cfg **flow;
    int n_flow;
    char *request_text; /* "GET /users/{{seq}}", or a flow's "POST /items → GET /items/{{id}}" */
    /* parse-time only */
    config_override *overrides;
    int n_overrides;
    char *path_src, *body_src, *body_file, *flow_src;
    const char *file;
    int flow_line;
    int line, body_line, path_line;
} endpoint_cfg;

typedef struct {
    target_cfg target;
    load_cfg load;
    budget_cfg budget;
    snapshot_cfg snapshots;
    bisect_cfg bisect;
    endpoint_cfg *endpoints;
    int n_endpoints;
    /* [setup] and [setup "id"] sections in file order: requests run on every
     * fresh target before the warm-up (a login), their captures shared by
     * every connection */
    endpoint_cfg *setup;
    int n_setup;
    endpoint_cfg *requests; /* [request "id"] sections: the steps of flows */
    int n_requests;
    char **var_names; /* every captured variable, by index (capture_spec.index) */
    int n_vars;
    char *scenario_path; /* as given */
    char *scenario_dir;  /* absolute */
    char *defaults_path; /* harness.ini used, or NULL */
    /* parse-time only */
    const char *command_file;
    int command_line;
} config;

/* Loads defaults_path (may be NULL) then scenario_path. 0 or -1 with err. */
int config_load(config *cfg, const char *defaults_path, const char *scenario_path, char *err,
                size_t errlen);
void config_free(config *cfg);

/* Parses an `expect` value ("2xx", "200,201", "2xx,304") into bits. */
int config_parse_expect(const char *s, uint64_t bits[10]);
int config_expect_has(const uint64_t bits[10], long status);

/* Longest endpoint `name = ...`, in bytes. */
#define CONFIG_NAME_MAX 256

/* Is this the endpoint `want` names (its name, or its section's id)? */
int config_endpoint_is(const endpoint_cfg *e, const char *want);

/* Nearest of the valid names to a misspelled one, or NULL when none is close. */
const char *config_suggest(const char *got, const char *const *valid, int n_valid);

#endif
