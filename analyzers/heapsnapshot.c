/* heapsnapshot.c — the snapshot loader's top level: walk the outer JSON
 * object, interpret `snapshot.meta`, dispatch each section to its streaming
 * parser (hs_arrays.c, hs_strings.c), skip the rest, then cross-check what
 * was read. The small `snapshot` header is the only part given to a JSON
 * DOM (jansson); it is bounded in size. */
#include "heapsnapshot.h"
#include "hs_parse.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEADER_MAX (4u << 20)

int hs_grow(void **arr, size_t *cap, size_t need, size_t el)
{
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *a = realloc(*arr, c * el);
    if (!a) return -1;
    *arr = a;
    *cap = c;
    return 0;
}

uint64_t hs_fit(const hs_parse *p, uint64_t hint, uint64_t min_bytes)
{
    uint64_t left = p->r.file_size > hsr_offset(&p->r) ? p->r.file_size - hsr_offset(&p->r) : 0;
    uint64_t most = p->r.file_size ? left / (min_bytes ? min_bytes : 1) + 1 : (1u << 20);
    return hint < most ? hint : most;
}

int hs_widen_self(hs_snapshot *s, size_t cap)
{
    if (s->self64) return 0;
    uint64_t *w = malloc((cap ? cap : 1) * sizeof *w);
    if (!w) return -1;
    for (size_t k = 0; k < cap; k++)
        w[k] = s->self32[k];
    free(s->self32);
    s->self32 = NULL;
    s->self64 = w;
    return 0;
}

int hs_widen_first_edge(hs_snapshot *s, size_t cap)
{
    if (s->first_edge64) return 0;
    uint64_t *w = malloc((cap + 1) * sizeof *w);
    if (!w) return -1;
    for (size_t k = 0; k <= cap; k++)
        w[k] = s->first_edge[k];
    free(s->first_edge);
    s->first_edge = NULL;
    s->first_edge64 = w;
    return 0;
}

int hs_set_self_size(hs_snapshot *s, size_t i, uint64_t v)
{
    if (v > UINT32_MAX && hs_widen_self(s, s->node_count)) return -1;
    if (s->self64)
        s->self64[i] = v;
    else
        s->self32[i] = (uint32_t)v;
    return 0;
}

/* Copies the raw text of the next JSON value (the `snapshot` header). */
static int read_raw_value(hs_parse *p, char **out, size_t *outlen)
{
    hsr *r = &p->r;
    uint64_t start = hsr_offset(r);
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);
    int depth = 0, in_str = 0, esc = 0;

    if (!buf) return hsr_error(r, start, p->err, p->errlen, "out of memory");
    for (;;) {
        if (r->pos >= r->len && hsr_fill(r, 1) == 0) break;
        unsigned char c = r->buf[r->pos++];
        if (n + 1 >= cap) {
            if (cap >= HEADER_MAX) break;
            char *b = realloc(buf, cap * 2);
            if (!b) break;
            buf = b;
            cap *= 2;
        }
        buf[n++] = (char)c;
        if (in_str) {
            if (esc)
                esc = 0;
            else if (c == '\\')
                esc = 1;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0) {
                buf[n] = 0;
                *out = buf;
                *outlen = n;
                return 0;
            }
        }
    }
    free(buf);
    return hsr_error(r, hsr_offset(r), p->err, p->errlen,
                     n + 1 >= cap ? "\"snapshot\" header larger than %u bytes"
                                  : "unexpected end of file in the \"snapshot\" header",
                     HEADER_MAX);
}

/* Looks name up in a JSON array of strings; index or -1. */
static int index_of(json_t *arr, const char *name)
{
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        if (s && strcmp(s, name) == 0) return (int)i;
    }
    return -1;
}

static int copy_names(json_t *arr, char ***names, size_t *count)
{
    size_t n = json_array_size(arr);
    *names = calloc(n ? n : 1, sizeof **names);
    if (!*names) return -1;
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        (*names)[i] = strdup(s ? s : "");
        if (!(*names)[i]) return -1;
    }
    *count = n;
    return 0;
}

static int type_index(char **names, size_t n, const char *want)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], want) == 0) return (int)i;
    return -1;
}

static void resolve_types(hs_snapshot *s)
{
    char **n = s->node_type_names, **e = s->edge_type_names;
    size_t nn = s->node_type_count, en = s->edge_type_count;
    struct hs_node_types *t = &s->nt;
    struct hs_edge_types *u = &s->et;

    t->hidden = type_index(n, nn, "hidden");
    t->array = type_index(n, nn, "array");
    t->string = type_index(n, nn, "string");
    t->object = type_index(n, nn, "object");
    t->code = type_index(n, nn, "code");
    t->closure = type_index(n, nn, "closure");
    t->regexp = type_index(n, nn, "regexp");
    t->number = type_index(n, nn, "number");
    t->native = type_index(n, nn, "native");
    t->synthetic = type_index(n, nn, "synthetic");
    t->cons_string = type_index(n, nn, "concatenated string");
    t->sliced_string = type_index(n, nn, "sliced string");
    t->symbol = type_index(n, nn, "symbol");
    t->bigint = type_index(n, nn, "bigint");
    t->object_shape = type_index(n, nn, "object shape");
    u->context = type_index(e, en, "context");
    u->element = type_index(e, en, "element");
    u->property = type_index(e, en, "property");
    u->internal = type_index(e, en, "internal");
    u->hidden = type_index(e, en, "hidden");
    u->shortcut = type_index(e, en, "shortcut");
    u->weak = type_index(e, en, "weak");
}

/* Maps each field name to its role; fails when a required one is missing. */
static int map_fields(json_t *fields, unsigned char *roles, size_t *count, const char *const *names,
                      const unsigned char *want, size_t nwant, const char **missing)
{
    size_t n = json_array_size(fields);
    if (n == 0 || n > HS_MAX_FIELDS) {
        *missing = n ? "(too many fields)" : "(no fields)";
        return -1;
    }
    memset(roles, F_SKIP, HS_MAX_FIELDS);
    for (size_t k = 0; k < nwant; k++) {
        int i = index_of(fields, names[k]);
        if (i < 0) {
            *missing = names[k];
            return -1;
        }
        roles[i] = want[k];
    }
    *count = n;
    return 0;
}

static int meta_error(hs_parse *p, uint64_t off, const char *what)
{
    return hsr_error(&p->r, off, p->err, p->errlen, "bad \"snapshot\" header: %s", what);
}

static int apply_meta(hs_parse *p, json_t *snap, uint64_t off)
{
    static const char *const nnames[] = {"type", "name", "id", "self_size", "edge_count"};
    static const unsigned char nroles[] = {F_TYPE, F_NAME, F_ID, F_SELF, F_EDGES};
    static const char *const enames[] = {"type", "name_or_index", "to_node"};
    static const unsigned char eroles[] = {F_TYPE, F_NAME, F_TO};
    static const char *const lnames[] = {"object_index", "script_id", "line", "column"};
    static const unsigned char lroles[] = {F_LOC_NODE, F_LOC_SCRIPT, F_LOC_LINE, F_LOC_COL};
    json_t *meta = json_object_get(snap, "meta");
    const char *missing = NULL;
    char msg[160];

    if (!json_is_object(meta)) return meta_error(p, off, "no \"meta\" object");
    json_t *nf = json_object_get(meta, "node_fields"), *ef = json_object_get(meta, "edge_fields");
    if (map_fields(nf, p->nfield, &p->nf, nnames, nroles, 5, &missing) ||
        map_fields(ef, p->efield, &p->ef, enames, eroles, 3, &missing)) {
        snprintf(msg, sizeof msg, "node_fields/edge_fields lack \"%s\"", missing);
        return meta_error(p, off, msg);
    }
    int di = index_of(nf, "detachedness");
    if (di >= 0 && p->mode != HS_LOAD_IDS) p->nfield[di] = F_DETACHED;
    json_t *lf = json_object_get(meta, "location_fields");
    if (map_fields(lf, p->lfield, &p->lf, lnames, lroles, 4, &missing)) p->lf = 0;
    json_t *nt = json_array_get(json_object_get(meta, "node_types"), (size_t)index_of(nf, "type"));
    json_t *et = json_array_get(json_object_get(meta, "edge_types"), (size_t)index_of(ef, "type"));
    if (!json_is_array(nt) || !json_is_array(et) || !json_array_size(nt) ||
        json_array_size(nt) > 255 || !json_array_size(et) || json_array_size(et) > 255)
        return meta_error(p, off, "node_types/edge_types lack the list of type names");
    if (copy_names(nt, &p->s->node_type_names, &p->s->node_type_count) ||
        copy_names(et, &p->s->edge_type_names, &p->s->edge_type_count))
        return meta_error(p, off, "out of memory");
    resolve_types(p->s);
    p->node_hint = (uint64_t)json_integer_value(json_object_get(snap, "node_count"));
    p->edge_hint = (uint64_t)json_integer_value(json_object_get(snap, "edge_count"));
    p->s->extra_native_bytes =
        (uint64_t)json_integer_value(json_object_get(snap, "extra_native_bytes"));
    json_t *ri = json_object_get(snap, "root_index");
    p->root_index = json_is_integer(ri) ? json_integer_value(ri) : 0;
    return 0;
}

static int parse_header(hs_parse *p)
{
    uint64_t off = hsr_offset(&p->r);
    char *text = NULL;
    size_t len = 0;
    json_error_t je;

    if (p->have_snapshot) return meta_error(p, off, "duplicate \"snapshot\"");
    if (hsr_peek(&p->r) != '{')
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen,
                         "expected '{' for \"snapshot\"");
    off = hsr_offset(&p->r);
    if (read_raw_value(p, &text, &len)) return -1;
    json_t *snap = json_loadb(text, len, 0, &je);
    free(text);
    if (!snap)
        return hsr_error(&p->r, off + (uint64_t)je.position, p->err, p->errlen,
                         "bad \"snapshot\" header: %s", je.text);
    int rc = apply_meta(p, snap, off);
    json_decref(snap);
    p->have_snapshot = 1;
    return rc;
}

/* Parses or skips the value of top-level key `key`. */
static int parse_section(hs_parse *p, const char *key)
{
    int *seen = NULL;
    int rc;

    if (strcmp(key, "snapshot") == 0) return parse_header(p);
    if (!p->have_snapshot && (!strcmp(key, "nodes") || !strcmp(key, "edges") ||
                              !strcmp(key, "strings") || !strcmp(key, "locations")))
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen,
                         "\"%s\" before the \"snapshot\" header", key);
    if (strcmp(key, "nodes") == 0) {
        seen = &p->have_nodes;
        rc = *seen ? -2 : hs_parse_nodes(p);
    } else if (strcmp(key, "edges") == 0 && p->mode == HS_LOAD_FULL) {
        seen = &p->have_edges;
        p->edges_offset = hsr_offset(&p->r);
        rc = *seen ? -2 : hs_parse_edges(p);
    } else if (strcmp(key, "strings") == 0 && p->mode != HS_LOAD_IDS) {
        seen = &p->have_strings;
        rc = *seen ? -2 : hs_parse_strings(p);
    } else if (strcmp(key, "locations") == 0 && p->mode == HS_LOAD_FULL && p->lf && p->have_nodes) {
        rc = hs_parse_locations(p);
    } else {
        if (strcmp(key, "edges") == 0) p->have_edges = 1;
        if (strcmp(key, "strings") == 0) p->have_strings = 1;
        return hsr_skip_value(&p->r, p->err, p->errlen);
    }
    if (rc == -2)
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen, "duplicate \"%s\"", key);
    if (rc == 0 && seen) *seen = 1;
    return rc;
}

/* Walks the outer object: {"key": value, ...}. */
static int parse_top(hs_parse *p)
{
    hsr *r = &p->r;
    char key[64];
    int c = hsr_peek(r);

    if (c != '{')
        return hsr_error(r, hsr_offset(r), p->err, p->errlen,
                         c < 0 ? "empty file, expected a heap snapshot ('{')"
                               : "expected '{' (not a heap snapshot)");
    r->pos++;
    c = hsr_peek(r);
    while (c != '}') {
        if (c != '"')
            return hsr_error(r, hsr_offset(r), p->err, p->errlen,
                             c < 0 ? "unexpected end of file, expected a section name"
                                   : "expected a section name");
        r->pos++;
        if (hsr_read_key(r, key, sizeof key, p->err, p->errlen)) return -1;
        if (hsr_peek(r) != ':')
            return hsr_error(r, hsr_offset(r), p->err, p->errlen, "expected ':' after \"%s\"", key);
        r->pos++;
        if (parse_section(p, key)) return -1;
        c = hsr_peek(r);
        if (c == ',') {
            r->pos++;
            c = hsr_peek(r);
        } else if (c != '}') {
            return hsr_error(r, hsr_offset(r), p->err, p->errlen,
                             c < 0 ? "unexpected end of file after \"%s\""
                                   : "expected ',' or '}' after \"%s\"",
                             key);
        }
    }
    r->pos++;
    if (hsr_peek(r) >= 0)
        return hsr_error(r, hsr_offset(r), p->err, p->errlen, "trailing data after the snapshot");
    return 0;
}

/* Checks everything that could only be checked once all sections are in. */
static int validate(hs_parse *p)
{
    hs_snapshot *s = p->s;
    uint64_t end = hsr_offset(&p->r);
    const char *need = !p->have_snapshot                              ? "snapshot"
                       : !p->have_nodes                               ? "nodes"
                       : (p->mode == HS_LOAD_FULL && !p->have_edges)  ? "edges"
                       : (p->mode != HS_LOAD_IDS && !p->have_strings) ? "strings"
                                                                      : NULL;
    if (need) return hsr_error(&p->r, end, p->err, p->errlen, "missing \"%s\" section", need);
    if (s->node_count == 0) return hsr_error(&p->r, end, p->err, p->errlen, "no nodes");
    if (p->root_index < 0 || (uint64_t)p->root_index % p->nf ||
        (uint64_t)p->root_index / p->nf >= s->node_count)
        return hsr_error(&p->r, end, p->err, p->errlen, "root_index is not a node index");
    s->root = (uint32_t)((uint64_t)p->root_index / p->nf);
    if (p->mode == HS_LOAD_IDS) return 0;
    for (size_t i = 0; i < s->node_count; i++)
        if (s->node_name[i] >= s->str_count)
            return hsr_error(&p->r, end, p->err, p->errlen,
                             "node %zu: name %u is not a string index (%zu strings)", i,
                             s->node_name[i], s->str_count);
    for (size_t e = 0; e < s->edge_count; e++)
        if (hs_edge_named(s, e) && s->edge_name[e] >= s->str_count)
            return hsr_error(&p->r, end, p->err, p->errlen,
                             "edge %zu: name %u is not a string index (%zu strings)", e,
                             s->edge_name[e], s->str_count);
    return 0;
}

/* One stable counting-sort pass of records r (4 words, node first) into o by
 * 16 bits of the node at shift. */
static void loc_pass(const uint32_t *r, uint32_t *o, size_t n, unsigned shift, size_t *count)
{
    memset(count, 0, 65537 * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[(r[4 * i] >> shift & 0xFFFF) + 1]++;
    for (size_t b = 1; b <= 65536; b++)
        count[b] += count[b - 1];
    for (size_t i = 0; i < n; i++)
        memcpy(o + 4 * count[r[4 * i] >> shift & 0xFFFF]++, r + 4 * i, 16);
}

/* V8 writes locations in an order of its own, mostly but not quite by node:
 * sort them by node, stably (entries of one node keep their file order),
 * with an LSD radix sort of the node ordinal (two 16-bit passes). */
static int sort_locations(hs_snapshot *s)
{
    size_t n = s->loc_count, i;
    for (i = 1; i < n && s->loc_node[i - 1] <= s->loc_node[i]; i++) {
    }
    if (i >= n) return 0;
    uint32_t *t = malloc(n * 32), *u = t + 4 * n;
    size_t *count = malloc(65537 * sizeof *count);
    if (!t || !count) return free(t), free(count), -1;
    for (i = 0; i < n; i++) {
        t[4 * i] = s->loc_node[i], t[4 * i + 1] = s->loc_script[i];
        t[4 * i + 2] = s->loc_line[i], t[4 * i + 3] = s->loc_col[i];
    }
    loc_pass(t, u, n, 0, count);
    loc_pass(u, t, n, 16, count);
    for (i = 0; i < n; i++) {
        s->loc_node[i] = t[4 * i], s->loc_script[i] = t[4 * i + 1];
        s->loc_line[i] = t[4 * i + 2], s->loc_col[i] = t[4 * i + 3];
    }
    free(t), free(count);
    return 0;
}

/* Gives back the slack of arrays preallocated from the header's hints. */
static void shrink(hs_snapshot *s)
{
    size_t n = s->node_count ? s->node_count : 1, e = s->edge_count ? s->edge_count : 1;
    void *q;
#define SHRINK(ptr, bytes)                                                                         \
    if ((ptr) && (q = realloc((ptr), (bytes)))) (ptr) = q
    SHRINK(s->node_type, n);
    SHRINK(s->node_detached, n);
    SHRINK(s->node_id, n * 4);
    SHRINK(s->node_name, n * 4);
    SHRINK(s->self32, n * 4);
    SHRINK(s->self64, n * 8);
    SHRINK(s->first_edge, (n + 1) * 4);
    SHRINK(s->first_edge64, (n + 1) * 8);
    SHRINK(s->edge_type, e);
    SHRINK(s->edge_name, e * 4);
    SHRINK(s->edge_to, e * 4);
#undef SHRINK
}

static int64_t mtime_ns(int fd)
{
    struct stat st;
    if (fstat(fd, &st)) return -1;
    return (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

/* Remembers where the edges are, for hs_reload_edges (regular files only). */
static int keep_source(hs_parse *p, const char *path)
{
    struct hs_source *src;

    if (p->mode != HS_LOAD_FULL || !p->r.file_size) return 0;
    if (!(src = calloc(1, sizeof *src)) || !(src->path = strdup(path))) {
        free(src);
        return -1;
    }
    src->edges_offset = p->edges_offset;
    src->file_size = p->r.file_size;
    src->mtime_ns = mtime_ns(p->r.fd);
    src->nf = p->nf, src->ef = p->ef;
    memcpy(src->efield, p->efield, sizeof src->efield);
    src->ckpt = p->ckpt, src->nckpt = p->nckpt;
    p->ckpt = NULL;
    p->s->source = src;
    return 0;
}

int hs_load(const char *path, enum hs_mode mode, hs_snapshot *s, char *err, size_t errlen)
{
    hs_parse p;

    memset(s, 0, sizeof *s);
    memset(&p, 0, sizeof p);
    p.s = s;
    p.mode = mode;
    p.err = err;
    p.errlen = errlen;
    if (hsr_open(&p.r, path)) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return -1;
    }
    s->file_bytes = p.r.file_size;
    int rc = parse_top(&p);
    if (rc == 0 && p.r.io_errno) {
        snprintf(err, errlen, "read error: %s", strerror(p.r.io_errno));
        rc = -1;
    }
    if (rc == 0) rc = validate(&p);
    if (rc == 0 && (sort_locations(s) || keep_source(&p, path)))
        rc = hsr_error(&p.r, 0, err, errlen, "out of memory");
    hsr_close(&p.r);
    free(p.ckpt);
    if (rc) {
        hs_free(s);
        return -1;
    }
    shrink(s);
    return 0;
}

void hs_free(hs_snapshot *s)
{
    void *arrays[] = {s->node_detached, s->node_type,  s->node_name,    s->node_id,   s->self32,
                      s->self64,        s->first_edge, s->first_edge64, s->edge_type, s->edge_name,
                      s->edge_to,       s->str_data,   s->str_off,      s->str_off64, s->loc_node,
                      s->loc_script,    s->loc_line,   s->loc_col};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        free(arrays[i]);
    for (size_t i = 0; s->node_type_names && i < s->node_type_count; i++)
        free(s->node_type_names[i]);
    for (size_t i = 0; s->edge_type_names && i < s->edge_type_count; i++)
        free(s->edge_type_names[i]);
    free(s->node_type_names);
    free(s->edge_type_names);
    if (s->source) free(s->source->path), free(s->source->ckpt), free(s->source->loaded);
    free(s->source);
    memset(s, 0, sizeof *s);
}

void hs_release(hs_snapshot *s, unsigned parts)
{
    if (parts & HS_PART_LOCATIONS) {
        free(s->loc_node), free(s->loc_script), free(s->loc_line), free(s->loc_col);
        s->loc_node = s->loc_script = s->loc_line = s->loc_col = NULL;
        s->loc_count = 0;
    }
    if (parts & HS_PART_DETACHED) free(s->node_detached), s->node_detached = NULL;
    if (parts & (HS_PART_EDGE_NAMES | HS_PART_EDGES)) {
        free(s->edge_name), free(s->edge_type);
        s->edge_name = NULL, s->edge_type = NULL;
    }
    if (parts & HS_PART_EDGES) free(s->edge_to), s->edge_to = NULL;
    if ((parts & HS_PART_EDGES) && s->source) free(s->source->loaded), s->source->loaded = NULL;
}

int hs_reload_edges(hs_snapshot *s, char *err, size_t errlen)
{
    struct hs_source *src = s->source;
    size_t edges = s->edge_count;
    hs_parse p;
    int rc;

    if (!src) return snprintf(err, errlen, "edges were not loaded from a file"), -1;
    hs_release(s, HS_PART_EDGES);
    memset(&p, 0, sizeof p);
    p.s = s, p.mode = HS_LOAD_FULL, p.err = err, p.errlen = errlen;
    p.nf = src->nf, p.ef = src->ef, p.have_nodes = 1;
    memcpy(p.efield, src->efield, sizeof p.efield);
    p.edges_declared = edges;
    if (hsr_open(&p.r, src->path))
        return snprintf(err, errlen, "cannot reopen: %s", strerror(errno)), -1;
    if (p.r.file_size != src->file_size || mtime_ns(p.r.fd) != src->mtime_ns)
        rc = hsr_error(&p.r, 0, err, errlen, "file changed while it was being analysed");
    else if (hsr_seek(&p.r, src->edges_offset))
        rc = hsr_error(&p.r, src->edges_offset, err, errlen, "cannot seek: %s", strerror(errno));
    else
        rc = hs_parse_edges(&p);
    if (rc == 0 && p.r.io_errno)
        rc = hsr_error(&p.r, 0, err, errlen, "read error: %s", strerror(p.r.io_errno));
    hsr_close(&p.r);
    free(p.ckpt);
    if (rc) hs_release(s, HS_PART_EDGES), s->edge_count = edges;
    return rc;
}

/* Marks in want the checkpoint stretches holding the edges of nodes that
 * are not read back yet; returns how many. */
static size_t wanted_stretches(const hs_snapshot *s, const uint32_t *nodes, size_t count,
                               uint8_t *want)
{
    const struct hs_source *src = s->source;
    size_t n = 0;

    for (size_t i = 0; i < count; i++) {
        if (nodes[i] >= s->node_count) continue;
        uint64_t b = hs_edge_begin(s, nodes[i]), e = hs_edge_begin(s, nodes[i] + 1);
        for (uint64_t c = b >> HS_CKPT_SHIFT; e > b && c <= (e - 1) >> HS_CKPT_SHIFT; c++)
            if (c < src->nckpt && !src->loaded[c] && !want[c]) want[c] = 1, n++;
    }
    return n;
}

/* Allocates the edge arrays for hs_reload_edges_of: zeroed, so that what
 * was not read back reads as 0 (and costs no memory until written). */
static int alloc_sparse_edges(hs_snapshot *s)
{
    size_t e = s->edge_count ? s->edge_count : 1;

    s->edge_type = calloc(e, 1);
    s->edge_name = calloc(e, sizeof *s->edge_name);
    s->edge_to = calloc(e, sizeof *s->edge_to);
    s->source->loaded = calloc(s->source->nckpt ? s->source->nckpt : 1, 1);
    if (s->edge_type && s->edge_name && s->edge_to && s->source->loaded) return 0;
    hs_release(s, HS_PART_EDGES);
    return -1;
}

int hs_reload_edges_of(hs_snapshot *s, const uint32_t *nodes, size_t count, char *err,
                       size_t errlen)
{
    struct hs_source *src = s->source;
    uint8_t *want = NULL;
    hs_parse p;
    int rc = 0;

    if (!src || !src->ckpt) return snprintf(err, errlen, "edges were not loaded from a file"), -1;
    if (s->edge_to && (!s->edge_name || !s->edge_type))
        hs_release(s, HS_PART_EDGES);         /* names given back, targets kept: start over */
    if (s->edge_to && !src->loaded) return 0; /* all of them are there */
    if (!s->edge_to && alloc_sparse_edges(s)) return snprintf(err, errlen, "out of memory"), -1;
    if (!(want = calloc(src->nckpt, 1))) return snprintf(err, errlen, "out of memory"), -1;
    if (!wanted_stretches(s, nodes, count, want)) return free(want), 0;
    memset(&p, 0, sizeof p);
    p.s = s, p.mode = HS_LOAD_FULL, p.err = err, p.errlen = errlen;
    p.nf = src->nf, p.ef = src->ef, p.have_nodes = 1;
    memcpy(p.efield, src->efield, sizeof p.efield);
    if (hsr_open(&p.r, src->path)) {
        free(want);
        return snprintf(err, errlen, "cannot reopen: %s", strerror(errno)), -1;
    }
    if (p.r.file_size != src->file_size || mtime_ns(p.r.fd) != src->mtime_ns)
        rc = hsr_error(&p.r, 0, err, errlen, "file changed while it was being analysed");
    /* runs of wanted stretches, each parsed from its first checkpoint */
    for (size_t c = 0; rc == 0 && c < src->nckpt; c++) {
        if (!want[c]) continue;
        size_t d = c;
        while (d + 1 < src->nckpt && want[d + 1])
            d++;
        size_t first = c << HS_CKPT_SHIFT, last = (d + 1) << HS_CKPT_SHIFT;
        if (last > s->edge_count) last = s->edge_count;
        if (hsr_seek(&p.r, src->ckpt[c]))
            rc = hsr_error(&p.r, src->ckpt[c], err, errlen, "cannot seek: %s", strerror(errno));
        else
            rc = hs_parse_edge_range(&p, first, last);
        if (rc == 0 && p.r.io_errno)
            rc = hsr_error(&p.r, 0, err, errlen, "read error: %s", strerror(p.r.io_errno));
        for (; rc == 0 && c <= d; c++)
            src->loaded[c] = 1;
    }
    hsr_close(&p.r);
    free(want);
    if (rc) hs_release(s, HS_PART_EDGES);
    return rc;
}

int64_t hs_find_id(const hs_snapshot *s, uint32_t id)
{
    for (size_t i = 0; i < s->node_count; i++)
        if (s->node_id[i] == id) return (int64_t)i;
    return -1;
}

int64_t hs_location(const hs_snapshot *s, size_t i)
{
    size_t lo = 0, hi = s->loc_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->loc_node[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->loc_count && s->loc_node[lo] == i ? (int64_t)lo : -1;
}

void hs_keep_closure_locations(hs_snapshot *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->loc_count; i++) {
        if (s->node_type[s->loc_node[i]] != s->nt.closure) continue;
        s->loc_node[n] = s->loc_node[i], s->loc_script[n] = s->loc_script[i];
        s->loc_line[n] = s->loc_line[i], s->loc_col[n] = s->loc_col[i];
        n++;
    }
    s->loc_count = n;
    if (!n) hs_release(s, HS_PART_LOCATIONS);
}
