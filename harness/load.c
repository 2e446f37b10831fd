/* load.c — curl multi-socket on libev; see load.h. */
#include "load.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runloop.h"
#include "service_addr.h"
#include "template.h"
#include "verdict.h"
#include "xalloc.h"

typedef struct slot {
    CURL *easy;
    struct load_driver *d;
    struct curl_slist *headers;
    template_buf url, body, hdr;
    template_buf resp;   /* the response body, kept only when something reads it */
    template_vars vars;  /* this connection's variables: setup's, then its own captures */
    double intended_start;
    int busy;
    const endpoint_cfg *ep; /* the endpoint of the request in flight (a mixed run has several) */
    load_stats *st;         /* and where it counts */
    int step;     /* of a flow: the request in flight */
    uint64_t seq; /* of the iteration: every step of a flow renders the same {{seq}} */
} slot;

typedef struct {
    ev_io w;
    struct load_driver *d;
} sock_info;

struct load_driver {
    struct ev_loop *loop;
    CURLM *multi;
    ev_timer curl_timer, rate_timer;
    char url_prefix[160];
    service_addr addr;       /* a copy: its CONNECT_TO list is ours */
    const target_cfg *tgt;   /* TLS settings */
    slot *slots;
    int n_slots;
    uint64_t rng;
    /* the current load_run */
    const endpoint_cfg *ep;
    load_stats *st;
    uint64_t *seq;
    int64_t to_send, started, finished;
    int64_t fail_limit; /* this many failures end the phase early */
    int gave_up;
    double deadline;                  /* no request starts after it (0: none) */
    int64_t fails;                    /* failed iterations in this load_run */
    /* a mixed run: what each next request is (a shuffled schedule of
     * endpoint indices), and each endpoint's counts */
    const endpoint_cfg *const *mix_eps;
    load_stats *mix_st;
    int *schedule;
    struct curl_slist *const_headers; /* when no header is templated */
    double rate_start, backlog_due[4096];
    int64_t rate_ticks, backlog_head, backlog_len;
    /* the session: variables, cookies (load_setup) */
    int n_vars;
    char **globals;                  /* captured by [setup]: every connection starts with them */
    int cookies;                     /* each connection keeps a cookie jar */
    struct curl_slist *seed_cookies; /* setup's jar, copied into every connection */
    long last_status;                /* of the last completed request */
};

/* A response body is kept (up to this) only for captures and setup errors. */
#define LOAD_KEEP_BODY_MAX (4u << 20)

/* ---- curl ↔ libev glue (evhiperfifo) ---- */

static void check_done(load_driver *d);

static void on_socket_event(struct ev_loop *loop, ev_io *w, int revents)
{
    (void)loop;
    sock_info *si = w->data;
    load_driver *d = si->d; /* si may be freed by sock_cb inside socket_action */
    int action =
        (revents & EV_READ ? CURL_CSELECT_IN : 0) | (revents & EV_WRITE ? CURL_CSELECT_OUT : 0);
    int running;
    curl_multi_socket_action(d->multi, w->fd, action, &running);
    check_done(d);
}

static int sock_cb(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)e;
    load_driver *d = userp;
    sock_info *si = socketp;
    if (what == CURL_POLL_REMOVE) {
        if (si) { /* curl may remove a socket it never announced (curl#17949) */
            ev_io_stop(d->loop, &si->w);
            free(si);
        }
        return 0;
    }
    int kind = (what & CURL_POLL_IN ? EV_READ : 0) | (what & CURL_POLL_OUT ? EV_WRITE : 0);
    if (!si) {
        si = calloc(1, sizeof *si);
        if (!si) return -1;
        si->d = d;
        ev_io_init(&si->w, on_socket_event, s, kind);
        si->w.data = si;
        curl_multi_assign(d->multi, s, si);
        ev_io_start(d->loop, &si->w);
    } else if ((si->w.events & (EV_READ | EV_WRITE)) != kind) {
        /* modified, not re-initialised: libev then changes the epoll
         * registration (EPOLL_CTL_MOD) instead of failing an ADD with EEXIST;
         * curl keeps one socket per sock_info, so the fd is the same */
        ev_io_stop(d->loop, &si->w);
        ev_io_modify(&si->w, kind);
        ev_io_start(d->loop, &si->w);
    }
    return 0;
}

static void on_curl_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop, (void)revents;
    load_driver *d = w->data;
    int running;
    curl_multi_socket_action(d->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_done(d);
}

/* curl asks for one timer: -1 deletes it, 0 means "as soon as possible". The
 * division is by 1000.0: evhiperfifo's integer division fires sub-second
 * timeouts at once. We never call curl from inside this callback. */
static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    load_driver *d = userp;
    ev_timer_stop(d->loop, &d->curl_timer);
    if (timeout_ms >= 0) {
        ev_timer_set(&d->curl_timer, timeout_ms / 1000.0, 0.);
        ev_timer_start(d->loop, &d->curl_timer);
    }
    return 0;
}

/* ---- requests ---- */

/* The request a connection has in flight: the endpoint's, or its flow's step. */
static const endpoint_cfg *req_of(const slot *s)
{
    const endpoint_cfg *ep = s->ep;
    return ep->n_flow ? ep->flow[s->step] : ep;
}

static size_t take_body(char *p, size_t size, size_t n, void *u)
{
    slot *s = u;
    const endpoint_cfg *ep = req_of(s);
    /* the usual case reads nothing: one branch per chunk, no copy */
    if ((ep->n_captures || ep->is_setup) && s->resp.len < LOAD_KEEP_BODY_MAX) {
        size_t k = size * n;
        if (k > LOAD_KEEP_BODY_MAX - s->resp.len) k = LOAD_KEEP_BODY_MAX - s->resp.len;
        template_buf_append(&s->resp, p, k);
    }
    return size * n;
}

static struct curl_slist *render_headers(load_driver *d, slot *s, uint64_t seq)
{
    const endpoint_cfg *ep = req_of(s);
    struct curl_slist *list = NULL;
    for (int i = 0; i < ep->n_headers; i++) {
        template_render_vars(&ep->headers[i], seq, &d->rng, &s->vars, &s->hdr);
        list = curl_slist_append(list, s->hdr.data);
    }
    /* no `Expect: 100-continue` round trip for larger bodies */
    if (ep->has_body) list = curl_slist_append(list, "Expect:");
    return list;
}

static void setup_request(load_driver *d, slot *s, uint64_t seq)
{
    const endpoint_cfg *ep = req_of(s);
    CURL *e = s->easy;
    template_render_vars(&ep->path, seq, &d->rng, &s->vars, &s->hdr);
    s->url.len = 0;
    size_t plen = strlen(d->url_prefix);
    if (s->url.cap < plen + s->hdr.len + 1) {
        s->url.cap = (plen + s->hdr.len + 1) * 2;
        s->url.data = xrealloc(s->url.data, s->url.cap);
    }
    memcpy(s->url.data, d->url_prefix, plen);
    memcpy(s->url.data + plen, s->hdr.data, s->hdr.len + 1);
    curl_easy_setopt(e, CURLOPT_URL, s->url.data);
    if (ep->has_body) {
        template_render_vars(&ep->body, seq, &d->rng, &s->vars, &s->body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->body.len);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, s->body.data);
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, ep->method);
    } else {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(e, CURLOPT_NOBODY, strcmp(ep->method, "HEAD") ? 0L : 1L);
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST,
                         strcmp(ep->method, "GET") && strcmp(ep->method, "HEAD") ? ep->method
                                                                                 : NULL);
    }
    if (d->const_headers) {
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, d->const_headers);
    } else {
        curl_slist_free_all(s->headers);
        s->headers = render_headers(d, s, seq);
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, s->headers);
    }
}

static void start_request(load_driver *d, slot *s, double intended)
{
    if (d->schedule) {
        int i = d->schedule[d->started];
        s->ep = d->mix_eps[i], s->st = &d->mix_st[i];
    } else {
        s->ep = d->ep, s->st = d->st;
    }
    s->step = 0;
    s->seq = (*d->seq)++;
    setup_request(d, s, s->seq);
    s->resp.len = 0;
    s->intended_start = intended;
    s->busy = 1;
    d->started++;
    s->st->sent++;
    curl_multi_add_handle(d->multi, s->easy);
}

static slot *free_slot(load_driver *d)
{
    for (int i = 0; i < d->n_slots; i++)
        if (!d->slots[i].busy) return &d->slots[i];
    return NULL;
}

/* The first failure, in words; a flow's names its step. */
static void note_error(const slot *s, const char *fmt, const char *a, long b)
{
    load_stats *st = s->st;
    if (st->first_error[0]) return;
    int n = 0;
    if (s->ep->n_flow)
        n = snprintf(st->first_error, sizeof st->first_error, "step %d of %d (%.80s): ",
                     s->step + 1, s->ep->n_flow, req_of(s)->request_text);
    if (n >= 0 && (size_t)n < sizeof st->first_error)
        snprintf(st->first_error + n, sizeof st->first_error - n, fmt, a, b);
}

static void set_var(slot *s, int index, char *value)
{
    free(s->vars.values[index]);
    s->vars.values[index] = value;
}

static const char *last_header(void *ctx, const char *name)
{
    struct curl_header *h;
    if (curl_easy_header(ctx, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK) return NULL;
    if (h->amount > 1 && curl_easy_header(ctx, name, h->amount - 1, CURLH_HEADER, -1, &h) != CURLHE_OK)
        return NULL;
    return h->value;
}

/* The endpoint's captures from this response: a setup request's become
 * every connection's (and the next setup request's), a load request's this
 * connection's. One that finds nothing fails the request. */
static int take_captures(load_driver *d, slot *s)
{
    const endpoint_cfg *ep = req_of(s);
    capture_response r = {s->resp.data, s->resp.len, last_header, s->easy};
    for (int i = 0; i < ep->n_captures; i++) {
        const capture_spec *c = &ep->captures[i];
        char why[256];
        char *v = capture_apply(c, &r, why, sizeof why);
        if (!v) {
            s->st->capture_failures++;
            char what[300];
            snprintf(what, sizeof what, "capture %s: %s", c->var, why);
            note_error(s, "%s%.0ld", what, 0);
            return -1;
        }
        if (!ep->is_setup) {
            set_var(s, c->index, v);
            continue;
        }
        free(d->globals[c->index]);
        d->globals[c->index] = v;
        for (int k = 0; k < d->n_slots; k++)
            set_var(&d->slots[k], c->index, xstrdup(v));
    }
    return 0;
}

/* Counts one response. Returns 1 when it was a flow's step that went well
 * and the iteration goes on; an iteration (a request, or a whole flow)
 * counts as completed, with its latency, when it ends, and as failed once:
 * a failed step ends it. */
static int record_result(load_driver *d, slot *s, CURLcode rc)
{
    const endpoint_cfg *req = req_of(s);
    load_stats *st = s->st;
    long status = 0;
    int failed = 1;
    curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        st->timeouts++;
        st->status_class[0]++;
        note_error(s, "request timed out: %s%.0ld", curl_easy_strerror(rc), 0);
    } else if (rc != CURLE_OK) {
        st->transport_errors++;
        st->status_class[0]++;
        note_error(s, "transport error: %s%.0ld", curl_easy_strerror(rc), 0);
    } else {
        st->status_class[status >= 100 && status < 600 ? status / 100 : 0]++;
        if (!config_expect_has(req->expect, status)) {
            st->unexpected_status++;
            note_error(s, "unexpected status (expect %s): %ld", req->expect_text, status);
        } else {
            failed = req->n_captures && take_captures(d, s) < 0;
        }
    }
    d->last_status = rc == CURLE_OK ? status : 0;
    if (!failed && s->step + 1 < s->ep->n_flow) return 1;
    d->fails += failed;
    st->completed++;
    latency_record(&st->latency, (ev_time() - s->intended_start) * 1e6);
    return 0;
}

/* Next due time of an open-loop backlog, or -1 when empty. */
static double backlog_pop(load_driver *d)
{
    if (!d->backlog_len) return -1;
    double t = d->backlog_due[d->backlog_head];
    d->backlog_head = (d->backlog_head + 1) % 4096;
    d->backlog_len--;
    return t;
}

static void check_done(load_driver *d)
{
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(d->multi, &left))) {
        if (m->msg != CURLMSG_DONE) continue;
        CURL *e = m->easy_handle;
        CURLcode rc = m->data.result; /* invalid after remove_handle */
        slot *s;
        curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&s);
        int next_step = record_result(d, s, rc);
        curl_multi_remove_handle(d->multi, e);
        if (next_step) { /* the flow's next request, on the same connection */
            s->step++;
            setup_request(d, s, s->seq);
            s->resp.len = 0;
            curl_multi_add_handle(d->multi, e);
            continue;
        }
        s->busy = 0;
        d->finished++;
        /* past the error limit the phase has failed already: stop sending,
         * or a hung target costs (requests / concurrency) × timeout */
        if (d->fails > d->fail_limit) d->gave_up = 1;
        if (d->deadline && ev_now(d->loop) >= d->deadline) d->gave_up = 1; /* time is up */
        if (!d->gave_up && d->started < d->to_send) {
            if (d->ep->load.rate <= 0)
                start_request(d, s, ev_time());
            else {
                double due = backlog_pop(d);
                if (due >= 0) start_request(d, s, due);
            }
        }
    }
}

/* Open loop: one tick per intended request time. */
static void on_rate_tick(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)revents;
    load_driver *d = w->data;
    double now = ev_time(), interval = 1.0 / d->ep->load.rate;
    if (d->deadline && now >= d->deadline) d->gave_up = 1;
    while (!d->gave_up && d->started + d->backlog_len < d->to_send &&
           d->rate_start + d->rate_ticks * interval <= now) {
        double due = d->rate_start + d->rate_ticks++ * interval;
        slot *s = free_slot(d);
        if (s)
            start_request(d, s, due);
        else if (d->backlog_len < 4096) {
            d->backlog_due[(d->backlog_head + d->backlog_len++) % 4096] = due;
        } else {
            d->rate_ticks--; /* more than 4096 behind: stop scheduling until we catch up */
            break;
        }
    }
    if (d->gave_up || d->started + d->backlog_len >= d->to_send)
        ev_timer_stop(loop, w);
    else {
        double next = d->rate_start + d->rate_ticks * interval - ev_time();
        ev_timer_stop(loop, w);
        ev_timer_set(w, next > 0 ? next : 0, 0);
        ev_timer_start(loop, w);
    }
}

/* ---- public ---- */

load_driver *load_new(struct ev_loop *loop, const service_addr *addr, const target_cfg *tgt)
{
    load_driver *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->loop = loop;
    d->rng = 0x853c49e6748fea9bULL ^ (uint64_t)addr->port;
    d->tgt = tgt;
    service_addr_set(&d->addr, tgt, addr->host, addr->port);
    snprintf(d->url_prefix, sizeof d->url_prefix, "%s", d->addr.origin);
    d->multi = curl_multi_init();
    curl_multi_setopt(d->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
    curl_multi_setopt(d->multi, CURLMOPT_SOCKETDATA, d);
    curl_multi_setopt(d->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
    curl_multi_setopt(d->multi, CURLMOPT_TIMERDATA, d);
    curl_multi_setopt(d->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING);
    ev_init(&d->curl_timer, on_curl_timer);
    d->curl_timer.data = d;
    ev_init(&d->rate_timer, on_rate_tick);
    d->rate_timer.data = d;
    return d;
}

static void ensure_slots(load_driver *d, const endpoint_cfg *ep)
{
    int want = (int)ep->load.concurrency;
    curl_multi_setopt(d->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)want);
    curl_multi_setopt(d->multi, CURLMOPT_MAXCONNECTS, (long)want);
    if (want > d->n_slots) {
        d->slots = xrealloc(d->slots, sizeof *d->slots * want);
        memset(d->slots + d->n_slots, 0, sizeof *d->slots * (want - d->n_slots));
        for (int i = d->n_slots; i < want; i++) {
            slot *s = &d->slots[i];
            s->d = d;
            s->easy = curl_easy_init();
            curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
            curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, take_body);
            curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, s);
            s->vars.n = d->n_vars;
            s->vars.values = d->n_vars ? xcalloc((size_t)d->n_vars, sizeof(char *)) : NULL;
            for (int v = 0; v < d->n_vars; v++)
                s->vars.values[v] = d->globals[v] ? xstrdup(d->globals[v]) : NULL;
            if (d->cookies) {
                curl_easy_setopt(s->easy, CURLOPT_COOKIEFILE, ""); /* the engine, no file */
                for (struct curl_slist *c = d->seed_cookies; c; c = c->next)
                    curl_easy_setopt(s->easy, CURLOPT_COOKIELIST, c->data);
            }
            curl_easy_setopt(s->easy, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(s->easy, CURLOPT_NOPROXY, "*");
            curl_easy_setopt(s->easy, CURLOPT_TCP_NODELAY, 1L);
            service_addr_apply(&d->addr, d->tgt, s->easy);
        }
        d->n_slots = want;
    }
    for (int i = 0; i < d->n_slots; i++) {
        curl_easy_setopt(d->slots[i].easy, CURLOPT_TIMEOUT_MS, (long)ep->load.timeout_ms);
        curl_easy_setopt(d->slots[i].easy, CURLOPT_FORBID_REUSE, ep->load.keepalive ? 0L : 1L);
        curl_easy_setopt(d->slots[i].easy, CURLOPT_HTTP_VERSION,
                         !ep->load.http2  ? (long)CURL_HTTP_VERSION_1_1
                         : d->addr.tls    ? (long)CURL_HTTP_VERSION_2TLS
                                          : (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    }
}

static void prepare_headers(load_driver *d, const endpoint_cfg *ep)
{
    curl_slist_free_all(d->const_headers);
    d->const_headers = NULL;
    if (ep->n_flow) return; /* each step has its own */
    for (int i = 0; i < ep->n_headers; i++)
        if (!ep->headers[i].is_constant) return;
    for (int i = 0; i < ep->n_headers; i++)
        d->const_headers = curl_slist_append(d->const_headers, ep->headers[i].src);
    if (ep->has_body) d->const_headers = curl_slist_append(d->const_headers, "Expect:");
    if (!d->const_headers) d->const_headers = curl_slist_append(NULL, "X-Leakcheck: 1");
}

static int all_finished(void *ctx)
{
    load_driver *d = ctx;
    return d->finished >= d->to_send || (d->gave_up && d->finished >= d->started);
}

int load_run(load_driver *d, const endpoint_cfg *ep, int64_t n, double max_s, uint64_t *seq,
             load_stats *st)
{
    if (n <= 0) return WAIT_OK;
    ensure_slots(d, ep);
    if (d->ep != ep) prepare_headers(d, ep);
    d->ep = ep, d->st = st, d->seq = seq;
    d->to_send = n, d->started = d->finished = 0;
    d->gave_up = 0, d->fails = 0;
    d->fail_limit = verdict_errors_give_up(ep->load.max_error_rate, n);
    d->backlog_len = d->backlog_head = d->rate_ticks = 0;
    double t0 = ev_time();
    d->deadline = max_s > 0 ? t0 + max_s : 0;
    if (ep->load.rate > 0) {
        d->rate_start = t0;
        ev_timer_set(&d->rate_timer, 0, 0);
        ev_timer_start(d->loop, &d->rate_timer);
    } else {
        for (int i = 0; i < d->n_slots && i < ep->load.concurrency && d->started < n; i++)
            start_request(d, &d->slots[i], t0);
    }
    int r = runloop_wait(d->loop, all_finished, d, 0, WAIT_ON_ALL);
    ev_timer_stop(d->loop, &d->rate_timer);
    if (r != WAIT_OK) { /* abandon in-flight transfers */
        for (int i = 0; i < d->n_slots; i++)
            if (d->slots[i].busy) {
                curl_multi_remove_handle(d->multi, d->slots[i].easy);
                d->slots[i].busy = 0;
            }
    }
    st->busy_s += ev_time() - t0;
    return r;
}

int load_run_mix(load_driver *d, const endpoint_cfg *const *eps, const int64_t *counts, int n_eps,
                 double max_s, uint64_t *seq, load_stats *st)
{
    int64_t n = 0;
    const endpoint_cfg *widest = eps[0];
    for (int i = 0; i < n_eps; i++) {
        n += counts[i];
        if (eps[i]->load.concurrency > widest->load.concurrency) widest = eps[i];
    }
    /* the endpoints' requests interleaved at random (Fisher–Yates), so they
     * run side by side as in production, not one after another */
    d->schedule = xrealloc(d->schedule, sizeof *d->schedule * (size_t)(n > 0 ? n : 1));
    int64_t k = 0;
    for (int i = 0; i < n_eps; i++)
        for (int64_t j = 0; j < counts[i]; j++)
            d->schedule[k++] = i;
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = (int64_t)(template_rand_next(&d->rng) % (uint64_t)(i + 1));
        int t = d->schedule[i];
        d->schedule[i] = d->schedule[j], d->schedule[j] = t;
    }
    d->mix_eps = eps, d->mix_st = st;
    /* the closed loop of the widest endpoint's settings, its headers per request */
    load_cfg closed = widest->load;
    closed.rate = 0;
    endpoint_cfg carrier = {.load = closed, .n_flow = 1};
    int r = load_run(d, &carrier, n, max_s, seq, &st[0]);
    d->ep = NULL; /* carrier was on this stack */
    d->mix_eps = NULL, d->mix_st = NULL;
    free(d->schedule), d->schedule = NULL;
    return r;
}

int64_t load_failed(const load_stats *st)
{
    return st->status_class[0] + st->unexpected_status + st->capture_failures;
}

/* The start of a response body for a message: control characters become
 * spaces (the reports escape the rest), at most 200 bytes. */
static void body_excerpt(const template_buf *b, char *out, size_t len)
{
    size_t n = b->len < 200 ? b->len : 200, o = 0;
    for (size_t i = 0; i < n && o + 1 < len; i++) {
        unsigned char c = (unsigned char)b->data[i];
        out[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
    }
    out[o] = 0;
    if (b->len > n && o + 4 < len) strcat(out, "...");
}

static void report_step(load_setup_report *rep, const endpoint_cfg *ep, const slot *s,
                        long status, double ms)
{
    if (!rep || rep->n >= LOAD_SETUP_MAX) return;
    typeof(rep->step[0]) *r = &rep->step[rep->n++];
    snprintf(r->name, sizeof r->name, "%s", ep->name);
    /* the path as written: rendered, it may hold a captured secret */
    snprintf(r->request, sizeof r->request, "%s %.140s", ep->method, ep->path_src);
    r->status = status, r->ms = ms;
    r->captured[0] = 0;
    for (int i = 0; i < ep->n_captures; i++) {
        const char *v = s->d->globals[ep->captures[i].index];
        size_t o = strlen(r->captured);
        snprintf(r->captured + o, sizeof r->captured - o, "%s%s (%zu B)", o ? ", " : "",
                 ep->captures[i].var, v ? strlen(v) : 0);
    }
}

/* A body a capture could not read, told without its values (a login's body
 * holds the very secrets it returns): a JSON object by its keys, anything
 * else by its start. */
static void body_shape(const template_buf *b, char *out, size_t len)
{
    json_t *j = b->len ? json_loadb(b->data, b->len, 0, NULL) : NULL;
    if (!json_is_object(j)) {
        json_decref(j);
        body_excerpt(b, out, len);
        return;
    }
    size_t o = (size_t)snprintf(out, len, "a JSON object with keys ");
    const char *key;
    json_t *v;
    int n = 0;
    json_object_foreach(j, key, v)
    {
        if (o + 1 >= len) break;
        o += (size_t)snprintf(out + o, len - o, "%s%.40s", n++ ? ", " : "", key);
    }
    if (!n) snprintf(out, len, "an empty JSON object");
    json_decref(j);
}

int load_setup(load_driver *d, const config *cfg, load_setup_report *rep, char *err,
               size_t errlen)
{
    if (rep) memset(rep, 0, sizeof *rep);
    d->n_vars = cfg->n_vars;
    d->globals = d->n_vars ? xcalloc((size_t)d->n_vars, sizeof(char *)) : NULL;
    d->cookies = cfg->load.cookies == 1 || (cfg->load.cookies < 0 && cfg->n_setup > 0);
    if (rep) rep->jar = d->cookies;
    uint64_t seq = 1;
    for (int i = 0; i < cfg->n_setup; i++) {
        const endpoint_cfg *ep = &cfg->setup[i];
        load_stats st;
        memset(&st, 0, sizeof st);
        double t0 = ev_time();
        int r = load_run(d, ep, 1, 0, &seq, &st);
        slot *s = &d->slots[0];
        report_step(rep, ep, s, d->last_status, (ev_time() - t0) * 1e3);
        if (r != WAIT_OK) return snprintf(err, errlen, "setup \"%s\": %s", ep->name,
                                          wait_result_name(r)), -1;
        if (!load_failed(&st)) continue;
        char body[256];
        body_excerpt(&s->resp, body, sizeof body);
        if (!d->last_status)
            snprintf(err, errlen, "setup \"%s\": %s %s: %s", ep->name, ep->method, ep->path_src,
                     st.first_error);
        else if (st.unexpected_status)
            snprintf(err, errlen, "setup \"%s\": %s %s answered %ld (expect %s): %s", ep->name,
                     ep->method, ep->path_src, d->last_status, ep->expect_text,
                     body[0] ? body : "(empty body)");
        else {
            body_shape(&s->resp, body, sizeof body);
            snprintf(err, errlen, "setup \"%s\": %s; %s %s answered %ld with %s", ep->name,
                     st.first_error, ep->method, ep->path_src, d->last_status,
                     body[0] ? body : "an empty body");
        }
        return -1;
    }
    if (d->cookies && d->n_slots) {
        /* setup's cookies (a session) go into every connection's own jar */
        struct curl_slist *jar = NULL;
        curl_easy_getinfo(d->slots[0].easy, CURLINFO_COOKIELIST, &jar);
        d->seed_cookies = jar;
        for (int k = 1; k < d->n_slots; k++)
            for (struct curl_slist *c = jar; c; c = c->next)
                curl_easy_setopt(d->slots[k].easy, CURLOPT_COOKIELIST, c->data);
        for (struct curl_slist *c = jar; c && rep; c = c->next)
            rep->cookies++;
    }
    return 0;
}

void load_stats_merge(load_stats *into, const load_stats *from)
{
    into->sent += from->sent;
    into->completed += from->completed;
    for (int i = 0; i < 6; i++)
        into->status_class[i] += from->status_class[i];
    into->unexpected_status += from->unexpected_status;
    into->transport_errors += from->transport_errors;
    into->timeouts += from->timeouts;
    into->capture_failures += from->capture_failures;
    if (!into->first_error[0])
        memcpy(into->first_error, from->first_error, sizeof into->first_error);
    latency_merge(&into->latency, &from->latency);
    into->busy_s += from->busy_s;
}

void load_free(load_driver *d)
{
    if (!d) return;
    ev_timer_stop(d->loop, &d->curl_timer);
    ev_timer_stop(d->loop, &d->rate_timer);
    for (int i = 0; i < d->n_slots; i++) {
        slot *s = &d->slots[i];
        if (s->busy) curl_multi_remove_handle(d->multi, s->easy);
        curl_easy_cleanup(s->easy);
        curl_slist_free_all(s->headers);
        template_buf_free(&s->url), template_buf_free(&s->body), template_buf_free(&s->hdr);
        template_buf_free(&s->resp);
        for (int v = 0; v < s->vars.n; v++)
            free(s->vars.values[v]);
        free(s->vars.values);
    }
    for (int v = 0; v < d->n_vars; v++)
        free(d->globals[v]);
    free(d->globals);
    curl_slist_free_all(d->seed_cookies);
    curl_multi_cleanup(d->multi); /* may call sock_cb to remove sockets */
    curl_slist_free_all(d->const_headers);
    service_addr_free(&d->addr);
    free(d->slots);
    free(d);
}
