// sawtooth/server.js — CLEAN (must pass): big temporary allocations. Every
// GET /render builds a 256 KB JavaScript array (32768 doubles, in V8's
// large-object space) and a 256 KB Buffer (outside the V8 heap), computes a
// checksum and drops both. Nothing is retained. Without a GC, heapUsed and
// external climb by ~512 KB per request and fall back at every collection: a
// sawtooth, and RSS grows while V8 and the allocator size their pools.
// The trap for a leak harness: sampling memory that is garbage, not retained.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const SIZE = 256 * 1024;

function render(seed) {
  const values = new Array(SIZE / 8);
  for (let i = 0; i < values.length; i++) values[i] = (seed + i) * 0.5; // doubles: 8 B each
  const buf = Buffer.allocUnsafe(SIZE);
  buf.fill(seed & 0xff);
  let sum = 0;
  for (let i = 0; i < values.length; i += 64) sum += values[i] + buf[i];
  return sum;
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/render') {
    const seed = Number(new URL(req.url, 'http://localhost').searchParams.get('seed')) || 0;
    return send(res, 200, { seed, checksum: render(seed) });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
