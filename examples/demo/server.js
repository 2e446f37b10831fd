// demo/server.js — the service behind scenarios/demo.ini: a tiny shop API in
// plain node:http (no npm install) with three endpoints, one of which leaks.
//
//   GET  /health          liveness probe
//   GET  /products/:id    read a product from a fixed catalogue      (clean)
//   POST /cart/quote      price a cart sent as JSON, keep nothing     (clean)
//   POST /sessions        log a user in                              <- LEAKS
//
// The leak: sessions go into a module-level Map that has no expiry and no
// logout, so every login is kept for the life of the process.
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const products = Array.from({ length: 100 }, (_, i) => ({
  id: i,
  name: `Product ${i}`,
  price: 3 + ((i * 13) % 97),
}));

const sessions = new Map(); // token -> session, never expired: the leak

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function readJson(req, done) {
  let data = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => {
    try { done(null, JSON.parse(data)); } catch (err) { done(err); }
  });
}

function getProduct(res, id) {
  const product = products[Number(id) % products.length];
  if (!product) return send(res, 404, { error: 'no such product' });
  send(res, 200, product);
}

function quoteCart(req, res) {
  readJson(req, (err, cart) => {
    if (err || !Array.isArray(cart.items)) return send(res, 400, { error: 'body must be {"items": [{"id", "qty"}]}' });
    let total = 0;
    for (const { id, qty } of cart.items) total += (products[id % products.length] || { price: 0 }).price * (qty || 1);
    send(res, 200, { items: cart.items.length, total });
  });
}

function createSession(req, res) {
  readJson(req, (err, login) => {
    if (err || typeof login.user !== 'string') return send(res, 400, { error: 'body must be {"user": string}' });
    const token = crypto.randomUUID();
    sessions.set(token, { user: login.user, createdAt: Date.now(), roles: ['customer'] }); // never deleted
    send(res, 201, { token, user: login.user });
  });
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok', sessions: sessions.size });
  if (req.method === 'GET' && path.startsWith('/products/')) return getProduct(res, path.slice('/products/'.length));
  if (req.method === 'POST' && path === '/cart/quote') return quoteCart(req, res);
  if (req.method === 'POST' && path === '/sessions') return createSession(req, res);
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
