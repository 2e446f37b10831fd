/* ready.c — when the target serves, and where; see ready.h. */
#include "ready.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runloop.h"

static size_t discard(char *p, size_t s, size_t n, void *u)
{
    (void)p, (void)u;
    return s * n;
}

/* A TCP connect to a; 1 when it is accepted. */
static int probe_connect(const service_addr *a, char *seen, size_t len)
{
    struct sockaddr_storage ss = {0};
    socklen_t sl;
    if (strchr(a->host, ':')) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)a->port);
        inet_pton(AF_INET6, a->host, &s6->sin6_addr);
        sl = sizeof *s6;
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)a->port);
        inet_pton(AF_INET, a->host, &s4->sin_addr);
        sl = sizeof *s4;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&ss, sl) == 0;
    if (!ok) snprintf(seen, len, "TCP connect to %s: %s", a->shown, strerror(errno));
    if (fd >= 0) close(fd);
    return ok;
}

/* One HTTP request to a + path. Returns curl's result; *status the HTTP
 * status (0 none); seen says what happened. */
static CURLcode probe_get(const service_addr *a, const config *cfg, const char *path, long *status,
                          char *seen, size_t len)
{
    char url[2048], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(url, sizeof url, "%s%s", a->origin, path);
    *status = 0;
    CURL *c = curl_easy_init();
    if (!c) return snprintf(seen, len, "curl_easy_init failed"), CURLE_OUT_OF_MEMORY;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 1000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (cfg->load.http2)
        curl_easy_setopt(c, CURLOPT_HTTP_VERSION,
                         a->tls ? (long)CURL_HTTP_VERSION_2TLS
                                : (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    service_addr_apply(a, &cfg->target, c);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
        snprintf(seen, len, "GET %s answered HTTP %ld", url, *status);
    } else {
        snprintf(seen, len, "GET %s: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
    curl_easy_cleanup(c);
    return rc;
}

/* The scheme check: does the service speak the other scheme where ours
 * failed with rc? Fills rs->mismatch when it does, or when the failure is
 * the certificate's. */
static void diagnose_scheme(ready_state *rs, const config *cfg, CURLcode rc)
{
    if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
        snprintf(rs->mismatch, sizeof rs->mismatch,
                 "the TLS certificate of %s is not trusted (%s): set [target] ca_file to the "
                 "CA or the self-signed certificate, server_name to the name it is issued for, "
                 "or insecure = true",
                 rs->addr.shown, rs->seen);
        return;
    }
    if (!service_addr_protocol_error(rc)) return;
    service_addr other;
    long status;
    char seen[200];
    service_addr_other_scheme(&other, &rs->addr, &cfg->target);
    /* HTTP/1.1 in the other scheme, certificate unchecked: only whether it
     * speaks it matters here */
    config plain = *cfg;
    plain.load.http2 = 0;
    plain.target.insecure = 1;
    if (probe_get(&other, &plain, "/", &status, seen, sizeof seen) == CURLE_OK)
        snprintf(rs->mismatch, sizeof rs->mismatch,
                 "port %d speaks %s, not %s (%s; %s): set [target] scheme = %s", other.port,
                 other.tls ? "HTTPS (TLS)" : "plain HTTP", rs->addr.tls ? "HTTPS" : "plain HTTP",
                 rs->seen, seen, other.tls ? "https" : "http");
    service_addr_free(&other);
}

/* Probes the port at each loopback address the listen address allows;
 * leaves rs->addr at the one that answered (or the last tried). */
static int probe(ready_state *rs, const config *cfg, const char *listen_address, int port,
                 CURLcode *rc)
{
    char hosts[2][48], first[sizeof rs->seen] = "";
    int n = service_addr_candidates(listen_address, hosts);
    *rc = CURLE_OK;
    for (int i = 0; i < n; i++) {
        service_addr_set(&rs->addr, &cfg->target, hosts[i], port);
        if (!cfg->target.ready_path) {
            if (probe_connect(&rs->addr, rs->seen, sizeof rs->seen)) return 1;
        } else {
            long status;
            *rc = probe_get(&rs->addr, cfg, cfg->target.ready_path, &status, rs->seen,
                            sizeof rs->seen);
            if (*rc == CURLE_OK) return status >= 200 && status < 400; /* it answered here */
        }
        if (i == 0) memcpy(first, rs->seen, sizeof first);
    }
    if (n > 1) /* the first guess's words, and that the other failed too */
        snprintf(rs->seen, sizeof rs->seen, "%.*s (%s too)", (int)sizeof rs->seen - 16, first,
                 hosts[1]);
    return 0;
}

/* Without ready_path, a connect proves nothing about the protocol: one
 * request in the configured scheme does (any status). 0 when it speaks it. */
static int check_protocol(ready_state *rs, const config *cfg)
{
    if (cfg->target.ready_path) return 0;
    long status;
    char seen[200];
    CURLcode rc = probe_get(&rs->addr, cfg, "/", &status, seen, sizeof seen);
    if (rc == CURLE_OK || rc == CURLE_OPERATION_TIMEDOUT) return 0; /* slow: the load will say */
    memcpy(rs->seen, seen, sizeof seen);
    diagnose_scheme(rs, cfg, rc);
    return rs->mismatch[0] ? -1 : 0;
}

int ready_wait(ready_state *rs, target *t, agent_server *a, struct ev_loop *loop, const config *cfg)
{
    double t0 = ev_time(), deadline = t0 + cfg->target.ready_timeout_ms / 1000.0;
    double pause = 0.02, other_since = 0;
    CURLcode rc = CURLE_OK;
    rs->port_passed = t->port;
    rs->answered = 0;
    rs->seen[0] = rs->mismatch[0] = 0;
    for (;;) {
        if (t->exited) return WAIT_TARGET_EXITED;
        int port = t->port;
        const char *listen = agent_port_address(a, port);
        int other = listen ? 0 : agent_other_port(a, port);
        if (other && !other_since) other_since = ev_time();
        if (other && ev_time() - other_since >= READY_OTHER_PORT_S) {
            port = other; /* $PORT stayed silent: the service listens where it wants */
            listen = agent_port_address(a, other);
        }
        if (probe(rs, cfg, listen, port, &rc)) {
            rs->answered = 1;
            if (listen) {
                t->port = port;
                return check_protocol(rs, cfg) < 0 ? WAIT_TIMEOUT : WAIT_OK;
            }
        }
        if (ev_time() > deadline) {
            if (!rs->answered && rc != CURLE_OK) diagnose_scheme(rs, cfg, rc);
            return WAIT_TIMEOUT;
        }
        int r = runloop_wait(loop, NULL, NULL, pause, WAIT_ON_ALL);
        if (r != WAIT_OK) return r;
        if (pause < 0.2) pause *= 1.5;
    }
}

void ready_state_free(ready_state *rs)
{
    service_addr_free(&rs->addr);
}
