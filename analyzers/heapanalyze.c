/* heapanalyze.c — the single-snapshot pipeline; see heapanalyze.h. */
#include "heapanalyze.h"
#include "shallow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hs_analysis_free(hs_analysis *a)
{
    free(a->st), free(a->dist), free(a->example);
    hs_paths_free(&a->p);
    hs_dom_free(&a->d);
    hs_classes_free(&a->c);
    hs_free(&a->s);
    memset(a, 0, sizeof *a);
}

/* Dominators with the edges given back while they run: edge names and
 * types go once the retaining edges are known, targets once the DFS
 * numbering and predecessor lists are built; all are re-read afterwards. */
static int lean_dominators(hs_analysis *a, char *err, size_t errlen)
{
    hs_snapshot *s = &a->s;
    hs_dom_work *w;
    uint64_t *ess = hs_essential_edges(s);
    int lean = s->source != NULL; /* else the edges could not be re-read */

    if (!ess) return -1;
    if (lean) hs_release(s, HS_PART_EDGE_NAMES);
    int rc = hs_dom_prepare(s, ess, &w, err, errlen);
    free(ess);
    if (rc) return -1;
    if (lean) hs_release(s, HS_PART_EDGES);
    return hs_dom_finish(s, w, &a->d, err, errlen);
}

/* True if v is held directly by a root (e.g. a stack slot): a poor example. */
static int transient(const hs_analysis *a, uint32_t v)
{
    if (v == a->s.root || a->p.from[v] == UINT32_MAX) return 1;
    return a->s.node_type[a->p.from[v]] == a->s.nt.synthetic;
}

/* Every class's example in one pass over the nodes: each class keeps the
 * best member seen so far, by the rule of hs_analysis_example. */
static int examples(hs_analysis *a)
{
    size_t nk = a->c.keys.count;
    uint8_t *tr = malloc(nk ? nk : 1);

    a->example = malloc((nk ? nk : 1) * sizeof *a->example);
    if (!tr || !a->example) return free(tr), -1;
    for (size_t k = 0; k < nk; k++)
        a->example[k] = a->s.root, tr[k] = 2;
    for (uint32_t v = 0; v < a->s.node_count; v++) {
        if (!hs_self_size(&a->s, v)) continue;
        uint32_t key = a->c.node_class[v], best = a->example[key];
        int t = transient(a, v);
        if (best != a->s.root) {
            if (t != tr[key] && t > tr[key]) continue;
            if (t == tr[key] &&
                (a->d.retained[v] < a->d.retained[best] ||
                 (a->d.retained[v] == a->d.retained[best] && a->s.node_id[v] > a->s.node_id[best])))
                continue;
        }
        a->example[key] = v, tr[key] = (uint8_t)t;
    }
    free(tr);
    return 0;
}

/* Edges back for the examples' retainer paths: only those hs_path_format
 * reads (retainers.h), not the whole "edges" section again. */
static int path_edges(hs_analysis *a, char *err, size_t errlen)
{
    hs_snapshot *s = &a->s;
    size_t n = s->node_count, count = 0, first;
    uint64_t *seen = calloc(n / 64 + 1, sizeof *seen);
    uint32_t *nodes = malloc((n ? n : 1) * sizeof *nodes);
    int rc = -1;

    if (!seen || !nodes) goto out;
    for (size_t k = 0; k < a->c.keys.count; k++)
        hs_path_edges(s, &a->p, a->example[k], seen, nodes, &count);
    if (hs_reload_edges_of(s, nodes, count, err, errlen)) goto out;
    first = count;
    hs_path_edges_more(s, seen, nodes, first, &count);
    rc = hs_reload_edges_of(s, nodes + first, count - first, err, errlen);
out:
    free(seen), free(nodes);
    return rc;
}

int hs_analysis_run(const char *file, hs_analysis *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    if (errlen) err[0] = 0;
    if (hs_load(file, HS_LOAD_FULL, &a->s, err, errlen)) goto fail;
    for (size_t i = 0; i < a->s.node_count; i++)
        a->self_total += hs_self_size(&a->s, i);
    if (hs_shallow_sizes(&a->s) || hs_classes_build(&a->s, &a->c, err, errlen)) goto fail;
    hs_keep_closure_locations(&a->s); /* paths show where closures are */
    hs_release(&a->s, HS_PART_DETACHED);
    if (hs_paths_build(&a->s, &a->p)) goto fail;
    a->dist = malloc((a->s.node_count ? a->s.node_count : 1) * sizeof *a->dist);
    if (!a->dist || hs_distances(&a->s, a->dist) || lean_dominators(a, err, errlen) ||
        hs_summary(&a->s, &a->c, &a->d, a->dist, &a->st, &a->nst))
        goto fail;
    free(a->dist), a->dist = NULL;
    free(a->d.idom), a->d.idom = NULL;
    if (examples(a)) goto fail;
    if (!a->s.edge_to && path_edges(a, err, errlen)) goto fail;
    return 0;
fail:
    if (errlen && !*err) snprintf(err, errlen, "out of memory");
    hs_analysis_free(a);
    return -1;
}

uint32_t hs_analysis_example(const hs_analysis *a, uint32_t key)
{
    return a->example[key];
}
