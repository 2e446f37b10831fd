/* heapsnapshot.h — load a V8 `.heapsnapshot` (Node 18–22) into compact arrays.
 *
 * Input: a file path. Field positions come from `snapshot.meta` by name, so
 * extra node fields (trace_node_id, detachedness, ...) are tolerated; the
 * `nodes` and `edges` integer arrays are streamed straight into typed arrays,
 * `strings` are decoded (JSON escapes, surrogate pairs, lone surrogates →
 * U+FFFD) into one arena, other sections are skipped unparsed.
 *
 * Output: an hs_snapshot. Node i (an "ordinal", 0..node_count-1) has
 * node_type[i], node_name[i] (string index), node_id[i], self size
 * (hs_self_size), and edges first_edge[i] .. first_edge[i+1]-1. Edge e has
 * edge_type[e], edge_name[e] (string index, or the numeric index for
 * element/hidden edges) and edge_to[e] (target node *ordinal*, already divided
 * by the node field count).
 *
 * Errors: malformed, truncated or non-snapshot input gives -1 and a message
 * "offset N: expected ..." in err; nothing is printed, nothing exits, no
 * allocation is sized from an unchecked count (meta counts are hints capped by
 * what the remaining file bytes could hold).
 *
 * Memory: about 18 bytes per node + 9 bytes per edge + the decoded strings
 * (+ 4 bytes per string offset, + 16 per location); hs_free releases
 * everything. Complexity: one pass over the file, O(size).
 * Not thread-safe per snapshot; distinct snapshots are independent. */
#ifndef LEAKCHECK_HEAPSNAPSHOT_H
#define LEAKCHECK_HEAPSNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

enum hs_mode {
    HS_LOAD_FULL,  /* nodes, edges, strings, locations */
    HS_LOAD_NODES, /* nodes and strings only: no edges (first_edge == NULL) */
    HS_LOAD_IDS,   /* node ids and types only: no edges, no strings */
};

/* Well-known node/edge types, resolved by name from meta; -1 when absent. */
struct hs_node_types {
    int hidden, array, string, object, code, closure, regexp, number, native, synthetic,
        cons_string, sliced_string, symbol, bigint, object_shape;
};
struct hs_edge_types {
    int context, element, property, internal, hidden, shortcut, weak;
};

typedef struct hs_snapshot {
    size_t node_count, edge_count;
    uint32_t root; /* ordinal of the synthetic root (snapshot.root_index, else 0) */

    uint8_t *node_type;
    uint32_t *node_name;
    uint32_t *node_id;
    uint32_t *self32; /* self sizes; exactly one of self32/self64 is set */
    uint64_t *self64;
    /* node_count + 1 edge offsets (use hs_edge_begin): 32-bit while the
     * edges fit, first_edge64 only for graphs of 2^32 edges or more. Both
     * NULL unless HS_LOAD_FULL. */
    uint32_t *first_edge;
    uint64_t *first_edge64;
    uint8_t *node_detached; /* detachedness (0 unknown, 1 attached, 2 detached), or NULL */

    uint8_t *edge_type;
    uint32_t *edge_name;
    uint32_t *edge_to;

    char *str_data;      /* string i: str_data + its offset (hs_str), NUL-terminated */
    uint32_t *str_off;   /* str_count + 1 offsets while the arena is < 4 GiB, */
    uint64_t *str_off64; /* else these; length = off[i+1] - off[i] - 1 */
    size_t str_count;

    char **node_type_names, **edge_type_names;
    size_t node_type_count, edge_type_count;
    struct hs_node_types nt;
    struct hs_edge_types et;

    /* `locations`: allocation sites, sorted by node ordinal (class keys). */
    size_t loc_count;
    uint32_t *loc_node, *loc_script, *loc_line, *loc_col;

    uint32_t max_js_id;          /* largest odd (V8 heap object) id */
    uint64_t extra_native_bytes; /* snapshot.extra_native_bytes, 0 if absent */
    uint64_t file_bytes;
    struct hs_source *source; /* where the edges are in the file (hs_reload_edges) */
} hs_snapshot;

/* Loads path into *s (zeroed first). Returns 0, or -1 with err filled and *s
 * left empty (hs_free is still safe). */
int hs_load(const char *path, enum hs_mode mode, hs_snapshot *s, char *err, size_t errlen);
void hs_free(hs_snapshot *s);

/* Parts of a loaded snapshot that can be given back early, to keep the
 * peak of a long analysis down. HS_PART_EDGE_NAMES frees edge_name and
 * edge_type, HS_PART_EDGES all three edge arrays (first_edge and edge_count
 * stay); hs_reload_edges reads them again from the file. Locations and
 * detachedness are only read when computing class names. */
enum hs_part {
    HS_PART_LOCATIONS = 1,
    HS_PART_DETACHED = 2,
    HS_PART_EDGE_NAMES = 4,
    HS_PART_EDGES = 8,
};
void hs_release(hs_snapshot *s, unsigned parts);

/* Re-reads all edge arrays from the snapshot's file (only the "edges"
 * section is parsed again). Fails if the file changed since hs_load.
 * Returns 0, or -1 with err filled (edges stay released). */
int hs_reload_edges(hs_snapshot *s, char *err, size_t errlen);

/* Re-reads, after hs_release(s, HS_PART_EDGES), only the edges of the
 * count given nodes (and of their neighbours in the file: the stretches of
 * 1024 edges they fall in, found from checkpoints noted by hs_load); the
 * arrays are allocated whole but all other edges read as 0, and cost no
 * memory. May be called again for more nodes. For a few thousand nodes it
 * parses a few MB instead of the whole "edges" section. Fails if the file
 * changed since hs_load. Returns 0, or -1 with err filled (edges
 * released). */
int hs_reload_edges_of(hs_snapshot *s, const uint32_t *nodes, size_t count, char *err,
                       size_t errlen);

static inline uint64_t hs_self_size(const hs_snapshot *s, size_t i)
{
    return s->self32 ? s->self32[i] : s->self64[i];
}

/* Sets node i's self size, widening storage to 64 bits if needed. Returns 0,
 * or -1 when out of memory. */
int hs_set_self_size(hs_snapshot *s, size_t i, uint64_t v);

/* True when the snapshot has its edges (HS_LOAD_FULL). */
static inline int hs_has_edges(const hs_snapshot *s)
{
    return s->first_edge || s->first_edge64;
}
/* Node i's edges are hs_edge_begin(s, i) .. hs_edge_begin(s, i + 1) - 1. */
static inline uint64_t hs_edge_begin(const hs_snapshot *s, size_t i)
{
    return s->first_edge ? s->first_edge[i] : s->first_edge64[i];
}

static inline uint64_t hs_str_off(const hs_snapshot *s, size_t i)
{
    return s->str_off ? s->str_off[i] : s->str_off64[i];
}
static inline const char *hs_str(const hs_snapshot *s, uint32_t i)
{
    return i < s->str_count ? s->str_data + hs_str_off(s, i) : "";
}
static inline size_t hs_str_len(const hs_snapshot *s, uint32_t i)
{
    return i < s->str_count ? (size_t)(hs_str_off(s, i + 1) - hs_str_off(s, i) - 1) : 0;
}
static inline const char *hs_node_name(const hs_snapshot *s, size_t i)
{
    return hs_str(s, s->node_name[i]);
}
/* True when edge e's name field is a string index (not element/hidden). */
static inline int hs_edge_named(const hs_snapshot *s, uint64_t e)
{
    return s->edge_type[e] != s->et.element && s->edge_type[e] != s->et.hidden;
}

/* Node ordinal with the given id, or -1. O(n). */
int64_t hs_find_id(const hs_snapshot *s, uint32_t id);

/* Drops the locations of all nodes but closures (classes need the rest,
 * retainer paths only the closures'), in place. */
void hs_keep_closure_locations(hs_snapshot *s);

/* Location index of node ordinal i, or -1: O(log locations). */
int64_t hs_location(const hs_snapshot *s, size_t i);

#endif
