#!/bin/sh
# run-open-loop-rate.t — with `rate`, requests are sent on a schedule (open
# loop): never faster than the rate, all of them answered, latency measured
# from the intended start. (No upper bound on duration: the machine may be busy.)
. "$(dirname "$0")/lib.sh"
cat >"$TMP/app.js" <<'JS'
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/rate.ini" <<'INI'
[target]
command = node app.js
[load]
concurrency = 4
rate = 400
warmup = 200
step = 400
steps = 4
max_requests = 2000
[snapshots]
mode = never
[budget]
heap = 1KiB
[endpoint "scheduled"]
path = /r/{{seq}}
INI
run_scenario "$TMP/rate.ini"
is "$status" 0 "run passes"
/usr/bin/python3 - "$TMP/run/report.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["endpoints"][0]
r = e["requests"]
sent, busy = r["completed"], r["busy_s"]
print("# %d requests in %.2f s sending time = %.0f/s" % (sent, busy, sent / busy))
ok = r["failed"] == 0 and sent == r["sent"] and sent / busy <= 400 * 1.05
sys.exit(0 if ok else 1)
PY
ok $? "never faster than 400 requests/s, none failed"
like "$TMP/out" 'latency_ms: \{p50: [0-9.]+' "latency percentiles reported"
done_testing
