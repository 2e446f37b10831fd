// express-app/server.js — an Express app with four endpoints. Exactly one
// leaks: POST /orders appends every order to a module-level audit trail that
// is never trimmed or flushed. The other three keep no per-request state.
//
//   GET  /health        liveness probe
//   GET  /users/:id     look a user up (computed, nothing kept)
//   POST /orders        create an order from a JSON body   <- LEAKS
//   GET  /search?q=...  filter a fixed product catalogue
'use strict';
const express = require('express');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const app = express();
app.use(express.json({ limit: '16kb' }));

const auditTrail = []; // every order ever placed: grows by one entry per POST /orders
let nextOrderId = 1;

const catalogue = Array.from({ length: 200 }, (_, i) => ({
  sku: `SKU-${String(i).padStart(4, '0')}`,
  name: `${['red', 'green', 'blue', 'black', 'white'][i % 5]} ${['mug', 'shirt', 'lamp', 'chair'][i % 4]} ${i}`,
  price: 5 + ((i * 7) % 95),
}));

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.get('/users/:id', (req, res) => {
  const id = req.params.id;
  res.json({ id, name: `User ${id}`, email: `user${id}@example.com` });
});

app.post('/orders', (req, res) => {
  const { item, qty } = req.body || {};
  if (typeof item !== 'string' || !Number.isInteger(qty) || qty < 1) {
    return res.status(400).json({ error: 'body must be {"item": string, "qty": positive integer}' });
  }
  const order = { id: nextOrderId++, item, qty, customer: req.body.customer || null, createdAt: new Date().toISOString() };
  auditTrail.push({ order, userAgent: req.get('user-agent') || '', at: Date.now() }); // never trimmed
  res.status(201).json(order);
});

app.get('/search', (req, res) => {
  const q = String(req.query.q || '').toLowerCase();
  const hits = catalogue.filter((p) => p.name.includes(q)).slice(0, 10);
  res.json({ q, count: hits.length, results: hits });
});

// Errors (e.g. a malformed JSON body) answer JSON instead of an HTML stack trace.
app.use((err, req, res, next) => { // eslint-disable-line no-unused-vars
  res.status(err.status || 500).json({ error: err.expose ? err.message : 'internal error' });
});

const server = app.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
