/* bisect_tapread.c — the few lines of a `leakcheck run` TAP report that
 * bisect needs, read simply, line by line.
 *
 * Per endpoint: the test point line `ok N - NAME` / `not ok N - NAME` at
 * column 0, then in its YAML block `  verdict: pass|fail|inconclusive|...`,
 * `  reason: "..."`, and per signal block (`  heap:`, `  rss:`,
 * `  resources:`) `    verdict: fail`; under `  heap:` also
 * `    slope_bytes_per_request: X` and `    ci: [LO, HI]`. Subtest lines are
 * indented and never match. The endpoint shown for a commit is the worst one:
 * a failing one before a passing one, then the larger slope. */
#include <stdlib.h>
#include <string.h>

#include "bisect.h"

typedef struct {
    char name[128];
    int failed, has_slope;
    double slope, lo, hi;
} tap_endpoint;

static int worse(const tap_endpoint *a, const bisect_attempt *best, int best_failed)
{
    if (a->failed != best_failed) return a->failed > best_failed;
    if (!a->has_slope) return 0;
    return !best->has_slope || a->slope > best->slope;
}

static void keep_if_worse(const tap_endpoint *e, bisect_attempt *a, int *best_failed, int first)
{
    if (!first && !worse(e, a, *best_failed)) return;
    snprintf(a->endpoint, sizeof a->endpoint, "%s", e->name);
    a->has_slope = e->has_slope;
    a->slope = e->slope, a->ci_lo = e->lo, a->ci_hi = e->hi;
    *best_failed = e->failed;
}

/* A test point line starts a new endpoint; returns 1 when line was one. */
static int test_point(const char *line, tap_endpoint *e)
{
    const char *p = line;
    if (!strncmp(p, "not ok ", 7))
        p += 7;
    else if (!strncmp(p, "ok ", 3))
        p += 3;
    else
        return 0;
    memset(e, 0, sizeof *e);
    p += strspn(p, "0123456789");
    if (!strncmp(p, " - ", 3)) p += 3;
    snprintf(e->name, sizeof e->name, "%.*s", (int)strcspn(p, "\n"), p);
    return 1;
}

/* `  verdict: X` of an endpoint, and `  reason: "..."` of a failing one. */
static void endpoint_line(const char *line, tap_endpoint *e, tapread_summary *s)
{
    const char *v = line + 11;
    if (!strncmp(line, "  verdict: ", 11)) {
        e->failed = strncmp(v, "pass", 4) && strncmp(v, "inconclusive", 12);
        s->inconclusive |= !strncmp(v, "inconclusive", 12);
        s->failed |= e->failed;
    } else if (!strncmp(line, "  reason: ", 10) && e->failed) {
        s->leak |= strstr(line, "heap out of memory") != NULL;
        if (!s->reason[0])
            snprintf(s->reason, sizeof s->reason, "%.*s", (int)strcspn(line + 10, "\n"), line + 10);
    }
}

/* Lines inside a signal block (4-space indent). */
static void signal_line(const char *line, int in_heap, tap_endpoint *e, tapread_summary *s)
{
    if (!strncmp(line, "    verdict: fail", 17)) s->leak = 1;
    if (!in_heap) return;
    if (sscanf(line, "    slope_bytes_per_request: %lf", &e->slope) == 1)
        e->has_slope = 1;
    else
        sscanf(line, "    ci: [%lf, %lf]", &e->lo, &e->hi);
}

int tapread_file(const char *path, bisect_attempt *a, tapread_summary *s)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    tap_endpoint e = {0};
    int n = 0, in_heap = 0, best_failed = 0;
    memset(s, 0, sizeof *s);
    if (!f) return 0;
    while (fgets(line, sizeof line, f)) {
        if (test_point(line, &e)) {
            n++, in_heap = 0;
            continue;
        }
        if (!n || strncmp(line, "  ", 2)) continue;
        if (line[2] != ' ') {
            in_heap = !strncmp(line, "  heap:", 7);
            endpoint_line(line, &e, s);
        } else {
            signal_line(line, in_heap, &e, s);
        }
        if (!strncmp(line, "  ...", 5)) keep_if_worse(&e, a, &best_failed, n == 1); /* block end */
    }
    fclose(f);
    return s->endpoints = n;
}
