/* report_html.c — report.html with inline SVG charts; see report_html.h. */
#include "report_html.h"

#include <math.h>
#include <string.h>

#include "escape.h"
#include "explain_plan.h"
#include "isolates.h"
#include "report_tap.h"
#include "units.h"
#include "verdict.h"

#define W 640
#define H 260
#define PAD_L 70
#define PAD_R 20
#define PAD_T 16
#define PAD_B 36

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,sans-serif;margin:2em;color:#1d2330;"
    "max-width:1100px}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}"
    ".pass{color:#146c2e}.fail,.error,.not-run{color:#b3261e}.inconclusive{color:#8a5a00}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d5d9e0;padding:3px 8px;"
    "text-align:left;vertical-align:top}th{background:#f3f5f8}code{font-size:12px;"
    "word-break:break-all}.verdict{font-weight:600;text-transform:uppercase}"
    "svg{background:#fbfcfd;border:1px solid #d5d9e0}.muted{color:#667}"
    ".hint{background:#fff8e1;padding:.4em .6em}";

typedef struct {
    double x0, x1, y0, y1;
} chart_scale;

static double px(const chart_scale *s, double x)
{
    return PAD_L + (x - s->x0) / (s->x1 - s->x0) * (W - PAD_L - PAD_R);
}

static double py(const chart_scale *s, double y)
{
    return H - PAD_B - (y - s->y0) / (s->y1 - s->y0) * (H - PAD_T - PAD_B);
}

static void polyline(FILE *f, const chart_scale *s, const endpoint_result *e, int rss,
                     const char *color)
{
    fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", color);
    for (int i = 0; i < e->n_samples; i++) {
        double y = rss ? e->samples[i].rss : sample_heap_bytes(&e->samples[i]);
        fprintf(f, "%.1f,%.1f ", px(s, (double)e->samples[i].requests), py(s, y));
    }
    fputs("\"/>\n", f);
    for (int i = 0; i < e->n_samples; i++) {
        double y = rss ? e->samples[i].rss : sample_heap_bytes(&e->samples[i]);
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                px(s, (double)e->samples[i].requests), py(s, y), color);
    }
}

static void line(FILE *f, const chart_scale *s, double xa, double ya, double xb, double yb,
                 const char *color, const char *dash)
{
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"1.5\" stroke-dasharray=\"%s\"/>\n",
            px(s, xa), py(s, ya), px(s, xb), py(s, yb), color, dash);
}

static void axes(FILE *f, const chart_scale *s, const char *title)
{
    char a[32], b[32];
    fprintf(f, "<text x=\"%d\" y=\"12\" font-size=\"12\" fill=\"#333\">%s</text>\n", PAD_L, title);
    for (int i = 0; i <= 4; i++) {
        double y = s->y0 + (s->y1 - s->y0) * i / 4, x = s->x0 + (s->x1 - s->x0) * i / 4;
        fprintf(f,
                "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" "
                "fill=\"#555\">%s</text>\n",
                PAD_L - 4, py(s, y) + 3, units_format_bytes(y, a, sizeof a));
        fprintf(f,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
                "fill=\"#555\">%.0f</text>\n",
                px(s, x), H - PAD_B + 14, x);
        (void)b;
    }
    fprintf(f,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">"
            "requests (measured)</text>\n",
            (W + PAD_L) / 2, H - 6);
    fprintf(f,
            "<text x=\"%d\" y=\"12\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">"
            "<tspan fill=\"#1f5fbf\">● samples</tspan>  <tspan>– – fitted slope</tspan>  "
            "<tspan fill=\"#b3261e\">··· budget</tspan></text>\n",
            W - PAD_R);
}

/* One chart: heap or RSS samples, the fitted line, and the budget line drawn
 * from the fit's start with the budget's slope. */
static void chart(FILE *f, const endpoint_result *e, int rss)
{
    const signal_result *sig = &e->signals[rss ? SIG_RSS : SIG_HEAP];
    if (e->n_samples < 2) return;
    chart_scale s = {0, 1, INFINITY, -INFINITY};
    for (int i = 0; i < e->n_samples; i++) {
        double y = rss ? e->samples[i].rss : sample_heap_bytes(&e->samples[i]);
        s.x1 = fmax(s.x1, (double)e->samples[i].requests);
        s.y0 = fmin(s.y0, y), s.y1 = fmax(s.y1, y);
    }
    double x_fit0 = (double)sig->warmup_requests;
    double fit_y0 = sig->fit.intercept + sig->fit.slope * x_fit0;
    if (sig->fitted && sig->judged) s.y1 = fmax(s.y1, fit_y0 + sig->budget * (s.x1 - x_fit0));
    double pad = fmax((s.y1 - s.y0) * 0.08, 1024);
    s.y0 -= pad, s.y1 += pad;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" role=\"img\">\n",
            W, H, W, H);
    axes(f, &s, rss ? "RSS (bytes) vs requests" : "post-GC heapUsed + external vs requests");
    polyline(f, &s, e, rss, rss ? "#7a4fbf" : "#1f5fbf");
    if (sig->fitted) {
        line(f, &s, x_fit0, fit_y0, s.x1, sig->fit.intercept + sig->fit.slope * s.x1, "#111",
             "6 3");
        if (sig->judged)
            line(f, &s, x_fit0, fit_y0, s.x1, fit_y0 + sig->budget * (s.x1 - x_fit0), "#b3261e",
                 "2 3");
    }
    fputs("</svg>\n", f);
}

static void text(FILE *f, const char *s)
{
    esc_html(f, s, ESC_STRLEN);
}

static void css_class(FILE *f, endpoint_outcome o)
{
    fputs(o == EP_NOT_RUN ? "not-run" : endpoint_outcome_name(o), f);
}

static void signals_table(FILE *f, const endpoint_result *e)
{
    fputs("<table><tr><th>signal</th><th>slope / request</th><th>interval</th><th>budget</th>"
          "<th>verdict</th><th>warm-up cut</th></tr>\n",
          f);
    for (int k = 0; k < SIG_COUNT; k++) {
        const signal_result *s = &e->signals[k];
        if (!s->fitted) continue;
        fprintf(f, "<tr><td>%s</td><td>%.4g</td><td>%.4g .. %.4g (%.0f%%)</td>",
                signal_name((signal_kind)k), s->fit.slope, s->fit.ci_low, s->fit.ci_high,
                s->fit.confidence * 100);
        if (s->judged)
            fprintf(f, "<td>%.4g</td><td>%s%s</td>", s->budget, growth_verdict_name(s->verdict),
                    s->fallbacks ? " (fell back, fitted between)" : "");
        else
            fputs("<td>—</td><td>not judged</td>", f);
        fprintf(f, "<td>%lld requests</td></tr>\n", (long long)s->warmup_requests);
    }
    fputs("</table>\n", f);
}

/* Where the kept objects were allocated: the sampling profiler's top sites. */
static void sites_table(FILE *f, const endpoint_result *e)
{
    if (e->sites_error[0]) {
        fputs("<p class=\"muted\">allocation sites: ", f);
        text(f, e->sites_error);
        fputs("</p>\n", f);
    }
    if (!e->has_sites || !e->sites.nsites) return;
    fputs("<h3>Allocated in</h3><p class=\"muted\">Functions whose allocations stayed alive, "
          "from V8's sampling heap profiler over the explain phase (the line is where the "
          "function starts).</p>\n<table class=\"clusters\"><tr><th>#</th><th>function</th>"
          "<th>kind</th><th>bytes / request</th><th>stack</th></tr>\n",
          f);
    for (size_t i = 0; i < e->sites.nsites; i++) {
        const alloc_site *a = &e->sites.sites[i];
        char at[600];
        fprintf(f, "<tr><td>%zu</td><td><code>", i + 1);
        text(f, allocsites_describe(&a->at, at, sizeof at));
        fprintf(f, "</code></td><td>%s</td><td>%.1f</td><td><code>",
                allocsites_kind_name(a->at.kind), a->bytes_per_request);
        char stack[2400];
        text(f, allocsites_stack_text(a, 8, " \xe2\x86\x90 ", stack, sizeof stack));
        fputs("</code></td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* What is retained and who holds it: the leak clusters and their paths. */
static void clusters_table(FILE *f, const endpoint_result *e)
{
    if (e->explain_error[0]) {
        fputs("<p class=\"muted\">", f);
        text(f, e->explain_error);
        fputs("</p>\n", f);
    }
    if (!e->explained) return;
    const heapdiff_result *d = &e->leaks;
    fprintf(f,
            "<h3>Leak clusters</h3><p class=\"muted\">%zu objects allocated between the "
            "first and second snapshot (%llu requests) are still alive in the last.",
            d->candidates, (unsigned long long)d->requests);
    if (e->explain_coverage >= 0 && e->signals[SIG_HEAP].fitted) {
        char line[512];
        explain_coverage_line(line, sizeof line, e->explain_coverage,
                              endpoint_explained_slope(e), e->explain_isolate.pid != 0);
        fputs(" ", f);
        line[0] = (char)(line[0] - 'a' + 'A'); /* a sentence of its own here */
        text(f, line);
        fputs(".", f);
    }
    fputs("</p>\n", f);
    fputs(
        "<table class=\"clusters\"><tr><th>#</th><th>class</th><th>objects</th><th>per request</th>"
        "<th>retained bytes / request</th><th>retainer path</th></tr>\n",
        f);
    for (size_t i = 0; i < d->nclusters && i < 10; i++) {
        const heapdiff_cluster *c = &d->clusters[i];
        fprintf(f, "<tr><td>%zu</td><td><code>", i + 1);
        text(f, c->class_name);
        fprintf(f, "</code></td><td>%llu</td><td>%.3g</td><td>%.1f</td><td><code>",
                (unsigned long long)c->count, c->count_per_request, c->retained_bytes_per_request);
        text(f, c->path);
        fputs("</code></td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void endpoint_section(FILE *f, const endpoint_result *e, const run_result *r)
{
    fputs("<h2>", f);
    text(f, e->ep->name);
    fputs(" — <span class=\"verdict ", f);
    css_class(f, e->outcome);
    fprintf(f, "\">%s%s</span></h2>\n", endpoint_outcome_name(e->outcome),
            e->outcome == EP_INCONCLUSIVE
                ? (verdict_endpoint_ok(e) ? " (counted as pass)" : " (counted as fail)")
                : "");
    fputs(e->ep->n_flow ? "<p>flow <code>" : "<p><code>", f);
    text(f, e->ep->request_text);
    fputs("</code></p>\n", f);
    if (e->reason[0]) {
        fputs("<p>", f);
        text(f, e->reason);
        fputs("</p>\n", f);
    }
    if (e->hint[0]) {
        fputs("<p class=\"hint\">hint: ", f);
        text(f, e->hint);
        fputs("</p>\n", f);
    }
    char warn[1400];
    if (isolates_warning(e->isolates_came, e->isolates_went, e->stale_answers, r->isolates.overflow,
                         e->silent_threads, e->unmeasured, e->unmeasured_who, warn, sizeof warn)) {
        fputs("<p class=\"hint\">warning: ", f);
        text(f, warn);
        fputs("</p>\n", f);
    }
    signals_table(f, e);
    chart(f, e, 0);
    if (e->signals[SIG_RSS].fitted) chart(f, e, 1);
    load_stats all = e->warmup;
    load_stats_merge(&all, &e->measured);
    fprintf(f,
            "<p class=\"muted\">%lld measured + %lld warm-up requests in %d steps; "
            "latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; %lld failed; verdict after %.1f s; "
            "longest pause between steps %.2f s.</p>\n",
            (long long)e->requests_measured, (long long)e->warmup.completed, e->steps,
            latency_percentile(&all.latency, 50) / 1000,
            latency_percentile(&all.latency, 90) / 1000,
            latency_percentile(&all.latency, 99) / 1000, (long long)load_failed(&all),
            e->time_to_verdict_s, e->pause_max_s);
    sites_table(f, e);
    clusters_table(f, e);
    if (e->snapshot_error[0]) {
        fputs("<p class=\"muted\">snapshots: ", f);
        text(f, e->snapshot_error);
        fputs("</p>\n", f);
    }
}

void report_html(FILE *f, const run_result *r)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width\">\n"
               "<title>leakcheck: ");
    text(f, r->cfg->scenario_path);
    fprintf(f, "</title>\n<style>%s</style></head><body>\n<h1>leakcheck report</h1>\n", css);
    fputs("<p>scenario <code>", f);
    text(f, r->cfg->scenario_path);
    fprintf(f, "</code>, target pid %d, node ", r->target_pid);
    text(f, r->node_version[0] ? r->node_version : "?");
    if (r->address[0]) {
        fputs(", measured at <code>", f);
        text(f, r->address);
        fputs("</code>", f);
        if (r->port_passed) fprintf(f, " (not $PORT %d: the service listens there)", r->port_passed);
    }
    fprintf(f, ", %.1f s, exit status %d</p>\n", r->wall_s, r->exit_code);
    for (int i = 0; i < r->setup.n; i++) {
        fputs("<p>setup <code>", f);
        text(f, r->setup.step[i].name);
        fputs("</code>: <code>", f);
        text(f, r->setup.step[i].request);
        fputs("</code> ", f);
        if (r->setup.step[i].status)
            fprintf(f, "answered %ld in %.1f ms", r->setup.step[i].status, r->setup.step[i].ms);
        else
            fputs("got no response", f);
        if (r->setup.step[i].captured[0]) {
            fputs("; captured ", f);
            text(f, r->setup.step[i].captured);
        }
        fputs("</p>\n", f);
    }
    if (r->mixed) {
        char line[320];
        report_mix_sentence(r, line, sizeof line);
        fputs("<p>", f);
        text(f, line);
        fputs("</p>\n", f);
        if (r->mix_warning[0]) {
            fputs("<p class=\"fail\">", f);
            text(f, r->mix_warning);
            fputs("</p>\n", f);
        }
    }
    if (r->setup.jar)
        fprintf(f, "<p>cookies: every connection keeps its own jar, starting with %d from "
                   "setup</p>\n",
                r->setup.cookies);
    if (r->fatal[0]) {
        fputs("<p class=\"fail\">", f);
        text(f, r->fatal);
        fputs("</p>\n", f);
    }
    if (r->teardown_strays) {
        fprintf(f, "<p>teardown: %d process%s outside the target's process group torn down: ",
                r->teardown_strays, r->teardown_strays == 1 ? "" : "es");
        text(f, r->teardown_detail);
        fputs("</p>\n", f);
    }
    fputs("<table><tr><th>endpoint</th><th>verdict</th><th>heap / request</th></tr>\n", f);
    for (int i = 0; i < r->n_endpoints; i++) {
        const endpoint_result *e = &r->endpoints[i];
        fputs("<tr><td>", f);
        text(f, e->ep->name);
        fputs("</td><td class=\"verdict ", f);
        css_class(f, e->outcome);
        fprintf(f, "\">%s</td><td>", endpoint_outcome_name(e->outcome));
        if (e->signals[SIG_HEAP].fitted) fprintf(f, "%.1f B", e->signals[SIG_HEAP].fit.slope);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
    for (int i = 0; i < r->n_endpoints; i++)
        endpoint_section(f, &r->endpoints[i], r);
    fputs("</body></html>\n", f);
}

int report_html_write(const run_result *r, char *err, size_t errlen)
{
    return report_file_write(r, "report.html", report_html, err, errlen);
}
