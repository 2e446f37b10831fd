/* baseline.h — compare a run with a stored report.json (e.g. from main).
 *
 * `leakcheck run --baseline main/report.json` fails an endpoint whose heap
 * slope got confidently worse than the baseline's by more than the tolerance
 * (bytes/request), even when it is still under budget: a regression gate
 * that catches a leak growing from 3 to 30 B/request before it reaches the
 * budget. Endpoints are matched by name; ones missing in the baseline are
 * reported as new and not judged. */
#ifndef LEAKCHECK_BASELINE_H
#define LEAKCHECK_BASELINE_H

#include <jansson.h>

#include "result.h"

typedef struct {
    json_t *report;  /* the parsed baseline report.json */
    double tolerance; /* bytes per request */
} baseline;

/* Loads path. 0, or -1 with err ("FILE: line N: ...", or "not a leakcheck report"). */
int baseline_load(baseline *b, const char *path, double tolerance, char *err, size_t errlen);

/* Baseline heap slope of the endpoint called name; 0 when found. */
int baseline_slope(const baseline *b, const char *name, double *slope);

/* Applies the comparison to every measured endpoint of r: an endpoint that
 * passed (or was inconclusive) and is worse than baseline becomes a failure
 * with a reason that gives both slopes. Returns how many regressed. */
int baseline_apply(const baseline *b, run_result *r);

void baseline_free(baseline *b);

#endif
