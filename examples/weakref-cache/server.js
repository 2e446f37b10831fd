// weakref-cache/server.js — CLEAN (must pass): a cache that holds its values
// through WeakRefs. GET /doc/<id> returns a ~1 KB document, cached as
// Map<id, WeakRef<doc>>; a FinalizationRegistry deletes the Map key once the
// document has been collected. Nothing else holds the documents, so every GC
// empties the values, and the keys go when the finalizers run.
// The trap for a leak harness: between a GC and the finalization callbacks
// (which run later, as a task on the event loop) the Map still holds one key
// and one WeakRef per request; sampled at that moment it looks like a leak.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const cache = new Map(); // id -> WeakRef(doc)
const registry = new FinalizationRegistry((id) => {
  const ref = cache.get(id);
  if (ref && ref.deref() === undefined) cache.delete(id); // not a newer live entry
});
let hits = 0;

function loadDoc(id) {
  return { id, title: `Document ${id}`, body: `${id}:`.padEnd(1024, 'lorem ipsum ') , version: 1 };
}

function getDoc(id) {
  const ref = cache.get(id);
  const cached = ref && ref.deref();
  if (cached) { hits++; return cached; }
  const doc = loadDoc(id);
  cache.set(id, new WeakRef(doc));
  registry.register(doc, id);
  return doc;
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path.startsWith('/doc/')) {
    const doc = getDoc(path.slice('/doc/'.length));
    return send(res, 200, { id: doc.id, title: doc.title, length: doc.body.length, hits, cached: cache.size });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
