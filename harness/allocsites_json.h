/* allocsites_json.h — allocation sites (allocsites.h) as JSON.
 *
 * One writer for the two places that print sites: report.json's
 * endpoints[].allocation_sites and `leakcheck diff --json`'s
 * allocation_sites. Each site is its frame (function, file, line, column,
 * kind), bytes_per_request and its stack of frames, innermost first
 * (harness/report.schema.json, $defs.frame). Strings from the target go
 * through esc_json_str. */
#ifndef LEAKCHECK_ALLOCSITES_JSON_H
#define LEAKCHECK_ALLOCSITES_JSON_H

#include <jansson.h>

#include "allocsites.h"

/* The sites as an array, at most max of them. New reference. */
json_t *allocsites_json(const alloc_sites *s, size_t max);

#endif
