// supervisor-clean-env/server.js — LEAKS: every GET /events keeps a ~200 B
// record in a module-level list that nothing trims. Started by supervisor.js.
'use strict';
const http = require('http');

const seen = []; // the leak
http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/health') return res.end('ok');
  if (url.pathname === '/events') {
    seen.push({ id: url.searchParams.get('id'), at: Date.now(), tag: 'event-' + 'x'.repeat(120) + seen.length });
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify({ ok: true, n: seen.length }));
  }
  res.statusCode = 404;
  res.end();
}).listen(Number(process.env.PORT), '127.0.0.1');
