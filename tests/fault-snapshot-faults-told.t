#!/bin/sh
# fault-snapshot-faults-told.t — a snapshot that cannot be taken is said as
# what it is, the verdict stands (exit 1 for the leak), the next endpoint is
# measured on a fresh target, and every report is complete:
#  A. an app that follows nodemon's convention (process.once('SIGUSR2',
#     shutdown)) exits on the snapshot signal: the message names it and the
#     key to change; with [snapshots] signal = SIGPWR the leak is explained.
#  B. -o on a 3 MB file system (a tmpfs; skipped where mount is not
#     allowed): "not enough disk", no signal sent, no .heapsnapshot, no
#     0-byte or .tmp report.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/app.js" <<'JS'
// nodemon asks an app to restart with SIGUSR2; this app shuts down on it
process.once('SIGUSR2', () => { server.close(); process.exit(0); });
const kept = [];
const server = require('http').createServer((req, res) => {
  if (req.url.startsWith('/leak')) kept.push({ at: Date.now(), pad: new Array(64).fill(kept.length) });
  res.end('ok');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/a.ini" <<'INI'
[target]
command = node app.js
[endpoint "leaks"]
path = /leak
[endpoint "clean after it"]
path = /clean
INI
run_scenario "$TMP/a.ini"
is "$status" 1 "A: exit 1: the leak is still the finding"
like "$TMP/out" '^not ok 1 - leaks' "A: the leaking endpoint fails"
like "$TMP/out" 'snapshot_error: "the target exited with status 0 on the heap snapshot signal SIGUSR2: the app handles SIGUSR2 itself \(nodemon' \
    "A: the app's own SIGUSR2 handler is named"
like "$TMP/out" 'snapshot_error: ".*set \[snapshots\] signal = SIGPWR' "A: and the key to change"
like "$TMP/out" '^ok 2 - clean after it$' "A: the next endpoint runs on a fresh target and passes"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/run/report.json"; ok $? "A: report.json parses"
rm -rf "$TMP/run"

printf '[snapshots]\nsignal = SIGPWR\n' >>"$TMP/a.ini"
run_scenario "$TMP/a.ini"
is "$status" 1 "A: with signal = SIGPWR: exit 1"
like "$TMP/out" '^  clusters:$' "A: with signal = SIGPWR: the leak is explained"
like "$TMP/out" '^  reason: ".*; held by kept \(Array\)' "A: held by kept (Array)"
rm -rf "$TMP/run"

mkdir -p "$TMP/small"
if mount -t tmpfs -o size=3m tmpfs "$TMP/small" 2>/dev/null; then
    "$LEAKCHECK" run --output-dir "$TMP/small/run" "$TMP/a.ini" >"$TMP/out" 2>"$TMP/err"
    status=$?
    is "$status" 1 "B: full disk: exit 1 (the leak), not a crash"
    like "$TMP/out" 'snapshot_error: "not enough disk for heap snapshot 1: about .* needed, .* free in ' \
        "B: says there is not enough disk, and where"
    unlike "$TMP/out" 'crashed' "B: no 'target crashed'"
    n=$(find "$TMP/small" -name '*.heapsnapshot' | wc -l)
    is "$n" 0 "B: no snapshot file"
    n=$(find "$TMP/small" -name '*.tmp' | wc -l)
    is "$n" 0 "B: no .tmp file"
    for f in report.json junit.xml report.html; do
        [ -s "$TMP/small/run/$f" ]; ok $? "B: $f is not empty"
    done
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/small/run/report.json"
    ok $? "B: report.json parses"
    python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/small/run/junit.xml"
    ok $? "B: junit.xml parses"
    umount "$TMP/small"
else
    echo "# B skipped: cannot mount a tmpfs here"
fi
done_testing
