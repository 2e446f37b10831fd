// map-cache/leaky.js — LEAKS: a memoising cache keyed by request data with
// no bound and no expiry. Every new user id adds an entry that is never
// evicted, so the cache is a slow leak under real traffic.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const cache = new Map(); // id -> user, unbounded

function loadUser(id) { // stands in for a database query
  return { id, name: `User ${id}`, email: `user${id}@example.com`, loadedAt: Date.now() };
}

function getUser(id) {
  let user = cache.get(id);
  if (user === undefined) {
    user = loadUser(id);
    cache.set(id, user); // never evicted
  }
  return user;
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && url.pathname === '/user') {
    const user = getUser(url.searchParams.get('id') || '0');
    return send(res, 200, { id: user.id, name: user.name, email: user.email, cached: cache.size });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
