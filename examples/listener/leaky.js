// listener/leaky.js — LEAKS: every request subscribes a listener to a
// long-lived EventEmitter and never unsubscribes. The listener closure keeps
// the request's data alive for the life of the process.
// (setMaxListeners(0) silences the MaxListenersExceededWarning that would
// otherwise be the only hint.)
'use strict';
const http = require('node:http');
const { EventEmitter } = require('node:events');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const bus = new EventEmitter(); // lives as long as the process
bus.setMaxListeners(0);
let configVersion = 1;

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

// GET /watch?client=<id>: the handler wants to hear about config reloads
// while it works on the request.
function watch(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const client = { id: url.searchParams.get('client') || 'anonymous', since: Date.now() };
  const onReload = (version) => {
    client.seenVersion = version;
  };
  bus.on('config-reload', onReload); // never removed: one listener per request, forever
  send(res, 200, { client: client.id, configVersion, watchers: bus.listenerCount('config-reload') });
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path === '/watch') return watch(req, res);
  if (req.method === 'POST' && path === '/reload') {
    bus.emit('config-reload', ++configVersion);
    return send(res, 200, { configVersion });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
