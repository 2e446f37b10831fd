// supervisor-clean-env — a process supervisor the way small deployments write
// one: it starts the server with a clean, explicit environment (PATH, PORT,
// NODE_ENV and nothing else, so no stray variables leak into production),
// restarts it when it crashes and passes SIGTERM on. The server keeps ~200 B
// per request in a module-level list. Because the environment is rebuilt,
// NODE_OPTIONS (where leakcheck puts its agent) does not reach the server:
// the process that answers requests runs unmeasured, and leakcheck must say so.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

let child = null;
let stopping = false;

function start() {
  child = spawn(process.execPath, [path.join(__dirname, 'server.js')], {
    env: { PATH: process.env.PATH, PORT: process.env.PORT, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  child.on('exit', (code, sig) => {
    if (stopping) return process.exit(0);
    console.error(`server exited (${sig || code}), restarting in 1 s`);
    setTimeout(start, 1000);
  });
}

process.on('SIGTERM', () => {
  stopping = true;
  if (child) child.kill('SIGTERM');
  else process.exit(0);
});

start();
