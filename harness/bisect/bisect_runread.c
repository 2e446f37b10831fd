/* bisect_runread.c — what bisect needs from one `leakcheck run`: its
 * report.json, read with jansson (the schema is harness/report.schema.json).
 *
 * The verdicts are not re-derived here: each endpoint's `ok` and `cause` are
 * what verdict.c decided in that run. The endpoint shown for a commit is the
 * worst one: a failing one before a passing one, then the larger heap slope. */
#include <jansson.h>
#include <string.h>

#include "bisect_int.h"

static int is_cause(json_t *ep, const char *name)
{
    const char *c = json_string_value(json_object_get(ep, "cause"));
    return c && !strcmp(c, name);
}

/* A memory verdict: a signal over budget, a regression against a baseline,
 * an inconclusive counted as a fail on its estimate, or out of heap. */
static int on_memory(json_t *ep)
{
    return is_cause(ep, "signal") || is_cause(ep, "baseline") || is_cause(ep, "oom");
}

static void keep_if_worse(json_t *ep, int failed, bisect_attempt *a, int *best_failed, int first)
{
    json_t *heap = json_object_get(json_object_get(ep, "signals"), "heap");
    json_t *slope = json_object_get(heap, "slope_per_request");
    int has_slope = json_is_number(slope);
    if (!first) {
        if (failed != *best_failed) {
            if (failed < *best_failed) return;
        } else if (!has_slope || (a->has_slope && json_number_value(slope) <= a->slope)) {
            return;
        }
    }
    const char *name = json_string_value(json_object_get(ep, "name"));
    snprintf(a->endpoint, sizeof a->endpoint, "%s", name ? name : "?");
    a->has_slope = has_slope;
    a->slope = has_slope ? json_number_value(slope) : 0;
    a->ci_lo = json_number_value(json_object_get(heap, "ci_low"));
    a->ci_hi = json_number_value(json_object_get(heap, "ci_high"));
    *best_failed = failed;
}

int runread_report(const char *run_dir, bisect_attempt *a, run_summary *s)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/report.json", run_dir);
    memset(s, 0, sizeof *s);
    json_t *root = json_load_file(path, 0, NULL), *ep;
    if (!root) return 0;
    size_t i;
    int best_failed = 0;
    json_array_foreach(json_object_get(root, "endpoints"), i, ep)
    {
        int ok = json_is_true(json_object_get(ep, "ok"));
        const char *verdict = json_string_value(json_object_get(ep, "verdict"));
        int inconclusive = verdict && !strcmp(verdict, "inconclusive");
        /* an inconclusive counted as a fail is still inconclusive here:
         * bisect re-measures it rather than calling the commit bad */
        int failed = !ok && !is_cause(ep, "inconclusive");
        s->inconclusive |= inconclusive;
        s->failed |= failed;
        s->leak |= failed && on_memory(ep);
        const char *reason = json_string_value(json_object_get(ep, "reason"));
        if (failed && reason && !s->reason[0]) snprintf(s->reason, sizeof s->reason, "%s", reason);
        keep_if_worse(ep, failed, a, &best_failed, i == 0);
    }
    s->endpoints = (int)i;
    const char *fatal = json_string_value(json_object_get(root, "fatal"));
    if (fatal) snprintf(s->fatal, sizeof s->fatal, "%s", fatal);
    json_decref(root);
    return s->endpoints;
}
