/* dominators.c — Lengauer–Tarjan dominators and retained sizes (see .h).
 *
 * A line-for-line port of DevTools' calculateDominatorsAndRetainedSizes so
 * that numbers agree exactly, with C arrays instead of typed arrays: vertices
 * are numbered 1..n (0 = none), buckets are intrusive singly linked lists,
 * and predecessors are a CSR of retaining edges only. */
#include "dominators.h"
#include "weakmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* markPageOwnedNodes: 1 per node reachable from the root's shortcut
 * children (and "(Document DOM trees)") over non-weak edges. */
static uint8_t *page_owned(const hs_snapshot *s)
{
    uint8_t *flag = calloc(s->node_count, 1);
    uint32_t *stack = malloc(s->node_count * sizeof *stack);
    size_t n = 0;

    if (!flag || !stack) {
        free(flag), free(stack);
        return NULL;
    }
    for (uint64_t e = s->first_edge[s->root]; e < s->first_edge[s->root + 1]; e++) {
        uint32_t t = s->edge_to[e];
        if (s->edge_type[e] == s->et.element) {
            if (s->node_type[t] != s->nt.synthetic ||
                strcmp(hs_node_name(s, t), "(Document DOM trees)") != 0)
                continue;
        } else if (s->edge_type[e] != s->et.shortcut) {
            continue;
        }
        if (!flag[t]) stack[n++] = t; /* DevTools pushes duplicates; same result */
        flag[t] = 1;
    }
    while (n) {
        uint32_t v = stack[--n];
        for (uint64_t e = s->first_edge[v]; e < s->first_edge[v + 1]; e++) {
            uint32_t t = s->edge_to[e];
            if (flag[t] || s->edge_type[e] == s->et.weak) continue;
            flag[t] = 1;
            stack[n++] = t;
        }
    }
    free(stack);
    return flag;
}

static int essential(const hs_snapshot *s, hs_weakmap *w, const uint8_t *owned, uint32_t v,
                     uint64_t e)
{
    int type = s->edge_type[e];
    uint32_t table;

    if (type == s->et.internal && hs_weakmap_parse(w, s->edge_name[e], &table, NULL) == 1 &&
        s->node_id[v] == table)
        return 0;
    if (type == s->et.weak) return 0;
    uint32_t t = s->edge_to[e];
    if (t == v) return 0;
    if (v != s->root) {
        if (type == s->et.shortcut) return 0;
        if (owned[t] && !owned[v]) return 0;
    }
    return 1;
}

uint64_t *hs_essential_edges(const hs_snapshot *s)
{
    uint64_t *bits = calloc(s->edge_count / 64 + 1, sizeof *bits);
    uint8_t *owned = page_owned(s);
    hs_weakmap w;

    if (!bits || !owned || hs_weakmap_init(&w, s)) {
        free(bits), free(owned);
        return NULL;
    }
    for (uint32_t v = 0; v < s->node_count; v++)
        for (uint64_t e = s->first_edge[v]; e < s->first_edge[v + 1]; e++)
            if (essential(s, &w, owned, v, e)) bits[e >> 6] |= 1ull << (e & 63);
    hs_weakmap_free(&w);
    free(owned);
    return bits;
}

/* Lengauer–Tarjan state, 1-indexed vertices (vertex = ordinal + 1). */
typedef struct lt {
    const hs_snapshot *s;
    const uint64_t *ess;
    size_t n; /* vertices numbered so far */
    uint32_t *parent, *ancestor, *vertex, *label, *semi, *dom;
    uint64_t *next_edge; /* DFS cursor per ordinal; later reused */
    uint32_t *stack, *bucket_head, *bucket_next;
    uint64_t *pred_first;
    uint32_t *pred;
} lt;

static void dfs(lt *t, uint32_t root)
{
    const hs_snapshot *s = t->s;
    uint32_t v = root;

    t->next_edge[root - 1] = s->first_edge[root - 1];
    while (v) {
        if (t->semi[v] == 0) {
            t->semi[v] = (uint32_t)++t->n;
            t->vertex[t->n] = t->label[v] = v;
        }
        uint32_t vnext = t->parent[v], vo = v - 1;
        for (; t->next_edge[vo] < s->first_edge[vo + 1]; t->next_edge[vo]++) {
            uint64_t e = t->next_edge[vo];
            if (!hs_bit(t->ess, e)) continue;
            uint32_t wo = s->edge_to[e], w = wo + 1;
            if (t->semi[w] == 0) {
                t->parent[w] = v;
                t->next_edge[wo] = s->first_edge[wo];
                vnext = w;
                break;
            }
        }
        v = vnext;
    }
}

static void compress(lt *t, uint32_t v)
{
    size_t sp = 0;
    while (t->ancestor[t->ancestor[v]]) {
        t->stack[++sp] = v;
        v = t->ancestor[v];
    }
    while (sp) {
        uint32_t w = t->stack[sp--];
        if (t->semi[t->label[t->ancestor[w]]] < t->semi[t->label[w]])
            t->label[w] = t->label[t->ancestor[w]];
        t->ancestor[w] = t->ancestor[t->ancestor[w]];
    }
}

static uint32_t eval(lt *t, uint32_t v)
{
    if (!t->ancestor[v]) return v;
    compress(t, v);
    return t->label[v];
}

/* Predecessor CSR over retaining edges: pred_first per ordinal. */
static int build_preds(lt *t)
{
    const hs_snapshot *s = t->s;
    size_t n = s->node_count;
    uint64_t total = 0;

    t->pred_first = calloc(n + 1, sizeof *t->pred_first);
    if (!t->pred_first) return -1;
    for (uint64_t e = 0; e < s->edge_count; e++)
        if (hs_bit(t->ess, e)) t->pred_first[s->edge_to[e] + 1]++, total++;
    for (size_t i = 0; i < n; i++)
        t->pred_first[i + 1] += t->pred_first[i];
    t->pred = malloc((total ? total : 1) * sizeof *t->pred);
    if (!t->pred) return -1;
    for (uint32_t v = 0; v < n; v++)
        for (uint64_t e = s->first_edge[v]; e < s->first_edge[v + 1]; e++)
            if (hs_bit(t->ess, e)) t->pred[t->pred_first[s->edge_to[e]]++] = v;
    for (size_t i = n; i > 0; i--)
        t->pred_first[i] = t->pred_first[i - 1];
    t->pred_first[0] = 0;
    return 0;
}

/* Numbers every vertex: DFS from the root, then orphans, then leftovers. */
static size_t number_all(lt *t, uint32_t r)
{
    size_t n = t->s->node_count;

    dfs(t, r);
    size_t reached = t->n;
    for (uint32_t v = 1; t->n < n && v <= n; v++)
        if (t->semi[v] == 0 && t->pred_first[v] == t->pred_first[v - 1]) {
            t->parent[v] = r;
            dfs(t, v);
        }
    for (uint32_t v = 1; t->n < n && v <= n; v++)
        if (t->semi[v] == 0) {
            t->parent[v] = r;
            t->semi[v] = (uint32_t)++t->n;
            t->vertex[t->n] = t->label[v] = v;
        }
    return n - reached;
}

static void semidominators(lt *t, uint32_t r)
{
    for (size_t i = t->n; i >= 2; i--) {
        uint32_t w = t->vertex[i], wo = w - 1;
        uint64_t p0 = t->pred_first[wo], p1 = t->pred_first[wo + 1];
        for (uint64_t k = p0; k < p1; k++) {
            uint32_t u = eval(t, t->pred[k] + 1);
            if (t->semi[u] < t->semi[w]) t->semi[w] = t->semi[u];
        }
        if (p0 == p1) t->semi[w] = t->semi[r]; /* orphan: its one predecessor is the root */
        uint32_t b = t->vertex[t->semi[w]];
        t->bucket_next[w] = t->bucket_head[b];
        t->bucket_head[b] = w;
        t->ancestor[w] = t->parent[w]; /* link */
        uint32_t pw = t->parent[w];
        for (uint32_t v = t->bucket_head[pw]; v; v = t->bucket_next[v]) {
            uint32_t u = eval(t, v);
            t->dom[v] = t->semi[u] < t->semi[v] ? u : pw;
        }
        t->bucket_head[pw] = 0;
    }
    t->dom[0] = t->dom[r] = r;
    for (size_t i = 2; i <= t->n; i++) {
        uint32_t w = t->vertex[i];
        if (t->dom[w] != t->vertex[t->semi[w]]) t->dom[w] = t->dom[t->dom[w]];
    }
}

static void lt_free(lt *t)
{
    free(t->parent), free(t->ancestor), free(t->vertex), free(t->label), free(t->semi);
    free(t->next_edge), free(t->stack);
    free(t->pred_first), free(t->pred);
}

static int lt_alloc(lt *t, size_t n)
{
    uint32_t **arr[] = {&t->parent, &t->ancestor, &t->vertex, &t->label,
                        &t->semi,   &t->dom,      &t->stack};
    for (size_t i = 0; i < sizeof arr / sizeof *arr; i++)
        if (!(*arr[i] = calloc(n + 1, sizeof(uint32_t)))) return -1;
    t->next_edge = malloc((n + 1) * sizeof *t->next_edge);
    return t->next_edge ? 0 : -1;
}

/* Retained sizes: self sizes summed into dominators in reverse DFS order. */
static int retained_sizes(const hs_snapshot *s, lt *t, hs_dom *d)
{
    size_t n = s->node_count;
    d->retained = malloc(n * sizeof *d->retained);
    d->idom = malloc(n * sizeof *d->idom);
    if (!d->retained || !d->idom) return -1;
    for (size_t i = 0; i < n; i++) {
        d->idom[i] = t->dom[i + 1] - 1;
        d->retained[i] = hs_self_size(s, i);
    }
    for (size_t i = t->n; i > 1; i--) {
        uint32_t o = t->vertex[i] - 1;
        d->retained[d->idom[o]] += d->retained[o];
    }
    return 0;
}

/* Dominator-tree children CSR (buildDominatedNodes). */
static int children(const hs_snapshot *s, hs_dom *d)
{
    size_t n = s->node_count;
    d->child_first = calloc(n + 1, sizeof *d->child_first);
    d->child = malloc((n ? n : 1) * sizeof *d->child);
    if (!d->child_first || !d->child) return -1;
    for (size_t i = 0; i < n; i++)
        if (i != s->root) d->child_first[d->idom[i] + 1]++;
    for (size_t i = 0; i < n; i++)
        d->child_first[i + 1] += d->child_first[i];
    uint32_t *fill = malloc((n + 1) * sizeof *fill);
    if (!fill) return -1;
    memcpy(fill, d->child_first, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        if (i != s->root) d->child[fill[d->idom[i]]++] = (uint32_t)i;
    free(fill);
    return 0;
}

int hs_dominators(const hs_snapshot *s, hs_dom *d, char *err, size_t errlen)
{
    lt t = {.s = s};

    memset(d, 0, sizeof *d);
    if (!s->first_edge) {
        snprintf(err, errlen, "dominators need a fully loaded snapshot");
        return -1;
    }
    uint64_t *ess = hs_essential_edges(s);
    t.ess = ess;
    if (!ess || build_preds(&t) || lt_alloc(&t, s->node_count)) goto oom;
    uint32_t r = s->root + 1;
    d->unreachable = number_all(&t, r);
    /* the DFS cursors are done: their memory becomes the bucket lists */
    t.bucket_head = (uint32_t *)t.next_edge;
    t.bucket_next = t.bucket_head + s->node_count + 1;
    memset(t.bucket_head, 0, (s->node_count + 1) * sizeof *t.next_edge);
    semidominators(&t, r);
    /* keep only vertex (DFS order) and dom before allocating the results */
    free(t.parent), free(t.ancestor), free(t.label), free(t.semi), free(t.stack);
    free(t.next_edge), free(t.pred_first), free(t.pred), free(ess);
    t.parent = t.ancestor = t.label = t.semi = t.stack = t.pred = NULL;
    t.next_edge = t.pred_first = NULL;
    ess = NULL;
    if (retained_sizes(s, &t, d)) goto oom;
    free(t.dom), t.dom = NULL;
    lt_free(&t);
    if (children(s, d)) goto oom2;
    return 0;
oom:
    free(t.dom);
    lt_free(&t);
    free(ess);
oom2:
    hs_dom_free(d);
    snprintf(err, errlen, "out of memory computing dominators");
    return -1;
}

void hs_dom_free(hs_dom *d)
{
    free(d->idom), free(d->retained), free(d->child_first), free(d->child);
    memset(d, 0, sizeof *d);
}

int hs_dominates(const hs_dom *d, uint32_t root, uint32_t a, uint32_t b)
{
    for (;;) {
        if (a == b) return 1;
        if (b == root) return 0;
        b = d->idom[b];
    }
}
