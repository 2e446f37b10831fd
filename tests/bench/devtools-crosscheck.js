#!/usr/bin/env node
// devtools-crosscheck.js — load a .heapsnapshot with Chrome DevTools' own
// heap_snapshot_worker code (npm heap-snapshot-toolkit) and print the numbers
// leakcheck must reproduce: node/edge counts, total size, and per class key
// {name, count, self, retained}. Usage: node devtools-crosscheck.js FILE
'use strict';
const fs = require('fs');

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: devtools-crosscheck.js FILE.heapsnapshot');
    process.exit(2);
  }
  const { parse } = await import('heap-snapshot-toolkit');
  const snap = await parse(fs.createReadStream(file, 'utf-8'));
  const aggregates = snap.aggregatesWithFilter({});
  const classes = {};
  for (const [key, a] of Object.entries(aggregates)) {
    classes[key] = { name: a.name, count: a.count, self: a.self, retained: a.maxRet };
  }
  const out = {
    nodes: snap.nodeCount,
    edges: snap.containmentEdges.length / snap.edgeFieldsCount,
    total_size: snap.totalSize,
    classes,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
