/* report_tap.h — the run as TAP 13 on stdout, and a short human summary.
 *
 * One test point per endpoint, named exactly as its section; a YAML block
 * with the numbers (slopes and intervals per signal, budget, requests,
 * latency percentiles, status counts, snapshot files). `TAP version 13`, not
 * 14: Debian's prove 3.44 rejects 14. Every string from the target or the
 * scenario passes through esc_yaml / esc_tap_desc. */
#ifndef LEAKCHECK_REPORT_TAP_H
#define LEAKCHECK_REPORT_TAP_H

#include <stdio.h>

#include "result.h"

void report_tap(FILE *out, const run_result *r);

/* One line per endpoint for people, e.g. on stderr. */
void report_summary(FILE *out, const run_result *r);

#endif
