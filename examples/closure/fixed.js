// closure/fixed.js — the fixed twin of leaky.js: the callback captures only
// the number it needs and is not kept after the request.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

function buildReport(id) {
  const rows = [];
  for (let i = 0; i < 16; i++) rows.push({ row: i, account: `${id}-${i}`, amount: (i * 37) % 101 });
  return JSON.stringify({ id, generatedAt: new Date().toISOString(), rows }); // ~1 KB string
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

// GET /report?id=<id>
function report(req, res) {
  const id = new URL(req.url, 'http://localhost').searchParams.get('id') || '0';
  const bytes = buildReport(id).length;
  const flush = () => bytes; // the fix: capture only the size, and don't store the callback
  send(res, 200, { id, bytes: flush() });
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/report') return report(req, res);
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
