/* heapdiff.h — compare two snapshots of one process; the result type leak
 * clusters (heapcluster.h) share.
 *
 * Comparison (DevTools' Comparison view, calculateSnapshotDiff): per class
 * key, objects (self size > 0) whose id is only in the newer snapshot are
 * "added", only in the older one "removed"; deltas of count and self bytes.
 *
 * Leak clusters (three snapshots, heapdiff_clusters) are declared in
 * heapcluster.h; their results share heapdiff_result.
 *
 * Memory: both snapshots loaded one after the other (heapsnapshot.h) and
 * 16 bytes per object of each while comparing. Results are owned by
 * heapdiff_result and released by heapdiff_result_free. Errors: -1 and
 * "FILE: offset N: ..." in err. Complexity: O(size of both files) +
 * O(objects log objects). */
#ifndef LEAKCHECK_HEAPDIFF_H
#define LEAKCHECK_HEAPDIFF_H

#include <stddef.h>
#include <stdint.h>

#include "heapclass.h"
#include "heapsnapshot.h"

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

/* The same comparison from snapshots already loaded, for callers that load
 * them anyway (heapdiff_compare_clusters): heapdiff_rows_add the `before`
 * snapshot, then the `after` one (each with DevTools sizes and classes,
 * heapdiff_load_classes; either can be freed once added), then
 * heapdiff_rows_compare fills out->classes. Both return 0, or -1 when out
 * of memory. 16 bytes per object of each snapshot until freed. */
typedef struct heapdiff_rows heapdiff_rows;
heapdiff_rows *heapdiff_rows_new(void); /* NULL when out of memory */
int heapdiff_rows_add(heapdiff_rows *r, const hs_snapshot *s, const hs_classes *c);
int heapdiff_rows_compare(heapdiff_rows *r, heapdiff_result *out);
void heapdiff_rows_free(heapdiff_rows *r);

/* Loads path whole with DevTools' shallow sizes and class keys, as the
 * comparison needs it. 0, or -1 with "FILE: ..." in err (s, c freed). */
int heapdiff_load_classes(const char *path, hs_snapshot *s, hs_classes *c, char *err,
                          size_t errlen);

/* Frees everything out owns and zeroes it; safe on a zeroed result. */
void heapdiff_result_free(heapdiff_result *out);

/* Transitional: heapdiff.h users (result.h, hence run.c) still find
 * heapdiff_clusters here until they include heapcluster.h themselves. */
#include "heapcluster.h"

#endif
