/* unit_explain_plan.c — the explain phase's sizes: K from the slope, bounded
 * by time; snapshot timeout and disk need from the heap; coverage. */
#include "explain_plan.h"
#include "tap.h"

int main(void)
{
    /* K puts ~2 MB of leak between two snapshots */
    is_int(explain_requests(8192, 2500, 5000, 5), 256, "8 KiB/request: 256 requests");
    is_int(explain_requests(28000, 2500, 5000, 5), EXPLAIN_MIN_REQUESTS,
           "28 KB/request: the 200-request minimum (a cluster needs members)");
    is_int(explain_requests(1024, 2500, 5000, 5), 2048, "1 KiB/request: 2048 requests");
    is_int(explain_requests(64, 2500, 5000, 5), EXPLAIN_MAX_REQUESTS,
           "64 B/request: capped at 3,000 requests (3,000 objects)");
    /* a slow endpoint: one step's time */
    is_int(explain_requests(64, 2500, 300, 2.5), 750, "300 requests/s, 2.5 s steps: 750");
    is_int(explain_requests(4096, 2500, 300, 7.5), 512, "4 KiB/request at 300/s: 512, in time");
    is_int(explain_requests(64, 2500, 5, 2), 100, "5 requests/s: never under 100 requests");
    is_int(explain_requests(0, 2500, 5000, 5), 2500, "no slope (mode = always on a pass): a step");
    is_int(explain_requests(-30, 2500, 0, 0), 2500, "a negative slope: a step");

    /* the profiler samples the expected leak a few hundred times */
    is_int(explain_profile_interval(145, 3000), 1699, "145 B x 3000 requests: every 1699 bytes");
    ok(explain_profile_interval(64, 200) == 512 && explain_profile_interval(28000, 2000) == 32768 &&
           explain_profile_interval(0, 3000) == 8192,
       "interval bounded to 512 B..32 KiB; without a slope, from 2 MiB");

    /* timeouts follow the heap unless the user set one */
    ok(explain_snapshot_timeout_s(0, 10u << 20) >= 10 && explain_snapshot_timeout_s(0, 10u << 20) < 14,
       "10 MB heap: about 13 s");
    ok(explain_snapshot_timeout_s(0, 130u << 20) > 40, "130 MB heap: over 40 s (%.0f s)",
       explain_snapshot_timeout_s(0, 130u << 20));
    ok(explain_snapshot_timeout_s(0.5, 130u << 20) == 0.5, "a configured timeout is kept as is");
    ok(!explain_disk_enough(3u << 20, 10u << 20) && explain_disk_enough(1u << 30, 10u << 20),
       "3 MB free is not enough for a 10 MB heap's snapshot; 1 GB is");
    ok(explain_coverage(50, 200) == 0.25 && explain_coverage(300, 200) == 1 &&
           explain_coverage(5, 0) == -1,
       "coverage: explained/measured, capped at 1, -1 without a slope");
    return tap_done();
}
