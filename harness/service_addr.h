/* service_addr.h — where the target serves, and how curl reaches it.
 *
 * leakcheck passes a port in $PORT, but services listen where they want:
 * on ::1 only, on a port fixed in their code, over TLS. The agent reports
 * each listen's address and port; this module turns that into what curl
 * needs: a loopback address of the right family to connect to, the scheme,
 * and for HTTPS the name the certificate is checked against ([target]
 * server_name, "localhost" by default) with CURLOPT_CONNECT_TO pointing
 * that name at the numeric address, so SNI and verification see a name
 * and the connection goes where the service is. The ready probe and the
 * load driver set their handles up through the same function.
 *
 * Memory: a service_addr owns the curl list in connect_to; release it with
 * service_addr_free. No printing. */
#ifndef LEAKCHECK_SERVICE_ADDR_H
#define LEAKCHECK_SERVICE_ADDR_H

#include <curl/curl.h>

#include "config.h"

typedef struct {
    int tls;       /* https */
    char host[48]; /* numeric loopback address: "127.0.0.1", "::1" */
    int port;
    char origin[160]; /* URL prefix: "http://127.0.0.1:4242", "https://localhost:4242" */
    char shown[128];  /* for reports: "https://[::1]:4242" */
    struct curl_slist *connect_to; /* TLS only: "localhost:4242:[::1]:4242" */
} service_addr;

/* Fills a for host (numeric) and port with the target's scheme and TLS
 * settings; frees what a held before. */
void service_addr_set(service_addr *a, const target_cfg *t, const char *host, int port);

/* The same service, the other scheme (the TLS/plain mismatch check). */
void service_addr_other_scheme(service_addr *to, const service_addr *from, const target_cfg *t);

/* The loopback addresses to try for a listen address as node reports it:
 * "::1" for an IPv6-only loopback, "127.0.0.1" for IPv4, both (IPv4 first)
 * for "::", "" or unknown, the address itself when it is a specific one.
 * Returns how many were written into out (at most 2). */
int service_addr_candidates(const char *listen_address, char out[2][48]);

/* Sets the easy handle up for a: TLS verification (ca_file, insecure),
 * client certificate, CONNECT_TO. The URL is the caller's (origin + path). */
void service_addr_apply(const service_addr *a, const target_cfg *t, CURL *easy);

/* Is this curl error what a scheme mismatch looks like (TLS spoken to a
 * plain server, plain HTTP to a TLS server)? */
int service_addr_protocol_error(CURLcode rc);

void service_addr_free(service_addr *a);

#endif
