/* dominators.c — Lengauer–Tarjan dominators and retained sizes (see .h).
 *
 * The same algorithm as DevTools' calculateDominatorsAndRetainedSizes (same
 * DFS order, same treatment of unreachable nodes, simple eval/link) so that
 * numbers agree exactly, laid out for memory: vertices are renumbered in DFS
 * order, buckets are intrusive singly linked lists whose link array becomes
 * the dominator array, and predecessors are a CSR of retaining edges only. */
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
    for (uint64_t e = hs_edge_begin(s, s->root), end = hs_edge_begin(s, s->root + 1); e < end;
         e++) {
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
        for (uint64_t e = hs_edge_begin(s, v), end = hs_edge_begin(s, v + 1); e < end; e++) {
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
        for (uint64_t e = hs_edge_begin(s, v), end = hs_edge_begin(s, v + 1); e < end; e++)
            if (essential(s, &w, owned, v, e)) bits[e >> 6] |= 1ull << (e & 63);
    hs_weakmap_free(&w);
    free(owned);
    return bits;
}

/* Lengauer–Tarjan works in DFS-number space: vertices are numbered 1..n in
 * DFS preorder (0 = none) and every array below is indexed by that number,
 * so "already linked into the forest" is simply "numbered above the vertex
 * being processed" and the parent array can double as the ancestor array.
 * Predecessor lists leave out the DFS parent: it is never linked when its
 * child is processed, so it always contributes its own number, which seeds
 * the semidominator instead. That drops one entry per node. */
struct hs_dom_work {
    const hs_snapshot *s;
    size_t n;      /* vertices numbered */
    size_t n_dfs;  /* numbered by DFS (the rest: leftover cycles) */
    uint32_t *num; /* ordinal -> DFS number */
    uint32_t *anc; /* DFS parent; after linking, the path-compressed ancestor */
    uint32_t *semi, *label, *bucket_head, *bucket_next; /* bucket_next ends as dom */
    uint32_t *stack;
    uint32_t *pred_first;   /* DFS number k -> [k + 1] first index into pred, n + 3 */
    uint64_t *pred_first64; /* used instead when there are 2^32 predecessors or more */
    uint32_t *pred;         /* predecessor DFS numbers */
    size_t unreachable;
};

static inline uint64_t pred_begin(const hs_dom_work *t, size_t i)
{
    return t->pred_first ? t->pred_first[i] : t->pred_first64[i];
}

/* Marks every node with at least one retaining edge into it. */
static uint64_t *retained_nodes(const hs_snapshot *s, const uint64_t *ess)
{
    uint64_t *bits = calloc(s->node_count / 64 + 1, sizeof *bits);
    if (!bits) return NULL;
    for (uint64_t e = 0; e < s->edge_count; e++)
        if (hs_bit(ess, e)) bits[s->edge_to[e] >> 6] |= 1ull << (s->edge_to[e] & 63);
    return bits;
}

typedef struct dfs_frame {
    uint32_t v; /* ordinal */
    uint64_t e; /* next edge of v to look at */
} dfs_frame;

/* Numbers ordinal v (DFS parent: number parent) and pushes its frame. */
static int dfs_enter(hs_dom_work *t, dfs_frame **st, size_t *sp, size_t *cap, uint32_t v,
                     uint32_t parent)
{
    if (*sp == *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        dfs_frame *g = realloc(*st, c * sizeof *g);
        if (!g) return -1;
        *st = g, *cap = c;
    }
    t->num[v] = (uint32_t)++t->n;
    t->anc[t->n] = parent;
    (*st)[(*sp)++] = (dfs_frame){v, hs_edge_begin(t->s, v)};
    return 0;
}

/* Iterative preorder DFS over retaining edges from ordinal v, whose parent
 * is DFS number parent. Edges are taken in index order, as DevTools does. */
static int dfs(hs_dom_work *t, const uint64_t *ess, uint32_t v, uint32_t parent)
{
    const hs_snapshot *s = t->s;
    size_t sp = 0, cap = 0;
    dfs_frame *st = NULL;
    int rc = dfs_enter(t, &st, &sp, &cap, v, parent);

    while (rc == 0 && sp) {
        dfs_frame *f = &st[sp - 1];
        uint64_t end = hs_edge_begin(s, f->v + 1);
        while (f->e < end && (!hs_bit(ess, f->e) || t->num[s->edge_to[f->e]]))
            f->e++;
        if (f->e == end) {
            sp--;
            continue;
        }
        uint32_t w = s->edge_to[f->e++];
        rc = dfs_enter(t, &st, &sp, &cap, w, t->num[f->v]);
    }
    free(st);
    return rc;
}

/* Numbers every vertex: DFS from the root, then from each node nothing
 * retains (as a child of the root), then the leftovers (cycles nothing
 * reachable retains), each hung under the root without a DFS. */
static int number_all(hs_dom_work *t, const uint64_t *ess)
{
    const hs_snapshot *s = t->s;
    size_t n = s->node_count;
    uint64_t *has_pred = NULL;

    if (dfs(t, ess, s->root, 0)) return -1;
    t->unreachable = n - t->n;
    if (t->n < n && !(has_pred = retained_nodes(s, ess))) return -1; /* only then needed */
    for (uint32_t v = 0; t->n < n && v < n; v++)
        if (!t->num[v] && !hs_bit(has_pred, v) && dfs(t, ess, v, 1)) return free(has_pred), -1;
    free(has_pred);
    t->n_dfs = t->n;
    for (uint32_t v = 0; t->n < n && v < n; v++)
        if (!t->num[v]) {
            t->num[v] = (uint32_t)++t->n;
            t->anc[t->n] = 1;
        }
    return 0;
}

/* True if retaining edge v -> w must be listed (it is not w's DFS tree edge). */
static inline int listed(const hs_dom_work *t, uint32_t dv, uint32_t dw)
{
    return dw > t->n_dfs || t->anc[dw] != dv;
}

/* Predecessor CSR over retaining edges, in DFS-number space. */
static int build_preds(hs_dom_work *t, const uint64_t *ess)
{
    const hs_snapshot *s = t->s;
    size_t n = s->node_count;
    uint64_t total = 0;
    uint32_t *cnt = calloc(n + 3, sizeof *cnt); /* [k + 1]: count of k, then prefix sums */

    if (!cnt) return -1;
    for (uint32_t v = 0; v < n; v++)
        for (uint64_t e = hs_edge_begin(s, v), end = hs_edge_begin(s, v + 1); e < end; e++) {
            uint32_t dw = t->num[s->edge_to[e]];
            if (hs_bit(ess, e) && listed(t, t->num[v], dw)) cnt[dw + 1]++, total++;
        }
    if (total <= UINT32_MAX) {
        for (size_t i = 1; i < n + 3; i++)
            cnt[i] += cnt[i - 1];
        t->pred_first = cnt;
    } else {
        if (!(t->pred_first64 = malloc((n + 3) * sizeof *t->pred_first64))) return free(cnt), -1;
        t->pred_first64[0] = 0;
        for (size_t i = 1; i < n + 3; i++)
            t->pred_first64[i] = t->pred_first64[i - 1] + cnt[i];
        free(cnt);
    }
    if (!(t->pred = malloc((total ? total : 1) * sizeof *t->pred))) return -1;
    /* fill from the back: pred_first[k + 1] ends at k's first entry, so k's
     * predecessors are pred_begin(k + 1) .. pred_begin(k + 2) - 1 */
    for (uint32_t v = (uint32_t)n; v-- > 0;)
        for (uint64_t e = hs_edge_begin(s, v + 1); e-- > hs_edge_begin(s, v);) {
            uint32_t dw = t->num[s->edge_to[e]], dv = t->num[v];
            if (!hs_bit(ess, e) || !listed(t, dv, dw)) continue;
            uint64_t k = t->pred_first ? --t->pred_first[dw + 1] : --t->pred_first64[dw + 1];
            t->pred[k] = dv;
        }
    return 0;
}

/* Path compression; vertices numbered >= linked are in the forest. */
static void compress(hs_dom_work *t, uint32_t v, uint32_t linked)
{
    size_t sp = 0;
    while (t->anc[v] >= linked) {
        t->stack[++sp] = v;
        v = t->anc[v];
    }
    while (sp) {
        uint32_t w = t->stack[sp--], a = t->anc[w];
        if (t->semi[t->label[a]] < t->semi[t->label[w]]) t->label[w] = t->label[a];
        t->anc[w] = t->anc[a];
    }
}

static inline uint32_t eval(hs_dom_work *t, uint32_t v, uint32_t linked)
{
    if (v < linked) return v;
    compress(t, v, linked);
    return t->label[v];
}

static void semidominators(hs_dom_work *t)
{
    for (uint32_t w = (uint32_t)t->n; w >= 2; w--) {
        uint32_t pw = t->anc[w], sw = w <= t->n_dfs ? pw : w; /* the parent's own number */
        for (uint64_t k = pred_begin(t, w + 1), end = pred_begin(t, w + 2); k < end; k++) {
            uint32_t u = eval(t, t->pred[k], w + 1);
            if (t->semi[u] < sw) sw = t->semi[u];
        }
        t->semi[w] = sw;
        t->bucket_next[w] = t->bucket_head[sw];
        t->bucket_head[sw] = w;
        /* link(pw, w): w's anc is already pw; w counts as linked from here */
        for (uint32_t v = t->bucket_head[pw], next; v; v = next) {
            uint32_t u = eval(t, v, w);
            next = t->bucket_next[v];
            t->bucket_next[v] = t->semi[u] < t->semi[v] ? u : pw; /* now dom[v] */
        }
        t->bucket_head[pw] = 0;
    }
    /* A leftover vertex (not reached by any DFS) that nothing below it
     * retains is its own semidominator; its bucket is never linked, so its
     * entry would still be a bucket link. It hangs under the root. */
    for (uint32_t x = 2; x <= t->n; x++)
        for (uint32_t v = t->bucket_head[x], next; v; v = next) {
            next = t->bucket_next[v];
            t->bucket_next[v] = 1;
        }
    uint32_t *dom = t->bucket_next;
    dom[1] = 1;
    for (size_t w = 2; w <= t->n; w++)
        if (dom[w] != t->semi[w]) dom[w] = dom[dom[w]];
}

static void work_free(hs_dom_work *t)
{
    if (!t) return;
    free(t->num), free(t->anc), free(t->semi), free(t->label), free(t->bucket_head);
    free(t->bucket_next), free(t->stack), free(t->pred_first), free(t->pred_first64);
    free(t->pred);
    free(t);
}

int hs_dom_prepare(const hs_snapshot *s, const uint64_t *ess, hs_dom_work **out, char *err,
                   size_t errlen)
{
    hs_dom_work *t = calloc(1, sizeof *t);
    size_t n = s->node_count;

    *out = NULL;
    if (!hs_has_edges(s) || !s->edge_to || n >= UINT32_MAX - 2) {
        free(t);
        snprintf(err, errlen, "dominators need a fully loaded snapshot of < 2^32 nodes");
        return -1;
    }
    if (!t) goto oom;
    t->s = s;
    t->num = calloc(n, sizeof *t->num);
    t->anc = malloc((n + 1) * sizeof *t->anc);
    if (!t->num || !t->anc || number_all(t, ess) || build_preds(t, ess)) goto oom;
    *out = t;
    return 0;
oom:
    work_free(t);
    snprintf(err, errlen, "out of memory computing dominators");
    return -1;
}

/* idom and retained sizes from dom (DFS-number space), in place over num. */
static int retained_sizes(const hs_snapshot *s, hs_dom_work *t, hs_dom *d)
{
    size_t n = s->node_count;
    uint32_t *vertex = t->semi, *dom = t->bucket_next; /* semi is done with */

    d->retained = malloc(n * sizeof *d->retained);
    if (!d->retained) return -1;
    for (uint32_t o = 0; o < n; o++)
        vertex[t->num[o]] = o;
    for (size_t i = 0; i < n; i++) {
        t->num[i] = vertex[dom[t->num[i]]];
        d->retained[i] = hs_self_size(s, i);
    }
    d->idom = t->num, t->num = NULL;
    for (size_t i = n; i > 1; i--) {
        uint32_t o = vertex[i];
        d->retained[d->idom[o]] += d->retained[o];
    }
    return 0;
}

int hs_dom_finish(const hs_snapshot *s, hs_dom_work *t, hs_dom *d, char *err, size_t errlen)
{
    size_t n = s->node_count;
    uint32_t **arr[] = {&t->semi, &t->label, &t->bucket_head, &t->bucket_next, &t->stack};

    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < sizeof arr / sizeof *arr; i++)
        if (!(*arr[i] =
                  (i == 2 ? calloc(n + 1, sizeof(uint32_t)) : malloc((n + 1) * sizeof(uint32_t)))))
            goto oom;
    for (uint32_t i = 0; i <= n; i++)
        t->semi[i] = t->label[i] = i;
    semidominators(t);
    free(t->pred), free(t->pred_first), free(t->pred_first64), free(t->stack);
    free(t->label), free(t->bucket_head), free(t->anc);
    t->pred = t->pred_first = t->stack = t->label = t->bucket_head = t->anc = NULL;
    t->pred_first64 = NULL;
    d->unreachable = t->unreachable;
    if (retained_sizes(s, t, d)) goto oom;
    work_free(t);
    return 0;
oom:
    work_free(t);
    hs_dom_free(d);
    snprintf(err, errlen, "out of memory computing dominators");
    return -1;
}

int hs_dominators(const hs_snapshot *s, hs_dom *d, char *err, size_t errlen)
{
    hs_dom_work *t;
    uint64_t *ess = hs_has_edges(s) ? hs_essential_edges(s) : NULL;

    memset(d, 0, sizeof *d);
    if (hs_has_edges(s) && !ess) {
        snprintf(err, errlen, "out of memory computing dominators");
        return -1;
    }
    int rc = hs_dom_prepare(s, ess, &t, err, errlen);
    free(ess);
    return rc ? rc : hs_dom_finish(s, t, d, err, errlen);
}

void hs_dom_free(hs_dom *d)
{
    free(d->idom), free(d->retained);
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
