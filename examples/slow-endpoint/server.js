// slow-endpoint/server.js — one CLEAN and one LEAKY route, both slow: every
// answer waits ~200 ms for a simulated upstream (a setTimeout standing in for
// a slow database query), as a reporting service in front of a busy
// warehouse database does.
//   GET /report/:id        CLEAN (must pass): builds a report (rows, totals,
//                          a JSON body of ~1 KB) per request and keeps none
//                          of it.
//   GET /report-leaky/:id  LEAKY (must fail): the same report, and an audit
//                          record {id, at, client} pushed onto a
//                          module-level array that is never trimmed: ~200 B
//                          retained per request.
// The trap for a leak harness: throughput. At 16 concurrent requests and
// 200 ms each the service answers ~80 requests/s, so the default warm-up
// (2000) takes ~25 s and each 2500-request step ~31 s. The default
// max_duration (2m) then ends the measurement after 3 full steps (7500
// requests), before the 4 minimum steps: a verdict has to come from few,
// slow samples, or the run ends inconclusive at the cap.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const UPSTREAM_LATENCY_MS = Number(process.env.UPSTREAM_LATENCY_MS || 200);

const auditLog = []; // LEAK: one record per /report-leaky request, never trimmed

// The "database": answers after UPSTREAM_LATENCY_MS with a page of rows.
function queryOrders(customerId) {
  return new Promise((resolve) => {
    setTimeout(() => {
      const rows = [];
      for (let i = 0; i < 12; i++) {
        rows.push({
          orderId: `${customerId}-${i}`,
          sku: `SKU-${(customerId.length * 31 + i * 17) % 997}`,
          qty: 1 + (i % 4),
          unitCents: 199 + ((i * 73) % 5000),
        });
      }
      resolve(rows);
    }, UPSTREAM_LATENCY_MS);
  });
}

async function buildReport(customerId) {
  const rows = await queryOrders(customerId);
  let totalCents = 0;
  for (const r of rows) totalCents += r.qty * r.unitCents;
  return {
    customerId,
    generatedAt: new Date().toISOString(),
    orders: rows.length,
    totalCents,
    currency: 'EUR',
    rows,
  };
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function handle(req, res) {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });

  let m = /^\/report\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && m) {
    const report = await buildReport(m[1]);
    return send(res, 200, report);
  }

  m = /^\/report-leaky\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && m) {
    const report = await buildReport(m[1]);
    // "Who looked at which report" — kept in memory for a /audit page that
    // was never written, and never flushed.
    const ua = req.headers['user-agent'] || '-';
    auditLog.push({
      id: m[1],
      at: new Date().toISOString(),
      client: `${req.socket.remoteAddress}:${req.socket.remotePort} ${ua}`,
    });
    return send(res, 200, report);
  }

  send(res, 404, { error: 'not found' });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
    else res.destroy();
  });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
