#!/bin/sh
# fault-sigint-mid-snapshot.t — Ctrl-C while the target is writing a big heap
# snapshot (its event loop busy in the snapshot): exit 130, the target torn
# down anyway (SIGTERM, then SIGKILL after the grace period), the partial
# report printed and written (TAP valid, report.json parses), node's partial
# snapshot file removed, no orphans. Snapshots are taken in the explain phase,
# after the verdict: the endpoint keeps its verdict and the report says the
# explanation was interrupted.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/big.js" <<'JS'
const big = [];
for (let i = 0; i < 300000; i++) big.push({ i, s: 'v' + i }); // a snapshot of seconds
require('http').createServer((req, res) => res.end('x')).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/big.ini" <<'INI'
[target]
command = node big.js
shutdown_grace = 2s
[load]
concurrency = 2
warmup = 50
step = 100
steps = 4
[snapshots]
mode = always
timeout = 120s
[endpoint "big heap"]
path = /
INI
for variant in plain stubborn; do
rm -rf "$TMP/run"
if [ $variant = stubborn ]; then # a target that ignores SIGTERM: SIGKILL after the grace period
    sed -i '1i process.on("SIGTERM", () => {});' "$TMP/big.js"
fi
"$LEAKCHECK" run --output-dir "$TMP/run" "$TMP/big.ini" >"$TMP/out" 2>"$TMP/err" &
pid=$!
# wait for node's snapshot file to appear in the run dir, i.e. mid-write
i=0
while ! ls "$TMP/run/snapshots/" 2>/dev/null | grep -q '^Heap\..*\.heapsnapshot$' && [ $i -lt 600 ]; do
    sleep 0.05; i=$((i + 1))
done
ls "$TMP/run/snapshots/" | grep -q '^Heap\.'; ok $? "$variant: a snapshot was being written when SIGINT came"
t0=$(date +%s)
kill -INT $pid
wait $pid
status=$?
elapsed=$(( $(date +%s) - t0 ))
is "$status" 130 "$variant: exit status 130"
[ "$elapsed" -le 10 ]; ok $? "$variant: ended within 10 s of SIGINT (took $elapsed s)"
like "$TMP/out" "^(not )?ok 1 - big heap" "$variant: the endpoint is reported"
like "$TMP/out" 'snapshot_error: ".*interrupted' "$variant: snapshot_error says interrupted"
tap_valid "$TMP/out"; ok $? "$variant: TAP is valid"
python3 -c 'import json,sys; r = json.load(open(sys.argv[1])); assert r["fatal"].startswith("interrupted") and r["interrupted_by"] == 2, r["fatal"]' \
    "$TMP/run/report.json"
ok $? "$variant: report.json exists, parses and says interrupted"
! ls "$TMP/run/snapshots/" | grep -q '^Heap\.'; ok $? "$variant: node's partial snapshot is not left behind"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/run/junit.xml"
ok $? "$variant: junit.xml parses"
no_orphans; ok $? "$variant: no orphans"
done
done_testing
