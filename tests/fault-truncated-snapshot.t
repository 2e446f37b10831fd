#!/bin/sh
# fault-truncated-snapshot.t — a truncated heap snapshot is an input error,
# never a crash: `leakcheck analyze` / `diff` exit 2 with "FILE: offset N:"
# (N within the file), wherever the file was cut; and in a run, an endpoint
# whose snapshots are truncated is still judged by memory, with the parse
# error as its explain_error.
. "$(dirname "$0")/lib.sh"

cd "$TMP" || exit 1
node -e "globalThis.k = []; for (let i = 0; i < 1000; i++) k.push({ i, s: 's' + i });
require('v8').writeHeapSnapshot('real.heapsnapshot')" || skip_all "node cannot write a snapshot"
size=$(wc -c <real.heapsnapshot)
"$LEAKCHECK" analyze real.heapsnapshot >/dev/null 2>&1; is "$?" 0 "the whole snapshot analyzes"
for cut in 1 2 100 600 1500 $((size / 3)) $((size / 2)) $((size - 300)) $((size - 2)) $((size - 1)); do
    head -c $cut real.heapsnapshot >cut.heapsnapshot
    "$LEAKCHECK" analyze cut.heapsnapshot >out 2>err; st=$?
    is "$st" 2 "analyze, cut at $cut of $size: exit 2"
    n=$(sed -n 's/^leakcheck: cut.heapsnapshot: offset \([0-9]*\): .*/\1/p' err)
    [ -n "$n" ] && [ "$n" -le "$cut" ]; ok $? "analyze, cut at $cut: 'offset N' within the file (N=$n)"
    "$LEAKCHECK" diff real.heapsnapshot cut.heapsnapshot >out 2>err; st=$?
    is "$st" 2 "diff S1 CUT, cut at $cut: exit 2"
    like err "cut.heapsnapshot: offset [0-9]+: " "diff S1 CUT, cut at $cut: names the file and offset"
    "$LEAKCHECK" diff cut.heapsnapshot real.heapsnapshot real.heapsnapshot >out 2>err; st=$?
    is "$st" 2 "diff CUT S2 S3 (ids only), cut at $cut: exit 2"
    like err "offset [0-9]+: " "diff CUT S2 S3, cut at $cut: says the offset"
done
cd - >/dev/null || exit 1

# In a run: the target answers the snapshot signal itself, with a real
# snapshot cut in half under the name node would give it.
cat >"$TMP/trunc.js" <<'JS'
const fs = require('fs'), v8 = require('v8'), path = require('path');
let seq = 0;
process.on('SIGUSR2', () => {
  const tmp = v8.writeHeapSnapshot(path.join(process.cwd(), 'full.tmp'));
  const buf = fs.readFileSync(tmp);
  fs.unlinkSync(tmp);
  const d = new Date(), p = (n) => String(n).padStart(2, '0');
  const name = `Heap.${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}.` +
    `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.${process.pid}.0.` +
    `${String(++seq).padStart(3, '0')}.heapsnapshot`;
  fs.writeFileSync(path.join(process.cwd(), name), buf.subarray(0, buf.length >> 1));
});
const log = [];
require('http').createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  log.push({ url: req.url, pad: 'p'.repeat(200) + log.length });
  res.end('x');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/trunc.ini" <<'INI'
[target]
command = node trunc.js
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
mode = on-failure
timeout = 20s
[endpoint "leaks"]
path = /leak
INI
run_scenario "$TMP/trunc.ini"
is "$status" 1 "run: exit 1, judged by memory"
like "$TMP/out" '^  reason: "heap grows' "run: the endpoint fails on its heap growth"
like "$TMP/out" '^  explain_error: ".*heapsnapshot: offset [0-9]+: ' \
    "run: explain_error names the snapshot and the offset"
like "$TMP/err" "no explanation for leaks: .*offset [0-9]+" "run: stderr says why there is no explanation"
tap_valid "$TMP/out"; ok $? "run: TAP is valid"
python3 -c 'import json,sys; r = json.load(open(sys.argv[1])); assert "offset" in r["endpoints"][0]["explain_error"]' \
    "$TMP/run/report.json"
ok $? "run: report.json has the explain_error"
no_orphans; ok $? "run: no orphans"
done_testing
