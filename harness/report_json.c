/* report_json.c — report.json; see report_json.h. */
#include "report_json.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocsites_json.h"
#include "escape_json.h"
#include "leaks_json.h"
#include "verdict.h"

static json_t *config_json(const config *c)
{
    const target_cfg *t = &c->target;
    json_t *env = json_array();
    for (int i = 0; i < t->n_env; i++)
        json_array_append_new(env, esc_json_str(t->env[i]));
    json_t *j = json_pack("{s:o, s:o, s:{s:o, s:o, s:i, s:o, s:o, s:I, s:o, s:b, s:I}, s:{s:s, s:I, s:s}}",
                     "scenario",
                     esc_json_str(c->scenario_path), "defaults", esc_json_str(c->defaults_path),
                     "target", "command", esc_json_str(t->command), "cwd", esc_json_str(t->cwd),
                     "port", t->port, "env", env, "ready_path", esc_json_str(t->ready_path),
                     "ready_timeout_ms", (json_int_t)t->ready_timeout_ms, "node_flags",
                     esc_json_str(t->node_flags), "fresh", t->fresh, "max_processes",
                     (json_int_t)t->max_processes, "snapshots", "mode",
                     c->snapshots.mode == SNAP_NEVER    ? "never"
                     : c->snapshots.mode == SNAP_ALWAYS ? "always"
                                                        : "on-failure",
                     "timeout_ms", (json_int_t)c->snapshots.timeout_ms, "signal",
                     c->snapshots.signal);
    json_t *jt = json_object_get(j, "target");
    json_object_set_new(jt, "scheme", json_string(t->tls ? "https" : "http"));
    if (t->tls) {
        json_object_set_new(jt, "server_name",
                            esc_json_str(t->server_name ? t->server_name : "localhost"));
        json_object_set_new(jt, "ca_file", esc_json_str(t->ca_file));
        json_object_set_new(jt, "insecure", json_boolean(t->insecure));
    }
    return j;
}

static json_t *load_cfg_json(const load_cfg *l)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I, s:b, s:s, s:f}", "concurrency",
                     (json_int_t)l->concurrency, "warmup", (json_int_t)l->warmup, "step",
                     (json_int_t)l->step, "steps", (json_int_t)l->steps, "max_requests",
                     (json_int_t)l->max_requests, "max_duration_ms", (json_int_t)l->max_duration_ms,
                     "step_time_ms", (json_int_t)l->step_time_ms, "rate", l->rate, "timeout_ms",
                     (json_int_t)l->timeout_ms, "keepalive", l->keepalive, "http",
                     l->http2 ? "2" : "1.1", "max_error_rate",
                     l->max_error_rate);
}

static json_t *signal_json(signal_kind k, const signal_result *s)
{
    json_t *j = json_pack("{s:s, s:b, s:b}", "unit", signal_unit(k), "judged", s->judged, "fitted",
                          s->fitted);
    if (s->judged) json_object_set_new(j, "budget_per_request", json_real(s->budget));
    if (s->fitted) {
        json_object_set_new(j, "slope_per_request", json_real(s->fit.slope));
        json_object_set_new(j, "ci_low", json_real(s->fit.ci_low));
        json_object_set_new(j, "ci_high", json_real(s->fit.ci_high));
        json_object_set_new(j, "confidence", json_real(s->fit.confidence));
        json_object_set_new(j, "estimator", json_string(s->from_mix ? "mixed-ols" : "theil-sen"));
        json_object_set_new(j, "samples_fitted", json_integer(s->fit.n));
        json_object_set_new(j, "warmup_requests_detected", json_integer(s->warmup_requests));
        json_object_set_new(j, "intercept", json_real(s->fit.intercept));
        json_t *at = json_array();
        for (int i = 0; i < s->fallbacks && i < 4; i++)
            json_array_append_new(at, json_integer(s->fallback_at[i]));
        json_object_set_new(j, "fallbacks", json_integer(s->fallbacks));
        json_object_set_new(j, "fallback_at_requests", at);
    }
    json_object_set_new(
        j, "verdict",
        json_string(s->fitted && s->judged ? growth_verdict_name(s->verdict) : "unknown"));
    return j;
}

static json_t *samples_json(const endpoint_result *e)
{
    json_t *a = json_array();
    for (int i = 0; i < e->n_samples; i++) {
        const sample *s = &e->samples[i];
        json_array_append_new(
            a, json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:o}", "requests",
                         (json_int_t)s->requests, "t_s", s->t_s, "heap_used", s->heap_used,
                         "external", s->external, "heap_total", s->heap_total, "rss", s->rss,
                         "resources", s->resources, "native_contexts", s->native_contexts,
                         "detached_contexts", s->detached_contexts, "gc_rounds", s->gc_rounds,
                         "resources_detail", esc_json_str(s->resources_detail)));
        json_t *j = json_array_get(a, json_array_size(a) - 1);
        json_object_set_new(j, "fds", json_real(s->fds));
        json_object_set_new(j, "isolates", json_integer(s->isolates));
    }
    return a;
}

static json_t *load_json(const load_stats *w, const load_stats *m)
{
    load_stats all = *w;
    load_stats_merge(&all, m);
    static const char *cls[] = {"error", "1xx", "2xx", "3xx", "4xx", "5xx"};
    json_t *status = json_object();
    for (int i = 0; i < 6; i++)
        if (all.status_class[i])
            json_object_set_new(status, cls[i], json_integer(all.status_class[i]));
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:{s:f, s:f, s:f, s:f}, s:f}", "sent",
                     (json_int_t)all.sent, "completed", (json_int_t)all.completed, "failed",
                     (json_int_t)load_failed(&all), "timeouts", (json_int_t)all.timeouts,
                     "unexpected_status", (json_int_t)all.unexpected_status, "status", status,
                     "first_error",
                     all.first_error[0] ? esc_json_str(all.first_error) : json_null(), "latency_ms",
                     "p50", latency_percentile(&all.latency, 50) / 1000, "p90",
                     latency_percentile(&all.latency, 90) / 1000, "p99",
                     latency_percentile(&all.latency, 99) / 1000, "max", all.latency.max_us / 1000,
                     "busy_s", all.busy_s);
}

static json_t *leaks_json(const endpoint_result *e)
{
    if (!e->explained) return json_null();
    return leaks_json_build(&e->leaks, SIZE_MAX, LEAKS_JSON_REPORT);
}

static json_t *explain_json(const endpoint_result *e)
{
    if (!e->explain_ran) return json_null();
    json_t *j = json_pack("{s:I, s:I, s:I, s:f}", "requests_between_snapshots",
                          (json_int_t)e->explain_requests, "heap_at_first_snapshot",
                          (json_int_t)e->explain_heap_start, "snapshot_bytes",
                          (json_int_t)e->snapshot_bytes, "wall_s", e->explain_wall_s);
    json_object_set_new(j, "coverage", e->explained && e->explain_coverage >= 0
                                           ? json_real(e->explain_coverage)
                                           : json_null());
    if (e->explain_isolate.pid)
        json_object_set_new(
            j, "isolate",
            json_pack("{s:i, s:i, s:o, s:f}", "pid", (int)e->explain_isolate.pid, "thread",
                      e->explain_isolate.thread, "role", esc_json_str(e->explain_isolate.role),
                      "share_of_growth", e->explain_share));
    else
        json_object_set_new(j, "isolate", json_null());
    json_object_set_new(j, "allocation_profiles",
                        e->profiles[0] ? esc_json_str(e->profiles) : json_null());
    return j;
}

/* Every isolate that answered the fitted samples, the fastest grower first. */
static json_t *isolates_json(const endpoint_result *e)
{
    json_t *a = json_array();
    for (int i = 0; i < e->n_isolates; i++) {
        const isolate_growth *g = &e->isolates[i];
        json_array_append_new(
            a, json_pack("{s:i, s:i, s:o, s:f, s:f, s:i}", "pid", (int)g->who.pid, "thread",
                         g->who.thread, "role", esc_json_str(g->who.role),
                         "heap_bytes_per_request", g->slope, "heap_bytes", g->last_heap,
                         "samples", g->samples));
    }
    return a;
}

static json_t *endpoint_json(const endpoint_result *e, const run_result *r)
{
    char warn[1400];
    const endpoint_cfg *ep = e->ep;
    json_t *signals = json_object(), *snaps = json_array();
    for (int k = 0; k < SIG_COUNT; k++)
        json_object_set_new(signals, signal_name((signal_kind)k),
                            signal_json((signal_kind)k, &e->signals[k]));
    for (int i = 0; i < e->n_snapshots; i++)
        json_array_append_new(snaps, esc_json_str(e->snapshots[i]));
    json_t *j = json_pack(
        "{s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:I, s:i, s:f, s:f, s:o, s:o, s:o, s:o}", "name",
        esc_json_str(ep->name), "verdict", endpoint_outcome_name(e->outcome), "reason",
        e->reason[0] ? esc_json_str(e->reason) : json_null(), "method", esc_json_str(ep->method),
        "path", esc_json_str(ep->path_src), "load", load_cfg_json(&ep->load), "warmup_requests",
        (json_int_t)e->warmup.completed, "requests_measured", (json_int_t)e->requests_measured,
        "steps", e->steps, "time_to_verdict_s", e->time_to_verdict_s, "wall_s", e->wall_s,
        "signals", signals, "requests", load_json(&e->warmup, &e->measured), "samples",
        samples_json(e), "snapshots", snaps);
    json_t *flow = json_null();
    if (ep->n_flow) {
        flow = json_array();
        for (int i = 0; i < ep->n_flow; i++)
            json_array_append_new(flow, esc_json_str(ep->flow[i]->request_text));
    }
    json_object_set_new(j, "flow", flow);
    json_object_set_new(j, "snapshot_error",
                        e->snapshot_error[0] ? esc_json_str(e->snapshot_error) : json_null());
    json_object_set_new(j, "explain", explain_json(e));
    json_object_set_new(j, "allocation_sites", e->has_sites ? allocsites_json(&e->sites, SIZE_MAX) : json_null());
    json_object_set_new(j, "allocation_sites_error",
                        e->sites_error[0] ? esc_json_str(e->sites_error) : json_null());
    json_object_set_new(j, "leaks", leaks_json(e));
    json_object_set_new(j, "explain_error",
                        e->explain_error[0] ? esc_json_str(e->explain_error) : json_null());
    /* what verdict.c decided beyond the verdict: bisect and CI read these */
    json_object_set_new(j, "ok", json_boolean(verdict_endpoint_ok(e)));
    json_object_set_new(j, "cause", json_string(verdict_cause_name(e->cause)));
    json_object_set_new(j, "hint", e->hint[0] ? esc_json_str(e->hint) : json_null());
    json_object_set_new(j, "capped_by",
                        e->capped == CAP_REQUESTS   ? json_string("max_requests")
                        : e->capped == CAP_DURATION ? json_string("max_duration")
                                                    : json_null());
    json_object_set_new(j, "isolates", isolates_json(e));
    json_object_set_new(j, "isolates_max", json_integer(e->isolates_max));
    json_object_set_new(j, "isolates_warning",
                        isolates_warning(e->isolates_came, e->isolates_went, e->stale_answers,
                                         r->isolates.overflow, e->silent_threads, e->unmeasured,
                         e->unmeasured_who, warn, sizeof warn)
                            ? json_string(warn)
                            : json_null());
    json_object_set_new(j, "pause_max_s", json_real(e->pause_max_s));
    json_object_set_new(j, "pause_total_s", json_real(e->pause_total_s));
    return j;
}

static json_t *teardown_json(const run_result *r)
{
    return json_pack("{s:i, s:o, s:i, s:f}", "strays", r->teardown_strays, "strays_detail",
                     r->teardown_detail[0] ? esc_json_str(r->teardown_detail) : json_null(),
                     "left_running", r->teardown_left_running, "seconds", r->teardown_s);
}

static json_t *mix_json(const run_result *r)
{
    if (!r->mixed) return json_null();
    return json_pack("{s:i, s:I, s:f, s:o}", "steps", r->mix_steps, "step_requests",
                     (json_int_t)r->mix_step_requests, "worst_correlation", r->mix_worst_r,
                     "warning", r->mix_warning[0] ? esc_json_str(r->mix_warning) : json_null());
}

static json_t *setup_json(const load_setup_report *s)
{
    json_t *steps = json_array();
    for (int i = 0; i < s->n; i++)
        json_array_append_new(
            steps, json_pack("{s:o, s:o, s:o, s:f, s:o}", "name", esc_json_str(s->step[i].name),
                             "request", esc_json_str(s->step[i].request), "status",
                             s->step[i].status ? json_integer(s->step[i].status) : json_null(),
                             "ms", s->step[i].ms, "captured",
                             esc_json_str(s->step[i].captured)));
    return json_pack("{s:o, s:b, s:i}", "requests", steps, "cookie_jar", s->jar, "cookies",
                     s->cookies);
}

json_t *report_json_build(const run_result *r)
{
    json_t *eps = json_array();
    for (int i = 0; i < r->n_endpoints; i++)
        json_array_append_new(eps, endpoint_json(&r->endpoints[i], r));
    return json_pack(
        "{s:s, s:s, s:o, s:o, s:{s:i, s:o, s:i, s:o, s:o, s:i, s:b}, s:o, s:o, s:i, s:f, s:o, s:o, "
        "s:o, s:o}",
        "leakcheck_version",
        LEAKCHECK_VERSION, "report_version", "1", "run_dir", esc_json_str(r->run_dir), "config",
        config_json(r->cfg), "target", "pid", r->target_pid, "node_version",
        r->node_version[0] ? esc_json_str(r->node_version) : json_null(), "port", r->port,
        "address", r->address[0] ? json_string(r->address) : json_null(), "port_passed",
        r->port_passed ? json_integer(r->port_passed) : json_null(),
        "restarts", r->restarts, "daemonized", r->daemonized, "endpoints", eps, "fatal", r->fatal[0] ? esc_json_str(r->fatal) : json_null(), "exit_code",
        r->exit_code, "wall_s", r->wall_s, "interrupted_by",
        r->interrupted_by ? json_integer(r->interrupted_by) : json_null(), "teardown",
        teardown_json(r), "setup", setup_json(&r->setup), "mix", mix_json(r));
}

int report_json_write(const run_result *r, char *err, size_t errlen)
{
    char path[PATH_MAX + 16], tmp[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/report.json", r->run_dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    json_t *j = report_json_build(r);
    if (!j) return snprintf(err, errlen, "report.json: could not build"), -1;
    int rc = json_dump_file(j, tmp, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(j);
    if (rc < 0 || rename(tmp, path) < 0) {
        int e = errno;
        unlink(tmp); /* complete or absent: never a partial report */
        return snprintf(err, errlen, "%s: could not write: %s", path, strerror(e)), -1;
    }
    return 0;
}
