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
 * Memory: about 13 bytes per node + 9 bytes per edge + the decoded strings;
 * hs_free releases everything. Complexity: one pass over the file, O(size).
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
    uint64_t *first_edge;   /* node_count + 1 entries; NULL unless HS_LOAD_FULL */
    uint8_t *node_detached; /* detachedness (0 unknown, 1 attached, 2 detached), or NULL */

    uint8_t *edge_type;
    uint32_t *edge_name;
    uint32_t *edge_to;

    char *str_data;    /* string i: str_data + str_off[i], NUL-terminated */
    uint64_t *str_off; /* str_count + 1 entries; length = off[i+1] - off[i] - 1 */
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
} hs_snapshot;

/* Loads path into *s (zeroed first). Returns 0, or -1 with err filled and *s
 * left empty (hs_free is still safe). */
int hs_load(const char *path, enum hs_mode mode, hs_snapshot *s, char *err, size_t errlen);
void hs_free(hs_snapshot *s);

static inline uint64_t hs_self_size(const hs_snapshot *s, size_t i)
{
    return s->self32 ? s->self32[i] : s->self64[i];
}

/* Sets node i's self size, widening storage to 64 bits if needed. Returns 0,
 * or -1 when out of memory. */
int hs_set_self_size(hs_snapshot *s, size_t i, uint64_t v);

static inline const char *hs_str(const hs_snapshot *s, uint32_t i)
{
    return i < s->str_count ? s->str_data + s->str_off[i] : "";
}
static inline size_t hs_str_len(const hs_snapshot *s, uint32_t i)
{
    return i < s->str_count ? (size_t)(s->str_off[i + 1] - s->str_off[i] - 1) : 0;
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

/* Location index of node ordinal i, or -1: O(log locations). */
int64_t hs_location(const hs_snapshot *s, size_t i);

#endif
