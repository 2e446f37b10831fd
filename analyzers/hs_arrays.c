/* hs_arrays.c — the snapshot's integer sections: `nodes`, `edges`, `locations`.
 *
 * This is the loader's hot loop (hundreds of millions of numbers in a large
 * snapshot). Records in the layout V8 writes ("9,1,1,0,5,0,0\n,...") go
 * through the bulk path: one plain digit loop per number, values straight
 * into the typed arrays. Anything else (whitespace, odd values, the last
 * record) goes through read_record, which scans numbers inline from the
 * reader's window with one lookahead check per number, gathers a whole
 * record, and lets store_node/store_edge check it and report what is wrong
 * with its file offset. Each field goes to its typed array by the role meta
 * gave it, never by position. */
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

typedef struct node_rec {
    uint64_t type, name, id, self, edges, detached;
} node_rec;

/* A node record's fields by the roles meta gave them (rec has nf + 1
 * entries: a role no field has reads the 0 put in rec[nf]). */
static inline void node_fields(const hs_parse *p, uint64_t *rec, node_rec *f)
{
    rec[p->nf] = 0;
    f->type = rec[p->nfield_at[F_TYPE]];
    f->name = rec[p->nfield_at[F_NAME]];
    f->id = rec[p->nfield_at[F_ID]];
    f->self = rec[p->nfield_at[F_SELF]];
    f->edges = rec[p->nfield_at[F_EDGES]];
    f->detached = rec[p->nfield_at[F_DETACHED]];
}

/* True when node_put can store f as node i with no check failing and no
 * array to widen (the bulk path leaves the other records to store_node). */
static inline int node_plain(const hs_parse *p, const node_rec *f)
{
    const hs_snapshot *s = p->s;
    return f->type < s->node_type_count && f->name <= UINT32_MAX && f->id <= UINT32_MAX &&
           (f->self <= UINT32_MAX || s->self64) && f->edges <= UINT32_MAX &&
           (p->edges_declared + f->edges <= UINT32_MAX || s->first_edge64);
}

/* Stores node i; its values are in range and its arrays wide enough. */
static inline void node_put(hs_parse *p, const node_rec *f, size_t i)
{
    hs_snapshot *s = p->s;

    s->node_type[i] = (uint8_t)f->type;
    s->node_id[i] = (uint32_t)f->id;
    if ((f->id & 1) && f->id > s->max_js_id) s->max_js_id = (uint32_t)f->id;
    if (p->mode == HS_LOAD_IDS) return;
    s->node_name[i] = (uint32_t)f->name;
    if (s->node_detached) s->node_detached[i] = f->detached <= 2 ? (uint8_t)f->detached : 0;
    if (s->self64)
        s->self64[i] = f->self;
    else
        s->self32[i] = (uint32_t)f->self;
    if (p->mode == HS_LOAD_FULL) {
        if (s->first_edge64)
            s->first_edge64[i] = p->edges_declared;
        else
            s->first_edge[i] = (uint32_t)p->edges_declared;
        p->edges_declared += f->edges;
    }
}

static int store_node(hs_parse *p, uint64_t *rec, size_t i, uint64_t off)
{
    hs_snapshot *s = p->s;
    node_rec f;

    node_fields(p, rec, &f);
    if (f.type >= s->node_type_count || f.name > UINT32_MAX || f.id > UINT32_MAX)
        return hsr_error(&p->r, off, p->err, p->errlen,
                         f.type >= s->node_type_count ? "node %zu: type %llu out of range"
                         : f.name > UINT32_MAX        ? "node %zu: name %llu out of range"
                                                      : "node %zu: id %llu out of range",
                         i,
                         (unsigned long long)(f.type >= s->node_type_count ? f.type
                                              : f.name > UINT32_MAX        ? f.name
                                                                           : f.id));
    if (p->mode != HS_LOAD_IDS && f.self > UINT32_MAX && hs_widen_self(s, p->node_cap))
        return hsr_error(&p->r, off, p->err, p->errlen, "out of memory");
    if (p->mode == HS_LOAD_FULL) {
        if (f.edges > UINT64_MAX / 2 - p->edges_declared)
            return hsr_error(&p->r, off, p->err, p->errlen,
                             "node %zu: edge_count %llu out of range", i,
                             (unsigned long long)f.edges);
        if (p->edges_declared + f.edges > UINT32_MAX && hs_widen_first_edge(s, p->node_cap))
            return hsr_error(&p->r, off, p->err, p->errlen, "out of memory");
    }
    node_put(p, &f, i);
    return 0;
}

/* Stores edge e from its record when its values pass store_edge's checks;
 * returns 0 (nothing stored) when they do not. */
static inline int edge_put(hs_parse *p, const uint64_t *rec, size_t e)
{
    hs_snapshot *s = p->s;
    uint64_t type = rec[0], name = rec[1], to = rec[2], nf = p->nf;
    uint64_t ord = nf == 7 ? to / 7 : to / nf;

    if (type >= s->edge_type_count || name > UINT32_MAX || ord * nf != to || ord >= s->node_count)
        return 0;
    s->edge_type[e] = (uint8_t)type;
    s->edge_name[e] = (uint32_t)name;
    s->edge_to[e] = (uint32_t)ord;
    return 1;
}

enum bulk_kind { BULK_NODES, BULK_EDGES };

/* Bytes past a record's start the bulk path needs in the window: a record
 * of nf numbers of up to 20 digits with separators, and some slack. */
#define BULK_MARGIN(nf) ((nf)*23 + 16)

/* The bulk path of hs_parse_nodes and hs_parse_edges, for the layout V8
 * writes: numbers joined by "," or "\n," and nothing else. Digits go
 * straight into the value with one plain loop per number, records straight
 * into the arrays: no whitespace skipping, no per-record window check, no
 * per-field dispatch for edges (measured on a 600 MB snapshot, this simple
 * loop beats the SWAR digit scan of read_record by about 2x: number
 * lengths repeat from record to record and the branches predict well).
 * It stops before the first record that has anything else (whitespace,
 * more than 19 digits, the ']' after the last record), that holds a value
 * the checks of store_node/store_edge would reject or that needs a wider
 * array, at cap, and when fewer than BULK_MARGIN bytes are left in the
 * window: read_record and store_* then parse, store or report that record
 * exactly as they always did. BULK_EDGES means the edge fields are (type,
 * name_or_index, to_node) in this order. Returns the number of records
 * stored from index at; the reader is left at the first one not stored. */
static inline __attribute__((always_inline)) size_t bulk_records(hs_parse *p, enum bulk_kind kind,
                                                                 size_t at, size_t cap)
{
    hsr *r = &p->r;
    const size_t nf = kind == BULK_EDGES ? 3 : p->nf;
    const unsigned char *q = r->buf + r->pos, *x;
    const unsigned char *end = r->buf + (r->len > BULK_MARGIN(nf) ? r->len - BULK_MARGIN(nf) : 0);
    uint64_t rec[HS_MAX_FIELDS + 1];
    size_t n = at;

    for (; q < end && n < cap; q = x, n++) {
        if (kind == BULK_EDGES && p->ckpt && !(n & ((1u << HS_CKPT_SHIFT) - 1)) &&
            n >> HS_CKPT_SHIFT < p->nckpt)
            p->ckpt[n >> HS_CKPT_SHIFT] = r->base + (uint64_t)(q - r->buf);
        x = q;
        for (size_t k = 0; k < nf; k++) {
            const unsigned char *first = x;
            unsigned d = (unsigned)(*x - '0');
            uint64_t v = d;
            if (d > 9) goto stop;
            while ((d = (unsigned)(*++x - '0')) <= 9)
                v = v * 10 + d;
            if (x - first > 19) goto stop; /* v wrapped; read_record reports it */
            rec[k] = v;
            if (x[0] == ',')
                x++;
            else if (x[0] == '\n' && x[1] == ',')
                x += 2;
            else
                goto stop;
        }
        if (kind == BULK_EDGES) {
            if (!edge_put(p, rec, n)) goto stop;
        } else {
            node_rec f;
            node_fields(p, rec, &f);
            if (!node_plain(p, &f)) goto stop;
            node_put(p, &f, n);
        }
    }
stop:
    r->pos = (size_t)(q - r->buf);
    return n - at;
}

/* Runs the bulk path at the reader's position (refilling the window
 * first when it runs low); returns the number of records it stored. When
 * it stores none, it is not tried again for the next BULK_BACKOFF records,
 * so that a reformatted snapshot (spaces everywhere) goes to read_record
 * at almost no extra cost. */
#define BULK_BACKOFF 64
static inline __attribute__((always_inline)) size_t bulk(hs_parse *p, enum bulk_kind kind,
                                                         size_t at, size_t cap, unsigned *backoff)
{
    hsr *r = &p->r;

    if (*backoff) return --*backoff, 0;
    if (r->len - r->pos < 8 * BULK_MARGIN(HS_MAX_FIELDS)) hsr_fill(r, HSR_BUF / 2);
    size_t n = bulk_records(p, kind, at, cap);
    if (!n) *backoff = BULK_BACKOFF;
    return n;
}

int hs_parse_nodes(hs_parse *p)
{
    uint64_t rec[HS_MAX_FIELDS + 1];
    hs_snapshot *s = p->s;
    size_t n = 0;
    int empty, more = 1;

    if (open_array(p, "nodes", &empty)) return -1;
    memset(p->nfield_at, (int)p->nf, sizeof p->nfield_at);
    for (size_t k = 0; k < p->nf; k++) {
        if (p->nfield[k] == F_DETACHED) p->has_detached = 1;
        p->nfield_at[p->nfield[k]] = (unsigned char)k;
    }
    size_t want = (size_t)hs_fit(p, p->node_hint, 2 * p->nf);
    if (grow_nodes(p, want ? want : 1))
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen, "out of memory");
    unsigned backoff = 0;
    while (!empty && more) {
        size_t k = bulk(p, BULK_NODES, n, p->node_cap, &backoff);
        if (k) {
            n += k;
            continue;
        }
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

/* Edge records from index e until the array closes or stop is reached,
 * growing the arrays as needed and noting checkpoints. Sets *end to the
 * index after the last record read and *closed when the array closed. */
static int edge_records(hs_parse *p, size_t e, size_t stop, size_t *end, int *closed)
{
    uint64_t rec[HS_MAX_FIELDS + 1];
    int layout =
        p->ef == 3 && p->efield[0] == F_TYPE && p->efield[1] == F_NAME && p->efield[2] == F_TO;
    unsigned backoff = 0;
    int more = 1;

    while (more && e < stop) {
        size_t k =
            layout ? bulk(p, BULK_EDGES, e, p->edge_cap < stop ? p->edge_cap : stop, &backoff) : 0;
        if (k) {
            e += k;
            continue;
        }
        uint64_t off = hsr_offset(&p->r);
        if (p->ckpt && !(e & ((1u << HS_CKPT_SHIFT) - 1)) && e >> HS_CKPT_SHIFT < p->nckpt)
            p->ckpt[e >> HS_CKPT_SHIFT] = off;
        more = read_record(p, rec, p->ef, "edges");
        if (more < 0) return -1;
        if (e == p->edge_cap && grow_edges(p, e + 1))
            return hsr_error(&p->r, off, p->err, p->errlen, "out of memory");
        if (store_edge(p, rec, e, off)) return -1;
        e++;
    }
    *end = e;
    *closed = !more;
    return 0;
}

int hs_parse_edges(hs_parse *p)
{
    size_t e = 0;
    int empty, closed;

    if (!p->have_nodes)
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen,
                         "\"edges\" before \"nodes\" (not a V8 heap snapshot layout)");
    if (open_array(p, "edges", &empty)) return -1;
    size_t want = (size_t)hs_fit(p, p->edges_declared, 2 * p->ef);
    if (grow_edges(p, want ? want : 1))
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen, "out of memory");
    if (p->mode == HS_LOAD_FULL && p->r.file_size && !p->ckpt && p->edges_declared) {
        p->nckpt = (size_t)(hs_fit(p, p->edges_declared, 2 * p->ef) >> HS_CKPT_SHIFT) + 1;
        if (!(p->ckpt = malloc(p->nckpt * sizeof *p->ckpt)))
            return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen, "out of memory");
    }
    if (!empty && edge_records(p, 0, SIZE_MAX, &e, &closed)) return -1;
    p->s->edge_count = e;
    if (e != p->edges_declared)
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen,
                         "\"edges\" holds %zu edges but the nodes' edge_count fields sum to "
                         "%llu",
                         e, (unsigned long long)p->edges_declared);
    return 0;
}

int hs_parse_edge_range(hs_parse *p, size_t first, size_t last)
{
    size_t e;
    int closed;

    p->edge_cap = last;
    if (edge_records(p, first, last, &e, &closed)) return -1;
    if (e < last)
        return hsr_error(&p->r, hsr_offset(&p->r), p->err, p->errlen,
                         "\"edges\" ends after %zu edges, %zu expected", e, last);
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
    uint64_t rec[HS_MAX_FIELDS + 1];
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
