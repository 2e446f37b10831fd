/* load.c — curl multi-socket on libev; see load.h. */
#include "load.h"

#include <curl/curl.h>
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
    double intended_start;
    int busy;
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
    struct curl_slist *const_headers; /* when no header is templated */
    double rate_start, backlog_due[4096];
    int64_t rate_ticks, backlog_head, backlog_len;
};

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

static size_t discard_body(char *p, size_t size, size_t n, void *u)
{
    (void)p, (void)u;
    return size * n;
}

static struct curl_slist *render_headers(load_driver *d, slot *s, uint64_t seq)
{
    const endpoint_cfg *ep = d->ep;
    struct curl_slist *list = NULL;
    for (int i = 0; i < ep->n_headers; i++) {
        template_render(&ep->headers[i], seq, &d->rng, &s->hdr);
        list = curl_slist_append(list, s->hdr.data);
    }
    /* no `Expect: 100-continue` round trip for larger bodies */
    if (ep->has_body) list = curl_slist_append(list, "Expect:");
    return list;
}

static void setup_request(load_driver *d, slot *s, uint64_t seq)
{
    const endpoint_cfg *ep = d->ep;
    CURL *e = s->easy;
    template_render(&ep->path, seq, &d->rng, &s->hdr);
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
        template_render(&ep->body, seq, &d->rng, &s->body);
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
    setup_request(d, s, (*d->seq)++);
    s->intended_start = intended;
    s->busy = 1;
    d->started++;
    d->st->sent++;
    curl_multi_add_handle(d->multi, s->easy);
}

static slot *free_slot(load_driver *d)
{
    for (int i = 0; i < d->n_slots; i++)
        if (!d->slots[i].busy) return &d->slots[i];
    return NULL;
}

static void note_error(load_stats *st, const char *fmt, const char *a, long b)
{
    if (st->first_error[0]) return;
    snprintf(st->first_error, sizeof st->first_error, fmt, a, b);
}

static void record_result(load_driver *d, slot *s, CURLcode rc)
{
    load_stats *st = d->st;
    long status = 0;
    curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
    st->completed++;
    latency_record(&st->latency, (ev_time() - s->intended_start) * 1e6);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        st->timeouts++;
        st->status_class[0]++;
        note_error(st, "request timed out: %s%.0ld", curl_easy_strerror(rc), 0);
    } else if (rc != CURLE_OK) {
        st->transport_errors++;
        st->status_class[0]++;
        note_error(st, "transport error: %s%.0ld", curl_easy_strerror(rc), 0);
    } else {
        st->status_class[status >= 100 && status < 600 ? status / 100 : 0]++;
        if (!config_expect_has(d->ep->expect, status)) {
            st->unexpected_status++;
            note_error(st, "unexpected status (expect %s): %ld", d->ep->expect_text, status);
        }
    }
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
        record_result(d, s, rc);
        curl_multi_remove_handle(d->multi, e);
        s->busy = 0;
        d->finished++;
        /* past the error limit the phase has failed already: stop sending,
         * or a hung target costs (requests / concurrency) × timeout */
        if (load_failed(d->st) > d->fail_limit) d->gave_up = 1;
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
            curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, discard_body);
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
    d->gave_up = 0;
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

int64_t load_failed(const load_stats *st)
{
    return st->status_class[0] + st->unexpected_status;
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
    }
    curl_multi_cleanup(d->multi); /* may call sock_cb to remove sockets */
    curl_slist_free_all(d->const_headers);
    service_addr_free(&d->addr);
    free(d->slots);
    free(d);
}
