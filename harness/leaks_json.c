/* leaks_json.c — leak clusters as JSON; see leaks_json.h. */
#include "leaks_json.h"

#include "escape_json.h"

json_t *leaks_json_cluster(const heapdiff_cluster *c)
{
    json_t *x = json_object();
    json_object_set_new(x, "class", esc_json_str(c->class_name));
    json_object_set_new(x, "count", json_integer((json_int_t)c->count));
    json_object_set_new(x, "count_per_request", json_real(c->count_per_request));
    json_object_set_new(x, "self_bytes", json_integer((json_int_t)c->self_bytes));
    json_object_set_new(x, "retained_bytes", json_integer((json_int_t)c->retained_bytes));
    json_object_set_new(x, "retained_bytes_per_request", json_real(c->retained_bytes_per_request));
    json_object_set_new(x, "example_id", json_integer(c->example_id));
    json_object_set_new(x, "path", esc_json_str(c->path));
    json_object_set_new(x, "shape", esc_json_str(c->shape));
    return x;
}

/* Keys are set in the order `diff --json` has always printed them (it does
 * not sort; report.json does). */
json_t *leaks_json_build(const heapdiff_result *r, size_t max_clusters, leaks_json_keys keys)
{
    json_t *x = json_object(), *clusters = json_array();
    for (size_t i = 0; i < r->nclusters && i < max_clusters; i++) {
        json_t *c = leaks_json_cluster(&r->clusters[i]);
        if (!r->requests) { /* unknown, not zero */
            json_object_set_new(c, "count_per_request", json_null());
            json_object_set_new(c, "retained_bytes_per_request", json_null());
        }
        json_array_append_new(clusters, c);
    }
    if (keys == LEAKS_JSON_REPORT) {
        json_object_set_new(x, "requests_between_s1_s2", json_integer((json_int_t)r->requests));
    } else {
        json_object_set_new(x, "requests", json_integer((json_int_t)r->requests));
        json_object_set_new(x, "s1_max_id", json_integer(r->s1_max_id));
        json_object_set_new(x, "s2_max_id", json_integer(r->s2_max_id));
    }
    json_object_set_new(x, "candidates", json_integer((json_int_t)r->candidates));
    if (keys == LEAKS_JSON_REPORT)
        json_object_set_new(x, "snapshot_nodes", json_integer((json_int_t)r->last_nodes));
    json_object_set_new(x, "clusters", clusters);
    return x;
}
