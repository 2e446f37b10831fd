#!/usr/bin/env node
// devtools-diff.js BEFORE AFTER — Chrome DevTools' Comparison view on two
// snapshots, with its own heap_snapshot_worker code (npm heap-snapshot-
// toolkit): both snapshots loaded whole, then calculateSnapshotDiff per class.
// Prints the number of classes that changed.
'use strict';
const fs = require('fs');

async function main() {
  const [before, after] = process.argv.slice(2);
  if (!before || !after) {
    console.error('usage: devtools-diff.js BEFORE AFTER');
    process.exit(2);
  }
  const { parse, diff } = await import('heap-snapshot-toolkit');
  const a = await parse(fs.createReadStream(before, 'utf-8'));
  const b = await parse(fs.createReadStream(after, 'utf-8'));
  const changed = await diff(a, b);
  console.log(JSON.stringify({ classes: Object.keys(changed).length }));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
