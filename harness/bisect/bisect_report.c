/* bisect_report.c — what `leakcheck bisect` found, as a table (default),
 * TAP 13 (one test point per tested commit) or JSON; and the progress line
 * per commit on stderr.
 *
 * Commit subjects, notes (which quote build and run logs), endpoint names and
 * the diff stat come from the repository under test: every one goes through
 * escape.h for the output it lands in. Rows are in history order (oldest
 * first); the `#` column gives the order they were tested in. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "bisect_int.h"
#include "escape.h"
#include "escape_json.h"
#include "units.h"

const char *bisect_verdict_name(bisect_verdict v)
{
    static const char *names[] = {"untested", "good", "bad", "skip", "inconclusive", "stopped"};
    return names[v];
}

const char *bisect_install_name(bisect_install i)
{
    static const char *names[] = {"none", "cached", "stored", "uncached", "failed"};
    return names[i];
}

/* ", install cached 0.4 s" / ", installed 21.3 s and stored" / "" */
static void install_text(const bisect_commit *bc, char *buf, size_t len)
{
    static const char *const fmt[] = {"", ", install from cache %.1f s",
                                      ", installed %.1f s and cached", ", installed %.1f s",
                                      ", install failed after %.1f s"};
    snprintf(buf, len, fmt[bc->install], bc->install_s);
}

/* "build cache DIR: 7 of 8 installs from it, 1 stored; 2 entries, 3.1 MB" */
static void cache_text(const bisect_ctx *c, char *buf, size_t len)
{
    char size[32];
    snprintf(buf, len, "build cache %s: %d of %d install%s from it, %d stored", c->cache_dir,
             c->cache_hits, c->installs, c->installs == 1 ? "" : "s", c->cache_stored);
    size_t used = strlen(buf);
    if (c->cache_evicted && used < len)
        used += (size_t)snprintf(buf + used, len - used, ", %d evicted", c->cache_evicted);
    if (c->cache_dropped && used < len)
        used +=
            (size_t)snprintf(buf + used, len - used, ", %d dropped (written to)", c->cache_dropped);
    if (used < len)
        snprintf(buf + used, len - used, "; %d entr%s, %s", c->cache_entries,
                 c->cache_entries == 1 ? "y" : "ies",
                 units_format_bytes(c->cache_bytes, size, sizeof size));
}

static int cache_used(const bisect_ctx *c)
{
    return c->cache_dir[0] && c->installs;
}

/* "good", "good (inconclusive)", "bad (runs disagree)" */
static void verdict_label(const bisect_commit *bc, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", bisect_verdict_name(bc->verdict),
             bc->disagrees      ? " (runs disagree)"
             : bc->inconclusive ? " (inconclusive)"
                                : "");
}

static const bisect_attempt *last_run(const bisect_commit *bc)
{
    return bc->n_runs ? &bc->runs[bc->n_runs - 1] : NULL;
}

static void slope_text(const bisect_commit *bc, char *buf, size_t len)
{
    const bisect_attempt *a = last_run(bc);
    if (a && a->has_slope)
        snprintf(buf, len, "%.1f [%.1f, %.1f] B/request", a->slope, a->ci_lo, a->ci_hi);
    else
        snprintf(buf, len, "-");
}

void bisect_report_progress(const bisect_ctx *c, const bisect_commit *bc)
{
    char verdict[48], slope[96], inst[64];
    if (c->quiet) return;
    verdict_label(bc, verdict, sizeof verdict);
    slope_text(bc, slope, sizeof slope);
    install_text(bc, inst, sizeof inst);
    fprintf(stderr, "leakcheck bisect: #%d %s %-12s heap %s (%.1f s%s) ", bc->order, bc->short_sha,
            verdict, slope, bc->seconds, inst);
    esc_term(stderr, bc->subject, ESC_STRLEN);
    fputc('\n', stderr);
    if (bc->note[0]) {
        fputs("    ", stderr);
        esc_term(stderr, bc->note, ESC_STRLEN);
        fputc('\n', stderr);
    }
}

/* Each line of a multi-line untrusted text, escaped, after a prefix. */
static void print_lines(FILE *out, const char *prefix, const char *text)
{
    for (const char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (line != nl) fputs(prefix, out); /* no trailing blanks on empty lines */
        esc_term(out, line, nl ? (size_t)(nl - line) : strlen(line));
        fputc('\n', out);
    }
}

/* ---- table ---- */

static void table_row(FILE *out, const bisect_commit *bc)
{
    char verdict[48], slope[96];
    verdict_label(bc, verdict, sizeof verdict);
    slope_text(bc, slope, sizeof slope);
    fprintf(out, "%3d  %-10s %-20s %36s %8.1f  ", bc->order, bc->short_sha, verdict, slope,
            bc->seconds);
    esc_term(out, bc->subject, ESC_STRLEN);
    fputc('\n', out);
}

static void table_notes(FILE *out, const bisect_ctx *c)
{
    for (int i = 0; i < c->n; i++) {
        const bisect_commit *bc = &c->commits[i];
        if (!bc->order || !bc->note[0]) continue;
        fprintf(out, "%s %s: ", bc->short_sha, bisect_verdict_name(bc->verdict));
        esc_term(out, bc->note, ESC_STRLEN);
        fputc('\n', out);
    }
    for (int i = 0; i < c->n_notes; i++) {
        fputs("note: ", out);
        esc_term(out, c->notes[i], ESC_STRLEN);
        fputc('\n', out);
    }
}

static void report_table(FILE *out, const bisect_ctx *c)
{
    fprintf(out, "%3s  %-10s %-20s %36s %8s  %s\n", "#", "commit", "verdict", "heap slope [CI]",
            "seconds", "subject");
    for (int i = 0; i < c->n; i++)
        if (c->commits[i].order) table_row(out, &c->commits[i]);
    fputc('\n', out);
    table_notes(out, c);
    if (c->first_bad >= 0) {
        const bisect_commit *bc = &c->commits[c->first_bad];
        fprintf(out, "first bad commit: %s\n    ", bc->sha);
        esc_term(out, bc->subject, ESC_STRLEN);
        fputc('\n', out);
        if (c->stat) print_lines(out, "    ", c->stat);
    } else {
        esc_term(out, c->conclusion, ESC_STRLEN);
        fputc('\n', out);
    }
    if (cache_used(c)) {
        char line[PATH_MAX + 200];
        cache_text(c, line, sizeof line);
        esc_term(out, line, ESC_STRLEN);
        fputc('\n', out);
    }
    fprintf(out, "%d commits tested in %.1f s\n", c->tested, c->wall_s);
}

/* ---- TAP ---- */

static void tap_yaml_str(FILE *out, const char *key, const char *v)
{
    fprintf(out, "  %s: ", key);
    esc_yaml(out, v, ESC_STRLEN);
    fputc('\n', out);
}

static void tap_commit(FILE *out, int n, const bisect_commit *bc)
{
    const bisect_attempt *a = last_run(bc);
    fprintf(out, "%s %d - %s ", bc->verdict == BV_BAD ? "not ok" : "ok", n, bc->short_sha);
    esc_tap_desc(out, bc->subject, ESC_STRLEN);
    if (bc->verdict == BV_SKIP) {
        fputs(" # SKIP ", out);
        esc_tap_desc(out, bc->note, ESC_STRLEN);
    }
    fprintf(out, "\n  ---\n  commit: %s\n", bc->sha);
    tap_yaml_str(out, "subject", bc->subject);
    fprintf(out, "  verdict: %s\n  tested: %d\n  runs: %d\n", bisect_verdict_name(bc->verdict),
            bc->order, bc->n_runs);
    fprintf(out, "  inconclusive: %s\n", bc->inconclusive ? "true" : "false");
    fprintf(out, "  runs_disagree: %s\n", bc->disagrees ? "true" : "false");
    if (a && a->has_slope) {
        fprintf(out, "  heap:\n    slope_bytes_per_request: %.6g\n", a->slope);
        fprintf(out, "    ci: [%.6g, %.6g]\n", a->ci_lo, a->ci_hi);
        tap_yaml_str(out, "endpoint", a->endpoint);
    }
    if (bc->note[0]) tap_yaml_str(out, "note", bc->note);
    if (bc->install != BI_NONE)
        fprintf(out, "  install: %s\n  install_seconds: %.2f\n", bisect_install_name(bc->install),
                bc->install_s);
    fprintf(out, "  seconds: %.2f\n  ...\n", bc->seconds);
}

static void report_tap(FILE *out, const bisect_ctx *c)
{
    int n = 0;
    fprintf(out, "TAP version 13\n1..%d\n", c->tested);
    for (int i = 0; i < c->n; i++)
        if (c->commits[i].order) tap_commit(out, ++n, &c->commits[i]);
    for (int i = 0; i < c->n_notes; i++)
        print_lines(out, "# note: ", c->notes[i]);
    if (c->first_bad >= 0) {
        const bisect_commit *bc = &c->commits[c->first_bad];
        fprintf(out, "# first bad commit: %s ", bc->sha);
        esc_term(out, bc->subject, ESC_STRLEN);
        fputc('\n', out);
        if (c->stat) print_lines(out, "#     ", c->stat);
    } else {
        print_lines(out, "# ", c->conclusion);
    }
    if (cache_used(c)) {
        char line[PATH_MAX + 200];
        cache_text(c, line, sizeof line);
        print_lines(out, "# ", line);
    }
    fprintf(out, "# %d commits tested in %.1f s\n", c->tested, c->wall_s);
}

/* ---- JSON ---- */

/* bisect.json has "" where a string is missing (no stat, no endpoint), not null. */
static json_t *jstr(const char *s)
{
    return esc_json_str(s ? s : "");
}

static json_t *json_run(const bisect_attempt *a)
{
    json_t *r = json_object();
    json_object_set_new(r, "exit_code", json_integer(a->exit_code));
    json_object_set_new(r, "verdict", json_string(bisect_verdict_name(a->verdict)));
    if (a->has_slope) {
        json_object_set_new(r, "heap_slope_bytes_per_request", json_real(a->slope));
        json_object_set_new(r, "ci", json_pack("[f, f]", a->ci_lo, a->ci_hi));
        json_object_set_new(r, "endpoint", jstr(a->endpoint));
    }
    return r;
}

static json_t *json_commit(const bisect_commit *bc)
{
    json_t *o = json_object(), *runs = json_array();
    json_object_set_new(o, "commit", json_string(bc->sha));
    json_object_set_new(o, "short", json_string(bc->short_sha));
    json_object_set_new(o, "subject", jstr(bc->subject));
    json_object_set_new(o, "verdict", json_string(bisect_verdict_name(bc->verdict)));
    json_object_set_new(o, "tested", json_integer(bc->order));
    json_object_set_new(o, "inconclusive", json_boolean(bc->inconclusive));
    json_object_set_new(o, "runs_disagree", json_boolean(bc->disagrees));
    for (int i = 0; i < bc->n_runs; i++)
        json_array_append_new(runs, json_run(&bc->runs[i]));
    json_object_set_new(o, "runs", runs);
    if (bc->note[0]) json_object_set_new(o, "note", jstr(bc->note));
    json_object_set_new(o, "install", json_string(bisect_install_name(bc->install)));
    json_object_set_new(o, "install_seconds", json_real(bc->install_s));
    json_object_set_new(o, "seconds", json_real(bc->seconds));
    return o;
}

static void report_json(FILE *out, const bisect_ctx *c)
{
    json_t *root = json_object(), *commits = json_array(), *notes = json_array();
    for (int i = 0; i < c->n; i++)
        if (c->commits[i].order) json_array_append_new(commits, json_commit(&c->commits[i]));
    for (int i = 0; i < c->n_notes; i++)
        json_array_append_new(notes, jstr(c->notes[i]));
    json_object_set_new(root, "good", json_string(c->commits[0].sha));
    json_object_set_new(root, "bad", json_string(c->commits[c->n - 1].sha));
    json_object_set_new(root, "commits", commits);
    json_t *fb = json_null();
    if (c->first_bad >= 0) {
        fb = json_commit(&c->commits[c->first_bad]);
        json_object_set_new(fb, "stat", jstr(c->stat));
    }
    json_object_set_new(root, "first_bad", fb);
    json_object_set_new(root, "notes", notes);
    json_object_set_new(root, "conclusion", jstr(c->conclusion));
    json_object_set_new(root, "exit_code", json_integer(c->status));
    json_object_set_new(root, "commits_tested", json_integer(c->tested));
    json_t *cache = json_null();
    if (c->cache_dir[0])
        cache = json_pack("{s:o, s:i, s:i, s:i, s:i, s:i, s:i, s:f}", "dir", jstr(c->cache_dir),
                          "installs", c->installs, "hits", c->cache_hits, "stored", c->cache_stored,
                          "evicted", c->cache_evicted, "dropped", c->cache_dropped, "entries",
                          c->cache_entries, "bytes", c->cache_bytes);
    json_object_set_new(root, "build_cache", cache);
    json_object_set_new(root, "wall_seconds", json_real(c->wall_s));
    json_dumpf(root, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(root);
}

void bisect_report(FILE *out, const bisect_ctx *c)
{
    if (c->format == BISECT_FMT_TAP)
        report_tap(out, c);
    else if (c->format == BISECT_FMT_JSON)
        report_json(out, c);
    else
        report_table(out, c);
    fflush(out);
}
