/* heapsource.c — a node's place in the source (heapsource.h). */
#include "heapsource.h"

#include <string.h>
#include <unistd.h>

#include <limits.h>
#include <stdio.h>

/* The node behind node's first edge of one of the given types named name,
 * or UINT32_MAX. */
static uint32_t edge_target(const hs_snapshot *s, uint32_t node, int type, const char *name)
{
    for (uint64_t e = hs_edge_begin(s, node), end = hs_edge_begin(s, node + 1); e < end; e++)
        if (s->edge_type[e] == type && !strcmp(hs_str(s, s->edge_name[e]), name))
            return s->edge_to[e];
    return UINT32_MAX;
}

const char *hs_source_path(const char *name, char *buf, size_t len)
{
    static char cwd[PATH_MAX];
    static size_t cwd_len;
    const char *p = name;
    if (!cwd_len && getcwd(cwd, sizeof cwd)) cwd_len = strlen(cwd);
    if (!strncmp(p, "file://", 7)) p += 7;
    for (const char *q = p; (q = strstr(q, "node_modules/")); q++) p = q;
    if (p[0] == '/' && cwd_len > 1 && !strncmp(p, cwd, cwd_len) && p[cwd_len] == '/')
        p += cwd_len + 1;
    snprintf(buf, len, "%s", p);
    return buf;
}

uint32_t hs_source_needs(const hs_snapshot *s, uint32_t node)
{
    if (s->node_type[node] != s->nt.closure) return UINT32_MAX;
    return edge_target(s, node, s->et.internal, "shared");
}

const char *hs_source_of(const hs_snapshot *s, uint32_t node, char *buf, size_t len)
{
    char path[PATH_MAX];
    int t = s->node_type[node];
    if (!hs_has_edges(s)) return NULL;
    if (t == s->nt.closure) {
        uint32_t shared = edge_target(s, node, s->et.internal, "shared"), script;
        if (shared == UINT32_MAX) return NULL;
        script = edge_target(s, shared, s->et.internal, "script_or_debug_info");
        if (script == UINT32_MAX) script = edge_target(s, shared, s->et.internal, "script");
        if (script == UINT32_MAX || !hs_node_name(s, script)[0]) return NULL;
        hs_source_path(hs_node_name(s, script), path, sizeof path);
        int64_t loc = s->loc_count ? hs_location(s, node) : -1;
        if (loc >= 0)
            snprintf(buf, len, "%s:%u:%u", path, s->loc_line[loc] + 1, s->loc_col[loc] + 1);
        else
            snprintf(buf, len, "%s", path);
        return buf;
    }
    if (t == s->nt.object && !strcmp(hs_node_name(s, node), "Module")) {
        uint32_t f = edge_target(s, node, s->et.property, "filename");
        if (f == UINT32_MAX) f = edge_target(s, node, s->et.property, "id");
        if (f == UINT32_MAX || s->node_type[f] != s->nt.string || !hs_node_name(s, f)[0])
            return NULL;
        return hs_source_path(hs_node_name(s, f), buf, len);
    }
    return NULL;
}
