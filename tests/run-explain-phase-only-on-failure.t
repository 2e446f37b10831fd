#!/bin/sh
# run-explain-phase-only-on-failure.t — snapshots cost only what fails.
#  A. Every endpoint passes: no .heapsnapshot anywhere (run dir, target cwd),
#     no explain-phase sample, no restart, and the requests sent are exactly
#     warm-up + measured (no extra step).
#  B. A service with a ~20 MB steady heap whose first endpoint leaks 8 KB per
#     request: it fails with an explanation from a fresh target, the leak
#     between snapshots is sized by the slope (the last snapshot at most 3x
#     the first, which is the service right after warm-up), and the clean
#     endpoint after it passes on a target that does not hold the leak.
#  C. The same with a snapshot timeout far shorter than the snapshot: no
#     explanation, said so; node's partial file is not left behind, and the
#     clean endpoint after it still passes (the frozen target is replaced).
. "$(dirname "$0")/lib.sh"

cat >"$TMP/app.js" <<'JS'
// a steady heap like a service with loaded config and caches
const steady = [];
for (let i = 0; i < 150000; i++) steady.push({ id: i, name: 'item-' + i, tags: ['a', 'b'] });
const kept = [];
let seq = 0;
require('http').createServer((req, res) => {
  if (req.url.startsWith('/leak')) kept.push(new Array(1024).fill(seq++)); // 8 KB each
  res.end('ok ' + steady.length);
}).listen(process.env.PORT, '127.0.0.1');
JS

cat >"$TMP/pass.ini" <<'INI'
[target]
command = node app.js
[budget]
heap = 256B
[endpoint "first clean"]
path = /a
[endpoint "second clean"]
path = /b
INI
run_scenario "$TMP/pass.ini"
is "$status" 0 "A: both clean endpoints pass"
n=$(find "$TMP" -name '*.heapsnapshot' | wc -l)
is "$n" 0 "A: no .heapsnapshot anywhere"
! grep -q '^"[^"]*",explain,' "$TMP/run/samples.csv"; ok $? "A: no explain-phase sample"
python3 - "$TMP/run/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["target"]["restarts"] == 0, r["target"]
for e in r["endpoints"]:
    assert e["explain"] is None and e["snapshots"] == [], e["name"]
    sent = sum(v for v in e["requests"]["status"].values())
    assert sent == e["warmup_requests"] + e["requests_measured"], (e["name"], sent)
PY
ok $? "A: report.json: no explain phase, no restart, requests = warm-up + measured"
rm -rf "$TMP/run"

cat >"$TMP/leak.ini" <<'INI'
[target]
command = node app.js
[budget]
heap = 256B
[endpoint "leaks 8 KB"]
path = /leak
[endpoint "clean after it"]
path = /clean
INI
run_scenario "$TMP/leak.ini"
is "$status" 1 "B: the run fails"
like "$TMP/out" '^not ok 1 - leaks 8 KB' "B: the leaking endpoint fails"
like "$TMP/out" '^ok 2 - clean after it$' "B: the clean endpoint after it passes"
like "$TMP/out" '^  clusters:$' "B: the leak is explained"
python3 - "$TMP/run/report.json" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
leak, clean = r["endpoints"]
x = leak["explain"]
assert x and 200 <= x["requests_between_snapshots"] <= 400, x
sizes = [os.path.getsize(p) for p in leak["snapshots"]]
assert len(sizes) == 3 and sizes[2] <= 3 * sizes[0], sizes
assert x["snapshot_bytes"] == sum(sizes), (x, sizes)
assert x["coverage"] is not None and x["coverage"] > 0.5, x
first = clean["samples"][0]["heap_used"]
assert first < x["heap_at_first_snapshot"] * 1.5, (first, x)
assert clean["explain"] is None and clean["snapshots"] == []
print("# snapshots", sizes, "coverage", x["coverage"], "explain", x["wall_s"], "s")
PY
ok $? "B: K sized by the slope, last snapshot <= 3x the first, coverage > 50%, the clean endpoint starts small"
# the run's allocation sites again from its files alone: `leakcheck diff`
# finds the profiles beside S3 and the requests between S1 and S2 in them
set -- $(python3 -c 'import json,sys; print(*json.load(open(sys.argv[1]))["endpoints"][0]["snapshots"])' "$TMP/run/report.json")
"$LEAKCHECK" diff "$1" "$2" "$3" --top 3 >"$TMP/diff.txt" 2>&1
ok $? "B: leakcheck diff of the three snapshots exits 0"
like "$TMP/diff.txt" '^Allocation sites \(sampling heap profiler, kept between S2 and S3; .*01-leaks-8-KB-allocations\.json\):$' \
    "B: diff finds the allocation profiles beside S3"
like "$TMP/diff.txt" '^ 1\. \(anonymous\) \([^ ]*app\.js:[0-9]+\): [0-9.]+ B/request \[app\]$' "B: diff names the allocating function in app.js"
unlike "$TMP/diff.txt" '; 0 requests$' "B: diff takes the requests between S1 and S2 from the profiles"
"$LEAKCHECK" diff "$1" "$2" "$3" --json >"$TMP/diff.json" 2>&1
python3 - "$TMP/diff.json" "$TMP/run/report.json" <<'PY'
import json, sys
d, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
e = r["endpoints"][0]
assert d["allocation_profiles"] == e["explain"]["allocation_profiles"], d["allocation_profiles"]
assert [s["function"] for s in d["allocation_sites"][:1]] == [s["function"] for s in e["allocation_sites"][:1]]
assert d["leaks"]["requests"] > 0, d["leaks"]["requests"]
PY
ok $? "B: diff --json: the run's top allocation site and its profiles file"
rm -rf "$TMP/run"

sed -i 's/^\[budget\]/[snapshots]\ntimeout = 100ms\n[budget]/' "$TMP/leak.ini"
run_scenario "$TMP/leak.ini"
is "$status" 1 "C: the run fails (on the leak)"
like "$TMP/out" '^ok 2 - clean after it$' "C: the clean endpoint after a timed-out snapshot passes"
like "$TMP/out" 'snapshot_error: "no heap snapshot from pid [0-9]+ within 0.1 s' "C: the timeout is said"
n=$(find "$TMP" -name 'Heap.*.heapsnapshot' | wc -l)
is "$n" 0 "C: node's partial snapshot is not left behind"
run_artifacts_ok
done_testing
