// cluster-workers — an order service run the way production runs it: a
// cluster primary forks one worker per core (WORKERS, default 2) and the
// workers share the port. Each worker keeps an audit record of every order
// in a module-level array (~100 B per request) and never trims it.
// WORKERS=0 runs the same handler in one process (the reference slope).
// WORKER_NODE_OPTIONS, when set, is the workers' node options, set the way a
// primary sizes its workers' heaps (cluster.setupPrimary({ execArgv }) and
// cluster.fork({ NODE_OPTIONS })): it replaces the flags and NODE_OPTIONS
// leakcheck gave the primary, so the workers that answer run without the agent.
'use strict';
const cluster = require('cluster');
const http = require('http');

const workers = process.env.WORKERS === undefined ? 2 : Number(process.env.WORKERS);
const port = Number(process.env.PORT || 3000);

if (workers > 0 && cluster.isPrimary) {
  const opts = process.env.WORKER_NODE_OPTIONS;
  if (opts !== undefined) cluster.setupPrimary({ execArgv: opts.split(' ').filter(Boolean) });
  const workerEnv = opts === undefined ? {} : { NODE_OPTIONS: opts };
  for (let i = 0; i < workers; i++) cluster.fork(workerEnv);
  cluster.on('exit', (w, code, sig) => {
    if (!shuttingDown) console.error(`worker ${w.process.pid} died (${sig || code}), restarting`), cluster.fork(workerEnv);
  });
  let shuttingDown = false;
  process.on('SIGTERM', () => {
    shuttingDown = true;
    for (const id in cluster.workers) cluster.workers[id].kill();
    process.exit(0);
  });
} else {
  const audit = []; // the leak: every order, forever
  let served = 0;
  http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/health') return res.end('ok');
    served++;
    if (url.pathname === '/orders') {
      audit.push({ id: url.searchParams.get('id'), at: Date.now() });
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ ok: true, worker: process.pid }));
    }
    if (url.pathname === '/status') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ served, worker: process.pid }));
    }
    res.statusCode = 404;
    res.end();
  }).listen(port);
}
