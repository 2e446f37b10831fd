// lazy-init/server.js — CLEAN (must pass): lazy initialisation. The first
// GET /geo request builds a lookup table (65536 prefix records and a 512 KB
// Float64Array: ~6 MB of heap, measured) and keeps it for the life of the
// process; every later request only reads it and retains nothing. Memory
// jumps once, at the first request, then stays flat: a one-off cost, not a
// per-request leak.
// The trap for a leak harness: a one-time jump (here in the warm-up; with a
// short or no warm-up, in the first measurement step) read as a slope.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const TABLE_SIZE = 65536;
let table = null; // built on first use

function getTable() {
  if (table) return table;
  const records = new Array(TABLE_SIZE);
  const weights = new Float64Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) {
    records[i] = { prefix: i, country: `C${i % 250}`, asn: 64512 + (i % 1024) };
    weights[i] = Math.sqrt(i);
  }
  table = { records, weights };
  return table;
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/geo') {
    const ip = Number(new URL(req.url, 'http://localhost').searchParams.get('ip')) || 0;
    const t = getTable();
    const slot = (ip * 2654435761) % TABLE_SIZE;
    const rec = t.records[slot];
    return send(res, 200, { ip, country: rec.country, asn: rec.asn, weight: t.weights[slot] });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
