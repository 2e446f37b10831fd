/* explain_plan.c — sizes of the explain phase; see explain_plan.h. */
#include "explain_plan.h"

#include <stdio.h>

int64_t explain_requests(double slope, int64_t fallback_requests, double req_per_s, double step_s)
{
    double k = slope > 0 ? EXPLAIN_LEAK_BYTES / slope : (double)fallback_requests;
    if (k < EXPLAIN_MIN_REQUESTS) k = EXPLAIN_MIN_REQUESTS;
    if (k > EXPLAIN_MAX_REQUESTS) k = EXPLAIN_MAX_REQUESTS;
    /* a slow endpoint: what one step's time allows, but never so few that
     * the leak is not seen at all */
    if (req_per_s > 0 && step_s > 0 && k > req_per_s * step_s) k = req_per_s * step_s;
    if (k < 100) k = 100;
    return (int64_t)k;
}

long explain_profile_interval(double slope, int64_t requests)
{
    double leak = slope > 0 ? slope * (double)requests : EXPLAIN_LEAK_BYTES;
    long interval = (long)(leak / 256);
    return interval < 512 ? 512 : interval > 32768 ? 32768 : interval;
}

uint64_t explain_snapshot_bytes(uint64_t heap_used)
{
    return 2 * heap_used + (4u << 20);
}

double explain_snapshot_timeout_s(double configured_s, uint64_t heap_used)
{
    if (configured_s > 0) return configured_s;
    return 10.0 + (double)explain_snapshot_bytes(heap_used) / (8.0 * 1024 * 1024);
}

int explain_disk_enough(uint64_t free_bytes, uint64_t heap_used)
{
    return free_bytes >= explain_snapshot_bytes(heap_used) + (32u << 20);
}

double explain_coverage(double explained_per_request, double slope)
{
    if (!(slope > 0)) return -1;
    double c = explained_per_request / slope;
    return c < 0 ? 0 : c > 1 ? 1 : c;
}

void explain_coverage_line(char *buf, size_t len, double coverage, double slope, int one_isolate)
{
    if (coverage < 0) {
        if (len) buf[0] = 0;
        return;
    }
    int n = snprintf(buf, len, "the clusters account for %.0f%% of the %s %.1f B/request",
                     coverage * 100, one_isolate ? "explained isolate's" : "measured", slope);
    if (coverage < 0.5 && n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n,
                 "; the rest is not in JavaScript objects that stayed alive from one snapshot "
                 "to the next: look at external memory (Buffers, native addons), or at objects "
                 "that are freed and replaced (a pool, sockets that close)");
}
