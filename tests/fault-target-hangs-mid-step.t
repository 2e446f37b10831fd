#!/bin/sh
# fault-target-hangs-mid-step.t — a target that stops answering in the middle
# of a measurement step (its event loop spins forever) is a finding: exit 1
# with a reason that says requests timed out / the target stopped answering,
# the samples taken so far kept, later endpoints not run (a hung target cannot
# measure them), no process left, and the whole run bounded by the configured
# timeouts (timeout = 1s, sample_timeout = 3s), not by step × timeout.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/hang.js" <<'JS'
let n = 0;
require('http').createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  if (++n === 350) { while (true) {} } // warm-up 100 + 2 steps of 100, then mid-step 3
  res.end('x');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/hang.ini" <<'INI'
[target]
command = node hang.js
ready_path = /health
sample_timeout = 3s
shutdown_grace = 1s
[load]
concurrency = 4
warmup = 100
step = 100
steps = 6
timeout = 1s
[endpoint "hangs mid-step"]
path = /work
[endpoint "after the hang"]
path = /other
INI
t0=$(date +%s)
run_scenario "$TMP/hang.ini"
elapsed=$(( $(date +%s) - t0 ))
is "$status" 1 "exit status 1"
like "$TMP/out" "^not ok 1 - hangs mid-step" "the hanging endpoint is not ok"
like "$TMP/out" '^  reason: ".*(timed out|stopped answering|not answering)' \
    "the reason says the target stopped answering / requests timed out"
like "$TMP/out" "^not ok 2 - after the hang" "the later endpoint is not ok"
like "$TMP/out" '^  reason: "not run: ' "... and reported not run: a hung target cannot measure it"
tap_valid "$TMP/out"; ok $? "TAP is valid"
[ "$(grep -c '^"hangs mid-step",\(baseline\|step\)' "$TMP/run/samples.csv")" -ge 3 ]
ok $? "the baseline and the steps before the hang are in samples.csv"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/run/report.json"
ok $? "report.json parses"
no_orphans; ok $? "no orphans"
[ "$elapsed" -le 30 ]; ok $? "the run ended within 30 s (took $elapsed s)"
done_testing
