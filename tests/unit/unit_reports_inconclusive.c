/* unit_reports_inconclusive.c — an inconclusive endpoint is visible in every
 * report: TAP (a SKIP directive prove counts, or not ok when it counts as a
 * fail), junit.xml (<skipped> with the reason and hint, or <failure>), and
 * the summary line. Built on a synthetic run_result: no node, no files. */
#include <stdlib.h>

#include "report_junit.h"
#include "report_tap.h"
#include "tap.h"
#include "verdict.h"

static char *render(void (*writer)(FILE *, const run_result *), const run_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    writer(f, r);
    fclose(f);
    return buf;
}

static void fitted(endpoint_result *e, double slope, double lo, double hi, growth_verdict v)
{
    signal_result *s = &e->signals[SIG_HEAP];
    s->judged = s->fitted = 1;
    s->budget = 32;
    s->verdict = v;
    s->fit = (growth_fit){.n = 6, .slope = slope, .ci_low = lo, .ci_high = hi, .confidence = 0.95};
}

int main(void)
{
    config cfg = {0};
    cfg.scenario_path = "s.ini";
    endpoint_cfg ep[3] = {{0}};
    const char *names[] = {"clean", "undecided low", "undecided high"};
    for (int i = 0; i < 3; i++) {
        ep[i].name = (char *)names[i];
        ep[i].method = "GET";
        ep[i].path_src = "/x";
        ep[i].budget.confidence = 0.95;
        ep[i].budget.heap_bytes_per_req = 32;
    }
    endpoint_result e[3] = {{0}};
    for (int i = 0; i < 3; i++)
        e[i].ep = &ep[i];
    fitted(&e[0], 2, -5, 9, GROWTH_PASS);
    e[0].outcome = EP_PASS;
    fitted(&e[1], 20, 5, 40, GROWTH_INCONCLUSIVE);
    e[1].outcome = EP_INCONCLUSIVE;
    snprintf(e[1].reason, sizeof e[1].reason,
             "heap grows 20.0 B/request (95%% CI 5..40), budget "
             "32.0 B/request");
    snprintf(e[1].hint, sizeof e[1].hint, "raise max_duration");
    fitted(&e[2], 35, 20, 60, GROWTH_INCONCLUSIVE);
    e[2].outcome = EP_INCONCLUSIVE;
    e[2].cause = CAUSE_INCONCLUSIVE;
    snprintf(e[2].reason, sizeof e[2].reason,
             "inconclusive, counted as a fail (estimate over "
             "budget): heap grows 35.0 B/request");
    run_result r = {.cfg = &cfg, .endpoints = e, .n_endpoints = 3};

    char *tap = render(report_tap, &r);
    ok(strstr(tap, "\nok 1 - clean\n") != NULL, "a pass is a plain ok");
    ok(strstr(tap, "\nok 2 - undecided low # SKIP inconclusive: heap grows 20.0") != NULL,
       "an inconclusive within budget is ok with a SKIP directive and its reason");
    ok(strstr(tap, "\nnot ok 3 - undecided high\n") != NULL,
       "an inconclusive counted as a fail is not ok");
    ok(strstr(tap, "  cause: inconclusive\n") != NULL, "with its cause");
    ok(strstr(tap, "  hint: \"raise max_duration\"\n") != NULL, "the hint is in the YAML block");
    ok(strstr(tap, "    ok 1 - heap # SKIP inconclusive\n") != NULL,
       "the inconclusive signal subtest is a SKIP, not a TODO");

    char *junit = render(report_junit, &r);
    ok(strstr(junit, "skipped=\"1\"") != NULL, "junit counts one skipped testcase");
    ok(strstr(junit, "failures=\"1\"") != NULL, "and one failure");
    ok(strstr(junit, "<skipped message=\"inconclusive: heap grows 20.0") != NULL,
       "the skipped testcase says inconclusive and why");
    ok(strstr(junit, "hint: raise max_duration</skipped>") != NULL, "with the hint");
    ok(strstr(junit, "type=\"inconclusive\">inconclusive, counted as a fail") != NULL,
       "the counted inconclusive is a failure of type inconclusive");

    char *sum = render(report_summary, &r);
    ok(strstr(sum, "2 of 3 endpoints within budget, 2 inconclusive") != NULL,
       "the summary counts inconclusive endpoints");
    ok(strstr(sum, "hint: raise max_duration") != NULL, "and prints the hint");
    is_int(verdict_exit_status(&r), 1, "exit 1: one endpoint counts as a fail");
    free(tap), free(junit), free(sum);
    return tap_done();
}
