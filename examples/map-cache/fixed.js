// map-cache/fixed.js — the fixed twin of leaky.js: the cache is a bounded
// LRU. A Map iterates in insertion order, so re-inserting on a hit keeps the
// least recently used entry first, and it is evicted past 500 entries.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const MAX_ENTRIES = 500;
const cache = new Map(); // id -> user, at most MAX_ENTRIES, oldest first

function loadUser(id) { // stands in for a database query
  return { id, name: `User ${id}`, email: `user${id}@example.com`, loadedAt: Date.now() };
}

function getUser(id) {
  let user = cache.get(id);
  if (user !== undefined) {
    cache.delete(id); // move to the most recently used end
  } else {
    user = loadUser(id);
  }
  cache.set(id, user);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value); // evict the oldest
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
