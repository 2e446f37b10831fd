/* explain_plan.h — how large the explain phase after a fail is (pure).
 *
 * The explanation compares three snapshots of a fresh target: S1 after
 * warm-up, S2 after K more requests, S3 after K more. K is sized from the
 * measured slope so the leak between two snapshots is a few MB (clearly
 * above a service's churn, far below the hundreds of MB a long run piles
 * up), and bounded by the step time so a slow endpoint's explanation takes
 * seconds. The snapshot timeout follows the heap: V8 writes a snapshot of
 * about twice the used heap, at tens of MB per second on a busy 2-core
 * machine. */
#ifndef LEAKCHECK_EXPLAIN_PLAN_H
#define LEAKCHECK_EXPLAIN_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define EXPLAIN_LEAK_BYTES (2.0 * 1024 * 1024) /* wanted growth between snapshots */
#define EXPLAIN_MIN_REQUESTS 200   /* a cluster needs members to be seen */
#define EXPLAIN_MAX_REQUESTS 3000 /* a 64 B leak still gives 3,000 objects */

/* K: requests between S1 and S2 (and S2 and S3). slope in bytes/request
 * (<= 0: nothing measured to size by, e.g. mode = always on a pass: use
 * fallback_requests); req_per_s the endpoint's measured throughput (0 when
 * unknown); step_s the step time (K takes at most this long). */
int64_t explain_requests(double slope, int64_t fallback_requests, double req_per_s, double step_s);

/* Sampling heap profiler interval in bytes: a few hundred samples of the
 * leak expected between two snapshots (slope x K), 512 B..32 KiB. */
long explain_profile_interval(double slope, int64_t requests);

/* Expected bytes of one snapshot file of a heap using heap_used bytes. */
uint64_t explain_snapshot_bytes(uint64_t heap_used);

/* Seconds to wait for one snapshot: the configured timeout when the user
 * set one (configured_s > 0), else 10 s + 1 s per 8 MB expected. */
double explain_snapshot_timeout_s(double configured_s, uint64_t heap_used);

/* Is there room for one more snapshot? free_bytes of the file system
 * holding the snapshot directory. Keeps 32 MB spare for the reports. */
int explain_disk_enough(uint64_t free_bytes, uint64_t heap_used);

/* Share of the measured growth the clusters account for: explained bytes
 * per request / measured slope, in 0..1 (capped), or -1 when the slope is
 * not positive. */
double explain_coverage(double explained_per_request, double slope);

/* One sentence for the reports: "the clusters account for 86% of the
 * measured 145.2 B/request", and when that is under half, what else it can
 * be. Empty when coverage < 0. */
void explain_coverage_line(char *buf, size_t len, double coverage, double slope, int one_isolate);

#endif
