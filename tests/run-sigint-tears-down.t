#!/bin/sh
# run-sigint-tears-down.t — Ctrl-C (SIGINT) or SIGTERM mid-run: the target is
# torn down, the TAP report of what was measured is printed, exit 128+signal.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/slow.js" <<'JS'
require('http').createServer((req, res) => setTimeout(() => res.end('x'), 2))
  .listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/slow.ini" <<'INI'
[target]
command = node slow.js
[load]
concurrency = 2
warmup = 100
step = 300
steps = 100
[endpoint "slow"]
path = /
INI
for sig in INT TERM; do
    rm -rf "$TMP/run"
    "$LEAKCHECK" run --output-dir "$TMP/run" "$TMP/slow.ini" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    i=0
    while [ "$(cat "$TMP/run/samples.csv" 2>/dev/null | wc -l)" -lt 3 ] && [ $i -lt 200 ]; do
        sleep 0.1; i=$((i + 1))
    done
    kill -$sig $pid
    wait $pid
    status=$?
    want=130; [ $sig = TERM ] && want=143
    is "$status" "$want" "SIG$sig: exit status $want"
    like "$TMP/out" "^not ok 1 - slow" "SIG$sig: the endpoint is reported"
    like "$TMP/out" "interrupted by signal" "SIG$sig: reason says interrupted"
    tap_valid "$TMP/out"; ok $? "SIG$sig: TAP is valid"
    no_orphans; ok $? "SIG$sig: no orphans"
done
done_testing
