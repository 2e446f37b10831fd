// timer-leak/server.js — LEAKS a resource (must fail): every GET /notify arms
// an hour-long setTimeout whose callback is a shared no-op capturing nothing,
// and never clears it. One active Timeout per request, counted by
// process.getActiveResourcesInfo(). The memory it costs is small: the
// Timeout object itself (~100-150 B), nothing from the request.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

function noop() {}
let armed = 0;

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/notify') {
    setTimeout(noop, 3600e3); // a reminder nobody cancels: one live timer per request
    armed++;
    return send(res, 200, { armed });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
