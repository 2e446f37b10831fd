#!/bin/sh
# target-daemonizing-launcher-is-measured.t — a command that starts the
# server in the background and exits 0 (`setsid node server.js`, which forks
# because the command leads its process group; `node server.js &` in a
# shell) is measured through the server it left running: the leak in it is
# found, the report says the command daemonized, and teardown reaches the
# server; its crash is the target's. A launcher that exits 0 leaving nothing
# still exits 125.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
command -v setsid >/dev/null || skip_all "setsid not installed"
same_paths_under_asan
test_mark

cat >"$TMP/server.js" <<'JS'
const kept = [];
require('http').createServer((req, res) => {
  if (process.env.LEAK) kept.push('x'.repeat(400) + kept.length);
  res.end('ok');
}).listen(process.env.PORT, '127.0.0.1');
JS
for variant in setsid background; do
    case $variant in
    setsid) cmd="setsid node server.js" ;;
    background) cmd="node server.js &" ;;
    esac
    cat >"$TMP/s.ini" <<INI
[target]
command = $cmd
env = LEAK=1
[load]
warmup = 500
step = 1000
steps = 6
[snapshots]
mode = never
[endpoint "root"]
path = /
INI
    rm -rf "$TMP/run"
    run_scenario "$TMP/s.ini"
    is "$status" 1 "$variant: the leak in the daemon is found"
    like "$TMP/out" '^  reason: "heap grows [0-9.]+ B/request' "$variant: on the heap"
    like "$TMP/out" '^# the command exited 0 and left its server running \(it daemonized\): measured through pid [0-9]+' \
        "$variant: TAP says the command daemonized"
    is "$(json_get "$TMP/run/report.json" 'r["target"]["daemonized"]')" True "$variant: report.json target.daemonized"
    wait_no_marked 0; ok $? "$variant: the daemon is torn down"
done

# the daemon crashing mid-run is the target crashing
cat >"$TMP/crash.js" <<'JS'
let n = 0;
require('http').createServer((req, res) => {
  if (++n === 1500) process.exit(3);
  res.end('ok');
}).listen(process.env.PORT, '127.0.0.1');
JS
sed -e 's|^command = .*|command = setsid node crash.js|' "$TMP/s.ini" >"$TMP/crash.ini"
rm -rf "$TMP/run"
run_scenario "$TMP/crash.ini"
is "$status" 1 "the daemon crashing under load fails the run"
like "$TMP/out" '^  reason: "target crashed during .*: exited with status 3' "with the daemon's exit status"

cat >"$TMP/gone.ini" <<'INI'
[target]
command = node -e 0
ready_timeout = 5s
[endpoint "root"]
path = /
INI
rm -rf "$TMP/run"
run_scenario "$TMP/gone.ini"
is "$status" 125 "a command that exits 0 leaving nothing cannot start"
like "$TMP/err" 'target exited with status 0 before it was ready' "and says so"
done_testing
