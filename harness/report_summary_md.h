/* report_summary_md.h — a Markdown table of the verdicts for GitHub Actions'
 * job summary ($GITHUB_STEP_SUMMARY, rendered as HTML on the run's page):
 * one row per endpoint with its verdict, its heap growth per request with the
 * interval, its budget, and the cause and hint when it is not within budget.
 * Every string the run did not write itself (endpoint names, reasons naming
 * the app's functions) goes through esc_md_cell. */
#ifndef LEAKCHECK_REPORT_SUMMARY_MD_H
#define LEAKCHECK_REPORT_SUMMARY_MD_H

#include <stdio.h>

#include "result.h"

void report_summary_md(FILE *out, const run_result *r);

/* Appends the table to path (other steps write there too). 0, or -1 with
 * err naming the file; nothing is appended when it cannot be written whole. */
int report_summary_md_append(const run_result *r, const char *path, char *err, size_t errlen);

#endif
