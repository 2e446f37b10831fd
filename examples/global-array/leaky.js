// global-array/leaky.js — LEAKS: every request is appended to a module-level
// array that nothing ever trims. Classic "request log kept in memory".
// Retains ~150 bytes per GET /log (the entry object, its strings, the slot).
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const requestLog = []; // grows forever: one entry per request
let nextId = 0;

function logRequest(req) {
  const entry = { url: req.url, time: Date.now(), id: `req-${++nextId}` };
  requestLog.push(entry);
  return entry;
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/log') {
    const entry = logRequest(req);
    return send(res, 200, { logged: entry.id, total: requestLog.length });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
