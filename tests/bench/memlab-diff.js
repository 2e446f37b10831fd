#!/usr/bin/env node
// memlab-diff.js S1 S2 S3 — memlab's find-leaks on three snapshots of one
// process, as @memlab/api's findLeaksBySnapshotFilePaths runs it: S1 and S2
// are scanned for their node ids, S3 is loaded whole, the objects allocated
// between S1 and S2 that are still alive in S3 go through memlab's leak
// filters, and the leaks' retainer traces are found and clustered. Its work
// directory is a fresh temporary one, removed at the end. Prints the number
// of leak trace clusters.
'use strict';
const fs = require('fs');
const { config, fileManager, analysis } = require('@memlab/core');

async function main() {
  const files = process.argv.slice(2);
  if (files.length !== 3) {
    console.error('usage: memlab-diff.js S1 S2 S3');
    process.exit(2);
  }
  const workDir = fileManager.generateTmpHeapDir();
  try {
    config.useExternalSnapshot = true;
    config.externalSnapshotFilePaths = files;
    fileManager.initDirs(config, { workDir });
    config.muteConsole = true;
    const leaks = await analysis.checkLeak();
    console.log(JSON.stringify({ clusters: leaks.length }));
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
main().catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });
