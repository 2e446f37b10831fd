// lru-50k/server.js — CLEAN (must pass): a product-catalog front with a
// bounded LRU cache of 50,000 entries. Every GET /product/:sku looks the SKU
// up in a Map (a hit moves it to the most recent end); a miss "loads" the
// product (builds it from the SKU, as a catalog database would return it),
// caches it and, once the Map holds more than 50,000 entries, deletes the
// oldest. Each entry costs ~300 B (the product object, its strings, the key
// and the Map slot).
// With a new SKU per request ({{seq}}) every request is a miss, so the cache
// grows by ~300 B per request for the first 50,000 requests (~15 MB) and then
// stays full: its size is bounded, so this is not a leak.
// The trap for a leak harness: the same growth as lru-fills-then-stays, but
// over ~40,000 measured requests instead of ~1000 (scenario: warmup 10000):
// sixteen 2500-request steps of straight-line growth at ~10x the budget
// before the curve levels off. Judged after 4 steps it is indistinguishable
// from a leak; only a measurement that goes on past the fill sees it stop.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const MAX_ENTRIES = Number(process.env.CACHE_ENTRIES || 50000);
const cache = new Map(); // insertion order = recency order
let hits = 0;
let misses = 0;

function cacheGet(key) {
  const v = cache.get(key);
  if (v !== undefined) { cache.delete(key); cache.set(key, v); } // mark as most recent
  return v;
}

function cacheSet(key, value) {
  cache.set(key, value);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value); // evict the oldest
}

// What the catalog database returns for a SKU: ~300 B once cached.
function loadProduct(sku) {
  let h = 0;
  for (let i = 0; i < sku.length; i++) h = (h * 31 + sku.charCodeAt(i)) >>> 0;
  return {
    sku: `SKU-${sku}`,
    name: `Product ${sku}, standard edition`,
    priceCents: 199 + (h % 9800),
    currency: 'EUR',
    stock: h % 50,
    warehouse: `wh-${h % 7}`,
    fetchedAt: Date.now(),
  };
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path.startsWith('/product/') && path.length > '/product/'.length) {
    const sku = path.slice('/product/'.length);
    let product = cacheGet(sku);
    const hit = product !== undefined;
    if (hit) hits++;
    else { misses++; product = loadProduct(sku); cacheSet(sku, product); }
    return send(res, 200, { product, cache: { hit, size: cache.size, capacity: MAX_ENTRIES, hits, misses } });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
