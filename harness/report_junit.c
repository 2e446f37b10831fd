/* report_junit.c — junit.xml; see report_junit.h. */
#include "report_junit.h"

#include <string.h>

#include "escape.h"
#include "report_tap.h"

static int count_cases(const run_result *r, int *failures)
{
    int n = 0;
    *failures = 0;
    for (int i = 0; i < r->n_endpoints; i++) {
        const endpoint_result *e = &r->endpoints[i];
        if (e->outcome == EP_NOT_RUN || (e->outcome == EP_FAIL && !e->signals[SIG_HEAP].fitted)) {
            n++, (*failures)++;
            continue;
        }
        for (int k = 0; k < SIG_COUNT; k++)
            if (e->signals[k].judged) {
                n++;
                *failures += e->signals[k].fitted && e->signals[k].verdict == GROWTH_FAIL;
            }
    }
    return n;
}

static void testcase_open(FILE *f, const endpoint_result *e, const char *signal, double secs)
{
    fputs("    <testcase classname=\"leakcheck\" name=\"", f);
    esc_xml(f, e->ep->name, ESC_STRLEN);
    if (signal) fprintf(f, ": %s", signal);
    fprintf(f, "\" time=\"%.3f\">\n", secs);
}

static void failure(FILE *f, const char *message, const char *type)
{
    fputs("      <failure message=\"", f);
    esc_xml(f, message, ESC_STRLEN);
    fprintf(f, "\" type=\"%s\">", type);
    esc_xml(f, message, ESC_STRLEN);
    fputs("</failure>\n", f);
}

static void endpoint_cases(FILE *f, const endpoint_result *e)
{
    if (e->outcome == EP_NOT_RUN || (e->outcome == EP_FAIL && !e->signals[SIG_HEAP].fitted)) {
        testcase_open(f, e, NULL, e->wall_s);
        failure(f, e->reason, e->outcome == EP_NOT_RUN ? "not-run" : "error");
        fputs("    </testcase>\n", f);
        return;
    }
    for (int k = 0; k < SIG_COUNT; k++) {
        const signal_result *s = &e->signals[k];
        if (!s->judged) continue;
        char line[320];
        report_signal_line(line, sizeof line, (signal_kind)k, s);
        testcase_open(f, e, signal_name((signal_kind)k), e->wall_s);
        if (s->fitted && s->verdict == GROWTH_FAIL) failure(f, line, "over-budget");
        else if (e->outcome == EP_FAIL && k == SIG_HEAP && e->reason[0] && strcmp(e->reason, line))
            failure(f, e->reason, "error");
        fputs("      <system-out>", f);
        esc_xml(f, line, ESC_STRLEN);
        fputs("</system-out>\n    </testcase>\n", f);
    }
}

void report_junit(FILE *f, const run_result *r)
{
    int failures, n = count_cases(r, &failures);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", f);
    fputs("  <testsuite name=\"", f);
    esc_xml(f, r->cfg->scenario_path, ESC_STRLEN);
    fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">\n", n, failures,
            r->wall_s);
    for (int i = 0; i < r->n_endpoints; i++) endpoint_cases(f, &r->endpoints[i]);
    fputs("  </testsuite>\n</testsuites>\n", f);
}

int report_junit_write(const run_result *r, char *err, size_t errlen)
{
    return report_file_write(r, "junit.xml", report_junit, err, errlen);
}
