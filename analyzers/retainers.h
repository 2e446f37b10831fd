/* retainers.h — who holds what: reverse edges, distances from the GC roots,
 * and the shortest readable retainer path to any node.
 *
 * - hs_retainers_build: CSR of incoming edges (DevTools buildRetainers).
 * - hs_distances: DevTools' calculateDistances — BFS over non-weak edges from
 *   the root's non-synthetic children (distance 1), skipping the
 *   NativeContext sloppy_function_map edge, DescriptorArray slots and the
 *   first of each WeakMap edge pair; nodes only reachable through system
 *   roots get 100000000 + depth; unreachable nodes get -5.
 * - hs_paths_build + hs_path_format: one BFS (Dial's algorithm) from the
 *   root over non-weak edges where property/element/context/shortcut edges
 *   cost 1 and internal/hidden edges cost 3, so the path printed is the
 *   shortest *readable* one, e.g.
 *     (GC roots) → global → requestLog (Array) → [1843] (Object) {url, time}
 *   Shortcut edges are followed only from the root (to the global objects).
 *
 * Strings in formatted paths come from the heap and are NOT escaped: callers
 * pass them through esc_term / esc_utf8_dup before output.
 * Memory: retainers 12 bytes per edge + 8 per node; paths 4 bytes per node
 * (+ 4 per node and the search frontier while building).
 * Complexity: all O(nodes + edges). */
#ifndef LEAKCHECK_RETAINERS_H
#define LEAKCHECK_RETAINERS_H

#include "heapclass.h"
#include "heapsnapshot.h"

#define HS_NO_DISTANCE (-5)
#define HS_SYSTEM_DISTANCE 100000000

typedef struct hs_retainers {
    uint64_t *first; /* node -> first index into edge/node, node_count + 1 */
    uint64_t *edge;  /* retaining edge index */
    uint32_t *node;  /* retaining node ordinal */
} hs_retainers;

int hs_retainers_build(const hs_snapshot *s, hs_retainers *r);
void hs_retainers_free(hs_retainers *r);

/* Fills dist[node_count]. Returns 0 or -1 (out of memory). */
int hs_distances(const hs_snapshot *s, int32_t *dist);

typedef struct hs_paths {
    uint32_t *from; /* node -> previous node on the path; root -> root; UINT32_MAX unreached */
    uint32_t *via;  /* NULL, or node -> hs_path_via (UINT32_MAX: none); hs_paths_index_via */
} hs_paths;

int hs_paths_build(const hs_snapshot *s, hs_paths *p);
void hs_paths_free(hs_paths *p);

/* The edge the path takes into v (the first of the cheapest edges from
 * from[v] to v, which is what the search kept), or UINT64_MAX for the root
 * and unreached nodes. O(edges of from[v]) per call, O(1) once
 * hs_paths_index_via has run. */
uint64_t hs_path_via(const hs_snapshot *s, const hs_paths *p, uint32_t v);

/* Stores hs_path_via of every node (4 bytes per node, one pass over the
 * edges), for callers that format the paths of many nodes held by one big
 * container, whose edges hs_path_via would otherwise scan once per node.
 * Does nothing for 2^32 edges or more. 0, or -1 when out of memory. */
int hs_paths_index_via(const hs_snapshot *s, hs_paths *p);

/* Adds to nodes[*count] the nodes whose edges hs_path_format(.., node, ..)
 * reads: the root and the nodes on node's path, then, once their edges
 * are there, call hs_path_edges_more for what hs_source_of reads beyond
 * them. Skips nodes whose bit in seen (node_count bits) is set, and sets
 * the bits of those it adds; nodes must have room for node_count entries.
 * O(path length). */
void hs_path_edges(const hs_snapshot *s, const hs_paths *p, uint32_t node, uint64_t *seen,
                   uint32_t *nodes, size_t *count);
/* For nodes[0..n) listed by hs_path_edges (with their edges loaded),
 * adds the further nodes whose edges hs_path_format reads. */
void hs_path_edges_more(const hs_snapshot *s, uint64_t *seen, uint32_t *nodes, size_t n,
                        size_t *count);

/* Writes the path from the roots to node into out (NUL-terminated,
 * truncated). With shape != 0, element/hidden indices print as [] and {} and
 * the final node's property list is left out, so paths of the same "kind"
 * compare equal. Returns the number of hops, or -1 if node is unreachable. */
int hs_path_format(const hs_snapshot *s, const hs_classes *c, const hs_paths *p, uint32_t node,
                   int shape, char *out, size_t outlen);

#endif
