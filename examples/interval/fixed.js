// interval/fixed.js — the fixed twin of leaky.js: the job's polling
// interval is cleared when the response is done.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

let polls = 0;

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

// GET /jobs?id=<id>: report a job's status, polling it while the request lives
function jobStatus(req, res) {
  const id = new URL(req.url, 'http://localhost').searchParams.get('id') || '0';
  const job = { id, state: 'running', checkedAt: Date.now() };
  const timer = setInterval(() => {
    job.checkedAt = Date.now();
    polls++;
  }, 60000);
  res.once('close', () => clearInterval(timer)); // the fix: the timer ends with the request
  send(res, 200, { id: job.id, state: job.state });
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok', polls });
  if (req.method === 'GET' && path === '/jobs') return jobStatus(req, res);
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
