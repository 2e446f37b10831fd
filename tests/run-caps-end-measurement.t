#!/bin/sh
# run-caps-end-measurement.t — max_requests and max_duration end an endpoint's
# measurement even when the minimum number of steps is larger: the run never
# goes on past its caps; a measurement cut short before it could decide is
# inconclusive (passes unless strict).
. "$(dirname "$0")/lib.sh"
cat >"$TMP/app.js" <<'JS'
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/caps.ini" <<'INI'
[target]
command = node app.js
[load]
concurrency = 4
warmup = 100
step = 200
steps = 10000
max_requests = 1000
[snapshots]
mode = never
[budget]
heap = 1MiB                 ; the caps are under test here, not the verdict
[endpoint "by requests"]
path = /a/{{seq}}
[endpoint "by time"]
path = /b/{{seq}}
max_requests = 100000000
max_duration = 2s
INI
run_scenario "$TMP/caps.ini"
is "$status" 0 "exit 0 (inconclusive passes without strict)"
[ "$status" = 0 ] || sed "s/^/# /" "$TMP/out" | grep -E "reason|verdict" | head
/usr/bin/python3 - "$TMP/run/report.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1]))["endpoints"]
print("# by requests: %d measured, %s; by time: %.1f s, %s" % (
    a["requests_measured"], a["verdict"], b["time_to_verdict_s"], b["verdict"]))
sys.exit(0 if a["requests_measured"] <= 1000 and b["time_to_verdict_s"] < 10 else 1)
PY
ok $? "max_requests and max_duration stop the measurement"
like "$TMP/out" 'verdict: (inconclusive|pass)' "verdicts are given"
done_testing
