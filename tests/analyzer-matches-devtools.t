#!/bin/sh
# On a real snapshot, our node/edge counts, per-class counts, self sizes and
# retained sizes equal Chrome DevTools' own (heap-snapshot-toolkit, which
# bundles DevTools' heap_snapshot_worker). Needs `npm install` in tests/bench.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
[ -d "$TOP/tests/bench/node_modules/heap-snapshot-toolkit" ] ||
    skip_all "heap-snapshot-toolkit not installed (cd tests/bench && npm install)"
"$LEAKCHECK" analyze --help >/dev/null 2>&1 || skip_all "leakcheck analyze not available"

cat >"$TMP/app.js" <<'JS'
class Session { constructor(i) { this.id = i; this.tags = ['t' + i]; } }
const sessions = new Map(); const wm = new WeakMap(); const keys = [];
for (let i = 0; i < 2000; i++) {
  sessions.set('s' + i, new Session(i));
  const k = { k: i }; keys.push(k); wm.set(k, { v: 'value' + i });
}
globalThis.app = { sessions, wm, keys, handlers: keys.map((k) => () => k) };
require('v8').writeHeapSnapshot(process.argv[2]);
JS
node "$TMP/app.js" "$TMP/a.heapsnapshot"
ok $? "node wrote a snapshot"
(cd "$TOP/tests/bench" && node devtools-crosscheck.js "$TMP/a.heapsnapshot") >"$TMP/dt.json"
ok $? "DevTools code loaded the snapshot"
"$LEAKCHECK" analyze --json --top 1000000 "$TMP/a.heapsnapshot" >"$TMP/ours.json"
ok $? "leakcheck analyzed the snapshot"
node -e '
const fs = require("fs");
const dt = JSON.parse(fs.readFileSync(process.argv[1])), us = JSON.parse(fs.readFileSync(process.argv[2]));
const lines = [];
const eq = (a, b, what) => lines.push((a === b ? "ok" : "FAIL") + "\t" + what + "\t" + a + "\t" + b);
eq(us.nodes, dt.nodes, "nodes");
eq(us.edges, dt.edges, "edges");
eq(us.retained_total, dt.total_size, "total size");
const ours = {}; for (const c of us.classes) ours[c.key] = c;
eq(Object.keys(ours).length, Object.keys(dt.classes).length, "number of classes");
let bad = 0;
for (const [k, c] of Object.entries(dt.classes)) {
  const o = ours[k];
  if (!o || o.count !== c.count || o.self_bytes !== c.self || o.retained_bytes !== c.retained) {
    if (bad++ < 5) lines.push("DIFF\t" + k + "\t" + JSON.stringify(o || null) + "\t" + JSON.stringify(c));
  }
}
eq(bad, 0, "classes differing in count, self or retained size");
const top = Object.entries(dt.classes).sort((a, b) => b[1].retained - a[1].retained).slice(0, 20);
eq(top.every(([k, c]) => ours[k] && ours[k].retained_bytes === c.retained), true, "top 20 retained sizes");
console.log(lines.join("\n"));
' "$TMP/dt.json" "$TMP/ours.json" >"$TMP/cmp"
while IFS="$(printf '\t')" read -r st what a b; do
    case $st in
    ok) ok 0 "$what matches DevTools ($a)" ;;
    FAIL) ok 1 "$what matches DevTools (ours $a, DevTools $b)" ;;
    DIFF) echo "# $what: ours $a DevTools $b" ;;
    esac
done <"$TMP/cmp"
done_testing
