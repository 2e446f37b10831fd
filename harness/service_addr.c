/* service_addr.c — where the target serves; see service_addr.h. */
#include "service_addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

void service_addr_free(service_addr *a)
{
    curl_slist_free_all(a->connect_to);
    a->connect_to = NULL;
}

static void set_scheme(service_addr *a, const target_cfg *t, int tls)
{
    int v6 = strchr(a->host, ':') != NULL;
    const char *lb = v6 ? "[" : "", *rb = v6 ? "]" : "";
    a->tls = tls;
    service_addr_free(a);
    snprintf(a->shown, sizeof a->shown, "%s://%s%s%s:%d", tls ? "https" : "http", lb, a->host, rb,
             a->port);
    if (!tls) {
        snprintf(a->origin, sizeof a->origin, "%s", a->shown);
        return;
    }
    /* the URL names the server as its certificate does; CONNECT_TO takes
     * the connection to the numeric address */
    const char *name = t->server_name ? t->server_name : "localhost";
    char rule[256];
    snprintf(a->origin, sizeof a->origin, "https://%s:%d", name, a->port);
    snprintf(rule, sizeof rule, "%s:%d:%s%s%s:%d", name, a->port, lb, a->host, rb, a->port);
    a->connect_to = curl_slist_append(NULL, rule);
}

void service_addr_set(service_addr *a, const target_cfg *t, const char *host, int port)
{
    snprintf(a->host, sizeof a->host, "%s", host);
    a->port = port;
    set_scheme(a, t, t->tls);
}

void service_addr_other_scheme(service_addr *to, const service_addr *from, const target_cfg *t)
{
    memset(to, 0, sizeof *to);
    memcpy(to->host, from->host, sizeof to->host);
    to->port = from->port;
    set_scheme(to, t, !from->tls);
}

int service_addr_candidates(const char *listen_address, char out[2][48])
{
    const char *a = listen_address ? listen_address : "";
    struct in6_addr v6;
    struct in_addr v4;
    if (!strcmp(a, "::1")) return snprintf(out[0], 48, "::1"), 1;
    if (!strncmp(a, "::ffff:", 7) && inet_pton(AF_INET, a + 7, &v4) == 1) a += 7;
    if (inet_pton(AF_INET, a, &v4) == 1) {
        /* 0.0.0.0 and every 127.x answer on 127.0.0.1; a LAN address only on itself */
        int any = v4.s_addr == htonl(INADDR_ANY);
        return snprintf(out[0], 48, "%s", any ? "127.0.0.1" : a), 1;
    }
    if (inet_pton(AF_INET6, a, &v6) == 1 && !IN6_IS_ADDR_UNSPECIFIED(&v6))
        return snprintf(out[0], 48, "%s", a), 1;
    /* "::" (dual stack unless ipv6Only), or not said: try both */
    snprintf(out[0], 48, "127.0.0.1");
    snprintf(out[1], 48, "::1");
    return 2;
}

void service_addr_apply(const service_addr *a, const target_cfg *t, CURL *easy)
{
    curl_easy_setopt(easy, CURLOPT_CONNECT_TO, a->connect_to);
    if (!a->tls) return;
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, t->insecure ? 0L : 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, t->insecure ? 0L : 2L);
    if (t->ca_file) curl_easy_setopt(easy, CURLOPT_CAINFO, t->ca_file);
    if (t->cert_file) curl_easy_setopt(easy, CURLOPT_SSLCERT, t->cert_file);
    if (t->key_file) curl_easy_setopt(easy, CURLOPT_SSLKEY, t->key_file);
}

int service_addr_protocol_error(CURLcode rc)
{
    switch (rc) {
    case CURLE_SSL_CONNECT_ERROR:    /* TLS to a plain server: "wrong version number" */
    case CURLE_GOT_NOTHING:          /* plain to a TLS server that closes */
    case CURLE_RECV_ERROR:           /* ... or resets */
    case CURLE_WEIRD_SERVER_REPLY:   /* ... or answers with a TLS alert */
    case CURLE_UNSUPPORTED_PROTOCOL: /* HTTP/0.9 bytes */
    case CURLE_HTTP2:
        return 1;
    default:
        return 0;
    }
}
