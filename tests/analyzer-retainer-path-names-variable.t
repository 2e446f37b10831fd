#!/bin/sh
# The shortest retainer path shows closure variable names and property names,
# not internal slots: a module-level `const sessions = new Map()` reached
# through a closure's context, and a global array.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
"$LEAKCHECK" analyze --help >/dev/null 2>&1 || skip_all "leakcheck analyze not available"

cat >"$TMP/app.js" <<'JS'
class SessionRecord { constructor(i) { this.i = i; } }
const sessions = new Map();
for (let i = 0; i < 3000; i++) sessions.set(i, new SessionRecord(i));
globalThis.lookup = (k) => sessions.get(k);   // a closure keeps the context alive
require('v8').writeHeapSnapshot(process.argv[2]);
JS
node "$TMP/app.js" "$TMP/a.heapsnapshot"
ok $? "node wrote a snapshot"
"$LEAKCHECK" analyze --json --top 100000 "$TMP/a.heapsnapshot" >"$TMP/out.json"
ok $? "analyze exits 0"
node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const c = j.classes.find((c) => c.name === "SessionRecord");
  console.log(c.count); console.log(c.path);' "$TMP/out.json" >"$TMP/got"
is "$(head -1 "$TMP/got")" 3000 "3000 SessionRecord objects"
like "$TMP/got" 'sessions \(Map\)' "path names the closure variable 'sessions'"
like "$TMP/got" '\(SessionRecord\)$' "path ends at the object"
unlike "$TMP/got" '\{[0-9]+\} \(system / Context\) → \{' "no unnamed slot right after the context"
done_testing
