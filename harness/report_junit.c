/* report_junit.c — junit.xml; see report_junit.h. */
#include "report_junit.h"

#include <string.h>

#include "escape.h"
#include "report_tap.h"
#include "verdict.h"

/* One testcase per judged signal, or one for the endpoint when it never got
 * a heap slope (not run, crashed early, failed on errors before a fit). */
static int single_case(const endpoint_result *e)
{
    return e->outcome == EP_NOT_RUN || (e->outcome != EP_PASS && !e->signals[SIG_HEAP].fitted &&
                                        e->cause != CAUSE_INCONCLUSIVE && e->cause != CAUSE_NONE);
}

typedef enum { CASE_PASS, CASE_FAIL, CASE_SKIP } case_kind;

/* What the testcase of signal k of e is (see endpoint_cases). */
static case_kind signal_case(const endpoint_result *e, int k)
{
    const signal_result *s = &e->signals[k];
    if (!verdict_signal_ok(s)) return CASE_FAIL;
    if (verdict_signal_inconclusive(s)) return verdict_endpoint_ok(e) ? CASE_SKIP : CASE_FAIL;
    if (!verdict_endpoint_ok(e) && k == SIG_HEAP && e->cause != CAUSE_SIGNAL) return CASE_FAIL;
    return CASE_PASS;
}

static int count_cases(const run_result *r, int *failures, int *skipped)
{
    int n = 0;
    *failures = *skipped = 0;
    for (int i = 0; i < r->n_endpoints; i++) {
        const endpoint_result *e = &r->endpoints[i];
        if (single_case(e)) {
            n++, (*failures)++;
            continue;
        }
        for (int k = 0; k < SIG_COUNT; k++)
            if (e->signals[k].judged) {
                case_kind c = signal_case(e, k);
                n++;
                *failures += c == CASE_FAIL;
                *skipped += c == CASE_SKIP;
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

/* <failure> or <skipped>: message, then reason and hint as the body. */
static void outcome_element(FILE *f, const char *tag, const char *message, const char *type,
                            const char *hint)
{
    fprintf(f, "      <%s message=\"", tag);
    esc_xml(f, message, ESC_STRLEN);
    fprintf(f, "\" type=\"%s\">", type);
    esc_xml(f, message, ESC_STRLEN);
    if (hint && hint[0]) {
        fputs("\nhint: ", f);
        esc_xml(f, hint, ESC_STRLEN);
    }
    fprintf(f, "</%s>\n", tag);
}

static void endpoint_cases(FILE *f, const endpoint_result *e)
{
    if (single_case(e)) {
        testcase_open(f, e, NULL, e->wall_s);
        outcome_element(f, "failure", e->reason, verdict_cause_name(e->cause), e->hint);
        fputs("    </testcase>\n", f);
        return;
    }
    for (int k = 0; k < SIG_COUNT; k++) {
        const signal_result *s = &e->signals[k];
        if (!s->judged) continue;
        char line[320], msg[sizeof line + sizeof e->reason];
        verdict_signal_line(line, sizeof line, (signal_kind)k, s);
        testcase_open(f, e, signal_name((signal_kind)k), e->wall_s);
        switch (signal_case(e, k)) {
        case CASE_FAIL:
            if (!verdict_signal_ok(s))
                outcome_element(f, "failure", line, "over-budget", e->hint);
            else
                outcome_element(f, "failure", e->reason, verdict_cause_name(e->cause), e->hint);
            break;
        case CASE_SKIP:
            snprintf(msg, sizeof msg, "inconclusive: %s", line);
            outcome_element(f, "skipped", msg, "inconclusive", e->hint);
            break;
        case CASE_PASS:
            break;
        }
        fputs("      <system-out>", f);
        esc_xml(f, line, ESC_STRLEN);
        fputs("</system-out>\n    </testcase>\n", f);
    }
}

void report_junit(FILE *f, const run_result *r)
{
    int failures, skipped, n = count_cases(r, &failures, &skipped);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", f);
    fputs("  <testsuite name=\"", f);
    esc_xml(f, r->cfg->scenario_path, ESC_STRLEN);
    fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n", n,
            failures, skipped, r->wall_s);
    /* how the slopes were measured, and who logged in: CI tools list these */
    if (r->mixed || r->setup.n) {
        fputs("    <properties>\n", f);
        if (r->mixed)
            fprintf(f, "      <property name=\"mode\" value=\"mixed: %d steps of %lld requests\"/>\n",
                    r->mix_steps, (long long)r->mix_step_requests);
        if (r->mix_warning[0]) {
            fputs("      <property name=\"mix_warning\" value=\"", f);
            esc_xml(f, r->mix_warning, ESC_STRLEN);
            fputs("\"/>\n", f);
        }
        for (int i = 0; i < r->setup.n; i++) {
            fputs("      <property name=\"setup\" value=\"", f);
            esc_xml(f, r->setup.step[i].request, ESC_STRLEN);
            fprintf(f, " %ld\"/>\n", r->setup.step[i].status);
        }
        fputs("    </properties>\n", f);
    }
    for (int i = 0; i < r->n_endpoints; i++)
        endpoint_cases(f, &r->endpoints[i]);
    fputs("  </testsuite>\n</testsuites>\n", f);
}

int report_junit_write(const run_result *r, char *err, size_t errlen)
{
    return report_file_write(r, "junit.xml", report_junit, err, errlen);
}
