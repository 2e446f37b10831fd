/* baseline.c — regression against a stored report.json; see baseline.h. */
#include "baseline.h"

#include <string.h>

#include "verdict.h"

int baseline_load(baseline *b, const char *path, double tolerance, char *err, size_t errlen)
{
    json_error_t je;
    b->tolerance = tolerance;
    b->report = json_load_file(path, 0, &je);
    if (!b->report) return snprintf(err, errlen, "%s: line %d: %s", path, je.line, je.text), -1;
    if (!json_is_array(json_object_get(b->report, "endpoints"))) {
        json_decref(b->report);
        b->report = NULL;
        return snprintf(err, errlen, "%s: not a leakcheck report (no \"endpoints\")", path), -1;
    }
    return 0;
}

int baseline_slope(const baseline *b, const char *name, double *slope)
{
    size_t i;
    json_t *ep;
    json_array_foreach(json_object_get(b->report, "endpoints"), i, ep)
    {
        const char *n = json_string_value(json_object_get(ep, "name"));
        json_t *heap = json_object_get(json_object_get(ep, "signals"), "heap");
        json_t *s = json_object_get(heap, "slope_per_request");
        if (n && !strcmp(n, name) && json_is_number(s)) {
            *slope = json_number_value(s);
            return 0;
        }
    }
    return -1;
}

int baseline_apply(const baseline *b, run_result *r)
{
    int regressed = 0;
    for (int i = 0; i < r->n_endpoints; i++) {
        endpoint_result *e = &r->endpoints[i];
        double base;
        if (!e->signals[SIG_HEAP].fitted || baseline_slope(b, e->ep->name, &base) < 0) continue;
        e->baseline_slope = base;
        e->has_baseline = 1;
        regressed += verdict_baseline(e, base, b->tolerance);
    }
    return regressed;
}

void baseline_free(baseline *b)
{
    json_decref(b->report);
    b->report = NULL;
}
