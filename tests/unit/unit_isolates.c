/* unit_isolates.c — the service as its isolates: each one numbered once,
 * its own slope over the fitted samples (the workers grow, the primary
 * does not), churn between samples, and the warnings a reader needs. */
#include "isolates.h"
#include "tap.h"

#include <math.h>
#include <string.h>

int main(void)
{
    isolate_table t = {0};
    char buf[512];
    is_int(isolates_index(&t, 100, 0, "server.js"), 0, "the primary is isolate 0");
    is_int(isolates_index(&t, 101, 0, "server.js"), 1, "a worker process is isolate 1");
    is_int(isolates_index(&t, 101, 2, "worker.js"), 2, "a worker thread of it is isolate 2");
    is_int(isolates_index(&t, 101, 0, "x"), 1, "seen again: the same index");
    is_str(isolates_describe(&t.v[2], buf, sizeof buf), "pid 101 thread 2 (worker.js)", "described");
    for (int i = 3; i < ISOLATES_MAX; i++)
        isolates_index(&t, 200 + i, 0, "w.js");
    is_int(isolates_index(&t, 999, 0, "w.js"), -1, "past ISOLATES_MAX: not named");
    is_int(t.overflow, 1, "and counted");

    isolate_table u = {0};
    isolates_index(&u, 1, 0, "p"), isolates_index(&u, 2, 0, "w"), isolates_index(&u, 3, 0, "w");
    double x[6], heap[6 * ISOLATES_MAX];
    for (int i = 0; i < 6; i++) {
        x[i] = i * 1000.0;
        for (int k = 0; k < ISOLATES_MAX; k++)
            heap[i * ISOLATES_MAX + k] = NAN;
        heap[i * ISOLATES_MAX + 0] = 5e6;                 /* primary: flat */
        heap[i * ISOLATES_MAX + 1] = 6e6 + 50.0 * x[i];   /* worker: 50 B/request */
        heap[i * ISOLATES_MAX + 2] = 6e6 + 40.0 * x[i];   /* worker: 40 B/request */
    }
    heap[3 * ISOLATES_MAX + 2] = NAN; /* one missed sample */
    isolate_growth g[ISOLATES_MAX];
    int n = isolates_growth(&u, x, heap, 0, 6, g);
    is_int(n, 3, "three isolates with slopes");
    is_near(g[0].slope, 50, 1e-9, "the fastest first: 50 B/request");
    is_int(g[0].who.pid, 2, "it is pid 2");
    is_near(g[1].slope, 40, 1e-9, "then 40 B/request, over the samples it answered");
    is_int(g[1].samples, 5, "five of six");
    is_near(g[2].slope, 0, 1e-9, "the primary is flat");
    is_int(isolates_growth(&u, x, heap, 4, 6, g), 0, "fewer than 3 samples: no slope");

    int came, went;
    ok(isolates_churn(heap, 0, 6, &came, &went) && came == 1 && went == 1,
       "a missed sample reads as one went and one came (%d, %d)", came, went);
    ok(!isolates_churn(heap, 4, 6, &came, &went), "no change after it");

    is_int(isolates_find(&u, 3, 0), 2, "found without adding");
    is_int(isolates_find(&u, 4, 0), -1, "an unknown isolate is not added");
    is_int(u.n, 3, "the table is unchanged");
    double b[3] = {100, 100, NAN}, a[3] = {100, 400, 200}, flat[3] = {100, 100, NAN};
    is_int(isolates_top_grower(b, a, 3), 1, "the top grower, absent ones skipped");
    is_near(isolates_share(b, a, 3, 1), 1.0, 1e-12, "it holds all of the growth seen in both");
    double a2[3] = {200, 400, 200};
    is_near(isolates_share(b, a2, 3, 1), 0.75, 1e-12, "300 of 400");
    is_near(isolates_share(b, a2, 3, 0), 0.25, 1e-12, "100 of 400");
    is_near(isolates_share(b, flat, 3, 0), 1.0, 1e-12, "nothing grew: 1");

    ok(isolates_warning(0, 0, 0, 0, 0, 0, NULL, buf, sizeof buf) == NULL, "nothing to say: NULL");
    ok(isolates_warning(0, 0, 0, 0, 2, 0, NULL, buf, sizeof buf) &&
           strstr(buf, "2 worker threads never answered") && strstr(buf, "Atomics.wait"),
       "silent threads: said, with the cause (%s)", buf);
    ok(isolates_warning(1, 2, 3, 0, 0, 0, NULL, buf, sizeof buf) && strstr(buf, "1 started, 2 ended") &&
           strstr(buf, "; 3 answers"),
       "churn and late answers, one sentence each (%s)", buf);
    ok(isolates_warning(0, 0, 0, 0, 1, 3, "41 (node w.js), 42 (node w.js)", buf, sizeof buf) &&
           strstr(buf, "3 processes without leakcheck's agent hold the target's port") &&
           strstr(buf, "(41 (node w.js), 42 (node w.js), ...)") && strstr(buf, "NODE_OPTIONS") &&
           strstr(buf, "; 1 worker thread never"),
       "port holders without an agent: counted, two named, the cause; then the rest (%s)", buf);
    ok(isolates_warning(0, 0, 0, 0, 0, 1, "7 (python3 app.py)", buf, sizeof buf) &&
           strstr(buf, "1 process without leakcheck's agent holds the target's port and answers "
                       "requests (7 (python3 app.py)): its heap is not"),
       "one holder: singular (%s)", buf);
    return tap_done();
}
