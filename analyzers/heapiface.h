/* heapiface.h — DevTools' inferred "interfaces" for plain JS objects.
 *
 * DevTools renames plain `Object`s after their property set ("{url, time}")
 * when that set is common: inferInterfaceDefinitions picks property lists
 * (edge order, `__proto__` skipped, name ≤ 120 chars) shared by at least
 * max(2, plain objects / 1000) objects, most popular first; then
 * applyInterfaceDefinitions gives each plain object the definition with the
 * most properties that are all among its own (ties: the more popular one).
 *
 * Input: a snapshot with edges. Output: *iface (caller frees), per node the
 * id in `names` of its interface name, or UINT32_MAX (not a plain object, or
 * no matching interface). Complexity: O(edges of plain objects × log). */
#ifndef LEAKCHECK_HEAPIFACE_H
#define LEAKCHECK_HEAPIFACE_H

#include "heapsnapshot.h"
#include "strtab.h"

/* Returns 0, or -1 on out of memory. */
int hs_interfaces(const hs_snapshot *s, strtab *names, uint32_t **iface);

#endif
