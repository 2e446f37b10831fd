/* hs_parse.h — internal to the snapshot loader: the parse state shared by
 * heapsnapshot.c (top level, meta, validation), hs_arrays.c (the integer
 * sections) and hs_strings.c (the string table). Not a public API. */
#ifndef LEAKCHECK_HS_PARSE_H
#define LEAKCHECK_HS_PARSE_H

#include "heapsnapshot.h"
#include "hsreader.h"

#define HS_MAX_FIELDS 64

enum hs_field {
    F_SKIP,
    F_TYPE,
    F_NAME,
    F_ID,
    F_SELF,
    F_EDGES,
    F_TO,
    F_LOC_NODE,
    F_LOC_SCRIPT,
    F_LOC_LINE,
    F_LOC_COL,
    F_DETACHED
};

typedef struct hs_parse {
    hsr r;
    hs_snapshot *s;
    enum hs_mode mode;
    char *err;
    size_t errlen;

    size_t nf, ef, lf; /* node, edge, location field counts */
    unsigned char nfield[HS_MAX_FIELDS], efield[HS_MAX_FIELDS], lfield[HS_MAX_FIELDS];
    unsigned char nfield_at[F_DETACHED + 1]; /* role -> node field index, nf if none */
    uint64_t node_hint, edge_hint;
    uint64_t edges_declared; /* sum of the nodes' edge_count */
    size_t node_cap, edge_cap, loc_cap;
    int64_t root_index;
    int has_detached;
    int have_snapshot, have_nodes, have_edges, have_strings;
    uint64_t edges_offset; /* file offset of the "edges" value */
    uint64_t *ckpt;        /* HS_LOAD_FULL: where edge records k << HS_CKPT_SHIFT start */
    size_t nckpt;
} hs_parse;

/* An edge checkpoint every 1024 edges (about 16 KB of file): where
 * hs_reload_edges_of starts parsing to bring back one node's edges. */
#define HS_CKPT_SHIFT 10

/* What hs_reload_edges needs to parse the "edges" section again. */
struct hs_source {
    char *path;
    uint64_t edges_offset, file_size;
    int64_t mtime_ns;
    size_t nf, ef;
    unsigned char efield[HS_MAX_FIELDS];
    uint64_t *ckpt; /* hs_parse.ckpt, nckpt entries */
    size_t nckpt;
    uint8_t *loaded; /* per checkpoint stretch: read back by hs_reload_edges_of */
};

/* Each parses the section's value (reader positioned before '['). 0 or -1. */
int hs_parse_nodes(hs_parse *p);
int hs_parse_edges(hs_parse *p);
/* Parses edge records first .. last - 1 into arrays already big enough,
 * from the start of record first (reader positioned there). 0 or -1. */
int hs_parse_edge_range(hs_parse *p, size_t first, size_t last);
int hs_parse_locations(hs_parse *p);
int hs_parse_strings(hs_parse *p);

/* Switches self sizes to 64-bit storage of cap entries. 0 or -1. */
int hs_widen_self(hs_snapshot *s, size_t cap);
/* Switches first-edge offsets to 64-bit storage (cap + 1 entries). 0 or -1. */
int hs_widen_first_edge(hs_snapshot *s, size_t cap);

/* Grows *arr (element size el) so that it holds at least need elements.
 * Returns 0 or -1 (out of memory; *arr unchanged). */
int hs_grow(void **arr, size_t *cap, size_t need, size_t el);

/* How many items the rest of the file could hold at min_bytes each: caps the
 * preallocation driven by a declared count. */
uint64_t hs_fit(const hs_parse *p, uint64_t hint, uint64_t min_bytes);

#endif
