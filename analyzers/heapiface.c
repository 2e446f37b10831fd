/* heapiface.c — interface inference for plain objects (see heapiface.h).
 *
 * Candidates are interned by their display name; each keeps the property
 * list of the first object that produced it. Matching uses DevTools' trie of
 * sorted property names, walked with a set of live states; trie edges live
 * in one hash table keyed by (trie node, property string index), which is
 * sound because V8 deduplicates the snapshot's strings. */
#include "heapiface.h"
#include "heapclass.h"

#include <stdlib.h>
#include <string.h>

typedef struct cand {
    uint32_t name;  /* id in names */
    uint32_t count; /* objects producing this name */
    size_t props;   /* offset into the shared property list */
    uint32_t nprops;
} cand;

typedef struct tnode {
    int64_t match;    /* definition index, -1 none */
    uint32_t pcount;  /* its property count */
    int64_t greatest; /* greatest child property (string index), -1 none */
    uint32_t stamp;
} tnode;

typedef struct iface_ctx {
    const hs_snapshot *s;
    strtab *names;
    cand *cands;
    size_t ncands, capcands;
    uint32_t *props; /* property string indices of all candidates */
    size_t nprops, capprops;
    uint32_t *cand_of_name; /* name id -> candidate + 1 */
    size_t cap_of_name;
    tnode *trie;
    size_t ntrie, captrie;
    uint64_t *tkeys; /* (node << 32 | prop) + 1, 0 empty */
    uint32_t *tvals;
    size_t tslots, tcount;
} iface_ctx;

static int is_plain(const hs_snapshot *s, size_t i)
{
    return s->node_type[i] == s->nt.object && strcmp(hs_node_name(s, i), "Object") == 0;
}

static int push_u32(uint32_t **a, size_t *n, size_t *cap, uint32_t v)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        uint32_t *b = realloc(*a, c * sizeof *b);
        if (!b) return -1;
        *a = b;
        *cap = c;
    }
    (*a)[(*n)++] = v;
    return 0;
}

/* Records the candidate interface of plain object i (or none). */
static int add_candidate(iface_ctx *x, size_t i)
{
    const hs_snapshot *s = x->s;
    char name[2048] = "{", f[1024];
    size_t len = 1, start = x->nprops, np = 0;

    for (uint64_t e = hs_edge_begin(s, i), end = hs_edge_begin(s, i + 1); e < end; e++) {
        const char *en = hs_str(s, s->edge_name[e]);
        if (s->edge_type[e] != s->et.property || strcmp(en, "__proto__") == 0) continue;
        hs_format_property(en, f, sizeof f);
        size_t lf = hs_js_length(f);
        if (len > 1 && len + lf > 120) break;
        size_t at = strlen(name);
        if (at + strlen(f) + 4 >= sizeof name) break;
        if (len != 1) strcpy(name + at, ", "), at += 2, len += 2;
        strcpy(name + at, f);
        len += lf;
        if (push_u32(&x->props, &x->nprops, &x->capprops, s->edge_name[e])) return -1;
        np++;
    }
    if (np == 0) return 0;
    strcat(name, "}");
    int64_t id = strtab_intern(x->names, name, strlen(name));
    if (id < 0) return -1;
    if ((size_t)id >= x->cap_of_name) {
        size_t c = (size_t)id * 2 + 64;
        uint32_t *b = realloc(x->cand_of_name, c * sizeof *b);
        if (!b) return -1;
        memset(b + x->cap_of_name, 0, (c - x->cap_of_name) * sizeof *b);
        x->cand_of_name = b;
        x->cap_of_name = c;
    }
    if (x->cand_of_name[id]) {
        x->cands[x->cand_of_name[id] - 1].count++;
        x->nprops = start; /* keep the first object's list only */
        return 0;
    }
    if (x->ncands == x->capcands) {
        size_t c = x->capcands ? x->capcands * 2 : 64;
        cand *b = realloc(x->cands, c * sizeof *b);
        if (!b) return -1;
        x->cands = b;
        x->capcands = c;
    }
    x->cands[x->ncands] = (cand){(uint32_t)id, 1, start, (uint32_t)np};
    x->cand_of_name[id] = (uint32_t)++x->ncands;
    return 0;
}

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->name < y->name ? -1 : x->name > y->name; /* stable: first seen first */
}

static const hs_snapshot *sort_snapshot;
static int prop_cmp(const void *a, const void *b)
{
    return strcmp(hs_str(sort_snapshot, *(const uint32_t *)a),
                  hs_str(sort_snapshot, *(const uint32_t *)b));
}

static int64_t trie_child(const iface_ctx *x, uint32_t node, uint32_t prop)
{
    uint64_t key = ((uint64_t)node << 32 | prop) + 1;
    size_t mask = x->tslots - 1, i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;
    while (x->tkeys[i]) {
        if (x->tkeys[i] == key) return x->tvals[i];
        i = (i + 1) & mask;
    }
    return -1;
}

static int trie_new(iface_ctx *x)
{
    if (x->ntrie == x->captrie) {
        size_t c = x->captrie ? x->captrie * 2 : 64;
        tnode *t = realloc(x->trie, c * sizeof *t);
        if (!t) return -1;
        x->trie = t;
        x->captrie = c;
    }
    x->trie[x->ntrie] = (tnode){-1, 0, -1, 0};
    return (int)x->ntrie++;
}

static int trie_put(iface_ctx *x, uint32_t node, uint32_t prop, uint32_t child)
{
    uint64_t key = ((uint64_t)node << 32 | prop) + 1;
    size_t mask = x->tslots - 1, i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;
    while (x->tkeys[i])
        i = (i + 1) & mask;
    x->tkeys[i] = key;
    x->tvals[i] = child;
    x->tcount++;
    return 0;
}

/* Builds the property trie over the first ndefs (sorted) candidates. */
static int build_trie(iface_ctx *x, size_t ndefs)
{
    size_t total = 1;
    for (size_t d = 0; d < ndefs; d++)
        total += x->cands[d].nprops;
    x->tslots = 64;
    while (x->tslots < total * 2)
        x->tslots *= 2;
    x->tkeys = calloc(x->tslots, sizeof *x->tkeys);
    x->tvals = calloc(x->tslots, sizeof *x->tvals);
    if (!x->tkeys || !x->tvals || trie_new(x) < 0) return -1;
    sort_snapshot = x->s;
    for (size_t d = 0; d < ndefs; d++) {
        cand *c = &x->cands[d];
        uint32_t *p = x->props + c->props, cur = 0;
        qsort(p, c->nprops, sizeof *p, prop_cmp);
        for (uint32_t k = 0; k < c->nprops; k++) {
            int64_t nx = trie_child(x, cur, p[k]);
            if (nx < 0) {
                int t = trie_new(x);
                if (t < 0 || trie_put(x, cur, p[k], (uint32_t)t)) return -1;
                tnode *tn = &x->trie[cur];
                if (tn->greatest < 0 ||
                    strcmp(hs_str(x->s, (uint32_t)tn->greatest), hs_str(x->s, p[k])) < 0)
                    tn->greatest = p[k];
                nx = t;
            }
            cur = (uint32_t)nx;
        }
        if (x->trie[cur].match < 0) {
            x->trie[cur].match = (int64_t)d;
            x->trie[cur].pcount = c->nprops;
        }
    }
    return 0;
}

/* selectBetterMatch: more properties wins, then the earlier definition. */
static int64_t better(const iface_ctx *x, int64_t a, uint32_t node)
{
    const tnode *b = &x->trie[node];
    if (b->match < 0) return a;
    uint32_t ac = a < 0 ? 0 : x->cands[a].nprops;
    if (a >= 0 && ac > b->pcount) return a;
    if (a < 0 && b->pcount == 0) return b->match;
    if (b->pcount > ac) return b->match;
    return a >= 0 && a <= b->match ? a : b->match;
}

/* applyInterfaceDefinitions for one object; returns a definition or -1. */
static int64_t match_object(iface_ctx *x, size_t i, uint32_t **pbuf, size_t *pcap, uint32_t **st,
                            size_t *stcap, uint32_t stamp)
{
    const hs_snapshot *s = x->s;
    size_t np = 0, ns = 1;
    /* states: two halves of *st, current and next (a state set is <= trie size) */
    uint64_t e0 = hs_edge_begin(s, i), e1 = hs_edge_begin(s, i + 1);

    if (e1 - e0 > *pcap || e1 - e0 + 1 > *stcap) {
        size_t c = (size_t)(e1 - e0) * 2 + 16;
        free(*pbuf), free(*st);
        *pbuf = malloc(c * sizeof **pbuf), *st = malloc(c * 2 * sizeof **st);
        if (!*pbuf || !*st) return -2;
        *pcap = c, *stcap = c * 2;
    }
    for (uint64_t e = e0; e < e1; e++)
        if (s->edge_type[e] == s->et.property) (*pbuf)[np++] = s->edge_name[e];
    qsort(*pbuf, np, sizeof **pbuf, prop_cmp);
    int64_t m = better(x, -1, 0);
    uint32_t *cur = *st, *nxt = *st + *stcap / 2;
    cur[0] = 0;
    for (size_t k = 0; k < np; k++) {
        size_t out = 0;
        const char *prop = hs_str(s, (*pbuf)[k]);
        stamp++;
        for (size_t j = 0; j < ns; j++) {
            uint32_t at = cur[j];
            const tnode *t = &x->trie[at];
            int keep = !(t->greatest < 0 || strcmp(prop, hs_str(s, (uint32_t)t->greatest)) >= 0);
            int64_t nx = trie_child(x, at, (*pbuf)[k]);
            if (keep && x->trie[at].stamp != stamp && out < *stcap / 2)
                x->trie[at].stamp = stamp, nxt[out++] = at;
            if (nx >= 0) {
                if (x->trie[nx].stamp != stamp && out < *stcap / 2)
                    x->trie[nx].stamp = stamp, nxt[out++] = (uint32_t)nx;
                m = better(x, m, (uint32_t)nx);
            }
        }
        uint32_t *tmp = cur;
        cur = nxt, nxt = tmp, ns = out;
    }
    return m;
}

static void ctx_free(iface_ctx *x)
{
    free(x->cands), free(x->props), free(x->cand_of_name), free(x->trie), free(x->tkeys),
        free(x->tvals);
}

int hs_interfaces(const hs_snapshot *s, strtab *names, uint32_t **iface)
{
    iface_ctx x = {.s = s, .names = names};
    size_t total = 0, ndefs = 0, pcap = 0, stcap = 0;
    uint32_t *pbuf = NULL, *st = NULL, stamp = 0;
    uint32_t *out = malloc(s->node_count * sizeof *out);

    if (!out) return -1;
    for (size_t i = 0; i < s->node_count; i++) {
        out[i] = UINT32_MAX;
        if (!is_plain(s, i)) continue;
        total++;
        if (add_candidate(&x, i)) goto fail;
    }
    if (x.ncands) qsort(x.cands, x.ncands, sizeof *x.cands, cand_cmp);
    double min = total / 1000.0 > 2 ? total / 1000.0 : 2;
    while (ndefs < x.ncands && x.cands[ndefs].count >= min)
        ndefs++;
    if (ndefs && build_trie(&x, ndefs)) goto fail;
    for (size_t i = 0; ndefs && i < s->node_count; i++) {
        if (!is_plain(s, i)) continue;
        int64_t m = match_object(&x, i, &pbuf, &pcap, &st, &stcap, stamp);
        if (m == -2) goto fail;
        stamp += (uint32_t)(hs_edge_begin(s, i + 1) - hs_edge_begin(s, i)) + 1;
        if (m >= 0) out[i] = x.cands[m].name;
    }
    free(pbuf), free(st);
    ctx_free(&x);
    *iface = out;
    return 0;
fail:
    free(pbuf), free(st), free(out);
    ctx_free(&x);
    return -1;
}
