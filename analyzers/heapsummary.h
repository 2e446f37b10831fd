/* heapsummary.h — per-class totals, as DevTools' Summary view shows them.
 *
 * For each class key (heapclass.h): object count, self bytes, retained bytes,
 * and the smallest distance from the roots. Like DevTools (buildAggregates,
 * calculateClassesRetainedSize): nodes with self size 0 are not counted, and
 * a class's retained size sums only its members that have no same-class
 * member above them in the dominator tree, so nested objects of one class are
 * never counted twice.
 *
 * Input: snapshot, classes, dominators, distances (may be NULL). Output: an
 * array of hs_class_stat, one per class key that has counted nodes, sorted by
 * retained size (descending), caller frees. Memory while it runs: the
 * dominator tree's child lists (8 bytes per node) + O(classes + tree width).
 * Complexity: O(nodes + classes log classes). */
#ifndef LEAKCHECK_HEAPSUMMARY_H
#define LEAKCHECK_HEAPSUMMARY_H

#include "dominators.h"
#include "heapclass.h"

typedef struct hs_class_stat {
    uint32_t key; /* class key id in hs_classes.keys */
    uint64_t count, self_bytes, retained_bytes;
    int32_t distance;
} hs_class_stat;

int hs_summary(const hs_snapshot *s, const hs_classes *c, const hs_dom *d, const int32_t *dist,
               hs_class_stat **out, size_t *nout);

#endif
