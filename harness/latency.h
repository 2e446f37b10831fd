/* latency.h — a log-bucket latency histogram (about 2% resolution).
 *
 * Fixed size, no allocation, O(1) record: cheap enough to sit on the load
 * driver's hot path. Values are microseconds from 1 µs to ~1000 s. */
#ifndef LEAKCHECK_LATENCY_H
#define LEAKCHECK_LATENCY_H

#include <stdint.h>

#define LATENCY_BUCKETS 1400

typedef struct {
    uint64_t counts[LATENCY_BUCKETS];
    uint64_t total;
    double max_us;
} latency_hist;

void latency_record(latency_hist *h, double us);
void latency_merge(latency_hist *into, const latency_hist *from);
/* p in 0..100; 0 when empty. */
double latency_percentile(const latency_hist *h, double p);

#endif
