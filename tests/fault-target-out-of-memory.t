#!/bin/sh
# fault-target-out-of-memory.t — a target that runs out of JavaScript heap
# under load (node_flags = --max-old-space-size=32, ~100 KB kept per request)
# is a finding, and the report says so: exit 1, the endpoint not ok with a
# reason naming the crash and "JavaScript heap out of memory" (whatever the
# requests in flight saw), samples so far kept, no orphans.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/oom.js" <<'JS'
const keep = [];
require('http').createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  const a = new Array(12500);
  for (let i = 0; i < a.length; i++) a[i] = { i }; // ~100 KB+ kept per request
  keep.push(a);
  res.end('x');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/oom.ini" <<'INI'
[target]
command = node oom.js
ready_path = /health
node_flags = --max-old-space-size=32
[load]
concurrency = 4
warmup = 20
step = 20
steps = 6
timeout = 5s
[endpoint "retains 100 KB per request"]
path = /work
INI
run_scenario "$TMP/oom.ini"
is "$status" 1 "exit status 1"
like "$TMP/run/target.log" "JavaScript heap out of memory" "the target did run out of heap"
like "$TMP/out" "^not ok 1 - retains 100 KB per request" "the endpoint is not ok"
like "$TMP/out" '^  reason: "target crashed during [a-z -]+: .*JavaScript heap out of memory' \
    "the reason names the crash and the heap running out"
like "$TMP/err" "heap out of memory" "so does the summary on stderr"
tap_valid "$TMP/out"; ok $? "TAP is valid"
[ "$(grep -c '^"retains 100 KB per request",\(baseline\|step\)' "$TMP/run/samples.csv")" -ge 2 ]
ok $? "samples measured before the crash are in samples.csv"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/run/report.json"
ok $? "report.json parses"
no_orphans; ok $? "no orphans"

# The same crash, deterministically at the end of a step: the last request of
# step 2 loses its connection, then the heap runs out while load_run has
# already counted that request as failed. The crash must still be the reason,
# not the one failed request ("1 of 40 requests failed").
cat >"$TMP/oom-late.js" <<'JS'
let n = 0;
require('http').createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  if (++n === 60) {
    res.destroy();
    const keep = [];
    setImmediate(() => { for (;;) keep.push(new Array(1e5).fill({})); });
    return;
  }
  res.end('x');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/oom-late.ini" <<'INI'
[target]
command = node oom-late.js
ready_path = /health
node_flags = --max-old-space-size=32
[load]
concurrency = 1
warmup = 20
step = 20
steps = 6
[endpoint "runs out of heap after a step"]
path = /work
INI
rm -rf "$TMP/run"
run_scenario "$TMP/oom-late.ini"
is "$status" 1 "late crash: exit status 1"
like "$TMP/run/target.log" "JavaScript heap out of memory" "late crash: the target did run out of heap"
like "$TMP/out" '^  reason: "target crashed during [a-z -]+: .*JavaScript heap out of memory' \
    "late crash: the reason is the crash, not the one request that failed"
no_orphans; ok $? "late crash: no orphans"
done_testing
