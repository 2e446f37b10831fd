/* verdict.c — every pass/fail decision of a run; see verdict.h. */
#include "verdict.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "run.h"

/* Measured on the clean examples after full GCs: heap ±20 KB, RSS ±300 KB;
 * counts: half a handle; fds: a few (node opens and closes files and pipes
 * of its own, e.g. for DNS and the inspector). Below it, slopes of a few
 * samples are not told apart. */
double verdict_signal_noise(signal_kind k)
{
    return k == SIG_HEAP ? 16384 : k == SIG_RSS ? 262144 : k == SIG_FDS ? 4 : 0.5;
}

double verdict_signal_value(const sample *s, signal_kind k)
{
    switch (k) {
    case SIG_HEAP:
        return sample_heap_bytes(s);
    case SIG_RSS:
        return s->rss;
    case SIG_RESOURCES:
        return s->resources;
    case SIG_FDS:
        return s->fds;
    default:
        return s->native_contexts;
    }
}

/* A fit past a fall-back needs this many samples after it: the heap has to
 * be seen growing again (or not) before the segments decide. */
#define SAMPLES_PAST_FALLBACK 3

/* A fail needs its interval's low end over budget by this many noises over
 * the fitted span (e.g. 4 × 16 KB of heap). */
#define EXCESS_NOISES 4

/* ---- one signal ---- */

static void judge_signal(endpoint_result *er, signal_kind k, double budget, int judged)
{
    signal_result *s = &er->signals[k];
    int total = er->n_samples, n = 0;
    int stride = (total + VERDICT_MAX_SAMPLES - 1) / VERDICT_MAX_SAMPLES;
    if (stride < 1) stride = 1;
    double x[VERDICT_MAX_SAMPLES + 1], y[VERDICT_MAX_SAMPLES + 1];
    int idx[VERDICT_MAX_SAMPLES + 1], block[VERDICT_MAX_SAMPLES + 1];
    for (int i = 0; i < total; i += stride)
        idx[n++] = i;
    if (total && idx[n - 1] != total - 1) idx[n++] = total - 1;
    for (int i = 0; i < n; i++) {
        x[i] = (double)er->samples[idx[i]].requests;
        y[i] = verdict_signal_value(&er->samples[idx[i]], k);
    }
    double noise = verdict_signal_noise(k), conf = er->ep->budget.confidence;
    int min_keep = n < VERDICT_MIN_SAMPLES ? n : VERDICT_MIN_SAMPLES;
    memset(s, 0, sizeof *s);
    s->judged = judged;
    s->budget = budget;
    s->fallbacks = n >= 3 ? growth_fallbacks(y, n, noise, block) : 0;
    if (!s->fallbacks) {
        growth_assessment a;
        s->fitted = n >= 3 && growth_assess(x, y, n, budget, conf, noise, min_keep, &a) == 0;
        if (!s->fitted) return;
        s->fit = a.fit;
        s->settled_start = a.settled_start;
        s->verdict = a.verdict;
    } else {
        /* growth, a fall-back, growth again: one slope within the segments
         * (each keeps its own level), never one line across the drops */
        int first_len = 0, last_start = 0, f = 0;
        while (first_len < n && block[first_len] == 0)
            first_len++;
        for (int i = 1; i < n; i++)
            if (block[i] != block[i - 1]) {
                if (f < 4) s->fallback_at[f++] = er->samples[idx[i]].requests;
                last_start = i;
            }
        s->samples_since_fallback = n - last_start;
        int start = first_len >= 3 ? growth_settled_start(x, y, first_len, 2, noise) : 0;
        s->settled_start = start;
        s->fitted = n >= VERDICT_MIN_SAMPLES &&
                    growth_theil_sen_blocked(x + start, y + start, block + start, n - start, conf,
                                             &s->fit) == 0;
        if (!s->fitted) return;
        s->verdict = growth_judge(&s->fit, budget);
    }
    /* a fail must be over budget by more than the samples' noise, in bytes:
     * on short spans (slow endpoints, small steps) a few KB of late warm-up
     * read as a confident slope just over budget */
    double span = x[n - 1] - x[s->settled_start];
    if (s->verdict == GROWTH_FAIL && (s->fit.ci_low - budget) * span < EXCESS_NOISES * noise)
        s->verdict = GROWTH_INCONCLUSIVE;
    s->settled_start = idx[s->settled_start];
    s->warmup_requests = er->samples[s->settled_start].requests;
    if (!judged) s->verdict = GROWTH_INCONCLUSIVE;
}

int verdict_signal_inconclusive(const signal_result *s)
{
    return s->judged && (!s->fitted || s->verdict == GROWTH_INCONCLUSIVE);
}

int verdict_signal_ok(const signal_result *s)
{
    return !s->judged || !s->fitted || s->verdict != GROWTH_FAIL;
}

static void fmt_per_req(char *buf, size_t len, signal_kind k, double v)
{
    if (k == SIG_RESOURCES || k == SIG_CONTEXTS || k == SIG_FDS)
        snprintf(buf, len, "%.4g/request", v);
    else
        snprintf(buf, len, "%.1f B/request", v);
}

void verdict_signal_line(char *buf, size_t len, signal_kind k, const signal_result *s)
{
    char slope[48], budget[48];
    if (!s->fitted) {
        snprintf(buf, len, "%s: too few samples for a slope", signal_name(k));
        return;
    }
    fmt_per_req(slope, sizeof slope, k, s->fit.slope);
    fmt_per_req(budget, sizeof budget, k, s->budget);
    int n = snprintf(buf, len, "%s grows %s%s (%.0f%% CI %.4g..%.4g), ", signal_name(k), slope,
                     s->fallbacks ? " between fall-backs" : "", s->fit.confidence * 100,
                     s->fit.ci_low, s->fit.ci_high);
    if (n < 0 || (size_t)n >= len) return;
    if (s->judged)
        snprintf(buf + n, len - (size_t)n, "budget %s", budget);
    else
        snprintf(buf + n, len - (size_t)n, "not judged");
}

/* ---- the endpoint ---- */

/* The most specific failing signal names the failure: a timer or a context
 * per request says more than the bytes they hold. */
static const signal_kind judge_order[SIG_COUNT] = {SIG_FDS, SIG_RESOURCES, SIG_CONTEXTS, SIG_HEAP,
                                                   SIG_RSS};

/* A failing signal whose fail is not yet accepted: the segments after a
 * fall-back are too short, or `persist` requests are not measured yet. */
static int fail_pending(const endpoint_result *er, const signal_result *s)
{
    if (s->fallbacks && s->samples_since_fallback < SAMPLES_PAST_FALLBACK) return 1;
    return er->requests_measured < er->ep->budget.persist;
}

/* The endpoint's outcome from its judged signals: the first failing one in
 * judge_order fails it, any not yet decided leaves it inconclusive. */
static endpoint_outcome outcome_from_signals(endpoint_result *er)
{
    er->outcome = EP_PASS;
    er->cause = CAUSE_NONE;
    er->reason[0] = 0;
    int inconclusive = 0;
    for (int i = 0; i < SIG_COUNT; i++) {
        signal_kind k = judge_order[i];
        signal_result *s = &er->signals[k];
        if (!s->judged) continue;
        if (s->fitted && s->verdict == GROWTH_FAIL && !fail_pending(er, s)) {
            er->outcome = EP_FAIL;
            er->cause = CAUSE_SIGNAL;
            verdict_signal_line(er->reason, sizeof er->reason, k, s);
            return EP_FAIL;
        }
        if (!s->fitted || s->verdict != GROWTH_PASS) {
            if (!inconclusive) verdict_signal_line(er->reason, sizeof er->reason, k, s);
            inconclusive = 1;
        }
    }
    if (inconclusive) er->outcome = EP_INCONCLUSIVE;
    return er->outcome;
}

endpoint_outcome verdict_judge(endpoint_result *er)
{
    const budget_cfg *b = &er->ep->budget;
    judge_signal(er, SIG_HEAP, b->heap_bytes_per_req, 1);
    judge_signal(er, SIG_RSS, b->rss_bytes_per_req, b->rss_bytes_per_req >= 0);
    judge_signal(er, SIG_RESOURCES, b->resources_per_req, 1);
    judge_signal(er, SIG_CONTEXTS, b->contexts_per_req, 1);
    judge_signal(er, SIG_FDS, b->fds_per_req, 1);
    return outcome_from_signals(er);
}

endpoint_outcome verdict_judge_mixed(endpoint_result *er, const growth_fit *fits,
                                     const int *fitted, double span)
{
    const budget_cfg *b = &er->ep->budget;
    const double budgets[SIG_COUNT] = {b->heap_bytes_per_req, b->rss_bytes_per_req,
                                       b->resources_per_req, b->contexts_per_req,
                                       b->fds_per_req};
    for (int k = 0; k < SIG_COUNT; k++) {
        signal_result *s = &er->signals[k];
        memset(s, 0, sizeof *s);
        s->judged = k != SIG_RSS || b->rss_bytes_per_req >= 0;
        s->budget = budgets[k];
        s->fitted = fitted[k];
        s->from_mix = 1;
        if (!s->fitted) continue;
        s->fit = fits[k];
        s->verdict = growth_judge(&s->fit, s->budget);
        /* as alone: a fail must be over budget by more than the noise */
        if (s->verdict == GROWTH_FAIL &&
            (s->fit.ci_low - s->budget) * span < EXCESS_NOISES * verdict_signal_noise((signal_kind)k))
            s->verdict = GROWTH_INCONCLUSIVE;
        if (!s->judged) s->verdict = GROWTH_INCONCLUSIVE;
    }
    return outcome_from_signals(er);
}

int verdict_after_step(endpoint_result *er, endpoint_outcome *look, double elapsed_s,
                       double next_step_s)
{
    const load_cfg *l = &er->ep->load;
    endpoint_outcome now = verdict_judge(er);
    if (er->steps >= l->steps) {
        /* two agreeing looks keep a single noisy look from deciding */
        int agree = er->steps > l->steps && now == *look && now != EP_INCONCLUSIVE;
        *look = now;
        if (agree) return 1;
    }
    /* the caps hold even before the minimum number of steps is reached */
    if (er->requests_measured + l->step > l->max_requests)
        er->capped = CAP_REQUESTS;
    else if ((elapsed_s + next_step_s) * 1000 > (double)l->max_duration_ms)
        er->capped = CAP_DURATION;
    return er->capped != CAP_NONE;
}

double verdict_step_time_s(const load_cfg *l)
{
    if (l->step_time_ms > 0) return l->step_time_ms / 1000.0;
    return l->max_duration_ms / 1000.0 / (4.0 * (double)(l->steps > 0 ? l->steps : 1));
}

/* ---- inconclusive: counted how, and what would decide it ---- */

static const signal_result *first_inconclusive(const endpoint_result *er, signal_kind *kind)
{
    for (int i = 0; i < SIG_COUNT; i++) {
        const signal_result *s = &er->signals[judge_order[i]];
        if (verdict_signal_inconclusive(s) || (s->judged && s->verdict == GROWTH_FAIL)) {
            *kind = judge_order[i];
            return s;
        }
    }
    return NULL;
}

/* Seconds per measured request so far (load and pauses). */
static double seconds_per_request(const endpoint_result *er)
{
    if (er->requests_measured <= 0) return 0;
    return (er->measured.busy_s + er->pause_total_s) / (double)er->requests_measured;
}

static void inconclusive_hint(endpoint_result *er, signal_kind k, const signal_result *s)
{
    const load_cfg *l = &er->ep->load;
    const char *cap = er->capped == CAP_REQUESTS   ? "max_requests"
                      : er->capped == CAP_DURATION ? "max_duration"
                                                   : "the caps";
    double spr = seconds_per_request(er);
    if (!s->fitted) {
        snprintf(er->hint, sizeof er->hint,
                 "%d samples at %s: a slope needs %d; lower `step` or raise `max_duration`",
                 er->n_samples, cap, VERDICT_MIN_SAMPLES);
        return;
    }
    if (s->verdict == GROWTH_FAIL && er->requests_measured < er->ep->budget.persist) {
        snprintf(er->hint, sizeof er->hint,
                 "%s over budget, but growth must persist for %lld requests (persist) and %s "
                 "ended measurement at %lld: raise %s",
                 signal_name(k), (long long)er->ep->budget.persist, cap,
                 (long long)er->requests_measured, cap);
        return;
    }
    if (s->fallbacks && s->samples_since_fallback < SAMPLES_PAST_FALLBACK) {
        snprintf(er->hint, sizeof er->hint,
                 "%s fell back at %lld requests and %s ended measurement %d sample(s) later: "
                 "raise %s to see whether it grows again",
                 signal_name(k), (long long)s->fallback_at[0], cap, s->samples_since_fallback - 1,
                 cap);
        return;
    }
    /* the interval narrows about as (samples)^-1.5 at a fixed step */
    double half = (s->fit.ci_high - s->fit.ci_low) / 2, gap = fabs(s->fit.slope - s->budget);
    if (gap < half / 50 || half <= 0) {
        snprintf(er->hint, sizeof er->hint,
                 "the slope sits at the budget: no affordable run tells them apart; move the "
                 "budget or fix the growth");
        return;
    }
    double need = (double)er->requests_measured * pow(half / gap, 2.0 / 3.0) * 1.2;
    if (need < (double)er->requests_measured + (double)l->step)
        need = (double)er->requests_measured + (double)l->step;
    snprintf(er->hint, sizeof er->hint,
             "undecided after %lld requests at %s: about %.0f requests (~%.0f s of measuring at "
             "this endpoint's pace) would decide it; raise max_requests and max_duration, or "
             "lower confidence",
             (long long)er->requests_measured, cap, need, need * spr);
}

void verdict_final(endpoint_result *er)
{
    verdict_judge(er);
    if (er->outcome != EP_INCONCLUSIVE) return;
    signal_kind k = SIG_HEAP;
    const signal_result *s = first_inconclusive(er, &k);
    if (!s) return;
    inconclusive_hint(er, k, s);
    /* inconclusive is never a silent pass: it fails under strict, with too
     * few samples to say anything, or when the estimate is over budget */
    int over = !s->fitted || s->fit.slope > s->budget;
    if (!er->ep->budget.strict && !over) return;
    er->cause = CAUSE_INCONCLUSIVE;
    char line[sizeof er->reason];
    snprintf(line, sizeof line, "%s", er->reason);
    snprintf(er->reason, sizeof er->reason, "inconclusive, counted as a fail (%s): %s",
             er->ep->budget.strict ? "strict"
             : !s->fitted          ? "no slope"
                                   : "estimate over budget",
             line);
}

/* ---- errors ---- */

/* Wilson score interval, lower end, for k of n at normal quantile z. */
static double wilson_low(int64_t k, int64_t n, double z)
{
    if (n <= 0) return 0;
    double p = (double)k / (double)n, nn = (double)n, z2 = z * z;
    double centre = p + z2 / (2 * nn), spread = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    return (centre - spread) / (1 + z2 / nn);
}

int verdict_errors(endpoint_result *er, const load_stats *st, int final)
{
    int64_t failed = load_failed(st), n = st->completed;
    double limit = er->ep->load.max_error_rate;
    if (failed == 0 || n <= 0) return 0;
    double conf = final ? er->ep->budget.confidence : 0.999;
    double low = wilson_low(failed, n, growth_z_critical(conf));
    if (low <= limit && !(limit == 0 && failed)) return 0;
    er->outcome = EP_FAIL;
    er->cause = CAUSE_ERRORS;
    snprintf(er->reason, sizeof er->reason,
             "%lld of %lld requests failed (%.1f%%, over %.1f%% at %.1f%% confidence); first: %s",
             (long long)failed, (long long)n, 100.0 * (double)failed / (double)n, limit * 100,
             conf * 100, st->first_error);
    /* every failure a refusal: the endpoint sits behind a login */
    size_t fl = strlen(st->first_error);
    int refused = fl > 4 && (!strcmp(st->first_error + fl - 4, " 401") ||
                             !strcmp(st->first_error + fl - 4, " 403"));
    if (refused && failed == st->status_class[4] && !er->ep->n_captures)
        snprintf(er->hint, sizeof er->hint,
                 "the service refused the requests as not logged in (%s): log in once before "
                 "the warm-up with a [setup] request, then capture its token (capture = token "
                 "json $.token, and header = Authorization: Bearer {{token}}) or keep its "
                 "session cookie (every connection keeps a cookie jar when there is a [setup])",
                 st->first_error + fl - 3);
    return 1;
}

int64_t verdict_errors_give_up(double max_error_rate, int64_t n)
{
    double v = 2 * max_error_rate * (double)n + 10;
    return v < 20 ? 20 : (int64_t)v;
}

/* ---- baseline ---- */

int verdict_baseline(endpoint_result *er, double base, double tolerance)
{
    const signal_result *h = &er->signals[SIG_HEAP];
    /* a baseline whose heap fell during its run (early garbage collected
     * late: -18 B/request on a clean endpoint) retained nothing, not less
     * than nothing: compared as 0, or a clean endpoint at +6 fails against it */
    if (base < 0) base = 0;
    if (!h->fitted || h->fit.ci_low <= base + tolerance) return 0;
    if (er->outcome == EP_PASS || er->outcome == EP_INCONCLUSIVE) {
        er->outcome = EP_FAIL;
        er->cause = CAUSE_BASELINE;
        snprintf(er->reason, sizeof er->reason,
                 "heap grows %.1f B/request (%.0f%% CI %.4g..%.4g), worse than the baseline's "
                 "%.1f B/request by more than the tolerance of %.1f B/request",
                 h->fit.slope, h->fit.confidence * 100, h->fit.ci_low, h->fit.ci_high, base,
                 tolerance);
    }
    return 1;
}

/* ---- hints from the explanation ---- */

/* A container held by an unnamed slot of a closure's context ("handle
 * (Function) at app.js:9:22 → {context} (system / Context) → {0} (Map)":
 * V8 names block-scoped variables of some contexts only by index) is named
 * by the function whose scope holds it: "a variable in the scope of handle
 * (app.js:9:22)". name is left as it is otherwise. */
static void scope_variable_name(const char *path, const char *hop, char *name, size_t nlen)
{
    static const char ctx[] = "{context} (system / Context) \xe2\x86\x92 ";
    if (name[0] != '{' || strspn(name + 1, "0123456789") != strlen(name) - 2 ||
        name[strlen(name) - 1] != '}')
        return;
    size_t cl = sizeof ctx - 1;
    if ((size_t)(hop - path) < cl || memcmp(hop - cl, ctx, cl)) return;
    const char *fn_end = hop - cl - 5; /* the " → " before {context} */
    if (fn_end <= path || memcmp(fn_end, " \xe2\x86\x92 ", 5)) return;
    const char *fn = fn_end;
    while (fn > path && !(fn - path >= 5 && !memcmp(fn - 5, " \xe2\x86\x92 ", 5)))
        fn--;
    char f[200];
    snprintf(f, sizeof f, "%.*s", (int)(fn_end - fn), fn);
    char *kind = strstr(f, " (Function)");
    if (!kind) return;
    const char *at = strstr(kind, " at ");
    *kind = 0;
    if (at)
        snprintf(name, nlen, "a variable in the scope of %s (%s)", f, at + 4);
    else
        snprintf(name, nlen, "a variable in the scope of %s", f);
}

/* The last hop of a retainer path that is a JS container: "sessions (Map)"
 * → name "sessions", kind "Map". 0 when there is none. */
static int last_container(const char *path, char *name, size_t nlen, const char **kind)
{
    static const char *kinds[] = {"Map", "Set", "Array"};
    const char *found = NULL, *p = path;
    size_t found_len = 0;
    while (p && *p) {
        const char *end = strstr(p, " \xe2\x86\x92 "); /* " → " */
        size_t len = end ? (size_t)(end - p) : strlen(p);
        for (int i = 0; i < 3; i++) {
            char tail[16];
            int tl = snprintf(tail, sizeof tail, " (%s)", kinds[i]);
            if (len > (size_t)tl && !strncmp(p + len - (size_t)tl, tail, (size_t)tl)) {
                found = p, found_len = len - (size_t)tl, *kind = kinds[i];
            }
        }
        p = end ? end + 5 : NULL;
    }
    if (!found) return 0;
    snprintf(name, nlen, "%.*s", (int)found_len, found);
    scope_variable_name(path, found, name, nlen);
    return 1;
}

/* The hop before the kept object in a retainer path: who holds it. */
static int holder_of(const char *path, char *out, size_t len)
{
    const char *kind;
    char name[96];
    if (last_container(path, name, sizeof name, &kind))
        return snprintf(out, len, "%s (%s)", name, kind), 1;
    const char *prev = NULL, *last = NULL, *p = path;
    while (p) {
        prev = last, last = p;
        const char *end = strstr(p, " \xe2\x86\x92 ");
        p = end ? end + 5 : NULL;
    }
    if (!prev) return 0;
    const char *end = strstr(prev, " \xe2\x86\x92 ");
    snprintf(out, len, "%.*s", (int)(end ? end - prev : (long)strlen(prev)), prev);
    return 1;
}

/* The failure reason names the answer: where the kept objects were
 * allocated (the top allocation site) and who holds them (the top cluster). */
static void reason_with_explanation(endpoint_result *er)
{
    char add[400] = "", at[300], holder[160];
    size_t n = 0;
    /* snapshots and sites are of a JavaScript heap: they do not explain RSS
     * or fds growth (e.g. a worker thread's heap that could not be sampled) */
    int js = 0;
    for (int k = SIG_HEAP; k <= SIG_CONTEXTS; k++)
        js |= k != SIG_RSS && er->signals[k].judged && er->signals[k].fitted &&
              er->signals[k].verdict == GROWTH_FAIL;
    if (er->cause == CAUSE_SIGNAL && !js) return;
    if (er->has_sites && er->sites.nsites) {
        allocsites_describe(&er->sites.sites[0].at, at, sizeof at);
        n += (size_t)snprintf(add + n, sizeof add - n, "; allocated in %s", at);
    }
    if (er->explained && er->leaks.nclusters && er->leaks.clusters[0].path && n < sizeof add &&
        holder_of(er->leaks.clusters[0].path, holder, sizeof holder))
        snprintf(add + n, sizeof add - n, "; held by %s", holder);
    size_t r = strlen(er->reason);
    if (add[0] && r + 1 < sizeof er->reason)
        snprintf(er->reason + r, sizeof er->reason - r, "%s", add);
}

void verdict_explained(endpoint_result *er)
{
    if (er->outcome != EP_FAIL || (er->cause != CAUSE_SIGNAL && er->cause != CAUSE_INCONCLUSIVE))
        return;
    reason_with_explanation(er);
    if (er->cause != CAUSE_SIGNAL || !er->explained || !er->leaks.nclusters) return;
    const heapdiff_cluster *c = &er->leaks.clusters[0];
    char name[96];
    const char *kind = NULL;
    if (c->count_per_request < 0.5 || c->count_per_request > 2.0) return;
    if (!c->path || !last_container(c->path, name, sizeof name, &kind)) return;
    snprintf(er->hint, sizeof er->hint,
             "the growth sits in one %s (%s), gaining about %.2g %s per request. If it is a "
             "bounded cache, it grows like this until it is full; to tell: warm up past its "
             "capacity (warmup = N), use keys that repeat below it ({{seq%%N}}), or set "
             "`persist = N` in [budget] to fail only on growth that lasts N requests",
             kind, name, c->count_per_request, c->count_per_request < 1.5 ? "entry" : "entries");
}

/* ---- ok, exit status, names ---- */

int verdict_endpoint_ok(const endpoint_result *er)
{
    if (er->outcome == EP_PASS) return 1;
    return er->outcome == EP_INCONCLUSIVE && er->cause != CAUSE_INCONCLUSIVE &&
           !er->ep->budget.strict;
}

int verdict_exit_status(const run_result *r)
{
    if (r->interrupted_by) return EXIT_INTERRUPTED_BASE + r->interrupted_by;
    for (int i = 0; i < r->n_endpoints; i++)
        if (!verdict_endpoint_ok(&r->endpoints[i])) return EXIT_OVER_BUDGET;
    return EXIT_WITHIN_BUDGET;
}

const char *verdict_cause_name(verdict_cause c)
{
    static const char *names[] = {"none", "signal", "inconclusive", "baseline",    "errors",
                                  "oom",  "crash",  "hang",         "interrupted", "not-run",
                                  "processes"};
    return names[c];
}
