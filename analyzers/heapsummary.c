/* heapsummary.c — class aggregates over the dominator tree (heapsummary.h). */
#include "heapsummary.h"

#include <stdlib.h>
#include <string.h>

/* Dominator-tree children of p: child[first[p + 1] .. first[p + 2] - 1]
 * (buildDominatedNodes; placed from the back, so no fill cursor array). */
static int children(const hs_snapshot *s, const hs_dom *d, uint32_t **first, uint32_t **child)
{
    size_t n = s->node_count;
    uint32_t *f = *first = calloc(n + 2, sizeof *f);
    uint32_t *c = *child = malloc((n ? n : 1) * sizeof *c);

    if (!f || !c) return -1;
    for (size_t i = 0; i < n; i++)
        if (i != s->root) f[d->idom[i] + 1]++;
    for (size_t i = 1; i < n + 2; i++)
        f[i] += f[i - 1];
    for (size_t i = n; i-- > 0;)
        if (i != s->root) c[--f[d->idom[i] + 1]] = (uint32_t)i;
    return 0;
}

/* Adds each node's retained size to its class unless an ancestor in the
 * dominator tree already counted for that class. Iterative DFS; a node is
 * pushed twice, the second time (high bit set) to leave its subtree. */
static int class_retained(const hs_snapshot *s, const hs_classes *c, const hs_dom *d,
                          hs_class_stat *st)
{
    size_t nk = c->keys.count, sp = 0;
    uint32_t *active = calloc(nk ? nk : 1, sizeof *active), *first = NULL, *child = NULL;
    uint64_t *stack = malloc((2 * s->node_count + 2) * sizeof *stack);
    const uint64_t LEAVE = 1ull << 63;

    if (!active || !stack || children(s, d, &first, &child)) {
        free(active), free(stack), free(first), free(child);
        return -1;
    }
    stack[sp++] = s->root;
    while (sp) {
        uint64_t top = stack[--sp];
        uint32_t v = (uint32_t)top, k = c->node_class[v];
        if (top & LEAVE) {
            active[k]--;
            continue;
        }
        int counted = hs_self_size(s, v) && !active[k];
        if (counted) {
            st[k].retained_bytes += d->retained[v];
            active[k]++;
            stack[sp++] = LEAVE | v;
        }
        for (uint32_t i = first[v + 1]; i < first[v + 2]; i++)
            stack[sp++] = child[i];
    }
    free(active), free(stack), free(first), free(child);
    return 0;
}

static int by_retained(const void *a, const void *b)
{
    const hs_class_stat *x = a, *y = b;
    if (x->retained_bytes != y->retained_bytes)
        return x->retained_bytes > y->retained_bytes ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

int hs_summary(const hs_snapshot *s, const hs_classes *c, const hs_dom *d, const int32_t *dist,
               hs_class_stat **out, size_t *nout)
{
    size_t nk = c->keys.count, n = 0;
    hs_class_stat *st = calloc(nk ? nk : 1, sizeof *st);

    if (!st) return -1;
    for (size_t k = 0; k < nk; k++)
        st[k].key = (uint32_t)k, st[k].distance = INT32_MAX;
    for (size_t i = 0; i < s->node_count; i++) {
        uint64_t self = hs_self_size(s, i);
        if (!self) continue;
        hs_class_stat *x = &st[c->node_class[i]];
        x->count++;
        x->self_bytes += self;
        if (dist && dist[i] < x->distance) x->distance = dist[i];
    }
    if (d && class_retained(s, c, d, st)) {
        free(st);
        return -1;
    }
    for (size_t k = 0; k < nk; k++)
        if (st[k].count) st[n++] = st[k];
    qsort(st, n, sizeof *st, by_retained);
    *out = st;
    *nout = n;
    return 0;
}
