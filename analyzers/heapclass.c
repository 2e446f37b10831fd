/* heapclass.c — per-node class names and class keys, DevTools rules
 * (see heapclass.h; interface inference for plain objects is heapiface.c). */
#include "heapclass.h"
#include "heapiface.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t hs_js_length(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80) n++;
        if (*p >= 0xF0) n++; /* astral: a surrogate pair in JS */
    }
    return n;
}

void hs_format_property(const char *name, char *out, size_t outlen)
{
    size_t n = 0;
    if (!strpbrk(name, ",'\"{}")) {
        snprintf(out, outlen, "%s", name);
        return;
    }
    /* JSON.stringify of the key, quotes included. */
    for (const unsigned char *p = (const unsigned char *)"\"", *q = (const unsigned char *)name;;) {
        char tmp[8];
        const char *piece = tmp;
        if (p) {
            tmp[0] = '"', tmp[1] = 0, p = NULL;
        } else if (!*q) {
            if (n + 1 < outlen) out[n++] = '"';
            break;
        } else if (*q == '"' || *q == '\\') {
            tmp[0] = '\\', tmp[1] = (char)*q++, tmp[2] = 0;
        } else if (*q < 0x20) {
            static const char *named[] = {
                ['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t"};
            if (*q < sizeof named / sizeof *named && named[*q])
                piece = named[*q];
            else
                snprintf(tmp, sizeof tmp, "\\u%04x", *q);
            q++;
        } else {
            tmp[0] = (char)*q++, tmp[1] = 0;
        }
        for (; *piece && n + 1 < outlen; piece++)
            out[n++] = *piece;
    }
    if (outlen) out[n < outlen ? n : outlen - 1] = 0;
}

/* propagateDOMState: embedder (native) nodes inherit "attached" from an
 * attached native parent, else "detached" from a detached one, over
 * non-hidden, non-weak edges; detached ones get a "Detached " name prefix.
 * Returns a per-node 0/1 "renamed" array, NULL if none or out of memory. */
static uint8_t *dom_detached(const hs_snapshot *s)
{
    size_t n = s->node_count, na = 0, nd = 0;
    if (!s->node_detached || !hs_has_edges(s)) return NULL;
    uint8_t *state = calloc(n, 1), *visited = calloc(n, 1);
    uint32_t *att = malloc(n * sizeof *att), *det = malloc(n * sizeof *det);
    if (!state || !visited || !att || !det) goto out;
#define PROCESS(o, st)                                                                             \
    do {                                                                                           \
        if (visited[o]) break;                                                                     \
        visited[o] = 1;                                                                            \
        if (s->node_type[o] != s->nt.native) break;                                                \
        state[o] = (st);                                                                           \
        if ((st) == 1) att[na++] = (uint32_t)(o);                                                  \
        if ((st) == 2) det[nd++] = (uint32_t)(o);                                                  \
    } while (0)
    for (size_t i = 0; i < n; i++)
        if (s->node_detached[i]) PROCESS(i, s->node_detached[i]);
    for (int pass = 1; pass <= 2; pass++) {
        uint32_t *list = pass == 1 ? att : det;
        size_t *len = pass == 1 ? &na : &nd;
        while (*len) {
            uint32_t v = list[--*len];
            if (pass == 2 && state[v] == 1) continue;
            for (uint64_t e = hs_edge_begin(s, v), end = hs_edge_begin(s, v + 1); e < end; e++) {
                int t = s->edge_type[e];
                if (t == s->et.hidden || t == s->et.weak) continue;
                PROCESS(s->edge_to[e], pass);
            }
        }
    }
#undef PROCESS
    for (size_t i = 0; i < n; i++)
        state[i] = state[i] == 2;
out:
    free(visited), free(att), free(det);
    return state;
}

/* calculateObjectNames' getNodeClassIndex, as a string. */
static const char *base_class(const hs_snapshot *s, size_t i, int detached, char *buf,
                              size_t buflen)
{
    int t = s->node_type[i];
    const char *name = hs_node_name(s, i);
    char dname[1100];

    if (detached) {
        snprintf(dname, sizeof dname, "Detached %s", name);
        name = dname;
    }

    if (t == s->nt.hidden) return "(system)";
    if (t == s->nt.object || t == s->nt.native) {
        const char *sp = NULL;
        if (name[0] == '<')
            sp = strchr(name, ' ');
        else if (strncmp(name, "Detached <", 10) == 0)
            sp = strchr(name + 10, ' ');
        if (!sp) {
            snprintf(buf, buflen, "%s", name);
            return buf;
        }
        snprintf(buf, buflen, "%.*s>", (int)(sp - name), name);
        return buf;
    }
    if (t == s->nt.code) return "(compiled code)";
    if (t == s->nt.closure) return "Function";
    if (t == s->nt.regexp) return "RegExp";
    snprintf(buf, buflen, "(%s)", s->node_type_names[t]);
    return buf;
}

static int add_key(hs_classes *c, const char *key, size_t keylen, const char *name, uint32_t *out)
{
    size_t before = c->keys.count;
    int64_t k = strtab_intern(&c->keys, key, keylen);
    if (k < 0) return -1;
    if ((size_t)k >= c->key_cap) {
        size_t cap = c->key_cap ? c->key_cap * 2 : 256;
        uint32_t *kn = realloc(c->key_name, cap * sizeof *kn);
        if (!kn) return -1;
        c->key_name = kn;
        c->key_cap = cap;
    }
    if (c->keys.count > before) {
        int64_t nm = strtab_intern(&c->names, name, strlen(name));
        if (nm < 0) return -1;
        c->key_name[k] = (uint32_t)nm;
    }
    *out = (uint32_t)k;
    return 0;
}

/* The class key of node i given its class name and location index loc
 * (classKeyInternal). */
static int node_key(const hs_snapshot *s, hs_classes *c, int64_t loc, const char *name,
                    uint32_t *out)
{
    char buf[1200];
    int n;

    if (loc >= 0)
        n = snprintf(buf, sizeof buf, "%u,%u,%u,%s", s->loc_script[loc], s->loc_line[loc],
                     s->loc_col[loc], name);
    else
        n = snprintf(buf, sizeof buf, ",%s", name);
    if (n < 0) return -1;
    if ((size_t)n >= sizeof buf) {
        char *big = malloc((size_t)n + 1);
        if (!big) return -1;
        if (loc >= 0)
            snprintf(big, (size_t)n + 1, "%u,%u,%u,%s", s->loc_script[loc], s->loc_line[loc],
                     s->loc_col[loc], name);
        else
            snprintf(big, (size_t)n + 1, ",%s", name);
        int rc = add_key(c, big, (size_t)n, name, out);
        free(big);
        return rc;
    }
    return add_key(c, buf, (size_t)n, name, out);
}

/* A node's class key is a function of what its name is made from (type,
 * name string and detachedness, or its interface) and of its allocation
 * site. Nodes that have neither a site, an interface nor a detached state
 * are cached per name string; the others go through this memo, so a key's
 * text is made and interned once per distinct (source, site), not once per
 * node. Open addressing, grown at half full. */
typedef struct key_memo_slot {
    uint64_t source;            /* 0 = empty; see key_source() */
    uint32_t script, line, col; /* the site, all 0 when none */
    uint32_t key;
} key_memo_slot;

typedef struct key_memo {
    key_memo_slot *slot;
    size_t nslots, count;
} key_memo;

/* Nonzero identity of a class name's source: bit 63 interface (its name id
 * below), else type << 40 | detached << 39 | name string index; bit 62 set
 * when the node has an allocation site. */
static uint64_t key_source(const hs_snapshot *s, size_t i, int detached, uint32_t iface,
                           int64_t loc)
{
    uint64_t src = (uint64_t)(s->node_type[i] + 1) << 40 | s->node_name[i];
    if (detached) src |= 1ull << 39;
    if (iface != UINT32_MAX) src = 1ull << 63 | iface;
    return loc >= 0 ? src | 1ull << 62 : src;
}

static size_t memo_hash(const key_memo_slot *k)
{
    uint64_t h = k->source * 0x9E3779B97F4A7C15ull;
    h ^= ((uint64_t)k->script << 32 | k->line) * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t)k->col * 0x165667B19E3779F9ull;
    return (size_t)(h ^ h >> 29);
}

/* The slot holding k's source and site, or the empty slot where it goes. */
static key_memo_slot *memo_find(key_memo *m, const key_memo_slot *k)
{
    size_t mask = m->nslots - 1;
    for (size_t i = memo_hash(k) & mask;; i = (i + 1) & mask) {
        key_memo_slot *x = &m->slot[i];
        if (!x->source || (x->source == k->source && x->script == k->script && x->line == k->line &&
                           x->col == k->col))
            return x;
    }
}

static int memo_grow(key_memo *m)
{
    key_memo old = *m;
    m->nslots = old.nslots ? old.nslots * 2 : 1024;
    m->slot = calloc(m->nslots, sizeof *m->slot);
    if (!m->slot) return *m = old, -1;
    for (size_t i = 0; i < old.nslots; i++)
        if (old.slot[i].source) *memo_find(m, &old.slot[i]) = old.slot[i];
    free(old.slot);
    return 0;
}

/* Node i's key through the memo (see key_memo). */
static int memo_key(const hs_snapshot *s, hs_classes *c, key_memo *m, size_t i, int detached,
                    uint32_t iface, int64_t loc, uint32_t *out)
{
    char buf[1100];
    key_memo_slot k = {key_source(s, i, detached, iface, loc), 0, 0, 0, 0};

    if (loc >= 0) k.script = s->loc_script[loc], k.line = s->loc_line[loc], k.col = s->loc_col[loc];
    if ((m->count + 1) * 2 > m->nslots && memo_grow(m)) return -1;
    key_memo_slot *x = memo_find(m, &k);
    if (x->source) {
        *out = x->key;
        return 0;
    }
    const char *name = base_class(s, i, detached, buf, sizeof buf);
    if (iface != UINT32_MAX) name = strtab_str(&c->names, iface);
    if (node_key(s, c, loc, name, &k.key)) return -1;
    *x = k;
    m->count++;
    *out = k.key;
    return 0;
}

int hs_classes_build(const hs_snapshot *s, hs_classes *c, char *err, size_t errlen)
{
    uint32_t *iface = NULL;
    key_memo memo = {0};
    char buf[1100];
    size_t li = 0; /* locations are sorted by node: a cursor, not a search */

    memset(c, 0, sizeof *c);
    c->node_class = malloc(s->node_count * sizeof *c->node_class);
    if (!c->node_class) goto oom;
    if (hs_has_edges(s) && hs_interfaces(s, &c->names, &iface)) goto oom;
    uint8_t *detached = dom_detached(s);
    /* Most nodes' key depends on (type, name) only: cache it per name. */
    uint32_t *cache = malloc((s->str_count ? s->str_count : 1) * sizeof *cache);
    uint8_t *cache_type = malloc(s->str_count ? s->str_count : 1);
    if (!cache || !cache_type) goto oom2;
    memset(cache, 0xFF, (s->str_count ? s->str_count : 1) * sizeof *cache);
    /* Only objects and natives are named after their name string: every
     * other type has one key, e.g. ",(string)" for all strings. */
    uint32_t type_key[256];
    memset(type_key, 0xFF, sizeof type_key);
    for (size_t i = 0; i < s->node_count; i++) {
        int t = s->node_type[i];
        if (t != s->nt.object && t != s->nt.native) {
            if (type_key[t] == UINT32_MAX &&
                node_key(s, c, -1, base_class(s, i, 0, buf, sizeof buf), &type_key[t]))
                goto oom2;
            c->node_class[i] = type_key[t];
            continue;
        }
        int det = detached && detached[i];
        uint32_t ifc = iface ? iface[i] : UINT32_MAX, nm = s->node_name[i];
        int64_t loc = -1;
        while (li < s->loc_count && s->loc_node[li] < i)
            li++;
        if (li < s->loc_count && s->loc_node[li] == i && s->node_type[i] == s->nt.object)
            loc = (int64_t)li;
        if (det || ifc != UINT32_MAX || loc >= 0) {
            if (memo_key(s, c, &memo, i, det, ifc, loc, &c->node_class[i])) goto oom2;
            continue;
        }
        if (cache[nm] != UINT32_MAX && cache_type[nm] == s->node_type[i]) {
            c->node_class[i] = cache[nm];
            continue;
        }
        const char *name = base_class(s, i, 0, buf, sizeof buf);
        if (node_key(s, c, -1, name, &c->node_class[i])) goto oom2;
        cache[nm] = c->node_class[i], cache_type[nm] = s->node_type[i];
    }
    free(cache), free(cache_type), free(memo.slot);
    free(detached);
    free(iface);
    return 0;
oom2:
    free(cache), free(cache_type), free(memo.slot), free(detached);
oom:
    free(iface);
    hs_classes_free(c);
    snprintf(err, errlen, "out of memory computing class names");
    return -1;
}

void hs_classes_free(hs_classes *c)
{
    strtab_free(&c->keys);
    strtab_free(&c->names);
    free(c->key_name);
    free(c->node_class);
    memset(c, 0, sizeof *c);
}

void hs_plain_object_name(const hs_snapshot *s, size_t node, char *out, size_t outlen)
{
    char start[512] = "{", end[512] = "}", f[256];
    uint64_t from = hs_edge_begin(s, node), to = hs_edge_begin(s, node + 1);
    int from_end = 0;

    while (to > from) {
        uint64_t e = from_end ? to - 1 : from;
        const char *nm = hs_str(s, s->edge_name[e]);
        if (s->edge_type[e] != s->et.property || strcmp(nm, "__proto__") == 0) {
            if (from_end)
                to--;
            else
                from++;
            continue;
        }
        hs_format_property(nm, f, sizeof f);
        size_t ls = hs_js_length(start), le = hs_js_length(end), lf = hs_js_length(f);
        if (ls > 1 && ls + le + lf > 100) break;
        if (from_end) {
            to--;
            char tmp[512];
            snprintf(tmp, sizeof tmp, "%s%s%s", f, le > 1 ? ", " : "", end);
            memcpy(end, tmp, sizeof end);
        } else {
            from++;
            size_t l = strlen(start);
            snprintf(start + l, sizeof start - l, "%s%s", ls > 1 ? ", " : "", f);
        }
        from_end = !from_end;
    }
    if (to > from) strncat(start, ", \xe2\x80\xa6", sizeof start - strlen(start) - 1);
    if (hs_js_length(end) > 1) strncat(start, ", ", sizeof start - strlen(start) - 1);
    snprintf(out, outlen, "%s%s", start, end);
}
