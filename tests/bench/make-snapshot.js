#!/usr/bin/env node
// make-snapshot.js SIZE_MB OUT — build a heap with a realistic mix of
// objects, arrays, strings, closures and Maps until the written snapshot is
// roughly SIZE_MB, then write it to OUT with v8.writeHeapSnapshot.
// Snapshot bytes per heap object are roughly constant, so we size by object
// count (calibrated: ~100 bytes of snapshot per retained object).
'use strict';
const v8 = require('v8');
const sizeMb = Number(process.argv[2]);
const out = process.argv[3];
if (!sizeMb || !out) {
  console.error('usage: make-snapshot.js SIZE_MB OUT');
  process.exit(2);
}
class Session { constructor(i) { this.id = i; this.user = 'user' + i; this.tags = ['a' + (i % 97), 'b']; } }
class Order { constructor(i, s) { this.n = i; this.session = s; this.items = [{ sku: i % 1000, qty: 1 }]; } }
const sessions = new Map();
const orders = [];
const caches = [];
const handlers = [];
const target = sizeMb * 1024 * 1024 / 100;
let made = 0;
for (let i = 0; made < target; i++) {
  const s = new Session(i);
  sessions.set('s' + i, s);
  const o = new Order(i, s);
  orders.push(o);
  if (i % 10 === 0) handlers.push(((k) => () => k + o.n)(i));
  if (i % 50 === 0) caches.push(new Map([[i, { when: Date.now(), text: 'cached value ' + i }]]));
  made += 9;
}
globalThis.app = { sessions, orders, caches, handlers };
v8.writeHeapSnapshot(out);
