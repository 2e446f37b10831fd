/* latency.c — log-bucket histogram; see latency.h. */
#include "latency.h"

#include <math.h>

#define GROWTH 1.02

static int bucket_of(double us)
{
    if (us < 1) return 0;
    int b = (int)(log(us) / log(GROWTH)) + 1;
    return b >= LATENCY_BUCKETS ? LATENCY_BUCKETS - 1 : b;
}

/* A bucket's representative value: the geometric middle of its range. */
static double bucket_value(int b)
{
    if (b == 0) return 0.5;
    return pow(GROWTH, b - 0.5);
}

void latency_record(latency_hist *h, double us)
{
    h->counts[bucket_of(us)]++;
    h->total++;
    if (us > h->max_us) h->max_us = us;
}

void latency_merge(latency_hist *into, const latency_hist *from)
{
    for (int i = 0; i < LATENCY_BUCKETS; i++) into->counts[i] += from->counts[i];
    into->total += from->total;
    if (from->max_us > into->max_us) into->max_us = from->max_us;
}

double latency_percentile(const latency_hist *h, double p)
{
    if (!h->total) return 0;
    uint64_t rank = (uint64_t)ceil(p / 100.0 * (double)h->total), seen = 0;
    if (rank < 1) rank = 1;
    for (int b = 0; b < LATENCY_BUCKETS; b++) {
        seen += h->counts[b];
        if (seen >= rank) {
            double v = bucket_value(b);
            return v > h->max_us ? h->max_us : v;
        }
    }
    return h->max_us;
}
