/* config.c — scenario.ini / harness.ini through inih, with file:line errors.
 *
 * inih (Debian's libinih 55) calls our handler once per `key = value` in file
 * order but gives no line number, and never tells us about a section that has
 * no keys. So we also keep the file's lines and walk a cursor alongside inih:
 * each handler call advances the cursor to the next line holding that key,
 * and section headers met on the way are processed there. That gives every
 * key, every section and every error its line. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapshot.h"
#include "target.h"
#include "targetlog.h"
#include "units.h"
#include "xalloc.h"

typedef enum {
    S_TARGET,
    S_LOAD,
    S_BUDGET,
    S_SNAPSHOTS,
    S_BISECT,
    S_ENDPOINT,
    S_SETUP,
    S_REQUEST,
    S_NONE
} section_kind;

typedef enum {
    T_STR,
    T_COUNT,
    T_DURATION,
    T_BYTES,
    T_OPT_BYTES,
    T_RATIO,
    T_DOUBLE,
    T_BOOL,
    T_PORT,
    T_MODE,
    T_SIGNAL, /* a snapshot signal name: sets signal and signo */
    T_SCHEME, /* http or https: sets an int (1 = TLS) */
    T_HTTP,   /* 1.1 or 2: sets an int (1 = HTTP/2) */
    T_AUTO_BOOL, /* auto, or true/false: sets an int (-1 auto) */
    T_RUN_MODE,  /* separate or mixed: sets an int (1 = mixed) */
} value_type;

typedef struct {
    const char *name;
    section_kind section;
    value_type type;
    size_t off; /* into the section's struct */
    int64_t min, max;
} key_spec;

#define TGT(f) offsetof(target_cfg, f)
#define LOAD(f) offsetof(load_cfg, f)
#define BUD(f) offsetof(budget_cfg, f)
#define SNAP(f) offsetof(snapshot_cfg, f)
#define BIS(f) offsetof(bisect_cfg, f)

static const key_spec specs[] = {
    {"command", S_TARGET, T_STR, TGT(command), 0, 0},
    {"cwd", S_TARGET, T_STR, TGT(cwd), 0, 0},
    {"port", S_TARGET, T_PORT, TGT(port), 0, 65535},
    {"env", S_TARGET, T_STR, 0, 0, 0}, /* repeatable: special-cased */
    {"ready_path", S_TARGET, T_STR, TGT(ready_path), 0, 0},
    {"ready_timeout", S_TARGET, T_DURATION, TGT(ready_timeout_ms), 100, 3600000},
    {"node_flags", S_TARGET, T_STR, TGT(node_flags), 0, 0},
    {"shutdown_grace", S_TARGET, T_DURATION, TGT(shutdown_grace_ms), 0, 600000},
    {"sample_timeout", S_TARGET, T_DURATION, TGT(sample_timeout_ms), 100, 3600000},
    {"fresh", S_TARGET, T_BOOL, TGT(fresh), 0, 1},
    {"max_processes", S_TARGET, T_COUNT, TGT(max_processes), 1, 100000},
    {"scheme", S_TARGET, T_SCHEME, TGT(tls), 0, 1},
    {"server_name", S_TARGET, T_STR, TGT(server_name), 0, 0},
    {"ca_file", S_TARGET, T_STR, TGT(ca_file), 0, 0},
    {"cert_file", S_TARGET, T_STR, TGT(cert_file), 0, 0},
    {"key_file", S_TARGET, T_STR, TGT(key_file), 0, 0},
    {"insecure", S_TARGET, T_BOOL, TGT(insecure), 0, 1},
    {"log_max", S_TARGET, T_BYTES, TGT(log_max_bytes), TARGETLOG_MIN_CAP, TARGETLOG_MAX_CAP},
    {"concurrency", S_LOAD, T_COUNT, LOAD(concurrency), 1, 1024},
    {"warmup", S_LOAD, T_COUNT, LOAD(warmup), 0, 1000000000},
    {"step", S_LOAD, T_COUNT, LOAD(step), 1, 1000000000},
    {"steps", S_LOAD, T_COUNT, LOAD(steps), 4, 10000},
    {"max_requests", S_LOAD, T_COUNT, LOAD(max_requests), 1, 100000000000LL},
    {"max_duration", S_LOAD, T_DURATION, LOAD(max_duration_ms), 1000, 86400000},
    {"step_time", S_LOAD, T_DURATION, LOAD(step_time_ms), 0, 86400000},
    {"rate", S_LOAD, T_DOUBLE, LOAD(rate), 0, 10000000},
    {"timeout", S_LOAD, T_DURATION, LOAD(timeout_ms), 1, 3600000},
    {"keepalive", S_LOAD, T_BOOL, LOAD(keepalive), 0, 1},
    {"http", S_LOAD, T_HTTP, LOAD(http2), 0, 1},
    {"max_error_rate", S_LOAD, T_RATIO, LOAD(max_error_rate), 0, 1},
    {"cookies", S_LOAD, T_AUTO_BOOL, LOAD(cookies), 0, 0},
    {"mode", S_LOAD, T_RUN_MODE, LOAD(mixed), 0, 0},
    {"heap", S_BUDGET, T_BYTES, BUD(heap_bytes_per_req), 0, 0},
    {"rss", S_BUDGET, T_OPT_BYTES, BUD(rss_bytes_per_req), 0, 0},
    {"resources", S_BUDGET, T_DOUBLE, BUD(resources_per_req), 0, 1000000},
    {"contexts", S_BUDGET, T_DOUBLE, BUD(contexts_per_req), 0, 1000000},
    {"fds", S_BUDGET, T_DOUBLE, BUD(fds_per_req), 0, 1000000},
    {"confidence", S_BUDGET, T_RATIO, BUD(confidence), 0, 1},
    {"strict", S_BUDGET, T_BOOL, BUD(strict), 0, 1},
    {"persist", S_BUDGET, T_COUNT, BUD(persist), 0, 100000000000LL},
    {"mode", S_SNAPSHOTS, T_MODE, SNAP(mode), 0, 0},
    {"timeout", S_SNAPSHOTS, T_DURATION, SNAP(timeout_ms), 100, 3600000},
    {"signal", S_SNAPSHOTS, T_SIGNAL, SNAP(signal), 0, 0},
    {"build", S_BISECT, T_STR, BIS(build), 0, 0},
    {"repeats", S_BISECT, T_COUNT, BIS(repeats), 0, 10},
    {"build_timeout", S_BISECT, T_DURATION, BIS(build_timeout_ms), 1000, 86400000},
    {"files", S_BISECT, T_STR, BIS(files), 0, 0},
    {"install", S_BISECT, T_STR, BIS(install), 0, 0},
    {"cache_size", S_BISECT, T_BYTES, BIS(cache_size_bytes), 1048576, 1099511627776LL},
};
#define N_SPECS ((int)(sizeof specs / sizeof specs[0]))

/* Keys only an endpoint section has; budget.* map onto [budget] specs. */
static const char *const endpoint_keys[] = {
    "name",        "method",     "path",          "header",           "body",
    "body_file",   "expect",     "budget",        "budget.heap",      "budget.rss",
    "budget.resources", "budget.contexts", "budget.fds", "budget.persist", "capture", "flow",
    "weight"};
#define N_ENDPOINT_KEYS ((int)(sizeof endpoint_keys / sizeof endpoint_keys[0]))

static const char *const section_names[] = {"target", "load",  "budget",
                                            "snapshots", "bisect", "setup",
                                            "endpoint \"name\"", "setup \"name\"",
                                            "request \"name\""};
#define N_PLAIN_SECTIONS 6 /* section_names before the quoted forms */

typedef struct {
    config *cfg;
    const char *file;
    char *err;
    size_t errlen;
    char **lines;
    int n_lines, cursor, key_line;
    section_kind kind;
    endpoint_cfg *ep;
    int section_line;
} parse_ctx;

static void set_defaults(config *c)
{
    c->target.port = 0;
    c->target.ready_timeout_ms = 15000;
    c->target.shutdown_grace_ms = 5000;
    c->target.max_processes = 256;
    c->target.log_max_bytes = 2 << 20;
    c->target.sample_timeout_ms = 30000;
    c->load = (load_cfg){.concurrency = 16,
                         .warmup = 2000,
                         .step = 2500,
                         .steps = 4,
                         .max_requests = 100000,
                         .max_duration_ms = 120000,
                         .rate = 0,
                         .timeout_ms = 5000,
                         .keepalive = 1,
                         .max_error_rate = 0.05,
                         .cookies = -1};
    c->budget = (budget_cfg){.heap_bytes_per_req = 32,
                             .rss_bytes_per_req = -1,
                             .resources_per_req = 0.001,
                             .contexts_per_req = 0.001,
                             .fds_per_req = 0.001,
                             .confidence = 0.95,
                             .strict = 0};
    c->snapshots = (snapshot_cfg){.mode = SNAP_ON_FAILURE,
                                  .timeout_ms = 0 /* by heap size */,
                                  .signal = strdup("SIGUSR2"),
                                  .signo = SIGUSR2};
    c->bisect = (bisect_cfg){.build = NULL,
                             .repeats = 2,
                             .build_timeout_ms = 600000,
                             .cache_size_bytes = 2.0 * 1024 * 1024 * 1024};
}

/* ---- small helpers ---- */

static int fail_at(parse_ctx *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static int fail_at(parse_ctx *p, int line, const char *fmt, ...)
{
    int n = line > 0 ? snprintf(p->err, p->errlen, "%s:%d: ", p->file, line)
                     : snprintf(p->err, p->errlen, "%s: ", p->file);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < p->errlen) vsnprintf(p->err + n, p->errlen - n, fmt, ap);
    va_end(ap);
    return 0;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];
    if (la >= 63 || lb >= 63) return 99;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof cur);
    }
    return prev[lb];
}

const char *config_suggest(const char *got, const char *const *valid, int n_valid)
{
    const char *best = NULL;
    size_t best_d = 99, len = strlen(got);
    for (int i = 0; i < n_valid; i++) {
        size_t d = edit_distance(got, valid[i]);
        if (d < best_d) best_d = d, best = valid[i];
    }
    /* close enough to be a typo: at most a third of the word */
    return best && best_d <= (len + 2) / 3 ? best : NULL;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

/* Valid key names for a section, for suggestions and the error's list. */
static int valid_keys(section_kind k, const char **out)
{
    int n = 0;
    if (k == S_ENDPOINT)
        for (int i = 0; i < N_ENDPOINT_KEYS; i++)
            out[n++] = endpoint_keys[i];
    for (int i = 0; i < N_SPECS; i++)
        if (specs[i].section == k || (k == S_ENDPOINT && specs[i].section == S_LOAD))
            out[n++] = specs[i].name;
    return n;
}

static int unknown_key(parse_ctx *p, const char *name, const char *section)
{
    const char *valid[64];
    int n = valid_keys(p->kind, valid);
    const char *near = config_suggest(name, valid, n);
    if (near)
        return fail_at(p, p->key_line, "unknown key '%s' in [%s] (did you mean '%s'?)", name,
                       section, near);
    char list[1024] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, valid[i], sizeof list - strlen(list) - 1);
    }
    return fail_at(p, p->key_line, "unknown key '%s' in [%s] (valid keys: %s)", name, section,
                   list);
}

/* ---- values ---- */

static const char *type_hint(value_type t)
{
    switch (t) {
    case T_COUNT:
        return "a whole number, e.g. 2500 or 10k";
    case T_DURATION:
        return "a duration with a unit, e.g. 250ms, 5s, 2m";
    case T_BYTES:
        return "a size with a unit, e.g. 64B, 4KiB, 1MB";
    case T_OPT_BYTES:
        return "a size with a unit (e.g. 512B), or empty for not judged";
    case T_RATIO:
        return "a fraction 0..1 or a percentage, e.g. 0.01 or 1%";
    case T_DOUBLE:
        return "a number";
    case T_BOOL:
        return "true or false";
    case T_PORT:
        return "a port 0..65535 (0 = pick a free one)";
    case T_MODE:
        return "never, on-failure or always";
    case T_SCHEME:
        return "http or https";
    case T_HTTP:
        return "1.1 or 2 (HTTP/2: ALPN over https, prior knowledge over http)";
    case T_AUTO_BOOL:
        return "auto, true or false";
    case T_RUN_MODE:
        return "separate (one endpoint at a time) or mixed (all at once, each endpoint's growth "
               "from the mix)";
    case T_SIGNAL:
        return "a signal node can snapshot on: SIGUSR2, SIGPWR, SIGWINCH, SIGURG, SIGXCPU or "
               "SIGVTALRM (not SIGUSR1: it starts node's inspector)";
    default:
        return "a value";
    }
}

/* Parses value per spec into base+off. Returns 0, or fails with a message. */
static int apply_spec(parse_ctx *p, const key_spec *s, void *base, const char *value)
{
    char *field = (char *)base + s->off;
    int64_t i64;
    double d;
    int b, ok = 1;
    switch (s->type) {
    case T_STR:
        free(*(char **)field);
        *(char **)field = *value ? strdup(value) : NULL;
        return 1;
    case T_COUNT:
        ok = units_parse_count(value, &i64) == 0 && i64 >= s->min && i64 <= s->max;
        if (ok) *(int64_t *)field = i64;
        break;
    case T_DURATION:
        ok = units_parse_duration_ms(value, &i64) == 0 && i64 >= s->min && i64 <= s->max;
        if (ok) *(int64_t *)field = i64;
        break;
    case T_PORT:
        ok = units_parse_count(value, &i64) == 0 && i64 >= s->min && i64 <= s->max;
        if (ok) *(int *)field = (int)i64;
        break;
    case T_BYTES:
    case T_OPT_BYTES:
        if (s->type == T_OPT_BYTES && !*value)
            d = -1;
        else
            ok = units_parse_bytes(value, &d) == 0;
        /* a size with a range (min..max, or 0 for none) */
        if (ok && s->max && d != 0) ok = d >= (double)s->min && d <= (double)s->max;
        if (ok) *(double *)field = d;
        break;
    case T_RATIO:
        ok = units_parse_ratio(value, &d) == 0;
        if (ok) *(double *)field = d;
        break;
    case T_DOUBLE: {
        char *end;
        errno = 0;
        d = strtod(value, &end);
        ok = end != value && !*trim(end) && !errno && d >= (double)s->min && d <= (double)s->max;
        if (ok) *(double *)field = d;
        break;
    }
    case T_BOOL:
        ok = units_parse_bool(value, &b) == 0;
        if (ok) *(int *)field = b;
        break;
    case T_RUN_MODE:
        ok = !strcmp(value, "separate") || !strcmp(value, "mixed");
        if (ok) *(int *)field = !strcmp(value, "mixed");
        break;
    case T_AUTO_BOOL:
        ok = !strcasecmp(value, "auto") || units_parse_bool(value, &b) == 0;
        if (ok) *(int *)field = strcasecmp(value, "auto") ? b : -1;
        break;
    case T_SCHEME:
    case T_HTTP: {
        const char *one = s->type == T_SCHEME ? "https" : "2";
        const char *zero = s->type == T_SCHEME ? "http" : "1.1";
        ok = !strcasecmp(value, one) || !strcasecmp(value, zero);
        if (ok) *(int *)field = !strcasecmp(value, one);
        break;
    }
    case T_MODE:
        if (!strcmp(value, "never"))
            *(snapshot_mode *)field = SNAP_NEVER;
        else if (!strcmp(value, "on-failure"))
            *(snapshot_mode *)field = SNAP_ON_FAILURE;
        else if (!strcmp(value, "always"))
            *(snapshot_mode *)field = SNAP_ALWAYS;
        else
            ok = 0;
        break;
    case T_SIGNAL: {
        int signo = snapshot_signal_number(value);
        ok = signo > 0;
        if (ok) { /* kept as node wants it: "SIGUSR2" */
            const char *bare = strncasecmp(value, "SIG", 3) ? value : value + 3;
            char canon[16] = "SIG";
            for (size_t i = 0; bare[i] && i < sizeof canon - 4; i++)
                canon[3 + i] = (char)toupper((unsigned char)bare[i]);
            free(*(char **)field);
            *(char **)field = strdup(canon);
            ((snapshot_cfg *)base)->signo = signo;
        }
        break;
    }
    }
    if (ok) return 1;
    if ((s->type == T_COUNT || s->type == T_DURATION || s->type == T_PORT) && s->max)
        return fail_at(p, p->key_line,
                       "bad value '%.60s%s' for '%s': expected %s, from %lld to %lld", value,
                       strlen(value) > 60 ? "..." : "", s->name, type_hint(s->type),
                       (long long)s->min, (long long)s->max);
    if (s->type == T_BYTES && s->max) {
        char lo[32], hi[32];
        return fail_at(p, p->key_line,
                       "bad value '%.60s%s' for '%s': expected %s, 0 (no limit) or from %s to %s",
                       value, strlen(value) > 60 ? "..." : "", s->name, type_hint(s->type),
                       units_format_bytes((double)s->min, lo, sizeof lo),
                       units_format_bytes((double)s->max, hi, sizeof hi));
    }
    return fail_at(p, p->key_line, "bad value '%.60s%s' for '%s': expected %s", value,
                   strlen(value) > 60 ? "..." : "", s->name, type_hint(s->type));
}

static const key_spec *find_spec(section_kind k, const char *name)
{
    for (int i = 0; i < N_SPECS; i++)
        if (specs[i].section == k && !strcmp(specs[i].name, name)) return &specs[i];
    return NULL;
}

static void *section_base(config *c, section_kind k)
{
    switch (k) {
    case S_TARGET:
        return &c->target;
    case S_LOAD:
        return &c->load;
    case S_BUDGET:
        return &c->budget;
    case S_SNAPSHOTS:
        return &c->snapshots;
    case S_BISECT:
        return &c->bisect;
    default:
        return NULL;
    }
}

int config_parse_expect(const char *s, uint64_t bits[10])
{
    memset(bits, 0, sizeof(uint64_t) * 10);
    char *copy = strdup(s), *save = NULL;
    int any = 0, ok = copy != NULL;
    for (char *tok = copy ? strtok_r(copy, ", ", &save) : NULL; ok && tok;
         tok = strtok_r(NULL, ", ", &save)) {
        int lo, hi;
        if (strlen(tok) == 3 && tok[0] >= '1' && tok[0] <= '5' && tolower(tok[1]) == 'x' &&
            tolower(tok[2]) == 'x') {
            lo = (tok[0] - '0') * 100, hi = lo + 99;
        } else {
            char *end;
            long v = strtol(tok, &end, 10);
            if (*end || v < 100 || v > 599) ok = 0;
            lo = hi = (int)v;
        }
        for (int c = lo; ok && c <= hi; c++)
            bits[c / 64] |= 1ULL << (c % 64);
        any = 1;
    }
    free(copy);
    return ok && any ? 0 : -1;
}

int config_expect_has(const uint64_t bits[10], long status)
{
    return status >= 0 && status < 640 && (bits[status / 64] >> (status % 64)) & 1;
}

/* ---- sections ---- */

/* [endpoint "name"] → name, or NULL when the header is not of that form
 * (kind is "endpoint" or "setup"). */
static char *quoted_section(const char *section, const char *kind)
{
    size_t k = strlen(kind);
    if (strncmp(section, kind, k) != 0 || !isspace((unsigned char)section[k])) return NULL;
    const char *q = section + k;
    while (isspace((unsigned char)*q))
        q++;
    size_t n = strlen(q);
    if (n < 2 || q[0] != '"' || q[n - 1] != '"') return NULL;
    return strndup(q + 1, n - 2);
}

/* A [setup] request (run once per target, before warm-up) or a [request]
 * (a step of flows): an endpoint_cfg in their own list. */
static int begin_request(parse_ctx *p, char *id, int line, section_kind kind)
{
    config *c = p->cfg;
    endpoint_cfg **list = kind == S_SETUP ? &c->setup : &c->requests;
    int *n = kind == S_SETUP ? &c->n_setup : &c->n_requests;
    const char *what = kind == S_SETUP ? "setup" : "request";
    for (int i = 0; i < *n; i++)
        if (!strcmp((*list)[i].id, id)) {
            int prev = (*list)[i].line;
            free(id);
            return fail_at(p, line, "duplicate [%s \"%s\"] (first defined at line %d)", what,
                           (*list)[i].id, prev);
        }
    if (!*id) return free(id), fail_at(p, line, "%s name is empty", what);
    endpoint_cfg *v = realloc(*list, sizeof *v * (*n + 1));
    if (!v) return free(id), fail_at(p, line, "out of memory");
    *list = v;
    p->ep = &v[(*n)++];
    memset(p->ep, 0, sizeof *p->ep);
    p->ep->id = id;
    p->ep->name = strdup(id);
    p->ep->file = p->file;
    p->ep->line = line;
    p->ep->is_setup = kind == S_SETUP;
    p->ep->is_step = kind == S_REQUEST;
    p->kind = kind;
    return 1;
}

static int begin_section(parse_ctx *p, char *header, int line)
{
    char *close = strchr(header, ']');
    if (!close) return 1; /* inih reports it */
    *close = 0;
    const char *name = header + 1;
    p->section_line = line;
    p->ep = NULL;
    /* inih cuts longer section names without a word */
    if (strlen(name) >= 49 && !strncmp(name, "endpoint", 8))
        return fail_at(p, line,
                       "section name [%.40s...] is %zu bytes; the limit is 48 (inih cuts longer "
                       "ones): give the endpoint a short id and its full name inside, e.g. "
                       "[endpoint \"members\"] and name = GET /api/v1/organizations/:orgId/members",
                       name, strlen(name));
    if (strlen(name) >= 49)
        return fail_at(p, line, "section name [%.40s...] is %zu bytes; the limit is 48", name,
                       strlen(name));
    static const section_kind kinds[] = {S_TARGET, S_LOAD,  S_BUDGET,
                                         S_SNAPSHOTS, S_BISECT, S_SETUP};
    for (int i = 0; i < N_PLAIN_SECTIONS; i++)
        if (!strcmp(name, section_names[i]) && kinds[i] != S_SETUP) return p->kind = kinds[i], 1;
    char *setup_id = !strcmp(name, "setup") ? strdup("setup") : quoted_section(name, "setup");
    if (setup_id) return begin_request(p, setup_id, line, S_SETUP);
    char *request_id = quoted_section(name, "request");
    if (request_id) return begin_request(p, request_id, line, S_REQUEST);
    char *ep_name = quoted_section(name, "endpoint");
    if (!ep_name) {
        const char *near = config_suggest(name, section_names, N_PLAIN_SECTIONS);
        if (near) return fail_at(p, line, "unknown section [%s] (did you mean [%s]?)", name, near);
        return fail_at(p, line,
                       "unknown section [%s] (valid: [target], [load], [budget], [snapshots], "
                       "[bisect], [setup], [setup \"name\"], [endpoint \"name\"], [request "
                       "\"name\"])",
                       name);
    }
    config *c = p->cfg;
    for (int i = 0; i < c->n_endpoints; i++)
        if (!strcmp(c->endpoints[i].id, ep_name)) {
            int prev = c->endpoints[i].line;
            free(ep_name);
            return fail_at(p, line, "duplicate endpoint \"%s\" (first defined at line %d)",
                           c->endpoints[i].id, prev);
        }
    if (!*ep_name) return free(ep_name), fail_at(p, line, "endpoint name is empty");
    endpoint_cfg *eps = realloc(c->endpoints, sizeof *eps * (c->n_endpoints + 1));
    if (!eps) return free(ep_name), fail_at(p, line, "out of memory");
    c->endpoints = eps;
    p->ep = &eps[c->n_endpoints++];
    memset(p->ep, 0, sizeof *p->ep);
    p->ep->id = ep_name;
    p->ep->name = strdup(ep_name);
    p->ep->file = p->file;
    p->ep->line = line;
    p->kind = S_ENDPOINT;
    return 1;
}

/* Moves the line cursor to the line of key `name` (NULL: to the end), handling
 * section headers on the way. Returns 0 when a header was an error. */
static int advance_to_key(parse_ctx *p, const char *name)
{
    while (p->cursor < p->n_lines) {
        int line = p->cursor + 1;
        char *text = trim(p->lines[p->cursor++]);
        if (line == 1 && !strncmp(text, "\xEF\xBB\xBF", 3)) text = trim(text + 3);
        if (!*text || *text == ';' || *text == '#') continue;
        if (*text == '[') {
            if (!begin_section(p, text, line)) return 0;
            continue;
        }
        size_t klen = strcspn(text, "=:");
        while (klen && isspace((unsigned char)text[klen - 1]))
            klen--;
        if (name && strlen(name) == klen && !strncmp(text, name, klen)) {
            p->key_line = line;
            return 1;
        }
    }
    return 1;
}

/* ---- keys ---- */

static int add_override(parse_ctx *p, const key_spec *s, const char *value)
{
    endpoint_cfg *e = p->ep;
    config_override *o = realloc(e->overrides, sizeof *o * (e->n_overrides + 1));
    if (!o) return fail_at(p, p->key_line, "out of memory");
    e->overrides = o;
    o[e->n_overrides++] = (config_override){s, strdup(value), p->file, p->key_line};
    return 1;
}

static int check_template(parse_ctx *p, const char *key, const char *value)
{
    template_t t;
    char msg[256];
    if (template_compile(&t, value, msg, sizeof msg) < 0)
        return fail_at(p, p->key_line, "bad %s: %s", key, msg);
    template_free(&t);
    return 1;
}

static int set_str(char **field, const char *value)
{
    free(*field);
    *field = strdup(value);
    return 1;
}

static int add_capture(parse_ctx *p, const char *value)
{
    endpoint_cfg *e = p->ep;
    char msg[300];
    capture_spec c;
    if (capture_parse(&c, value, msg, sizeof msg) < 0) return fail_at(p, p->key_line, "%s", msg);
    for (int i = 0; i < e->n_captures; i++)
        if (!strcmp(e->captures[i].var, c.var)) {
            int prev = e->captures[i].line;
            capture_free(&c);
            return fail_at(p, p->key_line, "'%s' is captured twice here (first at line %d)",
                           e->captures[i].var, prev);
        }
    capture_spec *v = realloc(e->captures, sizeof *v * (e->n_captures + 1));
    if (!v) return capture_free(&c), fail_at(p, p->key_line, "out of memory");
    e->captures = v;
    c.line = p->key_line;
    e->captures[e->n_captures++] = c;
    return 1;
}

static int endpoint_key(parse_ctx *p, const char *name, const char *value)
{
    endpoint_cfg *e = p->ep;
    static const char *const setup_keys[] = {"method", "path",   "header", "body",
                                             "body_file", "expect", "capture"};
    if (e->is_setup || e->is_step) {
        int known = 0;
        for (size_t i = 0; i < sizeof setup_keys / sizeof *setup_keys; i++)
            known |= !strcmp(name, setup_keys[i]);
        if (!known)
            return fail_at(p, p->key_line,
                           "'%s' is not a [%s] key (valid: method, path, header, body, "
                           "body_file, expect, capture)",
                           name, e->is_setup ? "setup" : "request");
    }
    if (!strcmp(name, "flow")) {
        e->flow_line = p->key_line;
        return set_str(&e->flow_src, value);
    }
    if (!strcmp(name, "capture")) return add_capture(p, value);
    if (!strcmp(name, "cookies") || !strcmp(name, "mode"))
        return fail_at(p, p->key_line, "%s is a [load] key for the whole run, not an endpoint's",
                       name);
    if (!strcmp(name, "weight")) {
        char *end;
        double w = strtod(value, &end);
        if (end == value || *end || !(w > 0) || w > 1000)
            return fail_at(p, p->key_line,
                           "bad value '%.60s' for 'weight': expected a number over 0 (a share of "
                           "a mixed run's requests, relative to the other endpoints' weights)",
                           value);
        e->weight = w;
        return 1;
    }
    if (!strcmp(name, "name")) {
        if (!*value) return fail_at(p, p->key_line, "name is empty");
        if (strlen(value) > CONFIG_NAME_MAX)
            return fail_at(p, p->key_line, "name is %zu bytes; the limit is %d", strlen(value),
                           CONFIG_NAME_MAX);
        return set_str(&e->name, value);
    }
    if (!strcmp(name, "method")) {
        for (const char *c = value; *c; c++)
            if (!isupper((unsigned char)*c))
                return fail_at(p, p->key_line,
                               "bad method '%s': expected an upper-case token like GET or POST",
                               value);
        if (!*value) return fail_at(p, p->key_line, "method is empty");
        return set_str(&e->method, value);
    }
    if (!strcmp(name, "path")) {
        if (value[0] != '/')
            return fail_at(p, p->key_line, "bad path '%s': must start with '/'", value);
        e->path_line = p->key_line;
        return check_template(p, "path", value) && set_str(&e->path_src, value);
    }
    if (!strcmp(name, "header")) {
        const char *colon = strchr(value, ':');
        if (!colon || colon == value)
            return fail_at(p, p->key_line, "bad header '%s': expected 'Name: value'", value);
        if (!check_template(p, "header", value)) return 0;
        template_t *h = realloc(e->headers, sizeof *h * (e->n_headers + 1));
        if (!h) return fail_at(p, p->key_line, "out of memory");
        e->headers = h;
        char msg[64];
        template_compile(&e->headers[e->n_headers++], value, msg, sizeof msg);
        return 1;
    }
    if (!strcmp(name, "body") || !strcmp(name, "body_file")) {
        if (!check_template(p, name, value)) return 0;
        free(e->body_src), free(e->body_file);
        e->body_src = e->body_file = NULL;
        e->body_line = p->key_line;
        return set_str(name[4] ? &e->body_file : &e->body_src, value);
    }
    if (!strcmp(name, "expect")) {
        if (config_parse_expect(value, e->expect) < 0)
            return fail_at(p, p->key_line,
                           "bad expect '%s': expected status codes or classes, e.g. 2xx or "
                           "200,201",
                           value);
        return set_str(&e->expect_text, value);
    }
    const key_spec *s;
    if (!strcmp(name, "budget"))
        s = find_spec(S_BUDGET, "heap");
    else if (!strcmp(name, "budget.heap") || !strcmp(name, "budget.rss") ||
             !strcmp(name, "budget.resources") || !strcmp(name, "budget.contexts") || !strcmp(name, "budget.fds") ||
             !strcmp(name, "budget.persist"))
        s = find_spec(S_BUDGET, name + 7);
    else
        s = find_spec(S_LOAD, name);
    if (!s) return unknown_key(p, name, "endpoint");
    budget_cfg scratch_b = p->cfg->budget;
    load_cfg scratch_l = p->cfg->load;
    if (!apply_spec(p, s, s->section == S_BUDGET ? (void *)&scratch_b : (void *)&scratch_l, value))
        return 0;
    return add_override(p, s, value);
}

static int add_env(parse_ctx *p, const char *value)
{
    const char *eq = strchr(value, '=');
    if (!eq || eq == value)
        return fail_at(p, p->key_line, "bad env '%s': expected NAME=VALUE", value);
    target_cfg *t = &p->cfg->target;
    char **env = realloc(t->env, sizeof *env * (t->n_env + 1));
    if (!env) return fail_at(p, p->key_line, "out of memory");
    t->env = env;
    t->env[t->n_env++] = strdup(value);
    return 1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    parse_ctx *p = user;
    if (!advance_to_key(p, name)) return 0;
    if (!*section)
        return fail_at(p, p->key_line, "key '%s' outside any section (start with [target])", name);
    if (p->kind == S_ENDPOINT || p->kind == S_SETUP || p->kind == S_REQUEST)
        return endpoint_key(p, name, value);
    if (p->kind == S_TARGET && !strcmp(name, "env")) return add_env(p, value);
    const key_spec *s = find_spec(p->kind, name);
    if (!s) return unknown_key(p, name, section);
    if (p->kind == S_TARGET && !strcmp(name, "command"))
        p->cfg->command_file = p->file, p->cfg->command_line = p->key_line;
    if (p->kind == S_TARGET && !strcmp(name, "cwd") && *value && value[0] != '/') {
        /* relative to the file that says it */
        char *dir = strdup(p->file), full[PATH_MAX];
        snprintf(full, sizeof full, "%s/%s", dirname(dir), value);
        free(dir);
        return apply_spec(p, s, section_base(p->cfg, p->kind), full);
    }
    return apply_spec(p, s, section_base(p->cfg, p->kind), value);
}

/* ---- files ---- */

/* Scenario and body files: regular files only (a FIFO would hang, /dev/zero
 * never ends, a directory reads as empty), at most CONFIG_MAX_FILE bytes.
 * NULL with errno set otherwise. */
#define CONFIG_MAX_FILE (64 << 20)
static char *read_file(const char *path, size_t *len_out)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return NULL;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_FILE) {
        errno = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) ? EISDIR
                : S_ISREG(st.st_mode)                      ? EFBIG
                                                           : EINVAL;
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) return close(fd), NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) free(buf);
            buf = nb;
        }
    }
    fclose(f);
    if (buf) buf[len] = 0;
    if (len_out) *len_out = len;
    return buf;
}

static int parse_file(config *c, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) return snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno)), -1;
    if (memchr(text, 0, len))
        return free(text), snprintf(err, errlen, "%s: not a text file (NUL byte)", path), -1;
    parse_ctx p = {.cfg = c, .file = path, .err = err, .errlen = errlen, .kind = S_NONE};
    char *lines_buf = strdup(text);
    for (char *s = lines_buf, *nl; s; s = nl ? nl + 1 : NULL) {
        nl = strchr(s, '\n');
        if (nl) *nl = 0;
        if (!nl && !*s) break;
        if ((p.n_lines & (p.n_lines - 1)) == 0) /* grow at powers of two: O(n) in all */
            p.lines = realloc(p.lines, sizeof(char *) * (p.n_lines ? p.n_lines * 2 : 1));
        p.lines[p.n_lines++] = s;
    }
    err[0] = 0;
    size_t longest = 0;
    for (int i = 0; i < p.n_lines; i++)
        if (strlen(p.lines[i]) > longest) longest = strlen(p.lines[i]);
    /* Debian's inih makes these runtime globals: long lines for JSON bodies,
     * no multi-line values (an indented line is a key of its own), stop at the
     * first error so the returned line is the one our handler rejected. */
    ini_use_stack = 0;
    ini_allow_realloc = 1;
    ini_max_line = (int)longest + 16; /* no line is ever cut (files are at most 64 MiB) */
    ini_allow_multiline = 0;
    ini_allow_inline_comments = 1;
    ini_stop_on_first_error = 1;
    int rc = ini_parse_string(text, on_key, &p);
    if (rc == 0 && !advance_to_key(&p, NULL)) rc = -4; /* trailing section headers */
    if (rc > 0 && !err[0])
        snprintf(err, errlen,
                 "%s:%d: syntax error: expected '[section]', 'key = value' or a "
                 "comment",
                 path, rc);
    if (rc == -2) snprintf(err, errlen, "%s: out of memory", path);
    free(p.lines), free(lines_buf), free(text);
    return rc == 0 ? 0 : -1;
}

/* ---- resolve ---- */

static int read_body_file(config *c, endpoint_cfg *e, char *err, size_t errlen)
{
    char path[PATH_MAX];
    if (e->body_file[0] == '/')
        snprintf(path, sizeof path, "%s", e->body_file);
    else {
        char *dir = strdup(e->file);
        snprintf(path, sizeof path, "%s/%s", dirname(dir), e->body_file);
        free(dir);
    }
    (void)c;
    size_t len;
    char *body = read_file(path, &len);
    if (!body)
        return snprintf(err, errlen, "%s:%d: body_file '%s': %s", e->file, e->body_line,
                        e->body_file, strerror(errno)),
               -1;
    free(e->body_src);
    e->body_src = body;
    return 0;
}

/* flow = a, b, c: each a [request "id"]; the endpoint's own request keys
 * would be ambiguous beside it. */
static int resolve_flow(config *c, endpoint_cfg *e, char *err, size_t errlen)
{
    parse_ctx p = {.cfg = c, .file = e->file, .err = err, .errlen = errlen};
    if (e->path_src || e->body_src || e->body_file || e->method || e->n_headers || e->n_captures)
        return fail_at(&p, e->line,
                       "endpoint \"%s\" has a flow and its own request keys (path, method, "
                       "header, body, capture): a flow's requests are its [request] steps",
                       e->name),
               -1;
    char *list = strdup(e->flow_src), *save = NULL;
    size_t textlen = 0;
    for (char *tok = strtok_r(list, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
        endpoint_cfg *step = NULL;
        for (int i = 0; i < c->n_requests && !step; i++)
            if (!strcmp(c->requests[i].id, tok)) step = &c->requests[i];
        if (!step) {
            char known[256] = "";
            for (int i = 0; i < c->n_requests; i++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
                         i ? ", " : "", c->requests[i].id);
            fail_at(&p, e->flow_line, "flow step '%s' is no [request \"%s\"] section (%s%s)", tok,
                    tok, c->n_requests ? "there are: " : "there is none", known);
            return free(list), -1;
        }
        e->flow = xrealloc(e->flow, sizeof *e->flow * (e->n_flow + 1));
        e->flow[e->n_flow++] = step;
        textlen += strlen(step->request_text) + 5;
    }
    free(list);
    if (!e->n_flow) return fail_at(&p, e->flow_line, "flow is empty"), -1;
    e->request_text = xcalloc(1, textlen + 1);
    for (int i = 0; i < e->n_flow; i++) {
        if (i) strcat(e->request_text, " \xE2\x86\x92 "); /* → */
        strcat(e->request_text, e->flow[i]->request_text);
    }
    /* the reports' method and path: the first step's */
    e->method = xstrdup(e->flow[0]->method);
    e->path_src = xstrdup(e->flow[0]->path_src);
    e->expect_text = xstrdup(e->flow[0]->expect_text);
    memcpy(e->expect, e->flow[0]->expect, sizeof e->expect);
    return 0;
}

static int resolve_endpoint(config *c, endpoint_cfg *e, char *err, size_t errlen)
{
    parse_ctx p = {.cfg = c, .file = e->file, .err = err, .errlen = errlen};
    char msg[256];
    if (e->flow_src && resolve_flow(c, e, err, errlen) < 0) return -1;
    if (!e->path_src && e->is_step)
        return fail_at(&p, e->line, "request \"%s\" has no 'path'", e->name), -1;
    if (!e->path_src)
        return fail_at(&p, e->line, "%s \"%s\" has no 'path'", e->is_setup ? "setup" : "endpoint",
                       e->name),
               -1;
    if (!e->method) e->method = strdup(e->body_src || e->body_file ? "POST" : "GET");
    if (!e->expect_text) {
        /* a login often answers with a redirect and its cookie */
        const char *def = e->is_setup ? "2xx,3xx" : "2xx";
        e->expect_text = strdup(def);
        config_parse_expect(def, e->expect);
    }
    if (e->body_file && read_body_file(c, e, err, errlen) < 0) return -1;
    if (template_compile(&e->path, e->path_src, msg, sizeof msg) < 0) return -1;
    if (!e->request_text) {
        e->request_text = xcalloc(1, strlen(e->method) + strlen(e->path_src) + 2);
        sprintf(e->request_text, "%s %s", e->method, e->path_src);
    }
    e->has_body = e->body_src != NULL;
    if (template_compile(&e->body, e->body_src ? e->body_src : "", msg, sizeof msg) < 0)
        return fail_at(&p, e->body_line, "bad body: %s", msg), -1;
    e->load = c->load;
    e->budget = c->budget;
    if (!(e->weight > 0)) e->weight = 1;
    for (int i = 0; i < e->n_overrides; i++) {
        const key_spec *s = e->overrides[i].spec;
        p.file = e->overrides[i].file;
        p.key_line = e->overrides[i].line;
        if (!apply_spec(&p, s, s->section == S_BUDGET ? (void *)&e->budget : (void *)&e->load,
                        e->overrides[i].value))
            return -1;
    }
    p.file = e->file;
    if (e->budget.persist > e->load.max_requests)
        return fail_at(&p, e->line,
                       "endpoint \"%s\": persist (%lld requests) is more than max_requests "
                       "(%lld): a fail could never be accepted; raise max_requests",
                       e->name, (long long)e->budget.persist, (long long)e->load.max_requests),
               -1;
    return 0;
}

/* ---- variables ---- */

typedef struct {
    config *c;
    int visible; /* variables [0, visible) of the setup, before this request */
    const endpoint_cfg *own; /* and this request's own captures */
    const endpoint_cfg *flow; /* and, for a step, those of the steps before it */
    int step;
} var_scope;

static int var_index(config *c, const char *name, size_t len)
{
    for (int i = 0; i < c->n_vars; i++)
        if (strlen(c->var_names[i]) == len && !strncmp(c->var_names[i], name, len)) return i;
    return -1;
}

static int scope_lookup(void *ctx, const char *name, size_t len)
{
    var_scope *s = ctx;
    int i = var_index(s->c, name, len);
    if (i >= 0 && i < s->visible) return i;
    for (int k = 0; s->own && k < s->own->n_captures; k++)
        if (s->own->captures[k].index == i && i >= 0) return i;
    for (int st = 0; s->flow && st < s->step; st++)
        for (int k = 0; k < s->flow->flow[st]->n_captures; k++)
            if (s->flow->flow[st]->captures[k].index == i && i >= 0) return i;
    return -1;
}

static int number_captures(config *c, endpoint_cfg *e)
{
    for (int k = 0; k < e->n_captures; k++) {
        capture_spec *cap = &e->captures[k];
        cap->index = var_index(c, cap->var, strlen(cap->var));
        if (cap->index >= 0) continue;
        char **v = realloc(c->var_names, sizeof *v * (c->n_vars + 1));
        if (!v) return -1;
        c->var_names = v;
        cap->index = c->n_vars;
        c->var_names[c->n_vars++] = strdup(cap->var);
    }
    return 0;
}

/* Binds every {{name}} of e to a variable it can see; else file:line. */
static int bind_request(config *c, endpoint_cfg *e, int visible, const endpoint_cfg *flow,
                        int step, char *err, size_t errlen)
{
    parse_ctx p = {.cfg = c, .file = e->file, .err = err, .errlen = errlen};
    var_scope scope = {c, visible, e, flow, step};
    char bad[80];
    template_t *ts[] = {&e->path, &e->body};
    const char *what[] = {"path", "body"};
    for (int i = 0; i < 2 + e->n_headers; i++) {
        template_t *t = i < 2 ? ts[i] : &e->headers[i - 2];
        if (template_bind_vars(t, scope_lookup, &scope, bad, sizeof bad) == 0) continue;
        int line = i == 0 ? e->path_line : i == 1 && e->body_line ? e->body_line : e->line;
        char where[200];
        if (flow)
            snprintf(where, sizeof where,
                     "a [setup], this request or a step before it in the flow of endpoint \"%.60s\"",
                     flow->name);
        else
            snprintf(where, sizeof where, "%s",
                     e->is_setup ? "an earlier [setup] or this one" : "a [setup] or this endpoint");
        return fail_at(&p, line,
                       "{{%s}} in the %s of %s \"%s\": no 'capture = %s ...' in %s (a "
                       "variable must be captured before it is used)",
                       bad, i < 2 ? what[i] : "headers",
                       e->is_setup ? "setup" : e->is_step ? "request" : "endpoint", e->name, bad,
                       where),
               -1;
    }
    return 0;
}

/* Numbers the captured variables (setup's first, in file order) and binds
 * every template to them: a setup request sees the captures of the setup
 * requests before it, an endpoint those of all setup requests and its own. */
static int resolve_variables(config *c, char *err, size_t errlen)
{
    for (int i = 0; i < c->n_setup; i++) {
        int visible = c->n_vars;
        if (number_captures(c, &c->setup[i]) < 0 ||
            bind_request(c, &c->setup[i], visible, NULL, 0, err, errlen) < 0)
            return -1;
    }
    int from_setup = c->n_vars;
    for (int i = 0; i < c->n_requests; i++)
        if (number_captures(c, &c->requests[i]) < 0) return -1;
    for (int i = 0; i < c->n_endpoints; i++) {
        endpoint_cfg *e = &c->endpoints[i];
        /* a flow's own path is its first step's, for the reports only */
        if (number_captures(c, e) < 0 ||
            (!e->n_flow && bind_request(c, e, from_setup, NULL, 0, err, errlen) < 0))
            return -1;
        /* a step sees what the steps before it in this flow captured */
        for (int k = 0; k < e->n_flow; k++)
            if (bind_request(c, e->flow[k], from_setup, e, k, err, errlen) < 0) return -1;
    }
    return 0;
}

static int resolve(config *c, char *err, size_t errlen)
{
    parse_ctx p = {.cfg = c, .file = c->scenario_path, .err = err, .errlen = errlen};
    if (!c->target.command)
        return fail_at(&p, 0,
                       "missing required key 'command' in [target] (e.g. command = node "
                       "app.js)"),
               -1;
    if (c->n_endpoints == 0)
        return fail_at(&p, 0,
                       "no endpoints: add a section like [endpoint \"list users\"] with a "
                       "path"),
               -1;
    int shell;
    char msg[256];
    char **argv = target_split_command(c->target.command, 0, &shell, msg, sizeof msg);
    int empty = argv && !shell && !argv[0][strspn(argv[0], " \t")];
    target_argv_free(argv);
    if (!argv || empty) {
        p.file = c->command_file ? c->command_file : c->scenario_path;
        return fail_at(&p, c->command_line, "bad command: %s", argv ? "command is empty" : msg), -1;
    }
    char real[PATH_MAX];
    const char *cwd = c->target.cwd ? c->target.cwd : c->scenario_dir;
    if (!realpath(cwd, real))
        return fail_at(&p, 0, "target cwd '%s': %s", cwd, strerror(errno)), -1;
    free(c->target.cwd);
    c->target.cwd = strdup(real);
    char **tls_files[] = {&c->target.ca_file, &c->target.cert_file, &c->target.key_file};
    const char *tls_keys[] = {"ca_file", "cert_file", "key_file"};
    for (int i = 0; i < 3; i++) {
        char *f = *tls_files[i], path[PATH_MAX];
        if (!f) continue;
        snprintf(path, sizeof path, "%s%s%s", f[0] == '/' ? "" : c->scenario_dir,
                 f[0] == '/' ? "" : "/", f);
        if (access(path, R_OK) < 0)
            return fail_at(&p, 0, "[target] %s '%s' (%s): %s", tls_keys[i], f, path,
                           strerror(errno)),
                   -1;
        free(f);
        *tls_files[i] = strdup(path);
    }
    if (!c->target.tls && (c->target.ca_file || c->target.insecure || c->target.cert_file))
        return fail_at(&p, 0,
                       "[target] ca_file, cert_file and insecure are for HTTPS: add scheme = "
                       "https"),
               -1;
    for (int i = 0; i < c->n_setup; i++)
        if (resolve_endpoint(c, &c->setup[i], err, errlen) < 0) return -1;
    for (int i = 0; i < c->n_requests; i++)
        if (resolve_endpoint(c, &c->requests[i], err, errlen) < 0) return -1;
    for (int i = 0; i < c->n_endpoints; i++)
        if (resolve_endpoint(c, &c->endpoints[i], err, errlen) < 0) return -1;
    if (resolve_variables(c, err, errlen) < 0) return -1;
    for (int i = 0; i < c->n_endpoints; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(c->endpoints[i].name, c->endpoints[j].name)) {
                p.file = c->endpoints[i].file;
                return fail_at(&p, c->endpoints[i].line,
                               "endpoint name \"%s\" is also the name of the endpoint at %s:%d "
                               "(each test needs its own name)",
                               c->endpoints[i].name, c->endpoints[j].file, c->endpoints[j].line),
                       -1;
            }
    return 0;
}

int config_endpoint_is(const endpoint_cfg *e, const char *want)
{
    return !strcmp(e->name, want) || !strcmp(e->id, want);
}

int config_load(config *cfg, const char *defaults_path, const char *scenario_path, char *err,
                size_t errlen)
{
    memset(cfg, 0, sizeof *cfg);
    set_defaults(cfg);
    cfg->scenario_path = strdup(scenario_path);
    char *dir = strdup(scenario_path), real[PATH_MAX];
    cfg->scenario_dir = strdup(realpath(dirname(dir), real) ? real : ".");
    free(dir);
    if (defaults_path) {
        cfg->defaults_path = strdup(defaults_path);
        if (parse_file(cfg, cfg->defaults_path, err, errlen) < 0) return -1;
    }
    if (parse_file(cfg, cfg->scenario_path, err, errlen) < 0) return -1;
    return resolve(cfg, err, errlen);
}

static void endpoint_free(endpoint_cfg *e)
{
    free(e->id);
    free(e->name), free(e->method), free(e->path_src), free(e->body_src), free(e->body_file);
    free(e->expect_text);
    template_free(&e->path), template_free(&e->body);
    for (int i = 0; i < e->n_headers; i++)
        template_free(&e->headers[i]);
    free(e->headers);
    for (int i = 0; i < e->n_overrides; i++)
        free(e->overrides[i].value);
    free(e->overrides);
    for (int i = 0; i < e->n_captures; i++)
        capture_free(&e->captures[i]);
    free(e->captures);
    free(e->flow), free(e->flow_src), free(e->request_text);
}

void config_free(config *c)
{
    free(c->target.command), free(c->target.cwd), free(c->target.ready_path);
    free(c->target.node_flags), free(c->bisect.build), free(c->snapshots.signal);
    free(c->bisect.install), free(c->bisect.files);
    free(c->target.server_name), free(c->target.ca_file), free(c->target.cert_file);
    free(c->target.key_file);
    for (int i = 0; i < c->target.n_env; i++)
        free(c->target.env[i]);
    free(c->target.env);
    for (int i = 0; i < c->n_endpoints; i++)
        endpoint_free(&c->endpoints[i]);
    free(c->endpoints);
    for (int i = 0; i < c->n_setup; i++)
        endpoint_free(&c->setup[i]);
    free(c->setup);
    for (int i = 0; i < c->n_requests; i++)
        endpoint_free(&c->requests[i]);
    free(c->requests);
    for (int i = 0; i < c->n_vars; i++)
        free(c->var_names[i]);
    free(c->var_names);
    free(c->scenario_path), free(c->scenario_dir), free(c->defaults_path);
    memset(c, 0, sizeof *c);
}
