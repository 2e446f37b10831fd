/* leaks_json.h — leak clusters (heapdiff_clusters' result) as JSON.
 *
 * One writer for the two places that print clusters: report.json's
 * endpoints[].leaks and `leakcheck diff S1 S2 S3 --json`'s leaks. Each
 * cluster has the same keys in both; the object around the clusters keeps
 * the keys each has always had (harness/report.schema.json for the report,
 * tests/diff-*.t for diff), chosen by leaks_json_keys. Strings from the heap
 * go through esc_json_str. */
#ifndef LEAKCHECK_LEAKS_JSON_H
#define LEAKCHECK_LEAKS_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "heapdiff.h"

typedef enum {
    LEAKS_JSON_REPORT, /* requests_between_s1_s2, candidates, snapshot_nodes, clusters */
    LEAKS_JSON_DIFF,   /* requests, s1_max_id, s2_max_id, candidates, clusters */
} leaks_json_keys;

/* One cluster: class, count, count_per_request, self_bytes, retained_bytes,
 * retained_bytes_per_request, example_id, path, shape. New reference. */
json_t *leaks_json_cluster(const heapdiff_cluster *c);

/* The leaks object of r with at most max_clusters clusters (the top ones;
 * SIZE_MAX for all). New reference; r is only read. */
json_t *leaks_json_build(const heapdiff_result *r, size_t max_clusters, leaks_json_keys keys);

#endif
