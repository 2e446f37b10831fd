/* allocsites_json.c — allocation sites as JSON (allocsites_json.h). */
#include "allocsites_json.h"
#include "escape_json.h"

static json_t *frame_json(const alloc_frame *f)
{
    return json_pack("{s:o, s:o, s:i, s:i, s:s}", "function", esc_json_str(f->function), "file",
                     esc_json_str(f->file), "line", f->line, "column", f->column, "kind",
                     allocsites_kind_name(f->kind));
}

json_t *allocsites_json(const alloc_sites *s, size_t max)
{
    json_t *a = json_array();
    for (size_t i = 0; i < s->nsites && i < max; i++) {
        const alloc_site *site = &s->sites[i];
        json_t *j = frame_json(&site->at), *stack = json_array();
        for (size_t k = 0; k < site->nstack; k++)
            json_array_append_new(stack, frame_json(&site->stack[k]));
        json_object_set_new(j, "bytes_per_request", json_real(site->bytes_per_request));
        json_object_set_new(j, "stack", stack);
        json_array_append_new(a, j);
    }
    return a;
}
