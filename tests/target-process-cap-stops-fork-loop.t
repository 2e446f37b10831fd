#!/bin/sh
# target-process-cap-stops-fork-loop.t — processes without bound. A service
# that starts 50 helpers is measured and all 51 are torn down; a fork loop
# before ready, and one per request under load, are stopped at
# [target] max_processes with a message that says so (125 before ready, 1
# with cause "processes" under load), and nothing is left running.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
test_mark

cat >"$TMP/fifty.js" <<'JS'
const { spawn } = require('child_process');
for (let i = 0; i < 50; i++) spawn('sleep', ['600'], { stdio: 'ignore' });
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/bomb.js" <<'JS'
const { spawn } = require('child_process');
setInterval(() => { for (let i = 0; i < 20; i++) spawn('sleep', ['600'], { stdio: 'ignore' }); }, 10);
JS
cat >"$TMP/perreq.js" <<'JS'
const { spawn } = require('child_process');
require('http').createServer((req, res) => {
  spawn('sleep', ['600'], { stdio: 'ignore' });
  res.end('ok');
}).listen(process.env.PORT, '127.0.0.1');
JS
scenario() { # scenario SCRIPT [MAX]
    cat >"$TMP/s.ini" <<INI
[target]
command = node $1
ready_timeout = 20s
${2:+max_processes = $2}
[load]
warmup = 200
step = 300
steps = 4
[snapshots]
mode = never
[endpoint "root"]
path = /
INI
    rm -rf "$TMP/run"
    run_scenario "$TMP/s.ini"
}

scenario fifty.js
is "$status" 0 "50 helper processes: measured"
wait_no_marked 0; ok $? "all 51 processes are torn down"

t0=$(date +%s)
scenario bomb.js 100
is "$status" 125 "a fork loop before ready: cannot start"
like "$TMP/err" 'target was stopped: [0-9]+ processes, over \[target\] max_processes = 100 \(a fork loop\?\) before it was ready' \
    "the message names the cap"
[ $(( $(date +%s) - t0 )) -lt 15 ]; ok $? "stopped before the ready timeout"
wait_no_marked 0; ok $? "nothing of the fork loop is left"

scenario perreq.js 64
is "$status" 1 "a process per request under load: fails"
like "$TMP/out" '^  cause: processes$' "cause: processes"
like "$TMP/out" '^  reason: "target forked without bound during .*: was stopped: [0-9]+ processes, over \[target\] max_processes = 64' \
    "the reason names the cap"
wait_no_marked 0; ok $? "nothing of it is left"
done_testing
