// https-service/server.js — an HTTPS-only API (node:https, or node:http2's
// secure server with HTTP=2) with a certificate of its own, the way services
// that terminate TLS themselves run. Certificate and key come from TLS_CERT
// and TLS_KEY (files); PORT and HOST (default 127.0.0.1; "::1" for an
// IPv6-only loopback) say where it listens.
//
//   GET /health          liveness probe
//   GET /items/:id       read from a fixed table                    (clean)
//   POST /audit          append the request's headers to a log      <- LEAKS
//
// The leak: every audited request's headers (~400 B) go into a module-level
// array that nothing trims.
'use strict';
const fs = require('node:fs');

const PORT = Number(process.env.PORT);
const HOST = process.env.HOST || '127.0.0.1';
const options = { cert: fs.readFileSync(process.env.TLS_CERT), key: fs.readFileSync(process.env.TLS_KEY) };

const items = Array.from({ length: 50 }, (_, i) => ({ id: i, name: `item ${i}` }));
const auditLog = []; // never trimmed: the leak

function handler(req, res) {
  if (req.url === '/health') return res.end('ok');
  const m = /^\/items\/(\d+)$/.exec(req.url);
  if (req.method === 'GET' && m) {
    const item = items[Number(m[1]) % items.length];
    res.setHeader('Content-Type', 'application/json');
    return res.end(JSON.stringify(item));
  }
  if (req.method === 'POST' && req.url === '/audit') {
    req.resume();
    return req.on('end', () => {
      auditLog.push({ at: Date.now(), headers: { ...req.headers }, note: 'audit ' + auditLog.length });
      res.statusCode = 204;
      res.end();
    });
  }
  res.statusCode = 404;
  res.end();
}

const server = process.env.HTTP === '2'
  ? require('node:http2').createSecureServer({ ...options, allowHTTP1: true }, handler)
  : require('node:https').createServer(options, handler);
server.listen(PORT, HOST, () => console.log(`listening on https://${HOST}:${PORT}`));
