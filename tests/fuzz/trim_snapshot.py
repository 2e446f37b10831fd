#!/usr/bin/env python3
"""trim_snapshot.py IN OUT [N] [NAME...] -- a small, well-formed V8 heap
snapshot cut out of a real one, for the fuzz seed corpus.

Keeps the root, the first N nodes of a breadth-first walk from it, and every
node whose name is one of NAME together with its shortest path from the root
(so a class of interest stays reachable). Edges between kept nodes are kept,
nodes, strings and locations renumbered; the meta block is copied unchanged,
so the result has the exact layout of the Node version that wrote IN."""
import json
import sys
from collections import deque

src, dst = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 150
wanted = set(sys.argv[4:])
with open(src) as f:
    snap = json.load(f)
meta = snap["snapshot"]["meta"]
nf, ef = len(meta["node_fields"]), len(meta["edge_fields"])
ni = {k: i for i, k in enumerate(meta["node_fields"])}
ei = {k: i for i, k in enumerate(meta["edge_fields"])}
nodes, edges, strings = snap["nodes"], snap["edges"], snap["strings"]
n = len(nodes) // nf
first = [0] * (n + 1)
for i in range(n):
    first[i + 1] = first[i] + nodes[i * nf + ni["edge_count"]]

def children(v):
    for e in range(first[v], first[v + 1]):
        yield e, edges[e * ef + ei["to_node"]] // nf

parent = {0: None}
order = []
q = deque([0])
while q:
    v = q.popleft()
    order.append(v)
    for _, w in children(v):
        if w not in parent:
            parent[w] = v
            q.append(w)
keep = set(order[:limit])
for v in order:
    if strings[nodes[v * nf + ni["name"]]] in wanted:
        while v is not None and v not in keep:
            keep.add(v)
            v = parent[v]
kept = sorted(keep)
new_index = {v: i for i, v in enumerate(kept)}
str_map, new_strings = {}, []

def s(i):
    if i not in str_map:
        str_map[i] = len(new_strings)
        new_strings.append(strings[i])
    return str_map[i]

string_edges = {k for k, t in enumerate(meta["edge_types"][0]) if t not in ("element", "hidden")}
out_nodes, out_edges = [], []
for v in kept:
    es = [(e, w) for e, w in children(v) if w in keep]
    row = nodes[v * nf:(v + 1) * nf]
    row[ni["name"]] = s(row[ni["name"]])
    row[ni["edge_count"]] = len(es)
    if "trace_node_id" in ni:
        row[ni["trace_node_id"]] = 0
    out_nodes += row
    for e, w in es:
        erow = edges[e * ef:(e + 1) * ef]
        if erow[ei["type"]] in string_edges:
            erow[ei["name_or_index"]] = s(erow[ei["name_or_index"]])
        erow[ei["to_node"]] = new_index[w] * nf
        out_edges += erow
lf = len(meta.get("location_fields", [])) or 4
locs = []
for k in range(0, len(snap.get("locations", [])), lf):
    row = snap["locations"][k:k + lf]
    if row[0] // nf in new_index:
        row[0] = new_index[row[0] // nf] * nf
        locs += row
snap["snapshot"]["node_count"] = len(kept)
snap["snapshot"]["edge_count"] = len(out_edges) // ef
snap["snapshot"]["trace_function_count"] = 0
out = {"snapshot": snap["snapshot"], "nodes": out_nodes, "edges": out_edges,
       "trace_function_infos": [], "trace_tree": [], "samples": [], "locations": locs,
       "strings": new_strings}
with open(dst, "w") as f:
    # V8's own layout: one node / edge per line
    f.write('{"snapshot":' + json.dumps(out["snapshot"], separators=(",", ":")) + ",\n")
    for key, width in (("nodes", nf), ("edges", ef)):
        arr = out[key]
        rows = [",".join(map(str, arr[i:i + width])) for i in range(0, len(arr), width)]
        f.write('"%s":[%s],\n' % (key, ",\n".join(rows)))
    f.write('"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n')
    f.write('"locations":[%s],\n' % ",".join(map(str, locs)))
    f.write('"strings":[%s]}\n' % ",\n".join(json.dumps(x) for x in new_strings))
