/* shallow.c — move owned hidden/array sizes into their owner (shallow.h). */
#include "shallow.h"

#include <stdlib.h>
#include <string.h>

#define UNVISITED 0xFFFFFFFFu
#define MULTIPLE 0xFFFFFFFEu

int hs_is_user_root(const hs_snapshot *s, size_t node)
{
    if (s->node_type[node] != s->nt.synthetic) return 1;
    return strcmp(hs_node_name(s, node), "(Document DOM trees)") == 0;
}

static int has_user_roots(const hs_snapshot *s)
{
    for (uint64_t e = hs_edge_begin(s, s->root), end = hs_edge_begin(s, s->root + 1); e < end; e++)
        if (hs_is_user_root(s, s->edge_to[e])) return 1;
    return 0;
}

static int is_owned_kind(const hs_snapshot *s, size_t i)
{
    int t = s->node_type[i];
    return t == s->nt.hidden || t == s->nt.array ||
           (t == s->nt.native && strcmp(hs_node_name(s, i), "system / ExternalStringData") == 0);
}

/* Propagates owners over non-weak edges until nothing changes. */
static void propagate(const hs_snapshot *s, uint32_t *owners, uint32_t *work, size_t nwork)
{
    while (nwork) {
        uint32_t id = work[--nwork], owner = owners[id];
        for (uint64_t e = hs_edge_begin(s, id), end = hs_edge_begin(s, id + 1); e < end; e++) {
            if (s->edge_type[e] == s->et.weak) continue;
            uint32_t t = s->edge_to[e], o = owners[t];
            if (o == UNVISITED) {
                owners[t] = owner;
                work[nwork++] = t;
            } else if (o != t && o != owner && o != MULTIPLE) {
                owners[t] = MULTIPLE;
                work[nwork++] = t;
            }
        }
    }
}

int hs_shallow_sizes(hs_snapshot *s)
{
    size_t n = s->node_count, nwork = 0;

    if (!hs_has_edges(s) || !has_user_roots(s) || n >= MULTIPLE) return 0;
    uint32_t *owners = malloc(n * sizeof *owners);
    /* each node enters the worklist at most twice */
    uint32_t *work = malloc(2 * n * sizeof *work);
    if (!owners || !work) {
        free(owners), free(work);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (is_owned_kind(s, i)) {
            owners[i] = UNVISITED;
        } else {
            owners[i] = (uint32_t)i;
            work[nwork++] = (uint32_t)i;
        }
    }
    propagate(s, owners, work, nwork);
    free(work);
    for (size_t i = 0; i < n; i++) {
        uint32_t o = owners[i];
        if (o == UNVISITED || o == MULTIPLE || o == i) continue;
        if (s->node_type[o] == s->nt.synthetic || o == s->root) continue;
        uint64_t moved = hs_self_size(s, i);
        if (hs_set_self_size(s, o, hs_self_size(s, o) + moved)) {
            free(owners);
            return -1;
        }
        hs_set_self_size(s, i, 0);
    }
    free(owners);
    return 0;
}
