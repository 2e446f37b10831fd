// lru-fills-then-stays/server.js — CLEAN (must pass): a bounded LRU cache.
// Every GET /item/<id> caches a ~200-byte entry under its id in a Map and,
// once the Map holds more than 3000 entries, deletes the oldest one. With a
// new id per request ({{seq}}) the cache fills during the first ~3000
// requests (2000 in warm-up, ~1000 in the first measurement step: ~200 KB of
// growth) and then stays full: its size is bounded, so this is not a leak.
// The trap for a leak harness: growth in the first step that stops.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const MAX_ENTRIES = 3000;
const cache = new Map(); // insertion order = recency order

function cacheGet(key) {
  const v = cache.get(key);
  if (v !== undefined) { cache.delete(key); cache.set(key, v); } // mark as most recent
  return v;
}

function cacheSet(key, value) {
  cache.set(key, value);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value); // evict the oldest
}

// ~200 B retained per entry: the entry object, its name string, the key and the Map slot.
function loadItem(id) {
  return { id, name: `item-${id}-${'x'.repeat(48)}`, price: (id.length * 7) % 100, stock: 3 };
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path.startsWith('/item/')) {
    const id = path.slice('/item/'.length);
    let item = cacheGet(id);
    const hit = item !== undefined;
    if (!hit) { item = loadItem(id); cacheSet(id, item); }
    return send(res, 200, { item, hit, cached: cache.size });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
