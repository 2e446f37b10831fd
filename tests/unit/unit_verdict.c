/* unit_verdict.c — the verdict rules on synthetic series (harness/verdict.c).
 *
 * Each case builds an endpoint's samples the way run.c would (a baseline,
 * then one sample per step, x = measured requests, heap in bytes) and asks
 * verdict.c what it makes of them. Noise is deterministic (a fixed LCG), of
 * the size measured on the clean examples (heap ±16 KB after full GCs). */
#include <math.h>
#include <stdlib.h>

#include "run.h"
#include "tap.h"
#include "verdict.h"

static uint64_t rng = 42;
static double noise(double amp) /* uniform in [-amp, amp] */
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return amp * (2.0 * (double)(rng >> 11) / 9007199254740992.0 - 1.0);
}

static endpoint_cfg cfg(void)
{
    endpoint_cfg e = {0};
    e.name = "GET /x";
    e.load = (load_cfg){.concurrency = 16,
                        .warmup = 2000,
                        .step = 2500,
                        .steps = 4,
                        .max_requests = 100000,
                        .max_duration_ms = 120000,
                        .max_error_rate = 0.05};
    e.budget = (budget_cfg){.heap_bytes_per_req = 32,
                            .rss_bytes_per_req = -1,
                            .resources_per_req = 0.001,
                            .contexts_per_req = 0.001,
                            .confidence = 0.95};
    return e;
}

/* heap(x) per sample, n samples, step requests apart. */
typedef double (*heap_fn)(double x, int i);

static void series(endpoint_result *er, const endpoint_cfg *ep, int n, int64_t step, heap_fn f)
{
    free(er->samples);
    memset(er, 0, sizeof *er);
    er->ep = ep;
    er->samples = calloc((size_t)n, sizeof *er->samples);
    er->n_samples = er->cap_samples = n;
    for (int i = 0; i < n; i++) {
        sample *s = &er->samples[i];
        s->requests = (int64_t)i * step;
        s->heap_used = f((double)s->requests, i);
        s->rss = 80e6;
    }
    er->steps = n - 1;
    er->requests_measured = (int64_t)(n - 1) * step;
}

static double leak_bytes;
static double linear(double x, int i)
{
    return (void)i, 20e6 + leak_bytes * x + noise(16384);
}
static double flat(double x, int i)
{
    return (void)x, (void)i, 20e6 + noise(16384);
}
static double sawtooth(double x, int i)
{
    return (void)x, 20e6 + (i % 2 ? 20000 : -20000);
}
static double plateau(double x, int i) /* lazy init: +600 KB over the first two steps */
{
    return 20e6 + (x < 5000 ? x * 120 : 600000) + noise(8000) + 0 * i;
}
static double one_step(double x, int i) /* +1 MB once, after six flat samples */
{
    return (void)x, 20e6 + (i >= 6 ? 1e6 : 0) + noise(8000);
}
static double staircase(double x, int i)
{
    return (void)x, 20e6 + (i / 3) * 300e3 + noise(8000);
}
static double outlier(double x, int i)
{
    return (void)x, 20e6 + (i == 5 ? 3e6 : 0) + noise(8000);
}
/* a weak-ref cache: +450 KB held at every fourth sample (a GC that has not
 * yet cleared the WeakRefs), otherwise flat, as run-weakref-cache-passes.t saw */
static double lone_spikes(double x, int i)
{
    return (void)x, 30e6 + (i % 4 == 3 ? 450e3 : 0) + noise(8000);
}
static double lone_spikes_on_leak(double x, int i)
{
    return lone_spikes(x, i) + 200 * x;
}
/* a bounded LRU of 50,000 entries × 200 B filling over the first 40,000
 * measured requests (10,000 were added in warm-up) */
static double lru(double x, int i)
{
    return (void)i, 20e6 + 200 * fmin(x, 40000) + noise(16384);
}
/* 16 KB/request held by pooled keep-alive sockets, all freed once (sockets
 * closed during a long pause) after the fourth step, then growing again */
static double fallback(double x, int i)
{
    return 13.4e6 + 16000 * (i <= 4 ? x : x - 5 * 2500) + noise(16384);
}

static void check_signal_line(void)
{
    signal_result s = {.judged = 1, .fitted = 1, .budget = 32};
    s.fit = (growth_fit){.slope = 152.34, .ci_low = 148.1, .ci_high = 156.5, .confidence = 0.95};
    char line[256];
    verdict_signal_line(line, sizeof line, SIG_HEAP, &s);
    is_str(line, "heap grows 152.3 B/request (95% CI 148.1..156.5), budget 32.0 B/request",
           "the signal line gives slope, interval at its confidence, budget");
    s.fallbacks = 1;
    verdict_signal_line(line, sizeof line, SIG_HEAP, &s);
    ok(strstr(line, "between fall-backs") != NULL, "a fitted-between-fall-backs slope says so");
    s.fitted = 0;
    verdict_signal_line(line, sizeof line, SIG_RESOURCES, &s);
    is_str(line, "resources: too few samples for a slope", "no fit: says so");
}

int main(void)
{
    endpoint_cfg ep = cfg();
    endpoint_result er = {0};
    endpoint_outcome o;

    /* linear leaks at several sizes fail on the minimum steps, from the heap */
    static const double sizes[] = {64, 200, 1024, 16384};
    for (int i = 0; i < 4; i++) {
        leak_bytes = sizes[i];
        series(&er, &ep, 6, 2500, linear);
        o = verdict_judge(&er); /* before ok(): its arguments are evaluated in any order */
        ok(o == EP_FAIL && er.cause == CAUSE_SIGNAL,
           "a %.0f B/request leak fails after 5 steps (%.1f B/request)", sizes[i],
           er.signals[SIG_HEAP].fit.slope);
    }
    ok(strstr(er.reason, "heap grows") == er.reason, "the reason is the heap's signal line");
    leak_bytes = 40; /* just over budget: needs more samples than the minimum */
    series(&er, &ep, 40, 2500, linear);
    o = verdict_judge(&er);
    ok(o == EP_FAIL, "40 B/request fails a 32 B budget given 39 steps (%.1f)",
       er.signals[SIG_HEAP].fit.slope);

    /* clean series pass */
    series(&er, &ep, 12, 2500, flat);
    o = verdict_judge(&er);
    ok(o == EP_PASS, "noise only (±16 KB) passes in 11 steps (%.2f..%.2f)",
       er.signals[SIG_HEAP].fit.ci_low, er.signals[SIG_HEAP].fit.ci_high);
    series(&er, &ep, 8, 2500, sawtooth);
    o = verdict_judge(&er);
    ok(o == EP_PASS, "a saw-tooth of ±20 KB passes");
    series(&er, &ep, 10, 2500, plateau);
    o = verdict_judge(&er);
    ok(o == EP_PASS && er.signals[SIG_HEAP].warmup_requests > 0,
       "a plateau after lazy init passes, the growth cut as warm-up (%lld requests)",
       (long long)er.signals[SIG_HEAP].warmup_requests);
    series(&er, &ep, 12, 2500, outlier);
    o = verdict_judge(&er);
    ok(o == EP_PASS, "one +3 MB outlier sample does not fail a clean endpoint");

    series(&er, &ep, 20, 2500, lone_spikes);
    o = verdict_judge(&er);
    ok(o == EP_PASS && er.signals[SIG_HEAP].fallbacks == 0,
       "+450 KB lone spikes at every 4th of 20 samples: pass, no fall-backs (%.1f B/request, %d fall-backs)",
       er.signals[SIG_HEAP].fit.slope, er.signals[SIG_HEAP].fallbacks);
    series(&er, &ep, 20, 2500, lone_spikes_on_leak);
    o = verdict_judge(&er);
    ok(o == EP_FAIL, "the same spikes on a 200 B/request leak still fail (%.1f B/request)",
       er.signals[SIG_HEAP].fit.slope);

    /* a single step up in the middle: growth that stops is cut as warm-up once
     * enough flat samples follow it; a staircase that keeps climbing is not */
    series(&er, &ep, 8, 2500, one_step);
    o = verdict_judge(&er);
    ok(o != EP_PASS, "a +1 MB step with one sample after it is not a pass");
    series(&er, &ep, 12, 2500, one_step);
    o = verdict_judge(&er);
    ok(o == EP_PASS && er.signals[SIG_HEAP].warmup_requests == 15000,
       "a +1 MB step followed by 6 flat samples passes, cut at %lld requests",
       (long long)er.signals[SIG_HEAP].warmup_requests);
    series(&er, &ep, 16, 2500, staircase);
    o = verdict_judge(&er);
    ok(o == EP_FAIL, "a staircase (+300 KB every third step) fails (%.1f B/request)",
       er.signals[SIG_HEAP].fit.slope);

    /* a cache filling linearly to a bound: a fail by slope while it fills */
    series(&er, &ep, 6, 2500, lru);
    o = verdict_judge(&er);
    ok(o == EP_FAIL, "a filling LRU fails by slope before it is full");
    endpoint_cfg persist = ep;
    persist.budget.persist = 50000;
    series(&er, &persist, 6, 2500, lru);
    o = verdict_judge(&er);
    ok(o == EP_INCONCLUSIVE, "with persist = 50000 it is not failed at 12,500");
    series(&er, &persist, 25, 2500, lru);
    o = verdict_judge(&er);
    ok(o == EP_PASS, "...and passes at 60,000 once the cache is full (%.2f B)",
       er.signals[SIG_HEAP].fit.slope);

    /* fall-back: growth, a drop of everything, growth again */
    series(&er, &ep, 6, 2500, fallback);
    o = verdict_judge(&er);
    ok(o == EP_INCONCLUSIVE && er.signals[SIG_HEAP].fallbacks == 1,
       "right after a fall-back: measured further, not decided");
    is_int(er.signals[SIG_HEAP].fallback_at[0], 12500, "the fall-back is located at 12,500");
    series(&er, &ep, 9, 2500, fallback);
    o = verdict_judge(&er);
    ok(o == EP_FAIL, "growing again after it: a fail between fall-backs (%.0f)",
       er.signals[SIG_HEAP].fit.slope);
    is_near(er.signals[SIG_HEAP].fit.slope, 16000, 800, "at the slope of the segments");
    ok(strstr(er.reason, "between fall-backs") != NULL, "the reason says so");
    series(&er, &ep, 6, 2500, fallback);
    er.capped = CAP_DURATION;
    verdict_final(&er);
    ok(!verdict_endpoint_ok(&er), "capped right after a fall-back, over budget: counted a fail");
    ok(strstr(er.hint, "fell back") != NULL, "with a hint on the fall-back");

    /* slow endpoints: steps sized by time */
    is_near(verdict_step_time_s(&ep.load), 7.5, 1e-9, "auto step time: max_duration/(4 x steps)");
    endpoint_cfg timed = ep;
    timed.load.step_time_ms = 3000;
    is_near(verdict_step_time_s(&timed.load), 3.0, 1e-9, "step_time wins when set");
    /* 16 connections at 200 ms: 80 requests/s, 7.5 s steps of 600 requests */
    leak_bytes = 200;
    series(&er, &ep, 6, 600, linear);
    o = verdict_judge(&er);
    ok(o == EP_FAIL, "200 ms endpoint leaking 200 B: fails on 600-request steps");
    series(&er, &ep, 14, 600, flat);
    o = verdict_judge(&er);
    ok(o == EP_PASS, "200 ms clean endpoint passes in 13 steps (%.1f..%.1f)",
       er.signals[SIG_HEAP].fit.ci_low, er.signals[SIG_HEAP].fit.ci_high);

    /* seen in CI: a clean 200 ms route, 600-request steps, 150 KB of late
     * warm-up over 3,500 requests read as 44.7 B/request (CI 32.3..58.9)
     * against 32 B: over budget by less than the noise in bytes, measure on */
    static const double late_x[] = {0, 592, 1184, 1760, 2340, 2932, 3524};
    static const double late_y[] = {5733996, 5774028, 5786924, 5819556, 5841036, 5889868, 5879300};
    series(&er, &ep, 7, 1, flat);
    for (int i = 0; i < 7; i++) {
        er.samples[i].requests = (int64_t)late_x[i];
        er.samples[i].heap_used = late_y[i];
    }
    er.requests_measured = 3524;
    o = verdict_judge(&er);
    ok(o == EP_INCONCLUSIVE, "a slope just over budget by less than 4 x 16 KB is not a fail yet");

    /* the stop rule: two agreeing looks from the minimum on, and the caps */
    leak_bytes = 200;
    endpoint_outcome look = EP_INCONCLUSIVE;
    series(&er, &ep, 5, 2500, linear);
    ok(!verdict_after_step(&er, &look, 10, 2), "first look at the minimum steps: go on");
    series(&er, &ep, 6, 2500, linear);
    ok(verdict_after_step(&er, &look, 12, 2), "second agreeing look: decided");
    is_int(er.capped, CAP_NONE, "not by a cap");
    look = EP_INCONCLUSIVE;
    series(&er, &ep, 3, 2500, flat);
    ok(verdict_after_step(&er, &look, 121, 2) && er.capped == CAP_DURATION,
       "past max_duration: capped, even before the minimum steps");
    look = EP_INCONCLUSIVE, er.capped = CAP_NONE;
    ok(verdict_after_step(&er, &look, 113, 8) && er.capped == CAP_DURATION,
       "no time for another 8 s step before max_duration: capped (CI saw a verdict at 122 s)");
    look = EP_INCONCLUSIVE, er.capped = CAP_NONE;
    ok(!verdict_after_step(&er, &look, 100, 8), "time for another step: go on");
    series(&er, &ep, 41, 2500, flat);
    look = EP_INCONCLUSIVE;
    ok(verdict_after_step(&er, &look, 1, 2) && er.capped == CAP_REQUESTS,
       "no room for another step under max_requests: capped");

    /* inconclusive at a cap: how it counts, and the hint */
    endpoint_cfg wide = ep;
    wide.budget.heap_bytes_per_req = 1;
    series(&er, &wide, 5, 2500, flat);
    er.capped = CAP_DURATION;
    er.measured.busy_s = 10;
    verdict_final(&er);
    ok(er.outcome == EP_INCONCLUSIVE, "noise against a 1 B budget: inconclusive");
    ok(verdict_endpoint_ok(&er) == (er.signals[SIG_HEAP].fit.slope <= 1),
       "counted as a pass only when its estimate is within budget (%.2f)",
       er.signals[SIG_HEAP].fit.slope);
    ok(strstr(er.hint, "max_duration") != NULL, "the hint names the cap to raise: %s", er.hint);
    wide.budget.strict = 1;
    verdict_final(&er);
    ok(!verdict_endpoint_ok(&er) && er.cause == CAUSE_INCONCLUSIVE, "strict: inconclusive fails");
    ok(strstr(er.reason, "inconclusive, counted as a fail (strict)") == er.reason,
       "and the reason says why it counts");
    endpoint_cfg over = ep;
    over.budget.heap_bytes_per_req = 150;
    leak_bytes = 190; /* estimate over budget, interval straddling it at 3 samples */
    series(&er, &over, 5, 2500, linear);
    er.samples[4].heap_used -= 150000;
    er.capped = CAP_REQUESTS;
    verdict_final(&er);
    ok(er.outcome != EP_INCONCLUSIVE || !verdict_endpoint_ok(&er),
       "an inconclusive estimate over budget is not a pass (%.1f, %.1f..%.1f)",
       er.signals[SIG_HEAP].fit.slope, er.signals[SIG_HEAP].fit.ci_low,
       er.signals[SIG_HEAP].fit.ci_high);

    /* the error limit: confidently over, not over by luck */
    load_stats st = {.completed = 10000};
    st.status_class[5] = st.unexpected_status = 0;
    st.status_class[0] = 100; /* 1 % */
    series(&er, &ep, 3, 2500, flat);
    ok(!verdict_errors(&er, &st, 1), "1 %% random errors pass the default 5 %% limit");
    endpoint_cfg one = ep;
    one.load.max_error_rate = 0.01;
    er.ep = &one;
    st.status_class[0] = 115; /* 1.15 %: over 1 % by luck as often as not */
    ok(!verdict_errors(&er, &st, 1), "1.15 %% observed is not confidently over a 1 %% limit");
    st.status_class[0] = 200;
    ok(verdict_errors(&er, &st, 1) && er.cause == CAUSE_ERRORS, "2 %% of 10,000 is over 1 %%");
    ok(strstr(er.reason, "200 of 10000 requests failed") == er.reason, "reason: %s", er.reason);
    er.ep = &ep;
    st = (load_stats){.completed = 300};
    st.status_class[5] = st.unexpected_status = 30; /* 10 % in warm-up */
    ok(verdict_errors(&er, &st, 0), "10 %% of a 300-request warm-up ends it early");
    endpoint_cfg zero = ep;
    zero.load.max_error_rate = 0;
    er.ep = &zero;
    st = (load_stats){.completed = 5000};
    st.status_class[0] = 1;
    ok(verdict_errors(&er, &st, 1), "max_error_rate = 0: one failed request fails");
    is_int(verdict_errors_give_up(0.05, 2500), 260, "a step gives up at twice the limit");
    is_int(verdict_errors_give_up(0, 100), 20, "...and never below 20 failures");

    /* baseline: compared at the fit's own confidence */
    endpoint_cfg c99 = ep;
    c99.budget.confidence = 0.99;
    leak_bytes = 20;
    series(&er, &c99, 12, 2500, linear);
    verdict_judge(&er);
    ok(verdict_baseline(&er, 2, 8) == 1 && er.cause == CAUSE_BASELINE,
       "20 B/request against a 2 B baseline with 8 B tolerance regresses");
    ok(strstr(er.reason, "99% CI") != NULL, "at the configured 99 %%: %s", er.reason);
    ok(!verdict_endpoint_ok(&er), "a regression is not ok");
    leak_bytes = 12;
    series(&er, &c99, 12, 2500, linear);
    verdict_judge(&er);
    ok(verdict_baseline(&er, -18.4, 16) == 0 && verdict_endpoint_ok(&er),
       "12 B/request against a baseline whose heap fell (-18.4) is within a 16 B tolerance: "
       "the baseline counts as 0 (CI %.3g..%.3g)", er.signals[SIG_HEAP].fit.ci_low,
       er.signals[SIG_HEAP].fit.ci_high);
    ok(verdict_baseline(&er, -18.4, 4) == 1, "...and over a 4 B one");

    /* exit status from every endpoint */
    run_result r = {0};
    endpoint_result eps[2] = {0};
    eps[0].ep = eps[1].ep = &ep;
    eps[0].outcome = EP_PASS, eps[1].outcome = EP_INCONCLUSIVE;
    r.endpoints = eps, r.n_endpoints = 2;
    is_int(verdict_exit_status(&r), 0, "pass + inconclusive within budget: exit 0");
    eps[1].cause = CAUSE_INCONCLUSIVE;
    is_int(verdict_exit_status(&r), 1, "inconclusive counted as a fail: exit 1");
    eps[1].outcome = EP_NOT_RUN, eps[1].cause = CAUSE_NOT_RUN;
    is_int(verdict_exit_status(&r), 1, "an endpoint not run: exit 1");
    r.interrupted_by = 15;
    is_int(verdict_exit_status(&r), 143, "interrupted by SIGTERM: 128 + 15");

    /* a fail that sits in one container gaining an entry per request */
    heapdiff_cluster cl = {.class_name = "{user, roles}", .count_per_request = 1.0};
    cl.path = "(GC roots) \xe2\x86\x92 request (Function) \xe2\x86\x92 sessions (Map) \xe2\x86\x92 "
              "{table} (array) \xe2\x86\x92 {11694} (Object) {user, roles}";
    leak_bytes = 200;
    series(&er, &ep, 6, 2500, linear);
    verdict_judge(&er);
    er.explained = 1;
    er.leaks.clusters = &cl, er.leaks.nclusters = 1;
    verdict_explained(&er);
    ok(strstr(er.hint, "Map (sessions)") && strstr(er.hint, "persist"),
       "the hint names the Map and the ways to tell a cache from a leak");
    er.hint[0] = 0;
    cl.count_per_request = 12;
    verdict_explained(&er);
    is_str(er.hint, "", "twelve objects per request: no cache hint");
    /* a Map in a block-scoped variable that V8 names only by its slot */
    cl.count_per_request = 1.0;
    cl.path = "(GC roots) \xe2\x86\x92 [0] (Layer) \xe2\x86\x92 handle (Function) at app.js:9:22 "
              "\xe2\x86\x92 {context} (system / Context) \xe2\x86\x92 {0} (Map) \xe2\x86\x92 "
              "{table} (array) \xe2\x86\x92 {13259} (Object) {ua}";
    er.hint[0] = 0;
    verdict_judge(&er);
    verdict_explained(&er);
    ok(strstr(er.reason, "held by a variable in the scope of handle (app.js:9:22) (Map)") &&
           strstr(er.hint, "one Map (a variable in the scope of handle (app.js:9:22))"),
       "an unnamed context slot is named by the function whose scope holds it (%s; %s)",
       er.reason, er.hint);
    er.leaks.clusters = NULL, er.leaks.nclusters = 0;

    check_signal_line();
    is_str(verdict_cause_name(CAUSE_ERRORS), "errors", "cause names");
    free(er.samples);
    return tap_done();
}
