// random-5xx/server.js — CLEAN (must pass): a shipping-quote service whose
// rate provider is flaky. Every GET /quote/:id computes a quote from the id
// (zone, weight, carrier rates) and keeps nothing; at random, 1 % of the
// requests find the "rate provider" unavailable and answer 503 with a JSON
// error and Retry-After, as a service in front of a flaky dependency does.
// FAIL_RATE (env, default 0.01) changes the fraction.
// The trap for a leak harness: the errors are not the service's fault and
// not a leak, but they are exactly at the default max_error_rate (1%). The
// observed error fraction of a window of requests is binomial around 1 %
// (over 2500 requests: 25 +/- 5), so about half the windows are over the
// limit: a harness that fails on "more than 1 % failed" fails this clean
// service at random, run to run.
'use strict';
const http = require('node:http');

const PORT = process.env.PORT;
if (!PORT) { console.error('PORT is required'); process.exit(2); }

const FAIL_RATE = Number(process.env.FAIL_RATE || 0.01);

const ZONES = ['DE', 'FR', 'NL', 'IT', 'ES', 'PL', 'SE'];
const CARRIERS = [
  { code: 'dhl', name: 'DHL Paket', baseCents: 499, perKgCents: 60 },
  { code: 'ups', name: 'UPS Standard', baseCents: 649, perKgCents: 45 },
  { code: 'gls', name: 'GLS Business', baseCents: 429, perKgCents: 70 },
];

class UpstreamUnavailable extends Error {
  constructor(service) { super(`${service} unavailable`); this.service = service; }
}

// The rate provider: fails 1 % of calls, like a dependency shedding load.
function fetchRates(zone, weightGrams) {
  if (Math.random() < FAIL_RATE) throw new UpstreamUnavailable('rate-provider');
  const kg = Math.ceil(weightGrams / 1000);
  const zoneFactor = 1 + ZONES.indexOf(zone) * 0.08;
  return CARRIERS.map((c) => ({
    carrier: c.code,
    name: c.name,
    priceCents: Math.round((c.baseCents + c.perKgCents * kg) * zoneFactor),
    etaDays: 1 + ((kg + c.code.length) % 4),
  }));
}

function quote(id) {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  const zone = ZONES[h % ZONES.length];
  const weightGrams = 250 + (h % 20000);
  const rates = fetchRates(zone, weightGrams).sort((a, b) => a.priceCents - b.priceCents);
  return { id, zone, weightGrams, cheapest: rates[0].carrier, rates, quotedAt: new Date().toISOString() };
}

function send(res, status, obj, headers) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && path.startsWith('/quote/') && path.length > '/quote/'.length) {
    try {
      return send(res, 200, quote(path.slice('/quote/'.length)));
    } catch (err) {
      if (err instanceof UpstreamUnavailable) {
        return send(res, 503, { error: 'service unavailable', dependency: err.service }, { 'Retry-After': '1' });
      }
      throw err;
    }
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(PORT), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
