/* analyzer_dominators.c — dominators, retained sizes, distances, class
 * summary and retainer paths on a hand-made graph with known answers.
 *
 *   root ─shortcut→ global(10) ─a→ A(100) ─c→ D(7) ─self→ D
 *     │               │ ─b→ B(200)      A ─x→ C(50), B ─y→ C
 *     │               │ ─w (weak)→ W(1000)       (only weakly held)
 *     │               │ ─t→ Table(30) ─ephemeron→ V(500)
 *     │               └ ─k→ Key(20)  ─ephemeron→ V
 *     └─element→ (GC roots) ─element→ C   (system root into page-owned C) */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer_graph.h"
#include "dominators.h"
#include "heapsummary.h"
#include "retainers.h"
#include "shallow.h"
#include "tap.h"

/* root ─shortcut→ G ─weak→ X ⇄ Y: a cycle that only a weak edge reaches, so
 * no DFS numbers it and nothing outside it retains it (a leftover). */
static const char cycle_graph[] =
    "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\","
    "\"edge_count\",\"trace_node_id\"],\"node_types\":[[\"hidden\",\"array\",\"string\","
    "\"object\",\"code\",\"closure\",\"regexp\",\"number\",\"native\",\"synthetic\"],\"string\","
    "\"number\",\"number\",\"number\",\"number\"],\"edge_fields\":[\"type\",\"name_or_index\","
    "\"to_node\"],\"edge_types\":[[\"context\",\"element\",\"property\",\"internal\",\"hidden\","
    "\"shortcut\",\"weak\"],\"string_or_number\",\"node\"]},\"node_count\":4,\"edge_count\":4},\n"
    "\"nodes\":[9,1,1,0,1,0,3,2,3,10,1,0,3,3,5,100,1,0,3,4,7,200,1,0],\n"
    "\"edges\":[5,5,6,6,6,12,2,7,18,2,6,12],\n"
    "\"strings\":[\"<dummy>\",\"\",\"G\",\"X\",\"Y\",\"g\",\"x\",\"y\"]}\n";

static void leftover_cycle(void)
{
    hs_snapshot s;
    hs_dom d;
    char err[300];
    const char *file = write_temp(cycle_graph, sizeof cycle_graph - 1);
    if (!ok(file && hs_load(file, HS_LOAD_FULL, &s, err, sizeof err) == 0, "cycle graph loads"))
        return (void)printf("# %s\n", err);
    unlink(file);
    ok(hs_dominators(&s, &d, err, sizeof err) == 0, "dominators of a leftover cycle computed");
    is_int(d.idom[2], 0, "leftover X hangs under the root");
    is_int(d.idom[3], 0, "leftover Y hangs under the root");
    is_int(d.retained[0], 310, "the root retains everything");
    is_int(d.retained[1], 10, "G does not retain the weakly held cycle");
    hs_dom_free(&d);
    hs_free(&s);
}

int main(void)
{
    leftover_cycle();
    hs_snapshot s;
    hs_dom d;
    hs_classes c;
    hs_paths p;
    int32_t dist[11];
    char err[300], path[512];
    const char *file = write_temp(tiny_graph, sizeof tiny_graph - 1);

    if (!ok(file && hs_load(file, HS_LOAD_FULL, &s, err, sizeof err) == 0, "tiny graph loads"))
        return printf("# %s\n", err), tap_done();
    unlink(file);
    is_int(s.node_count, 11, "11 nodes");
    is_int(s.edge_count, 14, "14 edges");
    ok(hs_shallow_sizes(&s) == 0, "shallow sizes run");
    ok(hs_dominators(&s, &d, err, sizeof err) == 0, "dominators computed");
    static const int idom[] = {0, 0, 0, 1, 1, 1, 0, 3, 1, 1, 9};
    int all = 1;
    for (int i = 0; i < 11; i++)
        if (d.idom[i] != (uint32_t)idom[i]) all = 0, printf("# idom[%d] = %u\n", i, d.idom[i]);
    ok(all, "immediate dominators match the hand-computed tree");
    is_int(d.idom[5], 1, "(GC roots)→C does not retain: C is page-owned, (GC roots) is not");
    is_int(d.idom[6], 0, "weakly held W hangs under the root");
    is_int(d.idom[10], 9, "WeakMap value is dominated by its key, not the table");
    is_int(d.retained[1], 917, "global retains everything but the weakly held W");
    is_int(d.retained[3], 107, "A retains itself and D (self edge ignored)");
    is_int(d.retained[9], 520, "key retains the WeakMap value");
    is_int(d.retained[8], 30, "table does not retain the value");
    is_int(d.retained[6], 1000, "W retains itself");
    is_int(d.retained[0], 1917, "root retains the whole heap");
    is_int(d.unreachable, 1, "one node unreachable over retaining edges");

    ok(hs_distances(&s, dist) == 0, "distances computed");
    is_int(dist[1], 1, "global at distance 1");
    is_int(dist[7], 3, "D at distance 3");
    is_int(dist[10], 3, "WeakMap value at distance 3");
    is_int(dist[6], HS_NO_DISTANCE, "weakly held W has no distance");
    is_int(dist[2], HS_SYSTEM_DISTANCE + 1, "(GC roots) at system distance");

    ok(hs_classes_build(&s, &c, err, sizeof err) == 0, "classes built");
    is_str(hs_class_name(&c, 3), "A", "object class is its constructor name");
    is_str(hs_class_name(&c, 2), "(synthetic)", "synthetic class name");
    hs_class_stat *st;
    size_t n;
    ok(hs_summary(&s, &c, &d, dist, &st, &n) == 0, "summary computed");
    is_str(strtab_str(&c.names, c.key_name[st[0].key]), "W", "top class by retained size is W");
    free(st);

    ok(hs_paths_build(&s, &p) == 0, "paths built");
    ok(hs_path_format(&s, &c, &p, 7, 0, path, sizeof path) == 3, "path to D has 3 hops");
    is_str(path, "(GC roots) \xe2\x86\x92 global \xe2\x86\x92 a (A) \xe2\x86\x92 c (D)",
           "path to D names the properties");
    ok(hs_path_format(&s, &c, &p, 6, 0, path, sizeof path) < 0, "no path over weak edges");

    hs_paths_free(&p);
    hs_classes_free(&c);
    hs_dom_free(&d);
    hs_free(&s);
    return tap_done();
}
