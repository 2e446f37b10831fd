#!/usr/bin/env node
// memlab-load.js FILE — memlab's full analysis load of one snapshot, as its
// find-leaks does for the final snapshot: parse (with the node-id index),
// shortest paths to the GC roots, dominators and retained sizes.
// Prints node/edge counts and the root's retained size.
'use strict';
const { utils, TraceFinder } = require('@memlab/core');

async function main() {
  const file = process.argv[2];
  const snap = await utils.getSnapshotFromFile(file, { buildNodeIdIndex: true });
  const finder = new TraceFinder();
  finder.annotateShortestPaths(snap);
  finder.calculateAllNodesRetainedSizes(snap);
  let total = 0;
  snap.nodes.forEach((n) => { if (n.id === 0 || n.nodeIndex === 0) total = n.retainedSize; });
  console.log(JSON.stringify({ nodes: snap.nodes.length, edges: snap.edges.length, total }));
}
main().catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });
