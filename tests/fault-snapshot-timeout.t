#!/bin/sh
# fault-snapshot-timeout.t — a heap snapshot that does not arrive within
# [snapshots] timeout never fails the run: the endpoints are measured and
# judged by memory as usual, and the report says why there is no explanation
# (snapshot_error in the TAP YAML and report.json; explain_error for an
# endpoint whose explanation was wanted).
#
# Two ways to lose the snapshot:
#  A. the target never writes one: node_flags moves node's snapshot signal
#     away from SIGUSR2 (the last --heapsnapshot-signal wins) and the app
#     ignores SIGUSR2. (process.on('SIGUSR2') alone does NOT stop node's
#     snapshot: both run.)
#  B. the snapshot is still being written when the 100 ms timeout passes
#     (a heap of 600k objects).
. "$(dirname "$0")/lib.sh"

cat >"$TMP/leaky.js" <<'JS'
process.on('SIGUSR2', () => {});
const log = [];
const big = [];
for (let i = 0; i < +(process.env.BIG || 0); i++) big.push({ i, s: 'v' + i });
require('http').createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  if (req.url === '/leak') log.push({ url: req.url, at: Date.now(), pad: 'p'.repeat(200) + log.length });
  res.end('x');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/never.ini" <<'INI'
[target]
command = node leaky.js
ready_path = /health
node_flags = --heapsnapshot-signal=SIGPWR
[load]
concurrency = 4
warmup = 200
step = 500
steps = 4
[budget]
heap = 64B
[snapshots]
mode = always
timeout = 500ms
[endpoint "leaks 300 B per request"]
path = /leak
[endpoint "clean"]
path = /clean
INI
t0=$(date +%s)
run_scenario "$TMP/never.ini"
elapsed=$(( $(date +%s) - t0 ))
is "$status" 1 "A: exit status 1, judged by memory"
like "$TMP/out" '^not ok 1 - leaks 300 B per request' "A: the leaking endpoint fails"
like "$TMP/out" '^  reason: "heap grows' "A: ... on its heap growth"
like "$TMP/out" '^ok 2 - clean' "A: the clean endpoint passes"
like "$TMP/out" '^  snapshot_error: "no heap snapshot from pid [0-9]+ within' \
    "A: TAP YAML says the snapshot did not come"
like "$TMP/out" '^  snapshot_error: ".* within (0\.5 s|500 ?ms)' \
    "A: ... and names the 500 ms timeout (not '0 s')"
like "$TMP/out" '^  explain_error: "no explanation: 0 of 3 snapshots taken' \
    "A: explain_error says why the failing endpoint has no explanation"
tap_valid "$TMP/out"; ok $? "A: TAP is valid"
python3 - "$TMP/run/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
eps = r["endpoints"]
assert all(isinstance(e.get("snapshot_error"), str) and e["snapshot_error"] for e in eps), eps
PY
ok $? "A: report.json has snapshot_error for both endpoints"
[ "$elapsed" -le 30 ]; ok $? "A: the timeouts did not stall the run (took $elapsed s)"
no_orphans; ok $? "A: no orphans"

sed -e 's/^node_flags.*$/env = BIG=600000/' -e 's/^timeout = 500ms/timeout = 100ms/' \
    -e '/^\[endpoint "clean"\]/,$d' "$TMP/never.ini" >"$TMP/slow.ini"
rm -rf "$TMP/run"
run_scenario "$TMP/slow.ini"
is "$status" 1 "B: exit status 1, judged by memory"
like "$TMP/out" '^  reason: "heap grows' "B: the endpoint fails on its heap growth"
like "$TMP/out" '^  snapshot_error: "no heap snapshot from pid [0-9]+ within' \
    "B: TAP YAML says the snapshot was not complete in time"
tap_valid "$TMP/out"; ok $? "B: TAP is valid"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/run/report.json"
ok $? "B: report.json parses"
no_orphans; ok $? "B: no orphans (the target was stopped mid-snapshot)"
done_testing
