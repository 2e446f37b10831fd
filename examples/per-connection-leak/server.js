// per-connection-leak/server.js — LEAKS per TCP connection (must fail when
// connections are not reused): on every new connection the server's
// 'connection' handler creates a connection context (id, peer address,
// counters and a 10 KiB scratch Buffer for parsing request bodies) and
// registers it in a module-level Map, keyed by connection id, for a
// "connections" admin page. Nothing ever deletes it: there is no 'close'
// handler, so a closed connection's context stays forever (~10.3 KB each:
// 10240 B in external + the JS objects).
// Requests themselves keep nothing: GET /session/:id builds a JSON answer
// from the request and the connection context (the request count is bumped
// in the context, which already exists).
// The trap for a leak harness: the leak is per connection, not per request.
// Over keep-alive (the default, 16 connections) every connection is opened
// during warm-up and then reused: 16 contexts, ~165 KB, and the per-request
// slope is flat, so the leak is invisible. Without keep-alive every request
// opens a new connection and it retains ~10 KB per request.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const SCRATCH_BYTES = 10 * 1024;
const connections = new Map(); // LEAK: connection id -> context, never deleted
let nextConnectionId = 1;

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path.startsWith('/session/') && path.length > '/session/'.length) {
    const ctx = connections.get(req.socket.connectionId);
    ctx.requests++;
    ctx.lastRequestAt = Date.now();
    return send(res, 200, {
      session: path.slice('/session/'.length),
      connection: { id: ctx.id, peer: ctx.peer, requests: ctx.requests, ageMs: ctx.lastRequestAt - ctx.openedAt },
      open: connections.size, // "open": what the admin page believes
    });
  }
  send(res, 404, { error: 'not found' });
});

server.on('connection', (socket) => {
  const id = nextConnectionId++;
  socket.connectionId = id;
  connections.set(id, {
    id,
    peer: `${socket.remoteAddress}:${socket.remotePort}`,
    openedAt: Date.now(),
    lastRequestAt: 0,
    requests: 0,
    scratch: Buffer.alloc(SCRATCH_BYTES), // its own ArrayBuffer: larger than the Buffer pool's half
  });
  // Missing: socket.once('close', () => connections.delete(id));
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
