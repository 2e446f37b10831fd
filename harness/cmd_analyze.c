/* cmd_analyze.c — `leakcheck analyze` and `leakcheck diff`: the heap snapshot
 * analyzers run on files alone, printing for a terminal or as JSON.
 *
 * Every string that came from the heap goes through esc_term (terminal) or
 * esc_json_str (before jansson). Exit 0 on success, 2 on a usage error or an
 * unreadable/malformed snapshot ("leakcheck: FILE: offset N: ..."). */
#include "cmd_analyze.h"
#include "allocprofile.h"
#include "allocsites_json.h"
#include "escape.h"
#include "escape_json.h"
#include "exitcodes.h"
#include "heapanalyze.h"
#include "heapcluster.h"
#include "heapdiff.h"
#include "leaks_json.h"
#include "xalloc.h"

#include <jansson.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct opts {
    const char *files[3];
    const char *profiles; /* --profiles FILE */
    int nfiles, json;
    long top;
    uint64_t requests;
} opts;

static const char analyze_usage[] =
    "usage: leakcheck analyze FILE.heapsnapshot [--top N] [--json]\n"
    "  Totals and the top N classes by retained size (DevTools' rules).\n"
    "  --top N   classes to list (default 20)\n"
    "  --json    machine-readable output\n";

static const char diff_usage[] =
    "usage: leakcheck diff S1 S2 [S3] [--requests N] [--profiles FILE] [--top N] [--json]\n"
    "  Two snapshots: per-class comparison (added/removed objects and bytes).\n"
    "  Three snapshots of one process: also leak clusters, objects allocated\n"
    "  between S1 and S2 still alive in S3, grouped by class and retainer path.\n"
    "  With three snapshots of a leakcheck run, also the allocation sites of its\n"
    "  explain phase, from NN-endpoint-allocations.json beside S3.\n"
    "  --requests N  requests made between S1 and S2 (for per-request figures;\n"
    "                default: the figure in the allocations file, if any)\n"
    "  --profiles FILE  the allocations file, when it is not beside S3\n"
    "  --top N       rows to list (default 20)\n"
    "  --json        machine-readable output\n";

static int usage(const char *text, const char *problem)
{
    if (problem) fprintf(stderr, "leakcheck: %s\n", problem);
    fputs(text, problem ? stderr : stdout);
    fputc('\n', problem ? stderr : stdout);
    exitcodes_print(problem ? stderr : stdout, "leakcheck analyze, leakcheck diff",
                    exitcodes_analyze);
    return problem ? 2 : 0;
}

static int parse_num(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s || *s == '-') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end) return -1;
    *out = v;
    return 0;
}

/* Returns 0 ok, 1 help printed, 2 usage error. */
static int parse_opts(int argc, char **argv, int maxfiles, const char *text, opts *o)
{
    char msg[200];
    memset(o, 0, sizeof *o);
    o->top = 20;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        uint64_t v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) return usage(text, NULL), 1;
        if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--profiles") && text == diff_usage) {
            if (i + 1 >= argc) return usage(text, "--profiles needs a file");
            o->profiles = argv[++i];
        } else if (!strcmp(a, "--top") || !strcmp(a, "--requests")) {
            if (parse_num(i + 1 < argc ? argv[i + 1] : NULL, &v) || (a[2] == 't' && v > 1000000)) {
                snprintf(msg, sizeof msg, "%s needs a non-negative integer", a);
                return usage(text, msg);
            }
            if (a[2] == 't')
                o->top = (long)v;
            else
                o->requests = v;
            i++;
        } else if (a[0] == '-' && a[1]) {
            snprintf(msg, sizeof msg, "unknown option '%.100s'", a);
            return usage(text, msg);
        } else if (o->nfiles < maxfiles) {
            o->files[o->nfiles++] = a;
        } else {
            return usage(text, "too many files");
        }
    }
    return 0;
}

/* The analyzers allocate and free per-node arrays of tens of megabytes phase
 * after phase. glibc raises its mmap threshold after each such free, so the
 * next arrays would come from the heap and their memory, once freed, would
 * stay resident; a fixed threshold keeps every big array an mmap that free
 * gives back, which is what keeps peak RSS near the largest phase. */
static void big_arrays_to_os(void)
{
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
}

static int fail(const char *file, const char *err)
{
    fputs("leakcheck: ", stderr);
    if (file) esc_term(stderr, file, ESC_STRLEN), fputs(": ", stderr);
    esc_term(stderr, err, ESC_STRLEN);
    fputc('\n', stderr);
    return 2;
}

static void json_str(json_t *o, const char *key, const char *heap_text)
{
    json_object_set_new(o, key, esc_json_str(heap_text));
}

static void print_analysis_json(const char *file, const hs_analysis *a, long top)
{
    json_t *o = json_object(), *arr = json_array();
    char *path = xmalloc(4096);
    json_str(o, "file", file);
    json_object_set_new(o, "nodes", json_integer((json_int_t)a->s.node_count));
    json_object_set_new(o, "edges", json_integer((json_int_t)a->s.edge_count));
    json_object_set_new(o, "strings", json_integer((json_int_t)a->s.str_count));
    json_object_set_new(o, "self_size_total", json_integer((json_int_t)a->self_total));
    json_object_set_new(o, "retained_total", json_integer((json_int_t)a->d.retained[a->s.root]));
    json_object_set_new(o, "unreachable", json_integer((json_int_t)a->d.unreachable));
    json_object_set_new(o, "classes_total", json_integer((json_int_t)a->nst));
    for (size_t i = 0; i < a->nst && (long)i < top; i++) {
        const hs_class_stat *c = &a->st[i];
        json_t *x = json_object();
        json_str(x, "name", strtab_str(&a->c.names, a->c.key_name[c->key]));
        json_str(x, "key", strtab_str(&a->c.keys, c->key));
        json_object_set_new(x, "count", json_integer((json_int_t)c->count));
        json_object_set_new(x, "self_bytes", json_integer((json_int_t)c->self_bytes));
        json_object_set_new(x, "retained_bytes", json_integer((json_int_t)c->retained_bytes));
        json_object_set_new(x, "distance", json_integer(c->distance));
        uint32_t v = hs_analysis_example(a, c->key);
        if (hs_path_format(&a->s, &a->c, &a->p, v, 0, path, 4096) >= 0) json_str(x, "path", path);
        json_array_append_new(arr, x);
    }
    json_object_set_new(o, "classes", arr);
    json_dumpf(o, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(o);
    free(path);
}

static void print_analysis_text(const char *file, const hs_analysis *a, long top)
{
    char *path = xmalloc(4096);
    esc_term(stdout, file, ESC_STRLEN);
    printf(": %zu nodes, %zu edges, %zu strings, self size total %llu bytes", a->s.node_count,
           a->s.edge_count, a->s.str_count, (unsigned long long)a->self_total);
    if (a->d.unreachable) printf(" (%zu nodes unreachable from the roots)", a->d.unreachable);
    printf("\n\nTop %ld of %zu classes by retained size:\n",
           top < (long)a->nst ? top : (long)a->nst, a->nst);
    printf("%14s %14s %10s %8s  %s\n", "retained", "self", "count", "distance", "class");
    for (size_t i = 0; i < a->nst && (long)i < top; i++) {
        const hs_class_stat *c = &a->st[i];
        printf("%14llu %14llu %10llu %8d  ", (unsigned long long)c->retained_bytes,
               (unsigned long long)c->self_bytes, (unsigned long long)c->count, c->distance);
        esc_term(stdout, strtab_str(&a->c.names, a->c.key_name[c->key]), ESC_STRLEN);
        uint32_t v = hs_analysis_example(a, c->key);
        if (hs_path_format(&a->s, &a->c, &a->p, v, 0, path, 4096) >= 0) {
            printf("\n%48s", "e.g. ");
            esc_term(stdout, path, ESC_STRLEN);
        }
        fputc('\n', stdout);
    }
    free(path);
}

int cmd_analyze(int argc, char **argv)
{
    opts o;
    hs_analysis a;
    char err[512] = "";
    int rc = parse_opts(argc, argv, 1, analyze_usage, &o);

    if (rc) return rc == 1 ? 0 : 2;
    if (o.nfiles != 1) return usage(analyze_usage, "analyze needs one snapshot file");
    big_arrays_to_os();
    if (hs_analysis_run(o.files[0], &a, err, sizeof err)) return fail(o.files[0], err);
    if (o.json)
        print_analysis_json(o.files[0], &a, o.top);
    else
        print_analysis_text(o.files[0], &a, o.top);
    hs_analysis_free(&a);
    return 0;
}

static json_t *classes_json(const heapdiff_result *r, long top)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < r->nclasses && (long)i < top; i++) {
        const heapdiff_class *c = &r->classes[i];
        json_t *x = json_object();
        json_str(x, "name", c->name);
        json_str(x, "key", c->key);
        json_object_set_new(x, "added_count", json_integer((json_int_t)c->added_count));
        json_object_set_new(x, "removed_count", json_integer((json_int_t)c->removed_count));
        json_object_set_new(x, "count_delta", json_integer((json_int_t)c->count_delta));
        json_object_set_new(x, "added_bytes", json_integer((json_int_t)c->added_bytes));
        json_object_set_new(x, "removed_bytes", json_integer((json_int_t)c->removed_bytes));
        json_object_set_new(x, "size_delta", json_integer((json_int_t)c->size_delta));
        json_array_append_new(arr, x);
    }
    return arr;
}

static void print_diff_json(const opts *o, const heapdiff_result *cmp, const heapdiff_result *cl,
                            const alloc_sites *sites)
{
    json_t *out = json_object();
    json_str(out, "before", o->files[0]);
    json_str(out, "after", o->files[o->nfiles - 1]);
    json_object_set_new(out, "classes", classes_json(cmp, o->top));
    if (o->nfiles == 3)
        json_object_set_new(out, "leaks", leaks_json_build(cl, (size_t)o->top, LEAKS_JSON_DIFF));
    if (sites) {
        json_str(out, "allocation_profiles", o->profiles);
        json_object_set_new(out, "allocation_sites", allocsites_json(sites, (size_t)o->top));
    }
    json_dumpf(out, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(out);
}

/* The explain phase's allocation sites: where what S2..S3 kept was allocated. */
static void print_sites_text(const opts *o, const alloc_sites *sites)
{
    char at[600], stack[2048];
    printf("\nAllocation sites (sampling heap profiler, kept between S2 and S3; ");
    esc_term(stdout, o->profiles, ESC_STRLEN);
    printf("):%s\n", sites->nsites ? "" : " none above 1 B/request");
    for (size_t i = 0; i < sites->nsites && (long)i < o->top; i++) {
        const alloc_site *a = &sites->sites[i];
        printf("%2zu. ", i + 1);
        esc_term(stdout, allocsites_describe(&a->at, at, sizeof at), ESC_STRLEN);
        printf(": %.1f B/request [%s]\n    ", a->bytes_per_request,
               allocsites_kind_name(a->at.kind));
        esc_term(stdout, allocsites_stack_text(a, 8, " <- ", stack, sizeof stack), ESC_STRLEN);
        fputc('\n', stdout);
    }
}

static void print_diff_text(const opts *o, const heapdiff_result *cmp, const heapdiff_result *cl)
{
    printf("Comparison ");
    esc_term(stdout, o->files[0], ESC_STRLEN);
    printf(" -> ");
    esc_term(stdout, o->files[o->nfiles - 1], ESC_STRLEN);
    printf(" (top %ld classes by size change):\n", o->top);
    printf("%10s %10s %10s %14s  %s\n", "+count", "-count", "delta", "size delta", "class");
    for (size_t i = 0; i < cmp->nclasses && (long)i < o->top; i++) {
        const heapdiff_class *c = &cmp->classes[i];
        printf("%10llu %10llu %+10lld %+14lld  ", (unsigned long long)c->added_count,
               (unsigned long long)c->removed_count, (long long)c->count_delta,
               (long long)c->size_delta);
        esc_term(stdout, c->name, ESC_STRLEN);
        fputc('\n', stdout);
    }
    if (o->nfiles < 3) return;
    /* per-request figures only when the requests are known (--requests or
     * the profiles file): zeros would read as "nothing per request" */
    printf("\nLeak clusters: %zu objects allocated between S1 and S2 (ids %u..%u) still alive in "
           "S3",
           cl->candidates, cl->s1_max_id, cl->s2_max_id);
    if (cl->requests) printf("; %llu requests", (unsigned long long)cl->requests);
    printf("\n");
    for (size_t i = 0; i < cl->nclusters && (long)i < o->top; i++) {
        const heapdiff_cluster *c = &cl->clusters[i];
        printf("%2zu. ", i + 1);
        esc_term(stdout, c->class_name, ESC_STRLEN);
        if (cl->requests)
            printf(": %llu objects (%.2f/request), %llu bytes retained (%.1f/request), %llu self\n",
                   (unsigned long long)c->count, c->count_per_request,
                   (unsigned long long)c->retained_bytes, c->retained_bytes_per_request,
                   (unsigned long long)c->self_bytes);
        else
            printf(": %llu objects, %llu bytes retained, %llu self\n",
                   (unsigned long long)c->count, (unsigned long long)c->retained_bytes,
                   (unsigned long long)c->self_bytes);
        printf("    ");
        esc_term(stdout, c->path, ESC_STRLEN);
        fputc('\n', stdout);
    }
}

/* The allocations file: --profiles, else the one beside S3 if there is one.
 * 1 loaded, 0 none, -1 error (in err). Without --requests, the file's
 * requests between S1 and S2 become o->requests. */
static int load_sites(opts *o, alloc_sites *sites, char *err, size_t errlen)
{
    static char beside[4096];
    int64_t requests = 0;
    if (!o->profiles && o->nfiles == 3 &&
        allocprofile_path_for(o->files[2], beside, sizeof beside) && access(beside, R_OK) == 0)
        o->profiles = beside;
    if (!o->profiles) return 0;
    if (allocprofile_load(o->profiles, sites, &requests, err, errlen)) return -1;
    if (!o->requests && requests > 0) o->requests = (uint64_t)requests;
    return 1;
}

int cmd_diff(int argc, char **argv)
{
    opts o;
    heapdiff_result cmp = {0}, cl = {0};
    alloc_sites sites = {0};
    char err[512] = "";
    int rc = parse_opts(argc, argv, 3, diff_usage, &o);

    if (rc) return rc == 1 ? 0 : 2;
    if (o.nfiles < 2) return usage(diff_usage, "diff needs two or three snapshot files");
    int have_sites = load_sites(&o, &sites, err, sizeof err);
    if (have_sites < 0) return fail(NULL, err);
    big_arrays_to_os();
    if (o.nfiles == 3 ? heapdiff_compare_clusters(o.files[0], o.files[1], o.files[2], o.requests,
                                                  &cmp, &cl, err, sizeof err)
                      : heapdiff_compare(o.files[0], o.files[1], &cmp, err, sizeof err)) {
        heapdiff_result_free(&cmp);
        heapdiff_result_free(&cl);
        allocsites_free(&sites);
        return fail(NULL, err);
    }
    if (o.json)
        print_diff_json(&o, &cmp, &cl, have_sites ? &sites : NULL);
    else
        print_diff_text(&o, &cmp, &cl);
    if (have_sites && !o.json) print_sites_text(&o, &sites);
    allocsites_free(&sites);
    heapdiff_result_free(&cmp);
    heapdiff_result_free(&cl);
    return 0;
}
