/* hs_arrays.c — the snapshot's integer sections: `nodes`, `edges`, `locations`.
 *
 * This is the loader's hot loop (hundreds of millions of numbers in a large
 * snapshot), so numbers are scanned inline from the reader's window: one
 * lookahead check per number, a digit loop stopped by the buffer's NUL
 * sentinel, and a whole record of fields gathered before it is stored. Each
 * field goes to its typed array by the role meta gave it, never by position. */
#include "hs_parse.h"

#include <stdlib.h>
#include <string.h>

static inline int is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Skips whitespace, refilling; leaves >= HSR_LOOKAHEAD bytes unless at EOF. */
static inline unsigned char *skip_ws(hsr *r)
{
    for (;;) {
        if (r->len - r->pos < HSR_LOOKAHEAD) hsr_fill(r, HSR_LOOKAHEAD);
        unsigned char *p = r->buf + r->pos;
        while (is_ws(*p))
            p++;
        r->pos = (size_t)(p - r->buf);
        if (r->len - r->pos >= HSR_LOOKAHEAD || r->eof) return p;
    }
}

enum { SCAN_NUM_END = -1, SCAN_NOT_NUM = -2, SCAN_RANGE = -3, SCAN_SEP = -4 };

/* Reads one unsigned integer and the separator after it. Returns ',' or ']'
 * on success, else a SCAN_ code with r->pos at the offending byte. */
static inline int scan_uint(hsr *r, uint64_t *out)
{
    unsigned char *p = skip_ws(r);
    uint64_t v;
    unsigned d = (unsigned)(*p - '0');
    int n = 1;

    if (d > 9) return SCAN_NOT_NUM;
    v = d;
    p++;
    while ((d = (unsigned)(*p - '0')) <= 9) {
        if (++n > 19) {
            r->pos = (size_t)(p - r->buf);
            return SCAN_RANGE;
        }
        v = v * 10 + d;
        p++;
    }
    *out = v;
    if (*p == ',' || *p == ']') {
        r->pos = (size_t)(p - r->buf) + 1;
        return p[0];
    }
    r->pos = (size_t)(p - r->buf);
    if (r->pos >= r->len && !r->eof) return SCAN_NUM_END; /* cannot happen: lookahead */
    p = skip_ws(r);
    if (*p == ',' || *p == ']') {
        r->pos++;
        return *p;
    }
    return SCAN_SEP;
}

/* Turns a scan failure into a message naming the section. */
static int scan_error(hs_parse *p, int code, const char *section)
{
    hsr *r = &p->r;
    uint64_t off = hsr_offset(r);

    if (r->pos >= r->len && r->eof)
        return hsr_error(r, off, p->err, p->errlen, "unexpected end of file in \"%s\"", section);
    if (code == SCAN_RANGE)
        return hsr_error(r, off, p->err, p->errlen, "number out of range in \"%s\"", section);
    if (code == SCAN_SEP)
        return hsr_error(r, off, p->err, p->errlen, "expected ',' or ']' in \"%s\"", section);
    return hsr_error(r, off, p->err, p->errlen, "expected an unsigned integer in \"%s\"", section);
}

/* Consumes '[' and reports whether the array is empty (consuming ']'). */
static int open_array(hs_parse *p, const char *section, int *empty)
{
    int c = hsr_peek(&p->r);

    if (c != '[')
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen,
                         c < 0 ? "unexpected end of file, expected '[' for \"%s\""
                               : "expected '[' for \"%s\"",
                         section);
    p->r.pos++;
    c = hsr_peek(&p->r);
    *empty = c == ']';
    if (*empty) p->r.pos++;
    return 0;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FAST_RECORDS 1
#else
#define FAST_RECORDS 0
#endif

enum { FAST_NO = -2 };

static inline uint64_t load8(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

/* How many of the 8 bytes in x (memory order) are ASCII digits before the
 * first non-digit. A byte is a digit iff its high nibble is 3 both as is
 * and after adding 6; a carry out of a non-digit byte only disturbs bytes
 * after it, which are not counted. */
static inline unsigned digit_run(uint64_t x)
{
    const uint64_t hi = 0xF0F0F0F0F0F0F0F0ull, three = 0x3030303030303030ull;
    uint64_t bad = ((x & hi) ^ three) | (((x + 0x0606060606060606ull) & hi) ^ three);
    return bad ? (unsigned)__builtin_ctzll(bad) / 8 : 8;
}

/* The value of the first len (1..8) digits in x, eight at a time (SWAR). */
static inline uint64_t digits_value(uint64_t x, unsigned len)
{
    x <<= 8 * (8 - len); /* leading zero digits */
    x = ((x & 0x0F0F0F0F0F0F0F0Full) * 2561) >> 8;
    x = ((x & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
    return ((x & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32;
}

#define FAST_FIELD_BYTES 24 /* window per field the fast path may scan */

/* The common case of read_record: plain numbers, commas, whitespace only
 * between them, all inside a window of FAST_FIELD_BYTES per field + 32 that
 * the caller made available. Returns 1 or 0 like read_record, or FAST_NO
 * (nothing consumed) for anything else, which the careful path handles. */
static inline int fast_record(hsr *r, uint64_t *rec, size_t nfields)
{
    const unsigned char *p = r->buf + r->pos, *limit = p + nfields * FAST_FIELD_BYTES;

    for (size_t k = 0; k < nfields; k++) {
        while (is_ws(*p))
            if (++p >= limit) return FAST_NO;
        unsigned len = digit_run(load8(p)), d;
        if (!len) return FAST_NO;
        uint64_t v = digits_value(load8(p), len);
        p += len;
        for (; len == 8 && (d = (unsigned)(*p - '0')) <= 9; p++) {
            if (++len > 19) return FAST_NO;
            v = v * 10 + d;
        }
        rec[k] = v;
        while (is_ws(*p))
            if (++p >= limit) return FAST_NO;
        if (*p == ']' && k + 1 == nfields) {
            r->pos = (size_t)(p + 1 - r->buf);
            return 0;
        }
        if (*p++ != ',') return FAST_NO;
    }
    r->pos = (size_t)(p - r->buf);
    return 1;
}

/* Reads the next record of nfields numbers. Returns 1 (record read, more
 * follow), 0 (record read, array closed), or -1. */
static inline int read_record(hs_parse *p, uint64_t *rec, size_t nfields, const char *section)
{
    hsr *r = &p->r;
    size_t window = nfields * FAST_FIELD_BYTES + 32;

    if (FAST_RECORDS && r->len - r->pos < window) hsr_fill(r, window);
    if (FAST_RECORDS && r->len - r->pos >= window) {
        int rc = fast_record(r, rec, nfields);
        if (rc != FAST_NO) return rc;
    }
    for (size_t k = 0; k < nfields; k++) {
        uint64_t off = hsr_offset(&p->r);
        int c = scan_uint(&p->r, &rec[k]);
        if (c == ',') continue;
        if (c == ']') {
            if (k + 1 == nfields) return 0;
            return hsr_error(&p->r, off, p->err, p->errlen,
                             "\"%s\" ends inside a record (%zu of %zu fields)", section, k + 1,
                             nfields);
        }
        return scan_error(p, c, section);
    }
    return 1;
}

static int grow_nodes(hs_parse *p, size_t need)
{
    hs_snapshot *s = p->s;
    size_t cap = p->node_cap ? p->node_cap : 1024;
    int full = p->mode != HS_LOAD_IDS;

    while (cap < need)
        cap *= 2;
    void *a = realloc(s->node_type, cap);
    if (a) s->node_type = a;
    void *b = realloc(s->node_id, cap * 4);
    if (b) s->node_id = b;
    if (!a || !b) return -1;
    if (full) {
        void *c = realloc(s->node_name, cap * 4);
        if (c) s->node_name = c;
        void *d = s->self64 ? realloc(s->self64, cap * 8) : realloc(s->self32, cap * 4);
        if (d) *(s->self64 ? (void **)&s->self64 : (void **)&s->self32) = d;
        if (!c || !d) return -1;
    }
    if (p->has_detached) {
        void *f = realloc(s->node_detached, cap);
        if (!f) return -1;
        s->node_detached = f;
    }
    if (p->mode == HS_LOAD_FULL) {
        void *e = s->first_edge64 ? realloc(s->first_edge64, (cap + 1) * 8)
                                  : realloc(s->first_edge, (cap + 1) * 4);
        if (!e) return -1;
        *(s->first_edge64 ? (void **)&s->first_edge64 : (void **)&s->first_edge) = e;
    }
    p->node_cap = cap;
    return 0;
}

static int store_node(hs_parse *p, const uint64_t *rec, size_t i, uint64_t off)
{
    hs_snapshot *s = p->s;
    uint64_t type = 0, name = 0, id = 0, self = 0, edges = 0, detached = 0;

    for (size_t k = 0; k < p->nf; k++) {
        switch (p->nfield[k]) {
        case F_TYPE:
            type = rec[k];
            break;
        case F_NAME:
            name = rec[k];
            break;
        case F_ID:
            id = rec[k];
            break;
        case F_SELF:
            self = rec[k];
            break;
        case F_EDGES:
            edges = rec[k];
            break;
        case F_DETACHED:
            detached = rec[k];
            break;
        default:
            break;
        }
    }
    if (type >= s->node_type_count || name > UINT32_MAX || id > UINT32_MAX)
        return hsr_error(&p->r, off, p->err, p->errlen,
                         type >= s->node_type_count ? "node %zu: type %llu out of range"
                         : name > UINT32_MAX        ? "node %zu: name %llu out of range"
                                                    : "node %zu: id %llu out of range",
                         i,
                         (unsigned long long)(type >= s->node_type_count ? type
                                              : name > UINT32_MAX        ? name
                                                                         : id));
    s->node_type[i] = (uint8_t)type;
    s->node_id[i] = (uint32_t)id;
    if ((id & 1) && id > s->max_js_id) s->max_js_id = (uint32_t)id;
    if (p->mode == HS_LOAD_IDS) return 0;
    s->node_name[i] = (uint32_t)name;
    if (s->node_detached) s->node_detached[i] = detached <= 2 ? (uint8_t)detached : 0;
    if (self > UINT32_MAX && hs_widen_self(s, p->node_cap))
        return hsr_error(&p->r, off, p->err, p->errlen, "out of memory");
    if (s->self64)
        s->self64[i] = self;
    else
        s->self32[i] = (uint32_t)self;
    if (p->mode == HS_LOAD_FULL) {
        if (edges > UINT64_MAX / 2 - p->edges_declared)
            return hsr_error(&p->r, off, p->err, p->errlen,
                             "node %zu: edge_count %llu out of range", i,
                             (unsigned long long)edges);
        if (p->edges_declared + edges > UINT32_MAX && hs_widen_first_edge(s, p->node_cap))
            return hsr_error(&p->r, off, p->err, p->errlen, "out of memory");
        if (s->first_edge64)
            s->first_edge64[i] = p->edges_declared;
        else
            s->first_edge[i] = (uint32_t)p->edges_declared;
        p->edges_declared += edges;
    }
    return 0;
}

int hs_parse_nodes(hs_parse *p)
{
    uint64_t rec[HS_MAX_FIELDS];
    hs_snapshot *s = p->s;
    size_t n = 0;
    int empty, more = 1;

    if (open_array(p, "nodes", &empty)) return -1;
    for (size_t k = 0; k < p->nf; k++)
        if (p->nfield[k] == F_DETACHED) p->has_detached = 1;
    size_t want = (size_t)hs_fit(p, p->node_hint, 2 * p->nf);
    if (grow_nodes(p, want ? want : 1))
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen, "out of memory");
    while (!empty && more) {
        uint64_t off = hsr_offset(&p->r);
        more = read_record(p, rec, p->nf, "nodes");
        if (more < 0) return -1;
        if (n == p->node_cap && grow_nodes(p, n + 1))
            return hsr_error(&p->r, off, p->err, p->errlen, "out of memory");
        if (store_node(p, rec, n, off)) return -1;
        n++;
    }
    s->node_count = n;
    if (s->first_edge64)
        s->first_edge64[n] = p->edges_declared;
    else if (s->first_edge)
        s->first_edge[n] = (uint32_t)p->edges_declared;
    return 0;
}

static int grow_edges(hs_parse *p, size_t need)
{
    hs_snapshot *s = p->s;
    size_t cap = p->edge_cap ? p->edge_cap : 4096;

    while (cap < need)
        cap *= 2;
    void *a = realloc(s->edge_type, cap);
    if (a) s->edge_type = a;
    void *b = realloc(s->edge_name, cap * 4);
    if (b) s->edge_name = b;
    void *c = realloc(s->edge_to, cap * 4);
    if (c) s->edge_to = c;
    if (!a || !b || !c) return -1;
    p->edge_cap = cap;
    return 0;
}

/* Stores edge e from its record; checks type and target. */
static inline int store_edge(hs_parse *p, const uint64_t *rec, size_t e, uint64_t off)
{
    hs_snapshot *s = p->s;
    uint64_t type = 0, name = 0, to = 0;

    for (size_t k = 0; k < p->ef; k++) {
        switch (p->efield[k]) {
        case F_TYPE:
            type = rec[k];
            break;
        case F_NAME:
            name = rec[k];
            break;
        case F_TO:
            to = rec[k];
            break;
        default:
            break;
        }
    }
    uint64_t ord = p->nf == 7 ? to / 7 : to / p->nf;
    if (type >= s->edge_type_count)
        return hsr_error(&p->r, off, p->err, p->errlen, "edge %zu: type %llu out of range", e,
                         (unsigned long long)type);
    if (ord * p->nf != to || ord >= s->node_count)
        return hsr_error(&p->r, off, p->err, p->errlen,
                         "edge %zu: to_node %llu is not a node index (multiple of %zu below "
                         "%llu)",
                         e, (unsigned long long)to, p->nf,
                         (unsigned long long)s->node_count * p->nf);
    if (name > UINT32_MAX)
        return hsr_error(&p->r, off, p->err, p->errlen, "edge %zu: name_or_index %llu out of range",
                         e, (unsigned long long)name);
    s->edge_type[e] = (uint8_t)type;
    s->edge_name[e] = (uint32_t)name;
    s->edge_to[e] = (uint32_t)ord;
    return 0;
}

int hs_parse_edges(hs_parse *p)
{
    uint64_t rec[HS_MAX_FIELDS];
    size_t e = 0;
    int empty, more = 1;

    if (!p->have_nodes)
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen,
                         "\"edges\" before \"nodes\" (not a V8 heap snapshot layout)");
    if (open_array(p, "edges", &empty)) return -1;
    size_t want = (size_t)hs_fit(p, p->edges_declared, 2 * p->ef);
    if (grow_edges(p, want ? want : 1))
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen, "out of memory");
    while (!empty && more) {
        uint64_t off = hsr_offset(&p->r);
        more = read_record(p, rec, p->ef, "edges");
        if (more < 0) return -1;
        if (e == p->edge_cap && grow_edges(p, e + 1))
            return hsr_error(&p->r, off, p->err, p->errlen, "out of memory");
        if (store_edge(p, rec, e, off)) return -1;
        e++;
    }
    p->s->edge_count = e;
    if (e != p->edges_declared)
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen,
                         "\"edges\" holds %zu edges but the nodes' edge_count fields sum to "
                         "%llu",
                         e, (unsigned long long)p->edges_declared);
    return 0;
}

static int grow_locs(hs_parse *p, size_t need)
{
    hs_snapshot *s = p->s;
    size_t cap = p->loc_cap ? p->loc_cap : 1024;
    uint32_t **arr[4] = {&s->loc_node, &s->loc_script, &s->loc_line, &s->loc_col};

    while (cap < need)
        cap *= 2;
    for (int i = 0; i < 4; i++) {
        void *a = realloc(*arr[i], cap * 4);
        if (!a) return -1;
        *arr[i] = a;
    }
    p->loc_cap = cap;
    return 0;
}

int hs_parse_locations(hs_parse *p)
{
    uint64_t rec[HS_MAX_FIELDS];
    hs_snapshot *s = p->s;
    size_t n = 0;
    int empty, more = 1;

    if (open_array(p, "locations", &empty)) return -1;
    while (!empty && more) {
        uint64_t off = hsr_offset(&p->r), v[4] = {0, 0, 0, 0};
        more = read_record(p, rec, p->lf, "locations");
        if (more < 0) return -1;
        for (size_t k = 0; k < p->lf; k++)
            if (p->lfield[k] >= F_LOC_NODE) v[p->lfield[k] - F_LOC_NODE] = rec[k];
        if (v[0] % p->nf || v[0] / p->nf >= s->node_count || v[1] > UINT32_MAX ||
            v[2] > UINT32_MAX || v[3] > UINT32_MAX)
            return hsr_error(&p->r, off, p->err, p->errlen,
                             "location %zu: object_index %llu is not a node index", n,
                             (unsigned long long)v[0]);
        if (n == p->loc_cap && grow_locs(p, n + 1))
            return hsr_error(&p->r, off, p->err, p->errlen, "out of memory");
        s->loc_node[n] = (uint32_t)(v[0] / p->nf);
        s->loc_script[n] = (uint32_t)v[1];
        s->loc_line[n] = (uint32_t)v[2];
        s->loc_col[n] = (uint32_t)v[3];
        n++;
    }
    s->loc_count = n;
    return 0;
}
