/* heapcluster.c — leak clusters from three snapshots (see heapcluster.h).
 *
 * Steps: max ids of S1 and S2 (ids-only loads), full load of S3 with
 * DevTools sizes, classes, dominators and readable paths; mark candidates
 * by id range; keep root-most ones; group by (class key, path shape). */
#include "heapcluster.h"
#include "dominators.h"
#include "heapclass.h"
#include "heapdiff.h"
#include "retainers.h"
#include "shallow.h"
#include "strtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_TEXT 4096

static int max_id(const char *path, uint32_t *out, char *err, size_t errlen)
{
    hs_snapshot s;
    char e[400];
    if (hs_load(path, HS_LOAD_IDS, &s, e, sizeof e)) {
        snprintf(err, errlen, "%s: %s", path, e);
        return -1;
    }
    *out = s.max_js_id;
    hs_free(&s);
    return 0;
}

/* System objects: never a cluster, never hide a candidate below them. */
static int is_system(const hs_snapshot *s, uint32_t v)
{
    int t = s->node_type[v];
    return t == s->nt.hidden || t == s->nt.code || t == s->nt.object_shape || t == s->nt.array ||
           t == s->nt.synthetic;
}

typedef struct graph {
    hs_snapshot s;
    hs_classes c;
    hs_dom d;
    hs_paths p;
} graph;

static void graph_free(graph *g)
{
    hs_paths_free(&g->p);
    hs_dom_free(&g->d);
    hs_classes_free(&g->c);
    hs_free(&g->s);
}

/* Dominators and paths of a graph whose snapshot and classes are loaded. */
static int graph_paths(const char *path, graph *g, char *err, size_t errlen)
{
    char e[400];
    if (hs_dominators(&g->s, &g->d, e, sizeof e) || hs_paths_build(&g->s, &g->p) ||
        hs_paths_index_via(&g->s, &g->p)) {
        snprintf(err, errlen, "%s: out of memory analysing the snapshot", path);
        graph_free(g);
        return -1;
    }
    return 0;
}

static int load_graph(const char *path, graph *g, char *err, size_t errlen)
{
    char e[400];
    memset(g, 0, sizeof *g);
    if (hs_load(path, HS_LOAD_FULL, &g->s, e, sizeof e)) {
        snprintf(err, errlen, "%s: %s", path, e);
        return -1;
    }
    if (hs_shallow_sizes(&g->s) || hs_classes_build(&g->s, &g->c, e, sizeof e)) {
        snprintf(err, errlen, "%s: out of memory analysing the snapshot", path);
        graph_free(g);
        return -1;
    }
    return graph_paths(path, g, err, errlen);
}

/* Root-most: no non-system candidate strictly above v in the dominator tree. */
static int root_most(const graph *g, const uint8_t *cand, uint32_t v)
{
    for (uint32_t u = g->d.idom[v]; u != g->s.root; u = g->d.idom[u])
        if (cand[u] && !is_system(&g->s, u)) return 0;
    return 1;
}

typedef struct acc {
    strtab keys; /* "classkey\npathshape" -> cluster index */
    heapdiff_cluster *cl;
    size_t n, cap;
} acc;

static int add_member(acc *a, const graph *g, uint32_t v, char *shape, char *buf)
{
    const char *ck = strtab_str(&g->c.keys, g->c.node_class[v]);
    size_t lk = strlen(ck), ls = strlen(shape);
    char *key = malloc(lk + ls + 2);
    if (!key) return -1;
    memcpy(key, ck, lk), key[lk] = '\n', memcpy(key + lk + 1, shape, ls + 1);
    int64_t id = strtab_intern(&a->keys, key, lk + ls + 1);
    free(key);
    if (id < 0) return -1;
    if ((size_t)id == a->n) {
        if (a->n == a->cap) {
            size_t cap = a->cap ? a->cap * 2 : 64;
            heapdiff_cluster *c = realloc(a->cl, cap * sizeof *c);
            if (!c) return -1;
            a->cl = c, a->cap = cap;
        }
        heapdiff_cluster *c = &a->cl[a->n++];
        memset(c, 0, sizeof *c);
        hs_path_format(&g->s, &g->c, &g->p, v, 0, buf, PATH_MAX_TEXT);
        c->class_name = strdup(hs_class_name(&g->c, v));
        c->path = strdup(buf);
        c->shape = strdup(shape);
        c->example_id = g->s.node_id[v];
        if (!c->class_name || !c->path || !c->shape) return -1;
    }
    heapdiff_cluster *c = &a->cl[id];
    c->count++;
    c->self_bytes += hs_self_size(&g->s, v);
    c->retained_bytes += g->d.retained[v];
    return 0;
}

static int by_retained(const void *x, const void *y)
{
    const heapdiff_cluster *a = x, *b = y;
    if (a->retained_bytes != b->retained_bytes)
        return a->retained_bytes > b->retained_bytes ? -1 : 1;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return a->example_id < b->example_id ? -1 : a->example_id > b->example_id;
}

/* The cluster key's path part: the last CLUSTER_HOPS hops of the shape, i.e.
 * the holder and what leads into it. The same holder is often reached by
 * different routes from the roots (a timer list via setInterval or via
 * clearTimeout; an array via a handle scope in one snapshot), and those must
 * be one cluster. */
#define CLUSTER_HOPS 3
static const char *holder_shape(const char *shape)
{
    static const char arrow[] = " \xe2\x86\x92 ";
    const char *cut = shape;
    int hops = 0;
    for (const char *p = shape + strlen(shape); p > shape; p--)
        if (!strncmp(p, arrow, sizeof arrow - 1) && ++hops == CLUSTER_HOPS) {
            cut = p + sizeof arrow - 1;
            break;
        }
    return cut;
}

static int cluster(const graph *g, uint32_t lo, uint32_t hi, heapdiff_result *out)
{
    size_t n = g->s.node_count;
    uint8_t *cand = calloc(n, 1);
    char *shape = malloc(PATH_MAX_TEXT), *buf = malloc(PATH_MAX_TEXT);
    acc a = {0};
    int rc = -1;

    if (!cand || !shape || !buf) goto out;
    for (size_t v = 0; v < n; v++) {
        uint32_t id = g->s.node_id[v];
        cand[v] = (id & 1) && id > lo && id <= hi;
        out->candidates += cand[v];
    }
    for (uint32_t v = 0; v < n; v++) {
        if (!cand[v] || is_system(&g->s, v) || !root_most(g, cand, v)) continue;
        if (hs_path_format(&g->s, &g->c, &g->p, v, 1, shape, PATH_MAX_TEXT) < 0)
            snprintf(shape, PATH_MAX_TEXT, "(unreachable)");
        memmove(shape, holder_shape(shape), strlen(holder_shape(shape)) + 1);
        if (add_member(&a, g, v, shape, buf)) goto out;
    }
    for (size_t i = 0; i < a.n; i++) {
        heapdiff_cluster *c = &a.cl[i];
        c->count_per_request = out->requests ? (double)c->count / (double)out->requests : 0;
        c->retained_bytes_per_request =
            out->requests ? (double)c->retained_bytes / (double)out->requests : 0;
    }
    if (a.n) qsort(a.cl, a.n, sizeof *a.cl, by_retained);
    out->clusters = a.cl, out->nclusters = a.n;
    a.cl = NULL, a.n = 0;
    rc = 0;
out:
    for (size_t i = 0; i < a.n; i++)
        free(a.cl[i].class_name), free(a.cl[i].path), free(a.cl[i].shape);
    free(a.cl);
    strtab_free(&a.keys);
    free(cand), free(shape), free(buf);
    return rc;
}

/* S2's max id, checked against S1's (out->s1_max_id). */
static int s2_max_id(const char *s1, const char *s2, heapdiff_result *out, char *err, size_t errlen)
{
    if (max_id(s2, &out->s2_max_id, err, errlen)) return -1;
    if (out->s2_max_id < out->s1_max_id) {
        snprintf(err, errlen,
                 "%s: ids end at %u, before %s's %u: not later snapshots of the same process", s2,
                 out->s2_max_id, s1, out->s1_max_id);
        return -1;
    }
    return 0;
}

/* Clusters of the loaded graph of S3 (freed). */
static int clusters_of(graph *g, heapdiff_result *out, char *err, size_t errlen)
{
    out->last_nodes = g->s.node_count, out->last_edges = g->s.edge_count;
    int rc = cluster(g, out->s1_max_id, out->s2_max_id, out);
    if (rc) snprintf(err, errlen, "out of memory clustering leak candidates");
    graph_free(g);
    return rc;
}

int heapdiff_clusters(const char *s1, const char *s2, const char *s3, uint64_t requests,
                      heapdiff_result *out, char *err, size_t errlen)
{
    graph g;

    out->requests = requests;
    if (max_id(s1, &out->s1_max_id, err, errlen) || s2_max_id(s1, s2, out, err, errlen)) return -1;
    if (load_graph(s3, &g, err, errlen)) return -1;
    return clusters_of(&g, out, err, errlen);
}

/* S1 is read whole for the comparison, which also gives its max id; S3 is
 * read whole once for both. The order of the steps is that of
 * heapdiff_compare then heapdiff_clusters, so a broken input gets the same
 * error. */
int heapdiff_compare_clusters(const char *s1, const char *s2, const char *s3, uint64_t requests,
                              heapdiff_result *cmp, heapdiff_result *cl, char *err, size_t errlen)
{
    heapdiff_rows *rows = heapdiff_rows_new();
    hs_snapshot first;
    hs_classes c;
    graph g;
    int rc;

    cl->requests = requests;
    if (!rows) return snprintf(err, errlen, "out of memory comparing snapshots"), -1;
    if (heapdiff_load_classes(s1, &first, &c, err, errlen)) return heapdiff_rows_free(rows), -1;
    cl->s1_max_id = first.max_js_id;
    rc = heapdiff_rows_add(rows, &first, &c);
    hs_classes_free(&c);
    hs_free(&first);
    if (rc) return snprintf(err, errlen, "%s: out of memory", s1), heapdiff_rows_free(rows), -1;
    memset(&g, 0, sizeof g);
    if (heapdiff_load_classes(s3, &g.s, &g.c, err, errlen)) return heapdiff_rows_free(rows), -1;
    if (heapdiff_rows_add(rows, &g.s, &g.c)) {
        snprintf(err, errlen, "%s: out of memory", s3);
        rc = -1;
    } else if ((rc = heapdiff_rows_compare(rows, cmp))) {
        snprintf(err, errlen, "out of memory comparing snapshots");
    }
    heapdiff_rows_free(rows);
    if (rc || s2_max_id(s1, s2, cl, err, errlen)) return graph_free(&g), -1;
    if (graph_paths(s3, &g, err, errlen)) return -1;
    return clusters_of(&g, cl, err, errlen);
}
