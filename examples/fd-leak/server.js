// fd-leak — an export service that appends each export to a per-export
// file. Every 10th request starts a new export file with fs.openSync and,
// in LEAK mode (the default), never closes the previous one: one file
// descriptor leaked per 10 requests, nothing much on the heap.
// FIXED=1 closes it.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-leak-'));
const fixed = process.env.FIXED === '1';
let fd = null, n = 0;

http.createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  if (req.url.startsWith('/export')) {
    if (n++ % 10 === 0) {
      if (fd !== null && fixed) fs.closeSync(fd);
      fd = fs.openSync(path.join(dir, `export-${n % 50}.log`), 'a');
    }
    fs.writeSync(fd, req.url + '\n');
    return res.end('exported');
  }
  res.statusCode = 404;
  res.end();
}).listen(Number(process.env.PORT || 3000));
process.on('SIGTERM', () => { fs.rmSync(dir, { recursive: true, force: true }); process.exit(0); });
