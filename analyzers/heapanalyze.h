/* heapanalyze.h — one snapshot analysed end to end, as DevTools' Summary
 * view shows it: totals, and per class its count, self bytes, retained
 * bytes, distance from the roots and one member worth a retainer path.
 * This is `leakcheck analyze`; the command only parses options and prints.
 *
 * Pipeline: full load → self-size total → DevTools shallow sizes
 * (shallow.h) → classes (heapclass.h), then locations and detachedness are
 * given back → readable paths and distances (retainers.h) → dominators
 * (dominators.h) with the edges given back while they run → class summary
 * (heapsummary.h) → distances and immediate dominators freed → every
 * class's example → the edges the examples' paths need re-read from the
 * file (hs_reload_edges_of: a few stretches of the "edges" section, not
 * all of it). The order keeps the peak low: each phase runs when the least
 * it does not read is still held.
 *
 * Input: a `.heapsnapshot` path. Output: an hs_analysis whose members are
 * the analyzers' own results: the snapshot, the classes, the retained
 * sizes (d.retained and d.unreachable; d.idom is NULL), the paths, and
 * st[0..nst) sorted by retained size, descending. Of the snapshot's edges
 * only those hs_path_format reads for the classes' examples are loaded
 * (the others read as 0): hs_reload_edges gives back all of them. Strings
 * are raw heap text: escape them before output.
 *
 * Errors: -1 with "offset N: ..." or "out of memory" in err, a already
 * freed. Nothing is printed, nothing exits.
 * Memory: the peak is the largest phase, the dominators' (see
 * dominators.h) on top of the nodes, classes and paths; afterwards the
 * snapshot (heapsnapshot.h) without most edges + 4 bytes per node for
 * classes, 4 for paths, 8 for retained sizes, + the class table. hs_analysis_free releases all of
 * it. Complexity: O(file size) + O(E log N) for the dominators + classes
 * (heapclass.h). */
#ifndef LEAKCHECK_HEAPANALYZE_H
#define LEAKCHECK_HEAPANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "dominators.h"
#include "heapclass.h"
#include "heapsnapshot.h"
#include "heapsummary.h"
#include "retainers.h"

typedef struct hs_analysis {
    hs_snapshot s;
    hs_classes c;
    hs_dom d; /* retained sizes only: idom is freed once the summary is made */
    hs_paths p;
    int32_t *dist; /* NULL after hs_analysis_run */
    hs_class_stat *st;
    size_t nst;
    uint64_t self_total; /* sum of the self sizes as the file has them */
    uint32_t *example;   /* class key -> hs_analysis_example */
} hs_analysis;

/* Runs the pipeline on file into *a (overwritten). 0, or -1 with err. */
int hs_analysis_run(const char *file, hs_analysis *a, char *err, size_t errlen);

/* The class member worth a path: one not held directly by a root (e.g. a
 * stack slot) if possible, then the largest retained size, then the oldest
 * (lowest id). a->s.root when the class has no member with a self size.
 * Chosen for every class in one pass by hs_analysis_run: O(1). */
uint32_t hs_analysis_example(const hs_analysis *a, uint32_t key);

/* Frees everything a owns and zeroes it; safe on a zeroed analysis. */
void hs_analysis_free(hs_analysis *a);

#endif
