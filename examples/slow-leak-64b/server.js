// slow-leak-64b/server.js — LEAKS slowly (must fail): every GET /track keeps
// LEAK_BYTES bytes (default 64) of V8 heap forever: a value appended to a
// module-level list that nothing ever trims. Also the detection-floor probe
// of tests/accuracy/run.sh (FLOOR=1), which sets LEAK_BYTES to 16..64.
//
// What one retained value costs (x64, no pointer compression, Node 18-22):
//   a HeapNumber (a boxed double)        16 B
//   a flat one-byte string of L chars    16 + L rounded up to 8 B (L = 8, 16, ...: 24, 32, ...)
// so each request retains exactly LEAK_BYTES when it is a multiple of 8 and
// at least 16; other sizes are met on average (a 16 B value every other
// request for 8, ...).
// The list's slots are allocated up front (an array of MAX_SLOTS small
// integers, 8 B each) so a request costs only its value: appending to a
// plain [] would add 8 B per slot plus a copy of the backing store every
// time it grows by 1.5x, a staircase rather than a slope. Past MAX_SLOTS
// it falls back to push.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const LEAK_BYTES = Number(process.env.LEAK_BYTES || 64);
if (!(LEAK_BYTES >= 0)) { console.error('LEAK_BYTES must be a number >= 0'); process.exit(2); }

const MAX_SLOTS = 300000;
const tracked = []; // grows forever: one value per request
for (let i = 0; i < MAX_SLOTS; i++) tracked.push(0);
tracked[0] = tracked; // generic elements from now on: doubles stay boxed (16 B HeapNumbers)
let used = 1;
let owed = 0; // bytes to retain that no value has taken yet

const pad = Buffer.alloc(4096, 'abcdefgh');

// A new flat string of exactly len one-byte chars: 16 + len B of heap.
function flatString(len, seq) {
  const b = Buffer.from(pad.subarray(0, len));
  b.write(String(seq).slice(-len), 0, 'latin1');
  return b.toString('latin1');
}

function keep(value) {
  if (used < MAX_SLOTS) tracked[used++] = value;
  else tracked.push(value);
}

function track(seq) {
  owed += LEAK_BYTES;
  if (owed < 16) return;
  const size = Math.floor(owed / 8) * 8; // heap objects are 8-byte aligned
  owed -= size;
  if (size === 16) keep(seq + 0.5); // a HeapNumber
  else keep(flatString(size - 16, seq));
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

let seq = 0;
const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/track') {
    track(++seq);
    return send(res, 200, { tracked: used });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port} (LEAK_BYTES=${LEAK_BYTES})`);
});
