// leakcheck-agent.js — the only JavaScript leakcheck injects into the target.
//
// Loaded with `--require` into every node process the harness starts. It
// connects to the harness's unix socket (LEAKCHECK_AGENT_SOCK), says hello,
// reports every port the process listens on, and answers `sample` requests
// with post-GC memory figures. During a failing endpoint's explain phase it
// also runs V8's sampling heap profiler (an in-process inspector session) and
// answers `profile` requests with the live sampled bytes per allocation
// stack, and `snapshot` requests (a worker thread's heap snapshot). Protocol: one JSON object per line, both ways.
//
// Promises: it never keeps the app alive (the socket is unref'd), opens no
// port, throws nothing into the app, and changes no behaviour of the app
// beyond wrapping net.Server.prototype.listen to learn the port.
'use strict';

(function leakcheckAgent() {
  const sockPath = process.env.LEAKCHECK_AGENT_SOCK;
  if (!sockPath) return;
  // Children of the target (cluster workers, child_process.fork, npm's
  // node) inherit NODE_OPTIONS or execArgv, and worker threads run --require
  // preloads too: each isolate connects on its own and says which process
  // and thread it is. The harness samples them all; the heap of the service
  // is their sum.
  let net, v8, vm, threadId = 0;
  try {
    net = require('net');
    v8 = require('v8');
    vm = require('vm');
    threadId = require('worker_threads').threadId | 0;
  } catch (e) {
    return;
  }

  // --expose-gc is not allowed in NODE_OPTIONS on every Node version; this
  // gets a gc function either way without exposing it to the app's global.
  let gc = typeof global.gc === 'function' ? global.gc : null;
  if (!gc) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc');
    } catch (e) {
      gc = null;
    }
  }

  // Worker threads of this process, counted from the main thread: a thread
  // whose own agent never answers (a pool blocking in Atomics.wait between
  // tasks runs no event loop) is then at least known to exist.
  let liveWorkers = 0;
  if (threadId === 0) {
    try {
      process.on('worker', (w) => {
        liveWorkers++;
        w.once('exit', () => { liveWorkers--; });
      });
    } catch (e) { /* older node: no 'worker' event */ }
  }

  const ports = new Set();
  let sock = null;
  let queue = [];

  function send(obj) {
    const line = JSON.stringify(obj) + '\n';
    if (sock && !sock.connecting) {
      try { sock.write(line); } catch (e) { /* harness gone: ignore */ }
    } else {
      queue.push(line);
    }
  }

  function reportPort(server) {
    try {
      const addr = server.address();
      if (addr && typeof addr === 'object' && addr.port && !ports.has(addr.port)) {
        ports.add(addr.port);
        send({ type: 'listen', pid: process.pid, thread: threadId, port: addr.port, address: addr.address });
      }
    } catch (e) { /* never disturb the app */ }
  }

  const origListen = net.Server.prototype.listen;
  net.Server.prototype.listen = function leakcheckListen(...args) {
    this.once('listening', () => reportPort(this));
    return origListen.apply(this, args);
  };

  function resourceCounts() {
    const counts = {};
    if (typeof process.getActiveResourcesInfo !== 'function') return counts;
    for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] || 0) + 1;
    // Our own connection to the harness is not the app's resource.
    if (counts.PipeWrap) {
      counts.PipeWrap -= 1;
      if (!counts.PipeWrap) delete counts.PipeWrap;
    }
    return counts;
  }

  // Full GCs until heapUsed stops falling (at most 6), yielding to the event
  // loop between rounds so FinalizationRegistry callbacks and weak callbacks run.
  function collect(done) {
    let rounds = 0;
    let last = Infinity;
    const resources = resourceCounts(); // before our own setImmediate calls
    function round() {
      if (gc) { gc(); gc(); }
      rounds++;
      const used = process.memoryUsage().heapUsed;
      if (gc && rounds < 6 && used < last - 1024) {
        last = used;
        setImmediate(round);
        return;
      }
      done(rounds, resources);
    }
    round();
  }

  function sample(id) {
    collect((rounds, resources) => {
      const mem = process.memoryUsage();
      const hs = v8.getHeapStatistics();
      send({
        type: 'sample', id, pid: process.pid, thread: threadId, gc: !!gc, gc_rounds: rounds,
        workers: liveWorkers,
        memory: mem,
        heap: {
          total_heap_size: hs.total_heap_size,
          used_heap_size: hs.used_heap_size,
          heap_size_limit: hs.heap_size_limit,
          malloced_memory: hs.malloced_memory,
          external_memory: hs.external_memory,
          number_of_native_contexts: hs.number_of_native_contexts,
          number_of_detached_contexts: hs.number_of_detached_contexts,
        },
        resources,
      });
    });
  }

  // The sampling heap profiler: start, take (live samples only: V8 drops the
  // samples of collected objects), stop. A take is sent as the largest
  // allocation stacks, each [selfSize, [[function, url, line, column], ...]]
  // innermost frame first, lines and columns 1-based.
  let session = null;
  const MAX_SITES = 200, MAX_FRAMES = 12; // ~250 KB at most: under the 1 MiB line limit
  // (V8 gives each frame the position of its function, not of the allocation.)
  function flatten(head) {
    const out = [];
    const path = [];
    (function walk(node) {
      const f = node.callFrame || {};
      const url = f.url || '';
      // the agent's own allocations (this reply) are not the app's
      if (url === __filename || url === 'file://' + __filename) return;
      path.push([f.functionName || '', url, (f.lineNumber | 0) + 1, (f.columnNumber | 0) + 1]);
      if (node.selfSize > 0) out.push([node.selfSize, path.slice(-MAX_FRAMES).reverse()]);
      for (const c of node.children || []) walk(c);
      path.pop();
    })(head);
    out.sort((a, b) => b[0] - a[0]);
    return out.slice(0, MAX_SITES);
  }
  function profile(msg) {
    const reply = (obj) => send(Object.assign({ type: 'profile', id: msg.id, pid: process.pid, thread: threadId }, obj));
    const done = (err, res) => {
      if (err) return reply({ error: String(err.message || err) });
      if (msg.op === 'take') return reply({ sites: flatten(res.profile.head) });
      return reply({ ok: true });
    };
    try {
      if (!session) {
        session = new (require('inspector').Session)();
        session.connect();
      }
      if (msg.op === 'start') {
        session.post('HeapProfiler.startSampling',
          { samplingInterval: Math.max(64, msg.interval | 0 || 32768) }, done);
      } else if (msg.op === 'take') {
        session.post('HeapProfiler.getSamplingProfile', done);
      } else {
        session.post('HeapProfiler.stopSampling', done);
      }
    } catch (e) {
      reply({ error: 'no inspector session: ' + String(e.message || e) });
    }
  }

  // A heap snapshot of this isolate, written by the isolate itself: the
  // snapshot signal only ever reaches a process's main thread, and a worker
  // thread's heap (the one that grows in a worker pool) is its own. The
  // write is synchronous and blocks this thread only; the harness gives the
  // path (node's Heap.*.<pid>.* pattern, so a partial file is cleaned up).
  function snapshot(msg) {
    const reply = (obj) => send(Object.assign({ type: 'snapshot', id: msg.id, pid: process.pid, thread: threadId }, obj));
    try {
      if (typeof v8.writeHeapSnapshot !== 'function') throw new Error('node ' + process.version + ' has no v8.writeHeapSnapshot');
      reply({ file: v8.writeHeapSnapshot(String(msg.path)) });
    } catch (e) {
      reply({ error: String(e.message || e) });
    }
  }

  function onMessage(line) {
    let msg;
    try { msg = JSON.parse(line); } catch (e) { return; }
    if (msg && msg.type === 'sample') sample(msg.id);
    if (msg && msg.type === 'profile') profile(msg);
    if (msg && msg.type === 'snapshot') snapshot(msg);
    if (msg && msg.type === 'bye') released = true;
  }

  // The harness's socket closing without a "bye" means leakcheck died (kill
  // -9, a CI timeout, the OOM killer): this process goes too, so no server is
  // left on its port under init, whatever wrapper started it (npm, a shell
  // that did not exec). Only the main thread does it: a worker thread's
  // connection ends with the thread.
  let connected = false, released = false;
  function onHarnessGone() {
    sock = null;
    if (!connected || released || threadId !== 0) return;
    try { process.kill(process.pid, 'SIGKILL'); } catch (e) { /* nothing to do */ }
  }

  try {
    sock = net.createConnection(sockPath);
    sock.unref();
    sock.setEncoding('utf8');
    let buf = '';
    sock.on('connect', () => {
      connected = true;
      send({
        type: 'hello', pid: process.pid, ppid: process.ppid, thread: threadId,
        node: process.version, argv: process.argv, gc: !!gc,
      });
      for (const line of queue) sock.write(line);
      queue = [];
    });
    sock.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        onMessage(line);
      }
    });
    sock.on('error', () => { sock = null; });
    sock.on('close', onHarnessGone);
  } catch (e) { /* no harness: stay silent */ }
})();
