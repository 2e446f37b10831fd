/* heapcluster.h — leak clusters: what was allocated between two snapshots
 * of one process and is still alive in a third, grouped by what holds it.
 *
 * Input: three snapshot files S1 (after warm-up), S2 (mid-run), S3 (at the
 * end), all of ONE process, and the requests made between S1 and S2. V8
 * gives heap objects odd ids from one counter that only grows (step 2; even
 * ids are embedder objects with their own counter), so the objects
 * allocated between S1 and S2 are exactly those with
 * S1.max_js_id < id <= S2.max_js_id — S1 and S2 are read for their ids
 * only. Those still alive in S3 are leak candidates.
 *
 * Only "root-most" candidates are reported: candidates not dominated by
 * another candidate (system objects — hidden, code, object shapes, internal
 * arrays — never count as dominating candidates and never start a cluster,
 * so a Map's reallocated backing store does not swallow its leaked values).
 * Strings, numbers and arrays inside a leaked object are thus part of its
 * retained size, not clusters of their own. Root-most candidates are grouped
 * by class key plus the last three hops of the shape of their shortest
 * readable retainer path (indices normalised to `[]`, runs to `×N`): the
 * holder, however the roots reach it.
 *
 * Output: out->clusters (heapdiff_cluster, heapdiff.h), ranked by retained
 * bytes per request; per cluster: count, count per request, self bytes,
 * retained bytes (no double counting: root-most members never dominate each
 * other), one example path and the shape it is keyed by; also
 * out->requests, s1_max_id, s2_max_id, candidates, last_nodes, last_edges.
 * Strings are raw heap text: escape them before output.
 *
 * Errors: -1 and "FILE: offset N: ..." (or "out of memory ...") in err;
 * S2's ids ending before S1's is an error (not the same process). Nothing
 * is printed, nothing exits.
 *
 * Memory: S3's full graph (heapsnapshot.h, dominators.h) with its paths
 * and their edges (8 bytes per node, retainers.h) plus, briefly, 5 bytes
 * per node of S1 and S2. The result is owned by out and released
 * by heapdiff_result_free (out must be zeroed or freed before the call).
 * Complexity: O(size of the three files) + dominators of S3 + O(candidates
 * × path length) for the shapes. */
#ifndef LEAKCHECK_HEAPCLUSTER_H
#define LEAKCHECK_HEAPCLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "heapdiff.h"

int heapdiff_clusters(const char *s1, const char *s2, const char *s3, uint64_t requests,
                      heapdiff_result *out, char *err, size_t errlen);

/* heapdiff_compare(s1, s3, cmp) and heapdiff_clusters(s1, s2, s3, cl) in
 * one, with the same results and errors, reading S1 and S3 once each
 * instead of twice. Both results are the caller's to free. */
int heapdiff_compare_clusters(const char *s1, const char *s2, const char *s3, uint64_t requests,
                              heapdiff_result *cmp, heapdiff_result *cl, char *err, size_t errlen);

#endif
