#!/usr/bin/env node
// calibrate.js — what does one request to an example retain, measured without
// leakcheck? Loads the server in this process (PORT=0), sends requests over 8
// keep-alive connections from the same process, and after every STEP requests
// runs gc() until heapUsed + external stops falling. Prints the least-squares
// slope (bytes per request) over the samples after the warm-up, and the
// number of active Timeouts per request.
//
//   node --expose-gc tests/accuracy/calibrate.js examples/slow-leak-64b/server.js '/track?n={{seq}}' [warmup step steps]
'use strict';
const http = require('node:http');
const path = require('node:path');

const [file, template, warmupArg, stepArg, stepsArg] = process.argv.slice(2);
if (!file || !template || typeof global.gc !== 'function') {
  console.error('usage: node --expose-gc calibrate.js SERVER.js PATH-TEMPLATE [warmup step steps]');
  process.exit(2);
}
const WARMUP = Number(warmupArg || 2000), STEP = Number(stepArg || 2500), STEPS = Number(stepsArg || 6);
process.env.PORT = process.env.PORT || '0';

let port = 0;
const origListen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  this.once('listening', () => { port = this.address().port; });
  return origListen.apply(this, args);
};
const origLog = console.log;
console.log = () => {};
require(path.resolve(file));

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
let seq = 0;

function one() {
  return new Promise((resolve, reject) => {
    const s = ++seq;
    const p = template.replace(/\{\{seq%(\d+)\}\}/g, (_, n) => String(s % Number(n))).replace(/\{\{seq\}\}/g, String(s));
    http.get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
}

async function run(n) {
  let next = 0;
  async function worker() { while (next++ < n) await one(); }
  await Promise.all(Array.from({ length: 8 }, worker));
}

function settle() {
  return new Promise((resolve) => {
    let last = Infinity, rounds = 0;
    (function round() {
      gc(); gc();
      const m = process.memoryUsage();
      const v = m.heapUsed + m.external;
      if (++rounds < 8 && v < last - 1024) { last = v; setImmediate(round); }
      else resolve(v);
    })();
  });
}

function timeouts() {
  return typeof process.getActiveResourcesInfo === 'function'
    ? process.getActiveResourcesInfo().filter((t) => t === 'Timeout').length : 0;
}

function ols(xs, ys) {
  const n = xs.length, mx = xs.reduce((a, b) => a + b) / n, my = ys.reduce((a, b) => a + b) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  return sxy / sxx;
}

(async () => {
  while (!port) await new Promise((r) => setTimeout(r, 10));
  await run(WARMUP);
  const xs = [0], ys = [await settle()], ts = [timeouts()];
  for (let k = 1; k <= STEPS; k++) {
    await run(STEP);
    xs.push(k * STEP); ys.push(await settle()); ts.push(timeouts());
  }
  const steps = ys.slice(1).map((y, i) => ((y - ys[i]) / STEP).toFixed(1));
  origLog(`${path.basename(path.dirname(file))} ${template}: ${ols(xs, ys).toFixed(1)} B/request ` +
          `(per step: ${steps.join(' ')}), ${ols(xs, ts).toFixed(3)} timers/request`);
  process.exit(0);
})();
