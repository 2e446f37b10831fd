// worker-pool — an HTTP service that hands each request's work to a pool of
// worker threads (piscina, 2 threads), the way CPU-heavy Node services do.
// The leak, when LEAK=1, lives in the workers' heaps, not the main thread's.
'use strict';
const http = require('http');
const path = require('path');
const Piscina = require('piscina');

const pool = new Piscina({
  filename: path.join(__dirname, 'task.js'),
  minThreads: 2,
  maxThreads: 2,
  // piscina's default: idle workers block in Atomics.wait (POOL_USE_ATOMICS=0 turns it off)
  useAtomics: process.env.POOL_USE_ATOMICS !== '0',
});
const port = Number(process.env.PORT || 3000);

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/health') return res.end('ok');
  if (url.pathname === '/report') {
    try {
      const out = await pool.run({ id: url.searchParams.get('id') });
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify(out));
    } catch (e) {
      res.statusCode = 500;
      return res.end(String(e));
    }
  }
  res.statusCode = 404;
  res.end();
}).listen(port);
