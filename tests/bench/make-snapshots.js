#!/usr/bin/env node
// make-snapshots.js SIZE_MB DIR — three snapshots of one process for the
// diff benchmark: the heap of make-snapshot.js grown to about half of
// SIZE_MB (DIR/s1.heapsnapshot), then "requests" that each keep a Session
// and an Order and drop some garbage, to about three quarters (s2) and to
// about SIZE_MB (s3). Between s1 and s2 the kept objects are the leak that
// `leakcheck diff s1 s2 s3` (and memlab's find-leaks) report.
'use strict';
const v8 = require('v8');
const path = require('path');
const sizeMb = Number(process.argv[2]);
const dir = process.argv[3];
if (!sizeMb || !dir) {
  console.error('usage: make-snapshots.js SIZE_MB DIR');
  process.exit(2);
}
class Session { constructor(i) { this.id = i; this.user = 'user' + i; this.tags = ['a' + (i % 97), 'b']; } }
class Order { constructor(i, s) { this.n = i; this.session = s; this.items = [{ sku: i % 1000, qty: 1 }]; } }
const sessions = new Map();
const orders = [];
const handlers = [];
let garbage = [];
globalThis.app = { sessions, orders, handlers };
const objects = sizeMb * 1024 * 1024 / 100; // ~100 snapshot bytes per retained object
let i = 0;
function grow(to) {
  for (let made = i * 9; made < to; i++, made += 9) {
    const s = new Session(i);
    sessions.set('s' + i, s);
    orders.push(new Order(i, s));
    if (i % 10 === 0) handlers.push(((k) => () => k)(i));
    garbage.push({ tmp: 'x' + i });
    if (garbage.length > 1000) garbage = [];
  }
}
grow(objects / 2);
v8.writeHeapSnapshot(path.join(dir, 's1.heapsnapshot'));
grow(objects * 3 / 4);
v8.writeHeapSnapshot(path.join(dir, 's2.heapsnapshot'));
grow(objects);
v8.writeHeapSnapshot(path.join(dir, 's3.heapsnapshot'));
