/* report_tap.c — TAP 13 with YAML diagnostics, and the human summary. */
#include "report_tap.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "explain_plan.h"
#include "units.h"
#include "verdict.h"

void report_mix_sentence(const run_result *r, char *buf, size_t len)
{
    snprintf(buf, len,
             "mixed run: all %d endpoints at once, %d steps of %lld requests in shares that change "
             "each step; each endpoint's slope is its coefficient in the regression of the growth "
             "on the request counts",
             r->n_endpoints, r->mix_steps, (long long)r->mix_step_requests);
}

int report_file_write(const run_result *r, const char *name,
                      void (*writer)(FILE *, const run_result *), char *err, size_t errlen)
{
    char path[PATH_MAX + 64], tmp[PATH_MAX + 80];
    snprintf(path, sizeof path, "%s/%s", r->run_dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno)), -1;
    writer(f, r);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    int e = errno;
    /* complete or absent (a full disk must not leave a 0-byte report) */
    if (bad || rename(tmp, path) < 0) {
        unlink(tmp);
        return snprintf(err, errlen, "%s: write failed: %s", path, strerror(e ? e : EIO)), -1;
    }
    return 0;
}

const char *signal_name(signal_kind k)
{
    static const char *names[] = {"heap", "rss", "resources", "contexts", "fds"};
    return names[k];
}

const char *signal_unit(signal_kind k)
{
    return k == SIG_RESOURCES ? "handles" : k == SIG_CONTEXTS ? "contexts" : k == SIG_FDS ? "fds" : "bytes";
}

const char *endpoint_outcome_name(endpoint_outcome o)
{
    static const char *names[] = {"pass", "fail", "inconclusive", "error", "not run"};
    return names[o];
}

static void yaml_num(FILE *f, const char *indent, const char *key, double v)
{
    fprintf(f, "%s%s: %.6g\n", indent, key, v);
}

static void yaml_str(FILE *f, const char *indent, const char *key, const char *v)
{
    fprintf(f, "%s%s: ", indent, key);
    esc_yaml(f, v, ESC_STRLEN);
    fputc('\n', f);
}

static void tap_signal(FILE *f, signal_kind k, const signal_result *s)
{
    if (!s->fitted && !s->judged) return;
    fprintf(f, "  %s:\n", signal_name(k));
    if (s->fitted) {
        const char *u = k >= SIG_RESOURCES ? "per_request" : "bytes_per_request";
        fprintf(f, "    slope_%s: %.6g\n", u, s->fit.slope);
        fprintf(f, "    ci: [%.6g, %.6g]\n", s->fit.ci_low, s->fit.ci_high);
        yaml_num(f, "    ", "confidence", s->fit.confidence);
        fprintf(f, "    estimator: %s\n", s->from_mix ? "mixed-ols" : "theil-sen");
        fprintf(f, "    samples_fitted: %d\n", s->fit.n);
        fprintf(f, "    warmup_requests_detected: %lld\n", (long long)s->warmup_requests);
        if (s->fallbacks) {
            fprintf(f, "    fallbacks: %d\n    fallback_at_requests: [", s->fallbacks);
            for (int i = 0; i < s->fallbacks && i < 4; i++)
                fprintf(f, "%s%lld", i ? ", " : "", (long long)s->fallback_at[i]);
            fprintf(f, "]\n");
        }
    }
    if (s->judged) {
        fprintf(f, "    budget_%s: %.6g\n",
                k >= SIG_RESOURCES ? "per_request" : "bytes_per_request", s->budget);
        fprintf(f, "    verdict: %s\n", s->fitted ? growth_verdict_name(s->verdict) : "unknown");
    }
}

static void tap_load(FILE *f, const endpoint_result *e)
{
    const load_stats *m = &e->measured;
    fprintf(f, "  requests: %lld\n", (long long)e->requests_measured);
    fprintf(f, "  warmup_requests: %lld\n", (long long)e->warmup.completed);
    fprintf(f, "  samples: %d\n", e->n_samples);
    fprintf(f, "  steps: %d\n", e->steps);
    fprintf(f, "  time_to_verdict_seconds: %.2f\n", e->time_to_verdict_s);
    fprintf(f, "  pause_max_seconds: %.3f\n", e->pause_max_s);
    if (e->capped)
        fprintf(f, "  capped_by: %s\n",
                e->capped == CAP_REQUESTS ? "max_requests" : "max_duration");
    load_stats all = e->warmup;
    load_stats_merge(&all, m);
    fprintf(f, "  latency_ms: {p50: %.3f, p90: %.3f, p99: %.3f, max: %.3f}\n",
            latency_percentile(&all.latency, 50) / 1000,
            latency_percentile(&all.latency, 90) / 1000,
            latency_percentile(&all.latency, 99) / 1000, all.latency.max_us / 1000);
    fprintf(f, "  status: {");
    static const char *cls[] = {"error", "1xx", "2xx", "3xx", "4xx", "5xx"};
    int first = 1;
    for (int i = 0; i < 6; i++)
        if (all.status_class[i])
            fprintf(f, "%s%s: %lld", first ? "" : ", ", cls[i], (long long)all.status_class[i]),
                first = 0;
    fprintf(f, "}\n");
    fprintf(f, "  failed_requests: %lld\n", (long long)load_failed(&all));
    if (all.first_error[0]) yaml_str(f, "  ", "first_error", all.first_error);
}

static void tap_samples(FILE *f, const endpoint_result *e)
{
    if (!e->n_samples) return;
    fprintf(f, "  heap_samples: [");
    for (int i = 0; i < e->n_samples; i++)
        fprintf(f, "%s[%lld, %.0f]", i ? ", " : "", (long long)e->samples[i].requests,
                sample_heap_bytes(&e->samples[i]));
    fprintf(f, "]\n");
}

/* One indented subtest per judged signal (TAP 13 subtests: prove 3.44 reads
 * the parent line; people and newer harnesses see each signal's verdict). */
static void tap_subtests(FILE *f, const endpoint_result *e)
{
    int n = 0;
    if (e->outcome == EP_NOT_RUN) return;
    fprintf(f, "    # Subtest: ");
    esc_tap_desc(f, e->ep->name, ESC_STRLEN);
    fputc('\n', f);
    for (int k = 0; k < SIG_COUNT; k++) {
        const signal_result *s = &e->signals[k];
        if (!s->judged) continue;
        char line[256];
        verdict_signal_line(line, sizeof line, (signal_kind)k, s);
        fprintf(f, "    %s %d - %s%s\n", verdict_signal_ok(s) ? "ok" : "not ok", ++n,
                signal_name((signal_kind)k),
                verdict_signal_inconclusive(s) ? " # SKIP inconclusive" : "");
        fprintf(f, "    # ");
        esc_term(f, line, ESC_STRLEN);
        fputc('\n', f);
    }
    fprintf(f, "    1..%d\n", n);
}

/* The explain phase: how big it was, what it cost, how much it explains. */
static void tap_explain(FILE *f, const endpoint_result *e)
{
    if (!e->explain_ran) return;
    fprintf(f, "  explain:\n");
    fprintf(f, "    requests_between_snapshots: %lld\n", (long long)e->explain_requests);
    fprintf(f, "    heap_at_first_snapshot: %llu\n", (unsigned long long)e->explain_heap_start);
    fprintf(f, "    snapshot_bytes: %llu\n", (unsigned long long)e->snapshot_bytes);
    fprintf(f, "    wall_seconds: %.2f\n", e->explain_wall_s);
    if (e->explain_isolate.pid) {
        char who[128];
        fputs("    isolate: ", f);
        esc_yaml(f, isolates_describe(&e->explain_isolate, who, sizeof who), ESC_STRLEN);
        fprintf(f, "\n    isolate_share_of_growth: %.3f\n", e->explain_share);
    }
    if (!e->explained || e->explain_coverage < 0) return;
    char line[512];
    explain_coverage_line(line, sizeof line, e->explain_coverage, endpoint_explained_slope(e),
                          e->explain_isolate.pid != 0);
    fprintf(f, "    coverage: %.3f\n", e->explain_coverage);
    yaml_str(f, "    ", "coverage_note", line);
}

/* Where the kept objects were allocated: the top sites of the sampling
 * heap profiler, the service's own line first. */
static void tap_sites(FILE *f, const endpoint_result *e)
{
    if (!e->explain_ran) return;
    if (e->sites_error[0]) yaml_str(f, "  ", "allocation_sites_error", e->sites_error);
    if (!e->has_sites) return;
    fprintf(f, "  allocation_sites:%s\n", e->sites.nsites ? "" : " []");
    for (size_t i = 0; i < e->sites.nsites && i < 3; i++) {
        const alloc_site *a = &e->sites.sites[i];
        char at[600], stack[1200];
        allocsites_describe(&a->at, at, sizeof at);
        allocsites_stack_text(a, 6, " <- ", stack, sizeof stack);
        fputs("    - at: ", f);
        esc_yaml(f, at, ESC_STRLEN);
        fprintf(f, "\n      kind: %s\n", allocsites_kind_name(a->at.kind));
        fprintf(f, "      column: %d\n", a->at.column);
        fprintf(f, "      bytes_per_request: %.4g\n", a->bytes_per_request);
        fputs("      stack: ", f);
        esc_yaml(f, stack, ESC_STRLEN);
        fputc('\n', f);
    }
}

/* A service of more than one isolate (cluster workers, worker threads):
 * which of them grows, and what the reader must know about the sum. */
static void tap_isolates(FILE *f, const endpoint_result *e, const run_result *r)
{
    char who[128], warn[1400];
    if (isolates_warning(e->isolates_came, e->isolates_went, e->stale_answers,
                         r->isolates.overflow, e->silent_threads, e->unmeasured,
                         e->unmeasured_who, warn, sizeof warn))
        yaml_str(f, "  ", "isolates_warning", warn);
    if (e->isolates_max < 2) return;
    fprintf(f, "  isolates:\n");
    for (int i = 0; i < e->n_isolates; i++) {
        const isolate_growth *g = &e->isolates[i];
        fprintf(f, "    - isolate: ");
        esc_yaml(f, isolates_describe(&g->who, who, sizeof who), ESC_STRLEN);
        fprintf(f, "\n      heap_bytes_per_request: %.4g\n      heap_bytes: %.0f\n", g->slope,
                g->last_heap);
    }
}

/* The top 3 leak clusters: what is retained and who holds it. */
static void tap_clusters(FILE *f, const endpoint_result *e)
{
    if (e->explain_error[0]) yaml_str(f, "  ", "explain_error", e->explain_error);
    if (!e->explained) return;
    const heapdiff_result *d = &e->leaks;
    fprintf(f, "  leak_candidates: %zu\n", d->candidates);
    fprintf(f, "  clusters:%s\n", d->nclusters ? "" : " []");
    for (size_t i = 0; i < d->nclusters && i < 3; i++) {
        const heapdiff_cluster *c = &d->clusters[i];
        fprintf(f, "    - class: ");
        esc_yaml(f, c->class_name, ESC_STRLEN);
        fprintf(f, "\n      count: %llu\n", (unsigned long long)c->count);
        fprintf(f, "      per_request: %.4g\n", c->count_per_request);
        fprintf(f, "      retained_bytes: %llu\n", (unsigned long long)c->retained_bytes);
        fprintf(f, "      retained_bytes_per_request: %.4g\n", c->retained_bytes_per_request);
        fprintf(f, "      path: ");
        esc_yaml(f, c->path, ESC_STRLEN);
        fputc('\n', f);
    }
}

static void tap_endpoint(FILE *f, int n, const endpoint_result *e, const run_result *r)
{
    tap_subtests(f, e);
    int ok = verdict_endpoint_ok(e);
    fprintf(f, "%s %d - ", ok ? "ok" : "not ok", n);
    esc_tap_desc(f, e->ep->name, ESC_STRLEN);
    /* a directive prove counts and shows: inconclusive is never a plain ok */
    if (ok && e->outcome == EP_INCONCLUSIVE) {
        fputs(" # SKIP inconclusive: ", f);
        esc_tap_desc(f, e->reason, ESC_STRLEN);
    }
    fputc('\n', f);
    fprintf(f, "  ---\n");
    fprintf(f, "  verdict: %s\n", endpoint_outcome_name(e->outcome));
    if (e->cause != CAUSE_NONE) fprintf(f, "  cause: %s\n", verdict_cause_name(e->cause));
    if (e->reason[0]) yaml_str(f, "  ", "reason", e->reason);
    if (e->hint[0]) yaml_str(f, "  ", "hint", e->hint);
    fprintf(f, "  request: ");
    char line[600];
    snprintf(line, sizeof line, "%s", e->ep->request_text);
    esc_yaml(f, line, ESC_STRLEN);
    if (e->ep->n_flow) fprintf(f, "\n  flow_steps: %d", e->ep->n_flow);
    fputc('\n', f);
    for (int k = 0; k < SIG_COUNT; k++)
        tap_signal(f, (signal_kind)k, &e->signals[k]);
    if (e->outcome != EP_NOT_RUN) tap_load(f, e);
    tap_samples(f, e);
    tap_isolates(f, e, r);
    if (e->n_snapshots) {
        fprintf(f, "  snapshots:\n");
        for (int i = 0; i < e->n_snapshots; i++) {
            fprintf(f, "    - ");
            esc_yaml(f, e->snapshots[i], ESC_STRLEN);
            fputc('\n', f);
        }
    }
    if (e->snapshot_error[0]) yaml_str(f, "  ", "snapshot_error", e->snapshot_error);
    tap_explain(f, e);
    tap_sites(f, e);
    tap_clusters(f, e);
    fprintf(f, "  wall_seconds: %.2f\n", e->wall_s);
    fprintf(f, "  ...\n");
}

/* One comment line per [setup] request: what it sent, got, captured. */
static void tap_setup(FILE *out, const load_setup_report *s)
{
    for (int i = 0; i < s->n; i++) {
        fputs("# setup ", out);
        esc_term(out, s->step[i].name, ESC_STRLEN);
        fputs(": ", out);
        esc_term(out, s->step[i].request, ESC_STRLEN);
        if (s->step[i].status)
            fprintf(out, " answered %ld in %.1f ms", s->step[i].status, s->step[i].ms);
        else
            fputs(" got no response", out);
        if (s->step[i].captured[0]) {
            fputs("; captured ", out);
            esc_term(out, s->step[i].captured, ESC_STRLEN);
        }
        fputc('\n', out);
    }
    if (s->jar)
        fprintf(out, "# cookies: every connection keeps its own jar, starting with %d from setup\n",
                s->cookies);
}

void report_tap(FILE *out, const run_result *r)
{
    fprintf(out, "TAP version 13\n1..%d\n", r->n_endpoints);
    fprintf(out, "# leakcheck %s: ", LEAKCHECK_VERSION);
    esc_term(out, r->cfg->scenario_path, ESC_STRLEN);
    fprintf(out, ", target pid %d, node ", r->target_pid);
    esc_term(out, r->node_version[0] ? r->node_version : "?", ESC_STRLEN);
    fprintf(out, ", port %d", r->port);
    if (r->address[0]) fprintf(out, ", %s", r->address);
    if (r->port_passed) fprintf(out, " (not $PORT %d: the service listens there)", r->port_passed);
    fputc('\n', out);
    if (r->daemonized)
        fprintf(out, "# the command exited 0 and left its server running (it daemonized): "
                     "measured through pid %d, torn down at the end\n",
                r->target_pid);
    fprintf(out, "# run dir: ");
    esc_term(out, r->run_dir, ESC_STRLEN);
    fputc('\n', out);
    tap_setup(out, &r->setup);
    if (r->mixed) {
        char line[320];
        report_mix_sentence(r, line, sizeof line);
        fprintf(out, "# %s\n", line);
        if (r->mix_warning[0]) {
            fputs("# mixed run: ", out);
            esc_term(out, r->mix_warning, ESC_STRLEN);
            fputc('\n', out);
        }
    }
    for (int i = 0; i < r->n_endpoints; i++)
        tap_endpoint(out, i + 1, &r->endpoints[i], r);
    if (r->teardown_strays) {
        fprintf(out, "# teardown: %d process%s outside the target's process group torn down: ",
                r->teardown_strays, r->teardown_strays == 1 ? "" : "es");
        esc_term(out, r->teardown_detail, ESC_STRLEN);
        fputc('\n', out);
    }
    if (r->teardown_left_running)
        fprintf(out, "# teardown: %d process%s still alive after SIGKILL\n",
                r->teardown_left_running, r->teardown_left_running == 1 ? "" : "es");
    if (r->fatal[0]) {
        fprintf(out, "# ");
        esc_term(out, r->fatal, ESC_STRLEN);
        fputc('\n', out);
    }
    fflush(out);
}

void report_summary(FILE *out, const run_result *r)
{
    int failed = 0, inconclusive = 0;
    for (int i = 0; i < r->n_endpoints; i++) {
        const endpoint_result *e = &r->endpoints[i];
        char line[256] = "";
        if (e->signals[SIG_HEAP].fitted)
            verdict_signal_line(line, sizeof line, SIG_HEAP, &e->signals[SIG_HEAP]);
        fprintf(out, "  %-12s ", endpoint_outcome_name(e->outcome));
        esc_term(out, e->ep->name, ESC_STRLEN);
        if (line[0]) fprintf(out, ": %s", line);
        fputc('\n', out);
        if (e->reason[0] && strcmp(e->reason, line)) {
            fputs("               ", out);
            esc_term(out, e->reason, ESC_STRLEN);
            fputc('\n', out);
        }
        if (e->hint[0]) {
            fputs("               hint: ", out);
            esc_term(out, e->hint, ESC_STRLEN);
            fputc('\n', out);
        }
        failed += !verdict_endpoint_ok(e);
        inconclusive += e->outcome == EP_INCONCLUSIVE;
    }
    fprintf(out, "leakcheck: %d of %d endpoints within budget", r->n_endpoints - failed,
            r->n_endpoints);
    if (inconclusive) fprintf(out, ", %d inconclusive", inconclusive);
    fprintf(out, " (%.1f s); reports in ", r->wall_s);
    esc_term(out, r->run_dir, ESC_STRLEN);
    fputc('\n', out);
}
