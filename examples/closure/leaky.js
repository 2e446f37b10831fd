// closure/leaky.js — LEAKS: each request builds a ~1 KB report and registers
// a callback that closes over it in a module-level list that is never
// drained. The callback only needs the report's size, but it captures the
// whole report, so every report stays alive.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const onShutdown = []; // callbacks "to run at shutdown": grows by one per request

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
  const report = buildReport(id);
  const flush = () => report.length; // captures the whole ~1 KB report
  onShutdown.push(flush);            // ...and is kept forever
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
