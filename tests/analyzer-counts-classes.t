#!/bin/sh
# `leakcheck analyze --json` on a snapshot Node wrote: 1000 LeakMarker objects
# held in globalThis.requestLog are counted, and the retainer path names it.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
"$LEAKCHECK" analyze --help >/dev/null 2>&1 || skip_all "leakcheck analyze not available"

node -e '
class LeakMarker { constructor(i) { this.i = i; } }
globalThis.requestLog = [];
for (let i = 0; i < 1000; i++) globalThis.requestLog.push(new LeakMarker(i));
require("v8").writeHeapSnapshot(process.argv[1]);
' "$TMP/a.heapsnapshot"
ok $? "node wrote a snapshot"

"$LEAKCHECK" analyze --json --top 100000 "$TMP/a.heapsnapshot" >"$TMP/out.json" 2>"$TMP/err"
ok $? "analyze exits 0"
q() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const c = j.classes.find((c) => c.name === "LeakMarker") || {};
  console.log(eval(process.argv[2]));' "$TMP/out.json" "$1"; }
is "$(q 'c.count')" 1000 "LeakMarker count is 1000"
is "$(q 'c.self_bytes > 0 && c.retained_bytes >= c.self_bytes')" true "LeakMarker sizes are plausible"
is "$(q 'j.nodes > 1000 && j.edges > j.nodes && j.strings > 0')" true "totals reported"
is "$(q '/requestLog \(Array\) → \[\d+\] \(LeakMarker\)$/.test(c.path)')" true "path names requestLog"

"$LEAKCHECK" analyze "$TMP/a.heapsnapshot" >"$TMP/out.txt"
ok $? "terminal output exits 0"
like "$TMP/out.txt" "^$TMP/a.heapsnapshot: [0-9]+ nodes, [0-9]+ edges" "terminal totals line"
done_testing
