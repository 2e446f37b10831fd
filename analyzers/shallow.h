/* shallow.h — DevTools' shallow-size reassignment.
 *
 * DevTools (JSHeapSnapshot.calculateShallowSizes) moves the self size of
 * `hidden` and `array` nodes (and native "system / ExternalStringData") that
 * have exactly one owner — the single non-hidden, non-array node reaching
 * them through such nodes over non-weak edges — into that owner, so a
 * JS array or object "owns" its backing store. It is skipped for snapshots
 * without user roots ("expose internals" snapshots). Matching DevTools' self
 * and retained sizes requires doing the same.
 *
 * Input/output: modifies s's self sizes in place. Returns 0, or -1 on out of
 * memory (s unchanged). Memory: 4 bytes per node transiently.
 * Complexity: O(nodes + edges). */
#ifndef LEAKCHECK_SHALLOW_H
#define LEAKCHECK_SHALLOW_H

#include "heapsnapshot.h"

int hs_shallow_sizes(hs_snapshot *s);

/* DevTools' isUserRoot for children of the root: non-synthetic nodes, or the
 * synthetic "(Document DOM trees)". */
int hs_is_user_root(const hs_snapshot *s, size_t node);

#endif
