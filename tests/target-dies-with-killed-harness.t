#!/bin/sh
# target-dies-with-killed-harness.t — kill -9 of leakcheck (a CI timeout, the
# OOM killer, a cancelled job) gives it no teardown. The target must not
# stay on its port under init: with `npm start` (npm's node runs ours) and
# with a shell wrapper that does not exec, every process the run started is
# gone within 3 s (the agent ends its process when leakcheck's socket closes
# without a "bye"; the direct child has PR_SET_PDEATHSIG).
. "$(dirname "$0")/lib.sh"
same_paths_under_asan
test_mark

cat >"$TMP/server.js" <<'JS'
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/package.json" <<'JSON'
{ "name": "killed-harness", "version": "1.0.0", "private": true,
  "scripts": { "start": "node server.js" } }
JSON
cat >"$TMP/wrapper.sh" <<'SH'
node server.js
echo "server ended"
SH
for variant in npm wrapper; do
    case $variant in
    npm) cmd="npm start" ;;
    wrapper) cmd="sh wrapper.sh" ;;
    esac
    cat >"$TMP/s.ini" <<INI
[target]
command = $cmd
[load]
warmup = 20
step = 2000
rate = 200
max_requests = 1000000
max_duration = 120s
[endpoint "root"]
path = /
INI
    rm -rf "$TMP/run"
    "$LEAKCHECK" run --output-dir "$TMP/run" "$TMP/s.ini" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    i=0 # until load runs: the warm-up sample is in samples.csv
    while [ "$(cat "$TMP/run/samples.csv" 2>/dev/null | wc -l)" -lt 2 ] && [ $i -lt 300 ]; do
        sleep 0.1; i=$((i + 1))
    done
    [ "$(marked_procs | wc -l)" -ge 2 ]; ok $? "$variant: the target runs under load ($(marked_procs | wc -l) processes)"
    pgrep -P $pid >/dev/null; ok $? "$variant: leakcheck has its child"
    kill -9 $pid
    wait $pid 2>/dev/null
    wait_no_marked 3; ok $? "$variant: nothing the run started is left 3 s after kill -9 of leakcheck"
done
done_testing
