/* weakmap.h — recognise V8's WeakMap "ephemeron" edge names.
 *
 * A WeakMap entry's value is retained by two `internal` edges, one from the
 * key and one from the table, both named
 *   "<n> / part of key (<cls> @<id>) -> value (<cls> @<id>) pair in WeakMap (table @<id>)".
 * DevTools (tryParseWeakMapEdgeName) drops the table→value edge from the
 * dominator computation and, for distances, follows only the second edge of
 * each pair. This module parses such names once per string index.
 *
 * Memory: 9 bytes per snapshot string plus the interned pair names
 * (hs_weakmap_free). Complexity: O(length) per distinct name. */
#ifndef LEAKCHECK_WEAKMAP_H
#define LEAKCHECK_WEAKMAP_H

#include "heapsnapshot.h"
#include "strtab.h"

typedef struct hs_weakmap {
    const hs_snapshot *s;
    uint8_t *state;  /* per string: 0 unknown, 1 not an ephemeron name, 2 is */
    uint32_t *table; /* per string: the table's node id */
    uint32_t *pair;  /* per string: id of the name without its "<n>" prefix */
    strtab pairs;
} hs_weakmap;

int hs_weakmap_init(hs_weakmap *w, const hs_snapshot *s);
void hs_weakmap_free(hs_weakmap *w);

/* 1 if string `str` is an ephemeron edge name (setting *table_id, *pair_id),
 * 0 if not, -1 on out of memory. */
int hs_weakmap_parse(hs_weakmap *w, uint32_t str, uint32_t *table_id, uint32_t *pair_id);

#endif
