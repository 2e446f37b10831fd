/* analyzer_graph.h — a hand-made 11-node heap snapshot with known answers,
 * shared by the analyzer unit tests. See analyzer_dominators.c for the
 * picture and the expected dominators. Old 6-field node layout on purpose. */
#ifndef LEAKCHECK_ANALYZER_GRAPH_H
#define LEAKCHECK_ANALYZER_GRAPH_H

#include <stdio.h>

static const char tiny_graph[] =
    "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\","
    "\"edge_count\",\"trace_node_id\"],\"node_types\":[[\"hidden\",\"array\",\"string\","
    "\"object\",\"code\",\"closure\",\"regexp\",\"number\",\"native\",\"synthetic\"],\"string\","
    "\"number\",\"number\",\"number\",\"number\"],\"edge_fields\":[\"type\",\"name_or_index\","
    "\"to_node\"],\"edge_types\":[[\"context\",\"element\",\"property\",\"internal\",\"hidden\","
    "\"shortcut\",\"weak\"],\"string_or_number\",\"node\"]},\"node_count\":11,\"edge_count\":14},\n"
    "\"nodes\":[9,1,1,0,2,0\n,3,2,3,10,5,0\n,9,3,5,0,1,0\n,3,4,7,100,2,0\n,3,5,9,200,1,0\n"
    ",3,6,11,50,0,0\n,3,7,13,1000,0,0\n,3,8,15,7,1,0\n,3,16,81,30,1,0\n,3,17,91,20,1,0\n"
    ",3,18,101,500,0,0],\n"
    "\"edges\":[5,2,6,1,1,12\n,2,9,18,2,10,24,6,11,36,2,19,48,2,20,54\n,1,0,30\n,2,12,30,2,13,42\n"
    ",2,14,30\n,2,15,42\n,3,21,60\n,3,22,60],\n"
    "\"trace_function_infos\":[],\"trace_tree\":[],\"samples\":[],\"locations\":[],\n"
    "\"strings\":[\"<dummy>\",\"\",\"global\",\"(GC roots)\",\"A\",\"B\",\"C\",\"W\",\"D\",\"a\","
    "\"b\",\"w\",\"x\",\"c\",\"y\",\"self\",\"WeakMapTable\",\"K\",\"V\",\"t\",\"k\","
    "\"1 / part of key (K @91) -> value (V @101) pair in WeakMap (table @81)\","
    "\"2 / part of key (K @91) -> value (V @101) pair in WeakMap (table @81)\"]}\n";

/* Writes text to a fresh temp file; returns its path (static buffer). */
static inline const char *write_temp(const char *text, size_t len)
{
    static char path[256];
    static int seq;
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(path, sizeof path, "%s/lc-analyzer-%d-%d.heapsnapshot", dir, (int)getpid(), seq++);
    FILE *f = fopen(path, "wb");
    if (!f) return NULL;
    fwrite(text, 1, len, f);
    fclose(f);
    return path;
}

#endif
