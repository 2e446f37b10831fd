#!/bin/sh
# Retainer paths say where in the source their holders are: a closure shows
# its file and line (the snapshot's locations, its script's name), a
# CommonJS module its file from node_modules/ on, never a bare
# "[1] (Module)".
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"

mkdir -p "$TMP/node_modules/memstore"
cat >"$TMP/node_modules/memstore/index.js" <<'JS'
class StoreEntry { constructor(i) { this.i = i; } }
exports.items = [];
exports.add = (i) => exports.items.push(new StoreEntry(i));
JS
cat >"$TMP/app.js" <<'JS'
class SessionRecord { constructor(i) { this.i = i; } }
const sessions = new Map();
for (let i = 0; i < 3000; i++) sessions.set(i, new SessionRecord(i));
globalThis.lookup = (k) => sessions.get(k);
const store = require('memstore');
for (let i = 0; i < 2000; i++) store.add(i);
globalThis.loaded = module.children.slice(); // the Module reached by index
require('./snap.js')(process.argv[2]);
JS
# written from another module, after app.js has returned: app.js's context
# is then held by the closure only, not by the stack
cat >"$TMP/snap.js" <<'JS'
module.exports = (file) => setImmediate(() => require('v8').writeHeapSnapshot(file));
JS
(cd "$TMP" && node app.js a.heapsnapshot)
ok $? "node wrote a snapshot"
"$LEAKCHECK" analyze --json --top 100000 "$TMP/a.heapsnapshot" >"$TMP/out.json"
ok $? "analyze exits 0"
node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1]));
  for (const n of ["SessionRecord", "StoreEntry"])
    console.log(n + ": " + j.classes.find((c) => c.name === n).path);' "$TMP/out.json" >"$TMP/got"
cat "$TMP/got" | sed 's/^/# /'
like "$TMP/got" '^SessionRecord: .*lookup \(Function\) at [^ ]*app\.js:4:[0-9]+ → \{context\} \(system / Context\) → sessions \(Map\)' \
    "the closure holding sessions shows app.js:4"
like "$TMP/got" '^StoreEntry: .*\(Module\)( at)? [^ ]*node_modules/memstore/index\.js' \
    "the module holding the entries shows node_modules/memstore/index.js"
unlike "$TMP/got" '^StoreEntry: .*\[[0-9]+\] \(Module\)( →|$)' "no bare [n] (Module)"
(cd "$TMP" && "$LEAKCHECK" analyze --json --top 100000 a.heapsnapshot) >"$TMP/rel.json"
like "$TMP/rel.json" 'at app\.js:4:' "under the current directory the path is relative"
done_testing
