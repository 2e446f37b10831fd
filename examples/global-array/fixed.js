// global-array/fixed.js — the fixed twin of leaky.js: the request log is a
// ring buffer of the last 100 entries, so memory stays flat under load.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const LOG_SIZE = 100;
const requestLog = new Array(LOG_SIZE).fill(null); // bounded: oldest entry is overwritten
let nextId = 0;
let total = 0;

function logRequest(req) {
  const entry = { url: req.url, time: Date.now(), id: `req-${++nextId}` };
  requestLog[total % LOG_SIZE] = entry;
  total++;
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
    return send(res, 200, { logged: entry.id, total });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
