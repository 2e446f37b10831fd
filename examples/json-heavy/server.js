// json-heavy/server.js — CLEAN (must pass): a high-allocation JSON endpoint.
// Every GET /orders builds a ~20 KB response object (100 orders with nested
// line items and strings), JSON.stringify's it and sends it. Nothing is
// retained: ~60 KB of short-lived garbage per request (objects, strings, the
// serialized body).
// The trap for a leak harness: a high allocation rate means frequent GCs,
// young-generation resizing and promotion of in-flight objects into old
// space, so heapUsed between GCs is all noise.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

function buildOrders(customer) {
  const orders = [];
  for (let i = 0; i < 100; i++) {
    orders.push({
      id: `ord-${customer}-${i}`,
      createdAt: new Date(1700000000000 + i * 60000).toISOString(),
      status: i % 3 ? 'shipped' : 'pending',
      lines: [
        { sku: `sku-${(customer * 31 + i) % 997}`, qty: (i % 4) + 1, price: 9.99 + i },
        { sku: `sku-${(customer * 17 + i) % 991}`, qty: 1, price: 19.5 },
      ],
      total: Math.round((9.99 + i) * ((i % 4) + 1) * 100 + 1950) / 100,
    });
  }
  return { customer, count: orders.length, orders };
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end('{"status":"ok"}');
  }
  if (req.method === 'GET' && path === '/orders') {
    const customer = Number(new URL(req.url, 'http://localhost').searchParams.get('customer')) || 0;
    const body = JSON.stringify(buildOrders(customer));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    return res.end(body);
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end('{"error":"not found"}');
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
