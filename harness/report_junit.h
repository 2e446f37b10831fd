/* report_junit.h — <run dir>/junit.xml for CI test reporters (GitLab,
 * Jenkins, GitHub actions that read JUnit): one testsuite per run, one
 * testcase per endpoint and judged signal, named "<endpoint>: <signal>";
 * failures carry the numbers. Every string is XML-escaped. */
#ifndef LEAKCHECK_REPORT_JUNIT_H
#define LEAKCHECK_REPORT_JUNIT_H

#include <stdio.h>

#include "result.h"

void report_junit(FILE *out, const run_result *r);
int report_junit_write(const run_result *r, char *err, size_t errlen);

#endif
