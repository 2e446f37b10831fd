// buffer-leak/server.js — LEAKS (must fail): every GET /upload
// keeps a 1 KiB Buffer (a copy of the "uploaded chunk") in a module-level
// array. The bytes live outside the V8 heap (process.memoryUsage().external
// / arrayBuffers): heapUsed alone grows by only the small JS wrapper objects
// (~150 B), but heapUsed + external grows by ~1.2 KB per request.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const chunks = []; // grows forever: one 1 KiB Buffer per request

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/upload') {
    const chunk = Buffer.alloc(1024); // its own ArrayBuffer, not a slice of the pool
    chunk.write(req.url);
    chunks.push(chunk);
    return send(res, 200, { stored: chunks.length });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
