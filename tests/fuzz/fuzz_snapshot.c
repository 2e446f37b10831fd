/* fuzz_snapshot.c — libFuzzer target: the heap snapshot parser and what runs
 * on a parsed snapshot (shallow sizes, dominators, classes, distances, class
 * summary, retainer paths, leak clusters, escaping of heap strings).
 *
 * hs_load reads a path, so the input goes into a memfd and is opened as
 * /proc/self/fd/N: no disk I/O, a regular file with a known size, like a real
 * snapshot. Nothing here prints; every output goes to /dev/null. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dominators.h"
#include "escape.h"
#include "heapclass.h"
#include "heapcluster.h"
#include "heapdiff.h"
#include "heapsnapshot.h"
#include "heapsummary.h"
#include "retainers.h"
#include "shallow.h"

static FILE *devnull;

static int input_file(const uint8_t *data, size_t size, char *path, size_t pathlen)
{
    int fd = memfd_create("fuzz-snapshot", MFD_CLOEXEC);
    if (fd < 0) abort();
    for (size_t off = 0; off < size;) {
        ssize_t n = write(fd, data + off, size - off);
        if (n <= 0) abort();
        off += (size_t)n;
    }
    snprintf(path, pathlen, "/proc/self/fd/%d", fd);
    return fd;
}

/* Edges given back and read again from the file must be the same edges. */
static void release_reload(hs_snapshot *s)
{
    char err[512];
    size_t n = s->edge_count;
    uint32_t *to = malloc((n ? n : 1) * sizeof *to), *name = malloc((n ? n : 1) * sizeof *name);
    uint8_t *type = malloc(n ? n : 1);
    if (!to || !name || !type) abort();
    memcpy(to, s->edge_to, n * sizeof *to);
    memcpy(name, s->edge_name, n * sizeof *name);
    memcpy(type, s->edge_type, n);
    hs_release(s, HS_PART_EDGES);
    if (hs_reload_edges(s, err, sizeof err) < 0) abort(); /* the file did not change */
    if (s->edge_count != n || memcmp(to, s->edge_to, n * sizeof *to) ||
        memcmp(name, s->edge_name, n * sizeof *name) || memcmp(type, s->edge_type, n))
        abort();
    free(to), free(name), free(type);
}

/* Paths formatted with only the edges hs_path_edges lists read back
 * (hs_reload_edges_of) must be the paths formatted with all edges. Leaves
 * all edges loaded again. */
static void partial_reload(hs_snapshot *s, const hs_classes *c, const hs_paths *p)
{
    enum { PATHS = 64 };
    char err[512], *full = malloc(PATHS * 1024), buf[1024];
    size_t n = s->node_count < PATHS ? s->node_count : PATHS, count = 0;
    uint64_t *seen = calloc(s->node_count / 64 + 1, sizeof *seen);
    uint32_t *nodes = malloc((s->node_count + 1) * sizeof *nodes);
    int hops[PATHS];

    if (!full || !seen || !nodes) abort();
        /* nodes spread over the snapshot, not just the roots at its start */
#define PICK(i) ((uint32_t)((uint64_t)(i)*s->node_count / n))
    for (size_t i = 0; i < n; i++)
        hops[i] = hs_path_format(s, c, p, PICK(i), 0, full + i * 1024, 1024);
    hs_release(s, HS_PART_EDGES);
    for (size_t i = 0; i < n; i++)
        hs_path_edges(s, p, PICK(i), seen, nodes, &count);
    if (hs_reload_edges_of(s, nodes, count, err, sizeof err)) abort();
    size_t first = count;
    hs_path_edges_more(s, seen, nodes, first, &count);
    if (hs_reload_edges_of(s, nodes + first, count - first, err, sizeof err)) abort();
    for (size_t i = 0; i < n; i++)
        if (hs_path_format(s, c, p, PICK(i), 0, buf, sizeof buf) != hops[i] ||
            strcmp(buf, full + i * 1024))
            abort();
#undef PICK
    if (hs_reload_edges(s, err, sizeof err)) abort();
    free(full), free(seen), free(nodes);
}

static void analyse(const char *path)
{
    hs_snapshot s;
    hs_dom d = {0};
    hs_classes c = {0};
    hs_paths p = {0};
    hs_retainers r = {0};
    hs_class_stat *st = NULL;
    size_t nst = 0;
    int32_t *dist = NULL;
    char err[512] = "", buf[4096];

    if (hs_load(path, HS_LOAD_FULL, &s, err, sizeof err) < 0) {
        if (!err[0]) abort(); /* an error must say what it is */
        hs_free(&s);
        return;
    }
    if (hs_shallow_sizes(&s) || hs_dominators(&s, &d, err, sizeof err)) goto out;
    if (hs_classes_build(&s, &c, err, sizeof err)) goto out;
    dist = malloc((s.node_count ? s.node_count : 1) * sizeof *dist);
    if (!dist || hs_distances(&s, dist)) goto out;
    if (hs_summary(&s, &c, &d, dist, &st, &nst) || hs_paths_build(&s, &p)) goto out;
    if (hs_retainers_build(&s, &r) == 0) hs_retainers_free(&r);
    release_reload(&s);
    partial_reload(&s, &c, &p);
    for (size_t i = 0; i < nst && i < 50; i++)
        esc_term(devnull, strtab_str(&c.names, c.key_name[st[i].key]), ESC_STRLEN);
    for (size_t v = 0; v < s.node_count && v < 200; v++) {
        for (int shape = 0; shape < 2; shape++)
            if (hs_path_format(&s, &c, &p, (uint32_t)v, shape, buf, sizeof buf) >= 0) {
                char *u = esc_utf8_dup(buf, ESC_STRLEN);
                esc_html(devnull, buf, ESC_STRLEN);
                esc_xml(devnull, buf, ESC_STRLEN);
                esc_yaml(devnull, buf, ESC_STRLEN);
                free(u);
            }
        hs_plain_object_name(&s, v, buf, sizeof buf);
    }
out:
    free(st), free(dist);
    hs_paths_free(&p);
    hs_classes_free(&c);
    hs_dom_free(&d);
    hs_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64], err[512];
    if (!devnull) devnull = fopen("/dev/null", "w");
    int fd = input_file(data, size, path, sizeof path);
    analyse(path);

    /* The diff pipeline with S1 = S2 = S3. Each load allocates the reader's
     * window, which ASan poisons at a cost: the two-file comparison runs on
     * inputs of odd size only, the three-file clusters on the others, half
     * of them together with the comparison (`leakcheck diff S1 S2 S3`). */
    heapdiff_result res = {0}, cmp = {0};
    if (size % 2)
        heapdiff_compare(path, path, &res, err, sizeof err);
    else if ((size % 4 ? heapdiff_clusters(path, path, path, 100, &res, err, sizeof err)
                       : heapdiff_compare_clusters(path, path, path, 100, &cmp, &res, err,
                                                   sizeof err)) == 0)
        for (size_t i = 0; i < res.nclusters; i++)
            esc_term(devnull, res.clusters[i].path, ESC_STRLEN);
    heapdiff_result_free(&res);
    heapdiff_result_free(&cmp);
    close(fd);
    return 0;
}
