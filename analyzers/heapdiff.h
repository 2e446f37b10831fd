/* heapdiff.h — compare snapshots of one process and find leak clusters.
 *
 * Comparison (DevTools' Comparison view, calculateSnapshotDiff): per class
 * key, objects (self size > 0) whose id is only in the newer snapshot are
 * "added", only in the older one "removed"; deltas of count and self bytes.
 *
 * Clusters (three snapshots S1 after warm-up, S2 mid-run, S3 at the end, all
 * of ONE process): V8 gives heap objects odd ids from one counter that only
 * grows (step 2; even ids are embedder objects with their own counter), so
 * the objects allocated between S1 and S2 are exactly those with
 * S1.max_js_id < id <= S2.max_js_id — S1 and S2 are read for their ids only.
 * Those still alive in S3 are leak candidates. Only "root-most" candidates
 * are reported: candidates not dominated by another candidate (system
 * objects — hidden, code, object shapes, internal arrays — never count as
 * dominating candidates and never start a cluster, so a Map's reallocated
 * backing store does not swallow its leaked values). Strings, numbers and
 * arrays inside a leaked object are thus part of its retained size, not
 * clusters of their own. Root-most candidates are grouped by class key plus
 * the last three hops of the shape of their shortest readable retainer path
 * (indices normalised to `[]`, runs to `×N`): the holder, however the roots
 * reach it; per cluster: count, count per request, self bytes, retained bytes
 * (no double counting: root-most members never dominate each other), one
 * example path. Ranked by retained bytes per request.
 *
 * Memory: S3's full graph (see heapsnapshot.h, dominators.h) plus, briefly,
 * 5 bytes per node of S1 and S2. Results are owned by heapdiff_result and
 * released by heapdiff_result_free. Errors: -1 and "FILE: offset N: ..." in
 * err. Complexity: O(size of the three files) + dominators of S3. */
#ifndef LEAKCHECK_HEAPDIFF_H
#define LEAKCHECK_HEAPDIFF_H

#include <stddef.h>
#include <stdint.h>

typedef struct heapdiff_class {
    char *name; /* display class name (raw heap text: escape before output) */
    char *key;  /* DevTools class key */
    uint64_t added_count, removed_count, added_bytes, removed_bytes;
    int64_t count_delta, size_delta;
} heapdiff_class;

typedef struct heapdiff_cluster {
    char *class_name; /* raw heap text: escape before output */
    char *path;       /* example retainer path, raw heap text */
    char *shape;      /* the normalised path the cluster is keyed by */
    uint32_t example_id;
    uint64_t count, self_bytes, retained_bytes;
    double count_per_request, retained_bytes_per_request; /* 0 when requests == 0 */
} heapdiff_cluster;

typedef struct heapdiff_result {
    heapdiff_class *classes; /* comparison rows, by |size_delta| descending */
    size_t nclasses;
    heapdiff_cluster *clusters; /* by retained bytes per request, descending */
    size_t nclusters;
    uint64_t requests;
    uint32_t s1_max_id, s2_max_id;
    size_t candidates; /* objects allocated S1..S2 still alive in S3 */
    size_t last_nodes, last_edges;
} heapdiff_result;

/* Two-snapshot comparison of `before` → `after` into out->classes. */
int heapdiff_compare(const char *before, const char *after, heapdiff_result *out, char *err,
                     size_t errlen);

/* Leak clusters of s1/s2/s3 into out->clusters. requests = requests made
 * between S1 and S2 (per-request figures are 0 when it is 0). */
int heapdiff_clusters(const char *s1, const char *s2, const char *s3, uint64_t requests,
                      heapdiff_result *out, char *err, size_t errlen);

/* Frees everything out owns and zeroes it; safe on a zeroed result. */
void heapdiff_result_free(heapdiff_result *out);

#endif
