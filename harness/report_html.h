/* report_html.h — <run dir>/report.html: one self-contained page.
 *
 * No network, no external scripts or fonts: inline CSS and inline SVG. Per
 * endpoint: the verdict, an SVG chart of post-GC heap (heapUsed + external)
 * and RSS against requests with the fitted line and the budget line, the
 * numbers, and (when the snapshots were analyzed) the leak clusters with their
 * retainer paths. Every string goes through esc_html: heap strings are hostile. */
#ifndef LEAKCHECK_REPORT_HTML_H
#define LEAKCHECK_REPORT_HTML_H

#include <stdio.h>

#include "result.h"

void report_html(FILE *out, const run_result *r);
int report_html_write(const run_result *r, char *err, size_t errlen);

#endif
