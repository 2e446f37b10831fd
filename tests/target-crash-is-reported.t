#!/bin/sh
# target-crash-is-reported.t — a target that crashes under load is a finding:
# exit 1, the endpoint not ok with the cause, samples so far kept, no orphans.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/crash.js" <<'JS'
let n = 0;
require('http').createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  if (++n === 4000) process.abort();
  res.end('x');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/crash.ini" <<'INI'
[target]
command = node crash.js
ready_path = /health
[load]
concurrency = 4
warmup = 500
step = 1000
steps = 6
[endpoint "crashes after 4000"]
path = /work
[endpoint "never reached"]
path = /other
INI
run_scenario "$TMP/crash.ini"
is "$status" 1 "exit status 1"
like "$TMP/out" "^not ok 1 - crashes after 4000" "crashing endpoint not ok"
like "$TMP/out" 'reason: "target crashed during (measurement step|sample): killed by signal 6' \
    "reason names the crash and the signal"
like "$TMP/out" "^not ok 2 - never reached" "later endpoint reported not run"
like "$TMP/out" 'reason: "not run: target crashed' "with the reason"
tap_valid "$TMP/out"; ok $? "TAP is valid"
[ "$(grep -c 'crashes after 4000' "$TMP/run/samples.csv")" -ge 2 ]
ok $? "samples measured before the crash are in samples.csv"
no_orphans; ok $? "no orphans"
done_testing
