/* unit_service_addr.c — where the target serves: loopback candidates for a
 * listen address, URLs and CONNECT_TO for plain and TLS, the mismatch
 * errors. */
#include "service_addr.h"
#include "tap.h"

static int cands(const char *listen, const char *a, const char *b)
{
    char out[2][48];
    int n = service_addr_candidates(listen, out);
    return n == (b ? 2 : 1) && !strcmp(out[0], a) && (!b || !strcmp(out[1], b));
}

int main(void)
{
    ok(cands("::1", "::1", NULL), "::1 is reached on ::1 only");
    ok(cands("127.0.0.1", "127.0.0.1", NULL), "127.0.0.1 on itself");
    ok(cands("0.0.0.0", "127.0.0.1", NULL), "0.0.0.0 on 127.0.0.1");
    ok(cands("::ffff:127.0.0.1", "127.0.0.1", NULL), "a v4-mapped loopback on 127.0.0.1");
    ok(cands("::", "127.0.0.1", "::1"), ":: (dual stack or v6 only): both, IPv4 first");
    ok(cands("", "127.0.0.1", "::1"), "unknown: both");
    ok(cands(NULL, "127.0.0.1", "::1"), "not reported: both");
    ok(cands("10.1.2.3", "10.1.2.3", NULL), "a specific address on itself");
    ok(cands("fe80::1", "fe80::1", NULL), "a specific IPv6 address on itself");

    target_cfg plain = {0}, tls = {.tls = 1}, named = {.tls = 1, .server_name = "api.test"};
    service_addr a = {0}, o = {0};
    service_addr_set(&a, &plain, "::1", 4242);
    ok(!strcmp(a.origin, "http://[::1]:4242") && !a.connect_to,
       "plain IPv6: bracketed URL, no CONNECT_TO");
    service_addr_set(&a, &plain, "127.0.0.1", 80);
    ok(!strcmp(a.origin, "http://127.0.0.1:80") && !strcmp(a.shown, a.origin), "plain IPv4");
    service_addr_set(&a, &tls, "::1", 8443);
    ok(!strcmp(a.origin, "https://localhost:8443"),
       "TLS: the URL names localhost (certificates do)");
    ok(!strcmp(a.shown, "https://[::1]:8443"), "TLS: reports show the address");
    ok(a.connect_to && !strcmp(a.connect_to->data, "localhost:8443:[::1]:8443"),
       "TLS: CONNECT_TO takes localhost to [::1]");
    service_addr_set(&a, &named, "127.0.0.1", 8443);
    ok(a.connect_to && !strcmp(a.connect_to->data, "api.test:8443:127.0.0.1:8443") &&
           !strcmp(a.origin, "https://api.test:8443"),
       "server_name is the URL's host and CONNECT_TO's");
    service_addr_other_scheme(&o, &a, &named);
    ok(!o.tls && !strcmp(o.origin, "http://127.0.0.1:8443") && !o.connect_to,
       "the other scheme of TLS is plain, same address");
    service_addr_free(&o);
    service_addr_other_scheme(&o, &o, &plain);
    ok(o.tls && o.connect_to, "and back");
    service_addr_free(&o);
    service_addr_free(&a);
    ok(!a.connect_to, "free clears CONNECT_TO");

    ok(service_addr_protocol_error(CURLE_SSL_CONNECT_ERROR), "TLS to plain is a protocol error");
    ok(service_addr_protocol_error(CURLE_GOT_NOTHING), "plain to TLS (closed) is one");
    ok(!service_addr_protocol_error(CURLE_COULDNT_CONNECT), "refused is not");
    ok(!service_addr_protocol_error(CURLE_OPERATION_TIMEDOUT), "a timeout is not");
    return tap_done();
}
