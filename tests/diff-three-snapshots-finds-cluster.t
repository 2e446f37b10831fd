#!/bin/sh
# Three snapshots of one process: N objects leaked between S1 and S2 into a
# module-level Map (plus garbage that dies) form the top cluster, with the
# right class, count N, and a path naming the Map's variable.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
"$LEAKCHECK" diff --help >/dev/null 2>&1 || skip_all "leakcheck diff not available"

cat >"$TMP/leak.js" <<'JS'
const v8 = require('v8');
const dir = process.argv[2];
class CartEntry { constructor(i) { this.i = i; this.items = [i, i + 1]; } }
const carts = new Map();
let garbage = [];
function handle(i) { carts.set('c' + i, new CartEntry(i)); garbage.push({ tmp: 'x' + i }); }
globalThis.handle = handle;
for (let i = 0; i < 100; i++) handle(i);
garbage = [];
v8.writeHeapSnapshot(dir + '/s1.heapsnapshot');
for (let i = 100; i < 500; i++) handle(i);   // N = 400 between S1 and S2
garbage = [];
v8.writeHeapSnapshot(dir + '/s2.heapsnapshot');
for (let i = 500; i < 600; i++) handle(i);
garbage = [];
v8.writeHeapSnapshot(dir + '/s3.heapsnapshot');
JS
node "$TMP/leak.js" "$TMP"
ok $? "node wrote three snapshots"
"$LEAKCHECK" diff --json --requests 400 "$TMP/s1.heapsnapshot" "$TMP/s2.heapsnapshot" \
    "$TMP/s3.heapsnapshot" >"$TMP/out.json" 2>"$TMP/err"
ok $? "diff exits 0"
q() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const c = j.leaks.clusters[0] || {};
  console.log(eval(process.argv[2]));' "$TMP/out.json" "$1"; }
is "$(q 'c.class')" CartEntry "top cluster is CartEntry"
is "$(q 'c.count')" 400 "cluster count is N"
is "$(q 'c.count_per_request')" 1 "one object per request"
is "$(q '/carts \(Map\)/.test(c.path)')" true "path names the Map variable"
is "$(q 'c.retained_bytes > c.self_bytes')" true "retained includes the items arrays"
is "$(q 'j.leaks.clusters.filter((x) => x.class === "Array" || x.class === "(system)").length')" 0 \
   "the leaked objects' arrays are not clusters of their own"
is "$(q 'j.classes.find((x) => x.name === "CartEntry").count_delta')" 500 "comparison S1→S3 counts +500"

# without --requests (and no profiles file) the per-request figures are
# unknown: left out of the text, null in JSON, never printed as zeros
"$LEAKCHECK" diff "$TMP/s1.heapsnapshot" "$TMP/s2.heapsnapshot" "$TMP/s3.heapsnapshot" >"$TMP/noreq.txt"
ok $? "diff without --requests exits 0"
like "$TMP/noreq.txt" '^ 1\. CartEntry: 400 objects, [0-9]+ bytes retained, [0-9]+ self$' "clusters without per-request figures"
unlike "$TMP/noreq.txt" '/request|0 requests' "no per-request zeros"
"$LEAKCHECK" diff --json "$TMP/s1.heapsnapshot" "$TMP/s2.heapsnapshot" "$TMP/s3.heapsnapshot" >"$TMP/out.json"
is "$(q 'c.count_per_request')" null "JSON: count_per_request null without --requests"

"$LEAKCHECK" diff "$TMP/s1.heapsnapshot" "$TMP/s2.heapsnapshot" >"$TMP/out.txt"
ok $? "two-snapshot diff exits 0"
like "$TMP/out.txt" 'CartEntry' "comparison lists CartEntry"
done_testing
