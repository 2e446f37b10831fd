/* dominators.h — dominator tree and retained sizes, the Chrome DevTools way.
 *
 * Which edges retain (DevTools computeIsEssentialEdge): not weak edges; not
 * the WeakMap table→value "ephemeron" edge (the key→value one is kept); not
 * self edges; not `shortcut` edges except from the root; and not edges from a
 * non-page-owned node into a page-owned one (page-owned = reachable over
 * non-weak edges from the root's shortcut children and "(Document DOM
 * trees)"). On that graph: Lengauer–Tarjan (simple eval/link, iterative DFS
 * and path compression, no recursion), with DevTools' treatment of nodes the
 * root cannot reach: nodes with no retaining edge at all are DFS'd as extra
 * children of the root, remaining cycles are hung under the root one by one.
 * Retained size = self size + retained sizes of dominator-tree children.
 *
 * Call hs_shallow_sizes() first to get DevTools' numbers exactly.
 *
 * Input: a fully loaded snapshot. Output: hs_dom (caller frees with
 * hs_dom_free). Memory, N nodes and P retaining edges: hs_dom_prepare holds
 * 12 bytes per node + 4 per P (less one per node: DFS tree edges are implied)
 * + a bit per edge; hs_dom_finish adds 16 bytes per node while it runs and
 * keeps 12 (idom, retained). Complexity: O(E log N) worst case. */
#ifndef LEAKCHECK_DOMINATORS_H
#define LEAKCHECK_DOMINATORS_H

#include "heapsnapshot.h"

typedef struct hs_dom {
    uint32_t *idom;     /* node -> immediate dominator (root -> root) */
    uint64_t *retained; /* node -> retained size, bytes */
    size_t unreachable; /* nodes not reachable from the root over retaining edges */
} hs_dom;

/* hs_dominators in two steps, so that a caller can give back the edges it
 * no longer needs (hs_release, hs_reload_edges): hs_dom_prepare reads
 * edge_to and ess (from hs_essential_edges; edge names and types may be
 * released already) and returns work that hs_dom_finish consumes, reading
 * only the self sizes. Both return 0, or -1 with err filled (work freed). */
typedef struct hs_dom_work hs_dom_work;
int hs_dom_prepare(const hs_snapshot *s, const uint64_t *ess, hs_dom_work **w, char *err,
                   size_t errlen);
int hs_dom_finish(const hs_snapshot *s, hs_dom_work *w, hs_dom *d, char *err, size_t errlen);

int hs_dominators(const hs_snapshot *s, hs_dom *d, char *err, size_t errlen);
void hs_dom_free(hs_dom *d);

/* Marks edge e's "retaining" status (computeIsEssentialEdge) into a bitset of
 * edge_count bits (caller frees). Returns NULL on out of memory. */
uint64_t *hs_essential_edges(const hs_snapshot *s);

static inline int hs_bit(const uint64_t *bits, uint64_t i)
{
    return (int)(bits[i >> 6] >> (i & 63)) & 1;
}

/* True if a is b or dominates b. O(depth). */
int hs_dominates(const hs_dom *d, uint32_t root, uint32_t a, uint32_t b);

#endif
