// upstream-keepalive-leak/server.js — LEAKS per request onto pooled sockets
// (must fail): a recommendations service that scores every request on a
// model server upstream, over a keep-alive http.Agent (keepAlive: true,
// maxSockets: 8, timeout: 2000: a free pooled socket idle for 2 s is
// destroyed). For the example the upstream is a second http server in the
// same process, on an ephemeral port of 127.0.0.1; its handler keeps nothing.
// GET /recommendations/:user builds a 16 KiB feature vector (4096 float32),
// POSTs it to the upstream's /v1/score and answers with the ranked items.
// The leak is in the small HTTP client (postBinary), the way it was in a
// published HTTP client: to retry a request whose pooled connection is reset
// before the answer, it adds a 'close' listener to the request's socket on
// every request, `req.on('socket', s => s.on('close', retry))`, and never
// removes it. The listener's closure holds the 16 KiB request body for the
// retry. A pooled socket serves thousands of requests, so its 'close'
// listeners pile up (~17.5 KB per request: 16384 B in external + ~1.2 KB
// of closure, context and listener slot); they are freed only when that
// socket closes. Node prints one MaxListenersExceededWarning per socket
// (at the 11th 'close' listener), in the target's log.
// The trap for a leak harness: in production the sockets stay busy and
// never close, so this grows without bound. Under a harness that stops the
// load between steps, a pause of over 2 s closes every idle pooled socket
// and frees everything they held: samples taken after such a pause see
// little or none of the growth, and the curve is a sawtooth.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const FEATURES = 4096; // float32: 16 KiB per scoring request
const ITEMS = ['sku-1001', 'sku-1002', 'sku-1003', 'sku-1004', 'sku-1005', 'sku-1006', 'sku-1007', 'sku-1008'];

// ---- the upstream: a model server scoring feature vectors (does not leak) ----

const weights = new Float32Array(FEATURES);
for (let i = 0; i < FEATURES; i++) weights[i] = Math.sin(i * 0.37) * 0.01;

function scoreHandler(req, res) {
  if (req.method !== 'POST' || req.url !== '/v1/score') {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    return res.end('{"error":"not found"}');
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (body.length !== FEATURES * 4) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return res.end('{"error":"bad feature vector"}');
    }
    const x = new Float32Array(body.buffer, body.byteOffset, FEATURES);
    const scores = ITEMS.map((item, k) => {
      let s = 0;
      for (let i = k; i < FEATURES; i += ITEMS.length) s += x[i] * weights[i];
      return { item, score: Math.round(s * 1e4) / 1e4 };
    });
    const out = JSON.stringify({ model: 'ranker-v7', scores });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
    res.end(out);
  });
}

const upstream = http.createServer(scoreHandler);

// ---- the HTTP client: keep-alive pool, retry on reset (LEAKS) ----

const agent = new http.Agent({ keepAlive: true, maxSockets: 8, timeout: 2000 });

function postBinary(host, port, path, body) {
  return new Promise((resolve, reject) => {
    let settled = false;
    let retried = false;
    const attempt = () => {
      const req = http.request({
        agent, host, port, path, method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`upstream ${res.statusCode}: ${text}`));
          try { resolve(JSON.parse(text)); } catch (err) { reject(err); }
        });
      });
      // LEAK: a listener per request on the pooled socket, never removed; it
      // holds `body` until the socket closes.
      req.on('socket', (socket) => {
        socket.on('close', () => {
          if (settled || retried) return;
          retried = true; // the pooled connection went away before the answer: resend once
          attempt();
        });
      });
      req.on('error', (err) => {
        if (!settled && !retried && err.code === 'ECONNRESET') return; // the 'close' listener retries
        if (!settled) { settled = true; reject(err); }
      });
      req.end(body);
    };
    attempt();
  });
}

// ---- the service ----

function featureVector(user) {
  let h = 2166136261;
  for (let i = 0; i < user.length; i++) h = Math.imul(h ^ user.charCodeAt(i), 16777619) >>> 0;
  const v = new Float32Array(FEATURES);
  for (let i = 0; i < FEATURES; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
    v[i] = (h & 0xffff) / 0xffff;
  }
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function handle(req, res) {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path.startsWith('/recommendations/') && path.length > '/recommendations/'.length) {
    const user = path.slice('/recommendations/'.length);
    const { model, scores } = await postBinary('127.0.0.1', upstream.address().port, '/v1/score', featureVector(user));
    const ranked = scores.slice().sort((a, b) => b.score - a.score).slice(0, 5);
    return send(res, 200, { user, model, items: ranked.map((s) => s.item), scores: ranked });
  }
  send(res, 404, { error: 'not found' });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) send(res, 502, { error: 'upstream failed' });
    else res.destroy();
  });
});

upstream.listen(0, '127.0.0.1', () => {
  server.listen(Number(PORT), '127.0.0.1', () => {
    console.log(`listening on ${server.address().port}`);
  });
});
