/* retainers.c — reverse edges, distances, retainer paths (retainers.h). */
#include "retainers.h"
#include "heapsource.h"
#include "weakmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hs_retainers_build(const hs_snapshot *s, hs_retainers *r)
{
    size_t n = s->node_count;
    memset(r, 0, sizeof *r);
    r->first = calloc(n + 2, sizeof *r->first);
    r->edge = malloc((s->edge_count ? s->edge_count : 1) * sizeof *r->edge);
    r->node = malloc((s->edge_count ? s->edge_count : 1) * sizeof *r->node);
    if (!r->first || !r->edge || !r->node) {
        hs_retainers_free(r);
        return -1;
    }
    for (uint64_t e = 0; e < s->edge_count; e++)
        r->first[s->edge_to[e] + 2]++;
    for (size_t i = 2; i <= n + 1; i++)
        r->first[i] += r->first[i - 1];
    for (uint32_t v = 0; v < n; v++)
        for (uint64_t e = hs_edge_begin(s, v), end = hs_edge_begin(s, v + 1); e < end; e++) {
            uint64_t k = r->first[s->edge_to[e] + 1]++;
            r->edge[k] = e;
            r->node[k] = v;
        }
    return 0;
}

void hs_retainers_free(hs_retainers *r)
{
    free(r->first), free(r->edge), free(r->node);
    memset(r, 0, sizeof *r);
}

typedef struct dist_ctx {
    const hs_snapshot *s;
    hs_weakmap wm;
    uint8_t *pending; /* per WeakMap pair name: first edge seen */
    size_t npending;
} dist_ctx;

/* JSHeapSnapshot.calculateDistances' filter. 1 = follow. */
static int follow(dist_ctx *x, uint32_t v, uint64_t e)
{
    const hs_snapshot *s = x->s;
    int t = s->edge_type[e];
    uint32_t table, pair;

    if (s->node_type[v] == s->nt.hidden && hs_edge_named(s, e) &&
        strcmp(hs_str(s, s->edge_name[e]), "sloppy_function_map") == 0 &&
        strcmp(hs_node_name(s, v), "system / NativeContext") == 0)
        return 0;
    if (s->node_type[v] == s->nt.array && strcmp(hs_node_name(s, v), "(map descriptors)") == 0) {
        if (hs_edge_named(s, e)) return 1; /* parseInt(name) is NaN */
        uint32_t i = s->edge_name[e];
        return i < 2 || i % 3 != 1;
    }
    if (t == s->et.internal && hs_weakmap_parse(&x->wm, s->edge_name[e], &table, &pair) == 1) {
        if (pair >= x->npending) {
            size_t n = pair * 2 + 64;
            uint8_t *p = realloc(x->pending, n);
            if (!p) return 1;
            memset(p + x->npending, 0, n - x->npending);
            x->pending = p, x->npending = n;
        }
        x->pending[pair] ^= 1;
        return !x->pending[pair]; /* skip the first of the pair */
    }
    return 1;
}

static size_t bfs(dist_ctx *x, int32_t *dist, uint32_t *queue, size_t head, size_t tail)
{
    const hs_snapshot *s = x->s;
    while (head < tail) {
        uint32_t v = queue[head++];
        int32_t d = dist[v] + 1;
        for (uint64_t e = hs_edge_begin(s, v), end = hs_edge_begin(s, v + 1); e < end; e++) {
            uint32_t t = s->edge_to[e];
            if (s->edge_type[e] == s->et.weak || dist[t] != HS_NO_DISTANCE) continue;
            if (!follow(x, v, e)) continue;
            dist[t] = d;
            queue[tail++] = t;
        }
    }
    return tail;
}

int hs_distances(const hs_snapshot *s, int32_t *dist)
{
    dist_ctx x = {.s = s};
    size_t n = s->node_count, tail = 0;
    uint32_t *queue = malloc((n + 1) * sizeof *queue);

    if (!queue || hs_weakmap_init(&x.wm, s)) {
        free(queue);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        dist[i] = HS_NO_DISTANCE;
    for (uint64_t e = hs_edge_begin(s, s->root), end = hs_edge_begin(s, s->root + 1); e < end;
         e++) {
        uint32_t t = s->edge_to[e];
        if (s->node_type[t] != s->nt.synthetic ||
            strcmp(hs_node_name(s, t), "(Document DOM trees)") == 0) {
            if (dist[t] == HS_NO_DISTANCE) queue[tail++] = t; /* DevTools may queue twice */
            dist[t] = 1;
        }
    }
    bfs(&x, dist, queue, 0, tail);
    dist[s->root] = tail ? HS_SYSTEM_DISTANCE : 0;
    queue[0] = s->root;
    bfs(&x, dist, queue, 0, 1);
    hs_weakmap_free(&x.wm);
    free(x.pending);
    free(queue);
    return 0;
}

/* Growable FIFO of node ordinals for one Dial bucket. */
typedef struct fifo {
    uint32_t *v;
    size_t head, tail, cap;
} fifo;

static int fifo_push(fifo *q, uint32_t v)
{
    if (q->tail == q->cap) {
        if (q->head > q->cap / 2) {
            memmove(q->v, q->v + q->head, (q->tail - q->head) * sizeof *q->v);
            q->tail -= q->head, q->head = 0;
        } else {
            size_t c = q->cap ? q->cap * 2 : 1024;
            uint32_t *b = realloc(q->v, c * sizeof *b);
            if (!b) return -1;
            q->v = b, q->cap = c;
        }
    }
    q->v[q->tail++] = v;
    return 0;
}

#define NBUCKET 4 /* > the largest edge cost */

static int edge_cost(const hs_snapshot *s, uint32_t v, uint64_t e)
{
    int t = s->edge_type[e];
    if (t == s->et.weak || s->edge_to[e] == v) return 0;
    if (t == s->et.shortcut) return v == s->root ? 1 : 0;
    if (t == s->et.internal || t == s->et.hidden) return 3;
    return 1;
}

int hs_paths_build(const hs_snapshot *s, hs_paths *p)
{
    size_t n = s->node_count, pending = 1;
    uint32_t *dist = malloc(n * sizeof *dist);
    fifo q[NBUCKET] = {{0}};
    int rc = -1;

    p->via = NULL;
    p->from = malloc(n * sizeof *p->from);
    if (!dist || !p->from) goto out;
    for (size_t i = 0; i < n; i++)
        dist[i] = UINT32_MAX, p->from[i] = UINT32_MAX;
    dist[s->root] = 0;
    p->from[s->root] = s->root;
    if (fifo_push(&q[0], s->root)) goto out;
    for (uint32_t d = 0; pending; d++) {
        fifo *b = &q[d % NBUCKET];
        while (b->head < b->tail) {
            uint32_t v = b->v[b->head++];
            pending--;
            if (dist[v] != d) continue;
            for (uint64_t e = hs_edge_begin(s, v), end = hs_edge_begin(s, v + 1); e < end; e++) {
                int c = edge_cost(s, v, e);
                uint32_t t = s->edge_to[e];
                if (!c || dist[t] <= d + (uint32_t)c) continue;
                dist[t] = d + (uint32_t)c, p->from[t] = v;
                if (fifo_push(&q[(d + (uint32_t)c) % NBUCKET], t)) goto out;
                pending++;
            }
        }
        b->head = b->tail = 0;
    }
    rc = 0;
out:
    for (int i = 0; i < NBUCKET; i++)
        free(q[i].v);
    free(dist);
    if (rc) hs_paths_free(p);
    return rc;
}

void hs_paths_free(hs_paths *p)
{
    free(p->from), free(p->via);
    p->from = p->via = NULL;
}

int hs_paths_index_via(const hs_snapshot *s, hs_paths *p)
{
    size_t n = s->node_count;
    uint8_t *cost;

    if (p->via || s->edge_count >= UINT32_MAX) return 0;
    p->via = malloc((n ? n : 1) * sizeof *p->via);
    cost = malloc(n ? n : 1);
    if (!p->via || !cost) {
        free(p->via), free(cost);
        p->via = NULL;
        return -1;
    }
    memset(p->via, 0xFF, n * sizeof *p->via);
    /* hs_path_via's choice for every node at once: edges in index order,
     * a later one only if strictly cheaper */
    for (uint32_t u = 0; u < n; u++)
        for (uint64_t e = hs_edge_begin(s, u), end = hs_edge_begin(s, u + 1); e < end; e++) {
            uint32_t t = s->edge_to[e];
            int c = edge_cost(s, u, e);
            if (t == s->root || p->from[t] != u || !c) continue;
            if (p->via[t] != UINT32_MAX && c >= cost[t]) continue;
            p->via[t] = (uint32_t)e, cost[t] = (uint8_t)c;
        }
    free(cost);
    return 0;
}

uint64_t hs_path_via(const hs_snapshot *s, const hs_paths *p, uint32_t v)
{
    uint32_t u = p->from[v];
    uint64_t best = UINT64_MAX;
    int best_cost = NBUCKET;

    if (v == s->root || u == UINT32_MAX) return UINT64_MAX;
    if (p->via) return p->via[v] == UINT32_MAX ? UINT64_MAX : p->via[v];
    for (uint64_t e = hs_edge_begin(s, u), end = hs_edge_begin(s, u + 1); e < end; e++) {
        if (s->edge_to[e] != v) continue;
        int c = edge_cost(s, u, e);
        if (c && c < best_cost) best = e, best_cost = c;
    }
    return best;
}

static void add_node(uint64_t *seen, uint32_t *nodes, size_t *count, uint32_t v)
{
    if (seen[v >> 6] >> (v & 63) & 1) return;
    seen[v >> 6] |= 1ull << (v & 63);
    nodes[(*count)++] = v;
}

/* What hs_path_format reads edges of: hs_path_via scans the edges of each
 * hop's previous node (the root for the first hop), hop reads the edge it
 * finds and, for the node it reaches, hs_plain_object_name and
 * hs_source_of read that node's own edges. Keep in step with hop(). */
void hs_path_edges(const hs_snapshot *s, const hs_paths *p, uint32_t node, uint64_t *seen,
                   uint32_t *nodes, size_t *count)
{
    add_node(seen, nodes, count, s->root);
    if (node == s->root || p->from[node] == UINT32_MAX) return;
    for (size_t hops = 0; node != s->root && hops <= s->node_count; hops++) {
        add_node(seen, nodes, count, node);
        node = p->from[node];
    }
}

void hs_path_edges_more(const hs_snapshot *s, uint64_t *seen, uint32_t *nodes, size_t n,
                        size_t *count)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t x = hs_source_needs(s, nodes[i]);
        if (x != UINT32_MAX) add_node(seen, nodes, count, x);
    }
}

/* Appends one hop ("requestLog (Array)", "[3] (LeakMarker)") to out. */
static void hop(const hs_snapshot *s, const hs_classes *c, uint64_t e, uint32_t to, int shape,
                int last, char *out, size_t outlen)
{
    size_t len = strlen(out);
    int t = s->edge_type[e];
    const char *nm = hs_edge_named(s, e) ? hs_str(s, s->edge_name[e]) : NULL;
    char label[300], cls[1200];

    if (t == s->et.element)
        shape ? snprintf(label, sizeof label, "[]")
              : snprintf(label, sizeof label, "[%u]", s->edge_name[e]);
    else if (t == s->et.hidden)
        shape ? snprintf(label, sizeof label, "{}")
              : snprintf(label, sizeof label, "{%u}", s->edge_name[e]);
    else if (shape && nm[0] && strspn(nm, "0123456789") == strlen(nm))
        snprintf(label, sizeof label, t == s->et.internal ? "{}" : "[]"); /* index-like names */
    else if (t == s->et.internal)
        snprintf(label, sizeof label, "{%.280s}", nm);
    else
        snprintf(label, sizeof label, "%.280s", nm);
    if (s->node_type[to] == s->nt.synthetic)
        snprintf(cls, sizeof cls, "%s", hs_node_name(s, to));
    else if (e >= hs_edge_begin(s, s->root) && e < hs_edge_begin(s, s->root + 1))
        snprintf(cls, sizeof cls, "%s", hs_node_name(s, to));
    else if (last && !shape && s->node_type[to] == s->nt.object &&
             strcmp(hs_node_name(s, to), "Object") == 0) {
        char plain[600];
        hs_plain_object_name(s, to, plain, sizeof plain);
        snprintf(cls, sizeof cls, "%s (Object) %s", label, plain);
    } else {
        const char *cn = hs_class_name(c, to);
        char src[600];
        snprintf(cls, sizeof cls, cn[0] == '(' ? "%s %s" : "%s (%s)", label, cn);
        if (hs_source_of(s, to, src, sizeof src) && !strstr(label, src)) /* not twice */
            snprintf(cls + strlen(cls), sizeof cls - strlen(cls), " at %s", src);
    }
    snprintf(out + len, outlen > len ? outlen - len : 0, "%s%s", len ? " \xe2\x86\x92 " : "", cls);
}

/* Appends " → text" (or " → text ×N" for a run of N identical hops). */
static void flush_hop(char *out, size_t outlen, const char *text, uint32_t times, int shape)
{
    size_t len = strlen(out);
    if (!text[0]) return;
    const char *cls = strstr(text, " (");
    if (times > 1 && shape && cls) /* cluster key: any run, by any link, of one class */
        snprintf(out + len, outlen > len ? outlen - len : 0, " \xe2\x86\x92 *%s \xc3\x97N", cls);
    else if (times > 1 && shape)
        snprintf(out + len, outlen > len ? outlen - len : 0, "%s \xc3\x97N", text);
    else if (times > 1)
        snprintf(out + len, outlen > len ? outlen - len : 0, "%s \xc3\x97%u", text, times);
    else
        snprintf(out + len, outlen > len ? outlen - len : 0, "%s", text);
}

/* The chain of hops is walked from the root outwards. Runs of identical hops
 * (a linked list: `_idlePrev (Timeout)` a thousand times) are written once
 * with ×N, so the holder near the root and the leaked object both stay in
 * view. O(path length) time and memory. */
int hs_path_format(const hs_snapshot *s, const hs_classes *c, const hs_paths *p, uint32_t node,
                   int shape, char *out, size_t outlen)
{
    uint32_t *chain = NULL, n = 0, cap = 0, v = node;
    int cut = 0;

    if (!outlen) return -1;
    out[0] = 0;
    if (node != s->root && p->from[node] == UINT32_MAX) return -1;
    while (v != s->root) {
        if (n == cap) {
            uint32_t *grown = realloc(chain, sizeof *chain * (cap = cap ? cap * 2 : 64));
            if (!grown || n > s->node_count) { /* out of memory, or a cycle: keep what we have */
                cut = 1;
                if (grown) chain = grown;
                break;
            }
            chain = grown;
        }
        chain[n++] = v;
        v = p->from[v];
    }
    snprintf(out, outlen, "(GC roots)");
    if (cut) snprintf(out + strlen(out), outlen - strlen(out), " \xe2\x86\x92 \xe2\x80\xa6");
    char prev[1600] = "", prev_raw[1600] = "", cur[1600];
    uint32_t times = 0, prev_cls = UINT32_MAX;
    for (uint32_t i = n; i-- > 0;) {
        uint32_t to = chain[i];
        if (i == n - 1 && s->node_type[to] == s->nt.synthetic &&
            strcmp(hs_node_name(s, to), "(GC roots)") == 0)
            continue;
        /* shape: one more hop into the class of the last one continues the
         * run without formatting it. This is the hot path: every member of a
         * long linked list has the list in its path (clusters format a
         * shape per candidate), so it must not cost a snprintf per hop. */
        if (shape && times && c->node_class[to] == prev_cls && s->node_type[to] != s->nt.synthetic) {
            const char *pc = strstr(prev_raw, " (");
            if (pc && prev_raw[0] != '*') {
                char cls[1600];
                snprintf(cls, sizeof cls, "%s", pc);
                snprintf(prev_raw, sizeof prev_raw, "*%s", cls);
                snprintf(prev, sizeof prev, " \xe2\x86\x92 *%s", cls);
            }
            times++;
            continue;
        }
        prev_cls = c->node_class[to];
        cur[0] = 0;
        hop(s, c, hs_path_via(s, p, to), to, shape, i == 0, cur, sizeof cur);
        if (!strcmp(cur, prev_raw)) {
            times++;
            continue;
        }
        /* shape: a run through one class by any links (a doubly linked list
         * walked by _idleNext or by _idlePrev) is one shape, "* (Class) ×N" */
        const char *cls = strstr(cur, " ("), *pcls = strstr(prev_raw, " (");
        if (shape && times && cls && pcls && !strcmp(cls, pcls) && !strchr(cls + 2, '(')) {
            snprintf(prev_raw, sizeof prev_raw, "*%s", cls);
            snprintf(prev, sizeof prev, " \xe2\x86\x92 *%s", cls);
            times++;
            continue;
        }
        flush_hop(out, outlen, prev, times, shape);
        snprintf(prev_raw, sizeof prev_raw, "%s", cur);
        snprintf(prev, sizeof prev, " \xe2\x86\x92 %s", cur);
        times = 1;
    }
    flush_hop(out, outlen, prev, times, shape);
    free(chain);
    return (int)n;
}
